/*
 * api_accounts: the account endpoints of the Mastodon API: an account by
 * id, by acct (the "@name@domain" lookup clients use to open a profile)
 * and by search; the statuses on its profile; and the signed-in user's
 * own account (CredentialAccount), read and changed. What one account is
 * to another (follows, blocks, mutes, and the lists they make) is in
 * api_relationships.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "handlers.h"
#include "pagination.h"
#include "profile.h"
#include "request.h"
#include "search.h"
#include "timeline.h"

#define ACCOUNT_MAX_AGE		15
#define ACCT_MAX_CHARS		512	/* "user@domain", with room */
#define TAG_MAX_CHARS		256
#define STATUSES_PAGE		20
#define STATUSES_PAGE_MAX	40
#define ACCOUNTS_PAGE		40	/* search results */
#define ACCOUNTS_PAGE_MAX	80
#define SEARCH_OFFSET_MAX	10000
#define SEARCH_Q_MAX_CHARS	500	/* as /api/v2/search */
/*
 * What update_credentials reads of each text before checking it against
 * the profile's own limits: far more than any limit, so a long text gets
 * Mastodon's message from profile.c, and far less than a form may carry.
 */
#define PROFILE_INPUT_MAX	5000
/* Items of fields_attributes read; more than the 4 kept, for blank rows. */
#define FIELDS_INPUT_MAX	16

static int
send_account(struct request *req, const struct account *a)
{
	api_cache_if_unauthenticated(req, ACCOUNT_MAX_AGE);
	resp_json(req, 200, api_account_json(req->app->cf, a));
	return 0;
}

int
api_account_show(struct request *req)
{
	struct account a;
	int rc;

	if ((rc = api_account_from_path(req, &a)) != 1)
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
 * query so the cursors stay right. A viewer sees what they may see
 * (private posts of an account they follow), nothing of an account
 * blocking them or blocked by them.
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

	if ((rc = api_account_from_path(req, &a)) != 1)
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
	if (!a.suspended && !only_media && (pinned ?
	    timeline_pinned(req->app->db, a.id, api_viewer_id(req), &pg,
	    &ids) : timeline_account(req->app->db, a.id, api_viewer_id(req),
	    &filter, &pg, &ids)) == -1) {
		rc = -1;
		goto done;
	}
	api_cache_if_unauthenticated(req, ACCOUNT_MAX_AGE);
	rc = api_send_timeline(req, &pg, &ids);
done:
	id_list_free(&ids);
	account_free(&a);
	return rc;
}

/* A JSON array of accounts (Account[]). */
static json_object *
accounts_json(const struct config *cf, const struct account *items,
    size_t n)
{
	json_object *arr = json_object_new_array_ext((int)n);
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(arr, api_account_json(cf, &items[i]));
	return arr;
}

/*
 * Mastodon's limit handling for lists of accounts: the default when
 * absent, an oversized one clamped, a malformed or non-positive one 400.
 */
static int
accounts_limit(struct request *req, int *limit)
{
	long long n = ACCOUNTS_PAGE;

	if (req_int(req, "limit", INT32_MIN, INT32_MAX, &n) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	if (n < 1) {
		resp_error(req, 400, "limit must be at least 1");
		return -1;
	}
	*limit = n > ACCOUNTS_PAGE_MAX ? ACCOUNTS_PAGE_MAX : (int)n;
	return 0;
}

/* A copy without the ASCII white space around it (Ruby's strip). */
static char *
stripped(const char *s)
{
	size_t len;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || (s[len - 1] >= '\t' &&
	    s[len - 1] <= '\r')))
		len--;
	return xstrndup(s, len);
}

/*
 * The accounts part of search (lib/search.c), as Mastodon's v1 answers
 * it: a blank q finds nothing. resolve is accepted and has nothing to do
 * until federation: only accounts this server knows are found.
 */
int
api_account_search(struct request *req)
{
	struct search_request sr;
	struct found_accounts found;
	const char *q = "";
	char *query;
	long long offset = 0;
	int resolve, following, rc;

	memset(&sr, 0, sizeof(sr));
	if (req_str(req, "q", SEARCH_Q_MAX_CHARS, &q) == -1 ||
	    req_int(req, "offset", 0, SEARCH_OFFSET_MAX, &offset) == -1) {
		resp_error(req, 400, req->error);
		return 0;
	}
	if (accounts_limit(req, &sr.limit) == -1 ||
	    api_flag(req, "resolve", &resolve) == -1 ||
	    api_flag(req, "following", &following) == -1)
		return 0;
	sr.offset = (int)offset;
	sr.following = following;
	sr.viewer = api_viewer_id(req);
	sr.q = query = stripped(q);
	found.items = NULL;
	found.n = 0;
	rc = *query != '\0' ? search_accounts(req->app->db, req->app->cf,
	    &sr, &found) : 0;
	free(query);
	if (rc == -1)
		return -1;
	api_cache(req, 0);
	resp_json(req, 200, accounts_json(req->app->cf, found.items,
	    found.n));
	found_accounts_free(&found);
	return 0;
}

static json_object *
source_fields_json(const struct profile_source *src)
{
	json_object *arr = json_object_new_array(), *f;
	size_t i;

	for (i = 0; i < src->nfields; i++) {
		f = json_object_new_object();
		api_put_str(f, "name", src->fields[i].name);
		api_put_str(f, "value", src->fields[i].value);
		api_put_str(f, "verified_at", src->fields[i].verified_at);
		json_object_array_add(arr, f);
	}
	return arr;
}

/* Mastodon's three built-in roles, as its Role entity shows them. */
static json_object *
role_json(const char *role)
{
	json_object *o = json_object_new_object();
	int admin = !strcmp(role, "admin"), moderator = !strcmp(role,
	    "moderator");

	api_put_str(o, "id", admin ? "3" : moderator ? "2" : "-99");
	api_put_str(o, "name", admin || moderator ? role : "");
	/* Mastodon's permission bits: administrator, or the moderation set. */
	api_put_str(o, "permissions", admin ? "1" : moderator ? "1308" : "0");
	api_put_str(o, "color", "");
	api_put_bool(o, "highlighted", admin || moderator);
	return o;
}

/*
 * The signed-in user's own account (CredentialAccount): the Account with
 * its source (what the user typed, and the posting defaults) and role.
 */
static int
send_credential_account(struct request *req)
{
	struct profile_source src;
	struct account a;
	json_object *o, *source;
	int rc;

	rc = account_by_id(req->app->db, req->app->cf->base_url,
	    req->viewer->account_id, &a);
	if (rc != 1)
		return -1;	/* a valid token's account always exists */
	if (profile_source_load(req->app->db, req->viewer->user_id,
	    &src) != 1) {
		account_free(&a);
		return -1;
	}
	o = api_account_json(req->app->cf, &a);
	source = json_object_new_object();
	api_put_str(source, "privacy", src.privacy);
	api_put_bool(source, "sensitive", src.sensitive);
	api_put_str(source, "language", src.language);
	api_put_str(source, "note", src.note);
	json_object_object_add(source, "fields", source_fields_json(&src));
	api_put_int(source, "follow_requests_count",
	    src.follow_requests_count);
	api_put_bool(source, "hide_collections", a.hide_collections);
	api_put_bool(source, "discoverable", a.discoverable);
	api_put_bool(source, "indexable", a.indexable);
	json_object_object_add(o, "source", source);
	json_object_object_add(o, "role", role_json(req->viewer->role));
	profile_source_free(&src);
	account_free(&a);
	api_cache(req, 0);
	resp_json(req, 200, o);
	return 0;
}

int
api_account_verify_credentials(struct request *req)
{
	return send_credential_account(req);
}

/* Mastodon's answer to a change that does not validate. */
static void
validation_failed(struct request *req, const char *why)
{
	struct buf msg = BUF_INIT;

	buf_printf(&msg, "Validation failed: %s", why);
	resp_error(req, 422, buf_cstr(&msg));
	buf_free(&msg);
}

/* A boolean of the change: -1 when absent. */
static int
read_switch(struct request *req, const char *name, int *out)
{
	*out = -1;
	return req_bool(req, name, out) == -1 ? -1 : 0;
}

/* The scalar parts of update_credentials; -1 with req->error set. */
static int
read_profile_change(struct request *req, struct profile_change *c)
{
	if (req_str(req, "display_name", PROFILE_INPUT_MAX,
	    &c->display_name) == -1 ||
	    req_str(req, "note", PROFILE_INPUT_MAX, &c->note) == -1 ||
	    read_switch(req, "locked", &c->locked) == -1 ||
	    read_switch(req, "bot", &c->bot) == -1 ||
	    read_switch(req, "discoverable", &c->discoverable) == -1 ||
	    read_switch(req, "indexable", &c->indexable) == -1 ||
	    read_switch(req, "hide_collections", &c->hide_collections) == -1 ||
	    req_str(req, "source[privacy]", 32, &c->privacy) == -1 ||
	    read_switch(req, "source[sensitive]", &c->sensitive) == -1 ||
	    req_str(req, "source[language]", 32, &c->language) == -1)
		return -1;
	return 0;
}

/*
 * fields_attributes, in any shape a client sends it, as the profile's
 * field list: the names and values point into the request's items.
 */
static int
read_profile_fields(struct request *req, struct params *items, size_t n,
    struct profile_field_input **out)
{
	const struct param *name, *value;
	size_t i;

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		name = params_find(&items[i], "name");
		value = params_find(&items[i], "value");
		(*out)[i].name = name ? name->value : "";
		(*out)[i].value = value ? value->value : "";
	}
	return 0;
}

/*
 * Display name, bio, switches, fields and posting defaults, from a form,
 * a multipart form (avatar and header files are left for the media
 * work) or JSON; what is absent stays. A change that does not validate
 * is a 422 naming every reason.
 */
int
api_account_update_credentials(struct request *req)
{
	struct profile_change c = PROFILE_CHANGE_NONE;
	struct profile_field_input *fields = NULL;
	struct params *items = NULL;
	struct buf errors = BUF_INIT;
	size_t nitems = 0;
	int rc;

	if (read_profile_change(req, &c) == -1 ||
	    (rc = req_hash_list(req, "fields_attributes", FIELDS_INPUT_MAX,
	    &items, &nitems)) == -1) {
		validation_failed(req, req->error);
		return 0;
	}
	if (rc == 1) {
		read_profile_fields(req, items, nitems, &fields);
		c.fields_given = 1;
		c.fields = fields;
		c.nfields = nitems;
	}
	rc = profile_update(req->app->db, req->app->cf,
	    req->viewer->account_id, req->viewer->user_id, &c, &errors);
	free(fields);
	req_hash_list_free(items, nitems);
	if (rc == 1) {
		validation_failed(req, buf_cstr(&errors));
		rc = 0;
	} else if (rc == 0) {
		rc = send_credential_account(req);
	}
	buf_free(&errors);
	return rc;
}
