/*
 * web_auth: signing up, in and out with plain HTML forms.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "ratelimit.h"
#include "session.h"
#include "sign_in.h"
#include "view.h"
#include "web_shared.h"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 72
#define EMAIL_MAX 254
#define SIGNUP_WINDOW 3600	/* seconds: signup_ip_limit is per hour */
#define RETURN_TO_MAX 4096	/* a consent page's address with its query */

static int
registrations_closed(struct request *req)
{
	return req->app->cf->registrations == REG_CLOSED;
}

static struct view *
sign_up_view(struct request *req)
{
	struct view *v = view_new(req);

	web_add_csrf(req, v);
	view_set(v, "page.title", "Create an account");
	if (req->app->cf->registrations == REG_APPROVAL)
		view_set(v, "approval_required", "1");
	if (registrations_closed(req))
		view_set(v, "closed", "1");
	return v;
}

int
web_sign_up_form(struct request *req)
{
	if (req->viewer != NULL) {
		resp_redirect(req, "/home");
		return 0;
	}
	return view_render(sign_up_view(req), "sign_up.cs");
}

/* A deliberately loose check: one '@', something on each side, no space. */
static int
email_valid(const char *e)
{
	const char *at = strchr(e, '@'), *p;

	if (at == NULL || at == e || at[1] == '\0' || strchr(at + 1, '@'))
		return 0;
	for (p = e; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20)
			return 0;
	return 1;
}

int
web_sign_up(struct request *req)
{
	const char *username = "", *email = "", *password = "", *confirm = "";
	const char *reason = NULL;
	struct account_new n;
	struct view *v;
	struct buf bucket = BUF_INIT;
	char client[RATELIMIT_CLIENT_MAX];
	int64_t account_id, user_id;
	int errors = 0, approval, rc;

	if (req->viewer != NULL) {
		resp_redirect(req, "/home");
		return 0;
	}
	if (registrations_closed(req)) {
		resp_error(req, 403, "This server is not accepting new "
		    "accounts.");
		return 0;
	}
	approval = req->app->cf->registrations == REG_APPROVAL;
	v = sign_up_view(req);
	/*
	 * Every sign-up attempt costs a password hash and an RSA key: one
	 * address gets signup_ip_limit of them an hour, valid or not.
	 */
	ratelimit_client(req->remote_addr, client, sizeof(client));
	buf_printf(&bucket, "signup:ip:%s", client);
	if (ratelimit_count(req->app->db, req->app->cache, buf_cstr(&bucket)) >=
	    req->app->cf->signup_ip_limit) {
		buf_free(&bucket);
		resp_status(req, 429);
		resp_header(req, "Retry-After", "%d", SIGNUP_WINDOW);
		view_set(v, "errors.form", "Too many sign-ups from your "
		    "network. Try again in an hour.");
		return view_render(v, "sign_up.cs");
	}
	ratelimit_hit(req->app->db, req->app->cache, buf_cstr(&bucket),
	    SIGNUP_WINDOW);
	buf_free(&bucket);
	rc = req_str(req, "username", 30, &username);
	if (rc == 0 || (rc == 1 && *username == '\0')) {
		view_set(v, "errors.username", "Choose a username.");
		username = "";
		errors++;
	} else if (rc == -1 || !account_username_valid(username)) {
		view_set(v, "errors.username", "Use only letters, digits and "
		    "underscores, at most 30 characters.");
		/* Keep what was typed, cut to something a form can show. */
		if (rc == -1 && req_str(req, "username", 200, &username) != 1)
			username = "";
		errors++;
	}
	if (req_str(req, "email", EMAIL_MAX, &email) != 1 ||
	    !email_valid(email)) {
		view_set(v, "errors.email", "Enter a valid email address.");
		if (req_str(req, "email", EMAIL_MAX, &email) != 1)
			email = "";
		errors++;
	}
	if (req_str(req, "password", PASSWORD_MAX, &password) != 1 ||
	    strlen(password) < PASSWORD_MIN) {
		view_set(v, "errors.password", "Use at least 8 characters "
		    "(and at most 72).");
		errors++;
	} else if (req_str(req, "password_confirmation", PASSWORD_MAX,
	    &confirm) != 1 || strcmp(password, confirm) != 0) {
		view_set(v, "errors.password_confirmation",
		    "The two passwords do not match.");
		errors++;
	}
	if (approval && req_str(req, "reason", 500, &reason) == -1) {
		view_set(v, "errors.reason", "Keep it under 500 characters.");
		errors++;
	}
	view_set(v, "form.username", username);
	view_set(v, "form.email", email);
	if (reason != NULL)
		view_set(v, "form.reason", reason);
	if (errors > 0) {
		resp_status(req, 422);
		return view_render(v, "sign_up.cs");
	}

	memset(&n, 0, sizeof(n));
	n.username = username;
	n.email = email;
	n.password = password;
	n.role = "user";
	n.approved = !approval;
	n.ip = ip_address_or_null(req->remote_addr);
	n.reason = reason;
	switch (account_create_local(req->app->db, req->app->cf, &n,
	    &account_id, &user_id)) {
	case ACCOUNT_CREATED:
		break;
	case ACCOUNT_USERNAME_TAKEN:
		view_set(v, "errors.username", "That username is taken.");
		resp_status(req, 422);
		return view_render(v, "sign_up.cs");
	case ACCOUNT_EMAIL_TAKEN:
		view_set(v, "errors.email", "That email address is already "
		    "in use.");
		resp_status(req, 422);
		return view_render(v, "sign_up.cs");
	default:
		view_free(v);
		return -1;
	}
	view_free(v);
	if (approval) {
		v = view_new(req);
		view_set(v, "page.title", "Awaiting approval");
		view_set(v, "notice", "Your account has been created. An "
		    "administrator will review it; you can sign in once it "
		    "is approved.");
		return view_render(v, "notice.cs");
	}
	if (session_create(req, user_id) == -1)
		return -1;
	resp_redirect(req, "/home");
	return 0;
}

/* Where to go after signing in: a local path the form carried, else home. */
static const char *
return_path(struct request *req, int from_body)
{
	const char *to;
	int rc;

	rc = from_body ? req_body_str(req, "return_to", RETURN_TO_MAX, &to) :
	    req_str(req, "return_to", RETURN_TO_MAX, &to);
	return rc == 1 && web_local_path(to) ? to : NULL;
}

/*
 * The sign-in page: the form, with what was typed and an error, and the
 * local page to return to afterwards (an app's consent page, say).
 */
static int
sign_in_page(struct request *req, const char *login, const char *to,
    const char *error)
{
	struct view *v = view_new(req);

	web_add_csrf(req, v);
	view_set(v, "page.title", "Sign in");
	if (login != NULL)
		view_set(v, "form.username", login);
	if (to != NULL)
		view_set(v, "form.return_to", to);
	if (error != NULL)
		view_set(v, "error", error);
	return view_render(v, "sign_in.cs");
}

int
web_sign_in_form(struct request *req)
{
	const char *to = return_path(req, 0);

	if (req->viewer != NULL) {
		resp_redirect(req, to != NULL ? to : "/home");
		return 0;
	}
	return sign_in_page(req, NULL, to, NULL);
}

int
web_sign_in(struct request *req)
{
	const struct config *cf = req->app->cf;
	const char *login = "", *password = "", *to;
	int64_t user_id = 0;

	if (req_str(req, "username", SIGN_IN_LOGIN_MAX, &login) != 1)
		login = "";
	if (req_str(req, "password", SIGN_IN_PASSWORD_MAX, &password) != 1)
		password = "";
	to = return_path(req, 1);
	switch (sign_in_check(req, login, password, &user_id)) {
	case SIGN_IN_OK:
		break;
	case SIGN_IN_ERROR:
		return -1;
	case SIGN_IN_WRONG:
		resp_status(req, 422);
		return sign_in_page(req, login, to,
		    "Invalid username, email or password.");
	case SIGN_IN_LIMITED:
		resp_status(req, 429);
		resp_header(req, "Retry-After", "%d", cf->login_window);
		return sign_in_page(req, login, to, "Too many failed sign-in "
		    "attempts. Wait a few minutes and try again.");
	case SIGN_IN_DISABLED:
		resp_status(req, 403);
		return sign_in_page(req, login, to,
		    "This account has been disabled.");
	case SIGN_IN_UNAPPROVED:
		resp_status(req, 403);
		return sign_in_page(req, login, to, "This account is waiting "
		    "for an administrator's approval.");
	}
	/* A new sign-in ends the session this browser had, whoever's. */
	if (session_forget(req) == -1 || session_create(req, user_id) == -1)
		return -1;
	resp_redirect(req, to != NULL ? to : "/home");
	return 0;
}

/*
 * Signing out may lead to the sign-in form for a page (the consent page's
 * "not you?"), which the next person returns to.
 */
int
web_sign_out(struct request *req)
{
	struct buf to = BUF_INIT;
	const char *back = return_path(req, 1);

	if (session_destroy(req) == -1)
		return -1;
	if (back == NULL) {
		resp_redirect(req, "/");
		return 0;
	}
	buf_puts(&to, "/auth/sign_in?return_to=");
	buf_url_arg(&to, back);
	resp_redirect(req, buf_cstr(&to));
	buf_free(&to);
	return 0;
}
