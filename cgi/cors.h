/*
 * cors: cross-origin access for browser clients (Elk, Phanpy, Pinafore
 * and masto.js in a page), on the same paths Mastodon opens with
 * rack-cors: the client API, the OAuth token endpoints, and the public
 * discovery documents. No credentials: an app sends its bearer token
 * itself, and cookies never cross.
 */
#ifndef WOOLLY_CORS_H
#define WOOLLY_CORS_H

#include "request.h"

/* 1 when the path is one a web page on another origin may call. */
int	cors_path(const char *path);
/*
 * Answer a preflight (OPTIONS on such a path): 1 when answered. Other
 * requests are only marked, and resp_send adds the headers.
 */
int	cors_preflight(struct request *);
/* The headers of a response to a cross-origin call (resp_send). */
void	cors_headers(struct request *);

#endif
