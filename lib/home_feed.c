/*
 * home_feed: thin calls of the SQL functions of sql/0013_home_feeds.sql
 * and sql/0014_signed_in_path.sql, where the feed rules live next to the
 * triggers that apply them.
 */
#include <stdint.h>

#include "db.h"
#include "home_feed.h"

/* Run one "SELECT f(...)" that answers a count. */
static long
count_query(struct db *db, const char *sql, const struct db_params *p)
{
	PGresult *res;
	long n;

	if ((res = db_run(db, sql, p)) == NULL)
		return -1;
	n = (long)db_int(res, 0, 0);
	PQclear(res);
	return n;
}

static long
one_account(struct db *db, const char *sql, int64_t account_id)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, account_id);
	return count_query(db, sql, &p);
}

long
home_feed_rebuild(struct db *db, int64_t account_id)
{
	static const char *sql = "SELECT home_feed_rebuild($1)";

	return one_account(db, sql, account_id);
}

long
home_feed_fill(struct db *db, int64_t account_id)
{
	static const char *sql = "SELECT home_feed_fill($1)";

	return one_account(db, sql, account_id);
}

long
home_feed_forget(struct db *db, int64_t reader, int64_t target)
{
	static const char *sql = "SELECT home_feed_forget($1, $2)";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, reader);
	dbp_int(&p, target);
	return count_query(db, sql, &p);
}

long
home_feed_drain(struct db *db, long max)
{
	static const char *sql = "SELECT home_feed_drain(1)";
	long n, done = 0;

	while (max == 0 || done < max) {
		if ((n = count_query(db, sql, NULL)) == -1)
			return -1;
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

long
home_feed_trim(struct db *db)
{
	static const char *sql = "SELECT home_feed_trim(NULL)";

	return count_query(db, sql, NULL);
}
