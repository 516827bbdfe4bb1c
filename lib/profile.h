/*
 * profile: what a local user says about themselves and how they post by
 * default: display name, bio, profile fields, the account's switches
 * (locked, bot, discoverable, indexable, hide_collections) and the
 * posting defaults kept in users.settings (default_privacy,
 * default_sensitive, default_language). Checked here, with Mastodon's
 * limits and messages, so the API and the settings page refuse the same
 * things the same way; bio and field values are rendered to HTML once,
 * when saved, as statuses are.
 */
#ifndef WOOLLY_PROFILE_H
#define WOOLLY_PROFILE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct config;
struct db;

#define PROFILE_DISPLAY_NAME_MAX	30
#define PROFILE_NOTE_MAX		500
#define PROFILE_FIELDS_MAX		4
#define PROFILE_FIELD_NAME_MAX		255
#define PROFILE_FIELD_VALUE_MAX		255

/* A profile field as sent, to be checked. */
struct profile_field_input {
	const char	*name;
	const char	*value;
};

/* A profile field as typed (the API's source.fields). */
struct profile_field {
	char	*name;
	char	*value;
	char	*verified_at;	/* ISO 8601, or NULL */
};

/*
 * A change: NULL or -1 leaves a value as it is. Fields are replaced as a
 * whole when fields_given (none clears them); items with neither name nor
 * value are dropped, as Mastodon drops them.
 */
struct profile_change {
	const char	*display_name;
	const char	*note;
	int		 locked, bot, discoverable, indexable;
	int		 hide_collections;
	int		 fields_given;
	const struct profile_field_input *fields;
	size_t		 nfields;
	const char	*privacy;	/* public, unlisted or private */
	int		 sensitive;
	const char	*language;	/* "" clears it */
};
#define PROFILE_CHANGE_NONE \
	{ NULL, NULL, -1, -1, -1, -1, -1, 0, NULL, 0, NULL, -1, NULL }

/*
 * Apply a change to the account and its user. 0 saved; 1 refused, with
 * every reason (Mastodon's wording, "Display name is too long (maximum
 * is 30 characters)") joined by ", " in errors; -1 on a database error.
 */
int	profile_update(struct db *, const struct config *, int64_t account_id,
	    int64_t user_id, const struct profile_change *,
	    struct buf *errors);

/*
 * A language as Mastodon names them for posting defaults and follows:
 * an ISO 639-1 or -3 code, or a regional one ("zh-TW").
 */
int	language_code_valid(const char *);

/* What the user typed and chose, for the API's source and the form. */
struct profile_source {
	char			*note;
	struct profile_field	*fields;
	size_t			 nfields;
	char			*privacy;
	int			 sensitive;
	char			*language;	/* NULL when none */
	int64_t			 follow_requests_count;
};

/* 1 loaded, 0 no such user, -1 on a database error. */
int	profile_source_load(struct db *, int64_t user_id,
	    struct profile_source *);
void	profile_source_free(struct profile_source *);

#endif
