/*
 * cache: the memcached handle of a process, for counters (rate limits) and
 * short-lived cached values. Every function degrades to "not cached" when
 * memcached is down or not configured: callers must work without it.
 */
#ifndef WOOLLY_CACHE_H
#define WOOLLY_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct cache;

struct cache	*cache_open(const char *servers);	/* NULL/"" -> disabled */
void		 cache_close(struct cache *);
int		 cache_enabled(const struct cache *);
/*
 * Add one to a counter that expires ttl seconds after its first hit.
 * Returns 0 and the new value, or -1 if memcached is unavailable.
 */
int	 cache_incr(struct cache *, const char *key, int ttl, uint64_t *value);
/* Take one back from a counter (not below 0); 0, or -1 if unreachable. */
int	 cache_decr(struct cache *, const char *key);
/* Current value of a counter (0 if absent); -1 if unavailable. */
int	 cache_counter(struct cache *, const char *key, uint64_t *value);
int	 cache_delete(struct cache *, const char *key);
/* malloc'd value or NULL. */
char	*cache_get(struct cache *, const char *key, size_t *len);
int	 cache_set(struct cache *, const char *key, const char *val, size_t len,
	    int ttl);
/*
 * The values of n keys in one round trip: values[i] is a malloc'd copy
 * (lens[i] its length) or NULL when the key is absent. 0, or -1 when
 * memcached is unavailable (every value NULL then).
 */
int	 cache_mget(struct cache *, const char *const *keys, size_t n,
	    char **values, size_t *lens);

/*
 * The content generations, one per scope (CONTENT_LOCAL, CONTENT_REMOTE
 * of content_changes.h): numbers that every committed change of that
 * scope moves on (cache_bump_generations). Cached pages are keyed by the
 * generations of the scopes they show, so the next page load after a
 * change never sees the old page. gen[0] is the local one, gen[1] the
 * remote one (0 when not asked for). 0, or -1 when memcached is
 * unavailable.
 */
int	 cache_generations(struct cache *, unsigned scopes, uint64_t gen[2]);
/* 0 when moved on (or no memcached is configured), -1 when it failed. */
int	 cache_bump_generations(struct cache *, unsigned scopes);

#endif
