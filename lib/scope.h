/*
 * scope: OAuth scopes as Mastodon defines them. A scope list is a string
 * of space-separated names ("read write:statuses follow"). A broad scope
 * covers its granular ones ("read" covers "read:statuses", "admin:read"
 * covers "admin:read:accounts"), and the old "follow" covers the
 * follow, block and mute scopes.
 */
#ifndef WOOLLY_SCOPE_H
#define WOOLLY_SCOPE_H

#include <stddef.h>

/* Longest scope list accepted from a client. */
#define SCOPE_LIST_MAX 1024

/*
 * Every scope, as a route's list of alternatives: for routes any valid
 * token may call (Mastodon 4.3's apps/verify_credentials). scope_test
 * checks that it names each scope of the table.
 */
#define SCOPE_ANY \
	"read write follow push profile " \
	"read:accounts read:blocks read:bookmarks read:favourites " \
	"read:filters read:follows read:lists read:mutes " \
	"read:notifications read:search read:statuses " \
	"write:accounts write:blocks write:bookmarks write:conversations " \
	"write:favourites write:filters write:follows write:lists " \
	"write:media write:mutes write:notifications write:reports " \
	"write:statuses " \
	"admin:read admin:write " \
	"admin:read:accounts admin:read:reports admin:read:domain_allows " \
	"admin:read:domain_blocks admin:read:ip_blocks " \
	"admin:read:email_domain_blocks admin:read:canonical_email_blocks " \
	"admin:write:accounts admin:write:reports " \
	"admin:write:domain_allows admin:write:domain_blocks " \
	"admin:write:ip_blocks admin:write:email_domain_blocks " \
	"admin:write:canonical_email_blocks"

/* 1 when every name in the list is a scope Mastodon defines (and the list
 * is not empty and within SCOPE_LIST_MAX). */
int	scope_list_valid(const char *list);

/*
 * 1 when a token holding the scopes in `held` may call a route that
 * accepts any of the scopes in `wanted` (a list of alternatives).
 */
int	scope_allows(const char *held, const char *wanted);

/* 1 when every scope in `requested` is among those in `allowed` (a token
 * asks no more than its application registered). */
int	scope_subset(const char *requested, const char *allowed);

/*
 * Normalise a valid list into out: each scope once, in first-seen order,
 * single spaces. 0, or -1 when invalid or too long for out.
 */
int	scope_normalise(const char *list, char *out, size_t outlen);

/* The i-th scope Mastodon defines, NULL past the last (for the server
 * metadata document and the route table's start-up check). */
const char *scope_at(size_t i);

/* What a scope lets an app do, in words for the consent page (NULL if
 * the name is unknown). */
const char *scope_describe(const char *scope);

#endif
