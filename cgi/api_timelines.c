/*
 * api_timelines: the public timelines of the Mastodon API: the federated
 * one (optionally local or remote only) and a hashtag's. Both page with
 * max_id / since_id / min_id and send a Link header, even on an empty page;
 * a signed-in viewer's blocks and mutes hide authors from both.
 */
#include <stdint.h>
#include <string.h>

#include "api_entity.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "request.h"
#include "timeline.h"

#define TIMELINE_MAX_AGE	15
#define TIMELINE_PAGE		20
#define TIMELINE_PAGE_MAX	40
#define TAG_MAX_CHARS		256
#define TAG_NAMES_READ		64	/* of any[], all[], none[] each */

/*
 * Read the parameters every public feed takes. -1 when one is bad (400
 * sent). Mastodon's local/remote pair: both or neither mean everything.
 * *empty is set when the feed is empty by definition: media-only (there
 * is no media yet).
 */
static int
feed_params(struct request *req, struct page *pg,
    enum timeline_scope *scope, int *empty)
{
	int local, remote, only_media;

	if (page_from_request(req, pg, TIMELINE_PAGE, TIMELINE_PAGE_MAX) == -1)
		return -1;
	if (api_flag(req, "local", &local) == -1 ||
	    api_flag(req, "remote", &remote) == -1 ||
	    api_flag(req, "only_media", &only_media) == -1)
		return -1;
	if (local && !remote)
		*scope = SCOPE_LOCAL;
	else if (remote && !local)
		*scope = SCOPE_REMOTE;
	else
		*scope = SCOPE_ALL;
	*empty = only_media;
	return 0;
}

static int
send_feed(struct request *req, const struct page *pg, struct id_list *ids)
{
	int rc;

	api_cache_if_unauthenticated(req, TIMELINE_MAX_AGE);
	rc = api_send_timeline(req, pg, ids);
	id_list_free(ids);
	return rc;
}

int
api_timeline_public(struct request *req)
{
	struct page pg;
	struct id_list ids = { NULL, 0 };
	enum timeline_scope scope;
	int empty;

	if (feed_params(req, &pg, &scope, &empty) == -1)
		return 0;
	if (!empty && timeline_public(req->app->db, api_viewer_id(req), scope,
	    &pg, &ids) == -1)
		return -1;
	return send_feed(req, &pg, &ids);
}

/*
 * One of any[], all[] or none[]: tag names, of which only the first
 * TAG_FILTER_MAX count (lib/timeline.c). -1 when unreadable (400 sent).
 */
static int
tag_names(struct request *req, const char *name, const char **names,
    size_t *n)
{
	if (req_str_array(req, name, TAG_NAMES_READ, TAG_MAX_CHARS, names,
	    n) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	return 0;
}

/*
 * The tag is matched without regard to case. An unknown or malformed tag
 * is an empty timeline, as in Mastodon; any[], all[] and none[] combine
 * it with other tags (Mastodon's TagFeed).
 */
int
api_timeline_tag(struct request *req)
{
	struct page pg;
	struct id_list ids = { NULL, 0 };
	struct tag_filter filter;
	enum timeline_scope scope;
	const char *tag;
	const char *any[TAG_NAMES_READ], *all[TAG_NAMES_READ];
	const char *none[TAG_NAMES_READ];
	int empty;

	memset(&filter, 0, sizeof(filter));
	if (feed_params(req, &pg, &scope, &empty) == -1 ||
	    tag_names(req, "any", any, &filter.nany) == -1 ||
	    tag_names(req, "all", all, &filter.nall) == -1 ||
	    tag_names(req, "none", none, &filter.nnone) == -1)
		return 0;
	filter.any = any;
	filter.all = all;
	filter.none = none;
	if (req_str(req, "tag", TAG_MAX_CHARS, &tag) != 1 || *tag == '\0')
		empty = 1;
	if (!empty && timeline_tag(req->app->db, tag, api_viewer_id(req),
	    scope, &filter, &pg, &ids) == -1)
		return -1;
	return send_feed(req, &pg, &ids);
}
