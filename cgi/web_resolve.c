/*
 * web_resolve: from an address or a URL to the page of this server that
 * shows it (see web_resolve.h).
 */
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "fetcher.h"
#include "log.h"
#include "remote_account.h"
#include "remote_resolve.h"
#include "request.h"
#include "search.h"
#include "status.h"
#include "web_resolve.h"
#include "web_shared.h"

static int
is_url(const char *q)
{
	return !strncasecmp(q, "https://", 8) || !strncasecmp(q, "http://", 7);
}

int
web_resolvable(const char *q)
{
	return is_url(q) || remote_resolve_is_acct(q);
}

/* The status or account q names: 1, 0 or -1. */
static int
resolve(struct request *req, const char *q, int64_t *status_id,
    int64_t *account_id)
{
	struct remote_fetcher *f = NULL;
	char why[REMOTE_ERROR_MAX];
	int64_t viewer = web_viewer_id(req);
	int rc;

	*status_id = *account_id = 0;
	if (viewer != 0)
		f = app_fetcher(req);
	if (is_url(q))
		rc = remote_resolve_url(req->app->db, req->app->cf, f, q,
		    viewer, status_id, account_id, why, sizeof(why));
	else
		rc = remote_resolve_acct(req->app->db, req->app->cf, f, q,
		    account_id, why, sizeof(why));
	if (rc == 0 && f != NULL)
		log_info("%s not resolved: %s", q, why);
	/* A status the viewer may see, and its author. */
	if (rc == 1 && *status_id != 0) {
		if (f != NULL)
			app_fetch_thread_later(req, *status_id);
		rc = status_find_visible(req->app->db, *status_id, viewer,
		    account_id);
	}
	return rc;
}

int
web_resolve_path(struct request *req, const char *q, struct buf *path)
{
	struct account a;
	int64_t status_id, account_id;
	int rc;

	if (!web_resolvable(q))
		return 0;
	if ((rc = resolve(req, q, &status_id, &account_id)) != 1)
		return rc;
	if ((rc = account_by_id(req->app->db, req->app->cf->base_url,
	    account_id, &a)) != 1)
		return rc;
	if (a.suspended) {
		account_free(&a);
		return 0;
	}
	web_account_path(path, &a);
	if (status_id != 0)
		buf_printf(path, "/%" PRId64, status_id);
	account_free(&a);
	return 1;
}
