/*
 * page_cache: shared responses for signed-out visitors and clients.
 *
 * The key is the content generations of the scopes the route shows
 * (content_changes.h) plus a hash of the pool's own tag (so
 * a reload with a new configuration or templates starts afresh), whether
 * the client wants JSON, the route's family and pattern (one path answers
 * HTML or ActivityPub by Accept: each has its own entry), the path and
 * the query parameters the route declares (router.c has already dropped
 * every other one and put these in a fixed order). An unknown parameter
 * therefore neither makes a new entry nor changes the answer. Values of
 * declared ones still do, as every max_id of a timeline is a page of its
 * own; typed input refuses the odd spellings (spaces, '+', NUL bytes)
 * that would only multiply them.
 *
 * memcached is not trusted with response headers: an entry holds only the
 * body and the few values the pool itself turns back into headers (which
 * content type, the max-age of an API answer, a Link header pointing at
 * this site), each checked when read. Anyone who can write to memcached
 * can still change what a page says, which is why INSTALL asks for a
 * memcached of woolly's own; they cannot add headers, cookies or redirects.
 *
 * An entry: "W1\n" kind "\n" max-age "\n" link-length "\n" link body, where
 * kind is one letter for one of the few content types we send (HTML,
 * JSON, the NodeInfo profiles of JSON, ActivityPub, WebFinger's JRD and
 * host-meta's XRD).
 */
#include <sys/mman.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_entity.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "content_changes.h"
#include "crypto.h"
#include "log.h"
#include "media_type.h"
#include "nodeinfo.h"
#include "page_cache.h"
#include "request.h"
#include "router.h"
#include "session.h"
#include "webfinger.h"

#define PAGE_CACHE_TTL	600	/* seconds; generations retire entries sooner */
#define ENTRY_MAGIC	"W1\n"
#define LINK_MAX	4096
#define MAX_AGE_MAX	86400

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
make_up_missed_bumps(struct cache *c, unsigned scopes, uint64_t gen[2])
{
	unsigned int missed = __atomic_load_n(missed_bumps, __ATOMIC_ACQUIRE);

	if (missed == 0)
		return 0;
	/* Which scope was missed is not kept: both move on. */
	if (cache_bump_generations(c, CONTENT_ALL) == -1 ||
	    cache_generations(c, scopes, gen) == -1)
		return -1;
	__atomic_compare_exchange_n(missed_bumps, &missed, 0, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	return 0;
}

/* The content types a cached answer may have, each by its letter. */
static const struct {
	char		 kind;
	const char	*type;
} content_kinds[] = {
	{ 'h', "text/html; charset=utf-8" },
	{ 'j', "application/json; charset=utf-8" },
	{ 'n', NODEINFO_20_CONTENT_TYPE },
	{ 'N', NODEINFO_21_CONTENT_TYPE },
	{ 'a', AP_CONTENT_TYPE },
	{ 'r', JRD_CONTENT_TYPE },
	{ 'x', XRD_CONTENT_TYPE },
};
#define NKINDS (sizeof(content_kinds) / sizeof(content_kinds[0]))

/* The content type of a kind letter, or NULL. */
static const char *
kind_type(char kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (content_kinds[i].kind == kind)
			return content_kinds[i].type;
	return NULL;
}

/* The letter of a content type, or 0 when it is not one we cache. */
static char
type_kind(const char *type)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (!strcmp(content_kinds[i].type, type))
			return content_kinds[i].kind;
	return 0;
}

static int
cacheable(struct request *req)
{
	char cookie[128];

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return 0;
	if (req->route == NULL || req->route->query == NULL)
		return 0;
	/*
	 * Anything that could make the answer personal opts out. A signed
	 * fetch does not: servers such as Mastodon sign every fetch with
	 * their instance actor, and no answer depends on the signer yet.
	 * Authorized-fetch mode, where it does, must opt those out again.
	 */
	if (req_header(req, "Authorization") != NULL ||
	    req_cookie(req, SESSION_COOKIE, cookie, sizeof(cookie)) != NULL)
		return 0;
	return cache_enabled(req->app->cache);
}

/* Length-prefixed, so no choice of values can make two keys collide. */
static void
key_part(struct buf *b, const char *s, size_t len)
{
	buf_printf(b, "%zu:", len);
	buf_add(b, s, len);
}

static void
page_cache_key(struct request *req, const uint64_t gen[2],
    char key[PAGE_CACHE_KEY_MAX])
{
	const struct param *p;
	unsigned char digest[32];
	struct buf b = BUF_INIT;
	size_t len, i;

	key_part(&b, req->app->pool_tag, strlen(req->app->pool_tag));
	buf_puts(&b, req_wants_json(req) ? "j" : "h");
	buf_printf(&b, "%d", (int)req->route->family);
	key_part(&b, req->route->pattern, strlen(req->route->pattern));
	key_part(&b, req->path, strlen(req->path));
	for (i = 0; i < req->query_params.n; i++) {
		p = &req->query_params.v[i];
		key_part(&b, p->name, strlen(p->name));
		key_part(&b, p->value, p->len);
	}
	sha256(b.data, b.len, digest);
	buf_free(&b);
	/* A page of local content only has no remote generation (0). */
	len = (size_t)snprintf(key, PAGE_CACHE_KEY_MAX,
	    "page:%" PRIu64 ".%" PRIu64 ":", gen[0], gen[1]);
	for (i = 0; i < 16 && len + 2 < PAGE_CACHE_KEY_MAX; i++)
		len += (size_t)snprintf(key + len, PAGE_CACHE_KEY_MAX - len,
		    "%02x", digest[i]);
}

/*
 * A Link header of ours: printable ASCII, and every <target> in it is on
 * this site (the base URL followed by a path, not by more host name).
 */
static int
link_valid(struct request *req, const char *link, size_t len)
{
	const char *base = req->app->cf->base_url;
	size_t i, blen = strlen(base);

	if (len == 0 || link[0] != '<')
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)link[i] < 0x20 ||
		    (unsigned char)link[i] > 0x7e)
			return 0;
		if (link[i] == '<' && (len - i - 1 < blen + 1 ||
		    strncmp(link + i + 1, base, blen) != 0 ||
		    (link[i + 1 + blen] != '/' && link[i + 1 + blen] != '>')))
			return 0;
	}
	return 1;
}

/* Read "digits\n" at *p; -1 unless it is a number up to max. */
static long
entry_number(const char **p, const char *end, long max)
{
	long n = 0;
	const char *s = *p;

	if (s >= end || !isdigit((unsigned char)*s))
		return -1;
	while (s < end && isdigit((unsigned char)*s)) {
		n = n * 10 + (*s - '0');
		if (n > max)
			return -1;
		s++;
	}
	if (s >= end || *s != '\n')
		return -1;
	*p = s + 1;
	return n;
}

/* Fill the response from a stored entry; -1 if it is not one of ours. */
static int
page_cache_parse(struct request *req, const char *entry, size_t len)
{
	const char *p = entry, *end = entry + len, *type;
	long max_age, link_len;

	if (len < sizeof(ENTRY_MAGIC) + 1 ||
	    memcmp(p, ENTRY_MAGIC, sizeof(ENTRY_MAGIC) - 1) != 0)
		return -1;
	p += sizeof(ENTRY_MAGIC) - 1;
	if (end - p < 2 || (type = kind_type(p[0])) == NULL || p[1] != '\n')
		return -1;
	p += 2;
	if ((max_age = entry_number(&p, end, MAX_AGE_MAX)) == -1 ||
	    (link_len = entry_number(&p, end, LINK_MAX)) == -1 ||
	    link_len > end - p)
		return -1;
	if (link_len > 0 && !link_valid(req, p, (size_t)link_len))
		return -1;
	req->resp.status = 200;
	req->resp.content_type = type;
	if (link_len > 0)
		resp_header(req, "Link", "%.*s", (int)link_len, p);
	if (max_age > 0)
		api_cache(req, (int)max_age);
	p += link_len;
	buf_add(&req->resp.body, p, (size_t)(end - p));
	return 0;
}

/*
 * The content scopes an answer shows (router.h LOCAL_CONTENT and
 * ACCT_CONTENT): only then is it kept under fewer generations than all.
 */
static unsigned
request_scopes(struct request *req)
{
	const char *acct;

	if (req->route->needs & LOCAL_CONTENT)
		return CONTENT_LOCAL;
	if ((req->route->needs & ACCT_CONTENT) &&
	    (acct = req_route_param(req, "acct")) != NULL &&
	    strchr(acct, '@') == NULL)
		return CONTENT_LOCAL;
	return CONTENT_ALL;
}

int
page_cache_lookup(struct request *req, char key[PAGE_CACHE_KEY_MAX])
{
	unsigned scopes;
	uint64_t gen[2];
	char *entry;
	size_t len;
	int rc;

	key[0] = '\0';
	if (!cacheable(req))
		return -1;
	scopes = request_scopes(req);
	if (cache_generations(req->app->cache, scopes, gen) == -1 ||
	    make_up_missed_bumps(req->app->cache, scopes, gen) == -1)
		return -1;
	page_cache_key(req, gen, key);
	if ((entry = cache_get(req->app->cache, key, &len)) == NULL)
		return 0;
	rc = page_cache_parse(req, entry, len);
	free(entry);
	if (rc == -1) {
		log_warnx("page cache: ignoring a malformed entry");
		buf_reset(&req->resp.headers);
		buf_reset(&req->resp.body);
		req->resp.status = 0;
		req->resp.content_type = NULL;
		return 0;
	}
	resp_header(req, "X-Cache", "HIT");
	return 1;
}

/*
 * What the pool will rebuild of the response's headers: -1 when a header
 * is there that it could not rebuild (the answer is then not cached).
 */
static int
rebuildable_headers(struct request *req, const char **link,
    size_t *link_len, long *max_age)
{
	const struct buf *h = &req->resp.headers;
	const char *cc, *line;
	size_t cc_len, lines = 0, known = 0;

	*link = resp_header_value(&req->resp, "Link", link_len);
	if (*link != NULL) {
		if (*link_len > LINK_MAX || !link_valid(req, *link, *link_len))
			return -1;
		known++;
	}
	*max_age = 0;
	cc = resp_header_value(&req->resp, "Cache-Control", &cc_len);
	if (cc != NULL) {
		if (strncmp(cc, "max-age=", 8) != 0 ||
		    (*max_age = strtol(cc + 8, NULL, 10)) <= 0 ||
		    *max_age > MAX_AGE_MAX)
			return -1;
		known++;
		/* api_cache() writes Vary along with Cache-Control. */
		if (resp_header_value(&req->resp, "Vary", &cc_len) != NULL)
			known++;
	}
	/* Every header line ends in CR LF (resp_header). */
	for (line = h->data; h->len > 0 &&
	    (line = strstr(line, "\r\n")) != NULL; line += 2)
		lines++;
	return lines == known ? 0 : -1;
}

void
page_cache_store(struct request *req, const char *key)
{
	struct buf b = BUF_INIT;
	const char *link = NULL;
	size_t link_len = 0;
	long max_age = 0;
	char kind;

	if (key[0] == '\0' || req->resp.status != 200 ||
	    req->resp.content_type == NULL ||
	    (kind = type_kind(req->resp.content_type)) == 0)
		return;
	/* A cookie, or anything else we could not rebuild, stays uncached. */
	if (rebuildable_headers(req, &link, &link_len, &max_age) == -1)
		return;
	buf_printf(&b, ENTRY_MAGIC "%c\n%ld\n%zu\n", kind, max_age,
	    link_len);
	if (link_len > 0)
		buf_add(&b, link, link_len);
	buf_add(&b, req->resp.body.data, req->resp.body.len);
	cache_set(req->app->cache, key, b.data, b.len, PAGE_CACHE_TTL);
	buf_free(&b);
	resp_header(req, "X-Cache", "MISS");
}

void
page_cache_publish_changes(struct request *req)
{
	unsigned scopes;

	if (content_changes_publish(req->app->db, req->app->cache,
	    &scopes) == -1)
		__atomic_add_fetch(missed_bumps, 1, __ATOMIC_ACQ_REL);
}
