/*
 * ap_fetch: the checks between an HTTP response and an ActivityPub
 * object. Each refusal names what was wrong, for logs and woollyctl.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "ap_fetch.h"
#include "ap_parse.h"
#include "http_client.h"

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
ap_content_type_ok(const char *type)
{
	static const char *const accepted[] = {
		"application/activity+json", "application/ld+json"
	};
	size_t i, n;

	if (type == NULL)
		return 0;
	while (*type == ' ' || *type == '\t')
		type++;
	n = strcspn(type, "; \t");
	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		if (n == strlen(accepted[i]) &&
		    !strncasecmp(type, accepted[i], n))
			return 1;
	return 0;
}

struct json_object *
ap_fetch_object(const struct http_policy *p, const char *url,
    const char *key_id, const struct httpsig_key *key, long *status,
    char *err, size_t errlen)
{
	struct http_request req;
	struct http_response resp;
	struct json_object *obj = NULL, *id;
	struct ap_error error;
	char shown_id[HTTP_SHOWN_URL], shown_url[HTTP_SHOWN_URL];

	memset(&req, 0, sizeof(req));
	req.url = url;
	req.accept = AP_ACCEPT;
	req.key_id = key_id;
	req.key = key;
	if (status != NULL)
		*status = 0;
	if (http_fetch(p, &req, &resp) == -1) {
		fail(err, errlen, "%s", resp.error);
		goto done;
	}
	if (status != NULL)
		*status = resp.status;
	if (resp.status < 200 || resp.status > 299) {
		http_printable_url(resp.final_url, shown_url);
		fail(err, errlen, "failed: HTTP %ld from %s", resp.status,
		    shown_url);
		goto done;
	}
	if (!ap_content_type_ok(resp.content_type)) {
		fail(err, errlen, "refused: content type %.100s is not "
		    "application/activity+json or application/ld+json",
		    resp.content_type ? resp.content_type : "(none)");
		goto done;
	}
	if ((obj = ap_json_parse(buf_cstr(&resp.body), resp.body.len,
	    &error)) == NULL) {
		fail(err, errlen, "refused: %s", error.reason);
		goto done;
	}
	if (!json_object_object_get_ex(obj, "id", &id) ||
	    !json_object_is_type(id, json_type_string)) {
		fail(err, errlen, "refused: the object has no id");
		goto drop;
	}
	if (!ap_same_origin(json_object_get_string(id), resp.final_url)) {
		http_printable_url(json_object_get_string(id), shown_id);
		http_printable_url(resp.final_url, shown_url);
		fail(err, errlen, "refused: the object's id %s is not on the "
		    "origin of %s", shown_id, shown_url);
		goto drop;
	}
	goto done;
drop:
	json_object_put(obj);
	obj = NULL;
done:
	http_response_free(&resp);
	return obj;
}
