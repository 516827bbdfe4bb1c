/*
 * sign_in: one check of a login name and password for the web form and
 * the OAuth password grant alike, under the same limits.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "ratelimit.h"
#include "session.h"
#include "sign_in.h"

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
	char client[RATELIMIT_CLIENT_MAX], lower[SIGN_IN_LOGIN_MAX + 1];
	char hex[65];
	unsigned char digest[32];
	size_t i;

	if (user != NULL && PQntuples(user) == 1)
		buf_printf(&lb->account, "login:account:%s",
		    PQgetvalue(user, 0, 0));
	else {
		/* Unknown names share a budget too, kept short by hashing. */
		for (i = 0; login[i] && i < SIGN_IN_LOGIN_MAX; i++)
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

/* The person is in: note when and from where, for their account page. */
static void
record_sign_in(struct request *req, int64_t user_id)
{
	static const char *sql =
	    "UPDATE users SET last_sign_in_at = now(), "
	    "last_sign_in_ip = $2::inet WHERE id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, user_id);
	dbp_str(&p, ip_address_or_null(req->remote_addr));
	(void)db_exec(req->app->db, sql, &p);	/* a note, not a failure */
}

enum sign_in_result
sign_in_check(struct request *req, const char *login, const char *password,
    int64_t *user_id)
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
	/*
	 * Verified against when there is no such user, so that a wrong name
	 * costs as much time as a wrong password (made once per worker).
	 */
	static char *dummy_hash;
	const struct config *cf = req->app->cf;
	struct login_buckets lb;
	struct db_params p;
	PGresult *res = NULL;
	const char *hash;
	enum sign_in_result rc;
	int matched, under_attack;

	/* A client over its limit costs no further query. */
	login_buckets_init(req, &lb);
	if (!take_try(req, &lb.client, cf->login_ip_limit)) {
		login_buckets_free(&lb);
		return SIGN_IN_LIMITED;
	}
	db_params_init(&p);
	dbp_str(&p, login);
	if ((res = db_run(req->app->db, strchr(login, '@') ? by_email_sql :
	    by_username_sql, &p)) == NULL) {
		give_back(req, &lb.client);
		login_buckets_free(&lb);
		return SIGN_IN_ERROR;
	}
	login_buckets_account(req, &lb, res, login);
	under_attack = ratelimit_count(req->app->db, req->app->cache,
	    buf_cstr(&lb.account)) >= cf->login_account_limit;
	if (under_attack && !take_try(req, &lb.pair, LOGIN_PAIR_LIMIT)) {
		give_back(req, &lb.client);
		rc = SIGN_IN_LIMITED;
		goto done;
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
		rc = SIGN_IN_WRONG;
		goto done;
	}
	/* The right password is no failure: the tries are given back. */
	give_back(req, &lb.client);
	if (under_attack)
		give_back(req, &lb.pair);
	*user_id = db_int(res, 0, 0);
	if (db_bool(res, 0, 3) || db_bool(res, 0, 4)) {
		rc = SIGN_IN_DISABLED;
		goto done;
	}
	if (!db_bool(res, 0, 2)) {
		rc = SIGN_IN_UNAPPROVED;
		goto done;
	}
	/* The owner is in: the account is no longer under attack. */
	ratelimit_clear(req->app->db, req->app->cache, buf_cstr(&lb.account));
	ratelimit_clear(req->app->db, req->app->cache, buf_cstr(&lb.pair));
	record_sign_in(req, *user_id);
	rc = SIGN_IN_OK;
done:
	PQclear(res);
	login_buckets_free(&lb);
	return rc;
}
