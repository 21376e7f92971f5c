-- Record keys belong to a family, not to a release: a family that appears again in a later
-- release (same surrogate family_key) keeps its rkey, so a cell whose set of families is
-- unchanged between releases keeps its cell key and therefore its published value.
-- pkey_sum is kept while the number of members is unchanged; a changed household is a changed
-- set of persons and gets fresh person keys.
CREATE TABLE microdata.record_key (
    family_key        bigint PRIMARY KEY CHECK (family_key > 0),
    rkey              integer NOT NULL,
    members           smallint NOT NULL CHECK (members BETWEEN 1 AND 30),
    pkey_sum          integer NOT NULL,
    first_release_id  integer NOT NULL REFERENCES stats.release (id)
);

CREATE FUNCTION microdata.refuse_rkey_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.rkey IS DISTINCT FROM OLD.rkey THEN
        RAISE EXCEPTION 'record keys are immutable (family %)', OLD.family_key
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER record_key_rkey_immutable BEFORE UPDATE ON microdata.record_key
    FOR EACH ROW EXECUTE FUNCTION microdata.refuse_rkey_change();
