/*
 * response: building the reply in memory and sending it in one piece with
 * a Content-Length, so a handler that fails half-way can still turn its
 * reply into a clean error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "cors.h"
#include "log.h"
#include "request.h"
#include "view.h"

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void
resp_status(struct request *req, int status)
{
	req->resp.status = status;
}

void
resp_header(struct request *req, const char *name, const char *fmt, ...)
{
	va_list ap;
	size_t start;
	char *p;

	buf_printf(&req->resp.headers, "%s: ", name);
	start = req->resp.headers.len;
	va_start(ap, fmt);
	buf_vprintf(&req->resp.headers, fmt, ap);
	va_end(ap);
	/* A CR or LF from data must never start a new header. */
	for (p = req->resp.headers.data + start; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	buf_puts(&req->resp.headers, "\r\n");
}

void
resp_redirect(struct request *req, const char *location)
{
	req->resp.status = 303;
	resp_header(req, "Location", "%s", location);
	req->resp.content_type = "text/plain; charset=utf-8";
	buf_reset(&req->resp.body);
}

void
resp_json(struct request *req, int status, json_object *obj)
{
	size_t len;
	const char *s = json_object_to_json_string_length(obj,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);

	req->resp.status = status;
	req->resp.content_type = "application/json; charset=utf-8";
	buf_reset(&req->resp.body);
	buf_add(&req->resp.body, s, len);
	json_object_put(obj);
}

void
resp_error(struct request *req, int status, const char *msg)
{
	json_object *o;

	if (req_wants_json(req)) {
		o = json_object_new_object();
		json_object_object_add(o, "error", json_object_new_string(msg));
		resp_json(req, status, o);
		return;
	}
	view_error_page(req, status, msg);
}

const char *
resp_header_value(const struct response *r, const char *name, size_t *len)
{
	const char *line = r->headers.data, *end = line + r->headers.len, *eol;
	size_t n = strlen(name);

	if (r->headers.len == 0)
		return NULL;
	for (; line < end; line = eol + 2) {
		if ((eol = strstr(line, "\r\n")) == NULL)
			eol = end;
		if ((size_t)(eol - line) > n && !strncasecmp(line, name, n) &&
		    line[n] == ':') {
			line += n + 1;
			while (line < eol && *line == ' ')
				line++;
			*len = (size_t)(eol - line);
			return line;
		}
		if (eol == end)
			break;
	}
	return NULL;
}

static int
has_header(const struct response *r, const char *name)
{
	size_t len;

	return resp_header_value(r, name, &len) != NULL;
}

/* Mastodon's X-RateLimit-* headers (the reset as an ISO 8601 time). */
static void
rate_limit_headers(struct request *req)
{
	struct response *r = &req->resp;
	char reset[32];
	struct tm tm;

	gmtime_r(&r->rate_reset, &tm);
	strftime(reset, sizeof(reset), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	resp_header(req, "X-RateLimit-Limit", "%ld", r->rate_limit);
	resp_header(req, "X-RateLimit-Remaining", "%ld", r->rate_remaining);
	resp_header(req, "X-RateLimit-Reset", "%s", reset);
}

void
resp_send(struct request *req)
{
	struct response *r = &req->resp;
	char head[256];
	int n;

	if (r->sent)
		return;
	r->sent = 1;
	if (r->status == 0)
		r->status = 200;
	/*
	 * A page made for one signed-in person, or one that sets a cookie,
	 * must not be kept by a browser's back-forward cache on a shared
	 * computer or by any proxy on the way.
	 */
	if ((req->viewer != NULL || has_header(r, "Set-Cookie")) &&
	    !has_header(r, "Cache-Control"))
		resp_header(req, "Cache-Control", "private, no-store");
	if (r->rate_limit > 0)
		rate_limit_headers(req);
	if (r->cors)
		cors_headers(req);
	if (r->vary_accept)
		resp_header(req, "Vary", "Accept");
	n = snprintf(head, sizeof(head), "Status: %d %s\r\n", r->status,
	    http_status_text(r->status));
	FCGX_PutStr(head, n, req->fcgi->out);
	if (r->status != 204 && r->status != 304) {
		n = snprintf(head, sizeof(head), "Content-Type: %s\r\n"
		    "Content-Length: %zu\r\n", r->content_type ?
		    r->content_type : "text/plain; charset=utf-8", r->body.len);
		if (n < 0 || (size_t)n >= sizeof(head))
			n = snprintf(head, sizeof(head), "Content-Type: "
			    "application/octet-stream\r\nContent-Length: %zu\r\n",
			    r->body.len);
		FCGX_PutStr(head, n, req->fcgi->out);
	}
	if (r->headers.len > 0)
		FCGX_PutStr(r->headers.data, (int)r->headers.len,
		    req->fcgi->out);
	FCGX_PutStr("\r\n", 2, req->fcgi->out);
	if (!req->is_head && r->body.len > 0 && r->status != 204 &&
	    r->status != 304)
		FCGX_PutStr(r->body.data, (int)r->body.len, req->fcgi->out);
}
