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
