-- Bulk files and coverage (issue 12).
--
-- Files: the publisher writes every release's export files (CSV, gzipped CSV, xlsx, their CSVW metadata) once, inside
-- the publishing transaction, so they are immutable, exist exactly when the release is published and travel to a
-- standby with everything else. The API copies a file once to a local disk cache named by its sha256 and serves every
-- download from there: no database connection is held while a client reads. `bytes` is stored uncompressed (EXTERNAL):
-- the gzip files would not shrink, and the copy reads it in one sequential stream.
CREATE TABLE stats.release_file (
    release_id  integer NOT NULL REFERENCES stats.release (id),
    name        text COLLATE "C" NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    media_type  text NOT NULL,
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    length      bigint NOT NULL CHECK (length = octet_length(bytes)),
    bytes       bytea NOT NULL,
    PRIMARY KEY (release_id, name)
);
ALTER TABLE stats.release_file ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- The API's role reads the files of published releases only, as it reads releases (0009): a view, not the table.
CREATE VIEW stats.published_release_file WITH (security_barrier) AS
SELECT f.release_id, f.name, f.media_type, f.sha256, f.length, f.bytes
  FROM stats.release_file f
 WHERE EXISTS (SELECT 1 FROM stats.release r WHERE r.id = f.release_id AND r.status = 'published');

REVOKE ALL ON stats.release_file FROM regsosek_reader;
GRANT SELECT ON stats.published_release_file TO regsosek_reader;

-- Coverage: the regions whose microdata a release holds. `coverage` lists the region codes declared at import
-- (provinces, regencies, ...); NULL until publish when none was declared, when the publisher stores the provinces with
-- at least one family (a published release always has it, except one published before this migration). Per published
-- region: 0 none (its counts are not published: NULL), 1 partial (some villages below it are covered), 2 full.
-- Releases published before this migration count as full everywhere, which is what they published.
ALTER TABLE stats.release ADD COLUMN coverage text[];

ALTER TABLE stats.region_stat
    ADD COLUMN coverage smallint NOT NULL DEFAULT 2 CHECK (coverage BETWEEN 0 AND 2),
    ALTER COLUMN families_total DROP NOT NULL,
    ALTER COLUMN persons_total DROP NOT NULL,
    ALTER COLUMN families_by_tier DROP NOT NULL,
    ALTER COLUMN persons_by_tier DROP NOT NULL,
    ALTER COLUMN families_by_decile DROP NOT NULL,
    ALTER COLUMN persons_by_decile DROP NOT NULL,
    ADD CONSTRAINT region_stat_counts_when_covered CHECK (
        (coverage = 0) = (families_total IS NULL) AND (coverage = 0) = (persons_total IS NULL) AND
        (coverage = 0) = (families_by_tier IS NULL) AND (coverage = 0) = (persons_by_tier IS NULL) AND
        (coverage = 0) = (families_by_decile IS NULL) AND (coverage = 0) = (persons_by_decile IS NULL));

CREATE OR REPLACE VIEW stats.published_release WITH (security_barrier) AS
SELECT id, name, reference_period, description, published_at, is_current, region_package, region_version,
       families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change,
       coherent, families_mean_change, persons_mean_change, checksum, table_limits, table_checksum, coverage
  FROM stats.release
 WHERE status = 'published';
