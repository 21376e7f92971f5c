-- Region reference data (Kemendagri codes, from idn-area-data) and the read-only role the API uses.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regsosek_reader') THEN
    CREATE ROLE regsosek_reader NOLOGIN;
  END IF;
EXCEPTION
  -- Roles are cluster-wide: another database of the cluster, migrating at the same moment, created it first.
  WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE region (
    code         text PRIMARY KEY
                 CHECK (code ~ '^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$'),
    parent_code  text REFERENCES region (code),
    level        smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
    name         text NOT NULL,
    -- Case- and accent-folded name, computed by the loader with the same folding the API applies
    -- to search terms, so search needs no unaccent extension.
    search_name  text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota', 'kecamatan', 'desa', 'kelurahan')),
    CHECK ((level = 1) = (parent_code IS NULL)),
    CHECK (level = 1 + length(code) - length(replace(code, '.', '')))
);

CREATE INDEX region_parent_code_idx ON region (parent_code, code);
CREATE INDEX region_level_code_idx ON region (level, code);
CREATE INDEX region_search_name_trgm_idx ON region USING gin (search_name gin_trgm_ops);

-- Which package and version the region rows came from, stated by the API with its licence.
CREATE TABLE region_source (
    id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    package     text NOT NULL,
    version     text NOT NULL,
    integrity   text NOT NULL,
    licence     text NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    provinces   integer NOT NULL,
    regencies   integer NOT NULL,
    districts   integer NOT NULL,
    villages    integer NOT NULL
);

GRANT USAGE ON SCHEMA public TO regsosek_reader;
GRANT SELECT ON region, region_source, schema_versions TO regsosek_reader;
