-- 0016_delivery: the outgoing ActivityPub queue.
--
-- A write (a post, a favourite, a follow ...) inserts ONE outbox event in
-- its own transaction: who acts, the activity as JSON text, and whom it
-- is for (the actor's followers, and/or some accounts). The deliverer
-- (cron/woolly-deliver) expands each event into one delivery per remote
-- inbox, so a post to 10,000 followers costs its author one row.

CREATE TABLE outbox_events (
	id bigserial PRIMARY KEY,
	-- The signer; NULL: the instance actor (reports).
	account_id bigint REFERENCES accounts(id) ON DELETE CASCADE,
	activity text NOT NULL,
	to_followers boolean NOT NULL DEFAULT false,
	to_accounts bigint[] NOT NULL DEFAULT '{}',
	-- Made into deliveries; removed when the last of them is done.
	expanded boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_events_new ON outbox_events (id) WHERE NOT expanded;

-- One POST of one activity to one inbox.
CREATE TABLE deliveries (
	id bigserial PRIMARY KEY,
	event_id bigint NOT NULL REFERENCES outbox_events(id) ON DELETE CASCADE,
	inbox_url text NOT NULL,
	host text NOT NULL,
	attempts integer NOT NULL DEFAULT 0,
	-- Not before then. A claim moves it into the future (a lease).
	next_at timestamptz NOT NULL DEFAULT now(),
	-- The backend (pg_backend_pid) of the deliverer that holds it, and
	-- since when: the claim of a deliverer whose session ended is void.
	claimed_by integer,
	claimed_at timestamptz,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (event_id, inbox_url)
);
CREATE INDEX deliveries_due ON deliveries (next_at);
CREATE INDEX deliveries_host ON deliveries (host, next_at);
CREATE INDEX deliveries_claimed ON deliveries (claimed_by)
	WHERE claimed_by IS NOT NULL;

-- Hosts that keep failing: their deliveries are parked (not tried, not
-- counted as attempts) until probe_at, when one is tried again.
CREATE TABLE delivery_hosts (
	host text PRIMARY KEY,
	failures integer NOT NULL DEFAULT 0,	-- consecutive
	unavailable_since timestamptz,
	probe_at timestamptz
);

-- An inbox that answered 410 Gone: its account is gone.
ALTER TABLE accounts ADD COLUMN inbox_gone_at timestamptz;

CREATE FUNCTION outbox_events_notify() RETURNS trigger AS $$
BEGIN
	PERFORM pg_notify('woolly_delivery', '');
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
	FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify();
