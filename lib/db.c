/*
 * db: libpq behind a small interface that prepares each statement once per
 * connection and survives PostgreSQL restarts without the process
 * restarting.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content_changes.h"
#include "db.h"
#include "log.h"

#define DB_MAX_PREPARED 512

struct prepared {
	const char	*sql;	/* address of the constant, the cache key */
};

struct db {
	PGconn		*conn;
	char		*conninfo;
	int		 statement_timeout_ms;	/* 0: none */
	int		 connect_timeout_s;
	struct prepared	 prepared[DB_MAX_PREPARED];
	int		 nprepared;
	const char	*listen_sql;	/* NULL: listens to nothing */
	int		 hear_changes;	/* listens to its own content changes */
	char		 changes_channel[40];	/* "woolly_changes_PID" */
	unsigned	 changes;	/* CONTENT_* heard, not yet taken */
	int		 notified;	/* another notification heard */
	int		 generic_plans;	/* force_generic_plan is set */
	char		 sqlstate[6];
	char		 error[512];
};

/* Server notices ("relation already exists, skipping") are not errors. */
static void
db_notice(void *arg, const char *message)
{
	(void)arg;
	log_debug("postgres: %s", message);
}

/* One setting of the session, by set_config(); 0 or -1. */
static int
db_set(struct db *db, const char *name, const char *value)
{
	const char *values[2] = { name, value };
	PGresult *res;
	int ok;

	res = PQexecParams(db->conn, "SELECT set_config($1, $2, false)", 2,
	    NULL, values, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		log_warnx("cannot set %s: %s", name, PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Every statement of this connection is cancelled after that long. */
static int
db_set_statement_timeout(struct db *db)
{
	char ms[24];

	if (db->statement_timeout_ms <= 0)
		return 0;
	snprintf(ms, sizeof(ms), "%d", db->statement_timeout_ms);
	return db_set(db, "statement_timeout", ms);
}

/* One LISTEN statement; 0 or -1. */
static int
db_listen_to(struct db *db, const char *listen_sql)
{
	PGresult *res;
	int ok;

	res = PQexec(db->conn, listen_sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		log_warnx("%s: %s", listen_sql, PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * The channel of this connection's content changes carries its backend's
 * pid (sql/0020), so no other connection's writes are sent to it.
 */
static int
db_listen_changes(struct db *db)
{
	char sql[64];

	snprintf(db->changes_channel, sizeof(db->changes_channel),
	    "woolly_changes_%d", PQbackendPID(db->conn));
	snprintf(sql, sizeof(sql), "LISTEN %s", db->changes_channel);
	return db_listen_to(db, sql);
}

static int
db_start_listening(struct db *db)
{
	if (db->hear_changes && db_listen_changes(db) == -1)
		return -1;
	if (db->listen_sql == NULL)
		return 0;
	return db_listen_to(db, db->listen_sql);
}

/*
 * Sort what libpq has read of notifications: our content changes by
 * scope, anything else as "notified". Reads nothing from the socket.
 */
static void
db_sort_notifications(struct db *db)
{
	PGnotify *n;

	if (db->conn == NULL)
		return;
	while ((n = PQnotifies(db->conn)) != NULL) {
		if (db->hear_changes &&
		    strcmp(n->relname, db->changes_channel) == 0) {
			if (strcmp(n->extra, "local") == 0)
				db->changes |= CONTENT_LOCAL;
			else if (strcmp(n->extra, "remote") == 0)
				db->changes |= CONTENT_REMOTE;
			else	/* a scope we do not know: be safe */
				db->changes |= CONTENT_ALL;
		} else
			db->notified = 1;
		PQfreemem(n);
	}
}

static int
db_connect(struct db *db)
{
	/*
	 * connect_timeout comes first so that one in the conninfo string
	 * (expanded from dbname, later in the list) wins over ours.
	 */
	const char *keys[] = { "connect_timeout", "dbname", NULL };
	const char *values[3];
	char timeout[24];

	if (db->conn != NULL) {
		/* Changes committed before the connection was lost count. */
		db_sort_notifications(db);
		PQfinish(db->conn);
	}
	db->nprepared = 0;
	snprintf(timeout, sizeof(timeout), "%d", db->connect_timeout_s);
	values[0] = timeout;
	values[1] = db->conninfo;
	values[2] = NULL;
	db->conn = PQconnectdbParams(keys, values, 1);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		log_warnx("database connection failed: %s",
		    PQerrorMessage(db->conn));
		return -1;
	}
	PQsetNoticeProcessor(db->conn, db_notice, NULL);
	if (db_set_statement_timeout(db) == -1 || db_start_listening(db) == -1 ||
	    (db->generic_plans &&
	    db_set(db, "plan_cache_mode", "force_generic_plan") == -1)) {
		PQfinish(db->conn);
		db->conn = NULL;
		return -1;
	}
	return 0;
}

struct db *
db_open(const char *conninfo, int statement_timeout_ms, int connect_timeout_s)
{
	struct db *db = xcalloc(1, sizeof(*db));

	db->conninfo = xstrdup(conninfo);
	db->statement_timeout_ms = statement_timeout_ms;
	db->connect_timeout_s = connect_timeout_s > 0 ? connect_timeout_s :
	    DB_CONNECT_TIMEOUT;
	/* A first failure is not fatal: the next statement tries again. */
	db_connect(db);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

PGconn *
db_conn(struct db *db)
{
	return db->conn;
}

void
db_params_init(struct db_params *p)
{
	p->n = 0;
}

static int
dbp_next(struct db_params *p)
{
	if (p->n >= DB_MAX_PARAMS)
		fatalx("too many SQL parameters");
	p->lengths[p->n] = 0;
	p->formats[p->n] = 0;
	return p->n++;
}

void
dbp_str(struct db_params *p, const char *s)
{
	int i = dbp_next(p);

	p->values[i] = s;
}

void
dbp_int(struct db_params *p, int64_t v)
{
	int i = dbp_next(p);

	snprintf(p->numbers[i], sizeof(p->numbers[i]), "%" PRId64, v);
	p->values[i] = p->numbers[i];
}

void
dbp_bool(struct db_params *p, int v)
{
	int i = dbp_next(p);

	p->values[i] = v ? "t" : "f";
}

void
dbp_bytes(struct db_params *p, const void *data, size_t len)
{
	int i = dbp_next(p);

	p->values[i] = data;
	p->lengths[i] = (int)len;
	p->formats[i] = 1;
}

static void
db_note_error(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) :
	    NULL;
	const char *msg = res ? PQresultErrorMessage(res) :
	    PQerrorMessage(db->conn);

	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state ? state : "");
	snprintf(db->error, sizeof(db->error), "%s", msg ? msg : "");
}

/* The name a statement is prepared under, preparing it on first use. */
static int
db_prepare(struct db *db, const char *sql, const struct db_params *p,
    char *name, size_t namelen)
{
	PGresult *res;
	int i;

	for (i = 0; i < db->nprepared; i++)
		if (db->prepared[i].sql == sql) {
			snprintf(name, namelen, "w%d", i);
			return 0;
		}
	if (db->nprepared == DB_MAX_PREPARED) {
		name[0] = '\0';	/* unnamed: still works, just re-planned */
		return 0;
	}
	snprintf(name, namelen, "w%d", db->nprepared);
	res = PQprepare(db->conn, name, sql, p ? p->n : 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		db_note_error(db, res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	db->prepared[db->nprepared++].sql = sql;
	return 0;
}

static PGresult *
db_try(struct db *db, const char *sql, const struct db_params *p, int prepare)
{
	char name[16] = "";
	PGresult *res;
	ExecStatusType st;

	if (prepare && db_prepare(db, sql, p, name, sizeof(name)) == -1)
		return NULL;
	if (name[0] == '\0')
		res = PQexecParams(db->conn, sql, p ? p->n : 0, NULL,
		    p ? p->values : NULL, p ? p->lengths : NULL,
		    p ? p->formats : NULL, 0);
	else
		res = PQexecPrepared(db->conn, name, p ? p->n : 0,
		    p ? p->values : NULL, p ? p->lengths : NULL,
		    p ? p->formats : NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	db_note_error(db, res);
	PQclear(res);
	return NULL;
}

static PGresult *
db_run_as(struct db *db, const char *sql, const struct db_params *p,
    int prepare)
{
	PGresult *res;
	int idle;

	db->sqlstate[0] = db->error[0] = '\0';
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		if (db_connect(db) == -1) {
			snprintf(db->error, sizeof(db->error),
			    "database unavailable");
			return NULL;
		}
	}
	idle = PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	if ((res = db_try(db, sql, p, prepare)) != NULL)
		return res;
	/*
	 * The server went away (restart, idle timeout). Outside a
	 * transaction nothing of ours can have committed on a connection that
	 * was already dead, so reconnect and try once more.
	 */
	if (PQstatus(db->conn) == CONNECTION_BAD && idle) {
		log_info("database connection lost, reconnecting");
		if (db_connect(db) == 0 &&
		    (res = db_try(db, sql, p, prepare)) != NULL)
			return res;
	}
	/* Unique violations are answers the callers expect and handle. */
	if (!strcmp(db->sqlstate, SQLSTATE_UNIQUE_VIOLATION))
		log_debug("SQL (%s): %s", db->sqlstate, db->error);
	else
		log_warnx("SQL failed (%s): %s [%.120s]", db->sqlstate,
		    db->error, sql);
	return NULL;
}

PGresult *
db_run(struct db *db, const char *sql, const struct db_params *p)
{
	return db_run_as(db, sql, p, 1);
}

PGresult *
db_run_custom(struct db *db, const char *sql, const struct db_params *p)
{
	PGresult *res;

	if (!db->generic_plans)
		return db_run_as(db, sql, p, 0);
	/* The session plans generically: this one statement may not. */
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK ||
	    db_set(db, "plan_cache_mode", "force_custom_plan") == -1)
		return db_run_as(db, sql, p, 0);
	res = db_run_as(db, sql, p, 0);
	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		(void)db_set(db, "plan_cache_mode", "force_generic_plan");
	return res;
}

long
db_exec(struct db *db, const char *sql, const struct db_params *p)
{
	PGresult *res = db_run(db, sql, p);
	long n;

	if (res == NULL)
		return -1;
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n;
}

int
db_simple(struct db *db, const char *sql)
{
	PGresult *res;
	ExecStatusType st;

	db->sqlstate[0] = db->error[0] = '\0';
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		if (db_connect(db) == -1)
			return -1;
	res = PQexec(db->conn, sql);
	st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		db_note_error(db, res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

int
db_begin(struct db *db)
{
	return db_exec(db, "BEGIN", NULL) == -1 ? -1 : 0;
}

int
db_commit(struct db *db)
{
	return db_exec(db, "COMMIT", NULL) == -1 ? -1 : 0;
}

void
db_rollback(struct db *db)
{
	if (db->conn != NULL &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE &&
	    PQstatus(db->conn) == CONNECTION_OK)
		db_exec(db, "ROLLBACK", NULL);
}

int
db_unavailable(struct db *db)
{
	const char *st = db->sqlstate;

	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return 1;
	/*
	 * Class 08 (connection exception), 57 (operator intervention:
	 * statement_timeout's query_canceled, shutdowns) and 53 (out of
	 * resources) pass; a retry later can succeed.
	 */
	return !strncmp(st, "08", 2) || !strncmp(st, "57", 2) ||
	    !strncmp(st, "53", 2) || !strcmp(st, "55P03");
}

int
db_prefer_generic_plans(struct db *db)
{
	db->generic_plans = 1;
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return db_connect(db);
	return db_set(db, "plan_cache_mode", "force_generic_plan");
}

int
db_listen(struct db *db, const char *listen_sql)
{
	db->listen_sql = listen_sql;
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return db_connect(db);
	return db_start_listening(db);
}

int
db_notified(struct db *db)
{
	int got;

	db_sort_notifications(db);
	got = db->notified;
	db->notified = 0;
	return got;
}

int
db_poll_notified(struct db *db)
{
	if (db->conn != NULL && PQconsumeInput(db->conn) == 0)
		return 0;
	return db_notified(db);
}

int
db_hear_changes(struct db *db)
{
	db->hear_changes = 1;
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return db_connect(db);
	return db_listen_changes(db);
}

unsigned
db_take_changes(struct db *db)
{
	unsigned changes;

	db_sort_notifications(db);
	changes = db->changes;
	db->changes = 0;
	return changes;
}

const char *
db_last_sqlstate(struct db *db)
{
	return db->sqlstate;
}

const char *
db_last_error(struct db *db)
{
	return db->error;
}

const char *
db_val(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return PQgetvalue(res, row, col);
}

char *
db_dup(const PGresult *res, int row, int col)
{
	const char *v = db_val(res, row, col);

	return v ? xstrdup(v) : NULL;
}

int64_t
db_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

int
db_bool(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

void
db_text_array(struct buf *b, char *const *items, size_t n)
{
	size_t i;
	const char *p;

	buf_putc(b, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_putc(b, '"');
		for (p = items[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	}
	buf_putc(b, '}');
}

void
db_int_array(struct buf *b, const int64_t *items, size_t n)
{
	size_t i;

	buf_putc(b, '{');
	for (i = 0; i < n; i++)
		buf_printf(b, "%s%" PRId64, i ? "," : "", items[i]);
	buf_putc(b, '}');
}
