-- 0002_visibility_plpgsql: status_visible_to() in PL/pgSQL. The SQL
-- version holds sub-selects, so PostgreSQL could not inline it and set up
-- its executor again for every row it filtered; PL/pgSQL keeps its plans
-- and returns as soon as the answer is known. Callers also test the
-- public and unlisted cases inline, so most rows never call it.
CREATE OR REPLACE FUNCTION status_visible_to(s_id bigint, s_account_id bigint, s_visibility text, viewer bigint)
RETURNS boolean AS $$
BEGIN
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
