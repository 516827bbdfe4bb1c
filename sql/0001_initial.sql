-- 0001_initial: the schema woolly starts from, shaped for the whole
-- mission: local and remote actors share one accounts table, statuses carry
-- everything federation, moderation and the client API need, and every
-- lookup the code runs has an index.

-- Time-ordered 64-bit ids, as Mastodon makes them: milliseconds since the
-- epoch shifted left 16 bits, plus a per-table sequence scrambled by a
-- per-millisecond salt so ids do not reveal how many rows were made.
-- Remote statuses pass their own publication time.
CREATE FUNCTION timestamp_id(table_name text, at timestamptz DEFAULT clock_timestamp())
RETURNS bigint AS $$
DECLARE
	time_part bigint;
	sequence_base bigint;
	tail bigint;
BEGIN
	time_part := ((date_part('epoch', at) * 1000)::bigint) << 16;
	sequence_base := ('x' || substr(md5(table_name || time_part::text), 1, 4))::bit(16)::bigint;
	tail := (sequence_base + nextval(table_name || '_id_seq')) & 65535;
	RETURN time_part | tail;
END
$$ LANGUAGE plpgsql VOLATILE;

CREATE SEQUENCE accounts_id_seq;
CREATE SEQUENCE users_id_seq;
CREATE SEQUENCE statuses_id_seq;
CREATE SEQUENCE follows_id_seq;
CREATE SEQUENCE follow_requests_id_seq;
CREATE SEQUENCE favourites_id_seq;
CREATE SEQUENCE bookmarks_id_seq;
CREATE SEQUENCE mentions_id_seq;
CREATE SEQUENCE tags_id_seq;
CREATE SEQUENCE notifications_id_seq;
CREATE SEQUENCE sessions_id_seq;
CREATE SEQUENCE conversations_id_seq;

-- Instance-wide secrets and switches kept in the database so every process
-- (and every host of a scaled-out install) sees the same values.
CREATE TABLE instance_settings (
	key text PRIMARY KEY,
	value text NOT NULL
);

-- Local and remote actors. domain IS NULL means local.
CREATE TABLE accounts (
	id bigint PRIMARY KEY DEFAULT timestamp_id('accounts'),
	username text NOT NULL,
	domain text,
	display_name text NOT NULL DEFAULT '',
	note text NOT NULL DEFAULT '',            -- HTML, sanitized
	note_source text NOT NULL DEFAULT '',     -- what a local user typed
	actor_type text NOT NULL DEFAULT 'Person',
	uri text NOT NULL,                        -- ActivityPub id
	url text,                                 -- profile page
	inbox_url text,
	shared_inbox_url text,
	outbox_url text,
	followers_url text,
	following_url text,
	featured_url text,
	public_key_id text,
	public_key text,                          -- PEM
	private_key text,                         -- PEM, local accounts only
	locked boolean NOT NULL DEFAULT false,
	bot boolean NOT NULL DEFAULT false,
	discoverable boolean NOT NULL DEFAULT true,
	indexable boolean NOT NULL DEFAULT false,
	hide_collections boolean NOT NULL DEFAULT false,
	avatar_url text,                          -- remote original
	avatar_file text,                         -- path under media_dir
	header_url text,
	header_file text,
	fields jsonb NOT NULL DEFAULT '[]',       -- [{name, value, verified_at}]
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	fetched_at timestamptz,                   -- last refresh of a remote actor
	suspended_at timestamptz,
	silenced_at timestamptz,
	sensitized_at timestamptz,
	moved_to_account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
	memorial boolean NOT NULL DEFAULT false,
	CHECK (username <> ''),
	CHECK (domain IS NOT NULL OR private_key IS NOT NULL OR public_key IS NULL)
);
-- Usernames are unique regardless of case, per domain.
CREATE UNIQUE INDEX accounts_username_domain ON accounts (lower(username), (coalesce(lower(domain), '')));
CREATE UNIQUE INDEX accounts_uri ON accounts (uri);
CREATE INDEX accounts_public_key_id ON accounts (public_key_id) WHERE public_key_id IS NOT NULL;

-- Counters kept by triggers, in their own rows so a busy account's
-- counters do not lock its profile row.
CREATE TABLE account_stats (
	account_id bigint PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	statuses_count bigint NOT NULL DEFAULT 0,
	following_count bigint NOT NULL DEFAULT 0,
	followers_count bigint NOT NULL DEFAULT 0,
	last_status_at timestamptz
);

-- Local logins.
CREATE TABLE users (
	id bigint PRIMARY KEY DEFAULT timestamp_id('users'),
	account_id bigint NOT NULL UNIQUE REFERENCES accounts(id) ON DELETE CASCADE,
	email text NOT NULL,
	password_hash text NOT NULL,
	role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin')),
	confirmed_at timestamptz,
	approved boolean NOT NULL DEFAULT true,
	disabled boolean NOT NULL DEFAULT false,
	locale text NOT NULL DEFAULT 'en',
	settings jsonb NOT NULL DEFAULT '{}',
	sign_up_ip inet,
	sign_up_reason text,
	last_sign_in_at timestamptz,
	last_sign_in_ip inet,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE conversations (
	id bigint PRIMARY KEY DEFAULT timestamp_id('conversations'),
	uri text UNIQUE,
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE statuses (
	id bigint PRIMARY KEY DEFAULT timestamp_id('statuses'),
	uri text NOT NULL,
	url text,
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	text text NOT NULL DEFAULT '',            -- source, local statuses
	content text NOT NULL DEFAULT '',         -- HTML (ours, or sanitized)
	spoiler_text text NOT NULL DEFAULT '',
	visibility text NOT NULL DEFAULT 'public'
	    CHECK (visibility IN ('public', 'unlisted', 'private', 'direct')),
	sensitive boolean NOT NULL DEFAULT false,
	language text,
	in_reply_to_id bigint REFERENCES statuses(id) ON DELETE SET NULL,
	in_reply_to_account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
	in_reply_to_uri text,                     -- a parent we do not have yet
	reblog_of_id bigint REFERENCES statuses(id) ON DELETE CASCADE,
	conversation_id bigint REFERENCES conversations(id) ON DELETE SET NULL,
	local boolean NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	edited_at timestamptz,
	deleted_at timestamptz
);
CREATE UNIQUE INDEX statuses_uri ON statuses (uri);
-- Profiles: an account's statuses, newest first.
CREATE INDEX statuses_account_id ON statuses (account_id, id DESC) WHERE deleted_at IS NULL;
-- Local and federated timelines (no reblogs, no replies to others).
CREATE INDEX statuses_public_local ON statuses (id DESC)
	WHERE deleted_at IS NULL AND visibility = 'public' AND reblog_of_id IS NULL AND local
	AND (in_reply_to_id IS NULL OR in_reply_to_account_id = account_id);
CREATE INDEX statuses_public ON statuses (id DESC)
	WHERE deleted_at IS NULL AND visibility = 'public' AND reblog_of_id IS NULL
	AND (in_reply_to_id IS NULL OR in_reply_to_account_id = account_id);
CREATE INDEX statuses_in_reply_to ON statuses (in_reply_to_id) WHERE in_reply_to_id IS NOT NULL;
CREATE INDEX statuses_reblog_of ON statuses (reblog_of_id, account_id) WHERE reblog_of_id IS NOT NULL;
CREATE INDEX statuses_conversation ON statuses (conversation_id);
CREATE INDEX statuses_in_reply_to_uri ON statuses (in_reply_to_uri) WHERE in_reply_to_uri IS NOT NULL;

CREATE TABLE follows (
	id bigint PRIMARY KEY DEFAULT timestamp_id('follows'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	uri text,
	show_reblogs boolean NOT NULL DEFAULT true,
	notify boolean NOT NULL DEFAULT false,
	languages text[],
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (account_id, target_account_id),
	CHECK (account_id <> target_account_id)
);
CREATE INDEX follows_target ON follows (target_account_id, account_id);

CREATE TABLE follow_requests (
	id bigint PRIMARY KEY DEFAULT timestamp_id('follow_requests'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	uri text,
	show_reblogs boolean NOT NULL DEFAULT true,
	notify boolean NOT NULL DEFAULT false,
	languages text[],
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (account_id, target_account_id),
	CHECK (account_id <> target_account_id)
);
CREATE INDEX follow_requests_target ON follow_requests (target_account_id, id DESC);

CREATE TABLE favourites (
	id bigint PRIMARY KEY DEFAULT timestamp_id('favourites'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_id bigint NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	uri text,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (account_id, status_id)
);
CREATE INDEX favourites_status ON favourites (status_id);
CREATE INDEX favourites_account ON favourites (account_id, id DESC);

CREATE TABLE bookmarks (
	id bigint PRIMARY KEY DEFAULT timestamp_id('bookmarks'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	status_id bigint NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (account_id, status_id)
);
CREATE INDEX bookmarks_account ON bookmarks (account_id, id DESC);
CREATE INDEX bookmarks_status ON bookmarks (status_id);

CREATE TABLE mentions (
	id bigint PRIMARY KEY DEFAULT timestamp_id('mentions'),
	status_id bigint NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	silent boolean NOT NULL DEFAULT false,
	UNIQUE (status_id, account_id)
);
CREATE INDEX mentions_account ON mentions (account_id, status_id DESC);

CREATE TABLE tags (
	id bigint PRIMARY KEY DEFAULT timestamp_id('tags'),
	name text NOT NULL,                       -- as first written
	usable boolean NOT NULL DEFAULT true,
	trendable boolean NOT NULL DEFAULT true,
	listable boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK (name <> '')
);
CREATE UNIQUE INDEX tags_name ON tags (lower(name));

CREATE TABLE status_tags (
	tag_id bigint NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	status_id bigint NOT NULL REFERENCES statuses(id) ON DELETE CASCADE,
	PRIMARY KEY (tag_id, status_id)
);
CREATE INDEX status_tags_status ON status_tags (status_id);

CREATE TABLE notifications (
	id bigint PRIMARY KEY DEFAULT timestamp_id('notifications'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	from_account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	type text NOT NULL CHECK (type IN ('mention', 'status', 'reblog', 'follow',
	    'follow_request', 'favourite', 'poll', 'update', 'admin.sign_up',
	    'admin.report', 'severed_relationships', 'moderation_warning')),
	status_id bigint REFERENCES statuses(id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL DEFAULT now(),
	read_at timestamptz
);
CREATE INDEX notifications_account ON notifications (account_id, id DESC);

-- Web sessions. Only a SHA-256 of the cookie's token is stored, so a
-- leaked database cannot be replayed as logins.
CREATE TABLE sessions (
	id bigint PRIMARY KEY DEFAULT timestamp_id('sessions'),
	user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash bytea NOT NULL UNIQUE,
	ip inet,
	user_agent text,
	created_at timestamptz NOT NULL DEFAULT now(),
	last_used_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Rate-limit counters for when memcached is unavailable; housekeeping
-- removes expired rows.
CREATE TABLE rate_limits (
	bucket text PRIMARY KEY,
	hits integer NOT NULL DEFAULT 0,
	expires_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_expires ON rate_limits (expires_at);

-- Counter triggers.
CREATE FUNCTION account_stats_touch(acct bigint) RETURNS void AS $$
	INSERT INTO account_stats (account_id) VALUES (acct) ON CONFLICT DO NOTHING;
$$ LANGUAGE sql;

CREATE FUNCTION accounts_after_insert() RETURNS trigger AS $$
BEGIN
	PERFORM account_stats_touch(NEW.id);
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_stats AFTER INSERT ON accounts
	FOR EACH ROW EXECUTE FUNCTION accounts_after_insert();

-- A status counts while it exists and is not deleted; reblogs count too,
-- as in Mastodon.
CREATE FUNCTION statuses_count_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.deleted_at IS NULL THEN
			UPDATE account_stats SET statuses_count = statuses_count + 1,
			    last_status_at = greatest(last_status_at, NEW.created_at)
			    WHERE account_id = NEW.account_id;
		END IF;
	ELSIF TG_OP = 'UPDATE' THEN
		IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
			UPDATE account_stats SET statuses_count = greatest(statuses_count - 1, 0)
			    WHERE account_id = NEW.account_id;
		ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
			UPDATE account_stats SET statuses_count = statuses_count + 1
			    WHERE account_id = NEW.account_id;
		END IF;
	ELSIF TG_OP = 'DELETE' THEN
		IF OLD.deleted_at IS NULL THEN
			UPDATE account_stats SET statuses_count = greatest(statuses_count - 1, 0)
			    WHERE account_id = OLD.account_id;
		END IF;
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER statuses_stats AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON statuses
	FOR EACH ROW EXECUTE FUNCTION statuses_count_change();

CREATE FUNCTION follows_count_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE account_stats SET following_count = following_count + 1
		    WHERE account_id = NEW.account_id;
		UPDATE account_stats SET followers_count = followers_count + 1
		    WHERE account_id = NEW.target_account_id;
	ELSE
		UPDATE account_stats SET following_count = greatest(following_count - 1, 0)
		    WHERE account_id = OLD.account_id;
		UPDATE account_stats SET followers_count = greatest(followers_count - 1, 0)
		    WHERE account_id = OLD.target_account_id;
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER follows_stats AFTER INSERT OR DELETE ON follows
	FOR EACH ROW EXECUTE FUNCTION follows_count_change();

-- Who may see a status: the one place the visibility rules live, used by
-- every timeline, page and API query (moderation adds blocks here later).
-- viewer is the viewing account, NULL when signed out.
CREATE FUNCTION status_visible_to(s_id bigint, s_account_id bigint, s_visibility text, viewer bigint)
RETURNS boolean AS $$
	SELECT s_visibility IN ('public', 'unlisted')
	    OR (viewer IS NOT NULL AND (
		viewer = s_account_id
		OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s_id AND m.account_id = viewer)
		OR (s_visibility = 'private' AND EXISTS (SELECT 1 FROM follows f
		    WHERE f.account_id = viewer AND f.target_account_id = s_account_id))))
$$ LANGUAGE sql STABLE;
