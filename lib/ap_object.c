/*
 * ap_object: the look-ups behind the ActivityPub URLs of statuses.
 */
#include <stdlib.h>
#include <string.h>

#include "ap_object.h"
#include "buf.h"
#include "db.h"
#include "visibility.h"

#define REPLIES_MAX	40

int
ap_local_status_find(struct db *db, const char *username, int64_t id,
    struct ap_local_status *out)
{
	static const char *sql =
	    "SELECT s.id, s.account_id, s.uri, s.visibility, "
	    "s.deleted_at IS NOT NULL, s.reblog_of_id IS NOT NULL, "
	    "a.suspended_at IS NOT NULL "
	    "FROM statuses s JOIN accounts a ON a.id = s.account_id "
	    "WHERE s.id = $1 AND s.local AND a.domain IS NULL "
	    "AND lower(a.username) = lower($2)";
	struct db_params p;
	PGresult *res;
	int found;

	memset(out, 0, sizeof(*out));
	db_params_init(&p);
	dbp_int(&p, id);
	dbp_str(&p, username);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	found = PQntuples(res) == 1;
	if (found) {
		out->id = db_int(res, 0, 0);
		out->account_id = db_int(res, 0, 1);
		out->uri = db_dup(res, 0, 2);
		out->visibility = db_dup(res, 0, 3);
		out->deleted = db_bool(res, 0, 4);
		out->reblog = db_bool(res, 0, 5);
		out->author_suspended = db_bool(res, 0, 6);
	}
	PQclear(res);
	return found;
}

void
ap_local_status_free(struct ap_local_status *s)
{
	free(s->uri);
	free(s->visibility);
	memset(s, 0, sizeof(*s));
}

int
ap_replies_page(struct db *db, int64_t status_id, int64_t after_id,
    int limit, struct ap_uri_page *out)
{
	static const char *sql =
	    "SELECT s.id, s.uri FROM statuses s WHERE s.in_reply_to_id = $1 "
	    "AND s.id > $2 AND s.deleted_at IS NULL "
	    "AND s.visibility IN ('public', 'unlisted') AND "
	    AUTHOR_NOT_SUSPENDED " ORDER BY s.id ASC LIMIT $3";
	struct db_params p;
	PGresult *res;
	int i, rows;

	memset(out, 0, sizeof(*out));
	if (limit < 1 || limit > REPLIES_MAX)
		limit = REPLIES_MAX;
	db_params_init(&p);
	dbp_int(&p, status_id);
	dbp_int(&p, after_id);
	dbp_int(&p, limit);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	out->uris = xcalloc(rows ? (size_t)rows : 1, sizeof(char *));
	out->ids = xcalloc(rows ? (size_t)rows : 1, sizeof(int64_t));
	for (i = 0; i < rows; i++) {
		out->ids[i] = db_int(res, i, 0);
		out->uris[i] = db_dup(res, i, 1);
	}
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

void
ap_uri_page_free(struct ap_uri_page *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++)
		free(pg->uris[i]);
	free(pg->uris);
	free(pg->ids);
	memset(pg, 0, sizeof(*pg));
}
