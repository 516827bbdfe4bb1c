/*
 * web_search: the /search page, without JavaScript: a form, then the
 * accounts, hashtags and (for a signed-in visitor, as in the API) posts
 * that match, each kind shortened to a few, with a link to see more of
 * one kind. It asks lib/search.c exactly what GET /api/v2/search asks,
 * and, for a signed-in visitor, looks up an address or a URL on its
 * server as resolve=true does.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "fetcher.h"
#include "handlers.h"
#include "log.h"
#include "remote_account.h"
#include "remote_resolve.h"
#include "search.h"
#include "status.h"
#include "tag.h"
#include "view.h"
#include "web_resolve.h"
#include "web_shared.h"

#define WEB_SEARCH_Q_MAX	500
#define WEB_SEARCH_PREVIEW	5	/* per kind, when all kinds show */
#define WEB_SEARCH_PAGE		20	/* one kind */
#define WEB_SEARCH_OFFSET_MAX	10000

enum web_kind { WEB_ALL, WEB_ACCOUNTS, WEB_HASHTAGS, WEB_STATUSES };

static const char *const kind_names[] = { "", "accounts", "hashtags",
    "statuses" };

struct web_search {
	struct search_request	 sr;
	enum web_kind		 kind;
	char			*q;
};

static enum web_kind
web_kind_of(const char *type)
{
	size_t i;

	for (i = 1; type != NULL && i < 4; i++)
		if (!strcmp(type, kind_names[i]))
			return (enum web_kind)i;
	return WEB_ALL;
}

static void
set_accounts(struct request *req, struct view *v, const struct web_search *ws,
    int *n)
{
	struct found_accounts found;
	struct buf prefix = BUF_INIT;
	size_t i;

	*n = 0;
	if (!search_finds_accounts(ws->q) ||
	    search_accounts(req->app->db, req->app->cf, &ws->sr, &found) == -1)
		return;
	for (i = 0; i < found.n; i++) {
		buf_reset(&prefix);
		buf_printf(&prefix, "results.accounts.%zu", i);
		web_set_account(req, v, buf_cstr(&prefix), &found.items[i]);
	}
	*n = (int)found.n;
	found_accounts_free(&found);
	buf_free(&prefix);
}

static void
set_hashtags(struct request *req, struct view *v, const struct web_search *ws,
    int *n)
{
	struct id_list ids;
	struct tag_list tags;
	struct buf path = BUF_INIT;
	int64_t week;
	size_t i, d;

	*n = 0;
	if (!search_finds_hashtags(ws->q) ||
	    search_hashtags(req->app->db, &ws->sr, &ids) == -1)
		return;
	if (tag_load(req->app->db, ids.ids, ids.n, &tags) == -1) {
		id_list_free(&ids);
		return;
	}
	for (i = 0; i < tags.n; i++) {
		buf_reset(&path);
		buf_puts(&path, "/tags/");
		buf_url_arg(&path, tags.items[i].name);
		view_set_at(v, tags.items[i].name, "results.hashtags.%zu.name",
		    i);
		view_set_at(v, buf_cstr(&path), "results.hashtags.%zu.path", i);
		for (week = 0, d = 0; d < TAG_HISTORY_DAYS; d++)
			week += tags.items[i].history[d].uses;
		buf_reset(&path);
		buf_printf(&path, "%" PRId64, week);
		view_set_at(v, buf_cstr(&path), "results.hashtags.%zu.uses", i);
	}
	*n = (int)tags.n;
	tag_list_free(&tags);
	id_list_free(&ids);
	buf_free(&path);
}

static void
set_statuses(struct request *req, struct view *v, const struct web_search *ws,
    int *n)
{
	struct id_list ids;
	struct status_list list;

	*n = 0;
	if (ws->sr.viewer == 0 || !search_finds_statuses(ws->q) ||
	    search_statuses(req->app->db, &ws->sr, &ids) == -1)
		return;
	if (status_load(req->app->db, req->app->cf, ids.ids, ids.n,
	    ws->sr.viewer, &list) == 0) {
		web_set_statuses(req, v, "results.statuses_html", &list);
		*n = (int)list.n;
		status_list_free(&list);
	}
	id_list_free(&ids);
}

/* "/search?q=...&type=...&offset=..." */
static void
set_link(struct view *v, const char *name, const char *q, enum web_kind k,
    int offset)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "/search?q=");
	buf_url_arg(&b, q);
	if (k != WEB_ALL) {
		buf_puts(&b, "&type=");
		buf_puts(&b, kind_names[k]);
	}
	if (offset > 0)
		buf_printf(&b, "&offset=%d", offset);
	view_set(v, name, buf_cstr(&b));
	buf_free(&b);
}

/* The results, and where to see more of a kind or the next page. */
static void
set_results(struct request *req, struct view *v, struct web_search *ws)
{
	int n[4] = { 0, 0, 0, 0 }, k;
	const char *more[4] = { NULL, "more.accounts", "more.hashtags",
	    "more.statuses" };

	if (ws->kind == WEB_ALL || ws->kind == WEB_ACCOUNTS)
		set_accounts(req, v, ws, &n[WEB_ACCOUNTS]);
	if (ws->kind == WEB_ALL || ws->kind == WEB_HASHTAGS)
		set_hashtags(req, v, ws, &n[WEB_HASHTAGS]);
	if (ws->kind == WEB_ALL || ws->kind == WEB_STATUSES)
		set_statuses(req, v, ws, &n[WEB_STATUSES]);
	view_set_int(v, "results.count", n[1] + n[2] + n[3]);
	for (k = WEB_ACCOUNTS; k <= WEB_STATUSES; k++) {
		if (n[k] < ws->sr.limit)
			continue;
		if (ws->kind == WEB_ALL)
			set_link(v, more[k], ws->q, (enum web_kind)k, 0);
		else
			set_link(v, "pagination.older", ws->q, ws->kind,
			    ws->sr.offset + ws->sr.limit);
	}
	if (ws->kind != WEB_ALL && ws->sr.offset > 0)
		set_link(v, "pagination.newer", ws->q, ws->kind,
		    ws->sr.offset > ws->sr.limit ?
		    ws->sr.offset - ws->sr.limit : 0);
}

/*
 * A signed-in visitor's address or URL is looked up on its server, as
 * with resolve=true: a URL opens the page of the post or profile it
 * names (1: redirected); an address is stored so that the search finds
 * it first.
 */
static int
resolve_first(struct request *req, const struct web_search *ws)
{
	struct buf path = BUF_INIT;
	int64_t id;
	char why[REMOTE_ERROR_MAX];
	int rc;

	if (ws->sr.viewer == 0 || ws->sr.offset > 0 || !web_resolvable(ws->q))
		return 0;
	if (remote_resolve_is_acct(ws->q)) {
		if (ws->kind != WEB_ALL && ws->kind != WEB_ACCOUNTS)
			return 0;
		if (remote_resolve_acct(req->app->db, req->app->cf,
		    app_fetcher(req), ws->q, &id, why, sizeof(why)) == 0)
			log_info("search: %s not resolved: %s", ws->q, why);
		return 0;
	}
	if ((rc = web_resolve_path(req, ws->q, &path)) == 1)
		resp_redirect(req, buf_cstr(&path));
	buf_free(&path);
	return rc == 1;
}

int
web_search(struct request *req)
{
	struct web_search ws;
	const char *q = NULL, *type = NULL;
	long long offset = 0;
	struct view *v;

	memset(&ws, 0, sizeof(ws));
	if (req_str(req, "q", WEB_SEARCH_Q_MAX, &q) == -1 ||
	    req_str(req, "type", 16, &type) == -1 ||
	    req_int(req, "offset", 0, WEB_SEARCH_OFFSET_MAX, &offset) == -1) {
		resp_error(req, 400, req->error);
		return 0;
	}
	ws.q = xstrdup_trimmed(q != NULL ? q : "");
	ws.kind = web_kind_of(type);
	ws.sr.viewer = web_viewer_id(req);
	ws.sr.offset = ws.kind == WEB_ALL ? 0 : (int)offset;
	if (*ws.q != '\0' && resolve_first(req, &ws)) {
		free(ws.q);
		return 0;
	}
	v = view_new(req);
	view_set(v, "page.title", "Search");
	view_set(v, "search.q", ws.q);
	view_set(v, "search.type", kind_names[ws.kind]);
	if (*ws.q != '\0') {
		ws.sr.q = ws.q;
		ws.sr.limit = ws.kind == WEB_ALL ? WEB_SEARCH_PREVIEW :
		    WEB_SEARCH_PAGE;
		view_set(v, "page.title", ws.q);
		view_set(v, "search.done", "1");
		set_results(req, v, &ws);
	}
	free(ws.q);
	return view_render(v, "search.cs");
}
