/*
 * status_actions: what a signed-in account does to a status besides
 * writing it (favourite, bookmark, boost, mute its conversation, pin it)
 * and the pages of who boosted or favourited one. Each action names the
 * status by id, checks first that the actor may see it (Mastodon's
 * StatusPolicy), and acts on the boosted status when given a boost.
 */
#ifndef WOOLLY_STATUS_ACTIONS_H
#define WOOLLY_STATUS_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "timeline.h"

struct db;
struct config;

enum status_action_result {
	ACTION_DONE = 0,
	ACTION_ERROR = -1,
	ACTION_NOT_FOUND = 1,	/* missing, deleted or not visible: 404 */
	ACTION_FORBIDDEN = 2,	/* visible, but not to be done: 403 */
	ACTION_NO_CONVERSATION = 3,	/* a mute needs a conversation */
};

/* The marks an account puts on a status; each is kept once. */
enum status_mark {
	MARK_FAVOURITE,
	MARK_BOOKMARK,
	MARK_CONVERSATION_MUTE,
};

/*
 * Put a mark on status id, or take it off. *acted_on is the status that
 * carries it (the boosted one for a boost). Taking off a mark that was
 * there works even when the status is no longer visible (Mastodon's
 * answer then is still the status).
 */
enum status_action_result status_mark(struct db *, enum status_mark,
	    int64_t actor, int64_t id, int64_t *acted_on);
enum status_action_result status_unmark(struct db *, enum status_mark,
	    int64_t actor, int64_t id, int64_t *acted_on);

/*
 * Boost status id (a boost of a boost boosts the original) with a
 * visibility (NULL: the actor's default; a private status keeps its
 * own). Boosting twice gives the first boost. Private statuses of others
 * and direct ones cannot be boosted (ACTION_FORBIDDEN). *boost is the
 * boost's own id.
 */
enum status_action_result status_reblog(struct db *, const struct config *,
	    int64_t actor, const char *username, int64_t id,
	    const char *visibility, int64_t application_id, int64_t *boost);
/* Undo it; *original is the boosted status. */
enum status_action_result status_unreblog(struct db *, int64_t actor,
	    int64_t id, int64_t *original);

/* Mastodon's StatusPinValidator, in its order, then the duplicate. */
enum status_pin_result {
	PIN_DONE = 0,
	PIN_ERROR = -1,
	PIN_NOT_FOUND = 1,
	PIN_REBLOG = 2,
	PIN_NOT_OWN = 3,
	PIN_DIRECT = 4,
	PIN_LIMIT = 5,
	PIN_DUPLICATE = 6,
};
#define STATUS_PIN_LIMIT 5

enum status_pin_result status_pin(struct db *, int64_t actor, int64_t id);
/* 0 (pinned or not), PIN_NOT_FOUND, or PIN_ERROR. */
enum status_pin_result status_unpin(struct db *, int64_t actor, int64_t id);
/* Mastodon's message for a refused pin ("Validation failed: ..."). */
const char	*status_pin_error(enum status_pin_result);

/*
 * A page of the accounts that boosted (or favourited) a status, newest
 * first, without suspended accounts and those the viewer blocks, mutes
 * or is blocked by. cursors are the boosts' (favourites') ids, by which
 * the list pages.
 */
struct actor_page {
	struct account	*accounts;
	struct id_list	 cursors;
	size_t		 n;
};
#define ACTOR_PAGE_MAX 80

int	status_rebloggers(struct db *, const char *base_url, int64_t id,
	    int64_t viewer, const struct page *, struct actor_page *);
int	status_favouriters(struct db *, const char *base_url, int64_t id,
	    int64_t viewer, const struct page *, struct actor_page *);
void	actor_page_free(struct actor_page *);

#endif
