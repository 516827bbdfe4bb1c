-- 0009_account_lists: the indexes behind the account lists of the client
-- API. Followers, follows, blocks and mutes page by the id of the row
-- that relates the two accounts (Mastodon's cursors), newest first, so
-- each list walks one (owner, id) index instead of sorting all of an
-- owner's rows. (Follow requests have theirs since 0001.)

CREATE INDEX follows_target_id ON follows (target_account_id, id);
CREATE INDEX follows_account_id ON follows (account_id, id);
CREATE INDEX blocks_account_id ON blocks (account_id, id);
CREATE INDEX mutes_account_id ON mutes (account_id, id);
