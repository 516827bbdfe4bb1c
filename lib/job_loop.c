/*
 * job_loop: lock, LISTEN and budget of a queue worker; see job_loop.h.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "db.h"
#include "job_loop.h"
#include "log.h"

long long
job_loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Session lock: it goes with the session if the worker dies. */
static int
take_lock(struct db *db, const char *name)
{
	static const char *sql =
	    "SELECT pg_try_advisory_lock(hashtext($1))";
	struct db_params p;
	PGresult *res;
	int got;

	db_params_init(&p);
	dbp_str(&p, name);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	got = PQntuples(res) == 1 && db_bool(res, 0, 0);
	PQclear(res);
	return got;
}

int
job_loop_start(struct job_loop *jl, struct db *db, const char *name,
    const char *channel, int budget_s)
{
	char host[64], sql[96];
	int rc;

	memset(jl, 0, sizeof(*jl));
	jl->db = db;
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(jl->lock_name, sizeof(jl->lock_name), "%s@%s", name, host);
	snprintf(jl->channel, sizeof(jl->channel), "%s", channel);
	jl->deadline_ms = job_loop_now_ms() + budget_s * 1000LL;
	if ((rc = take_lock(db, jl->lock_name)) != 1)
		return rc;
	jl->locked = 1;
	/* A channel is an identifier: only ours, never a caller's input. */
	snprintf(sql, sizeof(sql), "LISTEN %s", jl->channel);
	if (db_simple(db, sql) == -1)
		return -1;
	jl->listening = 1;
	return 1;
}

long
job_loop_left_ms(const struct job_loop *jl)
{
	long long left = jl->deadline_ms - job_loop_now_ms();

	return left > 0 ? (long)left : 0;
}

int
job_loop_socket(const struct job_loop *jl)
{
	PGconn *c = db_conn(jl->db);

	return c != NULL ? PQsocket(c) : -1;
}

int
job_loop_notified(struct job_loop *jl)
{
	return db_poll_notified(jl->db);
}

int
job_loop_wait(struct job_loop *jl, long max_ms)
{
	struct pollfd pfd;
	long left;

	if (job_loop_notified(jl))
		return 1;
	left = job_loop_left_ms(jl);
	if (max_ms > left)
		max_ms = left;
	if ((pfd.fd = job_loop_socket(jl)) == -1) {
		usleep((useconds_t)max_ms * 1000);
		return 0;
	}
	pfd.events = POLLIN;
	if (poll(&pfd, 1, (int)max_ms) == -1 && errno != EINTR)
		log_warn("poll");
	return job_loop_notified(jl);
}

int
job_loop_run(struct job_loop *jl, int (*step)(void *), void *arg,
    long idle_ms)
{
	int n;

	while (job_loop_left_ms(jl) > 0) {
		if ((n = step(arg)) == -1)
			return -1;
		if (n == 0)
			job_loop_wait(jl, idle_ms);
	}
	return 0;
}

void
job_loop_finish(struct job_loop *jl)
{
	static const char *unlock_sql =
	    "SELECT pg_advisory_unlock(hashtext($1))";
	struct db_params p;
	PGresult *res;

	/* Only our channel: the connection may listen to its changes too. */
	if (jl->listening) {
		char sql[80];

		snprintf(sql, sizeof(sql), "UNLISTEN %s", jl->channel);
		db_simple(jl->db, sql);
	}
	if (jl->locked) {
		db_params_init(&p);
		dbp_str(&p, jl->lock_name);
		if ((res = db_run(jl->db, unlock_sql, &p)) != NULL)
			PQclear(res);
	}
	jl->listening = jl->locked = 0;
}
