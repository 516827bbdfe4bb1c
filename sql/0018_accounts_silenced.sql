-- The public timelines leave out silenced authors as they leave out
-- suspended ones: a probe per row of a small partial index, as
-- accounts_suspended (0005) serves the suspended. Without it PostgreSQL
-- read all of accounts at every page (5 ms for 10,000 accounts).
CREATE INDEX accounts_silenced ON accounts (id) WHERE silenced_at IS NOT NULL;
