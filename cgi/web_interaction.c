/*
 * web_interaction: /authorize_interaction?uri=..., where the "subscribe"
 * link of our WebFinger answers sends someone who wants to follow or
 * answer from here what they found elsewhere. A post or profile this
 * server knows (by its ActivityPub id, its page, or name@domain) opens
 * at once; for a signed-in visitor an unknown one is looked up on its
 * server first (web_resolve.c), then its page opens with the follow
 * button or the post's actions. Otherwise the page says why not.
 */
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "request.h"
#include "view.h"
#include "web_resolve.h"
#include "web_shared.h"

#define INTERACTION_URI_MAX	2048	/* characters */

/*
 * "acct:name" and "name" (no domain: one of ours) as web_resolve_path
 * reads them: "name@domain".
 */
static void
full_address(struct request *req, const char *uri, struct buf *out)
{
	const char *acct = uri;

	if (!strncasecmp(acct, "acct:", 5))
		acct += 5;
	if (*acct == '@')
		acct++;
	if (strstr(uri, "://") == NULL && strchr(acct, '@') == NULL)
		buf_printf(out, "%s@%s", acct, req->app->cf->domain);
	else
		buf_puts(out, uri);
}

int
web_authorize_interaction(struct request *req)
{
	struct buf path = BUF_INIT, address = BUF_INIT;
	struct view *v;
	const char *uri;
	int rc;

	rc = req_str(req, "uri", INTERACTION_URI_MAX, &uri);
	if (rc != 1 || *uri == '\0') {
		resp_error(req, 400, rc == -1 ? req->error : "Give the address "
		    "of a post or a profile to open (uri=...).");
		return 0;
	}
	full_address(req, uri, &address);
	rc = web_resolve_path(req, buf_cstr(&address), &path);
	buf_free(&address);
	if (rc == -1)
		return -1;
	if (rc == 1) {
		resp_redirect(req, buf_cstr(&path));
		buf_free(&path);
		return 0;
	}
	v = view_new(req);
	view_set(v, "page.title", "Interact from here");
	view_set(v, "interaction.uri", uri);
	if (web_viewer_id(req) != 0)
		view_set(v, "interaction.looked_up", "1");
	return view_render(v, "authorize_interaction.cs");
}
