/*
 * notification: what an account is told of. The rows are written by the
 * database (sql/0011_notifications.sql: favourites, boosts, mentions,
 * follows, follow requests, posts of accounts one asked to hear from,
 * edits of boosted posts); here they are read back a page at a time,
 * one by one, grouped as Mastodon groups them, counted against the read
 * marker, and dismissed.
 *
 * Every read hides what the recipient should no longer see: notifications
 * from suspended, blocked or notification-muted accounts, and those about
 * statuses that are gone or that the recipient may not see.
 */
#ifndef WOOLLY_NOTIFICATION_H
#define WOOLLY_NOTIFICATION_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "status.h"
#include "timeline.h"

struct config;
struct db;

#define NOTIFICATION_TYPE_MAX		32	/* longest name, + NUL */
#define NOTIFICATION_SAMPLE_ACCOUNTS	8	/* per group (Mastodon) */
#define NOTIFICATION_PAGE_MAX		80	/* Mastodon's largest */

struct notification {
	int64_t	 id;
	char	 type[NOTIFICATION_TYPE_MAX];
	/*
	 * The group: the stored key, or "ungrouped-<id>" when the type is
	 * not grouped (or, in a grouped listing, not grouped as asked).
	 */
	char	*group_key;
	char	*created_at;		/* ISO 8601 UTC with ms */
	int64_t	 from_account_id;
	int64_t	 status_id;		/* 0 when the type has none */
};

struct notification_list {
	struct notification	*items;
	size_t			 n;
	int			 more;	/* a grouped page stopped */
};

/*
 * What a listing shows (Mastodon's browserable): types NULL for every
 * type, else only those (ntypes may be 0: nothing); from_account_id 0 for
 * any sender.
 */
struct notification_filter {
	const char *const	*types;
	size_t			 ntypes;
	int64_t			 from_account_id;
};

/* The summary of a group over a page of a grouped listing. */
struct notification_group {
	char	*key;
	int64_t	 most_recent_id;	/* newest up to the page's end */
	int64_t	 count;			/* up to the page's end */
	int64_t	 sample_account_ids[NOTIFICATION_SAMPLE_ACCOUNTS];
	size_t	 nsamples;		/* newest first */
	/* The newest and oldest members within the page. */
	int64_t	 page_min_id, page_max_id;
	char	*latest_page_at;	/* ISO 8601, within the page */
};

/*
 * The notification types Mastodon names, and the ones it groups. A known
 * type may have no rows here yet (poll, quote...); filtering by it is
 * still valid, as in Mastodon.
 */
#define NOTIFICATION_NTYPES 16
extern const char *const notification_types[];
extern const char *const notification_grouped_types[];
int	notification_type_known(const char *);

/*
 * Mastodon's type filter: the types asked for (all when ntypes is 0)
 * that are known, less those excluded. Fills out (room for
 * NOTIFICATION_NTYPES) and returns how many; returns -1 when the result
 * is every type, so no filter is needed.
 */
int	notification_types_select(const char *const *types, size_t ntypes,
	    const char *const *exclude, size_t nexclude, const char **out);

/* One page, newest first. 0 or -1. */
int	notification_page(struct db *, int64_t account_id,
	    const struct notification_filter *, const struct page *,
	    struct notification_list *);
/*
 * One page of groups (Mastodon's /api/v2/notifications): the newest
 * notification of each group in the page's range (the oldest when paging
 * up with min_id), newest first. Only the grouped types given are
 * grouped. 0 or -1.
 */
int	notification_group_page(struct db *, int64_t account_id,
	    const struct notification_filter *, const char *const *grouped,
	    size_t ngrouped, const struct page *, struct notification_list *);
/*
 * The summaries of the stored group keys given, over notifications with
 * ids up to hi (counts, samples) and within [lo, hi] (page bounds).
 * *out is in no particular order. 0 or -1.
 */
int	notification_group_summaries(struct db *, int64_t account_id,
	    const struct notification_filter *, const char *const *keys,
	    size_t nkeys, int64_t lo, int64_t hi,
	    struct notification_group **out, size_t *nout);
void	notification_groups_free(struct notification_group *, size_t);

/* The recipient's own notification by id: 1, 0 when not theirs or
 * hidden, -1. */
int	notification_get(struct db *, int64_t account_id, int64_t id,
	    struct notification *);
/*
 * The newest notification of a group key (a stored key, or
 * "ungrouped-<id>"): 1, 0 when there is none, -1.
 */
int	notification_get_group(struct db *, int64_t account_id,
	    const char *key, struct notification *);
/* The senders of a group, newest first, at most max. 0 or -1. */
int	notification_group_senders(struct db *, int64_t account_id,
	    const char *key, size_t max, int64_t **ids, size_t *n);
void	notification_free(struct notification *);
void	notification_list_free(struct notification_list *);

/* Dismiss one (1, or 0 when not theirs), a group (rows removed), or all.
 * -1 on error. */
int	notification_dismiss(struct db *, int64_t account_id, int64_t id);
long	notification_dismiss_group(struct db *, int64_t account_id,
	    const char *key);
int	notification_clear(struct db *, int64_t account_id);

/*
 * The notifications newer than the user's notifications marker (all when
 * there is none), counted up to limit; grouped counts groups instead
 * (ngrouped grouped types). 0 or -1.
 */
int	notification_unread_count(struct db *, int64_t account_id,
	    int64_t user_id, const struct notification_filter *, long limit,
	    long *count);
/*
 * The signed-in menu's count (every notification), counted afresh and
 * kept for the next pages (sql/0014: notification_unread_counts). 0 or
 * -1.
 */
int	notification_menu_count(struct db *, int64_t account_id,
	    int64_t user_id, long limit, long *count);
int	notification_unread_group_count(struct db *, int64_t account_id,
	    int64_t user_id, const struct notification_filter *,
	    const char *const *grouped, size_t ngrouped, long limit,
	    long *count);

/*
 * The senders and statuses a page of notifications names, each set loaded
 * in one query (ids may repeat); statuses with the viewer's flags.
 */
struct notification_refs {
	struct account		*accounts;
	size_t			 naccounts;
	struct status_list	 statuses;
};

int	notification_refs_load(struct db *, const struct config *,
	    int64_t viewer, const int64_t *account_ids, size_t naccounts,
	    const int64_t *status_ids, size_t nstatuses,
	    struct notification_refs *);
/* The same for a list of notifications: its senders and statuses. */
int	notification_refs_for_list(struct db *, const struct config *,
	    int64_t viewer, const struct notification_list *,
	    struct notification_refs *);
/* NULL when not loaded (gone, suspended, hidden). */
const struct account	*notification_refs_account(
			    const struct notification_refs *, int64_t id);
const struct status	*notification_refs_status(
			    const struct notification_refs *, int64_t id);
void	notification_refs_free(struct notification_refs *);
/* Whether a type is about a status (and so shows one). */
int	notification_type_has_status(const char *type);

#endif
