/*
 * remote_status: storing and fetching the posts of other servers (see
 * remote_status.h). Moved here from inbox_process.c so a post fetched
 * for a search or as the parent of a reply is stored the same way as
 * one that came with a Create.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "ap_fetch.h"
#include "ap_parse.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "domain_block.h"
#include "log.h"
#include "remote_account.h"
#include "remote_status.h"
#include "sanitize.h"

#define SPOILER_MAX	1000	/* bytes of a content warning kept */
#define TAG_NAME_MAX	100

/* A local account by its ActivityPub id (or profile URL): 1, 0, -1. */
int
local_account(struct db *db, const char *uri, int64_t *id)
{
	static const char *sql =
	    "SELECT id FROM accounts WHERE domain IS NULL AND "
	    "(uri = $1 OR url = $1) AND suspended_at IS NULL LIMIT 1";
	struct db_params p;
	PGresult *res;
	int found;

	if (uri == NULL)
		return 0;
	db_params_init(&p);
	dbp_str(&p, uri);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		*id = db_int(res, 0, 0);
	PQclear(res);
	return found;
}

/* A status we have (not deleted) by its id: 1, 0, -1. */
int
status_by_uri(struct db *db, const char *uri, int64_t *id, int64_t *author,
    char *visibility, size_t vislen)
{
	static const char *sql =
	    "SELECT id, account_id, visibility FROM statuses "
	    "WHERE uri = $1 AND deleted_at IS NULL";
	struct db_params p;
	PGresult *res;
	int found;

	if (uri == NULL)
		return 0;
	db_params_init(&p);
	dbp_str(&p, uri);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		*id = db_int(res, 0, 0);
		if (author != NULL)
			*author = db_int(res, 0, 1);
		if (visibility != NULL)
			snprintf(visibility, vislen, "%s", db_val(res, 0, 2));
	}
	PQclear(res);
	return found;
}

/* --- visibility and content -------------------------------------------- */

static int
addressed_to(const struct ap_object *o, const char *uri)
{
	size_t i;

	if (uri == NULL)
		return 0;
	for (i = 0; i < o->nto; i++)
		if (!strcmp(o->to[i], uri))
			return 1;
	for (i = 0; i < o->ncc; i++)
		if (!strcmp(o->cc[i], uri))
			return 1;
	return 0;
}

/* Mastodon's reading of to and cc. */
const char *
remote_status_visibility(struct db *db, const struct ap_object *o,
    int64_t author)
{
	static const char *sql =
	    "SELECT followers_url FROM accounts WHERE id = $1";
	struct db_params p;
	PGresult *res;
	int followers = 0;

	if (o->public_in_to)
		return "public";
	if (o->public_in_cc)
		return "unlisted";
	db_params_init(&p);
	dbp_int(&p, author);
	if ((res = db_run(db, sql, &p)) != NULL) {
		if (PQntuples(res) == 1)
			followers = addressed_to(o, db_val(res, 0, 0));
		PQclear(res);
	}
	return followers ? "private" : "direct";
}

/*
 * What a post shows: a Note's (or Question's) sanitized content; for an
 * Article, a Page, a Video, an Event and the rest, its name and a link
 * to the original, as Mastodon shows them.
 */
char *
remote_status_content(const struct ap_object *o)
{
	struct buf b = BUF_INIT;
	const char *link;

	if (o->type == AP_TYPE_NOTE || o->type == AP_TYPE_QUESTION ||
	    o->type == AP_TYPE_CHAT_MESSAGE) {
		sanitize_html(o->content ? o->content : "",
		    o->content ? strlen(o->content) : 0, &b);
		buf_putc(&b, '\0');
		b.len--;
		return buf_detach(&b);
	}
	link = o->url != NULL ? o->url : o->id;
	buf_puts(&b, "<p>");
	if (o->name != NULL) {
		buf_puts(&b, "<strong>");
		buf_html(&b, o->name, strlen(o->name));
		buf_puts(&b, "</strong></p><p>");
	}
	buf_puts(&b, "<a href=\"");
	buf_html(&b, link, strlen(link));
	buf_puts(&b, "\" rel=\"nofollow noopener noreferrer\">");
	buf_html(&b, link, strlen(link));
	buf_puts(&b, "</a></p>");
	return buf_detach(&b);
}

/* A content warning is plain text: the summary's text, cut. */
char *
remote_status_spoiler(const struct ap_object *o)
{
	const char *s = o->summary;
	size_t n;

	if (s == NULL || (o->type != AP_TYPE_NOTE &&
	    o->type != AP_TYPE_QUESTION))
		return xstrdup("");
	n = strlen(s);
	if (n > SPOILER_MAX) {
		n = SPOILER_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return xstrndup(s, n);
}

/* "2019-05-10T09:03:36.000000Z" of a date, or NULL for "now". */
void
remote_status_time(int64_t t, char *out)
{
	int64_t now = (int64_t)time(NULL) * 1000000;

	if (t == AP_NO_TIME || t > now)
		t = now;
	ap_format_time(t, out);
}

/* --- statuses ------------------------------------------------------------ */

int
remote_status_save_mentions(struct db *db, int64_t status,
    const struct ap_object *o)
{
	static const char *sql =
	    "INSERT INTO mentions (status_id, account_id, silent) "
	    "VALUES ($1, $2, $3) ON CONFLICT (status_id, account_id) "
	    "DO UPDATE SET silent = mentions.silent AND excluded.silent";
	struct db_params p;
	int64_t id;
	size_t i;
	int found;

	for (i = 0; i < o->ntags + o->nto + o->ncc; i++) {
		const char *uri;
		int silent = 0;

		if (i < o->ntags) {
			if (o->tags[i].type != AP_TYPE_MENTION)
				continue;
			uri = o->tags[i].href;
		} else {
			/* Addressed but not tagged: a silent mention. */
			uri = i < o->ntags + o->nto ? o->to[i - o->ntags] :
			    o->cc[i - o->ntags - o->nto];
			silent = 1;
		}
		if ((found = local_account(db, uri, &id)) == -1)
			return -1;
		if (found == 0)
			continue;
		db_params_init(&p);
		dbp_int(&p, status);
		dbp_int(&p, id);
		dbp_bool(&p, silent);
		if (db_exec(db, sql, &p) == -1)
			return -1;
	}
	return 0;
}

static int
tag_name_valid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' ||
		    (unsigned char)*s >= 0x80))
			return 0;
	return n > 0 && n <= TAG_NAME_MAX;
}

int
remote_status_save_tags(struct db *db, int64_t status,
    const struct ap_object *o)
{
	static const char *sql =
	    "WITH t AS (INSERT INTO tags (name) VALUES ($2) "
	    "ON CONFLICT (lower(name)) DO UPDATE SET updated_at = now() "
	    "RETURNING id) "
	    "INSERT INTO status_tags (tag_id, status_id) "
	    "SELECT id, $1 FROM t ON CONFLICT DO NOTHING";
	struct db_params p;
	const char *name;
	size_t i;

	for (i = 0; i < o->ntags; i++) {
		if (o->tags[i].type != AP_TYPE_HASHTAG ||
		    (name = o->tags[i].name) == NULL)
			continue;
		if (*name == '#')
			name++;
		if (!tag_name_valid(name))
			continue;
		db_params_init(&p);
		dbp_int(&p, status);
		dbp_str(&p, name);
		if (db_exec(db, sql, &p) == -1)
			return -1;
	}
	return 0;
}

/* The conversation of a new status: its parent's, or its context's. */
static int
conversation_for(struct db *db, const struct ap_object *o, int64_t parent,
    int64_t *id)
{
	static const char *parent_sql =
	    "SELECT conversation_id FROM statuses WHERE id = $1";
	static const char *context_sql =
	    "INSERT INTO conversations (uri) VALUES ($1) ON CONFLICT (uri) "
	    "DO UPDATE SET uri = excluded.uri RETURNING id";
	static const char *new_sql =
	    "INSERT INTO conversations DEFAULT VALUES RETURNING id";
	struct db_params p;
	PGresult *res;

	*id = 0;
	db_params_init(&p);
	if (parent != 0) {
		dbp_int(&p, parent);
		if ((res = db_run(db, parent_sql, &p)) == NULL)
			return -1;
		if (PQntuples(res) == 1 && db_val(res, 0, 0) != NULL)
			*id = db_int(res, 0, 0);
		PQclear(res);
		if (*id != 0)
			return 0;
		db_params_init(&p);
	}
	if (o->context != NULL)
		dbp_str(&p, o->context);
	if ((res = db_run(db, o->context ? context_sql : new_sql, &p)) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		*id = db_int(res, 0, 0);
	PQclear(res);
	return 0;
}

/*
 * Store a remote post by author (its origin already checked): 0 and *id
 * (also when we had it), -1 on a database error.
 */
int
remote_status_store(struct db *db, const struct ap_object *o, int64_t author,
    int64_t *id)
{
	static const char *sql =
	    "INSERT INTO statuses (uri, url, account_id, content, "
	    "spoiler_text, visibility, sensitive, language, in_reply_to_id, "
	    "in_reply_to_account_id, in_reply_to_uri, conversation_id, local, "
	    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	    "nullif($9::bigint, 0), nullif($10::bigint, 0), $11, "
	    "nullif($12::bigint, 0), false, "
	    "$13::timestamptz, $13::timestamptz) "
	    "ON CONFLICT (uri) DO NOTHING RETURNING id";
	struct db_params p;
	PGresult *res;
	char *content = NULL, *spoiler = NULL, when[AP_TIME_SIZE];
	int64_t parent = 0, parent_author = 0, conversation;
	int found, rc = -1;

	if ((found = status_by_uri(db, o->id, id, NULL, NULL, 0)) != 0)
		return found == 1 ? 0 : -1;
	if (o->in_reply_to != NULL && status_by_uri(db, o->in_reply_to,
	    &parent, &parent_author, NULL, 0) == -1)
		return -1;
	if (db_begin(db) == -1)
		return -1;
	if (conversation_for(db, o, parent, &conversation) == -1)
		goto fail;
	content = remote_status_content(o);
	spoiler = remote_status_spoiler(o);
	remote_status_time(o->published, when);
	db_params_init(&p);
	dbp_str(&p, o->id);
	dbp_str(&p, o->url != NULL ? o->url : o->id);
	dbp_int(&p, author);
	dbp_str(&p, content);
	dbp_str(&p, spoiler);
	dbp_str(&p, remote_status_visibility(db, o, author));
	dbp_bool(&p, o->sensitive);
	dbp_str(&p, o->language);
	dbp_int(&p, parent);
	dbp_int(&p, parent_author);
	dbp_str(&p, o->in_reply_to);
	dbp_int(&p, conversation);
	dbp_str(&p, when);
	if ((res = db_run(db, sql, &p)) == NULL)
		goto fail;
	found = PQntuples(res) == 1;
	if (found)
		*id = db_int(res, 0, 0);
	PQclear(res);
	if (!found) {
		/* Another processor stored it first. */
		db_rollback(db);
		rc = status_by_uri(db, o->id, id, NULL, NULL, 0) == 1 ? 0 : -1;
		goto done;
	}
	if (remote_status_save_mentions(db, *id, o) == -1 ||
	    remote_status_save_tags(db, *id, o) == -1 || db_commit(db) == -1)
		goto fail;
	rc = 0;
	goto done;
fail:
	db_rollback(db);
done:
	free(content);
	free(spoiler);
	return rc;
}

/* --- fetching ------------------------------------------------------------ */

static int
is_post(const struct ap_object *o)
{
	return o->kind == AP_KIND_OBJECT && o->id != NULL;
}

int
remote_status_save_fetched(struct db *db, struct remote_fetcher *f,
    const struct ap_object *o, int64_t *id, char *err, size_t errlen)
{
	int64_t author;

	if (!is_post(o)) {
		snprintf(err, errlen, "a %s is not a post", o->type_name);
		return -1;
	}
	/* ap_fetch took the id only from its own origin; the author must
	 * be of that origin too, or anyone could post in another's name. */
	if (o->attributed_to == NULL ||
	    !ap_same_origin(o->id, o->attributed_to)) {
		snprintf(err, errlen, "the post's author is missing or of "
		    "another origin");
		return -1;
	}
	/* remote_account_save refuses a suspended domain's author. */
	if (remote_account_resolve(db, f, o->attributed_to, 0, &author, err,
	    errlen) == -1)
		return -1;
	if (remote_status_store(db, o, author, id) == -1) {
		snprintf(err, errlen, "the post could not be stored: %s",
		    db_last_error(db));
		return -1;
	}
	return 0;
}

int
remote_url_refused(struct db *db, const struct config *cf, const char *uri,
    char *err, size_t errlen)
{
	enum domain_severity sev = DOMAIN_NOT_BLOCKED;
	char *domain;
	int reject, rc;

	if (!ap_url_valid(uri) || (domain = remote_domain_of(uri)) == NULL) {
		snprintf(err, errlen, "not an http(s) URL");
		return 1;
	}
	if (!strcasecmp(domain, cf->domain)) {
		snprintf(err, errlen, "a URL of this server");
		rc = 1;
	} else if (domain_block_for(db, domain, &sev, &reject) == -1) {
		snprintf(err, errlen, "database error");
		rc = 1;
	} else if (sev == DOMAIN_SUSPEND) {
		snprintf(err, errlen, "%s is suspended here", domain);
		rc = 1;
	} else
		rc = 0;
	free(domain);
	return rc;
}

int
remote_status_fetch(struct db *db, const struct config *cf,
    struct remote_fetcher *f, const char *uri, int64_t *id, char *err,
    size_t errlen)
{
	struct json_object *json;
	struct ap_view *doc;
	struct ap_error perr;
	long status;
	int found, rc;

	if ((found = status_by_uri(db, uri, id, NULL, NULL, 0)) != 0) {
		if (found == -1)
			snprintf(err, errlen, "database error");
		return found == 1 ? 0 : -1;
	}
	if (remote_url_refused(db, cf, uri, err, errlen))
		return -1;
	json = ap_fetch_object(&f->policy, uri, f->key_id, f->key, &status,
	    err, errlen);
	if (json == NULL)
		return -1;
	doc = ap_parse(json, &perr);
	json_object_put(json);
	if (doc == NULL) {
		snprintf(err, errlen, "%s", perr.reason);
		return -1;
	}
	rc = remote_status_save_fetched(db, f, doc->object, id, err, errlen);
	ap_view_free(doc);
	return rc;
}

/*
 * What a stored status replies to that we lack: 1 and *parent_uri
 * (malloc'd), 0 when nothing is missing, -1.
 */
static int
missing_parent(struct db *db, int64_t status, char **parent_uri)
{
	static const char *sql =
	    "SELECT in_reply_to_uri FROM statuses WHERE id = $1 AND "
	    "in_reply_to_id IS NULL AND in_reply_to_uri IS NOT NULL AND "
	    "deleted_at IS NULL";
	struct db_params p;
	PGresult *res;
	int found;

	db_params_init(&p);
	dbp_int(&p, status);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		*parent_uri = db_dup(res, 0, 0);
	PQclear(res);
	return found;
}

/*
 * Link a reply to the parent that came after it. The statistics trigger
 * counts a reply when it is made, so the count is added here.
 */
static int
link_reply(struct db *db, int64_t status, int64_t parent)
{
	static const char *sql =
	    "WITH l AS (UPDATE statuses SET in_reply_to_id = $2, "
	    "in_reply_to_account_id = (SELECT account_id FROM statuses "
	    "WHERE id = $2) WHERE id = $1 AND in_reply_to_id IS NULL "
	    "RETURNING visibility, deleted_at) "
	    "SELECT status_stats_add($2, 1, 0, 0) FROM l "
	    "WHERE deleted_at IS NULL AND visibility IN ('public', 'unlisted')";
	struct db_params p;

	db_params_init(&p);
	dbp_int(&p, status);
	dbp_int(&p, parent);
	return db_exec(db, sql, &p);
}

int
remote_status_fetch_ancestors(struct db *db, const struct config *cf,
    struct remote_fetcher *f, int64_t status_id, int max, char *err,
    size_t errlen)
{
	char *uri = NULL;
	int64_t parent;
	int found, linked = 0;

	while (linked < max) {
		if ((found = missing_parent(db, status_id, &uri)) != 1) {
			if (found == -1) {
				snprintf(err, errlen, "database error");
				return -1;
			}
			break;
		}
		if (remote_status_fetch(db, cf, f, uri, &parent, err,
		    errlen) == -1) {
			free(uri);
			return -1;
		}
		free(uri);
		uri = NULL;
		if (parent == status_id || link_reply(db, status_id,
		    parent) == -1) {
			snprintf(err, errlen, parent == status_id ?
			    "a post that replies to itself" :
			    "database error");
			return -1;
		}
		linked++;
		status_id = parent;
	}
	return linked;
}
