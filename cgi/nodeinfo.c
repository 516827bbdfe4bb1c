/*
 * nodeinfo: the NodeInfo documents other servers and apps read to learn
 * what software runs here and how busy it is: /.well-known/nodeinfo
 * links to /nodeinfo/2.0 and /nodeinfo/2.1. The software is woolly;
 * metadata.upstream says, honestly, that it speaks Mastodon's API, which
 * is how megalodon-based apps (Whalebird) pick their client for a server
 * they do not know by name.
 */
#include <stdint.h>

#include <json-c/json.h>

#include "api_entity.h"
#include "buf.h"
#include "config.h"
#include "handlers.h"
#include "instance.h"
#include "nodeinfo.h"
#include "request.h"

#ifndef WOOLLY_VERSION
#define WOOLLY_VERSION "0.0.0-unknown"
#endif

#define NODEINFO_SCHEMA	"http://nodeinfo.diaspora.software/ns/schema/"
#define WOOLLY_REPOSITORY	"https://codeberg.org/woolly/woolly"
/* The Mastodon API release woolly follows (as /api/v1/instance says). */
#define UPSTREAM_VERSION	"4.3.0"
/* Counts move slowly and crawlers poll: half an hour is fresh enough. */
#define NODEINFO_MAX_AGE	1800

static void
add_link(json_object *links, const struct config *cf, const char *version)
{
	json_object *l = json_object_new_object();
	struct buf b = BUF_INIT;

	buf_printf(&b, NODEINFO_SCHEMA "%s", version);
	api_put_str(l, "rel", buf_cstr(&b));
	buf_reset(&b);
	buf_printf(&b, "/nodeinfo/%s", version);
	api_put_url(l, cf, "href", buf_cstr(&b));
	json_object_array_add(links, l);
	buf_free(&b);
}

int
nodeinfo_well_known(struct request *req)
{
	json_object *o = json_object_new_object(), *links;

	links = json_object_new_array();
	add_link(links, req->app->cf, "2.0");
	add_link(links, req->app->cf, "2.1");
	json_object_object_add(o, "links", links);
	api_cache(req, NODEINFO_MAX_AGE);
	resp_json(req, 200, o);
	return 0;
}

static json_object *
usage_json(const struct instance_stats *st)
{
	json_object *usage = json_object_new_object(), *users;

	users = json_object_new_object();
	api_put_int(users, "total", st->user_count);
	api_put_int(users, "activeMonth", st->active_month);
	api_put_int(users, "activeHalfyear", st->active_halfyear);
	json_object_object_add(usage, "users", users);
	api_put_int(usage, "localPosts", st->status_count);
	return usage;
}

static json_object *
metadata_json(const struct config *cf)
{
	json_object *m = json_object_new_object(), *up;

	api_put_str(m, "nodeName", cf->title);
	api_put_str(m, "nodeDescription", cf->description);
	up = json_object_new_object();
	api_put_str(up, "name", "mastodon");
	api_put_str(up, "version", UPSTREAM_VERSION);
	json_object_object_add(m, "upstream", up);
	return m;
}

/* Both versions; 2.1 adds the software's repository and homepage. */
static int
nodeinfo_send(struct request *req, int minor)
{
	const struct config *cf = req->app->cf;
	struct instance_stats st;
	json_object *o, *sub, *arr;

	if (instance_stats(req->app->db, &st) == -1)
		return -1;
	o = json_object_new_object();
	api_put_str(o, "version", minor ? "2.1" : "2.0");
	sub = json_object_new_object();
	api_put_str(sub, "name", "woolly");
	api_put_str(sub, "version", WOOLLY_VERSION);
	if (minor) {
		api_put_str(sub, "repository", WOOLLY_REPOSITORY);
		api_put_str(sub, "homepage", WOOLLY_REPOSITORY);
	}
	json_object_object_add(o, "software", sub);
	arr = json_object_new_array();
	json_object_array_add(arr, json_object_new_string("activitypub"));
	json_object_object_add(o, "protocols", arr);
	sub = json_object_new_object();
	json_object_object_add(sub, "inbound", json_object_new_array());
	json_object_object_add(sub, "outbound", json_object_new_array());
	json_object_object_add(o, "services", sub);
	api_put_bool(o, "openRegistrations", cf->registrations != REG_CLOSED);
	json_object_object_add(o, "usage", usage_json(&st));
	json_object_object_add(o, "metadata", metadata_json(cf));
	api_cache(req, NODEINFO_MAX_AGE);
	resp_json(req, 200, o);
	req->resp.content_type = minor ? NODEINFO_21_CONTENT_TYPE :
	    NODEINFO_20_CONTENT_TYPE;
	return 0;
}

int
nodeinfo_20(struct request *req)
{
	return nodeinfo_send(req, 0);
}

int
nodeinfo_21(struct request *req)
{
	return nodeinfo_send(req, 1);
}
