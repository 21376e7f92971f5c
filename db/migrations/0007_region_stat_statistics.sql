-- Migration 0004 changed the collation of region_stat's codes, which drops the planner's statistics of those
-- columns, and nothing refreshes them while no rows change: on a database that had published releases before 0004,
-- a lookup of one region by code was planned as a hash join over a scan of all ~92,000 regions (25 ms instead of
-- 0.1 ms; found by bench/api.sh). The publisher now analyzes after every publish; this repairs existing databases.
ANALYZE stats.region_stat;
ANALYZE region;
