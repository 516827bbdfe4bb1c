/*
 * api_status_actions: what a signed-in client does to a status
 * (favourite, boost, bookmark, mute its conversation, pin it, and their
 * undoing) and who boosted or favourited one. Each answers with the
 * status as the viewer now sees it; one the viewer may not see is a 404.
 */
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "request.h"
#include "status.h"
#include "status_actions.h"

#define ACTORS_PAGE	40	/* Mastodon's DEFAULT_ACCOUNTS_LIMIT */
#define ACTORS_MAX_AGE	15

/* The status the path names: 1, or 0 with a 404 sent for a bad id. */
static int
path_id(struct request *req, int64_t *id)
{
	if (req_id(req, "id", id) != 1) {
		api_not_found(req);
		return 0;
	}
	return 1;
}

static int
send_status(struct request *req, int64_t id)
{
	struct status_list list;

	if (status_load(req->app->db, req->app->cf, &id, 1,
	    req->viewer->account_id, &list) == -1)
		return -1;
	if (list.n == 0)
		api_not_found(req);
	else
		resp_json(req, 200, api_status_json(req->app->cf,
		    &list.items[0]));
	status_list_free(&list);
	return 0;
}

/*
 * Answer an action: the status named by the request (a boost stays the
 * boost, as Mastodon renders @status), or the refusal.
 */
static int
answer(struct request *req, enum status_action_result r, int64_t id)
{
	switch (r) {
	case ACTION_DONE:
		return send_status(req, id);
	case ACTION_NOT_FOUND:
		api_not_found(req);
		return 0;
	case ACTION_FORBIDDEN:
		resp_error(req, 403, "This action is not allowed");
		return 0;
	case ACTION_NO_CONVERSATION:
		api_validation_failed(req, "conversation", "ERR_BLANK",
		    "must exist");
		return 0;
	default:
		return -1;
	}
}

static int
mark(struct request *req, enum status_mark m, int on)
{
	int64_t id, acted_on;
	enum status_action_result r;

	if (!path_id(req, &id))
		return 0;
	r = on ? status_mark(req->app->db, m, req->viewer->account_id, id,
	    &acted_on) : status_unmark(req->app->db, m,
	    req->viewer->account_id, id, &acted_on);
	return answer(req, r, id);
}

int
api_status_favourite(struct request *req)
{
	return mark(req, MARK_FAVOURITE, 1);
}

int
api_status_unfavourite(struct request *req)
{
	return mark(req, MARK_FAVOURITE, 0);
}

int
api_status_bookmark(struct request *req)
{
	return mark(req, MARK_BOOKMARK, 1);
}

int
api_status_unbookmark(struct request *req)
{
	return mark(req, MARK_BOOKMARK, 0);
}

int
api_status_mute(struct request *req)
{
	return mark(req, MARK_CONVERSATION_MUTE, 1);
}

int
api_status_unmute(struct request *req)
{
	return mark(req, MARK_CONVERSATION_MUTE, 0);
}

/*
 * The boost itself is the answer (its reblog is the status boosted). A
 * boost cannot be direct: Status validates its visibility so.
 */
int
api_status_reblog(struct request *req)
{
	const char *visibility = NULL;
	int64_t id, boost;
	enum status_action_result r;

	if (!path_id(req, &id))
		return 0;
	if (req_str(req, "visibility", 16, &visibility) == -1 ||
	    (visibility != NULL && *visibility != '\0' &&
	    !status_visibility_valid(visibility))) {
		api_validation_failed(req, "visibility", "ERR_INCLUSION",
		    "is not included in the list");
		return 0;
	}
	if (visibility != NULL && *visibility == '\0')
		visibility = NULL;
	if (visibility != NULL && strcmp(visibility, "direct") == 0) {
		api_validation_failed(req, "visibility", "ERR_EXCLUSION",
		    "is reserved");
		return 0;
	}
	r = status_reblog(req->app->db, req->app->cf, req->viewer->account_id,
	    req->viewer->username, id, visibility, req->token->app_id, &boost);
	return answer(req, r, boost);
}

/* The answer is the status that was boosted, no longer reblogged. */
int
api_status_unreblog(struct request *req)
{
	int64_t id, original;
	enum status_action_result r;

	if (!path_id(req, &id))
		return 0;
	r = status_unreblog(req->app->db, req->viewer->account_id, id,
	    &original);
	return answer(req, r, original);
}

static int
pin_answer(struct request *req, enum status_pin_result r, int64_t id)
{
	switch (r) {
	case PIN_DONE:
		return send_status(req, id);
	case PIN_ERROR:
		return -1;
	case PIN_NOT_FOUND:
		api_not_found(req);
		return 0;
	default:
		resp_error(req, 422, status_pin_error(r));
		return 0;
	}
}

int
api_status_pin(struct request *req)
{
	int64_t id;

	if (!path_id(req, &id))
		return 0;
	return pin_answer(req, status_pin(req->app->db,
	    req->viewer->account_id, id), id);
}

int
api_status_unpin(struct request *req)
{
	int64_t id;

	if (!path_id(req, &id))
		return 0;
	return pin_answer(req, status_unpin(req->app->db,
	    req->viewer->account_id, id), id);
}

typedef int (*actors_fn)(struct db *, const char *, int64_t, int64_t,
    const struct page *, struct actor_page *);

/*
 * Account[] of those who acted on a visible status, paged by the ids of
 * their boosts (favourites), with the Link header built from those.
 */
static int
send_actors(struct request *req, actors_fn load)
{
	struct actor_page ap;
	struct page pg;
	json_object *arr;
	int64_t id;
	size_t i;
	int rc;

	if (!path_id(req, &id))
		return 0;
	if (page_from_request(req, &pg, ACTORS_PAGE, ACTOR_PAGE_MAX) == -1)
		return 0;
	rc = status_find_visible(req->app->db, id, api_viewer_id(req), NULL);
	if (rc != 1) {
		if (rc == 0)
			api_not_found(req);
		return rc;
	}
	if (load(req->app->db, req->app->cf->base_url, id, api_viewer_id(req),
	    &pg, &ap) == -1)
		return -1;
	arr = json_object_new_array_ext((int)ap.n);
	for (i = 0; i < ap.n; i++)
		json_object_array_add(arr, api_account_json(req->app->cf,
		    &ap.accounts[i]));
	page_link_header(req, &pg, &ap.cursors);
	actor_page_free(&ap);
	api_cache_if_unauthenticated(req, ACTORS_MAX_AGE);
	resp_json(req, 200, arr);
	return 0;
}

int
api_status_reblogged_by(struct request *req)
{
	return send_actors(req, status_rebloggers);
}

int
api_status_favourited_by(struct request *req)
{
	return send_actors(req, status_favouriters);
}
