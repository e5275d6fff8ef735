-- Sessions a trainer can correct until their sheet is closed, sheets that remember why a line
-- was refused, and follow-ups kept as a dated history instead of one overwritten comment.

-- closed_at: when the sheet was last closed (chèques encashed), '' while it is open. A session
-- whose chèques were already encashed from its sheet counts as closed.
ALTER TABLE session ADD COLUMN closed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE session ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
UPDATE session SET closed_at = (SELECT max(r.at) FROM redemption r JOIN participant p ON p.id = r.participant_id
    WHERE p.session_id = session.id AND r.cancelled_at IS NULL)
WHERE EXISTS (SELECT 1 FROM redemption r JOIN participant p ON p.id = r.participant_id
    WHERE p.session_id = session.id AND r.cancelled_at IS NULL);

-- The refusal of the last closing for this line, shown again when the sheet is reopened.
ALTER TABLE participant ADD COLUMN refusal TEXT NOT NULL DEFAULT '';

-- follow_up stays the latest follow-up (what exports and the sheet read); follow_up_note keeps
-- every one with its date. Existing follow-ups become the first note of their history.
ALTER TABLE follow_up ADD COLUMN pix TEXT NOT NULL DEFAULT '';
CREATE TABLE follow_up_note (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id),
    person_id  INTEGER NOT NULL REFERENCES person(id),
    autonomy   TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    pix        TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    user_id    TEXT NOT NULL
);
CREATE INDEX follow_up_note_person ON follow_up_note(person_id, session_id);
INSERT INTO follow_up_note(session_id, person_id, autonomy, comment, at, user_id)
    SELECT session_id, person_id, autonomy, comment, at, user_id FROM follow_up ORDER BY at;
