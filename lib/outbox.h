/*
 * outbox: what this server tells other servers. Every lib/ write path
 * that federates calls one of these inside the transaction of its write
 * (so an API call, a web form, woollyctl and the inbox's own processing
 * all federate alike, and a write that rolls back sends nothing). Each
 * call inserts ONE outbox event: the acting account, the activity as
 * JSON text (built by lib/activitypub) and its audience: the actor's
 * followers and/or some accounts. cron/woolly-deliver expands events
 * into one delivery per remote inbox (the shared one when the peer has
 * one; never two to one inbox; never to a local account), so a post to
 * 10,000 followers costs its author one row.
 *
 * Every function does nothing (and returns 0) when there is nobody to
 * tell: a local target, a remote account's own act. 0 or -1 on a
 * database error (the caller rolls back).
 */
#ifndef WOOLLY_OUTBOX_H
#define WOOLLY_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

struct config;
struct db;

/*
 * The general form: activity (serialised here, not taken) from actor
 * (0: the instance actor) to its followers when to_followers, and to
 * accounts.
 */
int	outbox_enqueue(struct db *, int64_t actor, json_object *activity,
	    int to_followers, const int64_t *accounts, size_t naccounts);
/*
 * One activity, already JSON text, to one account's inbox: the inbox's
 * Accept/Reject of a remote Follow, reports (Flag, actor 0). Nothing
 * when target is local.
 */
int	outbox_send_to(struct db *, int64_t actor, const char *activity_json,
	    int64_t target);

/*
 * A local status was posted (Create, or Announce for a boost) or edited
 * (Update): to the author's followers unless direct, the mentioned, and
 * the boosted status' author.
 */
int	outbox_status_posted(struct db *, const struct config *, int64_t id);
int	outbox_status_edited(struct db *, const struct config *, int64_t id);
/*
 * A local status was deleted (Delete), or a boost withdrawn (Undo
 * Announce): the same audience as it was sent to. Call it in the
 * deleting transaction (the row is still readable).
 */
int	outbox_status_deleted(struct db *, int64_t id);

/* account favourited status (favourite row fav_id), or took it back. */
int	outbox_favourited(struct db *, int64_t account, int64_t status,
	    int64_t fav_id, int undo);
/* follower asked to follow target (the Follow's id follow_uri), or undid it. */
int	outbox_followed(struct db *, int64_t follower, int64_t target,
	    const char *follow_uri, int undo);
/*
 * account accepted (or rejected) requester's Follow follow_uri; also a
 * follower removed (a Reject of its Follow).
 */
int	outbox_follow_answered(struct db *, int64_t account,
	    int64_t requester, const char *follow_uri, int accepted);
/* account blocked target (blocks row block_id), or unblocked it. */
int	outbox_blocked(struct db *, int64_t account, int64_t target,
	    int64_t block_id, int undo);
/* A local profile changed: Update of the actor, to its followers. */
int	outbox_profile_updated(struct db *, const struct config *,
	    int64_t account);

#endif
