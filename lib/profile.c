/*
 * profile: checking and saving a user's profile. Profile fields are
 * stored as [{name, value, verified_at, value_source}]: value is the HTML
 * every Account shows (links made, everything else escaped, as Mastodon
 * renders a local field), value_source what the user typed, which the
 * API's source.fields and the settings form give back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "outbox.h"
#include "format.h"
#include "params.h"
#include "profile.h"

static size_t
chars(const char *s)
{
	int valid;

	return utf8_length(s, &valid);
}

static void
add_error(struct buf *errors, const char *msg)
{
	if (errors->len > 0)
		buf_puts(errors, ", ");
	buf_puts(errors, msg);
}

int
language_code_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i] >= 'a' && s[i] <= 'z'; i++)
		;
	if (i < 2 || i > 3)
		return 0;
	if (s[i] == '\0')
		return 1;
	/* A regional tag, as Mastodon offers for Chinese ("zh-TW"). */
	return i == 2 && s[2] == '-' && s[3] >= 'A' && s[3] <= 'Z' &&
	    s[4] >= 'A' && s[4] <= 'Z' && s[5] == '\0';
}

static int
privacy_valid(const char *s)
{
	return !strcmp(s, "public") || !strcmp(s, "unlisted") ||
	    !strcmp(s, "private");
}

/* The fields that remain once blank ones are dropped, stripped. */
struct kept_fields {
	struct profile_field	*v;
	size_t			 n;
};

static void
kept_fields_free(struct kept_fields *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->v[i].name);
		free(k->v[i].value);
	}
	free(k->v);
}

static void
check_fields(const struct profile_change *c, struct kept_fields *k,
    struct buf *errors)
{
	size_t i;
	int missing = 0, long_name = 0, long_value = 0;
	char *name, *value;

	k->v = xcalloc(c->nfields ? c->nfields : 1, sizeof(*k->v));
	k->n = 0;
	for (i = 0; i < c->nfields; i++) {
		name = xstrdup_trimmed(c->fields[i].name ?
		    c->fields[i].name : "");
		value = xstrdup_trimmed(c->fields[i].value ?
		    c->fields[i].value : "");
		if (*name == '\0' && *value == '\0') {
			free(name);
			free(value);
			continue;
		}
		missing |= *name == '\0';
		long_name |= chars(name) > PROFILE_FIELD_NAME_MAX;
		long_value |= chars(value) > PROFILE_FIELD_VALUE_MAX;
		k->v[k->n].name = name;
		k->v[k->n].value = value;
		k->n++;
	}
	if (k->n > PROFILE_FIELDS_MAX)
		add_error(errors, "Fields is too long (maximum is 4 "
		    "characters)");
	if (missing)
		add_error(errors, "Fields contains values with missing labels");
	if (long_name)
		add_error(errors, "Fields name is too long (maximum is 255 "
		    "characters)");
	if (long_value)
		add_error(errors, "Fields value is too long (maximum is 255 "
		    "characters)");
}

/* Every reason the change cannot be saved, in errors. */
static void
check_change(const struct profile_change *c, char **display, char **note,
    struct kept_fields *fields, struct buf *errors)
{
	if (c->display_name != NULL) {
		*display = xstrdup_trimmed(c->display_name);
		if (chars(*display) > PROFILE_DISPLAY_NAME_MAX)
			add_error(errors, "Display name is too long (maximum "
			    "is 30 characters)");
	}
	if (c->note != NULL) {
		*note = xstrdup_trimmed(c->note);
		if (chars(*note) > PROFILE_NOTE_MAX)
			add_error(errors, "Note character limit of 500 "
			    "exceeded");
	}
	if (c->fields_given)
		check_fields(c, fields, errors);
	if (c->privacy != NULL && !privacy_valid(c->privacy))
		add_error(errors, "Default privacy is not included in the "
		    "list");
	if (c->language != NULL && *c->language != '\0' &&
	    !language_code_valid(c->language))
		add_error(errors, "Default language is not included in the "
		    "list");
}

/* A verified link stays verified while its value stays the same. */
static const char *
kept_verification(json_object *old, const char *value_source)
{
	json_object *item, *src, *at;
	size_t i, n;

	if (old == NULL || !json_object_is_type(old, json_type_array))
		return NULL;
	n = json_object_array_length(old);
	for (i = 0; i < n; i++) {
		item = json_object_array_get_idx(old, i);
		if (item == NULL ||
		    !json_object_is_type(item, json_type_object))
			continue;
		if (!json_object_object_get_ex(item, "value_source", &src) &&
		    !json_object_object_get_ex(item, "value", &src))
			continue;
		if (src == NULL ||
		    !json_object_is_type(src, json_type_string) ||
		    strcmp(json_object_get_string(src), value_source) != 0)
			continue;
		if (json_object_object_get_ex(item, "verified_at", &at) &&
		    at != NULL && json_object_is_type(at, json_type_string))
			return json_object_get_string(at);
	}
	return NULL;
}

static char *
render(const struct config *cf, struct account_mentions *m,
    const char *text, int single_line)
{
	struct format_options fo;
	struct format_result fr;
	char *html;

	memset(&fo, 0, sizeof(fo));
	fo.base_url = cf->base_url;
	fo.resolve_mention = account_resolve_mention;
	fo.arg = m;
	if (single_line)
		format_single_line(text, &fo, &fr);
	else
		format_status(text, &fo, &fr);
	html = fr.html;
	fr.html = NULL;
	format_result_free(&fr);
	return html;
}

/* The stored JSON of the new fields; old is the stored JSON before. */
static char *
fields_json(const struct config *cf, struct account_mentions *m,
    const struct kept_fields *k, const char *old_text)
{
	json_object *old = old_text ? json_tokener_parse(old_text) : NULL;
	json_object *arr = json_object_new_array(), *item;
	const char *verified;
	char *html, *out;
	size_t i;

	for (i = 0; i < k->n; i++) {
		html = render(cf, m, k->v[i].value, 1);
		verified = kept_verification(old, k->v[i].value);
		item = json_object_new_object();
		json_object_object_add(item, "name",
		    json_object_new_string(k->v[i].name));
		json_object_object_add(item, "value",
		    json_object_new_string(html));
		json_object_object_add(item, "verified_at", verified ?
		    json_object_new_string(verified) : NULL);
		json_object_object_add(item, "value_source",
		    json_object_new_string(k->v[i].value));
		json_object_array_add(arr, item);
		free(html);
	}
	out = xstrdup(json_object_to_json_string_ext(arr,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(arr);
	if (old != NULL)
		json_object_put(old);
	return out;
}

/* The posting defaults that were given, as a JSON object to merge. */
static char *
settings_json(const struct profile_change *c)
{
	json_object *o;
	char *out;

	if (c->privacy == NULL && c->sensitive < 0 && c->language == NULL)
		return NULL;
	o = json_object_new_object();
	if (c->privacy != NULL)
		json_object_object_add(o, "default_privacy",
		    json_object_new_string(c->privacy));
	if (c->sensitive >= 0)
		json_object_object_add(o, "default_sensitive",
		    json_object_new_boolean(c->sensitive));
	if (c->language != NULL)
		json_object_object_add(o, "default_language",
		    *c->language ? json_object_new_string(c->language) : NULL);
	out = xstrdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}

static void
dbp_maybe_bool(struct db_params *p, int v)
{
	if (v < 0)
		dbp_str(p, NULL);
	else
		dbp_bool(p, v);
}

/* The stored fields before the change, to carry verifications over. */
static int
old_fields(struct db *db, int64_t account_id, char **out)
{
	static const char *sql = "SELECT fields::text FROM accounts "
	    "WHERE id = $1";
	struct db_params p;
	PGresult *res;

	*out = NULL;
	db_params_init(&p);
	dbp_int(&p, account_id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		*out = db_dup(res, 0, 0);
	PQclear(res);
	return 0;
}

static int
save(struct db *db, const struct config *cf, int64_t account_id, int64_t user_id,
    const struct profile_change *c, const char *display,
    const char *note_source, const char *note_html, const char *fields,
    const char *settings)
{
	static const char *account_sql =
	    "UPDATE accounts SET display_name = coalesce($2, display_name), "
	    "note_source = coalesce($3, note_source), "
	    "note = coalesce($4, note), locked = coalesce($5, locked), "
	    "bot = coalesce($6, bot), actor_type = CASE WHEN $6 IS NULL "
	    "  THEN actor_type WHEN $6 THEN 'Service' ELSE 'Person' END, "
	    "discoverable = coalesce($7, discoverable), "
	    "indexable = coalesce($8, indexable), "
	    "hide_collections = coalesce($9, hide_collections), "
	    "fields = coalesce($10::jsonb, fields), updated_at = now() "
	    "WHERE id = $1";
	static const char *user_sql =
	    "UPDATE users SET settings = settings || $2::jsonb, "
	    "updated_at = now() WHERE id = $1";
	struct db_params p;

	if (db_begin(db) == -1)
		return -1;
	db_params_init(&p);
	dbp_int(&p, account_id);
	dbp_str(&p, display);
	dbp_str(&p, note_source);
	dbp_str(&p, note_html);
	dbp_maybe_bool(&p, c->locked);
	dbp_maybe_bool(&p, c->bot);
	dbp_maybe_bool(&p, c->discoverable);
	dbp_maybe_bool(&p, c->indexable);
	dbp_maybe_bool(&p, c->hide_collections);
	dbp_str(&p, fields);
	if (db_exec(db, account_sql, &p) == -1)
		goto fail;
	if (settings != NULL) {
		db_params_init(&p);
		dbp_int(&p, user_id);
		dbp_str(&p, settings);
		if (db_exec(db, user_sql, &p) == -1)
			goto fail;
	}
	if (outbox_profile_updated(db, cf, account_id) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
profile_update(struct db *db, const struct config *cf, int64_t account_id,
    int64_t user_id, const struct profile_change *c, struct buf *errors)
{
	struct account_mentions m = { db, cf };
	struct kept_fields kept = { NULL, 0 };
	char *display = NULL, *note = NULL, *note_html = NULL;
	char *fields = NULL, *settings = NULL, *old = NULL;
	int rc = 1;

	buf_reset(errors);
	check_change(c, &display, &note, &kept, errors);
	if (errors->len > 0)
		goto done;
	rc = -1;
	if (note != NULL)
		note_html = render(cf, &m, note, 0);
	if (c->fields_given) {
		if (old_fields(db, account_id, &old) == -1)
			goto done;
		fields = fields_json(cf, &m, &kept, old);
	}
	settings = settings_json(c);
	rc = save(db, cf, account_id, user_id, c, display, note, note_html,
	    fields, settings);
done:
	kept_fields_free(&kept);
	free(display);
	free(note);
	free(note_html);
	free(fields);
	free(settings);
	free(old);
	return rc;
}

/* The stored fields as typed: value_source where there is one. */
static void
source_fields(const char *text, struct profile_source *s)
{
	json_object *arr, *item, *name, *value, *at;
	size_t i, n;

	if (text == NULL || (arr = json_tokener_parse(text)) == NULL)
		return;
	if (!json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		return;
	}
	n = json_object_array_length(arr);
	s->fields = xcalloc(n ? n : 1, sizeof(*s->fields));
	for (i = 0; i < n; i++) {
		item = json_object_array_get_idx(arr, i);
		if (item == NULL ||
		    !json_object_is_type(item, json_type_object) ||
		    !json_object_object_get_ex(item, "name", &name) ||
		    name == NULL ||
		    !json_object_is_type(name, json_type_string))
			continue;
		if ((!json_object_object_get_ex(item, "value_source", &value) ||
		    value == NULL) &&
		    !json_object_object_get_ex(item, "value", &value))
			continue;
		if (value == NULL ||
		    !json_object_is_type(value, json_type_string))
			continue;
		if (!json_object_object_get_ex(item, "verified_at", &at) ||
		    at == NULL || !json_object_is_type(at, json_type_string))
			at = NULL;
		s->fields[s->nfields].name = xstrdup(
		    json_object_get_string(name));
		s->fields[s->nfields].value = xstrdup(
		    json_object_get_string(value));
		s->fields[s->nfields].verified_at = at ?
		    xstrdup(json_object_get_string(at)) : NULL;
		s->nfields++;
	}
	json_object_put(arr);
}

int
profile_source_load(struct db *db, int64_t user_id, struct profile_source *s)
{
	static const char *sql =
	    "SELECT a.note_source, a.fields::text, "
	    "coalesce(u.settings->>'default_privacy', 'public'), "
	    "coalesce(u.settings->>'default_sensitive' = 'true', false), "
	    "nullif(u.settings->>'default_language', ''), "
	    "(SELECT count(*) FROM follow_requests r "
	    "  JOIN accounts ra ON ra.id = r.account_id "
	    "  WHERE r.target_account_id = a.id "
	    "  AND ra.suspended_at IS NULL) "
	    "FROM users u JOIN accounts a ON a.id = u.account_id "
	    "WHERE u.id = $1";
	struct db_params p;
	PGresult *res;

	memset(s, 0, sizeof(*s));
	db_params_init(&p);
	dbp_int(&p, user_id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	s->note = xstrdup(PQgetvalue(res, 0, 0));
	source_fields(db_val(res, 0, 1), s);
	s->privacy = xstrdup(PQgetvalue(res, 0, 2));
	s->sensitive = db_bool(res, 0, 3);
	s->language = db_dup(res, 0, 4);
	s->follow_requests_count = db_int(res, 0, 5);
	PQclear(res);
	return 1;
}

void
profile_source_free(struct profile_source *s)
{
	size_t i;

	free(s->note);
	for (i = 0; i < s->nfields; i++) {
		free(s->fields[i].name);
		free(s->fields[i].value);
		free(s->fields[i].verified_at);
	}
	free(s->fields);
	free(s->privacy);
	free(s->language);
	memset(s, 0, sizeof(*s));
}
