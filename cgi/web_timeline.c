/*
 * web_timeline: the pages that are lists of statuses: home (with the
 * compose form), the local timeline and hashtags.
 */
#include <string.h>

#include "buf.h"
#include "config.h"
#include "format.h"
#include "handlers.h"
#include "pagination.h"
#include "status.h"
#include "timeline.h"
#include "view.h"
#include "web_shared.h"

#define WEB_PAGE_SIZE 20

/* Hydrate ids and render them into template with pagination links. */
static int
render_timeline(struct request *req, struct view *v, const char *template,
    const struct page *pg, struct id_list *ids)
{
	if (web_set_status_page(req, v, "statuses_html", ids) == -1) {
		view_free(v);
		return -1;
	}
	page_view_links(req, v, pg, ids);
	return view_render(v, template);
}

int
web_root(struct request *req)
{
	resp_redirect(req, req->viewer ? "/home" : "/public/local");
	return 0;
}

int
web_hello(struct request *req)
{
	req->resp.content_type = "text/plain; charset=utf-8";
	buf_puts(&req->resp.body, "hello\n");
	return 0;
}

int
web_home(struct request *req)
{
	struct page pg;
	struct id_list ids;
	struct view *v;
	int rc;

	if (page_from_request(req, &pg, WEB_PAGE_SIZE, 40) == -1)
		return 0;
	if (timeline_home(req->app->db, req->viewer->account_id, 0, &pg,
	    &ids) == -1)
		return -1;
	v = view_new(req);
	view_set(v, "page.title", "Home");
	view_set(v, "page.compose", "1");
	rc = render_timeline(req, v, "home.cs", &pg, &ids);
	id_list_free(&ids);
	return rc;
}

int
web_public_local(struct request *req)
{
	struct page pg;
	struct id_list ids;
	struct view *v;
	int rc;

	if (page_from_request(req, &pg, WEB_PAGE_SIZE, 40) == -1)
		return 0;
	if (timeline_public(req->app->db, web_viewer_id(req), SCOPE_LOCAL, &pg,
	    &ids) == -1)
		return -1;
	v = view_new(req);
	view_set(v, "page.title", "Local timeline");
	view_set(v, "page.heading", "Local timeline");
	view_set(v, "page.intro", "Public posts by people on this server, "
	    "newest first.");
	rc = render_timeline(req, v, "timeline.cs", &pg, &ids);
	id_list_free(&ids);
	return rc;
}

int
web_tag(struct request *req)
{
	const char *tag = req_route_param(req, "tag");
	struct buf title = BUF_INIT;
	struct page pg;
	struct id_list ids;
	struct view *v;
	int rc;

	if (tag == NULL || !format_tag_name_valid(tag)) {
		resp_error(req, 404, "That is not a hashtag.");
		return 0;
	}
	if (page_from_request(req, &pg, WEB_PAGE_SIZE, 40) == -1)
		return 0;
	if (timeline_tag(req->app->db, tag, web_viewer_id(req), SCOPE_ALL,
	    NULL, &pg, &ids) == -1)
		return -1;
	v = view_new(req);
	buf_printf(&title, "#%s", tag);
	view_set(v, "page.title", buf_cstr(&title));
	view_set(v, "page.heading", buf_cstr(&title));
	view_set(v, "page.intro", "Public posts with this hashtag, newest "
	    "first.");
	buf_free(&title);
	rc = render_timeline(req, v, "timeline.cs", &pg, &ids);
	id_list_free(&ids);
	return rc;
}
