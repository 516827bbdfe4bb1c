/*
 * api_accounts: the public account endpoints of the Mastodon API: an
 * account by id, by acct (the "@name@domain" lookup clients use to open
 * a profile), and the statuses on its profile, newest first.
 */
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "config.h"
#include "db.h"
#include "handlers.h"
#include "pagination.h"
#include "request.h"
#include "timeline.h"

#define ACCOUNT_MAX_AGE		15
#define ACCT_MAX_CHARS		512	/* "user@domain", with room */
#define TAG_MAX_CHARS		256
#define STATUSES_PAGE		20
#define STATUSES_PAGE_MAX	40

/*
 * The account named by the path's :id. 1 found, 0 when the id is unknown
 * or malformed (Mastodon answers 404 for both, already sent), -1 on a
 * database error.
 */
static int
account_from_path(struct request *req, struct account *a)
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

static int
send_account(struct request *req, const struct account *a)
{
	api_cache(req, ACCOUNT_MAX_AGE);
	resp_json(req, 200, api_account_json(req->app->cf, a));
	return 0;
}

int
api_account_show(struct request *req)
{
	struct account a;
	int rc;

	if ((rc = account_from_path(req, &a)) != 1)
		return rc;
	send_account(req, &a);
	account_free(&a);
	return 0;
}

/* A missing or unknown acct is a 404, as in Mastodon (no WebFinger yet). */
int
api_account_lookup(struct request *req)
{
	const char *acct;
	struct account a;
	int rc;

	if (req_str(req, "acct", ACCT_MAX_CHARS, &acct) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = account_by_acct(req->app->db, req->app->cf, acct, &a);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		api_not_found(req);
		return 0;
	}
	send_account(req, &a);
	account_free(&a);
	return 0;
}

/*
 * Pinned statuses and media do not exist yet, so those filters give an
 * empty page; exclude_replies, exclude_reblogs and tagged filter in the
 * query so the cursors stay right.
 */
int
api_account_statuses(struct request *req)
{
	struct account a;
	struct page pg;
	struct id_list ids = { NULL, 0 };
	struct account_filter filter;
	const char *tagged = NULL;
	int pinned, only_media, exclude_replies, exclude_reblogs, rc;

	if ((rc = account_from_path(req, &a)) != 1)
		return rc;
	rc = 0;
	if (page_from_request(req, &pg, STATUSES_PAGE,
	    STATUSES_PAGE_MAX) == -1 ||
	    api_flag(req, "pinned", &pinned) == -1 ||
	    api_flag(req, "only_media", &only_media) == -1 ||
	    api_flag(req, "exclude_replies", &exclude_replies) == -1 ||
	    api_flag(req, "exclude_reblogs", &exclude_reblogs) == -1)
		goto done;
	if (req_str(req, "tagged", TAG_MAX_CHARS, &tagged) == -1) {
		resp_error(req, 400, req->error);
		goto done;
	}
	filter.exclude_replies = exclude_replies;
	filter.exclude_reblogs = exclude_reblogs;
	filter.tagged = tagged;
	/* A suspended account's statuses are gone from the API. */
	if (!a.suspended && !only_media && (pinned ?
	    timeline_pinned(req->app->db, a.id, api_viewer_id(req), &pg,
	    &ids) : timeline_account(req->app->db, a.id, 0, &filter, &pg,
	    &ids)) == -1) {
		rc = -1;
		goto done;
	}
	api_cache(req, ACCOUNT_MAX_AGE);
	rc = api_send_timeline(req, &pg, &ids);
done:
	id_list_free(&ids);
	account_free(&a);
	return rc;
}

/*
 * The signed-in user's own account (CredentialAccount): the Account with
 * its source (what the user typed, and the posting defaults) and role.
 */
int
api_account_verify_credentials(struct request *req)
{
	static const char *sql =
	    "SELECT a.note_source, a.fields::text, "
	    "  coalesce(u.settings->>'default_privacy', 'public'), "
	    "  coalesce((u.settings->>'default_sensitive')::boolean, false), "
	    "  u.settings->>'default_language', a.hide_collections, "
	    "  (SELECT count(*) FROM follow_requests r "
	    "   WHERE r.target_account_id = a.id) "
	    "FROM users u JOIN accounts a ON a.id = u.account_id "
	    "WHERE u.id = $1";
	json_object *o, *source, *role;
	struct db_params p;
	struct account a;
	PGresult *res;
	int rc;

	rc = account_by_id(req->app->db, req->app->cf->base_url,
	    req->viewer->account_id, &a);
	if (rc != 1)
		return -1;	/* a valid token's account always exists */
	db_params_init(&p);
	dbp_int(&p, req->viewer->user_id);
	if ((res = db_run(req->app->db, sql, &p)) == NULL ||
	    PQntuples(res) != 1) {
		if (res != NULL)
			PQclear(res);
		account_free(&a);
		return -1;
	}
	o = api_account_json(req->app->cf, &a);
	source = json_object_new_object();
	api_put_str(source, "privacy", db_val(res, 0, 2));
	api_put_bool(source, "sensitive", db_bool(res, 0, 3));
	api_put_str(source, "language", db_val(res, 0, 4));
	api_put_str(source, "note", db_val(res, 0, 0));
	json_object_object_add(source, "fields",
	    json_tokener_parse(db_val(res, 0, 1)));
	api_put_int(source, "follow_requests_count", db_int(res, 0, 6));
	api_put_bool(source, "hide_collections", db_bool(res, 0, 5));
	api_put_bool(source, "discoverable", a.discoverable);
	api_put_bool(source, "indexable", a.indexable);
	json_object_object_add(o, "source", source);
	role = json_object_new_object();
	api_put_str(role, "id", !strcmp(req->viewer->role, "admin") ? "3" :
	    !strcmp(req->viewer->role, "moderator") ? "2" : "-99");
	api_put_str(role, "name", !strcmp(req->viewer->role, "user") ? "" :
	    req->viewer->role);
	/* Mastodon's permission bits: administrator, or the moderation set. */
	api_put_str(role, "permissions",
	    !strcmp(req->viewer->role, "admin") ? "1" :
	    !strcmp(req->viewer->role, "moderator") ? "1308" : "0");
	api_put_str(role, "color", "");
	api_put_bool(role, "highlighted",
	    strcmp(req->viewer->role, "user") != 0);
	json_object_object_add(o, "role", role);
	PQclear(res);
	account_free(&a);
	resp_json(req, 200, o);
	return 0;
}
