-- 0017_inbox: what other servers send us, kept until it is processed;
-- the administrator's domain blocks; and reports (a remote Flag).

-- Every activity a verified signature let in, stored before the inbox
-- answers 202, so a crash never loses one. activity_uri is the activity's
-- id (or, for a transient activity without one, a digest of its body
-- under its actor): a repeated delivery hits the unique index and
-- changes nothing. cron/woolly-inbox claims rows FOR UPDATE SKIP LOCKED.
CREATE SEQUENCE inbox_activities_id_seq;
CREATE TABLE inbox_activities (
	id bigint PRIMARY KEY DEFAULT timestamp_id('inbox_activities'),
	activity_uri text NOT NULL,
	activity_type text NOT NULL,
	actor_uri text NOT NULL,
	-- The personal inbox it came to (NULL: the shared inbox).
	inbox_account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
	body text NOT NULL,
	received_at timestamptz NOT NULL DEFAULT now(),
	attempts int NOT NULL DEFAULT 0,
	next_attempt_at timestamptz NOT NULL DEFAULT now(),
	processed_at timestamptz,
	-- 'done', 'ignored' or 'failed' once processed.
	outcome text,
	last_error text
);
CREATE UNIQUE INDEX inbox_activities_uri ON inbox_activities (activity_uri);
CREATE INDEX inbox_activities_pending ON inbox_activities (next_attempt_at, id)
	WHERE processed_at IS NULL;

-- The inbox program waits on this channel between batches.
CREATE FUNCTION inbox_activities_notify() RETURNS trigger AS $$
BEGIN
	PERFORM pg_notify('woolly_inbox', '');
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inbox_activities_notify AFTER INSERT ON inbox_activities
	FOR EACH STATEMENT EXECUTE FUNCTION inbox_activities_notify();

-- Domain blocks: silence keeps a domain's posts out of the public
-- timelines; suspend refuses its inbox POSTs and removes its accounts.
-- A block covers the domain's subdomains too.
CREATE SEQUENCE domain_blocks_id_seq;
CREATE TABLE domain_blocks (
	id bigint PRIMARY KEY DEFAULT timestamp_id('domain_blocks'),
	domain text NOT NULL CHECK (domain <> '' AND domain = lower(domain)),
	severity text NOT NULL CHECK (severity IN ('silence', 'suspend')),
	reject_media boolean NOT NULL DEFAULT false,
	reject_reports boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX domain_blocks_domain ON domain_blocks (domain);

-- The host of an account domain ("peer.example:8443" -> "peer.example").
CREATE FUNCTION domain_host(d text) RETURNS text AS $$
	SELECT lower(CASE WHEN d LIKE '[%' THEN d
	    ELSE split_part(d, ':', 1) END)
$$ LANGUAGE sql IMMUTABLE;

-- The block that applies to a host (the most specific), or none.
CREATE FUNCTION domain_block_for(host text) RETURNS domain_blocks AS $$
	SELECT b.* FROM domain_blocks b
	WHERE domain_host(host) = b.domain
	   OR domain_host(host) LIKE '%.' || b.domain
	ORDER BY length(b.domain) DESC LIMIT 1
$$ LANGUAGE sql STABLE;

-- Reports: a local user's (later) or a remote server's Flag.
CREATE SEQUENCE reports_id_seq;
CREATE TABLE reports (
	id bigint PRIMARY KEY DEFAULT timestamp_id('reports'),
	uri text,
	account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
	target_account_id bigint NOT NULL REFERENCES accounts(id)
		ON DELETE CASCADE,
	status_ids bigint[] NOT NULL DEFAULT '{}',
	comment text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL DEFAULT now(),
	action_taken_at timestamptz
);
CREATE UNIQUE INDEX reports_uri ON reports (uri) WHERE uri IS NOT NULL;
CREATE INDEX reports_open ON reports (id DESC) WHERE action_taken_at IS NULL;
