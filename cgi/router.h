/*
 * router: the one route table. Each route names its method, a path
 * pattern with :named segments, its handler, its family (web page, client
 * API, ActivityPub) and what it needs before the handler may run.
 */
#ifndef WOOLLY_ROUTER_H
#define WOOLLY_ROUTER_H

#include <stdio.h>

#include "request.h"

typedef int (*handler_fn)(struct request *);

enum route_needs {
	NEED_NOTHING	= 0,
	NEED_SESSION	= 1 << 0,	/* a signed-in web user */
	NEED_CSRF	= 1 << 1,	/* a valid authenticity_token */
	NEED_TOKEN	= 1 << 2,	/* an OAuth bearer token (API) */
	NEED_ADMIN	= 1 << 3,	/* role admin (or moderator) */
	CACHEABLE	= 1 << 4,	/* signed-out answers may be shared */
	NEED_USER	= 1 << 5,	/* a token that belongs to a user */
	RATE_POST	= 1 << 6,	/* counts against the posting limit */
	/*
	 * An Accept header that asks for ActivityPub (media_type.h), or
	 * the router goes on to the next route. A path that answers both
	 * ways (an actor's, a post's) lists its ActivityPub route first and
	 * its HTML route after; every answer on such a path varies on
	 * Accept.
	 */
	NEED_AP_ACCEPT	= 1 << 7,
	/*
	 * A CACHEABLE answer that shows only the instance's own content
	 * (its actors and posts, its documents): cached under the local
	 * content generation alone, so remote posts and profiles arriving
	 * do not retire it (content_changes.h).
	 */
	LOCAL_CONTENT	= 1 << 8,
	/*
	 * A CACHEABLE page of the account its :acct names (a profile, a
	 * post and its thread): local content when that is a local account
	 * (no @domain), as LOCAL_CONTENT; any content otherwise.
	 */
	ACCT_CONTENT	= 1 << 9,
};
#define NEEDS_KNOWN	((1u << 10) - 1)

struct route {
	const char	*method;
	const char	*pattern;
	handler_fn	 handler;
	enum family	 family;
	unsigned	 needs;
	/*
	 * The OAuth scopes that allow the route, as alternatives ("read:
	 * accounts profile"); a broad scope covers its granular ones.
	 * Required with NEED_TOKEN; on an API route without it, checked
	 * when a token comes anyway (Mastodon's authorize_if_got_token!).
	 */
	const char	*scope;
	/*
	 * The query parameters the handler reads (NULL-terminated); the
	 * rest are dropped before it runs. NULL keeps them all (routes
	 * that are never cached).
	 */
	const char *const *query;
};

/* Match the request to a route and run it; always leaves a response. */
void	router_dispatch(struct request *);
/*
 * Refuse a table whose needs the router does not understand or that
 * contradict each other (a token route without a scope, a scope that
 * does not exist, a cookie check on an API route...). 0, or -1 with the
 * reason logged.
 */
int	router_check_table(void);
/* Print the table, one route per line, for the route-walk test. */
void	router_print_table(FILE *);
/* Exposed for the unit tests: 1 and params filled on a match. */
int	route_match(const char *pattern, const char *path, struct params *);

#endif
