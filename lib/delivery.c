/*
 * delivery: the outgoing queue's SQL; see delivery.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "delivery.h"
#include "log.h"

/* Multiples of delivery_retry_seconds after each failure: 8 attempts
 * spread over about two days with the default minute. */
static const long backoff_steps[DELIVERY_MAX_ATTEMPTS - 1] = {
	1, 5, 30, 120, 360, 720, 1440,
};

long
delivery_backoff(const struct config *cf, int attempts)
{
	if (attempts < 1)
		attempts = 1;
	if (attempts > DELIVERY_MAX_ATTEMPTS - 1)
		attempts = DELIVERY_MAX_ATTEMPTS - 1;
	return backoff_steps[attempts - 1] * cf->delivery_retry_seconds;
}

/*
 * The audience of each event: the actor's followers when asked, the
 * accounts named; of them the remote ones still there, by their shared
 * inbox when they have one, each inbox once.
 */
int
delivery_expand(struct db *db, int max)
{
	static const char *sql =
	    "WITH e AS (SELECT id, account_id, to_followers, to_accounts "
	    "  FROM outbox_events WHERE NOT expanded ORDER BY id LIMIT $1 "
	    "  FOR UPDATE SKIP LOCKED), "
	    "r AS (SELECT e.id AS event_id, f.account_id FROM e "
	    "  JOIN follows f ON e.to_followers "
	    "  AND f.target_account_id = e.account_id "
	    "  UNION SELECT e.id, x.id FROM e, unnest(e.to_accounts) AS x(id)), "
	    "t AS (SELECT DISTINCT r.event_id, "
	    "  coalesce(nullif(a.shared_inbox_url, ''), a.inbox_url) AS inbox "
	    "  FROM r JOIN accounts a ON a.id = r.account_id "
	    "  WHERE a.domain IS NOT NULL AND a.inbox_gone_at IS NULL "
	    "  AND a.suspended_at IS NULL), "
	    "h AS (SELECT event_id, inbox, lower(substring(inbox FROM "
	    "  '^[A-Za-z]+://(?:[^@/?#]*@)?([^/?#]+)')) AS host FROM t "
	    "  WHERE inbox IS NOT NULL), "
	    "i AS (INSERT INTO deliveries (event_id, inbox_url, host) "
	    "  SELECT event_id, inbox, host FROM h WHERE host IS NOT NULL "
	    "  ON CONFLICT DO NOTHING) "
	    "UPDATE outbox_events o SET expanded = true FROM e "
	    "WHERE o.id = e.id";
	/* Events whose deliveries are all answered. */
	static const char *cleanup_sql =
	    "DELETE FROM outbox_events e WHERE e.expanded AND NOT EXISTS "
	    "(SELECT 1 FROM deliveries d WHERE d.event_id = e.id)";
	struct db_params p;
	long n;

	db_params_init(&p);
	dbp_int(&p, max);
	if ((n = db_exec(db, sql, &p)) == -1)
		return -1;
	if (n > 0 && db_exec(db, cleanup_sql, NULL) == -1)
		return -1;
	return (int)n;
}

long
delivery_release_orphans(struct db *db)
{
	static const char *sql =
	    "UPDATE deliveries SET claimed_by = NULL, claimed_at = NULL, "
	    "next_at = now() WHERE claimed_by IS NOT NULL "
	    "AND (claimed_at < now() - $1 * interval '1 second' "
	    "  OR claimed_by NOT IN (SELECT pid FROM pg_stat_activity "
	    "  WHERE pid IS NOT NULL))";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, DELIVERY_LEASE);
	return db_exec(db, sql, &p);
}

/* Strings as a PostgreSQL array literal. */
static void
text_array(struct buf *out, const char *const *v, size_t n)
{
	const char *c;
	size_t i;

	buf_puts(out, "{");
	for (i = 0; i < n; i++) {
		buf_puts(out, i ? ",\"" : "\"");
		for (c = v[i]; *c; c++) {
			if (*c == '"' || *c == '\\')
				buf_puts(out, "\\");
			buf_printf(out, "%c", *c);
		}
		buf_puts(out, "\"");
	}
	buf_puts(out, "}");
}

#define CLAIM_RETURNING \
	"RETURNING d.id, coalesce(e.account_id, 0), e.activity, " \
	"d.inbox_url, d.host, d.attempts"

static int
claim_rows(struct db *db, const char *sql, const struct db_params *p,
    struct delivery_job **jobs, size_t *n)
{
	PGresult *res;
	struct delivery_job *j;
	int i, rows;

	if ((res = db_run(db, sql, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	if (rows > 0) {
		j = realloc(*jobs, (*n + (size_t)rows) * sizeof(**jobs));
		if (j == NULL) {
			PQclear(res);
			return -1;
		}
		*jobs = j;
		for (i = 0; i < rows; i++) {
			j = &(*jobs)[(*n)++];
			j->id = db_int(res, i, 0);
			j->account_id = db_int(res, i, 1);
			j->activity = db_dup(res, i, 2);
			j->inbox_url = db_dup(res, i, 3);
			j->host = db_dup(res, i, 4);
			j->attempts = (int)db_int(res, i, 5);
		}
	}
	PQclear(res);
	return 0;
}

int
delivery_claim(struct db *db, const struct config *cf, size_t max,
    const char *const *busy_hosts, size_t nbusy,
    struct delivery_job **jobs, size_t *n)
{
	/* One delivery of each unavailable host whose probe is due. */
	static const char *probe_sql =
	    "WITH h AS (UPDATE delivery_hosts SET probe_at = now() + "
	    "  $1 * interval '1 second' WHERE unavailable_since IS NOT NULL "
	    "  AND probe_at <= now() RETURNING host), "
	    "p AS (SELECT DISTINCT ON (d.host) d.id FROM deliveries d "
	    "  JOIN h ON h.host = d.host WHERE d.claimed_by IS NULL "
	    "  ORDER BY d.host, d.next_at) "
	    "UPDATE deliveries d SET claimed_by = pg_backend_pid(), "
	    "claimed_at = now(), next_at = now() + $2 * interval '1 second' "
	    "FROM p, outbox_events e WHERE d.id = p.id AND e.id = d.event_id "
	    CLAIM_RETURNING;
	/*
	 * The due, oldest first, at most $3 per host and none of the hosts
	 * in $4 (those this deliverer already keeps busy): one host with
	 * many deliveries cannot take every slot (Mastodon #12445).
	 */
	static const char *claim_sql =
	    "WITH oldest AS (SELECT d.id, d.host, d.next_at FROM deliveries d "
	    "  WHERE d.next_at <= now() AND d.host <> ALL ($4::text[]) "
	    "  AND NOT EXISTS (SELECT 1 FROM delivery_hosts h "
	    "  WHERE h.host = d.host AND h.unavailable_since IS NOT NULL) "
	    "  ORDER BY d.next_at LIMIT $1 * 16), "
	    "due AS (SELECT id, next_at, row_number() OVER "
	    "  (PARTITION BY host ORDER BY next_at) AS nth FROM oldest), "
	    "c AS (SELECT d.id FROM deliveries d WHERE d.id IN (SELECT id "
	    "  FROM due WHERE nth <= $3 ORDER BY next_at LIMIT $1) "
	    "  AND d.next_at <= now() FOR UPDATE SKIP LOCKED) "
	    "UPDATE deliveries d SET claimed_by = pg_backend_pid(), "
	    "claimed_at = now(), next_at = now() + $2 * interval '1 second' "
	    "FROM c, outbox_events e WHERE d.id = c.id AND e.id = d.event_id "
	    CLAIM_RETURNING;
	struct db_params p;
	struct buf busy = BUF_INIT;
	int rc;

	*jobs = NULL;
	*n = 0;
	db_params_init(&p);
	dbp_int(&p, cf->delivery_host_probe);
	dbp_int(&p, DELIVERY_LEASE);
	if (claim_rows(db, probe_sql, &p, jobs, n) == -1)
		goto fail;
	if (*n < max) {
		db_params_init(&p);
		dbp_int(&p, (int64_t)(max - *n));
		dbp_int(&p, DELIVERY_LEASE);
		dbp_int(&p, DELIVERY_HOST_CONCURRENCY);
		text_array(&busy, busy_hosts, nbusy);
		dbp_str(&p, buf_cstr(&busy));
		rc = claim_rows(db, claim_sql, &p, jobs, n);
		buf_free(&busy);
		if (rc == -1)
			goto fail;
	}
	return 0;
fail:
	delivery_jobs_free(*jobs, *n);
	*jobs = NULL;
	*n = 0;
	return -1;
}

void
delivery_jobs_free(struct delivery_job *jobs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(jobs[i].activity);
		free(jobs[i].inbox_url);
		free(jobs[i].host);
	}
	free(jobs);
}

enum delivery_outcome
delivery_outcome_of(long status)
{
	if (status >= 200 && status < 300)
		return DELIVERY_DONE;
	if (status == 410)
		return DELIVERY_GONE;
	if (status >= 400 && status < 500 && status != 408 && status != 429)
		return DELIVERY_DROPPED;
	return DELIVERY_FAILED;
}

/* "{a,b,c}" of the ids (or quoted hosts) of the jobs with outcome o. */
static size_t
id_array(const struct delivery_job *jobs, const enum delivery_outcome *o,
    size_t n, int (*take)(enum delivery_outcome), int hosts,
    struct buf *out)
{
	const char *c;
	size_t i, k = 0;

	buf_puts(out, "{");
	for (i = 0; i < n; i++) {
		if (!take(o[i]))
			continue;
		if (k++ > 0)
			buf_puts(out, ",");
		if (!hosts) {
			buf_printf(out, "%lld", (long long)jobs[i].id);
			continue;
		}
		buf_puts(out, "\"");
		for (c = jobs[i].host; *c; c++) {
			if (*c == '"' || *c == '\\')
				buf_puts(out, "\\");
			buf_printf(out, "%c", *c);
		}
		buf_puts(out, "\"");
	}
	buf_puts(out, "}");
	return k;
}

static int answered(enum delivery_outcome o)
{ return o == DELIVERY_DONE || o == DELIVERY_DROPPED || o == DELIVERY_GONE; }
static int unsent(enum delivery_outcome o)
{ return o == DELIVERY_UNSENT; }

/* Run sql with the array of the jobs take() picks as $1. */
static int
run_on(struct db *db, const char *sql, const struct delivery_job *jobs,
    const enum delivery_outcome *o, size_t n,
    int (*take)(enum delivery_outcome), int hosts)
{
	struct db_params p;
	struct buf a = BUF_INIT;
	int rc = 0;

	if (id_array(jobs, o, n, take, hosts, &a) > 0) {
		db_params_init(&p);
		dbp_str(&p, buf_cstr(&a));
		rc = db_exec(db, sql, &p) == -1 ? -1 : 0;
	}
	buf_free(&a);
	return rc;
}

/* A 410 from an account's own inbox: that account is gone. */
static int
record_gone(struct db *db, const struct delivery_job *j)
{
	static const char *account_sql =
	    "UPDATE accounts SET inbox_gone_at = now() WHERE inbox_url = $1 "
	    "AND domain IS NOT NULL AND inbox_gone_at IS NULL";
	static const char *pending_sql =
	    "DELETE FROM deliveries WHERE inbox_url = $1 "
	    "AND claimed_by IS NULL";
	struct db_params p;
	long n;

	db_params_init(&p);
	dbp_str(&p, j->inbox_url);
	if ((n = db_exec(db, account_sql, &p)) == -1)
		return -1;
	if (n > 0) {
		log_info("delivery: %s answered 410 Gone: its account is gone, "
		    "nothing more is sent to it", j->inbox_url);
		if (db_exec(db, pending_sql, &p) == -1)
			return -1;
	}
	return 0;
}

/*
 * A failure: count it against the host (and mark the host unavailable
 * at the threshold), then try the job again later, or drop it after its
 * last attempt. A failed probe of an unavailable host is not counted.
 */
static int
record_failure(struct db *db, const struct config *cf,
    const struct delivery_job *j)
{
	static const char *host_sql =
	    "INSERT INTO delivery_hosts AS h (host, failures) VALUES ($1, 1) "
	    "ON CONFLICT (host) DO UPDATE SET failures = h.failures + 1 "
	    "RETURNING h.unavailable_since IS NOT NULL";
	static const char *mark_sql =
	    "UPDATE delivery_hosts SET unavailable_since = now(), "
	    "probe_at = now() + $2 * interval '1 second' "
	    "WHERE host = $1 AND unavailable_since IS NULL AND failures >= $3";
	/* Parked: not due before the probe, not claimed meanwhile. */
	static const char *park_sql =
	    "UPDATE deliveries d SET next_at = CASE WHEN d.id = $2 "
	    "THEN h.probe_at ELSE greatest(d.next_at, h.probe_at) END, "
	    "claimed_by = CASE WHEN d.id = $2 THEN NULL ELSE d.claimed_by END "
	    "FROM delivery_hosts h WHERE h.host = $1 AND d.host = h.host "
	    "AND (d.claimed_by IS NULL OR d.id = $2)";
	static const char *retry_sql =
	    "UPDATE deliveries SET attempts = attempts + 1, claimed_by = NULL, "
	    "next_at = now() + $2 * interval '1 second' WHERE id = $1";
	static const char *drop_sql = "DELETE FROM deliveries WHERE id = $1";
	struct db_params p;
	PGresult *res;
	long marked;
	int was_unavailable;

	db_params_init(&p);
	dbp_str(&p, j->host);
	if ((res = db_run(db, host_sql, &p)) == NULL)
		return -1;
	was_unavailable = PQntuples(res) == 1 && db_bool(res, 0, 0);
	PQclear(res);
	marked = 0;
	if (!was_unavailable) {
		dbp_int(&p, cf->delivery_host_probe);
		dbp_int(&p, cf->delivery_host_failures);
		if ((marked = db_exec(db, mark_sql, &p)) == -1)
			return -1;
		if (marked > 0)
			log_info("delivery: %s failed %d times in a row: "
			    "unavailable, its deliveries wait", j->host,
			    cf->delivery_host_failures);
	}
	if (!was_unavailable && j->attempts + 1 >= DELIVERY_MAX_ATTEMPTS) {
		log_info("delivery: dropped to %s after %d attempts",
		    j->inbox_url, DELIVERY_MAX_ATTEMPTS);
		db_params_init(&p);
		dbp_int(&p, j->id);
		if (db_exec(db, drop_sql, &p) == -1)
			return -1;
	} else if (!was_unavailable) {
		db_params_init(&p);
		dbp_int(&p, j->id);
		dbp_int(&p, delivery_backoff(cf, j->attempts + 1));
		if (db_exec(db, retry_sql, &p) == -1)
			return -1;
	}
	if (was_unavailable || marked > 0) {
		db_params_init(&p);
		dbp_str(&p, j->host);
		dbp_int(&p, j->id);
		if (db_exec(db, park_sql, &p) == -1)
			return -1;
	}
	return 0;
}

int
delivery_record(struct db *db, const struct config *cf,
    const struct delivery_job *jobs, const enum delivery_outcome *o,
    size_t n)
{
	static const char *delete_sql =
	    "DELETE FROM deliveries WHERE id = ANY($1::bigint[])";
	/* A host that answers is available, whatever it answered. */
	static const char *hosts_sql =
	    "DELETE FROM delivery_hosts WHERE host = ANY($1::text[])";
	static const char *unsent_sql =
	    "UPDATE deliveries SET claimed_by = NULL, claimed_at = NULL, "
	    "next_at = now() WHERE id = ANY($1::bigint[])";
	size_t i;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (o[i] == DELIVERY_DROPPED)
			log_info("delivery: %s refused it for good; dropped",
			    jobs[i].inbox_url);
		if ((o[i] == DELIVERY_GONE && record_gone(db, &jobs[i]) == -1) ||
		    (o[i] == DELIVERY_FAILED &&
		    record_failure(db, cf, &jobs[i]) == -1))
			goto rollback;
	}
	if (run_on(db, delete_sql, jobs, o, n, answered, 0) == -1 ||
	    run_on(db, hosts_sql, jobs, o, n, answered, 1) == -1 ||
	    run_on(db, unsent_sql, jobs, o, n, unsent, 0) == -1 ||
	    db_commit(db) == -1)
		goto rollback;
	return 0;
rollback:
	db_rollback(db);
	return -1;
}

int
delivery_status_load(struct db *db, struct delivery_status *st)
{
	static const char *sql =
	    "SELECT (SELECT count(*) FROM outbox_events WHERE NOT expanded), "
	    "(SELECT count(*) FROM deliveries), "
	    "(SELECT count(*) FROM deliveries WHERE next_at <= now()), "
	    "(SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL), "
	    "(SELECT count(*) FROM delivery_hosts "
	    "  WHERE unavailable_since IS NOT NULL)";
	PGresult *res;

	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	st->events = (long)db_int(res, 0, 0);
	st->queued = (long)db_int(res, 0, 1);
	st->due = (long)db_int(res, 0, 2);
	st->claimed = (long)db_int(res, 0, 3);
	st->hosts_unavailable = (long)db_int(res, 0, 4);
	PQclear(res);
	return 0;
}
