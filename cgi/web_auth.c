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
#include "crypto.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "page_cache.h"
#include "ratelimit.h"
#include "session.h"
#include "view.h"
#include "web_shared.h"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 72
#define EMAIL_MAX 254
#define SIGNUP_WINDOW 3600	/* seconds: signup_ip_limit is per hour */

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
	page_cache_invalidate(req);	/* the instance's counts changed */
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

int
web_sign_in_form(struct request *req)
{
	struct view *v;

	if (req->viewer != NULL) {
		resp_redirect(req, "/home");
		return 0;
	}
	v = view_new(req);
	web_add_csrf(req, v);
	view_set(v, "page.title", "Sign in");
	return view_render(v, "sign_in.cs");
}

/*
 * Sign-in limits. Failures are counted per client (an IPv4 address or an
 * IPv6 /64), per account and per account-and-client pair:
 *  - a client over login_ip_limit is refused whatever it sends;
 *  - an account over login_account_limit is under attack: then each
 *    client may fail only LOGIN_PAIR_LIMIT times on it, which slows a
 *    guesser spread over many addresses, while the owner, signing in from
 *    an address that has not been failing, still gets in with the right
 *    password. The account's count alone never locks anyone out. For
 *    this pair an IPv6 client counts as its /48, the usual size of one
 *    site's allocation, so a guesser cannot multiply its three tries by
 *    the 65536 /64s a tunnel broker hands out.
 * The client's and the pair's budgets are taken before the password is
 * checked and given back when it was right (or the attempt is refused),
 * so requests sent all at once cannot all pass a check made before any of
 * them was counted.
 */
#define LOGIN_PAIR_LIMIT 3

struct login_buckets {
	struct buf	client;		/* login:ip:CLIENT */
	struct buf	account;	/* login:account:ID or login:name:HASH */
	struct buf	pair;		/* the account's bucket + ":" CLIENT */
};

/* The client's own bucket: checked before anything else is looked up. */
static void
login_buckets_init(struct request *req, struct login_buckets *lb)
{
	char client[RATELIMIT_CLIENT_MAX];

	memset(lb, 0, sizeof(*lb));
	ratelimit_client(req->remote_addr, client, sizeof(client));
	buf_printf(&lb->client, "login:ip:%s", client);
}

/* The account's buckets, once the login name has been looked up. */
static void
login_buckets_account(struct request *req, struct login_buckets *lb,
    const PGresult *user, const char *login)
{
	char client[RATELIMIT_CLIENT_MAX], lower[EMAIL_MAX + 1], hex[65];
	unsigned char digest[32];
	size_t i;

	if (user != NULL && PQntuples(user) == 1)
		buf_printf(&lb->account, "login:account:%s",
		    PQgetvalue(user, 0, 0));
	else {
		/* Unknown names share a budget too, kept short by hashing. */
		for (i = 0; login[i] && i < EMAIL_MAX; i++)
			lower[i] = (char)tolower((unsigned char)login[i]);
		lower[i] = '\0';
		sha256(lower, i, digest);
		for (i = 0; i < 16; i++)
			snprintf(hex + 2 * i, 3, "%02x", digest[i]);
		buf_printf(&lb->account, "login:name:%s", hex);
	}
	ratelimit_client_prefix(req->remote_addr, 48, client, sizeof(client));
	buf_printf(&lb->pair, "%s:%s", buf_cstr(&lb->account), client);
}

static void
login_buckets_free(struct login_buckets *lb)
{
	buf_free(&lb->client);
	buf_free(&lb->account);
	buf_free(&lb->pair);
}

/* Take one try from a budget: 1 when it was there, 0 when spent. */
static int
take_try(struct request *req, struct buf *bucket, int limit)
{
	long n = ratelimit_hit(req->app->db, req->app->cache, buf_cstr(bucket),
	    req->app->cf->login_window);

	if (n > limit) {
		ratelimit_refund(req->app->db, req->app->cache,
		    buf_cstr(bucket));
		return 0;
	}
	return 1;	/* counted, or nothing could count it (-1) */
}

static void
give_back(struct request *req, struct buf *bucket)
{
	ratelimit_refund(req->app->db, req->app->cache, buf_cstr(bucket));
}

int
web_sign_in(struct request *req)
{
	/* One query per kind of login name, so each uses its index. */
	static const char *by_username_sql =
	    "SELECT u.id, u.password_hash, u.approved, u.disabled, "
	    "a.suspended_at IS NOT NULL FROM accounts a "
	    "JOIN users u ON u.account_id = a.id "
	    "WHERE lower(a.username) = lower($1) "
	    "AND coalesce(lower(a.domain), '') = ''";
	static const char *by_email_sql =
	    "SELECT u.id, u.password_hash, u.approved, u.disabled, "
	    "a.suspended_at IS NOT NULL FROM users u "
	    "JOIN accounts a ON a.id = u.account_id "
	    "WHERE lower(u.email) = lower($1)";
	static const char *signed_in_sql =
	    "UPDATE users SET last_sign_in_at = now(), "
	    "last_sign_in_ip = $2::inet WHERE id = $1";
	/*
	 * Verified against when there is no such user, so that a wrong name
	 * costs as much time as a wrong password (made once per worker).
	 */
	static char *dummy_hash;
	const struct config *cf = req->app->cf;
	const char *login = "", *password = "";
	struct login_buckets lb;
	struct db_params p;
	struct view *v;
	PGresult *res = NULL;
	const char *hash, *problem = NULL;
	int64_t user_id = 0;
	int matched, under_attack, rc = 0;

	if (req_str(req, "username", EMAIL_MAX, &login) != 1)
		login = "";
	if (req_str(req, "password", 1024, &password) != 1)
		password = "";
	v = view_new(req);
	web_add_csrf(req, v);
	view_set(v, "page.title", "Sign in");
	view_set(v, "form.username", login);

	/* A client over its limit costs no further query. */
	login_buckets_init(req, &lb);
	if (!take_try(req, &lb.client, cf->login_ip_limit))
		goto limited;
	db_params_init(&p);
	dbp_str(&p, login);
	if ((res = db_run(req->app->db, strchr(login, '@') ? by_email_sql :
	    by_username_sql, &p)) == NULL) {
		give_back(req, &lb.client);
		view_free(v);
		login_buckets_free(&lb);
		return -1;
	}
	login_buckets_account(req, &lb, res, login);
	under_attack = ratelimit_count(req->app->db, req->app->cache,
	    buf_cstr(&lb.account)) >= cf->login_account_limit;
	if (under_attack && !take_try(req, &lb.pair, LOGIN_PAIR_LIMIT)) {
		give_back(req, &lb.client);
		goto limited;
	}
	if (dummy_hash == NULL &&
	    (dummy_hash = password_hash("no such user")) == NULL)
		dummy_hash = xstrdup("*");
	hash = PQntuples(res) == 1 ? PQgetvalue(res, 0, 1) : dummy_hash;
	matched = password_verify(password, hash) && PQntuples(res) == 1 &&
	    *login != '\0';
	if (!matched) {
		/* The client's try (and the pair's, under attack) is kept. */
		ratelimit_hit(req->app->db, req->app->cache,
		    buf_cstr(&lb.account), cf->login_window);
		if (!under_attack)
			ratelimit_hit(req->app->db, req->app->cache,
			    buf_cstr(&lb.pair), cf->login_window);
		resp_status(req, 422);
		view_set(v, "error", "Invalid username, email or password.");
		rc = view_render(v, "sign_in.cs");
		goto done;
	}
	/* The right password is no failure: the tries are given back. */
	give_back(req, &lb.client);
	if (under_attack)
		give_back(req, &lb.pair);
	user_id = db_int(res, 0, 0);
	if (db_bool(res, 0, 3) || db_bool(res, 0, 4))
		problem = "This account has been disabled.";
	else if (!db_bool(res, 0, 2))
		problem = "This account is waiting for an administrator's "
		    "approval.";
	if (problem != NULL) {
		resp_status(req, 403);
		view_set(v, "error", problem);
		rc = view_render(v, "sign_in.cs");
		goto done;
	}
	view_free(v);
	/* The owner is in: the account is no longer under attack. */
	ratelimit_clear(req->app->db, req->app->cache, buf_cstr(&lb.account));
	ratelimit_clear(req->app->db, req->app->cache, buf_cstr(&lb.pair));
	/* A new sign-in ends the session this browser had, whoever's. */
	if (session_forget(req) == -1 || session_create(req, user_id) == -1) {
		rc = -1;
		goto done;
	}
	db_params_init(&p);
	dbp_int(&p, user_id);
	dbp_str(&p, ip_address_or_null(req->remote_addr));
	db_exec(req->app->db, signed_in_sql, &p);
	resp_redirect(req, "/home");
	goto done;
limited:
	resp_status(req, 429);
	resp_header(req, "Retry-After", "%d", cf->login_window);
	view_set(v, "error", "Too many failed sign-in attempts. Wait a few "
	    "minutes and try again.");
	rc = view_render(v, "sign_in.cs");
done:
	if (res != NULL)
		PQclear(res);
	login_buckets_free(&lb);
	return rc;
}

int
web_sign_out(struct request *req)
{
	if (session_destroy(req) == -1)
		return -1;
	resp_redirect(req, "/");
	return 0;
}
