// A ministry developer's TypeScript against the live API: types generated from /swagger/v1/swagger.json with
// openapi-typescript, calls through openapi-fetch, every JSON body checked against the document's schema with ajv
// (additionalProperties forced false: nothing undeclared may arrive). Checked with strict tsc first, including the
// expected-error lines below, which prove that the generated types refuse what the API refuses.
// Run by tests/Regsosek.Tests/Contract/TypeScriptContractTests.cs: node out/contract.js BASE_URL RELEASE
import createClient, { type Middleware } from "openapi-fetch";
import { Ajv, type ValidateFunction } from "ajv";
import type { components, paths } from "./generated/api.js";

type Schemas = components["schemas"];
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const [baseUrl, release] = process.argv.slice(2);
if (!baseUrl || !release) {
  throw new Error("usage: node contract.js BASE_URL RELEASE");
}

const failures: string[] = [];
const operations = new Set<string>();
const representations = new Set<string>();
let calls = 0;
let validated = 0;

function check(condition: boolean, message: string): void {
  if (!condition) failures.push(message);
}

// ---- What the compiler must refuse (each line fails tsc if it compiles) ----
// @ts-expect-error a misspelt tier is not a tier
export const misspeltTier: Schemas["TierCount"]["tier"] = "extreme-poor";
// @ts-expect-error a table variable is one of the six: sex alone is not one
export const misspeltVariable: Schemas["TableVariable"] = "sex";
// @ts-expect-error a tier count without its share is not a tier count (share is required, though nullable)
export const withoutShare: Schemas["TierCount"] = { tier: "poor", count: 3 };
// @ts-expect-error level is a closed vocabulary: kabupaten is a kind, not a level
export const levelIsNoKind: Schemas["RegionItem"]["level"] = "kabupaten";
// @ts-expect-error a JSON-stat dataset has a version
export const datasetWithoutVersion: Pick<Schemas["JsonStatDataset"], "version"> = {};
export function formatIsNoParameterOfTheJsonOperation(client: ReturnType<typeof createClient<paths>>) {
  // @ts-expect-error the JSON operation cannot be asked for CSV: that is getTierStatisticsCsv
  return client.GET("/api/v1/statistics/tiers", { params: { query: { format: "csv" } } });
}

// ---- The document and its schemas, as a validator sees them ----
function forceClosed(node: Json): Json {
  if (Array.isArray(node)) return node.map(forceClosed);
  if (node === null || typeof node !== "object") return node;
  const copy: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = key === "$ref" && typeof value === "string" ? value.replace(/^#\//, "openapi#/") : forceClosed(value);
  }
  if ("properties" in copy && !("additionalProperties" in copy)) copy["additionalProperties"] = false;
  return copy;
}

const documentResponse = await fetch(new URL("/swagger/v1/swagger.json", baseUrl));
const document = (await documentResponse.json()) as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, DocumentedResponse> }>>;
  components: { schemas: Record<string, Json> };
};
interface DocumentedResponse {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema?: Json; example?: Json }>;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
ajv.addFormat("double", { type: "number", validate: () => true });
ajv.addFormat("binary", () => true);
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addSchema({ $id: "openapi", components: forceClosed(document.components as unknown as Json) } as object);
const validators = new Map<Json, ValidateFunction>();

function validate(schema: Json, value: unknown, where: string): void {
  let validator = validators.get(schema);
  if (!validator) {
    validator = ajv.compile(forceClosed(schema) as object);
    validators.set(schema, validator);
  }
  validated++;
  if (!validator(value)) {
    failures.push(`${where}: ${ajv.errorsText(validator.errors)}`);
  }
}

// Every documented example must be valid against its own schema too.
for (const [path, item] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const [media, content] of Object.entries(response.content ?? {})) {
        if (media.includes("json") && content.schema) {
          check(content.example !== undefined, `${method} ${path} ${status} ${media} has no example`);
          validate(content.schema, content.example, `example of ${operation.operationId} ${status} ${media}`);
        }
      }
    }
  }
}

// ---- Every response checked against the document: status, media type, required headers, body ----
const contract: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    calls++;
    const operation = document.paths[schemaPath]?.[request.method.toLowerCase()];
    const where = `${request.method} ${request.url} -> ${response.status}`;
    if (!operation) {
      failures.push(`${where}: no such operation in the document`);
      return undefined;
    }
    operations.add(operation.operationId);
    const documented = operation.responses[String(response.status)];
    if (!documented) {
      failures.push(`${where}: status not documented for ${operation.operationId}`);
      return undefined;
    }
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      check(!header.required || response.headers.has(name), `${where}: required header ${name} missing`);
    }
    const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (response.status === 304) {
      check((await response.clone().text()) === "", `${where}: a 304 has a body`);
      return undefined;
    }
    const content = documented.content?.[mediaType];
    if (!content) {
      failures.push(`${where}: media type ${mediaType} not documented`);
      return undefined;
    }
    if (response.ok) representations.add(`${operation.operationId} ${mediaType}`);
    if (mediaType.includes("json") && content.schema) {
      validate(content.schema, await response.clone().json(), where);
    }
    return undefined;
  },
};

const client = createClient<paths>({ baseUrl });
client.use(contract);

// ---- Releases ----
const releases = await client.GET("/api/v1/releases");
const listed = releases.data?.items.find((r) => r.id === release);
check(listed !== undefined, `listReleases lacks ${release}`);
check(listed?.tiers.map((t) => t.id).join() === "extreme_poor,poor,vulnerable,upper_middle", "listReleases: tiers");
const releasesTag = releases.response.headers.get("ETag");
const releasesAgain = await client.GET("/api/v1/releases", { params: { header: { "If-None-Match": releasesTag ?? "" } } });
check(releasesAgain.response.status === 304, `listReleases with If-None-Match answered ${releasesAgain.response.status}`);

const one = await client.GET("/api/v1/releases/{id}", { params: { path: { id: release } } });
check(one.data?.disclosureControl.method === "cell key method", "getRelease: disclosure method");
const missingRelease = await client.GET("/api/v1/releases/{id}", { params: { path: { id: "no-such-release" } } });
check(missingRelease.error?.type === "/problems/release-not-found", "getRelease: 404 problem type");

// ---- Regions ----
const provinces = await client.GET("/api/v1/regions", { params: { query: { level: "province" } } });
check(provinces.data?.total === 38 && provinces.data.items.length === 38, "listRegions: 38 provinces");
let districts = 0;
let cursor: string | undefined;
let pages = 0;
let districtTotal = -1;
do {
  const page = await client.GET("/api/v1/regions", {
    params: { query: { parent: "18", level: "district", limit: 100, ...(cursor ? { cursor } : {}) } },
  });
  if (!page.data) break;
  districts += page.data.items.length;
  districtTotal = page.data.total;
  cursor = page.data.nextCursor ?? undefined;
  pages++;
} while (cursor && pages < 10);
check(districts === districtTotal && pages === Math.ceil(districtTotal / 100), `listRegions paging: ${districts} of ${districtTotal} in ${pages} pages`);

const city = await client.GET("/api/v1/regions/{code}", { params: { path: { code: "18.71" } } });
check(city.data?.kind === "kota" && city.data.childLevel === "district" && city.data.ancestors[0]?.code === "18", "getRegion 18.71");
const badCode = await client.GET("/api/v1/regions/{code}", { params: { path: { code: "1871" } } });
check(badCode.error?.type === "/problems/invalid-region-code" && badCode.error.parameter === "code", "getRegion: 400 names the parameter");

const children = await client.GET("/api/v1/regions/{code}/children", { params: { path: { code: "18" } } });
check(children.data?.total === 15 && children.data.items.every((c) => c.parentCode === "18"), "listRegionChildren 18");
const childrenTag = children.response.headers.get("ETag") ?? "";
const childrenAgain = await client.GET("/api/v1/regions/{code}/children", { params: { path: { code: "18" }, header: { "If-None-Match": childrenTag } } });
check(childrenAgain.response.status === 304, "listRegionChildren: 304");

const source = await client.GET("/api/v1/sources/regions");
check(source.data?.villages === 83762, "getRegionSource: villages");

// ---- Statistics: JSON, CSV, JSON-stat ----
const whole = await client.GET("/api/v1/regions/{code}/statistics", { params: { path: { code: "18.71" }, query: { release } } });
const wholeFamilies = whole.data?.families;
check(whole.data?.ancestors.map((a) => a.code).join() === "ID,18", "getRegionStatistics: breadcrumb");

const tiers = await client.GET("/api/v1/statistics/tiers", { params: { query: { region: "18.71,ID", release } } });
const bandarLampung = tiers.data?.items[0];
check(tiers.data?.total === 2 && bandarLampung?.code === "18.71", "getTierStatistics: listed regions");
check(bandarLampung?.total === wholeFamilies?.total, "getTierStatistics agrees with getRegionStatistics");
const shares = bandarLampung?.tiers.map((t) => t.share ?? 0).reduce((a, b) => a + b, 0) ?? 0;
check(Math.abs(shares - 1) < 1e-4, `tier shares add up to ${shares}`);
const tiersTag = tiers.response.headers.get("ETag") ?? "";
const notModified = await client.GET("/api/v1/statistics/tiers", {
  params: { query: { region: "18.71,ID", release }, header: { "If-None-Match": tiersTag } },
});
check(notModified.response.status === 304 && notModified.data === undefined, "getTierStatistics: 304 with If-None-Match");

let villages = 0;
let villageTotal = -1;
let next: string | undefined;
pages = 0;
do {
  const page = await client.GET("/api/v1/statistics/tiers", {
    params: { query: { parent: "18", level: "village", limit: 1000, release, measure: "persons", ...(next ? { cursor: next } : {}) } },
  });
  if (!page.data) break;
  check(page.data.measure === "persons", "getTierStatistics: measure");
  villages += page.data.items.length;
  villageTotal = page.data.total;
  next = page.data.nextCursor ?? undefined;
  pages++;
} while (next && pages < 10);
check(villages === villageTotal && villageTotal > 2000, `getTierStatistics paging: ${villages} of ${villageTotal}`);

const tiersCsv = await client.GET("/api/v1/statistics/tiers.csv", { params: { query: { region: "18.71", release } }, parseAs: "text" });
const csvRow = tiersCsv.data?.split("\r\n")[1]?.split(",");
check(tiersCsv.data?.startsWith("release,region_code,region_name,level,parent_code,measure,total,") === true, "getTierStatisticsCsv: header");
check(csvRow?.[0] === release && csvRow[1] === "18.71" && Number(csvRow[6]) === bandarLampung?.total, "getTierStatisticsCsv: the same total as JSON");

const tiersStat = await client.GET("/api/v1/statistics/tiers.jsonstat", { params: { query: { region: "18.71", release } } });
check(tiersStat.response.headers.get("content-type")?.startsWith("application/json-stat+json") === true, "getTierStatisticsJsonStat: media type");
check(tiersStat.data?.value[0] === bandarLampung?.total && tiersStat.data?.dimension["tier"]?.category.index[1] === "extreme_poor", "getTierStatisticsJsonStat: values");

const deciles = await client.GET("/api/v1/statistics/deciles", { params: { query: { parent: "18.71", release } } });
check(deciles.data?.items.length === deciles.data?.total && deciles.data?.items[0]?.deciles.length === 10, "getDecileStatistics");
const decilesCsv = await client.GET("/api/v1/statistics/deciles.csv", { params: { query: { parent: "18.71", release, measure: "persons" } }, parseAs: "text" });
check((decilesCsv.data?.trim().split("\r\n").length ?? 0) === (deciles.data?.total ?? -1) + 1, "getDecileStatisticsCsv: one row per region");
const decilesStat = await client.GET("/api/v1/statistics/deciles.jsonstat", { params: { query: { parent: "18.71", release } } });
check(decilesStat.data?.size.join() === `1,${deciles.data?.total},11`, "getDecileStatisticsJsonStat: size");

const unknownRegion = await client.GET("/api/v1/statistics/tiers.csv", { params: { query: { region: "18.99", release } }, parseAs: "text" });
check(unknownRegion.response.status === 404, "getTierStatisticsCsv: 404 for an unknown region");
const badMeasure = await client.GET("/api/v1/statistics/deciles.jsonstat", {
  // A value outside the vocabulary, as an untyped caller would send it: a 400 problem, documented and valid.
  params: { query: { region: "18", measure: "households" as "families" } },
});
check(badMeasure.error?.type === "/problems/invalid-parameter" && badMeasure.error.parameter === "measure", "400 for a bad measure");

// ---- Custom tables: JSON, CSV (long form), JSON-stat ----
const byTier = await client.GET("/api/v1/statistics/tables", { params: { query: { by: "tier", region: "18.71,ID", release } } });
const tableRow = byTier.data?.items[0];
check(byTier.data?.variables.join() === "tier" && tableRow?.total === bandarLampung?.total, "getCustomTable: total as getTierStatistics");
check(tableRow?.cells.map((c) => `${c.tier}:${c.count}`).join() === bandarLampung?.tiers.map((t) => `${t.tier}:${t.count}`).join(), "getCustomTable by=tier: cells as getTierStatistics");
const bySex = await client.GET("/api/v1/statistics/tables", { params: { query: { by: "head_sex,tier", parent: "18.71", level: "district", release, limit: 5 } } });
check(bySex.data?.variables.join() === "tier,head_sex" && bySex.data.items.every((r) => r.cells.length === 8), "getCustomTable: every combination");
check(bySex.data?.items[0]?.cells[1]?.head_sex === "female" && bySex.data.nextCursor !== null, "getCustomTable: cells and paging");
const tableTag = bySex.response.headers.get("ETag") ?? "";
const tableAgain = await client.GET("/api/v1/statistics/tables", {
  params: { query: { by: "head_sex,tier", parent: "18.71", level: "district", release, limit: 5 }, header: { "If-None-Match": tableTag } },
});
check(tableAgain.response.status === 304, "getCustomTable: 304 with If-None-Match");
const tableCsv = await client.GET("/api/v1/statistics/tables.csv", { params: { query: { by: "tier", region: "18.71", release } }, parseAs: "text" });
const tableLines = tableCsv.data?.trim().split("\r\n") ?? [];
check(tableLines[0] === "release,region_code,region_name,level,measure,tier,count,coverage" && tableLines.length === 6, "getCustomTableCsv: long form");
check(tableLines[1] === `${release},18.71,Kota Bandar Lampung,regency,families,total,${bandarLampung?.total},full`, "getCustomTableCsv: total row");
const tableStat = await client.GET("/api/v1/statistics/tables.jsonstat", { params: { query: { by: "tier,disability", region: "18.71", release } } });
check(tableStat.data?.size.join() === "1,1,5,3" && tableStat.data.value[0] === bandarLampung?.total, "getCustomTableJsonStat: the cube with its totals");
const tooDetailed = await client.GET("/api/v1/statistics/tables", {
  params: { query: { by: "tier,head_sex,disability", parent: "18.71", level: "district", release } },
});
check(tooDetailed.error?.type === "/problems/table-too-detailed" && tooDetailed.error.maxVariables === 2, "getCustomTable: 400 table-too-detailed with maxVariables");
const releaseTables = one.data?.tables;
check(releaseTables?.variables.map((v) => v.name).join() === "tier,decile,head_sex,head_age_group,disability,family_size" && releaseTables.maxVariables.district === 2, "getRelease: tables");

// ---- Exports ----
for (const table of ["tiers", "deciles"] as const) {
  const file = await client.GET(`/api/v1/releases/{id}/exports/${table}.csv`, { params: { path: { id: release } }, parseAs: "text" });
  const lines = file.data?.trim().split("\r\n") ?? [];
  check(lines[0]?.startsWith("release,region_code,") === true && lines[1]?.startsWith(`${release},ID,Indonesia,national,,families,`) === true, `export ${table}: rows`);
  check(file.response.headers.get("content-disposition")?.includes(`regsosek-${release}-${table}.csv`) === true, `export ${table}: file name`);
  const part = await client.GET(`/api/v1/releases/{id}/exports/${table}.csv`, { params: { path: { id: release }, header: { Range: "bytes=0-99" } }, parseAs: "text" });
  check(part.response.status === 206 && part.data === file.data?.slice(0, 100), `export ${table}: Range gives 206 with those bytes`);
  // The same table as an xlsx workbook: a zip ("PK"), saved under the release's name.
  const workbook = await client.GET(`/api/v1/releases/{id}/exports/${table}.xlsx`, { params: { path: { id: release } }, parseAs: "arrayBuffer" });
  const bytes = new Uint8Array(workbook.data ?? new ArrayBuffer(0));
  check(bytes.length > 100 && bytes[0] === 0x50 && bytes[1] === 0x4b, `export ${table}.xlsx: a zip body`);
  check(workbook.response.headers.get("content-type") === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `export ${table}.xlsx: media type`);
  check(workbook.response.headers.get("content-disposition")?.includes(`regsosek-${release}-${table}.xlsx`) === true, `export ${table}.xlsx: file name`);
}

// ---- CSVW: every CSV links the description that types its columns (codes as text) ----
for (const table of ["tiers", "deciles"] as const) {
  const csv = await client.GET(`/api/v1/statistics/${table}.csv`, { params: { query: { region: "18.71", release } }, parseAs: "text" });
  const link = csv.response.headers.get("link") ?? "";
  check(link.includes(`/api/v1/statistics/${table}.csv-metadata.json?`) && link.includes('rel="describedby"'), `${table}.csv: Link describedby`);
  const described = await client.GET(`/api/v1/statistics/${table}.csv-metadata.json`);
  check(described.data?.url === `${table}.csv` && described.data.tableSchema.columns.find((c) => c.name === "region_code")?.datatype === "string",
    `${table}.csv-metadata.json: names the CSV and types codes as text`);
  // The CSV that format=csv or Accept: text/csv gives at the plain path is described at that path + -metadata.json.
  const negotiated = await client.GET(`/api/v1/statistics/${table}-metadata.json`);
  check(negotiated.data?.url === table && negotiated.data.tableSchema.columns.find((c) => c.name === "region_code")?.datatype === "string",
    `${table}-metadata.json: names the plain path's CSV and types codes as text`);
  const exported = await client.GET(`/api/v1/releases/{id}/exports/${table}.csv-metadata.json`, { params: { path: { id: release } } });
  check(exported.data?.url === `${table}.csv` && exported.data["dc:title"].includes(release), `exports/${table}.csv-metadata.json`);
}

console.log(`contract (typescript): ${operations.size} operations, ${representations.size} operation representations, ${calls} calls, ${validated} JSON bodies and examples validated`);
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
