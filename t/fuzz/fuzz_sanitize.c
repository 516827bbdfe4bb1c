/*
 * fuzz_sanitize: libFuzzer harness for lib/sanitize.c. Any bytes are
 * sanitized; the output must pass the independent allowlist check of
 * t/unit/html_allowlist.h and come out unchanged when sanitized again.
 * A failure aborts, which libFuzzer reports with the input.
 *
 * fuzz-seeds-cases: t/fixtures/html/xss.txt
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "html_allowlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf once = BUF_INIT, twice = BUF_INIT;
	char why[256];

	sanitize_html((const char *)data, size, &once);
	if (!html_allowlisted(buf_cstr(&once), once.len, why, sizeof(why))) {
		fprintf(stderr, "not allowlisted: %s\noutput: %s\n", why,
		    buf_cstr(&once));
		abort();
	}
	if (sanitize_html(buf_cstr(&once), once.len, &twice) != 0 ||
	    strcmp(buf_cstr(&once), buf_cstr(&twice)) != 0) {
		fprintf(stderr, "not idempotent:\nonce:  %s\ntwice: %s\n",
		    buf_cstr(&once), buf_cstr(&twice));
		abort();
	}
	buf_free(&once);
	buf_free(&twice);
	return 0;
}
