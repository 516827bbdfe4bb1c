/*
 * web_shared: the shared parts of the HTML pages (cgit's ui-shared.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "notification.h"
#include "session.h"
#include "view.h"
#include "web_shared.h"
#include "web_status_html.h"

/*
 * Where the buttons under a post come back to: this page, with its query
 * (the page of a timeline one was on). Checked again when it comes back.
 */
void
web_return_to(struct request *req, struct buf *b)
{
	buf_url_path(b, req->path);
	if (req->query != NULL && *req->query != '\0')
		buf_printf(b, "?%s", req->query);
}

static void
web_set_return_to(struct request *req, struct view *v)
{
	struct buf b = BUF_INIT;

	web_return_to(req, &b);
	view_set(v, "request.return_to", buf_cstr(&b));
	buf_free(&b);
}

#define MENU_UNREAD_CAP 100	/* the menu says "99+" past 99 */

/*
 * The signed-in menu's count of unread notifications: the one the session
 * came with when it was up to date, else counted again (and kept for the
 * next pages). A request that may have changed it itself (a form's
 * answer) counts again. An error page for a database that is away does
 * not ask it once more; a count that fails is left out rather than
 * failing the page.
 */
static void
set_unread_notifications(struct request *req, struct view *v)
{
	const struct viewer *me = req->viewer;
	long n;

	if (me->notifications_unread_known && (!strcmp(req->method, "GET") ||
	    req->is_head))
		n = me->notifications_unread;
	else if (db_unavailable(req->app->db) ||
	    notification_menu_count(req->app->db, me->account_id,
	    me->user_id, MENU_UNREAD_CAP, &n) == -1)
		return;
	if (n == 0)
		return;
	if (n >= MENU_UNREAD_CAP)
		view_set(v, "viewer.notifications_unread", "99+");
	else
		view_set_int(v, "viewer.notifications_unread", n);
}

void
web_fill_common(struct request *req, struct view *v)
{
	const struct config *cf = req->app->cf;
	char token[65];

	view_set(v, "site.title", cf->title);
	view_set(v, "site.description", cf->description);
	view_set(v, "site.domain", cf->domain);
	view_set(v, "site.base_url", cf->base_url);
	view_set_int(v, "site.max_status_length", cf->max_status_length);
	view_set_int(v, "site.registrations_open",
	    cf->registrations != REG_CLOSED);
	view_set(v, "request.path", req->path);
	if (req->viewer != NULL) {
		web_set_return_to(req, v);
		view_set(v, "viewer.username", req->viewer->username);
		view_set_int(v, "viewer.account_id", req->viewer->account_id);
		view_set(v, "viewer.role", req->viewer->role);
		set_unread_notifications(req, v);
	}
	/*
	 * Signed-in pages all carry forms (sign out at least); signed-out
	 * pages ask for a token with web_add_csrf() only when they have one,
	 * so browsing anonymously sets no cookie.
	 */
	if (req->viewer != NULL && csrf_token(req, token) == 0)
		view_set(v, "csrf", token);
}

int64_t
web_viewer_id(const struct request *req)
{
	return req->viewer ? req->viewer->account_id : 0;
}

void
web_add_csrf(struct request *req, struct view *v)
{
	char token[65];

	if (csrf_token(req, token) == 0)
		view_set(v, "csrf", token);
}

int
web_local_path(const char *p)
{
	const char *c;

	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return 0;
	/* Printable ASCII only: no backslash, which some browsers read as
	 * '/', and no control character, which could split a header. */
	for (c = p; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f || *c == '\\')
			return 0;
	return 1;
}

void
web_account_path(struct buf *b, const struct account *a)
{
	buf_printf(b, "/@%s", a->acct);
}

void
web_set_account(struct request *req, struct view *v, const char *prefix,
    const struct account *a)
{
	struct buf b = BUF_INIT;

	(void)req;
	view_set_at(v, a->username, "%s.username", prefix);
	view_set_at(v, a->acct, "%s.acct", prefix);
	view_set_at(v, *a->display_name ? a->display_name : a->username,
	    "%s.display_name", prefix);
	/* Our formatter's output or sanitized remote HTML, never raw. */
	view_set_at(v, a->note, "%s.note_html", prefix);
	view_set_at(v, a->avatar, "%s.avatar", prefix);
	view_set_at(v, a->url, "%s.url", prefix);
	web_account_path(&b, a);
	view_set_at(v, buf_cstr(&b), "%s.path", prefix);
	buf_reset(&b);
	buf_printf(&b, "%" PRId64, a->id);
	view_set_at(v, buf_cstr(&b), "%s.id", prefix);
	buf_reset(&b);
	buf_printf(&b, "%" PRId64, a->statuses_count);
	view_set_at(v, buf_cstr(&b), "%s.statuses_count", prefix);
	buf_reset(&b);
	buf_printf(&b, "%" PRId64, a->following_count);
	view_set_at(v, buf_cstr(&b), "%s.following_count", prefix);
	buf_reset(&b);
	buf_printf(&b, "%" PRId64, a->followers_count);
	view_set_at(v, buf_cstr(&b), "%s.followers_count", prefix);
	view_set_at(v, a->created_at, "%s.created_at", prefix);
	if (a->domain != NULL)
		view_set_at(v, a->domain, "%s.domain", prefix);
	if (a->locked)
		view_set_at(v, "1", "%s.locked", prefix);
	if (a->bot)
		view_set_at(v, "1", "%s.bot", prefix);
	buf_free(&b);
}

/* "2026-11-27T22:31:08.123Z" -> "2026-11-27 22:31" (UTC). */
static void
short_time(const char *iso, char *out, size_t len)
{
	snprintf(out, len, "%.10s %.5s", iso, strlen(iso) > 11 ? iso + 11 : "");
}

/* A count as text, under prefix.name. */
static void
set_count(struct view *v, const char *prefix, const char *name, int64_t n)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, n);
	view_set_at(v, s, "%s.%s", prefix, name);
}

/*
 * The buttons under a post: counts for everyone; for a signed-in viewer,
 * whether they favourited, boosted or bookmarked it, and whether they may
 * boost it (Mastodon's reblog?: not direct, not someone else's private).
 */
static void
set_actions(struct request *req, struct view *v, const char *prefix,
    const struct status *s)
{
	set_count(v, prefix, "favourites_count", s->favourites_count);
	set_count(v, prefix, "reblogs_count", s->reblogs_count);
	if (req->viewer == NULL)
		return;
	if (s->favourited)
		view_set_at(v, "1", "%s.favourited", prefix);
	if (s->reblogged)
		view_set_at(v, "1", "%s.reblogged", prefix);
	if (s->bookmarked)
		view_set_at(v, "1", "%s.bookmarked", prefix);
	if (!strcmp(s->visibility, "public") ||
	    !strcmp(s->visibility, "unlisted") ||
	    (!strcmp(s->visibility, "private") &&
	    s->account.id == req->viewer->account_id))
		view_set_at(v, "1", "%s.can_reblog", prefix);
}

/*
 * A boost shows the status it boosts, with who boosted it; its buttons
 * act on the boosted status.
 */
void
web_set_status(struct request *req, struct view *v, const char *prefix,
    const struct status *s)
{
	struct buf b = BUF_INIT, p = BUF_INIT;
	char when[32];
	size_t i;

	if (s->reblog != NULL) {
		buf_printf(&p, "%s.boosted_by", prefix);
		web_set_account(req, v, buf_cstr(&p), &s->account);
		buf_reset(&p);
		s = s->reblog;
	}
	buf_printf(&p, "%s.account", prefix);
	web_set_account(req, v, buf_cstr(&p), &s->account);
	set_actions(req, v, prefix, s);
	buf_printf(&b, "%" PRId64, s->id);
	view_set_at(v, buf_cstr(&b), "%s.id", prefix);
	buf_reset(&b);
	web_account_path(&b, &s->account);
	buf_printf(&b, "/%" PRId64, s->id);
	view_set_at(v, buf_cstr(&b), "%s.path", prefix);
	view_set_at(v, s->url, "%s.url", prefix);
	/* Our formatter's output or sanitized remote HTML (see format.c). */
	view_set_at(v, s->content, "%s.content_html", prefix);
	view_set_at(v, s->spoiler_text, "%s.spoiler_text", prefix);
	view_set_at(v, s->visibility, "%s.visibility", prefix);
	view_set_at(v, s->created_at, "%s.created_at", prefix);
	short_time(s->created_at, when, sizeof(when));
	view_set_at(v, when, "%s.created_at_short", prefix);
	if (s->sensitive)
		view_set_at(v, "1", "%s.sensitive", prefix);
	if (s->in_reply_to_id) {
		buf_reset(&b);
		buf_printf(&b, "%" PRId64, s->in_reply_to_id);
		view_set_at(v, buf_cstr(&b), "%s.in_reply_to_id", prefix);
	}
	buf_reset(&b);
	buf_printf(&b, "%" PRId64, s->replies_count);
	view_set_at(v, buf_cstr(&b), "%s.replies_count", prefix);
	if (req->viewer != NULL && req->viewer->account_id == s->account.id)
		view_set_at(v, "1", "%s.own", prefix);
	/* The reply form mentions the author and everyone else mentioned. */
	buf_reset(&b);
	if (req->viewer == NULL || req->viewer->account_id != s->account.id)
		buf_printf(&b, "@%s ", s->account.acct);
	for (i = 0; i < s->nmentions; i++)
		if (req->viewer == NULL ||
		    s->mentions[i].account_id != req->viewer->account_id)
			buf_printf(&b, "@%s ", s->mentions[i].acct);
	view_set_at(v, buf_cstr(&b), "%s.reply_mentions", prefix);
	view_set_at(v, status_default_visibility(NULL, s->visibility),
	    "%s.reply_visibility", prefix);
	buf_free(&b);
	buf_free(&p);
}

void
web_set_statuses(struct request *req, struct view *v, const char *name,
    const struct status_list *l)
{
	struct buf html = BUF_INIT;

	web_statuses_html(req, &html, l);
	view_set(v, name, buf_cstr(&html));
	buf_free(&html);
}

int
web_set_status_page(struct request *req, struct view *v, const char *name,
    const struct id_list *ids)
{
	struct buf html = BUF_INIT;
	int rc;

	if ((rc = web_status_page_html(req, &html, ids)) == 0)
		view_set(v, name, buf_cstr(&html));
	buf_free(&html);
	return rc;
}

int
web_set_thread(struct request *req, struct view *v,
    const struct id_list *ancestors, const struct id_list *descendants)
{
	struct buf up = BUF_INIT, down = BUF_INIT;
	int rc;

	if ((rc = web_thread_html(req, ancestors, descendants, &up,
	    &down)) == 0) {
		view_set(v, "ancestors_html", buf_cstr(&up));
		view_set(v, "descendants_html", buf_cstr(&down));
	}
	buf_free(&up);
	buf_free(&down);
	return rc;
}

void
web_set_status_html(struct request *req, struct view *v, const char *name,
    const struct status *s, int highlight)
{
	struct buf html = BUF_INIT;

	web_status_html(req, &html, s, highlight);
	view_set(v, name, buf_cstr(&html));
	buf_free(&html);
}
