/*
 * instance: the server's own numbers and texts. The counts read the
 * per-account counters, the weekly activity record kept by triggers
 * (sql/0012) and index-only ranges of ids, never a scan of all statuses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "instance.h"

#define ISO_TIME(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* The first day of the week that was n weeks ago (0: this week). */
#define WEEKS_AGO(n) \
	"(date_trunc('week', now() AT TIME ZONE 'UTC')::date - 7 * " n ")"
#define ACTIVE_SINCE(bound) \
	"(SELECT count(*) FROM users u JOIN accounts a " \
	"  ON a.id = u.account_id " \
	"  LEFT JOIN account_stats st ON st.account_id = a.id " \
	"  WHERE a.suspended_at IS NULL AND u.approved AND NOT u.disabled " \
	"  AND (EXISTS (SELECT 1 FROM user_activity_weeks w " \
	"    WHERE w.user_id = u.id AND w.week >= " bound ") " \
	"  OR st.last_status_at >= " bound "))"

static const char *stats_sql =
    "SELECT "
    "(SELECT count(*) FROM users u JOIN accounts a "
    "  ON a.id = u.account_id WHERE a.suspended_at IS NULL "
    "  AND u.approved AND u.confirmed_at IS NOT NULL), "
    "(SELECT coalesce(sum(st.statuses_count), 0) FROM accounts a "
    "  JOIN account_stats st ON st.account_id = a.id "
    "  WHERE a.domain IS NULL), "
    "(SELECT count(DISTINCT lower(a.domain)) FROM accounts a "
    "  WHERE a.domain IS NOT NULL), "
    ACTIVE_SINCE(WEEKS_AGO("3")) ", "
    ACTIVE_SINCE(WEEKS_AGO("23"));

static const char *activity_sql =
    "SELECT extract(epoch FROM w.start)::bigint, "
    "(SELECT count(*) FROM statuses s WHERE s.local "
    "  AND s.deleted_at IS NULL "
    "  AND s.id >= timestamp_id_floor(w.start) "
    "  AND s.id < timestamp_id_floor(w.start + interval '1 week')), "
    "(SELECT count(*) FROM user_activity_weeks uw "
    "  WHERE uw.week = (w.start AT TIME ZONE 'UTC')::date), "
    "(SELECT count(*) FROM users u WHERE u.created_at >= w.start "
    "  AND u.created_at < w.start + interval '1 week') "
    "FROM generate_series(0, 11) AS g(n) "
    "CROSS JOIN LATERAL (SELECT date_trunc('week', now(), 'UTC') "
    "  - g.n * interval '1 week' AS start) AS w "
    "ORDER BY g.n";

int
instance_stats(struct db *db, struct instance_stats *st)
{
	PGresult *res;

	if ((res = db_run(db, stats_sql, NULL)) == NULL)
		return -1;
	st->user_count = db_int(res, 0, 0);
	st->status_count = db_int(res, 0, 1);
	st->domain_count = db_int(res, 0, 2);
	st->active_month = db_int(res, 0, 3);
	st->active_halfyear = db_int(res, 0, 4);
	PQclear(res);
	return 0;
}

int
instance_activity(struct db *db,
    struct instance_week weeks[INSTANCE_ACTIVITY_WEEKS])
{
	PGresult *res;
	int i;

	if ((res = db_run(db, activity_sql, NULL)) == NULL)
		return -1;
	if (PQntuples(res) != INSTANCE_ACTIVITY_WEEKS) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < INSTANCE_ACTIVITY_WEEKS; i++) {
		weeks[i].week = db_int(res, i, 0);
		weeks[i].statuses = db_int(res, i, 1);
		weeks[i].logins = db_int(res, i, 2);
		weeks[i].registrations = db_int(res, i, 3);
	}
	PQclear(res);
	return 0;
}

void
domain_list_free(struct domain_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int
instance_peers(struct db *db, struct domain_list *out)
{
	static const char *sql =
	    "SELECT DISTINCT lower(domain) FROM accounts "
	    "WHERE domain IS NOT NULL ORDER BY 1";
	PGresult *res;
	int i, rows;

	out->items = NULL;
	out->n = 0;
	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	out->items = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof(char *));
	for (i = 0; i < rows; i++)
		out->items[i] = db_dup(res, i, 0);
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
instance_rules_load(struct db *db, struct instance_rules *out)
{
	static const char *sql =
	    "SELECT id, text, hint FROM instance_rules "
	    "WHERE deleted_at IS NULL ORDER BY priority, id";
	PGresult *res;
	int i, rows;

	out->items = NULL;
	out->n = 0;
	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	out->items = xcalloc(rows > 0 ? (size_t)rows : 1,
	    sizeof(*out->items));
	for (i = 0; i < rows; i++) {
		out->items[i].id = db_int(res, i, 0);
		out->items[i].text = db_dup(res, i, 1);
		out->items[i].hint = db_dup(res, i, 2);
	}
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

void
instance_rules_free(struct instance_rules *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].text);
		free(l->items[i].hint);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int64_t
instance_rule_add(struct db *db, const char *text, const char *hint)
{
	static const char *sql =
	    "INSERT INTO instance_rules (text, hint, priority) "
	    "SELECT $1, $2, coalesce(max(priority) + 1, 0) "
	    "FROM instance_rules WHERE deleted_at IS NULL RETURNING id";
	struct db_params p;
	PGresult *res;
	int64_t id;

	db_params_init(&p);
	dbp_str(&p, text);
	dbp_str(&p, hint != NULL ? hint : "");
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	id = db_int(res, 0, 0);
	PQclear(res);
	return id;
}

int
instance_rule_remove(struct db *db, int64_t id)
{
	static const char *sql =
	    "UPDATE instance_rules SET deleted_at = now(), updated_at = now() "
	    "WHERE id = $1 AND deleted_at IS NULL";
	struct db_params p;
	long n;

	db_params_init(&p);
	dbp_int(&p, id);
	if ((n = db_exec(db, sql, &p)) == -1)
		return -1;
	return n > 0;
}

int
instance_extended_description(struct db *db, char **text, char **updated_at)
{
	static const char *sql =
	    "SELECT (SELECT value FROM instance_settings "
	    "  WHERE key = 'extended_description'), "
	    ISO_TIME("coalesce((SELECT value FROM instance_settings "
	    "  WHERE key = 'extended_description_updated_at')::timestamptz, "
	    "  now())");
	PGresult *res;
	const char *v;

	*text = *updated_at = NULL;
	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	v = db_val(res, 0, 0);
	*text = xstrdup(v != NULL ? v : "");
	*updated_at = db_dup(res, 0, 1);
	PQclear(res);
	return 0;
}

int
instance_set_extended_description(struct db *db, const char *text)
{
	static const char *sql =
	    "INSERT INTO instance_settings (key, value) VALUES "
	    "('extended_description', $1), "
	    "('extended_description_updated_at', now()::text) "
	    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value";
	struct db_params p;

	db_params_init(&p);
	dbp_str(&p, text);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

int
instance_setting(struct db *db, const char *key, char **value)
{
	static const char *sql =
	    "SELECT value FROM instance_settings WHERE key = $1";
	struct db_params p;
	PGresult *res;

	*value = NULL;
	db_params_init(&p);
	dbp_str(&p, key);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		*value = db_dup(res, 0, 0);
	PQclear(res);
	return 0;
}
