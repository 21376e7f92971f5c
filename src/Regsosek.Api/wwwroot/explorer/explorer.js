// Regsosek Explorer: reads the public JSON API only (releases, a region's statistics, its children's tiers)
// and draws them with Chart.js. State lives in the URL fragment (#release=...&region=...&measure=...), so every
// view is a link: breadcrumbs and region names are ordinary anchors, and the back button works.
'use strict';

(() => {
  const api = new URL('../api/v1/', document.baseURI);

  // Poorest to richest: dark red to teal, distinguishable for the common colour-vision deficiencies.
  const tierColours = {
    extreme_poor: '#8e1b1b',
    poor: '#e0622c',
    vulnerable: '#f2b631',
    upper_middle: '#2a8c82',
  };

  const levels = {
    national: { one: 'Country', oneId: 'Negara' },
    province: { one: 'Province', oneId: 'Provinsi', many: 'Provinces', manyId: 'Provinsi' },
    regency: { one: 'Regency or city', oneId: 'Kabupaten/Kota', many: 'Regencies and cities', manyId: 'Kabupaten/Kota' },
    district: { one: 'District', oneId: 'Kecamatan', many: 'Districts', manyId: 'Kecamatan' },
    village: { one: 'Village', oneId: 'Desa/Kelurahan', many: 'Villages', manyId: 'Desa/Kelurahan' },
  };
  const childLevel = { national: 'province', province: 'regency', regency: 'district', district: 'village' };

  const integer = new Intl.NumberFormat('en-US');
  const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const formatShare = share => (share === null || share === undefined ? '–' : percent.format(share));
  /** A region the release does not cover has null counts (not covered, never 0). */
  const formatCount = count => (count === null || count === undefined ? '–' : integer.format(count));

  const $ = id => document.getElementById(id);
  let releases = null;
  let chart = null;
  let renderCount = 0;

  /** Builds an element from a tag, attributes and children; text goes in as text, never as markup. */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function readState() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    return {
      release: fragment.get('release') || null,
      region: fragment.get('region') || 'ID',
      measure: fragment.get('measure') === 'persons' ? 'persons' : 'families',
      by: fragment.get('by') || '',
    };
  }

  function link(state) {
    const fragment = new URLSearchParams();
    if (state.release) fragment.set('release', state.release);
    if (state.region && state.region !== 'ID') fragment.set('region', state.region);
    if (state.measure !== 'families') fragment.set('measure', state.measure);
    if (state.by) fragment.set('by', state.by);
    return '#' + fragment.toString();
  }

  function levelOf(code) {
    return code === 'ID' ? 'national' : ['province', 'regency', 'district', 'village'][code.split('.').length - 1];
  }

  /** The rows shown for a region: its children, or the village itself at the bottom of the tree (as CSV: tiers.csv). */
  function rowsUrl(state, format) {
    const url = new URL(format === 'csv' ? 'statistics/tiers.csv' : 'statistics/tiers', api);
    const level = levelOf(state.region);
    if (level === 'village') url.searchParams.set('region', state.region);
    else if (level !== 'national') url.searchParams.set('parent', state.region);
    url.searchParams.set('release', state.release);
    url.searchParams.set('measure', state.measure);
    url.searchParams.set('limit', '5000');
    return url;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const problem = body && body.title ? `${body.title}: ${body.detail || ''}` : `HTTP ${response.status}`;
      throw new Error(problem);
    }
    return body;
  }

  function showError(message) {
    const box = $('error');
    box.textContent = message;
    box.hidden = !message;
  }

  function renderReleases(current) {
    const select = $('release');
    if (select.options.length !== releases.length) {
      select.replaceChildren(...releases.map(r =>
        el('option', { value: r.id }, `${r.id} (${r.referencePeriod})${r.isLatest ? ' – latest' : ''}`)));
    }
    select.value = current.id;
    const description = (current.description || '').trim();
    const parts = [description && !/[.!?]$/.test(description) ? `${description}.` : description,
      current.publishedAt ? `Published ${current.publishedAt.slice(0, 10)}.` : ''];
    $('release-note').textContent = parts.filter(Boolean).join(' ');
  }

  function renderBreadcrumb(state, regionStats) {
    const trail = [...regionStats.ancestors, regionStats.region];
    $('breadcrumb').replaceChildren(...trail.map((region, i) => i === trail.length - 1
      ? el('li', {}, el('span', { 'aria-current': 'page' }, region.name))
      : el('li', {}, el('a', { href: link({ ...state, region: region.code }) }, region.name))));
  }

  function renderSummary(state, release, regionStats) {
    const region = regionStats.region;
    const level = levels[region.level];
    const figures = regionStats[state.measure];
    const measure = release.measures.find(m => m.id === state.measure);
    $('region-name').textContent = region.name;
    $('region-meta').replaceChildren(
      `${level.one} · `, el('span', { lang: 'id' }, level.oneId),
      region.code === 'ID' ? '' : ` · code ${region.code}`,
      ` · ${formatCount(figures.total)} ${measure.label.toLowerCase()} (${measure.labelId.toLowerCase()})`);
    $('tiles').replaceChildren(...release.tiers.map(tier => {
      const cell = figures.tiers.find(t => t.tier === tier.id);
      return el('div', { class: `tile tier-${tier.id}` },
        el('dt', {}, tier.label, el('span', { class: 'id', lang: 'id' }, tier.labelId)),
        el('dd', {}, el('strong', {}, formatShare(cell.share)), el('span', {}, `${formatCount(cell.count)} ${measure.label.toLowerCase()}`)));
    }));
  }

  /** Highest extreme-poor share first; regions without published counts last. */
  function sortRows(items) {
    const extreme = row => row.tiers.find(t => t.tier === 'extreme_poor').share;
    return [...items].sort((a, b) => {
      const x = extreme(a), y = extreme(b);
      if (x === null || y === null) return (x === null) - (y === null) || a.code.localeCompare(b.code);
      return y - x || a.code.localeCompare(b.code);
    });
  }

  function renderLegend(release) {
    $('legend').replaceChildren(...release.tiers.map(tier => el('li', { class: `tier-${tier.id}` },
      el('span', { class: 'swatch', 'aria-hidden': 'true' }), tier.label, ' ', el('span', { class: 'id', lang: 'id' }, tier.labelId))));
  }

  function renderChart(state, release, rows) {
    const charted = rows.filter(row => row.denominator > 0);
    const hidden = rows.length - charted.length;
    $('chart-note').hidden = hidden === 0;
    $('chart-note').textContent = hidden === 0 ? '' :
      `${integer.format(hidden)} of ${integer.format(rows.length)} regions have no published counts in this release; they are listed in the table only.`;
    $('chart-box').style.height = `${Math.max(90, charted.length * 26 + 48)}px`;
    if (chart) chart.destroy();
    const cellOf = (row, tier) => row.tiers.find(t => t.tier === tier);
    chart = new Chart($('chart'), {
      type: 'bar',
      data: {
        labels: charted.map(row => row.name),
        datasets: release.tiers.map(tier => ({
          label: `${tier.label} · ${tier.labelId}`,
          tier: tier.id,
          data: charted.map(row => cellOf(row, tier.id).share * 100),
          backgroundColor: tierColours[tier.id],
          borderColor: '#ffffff',
          borderWidth: { right: 1 },
          barPercentage: 0.92,
          maxBarThickness: 24,
          categoryPercentage: 0.9,
        })),
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, min: 0, max: 100, position: 'top', ticks: { callback: value => `${value}%` }, grid: { color: '#e4e7eb' } },
          y: { stacked: true, ticks: { autoSkip: false }, grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: context => {
                const cell = cellOf(charted[context.dataIndex], context.dataset.tier);
                return `${context.dataset.label}: ${formatShare(cell.share)} (${formatCount(cell.count)})`;
              },
            },
          },
        },
        onHover: (event, elements) => { event.native.target.style.cursor = elements.length && levelOf(state.region) !== 'village' ? 'pointer' : 'default'; },
        onClick: (event, elements) => {
          if (!elements.length || levelOf(state.region) === 'village') return;
          location.hash = link({ ...state, region: charted[elements[0].index].code });
        },
      },
    });
  }

  function renderTable(state, release, rows, regionLevel) {
    const measure = release.measures.find(m => m.id === state.measure);
    const rowLevel = regionLevel === 'village' ? 'village' : childLevel[regionLevel];
    $('table-caption').textContent = `${measure.label} per welfare tier (${measure.labelId} per tingkat kesejahteraan); counts are protected, shares are of the published tier counts.`;
    const groups = [el('colgroup', {}, el('col')), el('colgroup', {}, el('col')),
      ...release.tiers.map(tier => el('colgroup', { span: 2, class: `tier-${tier.id}` }))];
    $('table').querySelectorAll('colgroup').forEach(group => group.remove());
    $('table-head').before(...groups);
    $('table-head').replaceChildren(
      el('tr', {},
        el('th', { scope: 'col', rowspan: 2 }, levels[rowLevel].one),
        el('th', { scope: 'col', rowspan: 2, class: 'num' }, measure.label, el('span', { class: 'id', lang: 'id' }, measure.labelId)),
        ...release.tiers.map(tier => el('th', { scope: 'colgroup', colspan: 2, class: `tier-head tier-${tier.id}` },
          el('span', { class: 'swatch', 'aria-hidden': 'true' }), tier.label, el('span', { class: 'id', lang: 'id' }, tier.labelId)))),
      el('tr', {}, ...release.tiers.flatMap(() => [el('th', { scope: 'col', class: 'num sub group-start' }, 'Count'), el('th', { scope: 'col', class: 'num sub' }, 'Share')])));
    $('table-body').replaceChildren(...rows.map(row => el('tr', { 'data-code': row.code },
      el('th', { scope: 'row' },
        regionLevel === 'village' ? row.name : el('a', { href: link({ ...state, region: row.code }) }, row.name),
        el('span', { class: 'code' }, row.code)),
      el('td', { class: 'num', 'data-col': 'total' }, (row.coverage === 'none' ? 'not covered' : formatCount(row.total))),
      ...release.tiers.flatMap(tier => {
        const cell = row.tiers.find(t => t.tier === tier.id);
        return [el('td', { class: 'num group-start', 'data-col': `${tier.id}-count` }, formatCount(cell.count)),
          el('td', { class: 'num share', 'data-col': `${tier.id}-share` }, formatShare(cell.share))];
      }))));
  }

  function renderChildrenHeading(state, regionStats, rowCount) {
    const regionLevel = regionStats.region.level;
    if (regionLevel === 'village') {
      $('children-title').textContent = `${regionStats.region.name}: the smallest level`;
      $('children-hint').textContent = 'Villages have no smaller regions; this is the village\'s own row.';
      return;
    }
    const level = levels[childLevel[regionLevel]];
    $('children-title').replaceChildren(`${level.many} of ${regionStats.region.name} `, el('span', { class: 'id', lang: 'id' }, level.manyId));
    const noun = rowCount === 1 ? level.one.toLowerCase() : level.many.toLowerCase();
    $('children-hint').textContent = `${integer.format(rowCount)} ${noun}, highest extreme-poor share first. Choose a name (or a bar) to look inside it.`;
  }

  function renderDisclosure(release) {
    const control = release.disclosureControl;
    $('disclosure-statement').textContent = control.statement;
    $('disclosure-statement-id').textContent = control.statementId;
    $('disclosure-implications').replaceChildren(...control.implications.map(text => el('li', {}, text)));
  }

  /** The "break down by" choice: one variable besides tier, from the release's custom tables (none: no choice). */
  function renderByChoice(release, state) {
    const variables = (release.tables ? release.tables.variables : []).filter(v => v.name !== 'tier');
    $('by-field').hidden = variables.length === 0;
    $('by').replaceChildren(el('option', { value: '' }, 'Nothing (tiers only)'),
      ...variables.map(v => el('option', { value: v.name }, `${v.label.en} (${v.label.id})`)));
    $('by').value = variables.some(v => v.name === state.by) ? state.by : '';
  }

  /** The region's own tier x variable table (as CSV: tables.csv). */
  function tableUrl(state, format) {
    const url = new URL(format === 'csv' ? 'statistics/tables.csv' : 'statistics/tables', api);
    url.searchParams.set('by', `tier,${state.by}`);
    url.searchParams.set('region', state.region);
    url.searchParams.set('release', state.release);
    url.searchParams.set('measure', state.measure);
    return url;
  }

  let breakdownChart = null;

  /** One row per category of the chosen variable, its tier counts and shares of the category's published sum. */
  async function renderBreakdown(state, release) {
    const variable = release.tables && release.tables.variables.find(v => v.name === state.by && v.name !== 'tier');
    $('breakdown').hidden = !variable;
    if (breakdownChart) { breakdownChart.destroy(); breakdownChart = null; }
    if (!variable) return;
    const level = levelOf(state.region);
    $('breakdown-title').textContent = `${levels[level].one} by welfare tier and ${variable.label.en.toLowerCase()}`;
    if (release.tables.maxVariables[level] < 2) {
      $('breakdown-hint').textContent = `Tables of two variables are not published for a ${levels[level].one.toLowerCase()}; choose a larger region.`;
      $('breakdown-csv').hidden = true;
      $('breakdown-chart-box').hidden = true;
      $('breakdown-head').replaceChildren();
      $('breakdown-body').replaceChildren();
      return;
    }
    const page = await getJson(tableUrl(state));
    const row = page.items[0];
    const rows = variable.categories.map(category => {
      const counts = release.tiers.map(tier => row.cells.find(c => c.tier === tier.id && c[variable.name] === category.code).count);
      const sum = counts.reduce((a, b) => a + (b ?? 0), 0);
      return { category, counts, sum, shares: counts.map(c => (sum === 0 ? null : c / sum)) };
    });
    const measure = release.measures.find(m => m.id === state.measure);
    $('breakdown-hint').textContent = `Each cell is published on its own, so the categories need not add up to the region's total (${formatCount(row.total)}).`;
    $('breakdown-caption').textContent = `${measure.label} per welfare tier and ${variable.label.en.toLowerCase()}; shares are of each row's published counts.`;
    $('breakdown-head').replaceChildren(el('tr', {}, el('th', { scope: 'col' }, variable.label.en, el('span', { class: 'id', lang: 'id' }, variable.label.id)),
      ...release.tiers.map(tier => el('th', { scope: 'col', class: `num tier-head tier-${tier.id}` }, tier.label))));
    $('breakdown-body').replaceChildren(...rows.map(r => el('tr', { 'data-category': r.category.code },
      el('th', { scope: 'row' }, r.category.label.en, el('span', { class: 'id', lang: 'id' }, r.category.label.id)),
      ...r.counts.map((count, t) => el('td', { class: 'num', 'data-col': release.tiers[t].id }, formatCount(count))))));
    $('breakdown-chart-box').hidden = false;
    $('breakdown-chart-box').style.height = `${Math.max(90, rows.length * 30 + 48)}px`;
    breakdownChart = new Chart($('breakdown-chart'), {
      type: 'bar',
      data: {
        labels: rows.map(r => r.category.label.en),
        datasets: release.tiers.map((tier, t) => ({
          label: `${tier.label} · ${tier.labelId}`,
          data: rows.map(r => (r.shares[t] === null ? 0 : r.shares[t] * 100)),
          backgroundColor: tierColours[tier.id],
          maxBarThickness: 24,
        })),
      },
      options: {
        indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true, min: 0, max: 100, ticks: { callback: value => `${value}%` } }, y: { stacked: true } },
        plugins: { legend: { display: false } },
      },
    });
    const csv = $('breakdown-csv');
    csv.hidden = false;
    csv.href = tableUrl(state, 'csv').toString();
    csv.download = `regsosek-${release.id}-${state.region}-${state.measure}-tier-${variable.name}.csv`;
  }

  async function render() {
    const render = ++renderCount;
    const state = readState();
    $('main').setAttribute('aria-busy', 'true');
    try {
      if (!releases) releases = (await getJson(new URL('releases', api))).items;
      if (render !== renderCount) return;
      if (releases.length === 0) throw new Error('No release has been published yet.');
      const release = state.release ? releases.find(r => r.id === state.release) : (releases.find(r => r.isLatest) || releases[0]);
      if (!release) throw new Error(`There is no published release '${state.release}'. Choose one from the list.`);
      state.release = release.id;
      renderReleases(release);
      $('measure').value = state.measure;
      renderDisclosure(release);
      renderLegend(release);
      renderByChoice(release, state);

      const statisticsUrl = new URL(`regions/${encodeURIComponent(state.region)}/statistics`, api);
      statisticsUrl.searchParams.set('release', release.id);
      const [regionStats, page] = await Promise.all([getJson(statisticsUrl), getJson(rowsUrl(state)), renderBreakdown(state, release)]);
      if (render !== renderCount) return;
      const rows = sortRows(page.items);

      showError('');
      renderBreadcrumb(state, regionStats);
      renderSummary(state, release, regionStats);
      renderChildrenHeading(state, regionStats, rows.length);
      renderChart(state, release, rows);
      renderTable(state, release, rows, regionStats.region.level);
      const csv = $('csv');
      csv.href = rowsUrl(state, 'csv').toString();
      csv.download = `regsosek-${release.id}-${state.region}-${state.measure}-tiers.csv`;
      document.title = `${regionStats.region.name} – Regsosek Explorer`;
      // Tells scripts (and the browser tests) which view is complete, without their guessing from text.
      Object.assign($('main').dataset, { release: state.release, region: state.region, measure: state.measure, by: state.by });
    } catch (error) {
      if (render === renderCount) showError(`Could not load the statistics. ${error.message}`);
    } finally {
      if (render === renderCount) $('main').setAttribute('aria-busy', 'false');
    }
  }

  $('release').addEventListener('change', event => { location.hash = link({ ...readState(), release: event.target.value }); });
  $('measure').addEventListener('change', event => { location.hash = link({ ...readState(), measure: event.target.value }); });
  $('by').addEventListener('change', event => { location.hash = link({ ...readState(), by: event.target.value }); });
  $('controls').addEventListener('submit', event => event.preventDefault());
  window.addEventListener('hashchange', render);

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#3e4c59';
  render();
})();
