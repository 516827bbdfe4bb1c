/*
 * tag: loading hashtags and their history. A day's uses are read from
 * the (tag_id, status_id) key between the first ids that day and the
 * next could have (ids are time-ordered), so a page of tags costs seven
 * short index range scans per tag, whatever the tag's age.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "db.h"
#include "tag.h"
#include "visibility.h"

static const char *names_sql =
    "SELECT t.id, t.name FROM unnest($1::bigint[]) WITH ORDINALITY "
    "AS ids(id, ord) JOIN tags t ON t.id = ids.id ORDER BY ids.ord";

/* One row per tag and day, today first; the tag is ids' position. */
static const char *history_sql =
    "SELECT ids.ord, extract(epoch FROM d.day)::bigint, c.uses, c.accounts "
    "FROM unnest($1::bigint[]) WITH ORDINALITY AS ids(id, ord) "
    "CROSS JOIN generate_series(0, 6) AS g(n) "
    "CROSS JOIN LATERAL (SELECT date_trunc('day', now(), 'UTC') "
    "  - g.n * interval '1 day' AS day) AS d "
    "CROSS JOIN LATERAL (SELECT count(*) AS uses, "
    "  count(DISTINCT s.account_id) AS accounts "
    "  FROM status_tags stg JOIN statuses s ON s.id = stg.status_id "
    "  WHERE stg.tag_id = ids.id "
    "  AND stg.status_id >= timestamp_id_floor(d.day) "
    "  AND stg.status_id < timestamp_id_floor(d.day + interval '1 day') "
    "  AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL "
    "  AND s.visibility IN ('public', 'unlisted') "
    "  AND " AUTHOR_NOT_SUSPENDED ") AS c "
    "ORDER BY ids.ord, g.n";

static int
load_history(struct db *db, const char *array, struct tag_list *l)
{
	struct db_params p;
	PGresult *res;
	int64_t ord, day;
	int i, rows;

	db_params_init(&p);
	dbp_str(&p, array);
	if ((res = db_run(db, history_sql, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	for (i = 0; i < rows; i++) {
		ord = db_int(res, i, 0);
		day = i % TAG_HISTORY_DAYS;
		if (ord < 1 || (size_t)ord > l->n)
			continue;
		l->items[ord - 1].history[day].day = db_int(res, i, 1);
		l->items[ord - 1].history[day].uses = db_int(res, i, 2);
		l->items[ord - 1].history[day].accounts = db_int(res, i, 3);
	}
	PQclear(res);
	return 0;
}

int
tag_load(struct db *db, const int64_t *ids, size_t n, struct tag_list *l)
{
	struct buf array = BUF_INIT;
	struct db_params p;
	PGresult *res;
	int64_t *loaded;
	int i, rows, rc = -1;

	l->items = NULL;
	l->n = 0;
	db_int_array(&array, ids, n);
	db_params_init(&p);
	dbp_str(&p, buf_cstr(&array));
	if ((res = db_run(db, names_sql, &p)) == NULL)
		goto done;
	rows = PQntuples(res);
	l->items = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof(*l->items));
	for (i = 0; i < rows; i++) {
		l->items[i].id = db_int(res, i, 0);
		l->items[i].name = db_dup(res, i, 1);
	}
	l->n = (size_t)rows;
	PQclear(res);
	if (l->n == 0) {
		rc = 0;
		goto done;
	}
	/* Keyed by the tags loaded, so a skipped id cannot shift the rest. */
	loaded = xcalloc(l->n, sizeof(*loaded));
	for (i = 0; i < rows; i++)
		loaded[i] = l->items[i].id;
	buf_reset(&array);
	db_int_array(&array, loaded, l->n);
	free(loaded);
	rc = load_history(db, buf_cstr(&array), l);
done:
	buf_free(&array);
	return rc;
}

void
tag_list_free(struct tag_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i].name);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
