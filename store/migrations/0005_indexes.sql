-- Indexes found by the benchmark ledger (a year of a large territory): each one turns a walk
-- through a whole table into a lookup. A partial index serves only the queries that repeat its
-- condition, and bound parameters never prove « <> '' »: the indexes below are whole, or keep a
-- condition the queries state.
CREATE INDEX participant_session ON participant(session_id);
CREATE INDEX redemption_participant ON redemption(participant_id);
DROP INDEX redemption_session;
CREATE INDEX redemption_live_session ON redemption(session_id) WHERE cancelled_at IS NULL;
CREATE INDEX redemption_at ON redemption(at);
CREATE INDEX diagnostic_at ON diagnostic(at);
DROP INDEX carnet_issued;
CREATE INDEX carnet_issued ON carnet(issued_at);
CREATE INDEX follow_up_person ON follow_up(person_id);
CREATE INDEX carnet_prescriber ON carnet(prescriber, person_id);
