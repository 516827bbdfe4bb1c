/*
 * cache: libmemcached wrapper. Keys are prefixed with "woolly:"; still,
 * the memcached must be woolly's alone (page_cache.c says why).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <libmemcached/memcached.h>

#include "buf.h"
#include "cache.h"
#include "log.h"

struct cache {
	memcached_st	*mc;
};

#define CACHE_PREFIX "woolly:"

/* Fail fast: a slow cache must never slow a page down. */
static void
cache_tune(memcached_st *mc)
{
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, 200);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, 200);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_RETRY_TIMEOUT, 2);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_BINARY_PROTOCOL, 1);
}

struct cache *
cache_open(const char *servers)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	memcached_server_st *list;
	memcached_return_t rc;

	if (servers == NULL || *servers == '\0')
		return c;
	c->mc = memcached_create(NULL);
	/* A unix socket keeps the cache to those the file mode lets in. */
	if (servers[0] == '/')
		rc = memcached_server_add_unix_socket(c->mc, servers);
	else if ((list = memcached_servers_parse(servers)) != NULL) {
		rc = memcached_server_push(c->mc, list);
		memcached_server_list_free(list);
	} else
		rc = MEMCACHED_INVALID_ARGUMENTS;
	if (rc != MEMCACHED_SUCCESS) {
		log_warnx("memcached: '%s': %s", servers,
		    memcached_strerror(c->mc, rc));
		memcached_free(c->mc);
		c->mc = NULL;
		return c;
	}
	cache_tune(c->mc);
	return c;
}

void
cache_close(struct cache *c)
{
	if (c == NULL)
		return;
	if (c->mc != NULL)
		memcached_free(c->mc);
	free(c);
}

int
cache_enabled(const struct cache *c)
{
	return c != NULL && c->mc != NULL;
}

static void
cache_key(char *out, size_t outlen, const char *key)
{
	size_t i;

	snprintf(out, outlen, CACHE_PREFIX "%s", key);
	/* memcached keys may not hold spaces or control characters. */
	for (i = 0; out[i]; i++)
		if ((unsigned char)out[i] <= ' ' || out[i] == 0x7f)
			out[i] = '_';
}

int
cache_incr(struct cache *c, const char *key, int ttl, uint64_t *value)
{
	char k[250];
	memcached_return_t rc;

	if (!cache_enabled(c))
		return -1;
	cache_key(k, sizeof(k), key);
	rc = memcached_increment_with_initial(c->mc, k, strlen(k), 1, 1,
	    (time_t)ttl, value);
	if (rc != MEMCACHED_SUCCESS) {
		log_warnx("memcached incr: %s", memcached_strerror(c->mc, rc));
		return -1;
	}
	return 0;
}

int
cache_decr(struct cache *c, const char *key)
{
	char k[250];
	uint64_t value;
	memcached_return_t rc;

	if (!cache_enabled(c))
		return -1;
	cache_key(k, sizeof(k), key);
	/* memcached stops at 0; a counter that expired meanwhile is fine. */
	rc = memcached_decrement(c->mc, k, strlen(k), 1, &value);
	return rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND ? 0 : -1;
}

int
cache_counter(struct cache *c, const char *key, uint64_t *value)
{
	char k[250], *v;
	size_t len;
	uint32_t flags;
	memcached_return_t rc;

	*value = 0;
	if (!cache_enabled(c))
		return -1;
	cache_key(k, sizeof(k), key);
	v = memcached_get(c->mc, k, strlen(k), &len, &flags, &rc);
	if (v != NULL) {
		char num[32];

		snprintf(num, sizeof(num), "%.*s", (int)len, v);
		*value = strtoull(num, NULL, 10);
		free(v);
		return 0;
	}
	/* Absent is a count of zero; unreachable is "ask someone else". */
	return rc == MEMCACHED_NOTFOUND ? 0 : -1;
}

int
cache_delete(struct cache *c, const char *key)
{
	char k[250];
	memcached_return_t rc;

	if (!cache_enabled(c))
		return -1;
	cache_key(k, sizeof(k), key);
	rc = memcached_delete(c->mc, k, strlen(k), 0);
	return rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND ? 0 : -1;
}

char *
cache_get(struct cache *c, const char *key, size_t *len)
{
	char k[250], *v, *copy;
	uint32_t flags;
	memcached_return_t rc;

	*len = 0;
	if (!cache_enabled(c))
		return NULL;
	cache_key(k, sizeof(k), key);
	v = memcached_get(c->mc, k, strlen(k), len, &flags, &rc);
	if (v == NULL)
		return NULL;
	/* libmemcached allocates with its own allocator; hand back ours. */
	copy = xstrndup(v, *len);
	free(v);
	return copy;
}

int
cache_set(struct cache *c, const char *key, const char *val, size_t len,
    int ttl)
{
	char k[250];
	memcached_return_t rc;

	if (!cache_enabled(c))
		return -1;
	cache_key(k, sizeof(k), key);
	rc = memcached_set(c->mc, k, strlen(k), val, len, (time_t)ttl, 0);
	return rc == MEMCACHED_SUCCESS ? 0 : -1;
}

/* Which asked-for key a fetched result answers (the first unanswered). */
static void
mget_store(char (*keys)[250], size_t n, memcached_result_st *res,
    char **values, size_t *lens)
{
	const char *key = memcached_result_key_value(res);
	size_t i, klen = memcached_result_key_length(res);

	for (i = 0; i < n; i++)
		if (values[i] == NULL && strlen(keys[i]) == klen &&
		    memcmp(keys[i], key, klen) == 0) {
			lens[i] = memcached_result_length(res);
			values[i] = xstrndup(memcached_result_value(res),
			    lens[i]);
			return;
		}
}

int
cache_mget(struct cache *c, const char *const *keys, size_t n,
    char **values, size_t *lens)
{
	char (*k)[250];
	const char **kp;
	size_t *kl, i;
	memcached_result_st res;
	memcached_return_t rc;

	for (i = 0; i < n; i++) {
		values[i] = NULL;
		lens[i] = 0;
	}
	if (n == 0)
		return 0;
	if (!cache_enabled(c))
		return -1;
	k = xcalloc(n, sizeof(*k));
	kp = xcalloc(n, sizeof(*kp));
	kl = xcalloc(n, sizeof(*kl));
	for (i = 0; i < n; i++) {
		cache_key(k[i], sizeof(k[i]), keys[i]);
		kp[i] = k[i];
		kl[i] = strlen(k[i]);
	}
	rc = memcached_mget(c->mc, kp, kl, n);
	if (rc == MEMCACHED_SUCCESS) {
		memcached_result_create(c->mc, &res);
		while (memcached_fetch_result(c->mc, &res, &rc) != NULL)
			mget_store(k, n, &res, values, lens);
		memcached_result_free(&res);
	}
	free(k);
	free(kp);
	free(kl);
	return rc == MEMCACHED_SUCCESS || rc == MEMCACHED_END ||
	    rc == MEMCACHED_NOTFOUND ? 0 : -1;
}

/*
 * One generation per content scope (content_changes.h). The local one
 * keeps the plain name: moving it on retires every cached page, as any
 * tool that knows only "the generation" expects.
 */
static const char *const generation_keys[2] = {
	"generation",		/* CONTENT_LOCAL */
	"generation:remote",	/* CONTENT_REMOTE */
};

/*
 * A fresh generation starts from the clock, so one made after memcached
 * lost the old value (restart, eviction) can never repeat an old one.
 */
static uint64_t
generation_seed(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

/* One scope's generation, made when there is none yet. */
static int
generation_read(struct cache *c, const char *key, uint64_t *gen)
{
	char k[64], v[32];
	memcached_return_t rc;
	int tries;

	cache_key(k, sizeof(k), key);
	for (tries = 0; tries < 2; tries++) {
		if (cache_counter(c, key, gen) == -1)
			return -1;
		if (*gen != 0)
			return 0;
		/* None yet: the first to add one wins, the rest read it. */
		snprintf(v, sizeof(v), "%llu",
		    (unsigned long long)generation_seed());
		rc = memcached_add(c->mc, k, strlen(k), v, strlen(v), 0, 0);
		if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_NOTSTORED &&
		    rc != MEMCACHED_DATA_EXISTS)
			return -1;
	}
	return -1;
}

int
cache_generations(struct cache *c, unsigned scopes, uint64_t gen[2])
{
	const char *keys[2];
	char *values[2];
	size_t lens[2], n = 0, i;
	int scope_of[2], s, rc = 0;

	gen[0] = gen[1] = 0;
	if (!cache_enabled(c))
		return -1;
	for (s = 0; s < 2; s++)
		if (scopes & (1u << s)) {
			scope_of[n] = s;
			keys[n++] = generation_keys[s];
		}
	/* Both in one round trip while they exist, as they nearly always do. */
	if (cache_mget(c, keys, n, values, lens) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		s = scope_of[i];
		if (values[i] != NULL) {
			char num[32];

			snprintf(num, sizeof(num), "%.*s", (int)lens[i],
			    values[i]);
			gen[s] = strtoull(num, NULL, 10);
			free(values[i]);
		}
		if (gen[s] == 0 && generation_read(c, keys[i], &gen[s]) == -1)
			rc = -1;
	}
	return rc;
}

/* Move one scope's generation on. */
static int
generation_bump(struct cache *c, const char *key)
{
	char k[64], v[32];
	uint64_t value;
	memcached_return_t rc;

	cache_key(k, sizeof(k), key);
	rc = memcached_increment(c->mc, k, strlen(k), 1, &value);
	if (rc == MEMCACHED_NOTFOUND) {
		snprintf(v, sizeof(v), "%llu",
		    (unsigned long long)generation_seed());
		rc = memcached_set(c->mc, k, strlen(k), v, strlen(v), 0, 0);
	}
	if (rc != MEMCACHED_SUCCESS) {
		log_warnx("memcached: cannot move the content generation on "
		    "(%s); cached pages may be stale until it is back",
		    memcached_strerror(c->mc, rc));
		return -1;
	}
	return 0;
}

int
cache_bump_generations(struct cache *c, unsigned scopes)
{
	int s, rc = 0;

	if (!cache_enabled(c))
		return 0;
	for (s = 0; s < 2; s++)
		if ((scopes & (1u << s)) &&
		    generation_bump(c, generation_keys[s]) == -1)
			rc = -1;
	return rc;
}
