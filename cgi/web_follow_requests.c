/*
 * web_follow_requests: the page where a locked account sees who asked to
 * follow it, newest first, and approves or rejects each one with a
 * button (a form with its CSRF token; no JavaScript).
 */
#include <inttypes.h>
#include <stdio.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "relationship.h"
#include "timeline.h"
#include "view.h"
#include "web_shared.h"

#define REQUESTS_PAGE		40
#define REQUESTS_PAGE_MAX	80

int
web_follow_requests(struct request *req)
{
	struct account_page ap;
	struct account me;
	struct id_list cursors;
	struct page pg;
	struct buf prefix = BUF_INIT;
	struct view *v;
	size_t i;

	if (page_from_request(req, &pg, REQUESTS_PAGE, REQUESTS_PAGE_MAX) == -1)
		return 0;
	if (account_by_id(req->app->db, req->app->cf->base_url,
	    req->viewer->account_id, &me) != 1)
		return -1;
	if (account_page_load(req->app->db, req->app->cf->base_url,
	    ACCOUNTS_REQUESTING, me.id, me.id, &pg, &ap) == -1) {
		account_free(&me);
		return -1;
	}
	v = view_new(req);
	view_set(v, "page.title", "Follow requests");
	if (me.locked)
		view_set(v, "locked", "1");
	for (i = 0; i < ap.n; i++) {
		buf_reset(&prefix);
		buf_printf(&prefix, "requests.%zu", i);
		web_set_account(req, v, buf_cstr(&prefix), &ap.items[i]);
	}
	cursors.ids = ap.cursors;
	cursors.n = ap.n;
	page_view_links(req, v, &pg, &cursors);
	buf_free(&prefix);
	account_page_free(&ap);
	account_free(&me);
	return view_render(v, "follow_requests.cs");
}

/* :id is the account that asked; no such request is a 404 page. */
static int
answer(struct request *req, int authorize)
{
	int64_t requester;
	int rc;

	if (req_id(req, "id", &requester) != 1) {
		resp_error(req, 404, "There is no such follow request.");
		return 0;
	}
	rc = authorize ? follow_request_authorize(req->app->db,
	    req->viewer->account_id, requester) : follow_request_reject(
	    req->app->db, req->viewer->account_id, requester);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		resp_error(req, 404, "There is no such follow request.");
		return 0;
	}
	resp_redirect(req, "/follow_requests");
	return 0;
}

int
web_follow_request_authorize(struct request *req)
{
	return answer(req, 1);
}

int
web_follow_request_reject(struct request *req)
{
	return answer(req, 0);
}
