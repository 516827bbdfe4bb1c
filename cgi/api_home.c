/*
 * api_home: GET /api/v1/timelines/home, the signed-in user's home
 * timeline, read from their materialised feed (lib/timeline.c). Pages
 * with max_id / since_id / min_id like every list, with a Link header
 * even on an empty page; local=true keeps this server's statuses only.
 */
#include "api_entity.h"
#include "handlers.h"
#include "pagination.h"
#include "request.h"
#include "timeline.h"

#define HOME_PAGE	20
#define HOME_PAGE_MAX	40

int
api_timeline_home(struct request *req)
{
	struct page pg;
	struct id_list ids = { NULL, 0 };
	int local, rc;

	if (page_from_request(req, &pg, HOME_PAGE, HOME_PAGE_MAX) == -1)
		return 0;
	if (api_flag(req, "local", &local) == -1)
		return 0;
	if (timeline_home(req->app->db, req->viewer->account_id, local, &pg,
	    &ids) == -1)
		return -1;
	/* Personal: no shared cache may keep it. */
	api_cache(req, 0);
	rc = api_send_timeline(req, &pg, &ids);
	id_list_free(&ids);
	return rc;
}
