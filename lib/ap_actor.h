/*
 * ap_actor: the actors this server publishes, as lib/activitypub.c
 * needs them: a local account with everything its ActivityPub document
 * shows (its collections, its public key, its images, its aliases), and
 * the instance actor's key pair, which signs what the server fetches and
 * sends in its own name.
 */
#ifndef WOOLLY_AP_ACTOR_H
#define WOOLLY_AP_ACTOR_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"

struct config;
struct db;

struct ap_actor {
	struct account	 account;	/* the profile, as account.h loads it */
	/* The URLs stored when the account was made (lib/account.c). */
	char		*inbox, *outbox, *followers, *following, *featured;
	char		*shared_inbox;
	char		*key_id;	/* "<uri>#main-key" */
	char		*public_key_pem;
	/* Absolute URLs, and media types when the name tells; NULL: none. */
	char		*avatar_url, *avatar_type;
	char		*header_url, *header_type;
	char		*published;	/* the day it was made, 00:00:00Z */
	int64_t		 updated;	/* last profile change, epoch seconds */
	char		*moved_to;	/* the URI of its new account, or NULL */
	char		**also_known_as;	/* URIs of its other accounts */
	size_t		 nalso_known_as;
	int		 memorial;
};

/*
 * The local account of that user name (any case), unless its sign-up
 * still waits for approval. Suspended accounts load too (their document
 * says so). 1 found, 0 not, -1 on a database error.
 */
int	ap_actor_load(struct db *, const struct config *, const char *username,
	    struct ap_actor *);
void	ap_actor_free(struct ap_actor *);

/* Where the instance actor lives, under base_url. */
#define INSTANCE_ACTOR_PATH	"/actor"

/*
 * The instance actor's RSA key pair as PEM: made once per instance by
 * the first process that asks, kept in instance_settings (every worker
 * and host shares it) and remembered for the life of the process. Either
 * out pointer may be NULL. 0, or -1 when the database fails.
 */
int	ap_instance_actor_keys(struct db *, const char **public_pem,
	    const char **private_pem);

#endif
