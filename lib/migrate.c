/*
 * migrate: schema migrations. A migration is a file named NNNN_name.sql;
 * they run in name order, each inside one transaction together with the
 * row that records it, so a failing file leaves no trace but its error.
 * An advisory lock keeps two migrators from racing.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "migrate.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/share/woolly"
#endif

#define MIGRATE_LOCK "5772001"	/* advisory lock key: arbitrary, ours */

const char *
migrate_default_dir(void)
{
	const char *env = getenv("WOOLLY_SQL_DIR");

	return env && *env ? env : PKGDATADIR "/sql";
}

static int
is_migration(const char *name)
{
	size_t n = strlen(name);

	return n > 9 && name[0] >= '0' && name[0] <= '9' &&
	    name[1] >= '0' && name[1] <= '9' && name[2] >= '0' &&
	    name[2] <= '9' && name[3] >= '0' && name[3] <= '9' &&
	    name[4] == '_' && !strcmp(name + n - 4, ".sql");
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_migrations(const char *dir, char ***names, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (d == NULL) {
		fprintf(stderr, "cannot read migrations in %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_migration(de->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = xrealloc(*names, cap * sizeof(char *));
		}
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(*names, *n, sizeof(char *), name_cmp);
	return 0;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static char *
read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t got;

	if (fp == NULL)
		return NULL;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	return buf_detach(&b);
}

static int
ensure_table(struct db *db)
{
	return db_simple(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, "
	    "applied_at timestamptz NOT NULL DEFAULT now())");
}

static int
is_applied(struct db *db, const char *version)
{
	static const char *sql =
	    "SELECT 1 FROM schema_migrations WHERE version = $1";
	struct db_params p;
	PGresult *res;
	int n;

	db_params_init(&p);
	dbp_str(&p, version);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	n = PQntuples(res) > 0;
	PQclear(res);
	return n;
}

static int
apply_one(struct db *db, const char *dir, const char *name)
{
	static const char *record_sql =
	    "INSERT INTO schema_migrations (version) VALUES ($1)";
	struct buf path = BUF_INIT;
	struct db_params p;
	char *sql;

	buf_printf(&path, "%s/%s", dir, name);
	sql = read_file(buf_cstr(&path));
	if (sql == NULL) {
		fprintf(stderr, "%s: %s\n", buf_cstr(&path), strerror(errno));
		buf_free(&path);
		return -1;
	}
	if (db_simple(db, "BEGIN") == -1)
		goto fail;
	if (db_simple(db, sql) == -1) {
		fprintf(stderr, "migration %s failed, rolled back:\n%s", name,
		    db_last_error(db));
		db_simple(db, "ROLLBACK");
		goto fail;
	}
	db_params_init(&p);
	dbp_str(&p, name);
	if (db_exec(db, record_sql, &p) == -1 || db_simple(db, "COMMIT") == -1) {
		fprintf(stderr, "migration %s could not be recorded: %s", name,
		    db_last_error(db));
		db_simple(db, "ROLLBACK");
		goto fail;
	}
	printf("applied %s\n", name);
	free(sql);
	buf_free(&path);
	return 0;
fail:
	free(sql);
	buf_free(&path);
	return -1;
}

int
migrate_pending(struct db *db, const char *dir)
{
	char **names;
	size_t n, i;
	int pending = 0, a;

	if (ensure_table(db) == -1 || list_migrations(dir, &names, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((a = is_applied(db, names[i])) == -1) {
			free_names(names, n);
			return -1;
		}
		pending += !a;
	}
	free_names(names, n);
	return pending;
}

int
migrate_run(struct db *db, const char *dir)
{
	char **names;
	size_t n, i;
	int applied = 0, a, rc = 0;

	if (db_simple(db, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")") == -1) {
		fprintf(stderr, "cannot reach the database: %s",
		    db_last_error(db));
		return -1;
	}
	if (ensure_table(db) == -1) {
		fprintf(stderr, "cannot create schema_migrations: %s",
		    db_last_error(db));
		rc = -1;
		goto unlock;
	}
	if (list_migrations(dir, &names, &n) == -1) {
		rc = -1;
		goto unlock;
	}
	if (n == 0) {
		fprintf(stderr, "no migrations found in %s\n", dir);
		rc = -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if ((a = is_applied(db, names[i])) == -1)
			rc = -1;
		else if (!a) {
			if (apply_one(db, dir, names[i]) == -1)
				rc = -1;
			else
				applied++;
		}
	}
	free_names(names, n);
unlock:
	db_simple(db, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")");
	return rc == -1 ? -1 : applied;
}
