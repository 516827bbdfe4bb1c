/*
 * config: parse woolly.conf against one table of settings. A setting's
 * name, type, default, bounds and help live together here so the parser,
 * `woollyctl config check` and the example file cannot drift apart.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef PKGDATADIR
#define PKGDATADIR "/usr/share/woolly"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif
#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/run"
#endif

enum config_type { CT_STRING, CT_INT, CT_OCTAL, CT_BOOL, CT_ENUM };

struct config_key {
	const char	*name;
	enum config_type type;
	size_t		 offset;
	const char	*def;
	long		 min, max;	/* CT_INT / CT_OCTAL bounds */
	const char	*const *choices;	/* CT_ENUM, NULL-terminated */
	const char	*help;
};

static const char *const scheme_choices[] = { "https", "http", NULL };
static const char *const registration_choices[] = {
	"open", "approval", "closed", NULL
};

#define OFF(f) offsetof(struct config, f)

static const struct config_key config_keys[] = {
	{ "domain", CT_STRING, OFF(domain), "localhost", 1, 253, NULL,
	  "Host name the instance is known by, optionally with :port. "
	  "It is part of every account's address and cannot change later." },
	{ "scheme", CT_ENUM, OFF(scheme), "https", 0, 0, scheme_choices,
	  "https in production; http only for local development." },
	{ "database", CT_STRING, OFF(database), "dbname=woolly", 0, 4096, NULL,
	  "libpq connection string." },
	{ "statement_timeout", CT_INT, OFF(statement_timeout), "5000", 0,
	  600000, NULL,
	  "Milliseconds a database statement of a web request may run before "
	  "it is cancelled and the visitor gets a 503 page; 0 for no limit." },
	{ "database_connect_timeout", CT_INT, OFF(database_connect_timeout),
	  "5", 1, 300, NULL,
	  "Seconds to wait for a database connection (unless the database "
	  "string sets connect_timeout itself)." },
	{ "memcached", CT_STRING, OFF(memcached), "127.0.0.1:11211", 0, 4096,
	  NULL, "Comma-separated memcached servers (host:port); empty for none." },
	{ "media_dir", CT_STRING, OFF(media_dir),
	  LOCALSTATEDIR "/lib/woolly/media", 1, 4096, NULL,
	  "Directory for uploaded and cached media, served by nginx at /media." },
	{ "template_dir", CT_STRING, OFF(template_dir), PKGDATADIR "/templates",
	  1, 4096, NULL, "Directory holding the ClearSilver templates." },
	{ "fastcgi_socket", CT_STRING, OFF(fastcgi_socket),
	  RUNSTATEDIR "/woolly/woolly.sock", 1, 107, NULL,
	  "Unix socket path, or :port / host:port for TCP." },
	{ "fastcgi_socket_mode", CT_OCTAL, OFF(fastcgi_socket_mode), "0660",
	  0, 0777, NULL, "Permissions of the unix socket (octal)." },
	{ "fastcgi_backlog", CT_INT, OFF(fastcgi_backlog), "256", 1, 65535,
	  NULL, "listen(2) backlog of the FastCGI socket." },
	{ "workers", CT_INT, OFF(workers), "4", 1, 256, NULL,
	  "Number of pre-forked FastCGI worker processes." },
	{ "log_file", CT_STRING, OFF(log_file), "", 0, 4096, NULL,
	  "Log file; empty logs to stderr." },
	{ "log_requests", CT_BOOL, OFF(log_requests), "yes", 0, 0, NULL,
	  "Log one line per request (method, path, status, milliseconds)." },
	{ "registrations", CT_ENUM, OFF(registrations), "open", 0, 0,
	  registration_choices,
	  "open, approval (an admin approves each sign-up) or closed." },
	{ "title", CT_STRING, OFF(title), "woolly", 1, 200, NULL,
	  "Instance name shown on every page." },
	{ "description", CT_STRING, OFF(description),
	  "A small corner of the Fediverse.", 0, 4000, NULL,
	  "One-paragraph description of the instance." },
	{ "contact_email", CT_STRING, OFF(contact_email), "", 0, 320, NULL,
	  "Address people can write to about this instance; empty publishes "
	  "the e-mail of the contact account when it is an admin or is named "
	  "by contact_account." },
	{ "contact_account", CT_STRING, OFF(contact_account), "", 0, 30, NULL,
	  "Username of the contact account; empty picks the first admin." },
	{ "max_status_length", CT_INT, OFF(max_status_length), "500", 1,
	  100000, NULL, "Most characters a status may have." },
	{ "max_form_size", CT_INT, OFF(max_form_size), "1048576", 1024,
	  67108864, NULL,
	  "Largest form or JSON request body in bytes (413 beyond it)." },
	{ "max_upload_size", CT_INT, OFF(max_upload_size), "41943040", 1024,
	  1073741824, NULL,
	  "Largest multipart (upload) request body in bytes." },
	{ "session_days", CT_INT, OFF(session_days), "30", 1, 3650, NULL,
	  "Days a web session lasts without use." },
	{ "session_max_days", CT_INT, OFF(session_max_days), "365", 1, 3650,
	  NULL, "Days a web session lasts at most, however often it is used; "
	  "then its owner signs in again." },
	{ "login_ip_limit", CT_INT, OFF(login_ip_limit), "25", 1, 100000, NULL,
	  "Failed sign-ins allowed from one IP address per login_window." },
	{ "login_account_limit", CT_INT, OFF(login_account_limit), "10", 1,
	  100000, NULL,
	  "Failed sign-ins allowed for one account per login_window." },
	{ "login_window", CT_INT, OFF(login_window), "300", 1, 86400, NULL,
	  "Length of the sign-in rate-limit window in seconds." },
	{ "signup_ip_limit", CT_INT, OFF(signup_ip_limit), "10", 1, 100000,
	  NULL, "Sign-ups allowed from one IP address per hour." },
	{ "api_ip_limit", CT_INT, OFF(api_ip_limit), "300", 1, 100000000,
	  NULL, "API requests allowed from one IP address without a token "
	  "per 5 minutes (Mastodon's limit)." },
	{ "api_account_limit", CT_INT, OFF(api_account_limit), "1500", 1,
	  100000000, NULL,
	  "API requests allowed for one account per 5 minutes." },
	{ "api_post_limit", CT_INT, OFF(api_post_limit), "30", 1, 100000000,
	  NULL, "Posts and deletions allowed for one account per 30 "
	  "minutes." },
	{ "app_registration_limit", CT_INT, OFF(app_registration_limit), "5",
	  1, 100000, NULL, "Applications one IP address may register "
	  "(POST /api/v1/apps) per 10 minutes (Mastodon's limit)." },
	{ "authorized_fetch", CT_BOOL, OFF(authorized_fetch), "no",
	  0, 0, NULL,
	  "Answer ActivityPub GETs of actors, posts and collections only "
	  "when they carry a valid HTTP signature (Mastodon's secure mode). "
	  "The instance actor and discovery stay public." },
	{ "federation_local_use", CT_BOOL, OFF(federation_local_use), "no",
	  0, 0, NULL,
	  "Let requests to other servers use plain http and reach loopback "
	  "and private addresses. Only for instances that federate on one "
	  "machine (./dev, tests); never on a public instance." },
	{ "federation_ca_file", CT_STRING, OFF(federation_ca_file), "", 0,
	  4096, NULL,
	  "A PEM file of CA certificates trusted for requests to other "
	  "servers, besides the system's (tests with their own CA)." },
	{ "federation_resolve", CT_STRING, OFF(federation_resolve), "", 0,
	  4096, NULL,
	  "Test-only: space-separated HOST:PORT:ADDRESS entries that "
	  "requests to other servers use instead of DNS. A mapped name under "
	  ".test passes the address check at its mapped address." },
	{ "delivery_concurrency", CT_INT, OFF(delivery_concurrency), "64", 1,
	  1024, NULL,
	  "Deliveries woolly-deliver keeps in flight at once." },
	{ "delivery_retry_seconds", CT_INT, OFF(delivery_retry_seconds), "60",
	  1, 86400, NULL,
	  "Wait before the first retry of a failed delivery; the later ones "
	  "wait 5, 30, 120, 360, 720 and 1440 times as long (8 attempts in "
	  "about two days with the default), then it is dropped." },
	{ "delivery_host_failures", CT_INT, OFF(delivery_host_failures), "10",
	  1, 100000, NULL,
	  "Failed deliveries in a row after which a host counts as "
	  "unavailable: its deliveries wait (not counted as attempts) and "
	  "one is tried every delivery_host_probe seconds until it answers." },
	{ "delivery_host_probe", CT_INT, OFF(delivery_host_probe), "600", 1,
	  86400, NULL,
	  "Seconds between tries of an unavailable host." },
};

#define NKEYS (sizeof(config_keys) / sizeof(config_keys[0]))

const char *
config_default_path(void)
{
	const char *env = getenv("WOOLLY_CONF");

	return env && *env ? env : SYSCONFDIR "/woolly.conf";
}

static int
parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") ||
	    !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "no") || !strcmp(v, "false") ||
	    !strcmp(v, "off") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

/* Store one value; on error fill err (without file/line context). */
static int
config_set(struct config *cf, const struct config_key *k, const char *v,
    char *err, size_t errlen)
{
	char *p = (char *)cf + k->offset, *end;
	long n;
	int i;

	switch (k->type) {
	case CT_STRING:
		if ((long)strlen(v) < k->min || (long)strlen(v) > k->max) {
			snprintf(err, errlen, "%s must be %ld to %ld characters",
			    k->name, k->min, k->max);
			return -1;
		}
		free(*(char **)p);
		*(char **)p = xstrdup(v);
		return 0;
	case CT_INT:
	case CT_OCTAL:
		errno = 0;
		n = strtol(v, &end, k->type == CT_OCTAL ? 8 : 10);
		if (*v == '\0' || *end != '\0' || errno != 0 ||
		    n < k->min || n > k->max) {
			snprintf(err, errlen, k->type == CT_OCTAL ?
			    "%s must be an octal number from %lo to %lo" :
			    "%s must be a whole number from %ld to %ld",
			    k->name, k->min, k->max);
			return -1;
		}
		*(int *)p = (int)n;
		return 0;
	case CT_BOOL:
		if (parse_bool(v, (int *)p) == -1) {
			snprintf(err, errlen, "%s must be yes or no "
			    "(or true/false, on/off, 1/0)", k->name);
			return -1;
		}
		return 0;
	case CT_ENUM:
		for (i = 0; k->choices[i] != NULL; i++)
			if (!strcmp(v, k->choices[i])) {
				*(int *)p = i;
				return 0;
			}
		snprintf(err, errlen, "%s must be one of:", k->name);
		for (i = 0; k->choices[i] != NULL; i++) {
			size_t used = strlen(err);
			snprintf(err + used, errlen - used, " %s",
			    k->choices[i]);
		}
		return -1;
	}
	return -1;
}

static const struct config_key *
config_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(config_keys[i].name, name))
			return &config_keys[i];
	return NULL;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void
config_derive(struct config *cf)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s://%s", cf->scheme == SCHEME_HTTP ? "http" : "https",
	    cf->domain);
	free(cf->base_url);
	cf->base_url = buf_detach(&b);
}

static int
domain_valid(const char *d)
{
	const char *p;

	for (p = d; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' &&
		    *p != ':' && *p != '[' && *p != ']')
			return 0;
	return 1;
}

int
config_load(struct config *cf, const char *path, char *err, size_t errlen)
{
	char line[8192], msg[512], *key, *val, *eq;
	const struct config_key *k;
	FILE *fp;
	int lineno = 0, rc = 0;
	size_t i;

	memset(cf, 0, sizeof(*cf));
	for (i = 0; i < NKEYS; i++)
		if (config_set(cf, &config_keys[i], config_keys[i].def, msg,
		    sizeof(msg)) == -1) {
			snprintf(err, errlen, "built-in default: %s", msg);
			return -1;
		}
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		config_free(cf);
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			snprintf(err, errlen, "%s:%d: line too long", path,
			    lineno);
			rc = -1;
			break;
		}
		key = trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'",
			    path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if ((k = config_find(key)) == NULL) {
			snprintf(err, errlen, "%s:%d: unknown key '%s'", path,
			    lineno, key);
			rc = -1;
			break;
		}
		if (config_set(cf, k, val, msg, sizeof(msg)) == -1) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = -1;
			break;
		}
		if (k->offset == OFF(domain) && !domain_valid(val)) {
			snprintf(err, errlen, "%s:%d: domain must be a host "
			    "name with an optional :port", path, lineno);
			rc = -1;
			break;
		}
	}
	fclose(fp);
	if (rc == -1) {
		config_free(cf);
		return -1;
	}
	config_derive(cf);
	return 0;
}

void
config_free(struct config *cf)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (config_keys[i].type == CT_STRING) {
			char **p = (char **)((char *)cf + config_keys[i].offset);
			free(*p);
			*p = NULL;
		}
	free(cf->base_url);
	cf->base_url = NULL;
}

/*
 * A conninfo for printing. Rather than parse every way libpq lets a
 * password be written (key = value, quoted, URIs), any value that could
 * hold one is not shown.
 */
void
print_conninfo_masked(FILE *fp, const char *s)
{
	if (s != NULL && (strstr(s, "password") != NULL ||
	    strstr(s, "://") != NULL))
		fprintf(fp, "(not shown: it may hold a password)");
	else
		fprintf(fp, "%s", s ? s : "");
}

static void
config_print_value(const struct config *cf, const struct config_key *k,
    FILE *fp)
{
	const char *p = (const char *)cf + k->offset;

	switch (k->type) {
	case CT_STRING:
		if (k->offset == OFF(database))
			print_conninfo_masked(fp, *(char *const *)p);
		else
			fprintf(fp, "%s", *(char *const *)p ?
			    *(char *const *)p : "");
		break;
	case CT_INT:
		fprintf(fp, "%d", *(const int *)p);
		break;
	case CT_OCTAL:
		fprintf(fp, "0%o", (unsigned)*(const int *)p);
		break;
	case CT_BOOL:
		fprintf(fp, "%s", *(const int *)p ? "yes" : "no");
		break;
	case CT_ENUM:
		fprintf(fp, "%s", k->choices[*(const int *)p]);
		break;
	}
}

void
config_dump(const struct config *cf, void *stream)
{
	FILE *fp = stream;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		fprintf(fp, "%s = ", config_keys[i].name);
		config_print_value(cf, &config_keys[i], fp);
		fputc('\n', fp);
	}
}

/* Print text as "# " comment lines no wider than 76 columns. */
static void
print_wrapped_comment(FILE *fp, const char *text)
{
	const char *p = text, *space, *cut;

	while (*p) {
		if (strlen(p) <= 74) {
			fprintf(fp, "# %s\n", p);
			return;
		}
		cut = NULL;
		for (space = p; space < p + 74 && *space; space++)
			if (*space == ' ')
				cut = space;
		if (cut == NULL)
			cut = strchr(p + 74, ' ');
		if (cut == NULL) {
			fprintf(fp, "# %s\n", p);
			return;
		}
		fprintf(fp, "# %.*s\n", (int)(cut - p), p);
		p = cut + 1;
	}
}

void
config_print_example(void *stream)
{
	FILE *fp = stream;
	size_t i;

	fprintf(fp, "# woolly.conf: key = value; lines starting with # are "
	    "comments.\n# Every key is optional; the value shown is the "
	    "default. See woolly.conf(5).\n");
	for (i = 0; i < NKEYS; i++) {
		const struct config_key *k = &config_keys[i];

		fputc('\n', fp);
		print_wrapped_comment(fp, k->help);
		if (k->type == CT_INT)
			fprintf(fp, "# (%ld to %ld)\n", k->min, k->max);
		fprintf(fp, "#%s = %s\n", k->name, k->def);
	}
}
