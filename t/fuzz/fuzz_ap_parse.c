/*
 * fuzz_ap_parse: libFuzzer harness for lib/ap_parse.c. Any bytes go
 * through ap_parse_bytes; what it accepts must keep the header's promises
 * (every URL field a valid http(s) URL, every list within its limit,
 * every string readable), and a date it reads must read back the same
 * once formatted. A broken promise aborts, which libFuzzer reports.
 *
 * fuzz-seeds: t/fixtures/activitypub
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ap_parse.h"

#define REQUIRE(cond)	do {						\
	if (!(cond)) {							\
		fprintf(stderr, "broken promise: %s (line %d)\n",	\
		    #cond, __LINE__);					\
		abort();						\
	}								\
} while (0)

static void
check_url(const char *url)
{
	if (url != NULL)
		REQUIRE(ap_url_valid(url));
}

static void
check_text(const char *s, size_t max)
{
	if (s != NULL)
		REQUIRE(strlen(s) <= max);
}

static void
check_time(int64_t t)
{
	char text[AP_TIME_SIZE];
	int64_t again;

	if (t == AP_NO_TIME)
		return;
	ap_format_time(t, text);
	REQUIRE(ap_parse_time(text, &again) == 0 && again == t);
}

static void check_object(const struct ap_object *, int);

static void
check_ref(const struct ap_ref *ref, int depth)
{
	check_url(ref->id);
	if (ref->object != NULL) {
		REQUIRE(ref->id == ref->object->id);
		check_object(ref->object, depth + 1);
	}
}

static void
check_profile(const struct ap_profile *pr)
{
	size_t i;

	check_text(pr->preferred_username, AP_MAX_TEXT);
	check_url(pr->inbox);
	check_url(pr->outbox);
	check_url(pr->followers);
	check_url(pr->following);
	check_url(pr->featured);
	check_url(pr->shared_inbox);
	check_url(pr->moved_to);
	check_url(pr->public_key.id);
	check_url(pr->public_key.owner);
	check_text(pr->public_key.pem, AP_MAX_PEM);
	REQUIRE(pr->nalso_known_as <= AP_MAX_ALIASES);
	for (i = 0; i < pr->nalso_known_as; i++)
		REQUIRE(ap_url_valid(pr->also_known_as[i]));
	REQUIRE(pr->nfields <= AP_MAX_FIELDS);
	for (i = 0; i < pr->nfields; i++) {
		REQUIRE(pr->fields[i].name != NULL &&
		    pr->fields[i].value != NULL);
		check_text(pr->fields[i].value, AP_MAX_TEXT);
	}
}

static void
check_object(const struct ap_object *o, int depth)
{
	size_t i;

	REQUIRE(depth <= AP_MAX_EMBEDDING);
	REQUIRE(o->type_name != NULL);
	check_url(o->id);
	check_url(o->actor);
	check_url(o->attributed_to);
	check_url(o->in_reply_to);
	check_url(o->url);
	check_url(o->quote);
	check_url(o->target);
	check_url(o->icon_url);
	check_url(o->image_url);
	check_text(o->content, AP_MAX_CONTENT);
	check_text(o->summary, AP_MAX_CONTENT);
	check_text(o->name, AP_MAX_TEXT);
	check_time(o->published);
	check_time(o->updated);
	REQUIRE(o->nto <= AP_MAX_RECIPIENTS && o->ncc <= AP_MAX_RECIPIENTS);
	for (i = 0; i < o->nto; i++)
		REQUIRE(strcmp(o->to[i], AP_PUBLIC) == 0 ||
		    ap_url_valid(o->to[i]));
	for (i = 0; i < o->ncc; i++)
		REQUIRE(strcmp(o->cc[i], AP_PUBLIC) == 0 ||
		    ap_url_valid(o->cc[i]));
	REQUIRE(o->ntags <= AP_MAX_TAGS);
	for (i = 0; i < o->ntags; i++) {
		check_url(o->tags[i].href);
		check_url(o->tags[i].icon_url);
		check_time(o->tags[i].updated);
		if (o->tags[i].type == AP_TYPE_MENTION)
			REQUIRE(o->tags[i].href != NULL);
	}
	REQUIRE(o->nattachments <= AP_MAX_ATTACHMENTS);
	for (i = 0; i < o->nattachments; i++) {
		REQUIRE(ap_url_valid(o->attachments[i].url));
		REQUIRE(o->attachments[i].focal_x >= -1 &&
		    o->attachments[i].focal_x <= 1);
	}
	REQUIRE(o->ncontent_map <= AP_MAX_LANGUAGES);
	REQUIRE(o->nobjects <= AP_MAX_ITEMS);
	for (i = 0; i < o->nobjects; i++)
		check_ref(&o->objects[i], depth);
	if (depth == 0 && o->kind == AP_KIND_ACTIVITY &&
	    o->type != AP_TYPE_UNKNOWN && o->type != AP_TYPE_VIEW)
		REQUIRE(o->actor != NULL && o->nobjects > 0);
	REQUIRE(o->poll.noptions <= AP_MAX_OPTIONS);
	check_time(o->poll.end_time);
	check_profile(&o->profile);
	REQUIRE(o->collection.nitems <= AP_MAX_ITEMS);
	for (i = 0; i < o->collection.nitems; i++)
		check_ref(&o->collection.items[i], depth);
	check_ref(&o->collection.first, depth);
	check_url(o->collection.next);
}

/* A short input is also tried as a date and as a URL. */
static void
check_scalars(const uint8_t *data, size_t size)
{
	char s[128];
	int64_t t;

	if (size >= sizeof(s))
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (ap_parse_time(s, &t) == 0)
		check_time(t);
	if (ap_url_valid(s))
		REQUIRE(ap_same_origin(s, s));
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ap_error error;
	struct ap_view *doc;

	error.reason[0] = '\0';
	doc = ap_parse_bytes((const char *)data, size, &error);
	if (doc == NULL)
		REQUIRE(error.reason[0] != '\0');
	else {
		REQUIRE(doc->object != NULL);
		REQUIRE(doc->object->id != NULL ||
		    doc->object->kind == AP_KIND_ACTIVITY);
		check_object(doc->object, 0);
		ap_view_free(doc);
	}
	check_scalars(data, size);
	return 0;
}
