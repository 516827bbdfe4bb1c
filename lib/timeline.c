/*
 * timeline: one pair of queries per timeline, newest-first for max_id and
 * since_id paging and oldest-first for min_id paging (reversed here), so
 * that both directions walk the index instead of sorting.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "db.h"
#include "home_feed.h"
#include "timeline.h"
#include "visibility.h"

/*
 * Shared bounds: $2 upper (exclusive), $3 lower (exclusive). The LIMIT is
 * the largest page any caller asks for, a constant so PostgreSQL can keep
 * one generic plan instead of planning every call; run_ids() keeps the
 * page's own number of rows.
 */
#define FETCH_MAX 40
#define FETCH_MAX_SQL "40"
#define BOUNDS " AND s.id < $2 AND s.id > $3 "
#define NEWEST " ORDER BY s.id DESC LIMIT " FETCH_MAX_SQL
#define OLDEST " ORDER BY s.id ASC LIMIT " FETCH_MAX_SQL
/*
 * The same with the page's own size as a parameter, for the timelines
 * that walk one index in the order they return (public, profiles), as
 * home does: the LIMIT next to the walk stops it there whatever its
 * value, so the generic plan does not depend on it, and a page of 20
 * reads 20 rows, not 40.
 */
#define NEWEST_PAGE(limit) " ORDER BY s.id DESC LIMIT " limit
#define OLDEST_PAGE(limit) " ORDER BY s.id ASC LIMIT " limit

/* A silenced author (a domain block's silence) stays out of them. */
#define PUBLIC_WHERE \
	"s.deleted_at IS NULL AND s.visibility = 'public' " \
	"AND s.reblog_of_id IS NULL AND " AUTHOR_NOT_SUSPENDED " " \
	"AND NOT EXISTS (SELECT 1 FROM accounts si WHERE si.id = " \
	"s.account_id AND si.silenced_at IS NOT NULL) " \
	"AND (s.in_reply_to_id IS NULL OR s.in_reply_to_account_id = s.account_id)"

/*
 * $1 is the scope (unused by the SQL, kept so every query numbers its
 * bounds alike); one statement per scope so each matches its partial
 * index exactly. $4 is the viewer, whose blocks and mutes apply; $5 the
 * page's size.
 */
#define SCOPE_UNUSED " AND $1::int IS NOT NULL AND " \
	NOT_HIDDEN("$4::bigint", "s.account_id")
static const char *public_local_desc =
    "SELECT s.id FROM statuses s WHERE " PUBLIC_WHERE " AND s.local"
    SCOPE_UNUSED BOUNDS NEWEST_PAGE("$5");
static const char *public_local_asc =
    "SELECT s.id FROM statuses s WHERE " PUBLIC_WHERE " AND s.local"
    SCOPE_UNUSED BOUNDS OLDEST_PAGE("$5");
static const char *public_remote_desc =
    "SELECT s.id FROM statuses s WHERE " PUBLIC_WHERE " AND NOT s.local"
    SCOPE_UNUSED BOUNDS NEWEST_PAGE("$5");
static const char *public_remote_asc =
    "SELECT s.id FROM statuses s WHERE " PUBLIC_WHERE " AND NOT s.local"
    SCOPE_UNUSED BOUNDS OLDEST_PAGE("$5");
static const char *public_all_desc =
    "SELECT s.id FROM statuses s WHERE " PUBLIC_WHERE
    SCOPE_UNUSED BOUNDS NEWEST_PAGE("$5");
static const char *public_all_asc =
    "SELECT s.id FROM statuses s WHERE " PUBLIC_WHERE
    SCOPE_UNUSED BOUNDS OLDEST_PAGE("$5");

/*
 * Home: the reader's materialised feed (sql/0013_home_feeds.sql), which
 * triggers fill with Mastodon's home rules as statuses and follows are
 * made. Reading is one backward walk of its key (account_id, status_id),
 * applying what may have changed since a row was written: a suspended
 * author or booster, a block or mute in force (the reader's hidden
 * accounts, read once per query), reblogs of an account whose reblogs the
 * reader hid since. Deleted statuses leave the feed with the
 * deletion itself. $4: only statuses of this server. The page's own limit
 * is $5: a LIMIT next to the index scan stops the walk there, and the
 * plan does not depend on it.
 */
#define HOME_WHERE \
	"hf.account_id = $1 AND hf.status_id < $2 AND hf.status_id > $3 " \
	"AND " ACCOUNT_NOT_SUSPENDED("hf.author_id") " " \
	"AND hf.author_id <> ALL (" HIDDEN_ACCOUNTS("$1") ") " \
	"AND (hf.reblog_author_id IS NULL OR (" \
	ACCOUNT_NOT_SUSPENDED("hf.reblog_author_id") " AND " \
	"hf.reblog_author_id <> ALL (" HIDDEN_ACCOUNTS("$1") ") AND " \
	"NOT EXISTS (SELECT 1 FROM follows hr WHERE hr.account_id = $1 " \
	"  AND hr.target_account_id = hf.author_id AND NOT hr.show_reblogs))) " \
	"AND (NOT $4::boolean OR EXISTS (SELECT 1 FROM statuses ls " \
	"  WHERE ls.id = hf.status_id AND ls.local))"
static const char *home_desc =
    "SELECT hf.status_id FROM home_feeds hf WHERE " HOME_WHERE " "
    "ORDER BY hf.status_id DESC LIMIT $5";
static const char *home_asc =
    "SELECT hf.status_id FROM home_feeds hf WHERE " HOME_WHERE " "
    "ORDER BY hf.status_id ASC LIMIT $5";

/*
 * A profile: everything of theirs the viewer ($4) may see, optionally
 * without replies to others ($5), without reblogs ($6), or only with a
 * hashtag ($7), $8 to a page. Nothing when either blocks the other; a
 * mute hides only what the account reblogged of the muted (Mastodon's
 * AccountStatusesFilter), not the muted account's own profile.
 */
#define ACCOUNT_WHERE \
	"s.account_id = $1 AND " STATUS_VISIBLE_TO("$4") " " \
	"AND " NOT_BLOCKED("$4::bigint", "$1") " " \
	"AND (s.reblog_of_id IS NULL OR $4::bigint = $1 OR " \
	NOT_BLOCKED_OR_MUTED("$4::bigint", "(SELECT rs.account_id " \
	"  FROM statuses rs WHERE rs.id = s.reblog_of_id)") ") " \
	"AND (NOT $5::boolean OR s.in_reply_to_id IS NULL " \
	"  OR s.in_reply_to_account_id = s.account_id) " \
	"AND (NOT $6::boolean OR s.reblog_of_id IS NULL) " \
	"AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM status_tags stg " \
	"  JOIN tags t ON t.id = stg.tag_id WHERE stg.status_id = s.id " \
	"  AND lower(t.name) = lower($7::text)))"
static const char *account_desc =
    "SELECT s.id FROM statuses s WHERE " ACCOUNT_WHERE BOUNDS
    NEWEST_PAGE("$8");
static const char *account_asc =
    "SELECT s.id FROM statuses s WHERE " ACCOUNT_WHERE BOUNDS
    OLDEST_PAGE("$8");

/*
 * A hashtag: public statuses carrying it, in a scope ($4: all, local or
 * remote), seen by $5. Mastodon's TagFeed: the statuses carrying the tag
 * ($1) or any of $6, all of $7 and none of $8, where only tags that
 * exist count and the first must. One backward walk of the (tag_id,
 * status_id) key per wanted tag, each checking the other tags by index
 * probes, then the newest of those walks.
 */
#define TAG_IDS(names) \
	"SELECT t.id FROM tags t WHERE lower(t.name) IN " \
	"(SELECT lower(x) FROM unnest(" names "::text[]) AS x)"
#define TAG_WITH \
	"WITH wanted AS MATERIALIZED (SELECT t.id FROM tags t " \
	"  WHERE lower(t.name) = lower($1) UNION " TAG_IDS("$6") \
	"  AND EXISTS (SELECT 1 FROM tags m " \
	"  WHERE lower(m.name) = lower($1))), " \
	"needed AS MATERIALIZED (" TAG_IDS("$7") "), " \
	"unwanted AS MATERIALIZED (" TAG_IDS("$8") ") "
#define TAG_WALK \
	"SELECT s.id FROM status_tags stg " \
	"JOIN statuses s ON s.id = stg.status_id " \
	"WHERE stg.tag_id = wanted.id " \
	"AND stg.status_id < $2 AND stg.status_id > $3 " \
	"AND s.deleted_at IS NULL AND s.visibility = 'public' " \
	"AND s.reblog_of_id IS NULL AND " AUTHOR_NOT_SUSPENDED " " \
	"AND ($4::int = 0 OR ($4 = 1 AND s.local) " \
	"  OR ($4 = 2 AND NOT s.local)) " \
	"AND " NOT_HIDDEN("$5::bigint", "s.account_id") " " \
	"AND NOT EXISTS (SELECT 1 FROM needed WHERE NOT EXISTS (SELECT 1 " \
	"  FROM status_tags x WHERE x.tag_id = needed.id " \
	"  AND x.status_id = s.id)) " \
	"AND NOT EXISTS (SELECT 1 FROM status_tags x " \
	"  WHERE x.status_id = s.id AND x.tag_id IN (SELECT id FROM unwanted)) "
static const char *tag_desc =
    TAG_WITH "SELECT DISTINCT page.id FROM wanted CROSS JOIN LATERAL ("
    TAG_WALK "ORDER BY stg.status_id DESC LIMIT " FETCH_MAX_SQL ") AS page "
    "ORDER BY page.id DESC LIMIT " FETCH_MAX_SQL;
static const char *tag_asc =
    TAG_WITH "SELECT DISTINCT page.id FROM wanted CROSS JOIN LATERAL ("
    TAG_WALK "ORDER BY stg.status_id ASC LIMIT " FETCH_MAX_SQL ") AS page "
    "ORDER BY page.id ASC LIMIT " FETCH_MAX_SQL;

/*
 * An outbox: what anyone may read of what the account ($1) did, as
 * ActivityPub serves it: its public and unlisted statuses, and its
 * boosts (public or unlisted) of statuses anyone may read, whoever wrote
 * them. One walk of statuses_account_id.
 */
#define OUTBOX_WHERE \
	"s.account_id = $1 AND s.deleted_at IS NULL " \
	"AND s.visibility IN ('public', 'unlisted') " \
	"AND (s.reblog_of_id IS NULL OR EXISTS (SELECT 1 FROM statuses o " \
	"  WHERE o.id = s.reblog_of_id AND o.deleted_at IS NULL " \
	"  AND o.visibility IN ('public', 'unlisted') AND " \
	ACCOUNT_NOT_SUSPENDED("o.account_id") "))"
static const char *outbox_desc =
    "SELECT s.id FROM statuses s WHERE " OUTBOX_WHERE BOUNDS NEWEST;
static const char *outbox_asc =
    "SELECT s.id FROM statuses s WHERE " OUTBOX_WHERE BOUNDS OLDEST;

/*
 * The statuses an account ($1) pinned, as the viewer ($4) may see them
 * (none when either blocks the other), the newest pin first; at most
 * five, so no walk to speak of.
 */
static const char *pinned_sql =
    "SELECT s.id FROM status_pins p JOIN statuses s ON s.id = p.status_id "
    "WHERE p.account_id = $1 AND s.account_id = $1" BOUNDS "AND "
    STATUS_VISIBLE_TO("$4") " AND " NOT_BLOCKED("$4::bigint", "$1")
    " ORDER BY p.id DESC LIMIT " FETCH_MAX_SQL;

/*
 * Bookmarks and favourites ($1's), newest first by when they were made:
 * the mark's id is the page's cursor. Only what $1 may still see.
 */
#define MARKS_FROM(table) \
	"SELECT m.id, m.status_id FROM " table " m " \
	"JOIN statuses s ON s.id = m.status_id WHERE m.account_id = $1 " \
	"AND m.id < $2 AND m.id > $3 AND " STATUS_VISIBLE_TO("$1")
static const char *bookmarks_desc =
    MARKS_FROM("bookmarks") " ORDER BY m.id DESC LIMIT " FETCH_MAX_SQL;
static const char *bookmarks_asc =
    MARKS_FROM("bookmarks") " ORDER BY m.id ASC LIMIT " FETCH_MAX_SQL;
static const char *favourites_desc =
    MARKS_FROM("favourites") " ORDER BY m.id DESC LIMIT " FETCH_MAX_SQL;
static const char *favourites_asc =
    MARKS_FROM("favourites") " ORDER BY m.id ASC LIMIT " FETCH_MAX_SQL;

void
id_list_free(struct id_list *l)
{
	free(l->ids);
	l->ids = NULL;
	l->n = 0;
}

void
page_bounds(const struct page *pg, struct db_params *p)
{
	int64_t lower = pg->since_id > pg->min_id ? pg->since_id : pg->min_id;

	dbp_int(p, pg->max_id > 0 ? pg->max_id : INT64_MAX);
	dbp_int(p, lower > 0 ? lower : 0);
}

/* The page size run_ids() keeps: the caller's, within FETCH_MAX. */
static int
page_limit(const struct page *pg)
{
	if (pg->limit <= 0)
		return 20;
	return pg->limit > FETCH_MAX ? FETCH_MAX : pg->limit;
}

static int
run_ids(struct db *db, const char *sql, const struct db_params *p,
    const struct page *pg, int reverse, struct id_list *out)
{
	PGresult *res = db_run(db, sql, p);
	int i, rows, limit = page_limit(pg);

	out->ids = NULL;
	out->n = 0;
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	if (rows > limit)
		rows = limit;
	out->ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++)
		out->ids[reverse ? rows - 1 - i : i] = db_int(res, i, 0);
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* The viewer's account id, NULL when signed out. */
static void
dbp_viewer(struct db_params *p, int64_t viewer)
{
	if (viewer)
		dbp_int(p, viewer);
	else
		dbp_str(p, NULL);
}

/* min_id pages read upwards from the cursor, then flip to newest first. */
static int
ascending(const struct page *pg)
{
	return pg->min_id > 0;
}

int
timeline_public(struct db *db, int64_t viewer, enum timeline_scope scope,
    const struct page *pg, struct id_list *out)
{
	struct db_params p;
	const char *sql;

	db_params_init(&p);
	dbp_int(&p, scope);
	page_bounds(pg, &p);
	dbp_viewer(&p, viewer);
	dbp_int(&p, page_limit(pg));
	if (scope == SCOPE_LOCAL)
		sql = ascending(pg) ? public_local_asc : public_local_desc;
	else if (scope == SCOPE_REMOTE)
		sql = ascending(pg) ? public_remote_asc : public_remote_desc;
	else
		sql = ascending(pg) ? public_all_asc : public_all_desc;
	return run_ids(db, sql, &p, pg, ascending(pg), out);
}

static int
home_ids(struct db *db, int64_t viewer, int local_only, const struct page *pg,
    struct id_list *out)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, viewer);
	page_bounds(pg, &p);
	dbp_bool(&p, local_only);
	dbp_int(&p, page_limit(pg));
	return run_ids(db, ascending(pg) ? home_asc : home_desc, &p, pg,
	    ascending(pg), out);
}

/*
 * A first page that comes back empty may be a feed never built (a user
 * from before the feeds, or one trimmed away while they were gone): fill
 * it, as Mastodon regenerates a feed on return, and read again.
 */
int
timeline_home(struct db *db, int64_t viewer, int local_only,
    const struct page *pg, struct id_list *out)
{
	long added;

	if (home_ids(db, viewer, local_only, pg, out) == -1)
		return -1;
	if (out->n > 0 || pg->max_id || pg->since_id || pg->min_id)
		return 0;
	if ((added = home_feed_fill(db, viewer)) == -1)
		return -1;
	if (added == 0)
		return 0;
	id_list_free(out);
	return home_ids(db, viewer, local_only, pg, out);
}

int
timeline_account(struct db *db, int64_t account_id, int64_t viewer,
    const struct account_filter *filter, const struct page *pg,
    struct id_list *out)
{
	static const struct account_filter none = { 0, 0, NULL };
	struct db_params p;

	if (filter == NULL)
		filter = &none;
	db_params_init(&p);
	dbp_int(&p, account_id);
	page_bounds(pg, &p);
	dbp_viewer(&p, viewer);
	dbp_bool(&p, filter->exclude_replies);
	dbp_bool(&p, filter->exclude_reblogs);
	dbp_str(&p, filter->tagged && *filter->tagged ? filter->tagged : NULL);
	dbp_int(&p, page_limit(pg));
	return run_ids(db, ascending(pg) ? account_asc : account_desc, &p, pg,
	    ascending(pg), out);
}

int
timeline_pinned(struct db *db, int64_t account_id, int64_t viewer,
    const struct page *pg, struct id_list *out)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, account_id);
	page_bounds(pg, &p);
	dbp_viewer(&p, viewer);
	return run_ids(db, pinned_sql, &p, pg, 0, out);
}

int
timeline_outbox(struct db *db, int64_t account_id, const struct page *pg,
    struct id_list *out)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, account_id);
	page_bounds(pg, &p);
	return run_ids(db, ascending(pg) ? outbox_asc : outbox_desc, &p, pg,
	    ascending(pg), out);
}

/* A text[] parameter of at most max names (Mastodon's LIMIT_PER_MODE). */
static void
dbp_names(struct db_params *p, struct buf *b, const char *const *names,
    size_t n, size_t max)
{
	buf_reset(b);
	/* db_text_array only reads the names. */
	db_text_array(b, (char *const *)names, n < max ? n : max);
	dbp_str(p, buf_cstr(b));
}

int
timeline_tag(struct db *db, const char *tag, int64_t viewer,
    enum timeline_scope scope, const struct tag_filter *filter,
    const struct page *pg, struct id_list *out)
{
	static const struct tag_filter none = { NULL, 0, NULL, 0, NULL, 0 };
	struct buf any = BUF_INIT, all = BUF_INIT, no = BUF_INIT;
	struct db_params p;
	int rc;

	if (filter == NULL)
		filter = &none;
	db_params_init(&p);
	dbp_str(&p, tag);
	page_bounds(pg, &p);
	dbp_int(&p, scope);
	dbp_viewer(&p, viewer);
	dbp_names(&p, &any, filter->any, filter->nany, TAG_FILTER_MAX);
	dbp_names(&p, &all, filter->all, filter->nall, TAG_FILTER_MAX);
	dbp_names(&p, &no, filter->none, filter->nnone, TAG_FILTER_MAX);
	rc = run_ids(db, ascending(pg) ? tag_asc : tag_desc, &p, pg,
	    ascending(pg), out);
	buf_free(&any);
	buf_free(&all);
	buf_free(&no);
	return rc;
}

/* Two columns per row: the cursor, then the status id. */
static int
run_pairs(struct db *db, const char *sql, const struct db_params *p,
    const struct page *pg, struct id_list *cursors, struct id_list *ids)
{
	PGresult *res = db_run(db, sql, p);
	int i, rows, at, limit = pg->limit > 0 ? pg->limit : 20;

	cursors->ids = ids->ids = NULL;
	cursors->n = ids->n = 0;
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	if (limit > FETCH_MAX)
		limit = FETCH_MAX;
	if (rows > limit)
		rows = limit;
	cursors->ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	ids->ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++) {
		at = ascending(pg) ? rows - 1 - i : i;
		cursors->ids[at] = db_int(res, i, 0);
		ids->ids[at] = db_int(res, i, 1);
	}
	cursors->n = ids->n = (size_t)rows;
	PQclear(res);
	return 0;
}

static int
timeline_marks(struct db *db, const char *desc, const char *asc,
    int64_t viewer, const struct page *pg, struct id_list *cursors,
    struct id_list *ids)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, viewer);
	page_bounds(pg, &p);
	return run_pairs(db, ascending(pg) ? asc : desc, &p, pg, cursors,
	    ids);
}

int
timeline_bookmarks(struct db *db, int64_t viewer, const struct page *pg,
    struct id_list *cursors, struct id_list *ids)
{
	return timeline_marks(db, bookmarks_desc, bookmarks_asc, viewer, pg,
	    cursors, ids);
}

int
timeline_favourites(struct db *db, int64_t viewer, const struct page *pg,
    struct id_list *cursors, struct id_list *ids)
{
	return timeline_marks(db, favourites_desc, favourites_asc, viewer, pg,
	    cursors, ids);
}
