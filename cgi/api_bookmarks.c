/*
 * api_bookmarks: the signed-in user's bookmarks and favourites, newest
 * first by when they were made. They page by the bookmark's (favourite's)
 * own id, which only the Link header tells, as in Mastodon.
 */
#include <stdint.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "request.h"
#include "status.h"
#include "timeline.h"

#define MARKS_PAGE	20
#define MARKS_PAGE_MAX	40

typedef int (*marks_fn)(struct db *, int64_t, const struct page *,
    struct id_list *, struct id_list *);

static int
send_marked(struct request *req, marks_fn load)
{
	struct id_list cursors, ids;
	struct status_list list;
	struct page pg;
	int rc = -1;

	if (page_from_request(req, &pg, MARKS_PAGE, MARKS_PAGE_MAX) == -1)
		return 0;
	if (load(req->app->db, req->viewer->account_id, &pg, &cursors,
	    &ids) == -1)
		return -1;
	if (status_load(req->app->db, req->app->cf, ids.ids, ids.n,
	    req->viewer->account_id, &list) == -1)
		goto done;
	page_link_header(req, &pg, &cursors);
	api_cache(req, 0);
	resp_json(req, 200, api_status_array(req->app->cf, &list));
	status_list_free(&list);
	rc = 0;
done:
	id_list_free(&cursors);
	id_list_free(&ids);
	return rc;
}

int
api_bookmarks(struct request *req)
{
	return send_marked(req, timeline_bookmarks);
}

int
api_favourites(struct request *req)
{
	return send_marked(req, timeline_favourites);
}
