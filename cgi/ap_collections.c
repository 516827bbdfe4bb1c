/*
 * ap_collections: the collections a local actor publishes. The outbox
 * pages through what anyone may read of its statuses and boosts (Create
 * and Announce, newest first, by id as Mastodon pages it); followers and
 * following list actor URIs, or only their number when the account hides
 * them; featured holds its pinned statuses; featured tags is empty, as
 * woolly has no featured hashtags yet.
 */
#include <stdint.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "activitypub.h"
#include "ap_actor.h"
#include "ap_shared.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "relationship.h"
#include "request.h"
#include "status.h"
#include "timeline.h"

#define OUTBOX_PAGE	20
#define ACCOUNTS_PAGE	40
#define FEATURED_MAX	20	/* pins are at most 5 (status_actions.c) */

/*
 * The cursors of a page: max_id, min_id. A min_id of 0 asks for the
 * oldest page (the collection's "last"): ids are positive, so it reads
 * as "after 1". -1 with a 400 sent on bad input.
 */
static int
cursors_from_request(struct request *req, struct page *pg, int limit)
{
	int64_t min_id;

	if (page_from_request(req, pg, limit, limit) == -1)
		return -1;
	if (pg->min_id == 0 && req_id(req, "min_id", &min_id) == 1)
		pg->min_id = 1;
	return 0;
}

/* This page's own URL: the cursor it was asked with, if any. */
static char *
page_self(const char *collection, const struct page *pg)
{
	if (pg->max_id)
		return ap_page_url(collection, "max_id", pg->max_id);
	if (pg->min_id)
		return ap_page_url(collection, "min_id",
		    pg->min_id == 1 ? 0 : pg->min_id);
	return ap_page_url(collection, NULL, 0);
}

static int
outbox_page(struct request *req, const struct ap_actor *a)
{
	const struct config *cf = req->app->cf;
	struct page pg;
	struct id_list ids;
	struct status_list list;
	json_object *items, *item;
	char *self, *prev = NULL, *next = NULL;
	size_t i;

	if (cursors_from_request(req, &pg, OUTBOX_PAGE) == -1)
		return 0;
	if (timeline_outbox(req->app->db, a->account.id, &pg, &ids) == -1)
		return -1;
	if (status_load(req->app->db, cf, ids.ids, ids.n, 0, &list) == -1) {
		id_list_free(&ids);
		return -1;
	}
	items = json_object_new_array();
	for (i = 0; i < list.n; i++)
		if ((item = ap_status_activity_json(cf, &list.items[i])) !=
		    NULL)
			json_object_array_add(items, item);
	/* Cursors from the ids, so a status that failed to load is passed. */
	if (ids.n > 0)
		prev = ap_page_url(a->outbox, "min_id", ids.ids[0]);
	if (ids.n == OUTBOX_PAGE)
		next = ap_page_url(a->outbox, "max_id", ids.ids[ids.n - 1]);
	self = page_self(a->outbox, &pg);
	ap_send(req, 200, AP_VOCABULARY_NOTE, ap_collection_page_json(self, 1,
	    a->outbox, prev, next, items));
	free(self);
	free(prev);
	free(next);
	status_list_free(&list);
	id_list_free(&ids);
	return 0;
}

int
ap_outbox(struct request *req)
{
	struct ap_actor a;
	char *first, *last;
	int rc, page;

	if ((rc = ap_route_actor(req, 0, &a)) != 1)
		return rc;
	if ((page = ap_page_requested(req)) == 1)
		rc = outbox_page(req, &a);
	else if (page == 0) {
		first = ap_page_url(a.outbox, NULL, 0);
		last = ap_page_url(a.outbox, "min_id", 0);
		ap_send(req, 200, AP_VOCABULARY_BASIC,
		    ap_collection_json(a.outbox, 1, a.account.statuses_count,
		    first, last, NULL));
		free(first);
		free(last);
	}
	ap_actor_free(&a);
	return rc == -1 ? -1 : 0;
}

/* One page of followers or follows, as actor URIs, newest first. */
static int
accounts_page(struct request *req, const struct ap_actor *a,
    enum account_list_kind kind, const char *collection)
{
	struct page pg;
	struct account_page ap;
	json_object *items;
	char *self, *prev = NULL, *next = NULL;
	size_t i;

	if (cursors_from_request(req, &pg, ACCOUNTS_PAGE) == -1)
		return 0;
	if (account_page_load(req->app->db, req->app->cf->base_url, kind,
	    a->account.id, 0, &pg, &ap) == -1)
		return -1;
	items = json_object_new_array();
	for (i = 0; i < ap.n; i++)
		json_object_array_add(items,
		    json_object_new_string(ap.items[i].uri));
	if (ap.n > 0 && (pg.max_id || pg.min_id))
		prev = ap_page_url(collection, "min_id", ap.cursors[0]);
	if (ap.n == ACCOUNTS_PAGE)
		next = ap_page_url(collection, "max_id", ap.cursors[ap.n - 1]);
	self = page_self(collection, &pg);
	ap_send(req, 200, AP_VOCABULARY_BASIC, ap_collection_page_json(self, 1,
	    collection, prev, next, items));
	free(self);
	free(prev);
	free(next);
	account_page_free(&ap);
	return 0;
}

/*
 * Followers or follows: their number always (the profile shows it);
 * the accounts only when the owner does not hide them, as Mastodon
 * answers (a page of hidden ones is refused).
 */
static int
accounts_collection(struct request *req, enum account_list_kind kind)
{
	struct ap_actor a;
	const char *id;
	char *first;
	int64_t total;
	int rc, page;

	if ((rc = ap_route_actor(req, 0, &a)) != 1)
		return rc;
	id = kind == ACCOUNTS_FOLLOWERS ? a.followers : a.following;
	total = kind == ACCOUNTS_FOLLOWERS ? a.account.followers_count :
	    a.account.following_count;
	if ((page = ap_page_requested(req)) == 1) {
		if (a.account.hide_collections)
			resp_error(req, 403, "This account hides its "
			    "followers and follows");
		else
			rc = accounts_page(req, &a, kind, id);
	} else if (page == 0) {
		first = a.account.hide_collections ? NULL :
		    ap_page_url(id, NULL, 0);
		ap_send(req, 200, AP_VOCABULARY_BASIC, ap_collection_json(id, 1,
		    total, first, NULL, NULL));
		free(first);
	}
	ap_actor_free(&a);
	return rc == -1 ? -1 : 0;
}

int
ap_followers(struct request *req)
{
	return accounts_collection(req, ACCOUNTS_FOLLOWERS);
}

int
ap_following(struct request *req)
{
	return accounts_collection(req, ACCOUNTS_FOLLOWING);
}

/* The pinned statuses anyone may read, as Notes, newest pin first. */
int
ap_featured(struct request *req)
{
	const struct config *cf = req->app->cf;
	struct page pg = { 0, 0, 0, FEATURED_MAX };
	struct ap_actor a;
	struct id_list ids;
	struct status_list list;
	json_object *items;
	size_t i;
	int rc;

	if ((rc = ap_route_actor(req, 0, &a)) != 1)
		return rc;
	if (timeline_pinned(req->app->db, a.account.id, 0, &pg, &ids) == -1 ||
	    status_load(req->app->db, cf, ids.ids, ids.n, 0, &list) == -1) {
		id_list_free(&ids);
		ap_actor_free(&a);
		return -1;
	}
	items = json_object_new_array();
	for (i = 0; i < list.n; i++)
		if (list.items[i].reblog_of_id == 0)
			json_object_array_add(items, ap_note_json(cf,
			    &list.items[i]));
	ap_send(req, 200, AP_VOCABULARY_NOTE, ap_collection_json(a.featured, 1,
	    (int64_t)json_object_array_length(items), NULL, NULL, items));
	status_list_free(&list);
	id_list_free(&ids);
	ap_actor_free(&a);
	return 0;
}

int
ap_featured_tags(struct request *req)
{
	struct ap_actor a;
	struct buf id = BUF_INIT;
	int rc;

	if ((rc = ap_route_actor(req, 0, &a)) != 1)
		return rc;
	buf_printf(&id, "%s/collections/tags", a.account.uri);
	ap_send(req, 200, AP_VOCABULARY_BASIC, ap_collection_json(
	    buf_cstr(&id), 1, 0, NULL, NULL, json_object_new_array()));
	buf_free(&id);
	ap_actor_free(&a);
	return 0;
}
