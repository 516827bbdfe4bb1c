/*
 * crypto: the few primitives woolly needs from OpenSSL, named for what
 * they are for: random tokens, digests, MACs, password hashes and the RSA
 * keys every local actor signs with.
 */
#ifndef WOOLLY_CRYPTO_H
#define WOOLLY_CRYPTO_H

#include <stddef.h>

/* nbytes of randomness as unpadded base64url into out (>= 4/3 n + 1). */
int	random_token(char *out, size_t outlen, size_t nbytes);
void	random_hex(char *out, size_t nbytes);	/* out: 2n + 1 bytes */
void	sha256(const void *data, size_t len, unsigned char out[32]);
/* HMAC-SHA256 of data under key, as 64 hex digits + NUL. */
void	hmac_sha256_hex(const char *key, const char *data, char out[65]);
/* Constant-time comparison of two NUL-terminated strings. */
int	secure_streq(const char *, const char *);

/* libxcrypt: a new yescrypt hash, or NULL; caller frees. */
char	*password_hash(const char *password);
/* 1 if password matches hash, else 0. */
int	 password_verify(const char *password, const char *hash);

/* A new RSA-2048 key pair as PEM strings (caller frees both). */
int	rsa_keypair(char **private_pem, char **public_pem);
/*
 * A new P-256 key pair (Web Push's VAPID keys): the private key as PEM,
 * the public key as its uncompressed point in padded base64url, the form
 * Mastodon publishes. Caller frees both.
 */
int	ec_p256_keypair(char **private_pem, char **public_b64url);

/*
 * base64url of len bytes into out, '='-padded when pad is set. -1 when
 * out (outlen bytes) is too small.
 */
int	base64url_encode(const void *data, size_t len, int pad, char *out,
	    size_t outlen);
/*
 * Decode base64 in either alphabet, padded or not, into out; *used gets
 * the byte count. -1 on a character outside the alphabet or no room.
 */
int	base64_decode(const char *in, unsigned char *out, size_t outlen,
	    size_t *used);

#endif
