/*
 * web_resolve: the page of what an address or a URL names — a profile
 * or a post — for the search page and /authorize_interaction. A
 * signed-in visitor's look-up reaches other servers (lib/remote_resolve.c),
 * as Mastodon's does; a stranger's finds only what this server has.
 */
#ifndef WOOLLY_WEB_RESOLVE_H
#define WOOLLY_WEB_RESOLVE_H

struct buf;
struct request;

/* Can q name a profile or a post ("@name@domain", "acct:...", a URL)? */
int	web_resolvable(const char *q);

/* The path of the page q names: 1 and path, 0 none, -1 error. */
int	web_resolve_path(struct request *, const char *q, struct buf *path);

#endif
