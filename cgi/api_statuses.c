/*
 * api_statuses: one status, and the thread around it, for the Mastodon
 * API. A status that does not exist, was deleted or is not visible to the
 * (anonymous) viewer is a 404, never a 403: Mastodon does not reveal that
 * a private status exists.
 */
#include <stdint.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "config.h"
#include "handlers.h"
#include "request.h"
#include "status.h"

#define STATUS_MAX_AGE		15
/* What Mastodon shows a signed-out client of a long thread. */
#define ANONYMOUS_DESCENDANTS	60

/*
 * The visible status named by the path's :id: 1, 0 when missing (404
 * already sent), -1 on a database error.
 */
static int
status_from_path(struct request *req, int64_t *id)
{
	int rc;

	if (req_id(req, "id", id) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = status_find_visible(req->app->db, *id, 0, NULL);
	if (rc == 0)
		api_not_found(req);
	return rc;
}

int
api_status_show(struct request *req)
{
	struct status_list list;
	int64_t id;
	int rc;

	if ((rc = status_from_path(req, &id)) != 1)
		return rc;
	if (status_load(req->app->db, req->app->cf, &id, 1, 0, &list) == -1)
		return -1;
	if (list.n == 0) {
		/* Deleted between the two queries, or a reblog of a gone post. */
		status_list_free(&list);
		api_not_found(req);
		return 0;
	}
	api_cache(req, STATUS_MAX_AGE);
	resp_json(req, 200, api_status_json(req->app->cf, &list.items[0]));
	status_list_free(&list);
	return 0;
}

int
api_status_context(struct request *req)
{
	struct status_list ancestors, descendants, shown;
	json_object *o;
	int64_t id;
	int rc;

	if ((rc = status_from_path(req, &id)) != 1)
		return rc;
	if (status_context(req->app->db, req->app->cf, id, api_viewer_id(req),
	    &ancestors, &descendants) == -1)
		return -1;
	/* Thread order: the first replies are the ones nearest the top. */
	shown = descendants;
	if (shown.n > ANONYMOUS_DESCENDANTS)
		shown.n = ANONYMOUS_DESCENDANTS;
	o = json_object_new_object();
	json_object_object_add(o, "ancestors",
	    api_status_array(req->app->cf, &ancestors));
	json_object_object_add(o, "descendants",
	    api_status_array(req->app->cf, &shown));
	status_list_free(&ancestors);
	status_list_free(&descendants);
	api_cache_if_unauthenticated(req, STATUS_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}
