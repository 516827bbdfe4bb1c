-- 0003_status_stats: per-status counters (replies, reblogs, favourites)
-- kept by triggers, as account_stats are, so loading a page of statuses
-- reads three numbers per row instead of counting three tables.

CREATE TABLE status_stats (
	status_id bigint PRIMARY KEY REFERENCES statuses(id) ON DELETE CASCADE,
	replies_count bigint NOT NULL DEFAULT 0,
	reblogs_count bigint NOT NULL DEFAULT 0,
	favourites_count bigint NOT NULL DEFAULT 0
);

INSERT INTO status_stats (status_id, replies_count, reblogs_count, favourites_count)
SELECT s.id,
    (SELECT count(*) FROM statuses r WHERE r.in_reply_to_id = s.id AND r.deleted_at IS NULL),
    (SELECT count(*) FROM statuses r WHERE r.reblog_of_id = s.id AND r.deleted_at IS NULL),
    (SELECT count(*) FROM favourites f WHERE f.status_id = s.id)
FROM statuses s
WHERE EXISTS (SELECT 1 FROM statuses r WHERE r.in_reply_to_id = s.id OR r.reblog_of_id = s.id)
   OR EXISTS (SELECT 1 FROM favourites f WHERE f.status_id = s.id);

-- Add delta to one counter of a status, creating its row on first use.
CREATE FUNCTION status_stats_add(target bigint, replies bigint, reblogs bigint, favourites bigint)
RETURNS void AS $$
	INSERT INTO status_stats AS ss (status_id, replies_count, reblogs_count, favourites_count)
	SELECT target, greatest(replies, 0), greatest(reblogs, 0), greatest(favourites, 0)
	WHERE EXISTS (SELECT 1 FROM statuses WHERE id = target)
	ON CONFLICT (status_id) DO UPDATE SET
	    replies_count = greatest(ss.replies_count + replies, 0),
	    reblogs_count = greatest(ss.reblogs_count + reblogs, 0),
	    favourites_count = greatest(ss.favourites_count + favourites, 0);
$$ LANGUAGE sql;

-- A reply or reblog counts for its parent while it exists undeleted.
CREATE FUNCTION statuses_stats_change() RETURNS trigger AS $$
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
	IF delta <> 0 AND row_.in_reply_to_id IS NOT NULL THEN
		PERFORM status_stats_add(row_.in_reply_to_id, delta, 0, 0);
	END IF;
	IF delta <> 0 AND row_.reblog_of_id IS NOT NULL THEN
		PERFORM status_stats_add(row_.reblog_of_id, 0, delta, 0);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER statuses_status_stats AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON statuses
	FOR EACH ROW EXECUTE FUNCTION statuses_stats_change();

CREATE FUNCTION favourites_stats_change() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM status_stats_add(NEW.status_id, 0, 0, 1);
	ELSE
		PERFORM status_stats_add(OLD.status_id, 0, 0, -1);
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER favourites_status_stats AFTER INSERT OR DELETE ON favourites
	FOR EACH ROW EXECUTE FUNCTION favourites_stats_change();
