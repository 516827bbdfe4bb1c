/*
 * web_status: a status page with its thread, posting from the compose
 * form, and deleting through a confirmation page.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "format.h"
#include "handlers.h"
#include "request.h"
#include "status.h"
#include "timeline.h"
#include "view.h"
#include "web_shared.h"

/*
 * The status named by /@acct/:id, visible to the viewer and written by
 * that account. Anything else is a 404, so private posts stay unknown.
 */
static int
load_route_status(struct request *req, struct status_list *list)
{
	const char *acct = req_route_param(req, "acct");
	int64_t id;
	int rc;

	list->items = NULL;
	list->n = 0;
	if (req_id(req, "id", &id) != 1 ||
	    (rc = status_find_visible(req->app->db, id, web_viewer_id(req),
	    NULL)) == 0) {
		resp_error(req, 404, "This post does not exist or is not "
		    "visible to you.");
		return 0;
	}
	if (rc == -1 || status_load(req->app->db, req->app->cf, &id, 1,
	    web_viewer_id(req), list) == -1)
		return -1;
	if (list->n != 1 || strcasecmp(list->items[0].account.acct,
	    acct ? acct : "") != 0) {
		status_list_free(list);
		resp_error(req, 404, "This post does not exist or is not "
		    "visible to you.");
		return 0;
	}
	return 1;
}

/*
 * The thread around the status: its ancestors and descendants from the
 * status cache, as a timeline's page (two statements for the whole
 * thread, not four).
 */
int
web_status(struct request *req)
{
	struct status_list list;
	struct id_list ancestors, descendants;
	struct view *v;
	int rc;

	if ((rc = load_route_status(req, &list)) != 1)
		return rc;
	if (status_context_ids(req->app->db, list.items[0].id,
	    web_viewer_id(req), &ancestors, &descendants) == -1) {
		status_list_free(&list);
		return -1;
	}
	v = view_new(req);
	view_set(v, "page.title", list.items[0].account.display_name[0] ?
	    list.items[0].account.display_name : list.items[0].account.username);
	web_set_status(req, v, "status", &list.items[0]);
	web_set_status_html(req, v, "status.article_html", &list.items[0], 1);
	rc = web_set_thread(req, v, &ancestors, &descendants);
	status_list_free(&list);
	id_list_free(&ancestors);
	id_list_free(&descendants);
	if (rc == -1) {
		view_free(v);
		return -1;
	}
	return view_render(v, "status.cs");
}

int
web_status_create(struct request *req)
{
	const struct config *cf = req->app->cf;
	const char *text = "", *spoiler = "", *visibility = NULL;
	const char *language = NULL;
	struct status_new n;
	struct buf back = BUF_INIT;
	int64_t reply_to = 0, id;
	int sensitive = -1, rc;

	/* Links count as 23 characters, so the raw text may be longer. */
	if (req_str(req, "status", (size_t)cf->max_form_size, &text) == -1 ||
	    req_str(req, "spoiler_text", (size_t)cf->max_status_length,
	    &spoiler) == -1) {
		resp_error(req, 422, req->error);
		return 0;
	}
	if (status_too_long(cf, text, spoiler)) {
		resp_error(req, 422, "Your post and its content warning are "
		    "longer than this server allows together.");
		return 0;
	}
	if (format_text_blank(text)) {
		resp_error(req, 422, "Your post is empty.");
		return 0;
	}
	/* Absent means the default, which a reply narrows to its parent's. */
	rc = req_str(req, "visibility", 16, &visibility);
	if (rc == -1 || (visibility != NULL &&
	    !status_visibility_valid(visibility))) {
		resp_error(req, 422, "Choose a visibility: public, unlisted, "
		    "private (followers only) or direct.");
		return 0;
	}
	if (req_id(req, "in_reply_to_id", &reply_to) == -1 ||
	    req_bool(req, "sensitive", &sensitive) == -1 ||
	    req_str(req, "language", 8, &language) == -1) {
		resp_error(req, 422, req->error);
		return 0;
	}
	memset(&n, 0, sizeof(n));
	n.account_id = req->viewer->account_id;
	n.username = req->viewer->username;
	n.text = text;
	n.spoiler_text = spoiler;
	n.visibility = visibility;
	n.sensitive = sensitive;
	n.language = language && *language ? language : NULL;
	n.in_reply_to_id = reply_to;
	switch (status_create(req->app->db, cf, &n, &id)) {
	case STATUS_CREATED:
		break;
	case STATUS_REPLY_NOT_FOUND:
		resp_error(req, 422, "The post you are replying to does not "
		    "exist any more.");
		return 0;
	default:
		return -1;
	}
	/* A reply returns to its thread; a new post to the timeline. */
	if (reply_to)
		buf_printf(&back, "/@%s/%" PRId64, req->viewer->username, id);
	else
		buf_puts(&back, "/home");
	resp_redirect(req, buf_cstr(&back));
	buf_free(&back);
	return 0;
}

/* Only the author may delete; anyone else gets the same 404. */
static int
load_own_status(struct request *req, struct status_list *list)
{
	int rc = load_route_status(req, list);

	if (rc == 1 && list->items[0].account.id != req->viewer->account_id) {
		status_list_free(list);
		resp_error(req, 404, "This post does not exist or is not "
		    "yours to delete.");
		return 0;
	}
	return rc;
}

int
web_status_delete_form(struct request *req)
{
	struct status_list list;
	struct view *v;
	int rc;

	if ((rc = load_own_status(req, &list)) != 1)
		return rc;
	v = view_new(req);
	view_set(v, "page.title", "Delete post");
	web_set_status(req, v, "status", &list.items[0]);
	web_set_status_html(req, v, "status.article_html", &list.items[0], 0);
	status_list_free(&list);
	return view_render(v, "delete.cs");
}

int
web_status_delete(struct request *req)
{
	struct status_list list;
	struct buf back = BUF_INIT;
	int rc;

	if ((rc = load_own_status(req, &list)) != 1)
		return rc;
	rc = status_delete(req->app->db, list.items[0].id,
	    req->viewer->account_id);
	status_list_free(&list);
	if (rc == -1)
		return -1;
	buf_printf(&back, "/@%s", req->viewer->username);
	resp_redirect(req, buf_cstr(&back));
	buf_free(&back);
	return 0;
}
