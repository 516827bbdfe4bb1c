/*
 * web_oauth: the consent page of the authorization-code flow. An app
 * sends the person here (GET /oauth/authorize); once signed in they see
 * which app asks and what it may do, and approve or deny with a plain
 * form. Approval makes a code and sends the browser back to the app's
 * redirect URI (or shows the code, for the out-of-band URI); denial sends
 * it back with error=access_denied. Until the client and its redirect
 * URI are known good, errors are shown here and never redirected, so
 * this page cannot be used to bounce anyone to an address of a
 * stranger's choosing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "handlers.h"
#include "oauth.h"
#include "request.h"
#include "scope.h"
#include "view.h"
#include "web_shared.h"

#define STATE_MAX	2000	/* characters of an app's opaque state */
#define CHALLENGE_MAX	128

/* What an authorization request asks, once it has been checked. */
struct authorization {
	struct oauth_app	 app;
	const char		*redirect_uri;	/* one of the app's */
	const char		*state;		/* NULL when none */
	const char		*challenge;	/* NULL without PKCE */
	char			 scopes[SCOPE_LIST_MAX + 1];
};

/* An error the app should hear about, with Doorkeeper's words. */
struct refusal {
	const char	*error;
	const char	*description;
};

static const struct refusal denied = { "access_denied", "The resource "
    "owner or authorization server denied the request." };

/* Send the browser back to the app with name=value pairs (and state). */
static void
back_to_app(struct request *req, const struct authorization *az,
    const char *name1, const char *value1, const char *name2,
    const char *value2)
{
	struct buf to = BUF_INIT;

	buf_puts(&to, az->redirect_uri);
	oauth_redirect_param(&to, name1, value1);
	if (name2 != NULL)
		oauth_redirect_param(&to, name2, value2);
	if (az->state != NULL)
		oauth_redirect_param(&to, "state", az->state);
	resp_redirect(req, buf_cstr(&to));
	resp_status(req, 302);	/* as Doorkeeper answers */
	buf_free(&to);
}

/* Tell the app (or, out of band, the person) why it got nothing. */
static void
refuse(struct request *req, const struct authorization *az,
    const struct refusal *r)
{
	char words[512];

	if (strcmp(az->redirect_uri, OAUTH_OOB) != 0) {
		back_to_app(req, az, "error", r->error, "error_description",
		    r->description);
		return;
	}
	snprintf(words, sizeof(words), "%s (%s)", r->description, r->error);
	view_error_page(req, r == &denied ? 403 : 400, words);
}

/*
 * The client and its redirect URI: the only errors shown on our own page.
 * 1 when both are good; 0 with the page sent; -1 on a database error.
 */
static int
read_client(struct request *req, struct authorization *az)
{
	const char *client_id, *uri;
	int rc;

	if (req_str(req, "client_id", OAUTH_SECRET_MAX, &client_id) != 1 ||
	    *client_id == '\0') {
		view_error_page(req, 400, "The authorization request names no "
		    "application (client_id is missing).");
		return 0;
	}
	if ((rc = oauth_app_find(req->app->db, client_id, &az->app)) != 1) {
		if (rc == 0)
			view_error_page(req, 400, "Client authentication "
			    "failed due to unknown client, no client "
			    "authentication included, or unsupported "
			    "authentication method.");
		return rc;
	}
	rc = req_str(req, "redirect_uri", OAUTH_REDIRECT_URI_MAX, &uri);
	/* RFC 6749 3.1.2.3: with one URI registered, it may go unsaid. */
	if (rc == 0 && az->app.nredirect_uris == 1)
		uri = az->app.redirect_uris[0];
	else if (rc != 1 || !oauth_app_redirect_registered(&az->app, uri)) {
		view_error_page(req, 400, "The requested redirect uri is "
		    "malformed or doesn't match client redirect URI.");
		return 0;
	}
	az->redirect_uri = uri;
	return 1;
}

/* The rest of the request; on NULL it is fine, else why it is not. */
static const struct refusal *
read_request(struct request *req, struct authorization *az)
{
	static const struct refusal no_type = { "invalid_request", "Missing "
	    "required parameter: response_type." };
	static const struct refusal bad_type = { "unsupported_response_type",
	    "The authorization server does not support this response type." };
	static const struct refusal bad_scope = { "invalid_scope", "The "
	    "requested scope is invalid, unknown, or malformed." };
	static const struct refusal bad_method = { "invalid_request", "The "
	    "code challenge method must be S256." };
	static const struct refusal bad_challenge = { "invalid_request", "The "
	    "code challenge must be 43 characters of base64url (S256)." };
	const char *type, *scope, *method;
	int rc;

	if ((rc = req_str(req, "response_type", 32, &type)) != 1 ||
	    *type == '\0')
		return &no_type;
	if (strcmp(type, "code") != 0)
		return &bad_type;
	rc = req_str(req, "scope", SCOPE_LIST_MAX, &scope);
	if (rc == 0 || (rc == 1 && scope[strspn(scope, " +")] == '\0'))
		scope = "read";
	if (rc == -1 || scope_normalise(scope, az->scopes,
	    sizeof(az->scopes)) == -1 ||
	    !scope_subset(az->scopes, az->app.scopes))
		return &bad_scope;
	rc = req_str(req, "code_challenge", CHALLENGE_MAX, &az->challenge);
	if (rc != 1 || *az->challenge == '\0') {
		az->challenge = NULL;
		return NULL;
	}
	if (req_str(req, "code_challenge_method", 16, &method) != 1 ||
	    strcmp(method, "S256") != 0)
		return &bad_method;
	if (!oauth_pkce_challenge_valid(az->challenge))
		return &bad_challenge;
	return NULL;
}

/*
 * Check an authorization request, from the app's link or from the
 * consent form. 1 when it may be approved; 0 when an answer was sent (an
 * error page, or the app told why); -1 on a database error.
 */
static int
authorization_read(struct request *req, struct authorization *az)
{
	const struct refusal *r;
	int rc;

	memset(az, 0, sizeof(*az));
	if ((rc = read_client(req, az)) != 1)
		return rc;
	/* Mastodon.py sends state=None when it has none: it is just text. */
	rc = req_str(req, "state", STATE_MAX, &az->state);
	if (rc == -1) {
		view_error_page(req, 400, "The state parameter is too long or "
		    "not text.");
		return 0;
	}
	if (rc == 0 || *az->state == '\0')
		az->state = NULL;
	if ((r = read_request(req, az)) != NULL) {
		refuse(req, az, r);
		return 0;
	}
	return 1;
}

/* Sign in first, then come back to this very request. */
static void
sign_in_first(struct request *req)
{
	struct buf back = BUF_INIT, to = BUF_INIT;

	buf_puts(&back, req->path);
	if (*req->query != '\0')
		buf_printf(&back, "?%s", req->query);
	buf_puts(&to, "/auth/sign_in?return_to=");
	buf_url_arg(&to, buf_cstr(&back));
	resp_redirect(req, buf_cstr(&to));
	buf_free(&back);
	buf_free(&to);
}

/* The consent page: who asks, for what, and the two buttons. */
static int
consent_page(struct request *req, const struct authorization *az)
{
	struct view *v = view_new(req);
	struct buf back = BUF_INIT;
	char name[SCOPE_LIST_MAX + 1];
	const char *p, *end;
	size_t i = 0;

	view_set(v, "page.title", "Authorize an application");
	view_set(v, "app.name", az->app.name);
	if (az->app.website != NULL)
		view_set(v, "app.website", az->app.website);
	view_set(v, "app.client_id", az->app.client_id);
	view_set(v, "auth.redirect_uri", az->redirect_uri);
	view_set(v, "auth.scope", az->scopes);
	if (az->state != NULL)
		view_set(v, "auth.state", az->state);
	if (az->challenge != NULL)
		view_set(v, "auth.code_challenge", az->challenge);
	if (strcmp(az->redirect_uri, OAUTH_OOB) != 0)
		view_set(v, "auth.redirect_shown", az->redirect_uri);
	for (p = az->scopes; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, " ");
		snprintf(name, sizeof(name), "%.*s", (int)(end - p), p);
		view_set_at(v, name, "scopes.%zu.name", i);
		view_set_at(v, scope_describe(name), "scopes.%zu.words", i);
		i++;
	}
	/* "Not you?" signs out and returns here through the sign-in form. */
	buf_puts(&back, req->path);
	if (*req->query != '\0')
		buf_printf(&back, "?%s", req->query);
	view_set(v, "auth.return_to", buf_cstr(&back));
	buf_free(&back);
	return view_render(v, "oauth_authorize.cs");
}

int
web_oauth_authorize(struct request *req)
{
	struct authorization az;
	int rc;

	if ((rc = authorization_read(req, &az)) != 1) {
		oauth_app_free(&az.app);
		return rc;
	}
	/*
	 * force_login (Mastodon.py sends "False" when it means no) asks for
	 * the page even where an app already holds a token; this page is
	 * always shown, with a way to sign in as someone else.
	 */
	if (req->viewer == NULL)
		sign_in_first(req);
	else
		rc = consent_page(req, &az) == -1 ? -1 : 0;
	oauth_app_free(&az.app);
	return rc == 1 ? 0 : rc;
}

/* The code, on a page, for apps that registered the out-of-band URI. */
static int
code_page(struct request *req, const struct authorization *az,
    const char *code)
{
	struct view *v = view_new(req);

	view_set(v, "page.title", "Authorization code");
	view_set(v, "app.name", az->app.name);
	view_set(v, "code", code);
	return view_render(v, "oauth_code.cs");
}

int
web_oauth_approve(struct request *req)
{
	struct authorization az;
	char code[OAUTH_TOKEN_SIZE];
	int rc;

	if ((rc = authorization_read(req, &az)) != 1) {
		oauth_app_free(&az.app);
		return rc;
	}
	rc = oauth_grant_create(req->app->db, az.app.id, req->viewer->user_id,
	    az.redirect_uri, az.scopes, az.challenge, code);
	if (rc == 0) {
		if (!strcmp(az.redirect_uri, OAUTH_OOB))
			rc = code_page(req, &az, code);
		else
			back_to_app(req, &az, "code", code, NULL, NULL);
	}
	oauth_app_free(&az.app);
	return rc;
}

int
web_oauth_deny(struct request *req)
{
	struct authorization az;
	int rc;

	if ((rc = authorization_read(req, &az)) == 1) {
		refuse(req, &az, &denied);
		rc = 0;
	}
	oauth_app_free(&az.app);
	return rc;
}
