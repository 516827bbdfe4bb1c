/*
 * trends: two aggregate queries over the last days. The hashtag one walks
 * status_tags by status id from the window's first id (an index range
 * scan that touches only tagged posts); the status one walks favourites
 * and boosts made in the window the same way.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "db.h"
#include "trends.h"
#include "visibility.h"

#define STR(x)	#x
#define XSTR(x)	STR(x)
#define WINDOW	"interval '" XSTR(TRENDS_DAYS) " days'"
#define MIN_ACCOUNTS	XSTR(TRENDS_MIN_ACCOUNTS)
/* An age in days as a weight: 1 now, 1/2 a day ago, ... */
#define DECAY(at) \
	"power(0.5::float8, extract(epoch FROM now() - " at ")::float8 " \
	"/ 86400.0)"

/* $1 limit, $2 offset. */
static const char *tags_sql =
    "SELECT u.tag_id FROM ("
    "  SELECT stg.tag_id, s.account_id, " DECAY("max(s.created_at)") " AS w "
    "  FROM status_tags stg JOIN statuses s ON s.id = stg.status_id "
    "  WHERE stg.status_id >= timestamp_id_floor(now() - " WINDOW ") "
    "  AND s.id >= timestamp_id_floor(now() - " WINDOW ") "
    "  AND s.deleted_at IS NULL AND s.visibility = 'public' "
    "  AND s.reblog_of_id IS NULL AND " AUTHOR_NOT_SUSPENDED " "
    "  GROUP BY stg.tag_id, s.account_id) AS u "
    "JOIN tags t ON t.id = u.tag_id "
    "WHERE t.usable AND t.listable AND t.trendable "
    "GROUP BY u.tag_id "
    "HAVING count(*) >= " MIN_ACCOUNTS " "
    "ORDER BY sum(u.w) DESC, max(u.w) DESC, u.tag_id DESC "
    "LIMIT $1 OFFSET $2";

/*
 * $1 viewer or NULL, $2 limit, $3 offset. An account's favourite and
 * boost of one status count once each; the author's own never.
 */
static const char *statuses_sql =
    "SELECT i.status_id FROM ("
    "  SELECT f.status_id, f.account_id, " DECAY("f.created_at") " AS w "
    "  FROM favourites f "
    "  WHERE f.id >= timestamp_id_floor(now() - " WINDOW ") "
    "  AND f.status_id >= timestamp_id_floor(now() - " WINDOW ") "
    "  UNION ALL "
    "  SELECT r.reblog_of_id, r.account_id, " DECAY("r.created_at") " "
    "  FROM statuses r "
    "  WHERE r.id >= timestamp_id_floor(now() - " WINDOW ") "
    "  AND r.reblog_of_id >= timestamp_id_floor(now() - " WINDOW ") "
    "  AND r.deleted_at IS NULL) AS i "
    "JOIN statuses s ON s.id = i.status_id "
    "JOIN accounts a ON a.id = s.account_id "
    "WHERE i.account_id <> s.account_id "
    "AND s.deleted_at IS NULL AND s.visibility = 'public' "
    "AND s.reblog_of_id IS NULL AND s.in_reply_to_id IS NULL "
    "AND NOT s.sensitive AND s.spoiler_text = '' "
    "AND a.discoverable AND a.suspended_at IS NULL "
    "AND a.silenced_at IS NULL "
    "AND " NOT_BLOCKED_OR_MUTED("$1::bigint", "s.account_id") " "
    "GROUP BY i.status_id "
    "HAVING count(DISTINCT i.account_id) >= " MIN_ACCOUNTS " "
    "ORDER BY sum(i.w) DESC, i.status_id DESC "
    "LIMIT $2 OFFSET $3";

static int
run_ids(struct db *db, const char *sql, const struct db_params *p,
    struct id_list *out)
{
	PGresult *res;
	int i, rows;

	out->ids = NULL;
	out->n = 0;
	if ((res = db_run(db, sql, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	out->ids = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++)
		out->ids[i] = db_int(res, i, 0);
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
trends_tags(struct db *db, int limit, int offset, struct id_list *out)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, limit);
	dbp_int(&p, offset);
	return run_ids(db, tags_sql, &p, out);
}

int
trends_statuses(struct db *db, int64_t viewer, int limit, int offset,
    struct id_list *out)
{
	struct db_params p;

	db_params_init(&p);
	if (viewer > 0)
		dbp_int(&p, viewer);
	else
		dbp_str(&p, NULL);
	dbp_int(&p, limit);
	dbp_int(&p, offset);
	return run_ids(db, statuses_sql, &p, out);
}
