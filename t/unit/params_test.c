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

/*
 * The field at index i is exactly name=value: the name, the value, the
 * value's length (which counts NUL bytes) and the terminating NUL.
 */
static void
field_is(const struct params *ps, size_t i, const char *name,
    const char *value, size_t len, const char *what)
{
	const struct param *p;
	char label[160];

	if (!ok(i < ps->n, "%s: field %zu exists", what, i)) {
		ok(0, "%s: name", what);
		ok(0, "%s: value", what);
		return;
	}
	p = &ps->v[i];
	snprintf(label, sizeof(label), "%s: name", what);
	is_str(p->name, name, label);
	ok(p->len == len && memcmp(p->value, value, len) == 0 &&
	    p->value[len] == '\0', "%s: value of %zu bytes", what, len);
	ok(p->filename == NULL && p->content_type == NULL,
	    "%s: no file attributes", what);
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
	const char *form, *mp;
	size_t i, n;
	int valid;

	/* Every kind of field, and its length taken from the string. */
	form = "a=1&b=hello+world&c=%41%42&d&=x&e=&&f%20g+h=%3D%26&=&i=x=y";
	ok(params_parse_urlencoded(&ps, form, strlen(form)) == 0,
	    "urlencoded parses");
	is_int((long long)ps.n, 7,
	    "seven fields: the empty ones and those without a name are dropped");
	field_is(&ps, 0, "a", "1", 1, "a=1: a plain value");
	field_is(&ps, 1, "b", "hello world", 11, "b=hello+world: plus is a space");
	field_is(&ps, 2, "c", "AB", 2, "c=%41%42: percent escapes decode");
	field_is(&ps, 3, "d", "", 0, "d: a bare name has an empty value");
	field_is(&ps, 4, "e", "", 0, "e=: an empty value");
	field_is(&ps, 5, "f g h", "=&", 2,
	    "f%20g+h=%3D%26: names decode too, escaped = and & are data");
	field_is(&ps, 6, "i", "x=y", 3, "i=x=y: the first = splits");
	ok(params_find(&ps, "") == NULL, "=x and = leave no nameless field");
	is_str(value(&ps, "e"), "", "params_find finds e");
	params_free(&ps);
	is_int((long long)ps.n, 0, "params_free empties the list");

	/* The length is the end of the input, even without a NUL there. */
	ok(params_parse_urlencoded(&ps, "a=1&b=2", 3) == 0,
	    "a length shorter than the string");
	is_int((long long)ps.n, 1, "only the fields within the length");
	field_is(&ps, 0, "a", "1", 1, "a=1 before the length");
	params_free(&ps);
	memcpy(s, "x=ab&y=cd", 9);	/* no NUL after it */
	ok(params_parse_urlencoded(&ps, s, 9) == 0, "input without a NUL");
	is_int((long long)ps.n, 2, "two fields");
	field_is(&ps, 1, "y", "cd", 2, "the last value ends at the length");
	params_free(&ps);

	/* Only nameless fields: nothing at all. */
	ok(params_parse_urlencoded(&ps, "=x&=&&=", 7) == 0,
	    "only nameless fields parse");
	is_int((long long)ps.n, 0, "and give no field");
	params_free(&ps);

	/* A NUL byte decoded in a name would cut it to another name. */
	form = "a%00b=evil&v=a%00b";
	ok(params_parse_urlencoded(&ps, form, strlen(form)) == 0,
	    "a NUL byte escaped in a name parses");
	is_int((long long)ps.n, 1, "the field with the NUL in its name is dropped");
	ok(params_find(&ps, "a") == NULL, "it does not pass for a field \"a\"");
	field_is(&ps, 0, "v", "a\0b", 3, "a NUL byte in a value is kept and counted");
	params_free(&ps);

	strcpy(s, "%zz%4");
	n = url_decode(s, strlen(s), 0);
	is_str(s, "%zz%4", "malformed escapes stay as they are");
	is_int((long long)n, 5, "length unchanged");
	strcpy(s, "a%00b");
	n = url_decode(s, strlen(s), 0);
	is_int((long long)n, 3, "%00 decodes to a NUL byte the length counts");

	for (i = 0, n = 0; i < PARAMS_MAX; i++)
		n += (size_t)sprintf(big + n, "a=%zu&", i % 10);
	n += (size_t)sprintf(big + n, "=x");
	ok(params_parse_urlencoded(&ps, big, n) == 0,
	    "PARAMS_MAX fields (and a nameless one, dropped) are accepted");
	is_int((long long)ps.n, PARAMS_MAX, "all PARAMS_MAX of them");
	params_free(&ps);
	n += (size_t)sprintf(big + n, "&a=x");
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
