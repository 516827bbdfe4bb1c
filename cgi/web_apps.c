/*
 * web_apps: the applications a person has let into their account, on a
 * settings page: each with what it may do, in words, and when it last
 * came; and a button that takes every token it holds away again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "handlers.h"
#include "request.h"
#include "scope.h"
#include "view.h"
#include "web_shared.h"

#define APPS_SHOWN	200	/* nobody authorizes more than this */

/* One application's scopes, each with its words, under prefix.scopes. */
static void
set_scopes(struct view *v, const char *prefix, const char *scopes)
{
	char name[SCOPE_LIST_MAX + 1];
	const char *p, *end, *words;
	size_t i = 0;

	for (p = scopes; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, " ");
		if (end == p || (size_t)(end - p) > SCOPE_LIST_MAX)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(end - p), p);
		if ((words = scope_describe(name)) == NULL)
			continue;
		view_set_at(v, name, "%s.scopes.%zu.name", prefix, i);
		view_set_at(v, words, "%s.scopes.%zu.words", prefix, i);
		i++;
	}
}

int
web_applications(struct request *req)
{
	/* Every scope the person granted an app, over all its live tokens. */
	static const char *sql =
	    "SELECT o.id, o.name, o.website, "
	    "  string_agg(DISTINCT s.scope, ' ' ORDER BY s.scope), "
	    "  to_char(max(t.last_used_at) AT TIME ZONE 'UTC', "
	    "    'YYYY-MM-DD HH24:MI'), "
	    "  to_char(min(t.created_at) AT TIME ZONE 'UTC', "
	    "    'YYYY-MM-DD HH24:MI') "
	    "FROM oauth_access_tokens t "
	    "JOIN oauth_applications o ON o.id = t.application_id "
	    "CROSS JOIN LATERAL regexp_split_to_table(t.scopes, ' +') "
	    "  AS s(scope) "
	    "WHERE t.user_id = $1 AND t.revoked_at IS NULL "
	    "GROUP BY o.id "
	    "ORDER BY max(coalesce(t.last_used_at, t.created_at)) DESC, o.id "
	    "LIMIT $2";
	struct db_params p;
	struct view *v;
	PGresult *res;
	char prefix[32];
	int i;

	db_params_init(&p);
	dbp_int(&p, req->viewer->user_id);
	dbp_int(&p, APPS_SHOWN);
	if ((res = db_run(req->app->db, sql, &p)) == NULL)
		return -1;
	v = view_new(req);
	view_set(v, "page.title", "Authorized apps");
	for (i = 0; i < PQntuples(res); i++) {
		snprintf(prefix, sizeof(prefix), "apps.%d", i);
		view_set_at(v, PQgetvalue(res, i, 0), "%s.id", prefix);
		view_set_at(v, PQgetvalue(res, i, 1), "%s.name", prefix);
		if (db_val(res, i, 2) != NULL)
			view_set_at(v, db_val(res, i, 2), "%s.website", prefix);
		set_scopes(v, prefix, PQgetvalue(res, i, 3));
		if (db_val(res, i, 4) != NULL)
			view_set_at(v, db_val(res, i, 4), "%s.last_used",
			    prefix);
		view_set_at(v, PQgetvalue(res, i, 5), "%s.authorized",
		    prefix);
	}
	PQclear(res);
	return view_render(v, "settings_applications.cs");
}

/*
 * Revoke every token the person gave an application, and any code not
 * yet exchanged for one, so the app cannot quietly come back.
 */
int
web_application_revoke(struct request *req)
{
	static const char *tokens_sql =
	    "UPDATE oauth_access_tokens SET revoked_at = now() "
	    "WHERE user_id = $1 AND application_id = $2 AND revoked_at IS NULL";
	static const char *grants_sql =
	    "DELETE FROM oauth_access_grants "
	    "WHERE user_id = $1 AND application_id = $2 AND used_at IS NULL";
	struct db_params p;
	int64_t app_id;
	long n;

	if (req_id(req, "id", &app_id) != 1) {
		resp_error(req, 404, "The page you are looking for isn't "
		    "here.");
		return 0;
	}
	db_params_init(&p);
	dbp_int(&p, req->viewer->user_id);
	dbp_int(&p, app_id);
	if ((n = db_exec(req->app->db, tokens_sql, &p)) == -1 ||
	    db_exec(req->app->db, grants_sql, &p) == -1)
		return -1;
	if (n == 0) {
		resp_error(req, 404, "You have not authorized that "
		    "application, or it was already revoked.");
		return 0;
	}
	resp_redirect(req, "/settings/applications");
	return 0;
}
