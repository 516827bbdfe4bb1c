/*
 * remote_status: the posts of other servers, as we store them. A post
 * comes with an activity in the inbox or is fetched from its origin (a
 * search for its URL, the parent of a reply); either way it is stored
 * under its author, whose origin it must share, with its remote HTML
 * sanitized. Its visibility is read from to and cc as Mastodon reads
 * them. A suspended domain's posts are neither fetched nor stored.
 */
#ifndef WOOLLY_REMOTE_STATUS_H
#define WOOLLY_REMOTE_STATUS_H

#include <stddef.h>
#include <stdint.h>

struct ap_object;
struct config;
struct db;
struct remote_fetcher;

/* How many parents of a reply are fetched, at most, one after another. */
#define REMOTE_ANCESTORS_MAX	8

/* A local account by its ActivityPub id (or profile URL): 1, 0, -1. */
int	local_account(struct db *, const char *uri, int64_t *id);

/*
 * A status we have (not deleted) by its ActivityPub id: 1, 0, -1.
 * author and visibility may be NULL.
 */
int	status_by_uri(struct db *, const char *uri, int64_t *id,
	    int64_t *author, char *visibility, size_t vislen);

/* "public", "unlisted", "private" or "direct", from to and cc. */
const char *remote_status_visibility(struct db *, const struct ap_object *,
	    int64_t author);
/* What a post shows, sanitized (malloc'd). */
char	*remote_status_content(const struct ap_object *);
/* Its content warning, plain text, cut (malloc'd). */
char	*remote_status_spoiler(const struct ap_object *);
/* A time parameter of a date (now for none or one in the future). */
void	 remote_status_time(int64_t t, char *out);
/* Its mentions of local accounts and its hashtags: 0 or -1. */
int	remote_status_save_mentions(struct db *, int64_t status,
	    const struct ap_object *);
int	remote_status_save_tags(struct db *, int64_t status,
	    const struct ap_object *);

/*
 * Store a remote post by author (its origin already checked): 0 and *id
 * (also when we had it), -1 on a database error.
 */
int	remote_status_store(struct db *, const struct ap_object *,
	    int64_t author, int64_t *id);

/*
 * A post fetched from its own origin and parsed: its author resolved
 * (fetched when unknown) and the post stored. Refused when it is not a
 * post, when its id and author are not of one origin, or when that
 * domain is suspended. 0 and *id, or -1 with a reason.
 */
int	remote_status_save_fetched(struct db *, struct remote_fetcher *,
	    const struct ap_object *, int64_t *id, char *err, size_t errlen);

/*
 * Is uri not to be fetched: not http(s), of this server, or of a
 * suspended domain? 1 with a reason, or 0.
 */
int	remote_url_refused(struct db *, const struct config *,
	    const char *uri, char *err, size_t errlen);

/*
 * The post at uri: the one we have, or fetched (signed, from its
 * origin) and stored. A URL of this server or of a suspended domain is
 * not fetched. 0 and *id, or -1 with a reason.
 */
int	remote_status_fetch(struct db *, const struct config *,
	    struct remote_fetcher *, const char *uri, int64_t *id,
	    char *err, size_t errlen);

/*
 * The missing ancestors of a stored status: while a status replies to a
 * post we lack (in_reply_to_uri without in_reply_to_id), that post is
 * fetched and stored, and the reply linked to it, up to max hops. How
 * many were linked, or -1 with a reason (what was linked stays).
 */
int	remote_status_fetch_ancestors(struct db *, const struct config *,
	    struct remote_fetcher *, int64_t status_id, int max, char *err,
	    size_t errlen);

#endif
