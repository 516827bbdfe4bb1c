/*
 * content_changes: how cached pages learn of committed writes.
 *
 * Signed-out pages are cached under content generations (cgi/page_cache.c),
 * one per scope. Database triggers (sql/0020) name the scopes each
 * transaction touched, on a channel only the writing connection hears;
 * after its writes, a program publishes them: the generations of those
 * scopes move on, so the next page load renders afresh. No handler or
 * program says which pages its writes affect.
 */
#ifndef WOOLLY_CONTENT_CHANGES_H
#define WOOLLY_CONTENT_CHANGES_H

/*
 * Local accounts and posts and everything their pages show (remote
 * replies in their threads, remote favourites of them...); remote
 * content no local page shows. Every cached page depends on the local
 * generation, pages that can show remote content on both.
 */
#define CONTENT_LOCAL	0x1u
#define CONTENT_REMOTE	0x2u
#define CONTENT_ALL	(CONTENT_LOCAL | CONTENT_REMOTE)

struct db;
struct cache;

/*
 * Start hearing this connection's changes (once, after db_open); 0 or -1
 * (then the next statement connects and listens again).
 */
int	content_changes_listen(struct db *);
/*
 * Move on the generations of the scopes this connection's committed
 * writes touched since the last call. 0 when done or nothing changed, -1
 * when memcached did not take it (the caller must not trust cached pages
 * until a later bump succeeds); *scopes says what was to be bumped.
 */
int	content_changes_publish(struct db *, struct cache *,
	    unsigned *scopes);

#endif
