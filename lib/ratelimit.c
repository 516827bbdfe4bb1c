/*
 * ratelimit: memcached counters with a database fallback.
 */
#include <stdint.h>
#include <stdio.h>

#include "cache.h"
#include "db.h"
#include "ratelimit.h"

long
ratelimit_count(struct db *db, struct cache *cache, const char *bucket)
{
	static const char *sql = "SELECT hits FROM rate_limits "
	    "WHERE bucket = $1 AND expires_at > now()";
	struct db_params p;
	PGresult *res;
	uint64_t v;
	long n = 0;

	if (cache_counter(cache, bucket, &v) == 0)
		return (long)v;
	db_params_init(&p);
	dbp_str(&p, bucket);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		n = (long)db_int(res, 0, 0);
	PQclear(res);
	return n;
}

long
ratelimit_hit(struct db *db, struct cache *cache, const char *bucket,
    int window_seconds)
{
	static const char *sql =
	    "INSERT INTO rate_limits (bucket, hits, expires_at) "
	    "VALUES ($1, 1, now() + make_interval(secs => $2)) "
	    "ON CONFLICT (bucket) DO UPDATE SET "
	    "hits = CASE WHEN rate_limits.expires_at <= now() THEN 1 "
	    "  ELSE rate_limits.hits + 1 END, "
	    "expires_at = CASE WHEN rate_limits.expires_at <= now() "
	    "  THEN excluded.expires_at ELSE rate_limits.expires_at END "
	    "RETURNING hits";
	struct db_params p;
	PGresult *res;
	uint64_t v;
	long n;

	if (cache_incr(cache, bucket, window_seconds, &v) == 0)
		return (long)v;
	db_params_init(&p);
	dbp_str(&p, bucket);
	dbp_int(&p, window_seconds);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	n = (long)db_int(res, 0, 0);
	PQclear(res);
	return n;
}

void
ratelimit_clear(struct db *db, struct cache *cache, const char *bucket)
{
	static const char *sql = "DELETE FROM rate_limits WHERE bucket = $1";
	struct db_params p;

	cache_delete(cache, bucket);
	db_params_init(&p);
	dbp_str(&p, bucket);
	db_exec(db, sql, &p);
}
