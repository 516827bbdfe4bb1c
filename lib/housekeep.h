/*
 * housekeep: periodic cleanup shared by the cron program and the tests.
 */
#ifndef WOOLLY_HOUSEKEEP_H
#define WOOLLY_HOUSEKEEP_H

struct db;

struct housekeep_report {
	long	sessions_removed;
	long	rate_limits_removed;
	long	grants_removed;		/* expired OAuth codes */
	long	inbox_activities_removed; /* processed a week ago */
	long	feed_rows_trimmed;	/* home feeds cut to their size */
	long	feed_statuses_delivered; /* from the fan-out queue */
};

/* 1 done, 0 another copy holds the lock, -1 error. */
int	housekeep_run(struct db *, struct housekeep_report *);

#endif
