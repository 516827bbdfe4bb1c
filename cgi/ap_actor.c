/*
 * ap_actor: the actors this server publishes: each local account's
 * Person at /users/NAME (and at /@NAME for an ActivityPub Accept), the
 * instance actor at /actor, and the way from /users/NAME to the profile
 * page for a browser.
 */
#include <json-c/json.h>

#include "account.h"
#include "activitypub.h"
#include "ap_actor.h"
#include "ap_shared.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "request.h"
#include "web_shared.h"

int
ap_actor(struct request *req)
{
	struct ap_actor a;
	int rc;

	if ((rc = ap_route_actor(req, 1, &a)) != 1)
		return rc;
	ap_send(req, 200, AP_VOCABULARY_ACTOR, ap_actor_json(req->app->cf,
	    &a));
	ap_actor_free(&a);
	return 0;
}

int
ap_instance_actor(struct request *req)
{
	const char *pem;

	if (ap_instance_actor_keys(req->app->db, &pem, NULL) == -1)
		return -1;
	ap_send(req, 200, AP_VOCABULARY_ACTOR,
	    ap_instance_actor_json(req->app->cf, pem));
	return 0;
}

/* The instance actor posts nothing: an outbox that says so. */
int
ap_instance_outbox(struct request *req)
{
	struct buf id = BUF_INIT;

	buf_printf(&id, "%s" INSTANCE_ACTOR_PATH "/outbox",
	    req->app->cf->base_url);
	ap_send(req, 200, AP_VOCABULARY_BASIC, ap_collection_json(buf_cstr(&id),
	    1, 0, NULL, NULL, json_object_new_array()));
	buf_free(&id);
	return 0;
}

/* A browser at an actor's id goes to the profile page. */
int
web_actor_redirect(struct request *req)
{
	struct account a;
	struct buf path = BUF_INIT;
	const char *name = req_route_param(req, "name");
	int rc;

	if (name == NULL || !account_username_valid(name) ||
	    (rc = account_by_username(req->app->db, req->app->cf->base_url,
	    name, NULL, &a)) == 0) {
		resp_error(req, 404, "There is no account by that name here.");
		return 0;
	}
	if (rc == -1)
		return -1;
	web_account_path(&path, &a);
	resp_redirect(req, buf_cstr(&path));
	buf_free(&path);
	account_free(&a);
	return 0;
}
