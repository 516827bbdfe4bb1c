/*
 * ap_statuses: a status of this server as ActivityPub serves it to
 * anyone: the Note at its id (/users/NAME/statuses/ID, and /@NAME/ID for
 * an ActivityPub Accept), the Create or Announce at ID/activity, and its
 * replies. Only public and unlisted statuses are served: a followers-only
 * or direct one is a 404 whoever asks, as if it did not exist. A deleted
 * one is a 410 with its Tombstone.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "activitypub.h"
#include "ap_object.h"
#include "ap_shared.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "request.h"
#include "status.h"

#define REPLIES_PAGE	20

static int
anyone_may_read(const char *visibility)
{
	return visibility != NULL && (!strcmp(visibility, "public") ||
	    !strcmp(visibility, "unlisted"));
}

/*
 * The status the path names, of the account it names: 1 found and
 * public or unlisted (perhaps deleted); 0 with the answer sent (404, or
 * 403 for a suspended author); -1 on error.
 */
static int
route_status(struct request *req, struct ap_local_status *ls)
{
	char name[31];
	int64_t id;
	int rc;

	memset(ls, 0, sizeof(*ls));
	if (ap_route_username(req, name) == NULL)
		return 0;
	if (req_id(req, "id", &id) != 1 ||
	    (rc = ap_local_status_find(req->app->db, name, id, ls)) == 0) {
		resp_error(req, 404, AP_NOT_FOUND);
		return 0;
	}
	if (rc == -1)
		return -1;
	if (ls->author_suspended || !anyone_may_read(ls->visibility)) {
		if (ls->author_suspended)
			ap_suspended(req);
		else
			resp_error(req, 404, AP_NOT_FOUND);
		ap_local_status_free(ls);
		return 0;
	}
	return 1;
}

/* 410 Gone, with what stands at the id now. */
static void
send_gone(struct request *req, const char *uri)
{
	ap_send(req, 410, AP_VOCABULARY_BASIC, ap_tombstone_json(uri));
}

/* The status, hydrated as for a signed-out reader; 0 with a 404 sent. */
static int
load_status(struct request *req, int64_t id, struct status_list *list)
{
	if (status_load(req->app->db, req->app->cf, &id, 1, 0, list) == -1)
		return -1;
	if (list->n == 1)
		return 1;
	status_list_free(list);
	resp_error(req, 404, AP_NOT_FOUND);
	return 0;
}

int
ap_note(struct request *req)
{
	struct ap_local_status ls;
	struct status_list list;
	int rc;

	if ((rc = route_status(req, &ls)) != 1)
		return rc;
	/* A boost is no Note: its id is its Announce's (ID/activity). */
	if (ls.reblog)
		resp_error(req, 404, AP_NOT_FOUND);
	else if (ls.deleted)
		send_gone(req, ls.uri);
	else if ((rc = load_status(req, ls.id, &list)) == 1) {
		ap_send(req, 200, AP_VOCABULARY_NOTE,
		    ap_note_json(req->app->cf, &list.items[0]));
		status_list_free(&list);
	}
	ap_local_status_free(&ls);
	return rc == -1 ? -1 : 0;
}

/* The id of a status' activity: a boost's own URI is its Announce's. */
static char *
activity_uri(const struct ap_local_status *ls)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, ls->uri);
	if (!ls->reblog)
		buf_puts(&b, "/activity");
	return buf_detach(&b);
}

int
ap_status_activity(struct request *req)
{
	struct ap_local_status ls;
	struct status_list list;
	const struct status *s;
	json_object *doc;
	char *activity;
	int rc;

	if ((rc = route_status(req, &ls)) != 1)
		return rc;
	if (ls.deleted) {
		activity = activity_uri(&ls);
		send_gone(req, activity);
		free(activity);
	} else if ((rc = load_status(req, ls.id, &list)) == 1) {
		s = &list.items[0];
		/* The boosted status must be one anyone may read too. */
		if ((s->reblog != NULL &&
		    !anyone_may_read(s->reblog->visibility)) ||
		    (doc = ap_status_activity_json(req->app->cf, s)) == NULL)
			resp_error(req, 404, AP_NOT_FOUND);
		else
			ap_send(req, 200, AP_VOCABULARY_NOTE, doc);
		status_list_free(&list);
	}
	ap_local_status_free(&ls);
	return rc == -1 ? -1 : 0;
}

/* One page of replies, after ?min_id, oldest first. */
static int
replies_page(struct request *req, const struct ap_local_status *ls,
    const char *collection)
{
	struct ap_uri_page pg;
	json_object *items;
	int64_t after = 0;
	char *self, *next = NULL;
	size_t i;

	if (req_id(req, "min_id", &after) == -1) {
		resp_error(req, 400, req->error);
		return 0;
	}
	if (ap_replies_page(req->app->db, ls->id, after, REPLIES_PAGE,
	    &pg) == -1)
		return -1;
	items = json_object_new_array();
	for (i = 0; i < pg.n; i++)
		json_object_array_add(items, json_object_new_string(pg.uris[i]));
	self = ap_page_url(collection, after ? "min_id" : NULL, after);
	if (pg.n == REPLIES_PAGE)
		next = ap_page_url(collection, "min_id", pg.ids[pg.n - 1]);
	ap_send(req, 200, AP_VOCABULARY_BASIC, ap_collection_page_json(self,
	    0, collection, NULL, next, items));
	free(self);
	free(next);
	ap_uri_page_free(&pg);
	return 0;
}

int
ap_status_replies(struct request *req)
{
	struct ap_local_status ls;
	struct buf id = BUF_INIT;
	char *first;
	int rc, page;

	if ((rc = route_status(req, &ls)) != 1)
		return rc;
	if (ls.reblog || ls.deleted) {
		resp_error(req, 404, AP_NOT_FOUND);
		ap_local_status_free(&ls);
		return 0;
	}
	buf_printf(&id, "%s/replies", ls.uri);
	if ((page = ap_page_requested(req)) == 1)
		rc = replies_page(req, &ls, buf_cstr(&id));
	else if (page == 0) {
		first = ap_page_url(buf_cstr(&id), NULL, 0);
		ap_send(req, 200, AP_VOCABULARY_BASIC,
		    ap_collection_json(buf_cstr(&id), 0, -1, first, NULL,
		    NULL));
		free(first);
	}
	buf_free(&id);
	ap_local_status_free(&ls);
	return rc == -1 ? -1 : 0;
}

/* A browser at a status' id goes to its page (which checks the rest). */
int
web_status_redirect(struct request *req)
{
	struct buf path = BUF_INIT;
	const char *name = req_route_param(req, "name");
	int64_t id;

	if (name == NULL || !account_username_valid(name) ||
	    req_id(req, "id", &id) != 1) {
		resp_error(req, 404, "This post does not exist or is not "
		    "visible to you.");
		return 0;
	}
	buf_printf(&path, "/@%s/%" PRId64, name, id);
	resp_redirect(req, buf_cstr(&path));
	buf_free(&path);
	return 0;
}
