-- The closing statement as it was drawn up at the closing, frozen: passnum programme closing
-- reprints it, whatever happens later (a claim paid, the configuration's funders or names
-- edited). JSON of domain.Closing; '' for a programme closed before this column existed.
ALTER TABLE programme_closing ADD COLUMN statement TEXT NOT NULL DEFAULT '';
