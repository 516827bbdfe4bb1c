-- 0012_search_trends: what search, trends, the instance's activity and
-- NodeInfo read, each backed by an index: the words of statuses,
-- prefixes of user names, display names and hashtags, the remote domains
-- we know, a record of which users were active in which week, and the
-- instance's rules.

-- The searchable text of a status: its content warning and its text, the
-- source a local author typed or, for a remote status, its HTML without
-- the tags. The 'simple' configuration only lower-cases words (no
-- stemming, no stop words), so every language is searched alike. An SQL
-- function so the index and the queries spell the expression once;
-- PostgreSQL inlines it on both sides, so the queries match the index.
CREATE FUNCTION status_search_vector(is_local boolean, body text,
    content text, spoiler text)
RETURNS tsvector AS $$
	SELECT to_tsvector('simple'::regconfig, spoiler || ' ' ||
	    CASE WHEN is_local THEN body
	    ELSE regexp_replace(content, '<[^>]*>', ' ', 'g') END)
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE INDEX statuses_search ON statuses USING gin
	(status_search_vector(local, text, content, spoiler_text))
	WHERE deleted_at IS NULL AND reblog_of_id IS NULL;

-- The smallest id timestamp_id() can give a row made at a time: ids are
-- time-ordered, so "made since t" is a range of the primary key (or of
-- any index that leads with a status id).
CREATE FUNCTION timestamp_id_floor(at timestamptz) RETURNS bigint AS $$
	SELECT floor(extract(epoch FROM at) * 1000)::bigint << 16
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

-- Account search: user names by prefix, display names by word prefix.
CREATE INDEX accounts_username_prefix ON accounts
	(lower(username) text_pattern_ops);
CREATE INDEX accounts_display_name_search ON accounts USING gin
	(to_tsvector('simple'::regconfig, display_name));
-- The remote domains we know (peers, domain_count).
CREATE INDEX accounts_domain ON accounts (lower(domain))
	WHERE domain IS NOT NULL;

-- The instance's weekly activity: local statuses by id range (an
-- index-only count), and sign-ups by date.
CREATE INDEX statuses_local ON statuses (id) WHERE local AND deleted_at IS NULL;
CREATE INDEX users_created_at ON users (created_at);

-- Hashtag search by prefix.
CREATE INDEX tags_name_prefix ON tags (lower(name) text_pattern_ops);

-- Which local users were active in which week (Monday, UTC): a sign-in,
-- or a session or token in use. NodeInfo's activeMonth and
-- activeHalfyear and the instance's weekly logins count it, as Mastodon
-- counts logins per week. Kept by triggers, so no code path that signs
-- someone in can forget it; sessions and tokens record their use at most
-- hourly, so this costs one conflicting insert an hour per user.
CREATE TABLE user_activity_weeks (
	week date NOT NULL,
	user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	PRIMARY KEY (week, user_id)
);
CREATE INDEX user_activity_weeks_user ON user_activity_weeks (user_id, week);

CREATE FUNCTION user_activity_record(uid bigint, at timestamptz)
RETURNS void AS $$
	INSERT INTO user_activity_weeks (week, user_id)
	SELECT date_trunc('week', at AT TIME ZONE 'UTC')::date, uid
	WHERE uid IS NOT NULL AND at IS NOT NULL
	ON CONFLICT DO NOTHING;
$$ LANGUAGE sql;

CREATE FUNCTION sessions_activity() RETURNS trigger AS $$
BEGIN
	PERFORM user_activity_record(NEW.user_id, NEW.last_used_at);
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER sessions_activity AFTER INSERT OR UPDATE OF last_used_at
	ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_activity();

CREATE FUNCTION tokens_activity() RETURNS trigger AS $$
BEGIN
	PERFORM user_activity_record(NEW.user_id,
	    coalesce(NEW.last_used_at, NEW.created_at));
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER tokens_activity AFTER INSERT OR UPDATE OF last_used_at
	ON oauth_access_tokens FOR EACH ROW EXECUTE FUNCTION tokens_activity();

CREATE FUNCTION users_activity() RETURNS trigger AS $$
BEGIN
	PERFORM user_activity_record(NEW.id, NEW.last_sign_in_at);
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER users_activity AFTER INSERT OR UPDATE OF last_sign_in_at
	ON users FOR EACH ROW EXECUTE FUNCTION users_activity();

-- What is known of the past.
INSERT INTO user_activity_weeks (week, user_id)
SELECT DISTINCT date_trunc('week', at AT TIME ZONE 'UTC')::date, user_id
FROM (SELECT id AS user_id, last_sign_in_at AS at FROM users
	UNION ALL SELECT user_id, created_at FROM sessions
	UNION ALL SELECT user_id, last_used_at FROM sessions
	UNION ALL SELECT user_id, coalesce(last_used_at, created_at)
	    FROM oauth_access_tokens) AS seen
WHERE user_id IS NOT NULL AND at IS NOT NULL
ON CONFLICT DO NOTHING;

-- The instance's rules (woollyctl rule add), in the order priority then id, as Mastodon
-- lists them (GET /api/v1/instance/rules). A removed rule keeps its id.
CREATE SEQUENCE instance_rules_id_seq;
CREATE TABLE instance_rules (
	id bigint PRIMARY KEY DEFAULT timestamp_id('instance_rules'),
	text text NOT NULL CHECK (text <> '' AND length(text) <= 300),
	hint text NOT NULL DEFAULT '' CHECK (length(hint) <= 1000),
	priority integer NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	deleted_at timestamptz
);
CREATE INDEX instance_rules_order ON instance_rules (priority, id)
	WHERE deleted_at IS NULL;

-- The extended description (instance_settings 'extended_description',
-- plain text) tells when it last changed; until someone writes one, the
-- empty one dates from now.
INSERT INTO instance_settings (key, value)
VALUES ('extended_description_updated_at', now()::text)
ON CONFLICT (key) DO NOTHING;
