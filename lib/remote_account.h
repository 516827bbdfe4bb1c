/*
 * remote_account: the accounts of other servers, as we know them from
 * their actor documents. An actor is fetched (a GET signed by the
 * instance actor, through ap_fetch's safe client), parsed (ap_parse) and
 * stored in accounts with its remote HTML sanitized. A document is
 * trusted only for its own origin: ap_fetch refuses an id on another
 * origin than the URL fetched, and a key document's owner must name the
 * key back. A suspended domain's actors are neither fetched nor stored.
 */
#ifndef WOOLLY_REMOTE_ACCOUNT_H
#define WOOLLY_REMOTE_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "http_client.h"
#include "httpsig.h"

struct ap_view;
struct ap_object;
struct config;
struct db;

/* A stored actor is fetched again once it is older than this. */
#define REMOTE_ACCOUNT_STALE	(24 * 3600)	/* seconds */
#define REMOTE_ERROR_MAX	512

/*
 * How this process fetches: the safe client's policy and the instance
 * actor's key, parsed once (a PEM costs ~0.8 ms) and kept for the life
 * of the process.
 */
struct remote_fetcher {
	struct http_policy	 policy;
	char			*key_id;
	struct httpsig_key	*key;
};

int	remote_fetcher_init(struct remote_fetcher *, struct db *,
	    const struct config *, char *err, size_t errlen);
void	remote_fetcher_free(struct remote_fetcher *);

/* What signature checks need of a stored actor. */
struct remote_key {
	int64_t	 account_id;
	char	*uri;		/* the actor's id */
	char	*key_id;
	char	*pem;
	time_t	 fetched_at;	/* 0: never */
	int	 local;		/* one of ours */
};
void	remote_key_free(struct remote_key *);

/*
 * An actor's document, fetched by its id or by one of its key ids (a
 * key id's document is the actor itself, as Mastodon serves it, or a Key
 * whose owner is then fetched and must name the key). Nothing is
 * stored. NULL with a reason; the caller frees the document. *actor
 * points into it.
 */
struct ap_view *remote_actor_fetch(struct remote_fetcher *,
	    const char *uri_or_key_id, const struct ap_object **actor,
	    char *err, size_t errlen);

/*
 * Store (insert or refresh) an actor fetched from fetched_url: refused
 * when its id is not of that URL's origin, when it lacks a name or an
 * inbox, or when its domain is suspended. 0 and *id, or -1 with a reason.
 */
int	remote_account_save(struct db *, const char *fetched_url,
	    const struct ap_object *actor, int64_t *id, char *err,
	    size_t errlen);

/* Fetch and store in one step. */
int	remote_account_fetch(struct db *, struct remote_fetcher *,
	    const char *uri, int64_t *id, char *err, size_t errlen);

/*
 * The account of an actor id: from the database, fetched when unknown
 * (or stale, when refresh is set: a failed refresh keeps what we have).
 * 0 and *id, or -1 with a reason.
 */
int	remote_account_resolve(struct db *, struct remote_fetcher *,
	    const char *uri, int refresh, int64_t *id, char *err,
	    size_t errlen);

/* The stored account whose key is key_id: 1 found, 0 not, -1 error. */
int	remote_key_by_key_id(struct db *, const char *key_id,
	    struct remote_key *);
/* An account (local or remote) by its ActivityPub id: 1, 0 or -1. */
int	account_id_by_uri(struct db *, const char *uri, int64_t *id);

/* "host[:port]" of an absolute URL, lower case, malloc'd; NULL if none. */
char	*remote_domain_of(const char *url);

/*
 * WebFinger: the actor id of acct ("name@domain", "@name@domain" or
 * "acct:name@domain"), by a GET of the domain's /.well-known/webfinger.
 * A malloc'd URI, or NULL with a reason.
 */
char	*webfinger_lookup(struct remote_fetcher *, const char *acct,
	    char *err, size_t errlen);

#endif
