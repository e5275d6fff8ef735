-- The closing of a programme (état de clôture): once its tolerance is over the coordination
-- closes it; from then on no operation touches its carnets and chèques. One row per programme:
-- when, by whom, and the totals of the statement drawn up at that moment.
CREATE TABLE programme_closing (
    programme          TEXT PRIMARY KEY,
    at                 TEXT NOT NULL,
    by_user            TEXT NOT NULL,
    carnets_issued     INTEGER NOT NULL,
    carnets_not_started INTEGER NOT NULL,
    carnets_not_handed INTEGER NOT NULL,
    cheques_unused     INTEGER NOT NULL,
    credit_back_cents  INTEGER NOT NULL,
    claims_open        INTEGER NOT NULL,
    claims_open_cents  INTEGER NOT NULL
);
