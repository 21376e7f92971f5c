-- Published statistics are joined to region names on the code. Since 0004 region_stat.region_code is byte-wise
-- (COLLATE "C") while region.code keeps the database's collation, so the join compares byte-wise and the primary
-- key (built in the database collation) cannot serve it: every statistics call read all ~91,600 regions (42 ms
-- for one region, see docs/BENCHMARKS.md). This index serves the join; the primary key still serves the region
-- API, whose order and ranges are in the database collation. Codes are ASCII digits and dots, so both agree on
-- equality and uniqueness.
CREATE UNIQUE INDEX region_code_bytewise_idx ON region (code COLLATE "C");
