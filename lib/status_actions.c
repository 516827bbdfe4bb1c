/*
 * status_actions: favourites, bookmarks, boosts, conversation mutes and
 * pins. Marks are one table of SQL (Redis' habit): each is put on with an
 * INSERT that ignores a second time and taken off with a DELETE, so
 * repeating a request changes nothing, as Mastodon's find_or_create does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "outbox.h"
#include "status.h"
#include "status_actions.h"
#include "timeline.h"
#include "visibility.h"

/* The status an action is about, as its actor may see it. */
struct target {
	int64_t	id;
	int64_t	account_id;
	int64_t	reblog_of_id;
	int64_t	conversation_id;
	char	visibility[16];
	int	actor_blocks_author;
};

/* The id a request names, or the boosted status when it names a boost. */
#define PROPER_ID(named) \
	"(SELECT coalesce(r.reblog_of_id, r.id) FROM statuses r " \
	"WHERE r.id = " named ")"

/* 1 when the actor may see status id, 0 when not, -1. */
static int
target_load(struct db *db, int64_t actor, int64_t id, struct target *t)
{
	static const char *sql =
	    "SELECT s.id, s.account_id, s.reblog_of_id, s.conversation_id, "
	    "s.visibility, EXISTS (SELECT 1 FROM blocks b WHERE "
	    "b.account_id = $2 AND b.target_account_id = s.account_id) "
	    "FROM statuses s WHERE s.id = $1 AND " STATUS_SHOWN_TO("$2");
	struct db_params p;
	PGresult *res;
	int found;

	memset(t, 0, sizeof(*t));
	db_params_init(&p);
	dbp_int(&p, id);
	dbp_int(&p, actor);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		t->id = db_int(res, 0, 0);
		t->account_id = db_int(res, 0, 1);
		t->reblog_of_id = db_int(res, 0, 2);
		t->conversation_id = db_int(res, 0, 3);
		snprintf(t->visibility, sizeof(t->visibility), "%s",
		    PQgetvalue(res, 0, 4));
		t->actor_blocks_author = db_bool(res, 0, 5);
	}
	PQclear(res);
	return found;
}

/* The boosted status when id is a boost (it must be visible too). */
static int
target_load_proper(struct db *db, int64_t actor, int64_t id, struct target *t)
{
	int rc = target_load(db, actor, id, t);

	if (rc == 1 && t->reblog_of_id != 0)
		rc = target_load(db, actor, t->reblog_of_id, t);
	return rc;
}

/*
 * $1 the actor, $2 the status (add: already the proper one; remove: as
 * named). A removal returns the id of the status that carried the mark.
 * The notifications of a favourite or a boost, and their withdrawal, are
 * the database's (triggers on favourites and statuses, sql/0011).
 */
struct mark_sql {
	const char	*add;
	const char	*remove;
};

static const struct mark_sql marks[] = {
	[MARK_FAVOURITE] = {
	    "INSERT INTO favourites (account_id, status_id) VALUES ($1, $2) "
	    "ON CONFLICT DO NOTHING",
	    "DELETE FROM favourites WHERE account_id = $1 "
	    "AND status_id = " PROPER_ID("$2") " RETURNING status_id" },
	[MARK_BOOKMARK] = {
	    "INSERT INTO bookmarks (account_id, status_id) VALUES ($1, $2) "
	    "ON CONFLICT DO NOTHING",
	    "DELETE FROM bookmarks WHERE account_id = $1 "
	    "AND status_id = " PROPER_ID("$2") " RETURNING status_id" },
	[MARK_CONVERSATION_MUTE] = {
	    "INSERT INTO conversation_mutes (account_id, conversation_id) "
	    "SELECT $1, s.conversation_id FROM statuses s WHERE s.id = $2 "
	    "AND s.conversation_id IS NOT NULL ON CONFLICT DO NOTHING",
	    "DELETE FROM conversation_mutes cm USING statuses s "
	    "WHERE s.id = " PROPER_ID("$2") " AND cm.account_id = $1 "
	    "AND cm.conversation_id = s.conversation_id RETURNING s.id" },
};

static enum status_action_result undo(struct db *, const char *sql,
    int64_t actor, int64_t id, int64_t *acted_on);

/* Favourite status and, the first time, send the Like. */
static enum status_action_result
favourite(struct db *db, int64_t actor, int64_t status, int64_t *acted_on)
{
	static const char *sql =
	    "INSERT INTO favourites (account_id, status_id) VALUES ($1, $2) "
	    "ON CONFLICT DO NOTHING RETURNING id";
	struct db_params p;
	PGresult *res;

	if (db_begin(db) == -1)
		return ACTION_ERROR;
	db_params_init(&p);
	dbp_int(&p, actor);
	dbp_int(&p, status);
	if ((res = db_run(db, sql, &p)) == NULL)
		goto rollback;
	if (PQntuples(res) == 1 && outbox_favourited(db, actor, status,
	    db_int(res, 0, 0), 0) == -1) {
		PQclear(res);
		goto rollback;
	}
	PQclear(res);
	if (db_commit(db) == -1)
		goto rollback;
	*acted_on = status;
	return ACTION_DONE;
rollback:
	db_rollback(db);
	return ACTION_ERROR;
}

/* Take the favourite back and send the Undo of its Like. */
static enum status_action_result
unfavourite(struct db *db, const char *sql, int64_t actor, int64_t id,
    int64_t *acted_on)
{
	static const char *find_sql =
	    "SELECT f.id, f.status_id FROM favourites f JOIN statuses s "
	    "ON s.id = f.status_id WHERE f.account_id = $1 "
	    "AND s.id = " PROPER_ID("$2");
	struct db_params p;
	PGresult *res;
	enum status_action_result rc;
	int64_t fav = 0, status = 0;

	if (db_begin(db) == -1)
		return ACTION_ERROR;
	db_params_init(&p);
	dbp_int(&p, actor);
	dbp_int(&p, id);
	if ((res = db_run(db, find_sql, &p)) == NULL)
		goto rollback;
	if (PQntuples(res) == 1) {
		fav = db_int(res, 0, 0);
		status = db_int(res, 0, 1);
	}
	PQclear(res);
	if ((rc = undo(db, sql, actor, id, acted_on)) == ACTION_ERROR ||
	    (fav != 0 && outbox_favourited(db, actor, status, fav,
	    1) == -1))
		goto rollback;
	if (db_commit(db) == -1)
		goto rollback;
	return rc;
rollback:
	db_rollback(db);
	return ACTION_ERROR;
}

enum status_action_result
status_mark(struct db *db, enum status_mark mark, int64_t actor, int64_t id,
    int64_t *acted_on)
{
	struct target t;
	struct db_params p;

	switch (target_load_proper(db, actor, id, &t)) {
	case 0:
		return ACTION_NOT_FOUND;
	case -1:
		return ACTION_ERROR;
	}
	/* Mastodon's favourite?: not someone one blocks. */
	if (mark == MARK_FAVOURITE && t.actor_blocks_author)
		return ACTION_FORBIDDEN;
	if (mark == MARK_CONVERSATION_MUTE && t.conversation_id == 0)
		return ACTION_NO_CONVERSATION;
	db_params_init(&p);
	dbp_int(&p, actor);
	dbp_int(&p, t.id);
	if (mark == MARK_FAVOURITE)
		return favourite(db, actor, t.id, acted_on);
	if (db_exec(db, marks[mark].add, &p) == -1)
		return ACTION_ERROR;
	*acted_on = t.id;
	return ACTION_DONE;
}

/*
 * Undo an act: run sql ($1 actor, $2 id, RETURNING the status acted on).
 * When there was nothing to undo the answer is still "done", as in
 * Mastodon, but only for a status the actor may see: a 404 otherwise.
 */
static enum status_action_result
undo(struct db *db, const char *sql, int64_t actor, int64_t id,
    int64_t *acted_on)
{
	struct target t;
	struct db_params p;
	PGresult *res;
	int undone;

	db_params_init(&p);
	dbp_int(&p, actor);
	dbp_int(&p, id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return ACTION_ERROR;
	if ((undone = PQntuples(res) > 0))
		*acted_on = db_int(res, 0, 0);
	PQclear(res);
	if (undone)
		return ACTION_DONE;
	switch (target_load_proper(db, actor, id, &t)) {
	case 0:
		return ACTION_NOT_FOUND;
	case -1:
		return ACTION_ERROR;
	}
	*acted_on = t.id;
	return ACTION_DONE;
}

enum status_action_result
status_unmark(struct db *db, enum status_mark mark, int64_t actor,
    int64_t id, int64_t *acted_on)
{
	if (mark == MARK_FAVOURITE)
		return unfavourite(db, marks[mark].remove, actor, id,
		    acted_on);
	return undo(db, marks[mark].remove, actor, id, acted_on);
}

/* The visibility of a new boost: what was asked, else the default. */
static int
reblog_visibility(struct db *db, int64_t actor, const char *asked,
    char *out, size_t outlen)
{
	static const char *sql =
	    "SELECT u.settings->>'default_privacy' FROM users u "
	    "WHERE u.account_id = $1";
	struct db_params p;
	PGresult *res;
	const char *v;

	if (asked != NULL) {
		snprintf(out, outlen, "%s", asked);
		return 0;
	}
	db_params_init(&p);
	dbp_int(&p, actor);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	v = PQntuples(res) == 1 ? db_val(res, 0, 0) : NULL;
	/* A boost cannot be direct: such a default means public here. */
	if (!status_visibility_valid(v) || strcmp(v, "direct") == 0)
		v = STATUS_DEFAULT_VISIBILITY;
	snprintf(out, outlen, "%s", v);
	PQclear(res);
	return 0;
}

/* 1 and *boost when the actor already boosts original, 0 if not, -1. */
static int
existing_boost(struct db *db, int64_t actor, int64_t original,
    int64_t *boost)
{
	static const char *sql =
	    "SELECT id FROM statuses WHERE account_id = $1 "
	    "AND reblog_of_id = $2 AND deleted_at IS NULL";
	struct db_params p;
	PGresult *res;
	int found;

	db_params_init(&p);
	dbp_int(&p, actor);
	dbp_int(&p, original);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		*boost = db_int(res, 0, 0);
	PQclear(res);
	return found;
}

/* Insert the boost: 1, 0 if one raced us, -1. */
static int
insert_boost(struct db *db, const struct config *cf, int64_t actor,
    const char *username, const struct target *t, const char *visibility,
    int64_t application_id, int64_t *boost)
{
	static const char *insert_sql =
	    "WITH new AS (SELECT timestamp_id('statuses') AS id) "
	    "INSERT INTO statuses (id, uri, url, account_id, visibility, "
	    "reblog_of_id, conversation_id, application_id, local) "
	    "SELECT new.id, $1 || '/users/' || $2 || '/statuses/' || new.id "
	    "|| '/activity', $1 || '/@' || $2 || '/' || new.id, $3, $4, $5, "
	    "(SELECT o.conversation_id FROM statuses o WHERE o.id = $5), $6, "
	    "true FROM new ON CONFLICT (account_id, reblog_of_id) "
	    "WHERE reblog_of_id IS NOT NULL AND deleted_at IS NULL "
	    "DO NOTHING RETURNING id";
	struct db_params p;
	PGresult *res;
	int inserted;

	db_params_init(&p);
	dbp_str(&p, cf->base_url);
	dbp_str(&p, username);
	dbp_int(&p, actor);
	dbp_str(&p, visibility);
	dbp_int(&p, t->id);
	if (application_id)
		dbp_int(&p, application_id);
	else
		dbp_str(&p, NULL);
	if ((res = db_run(db, insert_sql, &p)) == NULL)
		return -1;
	if ((inserted = PQntuples(res) == 1))
		*boost = db_int(res, 0, 0);
	PQclear(res);
	return inserted;
}

enum status_action_result
status_reblog(struct db *db, const struct config *cf, int64_t actor,
    const char *username, int64_t id, const char *visibility,
    int64_t application_id, int64_t *boost)
{
	struct target t;
	char chosen[16];
	int rc;

	switch (target_load_proper(db, actor, id, &t)) {
	case 0:
		return ACTION_NOT_FOUND;
	case -1:
		return ACTION_ERROR;
	}
	/* Mastodon's StatusPolicy#reblog?. */
	if (!strcmp(t.visibility, "direct") || (!strcmp(t.visibility,
	    "private") && t.account_id != actor) || t.actor_blocks_author)
		return ACTION_FORBIDDEN;
	if ((rc = existing_boost(db, actor, t.id, boost)) != 0)
		return rc == 1 ? ACTION_DONE : ACTION_ERROR;
	/* One's own private status is boosted to the same followers. */
	if (!strcmp(t.visibility, "private"))
		snprintf(chosen, sizeof(chosen), "private");
	else if (reblog_visibility(db, actor, visibility, chosen,
	    sizeof(chosen)) == -1)
		return ACTION_ERROR;
	if (db_begin(db) == -1)
		return ACTION_ERROR;
	rc = insert_boost(db, cf, actor, username, &t, chosen,
	    application_id, boost);
	if (rc == -1 || (rc == 1 && outbox_status_posted(db, cf,
	    *boost) == -1) || db_commit(db) == -1) {
		db_rollback(db);
		return ACTION_ERROR;
	}
	if (rc == 0 && existing_boost(db, actor, t.id, boost) != 1)
		return ACTION_ERROR;
	return ACTION_DONE;
}

enum status_action_result
status_unreblog(struct db *db, int64_t actor, int64_t id, int64_t *original)
{
	static const char *sql =
	    "UPDATE statuses SET deleted_at = now() "
	    "WHERE account_id = $1 AND reblog_of_id = " PROPER_ID("$2") " "
	    "AND deleted_at IS NULL RETURNING reblog_of_id, id";
	static const char *find_sql =
	    "SELECT id FROM statuses WHERE account_id = $1 "
	    "AND reblog_of_id = " PROPER_ID("$2") " AND deleted_at IS NULL";
	struct db_params p;
	PGresult *res;
	enum status_action_result rc;
	int64_t boost = 0;

	if (db_begin(db) == -1)
		return ACTION_ERROR;
	db_params_init(&p);
	dbp_int(&p, actor);
	dbp_int(&p, id);
	if ((res = db_run(db, find_sql, &p)) == NULL)
		goto rollback;
	if (PQntuples(res) == 1)
		boost = db_int(res, 0, 0);
	PQclear(res);
	if ((rc = undo(db, sql, actor, id, original)) == ACTION_ERROR ||
	    (boost != 0 && outbox_status_deleted(db, boost) == -1))
		goto rollback;
	if (db_commit(db) == -1)
		goto rollback;
	return rc;
rollback:
	db_rollback(db);
	return ACTION_ERROR;
}

/* Under a lock of the account, so two pins cannot both pass the count. */
static enum status_pin_result
pin_insert(struct db *db, int64_t actor, int64_t id)
{
	static const char *lock_sql =
	    "SELECT (SELECT count(*) FROM status_pins WHERE account_id = $1) "
	    "FROM accounts WHERE id = $1 FOR UPDATE";
	static const char *insert_sql =
	    "INSERT INTO status_pins (account_id, status_id) VALUES ($1, $2) "
	    "ON CONFLICT DO NOTHING";
	struct db_params p;
	PGresult *res;
	int64_t pins;
	long n;

	db_params_init(&p);
	dbp_int(&p, actor);
	if ((res = db_run(db, lock_sql, &p)) == NULL)
		return PIN_ERROR;
	pins = PQntuples(res) == 1 ? db_int(res, 0, 0) : 0;
	PQclear(res);
	if (pins >= STATUS_PIN_LIMIT)
		return PIN_LIMIT;
	dbp_int(&p, id);
	if ((n = db_exec(db, insert_sql, &p)) == -1)
		return PIN_ERROR;
	return n == 1 ? PIN_DONE : PIN_DUPLICATE;
}

enum status_pin_result
status_pin(struct db *db, int64_t actor, int64_t id)
{
	struct target t;
	enum status_pin_result rc;

	switch (target_load(db, actor, id, &t)) {
	case 0:
		return PIN_NOT_FOUND;
	case -1:
		return PIN_ERROR;
	}
	if (t.reblog_of_id != 0)
		return PIN_REBLOG;
	if (t.account_id != actor)
		return PIN_NOT_OWN;
	if (!strcmp(t.visibility, "direct"))
		return PIN_DIRECT;
	if (db_begin(db) == -1)
		return PIN_ERROR;
	rc = pin_insert(db, actor, id);
	if (rc != PIN_DONE) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) == -1) {
		db_rollback(db);
		return PIN_ERROR;
	}
	return PIN_DONE;
}

enum status_pin_result
status_unpin(struct db *db, int64_t actor, int64_t id)
{
	static const char *sql =
	    "DELETE FROM status_pins WHERE account_id = $1 AND status_id = $2";
	struct target t;
	struct db_params p;

	switch (target_load(db, actor, id, &t)) {
	case 0:
		return PIN_NOT_FOUND;
	case -1:
		return PIN_ERROR;
	}
	db_params_init(&p);
	dbp_int(&p, actor);
	dbp_int(&p, id);
	return db_exec(db, sql, &p) == -1 ? PIN_ERROR : PIN_DONE;
}

const char *
status_pin_error(enum status_pin_result r)
{
	switch (r) {
	case PIN_REBLOG:
		return "Validation failed: A boost cannot be pinned";
	case PIN_NOT_OWN:
		return "Validation failed: Someone else's post cannot be "
		    "pinned";
	case PIN_DIRECT:
		return "Validation failed: Posts that are only visible to "
		    "mentioned users cannot be pinned";
	case PIN_LIMIT:
		return "Validation failed: You have already pinned the maximum "
		    "number of posts";
	case PIN_DUPLICATE:
		return "Duplicate record";
	default:
		return "Record not found";
	}
}

/*
 * Who boosted or favourited a status: $1 the status, $2/$3 the cursors'
 * bounds, $4 the viewer. Newest first, or oldest first for a min_id page
 * (reversed in C); a constant LIMIT keeps one generic plan.
 */
#define ACTORS_LIMIT " LIMIT 80"
#define REBLOGGERS \
	"SELECT r.id, " ACCOUNT_COLUMNS " FROM statuses r " \
	"JOIN " ACCOUNT_JOIN " ON a.id = r.account_id " \
	"WHERE r.reblog_of_id = $1 AND r.deleted_at IS NULL " \
	"AND r.id < $2 AND r.id > $3 AND a.suspended_at IS NULL AND " \
	NOT_BLOCKED_OR_MUTED("$4::bigint", "a.id")
#define FAVOURITERS \
	"SELECT f.id, " ACCOUNT_COLUMNS " FROM favourites f " \
	"JOIN " ACCOUNT_JOIN " ON a.id = f.account_id " \
	"WHERE f.status_id = $1 AND f.id < $2 AND f.id > $3 " \
	"AND a.suspended_at IS NULL AND " \
	NOT_BLOCKED_OR_MUTED("$4::bigint", "a.id")
static const char *rebloggers_desc =
    REBLOGGERS " ORDER BY r.id DESC" ACTORS_LIMIT;
static const char *rebloggers_asc =
    REBLOGGERS " ORDER BY r.id ASC" ACTORS_LIMIT;
static const char *favouriters_desc =
    FAVOURITERS " ORDER BY f.id DESC" ACTORS_LIMIT;
static const char *favouriters_asc =
    FAVOURITERS " ORDER BY f.id ASC" ACTORS_LIMIT;

static int
actor_page_run(struct db *db, const char *base_url, const char *sql,
    int64_t id, int64_t viewer, const struct page *pg,
    struct actor_page *out)
{
	struct db_params p;
	PGresult *res;
	int i, rows, at, reverse = pg->min_id > 0;
	int limit = pg->limit > 0 ? pg->limit : ACTOR_PAGE_MAX;

	memset(out, 0, sizeof(*out));
	db_params_init(&p);
	dbp_int(&p, id);
	page_bounds(pg, &p);
	if (viewer)
		dbp_int(&p, viewer);
	else
		dbp_str(&p, NULL);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	if (rows > limit)
		rows = limit;
	out->accounts = xcalloc(rows ? (size_t)rows : 1,
	    sizeof(*out->accounts));
	out->cursors.ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++) {
		at = reverse ? rows - 1 - i : i;
		out->cursors.ids[at] = db_int(res, i, 0);
		account_from_row(&out->accounts[at], res, i, 1, base_url);
	}
	out->n = out->cursors.n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
status_rebloggers(struct db *db, const char *base_url, int64_t id,
    int64_t viewer, const struct page *pg, struct actor_page *out)
{
	return actor_page_run(db, base_url, pg->min_id > 0 ? rebloggers_asc :
	    rebloggers_desc, id, viewer, pg, out);
}

int
status_favouriters(struct db *db, const char *base_url, int64_t id,
    int64_t viewer, const struct page *pg, struct actor_page *out)
{
	return actor_page_run(db, base_url, pg->min_id > 0 ?
	    favouriters_asc : favouriters_desc, id, viewer, pg, out);
}

void
actor_page_free(struct actor_page *ap)
{
	size_t i;

	for (i = 0; i < ap->n; i++)
		account_free(&ap->accounts[i]);
	free(ap->accounts);
	id_list_free(&ap->cursors);
	memset(ap, 0, sizeof(*ap));
}
