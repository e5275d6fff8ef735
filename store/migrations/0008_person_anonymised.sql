-- A person's right to erasure and the retention period: an anonymised record keeps its counts
-- (carnets, chèques, attendance) under a pseudonym; anonymised_at says when ('' = not).
ALTER TABLE person ADD COLUMN anonymised_at TEXT NOT NULL DEFAULT '';
