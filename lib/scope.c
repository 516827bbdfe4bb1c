/*
 * scope: Mastodon's OAuth scopes, in one table, and the three questions
 * asked of them: is a requested list valid, does a token's list allow a
 * route, and does a requested list stay within an application's.
 */
#include <string.h>

#include "scope.h"

#define SCOPE_NAME_MAX 64

struct scope_def {
	const char	*name;
	const char	*words;	/* for the consent page */
};

/* Mastodon 4.3's scopes (config/initializers/doorkeeper.rb). */
static const struct scope_def scopes[] = {
	{ "read", "read all your account's data" },
	{ "write", "change all your account's data" },
	{ "follow", "follow, block and mute accounts" },
	{ "push", "receive push notifications" },
	{ "profile", "read only your account's basic information" },
	{ "read:accounts", "see accounts' information" },
	{ "read:blocks", "see your blocks" },
	{ "read:bookmarks", "see your bookmarks" },
	{ "read:favourites", "see your favourites" },
	{ "read:filters", "see your filters" },
	{ "read:follows", "see your follows" },
	{ "read:lists", "see your lists" },
	{ "read:mutes", "see your mutes" },
	{ "read:notifications", "see your notifications" },
	{ "read:search", "search on your behalf" },
	{ "read:statuses", "see all posts" },
	{ "write:accounts", "modify your profile" },
	{ "write:blocks", "block accounts and domains" },
	{ "write:bookmarks", "bookmark posts" },
	{ "write:conversations", "mute and delete conversations" },
	{ "write:favourites", "favourite posts" },
	{ "write:filters", "create filters" },
	{ "write:follows", "follow people" },
	{ "write:lists", "create lists" },
	{ "write:media", "upload media files" },
	{ "write:mutes", "mute people and conversations" },
	{ "write:notifications", "clear your notifications" },
	{ "write:reports", "report other people" },
	{ "write:statuses", "publish posts" },
	{ "admin:read", "read all data on the server" },
	{ "admin:write", "modify all data on the server" },
	{ "admin:read:accounts", "read sensitive information of all accounts" },
	{ "admin:read:reports", "read sensitive information of all reports "
	  "and reported accounts" },
	{ "admin:read:domain_allows", "read sensitive information of all "
	  "domain allows" },
	{ "admin:read:domain_blocks", "read sensitive information of all "
	  "domain blocks" },
	{ "admin:read:ip_blocks", "read sensitive information of all IP "
	  "blocks" },
	{ "admin:read:email_domain_blocks", "read sensitive information of "
	  "all e-mail domain blocks" },
	{ "admin:read:canonical_email_blocks", "read sensitive information "
	  "of all canonical e-mail blocks" },
	{ "admin:write:accounts", "perform moderation actions on accounts" },
	{ "admin:write:reports", "perform moderation actions on reports" },
	{ "admin:write:domain_allows", "perform moderation actions on domain "
	  "allows" },
	{ "admin:write:domain_blocks", "perform moderation actions on domain "
	  "blocks" },
	{ "admin:write:ip_blocks", "perform moderation actions on IP blocks" },
	{ "admin:write:email_domain_blocks", "perform moderation actions on "
	  "e-mail domain blocks" },
	{ "admin:write:canonical_email_blocks", "perform moderation actions "
	  "on canonical e-mail blocks" },
};

#define NSCOPES (sizeof(scopes) / sizeof(scopes[0]))

const char *
scope_at(size_t i)
{
	return i < NSCOPES ? scopes[i].name : NULL;
}

/* What the deprecated "follow" scope stands for. */
static const char *const follow_covers[] = {
	"read:blocks", "read:follows", "read:mutes",
	"write:blocks", "write:follows", "write:mutes", NULL
};

/*
 * Walk a space-separated list: copy the next name into name (at most
 * SCOPE_NAME_MAX) and advance *p. 1 for a name, 0 at the end, -1 when a
 * name is too long.
 */
static int
next_name(const char **p, char name[SCOPE_NAME_MAX + 1])
{
	const char *s = *p, *e;
	size_t len;

	while (*s == ' ' || *s == '+')	/* "+" survives some encoders */
		s++;
	if (*s == '\0') {
		*p = s;
		return 0;
	}
	for (e = s; *e && *e != ' ' && *e != '+'; e++)
		;
	len = (size_t)(e - s);
	*p = e;
	if (len > SCOPE_NAME_MAX)
		return -1;
	memcpy(name, s, len);
	name[len] = '\0';
	return 1;
}

static const struct scope_def *
find(const char *name)
{
	size_t i;

	for (i = 0; i < NSCOPES; i++)
		if (!strcmp(scopes[i].name, name))
			return &scopes[i];
	return NULL;
}

const char *
scope_describe(const char *name)
{
	const struct scope_def *d = find(name);

	return d ? d->words : NULL;
}

int
scope_list_valid(const char *list)
{
	char name[SCOPE_NAME_MAX + 1];
	const char *p = list;
	int rc, n = 0;

	if (list == NULL || strlen(list) > SCOPE_LIST_MAX)
		return 0;
	while ((rc = next_name(&p, name)) == 1) {
		if (find(name) == NULL)
			return 0;
		n++;
	}
	return rc == 0 && n > 0;
}

/* Does one held scope cover one wanted scope? */
static int
covers(const char *held, const char *wanted)
{
	size_t n = strlen(held), i;

	if (find(held) == NULL)
		return 0;
	if (!strcmp(held, wanted))
		return 1;
	/* "read" covers "read:x", "admin:read" covers "admin:read:x". */
	if (!strncmp(wanted, held, n) && wanted[n] == ':')
		return 1;
	if (!strcmp(held, "follow"))
		for (i = 0; follow_covers[i] != NULL; i++)
			if (!strcmp(follow_covers[i], wanted))
				return 1;
	return 0;
}

/* 1 when some held scope covers `one`. */
static int
held_covers(const char *held, const char *one)
{
	char name[SCOPE_NAME_MAX + 1];
	const char *p = held;

	while (next_name(&p, name) == 1)
		if (covers(name, one))
			return 1;
	return 0;
}

int
scope_allows(const char *held, const char *wanted)
{
	char name[SCOPE_NAME_MAX + 1];
	const char *p = wanted;

	if (held == NULL || wanted == NULL)
		return 0;
	while (next_name(&p, name) == 1)
		if (held_covers(held, name))
			return 1;
	return 0;
}

int
scope_subset(const char *requested, const char *allowed)
{
	char name[SCOPE_NAME_MAX + 1];
	const char *p = requested;
	int rc;

	while ((rc = next_name(&p, name)) == 1)
		if (!held_covers(allowed, name))
			return 0;
	return rc == 0;
}

int
scope_normalise(const char *list, char *out, size_t outlen)
{
	char name[SCOPE_NAME_MAX + 1];
	const char *p = list;
	size_t used = 0, len;
	int rc;

	if (!scope_list_valid(list) || outlen == 0)
		return -1;
	out[0] = '\0';
	while ((rc = next_name(&p, name)) == 1) {
		/* Already there? Compare whole names only. */
		const char *q = out;
		char seen[SCOPE_NAME_MAX + 1];
		int dup = 0;

		while (next_name(&q, seen) == 1)
			if (!strcmp(seen, name))
				dup = 1;
		if (dup)
			continue;
		len = strlen(name);
		if (used + len + (used ? 1 : 0) + 1 > outlen)
			return -1;
		if (used)
			out[used++] = ' ';
		memcpy(out + used, name, len + 1);
		used += len;
	}
	return rc == 0 ? 0 : -1;
}
