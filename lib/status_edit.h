/*
 * status_edit: changing a posted status and the history that keeps, as
 * Mastodon's UpdateStatusService and StatusEdit: text, content warning,
 * sensitivity and language may change, visibility never; every edit is a
 * revision, and the first also records the original.
 */
#ifndef WOOLLY_STATUS_EDIT_H
#define WOOLLY_STATUS_EDIT_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct config;

/*
 * What an edit sets. As in Mastodon's API, every field is replaced: an
 * absent content warning is removed and an absent sensitive flag is false
 * (unless there is a content warning); an absent language keeps the old.
 */
struct status_change {
	const char	*text;
	const char	*spoiler_text;	/* NULL: none */
	int		 sensitive;	/* -1: not given */
	const char	*language;	/* NULL: keep */
};

enum status_edit_result {
	STATUS_EDITED = 0,
	STATUS_EDIT_ERROR = -1,
	STATUS_EDIT_NOT_FOUND = 1,	/* missing, deleted, a boost, theirs */
	STATUS_EDIT_UNCHANGED = 2,	/* nothing differs: no revision */
};

/*
 * Edit one's own status. Those who boosted it are told by a trigger on
 * edited_at (sql/0011).
 */
enum status_edit_result status_edit(struct db *, const struct config *,
	    int64_t id, int64_t account_id, const struct status_change *);

struct status_revision {
	char	*content;	/* HTML */
	char	*spoiler_text;
	char	*created_at;	/* ISO 8601 UTC with ms */
	int	 sensitive;
};

struct status_history {
	struct status_revision	*items;
	size_t			 n;
};

/* The revisions of a status, oldest first (none if never edited). */
int	status_history(struct db *, int64_t id, struct status_history *);
void	status_history_free(struct status_history *);

#endif
