/*
 * job_loop: the shape of woolly's queue workers (woolly-deliver, and
 * later woolly-inbox and woolly-media). Started by cron every minute,
 * a worker
 *   1. takes a PostgreSQL advisory lock named after itself and this host
 *      (a second copy on the same host exits at once; copies on other
 *      hosts share the queue, claiming jobs with FOR UPDATE SKIP LOCKED);
 *   2. LISTENs on its channel, which a trigger NOTIFYs when work arrives;
 *   3. works until its budget (about 55 s) is spent, sleeping on the
 *      database socket when idle, so new work starts within a moment;
 *   4. ends cleanly before the next run starts.
 * A worker that multiplexes other sockets (libcurl's) polls
 * job_loop_socket() itself and asks job_loop_notified(); a simple one
 * hands its step to job_loop_run().
 */
#ifndef WOOLLY_JOB_LOOP_H
#define WOOLLY_JOB_LOOP_H

struct db;

struct job_loop {
	struct db	*db;
	char		 lock_name[128];
	char		 channel[64];
	long long	 deadline_ms;	/* monotonic */
	int		 locked, listening;
};

/*
 * Take the lock for name on this host and LISTEN on channel; the run
 * ends budget_s seconds from now. 1 running, 0 when another copy holds
 * the lock, -1 on a database error.
 */
int	job_loop_start(struct job_loop *, struct db *, const char *name,
	    const char *channel, int budget_s);
/* Milliseconds left of the budget (0 when spent). */
long	job_loop_left_ms(const struct job_loop *);
/* The database socket to poll for notifications (-1 if none). */
int	job_loop_socket(const struct job_loop *);
/* Read what arrived: 1 when a NOTIFY came since the last call, 0 if not. */
int	job_loop_notified(struct job_loop *);
/*
 * Sleep until a NOTIFY arrives, max_ms pass or the budget is spent.
 * 1 notified, 0 not.
 */
int	job_loop_wait(struct job_loop *, long max_ms);
/*
 * Run step(arg) until the budget is spent: again at once while it
 * reports work done (> 0), else after a NOTIFY or idle_ms. Stops early
 * when step fails (-1). 0, or -1 after a failed step.
 */
int	job_loop_run(struct job_loop *, int (*step)(void *), void *arg,
	    long idle_ms);
/* UNLISTEN and give the lock back. */
void	job_loop_finish(struct job_loop *);

/* Milliseconds of CLOCK_MONOTONIC. */
long long job_loop_now_ms(void);

#endif
