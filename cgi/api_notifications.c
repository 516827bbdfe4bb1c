/*
 * api_notifications: Mastodon's notifications API. v1 lists one
 * Notification per act; v2 (Mastodon 4.3, used by its own web app and
 * Phanpy) folds favourites and boosts of one post, and follows, into
 * groups, and sends each account and status once beside the groups.
 * Both filter by type and sender, page with max_id / since_id / min_id,
 * and count what is newer than the notifications read marker.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "account_cache.h"
#include "api_entity.h"
#include "api_status_cache.h"
#include "cache.h"
#include "config.h"
#include "handlers.h"
#include "notification.h"
#include "pagination.h"
#include "request.h"

#define NOTIFICATIONS_PAGE	40
#define UNREAD_LIMIT		100	/* Mastodon's default cap */
#define UNREAD_LIMIT_MAX	1000
#define TYPES_SENT_MAX		32	/* types[] a request may send */
#define TYPE_MAX_CHARS		64
#define GROUP_KEY_MAX_CHARS	128
#define GROUP_ACCOUNTS_MAX	80

/* A listing's filters (types[], exclude_types[], account_id). */
struct listing {
	const char			*types[NOTIFICATION_NTYPES];
	struct notification_filter	 filter;
};

/* The v2 options: which types to group, and how to send accounts. */
struct grouping {
	const char	*types[TYPES_SENT_MAX];
	size_t		 ntypes;
	int		 partial_avatars;
};

static char *
id_text(int64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64, id);
	return buf;
}

static void
put_id_str(json_object *o, const char *key, int64_t id)
{
	char s[24];

	api_put_str(o, key, id_text(id, s, sizeof(s)));
}

/*
 * Unknown types are ignored, as Mastodon ignores them (asking only for
 * unknown ones lists nothing); a malformed list or sender is a 400.
 */
static int
read_listing(struct request *req, struct listing *l)
{
	const char *types[TYPES_SENT_MAX], *exclude[TYPES_SENT_MAX];
	size_t ntypes, nexclude;
	int64_t from = 0;
	int n;

	if (req_str_array(req, "types", TYPES_SENT_MAX, TYPE_MAX_CHARS,
	    types, &ntypes) == -1 ||
	    req_str_array(req, "exclude_types", TYPES_SENT_MAX,
	    TYPE_MAX_CHARS, exclude, &nexclude) == -1 ||
	    req_id(req, "account_id", &from) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	n = notification_types_select(types, ntypes, exclude, nexclude,
	    l->types);
	l->filter.types = n == -1 ? NULL : l->types;
	l->filter.ntypes = n == -1 ? 0 : (size_t)n;
	l->filter.from_account_id = from;
	return 0;
}

static int
read_grouping(struct request *req, struct grouping *g)
{
	const char *expand = NULL;
	size_t i;

	if (req_str_array(req, "grouped_types", TYPES_SENT_MAX,
	    TYPE_MAX_CHARS, g->types, &g->ntypes) == -1 ||
	    req_str(req, "expand_accounts", TYPE_MAX_CHARS, &expand) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	/* None given: every type Mastodon groups. */
	if (g->ntypes == 0)
		for (i = 0; notification_grouped_types[i] != NULL; i++)
			g->types[g->ntypes++] = notification_grouped_types[i];
	g->partial_avatars = expand != NULL &&
	    !strcmp(expand, "partial_avatars");
	if (expand != NULL && !g->partial_avatars && strcmp(expand, "full")) {
		resp_error(req, 400, "Invalid value for 'expand_accounts', "
		    "allowed values are 'full' and 'partial_avatars'");
		return -1;
	}
	return 0;
}

/* The count cap of an unread count: Mastodon's default and maximum. */
static int
read_unread_limit(struct request *req, long *limit)
{
	long long n = UNREAD_LIMIT;

	if (req_int(req, "limit", INT32_MIN, INT32_MAX, &n) == -1 || n < 1) {
		resp_error(req, 400, n < 1 ? "limit must be at least 1" :
		    req->error);
		return -1;
	}
	*limit = n > UNREAD_LIMIT_MAX ? UNREAD_LIMIT_MAX : (long)n;
	return 0;
}

/* Load the senders and statuses of a list of notifications. */
static int
load_refs(struct request *req, const struct notification_list *l,
    struct notification_refs *refs)
{
	return notification_refs_for_list(req->app->db, req->app->cf,
	    req->viewer->account_id, l, refs);
}

/*
 * The Notification entity; NULL when its sender or status is no longer
 * there to show (it went between two queries), so it is left out.
 */
static json_object *
notification_json(const struct config *cf, const struct notification *n,
    const struct notification_refs *refs)
{
	const struct account *from;
	const struct status *s = NULL;
	json_object *o;

	if ((from = notification_refs_account(refs, n->from_account_id)) ==
	    NULL)
		return NULL;
	if (notification_type_has_status(n->type) &&
	    (s = notification_refs_status(refs, n->status_id)) == NULL)
		return NULL;
	o = json_object_new_object();
	put_id_str(o, "id", n->id);
	api_put_str(o, "type", n->type);
	api_put_str(o, "created_at", n->created_at);
	api_put_str(o, "group_key", n->group_key);
	json_object_object_add(o, "account", api_account_json(cf, from));
	if (s != NULL)
		json_object_object_add(o, "status", api_status_json(cf, s));
	return o;
}

static json_object *
notifications_array(const struct config *cf,
    const struct notification_list *l, const struct notification_refs *refs)
{
	json_object *arr = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i < l->n; i++)
		if ((o = notification_json(cf, &l->items[i], refs)) != NULL)
			json_object_array_add(arr, o);
	return arr;
}

/* The Link header of a page of notifications (or of groups). */
static void
link_header(struct request *req, const struct page *pg,
    const struct notification_list *l)
{
	struct id_list ids;
	struct page shown = *pg;
	size_t i;

	ids.n = l->n;
	ids.ids = xcalloc(l->n ? l->n : 1, sizeof(int64_t));
	for (i = 0; i < l->n; i++)
		ids.ids[i] = l->items[i].id;
	/* A grouped page that stopped early has older groups after it. */
	if (l->more && l->n > 0)
		shown.limit = (int)l->n;
	page_link_header(req, &shown, &ids);
	id_list_free(&ids);
}

/* A JSON string as json-c writes it (without escaping '/'). */
static void
put_json_string(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	buf_putc(out, '"');
	for (; *s; s++) {
		switch (*s) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default:
			if ((unsigned char)*s < 0x20) {
				buf_puts(out, "\\u00");
				buf_putc(out, hex[(unsigned char)*s >> 4]);
				buf_putc(out, hex[*s & 0x0f]);
			} else
				buf_putc(out, *s);
		}
	}
	buf_putc(out, '"');
}

/*
 * A Notification, written around the cached entities of its sender and
 * status: what notification_json makes, in the same order of keys.
 */
static void
put_cached_notification(struct buf *out, const struct notification *n,
    const char *account, size_t account_len, const struct status_texts *t,
    long status_at)
{
	char id[24];

	buf_puts(out, "{\"id\":");
	put_json_string(out, id_text(n->id, id, sizeof(id)));
	buf_puts(out, ",\"type\":");
	put_json_string(out, n->type);
	buf_puts(out, ",\"created_at\":");
	put_json_string(out, n->created_at);
	buf_puts(out, ",\"group_key\":");
	put_json_string(out, n->group_key);
	buf_puts(out, ",\"account\":");
	buf_add(out, account, account_len);
	if (status_at >= 0) {
		buf_puts(out, ",\"status\":");
		(void)api_status_entity(out, t, (size_t)status_at);
	}
	buf_putc(out, '}');
}

/* Where status id is among the cached statuses, or -1. */
static long
cached_status_at(const struct status_texts *t, int64_t id)
{
	size_t i;

	for (i = 0; i < t->statuses.n; i++)
		if (t->statuses.items[i].id == id)
			return t->text[i] != NULL && (t->statuses.items[i].reblog
			    == NULL || t->boosted[i] != NULL) ? (long)i : -1;
	return -1;
}

/* Add id to ids unless it is there already. */
static void
add_once(int64_t *ids, size_t *n, int64_t id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (ids[i] == id)
			return;
	ids[(*n)++] = id;
}

/*
 * With memcached, the senders and statuses a page of notifications shows
 * come from the account and status caches, as a timeline's statuses do:
 * their versions, two multi-gets, and only what is missing loaded and
 * rendered. A notification whose sender or status went between two
 * queries is left out, as before.
 */
static int
send_cached_notifications(struct request *req, const struct page *pg,
    const struct notification_list *l)
{
	struct account_texts accounts;
	struct status_texts t;
	struct id_list ids;
	int64_t *senders;
	const char *account;
	size_t i, nsenders = 0, account_len;
	long at;
	int first = 1;

	senders = xcalloc(l->n ? l->n : 1, sizeof(int64_t));
	ids.ids = xcalloc(l->n ? l->n : 1, sizeof(int64_t));
	ids.n = 0;
	for (i = 0; i < l->n; i++) {
		add_once(senders, &nsenders, l->items[i].from_account_id);
		if (notification_type_has_status(l->items[i].type))
			add_once(ids.ids, &ids.n, l->items[i].status_id);
	}
	if (account_texts_load(req, senders, nsenders, &accounts) == -1) {
		free(senders);
		id_list_free(&ids);
		return -1;
	}
	free(senders);
	if (api_status_texts_load(req, &ids, &t) == -1) {
		account_texts_free(&accounts);
		id_list_free(&ids);
		return -1;
	}
	buf_reset(&req->resp.body);
	buf_putc(&req->resp.body, '[');
	for (i = 0; i < l->n; i++) {
		at = -1;
		if ((account = account_texts_find(&accounts,
		    l->items[i].from_account_id, &account_len)) == NULL ||
		    (notification_type_has_status(l->items[i].type) &&
		    (at = cached_status_at(&t, l->items[i].status_id)) == -1))
			continue;
		if (!first)
			buf_putc(&req->resp.body, ',');
		first = 0;
		put_cached_notification(&req->resp.body, &l->items[i], account,
		    account_len, &t, at);
	}
	buf_putc(&req->resp.body, ']');
	req->resp.status = 200;
	req->resp.content_type = "application/json; charset=utf-8";
	link_header(req, pg, l);
	status_texts_free(&t);
	account_texts_free(&accounts);
	id_list_free(&ids);
	return 0;
}

int
api_notifications(struct request *req)
{
	struct listing l;
	struct page pg;
	struct notification_list list;
	struct notification_refs refs;
	int rc;

	if (page_from_request(req, &pg, NOTIFICATIONS_PAGE,
	    NOTIFICATION_PAGE_MAX) == -1 || read_listing(req, &l) == -1)
		return 0;
	if (notification_page(req->app->db, req->viewer->account_id,
	    &l.filter, &pg, &list) == -1)
		return -1;
	if (cache_enabled(req->app->cache)) {
		rc = send_cached_notifications(req, &pg, &list);
		notification_list_free(&list);
		return rc;
	}
	if (load_refs(req, &list, &refs) == -1) {
		notification_list_free(&list);
		return -1;
	}
	link_header(req, &pg, &list);
	resp_json(req, 200, notifications_array(req->app->cf, &list, &refs));
	notification_refs_free(&refs);
	notification_list_free(&list);
	return 0;
}

/* The viewer's notification named by the path's :id: 1, 0 (404 sent), -1. */
static int
notification_from_path(struct request *req, struct notification *n)
{
	int64_t id;
	int rc;

	if (req_id(req, "id", &id) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = notification_get(req->app->db, req->viewer->account_id, id, n);
	if (rc == 0)
		api_not_found(req);
	return rc;
}

int
api_notification_show(struct request *req)
{
	struct notification_list one;
	struct notification_refs refs;
	struct notification n;
	json_object *o;
	int rc;

	if ((rc = notification_from_path(req, &n)) != 1)
		return rc;
	one.items = &n;
	one.n = 1;
	if (load_refs(req, &one, &refs) == -1) {
		notification_free(&n);
		return -1;
	}
	if ((o = notification_json(req->app->cf, &n, &refs)) != NULL)
		resp_json(req, 200, o);
	else
		api_not_found(req);
	notification_refs_free(&refs);
	notification_free(&n);
	return 0;
}

static void
send_empty(struct request *req)
{
	resp_json(req, 200, json_object_new_object());
}

int
api_notification_dismiss(struct request *req)
{
	int64_t id;
	int rc;

	if (req_id(req, "id", &id) != 1) {
		api_not_found(req);
		return 0;
	}
	rc = notification_dismiss(req->app->db, req->viewer->account_id, id);
	if (rc == -1)
		return -1;
	if (rc == 0)
		api_not_found(req);
	else
		send_empty(req);
	return 0;
}

int
api_notifications_clear(struct request *req)
{
	if (notification_clear(req->app->db, req->viewer->account_id) == -1)
		return -1;
	send_empty(req);
	return 0;
}

static void
send_count(struct request *req, long count)
{
	json_object *o = json_object_new_object();

	api_put_int(o, "count", count);
	resp_json(req, 200, o);
}

int
api_notifications_unread_count(struct request *req)
{
	struct listing l;
	long limit, count;

	if (read_unread_limit(req, &limit) == -1 ||
	    read_listing(req, &l) == -1)
		return 0;
	if (notification_unread_count(req->app->db, req->viewer->account_id,
	    req->viewer->user_id, &l.filter, limit, &count) == -1)
		return -1;
	send_count(req, count);
	return 0;
}

int
api_notifications_v2_unread_count(struct request *req)
{
	struct listing l;
	struct grouping g;
	long limit, count;

	if (read_unread_limit(req, &limit) == -1 ||
	    read_listing(req, &l) == -1 || read_grouping(req, &g) == -1)
		return 0;
	if (notification_unread_group_count(req->app->db,
	    req->viewer->account_id, req->viewer->user_id, &l.filter,
	    g.types, g.ntypes, limit, &count) == -1)
		return -1;
	send_count(req, count);
	return 0;
}

/* ---- v2: groups ---------------------------------------------------- */

static int
key_is_stored(const char *key)
{
	return strncmp(key, "ungrouped-", 10) != 0;
}

/* A page of groups: each representative with its summary, if grouped. */
struct group_page {
	struct notification_list	 reps;
	struct notification_group	*summaries;
	size_t				 nsummaries;
	int				 paginated;
	struct notification_refs	 refs;
};

static const struct notification_group *
summary_of(const struct group_page *gp, const struct notification *rep)
{
	size_t i;

	if (!key_is_stored(rep->group_key))
		return NULL;
	for (i = 0; i < gp->nsummaries; i++)
		if (!strcmp(gp->summaries[i].key, rep->group_key) &&
		    gp->summaries[i].count > 0)
			return &gp->summaries[i];
	return NULL;
}

/*
 * Summarise the stored groups of the representatives over [lo, hi] (the
 * page's range; everything for a single group), then load every sample
 * sender and status at once.
 */
static int
group_page_load(struct request *req, const struct listing *l,
    struct group_page *gp, int64_t lo, int64_t hi)
{
	const char **keys;
	const struct notification_group *g;
	int64_t *accounts, *statuses;
	size_t i, j, nkeys = 0, na = 0;
	int rc;

	keys = xcalloc(gp->reps.n ? gp->reps.n : 1, sizeof(char *));
	for (i = 0; i < gp->reps.n; i++)
		if (key_is_stored(gp->reps.items[i].group_key))
			keys[nkeys++] = gp->reps.items[i].group_key;
	rc = notification_group_summaries(req->app->db,
	    req->viewer->account_id, &l->filter, keys, nkeys, lo, hi,
	    &gp->summaries, &gp->nsummaries);
	free(keys);
	if (rc == -1)
		return -1;
	accounts = xcalloc(gp->reps.n * NOTIFICATION_SAMPLE_ACCOUNTS + 1,
	    sizeof(int64_t));
	statuses = xcalloc(gp->reps.n + 1, sizeof(int64_t));
	for (i = 0; i < gp->reps.n; i++) {
		statuses[i] = gp->reps.items[i].status_id;
		if ((g = summary_of(gp, &gp->reps.items[i])) == NULL) {
			accounts[na++] = gp->reps.items[i].from_account_id;
			continue;
		}
		for (j = 0; j < g->nsamples; j++)
			accounts[na++] = g->sample_account_ids[j];
	}
	rc = notification_refs_load(req->app->db, req->app->cf,
	    req->viewer->account_id, accounts, na, statuses, gp->reps.n,
	    &gp->refs);
	free(accounts);
	free(statuses);
	return rc;
}

static void
group_page_free(struct group_page *gp)
{
	notification_groups_free(gp->summaries, gp->nsummaries);
	notification_refs_free(&gp->refs);
	notification_list_free(&gp->reps);
}

/* The senders a group shows: its sample, or the one sender. */
static size_t
group_senders(const struct group_page *gp, const struct notification *rep,
    const int64_t **ids)
{
	const struct notification_group *g = summary_of(gp, rep);

	if (g == NULL) {
		*ids = &rep->from_account_id;
		return 1;
	}
	*ids = g->sample_account_ids;
	return g->nsamples;
}

/* Mastodon's NotificationGroup; NULL when nothing of it can be shown. */
static json_object *
group_json(const struct group_page *gp, const struct notification *rep)
{
	const struct notification_group *g = summary_of(gp, rep);
	const int64_t *senders;
	json_object *o, *samples;
	char id[24];
	size_t i, n;

	if (notification_type_has_status(rep->type) &&
	    notification_refs_status(&gp->refs, rep->status_id) == NULL)
		return NULL;
	samples = json_object_new_array();
	n = group_senders(gp, rep, &senders);
	for (i = 0; i < n; i++)
		if (notification_refs_account(&gp->refs, senders[i]) != NULL)
			json_object_array_add(samples, json_object_new_string(
			    id_text(senders[i], id, sizeof(id))));
	if (json_object_array_length(samples) == 0) {
		json_object_put(samples);
		return NULL;
	}
	o = json_object_new_object();
	api_put_str(o, "group_key", rep->group_key);
	api_put_int(o, "notifications_count", g ? g->count : 1);
	api_put_str(o, "type", rep->type);
	api_put_int(o, "most_recent_notification_id",
	    g ? g->most_recent_id : rep->id);
	if (gp->paginated) {
		put_id_str(o, "page_min_id", g ? g->page_min_id : rep->id);
		put_id_str(o, "page_max_id", g ? g->page_max_id : rep->id);
		api_put_str(o, "latest_page_notification_at",
		    g && g->latest_page_at ? g->latest_page_at :
		    rep->created_at);
	}
	json_object_object_add(o, "sample_account_ids", samples);
	if (notification_type_has_status(rep->type))
		put_id_str(o, "status_id", rep->status_id);
	return o;
}

/* Mastodon's PartialAccountWithAvatar, cut from the full entity. */
static json_object *
partial_account_json(const struct config *cf, const struct account *a)
{
	static const char *const keys[] = { "id", "acct", "locked", "bot",
	    "url", "avatar", "avatar_static", NULL };
	json_object *full = api_account_json(cf, a), *o, *v;
	size_t i;

	o = json_object_new_object();
	for (i = 0; keys[i] != NULL; i++)
		if (json_object_object_get_ex(full, keys[i], &v))
			json_object_object_add(o, keys[i], json_object_get(v));
	json_object_put(full);
	return o;
}

static int
seen_before(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/*
 * Each account once: all sample senders in "accounts", or with
 * partial_avatars only each group's newest there and the rest, cut
 * down, in "partial_accounts" (Mastodon's GroupedNotificationsPresenter).
 */
static void
add_accounts(const struct config *cf, const struct group_page *gp,
    const struct grouping *opt, json_object *results)
{
	json_object *full = json_object_new_array(), *part = NULL;
	const struct account *a;
	const int64_t *senders;
	int64_t *done;
	size_t i, j, n, ndone = 0, pass;

	done = xcalloc(gp->reps.n * NOTIFICATION_SAMPLE_ACCOUNTS + 1,
	    sizeof(int64_t));
	if (opt->partial_avatars)
		part = json_object_new_array();
	/* The newest sender of each group first, then the others. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < gp->reps.n; i++) {
			n = group_senders(gp, &gp->reps.items[i], &senders);
			for (j = pass == 0 ? 0 : 1; j < n; j++) {
				if (pass == 0 && j > 0)
					break;
				if (seen_before(done, ndone, senders[j]) ||
				    (a = notification_refs_account(&gp->refs,
				    senders[j])) == NULL)
					continue;
				done[ndone++] = senders[j];
				if (pass == 1 && part != NULL)
					json_object_array_add(part,
					    partial_account_json(cf, a));
				else
					json_object_array_add(full,
					    api_account_json(cf, a));
			}
		}
	free(done);
	json_object_object_add(results, "accounts", full);
	if (part != NULL)
		json_object_object_add(results, "partial_accounts", part);
}

/* GroupedNotificationsResults: accounts, statuses (each once), groups. */
static json_object *
results_json(const struct config *cf, const struct group_page *gp,
    const struct grouping *opt)
{
	json_object *results = json_object_new_object(), *statuses, *groups,
	    *g;
	const struct status *s;
	int64_t *done;
	size_t i, ndone = 0;

	add_accounts(cf, gp, opt, results);
	statuses = json_object_new_array();
	groups = json_object_new_array();
	done = xcalloc(gp->reps.n + 1, sizeof(int64_t));
	for (i = 0; i < gp->reps.n; i++) {
		if ((g = group_json(gp, &gp->reps.items[i])) == NULL)
			continue;
		json_object_array_add(groups, g);
		s = notification_refs_status(&gp->refs,
		    gp->reps.items[i].status_id);
		if (s != NULL && !seen_before(done, ndone, s->id)) {
			done[ndone++] = s->id;
			json_object_array_add(statuses, api_status_json(cf, s));
		}
	}
	free(done);
	json_object_object_add(results, "statuses", statuses);
	json_object_object_add(results, "notification_groups", groups);
	return results;
}

int
api_notifications_v2(struct request *req)
{
	struct listing l;
	struct grouping opt;
	struct group_page gp;
	struct page pg;
	int64_t lo = 0, hi = 0;
	size_t i;

	if (page_from_request(req, &pg, NOTIFICATIONS_PAGE,
	    NOTIFICATION_PAGE_MAX) == -1 || read_listing(req, &l) == -1 ||
	    read_grouping(req, &opt) == -1)
		return 0;
	memset(&gp, 0, sizeof(gp));
	if (notification_group_page(req->app->db, req->viewer->account_id,
	    &l.filter, opt.types, opt.ntypes, &pg, &gp.reps) == -1)
		return -1;
	gp.paginated = 1;
	for (i = 0; i < gp.reps.n; i++) {
		if (lo == 0 || gp.reps.items[i].id < lo)
			lo = gp.reps.items[i].id;
		if (gp.reps.items[i].id > hi)
			hi = gp.reps.items[i].id;
	}
	if (group_page_load(req, &l, &gp, lo, hi) == -1) {
		group_page_free(&gp);
		return -1;
	}
	link_header(req, &pg, &gp.reps);
	resp_json(req, 200, results_json(req->app->cf, &gp, &opt));
	group_page_free(&gp);
	return 0;
}

/*
 * The group the path's :group_key names: its newest notification, as the
 * only representative of a group page. 1, 0 (404 sent), -1.
 */
static int
group_from_path(struct request *req, struct group_page *gp)
{
	const char *key;
	int rc;

	memset(gp, 0, sizeof(*gp));
	if (req_str(req, "group_key", GROUP_KEY_MAX_CHARS, &key) != 1) {
		api_not_found(req);
		return 0;
	}
	gp->reps.items = xcalloc(1, sizeof(struct notification));
	rc = notification_get_group(req->app->db, req->viewer->account_id,
	    key, &gp->reps.items[0]);
	if (rc == 1)
		gp->reps.n = 1;
	else {
		free(gp->reps.items);
		gp->reps.items = NULL;
		if (rc == 0)
			api_not_found(req);
	}
	return rc;
}

int
api_notification_group_show(struct request *req)
{
	static const struct listing everything;
	struct grouping opt;
	struct group_page gp;
	int rc;

	memset(&opt, 0, sizeof(opt));
	if ((rc = group_from_path(req, &gp)) != 1)
		return rc;
	if (group_page_load(req, &everything, &gp, 0, INT64_MAX) == -1) {
		group_page_free(&gp);
		return -1;
	}
	resp_json(req, 200, results_json(req->app->cf, &gp, &opt));
	group_page_free(&gp);
	return 0;
}

/* The senders of a group, newest first (404 when it has none to show). */
int
api_notification_group_accounts(struct request *req)
{
	struct notification_refs refs;
	const char *key;
	json_object *arr;
	int64_t *ids;
	size_t i, n;
	int rc;

	if (req_str(req, "group_key", GROUP_KEY_MAX_CHARS, &key) != 1) {
		api_not_found(req);
		return 0;
	}
	if (notification_group_senders(req->app->db, req->viewer->account_id,
	    key, GROUP_ACCOUNTS_MAX, &ids, &n) == -1)
		return -1;
	rc = notification_refs_load(req->app->db, req->app->cf,
	    req->viewer->account_id, ids, n, NULL, 0, &refs);
	free(ids);
	if (rc == -1)
		return -1;
	if (refs.naccounts == 0)
		api_not_found(req);
	else {
		arr = json_object_new_array();
		for (i = 0; i < refs.naccounts; i++)
			json_object_array_add(arr, api_account_json(
			    req->app->cf, &refs.accounts[i]));
		resp_json(req, 200, arr);
	}
	notification_refs_free(&refs);
	return 0;
}

/* Mastodon dismisses whatever the key names, and answers {} either way. */
int
api_notification_group_dismiss(struct request *req)
{
	const char *key;

	if (req_str(req, "group_key", GROUP_KEY_MAX_CHARS, &key) != 1) {
		api_not_found(req);
		return 0;
	}
	if (notification_dismiss_group(req->app->db, req->viewer->account_id,
	    key) == -1)
		return -1;
	send_empty(req);
	return 0;
}
