/*
 * router: the one route table. Each route names its method, a path
 * pattern with :named segments, its handler, its family (web page, client
 * API, ActivityPub) and what it needs before the handler may run.
 */
#ifndef WOOLLY_ROUTER_H
#define WOOLLY_ROUTER_H

#include "request.h"

typedef int (*handler_fn)(struct request *);

enum route_needs {
	NEED_NOTHING	= 0,
	NEED_SESSION	= 1 << 0,	/* a signed-in web user */
	NEED_CSRF	= 1 << 1,	/* a valid authenticity_token */
	NEED_TOKEN	= 1 << 2,	/* an OAuth bearer token (API) */
	NEED_ADMIN	= 1 << 3,	/* role admin (or moderator) */
	CACHEABLE	= 1 << 4,	/* signed-out answers may be shared */
};

struct route {
	const char	*method;
	const char	*pattern;
	handler_fn	 handler;
	enum family	 family;
	unsigned	 needs;
	const char	*scope;		/* OAuth scope when NEED_TOKEN */
	/*
	 * The query parameters the handler reads (NULL-terminated); the
	 * rest are dropped before it runs. NULL keeps them all (routes
	 * that are never cached).
	 */
	const char *const *query;
};

/* Match the request to a route and run it; always leaves a response. */
void	router_dispatch(struct request *);
/* Exposed for the unit tests: 1 and params filled on a match. */
int	route_match(const char *pattern, const char *path, struct params *);

#endif
