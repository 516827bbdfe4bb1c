/*
 * web_status_html: the <article> of a status, as cgit writes its pages:
 * straight into a buffer, every value through an escaper named for where
 * it goes. A status is most of every timeline page, and ClearSilver spent
 * ~40 µs on each one setting and walking the ~30 HDF nodes of its
 * macro; this costs a few. The text is what the status_item macro of
 * templates/ used to make, byte for byte, so pages did not change.
 *
 * Values are escaped as ClearSilver's html mode escapes var: (html_text
 * below); the content is our formatter's output or sanitized remote HTML
 * (lib/format.c), printed as it is, as before.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "session.h"
#include "status.h"
#include "status_cache.h"
#include "web_shared.h"
#include "web_status_html.h"

#define SHARED_STATUS	'S'	/* "S<path>\t<favourites>\t<boosts>\n<middle>" */
#define SHARED_BOOST	'B'	/* "B\n<boosted-by line>" */

/* Text for an element or an attribute, as ClearSilver's html escaping. */
static void
html_text(struct buf *b, const char *s)
{
	const char *start = s, *rep;

	for (; *s; s++) {
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\r': rep = ""; break;
		default: continue;
		}
		buf_add(b, start, (size_t)(s - start));
		buf_puts(b, rep);
		start = s + 1;
	}
	buf_add(b, start, (size_t)(s - start));
}

/* A number, without printf's cost: a page writes a hundred. */
static void
put_int(struct buf *b, int64_t n)
{
	char digits[24], *p = digits + sizeof(digits);
	uint64_t u = n < 0 ? -(uint64_t)n : (uint64_t)n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (n < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(digits + sizeof(digits) - p));
}

/* web_account_path's "/@acct", and a status's "/@acct/id". */
static void
account_path(struct buf *b, const struct account *a)
{
	buf_puts(b, "/@");
	buf_puts(b, a->acct);
}

static void
status_path(struct buf *b, const struct status *s)
{
	account_path(b, &s->account);
	buf_putc(b, '/');
	put_int(b, s->id);
}

static const char *
shown_name(const struct account *a)
{
	return *a->display_name ? a->display_name : a->username;
}

/* Who boosted: the line above the boosted status. */
static void
boosted_by_line(struct buf *b, const struct status *boost)
{
	struct buf path = BUF_INIT;

	account_path(&path, &boost->account);
	buf_puts(b, "  <p class=\"boosted-by\"><a href=\"");
	html_text(b, buf_cstr(&path));
	buf_puts(b, "\">");
	html_text(b, shown_name(&boost->account));
	buf_puts(b, "</a> boosted</p>\n");
	buf_free(&path);
}

/* The author, the time and the visibility. */
static void
article_header(struct buf *b, const struct status *s, const char *path)
{
	struct buf author = BUF_INIT;
	char when[32];

	account_path(&author, &s->account);
	buf_puts(b, "  <header>\n    <a class=\"author\" href=\"");
	html_text(b, buf_cstr(&author));
	buf_puts(b, "\"><img class=\"avatar\" src=\"");
	html_text(b, s->account.avatar);
	buf_puts(b, "\" alt=\"\" width=\"40\" height=\"40\"> <strong>");
	html_text(b, shown_name(&s->account));
	buf_puts(b, "</strong> <span class=\"acct\">@");
	html_text(b, s->account.acct);
	buf_puts(b, "</span></a>\n    <a class=\"permalink\" href=\"");
	html_text(b, path);
	buf_puts(b, "\"><time datetime=\"");
	html_text(b, s->created_at);
	buf_puts(b, "\">");
	snprintf(when, sizeof(when), "%.10s %.5s", s->created_at,
	    strlen(s->created_at) > 11 ? s->created_at + 11 : "");
	html_text(b, when);
	buf_puts(b, "</time></a>\n    ");
	if (strcmp(s->visibility, "public") != 0) {
		buf_puts(b, "<span class=\"visibility\">");
		html_text(b, s->visibility);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "\n  </header>\n");
	buf_free(&author);
}

/* The content, behind its warning when it has one. */
static void
article_content(struct buf *b, const struct status *s)
{
	if (*s->spoiler_text) {
		buf_puts(b, "\n  <details>\n    <summary>");
		html_text(b, s->spoiler_text);
		buf_puts(b, "</summary>\n    <div class=\"content\">");
		buf_puts(b, s->content);
		buf_puts(b, "</div>\n  </details>\n");
	} else {
		buf_puts(b, "\n  <div class=\"content\">");
		buf_puts(b, s->content);
		buf_puts(b, "</div>\n");
	}
	buf_puts(b, "\n");
}

void
web_status_shared(struct buf *b, const struct status *s)
{
	struct buf path = BUF_INIT;

	if (s->reblog_of_id) {
		buf_putc(b, SHARED_BOOST);
		buf_putc(b, '\n');
		boosted_by_line(b, s);
		return;
	}
	status_path(&path, s);
	buf_putc(b, SHARED_STATUS);
	buf_puts(b, buf_cstr(&path));
	buf_putc(b, '\t');
	put_int(b, s->favourites_count);
	buf_putc(b, '\t');
	put_int(b, s->reblogs_count);
	buf_putc(b, '\n');
	article_header(b, s, buf_cstr(&path));
	article_content(b, s);
	buf_puts(b, "  <footer>\n    <a href=\"");
	html_text(b, buf_cstr(&path));
	if (s->replies_count == 1)
		buf_puts(b, "\">1 reply</a>\n");
	else {
		buf_puts(b, "\">");
		put_int(b, s->replies_count);
		buf_puts(b, " replies</a>\n");
	}
	buf_free(&path);
}

/* The parts of a status's shared text; 0, or -1 when it is not one. */
struct shared_status {
	char		 path[256];
	long long	 favourites, boosts;
	const char	*middle;
	size_t		 middlelen;
};

static int
parse_shared_status(const char *text, size_t len, struct shared_status *out)
{
	const char *nl, *tab;
	size_t plen;
	char *end;

	if (len < 2 || text[0] != SHARED_STATUS ||
	    (nl = memchr(text, '\n', len)) == NULL ||
	    (tab = memchr(text, '\t', (size_t)(nl - text))) == NULL)
		return -1;
	plen = (size_t)(tab - text - 1);
	if (plen == 0 || plen >= sizeof(out->path))
		return -1;
	memcpy(out->path, text + 1, plen);
	out->path[plen] = '\0';
	out->favourites = strtoll(tab + 1, &end, 10);
	if (*end != '\t')
		return -1;
	out->boosts = strtoll(end + 1, &end, 10);
	if (end != nl)
		return -1;
	out->middle = nl + 1;
	out->middlelen = len - (size_t)(nl + 1 - text);
	return 0;
}

int
web_status_shared_valid(const char *text, size_t len)
{
	struct shared_status st;

	if (len >= 2 && text[0] == SHARED_BOOST && text[1] == '\n')
		return 1;
	return parse_shared_status(text, len, &st) == 0;
}

static char *
escaped(const char *s)
{
	struct buf b = BUF_INIT;

	html_text(&b, s);
	return buf_detach(&b);
}

void
web_article_context(struct request *req, struct article_context *c)
{
	struct buf b = BUF_INIT;

	memset(c, 0, sizeof(*c));
	if (req->viewer == NULL)
		return;
	c->signed_in = 1;
	c->viewer = req->viewer->account_id;
	if (csrf_token(req, c->csrf) == -1)
		c->csrf[0] = '\0';
	web_return_to(req, &b);
	c->return_to = escaped(buf_cstr(&b));
	buf_free(&b);
}

void
web_article_context_free(struct article_context *c)
{
	free(c->return_to);
	c->return_to = NULL;
}

/* One button: a small form that posts back with the token. */
static void
action_form(struct buf *b, const struct article_context *c, const char *path,
    const char *action, int pressed, const char *label)
{
	buf_puts(b, "\n    <form class=\"inline action\" method=\"post\" "
	    "action=\"");
	html_text(b, path);
	buf_putc(b, '/');
	buf_puts(b, action);
	buf_puts(b, "\">\n      <input type=\"hidden\" "
	    "name=\"authenticity_token\" value=\"");
	buf_puts(b, c->csrf);	/* hexadecimal */
	buf_puts(b, "\">\n      <input type=\"hidden\" name=\"return_to\" "
	    "value=\"");
	buf_puts(b, c->return_to);	/* escaped once for the page */
	buf_puts(b, "\">\n      <button type=\"submit\" class=\"link ");
	buf_puts(b, action);
	buf_puts(b, "\" aria-pressed=\"");
	buf_puts(b, pressed ? "true" : "false");
	buf_puts(b, "\">");
	buf_puts(b, label);
	buf_puts(b, "</button>\n    </form>\n");
}

/*
 * Mastodon's reblog?: not direct, and not someone else's followers-only
 * post.
 */
static int
can_boost(const struct article_context *c, const struct status *s)
{
	return !strcmp(s->visibility, "public") ||
	    !strcmp(s->visibility, "unlisted") ||
	    (!strcmp(s->visibility, "private") && s->account.id == c->viewer);
}

/* The buttons (signed in) or the counts (signed out), and the end. */
static void
article_footer(struct buf *b, const struct article_context *c,
    const struct status *s, const struct shared_status *st)
{
	int boostable;

	if (!c->signed_in) {
		buf_puts(b, "    <span class=\"favourites-count\">");
		put_int(b, st->favourites);
		buf_puts(b, " favourites</span>\n    <span "
		    "class=\"reblogs-count\">");
		put_int(b, st->boosts);
		buf_puts(b, " boosts</span>\n\n\n  </footer>\n</article>\n");
		return;
	}
	boostable = can_boost(c, s);
	buf_puts(b, "    <a class=\"reply\" href=\"");
	html_text(b, st->path);
	buf_puts(b, "#reply\">Reply</a>\n");
	if (s->favourited)
		action_form(b, c, st->path, "unfavourite", 1, "Unfavourite");
	else
		action_form(b, c, st->path, "favourite", 0, "Favourite");
	buf_puts(b, "\n    <span class=\"favourites-count\" "
	    "title=\"favourites\">");
	put_int(b, st->favourites);
	buf_puts(b, "</span>\n");
	if (s->reblogged)
		action_form(b, c, st->path, "unreblog", 1, "Unboost");
	else if (boostable)
		action_form(b, c, st->path, "reblog", 0, "Boost");
	buf_puts(b, "\n    <span class=\"reblogs-count\" title=\"boosts\">");
	put_int(b, st->boosts);
	buf_puts(b, !s->reblogged && !boostable ? " boosts</span>\n" :
	    "</span>\n");
	if (s->bookmarked)
		action_form(b, c, st->path, "unbookmark", 1, "Remove bookmark");
	else
		action_form(b, c, st->path, "bookmark", 0, "Bookmark");
	buf_puts(b, "\n\n");
	if (s->account.id == c->viewer) {
		buf_puts(b, "    <a href=\"");
		html_text(b, st->path);
		buf_puts(b, "/delete\">Delete</a>\n");
	}
	buf_puts(b, "\n  </footer>\n</article>\n");
}

void
web_status_article(struct buf *b, const struct article_context *c,
    const struct status *marks, const char *top, size_t toplen,
    const char *boosted, size_t boostedlen, int highlight)
{
	const struct status *shown = marks->reblog ? marks->reblog : marks;
	struct shared_status st;
	const char *line = NULL;
	size_t linelen = 0;

	if (marks->reblog != NULL) {
		if (toplen < 2 || top[0] != SHARED_BOOST)
			return;
		line = top + 2;
		linelen = toplen - 2;
		top = boosted;
		toplen = boostedlen;
	}
	if (top == NULL || parse_shared_status(top, toplen, &st) == -1)
		return;
	buf_puts(b, highlight ? "\n<article class=\"status focus\" "
	    "id=\"status-" : "\n<article class=\"status\" id=\"status-");
	put_int(b, shown->id);
	buf_puts(b, "\">\n");
	buf_add(b, line, linelen);
	buf_putc(b, '\n');
	buf_add(b, st.middle, st.middlelen);
	article_footer(b, c, shown, &st);
}

void
web_status_article_of(struct buf *b, const struct article_context *c,
    const struct status *s, int highlight)
{
	struct buf top = BUF_INIT, boosted = BUF_INIT;

	web_status_shared(&top, s);
	if (s->reblog != NULL)
		web_status_shared(&boosted, s->reblog);
	web_status_article(b, c, s, top.data, top.len, boosted.data,
	    boosted.len, highlight);
	buf_free(&top);
	buf_free(&boosted);
}

/* The shared texts of articles, for the status cache. */
static void
render_shared(const struct config *cf, struct status *s, struct buf *b)
{
	(void)cf;
	web_status_shared(b, s);
}

/* Bump the prefix when the text's layout changes. */
static const struct status_format article_format = {
	"article:1", render_shared, web_status_shared_valid
};

int
web_status_page_html(struct request *req, struct buf *b,
    const struct id_list *ids)
{
	struct article_context c;
	struct status_texts t;
	size_t i;

	if (status_texts_load(req, ids, &article_format, &t) == -1)
		return -1;
	web_article_context(req, &c);
	for (i = 0; i < t.statuses.n; i++)
		if (t.text[i] != NULL)
			web_status_article(b, &c, &t.statuses.items[i],
			    t.text[i], t.len[i], t.boosted[i],
			    t.boosted_len[i], 0);
	web_article_context_free(&c);
	status_texts_free(&t);
	return 0;
}

int
web_thread_html(struct request *req, const struct id_list *ancestors,
    const struct id_list *descendants, struct buf *up, struct buf *down)
{
	struct article_context c;
	struct status_texts t;
	struct id_list all;
	size_t i, k = 0;

	all.n = ancestors->n + descendants->n;
	all.ids = xcalloc(all.n ? all.n : 1, sizeof(int64_t));
	if (ancestors->n > 0)
		memcpy(all.ids, ancestors->ids, ancestors->n * sizeof(int64_t));
	if (descendants->n > 0)
		memcpy(all.ids + ancestors->n, descendants->ids,
		    descendants->n * sizeof(int64_t));
	if (status_texts_load(req, &all, &article_format, &t) == -1) {
		free(all.ids);
		return -1;
	}
	web_article_context(req, &c);
	/* The loaded statuses are the ids in order, less any that went. */
	for (i = 0; i < all.n && k < t.statuses.n; i++) {
		if (t.statuses.items[k].id != all.ids[i])
			continue;
		if (t.text[k] != NULL)
			web_status_article(i < ancestors->n ? up : down, &c,
			    &t.statuses.items[k], t.text[k], t.len[k],
			    t.boosted[k], t.boosted_len[k], 0);
		k++;
	}
	web_article_context_free(&c);
	status_texts_free(&t);
	free(all.ids);
	return 0;
}

void
web_statuses_html(struct request *req, struct buf *b,
    const struct status_list *l)
{
	struct article_context c;
	size_t i;

	web_article_context(req, &c);
	for (i = 0; i < l->n; i++)
		web_status_article_of(b, &c, &l->items[i], 0);
	web_article_context_free(&c);
}

void
web_status_html(struct request *req, struct buf *b, const struct status *s,
    int highlight)
{
	struct article_context c;

	web_article_context(req, &c);
	web_status_article_of(b, &c, s, highlight);
	web_article_context_free(&c);
}
