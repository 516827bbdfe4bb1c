/*
 * ratelimit: fixed-window counters for things strangers can repeat
 * (failed sign-ins). Counted in memcached; when memcached is down the
 * database keeps the count instead, so a limit never silently disappears.
 */
#ifndef WOOLLY_RATELIMIT_H
#define WOOLLY_RATELIMIT_H

#include <stdint.h>

struct db;
struct cache;

/* Hits so far in the current window (0 if none); -1 on error. */
long	ratelimit_count(struct db *, struct cache *, const char *bucket);
/* Count one more hit; the window starts at the first. -1 on error. */
long	ratelimit_hit(struct db *, struct cache *, const char *bucket,
	    int window_seconds);
/* Forget a bucket (after a successful sign-in). */
void	ratelimit_clear(struct db *, struct cache *, const char *bucket);

#endif
