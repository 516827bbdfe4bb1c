-- 0010_statuses: what the client API does with statuses besides posting
-- them: the application a status was posted from, its edit history, the
-- posts an account pins to its profile, the conversations it muted, the
-- Idempotency-Key of each recent post, and the indexes the lists of who
-- boosted or favourited a status page through.

-- The OAuth application whose token posted the status (NULL from the web
-- pages, or when the application is deleted).
ALTER TABLE statuses ADD COLUMN application_id bigint
	REFERENCES oauth_applications(id) ON DELETE SET NULL;

-- One account boosts a status at most once (ReblogService returns the
-- existing boost): two requests racing cannot both insert one.
CREATE UNIQUE INDEX statuses_one_reblog ON statuses (account_id, reblog_of_id)
	WHERE reblog_of_id IS NOT NULL AND deleted_at IS NULL;
-- reblogged_by pages through the boosts of a status by their ids.
CREATE INDEX statuses_reblogs_by_id ON statuses (reblog_of_id, id DESC)
	WHERE reblog_of_id IS NOT NULL AND deleted_at IS NULL;
-- favourited_by pages through the favourites of a status by their ids.
CREATE INDEX favourites_status_id ON favourites (status_id, id DESC);

-- Each revision of an edited status, as Mastodon's StatusEdit keeps them:
-- the first edit also records the original, so the history of a status
-- edited n times has n + 1 rows. content is the HTML of that revision.
CREATE SEQUENCE status_edits_id_seq;
CREATE TABLE status_edits (
	id bigint PRIMARY KEY DEFAULT timestamp_id('status_edits'),
	status_id bigint NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
	text text NOT NULL DEFAULT '',
	content text NOT NULL DEFAULT '',
	spoiler_text text NOT NULL DEFAULT '',
	sensitive boolean NOT NULL DEFAULT false,
	language text,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_edits_status ON status_edits (status_id, id);

-- Statuses an account features on its profile (at most 5 for a local
-- account, checked by the code under a lock of the account's pins).
CREATE SEQUENCE status_pins_id_seq;
CREATE TABLE status_pins (
	id bigint PRIMARY KEY DEFAULT timestamp_id('status_pins'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_id bigint NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (account_id, status_id)
);
CREATE INDEX status_pins_status ON status_pins (status_id);

-- Conversations whose notifications an account no longer wants.
CREATE SEQUENCE conversation_mutes_id_seq;
CREATE TABLE conversation_mutes (
	id bigint PRIMARY KEY DEFAULT timestamp_id('conversation_mutes'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	conversation_id bigint NOT NULL
	    REFERENCES conversations(id) ON DELETE CASCADE,
	UNIQUE (account_id, conversation_id)
);

-- Idempotency-Key -> the status it made, for an hour (as Mastodon keeps
-- them in Redis). Only a SHA-256 of the key is stored, so any key a client
-- sends fits. Rows older than an hour are ignored, overwritten, and
-- removed by the account's next post.
CREATE TABLE status_idempotency_keys (
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	key_hash bytea NOT NULL,
	status_id bigint NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (account_id, key_hash)
);
