/*
 * bearer: the OAuth bearer token of an API request. The token comes in
 * the Authorization header ("Bearer ...") or, as Mastodon also accepts,
 * an access_token parameter; only its SHA-256 is looked up. A token that
 * belongs to a user makes that user the request's viewer, exactly as a
 * session cookie does on a web page.
 */
#ifndef WOOLLY_BEARER_H
#define WOOLLY_BEARER_H

#include <stdint.h>

#include "request.h"

/* Longest token accepted; ours are 43 characters. */
#define BEARER_MAX 128

enum bearer_result {
	BEARER_NONE = 0,	/* no token came */
	BEARER_VALID = 1,	/* req->token (and req->viewer) filled */
	BEARER_INVALID = 2,	/* unknown, revoked or malformed */
	BEARER_DISABLED = 3,	/* its user may not sign in now */
	BEARER_ERROR = -1,	/* the database failed */
};

/* Take the token from the header or the query before the router drops
 * undeclared query parameters; sets req->bearer. */
void	bearer_take(struct request *);
/* Load req->bearer (or an access_token from the body). */
enum bearer_result bearer_load(struct request *);
void	bearer_token_free(struct token *);

/*
 * A new random token for an application and user (0 for none) with the
 * scopes given; its text (43 characters) goes to out. 0 or -1.
 */
int	bearer_issue(struct request *, int64_t app_id, int64_t user_id,
	    const char *scopes, char out[64], int64_t *created_at);

#endif
