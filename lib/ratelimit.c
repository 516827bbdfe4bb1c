/*
 * ratelimit: memcached counters with a database fallback.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
ratelimit_refund(struct db *db, struct cache *cache, const char *bucket)
{
	static const char *sql = "UPDATE rate_limits SET hits = hits - 1 "
	    "WHERE bucket = $1 AND hits > 0";
	struct db_params p;

	/* The hit went where ratelimit_hit() could put it: the same order. */
	if (cache_decr(cache, bucket) == 0)
		return;
	db_params_init(&p);
	dbp_str(&p, bucket);
	db_exec(db, sql, &p);
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

/*
 * One IPv6 client usually holds a whole /64 (SLAAC, privacy addresses),
 * so counting single addresses would give it 2^64 budgets: count the /64.
 * An IPv4 address, also when written IPv4-mapped, counts on its own.
 */
void
ratelimit_client(const char *addr, char *out, size_t outlen)
{
	ratelimit_client_prefix(addr, 64, out, outlen);
}

void
ratelimit_client_prefix(const char *addr, int bits, char *out, size_t outlen)
{
	struct in6_addr a6;
	struct in_addr a4;
	char text[INET6_ADDRSTRLEN];

	if (addr != NULL && inet_pton(AF_INET, addr, &a4) == 1) {
		inet_ntop(AF_INET, &a4, text, sizeof(text));
		snprintf(out, outlen, "%s", text);
		return;
	}
	if (addr != NULL && inet_pton(AF_INET6, addr, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			memcpy(&a4, &a6.s6_addr[12], 4);
			inet_ntop(AF_INET, &a4, text, sizeof(text));
			snprintf(out, outlen, "%s", text);
			return;
		}
		if (bits < 8 || bits > 64 || bits % 8 != 0)
			bits = 64;
		memset(&a6.s6_addr[bits / 8], 0, (size_t)(16 - bits / 8));
		inet_ntop(AF_INET6, &a6, text, sizeof(text));
		snprintf(out, outlen, "%s/%d", text, bits);
		return;
	}
	/* A unix socket or something unparsable: one shared bucket. */
	snprintf(out, outlen, "unknown");
}
