/*
 * vapid: make the instance's VAPID key pair once, then read it.
 */
#include <stdlib.h>

#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "vapid.h"

/* An instance-wide constant: safe to keep for the life of the process. */
static char *public_key;

static char *
load(struct db *db)
{
	static const char *sql =
	    "SELECT value FROM instance_settings "
	    "WHERE key = 'vapid_public_key'";
	PGresult *res;
	char *key = NULL;

	if ((res = db_run(db, sql, NULL)) == NULL)
		return NULL;
	if (PQntuples(res) == 1)
		key = db_dup(res, 0, 0);
	PQclear(res);
	return key;
}

/*
 * Store a new pair unless another process stored one first: both halves
 * in one statement, so a race leaves one whole pair, never a mix.
 */
static int
create(struct db *db)
{
	static const char *sql =
	    "INSERT INTO instance_settings (key, value) "
	    "SELECT k, v FROM (VALUES ('vapid_private_key', $1), "
	    "  ('vapid_public_key', $2)) AS pair(k, v) "
	    "WHERE NOT EXISTS (SELECT 1 FROM instance_settings "
	    "  WHERE key IN ('vapid_private_key', 'vapid_public_key')) "
	    "ON CONFLICT (key) DO NOTHING";
	struct db_params p;
	char *private_pem, *public;
	long n;

	if (ec_p256_keypair(&private_pem, &public) == -1) {
		log_warnx("vapid: cannot make a P-256 key pair");
		return -1;
	}
	db_params_init(&p);
	dbp_str(&p, private_pem);
	dbp_str(&p, public);
	n = db_exec(db, sql, &p);
	free(private_pem);
	free(public);
	return n == -1 ? -1 : 0;
}

const char *
vapid_public_key(struct db *db)
{
	if (public_key != NULL)
		return public_key;
	if ((public_key = load(db)) != NULL)
		return public_key;
	if (create(db) == -1)
		return NULL;
	public_key = load(db);
	return public_key;
}
