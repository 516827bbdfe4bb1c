/*
 * woollyctl: the administrator's command-line tool. Each command is a row
 * in one table with its usage; exit status 0 means done, 1 means the
 * command failed (the message says why), 2 means it was used wrongly.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "account.h"
#include "ap_actor.h"
#include "ap_fetch.h"
#include "buf.h"
#include "cache.h"
#include "content_changes.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "delivery.h"
#include "domain_block.h"
#include "home_feed.h"
#include "http_client.h"
#include "httpsig.h"
#include "instance.h"
#include "log.h"
#include "migrate.h"

#define EXIT_USAGE 2

struct command;

struct ctl {
	const char		*config_path;
	struct config		 cf;
	struct db		*db;
	const struct command	*cmd;	/* the one being run */
};

/*
 * What the command committed moves the content generations on (sql/0020
 * names the scopes), so pages cached by the running pool are not served
 * stale; also_scopes adds scopes the database cannot know changed (a
 * change made by hand in SQL before a command that had nothing left to
 * do).
 */
static void
publish_changes(struct ctl *ctl, unsigned also_scopes)
{
	struct cache *c;
	unsigned scopes = also_scopes;

	if (ctl->db != NULL)
		scopes |= db_take_changes(ctl->db);
	if (scopes == 0)
		return;
	c = cache_open(ctl->cf.memcached);
	/* The pool cannot learn of our failure: the admin must. */
	if (cache_bump_generations(c, scopes) == -1)
		fprintf(stderr, "warning: memcached did not take the change; "
		    "signed-out pages may show the old state for up to ten "
		    "minutes (run the command again once memcached answers)\n");
	cache_close(c);
}

struct command {
	const char	*name;
	const char	*sub;
	int		 (*run)(struct ctl *, int, char **);
	int		 needs_db;
	const char	*usage;
};

static int cmd_migrate(struct ctl *, int, char **);
static int cmd_account_create(struct ctl *, int, char **);
static int cmd_account_password(struct ctl *, int, char **);
static int cmd_account_role(struct ctl *, int, char **);
static int cmd_account_suspend(struct ctl *, int, char **);
static int cmd_account_unsuspend(struct ctl *, int, char **);
static int cmd_feed_rebuild(struct ctl *, int, char **);
static int cmd_config_check(struct ctl *, int, char **);
static int cmd_config_example(struct ctl *, int, char **);
static int cmd_rule_list(struct ctl *, int, char **);
static int cmd_rule_add(struct ctl *, int, char **);
static int cmd_rule_remove(struct ctl *, int, char **);
static int cmd_instance_description(struct ctl *, int, char **);
static int cmd_fetch(struct ctl *, int, char **);
static int cmd_domain_block(struct ctl *, int, char **);
static int cmd_domain_unblock(struct ctl *, int, char **);
static int cmd_domain_list(struct ctl *, int, char **);
static int cmd_report_list(struct ctl *, int, char **);
static int cmd_delivery_status(struct ctl *, int, char **);
static int connect_database(struct ctl *);

static const struct command commands[] = {
	{ "migrate", NULL, cmd_migrate, 1,
	  "migrate                       apply pending schema migrations" },
	{ "account", "create", cmd_account_create, 1,
	  "account create NAME --email EMAIL [--role user|moderator|admin]\n"
	  "                              create a local account; prints its "
	  "password" },
	{ "account", "password", cmd_account_password, 1,
	  "account password NAME         set and print a new password" },
	{ "account", "role", cmd_account_role, 1,
	  "account role NAME ROLE        change a role "
	  "(user, moderator, admin)" },
	{ "account", "suspend", cmd_account_suspend, 1,
	  "account suspend NAME[@DOMAIN]\n"
	  "                              suspend an account and end its "
	  "sessions" },
	{ "account", "unsuspend", cmd_account_unsuspend, 1,
	  "account unsuspend NAME[@DOMAIN]\n"
	  "                              lift a suspension" },
	{ "feed", "rebuild", cmd_feed_rebuild, 1,
	  "feed rebuild NAME             build a local user's home feed "
	  "again" },
	{ "config", "check", cmd_config_check, 0,
	  "config check                  validate the configuration file" },
	{ "config", "example", cmd_config_example, 0,
	  "config example                print an example woolly.conf" },
	{ "rule", "list", cmd_rule_list, 1,
	  "rule list                     print the instance's rules" },
	{ "rule", "add", cmd_rule_add, 1,
	  "rule add TEXT [HINT]          add a rule after the others" },
	{ "rule", "remove", cmd_rule_remove, 1,
	  "rule remove ID                remove a rule" },
	{ "instance", "description", cmd_instance_description, 1,
	  "instance description TEXT|-   set the extended description "
	  "(- reads it from\n"
	  "                              standard input; \"\" removes it)" },
	{ "domain", "block", cmd_domain_block, 1,
	  "domain block DOMAIN --severity silence|suspend [--reject-media]\n"
	  "             [--reject-reports]\n"
	  "                              block a server and its subdomains:\n"
	  "                              silence keeps its posts out of the "
	  "public\n"
	  "                              timelines, suspend refuses it and "
	  "removes its\n"
	  "                              accounts and their content" },
	{ "domain", "unblock", cmd_domain_unblock, 1,
	  "domain unblock DOMAIN         lift a domain block" },
	{ "domain", "list", cmd_domain_list, 1,
	  "domain list                   print the domain blocks" },
	{ "report", "list", cmd_report_list, 1,
	  "report list                   print the reports not yet acted on" },
	{ "delivery", "status", cmd_delivery_status, 1,
	  "delivery status               the outgoing queue: events, "
	  "deliveries, hosts\n"
	  "                              unavailable" },
	{ "fetch", NULL, cmd_fetch, 0,
	  "fetch [--ap] [--sign [--as NAME]] [--max-body BYTES] "
	  "[--post FILE] URL\n"
	  "                              fetch a URL as federation does (the "
	  "same\n"
	  "                              checks and limits); --ap takes only "
	  "an\n"
	  "                              ActivityPub object, --sign signs the "
	  "request\n"
	  "                              with the key of NAME (default: the "
	  "first admin),\n"
	  "                              --post sends FILE (- for standard "
	  "input) as a\n"
	  "                              delivery would" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* To stdout when asked for (-h), to stderr after a mistake. */
static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: woollyctl [-h] [-c woolly.conf] COMMAND ...\n\n"
	    "commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %s\n", commands[i].usage);
	fprintf(fp, "\nThe configuration file defaults to %s "
	    "(or $WOOLLY_CONF).\n", config_default_path());
}

/* The usage of the command being run, for its own argument errors. */
static int
command_usage(const struct ctl *ctl)
{
	fprintf(stderr, "usage: woollyctl %s\n", ctl->cmd->usage);
	return EXIT_USAGE;
}

static int
role_valid(const char *r)
{
	return !strcmp(r, "user") || !strcmp(r, "moderator") ||
	    !strcmp(r, "admin");
}

static int
cmd_migrate(struct ctl *ctl, int argc, char **argv)
{
	const char *dir = migrate_default_dir();
	int n;

	(void)argv;
	if (argc != 0)
		return command_usage(ctl);
	if ((n = migrate_run(ctl->db, dir)) == -1)
		return 1;
	/* New schema, perhaps new content: nothing cached before holds. */
	if (n > 0)
		publish_changes(ctl, CONTENT_ALL);
	if (n == 0)
		printf("database is up to date\n");
	else
		printf("%d migration%s applied\n", n, n == 1 ? "" : "s");
	return 0;
}

static void
new_password(char *out, size_t len)
{
	if (random_token(out, len, 18) == -1)
		fatalx("random_token");
}

static int
cmd_account_create(struct ctl *ctl, int argc, char **argv)
{
	struct account_new n;
	char password[32];
	const char *email = NULL, *role = "user", *name;
	int64_t account_id, user_id;
	int i;

	if (argc < 1)
		return command_usage(ctl);
	name = argv[0];
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--email") && i + 1 < argc)
			email = argv[++i];
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i];
		else {
			fprintf(stderr, "unexpected argument '%s'\n", argv[i]);
			return command_usage(ctl);
		}
	}
	if (email == NULL) {
		fprintf(stderr, "--email is required\n");
		return command_usage(ctl);
	}
	if (!account_username_valid(name)) {
		fprintf(stderr, "invalid username '%s': use 1 to 30 letters, "
		    "digits or underscores\n", name);
		return 1;
	}
	if (strchr(email, '@') == NULL || strlen(email) > 320) {
		fprintf(stderr, "invalid email address '%s'\n", email);
		return 1;
	}
	if (!role_valid(role)) {
		fprintf(stderr, "invalid role '%s': use user, moderator or "
		    "admin\n", role);
		return 1;
	}
	new_password(password, sizeof(password));
	memset(&n, 0, sizeof(n));
	n.username = name;
	n.email = email;
	n.password = password;
	n.role = role;
	n.approved = 1;
	switch (account_create_local(ctl->db, &ctl->cf, &n, &account_id,
	    &user_id)) {
	case ACCOUNT_CREATED:
		printf("created %s (%s)\npassword: %s\n", name, role, password);
		return 0;
	case ACCOUNT_USERNAME_TAKEN:
		fprintf(stderr, "the username '%s' is taken\n", name);
		return 1;
	case ACCOUNT_EMAIL_TAKEN:
		fprintf(stderr, "the email address '%s' is in use\n", email);
		return 1;
	default:
		fprintf(stderr, "could not create the account: %s\n",
		    db_last_error(ctl->db));
		return 1;
	}
}

static int
update_user(struct ctl *ctl, const char *sql, const char *name,
    const char *value)
{
	struct db_params p;
	long n;

	db_params_init(&p);
	dbp_str(&p, name);
	dbp_str(&p, value);
	if ((n = db_exec(ctl->db, sql, &p)) == -1) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	if (n == 0) {
		fprintf(stderr, "no local account named '%s'\n", name);
		return 1;
	}
	return 0;
}

static int
cmd_account_password(struct ctl *ctl, int argc, char **argv)
{
	static const char *sql =
	    "UPDATE users SET password_hash = $2, updated_at = now() "
	    "WHERE account_id = (SELECT id FROM accounts "
	    "WHERE lower(username) = lower($1) AND domain IS NULL)";
	static const char *end_sessions_sql =
	    "DELETE FROM sessions WHERE user_id = (SELECT u.id FROM users u "
	    "JOIN accounts a ON a.id = u.account_id "
	    "WHERE lower(a.username) = lower($1) AND a.domain IS NULL)";
	char password[32], *hash;
	struct db_params p;
	int rc;

	if (argc != 1)
		return command_usage(ctl);
	new_password(password, sizeof(password));
	if ((hash = password_hash(password)) == NULL)
		return 1;
	rc = update_user(ctl, sql, argv[0], hash);
	free(hash);
	if (rc != 0)
		return rc;
	/* A reset password must also end the sessions the old one opened. */
	db_params_init(&p);
	dbp_str(&p, argv[0]);
	db_exec(ctl->db, end_sessions_sql, &p);
	printf("password: %s\n", password);
	return 0;
}

static int
cmd_account_role(struct ctl *ctl, int argc, char **argv)
{
	static const char *sql =
	    "UPDATE users SET role = $2, updated_at = now() "
	    "WHERE account_id = (SELECT id FROM accounts "
	    "WHERE lower(username) = lower($1) AND domain IS NULL)";
	int rc;

	if (argc != 2)
		return command_usage(ctl);
	if (!role_valid(argv[1])) {
		fprintf(stderr, "invalid role '%s': use user, moderator or "
		    "admin\n", argv[1]);
		return 1;
	}
	if ((rc = update_user(ctl, sql, argv[0], argv[1])) == 0) {
		printf("%s is now %s\n", argv[0], argv[1]);
	}
	return rc;
}

/* An account as the suspension commands find it. */
struct named_account {
	int64_t	 id;
	char	 acct[512];	/* "name" or "name@domain", as stored */
	int	 suspended;
};

/*
 * Find the account NAME, NAME@DOMAIN or @NAME@DOMAIN names, local or
 * remote, approved or not; our own domain means local. 0 when found,
 * otherwise the exit status, having said why.
 */
static int
find_named_account(struct ctl *ctl, const char *name, struct named_account *a)
{
	static const char *sql =
	    "SELECT id, username, domain, suspended_at IS NOT NULL "
	    "FROM accounts WHERE lower(username) = lower($1) "
	    "AND coalesce(lower(domain), '') = lower(coalesce($2, ''))";
	char username[256];
	const char *given = name, *at, *domain = NULL;
	struct db_params p;
	PGresult *res;
	size_t n;
	int rc = 0;

	if (*name == '@')
		name++;
	at = strchr(name, '@');
	n = at ? (size_t)(at - name) : strlen(name);
	if (at != NULL)
		domain = at + 1;
	if (n == 0 || n >= sizeof(username) || (domain != NULL &&
	    (*domain == '\0' || strchr(domain, '@') != NULL))) {
		fprintf(stderr, "invalid account name '%s': use NAME or "
		    "NAME@DOMAIN\n", given);
		return EXIT_USAGE;
	}
	memcpy(username, name, n);
	username[n] = '\0';
	if (domain != NULL && !strcasecmp(domain, ctl->cf.domain))
		domain = NULL;
	db_params_init(&p);
	dbp_str(&p, username);
	dbp_str(&p, domain);
	if ((res = db_run(ctl->db, sql, &p)) == NULL) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	if (PQntuples(res) == 1) {
		a->id = db_int(res, 0, 0);
		if (db_val(res, 0, 2) == NULL)
			snprintf(a->acct, sizeof(a->acct), "%s",
			    db_val(res, 0, 1));
		else
			snprintf(a->acct, sizeof(a->acct), "%s@%s",
			    db_val(res, 0, 1), db_val(res, 0, 2));
		a->suspended = db_bool(res, 0, 3);
	} else {
		fprintf(stderr, "no account named '%s'\n", given);
		rc = 1;
	}
	PQclear(res);
	return rc;
}

/*
 * Suspend an account: it is marked, its web sessions end, and the
 * content generation moves on so no cached page still shows it. An
 * account already suspended (by hand in SQL, say) gets the same, so
 * the command always leaves the same state behind.
 */
static int
cmd_account_suspend(struct ctl *ctl, int argc, char **argv)
{
	static const char *suspend_sql =
	    "UPDATE accounts SET suspended_at = now() "
	    "WHERE id = $1 AND suspended_at IS NULL";
	static const char *end_sessions_sql =
	    "DELETE FROM sessions WHERE user_id IN "
	    "(SELECT id FROM users WHERE account_id = $1)";
	struct db_params p;
	struct named_account a;
	int rc;

	if (argc != 1)
		return command_usage(ctl);
	if ((rc = find_named_account(ctl, argv[0], &a)) != 0)
		return rc;
	db_params_init(&p);
	dbp_int(&p, a.id);
	if (db_begin(ctl->db) == -1 ||
	    db_exec(ctl->db, suspend_sql, &p) == -1 ||
	    db_exec(ctl->db, end_sessions_sql, &p) == -1 ||
	    db_commit(ctl->db) == -1) {
		fprintf(stderr, "could not suspend %s: %s\n", a.acct,
		    db_last_error(ctl->db));
		db_rollback(ctl->db);
		return 1;
	}
	/* Suspended by hand in SQL: pages cached since may still show it. */
	if (a.suspended)
		publish_changes(ctl, CONTENT_ALL);
	if (a.suspended)
		printf("%s is already suspended\n", a.acct);
	else
		printf("suspended %s\n", a.acct);
	return 0;
}

static int
cmd_account_unsuspend(struct ctl *ctl, int argc, char **argv)
{
	static const char *sql =
	    "UPDATE accounts SET suspended_at = NULL WHERE id = $1";
	struct db_params p;
	struct named_account a;
	int rc;

	if (argc != 1)
		return command_usage(ctl);
	if ((rc = find_named_account(ctl, argv[0], &a)) != 0)
		return rc;
	if (!a.suspended) {
		printf("%s is not suspended\n", a.acct);
		return 0;
	}
	db_params_init(&p);
	dbp_int(&p, a.id);
	if (db_exec(ctl->db, sql, &p) == -1) {
		fprintf(stderr, "could not unsuspend %s: %s\n", a.acct,
		    db_last_error(ctl->db));
		return 1;
	}
	printf("unsuspended %s\n", a.acct);
	return 0;
}

/*
 * Build a user's home feed again. Only local users have one: a remote
 * account or a local one without a login is refused by name.
 */
static int
cmd_delivery_status(struct ctl *ctl, int argc, char **argv)
{
	struct delivery_status st;

	(void)argv;
	if (argc != 0)
		return command_usage(ctl);
	if (delivery_status_load(ctl->db, &st) == -1) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	printf("events to expand: %ld\ndeliveries queued: %ld\n"
	    "due now: %ld\nin flight: %ld\nhosts unavailable: %ld\n",
	    st.events, st.queued, st.due, st.claimed, st.hosts_unavailable);
	return 0;
}

static int
cmd_feed_rebuild(struct ctl *ctl, int argc, char **argv)
{
	static const char *sql =
	    "SELECT a.id FROM accounts a JOIN users u ON u.account_id = a.id "
	    "WHERE lower(a.username) = lower($1) AND a.domain IS NULL";
	struct db_params p;
	PGresult *res;
	int64_t id = 0;
	long n;

	if (argc != 1)
		return command_usage(ctl);
	db_params_init(&p);
	dbp_str(&p, argv[0]);
	if ((res = db_run(ctl->db, sql, &p)) == NULL) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	if (PQntuples(res) == 1)
		id = db_int(res, 0, 0);
	PQclear(res);
	if (id == 0) {
		fprintf(stderr, "no local user named '%s'\n", argv[0]);
		return 1;
	}
	if ((n = home_feed_rebuild(ctl->db, id)) == -1) {
		fprintf(stderr, "could not rebuild the feed of %s: %s\n",
		    argv[0], db_last_error(ctl->db));
		return 1;
	}
	printf("rebuilt the home feed of %s: %ld status%s\n", argv[0], n,
	    n == 1 ? "" : "es");
	return 0;
}

/* Rules are short sentences (Mastodon's limit); hints may say more. */
#define RULE_TEXT_MAX		300
#define RULE_HINT_MAX		1000
#define DESCRIPTION_MAX		(64 * 1024)

static int
cmd_rule_list(struct ctl *ctl, int argc, char **argv)
{
	struct instance_rules rules;
	size_t i;

	(void)argv;
	if (argc != 0)
		return command_usage(ctl);
	if (instance_rules_load(ctl->db, &rules) == -1) {
		fprintf(stderr, "could not read the rules: %s\n",
		    db_last_error(ctl->db));
		return 1;
	}
	for (i = 0; i < rules.n; i++)
		printf("%lld\t%s%s%s\n", (long long)rules.items[i].id,
		    rules.items[i].text, *rules.items[i].hint ? "\t" : "",
		    rules.items[i].hint);
	instance_rules_free(&rules);
	return 0;
}

static int
cmd_rule_add(struct ctl *ctl, int argc, char **argv)
{
	const char *hint = argc == 2 ? argv[1] : "";
	int64_t id;

	if (argc != 1 && argc != 2)
		return command_usage(ctl);
	if (*argv[0] == '\0' || strlen(argv[0]) > RULE_TEXT_MAX ||
	    strlen(hint) > RULE_HINT_MAX) {
		fprintf(stderr, "a rule is 1 to %d bytes, its hint at most "
		    "%d\n", RULE_TEXT_MAX, RULE_HINT_MAX);
		return 1;
	}
	if ((id = instance_rule_add(ctl->db, argv[0], hint)) == -1) {
		fprintf(stderr, "could not add the rule: %s\n",
		    db_last_error(ctl->db));
		return 1;
	}
	printf("added rule %lld\n", (long long)id);
	return 0;
}

static int
cmd_rule_remove(struct ctl *ctl, int argc, char **argv)
{
	char *end;
	long long id;
	int rc;

	if (argc != 1)
		return command_usage(ctl);
	id = strtoll(argv[0], &end, 10);
	if (*argv[0] == '\0' || *end != '\0' || id <= 0) {
		fprintf(stderr, "invalid rule id '%s'\n", argv[0]);
		return 1;
	}
	if ((rc = instance_rule_remove(ctl->db, id)) == -1) {
		fprintf(stderr, "could not remove the rule: %s\n",
		    db_last_error(ctl->db));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "no rule %lld\n", id);
		return 1;
	}
	printf("removed rule %lld\n", id);
	return 0;
}

/* "-": the whole of standard input, up to DESCRIPTION_MAX bytes. */
static int
read_stdin(struct buf *b)
{
	char chunk[4096];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > DESCRIPTION_MAX)
			return -1;
	}
	return ferror(stdin) ? -1 : 0;
}

static int
cmd_instance_description(struct ctl *ctl, int argc, char **argv)
{
	struct buf text = BUF_INIT;
	int rc = 1;

	if (argc != 1)
		return command_usage(ctl);
	if (!strcmp(argv[0], "-")) {
		if (read_stdin(&text) == -1) {
			fprintf(stderr, "could not read standard input, or "
			    "more than %d bytes\n", DESCRIPTION_MAX);
			goto done;
		}
	} else
		buf_puts(&text, argv[0]);
	if (text.len > DESCRIPTION_MAX || memchr(text.data, '\0',
	    text.len) != NULL) {
		fprintf(stderr, "the description is text of at most %d "
		    "bytes\n", DESCRIPTION_MAX);
		goto done;
	}
	if (instance_set_extended_description(ctl->db,
	    buf_cstr(&text)) == -1) {
		fprintf(stderr, "could not set the description: %s\n",
		    db_last_error(ctl->db));
		goto done;
	}
	printf("extended description %s\n", text.len ? "set" : "removed");
	rc = 0;
done:
	buf_free(&text);
	return rc;
}

/*
 * The instance actor's key id and private key: what servers sign their
 * own fetches with. 0, or the exit status having said why.
 */
static int
instance_signing_key(struct ctl *ctl, char **key_id, struct httpsig_key **key)
{
	char reason[HTTPSIG_REASON_MAX];
	const char *pem;
	struct buf id = BUF_INIT;

	if (ap_instance_actor_keys(ctl->db, NULL, &pem) == -1) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	if ((*key = httpsig_key_from_pem(pem, reason, sizeof(reason))) ==
	    NULL) {
		fprintf(stderr, "the instance actor's private key: %s\n",
		    reason);
		return 1;
	}
	buf_printf(&id, "%s%s#main-key", ctl->cf.base_url,
	    INSTANCE_ACTOR_PATH);
	*key_id = buf_detach(&id);
	return 0;
}

/*
 * The key id and private key of a local account (NAME, or the instance
 * actor), for a signed fetch. 0, or the exit status having said why.
 */
static int
signing_key(struct ctl *ctl, const char *name, char **key_id,
    struct httpsig_key **key)
{
	static const char *named_sql =
	    "SELECT public_key_id, private_key FROM accounts "
	    "WHERE domain IS NULL AND lower(username) = lower($1)";
	char reason[HTTPSIG_REASON_MAX];
	struct db_params p;
	PGresult *res;
	int rc = 1;

	if (connect_database(ctl) == -1)
		return 1;
	if (name == NULL)
		return instance_signing_key(ctl, key_id, key);
	db_params_init(&p);
	dbp_str(&p, name);
	if ((res = db_run(ctl->db, named_sql, &p)) == NULL) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	if (PQntuples(res) != 1 || db_val(res, 0, 0) == NULL ||
	    db_val(res, 0, 1) == NULL)
		fprintf(stderr, "no local account named '%s' with a key to "
		    "sign with\n", name);
	else if ((*key = httpsig_key_from_pem(db_val(res, 0, 1), reason,
	    sizeof(reason))) == NULL)
		fprintf(stderr, "the account's private key: %s\n", reason);
	else {
		*key_id = db_dup(res, 0, 0);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/*
 * A fetched body, as it came when it goes to a file or a pipe; on a
 * terminal, control characters other than newline and tab are shown as
 * '?', so a hostile server cannot drive the operator's terminal.
 */
static void
write_body(const struct buf *body)
{
	size_t i;
	unsigned char c;

	if (!isatty(STDOUT_FILENO)) {
		fwrite(body->data, 1, body->len, stdout);
		return;
	}
	for (i = 0; i < body->len; i++) {
		c = (unsigned char)body->data[i];
		putchar(c < 0x20 && c != '\n' && c != '\t' ? '?' :
		    c == 0x7f ? '?' : c);
	}
}

/* A body to POST: the file, or standard input for "-", up to 1 MiB. */
static int
read_body(const char *path, struct buf *b)
{
	char chunk[4096];
	size_t n;
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int rc = 0;

	if (fp == NULL) {
		fprintf(stderr, "%s: cannot be read\n", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > HTTP_MAX_BODY) {
			fprintf(stderr, "%s: more than %d bytes\n", path,
			    HTTP_MAX_BODY);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		fprintf(stderr, "%s: cannot be read\n", path);
		rc = -1;
	}
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static int
cmd_fetch(struct ctl *ctl, int argc, char **argv)
{
	struct http_policy policy;
	struct http_request req;
	struct http_response resp;
	struct httpsig_key *key = NULL;
	struct json_object *obj;
	const char *url = NULL, *as = NULL, *post = NULL;
	struct buf body = BUF_INIT;
	char err[HTTP_ERROR_MAX], *key_id = NULL, *end;
	int i, ap = 0, sign = 0, rc = 1;
	long status;
	unsigned long long max_body = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--ap"))
			ap = 1;
		else if (!strcmp(argv[i], "--sign"))
			sign = 1;
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "--post") && i + 1 < argc)
			post = argv[++i];
		else if (!strcmp(argv[i], "--max-body") && i + 1 < argc) {
			max_body = strtoull(argv[++i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || max_body == 0 ||
			    max_body > 1073741824ULL) {
				fprintf(stderr, "--max-body takes 1 to "
				    "1073741824 bytes\n");
				return EXIT_USAGE;
			}
		} else if (argv[i][0] != '-' && url == NULL)
			url = argv[i];
		else {
			fprintf(stderr, "unexpected argument '%s'\n", argv[i]);
			return command_usage(ctl);
		}
	}
	if (url == NULL || (as != NULL && !sign) || (ap && (max_body || post)))
		return command_usage(ctl);
	if (post != NULL && read_body(post, &body) == -1)
		return 1;
	if (http_policy_init(&policy, &ctl->cf, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		buf_free(&body);
		return 1;
	}
	if (sign && (rc = signing_key(ctl, as, &key_id, &key)) != 0)
		goto done;
	rc = 1;
	if (ap) {
		obj = ap_fetch_object(&policy, url, key_id, key, &status, err,
		    sizeof(err));
		if (obj == NULL) {
			fprintf(stderr, "%s\n", err);
			goto done;
		}
		printf("status: %ld\n\n%s\n", status,
		    json_object_to_json_string_ext(obj,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(obj);
		rc = 0;
		goto done;
	}
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.key_id = key_id;
	req.key = key;
	req.max_body = (size_t)max_body;
	if (post != NULL) {
		req.method = "POST";
		req.body = buf_cstr(&body);
		req.body_len = body.len;
	}
	if (http_fetch(&policy, &req, &resp) == -1)
		fprintf(stderr, "%s\n", resp.error);
	else {
		printf("status: %ld\ncontent-type: %s\nurl: %s\n\n",
		    resp.status, resp.content_type ? resp.content_type : "",
		    resp.final_url);
		write_body(&resp.body);
		rc = resp.status >= 200 && resp.status <= 299 ? 0 : 1;
	}
	http_response_free(&resp);
done:
	httpsig_key_free(key);
	free(key_id);
	buf_free(&body);
	http_policy_free(&policy);
	return rc;
}

/* A domain as an admin types it: a host name, no scheme or path. */
static int
domain_name_valid(const char *d)
{
	size_t i, len = strlen(d);

	if (len == 0 || len > 253 || d[0] == '.' || d[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)d[i]) && d[i] != '.' &&
		    d[i] != '-')
			return 0;
	return 1;
}

static int
cmd_domain_block(struct ctl *ctl, int argc, char **argv)
{
	const char *domain = NULL;
	int i, severity = -1, reject_media = 0, reject_reports = 0;
	long affected;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--severity") && i + 1 < argc)
			severity = domain_severity_parse(argv[++i]);
		else if (!strcmp(argv[i], "--reject-media"))
			reject_media = 1;
		else if (!strcmp(argv[i], "--reject-reports"))
			reject_reports = 1;
		else if (argv[i][0] != '-' && domain == NULL)
			domain = argv[i];
		else
			return command_usage(ctl);
	}
	if (domain == NULL || severity == -1)
		return command_usage(ctl);
	if (!domain_name_valid(domain)) {
		fprintf(stderr, "not a domain name: %s\n", domain);
		return 1;
	}
	if (domain_block(ctl->db, domain, (enum domain_severity)severity,
	    reject_media, reject_reports, &affected) == -1) {
		fprintf(stderr, "could not block %s: %s\n", domain,
		    db_last_error(ctl->db));
		return 1;
	}
	printf("%s: %s (%ld account%s %s)\n", domain,
	    domain_severity_name((enum domain_severity)severity), affected,
	    affected == 1 ? "" : "s", severity == DOMAIN_SUSPEND ?
	    "removed" : "silenced");
	return 0;
}

static int
cmd_domain_unblock(struct ctl *ctl, int argc, char **argv)
{
	int rc;

	if (argc != 1)
		return command_usage(ctl);
	if ((rc = domain_unblock(ctl->db, argv[0])) == -1) {
		fprintf(stderr, "could not unblock %s: %s\n", argv[0],
		    db_last_error(ctl->db));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "%s is not blocked\n", argv[0]);
		return 1;
	}
	printf("%s unblocked\n", argv[0]);
	return 0;
}

static int
cmd_domain_list(struct ctl *ctl, int argc, char **argv)
{
	struct domain_block *list;
	size_t i, n;

	(void)argv;
	if (argc != 0)
		return command_usage(ctl);
	if (domain_block_list(ctl->db, &list, &n) == -1) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%s\t%s%s%s\t%s\n", list[i].domain,
		    domain_severity_name(list[i].severity),
		    list[i].reject_media ? " reject-media" : "",
		    list[i].reject_reports ? " reject-reports" : "",
		    list[i].created_at);
	domain_block_list_free(list, n);
	return 0;
}

/* One line per open report: id, when, who, about whom, statuses, comment. */
static int
cmd_report_list(struct ctl *ctl, int argc, char **argv)
{
	static const char *sql =
	    "SELECT r.id, to_char(r.created_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
	    "coalesce(a.username || coalesce('@' || a.domain, ''), '-'), "
	    "t.username || coalesce('@' || t.domain, ''), "
	    "array_to_string(r.status_ids, ','), r.comment "
	    "FROM reports r JOIN accounts t ON t.id = r.target_account_id "
	    "LEFT JOIN accounts a ON a.id = r.account_id "
	    "WHERE r.action_taken_at IS NULL ORDER BY r.id";
	PGresult *res;
	const char *c;
	int i;

	(void)argv;
	if (argc != 0)
		return command_usage(ctl);
	if ((res = db_run(ctl->db, sql, NULL)) == NULL) {
		fprintf(stderr, "database error: %s\n", db_last_error(ctl->db));
		return 1;
	}
	for (i = 0; i < PQntuples(res); i++) {
		printf("%s\t%s\tby %s\tagainst %s\tstatuses %s\t",
		    db_val(res, i, 0), db_val(res, i, 1), db_val(res, i, 2),
		    db_val(res, i, 3), *db_val(res, i, 4) ?
		    db_val(res, i, 4) : "-");
		/* The comment is a stranger's text: no control characters. */
		for (c = db_val(res, i, 5); *c; c++)
			putchar((unsigned char)*c < 0x20 ? ' ' : *c);
		putchar('\n');
	}
	PQclear(res);
	return 0;
}

static int
cmd_config_check(struct ctl *ctl, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	config_dump(&ctl->cf, stdout);
	printf("%s: configuration OK\n", ctl->config_path);
	return 0;
}

static int
cmd_config_example(struct ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	config_print_example(stdout);
	return 0;
}

/* The database setting as `config check` shows it; malloc'd. */
static char *
conninfo_for_display(const char *conninfo)
{
	char *text = NULL;
	size_t len;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	print_conninfo_masked(fp, conninfo);
	if (fclose(fp) != 0)
		fatal("open_memstream");
	return text;
}

/* libpq's reason, without the newline its messages end in. */
static void
print_libpq_reason(const char *reason)
{
	size_t len = strlen(reason);

	while (len > 0 && reason[len - 1] == '\n')
		len--;
	fprintf(stderr, ": %.*s\n", (int)len, reason);
}

/*
 * Connect, or say why not without showing the password. libpq quotes a
 * connection string it cannot parse back in its complaint, password and
 * all (a bad %-escape in a URI's password, a space in a key = value
 * one), so the string is parsed first, and that complaint is shown only
 * when the string itself may be. Once it parses, libpq's reasons come
 * from connecting and name the host, port, user and database, never the
 * password.
 */
static int
is_connection_string(const char *s)
{
	return strchr(s, '=') != NULL || !strncmp(s, "postgres://", 11) ||
	    !strncmp(s, "postgresql://", 13);
}

static int
connect_database(struct ctl *ctl)
{
	PQconninfoOption *options = NULL;
	char *display, *parse_error = NULL;
	int rc = -1;

	display = conninfo_for_display(ctl->cf.database);
	/*
	 * Only a connection string is parsed: a bare database name
	 * ("woolly") is no key = value string, yet libpq and the pool
	 * take it, as libpq's own test says (an '=' or a URI prefix).
	 */
	if (is_connection_string(ctl->cf.database) &&
	    (options = PQconninfoParse(ctl->cf.database,
	    &parse_error)) == NULL) {
		fprintf(stderr, "cannot connect to the database (database = "
		    "%s): not a valid connection string", display);
		if (strcmp(display, ctl->cf.database) != 0)
			fprintf(stderr, "; libpq's reason is not shown, as it "
			    "quotes the setting\n");
		else
			print_libpq_reason(parse_error ? parse_error :
			    "out of memory");
		goto done;
	}
	/* No statement_timeout: migrations may take long. */
	ctl->db = db_open(ctl->cf.database, 0,
	    ctl->cf.database_connect_timeout);
	if (PQstatus(db_conn(ctl->db)) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect to the database (database = "
		    "%s)", display);
		print_libpq_reason(PQerrorMessage(db_conn(ctl->db)));
		goto done;
	}
	rc = 0;
done:
	PQconninfoFree(options);
	PQfreemem(parse_error);
	free(display);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct ctl ctl;
	const struct command *cmd = NULL;
	char err[512];
	size_t i;
	int ch, rc, consumed;
	static const struct option long_options[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 },
	};

	memset(&ctl, 0, sizeof(ctl));
	ctl.config_path = config_default_path();
	log_init("woollyctl", 0);
	while ((ch = getopt_long(argc, argv, "+c:h", long_options,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			ctl.config_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, argv[0]) != 0)
			continue;
		if (commands[i].sub == NULL ||
		    (argc > 1 && !strcmp(commands[i].sub, argv[1]))) {
			cmd = &commands[i];
			break;
		}
	}
	if (cmd == NULL) {
		fprintf(stderr, "unknown command '%s%s%s'\n\n", argv[0],
		    argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
		usage(stderr);
		return EXIT_USAGE;
	}
	ctl.cmd = cmd;
	consumed = cmd->sub ? 2 : 1;
	if (cmd->run != cmd_config_example &&
	    config_load(&ctl.cf, ctl.config_path, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (cmd->needs_db && connect_database(&ctl) == -1) {
		db_close(ctl.db);
		config_free(&ctl.cf);
		return 1;
	}
	if (ctl.db != NULL)
		(void)content_changes_listen(ctl.db);
	rc = cmd->run(&ctl, argc - consumed, argv + consumed);
	publish_changes(&ctl, 0);
	db_close(ctl.db);
	config_free(&ctl.cf);
	return rc;
}
