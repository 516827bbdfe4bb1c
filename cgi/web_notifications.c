/*
 * web_notifications: the notifications page. Who did what, on which
 * post, newest first and paged; seeing the page moves the notifications
 * read marker (the one apps use too), so the menu's count goes back to
 * zero. A button clears them all.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "handlers.h"
#include "marker.h"
#include "notification.h"
#include "pagination.h"
#include "timeline.h"
#include "view.h"
#include "web_shared.h"
#include "web_status_html.h"

#define WEB_PAGE_SIZE	20
#define WEB_PAGE_MAX	40

/* What each type of notification says its sender did. */
static const struct {
	const char	*type;
	const char	*words;
} actions[] = {
	{ "mention", "mentioned you" },
	{ "status", "posted" },
	{ "reblog", "boosted your post" },
	{ "follow", "followed you" },
	{ "follow_request", "asked to follow you" },
	{ "favourite", "favourited your post" },
	{ "poll", "ran a poll that has ended" },
	{ "update", "edited a post you boosted" },
	{ "admin.sign_up", "signed up" },
	{ "admin.report", "filed a report" },
};

static const char *
action_words(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(actions[i].type, type))
			return actions[i].words;
	return "did something you are told of";
}

/* notifications.N.*: sender, what they did, the status, and unread. */
static void
set_notifications(struct request *req, struct view *v,
    const struct notification_list *l, const struct notification_refs *refs,
    int64_t last_read)
{
	const struct notification *n;
	const struct account *from;
	const struct status *s;
	struct article_context articles;
	struct buf html = BUF_INIT;
	char base[48], sub[64], text[32];
	size_t i, shown = 0;

	web_article_context(req, &articles);
	for (i = 0; i < l->n; i++) {
		n = &l->items[i];
		s = NULL;
		/* Gone between two queries: left out, as the API leaves it. */
		if ((from = notification_refs_account(refs,
		    n->from_account_id)) == NULL ||
		    (notification_type_has_status(n->type) &&
		    (s = notification_refs_status(refs, n->status_id)) == NULL))
			continue;
		snprintf(base, sizeof(base), "notifications.%zu", shown++);
		snprintf(text, sizeof(text), "%" PRId64, n->id);
		view_set_at(v, text, "%s.id", base);
		view_set_at(v, n->type, "%s.type", base);
		view_set_at(v, action_words(n->type), "%s.action", base);
		view_set_at(v, n->created_at, "%s.created_at", base);
		snprintf(text, sizeof(text), "%.10s %.5s", n->created_at,
		    strlen(n->created_at) > 11 ? n->created_at + 11 : "");
		view_set_at(v, text, "%s.created_at_short", base);
		if (n->id > last_read)
			view_set_at(v, "1", "%s.unread", base);
		snprintf(sub, sizeof(sub), "%s.account", base);
		web_set_account(req, v, sub, from);
		if (s != NULL) {
			buf_reset(&html);
			web_status_article_of(&html, &articles, s, 0);
			view_set_at(v, buf_cstr(&html), "%s.status_html", base);
		}
	}
	buf_free(&html);
	web_article_context_free(&articles);
}

int
web_notifications(struct request *req)
{
	static const struct notification_filter everything;
	struct notification_list list;
	struct notification_refs refs;
	struct id_list ids;
	struct page pg;
	struct view *v;
	int64_t last_read;
	size_t i;

	if (page_from_request(req, &pg, WEB_PAGE_SIZE, WEB_PAGE_MAX) == -1)
		return 0;
	if ((last_read = marker_last_read(req->app->db, req->viewer->user_id,
	    "notifications")) == -1)
		return -1;
	if (notification_page(req->app->db, req->viewer->account_id,
	    &everything, &pg, &list) == -1)
		return -1;
	if (notification_refs_for_list(req->app->db, req->app->cf,
	    req->viewer->account_id, &list, &refs) == -1) {
		notification_list_free(&list);
		return -1;
	}
	/* Seen now: before the menu (view_new) counts what is unread. */
	if (list.n > 0 && marker_advance(req->app->db, req->viewer->user_id,
	    "notifications", list.items[0].id) == -1) {
		notification_refs_free(&refs);
		notification_list_free(&list);
		return -1;
	}
	/* The count the session came with predates the marker's move. */
	req->viewer->notifications_unread_known = 0;
	v = view_new(req);
	view_set(v, "page.title", "Notifications");
	set_notifications(req, v, &list, &refs, last_read);
	ids.n = list.n;
	ids.ids = xcalloc(list.n ? list.n : 1, sizeof(int64_t));
	for (i = 0; i < list.n; i++)
		ids.ids[i] = list.items[i].id;
	page_view_links(req, v, &pg, &ids);
	id_list_free(&ids);
	notification_refs_free(&refs);
	notification_list_free(&list);
	return view_render(v, "notifications.cs");
}

/* No cached page shows notifications, so the page cache stays. */
int
web_notifications_clear(struct request *req)
{
	if (notification_clear(req->app->db, req->viewer->account_id) == -1)
		return -1;
	resp_redirect(req, "/notifications");
	return 0;
}
