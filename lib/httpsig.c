/*
 * httpsig: parse, build and check HTTP message signatures (draft-cavage
 * and RFC 9421), body digests and Date freshness. Everything a stranger
 * sends is bounded (HTTPSIG_MAX_*), and every refusal fills a reason the
 * inbox can answer with.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "buf.h"
#include "httpsig.h"
#include "structured_fields.h"

#define PEM_MAX	16384

struct httpsig_key {
	EVP_PKEY	*pkey;
	int		 is_rsa;
};

static int __attribute__((format(printf, 3, 4)))
fail(char *reason, size_t reasonlen, const char *fmt, ...)
{
	va_list ap;

	if (reason != NULL && reasonlen > 0) {
		va_start(ap, fmt);
		vsnprintf(reason, reasonlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Standard padded base64 of n bytes; caller frees. */
static char *
base64_encode_alloc(const unsigned char *in, size_t n)
{
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	return out;
}

static int
base64_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/*
 * Decode standard base64 (padding optional) into a new buffer of at most
 * max bytes. -1 on anything else.
 */
static int
base64_decode_alloc(const char *in, size_t max, unsigned char **out,
    size_t *outlen)
{
	size_t len = strlen(in), i, o = 0;
	unsigned int acc = 0;
	int bits = 0, v;
	unsigned char *p;

	while (len > 0 && in[len - 1] == '=')
		len--;
	if (strlen(in) - len > 2 || len / 4 * 3 > max + 3)
		return -1;
	p = xmalloc(len / 4 * 3 + 3);
	for (i = 0; i < len; i++) {
		int c = (unsigned char)in[i];

		if (!base64_char(c)) {
			free(p);
			return -1;
		}
		v = c >= 'a' ? c - 'a' + 26 : c >= 'A' ? c - 'A' :
		    c >= '0' ? c - '0' + 52 : c == '+' ? 62 : 63;
		acc = (acc << 6) | (unsigned int)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			p[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (bits >= 6 || o > max) {
		free(p);
		return -1;
	}
	*out = p;
	*outlen = o;
	return 0;
}

/* --- keys ---------------------------------------------------------- */

static EVP_PKEY *
decode_pem(const char *pem, const char *keytype, const char *structure,
    int selection)
{
	OSSL_DECODER_CTX *dctx;
	EVP_PKEY *pkey = NULL;
	const unsigned char *data = (const unsigned char *)pem;
	size_t len = strlen(pem);

	dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "PEM", structure, keytype,
	    selection, NULL, NULL);
	if (dctx == NULL || !OSSL_DECODER_from_data(dctx, &data, &len)) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	OSSL_DECODER_CTX_free(dctx);
	ERR_clear_error();
	return pkey;
}

/*
 * OpenSSL 3.0 tries every decoder it has unless told what to expect,
 * which costs milliseconds a key: the PEM label says the structure, and
 * RSA, then Ed25519, are tried before anything else.
 */
static EVP_PKEY *
decode_key(const char *pem)
{
	static const struct {
		const char	*label;
		const char	*structure;
		int		 selection;
	} kinds[] = {
		{ "-----BEGIN PUBLIC KEY-----", "SubjectPublicKeyInfo",
		  EVP_PKEY_PUBLIC_KEY },
		{ "-----BEGIN RSA PUBLIC KEY-----", "type-specific",
		  EVP_PKEY_PUBLIC_KEY },
		{ "-----BEGIN PRIVATE KEY-----", "PrivateKeyInfo",
		  EVP_PKEY_KEYPAIR },
		{ "-----BEGIN RSA PRIVATE KEY-----", "type-specific",
		  EVP_PKEY_KEYPAIR },
	};
	static const char *const types[] = { "RSA", "ED25519" };
	EVP_PKEY *pkey;
	size_t i, j;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strstr(pem, kinds[i].label) == NULL)
			continue;
		for (j = 0; j < sizeof(types) / sizeof(types[0]); j++)
			if ((pkey = decode_pem(pem, types[j],
			    kinds[i].structure, kinds[i].selection)) != NULL)
				return pkey;
		break;
	}
	return decode_pem(pem, NULL, NULL, 0);
}

struct httpsig_key *
httpsig_key_from_pem(const char *pem, char *reason, size_t reasonlen)
{
	EVP_PKEY *pkey;
	size_t len = pem ? strlen(pem) : 0;
	struct httpsig_key *key;
	int bits;

	if (len == 0 || len > PEM_MAX) {
		fail(reason, reasonlen, "the key is empty or longer than %d "
		    "bytes", PEM_MAX);
		return NULL;
	}
	if ((pkey = decode_key(pem)) == NULL) {
		fail(reason, reasonlen, "the key is not a PEM public or "
		    "private key");
		return NULL;
	}
	key = xcalloc(1, sizeof(*key));
	key->pkey = pkey;
	if (EVP_PKEY_is_a(pkey, "RSA")) {
		key->is_rsa = 1;
		bits = EVP_PKEY_get_bits(pkey);
		if (bits < 1024 || bits > 8192) {
			httpsig_key_free(key);
			fail(reason, reasonlen, "an RSA key of %d bits (1024 "
			    "to 8192 are taken)", bits);
			return NULL;
		}
	} else if (!EVP_PKEY_is_a(pkey, "ED25519")) {
		httpsig_key_free(key);
		fail(reason, reasonlen, "the key is neither RSA nor Ed25519");
		return NULL;
	}
	return key;
}

void
httpsig_key_free(struct httpsig_key *key)
{
	if (key == NULL)
		return;
	EVP_PKEY_free(key->pkey);
	free(key);
}

const char *
httpsig_key_type(const struct httpsig_key *key)
{
	return key->is_rsa ? "rsa" : "ed25519";
}

static const char *
alg_name(enum httpsig_alg alg)
{
	switch (alg) {
	case HTTPSIG_ALG_RSA_V1_5_SHA256:
		return "rsa-v1_5-sha256";
	case HTTPSIG_ALG_RSA_PSS_SHA512:
		return "rsa-pss-sha512";
	case HTTPSIG_ALG_ED25519:
		return "ed25519";
	case HTTPSIG_ALG_FROM_KEY:
		break;
	}
	return "hs2019";
}

/* The algorithm a key signs with when the signature names none. */
static enum httpsig_alg
alg_for_key(const struct httpsig_key *key, enum httpsig_alg named)
{
	if (named != HTTPSIG_ALG_FROM_KEY)
		return named;
	return key->is_rsa ? HTTPSIG_ALG_RSA_V1_5_SHA256 : HTTPSIG_ALG_ED25519;
}

static int
alg_suits_key(enum httpsig_alg alg, const struct httpsig_key *key)
{
	return alg == HTTPSIG_ALG_ED25519 ? !key->is_rsa : key->is_rsa;
}

/* A digest context ready to sign or verify with alg. */
static EVP_MD_CTX *
signature_context(const struct httpsig_key *key, enum httpsig_alg alg,
    int signing)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	const EVP_MD *digest = NULL;
	int rc;

	if (md == NULL)
		return NULL;
	if (alg == HTTPSIG_ALG_RSA_V1_5_SHA256)
		digest = EVP_sha256();
	else if (alg == HTTPSIG_ALG_RSA_PSS_SHA512)
		digest = EVP_sha512();
	rc = signing ?
	    EVP_DigestSignInit(md, &pctx, digest, NULL, key->pkey) :
	    EVP_DigestVerifyInit(md, &pctx, digest, NULL, key->pkey);
	if (rc != 1)
		goto fail;
	if (alg == HTTPSIG_ALG_RSA_V1_5_SHA256 &&
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
		goto fail;
	if (alg == HTTPSIG_ALG_RSA_PSS_SHA512 &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha512()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 64) != 1))
		goto fail;
	return md;
fail:
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return NULL;
}

static int
signature_matches(const struct httpsig_key *key, enum httpsig_alg alg,
    const char *text, size_t len, const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *md = signature_context(key, alg, 0);
	int rc;

	if (md == NULL)
		return 0;
	rc = EVP_DigestVerify(md, sig, siglen, (const unsigned char *)text,
	    len);
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return rc == 1;
}

/* Sign text; the signature as base64 (caller frees), or NULL. */
static char *
sign_text(const struct httpsig_key *key, enum httpsig_alg alg,
    const char *text, size_t len, unsigned char **raw, size_t *rawlen)
{
	EVP_MD_CTX *md = signature_context(key, alg, 1);
	unsigned char *sig = NULL;
	size_t siglen = 0;
	char *out = NULL;

	if (md == NULL)
		return NULL;
	if (EVP_DigestSign(md, NULL, &siglen, (const unsigned char *)text,
	    len) != 1)
		goto done;
	sig = xmalloc(siglen);
	if (EVP_DigestSign(md, sig, &siglen, (const unsigned char *)text,
	    len) != 1)
		goto done;
	out = base64_encode_alloc(sig, siglen);
	if (raw != NULL) {
		*raw = sig;
		*rawlen = siglen;
		sig = NULL;
	}
done:
	free(sig);
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return out;
}

/* --- the request --------------------------------------------------- */

static int
is_ows(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Every value of a header, trimmed and joined by ", ", into out. 0, or
 * -1 when the request has no such header.
 */
static int
request_header(const struct httpsig_request *req, const char *name,
    struct buf *out)
{
	const char *v, *end;
	size_t i;
	int found = 0;

	for (i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, name) != 0)
			continue;
		v = req->headers[i].value ? req->headers[i].value : "";
		while (is_ows((unsigned char)*v))
			v++;
		end = v + strlen(v);
		while (end > v && is_ows((unsigned char)end[-1]))
			end--;
		if (found++)
			buf_puts(out, ", ");
		buf_add(out, v, (size_t)(end - v));
	}
	if (found && out->data == NULL)
		buf_puts(out, "");
	return found ? 0 : -1;
}

/* The value of a header as a new string, or NULL. */
static char *
request_header_dup(const struct httpsig_request *req, const char *name)
{
	struct buf b = BUF_INIT;

	if (request_header(req, name, &b) == -1)
		return NULL;
	return buf_detach(&b);
}

/* host[:port] in lower case, without the scheme's default port. */
static void
normalized_authority(const struct httpsig_request *req, struct buf *out)
{
	const char *a = req->authority ? req->authority : "", *colon;
	size_t len = strlen(a), i;

	colon = strrchr(a, ':');
	if (colon != NULL && strchr(colon, ']') == NULL && req->scheme &&
	    ((!strcasecmp(req->scheme, "https") && !strcmp(colon, ":443")) ||
	    (!strcasecmp(req->scheme, "http") && !strcmp(colon, ":80"))))
		len = (size_t)(colon - a);
	for (i = 0; i < len; i++)
		buf_putc(out, tolower((unsigned char)a[i]));
}

void
httpsig_signature_free(struct httpsig_signature *sig)
{
	size_t i;

	free(sig->label);
	free(sig->key_id);
	free(sig->algorithm);
	for (i = 0; i < sig->ncovered; i++)
		free(sig->covered[i]);
	free(sig->covered);
	free(sig->signature);
	sf_dictionary_free(&sig->input);
	memset(sig, 0, sizeof(*sig));
	sig->created = sig->expires = -1;
}

static void
signature_init(struct httpsig_signature *sig, enum httpsig_scheme scheme)
{
	memset(sig, 0, sizeof(*sig));
	sig->scheme = scheme;
	sig->created = sig->expires = -1;
}

static void
covered_add(struct httpsig_signature *sig, const char *name, size_t len)
{
	sig->covered = xrealloc(sig->covered, (sig->ncovered + 1) *
	    sizeof(*sig->covered));
	sig->covered[sig->ncovered++] = xstrndup(name, len);
}

static int
covers(const struct httpsig_signature *sig, const char *name)
{
	size_t i;

	for (i = 0; i < sig->ncovered; i++)
		if (!strcmp(sig->covered[i], name))
			return 1;
	return 0;
}

/* --- draft-cavage -------------------------------------------------- */

static int
cavage_name_char(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

/*
 * One `name="value"` (or name=value) of a Signature header. Advances
 * *pp past it; the value is unescaped into value.
 */
static int
cavage_param(const char **pp, struct buf *name, struct buf *value,
    char *reason, size_t reasonlen)
{
	const char *p = *pp;

	while (cavage_name_char((unsigned char)*p))
		buf_putc(name, *p++);
	if (name->len == 0)
		return fail(reason, reasonlen, "Signature header: expected a "
		    "parameter name");
	if (name->len > HTTPSIG_MAX_NAME)
		return fail(reason, reasonlen, "Signature header: a parameter "
		    "name is too long");
	while (is_ows((unsigned char)*p))
		p++;
	if (*p++ != '=')
		return fail(reason, reasonlen, "Signature header: expected '=' "
		    "after %s", buf_cstr(name));
	while (is_ows((unsigned char)*p))
		p++;
	if (*p == '"') {
		for (p++; *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			if (*p == '\0')
				return fail(reason, reasonlen, "Signature "
				    "header: the value of %s has no closing "
				    "quote", buf_cstr(name));
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return fail(reason, reasonlen, "Signature "
				    "header: a control character in %s",
				    buf_cstr(name));
			buf_putc(value, *p);
		}
		p++;
	} else
		while (*p && *p != ',' && !is_ows((unsigned char)*p)) {
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return fail(reason, reasonlen, "Signature "
				    "header: a control character in %s",
				    buf_cstr(name));
			buf_putc(value, *p++);
		}
	buf_puts(value, "");
	*pp = p;
	return 0;
}

/* A Unix time: up to 15 digits, an optional fraction ignored. */
static int
parse_seconds(const char *s, long long *out)
{
	long long v = 0;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 15)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (digits == 0)
		return -1;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s != '\0')
		return -1;
	*out = v;
	return 0;
}

/* The headers parameter: names separated by spaces, lower-cased. */
static int
cavage_covered(struct httpsig_signature *sig, const char *list,
    char *reason, size_t reasonlen)
{
	const char *p = list, *start;
	char name[HTTPSIG_MAX_NAME + 1];
	size_t len, i;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (start = p; *p && *p != ' '; p++)
			;
		len = (size_t)(p - start);
		if (len > HTTPSIG_MAX_NAME)
			return fail(reason, reasonlen, "Signature header: a "
			    "signed header name is longer than %d bytes",
			    HTTPSIG_MAX_NAME);
		if (sig->ncovered == HTTPSIG_MAX_COVERED)
			return fail(reason, reasonlen, "Signature header: more "
			    "than %d signed headers", HTTPSIG_MAX_COVERED);
		for (i = 0; i < len; i++)
			name[i] = (char)tolower((unsigned char)start[i]);
		name[len] = '\0';
		if (name[0] == '(' ? strcmp(name, "(request-target)") != 0 &&
		    strcmp(name, "(created)") != 0 &&
		    strcmp(name, "(expires)") != 0 :
		    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789"
		    "!#$%&'*+-.^_`|~") != len)
			return fail(reason, reasonlen, "Signature header: "
			    "\"%s\" is not a header name", name);
		covered_add(sig, name, len);
	}
	if (sig->ncovered == 0)
		return fail(reason, reasonlen, "Signature header: the headers "
		    "parameter is empty");
	return 0;
}

/* Keep one parameter we know; -1 on a repeat or a bad value. */
static int
cavage_store(struct httpsig_signature *sig, const char *name,
    const char *value, char **headers, int *seen, char *reason,
    size_t reasonlen)
{
	static const char *const known[] = { "keyId", "algorithm", "headers",
	    "signature", "created", "expires" };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i]))
			break;
	if (i == sizeof(known) / sizeof(known[0]))
		return 0;		/* unknown parameters are ignored */
	if (*seen & (1 << i))
		return fail(reason, reasonlen, "Signature header: %s is given "
		    "twice", name);
	*seen |= 1 << i;
	switch (i) {
	case 0:
		if (strlen(value) > HTTPSIG_MAX_KEY_ID)
			return fail(reason, reasonlen, "Signature header: "
			    "keyId is longer than %d bytes",
			    HTTPSIG_MAX_KEY_ID);
		sig->key_id = xstrdup(value);
		break;
	case 1:
		sig->algorithm = xstrdup(value);
		if (!strcasecmp(value, "rsa-sha256"))
			sig->alg = HTTPSIG_ALG_RSA_V1_5_SHA256;
		else if (!strcasecmp(value, "hs2019"))
			sig->alg = HTTPSIG_ALG_FROM_KEY;
		else
			return fail(reason, reasonlen, "Signature header: "
			    "algorithm \"%.40s\" is not supported (rsa-sha256 "
			    "and hs2019 are)", value);
		break;
	case 2:
		*headers = xstrdup(value);
		break;
	case 3:
		if (base64_decode_alloc(value, HTTPSIG_MAX_SIGNATURE,
		    &sig->signature, &sig->signature_len) == -1 ||
		    sig->signature_len == 0)
			return fail(reason, reasonlen, "Signature header: the "
			    "signature is not base64 of 1 to %d bytes",
			    HTTPSIG_MAX_SIGNATURE);
		break;
	default:
		if (parse_seconds(value, i == 4 ? &sig->created :
		    &sig->expires) == -1)
			return fail(reason, reasonlen, "Signature header: %s "
			    "is not a time in seconds", name);
		break;
	}
	return 0;
}

int
httpsig_cavage_parse(const char *header, struct httpsig_signature *sig,
    char *reason, size_t reasonlen)
{
	struct buf name = BUF_INIT, value = BUF_INIT;
	const char *p = header;
	char *headers = NULL;
	int seen = 0, nparams = 0, rc = -1;

	signature_init(sig, HTTPSIG_CAVAGE);
	if (header == NULL || *header == '\0')
		return fail(reason, reasonlen, "no Signature header");
	if (strlen(header) > HTTPSIG_MAX_HEADER)
		return fail(reason, reasonlen, "Signature header: longer than "
		    "%d bytes", HTTPSIG_MAX_HEADER);
	for (;;) {
		while (is_ows((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (++nparams > HTTPSIG_MAX_PARAMS) {
			fail(reason, reasonlen, "Signature header: more than "
			    "%d parameters", HTTPSIG_MAX_PARAMS);
			goto done;
		}
		buf_reset(&name);
		buf_reset(&value);
		if (cavage_param(&p, &name, &value, reason, reasonlen) == -1 ||
		    cavage_store(sig, buf_cstr(&name), buf_cstr(&value),
		    &headers, &seen, reason, reasonlen) == -1)
			goto done;
		while (is_ows((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (*p++ != ',') {
			fail(reason, reasonlen, "Signature header: expected "
			    "',' after %s", buf_cstr(&name));
			goto done;
		}
	}
	if (sig->key_id == NULL || *sig->key_id == '\0') {
		fail(reason, reasonlen, "Signature header: keyId is missing");
		goto done;
	}
	if (sig->signature == NULL) {
		fail(reason, reasonlen, "Signature header: signature is "
		    "missing");
		goto done;
	}
	/* The draft's default when no headers are named. */
	if (cavage_covered(sig, headers ? headers : "date", reason,
	    reasonlen) == -1)
		goto done;
	rc = 0;
done:
	buf_free(&name);
	buf_free(&value);
	free(headers);
	return rc;
}

static int
cavage_signing_string(const struct httpsig_request *req,
    const struct httpsig_signature *sig, struct buf *out, char *reason,
    size_t reasonlen)
{
	const char *name, *m;
	size_t i;

	for (i = 0; i < sig->ncovered; i++) {
		name = sig->covered[i];
		if (i > 0)
			buf_putc(out, '\n');
		buf_printf(out, "%s: ", name);
		if (!strcmp(name, "(request-target)")) {
			for (m = req->method; *m; m++)
				buf_putc(out, tolower((unsigned char)*m));
			buf_printf(out, " %s", req->target);
		} else if (!strcmp(name, "(created)") ||
		    !strcmp(name, "(expires)")) {
			long long t = name[1] == 'c' ? sig->created :
			    sig->expires;

			if (t < 0)
				return fail(reason, reasonlen, "%s is signed "
				    "but the signature has no %.7s parameter",
				    name, name + 1);
			buf_printf(out, "%lld", t);
		} else if (request_header(req, name, out) == -1) {
			if (strcmp(name, "host") != 0 || req->authority == NULL)
				return fail(reason, reasonlen, "the signed "
				    "header %s is missing", name);
			buf_puts(out, req->authority);
		}
	}
	return 0;
}

/* --- RFC 9421 ------------------------------------------------------ */

static const char *const derived_components[] = {
	"@method", "@target-uri", "@authority", "@scheme", "@request-target",
	"@path", "@query", NULL
};

static int
rfc9421_component_ok(const struct sf_item *it, const struct
    httpsig_signature *sig, char *reason, size_t reasonlen)
{
	const char *name;
	size_t i, len;

	if (it->bare.type != SF_STRING)
		return fail(reason, reasonlen, "Signature-Input: a component "
		    "is not a string");
	name = it->bare.string;
	len = strlen(name);
	if (len == 0 || len > HTTPSIG_MAX_NAME)
		return fail(reason, reasonlen, "Signature-Input: a component "
		    "name is empty or longer than %d bytes",
		    HTTPSIG_MAX_NAME);
	if (it->params.n > 0)
		return fail(reason, reasonlen, "Signature-Input: component "
		    "parameters (;%s on \"%s\") are not supported",
		    it->params.v[0].key, name);
	if (name[0] == '@') {
		for (i = 0; derived_components[i] != NULL; i++)
			if (!strcmp(name, derived_components[i]))
				break;
		if (derived_components[i] == NULL)
			return fail(reason, reasonlen, "Signature-Input: the "
			    "component %s is not supported", name);
	} else if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789"
	    "!#$%&'*+-.^_`|~") != len)
		return fail(reason, reasonlen, "Signature-Input: \"%s\" is not "
		    "a lower-case header name", name);
	if (covers(sig, name))
		return fail(reason, reasonlen, "Signature-Input: %s is listed "
		    "twice", name);
	return 0;
}

static int
rfc9421_params(struct httpsig_signature *sig, const struct sf_params *ps,
    char *reason, size_t reasonlen)
{
	const struct sf_bare *v;

	if ((v = sf_params_get(ps, "created")) != NULL) {
		if (v->type != SF_INTEGER || v->integer < 0)
			return fail(reason, reasonlen, "Signature-Input: "
			    "created is not a time in seconds");
		sig->created = v->integer;
	}
	if ((v = sf_params_get(ps, "expires")) != NULL) {
		if (v->type != SF_INTEGER || v->integer < 0)
			return fail(reason, reasonlen, "Signature-Input: "
			    "expires is not a time in seconds");
		sig->expires = v->integer;
	}
	if ((v = sf_params_get(ps, "keyid")) == NULL || v->type != SF_STRING ||
	    *v->string == '\0')
		return fail(reason, reasonlen, "Signature-Input: keyid is "
		    "missing or not a string");
	if (strlen(v->string) > HTTPSIG_MAX_KEY_ID)
		return fail(reason, reasonlen, "Signature-Input: keyid is "
		    "longer than %d bytes", HTTPSIG_MAX_KEY_ID);
	sig->key_id = xstrdup(v->string);
	if ((v = sf_params_get(ps, "alg")) == NULL)
		return 0;
	if (v->type != SF_STRING)
		return fail(reason, reasonlen, "Signature-Input: alg is not a "
		    "string");
	sig->algorithm = xstrdup(v->string);
	if (!strcmp(v->string, "rsa-v1_5-sha256"))
		sig->alg = HTTPSIG_ALG_RSA_V1_5_SHA256;
	else if (!strcmp(v->string, "rsa-pss-sha512"))
		sig->alg = HTTPSIG_ALG_RSA_PSS_SHA512;
	else if (!strcmp(v->string, "ed25519"))
		sig->alg = HTTPSIG_ALG_ED25519;
	else
		return fail(reason, reasonlen, "Signature-Input: alg \"%.40s\" "
		    "is not supported (rsa-v1_5-sha256, rsa-pss-sha512 and "
		    "ed25519 are)", v->string);
	return 0;
}

/*
 * The first label of Signature-Input that Signature has a byte sequence
 * for: senders may add signatures, and one we can check is enough.
 */
static const struct sf_member *
rfc9421_choose(const struct sf_dictionary *input,
    const struct sf_dictionary *sigs, const struct sf_member **value)
{
	const struct sf_member *s;
	size_t i;

	for (i = 0; i < input->n; i++) {
		if (!input->members[i].is_inner_list)
			continue;
		s = sf_dictionary_get(sigs, input->members[i].key);
		if (s != NULL && !s->is_inner_list &&
		    s->bare.type == SF_BYTES) {
			*value = s;
			return &input->members[i];
		}
	}
	return NULL;
}

int
httpsig_rfc9421_parse(const char *input, const char *signature,
    struct httpsig_signature *sig, char *reason, size_t reasonlen)
{
	struct sf_dictionary sigs = { NULL, 0 };
	const struct sf_member *m, *value = NULL;
	char why[HTTPSIG_REASON_MAX];
	size_t i;
	int rc = -1;

	signature_init(sig, HTTPSIG_RFC9421);
	if (input == NULL || signature == NULL)
		return fail(reason, reasonlen, "RFC 9421 needs both "
		    "Signature-Input and Signature headers");
	if (sf_parse_dictionary(input, &sig->input, why, sizeof(why)) == -1)
		return fail(reason, reasonlen, "Signature-Input: %s", why);
	if (sf_parse_dictionary(signature, &sigs, why, sizeof(why)) == -1)
		return fail(reason, reasonlen, "Signature: %s", why);
	if ((m = rfc9421_choose(&sig->input, &sigs, &value)) == NULL) {
		fail(reason, reasonlen, "no label of Signature-Input has a "
		    "signature in Signature");
		goto done;
	}
	sig->params = m;
	sig->label = xstrdup(m->key);
	if (value->bare.len == 0 || value->bare.len > HTTPSIG_MAX_SIGNATURE) {
		fail(reason, reasonlen, "Signature: the signature is not 1 to "
		    "%d bytes", HTTPSIG_MAX_SIGNATURE);
		goto done;
	}
	sig->signature = xmalloc(value->bare.len);
	memcpy(sig->signature, value->bare.bytes, value->bare.len);
	sig->signature_len = value->bare.len;
	if (m->nitems > HTTPSIG_MAX_COVERED) {
		fail(reason, reasonlen, "Signature-Input: more than %d "
		    "components", HTTPSIG_MAX_COVERED);
		goto done;
	}
	for (i = 0; i < m->nitems; i++) {
		if (rfc9421_component_ok(&m->items[i], sig, reason,
		    reasonlen) == -1)
			goto done;
		covered_add(sig, m->items[i].bare.string,
		    strlen(m->items[i].bare.string));
	}
	if (rfc9421_params(sig, &m->params, reason, reasonlen) == -1)
		goto done;
	rc = 0;
done:
	sf_dictionary_free(&sigs);
	return rc;
}

static void
target_path(const char *target, struct buf *out)
{
	size_t n = strcspn(target, "?");

	if (n == 0)
		buf_putc(out, '/');
	else
		buf_add(out, target, n);
}

static int
rfc9421_component_value(const struct httpsig_request *req, const char *name,
    struct buf *out, char *reason, size_t reasonlen)
{
	const char *q, *s;

	if (!strcmp(name, "@method"))
		buf_puts(out, req->method);
	else if (!strcmp(name, "@target-uri")) {
		for (s = req->scheme; *s; s++)
			buf_putc(out, tolower((unsigned char)*s));
		buf_puts(out, "://");
		normalized_authority(req, out);
		buf_puts(out, req->target);
	} else if (!strcmp(name, "@authority"))
		normalized_authority(req, out);
	else if (!strcmp(name, "@scheme"))
		for (s = req->scheme; *s; s++)
			buf_putc(out, tolower((unsigned char)*s));
	else if (!strcmp(name, "@request-target"))
		buf_puts(out, req->target);
	else if (!strcmp(name, "@path"))
		target_path(req->target, out);
	else if (!strcmp(name, "@query")) {
		q = strchr(req->target, '?');
		buf_puts(out, q ? q : "?");
	} else if (request_header(req, name, out) == -1)
		return fail(reason, reasonlen, "the signed header %s is "
		    "missing", name);
	return 0;
}

static int
rfc9421_signature_base(const struct httpsig_request *req,
    const struct sf_member *m, struct buf *out, char *reason,
    size_t reasonlen)
{
	size_t i;

	for (i = 0; i < m->nitems; i++) {
		sf_serialize_item(out, &m->items[i]);
		buf_puts(out, ": ");
		if (rfc9421_component_value(req, m->items[i].bare.string, out,
		    reason, reasonlen) == -1)
			return -1;
		buf_putc(out, '\n');
	}
	buf_puts(out, "\"@signature-params\": ");
	sf_serialize_member_value(out, m);
	return 0;
}

/* --- both schemes -------------------------------------------------- */

int
httpsig_parse(const struct httpsig_request *req,
    struct httpsig_signature *sig, char *reason, size_t reasonlen)
{
	char *input, *signature, *authorization;
	int rc;

	input = request_header_dup(req, "signature-input");
	signature = request_header_dup(req, "signature");
	if (input != NULL)
		rc = httpsig_rfc9421_parse(input, signature, sig, reason,
		    reasonlen);
	else if (signature != NULL)
		rc = httpsig_cavage_parse(signature, sig, reason, reasonlen);
	else if ((authorization = request_header_dup(req,
	    "authorization")) != NULL &&
	    !strncasecmp(authorization, "Signature ", 10)) {
		rc = httpsig_cavage_parse(authorization + 10, sig, reason,
		    reasonlen);
		free(authorization);
	} else {
		free(authorization);
		signature_init(sig, HTTPSIG_CAVAGE);
		rc = fail(reason, reasonlen, "the request is not signed (no "
		    "Signature header)");
	}
	free(input);
	free(signature);
	return rc;
}

int
httpsig_signing_string(const struct httpsig_request *req,
    const struct httpsig_signature *sig, struct buf *out, char *reason,
    size_t reasonlen)
{
	buf_reset(out);
	if (sig->scheme == HTTPSIG_RFC9421) {
		if (sig->params == NULL)
			return fail(reason, reasonlen, "no signature parsed");
		return rfc9421_signature_base(req, sig->params, out, reason,
		    reasonlen);
	}
	return cavage_signing_string(req, sig, out, reason, reasonlen);
}

static int
has_body(const struct httpsig_request *req)
{
	return strcasecmp(req->method, "GET") != 0 &&
	    strcasecmp(req->method, "HEAD") != 0;
}

int
httpsig_check_coverage(const struct httpsig_request *req,
    const struct httpsig_signature *sig, char *reason, size_t reasonlen)
{
	if (sig->scheme == HTTPSIG_CAVAGE) {
		if (!covers(sig, "(request-target)"))
			return fail(reason, reasonlen, "the signature does not "
			    "cover (request-target)");
		if (!covers(sig, "host"))
			return fail(reason, reasonlen, "the signature does not "
			    "cover host");
		if (!covers(sig, "date") && !covers(sig, "(created)"))
			return fail(reason, reasonlen, "the signature covers "
			    "neither date nor (created)");
		if (has_body(req) && !covers(sig, "digest"))
			return fail(reason, reasonlen, "the signature does not "
			    "cover digest");
		return 0;
	}
	if (!covers(sig, "@method"))
		return fail(reason, reasonlen, "the signature does not cover "
		    "@method");
	if (!covers(sig, "@target-uri") && !covers(sig, "@request-target") &&
	    !(covers(sig, "@path") && (strchr(req->target, '?') == NULL ||
	    covers(sig, "@query"))))
		return fail(reason, reasonlen, "the signature does not cover "
		    "the target (@target-uri, or @path and @query)");
	if (!covers(sig, "@target-uri") && !covers(sig, "@authority") &&
	    !covers(sig, "host"))
		return fail(reason, reasonlen, "the signature does not cover "
		    "@authority");
	if (sig->created < 0 && !covers(sig, "date"))
		return fail(reason, reasonlen, "the signature has neither "
		    "created nor date");
	if (has_body(req) && !covers(sig, "content-digest") &&
	    !covers(sig, "digest"))
		return fail(reason, reasonlen, "the signature does not cover "
		    "content-digest");
	return 0;
}

static int
times_hold(const struct httpsig_signature *sig, time_t now, char *reason,
    size_t reasonlen)
{
	if (sig->expires >= 0 && (long long)now > sig->expires)
		return fail(reason, reasonlen, "the signature expired %lld s "
		    "ago", (long long)now - sig->expires);
	if (sig->created >= 0 && sig->created > (long long)now +
	    HTTPSIG_MAX_SKEW)
		return fail(reason, reasonlen, "the signature was created "
		    "more than an hour in the future");
	if (sig->created >= 0 && (long long)now - sig->created >
	    HTTPSIG_MAX_SKEW)
		return fail(reason, reasonlen, "the signature was created "
		    "more than an hour ago");
	return 0;
}

int
httpsig_verify(const struct httpsig_request *req,
    const struct httpsig_signature *sig, const struct httpsig_key *key,
    time_t now, char *reason, size_t reasonlen)
{
	struct buf base = BUF_INIT;
	enum httpsig_alg alg;
	int rc = -1;

	if (sig->signature == NULL || key == NULL)
		return fail(reason, reasonlen, "no signature or no key");
	if (times_hold(sig, now, reason, reasonlen) == -1)
		return -1;
	alg = alg_for_key(key, sig->alg);
	if (!alg_suits_key(alg, key))
		return fail(reason, reasonlen, "algorithm %s does not suit "
		    "the actor's %s key", sig->algorithm ? sig->algorithm :
		    alg_name(alg), httpsig_key_type(key));
	if (httpsig_signing_string(req, sig, &base, reason, reasonlen) == -1)
		goto done;
	if (!signature_matches(key, alg, buf_cstr(&base), base.len,
	    sig->signature, sig->signature_len)) {
		fail(reason, reasonlen, "the signature does not match the "
		    "request and the key %s", sig->key_id);
		goto done;
	}
	rc = 0;
done:
	buf_free(&base);
	return rc;
}

/* --- signing ------------------------------------------------------- */

/* Values we quote ourselves must not need escaping. */
static int
quotable(const char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20 ||
		    *s == 0x7f)
			return 0;
	return 1;
}

char *
httpsig_cavage_sign_request(const struct httpsig_request *req,
    const char *headers, const struct httpsig_key *key, const char *key_id,
    char *reason, size_t reasonlen)
{
	struct httpsig_signature sig;
	struct buf base = BUF_INIT, out = BUF_INIT;
	enum httpsig_alg alg = alg_for_key(key, HTTPSIG_ALG_FROM_KEY);
	char *b64 = NULL;

	signature_init(&sig, HTTPSIG_CAVAGE);
	if (!quotable(key_id) || (headers != NULL && !quotable(headers))) {
		fail(reason, reasonlen, "keyId and headers must not need "
		    "escaping");
		goto done;
	}
	if (cavage_covered(&sig, headers ? headers : "date", reason,
	    reasonlen) == -1 ||
	    cavage_signing_string(req, &sig, &base, reason, reasonlen) == -1)
		goto done;
	if ((b64 = sign_text(key, alg, buf_cstr(&base), base.len, NULL,
	    NULL)) == NULL) {
		fail(reason, reasonlen, "cannot sign with this key (is it a "
		    "private key?)");
		goto done;
	}
	buf_printf(&out, "keyId=\"%s\",algorithm=\"%s\",", key_id,
	    key->is_rsa ? "rsa-sha256" : "hs2019");
	if (headers != NULL)
		buf_printf(&out, "headers=\"%s\",", headers);
	buf_printf(&out, "signature=\"%s\"", b64);
done:
	free(b64);
	buf_free(&base);
	httpsig_signature_free(&sig);
	return out.data ? buf_detach(&out) : NULL;
}

char *
httpsig_cavage_sign(const char *method, const char *target, const char *host,
    const char *date, const char *digest, const struct httpsig_key *key,
    const char *key_id, char *reason, size_t reasonlen)
{
	struct httpsig_header headers[3] = {
		{ "host", host }, { "date", date }, { "digest", digest }
	};
	struct httpsig_request req = {
		method, "https", host, target, headers, digest ? 3 : 2
	};

	return httpsig_cavage_sign_request(&req, digest ?
	    "(request-target) host date digest" : "(request-target) host date",
	    key, key_id, reason, reasonlen);
}

static int
sf_key_valid(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len <= SF_MAX_KEY &&
	    ((*s >= 'a' && *s <= 'z') || *s == '*') &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-.*") == len;
}

int
httpsig_rfc9421_sign(const struct httpsig_request *req, const char *label,
    const char *const *components, size_t ncomponents, long long created,
    long long expires, const char *alg, const struct httpsig_key *key,
    const char *key_id, char **signature_input, char **signature,
    char *reason, size_t reasonlen)
{
	struct sf_dictionary dict = { NULL, 0 };
	struct buf input = BUF_INIT, base = BUF_INIT, out = BUF_INIT;
	unsigned char *raw = NULL;
	size_t rawlen = 0, i;
	char *b64 = NULL, why[HTTPSIG_REASON_MAX];
	enum httpsig_alg use = HTTPSIG_ALG_FROM_KEY;
	int rc = -1;

	*signature_input = *signature = NULL;
	if (!sf_key_valid(label) || !quotable(key_id) ||
	    (alg != NULL && !quotable(alg)))
		return fail(reason, reasonlen, "the label, keyid or alg cannot "
		    "be written as a structured field");
	/* The alg written must be the one signed with. */
	if (alg != NULL) {
		static const enum httpsig_alg algs[] = {
			HTTPSIG_ALG_RSA_V1_5_SHA256, HTTPSIG_ALG_RSA_PSS_SHA512,
			HTTPSIG_ALG_ED25519
		};
		for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
			if (!strcmp(alg, alg_name(algs[i])))
				break;
		if (i == sizeof(algs) / sizeof(algs[0]) ||
		    !alg_suits_key(algs[i], key))
			return fail(reason, reasonlen, "alg %s is unknown or "
			    "does not suit a%s key", alg, key->is_rsa ?
			    "n RSA" : "n Ed25519");
		use = algs[i];
	}
	buf_printf(&input, "%s=(", label);
	for (i = 0; i < ncomponents; i++) {
		if (!quotable(components[i]))
			goto bad;
		buf_printf(&input, "%s\"%s\"", i ? " " : "", components[i]);
	}
	buf_printf(&input, ");created=%lld;keyid=\"%s\"", created, key_id);
	if (alg != NULL)
		buf_printf(&input, ";alg=\"%s\"", alg);
	if (expires >= 0)
		buf_printf(&input, ";expires=%lld", expires);
	if (sf_parse_dictionary(buf_cstr(&input), &dict, why,
	    sizeof(why)) == -1) {
		fail(reason, reasonlen, "Signature-Input: %s", why);
		goto done;
	}
	if (rfc9421_signature_base(req, &dict.members[0], &base, reason,
	    reasonlen) == -1)
		goto done;
	if ((b64 = sign_text(key, alg_for_key(key, use),
	    buf_cstr(&base), base.len, &raw, &rawlen)) == NULL) {
		fail(reason, reasonlen, "cannot sign with this key (is it a "
		    "private key?)");
		goto done;
	}
	buf_printf(&out, "%s=:%s:", label, b64);
	*signature_input = buf_detach(&input);
	*signature = buf_detach(&out);
	rc = 0;
	goto done;
bad:
	fail(reason, reasonlen, "a component name cannot be written as a "
	    "structured field");
done:
	free(raw);
	free(b64);
	sf_dictionary_free(&dict);
	buf_free(&input);
	buf_free(&base);
	buf_free(&out);
	return rc;
}

/* --- digests ------------------------------------------------------- */

char *
httpsig_digest(const void *body, size_t len)
{
	unsigned char md[32];
	struct buf out = BUF_INIT;
	char *b64;

	EVP_Digest(body, len, md, NULL, EVP_sha256(), NULL);
	b64 = base64_encode_alloc(md, sizeof(md));
	buf_printf(&out, "SHA-256=%s", b64);
	free(b64);
	return buf_detach(&out);
}

char *
httpsig_content_digest(const void *body, size_t len, int sha512)
{
	unsigned char md[64];
	unsigned int mdlen = 0;
	struct buf out = BUF_INIT;
	char *b64;

	EVP_Digest(body, len, md, &mdlen, sha512 ? EVP_sha512() : EVP_sha256(),
	    NULL);
	b64 = base64_encode_alloc(md, mdlen);
	buf_printf(&out, "%s=:%s:", sha512 ? "sha-512" : "sha-256", b64);
	free(b64);
	return buf_detach(&out);
}

/* The body's digest under a named algorithm; 0 when we know none. */
static unsigned int
body_digest(const char *alg, const void *body, size_t len,
    unsigned char md[64])
{
	unsigned int mdlen = 0;

	if (!strcasecmp(alg, "sha-256"))
		EVP_Digest(body, len, md, &mdlen, EVP_sha256(), NULL);
	else if (!strcasecmp(alg, "sha-512"))
		EVP_Digest(body, len, md, &mdlen, EVP_sha512(), NULL);
	return mdlen;
}

#define DIGEST_MAX_ENTRIES 8

/* "SHA-256=b64, SHA-512=b64": every known algorithm must match. */
static int
check_digest_header(const char *header, const void *body, size_t len,
    int *known, char *reason, size_t reasonlen)
{
	const char *p = header, *eq, *end;
	unsigned char md[64], *given = NULL;
	size_t givenlen;
	unsigned int mdlen;
	char alg[16], *value;
	int entries = 0, ok;

	if (strlen(header) > HTTPSIG_MAX_HEADER)
		return fail(reason, reasonlen, "Digest header: longer than %d "
		    "bytes", HTTPSIG_MAX_HEADER);
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (++entries > DIGEST_MAX_ENTRIES)
			return fail(reason, reasonlen, "Digest header: more "
			    "than %d digests", DIGEST_MAX_ENTRIES);
		end = p + strcspn(p, ",");
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL ||
		    eq == p || (size_t)(eq - p) >= sizeof(alg))
			return fail(reason, reasonlen, "Digest header: "
			    "expected algorithm=value");
		memcpy(alg, p, (size_t)(eq - p));
		alg[eq - p] = '\0';
		p = end;
		if ((mdlen = body_digest(alg, body, len, md)) == 0)
			continue;	/* an algorithm we do not know */
		value = xstrndup(eq + 1, (size_t)(end - eq - 1));
		value[strcspn(value, " \t")] = '\0';
		ok = base64_decode_alloc(value, 64, &given, &givenlen) == 0 &&
		    givenlen == mdlen && !memcmp(given, md, mdlen);
		free(value);
		free(given);
		given = NULL;
		if (!ok)
			return fail(reason, reasonlen, "Digest header: the %s "
			    "digest does not match the body", alg);
		(*known)++;
	}
	return 0;
}

static int
check_content_digest(const char *header, const void *body, size_t len,
    int *known, char *reason, size_t reasonlen)
{
	struct sf_dictionary d;
	const struct sf_member *m;
	unsigned char md[64];
	unsigned int mdlen;
	char why[HTTPSIG_REASON_MAX];
	size_t i;

	if (sf_parse_dictionary(header, &d, why, sizeof(why)) == -1)
		return fail(reason, reasonlen, "Content-Digest header: %s",
		    why);
	for (i = 0; i < d.n; i++) {
		m = &d.members[i];
		if ((mdlen = body_digest(m->key, body, len, md)) == 0)
			continue;
		if (m->is_inner_list || m->bare.type != SF_BYTES ||
		    m->bare.len != mdlen || memcmp(m->bare.bytes, md, mdlen)) {
			fail(reason, reasonlen, "Content-Digest header: the %s "
			    "digest does not match the body", m->key);
			sf_dictionary_free(&d);
			return -1;
		}
		(*known)++;
	}
	sf_dictionary_free(&d);
	return 0;
}

int
httpsig_digest_check(const char *digest, const char *content_digest,
    const void *body, size_t len, char *reason, size_t reasonlen)
{
	int known;

	/*
	 * Each header present must carry a digest we can check: the
	 * signature covers only one of them, and a covered header holding
	 * only, say, SHA-1 beside an uncovered one that matches would
	 * leave the body unbound to the signature.
	 */
	if (digest == NULL && content_digest == NULL)
		return fail(reason, reasonlen, "the request has no Digest or "
		    "Content-Digest header");
	known = 0;
	if (digest != NULL && (check_digest_header(digest, body, len, &known,
	    reason, reasonlen) == -1 || (known == 0 && fail(reason, reasonlen,
	    "Digest header: no SHA-256 or SHA-512 digest of the body"))))
		return -1;
	known = 0;
	if (content_digest != NULL && (check_content_digest(content_digest,
	    body, len, &known, reason, reasonlen) == -1 || (known == 0 &&
	    fail(reason, reasonlen, "Content-Digest header: no SHA-256 or "
	    "SHA-512 digest of the body"))))
		return -1;
	return 0;
}

/* --- dates --------------------------------------------------------- */

static const char days[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

void
httpsig_format_date(time_t t, char out[30])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	/* Unsigned and bounded, so the compiler sees that 29 bytes do. */
	snprintf(out, 30, "%s, %02u %s %04u %02u:%02u:%02u GMT",
	    days[tm.tm_wday % 7], (unsigned)tm.tm_mday % 100u,
	    months[tm.tm_mon % 12], (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
	    (unsigned)tm.tm_sec % 100u);
}

static int
two_digits(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

int
httpsig_parse_date(const char *s, time_t *out)
{
	struct tm tm;
	int i, century, year;

	/* "Sun, 05 Jan 2014 21:31:40 GMT": 29 characters, fixed places. */
	if (s == NULL || strlen(s) != 29 || strcmp(s + 25, " GMT") != 0 ||
	    s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':')
		return -1;
	memset(&tm, 0, sizeof(tm));
	for (i = 0; i < 7 && strncmp(s, days[i], 3) != 0; i++)
		;
	if (i == 7)
		return -1;
	for (i = 0; i < 12 && strncmp(s + 8, months[i], 3) != 0; i++)
		;
	if (i == 12)
		return -1;
	tm.tm_mon = i;
	if (two_digits(s + 5, &tm.tm_mday) == -1 ||
	    two_digits(s + 12, &century) == -1 ||
	    two_digits(s + 14, &year) == -1 ||
	    two_digits(s + 17, &tm.tm_hour) == -1 ||
	    two_digits(s + 20, &tm.tm_min) == -1 ||
	    two_digits(s + 23, &tm.tm_sec) == -1)
		return -1;
	if (tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year = century * 100 + year - 1900;
	*out = timegm(&tm);
	return 0;
}

int
httpsig_date_check(const char *date, time_t now, char *reason,
    size_t reasonlen)
{
	time_t t;
	long long off;

	if (date == NULL)
		return fail(reason, reasonlen, "the request has no Date "
		    "header");
	if (httpsig_parse_date(date, &t) == -1)
		return fail(reason, reasonlen, "the Date header is not an HTTP "
		    "date (\"Sun, 05 Jan 2014 21:31:40 GMT\")");
	off = (long long)now - (long long)t;
	if (off > HTTPSIG_MAX_SKEW || off < -HTTPSIG_MAX_SKEW)
		return fail(reason, reasonlen, "the Date header is %lld s %s, "
		    "more than an hour", off < 0 ? -off : off,
		    off < 0 ? "ahead" : "behind");
	return 0;
}
