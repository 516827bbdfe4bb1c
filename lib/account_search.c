/*
 * account_search: prefix matches that an index answers. Usernames are
 * ASCII and display names are compared lower-cased, both in byte order
 * ("C"), so "starts with q" is the range [q, q || U+10FFFF) and walks
 * the indexes of sql/0009 instead of reading every account.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "account_search.h"
#include "buf.h"
#include "config.h"
#include "db.h"

#define PREFIX_OF(col, q) \
	"(lower(" col ") COLLATE \"C\" >= lower(" q "::text) COLLATE \"C\" " \
	"AND lower(" col ") COLLATE \"C\" < (lower(" q "::text) " \
	"|| chr(1114111)) COLLATE \"C\")"

/*
 * $1 the username part, $2 a domain prefix (NULL: any), $3 local only,
 * $4 whether display names match too (not for "name@domain"), $5 the
 * viewer (NULL), $6 following only, $7 limit, $8 offset.
 */
static const char *search_sql =
    "SELECT " ACCOUNT_COLUMNS " FROM " ACCOUNT_JOIN " "
    "WHERE (" PREFIX_OF("a.username", "$1") " "
    "  OR ($4 AND a.display_name <> '' AND "
    PREFIX_OF("a.display_name", "$1") ")) "
    "AND (NOT $3 OR a.domain IS NULL) "
    "AND ($2::text IS NULL OR starts_with(lower(a.domain), lower($2))) "
    "AND a.suspended_at IS NULL AND " ACCOUNT_NOT_PENDING " "
    "AND ($5::bigint IS NULL OR NOT EXISTS (SELECT 1 FROM blocks b "
    "  WHERE (b.account_id = $5 AND b.target_account_id = a.id) "
    "  OR (b.account_id = a.id AND b.target_account_id = $5))) "
    "AND (NOT $6 OR EXISTS (SELECT 1 FROM follows f "
    "  WHERE f.account_id = $5 AND f.target_account_id = a.id)) "
    "ORDER BY lower(a.username) = lower($1::text) DESC, "
    "a.domain IS NULL DESC, coalesce(st.followers_count, 0) DESC, a.id "
    "LIMIT $7 OFFSET $8";

/* Ruby's strip, in place. */
static void
strip_spaces(char *s)
{
	size_t len = strlen(s), start = 0;

	while (len > 0 && strchr(" \t\n\v\f\r", s[len - 1]) != NULL)
		len--;
	while (start < len && strchr(" \t\n\v\f\r", s[start]) != NULL)
		start++;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
}

int
account_search(struct db *db, const struct config *cf,
    const struct account_search *s, struct account_list *out)
{
	struct db_params p;
	PGresult *res;
	char *q, *at;
	const char *domain = NULL;
	int i, rows, local = 0;

	out->items = NULL;
	out->n = 0;
	q = xstrdup(s->query);
	strip_spaces(q);
	if (*q == '@')
		memmove(q, q + 1, strlen(q));
	if ((at = strchr(q, '@')) != NULL) {
		*at = '\0';
		domain = at + 1;
		if (!strcasecmp(domain, cf->domain)) {
			local = 1;
			domain = NULL;
		} else if (*domain == '\0')
			domain = NULL;
	}
	if (*q == '\0' || (s->following && s->viewer == 0)) {
		free(q);
		return 0;
	}
	db_params_init(&p);
	dbp_str(&p, q);
	dbp_str(&p, domain);
	dbp_bool(&p, local);
	dbp_bool(&p, at == NULL);
	if (s->viewer)
		dbp_int(&p, s->viewer);
	else
		dbp_str(&p, NULL);
	dbp_bool(&p, s->following);
	dbp_int(&p, s->limit);
	dbp_int(&p, s->offset);
	res = db_run(db, search_sql, &p);
	free(q);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	out->items = xcalloc(rows ? (size_t)rows : 1, sizeof(*out->items));
	for (i = 0; i < rows; i++)
		account_from_row(&out->items[i], res, i, 0, cf->base_url);
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}
