/*
 * structured_fields: a strict RFC 8941 parser for Dictionary values and
 * the canonical serializer, following the algorithms of its section 4.
 * A parser is a cursor over the text; every function either consumes
 * what it parsed or fails with a reason.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "structured_fields.h"

struct sf_cursor {
	const char	*p;
	const char	*end;
	char		*reason;
	size_t		 reasonlen;
};

static int __attribute__((format(printf, 2, 3)))
sf_fail(struct sf_cursor *c, const char *fmt, ...)
{
	va_list ap;

	if (c->reasonlen > 0) {
		va_start(ap, fmt);
		vsnprintf(c->reason, c->reasonlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
sf_at_end(const struct sf_cursor *c)
{
	return c->p >= c->end;
}

static int
sf_peek(const struct sf_cursor *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static void
sf_skip_sp(struct sf_cursor *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

/* Optional white space: SP or HTAB (between dictionary members). */
static void
sf_skip_ows(struct sf_cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static int
is_lcalpha(int ch)
{
	return ch >= 'a' && ch <= 'z';
}

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* RFC 9110 tchar. */
static int
is_tchar(int ch)
{
	return is_alpha(ch) || is_digit(ch) ||
	    (ch > 0 && strchr("!#$%&'*+-.^_`|~", ch) != NULL);
}

static void
sf_bare_free(struct sf_bare *b)
{
	free(b->string);
	free(b->bytes);
	memset(b, 0, sizeof(*b));
}

static void
sf_params_free(struct sf_params *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].key);
		sf_bare_free(&ps->v[i].value);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}

static void
sf_member_free(struct sf_member *m)
{
	size_t i;

	free(m->key);
	sf_bare_free(&m->bare);
	for (i = 0; i < m->nitems; i++) {
		sf_bare_free(&m->items[i].bare);
		sf_params_free(&m->items[i].params);
	}
	free(m->items);
	sf_params_free(&m->params);
	memset(m, 0, sizeof(*m));
}

void
sf_dictionary_free(struct sf_dictionary *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		sf_member_free(&d->members[i]);
	free(d->members);
	d->members = NULL;
	d->n = 0;
}

static int
sf_parse_key(struct sf_cursor *c, char **out)
{
	const char *start = c->p;
	int ch = sf_peek(c);

	if (!is_lcalpha(ch) && ch != '*')
		return sf_fail(c, "a key must start with a lower-case letter "
		    "or '*'");
	while (!sf_at_end(c) && (is_lcalpha(ch = sf_peek(c)) ||
	    is_digit(ch) || ch == '_' || ch == '-' || ch == '.' || ch == '*'))
		c->p++;
	if (c->p - start > SF_MAX_KEY)
		return sf_fail(c, "a key is longer than %d characters",
		    SF_MAX_KEY);
	*out = xstrndup(start, (size_t)(c->p - start));
	return 0;
}

/* Integer or Decimal (section 4.2.4), decimals kept in thousandths. */
static int
sf_parse_number(struct sf_cursor *c, struct sf_bare *b)
{
	long long whole = 0, frac = 0;
	int negative = 0, digits = 0, fdigits = 0, is_decimal = 0;

	if (sf_peek(c) == '-') {
		negative = 1;
		c->p++;
	}
	if (!is_digit(sf_peek(c)))
		return sf_fail(c, "a number must have a digit");
	while (!sf_at_end(c)) {
		int ch = sf_peek(c);

		if (is_digit(ch)) {
			if (is_decimal) {
				if (++fdigits > 3)
					return sf_fail(c, "a decimal has more "
					    "than 3 fractional digits");
				frac = frac * 10 + (ch - '0');
			} else {
				if (++digits > 15)
					return sf_fail(c, "an integer has more "
					    "than 15 digits");
				whole = whole * 10 + (ch - '0');
			}
		} else if (ch == '.' && !is_decimal) {
			if (digits > 12)
				return sf_fail(c, "a decimal has more than "
				    "12 integer digits");
			is_decimal = 1;
		} else
			break;
		c->p++;
	}
	if (is_decimal) {
		if (fdigits == 0)
			return sf_fail(c, "a decimal ends with '.'");
		while (fdigits++ < 3)
			frac *= 10;
		b->type = SF_DECIMAL;
		b->thousandths = (negative ? -1 : 1) * (whole * 1000 + frac);
	} else {
		b->type = SF_INTEGER;
		b->integer = negative ? -whole : whole;
	}
	return 0;
}

static int
sf_parse_string(struct sf_cursor *c, struct sf_bare *b)
{
	struct buf s = BUF_INIT;
	int ch;

	c->p++;		/* the opening quote */
	for (;;) {
		if (sf_at_end(c)) {
			buf_free(&s);
			return sf_fail(c, "a string has no closing quote");
		}
		ch = (unsigned char)*c->p++;
		if (ch == '\\') {
			if (sf_at_end(c) || (*c->p != '"' && *c->p != '\\')) {
				buf_free(&s);
				return sf_fail(c, "a string has a bad escape");
			}
			buf_putc(&s, *c->p++);
		} else if (ch == '"')
			break;
		else if (ch < 0x20 || ch > 0x7e) {
			buf_free(&s);
			return sf_fail(c, "a string has a character outside "
			    "printable ASCII");
		} else
			buf_putc(&s, ch);
	}
	b->type = SF_STRING;
	b->string = s.data ? buf_detach(&s) : xstrdup("");
	return 0;
}

static int
sf_parse_token(struct sf_cursor *c, struct sf_bare *b)
{
	const char *start = c->p;
	int ch;

	c->p++;
	while (!sf_at_end(c) && (is_tchar(ch = sf_peek(c)) || ch == ':' ||
	    ch == '/'))
		c->p++;
	b->type = SF_TOKEN;
	b->string = xstrndup(start, (size_t)(c->p - start));
	return 0;
}

static int
base64_digit(int ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

/*
 * Standard base64 between colons. Padding may be left out, as the RFC
 * lets parsers allow, but nothing may follow it.
 */
static int
sf_parse_bytes(struct sf_cursor *c, struct sf_bare *b)
{
	const char *start = ++c->p, *q, *stop;
	unsigned int acc = 0;
	int bits = 0, v, padding = 0;
	size_t o = 0;

	if ((stop = memchr(start, ':', (size_t)(c->end - start))) == NULL)
		return sf_fail(c, "a byte sequence has no closing ':'");
	b->bytes = xmalloc((size_t)(stop - start) / 4 * 3 + 3);
	for (q = start; q < stop; q++) {
		if (*q == '=') {
			if (++padding > 2)
				break;
			continue;
		}
		if (padding || (v = base64_digit((unsigned char)*q)) == -1) {
			sf_bare_free(b);
			return sf_fail(c, "a byte sequence is not base64");
		}
		acc = (acc << 6) | (unsigned int)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			b->bytes[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (padding > 2 || bits >= 6) {
		sf_bare_free(b);
		return sf_fail(c, "a byte sequence is not base64");
	}
	b->type = SF_BYTES;
	b->len = o;
	c->p = stop + 1;
	return 0;
}

static int
sf_parse_bare(struct sf_cursor *c, struct sf_bare *b)
{
	int ch = sf_peek(c);

	memset(b, 0, sizeof(*b));
	if (ch == '-' || is_digit(ch))
		return sf_parse_number(c, b);
	if (ch == '"')
		return sf_parse_string(c, b);
	if (ch == '*' || is_alpha(ch))
		return sf_parse_token(c, b);
	if (ch == ':')
		return sf_parse_bytes(c, b);
	if (ch == '?') {
		c->p++;
		ch = sf_peek(c);
		if (ch != '0' && ch != '1')
			return sf_fail(c, "a boolean must be ?0 or ?1");
		c->p++;
		b->type = SF_BOOLEAN;
		b->integer = ch == '1';
		return 0;
	}
	if (ch == -1)
		return sf_fail(c, "a value is missing at the end");
	return sf_fail(c, "unexpected character '%c' where a value starts",
	    ch >= 0x20 && ch < 0x7f ? ch : '?');
}

/* ";key[=value]" repeated; a repeated key keeps its place, last value. */
static int
sf_parse_params(struct sf_cursor *c, struct sf_params *ps)
{
	struct sf_bare value;
	char *key;
	size_t i;

	while (sf_peek(c) == ';') {
		c->p++;
		sf_skip_sp(c);
		if (sf_parse_key(c, &key) == -1)
			return -1;
		memset(&value, 0, sizeof(value));
		value.type = SF_BOOLEAN;
		value.integer = 1;
		if (sf_peek(c) == '=') {
			c->p++;
			if (sf_parse_bare(c, &value) == -1) {
				free(key);
				return -1;
			}
		}
		for (i = 0; i < ps->n; i++)
			if (!strcmp(ps->v[i].key, key))
				break;
		if (i < ps->n) {
			free(key);
			sf_bare_free(&ps->v[i].value);
			ps->v[i].value = value;
			continue;
		}
		if (ps->n == SF_MAX_PARAMS) {
			free(key);
			sf_bare_free(&value);
			return sf_fail(c, "more than %d parameters",
			    SF_MAX_PARAMS);
		}
		ps->v = xrealloc(ps->v, (ps->n + 1) * sizeof(*ps->v));
		ps->v[ps->n].key = key;
		ps->v[ps->n].value = value;
		ps->n++;
	}
	return 0;
}

static int
sf_parse_inner_list(struct sf_cursor *c, struct sf_member *m)
{
	struct sf_item *it;

	c->p++;		/* '(' */
	m->is_inner_list = 1;
	for (;;) {
		sf_skip_sp(c);
		if (sf_peek(c) == ')') {
			c->p++;
			return sf_parse_params(c, &m->params);
		}
		if (sf_at_end(c))
			return sf_fail(c, "an inner list has no ')'");
		if (m->nitems == SF_MAX_ITEMS)
			return sf_fail(c, "an inner list has more than %d "
			    "items", SF_MAX_ITEMS);
		m->items = xrealloc(m->items, (m->nitems + 1) *
		    sizeof(*m->items));
		it = &m->items[m->nitems];
		memset(it, 0, sizeof(*it));
		m->nitems++;
		if (sf_parse_bare(c, &it->bare) == -1 ||
		    sf_parse_params(c, &it->params) == -1)
			return -1;
		if (sf_at_end(c))
			return sf_fail(c, "an inner list has no ')'");
		if (sf_peek(c) != ' ' && sf_peek(c) != ')')
			return sf_fail(c, "items of an inner list must be "
			    "separated by spaces");
	}
}

static int
sf_parse_member_value(struct sf_cursor *c, struct sf_member *m)
{
	if (sf_peek(c) == '(')
		return sf_parse_inner_list(c, m);
	if (sf_parse_bare(c, &m->bare) == -1)
		return -1;
	return sf_parse_params(c, &m->params);
}

/* A new member, or the existing one of that key emptied for reuse. */
static struct sf_member *
sf_dictionary_slot(struct sf_cursor *c, struct sf_dictionary *d, char *key)
{
	struct sf_member *m;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->members[i].key, key)) {
			m = &d->members[i];
			sf_member_free(m);
			m->key = key;
			return m;
		}
	if (d->n == SF_MAX_MEMBERS) {
		free(key);
		sf_fail(c, "more than %d members", SF_MAX_MEMBERS);
		return NULL;
	}
	d->members = xrealloc(d->members, (d->n + 1) * sizeof(*d->members));
	m = &d->members[d->n++];
	memset(m, 0, sizeof(*m));
	m->key = key;
	return m;
}

int
sf_parse_dictionary(const char *text, struct sf_dictionary *d, char *reason,
    size_t reasonlen)
{
	struct sf_cursor c;
	struct sf_member *m;
	size_t len = strlen(text);
	char *key;

	memset(d, 0, sizeof(*d));
	c.p = text;
	c.end = text + len;
	c.reason = reason;
	c.reasonlen = reasonlen;
	if (len > SF_MAX_FIELD)
		return sf_fail(&c, "longer than %d bytes", SF_MAX_FIELD);
	sf_skip_sp(&c);
	if (sf_at_end(&c))
		return sf_fail(&c, "empty");
	while (!sf_at_end(&c)) {
		if (sf_parse_key(&c, &key) == -1 ||
		    (m = sf_dictionary_slot(&c, d, key)) == NULL)
			goto fail;
		if (sf_peek(&c) == '=') {
			c.p++;
			if (sf_parse_member_value(&c, m) == -1)
				goto fail;
		} else {
			m->bare.type = SF_BOOLEAN;
			m->bare.integer = 1;
			if (sf_parse_params(&c, &m->params) == -1)
				goto fail;
		}
		sf_skip_ows(&c);
		if (sf_at_end(&c))
			break;
		if (*c.p != ',') {
			sf_fail(&c, "members must be separated by ','");
			goto fail;
		}
		c.p++;
		sf_skip_ows(&c);
		if (sf_at_end(&c)) {
			sf_fail(&c, "a trailing ','");
			goto fail;
		}
	}
	return 0;
fail:
	sf_dictionary_free(d);
	return -1;
}

const struct sf_member *
sf_dictionary_get(const struct sf_dictionary *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->members[i].key, key))
			return &d->members[i];
	return NULL;
}

const struct sf_bare *
sf_params_get(const struct sf_params *ps, const char *key)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i].key, key))
			return &ps->v[i].value;
	return NULL;
}

static void
sf_serialize_bytes(struct buf *b, const unsigned char *in, size_t len)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned int acc;
	size_t i;

	buf_putc(b, ':');
	for (i = 0; i + 2 < len; i += 3) {
		acc = (unsigned int)in[i] << 16 | (unsigned int)in[i + 1] << 8 |
		    in[i + 2];
		buf_putc(b, alphabet[(acc >> 18) & 63]);
		buf_putc(b, alphabet[(acc >> 12) & 63]);
		buf_putc(b, alphabet[(acc >> 6) & 63]);
		buf_putc(b, alphabet[acc & 63]);
	}
	if (i < len) {
		acc = (unsigned int)in[i] << 16;
		if (i + 1 < len)
			acc |= (unsigned int)in[i + 1] << 8;
		buf_putc(b, alphabet[(acc >> 18) & 63]);
		buf_putc(b, alphabet[(acc >> 12) & 63]);
		buf_putc(b, i + 1 < len ? alphabet[(acc >> 6) & 63] : '=');
		buf_putc(b, '=');
	}
	buf_putc(b, ':');
}

void
sf_serialize_bare(struct buf *b, const struct sf_bare *v)
{
	const char *s;
	long long t;

	switch (v->type) {
	case SF_INTEGER:
		buf_printf(b, "%lld", v->integer);
		break;
	case SF_DECIMAL:
		/* At least one fractional digit, no trailing zeros. */
		t = v->thousandths < 0 ? -v->thousandths : v->thousandths;
		buf_printf(b, "%s%lld.", v->thousandths < 0 ? "-" : "",
		    t / 1000);
		if (t % 1000 == 0)
			buf_putc(b, '0');
		else if (t % 100 == 0)
			buf_printf(b, "%lld", t % 1000 / 100);
		else if (t % 10 == 0)
			buf_printf(b, "%02lld", t % 1000 / 10);
		else
			buf_printf(b, "%03lld", t % 1000);
		break;
	case SF_STRING:
		buf_putc(b, '"');
		for (s = v->string; *s; s++) {
			if (*s == '"' || *s == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
		break;
	case SF_TOKEN:
		buf_puts(b, v->string);
		break;
	case SF_BYTES:
		sf_serialize_bytes(b, v->bytes, v->len);
		break;
	case SF_BOOLEAN:
		buf_puts(b, v->integer ? "?1" : "?0");
		break;
	}
}

void
sf_serialize_params(struct buf *b, const struct sf_params *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		buf_printf(b, ";%s", ps->v[i].key);
		if (ps->v[i].value.type == SF_BOOLEAN &&
		    ps->v[i].value.integer == 1)
			continue;
		buf_putc(b, '=');
		sf_serialize_bare(b, &ps->v[i].value);
	}
}

void
sf_serialize_item(struct buf *b, const struct sf_item *it)
{
	sf_serialize_bare(b, &it->bare);
	sf_serialize_params(b, &it->params);
}

void
sf_serialize_member_value(struct buf *b, const struct sf_member *m)
{
	size_t i;

	if (!m->is_inner_list) {
		sf_serialize_bare(b, &m->bare);
		sf_serialize_params(b, &m->params);
		return;
	}
	buf_putc(b, '(');
	for (i = 0; i < m->nitems; i++) {
		if (i > 0)
			buf_putc(b, ' ');
		sf_serialize_item(b, &m->items[i]);
	}
	buf_putc(b, ')');
	sf_serialize_params(b, &m->params);
}
