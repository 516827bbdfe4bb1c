/*
 * remote_account: fetching, storing and finding the accounts of other
 * servers (see remote_account.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "ap_actor.h"
#include "ap_fetch.h"
#include "ap_parse.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "remote_account.h"
#include "sanitize.h"

#define DISPLAY_NAME_MAX	100	/* characters, as Mastodon cuts */

static void
fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int
remote_fetcher_init(struct remote_fetcher *f, struct db *db,
    const struct config *cf, char *err, size_t errlen)
{
	const char *private_pem;
	char reason[HTTPSIG_REASON_MAX];
	struct buf id = BUF_INIT;

	memset(f, 0, sizeof(*f));
	if (http_policy_init(&f->policy, cf, err, errlen) == -1)
		return -1;
	if (ap_instance_actor_keys(db, NULL, &private_pem) == -1) {
		fail(err, errlen, "the instance actor's key cannot be read");
		goto fail;
	}
	if ((f->key = httpsig_key_from_pem(private_pem, reason,
	    sizeof(reason))) == NULL) {
		fail(err, errlen, "the instance actor's key: %s", reason);
		goto fail;
	}
	buf_printf(&id, "%s" INSTANCE_ACTOR_PATH "#main-key", cf->base_url);
	f->key_id = buf_detach(&id);
	return 0;
fail:
	http_policy_free(&f->policy);
	memset(f, 0, sizeof(*f));
	return -1;
}

void
remote_fetcher_free(struct remote_fetcher *f)
{
	if (f->key == NULL)
		return;
	http_policy_free(&f->policy);
	httpsig_key_free(f->key);
	free(f->key_id);
	memset(f, 0, sizeof(*f));
}

void
remote_key_free(struct remote_key *k)
{
	free(k->uri);
	free(k->key_id);
	free(k->pem);
	memset(k, 0, sizeof(*k));
}

char *
remote_domain_of(const char *url)
{
	CURLU *h = curl_url();
	char *host = NULL, *port = NULL, *out = NULL, *p;
	struct buf b = BUF_INIT;

	if (h != NULL && url != NULL &&
	    curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		buf_puts(&b, host);
		/* A port only when it is not the scheme's own. */
		if (curl_url_get(h, CURLUPART_PORT, &port, 0) == CURLUE_OK &&
		    port != NULL)
			buf_printf(&b, ":%s", port);
		out = buf_detach(&b);
		for (p = out; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(h);
	buf_free(&b);
	return out;
}

/* An object fetched and parsed; NULL with a reason. */
static struct ap_view *
fetch_parsed(struct remote_fetcher *f, const char *url, char *err,
    size_t errlen)
{
	struct json_object *json;
	struct ap_view *doc;
	struct ap_error perr;
	long status = 0;

	json = ap_fetch_object(&f->policy, url, f->key_id, f->key, &status,
	    err, errlen);
	if (json == NULL)
		return NULL;
	doc = ap_parse(json, &perr);
	json_object_put(json);
	if (doc == NULL)
		fail(err, errlen, "%s", perr.reason);
	return doc;
}

/* Has this actor a public key named key_id (NULL: any key)? */
static int
actor_has_key(const struct ap_object *actor, const char *key_id)
{
	const struct ap_public_key *k = &actor->profile.public_key;

	if (k->pem == NULL || k->id == NULL)
		return 0;
	return key_id == NULL || strcmp(k->id, key_id) == 0;
}

struct ap_view *
remote_actor_fetch(struct remote_fetcher *f, const char *uri,
    const struct ap_object **actor, char *err, size_t errlen)
{
	struct ap_view *doc, *owner_doc;
	const struct ap_object *o;
	const char *owner;
	if (!ap_url_valid(uri)) {
		fail(err, errlen, "not an http(s) URL");
		return NULL;
	}
	if ((doc = fetch_parsed(f, uri, err, errlen)) == NULL)
		return NULL;
	o = doc->object;
	if (o->kind == AP_KIND_ACTOR) {
		/* Fetched by a key id: the actor must hold that key. */
		if (strcmp(o->id, uri) != 0 && !actor_has_key(o, uri)) {
			fail(err, errlen, "the actor has no key %s", uri);
			goto fail;
		}
		*actor = o;
		return doc;
	}
	if (o->type != AP_TYPE_KEY && o->type != AP_TYPE_CRYPTOGRAPHIC_KEY) {
		fail(err, errlen, "a %s is not an actor", o->type_name);
		goto fail;
	}
	/* A Key document (GoToSocial): its owner must name it back. */
	owner = o->profile.public_key.owner;
	if (owner == NULL || !ap_same_origin(owner, uri)) {
		fail(err, errlen, "the key's owner is missing or foreign");
		goto fail;
	}
	if ((owner_doc = fetch_parsed(f, owner, err, errlen)) == NULL)
		goto fail;
	ap_view_free(doc);
	o = owner_doc->object;
	if (o->kind != AP_KIND_ACTOR || !actor_has_key(o, uri)) {
		fail(err, errlen, "the key's owner does not name the key");
		ap_view_free(owner_doc);
		return NULL;
	}
	*actor = o;
	return owner_doc;
fail:
	ap_view_free(doc);
	return NULL;
}

/* The severity of the block on a domain ("" for none), or -1. */
static int
domain_severity(struct db *db, const char *domain, char *out, size_t len)
{
	static const char *sql =
	    "SELECT (domain_block_for($1)).severity";
	struct db_params p;
	PGresult *res;

	db_params_init(&p);
	dbp_str(&p, domain);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	snprintf(out, len, "%s", PQntuples(res) == 1 &&
	    db_val(res, 0, 0) != NULL ? db_val(res, 0, 0) : "");
	PQclear(res);
	return 0;
}

static void
add_str(json_object *j, const char *name, const char *value)
{
	if (value != NULL)
		json_object_object_add(j, name, json_object_new_string(value));
}

/* The first DISPLAY_NAME_MAX characters of a name, without controls. */
static char *
display_name_of(const char *name)
{
	struct buf b = BUF_INIT;
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t chars = 0;

	for (; *s && chars < DISPLAY_NAME_MAX; s++) {
		if (*s < 0x20 || *s == 0x7f)
			continue;
		if ((*s & 0xc0) != 0x80)
			chars++;
		buf_putc(&b, *s);
	}
	/* Finish a character cut in the middle. */
	while ((*s & 0xc0) == 0x80)
		buf_putc(&b, *s++);
	buf_putc(&b, '\0');
	b.len--;
	return buf_detach(&b);
}

/* The columns of the accounts row, as one JSON parameter. */
static json_object *
account_json(const struct ap_object *a, const char *domain)
{
	const struct ap_profile *p = &a->profile;
	json_object *j = json_object_new_object(), *fields, *aka, *f;
	char *name, *html;
	size_t i;

	add_str(j, "username", p->preferred_username);
	add_str(j, "domain", domain);
	name = display_name_of(a->name);
	add_str(j, "display_name", name);
	free(name);
	html = sanitize_html_string(a->summary ? a->summary : "");
	add_str(j, "note", html);
	free(html);
	add_str(j, "actor_type", a->type_name);
	add_str(j, "uri", a->id);
	add_str(j, "url", a->url ? a->url : a->id);
	add_str(j, "inbox", p->inbox);
	add_str(j, "shared_inbox", p->shared_inbox);
	add_str(j, "outbox", p->outbox);
	add_str(j, "followers", p->followers);
	add_str(j, "following", p->following);
	add_str(j, "featured", p->featured);
	add_str(j, "key_id", p->public_key.id);
	add_str(j, "key", p->public_key.pem);
	json_object_object_add(j, "locked",
	    json_object_new_boolean(p->manually_approves_followers));
	json_object_object_add(j, "bot", json_object_new_boolean(
	    a->type == AP_TYPE_SERVICE || a->type == AP_TYPE_APPLICATION));
	json_object_object_add(j, "discoverable",
	    json_object_new_boolean(p->discoverable == 1));
	json_object_object_add(j, "indexable",
	    json_object_new_boolean(p->indexable == 1));
	add_str(j, "avatar_url", a->icon_url);
	add_str(j, "header_url", a->image_url);
	fields = json_object_new_array();
	for (i = 0; i < p->nfields; i++) {
		f = json_object_new_object();
		name = display_name_of(p->fields[i].name);
		add_str(f, "name", name);
		free(name);
		html = sanitize_html_string(p->fields[i].value ?
		    p->fields[i].value : "");
		add_str(f, "value", html);
		free(html);
		json_object_object_add(f, "verified_at", NULL);
		json_object_array_add(fields, f);
	}
	json_object_object_add(j, "fields", fields);
	aka = json_object_new_array();
	for (i = 0; i < p->nalso_known_as; i++)
		json_object_array_add(aka,
		    json_object_new_string(p->also_known_as[i]));
	json_object_object_add(j, "also_known_as", aka);
	return j;
}

int
remote_account_save(struct db *db, const char *fetched_url,
    const struct ap_object *a, int64_t *id, char *err, size_t errlen)
{
	/*
	 * One JSON parameter carries the many columns. A silenced domain's
	 * new accounts start silenced.
	 */
	static const char *sql =
	    "INSERT INTO accounts AS a (username, domain, display_name, note, "
	    "actor_type, uri, url, inbox_url, shared_inbox_url, outbox_url, "
	    "followers_url, following_url, featured_url, public_key_id, "
	    "public_key, locked, bot, discoverable, indexable, avatar_url, "
	    "header_url, fields, also_known_as, fetched_at, updated_at, "
	    "silenced_at) "
	    "SELECT j->>'username', j->>'domain', "
	    "coalesce(j->>'display_name', ''), coalesce(j->>'note', ''), "
	    "j->>'actor_type', j->>'uri', j->>'url', j->>'inbox', "
	    "j->>'shared_inbox', j->>'outbox', j->>'followers', "
	    "j->>'following', j->>'featured', j->>'key_id', j->>'key', "
	    "(j->>'locked')::boolean, (j->>'bot')::boolean, "
	    "(j->>'discoverable')::boolean, (j->>'indexable')::boolean, "
	    "j->>'avatar_url', j->>'header_url', j->'fields', "
	    "ARRAY(SELECT jsonb_array_elements_text(j->'also_known_as')), "
	    "now(), now(), CASE WHEN (domain_block_for(j->>'domain'))"
	    ".severity = 'silence' THEN now() END "
	    "FROM (SELECT $1::jsonb AS j) x "
	    "ON CONFLICT (uri) DO UPDATE SET username = excluded.username, "
	    "display_name = excluded.display_name, note = excluded.note, "
	    "actor_type = excluded.actor_type, url = excluded.url, "
	    "inbox_url = excluded.inbox_url, "
	    "shared_inbox_url = excluded.shared_inbox_url, "
	    "outbox_url = excluded.outbox_url, "
	    "followers_url = excluded.followers_url, "
	    "following_url = excluded.following_url, "
	    "featured_url = excluded.featured_url, "
	    "public_key_id = excluded.public_key_id, "
	    "public_key = excluded.public_key, locked = excluded.locked, "
	    "bot = excluded.bot, discoverable = excluded.discoverable, "
	    "indexable = excluded.indexable, avatar_url = excluded.avatar_url, "
	    "header_url = excluded.header_url, fields = excluded.fields, "
	    "also_known_as = excluded.also_known_as, fetched_at = now(), "
	    "updated_at = now() WHERE a.domain IS NOT NULL "
	    "RETURNING id";
	char *domain = NULL, severity[16];
	json_object *j = NULL;
	struct db_params p;
	PGresult *res = NULL;
	int rc = -1;

	if (a->kind != AP_KIND_ACTOR || a->id == NULL) {
		fail(err, errlen, "not an actor");
		return -1;
	}
	if (!ap_same_origin(a->id, fetched_url)) {
		fail(err, errlen, "the actor's id is not of the origin it was "
		    "fetched from");
		return -1;
	}
	if (a->profile.preferred_username == NULL ||
	    *a->profile.preferred_username == '\0' ||
	    a->profile.inbox == NULL) {
		fail(err, errlen, "the actor has no preferredUsername or inbox");
		return -1;
	}
	if ((domain = remote_domain_of(a->id)) == NULL) {
		fail(err, errlen, "the actor's id has no host");
		return -1;
	}
	if (domain_severity(db, domain, severity, sizeof(severity)) == -1) {
		fail(err, errlen, "database error");
		goto done;
	}
	if (!strcmp(severity, "suspend")) {
		fail(err, errlen, "%s is suspended here", domain);
		goto done;
	}
	j = account_json(a, domain);
	db_params_init(&p);
	dbp_str(&p, json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
	if ((res = db_run(db, sql, &p)) == NULL) {
		fail(err, errlen, "the account could not be stored: %s",
		    db_last_error(db));
		goto done;
	}
	if (PQntuples(res) != 1) {
		fail(err, errlen, "%s is a local account", a->id);
		goto done;
	}
	*id = db_int(res, 0, 0);
	rc = 0;
done:
	PQclear(res);
	json_object_put(j);
	free(domain);
	return rc;
}

int
remote_account_fetch(struct db *db, struct remote_fetcher *f,
    const char *uri, int64_t *id, char *err, size_t errlen)
{
	const struct ap_object *actor;
	struct ap_view *doc;
	int rc;

	if ((doc = remote_actor_fetch(f, uri, &actor, err, errlen)) == NULL)
		return -1;
	rc = remote_account_save(db, actor->id, actor, id, err, errlen);
	ap_view_free(doc);
	return rc;
}

int
account_id_by_uri(struct db *db, const char *uri, int64_t *id)
{
	static const char *sql = "SELECT id FROM accounts WHERE uri = $1";
	struct db_params p;
	PGresult *res;
	int found;

	db_params_init(&p);
	dbp_str(&p, uri);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		*id = db_int(res, 0, 0);
	PQclear(res);
	return found;
}

int
remote_account_resolve(struct db *db, struct remote_fetcher *f,
    const char *uri, int refresh, int64_t *id, char *err, size_t errlen)
{
	static const char *sql =
	    "SELECT id, domain IS NOT NULL AND (fetched_at IS NULL OR "
	    "fetched_at < now() - make_interval(secs => $2)) "
	    "FROM accounts WHERE uri = $1";
	struct db_params p;
	PGresult *res;
	int stale;

	db_params_init(&p);
	dbp_str(&p, uri);
	dbp_int(&p, REMOTE_ACCOUNT_STALE);
	if ((res = db_run(db, sql, &p)) == NULL) {
		fail(err, errlen, "database error");
		return -1;
	}
	if (PQntuples(res) == 1) {
		*id = db_int(res, 0, 0);
		stale = db_bool(res, 0, 1);
		PQclear(res);
		if (refresh && stale &&
		    remote_account_fetch(db, f, uri, id, err, errlen) == -1)
			log_info("%s stays as it was: %s", uri, err);
		return 0;
	}
	PQclear(res);
	return remote_account_fetch(db, f, uri, id, err, errlen);
}

int
remote_key_by_key_id(struct db *db, const char *key_id,
    struct remote_key *k)
{
	static const char *sql =
	    "SELECT id, uri, public_key_id, public_key, "
	    "coalesce(extract(epoch FROM fetched_at)::bigint, 0), "
	    "domain IS NULL FROM accounts WHERE public_key_id = $1 AND public_key IS NOT NULL "
	    "ORDER BY fetched_at DESC NULLS LAST LIMIT 1";
	struct db_params p;
	PGresult *res;
	int found;

	memset(k, 0, sizeof(*k));
	db_params_init(&p);
	dbp_str(&p, key_id);
	if ((res = db_run(db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1)) {
		k->account_id = db_int(res, 0, 0);
		k->uri = db_dup(res, 0, 1);
		k->key_id = db_dup(res, 0, 2);
		k->pem = db_dup(res, 0, 3);
		k->fetched_at = (time_t)db_int(res, 0, 4);
		k->local = db_bool(res, 0, 5);
	}
	PQclear(res);
	return found;
}

/* name and domain of "acct:name@domain", "@name@domain", "name@domain". */
static int
split_acct(const char *acct, char **name, char **domain)
{
	const char *at;

	if (!strncasecmp(acct, "acct:", 5))
		acct += 5;
	if (*acct == '@')
		acct++;
	if ((at = strchr(acct, '@')) == NULL || at == acct || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strpbrk(acct, "/?#\\ ") != NULL)
		return -1;
	*name = xstrndup(acct, (size_t)(at - acct));
	*domain = xstrdup(at + 1);
	return 0;
}

char *
webfinger_lookup(struct remote_fetcher *f, const char *acct, char *err,
    size_t errlen)
{
	struct http_request req;
	struct http_response resp;
	struct buf url = BUF_INIT, resource = BUF_INIT;
	json_object *doc = NULL, *links, *link, *v;
	struct ap_error perr;
	char *name = NULL, *domain = NULL, *out = NULL;
	const char *rel, *type, *href;
	size_t i, n;

	if (split_acct(acct, &name, &domain) == -1) {
		fail(err, errlen, "not an account address: %s", acct);
		return NULL;
	}
	buf_printf(&resource, "acct:%s@%s", name, domain);
	buf_printf(&url, "https://%s/.well-known/webfinger?resource=",
	    domain);
	buf_url_arg(&url, buf_cstr(&resource));
	memset(&req, 0, sizeof(req));
	req.url = buf_cstr(&url);
	req.accept = "application/jrd+json, application/json";
	req.max_body = 64 * 1024;
	if (http_fetch(&f->policy, &req, &resp) == -1) {
		fail(err, errlen, "%s", resp.error);
		goto done;
	}
	if (resp.status != 200) {
		fail(err, errlen, "WebFinger answered %ld", resp.status);
		goto done;
	}
	if ((doc = ap_json_parse(resp.body.data, resp.body.len,
	    &perr)) == NULL) {
		fail(err, errlen, "%s", perr.reason);
		goto done;
	}
	if (!json_object_object_get_ex(doc, "links", &links) ||
	    !json_object_is_type(links, json_type_array)) {
		fail(err, errlen, "WebFinger gave no links");
		goto done;
	}
	n = json_object_array_length(links);
	for (i = 0; i < n && out == NULL; i++) {
		link = json_object_array_get_idx(links, i);
		rel = json_object_object_get_ex(link, "rel", &v) ?
		    json_object_get_string(v) : NULL;
		type = json_object_object_get_ex(link, "type", &v) ?
		    json_object_get_string(v) : NULL;
		href = json_object_object_get_ex(link, "href", &v) ?
		    json_object_get_string(v) : NULL;
		if (rel != NULL && !strcmp(rel, "self") && type != NULL &&
		    ap_content_type_ok(type) && href != NULL &&
		    ap_url_valid(href))
			out = xstrdup(href);
	}
	if (out == NULL)
		fail(err, errlen, "WebFinger named no ActivityPub actor");
done:
	if (doc != NULL)
		json_object_put(doc);
	http_response_free(&resp);
	buf_free(&url);
	buf_free(&resource);
	free(name);
	free(domain);
	return out;
}
