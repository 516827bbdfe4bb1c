/*
 * crypto_test: HMAC-SHA256 as the CSRF tokens use it, against RFC 4231's
 * test vectors, with the keyed context kept between calls (the same key
 * again, another key, the first one back).
 */
#include <string.h>

#include "crypto.h"
#include "tap.h"

static int
hmac_is(const char *key, const char *data, const char *want)
{
	char out[65];

	hmac_sha256_hex(key, data, out);
	return strcmp(out, want) == 0;
}

int
main(void)
{
	/* RFC 4231, test case 2. */
	static const char *jefe =
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
	/* Test case 6: a key longer than the block, hashed first. */
	static const char *long_key =
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
	char key[132];

	memset(key, 0xaa, 131);
	key[131] = '\0';
	ok(hmac_is("Jefe", "what do ya want for nothing?", jefe),
	    "RFC 4231 case 2");
	ok(hmac_is("Jefe", "what do ya want for nothing?", jefe),
	    "the same key again gives the same");
	ok(hmac_is(key, "Test Using Larger Than Block-Size Key - Hash Key "
	    "First", long_key), "case 6: another key, longer than a block");
	ok(hmac_is("Jefe", "what do ya want for nothing?", jefe),
	    "the first key back");
	ok(!hmac_is("Jefe", "what do ya want for nothing!", jefe),
	    "other data, another MAC");
	return done_testing();
}
