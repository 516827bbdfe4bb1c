/*
 * account_cache: rendered accounts kept in memcached, as status_cache.c
 * keeps statuses: under a key that holds the account's version (the row
 * versions of the account and of its counters, lib/account.c), so that
 * whatever changes what the entity shows makes a new key and old entries
 * just expire. Per list: one query of versions, one multi-get, and the
 * missing accounts loaded at once (account_by_ids), rendered
 * (api_account_json) and kept.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "account_cache.h"
#include "api_entity.h"
#include "cache.h"
#include "config.h"

/* Bump the prefix when the entity's layout changes. */
#define ACCOUNT_CACHE_PREFIX	"account:1"
#define ACCOUNT_CACHE_TTL	3600	/* seconds: old versions just expire */
#define ACCOUNT_KEY_MAX		96

#define JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Render the loaded accounts for the entries still without a text. */
static void
render_missing(struct request *req, struct account_texts *t, char **keys,
    const struct account *loaded, size_t nloaded)
{
	json_object *o;
	const char *text;
	size_t i, k, len;

	for (k = 0; k < nloaded; k++) {
		for (i = 0; i < t->n && (t->ids[i] != loaded[k].id ||
		    t->text[i] != NULL); i++)
			;
		if (i == t->n)
			continue;
		o = api_account_json(req->app->cf, &loaded[k]);
		text = json_object_to_json_string_length(o, JSON_FLAGS, &len);
		cache_set(req->app->cache, keys[i], text, len,
		    ACCOUNT_CACHE_TTL);
		t->text[i] = xstrndup(text, len);
		t->len[i] = len;
		json_object_put(o);
	}
}

/* Load and render what the cache did not have, in one query. */
static int
load_missing(struct request *req, struct account_texts *t, char **keys)
{
	struct account *loaded = NULL;
	int64_t *ids;
	size_t i, n = 0, nloaded = 0;
	int rc;

	ids = xcalloc(t->n ? t->n : 1, sizeof(int64_t));
	for (i = 0; i < t->n; i++)
		if (t->text[i] == NULL)
			ids[n++] = t->ids[i];
	rc = n == 0 ? 0 : account_by_ids(req->app->db,
	    req->app->cf->base_url, ids, n, &loaded, &nloaded);
	free(ids);
	if (rc == -1)
		return -1;
	render_missing(req, t, keys, loaded, nloaded);
	for (i = 0; i < nloaded; i++)
		account_free(&loaded[i]);
	free(loaded);
	return 0;
}

int
account_texts_load(struct request *req, const int64_t *ids, size_t n,
    struct account_texts *t)
{
	struct account_version *v;
	char **keys;
	size_t i, nv;
	int rc;

	memset(t, 0, sizeof(*t));
	if (account_versions(req->app->db, ids, n, &v, &nv) == -1)
		return -1;
	t->n = nv;
	t->ids = xcalloc(nv ? nv : 1, sizeof(int64_t));
	t->text = xcalloc(nv ? nv : 1, sizeof(char *));
	t->len = xcalloc(nv ? nv : 1, sizeof(size_t));
	keys = xcalloc(nv ? nv : 1, sizeof(char *));
	for (i = 0; i < nv; i++) {
		t->ids[i] = v[i].id;
		keys[i] = xmalloc(ACCOUNT_KEY_MAX);
		snprintf(keys[i], ACCOUNT_KEY_MAX, ACCOUNT_CACHE_PREFIX
		    ":%lld:%s", (long long)v[i].id, v[i].version);
	}
	free(v);
	/* Unreachable is as good as empty: everything is rendered. */
	(void)cache_mget(req->app->cache, (const char *const *)keys, nv,
	    t->text, t->len);
	for (i = 0; i < nv; i++)
		if (t->text[i] != NULL && (t->len[i] < 2 ||
		    t->text[i][0] != '{' || t->text[i][t->len[i] - 1] != '}')) {
			free(t->text[i]);
			t->text[i] = NULL;
		}
	rc = load_missing(req, t, keys);
	for (i = 0; i < nv; i++)
		free(keys[i]);
	free(keys);
	if (rc == -1)
		account_texts_free(t);
	return rc;
}

const char *
account_texts_find(const struct account_texts *t, int64_t id, size_t *len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->ids[i] == id && t->text[i] != NULL) {
			*len = t->len[i];
			return t->text[i];
		}
	return NULL;
}

void
account_texts_free(struct account_texts *t)
{
	size_t i;

	for (i = 0; i < t->n && t->text != NULL; i++)
		free(t->text[i]);
	free(t->ids);
	free(t->text);
	free(t->len);
	memset(t, 0, sizeof(*t));
}
