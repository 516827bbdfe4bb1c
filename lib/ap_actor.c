/*
 * ap_actor: a local account with what its ActivityPub document shows, in
 * one query, and the instance actor's key pair.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "account.h"
#include "ap_actor.h"
#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "log.h"

#define EXTRA_COL ACCOUNT_NCOLUMNS

/*
 * By the key of accounts_username_domain. The images come raw, so a
 * missing one stays missing (account.h puts Mastodon's placeholder
 * there, which a remote server should not copy as the picture).
 */
static const char *actor_sql =
    "SELECT " ACCOUNT_COLUMNS ", "
    "a.inbox_url, a.outbox_url, a.followers_url, a.following_url, "
    "a.featured_url, a.shared_inbox_url, a.public_key_id, a.public_key, "
    "a.avatar_file, a.avatar_url, a.header_file, a.header_url, "
    "to_char(date_trunc('day', a.created_at AT TIME ZONE 'UTC'), "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "extract(epoch FROM a.updated_at)::bigint, "
    "(SELECT m.uri FROM accounts m WHERE m.id = a.moved_to_account_id), "
    "array_to_json(a.also_known_as)::text, a.memorial "
    "FROM " ACCOUNT_JOIN " WHERE lower(a.username) = lower($1) "
    "AND coalesce(lower(a.domain), '') = '' AND " ACCOUNT_NOT_PENDING;

/* The media type a file name promises, for the few image types we take. */
static char *
image_type(const char *name)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ ".png", "image/png" }, { ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" }, { ".gif", "image/gif" },
		{ ".webp", "image/webp" }, { ".avif", "image/avif" },
	};
	const char *dot;
	size_t i;

	if (name == NULL || (dot = strrchr(name, '.')) == NULL ||
	    strchr(dot, '/') != NULL)
		return NULL;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(dot, types[i].ext))
			return xstrdup(types[i].type);
	return NULL;
}

/* A stored file (under /media/) or a remote URL, with its type. */
static void
image_of(const struct config *cf, const char *file, const char *remote,
    char **url, char **type)
{
	struct buf b = BUF_INIT;

	*url = *type = NULL;
	if (file != NULL && *file != '\0') {
		buf_printf(&b, "%s/media/%s", cf->base_url, file);
		*url = buf_detach(&b);
	} else if (remote != NULL && *remote != '\0')
		*url = xstrdup(remote);
	if (*url != NULL)
		*type = image_type(file != NULL && *file != '\0' ? file :
		    remote);
}

static void
aliases_of(struct ap_actor *a, const char *json)
{
	json_object *arr = json_tokener_parse(json), *item;
	size_t i, n;

	if (arr == NULL || !json_object_is_type(arr, json_type_array)) {
		if (arr != NULL)
			json_object_put(arr);
		return;
	}
	n = json_object_array_length(arr);
	a->also_known_as = xcalloc(n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		item = json_object_array_get_idx(arr, i);
		if (item != NULL && json_object_is_type(item, json_type_string))
			a->also_known_as[a->nalso_known_as++] =
			    xstrdup(json_object_get_string(item));
	}
	json_object_put(arr);
}

static void
actor_from_row(struct ap_actor *a, const PGresult *res,
    const struct config *cf)
{
	account_from_row(&a->account, res, 0, 0, cf->base_url);
	a->inbox = db_dup(res, 0, EXTRA_COL + 0);
	a->outbox = db_dup(res, 0, EXTRA_COL + 1);
	a->followers = db_dup(res, 0, EXTRA_COL + 2);
	a->following = db_dup(res, 0, EXTRA_COL + 3);
	a->featured = db_dup(res, 0, EXTRA_COL + 4);
	a->shared_inbox = db_dup(res, 0, EXTRA_COL + 5);
	a->key_id = db_dup(res, 0, EXTRA_COL + 6);
	a->public_key_pem = db_dup(res, 0, EXTRA_COL + 7);
	image_of(cf, db_val(res, 0, EXTRA_COL + 8), db_val(res, 0,
	    EXTRA_COL + 9), &a->avatar_url, &a->avatar_type);
	image_of(cf, db_val(res, 0, EXTRA_COL + 10), db_val(res, 0,
	    EXTRA_COL + 11), &a->header_url, &a->header_type);
	a->published = db_dup(res, 0, EXTRA_COL + 12);
	a->updated = db_int(res, 0, EXTRA_COL + 13);
	a->moved_to = db_dup(res, 0, EXTRA_COL + 14);
	aliases_of(a, PQgetvalue(res, 0, EXTRA_COL + 15));
	a->memorial = db_bool(res, 0, EXTRA_COL + 16);
}

int
ap_actor_load(struct db *db, const struct config *cf, const char *username,
    struct ap_actor *a)
{
	struct db_params p;
	PGresult *res;
	int found;

	memset(a, 0, sizeof(*a));
	db_params_init(&p);
	dbp_str(&p, username);
	if ((res = db_run(db, actor_sql, &p)) == NULL)
		return -1;
	found = PQntuples(res) == 1;
	if (found)
		actor_from_row(a, res, cf);
	PQclear(res);
	return found;
}

void
ap_actor_free(struct ap_actor *a)
{
	size_t i;

	if (a == NULL)
		return;
	account_free(&a->account);
	free(a->inbox);
	free(a->outbox);
	free(a->followers);
	free(a->following);
	free(a->featured);
	free(a->shared_inbox);
	free(a->key_id);
	free(a->public_key_pem);
	free(a->avatar_url);
	free(a->avatar_type);
	free(a->header_url);
	free(a->header_type);
	free(a->published);
	free(a->moved_to);
	for (i = 0; i < a->nalso_known_as; i++)
		free(a->also_known_as[i]);
	free(a->also_known_as);
	memset(a, 0, sizeof(*a));
}

/* An instance-wide constant: safe to keep for the life of the process. */
static char *instance_public_pem, *instance_private_pem;

static int
instance_keys_read(struct db *db)
{
	static const char *sql =
	    "SELECT (SELECT value FROM instance_settings "
	    "  WHERE key = 'instance_actor_public_key'), "
	    "(SELECT value FROM instance_settings "
	    "  WHERE key = 'instance_actor_private_key')";
	PGresult *res;

	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	if (db_val(res, 0, 0) != NULL && db_val(res, 0, 1) != NULL) {
		instance_public_pem = db_dup(res, 0, 0);
		instance_private_pem = db_dup(res, 0, 1);
	}
	PQclear(res);
	return 0;
}

/*
 * Store a new pair unless another process stored one first: both halves
 * in one statement, so a race leaves one whole pair, never a mix.
 */
static int
instance_keys_create(struct db *db)
{
	static const char *sql =
	    "INSERT INTO instance_settings (key, value) "
	    "SELECT k, v FROM (VALUES ('instance_actor_private_key', $1), "
	    "  ('instance_actor_public_key', $2)) AS pair(k, v) "
	    "WHERE NOT EXISTS (SELECT 1 FROM instance_settings WHERE key IN "
	    "  ('instance_actor_private_key', 'instance_actor_public_key')) "
	    "ON CONFLICT (key) DO NOTHING";
	struct db_params p;
	char *private_pem, *public_pem;
	long n;

	if (rsa_keypair(&private_pem, &public_pem) == -1) {
		log_warnx("instance actor: cannot make an RSA key pair");
		return -1;
	}
	db_params_init(&p);
	dbp_str(&p, private_pem);
	dbp_str(&p, public_pem);
	n = db_exec(db, sql, &p);
	free(private_pem);
	free(public_pem);
	return n == -1 ? -1 : 0;
}

int
ap_instance_actor_keys(struct db *db, const char **public_pem,
    const char **private_pem)
{
	if (instance_public_pem == NULL &&
	    (instance_keys_read(db) == -1 ||
	    (instance_public_pem == NULL && (instance_keys_create(db) == -1 ||
	    instance_keys_read(db) == -1))))
		return -1;
	if (instance_public_pem == NULL) {
		log_warnx("instance actor: the key pair is not stored");
		return -1;
	}
	if (public_pem != NULL)
		*public_pem = instance_public_pem;
	if (private_pem != NULL)
		*private_pem = instance_private_pem;
	return 0;
}
