/*
 * oauth: the OAuth2 endpoints apps talk to without a browser: the token
 * endpoint (authorization code with PKCE, client credentials, password),
 * revocation (RFC 7009), the server's metadata (RFC 8414) and userinfo.
 * Errors are RFC 6749's {"error", "error_description"} with Doorkeeper's
 * descriptions, which is what Mastodon answers. The consent page that
 * makes the codes is web_oauth.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "bearer.h"
#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "handlers.h"
#include "oauth.h"
#include "params.h"
#include "request.h"
#include "scope.h"
#include "sign_in.h"

#define METADATA_MAX_AGE	180
#define BASIC_MAX		1024	/* an Authorization: Basic value */
#define VERIFIER_MAX		128	/* RFC 7636's longest verifier */
#define REDIRECT_READ_MAX	OAUTH_REDIRECT_URI_MAX

static const char invalid_grant_words[] = "The provided authorization "
    "grant is invalid, expired, revoked, does not match the redirection "
    "URI used in the authorization request, or was issued to another "
    "client.";
static const char invalid_client_words[] = "Client authentication failed "
    "due to unknown client, no client authentication included, or "
    "unsupported authentication method.";
static const char invalid_scope_words[] = "The requested scope is "
    "invalid, unknown, or malformed.";

/* RFC 6749 5.2: an error, never cached. */
static void
oauth_error(struct request *req, int status, const char *error,
    const char *description)
{
	json_object *o = json_object_new_object();

	api_put_str(o, "error", error);
	api_put_str(o, "error_description", description);
	if (status == 401)
		resp_header(req, "WWW-Authenticate", "Basic realm=\"%s\"",
		    req->app->cf->domain);
	resp_header(req, "Cache-Control", "no-store");
	resp_header(req, "Pragma", "no-cache");
	resp_json(req, status, o);
}

static void
missing(struct request *req, const char *name)
{
	char words[128];

	snprintf(words, sizeof(words), "Missing required parameter: %s.",
	    name);
	oauth_error(req, 400, "invalid_request", words);
}

/*
 * A required text parameter: 1 with *out, or 0 with invalid_request sent
 * (absent, blank or unreadable).
 */
static int
required(struct request *req, const char *name, size_t max, const char **out)
{
	int rc = req_str(req, name, max, out);

	if (rc == 1 && **out != '\0')
		return 1;
	if (rc == -1)
		oauth_error(req, 400, "invalid_request", req->error);
	else
		missing(req, name);
	return 0;
}

/*
 * HTTP Basic client credentials (RFC 6749 2.3.1): "id:secret" in base64,
 * each half form-urlencoded. 1 with both copied out, 0 when the header is
 * not Basic, -1 when it is but cannot be read.
 */
static int
basic_credentials(struct request *req, char **id, char **secret)
{
	const char *h = req_header(req, "Authorization"), *colon;
	unsigned char raw[BASIC_MAX];
	size_t n, idlen, slen;

	if (h == NULL || strncasecmp(h, "Basic ", 6) != 0)
		return 0;
	h += 6 + strspn(h + 6, " ");
	if (strlen(h) >= BASIC_MAX || base64_decode(h, raw, sizeof(raw) - 1,
	    &n) == -1 || memchr(raw, '\0', n) != NULL)
		return -1;
	raw[n] = '\0';
	if ((colon = strchr((char *)raw, ':')) == NULL)
		return -1;
	*id = xstrndup((char *)raw, (size_t)(colon - (char *)raw));
	*secret = xstrdup(colon + 1);
	idlen = url_decode(*id, strlen(*id), 1);
	slen = url_decode(*secret, strlen(*secret), 1);
	if (idlen != strlen(*id) || slen != strlen(*secret)) {
		free(*id);
		free(*secret);
		return -1;
	}
	return 1;
}

/*
 * The client, authenticated by HTTP Basic or by client_id and
 * client_secret in the request (never both: RFC 6749 2.3). 1 with app
 * filled; 0 with the error sent; -1 when the database failed.
 */
static int
authenticate_client(struct request *req, struct oauth_app *app)
{
	char *basic_id = NULL, *basic_secret = NULL;
	const char *id = NULL, *secret = NULL;
	int basic, rc;

	if ((basic = basic_credentials(req, &basic_id, &basic_secret)) == -1) {
		oauth_error(req, 401, "invalid_client", invalid_client_words);
		return 0;
	}
	if (req_str(req, "client_id", OAUTH_SECRET_MAX, &id) != 1)
		id = NULL;
	if (req_str(req, "client_secret", OAUTH_SECRET_MAX, &secret) != 1)
		secret = NULL;
	if (basic == 1) {
		rc = -2;
		if (secret != NULL)
			oauth_error(req, 400, "invalid_request", "Client "
			    "credentials came both in the Authorization header "
			    "and in the request: send them once.");
		else if (id != NULL && strcmp(id, basic_id) != 0)
			oauth_error(req, 401, "invalid_client",
			    invalid_client_words);
		else
			rc = oauth_app_authenticate(req->app->db, basic_id,
			    basic_secret, app);
		free(basic_id);
		free(basic_secret);
		if (rc == -2)
			return 0;
	} else if (id == NULL || secret == NULL)
		rc = 0;
	else
		rc = oauth_app_authenticate(req->app->db, id, secret, app);
	if (rc == 0)
		oauth_error(req, 401, "invalid_client", invalid_client_words);
	return rc;
}

static void
send_token(struct request *req, const char *token, const char *scopes,
    int64_t created_at)
{
	json_object *o = json_object_new_object();

	api_put_str(o, "access_token", token);
	api_put_str(o, "token_type", "Bearer");
	api_put_str(o, "scope", scopes);
	api_put_int(o, "created_at", created_at);
	resp_header(req, "Cache-Control", "no-store");
	resp_header(req, "Pragma", "no-cache");
	resp_json(req, 200, o);
}

/*
 * The scopes a client_credentials or password grant asks for ("read"
 * when none), normalised into out. 1, or 0 with invalid_scope sent when
 * they are unknown or beyond the application's.
 */
static int
requested_scopes(struct request *req, const struct oauth_app *app,
    char *out, size_t outlen)
{
	const char *scope;
	int rc = req_str(req, "scope", SCOPE_LIST_MAX, &scope);

	if (rc == 0 || (rc == 1 && scope[strspn(scope, " +")] == '\0'))
		scope = "read";
	if (rc == -1 || scope_normalise(scope, out, outlen) == -1 ||
	    !scope_subset(out, app->scopes)) {
		oauth_error(req, 400, "invalid_scope", invalid_scope_words);
		return 0;
	}
	return 1;
}

/* Issue a token and answer with it. 0, or -1 when the database failed. */
static int
issue(struct request *req, const struct oauth_app *app, int64_t user_id,
    const char *scopes)
{
	char token[64];
	int64_t created_at;

	if (bearer_issue(req, app->id, user_id, scopes, token,
	    &created_at) == -1)
		return -1;
	send_token(req, token, scopes, created_at);
	return 0;
}

static int
grant_client_credentials(struct request *req, const struct oauth_app *app)
{
	char scopes[SCOPE_LIST_MAX + 1];

	if (!requested_scopes(req, app, scopes, sizeof(scopes)))
		return 0;
	return issue(req, app, 0, scopes);
}

/*
 * The password grant (toot's login_cli, Mastodon.py's log_in): the same
 * check and the same limits as the web sign-in form.
 */
static int
grant_password(struct request *req, const struct oauth_app *app)
{
	char scopes[SCOPE_LIST_MAX + 1];
	const char *login, *password;
	int64_t user_id = 0;

	if (!required(req, "username", SIGN_IN_LOGIN_MAX, &login) ||
	    !required(req, "password", SIGN_IN_PASSWORD_MAX, &password) ||
	    !requested_scopes(req, app, scopes, sizeof(scopes)))
		return 0;
	switch (sign_in_check(req, login, password, &user_id)) {
	case SIGN_IN_OK:
		return issue(req, app, user_id, scopes);
	case SIGN_IN_ERROR:
		return -1;
	case SIGN_IN_LIMITED:
		resp_header(req, "Retry-After", "%d",
		    req->app->cf->login_window);
		oauth_error(req, 429, "too_many_requests", "Too many failed "
		    "sign-in attempts. Wait a few minutes and try again.");
		return 0;
	case SIGN_IN_DISABLED:
		oauth_error(req, 400, "invalid_grant", "This account has been "
		    "disabled.");
		return 0;
	case SIGN_IN_UNAPPROVED:
		oauth_error(req, 400, "invalid_grant", "This account is "
		    "waiting for an administrator's approval.");
		return 0;
	case SIGN_IN_WRONG:
		break;
	}
	oauth_error(req, 400, "invalid_grant", invalid_grant_words);
	return 0;
}

/*
 * Redeem a code, under a row lock so two requests with the same code
 * cannot both win. A code that was already used is evidence of theft
 * (RFC 6749 4.1.2): the token it gave is revoked. A wrong redirect URI
 * or verifier does not use the code up, so a stranger who saw it cannot
 * spoil it for the client that holds the verifier.
 */
static int
redeem_code(struct request *req, const struct oauth_app *app,
    const char *code, const char *redirect_uri, const char *verifier)
{
	static const char *grant_sql =
	    "SELECT g.id, g.user_id, g.scopes, g.redirect_uri, "
	    "  g.code_challenge, g.expires_at > now(), g.used_at IS NOT NULL, "
	    "  coalesce(g.token_id, 0), "
	    "  u.disabled OR NOT u.approved OR a.suspended_at IS NOT NULL "
	    "FROM oauth_access_grants g JOIN users u ON u.id = g.user_id "
	    "JOIN accounts a ON a.id = u.account_id "
	    "WHERE g.code_hash = $1 AND g.application_id = $2 "
	    "FOR UPDATE OF g";
	static const char *reused_sql =
	    "UPDATE oauth_access_tokens SET revoked_at = now() "
	    "WHERE id = $1 AND revoked_at IS NULL";
	static const char *used_sql =
	    "UPDATE oauth_access_grants SET used_at = now(), token_id = "
	    "  (SELECT id FROM oauth_access_tokens WHERE token_hash = $2) "
	    "WHERE id = $1";
	unsigned char hash[32];
	char token[64];
	const char *challenge;
	struct db_params p;
	PGresult *res = NULL;
	int64_t created_at;
	int ok;

	sha256(code, strlen(code), hash);
	if (db_begin(req->app->db) == -1)
		return -1;
	db_params_init(&p);
	dbp_bytes(&p, hash, sizeof(hash));
	dbp_int(&p, app->id);
	if ((res = db_run(req->app->db, grant_sql, &p)) == NULL)
		goto fail;
	if (PQntuples(res) == 1 && db_bool(res, 0, 6)) {
		db_params_init(&p);
		dbp_int(&p, db_int(res, 0, 7));
		if (db_exec(req->app->db, reused_sql, &p) == -1)
			goto fail;
	}
	challenge = PQntuples(res) == 1 ? db_val(res, 0, 4) : NULL;
	ok = PQntuples(res) == 1 && db_bool(res, 0, 5) &&
	    !db_bool(res, 0, 6) && !db_bool(res, 0, 8) &&
	    !strcmp(PQgetvalue(res, 0, 3), redirect_uri) &&
	    (challenge == NULL ? verifier == NULL :
	    verifier != NULL && oauth_pkce_matches(verifier, challenge));
	if (!ok) {
		if (db_commit(req->app->db) == -1)
			goto fail;
		PQclear(res);
		oauth_error(req, 400, "invalid_grant", invalid_grant_words);
		return 0;
	}
	if (bearer_issue(req, app->id, db_int(res, 0, 1),
	    PQgetvalue(res, 0, 2), token, &created_at) == -1)
		goto fail;
	db_params_init(&p);
	dbp_int(&p, db_int(res, 0, 0));
	sha256(token, strlen(token), hash);
	dbp_bytes(&p, hash, sizeof(hash));
	if (db_exec(req->app->db, used_sql, &p) != 1 ||
	    db_commit(req->app->db) == -1)
		goto fail;
	send_token(req, token, PQgetvalue(res, 0, 2), created_at);
	PQclear(res);
	return 0;
fail:
	db_rollback(req->app->db);
	if (res != NULL)
		PQclear(res);
	return -1;
}

static int
grant_authorization_code(struct request *req, const struct oauth_app *app)
{
	const char *code, *redirect_uri, *verifier;
	int rc;

	if (!required(req, "code", OAUTH_SECRET_MAX, &code) ||
	    !required(req, "redirect_uri", REDIRECT_READ_MAX, &redirect_uri))
		return 0;
	rc = req_str(req, "code_verifier", VERIFIER_MAX, &verifier);
	if (rc == -1) {
		oauth_error(req, 400, "invalid_grant", invalid_grant_words);
		return 0;
	}
	return redeem_code(req, app, code, redirect_uri,
	    rc == 1 && *verifier != '\0' ? verifier : NULL);
}

/* The grant types, in one table. */
static const struct {
	const char	*name;
	int		(*grant)(struct request *, const struct oauth_app *);
} grants[] = {
	{ "authorization_code", grant_authorization_code },
	{ "client_credentials", grant_client_credentials },
	{ "password", grant_password },
};

#define NGRANTS (sizeof(grants) / sizeof(grants[0]))

int
oauth_token(struct request *req)
{
	struct oauth_app app;
	const char *type;
	size_t i;
	int rc;

	if (!required(req, "grant_type", 64, &type))
		return 0;
	for (i = 0; i < NGRANTS; i++)
		if (!strcmp(grants[i].name, type))
			break;
	if (i == NGRANTS) {
		oauth_error(req, 400, "unsupported_grant_type", "The "
		    "authorization grant type is not supported by the "
		    "authorization server.");
		return 0;
	}
	if ((rc = authenticate_client(req, &app)) != 1)
		return rc;
	rc = grants[i].grant(req, &app);
	oauth_app_free(&app);
	return rc;
}

/*
 * RFC 7009: a client revokes a token it was given. An unknown token is
 * no error (200 {}), so the answer tells a stranger nothing; another
 * application's token is refused, as Doorkeeper refuses it.
 */
int
oauth_revoke(struct request *req)
{
	static const char *find_sql =
	    "SELECT id, coalesce(application_id, 0) FROM oauth_access_tokens "
	    "WHERE token_hash = $1";
	static const char *revoke_sql =
	    "UPDATE oauth_access_tokens SET revoked_at = now() "
	    "WHERE id = $1 AND revoked_at IS NULL";
	unsigned char hash[32];
	struct oauth_app app;
	const char *token;
	struct db_params p;
	PGresult *res;
	int rc;

	if ((rc = authenticate_client(req, &app)) != 1)
		return rc;
	if (!required(req, "token", BEARER_MAX, &token)) {
		oauth_app_free(&app);
		return 0;
	}
	sha256(token, strlen(token), hash);
	db_params_init(&p);
	dbp_bytes(&p, hash, sizeof(hash));
	res = db_run(req->app->db, find_sql, &p);
	if (res == NULL) {
		oauth_app_free(&app);
		return -1;
	}
	rc = 0;
	if (PQntuples(res) == 1 && db_int(res, 0, 1) != app.id)
		oauth_error(req, 403, "unauthorized_client", "You are not "
		    "authorized to revoke this token");
	else {
		if (PQntuples(res) == 1) {
			db_params_init(&p);
			dbp_int(&p, db_int(res, 0, 0));
			if (db_exec(req->app->db, revoke_sql, &p) == -1)
				rc = -1;
		}
		if (rc == 0) {
			resp_header(req, "Cache-Control", "no-store");
			resp_json(req, 200, json_object_new_object());
		}
	}
	PQclear(res);
	oauth_app_free(&app);
	return rc;
}

static json_object *
string_array(const char *const *items)
{
	json_object *a = json_object_new_array();

	for (; *items != NULL; items++)
		json_object_array_add(a, json_object_new_string(*items));
	return a;
}

/* RFC 8414, with the fields Mastodon publishes. */
int
oauth_server_metadata(struct request *req)
{
	static const char *const response_types[] = { "code", NULL };
	static const char *const response_modes[] = { "query", NULL };
	static const char *const grant_types[] = { "authorization_code",
	    "password", "client_credentials", NULL };
	static const char *const auth_methods[] = { "client_secret_basic",
	    "client_secret_post", NULL };
	static const char *const challenge_methods[] = { "S256", NULL };
	const struct config *cf = req->app->cf;
	json_object *o = json_object_new_object(), *scopes;
	size_t i;

	api_put_url(o, cf, "issuer", "/");
	api_put_str(o, "service_documentation",
	    "https://docs.joinmastodon.org/");
	api_put_url(o, cf, "authorization_endpoint", "/oauth/authorize");
	api_put_url(o, cf, "token_endpoint", "/oauth/token");
	api_put_url(o, cf, "revocation_endpoint", "/oauth/revoke");
	api_put_url(o, cf, "userinfo_endpoint", "/oauth/userinfo");
	api_put_url(o, cf, "app_registration_endpoint", "/api/v1/apps");
	scopes = json_object_new_array();
	for (i = 0; scope_at(i) != NULL; i++)
		json_object_array_add(scopes,
		    json_object_new_string(scope_at(i)));
	json_object_object_add(o, "scopes_supported", scopes);
	json_object_object_add(o, "response_types_supported",
	    string_array(response_types));
	json_object_object_add(o, "response_modes_supported",
	    string_array(response_modes));
	json_object_object_add(o, "grant_types_supported",
	    string_array(grant_types));
	json_object_object_add(o, "token_endpoint_auth_methods_supported",
	    string_array(auth_methods));
	json_object_object_add(o, "code_challenge_methods_supported",
	    string_array(challenge_methods));
	api_cache(req, METADATA_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}

/* OpenID Connect's userinfo, as Mastodon answers it (profile scope). */
int
oauth_userinfo(struct request *req)
{
	const struct config *cf = req->app->cf;
	struct account a;
	json_object *o;
	int rc;

	rc = account_by_id(req->app->db, cf->base_url,
	    req->viewer->account_id, &a);
	if (rc != 1)
		return -1;
	o = json_object_new_object();
	api_put_url(o, cf, "iss", "/");
	api_put_str(o, "sub", a.uri);
	api_put_str(o, "name", *a.display_name ? a.display_name : a.username);
	api_put_str(o, "preferred_username", a.username);
	api_put_str(o, "profile", a.url);
	api_put_str(o, "picture", a.avatar);
	api_cache(req, 0);
	resp_json(req, 200, o);
	account_free(&a);
	return 0;
}
