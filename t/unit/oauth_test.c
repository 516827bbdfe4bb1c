/*
 * oauth_test: the rules OAuth requests are checked by: which redirect
 * URIs an application may register, how the code is added to one, PKCE's
 * S256, and the base64 the VAPID key and HTTP Basic credentials use.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"
#include "oauth.h"
#include "tap.h"

static int
uri_ok(const char *uri)
{
	return oauth_redirect_uri_problem(uri) == NULL;
}

static int
uri_says(const char *uri, const char *words)
{
	const char *why = oauth_redirect_uri_problem(uri);

	return why != NULL && !strcmp(why, words);
}

static int
redirect_is(const char *base, const char *state, const char *want)
{
	struct buf b = BUF_INIT;
	int same;

	buf_puts(&b, base);
	oauth_redirect_param(&b, "code", "abc");
	if (state != NULL)
		oauth_redirect_param(&b, "state", state);
	same = !strcmp(buf_cstr(&b), want);
	if (!same)
		printf("# got %s\n", buf_cstr(&b));
	buf_free(&b);
	return same;
}

int
main(void)
{
	unsigned char raw[128], point[65];
	char text[128];
	size_t n, i;

	/* Redirect URIs: any scheme apps use. */
	ok(uri_ok(OAUTH_OOB), "the out-of-band URN");
	ok(uri_ok("https://app.example/callback"), "https");
	ok(uri_ok("http://localhost:4000/cb?x=1"), "http, a port, a query");
	ok(uri_ok("oauth2redirect://woolly"), "a custom scheme with authority");
	ok(uri_ok("com.example.app:/oauth"), "a reverse-domain scheme, path");
	ok(uri_ok("HTTPS://APP.EXAMPLE/"), "schemes in any case");
	/* ...and what Doorkeeper refuses, in its words. */
	ok(uri_says("/callback", "must be an absolute URI."), "relative path");
	ok(uri_says("app.example/cb", "must be an absolute URI."),
	    "no scheme at all");
	ok(uri_says("https://app.example/cb#frag", "cannot contain a "
	    "fragment."), "a fragment");
	ok(uri_says("javascript://x/%0aalert(1)", "is forbidden by the "
	    "server."), "javascript:");
	ok(uri_says("DATA:text/html,hi", "is forbidden by the server."),
	    "data: in capitals");
	ok(uri_says("vbscript:x", "is forbidden by the server."),
	    "vbscript:");
	ok(uri_says("myapp:callback", "must specify a scheme."),
	    "an opaque URI");
	ok(uri_says("localhost:3000/cb", "must specify a scheme."),
	    "host:port read as a scheme");
	ok(uri_says("https:///cb", "must be a valid URI."), "https, no host");
	ok(uri_says("https://user@/cb", "must be a valid URI."),
	    "https, user but no host");
	ok(uri_says("https://app.example/a b", "must be a valid URI."),
	    "a space");
	ok(uri_says("https://app.example/\xc3\xa9", "must be a valid URI."),
	    "raw UTF-8");
	ok(uri_says("https://a.example/<x>", "must be a valid URI."),
	    "angle brackets");
	ok(uri_says("", "must be a valid URI."), "empty");
	ok(uri_says("urn:ietf:wg:oauth:2.0:oobx", "must specify a scheme."),
	    "a look-alike of the URN");

	/* Websites: http(s) with a host. */
	ok(oauth_website_valid("https://app.example"), "website https");
	ok(oauth_website_valid("http://app.example:8080/x"), "website http");
	ok(!oauth_website_valid("javascript:alert(1)"), "website script");
	ok(!oauth_website_valid("ftp://app.example"), "website ftp");
	ok(!oauth_website_valid("app.example"), "website without scheme");
	ok(!oauth_website_valid("https://"), "website without host");

	/* Adding the code (and state) to a redirect URI. */
	ok(redirect_is("https://a.example/cb", "xyz",
	    "https://a.example/cb?code=abc&state=xyz"), "a plain URI");
	ok(redirect_is("https://a.example/cb?x=1", NULL,
	    "https://a.example/cb?x=1&code=abc"), "a URI with a query");
	ok(redirect_is("https://a.example/cb?", NULL,
	    "https://a.example/cb?code=abc"), "a URI ending in '?'");
	ok(redirect_is("https://a.example/cb?x=1&", NULL,
	    "https://a.example/cb?x=1&code=abc"), "a URI ending in '&'");
	ok(redirect_is("myapp://cb", "a b&c=d",
	    "myapp://cb?code=abc&state=a%20b%26c%3Dd"), "state is encoded");

	/* PKCE S256 (pairs made with Python's hashlib). */
	ok(oauth_pkce_matches("dBjftJeZ4CVP-mJ92K9qfF8VAqvHdfCDuFZ0G6wAbwA",
	    "hCL2-qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6ws1M7ms"), "a verifier fits");
	ok(!oauth_pkce_matches("dBjftJeZ4CVP-mJ92K9qfF8VAqvHdfCDuFZ0G6wAbwB",
	    "hCL2-qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6ws1M7ms"), "another does not");
	ok(!oauth_pkce_matches("short", "hCL2-qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6"
	    "ws1M7ms"), "a verifier under 43 characters is refused");
	ok(!oauth_pkce_matches("hCL2-qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6ws1M7ms",
	    "hCL2-qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6ws1M7ms"),
	    "the challenge is not its own verifier (no plain method)");
	ok(oauth_pkce_challenge_valid(
	    "hCL2-qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6ws1M7ms"), "a challenge");
	ok(!oauth_pkce_challenge_valid(
	    "hCL2-qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6ws1M7m"), "42 characters");
	ok(!oauth_pkce_challenge_valid(
	    "hCL2+qkEWAJvW73UEr7RJ76QhEr3J_K8hHp6ws1M7ms"), "not base64url");

	/* base64: the VAPID key's padded base64url, Basic's decoding. */
	point[0] = 4;
	for (i = 1; i < sizeof(point); i++)
		point[i] = (unsigned char)(i - 1);
	ok(base64url_encode(point, sizeof(point), 1, text, sizeof(text)) == 0 &&
	    !strcmp(text, "BAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQl"
	    "JicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="), "padded base64url");
	ok(base64url_encode("ab", 2, 0, text, sizeof(text)) == 0 &&
	    !strcmp(text, "YWI"), "unpadded");
	ok(base64url_encode("abc", 3, 1, text, 4) == -1, "no room, no write");
	ok(base64_decode("aWQ6c2VjcmV0", raw, sizeof(raw), &n) == 0 &&
	    n == 9 && !memcmp(raw, "id:secret", 9), "decodes Basic's value");
	ok(base64_decode("aWQ6c2Vj", raw, sizeof(raw), &n) == 0 && n == 6,
	    "decodes without padding");
	ok(base64_decode("aWQ6c2VjcmV0Lg==", raw, sizeof(raw), &n) == 0 &&
	    n == 10, "decodes with padding");
	ok(base64_decode("aWQ6!2Vj", raw, sizeof(raw), &n) == -1,
	    "refuses a stray character");
	ok(base64_decode("aWQ6c", raw, sizeof(raw), &n) == -1,
	    "refuses a lone sixth character");
	ok(base64_decode("aWQ6c2VjcmV0", raw, 4, &n) == -1,
	    "refuses to overflow");
	ok(base64_decode("aQ===", raw, sizeof(raw), &n) == -1,
	    "refuses too much padding");

	/* A real P-256 key: the uncompressed point, 65 bytes. */
	{
		char *priv = NULL, *pub = NULL;

		ok(ec_p256_keypair(&priv, &pub) == 0 && pub != NULL &&
		    strlen(pub) == 88 && pub[0] == 'B' && pub[87] == '=' &&
		    strstr(priv, "PRIVATE KEY") != NULL,
		    "a P-256 key pair, public half as Mastodon shows it");
		ok(base64_decode(pub, raw, sizeof(raw), &n) == 0 && n == 65 &&
		    raw[0] == 4, "which decodes to an uncompressed point");
		free(priv);
		free(pub);
	}
	return done_testing();
}
