/*
 * httpsig: HTTP message signatures, as the Fediverse uses them to tell
 * which actor sent a request. Two schemes are spoken:
 *   - draft-cavage-http-signatures-12: one `Signature` (or `Authorization:
 *     Signature`) header; algorithms rsa-sha256 and hs2019;
 *   - RFC 9421: `Signature-Input` and `Signature` structured fields;
 *     algorithms rsa-v1_5-sha256, rsa-pss-sha512 and ed25519.
 * With the body digests (`Digest`, RFC 3230, and `Content-Digest`,
 * RFC 9530) and the Date freshness rule that go with them.
 *
 * The inbox's order: httpsig_parse (which key to fetch: sig.key_id),
 * httpsig_check_coverage, httpsig_date_check, httpsig_digest_check over
 * the exact body, then httpsig_verify with the key. Every failure leaves
 * a reason fit for a 401's JSON body. Signing (httpsig_cavage_sign,
 * httpsig_rfc9421_sign) is for outgoing requests.
 */
#ifndef WOOLLY_HTTPSIG_H
#define WOOLLY_HTTPSIG_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "structured_fields.h"

#define HTTPSIG_MAX_HEADER	8192	/* bytes of a Signature header */
#define HTTPSIG_MAX_KEY_ID	2048	/* bytes of a keyId */
#define HTTPSIG_MAX_PARAMS	16	/* parameters of a cavage Signature */
#define HTTPSIG_MAX_COVERED	32	/* headers or components signed */
#define HTTPSIG_MAX_NAME	64	/* bytes of one header or component */
#define HTTPSIG_MAX_SIGNATURE	1024	/* bytes of a decoded signature */
#define HTTPSIG_MAX_SKEW	3600	/* seconds Date or created may be off */
#define HTTPSIG_REASON_MAX	256	/* a reason buffer large enough */

/* One request header as received; names compare case-insensitively. */
struct httpsig_header {
	const char	*name;
	const char	*value;
};

/*
 * The request a signature covers, as it was sent: method "POST", scheme
 * "https", authority "host[:port]", target "/path?query". Headers with
 * the same name are joined with ", " as RFC 9110 combines them.
 */
struct httpsig_request {
	const char			*method;
	const char			*scheme;
	const char			*authority;
	const char			*target;
	const struct httpsig_header	*headers;
	size_t				 nheaders;
};

enum httpsig_scheme {
	HTTPSIG_CAVAGE = 1,
	HTTPSIG_RFC9421
};

enum httpsig_alg {
	HTTPSIG_ALG_FROM_KEY,		/* hs2019, or none named */
	HTTPSIG_ALG_RSA_V1_5_SHA256,	/* rsa-sha256, rsa-v1_5-sha256 */
	HTTPSIG_ALG_RSA_PSS_SHA512,
	HTTPSIG_ALG_ED25519
};

/* A parsed signature of either scheme. */
struct httpsig_signature {
	enum httpsig_scheme	 scheme;
	char			*label;		/* RFC 9421 dictionary key */
	char			*key_id;
	char			*algorithm;	/* as named, or NULL */
	enum httpsig_alg	 alg;
	/* cavage: header names (lower case); RFC 9421: component names. */
	char			**covered;
	size_t			 ncovered;
	long long		 created;	/* -1 when absent */
	long long		 expires;	/* -1 when absent */
	unsigned char		*signature;
	size_t			 signature_len;
	/* RFC 9421: the Signature-Input dictionary and the chosen member. */
	struct sf_dictionary	 input;
	const struct sf_member	*params;
};

/* A public or private key: RSA (1024 to 8192 bits) or Ed25519. */
struct httpsig_key;

/*
 * A key from PEM: "PUBLIC KEY", "RSA PUBLIC KEY", "PRIVATE KEY" or "RSA
 * PRIVATE KEY". NULL with a reason when it is none of those, or of
 * another type or size.
 */
struct httpsig_key *httpsig_key_from_pem(const char *pem, char *reason,
	    size_t reasonlen);
void	 httpsig_key_free(struct httpsig_key *);
/* "rsa" or "ed25519". */
const char *httpsig_key_type(const struct httpsig_key *);

/*
 * Parse whichever signature the request carries: RFC 9421 when it has
 * Signature-Input, else draft-cavage from Signature or Authorization.
 * Free *sig with httpsig_signature_free, whatever the result.
 */
int	httpsig_parse(const struct httpsig_request *,
	    struct httpsig_signature *sig, char *reason, size_t reasonlen);
/* One scheme's headers, for callers that hold the values themselves. */
int	httpsig_cavage_parse(const char *signature_header,
	    struct httpsig_signature *sig, char *reason, size_t reasonlen);
int	httpsig_rfc9421_parse(const char *signature_input,
	    const char *signature, struct httpsig_signature *sig,
	    char *reason, size_t reasonlen);
void	httpsig_signature_free(struct httpsig_signature *);

/*
 * The text that was signed: cavage's signing string or RFC 9421's
 * signature base, into out (reset first). -1 when a covered header is
 * missing or a component is not supported.
 */
int	httpsig_signing_string(const struct httpsig_request *,
	    const struct httpsig_signature *, struct buf *out, char *reason,
	    size_t reasonlen);

/*
 * Does the signature cover what a Fediverse server requires: the
 * method and target, the host, a time (Date or created) and, for a
 * request with a body (any method but GET and HEAD), its digest?
 */
int	httpsig_check_coverage(const struct httpsig_request *,
	    const struct httpsig_signature *, char *reason, size_t reasonlen);

/*
 * Check the signature with the key at time now: the algorithm must suit
 * the key, created and expires (when given) must hold at now, and the
 * signature must match the signing string. 0 when it does.
 */
int	httpsig_verify(const struct httpsig_request *,
	    const struct httpsig_signature *, const struct httpsig_key *,
	    time_t now, char *reason, size_t reasonlen);

/*
 * A draft-cavage rsa-sha256 Signature header value over "(request-target)
 * host date", and "digest" when digest is not NULL (then the request
 * carries that Digest header). target is the path and query. NULL with
 * a reason on failure; the caller frees.
 */
char	*httpsig_cavage_sign(const char *method, const char *target,
	    const char *host, const char *date, const char *digest,
	    const struct httpsig_key *private_key, const char *key_id,
	    char *reason, size_t reasonlen);
/*
 * The general form: sign the listed headers of req (space-separated, as
 * the headers parameter; NULL signs "date" and names no headers).
 */
char	*httpsig_cavage_sign_request(const struct httpsig_request *req,
	    const char *headers, const struct httpsig_key *private_key,
	    const char *key_id, char *reason, size_t reasonlen);

/*
 * RFC 9421: sign the components of req (identifiers without quotes:
 * "@method", "content-digest") under label, with created, keyid, alg
 * (when not NULL) and expires (when >= 0) as parameters, in that order.
 * The key's own algorithm signs: rsa-v1_5-sha256 for RSA, ed25519.
 * Sets the two header values (caller frees). 0, or -1 with a reason.
 */
int	httpsig_rfc9421_sign(const struct httpsig_request *req,
	    const char *label, const char *const *components,
	    size_t ncomponents, long long created, long long expires,
	    const char *alg, const struct httpsig_key *private_key,
	    const char *key_id, char **signature_input, char **signature,
	    char *reason, size_t reasonlen);

/* "SHA-256=<base64>" of a body, for the Digest header; caller frees. */
char	*httpsig_digest(const void *body, size_t len);
/* "sha-256=:<base64>:" (or sha-512) for Content-Digest; caller frees. */
char	*httpsig_content_digest(const void *body, size_t len, int sha512);
/*
 * Check a body against its Digest and/or Content-Digest header values
 * (either may be NULL, not both): every digest named in an algorithm we
 * know (SHA-256, SHA-512) must match, and each header given must hold at
 * least one such digest (the signature covers only one of the two).
 */
int	httpsig_digest_check(const char *digest, const char *content_digest,
	    const void *body, size_t len, char *reason, size_t reasonlen);

/* An IMF-fixdate ("Sun, 05 Jan 2014 21:31:40 GMT") for a Date header. */
void	httpsig_format_date(time_t, char out[30]);
/* Parse an IMF-fixdate; -1 when it is not one. */
int	httpsig_parse_date(const char *, time_t *);
/* Is a Date header value present, well-formed and within the skew? */
int	httpsig_date_check(const char *date, time_t now, char *reason,
	    size_t reasonlen);

#endif
