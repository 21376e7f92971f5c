-- Releases: microdata (never readable by the API), disclosure-control secrets (never readable by
-- the API) and published statistics (the only thing the API reads).

CREATE SCHEMA microdata;
CREATE SCHEMA sdc;
CREATE SCHEMA stats;
REVOKE ALL ON SCHEMA microdata, sdc FROM PUBLIC;

CREATE TABLE stats.release (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    reference_period   text NOT NULL,
    description        text NOT NULL DEFAULT '',
    status             text NOT NULL CHECK (status IN ('imported', 'published')),
    imported_at        timestamptz NOT NULL DEFAULT now(),
    published_at       timestamptz,
    is_current         boolean NOT NULL DEFAULT false,
    region_package     text NOT NULL,
    region_version     text NOT NULL,
    -- Release-level disclosure statement: share of published cells that differ from the true
    -- count and their mean absolute change, per measure. Aggregates over all cells only.
    families_cells_changed_share double precision,
    families_mean_abs_change     double precision,
    persons_cells_changed_share  double precision,
    persons_mean_abs_change      double precision,
    checksum           text,
    CHECK ((status = 'published') = (published_at IS NOT NULL)),
    CHECK (NOT is_current OR status = 'published')
);
CREATE UNIQUE INDEX release_single_current ON stats.release (is_current) WHERE is_current;

-- One row per family of a release. Tier 1..4 = extreme_poor, poor, vulnerable, upper_middle.
-- Age group 1..6 = 15-24, 25-34, 35-44, 45-54, 55-64, 65+.
-- rkey and pkey_sum are uniform in [0, 2^32), stored as two's-complement int4: sums of int4 are
-- fast int8 sums and the sum mod 2^32 is the same as over the unsigned values.
CREATE TABLE microdata.family (
    release_id      integer NOT NULL REFERENCES stats.release (id),
    family_key      bigint NOT NULL CHECK (family_key > 0),
    village_code    text NOT NULL REFERENCES region (code),
    tier            smallint NOT NULL CHECK (tier BETWEEN 1 AND 4),
    decile          smallint NOT NULL CHECK (decile BETWEEN 1 AND 10),
    members         smallint NOT NULL CHECK (members BETWEEN 1 AND 30),
    head_sex        "char" NOT NULL CHECK (head_sex IN ('M', 'F')),
    head_age_group  smallint NOT NULL CHECK (head_age_group BETWEEN 1 AND 6),
    disability      boolean NOT NULL,
    rkey            integer NOT NULL,
    pkey_sum        integer NOT NULL,
    PRIMARY KEY (release_id, family_key)
) PARTITION BY LIST (release_id);

-- Record keys are assigned once at import; a cell's key must never change under it.
CREATE FUNCTION microdata.refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.rkey IS DISTINCT FROM OLD.rkey OR NEW.pkey_sum IS DISTINCT FROM OLD.pkey_sum THEN
        RAISE EXCEPTION 'record keys are immutable (release %, family %)', OLD.release_id, OLD.family_key
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER family_keys_immutable BEFORE UPDATE ON microdata.family
    FOR EACH ROW EXECUTE FUNCTION microdata.refuse_key_change();

-- Disclosure-control parameters and perturbation tables per release: secrets, never published.
CREATE TABLE sdc.release_parameters (
    release_id   integer PRIMARY KEY REFERENCES stats.release (id),
    parameters   jsonb NOT NULL
);

-- measure 1 = families, 2 = persons; lb inclusive, ub exclusive, over cell keys in [0, 2^32).
CREATE TABLE sdc.ptable (
    release_id   integer NOT NULL REFERENCES stats.release (id),
    measure      smallint NOT NULL CHECK (measure IN (1, 2)),
    i            integer NOT NULL CHECK (i >= 1),
    v            integer NOT NULL,
    p            double precision NOT NULL,
    lb           bigint NOT NULL,
    ub           bigint NOT NULL CHECK (ub > lb),
    PRIMARY KEY (release_id, measure, i, lb)
);

-- Published, perturbed counts: one row per region (level 0 = Indonesia, code 'ID') per release.
-- Arrays are indexed by tier (1..4) and decile (1..10); totals are perturbed from their own cell keys.
CREATE TABLE stats.region_stat (
    release_id       integer NOT NULL REFERENCES stats.release (id),
    region_code      text NOT NULL,
    level            smallint NOT NULL CHECK (level BETWEEN 0 AND 4),
    parent_code      text,
    families_total   integer NOT NULL CHECK (families_total >= 0),
    persons_total    integer NOT NULL CHECK (persons_total >= 0),
    families_by_tier    integer[] NOT NULL CHECK (cardinality(families_by_tier) = 4),
    persons_by_tier     integer[] NOT NULL CHECK (cardinality(persons_by_tier) = 4),
    families_by_decile  integer[] NOT NULL CHECK (cardinality(families_by_decile) = 10),
    persons_by_decile   integer[] NOT NULL CHECK (cardinality(persons_by_decile) = 10),
    PRIMARY KEY (release_id, region_code)
);
CREATE INDEX region_stat_parent_idx ON stats.region_stat (release_id, parent_code, region_code);
CREATE INDEX region_stat_level_idx ON stats.region_stat (release_id, level, region_code);

GRANT USAGE ON SCHEMA stats TO regsosek_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA stats TO regsosek_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA stats GRANT SELECT ON TABLES TO regsosek_reader;
