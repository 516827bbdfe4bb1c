/*
 * media_type: a small reader of media ranges. An Accept header is split
 * at the commas outside quoted strings; each element is a type, then
 * parameters (name=token or name="quoted string"), of which only q and
 * profile matter here. Nothing is allocated: the header is read in place.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "media_type.h"

#define QUALITY_MAX	1000	/* q=1, in thousandths */
#define PARAM_VALUE_MAX	1024	/* longer values (profile lists) count as none */

struct media_range {
	const char	*type;		/* "type/subtype", not NUL-terminated */
	size_t		 type_len;
	int		 quality;	/* thousandths; -1 when malformed */
	/* The profile parameter: 0 absent, 1 lists AS_PROFILE, -1 other. */
	int		 as_profile;
};

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* A qvalue: "0", "0.5", "1", "1.000" (RFC 9110 §12.4.2); -1 if not. */
static int
quality_of(const char *v, size_t n)
{
	int q, scale = 100;
	size_t i;

	if (n == 0 || (v[0] != '0' && v[0] != '1'))
		return -1;
	q = (v[0] - '0') * QUALITY_MAX;
	if (n == 1)
		return q;
	if (v[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++, scale /= 10) {
		if (!isdigit((unsigned char)v[i]))
			return -1;
		q += (v[i] - '0') * scale;
	}
	return q > QUALITY_MAX ? -1 : q;
}

/* 1 when a space-separated list of URIs holds the ActivityStreams one. */
static int
lists_as_profile(const char *v, size_t n)
{
	size_t i = 0, start, plen = strlen(AS_PROFILE);

	while (i < n) {
		while (i < n && v[i] == ' ')
			i++;
		start = i;
		while (i < n && v[i] != ' ')
			i++;
		if (i - start == plen && memcmp(v + start, AS_PROFILE, plen) == 0)
			return 1;
	}
	return 0;
}

/*
 * A parameter value at *p: a token, or a quoted string unescaped into
 * out (PARAM_VALUE_MAX bytes). Its length, or -1 when malformed or too
 * long; *p moves past it.
 */
static long
param_value(const char **p, const char *end, char *out)
{
	const char *s = *p;
	size_t n = 0;

	if (s < end && *s == '"') {
		for (s++; s < end && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			if (n == PARAM_VALUE_MAX)
				return -1;
			out[n++] = *s;
		}
		if (s == end)
			return -1;
		*p = s + 1;
		return (long)n;
	}
	for (; s < end && *s != ';' && !is_ows(*s); s++) {
		if (n == PARAM_VALUE_MAX)
			return -1;
		out[n++] = *s;
	}
	*p = s;
	return (long)n;
}

/* Read one element [s, end) of a header; -1 when it is malformed. */
static int
media_range_read(const char *s, const char *end, struct media_range *r)
{
	char value[PARAM_VALUE_MAX];
	const char *name;
	size_t name_len;
	long vlen;

	r->quality = QUALITY_MAX;
	r->as_profile = 0;
	while (s < end && is_ows(*s))
		s++;
	r->type = s;
	while (s < end && *s != ';' && !is_ows(*s))
		s++;
	r->type_len = (size_t)(s - r->type);
	if (r->type_len < 3 || memchr(r->type, '/', r->type_len) == NULL)
		return -1;
	for (;;) {
		while (s < end && is_ows(*s))
			s++;
		if (s == end)
			return 0;
		if (*s++ != ';')
			return -1;
		while (s < end && is_ows(*s))
			s++;
		name = s;
		while (s < end && *s != '=' && *s != ';' && !is_ows(*s))
			s++;
		name_len = (size_t)(s - name);
		if (s == end || *s != '=')
			return -1;
		s++;
		if ((vlen = param_value(&s, end, value)) < 0)
			return -1;
		if (name_len == 1 && (*name == 'q' || *name == 'Q')) {
			if ((r->quality = quality_of(value, (size_t)vlen)) < 0)
				return -1;
		} else if (name_len == 7 && !strncasecmp(name, "profile", 7))
			r->as_profile = lists_as_profile(value, (size_t)vlen) ?
			    1 : -1;
	}
}

static int
type_is(const struct media_range *r, const char *type)
{
	return r->type_len == strlen(type) &&
	    strncasecmp(r->type, type, r->type_len) == 0;
}

static int
range_is_activitypub(const struct media_range *r)
{
	if (type_is(r, AP_MEDIA_TYPE))
		return 1;
	return type_is(r, "application/ld+json") && r->as_profile >= 0;
}

int
media_type_is_activitypub(const char *s)
{
	struct media_range r;

	if (s == NULL || media_range_read(s, s + strlen(s), &r) == -1)
		return 0;
	return range_is_activitypub(&r);
}

/* The end of the header element that starts at s: a comma not quoted. */
static const char *
element_end(const char *s)
{
	int quoted = 0;

	for (; *s != '\0'; s++) {
		if (quoted && *s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '"')
			quoted = !quoted;
		else if (*s == ',' && !quoted)
			break;
	}
	return s;
}

int
accept_prefers_activitypub(const char *accept)
{
	struct media_range r;
	const char *s, *end;
	int ap = 0, html = 0;

	if (accept == NULL)
		return 0;
	for (s = accept; *s != '\0'; s = *end ? end + 1 : end) {
		end = element_end(s);
		if (media_range_read(s, end, &r) == -1)
			continue;
		if (range_is_activitypub(&r) && r.quality > ap)
			ap = r.quality;
		else if ((type_is(&r, "text/html") ||
		    type_is(&r, "application/xhtml+xml")) && r.quality > html)
			html = r.quality;
	}
	return ap > 0 && ap >= html;
}
