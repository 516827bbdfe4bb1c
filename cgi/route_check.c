/*
 * route_check: a route table the router could not enforce is refused at
 * start-up, before it serves anyone: a flag it does not know, a token
 * route with no scope, a cookie check on an API route, a cacheable page
 * that is personal.
 */
#include <string.h>

#include "log.h"
#include "route_check.h"
#include "router.h"
#include "scope.h"

static int
has_body(const char *m)
{
	return !strcmp(m, "POST") || !strcmp(m, "PUT") ||
	    !strcmp(m, "PATCH") || !strcmp(m, "DELETE");
}

static int
method_known(const char *m)
{
	return m != NULL && (!strcmp(m, "GET") || has_body(m));
}

/* Each name in a list of alternatives is a scope Mastodon defines. */
static int
scope_ok(const char *list)
{
	return list != NULL && *list != '\0' && scope_list_valid(list);
}

static const char *
api_route_check(const struct route *r)
{
	if (r->needs & (NEED_SESSION | NEED_CSRF))
		return "is an API route that checks a web session";
	if ((r->needs & (NEED_TOKEN | NEED_USER | NEED_ADMIN)) &&
	    !scope_ok(r->scope))
		return "needs a token but names no valid scope";
	if ((r->needs & NEED_USER) && !(r->needs & NEED_TOKEN))
		return "needs a user without needing a token";
	if ((r->needs & NEED_ADMIN) && !(r->needs & NEED_USER))
		return "needs an admin without needing a user";
	if ((r->needs & RATE_POST) && !(r->needs & NEED_USER))
		return "counts posts without needing a user";
	if ((r->needs & CACHEABLE) && (r->needs & NEED_TOKEN))
		return "is cacheable yet needs a token";
	return NULL;
}

static const char *
web_route_check(const struct route *r)
{
	if (r->needs & (NEED_TOKEN | NEED_USER | RATE_POST))
		return "is a web page that checks a token";
	if (r->scope != NULL)
		return "is a web page that names a scope";
	if ((r->needs & NEED_ADMIN) && !(r->needs & NEED_SESSION))
		return "needs an admin without needing a session";
	if ((r->needs & NEED_CSRF) && !has_body(r->method))
		return "checks a form token on a method without a body";
	if ((r->needs & CACHEABLE) && (r->needs & NEED_SESSION))
		return "is cacheable yet needs a session";
	if (has_body(r->method) && !(r->needs & NEED_CSRF))
		return "changes state without a form token";
	return NULL;
}

const char *
route_check(const struct route *r)
{
	if (r->needs & ~NEEDS_KNOWN)
		return "needs a flag the router does not know";
	if (!method_known(r->method))
		return "has a method the router does not serve";
	if (r->pattern == NULL || r->pattern[0] != '/' || r->handler == NULL)
		return "has no pattern or no handler";
	if (r->scope != NULL && !scope_ok(r->scope))
		return "names a scope that does not exist";
	if ((r->needs & CACHEABLE) &&
	    (r->query == NULL || strcmp(r->method, "GET") != 0))
		return "is cacheable without being a GET that declares its "
		    "query";
	if ((r->needs & (LOCAL_CONTENT | ACCT_CONTENT)) &&
	    !(r->needs & CACHEABLE))
		return "shows local content without being cacheable";
	if ((r->needs & ACCT_CONTENT) && strstr(r->pattern, ":acct") == NULL)
		return "shows an account's content without an :acct";
	if ((r->needs & NEED_AP_ACCEPT) &&
	    (r->family != FAMILY_AP || strcmp(r->method, "GET") != 0))
		return "chooses by Accept without being an ActivityPub GET";
	switch (r->family) {
	case FAMILY_API:
		return api_route_check(r);
	case FAMILY_WEB:
		return web_route_check(r);
	case FAMILY_AP:
		if (r->needs & ~(CACHEABLE | LOCAL_CONTENT | NEED_AP_ACCEPT))
			return "is an ActivityPub route with client needs";
		return NULL;
	}
	return "has an unknown family";
}

static int
same_path(const struct route *a, const struct route *b)
{
	return a->method != NULL && b->method != NULL && a->pattern != NULL &&
	    b->pattern != NULL && !strcmp(a->method, b->method) &&
	    !strcmp(a->pattern, b->pattern);
}

/*
 * An ActivityPub-only route needs the HTML route of its path after it:
 * before it, that route would answer every request first; without it,
 * a browser would find nothing at the address of an actor or a post.
 */
static const char *
negotiation_check(const struct route *routes, size_t n, size_t i)
{
	size_t j;
	int before = 0, after = 0;

	if (!(routes[i].needs & NEED_AP_ACCEPT))
		return NULL;
	for (j = 0; j < n; j++) {
		if (j == i || (routes[j].needs & NEED_AP_ACCEPT) ||
		    !same_path(&routes[i], &routes[j]))
			continue;
		if (j < i)
			before = 1;
		else
			after = 1;
	}
	if (before)
		return "comes after the route that answers its path for any "
		    "Accept";
	if (!after)
		return "has no route for the other Accept headers";
	return NULL;
}

int
route_table_check(const struct route *routes, size_t n)
{
	const char *why;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if ((why = route_check(&routes[i])) != NULL ||
		    (why = negotiation_check(routes, n, i)) != NULL) {
			log_warnx("route table: %s %s %s", routes[i].method,
			    routes[i].pattern, why);
			rc = -1;
		}
	return rc;
}
