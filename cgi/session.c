/*
 * session: cookies, sessions and CSRF tokens for the web pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "request.h"
#include "session.h"

#define TOKEN_BYTES 32
#define TOKEN_CHARS 44	/* base64url of 32 bytes, plus NUL */

static void
set_cookie(struct request *req, const char *name, const char *value,
    long max_age)
{
	const struct config *cf = req->app->cf;

	resp_header(req, "Set-Cookie", "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
	    "SameSite=Lax%s", name, value, max_age,
	    cf->scheme == SCHEME_HTTPS ? "; Secure" : "");
}

static int
token_shape_ok(const char *t)
{
	size_t i;

	for (i = 0; t[i]; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') ||
		    (t[i] >= 'A' && t[i] <= 'Z') ||
		    (t[i] >= '0' && t[i] <= '9') || t[i] == '-' || t[i] == '_'))
			return 0;
	return i == TOKEN_CHARS - 1;
}

/*
 * The User-Agent is only a note for the user's list of sessions: keep its
 * printable ASCII, so no byte a browser sends can make the INSERT fail.
 */
static void
printable_ascii(char *out, size_t outlen, const char *in)
{
	size_t o = 0;

	for (; *in && o + 1 < outlen; in++)
		if (*in >= 0x20 && *in < 0x7f)
			out[o++] = *in;
	out[o] = '\0';
}

/* REMOTE_ADDR as PostgreSQL's inet accepts it, or NULL (unix sockets). */
const char *
ip_address_or_null(const char *a)
{
	size_t i;

	if (a == NULL || *a == '\0' || strlen(a) > 45)
		return NULL;
	for (i = 0; a[i]; i++)
		if (!strchr("0123456789abcdefABCDEF.:", a[i]))
			return NULL;
	return a;
}

void
session_viewer_free(struct viewer *v)
{
	if (v == NULL)
		return;
	free(v->username);
	free(v->role);
	free(v->session_token);
	free(v);
}

int
session_load(struct request *req)
{
	/*
	 * With the menu's unread count while it is known to be right
	 * (sql/0014: counted, and nothing changed it since): a page then
	 * needs no query of its own for it.
	 */
	static const char *sql =
	    "SELECT u.id, u.account_id, a.username, u.role, "
	    "  s.last_used_at < now() - interval '1 hour', nc.unread "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "JOIN accounts a ON a.id = u.account_id "
	    "LEFT JOIN notification_unread_counts nc "
	    "  ON nc.account_id = u.account_id "
	    "  AND (nc.fresh_until IS NULL OR nc.fresh_until > now()) "
	    "  AND NOT EXISTS (SELECT 1 FROM notification_count_changes ch "
	    "  WHERE ch.account_id = u.account_id) "
	    "WHERE s.token_hash = $1 AND s.expires_at > now() "
	    "AND s.created_at > now() - make_interval(days => $2) "
	    "AND NOT u.disabled AND u.approved AND a.suspended_at IS NULL";
	/*
	 * Use moves the expiry on (session_days from now), but never past
	 * session_max_days after the sign-in.
	 */
	static const char *touch_sql =
	    "UPDATE sessions SET last_used_at = now(), "
	    "expires_at = least(now() + make_interval(days => $2), "
	    "  created_at + make_interval(days => $3)) "
	    "WHERE token_hash = $1 "
	    "RETURNING extract(epoch FROM expires_at - now())::bigint";
	char token[128];
	unsigned char hash[32];
	struct db_params p;
	PGresult *res;
	struct viewer *v;
	int stale;

	if (req_cookie(req, SESSION_COOKIE, token, sizeof(token)) == NULL ||
	    !token_shape_ok(token))
		return 0;
	sha256(token, strlen(token), hash);
	db_params_init(&p);
	dbp_bytes(&p, hash, sizeof(hash));
	dbp_int(&p, req->app->cf->session_max_days);
	if ((res = db_run(req->app->db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	v = xcalloc(1, sizeof(*v));
	v->user_id = db_int(res, 0, 0);
	v->account_id = db_int(res, 0, 1);
	v->username = xstrdup(PQgetvalue(res, 0, 2));
	v->role = xstrdup(PQgetvalue(res, 0, 3));
	v->session_token = xstrdup(token);
	if (db_val(res, 0, 5) != NULL) {
		v->notifications_unread_known = 1;
		v->notifications_unread = (long)db_int(res, 0, 5);
	}
	req->viewer = v;
	/* Sliding expiry, written at most hourly to spare the database. */
	stale = db_bool(res, 0, 4);
	PQclear(res);
	if (!stale)
		return 0;
	db_params_init(&p);
	dbp_bytes(&p, hash, sizeof(hash));
	dbp_int(&p, req->app->cf->session_days);
	dbp_int(&p, req->app->cf->session_max_days);
	if ((res = db_run(req->app->db, touch_sql, &p)) == NULL)
		return 0;	/* still signed in; the next request retries */
	if (PQntuples(res) == 1 && db_int(res, 0, 0) > 0)
		set_cookie(req, SESSION_COOKIE, token, (long)db_int(res, 0, 0));
	PQclear(res);
	return 0;
}

int
session_create(struct request *req, int64_t user_id)
{
	static const char *sql =
	    "INSERT INTO sessions (user_id, token_hash, ip, user_agent, "
	    "expires_at) VALUES ($1, $2, $3::inet, $4, "
	    "now() + make_interval(days => $5))";
	const struct config *cf = req->app->cf;
	int days = cf->session_days < cf->session_max_days ?
	    cf->session_days : cf->session_max_days;
	char token[TOKEN_CHARS];
	unsigned char hash[32];
	const char *ua = req_header(req, "User-Agent");
	char agent[256];
	struct db_params p;

	if (random_token(token, sizeof(token), TOKEN_BYTES) == -1)
		return -1;
	sha256(token, strlen(token), hash);
	printable_ascii(agent, sizeof(agent), ua ? ua : "");
	db_params_init(&p);
	dbp_int(&p, user_id);
	dbp_bytes(&p, hash, sizeof(hash));
	dbp_str(&p, ip_address_or_null(req->remote_addr));
	dbp_str(&p, agent);
	dbp_int(&p, days);
	if (db_exec(req->app->db, sql, &p) != 1)
		return -1;
	set_cookie(req, SESSION_COOKIE, token, (long)days * 86400);
	return 0;
}

int
session_destroy(struct request *req)
{
	set_cookie(req, SESSION_COOKIE, "", 0);
	return session_forget(req);
}

int
session_forget(struct request *req)
{
	static const char *sql = "DELETE FROM sessions WHERE token_hash = $1";
	unsigned char hash[32];
	struct db_params p;

	if (req->viewer == NULL)
		return 0;
	sha256(req->viewer->session_token, strlen(req->viewer->session_token),
	    hash);
	db_params_init(&p);
	dbp_bytes(&p, hash, sizeof(hash));
	return db_exec(req->app->db, sql, &p) == -1 ? -1 : 0;
}

/* What the token is bound to: the session, or the anonymous cookie. */
static const char *
csrf_binding(struct request *req, int create)
{
	char cookie[128], fresh[TOKEN_CHARS];

	if (req->viewer != NULL)
		return req->viewer->session_token;
	if (req->csrf_cookie != NULL)
		return req->csrf_cookie;
	if (req_cookie(req, CSRF_COOKIE, cookie, sizeof(cookie)) != NULL &&
	    token_shape_ok(cookie)) {
		req->csrf_cookie = xstrdup(cookie);
		return req->csrf_cookie;
	}
	if (!create)
		return NULL;
	if (random_token(fresh, sizeof(fresh), TOKEN_BYTES) == -1)
		return NULL;
	req->csrf_cookie = xstrdup(fresh);
	/* Lives as long as a session would: a form left open still works. */
	set_cookie(req, CSRF_COOKIE, fresh,
	    (long)req->app->cf->session_days * 86400);
	return req->csrf_cookie;
}

int
csrf_token(struct request *req, char out[65])
{
	const char *binding = csrf_binding(req, 1);

	out[0] = '\0';
	if (binding == NULL || req->app->secret == NULL)
		return -1;
	/* A page asks for it more than once: the HMAC is made once. */
	if (req->csrf_bound == NULL || strcmp(req->csrf_bound, binding) != 0) {
		hmac_sha256_hex(req->app->secret, binding, req->csrf_made);
		free(req->csrf_bound);
		req->csrf_bound = xstrdup(binding);
	}
	memcpy(out, req->csrf_made, sizeof(req->csrf_made));
	return 0;
}

int
csrf_check(struct request *req)
{
	const char *binding = csrf_binding(req, 0), *given;
	char want[65];

	if (binding == NULL || req->app->secret == NULL)
		return -1;
	/*
	 * From the form body only: a token in the query string would end up
	 * in logs, Referer headers and browser history.
	 */
	if (req_body_str(req, "authenticity_token", 64, &given) != 1)
		return -1;
	hmac_sha256_hex(req->app->secret, binding, want);
	return secure_streq(want, given) ? 0 : -1;
}
