/*
 * fuzz_httpsig: libFuzzer harness for the signature header parsers
 * (draft-cavage Signature, RFC 9421 Signature-Input and Signature, the
 * RFC 8941 dictionaries under them), the digest headers and Date. Each
 * parsed signature is also turned into its signing string over a fixed
 * request and checked against an Ed25519 key, as the inbox would.
 *
 * Input: the first byte picks the target; the rest is the header value
 * (for RFC 9421, Signature-Input and Signature separated by a newline).
 *
 * Build (from the top of the source tree):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *       -Ilib t/fuzz/fuzz_httpsig.c lib/httpsig.c \
 *       lib/structured_fields.c lib/buf.c lib/log.c -lcrypto \
 *       -o fuzz_httpsig
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "httpsig.h"
#include "structured_fields.h"

static const char ed25519_public[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n"
    "-----END PUBLIC KEY-----\n";

static struct httpsig_key *key;

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_signature(struct httpsig_signature *sig)
{
	static const struct httpsig_header headers[] = {
		{ "Host", "example.com" },
		{ "Date", "Sun, 05 Jan 2014 21:31:40 GMT" },
		{ "Digest",
		  "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=" },
		{ "Content-Digest", "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWx"
		  "Bf7kbu9DBPE=:" },
		{ "Content-Type", "application/activity+json" },
	};
	const struct httpsig_request req = { "POST", "https", "example.com",
	    "/users/a/inbox?x=1", headers, 5 };
	char reason[HTTPSIG_REASON_MAX];
	struct buf s = BUF_INIT;

	httpsig_signing_string(&req, sig, &s, reason, sizeof(reason));
	httpsig_check_coverage(&req, sig, reason, sizeof(reason));
	httpsig_verify(&req, sig, key, 1388957500, reason, sizeof(reason));
	buf_free(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct httpsig_signature sig;
	struct sf_dictionary dict;
	char reason[HTTPSIG_REASON_MAX], *text, *nl;
	time_t t;

	if (key == NULL)
		key = httpsig_key_from_pem(ed25519_public, NULL, 0);
	if (size < 1)
		return 0;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 5) {
	case 0:
		if (httpsig_cavage_parse(text, &sig, reason,
		    sizeof(reason)) == 0)
			check_signature(&sig);
		httpsig_signature_free(&sig);
		break;
	case 1:
		if ((nl = strchr(text, '\n')) != NULL)
			*nl++ = '\0';
		if (httpsig_rfc9421_parse(text, nl ? nl : "", &sig, reason,
		    sizeof(reason)) == 0)
			check_signature(&sig);
		httpsig_signature_free(&sig);
		break;
	case 2:
		if (sf_parse_dictionary(text, &dict, reason,
		    sizeof(reason)) == 0) {
			struct buf b = BUF_INIT;
			size_t i;

			for (i = 0; i < dict.n; i++)
				sf_serialize_member_value(&b, &dict.members[i]);
			buf_free(&b);
		}
		sf_dictionary_free(&dict);
		break;
	case 3:
		if ((nl = strchr(text, '\n')) != NULL)
			*nl++ = '\0';
		httpsig_digest_check(text, nl, "{}", 2, reason,
		    sizeof(reason));
		break;
	default:
		httpsig_parse_date(text, &t);
		break;
	}
	free(text);
	return 0;
}
