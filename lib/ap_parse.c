/*
 * ap_parse: the normalised C view of an ActivityPub document.
 *
 * The parser reads JSON as the servers that write it mean it, not as
 * JSON-LD would expand it: keys are the short names everyone uses, and
 * where a server puts one value, a list, an object or null, the reader
 * takes what it can. Only what would make a document meaningless refuses
 * it; a bad value elsewhere is dropped on its own.
 *
 * Everything the view holds is allocated from one arena owned by the
 * document, so freeing a document is one call whatever its shape.
 */
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ap_parse.h"
#include "buf.h"
#include "log.h"

/* --- the arena --------------------------------------------------------- */

#define ARENA_CHUNK	8192

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

struct ap_arena {
	struct arena_chunk	*chunks;
};

/* Zeroed memory that lives as long as the arena. */
static void *
arena_alloc(struct ap_arena *arena, size_t size)
{
	struct arena_chunk *c = arena->chunks;
	size_t align = sizeof(max_align_t), need;
	void *p;

	size = (size + align - 1) / align * align;
	if (c == NULL || c->size - c->used < size) {
		need = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + need);
		c->used = 0;
		c->size = need;
		c->next = arena->chunks;
		arena->chunks = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

static void
arena_free(struct ap_arena *arena)
{
	struct arena_chunk *c, *next;

	if (arena == NULL)
		return;
	for (c = arena->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(arena);
}

static char *
arena_strndup(struct ap_arena *arena, const char *s, size_t n)
{
	char *copy = arena_alloc(arena, n + 1);

	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

/* --- types ------------------------------------------------------------- */

#define NEEDS_ACTOR	0x01
#define NEEDS_OBJECT	0x02
#define NEEDS_TARGET	0x04
#define ACTIVITY	AP_KIND_ACTIVITY
#define BOTH		(NEEDS_ACTOR | NEEDS_OBJECT)

static const struct type_info {
	const char	*name;
	enum ap_type	 type;
	enum ap_kind	 kind;
	unsigned int	 needs;
} types[] = {
	{ "Accept", AP_TYPE_ACCEPT, ACTIVITY, BOTH },
	{ "Add", AP_TYPE_ADD, ACTIVITY, BOTH },
	{ "Announce", AP_TYPE_ANNOUNCE, ACTIVITY, BOTH },
	{ "Block", AP_TYPE_BLOCK, ACTIVITY, BOTH },
	{ "Create", AP_TYPE_CREATE, ACTIVITY, BOTH },
	{ "Delete", AP_TYPE_DELETE, ACTIVITY, BOTH },
	{ "Dislike", AP_TYPE_DISLIKE, ACTIVITY, BOTH },
	{ "EmojiReact", AP_TYPE_EMOJI_REACT, ACTIVITY, BOTH },
	{ "Flag", AP_TYPE_FLAG, ACTIVITY, BOTH },
	{ "Follow", AP_TYPE_FOLLOW, ACTIVITY, BOTH },
	{ "Join", AP_TYPE_JOIN, ACTIVITY, BOTH },
	{ "Leave", AP_TYPE_LEAVE, ACTIVITY, BOTH },
	{ "Like", AP_TYPE_LIKE, ACTIVITY, BOTH },
	{ "Move", AP_TYPE_MOVE, ACTIVITY, BOTH | NEEDS_TARGET },
	{ "Reject", AP_TYPE_REJECT, ACTIVITY, BOTH },
	{ "Remove", AP_TYPE_REMOVE, ACTIVITY, BOTH },
	{ "TentativeAccept", AP_TYPE_TENTATIVE_ACCEPT, ACTIVITY, BOTH },
	{ "TentativeReject", AP_TYPE_TENTATIVE_REJECT, ACTIVITY, BOTH },
	{ "Undo", AP_TYPE_UNDO, ACTIVITY, BOTH },
	{ "Update", AP_TYPE_UPDATE, ACTIVITY, BOTH },
	{ "View", AP_TYPE_VIEW, ACTIVITY, NEEDS_ACTOR },

	{ "Article", AP_TYPE_ARTICLE, AP_KIND_OBJECT, 0 },
	{ "Audio", AP_TYPE_AUDIO, AP_KIND_OBJECT, 0 },
	{ "ChatMessage", AP_TYPE_CHAT_MESSAGE, AP_KIND_OBJECT, 0 },
	{ "Document", AP_TYPE_DOCUMENT, AP_KIND_OBJECT, 0 },
	{ "Event", AP_TYPE_EVENT, AP_KIND_OBJECT, 0 },
	{ "Image", AP_TYPE_IMAGE, AP_KIND_OBJECT, 0 },
	{ "Note", AP_TYPE_NOTE, AP_KIND_OBJECT, 0 },
	{ "Page", AP_TYPE_PAGE, AP_KIND_OBJECT, 0 },
	{ "Place", AP_TYPE_PLACE, AP_KIND_OBJECT, 0 },
	{ "Question", AP_TYPE_QUESTION, AP_KIND_OBJECT, 0 },
	{ "Video", AP_TYPE_VIDEO, AP_KIND_OBJECT, 0 },
	{ "Tombstone", AP_TYPE_TOMBSTONE, AP_KIND_TOMBSTONE, 0 },

	{ "Application", AP_TYPE_APPLICATION, AP_KIND_ACTOR, 0 },
	{ "Group", AP_TYPE_GROUP, AP_KIND_ACTOR, 0 },
	{ "Organization", AP_TYPE_ORGANIZATION, AP_KIND_ACTOR, 0 },
	{ "Person", AP_TYPE_PERSON, AP_KIND_ACTOR, 0 },
	{ "Service", AP_TYPE_SERVICE, AP_KIND_ACTOR, 0 },

	{ "Collection", AP_TYPE_COLLECTION, AP_KIND_COLLECTION, 0 },
	{ "CollectionPage", AP_TYPE_COLLECTION_PAGE, AP_KIND_COLLECTION, 0 },
	{ "OrderedCollection", AP_TYPE_ORDERED_COLLECTION,
	    AP_KIND_COLLECTION, 0 },
	{ "OrderedCollectionPage", AP_TYPE_ORDERED_COLLECTION_PAGE,
	    AP_KIND_COLLECTION, 0 },

	{ "CryptographicKey", AP_TYPE_CRYPTOGRAPHIC_KEY, AP_KIND_OTHER, 0 },
	{ "Emoji", AP_TYPE_EMOJI, AP_KIND_OTHER, 0 },
	{ "Hashtag", AP_TYPE_HASHTAG, AP_KIND_OTHER, 0 },
	{ "Key", AP_TYPE_KEY, AP_KIND_OTHER, 0 },
	{ "Link", AP_TYPE_LINK, AP_KIND_OTHER, 0 },
	{ "Mention", AP_TYPE_MENTION, AP_KIND_OTHER, 0 },
	{ "PropertyValue", AP_TYPE_PROPERTY_VALUE, AP_KIND_OTHER, 0 },
};

#define NTYPES	(sizeof(types) / sizeof(types[0]))

static const struct type_info *
type_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

static const struct type_info *
type_by_enum(enum ap_type type)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].type == type)
			return &types[i];
	return NULL;
}

const char *
ap_type_name(enum ap_type type)
{
	const struct type_info *t = type_by_enum(type);

	return t != NULL ? t->name : "Unknown";
}

enum ap_kind
ap_type_kind(enum ap_type type)
{
	const struct type_info *t = type_by_enum(type);

	return t != NULL ? t->kind : AP_KIND_OTHER;
}

/* --- errors ------------------------------------------------------------ */

struct parser {
	struct ap_arena	*arena;
	struct ap_error	*error;
	int		 failed;
};

static void __attribute__((format(printf, 2, 3)))
fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(p->error->reason, sizeof(p->error->reason), fmt, ap);
	va_end(ap);
}

/* "object: no type": the reason of an embedded object, said where. */
static void
fail_within(struct parser *p, const char *field)
{
	char *reason = p->error->reason;
	size_t size = sizeof(p->error->reason), n = strlen(field) + 2;

	if (n >= size)
		return;
	memmove(reason + n, reason, size - n - 1);
	memcpy(reason, field, n - 2);
	memcpy(reason + n - 2, ": ", 2);
	reason[size - 1] = '\0';
}

static void
error_set(struct ap_error *error, const char *reason)
{
	if (error != NULL)
		snprintf(error->reason, sizeof(error->reason), "%s", reason);
}

/* --- UTF-8, URLs ------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_sequence(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		if ((len = utf8_sequence(u + i, n - i)) == 0)
			return 0;
		i += len;
	}
	return 1;
}

struct origin {
	int		 https;
	const char	*host;
	size_t		 hostlen;
	long		 port;
};

static int
host_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '%' || c >= 0x80;
}

/*
 * Split an absolute http(s) URL into its origin. No user information
 * ("https://good.example@evil.example/" says two hosts), no white space
 * or control characters anywhere.
 */
static int
url_origin(const char *url, struct origin *o)
{
	const char *s, *end;
	size_t i;
	long port;

	for (i = 0; url[i] != '\0'; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
			return 0;
	if (strncasecmp(url, "https://", 8) == 0) {
		o->https = 1;
		s = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		o->https = 0;
		s = url + 7;
	} else
		return 0;
	end = s + strcspn(s, "/?#");
	o->host = s;
	if (*s == '[') {
		while (s < end && *s != ']')
			s++;
		if (s == end)
			return 0;
		s++;
	} else
		while (s < end && host_char((unsigned char)*s))
			s++;
	o->hostlen = (size_t)(s - o->host);
	if (o->hostlen == 0 || (o->hostlen == 2 && o->host[0] == '['))
		return 0;
	port = o->https ? 443 : 80;
	if (s < end && *s == ':') {
		s++;
		if (s == end || end - s > 5)
			return 0;
		for (port = 0; s < end; s++) {
			if (*s < '0' || *s > '9')
				return 0;
			port = port * 10 + (*s - '0');
		}
		if (port < 1 || port > 65535)
			return 0;
	}
	if (s != end)
		return 0;
	o->port = port;
	return 1;
}

int
ap_url_valid(const char *url)
{
	struct origin o;

	return url != NULL && strlen(url) <= AP_MAX_URL &&
	    utf8_valid(url, strlen(url)) && url_origin(url, &o);
}

int
ap_same_origin(const char *a, const char *b)
{
	struct origin oa, ob;

	return ap_url_valid(a) && ap_url_valid(b) && url_origin(a, &oa) &&
	    url_origin(b, &ob) && oa.https == ob.https &&
	    oa.port == ob.port && oa.hostlen == ob.hostlen &&
	    strncasecmp(oa.host, ob.host, oa.hostlen) == 0;
}

/* --- dates ------------------------------------------------------------- */

static int
digits(const char *s, int n, int *value)
{
	int i;

	*value = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*value = *value * 10 + (s[i] - '0');
	}
	return 1;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "+02:00", "-0530", "+02", "Z" or nothing (UTC): the offset in seconds. */
static int
parse_offset(const char *s, int *seconds)
{
	int sign, hh, mm = 0;

	if (*s == '\0' || ((*s == 'Z' || *s == 'z') && s[1] == '\0')) {
		*seconds = 0;
		return 1;
	}
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s++ == '-' ? -1 : 1;
	if (!digits(s, 2, &hh))
		return 0;
	s += 2;
	if (*s == ':')
		s++;
	if (*s != '\0') {
		if (!digits(s, 2, &mm))
			return 0;
		s += 2;
	}
	if (*s != '\0' || hh > 23 || mm > 59)
		return 0;
	*seconds = sign * (hh * 3600 + mm * 60);
	return 1;
}

int
ap_parse_time(const char *s, int64_t *microseconds)
{
	int year, month, day, hour, minute, second = 0, offset, n;
	int64_t fraction = 0, scale = 100000;

	if (s == NULL || !digits(s, 4, &year) || s[4] != '-' ||
	    !digits(s + 5, 2, &month) || s[7] != '-' ||
	    !digits(s + 8, 2, &day) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2, &hour) || s[13] != ':' ||
	    !digits(s + 14, 2, &minute))
		return -1;
	s += 16;
	if (*s == ':') {
		if (!digits(s + 1, 2, &second))
			return -1;
		s += 3;
		if (*s == '.' || *s == ',') {
			s++;
			/* Up to nine digits; microseconds are kept. */
			for (n = 0; *s >= '0' && *s <= '9'; s++, n++) {
				if (n >= 9)
					return -1;
				fraction += (*s - '0') * scale;
				scale /= 10;
			}
			if (n == 0)
				return -1;
		}
	}
	if (month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month) || hour > 23 || minute > 59 ||
	    second > 60 || !parse_offset(s, &offset))
		return -1;
	*microseconds = ((days_from_civil(year, month, day) * 86400 +
	    hour * 3600 + minute * 60 + second - offset) * 1000000) + fraction;
	return 0;
}

void
ap_format_time(int64_t microseconds, char *out)
{
	int64_t seconds, days, rest;
	int y, m, d, micro;
	char wide[128];
	size_t n;

	seconds = microseconds / 1000000;
	micro = (int)(microseconds % 1000000);
	if (micro < 0) {
		micro += 1000000;
		seconds--;
	}
	days = seconds / 86400;
	rest = seconds % 86400;
	if (rest < 0) {
		rest += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	/* Wide enough for any int; what ap_parse_time gives fits 32. */
	snprintf(wide, sizeof(wide), "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
	    y, m, d, (int)(rest / 3600), (int)(rest / 60 % 60),
	    (int)(rest % 60), micro);
	n = strnlen(wide, AP_TIME_SIZE - 1);
	memcpy(out, wide, n);
	out[n] = '\0';
}

/* --- JSON values ------------------------------------------------------- */

/* A member, with JSON null read as absent. */
static json_object *
member(json_object *obj, const char *key)
{
	json_object *value;

	if (obj == NULL || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &value))
		return NULL;
	return value;
}

static int
is_string(json_object *v)
{
	return v != NULL && json_object_is_type(v, json_type_string);
}

static int
is_object(json_object *v)
{
	return v != NULL && json_object_is_type(v, json_type_object);
}

static int
is_array(json_object *v)
{
	return v != NULL && json_object_is_type(v, json_type_array);
}

/* The elements of a value that may be one value or an array of them. */
static size_t
values_count(json_object *v)
{
	if (v == NULL)
		return 0;
	return is_array(v) ? json_object_array_length(v) : 1;
}

static json_object *
values_get(json_object *v, size_t i)
{
	return is_array(v) ? json_object_array_get_idx(v, i) : v;
}

/*
 * A copy of text, cut to max bytes at a character boundary, invalid
 * UTF-8 replaced by U+FFFD and the text ending at a NUL byte.
 */
static const char *
text_copy(struct parser *p, const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	struct buf b = BUF_INIT;
	size_t i = 0, len;
	char *copy;

	n = strnlen(s, n);
	if (n <= max && utf8_valid(s, n))
		return arena_strndup(p->arena, s, n);
	while (i < n) {
		len = utf8_sequence(u + i, n - i);
		if (b.len + (len ? len : 3) > max)
			break;
		if (len == 0) {
			buf_add(&b, "\xef\xbf\xbd", 3);
			i++;
		} else {
			buf_add(&b, s + i, len);
			i += len;
		}
	}
	copy = arena_strndup(p->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return copy;
}

/* A text value (a JSON string), or NULL. */
static const char *
text_of(struct parser *p, json_object *v, size_t max)
{
	if (!is_string(v))
		return NULL;
	return text_copy(p, json_object_get_string(v),
	    (size_t)json_object_get_string_len(v), max);
}

static const char *
member_text(struct parser *p, json_object *obj, const char *key, size_t max)
{
	return text_of(p, member(obj, key), max);
}

/* A JSON string that is a valid http(s) URL, copied; or NULL. */
static const char *
url_of_string(struct parser *p, json_object *v)
{
	const char *s;
	size_t n;

	if (!is_string(v))
		return NULL;
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n > AP_MAX_URL || strlen(s) != n || !ap_url_valid(s))
		return NULL;
	return arena_strndup(p->arena, s, n);
}

/*
 * The id of what a value refers to: a URL string, an object's id (or a
 * Link's href), or the first of an array that has one.
 */
static const char *
ref_id(struct parser *p, json_object *v)
{
	const char *id;
	size_t i, n = values_count(v);

	for (i = 0; i < n && i < AP_MAX_ITEMS; i++) {
		json_object *e = values_get(v, i);

		if (is_string(e))
			id = url_of_string(p, e);
		else if (is_object(e)) {
			id = url_of_string(p, member(e, "id"));
			if (id == NULL)
				id = url_of_string(p, member(e, "href"));
		} else
			id = NULL;
		if (id != NULL)
			return id;
	}
	return NULL;
}

static const char *
member_ref_id(struct parser *p, json_object *obj, const char *key)
{
	return ref_id(p, member(obj, key));
}

/* A type value's names: the first known one, else the first string. */
static const char *
type_name_of(json_object *v, const struct type_info **info)
{
	const char *first = NULL, *name;
	size_t i, n = values_count(v);

	*info = NULL;
	for (i = 0; i < n; i++) {
		json_object *e = values_get(v, i);

		if (!is_string(e))
			continue;
		name = json_object_get_string(e);
		if ((*info = type_by_name(name)) != NULL)
			return name;
		if (first == NULL)
			first = name;
	}
	return first;
}

/* true, false, "true", "false", or {"@value": one of them}. */
static int
boolean_of(json_object *v, int absent)
{
	const char *s;

	if (is_object(v))
		v = member(v, "@value");
	if (v == NULL)
		return absent;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v);
	if (is_string(v)) {
		s = json_object_get_string(v);
		if (strcasecmp(s, "true") == 0)
			return 1;
		if (strcasecmp(s, "false") == 0)
			return 0;
	}
	return absent;
}

/* A non-negative count (an integer, or a whole double); else -1. */
static int64_t
count_of(json_object *v)
{
	double d;
	int64_t n;

	if (v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_int)) {
		n = json_object_get_int64(v);
		return n >= 0 ? n : -1;
	}
	if (json_object_is_type(v, json_type_double)) {
		d = json_object_get_double(v);
		if (isfinite(d) && d >= 0 && d < 9e18 && d == floor(d))
			return (int64_t)d;
	}
	return -1;
}

static int64_t
time_of(json_object *v)
{
	int64_t t;

	if (is_string(v) && ap_parse_time(json_object_get_string(v), &t) == 0)
		return t;
	return AP_NO_TIME;
}

/* --- links and media --------------------------------------------------- */

static const char *
media_type_of(struct parser *p, json_object *obj)
{
	const char *t = member_text(p, obj, "mediaType", 255);

	/* Funkwhale says mimeType. */
	return t != NULL ? t : member_text(p, obj, "mimeType", 255);
}

static int
is_html(const char *media_type)
{
	return media_type != NULL &&
	    strncasecmp(media_type, "text/html", 9) == 0;
}

enum href_preference {
	PREFER_PAGE,	/* text/html first: where a person reads it */
	PREFER_FILE	/* anything but text/html first: the media itself */
};

/*
 * The best href of a url value: a string, a Link (href and mediaType),
 * an object with a url, or an array of any of them.
 */
static const char *
best_href(struct parser *p, json_object *v, enum href_preference want,
    const char **media_type)
{
	const char *href, *type, *best = NULL, *best_type = NULL;
	int score, best_score = -1;
	size_t i, n = values_count(v);

	for (i = 0; i < n && i < AP_MAX_ITEMS; i++) {
		json_object *e = values_get(v, i);

		type = NULL;
		if (is_string(e))
			href = url_of_string(p, e);
		else if (is_object(e)) {
			href = url_of_string(p, member(e, "href"));
			if (href == NULL)
				href = url_of_string(p, member(e, "url"));
			type = media_type_of(p, e);
		} else
			href = NULL;
		if (href == NULL)
			continue;
		if (want == PREFER_PAGE)
			score = is_html(type) ? 2 : type == NULL ? 1 : 0;
		else
			score = is_html(type) ? 0 : 1;
		if (score > best_score) {
			best = href;
			best_type = type;
			best_score = score;
		}
	}
	if (media_type != NULL)
		*media_type = best_type;
	return best;
}

/* An icon or image: a URL, an Image with a url, or a list of them. */
static const char *
image_url(struct parser *p, json_object *v)
{
	const char *url;
	size_t i, n = values_count(v);

	for (i = 0; i < n && i < AP_MAX_ITEMS; i++) {
		json_object *e = values_get(v, i);

		if (is_object(e))
			url = best_href(p, member(e, "url"), PREFER_FILE, NULL);
		else
			url = url_of_string(p, e);
		if (url != NULL)
			return url;
	}
	return NULL;
}

/* --- addressing -------------------------------------------------------- */

static int
is_public_collection(const char *s)
{
	/* With the compact forms servers use. */
	return strcmp(s, AP_PUBLIC) == 0 || strcmp(s, "as:Public") == 0 ||
	    strcmp(s, "Public") == 0;
}

/* to or cc: URLs (or objects with one), the public collection spelt out. */
static void
recipients(struct parser *p, json_object *v, const char ***list,
    size_t *count, int *public)
{
	const char *r;
	size_t i, n = values_count(v);

	*list = arena_alloc(p->arena, (n < AP_MAX_RECIPIENTS ? n :
	    AP_MAX_RECIPIENTS) * sizeof(**list) + 1);
	*count = 0;
	*public = 0;
	for (i = 0; i < n; i++) {
		json_object *e = values_get(v, i);

		if (is_object(e))
			e = member(e, "id");
		if (!is_string(e))
			continue;
		if (is_public_collection(json_object_get_string(e))) {
			*public = 1;
			r = AP_PUBLIC;
		} else if (*count < AP_MAX_RECIPIENTS)
			r = url_of_string(p, e);
		else
			continue;
		if (r != NULL && *count < AP_MAX_RECIPIENTS)
			(*list)[(*count)++] = r;
	}
}

/* --- actors ------------------------------------------------------------ */

static int
actor_like(json_object *obj)
{
	const struct type_info *t;

	type_name_of(member(obj, "type"), &t);
	return t != NULL && t->kind == AP_KIND_ACTOR;
}

/*
 * The first Person-like id of an actor or attributedTo value: a string,
 * an inline actor or a list of them. In a list, an individual (Person,
 * Service, Application, Organization) comes before a plain id, and a
 * plain id before a Group, so a PeerTube video is the account's, not the
 * channel's.
 */
static const char *
actor_id(struct parser *p, json_object *v)
{
	const char *id;
	size_t i, pass, n = values_count(v);

	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < n && i < AP_MAX_ITEMS; i++) {
			json_object *e = values_get(v, i);
			const struct type_info *t = NULL;

			if (is_object(e))
				type_name_of(member(e, "type"), &t);
			if (pass == 0 && !(is_object(e) && actor_like(e) &&
			    t->type != AP_TYPE_GROUP))
				continue;
			if (pass == 1 && !is_string(e))
				continue;
			if (pass == 2 && !is_object(e))
				continue;
			id = is_string(e) ? url_of_string(p, e) :
			    url_of_string(p, member(e, "id"));
			if (id != NULL)
				return id;
		}
	return NULL;
}

static void
public_key(struct parser *p, json_object *v, struct ap_public_key *key)
{
	size_t i, n = values_count(v);

	/* Several keys (Fedify): the first with a PEM. */
	for (i = 0; i < n && i < AP_MAX_ITEMS; i++) {
		json_object *e = values_get(v, i);

		if (!is_object(e) || !is_string(member(e, "publicKeyPem")))
			continue;
		key->pem = member_text(p, e, "publicKeyPem", AP_MAX_PEM);
		key->id = url_of_string(p, member(e, "id"));
		key->owner = url_of_string(p, member(e, "owner"));
		return;
	}
	/* Only the key's id: it is fetched on its own. */
	if (n > 0)
		key->id = ref_id(p, v);
}

static void
aliases(struct parser *p, json_object *v, struct ap_profile *profile)
{
	const char *alias;
	size_t i, n = values_count(v);

	profile->also_known_as = arena_alloc(p->arena,
	    (n < AP_MAX_ALIASES ? n : AP_MAX_ALIASES) * sizeof(char *) + 1);
	for (i = 0; i < n && profile->nalso_known_as < AP_MAX_ALIASES; i++) {
		alias = ref_id(p, values_get(v, i));
		if (alias != NULL)
			profile->also_known_as[profile->nalso_known_as++] =
			    alias;
	}
}

static void
parse_profile(struct parser *p, json_object *obj, struct ap_profile *profile)
{
	json_object *endpoints = member(obj, "endpoints");

	profile->preferred_username = member_text(p, obj,
	    "preferredUsername", AP_MAX_TEXT);
	profile->inbox = member_ref_id(p, obj, "inbox");
	profile->outbox = member_ref_id(p, obj, "outbox");
	profile->followers = member_ref_id(p, obj, "followers");
	profile->following = member_ref_id(p, obj, "following");
	profile->featured = member_ref_id(p, obj, "featured");
	profile->featured_tags = member_ref_id(p, obj, "featuredTags");
	profile->shared_inbox = is_object(endpoints) ?
	    member_ref_id(p, endpoints, "sharedInbox") : NULL;
	/* Misskey also says it at the top. */
	if (profile->shared_inbox == NULL)
		profile->shared_inbox = member_ref_id(p, obj, "sharedInbox");
	profile->moved_to = member_ref_id(p, obj, "movedTo");
	public_key(p, member(obj, "publicKey"), &profile->public_key);
	profile->manually_approves_followers = boolean_of(member(obj,
	    "manuallyApprovesFollowers"), 0);
	profile->discoverable = boolean_of(member(obj, "discoverable"), -1);
	profile->indexable = boolean_of(member(obj, "indexable"), -1);
	aliases(p, member(obj, "alsoKnownAs"), profile);
}

/* --- tags and attachments ---------------------------------------------- */

static int
parse_tag(struct parser *p, json_object *e, struct ap_tag *tag)
{
	const struct type_info *t;
	json_object *icon;

	type_name_of(member(e, "type"), &t);
	if (t == NULL)
		return 0;
	tag->type = t->type;
	tag->name = member_text(p, e, "name", AP_MAX_TEXT);
	tag->href = url_of_string(p, member(e, "href"));
	switch (t->type) {
	case AP_TYPE_MENTION:
		return tag->href != NULL;
	case AP_TYPE_HASHTAG:
		return tag->name != NULL && tag->name[0] != '\0';
	case AP_TYPE_EMOJI:
		icon = member(e, "icon");
		if (is_array(icon))
			icon = json_object_array_get_idx(icon, 0);
		tag->id = url_of_string(p, member(e, "id"));
		tag->icon_url = image_url(p, icon);
		tag->icon_media_type = is_object(icon) ?
		    media_type_of(p, icon) : NULL;
		tag->updated = time_of(member(e, "updated"));
		return tag->name != NULL && tag->icon_url != NULL;
	default:
		return 0;
	}
}

static void
parse_tags(struct parser *p, json_object *v, struct ap_object *obj)
{
	size_t i, n = values_count(v);

	obj->tags = arena_alloc(p->arena, (n < AP_MAX_TAGS ? n :
	    AP_MAX_TAGS) * sizeof(*obj->tags) + 1);
	for (i = 0; i < n && obj->ntags < AP_MAX_TAGS; i++) {
		json_object *e = values_get(v, i);

		if (is_object(e) && parse_tag(p, e, &obj->tags[obj->ntags]))
			obj->ntags++;
		else
			memset(&obj->tags[obj->ntags], 0, sizeof(*obj->tags));
	}
}

static double
focal_coordinate(json_object *v)
{
	double d;

	if (v == NULL || (!json_object_is_type(v, json_type_double) &&
	    !json_object_is_type(v, json_type_int)))
		return 0;
	d = json_object_get_double(v);
	if (!isfinite(d))
		return 0;
	return d < -1 ? -1 : d > 1 ? 1 : d;
}

static int
dimension(json_object *v)
{
	int64_t n = count_of(v);

	return n > 0 && n <= INT_MAX ? (int)n : 0;
}

static int
parse_attachment(struct parser *p, json_object *e, struct ap_attachment *a)
{
	const struct type_info *t;
	const char *name, *link_type = NULL;
	json_object *focal;

	name = type_name_of(member(e, "type"), &t);
	a->type = t != NULL ? t->type : AP_TYPE_UNKNOWN;
	a->type_name = name != NULL ? text_copy(p, name, strlen(name), 255) :
	    NULL;
	a->url = best_href(p, member(e, "url"), PREFER_FILE, &link_type);
	if (a->url == NULL)	/* a bare Link (Lemmy) */
		a->url = url_of_string(p, member(e, "href"));
	if (a->url == NULL)
		return 0;
	a->media_type = media_type_of(p, e);
	if (a->media_type == NULL)
		a->media_type = link_type;
	a->name = member_text(p, e, "name", AP_MAX_TEXT);
	a->blurhash = member_text(p, e, "blurhash", 255);
	focal = member(e, "focalPoint");
	if (is_array(focal) && json_object_array_length(focal) == 2) {
		a->has_focal_point = 1;
		a->focal_x = focal_coordinate(json_object_array_get_idx(focal,
		    0));
		a->focal_y = focal_coordinate(json_object_array_get_idx(focal,
		    1));
	}
	a->width = dimension(member(e, "width"));
	a->height = dimension(member(e, "height"));
	return 1;
}

static int
parse_field(struct parser *p, json_object *e, struct ap_field *field)
{
	field->name = member_text(p, e, "name", AP_MAX_TEXT);
	field->value = member_text(p, e, "value", AP_MAX_TEXT);
	return field->name != NULL && field->value != NULL;
}

static int
is_property_value(json_object *e)
{
	const struct type_info *t;

	type_name_of(member(e, "type"), &t);
	return t != NULL && t->type == AP_TYPE_PROPERTY_VALUE;
}

/* Media go to attachments; PropertyValues, on actors, to profile fields. */
static void
parse_attachments(struct parser *p, json_object *v, struct ap_object *obj)
{
	struct ap_profile *profile = &obj->profile;
	size_t i, n = values_count(v);

	obj->attachments = arena_alloc(p->arena, (n < AP_MAX_ATTACHMENTS ?
	    n : AP_MAX_ATTACHMENTS) * sizeof(*obj->attachments) + 1);
	profile->fields = arena_alloc(p->arena, (n < AP_MAX_FIELDS ? n :
	    AP_MAX_FIELDS) * sizeof(*profile->fields) + 1);
	for (i = 0; i < n; i++) {
		json_object *e = values_get(v, i);

		if (!is_object(e))
			continue;
		if (is_property_value(e)) {
			if (obj->kind == AP_KIND_ACTOR &&
			    profile->nfields < AP_MAX_FIELDS && parse_field(p,
			    e, &profile->fields[profile->nfields]))
				profile->nfields++;
		} else if (obj->nattachments < AP_MAX_ATTACHMENTS) {
			if (parse_attachment(p, e,
			    &obj->attachments[obj->nattachments]))
				obj->nattachments++;
			else
				memset(&obj->attachments[obj->nattachments], 0,
				    sizeof(*obj->attachments));
		}
	}
}

/* --- content ----------------------------------------------------------- */

static int
language_tag_valid(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= 'A' && s[n] <= 'Z') ||
		    (s[n] >= '0' && s[n] <= '9') || s[n] == '-' ||
		    s[n] == '_'))
			return 0;
	return n > 0 && n <= 35;
}

static void
parse_content_map(struct parser *p, json_object *map, struct ap_object *obj)
{
	struct ap_localized *l;
	size_t n;

	if (!is_object(map))
		return;
	n = (size_t)json_object_object_length(map);
	obj->content_map = arena_alloc(p->arena, (n < AP_MAX_LANGUAGES ? n :
	    AP_MAX_LANGUAGES) * sizeof(*obj->content_map) + 1);
	json_object_object_foreach(map, language, html) {
		if (obj->ncontent_map >= AP_MAX_LANGUAGES)
			break;
		if (!language_tag_valid(language) || !is_string(html))
			continue;
		l = &obj->content_map[obj->ncontent_map++];
		l->language = arena_strndup(p->arena, language,
		    strlen(language));
		l->content = text_of(p, html, AP_MAX_CONTENT);
	}
}

/* The language of content: its contentMap entry, else the first one. */
static void
choose_content(struct parser *p, json_object *json, struct ap_object *obj)
{
	json_object *language;
	size_t i;

	obj->content = member_text(p, json, "content", AP_MAX_CONTENT);
	parse_content_map(p, member(json, "contentMap"), obj);
	for (i = 0; obj->content != NULL && i < obj->ncontent_map; i++)
		if (strcmp(obj->content_map[i].content, obj->content) == 0) {
			obj->language = obj->content_map[i].language;
			break;
		}
	if (obj->language == NULL && obj->ncontent_map > 0) {
		obj->language = obj->content_map[0].language;
		if (obj->content == NULL)
			obj->content = obj->content_map[0].content;
	}
	/* Lemmy: "language": {"identifier": "fr", "name": "Français"}. */
	language = member(json, "language");
	if (obj->language == NULL && is_object(language)) {
		obj->language = member_text(p, language, "identifier", 35);
		if (obj->language != NULL && !language_tag_valid(obj->language))
			obj->language = NULL;
	}
	/* A Misskey reaction on a Like. */
	if (obj->content == NULL)
		obj->content = member_text(p, json, "_misskey_reaction",
		    AP_MAX_TEXT);
}

static void
choose_source(struct parser *p, json_object *json, struct ap_object *obj)
{
	json_object *source = member(json, "source");

	obj->source_content = member_text(p, json, "_misskey_content",
	    AP_MAX_CONTENT);
	if (obj->source_content == NULL && is_object(source))
		obj->source_content = member_text(p, source, "content",
		    AP_MAX_CONTENT);
	if (obj->source_content == NULL)
		obj->source_content = text_of(p, source, AP_MAX_CONTENT);
}

/* quote (FEP-044f), quoteUrl (Misskey), quoteUri (Fedibird), _misskey_quote. */
static const char *
choose_quote(struct parser *p, json_object *json)
{
	static const char *const keys[] = {
		"quote", "quoteUrl", "quoteUri", "_misskey_quote",
	};
	const char *q;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((q = member_ref_id(p, json, keys[i])) != NULL)
			return q;
	return NULL;
}

static void
parse_content(struct parser *p, json_object *json, struct ap_object *obj)
{
	json_object *context;

	obj->attributed_to = actor_id(p, member(json, "attributedTo"));
	choose_content(p, json, obj);
	choose_source(p, json, obj);
	obj->media_type = media_type_of(p, json);
	obj->summary = member_text(p, json, "summary", AP_MAX_CONTENT);
	obj->name = member_text(p, json, "name", AP_MAX_TEXT);
	obj->in_reply_to = member_ref_id(p, json, "inReplyTo");
	obj->url = best_href(p, member(json, "url"), PREFER_PAGE, NULL);
	obj->quote = choose_quote(p, json);
	obj->audience = member_ref_id(p, json, "audience");
	context = member(json, "context");
	if (!is_string(context))
		context = member(json, "conversation");
	if (is_string(context) &&
	    json_object_get_string_len(context) <= AP_MAX_URL)
		obj->context = text_of(p, context, AP_MAX_URL);
	obj->sensitive = boolean_of(member(json, "sensitive"), 0);
	obj->published = time_of(member(json, "published"));
	obj->updated = time_of(member(json, "updated"));
	recipients(p, member(json, "to"), &obj->to, &obj->nto,
	    &obj->public_in_to);
	recipients(p, member(json, "cc"), &obj->cc, &obj->ncc,
	    &obj->public_in_cc);
	parse_tags(p, member(json, "tag"), obj);
	parse_attachments(p, member(json, "attachment"), obj);
	obj->icon_url = image_url(p, member(json, "icon"));
	obj->image_url = image_url(p, member(json, "image"));
}

/* --- polls ------------------------------------------------------------- */

static void
parse_poll(struct parser *p, json_object *json, struct ap_poll *poll)
{
	json_object *options = member(json, "anyOf"), *closed;
	struct ap_poll_option *o;
	size_t i, n;

	poll->multiple = values_count(options) > 0;
	if (!poll->multiple)
		options = member(json, "oneOf");
	n = values_count(options);
	poll->options = arena_alloc(p->arena, (n < AP_MAX_OPTIONS ? n :
	    AP_MAX_OPTIONS) * sizeof(*poll->options) + 1);
	for (i = 0; i < n && poll->noptions < AP_MAX_OPTIONS; i++) {
		json_object *e = values_get(options, i);

		o = &poll->options[poll->noptions];
		o->name = member_text(p, e, "name", AP_MAX_TEXT);
		if (o->name == NULL)
			continue;
		o->votes = count_of(member(member(e, "replies"),
		    "totalItems"));
		if (o->votes < 0)
			o->votes = 0;
		poll->noptions++;
	}
	poll->end_time = time_of(member(json, "endTime"));
	closed = member(json, "closed");
	poll->closed = time_of(closed);
	poll->is_closed = poll->closed != AP_NO_TIME ||
	    boolean_of(closed, 0) == 1;
	poll->voters_count = count_of(member(json, "votersCount"));
}

/* --- objects, activities, collections ---------------------------------- */

static struct ap_object *parse_object(struct parser *, json_object *, int,
    int);

/* An object given by id or embedded; 0, or -1 when an embedded one fails. */
static int
parse_ref(struct parser *p, json_object *v, int depth, struct ap_ref *ref)
{
	/* {"id": "..."} without a type is a reference, not an object. */
	if (is_object(v) && member(v, "type") == NULL &&
	    member(v, "id") != NULL)
		ref->id = url_of_string(p, member(v, "id"));
	else if (is_object(v)) {
		ref->object = parse_object(p, v, depth + 1, 0);
		if (ref->object == NULL)
			return -1;
		ref->id = ref->object->id;
	} else
		ref->id = url_of_string(p, v);
	return 0;
}

static int
parse_activity(struct parser *p, json_object *json, int depth,
    struct ap_object *obj, unsigned int needs)
{
	json_object *objects = member(json, "object"), *actor;
	size_t i, n = values_count(objects);

	actor = member(json, "actor");
	obj->actor = actor_id(p, actor);
	if (obj->actor == NULL && (needs & NEEDS_ACTOR)) {
		if (actor != NULL)
			fail(p, "actor is not an http(s) URL");
		else
			fail(p, "%s without an actor", obj->type_name);
		return -1;
	}
	obj->objects = arena_alloc(p->arena, (n < AP_MAX_ITEMS ? n :
	    AP_MAX_ITEMS) * sizeof(*obj->objects) + 1);
	for (i = 0; i < n && obj->nobjects < AP_MAX_ITEMS; i++) {
		struct ap_ref *ref = &obj->objects[obj->nobjects];

		if (parse_ref(p, values_get(objects, i), depth, ref) == -1) {
			fail_within(p, "object");
			return -1;
		}
		if (ref->id != NULL || ref->object != NULL)
			obj->nobjects++;
	}
	if (obj->nobjects > 0)
		obj->object = obj->objects[0];
	else if (needs & NEEDS_OBJECT) {
		fail(p, objects != NULL ? "object is not an http(s) URL" :
		    "%s without an object", obj->type_name);
		return -1;
	}
	obj->target = member_ref_id(p, json, "target");
	if (obj->target == NULL && (needs & NEEDS_TARGET)) {
		fail(p, "%s without a target", obj->type_name);
		return -1;
	}
	return 0;
}

static void
parse_collection(struct parser *p, json_object *json, int depth,
    struct ap_collection *c)
{
	json_object *items = member(json, "orderedItems"), *first;
	size_t i, n;

	c->total_items = count_of(member(json, "totalItems"));
	first = member(json, "first");
	/* A page that cannot be read is left for a fetch by id. */
	if (parse_ref(p, first, depth, &c->first) == -1) {
		p->failed = 0;
		c->first.object = NULL;
		c->first.id = ref_id(p, first);
	}
	c->next = member_ref_id(p, json, "next");
	c->prev = member_ref_id(p, json, "prev");
	c->part_of = member_ref_id(p, json, "partOf");
	if (items == NULL)
		items = member(json, "items");
	n = values_count(items);
	c->items = arena_alloc(p->arena, (n < AP_MAX_ITEMS ? n :
	    AP_MAX_ITEMS) * sizeof(*c->items) + 1);
	for (i = 0; i < n && c->nitems < AP_MAX_ITEMS; i++) {
		struct ap_ref *ref = &c->items[c->nitems];

		/* Strangers' collections hold junk: skip what fails. */
		if (parse_ref(p, values_get(items, i), depth, ref) == -1) {
			p->failed = 0;
			memset(ref, 0, sizeof(*ref));
			continue;
		}
		if (ref->id != NULL || ref->object != NULL)
			c->nitems++;
	}
}

/* The id: absent (NULL, 0), valid (copied, 0) or refused (-1). */
static int
parse_id(struct parser *p, json_object *json, const char **id)
{
	json_object *v = member(json, "id");
	const char *s;
	size_t n;

	*id = NULL;
	if (v == NULL)
		return 0;
	if (!is_string(v)) {
		fail(p, "id is not a string");
		return -1;
	}
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (strlen(s) != n)
		fail(p, "id contains a NUL byte");
	else if (n > AP_MAX_URL)
		fail(p, "id is longer than %d bytes", AP_MAX_URL);
	else if (!ap_url_valid(s))
		fail(p, "id is not an http(s) URL");
	else {
		*id = arena_strndup(p->arena, s, n);
		return 0;
	}
	return -1;
}

static struct ap_object *
parse_object(struct parser *p, json_object *json, int depth, int need_id)
{
	const struct type_info *info;
	struct ap_object *obj;
	json_object *type;
	const char *name;

	if (depth > AP_MAX_EMBEDDING) {
		fail(p, "objects nested deeper than %d", AP_MAX_EMBEDDING);
		return NULL;
	}
	if (!is_object(json)) {
		fail(p, "not a JSON object");
		return NULL;
	}
	type = member(json, "type");
	if (type == NULL) {
		fail(p, "no type");
		return NULL;
	}
	if ((name = type_name_of(type, &info)) == NULL) {
		fail(p, "type is neither a string nor a list of strings");
		return NULL;
	}
	obj = arena_alloc(p->arena, sizeof(*obj));
	obj->type_name = text_copy(p, name, strlen(name), 255);
	obj->type = info != NULL ? info->type : AP_TYPE_UNKNOWN;
	obj->kind = info != NULL ? info->kind : AP_KIND_OTHER;
	/* An unknown type with an actor is some activity: read it as one. */
	if (obj->kind == AP_KIND_OTHER && info == NULL &&
	    member(json, "actor") != NULL)
		obj->kind = AP_KIND_ACTIVITY;
	if (parse_id(p, json, &obj->id) == -1)
		return NULL;
	/*
	 * Activities may be transient (GoToSocial's Delete has no id);
	 * what is fetched or stored by its id must have one.
	 */
	if (obj->id == NULL && need_id && obj->kind != AP_KIND_ACTIVITY) {
		fail(p, "no id");
		return NULL;
	}
	obj->published = obj->updated = obj->deleted = AP_NO_TIME;
	obj->poll.end_time = obj->poll.closed = AP_NO_TIME;
	obj->poll.voters_count = -1;
	obj->profile.discoverable = obj->profile.indexable = -1;
	obj->collection.total_items = -1;
	parse_content(p, json, obj);
	/*
	 * What an activity needs is asked of the document itself: an Undo
	 * may carry a Follow pared down to its id and object.
	 */
	if (obj->kind == AP_KIND_ACTIVITY && parse_activity(p, json, depth,
	    obj, info != NULL && depth == 0 ? info->needs : 0) == -1)
		return NULL;
	if (obj->kind == AP_KIND_ACTOR)
		parse_profile(p, json, &obj->profile);
	if (obj->type == AP_TYPE_KEY || obj->type == AP_TYPE_CRYPTOGRAPHIC_KEY)
		public_key(p, json, &obj->profile.public_key);
	if (obj->kind == AP_KIND_COLLECTION)
		parse_collection(p, json, depth, &obj->collection);
	if (obj->type == AP_TYPE_QUESTION)
		parse_poll(p, json, &obj->poll);
	if (obj->kind == AP_KIND_TOMBSTONE) {
		obj->former_type = member_text(p, json, "formerType", 255);
		obj->deleted = time_of(member(json, "deleted"));
	}
	return obj;
}

/* --- entry points ------------------------------------------------------ */

struct json_object *
ap_json_parse(const char *bytes, size_t len, struct ap_error *error)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	json_object *doc;
	size_t i, end;

	if (len > AP_MAX_DOCUMENT) {
		error_set(error, "the document is larger than 1 MiB");
		return NULL;
	}
	if (memchr(bytes, '\0', len) != NULL) {
		error_set(error, "not JSON: a NUL byte");
		return NULL;
	}
	tok = json_tokener_new_ex(AP_MAX_DEPTH);
	if (tok == NULL)
		fatalx("json_tokener_new_ex: out of memory");
	/* Trailing data is checked below, to allow trailing white space. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_ALLOW_TRAILING_CHARS | JSON_TOKENER_VALIDATE_UTF8);
	doc = json_tokener_parse_ex(tok, bytes, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_continue || (jerr == json_tokener_success &&
	    doc == NULL && len == 0)) {
		error_set(error, "not JSON: it ends too early");
		json_object_put(doc);
		return NULL;
	}
	if (jerr != json_tokener_success) {
		if (error != NULL && jerr == json_tokener_error_depth)
			snprintf(error->reason, sizeof(error->reason),
			    "JSON nested deeper than %d levels", AP_MAX_DEPTH);
		else if (error != NULL)
			snprintf(error->reason, sizeof(error->reason),
			    "not JSON: %s", json_tokener_error_desc(jerr));
		json_object_put(doc);
		return NULL;
	}
	for (i = end; i < len; i++)
		if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\n' &&
		    bytes[i] != '\r') {
			error_set(error, "text after the JSON document");
			json_object_put(doc);
			return NULL;
		}
	if (!is_object(doc)) {
		error_set(error, "the JSON is not an object");
		json_object_put(doc);
		return NULL;
	}
	return doc;
}

struct ap_view *
ap_parse(struct json_object *json, struct ap_error *error)
{
	struct ap_error scratch;
	struct ap_view *doc;
	struct parser p;

	memset(&p, 0, sizeof(p));
	p.error = error != NULL ? error : &scratch;
	p.arena = xcalloc(1, sizeof(*p.arena));
	doc = arena_alloc(p.arena, sizeof(*doc));
	doc->arena = p.arena;
	if (!is_object(json)) {
		fail(&p, "the JSON is not an object");
		doc->object = NULL;
	} else
		doc->object = parse_object(&p, json, 0, 1);
	if (doc->object == NULL) {
		arena_free(p.arena);
		return NULL;
	}
	return doc;
}

struct ap_view *
ap_parse_bytes(const char *bytes, size_t len, struct ap_error *error)
{
	struct ap_view *doc;
	json_object *json;

	if ((json = ap_json_parse(bytes, len, error)) == NULL)
		return NULL;
	doc = ap_parse(json, error);
	json_object_put(json);
	return doc;
}

void
ap_view_free(struct ap_view *doc)
{
	if (doc != NULL)
		arena_free(doc->arena);
}
