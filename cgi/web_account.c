/*
 * web_account: profile pages and the follow / unfollow buttons on them.
 * A remote account's page (/@name@domain) shows what we know of it and
 * links to the original; following it sends a Follow (lib/outbox.c) and
 * stays a request until the Accept comes.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "fetcher.h"
#include "handlers.h"
#include "log.h"
#include "pagination.h"
#include "remote_account.h"
#include "remote_resolve.h"
#include "status.h"
#include "timeline.h"
#include "view.h"
#include "web_shared.h"

/*
 * profile.fields.N.name and .value_html from the stored fields: the value
 * is HTML we rendered (lib/profile.c) or that passed the sanitizer.
 */
static void
set_fields(struct view *v, const char *text)
{
	json_object *arr, *item, *name, *value;
	size_t i, n, shown = 0;

	if (text == NULL || (arr = json_tokener_parse(text)) == NULL)
		return;
	n = json_object_is_type(arr, json_type_array) ?
	    json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		item = json_object_array_get_idx(arr, i);
		if (item == NULL ||
		    !json_object_is_type(item, json_type_object) ||
		    !json_object_object_get_ex(item, "name", &name) ||
		    !json_object_object_get_ex(item, "value", &value) ||
		    name == NULL || value == NULL ||
		    !json_object_is_type(name, json_type_string) ||
		    !json_object_is_type(value, json_type_string))
			continue;
		view_set_at(v, json_object_get_string(name),
		    "profile.fields.%zu.name", shown);
		view_set_at(v, json_object_get_string(value),
		    "profile.fields.%zu.value_html", shown);
		shown++;
	}
	json_object_put(arr);
}

/* The account named by the :acct path parameter; 404 page when absent. */
static int
load_route_account(struct request *req, struct account *a)
{
	const char *acct = req_route_param(req, "acct");
	int rc;

	rc = account_by_acct(req->app->db, req->app->cf, acct ? acct : "", a);
	if (rc == 0)
		resp_error(req, 404, "There is no account by that name here.");
	return rc;
}

/*
 * An address of another server that a signed-in visitor opens before
 * anyone here knew it: looked up there (WebFinger, then the actor), and
 * its page here opened, as Mastodon does. 1 redirected, 0 not found.
 */
static int
resolve_unknown(struct request *req)
{
	const char *acct = req_route_param(req, "acct");
	struct account a;
	struct buf path = BUF_INIT;
	char why[REMOTE_ERROR_MAX];
	int64_t id;
	int rc;

	if (web_viewer_id(req) == 0 || acct == NULL ||
	    !remote_resolve_is_acct(acct))
		return 0;
	rc = remote_resolve_acct(req->app->db, req->app->cf, app_fetcher(req),
	    acct, &id, why, sizeof(why));
	if (rc == 0)
		log_info("profile: %s not resolved: %s", acct, why);
	if (rc != 1 || (rc = account_by_id(req->app->db, req->app->cf->base_url,
	    id, &a)) != 1)
		return rc;
	web_account_path(&path, &a);
	resp_redirect(req, buf_cstr(&path));
	buf_free(&path);
	account_free(&a);
	return 1;
}

int
web_profile(struct request *req)
{
	struct account a;
	struct page pg;
	struct id_list ids;
	struct view *v;
	int64_t viewer = web_viewer_id(req);
	int rc, following, requested;

	if (page_from_request(req, &pg, 20, 40) == -1)
		return 0;
	if ((rc = account_by_acct(req->app->db, req->app->cf,
	    req_route_param(req, "acct") ? req_route_param(req, "acct") : "",
	    &a)) == 0) {
		if ((rc = resolve_unknown(req)) == 0)
			resp_error(req, 404, "There is no account by that name "
			    "here.");
		return rc == -1 ? -1 : 0;
	}
	if (rc == -1)
		return -1;
	if (a.suspended) {
		resp_error(req, 410, "This account has been suspended.");
		account_free(&a);
		return 0;
	}
	if (timeline_account(req->app->db, a.id, viewer, NULL, &pg, &ids) == -1) {
		account_free(&a);
		return -1;
	}
	v = view_new(req);
	view_set(v, "page.title", *a.display_name ? a.display_name :
	    a.username);
	web_set_account(req, v, "profile", &a);
	set_fields(v, a.fields);
	if (viewer && viewer != a.id) {
		/* One query for both; a failure shows neither. */
		(void)account_follow_state(req->app->db, viewer, a.id,
		    &following, &requested);
		view_set_int(v, "profile.following", following);
		if (!following)
			view_set_int(v, "profile.requested", requested);
		view_set(v, "profile.can_follow", "1");
	}
	if (viewer == a.id)
		view_set(v, "profile.self", "1");
	rc = web_set_status_page(req, v, "statuses_html", &ids);
	if (rc == 0)
		page_view_links(req, v, &pg, &ids);
	id_list_free(&ids);
	account_free(&a);
	if (rc == -1) {
		view_free(v);
		return -1;
	}
	return view_render(v, "profile.cs");
}

static int
follow_change(struct request *req, int follow)
{
	struct account a;
	struct buf back = BUF_INIT;
	int rc;

	if ((rc = load_route_account(req, &a)) != 1)
		return rc;
	if (a.id == req->viewer->account_id) {
		resp_error(req, 422, "You cannot follow yourself.");
		account_free(&a);
		return 0;
	}
	if (follow) {
		switch (account_follow(req->app->db, req->app->cf,
		    req->viewer->account_id, a.id)) {
		case FOLLOW_ERROR:
			rc = -1;
			break;
		case FOLLOW_NOT_ALLOWED:
			resp_error(req, 403, "You cannot follow this account.");
			account_free(&a);
			return 0;
		default:
			rc = 0;
		}
	} else
		rc = account_unfollow(req->app->db, req->viewer->account_id,
		    a.id);
	if (rc == 0) {
		web_account_path(&back, &a);
		resp_redirect(req, buf_cstr(&back));
		buf_free(&back);
	}
	account_free(&a);
	return rc;
}

int
web_follow(struct request *req)
{
	return follow_change(req, 1);
}

int
web_unfollow(struct request *req)
{
	return follow_change(req, 0);
}
