/*
 * route_check_test: the router refuses a route table it could not
 * enforce. Each broken route below must be caught, and the sound ones
 * (shaped like the real table's) must pass.
 */
#include <stddef.h>

#include "route_check.h"
#include "router.h"
#include "tap.h"

static int
handler(struct request *req)
{
	(void)req;
	return 0;
}

static const char *const q_none[] = { NULL };

#define WEB FAMILY_WEB
#define API FAMILY_API

static const struct route sound[] = {
	{ "GET", "/", handler, WEB, 0, NULL, NULL },
	{ "POST", "/statuses", handler, WEB, NEED_SESSION | NEED_CSRF, NULL,
	  NULL },
	{ "GET", "/public/local", handler, WEB, CACHEABLE, NULL, q_none },
	{ "GET", "/admin", handler, WEB, NEED_SESSION | NEED_ADMIN, NULL,
	  NULL },
	{ "GET", "/api/v1/instance", handler, API, CACHEABLE, NULL, q_none },
	{ "GET", "/api/v1/accounts/:id", handler, API, CACHEABLE,
	  "read:accounts", q_none },
	{ "GET", "/api/v1/accounts/verify_credentials", handler, API,
	  NEED_TOKEN | NEED_USER, "read:accounts profile", NULL },
	{ "POST", "/api/v1/statuses", handler, API,
	  NEED_TOKEN | NEED_USER | RATE_POST, "write:statuses", NULL },
	{ "GET", "/api/v1/admin/accounts", handler, API,
	  NEED_TOKEN | NEED_USER | NEED_ADMIN, "admin:read:accounts", NULL },
	{ "GET", "/api/v1/apps/verify_credentials", handler, API, NEED_TOKEN,
	  "read", NULL },
	{ "GET", "/@:acct", handler, FAMILY_AP, CACHEABLE | NEED_AP_ACCEPT,
	  NULL, q_none },
	{ "GET", "/@:acct", handler, WEB, CACHEABLE | ACCT_CONTENT, NULL,
	  q_none },
	{ "GET", "/users/:name/outbox", handler, FAMILY_AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET", "/api/v1/instance/rules", handler, API,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
};

static const struct {
	struct route	 r;
	const char	*what;
} broken[] = {
	{ { "GET", "/x", handler, API, 1u << 20, NULL, NULL },
	  "an unknown need flag" },
	{ { "GET", "/x", handler, API, NEED_TOKEN, NULL, NULL },
	  "a token route without a scope" },
	{ { "GET", "/x", handler, API, NEED_TOKEN, "", NULL },
	  "a token route with an empty scope" },
	{ { "GET", "/x", handler, API, NEED_TOKEN, "read:telepathy", NULL },
	  "a scope that does not exist" },
	{ { "GET", "/x", handler, API, 0, "reed", NULL },
	  "a misspelt optional scope" },
	{ { "GET", "/x", handler, API, NEED_USER, "read", NULL },
	  "a user without a token" },
	{ { "GET", "/x", handler, API, NEED_TOKEN | NEED_ADMIN, "admin:read",
	  NULL }, "an admin without a user" },
	{ { "POST", "/x", handler, API, NEED_TOKEN | RATE_POST, "write",
	  NULL }, "a posting limit without a user" },
	{ { "GET", "/x", handler, API, NEED_SESSION, NULL, NULL },
	  "a cookie check on an API route" },
	{ { "POST", "/x", handler, API, NEED_CSRF, NULL, NULL },
	  "a form token on an API route" },
	{ { "GET", "/x", handler, API, CACHEABLE | NEED_TOKEN | NEED_USER,
	  "read", q_none }, "a cacheable token route" },
	{ { "GET", "/x", handler, API, CACHEABLE, NULL, NULL },
	  "a cacheable route without its query" },
	{ { "POST", "/x", handler, API, CACHEABLE, NULL, q_none },
	  "a cacheable POST" },
	{ { "GET", "/x", handler, WEB, NEED_TOKEN, "read", NULL },
	  "a token check on a web page" },
	{ { "GET", "/x", handler, WEB, LOCAL_CONTENT, NULL, q_none },
	  "local content on a page that is not cached" },
	{ { "GET", "/@:acct", handler, WEB, ACCT_CONTENT, NULL, q_none },
	  "an account's content on a page that is not cached" },
	{ { "GET", "/x", handler, WEB, CACHEABLE | ACCT_CONTENT, NULL,
	  q_none }, "an account's content without an :acct" },
	{ { "GET", "/x", handler, WEB, 0, "read", NULL },
	  "a scope on a web page" },
	{ { "GET", "/x", handler, WEB, NEED_ADMIN, NULL, NULL },
	  "an admin page without a session" },
	{ { "GET", "/x", handler, WEB, NEED_SESSION | NEED_CSRF, NULL, NULL },
	  "a form token on a GET" },
	{ { "POST", "/x", handler, WEB, NEED_SESSION, NULL, NULL },
	  "a web POST without a form token" },
	{ { "GET", "/x", handler, WEB, NEED_SESSION | CACHEABLE, NULL,
	  q_none }, "a cacheable page that needs a session" },
	{ { "BREW", "/x", handler, WEB, 0, NULL, NULL },
	  "an unknown method" },
	{ { "GET", "x", handler, WEB, 0, NULL, NULL },
	  "a pattern that is not a path" },
	{ { "GET", "/x", NULL, WEB, 0, NULL, NULL }, "no handler" },
	{ { "GET", "/x", handler, FAMILY_AP, NEED_SESSION, NULL, NULL },
	  "an ActivityPub route with a session check" },
	{ { "GET", "/x", handler, WEB, NEED_AP_ACCEPT, NULL, NULL },
	  "a web page chosen by an ActivityPub Accept" },
	{ { "GET", "/x", handler, API, NEED_AP_ACCEPT, NULL, NULL },
	  "an API call chosen by an ActivityPub Accept" },
	{ { "POST", "/x", handler, FAMILY_AP, NEED_AP_ACCEPT, NULL, NULL },
	  "a POST chosen by Accept" },
};

/* Tables whose routes are each sound but whose negotiation is not. */
static const struct route shadowed[] = {
	{ "GET", "/@:acct", handler, WEB, 0, NULL, NULL },
	{ "GET", "/@:acct", handler, FAMILY_AP, NEED_AP_ACCEPT, NULL, NULL },
};
static const struct route alone[] = {
	{ "GET", "/users/:name", handler, FAMILY_AP, NEED_AP_ACCEPT, NULL,
	  NULL },
	{ "GET", "/users/:name/outbox", handler, FAMILY_AP, 0, NULL, NULL },
};

int
main(void)
{
	size_t i;
	const char *why;

	for (i = 0; i < sizeof(sound) / sizeof(sound[0]); i++) {
		why = route_check(&sound[i]);
		ok(why == NULL, "sound: %s %s%s%s", sound[i].method,
		    sound[i].pattern, why ? " - " : "", why ? why : "");
	}
	ok(route_table_check(sound, sizeof(sound) / sizeof(sound[0])) == 0,
	    "a sound table passes");
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		why = route_check(&broken[i].r);
		ok(why != NULL, "refused: %s (%s)", broken[i].what,
		    why ? why : "passed");
		ok(route_table_check(&broken[i].r, 1) == -1,
		    "... and the table holding it");
	}
	ok(route_check(&shadowed[1]) == NULL && route_table_check(shadowed,
	    2) == -1, "refused: an ActivityPub route after the HTML route "
	    "of its path");
	ok(route_check(&alone[0]) == NULL && route_table_check(alone, 2) == -1,
	    "refused: an ActivityPub route with no HTML route for its path");
	return done_testing();
}
