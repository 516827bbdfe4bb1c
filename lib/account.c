/*
 * account: loading accounts and creating local ones.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "outbox.h"
#include "log.h"

/* A stored file beats a remote URL; Mastodon's placeholder beats nothing. */
static char *
image_url(const char *base_url, const char *remote, const char *file,
    const char *missing)
{
	struct buf b = BUF_INIT;

	if (file != NULL && *file != '\0')
		buf_printf(&b, "%s/media/%s", base_url, file);
	else if (remote != NULL && *remote != '\0')
		buf_puts(&b, remote);
	else
		buf_printf(&b, "%s%s", base_url, missing);
	return buf_detach(&b);
}

void
account_from_row(struct account *a, const PGresult *res, int row, int col,
    const char *base_url)
{
	memset(a, 0, sizeof(*a));
	a->id = db_int(res, row, col + 0);
	a->username = xstrdup(PQgetvalue(res, row, col + 1));
	a->domain = db_dup(res, row, col + 2);
	if (a->domain != NULL) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "%s@%s", a->username, a->domain);
		a->acct = buf_detach(&b);
	} else
		a->acct = xstrdup(a->username);
	a->display_name = xstrdup(PQgetvalue(res, row, col + 3));
	a->note = xstrdup(PQgetvalue(res, row, col + 4));
	a->uri = xstrdup(PQgetvalue(res, row, col + 5));
	a->url = db_dup(res, row, col + 6);
	if (a->url == NULL)
		a->url = xstrdup(a->uri);
	a->avatar = image_url(base_url, db_val(res, row, col + 7),
	    db_val(res, row, col + 8), "/avatars/original/missing.png");
	a->header = image_url(base_url, db_val(res, row, col + 9),
	    db_val(res, row, col + 10), "/headers/original/missing.png");
	a->fields = xstrdup(PQgetvalue(res, row, col + 11));
	a->actor_type = xstrdup(PQgetvalue(res, row, col + 12));
	a->created_at = xstrdup(PQgetvalue(res, row, col + 13));
	a->last_status_at = db_dup(res, row, col + 14);
	a->locked = db_bool(res, row, col + 15);
	a->bot = db_bool(res, row, col + 16);
	a->discoverable = db_bool(res, row, col + 17);
	a->indexable = db_bool(res, row, col + 18);
	a->suspended = db_bool(res, row, col + 19);
	a->silenced = db_bool(res, row, col + 20);
	a->statuses_count = db_int(res, row, col + 21);
	a->followers_count = db_int(res, row, col + 22);
	a->following_count = db_int(res, row, col + 23);
	a->hide_collections = db_bool(res, row, col + 24);
}

void
account_free(struct account *a)
{
	if (a == NULL)
		return;
	free(a->username);
	free(a->domain);
	free(a->acct);
	free(a->display_name);
	free(a->note);
	free(a->uri);
	free(a->url);
	free(a->avatar);
	free(a->header);
	free(a->fields);
	free(a->actor_type);
	free(a->created_at);
	free(a->last_status_at);
	memset(a, 0, sizeof(*a));
}

static int
account_load(struct db *db, const char *base_url, const char *sql,
    const struct db_params *p, struct account *a)
{
	PGresult *res = db_run(db, sql, p);

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	account_from_row(a, res, 0, 0, base_url);
	PQclear(res);
	return 1;
}

int
account_by_id(struct db *db, const char *base_url, int64_t id,
    struct account *a)
{
	static const char *sql = "SELECT " ACCOUNT_COLUMNS " FROM "
	    ACCOUNT_JOIN " WHERE a.id = $1 AND " ACCOUNT_NOT_PENDING;
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, id);
	return account_load(db, base_url, sql, &p, a);
}

int
account_by_username(struct db *db, const char *base_url,
    const char *username, const char *domain, struct account *a)
{
	static const char *sql = "SELECT " ACCOUNT_COLUMNS " FROM "
	    ACCOUNT_JOIN " WHERE lower(a.username) = lower($1) "
	    "AND coalesce(lower(a.domain), '') = lower(coalesce($2, '')) "
	    "AND " ACCOUNT_NOT_PENDING;
	struct db_params p;

	db_params_init(&p);
	dbp_str(&p, username);
	dbp_str(&p, domain);
	return account_load(db, base_url, sql, &p, a);
}

int
account_by_ids(struct db *db, const char *base_url, const int64_t *ids,
    size_t n, struct account **out, size_t *nout)
{
	static const char *sql = "SELECT " ACCOUNT_COLUMNS " FROM "
	    "unnest($1::bigint[]) WITH ORDINALITY AS ids(id, ord) "
	    "JOIN " ACCOUNT_JOIN " ON a.id = ids.id "
	    "WHERE " ACCOUNT_NOT_PENDING " ORDER BY ids.ord";
	struct buf arr = BUF_INIT;
	struct db_params p;
	PGresult *res;
	int i, rows;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	db_int_array(&arr, ids, n);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&arr));
	res = db_run(db, sql, &p);
	buf_free(&arr);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	*out = xcalloc(rows ? (size_t)rows : 1, sizeof(**out));
	for (i = 0; i < rows; i++)
		account_from_row(&(*out)[i], res, i, 0, base_url);
	*nout = (size_t)rows;
	PQclear(res);
	return 0;
}

int
account_versions(struct db *db, const int64_t *ids, size_t n,
    struct account_version **out, size_t *nout)
{
	/* As account_by_ids picks them; xmin moves with every write. */
	static const char *sql = "SELECT a.id, "
	    "a.xmin::text || '.' || coalesce(st.xmin::text, '-') FROM "
	    "unnest($1::bigint[]) WITH ORDINALITY AS ids(id, ord) "
	    "JOIN " ACCOUNT_JOIN " ON a.id = ids.id "
	    "WHERE " ACCOUNT_NOT_PENDING " ORDER BY ids.ord";
	struct buf arr = BUF_INIT;
	struct db_params p;
	PGresult *res;
	int i, rows;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	db_int_array(&arr, ids, n);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&arr));
	res = db_run(db, sql, &p);
	buf_free(&arr);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	*out = xcalloc(rows ? (size_t)rows : 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].id = db_int(res, i, 0);
		snprintf((*out)[i].version, sizeof((*out)[i].version), "%s",
		    PQgetvalue(res, i, 1));
	}
	*nout = (size_t)rows;
	PQclear(res);
	return 0;
}

int
account_by_acct(struct db *db, const struct config *cf, const char *acct,
    struct account *a)
{
	char user[256];
	const char *at, *domain = NULL;
	size_t n;

	if (*acct == '@')
		acct++;
	at = strchr(acct, '@');
	n = at ? (size_t)(at - acct) : strlen(acct);
	if (n == 0 || n >= sizeof(user))
		return 0;
	memcpy(user, acct, n);
	user[n] = '\0';
	if (at != NULL) {
		domain = at + 1;
		if (*domain == '\0' || strchr(domain, '@') != NULL)
			return 0;
		if (!strcasecmp(domain, cf->domain))
			domain = NULL;
	}
	return account_by_username(db, cf->base_url, user, domain, a);
}

int
account_list_load(struct db *db, const char *base_url, const int64_t *ids,
    size_t n, int with_suspended, struct account_list *out)
{
	static const char *sql = "SELECT " ACCOUNT_COLUMNS " "
	    "FROM unnest($1::bigint[]) WITH ORDINALITY AS q(id, ord) "
	    "JOIN " ACCOUNT_JOIN " ON a.id = q.id "
	    "WHERE ($2 OR a.suspended_at IS NULL) AND " ACCOUNT_NOT_PENDING " "
	    "ORDER BY q.ord";
	struct db_params p;
	struct buf arr = BUF_INIT;
	PGresult *res;
	int i, rows;

	out->items = NULL;
	out->n = 0;
	if (n == 0)
		return 0;
	db_int_array(&arr, ids, n);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&arr));
	dbp_bool(&p, with_suspended);
	res = db_run(db, sql, &p);
	buf_free(&arr);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	out->items = xcalloc(rows ? (size_t)rows : 1, sizeof(*out->items));
	for (i = 0; i < rows; i++)
		account_from_row(&out->items[i], res, i, 0, base_url);
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

void
account_list_free(struct account_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		account_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int
account_resolve_mention(void *arg, const char *username, const char *domain,
    int64_t *account_id, char **url)
{
	struct account_mentions *m = arg;
	struct account a;

	/* Only accounts we know; remote lookups arrive with federation. */
	if (domain != NULL && strcasecmp(domain, m->cf->domain) == 0)
		domain = NULL;
	if (account_by_username(m->db, m->cf->base_url, username, domain,
	    &a) != 1)
		return -1;
	*account_id = a.id;
	*url = xstrdup(a.url);
	account_free(&a);
	return 0;
}

int
account_username_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return i >= 1 && i <= 30;
}

enum account_create_result
account_create_local(struct db *db, const struct config *cf,
    const struct account_new *n, int64_t *account_id, int64_t *user_id)
{
	static const char *account_sql =
	    "INSERT INTO accounts (username, uri, url, inbox_url, outbox_url, "
	    "followers_url, following_url, featured_url, shared_inbox_url, "
	    "public_key_id, public_key, private_key) "
	    "VALUES ($1, $2 || '/users/' || $1, $2 || '/@' || $1, "
	    "$2 || '/users/' || $1 || '/inbox', "
	    "$2 || '/users/' || $1 || '/outbox', "
	    "$2 || '/users/' || $1 || '/followers', "
	    "$2 || '/users/' || $1 || '/following', "
	    "$2 || '/users/' || $1 || '/collections/featured', "
	    "$2 || '/inbox', $2 || '/users/' || $1 || '#main-key', $3, $4) "
	    "RETURNING id";
	static const char *taken_sql =
	    "SELECT EXISTS (SELECT 1 FROM accounts WHERE lower(username) = "
	    "lower($1) AND coalesce(lower(domain), '') = ''), "
	    "EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($2))";
	static const char *user_sql =
	    "INSERT INTO users (account_id, email, password_hash, role, "
	    "approved, confirmed_at, sign_up_ip, sign_up_reason) "
	    "VALUES ($1, $2, $3, $4, $5, now(), $6::inet, $7) RETURNING id";
	char *private_pem = NULL, *public_pem = NULL, *hash = NULL;
	struct db_params p;
	PGresult *res;
	enum account_create_result rc = ACCOUNT_ERROR;

	/*
	 * A taken name or address is answered before the slow parts (the
	 * password hash and the key pair); the unique indexes still decide
	 * races between two sign-ups.
	 */
	db_params_init(&p);
	dbp_str(&p, n->username);
	dbp_str(&p, n->email);
	if ((res = db_run(db, taken_sql, &p)) == NULL)
		return ACCOUNT_ERROR;
	if (db_bool(res, 0, 0))
		rc = ACCOUNT_USERNAME_TAKEN;
	else if (db_bool(res, 0, 1))
		rc = ACCOUNT_EMAIL_TAKEN;
	PQclear(res);
	if (rc != ACCOUNT_ERROR)
		return rc;
	if ((hash = password_hash(n->password)) == NULL)
		return ACCOUNT_ERROR;
	if (rsa_keypair(&private_pem, &public_pem) == -1) {
		log_warnx("RSA key generation failed");
		free(hash);
		return ACCOUNT_ERROR;
	}
	if (db_begin(db) == -1)
		goto done;
	db_params_init(&p);
	dbp_str(&p, n->username);
	dbp_str(&p, cf->base_url);
	dbp_str(&p, public_pem);
	dbp_str(&p, private_pem);
	if ((res = db_run(db, account_sql, &p)) == NULL) {
		if (!strcmp(db_last_sqlstate(db), SQLSTATE_UNIQUE_VIOLATION))
			rc = ACCOUNT_USERNAME_TAKEN;
		goto rollback;
	}
	*account_id = db_int(res, 0, 0);
	PQclear(res);
	db_params_init(&p);
	dbp_int(&p, *account_id);
	dbp_str(&p, n->email);
	dbp_str(&p, hash);
	dbp_str(&p, n->role ? n->role : "user");
	dbp_bool(&p, n->approved);
	dbp_str(&p, n->ip && *n->ip ? n->ip : NULL);
	dbp_str(&p, n->reason);
	if ((res = db_run(db, user_sql, &p)) == NULL) {
		if (!strcmp(db_last_sqlstate(db), SQLSTATE_UNIQUE_VIOLATION))
			rc = ACCOUNT_EMAIL_TAKEN;
		goto rollback;
	}
	*user_id = db_int(res, 0, 0);
	PQclear(res);
	if (db_commit(db) == -1)
		goto rollback;
	rc = ACCOUNT_CREATED;
	goto done;
rollback:
	db_rollback(db);
done:
	free(hash);
	free(private_pem);
	free(public_pem);
	return rc;
}

/*
 * A locked account approves its followers: following it makes a follow
 * request (and tells it so) instead of a follow. An existing follow stays.
 */
enum follow_result
account_follow(struct db *db, const struct config *cf, int64_t follower,
    int64_t target)
{
	return account_follow_with(db, cf, follower, target, NULL);
}

/* $3 reblogs, $4 notify (NULL: keep), $5 languages given, $6 them. */
static void
follow_option_params(struct db_params *p, const struct follow_options *o,
    struct buf *langs)
{
	if (o->reblogs >= 0)
		dbp_bool(p, o->reblogs);
	else
		dbp_str(p, NULL);
	if (o->notify >= 0)
		dbp_bool(p, o->notify);
	else
		dbp_str(p, NULL);
	dbp_bool(p, o->languages_given);
	if (o->languages_given && o->nlanguages > 0) {
		db_text_array(langs, (char *const *)o->languages,
		    o->nlanguages);
		dbp_str(p, buf_cstr(langs));
	} else
		dbp_str(p, NULL);	/* every language */
}

/*
 * Insert the follow or request (RETURNING its uri) and, in the same
 * transaction, send the Follow when the target is remote. 0 or -1.
 */
static int
insert_follow(struct db *db, const char *sql, const struct db_params *p,
    int64_t follower, int64_t target)
{
	PGresult *res;

	if (db_begin(db) == -1)
		return -1;
	if ((res = db_run(db, sql, p)) == NULL)
		goto rollback;
	if (PQntuples(res) == 1 && outbox_followed(db, follower, target,
	    db_val(res, 0, 0), 0) == -1) {
		PQclear(res);
		goto rollback;
	}
	PQclear(res);
	if (db_commit(db) == 0)
		return 0;
rollback:
	db_rollback(db);
	return -1;
}

enum follow_result
account_follow_with(struct db *db, const struct config *cf, int64_t follower,
    int64_t target, const struct follow_options *opts)
{
	static const char *target_sql =
	    "SELECT t.locked OR t.domain IS NOT NULL, "
	    "EXISTS (SELECT 1 FROM follows f WHERE f.account_id = $1 "
	    "  AND f.target_account_id = t.id), "
	    "EXISTS (SELECT 1 FROM follow_requests r WHERE r.account_id = $1 "
	    "  AND r.target_account_id = t.id), "
	    "EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = $1 "
	    "  AND b.target_account_id = t.id) OR (b.account_id = t.id "
	    "  AND b.target_account_id = $1)) "
	    "FROM accounts t WHERE t.id = $2";
	/* Following again changes only the options that were given. */
	static const char *update_follow_sql =
	    "UPDATE follows SET show_reblogs = coalesce($3, show_reblogs), "
	    "notify = coalesce($4, notify), languages = CASE WHEN $5 "
	    "THEN $6::text[] ELSE languages END "
	    "WHERE account_id = $1 AND target_account_id = $2";
	static const char *update_request_sql =
	    "UPDATE follow_requests SET show_reblogs = coalesce($3, "
	    "show_reblogs), notify = coalesce($4, notify), languages = "
	    "CASE WHEN $5 THEN $6::text[] ELSE languages END "
	    "WHERE account_id = $1 AND target_account_id = $2";
	/* The target is told by a trigger (sql/0011_notifications.sql). */
	static const char *follow_sql =
	    "INSERT INTO follows (account_id, target_account_id, uri, "
	    "show_reblogs, notify, languages) VALUES ($1, $2, "
	    "$7 || '/' || timestamp_id('follows'), coalesce($3, true), "
	    "coalesce($4, false), CASE WHEN $5 THEN $6::text[] END) "
	    "ON CONFLICT (account_id, target_account_id) DO NOTHING "
	    "RETURNING uri";
	static const char *request_sql =
	    "INSERT INTO follow_requests (account_id, target_account_id, uri, "
	    "show_reblogs, notify, languages) VALUES ($1, $2, "
	    "$7 || '/' || timestamp_id('follow_requests'), "
	    "coalesce($3, true), coalesce($4, false), "
	    "CASE WHEN $5 THEN $6::text[] END) "
	    "ON CONFLICT (account_id, target_account_id) DO NOTHING "
	    "RETURNING uri";
	static const struct follow_options none = FOLLOW_OPTIONS_NONE;
	struct db_params p;
	struct buf uri = BUF_INIT, langs = BUF_INIT;
	PGresult *res;
	const char *sql;
	int locked, following, requested, blocked;
	enum follow_result rc;

	if (opts == NULL)
		opts = &none;
	db_params_init(&p);
	dbp_int(&p, follower);
	dbp_int(&p, target);
	if ((res = db_run(db, target_sql, &p)) == NULL)
		return FOLLOW_ERROR;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return FOLLOW_ERROR;
	}
	locked = db_bool(res, 0, 0);
	following = db_bool(res, 0, 1);
	requested = db_bool(res, 0, 2);
	blocked = db_bool(res, 0, 3);
	PQclear(res);
	if (blocked)
		return FOLLOW_NOT_ALLOWED;
	follow_option_params(&p, opts, &langs);
	if (following) {
		sql = update_follow_sql;
		rc = FOLLOW_DONE;
	} else if (requested) {
		sql = update_request_sql;
		rc = FOLLOW_REQUESTED;
	} else {
		buf_printf(&uri, "%s/follows", cf->base_url);
		dbp_str(&p, buf_cstr(&uri));
		sql = locked ? request_sql : follow_sql;
		rc = locked ? FOLLOW_REQUESTED : FOLLOW_DONE;
	}
	if (following || requested) {
		if (db_exec(db, sql, &p) == -1)
			rc = FOLLOW_ERROR;
	} else if (insert_follow(db, sql, &p, follower, target) == -1)
		rc = FOLLOW_ERROR;
	buf_free(&uri);
	buf_free(&langs);
	return rc;
}

/*
 * Unfollowing also withdraws a follow request that is still waiting; the
 * notification either made goes with it (a trigger of sql/0011).
 */
int
account_unfollow(struct db *db, int64_t follower, int64_t target)
{
	static const char *sql =
	    "WITH r AS (DELETE FROM follow_requests WHERE account_id = $1 "
	    "AND target_account_id = $2 RETURNING uri), "
	    "f AS (DELETE FROM follows WHERE account_id = $1 "
	    "AND target_account_id = $2 RETURNING uri) "
	    "SELECT uri FROM r UNION ALL SELECT uri FROM f";
	struct db_params p;
	PGresult *res;
	int i;

	if (db_begin(db) == -1)
		return -1;
	db_params_init(&p);
	dbp_int(&p, follower);
	dbp_int(&p, target);
	if ((res = db_run(db, sql, &p)) == NULL)
		goto rollback;
	for (i = 0; i < PQntuples(res); i++)
		if (outbox_followed(db, follower, target, db_val(res, i, 0),
		    1) == -1) {
			PQclear(res);
			goto rollback;
		}
	PQclear(res);
	if (db_commit(db) == 0)
		return 0;
rollback:
	db_rollback(db);
	return -1;
}

/* Does a row (follower, target) exist in the relation sql reads? */
static int
relation_exists(struct db *db, const char *sql, int64_t follower,
    int64_t target)
{
	struct db_params p;
	PGresult *res;
	int n;

	db_params_init(&p);
	dbp_int(&p, follower);
	dbp_int(&p, target);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	n = PQntuples(res) > 0;
	PQclear(res);
	return n;
}

int
account_follow_requested(struct db *db, int64_t follower, int64_t target)
{
	static const char *sql = "SELECT 1 FROM follow_requests "
	    "WHERE account_id = $1 AND target_account_id = $2";

	return relation_exists(db, sql, follower, target);
}

int
account_follow_state(struct db *db, int64_t follower, int64_t target,
    int *following, int *requested)
{
	static const char *sql = "SELECT EXISTS (SELECT 1 FROM follows "
	    "WHERE account_id = $1 AND target_account_id = $2), "
	    "EXISTS (SELECT 1 FROM follow_requests "
	    "WHERE account_id = $1 AND target_account_id = $2)";
	struct db_params p;
	PGresult *res;

	*following = *requested = 0;
	db_params_init(&p);
	dbp_int(&p, follower);
	dbp_int(&p, target);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	*following = db_bool(res, 0, 0);
	*requested = db_bool(res, 0, 1);
	PQclear(res);
	return 0;
}

int
account_is_following(struct db *db, int64_t follower, int64_t target)
{
	static const char *sql = "SELECT 1 FROM follows "
	    "WHERE account_id = $1 AND target_account_id = $2";

	return relation_exists(db, sql, follower, target);
}
