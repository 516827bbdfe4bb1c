/*
 * api_status_cache: the Status entities of a page of statuses, from
 * memcached where they are cached, laid out as api_status_json would
 * render them for the request's viewer.
 */
#ifndef WOOLLY_API_STATUS_CACHE_H
#define WOOLLY_API_STATUS_CACHE_H

#include "buf.h"
#include "pagination.h"
#include "request.h"
#include "status_cache.h"
#include "timeline.h"

/*
 * The statuses ids names from the status cache, for the request's viewer
 * (status_texts_load with the Status entity's format), and the entity of
 * the i-th of them, written to out with the status it boosts: 0, or -1
 * when its text is missing (it went between two queries).
 */
int	api_status_texts_load(struct request *, const struct id_list *,
	    struct status_texts *);
int	api_status_entity(struct buf *out, const struct status_texts *,
	    size_t i);

/*
 * Append the JSON array of the statuses ids names, for the request's
 * viewer, to out. 0, or -1 on a database error. Without memcached every
 * entity is rendered, as without this cache.
 */
int	api_status_page_json(struct request *, const struct id_list *,
	    struct buf *out);
/* Send that array with the page's Link header: 0, or -1 on an error. */
int	api_send_cached_timeline(struct request *, const struct page *,
	    const struct id_list *);

#endif
