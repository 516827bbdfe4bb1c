/*
 * api_instance: GET /api/v1/instance and GET /api/v2/instance, the first
 * requests every Mastodon client makes. They describe the server (name,
 * version, contact, limits) from woolly.conf and a few counts from the
 * database; clients size their compose box and uploads from them.
 */
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "handlers.h"
#include "request.h"

/* Makefile.am passes PACKAGE_VERSION; the fallback shows when it did not. */
#ifndef WOOLLY_VERSION
#define WOOLLY_VERSION "0.0.0-unknown"
#endif

/* The Mastodon release whose API we follow, in the form other
 * implementations use so clients can parse both parts. */
#define API_VERSION		"4.3.0 (compatible; woolly " WOOLLY_VERSION ")"
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
#define MAX_MEDIA_ATTACHMENTS		4
#define CHARACTERS_RESERVED_PER_URL	23
#define IMAGE_MATRIX_LIMIT		33177600	/* 7680x4320 */
#define VIDEO_FRAME_RATE_LIMIT		60
#define VIDEO_MATRIX_LIMIT		8294400		/* 3840x2160 */
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

struct instance_stats {
	int64_t	user_count;
	int64_t	status_count;
	int64_t	domain_count;
	int64_t	active_month;
};

/*
 * The counts, in one round trip. A user is active when they signed in,
 * used a session or posted within the last four weeks (Mastodon counts
 * logins over four weeks).
 */
static int
instance_stats(struct db *db, struct instance_stats *st)
{
	static const char *sql =
	    "SELECT "
	    "(SELECT count(*) FROM users u JOIN accounts a "
	    "  ON a.id = u.account_id WHERE a.suspended_at IS NULL "
	    "  AND u.confirmed_at IS NOT NULL), "
	    "(SELECT coalesce(sum(st.statuses_count), 0) FROM accounts a "
	    "  JOIN account_stats st ON st.account_id = a.id "
	    "  WHERE a.domain IS NULL), "
	    "(SELECT count(DISTINCT lower(a.domain)) FROM accounts a "
	    "  WHERE a.domain IS NOT NULL), "
	    "(SELECT count(*) FROM users u JOIN accounts a "
	    "  ON a.id = u.account_id "
	    "  LEFT JOIN account_stats st ON st.account_id = a.id "
	    "  WHERE a.suspended_at IS NULL AND NOT u.disabled AND ("
	    "  u.last_sign_in_at > now() - interval '28 days' "
	    "  OR st.last_status_at > now() - interval '28 days' "
	    "  OR EXISTS (SELECT 1 FROM sessions se WHERE se.user_id = u.id "
	    "    AND se.last_used_at > now() - interval '28 days')))";
	PGresult *res;

	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	st->user_count = db_int(res, 0, 0);
	st->status_count = db_int(res, 0, 1);
	st->domain_count = db_int(res, 0, 2);
	st->active_month = db_int(res, 0, 3);
	PQclear(res);
	return 0;
}

/*
 * The account people can write to: contact_account when it names a
 * usable local account, else the earliest admin, else the earliest local
 * user. NULL (JSON null) only when there is no usable local user at all.
 */
static int
contact_account(struct request *req, json_object **out)
{
	static const char *sql =
	    "SELECT " ACCOUNT_COLUMNS " FROM " ACCOUNT_JOIN " "
	    "JOIN users u ON u.account_id = a.id "
	    "WHERE a.domain IS NULL AND a.suspended_at IS NULL "
	    "AND u.approved AND NOT u.disabled "
	    "ORDER BY lower(a.username) = lower($1::text) DESC, "
	    "u.role = 'admin' DESC, a.created_at, a.id LIMIT 1";
	const struct config *cf = req->app->cf;
	const char *name = cf->contact_account ? cf->contact_account : "";
	struct db_params p;
	struct account a;
	PGresult *res;

	*out = NULL;
	if (*name == '@')
		name++;
	db_params_init(&p);
	dbp_str(&p, name);
	if ((res = db_run(req->app->db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		account_from_row(&a, res, 0, 0, cf->base_url);
		*out = api_account_json(cf, &a);
		account_free(&a);
	}
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

static json_object *
url_json(const struct config *cf, const char *path)
{
	struct buf b = BUF_INIT;
	json_object *o;

	buf_printf(&b, "%s%s", cf->base_url, path);
	o = json_object_new_string(buf_cstr(&b));
	buf_free(&b);
	return o;
}

/* No streaming server exists yet; clients expect Mastodon's default. */
static json_object *
streaming_url_json(const struct config *cf)
{
	struct buf b = BUF_INIT;
	json_object *o;

	buf_printf(&b, "%s://%s", cf->scheme == SCHEME_HTTPS ? "wss" : "ws",
	    cf->domain);
	o = json_object_new_string(buf_cstr(&b));
	buf_free(&b);
	return o;
}

/* The parts of "configuration" both versions share; v2 adds more. */
static void
add_shared_configuration(json_object *c, const struct config *cf, int v2)
{
	json_object *o;

	o = json_object_new_object();
	json_object_object_add(o, "max_featured_tags",
	    json_object_new_int(MAX_FEATURED_TAGS));
	if (v2)
		json_object_object_add(o, "max_pinned_statuses",
		    json_object_new_int(MAX_PINNED_STATUSES));
	json_object_object_add(c, "accounts", o);

	o = json_object_new_object();
	json_object_object_add(o, "max_characters",
	    json_object_new_int(cf->max_status_length));
	json_object_object_add(o, "max_media_attachments",
	    json_object_new_int(MAX_MEDIA_ATTACHMENTS));
	json_object_object_add(o, "characters_reserved_per_url",
	    json_object_new_int(CHARACTERS_RESERVED_PER_URL));
	json_object_object_add(c, "statuses", o);

	/* One upload limit for every kind of file: max_upload_size. */
	o = json_object_new_object();
	json_object_object_add(o, "supported_mime_types",
	    string_array(supported_mime_types, sizeof(supported_mime_types) /
	    sizeof(supported_mime_types[0])));
	json_object_object_add(o, "image_size_limit",
	    json_object_new_int(cf->max_upload_size));
	json_object_object_add(o, "image_matrix_limit",
	    json_object_new_int(IMAGE_MATRIX_LIMIT));
	json_object_object_add(o, "video_size_limit",
	    json_object_new_int(cf->max_upload_size));
	json_object_object_add(o, "video_frame_rate_limit",
	    json_object_new_int(VIDEO_FRAME_RATE_LIMIT));
	json_object_object_add(o, "video_matrix_limit",
	    json_object_new_int(VIDEO_MATRIX_LIMIT));
	json_object_object_add(c, "media_attachments", o);

	o = json_object_new_object();
	json_object_object_add(o, "max_options",
	    json_object_new_int(POLL_MAX_OPTIONS));
	json_object_object_add(o, "max_characters_per_option",
	    json_object_new_int(POLL_MAX_CHARACTERS_PER_OPTION));
	json_object_object_add(o, "min_expiration",
	    json_object_new_int(POLL_MIN_EXPIRATION));
	json_object_object_add(o, "max_expiration",
	    json_object_new_int(POLL_MAX_EXPIRATION));
	json_object_object_add(c, "polls", o);
}

static json_object *
configuration_v2(const struct config *cf)
{
	json_object *c = json_object_new_object(), *o;

	o = json_object_new_object();
	json_object_object_add(o, "streaming", streaming_url_json(cf));
	json_object_object_add(o, "status", NULL);
	json_object_object_add(c, "urls", o);
	add_shared_configuration(c, cf, 1);
	o = json_object_new_object();
	json_object_object_add(o, "enabled", json_object_new_boolean(0));
	json_object_object_add(c, "translation", o);
	return c;
}

int
api_instance_v2(struct request *req)
{
	const struct config *cf = req->app->cf;
	struct instance_stats st;
	json_object *o, *sub, *sub2, *contact;

	if (instance_stats(req->app->db, &st) == -1 ||
	    contact_account(req, &contact) == -1)
		return -1;
	o = json_object_new_object();
	json_object_object_add(o, "domain", json_object_new_string(cf->domain));
	json_object_object_add(o, "title", json_object_new_string(cf->title));
	json_object_object_add(o, "version",
	    json_object_new_string(API_VERSION));
	json_object_object_add(o, "source_url",
	    json_object_new_string(WOOLLY_SOURCE_URL));
	json_object_object_add(o, "description",
	    json_object_new_string(cf->description));

	sub = json_object_new_object();
	sub2 = json_object_new_object();
	json_object_object_add(sub2, "active_month",
	    json_object_new_int64(st.active_month));
	json_object_object_add(sub, "users", sub2);
	json_object_object_add(o, "usage", sub);

	sub = json_object_new_object();
	json_object_object_add(sub, "url", url_json(cf, INSTANCE_THUMBNAIL));
	json_object_object_add(o, "thumbnail", sub);
	json_object_object_add(o, "icon", json_object_new_array());
	json_object_object_add(o, "languages", languages_json());
	json_object_object_add(o, "configuration", configuration_v2(cf));

	sub = json_object_new_object();
	json_object_object_add(sub, "enabled",
	    json_object_new_boolean(cf->registrations != REG_CLOSED));
	json_object_object_add(sub, "approval_required",
	    json_object_new_boolean(cf->registrations == REG_APPROVAL));
	json_object_object_add(sub, "message", NULL);
	json_object_object_add(sub, "url", NULL);
	json_object_object_add(o, "registrations", sub);

	sub = json_object_new_object();
	json_object_object_add(sub, "mastodon",
	    json_object_new_int(API_VERSIONS_MASTODON));
	json_object_object_add(o, "api_versions", sub);

	sub = json_object_new_object();
	json_object_object_add(sub, "email",
	    json_object_new_string(cf->contact_email));
	json_object_object_add(sub, "account", contact);
	json_object_object_add(o, "contact", sub);
	json_object_object_add(o, "rules", json_object_new_array());

	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}

int
api_instance_v1(struct request *req)
{
	const struct config *cf = req->app->cf;
	struct instance_stats st;
	json_object *o, *sub, *contact;

	if (instance_stats(req->app->db, &st) == -1 ||
	    contact_account(req, &contact) == -1)
		return -1;
	o = json_object_new_object();
	json_object_object_add(o, "uri", json_object_new_string(cf->domain));
	json_object_object_add(o, "title", json_object_new_string(cf->title));
	/* One description serves as both the short and the legacy one. */
	json_object_object_add(o, "short_description",
	    json_object_new_string(cf->description));
	json_object_object_add(o, "description",
	    json_object_new_string(cf->description));
	json_object_object_add(o, "email",
	    json_object_new_string(cf->contact_email));
	json_object_object_add(o, "version",
	    json_object_new_string(API_VERSION));

	sub = json_object_new_object();
	json_object_object_add(sub, "streaming_api", streaming_url_json(cf));
	json_object_object_add(o, "urls", sub);

	sub = json_object_new_object();
	json_object_object_add(sub, "user_count",
	    json_object_new_int64(st.user_count));
	json_object_object_add(sub, "status_count",
	    json_object_new_int64(st.status_count));
	json_object_object_add(sub, "domain_count",
	    json_object_new_int64(st.domain_count));
	json_object_object_add(o, "stats", sub);

	json_object_object_add(o, "thumbnail", url_json(cf, INSTANCE_THUMBNAIL));
	json_object_object_add(o, "languages", languages_json());
	json_object_object_add(o, "registrations",
	    json_object_new_boolean(cf->registrations != REG_CLOSED));
	json_object_object_add(o, "approval_required",
	    json_object_new_boolean(cf->registrations == REG_APPROVAL));
	json_object_object_add(o, "invites_enabled", json_object_new_boolean(0));

	sub = json_object_new_object();
	add_shared_configuration(sub, cf, 0);
	json_object_object_add(o, "configuration", sub);
	json_object_object_add(o, "contact_account", contact);
	json_object_object_add(o, "rules", json_object_new_array());

	api_cache(req, INSTANCE_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}
