/*
 * search: what GET /api/v2/search and the /search page find. Accounts by
 * the prefix of their user name (and domain) or of a word of their
 * display name; hashtags by prefix; statuses by PostgreSQL full-text
 * search over what the searcher may find: public posts of accounts that
 * chose to be indexable, their own posts and posts they took part in
 * (mentioned, favourited, bookmarked, boosted), as Mastodon searches.
 * Every query is backed by an index of sql/0012_search_trends.sql.
 */
#ifndef WOOLLY_SEARCH_H
#define WOOLLY_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "timeline.h"

struct buf;
struct config;
struct db;

/* What one search asks for; the caller checked the values. */
struct search_request {
	const char	*q;		/* trimmed, not empty */
	int64_t		 viewer;	/* account id; 0: signed out */
	int		 limit;		/* results per kind */
	int		 offset;
	int		 following;	/* only accounts followed */
	int		 exclude_unreviewed;	/* hashtags */
	int64_t		 account_id;	/* one author; 0 = any */
	int64_t		 max_id, min_id;	/* statuses; 0 = unset */
};

struct found_accounts {
	struct account	*items;
	size_t		 n;
};

/*
 * Which kinds a query can find at all, as Mastodon decides it: "#tag"
 * finds no accounts, "a@b" no hashtags, and a lone "#tag" or "a@b" no
 * statuses.
 */
int	search_finds_accounts(const char *q);
int	search_finds_hashtags(const char *q);
int	search_finds_statuses(const char *q);

/*
 * Accounts: the exact match first, then local accounts, then those whose
 * user name starts with the query, then the most followed. Suspended,
 * moved and pending accounts and those the viewer blocked, muted or is
 * blocked by are left out. 0 or -1.
 */
int	search_accounts(struct db *, const struct config *,
	    const struct search_request *, struct found_accounts *);
void	found_accounts_free(struct found_accounts *);

/* Listable hashtags whose name starts with the query (without '#'),
 * shortest first, so an exact match leads. Tag ids, or -1. */
int	search_hashtags(struct db *, const struct search_request *,
	    struct id_list *);

/* Statuses, newest first, within max_id/min_id. Ids, or -1. */
int	search_statuses(struct db *, const struct search_request *,
	    struct id_list *);

/*
 * resolve=true with a URL: the status or account we already have at that
 * address (its ActivityPub id, or a page of this server), if the viewer
 * may see it. Nothing is fetched from other servers yet. *status_id or
 * *account_id is set (0 for none). 0 or -1.
 */
int	search_resolve_url(struct db *, const struct config *,
	    const char *url, int64_t viewer, int64_t *status_id,
	    int64_t *account_id);

/*
 * The query as text PostgreSQL's to_tsquery() reads as a prefix search
 * of each of its words ("'ali':* & 'smi':*"), or "" when it has none.
 * Words are runs of letters, digits and '_' (any byte above 0x7F
 * counts as a letter), so no quote or operator of the user's survives.
 */
void	search_prefix_tsquery(const char *q, struct buf *);

#endif
