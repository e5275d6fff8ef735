-- Sessions and their attendance sheets, trainers' follow-up, contre-paiement claims.
-- Session and claim ids are integers shown as « S12 » and « R3 »; cheque.session_id and
-- redemption.session_id hold the shown text, as they did for free labels.
CREATE TABLE session (
    id               INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: audit rows name it
    place_id         TEXT NOT NULL REFERENCES place(id),
    title            TEXT NOT NULL DEFAULT '',
    themes           TEXT NOT NULL DEFAULT '[]', -- JSON array of Coop themes
    level            TEXT NOT NULL DEFAULT '',
    type             TEXT NOT NULL CHECK (type IN ('collectif','individuel')),
    start_at         TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    capacity         INTEGER NOT NULL CHECK (capacity > 0),
    equipment        TEXT NOT NULL DEFAULT '[]',
    trainer          TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX session_place_start ON session(place_id, start_at);
CREATE INDEX session_start ON session(start_at);

-- A participant is a registered person (found by name or by a scanned chèque), or an
-- anonymous participant with the Coop's counts.
CREATE TABLE participant (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES session(id),
    person_id     INTEGER REFERENCES person(id),
    cheque        TEXT REFERENCES cheque(number),
    anonymous     INTEGER NOT NULL DEFAULT 0,
    gender        TEXT NOT NULL DEFAULT '',
    age_band      TEXT NOT NULL DEFAULT '',
    social_status TEXT NOT NULL DEFAULT '',
    present       INTEGER NOT NULL DEFAULT 1,
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL,
    CHECK (anonymous = 1 OR person_id IS NOT NULL OR cheque IS NOT NULL),
    CHECK (anonymous = 0 OR (person_id IS NULL AND cheque IS NULL))
);
CREATE UNIQUE INDEX participant_person ON participant(session_id, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX participant_cheque ON participant(session_id, cheque) WHERE cheque IS NOT NULL;
CREATE INDEX participant_person_sessions ON participant(person_id) WHERE person_id IS NOT NULL;

ALTER TABLE redemption ADD COLUMN participant_id INTEGER REFERENCES participant(id);
CREATE INDEX redemption_session ON redemption(session_id) WHERE cancelled_at IS NULL AND session_id <> '';

CREATE TABLE follow_up (
    session_id INTEGER NOT NULL REFERENCES session(id),
    person_id  INTEGER NOT NULL REFERENCES person(id),
    autonomy   TEXT NOT NULL CHECK (autonomy IN ('Avec guidage','Autonome avec guidage en cas de besoin','Autonome')),
    comment    TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);

-- A claim is prepared, then paid. Amounts are frozen at preparation: a later change of the
-- configured value or funders does not rewrite what was sent.
CREATE TABLE claim (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    place_id     TEXT NOT NULL REFERENCES place(id),
    month        TEXT NOT NULL, -- AAAA-MM, local calendar
    state        TEXT NOT NULL CHECK (state IN ('preparee','payee')),
    cheques      INTEGER NOT NULL CHECK (cheques > 0),
    amount_cents INTEGER NOT NULL,
    prepared_at  TEXT NOT NULL,
    prepared_by  TEXT NOT NULL,
    paid_at      TEXT NOT NULL DEFAULT '',
    paid_by      TEXT NOT NULL DEFAULT '',
    CHECK (state <> 'payee' OR paid_at <> '')
);
CREATE INDEX claim_place_month ON claim(place_id, month);

-- A chèque is in at most one claim: the UNIQUE constraint holds even if two preparations race.
CREATE TABLE claim_item (
    claim_id    INTEGER NOT NULL REFERENCES claim(id),
    cheque      TEXT NOT NULL UNIQUE REFERENCES cheque(number),
    programme   TEXT NOT NULL,
    value_cents INTEGER NOT NULL,
    used_at     TEXT NOT NULL,
    session_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claim_item_claim ON claim_item(claim_id);

CREATE TABLE claim_share (
    claim_id      INTEGER NOT NULL REFERENCES claim(id),
    programme     TEXT NOT NULL,
    funder        TEXT NOT NULL,
    share_percent INTEGER NOT NULL,
    amount_cents  INTEGER NOT NULL,
    PRIMARY KEY (claim_id, programme, funder)
);

-- The chèques a place used and has not claimed yet, by month.
CREATE INDEX cheque_used_place ON cheque(place_id, used_at) WHERE state = 'utilise';
