/*
 * fetcher: the process's remote_fetcher (see fetcher.h).
 */
#include "fetcher.h"
#include "log.h"
#include "remote_account.h"
#include "request.h"

static struct remote_fetcher fetcher;
static int fetcher_ready;

struct remote_fetcher *
app_fetcher(struct request *req)
{
	char err[REMOTE_ERROR_MAX];

	if (!fetcher_ready) {
		if (remote_fetcher_init(&fetcher, req->app->db, req->app->cf,
		    err, sizeof(err)) == -1) {
			log_warnx("fetcher: %s", err);
			return NULL;
		}
		fetcher_ready = 1;
	}
	return &fetcher;
}
