/*
 * status_edit: one transaction per edit, holding the status row locked
 * so two edits cannot interleave their revisions.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "outbox.h"
#include "format.h"
#include "status.h"
#include "status_edit.h"

#define ISO_TIME(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* The row as it stands before the edit. */
struct current {
	char	*text, *spoiler_text, *language;
	int	 sensitive;
};

static int
lock_current(struct db *db, int64_t id, int64_t account_id,
    struct current *cur)
{
	static const char *sql =
	    "SELECT text, spoiler_text, sensitive, language FROM statuses "
	    "WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL "
	    "AND reblog_of_id IS NULL FOR UPDATE";
	struct db_params p;
	PGresult *res;
	int found;

	memset(cur, 0, sizeof(*cur));
	db_params_init(&p);
	dbp_int(&p, id);
	dbp_int(&p, account_id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		cur->text = db_dup(res, 0, 0);
		cur->spoiler_text = db_dup(res, 0, 1);
		cur->sensitive = db_bool(res, 0, 2);
		cur->language = db_dup(res, 0, 3);
	}
	PQclear(res);
	return found;
}

static void
current_free(struct current *cur)
{
	free(cur->text);
	free(cur->spoiler_text);
	free(cur->language);
}

static int
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * The first revision is the status as it was posted, dated when it was
 * posted (Mastodon's create_previous_edit!).
 */
static int
record_original(struct db *db, int64_t id)
{
	static const char *sql =
	    "INSERT INTO status_edits (status_id, account_id, text, content, "
	    "spoiler_text, sensitive, language, created_at) "
	    "SELECT s.id, s.account_id, s.text, s.content, s.spoiler_text, "
	    "s.sensitive, s.language, s.created_at FROM statuses s "
	    "WHERE s.id = $1 AND NOT EXISTS (SELECT 1 FROM status_edits e "
	    "WHERE e.status_id = s.id)";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, id);
	return db_exec(db, sql, &p) == -1 ? -1 : 0;
}

/* Apply the change and record it as a revision dated now. */
static int
apply_change(struct db *db, int64_t id, int64_t account_id,
    const struct status_change *c, const char *spoiler, int sensitive,
    const char *language, const char *html)
{
	static const char *update_sql =
	    "UPDATE statuses SET text = $2, content = $3, spoiler_text = $4, "
	    "sensitive = $5, language = $6, edited_at = now(), "
	    "updated_at = now() WHERE id = $1";
	static const char *revision_sql =
	    "INSERT INTO status_edits (status_id, account_id, text, content, "
	    "spoiler_text, sensitive, language, created_at) "
	    "SELECT s.id, $2, s.text, s.content, s.spoiler_text, s.sensitive, "
	    "s.language, s.edited_at FROM statuses s WHERE s.id = $1";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, id);
	dbp_str(&p, c->text);
	dbp_str(&p, html);
	dbp_str(&p, spoiler);
	dbp_bool(&p, sensitive);
	dbp_str(&p, language);
	if (db_exec(db, update_sql, &p) == -1)
		return -1;
	db_params_init(&p);
	dbp_int(&p, id);
	dbp_int(&p, account_id);
	return db_exec(db, revision_sql, &p) == -1 ? -1 : 0;
}

enum status_edit_result
status_edit(struct db *db, const struct config *cf, int64_t id,
    int64_t account_id, const struct status_change *c)
{
	struct current cur;
	struct format_result fr;
	enum status_edit_result rc = STATUS_EDIT_ERROR;
	const char *spoiler, *language;
	int sensitive;

	memset(&fr, 0, sizeof(fr));
	if (db_begin(db) == -1)
		return STATUS_EDIT_ERROR;
	switch (lock_current(db, id, account_id, &cur)) {
	case 0:
		rc = STATUS_EDIT_NOT_FOUND;
		/* FALLTHROUGH */
	case -1:
		goto rollback;
	}
	spoiler = c->spoiler_text != NULL ? c->spoiler_text : "";
	sensitive = c->sensitive == 1 || *spoiler != '\0';
	language = c->language != NULL ? c->language : cur.language;
	if (same_text(c->text, cur.text) &&
	    same_text(spoiler, cur.spoiler_text) &&
	    sensitive == cur.sensitive && same_text(language, cur.language)) {
		rc = STATUS_EDIT_UNCHANGED;
		goto rollback;
	}
	status_format(db, cf, c->text, &fr);
	if (record_original(db, id) == -1 ||
	    apply_change(db, id, account_id, c, spoiler, sensitive, language,
	    fr.html) == -1 ||
	    status_save_mentions(db, id, &fr, 1) == -1 ||
	    status_save_tags(db, id, &fr, 1) == -1 ||
	    outbox_status_edited(db, cf, id) == -1)
		goto rollback;
	if (db_commit(db) == -1)
		goto rollback;
	rc = STATUS_EDITED;
	goto done;
rollback:
	db_rollback(db);
done:
	current_free(&cur);
	format_result_free(&fr);
	return rc;
}

int
status_history(struct db *db, int64_t id, struct status_history *out)
{
	static const char *sql =
	    "SELECT content, spoiler_text, sensitive, " ISO_TIME("created_at")
	    " FROM status_edits WHERE status_id = $1 ORDER BY id";
	struct db_params p;
	PGresult *res;
	int i, rows;

	out->items = NULL;
	out->n = 0;
	db_params_init(&p);
	dbp_int(&p, id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	rows = PQntuples(res);
	out->items = xcalloc(rows ? (size_t)rows : 1, sizeof(*out->items));
	for (i = 0; i < rows; i++) {
		out->items[i].content = db_dup(res, i, 0);
		out->items[i].spoiler_text = db_dup(res, i, 1);
		out->items[i].sensitive = db_bool(res, i, 2);
		out->items[i].created_at = db_dup(res, i, 3);
	}
	out->n = (size_t)rows;
	PQclear(res);
	return 0;
}

void
status_history_free(struct status_history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->items[i].content);
		free(h->items[i].spoiler_text);
		free(h->items[i].created_at);
	}
	free(h->items);
	h->items = NULL;
	h->n = 0;
}
