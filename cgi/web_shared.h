/*
 * web_shared: what every web page has in common (site name, the signed-in
 * account, the CSRF token) and the helpers that put accounts and statuses
 * into a view the same way on every page.
 */
#ifndef WOOLLY_WEB_SHARED_H
#define WOOLLY_WEB_SHARED_H

#include "account.h"
#include "status.h"
#include "request.h"

struct view;

void	web_fill_common(struct request *, struct view *);
/* The signed-in account's id, 0 when signed out. */
int64_t	web_viewer_id(const struct request *);
/* Put a CSRF token in a signed-out page that has a form. */
void	web_add_csrf(struct request *, struct view *);
/*
 * The articles of statuses, with the viewer's buttons, as HTML under name
 * (web_status_html.c), for a template to print with uvar:.
 */
void	web_set_statuses(struct request *, struct view *, const char *name,
	    const struct status_list *);
/* The same for the statuses ids names (a timeline's page). 0 or -1. */
struct id_list;
int	web_set_status_page(struct request *, struct view *, const char *name,
	    const struct id_list *);
/* A thread's ancestors_html and descendants_html. 0 or -1. */
int	web_set_thread(struct request *, struct view *,
	    const struct id_list *ancestors, const struct id_list *descendants);
void	web_set_status_html(struct request *, struct view *, const char *name,
	    const struct status *, int highlight);
/* prefix.* of one status: its path, author, reply mentions... */
void	web_set_status(struct request *, struct view *, const char *prefix,
	    const struct status *);
/* This page's path and query, where the buttons under a post return. */
struct buf;
void	web_return_to(struct request *, struct buf *);
void	web_set_account(struct request *, struct view *, const char *prefix,
	    const struct account *);
/*
 * 1 when a return address is a path on this site ("/oauth/authorize?..."),
 * never another site ("//evil.example", "/\\evil.example", "https:...").
 */
int	web_local_path(const char *);
/* The local path of an account's page: "/@name" or "/@name@domain". */
void	web_account_path(struct buf *, const struct account *);

#endif
