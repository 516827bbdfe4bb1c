/*
 * status_cache: rendered statuses kept in memcached. A status's text is
 * the same for every viewer, so it is cached per status, under a key
 * that holds the status's version (lib/status.c: the row versions of the
 * status, its counters, its author and the author's counters): whatever
 * changes what a status shows makes a new key, and the old entry is never
 * read again; it expires on its own. Per page, a light query
 * (status_load_marks) gives the statuses with their versions and the
 * viewer's marks, one multi-get fetches the texts, and only the missing
 * ones are loaded (in one status_load), rendered and stored. A boost's
 * boosted status is a status of its own here, cached as such.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "config.h"
#include "status.h"
#include "status_cache.h"

#define STATUS_CACHE_TTL	3600	/* seconds: old versions just expire */
#define STATUS_KEY_MAX		160

/* A status of the page, or a status one of them boosts. */
struct entity {
	const struct status	*marks;
	char			 key[STATUS_KEY_MAX];
	char			*text;
	size_t			 len;
};

static void
entity_key(struct entity *e, const struct status_format *f)
{
	snprintf(e->key, sizeof(e->key), "%s:%lld:%s", f->key_prefix,
	    (long long)e->marks->id, e->marks->version ? e->marks->version : "");
}

/* Keep a rendered status for the entities that wait for it, and cache it. */
static void
store_rendered(struct request *req, const struct status_format *f,
    struct entity *e, size_t n, struct status *s)
{
	struct buf text = BUF_INIT;
	struct entity fresh;
	size_t i;

	f->render(req->app->cf, s, &text);
	fresh.marks = s;
	entity_key(&fresh, f);
	cache_set(req->app->cache, fresh.key, buf_cstr(&text), text.len,
	    STATUS_CACHE_TTL);
	for (i = 0; i < n; i++)
		if (e[i].text == NULL && e[i].marks->id == s->id) {
			e[i].text = xstrndup(buf_cstr(&text), text.len);
			e[i].len = text.len;
		}
	buf_free(&text);
}

/* Load and render what the cache did not have, in one status_load. */
static int
render_missing(struct request *req, const struct status_format *f,
    struct entity *e, size_t n)
{
	struct status_list loaded;
	int64_t *ids;
	size_t i, nids = 0;
	int rc;

	ids = xcalloc(n ? n : 1, sizeof(int64_t));
	for (i = 0; i < n; i++)
		if (e[i].text == NULL)
			ids[nids++] = e[i].marks->id;
	rc = nids == 0 ? 0 : status_load(req->app->db, req->app->cf, ids,
	    nids, 0, &loaded);
	free(ids);
	if (rc == -1 || nids == 0)
		return rc;
	for (i = 0; i < loaded.n; i++)
		store_rendered(req, f, e, n, &loaded.items[i]);
	status_list_free(&loaded);
	return 0;
}

static void
texts_alloc(struct status_texts *t)
{
	size_t n = t->statuses.n ? t->statuses.n : 1;

	t->text = xcalloc(n, sizeof(char *));
	t->boosted = xcalloc(n, sizeof(char *));
	t->len = xcalloc(n, sizeof(size_t));
	t->boosted_len = xcalloc(n, sizeof(size_t));
}

/* Without memcached: every status loaded whole, every text rendered. */
static int
texts_rendered(struct request *req, const struct id_list *ids,
    const struct status_format *f, int64_t viewer, struct status_texts *t)
{
	struct buf b = BUF_INIT;
	struct status *s;
	size_t i;

	if (status_load(req->app->db, req->app->cf, ids->ids, ids->n, viewer,
	    &t->statuses) == -1)
		return -1;
	texts_alloc(t);
	for (i = 0; i < t->statuses.n; i++) {
		s = &t->statuses.items[i];
		buf_reset(&b);
		f->render(req->app->cf, s, &b);
		t->len[i] = b.len;
		t->text[i] = xstrndup(buf_cstr(&b), b.len);
		if (s->reblog == NULL)
			continue;
		buf_reset(&b);
		f->render(req->app->cf, s->reblog, &b);
		t->boosted_len[i] = b.len;
		t->boosted[i] = xstrndup(buf_cstr(&b), b.len);
	}
	buf_free(&b);
	return 0;
}

/* The multi-get, keeping only values that are texts of this format. */
static void
fetch_cached(struct request *req, const struct status_format *f,
    struct entity *e, size_t n)
{
	const char **keys = xcalloc(n + 1, sizeof(*keys));
	char **values = xcalloc(n + 1, sizeof(*values));
	size_t *lens = xcalloc(n + 1, sizeof(*lens)), i;

	for (i = 0; i < n; i++) {
		entity_key(&e[i], f);
		keys[i] = e[i].key;
	}
	/* Unreachable is as good as empty: everything is rendered. */
	(void)cache_mget(req->app->cache, keys, n, values, lens);
	for (i = 0; i < n; i++) {
		e[i].text = values[i];
		e[i].len = lens[i];
		if (e[i].text != NULL && !f->valid(e[i].text, e[i].len)) {
			free(e[i].text);
			e[i].text = NULL;
		}
	}
	free(keys);
	free(values);
	free(lens);
}

int
status_texts_load(struct request *req, const struct id_list *ids,
    const struct status_format *f, struct status_texts *t)
{
	int64_t viewer = req->viewer ? req->viewer->account_id : 0;
	struct entity *e;
	size_t i, k, n = 0;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (!cache_enabled(req->app->cache))
		return texts_rendered(req, ids, f, viewer, t);
	if (status_load_marks(req->app->db, ids->ids, ids->n, viewer,
	    &t->statuses) == -1)
		return -1;
	e = xcalloc(2 * t->statuses.n + 1, sizeof(*e));
	for (i = 0; i < t->statuses.n; i++) {
		e[n++].marks = &t->statuses.items[i];
		if (t->statuses.items[i].reblog != NULL)
			e[n++].marks = t->statuses.items[i].reblog;
	}
	fetch_cached(req, f, e, n);
	if (render_missing(req, f, e, n) == -1)
		goto done;
	/* Each page entry's texts, handed over. */
	texts_alloc(t);
	for (i = 0, k = 0; i < t->statuses.n; i++) {
		t->text[i] = e[k].text;
		t->len[i] = e[k].len;
		e[k++].text = NULL;
		if (t->statuses.items[i].reblog == NULL)
			continue;
		t->boosted[i] = e[k].text;
		t->boosted_len[i] = e[k].len;
		e[k++].text = NULL;
	}
	rc = 0;
done:
	for (i = 0; i < n; i++)
		free(e[i].text);
	free(e);
	if (rc == -1)
		status_texts_free(t);
	return rc;
}

void
status_texts_free(struct status_texts *t)
{
	size_t i;

	for (i = 0; i < t->statuses.n && t->text != NULL; i++) {
		free(t->text[i]);
		free(t->boosted[i]);
	}
	free(t->text);
	free(t->boosted);
	free(t->len);
	free(t->boosted_len);
	status_list_free(&t->statuses);
	memset(t, 0, sizeof(*t));
}
