-- Extensions of a programme's validity (Creuse: end December 2020 moved to June 2021). The
-- configuration's valid_until stays the original; the effective end is the latest "until" here.
CREATE TABLE programme_extension (
    id         INTEGER PRIMARY KEY,
    programme  TEXT NOT NULL,
    until      TEXT NOT NULL,     -- new last day of validity, AAAA-MM-JJ
    reason     TEXT NOT NULL,
    at         DATETIME NOT NULL,
    by_user    TEXT NOT NULL
);
CREATE INDEX programme_extension_programme ON programme_extension(programme, until);
