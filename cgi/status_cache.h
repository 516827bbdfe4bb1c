/*
 * status_cache: the text of each status of a page, rendered once for every
 * viewer alike and kept in memcached, for the API's entities
 * (api_status_cache.c) and the web pages' articles (web_status_html.c)
 * alike. The viewer's own part is laid over it by the caller.
 */
#ifndef WOOLLY_STATUS_CACHE_H
#define WOOLLY_STATUS_CACHE_H

#include <stddef.h>

#include "buf.h"
#include "request.h"
#include "status.h"
#include "timeline.h"

/* A kind of text kept per status. */
struct status_format {
	/* Starts every key; a new layout takes a new prefix. */
	const char	*key_prefix;
	/*
	 * The text of s as every viewer sees it: s may carry a viewer's
	 * marks (loaded whole without memcached), which it leaves out.
	 */
	void		(*render)(const struct config *, struct status *,
			    struct buf *);
	/* Whether a cached value is such a text (else it is rendered). */
	int		(*valid)(const char *, size_t);
};

/*
 * A page: its statuses in order with the viewer's marks (status_load_marks;
 * whole statuses when they were loaded whole), and for each the text of
 * it and of the status it boosts (NULL when it did not load).
 */
struct status_texts {
	struct status_list	  statuses;
	char			**text, **boosted;
	size_t			 *len, *boosted_len;
};

/*
 * The texts of the statuses ids names, for the request's viewer: from
 * memcached where it has them, the rest loaded and rendered (and kept).
 * Without memcached the statuses are loaded whole with the viewer's marks
 * and every text is rendered. 0, or -1 on a database error.
 */
int	status_texts_load(struct request *, const struct id_list *,
	    const struct status_format *, struct status_texts *);
void	status_texts_free(struct status_texts *);

#endif
