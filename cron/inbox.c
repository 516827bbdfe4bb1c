/*
 * woolly-inbox: run from cron every minute. Processes the activities the
 * inbox stored (lib/inbox.c), staying up about 55 seconds and woken by
 * NOTIFY woolly_inbox, so an activity is processed within a second of
 * its arrival; then exits, and the next run takes over. An advisory
 * lock (lib/job_loop) keeps a second copy on this host from starting.
 * With -1 it processes what is due once and exits, for tests and by
 * hand.
 */
#include <stdio.h>
#include <unistd.h>

#include "cache.h"
#include "config.h"
#include "content_changes.h"
#include "db.h"
#include "inbox.h"
#include "job_loop.h"
#include "log.h"
#include "remote_account.h"

#define RUN_SECONDS	55
#define BATCH		100
#define IDLE_WAKE_MS	5000	/* look for due retries this often */

struct run_state {
	struct inbox_context	*ctx;
	struct cache		*cache;
};

/* One batch: how many were processed, or -1. */
static int
step(void *arg)
{
	struct run_state *st = arg;
	long n;

	n = inbox_process_pending(st->ctx, BATCH);
	/* What the batch committed, even if it stopped half-way. */
	if (content_changes_publish(st->ctx->db, st->cache, NULL) == -1)
		log_info("memcached did not take the change");
	if (n == -1)
		return -1;
	return n > 0 ? (int)n : 0;
}

static int
run(struct inbox_context *ctx, struct cache *cache, int once)
{
	struct run_state st = { ctx, cache };
	struct job_loop loop;
	int rc, n;

	if ((rc = job_loop_start(&loop, ctx->db, "woolly-inbox",
	    "woolly_inbox", RUN_SECONDS)) != 1) {
		if (rc == 0)
			log_debug("another woolly-inbox holds the lock; done");
		return rc;
	}
	if (once) {
		while ((n = step(&st)) >= BATCH)
			;
		rc = n == -1 ? -1 : 0;
	} else
		rc = job_loop_run(&loop, step, &st, IDLE_WAKE_MS);
	job_loop_finish(&loop);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct config cf;
	struct db *db;
	struct cache *cache;
	struct remote_fetcher fetcher;
	struct inbox_context ctx;
	const char *path = config_default_path();
	char err[512];
	int ch, verbose = 0, once = 0, rc = 1;

	while ((ch = getopt(argc, argv, "1c:v")) != -1) {
		switch (ch) {
		case '1':
			once = 1;
			break;
		case 'c':
			path = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: woolly-inbox [-1v] "
			    "[-c woolly.conf]\n");
			return 2;
		}
	}
	log_init("woolly-inbox", verbose);
	if (config_load(&cf, path, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return 1;
	}
	if (log_open_file(cf.log_file) == -1)
		log_warn("cannot open %s, logging to stderr", cf.log_file);
	db = db_open(cf.database, 0, cf.database_connect_timeout);
	(void)content_changes_listen(db);
	cache = cache_open(cf.memcached);
	if (remote_fetcher_init(&fetcher, db, &cf, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto done;
	}
	ctx.db = db;
	ctx.cf = &cf;
	ctx.fetcher = &fetcher;
	rc = run(&ctx, cache, once) == -1 ? 1 : 0;
	remote_fetcher_free(&fetcher);
done:
	cache_close(cache);
	db_close(db);
	config_free(&cf);
	return rc;
}
