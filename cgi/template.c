/*
 * template: ClearSilver behind the view interface. Escaping is switched on
 * (Config.VarEscapeMode = html) before the parser exists, so every var: in
 * every template is escaped; the page is rendered into a buffer and sent
 * with a Content-Length by the response code.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#include "buf.h"
#include "log.h"
#include "view.h"
#include "web_shared.h"

struct view {
	struct request	*req;
	HDF		*hdf;
};

static char *template_dir;

void
view_set_template_dir(const char *dir)
{
	free(template_dir);
	template_dir = dir ? xstrdup(dir) : NULL;
}

static void
log_neoerr(const char *what, NEOERR *err)
{
	STRING s;

	string_init(&s);
	nerr_error_string(err, &s);
	log_warnx("%s: %s", what, s.buf ? s.buf : "unknown error");
	string_clear(&s);
	nerr_ignore(&err);
}

struct view *
view_new(struct request *req)
{
	struct view *v = xcalloc(1, sizeof(*v));
	NEOERR *err;

	v->req = req;
	if ((err = hdf_init(&v->hdf)) != STATUS_OK)
		fatalx("hdf_init failed");
	/* Must precede cs_init: it decides how var: escapes. */
	view_set(v, "Config.VarEscapeMode", "html");
	view_set(v, "hdf.loadpaths.0", template_dir ? template_dir : ".");
	web_fill_common(req, v);
	return v;
}

void
view_set(struct view *v, const char *name, const char *value)
{
	NEOERR *err = hdf_set_value(v->hdf, name, value ? value : "");

	if (err != STATUS_OK)
		log_neoerr("hdf_set_value", err);
}

void
view_set_int(struct view *v, const char *name, long long n)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", n);
	view_set(v, name, num);
}

void
view_set_at(struct view *v, const char *value, const char *namefmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, namefmt);
	vsnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);
	view_set(v, name, value);
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	hdf_destroy(&v->hdf);
	free(v);
}

static NEOERR *
render_out(void *ctx, char *s)
{
	buf_puts(ctx, s);
	return STATUS_OK;
}

int
view_render(struct view *v, const char *name)
{
	struct request *req = v->req;
	CSPARSE *cs = NULL;
	NEOERR *err;
	struct buf out = BUF_INIT;
	char path[1024];

	snprintf(path, sizeof(path), "%s", name);
	if ((err = cs_init(&cs, v->hdf)) != STATUS_OK)
		goto fail;
	if ((err = cgi_register_strfuncs(cs)) != STATUS_OK)
		goto fail;
	if ((err = cs_parse_file(cs, path)) != STATUS_OK)
		goto fail;
	if ((err = cs_render(cs, &out, render_out)) != STATUS_OK)
		goto fail;
	cs_destroy(&cs);
	view_free(v);
	if (req->resp.status == 0)
		req->resp.status = 200;
	req->resp.content_type = "text/html; charset=utf-8";
	buf_free(&req->resp.body);
	req->resp.body = out;
	return 0;
fail:
	log_neoerr(name, err);
	if (cs != NULL)
		cs_destroy(&cs);
	view_free(v);
	buf_free(&out);
	req->resp.status = 500;
	req->resp.content_type = "text/plain; charset=utf-8";
	buf_reset(&req->resp.body);
	buf_puts(&req->resp.body, "Internal server error: a page template "
	    "failed. The error is in the server log.\n");
	return -1;
}

void
view_error_page(struct request *req, int status, const char *msg)
{
	struct view *v = view_new(req);

	req->resp.status = status;
	view_set_int(v, "error.status", status);
	view_set(v, "error.title", http_status_text(status));
	view_set(v, "error.message", msg);
	view_render(v, "error.cs");
}
