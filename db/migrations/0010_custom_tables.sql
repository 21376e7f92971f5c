-- Custom tables (docs/disclosure-control.md, rule 8): tier and decile counts broken down by family characteristics.
--
-- The publisher computes every allowed table of a release at publish time, protects every cell with the cell key
-- method (its own count and record-key sum, coherent across measures and totals) and stores the published values
-- here. The API's role reads only these published values: no microdata, record keys, key sums or true counts.
--
-- A row is one cell: the table is the set of variables in `variables` (a bit mask: tier 32, decile 16, head_sex 8,
-- head_age_group 4, disability 2, family_size 1; 0 = the region's total); a variable's column holds its category
-- (1..n), 0 when the variable is not in the table. Only cells published non-zero are stored: a cell of a covered
-- region that is absent was published as 0.
CREATE TABLE stats.table_cell (
    release_id      integer NOT NULL REFERENCES stats.release (id),
    region_code     text COLLATE "C" NOT NULL,
    variables       smallint NOT NULL CHECK (variables BETWEEN 0 AND 63),
    tier            smallint NOT NULL DEFAULT 0 CHECK (tier BETWEEN 0 AND 4),
    decile          smallint NOT NULL DEFAULT 0 CHECK (decile BETWEEN 0 AND 10),
    head_sex        smallint NOT NULL DEFAULT 0 CHECK (head_sex BETWEEN 0 AND 2),
    head_age_group  smallint NOT NULL DEFAULT 0 CHECK (head_age_group BETWEEN 0 AND 6),
    disability      smallint NOT NULL DEFAULT 0 CHECK (disability BETWEEN 0 AND 2),
    family_size     smallint NOT NULL DEFAULT 0 CHECK (family_size BETWEEN 0 AND 5),
    families        integer NOT NULL CHECK (families > 2),
    persons         integer NOT NULL CHECK (persons > 2),
    PRIMARY KEY (release_id, variables, region_code, tier, decile, head_sex, head_age_group, disability, family_size)
);

-- How many variables a table may have per level, as published with the release, e.g.
-- {"national": 3, "province": 3, "regency": 3, "district": 2, "village": 1}; NULL: the release has no custom tables.
-- table_checksum lets the API prove at start-up that the published cells never changed.
ALTER TABLE stats.release ADD COLUMN table_limits jsonb, ADD COLUMN table_checksum text;

GRANT SELECT ON stats.table_cell TO regsosek_reader;

CREATE OR REPLACE VIEW stats.published_release WITH (security_barrier) AS
SELECT id, name, reference_period, description, published_at, is_current, region_package, region_version,
       families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change,
       coherent, families_mean_change, persons_mean_change, checksum, table_limits, table_checksum
  FROM stats.release
 WHERE status = 'published';
