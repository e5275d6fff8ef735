-- Ledger of the Pass numérique. Times are UTC ISO-8601 text; money is in cents.
CREATE TABLE person (
    id                INTEGER PRIMARY KEY,
    last_name         TEXT NOT NULL,
    first_name        TEXT NOT NULL,
    norm_last         TEXT NOT NULL,  -- lower case, no accents: searched by prefix
    norm_first        TEXT NOT NULL,
    birth_date        TEXT NOT NULL,
    commune           TEXT NOT NULL,
    qpv               TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT '',
    diploma           TEXT NOT NULL DEFAULT '',
    household         TEXT NOT NULL DEFAULT '',
    quotient_familial INTEGER,
    consent           INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL
);
CREATE INDEX person_norm_last ON person(norm_last);
CREATE INDEX person_norm_first ON person(norm_first);
CREATE INDEX person_household ON person(household) WHERE household <> '';

CREATE TABLE place (
    id          TEXT PRIMARY KEY,
    pivot       TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    norm_name   TEXT NOT NULL,
    commune     TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    insee       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    lat         REAL,
    lon         REAL,
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    hours       TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    services    TEXT NOT NULL DEFAULT '[]', -- JSON arrays
    labels      TEXT NOT NULL DEFAULT '[]',
    modalities  TEXT NOT NULL DEFAULT '[]',
    support     TEXT NOT NULL DEFAULT '[]',
    cost        TEXT NOT NULL DEFAULT '',
    itinerant   INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL DEFAULT '',
    -- local data, kept across re-imports once a coordinator set them
    qualified     INTEGER NOT NULL DEFAULT 0,
    qualified_set INTEGER NOT NULL DEFAULT 0,
    pmr           INTEGER NOT NULL DEFAULT 0,
    pmr_set       INTEGER NOT NULL DEFAULT 0,
    needs         TEXT NOT NULL DEFAULT '[]',
    needs_set     INTEGER NOT NULL DEFAULT 0,
    levels        TEXT NOT NULL DEFAULT '[]',
    serves        TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX place_norm_name ON place(norm_name);

CREATE TABLE carnet (
    number       TEXT PRIMARY KEY,
    programme    TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('en_stock','attribue','remis','annule')),
    prescriber   TEXT NOT NULL DEFAULT '',
    person_id    INTEGER REFERENCES person(id),
    received_at  TEXT NOT NULL,
    allocated_at TEXT NOT NULL DEFAULT '',
    issued_at    TEXT NOT NULL DEFAULT '',
    void_reason  TEXT NOT NULL DEFAULT '',
    CHECK (state <> 'remis' OR person_id IS NOT NULL)
);
CREATE INDEX carnet_person ON carnet(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX carnet_state ON carnet(programme, state, prescriber);
CREATE INDEX carnet_issued ON carnet(issued_at) WHERE issued_at <> '';

CREATE TABLE cheque (
    number     TEXT PRIMARY KEY,
    carnet     TEXT NOT NULL REFERENCES carnet(number),
    position   INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('inactif','disponible','utilise','rembourse','annule')),
    used_at    TEXT NOT NULL DEFAULT '',
    place_id   TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL DEFAULT '',
    UNIQUE (carnet, position)
);

-- A chèque is used at most once: besides the guarded update, the database itself refuses a
-- second live redemption of the same chèque.
CREATE TABLE redemption (
    id           INTEGER PRIMARY KEY,
    cheque       TEXT NOT NULL REFERENCES cheque(number),
    place_id     TEXT NOT NULL,
    session_id   TEXT NOT NULL DEFAULT '',
    user_id      TEXT NOT NULL,
    at           TEXT NOT NULL,
    cancelled_at TEXT,
    cancel_reason TEXT
);
CREATE UNIQUE INDEX redemption_once ON redemption(cheque) WHERE cancelled_at IS NULL;
CREATE INDEX redemption_place_at ON redemption(place_id, at);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit(entity, entity_id);

CREATE TABLE diagnostic (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER REFERENCES person(id),
    at         TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    input      TEXT NOT NULL, -- JSON of the answers
    result     TEXT NOT NULL  -- JSON of the result, as shown
);
CREATE INDEX diagnostic_person ON diagnostic(person_id);
