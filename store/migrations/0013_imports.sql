-- Rows brought in from a desk's spreadsheet (passnum import people): each row's key (a digest
-- of who it is about and what was handed over, domain.PersonImportRow.Key) lets a second
-- import of the same file be recognised and change nothing.
CREATE TABLE import_row (
    key         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,            -- 'person'
    file        TEXT NOT NULL,            -- the file's name, as given
    line        INTEGER NOT NULL,
    person_id   INTEGER REFERENCES person(id),
    carnet      TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE INDEX import_row_person ON import_row(person_id);
