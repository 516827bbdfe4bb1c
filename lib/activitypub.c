/*
 * activitypub: ActivityStreams 2.0 documents from woolly's structs. The
 * shapes follow what Mastodon publishes (its parser is the strictest most
 * peers run), checked against the documents it serves: times without
 * fractions, audiences by visibility, the context terms it defines.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "activitypub.h"
#include "buf.h"
#include "config.h"

#define AS_CONTEXT		"https://www.w3.org/ns/activitystreams"
#define SECURITY_CONTEXT	"https://w3id.org/security/v1"
#define AS_TIME_MAX		32

/* One term of our context: a plain alias, or an @id-typed one. */
struct context_term {
	const char	*name;
	const char	*id;
	int		 is_link;	/* its values are URIs ("@type": "@id") */
};

static const struct context_term actor_terms[] = {
	{ "manuallyApprovesFollowers", "as:manuallyApprovesFollowers", 0 },
	{ "toot", "http://joinmastodon.org/ns#", 0 },
	{ "featured", "toot:featured", 1 },
	{ "featuredTags", "toot:featuredTags", 1 },
	{ "alsoKnownAs", "as:alsoKnownAs", 1 },
	{ "movedTo", "as:movedTo", 1 },
	{ "schema", "http://schema.org#", 0 },
	{ "PropertyValue", "schema:PropertyValue", 0 },
	{ "value", "schema:value", 0 },
	{ "discoverable", "toot:discoverable", 0 },
	{ "indexable", "toot:indexable", 0 },
	{ "suspended", "toot:suspended", 0 },
	{ "memorial", "toot:memorial", 0 },
	{ NULL, NULL, 0 },
};

static const struct context_term note_terms[] = {
	{ "sensitive", "as:sensitive", 0 },
	{ "toot", "http://joinmastodon.org/ns#", 0 },
	{ "Hashtag", "as:Hashtag", 0 },
	{ NULL, NULL, 0 },
};

static void
put_str(json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key,
	    value != NULL ? json_object_new_string(value) : NULL);
}

/* Only when there is a value: Mastodon leaves such members out. */
static void
put_str_if(json_object *o, const char *key, const char *value)
{
	if (value != NULL)
		put_str(o, key, value);
}

static void
put_bool(json_object *o, const char *key, int value)
{
	json_object_object_add(o, key, json_object_new_boolean(value != 0));
}

static json_object *
terms_json(const struct context_term *terms)
{
	json_object *o = json_object_new_object(), *t;

	for (; terms->name != NULL; terms++) {
		if (!terms->is_link) {
			put_str(o, terms->name, terms->id);
			continue;
		}
		t = json_object_new_object();
		put_str(t, "@id", terms->id);
		put_str(t, "@type", "@id");
		json_object_object_add(o, terms->name, t);
	}
	return o;
}

static json_object *
context_json(enum ap_vocabulary v)
{
	json_object *c;

	if (v == AP_VOCABULARY_BASIC)
		return json_object_new_string(AS_CONTEXT);
	c = json_object_new_array();
	json_object_array_add(c, json_object_new_string(AS_CONTEXT));
	if (v == AP_VOCABULARY_ACTOR) {
		json_object_array_add(c,
		    json_object_new_string(SECURITY_CONTEXT));
		json_object_array_add(c, terms_json(actor_terms));
	} else
		json_object_array_add(c, terms_json(note_terms));
	return c;
}

json_object *
ap_document(enum ap_vocabulary v, json_object *obj)
{
	json_object *doc = json_object_new_object();

	json_object_object_add(doc, "@context", context_json(v));
	json_object_object_foreach(obj, key, value)
		json_object_object_add(doc, key, json_object_get(value));
	json_object_put(obj);
	return doc;
}

/* "2024-05-01T10:20:30.123Z" as "2024-05-01T10:20:30Z" (Mastodon's). */
static const char *
as_time(const char *iso, char out[AS_TIME_MAX])
{
	if (iso == NULL)
		return NULL;
	if (strlen(iso) < 19) {
		snprintf(out, AS_TIME_MAX, "%s", iso);
		return out;
	}
	snprintf(out, AS_TIME_MAX, "%.19sZ", iso);
	return out;
}

/* Seconds since the epoch of an ISO 8601 UTC time; 0 if unreadable. */
static int64_t
epoch_of(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
		return 0;
	return (int64_t)timegm(&tm);
}

/* s + suffix, as a new string. */
static char *
joined(const char *s, const char *suffix)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, s);
	buf_puts(&b, suffix);
	return buf_detach(&b);
}

static json_object *
image_json(const char *url, const char *type)
{
	json_object *o = json_object_new_object();

	put_str(o, "type", "Image");
	put_str_if(o, "mediaType", type);
	put_str(o, "url", url);
	return o;
}

/*
 * The profile fields (stored as [{name, value, verified_at}], value the
 * HTML we render) as PropertyValues; a malformed item is left out.
 */
static json_object *
fields_json(const char *text)
{
	json_object *out = json_object_new_array(), *arr, *item, *name,
	    *value, *f;
	size_t i, n;

	if (text == NULL || (arr = json_tokener_parse(text)) == NULL)
		return out;
	n = json_object_is_type(arr, json_type_array) ?
	    json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		item = json_object_array_get_idx(arr, i);
		if (item == NULL ||
		    !json_object_is_type(item, json_type_object) ||
		    !json_object_object_get_ex(item, "name", &name) ||
		    !json_object_object_get_ex(item, "value", &value) ||
		    !json_object_is_type(name, json_type_string) ||
		    !json_object_is_type(value, json_type_string))
			continue;
		f = json_object_new_object();
		put_str(f, "type", "PropertyValue");
		put_str(f, "name", json_object_get_string(name));
		put_str(f, "value", json_object_get_string(value));
		json_object_array_add(out, f);
	}
	json_object_put(arr);
	return out;
}

static json_object *
public_key_json(const char *key_id, const char *owner, const char *pem)
{
	json_object *k = json_object_new_object();

	put_str(k, "id", key_id);
	put_str(k, "owner", owner);
	put_str(k, "publicKeyPem", pem);
	return k;
}

static json_object *
string_array(char *const *items, size_t n)
{
	json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(items[i]));
	return arr;
}

json_object *
ap_actor_json(const struct config *cf, const struct ap_actor *a)
{
	const struct account *ac = &a->account;
	json_object *o = json_object_new_object(), *endpoints;
	int shown = !ac->suspended;
	char *tags;

	(void)cf;
	put_str(o, "id", ac->uri);
	put_str(o, "type", ac->bot ? "Service" : ac->actor_type);
	put_str(o, "following", a->following);
	put_str(o, "followers", a->followers);
	put_str(o, "inbox", a->inbox);
	put_str(o, "outbox", a->outbox);
	put_str(o, "featured", a->featured);
	tags = joined(ac->uri, "/collections/tags");
	put_str(o, "featuredTags", tags);
	free(tags);
	put_str(o, "preferredUsername", ac->username);
	/* As Mastodon: an empty display name stays empty (peers show the
	 * username then); a suspended account is named by its username. */
	put_str(o, "name", shown ? ac->display_name : ac->username);
	put_str(o, "summary", shown ? ac->note : "");
	put_str(o, "url", ac->url);
	put_bool(o, "manuallyApprovesFollowers", shown && ac->locked);
	put_bool(o, "discoverable", shown && ac->discoverable);
	put_bool(o, "indexable", shown && ac->indexable);
	put_str(o, "published", a->published);
	put_bool(o, "memorial", a->memorial);
	if (!shown)
		put_bool(o, "suspended", 1);
	json_object_object_add(o, "publicKey", public_key_json(a->key_id,
	    ac->uri, a->public_key_pem));
	json_object_object_add(o, "tag", json_object_new_array());
	json_object_object_add(o, "attachment", shown ?
	    fields_json(ac->fields) : json_object_new_array());
	endpoints = json_object_new_object();
	put_str(endpoints, "sharedInbox", a->shared_inbox);
	json_object_object_add(o, "endpoints", endpoints);
	if (!shown)
		return o;
	if (a->avatar_url != NULL)
		json_object_object_add(o, "icon", image_json(a->avatar_url,
		    a->avatar_type));
	if (a->header_url != NULL)
		json_object_object_add(o, "image", image_json(a->header_url,
		    a->header_type));
	put_str_if(o, "movedTo", a->moved_to);
	if (a->nalso_known_as > 0)
		json_object_object_add(o, "alsoKnownAs",
		    string_array(a->also_known_as, a->nalso_known_as));
	return o;
}

json_object *
ap_instance_actor_json(const struct config *cf, const char *public_pem)
{
	json_object *o = json_object_new_object(), *endpoints;
	struct buf id = BUF_INIT, b = BUF_INIT;

	buf_printf(&id, "%s" INSTANCE_ACTOR_PATH, cf->base_url);
	put_str(o, "id", buf_cstr(&id));
	put_str(o, "type", "Application");
	buf_printf(&b, "%s/inbox", buf_cstr(&id));
	put_str(o, "inbox", buf_cstr(&b));
	buf_reset(&b);
	buf_printf(&b, "%s/outbox", buf_cstr(&id));
	put_str(o, "outbox", buf_cstr(&b));
	put_str(o, "preferredUsername", cf->domain);
	buf_reset(&b);
	buf_printf(&b, "%s/", cf->base_url);
	put_str(o, "url", buf_cstr(&b));
	put_bool(o, "manuallyApprovesFollowers", 1);
	buf_reset(&b);
	buf_printf(&b, "%s#main-key", buf_cstr(&id));
	json_object_object_add(o, "publicKey", public_key_json(buf_cstr(&b),
	    buf_cstr(&id), public_pem));
	endpoints = json_object_new_object();
	buf_reset(&b);
	buf_printf(&b, "%s/inbox", cf->base_url);
	put_str(endpoints, "sharedInbox", buf_cstr(&b));
	json_object_object_add(o, "endpoints", endpoints);
	buf_free(&id);
	buf_free(&b);
	return o;
}

static void
add_uri(json_object *arr, const char *uri)
{
	if (uri != NULL && *uri != '\0')
		json_object_array_add(arr, json_object_new_string(uri));
}

static void
add_mentioned(json_object *arr, const struct status *s)
{
	size_t i;

	for (i = 0; i < s->nmentions; i++)
		add_uri(arr, s->mentions[i].uri);
}

/*
 * Who a status is for, by its visibility (Mastodon's TagManager#to and
 * #cc): public goes to everyone and is copied to the followers, unlisted
 * the other way round, followers-only to the followers, direct to the
 * mentioned alone; the mentioned get a copy of any but a direct one. A
 * boost copies the boosted status' author (first) instead.
 */
static void
audience(const struct status *s, const char *boosted_author, json_object **to,
    json_object **cc)
{
	char *followers = joined(s->account.uri, "/followers");
	const char *v = s->visibility;

	*to = json_object_new_array();
	*cc = json_object_new_array();
	add_uri(*cc, boosted_author);
	if (!strcmp(v, "public")) {
		add_uri(*to, AP_PUBLIC);
		add_uri(*cc, followers);
	} else if (!strcmp(v, "unlisted")) {
		add_uri(*to, followers);
		add_uri(*cc, AP_PUBLIC);
	} else if (!strcmp(v, "private"))
		add_uri(*to, followers);
	if (boosted_author == NULL)
		add_mentioned(!strcmp(v, "direct") ? *to : *cc, s);
	free(followers);
}

/* "@name@domain": a local account's acct has no domain of its own. */
static char *
mention_name(const struct config *cf, const struct status_mention *m)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "@%s", m->acct);
	if (strchr(m->acct, '@') == NULL)
		buf_printf(&b, "@%s", cf->domain);
	return buf_detach(&b);
}

static json_object *
note_tags(const struct config *cf, const struct status *s)
{
	json_object *arr = json_object_new_array(), *t;
	struct buf b = BUF_INIT;
	char *name;
	size_t i;

	for (i = 0; i < s->nmentions; i++) {
		t = json_object_new_object();
		put_str(t, "type", "Mention");
		put_str(t, "href", s->mentions[i].uri);
		name = mention_name(cf, &s->mentions[i]);
		put_str(t, "name", name);
		free(name);
		json_object_array_add(arr, t);
	}
	for (i = 0; i < s->ntags; i++) {
		t = json_object_new_object();
		put_str(t, "type", "Hashtag");
		buf_reset(&b);
		buf_printf(&b, "%s/tags/", cf->base_url);
		buf_url_arg(&b, s->tags[i]);
		put_str(t, "href", buf_cstr(&b));
		buf_reset(&b);
		buf_printf(&b, "#%s", s->tags[i]);
		put_str(t, "name", buf_cstr(&b));
		json_object_array_add(arr, t);
	}
	buf_free(&b);
	return arr;
}

/*
 * The replies collection: its first page by reference, so a page of
 * Notes costs no query per Note (a peer that wants the replies fetches
 * the page).
 */
static json_object *
replies_json(const struct status *s)
{
	char *id = joined(s->uri, "/replies"), *first;
	json_object *o;

	first = joined(id, "?page=true");
	o = ap_collection_json(id, 0, -1, first, NULL, NULL);
	free(id);
	free(first);
	return o;
}

json_object *
ap_note_json(const struct config *cf, const struct status *s)
{
	json_object *o = json_object_new_object(), *to, *cc, *map;
	char t[AS_TIME_MAX];

	put_str(o, "id", s->uri);
	put_str(o, "type", "Note");
	put_str(o, "summary", *s->spoiler_text ? s->spoiler_text : NULL);
	put_str(o, "inReplyTo", s->in_reply_to_uri);
	put_str(o, "published", as_time(s->created_at, t));
	put_str(o, "url", s->url);
	put_str(o, "attributedTo", s->account.uri);
	audience(s, NULL, &to, &cc);
	json_object_object_add(o, "to", to);
	json_object_object_add(o, "cc", cc);
	put_bool(o, "sensitive", s->sensitive);
	put_str(o, "content", s->content);
	if (s->language != NULL && *s->language != '\0') {
		map = json_object_new_object();
		put_str(map, s->language, s->content);
		json_object_object_add(o, "contentMap", map);
	}
	if (s->edited_at != NULL)
		put_str(o, "updated", as_time(s->edited_at, t));
	json_object_object_add(o, "attachment", json_object_new_array());
	json_object_object_add(o, "tag", note_tags(cf, s));
	json_object_object_add(o, "replies", replies_json(s));
	return o;
}

/* An activity of the status' author with the status' audience. */
static json_object *
activity_json(const struct status *s, const char *id, const char *type,
    const char *published, const char *boosted_author)
{
	json_object *o = json_object_new_object(), *to, *cc;
	char t[AS_TIME_MAX];

	put_str(o, "id", id);
	put_str(o, "type", type);
	put_str(o, "actor", s->account.uri);
	put_str(o, "published", as_time(published, t));
	audience(s, boosted_author, &to, &cc);
	json_object_object_add(o, "to", to);
	json_object_object_add(o, "cc", cc);
	return o;
}

json_object *
ap_create_json(const struct config *cf, const struct status *s)
{
	char *id = joined(s->uri, "/activity");
	json_object *o = activity_json(s, id, "Create", s->created_at, NULL);

	json_object_object_add(o, "object", ap_note_json(cf, s));
	free(id);
	return o;
}

json_object *
ap_announce_json(const struct config *cf, const struct status *s)
{
	json_object *o;

	(void)cf;
	if (s->reblog == NULL)
		return NULL;
	o = activity_json(s, s->uri, "Announce", s->created_at,
	    s->reblog->account.uri);
	put_str(o, "object", s->reblog->uri);
	return o;
}

json_object *
ap_status_activity_json(const struct config *cf, const struct status *s)
{
	return s->reblog_of_id ? ap_announce_json(cf, s) :
	    ap_create_json(cf, s);
}

json_object *
ap_update_note_json(const struct config *cf, const struct status *s)
{
	const char *when = s->edited_at ? s->edited_at : s->created_at;
	struct buf id = BUF_INIT;
	json_object *o;

	buf_printf(&id, "%s#updates/%" PRId64, s->uri, epoch_of(when));
	o = activity_json(s, buf_cstr(&id), "Update", when, NULL);
	json_object_object_add(o, "object", ap_note_json(cf, s));
	buf_free(&id);
	return o;
}

json_object *
ap_update_actor_json(const struct config *cf, const struct ap_actor *a)
{
	json_object *o = json_object_new_object(), *to;
	struct buf id = BUF_INIT;

	buf_printf(&id, "%s#updates/%" PRId64, a->account.uri, a->updated);
	put_str(o, "id", buf_cstr(&id));
	put_str(o, "type", "Update");
	put_str(o, "actor", a->account.uri);
	to = json_object_new_array();
	add_uri(to, AP_PUBLIC);
	json_object_object_add(o, "to", to);
	json_object_object_add(o, "object", ap_actor_json(cf, a));
	buf_free(&id);
	return o;
}

json_object *
ap_tombstone_json(const char *uri)
{
	json_object *o = json_object_new_object();

	put_str(o, "id", uri);
	put_str(o, "type", "Tombstone");
	return o;
}

json_object *
ap_delete_json(const char *actor_uri, const char *object_uri)
{
	json_object *o = json_object_new_object(), *to;
	char *id = joined(object_uri, "#delete");

	put_str(o, "id", id);
	put_str(o, "type", "Delete");
	put_str(o, "actor", actor_uri);
	to = json_object_new_array();
	add_uri(to, AP_PUBLIC);
	json_object_object_add(o, "to", to);
	json_object_object_add(o, "object", ap_tombstone_json(object_uri));
	free(id);
	return o;
}

json_object *
ap_activity_json(const char *type, const char *id, const char *actor_uri,
    const char *object_uri, const char *to)
{
	json_object *o = json_object_new_object(), *a;

	put_str(o, "id", id);
	put_str(o, "type", type);
	put_str(o, "actor", actor_uri);
	put_str(o, "object", object_uri);
	if (to != NULL) {
		a = json_object_new_array();
		add_uri(a, to);
		json_object_object_add(o, "to", a);
	}
	return o;
}

json_object *
ap_follow_answer_json(const char *type, const char *id,
    const char *actor_uri, const char *follow_id, const char *follower_uri)
{
	json_object *o = json_object_new_object(), *f, *to;

	put_str(o, "id", id);
	put_str(o, "type", type);
	put_str(o, "actor", actor_uri);
	to = json_object_new_array();
	add_uri(to, follower_uri);
	json_object_object_add(o, "to", to);
	f = ap_activity_json("Follow", follow_id, follower_uri, actor_uri,
	    NULL);
	json_object_object_add(o, "object", f);
	return o;
}

json_object *
ap_undo_json(const char *actor_uri, json_object *undone)
{
	json_object *o = json_object_new_object(), *v;
	char *id;

	v = json_object_object_get(undone, "id");
	id = joined(v != NULL ? json_object_get_string(v) : actor_uri,
	    "/undo");
	put_str(o, "id", id);
	put_str(o, "type", "Undo");
	put_str(o, "actor", actor_uri);
	if ((v = json_object_object_get(undone, "to")) != NULL)
		json_object_object_add(o, "to", json_object_get(v));
	if ((v = json_object_object_get(undone, "cc")) != NULL)
		json_object_object_add(o, "cc", json_object_get(v));
	json_object_object_add(o, "object", undone);
	free(id);
	return o;
}

json_object *
ap_collection_json(const char *id, int ordered, int64_t total,
    const char *first, const char *last, json_object *items)
{
	json_object *o = json_object_new_object();

	put_str(o, "id", id);
	put_str(o, "type", ordered ? "OrderedCollection" : "Collection");
	if (total >= 0)
		json_object_object_add(o, "totalItems",
		    json_object_new_int64(total));
	put_str_if(o, "first", first);
	put_str_if(o, "last", last);
	if (items != NULL)
		json_object_object_add(o, ordered ? "orderedItems" : "items",
		    items);
	return o;
}

json_object *
ap_collection_page_json(const char *id, int ordered, const char *part_of,
    const char *prev, const char *next, json_object *items)
{
	json_object *o = json_object_new_object();

	put_str(o, "id", id);
	put_str(o, "type", ordered ? "OrderedCollectionPage" :
	    "CollectionPage");
	put_str(o, "partOf", part_of);
	put_str_if(o, "prev", prev);
	put_str_if(o, "next", next);
	json_object_object_add(o, ordered ? "orderedItems" : "items",
	    items != NULL ? items : json_object_new_array());
	return o;
}
