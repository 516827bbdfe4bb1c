-- 0004_counters_visible: counters count only what anyone may learn of, as
-- Mastodon's do. A direct message does not count towards its author's
-- statuses_count (nor move last_status_at), and only public and unlisted
-- replies count towards replies_count: otherwise "3 replies" under a
-- thread that shows one would tell strangers that hidden replies or
-- direct messages exist. The counts are recomputed under a lock so that
-- nothing written meanwhile is missed.

LOCK TABLE statuses, favourites IN SHARE ROW EXCLUSIVE MODE;

CREATE OR REPLACE FUNCTION statuses_count_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.deleted_at IS NULL AND NEW.visibility <> 'direct' THEN
			UPDATE account_stats SET statuses_count = statuses_count + 1,
			    last_status_at = greatest(last_status_at, NEW.created_at)
			    WHERE account_id = NEW.account_id;
		END IF;
	ELSIF TG_OP = 'UPDATE' THEN
		IF NEW.visibility = 'direct' THEN
			RETURN NULL;
		END IF;
		IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
			UPDATE account_stats SET statuses_count = greatest(statuses_count - 1, 0)
			    WHERE account_id = NEW.account_id;
		ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
			UPDATE account_stats SET statuses_count = statuses_count + 1
			    WHERE account_id = NEW.account_id;
		END IF;
	ELSIF TG_OP = 'DELETE' THEN
		IF OLD.deleted_at IS NULL AND OLD.visibility <> 'direct' THEN
			UPDATE account_stats SET statuses_count = greatest(statuses_count - 1, 0)
			    WHERE account_id = OLD.account_id;
		END IF;
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- Visibility never changes after a status is made, so what one event adds
-- the matching removal takes away again.
CREATE OR REPLACE FUNCTION statuses_stats_change() RETURNS trigger AS $$
DECLARE
	delta bigint := 0;
	row_ statuses;
BEGIN
	IF TG_OP = 'INSERT' THEN
		row_ := NEW;
		IF NEW.deleted_at IS NULL THEN delta := 1; END IF;
	ELSIF TG_OP = 'DELETE' THEN
		row_ := OLD;
		IF OLD.deleted_at IS NULL THEN delta := -1; END IF;
	ELSE
		row_ := NEW;
		IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
			delta := -1;
		ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
			delta := 1;
		END IF;
	END IF;
	IF delta = 0 OR row_.visibility NOT IN ('public', 'unlisted') THEN
		RETURN NULL;
	END IF;
	IF row_.in_reply_to_id IS NOT NULL THEN
		PERFORM status_stats_add(row_.in_reply_to_id, delta, 0, 0);
	END IF;
	IF row_.reblog_of_id IS NOT NULL THEN
		PERFORM status_stats_add(row_.reblog_of_id, 0, delta, 0);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;

UPDATE account_stats st SET
    statuses_count = coalesce(c.n, 0),
    last_status_at = c.last
FROM accounts a
LEFT JOIN (SELECT account_id, count(*) AS n, max(created_at) AS last
    FROM statuses WHERE deleted_at IS NULL AND visibility <> 'direct'
    GROUP BY account_id) c ON c.account_id = a.id
WHERE st.account_id = a.id;

DELETE FROM status_stats;
INSERT INTO status_stats (status_id, replies_count, reblogs_count, favourites_count)
SELECT s.id,
    (SELECT count(*) FROM statuses r WHERE r.in_reply_to_id = s.id
        AND r.deleted_at IS NULL AND r.visibility IN ('public', 'unlisted')),
    (SELECT count(*) FROM statuses r WHERE r.reblog_of_id = s.id
        AND r.deleted_at IS NULL AND r.visibility IN ('public', 'unlisted')),
    (SELECT count(*) FROM favourites f WHERE f.status_id = s.id)
FROM statuses s
WHERE EXISTS (SELECT 1 FROM statuses r WHERE r.in_reply_to_id = s.id OR r.reblog_of_id = s.id)
   OR EXISTS (SELECT 1 FROM favourites f WHERE f.status_id = s.id);
