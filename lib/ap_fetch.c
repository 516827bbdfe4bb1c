/*
 * ap_fetch: the checks between an HTTP response and an ActivityPub
 * object. Each refusal names what was wrong, for logs and woollyctl.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "ap_fetch.h"
#include "ap_parse.h"
#include "http_client.h"
#include "media_type.h"

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
	return type != NULL && media_type_is_activitypub(type);
}

/* 1 when a URL names a user before its host (https://user@host/). */
static int
has_userinfo(const char *url)
{
	CURLU *h = curl_url();
	char *user = NULL;
	int has;

	if (h == NULL)
		return 1;
	has = curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_USER, &user, 0) == CURLUE_OK;
	curl_free(user);
	curl_url_cleanup(h);
	return has;
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
	/* An id is compared as a C string below and stored as one later. */
	if ((size_t)json_object_get_string_len(id) !=
	    strlen(json_object_get_string(id)) ||
	    has_userinfo(json_object_get_string(id))) {
		fail(err, errlen, "refused: the object's id holds a NUL byte "
		    "or a user name");
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
