-- The prescriber → place loop (Aulnoye-Aymeries): a prescriber sends a person to a place with
-- a note; the place's trainers see who was announced and whether they came (on a sheet of the
-- place since). And, at a hand-over, whether an adviser accompanied the person and why a carnet
-- beyond the cap was asked for.
CREATE TABLE orientation (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES person(id),
    place_id        TEXT NOT NULL REFERENCES place(id),
    prescriber      TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    from_diagnostic INTEGER NOT NULL DEFAULT 0, -- 1 when the place was one the diagnostic recommended
    at              TEXT NOT NULL,
    user_id         TEXT NOT NULL
);
CREATE INDEX orientation_place ON orientation(place_id, at);
CREATE INDEX orientation_person ON orientation(person_id, at);

ALTER TABLE carnet ADD COLUMN accompanied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE carnet ADD COLUMN extra_reason TEXT NOT NULL DEFAULT '';
