/*
 * inbox: activities other servers sent us. The inbox route stores each
 * one (inbox_store) once its signature is verified and answers 202;
 * cron/woolly-inbox processes them (inbox_process_pending), each through
 * the same writes a local action makes, so counters, notifications and
 * home feeds follow by themselves.
 *
 * A stored activity is claimed with FOR UPDATE SKIP LOCKED and leased
 * (its next attempt moved on) before it is processed, and marked done
 * after: a crash mid-way leaves it to be claimed again when the lease
 * runs out, and the handlers are idempotent (unique ids), so nothing is
 * lost or done twice. Failures are retried INBOX_MAX_ATTEMPTS times with
 * a growing delay, then recorded as failed.
 */
#ifndef WOOLLY_INBOX_H
#define WOOLLY_INBOX_H

#include <stddef.h>
#include <stdint.h>

struct ap_object;
struct config;
struct db;
struct remote_fetcher;

#define INBOX_MAX_ATTEMPTS	5
#define INBOX_LEASE_SECONDS	60	/* first retry; doubles each time */

/*
 * Store a verified activity: 1 stored, 0 already there (a repeat), -1 on
 * a database error. activity_uri is its id, or for a transient activity
 * (no id) one made of the actor and the body's digest.
 */
int	inbox_store(struct db *, const char *activity_uri,
	    const char *activity_type, const char *actor_uri,
	    int64_t inbox_account_id, const char *body, size_t len);

/* What processing does with an activity, by its type and its object's. */
enum inbox_action {
	INBOX_IGNORE = 0,
	INBOX_FOLLOW,
	INBOX_ACCEPT,
	INBOX_REJECT,
	INBOX_UNDO,
	INBOX_CREATE,
	INBOX_UPDATE_ACTOR,
	INBOX_UPDATE_OBJECT,
	INBOX_DELETE,
	INBOX_LIKE,
	INBOX_ANNOUNCE,
	INBOX_BLOCK,
	INBOX_FLAG,
	INBOX_MOVE,
	INBOX_EMOJI_REACT
};
enum inbox_action inbox_classify(const struct ap_object *activity);
const char *inbox_action_name(enum inbox_action);

/* How one activity ended. */
enum inbox_outcome {
	INBOX_DONE,
	INBOX_IGNORED,		/* nothing to do (unknown type, not ours) */
	INBOX_RETRY,		/* a fetch or the database failed */
	INBOX_FAILED		/* it can never be processed */
};

struct inbox_context {
	struct db		*db;
	const struct config	*cf;
	struct remote_fetcher	*fetcher;
};

/* Process one stored activity's body; a reason in err when not done. */
enum inbox_outcome inbox_process_activity(struct inbox_context *,
	    const char *body, size_t len, int64_t inbox_account_id,
	    char *err, size_t errlen);

/*
 * Claim and process up to max due activities: how many were processed
 * (done, ignored or given up), or -1 when the database failed.
 */
long	inbox_process_pending(struct inbox_context *, long max);

#endif
