/*
 * account_search: finding accounts by what a person types: the start of
 * a username ("ali", "@ali", "alice@exa") or of a display name. Exact
 * usernames come first, then local accounts, then the better followed.
 * Nothing is fetched from other servers (that comes with federation).
 */
#ifndef WOOLLY_ACCOUNT_SEARCH_H
#define WOOLLY_ACCOUNT_SEARCH_H

#include <stdint.h>

#include "account.h"

struct config;
struct db;

#define ACCOUNT_SEARCH_QUERY_MAX	256	/* characters */

struct account_search {
	const char	*query;
	int64_t		 viewer;	/* 0 when signed out */
	int		 following;	/* only accounts the viewer follows */
	int		 limit;
	int		 offset;
};

/*
 * The matches, leaving out suspended and pending accounts and, for a
 * viewer, accounts blocking or blocked by them. A blank query finds
 * nothing. 0 or -1.
 */
int	account_search(struct db *, const struct config *,
	    const struct account_search *, struct account_list *);

#endif
