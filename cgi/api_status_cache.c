/*
 * api_status_cache: rendered statuses kept in memcached. The part of a
 * Status entity that is the same for every viewer is cached per status,
 * under a key that holds the status's version (lib/status.c: the row
 * versions of the status, its counters, its author and the author's
 * counters), so whatever changes what a status shows makes a new key and
 * the old entry is never read again; it expires on its own. Per request,
 * a light query (status_load_marks) gives the page's statuses with their
 * versions and the viewer's marks, one multi-get fetches the entities,
 * only the missing ones are loaded and rendered, and the viewer's own
 * attributes (api_status_viewer_json) are laid over the cached text. The
 * reblog a status carries is cached as the status it is and put in at
 * that point too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "api_status_cache.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "pagination.h"
#include "request.h"
#include "status.h"

/* Bump when the entity's layout changes, so no old entry is read. */
#define STATUS_CACHE_FORMAT	"1"
#define STATUS_CACHE_TTL	3600	/* seconds: old versions just expire */
#define STATUS_KEY_MAX		128

#define JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* An entity of the page: cached, or rendered in this request. */
struct entity {
	const struct status	*marks;
	char			 key[STATUS_KEY_MAX];
	char			*text;	/* "{...}" without reblog and viewer */
	size_t			 len;
};

static void
entity_key(struct entity *e)
{
	snprintf(e->key, sizeof(e->key), "status:" STATUS_CACHE_FORMAT
	    ":%lld:%s", (long long)e->marks->id,
	    e->marks->version ? e->marks->version : "");
}

/*
 * The viewer-independent text of a status loaded for no viewer: its
 * entity without the reblog (put in when the page is laid out).
 */
static char *
render_shared(const struct config *cf, struct status *s, size_t *len)
{
	struct status *reblog = s->reblog;
	json_object *o;
	const char *text;
	char *copy;

	s->reblog = NULL;
	o = api_status_json(cf, s);
	s->reblog = reblog;
	json_object_object_del(o, "reblog");
	text = json_object_to_json_string_length(o, JSON_FLAGS, len);
	copy = xstrndup(text, *len);
	json_object_put(o);
	return copy;
}

/* Keep a rendered status for the entities that wait for it, and cache it. */
static void
store_rendered(struct request *req, struct entity *e, size_t n,
    struct status *s)
{
	struct entity fresh;
	size_t i, len;
	char *text;

	text = render_shared(req->app->cf, s, &len);
	fresh.marks = s;
	entity_key(&fresh);
	cache_set(req->app->cache, fresh.key, text, len, STATUS_CACHE_TTL);
	for (i = 0; i < n; i++)
		if (e[i].text == NULL && e[i].marks->id == s->id) {
			e[i].text = xstrndup(text, len);
			e[i].len = len;
		}
	free(text);
}

/* Load and render what the cache did not have, in one status_load. */
static int
render_missing(struct request *req, struct entity *e, size_t n)
{
	struct status_list loaded;
	int64_t *ids;
	size_t i, nids = 0;
	int rc;

	ids = xcalloc(n ? n : 1, sizeof(int64_t));
	for (i = 0; i < n; i++)
		if (e[i].text == NULL)
			ids[nids++] = e[i].marks->id;
	rc = status_load(req->app->db, req->app->cf, ids, nids, 0, &loaded);
	free(ids);
	if (rc == -1)
		return -1;
	for (i = 0; i < loaded.n; i++)
		store_rendered(req, e, n, &loaded.items[i]);
	status_list_free(&loaded);
	return 0;
}

/* The viewer's attributes of s as ",\"key\":value..." (or nothing). */
static void
put_viewer(struct buf *out, const struct status *s)
{
	json_object *o = api_status_viewer_json(s);
	const char *text;
	size_t len;

	text = json_object_to_json_string_length(o, JSON_FLAGS, &len);
	if (len > 2) {
		buf_putc(out, ',');
		buf_add(out, text + 1, len - 2);
	}
	json_object_put(o);
}

/* One entity: its shared text, then its viewer's attributes. */
static void
put_entity(struct buf *out, const struct entity *e, const char *reblog)
{
	buf_add(out, e->text, e->len - 1);
	if (reblog != NULL) {
		buf_puts(out, ",\"reblog\":");
		buf_puts(out, reblog);
	}
	put_viewer(out, e->marks);
	buf_putc(out, '}');
}

/*
 * Lay the page out: each status with the reblog it carries (rendered
 * first, so its text can be put in), skipping any whose text is missing
 * (gone between the two queries).
 */
static void
lay_out(struct buf *out, const struct status_list *marks,
    const struct entity *e)
{
	struct buf inner = BUF_INIT;
	size_t i, k = 0;
	int first = 1;

	buf_putc(out, '[');
	for (i = 0; i < marks->n; i++) {
		const struct entity *top = &e[k++];
		const struct entity *boosted = NULL;

		if (marks->items[i].reblog != NULL)
			boosted = &e[k++];
		if (top->text == NULL || (boosted && boosted->text == NULL))
			continue;
		buf_reset(&inner);
		if (boosted != NULL)
			put_entity(&inner, boosted, "null");
		if (!first)
			buf_putc(out, ',');
		first = 0;
		put_entity(out, top, boosted ? buf_cstr(&inner) : "null");
	}
	buf_putc(out, ']');
	buf_free(&inner);
}

int
api_status_page_json(struct request *req, const struct id_list *ids,
    struct buf *out)
{
	struct status_list marks;
	struct entity *e;
	const char **keys;
	char **values;
	size_t *lens, i, n = 0;
	int64_t viewer = api_viewer_id(req);
	int rc = -1;

	if (status_load_marks(req->app->db, ids->ids, ids->n, viewer,
	    &marks) == -1)
		return -1;
	e = xcalloc(2 * marks.n + 1, sizeof(*e));
	for (i = 0; i < marks.n; i++) {
		e[n++].marks = &marks.items[i];
		if (marks.items[i].reblog != NULL)
			e[n++].marks = marks.items[i].reblog;
	}
	keys = xcalloc(n + 1, sizeof(*keys));
	values = xcalloc(n + 1, sizeof(*values));
	lens = xcalloc(n + 1, sizeof(*lens));
	for (i = 0; i < n; i++) {
		entity_key(&e[i]);
		keys[i] = e[i].key;
	}
	/* Unreachable is as good as empty: everything is rendered. */
	(void)cache_mget(req->app->cache, keys, n, values, lens);
	for (i = 0; i < n; i++) {
		e[i].text = values[i];
		e[i].len = lens[i];
		/* A cached entry is a JSON object or it is not used. */
		if (e[i].text != NULL && (e[i].len < 2 ||
		    e[i].text[0] != '{' || e[i].text[e[i].len - 1] != '}')) {
			free(e[i].text);
			e[i].text = NULL;
		}
	}
	if (render_missing(req, e, n) == -1)
		goto done;
	lay_out(out, &marks, e);
	rc = 0;
done:
	for (i = 0; i < n; i++)
		free(e[i].text);
	free(e);
	free(keys);
	free(values);
	free(lens);
	status_list_free(&marks);
	return rc;
}

int
api_send_cached_timeline(struct request *req, const struct page *pg,
    const struct id_list *ids)
{
	buf_reset(&req->resp.body);
	if (api_status_page_json(req, ids, &req->resp.body) == -1) {
		buf_reset(&req->resp.body);
		return -1;
	}
	page_link_header(req, pg, ids);
	req->resp.status = 200;
	req->resp.content_type = "application/json; charset=utf-8";
	return 0;
}
