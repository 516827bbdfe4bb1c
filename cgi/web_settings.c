/*
 * web_settings: the profile settings page: display name, bio, profile
 * fields and the account's switches, in one plain form that saves
 * through the same checks as the API's update_credentials (lib/profile.c).
 */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "profile.h"
#include "view.h"
#include "web_shared.h"

#define INPUT_MAX	5000	/* read before profile.c's own limits */
#define FIELD_ROWS	PROFILE_FIELDS_MAX
#define FIELDS_INPUT_MAX	16

static struct view *
settings_view(struct request *req)
{
	struct view *v = view_new(req);

	view_set(v, "page.title", "Edit profile");
	view_set_int(v, "limits.display_name", PROFILE_DISPLAY_NAME_MAX);
	view_set_int(v, "limits.note", PROFILE_NOTE_MAX);
	view_set_int(v, "limits.field_name", PROFILE_FIELD_NAME_MAX);
	view_set_int(v, "limits.field_value", PROFILE_FIELD_VALUE_MAX);
	return v;
}

static void
set_switch(struct view *v, const char *name, int on)
{
	struct buf key = BUF_INIT;

	buf_printf(&key, "form.%s", name);
	view_set(v, buf_cstr(&key), on ? "1" : "0");
	buf_free(&key);
}

/* Always FIELD_ROWS rows of fields, the empty ones to fill in. */
static void
set_field_rows(struct view *v, const struct profile_field_input *fields,
    size_t n)
{
	size_t i;

	for (i = 0; i < FIELD_ROWS; i++) {
		view_set_at(v, i < n ? fields[i].name : "",
		    "form.fields.%zu.name", i);
		view_set_at(v, i < n ? fields[i].value : "",
		    "form.fields.%zu.value", i);
	}
}

int
web_settings_profile(struct request *req)
{
	struct profile_source src;
	struct profile_field_input *rows;
	struct account a;
	struct view *v;
	size_t i;
	int saved = 0, rc;

	if ((rc = account_by_id(req->app->db, req->app->cf->base_url,
	    req->viewer->account_id, &a)) != 1)
		return -1;
	if (profile_source_load(req->app->db, req->viewer->user_id,
	    &src) != 1) {
		account_free(&a);
		return -1;
	}
	v = settings_view(req);
	if (req_bool(req, "saved", &saved) == 1 && saved)
		view_set(v, "saved", "1");
	view_set(v, "form.display_name", a.display_name);
	view_set(v, "form.note", src.note);
	rows = xcalloc(src.nfields ? src.nfields : 1, sizeof(*rows));
	for (i = 0; i < src.nfields; i++) {
		rows[i].name = src.fields[i].name;
		rows[i].value = src.fields[i].value;
	}
	set_field_rows(v, rows, src.nfields);
	free(rows);
	set_switch(v, "locked", a.locked);
	set_switch(v, "bot", a.bot);
	set_switch(v, "discoverable", a.discoverable);
	set_switch(v, "indexable", a.indexable);
	set_switch(v, "hide_collections", a.hide_collections);
	view_set(v, "profile.path", a.url);
	profile_source_free(&src);
	account_free(&a);
	return view_render(v, "settings_profile.cs");
}

/*
 * A checkbox comes with a hidden "0" after it, so an unticked box still
 * says no; the first value (the box's, when ticked) is the one read.
 */
static int
read_box(struct request *req, const char *name, int *out)
{
	*out = -1;
	return req_bool(req, name, out) == -1 ? -1 : 0;
}

/* The form as sent, kept to show again with the reasons it failed. */
static void
refill(struct view *v, const struct profile_change *c)
{
	view_set(v, "form.display_name", c->display_name ?
	    c->display_name : "");
	view_set(v, "form.note", c->note ? c->note : "");
	set_field_rows(v, c->fields, c->nfields);
	set_switch(v, "locked", c->locked == 1);
	set_switch(v, "bot", c->bot == 1);
	set_switch(v, "discoverable", c->discoverable == 1);
	set_switch(v, "indexable", c->indexable == 1);
	set_switch(v, "hide_collections", c->hide_collections == 1);
}

int
web_settings_profile_update(struct request *req)
{
	struct profile_change c = PROFILE_CHANGE_NONE;
	struct profile_field_input *fields = NULL;
	const struct param *name, *value;
	struct params *items = NULL;
	struct buf errors = BUF_INIT;
	struct view *v;
	size_t i, nitems = 0;
	int rc;

	if (req_str(req, "display_name", INPUT_MAX, &c.display_name) == -1 ||
	    req_str(req, "note", INPUT_MAX, &c.note) == -1 ||
	    read_box(req, "locked", &c.locked) == -1 ||
	    read_box(req, "bot", &c.bot) == -1 ||
	    read_box(req, "discoverable", &c.discoverable) == -1 ||
	    read_box(req, "indexable", &c.indexable) == -1 ||
	    read_box(req, "hide_collections", &c.hide_collections) == -1 ||
	    (rc = req_hash_list(req, "fields_attributes", FIELDS_INPUT_MAX,
	    &items, &nitems)) == -1) {
		resp_error(req, 422, req->error);
		return 0;
	}
	if (rc == 1) {
		fields = xcalloc(nitems ? nitems : 1, sizeof(*fields));
		for (i = 0; i < nitems; i++) {
			name = params_find(&items[i], "name");
			value = params_find(&items[i], "value");
			fields[i].name = name ? name->value : "";
			fields[i].value = value ? value->value : "";
		}
		c.fields_given = 1;
		c.fields = fields;
		c.nfields = nitems;
	}
	rc = profile_update(req->app->db, req->app->cf,
	    req->viewer->account_id, req->viewer->user_id, &c, &errors);
	if (rc == 1) {
		v = settings_view(req);
		view_set(v, "errors.form", buf_cstr(&errors));
		refill(v, &c);
		resp_status(req, 422);
		rc = view_render(v, "settings_profile.cs");
	} else if (rc == 0) {
		resp_redirect(req, "/settings/profile?saved=1");
	}
	free(fields);
	req_hash_list_free(items, nitems);
	buf_free(&errors);
	return rc;
}
