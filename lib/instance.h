/*
 * instance: what the server says about itself (the instance API,
 * NodeInfo): its counts, its weekly activity, the domains it knows, its
 * rules and its extended description. Each is a few index-backed
 * queries; the answers built from them are cacheable.
 */
#ifndef WOOLLY_INSTANCE_H
#define WOOLLY_INSTANCE_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct instance_stats {
	int64_t	user_count;	/* local users who may sign in */
	int64_t	status_count;	/* local statuses */
	int64_t	domain_count;	/* servers we know accounts of */
	int64_t	active_month;	/* active in the last 4 weeks */
	int64_t	active_halfyear;	/* ... in the last 24 weeks */
};

/*
 * Active means signed in, or using a session or app, or posting, within
 * that many weeks (this one included), as Mastodon counts logins by week.
 * One round trip. 0 or -1.
 */
int	instance_stats(struct db *, struct instance_stats *);

#define INSTANCE_ACTIVITY_WEEKS 12

struct instance_week {
	int64_t	week;		/* Monday 00:00 UTC, in seconds */
	int64_t	statuses;	/* local statuses made that week */
	int64_t	logins;		/* distinct local users active */
	int64_t	registrations;	/* local sign-ups that week */
};

/* The last INSTANCE_ACTIVITY_WEEKS weeks, this one first. 0 or -1. */
int	instance_activity(struct db *,
	    struct instance_week[INSTANCE_ACTIVITY_WEEKS]);

struct domain_list {
	char	**items;
	size_t	  n;
};
void	domain_list_free(struct domain_list *);

/* The domains of the remote accounts we know, lower case, sorted. */
int	instance_peers(struct db *, struct domain_list *);

struct instance_rule {
	int64_t	 id;
	char	*text;
	char	*hint;
};

struct instance_rules {
	struct instance_rule	*items;
	size_t			 n;
};

/* The rules in force, in their order. 0 or -1. */
int	instance_rules_load(struct db *, struct instance_rules *);
void	instance_rules_free(struct instance_rules *);
/* Add a rule (priority after the others); its id, or -1. */
int64_t	instance_rule_add(struct db *, const char *text,
	    const char *hint);
/* Remove a rule: 1 removed, 0 no such rule, -1 error. */
int	instance_rule_remove(struct db *, int64_t id);

/*
 * The extended description as the administrator wrote it (plain text,
 * "" when there is none) and when it last changed (ISO 8601 UTC with
 * milliseconds). Both malloc'd. 0 or -1.
 */
int	instance_extended_description(struct db *, char **text,
	    char **updated_at);
/* Replace it ("" removes it). 0 or -1. */
int	instance_set_extended_description(struct db *, const char *text);

/* An instance_settings value (malloc'd), NULL when unset; -1 on error. */
int	instance_setting(struct db *, const char *key, char **value);

#endif
