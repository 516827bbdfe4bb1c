/*
 * woolly-housekeep: run from cron every few minutes. Removes expired
 * sessions, stale rate-limit rows and expired OAuth codes, and trims the
 * home feeds. Exits 0 when done or when another copy is already at work,
 * 1 on errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "housekeep.h"
#include "log.h"

int
main(int argc, char *argv[])
{
	struct config cf;
	struct housekeep_report r;
	struct db *db;
	const char *path = config_default_path();
	char err[512];
	int ch, verbose = 0, rc;

	while ((ch = getopt(argc, argv, "c:v")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: woolly-housekeep [-v] "
			    "[-c woolly.conf]\n");
			return 2;
		}
	}
	log_init("woolly-housekeep", verbose);
	if (config_load(&cf, path, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return 1;
	}
	if (log_open_file(cf.log_file) == -1)
		log_warn("cannot open %s, logging to stderr", cf.log_file);
	db = db_open(cf.database, 0, cf.database_connect_timeout);
	rc = housekeep_run(db, &r);
	/* Silent unless asked: cron mails whatever a job prints. */
	if (rc == 1 && verbose)
		log_info("removed %ld expired sessions, %ld rate-limit rows, "
		    "%ld expired OAuth codes, %ld home feed rows, %ld "
		    "processed inbox activities; delivered %ld queued "
		    "statuses", r.sessions_removed, r.rate_limits_removed,
		    r.grants_removed, r.feed_rows_trimmed,
		    r.inbox_activities_removed, r.feed_statuses_delivered);
	else if (rc == 0)
		log_debug("another housekeeping run holds the lock; done");
	db_close(db);
	config_free(&cf);
	return rc == -1 ? 1 : 0;
}
