/*
 * config: woolly.conf, the one configuration file every program reads.
 * The keys, their types, defaults and bounds are one table in config.c;
 * woolly.conf.example and woolly.conf(5) document the same table.
 */
#ifndef WOOLLY_CONFIG_H
#define WOOLLY_CONFIG_H

#include <stddef.h>
#include <stdio.h>

enum registrations { REG_OPEN, REG_APPROVAL, REG_CLOSED };
enum scheme { SCHEME_HTTPS, SCHEME_HTTP };

struct config {
	char	*domain;		/* host[:port] as seen by the world */
	int	 scheme;		/* enum scheme */
	char	*database;		/* libpq conninfo */
	int	 statement_timeout;	/* ms, web requests; 0 = none */
	int	 database_connect_timeout;	/* seconds */
	char	*memcached;		/* "host:port,..." ("" = none) */
	char	*media_dir;
	char	*template_dir;
	char	*fastcgi_socket;	/* unix path or ":port"/"host:port" */
	int	 fastcgi_socket_mode;
	int	 fastcgi_backlog;
	int	 workers;
	char	*log_file;
	int	 log_requests;
	int	 registrations;		/* enum registrations */
	char	*title;
	char	*description;
	char	*contact_email;
	char	*contact_account;
	int	 max_status_length;
	int	 max_form_size;
	int	 max_upload_size;
	int	 session_days;
	int	 session_max_days;
	int	 login_ip_limit;
	int	 login_account_limit;
	int	 login_window;
	int	 signup_ip_limit;
	int	 api_ip_limit;
	int	 api_account_limit;
	int	 api_post_limit;
	int	 app_registration_limit;
	int	 federation_local_use;	/* http, private addresses: tests */
	char	*federation_ca_file;	/* an extra CA bundle: tests */
	char	*federation_resolve;	/* "host:port:address ...": tests */
	int	 authorized_fetch;	/* ActivityPub GETs must be signed */
	int	 delivery_concurrency;	/* requests in flight at once */
	int	 delivery_retry_seconds;	/* the first retry's wait */
	int	 delivery_host_failures;	/* in a row: host unavailable */
	int	 delivery_host_probe;	/* seconds between probes of one */

	/* Derived, not settable: scheme://domain, no trailing slash. */
	char	*base_url;
};

/* The default path, overridden by -c or the WOOLLY_CONF variable. */
const char	*config_default_path(void);

/*
 * Load a file into *cf (defaults first). On error returns -1 and writes a
 * message naming the file, line and key into err.
 */
int	 config_load(struct config *, const char *path, char *err, size_t errlen);
void	 config_free(struct config *);
/* Print every key with its current value (for `woollyctl config check`). */
void	 config_dump(const struct config *, void *stream);
/* Print the table as woolly.conf.example text (keeps the docs in step). */
void	 config_print_example(void *stream);
/* Print a libpq conninfo, or a note in its place if it may hold a password. */
void	 print_conninfo_masked(FILE *, const char *conninfo);

#endif
