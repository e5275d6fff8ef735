-- Who may read whom: the prescriber of the desk that registered a person. created_by names a
-- user, whose prescriber lives in the configuration and may change; the registration keeps the
-- prescriber of the day. Rows registered before stay '' (their registering user still reads
-- them in full, see PersonLinks.RegisteredByUser).
ALTER TABLE person ADD COLUMN registered_prescriber TEXT NOT NULL DEFAULT '';
-- « consulté par » lists a person's last reads: audit rows by entity are already indexed.
