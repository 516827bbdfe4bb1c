/*
 * ap_parse_test: every document in t/fixtures/activitypub (real output of
 * about 35 implementations, see SOURCES.tsv there) goes through the
 * parser. ActivityPub documents must be accepted, and their key fields
 * are checked against the JSON itself by a second, plainer reading in
 * this file; WebFinger and NodeInfo documents, which are not ActivityPub,
 * must be refused. Then the shapes and limits one at a time, invalid
 * documents with their reasons, dates and URL origins.
 */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ap_parse.h"
#include "buf.h"
#include "tap.h"
#include "fixtures.h"

/* --- a plain reading of the JSON ---------------------------------------- */

static json_object *
get(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

static const char *
str(json_object *v)
{
	return json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

static const char *
get_str(json_object *obj, const char *key)
{
	return str(get(obj, key));
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The id a value names: a string, or an object's id. */
static const char *
named_id(json_object *v)
{
	if (json_object_is_type(v, json_type_object))
		return get_str(v, "id");
	return str(v);
}

static int
http_url(const char *s)
{
	return s != NULL && (strncmp(s, "https://", 8) == 0 ||
	    strncmp(s, "http://", 7) == 0) && strchr(s, ' ') == NULL;
}

/* Seconds since the epoch of an ISO 8601 date, the fraction ignored. */
static int
plain_seconds(const char *s, long long *out)
{
	struct tm tm;
	int sign, hh = 0, mm = 0, n = 0;
	const char *z;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
	    &n) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	z = s + n;
	while (*z == '.' || (*z >= '0' && *z <= '9'))
		z++;
	*out = (long long)timegm(&tm);
	if (*z == '+' || *z == '-') {
		sign = *z == '-' ? -1 : 1;
		if (sscanf(z + 1, "%2d:%2d", &hh, &mm) != 2)
			return 0;
		*out -= sign * (hh * 3600 + mm * 60);
	}
	return 1;
}

static const char *const actor_types[] = {
	"Person", "Service", "Application", "Organization", "Group",
};

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static const char *
first_type(json_object *obj)
{
	json_object *t = get(obj, "type");

	if (json_object_is_type(t, json_type_array))
		t = json_object_array_get_idx(t, 0);
	return str(t);
}

/*
 * What the plain reading expects of actor or attributedTo: a string, an
 * object's id, or in a list the first object typed as an individual.
 */
static const char *
expected_actor(json_object *v)
{
	size_t i, n;
	const char *type;

	if (!json_object_is_type(v, json_type_array))
		return named_id(v);
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		type = first_type(e);
		if (in_list(type, actor_types, 4))
			return get_str(e, "id");
	}
	return n > 0 ? named_id(json_object_array_get_idx(v, 0)) : NULL;
}

static size_t
length_of(json_object *v)
{
	if (v == NULL)
		return 0;
	return json_object_is_type(v, json_type_array) ?
	    json_object_array_length(v) : 1;
}

static json_object *
element(json_object *v, size_t i)
{
	return json_object_is_type(v, json_type_array) ?
	    json_object_array_get_idx(v, i) : v;
}

/* --- the check of a view against its JSON --------------------------------- */

struct check {
	const char	*name;	/* the fixture */
	int		 failures;
};

static void __attribute__((format(printf, 3, 4)))
expect(struct check *c, int cond, const char *fmt, ...)
{
	va_list ap;

	if (cond)
		return;
	c->failures++;
	printf("# %s: ", c->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void
expect_string(struct check *c, const char *field, const char *got,
    const char *want)
{
	expect(c, same(got, want), "%s is \"%s\", the JSON says \"%s\"", field,
	    got ? got : "(null)", want ? want : "(null)");
}

static void check_object(struct check *, const struct ap_object *,
    json_object *, int);

static void
check_recipients(struct check *c, const char *field, const char **got,
    size_t ngot, int public, json_object *v)
{
	size_t i, n = length_of(v), kept = 0;
	const char *want;
	int want_public = 0;

	for (i = 0; i < n; i++) {
		want = named_id(element(v, i));
		if (want == NULL)
			continue;
		if (strcmp(want, "as:Public") == 0 ||
		    strcmp(want, "Public") == 0)
			want = AP_PUBLIC;
		if (strcmp(want, AP_PUBLIC) == 0)
			want_public = 1;
		else if (!http_url(want))
			continue;
		if (kept < ngot)
			expect_string(c, field, got[kept], want);
		kept++;
	}
	expect(c, ngot == kept, "%s has %zu entries, the JSON %zu", field,
	    ngot, kept);
	expect(c, public == want_public, "%s public is %d", field, public);
}

static void
check_tags(struct check *c, const struct ap_object *obj, json_object *v)
{
	size_t i, n = length_of(v), kept = 0;
	const char *type, *href, *name;
	json_object *icon;

	for (i = 0; i < n; i++) {
		json_object *e = element(v, i);

		type = get_str(e, "type");
		href = get_str(e, "href");
		name = get_str(e, "name");
		icon = get(e, "icon");
		if (type == NULL ||
		    (strcmp(type, "Mention") == 0 ? !http_url(href) :
		    strcmp(type, "Hashtag") == 0 ? name == NULL || !*name :
		    strcmp(type, "Emoji") == 0 ? name == NULL ||
		    !http_url(get_str(icon, "url")) : 1))
			continue;
		if (kept < obj->ntags) {
			expect_string(c, "tag type",
			    ap_type_name(obj->tags[kept].type), type);
			expect_string(c, "tag name", obj->tags[kept].name,
			    name);
			if (http_url(href))
				expect_string(c, "tag href",
				    obj->tags[kept].href, href);
			if (strcmp(type, "Emoji") == 0)
				expect_string(c, "emoji icon",
				    obj->tags[kept].icon_url,
				    get_str(icon, "url"));
		}
		kept++;
	}
	expect(c, obj->ntags == kept, "%zu tags kept, the JSON has %zu",
	    obj->ntags, kept);
}

static void
check_attachments(struct check *c, const struct ap_object *obj,
    json_object *v, int actor)
{
	size_t i, n = length_of(v), media = 0, fields = 0;
	const char *type, *url;

	for (i = 0; i < n; i++) {
		json_object *e = element(v, i);

		type = get_str(e, "type");
		if (type != NULL && strcmp(type, "PropertyValue") == 0) {
			if (actor && fields < obj->profile.nfields) {
				expect_string(c, "field name",
				    obj->profile.fields[fields].name,
				    get_str(e, "name"));
				expect_string(c, "field value",
				    obj->profile.fields[fields].value,
				    get_str(e, "value"));
			}
			fields += actor;
			continue;
		}
		url = get_str(e, "url");
		if (url == NULL && get(e, "url") == NULL)
			url = get_str(e, "href");
		if (url == NULL && get(e, "url") == NULL)
			continue;
		if (url != NULL && media < obj->nattachments)
			expect_string(c, "attachment url",
			    obj->attachments[media].url, url);
		if (media < obj->nattachments)
			expect_string(c, "attachment description",
			    obj->attachments[media].name, get_str(e, "name"));
		media++;
	}
	expect(c, obj->nattachments == media,
	    "%zu attachments, the JSON has %zu", obj->nattachments, media);
	expect(c, obj->profile.nfields == fields,
	    "%zu fields, the JSON has %zu", obj->profile.nfields, fields);
}

static void
check_time(struct check *c, const char *field, int64_t got, json_object *v)
{
	long long want;

	if (str(v) == NULL) {
		expect(c, got == AP_NO_TIME, "%s without a date has one",
		    field);
		return;
	}
	if (!plain_seconds(str(v), &want))
		return;
	expect(c, got != AP_NO_TIME && got / 1000000 == want,
	    "%s %s read as %lld s, not %lld", field, str(v),
	    got == AP_NO_TIME ? -1LL : (long long)(got / 1000000), want);
}

static void
check_profile(struct check *c, const struct ap_object *obj,
    json_object *json)
{
	const struct ap_profile *pr = &obj->profile;
	json_object *key = get(json, "publicKey"), *mafv;

	expect_string(c, "preferredUsername", pr->preferred_username,
	    get_str(json, "preferredUsername"));
	if (http_url(get_str(json, "inbox")) || get(json, "inbox") == NULL)
		expect_string(c, "inbox", pr->inbox, get_str(json, "inbox"));
	expect_string(c, "outbox", pr->outbox, get_str(json, "outbox"));
	expect_string(c, "followers", pr->followers,
	    get_str(json, "followers"));
	expect_string(c, "following", pr->following,
	    get_str(json, "following"));
	if (json_object_is_type(get(json, "endpoints"), json_type_object))
		expect_string(c, "sharedInbox", pr->shared_inbox,
		    get_str(get(json, "endpoints"), "sharedInbox"));
	if (json_object_is_type(key, json_type_array))
		key = json_object_array_get_idx(key, 0);
	expect_string(c, "publicKeyPem", pr->public_key.pem,
	    get_str(key, "publicKeyPem"));
	if (get_str(key, "publicKeyPem") != NULL) {
		if (http_url(get_str(key, "id")))
			expect_string(c, "key id", pr->public_key.id,
			    get_str(key, "id"));
		expect_string(c, "key owner", pr->public_key.owner,
		    get_str(key, "owner"));
	}
	mafv = get(json, "manuallyApprovesFollowers");
	if (json_object_is_type(mafv, json_type_boolean))
		expect(c, pr->manually_approves_followers ==
		    json_object_get_boolean(mafv),
		    "manuallyApprovesFollowers");
	if (json_object_is_type(get(json, "discoverable"), json_type_boolean))
		expect(c, pr->discoverable ==
		    json_object_get_boolean(get(json, "discoverable")),
		    "discoverable");
	expect_string(c, "movedTo", pr->moved_to, get_str(json, "movedTo"));
}

static void
check_poll(struct check *c, const struct ap_object *obj, json_object *json)
{
	json_object *options = get(json, "anyOf");
	size_t i, n;

	if (length_of(options) == 0)
		options = get(json, "oneOf");
	n = length_of(options);
	expect(c, obj->poll.noptions == n, "%zu poll options, the JSON %zu",
	    obj->poll.noptions, n);
	for (i = 0; i < n && i < obj->poll.noptions; i++) {
		json_object *e = element(options, i);
		json_object *total = get(get(e, "replies"), "totalItems");

		expect_string(c, "option", obj->poll.options[i].name,
		    get_str(e, "name"));
		expect(c, obj->poll.options[i].votes ==
		    (total ? json_object_get_int64(total) : 0),
		    "votes of %s", get_str(e, "name"));
	}
	check_time(c, "endTime", obj->poll.end_time, get(json, "endTime"));
}

static void
check_collection(struct check *c, const struct ap_object *obj,
    json_object *json, int depth)
{
	const struct ap_collection *col = &obj->collection;
	json_object *first = get(json, "first"), *items;
	size_t i, n;

	if (json_object_is_type(get(json, "totalItems"), json_type_int))
		expect(c, col->total_items ==
		    json_object_get_int64(get(json, "totalItems")),
		    "totalItems");
	else
		expect(c, col->total_items == -1, "totalItems without one");
	if (json_object_is_type(first, json_type_object)) {
		expect(c, col->first.object != NULL, "first page embedded");
		if (col->first.object != NULL)
			check_object(c, col->first.object, first, depth + 1);
	} else
		expect_string(c, "first", col->first.id, str(first));
	expect_string(c, "next", col->next, get_str(json, "next"));
	expect_string(c, "partOf", col->part_of, get_str(json, "partOf"));
	items = get(json, "orderedItems");
	if (items == NULL)
		items = get(json, "items");
	n = length_of(items);
	expect(c, col->nitems == n, "%zu items, the JSON %zu", col->nitems,
	    n);
	for (i = 0; i < n && i < col->nitems; i++) {
		json_object *e = element(items, i);

		/* An object with only an id is a reference to it. */
		if (get(e, "type") != NULL)
			check_object(c, col->items[i].object, e, depth + 1);
		else
			expect_string(c, "item", col->items[i].id,
			    named_id(e));
	}
}

static void
check_activity(struct check *c, const struct ap_object *obj,
    json_object *json, int depth)
{
	json_object *objects = get(json, "object");
	size_t i, n = length_of(objects);

	expect_string(c, "actor", obj->actor,
	    expected_actor(get(json, "actor")));
	expect(c, obj->nobjects == n, "%zu objects, the JSON %zu",
	    obj->nobjects, n);
	for (i = 0; i < n && i < obj->nobjects; i++) {
		json_object *e = element(objects, i);

		if (json_object_is_type(e, json_type_object)) {
			expect(c, obj->objects[i].object != NULL,
			    "object %zu embedded", i);
			if (obj->objects[i].object != NULL)
				check_object(c, obj->objects[i].object, e,
				    depth + 1);
		} else
			expect_string(c, "object", obj->objects[i].id, str(e));
	}
	if (n > 0)
		expect(c, obj->object.id == obj->objects[0].id,
		    "object is the first of objects");
	expect_string(c, "target", obj->target,
	    named_id(get(json, "target")));
}

static void
check_object(struct check *c, const struct ap_object *obj, json_object *json,
    int depth)
{
	json_object *type = get(json, "type"), *content, *url;
	const char *want_url = NULL;
	size_t i;
	int type_found = 0;

	if (obj == NULL) {
		expect(c, 0, "an embedded object is missing");
		return;
	}
	expect_string(c, "id", obj->id, get_str(json, "id"));
	for (i = 0; i < length_of(type); i++)
		type_found |= same(str(element(type, i)), obj->type_name);
	expect(c, type_found, "type %s is not among the JSON's",
	    obj->type_name);
	expect(c, obj->type == AP_TYPE_UNKNOWN ||
	    strcmp(ap_type_name(obj->type), obj->type_name) == 0,
	    "type %d named %s", (int)obj->type, obj->type_name);

	content = get(json, "content");
	if (str(content) != NULL)
		expect_string(c, "content", obj->content, str(content));
	else if (json_object_is_type(get(json, "contentMap"),
	    json_type_object))
		expect(c, obj->content != NULL, "content from contentMap");
	expect_string(c, "summary", obj->summary, get_str(json, "summary"));
	expect_string(c, "name", obj->name, get_str(json, "name"));
	expect_string(c, "inReplyTo", obj->in_reply_to,
	    named_id(get(json, "inReplyTo")));
	expect_string(c, "attributedTo", obj->attributed_to,
	    expected_actor(get(json, "attributedTo")));
	url = get(json, "url");
	if (str(url) != NULL)
		want_url = str(url);
	for (i = 0; str(url) == NULL && i < length_of(url); i++) {
		json_object *e = element(url, i);
		const char *mt = get_str(e, "mediaType");

		if (mt == NULL)
			mt = get_str(e, "mimeType");
		if (want_url == NULL || (mt != NULL &&
		    strcmp(mt, "text/html") == 0))
			want_url = get_str(e, "href");
		if (mt != NULL && strcmp(mt, "text/html") == 0)
			break;
	}
	expect_string(c, "url", obj->url, want_url);
	if (json_object_is_type(get(json, "sensitive"), json_type_boolean))
		expect(c, obj->sensitive ==
		    json_object_get_boolean(get(json, "sensitive")),
		    "sensitive");
	check_time(c, "published", obj->published, get(json, "published"));
	check_time(c, "updated", obj->updated, get(json, "updated"));
	check_recipients(c, "to", obj->to, obj->nto, obj->public_in_to,
	    get(json, "to"));
	check_recipients(c, "cc", obj->cc, obj->ncc, obj->public_in_cc,
	    get(json, "cc"));
	check_tags(c, obj, get(json, "tag"));
	check_attachments(c, obj, get(json, "attachment"),
	    obj->kind == AP_KIND_ACTOR);

	switch (obj->kind) {
	case AP_KIND_ACTIVITY:
		check_activity(c, obj, json, depth);
		break;
	case AP_KIND_ACTOR:
		expect(c, in_list(obj->type_name, actor_types, 5),
		    "an actor of type %s", obj->type_name);
		check_profile(c, obj, json);
		break;
	case AP_KIND_COLLECTION:
		check_collection(c, obj, json, depth);
		break;
	default:
		break;
	}
	if (obj->type == AP_TYPE_QUESTION)
		check_poll(c, obj, json);
}

/* --- every fixture ----------------------------------------------------------- */

struct totals {
	int	accepted;
	int	refused;
	int	kinds[AP_KIND_TOMBSTONE + 1];
};

/*
 * An ActivityPub document has a type, and an id unless it is a transient
 * activity; WebFinger and NodeInfo documents have neither.
 */
static int
is_activitypub(json_object *json)
{
	return get(json, "type") != NULL && (str(get(json, "id")) != NULL ||
	    get(json, "actor") != NULL);
}

/*
 * A few fixtures are templates of Pleroma's test suite ("{{domain}}"):
 * filled in here as that suite fills them.
 */
static char *
fill_template(const char *data)
{
	static const char *const fills[][2] = {
		{ "{{domain}}", "example.com" },
		{ "{{DOMAIN}}", "example.com" },
		{ "{{subdomain}}", "sub.example.com" },
		{ "{{nickname}}", "lain" },
	};
	struct buf b = BUF_INIT;
	const char *p = data;
	size_t i;

	while (*p != '\0') {
		for (i = 0; i < sizeof(fills) / sizeof(fills[0]); i++)
			if (strncmp(p, fills[i][0], strlen(fills[i][0])) == 0)
				break;
		if (i < sizeof(fills) / sizeof(fills[0])) {
			buf_puts(&b, fills[i][1]);
			p += strlen(fills[i][0]);
		} else
			buf_putc(&b, *p++);
	}
	return buf_detach(&b);
}

static void fixture(const char *, const char *, size_t, void *);

static void
fixture_filled(const char *name, const char *data, size_t len, void *arg)
{
	char *filled;

	if (strstr(data, "{{") == NULL) {
		fixture(name, data, len, arg);
		return;
	}
	filled = fill_template(data);
	fixture(name, filled, strlen(filled), arg);
	free(filled);
}

static void
fixture(const char *name, const char *data, size_t len, void *arg)
{
	struct totals *totals = arg;
	struct ap_view *doc, *again;
	struct ap_error error = { "" };
	struct check c = { name, 0 };
	json_object *json;

	json = ap_json_parse(data, len, &error);
	if (!ok(json != NULL, "%s is JSON (%s)", name, error.reason))
		return;
	doc = ap_parse(json, &error);
	if (!is_activitypub(json)) {
		ok(doc == NULL && strstr(error.reason, "no type") != NULL,
		    "%s is not ActivityPub: refused (%s)", name,
		    error.reason);
		totals->refused += doc == NULL;
		ap_view_free(doc);
		json_object_put(json);
		return;
	}
	if (!ok(doc != NULL, "%s accepted", name)) {
		printf("#   reason: %s\n", error.reason);
		json_object_put(json);
		return;
	}
	totals->accepted++;
	totals->kinds[doc->object->kind]++;
	check_object(&c, doc->object, json, 0);
	ok(c.failures == 0, "%s: %s %s read as its JSON says", name,
	    doc->object->type_name, doc->object->id);
	again = ap_parse_bytes(data, len, &error);
	ok(again != NULL && same(again->object->id, doc->object->id),
	    "%s: the same from bytes", name);
	ap_view_free(again);
	ap_view_free(doc);
	json_object_put(json);
}

static void
test_every_fixture(void)
{
	struct totals totals;
	int n;

	memset(&totals, 0, sizeof(totals));
	n = fixtures_each_activitypub(fixture_filled, &totals);
	ok(n >= 180, "%d fixtures read", n);
	ok(totals.accepted >= 160, "%d ActivityPub documents accepted",
	    totals.accepted);
	ok(totals.refused == n - totals.accepted,
	    "the other %d (WebFinger, NodeInfo) refused", totals.refused);
	ok(totals.kinds[AP_KIND_ACTIVITY] > 50 &&
	    totals.kinds[AP_KIND_OBJECT] > 30 &&
	    totals.kinds[AP_KIND_ACTOR] > 30 &&
	    totals.kinds[AP_KIND_COLLECTION] > 10 &&
	    totals.kinds[AP_KIND_TOMBSTONE] >= 2,
	    "activities %d, objects %d, actors %d, collections %d, tombstones %d",
	    totals.kinds[AP_KIND_ACTIVITY], totals.kinds[AP_KIND_OBJECT],
	    totals.kinds[AP_KIND_ACTOR], totals.kinds[AP_KIND_COLLECTION],
	    totals.kinds[AP_KIND_TOMBSTONE]);
}

/* --- particular fixtures ------------------------------------------------------ */

static struct ap_view *
load(const char *name)
{
	struct ap_error error;
	struct ap_view *doc;
	char path[1024];
	size_t len;
	char *data;

	snprintf(path, sizeof(path), "%s/%s", ACTIVITYPUB_FIXTURES, name);
	data = fixture_read(path, &len);
	if (data == NULL) {
		ok(0, "%s is readable", name);
		return NULL;
	}
	doc = ap_parse_bytes(data, len, &error);
	free(data);
	if (!ok(doc != NULL, "%s parses", name))
		printf("#   reason: %s\n", error.reason);
	return doc;
}

static const char *
time_string(int64_t t, char *out)
{
	if (t == AP_NO_TIME)
		return "none";
	ap_format_time(t, out);
	return out;
}

static void
test_particular_fixtures(void)
{
	struct ap_view *doc;
	const struct ap_object *o;
	char when[AP_TIME_SIZE];

	if ((doc = load("kroeg/announce-inline-actor.json")) != NULL) {
		o = doc->object;
		is_str(o->actor, "https://puckipedia.com/",
		    "Kroeg: the inline actor's id");
		ok(o->object.object != NULL &&
		    o->object.object->type == AP_TYPE_NOTE,
		    "  ... announcing an embedded Note");
		is_str(o->object.object->attributed_to,
		    "http://mastodon.example.org/users/admin",
		    "  ... by the inline author's id");
		ok(o->object.object->nto == 1 &&
		    o->object.object->public_in_to,
		    "  ... to the public as a single value");
		is_str(o->object.object->language, "en",
		    "  ... in the language of its contentMap");
		ap_view_free(doc);
	}
	if ((doc = load("peertube/create-video-framatube.json")) != NULL) {
		o = doc->object->object.object;
		is_str(o->url, "https://framatube.org/videos/watch/6050732a-8a7a-43d4-a6cd-809525a1d206",
		    "PeerTube: url is the text/html Link of many");
		is_str(o->attributed_to,
		    "https://framatube.org/accounts/framasoft",
		    "  ... attributed to the Person, not the channel Group");
		is_str(o->media_type, "text/markdown",
		    "  ... content marked as markdown");
		ap_view_free(doc);
	}
	if ((doc = load("funkwhale/create-audio.json")) != NULL) {
		o = doc->object->object.object;
		is_str(o->url, "https://channels.tests.funkwhale.audio/library/tracks/74",
		    "Funkwhale: the text/html link by mimeType");
		ok(o->ntags == 3 && strcmp(o->tags[0].name, "#funkwhale") == 0,
		    "  ... hashtags without href kept");
		ap_view_free(doc);
	}
	if ((doc = load("kroeg/create-note.json")) != NULL) {
		ap_view_free(doc);
	}
	if ((doc = load("gotosocial/create-poll-vote.json")) != NULL) {
		is_str(time_string(doc->object->published, when),
		    "2021-09-11T09:45:37.000000Z",
		    "GoToSocial: a +02:00 offset applied");
		is_str(doc->object->object.object->name, "tissues",
		    "  ... a poll vote is a Note with a name");
		ap_view_free(doc);
	}
	if ((doc = load("misskey/note-quote.json")) != NULL) {
		is_str(doc->object->quote,
		    "https://example.com/objects/43479e20-c0f8-4f49-bf7f-13fab8234924",
		    "Misskey: the quoted post");
		is_str(doc->object->source_content, "i quompt u",
		    "  ... its MFM source");
		ap_view_free(doc);
	}
	if ((doc = load("pleroma/question-poll-duplicate-keys.json")) != NULL) {
		o = doc->object;
		ok(o->type == AP_TYPE_QUESTION && o->poll.noptions == 6 &&
		    !o->poll.multiple, "Pleroma: six single-choice options");
		ok(o->poll.options[5].votes == 3, "  ... the last with 3 votes");
		is_str(o->content, "can you vote on this poll?",
		    "  ... the last of duplicate keys wins");
		ok(o->poll.is_closed, "  ... closed");
		is_str(time_string(o->poll.closed, when),
		    "2019-09-19T00:32:36.785333Z",
		    "  ... at a date without a zone, read as UTC");
		ap_view_free(doc);
	}
	if ((doc = load("mastodon/create-question-poll.json")) != NULL) {
		o = doc->object->object.object;
		is_str(time_string(o->poll.end_time, when),
		    "2019-05-11T09:03:36.000000Z", "Mastodon: poll endTime");
		ok(o->poll.noptions == 4 && o->poll.voters_count == -1,
		    "  ... four options, no votersCount");
		ap_view_free(doc);
	}
	if ((doc = load("microblogpub/person-invalid-alsoknownas.json")) !=
	    NULL) {
		ok(doc->object->profile.nalso_known_as == 0,
		    "microblog.pub: an alias that is not a URL is dropped");
		ap_view_free(doc);
	}
	if ((doc = load("fedify/person-publickey-array-synthetic.json")) !=
	    NULL) {
		is_str(doc->object->profile.public_key.id,
		    "https://example.com/person2#key3",
		    "Fedify: the first of several keys");
		ap_view_free(doc);
	}
	if ((doc = load("mastodon/flag-object-array.json")) != NULL) {
		ok(doc->object->type == AP_TYPE_FLAG &&
		    doc->object->nobjects >= 2,
		    "Mastodon Flag: %zu objects", doc->object->nobjects);
		ap_view_free(doc);
	}
	if ((doc = load("gotosocial/move.json")) != NULL) {
		ok(doc->object->type == AP_TYPE_MOVE &&
		    doc->object->target != NULL, "GoToSocial Move: a target");
		ap_view_free(doc);
	}
	if ((doc = load("lemmy/page-post.json")) != NULL) {
		is_str(doc->object->language, "fr",
		    "Lemmy: the language object");
		is_str(doc->object->audience,
		    "https://enterprise.lemmy.ml/c/tenforward",
		    "  ... the community as audience");
		ok(doc->object->nattachments == 1 &&
		    strcmp(doc->object->attachments[0].url,
		    "https://enterprise.lemmy.ml/pictrs/image/eOtYb9iEiB.png") == 0,
		    "  ... a bare Link attachment");
		ap_view_free(doc);
	}
	if ((doc = load("misskey/like-custom-emoji-reaction.json")) != NULL) {
		o = doc->object;
		is_str(o->content, ":hanapog:", "Misskey: the reaction");
		ok(o->ntags == 1 && o->tags[0].type == AP_TYPE_EMOJI &&
		    o->tags[0].icon_url != NULL &&
		    o->tags[0].updated != AP_NO_TIME,
		    "  ... with its custom emoji");
		ap_view_free(doc);
	}
	if ((doc = load("mastodon/update-person.json")) != NULL) {
		o = doc->object->object.object;
		ok(o != NULL && o->kind == AP_KIND_ACTOR &&
		    o->profile.public_key.pem != NULL,
		    "Mastodon Update: an embedded Person with its key");
		ap_view_free(doc);
	}
	if ((doc = load("lemmy/announce-create-page.json")) != NULL) {
		o = doc->object->object.object;
		ok(o != NULL && o->type == AP_TYPE_CREATE &&
		    o->object.object != NULL &&
		    o->object.object->type == AP_TYPE_PAGE,
		    "Lemmy: an Announce of a Create of a Page");
		ap_view_free(doc);
	}
	if ((doc = load("mastodon/person-inbox-null.json")) != NULL) {
		ok(doc->object->profile.inbox == NULL,
		    "Mastodon: a null inbox is no inbox");
		ap_view_free(doc);
	}
	if ((doc = load("lotide/tombstone.json")) != NULL) {
		ok(doc->object->kind == AP_KIND_TOMBSTONE,
		    "lotide: a Tombstone");
		ap_view_free(doc);
	}
}

/* --- shapes and limits, one at a time ------------------------------------------ */

static struct ap_view *
parse_string(const char *json, struct ap_error *error)
{
	return ap_parse_bytes(json, strlen(json), error);
}

#define NOTE_HEAD	"{\"id\":\"https://a.example/1\",\"type\":\"Note\""

static void
test_shapes(void)
{
	struct ap_error error;
	struct ap_view *doc;
	const struct ap_object *o;

	doc = parse_string(NOTE_HEAD ",\"content\":null,\"summary\":null,"
	    "\"to\":null,\"tag\":null,\"attachment\":null,\"published\":null,"
	    "\"url\":null,\"inReplyTo\":null,\"attributedTo\":null,"
	    "\"sensitive\":null,\"contentMap\":null,\"@context\":null}",
	    &error);
	ok(doc != NULL && doc->object->content == NULL &&
	    doc->object->nto == 0 && doc->object->published == AP_NO_TIME,
	    "nulls everywhere read as absent");
	ap_view_free(doc);

	doc = parse_string(NOTE_HEAD ",\"to\":\"as:Public\","
	    "\"cc\":[\"https://a.example/followers\",5,{\"id\":\"https://b.example/u\"},\"not a url\"],"
	    "\"tag\":{\"type\":\"Hashtag\",\"name\":\"#one\"},"
	    "\"attachment\":{\"type\":\"Image\",\"url\":\"https://a.example/i.png\",\"focalPoint\":[0.5,-2]}}",
	    &error);
	o = doc ? doc->object : NULL;
	ok(o != NULL && o->nto == 1 && strcmp(o->to[0], AP_PUBLIC) == 0 &&
	    o->public_in_to, "to as the compact public string");
	ok(o != NULL && o->ncc == 2 &&
	    strcmp(o->cc[1], "https://b.example/u") == 0,
	    "cc: a URL and an object's id kept, a number and a non-URL not");
	ok(o != NULL && o->ntags == 1 && o->nattachments == 1,
	    "tag and attachment as single values");
	ok(o != NULL && o->attachments[0].has_focal_point &&
	    o->attachments[0].focal_x == 0.5 &&
	    o->attachments[0].focal_y == -1, "a focal point, clamped");
	ap_view_free(doc);

	doc = parse_string("{\"id\":\"https://a.example/1\","
	    "\"type\":[\"Object\",\"Note\"]}", &error);
	ok(doc != NULL && doc->object->type == AP_TYPE_NOTE,
	    "a type array: the known type chosen");
	ap_view_free(doc);

	doc = parse_string("{\"id\":\"https://a.example/1\","
	    "\"type\":\"ChatMessage\",\"actor\":\"https://a.example/u\","
	    "\"attributedTo\":[\"https://a.example/u\"]}", &error);
	ok(doc != NULL && doc->object->kind == AP_KIND_OBJECT &&
	    strcmp(doc->object->attributed_to, "https://a.example/u") == 0,
	    "attributedTo as an array of one id");
	ap_view_free(doc);

	doc = parse_string("{\"id\":\"https://a.example/1\",\"type\":\"Lock\","
	    "\"actor\":\"https://a.example/u\"}", &error);
	ok(doc != NULL && doc->object->type == AP_TYPE_UNKNOWN &&
	    doc->object->kind == AP_KIND_ACTIVITY &&
	    strcmp(doc->object->type_name, "Lock") == 0,
	    "an unknown activity is accepted and named");
	ap_view_free(doc);

	doc = parse_string(NOTE_HEAD ",\"url\":[{\"type\":\"Link\","
	    "\"mediaType\":\"video/mp4\",\"href\":\"https://a.example/v.mp4\"},"
	    "{\"type\":\"Link\",\"href\":\"https://a.example/page\"}]}",
	    &error);
	ok(doc != NULL && strcmp(doc->object->url,
	    "https://a.example/page") == 0,
	    "url: a Link without media type before a video file");
	ap_view_free(doc);

	doc = parse_string("{\"id\":\"https://a.example/u\",\"type\":\"Person\","
	    "\"manuallyApprovesFollowers\":{\"@value\":\"True\"},"
	    "\"endpoints\":\"https://a.example/#endpoints\","
	    "\"publicKey\":\"https://a.example/u#key\","
	    "\"alsoKnownAs\":\"https://b.example/u\","
	    "\"icon\":[{\"type\":\"Image\",\"url\":\"https://a.example/a.png\"}]}",
	    &error);
	o = doc ? doc->object : NULL;
	ok(o != NULL && o->profile.manually_approves_followers == 1,
	    "a boolean as a JSON-LD value object");
	ok(o != NULL && o->profile.shared_inbox == NULL,
	    "endpoints as a string: no shared inbox");
	ok(o != NULL && same(o->profile.public_key.id, "https://a.example/u#key") &&
	    o->profile.public_key.pem == NULL, "publicKey as a key id only");
	ok(o != NULL && o->profile.nalso_known_as == 1,
	    "alsoKnownAs as one string");
	ok(o != NULL && same(o->icon_url, "https://a.example/a.png"),
	    "icon as an array of Images");
	ap_view_free(doc);

	doc = parse_string(NOTE_HEAD ",\"content\":\"<p>x</p>\","
	    "\"contentMap\":{\"de\":\"<p>y</p>\",\"en\":\"<p>x</p>\"}}",
	    &error);
	ok(doc != NULL && same(doc->object->language, "en") &&
	    doc->object->ncontent_map == 2,
	    "the language is the contentMap entry that matches content");
	ap_view_free(doc);

	doc = parse_string(NOTE_HEAD ",\"contentMap\":{\"ja\":\"<p>z</p>\"}}",
	    &error);
	ok(doc != NULL && same(doc->object->content, "<p>z</p>") &&
	    same(doc->object->language, "ja"),
	    "content taken from contentMap when absent");
	ap_view_free(doc);

	doc = parse_string("{\"id\":\"https://a.example/q\",\"type\":\"Question\","
	    "\"anyOf\":[{\"name\":\"a\"},{\"name\":\"b\",\"replies\":{\"totalItems\":2}},{\"nope\":1}],"
	    "\"closed\":true,\"votersCount\":7}", &error);
	o = doc ? doc->object : NULL;
	ok(o != NULL && o->poll.multiple && o->poll.noptions == 2 &&
	    o->poll.options[1].votes == 2 && o->poll.voters_count == 7 &&
	    o->poll.is_closed && o->poll.closed == AP_NO_TIME,
	    "anyOf poll, closed: true, votersCount");
	ap_view_free(doc);
}

static char *
repeated(const char *head, const char *item, size_t n, const char *tail)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_puts(&b, head);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		buf_puts(&b, item);
	}
	buf_puts(&b, tail);
	return buf_detach(&b);
}

static void
test_transient_activity(void)
{
	struct ap_error error;
	struct ap_view *doc;

	doc = parse_string("{\"type\":\"Delete\",\"actor\":\"https://a.example/u\","
	    "\"object\":{\"id\":\"https://a.example/n\"}}", &error);
	ok(doc != NULL && doc->object->id == NULL &&
	    same(doc->object->object.id, "https://a.example/n") &&
	    doc->object->object.object == NULL,
	    "a Delete without an id (GoToSocial) is a transient activity, "
	    "its object a bare {\"id\"} reference");
	ap_view_free(doc);

	doc = parse_string("{\"id\":\"https://a.example/undo\",\"type\":\"Undo\","
	    "\"actor\":\"https://a.example/u\",\"object\":{\"type\":\"Follow\","
	    "\"id\":\"https://a.example/f\",\"object\":\"https://b.example/v\"}}",
	    &error);
	ok(doc != NULL && doc->object->object.object != NULL &&
	    doc->object->object.object->actor == NULL &&
	    same(doc->object->object.object->object.id, "https://b.example/v"),
	    "an Undo of a Follow without its actor: what an activity needs "
	    "is asked of the outermost only");
	ap_view_free(doc);
}

static void
test_key_document(void)
{
	struct ap_error error;
	struct ap_view *doc;

	doc = parse_string("{\"id\":\"https://a.example/u#main-key\","
	    "\"type\":\"CryptographicKey\",\"owner\":\"https://a.example/u\","
	    "\"publicKeyPem\":\"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\\n\"}",
	    &error);
	ok(doc != NULL && doc->object->type == AP_TYPE_CRYPTOGRAPHIC_KEY &&
	    same(doc->object->profile.public_key.owner,
	    "https://a.example/u") &&
	    strncmp(doc->object->profile.public_key.pem, "-----BEGIN", 10) == 0,
	    "a key document fetched by its id gives its key and owner");
	ap_view_free(doc);
}

static void
test_limits(void)
{
	struct ap_error error;
	struct ap_view *doc;
	struct buf b = BUF_INIT;
	char *json;
	size_t i, n;

	json = repeated(NOTE_HEAD ",\"to\":[", "\"https://a.example/f\"",
	    1000, ",\"https://www.w3.org/ns/activitystreams#Public\"]}");
	doc = parse_string(json, &error);
	ok(doc != NULL && doc->object->nto == AP_MAX_RECIPIENTS &&
	    doc->object->public_in_to,
	    "%d recipients kept of 1001, the public one past them still seen",
	    AP_MAX_RECIPIENTS);
	ap_view_free(doc);
	free(json);

	json = repeated(NOTE_HEAD ",\"tag\":[",
	    "{\"type\":\"Hashtag\",\"name\":\"#t\"}", 500, "]}");
	doc = parse_string(json, &error);
	ok(doc != NULL && doc->object->ntags == AP_MAX_TAGS,
	    "%d tags kept of 500", AP_MAX_TAGS);
	ap_view_free(doc);
	free(json);

	json = repeated(NOTE_HEAD ",\"attachment\":[",
	    "{\"type\":\"Document\",\"url\":\"https://a.example/f.png\"}",
	    100, "]}");
	doc = parse_string(json, &error);
	ok(doc != NULL && doc->object->nattachments == AP_MAX_ATTACHMENTS,
	    "%d attachments kept of 100", AP_MAX_ATTACHMENTS);
	ap_view_free(doc);
	free(json);

	json = repeated("{\"id\":\"https://a.example/c\",\"type\":\"Collection\",\"items\":[",
	    "\"https://a.example/i\"", 1000, "]}");
	doc = parse_string(json, &error);
	ok(doc != NULL && doc->object->collection.nitems == AP_MAX_ITEMS,
	    "%d collection items kept of 1000", AP_MAX_ITEMS);
	ap_view_free(doc);
	free(json);

	/* A content of 300 KiB of two-byte characters: cut between them. */
	buf_puts(&b, NOTE_HEAD ",\"content\":\"x");
	for (i = 0; i < 150 * 1024; i++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, "\"}");
	doc = ap_parse_bytes(buf_cstr(&b), b.len, &error);
	n = doc ? strlen(doc->object->content) : 0;
	ok(doc != NULL && n <= AP_MAX_CONTENT && n >= AP_MAX_CONTENT - 1 &&
	    ((unsigned char)doc->object->content[n - 1] == 0xa9),
	    "content cut to %d bytes at a character boundary (%zu)",
	    AP_MAX_CONTENT, n);
	ap_view_free(doc);
	buf_reset(&b);

	buf_puts(&b, NOTE_HEAD ",\"url\":\"https://a.example/");
	for (i = 0; i < AP_MAX_URL; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\"}");
	doc = ap_parse_bytes(buf_cstr(&b), b.len, &error);
	ok(doc != NULL && doc->object->url == NULL,
	    "a URL over %d bytes is dropped", AP_MAX_URL);
	ap_view_free(doc);
	buf_free(&b);
}

/* --- refused documents -------------------------------------------------------- */

struct refusal {
	const char	*json;
	const char	*reason;	/* a part of the reason */
};

static const struct refusal refusals[] = {
	{ "[]", "not an object" },
	{ "\"Note\"", "not an object" },
	{ "{", "ends too early" },
	{ "", "ends too early" },
	{ "{} {}", "text after the JSON document" },
	{ "{\"a\":1,}", "not JSON" },
	{ "{\"a\":\"\xff\"}", "not JSON" },
	{ "{\"id\":\"https://a.example/1\"}", "no type" },
	{ "{\"id\":\"https://a.example/1\",\"type\":null}", "no type" },
	{ "{\"type\":\"Note\"}", "no id" },
	{ "{\"type\":\"Note\",\"id\":null}", "no id" },
	{ "{\"type\":\"Person\"}", "no id" },
	{ "{\"type\":\"OrderedCollection\",\"totalItems\":1}", "no id" },
	{ "{\"id\":5,\"type\":\"Note\"}", "id is not a string" },
	{ "{\"id\":[\"https://a.example/1\"],\"type\":\"Note\"}", "id is not a string" },
	{ "{\"id\":\"ftp://a.example/1\",\"type\":\"Note\"}", "id is not an http(s) URL" },
	{ "{\"id\":\"javascript:alert(1)\",\"type\":\"Note\"}", "id is not an http(s) URL" },
	{ "{\"id\":\"https://good.example@evil.example/1\",\"type\":\"Note\"}", "id is not an http(s) URL" },
	{ "{\"id\":\"https:///1\",\"type\":\"Note\"}", "id is not an http(s) URL" },
	{ "{\"id\":\"https://a.example/ 1\",\"type\":\"Note\"}", "id is not an http(s) URL" },
	{ "{\"id\":\"https://a.example:99999/1\",\"type\":\"Note\"}", "id is not an http(s) URL" },
	{ "{\"id\":\"https://a.example/\\u0000x\",\"type\":\"Note\"}", "NUL" },
	{ "{\"id\":\"https://a.example/1\",\"type\":5}", "type is neither" },
	{ "{\"id\":\"https://a.example/1\",\"type\":[]}", "type is neither" },
	{ "{\"id\":\"https://a.example/1\",\"type\":\"Create\",\"object\":\"https://a.example/n\"}", "Create without an actor" },
	{ "{\"id\":\"https://a.example/1\",\"type\":\"Create\",\"actor\":\"not a url\",\"object\":\"https://a.example/n\"}", "actor is not an http(s) URL" },
	{ "{\"id\":\"https://a.example/1\",\"type\":\"Like\",\"actor\":\"https://a.example/u\"}", "Like without an object" },
	{ "{\"id\":\"https://a.example/1\",\"type\":\"Like\",\"actor\":\"https://a.example/u\",\"object\":\"x\"}", "object is not an http(s) URL" },
	{ "{\"id\":\"https://a.example/1\",\"type\":\"Create\",\"actor\":\"https://a.example/u\",\"object\":{}}", "object: no type" },
	{ "{\"id\":\"https://a.example/1\",\"type\":\"Create\",\"actor\":\"https://a.example/u\",\"object\":{\"type\":\"Note\",\"id\":\"data:x\"}}", "object: id is not an http(s) URL" },
	{ "{\"id\":\"https://a.example/1\",\"type\":\"Move\",\"actor\":\"https://a.example/u\",\"object\":\"https://a.example/u\"}", "Move without a target" },
};

static void
test_refusals(void)
{
	struct ap_error error;
	struct ap_view *doc;
	struct buf b = BUF_INIT;
	json_object *deep;
	size_t i;
	char *json;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		strcpy(error.reason, "");
		doc = ap_parse_bytes(refusals[i].json, strlen(refusals[i].json),
		    &error);
		ok(doc == NULL && strstr(error.reason, refusals[i].reason) !=
		    NULL, "refused: %s (%s)", refusals[i].json, error.reason);
		ap_view_free(doc);
	}

	doc = ap_parse_bytes("{\"id\":\"https://a.example/1\",\"type\":\"Note\"}\0",
	    43, &error);
	ok(doc == NULL && strstr(error.reason, "NUL") != NULL,
	    "a NUL byte after the document refused (%s)", error.reason);

	/* Objects in objects, and a string in the innermost: one level. */
	for (i = 0; i < AP_MAX_DEPTH - 1; i++)
		buf_puts(&b, "{\"a\":");
	buf_puts(&b, "{\"id\":\"https://a.example/1\",\"type\":\"Note\"}");
	for (i = 0; i < AP_MAX_DEPTH - 1; i++)
		buf_putc(&b, '}');
	doc = ap_parse_bytes(buf_cstr(&b), b.len, &error);
	ok(doc == NULL && strstr(error.reason, "nested deeper than 32") != NULL,
	    "JSON nested %d deep refused (%s)", AP_MAX_DEPTH + 1,
	    error.reason);
	buf_reset(&b);

	for (i = 0; i < AP_MAX_DEPTH - 2; i++)
		buf_puts(&b, "{\"a\":");
	buf_puts(&b, "{\"id\":\"https://a.example/1\",\"type\":\"Note\"}");
	for (i = 0; i < AP_MAX_DEPTH - 2; i++)
		buf_putc(&b, '}');
	deep = ap_json_parse(buf_cstr(&b), b.len, &error);
	ok(deep != NULL, "JSON nested %d deep is JSON (%s)", AP_MAX_DEPTH,
	    deep ? "" : error.reason);
	json_object_put(deep);
	buf_reset(&b);

	/* Announce inside Announce, one deeper than allowed. */
	for (i = 0; i < AP_MAX_EMBEDDING + 2; i++)
		buf_printf(&b, "{\"id\":\"https://a.example/%zu\","
		    "\"type\":\"Announce\",\"actor\":\"https://a.example/u\","
		    "\"object\":", i);
	buf_puts(&b, "\"https://a.example/n\"");
	for (i = 0; i < AP_MAX_EMBEDDING + 2; i++)
		buf_putc(&b, '}');
	doc = ap_parse_bytes(buf_cstr(&b), b.len, &error);
	ok(doc == NULL && strstr(error.reason, "nested deeper") != NULL &&
	    strncmp(error.reason, "object: object: ", 16) == 0,
	    "objects embedded %d deep refused (%s)", AP_MAX_EMBEDDING + 1,
	    error.reason);
	ap_view_free(doc);
	/* The closing braces of the outermost: one level less is fine. */
	doc = ap_parse_bytes(strstr(buf_cstr(&b), "\"object\":") + 9,
	    b.len - (size_t)(strstr(buf_cstr(&b), "\"object\":") + 9 -
	    buf_cstr(&b)) - 1, &error);
	ok(doc != NULL, "objects embedded %d deep accepted (%s)",
	    AP_MAX_EMBEDDING, doc ? "" : error.reason);
	ap_view_free(doc);
	buf_free(&b);

	json = malloc(AP_MAX_DOCUMENT + 2);
	memset(json, ' ', AP_MAX_DOCUMENT + 1);
	memcpy(json, "{}", 2);
	doc = ap_parse_bytes(json, AP_MAX_DOCUMENT + 1, &error);
	ok(doc == NULL && strstr(error.reason, "larger") != NULL,
	    "a document over %d bytes refused (%s)", AP_MAX_DOCUMENT,
	    error.reason);
	free(json);
	ok(ap_parse(NULL, &error) == NULL, "no JSON at all refused");
	ok(ap_parse_bytes("{}", 2, NULL) == NULL,
	    "refused without an error to fill");
}

/* --- dates, URLs ---------------------------------------------------------------- */

static void
test_times(void)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "2019-05-10T09:03:36Z", "2019-05-10T09:03:36.000000Z" },
		{ "2019-05-10t09:03:36z", "2019-05-10T09:03:36.000000Z" },
		{ "2019-05-10 09:03:36Z", "2019-05-10T09:03:36.000000Z" },
		{ "2022-07-10T15:37:36.368Z", "2022-07-10T15:37:36.368000Z" },
		{ "2017-12-19T16:56:29.7576707+00:00", "2017-12-19T16:56:29.757670Z" },
		{ "2020-06-19T23:12:02.786113Z", "2020-06-19T23:12:02.786113Z" },
		{ "2021-09-11T11:45:37+02:00", "2021-09-11T09:45:37.000000Z" },
		{ "2021-09-11T11:45:37-0530", "2021-09-11T17:15:37.000000Z" },
		{ "2021-09-11T11:45:37+02", "2021-09-11T09:45:37.000000Z" },
		{ "2019-09-19T00:32:36.785333", "2019-09-19T00:32:36.785333Z" },
		{ "2019-09-19T00:32", "2019-09-19T00:32:00.000000Z" },
		{ "2020-02-29T00:00:00.1Z", "2020-02-29T00:00:00.100000Z" },
		{ "2000-01-01T00:00:00.123456789Z", "2000-01-01T00:00:00.123456Z" },
		{ "1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500000Z" },
		{ "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000000Z" },
		{ "9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z" },
		{ "2000-01-01T00:00:00+23:59", "1999-12-31T00:01:00.000000Z" },
	};
	static const char *const bad[] = {
		"", "2019", "2019-05-10", "2019-05-10T", "2019-13-01T00:00:00Z",
		"2019-02-29T00:00:00Z", "2019-04-31T00:00:00Z",
		"2019-05-10T24:00:00Z", "2019-05-10T23:60:00Z",
		"2019-05-10T23:59:61Z", "2019-05-10T09:03:36.Z",
		"2019-05-10T09:03:36.1234567890Z", "2019-05-10T09:03:36+2400",
		"2019-05-10T09:03:36 Z", "2019-05-10T09:03:36ZZ",
		"2019-05-10T09:03:36+02:0", "Fri, 10 May 2019 09:03:36 GMT",
		"2019-5-10T09:03:36Z", "20190510T090336Z", "+2019-05-10T09:03:36Z",
	};
	char out[AP_TIME_SIZE];
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!ok(ap_parse_time(good[i].in, &t) == 0, "date %s",
		    good[i].in))
			continue;
		ap_format_time(t, out);
		is_str(out, good[i].out, "  ... normalised");
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(ap_parse_time(bad[i], &t) == -1, "not a date: \"%s\"",
		    bad[i]);
	ok(ap_parse_time(NULL, &t) == -1, "NULL is not a date");
	ap_parse_time("1970-01-01T00:00:01Z", &t);
	is_int(t, 1000000, "the epoch plus a second is 1000000 us");
}

static void
test_urls(void)
{
	ok(ap_url_valid("https://a.example/u"), "https URL");
	ok(ap_url_valid("http://a.example"), "http URL without a path");
	ok(ap_url_valid("https://a.example:8443/u?x#y"), "with port, query, fragment");
	ok(ap_url_valid("https://[::1]:8080/u"), "IPv6 literal");
	ok(ap_url_valid("HTTPS://A.EXAMPLE/u"), "upper-case scheme");
	ok(ap_url_valid("https://bücher.example/tags/日本語"), "non-ASCII");
	ok(!ap_url_valid("https://a.example/\xff"), "invalid UTF-8 refused");
	ok(!ap_url_valid("ftp://a.example/u"), "ftp refused");
	ok(!ap_url_valid("https:/a.example/u"), "one slash refused");
	ok(!ap_url_valid("https://"), "no host refused");
	ok(!ap_url_valid("https://u:p@a.example/"), "user information refused");
	ok(!ap_url_valid("https://a.example:0/"), "port 0 refused");
	ok(!ap_url_valid("https://a.example:/"), "empty port refused");
	ok(!ap_url_valid("https://a.example/\t"), "a tab refused");
	ok(!ap_url_valid("https://a .example/"), "a space refused");
	ok(!ap_url_valid("https://[::1/"), "unclosed IPv6 refused");
	ok(!ap_url_valid(NULL), "NULL refused");

	ok(ap_same_origin("https://a.example/1", "https://A.EXAMPLE/users/x"),
	    "same origin, host case ignored");
	ok(ap_same_origin("https://a.example:443/1", "https://a.example/2"),
	    "same origin, default port spelt out");
	ok(!ap_same_origin("https://a.example/1", "http://a.example/1"),
	    "another scheme is another origin");
	ok(!ap_same_origin("https://a.example/1", "https://a.example:8443/1"),
	    "another port is another origin");
	ok(!ap_same_origin("https://a.example/1", "https://b.example/1"),
	    "another host is another origin");
	ok(!ap_same_origin("https://a.example.evil/1", "https://a.example/1"),
	    "a longer host is another origin");
	ok(!ap_same_origin("https://a.example/1", "not a url"),
	    "a non-URL has no origin");
}

static void
test_type_names(void)
{
	is_str(ap_type_name(AP_TYPE_NOTE), "Note", "AP_TYPE_NOTE is Note");
	is_str(ap_type_name(AP_TYPE_EMOJI_REACT), "EmojiReact",
	    "AP_TYPE_EMOJI_REACT is EmojiReact");
	is_str(ap_type_name(AP_TYPE_UNKNOWN), "Unknown", "unknown type");
	ok(ap_type_kind(AP_TYPE_PERSON) == AP_KIND_ACTOR, "Person is an actor");
	ok(ap_type_kind(AP_TYPE_ORDERED_COLLECTION_PAGE) ==
	    AP_KIND_COLLECTION, "OrderedCollectionPage is a collection");
	ok(ap_type_kind(AP_TYPE_UNDO) == AP_KIND_ACTIVITY,
	    "Undo is an activity");
}

int
main(void)
{
	test_every_fixture();
	test_particular_fixtures();
	test_shapes();
	test_transient_activity();
	test_key_document();
	test_limits();
	test_refusals();
	test_times();
	test_urls();
	test_type_names();
	return done_testing();
}
