-- 0011_notifications: notifications made by the database itself, so that
-- whichever code writes a favourite, a boost, a mention, a follow, a
-- follow request, a post or an edit, the people concerned are told, and
-- undoing the act takes the notification away again, as Mastodon's
-- dependent notifications do. Every notification, whoever inserts it,
-- passes one gate (notifications_admit) that decides whether it is wanted
-- and which group it joins. Read markers (home, notifications) live here
-- too: the unread count is measured against one.

-- Mastodon groups favourites and boosts of one post, and follows, into
-- keys "favourite-<status>-<hour>", "follow-<hour>" (NULL: not grouped).
ALTER TABLE notifications ADD COLUMN group_key text;

-- Older code could leave a follow notification behind an unfollow, so a
-- refollow made a second one; keep the first before dedup is enforced.
DELETE FROM notifications n USING notifications o
WHERE o.account_id = n.account_id AND o.type = n.type
    AND coalesce(o.status_id, 0) = coalesce(n.status_id, 0)
    AND o.from_account_id = n.from_account_id AND o.id < n.id;
UPDATE notifications SET group_key = 'follow-' ||
    floor(extract(epoch FROM created_at) / 3600)::bigint
WHERE type = 'follow';

-- One notification per act: per recipient, type, status and sender. The
-- order serves the removals, which know all four.
CREATE UNIQUE INDEX notifications_dedup ON notifications
	(account_id, type, (coalesce(status_id, 0)), from_account_id);
-- A group's members, newest last, for counts and samples.
CREATE INDEX notifications_group ON notifications (account_id, group_key, id)
	WHERE group_key IS NOT NULL;
-- Deleting a status or an account removes its notifications: without
-- these, each such delete would read the whole table.
CREATE INDEX notifications_status ON notifications (status_id)
	WHERE status_id IS NOT NULL;
CREATE INDEX notifications_from_account ON notifications (from_account_id);
-- The few follows that asked to hear of every post.
CREATE INDEX follows_notify ON follows (target_account_id) WHERE notify;

-- Does recipient refuse to hear from sender? A block either way, or a
-- mute in force that hides notifications (Mastodon drops these before
-- they are made; lib/visibility.h hides older ones when read). PL/pgSQL,
-- as every function here, so its plans are kept: a SQL function called
-- from a trigger is planned again at every call.
CREATE FUNCTION notification_unwanted(recipient bigint, sender bigint)
RETURNS boolean AS $$
BEGIN
	RETURN EXISTS (SELECT 1 FROM blocks b
	    WHERE (b.account_id = recipient AND b.target_account_id = sender)
	    OR (b.account_id = sender AND b.target_account_id = recipient))
	OR EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = recipient
	    AND m.target_account_id = sender AND m.hide_notifications
	    AND (m.expires_at IS NULL OR m.expires_at > now()));
END
$$ LANGUAGE plpgsql STABLE;

-- Mastodon's group key: the type (and status for favourites and boosts)
-- and an hour bucket. A new notification joins the newest group of its
-- kind while that group began less than 12 hours before and was added to
-- in the last 12 hours (Mastodon keeps that bucket in Redis with a 12 hour
-- expiry); otherwise it starts a group of its own hour.
CREATE FUNCTION notification_group_key(recipient bigint, kind text,
    status bigint, at timestamptz)
RETURNS text AS $$
DECLARE
	prefix text;
	bucket bigint := floor(extract(epoch FROM at) / 3600);
	-- Notification ids start with their millisecond of creation.
	recent bigint := (floor(extract(epoch FROM at - interval '12 hours')
	    * 1000))::bigint << 16;
	b bigint;
BEGIN
	IF kind IN ('favourite', 'reblog') AND status IS NOT NULL THEN
		prefix := kind || '-' || status;
	ELSIF kind IN ('follow', 'admin.sign_up') THEN
		prefix := kind;
	ELSE
		RETURN NULL;
	END IF;
	-- One index probe per candidate hour, newest first: a join with
	-- generate_series gets a generic plan that reads every row.
	FOR b IN REVERSE bucket .. bucket - 11 LOOP
		IF EXISTS (SELECT 1 FROM notifications n
		    WHERE n.account_id = recipient
		    AND n.group_key = prefix || '-' || b AND n.id > recent) THEN
			RETURN prefix || '-' || b;
		END IF;
	END LOOP;
	RETURN prefix || '-' || bucket;
END
$$ LANGUAGE plpgsql STABLE;

-- The gate: only local users hear of anything (and not while suspended),
-- never of their own acts (Mastodon's exceptions kept), never from
-- someone they refuse, and of each act once.
CREATE FUNCTION notifications_admit() RETURNS trigger AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM users u JOIN accounts a
	    ON a.id = u.account_id WHERE u.account_id = NEW.account_id
	    AND a.suspended_at IS NULL) THEN
		RETURN NULL;
	END IF;
	IF NEW.from_account_id = NEW.account_id AND NEW.type NOT IN
	    ('poll', 'severed_relationships', 'moderation_warning') THEN
		RETURN NULL;
	END IF;
	IF NEW.from_account_id <> NEW.account_id AND
	    notification_unwanted(NEW.account_id, NEW.from_account_id) THEN
		RETURN NULL;
	END IF;
	IF EXISTS (SELECT 1 FROM notifications n
	    WHERE n.account_id = NEW.account_id AND n.type = NEW.type
	    AND coalesce(n.status_id, 0) = coalesce(NEW.status_id, 0)
	    AND n.from_account_id = NEW.from_account_id) THEN
		RETURN NULL;
	END IF;
	IF NEW.group_key IS NULL THEN
		NEW.group_key := notification_group_key(NEW.account_id,
		    NEW.type, NEW.status_id, NEW.created_at);
	END IF;
	RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER notifications_admit BEFORE INSERT ON notifications
	FOR EACH ROW EXECUTE FUNCTION notifications_admit();

-- Remove the notification one act made.
CREATE FUNCTION notification_retract(recipient bigint, kind text,
    status bigint, sender bigint)
RETURNS void AS $$
BEGIN
	DELETE FROM notifications WHERE account_id = recipient AND type = kind
	    AND coalesce(status_id, 0) = coalesce(status, 0)
	    AND from_account_id = sender;
END
$$ LANGUAGE plpgsql;

-- A favourite tells the author of the status; unfavouriting retracts it.
CREATE FUNCTION favourites_notify() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO notifications (account_id, from_account_id, type,
		    status_id)
		SELECT s.account_id, NEW.account_id, 'favourite', s.id
		FROM statuses s WHERE s.id = NEW.status_id
		AND s.deleted_at IS NULL
		ON CONFLICT DO NOTHING;
	ELSE
		PERFORM notification_retract(s.account_id, 'favourite', s.id,
		    OLD.account_id) FROM statuses s WHERE s.id = OLD.status_id;
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER favourites_notify AFTER INSERT OR DELETE ON favourites
	FOR EACH ROW EXECUTE FUNCTION favourites_notify();

-- A mention tells the account mentioned, unless silent or in a boost.
CREATE FUNCTION mentions_notify() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO notifications (account_id, from_account_id, type,
		    status_id)
		SELECT NEW.account_id, s.account_id, 'mention', s.id
		FROM statuses s WHERE s.id = NEW.status_id AND NOT NEW.silent
		AND s.reblog_of_id IS NULL AND s.deleted_at IS NULL
		ON CONFLICT DO NOTHING;
	ELSE
		PERFORM notification_retract(OLD.account_id, 'mention',
		    s.id, s.account_id) FROM statuses s
		    WHERE s.id = OLD.status_id;
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER mentions_notify AFTER INSERT OR DELETE ON mentions
	FOR EACH ROW EXECUTE FUNCTION mentions_notify();

-- A follow tells the account followed, except when it comes from that
-- account authorizing a request: Mastodon's authorize makes the follow
-- without a notification. The request still exists when the follow is
-- written first; when it was removed first, in the same transaction, its
-- removal left a transaction-local note (follow_requests_notify).
CREATE FUNCTION follows_notify() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF EXISTS (SELECT 1 FROM follow_requests r
		    WHERE r.account_id = NEW.account_id
		    AND r.target_account_id = NEW.target_account_id) OR
		    current_setting('woolly.request_' || NEW.account_id ||
		    '_' || NEW.target_account_id, true) = 'gone' THEN
			RETURN NULL;
		END IF;
		INSERT INTO notifications (account_id, from_account_id, type)
		VALUES (NEW.target_account_id, NEW.account_id, 'follow')
		ON CONFLICT DO NOTHING;
	ELSE
		PERFORM notification_retract(OLD.target_account_id, 'follow',
		    NULL, OLD.account_id);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER follows_notify AFTER INSERT OR DELETE ON follows
	FOR EACH ROW EXECUTE FUNCTION follows_notify();

-- A follow request tells the locked account; withdrawn, authorized or
-- rejected, its notification goes.
CREATE FUNCTION follow_requests_notify() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO notifications (account_id, from_account_id, type)
		VALUES (NEW.target_account_id, NEW.account_id,
		    'follow_request')
		ON CONFLICT DO NOTHING;
	ELSE
		PERFORM notification_retract(OLD.target_account_id,
		    'follow_request', NULL, OLD.account_id);
		PERFORM set_config('woolly.request_' || OLD.account_id || '_' ||
		    OLD.target_account_id, 'gone', true);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER follow_requests_notify AFTER INSERT OR DELETE
	ON follow_requests
	FOR EACH ROW EXECUTE FUNCTION follow_requests_notify();

-- A new status: a boost tells the author of the boosted status; a post
-- that is not a reply to someone else, and not a direct message, tells
-- the followers who asked to hear of every post (follows.notify) and do
-- not mute its author, as Mastodon's home feed filter would.
CREATE FUNCTION statuses_notify_insert(s statuses) RETURNS void AS $$
BEGIN
	IF s.deleted_at IS NOT NULL THEN
		RETURN;
	END IF;
	IF s.reblog_of_id IS NOT NULL THEN
		INSERT INTO notifications (account_id, from_account_id, type,
		    status_id)
		SELECT o.account_id, s.account_id, 'reblog', o.id
		FROM statuses o WHERE o.id = s.reblog_of_id
		AND o.deleted_at IS NULL
		ON CONFLICT DO NOTHING;
		RETURN;
	END IF;
	IF s.visibility = 'direct' OR (s.in_reply_to_id IS NOT NULL AND
	    s.in_reply_to_account_id IS DISTINCT FROM s.account_id) OR
	    (s.in_reply_to_id IS NULL AND s.in_reply_to_uri IS NOT NULL) THEN
		RETURN;
	END IF;
	INSERT INTO notifications (account_id, from_account_id, type, status_id)
	SELECT f.account_id, s.account_id, 'status', s.id FROM follows f
	WHERE f.target_account_id = s.account_id AND f.notify
	AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = f.account_id
	    AND m.target_account_id = s.account_id
	    AND (m.expires_at IS NULL OR m.expires_at > now()))
	ON CONFLICT DO NOTHING;
END
$$ LANGUAGE plpgsql;

-- An edit tells those who boosted the status (Mastodon's "update"); each
-- edit replaces the notification of the one before.
CREATE FUNCTION statuses_notify_edit(s statuses) RETURNS void AS $$
BEGIN
	DELETE FROM notifications WHERE status_id = s.id AND type = 'update';
	INSERT INTO notifications (account_id, from_account_id, type, status_id)
	SELECT DISTINCT r.account_id, s.account_id, 'update', s.id
	FROM statuses r WHERE r.reblog_of_id = s.id AND r.deleted_at IS NULL
	ON CONFLICT DO NOTHING;
END
$$ LANGUAGE plpgsql;

-- A status gone takes every notification about it along; a boost gone
-- takes back the notification it made.
CREATE FUNCTION statuses_notify_gone(s statuses) RETURNS void AS $$
BEGIN
	DELETE FROM notifications WHERE status_id = s.id;
	IF s.reblog_of_id IS NOT NULL THEN
		PERFORM notification_retract(o.account_id, 'reblog', o.id,
		    s.account_id) FROM statuses o WHERE o.id = s.reblog_of_id;
	END IF;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION statuses_notify() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM statuses_notify_insert(NEW);
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM statuses_notify_gone(OLD);
	ELSIF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
		PERFORM statuses_notify_gone(NEW);
	ELSIF NEW.edited_at IS NOT NULL AND NEW.deleted_at IS NULL AND
	    NEW.reblog_of_id IS NULL AND
	    NEW.edited_at IS DISTINCT FROM OLD.edited_at THEN
		PERFORM statuses_notify_edit(NEW);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER statuses_notify AFTER INSERT OR DELETE
	OR UPDATE OF deleted_at, edited_at ON statuses
	FOR EACH ROW EXECUTE FUNCTION statuses_notify();

-- Where a user stopped reading a timeline (Mastodon's markers); version
-- counts the changes, as Rails' lock_version does.
CREATE TABLE markers (
	user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	timeline text NOT NULL CHECK (timeline IN ('home', 'notifications')),
	last_read_id bigint NOT NULL,
	version integer NOT NULL DEFAULT 0,
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (user_id, timeline)
);
