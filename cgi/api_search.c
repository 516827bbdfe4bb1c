/*
 * api_search: GET /api/v2/search, Mastodon 4.x's search. Anyone may look
 * for accounts and hashtags; statuses are searched only for a signed-in
 * user (Mastodon has no full-text search for strangers), and paging with
 * offset or resolving needs one too. resolve=true looks up what another
 * server has (lib/remote_resolve.c): an address through WebFinger, a URL
 * by fetching it. What cannot be had (a suspended domain, a foreign id,
 * a failed fetch) is no result, as in Mastodon, never an error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "fetcher.h"
#include "handlers.h"
#include "log.h"
#include "remote_account.h"
#include "remote_resolve.h"
#include "request.h"
#include "search.h"
#include "status.h"
#include "tag.h"
#include "timeline.h"

/* Mastodon documents no limit on q; a longer one is no search anyone
 * types, and every character costs the full-text parser. */
#define SEARCH_Q_MAX_CHARS	500
#define SEARCH_LIMIT		20
#define SEARCH_LIMIT_MAX	40
#define SEARCH_OFFSET_MAX	10000

enum search_kind { KIND_ALL, KIND_ACCOUNTS, KIND_HASHTAGS, KIND_STATUSES,
    KIND_NONE };

struct search_params {
	struct search_request	 sr;
	enum search_kind	 kind;
	int			 resolve;
	int			 bad_account_id;	/* finds no status */
	char			*q;		/* trimmed copy */
};

static enum search_kind
kind_of(const char *type)
{
	if (type == NULL || *type == '\0')
		return KIND_ALL;
	if (!strcmp(type, "accounts"))
		return KIND_ACCOUNTS;
	if (!strcmp(type, "hashtags"))
		return KIND_HASHTAGS;
	if (!strcmp(type, "statuses"))
		return KIND_STATUSES;
	return KIND_NONE;	/* Mastodon finds nothing for another type */
}

/* Mastodon's 422 for a q over the limit. */
static void
q_too_long(struct request *req)
{
	struct buf why = BUF_INIT;

	buf_printf(&why, "is too long (maximum is %d characters)",
	    SEARCH_Q_MAX_CHARS);
	api_validation_failed(req, "q", "ERR_TOO_LONG", buf_cstr(&why));
	buf_free(&why);
}

/* A bad parameter: 400 with the accessor's reason; -1. */
static int
bad_request(struct request *req)
{
	resp_error(req, 400, req->error);
	return -1;
}

/*
 * Mastodon's order of refusals: q is required; without a user, offset
 * and resolve are refused; then negative limits. -1 when an answer was
 * sent.
 */
static int
search_read_params(struct request *req, struct search_params *sp)
{
	const char *q, *type = NULL;
	long long limit = SEARCH_LIMIT, offset = 0;
	int rc, has_offset, user = req->viewer != NULL;

	memset(sp, 0, sizeof(*sp));
	if ((rc = req_str(req, "q", SEARCH_Q_MAX_CHARS, &q)) == -1) {
		/* Not UTF-8 is no search either. */
		if (strstr(req->error, "UTF-8") != NULL)
			return bad_request(req);
		q_too_long(req);
		return -1;
	}
	if (rc == 0 || *q == '\0') {
		resp_error(req, 400, "param is missing or the value is empty: "
		    "q");
		return -1;
	}
	if ((has_offset = req_int(req, "offset", INT32_MIN, INT32_MAX,
	    &offset)) == -1 ||
	    req_bool(req, "resolve", &sp->resolve) == -1)
		return bad_request(req);
	if (!user && has_offset == 1) {
		resp_error(req, 401, "Search queries pagination is not "
		    "supported without authentication");
		return -1;
	}
	if (!user && sp->resolve) {
		resp_error(req, 401, "Search queries that resolve remote "
		    "resources are not supported without authentication");
		return -1;
	}
	if (req_int(req, "limit", INT32_MIN, INT32_MAX, &limit) == -1 ||
	    req_str(req, "type", 32, &type) == -1 ||
	    req_bool(req, "following", &sp->sr.following) == -1 ||
	    req_bool(req, "exclude_unreviewed",
	    &sp->sr.exclude_unreviewed) == -1 ||
	    req_id(req, "max_id", &sp->sr.max_id) == -1 ||
	    req_id(req, "min_id", &sp->sr.min_id) == -1)
		return bad_request(req);
	if (limit < 0 || offset < 0) {
		resp_error(req, 400, "Pagination values for `offset` and "
		    "`limit` must be positive");
		return -1;
	}
	/* An account_id that is no id names no author: no statuses. */
	if (req_id(req, "account_id", &sp->sr.account_id) == -1)
		sp->bad_account_id = 1;
	sp->kind = kind_of(type);
	sp->sr.limit = limit > SEARCH_LIMIT_MAX ? SEARCH_LIMIT_MAX : (int)limit;
	/* Mastodon pages only within one kind. */
	sp->sr.offset = sp->kind == KIND_ALL ? 0 :
	    offset > SEARCH_OFFSET_MAX ? SEARCH_OFFSET_MAX : (int)offset;
	sp->sr.viewer = user ? req->viewer->account_id : 0;
	sp->q = xstrdup_trimmed(q);
	sp->sr.q = sp->q;
	return 0;
}

static int
wants(const struct search_params *sp, enum search_kind k)
{
	return sp->kind == KIND_ALL || sp->kind == k;
}

static int
add_accounts(struct request *req, const struct search_params *sp,
    json_object *arr)
{
	struct found_accounts found;
	size_t i;

	if (!wants(sp, KIND_ACCOUNTS) || !search_finds_accounts(sp->q))
		return 0;
	if (search_accounts(req->app->db, req->app->cf, &sp->sr, &found) == -1)
		return -1;
	for (i = 0; i < found.n; i++)
		json_object_array_add(arr, api_account_json(req->app->cf,
		    &found.items[i]));
	found_accounts_free(&found);
	return 0;
}

static int
add_tags(struct request *req, const struct id_list *ids, json_object *arr)
{
	struct tag_list tags;
	size_t i;

	if (tag_load(req->app->db, ids->ids, ids->n, &tags) == -1)
		return -1;
	for (i = 0; i < tags.n; i++)
		json_object_array_add(arr, api_tag_json(req->app->cf,
		    &tags.items[i]));
	tag_list_free(&tags);
	return 0;
}

static int
add_hashtags(struct request *req, const struct search_params *sp,
    json_object *arr)
{
	struct id_list ids;
	int rc;

	if (!wants(sp, KIND_HASHTAGS) || !search_finds_hashtags(sp->q))
		return 0;
	if (search_hashtags(req->app->db, &sp->sr, &ids) == -1)
		return -1;
	rc = add_tags(req, &ids, arr);
	id_list_free(&ids);
	return rc;
}

/* Statuses by id, hydrated for the viewer, in order. */
static int
add_status_ids(struct request *req, const int64_t *ids, size_t n,
    json_object *arr)
{
	struct status_list list;
	size_t i;

	if (n == 0)
		return 0;
	if (status_load(req->app->db, req->app->cf, ids, n,
	    req->viewer ? req->viewer->account_id : 0, &list) == -1)
		return -1;
	for (i = 0; i < list.n; i++)
		json_object_array_add(arr, api_status_json(req->app->cf,
		    &list.items[i]));
	status_list_free(&list);
	return 0;
}

static int
add_statuses(struct request *req, const struct search_params *sp,
    json_object *arr)
{
	struct id_list ids;
	int rc;

	if (!wants(sp, KIND_STATUSES) || sp->sr.viewer == 0 ||
	    sp->bad_account_id || !search_finds_statuses(sp->q))
		return 0;
	if (search_statuses(req->app->db, &sp->sr, &ids) == -1)
		return -1;
	rc = add_status_ids(req, ids.ids, ids.n, arr);
	id_list_free(&ids);
	return rc;
}

static int
is_url(const char *q)
{
	return !strncasecmp(q, "https://", 8) || !strncasecmp(q, "http://", 7);
}

/*
 * resolve=true with a URL: the one status or account at that address
 * (fetched when unknown), in its own list, unless another type was
 * asked for or a later page (offset). Otherwise nothing: a URL is not
 * searched as words then.
 */
static int
add_resolved(struct request *req, const struct search_params *sp,
    json_object *accounts, json_object *statuses)
{
	struct account a;
	int64_t status_id, account_id;
	char why[REMOTE_ERROR_MAX];
	int rc;

	if (sp->sr.offset > 0 || sp->sr.limit == 0)
		return 0;
	if ((rc = remote_resolve_url(req->app->db, req->app->cf,
	    app_fetcher(req), sp->q, sp->sr.viewer, &status_id, &account_id,
	    why, sizeof(why))) == -1)
		return -1;
	if (rc == 0) {
		log_info("search: %s not resolved: %s", sp->q, why);
		return 0;
	}
	if (status_id != 0)
		app_fetch_thread_later(req, status_id);
	if (status_id != 0 && wants(sp, KIND_STATUSES))
		return add_status_ids(req, &status_id, 1, statuses);
	if (account_id == 0 || !wants(sp, KIND_ACCOUNTS))
		return 0;
	if ((rc = account_by_id(req->app->db, req->app->cf->base_url,
	    account_id, &a)) != 1)
		return rc;
	json_object_array_add(accounts, api_account_json(req->app->cf, &a));
	account_free(&a);
	return 0;
}

/*
 * resolve=true with an address: the account looked up on its server
 * when we do not know it, so that the search below finds it first, as
 * the exact match.
 */
static int
resolve_acct(struct request *req, const struct search_params *sp)
{
	char why[REMOTE_ERROR_MAX];
	int64_t id;
	int rc;

	if (!wants(sp, KIND_ACCOUNTS) || sp->sr.offset > 0 ||
	    !remote_resolve_is_acct(sp->q))
		return 0;
	rc = remote_resolve_acct(req->app->db, req->app->cf, app_fetcher(req),
	    sp->q, &id, why, sizeof(why));
	if (rc == 0)
		log_info("search: %s not resolved: %s", sp->q, why);
	return rc == -1 ? -1 : 0;
}

static int
search_fill(struct request *req, const struct search_params *sp,
    json_object *accounts, json_object *hashtags, json_object *statuses)
{
	if (sp->sr.limit == 0)
		return 0;
	if (sp->resolve && is_url(sp->q))
		return add_resolved(req, sp, accounts, statuses);
	if (sp->resolve && resolve_acct(req, sp) == -1)
		return -1;
	if (add_accounts(req, sp, accounts) == -1 ||
	    add_statuses(req, sp, statuses) == -1 ||
	    add_hashtags(req, sp, hashtags) == -1)
		return -1;
	return 0;
}

int
api_search_v2(struct request *req)
{
	struct search_params sp;
	json_object *o, *accounts, *hashtags, *statuses;
	int rc;

	if (search_read_params(req, &sp) == -1)
		return 0;
	accounts = json_object_new_array();
	hashtags = json_object_new_array();
	statuses = json_object_new_array();
	rc = search_fill(req, &sp, accounts, hashtags, statuses);
	free(sp.q);
	if (rc == -1) {
		json_object_put(accounts);
		json_object_put(hashtags);
		json_object_put(statuses);
		return -1;
	}
	o = json_object_new_object();
	json_object_object_add(o, "accounts", accounts);
	json_object_object_add(o, "statuses", statuses);
	json_object_object_add(o, "hashtags", hashtags);
	api_cache(req, 0);
	resp_json(req, 200, o);
	return 0;
}
