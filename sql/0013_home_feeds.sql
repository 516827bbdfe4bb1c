-- 0013_home_feeds: home timelines kept ready to read, as Mastodon keeps
-- them in Redis: one row per (reader, status), written when the status is
-- made, so a page of /home is one backward walk of (account_id, status_id)
-- instead of a merge over every followed account.
--
-- Triggers write it, so every writer (web, API, federation, psql) keeps it
-- right with no C code to forget:
--   statuses  made: fanned out to the author and their local followers
--             (at commit, once the mentions are in); deleted: taken out,
--             with every reblog of it;
--   follows   made: the followee's recent statuses merged in; removed:
--             the followee's statuses (and reblogs) taken out;
--   blocks, mutes  made: the target's statuses, reblogs of them and
--             statuses mentioning them taken out.
-- Mastodon's home rules (FeedManager#filter_from_home) are applied on the
-- way in: one's own statuses always; a direct status only for those it
-- mentions; a reply only when the reader follows the replied-to account,
-- or it replies to the reader, or to its own author; a reblog only when
-- the follow shows reblogs and the boosted author does not block the
-- reader, and not again while the original or another reblog of it is
-- among the reader's 40 newest entries; nothing by, boosting or
-- mentioning an account the reader blocks or mutes. Suspensions, blocks,
-- mutes and hidden reblogs are applied once more when reading
-- (lib/timeline.c), so lifting a suspension brings statuses back.
--
-- Only accounts with a login (users) get a feed. Housekeeping trims each
-- feed to home_feed_size() rows; an empty feed whose owner follows people
-- is rebuilt when it is read (woollyctl feed rebuild does it by hand), so
-- an instance upgraded to this migration fills its feeds lazily.
--
-- No foreign keys: their checks would cost a lookup per row of a fan-out
-- of thousands. Rows go with their status or reader by the triggers here.

CREATE TABLE home_feeds (
	account_id bigint NOT NULL,      -- whose feed
	status_id bigint NOT NULL,       -- the status or the reblog shown
	author_id bigint NOT NULL,       -- statuses.account_id: the booster of a reblog
	reblog_of_id bigint,             -- the boosted status of a reblog
	reblog_author_id bigint,         -- and its author
	PRIMARY KEY (account_id, status_id)
);
-- Taking a deleted status (or the reblogs of one) out of every feed.
CREATE INDEX home_feeds_status ON home_feeds (status_id);
CREATE INDEX home_feeds_reblog_of ON home_feeds (reblog_of_id, account_id)
	WHERE reblog_of_id IS NOT NULL;
-- Who mutes the accounts a new status involves (blocks has blocks_target).
CREATE INDEX mutes_target ON mutes (target_account_id, account_id);

-- The sizes, in one place: rows kept per feed (Mastodon kept 800 before
-- 4.3 trimmed it to 400), statuses merged in on a follow (a quarter), and
-- the reblog falloff (Mastodon's REBLOG_FALLOFF).
CREATE FUNCTION home_feed_size() RETURNS int AS 'SELECT 800'
	LANGUAGE sql IMMUTABLE;
CREATE FUNCTION home_feed_merge_size() RETURNS int AS 'SELECT 200'
	LANGUAGE sql IMMUTABLE;
CREATE FUNCTION home_feed_reblog_falloff() RETURNS int AS 'SELECT 40'
	LANGUAGE sql IMMUTABLE;

-- Deliver one status to the feeds of its author and their local followers:
-- the write side of a post, one INSERT whatever the number of followers.
-- Whoever blocks or mutes an account the status involves is found once,
-- through the target indexes, rather than asked of each follower. No ON
-- CONFLICT: with a second index it costs three times as much per row,
-- and nothing else can be writing these pairs, as the status is not
-- visible to any other transaction before this one commits (the trigger
-- runs at commit); NOT EXISTS covers a fan-out run again (undeletion).
CREATE FUNCTION home_feed_fan_out(sid bigint) RETURNS bigint AS $$
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
		SELECT s.account_id AS id
		UNION ALL
		SELECT f.account_id FROM follows f
		WHERE f.target_account_id = s.account_id
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

-- Merge statuses (candidates) into one reader's feed: the read side of a
-- new follow and of a rebuild, with the same rules as the fan-out. Of
-- several reblogs of one status (or the status and reblogs of it) only
-- the newest goes in, and none that is already in the feed in any form.
CREATE FUNCTION home_feed_add(reader bigint, candidates bigint[])
RETURNS bigint AS $$
DECLARE
	filtering bigint[];
	blocked_by bigint[];
	n bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM users u WHERE u.account_id = reader)
	    OR cardinality(candidates) = 0 THEN
		RETURN 0;
	END IF;
	filtering := ARRAY(SELECT b.target_account_id FROM blocks b
	    WHERE b.account_id = reader
	    UNION SELECT mu.target_account_id FROM mutes mu
	    WHERE mu.account_id = reader
	    AND (mu.expires_at IS NULL OR mu.expires_at > now()));
	blocked_by := ARRAY(SELECT b.account_id FROM blocks b
	    WHERE b.target_account_id = reader);

	-- The boosted status's author by a probe per reblog: a join would
	-- be planned as a hash of every status when the candidates are many.
	WITH cand AS MATERIALIZED (
		SELECT s.id, s.account_id, s.reblog_of_id, s.visibility,
		    s.in_reply_to_id, s.in_reply_to_uri,
		    s.in_reply_to_account_id,
		    (SELECT o.account_id FROM statuses o
		    WHERE o.id = s.reblog_of_id AND o.deleted_at IS NULL)
		    AS original_author
		FROM statuses s
		WHERE s.id = ANY (candidates) AND s.deleted_at IS NULL
	)
	INSERT INTO home_feeds (account_id, status_id, author_id, reblog_of_id,
	    reblog_author_id)
	SELECT DISTINCT ON (coalesce(s.reblog_of_id, s.id))
	    reader, s.id, s.account_id, s.reblog_of_id, s.original_author
	FROM cand s
	WHERE (s.reblog_of_id IS NULL OR s.original_author IS NOT NULL)
	  AND (s.account_id = reader OR (
	      (s.visibility <> 'direct' OR EXISTS (SELECT 1 FROM mentions m
	          WHERE m.status_id = s.id AND m.account_id = reader))
	      AND (s.in_reply_to_id IS NULL AND s.in_reply_to_uri IS NULL
	          OR s.in_reply_to_account_id IN (s.account_id, reader)
	          OR EXISTS (SELECT 1 FROM follows f2
	              WHERE f2.account_id = reader
	              AND f2.target_account_id = s.in_reply_to_account_id))
	      AND (s.reblog_of_id IS NULL OR EXISTS (SELECT 1 FROM follows f
	          WHERE f.account_id = reader
	          AND f.target_account_id = s.account_id AND f.show_reblogs))
	      AND NOT s.account_id = ANY (filtering)
	      AND NOT coalesce(s.original_author = ANY (filtering)
	          OR s.original_author = ANY (blocked_by), false)
	      AND (cardinality(filtering) = 0 OR NOT EXISTS (SELECT 1
	          FROM mentions m WHERE m.status_id IN (s.id, s.reblog_of_id)
	          AND NOT m.silent AND m.account_id = ANY (filtering)))))
	  AND NOT EXISTS (SELECT 1 FROM home_feeds h
	      WHERE h.account_id = reader AND h.status_id = s.reblog_of_id)
	  AND NOT EXISTS (SELECT 1 FROM home_feeds h
	      WHERE h.reblog_of_id = coalesce(s.reblog_of_id, s.id)
	      AND h.account_id = reader AND h.status_id <> s.id)
	ORDER BY coalesce(s.reblog_of_id, s.id), s.id DESC
	ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$ LANGUAGE plpgsql;

-- Keep the newest home_feed_size() rows of one feed, or of every feed of
-- a user (reader NULL: housekeeping). Walks each feed's key backwards to
-- its cut, so the cost follows the number of users, not of rows.
CREATE FUNCTION home_feed_trim(reader bigint) RETURNS bigint AS $$
	WITH cut AS (
		SELECT u.account_id, c.status_id FROM users u
		CROSS JOIN LATERAL (SELECT h.status_id FROM home_feeds h
		    WHERE h.account_id = u.account_id
		    ORDER BY h.status_id DESC OFFSET home_feed_size() LIMIT 1) c
		WHERE reader IS NULL OR u.account_id = reader
	), gone AS (
		DELETE FROM home_feeds h USING cut
		WHERE h.account_id = cut.account_id
		  AND h.status_id <= cut.status_id
		RETURNING 1
	)
	SELECT count(*) FROM gone;
$$ LANGUAGE sql;

-- Build a feed again from scratch: the newest statuses of the reader and
-- of everyone they follow (twice the size, as some are filtered out),
-- merged, then trimmed. One short backward walk per followed account.
CREATE FUNCTION home_feed_rebuild(reader bigint) RETURNS bigint AS $$
DECLARE
	n bigint;
BEGIN
	DELETE FROM home_feeds WHERE account_id = reader;
	n := home_feed_add(reader, ARRAY(
	    SELECT page.id FROM (
		SELECT f.target_account_id AS id FROM follows f
		WHERE f.account_id = reader
		UNION ALL SELECT reader) author
	    CROSS JOIN LATERAL (SELECT s.id FROM statuses s
		WHERE s.account_id = author.id AND s.deleted_at IS NULL
		ORDER BY s.id DESC LIMIT 2 * home_feed_size()) page
	    ORDER BY page.id DESC LIMIT 2 * home_feed_size()));
	RETURN n - home_feed_trim(reader);
END
$$ LANGUAGE plpgsql;

-- Rebuild a feed only when it is empty: what reading /home does, cheap
-- when the feed has rows (one index probe).
CREATE FUNCTION home_feed_fill(reader bigint) RETURNS bigint AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM home_feeds h WHERE h.account_id = reader) THEN
		RETURN 0;
	END IF;
	RETURN home_feed_rebuild(reader);
END
$$ LANGUAGE plpgsql;

-- Take out of a reader's feed what target wrote, boosted or was
-- mentioned in (Mastodon's clear_from_home): for blocks and mutes.
CREATE FUNCTION home_feed_forget(reader bigint, target bigint)
RETURNS bigint AS $$
	WITH gone AS (
		DELETE FROM home_feeds h
		WHERE h.account_id = reader
		  AND (h.author_id = target OR h.reblog_author_id = target
		      OR EXISTS (SELECT 1 FROM mentions m
		          WHERE m.account_id = target AND NOT m.silent
		          AND m.status_id IN (h.status_id, h.reblog_of_id)))
		RETURNING 1
	)
	SELECT count(*) FROM gone;
$$ LANGUAGE sql;

-- Statuses -------------------------------------------------------------

CREATE FUNCTION statuses_home_feed_made() RETURNS trigger AS $$
BEGIN
	PERFORM home_feed_fan_out(NEW.id);
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- At commit: a status's mentions are written after it, in the same
-- transaction, and decide who a direct status reaches.
CREATE CONSTRAINT TRIGGER statuses_home_feed_made AFTER INSERT ON statuses
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION statuses_home_feed_made();

CREATE FUNCTION statuses_home_feed_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'DELETE'
	    OR OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
		DELETE FROM home_feeds WHERE status_id = OLD.id;
		DELETE FROM home_feeds WHERE reblog_of_id = OLD.id;
	ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
		PERFORM home_feed_fan_out(NEW.id);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER statuses_home_feed_change
	AFTER DELETE OR UPDATE OF deleted_at ON statuses
	FOR EACH ROW EXECUTE FUNCTION statuses_home_feed_change();

-- Follows, blocks, mutes, accounts -------------------------------------

CREATE FUNCTION follows_home_feed_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF EXISTS (SELECT 1 FROM users u
		    WHERE u.account_id = NEW.account_id) THEN
			PERFORM home_feed_add(NEW.account_id, ARRAY(
			    SELECT s.id FROM statuses s
			    WHERE s.account_id = NEW.target_account_id
			    AND s.deleted_at IS NULL
			    ORDER BY s.id DESC LIMIT home_feed_merge_size()));
		END IF;
	ELSE
		DELETE FROM home_feeds WHERE account_id = OLD.account_id
		    AND author_id = OLD.target_account_id;
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER follows_home_feed AFTER INSERT OR DELETE ON follows
	FOR EACH ROW EXECUTE FUNCTION follows_home_feed_change();

-- A block hides each from the other; a mute (made, or made again with
-- another duration) hides the target from the muter.
CREATE FUNCTION blocks_mutes_home_feed_made() RETURNS trigger AS $$
BEGIN
	PERFORM home_feed_forget(NEW.account_id, NEW.target_account_id);
	IF TG_TABLE_NAME = 'blocks' THEN
		PERFORM home_feed_forget(NEW.target_account_id, NEW.account_id);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER blocks_home_feed AFTER INSERT ON blocks
	FOR EACH ROW EXECUTE FUNCTION blocks_mutes_home_feed_made();
CREATE TRIGGER mutes_home_feed AFTER INSERT OR UPDATE ON mutes
	FOR EACH ROW EXECUTE FUNCTION blocks_mutes_home_feed_made();

CREATE FUNCTION accounts_home_feed_gone() RETURNS trigger AS $$
BEGIN
	DELETE FROM home_feeds WHERE account_id = OLD.id;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_home_feed AFTER DELETE ON accounts
	FOR EACH ROW EXECUTE FUNCTION accounts_home_feed_gone();
