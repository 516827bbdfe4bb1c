/*
 * crypto: OpenSSL and libxcrypt behind purpose-named functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crypt.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "buf.h"
#include "crypto.h"
#include "log.h"

int
random_token(char *out, size_t outlen, size_t nbytes)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[128];
	size_t i, o = 0;
	unsigned int acc = 0;
	int bits = 0;

	if (nbytes > sizeof(raw) || outlen < (nbytes * 4 + 2) / 3 + 1)
		return -1;
	if (RAND_bytes(raw, (int)nbytes) != 1)
		fatalx("RAND_bytes failed");
	for (i = 0; i < nbytes; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = alphabet[(acc >> bits) & 63];
		}
	}
	if (bits > 0)
		out[o++] = alphabet[(acc << (6 - bits)) & 63];
	out[o] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

void
random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];
	size_t i;

	if (nbytes > sizeof(raw))
		fatalx("random_hex: too many bytes");
	if (RAND_bytes(raw, (int)nbytes) != 1)
		fatalx("RAND_bytes failed");
	for (i = 0; i < nbytes; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	out[2 * nbytes] = '\0';
}

void
sha256(const void *data, size_t len, unsigned char out[32])
{
	unsigned int n = 32;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1)
		fatalx("EVP_Digest failed");
}

/*
 * An HMAC context keyed once with key: every signed-in page makes a CSRF
 * token with the instance secret, and OpenSSL 3's one-shot HMAC() fetches
 * the algorithm and keys a context each time. A copy of a keyed context
 * starts from the key's absorbed pads.
 */
static EVP_MAC_CTX *
hmac_keyed(const char *key)
{
	static EVP_MAC *hmac;
	static EVP_MAC_CTX *keyed;
	static char *keyed_with;
	OSSL_PARAM params[2];

	if (keyed != NULL && strcmp(keyed_with, key) == 0)
		return keyed;
	if (hmac == NULL && (hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		fatalx("EVP_MAC_fetch(HMAC) failed");
	EVP_MAC_CTX_free(keyed);
	free(keyed_with);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((keyed = EVP_MAC_CTX_new(hmac)) == NULL ||
	    EVP_MAC_init(keyed, (const unsigned char *)key, strlen(key),
	    params) != 1)
		fatalx("HMAC-SHA256 initialisation failed");
	keyed_with = xstrdup(key);
	return keyed;
}

void
hmac_sha256_hex(const char *key, const char *data, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[EVP_MAX_MD_SIZE];
	size_t n = 0, i;
	EVP_MAC_CTX *ctx;

	if ((ctx = EVP_MAC_CTX_dup(hmac_keyed(key))) == NULL ||
	    EVP_MAC_update(ctx, (const unsigned char *)data, strlen(data)) !=
	    1 || EVP_MAC_final(ctx, mac, &n, sizeof(mac)) != 1)
		fatalx("HMAC-SHA256 failed");
	EVP_MAC_CTX_free(ctx);
	for (i = 0; i < n && i < 32; i++) {
		out[2 * i] = hex[mac[i] >> 4];
		out[2 * i + 1] = hex[mac[i] & 0x0f];
	}
	out[2 * i] = '\0';
}

int
secure_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}

char *
password_hash(const char *password)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd;
	char *hash, *out = NULL;

	if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)) == NULL) {
		log_warn("crypt_gensalt_rn");
		return NULL;
	}
	cd = xcalloc(1, sizeof(*cd));
	hash = crypt_r(password, salt, cd);
	if (hash != NULL && hash[0] != '*')
		out = xstrdup(hash);
	else
		log_warnx("crypt_r failed");
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return out;
}

int
password_verify(const char *password, const char *hash)
{
	struct crypt_data *cd = xcalloc(1, sizeof(*cd));
	char *h;
	int ok;

	h = crypt_r(password, hash, cd);
	ok = h != NULL && h[0] != '*' && secure_streq(h, hash);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

static char *
bio_string(BIO *bio)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);

	return xstrndup(data, (size_t)n);
}

int
rsa_keypair(char **private_pem, char **public_pem)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	BIO *priv = NULL, *pub = NULL;
	int rc = -1;

	if (key == NULL)
		return -1;
	priv = BIO_new(BIO_s_mem());
	pub = BIO_new(BIO_s_mem());
	if (priv == NULL || pub == NULL ||
	    !PEM_write_bio_PrivateKey(priv, key, NULL, NULL, 0, NULL, NULL) ||
	    !PEM_write_bio_PUBKEY(pub, key))
		goto fail;
	*private_pem = bio_string(priv);
	*public_pem = bio_string(pub);
	rc = 0;
fail:
	BIO_free(priv);
	BIO_free(pub);
	EVP_PKEY_free(key);
	return rc;
}

int
base64url_encode(const void *data, size_t len, int pad, char *out,
    size_t outlen)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char *in = data;
	size_t i, o = 0, need;
	unsigned int acc;

	need = pad ? 4 * ((len + 2) / 3) : (len * 4 + 2) / 3;
	if (outlen < need + 1)
		return -1;
	for (i = 0; i + 2 < len; i += 3) {
		acc = (unsigned int)in[i] << 16 | (unsigned int)in[i + 1] << 8 |
		    in[i + 2];
		out[o++] = alphabet[(acc >> 18) & 63];
		out[o++] = alphabet[(acc >> 12) & 63];
		out[o++] = alphabet[(acc >> 6) & 63];
		out[o++] = alphabet[acc & 63];
	}
	if (i < len) {
		acc = (unsigned int)in[i] << 16;
		if (i + 1 < len)
			acc |= (unsigned int)in[i + 1] << 8;
		out[o++] = alphabet[(acc >> 18) & 63];
		out[o++] = alphabet[(acc >> 12) & 63];
		if (i + 1 < len)
			out[o++] = alphabet[(acc >> 6) & 63];
		else if (pad)
			out[o++] = '=';
		if (pad)
			out[o++] = '=';
	}
	out[o] = '\0';
	return 0;
}

/* The value of one base64 character (either alphabet), -1 if none. */
static int
base64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int
base64_decode(const char *in, unsigned char *out, size_t outlen,
    size_t *used)
{
	size_t i, len = strlen(in), o = 0;
	unsigned int acc = 0;
	int bits = 0, v;

	/* Padding only at the end, and never more than it fills. */
	while (len > 0 && in[len - 1] == '=')
		len--;
	if (strlen(in) - len > 2)
		return -1;
	for (i = 0; i < len; i++) {
		if ((v = base64_value((unsigned char)in[i])) == -1)
			return -1;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == outlen)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	/* A lone sixth character cannot carry a byte. */
	if (bits >= 6)
		return -1;
	*used = o;
	return 0;
}

int
ec_p256_keypair(char **private_pem, char **public_b64url)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	unsigned char point[65];
	char text[96];
	size_t n = 0;
	BIO *priv = NULL;
	int rc = -1;

	if (key == NULL)
		return -1;
	/* The uncompressed point (0x04 || X || Y), as Web Push wants it. */
	if (EVP_PKEY_get_octet_string_param(key,
	    OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof(point),
	    &n) != 1 || n != sizeof(point) || point[0] != 0x04 ||
	    base64url_encode(point, n, 1, text, sizeof(text)) == -1)
		goto fail;
	if ((priv = BIO_new(BIO_s_mem())) == NULL ||
	    !PEM_write_bio_PrivateKey(priv, key, NULL, NULL, 0, NULL, NULL))
		goto fail;
	*private_pem = bio_string(priv);
	*public_b64url = xstrdup(text);
	rc = 0;
fail:
	BIO_free(priv);
	EVP_PKEY_free(key);
	return rc;
}
