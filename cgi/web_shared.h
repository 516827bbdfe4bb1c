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
/* prefix.N.* for each status (N from 0), with the viewer's actions. */
void	web_set_statuses(struct request *, struct view *, const char *prefix,
	    const struct status_list *);
void	web_set_status(struct request *, struct view *, const char *prefix,
	    const struct status *);
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
