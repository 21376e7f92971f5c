-- The coherence rule (docs/disclosure-control.md, rule 7): families and persons of a cell are 0 together or not at all,
-- and a whole is never 0 while one of its parts is not. The publisher decides "0" once per cell from its zero key
-- against sdc.zero_threshold and draws each measure's non-zero value from its own cell key in sdc.ptable, whose rows
-- are now conditioned on the cell's pair of counts when that pair may be 0: (pair_families, pair_persons) = (0, 0) for
-- cells that can never be 0, which are perturbed by the plain table.
ALTER TABLE sdc.ptable
    ADD COLUMN pair_families smallint NOT NULL DEFAULT 0 CHECK (pair_families >= 0),
    ADD COLUMN pair_persons  smallint NOT NULL DEFAULT 0 CHECK (pair_persons >= 0),
    DROP CONSTRAINT ptable_pkey,
    ADD PRIMARY KEY (release_id, measure, i, pair_families, pair_persons, lb);

-- A cell of (families, persons) is published as 0 in both measures when its zero key (the largest hashed record key of
-- its families, in [0, 2^32)) is below bound.
CREATE TABLE sdc.zero_threshold (
    release_id  integer NOT NULL REFERENCES stats.release (id),
    families    smallint NOT NULL CHECK (families >= 1),
    persons     smallint NOT NULL CHECK (persons >= families),
    bound       bigint NOT NULL CHECK (bound BETWEEN 0 AND 4294967296),
    PRIMARY KEY (release_id, families, persons)
);

-- Which releases were published with the rule, and what it leaves in the mean: releases published before it keep
-- their values (and cannot be rebuilt with the new method, which would change them).
ALTER TABLE stats.release
    ADD COLUMN coherent boolean NOT NULL DEFAULT false,
    ADD COLUMN families_mean_change double precision,
    ADD COLUMN persons_mean_change double precision;
