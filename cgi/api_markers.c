/*
 * api_markers: Mastodon's read markers. An app saves where the user
 * stopped reading home and notifications, and another app (or the web
 * page) starts there; the unread notification count counts from it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "db.h"
#include "handlers.h"
#include "marker.h"
#include "request.h"

#define TIMELINES_SENT_MAX	8
#define TIMELINE_MAX_CHARS	32
#define ID_MAX_CHARS		32

static const char *const timelines[] = { "home", "notifications", NULL };

static json_object *
marker_json(const struct marker *m)
{
	json_object *o = json_object_new_object();
	char id[24];

	snprintf(id, sizeof(id), "%" PRId64, m->last_read_id);
	api_put_str(o, "last_read_id", id);
	api_put_int(o, "version", m->version);
	api_put_str(o, "updated_at", m->updated_at);
	return o;
}

/* {"home": Marker, ...} for the markers the user has among the wanted. */
static int
send_markers(struct request *req, const char *const *wanted, size_t nwanted)
{
	struct marker m[MARKER_TIMELINES];
	json_object *o;
	size_t i, j, n;

	if (marker_load(req->app->db, req->viewer->user_id, m, &n) == -1)
		return -1;
	o = json_object_new_object();
	for (i = 0; i < n; i++)
		for (j = 0; j < nwanted; j++)
			if (!strcmp(m[i].timeline, wanted[j])) {
				json_object_object_add(o, m[i].timeline,
				    marker_json(&m[i]));
				break;
			}
	marker_free(m, n);
	resp_json(req, 200, o);
	return 0;
}

/* Unknown timelines are ignored, as Mastodon's where() ignores them. */
int
api_markers(struct request *req)
{
	const char *wanted[TIMELINES_SENT_MAX];
	size_t n;

	if (req_str_array(req, "timeline", TIMELINES_SENT_MAX,
	    TIMELINE_MAX_CHARS, wanted, &n) == -1) {
		resp_error(req, 400, req->error);
		return 0;
	}
	return send_markers(req, wanted, n);
}

/*
 * Mastodon's 422 for a marker without an id: Rails' presence validation,
 * with the per-field details (ValidationError).
 */
static void
last_read_blank(struct request *req)
{
	json_object *o = json_object_new_object(), *details, *list, *e;

	e = json_object_new_object();
	api_put_str(e, "error", "ERR_BLANK");
	api_put_str(e, "description", "can't be blank");
	list = json_object_new_array();
	json_object_array_add(list, e);
	details = json_object_new_object();
	json_object_object_add(details, "last_read_id", list);
	api_put_str(o, "error", "Validation failed: Last read can't be blank");
	json_object_object_add(o, "details", details);
	resp_json(req, 422, o);
}

/*
 * The new last_read_id of a timeline ("home[last_read_id]", form or
 * JSON): 1 and *id, 0 when the timeline was not sent, -1 when it was sent
 * without a usable id (Rails' presence validation, 422 sent).
 */
static int
read_marker(struct request *req, const char *timeline, int64_t *id)
{
	char name[64];
	const char *text;
	int rc;

	snprintf(name, sizeof(name), "%s[last_read_id]", timeline);
	rc = req_str(req, name, ID_MAX_CHARS, &text);
	if (rc == 0)
		return 0;
	if (rc == 1 && req_id(req, name, id) == 1)
		return 1;
	last_read_blank(req);
	return -1;
}

/* Every marker sent is saved, or none is. */
int
api_markers_save(struct request *req)
{
	const char *saved[MARKER_TIMELINES];
	int64_t ids[MARKER_TIMELINES];
	size_t i, n = 0;
	int rc;

	for (i = 0; timelines[i] != NULL; i++) {
		if ((rc = read_marker(req, timelines[i], &ids[n])) == -1)
			return 0;
		if (rc == 1)
			saved[n++] = timelines[i];
	}
	if (n > 0) {
		if (db_begin(req->app->db) == -1)
			return -1;
		for (i = 0; i < n; i++)
			if (marker_set(req->app->db, req->viewer->user_id,
			    saved[i], ids[i]) == -1) {
				db_rollback(req->app->db);
				return -1;
			}
		if (db_commit(req->app->db) == -1) {
			db_rollback(req->app->db);
			return -1;
		}
	}
	return send_markers(req, saved, n);
}
