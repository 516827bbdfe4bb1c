/*
 * web_actions: the buttons under every post (favourite, boost, bookmark
 * and their undoing) for a signed-in web user. Each is a small form that
 * posts here with its CSRF token and the page it came from; the answer is
 * a 303 back to that page, if it is one of ours, else to the post.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "request.h"
#include "status.h"
#include "status_actions.h"
#include "web_shared.h"

#define RETURN_TO_MAX	1024	/* characters of a path we return to */

enum web_action {
	ACT_FAVOURITE,
	ACT_UNFAVOURITE,
	ACT_REBLOG,
	ACT_UNREBLOG,
	ACT_BOOKMARK,
	ACT_UNBOOKMARK,
};

/*
 * The status /@acct/:id names, visible to the viewer and written by acct:
 * 1, or 0 with a 404 page sent, or -1.
 */
static int
route_status(struct request *req, int64_t *id)
{
	const char *acct = req_route_param(req, "acct");
	struct status_list list;
	int rc;

	if (req_id(req, "id", id) != 1 ||
	    (rc = status_find_visible(req->app->db, *id,
	    req->viewer->account_id, NULL)) == 0)
		goto not_found;
	if (rc == -1 || status_load(req->app->db, req->app->cf, id, 1,
	    req->viewer->account_id, &list) == -1)
		return -1;
	rc = list.n == 1 && strcasecmp(list.items[0].account.acct,
	    acct != NULL ? acct : "") == 0;
	status_list_free(&list);
	if (rc)
		return 1;
not_found:
	resp_error(req, 404, "This post does not exist or is not visible to "
	    "you.");
	return 0;
}

/*
 * A path on this site, and nothing that could leave it: "/x", never
 * "//host" or "/\host" (which browsers read as another host), no control
 * characters.
 */
static int
local_path(const char *s)
{
	size_t i;

	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\')
			return 0;
	return 1;
}

/* Back where the button was, at the post. */
static void
redirect_back(struct request *req, int64_t id)
{
	const char *back = NULL, *slash;
	struct buf b = BUF_INIT;

	if (req_body_str(req, "return_to", RETURN_TO_MAX, &back) == 1 &&
	    local_path(back))
		buf_puts(&b, back);
	else {
		/* The post: the action's path without "/favourite". */
		slash = strrchr(req->path, '/');
		buf_add(&b, req->path, (size_t)(slash - req->path));
		back = xstrdup(buf_cstr(&b));
		buf_reset(&b);
		buf_url_path(&b, back);
		free((char *)back);
	}
	if (strchr(buf_cstr(&b), '#') == NULL)
		buf_printf(&b, "#status-%" PRId64, id);
	resp_redirect(req, buf_cstr(&b));
	buf_free(&b);
}

static enum status_action_result
perform(struct request *req, enum web_action a, int64_t id, int64_t *shown)
{
	struct db *db = req->app->db;
	int64_t me = req->viewer->account_id, boost;
	enum status_action_result r = ACTION_ERROR;

	*shown = id;
	switch (a) {
	case ACT_FAVOURITE:
		r = status_mark(db, MARK_FAVOURITE, me, id, shown);
		break;
	case ACT_UNFAVOURITE:
		r = status_unmark(db, MARK_FAVOURITE, me, id, shown);
		break;
	case ACT_BOOKMARK:
		r = status_mark(db, MARK_BOOKMARK, me, id, shown);
		break;
	case ACT_UNBOOKMARK:
		r = status_unmark(db, MARK_BOOKMARK, me, id, shown);
		break;
	case ACT_REBLOG:
		r = status_reblog(db, req->app->cf, me, req->viewer->username,
		    id, NULL, 0, &boost);
		break;
	case ACT_UNREBLOG:
		r = status_unreblog(db, me, id, shown);
		break;
	}
	return r;
}

static int
act(struct request *req, enum web_action a)
{
	int64_t id, shown;
	int rc;

	if ((rc = route_status(req, &id)) != 1)
		return rc;
	switch (perform(req, a, id, &shown)) {
	case ACTION_DONE:
		break;
	case ACTION_NOT_FOUND:
		resp_error(req, 404, "This post does not exist or is not "
		    "visible to you.");
		return 0;
	case ACTION_FORBIDDEN:
		resp_error(req, 403, "This post cannot be boosted or "
		    "favourited by you: it is a private one of someone else, "
		    "a direct message, or by someone you block.");
		return 0;
	default:
		return -1;
	}
	redirect_back(req, id);
	return 0;
}

int
web_status_favourite(struct request *req)
{
	return act(req, ACT_FAVOURITE);
}

int
web_status_unfavourite(struct request *req)
{
	return act(req, ACT_UNFAVOURITE);
}

int
web_status_reblog(struct request *req)
{
	return act(req, ACT_REBLOG);
}

int
web_status_unreblog(struct request *req)
{
	return act(req, ACT_UNREBLOG);
}

int
web_status_bookmark(struct request *req)
{
	return act(req, ACT_BOOKMARK);
}

int
web_status_unbookmark(struct request *req)
{
	return act(req, ACT_UNBOOKMARK);
}
