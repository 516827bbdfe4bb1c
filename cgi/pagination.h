/*
 * pagination: Mastodon's max_id / since_id / min_id / limit cursors, read
 * from a request, and the links to the neighbouring pages: a Link header
 * for the API (also on empty pages) and older/newer links for web pages.
 */
#ifndef WOOLLY_PAGINATION_H
#define WOOLLY_PAGINATION_H

#include "request.h"
#include "timeline.h"

struct view;

/* Read the cursors; on bad input sets a 400 response and returns -1. */
int	page_from_request(struct request *, struct page *, int default_limit,
	    int max_limit);
/* Link: <...max_id=>; rel="next", <...min_id=>; rel="prev" */
void	page_link_header(struct request *, const struct page *,
	    const struct id_list *);
/* pagination.older / pagination.newer hrefs for a web page. */
void	page_view_links(struct request *, struct view *, const struct page *,
	    const struct id_list *);

/*
 * Lists paged by offset (trends): limit (default_limit, at most
 * max_limit; 0 gives an empty page) and offset (at most offset_max).
 * Negative or malformed ones get a 400 and -1.
 */
int	page_offset_from_request(struct request *, int default_limit,
	    int max_limit, int offset_max, int *limit, int *offset);
/* Link: next after a full page of n, prev unless at the start. */
void	page_offset_link_header(struct request *, int limit, int offset,
	    size_t n);

#endif
