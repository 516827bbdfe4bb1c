/*
 * fetcher: the process's remote_fetcher (see fetcher.h).
 */
#include "config.h"
#include "fetcher.h"
#include "log.h"
#include "remote_account.h"
#include "remote_status.h"
#include "request.h"

static struct remote_fetcher fetcher;
static int fetcher_ready;
/* One request resolves one post at most. */
static int64_t thread_pending;

static struct remote_fetcher *
fetcher_of(struct app *app)
{
	char err[REMOTE_ERROR_MAX];

	if (!fetcher_ready) {
		if (remote_fetcher_init(&fetcher, app->db, app->cf, err,
		    sizeof(err)) == -1) {
			log_warnx("fetcher: %s", err);
			return NULL;
		}
		fetcher_ready = 1;
	}
	return &fetcher;
}

struct remote_fetcher *
app_fetcher(struct request *req)
{
	return fetcher_of(req->app);
}

void
app_fetch_thread_later(struct request *req, int64_t status_id)
{
	(void)req;
	thread_pending = status_id;
}

void
app_fetch_threads(struct app *app)
{
	struct remote_fetcher *f;
	char err[REMOTE_ERROR_MAX];
	int64_t id = thread_pending;

	thread_pending = 0;
	if (id == 0 || (f = fetcher_of(app)) == NULL)
		return;
	if (remote_status_fetch_ancestors(app->db, app->cf, f, id,
	    REMOTE_ANCESTORS_MAX, err, sizeof(err)) == -1)
		log_info("the thread above status %lld stays incomplete: %s",
		    (long long)id, err);
}
