/*
 * request_body_test: req_read_body keeps the body byte for byte, however
 * libfcgi hands it over (in pieces, with NUL bytes and CR LF), whatever
 * its type, and refuses what is too large or cut short without keeping
 * anything. The real request.c runs over a stream made here; only the
 * error page (response.c, which needs the templates) is replaced.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "request.h"
#include "tap.h"

static int error_status;

/* response.c's, reduced to what the test looks at. */
void
resp_error(struct request *req, int status, const char *msg)
{
	(void)msg;
	req->resp.status = status;
	error_status = status;
}

/* The body, handed to libfcgi's reader `chunk` bytes at a time. */
struct feed {
	const unsigned char	*data;
	size_t			 len, pos, chunk;
};

static void
feed_fill(FCGX_Stream *s)
{
	struct feed *f = s->data;
	size_t n = f->len - f->pos;

	if (n == 0) {
		s->isClosed = 1;
		return;
	}
	if (n > f->chunk)
		n = f->chunk;
	s->rdNext = (unsigned char *)f->data + f->pos;
	s->stop = s->rdNext + n;
	f->pos += n;
}

struct harness {
	struct config	 cf;
	struct app	 app;
	FCGX_Request	 fcgi;
	FCGX_Stream	 in;
	struct feed	 feed;
	char		*env[4];
	char		 env_type[128], env_length[64];
	struct request	 req;
};

/* A POST of body (len bytes, announced as announced) of this type. */
static void
harness_init(struct harness *h, const char *type, const void *body,
    size_t len, size_t announced, size_t chunk)
{
	memset(h, 0, sizeof(*h));
	h->cf.max_form_size = 64;
	h->cf.max_upload_size = 256;
	h->app.cf = &h->cf;
	h->feed.data = body;
	h->feed.len = len;
	h->feed.chunk = chunk;
	h->in.isReader = 1;
	h->in.fillBuffProc = feed_fill;
	h->in.data = &h->feed;
	snprintf(h->env_type, sizeof(h->env_type), "CONTENT_TYPE=%s", type);
	snprintf(h->env_length, sizeof(h->env_length), "CONTENT_LENGTH=%zu",
	    announced);
	h->env[0] = h->env_type;
	h->env[1] = h->env_length;
	h->env[2] = NULL;
	h->fcgi.in = &h->in;
	h->fcgi.envp = h->env;
	h->req.app = &h->app;
	h->req.fcgi = &h->fcgi;
	h->req.method = "POST";
	error_status = 0;
}

static void
harness_free(struct harness *h)
{
	params_free(&h->req.body_params);
	if (h->req.json != NULL)
		json_object_put(h->req.json);
	free(h->req.body);
}

/* The body is kept exactly: every byte, its length, a NUL after it. */
static void
kept_exactly(const char *type, const void *body, size_t len, size_t chunk,
    const char *what)
{
	struct harness h;
	int rc;

	harness_init(&h, type, body, len, len, chunk);
	rc = req_read_body(&h.req);
	ok(rc == 0 && error_status == 0, "%s: read", what);
	ok(h.req.body != NULL && h.req.body_len == len &&
	    memcmp(h.req.body, body, len) == 0 && h.req.body[len] == '\0',
	    "%s: kept byte for byte (%zu bytes)", what, len);
	harness_free(&h);
}

/* The body is refused with status, and nothing of it is kept. */
static void
refused(const char *type, const void *body, size_t len, size_t announced,
    int status, const char *what)
{
	struct harness h;
	int rc;

	harness_init(&h, type, body, len, announced, 7);
	rc = req_read_body(&h.req);
	ok(rc == -1 && error_status == status, "%s: refused with %d", what,
	    status);
	ok(h.req.body == NULL && h.req.body_len == 0, "%s: nothing kept",
	    what);
	harness_free(&h);
}

int
main(void)
{
	static const char activity[] =
	    "{\"type\":\"Create\",  \"id\" : \"https://a.example/1\"}\r\n";
	static const char form[] = "a=1&b=%41+c";
	static const char binary[] = "x\0y\r\n\0z";
	static const char multipart[] =
	    "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
	    "1\r\n--B--\r\n";
	char big[300];
	struct harness h;

	/* JSON, in pieces of every size: the spacing and CR LF stay. */
	kept_exactly("application/activity+json", activity,
	    sizeof(activity) - 1, 1, "activity JSON one byte at a time");
	kept_exactly("application/activity+json", activity,
	    sizeof(activity) - 1, 5, "activity JSON in 5-byte pieces");
	kept_exactly("application/ld+json; profile=\"https://www.w3.org/ns/"
	    "activitystreams\"", activity, sizeof(activity) - 1, 4096,
	    "ld+json in one piece");
	harness_init(&h, "application/activity+json", activity,
	    sizeof(activity) - 1, sizeof(activity) - 1, 3);
	ok(req_read_body(&h.req) == 0 && h.req.json != NULL,
	    "the kept JSON body is parsed as well");
	harness_free(&h);

	/* A form is parsed, and the raw text is still the encoded one. */
	harness_init(&h, "application/x-www-form-urlencoded", form,
	    sizeof(form) - 1, sizeof(form) - 1, 2);
	ok(req_read_body(&h.req) == 0 && h.req.body_params.n == 2 &&
	    strcmp(h.req.body, form) == 0,
	    "a form: parsed, and its raw text kept undecoded");
	harness_free(&h);
	kept_exactly("application/octet-stream", binary, sizeof(binary) - 1, 3,
	    "NUL bytes and CR LF of an unknown type");
	harness_init(&h, "multipart/form-data; boundary=B", multipart,
	    sizeof(multipart) - 1, sizeof(multipart) - 1, 9);
	ok(req_read_body(&h.req) == 0 && h.req.body_params.n == 1 &&
	    h.req.body == NULL && h.req.body_len == 0,
	    "multipart: parsed, and the raw upload not kept twice");
	harness_free(&h);

	/* The limits: max_form_size (64), max_upload_size for multipart. */
	memset(big, 'a', sizeof(big));
	kept_exactly("application/json", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", 64, 10,
	    "a body of exactly max_form_size");
	refused("application/activity+json", big, 65, 65, 413,
	    "one byte over max_form_size");
	refused("multipart/form-data; boundary=B", big, sizeof(big),
	    sizeof(big), 413, "multipart over max_upload_size");
	refused("application/activity+json", activity, 10,
	    sizeof(activity) - 1, 400, "a body shorter than its length");
	harness_init(&h, "application/activity+json", "{\"a\":", 5, 5, 2);
	ok(req_read_body(&h.req) == -1 && error_status == 400 &&
	    h.req.json == NULL, "JSON that does not parse: 400");
	harness_free(&h);

	/* No body: nothing kept, no error. */
	harness_init(&h, "application/json", "", 0, 0, 1);
	ok(req_read_body(&h.req) == 0 && h.req.body == NULL &&
	    error_status == 0, "an empty body keeps nothing");
	harness_free(&h);
	return done_testing();
}
