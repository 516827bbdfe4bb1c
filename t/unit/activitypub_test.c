/*
 * activitypub_test: the documents lib/activitypub.c writes, whole, for
 * statuses and actors made here: the audience of each visibility, the
 * activities the deliverer will send (Create, Announce, Update, Delete)
 * and the collections, down to member order and time format.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "activitypub.h"
#include "config.h"
#include "tap.h"

#define BASE	"https://w.example"
#define ANN	BASE "/users/ann"
#define NOTE	ANN "/statuses/1"
#define PUBLIC	"\"https://www.w3.org/ns/activitystreams#Public\""

static struct config cf;

/* The JSON text of obj, which is freed. */
static void
is_json(json_object *obj, const char *want, const char *name)
{
	const char *got = json_object_to_json_string_ext(obj,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	is_str(got, want, name);
	json_object_put(obj);
}

/* A member of obj, as JSON text ("(absent)" when it is not there). */
static void
member_is(json_object *obj, const char *key, const char *want,
    const char *name)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v)) {
		is_str("(absent)", want, name);
		return;
	}
	is_str(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE), want, name);
}

static struct status_mention mentions[] = {
	{ 2, "bob", "bob@far.example", "https://far.example/@bob",
	  "https://far.example/users/bob" },
	{ 3, "cy", "cy", BASE "/@cy", BASE "/users/cy" },
};
static char *tags[] = { "Wool", "caf\xc3\xa9" };

static void
status_init(struct status *s, const char *visibility)
{
	memset(s, 0, sizeof(*s));
	s->id = 1;
	s->uri = NOTE;
	s->url = BASE "/@ann/1";
	s->content = "<p>hi</p>";
	s->spoiler_text = "";
	s->visibility = (char *)visibility;
	s->created_at = "2024-05-01T10:20:30.123Z";
	s->account.uri = ANN;
	s->account.username = "ann";
	s->mentions = mentions;
	s->nmentions = 2;
}

static void
audiences(void)
{
	static const struct {
		const char	*visibility, *to, *cc;
	} cases[] = {
		{ "public", "[" PUBLIC "]", "[\"" ANN "/followers\","
		  "\"https://far.example/users/bob\",\"" BASE "/users/cy\"]" },
		{ "unlisted", "[\"" ANN "/followers\"]", "[" PUBLIC ","
		  "\"https://far.example/users/bob\",\"" BASE "/users/cy\"]" },
		{ "private", "[\"" ANN "/followers\"]",
		  "[\"https://far.example/users/bob\",\"" BASE "/users/cy\"]" },
		{ "direct", "[\"https://far.example/users/bob\",\"" BASE
		  "/users/cy\"]", "[]" },
	};
	struct status s;
	json_object *note, *create;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		status_init(&s, cases[i].visibility);
		note = ap_note_json(&cf, &s);
		member_is(note, "to", cases[i].to, cases[i].visibility);
		member_is(note, "cc", cases[i].cc, cases[i].visibility);
		json_object_put(note);
		create = ap_create_json(&cf, &s);
		member_is(create, "to", cases[i].to, "... its Create's to");
		member_is(create, "cc", cases[i].cc, "... its Create's cc");
		json_object_put(create);
	}
}

static void
notes(void)
{
	struct status s;
	json_object *note;

	status_init(&s, "public");
	s.nmentions = 0;
	is_json(ap_note_json(&cf, &s), "{\"id\":\"" NOTE "\",\"type\":\"Note\","
	    "\"summary\":null,\"inReplyTo\":null,"
	    "\"published\":\"2024-05-01T10:20:30Z\",\"url\":\"" BASE "/@ann/1\","
	    "\"attributedTo\":\"" ANN "\",\"to\":[" PUBLIC "],"
	    "\"cc\":[\"" ANN "/followers\"],\"sensitive\":false,"
	    "\"content\":\"<p>hi</p>\",\"attachment\":[],\"tag\":[],"
	    "\"replies\":{\"id\":\"" NOTE "/replies\",\"type\":\"Collection\","
	    "\"first\":\"" NOTE "/replies?page=true\"}}",
	    "a plain Note, member by member");

	status_init(&s, "public");
	s.spoiler_text = "cw";
	s.sensitive = 1;
	s.language = "fr";
	s.in_reply_to_uri = "https://far.example/notes/9";
	s.edited_at = "2024-05-02T00:00:01.999Z";
	s.tags = tags;
	s.ntags = 2;
	note = ap_note_json(&cf, &s);
	member_is(note, "summary", "\"cw\"", "summary: the content warning");
	member_is(note, "inReplyTo", "\"https://far.example/notes/9\"",
	    "inReplyTo: the parent's id");
	member_is(note, "sensitive", "true", "sensitive");
	member_is(note, "contentMap", "{\"fr\":\"<p>hi</p>\"}",
	    "contentMap by language");
	member_is(note, "updated", "\"2024-05-02T00:00:01Z\"",
	    "updated: the edit, in seconds");
	member_is(note, "tag", "[{\"type\":\"Mention\","
	    "\"href\":\"https://far.example/users/bob\","
	    "\"name\":\"@bob@far.example\"},{\"type\":\"Mention\","
	    "\"href\":\"" BASE "/users/cy\",\"name\":\"@cy@w.example\"},"
	    "{\"type\":\"Hashtag\",\"href\":\"" BASE "/tags/Wool\","
	    "\"name\":\"#Wool\"},{\"type\":\"Hashtag\",\"href\":\"" BASE
	    "/tags/caf%C3%A9\",\"name\":\"#caf\xc3\xa9\"}]",
	    "tag: mentions by actor id with full names, hashtags by URL");
	json_object_put(note);
}

static void
activities(void)
{
	struct status s, original;
	json_object *o;

	status_init(&s, "public");
	s.nmentions = 0;
	o = ap_create_json(&cf, &s);
	member_is(o, "id", "\"" NOTE "/activity\"", "Create: id");
	member_is(o, "type", "\"Create\"", "Create: type");
	member_is(o, "actor", "\"" ANN "\"", "Create: actor");
	member_is(o, "published", "\"2024-05-01T10:20:30Z\"",
	    "Create: published");
	json_object_put(o);

	/* A boost of bob's status. */
	memset(&original, 0, sizeof(original));
	original.uri = "https://far.example/notes/7";
	original.account.uri = "https://far.example/users/bob";
	status_init(&s, "public");
	s.uri = ANN "/statuses/2/activity";
	s.reblog_of_id = 7;
	s.reblog = &original;
	is_json(ap_status_activity_json(&cf, &s), "{\"id\":\"" ANN
	    "/statuses/2/activity\",\"type\":\"Announce\",\"actor\":\"" ANN
	    "\",\"published\":\"2024-05-01T10:20:30Z\",\"to\":[" PUBLIC "],"
	    "\"cc\":[\"https://far.example/users/bob\",\"" ANN "/followers\"],"
	    "\"object\":\"https://far.example/notes/7\"}",
	    "a boost is an Announce: cc the author, then the followers");
	s.visibility = "unlisted";
	o = ap_announce_json(&cf, &s);
	member_is(o, "to", "[\"" ANN "/followers\"]", "an unlisted boost: to");
	member_is(o, "cc", "[\"https://far.example/users/bob\"," PUBLIC "]",
	    "... cc");
	json_object_put(o);
	s.reblog = NULL;
	ok(ap_announce_json(&cf, &s) == NULL,
	    "no Announce without the boosted status");

	status_init(&s, "public");
	s.nmentions = 0;
	s.edited_at = "2024-05-02T00:00:01.999Z";
	o = ap_update_note_json(&cf, &s);
	member_is(o, "id", "\"" NOTE "#updates/1714608001\"",
	    "Update of a Note: id by the edit's time");
	member_is(o, "type", "\"Update\"", "... type");
	member_is(o, "published", "\"2024-05-02T00:00:01Z\"",
	    "... published when edited");
	member_is(o, "to", "[" PUBLIC "]", "... the Note's audience");
	ok(json_object_object_get_ex(o, "object", NULL),
	    "... with the Note");
	json_object_put(o);

	is_json(ap_delete_json(ANN, NOTE), "{\"id\":\"" NOTE "#delete\","
	    "\"type\":\"Delete\",\"actor\":\"" ANN "\",\"to\":[" PUBLIC "],"
	    "\"object\":{\"id\":\"" NOTE "\",\"type\":\"Tombstone\"}}",
	    "Delete: a Tombstone, to everyone");
}

static void
actors(void)
{
	struct ap_actor a;
	json_object *o;

	memset(&a, 0, sizeof(a));
	a.account.uri = ANN;
	a.account.url = BASE "/@ann";
	a.account.username = "ann";
	a.account.display_name = "";
	a.account.note = "<p>bio</p>";
	a.account.actor_type = "Person";
	a.account.fields = "[{\"name\":\"a\",\"value\":\"b\"},42,{\"name\":1}]";
	a.inbox = ANN "/inbox";
	a.key_id = ANN "#main-key";
	a.public_key_pem = "PEM";
	a.updated = 1700000000;
	o = ap_update_actor_json(&cf, &a);
	member_is(o, "id", "\"" ANN "#updates/1700000000\"",
	    "Update of an actor: id by its time");
	member_is(o, "to", "[" PUBLIC "]", "... to everyone");
	json_object_put(o);
	o = ap_actor_json(&cf, &a);
	member_is(o, "name", "\"\"", "no display name: empty, as Mastodon sends");
	member_is(o, "attachment", "[{\"type\":\"PropertyValue\","
	    "\"name\":\"a\",\"value\":\"b\"}]",
	    "fields: malformed items left out");
	member_is(o, "publicKey", "{\"id\":\"" ANN "#main-key\",\"owner\":\""
	    ANN "\",\"publicKeyPem\":\"PEM\"}", "publicKey");
	member_is(o, "suspended", "(absent)", "not suspended");
	json_object_put(o);
	a.account.suspended = 1;
	a.account.display_name = "Ann";
	a.account.locked = 1;
	a.avatar_url = BASE "/media/a.png";
	a.moved_to = BASE "/users/ann2";
	o = ap_actor_json(&cf, &a);
	member_is(o, "suspended", "true", "suspended: says so");
	member_is(o, "name", "\"ann\"", "... only its user name");
	member_is(o, "summary", "\"\"", "... no bio");
	member_is(o, "attachment", "[]", "... no fields");
	member_is(o, "manuallyApprovesFollowers", "false", "... no lock");
	member_is(o, "icon", "(absent)", "... no picture");
	member_is(o, "movedTo", "(absent)", "... no move");
	json_object_put(o);

	o = ap_instance_actor_json(&cf, "PEM");
	member_is(o, "id", "\"" BASE "/actor\"", "instance actor: id");
	member_is(o, "type", "\"Application\"", "... an Application");
	member_is(o, "preferredUsername", "\"w.example\"", "... its domain");
	json_object_put(o);
}

static void
documents(void)
{
	json_object *o;
	const char *first = NULL;

	o = ap_document(AP_VOCABULARY_BASIC, ap_tombstone_json(NOTE));
	is_json(o, "{\"@context\":\"https://www.w3.org/ns/activitystreams\","
	    "\"id\":\"" NOTE "\",\"type\":\"Tombstone\"}",
	    "a basic document: the context first");
	o = ap_document(AP_VOCABULARY_ACTOR, json_object_new_object());
	json_object_object_foreach(o, key, value) {
		(void)value;
		if (first == NULL)
			first = key;
	}
	is_str(first, "@context", "an actor document: the context first");
	member_is(o, "@context", "[\"https://www.w3.org/ns/activitystreams\","
	    "\"https://w3id.org/security/v1\",{\"manuallyApprovesFollowers\":"
	    "\"as:manuallyApprovesFollowers\",\"toot\":"
	    "\"http://joinmastodon.org/ns#\",\"featured\":{\"@id\":"
	    "\"toot:featured\",\"@type\":\"@id\"},\"featuredTags\":{\"@id\":"
	    "\"toot:featuredTags\",\"@type\":\"@id\"},\"alsoKnownAs\":{\"@id\":"
	    "\"as:alsoKnownAs\",\"@type\":\"@id\"},\"movedTo\":{\"@id\":"
	    "\"as:movedTo\",\"@type\":\"@id\"},\"schema\":\"http://schema.org#\","
	    "\"PropertyValue\":\"schema:PropertyValue\",\"value\":"
	    "\"schema:value\",\"discoverable\":\"toot:discoverable\","
	    "\"indexable\":\"toot:indexable\",\"suspended\":\"toot:suspended\","
	    "\"memorial\":\"toot:memorial\"}]", "... with Mastodon's terms");
	json_object_put(o);
	o = ap_document(AP_VOCABULARY_NOTE, json_object_new_object());
	member_is(o, "@context", "[\"https://www.w3.org/ns/activitystreams\","
	    "{\"sensitive\":\"as:sensitive\",\"toot\":"
	    "\"http://joinmastodon.org/ns#\",\"Hashtag\":\"as:Hashtag\"}]",
	    "a Note's context");
	json_object_put(o);

	is_json(ap_collection_json("https://w.example/c", 1, 3,
	    "https://w.example/c?page=true", NULL, NULL),
	    "{\"id\":\"https://w.example/c\",\"type\":\"OrderedCollection\","
	    "\"totalItems\":3,\"first\":\"https://w.example/c?page=true\"}",
	    "a collection with a first page");
	is_json(ap_collection_json("https://w.example/c", 0, -1, NULL, NULL,
	    json_object_new_array()), "{\"id\":\"https://w.example/c\","
	    "\"type\":\"Collection\",\"items\":[]}",
	    "an unordered one, uncounted, with its items");
	is_json(ap_collection_page_json("https://w.example/c?page=true", 1,
	    "https://w.example/c", NULL, "https://w.example/c?page=true&max_id=5",
	    NULL), "{\"id\":\"https://w.example/c?page=true\","
	    "\"type\":\"OrderedCollectionPage\",\"partOf\":"
	    "\"https://w.example/c\",\"next\":"
	    "\"https://w.example/c?page=true&max_id=5\",\"orderedItems\":[]}",
	    "a page: no prev, a next, items always");
}

int
main(void)
{
	cf.domain = "w.example";
	cf.base_url = BASE;
	audiences();
	notes();
	activities();
	actors();
	documents();
	return done_testing();
}
