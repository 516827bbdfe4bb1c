/*
 * media_type: reading media types as HTTP writes them (RFC 9110 §8.3.1,
 * §12.5.1), to tell an ActivityPub request from a browser's: the same
 * URL of an actor or a post answers JSON to one and HTML to the other.
 */
#ifndef WOOLLY_MEDIA_TYPE_H
#define WOOLLY_MEDIA_TYPE_H

/* What ActivityPub documents are served as (and Mastodon sends). */
#define AP_MEDIA_TYPE		"application/activity+json"
#define AP_CONTENT_TYPE		AP_MEDIA_TYPE "; charset=utf-8"
/* The ActivityStreams profile of JSON-LD, as ActivityPub §3.2 names it. */
#define AS_PROFILE		"https://www.w3.org/ns/activitystreams"

/*
 * 1 when a media type (a Content-Type value, or one element of an Accept
 * header, parameters included) names an ActivityPub document:
 * application/activity+json, or application/ld+json with no profile or
 * with the ActivityStreams one among its profiles. Case-insensitive in
 * the type, as HTTP wants.
 */
int	media_type_is_activitypub(const char *);

/*
 * 1 when an Accept header asks for ActivityPub rather than HTML: one of
 * the ActivityPub types with a quality above zero and at least that of
 * text/html or application/xhtml+xml. Wildcards (a browser's * / *) do
 * not count for HTML: HTML is what a path gives anyone who did not name
 * ActivityPub. NULL or malformed elements count for nothing.
 */
int	accept_prefers_activitypub(const char *accept);

#endif
