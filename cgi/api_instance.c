/*
 * api_instance: GET /api/v1/instance and GET /api/v2/instance, the first
 * requests every Mastodon client makes, and the instance's other public
 * documents: rules, extended description, peers, weekly activity,
 * translation languages and domain blocks. They describe the server
 * (name, version, contact, limits) from woolly.conf and lib/instance.c's
 * numbers; clients size their compose box and uploads from them.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "format.h"
#include "handlers.h"
#include "instance.h"
#include "request.h"

/* Makefile.am passes PACKAGE_VERSION; the fallback shows when it did not. */
#ifndef WOOLLY_VERSION
#define WOOLLY_VERSION "0.0.0-unknown"
#endif

/* The Mastodon release whose API we follow, in the form other
 * implementations use so clients can parse both parts. */
#define API_VERSION	"4.3.0 (compatible; woolly " WOOLLY_VERSION ")"
#define API_VERSIONS_MASTODON	2
#define WOOLLY_SOURCE_URL	"https://codeberg.org/woolly/woolly"
/* Until the instance can upload its own picture. */
#define INSTANCE_THUMBNAIL	"/avatars/original/missing.png"
/* Both instance documents change rarely: Mastodon lets anyone cache
 * them for three minutes. */
#define INSTANCE_MAX_AGE	180

/* Limits clients read before composing; most are Mastodon's own. */
#define MAX_FEATURED_TAGS		10
#define MAX_PINNED_STATUSES		5
#define MAX_DISPLAY_NAME_LENGTH		30
#define MAX_NOTE_LENGTH			500
#define MAX_PROFILE_FIELDS		4
#define PROFILE_FIELD_LIMIT		255
#define MAX_MEDIA_ATTACHMENTS		4
#define CHARACTERS_RESERVED_PER_URL	23
#define IMAGE_SIZE_LIMIT		16777216	/* 16 MiB */
#define VIDEO_SIZE_LIMIT		103809024	/* 99 MiB */
#define IMAGE_MATRIX_LIMIT		33177600	/* 7680x4320 */
#define VIDEO_FRAME_RATE_LIMIT		120
#define VIDEO_MATRIX_LIMIT		8294400		/* 3840x2160 */
#define MEDIA_DESCRIPTION_LIMIT		1500
#define POLL_MAX_OPTIONS		4
#define POLL_MAX_CHARACTERS_PER_OPTION	50
#define POLL_MIN_EXPIRATION		300
#define POLL_MAX_EXPIRATION		2629746

static const char *const supported_mime_types[] = {
	"image/jpeg", "image/png", "image/gif", "image/webp",
	"video/mp4", "video/webm", "video/quicktime",
	"audio/mpeg", "audio/mp3", "audio/ogg", "audio/vorbis",
	"audio/wav", "audio/wave", "audio/x-wav", "audio/flac",
	"audio/mp4", "audio/aac", "audio/webm",
};

/* Who people can write to about this instance. */
struct instance_contact {
	json_object	*account;	/* an Account, or NULL (JSON null) */
	char		*email;		/* never NULL; "" when there is none */
};

/*
 * The account people can write to: contact_account when it names a
 * usable local account, else the earliest admin, else the earliest local
 * user. The account is NULL (JSON null) only when there is no usable
 * local user at all.
 *
 * The address is contact_email when it is set. Otherwise it is the
 * contact account's own e-mail, but only when an administrator chose that
 * account to speak for the instance: named by contact_account, or an
 * admin. A plain user who is the contact only for lack of an admin never
 * agreed to publish their address, so then it stays "", as Mastodon
 * sends without a contact address.
 */
static int
instance_contact(struct request *req, struct instance_contact *c)
{
	static const char *sql =
	    "SELECT " ACCOUNT_COLUMNS ", "
	    "CASE WHEN u.role = 'admin' "
	    "  OR lower(a.username) = lower($1::text) THEN u.email END "
	    "FROM " ACCOUNT_JOIN " "
	    "JOIN users u ON u.account_id = a.id "
	    "WHERE a.domain IS NULL AND a.suspended_at IS NULL "
	    "AND u.approved AND NOT u.disabled "
	    "ORDER BY lower(a.username) = lower($1::text) DESC, "
	    "u.role = 'admin' DESC, a.created_at, a.id LIMIT 1";
	const struct config *cf = req->app->cf;
	const char *name = cf->contact_account ? cf->contact_account : "";
	const char *email = NULL;
	struct db_params p;
	struct account a;
	PGresult *res;

	c->account = NULL;
	c->email = NULL;
	if (*name == '@')
		name++;
	db_params_init(&p);
	dbp_str(&p, name);
	if ((res = db_run(req->app->db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		account_from_row(&a, res, 0, 0, cf->base_url);
		c->account = api_account_json(cf, &a);
		account_free(&a);
		email = db_val(res, 0, ACCOUNT_NCOLUMNS);
	}
	if (cf->contact_email != NULL && *cf->contact_email != '\0')
		email = cf->contact_email;
	c->email = xstrdup(email != NULL ? email : "");
	PQclear(res);
	return 0;
}

static json_object *
string_array(const char *const *v, size_t n)
{
	json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(v[i]));
	return arr;
}

static json_object *
languages_json(void)
{
	static const char *const languages[] = { "en" };

	return string_array(languages, 1);
}

/* No streaming server exists yet; clients expect Mastodon's default. */
static void
put_streaming_url(json_object *o, const char *key, const struct config *cf)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s://%s", cf->scheme == SCHEME_HTTPS ? "wss" : "ws",
	    cf->domain);
	api_put_str(o, key, buf_cstr(&b));
	buf_free(&b);
}

/* Mastodon's limit, unless woolly.conf's max_upload_size is lower. */
static int64_t
upload_limit(const struct config *cf, int64_t mastodon)
{
	return cf->max_upload_size < mastodon ? cf->max_upload_size : mastodon;
}

/* The parts of "configuration" both versions share; v2 adds more. */
static void
add_shared_configuration(json_object *c, const struct config *cf, int v2)
{
	json_object *o;

	o = json_object_new_object();
	api_put_int(o, "max_featured_tags", MAX_FEATURED_TAGS);
	if (v2) {
		api_put_int(o, "max_pinned_statuses", MAX_PINNED_STATUSES);
		api_put_int(o, "max_display_name_length",
		    MAX_DISPLAY_NAME_LENGTH);
		api_put_int(o, "max_note_length", MAX_NOTE_LENGTH);
		api_put_int(o, "max_profile_fields", MAX_PROFILE_FIELDS);
		api_put_int(o, "profile_field_name_limit",
		    PROFILE_FIELD_LIMIT);
		api_put_int(o, "profile_field_value_limit",
		    PROFILE_FIELD_LIMIT);
	}
	json_object_object_add(c, "accounts", o);

	o = json_object_new_object();
	api_put_int(o, "max_characters", cf->max_status_length);
	api_put_int(o, "max_media_attachments", MAX_MEDIA_ATTACHMENTS);
	api_put_int(o, "characters_reserved_per_url",
	    CHARACTERS_RESERVED_PER_URL);
	json_object_object_add(c, "statuses", o);

	o = json_object_new_object();
	json_object_object_add(o, "supported_mime_types",
	    string_array(supported_mime_types, sizeof(supported_mime_types) /
	    sizeof(supported_mime_types[0])));
	api_put_int(o, "image_size_limit",
	    upload_limit(cf, IMAGE_SIZE_LIMIT));
	api_put_int(o, "image_matrix_limit", IMAGE_MATRIX_LIMIT);
	api_put_int(o, "video_size_limit",
	    upload_limit(cf, VIDEO_SIZE_LIMIT));
	api_put_int(o, "video_frame_rate_limit", VIDEO_FRAME_RATE_LIMIT);
	api_put_int(o, "video_matrix_limit", VIDEO_MATRIX_LIMIT);
	if (v2)
		api_put_int(o, "description_limit", MEDIA_DESCRIPTION_LIMIT);
	json_object_object_add(c, "media_attachments", o);

	o = json_object_new_object();
	api_put_int(o, "max_options", POLL_MAX_OPTIONS);
	api_put_int(o, "max_characters_per_option",
	    POLL_MAX_CHARACTERS_PER_OPTION);
	api_put_int(o, "min_expiration", POLL_MIN_EXPIRATION);
	api_put_int(o, "max_expiration", POLL_MAX_EXPIRATION);
	json_object_object_add(c, "polls", o);
}

/*
 * vapid_key is the instance's Web Push key (instance_settings
 * vapid_public_key), NULL until it has one. There is no about page,
 * status page, privacy policy or terms of service to link to yet.
 */
static json_object *
configuration_v2(const struct config *cf, const char *vapid_key)
{
	json_object *c = json_object_new_object(), *o;

	o = json_object_new_object();
	put_streaming_url(o, "streaming", cf);
	json_object_object_add(o, "status", NULL);
	json_object_object_add(o, "about", NULL);
	json_object_object_add(o, "privacy_policy", NULL);
	json_object_object_add(o, "terms_of_service", NULL);
	json_object_object_add(c, "urls", o);
	if (vapid_key != NULL) {
		o = json_object_new_object();
		api_put_str(o, "public_key", vapid_key);
		json_object_object_add(c, "vapid", o);
	}
	add_shared_configuration(c, cf, 1);
	o = json_object_new_object();
	api_put_bool(o, "enabled", 0);
	json_object_object_add(c, "translation", o);
	api_put_bool(c, "limited_federation", 0);
	return c;
}

/* Rule entities: ids as strings, hint "" when there is none. */
static json_object *
rules_json(const struct instance_rules *rules)
{
	json_object *arr = json_object_new_array(), *r;
	char id[24];
	size_t i;

	for (i = 0; i < rules->n; i++) {
		r = json_object_new_object();
		snprintf(id, sizeof(id), "%" PRId64, rules->items[i].id);
		api_put_str(r, "id", id);
		api_put_str(r, "text", rules->items[i].text);
		api_put_str(r, "hint", rules->items[i].hint);
		json_object_array_add(arr, r);
	}
	return arr;
}

static int
load_rules_json(struct request *req, json_object **out)
{
	struct instance_rules rules;

	if (instance_rules_load(req->app->db, &rules) == -1)
		return -1;
	*out = rules_json(&rules);
	instance_rules_free(&rules);
	return 0;
}

int
api_instance_v2(struct request *req)
{
	const struct config *cf = req->app->cf;
	struct instance_stats st;
	struct instance_contact contact;
	json_object *o, *sub, *sub2, *rules;
	char *vapid_key;

	if (instance_stats(req->app->db, &st) == -1 ||
	    instance_setting(req->app->db, "vapid_public_key",
	    &vapid_key) == -1)
		return -1;
	if (load_rules_json(req, &rules) == -1) {
		free(vapid_key);
		return -1;
	}
	if (instance_contact(req, &contact) == -1) {
		free(vapid_key);
		json_object_put(rules);
		return -1;
	}
	o = json_object_new_object();
	api_put_str(o, "domain", cf->domain);
	api_put_str(o, "title", cf->title);
	api_put_str(o, "version", API_VERSION);
	api_put_str(o, "source_url", WOOLLY_SOURCE_URL);
	api_put_str(o, "description", cf->description);

	sub = json_object_new_object();
	sub2 = json_object_new_object();
	api_put_int(sub2, "active_month", st.active_month);
	json_object_object_add(sub, "users", sub2);
	json_object_object_add(o, "usage", sub);

	sub = json_object_new_object();
	api_put_url(sub, cf, "url", INSTANCE_THUMBNAIL);
	json_object_object_add(o, "thumbnail", sub);
	json_object_object_add(o, "icon", json_object_new_array());
	json_object_object_add(o, "languages", languages_json());
	json_object_object_add(o, "configuration",
	    configuration_v2(cf, vapid_key));
	free(vapid_key);

	sub = json_object_new_object();
	api_put_bool(sub, "enabled", cf->registrations != REG_CLOSED);
	api_put_bool(sub, "approval_required",
	    cf->registrations == REG_APPROVAL);
	/* The sign-up form asks for a reason, never requires one. */
	api_put_bool(sub, "reason_required", 0);
	json_object_object_add(sub, "message", NULL);
	json_object_object_add(sub, "min_age", NULL);
	json_object_object_add(sub, "url", NULL);
	json_object_object_add(o, "registrations", sub);

	sub = json_object_new_object();
	api_put_int(sub, "mastodon", API_VERSIONS_MASTODON);
	json_object_object_add(o, "api_versions", sub);

	sub = json_object_new_object();
	api_put_str(sub, "email", contact.email);
	json_object_object_add(sub, "account", contact.account);
	json_object_object_add(o, "contact", sub);
	json_object_object_add(o, "rules", rules);

	free(contact.email);
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}

int
api_instance_v1(struct request *req)
{
	const struct config *cf = req->app->cf;
	struct instance_stats st;
	struct instance_contact contact;
	json_object *o, *sub, *rules;

	if (instance_stats(req->app->db, &st) == -1 ||
	    load_rules_json(req, &rules) == -1)
		return -1;
	if (instance_contact(req, &contact) == -1) {
		json_object_put(rules);
		return -1;
	}
	o = json_object_new_object();
	api_put_str(o, "uri", cf->domain);
	api_put_str(o, "title", cf->title);
	/* One description serves as both the short and the legacy one. */
	api_put_str(o, "short_description", cf->description);
	api_put_str(o, "description", cf->description);
	api_put_str(o, "email", contact.email);
	api_put_str(o, "version", API_VERSION);

	sub = json_object_new_object();
	put_streaming_url(sub, "streaming_api", cf);
	json_object_object_add(o, "urls", sub);

	sub = json_object_new_object();
	api_put_int(sub, "user_count", st.user_count);
	api_put_int(sub, "status_count", st.status_count);
	api_put_int(sub, "domain_count", st.domain_count);
	json_object_object_add(o, "stats", sub);

	api_put_url(o, cf, "thumbnail", INSTANCE_THUMBNAIL);
	json_object_object_add(o, "languages", languages_json());
	api_put_bool(o, "registrations", cf->registrations != REG_CLOSED);
	api_put_bool(o, "approval_required", cf->registrations == REG_APPROVAL);
	api_put_bool(o, "invites_enabled", 0);

	sub = json_object_new_object();
	add_shared_configuration(sub, cf, 0);
	json_object_object_add(o, "configuration", sub);
	json_object_object_add(o, "contact_account", contact.account);
	json_object_object_add(o, "rules", rules);

	free(contact.email);
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}

int
api_instance_rules(struct request *req)
{
	json_object *rules;

	if (load_rules_json(req, &rules) == -1)
		return -1;
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, rules);
	return 0;
}

/*
 * The administrator's plain text as HTML (paragraphs, links, hashtags),
 * formatted like a post; "" while there is none, as in Mastodon.
 */
int
api_instance_extended_description(struct request *req)
{
	struct format_options fo;
	struct format_result fr;
	char *text, *updated_at;
	json_object *o;

	if (instance_extended_description(req->app->db, &text,
	    &updated_at) == -1)
		return -1;
	o = json_object_new_object();
	api_put_str(o, "updated_at", updated_at);
	if (format_text_blank(text))
		api_put_str(o, "content", "");
	else {
		memset(&fo, 0, sizeof(fo));
		fo.base_url = req->app->cf->base_url;
		format_status(text, &fo, &fr);
		api_put_str(o, "content", fr.html);
		format_result_free(&fr);
	}
	free(text);
	free(updated_at);
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}

/* The other servers we know accounts of; no domain is blocked yet. */
int
api_instance_peers(struct request *req)
{
	struct domain_list peers;
	json_object *arr;
	size_t i;

	if (instance_peers(req->app->db, &peers) == -1)
		return -1;
	arr = json_object_new_array_ext((int)peers.n);
	for (i = 0; i < peers.n; i++)
		json_object_array_add(arr,
		    json_object_new_string(peers.items[i]));
	domain_list_free(&peers);
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, arr);
	return 0;
}

static void
put_count(json_object *o, const char *key, int64_t n)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, n);
	api_put_str(o, key, s);
}

/* Twelve weeks, this one first, every number a string as in Mastodon. */
int
api_instance_activity(struct request *req)
{
	struct instance_week weeks[INSTANCE_ACTIVITY_WEEKS];
	json_object *arr, *w;
	int i;

	if (instance_activity(req->app->db, weeks) == -1)
		return -1;
	arr = json_object_new_array_ext(INSTANCE_ACTIVITY_WEEKS);
	for (i = 0; i < INSTANCE_ACTIVITY_WEEKS; i++) {
		w = json_object_new_object();
		put_count(w, "week", weeks[i].week);
		put_count(w, "statuses", weeks[i].statuses);
		put_count(w, "logins", weeks[i].logins);
		put_count(w, "registrations", weeks[i].registrations);
		json_object_array_add(arr, w);
	}
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, arr);
	return 0;
}

/* No translation service is configured: no language pairs. */
int
api_instance_translation_languages(struct request *req)
{
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, json_object_new_object());
	return 0;
}

/* woolly blocks no domain yet, so the complete list is empty. */
int
api_instance_domain_blocks(struct request *req)
{
	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, json_object_new_array());
	return 0;
}
