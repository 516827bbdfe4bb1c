/*
 * inbox: storing verified activities, and the loop that claims and
 * processes them (see inbox.h). What each activity does is in
 * inbox_process.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ap_parse.h"
#include "db.h"
#include "inbox.h"
#include "log.h"

int
inbox_store(struct db *db, const char *activity_uri, const char *type,
    const char *actor_uri, int64_t inbox_account_id, const char *body,
    size_t len)
{
	static const char *sql =
	    "INSERT INTO inbox_activities (activity_uri, activity_type, "
	    "actor_uri, inbox_account_id, body) VALUES ($1, $2, $3, "
	    "nullif($4::bigint, 0), $5) ON CONFLICT (activity_uri) DO NOTHING";
	struct db_params p;
	long n;

	(void)len;
	db_params_init(&p);
	dbp_str(&p, activity_uri);
	dbp_str(&p, type != NULL ? type : "Unknown");
	dbp_str(&p, actor_uri);
	dbp_int(&p, inbox_account_id);
	dbp_str(&p, body);
	if ((n = db_exec(db, sql, &p)) == -1)
		return -1;
	return n > 0;
}

enum inbox_action
inbox_classify(const struct ap_object *a)
{
	const struct ap_object *o = a->object.object;

	if (a->kind != AP_KIND_ACTIVITY)
		return INBOX_IGNORE;
	switch (a->type) {
	case AP_TYPE_FOLLOW:
		return INBOX_FOLLOW;
	case AP_TYPE_ACCEPT:
		return INBOX_ACCEPT;
	case AP_TYPE_REJECT:
		return INBOX_REJECT;
	case AP_TYPE_UNDO:
		return INBOX_UNDO;
	case AP_TYPE_CREATE:
		/* A Create of an actor or an activity means nothing. */
		if (o != NULL && o->kind != AP_KIND_OBJECT)
			return INBOX_IGNORE;
		return INBOX_CREATE;
	case AP_TYPE_UPDATE:
		if (o == NULL)
			return INBOX_IGNORE;
		if (o->kind == AP_KIND_ACTOR)
			return INBOX_UPDATE_ACTOR;
		if (o->kind == AP_KIND_OBJECT)
			return INBOX_UPDATE_OBJECT;
		return INBOX_IGNORE;
	case AP_TYPE_DELETE:
		return INBOX_DELETE;
	case AP_TYPE_LIKE:
		/* Misskey's reactions are Likes with content: still a Like. */
		return INBOX_LIKE;
	case AP_TYPE_ANNOUNCE:
		return INBOX_ANNOUNCE;
	case AP_TYPE_BLOCK:
		return INBOX_BLOCK;
	case AP_TYPE_FLAG:
		return INBOX_FLAG;
	case AP_TYPE_MOVE:
		return INBOX_MOVE;
	case AP_TYPE_EMOJI_REACT:
		return INBOX_EMOJI_REACT;
	default:
		return INBOX_IGNORE;
	}
}

const char *
inbox_action_name(enum inbox_action a)
{
	static const char *names[] = {
		"ignore", "follow", "accept", "reject", "undo", "create",
		"update-actor", "update-object", "delete", "like", "announce",
		"block", "flag", "move", "emoji-react"
	};

	if ((size_t)a >= sizeof(names) / sizeof(names[0]))
		return "ignore";
	return names[a];
}

/*
 * Claim one due activity: lease it (its next attempt moves on, doubling
 * with each attempt) in the statement that claims it, so another
 * processor skips it now and a crash gives it back later.
 */
static int
claim(struct db *db, int64_t *id, char **body, int64_t *inbox_account,
    int *attempts)
{
	static const char *sql =
	    "UPDATE inbox_activities a SET attempts = a.attempts + 1, "
	    "next_attempt_at = now() + make_interval(secs => $1 * "
	    "power(2, a.attempts)) "
	    "WHERE a.id = (SELECT id FROM inbox_activities "
	    "  WHERE processed_at IS NULL AND next_attempt_at <= now() "
	    "  ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
	    "RETURNING a.id, a.body, coalesce(a.inbox_account_id, 0), "
	    "a.attempts";
	struct db_params p;
	PGresult *res;
	int found;

	db_params_init(&p);
	dbp_int(&p, INBOX_LEASE_SECONDS);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		*id = db_int(res, 0, 0);
		*body = db_dup(res, 0, 1);
		*inbox_account = db_int(res, 0, 2);
		*attempts = (int)db_int(res, 0, 3);
	}
	PQclear(res);
	return found;
}

static int
finish(struct db *db, int64_t id, const char *outcome, const char *error)
{
	static const char *sql =
	    "UPDATE inbox_activities SET processed_at = now(), outcome = $2, "
	    "last_error = $3 WHERE id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, id);
	dbp_str(&p, outcome);
	dbp_str(&p, error);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

static int
note_failure(struct db *db, int64_t id, const char *error)
{
	static const char *sql =
	    "UPDATE inbox_activities SET last_error = $2 WHERE id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, id);
	dbp_str(&p, error);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

long
inbox_process_pending(struct inbox_context *ctx, long max)
{
	enum inbox_outcome outcome;
	char *body, err[512];
	int64_t id, inbox_account;
	long done = 0;
	int attempts, found, rc;

	while (done < max) {
		if ((found = claim(ctx->db, &id, &body, &inbox_account,
		    &attempts)) == -1)
			return -1;
		if (found == 0)
			break;
		err[0] = '\0';
		outcome = inbox_process_activity(ctx, body, strlen(body),
		    inbox_account, err, sizeof(err));
		free(body);
		/* A handler that failed mid-transaction leaves it open. */
		db_rollback(ctx->db);
		if (outcome == INBOX_RETRY && attempts >= INBOX_MAX_ATTEMPTS)
			outcome = INBOX_FAILED;
		switch (outcome) {
		case INBOX_DONE:
			rc = finish(ctx->db, id, "done", NULL);
			break;
		case INBOX_IGNORED:
			rc = finish(ctx->db, id, "ignored", err[0] ? err : NULL);
			break;
		case INBOX_FAILED:
			log_info("inbox: activity %lld failed: %s",
			    (long long)id, err);
			rc = finish(ctx->db, id, "failed", err);
			break;
		default:
			log_info("inbox: activity %lld will be retried: %s",
			    (long long)id, err);
			rc = note_failure(ctx->db, id, err);
			break;
		}
		if (rc == -1)
			return -1;
		done++;
	}
	return done;
}
