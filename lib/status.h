/*
 * status: posting, deleting and loading statuses. Loading takes a list of
 * ids (from a timeline query) and returns fully hydrated statuses, in the
 * same order, with their author, mentions, tags, counters and the viewer's
 * own relation to each, in one query.
 */
#ifndef WOOLLY_STATUS_H
#define WOOLLY_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"

struct db;
struct config;

struct status_mention {
	int64_t	 account_id;
	char	*username;
	char	*acct;
	char	*url;
};

struct status {
	int64_t			 id;
	char			*uri;
	char			*url;
	char			*content;	/* HTML */
	char			*text;		/* source, local only */
	char			*spoiler_text;
	char			*visibility;
	char			*language;	/* may be NULL */
	char			*created_at;	/* ISO 8601 UTC with ms */
	char			*edited_at;	/* may be NULL */
	int			 sensitive, local;
	int64_t			 in_reply_to_id, in_reply_to_account_id;
	int64_t			 reblog_of_id;
	int64_t			 replies_count, reblogs_count,
				 favourites_count;
	int			 favourited, reblogged, bookmarked;
	struct account		 account;
	struct status_mention	*mentions;
	size_t			 nmentions;
	char			**tags;
	size_t			 ntags;
	struct status		*reblog;	/* the boosted status */
	/*
	 * Changes whenever anything of the entity changes (the status,
	 * its counters, its author or the author's counters): what a
	 * cache of rendered statuses keys on.
	 */
	char			*version;
};

struct status_list {
	struct status	*items;
	size_t		 n;
};

/*
 * Load statuses by id for a viewer (0 when signed out), keeping the order
 * of ids; ids that are missing or deleted are skipped. Visibility is the
 * caller's business (the id queries filter it). 0 or -1.
 */
int	status_load(struct db *, const struct config *, const int64_t *ids,
	    size_t n, int64_t viewer, struct status_list *);
void	status_list_free(struct status_list *);
/*
 * The cheap half of status_load, for callers that keep the rest cached:
 * the same statuses in the same order (reblogs with their boosted status),
 * each with only its id, reblog_of_id, visibility, account.id, version
 * and the viewer's favourited, reblogged and bookmarked. 0 or -1.
 */
int	status_load_marks(struct db *, const int64_t *ids, size_t n,
	    int64_t viewer, struct status_list *);

/* 1 and the author id when id exists, is not deleted and viewer may see
 * it; 0 when not (or not visible); -1 on error. */
int	status_find_visible(struct db *, int64_t id, int64_t viewer,
	    int64_t *account_id);

struct status_new {
	int64_t		 account_id;
	const char	*username;	/* the author's, for the URI */
	const char	*text;
	const char	*spoiler_text;	/* may be NULL */
	/*
	 * public/unlisted/private/direct, or NULL for the default: a reply
	 * then takes its parent's visibility when that is narrower.
	 */
	const char	*visibility;
	int		 sensitive;
	const char	*language;	/* may be NULL */
	int64_t		 in_reply_to_id;	/* 0 for none */
};

enum status_create_result {
	STATUS_CREATED = 0,
	STATUS_ERROR = -1,
	STATUS_REPLY_NOT_FOUND = 1,
};

enum status_create_result status_create(struct db *, const struct config *,
	    const struct status_new *, int64_t *id);

/* Soft-delete one's own status: 1 deleted, 0 not found/not theirs, -1. */
int	status_delete(struct db *, int64_t id, int64_t account_id);

/* Ancestors (oldest first) and descendants (thread order) of a status,
 * visible to viewer. */
int	status_context(struct db *, const struct config *, int64_t id,
	    int64_t viewer, struct status_list *ancestors,
	    struct status_list *descendants);

int	status_visibility_valid(const char *);

/* What a status is posted as when its author chose nothing. */
#define STATUS_DEFAULT_VISIBILITY "public"
/*
 * The visibility a new status gets: the author's choice when there is
 * one, else the default narrowed to the parent's (NULL for none).
 */
const char	*status_default_visibility(const char *chosen,
		    const char *parent);

#endif
