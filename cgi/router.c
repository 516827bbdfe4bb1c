/*
 * router: the route table and its dispatcher. Every endpoint's method,
 * path and requirements are listed here, in one place, and checked once
 * before the handler runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_limits.h"
#include "bearer.h"
#include "buf.h"
#include "config.h"
#include "cors.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "media_type.h"
#include "page_cache.h"
#include "request.h"
#include "route_check.h"
#include "router.h"
#include "scope.h"
#include "session.h"

#define WEB FAMILY_WEB
#define API FAMILY_API
#define AP FAMILY_AP
#define RETRY_AFTER_SECONDS 5	/* after a 503 */

/*
 * The query parameters a cacheable route reads, in a fixed order: the
 * router drops every other one before the handler runs, and the page
 * cache keys on exactly these, so `?x=1`, `?x=2`, ... can neither make new
 * cache entries nor change the answer.
 */
#define PAGING "max_id", "since_id", "min_id", "limit"
static const char *const q_none[] = { NULL };
static const char *const q_paging[] = { PAGING, NULL };
static const char *const q_lookup[] = { "acct", NULL };
static const char *const q_timeline[] = { PAGING, "local", "remote",
    "only_media", NULL };
static const char *const q_home[] = { PAGING, "local", NULL };
static const char *const q_tag_timeline[] = { PAGING, "local", "remote",
    "only_media", "any[]", "all[]", "none[]", NULL };
static const char *const q_account_statuses[] = { PAGING, "pinned",
    "only_media", "exclude_replies", "exclude_reblogs", "tagged", NULL };
static const char *const q_offset[] = { "limit", "offset", NULL };
static const char *const q_web_search[] = { "q", "type", "offset", NULL };
static const char *const q_ap_page[] = { "page", "max_id", "min_id", NULL };
static const char *const q_ap_replies[] = { "page", "min_id", NULL };
static const char *const q_webfinger[] = { "resource", NULL };

static const struct route routes[] = {
	/*
	 * Web pages (no JavaScript anywhere). CACHEABLE routes answer
	 * signed-out GETs from the page cache (page_cache.c).
	 */
	{ "GET",  "/",				web_root, WEB, 0, NULL, NULL },
	{ "GET",  "/auth/sign_up",		web_sign_up_form, WEB, 0, NULL,
	  NULL },
	{ "POST", "/auth/sign_up",		web_sign_up, WEB, NEED_CSRF, NULL,
	  NULL },
	{ "GET",  "/auth/sign_in",		web_sign_in_form, WEB, 0, NULL,
	  NULL },
	{ "POST", "/auth/sign_in",		web_sign_in, WEB, NEED_CSRF, NULL,
	  NULL },
	{ "POST", "/auth/sign_out",		web_sign_out, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "GET",  "/home",			web_home, WEB, NEED_SESSION, NULL,
	  NULL },
	{ "POST", "/statuses",			web_status_create, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "GET",  "/public/local",		web_public_local, WEB,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_paging },
	{ "GET",  "/tags/:tag",			web_tag, WEB, CACHEABLE, NULL,
	  q_paging },
	/* An ActivityPub Accept gets the actor and the Note (ap_*.c). */
	{ "GET",  "/@:acct",			ap_actor, AP,
	  CACHEABLE | LOCAL_CONTENT | NEED_AP_ACCEPT, NULL, q_none },
	{ "GET",  "/@:acct",			web_profile, WEB,
	  CACHEABLE | ACCT_CONTENT, NULL, q_paging },
	{ "POST", "/@:acct/follow",		web_follow, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/@:acct/unfollow",		web_unfollow, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "GET",  "/@:acct/:id",		ap_note, AP,
	  CACHEABLE | LOCAL_CONTENT | NEED_AP_ACCEPT, NULL, q_none },
	{ "GET",  "/@:acct/:id",		web_status, WEB,
	  CACHEABLE | ACCT_CONTENT, NULL, q_none },
	{ "GET",  "/@:acct/:id/delete",		web_status_delete_form, WEB,
	  NEED_SESSION, NULL, NULL },
	{ "POST", "/@:acct/:id/delete",		web_status_delete, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "GET",  "/hello",			web_hello, WEB, 0, NULL, NULL },

	/* Profile settings and follow requests (web_settings.c, ...). */
	{ "GET",  "/settings/profile",		web_settings_profile, WEB,
	  NEED_SESSION, NULL, NULL },
	{ "POST", "/settings/profile",		web_settings_profile_update,
	  WEB, NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "GET",  "/follow_requests",		web_follow_requests, WEB,
	  NEED_SESSION, NULL, NULL },
	{ "POST", "/follow_requests/:id/authorize",
	  web_follow_request_authorize, WEB, NEED_SESSION | NEED_CSRF, NULL,
	  NULL },
	{ "POST", "/follow_requests/:id/reject", web_follow_request_reject,
	  WEB, NEED_SESSION | NEED_CSRF, NULL, NULL },

	/* Notifications (web_notifications.c). */
	{ "GET",  "/notifications",		web_notifications, WEB,
	  NEED_SESSION, NULL, NULL },
	{ "POST", "/notifications/clear",	web_notifications_clear, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },

	/*
	 * ActivityPub: what the server publishes of its local actors and
	 * their public statuses (ap_actor.c, ap_statuses.c,
	 * ap_collections.c), and how other servers find them (webfinger.c).
	 * A browser at an actor's or a status' id goes to its page.
	 */
	{ "GET",  "/users/:name",		ap_actor, AP,
	  CACHEABLE | LOCAL_CONTENT | NEED_AP_ACCEPT, NULL, q_none },
	{ "GET",  "/users/:name",		web_actor_redirect, WEB, 0, NULL,
	  NULL },
	{ "GET",  "/users/:name/outbox",	ap_outbox, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_ap_page },
	{ "GET",  "/users/:name/followers",	ap_followers, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_ap_page },
	{ "GET",  "/users/:name/following",	ap_following, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_ap_page },
	{ "GET",  "/users/:name/collections/featured", ap_featured, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/users/:name/collections/tags", ap_featured_tags, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/users/:name/statuses/:id",	ap_note, AP,
	  CACHEABLE | LOCAL_CONTENT | NEED_AP_ACCEPT, NULL, q_none },
	{ "GET",  "/users/:name/statuses/:id",	web_status_redirect, WEB, 0,
	  NULL, NULL },
	{ "GET",  "/users/:name/statuses/:id/activity", ap_status_activity,
	  AP, CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/users/:name/statuses/:id/replies", ap_status_replies, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_ap_replies },
	{ "GET",  "/actor",			ap_instance_actor, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	/* Deliveries from other servers, signed (ap_inbox.c). */
	{ "POST", "/inbox",			ap_inbox, AP, 0, NULL, NULL },
	{ "POST", "/users/:name/inbox",	ap_inbox, AP, 0, NULL, NULL },
	{ "POST", "/actor/inbox",		ap_inbox, AP, 0, NULL, NULL },
	{ "GET",  "/actor/outbox",		ap_instance_outbox, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/.well-known/webfinger",	webfinger, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_webfinger },
	{ "GET",  "/.well-known/host-meta",	host_meta, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/.well-known/host-meta.json", host_meta_json, AP,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/authorize_interaction",	web_authorize_interaction, WEB,
	  0, NULL, NULL },

	/* Mastodon client API. */
	{ "GET",  "/api/v1/instance",		api_instance_v1, API,
	  CACHEABLE, NULL, q_none },
	{ "GET",  "/api/v2/instance",		api_instance_v2, API,
	  CACHEABLE, NULL, q_none },
	{ "GET",  "/api/v1/accounts/verify_credentials",
	  api_account_verify_credentials, API, NEED_TOKEN | NEED_USER,
	  "read:accounts profile", NULL },
	/*
	 * Accounts and what one is to another (api_accounts.c,
	 * api_relationships.c); the fixed paths before /accounts/:id.
	 */
	{ "PATCH", "/api/v1/accounts/update_credentials",
	  api_account_update_credentials, API, NEED_TOKEN | NEED_USER,
	  "write:accounts", NULL },
	{ "GET",  "/api/v1/accounts/search",	api_account_search, API,
	  NEED_TOKEN | NEED_USER, "read:accounts", NULL },
	{ "GET",  "/api/v1/accounts/relationships", api_relationships, API,
	  NEED_TOKEN | NEED_USER, "read:follows", NULL },
	{ "GET",  "/api/v1/accounts/familiar_followers",
	  api_familiar_followers, API, NEED_TOKEN | NEED_USER,
	  "read:follows", NULL },
	{ "GET",  "/api/v1/accounts/:id/followers", api_account_followers,
	  API, CACHEABLE, "read:accounts", q_paging },
	{ "GET",  "/api/v1/accounts/:id/following", api_account_following,
	  API, CACHEABLE, "read:accounts", q_paging },
	{ "POST", "/api/v1/accounts/:id/follow", api_account_follow, API,
	  NEED_TOKEN | NEED_USER, "write:follows", NULL },
	{ "POST", "/api/v1/accounts/:id/unfollow", api_account_unfollow, API,
	  NEED_TOKEN | NEED_USER, "write:follows", NULL },
	{ "POST", "/api/v1/accounts/:id/remove_from_followers",
	  api_account_remove_from_followers, API, NEED_TOKEN | NEED_USER,
	  "write:follows", NULL },
	{ "POST", "/api/v1/accounts/:id/block", api_account_block, API,
	  NEED_TOKEN | NEED_USER, "write:blocks", NULL },
	{ "POST", "/api/v1/accounts/:id/unblock", api_account_unblock, API,
	  NEED_TOKEN | NEED_USER, "write:blocks", NULL },
	{ "POST", "/api/v1/accounts/:id/mute", api_account_mute, API,
	  NEED_TOKEN | NEED_USER, "write:mutes", NULL },
	{ "POST", "/api/v1/accounts/:id/unmute", api_account_unmute, API,
	  NEED_TOKEN | NEED_USER, "write:mutes", NULL },
	{ "POST", "/api/v1/accounts/:id/note", api_account_note, API,
	  NEED_TOKEN | NEED_USER, "write:accounts", NULL },
	{ "GET",  "/api/v1/blocks",		api_blocks, API,
	  NEED_TOKEN | NEED_USER, "read:blocks", NULL },
	{ "GET",  "/api/v1/mutes",		api_mutes, API,
	  NEED_TOKEN | NEED_USER, "read:mutes", NULL },
	{ "GET",  "/api/v1/follow_requests",	api_follow_requests, API,
	  NEED_TOKEN | NEED_USER, "read:follows", NULL },
	{ "POST", "/api/v1/follow_requests/:id/authorize",
	  api_follow_request_authorize, API, NEED_TOKEN | NEED_USER,
	  "write:follows", NULL },
	{ "POST", "/api/v1/follow_requests/:id/reject",
	  api_follow_request_reject, API, NEED_TOKEN | NEED_USER,
	  "write:follows", NULL },

	{ "GET",  "/api/v1/accounts/lookup",	api_account_lookup, API,
	  CACHEABLE, "read:accounts", q_lookup },
	{ "GET",  "/api/v1/accounts/:id",	api_account_show, API,
	  CACHEABLE, "read:accounts", q_none },
	{ "GET",  "/api/v1/accounts/:id/statuses", api_account_statuses, API,
	  CACHEABLE, "read:statuses", q_account_statuses },
	{ "GET",  "/api/v1/statuses/:id",	api_status_show, API,
	  CACHEABLE, "read:statuses", q_none },
	{ "GET",  "/api/v1/statuses/:id/context", api_status_context, API,
	  CACHEABLE, "read:statuses", q_none },
	{ "GET",  "/api/v1/timelines/public",	api_timeline_public, API,
	  CACHEABLE, "read:statuses", q_timeline },
	{ "GET",  "/api/v1/timelines/tag/:tag",	api_timeline_tag, API,
	  CACHEABLE, "read:statuses", q_tag_timeline },

	/*
	 * Statuses: several at once, posting, editing, deleting, and what
	 * a signed-in account does to one, with Mastodon's scopes
	 * (Api::V1::StatusesController and Api::V1::Statuses::*).
	 */
	{ "GET",  "/api/v1/statuses",		api_statuses_index, API, 0,
	  "read:statuses", NULL },
	{ "POST", "/api/v1/statuses",		api_status_create, API,
	  NEED_TOKEN | NEED_USER | RATE_POST, "write:statuses", NULL },
	{ "PUT",  "/api/v1/statuses/:id",	api_status_update, API,
	  NEED_TOKEN | NEED_USER, "write:statuses", NULL },
	{ "DELETE", "/api/v1/statuses/:id",	api_status_delete, API,
	  NEED_TOKEN | NEED_USER | RATE_POST, "write:statuses", NULL },
	{ "GET",  "/api/v1/statuses/:id/history", api_status_history, API,
	  CACHEABLE, "read:statuses", q_none },
	{ "GET",  "/api/v1/statuses/:id/source", api_status_source, API,
	  NEED_TOKEN, "read:statuses", NULL },
	{ "GET",  "/api/v1/statuses/:id/reblogged_by",
	  api_status_reblogged_by, API, CACHEABLE, "read:accounts", q_paging },
	{ "GET",  "/api/v1/statuses/:id/favourited_by",
	  api_status_favourited_by, API, CACHEABLE, "read:accounts",
	  q_paging },
	{ "POST", "/api/v1/statuses/:id/favourite", api_status_favourite, API,
	  NEED_TOKEN | NEED_USER, "write:favourites", NULL },
	{ "POST", "/api/v1/statuses/:id/unfavourite", api_status_unfavourite,
	  API, NEED_TOKEN | NEED_USER, "write:favourites", NULL },
	{ "POST", "/api/v1/statuses/:id/reblog",	api_status_reblog, API,
	  NEED_TOKEN | NEED_USER, "write:statuses", NULL },
	{ "POST", "/api/v1/statuses/:id/unreblog", api_status_unreblog, API,
	  NEED_TOKEN | NEED_USER, "write:statuses", NULL },
	{ "POST", "/api/v1/statuses/:id/bookmark", api_status_bookmark, API,
	  NEED_TOKEN | NEED_USER, "write:bookmarks", NULL },
	{ "POST", "/api/v1/statuses/:id/unbookmark", api_status_unbookmark,
	  API, NEED_TOKEN | NEED_USER, "write:bookmarks", NULL },
	{ "POST", "/api/v1/statuses/:id/mute",	api_status_mute, API,
	  NEED_TOKEN | NEED_USER, "write:mutes", NULL },
	{ "POST", "/api/v1/statuses/:id/unmute",	api_status_unmute, API,
	  NEED_TOKEN | NEED_USER, "write:mutes", NULL },
	{ "POST", "/api/v1/statuses/:id/pin",	api_status_pin, API,
	  NEED_TOKEN | NEED_USER, "write:accounts", NULL },
	{ "POST", "/api/v1/statuses/:id/unpin",	api_status_unpin, API,
	  NEED_TOKEN | NEED_USER, "write:accounts", NULL },
	{ "GET",  "/api/v1/bookmarks",		api_bookmarks, API,
	  NEED_TOKEN | NEED_USER, "read:bookmarks", NULL },
	{ "GET",  "/api/v1/favourites",		api_favourites, API,
	  NEED_TOKEN | NEED_USER, "read:favourites", NULL },

	/* The buttons under every post, for a signed-in web user. */
	{ "POST", "/@:acct/:id/favourite",	web_status_favourite, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/@:acct/:id/unfavourite",	web_status_unfavourite, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/@:acct/:id/reblog",		web_status_reblog, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/@:acct/:id/unreblog",	web_status_unreblog, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/@:acct/:id/bookmark",	web_status_bookmark, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/@:acct/:id/unbookmark",	web_status_unbookmark, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },

	/* The home feed (api_home.c). */
	{ "GET",  "/api/v1/timelines/home",	api_timeline_home, API,
	  NEED_TOKEN | NEED_USER, "read:statuses", q_home },

	/* OAuth2 */
	/* JSON under /oauth, but the consent page and its forms are web. */
	{ "POST", "/api/v1/apps",		api_app_create, API, 0, NULL,
	  NULL },
	{ "GET",  "/api/v1/apps/verify_credentials",
	  api_app_verify_credentials, API, NEED_TOKEN, SCOPE_ANY, NULL },
	{ "GET",  "/oauth/authorize",		web_oauth_authorize, WEB,
	  0, NULL, NULL },
	{ "POST", "/oauth/authorize",		web_oauth_approve, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/oauth/authorize/deny",	web_oauth_deny, WEB,
	  NEED_SESSION | NEED_CSRF, NULL, NULL },
	{ "POST", "/oauth/token",		oauth_token, API, 0, NULL,
	  NULL },
	{ "POST", "/oauth/revoke",		oauth_revoke, API, 0, NULL,
	  NULL },
	{ "GET",  "/oauth/userinfo",		oauth_userinfo, API,
	  NEED_TOKEN | NEED_USER, "profile", NULL },
	{ "POST", "/oauth/userinfo",		oauth_userinfo, API,
	  NEED_TOKEN | NEED_USER, "profile", NULL },
	{ "GET",  "/.well-known/oauth-authorization-server",
	  oauth_server_metadata, API, CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/settings/applications",	web_applications, WEB,
	  NEED_SESSION, NULL, NULL },
	{ "POST", "/settings/applications/:id/revoke",
	  web_application_revoke, WEB, NEED_SESSION | NEED_CSRF, NULL,
	  NULL },

	/*
	 * Notifications, read markers, preferences, custom emoji
	 * (api_notifications.c, api_markers.c, api_preferences.c,
	 * api_custom_emojis.c). Fixed names come before :id and :group_key.
	 */
	{ "GET",  "/api/v1/notifications",	api_notifications, API,
	  NEED_TOKEN | NEED_USER, "read:notifications", NULL },
	{ "GET",  "/api/v1/notifications/unread_count",
	  api_notifications_unread_count, API, NEED_TOKEN | NEED_USER,
	  "read:notifications", NULL },
	{ "POST", "/api/v1/notifications/clear", api_notifications_clear, API,
	  NEED_TOKEN | NEED_USER, "write:notifications", NULL },
	{ "GET",  "/api/v1/notifications/:id",	api_notification_show, API,
	  NEED_TOKEN | NEED_USER, "read:notifications", NULL },
	{ "POST", "/api/v1/notifications/:id/dismiss",
	  api_notification_dismiss, API, NEED_TOKEN | NEED_USER,
	  "write:notifications", NULL },
	{ "GET",  "/api/v2/notifications",	api_notifications_v2, API,
	  NEED_TOKEN | NEED_USER, "read:notifications", NULL },
	{ "GET",  "/api/v2/notifications/unread_count",
	  api_notifications_v2_unread_count, API, NEED_TOKEN | NEED_USER,
	  "read:notifications", NULL },
	{ "GET",  "/api/v2/notifications/:group_key",
	  api_notification_group_show, API, NEED_TOKEN | NEED_USER,
	  "read:notifications", NULL },
	{ "GET",  "/api/v2/notifications/:group_key/accounts",
	  api_notification_group_accounts, API, NEED_TOKEN | NEED_USER,
	  "read:notifications", NULL },
	{ "POST", "/api/v2/notifications/:group_key/dismiss",
	  api_notification_group_dismiss, API, NEED_TOKEN | NEED_USER,
	  "write:notifications", NULL },
	{ "GET",  "/api/v1/markers",		api_markers, API,
	  NEED_TOKEN | NEED_USER, "read:statuses", NULL },
	{ "POST", "/api/v1/markers",		api_markers_save, API,
	  NEED_TOKEN | NEED_USER, "write:statuses", NULL },
	{ "GET",  "/api/v1/preferences",	api_preferences, API,
	  NEED_TOKEN | NEED_USER, "read:accounts", NULL },
	{ "GET",  "/api/v1/custom_emojis",	api_custom_emojis, API,
	  CACHEABLE, NULL, q_none },

	/*
	 * Search, trends, the instance's documents and NodeInfo. Search
	 * needs no token (accounts and hashtags are public) but checks
	 * read:search when one comes; the rest are public and cacheable.
	 */
	{ "GET",  "/search",			web_search, WEB, CACHEABLE, NULL,
	  q_web_search },
	{ "GET",  "/.well-known/nodeinfo",	nodeinfo_well_known, WEB,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/nodeinfo/2.0",		nodeinfo_20, WEB,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/nodeinfo/2.1",		nodeinfo_21, WEB,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/api/v2/search",		api_search_v2, API, 0,
	  "read:search", NULL },
	{ "GET",  "/api/v1/trends",		api_trends_tags, API, CACHEABLE,
	  NULL, q_offset },
	{ "GET",  "/api/v1/trends/tags",	api_trends_tags, API, CACHEABLE,
	  NULL, q_offset },
	{ "GET",  "/api/v1/trends/statuses",	api_trends_statuses, API,
	  CACHEABLE, NULL, q_offset },
	{ "GET",  "/api/v1/trends/links",	api_trends_links, API, CACHEABLE,
	  NULL, q_offset },
	{ "GET",  "/api/v1/instance/rules",	api_instance_rules, API,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/api/v1/instance/extended_description",
	  api_instance_extended_description, API,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/api/v1/instance/peers",	api_instance_peers, API,
	  CACHEABLE, NULL, q_none },
	{ "GET",  "/api/v1/instance/activity",	api_instance_activity, API,
	  CACHEABLE, NULL, q_none },
	{ "GET",  "/api/v1/instance/translation_languages",
	  api_instance_translation_languages, API,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
	{ "GET",  "/api/v1/instance/domain_blocks",
	  api_instance_domain_blocks, API,
	  CACHEABLE | LOCAL_CONTENT, NULL, q_none },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/*
 * Match "/a/:x/b" against a path. A segment may start with literal text
 * before its parameter ("@:acct" matches "@alice"). Parameters never span
 * a '/' and are never empty.
 */
int
route_match(const char *pattern, const char *path, struct params *out)
{
	const char *pp = pattern, *sp = path, *pend, *send, *colon;
	size_t lit, plen;

	out->n = 0;
	while (*pp && *sp) {
		if (*pp != '/' || *sp != '/')
			return 0;
		pp++;
		sp++;
		pend = strchr(pp, '/');
		if (pend == NULL)
			pend = pp + strlen(pp);
		send = strchr(sp, '/');
		if (send == NULL)
			send = sp + strlen(sp);
		colon = memchr(pp, ':', (size_t)(pend - pp));
		if (colon == NULL) {
			plen = (size_t)(pend - pp);
			if (plen != (size_t)(send - sp) || strncmp(pp, sp, plen))
				goto nomatch;
		} else {
			lit = (size_t)(colon - pp);
			if ((size_t)(send - sp) <= lit || strncmp(pp, sp, lit))
				goto nomatch;
			params_add(out, colon + 1, (size_t)(pend - colon - 1),
			    sp + lit, (size_t)(send - sp) - lit);
		}
		pp = pend;
		sp = send;
	}
	if (*pp == '\0' && *sp == '\0')
		return 1;
nomatch:
	params_free(out);
	return 0;
}

static enum family
family_of(const char *path)
{
	if (!strncmp(path, "/api/", 5) || !strncmp(path, "/oauth/", 7))
		return FAMILY_API;
	return FAMILY_WEB;
}

static int
method_is(const struct request *req, const char *m)
{
	if (!strcmp(req->method, m))
		return 1;
	return !strcmp(m, "GET") && !strcmp(req->method, "HEAD");
}

static int
method_has_body(const char *m)
{
	return !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") ||
	    !strcmp(m, "DELETE");
}

/* An array parameter ("any[]"), whose every value a handler reads. */
static int
is_array_name(const char *name)
{
	size_t len = strlen(name);

	return len > 2 && strcmp(name + len - 2, "[]") == 0;
}

/*
 * Keep only the query parameters the route declares, each once (the first
 * value, the one a handler would read) or, for an array, every value in
 * order, in the declared order.
 */
static void
keep_declared_query(struct request *req, const char *const *declared)
{
	struct params kept = { NULL, 0, 0 };
	const struct param *p;
	size_t i;

	for (; *declared != NULL; declared++) {
		if (!is_array_name(*declared)) {
			if ((p = params_find(&req->query_params,
			    *declared)) != NULL)
				params_add(&kept, p->name, strlen(p->name),
				    p->value, p->len);
			continue;
		}
		for (i = 0; i < req->query_params.n; i++) {
			p = &req->query_params.v[i];
			if (strcmp(p->name, *declared) == 0)
				params_add(&kept, p->name, strlen(p->name),
				    p->value, p->len);
		}
	}
	params_free(&req->query_params);
	req->query_params = kept;
}

/* A web page's checks: the session and the form's CSRF token. */
static int
check_web_needs(struct request *req, const struct route *r)
{
	if ((r->needs & NEED_SESSION) && req->viewer == NULL) {
		if (req_wants_json(req)) {
			resp_error(req, 401, "You need to sign in first");
			return -1;
		}
		resp_redirect(req, "/auth/sign_in");
		return -1;
	}
	if ((r->needs & NEED_CSRF) && csrf_check(req) != 0) {
		resp_error(req, 403, "This form has expired or did not come "
		    "from this site (invalid authenticity token). Go back, "
		    "reload the page and try again.");
		return -1;
	}
	return 0;
}

/*
 * An API call's checks, Mastodon's answers: a token that came must be
 * valid even where none is needed; then the route's scope, its user and
 * its role.
 */
static int
check_api_needs(struct request *req, const struct route *r)
{
	switch (bearer_load(req)) {
	case BEARER_ERROR:
		return 1;
	case BEARER_INVALID:
		resp_header(req, "WWW-Authenticate", "Bearer realm=\"Doorkeeper\", "
		    "error=\"invalid_token\", error_description=\"The access "
		    "token is invalid\"");
		resp_error(req, 401, "The access token is invalid");
		return -1;
	case BEARER_DISABLED:
		resp_error(req, 403, "Your login is currently disabled");
		return -1;
	case BEARER_NONE:
	case BEARER_VALID:
		break;
	}
	if ((r->needs & NEED_TOKEN) && req->token == NULL) {
		resp_error(req, 401, "The access token is invalid");
		return -1;
	}
	if (req->token != NULL && r->scope != NULL &&
	    !scope_allows(req->token->scopes, r->scope)) {
		resp_error(req, 403, "This action is outside the authorized "
		    "scopes");
		return -1;
	}
	if ((r->needs & NEED_USER) && req->viewer == NULL) {
		resp_error(req, 422, "This method requires an authenticated "
		    "user");
		return -1;
	}
	if ((r->needs & NEED_ADMIN) && (req->viewer == NULL ||
	    (strcmp(req->viewer->role, "admin") != 0 &&
	    strcmp(req->viewer->role, "moderator") != 0))) {
		resp_error(req, 403, "This action is not allowed");
		return -1;
	}
	/* A cacheable route counted the call before the cache lookup. */
	if (req->resp.rate_limit > 0 && !(r->needs & RATE_POST))
		return 0;
	return api_rate_limit(req, (r->needs & RATE_POST) != 0) ? -1 : 0;
}

/* The checks a route declared: 0 when the handler may run, -1 when an
 * answer was sent, 1 when the database failed. */
static int
check_needs(struct request *req, const struct route *r)
{
	if (r->family == FAMILY_API)
		return check_api_needs(req, r);
	/* Servers come without sessions or tokens (route_check.c). */
	if (r->family == FAMILY_AP)
		return 0;
	if (session_load(req) == -1)
		return 1;
	return check_web_needs(req, r);
}

int
router_check_table(void)
{
	return route_table_check(routes, NROUTES);
}

static const char *
family_name(enum family f)
{
	switch (f) {
	case FAMILY_WEB:
		return "web";
	case FAMILY_API:
		return "api";
	case FAMILY_AP:
		return "ap";
	}
	return "?";
}

void
router_print_table(FILE *out)
{
	const struct route *r;
	size_t i;

	for (i = 0; i < NROUTES; i++) {
		r = &routes[i];
		fprintf(out, "%s\t%s\t%s\t%s%s%s%s%s%s%s%s\t%s\n",
		    r->method, r->pattern, family_name(r->family),
		    r->needs & NEED_SESSION ? "session," : "",
		    r->needs & NEED_CSRF ? "csrf," : "",
		    r->needs & NEED_TOKEN ? "token," : "",
		    r->needs & NEED_USER ? "user," : "",
		    r->needs & NEED_ADMIN ? "admin," : "",
		    r->needs & CACHEABLE ? "cacheable," : "",
		    r->needs & RATE_POST ? "post," : "",
		    r->needs & NEED_AP_ACCEPT ? "ap-accept," : "",
		    r->scope ? r->scope : "-");
	}
}

/* A handler failed: a 503 when the database is away or too slow. */
/*
 * With authorized_fetch on, every ActivityPub GET but the instance
 * actor's document (whose key other servers need to check us) and
 * discovery under /.well-known/.
 */
static int
ap_route_needs_signature(const struct request *req, const struct route *r)
{
	return req->app->cf->authorized_fetch && r->family == FAMILY_AP &&
	    !strcmp(r->method, "GET") && strcmp(r->pattern, "/actor") != 0 &&
	    strncmp(r->pattern, "/.well-known/", 13) != 0;
}

static void
handler_failed(struct request *req)
{
	buf_reset(&req->resp.body);
	buf_reset(&req->resp.headers);
	if (db_unavailable(req->app->db)) {
		resp_header(req, "Retry-After", "%d", RETRY_AFTER_SECONDS);
		resp_error(req, 503, "The server is busy or its database is "
		    "unavailable. Try again in a moment.");
		return;
	}
	resp_error(req, 500, "Something went wrong on our side. It has "
	    "been logged.");
}

void
router_dispatch(struct request *req)
{
	struct buf allow = BUF_INIT;
	struct params params = { NULL, 0, 0 };
	char cache_key[PAGE_CACHE_KEY_MAX] = "";
	const struct route *r;
	size_t i, len;
	int valid;

	req->family = family_of(req->path);
	req->is_head = !strcmp(req->method, "HEAD");
	/* "/api/v1/instance/" is "/api/v1/instance", as in Rails. */
	len = strlen(req->path);
	while (len > 1 && req->path[len - 1] == '/')
		req->path[--len] = '\0';
	/* No page of ours has a name that is not UTF-8 (/@%FF). */
	utf8_length(req->path, &valid);
	if (!valid) {
		resp_error(req, 404, "The page you are looking for isn't "
		    "here.");
		return;
	}
	if (cors_preflight(req))
		return;

	for (i = 0; i < NROUTES; i++) {
		r = &routes[i];
		if (!route_match(r->pattern, req->path, &params))
			continue;
		if (!method_is(req, r->method)) {
			if (!strstr(buf_cstr(&allow), r->method)) {
				if (allow.len)
					buf_puts(&allow, ", ");
				buf_puts(&allow, r->method);
				if (!strcmp(r->method, "GET"))
					buf_puts(&allow, ", HEAD");
			}
			params_free(&params);
			continue;
		}
		if (r->needs & NEED_AP_ACCEPT) {
			/* Whichever route answers, the path negotiates. */
			req->resp.vary_accept = 1;
			if (!accept_prefers_activitypub(req_header(req,
			    "Accept"))) {
				params_free(&params);
				continue;
			}
		}
		req->route = r;
		req->family = r->family;
		req->route_params = params;
		break;
	}
	if (req->route == NULL) {
		/* So a signed-in visitor's error page keeps their menu. */
		if (req->family == FAMILY_WEB && !req_wants_json(req))
			session_load(req);
		if (allow.len > 0) {
			resp_header(req, "Allow", "%s", buf_cstr(&allow));
			resp_error(req, 405, "This address does not accept "
			    "that method");
		} else
			resp_error(req, 404, "The page you are looking for "
			    "isn't here.");
		buf_free(&allow);
		return;
	}
	buf_free(&allow);
	r = req->route;
	if (r->family == FAMILY_API)
		bearer_take(req);
	if (r->query != NULL)
		keep_declared_query(req, r->query);
	/*
	 * Authorized fetch: documents only for a signed request, checked
	 * before the page cache can answer.
	 */
	if (ap_route_needs_signature(req, r)) {
		switch (ap_require_signature(req)) {
		case 1:
			break;
		case 0:
			return;
		default:
			handler_failed(req);
			return;
		}
	}
	/* A signed-out API call is counted even when the cache answers. */
	if ((r->needs & CACHEABLE) && req->bearer == NULL) {
		if (r->family == FAMILY_API && api_rate_limit(req, 0) == 1)
			return;
		if (page_cache_lookup(req, cache_key) == 1)
			return;
	}
	if (method_has_body(req->method) && req_read_body(req) == -1)
		return;
	switch (check_needs(req, r)) {
	case 0:
		break;
	case 1:
		handler_failed(req);
		return;
	default:
		return;
	}
	if (r->handler(req) == -1 && req->resp.status < 400) {
		handler_failed(req);
		return;
	}
	if (r->needs & CACHEABLE)
		page_cache_store(req, cache_key);
}
