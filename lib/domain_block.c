/*
 * domain_block: the administrator's blocks of other servers (see
 * domain_block.h). The matching lives in SQL (domain_block_for() of
 * sql/0017_inbox.sql), so every query agrees on what a block covers.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "domain_block.h"

int
domain_severity_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (!strcmp(s, "silence"))
		return DOMAIN_SILENCE;
	if (!strcmp(s, "suspend"))
		return DOMAIN_SUSPEND;
	return -1;
}

const char *
domain_severity_name(enum domain_severity s)
{
	switch (s) {
	case DOMAIN_SILENCE:
		return "silence";
	case DOMAIN_SUSPEND:
		return "suspend";
	default:
		return "none";
	}
}

#define ACCOUNTS_OF_DOMAIN \
	"domain IS NOT NULL AND (domain_host(domain) = $1 " \
	"OR domain_host(domain) LIKE '%.' || $1)"

int
domain_block(struct db *db, const char *domain, enum domain_severity sev,
    int reject_media, int reject_reports, long *affected)
{
	static const char *upsert_sql =
	    "INSERT INTO domain_blocks (domain, severity, reject_media, "
	    "reject_reports) VALUES ($1, $2, $3, $4) "
	    "ON CONFLICT (domain) DO UPDATE SET severity = excluded.severity, "
	    "reject_media = excluded.reject_media, "
	    "reject_reports = excluded.reject_reports, updated_at = now()";
	static const char *silence_sql =
	    "UPDATE accounts SET silenced_at = coalesce(silenced_at, now()) "
	    "WHERE " ACCOUNTS_OF_DOMAIN;
	/* Their statuses, follows and the rest go by ON DELETE CASCADE. */
	static const char *suspend_sql =
	    "DELETE FROM accounts WHERE " ACCOUNTS_OF_DOMAIN;
	struct db_params p;
	char *lower = xstrdup(domain), *c;
	long n;
	int rc = -1;

	for (c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	*affected = 0;
	if (db_begin(db) == -1)
		goto done;
	db_params_init(&p);
	dbp_str(&p, lower);
	dbp_str(&p, domain_severity_name(sev));
	dbp_bool(&p, reject_media);
	dbp_bool(&p, reject_reports);
	if (db_exec(db, upsert_sql, &p) == -1)
		goto fail;
	db_params_init(&p);
	dbp_str(&p, lower);
	if ((n = db_exec(db, sev == DOMAIN_SUSPEND ? suspend_sql :
	    silence_sql, &p)) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto fail;
	*affected = n;
	rc = 0;
	goto done;
fail:
	db_rollback(db);
done:
	free(lower);
	return rc;
}

int
domain_unblock(struct db *db, const char *domain)
{
	static const char *delete_sql =
	    "DELETE FROM domain_blocks WHERE domain = lower($1)";
	static const char *unsilence_sql =
	    "UPDATE accounts SET silenced_at = NULL WHERE silenced_at IS NOT "
	    "NULL AND domain IS NOT NULL AND "
	    "(domain_block_for(domain)).severity IS NULL";
	struct db_params p;
	long n;

	db_params_init(&p);
	dbp_str(&p, domain);
	if (db_begin(db) == -1)
		return -1;
	if ((n = db_exec(db, delete_sql, &p)) == -1 ||
	    db_exec(db, unsilence_sql, NULL) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return n > 0;
}

int
domain_block_list(struct db *db, struct domain_block **out, size_t *n)
{
	static const char *sql =
	    "SELECT domain, severity, reject_media, reject_reports, "
	    "to_char(created_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM domain_blocks "
	    "ORDER BY domain";
	PGresult *res;
	int i, rows;

	*out = NULL;
	*n = 0;
	if ((res = db_run(db, sql, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = xcalloc((size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].domain = db_dup(res, i, 0);
		(*out)[i].severity = domain_severity_parse(db_val(res, i, 1));
		(*out)[i].reject_media = db_bool(res, i, 2);
		(*out)[i].reject_reports = db_bool(res, i, 3);
		(*out)[i].created_at = db_dup(res, i, 4);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

void
domain_block_list_free(struct domain_block *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].domain);
		free(list[i].created_at);
	}
	free(list);
}

int
domain_block_for(struct db *db, const char *host, enum domain_severity *sev,
    int *reject_reports)
{
	static const char *sql =
	    "SELECT b.severity, b.reject_reports FROM domain_block_for($1) b "
	    "WHERE b.id IS NOT NULL";
	struct db_params p;
	PGresult *res;
	int s;

	*sev = DOMAIN_NOT_BLOCKED;
	if (reject_reports != NULL)
		*reject_reports = 0;
	db_params_init(&p);
	dbp_str(&p, host);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		s = domain_severity_parse(db_val(res, 0, 0));
		*sev = s < 0 ? DOMAIN_NOT_BLOCKED : (enum domain_severity)s;
		if (reject_reports != NULL)
			*reject_reports = db_bool(res, 0, 1);
	}
	PQclear(res);
	return 0;
}
