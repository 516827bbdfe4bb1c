/*
 * ap_shared: the local actor of a path, and ActivityPub answers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "account.h"
#include "activitypub.h"
#include "ap_shared.h"
#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "media_type.h"
#include "request.h"

void
ap_send(struct request *req, int status, enum ap_vocabulary v,
    json_object *obj)
{
	resp_json(req, status, ap_document(v, obj));
	req->resp.content_type = AP_CONTENT_TYPE;
	if (status == 200)
		api_cache(req, AP_MAX_AGE);
}

const char *
ap_route_username(struct request *req, char out[31])
{
	const char *name = req_route_param(req, "name"), *at;
	size_t len;

	if (name == NULL && (name = req_route_param(req, "acct")) != NULL &&
	    (at = strchr(name, '@')) != NULL) {
		/* Only our own domain: remote accounts are theirs to serve. */
		if (strcasecmp(at + 1, req->app->cf->domain) != 0)
			goto unknown;
		len = (size_t)(at - name);
	} else
		len = name != NULL ? strlen(name) : 0;
	if (len == 0 || len > 30)
		goto unknown;
	memcpy(out, name, len);
	out[len] = '\0';
	if (!account_username_valid(out))
		goto unknown;
	return out;
unknown:
	resp_error(req, 404, AP_NOT_FOUND);
	return NULL;
}

void
ap_suspended(struct request *req)
{
	resp_error(req, 403, "This account has been suspended");
}

int
ap_route_actor(struct request *req, int with_suspended, struct ap_actor *a)
{
	char name[31];
	int rc;

	memset(a, 0, sizeof(*a));
	if (ap_route_username(req, name) == NULL)
		return 0;
	rc = ap_actor_load(req->app->db, req->app->cf, name, a);
	if (rc == 0)
		resp_error(req, 404, AP_NOT_FOUND);
	if (rc != 1)
		return rc;
	if (a->account.suspended && !with_suspended) {
		ap_actor_free(a);
		ap_suspended(req);
		return 0;
	}
	return 1;
}

int
ap_page_requested(struct request *req)
{
	int page = 0;

	if (req_bool(req, "page", &page) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	return page;
}

char *
ap_page_url(const char *base, const char *cursor, int64_t value)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s?page=true", base);
	if (cursor != NULL)
		buf_printf(&b, "&%s=%" PRId64, cursor, value);
	return buf_detach(&b);
}
