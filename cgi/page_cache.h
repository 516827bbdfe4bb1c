/*
 * page_cache: whole responses for signed-out GETs, kept in memcached under
 * the content generations, so a page costs two cache look-ups instead of a
 * render while nothing changes, and is rendered afresh on the first load
 * after anything does. Signed-in requests are never cached.
 */
#ifndef WOOLLY_PAGE_CACHE_H
#define WOOLLY_PAGE_CACHE_H

#include "request.h"

#define PAGE_CACHE_KEY_MAX 240

/*
 * Once in the pool's master, before any worker is forked: the workers
 * then share what they know about failed invalidations. -1 if it could
 * not be set up (each worker then only knows its own).
 */
int	page_cache_init(void);

/*
 * For a cacheable request: 1 when the response was served from the cache,
 * 0 on a miss (key holds where to store the answer), -1 when this request
 * must not be cached (key is empty).
 */
int	page_cache_lookup(struct request *, char key[PAGE_CACHE_KEY_MAX]);
/* Keep the response under key if it may be shared. */
void	page_cache_store(struct request *, const char *key);
/*
 * After the handler, before the answer leaves: move on the generations
 * of what the request's committed writes changed (content_changes.h), so
 * the client's next page load sees them.
 */
void	page_cache_publish_changes(struct request *);

#endif
