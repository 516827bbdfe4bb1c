/*
 * config_test: woolly.conf parsing — defaults, every type, and errors that
 * name the file, line and key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static char path[] = "/tmp/woolly-config-test.XXXXXX";

static int
load(const char *text, struct config *cf, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "w");

	fputs(text, fp);
	fclose(fp);
	return config_load(cf, path, err, errlen);
}

static void
expect_error(const char *text, const char *fragment, const char *name)
{
	struct config cf;
	char err[512] = "";
	int rc = load(text, &cf, err, sizeof(err));

	ok(rc == -1, "%s: refused", name);
	if (!ok(strstr(err, fragment) != NULL, "%s: message names '%s'", name,
	    fragment))
		printf("# message: %s\n", err);
	if (rc == 0)
		config_free(&cf);
}

int
main(void)
{
	struct config cf;
	char err[512];
	int fd = mkstemp(path);

	close(fd);

	ok(load("", &cf, err, sizeof(err)) == 0, "an empty file is valid");
	is_str(cf.domain, "localhost", "domain defaults to localhost");
	is_int(cf.max_status_length, 500, "max_status_length defaults to 500");
	is_int(cf.scheme, SCHEME_HTTPS, "scheme defaults to https");
	is_int(cf.federation_local_use, 0, "federation local use is off");
	is_str(cf.federation_ca_file, "", "no extra CA file");
	is_str(cf.federation_resolve, "", "no resolve entries");
	is_int(cf.registrations, REG_OPEN, "registrations default to open");
	is_str(cf.base_url, "https://localhost", "base_url is derived");
	config_free(&cf);

	ok(load("# a comment\n\n  domain = 127.0.0.1:8080  \nscheme=http\n"
	    "workers = 8\nregistrations = approval\nfastcgi_socket_mode = 0666\n"
	    "federation_local_use = yes\ntitle = My # not a comment\n",
	    &cf, err, sizeof(err)) == 0, "a full file loads");
	is_str(cf.domain, "127.0.0.1:8080", "domain may carry a port");
	is_str(cf.base_url, "http://127.0.0.1:8080", "base_url uses scheme");
	is_int(cf.workers, 8, "workers read");
	is_int(cf.registrations, REG_APPROVAL, "enum read");
	is_int(cf.fastcgi_socket_mode, 0666, "octal read");
	is_int(cf.federation_local_use, 1, "bool read");
	is_str(cf.title, "My # not a comment", "# inside a value is kept");
	config_free(&cf);

	expect_error("domain = a\nbogus = 1\n", ":2: unknown key 'bogus'",
	    "unknown key");
	expect_error("workers = 0\n", ":1: workers must be a whole number",
	    "value below bounds");
	expect_error("workers = 12x\n", "workers must be", "trailing junk");
	expect_error("max_status_length = 99999999999\n", "max_status_length",
	    "overflow");
	expect_error("scheme = gopher\n", "scheme must be one of: https http",
	    "bad enum");
	expect_error("log_requests = maybe\n", "log_requests must be yes or no",
	    "bad bool");
	expect_error("just words\n", ":1: expected 'key = value'",
	    "line without =");
	expect_error("domain = \n", "domain must be 1 to 253 characters",
	    "empty domain");
	expect_error("domain = exa mple.com\n", "domain must be a host name",
	    "domain with a space");
	expect_error("fastcgi_socket_mode = 0999\n", "octal", "bad octal");

	ok(config_load(&cf, "/nonexistent/woolly.conf", err, sizeof(err)) == -1 &&
	    strstr(err, "/nonexistent/woolly.conf") != NULL,
	    "a missing file is an error naming it");
	unlink(path);
	return done_testing();
}
