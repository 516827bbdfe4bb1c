-- 0009_account_lists: the indexes behind the account lists of the client
-- API. Followers, follows, blocks and mutes page by the id of the row
-- that relates the two accounts (Mastodon's cursors), newest first, so
-- each list walks one (owner, id) index instead of sorting all of an
-- owner's rows; account search matches prefixes of user and display
-- names, which a range scan over byte order ("C") finds in an index.

CREATE INDEX follows_target_id ON follows (target_account_id, id);
CREATE INDEX follows_account_id ON follows (account_id, id);
CREATE INDEX blocks_account_id ON blocks (account_id, id);
CREATE INDEX mutes_account_id ON mutes (account_id, id);

CREATE INDEX accounts_username_prefix ON accounts ((lower(username) COLLATE "C"));
CREATE INDEX accounts_display_name_prefix ON accounts ((lower(display_name) COLLATE "C"))
	WHERE display_name <> '';
