/*
 * notification: the queries behind notification lists, groups and unread
 * counts. Every one filters with LISTED, so a list, a group's count and an
 * unread count never disagree about what the recipient may see.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "notification.h"
#include "visibility.h"

/* Mastodon's NotificationTypeEnum, and its GROUPABLE_NOTIFICATION_TYPES. */
const char *const notification_types[] = { "mention", "status", "reblog",
    "follow", "follow_request", "favourite", "poll", "update",
    "admin.sign_up", "admin.report", "severed_relationships",
    "moderation_warning", "quote", "quoted_update", "added_to_collection",
    "collection_update", NULL };
const char *const notification_grouped_types[] = { "favourite", "reblog",
    "follow", "admin.sign_up", NULL };

#define ISO_TIME(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define UNGROUPED_PREFIX "ungrouped-"

/*
 * Parameters every listing numbers alike: $1 the recipient, $2 and $3 the
 * page's bounds (exclusive) or the range of a grouped page (inclusive),
 * $4 the types shown (NULL: all), $5 the one sender shown (NULL: all),
 * $6 the types grouped. SHOWN reads the recipient's refused senders once
 * from $1: every query here is about n.account_id = $1.
 */
#define SHOWN \
	NOTIFICATION_SENDER_NOT_HIDDEN("$1::bigint", "n.from_account_id") " " \
	"AND (n.status_id IS NULL OR EXISTS (SELECT 1 FROM statuses s " \
	"WHERE s.id = n.status_id AND " STATUS_VISIBLE_TO("n.account_id") "))"
#define LISTED \
	"n.account_id = $1 " \
	"AND ($4::text[] IS NULL OR n.type = ANY($4::text[])) " \
	"AND ($5::bigint IS NULL OR n.from_account_id = $5) AND " SHOWN
#define COLUMNS \
	"n.id, n.type, " \
	"coalesce(n.group_key, '" UNGROUPED_PREFIX "' || n.id), " \
	ISO_TIME("n.created_at") ", n.from_account_id, " \
	"coalesce(n.status_id, 0)"
#define GROUPED_KEY \
	"CASE WHEN n.group_key IS NOT NULL AND n.type = ANY($6::text[]) " \
	"THEN n.group_key ELSE '" UNGROUPED_PREFIX "' || n.id END"
#define BOUNDS " AND n.id < $2 AND n.id > $3 "

/*
 * The grouped page's LIMITs are constants so that PostgreSQL keeps one
 * generic plan (an index scan of notifications_account) for every page
 * size; the page's own size is kept in C. A grouped page reads at most
 * GROUP_SCAN rows to find its groups: a page of groups is never
 * unbounded work.
 */
#define PAGE_MAX_SQL	"80"
#define GROUP_SCAN	2000
#define GROUP_SCAN_SQL	"2000"

/*
 * A page's own size is $6: next to the walk of notifications_account a
 * LIMIT stops it there whatever its value, so the plan does not depend on
 * it, and a page of 40 does not check 80 rows' senders and statuses.
 */
static const char *page_desc =
    "SELECT " COLUMNS " FROM notifications n WHERE " LISTED BOUNDS
    "ORDER BY n.id DESC LIMIT $6";
static const char *page_asc =
    "SELECT " COLUMNS " FROM notifications n WHERE " LISTED BOUNDS
    "ORDER BY n.id ASC LIMIT $6";

/* The first notification of each group in scan order, and the scan size. */
#define GROUP_PAGE(dir) \
	"SELECT g.id, g.type, g.key, " ISO_TIME("g.created_at") ", " \
	"g.from_account_id, g.status_id, g.scanned FROM (" \
	"SELECT DISTINCT ON (k.key) k.*, count(*) OVER () AS scanned FROM (" \
	"SELECT n.id, n.type, " GROUPED_KEY " AS key, n.created_at, " \
	"n.from_account_id, coalesce(n.status_id, 0) AS status_id " \
	"FROM notifications n WHERE " LISTED BOUNDS \
	"ORDER BY n.id " dir " LIMIT " GROUP_SCAN_SQL ") k " \
	"ORDER BY k.key, k.id " dir ") g ORDER BY g.id " dir \
	" LIMIT " PAGE_MAX_SQL
static const char *group_page_desc = GROUP_PAGE("DESC");
static const char *group_page_asc = GROUP_PAGE("ASC");

/*
 * A group over a page: its newest member, size and newest senders up to
 * the page's end ($3), and its members within the page ($2..$3), as
 * Mastodon's NotificationGroup reports them.
 */
static const char *summary_sql =
    "SELECT g.key, t.newest, t.total, "
    "(SELECT coalesce(array_agg(x.from_account_id ORDER BY x.id DESC), "
    "  '{}')::text FROM (SELECT n.id, n.from_account_id "
    "  FROM notifications n WHERE n.group_key = g.key AND n.id <= $3 "
    "  AND " LISTED " ORDER BY n.id DESC LIMIT 8) x), "
    "coalesce(p.lo, 0), coalesce(p.hi, 0), " ISO_TIME("p.latest") " "
    "FROM unnest($6::text[]) AS g(key) "
    "CROSS JOIN LATERAL (SELECT coalesce(max(n.id), 0) AS newest, "
    "  count(*) AS total FROM notifications n WHERE n.group_key = g.key "
    "  AND n.id <= $3 AND " LISTED ") t "
    "CROSS JOIN LATERAL (SELECT min(n.id) AS lo, max(n.id) AS hi, "
    "  max(n.created_at) AS latest FROM notifications n "
    "  WHERE n.group_key = g.key AND n.id >= $2 AND n.id <= $3 "
    "  AND " LISTED ") p";

static const char *get_sql =
    "SELECT " COLUMNS " FROM notifications n "
    "WHERE n.id = $2 AND n.account_id = $1 AND " SHOWN;
static const char *get_group_sql =
    "SELECT " COLUMNS " FROM notifications n "
    "WHERE n.account_id = $1 AND n.group_key = $2 AND " SHOWN " "
    "ORDER BY n.id DESC LIMIT 1";
static const char *group_senders_sql =
    "SELECT n.from_account_id FROM notifications n "
    "WHERE n.account_id = $1 AND n.group_key = $2 AND " SHOWN " "
    "ORDER BY n.id DESC LIMIT $3";

#define AFTER_MARKER \
	" AND n.id > coalesce((SELECT m.last_read_id FROM markers m " \
	"WHERE m.user_id = $2 AND m.timeline = 'notifications'), 0) "
/* $2 the user (for the marker), $3 the cap; $4, $5 as in LISTED. */
static const char *unread_sql =
    "SELECT count(*) FROM (SELECT 1 FROM notifications n WHERE " LISTED
    AFTER_MARKER "ORDER BY n.id LIMIT $3) x";
/*
 * The menu's count, counted as unread_sql counts it (every type, every
 * sender) and kept in notification_unread_counts (sql/0014) with the
 * change rows it saw cleared: only while the count's generation is the
 * one read in this snapshot, so that a count made meanwhile from a newer
 * snapshot is never overwritten with an older one, and change rows this
 * snapshot did not see survive it. $1 the account, $2 its user (for the
 * marker), $3 the cap: LISTED with no filter.
 */
static const char *recount_sql =
    "WITH seen AS MATERIALIZED (SELECT c.generation "
    "  FROM notification_unread_counts c WHERE c.account_id = $1), "
    "counted AS MATERIALIZED (SELECT count(*) AS n FROM (SELECT 1 "
    "  FROM notifications n WHERE n.account_id = $1 AND " SHOWN
    AFTER_MARKER "ORDER BY n.id LIMIT $3) x), "
    "stored AS (UPDATE notification_unread_counts c "
    "  SET unread = (SELECT counted.n FROM counted), "
    "  generation = c.generation + 1, "
    "  fresh_until = (SELECT min(mu.expires_at) FROM mutes mu "
    "  WHERE mu.account_id = $1 AND mu.hide_notifications "
    "  AND mu.expires_at > now()) "
    "  WHERE c.account_id = $1 "
    "  AND c.generation = (SELECT seen.generation FROM seen) "
    "  RETURNING c.account_id), "
    "cleared AS (DELETE FROM notification_count_changes ch USING stored "
    "  WHERE ch.account_id = stored.account_id) "
    "SELECT counted.n FROM counted";
/*
 * The groups among the first GROUP_SCAN unread rows. The rows are picked
 * first, by the index alone: with the filters in the same query the
 * planner misjudged how few rows pass and sorted every unread row.
 */
static const char *unread_groups_sql =
    "SELECT count(*) FROM (SELECT DISTINCT " GROUPED_KEY " AS key "
    "FROM (SELECT * FROM notifications n WHERE n.account_id = $1 "
    AFTER_MARKER "ORDER BY n.id LIMIT " GROUP_SCAN_SQL ") n "
    "WHERE " LISTED " LIMIT $3) y";

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

int
notification_type_known(const char *type)
{
	size_t i;

	for (i = 0; notification_types[i] != NULL; i++)
		if (!strcmp(type, notification_types[i]))
			return 1;
	return 0;
}

int
notification_types_select(const char *const *types, size_t ntypes,
    const char *const *exclude, size_t nexclude, const char **out)
{
	size_t i, n = 0;

	for (i = 0; notification_types[i] != NULL; i++) {
		if (ntypes > 0 &&
		    !in_list(notification_types[i], types, ntypes))
			continue;
		if (in_list(notification_types[i], exclude, nexclude))
			continue;
		out[n++] = notification_types[i];
	}
	return n == i ? -1 : (int)n;
}

static void
add_text_array(struct db_params *p, struct buf *b, const char *const *items,
    size_t n)
{
	buf_reset(b);
	db_text_array(b, (char *const *)items, n);
	dbp_str(p, buf_cstr(b));
}

/* $1, $2, $3 (bounds), $4, $5: what every listing binds. */
static void
bind_listing(struct db_params *p, struct buf *types, int64_t account_id,
    int64_t upper, int64_t lower, const struct notification_filter *f)
{
	db_params_init(p);
	dbp_int(p, account_id);
	dbp_int(p, upper);
	dbp_int(p, lower);
	if (f->types == NULL)
		dbp_str(p, NULL);
	else
		add_text_array(p, types, f->types, f->ntypes);
	if (f->from_account_id)
		dbp_int(p, f->from_account_id);
	else
		dbp_str(p, NULL);
}

static void
notification_from_row(struct notification *nt, const PGresult *res, int row)
{
	memset(nt, 0, sizeof(*nt));
	nt->id = db_int(res, row, 0);
	snprintf(nt->type, sizeof(nt->type), "%s", PQgetvalue(res, row, 1));
	nt->group_key = xstrdup(PQgetvalue(res, row, 2));
	nt->created_at = xstrdup(PQgetvalue(res, row, 3));
	nt->from_account_id = db_int(res, row, 4);
	nt->status_id = db_int(res, row, 5);
}

void
notification_free(struct notification *nt)
{
	free(nt->group_key);
	free(nt->created_at);
	memset(nt, 0, sizeof(*nt));
}

void
notification_list_free(struct notification_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		notification_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/*
 * Keep at most limit rows, newest first: rows read upwards (min_id pages)
 * come oldest first and are flipped.
 */
static void
list_from_rows(struct notification_list *l, const PGresult *res, int limit,
    int reverse)
{
	int i, rows = PQntuples(res);

	if (rows > limit)
		rows = limit;
	l->items = xcalloc(rows ? (size_t)rows : 1, sizeof(*l->items));
	for (i = 0; i < rows; i++)
		notification_from_row(&l->items[reverse ? rows - 1 - i : i],
		    res, i);
	l->n = (size_t)rows;
}

/* Mastodon's cursors: upwards from min_id, else down from max_id. */
static void
page_range(const struct page *pg, int64_t *upper, int64_t *lower)
{
	int64_t lo = pg->since_id > pg->min_id ? pg->since_id : pg->min_id;

	*upper = pg->max_id > 0 ? pg->max_id : INT64_MAX;
	*lower = lo > 0 ? lo : 0;
}

static int
page_limit(const struct page *pg)
{
	if (pg->limit < 1)
		return 1;
	return pg->limit > NOTIFICATION_PAGE_MAX ? NOTIFICATION_PAGE_MAX :
	    pg->limit;
}

int
notification_page(struct db *db, int64_t account_id,
    const struct notification_filter *f, const struct page *pg,
    struct notification_list *out)
{
	struct buf types = BUF_INIT;
	struct db_params p;
	PGresult *res;
	int64_t upper, lower;
	int up = pg->min_id > 0;

	memset(out, 0, sizeof(*out));
	page_range(pg, &upper, &lower);
	bind_listing(&p, &types, account_id, upper, lower, f);
	dbp_int(&p, page_limit(pg));
	res = db_run(db, up ? page_asc : page_desc, &p);
	buf_free(&types);
	if (res == NULL)
		return -1;
	list_from_rows(out, res, page_limit(pg), up);
	PQclear(res);
	return 0;
}

int
notification_group_page(struct db *db, int64_t account_id,
    const struct notification_filter *f, const char *const *grouped,
    size_t ngrouped, const struct page *pg, struct notification_list *out)
{
	/* Each text[] parameter keeps its own buffer until the query ran. */
	struct buf types = BUF_INIT, b = BUF_INIT;
	struct db_params p;
	PGresult *res;
	int64_t upper, lower;
	int up = pg->min_id > 0, limit = page_limit(pg);

	memset(out, 0, sizeof(*out));
	page_range(pg, &upper, &lower);
	bind_listing(&p, &types, account_id, upper, lower, f);
	add_text_array(&p, &b, grouped, ngrouped);
	res = db_run(db, up ? group_page_asc : group_page_desc, &p);
	buf_free(&types);
	buf_free(&b);
	if (res == NULL)
		return -1;
	/* Groups beyond the page, or a scan cut short: there is more. */
	out->more = PQntuples(res) > limit || (PQntuples(res) > 0 &&
	    db_int(res, 0, 6) >= GROUP_SCAN);
	list_from_rows(out, res, limit, up);
	PQclear(res);
	return 0;
}

/* "{1,2,3}" into at most max ids. */
static size_t
parse_id_array(const char *s, int64_t *ids, size_t max)
{
	char *end;
	size_t n = 0;

	if (*s == '{')
		s++;
	while (*s != '\0' && *s != '}' && n < max) {
		ids[n++] = strtoll(s, &end, 10);
		if (end == s)
			break;
		s = *end == ',' ? end + 1 : end;
	}
	return n;
}

int
notification_group_summaries(struct db *db, int64_t account_id,
    const struct notification_filter *f, const char *const *keys,
    size_t nkeys, int64_t lo, int64_t hi, struct notification_group **out,
    size_t *nout)
{
	struct notification_group *g;
	/* Each text[] parameter keeps its own buffer until the query ran. */
	struct buf types = BUF_INIT, b = BUF_INIT;
	struct db_params p;
	PGresult *res;
	int i, rows;

	*out = NULL;
	*nout = 0;
	if (nkeys == 0)
		return 0;
	bind_listing(&p, &types, account_id, lo, hi, f);
	add_text_array(&p, &b, keys, nkeys);
	res = db_run(db, summary_sql, &p);
	buf_free(&types);
	buf_free(&b);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	*out = xcalloc(rows ? (size_t)rows : 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		g = &(*out)[i];
		g->key = xstrdup(PQgetvalue(res, i, 0));
		g->most_recent_id = db_int(res, i, 1);
		g->count = db_int(res, i, 2);
		g->nsamples = parse_id_array(PQgetvalue(res, i, 3),
		    g->sample_account_ids, NOTIFICATION_SAMPLE_ACCOUNTS);
		g->page_min_id = db_int(res, i, 4);
		g->page_max_id = db_int(res, i, 5);
		g->latest_page_at = db_dup(res, i, 6);
	}
	*nout = (size_t)rows;
	PQclear(res);
	return 0;
}

void
notification_groups_free(struct notification_group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(g[i].key);
		free(g[i].latest_page_at);
	}
	free(g);
}

static int
get_one(struct db *db, const char *sql, const struct db_params *p,
    struct notification *out)
{
	PGresult *res = db_run(db, sql, p);
	int found;

	if (res == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		notification_from_row(out, res, 0);
	PQclear(res);
	return found;
}

int
notification_get(struct db *db, int64_t account_id, int64_t id,
    struct notification *out)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, account_id);
	dbp_int(&p, id);
	return get_one(db, get_sql, &p, out);
}

/*
 * "ungrouped-<id>" names one notification by id (Mastodon's
 * by_group_key); 1 and *id when key is one, 0 when it is a stored key,
 * -1 when it looks like one but names no possible id.
 */
static int
ungrouped_id(const char *key, int64_t *id)
{
	const char *digits;
	char *end;
	size_t len = strlen(UNGROUPED_PREFIX);

	if (strncmp(key, UNGROUPED_PREFIX, len) != 0)
		return 0;
	digits = key + len;
	if (*digits < '0' || *digits > '9' || strlen(digits) > 19)
		return -1;
	*id = strtoll(digits, &end, 10);
	return *end == '\0' && *id > 0 ? 1 : -1;
}

int
notification_get_group(struct db *db, int64_t account_id, const char *key,
    struct notification *out)
{
	struct db_params p;
	int64_t id;

	switch (ungrouped_id(key, &id)) {
	case 1:
		return notification_get(db, account_id, id, out);
	case -1:
		return 0;
	}
	db_params_init(&p);
	dbp_int(&p, account_id);
	dbp_str(&p, key);
	return get_one(db, get_group_sql, &p, out);
}

int
notification_group_senders(struct db *db, int64_t account_id,
    const char *key, size_t max, int64_t **ids, size_t *n)
{
	struct notification one;
	struct db_params p;
	PGresult *res;
	int64_t id;
	int i, rows, rc;

	*ids = NULL;
	*n = 0;
	switch (ungrouped_id(key, &id)) {
	case 1:
		if ((rc = notification_get(db, account_id, id, &one)) != 1)
			return rc;
		*ids = xcalloc(1, sizeof(int64_t));
		(*ids)[0] = one.from_account_id;
		*n = 1;
		notification_free(&one);
		return 0;
	case -1:
		return 0;
	}
	db_params_init(&p);
	dbp_int(&p, account_id);
	dbp_str(&p, key);
	dbp_int(&p, (int64_t)max);
	if ((res = db_run(db, group_senders_sql, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++)
		(*ids)[i] = db_int(res, i, 0);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
notification_dismiss(struct db *db, int64_t account_id, int64_t id)
{
	static const char *sql =
	    "DELETE FROM notifications WHERE id = $2 AND account_id = $1";
	struct db_params p;
	long n;

	db_params_init(&p);
	dbp_int(&p, account_id);
	dbp_int(&p, id);
	if ((n = db_exec(db, sql, &p)) == -1)
		return -1;
	return n > 0;
}

long
notification_dismiss_group(struct db *db, int64_t account_id,
    const char *key)
{
	static const char *sql =
	    "DELETE FROM notifications WHERE account_id = $1 "
	    "AND group_key = $2";
	struct db_params p;
	int64_t id;

	switch (ungrouped_id(key, &id)) {
	case 1:
		return notification_dismiss(db, account_id, id);
	case -1:
		return 0;
	}
	db_params_init(&p);
	dbp_int(&p, account_id);
	dbp_str(&p, key);
	return db_exec(db, sql, &p);
}

int
notification_clear(struct db *db, int64_t account_id)
{
	static const char *sql =
	    "DELETE FROM notifications WHERE account_id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, account_id);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

static int
run_count(struct db *db, const char *sql, const struct db_params *p,
    long *count)
{
	PGresult *res = db_run(db, sql, p);

	if (res == NULL)
		return -1;
	*count = (long)db_int(res, 0, 0);
	PQclear(res);
	return 0;
}

int
notification_unread_count(struct db *db, int64_t account_id,
    int64_t user_id, const struct notification_filter *f, long limit,
    long *count)
{
	struct buf types = BUF_INIT;
	struct db_params p;
	int rc;

	*count = 0;
	bind_listing(&p, &types, account_id, user_id, limit, f);
	rc = run_count(db, unread_sql, &p, count);
	buf_free(&types);
	return rc;
}

int
notification_menu_count(struct db *db, int64_t account_id, int64_t user_id,
    long limit, long *count)
{
	struct db_params p;

	*count = 0;
	db_params_init(&p);
	dbp_int(&p, account_id);
	dbp_int(&p, user_id);
	dbp_int(&p, limit);
	return run_count(db, recount_sql, &p, count);
}

int
notification_unread_group_count(struct db *db, int64_t account_id,
    int64_t user_id, const struct notification_filter *f,
    const char *const *grouped, size_t ngrouped, long limit, long *count)
{
	/* Each text[] parameter keeps its own buffer until the query ran. */
	struct buf types = BUF_INIT, b = BUF_INIT;
	struct db_params p;
	int rc;

	*count = 0;
	bind_listing(&p, &types, account_id, user_id, limit, f);
	add_text_array(&p, &b, grouped, ngrouped);
	rc = run_count(db, unread_groups_sql, &p, count);
	buf_free(&types);
	buf_free(&b);
	return rc;
}

int
notification_type_has_status(const char *type)
{
	static const char *const with_status[] = { "favourite", "reblog",
	    "status", "mention", "poll", "update", "quote", "quoted_update",
	    NULL };
	size_t i;

	for (i = 0; with_status[i] != NULL; i++)
		if (!strcmp(type, with_status[i]))
			return 1;
	return 0;
}

/* ids without repeats (and without 0, "none"), in first-seen order. */
static int64_t *
unique_ids(const int64_t *ids, size_t n, size_t *nout)
{
	int64_t *out = xcalloc(n ? n : 1, sizeof(int64_t));
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		if (ids[i] == 0)
			continue;
		for (j = 0; j < k && out[j] != ids[i]; j++)
			;
		if (j == k)
			out[k++] = ids[i];
	}
	*nout = k;
	return out;
}

int
notification_refs_load(struct db *db, const struct config *cf,
    int64_t viewer, const int64_t *account_ids, size_t naccounts,
    const int64_t *status_ids, size_t nstatuses,
    struct notification_refs *r)
{
	int64_t *ids;
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	ids = unique_ids(account_ids, naccounts, &n);
	rc = account_by_ids(db, cf->base_url, ids, n, &r->accounts,
	    &r->naccounts);
	free(ids);
	if (rc == -1)
		return -1;
	ids = unique_ids(status_ids, nstatuses, &n);
	rc = status_load(db, cf, ids, n, viewer, &r->statuses);
	free(ids);
	if (rc == -1) {
		notification_refs_free(r);
		return -1;
	}
	return 0;
}

int
notification_refs_for_list(struct db *db, const struct config *cf,
    int64_t viewer, const struct notification_list *l,
    struct notification_refs *r)
{
	int64_t *accounts, *statuses;
	size_t i;
	int rc;

	accounts = xcalloc(l->n ? l->n : 1, sizeof(int64_t));
	statuses = xcalloc(l->n ? l->n : 1, sizeof(int64_t));
	for (i = 0; i < l->n; i++) {
		accounts[i] = l->items[i].from_account_id;
		statuses[i] = l->items[i].status_id;
	}
	rc = notification_refs_load(db, cf, viewer, accounts, l->n, statuses,
	    l->n, r);
	free(accounts);
	free(statuses);
	return rc;
}

const struct account *
notification_refs_account(const struct notification_refs *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->naccounts; i++)
		if (r->accounts[i].id == id)
			return &r->accounts[i];
	return NULL;
}

const struct status *
notification_refs_status(const struct notification_refs *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->statuses.n; i++)
		if (r->statuses.items[i].id == id)
			return &r->statuses.items[i];
	return NULL;
}

void
notification_refs_free(struct notification_refs *r)
{
	size_t i;

	for (i = 0; i < r->naccounts; i++)
		account_free(&r->accounts[i]);
	free(r->accounts);
	status_list_free(&r->statuses);
	memset(r, 0, sizeof(*r));
}
