/*
 * ap_shared: what the ActivityPub handlers (ap_*.c) have in common: the
 * local actor a path names, the answer as application/activity+json,
 * and the ?page=true links of collections.
 */
#ifndef WOOLLY_AP_SHARED_H
#define WOOLLY_AP_SHARED_H

#include <stdint.h>

#include <json-c/json.h>

#include "activitypub.h"
#include "request.h"

/* How long peers may keep a document (Mastodon's three minutes). */
#define AP_MAX_AGE	180
#define AP_NOT_FOUND	"Record not found"

/*
 * Send obj as a document of that vocabulary (ap_document), with the
 * ActivityPub content type and public caching when status is 200.
 */
void	ap_send(struct request *, int status, enum ap_vocabulary,
	    json_object *obj);

/*
 * The user name of the local account the path names by :name, or by
 * :acct ("name" or "name@this-domain"); NULL (and a 404 sent) for a
 * malformed name or another server's account. out holds 31 bytes.
 */
const char	*ap_route_username(struct request *, char out[31]);

/*
 * The local actor the path names: 1 loaded; 0 when a 404 was sent for an
 * unknown one, or a 403 for a suspended one unless it is wanted (its
 * actor says it is suspended; nothing else of it is served, as Mastodon
 * answers for a suspension that may be lifted); -1 on error.
 */
int	ap_route_actor(struct request *, int with_suspended,
	    struct ap_actor *);
/* The same answer for a suspended account, sent by the caller's choice. */
void	ap_suspended(struct request *);

/*
 * Whether ?page asks for a page (true, 1, ...): 1 or 0, or -1 with a 400
 * sent for a value that is not a boolean.
 */
int	ap_page_requested(struct request *);
/* "<base>?page=true", then "&<cursor>=<value>" when cursor is not NULL. */
char	*ap_page_url(const char *base, const char *cursor, int64_t value);

#endif
