/*
 * template: ClearSilver behind the view interface. Escaping is switched on
 * (Config.VarEscapeMode = html) before the parser exists, so every var: in
 * every template is escaped; the page is rendered into a buffer and sent
 * with a Content-Length by the response code.
 *
 * Parsing a template costs more than rendering it, so each worker parses
 * a template once, against a small HDF of its own that holds only the
 * engine settings, and renders every request's data through that parse
 * tree by pointing it at the request's HDF for the length of the render.
 * A reload (SIGHUP) starts new workers, which read the templates afresh.
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

#define MAX_TEMPLATES 64

struct parsed_template {
	char	*name;
	CSPARSE	*cs;
};

static char *template_dir;
static HDF *engine_hdf;		/* the settings every parse tree is made with */
static struct parsed_template parsed[MAX_TEMPLATES];
static int nparsed;

static void
forget_templates(void)
{
	int i;

	for (i = 0; i < nparsed; i++) {
		parsed[i].cs->hdf = engine_hdf;
		cs_destroy(&parsed[i].cs);
		free(parsed[i].name);
	}
	nparsed = 0;
	if (engine_hdf != NULL)
		hdf_destroy(&engine_hdf);
}

void
view_set_template_dir(const char *dir)
{
	forget_templates();
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

/* The engine settings, set before any parse tree exists. */
static NEOERR *
engine_settings(HDF **hdf)
{
	NEOERR *err;

	if ((err = hdf_init(hdf)) != STATUS_OK)
		return err;
	if ((err = hdf_set_value(*hdf, "Config.VarEscapeMode", "html")) !=
	    STATUS_OK)
		return err;
	return hdf_set_value(*hdf, "hdf.loadpaths.0",
	    template_dir ? template_dir : ".");
}

/* The parse tree of a template, parsed on first use. */
static NEOERR *
template_get(const char *name, CSPARSE **out)
{
	CSPARSE *cs = NULL;
	NEOERR *err;
	int i;

	for (i = 0; i < nparsed; i++)
		if (!strcmp(parsed[i].name, name)) {
			*out = parsed[i].cs;
			return STATUS_OK;
		}
	if (engine_hdf == NULL && (err = engine_settings(&engine_hdf)) !=
	    STATUS_OK)
		return err;
	if ((err = cs_init(&cs, engine_hdf)) != STATUS_OK)
		return err;
	if ((err = cgi_register_strfuncs(cs)) != STATUS_OK ||
	    (err = cs_parse_file(cs, name)) != STATUS_OK) {
		cs_destroy(&cs);
		return err;
	}
	if (nparsed < MAX_TEMPLATES) {
		parsed[nparsed].name = xstrdup(name);
		parsed[nparsed].cs = cs;
		nparsed++;
	} else
		fatalx("more than %d templates", MAX_TEMPLATES);
	*out = cs;
	return STATUS_OK;
}

int
view_render(struct view *v, const char *name)
{
	struct request *req = v->req;
	CSPARSE *cs = NULL;
	NEOERR *err;
	struct buf out = BUF_INIT;

	if ((err = template_get(name, &cs)) != STATUS_OK)
		goto fail;
	/* Lend the tree the request's data for this one render. */
	cs->hdf = v->hdf;
	err = cs_render(cs, &out, render_out);
	cs->hdf = engine_hdf;
	if (err != STATUS_OK)
		goto fail;
	view_free(v);
	if (req->resp.status == 0)
		req->resp.status = 200;
	req->resp.content_type = "text/html; charset=utf-8";
	buf_free(&req->resp.body);
	req->resp.body = out;
	return 0;
fail:
	log_neoerr(name, err);
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
