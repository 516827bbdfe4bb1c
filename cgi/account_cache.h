/*
 * account_cache: Account entities of many accounts at once (the senders of
 * a page of notifications), from memcached where it has them.
 */
#ifndef WOOLLY_ACCOUNT_CACHE_H
#define WOOLLY_ACCOUNT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "request.h"

/* The entities, in the order asked, of the accounts that exist. */
struct account_texts {
	size_t	  n;
	int64_t	 *ids;
	char	**text;		/* "{...}", the Account entity */
	size_t	 *len;
};

/*
 * The Account entities of ids (no repeats), from memcached under each
 * account's version, the missing ones loaded, rendered and kept. Needs
 * memcached (without it, nothing is worth keeping: render them at once).
 * 0, or -1 on a database error.
 */
int	account_texts_load(struct request *, const int64_t *ids, size_t n,
	    struct account_texts *);
/* The entity of account id, NULL when it is not there. */
const char	*account_texts_find(const struct account_texts *, int64_t id,
		    size_t *len);
void	account_texts_free(struct account_texts *);

#endif
