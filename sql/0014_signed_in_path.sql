-- 0014_signed_in_path: what keeps the signed-in pages cheap.
--
-- The unread count of the signed-in menu. Counting a user's unread
-- notifications means checking, for each one up to the cap, that its
-- sender and status are still shown to them (lib/visibility.h): ~2 ms of
-- PostgreSQL on every page of a user with a hundred unread. The count is
-- kept instead, per user, in notification_unread_counts, and counted
-- again (by lib/notification.c, with the very query the API's
-- unread_count runs) only after something that can change it happened.
--
-- What can change it, as the database sees it, is written down by the
-- triggers below as a row in notification_count_changes: a notification
-- made, removed or changed; the notifications marker moved; a block or
-- mute made or lifted; a follow made or removed, a mention made or
-- silenced (they decide who sees a private or direct status); a status
-- deleted, restored or narrowed; a suspension made or lifted (for every
-- user: rare). A mute that lapses changes it with no write at all: the
-- count says until when it holds (fresh_until).
--
-- A count is trusted while its account has no change rows. Writers only
-- insert change rows, which take no lock anyone waits for: two requests
-- touching each other's counts (a follow back, say) can never deadlock.
-- Counting again deletes the change rows its snapshot saw, in the same
-- statement that stores the count, and only when the count's generation
-- is still the one it read: a change committed meanwhile keeps its row,
-- so the count is counted again on the next page.

CREATE TABLE notification_unread_counts (
	account_id bigint PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	unread integer,                  -- NULL: never counted yet
	fresh_until timestamptz,         -- a mute hiding notifications lapses then
	generation bigint NOT NULL DEFAULT 0
);
CREATE TABLE notification_count_changes (
	account_id bigint NOT NULL
);
CREATE INDEX notification_count_changes_account
	ON notification_count_changes (account_id);

-- Every user has a count from sign-up on, so a writer that finds no count
-- row knows the account is no user's and needs no change row.
INSERT INTO notification_unread_counts (account_id)
SELECT u.account_id FROM users u ON CONFLICT DO NOTHING;

CREATE FUNCTION users_notification_count() RETURNS trigger AS $$
BEGIN
	INSERT INTO notification_unread_counts (account_id)
	VALUES (NEW.account_id) ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER users_notification_count AFTER INSERT ON users
	FOR EACH ROW EXECUTE FUNCTION users_notification_count();

-- Note that the counts of these accounts may have changed.
CREATE FUNCTION notification_counts_changed(accounts bigint[])
RETURNS void AS $$
BEGIN
	INSERT INTO notification_count_changes (account_id)
	SELECT c.account_id FROM notification_unread_counts c
	WHERE c.account_id = ANY (accounts);
END
$$ LANGUAGE plpgsql;

-- Notifications: per statement, whatever the number of rows.
CREATE FUNCTION notifications_count_inserted() RETURNS trigger AS $$
BEGIN
	PERFORM notification_counts_changed(ARRAY(
	    SELECT DISTINCT n.account_id FROM new_rows n));
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER notifications_count_inserted AFTER INSERT ON notifications
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION notifications_count_inserted();

CREATE FUNCTION notifications_count_removed() RETURNS trigger AS $$
BEGIN
	PERFORM notification_counts_changed(ARRAY(
	    SELECT DISTINCT n.account_id FROM old_rows n));
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER notifications_count_removed AFTER DELETE ON notifications
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION notifications_count_removed();
CREATE TRIGGER notifications_count_updated AFTER UPDATE ON notifications
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION notifications_count_removed();

-- The notifications marker: what is unread is what is newer than it.
CREATE FUNCTION markers_notification_count() RETURNS trigger AS $$
DECLARE
	m markers;
BEGIN
	IF TG_OP = 'DELETE' THEN
		m := OLD;
	ELSE
		m := NEW;
	END IF;
	IF m.timeline = 'notifications' THEN
		PERFORM notification_counts_changed(ARRAY(
		    SELECT u.account_id FROM users u WHERE u.id = m.user_id));
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER markers_notification_count
	AFTER INSERT OR UPDATE OR DELETE ON markers
	FOR EACH ROW EXECUTE FUNCTION markers_notification_count();

-- Blocks hide both ways; a mute hides from the muter; a follow shows the
-- followee's private statuses; a mention shows a direct or private one.
CREATE FUNCTION relation_notification_count() RETURNS trigger AS $$
DECLARE
	r record;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
	ELSE
		r := NEW;
	END IF;
	IF TG_TABLE_NAME = 'blocks' THEN
		PERFORM notification_counts_changed(
		    ARRAY[r.account_id, r.target_account_id]);
	ELSE
		PERFORM notification_counts_changed(ARRAY[r.account_id]);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER blocks_notification_count AFTER INSERT OR DELETE ON blocks
	FOR EACH ROW EXECUTE FUNCTION relation_notification_count();
CREATE TRIGGER mutes_notification_count
	AFTER INSERT OR UPDATE OR DELETE ON mutes
	FOR EACH ROW EXECUTE FUNCTION relation_notification_count();
CREATE TRIGGER follows_notification_count AFTER INSERT OR DELETE ON follows
	FOR EACH ROW EXECUTE FUNCTION relation_notification_count();
CREATE TRIGGER mentions_notification_count
	AFTER INSERT OR UPDATE OR DELETE ON mentions
	FOR EACH ROW EXECUTE FUNCTION relation_notification_count();

-- A status deleted, restored, narrowed or moved: those told of it.
CREATE FUNCTION statuses_notification_count() RETURNS trigger AS $$
BEGIN
	PERFORM notification_counts_changed(ARRAY(
	    SELECT DISTINCT n.account_id FROM notifications n
	    WHERE n.status_id = OLD.id));
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER statuses_notification_count
	AFTER UPDATE OF deleted_at, visibility, account_id ON statuses
	FOR EACH ROW WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
	    OR OLD.visibility IS DISTINCT FROM NEW.visibility
	    OR OLD.account_id IS DISTINCT FROM NEW.account_id)
	EXECUTE FUNCTION statuses_notification_count();

-- A suspension hides a sender's notifications and an author's statuses
-- from everyone: every count may change.
CREATE FUNCTION accounts_notification_count() RETURNS trigger AS $$
BEGIN
	INSERT INTO notification_count_changes (account_id)
	SELECT c.account_id FROM notification_unread_counts c;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_notification_count
	AFTER UPDATE OF suspended_at ON accounts
	FOR EACH ROW WHEN (OLD.suspended_at IS DISTINCT FROM NEW.suspended_at)
	EXECUTE FUNCTION accounts_notification_count();

-- The fan-out of a post, out of the poster's transaction. 0013 delivered
-- a status to every follower's feed at the commit of the transaction
-- that made it: 140 ms inside the commit of a post by an account with
-- 7,700 followers, paid by the poster. The author's own feed still gets
-- it at once, and so do the followers of an account with up to
-- home_feed_inline_max() of them (the commit stays short); anyone else's
-- status goes through home_feed_queue, which the pool drains right after
-- answering (it LISTENs on home_feed_queue: the queue's NOTIFY reaches it
-- with the commit, whoever wrote the status) and housekeeping drains
-- too. The queue is a table: a drain that dies rolls back, and the status
-- waits for the next one. Concurrent drains skip each other's rows.

CREATE TABLE home_feed_queue (
	status_id bigint PRIMARY KEY,
	queued_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION home_feed_inline_max() RETURNS int AS 'SELECT 200'
	LANGUAGE sql IMMUTABLE;

-- 0013's home_feed_fan_out, for the author alone (followers false) or for
-- the followers alone (true). An insert into a follower's feed can meet a
-- row a concurrent follow merged in: the drain then fails, the status
-- stays queued, and the next drain finds the row there and skips it.
CREATE FUNCTION home_feed_deliver(sid bigint, followers boolean)
RETURNS bigint AS $$
DECLARE
	s statuses;
	original_author bigint;
	involved bigint[];
	filtering bigint[];
	blocked_by_original bigint[] := '{}';
	n bigint;
BEGIN
	SELECT * INTO s FROM statuses WHERE id = sid AND deleted_at IS NULL;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	IF s.reblog_of_id IS NOT NULL THEN
		SELECT o.account_id INTO original_author FROM statuses o
		    WHERE o.id = s.reblog_of_id AND o.deleted_at IS NULL;
		IF NOT FOUND THEN
			RETURN 0;
		END IF;
		blocked_by_original := ARRAY(SELECT b.target_account_id
		    FROM blocks b WHERE b.account_id = original_author);
	END IF;
	involved := ARRAY(SELECT s.account_id
	    UNION SELECT original_author WHERE original_author IS NOT NULL
	    UNION SELECT m.account_id FROM mentions m
	    WHERE m.status_id IN (s.id, s.reblog_of_id) AND NOT m.silent);
	filtering := ARRAY(SELECT b.account_id FROM blocks b
	    WHERE b.target_account_id = ANY (involved)
	    UNION SELECT mu.account_id FROM mutes mu
	    WHERE mu.target_account_id = ANY (involved)
	    AND (mu.expires_at IS NULL OR mu.expires_at > now()));

	INSERT INTO home_feeds (account_id, status_id, author_id, reblog_of_id,
	    reblog_author_id)
	SELECT r.id, s.id, s.account_id, s.reblog_of_id, original_author
	FROM (
		SELECT s.account_id AS id WHERE NOT followers
		UNION ALL
		SELECT f.account_id FROM follows f
		WHERE followers AND f.target_account_id = s.account_id
		  AND (s.reblog_of_id IS NULL OR f.show_reblogs)
		  AND NOT f.account_id = ANY (filtering)
		  AND NOT f.account_id = ANY (blocked_by_original)
		  AND (s.visibility <> 'direct' OR EXISTS (SELECT 1
		      FROM mentions m WHERE m.status_id = s.id
		      AND m.account_id = f.account_id))
		  AND (s.in_reply_to_id IS NULL AND s.in_reply_to_uri IS NULL
		      OR s.in_reply_to_account_id IN (s.account_id, f.account_id)
		      OR EXISTS (SELECT 1 FROM follows f2
		          WHERE f2.account_id = f.account_id
		          AND f2.target_account_id = s.in_reply_to_account_id))
	) r
	WHERE EXISTS (SELECT 1 FROM users u WHERE u.account_id = r.id)
	  AND (s.reblog_of_id IS NULL OR NOT EXISTS (SELECT 1 FROM (
	      SELECT h.status_id, h.reblog_of_id FROM home_feeds h
	      WHERE h.account_id = r.id ORDER BY h.status_id DESC
	      LIMIT home_feed_reblog_falloff()) top
	      WHERE s.reblog_of_id IN (top.status_id, top.reblog_of_id)))
	  AND (s.reblog_of_id IS NOT NULL OR NOT EXISTS (SELECT 1
	      FROM home_feeds h WHERE h.reblog_of_id = s.id
	      AND h.account_id = r.id))
	  AND NOT EXISTS (SELECT 1 FROM home_feeds h
	      WHERE h.account_id = r.id AND h.status_id = s.id);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION home_feed_fan_out(sid bigint) RETURNS bigint AS $$
BEGIN
	RETURN home_feed_deliver(sid, false) + home_feed_deliver(sid, true);
END
$$ LANGUAGE plpgsql;

-- A new (or restored) status: to its author now; to the followers now
-- when they are few, else through the queue.
CREATE FUNCTION home_feed_post(sid bigint) RETURNS void AS $$
BEGIN
	PERFORM home_feed_deliver(sid, false);
	IF coalesce((SELECT st.followers_count FROM statuses s
	    JOIN account_stats st ON st.account_id = s.account_id
	    WHERE s.id = sid), 0) <= home_feed_inline_max() THEN
		PERFORM home_feed_deliver(sid, true);
		RETURN;
	END IF;
	INSERT INTO home_feed_queue (status_id) VALUES (sid)
	    ON CONFLICT DO NOTHING;
	PERFORM pg_notify('home_feed_queue', '');
END
$$ LANGUAGE plpgsql;

-- Deliver up to max queued statuses to the followers, oldest first; the
-- number delivered. Each status is locked while its rows go in, so a
-- deletion waits for them and then takes them out again.
CREATE FUNCTION home_feed_drain(max integer) RETURNS integer AS $$
DECLARE
	sid bigint;
	n integer := 0;
BEGIN
	FOR sid IN DELETE FROM home_feed_queue WHERE status_id IN (
	    SELECT q.status_id FROM home_feed_queue q ORDER BY q.status_id
	    LIMIT max FOR UPDATE SKIP LOCKED) RETURNING status_id LOOP
		PERFORM 1 FROM statuses WHERE id = sid AND deleted_at IS NULL
		    FOR SHARE;
		IF FOUND THEN
			PERFORM home_feed_deliver(sid, true);
		END IF;
		n := n + 1;
	END LOOP;
	RETURN n;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION statuses_home_feed_made() RETURNS trigger AS $$
BEGIN
	PERFORM home_feed_post(NEW.id);
	RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION statuses_home_feed_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'DELETE'
	    OR OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
		DELETE FROM home_feeds WHERE status_id = OLD.id;
		DELETE FROM home_feeds WHERE reblog_of_id = OLD.id;
	ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
		PERFORM home_feed_post(NEW.id);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
