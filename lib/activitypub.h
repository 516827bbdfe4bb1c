/*
 * activitypub: the ActivityPub documents this server publishes and sends,
 * written in one place beside the Mastodon entities (cgi/api_entity.c):
 * actors, Notes, the activities that carry them (Create, Announce,
 * Update, Delete) and the collections that list them. The serving
 * handlers (cgi/ap_*.c) and the deliverer build theirs with the same
 * functions, so a post reads the same fetched or delivered.
 *
 * Every builder returns a new json-c object the caller owns, without
 * "@context": ap_document() puts the context a document needs at the top
 * of the outermost object. Nothing here touches the database: actors come
 * from ap_actor.h, statuses from status_load() (with viewer 0). Statuses
 * are this server's (their followers collection is "<author>/followers").
 */
#ifndef WOOLLY_ACTIVITYPUB_H
#define WOOLLY_ACTIVITYPUB_H

#include <stdint.h>

#include <json-c/json.h>

#include "ap_actor.h"
#include "status.h"

struct config;

/* The audience "everyone" (ActivityPub §5.6). */
#define AP_PUBLIC	"https://www.w3.org/ns/activitystreams#Public"

/* The terms a document uses beyond ActivityStreams, for its @context. */
enum ap_vocabulary {
	AP_VOCABULARY_BASIC,	/* ActivityStreams alone */
	AP_VOCABULARY_ACTOR,	/* + security, Mastodon's actor terms */
	AP_VOCABULARY_NOTE,	/* + sensitive, Hashtag (Mastodon's) */
};

/* The object with "@context" as its first member (takes obj). */
json_object	*ap_document(enum ap_vocabulary, json_object *obj);

/*
 * A local account as a Person (a Service when it is a bot): its
 * collections, key, images, profile fields as PropertyValues, aliases
 * and move. A suspended account shows only what Mastodon shows of one
 * (its name, key and collections) and "suspended": true.
 */
json_object	*ap_actor_json(const struct config *, const struct ap_actor *);
/* The instance actor (an Application) with its public key. */
json_object	*ap_instance_actor_json(const struct config *,
		    const char *public_pem);

/*
 * A status as a Note: content warning as summary, audience by
 * visibility (to/cc with the followers collection, the public and the
 * mentioned), Mention and Hashtag tags, the language's contentMap, the
 * replies collection. Not for a boost (see ap_announce_json).
 */
json_object	*ap_note_json(const struct config *, const struct status *);
/* Create of that Note: id "<note>/activity", same audience. */
json_object	*ap_create_json(const struct config *, const struct status *);
/* A boost (s->reblog loaded) as an Announce of the original's URI. */
json_object	*ap_announce_json(const struct config *, const struct status *);
/* What a status is in an outbox: Announce for a boost, else Create. */
json_object	*ap_status_activity_json(const struct config *,
		    const struct status *);
/* Update of an edited status, id "<note>#updates/<edit time>". */
json_object	*ap_update_note_json(const struct config *,
		    const struct status *);
/* Update of an actor's profile, id "<actor>#updates/<time>". */
json_object	*ap_update_actor_json(const struct config *,
		    const struct ap_actor *);
/* Delete of an object by its actor: a Tombstone, addressed to all. */
json_object	*ap_delete_json(const char *actor_uri, const char *object_uri);
/*
 * The activities between two actors, in Mastodon's shapes: Like
 * (object: a status URI), Follow and Block (object: an actor URI),
 * Accept and Reject of a Follow (object: that Follow, by follow_id, from
 * follower to followee), and Undo of any of them (object: the activity
 * undone, taken; id "<its id>/undo"). Addressed to the object's owner
 * when to is not NULL.
 */
json_object	*ap_activity_json(const char *type, const char *id,
		    const char *actor_uri, const char *object_uri,
		    const char *to);
json_object	*ap_follow_answer_json(const char *type, const char *id,
		    const char *actor_uri, const char *follow_id,
		    const char *follower_uri);
json_object	*ap_undo_json(const char *actor_uri, json_object *undone);
/* What stands at the id of something deleted. */
json_object	*ap_tombstone_json(const char *uri);

/*
 * A collection: Ordered or not, with totalItems when total >= 0, links
 * to its first and last pages when not NULL, and its items when items
 * is not NULL (taken).
 */
json_object	*ap_collection_json(const char *id, int ordered, int64_t total,
		    const char *first, const char *last, json_object *items);
/* One page of a collection, with its neighbours when not NULL. */
json_object	*ap_collection_page_json(const char *id, int ordered,
		    const char *part_of, const char *prev, const char *next,
		    json_object *items);

#endif
