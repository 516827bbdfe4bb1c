/*
 * api_status_cache: Status entities from the status cache
 * (status_cache.c). The part of an entity that is the same for every
 * viewer is what is cached per status; the viewer's own attributes
 * (api_status_viewer_json) are laid over the cached text. The reblog a
 * status carries is cached as the status it is and put in at that point.
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
#include "status_cache.h"

#define JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/*
 * The viewer-independent text of a status: its entity as no viewer sees
 * it, without the reblog (put in when the page is laid out).
 */
static void
render_shared(const struct config *cf, struct status *s, struct buf *out)
{
	struct status *reblog = s->reblog;
	int64_t viewer = s->viewer;
	json_object *o;
	const char *text;
	size_t len;

	s->reblog = NULL;
	s->viewer = 0;
	o = api_status_json(cf, s);
	s->reblog = reblog;
	s->viewer = viewer;
	json_object_object_del(o, "reblog");
	text = json_object_to_json_string_length(o, JSON_FLAGS, &len);
	buf_add(out, text, len);
	json_object_put(o);
}

/* A cached entry is a JSON object or it is not used. */
static int
entity_valid(const char *text, size_t len)
{
	return len >= 2 && text[0] == '{' && text[len - 1] == '}';
}

/* Bump the prefix when the entity's layout changes. */
static const struct status_format entity_format = {
	"status:1", render_shared, entity_valid
};

static void
put_flag(struct buf *out, const char *key, int value)
{
	buf_puts(out, key);
	buf_puts(out, value ? "true" : "false");
}

/*
 * The viewer's attributes of s as ",\"key\":value..." (or nothing), as
 * api_status_viewer_json has them; written out for the usual case of
 * another account's status (flags only), through json-c for one's own
 * (the application's name and website are strings to escape).
 */
static void
put_viewer(struct buf *out, const struct status *s)
{
	json_object *o;
	const char *text;
	size_t len;

	if (s->viewer == 0)
		return;
	if (s->viewer == s->account.id) {
		o = api_status_viewer_json(s);
		text = json_object_to_json_string_length(o, JSON_FLAGS, &len);
		if (len > 2) {
			buf_putc(out, ',');
			buf_add(out, text + 1, len - 2);
		}
		json_object_put(o);
		return;
	}
	put_flag(out, ",\"favourited\":", s->favourited);
	put_flag(out, ",\"reblogged\":", s->reblogged);
	put_flag(out, ",\"muted\":", s->muted);
	put_flag(out, ",\"bookmarked\":", s->bookmarked);
	buf_puts(out, ",\"filtered\":[]");
}

/* One entity: its shared text, then its viewer's attributes. */
static void
put_entity(struct buf *out, const char *text, size_t len,
    const struct status *marks, const char *reblog)
{
	buf_add(out, text, len - 1);
	if (reblog != NULL) {
		buf_puts(out, ",\"reblog\":");
		buf_puts(out, reblog);
	}
	put_viewer(out, marks);
	buf_putc(out, '}');
}

int
api_status_texts_load(struct request *req, const struct id_list *ids,
    struct status_texts *t)
{
	return status_texts_load(req, ids, &entity_format, t);
}

int
api_status_entity(struct buf *out, const struct status_texts *t, size_t i)
{
	const struct status *s = &t->statuses.items[i];
	struct buf inner = BUF_INIT;

	if (t->text[i] == NULL || (s->reblog != NULL && t->boosted[i] == NULL))
		return -1;
	if (s->reblog != NULL)
		put_entity(&inner, t->boosted[i], t->boosted_len[i], s->reblog,
		    "null");
	put_entity(out, t->text[i], t->len[i], s,
	    s->reblog != NULL ? buf_cstr(&inner) : "null");
	buf_free(&inner);
	return 0;
}

/*
 * Lay the page out: each status with the reblog it carries (rendered
 * first, so its text can be put in), skipping any whose text is missing
 * (gone between the two queries).
 */
static void
lay_out(struct buf *out, const struct status_texts *t)
{
	struct buf entity = BUF_INIT;
	size_t i;
	int first = 1;

	buf_putc(out, '[');
	for (i = 0; i < t->statuses.n; i++) {
		buf_reset(&entity);
		if (api_status_entity(&entity, t, i) == -1)
			continue;
		if (!first)
			buf_putc(out, ',');
		first = 0;
		buf_add(out, entity.data, entity.len);
	}
	buf_putc(out, ']');
	buf_free(&entity);
}

int
api_status_page_json(struct request *req, const struct id_list *ids,
    struct buf *out)
{
	struct status_texts t;

	if (api_status_texts_load(req, ids, &t) == -1)
		return -1;
	lay_out(out, &t);
	status_texts_free(&t);
	return 0;
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
