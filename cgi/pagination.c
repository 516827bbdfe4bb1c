/*
 * pagination: cursors in, neighbouring-page links out. The links keep
 * every other query parameter (local=true, limit, ...) of the request.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "pagination.h"
#include "request.h"
#include "view.h"

int
page_from_request(struct request *req, struct page *pg, int default_limit,
    int max_limit)
{
	long long limit = default_limit;

	memset(pg, 0, sizeof(*pg));
	if (req_id(req, "max_id", &pg->max_id) == -1 ||
	    req_id(req, "since_id", &pg->since_id) == -1 ||
	    req_id(req, "min_id", &pg->min_id) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	/* Mastodon clamps an oversized limit rather than refusing it. */
	if (req_int(req, "limit", INT32_MIN, INT32_MAX, &limit) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	if (limit < 1) {
		resp_error(req, 400, "limit must be at least 1");
		return -1;
	}
	pg->limit = limit > max_limit ? max_limit : (int)limit;
	return 0;
}

/* path?other=params&cursor=value (absolute when base is given). */
static void
page_url(struct request *req, struct buf *b, const char *base,
    const char *cursor, int64_t value)
{
	size_t i;
	const struct param *p;
	char sep = '?';

	if (base != NULL)
		buf_puts(b, base);
	buf_url_path(b, req->path);
	for (i = 0; i < req->query_params.n; i++) {
		p = &req->query_params.v[i];
		if (!strcmp(p->name, "max_id") || !strcmp(p->name, "min_id") ||
		    !strcmp(p->name, "since_id") || !strcmp(p->name, "offset"))
			continue;
		buf_putc(b, sep);
		buf_url_arg(b, p->name);
		buf_putc(b, '=');
		buf_url_arg(b, p->value);
		sep = '&';
	}
	buf_printf(b, "%c%s=%" PRId64, sep, cursor, value);
}

/*
 * The cursors of the pages next to this one. "Older" exists only after a
 * full page, as in Mastodon, so following it always ends. "Newer" exists
 * even for an empty page: derived from the bounds that were asked for, it
 * lets a client polling with min_id keep polling.
 */
static void
neighbours(const struct page *pg, const struct id_list *ids, int64_t *older,
    int64_t *newer)
{
	int64_t lower = pg->since_id > pg->min_id ? pg->since_id : pg->min_id;

	*older = 0;
	if (ids->n > 0) {
		if (ids->n >= (size_t)pg->limit)
			*older = ids->ids[ids->n - 1];
		*newer = ids->ids[0];
		return;
	}
	if (pg->max_id > 0)
		*newer = pg->max_id - 1;
	else
		*newer = lower;
}

void
page_link_header(struct request *req, const struct page *pg,
    const struct id_list *ids)
{
	struct buf b = BUF_INIT;
	int64_t older, newer;

	neighbours(pg, ids, &older, &newer);
	if (older > 0) {
		buf_putc(&b, '<');
		page_url(req, &b, req->app->cf->base_url, "max_id", older);
		buf_puts(&b, ">; rel=\"next\", ");
	}
	buf_putc(&b, '<');
	page_url(req, &b, req->app->cf->base_url, "min_id", newer);
	buf_puts(&b, ">; rel=\"prev\"");
	resp_header(req, "Link", "%s", buf_cstr(&b));
	buf_free(&b);
}

void
page_view_links(struct request *req, struct view *v, const struct page *pg,
    const struct id_list *ids)
{
	struct buf b = BUF_INIT;
	int64_t older, newer;

	neighbours(pg, ids, &older, &newer);
	if (older > 0) {
		page_url(req, &b, NULL, "max_id", older);
		view_set(v, "pagination.older", buf_cstr(&b));
		buf_reset(&b);
	}
	/* Newer whenever we are not at the top. */
	if (pg->max_id > 0 || pg->min_id > 0 || pg->since_id > 0) {
		page_url(req, &b, NULL, "min_id", newer);
		view_set(v, "pagination.newer", buf_cstr(&b));
	}
	buf_free(&b);
}

int
page_offset_from_request(struct request *req, int default_limit,
    int max_limit, int offset_max, int *limit, int *offset)
{
	long long l = default_limit, o = 0;

	if (req_int(req, "limit", INT32_MIN, INT32_MAX, &l) == -1 ||
	    req_int(req, "offset", INT32_MIN, INT32_MAX, &o) == -1) {
		resp_error(req, 400, req->error);
		return -1;
	}
	if (l < 0 || o < 0) {
		resp_error(req, 400, "Pagination values for `offset` and "
		    "`limit` must be positive");
		return -1;
	}
	*limit = l > max_limit ? max_limit : (int)l;
	*offset = o > offset_max ? offset_max : (int)o;
	return 0;
}

void
page_offset_link_header(struct request *req, int limit, int offset,
    size_t n)
{
	struct buf b = BUF_INIT;
	const char *base = req->app->cf->base_url;

	if (limit > 0 && n >= (size_t)limit) {
		buf_putc(&b, '<');
		page_url(req, &b, base, "offset", (int64_t)offset + limit);
		buf_puts(&b, ">; rel=\"next\"");
	}
	if (offset > 0) {
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_putc(&b, '<');
		page_url(req, &b, base, "offset",
		    offset > limit ? offset - limit : 0);
		buf_puts(&b, ">; rel=\"prev\"");
	}
	if (b.len > 0)
		resp_header(req, "Link", "%s", buf_cstr(&b));
	buf_free(&b);
}
