/*
 * api_trends: GET /api/v1/trends/tags (and its old name /api/v1/trends),
 * /api/v1/trends/statuses and /api/v1/trends/links, paged by offset with
 * Mastodon's limits. lib/trends.c computes them from the activity of the
 * last days; an empty list means nothing trends. Links would need
 * preview cards, which woolly does not make yet: that list is always
 * empty, honestly.
 */
#include <stdint.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "request.h"
#include "status.h"
#include "tag.h"
#include "timeline.h"
#include "trends.h"

/* Trends move slowly; a client or proxy may keep them a minute. */
#define TRENDS_MAX_AGE		60
#define TRENDS_TAGS_LIMIT	10
#define TRENDS_STATUSES_LIMIT	20
#define TRENDS_LINKS_LIMIT	10
/* Nothing trends past the first few pages. */
#define TRENDS_OFFSET_MAX	1000

static int
send_tags(struct request *req, int limit, int offset,
    const struct id_list *ids)
{
	struct tag_list tags;

	if (tag_load(req->app->db, ids->ids, ids->n, &tags) == -1)
		return -1;
	page_offset_link_header(req, limit, offset, ids->n);
	api_cache(req, TRENDS_MAX_AGE);
	resp_json(req, 200, api_tag_array(req->app->cf, &tags));
	tag_list_free(&tags);
	return 0;
}

int
api_trends_tags(struct request *req)
{
	struct id_list ids = { NULL, 0 };
	int limit, offset, rc;

	if (page_offset_from_request(req, TRENDS_TAGS_LIMIT,
	    2 * TRENDS_TAGS_LIMIT, TRENDS_OFFSET_MAX, &limit, &offset) == -1)
		return 0;
	if (limit > 0 && trends_tags(req->app->db, limit, offset, &ids) == -1)
		return -1;
	rc = send_tags(req, limit, offset, &ids);
	id_list_free(&ids);
	return rc;
}

int
api_trends_statuses(struct request *req)
{
	struct id_list ids = { NULL, 0 };
	struct status_list list;
	int64_t viewer = req->viewer ? req->viewer->account_id : 0;
	int limit, offset, rc = -1;

	if (page_offset_from_request(req, TRENDS_STATUSES_LIMIT,
	    2 * TRENDS_STATUSES_LIMIT, TRENDS_OFFSET_MAX, &limit,
	    &offset) == -1)
		return 0;
	if (limit > 0 && trends_statuses(req->app->db, viewer, limit, offset,
	    &ids) == -1)
		return -1;
	if (status_load(req->app->db, req->app->cf, ids.ids, ids.n, viewer,
	    &list) == -1)
		goto done;
	page_offset_link_header(req, limit, offset, ids.n);
	api_cache(req, TRENDS_MAX_AGE);
	resp_json(req, 200, api_status_array(req->app->cf, &list));
	status_list_free(&list);
	rc = 0;
done:
	id_list_free(&ids);
	return rc;
}

int
api_trends_links(struct request *req)
{
	int limit, offset;

	if (page_offset_from_request(req, TRENDS_LINKS_LIMIT,
	    2 * TRENDS_LINKS_LIMIT, TRENDS_OFFSET_MAX, &limit, &offset) == -1)
		return 0;
	page_offset_link_header(req, limit, offset, 0);
	api_cache(req, TRENDS_MAX_AGE);
	resp_json(req, 200, json_object_new_array());
	return 0;
}
