/*
 * ap_inbox: POST /inbox, /users/NAME/inbox and /actor/inbox, where other
 * servers deliver activities. Nothing is stored before the HTTP signature
 * is verified: its coverage, the Date, the body's digest, then the key
 * (the stored actor's, fetched with a signed GET when the actor is new,
 * and fetched again once when a stored key fails: the actor may have
 * rotated it). The key's owner must be the activity's actor, and the
 * activity's id of the actor's origin. A failure answers 401 at once
 * with the reason; a verified activity is stored (lib/inbox.c) and
 * answered 202, and cron/woolly-inbox processes it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "account.h"
#include "ap_parse.h"
#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "domain_block.h"
#include "handlers.h"
#include "httpsig.h"
#include "inbox.h"
#include "log.h"
#include "remote_account.h"
#include "request.h"

#define MAX_HEADERS	64
/* Parsed public keys kept by this worker (a PEM costs ~0.8 ms). */
#define KEY_CACHE_SIZE	256

struct cached_key {
	char			*key_id;
	char			*pem;
	struct httpsig_key	*key;
};

static struct cached_key key_cache[KEY_CACHE_SIZE];
static size_t key_cache_next;
static struct remote_fetcher fetcher;
static int fetcher_ready;

/* The parsed key of a PEM, from the cache or parsed now (and kept). */
static const struct httpsig_key *
parsed_key(const char *key_id, const char *pem, char *reason, size_t len)
{
	struct cached_key *c;
	struct httpsig_key *key;
	size_t i;

	for (i = 0; i < KEY_CACHE_SIZE; i++) {
		c = &key_cache[i];
		if (c->key_id != NULL && !strcmp(c->key_id, key_id) &&
		    !strcmp(c->pem, pem))
			return c->key;
	}
	if ((key = httpsig_key_from_pem(pem, reason, len)) == NULL)
		return NULL;
	c = &key_cache[key_cache_next];
	key_cache_next = (key_cache_next + 1) % KEY_CACHE_SIZE;
	free(c->key_id);
	free(c->pem);
	httpsig_key_free(c->key);
	c->key_id = xstrdup(key_id);
	c->pem = xstrdup(pem);
	c->key = key;
	return key;
}

static struct remote_fetcher *
inbox_fetcher(struct request *req)
{
	char err[REMOTE_ERROR_MAX];

	if (!fetcher_ready) {
		if (remote_fetcher_init(&fetcher, req->app->db, req->app->cf,
		    err, sizeof(err)) == -1) {
			log_warnx("inbox: %s", err);
			return NULL;
		}
		fetcher_ready = 1;
	}
	return &fetcher;
}

/* The request's headers as the signature code reads them. */
struct header_set {
	struct httpsig_header	 items[MAX_HEADERS];
	char			*names[MAX_HEADERS];
	size_t			 n;
};

static void
headers_collect(struct request *req, struct header_set *h)
{
	char **env, *name, *eq, *c;
	const char *value;

	memset(h, 0, sizeof(*h));
	for (env = req->fcgi->envp; *env != NULL && h->n < MAX_HEADERS;
	    env++) {
		if ((eq = strchr(*env, '=')) == NULL)
			continue;
		if (!strncmp(*env, "HTTP_", 5))
			name = xstrndup(*env + 5, (size_t)(eq - *env - 5));
		else if (!strncmp(*env, "CONTENT_TYPE=", 13) ||
		    !strncmp(*env, "CONTENT_LENGTH=", 15))
			name = xstrndup(*env, (size_t)(eq - *env));
		else
			continue;
		for (c = name; *c; c++)
			*c = *c == '_' ? '-' : (char)(*c | 0x20);
		value = eq + 1;
		h->names[h->n] = name;
		h->items[h->n].name = name;
		h->items[h->n].value = value;
		h->n++;
	}
}

static void
headers_free(struct header_set *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->names[i]);
}

static int
refuse(struct request *req, int status, const char *reason)
{
	log_info("inbox: %d %s", status, reason);
	resp_error(req, status, reason);
	return 0;
}

/*
 * Check the parts of the signature that need no key: which key it names,
 * what it covers, the Date, and the digest against the exact body.
 */
static int
signature_checks(struct request *req, const struct httpsig_request *hr,
    struct httpsig_signature *sig, char *reason, size_t len)
{
	const char *date = req_header(req, "Date");
	const char *digest = req_header(req, "Digest");
	const char *content_digest = req_header(req, "Content-Digest");

	if (httpsig_parse(hr, sig, reason, len) == -1 ||
	    httpsig_check_coverage(hr, sig, reason, len) == -1)
		return -1;
	if (date != NULL) {
		if (httpsig_date_check(date, time(NULL), reason, len) == -1)
			return -1;
	} else if (sig->created < 0) {
		snprintf(reason, len, "the request has no Date");
		return -1;
	} else if (llabs((long long)time(NULL) - sig->created) >
	    HTTPSIG_MAX_SKEW) {
		snprintf(reason, len, "the signature's created time is too "
		    "far from now");
		return -1;
	}
	if (!strcmp(hr->method, "GET"))
		return 0;
	if (digest == NULL && content_digest == NULL) {
		snprintf(reason, len, "a POST needs a Digest or Content-Digest");
		return -1;
	}
	return httpsig_digest_check(digest, content_digest, req->body,
	    req->body_len, reason, len);
}

/* 0 verified; -1 not (reason set). */
static int
verify_with(const struct httpsig_request *hr,
    const struct httpsig_signature *sig, const char *pem, char *reason,
    size_t len)
{
	const struct httpsig_key *key;

	if ((key = parsed_key(sig->key_id, pem, reason, len)) == NULL)
		return -1;
	return httpsig_verify(hr, sig, key, time(NULL), reason, len);
}

/*
 * Find the signer: the stored key, or the actor fetched by the key id.
 * A stored key that fails is fetched again once. On success *account
 * and *actor_uri (malloc'd) name the signer. 1 verified, 0 refused with
 * a reason, -1 on a server error.
 */
static int
verify_signer(struct request *req, const struct httpsig_request *hr,
    const struct httpsig_signature *sig, int64_t *account, char **actor_uri,
    char *reason, size_t len)
{
	struct remote_fetcher *f;
	struct remote_key k;
	struct ap_view *doc;
	const struct ap_object *actor;
	char err[REMOTE_ERROR_MAX];
	int found;

	if ((found = remote_key_by_key_id(req->app->db, sig->key_id,
	    &k)) == -1)
		return -1;
	if (found && k.local) {
		remote_key_free(&k);
		snprintf(reason, len, "the key is a local account's");
		return 0;
	}
	if (found && verify_with(hr, sig, k.pem, reason, len) == 0) {
		*account = k.account_id;
		*actor_uri = k.uri;
		k.uri = NULL;
		remote_key_free(&k);
		return 1;
	}
	remote_key_free(&k);
	/* New, or perhaps rotated: what the actor says now. */
	if ((f = inbox_fetcher(req)) == NULL)
		return -1;
	if ((doc = remote_actor_fetch(f, sig->key_id, &actor, err,
	    sizeof(err))) == NULL) {
		snprintf(reason, len, "the key %s could not be fetched: %s",
		    found ? "(fetched again)" : "", err);
		return 0;
	}
	if (verify_with(hr, sig, actor->profile.public_key.pem, reason,
	    len) == -1) {
		ap_view_free(doc);
		return 0;
	}
	/* Verified: now the actor may be stored. */
	if (remote_account_save(req->app->db, actor->id, actor, account, err,
	    sizeof(err)) == -1) {
		snprintf(reason, len, "the actor cannot be taken: %s", err);
		ap_view_free(doc);
		return 0;
	}
	*actor_uri = xstrdup(actor->id);
	ap_view_free(doc);
	return 1;
}

/*
 * The request as the signature code reads it. 0, or -1 when its Host is
 * not this instance's domain: nginx answers any Host, and a request
 * signed for another server must not verify when replayed to us.
 */
static int
signed_request(struct request *req, const char *method,
    struct httpsig_request *hr, struct header_set *headers)
{
	const char *target = FCGX_GetParam("REQUEST_URI", req->fcgi->envp);

	headers_collect(req, headers);
	memset(hr, 0, sizeof(*hr));
	hr->method = method;
	hr->scheme = req->app->cf->scheme == SCHEME_HTTP ? "http" : "https";
	hr->authority = req_header(req, "Host");
	hr->target = target != NULL ? target : req->path;
	hr->headers = headers->items;
	hr->nheaders = headers->n;
	return hr->authority == NULL ||
	    strcasecmp(hr->authority, req->app->cf->domain) != 0 ? -1 : 0;
}

/*
 * Authorized fetch: is this GET signed by another server's actor? 1 yes,
 * 0 no (401 sent with the reason), -1 on a server error.
 */
int
ap_require_signature(struct request *req)
{
	struct httpsig_request hr;
	struct httpsig_signature sig;
	struct header_set headers;
	enum domain_severity severity;
	char reason[HTTPSIG_REASON_MAX + REMOTE_ERROR_MAX];
	char *domain = NULL, *actor_uri = NULL;
	int64_t signer;
	int rc;

	memset(&sig, 0, sizeof(sig));
	if (signed_request(req, "GET", &hr, &headers) == -1) {
		rc = refuse(req, 401, "the request's Host is not this "
		    "server's domain");
		goto done;
	}
	if (signature_checks(req, &hr, &sig, reason, sizeof(reason)) == -1) {
		refuse(req, 401, reason);
		rc = 0;
		goto done;
	}
	if ((domain = remote_domain_of(sig.key_id)) == NULL ||
	    domain_block_for(req->app->db, domain, &severity, NULL) == -1) {
		rc = domain == NULL ? refuse(req, 401, "the keyId is not a "
		    "URL") : -1;
		goto done;
	}
	if (severity == DOMAIN_SUSPEND) {
		refuse(req, 401, "this server does not answer your domain");
		rc = 0;
		goto done;
	}
	if ((rc = verify_signer(req, &hr, &sig, &signer, &actor_uri, reason,
	    sizeof(reason))) == 0)
		refuse(req, 401, reason);
done:
	free(domain);
	free(actor_uri);
	httpsig_signature_free(&sig);
	headers_free(&headers);
	return rc;
}

/* The id to store an activity under (a transient one gets a digest). */
static char *
activity_key(const struct ap_object *activity, const char *actor,
    const char *body, size_t len)
{
	struct buf b = BUF_INIT;
	unsigned char digest[32];
	size_t i;

	if (activity->id != NULL)
		return xstrdup(activity->id);
	sha256(body, len, digest);
	buf_printf(&b, "%s#transient-", actor);
	for (i = 0; i < sizeof(digest); i++)
		buf_printf(&b, "%02x", digest[i]);
	return buf_detach(&b);
}

/* The local account of a personal inbox: 1, 0 (no such), -1. */
static int
inbox_owner(struct request *req, int64_t *id)
{
	static const char *sql =
	    "SELECT id FROM accounts WHERE domain IS NULL "
	    "AND lower(username) = lower($1)";
	const char *name = req_route_param(req, "name");
	struct db_params p;
	PGresult *res;
	int found;

	*id = 0;
	if (name == NULL)
		return 1;
	if (!account_username_valid(name))
		return 0;
	db_params_init(&p);
	dbp_str(&p, name);
	if ((res = db_run(req->app->db, sql, &p)) == NULL)
		return -1;
	if ((found = PQntuples(res) == 1))
		*id = db_int(res, 0, 0);
	PQclear(res);
	return found;
}

int
ap_inbox(struct request *req)
{
	struct httpsig_request hr;
	struct httpsig_signature sig;
	struct header_set headers;
	struct ap_view *doc = NULL;
	struct ap_error perr;
	enum domain_severity severity;
	char reason[HTTPSIG_REASON_MAX + REMOTE_ERROR_MAX], *domain = NULL;
	char *actor_uri = NULL, *key = NULL;
	const struct ap_object *activity;
	int64_t owner, signer;
	int rc = 0, found;

	memset(&sig, 0, sizeof(sig));
	if ((found = inbox_owner(req, &owner)) == -1)
		return -1;
	if (found == 0) {
		resp_error(req, 404, "There is no account by that name here.");
		return 0;
	}
	if (req->body == NULL || req->json == NULL)
		return refuse(req, 400, "the body is not an ActivityPub "
		    "document");
	if (signed_request(req, "POST", &hr, &headers) == -1) {
		rc = refuse(req, 401, "the request's Host is not this "
		    "server's domain");
		goto done;
	}
	if (signature_checks(req, &hr, &sig, reason, sizeof(reason)) == -1) {
		rc = refuse(req, 401, reason);
		goto done;
	}
	if ((doc = ap_parse(req->json, &perr)) == NULL) {
		rc = refuse(req, 400, perr.reason);
		goto done;
	}
	activity = doc->object;
	if (activity->kind != AP_KIND_ACTIVITY || activity->actor == NULL) {
		rc = refuse(req, 400, "the body is not an activity with an "
		    "actor");
		goto done;
	}
	/* A suspended server is not even asked for its key. */
	if ((domain = remote_domain_of(sig.key_id)) == NULL) {
		rc = refuse(req, 401, "the keyId is not a URL");
		goto done;
	}
	if (domain_block_for(req->app->db, domain, &severity, NULL) == -1) {
		rc = -1;
		goto done;
	}
	if (severity == DOMAIN_SUSPEND) {
		rc = refuse(req, 403, "this server does not take activities "
		    "from your domain");
		goto done;
	}
	if ((found = verify_signer(req, &hr, &sig, &signer, &actor_uri,
	    reason, sizeof(reason))) != 1) {
		rc = found == -1 ? -1 : refuse(req, 401, reason);
		goto done;
	}
	if (strcmp(actor_uri, activity->actor) != 0) {
		rc = refuse(req, 401, "the signing key is not the actor's");
		goto done;
	}
	if (activity->id != NULL && !ap_same_origin(activity->id,
	    activity->actor)) {
		rc = refuse(req, 401, "the activity's id is not of the actor's "
		    "origin");
		goto done;
	}
	key = activity_key(activity, actor_uri, req->body, req->body_len);
	if (inbox_store(req->app->db, key, activity->type_name, actor_uri,
	    owner, req->body, req->body_len) == -1) {
		rc = -1;
		goto done;
	}
	resp_json(req, 202, json_object_new_object());
done:
	free(key);
	free(actor_uri);
	free(domain);
	ap_view_free(doc);
	httpsig_signature_free(&sig);
	headers_free(&headers);
	return rc;
}
