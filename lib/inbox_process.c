/*
 * inbox_process: what each activity from another server does here. The
 * activity's signature was verified when it came in, so its actor is
 * known; an object is taken only from its own origin (a Note's id must
 * be of its author's origin, an announced object is fetched from where
 * it lives). Remote HTML is sanitized before it is stored. The writes go
 * through the same tables and triggers as local actions, so counters,
 * notifications and home feeds follow by themselves.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "account.h"
#include "ap_fetch.h"
#include "ap_parse.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "domain_block.h"
#include "inbox.h"
#include "log.h"
#include "outbox.h"
#include "relationship.h"
#include "remote_account.h"
#include "remote_status.h"
#include "sanitize.h"
#include "status.h"

struct job {
	struct inbox_context	*ctx;
	const struct ap_object	*activity;
	int64_t			 actor;		/* the actor's account */
	int64_t			 inbox_account;	/* 0: shared inbox */
	char			*err;
	size_t			 errlen;
};

static enum inbox_outcome
say(struct job *j, enum inbox_outcome o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum inbox_outcome
say(struct job *j, enum inbox_outcome o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->err, j->errlen, fmt, ap);
	va_end(ap);
	return o;
}

static enum inbox_outcome
db_failed(struct job *j)
{
	return say(j, INBOX_RETRY, "database error: %s",
	    db_last_error(j->ctx->db));
}

/* --- finding things ---------------------------------------------------- */

/* The id an object is referred by, embedded or not. */
static const char *
ref_id(const struct ap_ref *r)
{
	if (r->id != NULL)
		return r->id;
	return r->object != NULL ? r->object->id : NULL;
}

/*
 * Does anyone here care about this post: a local follower of its
 * author, a local account it mentions or addresses, a parent we have,
 * or a personal inbox it was sent to?
 */
static int
relevant(struct job *j, const struct ap_object *o, int64_t author)
{
	static const char *followers_sql =
	    "SELECT EXISTS (SELECT 1 FROM follows f JOIN accounts a "
	    "ON a.id = f.account_id AND a.domain IS NULL "
	    "WHERE f.target_account_id = $1)";
	struct db_params p;
	PGresult *res;
	int64_t id;
	size_t i;
	int yes;

	if (j->inbox_account != 0)
		return 1;
	db_params_init(&p);
	dbp_int(&p, author);
	if ((res = db_run(j->ctx->db, followers_sql, &p)) == NULL)
		return -1;
	yes = db_bool(res, 0, 0);
	PQclear(res);
	if (yes)
		return 1;
	if (o->in_reply_to != NULL &&
	    (yes = status_by_uri(j->ctx->db, o->in_reply_to, &id, NULL, NULL,
	    0)) != 0)
		return yes;
	for (i = 0; i < o->ntags; i++)
		if (o->tags[i].type == AP_TYPE_MENTION &&
		    (yes = local_account(j->ctx->db, o->tags[i].href,
		    &id)) != 0)
			return yes;
	for (i = 0; i < o->nto + o->ncc; i++)
		if ((yes = local_account(j->ctx->db, i < o->nto ? o->to[i] :
		    o->cc[i - o->nto], &id)) != 0)
			return yes;
	return 0;
}

/* The object of an activity, embedded or fetched from its origin. */
static struct ap_view *
object_of(struct job *j, const struct ap_ref *ref,
    const struct ap_object **out)
{
	const char *id = ref_id(ref);

	*out = NULL;
	if (ref->object != NULL && ref->object->id != NULL) {
		*out = ref->object;
		return NULL;
	}
	if (id == NULL || j->ctx->fetcher == NULL)
		return NULL;
	{
		struct json_object *json;
		struct ap_view *doc;
		struct ap_error perr;
		long status;

		json = ap_fetch_object(&j->ctx->fetcher->policy, id,
		    j->ctx->fetcher->key_id, j->ctx->fetcher->key, &status,
		    j->err, j->errlen);
		if (json == NULL)
			return NULL;
		doc = ap_parse(json, &perr);
		json_object_put(json);
		if (doc == NULL) {
			snprintf(j->err, j->errlen, "%s", perr.reason);
			return NULL;
		}
		*out = doc->object;
		return doc;
	}
}

/*
 * The thread above a reply whose parent we lack, fetched now, in the
 * inbox worker, so that no page view waits on other servers. The reply
 * is stored whatever comes of it.
 */
static void
fetch_ancestors(struct job *j, int64_t id)
{
	char why[REMOTE_ERROR_MAX];

	if (j->ctx->fetcher == NULL)
		return;
	if (remote_status_fetch_ancestors(j->ctx->db, j->ctx->cf,
	    j->ctx->fetcher, id, REMOTE_ANCESTORS_MAX, why,
	    sizeof(why)) == -1)
		log_info("the thread above %s stays incomplete: %s",
		    j->activity->id ? j->activity->id : "a reply", why);
}

/* --- the activities ------------------------------------------------------- */

static enum inbox_outcome
do_create(struct job *j)
{
	const struct ap_object *o;
	struct ap_view *doc;
	const char *author_uri;
	enum inbox_outcome rc;
	int64_t id;
	int yes;

	doc = object_of(j, &j->activity->object, &o);
	if (o == NULL)
		return say(j, INBOX_RETRY, "the object could not be had: %s",
		    j->err);
	author_uri = o->attributed_to ? o->attributed_to : j->activity->actor;
	if (o->kind != AP_KIND_OBJECT || o->id == NULL) {
		rc = say(j, INBOX_IGNORED, "not a post");
		goto done;
	}
	if (strcmp(author_uri, j->activity->actor) != 0 ||
	    !ap_same_origin(o->id, j->activity->actor)) {
		rc = say(j, INBOX_FAILED, "the object is not the actor's own");
		goto done;
	}
	if ((yes = relevant(j, o, j->actor)) == -1) {
		rc = db_failed(j);
		goto done;
	}
	if (yes == 0) {
		rc = say(j, INBOX_IGNORED, "nobody here follows or is "
		    "addressed");
		goto done;
	}
	rc = remote_status_store(j->ctx->db, o, j->actor, &id) == -1 ?
	    db_failed(j) : INBOX_DONE;
	if (rc == INBOX_DONE && o->in_reply_to != NULL)
		fetch_ancestors(j, id);
done:
	ap_view_free(doc);
	return rc;
}

/* Follow a local account: at once, or a request if it is locked. */
static enum inbox_outcome
do_follow(struct job *j)
{
	static const char *uri_sql =
	    "WITH f AS (UPDATE follows SET uri = $3 WHERE account_id = $1 "
	    "AND target_account_id = $2) UPDATE follow_requests SET uri = $3 "
	    "WHERE account_id = $1 AND target_account_id = $2";
	struct db_params p;
	enum follow_result r;
	int64_t target;
	int found;

	if ((found = local_account(j->ctx->db, ref_id(&j->activity->object),
	    &target)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "not a local account");
	r = account_follow(j->ctx->db, j->ctx->cf, j->actor, target);
	if (r == FOLLOW_ERROR)
		return db_failed(j);
	if (r != FOLLOW_NOT_ALLOWED && j->activity->id != NULL) {
		/* The remote Follow's id, for its Undo and our answer. */
		db_params_init(&p);
		dbp_int(&p, j->actor);
		dbp_int(&p, target);
		dbp_str(&p, j->activity->id);
		if (db_exec(j->ctx->db, uri_sql, &p) == -1)
			return db_failed(j);
	}
	/* Answered at once, unless the account decides (a request). */
	if (r != FOLLOW_REQUESTED && j->activity->id != NULL &&
	    outbox_follow_answered(j->ctx->db, target, j->actor,
	    j->activity->id, r == FOLLOW_DONE) == -1)
		return db_failed(j);
	return r == FOLLOW_NOT_ALLOWED ?
	    say(j, INBOX_DONE, "refused: a block stands between them") :
	    INBOX_DONE;
}

/*
 * The local follower of an Accept or Reject: the Follow it answers
 * (embedded, or ours by its id) names it.
 */
static int
answered_follower(struct job *j, int64_t *follower)
{
	static const char *by_uri_sql =
	    "SELECT account_id FROM follow_requests WHERE uri = $1 "
	    "AND target_account_id = $2 UNION ALL "
	    "SELECT account_id FROM follows WHERE uri = $1 "
	    "AND target_account_id = $2 LIMIT 1";
	const struct ap_object *follow = j->activity->object.object;
	struct db_params p;
	PGresult *res;
	int found;

	if (follow != NULL && follow->actor != NULL)
		return local_account(j->ctx->db, follow->actor, follower);
	db_params_init(&p);
	dbp_str(&p, ref_id(&j->activity->object));
	dbp_int(&p, j->actor);
	if ((res = db_run(j->ctx->db, by_uri_sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		*follower = db_int(res, 0, 0);
	PQclear(res);
	return found;
}

static enum inbox_outcome
do_accept(struct job *j)
{
	static const char *sql =
	    "WITH r AS (DELETE FROM follow_requests WHERE account_id = $1 "
	    "AND target_account_id = $2 RETURNING *) "
	    "INSERT INTO follows (account_id, target_account_id, uri, "
	    "show_reblogs, notify, languages) SELECT account_id, "
	    "target_account_id, uri, show_reblogs, notify, languages FROM r "
	    "ON CONFLICT (account_id, target_account_id) DO NOTHING";
	struct db_params p;
	int64_t follower;
	int found;

	if ((found = answered_follower(j, &follower)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "no follow of ours to accept");
	db_params_init(&p);
	dbp_int(&p, follower);
	dbp_int(&p, j->actor);
	return db_exec(j->ctx->db, sql, &p) == -1 ? db_failed(j) : INBOX_DONE;
}

static enum inbox_outcome
do_reject(struct job *j)
{
	int64_t follower;
	int found;

	if ((found = answered_follower(j, &follower)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "no follow of ours to reject");
	return account_unfollow(j->ctx->db, follower, j->actor) == -1 ?
	    db_failed(j) : INBOX_DONE;
}

static enum inbox_outcome
undo_follow(struct job *j, const struct ap_object *follow)
{
	static const char *by_uri_sql =
	    "SELECT target_account_id FROM follows WHERE uri = $1 AND "
	    "account_id = $2 UNION ALL SELECT target_account_id FROM "
	    "follow_requests WHERE uri = $1 AND account_id = $2 LIMIT 1";
	struct db_params p;
	PGresult *res;
	int64_t target = 0;
	int found = 0;

	if (follow != NULL && ref_id(&follow->object) != NULL)
		found = local_account(j->ctx->db, ref_id(&follow->object),
		    &target);
	else {
		db_params_init(&p);
		dbp_str(&p, ref_id(&j->activity->object));
		dbp_int(&p, j->actor);
		if ((res = db_run(j->ctx->db, by_uri_sql, &p)) == NULL)
			return db_failed(j);
		if ((found = PQntuples(res) == 1))
			target = db_int(res, 0, 0);
		PQclear(res);
	}
	if (found == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "no such follow");
	return account_unfollow(j->ctx->db, j->actor, target) == -1 ?
	    db_failed(j) : INBOX_DONE;
}

static enum inbox_outcome
undo_like(struct job *j, const struct ap_object *like)
{
	static const char *sql =
	    "DELETE FROM favourites WHERE account_id = $1 AND (uri = $2 OR "
	    "status_id = (SELECT id FROM statuses WHERE uri = $3))";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, j->actor);
	dbp_str(&p, ref_id(&j->activity->object));
	dbp_str(&p, like != NULL ? ref_id(&like->object) : NULL);
	return db_exec(j->ctx->db, sql, &p) == -1 ? db_failed(j) : INBOX_DONE;
}

static enum inbox_outcome
undo_announce(struct job *j)
{
	int64_t id;
	int found;

	if ((found = status_by_uri(j->ctx->db, ref_id(&j->activity->object),
	    &id, NULL, NULL, 0)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "no such boost");
	return status_delete(j->ctx->db, id, j->actor) == -1 ?
	    db_failed(j) : INBOX_DONE;
}

static enum inbox_outcome
undo_block(struct job *j, const struct ap_object *block)
{
	int64_t target;
	int found;

	if (block == NULL)
		return say(j, INBOX_IGNORED, "the Block is not embedded");
	if ((found = local_account(j->ctx->db, ref_id(&block->object),
	    &target)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "not a local account");
	return relationship_unblock(j->ctx->db, j->actor, target) == -1 ?
	    db_failed(j) : INBOX_DONE;
}

/*
 * Undo names what it undoes by its id, usually embedded: the undone
 * activity must be the same actor's. A bare id is looked for among the
 * follows, favourites and boosts that actor made.
 */
static enum inbox_outcome
do_undo(struct job *j)
{
	const struct ap_object *o = j->activity->object.object;
	const char *id = ref_id(&j->activity->object);
	enum inbox_outcome rc;

	if (o != NULL && o->actor != NULL &&
	    strcmp(o->actor, j->activity->actor) != 0)
		return say(j, INBOX_FAILED, "an Undo of another actor's "
		    "activity");
	if (o != NULL) {
		switch (o->type) {
		case AP_TYPE_FOLLOW:
			return undo_follow(j, o);
		case AP_TYPE_LIKE:
			return undo_like(j, o);
		case AP_TYPE_ANNOUNCE:
			return undo_announce(j);
		case AP_TYPE_BLOCK:
			return undo_block(j, o);
		default:
			return say(j, INBOX_IGNORED, "an Undo of a %s",
			    o->type_name);
		}
	}
	if (id == NULL)
		return say(j, INBOX_IGNORED, "an Undo of nothing");
	if ((rc = undo_follow(j, NULL)) != INBOX_IGNORED)
		return rc;
	if ((rc = undo_announce(j)) != INBOX_IGNORED)
		return rc;
	return undo_like(j, NULL);
}

static enum inbox_outcome
do_like(struct job *j)
{
	static const char *sql =
	    "INSERT INTO favourites (account_id, status_id, uri) "
	    "SELECT $1, s.id, $3 FROM statuses s WHERE s.id = $2 AND "
	    "status_visible_to(s.id, s.account_id, s.visibility, $1) "
	    "ON CONFLICT (account_id, status_id) DO NOTHING";
	struct db_params p;
	int64_t id;
	int found;

	if ((found = status_by_uri(j->ctx->db, ref_id(&j->activity->object),
	    &id, NULL, NULL, 0)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "no such status here");
	db_params_init(&p);
	dbp_int(&p, j->actor);
	dbp_int(&p, id);
	dbp_str(&p, j->activity->id);
	return db_exec(j->ctx->db, sql, &p) == -1 ? db_failed(j) : INBOX_DONE;
}

/*
 * A boost: the original is one we have, or fetched from its own origin
 * and stored under its author (whose origin it must share).
 */
static enum inbox_outcome
do_announce(struct job *j)
{
	static const char *sql =
	    "INSERT INTO statuses (uri, url, account_id, visibility, "
	    "reblog_of_id, local, created_at) VALUES ($1, $1, $2, $3, $4, "
	    "false, $5::timestamptz) ON CONFLICT DO NOTHING";
	const struct ap_object *o;
	struct ap_view *doc = NULL;
	struct db_params p;
	char visibility[16], when[AP_TIME_SIZE];
	const char *vis;
	int64_t original, author;
	int found, yes;
	enum inbox_outcome rc = INBOX_DONE;

	if (j->activity->id == NULL)
		return say(j, INBOX_FAILED, "an Announce without an id");
	if ((yes = relevant(j, j->activity, j->actor)) == -1)
		return db_failed(j);
	if ((found = status_by_uri(j->ctx->db, ref_id(&j->activity->object),
	    &original, NULL, visibility, sizeof(visibility))) == -1)
		return db_failed(j);
	if (found == 0 && yes == 0)
		return say(j, INBOX_IGNORED, "nobody here follows the booster");
	if (found == 0) {
		doc = object_of(j, &j->activity->object, &o);
		if (o == NULL)
			return say(j, INBOX_RETRY, "the boosted post could not "
			    "be had: %s", j->err);
		/* An embedded copy is not trusted: fetch it from home. */
		if (doc == NULL) {
			struct ap_ref ref = { o->id, NULL };

			if ((doc = object_of(j, &ref, &o)) == NULL || o == NULL)
				return say(j, INBOX_RETRY, "the boosted post "
				    "could not be fetched: %s", j->err);
		}
		if (o->kind != AP_KIND_OBJECT || o->attributed_to == NULL ||
		    !ap_same_origin(o->id, o->attributed_to)) {
			rc = say(j, INBOX_FAILED, "the boosted object is not "
			    "a post of its own origin");
			goto done;
		}
		if (remote_account_resolve(j->ctx->db, j->ctx->fetcher,
		    o->attributed_to, 0, &author, j->err, j->errlen) == -1) {
			rc = INBOX_RETRY;
			goto done;
		}
		if (remote_status_store(j->ctx->db, o, author,
		    &original) == -1) {
			rc = db_failed(j);
			goto done;
		}
		snprintf(visibility, sizeof(visibility), "%s",
		    remote_status_visibility(j->ctx->db, o, author));
	}
	if (strcmp(visibility, "public") && strcmp(visibility, "unlisted")) {
		rc = say(j, INBOX_FAILED, "a boost of a %s post", visibility);
		goto done;
	}
	vis = j->activity->public_in_to ? "public" :
	    j->activity->public_in_cc ? "unlisted" : "private";
	remote_status_time(j->activity->published, when);
	db_params_init(&p);
	dbp_str(&p, j->activity->id);
	dbp_int(&p, j->actor);
	dbp_str(&p, vis);
	dbp_int(&p, original);
	dbp_str(&p, when);
	if (db_exec(j->ctx->db, sql, &p) == -1)
		rc = db_failed(j);
done:
	ap_view_free(doc);
	return rc;
}

/* A post removed (a tombstone), or an actor gone with all it made. */
static enum inbox_outcome
do_delete(struct job *j)
{
	static const char *account_sql =
	    "DELETE FROM accounts WHERE id = $1 AND domain IS NOT NULL";
	const char *id = ref_id(&j->activity->object);
	struct db_params p;
	int64_t status, author;
	int found;

	if (id == NULL)
		return say(j, INBOX_IGNORED, "a Delete of nothing");
	if (!strcmp(id, j->activity->actor)) {
		db_params_init(&p);
		dbp_int(&p, j->actor);
		return db_exec(j->ctx->db, account_sql, &p) == -1 ?
		    db_failed(j) : INBOX_DONE;
	}
	if ((found = status_by_uri(j->ctx->db, id, &status, &author, NULL,
	    0)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "no such status here");
	if (author != j->actor)
		return say(j, INBOX_FAILED, "a Delete of another's status");
	return status_delete(j->ctx->db, status, j->actor) == -1 ?
	    db_failed(j) : INBOX_DONE;
}

static enum inbox_outcome
do_update_actor(struct job *j)
{
	const struct ap_object *o = j->activity->object.object;
	int64_t id;

	if (o->id == NULL || strcmp(o->id, j->activity->actor) != 0)
		return say(j, INBOX_FAILED, "an Update of another actor");
	return remote_account_save(j->ctx->db, j->activity->actor, o, &id,
	    j->err, j->errlen) == -1 ? INBOX_FAILED : INBOX_DONE;
}

/* A post edited: the old version goes to its history. */
static enum inbox_outcome
do_update_object(struct job *j)
{
	static const char *first_sql =
	    "INSERT INTO status_edits (status_id, account_id, content, "
	    "spoiler_text, sensitive, language, created_at) "
	    "SELECT s.id, s.account_id, s.content, s.spoiler_text, "
	    "s.sensitive, s.language, s.created_at FROM statuses s "
	    "WHERE s.id = $1 AND NOT EXISTS (SELECT 1 FROM status_edits e "
	    "WHERE e.status_id = s.id)";
	static const char *update_sql =
	    "UPDATE statuses SET content = $2, spoiler_text = $3, "
	    "sensitive = $4, language = $5, edited_at = $6::timestamptz, "
	    "updated_at = now() WHERE id = $1";
	static const char *revision_sql =
	    "INSERT INTO status_edits (status_id, account_id, content, "
	    "spoiler_text, sensitive, language, created_at) "
	    "SELECT s.id, s.account_id, s.content, s.spoiler_text, "
	    "s.sensitive, s.language, s.edited_at FROM statuses s "
	    "WHERE s.id = $1";
	const struct ap_object *o = j->activity->object.object;
	struct db_params p;
	char *content = NULL, *spoiler = NULL, when[AP_TIME_SIZE];
	int64_t id, author;
	int found;
	enum inbox_outcome rc = INBOX_DONE;

	if ((found = status_by_uri(j->ctx->db, o->id, &id, &author, NULL,
	    0)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "no such status here");
	if (author != j->actor)
		return say(j, INBOX_FAILED, "an Update of another's status");
	content = remote_status_content(o);
	spoiler = remote_status_spoiler(o);
	remote_status_time(o->updated, when);
	if (db_begin(j->ctx->db) == -1)
		goto fail;
	db_params_init(&p);
	dbp_int(&p, id);
	if (db_exec(j->ctx->db, first_sql, &p) == -1)
		goto fail;
	dbp_str(&p, content);
	dbp_str(&p, spoiler);
	dbp_bool(&p, o->sensitive);
	dbp_str(&p, o->language);
	dbp_str(&p, when);
	if (db_exec(j->ctx->db, update_sql, &p) == -1)
		goto fail;
	db_params_init(&p);
	dbp_int(&p, id);
	if (db_exec(j->ctx->db, revision_sql, &p) == -1 ||
	    remote_status_save_mentions(j->ctx->db, id, o) == -1 ||
	    remote_status_save_tags(j->ctx->db, id, o) == -1 ||
	    db_commit(j->ctx->db) == -1)
		goto fail;
	goto done;
fail:
	rc = db_failed(j);
	db_rollback(j->ctx->db);
done:
	free(content);
	free(spoiler);
	return rc;
}

static enum inbox_outcome
do_block(struct job *j)
{
	int64_t target;
	int found;

	if ((found = local_account(j->ctx->db, ref_id(&j->activity->object),
	    &target)) == -1)
		return db_failed(j);
	if (found == 0)
		return say(j, INBOX_IGNORED, "not a local account");
	return relationship_block(j->ctx->db, j->actor, target) == -1 ?
	    db_failed(j) : INBOX_DONE;
}

/* A report: the local account it names, and those of its statuses. */
static enum inbox_outcome
do_flag(struct job *j)
{
	static const char *sql =
	    "INSERT INTO reports (uri, account_id, target_account_id, "
	    "status_ids, comment) VALUES ($1, $2, $3, $4::bigint[], $5) "
	    "ON CONFLICT (uri) WHERE uri IS NOT NULL DO NOTHING";
	const struct ap_object *a = j->activity;
	enum domain_severity sev;
	struct db_params p;
	struct buf ids = BUF_INIT;
	int64_t target = 0, status, author, *statuses;
	size_t i, n = 0;
	char *domain;
	int found, reject = 0, rc;

	domain = remote_domain_of(a->actor);
	rc = domain_block_for(j->ctx->db, domain ? domain : "", &sev, &reject);
	free(domain);
	if (rc == -1)
		return db_failed(j);
	if (reject)
		return say(j, INBOX_IGNORED, "reports from there are refused");
	statuses = xcalloc(a->nobjects + 1, sizeof(*statuses));
	for (i = 0; i < a->nobjects; i++) {
		const char *id = ref_id(&a->objects[i]);

		if (target == 0 && (found = local_account(j->ctx->db, id,
		    &target)) != 0) {
			if (found == -1)
				goto fail;
			continue;
		}
		if ((found = status_by_uri(j->ctx->db, id, &status, &author,
		    NULL, 0)) == -1)
			goto fail;
		if (found)
			statuses[n++] = status;
		if (found && target == 0)
			target = author;
	}
	if (target == 0) {
		free(statuses);
		return say(j, INBOX_IGNORED, "the report names nobody here");
	}
	db_int_array(&ids, statuses, n);
	db_params_init(&p);
	dbp_str(&p, a->id);
	dbp_int(&p, j->actor);
	dbp_int(&p, target);
	dbp_str(&p, buf_cstr(&ids));
	dbp_str(&p, a->content != NULL ? a->content : "");
	rc = db_exec(j->ctx->db, sql, &p) == -1 ? -1 : 0;
	buf_free(&ids);
	free(statuses);
	return rc == -1 ? db_failed(j) : INBOX_DONE;
fail:
	free(statuses);
	return db_failed(j);
}

/*
 * An account moved: its local followers follow the target instead, when
 * the target (fetched afresh) names the old account in alsoKnownAs.
 */
static enum inbox_outcome
do_move(struct job *j)
{
	static const char *aka_sql =
	    "SELECT $2 = ANY (also_known_as) FROM accounts WHERE id = $1";
	static const char *moved_sql =
	    "UPDATE accounts SET moved_to_account_id = $2 WHERE id = $1";
	static const char *followers_sql =
	    "SELECT f.account_id FROM follows f JOIN accounts a "
	    "ON a.id = f.account_id AND a.domain IS NULL "
	    "WHERE f.target_account_id = $1";
	const struct ap_object *a = j->activity;
	struct db_params p;
	PGresult *res;
	int64_t target, follower;
	int i, names;

	if (ref_id(&a->object) == NULL || strcmp(ref_id(&a->object),
	    a->actor) != 0 || a->target == NULL)
		return say(j, INBOX_FAILED, "a Move of another account");
	if (remote_account_fetch(j->ctx->db, j->ctx->fetcher, a->target,
	    &target, j->err, j->errlen) == -1)
		return INBOX_RETRY;
	db_params_init(&p);
	dbp_int(&p, target);
	dbp_str(&p, a->actor);
	if ((res = db_run(j->ctx->db, aka_sql, &p)) == NULL)
		return db_failed(j);
	names = PQntuples(res) == 1 && db_bool(res, 0, 0);
	PQclear(res);
	if (!names)
		return say(j, INBOX_FAILED, "the target does not name the "
		    "account in alsoKnownAs");
	db_params_init(&p);
	dbp_int(&p, j->actor);
	dbp_int(&p, target);
	if (db_exec(j->ctx->db, moved_sql, &p) == -1)
		return db_failed(j);
	db_params_init(&p);
	dbp_int(&p, j->actor);
	if ((res = db_run(j->ctx->db, followers_sql, &p)) == NULL)
		return db_failed(j);
	for (i = 0; i < PQntuples(res); i++) {
		follower = db_int(res, i, 0);
		if (account_follow(j->ctx->db, j->ctx->cf, follower,
		    target) == FOLLOW_ERROR ||
		    account_unfollow(j->ctx->db, follower, j->actor) == -1) {
			PQclear(res);
			return db_failed(j);
		}
	}
	PQclear(res);
	return INBOX_DONE;
}

enum inbox_outcome
inbox_process_activity(struct inbox_context *ctx, const char *body,
    size_t len, int64_t inbox_account, char *err, size_t errlen)
{
	struct ap_view *doc;
	struct ap_error perr;
	struct job j;
	enum inbox_outcome rc;
	enum inbox_action action;

	if ((doc = ap_parse_bytes(body, len, &perr)) == NULL) {
		snprintf(err, errlen, "%s", perr.reason);
		return INBOX_FAILED;
	}
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	j.activity = doc->object;
	j.inbox_account = inbox_account;
	j.err = err;
	j.errlen = errlen;
	action = inbox_classify(doc->object);
	if (action == INBOX_IGNORE || action == INBOX_EMOJI_REACT) {
		rc = say(&j, INBOX_IGNORED, "a %s is not acted on",
		    doc->object->type_name);
		goto done;
	}
	/* The inbox verified the actor and stored it. */
	if (remote_account_resolve(ctx->db, ctx->fetcher, doc->object->actor,
	    action != INBOX_DELETE, &j.actor, err, errlen) == -1) {
		rc = action == INBOX_DELETE ? say(&j, INBOX_IGNORED,
		    "the actor is gone already") : INBOX_RETRY;
		goto done;
	}
	switch (action) {
	case INBOX_FOLLOW:
		rc = do_follow(&j);
		break;
	case INBOX_ACCEPT:
		rc = do_accept(&j);
		break;
	case INBOX_REJECT:
		rc = do_reject(&j);
		break;
	case INBOX_UNDO:
		rc = do_undo(&j);
		break;
	case INBOX_CREATE:
		rc = do_create(&j);
		break;
	case INBOX_UPDATE_ACTOR:
		rc = do_update_actor(&j);
		break;
	case INBOX_UPDATE_OBJECT:
		rc = do_update_object(&j);
		break;
	case INBOX_DELETE:
		rc = do_delete(&j);
		break;
	case INBOX_LIKE:
		rc = do_like(&j);
		break;
	case INBOX_ANNOUNCE:
		rc = do_announce(&j);
		break;
	case INBOX_BLOCK:
		rc = do_block(&j);
		break;
	case INBOX_FLAG:
		rc = do_flag(&j);
		break;
	case INBOX_MOVE:
		rc = do_move(&j);
		break;
	default:
		rc = INBOX_IGNORED;
		break;
	}
done:
	ap_view_free(doc);
	return rc;
}
