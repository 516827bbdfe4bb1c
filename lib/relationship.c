/*
 * relationship: the relations between two accounts, each change one SQL
 * statement (data-modifying CTEs keep a block's removals and an
 * authorization's follow atomic without a transaction), and the account
 * lists they make, paged as timelines are: newest first for max_id and
 * since_id, oldest first for min_id (reversed here), walking an (owner,
 * id) index either way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "buf.h"
#include "db.h"
#include "outbox.h"
#include "relationship.h"
#include "timeline.h"
#include "visibility.h"

static int answer_follow(struct db *, const char *sql, int64_t account,
    int64_t requester, int accepted);

#define ISO_TIME(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define MUTE_IN_FORCE(m) \
	"(" m ".expires_at IS NULL OR " m ".expires_at > now())"

int
relationships_load(struct db *db, int64_t viewer, const int64_t *ids,
    size_t n, int with_suspended, struct relationship_list *out)
{
	static const char *sql =
	    "SELECT a.id, f.id IS NOT NULL, "
	    "coalesce(f.show_reblogs, r.show_reblogs, false), "
	    "coalesce(f.notify, r.notify, false), "
	    "array_to_json(coalesce(f.languages, r.languages))::text, "
	    "EXISTS (SELECT 1 FROM follows fb WHERE fb.account_id = a.id "
	    "  AND fb.target_account_id = $1), "
	    "EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = $1 "
	    "  AND b.target_account_id = a.id), "
	    "EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = a.id "
	    "  AND b.target_account_id = $1), "
	    "m.id IS NOT NULL, coalesce(m.hide_notifications, false), "
	    ISO_TIME("m.expires_at") ", r.id IS NOT NULL, "
	    "EXISTS (SELECT 1 FROM follow_requests rb WHERE rb.account_id = "
	    "  a.id AND rb.target_account_id = $1), "
	    "coalesce(n.comment, '') "
	    "FROM unnest($2::bigint[]) WITH ORDINALITY AS q(id, ord) "
	    "JOIN accounts a ON a.id = q.id "
	    "LEFT JOIN follows f ON f.account_id = $1 "
	    "  AND f.target_account_id = a.id "
	    "LEFT JOIN follow_requests r ON r.account_id = $1 "
	    "  AND r.target_account_id = a.id "
	    "LEFT JOIN mutes m ON m.account_id = $1 "
	    "  AND m.target_account_id = a.id AND " MUTE_IN_FORCE("m") " "
	    "LEFT JOIN account_notes n ON n.account_id = $1 "
	    "  AND n.target_account_id = a.id "
	    "WHERE ($3 OR a.suspended_at IS NULL) AND " ACCOUNT_NOT_PENDING " "
	    "ORDER BY q.ord";
	struct relationship *r;
	struct db_params p;
	struct buf arr = BUF_INIT;
	PGresult *res;
	int i, rows;

	out->items = NULL;
	out->n = 0;
	if (n == 0)
		return 0;
	db_int_array(&arr, ids, n);
	db_params_init(&p);
	dbp_int(&p, viewer);
	dbp_str(&p, buf_cstr(&arr));
	dbp_bool(&p, with_suspended);
	res = db_run(db, sql, &p);
	buf_free(&arr);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	out->items = xcalloc(rows ? (size_t)rows : 1, sizeof(*out->items));
	for (i = 0; i < rows; i++) {
		r = &out->items[i];
		r->id = db_int(res, i, 0);
		r->following = db_bool(res, i, 1);
		r->showing_reblogs = db_bool(res, i, 2);
		r->notifying = db_bool(res, i, 3);
		r->languages = db_dup(res, i, 4);
		r->followed_by = db_bool(res, i, 5);
		r->blocking = db_bool(res, i, 6);
		r->blocked_by = db_bool(res, i, 7);
		r->muting = db_bool(res, i, 8);
		r->muting_notifications = r->muting && db_bool(res, i, 9);
		r->muting_expires_at = db_dup(res, i, 10);
		r->requested = db_bool(res, i, 11);
		r->requested_by = db_bool(res, i, 12);
		r->note = xstrdup(PQgetvalue(res, i, 13));
	}
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

void
relationship_list_free(struct relationship_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].languages);
		free(l->items[i].muting_expires_at);
		free(l->items[i].note);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* Run sql with ($1, $2) = (a, b); 0 or -1. */
static int
exec_pair(struct db *db, const char *sql, int64_t a, int64_t b)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, a);
	dbp_int(&p, b);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

/* The id of account's block of target (0: none). 0 or -1. */
static int
block_row(struct db *db, int64_t account, int64_t target, int64_t *id)
{
	static const char *sql = "SELECT id FROM blocks WHERE account_id = $1 "
	    "AND target_account_id = $2";
	struct db_params p;
	PGresult *res;

	db_params_init(&p);
	dbp_int(&p, account);
	dbp_int(&p, target);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	*id = PQntuples(res) == 1 ? db_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

/*
 * Mastodon's BlockService unfollows both ways and rejects the requests
 * (whose notifications the triggers of sql/0011 take away);
 * AfterBlockService clears the blocked account's notifications to the
 * blocker.
 */
int
relationship_block(struct db *db, int64_t account, int64_t target)
{
	static const char *sql =
	    "WITH b AS (INSERT INTO blocks (account_id, target_account_id) "
	    "  VALUES ($1, $2) ON CONFLICT DO NOTHING), "
	    "f AS (DELETE FROM follows WHERE (account_id = $1 "
	    "  AND target_account_id = $2) OR (account_id = $2 "
	    "  AND target_account_id = $1)), "
	    "r AS (DELETE FROM follow_requests WHERE (account_id = $1 "
	    "  AND target_account_id = $2) OR (account_id = $2 "
	    "  AND target_account_id = $1)) "
	    "DELETE FROM notifications WHERE account_id = $1 "
	    "AND from_account_id = $2";
	int64_t block_id;

	if (db_begin(db) == -1)
		return -1;
	if (block_row(db, account, target, &block_id) == -1)
		goto rollback;
	/* Told only the first time: a new block row. */
	if (exec_pair(db, sql, account, target) == -1 ||
	    (block_id == 0 && (block_row(db, account, target,
	    &block_id) == -1 || outbox_blocked(db, account, target,
	    block_id, 0) == -1)))
		goto rollback;
	return db_commit(db) == -1 ? (db_rollback(db), -1) : 0;
rollback:
	db_rollback(db);
	return -1;
}

int
relationship_unblock(struct db *db, int64_t account, int64_t target)
{
	static const char *sql = "DELETE FROM blocks WHERE account_id = $1 "
	    "AND target_account_id = $2";
	int64_t block_id;

	if (db_begin(db) == -1)
		return -1;
	if (block_row(db, account, target, &block_id) == -1 ||
	    exec_pair(db, sql, account, target) == -1 ||
	    (block_id != 0 && outbox_blocked(db, account, target, block_id,
	    1) == -1))
		goto rollback;
	return db_commit(db) == -1 ? (db_rollback(db), -1) : 0;
rollback:
	db_rollback(db);
	return -1;
}

int
relationship_mute(struct db *db, int64_t account, int64_t target,
    int hide_notifications, long long duration)
{
	static const char *sql =
	    "INSERT INTO mutes (account_id, target_account_id, "
	    "hide_notifications, expires_at) VALUES ($1, $2, $3, "
	    "CASE WHEN $4::bigint > 0 THEN now() + $4::bigint "
	    "  * interval '1 second' END) "
	    "ON CONFLICT (account_id, target_account_id) DO UPDATE SET "
	    "hide_notifications = EXCLUDED.hide_notifications, "
	    "expires_at = EXCLUDED.expires_at";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, account);
	dbp_int(&p, target);
	dbp_bool(&p, hide_notifications);
	dbp_int(&p, duration > 0 ? duration : 0);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

int
relationship_unmute(struct db *db, int64_t account, int64_t target)
{
	static const char *sql = "DELETE FROM mutes WHERE account_id = $1 "
	    "AND target_account_id = $2";

	return exec_pair(db, sql, account, target);
}

int
relationship_set_note(struct db *db, int64_t account, int64_t target,
    const char *comment)
{
	static const char *set_sql =
	    "INSERT INTO account_notes (account_id, target_account_id, "
	    "comment) VALUES ($1, $2, $3) "
	    "ON CONFLICT (account_id, target_account_id) DO UPDATE SET "
	    "comment = EXCLUDED.comment, updated_at = now()";
	static const char *clear_sql = "DELETE FROM account_notes "
	    "WHERE account_id = $1 AND target_account_id = $2";
	struct db_params p;

	if (comment == NULL || *comment == '\0')
		return exec_pair(db, clear_sql, account, target);
	db_params_init(&p);
	dbp_int(&p, account);
	dbp_int(&p, target);
	dbp_str(&p, comment);
	return db_exec(db, set_sql, &p) == -1 ? -1 : 0;
}

int
relationship_remove_follower(struct db *db, int64_t account,
    int64_t follower)
{
	static const char *sql = "DELETE FROM follows WHERE account_id = $2 "
	    "AND target_account_id = $1 RETURNING uri";

	/* Mastodon tells the follower with a Reject of its Follow. */
	return answer_follow(db, sql, account, follower, 0) == -1 ? -1 : 0;
}

/*
 * Run sql ($1 account, $2 requester; RETURNING the uri of the Follow
 * answered) and tell the requester: Accept or Reject. 1 when a row was
 * answered, 0 when none, -1.
 */
static int
answer_follow(struct db *db, const char *sql, int64_t account,
    int64_t requester, int accepted)
{
	struct db_params p;
	PGresult *res;
	int n;

	if (db_begin(db) == -1)
		return -1;
	db_params_init(&p);
	dbp_int(&p, account);
	dbp_int(&p, requester);
	if ((res = db_run(db, sql, &p)) == NULL)
		goto rollback;
	n = PQntuples(res) > 0;
	if (n && outbox_follow_answered(db, account, requester,
	    db_val(res, 0, 0), accepted) == -1) {
		PQclear(res);
		goto rollback;
	}
	PQclear(res);
	if (db_commit(db) == -1)
		goto rollback;
	return n;
rollback:
	db_rollback(db);
	return -1;
}

/*
 * The request's notification goes with the request (sql/0011's
 * triggers), and the follow it becomes makes none by itself; the
 * follow notification is written here, as Mastodon's
 * FollowRequestsController#authorize has LocalNotificationWorker make
 * one for the Follow.
 */
int
follow_request_authorize(struct db *db, int64_t account, int64_t requester)
{
	static const char *sql =
	    "WITH r AS (DELETE FROM follow_requests WHERE account_id = $2 "
	    "  AND target_account_id = $1 RETURNING account_id, "
	    "  target_account_id, uri, show_reblogs, notify, languages), "
	    "f AS (INSERT INTO follows (account_id, target_account_id, uri, "
	    "  show_reblogs, notify, languages) SELECT account_id, "
	    "  target_account_id, uri, show_reblogs, notify, languages "
	    "  FROM r ON CONFLICT (account_id, target_account_id) DO NOTHING "
	    "  RETURNING account_id, target_account_id), "
	    "n AS (INSERT INTO notifications (account_id, from_account_id, "
	    "  type) SELECT target_account_id, account_id, 'follow' FROM f "
	    "  ON CONFLICT DO NOTHING) "
	    "SELECT uri FROM r";

	return answer_follow(db, sql, account, requester, 1);
}

int
follow_request_reject(struct db *db, int64_t account, int64_t requester)
{
	static const char *sql =
	    "WITH r AS (DELETE FROM follow_requests WHERE account_id = $2 "
	    "  AND target_account_id = $1 RETURNING uri) "
	    "SELECT uri FROM r";

	return answer_follow(db, sql, account, requester, 0);
}

/*
 * The lists. $1 owner, $2 and $3 the page bounds (exclusive) on the
 * relating row r, $4 the page size, $5 (followers and follows only) the
 * viewer whose blocks and mutes apply, NULL for none.
 */
#define LIST_SQL(extra, table, owner, other, where, dir) \
	"SELECT r.id, " extra ", " ACCOUNT_COLUMNS " FROM " table " r " \
	"JOIN " ACCOUNT_JOIN " ON a.id = r." other " " \
	"WHERE r." owner " = $1 AND r.id < $2 AND r.id > $3 AND " where " " \
	"ORDER BY r.id " dir " LIMIT $4"
#define LIST_SHOWN \
	"a.suspended_at IS NULL AND " ACCOUNT_NOT_PENDING
#define LIST_VIEWED \
	LIST_SHOWN " AND " NOT_BLOCKED_OR_MUTED("$5::bigint", "a.id")
#define LIST_PAIR(extra, table, owner, other, where) \
	{ LIST_SQL(extra, table, owner, other, where, "DESC"), \
	  LIST_SQL(extra, table, owner, other, where, "ASC") }

static const struct {
	const char	*newest, *oldest;
} list_sql[] = {
	[ACCOUNTS_FOLLOWERS] = LIST_PAIR("NULL", "follows",
	    "target_account_id", "account_id", LIST_VIEWED),
	[ACCOUNTS_FOLLOWING] = LIST_PAIR("NULL", "follows",
	    "account_id", "target_account_id", LIST_VIEWED),
	[ACCOUNTS_BLOCKED] = LIST_PAIR("NULL", "blocks",
	    "account_id", "target_account_id", ACCOUNT_NOT_PENDING),
	[ACCOUNTS_MUTED] = LIST_PAIR(ISO_TIME("r.expires_at"), "mutes",
	    "account_id", "target_account_id",
	    ACCOUNT_NOT_PENDING " AND " MUTE_IN_FORCE("r")),
	[ACCOUNTS_REQUESTING] = LIST_PAIR("NULL", "follow_requests",
	    "target_account_id", "account_id", LIST_SHOWN),
};

int
account_page_load(struct db *db, const char *base_url,
    enum account_list_kind kind, int64_t owner, int64_t viewer,
    const struct page *pg, struct account_page *out)
{
	struct db_params p;
	PGresult *res;
	int64_t lower;
	int i, rows, reverse = pg->min_id > 0, at;

	memset(out, 0, sizeof(*out));
	lower = pg->since_id > pg->min_id ? pg->since_id : pg->min_id;
	db_params_init(&p);
	dbp_int(&p, owner);
	dbp_int(&p, pg->max_id > 0 ? pg->max_id : INT64_MAX);
	dbp_int(&p, lower > 0 ? lower : 0);
	dbp_int(&p, pg->limit > 0 ? pg->limit : 40);
	if (kind == ACCOUNTS_FOLLOWERS || kind == ACCOUNTS_FOLLOWING) {
		if (viewer != 0 && viewer != owner)
			dbp_int(&p, viewer);
		else
			dbp_str(&p, NULL);
	}
	if ((res = db_run(db, reverse ? list_sql[kind].oldest :
	    list_sql[kind].newest, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	out->items = xcalloc(rows ? (size_t)rows : 1, sizeof(*out->items));
	out->cursors = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	out->mute_expires_at = xcalloc(rows ? (size_t)rows : 1,
	    sizeof(char *));
	for (i = 0; i < rows; i++) {
		at = reverse ? rows - 1 - i : i;
		out->cursors[at] = db_int(res, i, 0);
		out->mute_expires_at[at] = db_dup(res, i, 1);
		account_from_row(&out->items[at], res, i, 2, base_url);
	}
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

void
account_page_free(struct account_page *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++) {
		account_free(&pg->items[i]);
		free(pg->mute_expires_at[i]);
	}
	free(pg->items);
	free(pg->cursors);
	free(pg->mute_expires_at);
	memset(pg, 0, sizeof(*pg));
}

#define FAMILIAR_MAX_SQL "40"

int
familiar_followers_load(struct db *db, const char *base_url, int64_t viewer,
    const int64_t *ids, size_t n, struct familiar_followers **out,
    size_t *nout)
{
	/* One row per (account, familiar follower), or one empty row. */
	static const char *sql =
	    "SELECT q.ord, t.id, a.id IS NOT NULL, " ACCOUNT_COLUMNS " "
	    "FROM unnest($2::bigint[]) WITH ORDINALITY AS q(id, ord) "
	    "JOIN accounts t ON t.id = q.id AND t.suspended_at IS NULL "
	    "  AND NOT EXISTS (SELECT 1 FROM users pu "
	    "  WHERE pu.account_id = t.id AND NOT pu.approved) "
	    "LEFT JOIN LATERAL (SELECT f2.id AS fid, f2.account_id "
	    "  FROM follows f2 "
	    "  JOIN follows f1 ON f1.account_id = $1 "
	    "    AND f1.target_account_id = f2.account_id "
	    "  JOIN accounts fa ON fa.id = f2.account_id "
	    "  WHERE f2.target_account_id = t.id "
	    "    AND (NOT t.hide_collections OR t.id = $1) "
	    "    AND fa.suspended_at IS NULL AND NOT fa.hide_collections "
	    "  ORDER BY f2.id DESC LIMIT " FAMILIAR_MAX_SQL ") ff ON true "
	    "LEFT JOIN (" ACCOUNT_JOIN ") ON a.id = ff.account_id "
	    "ORDER BY q.ord, ff.fid DESC";
	struct familiar_followers *ff = NULL, *cur = NULL;
	struct db_params p;
	struct buf arr = BUF_INIT;
	PGresult *res;
	int i, rows;
	size_t count = 0;
	int64_t ord, last_ord = -1;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	db_int_array(&arr, ids, n);
	db_params_init(&p);
	dbp_int(&p, viewer);
	dbp_str(&p, buf_cstr(&arr));
	res = db_run(db, sql, &p);
	buf_free(&arr);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	ff = xcalloc(n, sizeof(*ff));
	for (i = 0; i < rows; i++) {
		ord = db_int(res, i, 0);
		if (ord != last_ord) {
			cur = &ff[count++];
			cur->id = db_int(res, i, 1);
			/* A familiar follower or two each, at most the max. */
			cur->accounts.items = xcalloc(FAMILIAR_FOLLOWERS_MAX,
			    sizeof(struct account));
			last_ord = ord;
		}
		if (!db_bool(res, i, 2) ||
		    cur->accounts.n >= FAMILIAR_FOLLOWERS_MAX)
			continue;
		account_from_row(&cur->accounts.items[cur->accounts.n++], res,
		    i, 3, base_url);
	}
	PQclear(res);
	*out = ff;
	*nout = count;
	return 0;
}

void
familiar_followers_free(struct familiar_followers *ff, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		account_list_free(&ff[i].accounts);
	free(ff);
}
