/*
 * web_status_html: a status as every web page shows it, an <article> with
 * the viewer's buttons, written out in C (see web_status_html.c for why).
 * An article is put together from two parts: the shared text of a status,
 * the same for every viewer (what the status cache keeps), and the
 * viewer's own buttons, from their marks on it.
 */
#ifndef WOOLLY_WEB_STATUS_HTML_H
#define WOOLLY_WEB_STATUS_HTML_H

#include <stddef.h>

#include "buf.h"
#include "request.h"
#include "status.h"

/*
 * The shared text of s: for a boost, the line that says who boosted;
 * else its path and counts on a first line, then the article's middle
 * (header, content, replies link).
 */
void	web_status_shared(struct buf *, const struct status *);
/* Whether text is shared text as web_status_shared writes it. */
int	web_status_shared_valid(const char *text, size_t len);

/*
 * What every article of a page needs of the request: worked out once per
 * page (the CSRF token is an HMAC).
 */
struct article_context {
	int		 signed_in;
	int64_t		 viewer;	/* account id, 0 signed out */
	char		 csrf[65];
	char		*return_to;	/* this page, for the buttons */
};
void	web_article_context(struct request *, struct article_context *);
void	web_article_context_free(struct article_context *);

/*
 * One article: marks is the status as loaded for the viewer (its flags;
 * for a boost, marks->reblog the boosted status), top the shared text of
 * marks, boosted that of marks->reblog (NULL for no boost); highlight
 * marks the status a thread page is about.
 */
void	web_status_article(struct buf *, const struct article_context *,
	    const struct status *marks, const char *top, size_t toplen,
	    const char *boosted, size_t boostedlen, int highlight);

/* The article of a fully loaded status (status_load). */
void	web_status_article_of(struct buf *, const struct article_context *,
	    const struct status *, int highlight);
/*
 * The articles of the statuses ids names, from the status cache
 * (status_cache.c) where it has them. 0, or -1 on a database error.
 */
struct id_list;
int	web_status_page_html(struct request *, struct buf *,
	    const struct id_list *);
/*
 * The articles of a thread's ancestors and descendants, both from one
 * status_texts_load, into up and down. 0, or -1 on a database error.
 */
int	web_thread_html(struct request *, const struct id_list *ancestors,
	    const struct id_list *descendants, struct buf *up,
	    struct buf *down);
/* Articles of fully loaded statuses: a list, or one. */
void	web_statuses_html(struct request *, struct buf *,
	    const struct status_list *);
void	web_status_html(struct request *, struct buf *,
	    const struct status *, int highlight);

#endif
