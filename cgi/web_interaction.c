/*
 * web_interaction: /authorize_interaction?uri=..., where the "subscribe"
 * link of our WebFinger answers sends someone who wants to follow or
 * answer from here what they found elsewhere. A post or profile this
 * server already knows (by its ActivityPub id, its page, or name@domain)
 * opens at once; anything else needs a look-up on the other server,
 * which comes with the inbox, so the page says so and shows the address.
 */
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "request.h"
#include "search.h"
#include "status.h"
#include "view.h"
#include "web_shared.h"

#define INTERACTION_URI_MAX	2048	/* characters */

/* Where an account or status this server knows is shown; 0 if unknown. */
static int
known_path(struct request *req, const char *uri, struct buf *path)
{
	const struct config *cf = req->app->cf;
	int64_t viewer = web_viewer_id(req), status_id = 0, account_id = 0;
	struct account a;
	const char *acct = NULL;
	int rc;

	if (!strncasecmp(uri, "acct:", 5))
		acct = uri + 5;
	else if (strstr(uri, "://") == NULL && strchr(uri, '@') != NULL)
		acct = uri;
	if (acct != NULL)
		rc = account_by_acct(req->app->db, cf, acct, &a);
	else {
		if (search_resolve_url(req->app->db, cf, uri, viewer,
		    &status_id, &account_id) == -1)
			return -1;
		if (status_id != 0 && (rc = status_find_visible(req->app->db,
		    status_id, viewer, &account_id)) != 1)
			return rc;
		if (account_id == 0)
			return 0;
		rc = account_by_id(req->app->db, cf->base_url, account_id, &a);
	}
	if (rc != 1)
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

int
web_authorize_interaction(struct request *req)
{
	struct buf path = BUF_INIT;
	struct view *v;
	const char *uri;
	int rc;

	rc = req_str(req, "uri", INTERACTION_URI_MAX, &uri);
	if (rc != 1 || *uri == '\0') {
		resp_error(req, 400, rc == -1 ? req->error : "Give the address "
		    "of a post or a profile to open (uri=...).");
		return 0;
	}
	if ((rc = known_path(req, uri, &path)) == -1)
		return -1;
	if (rc == 1) {
		resp_redirect(req, buf_cstr(&path));
		buf_free(&path);
		return 0;
	}
	v = view_new(req);
	view_set(v, "page.title", "Interact from here");
	view_set(v, "interaction.uri", uri);
	return view_render(v, "authorize_interaction.cs");
}
