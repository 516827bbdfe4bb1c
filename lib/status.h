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
	char	*uri;		/* the account's ActivityPub id */
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
	/*
	 * The ActivityPub id of the parent: the status', or the one a reply
	 * named before its parent reached us. NULL for no parent (and from
	 * status_load_marks).
	 */
	char			*in_reply_to_uri;
	int64_t			 reblog_of_id;
	int64_t			 replies_count, reblogs_count,
				 favourites_count;
	int64_t			 conversation_id;	/* 0 for none */
	/*
	 * The account the status was loaded for (0 when signed out): the
	 * flags below are that viewer's relation to it.
	 */
	int64_t			 viewer;
	int			 favourited, reblogged, bookmarked, muted,
				 pinned;
	/* The OAuth application it was posted from (id 0: the web). */
	int64_t			 application_id;
	char			*application_name;
	char			*application_website;	/* may be NULL */
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
 * each with only its id, reblog_of_id, visibility, account.id, version,
 * application and what api_status_viewer_json shows of the viewer: viewer,
 * favourited, reblogged, bookmarked, muted, pinned. 0 or -1.
 */
int	status_load_marks(struct db *, const int64_t *ids, size_t n,
	    int64_t viewer, struct status_list *);

/*
 * 1 and the author id when id exists, is not deleted and viewer may see
 * it (its author does not block the viewer); 0 when not (or not
 * visible); -1 on error.
 */
int	status_find_visible(struct db *, int64_t id, int64_t viewer,
	    int64_t *account_id);

/*
 * Of ids, those the viewer may see (and does not filter out by a block or
 * mute), in the same order. out is malloc'd (id_list_free). 0 or -1.
 */
struct id_list;
int	status_filter_visible(struct db *, const struct id_list *ids,
	    int64_t viewer, struct id_list *out);

struct status_new {
	int64_t		 account_id;
	const char	*username;	/* the author's, for the URI */
	const char	*text;
	const char	*spoiler_text;	/* may be NULL */
	/*
	 * public/unlisted/private/direct, or NULL for the author's default
	 * (source[privacy], else public): a reply then takes its parent's
	 * visibility when that is narrower.
	 */
	const char	*visibility;
	int		 sensitive;	/* -1: the author's default */
	const char	*language;	/* NULL: the author's default */
	int64_t		 in_reply_to_id;	/* 0 for none */
	int64_t		 application_id;	/* 0: the web pages */
	/*
	 * The client's Idempotency-Key (NULL for none): the same key from
	 * the same account within an hour gives the status it made then.
	 */
	const char	*idempotency_key;
};

enum status_create_result {
	STATUS_CREATED = 0,
	STATUS_ERROR = -1,
	STATUS_REPLY_NOT_FOUND = 1,
};

/* *id is the new status, or the one an Idempotency-Key already made. */
enum status_create_result status_create(struct db *, const struct config *,
	    const struct status_new *, int64_t *id);

/*
 * Soft-delete one's own status, with the boosts of it and its pin: 1
 * deleted, 0 not found/not theirs, -1.
 */
int	status_delete(struct db *, int64_t id, int64_t account_id);

/*
 * Whether text and spoiler_text together exceed max_status_length as
 * Mastodon counts (links 23 characters, mentions without their domain).
 */
int	status_too_long(const struct config *, const char *text,
	    const char *spoiler_text);
#define STATUS_TOO_LONG_FMT "Validation failed: Text character limit of %d " \
	"exceeded"

/*
 * Ancestors (oldest first) and descendants (thread order) of a status,
 * visible to viewer and not from accounts the viewer blocks or mutes.
 * Signed out, as Mastodon: 40 ancestors, 60 descendants at most 20 deep;
 * signed in, up to 4,096 of each.
 */
int	status_context(struct db *, const struct config *, int64_t id,
	    int64_t viewer, struct status_list *ancestors,
	    struct status_list *descendants);
/* The same, as ids (in one query), for callers that load them otherwise. */
int	status_context_ids(struct db *, int64_t id, int64_t viewer,
	    struct id_list *ancestors, struct id_list *descendants);

int	status_visibility_valid(const char *);

/*
 * Shared by status.c and status_edit.c. status_format renders a local
 * text, resolving its mentions among the accounts we know. The savers
 * run inside the caller's transaction: the status' mentions (on an edit,
 * the ones the text no longer makes turn silent, keeping the access they
 * had, as in Mastodon) and its tags (replaced on an edit). 0 or -1.
 * Notifications are the database's business (triggers, sql/0011).
 */
struct format_result;
void	status_format(struct db *, const struct config *, const char *text,
	    struct format_result *);
int	status_save_mentions(struct db *, int64_t status_id,
	    const struct format_result *, int editing);
int	status_save_tags(struct db *, int64_t status_id,
	    const struct format_result *, int editing);

/* What a status is posted as when its author chose nothing. */
#define STATUS_DEFAULT_VISIBILITY "public"
/*
 * The visibility a new status gets: the author's choice when there is
 * one, else the default narrowed to the parent's (NULL for none).
 */
const char	*status_default_visibility(const char *chosen,
		    const char *parent);
/* The narrower of two visibilities (either may be NULL: no limit). */
const char	*status_narrower_visibility(const char *, const char *);

#endif
