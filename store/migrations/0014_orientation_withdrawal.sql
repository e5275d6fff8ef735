-- An orientation made by mistake is withdrawn, not deleted: the place no longer reads the
-- person as sent to it, and the row keeps who withdrew it, when and why (free text about the
-- person: wiped by anonymisation, like the note).
ALTER TABLE orientation ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT '';
ALTER TABLE orientation ADD COLUMN withdrawn_by TEXT NOT NULL DEFAULT '';
ALTER TABLE orientation ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
