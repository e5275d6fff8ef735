-- Caps that hold: households as records, addresses, merged duplicates, the decision that two
-- look-alike records are different people, and the public each carnet was handed over for.
CREATE TABLE household (
    id          INTEGER PRIMARY KEY,
    commune     TEXT NOT NULL,              -- INSEE
    address_key TEXT NOT NULL DEFAULT '',   -- domain.AddressKey of the street line; '' when made by a link
    label       TEXT NOT NULL DEFAULT '',   -- the free text earlier versions recorded
    created_at  TEXT NOT NULL
);
-- One household per address of a commune, whoever types it and however.
CREATE UNIQUE INDEX household_address ON household(commune, address_key) WHERE address_key <> '';

ALTER TABLE person ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN household_id INTEGER REFERENCES household(id);
ALTER TABLE person ADD COLUMN merged_into INTEGER REFERENCES person(id);
CREATE INDEX person_household_id ON person(household_id) WHERE household_id IS NOT NULL;
-- Duplicates are searched among the people born on the same day.
CREATE INDEX person_birth ON person(birth_date);

-- The free-text household of earlier versions becomes a link: the people who typed the same
-- text share one household.
INSERT INTO household(commune, label, created_at)
    SELECT min(commune), household, min(created_at) FROM person WHERE household <> '' GROUP BY household;
UPDATE person SET household_id = (SELECT h.id FROM household h WHERE h.label = person.household AND h.address_key = '')
    WHERE household <> '';
DROP INDEX person_household;
ALTER TABLE person DROP COLUMN household;

-- The desk said these two records are different people: not proposed again as duplicates.
CREATE TABLE person_distinct (
    person_id  INTEGER NOT NULL REFERENCES person(id),
    other_id   INTEGER NOT NULL REFERENCES person(id),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (person_id, other_id)
);
CREATE INDEX person_distinct_other ON person_distinct(other_id);

-- The public the person matched when the carnet was handed over (figures per public).
ALTER TABLE carnet ADD COLUMN public TEXT NOT NULL DEFAULT '';
