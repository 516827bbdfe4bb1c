/*
 * relationship: what one account is to another besides the statuses they
 * see. Follows and follow requests from both sides, blocks, mutes and
 * private notes; the facts of Mastodon's Relationship entity for many
 * accounts in one query; and the lists of accounts these relations make
 * (followers, follows, blocks, mutes, follow requests), paged by the id
 * of the row that relates the two accounts, as Mastodon pages them.
 * Following itself lives in account.c (account_follow_with).
 */
#ifndef WOOLLY_RELATIONSHIP_H
#define WOOLLY_RELATIONSHIP_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "timeline.h"

struct db;

struct relationship {
	int64_t	 id;
	int	 following, showing_reblogs, notifying, followed_by;
	int	 blocking, blocked_by, muting, muting_notifications;
	int	 requested, requested_by, domain_blocking, endorsed;
	char	*languages;		/* JSON array text; NULL: all */
	char	*muting_expires_at;	/* ISO 8601 UTC, or NULL */
	char	*note;			/* the viewer's comment, "" if none */
};

struct relationship_list {
	struct relationship	*items;
	size_t			 n;
};

/*
 * The viewer's relationship to each account of ids, in that order,
 * leaving out unknown and pending accounts (and suspended ones unless
 * with_suspended). 0 or -1.
 */
int	relationships_load(struct db *, int64_t viewer, const int64_t *ids,
	    size_t n, int with_suspended, struct relationship_list *);
void	relationship_list_free(struct relationship_list *);

/*
 * A block ends every follow and follow request between the two, both
 * ways, and takes away what the blocked account notified the blocker of.
 * 0 or -1; blocking again is no error.
 */
int	relationship_block(struct db *, int64_t account, int64_t target);
int	relationship_unblock(struct db *, int64_t account, int64_t target);
/*
 * Mute (or change a mute): notifications too when hide_notifications;
 * for duration seconds, 0 meaning until unmuted. 0 or -1.
 */
int	relationship_mute(struct db *, int64_t account, int64_t target,
	    int hide_notifications, long long duration);
int	relationship_unmute(struct db *, int64_t account, int64_t target);
/* The private note on target; an empty comment removes it. 0 or -1. */
int	relationship_set_note(struct db *, int64_t account, int64_t target,
	    const char *comment);
/* account stops being followed by follower. 0 or -1. */
int	relationship_remove_follower(struct db *, int64_t account,
	    int64_t follower);
/*
 * The locked account answers requester's follow request: authorizing
 * turns it into a follow (with the options asked for) and notifies the
 * account of its new follower, as Mastodon does. 1 done, 0 when there is
 * no such request, -1 on error.
 */
int	follow_request_authorize(struct db *, int64_t account,
	    int64_t requester);
int	follow_request_reject(struct db *, int64_t account,
	    int64_t requester);

enum account_list_kind {
	ACCOUNTS_FOLLOWERS,	/* who follows the owner */
	ACCOUNTS_FOLLOWING,	/* whom the owner follows */
	ACCOUNTS_BLOCKED,	/* whom the owner blocks */
	ACCOUNTS_MUTED,		/* whom the owner mutes, mutes in force */
	ACCOUNTS_REQUESTING,	/* who asked to follow the owner */
};

/* One page of such a list, newest relation first. */
struct account_page {
	struct account	*items;
	int64_t		*cursors;	/* the relating row of each item */
	char		**mute_expires_at;	/* ACCOUNTS_MUTED; or NULL */
	size_t		 n;
};

/*
 * A page of the owner's list. Followers and follows leave out suspended
 * accounts and, for a viewer other than the owner (0 when signed out),
 * the accounts that viewer blocks, mutes or is blocked by. Whether the
 * list may be shown at all (hide_collections) is the caller's question.
 * 0 or -1.
 */
int	account_page_load(struct db *, const char *base_url,
	    enum account_list_kind, int64_t owner, int64_t viewer,
	    const struct page *, struct account_page *);
void	account_page_free(struct account_page *);

/* Most followers listed per account by familiar_followers_load(). */
#define FAMILIAR_FOLLOWERS_MAX 40

struct familiar_followers {
	int64_t			id;
	struct account_list	accounts;
};

/*
 * For each known, unsuspended account of ids (in order): the accounts the
 * viewer follows that follow it, newest first, leaving out those who hide
 * their follows, and all of them when the account hides its followers
 * from others. *out is malloc'd. 0 or -1.
 */
int	familiar_followers_load(struct db *, const char *base_url,
	    int64_t viewer, const int64_t *ids, size_t n,
	    struct familiar_followers **out, size_t *nout);
void	familiar_followers_free(struct familiar_followers *, size_t n);

#endif
