/*
 * oauth: registering applications, authenticating them, and making
 * authorization codes; plus the URI and PKCE rules they are checked by.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "oauth.h"

#define SECRET_BYTES 32		/* 43 characters of base64url */
#define PKCE_CHALLENGE_CHARS 43	/* base64url of a SHA-256, unpadded */
#define PKCE_VERIFIER_MIN 43
#define PKCE_VERIFIER_MAX 128

/* What Ruby's URI parser lets through: printable ASCII but a few. */
static int
uri_chars_valid(const char *uri)
{
	const char *p;
	int hashes = 0;

	for (p = uri; *p; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("<>\"{}|\\^`", *p) != NULL)
			return 0;
		if (*p == '#')
			hashes++;
	}
	return hashes <= 1;
}

/* The length of the scheme before ':' (RFC 3986), 0 when there is none. */
static size_t
scheme_length(const char *uri)
{
	size_t i;

	if (!isalpha((unsigned char)uri[0]))
		return 0;
	for (i = 1; uri[i] && uri[i] != ':'; i++)
		if (!isalnum((unsigned char)uri[i]) && !strchr("+-.", uri[i]))
			return 0;
	return uri[i] == ':' ? i : 0;
}

/* An authority's host is not empty: "//host", "//user@host:port". */
static int
has_host(const char *after_scheme)
{
	const char *h, *end;

	if (strncmp(after_scheme, "//", 2) != 0)
		return 0;
	h = after_scheme + 2;
	end = h + strcspn(h, "/?#");
	if (memchr(h, '@', (size_t)(end - h)) != NULL)
		h = (const char *)memchr(h, '@', (size_t)(end - h)) + 1;
	return h < end && *h != ':';
}

static int
scheme_is(const char *uri, size_t len, const char *name)
{
	return strlen(name) == len && !strncasecmp(uri, name, len);
}

/* Doorkeeper's RedirectUriValidator, as Mastodon configures it. */
const char *
oauth_redirect_uri_problem(const char *uri)
{
	size_t n;

	if (!strcmp(uri, OAUTH_OOB))
		return NULL;
	if (*uri == '\0' || !uri_chars_valid(uri))
		return "must be a valid URI.";
	if ((n = scheme_length(uri)) == 0)
		return "must be an absolute URI.";
	if (scheme_is(uri, n, "javascript") || scheme_is(uri, n, "data") ||
	    scheme_is(uri, n, "vbscript"))
		return "is forbidden by the server.";
	if (strchr(uri, '#') != NULL)
		return "cannot contain a fragment.";
	/* "localhost:3000/cb" and "name:opaque" have no real scheme. */
	if (uri[n + 1] != '/' || scheme_is(uri, n, "localhost"))
		return "must specify a scheme.";
	if ((scheme_is(uri, n, "http") || scheme_is(uri, n, "https")) &&
	    !has_host(uri + n + 1))
		return "must be a valid URI.";
	return NULL;
}

int
oauth_website_valid(const char *url)
{
	size_t n;

	if (!uri_chars_valid(url) || (n = scheme_length(url)) == 0)
		return 0;
	return (scheme_is(url, n, "http") || scheme_is(url, n, "https")) &&
	    has_host(url + n + 1);
}

void
oauth_redirect_param(struct buf *b, const char *name, const char *value)
{
	const char *s = buf_cstr(b);
	char last = b->len > 0 ? s[b->len - 1] : '\0';

	if (strchr(s, '?') == NULL)
		buf_putc(b, '?');
	else if (last != '?' && last != '&')
		buf_putc(b, '&');
	buf_url_arg(b, name);
	buf_putc(b, '=');
	buf_url_arg(b, value);
}

static int
base64url_text(const char *s, size_t min, size_t max, const char *extra)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && strchr(extra, s[i]) == NULL)
			return 0;
	return i >= min && i <= max;
}

int
oauth_pkce_challenge_valid(const char *challenge)
{
	return base64url_text(challenge, PKCE_CHALLENGE_CHARS,
	    PKCE_CHALLENGE_CHARS, "");
}

int
oauth_pkce_matches(const char *verifier, const char *challenge)
{
	unsigned char digest[32];
	char want[PKCE_CHALLENGE_CHARS + 1];

	/* RFC 7636 4.1: 43 to 128 unreserved characters. */
	if (!base64url_text(verifier, PKCE_VERIFIER_MIN, PKCE_VERIFIER_MAX,
	    ".~"))
		return 0;
	sha256(verifier, strlen(verifier), digest);
	if (base64url_encode(digest, sizeof(digest), 0, want,
	    sizeof(want)) == -1)
		return 0;
	return secure_streq(want, challenge);
}

void
oauth_app_free(struct oauth_app *app)
{
	size_t i;

	if (app == NULL)
		return;
	free(app->name);
	free(app->website);
	for (i = 0; i < app->nredirect_uris; i++)
		free(app->redirect_uris[i]);
	free(app->redirect_uris);
	free(app->scopes);
	free(app->client_id);
	memset(app, 0, sizeof(*app));
}

int
oauth_app_redirect_registered(const struct oauth_app *app, const char *uri)
{
	size_t i;

	for (i = 0; i < app->nredirect_uris; i++)
		if (!strcmp(app->redirect_uris[i], uri))
			return 1;
	return 0;
}

/* The columns every application query selects, in this order. */
#define APP_COLUMNS \
	"id, name, website, array_to_string(redirect_uris, E'\\n'), " \
	"scopes, client_id"

/* Fill app from a row of APP_COLUMNS (redirect URIs hold no spaces). */
static void
app_from_row(struct oauth_app *app, const PGresult *res, int row)
{
	const char *uris = PQgetvalue(res, row, 3), *p, *end;

	memset(app, 0, sizeof(*app));
	app->id = db_int(res, row, 0);
	app->name = db_dup(res, row, 1);
	app->website = db_dup(res, row, 2);
	for (p = uris; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		app->redirect_uris = xrealloc(app->redirect_uris,
		    (app->nredirect_uris + 1) * sizeof(char *));
		app->redirect_uris[app->nredirect_uris++] =
		    xstrndup(p, (size_t)(end - p));
	}
	app->scopes = db_dup(res, row, 4);
	app->client_id = db_dup(res, row, 5);
}

/* One application by a query of APP_COLUMNS: 1, 0 or -1. */
static int
app_query(struct db *db, const char *sql, struct db_params *p,
    struct oauth_app *app)
{
	PGresult *res;
	int found;

	if ((res = db_run(db, sql, p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		app_from_row(app, res, 0);
	PQclear(res);
	return found;
}

int
oauth_app_create(struct db *db, const char *name, const char *website,
    char *const *redirect_uris, size_t n, const char *scopes,
    struct oauth_app *app, char secret[OAUTH_TOKEN_SIZE])
{
	static const char *sql =
	    "INSERT INTO oauth_applications (name, website, redirect_uris, "
	    "scopes, client_id, client_secret_hash) "
	    "VALUES ($1, $2, $3::text[], $4, $5, $6) RETURNING " APP_COLUMNS;
	char client_id[OAUTH_TOKEN_SIZE];
	unsigned char hash[32];
	struct buf uris = BUF_INIT;
	struct db_params p;
	int rc;

	if (random_token(client_id, sizeof(client_id), SECRET_BYTES) == -1 ||
	    random_token(secret, OAUTH_TOKEN_SIZE, SECRET_BYTES) == -1)
		return -1;
	sha256(secret, strlen(secret), hash);
	db_text_array(&uris, redirect_uris, n);
	db_params_init(&p);
	dbp_str(&p, name);
	dbp_str(&p, website);
	dbp_str(&p, buf_cstr(&uris));
	dbp_str(&p, scopes);
	dbp_str(&p, client_id);
	dbp_bytes(&p, hash, sizeof(hash));
	rc = app_query(db, sql, &p, app);
	buf_free(&uris);
	return rc == 1 ? 0 : -1;
}

int
oauth_app_find(struct db *db, const char *client_id, struct oauth_app *app)
{
	static const char *sql =
	    "SELECT " APP_COLUMNS " FROM oauth_applications "
	    "WHERE client_id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_str(&p, client_id);
	return app_query(db, sql, &p, app);
}

int
oauth_app_by_id(struct db *db, int64_t id, struct oauth_app *app)
{
	static const char *sql =
	    "SELECT " APP_COLUMNS " FROM oauth_applications WHERE id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, id);
	return app_query(db, sql, &p, app);
}

int
oauth_app_authenticate(struct db *db, const char *client_id,
    const char *secret, struct oauth_app *app)
{
	static const char *sql =
	    "SELECT " APP_COLUMNS ", client_secret_hash = $2 "
	    "FROM oauth_applications WHERE client_id = $1";
	unsigned char hash[32];
	struct db_params p;
	PGresult *res;
	int found;

	/*
	 * Comparing digests leaks nothing useful about the secret: timing
	 * could at most reveal how a guess's SHA-256 starts.
	 */
	sha256(secret, strlen(secret), hash);
	db_params_init(&p);
	dbp_str(&p, client_id);
	dbp_bytes(&p, hash, sizeof(hash));
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	found = PQntuples(res) == 1 && db_bool(res, 0, 6);
	if (found)
		app_from_row(app, res, 0);
	PQclear(res);
	return found;
}

int
oauth_grant_create(struct db *db, int64_t app_id, int64_t user_id,
    const char *redirect_uri, const char *scopes, const char *challenge,
    char code[OAUTH_TOKEN_SIZE])
{
	static const char *sql =
	    "INSERT INTO oauth_access_grants (application_id, user_id, "
	    "code_hash, redirect_uri, scopes, code_challenge, expires_at) "
	    "VALUES ($1, $2, $3, $4, $5, $6, "
	    "  now() + make_interval(secs => $7))";
	unsigned char hash[32];
	struct db_params p;

	if (random_token(code, OAUTH_TOKEN_SIZE, SECRET_BYTES) == -1)
		return -1;
	sha256(code, strlen(code), hash);
	db_params_init(&p);
	dbp_int(&p, app_id);
	dbp_int(&p, user_id);
	dbp_bytes(&p, hash, sizeof(hash));
	dbp_str(&p, redirect_uri);
	dbp_str(&p, scopes);
	dbp_str(&p, challenge);
	dbp_int(&p, OAUTH_CODE_SECONDS);
	return db_exec(db, sql, &p) == 1 ? 0 : -1;
}
