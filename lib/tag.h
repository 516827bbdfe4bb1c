/*
 * tag: hashtags as the API shows them, with Mastodon's history of the
 * last seven days: per UTC day, how many posts used the tag and how many
 * accounts wrote them. Only what anyone may see counts (public and
 * unlisted posts, not deleted, by accounts that are not suspended).
 */
#ifndef WOOLLY_TAG_H
#define WOOLLY_TAG_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define TAG_HISTORY_DAYS 7

struct tag_day {
	int64_t	day;		/* its start, epoch seconds */
	int64_t	uses;
	int64_t	accounts;
};

struct tag {
	int64_t		 id;
	char		*name;
	struct tag_day	 history[TAG_HISTORY_DAYS];  /* today first */
};

struct tag_list {
	struct tag	*items;
	size_t		 n;
};

/* The tags of ids, in that order (unknown ids skipped), in two queries
 * whatever their number. 0 or -1. */
int	tag_load(struct db *, const int64_t *ids, size_t n,
	    struct tag_list *);
void	tag_list_free(struct tag_list *);

#endif
