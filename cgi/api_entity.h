/*
 * api_entity: the Mastodon REST entities (Account, Status) as JSON, built
 * from the structs lib/ loads, plus the few response habits every api_*
 * handler shares (the 404 body, cache headers, id lists of statuses).
 * Attributes follow Mastodon 4.3's serializers; a status loaded for a
 * signed-in viewer carries that viewer's flags (favourited, ...).
 */
#ifndef WOOLLY_API_ENTITY_H
#define WOOLLY_API_ENTITY_H

#include <stdint.h>

#include <json-c/json.h>

#include "account.h"
#include "request.h"
#include "status.h"
#include "tag.h"
#include "timeline.h"

struct config;

/* New JSON objects the caller owns (json_object_put, or hand to resp_json). */
json_object	*api_account_json(const struct config *,
		    const struct account *);
json_object	*api_status_json(const struct config *,
		    const struct status *);
json_object	*api_status_array(const struct config *,
		    const struct status_list *);
/* The viewer's own attributes of a status (favourited, ...) alone. */
json_object	*api_status_viewer_json(const struct status *);

/* Tag (search, trends): id, name, url and the history of seven days. */
json_object	*api_tag_json(const struct config *, const struct tag *);
json_object	*api_tag_array(const struct config *, const struct tag_list *);

/* Add a key to a JSON object: a string (NULL gives null), a boolean, an
 * integer, or a URL on this server (base_url + path). */
void	api_put_str(json_object *, const char *key, const char *value);
void	api_put_bool(json_object *, const char *key, int value);
void	api_put_int(json_object *, const char *key, int64_t value);
void	api_put_url(json_object *, const struct config *, const char *key,
	    const char *path);

/* Mastodon's answer for an unknown, malformed or hidden id. */
void	api_not_found(struct request *);

/* The signed-in account's id (from the token), 0 when signed out. */
int64_t	api_viewer_id(const struct request *);

/*
 * The account named by the path's :id: 1 found, 0 when the id is unknown
 * or malformed (the 404 is sent), -1 on a database error.
 */
int	api_account_from_path(struct request *, struct account *);

/*
 * Cache-Control for an anonymous API response: public for max_age seconds
 * (varying on Authorization, so a signed-in reply is never shared), or
 * "private, no-store" when max_age is 0.
 */
void	api_cache(struct request *, int max_age);
/* The same, but "private, no-store" whenever a token came: Mastodon's
 * cache_if_unauthenticated!, for answers that depend on the viewer. */
void	api_cache_if_unauthenticated(struct request *, int max_age);

/*
 * A boolean query parameter (Rails' casting; absent is false). -1, with a
 * 400 sent, when it cannot be read.
 */
int	api_flag(struct request *, const char *name, int *out);

/*
 * A 422 as Mastodon's ValidationErrorFormatter gives it: "Validation
 * failed: Field description", and details {field: [{error: code,
 * description}]} (code as ERR_BLANK, ERR_INCLUSION, ...).
 */
void	api_validation_failed(struct request *, const char *field,
	    const char *code, const char *description);

/*
 * Load the statuses of a timeline page for the request's viewer and send
 * them as a JSON array with the page's Link header. 0, or -1 on a
 * database error.
 */
int	api_send_timeline(struct request *, const struct page *,
	    const struct id_list *);

#endif
