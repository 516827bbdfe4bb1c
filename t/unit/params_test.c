/*
 * params_test: query strings, urlencoded and multipart bodies, URL
 * decoding and UTF-8 counting, good input and bad.
 */
#include <stdio.h>
#include <string.h>

#include "params.h"
#include "tap.h"

static const char *
value(const struct params *ps, const char *name)
{
	const struct param *p = params_find(ps, name);

	return p ? p->value : NULL;
}

static const char multipart[] =
    "--XyZ\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n"
    "hello\r\nthere\r\n--XyZ\r\nContent-Disposition: form-data; "
    "name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
    "\x89PNG\0data\r\n--XyZ--\r\n";

int
main(void)
{
	struct params ps = { NULL, 0, 0 };
	char s[64], big[PARAMS_MAX * 4 + 16];
	const char *mp;
	size_t i, n;
	int valid;

	ok(params_parse_urlencoded(&ps, "a=1&b=hello+world&c=%41%42&d&=x&e=",
	    33) == 0, "urlencoded parses");
	is_str(value(&ps, "a"), "1", "plain value");
	is_str(value(&ps, "b"), "hello world", "plus is a space");
	is_str(value(&ps, "c"), "AB", "percent escapes decode");
	is_str(value(&ps, "d"), "", "a bare name has an empty value");
	is_str(value(&ps, "e"), "", "an empty value");
	params_free(&ps);

	strcpy(s, "%zz%4");
	n = url_decode(s, strlen(s), 0);
	is_str(s, "%zz%4", "malformed escapes stay as they are");
	is_int((long long)n, 5, "length unchanged");
	strcpy(s, "a%00b");
	n = url_decode(s, strlen(s), 0);
	is_int((long long)n, 3, "%00 decodes to a NUL byte the length counts");

	for (i = 0, n = 0; i < PARAMS_MAX + 1; i++)
		n += (size_t)sprintf(big + n, "a=%zu&", i % 10);
	ok(params_parse_urlencoded(&ps, big, n) == -1,
	    "more than PARAMS_MAX fields is refused");
	params_free(&ps);

	ok(params_parse_multipart(&ps, "multipart/form-data; boundary=XyZ",
	    multipart, sizeof(multipart) - 1) == 0, "multipart parses");
	is_str(value(&ps, "status"), "hello\r\nthere", "text part kept whole");
	ok(params_find(&ps, "file") != NULL &&
	    params_find(&ps, "file")->len == 9, "binary part keeps NUL bytes");
	is_str(params_find(&ps, "file") ? params_find(&ps, "file")->filename :
	    NULL, "a.png", "filename recorded");
	is_str(params_find(&ps, "file") ?
	    params_find(&ps, "file")->content_type : NULL, "image/png",
	    "part content type recorded");
	params_free(&ps);

	mp = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
	ok(params_parse_multipart(&ps, "multipart/form-data; boundary=XyZ", mp,
	    strlen(mp)) == -1, "an unterminated part is refused");
	params_free(&ps);
	ok(params_parse_multipart(&ps, "multipart/form-data", "x", 1) == -1,
	    "a missing boundary is refused");
	params_free(&ps);
	mp = "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--";
	ok(params_parse_multipart(&ps, "multipart/form-data; boundary=XyZ", mp,
	    strlen(mp)) == -1, "a part without a name is refused");
	params_free(&ps);

	is_int((long long)utf8_length("h\xc3\xa9llo \xf0\x9f\x90\x91", &valid),
	    7, "code points, not bytes");
	ok(valid, "valid UTF-8 recognised");
	utf8_length("a\xff" "b", &valid);
	ok(!valid, "an invalid byte is caught");
	utf8_length("\xc3", &valid);
	ok(!valid, "a truncated sequence is caught");
	utf8_length("\xc0\xaf", &valid);
	ok(!valid, "an overlong encoding is caught");
	utf8_length("\xe0\x80\x80", &valid);
	ok(!valid, "a three-byte overlong is caught");
	utf8_length("\xed\xa0\x80", &valid);
	ok(!valid, "a UTF-16 surrogate is caught");
	utf8_length("\xf4\x90\x80\x80", &valid);
	ok(!valid, "a code point above U+10FFFF is caught");
	utf8_length("\xf4\x8f\xbf\xbf \xed\x9f\xbf", &valid);
	ok(valid, "U+10FFFF and U+D7FF are fine");
	return done_testing();
}
