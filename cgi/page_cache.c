/*
 * page_cache: shared responses for signed-out visitors and clients.
 *
 * A cached entry is "content type \n length of headers \n headers body".
 * The key
 * holds the content generation, the pool's own tag (so a reload with a
 * new configuration or templates starts afresh) and the request URI; it
 * is hashed because URIs can be longer than memcached keys.
 */
#include <sys/mman.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "crypto.h"
#include "log.h"
#include "page_cache.h"
#include "request.h"
#include "session.h"

#define PAGE_CACHE_TTL 600	/* seconds; generations retire entries sooner */

/*
 * Changes whose generation bump failed (memcached unreachable), counted in
 * memory every worker of the pool shares. Until a bump goes through, the
 * pages memcached still holds may predate a committed change: no worker
 * serves or stores them meanwhile. Without page_cache_init() the count is
 * this process's own.
 */
static unsigned int missed_here;
static unsigned int *missed_bumps = &missed_here;

int
page_cache_init(void)
{
	void *shared;

	shared = mmap(NULL, sizeof(*missed_bumps), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		log_warn("page cache: mmap");
		return -1;
	}
	missed_bumps = shared;	/* zeroed by the kernel */
	return 0;
}

/*
 * Called with memcached answering again: if a bump was missed, move the
 * generation on now (and read it again) before any page is trusted. A
 * bump only covers the misses counted before it, so the count is cleared
 * only if no new one came in meanwhile. -1 if the cache may not be used.
 */
static int
make_up_missed_bumps(struct cache *c, uint64_t *gen)
{
	unsigned int missed = __atomic_load_n(missed_bumps, __ATOMIC_ACQUIRE);

	if (missed == 0)
		return 0;
	if (cache_bump_generation(c) == -1 || cache_generation(c, gen) == -1)
		return -1;
	__atomic_compare_exchange_n(missed_bumps, &missed, 0, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	return 0;
}

static int
cacheable(struct request *req)
{
	char cookie[128];

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return 0;
	/* Anything that could make the answer personal opts out. */
	if (req_header(req, "Authorization") != NULL ||
	    req_cookie(req, SESSION_COOKIE, cookie, sizeof(cookie)) != NULL)
		return 0;
	return cache_enabled(req->app->cache);
}

/* Fill the response from a stored entry; -1 if it is malformed. */
static int
page_cache_parse(struct request *req, char *entry, size_t len)
{
	char *end = entry + len, *nl, *nl2, *p;
	unsigned long hlen;

	if ((nl = memchr(entry, '\n', len)) == NULL ||
	    (nl2 = memchr(nl + 1, '\n', (size_t)(end - nl - 1))) == NULL)
		return -1;
	*nl = *nl2 = '\0';
	if (nl - entry > 100)
		return -1;	/* no content type of ours is that long */
	hlen = strtoul(nl + 1, &p, 10);
	if (*p != '\0' || hlen > (size_t)(end - nl2 - 1))
		return -1;
	req->resp.status = 200;
	req->resp.cached_type = xstrdup(entry);
	req->resp.content_type = req->resp.cached_type;
	buf_add(&req->resp.headers, nl2 + 1, hlen);
	buf_add(&req->resp.body, nl2 + 1 + hlen,
	    (size_t)(end - (nl2 + 1 + hlen)));
	return 0;
}

int
page_cache_lookup(struct request *req, char key[PAGE_CACHE_KEY_MAX])
{
	const char *uri = FCGX_GetParam("REQUEST_URI", req->fcgi->envp);
	unsigned char digest[32];
	struct buf b = BUF_INIT;
	uint64_t gen;
	char *entry;
	size_t len, i;

	key[0] = '\0';
	if (!cacheable(req) ||
	    cache_generation(req->app->cache, &gen) == -1 ||
	    make_up_missed_bumps(req->app->cache, &gen) == -1)
		return -1;
	/* JSON and HTML clients may get different answers for one URI. */
	buf_printf(&b, "%s|%d|%s", req->app->pool_tag, req_wants_json(req),
	    uri ? uri : req->path);
	sha256(b.data, b.len, digest);
	buf_free(&b);
	len = (size_t)snprintf(key, PAGE_CACHE_KEY_MAX, "page:%" PRIu64 ":", gen);
	for (i = 0; i < 16 && len + 2 < PAGE_CACHE_KEY_MAX; i++)
		len += (size_t)snprintf(key + len, PAGE_CACHE_KEY_MAX - len,
		    "%02x", digest[i]);

	if ((entry = cache_get(req->app->cache, key, &len)) == NULL)
		return 0;
	if (page_cache_parse(req, entry, len) == -1) {
		free(entry);
		return 0;
	}
	free(entry);
	resp_header(req, "X-Cache", "HIT");
	return 1;
}

void
page_cache_store(struct request *req, const char *key)
{
	struct buf b = BUF_INIT;

	if (key[0] == '\0' || req->resp.status != 200 ||
	    req->resp.content_type == NULL)
		return;
	/* A response that sets a cookie belongs to one browser only. */
	if (req->resp.headers.len > 0 &&
	    strstr(req->resp.headers.data, "Set-Cookie:") != NULL)
		return;
	buf_printf(&b, "%s\n%zu\n", req->resp.content_type,
	    req->resp.headers.len);
	buf_add(&b, req->resp.headers.data, req->resp.headers.len);
	buf_add(&b, req->resp.body.data, req->resp.body.len);
	cache_set(req->app->cache, key, b.data, b.len, PAGE_CACHE_TTL);
	buf_free(&b);
	resp_header(req, "X-Cache", "MISS");
}

void
page_cache_invalidate(struct request *req)
{
	if (cache_bump_generation(req->app->cache) == -1)
		__atomic_add_fetch(missed_bumps, 1, __ATOMIC_ACQ_REL);
}
