/*
 * woolly-inbox: run from cron every minute. Processes the activities the
 * inbox stored (lib/inbox.c), staying up about 55 seconds and woken by
 * NOTIFY woolly_inbox, so an activity is processed within a second of
 * its arrival; then exits, and the next run takes over. An advisory lock
 * keeps a second copy from starting (it exits 0 at once). With -1 it
 * processes what is due once and exits, for tests and by hand.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "cache.h"
#include "config.h"
#include "db.h"
#include "inbox.h"
#include "log.h"
#include "remote_account.h"

#define INBOX_LOCK	"5772017"	/* advisory lock key: ours */
#define RUN_SECONDS	55
#define BATCH		100
#define IDLE_WAKE_MS	5000	/* look for due retries this often */

static int
take_lock(struct db *db)
{
	static const char *sql = "SELECT pg_try_advisory_lock(" INBOX_LOCK ")";
	PGresult *res;
	int got;

	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	got = db_bool(res, 0, 0);
	PQclear(res);
	return got;
}

/* Wait up to ms for a NOTIFY (or anything on the connection). */
static void
wait_for_notify(struct db *db, int ms)
{
	PGconn *conn = db_conn(db);
	PGnotify *n;
	struct pollfd pfd;

	pfd.fd = PQsocket(conn);
	pfd.events = POLLIN;
	if (pfd.fd < 0)
		return;
	if (poll(&pfd, 1, ms) > 0) {
		PQconsumeInput(conn);
		while ((n = PQnotifies(conn)) != NULL)
			PQfreemem(n);
	}
}

static long
elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_nsec - start->tv_nsec) / 1000000;
}

static int
run(struct inbox_context *ctx, struct cache *cache, int once)
{
	struct timespec start;
	long n, left;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (!once && db_simple(ctx->db, "LISTEN woolly_inbox") == -1)
		return -1;
	for (;;) {
		if ((n = inbox_process_pending(ctx, BATCH)) == -1)
			return -1;
		/* Remote posts and counts show on public pages. */
		if (n > 0 && cache_bump_generation(cache) == -1)
			log_info("memcached did not take the change");
		if (once && n < BATCH)
			return 0;
		left = RUN_SECONDS * 1000L - elapsed_ms(&start);
		if (left <= 0)
			return 0;
		if (n == 0)
			wait_for_notify(ctx->db, left < IDLE_WAKE_MS ? (int)left :
			    IDLE_WAKE_MS);
	}
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
	int ch, verbose = 0, once = 0, rc = 1, locked;

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
	cache = cache_open(cf.memcached);
	if ((locked = take_lock(db)) == -1)
		goto done;
	if (locked == 0) {
		log_debug("another woolly-inbox holds the lock; done");
		rc = 0;
		goto done;
	}
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
