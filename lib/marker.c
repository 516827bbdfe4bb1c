/*
 * marker: read markers, one row per user and timeline (sql/0011).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "marker.h"

static const char *const timelines[] = { "home", "notifications", NULL };

int
marker_timeline_valid(const char *timeline)
{
	size_t i;

	for (i = 0; timelines[i] != NULL; i++)
		if (!strcmp(timeline, timelines[i]))
			return 1;
	return 0;
}

int
marker_load(struct db *db, int64_t user_id, struct marker *out, size_t *n)
{
	static const char *sql =
	    "SELECT timeline, last_read_id, version, "
	    "to_char(updated_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
	    "FROM markers WHERE user_id = $1 ORDER BY timeline";
	struct db_params p;
	PGresult *res;
	int i, rows;

	*n = 0;
	db_params_init(&p);
	dbp_int(&p, user_id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	for (i = 0; i < rows && i < MARKER_TIMELINES; i++) {
		snprintf(out[i].timeline, sizeof(out[i].timeline), "%s",
		    PQgetvalue(res, i, 0));
		out[i].last_read_id = db_int(res, i, 1);
		out[i].version = (long)db_int(res, i, 2);
		out[i].updated_at = xstrdup(PQgetvalue(res, i, 3));
	}
	*n = (size_t)i;
	PQclear(res);
	return 0;
}

/*
 * Upsert a marker; the WHERE of the update decides whether an existing
 * one moves. Rails saves nothing (and counts no version) when nothing
 * changed, so neither does a marker set to the id it holds.
 */
#define MARKER_UPSERT(moves) \
	"INSERT INTO markers AS m (user_id, timeline, last_read_id) " \
	"VALUES ($1, $2, $3) ON CONFLICT (user_id, timeline) DO UPDATE " \
	"SET last_read_id = EXCLUDED.last_read_id, " \
	"version = m.version + 1, updated_at = now() " \
	"WHERE m.last_read_id " moves " EXCLUDED.last_read_id"

static int
marker_write(struct db *db, const char *sql, int64_t user_id,
    const char *timeline, int64_t last_read_id)
{
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, user_id);
	dbp_str(&p, timeline);
	dbp_int(&p, last_read_id);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

int
marker_set(struct db *db, int64_t user_id, const char *timeline,
    int64_t last_read_id)
{
	static const char *sql = MARKER_UPSERT("<>");

	return marker_write(db, sql, user_id, timeline, last_read_id);
}

int
marker_advance(struct db *db, int64_t user_id, const char *timeline,
    int64_t last_read_id)
{
	static const char *sql = MARKER_UPSERT("<");

	return marker_write(db, sql, user_id, timeline, last_read_id);
}

int64_t
marker_last_read(struct db *db, int64_t user_id, const char *timeline)
{
	static const char *sql = "SELECT last_read_id FROM markers "
	    "WHERE user_id = $1 AND timeline = $2";
	struct db_params p;
	PGresult *res;
	int64_t id;

	db_params_init(&p);
	dbp_int(&p, user_id);
	dbp_str(&p, timeline);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	id = PQntuples(res) == 1 ? db_int(res, 0, 0) : 0;
	PQclear(res);
	return id;
}

void
marker_free(struct marker *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].updated_at);
		m[i].updated_at = NULL;
	}
}
