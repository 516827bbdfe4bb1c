/*
 * cors: Mastodon's cross-origin rules. The headers are added when the
 * response is sent, so the page cache stores no per-request header and
 * an error page made after a handler failed carries them too.
 */
#include <string.h>

#include "cors.h"
#include "request.h"

/* Longest a browser may keep a preflight answer (seconds). */
#define PREFLIGHT_MAX_AGE 7200

static const char *const open_prefixes[] = {
	"/api/", "/.well-known/", "/nodeinfo/", NULL
};
static const char *const open_paths[] = {
	"/oauth/token", "/oauth/revoke", "/oauth/userinfo", NULL
};

int
cors_path(const char *path)
{
	size_t i;

	for (i = 0; open_prefixes[i] != NULL; i++)
		if (!strncmp(path, open_prefixes[i],
		    strlen(open_prefixes[i])))
			return 1;
	for (i = 0; open_paths[i] != NULL; i++)
		if (!strcmp(path, open_paths[i]))
			return 1;
	return 0;
}

void
cors_headers(struct request *req)
{
	if (!req->resp.cors || req_header(req, "Origin") == NULL)
		return;
	resp_header(req, "Access-Control-Allow-Origin", "*");
	resp_header(req, "Access-Control-Expose-Headers", "Link, "
	    "X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, "
	    "X-Request-Id, Idempotency-Key");
	resp_header(req, "Vary", "Origin");
}

int
cors_preflight(struct request *req)
{
	const char *asked;

	if (!cors_path(req->path))
		return 0;
	req->resp.cors = 1;
	if (strcmp(req->method, "OPTIONS") != 0)
		return 0;
	/* Any header may come (Authorization, Idempotency-Key...). */
	asked = req_header(req, "Access-Control-Request-Headers");
	resp_header(req, "Access-Control-Allow-Methods",
	    "POST, PUT, DELETE, GET, PATCH, OPTIONS");
	if (asked != NULL && strlen(asked) < 1024 &&
	    strpbrk(asked, "\r\n") == NULL)
		resp_header(req, "Access-Control-Allow-Headers", "%s", asked);
	resp_header(req, "Access-Control-Max-Age", "%d", PREFLIGHT_MAX_AGE);
	resp_status(req, 204);
	return 1;
}
