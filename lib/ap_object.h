/*
 * ap_object: what the ActivityPub URLs of this server name, as far as
 * serving them needs: a status at /users/NAME/statuses/ID (whatever state
 * it is in, so the handler can answer 404, 410 or the Note), and the
 * URIs a replies collection lists.
 */
#ifndef WOOLLY_AP_OBJECT_H
#define WOOLLY_AP_OBJECT_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct ap_local_status {
	int64_t	 id;
	int64_t	 account_id;
	char	*uri;
	char	*visibility;
	int	 deleted;		/* deleted_at is set */
	int	 reblog;		/* a boost (its URI is an Announce's) */
	int	 author_suspended;
};

/*
 * The status id of the local account named username (any case): 1 found
 * (in any state), 0 no such status of that account, -1 on error.
 */
int	ap_local_status_find(struct db *, const char *username, int64_t id,
	    struct ap_local_status *);
void	ap_local_status_free(struct ap_local_status *);

/* A page of URIs, each with the id it is paged by. */
struct ap_uri_page {
	char	**uris;
	int64_t	 *ids;
	size_t	  n;
};

/*
 * The replies to a status that anyone may read (public or unlisted, not
 * deleted, author not suspended), oldest first, those after after_id (0
 * for the first), at most limit (1 to 40). 0 or -1.
 */
int	ap_replies_page(struct db *, int64_t status_id, int64_t after_id,
	    int limit, struct ap_uri_page *);
void	ap_uri_page_free(struct ap_uri_page *);

#endif
