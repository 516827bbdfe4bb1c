/*
 * status: statuses in and out of the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "outbox.h"
#include "format.h"
#include "log.h"
#include "params.h"
#include "status.h"
#include "timeline.h"
#include "visibility.h"

/* Mastodon's thread limits (StatusesController#context). */
#define CONTEXT_LIMIT			4096
#define ANONYMOUS_ANCESTORS		40
#define ANONYMOUS_DESCENDANTS		60
#define ANONYMOUS_DESCENDANT_DEPTH	20

#define ISO_TIME(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/*
 * One query per page, whatever its size: the page's statuses and the
 * statuses its reblogs boost ("wanted"), each with its author, counters,
 * mentions, tags, application and the viewer's ($2, NULL when signed out)
 * favourite, reblog, bookmark, conversation mute and pin. Mentions, tags
 * and the viewer's marks are read once for all the wanted ids (= ANY) and
 * joined, rather than asked row by row: MATERIALIZED, so that each is one
 * index scan whatever plan the join gets, never a scan repeated for
 * every row. Rows come in page order, each boosted status right after
 * the reblog that carries it: the ord column says which page entry a row
 * belongs to, the next one whether it is the boosted status.
 */
#define LOAD_IDS "(SELECT w.all_ids FROM wanted_ids w)::bigint[]"
#define LOAD_WANTED \
    "WITH page AS MATERIALIZED (" \
    "  SELECT s.id, s.reblog_of_id, u.ord " \
    "  FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, ord) " \
    "  JOIN statuses s ON s.id = u.id WHERE s.deleted_at IS NULL), " \
    "wanted AS MATERIALIZED (" \
    "  SELECT p.id, p.ord, false AS boosted FROM page p " \
    "  UNION ALL SELECT p.reblog_of_id, p.ord, true FROM page p " \
    "  WHERE p.reblog_of_id IS NOT NULL), " \
    LOAD_VIEWER
/* The viewer's marks on every wanted status (w.id of "wanted"). */
#define LOAD_VIEWER \
    "wanted_ids AS (SELECT array_agg(w.id) AS all_ids FROM wanted w), " \
    "faved AS MATERIALIZED (SELECT f.status_id FROM favourites f " \
    "  WHERE f.account_id = $2 AND f.status_id = ANY (" LOAD_IDS ")), " \
    "boosted AS MATERIALIZED (SELECT DISTINCT r.reblog_of_id AS status_id " \
    "  FROM statuses r WHERE r.account_id = $2 AND r.deleted_at IS NULL " \
    "  AND r.reblog_of_id = ANY (" LOAD_IDS ")), " \
    "marked AS MATERIALIZED (SELECT b.status_id FROM bookmarks b " \
    "  WHERE b.account_id = $2 AND b.status_id = ANY (" LOAD_IDS ")), " \
    "pinned AS MATERIALIZED (SELECT sp.status_id FROM status_pins sp " \
    "  WHERE sp.account_id = $2 AND sp.status_id = ANY (" LOAD_IDS ")), " \
    "muted_conversations AS MATERIALIZED (SELECT cm.conversation_id " \
    "  FROM conversation_mutes cm WHERE cm.account_id = $2) "
#define LOAD_MARKS \
    "fv.status_id IS NOT NULL, bo.status_id IS NOT NULL, " \
    "mk.status_id IS NOT NULL, cmu.conversation_id IS NOT NULL, " \
    "pn.status_id IS NOT NULL"
/*
 * What a status's entity shows lives in four rows: the status, its
 * counters, its author and the author's counters. Their row versions
 * (xmin changes with every write, by whichever writer or trigger) make a
 * version of the whole that a cache can key on: anything else a status
 * shows (mentions, tags) changes only with an edit of the status row.
 */
#define LOAD_VERSION \
    "s.xmin::text || '.' || coalesce(ss.xmin::text, '-') || '.' || " \
    "a.xmin::text || '.' || coalesce(st.xmin::text, '-')"
#define LOAD_JOINS \
    "FROM wanted w " \
    "JOIN statuses s ON s.id = w.id " \
    "LEFT JOIN status_stats ss ON ss.status_id = s.id " \
    "LEFT JOIN oauth_applications app ON app.id = s.application_id " \
    "JOIN " ACCOUNT_JOIN " ON a.id = s.account_id " \
    "LEFT JOIN faved fv ON fv.status_id = s.id " \
    "LEFT JOIN boosted bo ON bo.status_id = s.id " \
    "LEFT JOIN marked mk ON mk.status_id = s.id " \
    "LEFT JOIN pinned pn ON pn.status_id = s.id " \
    "LEFT JOIN muted_conversations cmu " \
    "  ON cmu.conversation_id = s.conversation_id "
#define LOAD_ORDER \
    "WHERE s.deleted_at IS NULL AND a.suspended_at IS NULL " \
    "ORDER BY w.ord, w.boosted"
static const char *load_sql =
    LOAD_WANTED ", "
    "mention_lists AS MATERIALIZED (SELECT m.status_id, "
    "  json_agg(json_build_array(ma.id::text, ma.username, ma.domain, "
    "  coalesce(ma.url, ma.uri), ma.uri) ORDER BY m.id)::text AS list "
    "  FROM mentions m JOIN accounts ma ON ma.id = m.account_id "
    "  WHERE m.status_id = ANY (" LOAD_IDS ") AND NOT m.silent "
    "  GROUP BY m.status_id), "
    "tag_lists AS MATERIALIZED (SELECT stg.status_id, "
    "  json_agg(t.name ORDER BY t.name)::text AS list "
    "  FROM status_tags stg JOIN tags t ON t.id = stg.tag_id "
    "  WHERE stg.status_id = ANY (" LOAD_IDS ") GROUP BY stg.status_id) "
    "SELECT s.id, s.uri, s.url, s.content, s.text, s.spoiler_text, "
    "s.visibility, s.language, " ISO_TIME("s.created_at") ", "
    ISO_TIME("s.edited_at") ", s.sensitive, s.local, s.in_reply_to_id, "
    "s.in_reply_to_account_id, s.reblog_of_id, "
    "coalesce(ss.replies_count, 0), coalesce(ss.reblogs_count, 0), "
    "coalesce(ss.favourites_count, 0), coalesce(ml.list, '[]'), "
    "coalesce(tl.list, '[]'), " LOAD_MARKS ", "
    "s.conversation_id, s.application_id, app.name, app.website, "
    ACCOUNT_COLUMNS ", w.ord, w.boosted, " LOAD_VERSION ", "
    "coalesce((SELECT ps.uri FROM statuses ps "
    "  WHERE ps.id = s.in_reply_to_id), s.in_reply_to_uri) "
    LOAD_JOINS
    "LEFT JOIN mention_lists ml ON ml.status_id = s.id "
    "LEFT JOIN tag_lists tl ON tl.status_id = s.id "
    LOAD_ORDER;
#define LOAD_ACCOUNT_COL 29
#define LOAD_ORD_COL (LOAD_ACCOUNT_COL + ACCOUNT_NCOLUMNS)
#define LOAD_VERSION_COL (LOAD_ORD_COL + 2)
#define LOAD_IN_REPLY_TO_URI_COL (LOAD_VERSION_COL + 1)
/*
 * The same rows, with only what a cached entity needs per request: what
 * the shared text's key needs (the version) and what is laid over it.
 * Each status row is read once, with what is needed of it (load_sql reads
 * it twice), and each author once however many of the page's statuses
 * are theirs (a profile's page is one author): 215 buffers for a home
 * page of 20 instead of 354.
 */
#define MARKS_STATUS_COLUMNS \
    "s.id, s.reblog_of_id, s.visibility, s.account_id, s.conversation_id, " \
    "s.application_id, s.xmin::text AS version"
static const char *marks_sql =
    "WITH page AS MATERIALIZED ("
    "  SELECT " MARKS_STATUS_COLUMNS ", u.ord, false AS boosted "
    "  FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, ord) "
    "  JOIN statuses s ON s.id = u.id WHERE s.deleted_at IS NULL), "
    "wanted AS MATERIALIZED (SELECT * FROM page UNION ALL "
    "  SELECT " MARKS_STATUS_COLUMNS ", p.ord, true FROM page p "
    "  JOIN statuses s ON s.id = p.reblog_of_id "
    "  WHERE s.deleted_at IS NULL), "
    "authors AS MATERIALIZED (SELECT a.id, "
    "  a.xmin::text || '.' || coalesce(st.xmin::text, '-') AS version "
    "  FROM " ACCOUNT_JOIN " WHERE a.suspended_at IS NULL "
    "  AND a.id IN (SELECT w.account_id FROM wanted w)), "
    LOAD_VIEWER
    "SELECT w.id, w.reblog_of_id, w.visibility, w.account_id, "
    LOAD_MARKS ", w.application_id, app.name, app.website, "
    "w.ord, w.boosted, w.version || '.' || coalesce(ss.xmin::text, '-') "
    "  || '.' || au.version "
    "FROM wanted w JOIN authors au ON au.id = w.account_id "
    "LEFT JOIN status_stats ss ON ss.status_id = w.id "
    "LEFT JOIN oauth_applications app ON app.id = w.application_id "
    "LEFT JOIN faved fv ON fv.status_id = w.id "
    "LEFT JOIN boosted bo ON bo.status_id = w.id "
    "LEFT JOIN marked mk ON mk.status_id = w.id "
    "LEFT JOIN pinned pn ON pn.status_id = w.id "
    "LEFT JOIN muted_conversations cmu "
    "  ON cmu.conversation_id = w.conversation_id "
    "ORDER BY w.ord, w.boosted";
#define MARKS_ORD_COL 12

static void
parse_mentions(struct status *s, const char *json, const char *domain)
{
	json_object *arr = json_tokener_parse(json), *m;
	size_t i, n;
	const char *d;
	struct buf acct = BUF_INIT;

	if (arr == NULL || !json_object_is_type(arr, json_type_array)) {
		if (arr)
			json_object_put(arr);
		return;
	}
	n = json_object_array_length(arr);
	s->mentions = xcalloc(n, sizeof(*s->mentions));
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(arr, i);
		s->mentions[i].account_id = json_object_get_int64(
		    json_object_array_get_idx(m, 0));
		s->mentions[i].username = xstrdup(json_object_get_string(
		    json_object_array_get_idx(m, 1)));
		d = json_object_get_string(json_object_array_get_idx(m, 2));
		buf_reset(&acct);
		buf_puts(&acct, s->mentions[i].username);
		if (d != NULL && *d != '\0') {
			buf_putc(&acct, '@');
			buf_puts(&acct, d);
		}
		s->mentions[i].acct = xstrdup(buf_cstr(&acct));
		s->mentions[i].url = xstrdup(json_object_get_string(
		    json_object_array_get_idx(m, 3)));
		s->mentions[i].uri = xstrdup(json_object_get_string(
		    json_object_array_get_idx(m, 4)));
	}
	s->nmentions = n;
	buf_free(&acct);
	json_object_put(arr);
	(void)domain;
}

static void
parse_tags(struct status *s, const char *json)
{
	json_object *arr = json_tokener_parse(json);
	size_t i, n;

	if (arr == NULL || !json_object_is_type(arr, json_type_array)) {
		if (arr)
			json_object_put(arr);
		return;
	}
	n = json_object_array_length(arr);
	s->tags = xcalloc(n, sizeof(char *));
	for (i = 0; i < n; i++)
		s->tags[i] = xstrdup(json_object_get_string(
		    json_object_array_get_idx(arr, i)));
	s->ntags = n;
	json_object_put(arr);
}

static void
status_from_row(struct status *s, const PGresult *res, int row,
    const struct config *cf)
{
	memset(s, 0, sizeof(*s));
	s->id = db_int(res, row, 0);
	s->uri = xstrdup(PQgetvalue(res, row, 1));
	s->url = db_dup(res, row, 2);
	if (s->url == NULL)
		s->url = xstrdup(s->uri);
	s->content = xstrdup(PQgetvalue(res, row, 3));
	s->text = xstrdup(PQgetvalue(res, row, 4));
	s->spoiler_text = xstrdup(PQgetvalue(res, row, 5));
	s->visibility = xstrdup(PQgetvalue(res, row, 6));
	s->language = db_dup(res, row, 7);
	s->created_at = xstrdup(PQgetvalue(res, row, 8));
	s->edited_at = db_dup(res, row, 9);
	s->sensitive = db_bool(res, row, 10);
	s->local = db_bool(res, row, 11);
	s->in_reply_to_id = db_int(res, row, 12);
	s->in_reply_to_account_id = db_int(res, row, 13);
	s->reblog_of_id = db_int(res, row, 14);
	s->replies_count = db_int(res, row, 15);
	s->reblogs_count = db_int(res, row, 16);
	s->favourites_count = db_int(res, row, 17);
	parse_mentions(s, PQgetvalue(res, row, 18), cf->domain);
	parse_tags(s, PQgetvalue(res, row, 19));
	s->favourited = db_bool(res, row, 20);
	s->reblogged = db_bool(res, row, 21);
	s->bookmarked = db_bool(res, row, 22);
	s->muted = db_bool(res, row, 23);
	s->pinned = db_bool(res, row, 24);
	s->conversation_id = db_int(res, row, 25);
	s->application_id = db_int(res, row, 26);
	s->application_name = db_dup(res, row, 27);
	s->application_website = db_dup(res, row, 28);
	account_from_row(&s->account, res, row, LOAD_ACCOUNT_COL,
	    cf->base_url);
	s->version = xstrdup(PQgetvalue(res, row, LOAD_VERSION_COL));
	s->in_reply_to_uri = db_dup(res, row, LOAD_IN_REPLY_TO_URI_COL);
}

/* A row of marks_sql: the status as far as a cached entity needs it. */
static void
marks_from_row(struct status *s, const PGresult *res, int row,
    const struct config *cf)
{
	(void)cf;
	memset(s, 0, sizeof(*s));
	s->id = db_int(res, row, 0);
	s->reblog_of_id = db_int(res, row, 1);
	s->visibility = xstrdup(PQgetvalue(res, row, 2));
	s->account.id = db_int(res, row, 3);
	s->favourited = db_bool(res, row, 4);
	s->reblogged = db_bool(res, row, 5);
	s->bookmarked = db_bool(res, row, 6);
	s->muted = db_bool(res, row, 7);
	s->pinned = db_bool(res, row, 8);
	s->application_id = db_int(res, row, 9);
	s->application_name = db_dup(res, row, 10);
	s->application_website = db_dup(res, row, 11);
	s->version = xstrdup(PQgetvalue(res, row, MARKS_ORD_COL + 2));
}

static void
status_free_one(struct status *s)
{
	size_t i;

	free(s->uri);
	free(s->url);
	free(s->content);
	free(s->text);
	free(s->spoiler_text);
	free(s->visibility);
	free(s->language);
	free(s->created_at);
	free(s->edited_at);
	free(s->application_name);
	free(s->application_website);
	free(s->version);
	free(s->in_reply_to_uri);
	account_free(&s->account);
	for (i = 0; i < s->nmentions; i++) {
		free(s->mentions[i].username);
		free(s->mentions[i].acct);
		free(s->mentions[i].url);
		free(s->mentions[i].uri);
	}
	free(s->mentions);
	for (i = 0; i < s->ntags; i++)
		free(s->tags[i]);
	free(s->tags);
	if (s->reblog != NULL) {
		status_free_one(s->reblog);
		free(s->reblog);
	}
}

void
status_list_free(struct status_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		status_free_one(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/*
 * A boost answers for its original: the viewer's flags on it are those
 * on the boosted status, as Mastodon's Account#favourited?(status.proper)
 * and friends give them.
 */
static void
flags_from_original(struct status *boost)
{
	const struct status *o = boost->reblog;

	boost->favourited = o->favourited;
	boost->reblogged = o->reblogged;
	boost->bookmarked = o->bookmarked;
	boost->muted = o->muted;
}

/*
 * A reblog whose original did not load (deleted, or its author suspended)
 * is not shown at all, rather than as an empty post.
 */
static void
drop_empty_reblogs(struct status_list *l)
{
	size_t i, kept = 0;

	for (i = 0; i < l->n; i++) {
		if (l->items[i].reblog_of_id && l->items[i].reblog == NULL) {
			status_free_one(&l->items[i]);
			continue;
		}
		l->items[kept++] = l->items[i];
	}
	l->n = kept;
}

/* Fills a status from a row of load_sql or marks_sql. */
typedef void (*row_reader)(struct status *, const PGresult *, int,
    const struct config *);

/*
 * Rows of load_sql (or marks_sql) into a list: each page entry, with the
 * boosted status a reblog carries hung under it; ord_col and the column
 * after it are the row's page entry and whether it is the boosted one. A
 * boosted row whose reblog did not load is dropped with it, and so is a
 * reblog whose boosted status did not (drop_empty_reblogs).
 */
static void
status_list_from_rows(struct status_list *out, const PGresult *res,
    const struct config *cf, row_reader read, int ord_col, int64_t viewer)
{
	struct status *last = NULL;
	int64_t last_ord = -1, ord;
	int i, rows = PQntuples(res);

	out->items = xcalloc(rows ? (size_t)rows : 1, sizeof(struct status));
	out->n = 0;
	for (i = 0; i < rows; i++) {
		ord = db_int(res, i, ord_col);
		if (!db_bool(res, i, ord_col + 1)) {
			last = &out->items[out->n++];
			last_ord = ord;
			read(last, res, i, cf);
			last->viewer = viewer;
		} else if (last != NULL && ord == last_ord &&
		    last->reblog == NULL) {
			last->reblog = xmalloc(sizeof(struct status));
			read(last->reblog, res, i, cf);
			last->reblog->viewer = viewer;
			flags_from_original(last);
		}
	}
}

static int
load_with(struct db *db, const struct config *cf, const char *sql,
    row_reader read, int ord_col, const int64_t *ids, size_t n,
    int64_t viewer, struct status_list *out)
{
	struct buf arr = BUF_INIT;
	struct db_params p;
	PGresult *res;

	out->items = NULL;
	out->n = 0;
	if (n == 0)
		return 0;
	db_int_array(&arr, ids, n);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&arr));
	if (viewer)
		dbp_int(&p, viewer);
	else
		dbp_str(&p, NULL);
	res = db_run(db, sql, &p);
	buf_free(&arr);
	if (res == NULL)
		return -1;
	status_list_from_rows(out, res, cf, read, ord_col, viewer);
	PQclear(res);
	drop_empty_reblogs(out);
	return 0;
}

int
status_load(struct db *db, const struct config *cf, const int64_t *ids,
    size_t n, int64_t viewer, struct status_list *out)
{
	return load_with(db, cf, load_sql, status_from_row, LOAD_ORD_COL,
	    ids, n, viewer, out);
}

int
status_load_marks(struct db *db, const int64_t *ids, size_t n,
    int64_t viewer, struct status_list *out)
{
	return load_with(db, NULL, marks_sql, marks_from_row, MARKS_ORD_COL,
	    ids, n, viewer, out);
}

int
status_find_visible(struct db *db, int64_t id, int64_t viewer,
    int64_t *account_id)
{
	static const char *sql =
	    "SELECT s.account_id FROM statuses s WHERE s.id = $1 "
	    "AND " STATUS_SHOWN_TO("$2");
	struct db_params p;
	PGresult *res;
	int found;

	db_params_init(&p);
	dbp_int(&p, id);
	if (viewer)
		dbp_int(&p, viewer);
	else
		dbp_str(&p, NULL);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	found = PQntuples(res) == 1;
	if (found && account_id != NULL)
		*account_id = db_int(res, 0, 0);
	PQclear(res);
	return found;
}

static int
ids_query(struct db *db, const char *sql, const struct db_params *p,
    int64_t **ids, size_t *n)
{
	PGresult *res = db_run(db, sql, p);
	int i, rows;

	*ids = NULL;
	*n = 0;
	if (res == NULL)
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
status_filter_visible(struct db *db, const struct id_list *ids,
    int64_t viewer, struct id_list *out)
{
	static const char *sql =
	    "SELECT s.id FROM unnest($1::bigint[]) WITH ORDINALITY AS "
	    "ids(id, ord) JOIN statuses s ON s.id = ids.id WHERE "
	    STATUS_SHOWN_TO("$2") " AND "
	    NOT_HIDDEN("$2::bigint", "s.account_id") " "
	    "ORDER BY ids.ord";
	struct buf arr = BUF_INIT;
	struct db_params p;
	int rc;

	db_int_array(&arr, ids->ids, ids->n);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&arr));
	if (viewer)
		dbp_int(&p, viewer);
	else
		dbp_str(&p, NULL);
	rc = ids_query(db, sql, &p, &out->ids, &out->n);
	buf_free(&arr);
	return rc;
}

/* Wider first: the order in which a reply may only narrow. */
static const char *const visibility_order[] = { "public", "unlisted",
    "private", "direct" };
#define NVISIBILITIES 4

/* The rank of a visibility, -1 for anything else. */
static int
visibility_rank(const char *v)
{
	int i;

	for (i = 0; i < NVISIBILITIES; i++)
		if (v != NULL && !strcmp(v, visibility_order[i]))
			return i;
	return -1;
}

int
status_visibility_valid(const char *v)
{
	return visibility_rank(v) != -1;
}

/* The name returned is our constant, never the caller's string. */
const char *
status_narrower_visibility(const char *a, const char *b)
{
	int rank = visibility_rank(a);

	if (visibility_rank(b) > rank)
		rank = visibility_rank(b);
	return rank == -1 ? NULL : visibility_order[rank];
}

const char *
status_default_visibility(const char *chosen, const char *parent)
{
	if (chosen != NULL)
		return chosen;
	/* A reply never goes wider than its thread unless asked to. */
	return status_narrower_visibility(STATUS_DEFAULT_VISIBILITY, parent);
}

int
status_too_long(const struct config *cf, const char *text,
    const char *spoiler_text)
{
	int valid;
	size_t n;

	n = format_countable_length(text != NULL ? text : "");
	if (spoiler_text != NULL)
		n += utf8_length(spoiler_text, &valid);
	return n > (size_t)cf->max_status_length;
}

void
status_format(struct db *db, const struct config *cf, const char *text,
    struct format_result *fr)
{
	struct format_options fo;
	struct account_mentions mctx = { db, cf };

	memset(&fo, 0, sizeof(fo));
	fo.base_url = cf->base_url;
	fo.resolve_mention = account_resolve_mention;
	fo.arg = &mctx;
	format_status(text, &fo, fr);
}

int
status_save_mentions(struct db *db, int64_t status_id,
    const struct format_result *fr, int editing)
{
	static const char *silence_sql =
	    "UPDATE mentions SET silent = NOT (account_id = ANY($2::bigint[])) "
	    "WHERE status_id = $1";
	/* The mentioned are told by a trigger on mentions (sql/0011). */
	static const char *insert_sql =
	    "INSERT INTO mentions (status_id, account_id) "
	    "SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING";
	struct db_params p;
	struct buf arr = BUF_INIT;
	int64_t *ids;
	size_t i;
	int rc = 0;

	ids = xcalloc(fr->nmentions ? fr->nmentions : 1, sizeof(int64_t));
	for (i = 0; i < fr->nmentions; i++)
		ids[i] = fr->mentions[i].account_id;
	db_int_array(&arr, ids, fr->nmentions);
	db_params_init(&p);
	dbp_int(&p, status_id);
	dbp_str(&p, buf_cstr(&arr));
	if (editing && db_exec(db, silence_sql, &p) == -1)
		rc = -1;
	if (rc == 0 && fr->nmentions > 0 && db_exec(db, insert_sql, &p) == -1)
		rc = -1;
	free(ids);
	buf_free(&arr);
	return rc;
}

int
status_save_tags(struct db *db, int64_t status_id,
    const struct format_result *fr, int editing)
{
	static const char *clear_sql =
	    "DELETE FROM status_tags WHERE status_id = $1";
	static const char *tags_sql =
	    "INSERT INTO tags (name) SELECT DISTINCT ON (lower(t)) t "
	    "FROM unnest($1::text[]) AS t ON CONFLICT (lower(name)) DO NOTHING";
	static const char *status_tags_sql =
	    "INSERT INTO status_tags (tag_id, status_id) "
	    "SELECT id, $2 FROM tags WHERE lower(name) IN "
	    "(SELECT lower(t) FROM unnest($1::text[]) AS t) "
	    "ON CONFLICT DO NOTHING";
	struct db_params p;
	struct buf arr = BUF_INIT;
	int rc = 0;

	if (editing) {
		db_params_init(&p);
		dbp_int(&p, status_id);
		if (db_exec(db, clear_sql, &p) == -1)
			return -1;
	}
	if (fr->ntags == 0)
		return 0;
	db_text_array(&arr, fr->tags, fr->ntags);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&arr));
	if (db_exec(db, tags_sql, &p) == -1)
		rc = -1;
	dbp_int(&p, status_id);
	if (rc == 0 && db_exec(db, status_tags_sql, &p) == -1)
		rc = -1;
	buf_free(&arr);
	return rc;
}

/* What an author chose in their settings (source[...]), NULLs if unset. */
struct author_defaults {
	char	*visibility;
	int	 sensitive;
	char	*language;
};

static int
author_defaults(struct db *db, int64_t account_id, struct author_defaults *d)
{
	static const char *sql =
	    "SELECT u.settings->>'default_privacy', "
	    "  u.settings->>'default_sensitive' = 'true', "
	    "  u.settings->>'default_language' "
	    "FROM users u WHERE u.account_id = $1";
	struct db_params p;
	PGresult *res;

	memset(d, 0, sizeof(*d));
	db_params_init(&p);
	dbp_int(&p, account_id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		/* Only a value we know is taken: settings are JSON. */
		if (status_visibility_valid(db_val(res, 0, 0)))
			d->visibility = db_dup(res, 0, 0);
		d->sensitive = db_bool(res, 0, 1);
		d->language = db_dup(res, 0, 2);
	}
	PQclear(res);
	return 0;
}

static void
author_defaults_free(struct author_defaults *d)
{
	free(d->visibility);
	free(d->language);
}

#define IDEMPOTENCY_WINDOW "interval '1 hour'"

/* The account and the key's digest (which p points into: the caller's). */
static void
idempotency_param(struct db_params *p, int64_t account_id, const char *key,
    unsigned char digest[32])
{
	sha256(key, strlen(key), digest);
	dbp_int(p, account_id);
	dbp_bytes(p, digest, 32);
}

/* 1 and *id when the key made a status within the hour, 0 if not, -1. */
static int
idempotency_lookup(struct db *db, int64_t account_id, const char *key,
    int64_t *id)
{
	static const char *sql =
	    "SELECT status_id FROM status_idempotency_keys "
	    "WHERE account_id = $1 AND key_hash = $2 "
	    "AND created_at > now() - " IDEMPOTENCY_WINDOW;
	unsigned char digest[32];
	struct db_params p;
	PGresult *res;
	int found;

	db_params_init(&p);
	idempotency_param(&p, account_id, key, digest);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		*id = db_int(res, 0, 0);
	PQclear(res);
	return found;
}

/*
 * Tie the key to the status being made, in its transaction: 1, or 0 when
 * another request with the same key got there first (this one waited for
 * it on the key's index entry), -1. The account's expired keys go.
 */
static int
idempotency_claim(struct db *db, int64_t account_id, const char *key,
    int64_t id)
{
	static const char *expire_sql =
	    "DELETE FROM status_idempotency_keys WHERE account_id = $1 "
	    "AND created_at < now() - " IDEMPOTENCY_WINDOW;
	static const char *claim_sql =
	    "INSERT INTO status_idempotency_keys (account_id, key_hash, "
	    "status_id) VALUES ($1, $2, $3) "
	    "ON CONFLICT (account_id, key_hash) DO UPDATE SET "
	    "status_id = EXCLUDED.status_id, created_at = now() "
	    "WHERE status_idempotency_keys.created_at < now() - "
	    IDEMPOTENCY_WINDOW;
	unsigned char digest[32];
	struct db_params p;
	long n;

	db_params_init(&p);
	dbp_int(&p, account_id);
	if (db_exec(db, expire_sql, &p) == -1)
		return -1;
	db_params_init(&p);
	idempotency_param(&p, account_id, key, digest);
	dbp_int(&p, id);
	if ((n = db_exec(db, claim_sql, &p)) == -1)
		return -1;
	return n > 0;
}

/* The choices a new status is made with, defaults applied. */
struct status_choices {
	const char	*visibility;
	int		 sensitive;
	const char	*language;
	int64_t		 parent, parent_account;
	int64_t		 conversation;
};

/*
 * The parent of a reply, as the author sees it: 1, 0 when not visible. A
 * reply to a boost answers the boosted status, as Mastodon's does.
 */
static int
reply_parent(struct db *db, int64_t parent, int64_t author,
    struct status_choices *c, char **visibility)
{
	static const char *sql =
	    "SELECT s.id, s.account_id, s.conversation_id, s.visibility "
	    "FROM statuses s WHERE s.id = (SELECT coalesce(r.reblog_of_id, "
	    "r.id) FROM statuses r WHERE r.id = $1) AND "
	    STATUS_VISIBLE_TO("$2");
	struct db_params p;
	PGresult *res;
	int found;

	db_params_init(&p);
	dbp_int(&p, parent);
	dbp_int(&p, author);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		c->parent = db_int(res, 0, 0);
		c->parent_account = db_int(res, 0, 1);
		c->conversation = db_int(res, 0, 2);
		*visibility = db_dup(res, 0, 3);
	}
	PQclear(res);
	return found;
}

static int
new_conversation(struct db *db, int64_t *conversation)
{
	static const char *sql =
	    "INSERT INTO conversations DEFAULT VALUES RETURNING id";
	PGresult *res;

	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	*conversation = db_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int
insert_status(struct db *db, const struct config *cf,
    const struct status_new *n, const struct status_choices *c,
    const char *html, int64_t *id)
{
	static const char *sql =
	    "WITH new AS (SELECT timestamp_id('statuses') AS id) "
	    "INSERT INTO statuses (id, uri, url, account_id, text, content, "
	    "spoiler_text, visibility, sensitive, language, in_reply_to_id, "
	    "in_reply_to_account_id, conversation_id, application_id, local) "
	    "SELECT new.id, $1 || '/users/' || $2 || '/statuses/' || new.id, "
	    "$1 || '/@' || $2 || '/' || new.id, $3, $4, $5, $6, $7, $8, $9, "
	    "$10, $11, $12, $13, true FROM new RETURNING id";
	struct db_params p;
	PGresult *res;

	db_params_init(&p);
	dbp_str(&p, cf->base_url);
	dbp_str(&p, n->username);
	dbp_int(&p, n->account_id);
	dbp_str(&p, n->text);
	dbp_str(&p, html);
	dbp_str(&p, n->spoiler_text ? n->spoiler_text : "");
	dbp_str(&p, c->visibility);
	dbp_bool(&p, c->sensitive);
	dbp_str(&p, c->language);
	if (c->parent) {
		dbp_int(&p, c->parent);
		dbp_int(&p, c->parent_account);
	} else {
		dbp_str(&p, NULL);
		dbp_str(&p, NULL);
	}
	dbp_int(&p, c->conversation);
	if (n->application_id)
		dbp_int(&p, n->application_id);
	else
		dbp_str(&p, NULL);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	*id = db_int(res, 0, 0);
	PQclear(res);
	return 0;
}

enum status_create_result
status_create(struct db *db, const struct config *cf,
    const struct status_new *n, int64_t *id)
{
	struct format_result fr;
	struct author_defaults d;
	struct status_choices c;
	char *parent_visibility = NULL;
	enum status_create_result rc = STATUS_ERROR;
	int claimed;

	if (n->idempotency_key != NULL) {
		switch (idempotency_lookup(db, n->account_id,
		    n->idempotency_key, id)) {
		case 1:
			return STATUS_CREATED;
		case -1:
			return STATUS_ERROR;
		}
	}
	if (author_defaults(db, n->account_id, &d) == -1)
		return STATUS_ERROR;
	status_format(db, cf, n->text, &fr);
	memset(&c, 0, sizeof(c));
	if (db_begin(db) == -1)
		goto done;
	if (n->in_reply_to_id) {
		switch (reply_parent(db, n->in_reply_to_id, n->account_id,
		    &c, &parent_visibility)) {
		case 0:
			rc = STATUS_REPLY_NOT_FOUND;
			/* FALLTHROUGH */
		case -1:
			goto rollback;
		}
	}
	/* Mastodon: the author's defaults, then a reply stays as narrow
	 * as its thread unless a visibility is asked for. */
	c.visibility = n->visibility != NULL ? n->visibility :
	    status_narrower_visibility(d.visibility != NULL ? d.visibility :
	    STATUS_DEFAULT_VISIBILITY, parent_visibility);
	c.sensitive = (n->sensitive == -1 ? d.sensitive : n->sensitive) ||
	    (n->spoiler_text != NULL && *n->spoiler_text != '\0');
	c.language = n->language != NULL ? n->language : d.language;
	if (c.conversation == 0 && new_conversation(db, &c.conversation) == -1)
		goto rollback;
	if (insert_status(db, cf, n, &c, fr.html, id) == -1 ||
	    status_save_mentions(db, *id, &fr, 0) == -1 ||
	    status_save_tags(db, *id, &fr, 0) == -1)
		goto rollback;
	if (n->idempotency_key != NULL) {
		if ((claimed = idempotency_claim(db, n->account_id,
		    n->idempotency_key, *id)) == -1)
			goto rollback;
		if (claimed == 0) {
			/* A twin request made it: answer with its status. */
			db_rollback(db);
			rc = idempotency_lookup(db, n->account_id,
			    n->idempotency_key, id) == 1 ? STATUS_CREATED :
			    STATUS_ERROR;
			goto done;
		}
	}
	if (outbox_status_posted(db, cf, *id) == -1 || db_commit(db) == -1)
		goto rollback;
	rc = STATUS_CREATED;
	goto done;
rollback:
	db_rollback(db);
done:
	free(parent_visibility);
	author_defaults_free(&d);
	format_result_free(&fr);
	return rc;
}

int
status_delete(struct db *db, int64_t id, int64_t account_id)
{
	static const char *sql =
	    "UPDATE statuses SET deleted_at = now() WHERE id = $1 "
	    "AND account_id = $2 AND deleted_at IS NULL";
	/* Mastodon's discard_with_reblogs, and the pin goes too. */
	static const char *reblogs_sql =
	    "UPDATE statuses SET deleted_at = now() WHERE reblog_of_id = $1 "
	    "AND deleted_at IS NULL";
	static const char *pin_sql =
	    "DELETE FROM status_pins WHERE status_id = $1";
	struct db_params p;
	long n;

	if (db_begin(db) == -1)
		return -1;
	db_params_init(&p);
	dbp_int(&p, id);
	dbp_int(&p, account_id);
	if ((n = db_exec(db, sql, &p)) == -1)
		goto rollback;
	db_params_init(&p);
	dbp_int(&p, id);
	if (n > 0 && (db_exec(db, reblogs_sql, &p) == -1 ||
	    db_exec(db, pin_sql, &p) == -1 ||
	    outbox_status_deleted(db, id) == -1))
		goto rollback;
	if (db_commit(db) == -1)
		goto rollback;
	return n > 0;
rollback:
	db_rollback(db);
	return -1;
}


int
status_context_ids(struct db *db, int64_t id, int64_t viewer,
    struct id_list *ancestors, struct id_list *descendants)
{
	/*
	 * Both sides of the thread in one statement: the ancestors (part
	 * 0), walking up at most $3 parents, oldest first; the descendants
	 * (part 1) in depth-first thread order, at most $5 of them, $4
	 * deep. $2 is the viewer. A block or mute hides a status but not
	 * the thread around it, as in Mastodon.
	 */
	static const char *sql =
	    "WITH RECURSIVE up(id, parent, depth) AS ("
	    "  SELECT s.id, s.in_reply_to_id, 0 FROM statuses s WHERE s.id = $1"
	    "  UNION ALL"
	    "  SELECT s.id, s.in_reply_to_id, up.depth + 1 FROM statuses s "
	    "  JOIN up ON s.id = up.parent WHERE up.depth < $3), "
	    "down(id, path) AS ("
	    "  SELECT s.id, ARRAY[s.id] FROM statuses s WHERE s.in_reply_to_id = $1"
	    "  UNION ALL"
	    "  SELECT s.id, down.path || s.id FROM statuses s "
	    "  JOIN down ON s.in_reply_to_id = down.id "
	    "  WHERE array_length(down.path, 1) < $4) "
	    "SELECT part, id FROM ("
	    "  SELECT 0 AS part, s.id, row_number() OVER "
	    "  (ORDER BY up.depth DESC) AS ord "
	    "  FROM up JOIN statuses s ON s.id = up.id "
	    "  WHERE up.depth > 0 AND " STATUS_VISIBLE_TO("$2") " AND "
	    NOT_HIDDEN("$2::bigint", "s.account_id") " "
	    "  UNION ALL "
	    "  SELECT 1, d.id, d.ord FROM (SELECT s.id, row_number() OVER "
	    "  (ORDER BY down.path) AS ord "
	    "  FROM down JOIN statuses s ON s.id = down.id "
	    "  WHERE " STATUS_VISIBLE_TO("$2") " AND "
	    NOT_HIDDEN("$2::bigint", "s.account_id") " "
	    "  ORDER BY down.path LIMIT $5) d) thread "
	    "ORDER BY part, ord";
	struct db_params p;
	PGresult *res;
	struct id_list *side;
	int i, rows;

	ancestors->ids = descendants->ids = NULL;
	ancestors->n = descendants->n = 0;
	db_params_init(&p);
	dbp_int(&p, id);
	if (viewer)
		dbp_int(&p, viewer);
	else
		dbp_str(&p, NULL);
	/* Signed out, Mastodon's 40 ancestors and 60 descendants 20 deep. */
	dbp_int(&p, viewer ? CONTEXT_LIMIT : ANONYMOUS_ANCESTORS);
	dbp_int(&p, viewer ? CONTEXT_LIMIT : ANONYMOUS_DESCENDANT_DEPTH);
	dbp_int(&p, viewer ? CONTEXT_LIMIT : ANONYMOUS_DESCENDANTS);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	ancestors->ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	descendants->ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++) {
		side = db_int(res, i, 0) == 0 ? ancestors : descendants;
		side->ids[side->n++] = db_int(res, i, 1);
	}
	PQclear(res);
	return 0;
}

int
status_context(struct db *db, const struct config *cf, int64_t id,
    int64_t viewer, struct status_list *ancestors,
    struct status_list *descendants)
{
	struct id_list up, down;
	int rc;

	ancestors->items = descendants->items = NULL;
	ancestors->n = descendants->n = 0;
	if (status_context_ids(db, id, viewer, &up, &down) == -1)
		return -1;
	rc = status_load(db, cf, up.ids, up.n, viewer, ancestors);
	if (rc == 0 && (rc = status_load(db, cf, down.ids, down.n, viewer,
	    descendants)) == -1)
		status_list_free(ancestors);
	id_list_free(&up);
	id_list_free(&down);
	return rc;
}
