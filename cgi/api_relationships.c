/*
 * api_relationships: what one account is to another, in the Mastodon
 * API: following (a locked account answers with a follow request),
 * removing a follower, blocking, muting, a private note; the Relationship
 * entity every one of those answers with; and the lists the relations
 * make: followers, follows, blocks, mutes, follow requests (with their
 * authorize and reject), familiar followers. Each list pages by the id
 * of the row relating the two accounts and says so in its Link header.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "profile.h"
#include "relationship.h"
#include "request.h"
#include "timeline.h"

#define ACCOUNTS_PAGE		40
#define ACCOUNTS_PAGE_MAX	80
#define COLLECTION_MAX_AGE	15
/* Ids one relationships or familiar_followers call may ask about. */
#define IDS_MAX			100
#define LANGUAGES_MAX		100
#define NOTE_MAX		2000	/* Mastodon's AccountNote limit */
#define NOTE_INPUT_MAX		20000
/* The longest mute: Mastodon sets none; ten years is forever enough. */
#define MUTE_DURATION_MAX	315360000LL

static void
put_id(json_object *o, const char *key, int64_t id)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, id);
	api_put_str(o, key, s);
}

static json_object *
relationship_json(const struct relationship *r)
{
	json_object *o = json_object_new_object();

	put_id(o, "id", r->id);
	api_put_bool(o, "following", r->following);
	api_put_bool(o, "showing_reblogs", r->showing_reblogs);
	api_put_bool(o, "notifying", r->notifying);
	json_object_object_add(o, "languages", r->languages ?
	    json_tokener_parse(r->languages) : NULL);
	api_put_bool(o, "followed_by", r->followed_by);
	api_put_bool(o, "blocking", r->blocking);
	api_put_bool(o, "blocked_by", r->blocked_by);
	api_put_bool(o, "muting", r->muting);
	api_put_bool(o, "muting_notifications", r->muting_notifications);
	api_put_str(o, "muting_expires_at", r->muting_expires_at);
	api_put_bool(o, "requested", r->requested);
	api_put_bool(o, "requested_by", r->requested_by);
	api_put_bool(o, "domain_blocking", r->domain_blocking);
	api_put_bool(o, "endorsed", r->endorsed);
	api_put_str(o, "note", r->note);
	return o;
}

/* The viewer's Relationship to one account, as every action answers. */
static int
send_relationship(struct request *req, int64_t target)
{
	struct relationship_list rel;

	if (relationships_load(req->app->db, req->viewer->account_id, &target,
	    1, 1, &rel) == -1)
		return -1;
	if (rel.n != 1) {
		relationship_list_free(&rel);
		return -1;	/* it was there a moment ago */
	}
	api_cache(req, 0);
	resp_json(req, 200, relationship_json(&rel.items[0]));
	relationship_list_free(&rel);
	return 0;
}

static void
not_allowed(struct request *req)
{
	resp_error(req, 403, "This action is not allowed");
}

/*
 * The account of the path's :id, which the viewer acts upon: 1, 0 when
 * an answer was sent (404, or 403 when acting on oneself and not
 * allow_self), -1 on a database error.
 */
static int
target_from_path(struct request *req, struct account *a, int allow_self)
{
	int rc;

	if ((rc = api_account_from_path(req, a)) != 1)
		return rc;
	if (!allow_self && a->id == req->viewer->account_id) {
		not_allowed(req);
		account_free(a);
		return 0;
	}
	return 1;
}

/*
 * The options of a follow: reblogs, notify, languages[] (ISO 639 codes;
 * blank ones are dropped, as Mastodon's compact_blank drops them). langs
 * has room for LANGUAGES_MAX. -1 with an answer sent.
 */
static int
read_follow_options(struct request *req, struct follow_options *o,
    const char **langs)
{
	size_t i, n = 0, kept = 0;
	int rc;

	if (req_bool(req, "reblogs", &o->reblogs) == -1 ||
	    req_bool(req, "notify", &o->notify) == -1 ||
	    (rc = req_str_array(req, "languages", LANGUAGES_MAX, 16, langs,
	    &n)) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (*langs[i] == '\0')
			continue;
		if (!language_code_valid(langs[i])) {
			resp_error(req, 422,
			    "Validation failed: Languages is invalid");
			return -1;
		}
		langs[kept++] = langs[i];
	}
	o->languages_given = rc == 1;
	o->languages = langs;
	o->nlanguages = kept;
	return 0;
}

/*
 * Following someone already followed (or asked) changes only the options
 * sent. Mastodon answers 404 for oneself and 403 across a block.
 */
int
api_account_follow(struct request *req)
{
	struct follow_options o = FOLLOW_OPTIONS_NONE;
	struct account a;
	const char *langs[LANGUAGES_MAX];
	int rc;

	if ((rc = api_account_from_path(req, &a)) != 1)
		return rc;
	rc = 0;
	if (a.id == req->viewer->account_id || a.suspended) {
		api_not_found(req);
		goto done;
	}
	if (read_follow_options(req, &o, langs) == -1)
		goto done;
	switch (account_follow_with(req->app->db, req->app->cf,
	    req->viewer->account_id, a.id, &o)) {
	case FOLLOW_ERROR:
		rc = -1;
		break;
	case FOLLOW_NOT_ALLOWED:
		not_allowed(req);
		break;
	case FOLLOW_DONE:
		rc = send_relationship(req, a.id);
		break;
	case FOLLOW_REQUESTED:
		rc = send_relationship(req, a.id);
		break;
	}
done:
	account_free(&a);
	return rc;
}

/* A change between the viewer and one account: unfollow, block... */
typedef int (*relate_fn)(struct db *, int64_t account, int64_t target);

/*
 * The shape every simple relationship action shares: find the target
 * (self allowed or not), apply fn, answer with the Relationship.
 */
static int
relate(struct request *req, int self_ok, relate_fn fn)
{
	struct account a;
	int rc;

	if ((rc = target_from_path(req, &a, self_ok)) != 1)
		return rc;
	if ((rc = fn(req->app->db, req->viewer->account_id, a.id)) == 0) {
		rc = send_relationship(req, a.id);
	}
	account_free(&a);
	return rc;
}

/* Unfollowing also withdraws a waiting follow request. */
int
api_account_unfollow(struct request *req)
{
	return relate(req, 1, account_unfollow);
}

int
api_account_remove_from_followers(struct request *req)
{
	return relate(req, 1, relationship_remove_follower);
}

/* A block ends the follows between the two: public counts change. */
int
api_account_block(struct request *req)
{
	return relate(req, 0, relationship_block);
}

int
api_account_unblock(struct request *req)
{
	return relate(req, 1, relationship_unblock);
}

/* notifications defaults to true; duration 0 (or none) is for good. */
int
api_account_mute(struct request *req)
{
	struct account a;
	long long duration = 0;
	int rc, notifications = 1;

	if ((rc = target_from_path(req, &a, 0)) != 1)
		return rc;
	if (req_bool(req, "notifications", &notifications) == -1 ||
	    req_int(req, "duration", 0, MUTE_DURATION_MAX, &duration) == -1) {
		resp_error(req, 400, req->error);
		account_free(&a);
		return 0;
	}
	if ((rc = relationship_mute(req->app->db, req->viewer->account_id,
	    a.id, notifications, duration)) == 0)
		rc = send_relationship(req, a.id);
	account_free(&a);
	return rc;
}

int
api_account_unmute(struct request *req)
{
	return relate(req, 1, relationship_unmute);
}

/* A private comment on an account; empty or absent removes it. */
int
api_account_note(struct request *req)
{
	struct account a;
	const char *comment = "";
	int rc, valid;

	if ((rc = target_from_path(req, &a, 1)) != 1)
		return rc;
	rc = 0;
	if (req_str(req, "comment", NOTE_INPUT_MAX, &comment) == -1) {
		resp_error(req, 422, "Validation failed: Comment is too long "
		    "(maximum is 2000 characters)");
		goto done;
	}
	if (utf8_length(comment, &valid) > NOTE_MAX) {
		resp_error(req, 422, "Validation failed: Comment is too long "
		    "(maximum is 2000 characters)");
		goto done;
	}
	if ((rc = relationship_set_note(req->app->db, req->viewer->account_id,
	    a.id, comment)) == 0)
		rc = send_relationship(req, a.id);
done:
	account_free(&a);
	return rc;
}

/* id[] of a list call; -1 with a 400 sent. */
static int
read_ids(struct request *req, int64_t **ids, size_t *n)
{
	if (req_id_list(req, "id", IDS_MAX, ids, n) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	return 0;
}

int
api_relationships(struct request *req)
{
	struct relationship_list rel;
	json_object *arr;
	int64_t *ids;
	size_t i, n;
	int with_suspended;

	if (read_ids(req, &ids, &n) == -1)
		return 0;
	if (api_flag(req, "with_suspended", &with_suspended) == -1) {
		free(ids);
		return 0;
	}
	if (relationships_load(req->app->db, req->viewer->account_id, ids, n,
	    with_suspended, &rel) == -1) {
		free(ids);
		return -1;
	}
	free(ids);
	arr = json_object_new_array_ext((int)rel.n);
	for (i = 0; i < rel.n; i++)
		json_object_array_add(arr, relationship_json(&rel.items[i]));
	relationship_list_free(&rel);
	api_cache(req, 0);
	resp_json(req, 200, arr);
	return 0;
}

int
api_familiar_followers(struct request *req)
{
	struct familiar_followers *ff;
	json_object *arr, *o, *accounts;
	int64_t *ids;
	size_t i, j, n, nff;

	if (read_ids(req, &ids, &n) == -1)
		return 0;
	if (familiar_followers_load(req->app->db, req->app->cf->base_url,
	    req->viewer->account_id, ids, n, &ff, &nff) == -1) {
		free(ids);
		return -1;
	}
	free(ids);
	arr = json_object_new_array_ext((int)nff);
	for (i = 0; i < nff; i++) {
		o = json_object_new_object();
		put_id(o, "id", ff[i].id);
		accounts = json_object_new_array();
		for (j = 0; j < ff[i].accounts.n; j++)
			json_object_array_add(accounts, api_account_json(
			    req->app->cf, &ff[i].accounts.items[j]));
		json_object_object_add(o, "accounts", accounts);
		json_object_array_add(arr, o);
	}
	familiar_followers_free(ff, nff);
	api_cache(req, 0);
	resp_json(req, 200, arr);
	return 0;
}

/*
 * Whether the owner's followers and follows are hidden from this viewer:
 * by hide_collections from everyone else, from anyone they block, and
 * entirely once suspended (Mastodon's hide_results?). 1, 0 or -1.
 */
static int
collections_hidden(struct request *req, const struct account *owner)
{
	struct relationship_list rel;
	int64_t viewer = api_viewer_id(req);
	int hidden;

	if (owner->suspended)
		return 1;
	if (viewer == owner->id)
		return 0;
	if (owner->hide_collections)
		return 1;
	if (viewer == 0)
		return 0;
	if (relationships_load(req->app->db, viewer, &owner->id, 1, 1,
	    &rel) == -1)
		return -1;
	hidden = rel.n == 1 && rel.items[0].blocked_by;
	relationship_list_free(&rel);
	return hidden;
}

/*
 * A page of one of the lists relations make (an empty one when hidden),
 * with the Link header that pages by the relating row's id. Mutes carry
 * each mute's end, as Mastodon's MutedAccount does.
 */
static int
send_account_page(struct request *req, enum account_list_kind kind,
    int64_t owner, int hidden)
{
	struct account_page ap = { NULL, NULL, NULL, 0 };
	struct id_list cursors;
	struct page pg;
	json_object *arr, *o;
	size_t i;

	if (page_from_request(req, &pg, ACCOUNTS_PAGE, ACCOUNTS_PAGE_MAX) == -1)
		return 0;
	if (!hidden && account_page_load(req->app->db, req->app->cf->base_url,
	    kind, owner, api_viewer_id(req), &pg, &ap) == -1)
		return -1;
	arr = json_object_new_array_ext((int)ap.n);
	for (i = 0; i < ap.n; i++) {
		o = api_account_json(req->app->cf, &ap.items[i]);
		if (kind == ACCOUNTS_MUTED)
			api_put_str(o, "mute_expires_at",
			    ap.mute_expires_at[i]);
		json_object_array_add(arr, o);
	}
	cursors.ids = ap.cursors;
	cursors.n = ap.n;
	page_link_header(req, &pg, &cursors);
	api_cache_if_unauthenticated(req, kind == ACCOUNTS_FOLLOWERS ||
	    kind == ACCOUNTS_FOLLOWING ? COLLECTION_MAX_AGE : 0);
	resp_json(req, 200, arr);
	account_page_free(&ap);
	return 0;
}

static int
send_collection(struct request *req, enum account_list_kind kind)
{
	struct account a;
	int rc, hidden;

	if ((rc = api_account_from_path(req, &a)) != 1)
		return rc;
	if ((hidden = collections_hidden(req, &a)) == -1)
		rc = -1;
	else
		rc = send_account_page(req, kind, a.id, hidden);
	account_free(&a);
	return rc;
}

int
api_account_followers(struct request *req)
{
	return send_collection(req, ACCOUNTS_FOLLOWERS);
}

int
api_account_following(struct request *req)
{
	return send_collection(req, ACCOUNTS_FOLLOWING);
}

int
api_blocks(struct request *req)
{
	return send_account_page(req, ACCOUNTS_BLOCKED,
	    req->viewer->account_id, 0);
}

int
api_mutes(struct request *req)
{
	return send_account_page(req, ACCOUNTS_MUTED,
	    req->viewer->account_id, 0);
}

int
api_follow_requests(struct request *req)
{
	return send_account_page(req, ACCOUNTS_REQUESTING,
	    req->viewer->account_id, 0);
}

/*
 * :id is the account that asked. No such request is a 404, as Mastodon's
 * FollowRequest.find_by! gives.
 */
static int
answer_request(struct request *req, int authorize)
{
	struct account a;
	int rc;

	if ((rc = api_account_from_path(req, &a)) != 1)
		return rc;
	rc = authorize ? follow_request_authorize(req->app->db,
	    req->viewer->account_id, a.id) : follow_request_reject(
	    req->app->db, req->viewer->account_id, a.id);
	if (rc == 0)
		api_not_found(req);
	else if (rc == 1) {
		rc = send_relationship(req, a.id);
	}
	account_free(&a);
	return rc;
}

int
api_follow_request_authorize(struct request *req)
{
	return answer_request(req, 1);
}

int
api_follow_request_reject(struct request *req)
{
	return answer_request(req, 0);
}
