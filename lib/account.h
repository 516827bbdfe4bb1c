/*
 * account: local and remote actors as the rest of the code sees them,
 * loaded with their counters in one query, and the creation of local
 * accounts (with the RSA key every local actor signs its activities with).
 */
#ifndef WOOLLY_ACCOUNT_H
#define WOOLLY_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

struct db;
struct config;

struct account {
	int64_t	 id;
	char	*username;
	char	*domain;	/* NULL for local accounts */
	char	*acct;		/* "name" or "name@domain" */
	char	*display_name;
	char	*note;		/* HTML */
	char	*uri;
	char	*url;
	char	*avatar;	/* absolute URL, never NULL */
	char	*header;	/* absolute URL, never NULL */
	char	*fields;	/* JSON array text */
	char	*actor_type;
	char	*created_at;	/* ISO 8601, midnight UTC as Mastodon shows */
	char	*last_status_at;	/* YYYY-MM-DD or NULL */
	int	 locked, bot, discoverable, indexable, suspended, silenced;
	int64_t	 statuses_count, followers_count, following_count;
	int	 hide_collections;	/* followers and follows not shown */
};

struct account_list {
	struct account	*items;
	size_t		 n;
};

/*
 * The SELECT list account_from_row() reads, for queries that join accounts
 * as "a" and account_stats as "st". $-free so it can be spliced into
 * constant SQL strings with adjacent-literal concatenation.
 */
#define ACCOUNT_COLUMNS \
	"a.id, a.username, a.domain, a.display_name, a.note, a.uri, a.url, " \
	"a.avatar_url, a.avatar_file, a.header_url, a.header_file, " \
	"a.fields::text, a.actor_type, " \
	"to_char(date_trunc('day', a.created_at AT TIME ZONE 'UTC'), " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), " \
	"to_char(st.last_status_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), " \
	"a.locked, a.bot, a.discoverable, a.indexable, " \
	"a.suspended_at IS NOT NULL, a.silenced_at IS NOT NULL, " \
	"coalesce(st.statuses_count, 0), coalesce(st.followers_count, 0), " \
	"coalesce(st.following_count, 0), a.hide_collections"
#define ACCOUNT_NCOLUMNS 25
#define ACCOUNT_JOIN \
	"accounts a LEFT JOIN account_stats st ON st.account_id = a.id"

/*
 * A local sign-up waiting for approval does not exist to anyone yet, as
 * in Mastodon: no profile, no API record, no mentions. For queries that
 * name the account "a".
 */
#define ACCOUNT_NOT_PENDING \
	"NOT EXISTS (SELECT 1 FROM users pu WHERE pu.account_id = a.id " \
	"AND NOT pu.approved)"

/* Fill *a from the ACCOUNT_COLUMNS starting at column col. */
void	account_from_row(struct account *, const PGresult *, int row, int col,
	    const char *base_url);
void	account_free(struct account *);

/* 1 found, 0 not found, -1 database error. */
int	account_by_id(struct db *, const char *base_url, int64_t id,
	    struct account *);
/* domain NULL means local. Case-insensitive. */
int	account_by_username(struct db *, const char *base_url,
	    const char *username, const char *domain, struct account *);
/* "name", "name@domain" or "@name@domain"; our own domain means local. */
int	account_by_acct(struct db *, const struct config *, const char *acct,
	    struct account *);
/*
 * The accounts with these ids, in the order asked, leaving out unknown
 * and pending ones (suspended ones too unless with_suspended). 0 or -1.
 */
int	account_list_load(struct db *, const char *base_url,
	    const int64_t *ids, size_t n, int with_suspended,
	    struct account_list *);
void	account_list_free(struct account_list *);

/*
 * A format_mention_fn (lib/format.h) for text a local user writes: the
 * accounts this server knows. arg is a struct account_mentions.
 */
struct account_mentions {
	struct db		*db;
	const struct config	*cf;
};
int	account_resolve_mention(void *arg, const char *username,
	    const char *domain, int64_t *account_id, char **url);

/*
 * The accounts with these ids, in the order given, in one query; unknown
 * ids (and sign-ups still pending) are left out. 0 or -1.
 */
int	account_by_ids(struct db *, const char *base_url, const int64_t *ids,
	    size_t n, struct account **out, size_t *nout);
/*
 * The same accounts' versions: what changes whenever anything an
 * account's entity shows changes (the row versions of the account and
 * of its counters), for a cache of rendered accounts to key on. 0 or -1.
 */
struct account_version {
	int64_t	 id;
	char	 version[48];
};
int	account_versions(struct db *, const int64_t *ids, size_t n,
	    struct account_version **out, size_t *nout);

/* 1 if a local username is well-formed: [a-z0-9_]{1,30}, any case. */
int	account_username_valid(const char *);

enum account_create_result {
	ACCOUNT_CREATED = 0,
	ACCOUNT_ERROR = -1,
	ACCOUNT_USERNAME_TAKEN = 1,
	ACCOUNT_EMAIL_TAKEN = 2,
};

struct account_new {
	const char	*username;
	const char	*email;
	const char	*password;
	const char	*role;		/* "user", "moderator", "admin" */
	int		 approved;
	const char	*ip;		/* may be NULL */
	const char	*reason;	/* may be NULL */
};

/* Create account + user in one transaction. */
enum account_create_result account_create_local(struct db *,
	    const struct config *, const struct account_new *,
	    int64_t *account_id, int64_t *user_id);

enum follow_result {
	FOLLOW_ERROR = -1,
	FOLLOW_DONE = 0,	/* following (now or already) */
	FOLLOW_REQUESTED = 1,	/* the target is locked: a request waits */
	FOLLOW_NOT_ALLOWED = 2,	/* one of the two blocks the other */
};

/*
 * What a follow asks for besides itself. A new follow takes the defaults
 * (reblogs shown, no notifications, every language); on an existing
 * follow or request only what is given changes.
 */
struct follow_options {
	int			 reblogs;	/* 1, 0, or -1: not given */
	int			 notify;	/* 1, 0, or -1: not given */
	int			 languages_given;
	const char *const	*languages;	/* ISO 639 codes; none = all */
	size_t			 nlanguages;
};
#define FOLLOW_OPTIONS_NONE { -1, -1, 0, NULL, 0 }

/* Follow between two accounts (local for now), with the defaults. */
enum follow_result account_follow(struct db *, const struct config *,
	    int64_t follower, int64_t target);
/* The same with options (NULL for none). */
enum follow_result account_follow_with(struct db *, const struct config *,
	    int64_t follower, int64_t target, const struct follow_options *);
/* Stop following, or withdraw a waiting request; 0 or -1. */
int	account_unfollow(struct db *, int64_t follower, int64_t target);
/* 1 if follower asked to follow target and waits, 0 if not, -1 error. */
int	account_follow_requested(struct db *, int64_t follower,
	    int64_t target);
/* 1 if follower follows target, 0 if not, -1 error. */
int	account_is_following(struct db *, int64_t follower, int64_t target);
/* Both of those at once (what a profile page shows): 0 or -1. */
int	account_follow_state(struct db *, int64_t follower, int64_t target,
	    int *following, int *requested);

#endif
