-- Region codes are compared byte-wise: keyset pagination and the "descendants of P" range (P., P/) must not
-- depend on the database's locale (in most locales punctuation is ignored at first, which would break both).
ALTER TABLE stats.region_stat
    ALTER COLUMN region_code TYPE text COLLATE "C",
    ALTER COLUMN parent_code TYPE text COLLATE "C";
