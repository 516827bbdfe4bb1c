/*
 * bearer: finding the OAuth token of an API request and the user behind
 * it, in one indexed query per request.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bearer.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "params.h"
#include "request.h"
#include "session.h"

#define TOKEN_BYTES 32	/* 43 characters of base64url, as Mastodon's */

void
bearer_token_free(struct token *t)
{
	if (t == NULL)
		return;
	free(t->scopes);
	free(t);
}

/* Header first ("Bearer" in any case, as RFC 6750 allows), then query. */
void
bearer_take(struct request *req)
{
	const char *auth = req_header(req, "Authorization");
	const struct param *p;

	if (auth != NULL && !strncasecmp(auth, "Bearer ", 7)) {
		auth += 7;
		while (*auth == ' ')
			auth++;
		req->bearer = xstrdup(auth);
		return;
	}
	if ((p = params_find(&req->query_params, "access_token")) != NULL)
		req->bearer = xstrndup(p->value, p->len);
}

/* Our tokens are base64url; anything else cannot be one of them. */
static int
shape_ok(const char *t)
{
	size_t i;

	for (i = 0; t[i]; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') ||
		    (t[i] >= 'A' && t[i] <= 'Z') ||
		    (t[i] >= '0' && t[i] <= '9') || t[i] == '-' || t[i] == '_'))
			return 0;
	return i > 0 && i <= BEARER_MAX;
}

/* Note the use at most hourly: the settings page shows "last used". */
static void
touch(struct request *req, int64_t token_id)
{
	static const char *sql =
	    "UPDATE oauth_access_tokens SET last_used_at = now(), "
	    "last_used_ip = $2::inet WHERE id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, token_id);
	dbp_str(&p, ip_address_or_null(req->remote_addr));
	(void)db_exec(req->app->db, sql, &p);	/* a note, not a failure */
}

enum bearer_result
bearer_load(struct request *req)
{
	static const char *sql =
	    "SELECT t.id, coalesce(t.application_id, 0), t.scopes, "
	    "  t.user_id IS NOT NULL, u.id, u.account_id, a.username, "
	    "  u.role, (NOT u.disabled AND u.approved AND "
	    "  a.suspended_at IS NULL), "
	    "  coalesce(t.last_used_at < now() - interval '1 hour', true) "
	    "FROM oauth_access_tokens t "
	    "LEFT JOIN users u ON u.id = t.user_id "
	    "LEFT JOIN accounts a ON a.id = u.account_id "
	    "WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
	unsigned char hash[32];
	const char *given;
	struct db_params p;
	struct viewer *v;
	PGresult *res;
	int stale;

	if (req->bearer == NULL &&
	    req_body_str(req, "access_token", BEARER_MAX, &given) == 1)
		req->bearer = xstrdup(given);
	if (req->bearer == NULL)
		return BEARER_NONE;
	if (!shape_ok(req->bearer))
		return BEARER_INVALID;
	sha256(req->bearer, strlen(req->bearer), hash);
	db_params_init(&p);
	dbp_bytes(&p, hash, sizeof(hash));
	if ((res = db_run(req->app->db, sql, &p)) == NULL)
		return BEARER_ERROR;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return BEARER_INVALID;
	}
	if (db_bool(res, 0, 3) && !db_bool(res, 0, 8)) {
		PQclear(res);
		return BEARER_DISABLED;
	}
	req->token = xcalloc(1, sizeof(*req->token));
	req->token->id = db_int(res, 0, 0);
	req->token->app_id = db_int(res, 0, 1);
	req->token->scopes = xstrdup(PQgetvalue(res, 0, 2));
	if (db_bool(res, 0, 3)) {
		v = xcalloc(1, sizeof(*v));
		v->user_id = db_int(res, 0, 4);
		v->account_id = db_int(res, 0, 5);
		v->username = xstrdup(PQgetvalue(res, 0, 6));
		v->role = xstrdup(PQgetvalue(res, 0, 7));
		req->viewer = v;
	}
	stale = db_bool(res, 0, 9);
	PQclear(res);
	if (stale)
		touch(req, req->token->id);
	return BEARER_VALID;
}

int
bearer_issue(struct request *req, int64_t app_id, int64_t user_id,
    const char *scopes, char out[64], int64_t *created_at)
{
	static const char *sql =
	    "INSERT INTO oauth_access_tokens (application_id, user_id, "
	    "token_hash, scopes) VALUES (nullif($1::bigint, 0), "
	    "nullif($2::bigint, 0), $3, $4) "
	    "RETURNING extract(epoch FROM created_at)::bigint";
	unsigned char hash[32];
	struct db_params p;
	PGresult *res;

	if (random_token(out, 64, TOKEN_BYTES) == -1)
		return -1;
	sha256(out, strlen(out), hash);
	db_params_init(&p);
	dbp_int(&p, app_id);
	dbp_int(&p, user_id);
	dbp_bytes(&p, hash, sizeof(hash));
	dbp_str(&p, scopes);
	if ((res = db_run(req->app->db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	if (created_at != NULL)
		*created_at = db_int(res, 0, 0);
	PQclear(res);
	return 0;
}
