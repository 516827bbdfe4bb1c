/*
 * db: the one PostgreSQL connection of a process. Statements are constant
 * SQL strings with $n parameters; each is prepared once per connection the
 * first time it runs. A connection lost to a server restart is re-opened on
 * the next statement, and a statement that failed because the connection
 * was already gone (outside a transaction) is retried once.
 */
#ifndef WOOLLY_DB_H
#define WOOLLY_DB_H

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#define DB_MAX_PARAMS 16

struct db_params {
	const char	*values[DB_MAX_PARAMS];
	int		 lengths[DB_MAX_PARAMS];
	int		 formats[DB_MAX_PARAMS];
	char		 numbers[DB_MAX_PARAMS][24];
	int		 n;
};

struct db;

#define DB_CONNECT_TIMEOUT 10	/* seconds, unless told otherwise */

/*
 * Every statement is cancelled after statement_timeout_ms (0: never; for
 * request paths only) and a connection attempt gives up after
 * connect_timeout_s (0: DB_CONNECT_TIMEOUT).
 */
struct db	*db_open(const char *conninfo, int statement_timeout_ms,
		    int connect_timeout_s);
void		 db_close(struct db *);
PGconn		*db_conn(struct db *);

void	 db_params_init(struct db_params *);
void	 dbp_str(struct db_params *, const char *);	/* NULL -> SQL NULL */
void	 dbp_int(struct db_params *, int64_t);
void	 dbp_bool(struct db_params *, int);
void	 dbp_bytes(struct db_params *, const void *, size_t); /* bytea */

/*
 * Run a statement. Returns the result (caller PQclear()s) when it
 * succeeded, NULL after logging the error otherwise. The SQL must be a
 * string constant: its address keys the prepared-statement cache.
 */
PGresult	*db_run(struct db *, const char *sql, const struct db_params *);
/*
 * Like db_run, but never prepared: planned afresh for these values each
 * time, for statements whose best plan depends on them (a full-text
 * search for a rare word walks the index of words, for a common one the
 * newest statuses), where a generic plan would be slow for one or other.
 */
PGresult	*db_run_custom(struct db *, const char *sql,
		    const struct db_params *);
/* Same, for statements whose rows are not needed: rows affected or -1. */
long		 db_exec(struct db *, const char *sql, const struct db_params *);
/* Plain SQL without parameters (migrations, BEGIN/COMMIT). */
int		 db_simple(struct db *, const char *sql);
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
/*
 * Did the last failure come from the database being unreachable, shut
 * down or too slow (statement_timeout), rather than from the statement?
 * Such requests get a 503 and can be retried.
 */
int		 db_unavailable(struct db *);
/*
 * Plan every prepared statement once, for good (plan_cache_mode =
 * force_generic_plan, now and after every reconnection), as the pool's
 * statements are written to be planned: PostgreSQL's own choice re-plans
 * a statement at every call while its plan for the values at hand looks
 * cheaper than the generic one, which for the hydration of a page of a
 * few statuses meant ~20 ms of planning per call. db_run_custom still
 * plans its statements for their values.
 */
int		 db_prefer_generic_plans(struct db *);
/*
 * Listen for notifications: listen_sql is a constant "LISTEN channel",
 * run now and again after every reconnection. db_notified() says whether
 * a notification came with the answers read since it was last asked
 * (it reads nothing itself: no system call).
 */
int		 db_listen(struct db *, const char *listen_sql);
int		 db_notified(struct db *);
/* The same after reading what the socket holds (for a poll() loop). */
int		 db_poll_notified(struct db *);

/*
 * Hear the content changes this connection commits (sql/0020; on a
 * channel of its own, now and after every reconnection);
 * db_take_changes() returns the scopes (CONTENT_* of content_changes.h)
 * heard since it was last called, reading nothing itself.
 */
int		 db_hear_changes(struct db *);
unsigned	 db_take_changes(struct db *);
/* SQLSTATE of the last failed statement ("" if none). */
const char	*db_last_sqlstate(struct db *);
const char	*db_last_error(struct db *);

/* Result helpers. */
const char	*db_val(const PGresult *, int row, int col);	/* NULL if null */
char		*db_dup(const PGresult *, int row, int col);	/* malloc'd or NULL */
int64_t		 db_int(const PGresult *, int row, int col);
int		 db_bool(const PGresult *, int row, int col);

#define SQLSTATE_UNIQUE_VIOLATION "23505"

/* Append a PostgreSQL array literal of strings ("{\"a\",\"b\"}"). */
struct buf;
void	db_text_array(struct buf *, char *const *items, size_t n);
void	db_int_array(struct buf *, const int64_t *items, size_t n);

#endif
