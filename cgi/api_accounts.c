/*
 * api_accounts: the public account endpoints of the Mastodon API: an
 * account by id, by acct (the "@name@domain" lookup clients use to open
 * a profile), and the statuses on its profile, newest first.
 */
#include <stdint.h>

#include "account.h"
#include "api_entity.h"
#include "config.h"
#include "handlers.h"
#include "pagination.h"
#include "request.h"
#include "timeline.h"

#define ACCOUNT_MAX_AGE		15
#define ACCT_MAX_CHARS		512	/* "user@domain", with room */
#define TAG_MAX_CHARS		256
#define STATUSES_PAGE		20
#define STATUSES_PAGE_MAX	40

/*
 * The account named by the path's :id. 1 found, 0 when the id is unknown
 * or malformed (Mastodon answers 404 for both, already sent), -1 on a
 * database error.
 */
static int
account_from_path(struct request *req, struct account *a)
{
	int64_t id;
	int rc;

	if (req_id(req, "id", &id) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = account_by_id(req->app->db, req->app->cf->base_url, id, a);
	if (rc == 0)
		api_not_found(req);
	return rc;
}

static int
send_account(struct request *req, const struct account *a)
{
	api_cache(req, ACCOUNT_MAX_AGE);
	resp_json(req, 200, api_account_json(req->app->cf, a));
	return 0;
}

int
api_account_show(struct request *req)
{
	struct account a;
	int rc;

	if ((rc = account_from_path(req, &a)) != 1)
		return rc;
	send_account(req, &a);
	account_free(&a);
	return 0;
}

/* A missing or unknown acct is a 404, as in Mastodon (no WebFinger yet). */
int
api_account_lookup(struct request *req)
{
	const char *acct;
	struct account a;
	int rc;

	if (req_str(req, "acct", ACCT_MAX_CHARS, &acct) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = account_by_acct(req->app->db, req->app->cf, acct, &a);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		api_not_found(req);
		return 0;
	}
	send_account(req, &a);
	account_free(&a);
	return 0;
}

/*
 * Pinned statuses and media do not exist yet, so those filters give an
 * empty page; exclude_replies, exclude_reblogs and tagged filter in the
 * query so the cursors stay right.
 */
int
api_account_statuses(struct request *req)
{
	struct account a;
	struct page pg;
	struct id_list ids = { NULL, 0 };
	struct account_filter filter;
	const char *tagged = NULL;
	int pinned, only_media, exclude_replies, exclude_reblogs, rc;

	if ((rc = account_from_path(req, &a)) != 1)
		return rc;
	rc = 0;
	if (page_from_request(req, &pg, STATUSES_PAGE,
	    STATUSES_PAGE_MAX) == -1 ||
	    api_flag(req, "pinned", &pinned) == -1 ||
	    api_flag(req, "only_media", &only_media) == -1 ||
	    api_flag(req, "exclude_replies", &exclude_replies) == -1 ||
	    api_flag(req, "exclude_reblogs", &exclude_reblogs) == -1)
		goto done;
	if (req_str(req, "tagged", TAG_MAX_CHARS, &tagged) == -1) {
		resp_error(req, 400, req->error);
		goto done;
	}
	filter.exclude_replies = exclude_replies;
	filter.exclude_reblogs = exclude_reblogs;
	filter.tagged = tagged;
	/* A suspended account's statuses are gone from the API. */
	if (!a.suspended && !pinned && !only_media &&
	    timeline_account(req->app->db, a.id, 0, &filter, &pg,
	    &ids) == -1) {
		rc = -1;
		goto done;
	}
	api_cache(req, ACCOUNT_MAX_AGE);
	rc = api_send_timeline(req, &pg, &ids);
done:
	id_list_free(&ids);
	account_free(&a);
	return rc;
}
