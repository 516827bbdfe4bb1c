/*
 * outbox: one event per federating write; see outbox.h. The activities
 * are built by lib/activitypub from what the database says now (inside
 * the writer's transaction), so what is sent matches what is served.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activitypub.h"
#include "ap_actor.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "status.h"

/* At most this many explicit recipients per event (mentions are capped
 * far below it); more would be a bug. */
#define OUTBOX_MAX_ACCOUNTS 1000

static int
insert_event(struct db *db, int64_t actor, const char *activity,
    int to_followers, const int64_t *accounts, size_t n)
{
	static const char *sql =
	    "INSERT INTO outbox_events (account_id, activity, to_followers, "
	    "to_accounts) VALUES ($1, $2, $3, $4::bigint[])";
	struct db_params p;
	struct buf ids = BUF_INIT;
	size_t i;
	long rc;

	if (n > OUTBOX_MAX_ACCOUNTS)
		n = OUTBOX_MAX_ACCOUNTS;
	buf_puts(&ids, "{");
	for (i = 0; i < n; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "",
		    (long long)accounts[i]);
	buf_puts(&ids, "}");
	db_params_init(&p);
	if (actor != 0)
		dbp_int(&p, actor);
	else
		dbp_str(&p, NULL);
	dbp_str(&p, activity);
	dbp_bool(&p, to_followers);
	dbp_str(&p, buf_cstr(&ids));
	rc = db_exec(db, sql, &p);
	buf_free(&ids);
	return rc == -1 ? -1 : 0;
}

int
outbox_enqueue(struct db *db, int64_t actor, json_object *activity,
    int to_followers, const int64_t *accounts, size_t naccounts)
{
	json_object *doc, *object;
	enum ap_vocabulary v = AP_VOCABULARY_NOTE;
	int rc;

	/* An actor's Update carries the actor's terms. */
	object = json_object_object_get(activity, "object");
	if (json_object_is_type(object, json_type_object) &&
	    json_object_object_get(object, "publicKey") != NULL)
		v = AP_VOCABULARY_ACTOR;
	/* The document with its @context, without taking the caller's. */
	doc = ap_document(v, json_object_get(activity));
	rc = insert_event(db, actor, json_object_to_json_string_ext(doc,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
	    to_followers, accounts, naccounts);
	json_object_put(doc);
	return rc;
}

/* An account's URI and whether it is local. 1, 0 unknown, -1. */
static int
account_uri(struct db *db, int64_t id, char **uri, int *local)
{
	static const char *sql =
	    "SELECT uri, domain IS NULL FROM accounts WHERE id = $1";
	struct db_params p;
	PGresult *res;
	int found;

	*uri = NULL;
	db_params_init(&p);
	dbp_int(&p, id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		*uri = db_dup(res, 0, 0);
		*local = db_bool(res, 0, 1);
	}
	PQclear(res);
	return found;
}

/* Both accounts' URIs when actor is local and target remote: 1, 0, -1. */
static int
local_to_remote(struct db *db, int64_t actor, int64_t target,
    char **actor_uri, char **target_uri)
{
	int local, target_local, rc;

	*target_uri = NULL;
	if ((rc = account_uri(db, actor, actor_uri, &local)) != 1)
		return rc;
	if (local && (rc = account_uri(db, target, target_uri,
	    &target_local)) == 1 && !target_local)
		return 1;
	free(*actor_uri);
	free(*target_uri);
	*actor_uri = *target_uri = NULL;
	return rc == -1 ? -1 : 0;
}

int
outbox_send_to(struct db *db, int64_t actor, const char *activity_json,
    int64_t target)
{
	char *uri;
	int local, rc;

	if ((rc = account_uri(db, target, &uri, &local)) != 1)
		return rc;
	free(uri);
	if (local)
		return 0;
	return insert_event(db, actor, activity_json, 0, &target, 1);
}

/* The explicit audience of a status: the mentioned, a boost's author. */
static size_t
status_accounts(const struct status *s, int64_t **out)
{
	size_t i, n = 0;

	*out = calloc(s->nmentions + 1, sizeof(**out));
	if (*out == NULL)
		return 0;
	for (i = 0; i < s->nmentions; i++)
		(*out)[n++] = s->mentions[i].account_id;
	if (s->reblog != NULL)
		(*out)[n++] = s->reblog->account.id;
	return n;
}

static int
status_event(struct db *db, const struct config *cf, int64_t id, int edited)
{
	struct status_list l;
	const struct status *s;
	json_object *activity;
	int64_t *accounts;
	size_t n;
	int rc;

	if (status_load(db, cf, &id, 1, 0, &l) == -1)
		return -1;
	if (l.n != 1 || !l.items[0].local) {
		status_list_free(&l);
		return 0;
	}
	s = &l.items[0];
	activity = edited ? ap_update_note_json(cf, s) :
	    ap_status_activity_json(cf, s);
	n = status_accounts(s, &accounts);
	rc = outbox_enqueue(db, s->account.id, activity,
	    strcmp(s->visibility, "direct") != 0, accounts, n);
	free(accounts);
	json_object_put(activity);
	status_list_free(&l);
	return rc;
}

int
outbox_status_posted(struct db *db, const struct config *cf, int64_t id)
{
	return status_event(db, cf, id, 0);
}

int
outbox_status_edited(struct db *db, const struct config *cf, int64_t id)
{
	return status_event(db, cf, id, 1);
}

int
outbox_status_deleted(struct db *db, int64_t id)
{
	/* Read whether or not deleted_at is set yet. */
	static const char *sql =
	    "SELECT s.uri, a.uri, s.visibility, o.uri, o.account_id, "
	    "s.account_id, array_to_string(ARRAY(SELECT m.account_id "
	    "  FROM mentions m WHERE m.status_id = s.id), ',') "
	    "FROM statuses s JOIN accounts a ON a.id = s.account_id "
	    "LEFT JOIN statuses o ON o.id = s.reblog_of_id "
	    "WHERE s.id = $1 AND s.local AND a.domain IS NULL";
	struct db_params p;
	PGresult *res;
	json_object *activity, *announce;
	int64_t accounts[64];
	size_t n = 0;
	const char *list, *boosted;
	char *end;
	int rc;

	db_params_init(&p);
	dbp_int(&p, id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	boosted = db_val(res, 0, 3);
	if (boosted != NULL) {
		announce = ap_activity_json("Announce", db_val(res, 0, 0),
		    db_val(res, 0, 1), boosted, AP_PUBLIC);
		activity = ap_undo_json(db_val(res, 0, 1), announce);
		accounts[n++] = db_int(res, 0, 4);
	} else
		activity = ap_delete_json(db_val(res, 0, 1),
		    db_val(res, 0, 0));
	for (list = db_val(res, 0, 6); list != NULL && *list != '\0' &&
	    n < sizeof(accounts) / sizeof(accounts[0]); list = end) {
		accounts[n++] = strtoll(list, &end, 10);
		if (*end == ',')
			end++;
		else if (*end != '\0')
			break;
	}
	rc = outbox_enqueue(db, db_int(res, 0, 5), activity,
	    strcmp(db_val(res, 0, 2), "direct") != 0, accounts, n);
	json_object_put(activity);
	PQclear(res);
	return rc;
}

/* "<actor>#<kind>/<id>": Mastodon's ids for Likes and Blocks. */
static char *
fragment_id(const char *actor_uri, const char *kind, int64_t id)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s#%s/%lld", actor_uri, kind, (long long)id);
	return buf_detach(&b);
}

/* Send activity (taken), or its Undo, from actor to target alone. */
static int
to_one(struct db *db, int64_t actor, const char *actor_uri,
    json_object *activity, int undo, int64_t target)
{
	int rc;

	if (undo)
		activity = ap_undo_json(actor_uri, activity);
	rc = outbox_enqueue(db, actor, activity, 0, &target, 1);
	json_object_put(activity);
	return rc;
}

int
outbox_favourited(struct db *db, int64_t account, int64_t status,
    int64_t fav_id, int undo)
{
	static const char *sql =
	    "SELECT s.uri, s.account_id, a.uri FROM statuses s "
	    "JOIN accounts a ON a.id = s.account_id "
	    "WHERE s.id = $1 AND a.domain IS NOT NULL";
	struct db_params p;
	PGresult *res;
	char *actor_uri, *id;
	int local, rc;

	if ((rc = account_uri(db, account, &actor_uri, &local)) != 1 ||
	    !local) {
		free(actor_uri);
		return rc == -1 ? -1 : 0;
	}
	db_params_init(&p);
	dbp_int(&p, status);
	if ((res = db_run(db, sql, &p)) == NULL) {
		free(actor_uri);
		return -1;
	}
	rc = 0;
	if (PQntuples(res) == 1) {
		id = fragment_id(actor_uri, "likes", fav_id);
		rc = to_one(db, account, actor_uri, ap_activity_json("Like",
		    id, actor_uri, db_val(res, 0, 0), db_val(res, 0, 2)),
		    undo, db_int(res, 0, 1));
		free(id);
	}
	PQclear(res);
	free(actor_uri);
	return rc;
}

int
outbox_followed(struct db *db, int64_t follower, int64_t target,
    const char *follow_uri, int undo)
{
	char *actor_uri, *target_uri;
	int rc;

	if (follow_uri == NULL || (rc = local_to_remote(db, follower, target,
	    &actor_uri, &target_uri)) != 1)
		return follow_uri == NULL ? 0 : rc;
	rc = to_one(db, follower, actor_uri, ap_activity_json("Follow",
	    follow_uri, actor_uri, target_uri, target_uri), undo, target);
	free(actor_uri);
	free(target_uri);
	return rc;
}

int
outbox_follow_answered(struct db *db, int64_t account, int64_t requester,
    const char *follow_uri, int accepted)
{
	char *actor_uri, *requester_uri;
	struct buf id = BUF_INIT;
	json_object *answer;
	int rc;

	if (follow_uri == NULL || (rc = local_to_remote(db, account,
	    requester, &actor_uri, &requester_uri)) != 1)
		return follow_uri == NULL ? 0 : rc;
	/* Unique per answer: one Follow may be accepted, then rejected. */
	buf_printf(&id, "%s#%s/%s", actor_uri, accepted ? "accepts" :
	    "rejects", follow_uri);
	answer = ap_follow_answer_json(accepted ? "Accept" : "Reject",
	    buf_cstr(&id), actor_uri, follow_uri, requester_uri);
	rc = to_one(db, account, actor_uri, answer, 0, requester);
	buf_free(&id);
	free(actor_uri);
	free(requester_uri);
	return rc;
}

int
outbox_blocked(struct db *db, int64_t account, int64_t target,
    int64_t block_id, int undo)
{
	char *actor_uri, *target_uri, *id;
	int rc;

	if ((rc = local_to_remote(db, account, target, &actor_uri,
	    &target_uri)) != 1)
		return rc;
	id = fragment_id(actor_uri, "blocks", block_id);
	rc = to_one(db, account, actor_uri, ap_activity_json("Block", id,
	    actor_uri, target_uri, target_uri), undo, target);
	free(id);
	free(actor_uri);
	free(target_uri);
	return rc;
}

int
outbox_profile_updated(struct db *db, const struct config *cf,
    int64_t account)
{
	static const char *sql =
	    "SELECT username FROM accounts WHERE id = $1 AND domain IS NULL";
	struct db_params p;
	struct ap_actor actor;
	PGresult *res;
	json_object *update;
	int rc = 0;

	db_params_init(&p);
	dbp_int(&p, account);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		switch (ap_actor_load(db, cf, db_val(res, 0, 0), &actor)) {
		case 1:
			update = ap_update_actor_json(cf, &actor);
			rc = outbox_enqueue(db, account, update, 1, NULL, 0);
			json_object_put(update);
			ap_actor_free(&actor);
			break;
		case -1:
			rc = -1;
			break;
		}
	}
	PQclear(res);
	return rc;
}
