-- What the page cache hears of committed writes (lib/content_changes.c).
--
-- Signed-out pages are cached under content generations, one per scope:
-- 'local' (local accounts and posts, and everything their pages show:
-- the remote replies in a local thread, remote favourites and boosts of
-- local posts, remote followers of local accounts) and 'remote' (remote
-- posts and accounts no local page shows). Every cached page depends on
-- the local generation; only pages that can show remote content (the
-- federated timeline, tags, remote profiles and threads) on the remote
-- one too, so the traffic of the Fediverse does not empty the cache of
-- the instance's own pages.
--
-- The triggers below name the scopes a transaction touched by NOTIFY on a
-- channel of the writing connection's own (woolly_changes_PID), which
-- only that connection listens to; PostgreSQL delivers it at COMMIT (and
-- drops it on ROLLBACK) and sends one notification per scope however many
-- rows changed. The writer then moves those generations on, before it
-- answers: no handler or program names the pages its writes affect.

CREATE FUNCTION content_changed(scope text) RETURNS void AS $$
BEGIN
	PERFORM pg_notify('woolly_changes_' || pg_backend_pid(), scope);
END;
$$ LANGUAGE plpgsql;

-- An account's scope: local accounts are on local pages; a remote one
-- whose suspension or silencing changed is too (its replies leave local
-- threads); other changes of a remote account are remote.
CREATE FUNCTION content_account_scope(a accounts) RETURNS text AS $$
BEGIN
	RETURN CASE WHEN a.domain IS NULL THEN 'local' ELSE 'remote' END;
END;
$$ LANGUAGE plpgsql STABLE;

CREATE FUNCTION content_account_id_scope(id bigint) RETURNS text AS $$
BEGIN
	RETURN CASE WHEN EXISTS (SELECT 1 FROM accounts a
	    WHERE a.id = content_account_id_scope.id AND a.domain IS NOT NULL)
	    THEN 'remote' ELSE 'local' END;
END;
$$ LANGUAGE plpgsql STABLE;

-- A status' scope: local when it is local, when its thread holds a local
-- post (conversation), when it boosts a local post, or when a local post
-- boosts it (its edits and deletion show on that booster's profile).
CREATE FUNCTION content_status_scope(s statuses) RETURNS text AS $$
BEGIN
	IF s.local OR
	    (s.conversation_id IS NOT NULL AND EXISTS (SELECT 1 FROM statuses c
	    WHERE c.conversation_id = s.conversation_id AND c.local)) OR
	    (s.in_reply_to_id IS NOT NULL AND EXISTS (SELECT 1 FROM statuses p
	    WHERE p.id = s.in_reply_to_id AND p.local)) OR
	    (s.reblog_of_id IS NOT NULL AND EXISTS (SELECT 1 FROM statuses r
	    WHERE r.id = s.reblog_of_id AND r.local)) OR
	    EXISTS (SELECT 1 FROM statuses b
	    WHERE b.reblog_of_id = s.id AND b.local) THEN
		RETURN 'local';
	END IF;
	RETURN 'remote';
END;
$$ LANGUAGE plpgsql STABLE;

CREATE FUNCTION content_status_id_scope(id bigint) RETURNS text AS $$
DECLARE
	s statuses;
BEGIN
	SELECT * INTO s FROM statuses WHERE statuses.id = content_status_id_scope.id;
	-- Gone already (a cascade): the status' own trigger said its scope.
	IF NOT FOUND THEN
		RETURN 'remote';
	END IF;
	RETURN content_status_scope(s);
END;
$$ LANGUAGE plpgsql STABLE;

CREATE FUNCTION accounts_content_changed() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM content_changed(content_account_scope(OLD));
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.domain IS NOT NULL AND
	    (NEW.suspended_at IS DISTINCT FROM OLD.suspended_at OR
	    NEW.silenced_at IS DISTINCT FROM OLD.silenced_at) THEN
		PERFORM content_changed('local');
		RETURN NULL;
	END IF;
	-- A remote actor fetched again unchanged changes no page.
	IF TG_OP = 'UPDATE' AND NEW.domain IS NOT NULL AND
	    (NEW.username, NEW.display_name, NEW.note, NEW.url,
	    NEW.actor_type, NEW.locked, NEW.bot, NEW.avatar_url,
	    NEW.header_url, NEW.fields, NEW.moved_to_account_id,
	    NEW.memorial) IS NOT DISTINCT FROM
	    (OLD.username, OLD.display_name, OLD.note, OLD.url,
	    OLD.actor_type, OLD.locked, OLD.bot, OLD.avatar_url,
	    OLD.header_url, OLD.fields, OLD.moved_to_account_id,
	    OLD.memorial) THEN
		RETURN NULL;
	END IF;
	PERFORM content_changed(content_account_scope(NEW));
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON accounts
	FOR EACH ROW EXECUTE FUNCTION accounts_content_changed();

CREATE FUNCTION statuses_content_changed() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM content_changed(content_status_scope(OLD));
	ELSE
		PERFORM content_changed(content_status_scope(NEW));
	END IF;
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER statuses_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON statuses
	FOR EACH ROW EXECUTE FUNCTION statuses_content_changed();

-- Counts: a profile's and a status' numbers are on their pages.
CREATE FUNCTION account_stats_content_changed() RETURNS trigger AS $$
BEGIN
	PERFORM content_changed(content_account_id_scope(
	    CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id
	    ELSE NEW.account_id END));
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER account_stats_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON account_stats
	FOR EACH ROW EXECUTE FUNCTION account_stats_content_changed();

CREATE FUNCTION status_row_content_changed() RETURNS trigger AS $$
BEGIN
	PERFORM content_changed(content_status_id_scope(
	    CASE WHEN TG_OP = 'DELETE' THEN OLD.status_id
	    ELSE NEW.status_id END));
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Favourites (favourited_by lists), pins (featured, profiles) and counts.
CREATE TRIGGER status_stats_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON status_stats
	FOR EACH ROW EXECUTE FUNCTION status_row_content_changed();
CREATE TRIGGER favourites_content_changed
	AFTER INSERT OR DELETE ON favourites
	FOR EACH ROW EXECUTE FUNCTION status_row_content_changed();
CREATE TRIGGER status_pins_content_changed
	AFTER INSERT OR DELETE ON status_pins
	FOR EACH ROW EXECUTE FUNCTION status_row_content_changed();

-- Follower and following lists: on a local account's pages when either
-- side is local.
CREATE FUNCTION follows_content_changed() RETURNS trigger AS $$
DECLARE
	f follows;
BEGIN
	IF TG_OP = 'DELETE' THEN f := OLD; ELSE f := NEW; END IF;
	IF content_account_id_scope(f.account_id) = 'local' OR
	    content_account_id_scope(f.target_account_id) = 'local' THEN
		PERFORM content_changed('local');
	ELSE
		PERFORM content_changed('remote');
	END IF;
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER follows_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON follows
	FOR EACH ROW EXECUTE FUNCTION follows_content_changed();

-- What the instance says of itself, and which domains it shows: every
-- page (the local generation, which every page depends on).
CREATE FUNCTION instance_content_changed() RETURNS trigger AS $$
BEGIN
	PERFORM content_changed('local');
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER instance_settings_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON instance_settings
	FOR EACH ROW EXECUTE FUNCTION instance_content_changed();
CREATE TRIGGER instance_rules_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON instance_rules
	FOR EACH ROW EXECUTE FUNCTION instance_content_changed();
CREATE TRIGGER domain_blocks_content_changed
	AFTER INSERT OR UPDATE OR DELETE ON domain_blocks
	FOR EACH ROW EXECUTE FUNCTION instance_content_changed();
-- The instance's contact account is its first admin: a change of role
-- or approval changes the instance's documents and the accounts shown.
CREATE TRIGGER users_content_changed
	AFTER UPDATE OF role, approved ON users
	FOR EACH ROW EXECUTE FUNCTION instance_content_changed();
