-- 0005_suspension_visibility: a suspended author's statuses are seen by
-- no one, wherever status_visible_to() decides (lib/visibility.h applies
-- the same rule inline before calling it).
CREATE OR REPLACE FUNCTION status_visible_to(s_id bigint, s_account_id bigint, s_visibility text, viewer bigint)
RETURNS boolean AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM accounts a WHERE a.id = s_account_id
	    AND a.suspended_at IS NOT NULL) THEN
		RETURN false;
	END IF;
	IF s_visibility IN ('public', 'unlisted') THEN
		RETURN true;
	END IF;
	IF viewer IS NULL THEN
		RETURN false;
	END IF;
	IF viewer = s_account_id THEN
		RETURN true;
	END IF;
	IF EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s_id AND m.account_id = viewer) THEN
		RETURN true;
	END IF;
	RETURN s_visibility = 'private' AND EXISTS (SELECT 1 FROM follows f
	    WHERE f.account_id = viewer AND f.target_account_id = s_account_id);
END
$$ LANGUAGE plpgsql STABLE;

-- Every timeline query asks "is this author suspended?" per row. Without
-- this index PostgreSQL answers with a scan of all accounts per query;
-- with it, a probe of an index that holds only the suspended few.
CREATE INDEX accounts_suspended ON accounts (id) WHERE suspended_at IS NOT NULL;
