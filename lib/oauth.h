/*
 * oauth: OAuth2 applications and authorization codes, as Mastodon
 * (Doorkeeper) keeps them. An application registers its name, redirect
 * URIs and scopes and gets a client id and secret; a user's consent makes
 * a short-lived, single-use code bound to the redirect URI and, with
 * PKCE, to the client's challenge. Only SHA-256 digests of secrets and
 * codes are stored. Tokens themselves are cgi/bearer.c's.
 */
#ifndef WOOLLY_OAUTH_H
#define WOOLLY_OAUTH_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;

/* The redirect URI that asks for the code on a page instead. */
#define OAUTH_OOB		"urn:ietf:wg:oauth:2.0:oob"
/* Mastodon's limits (OAuth::Application): the name; the redirect URIs,
 * all of them joined by newlines; the website. */
#define OAUTH_APP_NAME_MAX	60
#define OAUTH_REDIRECT_URI_MAX	2000
#define OAUTH_WEBSITE_MAX	2000
/* Longest client id, secret or code taken from a client (ours are 43). */
#define OAUTH_SECRET_MAX	128
/* A code lives 10 minutes, as Doorkeeper's do. */
#define OAUTH_CODE_SECONDS	600
/* Room for a client id, secret or code (43 characters and the NUL). */
#define OAUTH_TOKEN_SIZE	64

/*
 * Why one redirect URI cannot be registered, in Doorkeeper's words
 * ("must be an absolute URI."), or NULL when it can: any scheme with a
 * path or authority (https://, custom schemes such as myapp://), or the
 * out-of-band URN; never a fragment, a relative reference or a script.
 */
const char	*oauth_redirect_uri_problem(const char *uri);
/* 1 when a website is an http or https URL with a host. */
int		 oauth_website_valid(const char *url);
/*
 * Append name=value (URL-encoded) to the query of the redirect URI being
 * built in b, with '?' or '&' as its query so far needs.
 */
void		 oauth_redirect_param(struct buf *b, const char *name,
		    const char *value);

/* PKCE (RFC 7636), S256 only. A challenge is 43 base64url characters. */
int		 oauth_pkce_challenge_valid(const char *challenge);
/* 1 when the verifier has RFC 7636's shape and hashes to the challenge. */
int		 oauth_pkce_matches(const char *verifier,
		    const char *challenge);

struct oauth_app {
	int64_t	 id;
	char	*name;
	char	*website;		/* NULL when none */
	char	**redirect_uris;
	size_t	 nredirect_uris;
	char	*scopes;		/* space-separated, normalised */
	char	*client_id;
};

void	oauth_app_free(struct oauth_app *);
/* 1 when uri is exactly one of the application's redirect URIs. */
int	oauth_app_redirect_registered(const struct oauth_app *,
	    const char *uri);

/*
 * Register an application (its fields already validated): fills app and
 * the client secret, shown this once. 0 or -1.
 */
int	oauth_app_create(struct db *, const char *name, const char *website,
	    char *const *redirect_uris, size_t n, const char *scopes,
	    struct oauth_app *app, char secret[OAUTH_TOKEN_SIZE]);
/* By client id or by id: 1 found (app filled), 0 not, -1 error. */
int	oauth_app_find(struct db *, const char *client_id,
	    struct oauth_app *);
int	oauth_app_by_id(struct db *, int64_t id, struct oauth_app *);
/*
 * Client authentication: 1 when client_id names an application whose
 * secret this is (compared in constant time), 0 when not, -1 on error.
 */
int	oauth_app_authenticate(struct db *, const char *client_id,
	    const char *secret, struct oauth_app *);

/*
 * A new authorization code for a user's consent, valid for
 * OAUTH_CODE_SECONDS; challenge is NULL without PKCE. 0 or -1.
 */
int	oauth_grant_create(struct db *, int64_t app_id, int64_t user_id,
	    const char *redirect_uri, const char *scopes,
	    const char *challenge, char code[OAUTH_TOKEN_SIZE]);

#endif
