/*
 * httpsig_test: HTTP signatures reproduce the published vectors byte for
 * byte (t/unit/httpsig/VECTORS.txt: draft-cavage C.1 and C.2, RFC 9421
 * section 4.3 and B.2.6, with their keys), verify what they should, and
 * refuse tampering and malformed headers with a reason, never a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "buf.h"
#include "crypto.h"
#include "httpsig.h"
#include "structured_fields.h"
#include "tap.h"

#ifndef TEST_DATA_DIR
#define TEST_DATA_DIR "t/unit/httpsig"
#endif

#define BODY "{\"hello\": \"world\"}"

static char *vectors;

static char *
read_file(const char *name)
{
	char path[512];
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	if ((fp = fopen(path, "r")) == NULL) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	return buf_detach(&b);
}

static struct httpsig_key *
key_file(const char *name)
{
	char reason[HTTPSIG_REASON_MAX] = "";
	char *pem = read_file(name);
	struct httpsig_key *key = httpsig_key_from_pem(pem, reason,
	    sizeof(reason));

	if (!ok(key != NULL, "key %s loads", name))
		printf("# %s\n", reason);
	free(pem);
	return key;
}

/* The text of "== name ==" up to the next section. */
static char *
section(const char *name)
{
	char head[128];
	const char *start, *end;

	snprintf(head, sizeof(head), "\n== %s ", name);
	if ((start = strstr(vectors, head)) == NULL) {
		printf("Bail out! no section %s in VECTORS.txt\n", name);
		exit(1);
	}
	start++;
	end = strstr(start + 1, "\n== ");
	return xstrndup(start, end ? (size_t)(end - start + 1) :
	    strlen(start));
}

/* The line starting with prefix, without the prefix and the newline. */
static char *
line_value(const char *sec, const char *prefix)
{
	const char *p = sec;

	while ((p = strstr(p, prefix)) != NULL) {
		if (p == sec || p[-1] == '\n')
			return xstrndup(p + strlen(prefix),
			    strcspn(p + strlen(prefix), "\n"));
		p++;
	}
	printf("Bail out! no line '%s'\n", prefix);
	exit(1);
}

/* The line after the one starting with prefix. */
static char *
line_after(const char *sec, const char *prefix)
{
	char *line = line_value(sec, prefix);
	const char *p = strstr(sec, line) + strlen(line) + 1;

	free(line);
	return xstrndup(p, strcspn(p, "\n"));
}

/* The lines between the line starting with from and the one with to. */
static char *
lines_between(const char *sec, const char *from, const char *to)
{
	const char *p = strstr(sec, from), *end;

	if (p == NULL || (p = strchr(p, '\n')) == NULL ||
	    (end = strstr(p, to)) == NULL) {
		printf("Bail out! no block %s .. %s\n", from, to);
		exit(1);
	}
	p++;
	return xstrndup(p, (size_t)(end - p - 1));	/* no last newline */
}

/* The cavage request of Appendix C. */
static const struct httpsig_header cavage_headers[] = {
	{ "Host", "example.com" },
	{ "Date", "Sun, 05 Jan 2014 21:31:40 GMT" },
	{ "Content-Type", "application/json" },
	{ "Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=" },
	{ "Content-Length", "18" },
};
static const struct httpsig_request cavage_request = {
	"POST", "https", "example.com", "/foo?param=value&pet=dog",
	cavage_headers, 5
};
#define CAVAGE_NOW 1388957500	/* Sun, 05 Jan 2014 21:31:40 GMT */

static void
test_cavage_vector(const char *name, const char *headers,
    struct httpsig_key *priv, struct httpsig_key *pub)
{
	char *sec = section(name);
	char *want_string = lines_between(sec, "signing string",
	    "signature (base64");
	char *want_sig = line_after(sec, "signature (base64");
	char *want_header = line_value(sec, "Signature: ");
	char reason[HTTPSIG_REASON_MAX] = "";
	struct httpsig_signature sig;
	struct buf s = BUF_INIT;
	char *header;

	header = httpsig_cavage_sign_request(&cavage_request, headers, priv,
	    "Test", reason, sizeof(reason));
	is_str(header, want_header, "the signed header is the vector's");
	ok(strstr(want_header, want_sig) != NULL,
	    "%s: (the vector's header holds its signature)", name);
	ok(httpsig_cavage_parse(want_header, &sig, reason,
	    sizeof(reason)) == 0, "%s: the vector's header parses", name);
	is_str(sig.key_id, "Test", "keyId");
	is_int(sig.alg, HTTPSIG_ALG_RSA_V1_5_SHA256, "algorithm rsa-sha256");
	ok(httpsig_signing_string(&cavage_request, &sig, &s, reason,
	    sizeof(reason)) == 0, "%s: signing string built", name);
	is_str(buf_cstr(&s), want_string, "the signing string is the vector's");
	if (!ok(httpsig_verify(&cavage_request, &sig, pub, CAVAGE_NOW, reason,
	    sizeof(reason)) == 0, "%s: verifies with the public key", name))
		printf("# %s\n", reason);
	httpsig_signature_free(&sig);
	buf_free(&s);
	free(header);
	free(sec);
	free(want_string);
	free(want_sig);
	free(want_header);
}

static void
test_cavage_sign_and_check(struct httpsig_key *priv, struct httpsig_key *pub)
{
	char reason[HTTPSIG_REASON_MAX] = "", *header, *digest;
	struct httpsig_header h[4];
	struct httpsig_request req = { "POST", "https", "example.com",
	    "/users/alice/inbox", h, 4 };
	struct httpsig_signature sig;

	digest = httpsig_digest(BODY, strlen(BODY));
	is_str(digest, cavage_headers[3].value, "Digest of the vector's body");
	header = httpsig_cavage_sign("POST", "/users/alice/inbox",
	    "example.com", cavage_headers[1].value, digest, priv, "Test",
	    reason, sizeof(reason));
	ok(header != NULL && strstr(header, "headers=\"(request-target) host "
	    "date digest\"") != NULL, "outgoing POST signs target, host, date "
	    "and digest");
	h[0] = (struct httpsig_header){ "Host", "example.com" };
	h[1] = (struct httpsig_header){ "Date", cavage_headers[1].value };
	h[2] = (struct httpsig_header){ "Digest", digest };
	h[3] = (struct httpsig_header){ "Signature", header };
	ok(httpsig_parse(&req, &sig, reason, sizeof(reason)) == 0 &&
	    sig.scheme == HTTPSIG_CAVAGE, "httpsig_parse finds the cavage "
	    "signature");
	ok(httpsig_check_coverage(&req, &sig, reason, sizeof(reason)) == 0,
	    "it covers what an inbox requires");
	ok(httpsig_verify(&req, &sig, pub, CAVAGE_NOW, reason,
	    sizeof(reason)) == 0, "and verifies");
	ok(httpsig_digest_check(digest, NULL, BODY, strlen(BODY), reason,
	    sizeof(reason)) == 0, "the digest matches the body");
	httpsig_signature_free(&sig);

	/* The same request to another inbox: the signature must fail. */
	req.target = "/users/bob/inbox";
	httpsig_parse(&req, &sig, reason, sizeof(reason));
	ok(httpsig_verify(&req, &sig, pub, CAVAGE_NOW, reason,
	    sizeof(reason)) == -1 && strstr(reason, "does not match"),
	    "another target: refused (%s)", reason);
	httpsig_signature_free(&sig);
	req.target = "/users/alice/inbox";

	/* A changed Date. */
	h[1].value = "Sun, 05 Jan 2014 21:31:41 GMT";
	httpsig_parse(&req, &sig, reason, sizeof(reason));
	ok(httpsig_verify(&req, &sig, pub, CAVAGE_NOW, reason,
	    sizeof(reason)) == -1, "a changed Date: refused");
	httpsig_signature_free(&sig);
	h[1].value = cavage_headers[1].value;

	/* A GET signs no digest. */
	free(header);
	header = httpsig_cavage_sign("GET", "/users/alice", "example.com",
	    cavage_headers[1].value, NULL, priv, "Test", reason,
	    sizeof(reason));
	ok(header != NULL && strstr(header, "headers=\"(request-target) host "
	    "date\"") != NULL, "outgoing GET signs target, host and date");
	h[3].value = header;
	req.method = "GET";
	req.target = "/users/alice";
	req.nheaders = 4;
	httpsig_parse(&req, &sig, reason, sizeof(reason));
	ok(httpsig_check_coverage(&req, &sig, reason, sizeof(reason)) == 0 &&
	    httpsig_verify(&req, &sig, pub, CAVAGE_NOW, reason,
	    sizeof(reason)) == 0, "the signed GET verifies");
	httpsig_signature_free(&sig);
	/* The same signature presented on a POST lacks the digest. */
	req.method = "POST";
	httpsig_parse(&req, &sig, reason, sizeof(reason));
	ok(httpsig_check_coverage(&req, &sig, reason, sizeof(reason)) == -1 &&
	    strstr(reason, "digest"), "a POST without a signed digest: "
	    "refused (%s)", reason);
	httpsig_signature_free(&sig);
	free(header);
	free(digest);
}

static void
test_cavage_refusals(struct httpsig_key *cavage_pub,
    struct httpsig_key *ed_priv, struct httpsig_key *ed_pub)
{
	char reason[HTTPSIG_REASON_MAX] = "", *header;
	struct httpsig_signature sig;
	struct httpsig_header h[3] = {
		{ "host", "example.com" }, { "date", cavage_headers[1].value },
		{ "authorization", NULL }
	};
	struct httpsig_request req = { "GET", "https", "example.com", "/a", h,
	    3 };

	/* hs2019 with an Ed25519 key, carried in Authorization. */
	header = httpsig_cavage_sign_request(&req, "(request-target) host "
	    "date", ed_priv, "https://example.com/key#ed", reason,
	    sizeof(reason));
	ok(header && strstr(header, "algorithm=\"hs2019\""), "an Ed25519 key "
	    "signs as hs2019");
	{
		struct buf a = BUF_INIT;

		buf_printf(&a, "Signature %s", header ? header : "");
		h[2].value = a.data;
		ok(httpsig_parse(&req, &sig, reason, sizeof(reason)) == 0,
		    "Authorization: Signature is read");
		ok(httpsig_verify(&req, &sig, ed_pub, CAVAGE_NOW, reason,
		    sizeof(reason)) == 0,
		    "hs2019 verifies with the Ed25519 key");
		ok(httpsig_verify(&req, &sig, cavage_pub, CAVAGE_NOW, reason,
		    sizeof(reason)) == -1, "but not with an RSA key (%s)",
		    reason);
		httpsig_signature_free(&sig);
		buf_free(&a);
	}
	free(header);

	/* rsa-sha256 named with an Ed25519 key. */
	httpsig_cavage_parse("keyId=\"k\",algorithm=\"rsa-sha256\",signature="
	    "\"AAAA\"", &sig, reason, sizeof(reason));
	h[2].value = NULL;
	ok(httpsig_verify(&req, &sig, ed_pub, CAVAGE_NOW, reason,
	    sizeof(reason)) == -1 && strstr(reason, "does not suit"),
	    "rsa-sha256 with an Ed25519 key: refused (%s)", reason);
	httpsig_signature_free(&sig);

	/* (created) and (expires) take the parameters' values. */
	httpsig_cavage_parse("keyId=\"k\",algorithm=\"hs2019\",created="
	    "1388957490,expires=1388957510,headers=\"(created) (expires) "
	    "(request-target)\",signature=\"AAAA\"", &sig, reason,
	    sizeof(reason));
	{
		struct buf s = BUF_INIT;

		httpsig_signing_string(&req, &sig, &s, reason, sizeof(reason));
		is_str(buf_cstr(&s), "(created): 1388957490\n(expires): "
		    "1388957510\n(request-target): get /a",
		    "(created), (expires) and (request-target) lines");
		buf_free(&s);
	}
	ok(httpsig_verify(&req, &sig, cavage_pub, 1388957511, reason,
	    sizeof(reason)) == -1 && strstr(reason, "expired"),
	    "after expires: refused (%s)", reason);
	ok(httpsig_verify(&req, &sig, cavage_pub, 1388957490 - 3601, reason,
	    sizeof(reason)) == -1 && strstr(reason, "future"),
	    "created over an hour ahead: refused (%s)", reason);
	httpsig_signature_free(&sig);

	httpsig_cavage_parse("keyId=\"k\",headers=\"(request-target) host "
	    "date content-type\",signature=\"AAAA\"", &sig, reason,
	    sizeof(reason));
	{
		struct buf s = BUF_INIT;

		ok(httpsig_signing_string(&req, &sig, &s, reason,
		    sizeof(reason)) == -1 && strstr(reason, "content-type"),
		    "a signed header the request lacks: refused (%s)", reason);
		buf_free(&s);
	}
	httpsig_signature_free(&sig);

	httpsig_cavage_parse("keyId=\"k\",headers=\"host date\",signature="
	    "\"AAAA\"", &sig, reason, sizeof(reason));
	ok(httpsig_check_coverage(&req, &sig, reason, sizeof(reason)) == -1 &&
	    strstr(reason, "(request-target)"), "no (request-target): refused "
	    "(%s)", reason);
	httpsig_signature_free(&sig);

	ok(httpsig_parse(&(struct httpsig_request){ "GET", "https", "a", "/",
	    h, 2 }, &sig, reason, sizeof(reason)) == -1 &&
	    strstr(reason, "not signed"), "no signature at all: refused (%s)",
	    reason);
	httpsig_signature_free(&sig);
}

struct malformed {
	const char *header;
	const char *reason;
};

static void
test_cavage_malformed(void)
{
	static const struct malformed cases[] = {
		{ "", "no Signature" },
		{ "keyId=\"k\"", "signature is missing" },
		{ "signature=\"AAAA\"", "keyId is missing" },
		{ "keyId=\"\",signature=\"AAAA\"", "keyId is missing" },
		{ "keyId=\"k\",signature=\"AAAA", "no closing quote" },
		{ "keyId=\"k\" signature=\"AAAA\"", "expected ','" },
		{ "keyId \"k\",signature=\"AAAA\"", "expected '='" },
		{ "=\"k\",signature=\"AAAA\"", "parameter name" },
		{ "keyId=\"k\",keyId=\"j\",signature=\"AAAA\"", "twice" },
		{ "keyId=\"k\",algorithm=\"rsa-sha1\",signature=\"AAAA\"",
		  "not supported" },
		{ "keyId=\"k\",algorithm=\"hmac-sha256\",signature=\"AAAA\"",
		  "not supported" },
		{ "keyId=\"k\",signature=\"!!!!\"", "not base64" },
		{ "keyId=\"k\",signature=\"\"", "not base64" },
		{ "keyId=\"k\",headers=\"\",signature=\"AAAA\"", "empty" },
		{ "keyId=\"k\",headers=\"(nonsense)\",signature=\"AAAA\"",
		  "not a header name" },
		{ "keyId=\"k\",headers=\"date h\xc3\xa9\",signature=\"AAAA\"",
		  "not a header name" },
		{ "keyId=\"k\",created=\"soon\",signature=\"AAAA\"",
		  "not a time" },
		{ "keyId=\"k\",expires=99999999999999999,signature=\"AAAA\"",
		  "not a time" },
		{ "keyId=\"k\x01\",signature=\"AAAA\"", "control character" },
		{ "keyId=\"k\",,signature=\"AAAA\"", "parameter name" },
		{ ",", "parameter name" },
	};
	struct httpsig_signature sig;
	char reason[HTTPSIG_REASON_MAX];
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reason[0] = '\0';
		if (!ok(httpsig_cavage_parse(cases[i].header, &sig, reason,
		    sizeof(reason)) == -1 && strstr(reason, cases[i].reason),
		    "cavage malformed %zu refused: %s", i, reason))
			printf("# expected a reason with: %s\n",
			    cases[i].reason);
		httpsig_signature_free(&sig);
	}

	/* Limits: too long, too many parameters, too many headers. */
	buf_puts(&b, "keyId=\"");
	for (i = 0; i < HTTPSIG_MAX_KEY_ID + 1; i++)
		buf_putc(&b, 'k');
	buf_puts(&b, "\",signature=\"AAAA\"");
	ok(httpsig_cavage_parse(buf_cstr(&b), &sig, reason,
	    sizeof(reason)) == -1 && strstr(reason, "keyId is longer"),
	    "a keyId over the limit: refused (%s)", reason);
	httpsig_signature_free(&sig);
	buf_reset(&b);
	for (i = 0; i < HTTPSIG_MAX_HEADER; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "=1");
	ok(httpsig_cavage_parse(buf_cstr(&b), &sig, reason,
	    sizeof(reason)) == -1 && strstr(reason, "longer than"),
	    "a header over the limit: refused (%s)", reason);
	httpsig_signature_free(&sig);
	buf_reset(&b);
	for (i = 0; i < HTTPSIG_MAX_PARAMS + 1; i++)
		buf_printf(&b, "x%zu=\"1\",", i);
	buf_puts(&b, "keyId=\"k\",signature=\"AAAA\"");
	ok(httpsig_cavage_parse(buf_cstr(&b), &sig, reason,
	    sizeof(reason)) == -1 && strstr(reason, "more than"),
	    "too many parameters: refused (%s)", reason);
	httpsig_signature_free(&sig);
	buf_reset(&b);
	buf_puts(&b, "keyId=\"k\",signature=\"AAAA\",headers=\"");
	for (i = 0; i < HTTPSIG_MAX_COVERED + 1; i++)
		buf_printf(&b, "h%zu ", i);
	buf_puts(&b, "\"");
	ok(httpsig_cavage_parse(buf_cstr(&b), &sig, reason,
	    sizeof(reason)) == -1 && strstr(reason, "more than"),
	    "too many signed headers: refused (%s)", reason);
	httpsig_signature_free(&sig);
	buf_reset(&b);
	buf_puts(&b, "keyId=\"k\",signature=\"");
	for (i = 0; i < HTTPSIG_MAX_SIGNATURE * 4 / 3 + 8; i++)
		buf_putc(&b, 'A');
	buf_puts(&b, "\"");
	ok(httpsig_cavage_parse(buf_cstr(&b), &sig, reason,
	    sizeof(reason)) == -1, "a signature over the limit: refused (%s)",
	    reason);
	httpsig_signature_free(&sig);

	/* Unknown parameters and spaces are fine; escapes are taken. */
	ok(httpsig_cavage_parse(" keyId = \"a\\\"b\" , foo=\"bar\", "
	    "signature=\"AAAA\" ", &sig, reason, sizeof(reason)) == 0 &&
	    !strcmp(sig.key_id, "a\"b") && sig.ncovered == 1 &&
	    !strcmp(sig.covered[0], "date"), "unknown parameters are ignored, "
	    "the default covers date");
	httpsig_signature_free(&sig);
	ok(httpsig_cavage_parse("keyId=\"k\",headers=\"(Request-Target) HOST"
	    "  Date\",signature=\"AAAA\"", &sig, reason, sizeof(reason)) == 0 &&
	    sig.ncovered == 3 && !strcmp(sig.covered[1], "host"),
	    "header names are lower-cased");
	httpsig_signature_free(&sig);
	buf_free(&b);
}

/* The requests of RFC 9421 section 4.3 and B.2.6. */
static const struct httpsig_header rfc_43_headers[] = {
	{ "Host", "origin.host.internal.example" },
	{ "Date", "Tue, 20 Apr 2021 02:07:56 GMT" },
	{ "Content-Type", "application/json" },
	{ "Content-Length", "18" },
	{ "Forwarded", "for=192.0.2.123;host=example.com;proto=https" },
	{ "Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX"
	  "+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:" },
	{ "Signature-Input", NULL },
	{ "Signature", NULL },
};
static const struct httpsig_header rfc_b26_headers[] = {
	{ "Host", "example.com" },
	{ "Date", "Tue, 20 Apr 2021 02:07:55 GMT" },
	{ "Content-Type", "application/json" },
	{ "Content-Length", "18" },
	{ "Signature-Input", NULL },
	{ "Signature", NULL },
};

static void
test_rfc9421_vector(const char *name, const char *label,
    const char *authority,
    const struct httpsig_header *fixed, size_t nfixed,
    const char *const *components, size_t ncomponents, const char *alg,
    long long created, long long expires, struct httpsig_key *priv,
    struct httpsig_key *pub, const char *key_id)
{
	char *sec = section(name);
	char *want_base = lines_between(sec, "signature base",
	    "headers:");
	char *want_input = line_value(sec, "Signature-Input: ");
	char *want_sig = line_value(sec, "Signature: ");
	char reason[HTTPSIG_REASON_MAX] = "", *input = NULL, *signature = NULL;
	struct httpsig_header h[8];
	struct httpsig_request req = { "POST", "https", authority,
	    "/foo?param=Value&Pet=dog", h, nfixed };
	struct httpsig_signature sig;
	struct buf s = BUF_INIT;

	memcpy(h, fixed, nfixed * sizeof(*h));
	h[nfixed - 2].value = want_input;
	h[nfixed - 1].value = want_sig;
	ok(httpsig_rfc9421_sign(&req, label, components, ncomponents,
	    created, expires, alg, priv, key_id, &input, &signature, reason,
	    sizeof(reason)) == 0,
	    "%s: signs", name);
	is_str(input, want_input, "Signature-Input is the vector's");
	is_str(signature, want_sig, "Signature is the vector's");
	if (!ok(httpsig_parse(&req, &sig, reason, sizeof(reason)) == 0 &&
	    sig.scheme == HTTPSIG_RFC9421, "%s: the vector's headers parse",
	    name))
		printf("# %s\n", reason);
	is_str(sig.key_id, key_id, "keyid");
	ok(httpsig_signing_string(&req, &sig, &s, reason, sizeof(reason)) == 0,
	    "%s: signature base built", name);
	is_str(buf_cstr(&s), want_base, "the signature base is the vector's");
	if (!ok(httpsig_verify(&req, &sig, pub, created + 30, reason,
	    sizeof(reason)) == 0, "%s: verifies with the public key", name))
		printf("# %s\n", reason);
	ok(httpsig_verify(&req, &sig, pub, created + 3700, reason,
	    sizeof(reason)) == -1, "%s: an hour later: refused (%s)", name,
	    reason);
	httpsig_signature_free(&sig);

	/* Tampering with a covered header. */
	h[1].value = "Tue, 20 Apr 2021 02:07:57 GMT";
	h[2].value = "text/plain";
	httpsig_parse(&req, &sig, reason, sizeof(reason));
	ok(httpsig_verify(&req, &sig, pub, created + 30, reason,
	    sizeof(reason)) == -1 && strstr(reason, "does not match"),
	    "%s: a changed header: refused", name);
	httpsig_signature_free(&sig);
	buf_free(&s);
	free(input);
	free(signature);
	free(want_base);
	free(want_input);
	free(want_sig);
	free(sec);
}

static void
test_rfc9421_vectors(struct httpsig_key *rsa_priv, struct httpsig_key *rsa_pub,
    struct httpsig_key *ed_priv, struct httpsig_key *ed_pub)
{
	static const char *const c43[] = { "@method", "@authority", "@path",
	    "content-digest", "content-type", "content-length", "forwarded" };
	static const char *const cb26[] = { "date", "@method", "@path",
	    "@authority", "content-type", "content-length" };
	char reason[HTTPSIG_REASON_MAX] = "";

	test_rfc9421_vector("rfc9421-4.3", "proxy_sig",
	    "origin.host.internal.example", rfc_43_headers, 8, c43, 7, "rsa-v1_5-sha256", 1618884480,
	    1618884540, rsa_priv, rsa_pub, "test-key-rsa");
	ok(httpsig_digest_check(NULL, rfc_43_headers[5].value, BODY,
	    strlen(BODY), reason, sizeof(reason)) == 0,
	    "the Content-Digest (sha-512) of section 4.3 matches its body");
	test_rfc9421_vector("rfc9421-B.2.6", "sig-b26", "example.com",
	    rfc_b26_headers, 6, cb26, 6, NULL, 1618884473, -1, ed_priv, ed_pub,
	    "test-key-ed25519");
}

/* A signature made here with OpenSSL directly, RSASSA-PSS SHA-512. */
static char *
pss_sign(const char *text, const char *pem_file)
{
	char path[512];
	FILE *fp;
	EVP_PKEY *pkey;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx;
	unsigned char sig[512];
	size_t siglen = sizeof(sig);
	char b64[1024];

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, pem_file);
	fp = fopen(path, "r");
	pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	EVP_DigestSignInit(md, &pctx, EVP_sha512(), NULL, pkey);
	EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
	EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 64);
	EVP_DigestSign(md, sig, &siglen, (const unsigned char *)text,
	    strlen(text));
	EVP_EncodeBlock((unsigned char *)b64, sig, (int)siglen);
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pkey);
	return xstrdup(b64);
}

static void
test_rfc9421_algorithms(struct httpsig_key *rsa_priv,
    struct httpsig_key *rsa_pub, struct httpsig_key *ed_pub)
{
	static const char *const comps[] = { "@method", "@target-uri",
	    "@authority", "@scheme", "@request-target", "@path", "@query",
	    "date", "content-digest" };
	char reason[HTTPSIG_REASON_MAX] = "", *input = NULL, *signature = NULL;
	char *cd = httpsig_content_digest(BODY, strlen(BODY), 0);
	struct httpsig_header h[4] = {
		{ "Date", "Tue, 20 Apr 2021 02:07:55 GMT" },
		{ "Content-Digest", cd }, { "Signature-Input", NULL },
		{ "Signature", NULL }
	};
	struct httpsig_request req = { "POST", "HTTPS", "Example.COM:443",
	    "/inbox?a=1", h, 4 };
	struct httpsig_signature sig;
	struct buf s = BUF_INIT, pss = BUF_INIT;
	char *b64;

	/* No alg: the key's own (rsa-v1_5-sha256 for RSA). */
	ok(httpsig_rfc9421_sign(&req, "sig1", comps, 9, 1618884473, -1, NULL,
	    rsa_priv, "https://example.com/actor#main-key", &input, &signature,
	    reason, sizeof(reason)) == 0, "RFC 9421 signing without alg");
	h[2].value = input;
	h[3].value = signature;
	httpsig_parse(&req, &sig, reason, sizeof(reason));
	httpsig_signing_string(&req, &sig, &s, reason, sizeof(reason));
	is_str(buf_cstr(&s),
	    "\"@method\": POST\n"
	    "\"@target-uri\": https://example.com/inbox?a=1\n"
	    "\"@authority\": example.com\n"
	    "\"@scheme\": https\n"
	    "\"@request-target\": /inbox?a=1\n"
	    "\"@path\": /inbox\n"
	    "\"@query\": ?a=1\n"
	    "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
	    "\"content-digest\": sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7k"
	    "bu9DBPE=:\n"
	    "\"@signature-params\": (\"@method\" \"@target-uri\" \"@authority\" "
	    "\"@scheme\" \"@request-target\" \"@path\" \"@query\" \"date\" "
	    "\"content-digest\");created=1618884473;keyid=\"https://example.com"
	    "/actor#main-key\"",
	    "every derived component, normalized");
	ok(httpsig_check_coverage(&req, &sig, reason, sizeof(reason)) == 0,
	    "it covers what an inbox requires");
	ok(httpsig_verify(&req, &sig, rsa_pub, 1618884473, reason,
	    sizeof(reason)) == 0, "no alg with an RSA key: rsa-v1_5-sha256");
	ok(httpsig_verify(&req, &sig, ed_pub, 1618884473, reason,
	    sizeof(reason)) == -1, "the same with an Ed25519 key: refused");
	ok(httpsig_digest_check(NULL, cd, BODY, strlen(BODY), reason,
	    sizeof(reason)) == 0, "Content-Digest sha-256 matches");

	/* rsa-pss-sha512, signed by OpenSSL directly. */
	b64 = pss_sign("\"@method\": POST\n\"@target-uri\": https://example.com/"
	    "inbox?a=1\n\"@signature-params\": (\"@method\" \"@target-uri\");"
	    "created=1618884473;keyid=\"k\";alg=\"rsa-pss-sha512\"",
	    "rfc9421-test-key-rsa.key");
	h[2].value = "pss=(\"@method\" \"@target-uri\");created=1618884473;"
	    "keyid=\"k\";alg=\"rsa-pss-sha512\"";
	buf_printf(&pss, "pss=:%s:", b64);
	h[3].value = pss.data;
	httpsig_signature_free(&sig);
	httpsig_parse(&req, &sig, reason, sizeof(reason));
	is_int(sig.alg, HTTPSIG_ALG_RSA_PSS_SHA512, "alg rsa-pss-sha512 read");
	ok(httpsig_verify(&req, &sig, rsa_pub, 1618884473, reason,
	    sizeof(reason)) == 0, "rsa-pss-sha512 verifies");
	ok(httpsig_check_coverage(&req, &sig, reason, sizeof(reason)) == -1 &&
	    strstr(reason, "content-digest"), "a POST without content-digest "
	    "covered: refused (%s)", reason);
	httpsig_signature_free(&sig);

	/* Signing with a named alg signs with that alg. */
	free(input);
	free(signature);
	ok(httpsig_rfc9421_sign(&req, "sig1", comps, 2, 1618884473, -1,
	    "rsa-pss-sha512", rsa_priv, "k", &input, &signature, reason,
	    sizeof(reason)) == 0, "RFC 9421 signing with rsa-pss-sha512");
	h[2].value = input;
	h[3].value = signature;
	ok(httpsig_parse(&req, &sig, reason, sizeof(reason)) == 0 &&
	    sig.alg == HTTPSIG_ALG_RSA_PSS_SHA512 &&
	    httpsig_verify(&req, &sig, rsa_pub, 1618884473, reason,
	    sizeof(reason)) == 0, "and it verifies as rsa-pss-sha512");
	httpsig_signature_free(&sig);
	free(input);
	free(signature);
	input = signature = NULL;
	ok(httpsig_rfc9421_sign(&req, "sig1", comps, 2, 1618884473, -1,
	    "ed25519", rsa_priv, "k", &input, &signature, reason,
	    sizeof(reason)) == -1 && strstr(reason, "does not suit"),
	    "alg ed25519 with an RSA key: refused (%s)", reason);
	ok(httpsig_rfc9421_sign(&req, "sig1", comps, 2, 1618884473, -1,
	    "hmac-sha256", rsa_priv, "k", &input, &signature, reason,
	    sizeof(reason)) == -1, "an unknown alg: refused");

	/* Several signatures: the first label with a signature is used. */
	h[2].value = "pss=(\"@method\" \"@target-uri\");created=1618884473;"
	    "keyid=\"k\";alg=\"rsa-pss-sha512\"";
	h[3].value = pss.data;
	buf_reset(&s);
	buf_printf(&s, "other=(\"@method\");keyid=\"x\", %s", h[2].value);
	h[2].value = s.data;
	buf_printf(&pss, ", third=:AAAA:");
	h[3].value = pss.data;
	ok(httpsig_parse(&req, &sig, reason, sizeof(reason)) == 0 &&
	    !strcmp(sig.label, "pss"), "the label with a signature is chosen");
	ok(httpsig_verify(&req, &sig, rsa_pub, 1618884473, reason,
	    sizeof(reason)) == 0, "and verifies");
	httpsig_signature_free(&sig);

	buf_free(&s);
	buf_free(&pss);
	free(b64);
	free(cd);
	free(input);
	free(signature);
}

static void
test_rfc9421_malformed(void)
{
	static const struct {
		const char *input, *signature, *reason;
	} cases[] = {
		{ "", "s=:AAAA:", "Signature-Input: empty" },
		{ "s=(\"@method\");keyid=\"k\"", "", "Signature: empty" },
		{ "s=(\"@method\";keyid=\"k\"", "s=:AAAA:", "no ')'" },
		{ "s=(\"@method\");keyid=\"k\"", "t=:AAAA:", "no label" },
		{ "s=(\"@method\");keyid=\"k\"", "s=\"AAAA\"", "no label" },
		{ "s=(\"@method\");keyid=\"k\"", "s=::", "1 to" },
		{ "s=(\"@method\");keyid=\"k\"", "s=:A!AA:", "not base64" },
		{ "s=(\"@method\");keyid=\"k\"", "s=:AAAA", "no closing ':'" },
		{ "s=(\"@method\")", "s=:AAAA:", "keyid is missing" },
		{ "s=(\"@method\");keyid=k", "s=:AAAA:", "keyid is missing" },
		{ "s=(\"@method\");keyid=\"k\";alg=\"hmac-sha256\"", "s=:AAAA:",
		  "not supported" },
		{ "s=(\"@method\");keyid=\"k\";alg=rsa", "s=:AAAA:",
		  "alg is not a string" },
		{ "s=(\"@method\");keyid=\"k\";created=\"now\"", "s=:AAAA:",
		  "created is not" },
		{ "s=(\"@method\");keyid=\"k\";expires=-5", "s=:AAAA:",
		  "expires is not" },
		{ "s=(\"@status\");keyid=\"k\"", "s=:AAAA:", "not supported" },
		{ "s=(\"@query-param\";name=\"a\");keyid=\"k\"", "s=:AAAA:",
		  "not supported" },
		{ "s=(\"content-digest\";sf);keyid=\"k\"", "s=:AAAA:",
		  "not supported" },
		{ "s=(\"Date\");keyid=\"k\"", "s=:AAAA:", "lower-case" },
		{ "s=(\"date\" \"date\");keyid=\"k\"", "s=:AAAA:", "twice" },
		{ "s=(\"@signature-params\");keyid=\"k\"", "s=:AAAA:",
		  "not supported" },
		{ "s=(date);keyid=\"k\"", "s=:AAAA:", "not a string" },
		{ "s=(\"date\"\"host\");keyid=\"k\"", "s=:AAAA:",
		  "separated by spaces" },
		{ "S=(\"date\");keyid=\"k\"", "S=:AAAA:", "key must start" },
		{ "s=(\"date\");keyid=\"k\",", "s=:AAAA:", "trailing" },
		{ "s=(\"date\");keyid=\"k\" t=()", "s=:AAAA:", "separated by ','" },
		{ "s=(\"d\\x\");keyid=\"k\"", "s=:AAAA:", "bad escape" },
		{ "s=(\"d\te\");keyid=\"k\"", "s=:AAAA:", "printable ASCII" },
		{ "s=(\"date\");keyid=\"k\";created=1234567890123456",
		  "s=:AAAA:", "more than 15 digits" },
		{ "s=(\"date\");keyid=\"k\";x=1.2345", "s=:AAAA:",
		  "fractional" },
		{ "s=(\"date\");keyid=\"k\";x=?2", "s=:AAAA:", "boolean" },
		{ "s=(\"date\");keyid=\"k\";x=", "s=:AAAA:", "missing" },
		{ "s=(\"date\");keyid=\"k\";x=@", "s=:AAAA:", "unexpected" },
		{ NULL, "s=:AAAA:", "needs both" },
	};
	struct httpsig_signature sig;
	char reason[HTTPSIG_REASON_MAX];
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reason[0] = '\0';
		if (!ok(httpsig_rfc9421_parse(cases[i].input,
		    cases[i].signature, &sig, reason, sizeof(reason)) == -1 &&
		    strstr(reason, cases[i].reason),
		    "RFC 9421 malformed %zu refused: %s", i, reason))
			printf("# expected a reason with: %s\n",
			    cases[i].reason);
		httpsig_signature_free(&sig);
	}
	buf_puts(&b, "s=(");
	for (i = 0; i < SF_MAX_ITEMS + 1; i++)
		buf_printf(&b, "\"h%zu\" ", i);
	buf_puts(&b, ");keyid=\"k\"");
	ok(httpsig_rfc9421_parse(b.data, "s=:AAAA:", &sig, reason,
	    sizeof(reason)) == -1 && strstr(reason, "more than"),
	    "too many components: refused (%s)", reason);
	httpsig_signature_free(&sig);
	buf_reset(&b);
	for (i = 0; i < SF_MAX_MEMBERS + 1; i++)
		buf_printf(&b, "s%zu=(), ", i);
	buf_puts(&b, "s=(\"date\");keyid=\"k\"");
	ok(httpsig_rfc9421_parse(b.data, "s=:AAAA:", &sig, reason,
	    sizeof(reason)) == -1 && strstr(reason, "more than"),
	    "too many labels: refused (%s)", reason);
	httpsig_signature_free(&sig);
	buf_reset(&b);
	for (i = 0; i < SF_MAX_FIELD; i++)
		buf_putc(&b, 'a');
	ok(httpsig_rfc9421_parse(b.data, "s=:AAAA:", &sig, reason,
	    sizeof(reason)) == -1 && strstr(reason, "longer than"),
	    "an oversized Signature-Input: refused (%s)", reason);
	httpsig_signature_free(&sig);
	buf_free(&b);
}

static void
test_structured_fields(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "a=1, b=2;x=?0, c", "a=1, b=2;x=?0, c" },
		{ "a=(1 2)  ,\tb=(\"x\" tok/en:1)", "a=(1 2), b=(\"x\" tok/en:1)" },
		{ "a=1.50, b=-0.001, c=3.0", "a=1.5, b=-0.001, c=3.0" },
		{ "a=:AQID:, b=\"q\\\"s\\\\\"", "a=:AQID:, b=\"q\\\"s\\\\\"" },
		{ "a=1, a=2, b=( );p;q=?1", "a=2, b=();p;q" },
		{ "x=(\"a\";k=1 \"b\");p=\"v\"", "x=(\"a\";k=1 \"b\");p=\"v\"" },
		{ "*k=?1", "*k" },
	};
	struct sf_dictionary d;
	char reason[HTTPSIG_REASON_MAX];
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		if (sf_parse_dictionary(cases[i].in, &d, reason,
		    sizeof(reason)) == 0)
			for (j = 0; j < d.n; j++) {
				if (j > 0)
					buf_puts(&b, ", ");
				buf_puts(&b, d.members[j].key);
				if (d.members[j].is_inner_list ||
				    d.members[j].bare.type != SF_BOOLEAN ||
				    !d.members[j].bare.integer) {
					buf_putc(&b, '=');
					sf_serialize_member_value(&b,
					    &d.members[j]);
				} else
					sf_serialize_params(&b,
					    &d.members[j].params);
			}
		else
			buf_printf(&b, "error: %s", reason);
		is_str(buf_cstr(&b), cases[i].out,
		    "structured field round trip");
		sf_dictionary_free(&d);
	}
	buf_free(&b);
}

static void
test_digests(void)
{
	static const struct {
		const char *digest, *content_digest, *reason;
	} bad[] = {
		{ NULL, NULL, "no Digest" },
		{ "SHA-256=AAAA", NULL, "does not match" },
		{ "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=,"
		  "SHA-512=AAAA", NULL, "SHA-512 digest does not match" },
		{ "MD5=AAAA", NULL, "no SHA-256" },
		{ "garbage", NULL, "algorithm=value" },
		{ NULL, "sha-256=:AAAA:", "does not match" },
		{ NULL, "sha-256=\"X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\"",
		  "does not match" },
		{ NULL, "md5=:AAAA:", "no SHA-256" },
		{ NULL, "sha-256", "does not match" },
		{ NULL, "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
		  "no closing" },
		{ "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
		  "sha-256=:AAAA:", "Content-Digest header: the sha-256" },
		/* The signed header must bind the body by itself. */
		{ "SHA=AAAA",
		  "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
		  "Digest header: no SHA-256" },
		{ "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
		  "md5=:AAAA:", "Content-Digest header: no SHA-256" },
	};
	char reason[HTTPSIG_REASON_MAX];
	char *d = httpsig_content_digest(BODY, strlen(BODY), 1);
	size_t i;

	is_str(d, rfc_43_headers[5].value, "Content-Digest sha-512 of the "
	    "body is RFC 9421's");
	free(d);
	ok(httpsig_digest_check("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7k"
	    "bu9DBPE=, MD5=xyz", NULL, BODY, strlen(BODY), reason,
	    sizeof(reason)) == 0, "Digest: names compare without case, "
	    "unknown ones are skipped");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		reason[0] = '\0';
		if (!ok(httpsig_digest_check(bad[i].digest,
		    bad[i].content_digest, BODY, strlen(BODY), reason,
		    sizeof(reason)) == -1 && strstr(reason, bad[i].reason),
		    "bad digest %zu refused: %s", i, reason))
			printf("# expected: %s\n", bad[i].reason);
	}
	ok(httpsig_digest_check("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9"
	    "DBPE=", NULL, "{\"hello\": \"world\"}\n", strlen(BODY) + 1,
	    reason, sizeof(reason)) == -1,
	    "one byte more in the body: refused");
}

static void
test_dates(void)
{
	char out[30];
	time_t t;
	char reason[HTTPSIG_REASON_MAX];

	httpsig_format_date(CAVAGE_NOW, out);
	is_str(out, "Sun, 05 Jan 2014 21:31:40 GMT", "IMF-fixdate written");
	ok(httpsig_parse_date(out, &t) == 0 && t == CAVAGE_NOW,
	    "and read back");
	ok(httpsig_date_check(out, CAVAGE_NOW + 3600, reason,
	    sizeof(reason)) == 0, "an hour behind: accepted");
	ok(httpsig_date_check(out, CAVAGE_NOW - 3600, reason,
	    sizeof(reason)) == 0, "an hour ahead: accepted");
	ok(httpsig_date_check(out, CAVAGE_NOW + 3601, reason,
	    sizeof(reason)) == -1 && strstr(reason, "behind"),
	    "more than an hour behind: refused (%s)", reason);
	ok(httpsig_date_check(out, CAVAGE_NOW - 3601, reason,
	    sizeof(reason)) == -1 && strstr(reason, "ahead"),
	    "more than an hour ahead: refused (%s)", reason);
	ok(httpsig_date_check(NULL, CAVAGE_NOW, reason, sizeof(reason)) == -1 &&
	    strstr(reason, "no Date"), "no Date: refused");
	ok(httpsig_date_check("Sunday, 05-Jan-14 21:31:40 GMT", CAVAGE_NOW,
	    reason, sizeof(reason)) == -1 && strstr(reason, "not an HTTP "
	    "date"), "an RFC 850 date: refused");
	ok(httpsig_date_check("Sun, 05 Jan 2014 25:31:40 GMT", CAVAGE_NOW,
	    reason, sizeof(reason)) == -1, "hour 25: refused");
	ok(httpsig_date_check("Sun, 05 Foo 2014 21:31:40 GMT", CAVAGE_NOW,
	    reason, sizeof(reason)) == -1, "month Foo: refused");
	ok(httpsig_date_check("Sun, 05 Jan 2014 21:31:40 UTC", CAVAGE_NOW,
	    reason, sizeof(reason)) == -1, "UTC instead of GMT: refused");
}

static void
test_keys(void)
{
	char reason[HTTPSIG_REASON_MAX] = "", *priv = NULL, *pub = NULL;
	struct httpsig_key *key;
	EVP_PKEY *small;
	BIO *bio;
	BUF_MEM *mem;

	ok(httpsig_key_from_pem("not a key", reason, sizeof(reason)) == NULL &&
	    strstr(reason, "not a PEM"), "garbage: refused (%s)", reason);
	ok(httpsig_key_from_pem("", reason, sizeof(reason)) == NULL,
	    "an empty key: refused");
	ec_p256_keypair(&priv, &pub);
	ok(httpsig_key_from_pem(priv, reason, sizeof(reason)) == NULL &&
	    strstr(reason, "neither RSA nor Ed25519"),
	    "a P-256 key: refused (%s)", reason);
	free(priv);
	free(pub);
	small = EVP_RSA_gen(512);
	bio = BIO_new(BIO_s_mem());
	PEM_write_bio_PUBKEY(bio, small);
	BIO_write(bio, "", 1);
	BIO_get_mem_ptr(bio, &mem);
	ok(httpsig_key_from_pem(mem->data, reason, sizeof(reason)) == NULL &&
	    strstr(reason, "512 bits"), "a 512-bit RSA key: refused (%s)",
	    reason);
	BIO_free(bio);
	EVP_PKEY_free(small);
	if (rsa_keypair(&priv, &pub) == 0) {
		key = httpsig_key_from_pem(pub, reason, sizeof(reason));
		ok(key != NULL && !strcmp(httpsig_key_type(key), "rsa"),
		    "a key made by rsa_keypair loads");
		ok(httpsig_cavage_sign("GET", "/", "a", "b", NULL, key, "k",
		    reason, sizeof(reason)) == NULL && strstr(reason,
		    "private key"), "signing with a public key: refused");
		httpsig_key_free(key);
		free(priv);
		free(pub);
	}
}

int
main(void)
{
	struct httpsig_key *cavage_priv, *cavage_pub, *rsa_priv, *rsa_pub;
	struct httpsig_key *ed_priv, *ed_pub;

	vectors = read_file("VECTORS.txt");
	cavage_priv = key_file("cavage-test.key");
	cavage_pub = key_file("cavage-test.pub");
	rsa_priv = key_file("rfc9421-test-key-rsa.key");
	rsa_pub = key_file("rfc9421-test-key-rsa.pub");
	ed_priv = key_file("rfc9421-test-key-ed25519.key");
	ed_pub = key_file("rfc9421-test-key-ed25519.pub");
	if (!cavage_priv || !cavage_pub || !rsa_priv || !rsa_pub ||
	    !ed_priv || !ed_pub) {
		printf("Bail out! the test keys do not load\n");
		return 1;
	}
	is_str(httpsig_key_type(ed_pub), "ed25519", "an Ed25519 key");
	is_str(httpsig_key_type(rsa_pub), "rsa", "an RSA PUBLIC KEY (PKCS#1)");

	test_cavage_vector("cavage-C.1", NULL, cavage_priv, cavage_pub);
	test_cavage_vector("cavage-C.2", "(request-target) host date",
	    cavage_priv, cavage_pub);
	test_cavage_sign_and_check(cavage_priv, cavage_pub);
	test_cavage_refusals(cavage_pub, ed_priv, ed_pub);
	test_cavage_malformed();
	test_rfc9421_vectors(rsa_priv, rsa_pub, ed_priv, ed_pub);
	test_rfc9421_algorithms(rsa_priv, rsa_pub, ed_pub);
	test_rfc9421_malformed();
	test_structured_fields();
	test_digests();
	test_dates();
	test_keys();

	httpsig_key_free(cavage_priv);
	httpsig_key_free(cavage_pub);
	httpsig_key_free(rsa_priv);
	httpsig_key_free(rsa_pub);
	httpsig_key_free(ed_priv);
	httpsig_key_free(ed_pub);
	free(vectors);
	return done_testing();
}
