/*
 * search: the queries behind search. Each runs unprepared
 * (db_run_custom), so PostgreSQL plans it for the words at hand: a
 * prefix LIKE can use its index only once the pattern is known, and a
 * rare word is best found through the index of words while a common one
 * is best found by walking the newest statuses.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "search.h"
#include "visibility.h"

/* A local account that waits for approval does not exist to others. */
#define NOT_PENDING \
	"NOT EXISTS (SELECT 1 FROM users pu WHERE pu.account_id = a.id " \
	"AND NOT pu.approved)"

/*
 * $1 user name pattern (LIKE, lower case); $2 domain: NULL any, '' local
 * only, else a LIKE pattern; $3 display-name tsquery or NULL; $4 viewer
 * or NULL; $5 following only; $6 and $7 the exact user name and domain
 * ('' local); $8 limit; $9 offset.
 */
static const char *accounts_sql =
    "SELECT " ACCOUNT_COLUMNS " FROM " ACCOUNT_JOIN " "
    "WHERE a.suspended_at IS NULL AND a.moved_to_account_id IS NULL "
    "AND " NOT_PENDING " "
    "AND ((lower(a.username) LIKE $1 ESCAPE '\\' AND ($2::text IS NULL "
    "    OR ($2 = '' AND a.domain IS NULL) "
    "    OR lower(a.domain) LIKE $2 ESCAPE '\\')) "
    "  OR ($3::text IS NOT NULL AND to_tsvector('simple'::regconfig, "
    "    a.display_name) @@ to_tsquery('simple'::regconfig, $3))) "
    "AND " NOT_BLOCKED_OR_MUTED("$4::bigint", "a.id") " "
    "AND (NOT $5::boolean OR EXISTS (SELECT 1 FROM follows f "
    "  WHERE f.account_id = $4 AND f.target_account_id = a.id)) "
    "ORDER BY (lower(a.username) = $6 "
    "  AND coalesce(lower(a.domain), '') = $7) DESC, "
    "a.domain IS NULL DESC, lower(a.username) LIKE $1 ESCAPE '\\' DESC, "
    "coalesce(st.followers_count, 0) DESC, a.id "
    "LIMIT $8 OFFSET $9";

/* $1 name pattern, $2 exclude unreviewed, $3 exact name, $4, $5 paging. */
static const char *hashtags_sql =
    "SELECT t.id FROM tags t "
    "WHERE lower(t.name) LIKE $1 ESCAPE '\\' AND t.listable "
    "AND (NOT $2::boolean OR t.trendable OR lower(t.name) = $3) "
    "ORDER BY length(t.name), lower(t.name) LIMIT $4 OFFSET $5";

/*
 * $1 query (web search syntax: words, "phrases", -not, or), $2 viewer,
 * $3 upper and $4 lower id bound, $5 author or NULL, $6 limit, $7
 * offset. What the viewer may find: public posts of indexable accounts,
 * their own, and those they were mentioned in, favourited, bookmarked or
 * boosted; then what they may see at all.
 */
#define STATUSES_WHERE \
	"status_search_vector(s.local, s.text, s.content, s.spoiler_text) " \
	"@@ websearch_to_tsquery('simple'::regconfig, $1) " \
	"AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL " \
	"AND s.id < $3 AND s.id > $4 " \
	"AND ($5::bigint IS NULL OR s.account_id = $5) " \
	"AND (s.account_id = $2 " \
	"  OR (s.visibility = 'public' AND EXISTS (SELECT 1 FROM accounts ia " \
	"    WHERE ia.id = s.account_id AND ia.indexable)) " \
	"  OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id " \
	"    AND m.account_id = $2) " \
	"  OR EXISTS (SELECT 1 FROM favourites f WHERE f.status_id = s.id " \
	"    AND f.account_id = $2) " \
	"  OR EXISTS (SELECT 1 FROM bookmarks b WHERE b.status_id = s.id " \
	"    AND b.account_id = $2) " \
	"  OR EXISTS (SELECT 1 FROM statuses r WHERE r.reblog_of_id = s.id " \
	"    AND r.account_id = $2 AND r.deleted_at IS NULL)) " \
	"AND " STATUS_VISIBLE_TO("$2::bigint") " " \
	"AND " NOT_BLOCKED_OR_MUTED("$2::bigint", "s.account_id")
static const char *statuses_desc_sql =
    "SELECT s.id FROM statuses s WHERE " STATUSES_WHERE " "
    "ORDER BY s.id DESC LIMIT $6 OFFSET $7";
static const char *statuses_asc_sql =
    "SELECT s.id FROM statuses s WHERE " STATUSES_WHERE " "
    "ORDER BY s.id ASC LIMIT $6 OFFSET $7";

/* $1 URL, $2 viewer or NULL, $3 the id of a local status page (or 0). */
static const char *resolve_status_sql =
    "SELECT s.id FROM statuses s WHERE (s.uri = $1 OR (s.id = $3 "
    "  AND s.local)) "
    "AND s.reblog_of_id IS NULL AND " STATUS_VISIBLE_TO("$2::bigint") " "
    "AND " NOT_BLOCKED_OR_MUTED("$2::bigint", "s.account_id") " LIMIT 1";
/* $1 URL, $2 viewer or NULL, $3 the user name of a local profile page. */
static const char *resolve_account_sql =
    "SELECT a.id FROM accounts a WHERE (a.uri = $1 "
    "  OR (a.domain IS NULL AND lower(a.username) = lower($3))) "
    "AND a.suspended_at IS NULL AND " NOT_PENDING " "
    "AND " NOT_BLOCKED_OR_MUTED("$2::bigint", "a.id") " LIMIT 1";

/* Mastodon's rules for which kinds a query can find. */
int
search_finds_accounts(const char *q)
{
	return q[0] != '#' && !(strchr(q, '@') != NULL && strchr(q, ' '));
}

int
search_finds_hashtags(const char *q)
{
	return strchr(q, '@') == NULL;
}

int
search_finds_statuses(const char *q)
{
	return !((q[0] == '#' || strchr(q, '@') != NULL) &&
	    strchr(q, ' ') == NULL);
}

static int
is_word_byte(unsigned char c)
{
	return c >= 0x80 || isalnum(c) || c == '_';
}

void
search_prefix_tsquery(const char *q, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)q;
	size_t n;

	buf_reset(out);
	while (*p) {
		if (!is_word_byte(*p)) {
			p++;
			continue;
		}
		for (n = 0; is_word_byte(p[n]); n++)
			;
		if (out->len > 0)
			buf_puts(out, " & ");
		buf_putc(out, '\'');
		buf_add(out, p, n);
		buf_puts(out, "':*");
		p += n;
	}
	buf_cstr(out);
}

/* s, lower-cased (ASCII), with LIKE's % _ and \ escaped, then '%'. */
static void
like_prefix(struct buf *b, const char *s, size_t len)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < len; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
			buf_putc(b, '\\');
		buf_putc(b, tolower((unsigned char)s[i]));
	}
	buf_putc(b, '%');
}

static void
lower_copy(struct buf *b, const char *s, size_t len)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < len; i++)
		buf_putc(b, tolower((unsigned char)s[i]));
	buf_cstr(b);
}

static void
dbp_viewer(struct db_params *p, int64_t viewer)
{
	if (viewer > 0)
		dbp_int(p, viewer);
	else
		dbp_str(p, NULL);
}

/* "@alice", "alice@host": the user name part and the domain part (NULL
 * when there is none, "" for this server). */
struct acct_query {
	const char	*user;
	size_t		 user_len;
	const char	*domain;
	size_t		 domain_len;
	int		 local;
};

static void
split_acct(const struct config *cf, const char *q, struct acct_query *aq)
{
	const char *at;

	if (*q == '@')
		q++;
	memset(aq, 0, sizeof(*aq));
	aq->user = q;
	if ((at = strchr(q, '@')) == NULL) {
		aq->user_len = strlen(q);
		return;
	}
	aq->user_len = (size_t)(at - q);
	aq->domain = at + 1;
	aq->domain_len = strlen(at + 1);
	if (aq->domain_len == 0)
		aq->domain = NULL;
	else if (!strcasecmp(aq->domain, cf->domain))
		aq->local = 1;
}

int
search_accounts(struct db *db, const struct config *cf,
    const struct search_request *sr, struct found_accounts *out)
{
	struct buf user = BUF_INIT, domain = BUF_INIT, words = BUF_INIT,
	    exact = BUF_INIT, exact_domain = BUF_INIT;
	struct acct_query aq;
	struct db_params p;
	PGresult *res;
	int i, rows, rc = -1;

	out->items = NULL;
	out->n = 0;
	split_acct(cf, sr->q, &aq);
	if (aq.user_len == 0)
		return 0;	/* "@" or "@host" alone names no one */
	like_prefix(&user, aq.user, aq.user_len);
	lower_copy(&exact, aq.user, aq.user_len);
	if (aq.domain != NULL && !aq.local) {
		like_prefix(&domain, aq.domain, aq.domain_len);
		lower_copy(&exact_domain, aq.domain, aq.domain_len);
	} else
		buf_cstr(&exact_domain);
	/* A display name is searched for words only without a domain. */
	if (aq.domain == NULL)
		search_prefix_tsquery(sr->q, &words);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&user));
	dbp_str(&p, aq.local ? "" : aq.domain != NULL ? buf_cstr(&domain) :
	    NULL);
	dbp_str(&p, words.len > 0 ? buf_cstr(&words) : NULL);
	dbp_viewer(&p, sr->viewer);
	dbp_bool(&p, sr->following && sr->viewer > 0);
	dbp_str(&p, buf_cstr(&exact));
	dbp_str(&p, buf_cstr(&exact_domain));
	dbp_int(&p, sr->limit);
	dbp_int(&p, sr->offset);
	if ((res = db_run_custom(db, accounts_sql, &p)) == NULL)
		goto done;
	rows = PQntuples(res);
	out->items = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof(*out->items));
	for (i = 0; i < rows; i++)
		account_from_row(&out->items[i], res, i, 0, cf->base_url);
	out->n = (size_t)rows;
	PQclear(res);
	rc = 0;
done:
	buf_free(&user);
	buf_free(&domain);
	buf_free(&words);
	buf_free(&exact);
	buf_free(&exact_domain);
	return rc;
}

void
found_accounts_free(struct found_accounts *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		account_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int
ids_from(PGresult *res, int reverse, struct id_list *out)
{
	int i, rows;

	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	out->ids = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++)
		out->ids[reverse ? rows - 1 - i : i] = db_int(res, i, 0);
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
search_hashtags(struct db *db, const struct search_request *sr,
    struct id_list *out)
{
	struct buf name = BUF_INIT, exact = BUF_INIT;
	const char *q = sr->q;
	struct db_params p;
	int rc;

	out->ids = NULL;
	out->n = 0;
	if (*q == '#')
		q++;
	if (*q == '\0')
		return 0;
	like_prefix(&name, q, strlen(q));
	lower_copy(&exact, q, strlen(q));
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&name));
	dbp_bool(&p, sr->exclude_unreviewed);
	dbp_str(&p, buf_cstr(&exact));
	dbp_int(&p, sr->limit);
	dbp_int(&p, sr->offset);
	rc = ids_from(db_run_custom(db, hashtags_sql, &p), 0, out);
	buf_free(&name);
	buf_free(&exact);
	return rc;
}

int
search_statuses(struct db *db, const struct search_request *sr,
    struct id_list *out)
{
	/* min_id alone reads upwards from it, as the timelines do. */
	int ascending = sr->min_id > 0 && sr->max_id == 0;
	struct db_params p;

	out->ids = NULL;
	out->n = 0;
	db_params_init(&p);
	dbp_str(&p, sr->q);
	dbp_int(&p, sr->viewer);
	dbp_int(&p, sr->max_id > 0 ? sr->max_id : INT64_MAX);
	dbp_int(&p, sr->min_id > 0 ? sr->min_id : 0);
	if (sr->account_id > 0)
		dbp_int(&p, sr->account_id);
	else
		dbp_str(&p, NULL);
	dbp_int(&p, sr->limit);
	dbp_int(&p, sr->offset);
	return ids_from(db_run_custom(db, ascending ? statuses_asc_sql :
	    statuses_desc_sql, &p), ascending, out);
}

/*
 * The status id in base_url/@name/ID and the user name in base_url/@name
 * or base_url/users/name: pages of this server. *id is 0 and user ""
 * when url is neither.
 */
static void
local_url_parts(const struct config *cf, const char *url, int64_t *id,
    struct buf *user)
{
	size_t blen = strlen(cf->base_url), n;
	const char *p, *slash;

	*id = 0;
	buf_reset(user);
	buf_cstr(user);
	if (strncasecmp(url, cf->base_url, blen) != 0)
		return;
	p = url + blen;
	if (!strncmp(p, "/@", 2))
		p += 2;
	else if (!strncmp(p, "/users/", 7))
		p += 7;
	else
		return;
	if ((slash = strchr(p, '/')) == NULL) {
		buf_puts(user, p);
		return;
	}
	if (p[0] == '@' || slash[1] == '\0')
		return;
	for (n = 1; slash[n] != '\0'; n++)
		if (!isdigit((unsigned char)slash[n]) || n > 19)
			return;
	*id = strtoll(slash + 1, NULL, 10);
	if (*id < 0)
		*id = 0;
}

int
search_resolve_url(struct db *db, const struct config *cf, const char *url,
    int64_t viewer, int64_t *status_id, int64_t *account_id)
{
	struct buf user = BUF_INIT;
	struct db_params p;
	PGresult *res;
	int64_t id;
	int rc = -1;

	*status_id = *account_id = 0;
	local_url_parts(cf, url, &id, &user);
	db_params_init(&p);
	dbp_str(&p, url);
	dbp_viewer(&p, viewer);
	dbp_int(&p, id);
	if ((res = db_run(db, resolve_status_sql, &p)) == NULL)
		goto done;
	if (PQntuples(res) == 1)
		*status_id = db_int(res, 0, 0);
	PQclear(res);
	if (*status_id == 0) {
		db_params_init(&p);
		dbp_str(&p, url);
		dbp_viewer(&p, viewer);
		dbp_str(&p, buf_cstr(&user));
		if ((res = db_run(db, resolve_account_sql, &p)) == NULL)
			goto done;
		if (PQntuples(res) == 1)
			*account_id = db_int(res, 0, 0);
		PQclear(res);
	}
	rc = 0;
done:
	buf_free(&user);
	return rc;
}
