/*
 * worker: turns one FastCGI request into a struct request, dispatches it,
 * sends the response and logs one line. Everything allocated for the
 * request is released here, so the next request starts clean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "bearer.h"
#include "content_changes.h"
#include "crypto.h"
#include "db.h"
#include "fetcher.h"
#include "home_feed.h"
#include "log.h"
#include "page_cache.h"
#include "request.h"
#include "router.h"
#include "session.h"
#include "worker.h"

/*
 * The instance secret keys CSRF tokens. It lives in the database so every
 * worker (and every host of a scaled-out install) agrees on it; the first
 * worker to need it creates it.
 */
static char *
load_secret(struct db *db)
{
	static const char *insert_sql =
	    "INSERT INTO instance_settings (key, value) "
	    "VALUES ('secret_key_base', $1) ON CONFLICT (key) DO NOTHING";
	static const char *select_sql =
	    "SELECT value FROM instance_settings WHERE key = 'secret_key_base'";
	struct db_params p;
	PGresult *res;
	char fresh[129], *secret = NULL;

	random_hex(fresh, 64);
	db_params_init(&p);
	dbp_str(&p, fresh);
	if (db_exec(db, insert_sql, &p) == -1)
		return NULL;
	if ((res = db_run(db, select_sql, NULL)) == NULL)
		return NULL;
	if (PQntuples(res) == 1)
		secret = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return secret;
}

static double
elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1000.0 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static void
request_free(struct request *req)
{
	params_free(&req->route_params);
	params_free(&req->query_params);
	params_free(&req->body_params);
	if (req->json != NULL)
		json_object_put(req->json);
	free(req->body);
	session_viewer_free(req->viewer);
	bearer_token_free(req->token);
	free(req->bearer);
	free(req->csrf_cookie);
	free(req->csrf_bound);
	free(req->path);
	buf_free(&req->resp.headers);
	buf_free(&req->resp.body);
}

void
worker_handle(struct app *app, FCGX_Request *fcgi)
{
	struct request req;
	const char *uri, *q;
	size_t pathlen;

	memset(&req, 0, sizeof(req));
	clock_gettime(CLOCK_MONOTONIC, &req.started);
	req.app = app;
	req.fcgi = fcgi;
	req.method = FCGX_GetParam("REQUEST_METHOD", fcgi->envp);
	if (req.method == NULL)
		req.method = "GET";
	req.remote_addr = FCGX_GetParam("REMOTE_ADDR", fcgi->envp);
	if (req.remote_addr == NULL)
		req.remote_addr = "";
	/* REQUEST_URI is the raw path; nginx's DOCUMENT_URI may be rewritten. */
	uri = FCGX_GetParam("REQUEST_URI", fcgi->envp);
	if (uri == NULL)
		uri = "/";
	q = strchr(uri, '?');
	pathlen = q ? (size_t)(q - uri) : strlen(uri);
	req.path = xstrndup(uri, pathlen);
	pathlen = url_decode(req.path, pathlen, 0);
	req.query = q ? q + 1 : "";

	if (app->secret == NULL)
		app->secret = load_secret(app->db);

	if (strlen(req.path) != pathlen) {
		req.family = FAMILY_WEB;
		resp_error(&req, 400, "The path contains a NUL byte");
	} else if (params_parse_urlencoded(&req.query_params, req.query,
	    strlen(req.query)) == -1) {
		resp_error(&req, 413, "Too many query parameters");
	} else
		router_dispatch(&req);
	/* Before the answer: the client's next page must see its change. */
	page_cache_publish_changes(&req);
	resp_send(&req);

	if (app->cf->log_requests) {
		char shown[512];
		size_t i;

		/* Control characters from the path must not forge log lines. */
		snprintf(shown, sizeof(shown), "%s", req.path);
		for (i = 0; shown[i]; i++)
			if ((unsigned char)shown[i] < 0x20 || shown[i] == 0x7f)
				shown[i] = '?';
		log_info("%s %s %d %.1fms", req.method, shown,
		    req.resp.status, elapsed_ms(&req.started));
	}
	request_free(&req);
}

/*
 * A worker's statements are planned once each (db_prefer_generic_plans),
 * and it hears, with any answer PostgreSQL sends it, that statuses were
 * queued for their followers' feeds (sql/0014: a post of an account with
 * many followers, by this worker's request or any other writer), and
 * what content its own writes changed (sql/0020), for the page cache.
 */
void
worker_start(struct app *app)
{
	(void)db_prefer_generic_plans(app->db);
	(void)db_listen(app->db, HOME_FEED_LISTEN);
	(void)content_changes_listen(app->db);
}

/*
 * Deliver what was queued once the poster has their answer, so the post
 * never waits for it. Every worker that heard does its share (each status
 * goes to one of them); a failure is left to the next drain or to
 * housekeeping. Then the thread above a post a search fetched.
 */
void
worker_after_response(struct app *app)
{
	if (db_notified(app->db) && home_feed_drain(app->db, 0) == -1)
		log_warnx("queued statuses not delivered to their followers' "
		    "feeds yet: the next drain will");
	app_fetch_threads(app);
}

void
worker_cleanup(struct app *app)
{
	free((char *)app->secret);
	app->secret = NULL;
}
