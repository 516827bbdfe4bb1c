/*
 * crypto: OpenSSL and libxcrypt behind purpose-named functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crypt.h>
#include <openssl/crypto.h>
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

void
hmac_sha256_hex(const char *key, const char *data, char out[65])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)data,
	    strlen(data), mac, &n);
	for (i = 0; i < n && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	out[64] = '\0';
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
