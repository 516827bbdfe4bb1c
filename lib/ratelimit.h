/*
 * ratelimit: fixed-window counters for things strangers can repeat
 * (failed sign-ins). Counted in memcached; when memcached is down the
 * database keeps the count instead, so a limit never silently disappears.
 */
#ifndef WOOLLY_RATELIMIT_H
#define WOOLLY_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_CLIENT_MAX 64	/* room for ratelimit_client()'s output */

struct db;
struct cache;

/* Hits so far in the current window (0 if none); -1 on error. */
long	ratelimit_count(struct db *, struct cache *, const char *bucket);
/* Count one more hit; the window starts at the first. -1 on error. */
long	ratelimit_hit(struct db *, struct cache *, const char *bucket,
	    int window_seconds);
/*
 * Take back one hit: a limit checked by counting first (ratelimit_hit,
 * then compare) holds under concurrent requests, and an attempt that
 * turns out not to count is refunded.
 */
void	ratelimit_refund(struct db *, struct cache *, const char *bucket);
/* Forget a bucket (after a successful sign-in). */
void	ratelimit_clear(struct db *, struct cache *, const char *bucket);

/*
 * The name a client address is counted under: an IPv4 address as itself,
 * an IPv6 address as its /64 ("2001:db8:1:2::/64").
 */
void	ratelimit_client(const char *addr, char *out, size_t outlen);
/* The same with a coarser IPv6 network (bits: 8 to 64, whole bytes). */
void	ratelimit_client_prefix(const char *addr, int bits, char *out,
	    size_t outlen);

#endif
