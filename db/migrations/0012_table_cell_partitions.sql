-- Custom-table cells, one partition per release (stats.table_cell_r<id>).
--
-- A release's cells are written once, at its first publish: into a table of their own, indexed after they are in and
-- attached to stats.table_cell (which validates them against the partition bound and the release foreign key, and
-- blocks no reader). Inserting them one by one into the one shared primary key cost 8 us a row (Lampung: 1.5-2 s of
-- a 16 s publish; about 6 M rows nationally). A rebuild deletes and inserts within the release's partition.
ALTER TABLE stats.table_cell RENAME TO table_cell_unpartitioned;
ALTER TABLE stats.table_cell_unpartitioned RENAME CONSTRAINT table_cell_pkey TO table_cell_unpartitioned_pkey;
ALTER TABLE stats.table_cell_unpartitioned RENAME CONSTRAINT table_cell_release_id_fkey TO table_cell_unpartitioned_release_id_fkey;

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
) PARTITION BY LIST (release_id);

DO $$
DECLARE
    partition_release integer;
BEGIN
    FOR partition_release IN SELECT DISTINCT release_id FROM stats.table_cell_unpartitioned LOOP
        EXECUTE format('CREATE TABLE stats.table_cell_r%s PARTITION OF stats.table_cell FOR VALUES IN (%s)', partition_release, partition_release);
    END LOOP;
END
$$;
INSERT INTO stats.table_cell SELECT * FROM stats.table_cell_unpartitioned;
DROP TABLE stats.table_cell_unpartitioned;

GRANT SELECT ON stats.table_cell TO regsosek_reader;
