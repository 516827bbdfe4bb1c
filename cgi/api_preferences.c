/*
 * api_preferences: the signed-in user's posting and reading defaults
 * (Mastodon's Preferences entity), which apps such as Ivory read before
 * they show a compose box. The posting defaults are those of the
 * account's source (verify_credentials), from users.settings.
 */
#include <json-c/json.h>

#include "api_entity.h"
#include "db.h"
#include "handlers.h"
#include "request.h"

/* A stored value outside Mastodon's choices reads as the default. */
static const char *preferences_sql =
    "SELECT CASE WHEN settings->>'default_privacy' IN ('public', "
    "  'unlisted', 'private', 'direct') THEN settings->>'default_privacy' "
    "  ELSE 'public' END, "
    "coalesce(settings->>'default_sensitive' = 'true', false), "
    "settings->>'default_language', "
    "CASE WHEN settings->>'display_media' IN ('default', 'show_all', "
    "  'hide_all') THEN settings->>'display_media' ELSE 'default' END, "
    "coalesce(settings->>'expand_spoilers' = 'true', false) "
    "FROM users WHERE id = $1";

int
api_preferences(struct request *req)
{
	struct db_params p;
	json_object *o;
	PGresult *res;

	db_params_init(&p);
	dbp_int(&p, req->viewer->user_id);
	if ((res = db_run(req->app->db, preferences_sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return -1;	/* a valid token's user always exists */
	}
	o = json_object_new_object();
	api_put_str(o, "posting:default:visibility", db_val(res, 0, 0));
	api_put_bool(o, "posting:default:sensitive", db_bool(res, 0, 1));
	api_put_str(o, "posting:default:language", db_val(res, 0, 2));
	api_put_str(o, "reading:expand:media", db_val(res, 0, 3));
	api_put_bool(o, "reading:expand:spoilers", db_bool(res, 0, 4));
	PQclear(res);
	resp_json(req, 200, o);
	return 0;
}
