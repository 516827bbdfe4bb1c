/*
 * migrate: applies the numbered files of sql/ that the database has not
 * seen, each in its own transaction, and records them in
 * schema_migrations.
 */
#ifndef WOOLLY_MIGRATE_H
#define WOOLLY_MIGRATE_H

struct db;

/* The directory holding NNNN_name.sql files (env WOOLLY_SQL_DIR wins). */
const char	*migrate_default_dir(void);
/* Number applied (0 = up to date) or -1; progress and errors on stderr. */
int		 migrate_run(struct db *, const char *dir);
/* Number of files not yet applied, or -1. */
int		 migrate_pending(struct db *, const char *dir);

#endif
