/*
 * media_type_test: which Accept headers ask for ActivityPub (what peers
 * and browsers really send, then the corner cases of the grammar), and
 * which Content-Types are ActivityPub documents.
 */
#include <stddef.h>

#include "media_type.h"
#include "tap.h"

struct accept_case {
	const char	*accept;
	int		 activitypub;
	const char	*why;
};

static const struct accept_case accepts[] = {
	/* What servers send. */
	{ "application/activity+json", 1, "activity+json (Mastodon)" },
	{ "application/ld+json; profile=\"https://www.w3.org/ns/"
	  "activitystreams\"", 1, "ld+json with the AS profile" },
	{ "application/ld+json", 1, "plain ld+json" },
	{ "application/activity+json, application/ld+json", 1,
	  "both (Pleroma)" },
	{ "application/activity+json, application/ld+json; profile=\"https://"
	  "www.w3.org/ns/activitystreams\", text/html;q=0.1", 1,
	  "both, HTML as a poor third (Misskey)" },
	{ "application/ld+json;profile=\"https://www.w3.org/ns/"
	  "activitystreams\",application/activity+json", 1,
	  "no spaces at all" },
	{ "APPLICATION/Activity+JSON", 1, "any case in the type" },
	{ "application/activity+json; charset=utf-8", 1,
	  "a charset parameter" },
	{ "application/ld+json; profile=\"https://www.w3.org/ns/"
	  "activitystreams https://w3id.org/security/v1\"", 1,
	  "a list of profiles naming AS" },
	{ "application/activity+json, */*;q=0.8", 1,
	  "a wildcard does not count for HTML" },
	{ "text/html;q=0.5, application/activity+json", 1,
	  "AP preferred by quality" },
	{ "text/html, application/activity+json", 1,
	  "a tie goes to the type a browser never names" },
	/* What browsers and others send. */
	{ "text/html,application/xhtml+xml,application/xml;q=0.9,"
	  "image/avif,image/webp,*/*;q=0.8", 0, "Firefox" },
	{ "*/*", 0, "curl" },
	{ "application/json", 0, "plain JSON is not ActivityPub" },
	{ "application/ld+json; profile=\"https://example.com/other\"", 0,
	  "ld+json with another profile" },
	{ "text/html, application/activity+json;q=0.9", 0,
	  "HTML preferred by quality" },
	{ "application/xhtml+xml, application/activity+json;q=0.5", 0,
	  "XHTML preferred by quality" },
	{ "application/activity+json;q=0", 0, "q=0 refuses it" },
	{ "application/activity+json;q=0.000", 0, "q=0.000 refuses it" },
	{ "application/activity+json;q=0.001", 1, "the smallest quality" },
	{ "application/activity+json;Q=1.000", 1, "Q=1.000" },
	{ "", 0, "an empty header" },
	{ ",,, ,", 0, "only commas" },
	/* Malformed elements count for nothing; the others still do. */
	{ "application/activity+json;q=2", 0, "q above 1" },
	{ "application/activity+json;q=0.5x", 0, "q with letters" },
	{ "application/activity+json;q=1.0001", 0, "q with 4 decimals" },
	{ "application/activity+json;q", 0, "a parameter without value" },
	{ "application/activity+json;profile=\"unterminated", 0,
	  "an unterminated quoted string" },
	{ "activity+json", 0, "no type/subtype" },
	{ "garbage;;;, application/activity+json", 1,
	  "a malformed element before a good one" },
	{ "application/ld+json; profile=\"a,b\", application/ld+json; "
	  "profile=\"https://www.w3.org/ns/activitystreams\"", 1,
	  "a comma inside quotes does not split" },
	{ "application/ld+json; profile=\"https://www.w3.org/ns/"
	  "activity\\streams\"", 1, "a quoted-pair in the profile" },
	{ "text/html, application/ld+json; profile=\"https://www.w3.org/ns/"
	  "activitystreams\";q=0", 0, "q=0 after the profile" },
};

struct type_case {
	const char	*type;
	int		 activitypub;
	const char	*why;
};

static const struct type_case types[] = {
	{ "application/activity+json", 1, "activity+json" },
	{ "application/activity+json; charset=utf-8", 1, "with a charset" },
	{ "application/ld+json; profile=\"https://www.w3.org/ns/"
	  "activitystreams\"", 1, "ld+json with the AS profile" },
	{ "application/ld+json", 1, "plain ld+json" },
	{ "application/ld+json; profile=\"https://example.com/x\"", 0,
	  "ld+json with another profile" },
	{ "application/json", 0, "plain JSON" },
	{ "text/html; charset=utf-8", 0, "HTML" },
	{ "application/activity+jsonx", 0, "a longer subtype" },
	{ "", 0, "empty" },
	{ NULL, 0, "absent" },
};

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(accepts) / sizeof(accepts[0]); i++)
		ok(accept_prefers_activitypub(accepts[i].accept) ==
		    accepts[i].activitypub, "Accept: %s -> %s (%s)",
		    accepts[i].accept, accepts[i].activitypub ?
		    "ActivityPub" : "HTML", accepts[i].why);
	ok(accept_prefers_activitypub(NULL) == 0, "no Accept header -> HTML");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		ok(media_type_is_activitypub(types[i].type) ==
		    types[i].activitypub, "Content-Type %s is %san ActivityPub "
		    "document (%s)", types[i].type ? types[i].type : "(none)",
		    types[i].activitypub ? "" : "not ", types[i].why);
	return done_testing();
}
