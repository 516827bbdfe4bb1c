/*
 * params: name/value lists and the parsers that fill them from query
 * strings, urlencoded forms and multipart bodies. Pure functions of their
 * input, kept apart from FastCGI so they can be tested on their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "params.h"

void
params_add(struct params *ps, const char *name, size_t namelen,
    const char *value, size_t valuelen)
{
	struct param *p;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 8;
		ps->v = xrealloc(ps->v, ps->cap * sizeof(*ps->v));
	}
	p = &ps->v[ps->n++];
	memset(p, 0, sizeof(*p));
	p->name = xstrndup(name, namelen);
	p->value = xstrndup(value, valuelen);
	p->len = valuelen;
}

void
params_free(struct params *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].name);
		free(ps->v[i].value);
		free(ps->v[i].filename);
		free(ps->v[i].content_type);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

const struct param *
params_find(const struct params *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i].name, name))
			return &ps->v[i];
	return NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode %XX (and '+' in forms) in place; returns the new length. */
size_t
url_decode(char *s, size_t len, int plus_is_space)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			s[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space)
			s[o++] = ' ';
		else
			s[o++] = s[i];
	}
	s[o] = '\0';
	return o;
}

/*
 * "a=1&b&c=" gives a=1, b="" and c="". A field without a name ("=x",
 * "=") names nothing a handler could ask for, so it is dropped, as Rack
 * drops it; so is one whose name decodes to a NUL byte ("a%00b=x"),
 * which a C string would cut to another name ("a").
 */
int
params_parse_urlencoded(struct params *ps, const char *s, size_t len)
{
	const char *end = s + len, *amp, *eq;
	char *name, *value;
	size_t nlen, vlen;

	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (amp == NULL)
			amp = end;
		eq = memchr(s, '=', (size_t)(amp - s));
		if ((eq ? eq : amp) > s) {
			nlen = (size_t)((eq ? eq : amp) - s);
			name = xstrndup(s, nlen);
			nlen = url_decode(name, nlen, 1);
			if (memchr(name, '\0', nlen) != NULL) {
				free(name);
				s = amp < end ? amp + 1 : end;
				continue;
			}
			if (ps->n >= PARAMS_MAX) {
				free(name);
				return -1;
			}
			vlen = eq ? (size_t)(amp - eq - 1) : 0;
			value = xstrndup(eq ? eq + 1 : "", vlen);
			vlen = url_decode(value, vlen, 1);
			params_add(ps, name, nlen, value, vlen);
			free(name);
			free(value);
		}
		/* Never past the end, not even as a pointer. */
		s = amp < end ? amp + 1 : end;
	}
	return 0;
}

/* Number of code points; *valid is cleared on malformed UTF-8. */
size_t
utf8_length(const char *s, int *valid)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	int extra, i;
	unsigned char lo, hi;

	*valid = 1;
	while (*p) {
		/* The second byte's range rules out overlongs, surrogates and
		 * code points above U+10FFFF, as PostgreSQL does. */
		lo = 0x80;
		hi = 0xbf;
		if (*p < 0x80)
			extra = 0;
		else if (*p >= 0xc2 && *p <= 0xdf)
			extra = 1;
		else if (*p >= 0xe0 && *p <= 0xef) {
			extra = 2;
			if (*p == 0xe0)
				lo = 0xa0;
			else if (*p == 0xed)
				hi = 0x9f;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			extra = 3;
			if (*p == 0xf0)
				lo = 0x90;
			else if (*p == 0xf4)
				hi = 0x8f;
		} else {
			*valid = 0;
			p++;
			n++;
			continue;
		}
		p++;
		for (i = 0; i < extra; i++, p++) {
			if (*p < (i == 0 ? lo : 0x80) || *p > (i == 0 ? hi : 0xbf)) {
				*valid = 0;
				break;
			}
		}
		n++;
	}
	return n;
}

static const char *
header_param(const char *h, const char *name, char *out, size_t outlen)
{
	const char *p = h;
	size_t nlen = strlen(name), i;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nlen) || p[nlen] != '=')
			continue;
		p += nlen + 1;
		i = 0;
		if (*p == '"') {
			for (p++; *p && *p != '"' && i < outlen - 1; p++)
				out[i++] = *p;
		} else {
			for (; *p && *p != ';' && *p != ' ' && i < outlen - 1;
			    p++)
				out[i++] = *p;
		}
		out[i] = '\0';
		return i > 0 ? out : NULL;
	}
	return NULL;
}

static const char *
memmem_const(const char *hay, size_t haylen, const char *needle, size_t nlen)
{
	return memmem(hay, haylen, needle, nlen);
}

/* Parse one multipart part's headers; returns the data start or NULL. */
static const char *
multipart_part(struct params *ps, const char *p, const char *end)
{
	const char *hend, *line, *eol, *data;
	char name[256] = "", filename[256] = "", ctype[128] = "";
	char header[1024];
	size_t hl;
	struct param *added;

	hend = memmem_const(p, (size_t)(end - p), "\r\n\r\n", 4);
	if (hend == NULL)
		return NULL;
	data = hend + 4;
	for (line = p; line < hend; line = eol + 2) {
		eol = memmem_const(line, (size_t)(hend + 2 - line), "\r\n", 2);
		if (eol == NULL)
			eol = hend;
		hl = (size_t)(eol - line);
		if (hl >= sizeof(header))
			return NULL;
		memcpy(header, line, hl);
		header[hl] = '\0';
		if (!strncasecmp(header, "Content-Disposition:", 20)) {
			if (header_param(header, "name", name, sizeof(name)) ==
			    NULL)
				return NULL;
			header_param(header, "filename", filename,
			    sizeof(filename));
		} else if (!strncasecmp(header, "Content-Type:", 13)) {
			const char *v = header + 13;

			while (*v == ' ')
				v++;
			if (strlen(v) >= sizeof(ctype))
				return NULL;
			memcpy(ctype, v, strlen(v) + 1);
		}
	}
	if (name[0] == '\0')
		return NULL;
	/* The caller finds the end; we record the name now. */
	params_add(ps, name, strlen(name), "", 0);
	added = &ps->v[ps->n - 1];
	if (filename[0] != '\0') {
		added->filename = xstrdup(filename);
		added->content_type = xstrdup(ctype[0] ? ctype :
		    "application/octet-stream");
	}
	return data;
}

int
params_parse_multipart(struct params *ps, const char *ctype, const char *body,
    size_t len)
{
	char boundary[128], delim[140];
	const char *p, *end = body + len, *data, *next;
	size_t dlen;
	struct param *last;

	if (header_param(ctype, "boundary", boundary, sizeof(boundary)) == NULL)
		return -1;
	dlen = (size_t)snprintf(delim, sizeof(delim), "--%s", boundary);
	p = memmem_const(body, len, delim, dlen);
	if (p == NULL)
		return -1;
	for (;;) {
		p += dlen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;	/* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		if (ps->n >= PARAMS_MAX)
			return -1;
		if ((data = multipart_part(ps, p, end)) == NULL)
			return -1;
		/* The part ends at CRLF followed by the delimiter. */
		next = data;
		for (;;) {
			next = memmem_const(next, (size_t)(end - next), delim,
			    dlen);
			if (next == NULL)
				return -1;
			if (next - data >= 2 && next[-2] == '\r' &&
			    next[-1] == '\n')
				break;
			next++;
		}
		last = &ps->v[ps->n - 1];
		free(last->value);
		last->len = (size_t)(next - 2 - data);
		last->value = xstrndup(data, last->len);
		p = next;
	}
}

