/*
 * request: reading what the client sent. Input arrives as FastCGI
 * parameters (headers, path, query) and a body on stdin; here it becomes
 * parameter lists that handlers query through typed accessors with limits.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "request.h"
#include "params.h"
#include "router.h"

#define JSON_MAX_DEPTH 16

const char *
req_header(struct request *req, const char *name)
{
	char env[128];
	size_t i, o;

	if (!strcasecmp(name, "Content-Type"))
		return FCGX_GetParam("CONTENT_TYPE", req->fcgi->envp);
	if (!strcasecmp(name, "Content-Length"))
		return FCGX_GetParam("CONTENT_LENGTH", req->fcgi->envp);
	o = (size_t)snprintf(env, sizeof(env), "HTTP_");
	for (i = 0; name[i] && o < sizeof(env) - 1; i++)
		env[o++] = name[i] == '-' ? '_' :
		    (char)toupper((unsigned char)name[i]);
	env[o] = '\0';
	return FCGX_GetParam(env, req->fcgi->envp);
}

const char *
req_cookie(struct request *req, const char *name, char *out, size_t outlen)
{
	const char *h = req_header(req, "Cookie"), *p, *end;
	size_t nlen = strlen(name), vlen;

	if (h == NULL)
		return NULL;
	for (p = h; *p; ) {
		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > nlen && !strncmp(p, name, nlen) &&
		    p[nlen] == '=') {
			vlen = (size_t)(end - p) - nlen - 1;
			if (vlen >= outlen)
				return NULL;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return out;
		}
		p = end;
	}
	return NULL;
}

int
req_wants_json(struct request *req)
{
	const char *accept;

	if (req->family != FAMILY_WEB)
		return 1;
	accept = req_header(req, "Accept");
	return accept != NULL && strstr(accept, "json") != NULL &&
	    strstr(accept, "text/html") == NULL;
}

static int
content_type_is(const char *ctype, const char *want)
{
	size_t n = strlen(want);

	return ctype != NULL && !strncasecmp(ctype, want, n) &&
	    (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

int
req_read_body(struct request *req)
{
	const struct config *cf = req->app->cf;
	const char *ctype = req_header(req, "Content-Type");
	const char *clen = req_header(req, "Content-Length");
	long long length, limit;
	char *body, *endp;
	size_t got = 0;
	int n, multipart;
	json_tokener *tok;
	enum json_tokener_error jerr;

	if (req->body_read)
		return 0;
	req->body_read = 1;
	if (clen == NULL || *clen == '\0')
		return 0;
	errno = 0;
	length = strtoll(clen, &endp, 10);
	if (errno || *endp || length < 0) {
		resp_error(req, 400, "Invalid Content-Length");
		return -1;
	}
	if (length == 0)
		return 0;
	multipart = content_type_is(ctype, "multipart/form-data");
	limit = multipart ? cf->max_upload_size : cf->max_form_size;
	if (length > limit) {
		resp_error(req, 413, "The request body is too large");
		return -1;
	}
	body = xmalloc((size_t)length + 1);
	while (got < (size_t)length) {
		n = FCGX_GetStr(body + got, (int)((size_t)length - got),
		    req->fcgi->in);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	body[got] = '\0';
	if (got != (size_t)length) {
		free(body);
		resp_error(req, 400, "The request body ended early");
		return -1;
	}
	/* Kept whole for the request's life; the parsers copy what they take. */
	req->body = body;
	req->body_len = got;
	/* A POST without a Content-Type is a form, as Rack reads it. */
	if (content_type_is(ctype, "application/x-www-form-urlencoded") ||
	    ((ctype == NULL || *ctype == '\0') &&
	    !strcmp(req->method, "POST"))) {
		if (params_parse_urlencoded(&req->body_params, body, got) == -1)
			goto toomany;
	} else if (multipart) {
		if (params_parse_multipart(&req->body_params, ctype, body, got) == -1) {
			if (req->body_params.n >= PARAMS_MAX)
				goto toomany;
			resp_error(req, 400, "Malformed multipart body");
			return -1;
		}
		/*
		 * An upload is never read raw (only signed JSON is), and the
		 * parts hold their own copies: don't keep it twice.
		 */
		free(req->body);
		req->body = NULL;
		req->body_len = 0;
	} else if (content_type_is(ctype, "application/json") ||
	    content_type_is(ctype, "application/activity+json") ||
	    content_type_is(ctype, "application/ld+json")) {
		/* json-c counts the top level too. */
		tok = json_tokener_new_ex(JSON_MAX_DEPTH + 1);
		req->json = json_tokener_parse_ex(tok, body, (int)got);
		jerr = json_tokener_get_error(tok);
		json_tokener_free(tok);
		if (jerr != json_tokener_success || req->json == NULL) {
			if (req->json)
				json_object_put(req->json);
			req->json = NULL;
			resp_error(req, 400, jerr == json_tokener_error_depth ?
			    "The JSON body is nested too deeply" :
			    "The JSON body could not be parsed");
			return -1;
		}
	}
	return 0;
toomany:
	resp_error(req, 413, "Too many form fields");
	return -1;
}

const char *
req_route_param(struct request *req, const char *name)
{
	const struct param *p = params_find(&req->route_params, name);

	return p ? p->value : NULL;
}

/*
 * One raw input value. A JSON body keeps its type (json is set), so a
 * typed accessor can refuse a number where a string belongs and the other
 * way round; path, form and query values are always text.
 */
struct raw_value {
	const char	*text;
	size_t		 len;
	json_object	*json;		/* NULL unless from a JSON body */
};

/* Where a value may come from. */
enum input_source {
	FROM_BODY = 1 << 0,	/* form or JSON */
	FROM_PATH_AND_QUERY = 1 << 1,
	FROM_ANYWHERE = FROM_BODY | FROM_PATH_AND_QUERY,
};

#define NESTED_KEY_MAX 64	/* one segment of "a[b][c]" */

/*
 * The next segment of a Rails-style nested name: "source" of
 * "source[privacy]", then "privacy". 1 with the segment copied into seg,
 * 0 at the end, -1 when the name is malformed or a segment too long.
 */
static int
nested_segment(const char **p, char seg[NESTED_KEY_MAX + 1])
{
	const char *s = *p, *e;
	size_t len;

	if (*s == '\0')
		return 0;
	if (*s == '[') {
		if ((e = strchr(++s, ']')) == NULL)
			return -1;
		*p = e + 1;
	} else {
		e = s + strcspn(s, "[");
		*p = e;
	}
	len = (size_t)(e - s);
	if (len > NESTED_KEY_MAX)
		return -1;
	memcpy(seg, s, len);
	seg[len] = '\0';
	return 1;
}

/*
 * A member of a JSON body by its Rails name: "a" is the member a, "a[b]"
 * the member b of the object a (a form spells the same nesting so).
 */
static int
json_member(json_object *body, const char *name, json_object **out)
{
	const char *open = strchr(name, '[');
	char outer[64], inner[64];
	json_object *o;
	size_t olen, ilen;

	if (open == NULL)
		return json_object_object_get_ex(body, name, out);
	olen = (size_t)(open - name);
	ilen = strlen(open + 1);
	if (olen == 0 || olen >= sizeof(outer) || ilen < 2 ||
	    ilen > sizeof(inner) || open[ilen] != ']')
		return 0;
	memcpy(outer, name, olen);
	outer[olen] = '\0';
	memcpy(inner, open + 1, ilen - 1);
	inner[ilen - 1] = '\0';
	if (!json_object_object_get_ex(body, outer, &o) || o == NULL ||
	    !json_object_is_type(o, json_type_object))
		return 0;
	return json_object_object_get_ex(o, inner, out);
}

/*
 * Find a raw value: path, then body (form or JSON), then query string,
 * among the sources allowed. JSON null is absent, as Rails reads it.
 */
static int
req_lookup_in(struct request *req, const char *name, unsigned from,
    struct raw_value *out)
{
	const struct param *p;
	json_object *v;

	out->json = NULL;
	if (((from & FROM_PATH_AND_QUERY) &&
	    (p = params_find(&req->route_params, name)) != NULL) ||
	    ((from & FROM_BODY) &&
	    (p = params_find(&req->body_params, name)) != NULL)) {
		out->text = p->value;
		out->len = p->len;
		return 1;
	}
	if ((from & FROM_BODY) && req->json != NULL &&
	    json_object_is_type(req->json, json_type_object) &&
	    json_member(req->json, name, &v)) {
		if (v == NULL)
			return 0;
		if (json_object_is_type(v, json_type_object) ||
		    json_object_is_type(v, json_type_array)) {
			snprintf(req->error, sizeof(req->error),
			    "%s must be a single value", name);
			return -1;
		}
		out->json = v;
		out->text = json_object_get_string(v);
		/* Only a string's length may differ from strlen (NUL bytes). */
		out->len = json_object_is_type(v, json_type_string) ?
		    (size_t)json_object_get_string_len(v) : strlen(out->text);
		return 1;
	}
	if ((from & FROM_PATH_AND_QUERY) &&
	    (p = params_find(&req->query_params, name)) != NULL) {
		out->text = p->value;
		out->len = p->len;
		return 1;
	}
	return 0;
}

static int
req_lookup(struct request *req, const char *name, struct raw_value *out)
{
	return req_lookup_in(req, name, FROM_ANYWHERE, out);
}

/* True when a JSON value is of the given type (text values always pass). */
static int
raw_is(const struct raw_value *v, json_type type)
{
	return v->json == NULL || json_object_is_type(v->json, type);
}

/* Text a handler may take: a string, no NUL, UTF-8, not too long. */
static int
text_valid(struct request *req, const char *name, const struct raw_value *v,
    size_t maxchars)
{
	size_t chars;
	int valid;

	/* A JSON number where text belongs is read as its digits. */
	if (!raw_is(v, json_type_string) && !raw_is(v, json_type_int)) {
		snprintf(req->error, sizeof(req->error),
		    "%s must be a string", name);
		return 0;
	}
	if (strlen(v->text) != v->len) {
		snprintf(req->error, sizeof(req->error),
		    "%s contains a NUL byte", name);
		return 0;
	}
	chars = utf8_length(v->text, &valid);
	if (!valid) {
		snprintf(req->error, sizeof(req->error),
		    "%s is not valid UTF-8", name);
		return 0;
	}
	if (chars > maxchars) {
		snprintf(req->error, sizeof(req->error),
		    "%s is too long (at most %zu characters)", name, maxchars);
		return 0;
	}
	return 1;
}

static int
req_str_in(struct request *req, const char *name, unsigned from,
    size_t maxchars, const char **out)
{
	struct raw_value v;
	int rc;

	if ((rc = req_lookup_in(req, name, from, &v)) != 1)
		return rc;
	if (!text_valid(req, name, &v, maxchars))
		return -1;
	*out = v.text;
	return 1;
}

int
req_str(struct request *req, const char *name, size_t maxchars,
    const char **out)
{
	return req_str_in(req, name, FROM_ANYWHERE, maxchars, out);
}

int
req_body_str(struct request *req, const char *name, size_t maxchars,
    const char **out)
{
	return req_str_in(req, name, FROM_BODY, maxchars, out);
}

/* Add one item to a list being read; 0 when it is bad or one too many. */
static int
array_add(struct request *req, const char *name, const struct raw_value *v,
    size_t max, size_t maxchars, const char **out, size_t *n)
{
	if (*n >= max) {
		snprintf(req->error, sizeof(req->error),
		    "%s has too many values (at most %zu)", name, max);
		return 0;
	}
	if (!text_valid(req, name, v, maxchars))
		return 0;
	out[(*n)++] = v->text;
	return 1;
}

/* Every name[] of a form or query string: 1 found, 0 none, -1 bad. */
static int
array_from_params(struct request *req, const struct params *ps,
    const char *name, size_t max, size_t maxchars, const char **out,
    size_t *n)
{
	char key[128];
	struct raw_value v;
	size_t i;

	snprintf(key, sizeof(key), "%s[]", name);
	v.json = NULL;
	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->v[i].name, key) != 0)
			continue;
		v.text = ps->v[i].value;
		v.len = ps->v[i].len;
		if (!array_add(req, name, &v, max, maxchars, out, n))
			return -1;
	}
	return *n > 0;
}

/* A JSON body's array of strings: 1 found, 0 none, -1 bad. */
static int
array_from_json(struct request *req, const char *name, size_t max,
    size_t maxchars, const char **out, size_t *n)
{
	json_object *arr;
	struct raw_value v;
	size_t i, len;

	if (req->json == NULL ||
	    !json_object_is_type(req->json, json_type_object) ||
	    !json_member(req->json, name, &arr) || arr == NULL ||
	    !json_object_is_type(arr, json_type_array))
		return 0;
	len = json_object_array_length(arr);
	for (i = 0; i < len; i++) {
		v.json = json_object_array_get_idx(arr, i);
		if (v.json == NULL || (!json_object_is_type(v.json,
		    json_type_string) && !json_object_is_type(v.json,
		    json_type_int))) {
			snprintf(req->error, sizeof(req->error),
			    "%s must be a list of strings", name);
			return -1;
		}
		v.text = json_object_get_string(v.json);
		v.len = json_object_is_type(v.json, json_type_string) ?
		    (size_t)json_object_get_string_len(v.json) :
		    strlen(v.text);
		if (!array_add(req, name, &v, max, maxchars, out, n))
			return -1;
	}
	return 1;
}

int
req_str_array(struct request *req, const char *name, size_t max,
    size_t maxchars, const char **out, size_t *n)
{
	int rc;

	*n = 0;
	if ((rc = array_from_params(req, &req->body_params, name, max,
	    maxchars, out, n)) != 0 ||
	    (rc = array_from_json(req, name, max, maxchars, out, n)) != 0 ||
	    (rc = array_from_params(req, &req->query_params, name, max,
	    maxchars, out, n)) != 0)
		return rc;
	/* name=a alone is a list of one, as Rails' Array() reads it. */
	if ((rc = req_str(req, name, maxchars, out)) == 1)
		*n = 1;
	return rc;
}

/*
 * Digits with at most a leading minus: no spaces, '+' or NUL bytes, which
 * strtoll would skip or stop at, so one number has few spellings.
 */
static int
number_text_plain(const struct raw_value *v)
{
	size_t i = v->text[0] == '-' ? 1 : 0;

	if (strlen(v->text) != v->len || i == v->len)
		return 0;
	for (; i < v->len; i++)
		if (!isdigit((unsigned char)v->text[i]))
			return 0;
	return 1;
}

int
req_int(struct request *req, const char *name, long long min, long long max,
    long long *out)
{
	struct raw_value v;
	long long n;
	int rc;

	if ((rc = req_lookup(req, name, &v)) != 1)
		return rc;
	if (v.json == NULL && *v.text == '\0')
		return 0;	/* "?limit=" is treated as absent, as Rails does */
	if (!number_text_plain(&v)) {
		snprintf(req->error, sizeof(req->error),
		    "%s must be a whole number from %lld to %lld", name, min,
		    max);
		return -1;
	}
	/* Plain digits: JSON's 1.5 and true were refused above. */
	errno = 0;
	n = strtoll(v.text, NULL, 10);
	if (errno || n < min || n > max) {
		snprintf(req->error, sizeof(req->error),
		    "%s must be a whole number from %lld to %lld", name, min,
		    max);
		return -1;
	}
	*out = n;
	return 1;
}

/* An id: the decimal digits of a positive signed 64-bit number. */
static int
id_text_valid(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return len > 0 && len <= 19 &&
	    (len < 19 || strcmp(s, "9223372036854775807") <= 0);
}

int
req_id(struct request *req, const char *name, int64_t *out)
{
	struct raw_value v;
	int rc;

	if ((rc = req_lookup(req, name, &v)) != 1)
		return rc;
	if (v.json == NULL && *v.text == '\0')
		return 0;
	/*
	 * Mastodon ids are strings; a JSON integer is taken when it is a
	 * positive one in range (json-c prints what it parsed, so an
	 * out-of-range number shows as a clamped or floating value here).
	 */
	if ((!raw_is(&v, json_type_string) && !raw_is(&v, json_type_int)) ||
	    !id_text_valid(v.text, v.len) ||
	    (v.json != NULL && json_object_is_type(v.json, json_type_int) &&
	    strcmp(v.text, "0") == 0)) {
		snprintf(req->error, sizeof(req->error), "%s is not a valid id",
		    name);
		return -1;
	}
	*out = strtoll(v.text, NULL, 10);
	return 1;
}

/*
 * Booleans as text, either case: Rails' false strings and their usual true
 * counterparts. Rails reads any other text as true; we refuse it, so a
 * typo is an error rather than a silent yes.
 */
static int
bool_from_text(const char *s, int *out)
{
	static const char *const yes[] = { "1", "t", "true", "on", "y",
	    "yes", NULL };
	static const char *const no[] = { "0", "f", "false", "off", "n",
	    "no", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (!strcasecmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
	for (i = 0; no[i] != NULL; i++)
		if (!strcasecmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	return -1;
}

int
req_bool(struct request *req, const char *name, int *out)
{
	struct raw_value v;
	int rc, b;

	if ((rc = req_lookup(req, name, &v)) != 1)
		return rc;
	if (v.json != NULL && json_object_is_type(v.json, json_type_boolean)) {
		*out = json_object_get_boolean(v.json);
		return 1;
	}
	if (v.json == NULL && *v.text == '\0')
		return 0;
	if ((!raw_is(&v, json_type_string) && !raw_is(&v, json_type_int)) ||
	    strlen(v.text) != v.len || bool_from_text(v.text, &b) == -1) {
		snprintf(req->error, sizeof(req->error),
		    "%s must be true or false", name);
		return -1;
	}
	*out = b;
	return 1;
}

/* One item of a list: text as req_str takes it (UTF-8, no NUL, short). */
static int
list_item_valid(struct request *req, const char *name, const char *text,
    size_t len, size_t maxchars)
{
	size_t chars;
	int valid;

	chars = utf8_length(text, &valid);
	if (strlen(text) != len || !valid || chars > maxchars) {
		snprintf(req->error, sizeof(req->error), "%s holds an invalid "
		    "or over-long value (at most %zu characters)", name,
		    maxchars);
		return 0;
	}
	return 1;
}

/* Add an item, unless the list is full (then -1 with the reason). */
static int
list_add(struct request *req, const char *name, size_t maxitems,
    const char ***items, size_t *n, const char *text)
{
	if (*n == maxitems) {
		snprintf(req->error, sizeof(req->error),
		    "%s has too many values (at most %zu)", name, maxitems);
		return -1;
	}
	*items = xrealloc(*items, (*n + 1) * sizeof(**items));
	(*items)[(*n)++] = text;
	return 0;
}

/* The "name[]" fields of a form or query string, in order. */
static int
list_from_params(struct request *req, const struct params *ps,
    const char *name, size_t maxitems, size_t maxchars, const char ***items,
    size_t *n)
{
	size_t i, nlen = strlen(name);

	for (i = 0; i < ps->n; i++) {
		if (strncmp(ps->v[i].name, name, nlen) != 0 ||
		    strcmp(ps->v[i].name + nlen, "[]") != 0)
			continue;
		if (!list_item_valid(req, name, ps->v[i].value, ps->v[i].len,
		    maxchars) || list_add(req, name, maxitems, items, n,
		    ps->v[i].value) == -1)
			return -1;
	}
	return *n > 0;
}

/* A JSON array of strings. */
static int
list_from_json(struct request *req, json_object *array, const char *name,
    size_t maxitems, size_t maxchars, const char ***items, size_t *n)
{
	json_object *item;
	size_t i, len = json_object_array_length(array);

	for (i = 0; i < len; i++) {
		item = json_object_array_get_idx(array, i);
		if (item == NULL ||
		    !json_object_is_type(item, json_type_string)) {
			snprintf(req->error, sizeof(req->error),
			    "%s must be a list of strings", name);
			return -1;
		}
		if (!list_item_valid(req, name, json_object_get_string(item),
		    (size_t)json_object_get_string_len(item), maxchars) ||
		    list_add(req, name, maxitems, items, n,
		    json_object_get_string(item)) == -1)
			return -1;
	}
	return 1;
}

int
req_str_list(struct request *req, const char *name, size_t maxitems,
    size_t maxchars, const char ***out, size_t *n)
{
	const char **items = NULL, *one;
	json_object *v;
	int rc;

	*n = 0;
	if (req->json != NULL &&
	    json_object_is_type(req->json, json_type_object) &&
	    json_object_object_get_ex(req->json, name, &v) && v != NULL &&
	    json_object_is_type(v, json_type_array))
		rc = list_from_json(req, v, name, maxitems, maxchars, &items,
		    n);
	else if ((rc = list_from_params(req, &req->body_params, name,
	    maxitems, maxchars, &items, n)) == 0 &&
	    (rc = list_from_params(req, &req->query_params, name, maxitems,
	    maxchars, &items, n)) == 0 &&
	    (rc = req_str(req, name, maxchars, &one)) == 1)
		rc = list_add(req, name, maxitems, &items, n, one) == 0 ? 1 :
		    -1;
	if (rc != 1) {
		free(items);
		*n = 0;
		return rc;
	}
	*out = items;
	return 1;
}

int
req_id_list(struct request *req, const char *name, size_t max_items,
    int64_t **out, size_t *n)
{
	const char **texts;
	size_t i, count;
	int rc;

	*out = NULL;
	*n = 0;
	texts = xcalloc(max_items ? max_items : 1, sizeof(*texts));
	if ((rc = req_str_array(req, name, max_items, 20, texts,
	    &count)) != 1) {
		free(texts);
		return rc;
	}
	*out = xcalloc(count ? count : 1, sizeof(**out));
	for (i = 0; i < count; i++) {
		/* "id[]=" names nothing, as Rails' compact_blank reads it. */
		if (*texts[i] == '\0')
			continue;
		if (!id_text_valid(texts[i], strlen(texts[i]))) {
			snprintf(req->error, sizeof(req->error),
			    "%s contains an invalid id", name);
			free(texts);
			free(*out);
			*out = NULL;
			return -1;
		}
		(*out)[(*n)++] = strtoll(texts[i], NULL, 10);
	}
	free(texts);
	return 1;
}

struct hash_list {
	struct params	*items;
	char		**keys;		/* "" for the "name[][field]" form */
	size_t		  n, max_items;
	int		  found;
};

static struct params *
hash_new_item(struct request *req, const char *name, struct hash_list *h,
    const char *key)
{
	if (h->n >= h->max_items) {
		snprintf(req->error, sizeof(req->error),
		    "%s has too many items (at most %zu)", name, h->max_items);
		return NULL;
	}
	h->items = xrealloc(h->items, (h->n + 1) * sizeof(*h->items));
	h->keys = xrealloc(h->keys, (h->n + 1) * sizeof(*h->keys));
	memset(&h->items[h->n], 0, sizeof(h->items[h->n]));
	h->keys[h->n] = xstrdup(key);
	return &h->items[h->n++];
}

/*
 * The item a "name[key][field]" belongs to: the one with that key, or for
 * an empty key the last one, unless it already has the field (Rails'
 * rule for arrays of hashes).
 */
static struct params *
hash_item_for(struct request *req, const char *name, struct hash_list *h,
    const char *key, const char *field)
{
	size_t i;

	if (*key == '\0') {
		if (h->n > 0 && *h->keys[h->n - 1] == '\0' &&
		    params_find(&h->items[h->n - 1], field) == NULL)
			return &h->items[h->n - 1];
	} else
		for (i = 0; i < h->n; i++)
			if (!strcmp(h->keys[i], key))
				return &h->items[i];
	return hash_new_item(req, name, h, key);
}

static int
hash_add(struct request *req, const char *name, struct params *item,
    const char *field, const char *text, size_t len)
{
	struct raw_value v = { text, len, NULL };

	if (!text_valid(req, name, &v, SIZE_MAX))
		return -1;
	if (params_find(item, field) == NULL)
		params_add(item, field, strlen(field), text, len);
	return 0;
}

static int
hash_from_params(struct request *req, const struct params *ps,
    const char *name, struct hash_list *h)
{
	char key[NESTED_KEY_MAX + 1], field[NESTED_KEY_MAX + 1];
	size_t i, nlen = strlen(name);
	const struct param *p;
	struct params *item;
	const char *s;

	for (i = 0; i < ps->n; i++) {
		p = &ps->v[i];
		if (strncmp(p->name, name, nlen) != 0 || p->name[nlen] != '[')
			continue;
		s = p->name + nlen;
		if (nested_segment(&s, key) != 1 || *s != '[' ||
		    nested_segment(&s, field) != 1 || *s != '\0' ||
		    *field == '\0') {
			snprintf(req->error, sizeof(req->error),
			    "%s is malformed", name);
			return -1;
		}
		h->found = 1;
		if ((item = hash_item_for(req, name, h, key, field)) == NULL ||
		    hash_add(req, name, item, field, p->value, p->len) == -1)
			return -1;
	}
	return 0;
}

/* One JSON object of a list: its scalar members become the fields. */
static int
hash_from_json_object(struct request *req, const char *name,
    struct hash_list *h, json_object *obj)
{
	struct params *item;
	const char *text;

	if (obj == NULL || !json_object_is_type(obj, json_type_object)) {
		snprintf(req->error, sizeof(req->error),
		    "%s must be a list of objects", name);
		return -1;
	}
	if ((item = hash_new_item(req, name, h, "")) == NULL)
		return -1;
	json_object_object_foreach(obj, field, v) {
		if (v == NULL)
			continue;
		if (json_object_is_type(v, json_type_object) ||
		    json_object_is_type(v, json_type_array) ||
		    strlen(field) > NESTED_KEY_MAX) {
			snprintf(req->error, sizeof(req->error),
			    "%s must be a list of objects of single values",
			    name);
			return -1;
		}
		text = json_object_get_string(v);
		if (hash_add(req, name, item, field, text,
		    json_object_is_type(v, json_type_string) ?
		    (size_t)json_object_get_string_len(v) : strlen(text)) == -1)
			return -1;
	}
	return 0;
}

static int
hash_from_json(struct request *req, const char *name, struct hash_list *h)
{
	json_object *v;
	size_t i, n;

	if (req->json == NULL ||
	    !json_object_is_type(req->json, json_type_object) ||
	    !json_object_object_get_ex(req->json, name, &v))
		return 0;
	h->found = 1;
	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			if (hash_from_json_object(req, name, h,
			    json_object_array_get_idx(v, i)) == -1)
				return -1;
		return 0;
	}
	if (!json_object_is_type(v, json_type_object)) {
		snprintf(req->error, sizeof(req->error),
		    "%s must be a list of objects", name);
		return -1;
	}
	json_object_object_foreach(v, key, item) {
		(void)key;
		if (hash_from_json_object(req, name, h, item) == -1)
			return -1;
	}
	return 0;
}

static void
hash_list_keys_free(struct hash_list *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->keys[i]);
	free(h->keys);
	h->keys = NULL;
}

int
req_hash_list(struct request *req, const char *name, size_t max_items,
    struct params **out, size_t *n)
{
	struct hash_list h = { NULL, NULL, 0, max_items, 0 };

	*out = NULL;
	*n = 0;
	if (hash_from_params(req, &req->body_params, name, &h) == -1 ||
	    hash_from_json(req, name, &h) == -1)
		goto fail;
	if (!h.found &&
	    hash_from_params(req, &req->query_params, name, &h) == -1)
		goto fail;
	hash_list_keys_free(&h);
	*out = h.items;
	*n = h.n;
	return h.found;
fail:
	hash_list_keys_free(&h);
	req_hash_list_free(h.items, h.n);
	return -1;
}

void
req_hash_list_free(struct params *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		params_free(&items[i]);
	free(items);
}

static int
params_mention(const struct params *from, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < from->n; i++)
		if (strncmp(from->v[i].name, name, len) == 0 &&
		    (from->v[i].name[len] == '\0' ||
		    from->v[i].name[len] == '['))
			return 1;
	return 0;
}

int
req_present(struct request *req, const char *name)
{
	json_object *v;

	if (req->json != NULL &&
	    json_object_is_type(req->json, json_type_object) &&
	    json_object_object_get_ex(req->json, name, &v) && v != NULL)
		return 1;
	return params_mention(&req->body_params, name) ||
	    params_mention(&req->query_params, name);
}
