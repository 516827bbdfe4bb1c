/*
 * marker: where a user stopped reading a timeline (Mastodon's markers,
 * for "home" and "notifications"), so that another app or the web page
 * can start there, and the unread notification count has a line to
 * count from.
 */
#ifndef WOOLLY_MARKER_H
#define WOOLLY_MARKER_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define MARKER_TIMELINES	2

struct marker {
	char	 timeline[16];
	int64_t	 last_read_id;
	long	 version;	/* changes so far (Rails' lock_version) */
	char	*updated_at;	/* ISO 8601 UTC with ms */
};

/* "home" or "notifications". */
int	marker_timeline_valid(const char *);

/* The user's markers (at most MARKER_TIMELINES). 0 or -1. */
int	marker_load(struct db *, int64_t user_id, struct marker *out,
	    size_t *n);
/*
 * Set a marker (version counts the changes; setting the same id again is
 * no change). 0 or -1. Several markers are set atomically between
 * db_begin and db_commit.
 */
int	marker_set(struct db *, int64_t user_id, const char *timeline,
	    int64_t last_read_id);
/* Move a marker forward only (a page seen again never goes back). */
int	marker_advance(struct db *, int64_t user_id, const char *timeline,
	    int64_t last_read_id);
/* The last read id, 0 when there is no marker; -1 on error. */
int64_t	marker_last_read(struct db *, int64_t user_id,
	    const char *timeline);
void	marker_free(struct marker *, size_t);

#endif
