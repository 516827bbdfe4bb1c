/*
 * remote_resolve: what a person names on another server — an address
 * (@name@domain) or the URL of a profile or a post — found here, or
 * looked up on that server and stored, as Mastodon's resolve=true does.
 * An address goes through WebFinger on its domain; a URL is fetched
 * (signed, through the safe client) and taken only for its own origin.
 * Nothing of a suspended domain is fetched, and nothing of this server
 * (we know what we have).
 */
#ifndef WOOLLY_REMOTE_RESOLVE_H
#define WOOLLY_REMOTE_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct db;
struct remote_fetcher;

/* Is q an account address with a domain ("@name@domain", "name@domain",
 * "acct:name@domain")? */
int	remote_resolve_is_acct(const char *q);

/*
 * The account at an address: a known one (local or remote, not
 * suspended), or the actor its domain's WebFinger names, fetched and
 * stored; the actor must be of that domain and of that name. 1 and *id,
 * 0 with a reason when there is none, -1 on a database error.
 */
int	remote_resolve_acct(struct db *, const struct config *,
	    struct remote_fetcher *, const char *acct, int64_t *id,
	    char *err, size_t errlen);

/*
 * The status or account at a URL, as the viewer may see it: known, or
 * fetched — an actor is stored as an account, a post (Note, Question,
 * Article, Page, ...) as a status under its author. *status_id or
 * *account_id is set (the other 0). 1, 0 with a reason, -1.
 */
int	remote_resolve_url(struct db *, const struct config *,
	    struct remote_fetcher *, const char *url, int64_t viewer,
	    int64_t *status_id, int64_t *account_id, char *err,
	    size_t errlen);

#endif
