/*
 * webfinger: how other servers find an account from "name@domain"
 * (RFC 7033, as Mastodon answers it) and where to ask (host-meta, RFC
 * 6415). A resource is "acct:name@domain" (or "name@domain"), or the URL
 * of an actor or a profile page of this server; the instance actor
 * answers to its domain as its name. Names are matched in any case.
 */
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "account.h"
#include "ap_actor.h"
#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "media_type.h"
#include "request.h"
#include "webfinger.h"

#define RESOURCE_MAX		1024	/* characters */
/* Names never change here; the page cache keeps a day at most. */
#define WEBFINGER_MAX_AGE	86400
#define PROFILE_PAGE_REL	"http://webfinger.net/rel/profile-page"
#define SUBSCRIBE_REL		"http://ostatus.org/schema/1.0/subscribe"

/* What a resource names: an account (by name), or the instance actor. */
struct wf_target {
	char	name[31];
	int	instance;
};

/* 1 when host (host_len bytes) is this server's domain. */
static int
our_domain(const struct config *cf, const char *host, size_t host_len)
{
	return host_len == strlen(cf->domain) &&
	    strncasecmp(host, cf->domain, host_len) == 0;
}

/*
 * A name on this server: the instance actor's (the domain), or a user
 * name that could exist (else 404, without asking the database).
 */
static int
target_name(const struct config *cf, const char *name, size_t len,
    struct wf_target *t)
{
	if (our_domain(cf, name, len)) {
		t->instance = 1;
		return 1;
	}
	if (len == 0 || len >= sizeof(t->name))
		return 404;
	memcpy(t->name, name, len);
	t->name[len] = '\0';
	return account_username_valid(t->name) ? 1 : 404;
}

/* "name@domain": 400 when it is not that shape, 404 when not ours. */
static int
target_from_acct(const struct config *cf, const char *acct,
    struct wf_target *t)
{
	const char *at = strchr(acct, '@');

	if (at == NULL || at == acct || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strpbrk(acct, " /?#") != NULL)
		return 400;
	if (!our_domain(cf, at + 1, strlen(at + 1)))
		return 404;
	return target_name(cf, acct, (size_t)(at - acct), t);
}

/*
 * The URL of an actor (/users/NAME, /actor) or a profile page (/@NAME)
 * on this server, by either scheme; anything else is not ours (404).
 */
static int
target_from_url(const struct config *cf, const char *url,
    struct wf_target *t)
{
	const char *host, *path, *name;

	host = strstr(url, "://") + 3;
	path = host + strcspn(host, "/?#");
	if (!our_domain(cf, host, (size_t)(path - host)))
		return 404;
	if (!strcmp(path, INSTANCE_ACTOR_PATH)) {
		t->instance = 1;
		return 1;
	}
	if (!strncmp(path, "/users/", 7))
		name = path + 7;
	else if (!strncmp(path, "/@", 2))
		name = path + 2;
	else
		return 404;
	if (strchr(name, '/') != NULL || strchr(name, '?') != NULL ||
	    strchr(name, '#') != NULL)
		return 404;
	return target_name(cf, name, strlen(name), t);
}

/* 1 with the target, or the HTTP status that refuses the resource. */
static int
target_from_resource(const struct config *cf, const char *r,
    struct wf_target *t)
{
	const char *at;

	memset(t, 0, sizeof(*t));
	if (!strncasecmp(r, "acct:", 5))
		return target_from_acct(cf, r + 5, t);
	if (!strncasecmp(r, "https://", 8) || !strncasecmp(r, "http://", 7))
		return target_from_url(cf, r, t);
	/* Mastodon takes a bare "name@domain" too (a domain may have a
	 * port; a scheme before the name makes it some other URI). */
	at = strchr(r, '@');
	if (at != NULL && memchr(r, ':', (size_t)(at - r)) == NULL)
		return target_from_acct(cf, r, t);
	return 400;
}

static void
add_link(json_object *links, const char *rel, const char *type,
    const char *href, const char *template)
{
	json_object *l = json_object_new_object();

	api_put_str(l, "rel", rel);
	if (type != NULL)
		api_put_str(l, "type", type);
	if (href != NULL)
		api_put_str(l, "href", href);
	if (template != NULL)
		api_put_str(l, "template", template);
	json_object_array_add(links, l);
}

/*
 * A JRD: subject, aliases (an account's profile page, then the actor),
 * links; an account's also say where to follow it from elsewhere.
 */
static json_object *
jrd_json(const struct config *cf, const char *name, const char *actor,
    const char *profile, int account)
{
	json_object *o = json_object_new_object(), *aliases, *links;
	struct buf b = BUF_INIT;

	buf_printf(&b, "acct:%s@%s", name, cf->domain);
	api_put_str(o, "subject", buf_cstr(&b));
	aliases = json_object_new_array();
	if (account)
		json_object_array_add(aliases, json_object_new_string(profile));
	json_object_array_add(aliases, json_object_new_string(actor));
	json_object_object_add(o, "aliases", aliases);
	links = json_object_new_array();
	add_link(links, PROFILE_PAGE_REL, "text/html", profile, NULL);
	add_link(links, "self", AP_MEDIA_TYPE, actor, NULL);
	if (account) {
		buf_reset(&b);
		buf_printf(&b, "%s/authorize_interaction?uri={uri}",
		    cf->base_url);
		add_link(links, SUBSCRIBE_REL, NULL, NULL, buf_cstr(&b));
	}
	json_object_object_add(o, "links", links);
	buf_free(&b);
	return o;
}

static int
instance_jrd(struct request *req, json_object **out)
{
	const struct config *cf = req->app->cf;
	struct buf actor = BUF_INIT, profile = BUF_INIT;

	buf_printf(&actor, "%s" INSTANCE_ACTOR_PATH, cf->base_url);
	buf_printf(&profile, "%s/", cf->base_url);
	*out = jrd_json(cf, cf->domain, buf_cstr(&actor), buf_cstr(&profile),
	    0);
	buf_free(&actor);
	buf_free(&profile);
	return 1;
}

/* The account's JRD; 0 when there is no such local account. */
static int
account_jrd(struct request *req, const char *name, json_object **out)
{
	struct ap_actor a;
	int rc;

	rc = ap_actor_load(req->app->db, req->app->cf, name, &a);
	if (rc != 1)
		return rc;
	*out = jrd_json(req->app->cf, a.account.username, a.account.uri,
	    a.account.url, 1);
	ap_actor_free(&a);
	return 1;
}

int
webfinger(struct request *req)
{
	struct wf_target t;
	const char *resource;
	json_object *jrd = NULL;
	int rc;

	rc = req_str(req, "resource", RESOURCE_MAX, &resource);
	if (rc != 1 || *resource == '\0') {
		resp_error(req, 400, rc == -1 ? req->error :
		    "The resource parameter is missing");
		return 0;
	}
	switch (target_from_resource(req->app->cf, resource, &t)) {
	case 1:
		break;
	case 400:
		resp_error(req, 400, "The resource is not an acct: URI or "
		    "a URL");
		return 0;
	default:
		resp_error(req, 404, "Record not found");
		return 0;
	}
	rc = t.instance ? instance_jrd(req, &jrd) :
	    account_jrd(req, t.name, &jrd);
	if (rc == 0)
		resp_error(req, 404, "Record not found");
	if (rc != 1)
		return rc;
	resp_json(req, 200, jrd);
	req->resp.content_type = JRD_CONTENT_TYPE;
	api_cache(req, WEBFINGER_MAX_AGE);
	return 0;
}

/* The template of the webfinger URL, for host-meta. */
static void
lrdd_template(const struct config *cf, struct buf *b)
{
	buf_printf(b, "%s/.well-known/webfinger?resource={uri}", cf->base_url);
}

int
host_meta(struct request *req)
{
	struct buf t = BUF_INIT;

	lrdd_template(req->app->cf, &t);
	buf_reset(&req->resp.body);
	buf_puts(&req->resp.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
	    "  <Link rel=\"lrdd\" template=\"");
	buf_html(&req->resp.body, t.data, t.len);
	buf_puts(&req->resp.body, "\"/>\n</XRD>\n");
	req->resp.status = 200;
	req->resp.content_type = XRD_CONTENT_TYPE;
	api_cache(req, WEBFINGER_MAX_AGE);
	buf_free(&t);
	return 0;
}

int
host_meta_json(struct request *req)
{
	json_object *o = json_object_new_object(), *links, *l;
	struct buf t = BUF_INIT;

	lrdd_template(req->app->cf, &t);
	links = json_object_new_array();
	l = json_object_new_object();
	api_put_str(l, "rel", "lrdd");
	api_put_str(l, "template", buf_cstr(&t));
	json_object_array_add(links, l);
	json_object_object_add(o, "links", links);
	resp_json(req, 200, o);
	api_cache(req, WEBFINGER_MAX_AGE);
	buf_free(&t);
	return 0;
}
