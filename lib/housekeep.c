/*
 * housekeep: removes expired sessions, stale rate-limit rows and OAuth
 * authorization codes past their ten minutes, delivers whatever waits in
 * the fan-out queue (the pool delivers it right after answering; this
 * catches what a dead worker or another program left), and trims every
 * home feed to its newest rows (lib/home_feed.c), and forgets the
 * activities other servers delivered once they were processed a week
 * ago (a repeat after that is handled again, idempotently, as the
 * objects it names are kept by their ids). It runs under a PostgreSQL
 * advisory lock so overlapping cron runs (a slow database, a second host)
 * never do the same work twice.
 */
#include <string.h>

#include "db.h"
#include "home_feed.h"
#include "housekeep.h"
#include "log.h"

#define HOUSEKEEP_LOCK "5772002"

int
housekeep_run(struct db *db, struct housekeep_report *r)
{
	static const char *lock_sql =
	    "SELECT pg_try_advisory_lock(" HOUSEKEEP_LOCK ")";
	static const char *unlock_sql =
	    "SELECT pg_advisory_unlock(" HOUSEKEEP_LOCK ")";
	static const char *sessions_sql =
	    "DELETE FROM sessions WHERE expires_at < now()";
	static const char *rate_sql =
	    "DELETE FROM rate_limits WHERE expires_at < now()";
	static const char *grants_sql =
	    "DELETE FROM oauth_access_grants WHERE expires_at < now()";
	/*
	 * By id, which begins with the time it was made (timestamp_id),
	 * so the primary key finds them; a batch at a time.
	 */
	static const char *inbox_sql =
	    "DELETE FROM inbox_activities WHERE id IN ("
	    " SELECT id FROM inbox_activities"
	    " WHERE id < ((date_part('epoch', now() - interval '7 days')"
	    "  * 1000)::bigint << 16)"
	    " AND processed_at IS NOT NULL LIMIT 10000)";
	PGresult *res;
	int locked, rc = 1;

	memset(r, 0, sizeof(*r));
	if ((res = db_run(db, lock_sql, NULL)) == NULL)
		return -1;
	locked = db_bool(res, 0, 0);
	PQclear(res);
	if (!locked)
		return 0;
	if ((r->sessions_removed = db_exec(db, sessions_sql, NULL)) == -1 ||
	    (r->rate_limits_removed = db_exec(db, rate_sql, NULL)) == -1 ||
	    (r->grants_removed = db_exec(db, grants_sql, NULL)) == -1 ||
	    (r->inbox_activities_removed = db_exec(db, inbox_sql,
	    NULL)) == -1 ||
	    (r->feed_statuses_delivered = home_feed_drain(db, 0)) == -1 ||
	    (r->feed_rows_trimmed = home_feed_trim(db)) == -1)
		rc = -1;
	if ((res = db_run(db, unlock_sql, NULL)) != NULL)
		PQclear(res);
	return rc;
}
