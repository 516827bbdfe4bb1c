/*
 * remote_resolve: finding, and looking up on other servers, what an
 * address or a URL names (see remote_resolve.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "account.h"
#include "ap_fetch.h"
#include "ap_parse.h"
#include "config.h"
#include "db.h"
#include "remote_account.h"
#include "remote_resolve.h"
#include "remote_status.h"
#include "search.h"

/* "name@domain" of an address, without "acct:" or "@"; NULL if none. */
static const char *
bare_acct(const char *q)
{
	const char *at;

	if (!strncasecmp(q, "acct:", 5))
		q += 5;
	if (*q == '@')
		q++;
	if ((at = strchr(q, '@')) == NULL || at == q || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strpbrk(q, "/?#\\ \t\r\n") != NULL)
		return NULL;
	return q;
}

int
remote_resolve_is_acct(const char *q)
{
	return bare_acct(q) != NULL;
}

/* A known account at an address, unless suspended: 1, 0 or -1. */
static int
known_acct(struct db *db, const struct config *cf, const char *acct,
    int64_t *id)
{
	struct account a;
	int rc;

	if ((rc = account_by_acct(db, cf, acct, &a)) != 1)
		return rc;
	rc = a.suspended ? 0 : 1;
	*id = a.id;
	account_free(&a);
	return rc;
}

int
remote_resolve_acct(struct db *db, const struct config *cf,
    struct remote_fetcher *f, const char *q, int64_t *id, char *err,
    size_t errlen)
{
	const char *acct = bare_acct(q), *domain;
	char *uri, *actor_domain;
	int64_t stored;
	int rc;

	*id = 0;
	if (acct == NULL) {
		snprintf(err, errlen, "not an account address");
		return 0;
	}
	if ((rc = known_acct(db, cf, acct, id)) != 0)
		return rc;
	domain = strchr(acct, '@') + 1;
	if (!strcasecmp(domain, cf->domain) || f == NULL) {
		snprintf(err, errlen, "no such account");
		return 0;
	}
	/* The domain's own URL is checked as a post's would be. */
	{
		char url[600];

		snprintf(url, sizeof(url), "https://%s/", domain);
		if (remote_url_refused(db, cf, url, err, errlen))
			return 0;
	}
	if ((uri = webfinger_lookup(f, acct, err, errlen)) == NULL)
		return 0;
	actor_domain = remote_domain_of(uri);
	/*
	 * An actor of another domain is not taken: Mastodon then asks that
	 * domain's WebFinger again; we simply say no.
	 */
	if (actor_domain == NULL || strcasecmp(actor_domain, domain) != 0) {
		snprintf(err, errlen, "WebFinger named an actor of another "
		    "domain");
		rc = 0;
	} else if (remote_account_resolve(db, f, uri, 0, &stored, err,
	    errlen) == -1)
		rc = 0;
	else if ((rc = known_acct(db, cf, acct, id)) == 0 || *id != stored) {
		snprintf(err, errlen, "the actor is not %s", acct);
		*id = 0;
		rc = 0;
	}
	free(actor_domain);
	free(uri);
	return rc;
}

/* An object fetched from url and stored: its id (malloc'd), or NULL. */
static char *
fetch_and_store(struct db *db, struct remote_fetcher *f, const char *url,
    char *err, size_t errlen)
{
	struct json_object *json;
	struct ap_view *doc;
	struct ap_error perr;
	const struct ap_object *o;
	char *id = NULL;
	int64_t stored;
	long status;
	int rc;

	json = ap_fetch_object(&f->policy, url, f->key_id, f->key, &status,
	    err, errlen);
	if (json == NULL)
		return NULL;
	doc = ap_parse(json, &perr);
	json_object_put(json);
	if (doc == NULL) {
		snprintf(err, errlen, "%s", perr.reason);
		return NULL;
	}
	o = doc->object;
	if (o->kind == AP_KIND_ACTOR)
		rc = remote_account_save(db, o->id, o, &stored, err, errlen);
	else
		rc = remote_status_save_fetched(db, f, o, &stored, err,
		    errlen);
	if (rc == 0)
		id = xstrdup(o->id);
	ap_view_free(doc);
	return id;
}

int
remote_resolve_url(struct db *db, const struct config *cf,
    struct remote_fetcher *f, const char *url, int64_t viewer,
    int64_t *status_id, int64_t *account_id, char *err, size_t errlen)
{
	char *id;
	int rc;

	if (search_resolve_url(db, cf, url, viewer, status_id,
	    account_id) == -1)
		return -1;
	if (*status_id != 0 || *account_id != 0)
		return 1;
	if (f == NULL || remote_url_refused(db, cf, url, err, errlen))
		return 0;
	if ((id = fetch_and_store(db, f, url, err, errlen)) == NULL)
		return 0;
	/* What the viewer may see of it, as for one we had. */
	rc = search_resolve_url(db, cf, id, viewer, status_id, account_id);
	free(id);
	if (rc == -1)
		return -1;
	if (*status_id == 0 && *account_id == 0) {
		snprintf(err, errlen, "not for this viewer");
		return 0;
	}
	return 1;
}
