/*
 * timeline: the id queries behind every list of statuses. Each returns at
 * most page->limit ids, newest first, within the page's bounds; the caller
 * hydrates them with status_load(). Every query here is backed by an index
 * and keeps its LIMIT next to the index scan.
 */
#ifndef WOOLLY_TIMELINE_H
#define WOOLLY_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* Mastodon's cursors: max_id (older than), since_id (newer than, newest
 * first), min_id (newer than, the page just above it). 0 = unset. */
struct page {
	int64_t	max_id;
	int64_t	since_id;
	int64_t	min_id;
	int	limit;
};

struct id_list {
	int64_t	*ids;
	size_t	 n;
};

/* Which statuses a public timeline shows. */
enum timeline_scope { SCOPE_ALL = 0, SCOPE_LOCAL = 1, SCOPE_REMOTE = 2 };

/* The optional filters of an account's statuses. */
struct account_filter {
	int		 exclude_replies;	/* keeps replies to oneself */
	int		 exclude_reblogs;
	const char	*tagged;		/* any case; NULL = any */
};

/* Hashtags a tag timeline combines (Mastodon's any[], all[], none[]). */
struct tag_filter {
	const char *const	*any;
	size_t			 nany;
	const char *const	*all;
	size_t			 nall;
	const char *const	*none;
	size_t			 nnone;
};
#define TAG_FILTER_MAX 4	/* names of each kind that count */

void	id_list_free(struct id_list *);
/* Bind a page's bounds as two parameters: upper then lower, exclusive. */
struct db_params;
void	page_bounds(const struct page *, struct db_params *);

int	timeline_public(struct db *, int64_t viewer, enum timeline_scope,
	    const struct page *, struct id_list *);
/* local_only: statuses of this server only (the API's local=true). */
int	timeline_home(struct db *, int64_t viewer, int local_only,
	    const struct page *, struct id_list *);
/* filter may be NULL. */
int	timeline_account(struct db *, int64_t account_id, int64_t viewer,
	    const struct account_filter *, const struct page *,
	    struct id_list *);
/* The statuses account_id pinned to its profile, newest pin first. */
int	timeline_pinned(struct db *, int64_t account_id, int64_t viewer,
	    const struct page *, struct id_list *);
/*
 * An account's outbox, as ActivityPub serves it to anyone: its public and
 * unlisted statuses and boosts of statuses anyone may read.
 */
int	timeline_outbox(struct db *, int64_t account_id, const struct page *,
	    struct id_list *);
/* filter may be NULL. */
int	timeline_tag(struct db *, const char *tag, int64_t viewer,
	    enum timeline_scope, const struct tag_filter *,
	    const struct page *, struct id_list *);
/*
 * The viewer's bookmarks and favourites, newest mark first: cursors are
 * the marks' ids (the page's Link cursors), ids the statuses.
 */
int	timeline_bookmarks(struct db *, int64_t viewer, const struct page *,
	    struct id_list *cursors, struct id_list *ids);
int	timeline_favourites(struct db *, int64_t viewer, const struct page *,
	    struct id_list *cursors, struct id_list *ids);

#endif
