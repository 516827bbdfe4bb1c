/*
 * ap_fetch: fetch one ActivityPub object through the safe HTTP client,
 * and take it only if it is one: an ActivityPub content type, JSON
 * within a nesting limit, a top-level object, and an id on the origin of
 * the URL finally fetched, so a server cannot pass off an object of
 * another (CVE-2024-23832).
 */
#ifndef WOOLLY_AP_FETCH_H
#define WOOLLY_AP_FETCH_H

#include <stddef.h>

#include <json-c/json.h>

#include "ap_parse.h"	/* ap_json_parse, ap_same_origin */
#include "http_client.h"
#include "httpsig.h"

#define AP_ACCEPT "application/activity+json, application/ld+json; " \
	"profile=\"https://www.w3.org/ns/activitystreams\""

/*
 * GET url (signed when key_id and key are given) and return the object,
 * or NULL with the reason in err. *status (when not NULL) gets the HTTP
 * status, 0 when none arrived, so a caller can tell 410 Gone apart.
 * The caller puts the object (json_object_put).
 */
struct json_object *ap_fetch_object(const struct http_policy *,
	    const char *url, const char *key_id, const struct httpsig_key *key,
	    long *status, char *err, size_t errlen);

/* Is this Content-Type application/activity+json or ld+json? */
int	ap_content_type_ok(const char *content_type);

#endif
