/*
 * api_entity: Account and Status as Mastodon 4.3 renders them, for a
 * signed-out client or, with their own flags, a signed-in one. Ids travel
 * as strings, times as ISO 8601 strings,
 * absent values as null, and the lists woolly has no data for yet
 * (emojis, media) as empty arrays, so clients never meet a missing key
 * they rely on.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "api_status_cache.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "pagination.h"
#include "request.h"
#include "status.h"
#include "tag.h"
#include "timeline.h"

/* Mastodon's placeholders, which a suspended account falls back to. */
#define MISSING_AVATAR	"/avatars/original/missing.png"
#define MISSING_HEADER	"/headers/original/missing.png"

/* How long a shared cache may keep an anonymous reply, as Mastodon's
 * cache_if_unauthenticated! does. */
#define API_STALE_WHILE_REVALIDATE	30
#define API_STALE_IF_ERROR		86400

/* Ids travel as strings; 0 (none) is null. */
static void
put_id(json_object *o, const char *key, int64_t id)
{
	char s[24];

	if (id == 0) {
		json_object_object_add(o, key, NULL);
		return;
	}
	snprintf(s, sizeof(s), "%" PRId64, id);
	json_object_object_add(o, key, json_object_new_string(s));
}

void
api_put_str(json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key,
	    value ? json_object_new_string(value) : NULL);
}

void
api_put_bool(json_object *o, const char *key, int value)
{
	json_object_object_add(o, key, json_object_new_boolean(value != 0));
}

void
api_put_int(json_object *o, const char *key, int64_t value)
{
	json_object_object_add(o, key, json_object_new_int64(value));
}

void
api_put_url(json_object *o, const struct config *cf, const char *key,
    const char *path)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s%s", cf->base_url, path);
	api_put_str(o, key, buf_cstr(&b));
	buf_free(&b);
}

static int
is_string(json_object *o)
{
	return o != NULL && json_object_is_type(o, json_type_string);
}

/*
 * Profile fields are stored as the JSON text of [{name, value,
 * verified_at}]. Rebuild them item by item so that a malformed row yields
 * fewer fields, never a wrongly typed attribute.
 */
static json_object *
fields_json(const char *text)
{
	json_object *in, *out, *item, *field, *name, *value, *verified;
	size_t i, n;

	out = json_object_new_array();
	if (text == NULL || (in = json_tokener_parse(text)) == NULL)
		return out;
	if (!json_object_is_type(in, json_type_array)) {
		json_object_put(in);
		return out;
	}
	n = json_object_array_length(in);
	for (i = 0; i < n; i++) {
		item = json_object_array_get_idx(in, i);
		if (item == NULL ||
		    !json_object_is_type(item, json_type_object))
			continue;
		if (!json_object_object_get_ex(item, "name", &name) ||
		    !is_string(name) ||
		    !json_object_object_get_ex(item, "value", &value) ||
		    !is_string(value))
			continue;
		if (!json_object_object_get_ex(item, "verified_at",
		    &verified) || !is_string(verified))
			verified = NULL;
		field = json_object_new_object();
		api_put_str(field, "name", json_object_get_string(name));
		api_put_str(field, "value", json_object_get_string(value));
		api_put_str(field, "verified_at",
		    verified ? json_object_get_string(verified) : NULL);
		json_object_array_add(out, field);
	}
	json_object_put(in);
	return out;
}

/*
 * A suspended account keeps its name and counters but shows nothing it
 * wrote or uploaded (Mastodon's "unavailable" rendering).
 */
json_object *
api_account_json(const struct config *cf, const struct account *a)
{
	json_object *o = json_object_new_object();
	int gone = a->suspended, bot;

	/* Mastodon's bot flag is the actor type. */
	bot = a->bot || !strcmp(a->actor_type, "Application") ||
	    !strcmp(a->actor_type, "Service");
	put_id(o, "id", a->id);
	api_put_str(o, "username", a->username);
	api_put_str(o, "acct", a->acct);
	api_put_str(o, "display_name", gone ? "" : a->display_name);
	api_put_bool(o, "locked", !gone && a->locked);
	api_put_bool(o, "bot", !gone && bot);
	api_put_bool(o, "discoverable", !gone && a->discoverable);
	api_put_bool(o, "indexable", !gone && a->indexable);
	api_put_bool(o, "group", !strcmp(a->actor_type, "Group"));
	api_put_str(o, "created_at", a->created_at);
	api_put_str(o, "note", gone ? "" : a->note);
	api_put_str(o, "url", a->url);
	api_put_str(o, "uri", a->uri);
	if (gone) {
		api_put_url(o, cf, "avatar", MISSING_AVATAR);
		api_put_url(o, cf, "avatar_static", MISSING_AVATAR);
		api_put_url(o, cf, "header", MISSING_HEADER);
		api_put_url(o, cf, "header_static", MISSING_HEADER);
	} else {
		/* No animated images are kept, so static equals original. */
		api_put_str(o, "avatar", a->avatar);
		api_put_str(o, "avatar_static", a->avatar);
		api_put_str(o, "header", a->header);
		api_put_str(o, "header_static", a->header);
	}
	api_put_int(o, "followers_count", a->followers_count);
	api_put_int(o, "following_count", a->following_count);
	api_put_int(o, "statuses_count", a->statuses_count);
	api_put_str(o, "last_status_at", a->last_status_at);
	api_put_bool(o, "hide_collections", a->hide_collections);
	/* Mastodon sends noindex for local accounts only; nobody can opt
	 * out of search engines yet, so it is false. */
	if (a->domain == NULL)
		api_put_bool(o, "noindex", 0);
	if (a->suspended)
		api_put_bool(o, "suspended", 1);
	if (a->silenced)
		api_put_bool(o, "limited", 1);
	json_object_object_add(o, "emojis", json_object_new_array());
	json_object_object_add(o, "fields",
	    gone ? json_object_new_array() : fields_json(a->fields));
	return o;
}

static json_object *
mentions_json(const struct status *s)
{
	json_object *arr = json_object_new_array(), *m;
	size_t i;

	for (i = 0; i < s->nmentions; i++) {
		m = json_object_new_object();
		put_id(m, "id", s->mentions[i].account_id);
		api_put_str(m, "username", s->mentions[i].username);
		api_put_str(m, "url", s->mentions[i].url);
		api_put_str(m, "acct", s->mentions[i].acct);
		json_object_array_add(arr, m);
	}
	return arr;
}

static json_object *
tags_json(const struct config *cf, const struct status *s)
{
	json_object *arr = json_object_new_array(), *t;
	struct buf url = BUF_INIT;
	size_t i;

	for (i = 0; i < s->ntags; i++) {
		buf_reset(&url);
		buf_printf(&url, "%s/tags/", cf->base_url);
		buf_url_arg(&url, s->tags[i]);
		t = json_object_new_object();
		api_put_str(t, "name", s->tags[i]);
		api_put_str(t, "url", buf_cstr(&url));
		json_object_array_add(arr, t);
	}
	buf_free(&url);
	return arr;
}

/* Mastodon's pinnable?: the viewer's own status that a pin may hold. */
static int
status_pinnable(const struct status *s)
{
	return s->viewer != 0 && s->viewer == s->account.id &&
	    s->reblog_of_id == 0 && strcmp(s->visibility, "direct") != 0;
}

/*
 * The attributes of a status that depend on who looks at it, as an
 * object of their own: present only when the status was loaded for a
 * signed-in viewer (Mastodon's current_user? attributes), and the
 * application, shown to the author alone (null for the web pages). Empty
 * for a signed-out client.
 */
json_object *
api_status_viewer_json(const struct status *s)
{
	json_object *o = json_object_new_object(), *app;

	if (s->viewer == 0)
		return o;
	api_put_bool(o, "favourited", s->favourited);
	api_put_bool(o, "reblogged", s->reblogged);
	api_put_bool(o, "muted", s->muted);
	api_put_bool(o, "bookmarked", s->bookmarked);
	if (status_pinnable(s))
		api_put_bool(o, "pinned", s->pinned);
	json_object_object_add(o, "filtered", json_object_new_array());
	if (s->viewer != s->account.id)
		return o;
	app = NULL;
	if (s->application_id != 0 && s->application_name != NULL) {
		app = json_object_new_object();
		api_put_str(app, "name", s->application_name);
		api_put_str(app, "website", s->application_website);
	}
	json_object_object_add(o, "application", app);
	return o;
}

/* Move every key of from into to (from is consumed). */
static void
json_merge(json_object *to, json_object *from)
{
	json_object_object_foreach(from, key, value)
		json_object_object_add(to, key, json_object_get(value));
	json_object_put(from);
}

/*
 * For a signed-out client the viewer-only attributes (favourited,
 * reblogged, muted, bookmarked, pinned, filtered) and application are
 * omitted, as Mastodon omits them; text only comes with delete replies.
 */
json_object *
api_status_json(const struct config *cf, const struct status *s)
{
	json_object *o = json_object_new_object();

	put_id(o, "id", s->id);
	api_put_str(o, "created_at", s->created_at);
	put_id(o, "in_reply_to_id", s->in_reply_to_id);
	put_id(o, "in_reply_to_account_id", s->in_reply_to_account_id);
	api_put_bool(o, "sensitive", s->sensitive);
	api_put_str(o, "spoiler_text", s->spoiler_text);
	api_put_str(o, "visibility", s->visibility);
	api_put_str(o, "language", s->language);
	api_put_str(o, "uri", s->uri);
	api_put_str(o, "url", s->url);
	api_put_int(o, "replies_count", s->replies_count);
	api_put_int(o, "reblogs_count", s->reblogs_count);
	api_put_int(o, "favourites_count", s->favourites_count);
	api_put_str(o, "edited_at", s->edited_at);
	api_put_str(o, "content", s->content);
	json_object_object_add(o, "reblog",
	    s->reblog ? api_status_json(cf, s->reblog) : NULL);
	json_object_object_add(o, "account",
	    api_account_json(cf, &s->account));
	json_object_object_add(o, "media_attachments",
	    json_object_new_array());
	json_object_object_add(o, "mentions", mentions_json(s));
	json_object_object_add(o, "tags", tags_json(cf, s));
	json_object_object_add(o, "emojis", json_object_new_array());
	json_object_object_add(o, "card", NULL);
	json_object_object_add(o, "poll", NULL);
	json_merge(o, api_status_viewer_json(s));
	return o;
}

json_object *
api_status_array(const struct config *cf, const struct status_list *l)
{
	json_object *arr = json_object_new_array_ext((int)l->n);
	size_t i;

	for (i = 0; i < l->n; i++)
		json_object_array_add(arr, api_status_json(cf, &l->items[i]));
	return arr;
}

void
api_not_found(struct request *req)
{
	resp_error(req, 404, "Record not found");
}

void
api_cache_if_unauthenticated(struct request *req, int max_age)
{
	api_cache(req, req->token != NULL ? 0 : max_age);
}

int64_t
api_viewer_id(const struct request *req)
{
	return req->viewer ? req->viewer->account_id : 0;
}

int
api_account_from_path(struct request *req, struct account *a)
{
	int64_t id;
	int rc;

	if (req_id(req, "id", &id) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = account_by_id(req->app->db, req->app->cf->base_url, id, a);
	if (rc == 0)
		api_not_found(req);
	return rc;
}

void
api_cache(struct request *req, int max_age)
{
	if (max_age <= 0) {
		resp_header(req, "Cache-Control", "private, no-store");
		return;
	}
	resp_header(req, "Cache-Control", "max-age=%d, public, "
	    "stale-while-revalidate=%d, stale-if-error=%d", max_age,
	    API_STALE_WHILE_REVALIDATE, API_STALE_IF_ERROR);
	resp_header(req, "Vary", "Authorization");
}

int
api_flag(struct request *req, const char *name, int *out)
{
	*out = 0;
	if (req_bool(req, name, out) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	return 0;
}

void
api_validation_failed(struct request *req, const char *field,
    const char *code, const char *description)
{
	json_object *o = json_object_new_object(), *details, *list, *e;
	struct buf msg = BUF_INIT;

	buf_printf(&msg, "Validation failed: %c%s %s",
	    toupper((unsigned char)field[0]), field + 1, description);
	e = json_object_new_object();
	api_put_str(e, "error", code);
	api_put_str(e, "description", description);
	list = json_object_new_array();
	json_object_array_add(list, e);
	details = json_object_new_object();
	json_object_object_add(details, field, list);
	api_put_str(o, "error", buf_cstr(&msg));
	json_object_object_add(o, "details", details);
	resp_json(req, 422, o);
	buf_free(&msg);
}

int
api_send_timeline(struct request *req, const struct page *pg,
    const struct id_list *ids)
{
	struct status_list list;

	if (cache_enabled(req->app->cache))
		return api_send_cached_timeline(req, pg, ids);
	if (status_load(req->app->db, req->app->cf, ids->ids, ids->n,
	    api_viewer_id(req), &list) == -1)
		return -1;
	page_link_header(req, pg, ids);
	resp_json(req, 200, api_status_array(req->app->cf, &list));
	status_list_free(&list);
	return 0;
}

/*
 * Mastodon's TagHistory sends every number as a string; the day is the
 * UTC midnight it starts at, in seconds.
 */
static json_object *
tag_history_json(const struct tag *t)
{
	json_object *arr = json_object_new_array(), *d;
	char s[24];
	size_t i;

	for (i = 0; i < TAG_HISTORY_DAYS; i++) {
		d = json_object_new_object();
		snprintf(s, sizeof(s), "%" PRId64, t->history[i].day);
		api_put_str(d, "day", s);
		snprintf(s, sizeof(s), "%" PRId64, t->history[i].uses);
		api_put_str(d, "uses", s);
		snprintf(s, sizeof(s), "%" PRId64, t->history[i].accounts);
		api_put_str(d, "accounts", s);
		json_object_array_add(arr, d);
	}
	return arr;
}

json_object *
api_tag_json(const struct config *cf, const struct tag *t)
{
	json_object *o = json_object_new_object();
	struct buf url = BUF_INIT;

	buf_printf(&url, "%s/tags/", cf->base_url);
	buf_url_arg(&url, t->name);
	put_id(o, "id", t->id);
	api_put_str(o, "name", t->name);
	api_put_str(o, "url", buf_cstr(&url));
	json_object_object_add(o, "history", tag_history_json(t));
	buf_free(&url);
	return o;
}

json_object *
api_tag_array(const struct config *cf, const struct tag_list *l)
{
	json_object *arr = json_object_new_array_ext((int)l->n);
	size_t i;

	for (i = 0; i < l->n; i++)
		json_object_array_add(arr, api_tag_json(cf, &l->items[i]));
	return arr;
}
