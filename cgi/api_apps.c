/*
 * api_apps: registering an application (POST /api/v1/apps), the first
 * call every Mastodon app makes, and checking its credentials. The
 * validations and their messages are Mastodon's (Doorkeeper's plus
 * OAuth::Application's), so apps that show them to people read right.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "oauth.h"
#include "ratelimit.h"
#include "request.h"
#include "scope.h"
#include "vapid.h"

#define REGISTRATION_WINDOW	600	/* seconds: the limit's window */
#define ANY_LENGTH		SIZE_MAX	/* read whole, judge later */
#define URI_ITEMS_MAX		64	/* redirect_uris[] fields */
#define SCOPE_ITEMS_MAX		64

/* The Application entity; with the secret, a CredentialApplication. */
static json_object *
app_json(const struct oauth_app *app, const char *vapid_key,
    const char *secret)
{
	json_object *o = json_object_new_object(), *scopes, *uris;
	struct buf joined = BUF_INIT;
	char id[24];
	const char *p, *end;
	size_t i;

	snprintf(id, sizeof(id), "%lld", (long long)app->id);
	api_put_str(o, "id", id);
	api_put_str(o, "name", app->name);
	api_put_str(o, "website", app->website);
	scopes = json_object_new_array();
	for (p = app->scopes; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, " ");
		if (end > p)
			json_object_array_add(scopes,
			    json_object_new_string_len(p, (int)(end - p)));
	}
	json_object_object_add(o, "scopes", scopes);
	uris = json_object_new_array();
	for (i = 0; i < app->nredirect_uris; i++) {
		json_object_array_add(uris,
		    json_object_new_string(app->redirect_uris[i]));
		buf_printf(&joined, "%s%s", i ? "\n" : "",
		    app->redirect_uris[i]);
	}
	/* Deprecated but still read by older apps: the URIs, one a line. */
	api_put_str(o, "redirect_uri", buf_cstr(&joined));
	json_object_object_add(o, "redirect_uris", uris);
	api_put_str(o, "vapid_key", vapid_key);
	if (secret != NULL) {
		api_put_str(o, "client_id", app->client_id);
		api_put_str(o, "client_secret", secret);
		/* Secrets never expire (RFC 7591: 0). */
		api_put_int(o, "client_secret_expires_at", 0);
	}
	buf_free(&joined);
	return o;
}

/*
 * One address registers at most app_registration_limit applications in
 * ten minutes, as Mastodon's rack-attack allows: a registration is a
 * database row a stranger makes. 1 when refused (429 sent).
 */
static int
registration_limited(struct request *req)
{
	char client[RATELIMIT_CLIENT_MAX], bucket[RATELIMIT_CLIENT_MAX + 16];
	long hits;

	ratelimit_client(req->remote_addr, client, sizeof(client));
	snprintf(bucket, sizeof(bucket), "apps:ip:%s", client);
	hits = ratelimit_hit(req->app->db, req->app->cache, bucket,
	    REGISTRATION_WINDOW);
	if (hits <= req->app->cf->app_registration_limit)
		return 0;	/* under it, or nothing could count (-1) */
	resp_header(req, "Retry-After", "%d", REGISTRATION_WINDOW);
	resp_error(req, 429, "Too many requests");
	return 1;
}

/* Rails' list of validation messages: "Field words, Field words". */
static void
add_error(struct buf *errors, const char *field, const char *words)
{
	if (errors->len > 0)
		buf_puts(errors, ", ");
	buf_printf(errors, "%s %s", field, words);
}

/* Every redirect URI given, split at white space as Doorkeeper splits. */
struct uri_list {
	char	**v;
	size_t	 n;
	size_t	 joined_len;	/* with a newline between each */
};

static void
uri_list_free(struct uri_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static void
uri_list_split(struct uri_list *l, const char *text)
{
	const char *p = text, *end;

	for (;;) {
		p += strspn(p, " \t\r\n\f\v");
		if (*p == '\0')
			return;
		end = p + strcspn(p, " \t\r\n\f\v");
		/* Beyond the limit the count alone decides; stop copying. */
		if (l->joined_len <= OAUTH_REDIRECT_URI_MAX) {
			l->v = xrealloc(l->v, (l->n + 1) * sizeof(char *));
			l->v[l->n++] = xstrndup(p, (size_t)(end - p));
		}
		l->joined_len += (size_t)(end - p) + (l->joined_len ? 1 : 0);
		p = end;
	}
}

/* redirect_uris: blank, invalid or too long go to errors. */
static void
read_redirect_uris(struct request *req, struct uri_list *l,
    struct buf *errors)
{
	const char **items = NULL, *problem = NULL;
	size_t n = 0, i;
	int rc;

	rc = req_str_list(req, "redirect_uris", URI_ITEMS_MAX, ANY_LENGTH,
	    &items, &n);
	if (rc == -1) {
		add_error(errors, "Redirect URI", "must be a valid URI.");
		return;
	}
	for (i = 0; i < n; i++)
		uri_list_split(l, items[i]);
	free(items);
	if (l->n == 0) {
		add_error(errors, "Redirect URI", "can't be blank");
		return;
	}
	for (i = 0; i < l->n && problem == NULL; i++)
		problem = oauth_redirect_uri_problem(l->v[i]);
	if (problem != NULL)
		add_error(errors, "Redirect URI", problem);
}

/* scopes: a string (or a list of them), "read" when absent. */
static void
read_scopes(struct request *req, char *out, size_t outlen,
    struct buf *errors)
{
	const char **items = NULL;
	struct buf joined = BUF_INIT;
	size_t n = 0, i;
	int rc;

	rc = req_str_list(req, "scopes", SCOPE_ITEMS_MAX, SCOPE_LIST_MAX,
	    &items, &n);
	for (i = 0; rc == 1 && i < n; i++)
		buf_printf(&joined, "%s%s", i ? " " : "", items[i]);
	free(items);
	if (rc == 0 || (rc == 1 && buf_cstr(&joined)[strspn(buf_cstr(&joined),
	    " ")] == '\0'))
		snprintf(out, outlen, "read");
	else if (rc == -1 || scope_normalise(buf_cstr(&joined), out,
	    outlen) == -1)
		add_error(errors, "Scopes", "doesn't match configured on "
		    "the server.");
	buf_free(&joined);
}

/* client_name: present, and at most OAUTH_APP_NAME_MAX characters. */
static const char *
read_name(struct request *req, struct buf *errors, int *too_long)
{
	const char *name = NULL;
	int rc, valid;

	*too_long = 0;
	rc = req_str(req, "client_name", ANY_LENGTH, &name);
	if (rc == 1 && name[strspn(name, " \t\r\n")] == '\0')
		rc = 0;
	if (rc == 0) {
		add_error(errors, "Application name", "can't be blank");
		return NULL;
	}
	if (rc == -1) {
		add_error(errors, "Application name", "is invalid");
		return NULL;
	}
	/* Reported after the other fields, in Rails' order. */
	*too_long = utf8_length(name, &valid) > OAUTH_APP_NAME_MAX;
	return name;
}

/* website: optional; an http(s) URL of at most OAUTH_WEBSITE_MAX. */
static const char *
read_website(struct request *req, struct buf *errors)
{
	const char *website = NULL;
	int rc;

	rc = req_str(req, "website", ANY_LENGTH, &website);
	if (rc == 0 || (rc == 1 && *website == '\0'))
		return NULL;
	if (rc == -1 || !oauth_website_valid(website))
		add_error(errors, "Application website", "is invalid");
	if (rc == 1 && strlen(website) > OAUTH_WEBSITE_MAX)
		add_error(errors, "Application website", "is too long "
		    "(maximum is 2000 characters)");
	return website;
}

int
api_app_create(struct request *req)
{
	struct buf errors = BUF_INIT, msg = BUF_INIT;
	struct uri_list uris = { NULL, 0, 0 };
	struct oauth_app app;
	char scopes[SCOPE_LIST_MAX + 1], secret[OAUTH_TOKEN_SIZE];
	const char *name, *website, *vapid;
	int name_too_long, rc = 0;

	if (registration_limited(req))
		return 0;
	name = read_name(req, &errors, &name_too_long);
	read_redirect_uris(req, &uris, &errors);
	read_scopes(req, scopes, sizeof(scopes), &errors);
	if (name_too_long)
		add_error(&errors, "Application name", "is too long "
		    "(maximum is 60 characters)");
	if (uris.joined_len > OAUTH_REDIRECT_URI_MAX)
		add_error(&errors, "Redirect URI", "is too long (maximum "
		    "is 2000 characters)");
	website = read_website(req, &errors);
	if (errors.len > 0) {
		buf_printf(&msg, "Validation failed: %s", buf_cstr(&errors));
		resp_error(req, 422, buf_cstr(&msg));
		goto done;
	}
	if ((vapid = vapid_public_key(req->app->db)) == NULL ||
	    oauth_app_create(req->app->db, name, website, uris.v, uris.n,
	    scopes, &app, secret) == -1) {
		rc = -1;
		goto done;
	}
	api_cache(req, 0);
	resp_json(req, 200, app_json(&app, vapid, secret));
	oauth_app_free(&app);
done:
	uri_list_free(&uris);
	buf_free(&errors);
	buf_free(&msg);
	return rc;
}

/* Any valid token will do, an application's own included (Mastodon 4.3). */
int
api_app_verify_credentials(struct request *req)
{
	struct oauth_app app;
	const char *vapid;
	int rc;

	if ((vapid = vapid_public_key(req->app->db)) == NULL)
		return -1;
	rc = oauth_app_by_id(req->app->db, req->token->app_id, &app);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		api_not_found(req);
		return 0;
	}
	api_cache(req, 0);
	resp_json(req, 200, app_json(&app, vapid, NULL));
	oauth_app_free(&app);
	return 0;
}
