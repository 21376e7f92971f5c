-- The API's role reads what the API serves and nothing else: published releases, published values and regions.
--
-- stats.release also holds imported releases that were never published (name, description, status, import time):
-- the API's role reads releases only through a view that shows none of them, and the columns the API needs. The view
-- is a security barrier, so no condition a query adds can be evaluated on the rows it hides. stats.region_stat holds
-- published values only: the publisher writes them in the transaction that marks the release published.

CREATE VIEW stats.published_release WITH (security_barrier) AS
SELECT id, name, reference_period, description, published_at, is_current, region_package, region_version,
       families_cells_changed_share, families_mean_abs_change, persons_cells_changed_share, persons_mean_abs_change,
       coherent, families_mean_change, persons_mean_change, checksum
  FROM stats.release
 WHERE status = 'published';

REVOKE ALL ON stats.release FROM regsosek_reader;
-- Its last value is the number of releases ever imported, published or not.
REVOKE ALL ON SEQUENCE stats.release_id_seq FROM regsosek_reader;
GRANT SELECT ON stats.published_release TO regsosek_reader;

-- A table added to stats later is not readable by the API unless its migration grants it.
ALTER DEFAULT PRIVILEGES IN SCHEMA stats REVOKE SELECT ON TABLES FROM regsosek_reader;

-- No temporary tables (nor temporary functions) for anyone but the owner, who publishes with them. A role that is not
-- the owner gets a warning here and nothing changes; the DBA revokes it then (README, "Pointing it at an existing PostgreSQL").
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END $$;
