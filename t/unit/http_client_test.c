/*
 * http_client_test: the outgoing-request policy without a network: which
 * addresses are refused (and that their public neighbours are not),
 * which URLs pass, how federation_resolve is read, and the checks that
 * make a response an ActivityPub object.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ap_fetch.h"
#include "buf.h"
#include "config.h"
#include "http_client.h"
#include "tap.h"

/* NULL when the address is allowed, else the refusal. */
static const char *
refusal_of(const char *text)
{
	struct sockaddr_in in;
	struct sockaddr_in6 in6;

	memset(&in, 0, sizeof(in));
	memset(&in6, 0, sizeof(in6));
	if (inet_pton(AF_INET, text, &in.sin_addr) == 1) {
		in.sin_family = AF_INET;
		return http_address_refusal((struct sockaddr *)&in,
		    sizeof(in));
	}
	if (inet_pton(AF_INET6, text, &in6.sin6_addr) == 1) {
		in6.sin6_family = AF_INET6;
		return http_address_refusal((struct sockaddr *)&in6,
		    sizeof(in6));
	}
	printf("Bail out! %s is not an address\n", text);
	exit(1);
}

static void
test_addresses(void)
{
	static const struct {
		const char *address, *refusal;
	} cases[] = {
		{ "0.0.0.0", "unspecified" },
		{ "0.1.2.3", "unspecified" },
		{ "10.0.0.1", "private" },
		{ "10.255.255.255", "private" },
		{ "100.64.0.1", "carrier-grade NAT" },
		{ "100.127.255.255", "carrier-grade NAT" },
		{ "127.0.0.1", "loopback" },
		{ "127.255.0.9", "loopback" },
		{ "169.254.169.254", "metadata" },
		{ "169.254.0.1", "link-local" },
		{ "172.16.0.1", "private" },
		{ "172.31.255.255", "private" },
		{ "192.0.0.8", "IETF" },
		{ "192.0.2.1", "documentation" },
		{ "192.88.99.1", "6to4 relay" },
		{ "192.168.0.1", "private" },
		{ "198.18.0.1", "benchmarking" },
		{ "198.19.255.255", "benchmarking" },
		{ "198.51.100.7", "documentation" },
		{ "203.0.113.7", "documentation" },
		{ "224.0.0.1", "multicast" },
		{ "239.255.255.250", "multicast" },
		{ "240.0.0.1", "reserved" },
		{ "255.255.255.255", "broadcast" },
		{ "::", "unspecified" },
		{ "::1", "loopback" },
		{ "::ffff:127.0.0.1", "IPv4-mapped" },
		{ "::ffff:8.8.8.8", "IPv4-mapped" },
		{ "::127.0.0.1", "IPv4-compatible" },
		{ "64:ff9b::10.0.0.1", "NAT64" },
		{ "64:ff9b:1::1", "local-use NAT64" },
		{ "100::1", "discard-only" },
		{ "2001::1", "IETF" },
		{ "2001:db8::1", "documentation" },
		{ "2002:7f00:1::", "6to4" },
		{ "2002:a9fe:a9fe::", "6to4" },
		{ "3fff::1", "documentation" },
		{ "fc00::1", "unique-local" },
		{ "fd12:3456::1", "unique-local" },
		{ "fe80::1", "link-local" },
		{ "febf::1", "link-local" },
		{ "fec0::1", "site-local" },
		{ "ff02::1", "multicast" },
		/* Public neighbours of the ranges above. */
		{ "1.1.1.1", NULL },
		{ "8.8.8.8", NULL },
		{ "9.255.255.255", NULL },
		{ "11.0.0.0", NULL },
		{ "100.63.255.255", NULL },
		{ "100.128.0.0", NULL },
		{ "126.255.255.255", NULL },
		{ "128.0.0.0", NULL },
		{ "169.253.255.255", NULL },
		{ "169.255.0.0", NULL },
		{ "172.15.255.255", NULL },
		{ "172.32.0.0", NULL },
		{ "192.0.1.1", NULL },
		{ "192.167.255.255", NULL },
		{ "192.169.0.0", NULL },
		{ "198.17.255.255", NULL },
		{ "198.20.0.0", NULL },
		{ "223.255.255.255", NULL },
		{ "64:ff9b::8.8.8.8", NULL },
		{ "2002:808:808::", NULL },
		{ "2001:200::1", NULL },
		{ "2001:4860:4860::8888", NULL },
		{ "2606:4700:4700::1111", NULL },
		{ "2a00:1450::1", NULL },
		{ "fbff::1", NULL },
		{ "fe00::1", NULL },
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = refusal_of(cases[i].address);
		if (cases[i].refusal == NULL)
			ok(why == NULL, "%s is allowed%s%s", cases[i].address,
			    why ? ": " : "", why ? why : "");
		else
			ok(why != NULL && strstr(why, cases[i].refusal),
			    "%s is refused: %s", cases[i].address,
			    why ? why : "(allowed)");
	}
}

static void
config_for(struct config *cf, int local_use, const char *resolve)
{
	memset(cf, 0, sizeof(*cf));
	cf->federation_local_use = local_use;
	cf->federation_ca_file = (char *)"";
	cf->federation_resolve = (char *)resolve;
	cf->base_url = (char *)"https://social.example";
}

static void
test_urls(void)
{
	static const struct {
		const char *url, *refusal;
	} strict[] = {
		{ "https://social.example/users/a", NULL },
		{ "https://social.example:8443/x?y=1", NULL },
		{ "HTTPS://Social.Example/", NULL },
		{ "https://8.8.8.8/", NULL },
		{ "https://[2606:4700:4700::1111]/", NULL },
		{ "http://social.example/", "only https" },
		{ "ftp://social.example/", "only https" },
		{ "file:///etc/passwd", "only https" },
		{ "gopher://social.example/", "only https" },
		{ "//social.example/", "not a valid URL" },
		{ "https://", "not a valid URL" },
		{ "https://exa mple.com/", "not a valid URL" },
		{ "https://a.example/\r\nX-Injected: 1", "not a valid URL" },
		{ "https://u:p@social.example/", "credentials" },
		{ "https://u@social.example/", "credentials" },
		{ "https://127.0.0.1/", "loopback" },
		{ "https://127.1/", "loopback" },
		{ "https://0x7f000001/", "loopback" },
		{ "https://[::1]/", "loopback" },
		{ "https://[::ffff:7f00:1]/", "IPv4-mapped" },
		{ "https://[fe80::1%25eth0]/", "link-local" },
		{ "https://10.1.2.3/", "private" },
		{ "https://169.254.169.254/", "metadata" },
		{ NULL, "no URL" },
	};
	struct http_policy strict_policy, local_policy;
	struct config cf;
	char err[HTTP_ERROR_MAX];
	struct buf long_url = BUF_INIT;
	size_t i;
	int rc;

	config_for(&cf, 0, "");
	ok(http_policy_init(&strict_policy, &cf, err, sizeof(err)) == 0,
	    "a strict policy");
	is_str(strict_policy.user_agent, "woolly/" WOOLLY_VERSION
	    " (+https://social.example/)", "the User-Agent names the instance");
	for (i = 0; i < sizeof(strict) / sizeof(strict[0]); i++) {
		err[0] = '\0';
		rc = http_url_check(&strict_policy, strict[i].url, err,
		    sizeof(err));
		if (strict[i].refusal == NULL)
			ok(rc == 0, "%s passes%s%s", strict[i].url,
			    rc ? ": " : "", err);
		else
			ok(rc == -1 && strstr(err, strict[i].refusal) &&
			    !strncmp(err, "refused: ", 9) &&
			    strpbrk(err, "\r\n") == NULL, "URL %zu is refused: "
			    "%s", i, err);
	}
	buf_puts(&long_url, "https://social.example/");
	for (i = 0; i < HTTP_MAX_URL; i++)
		buf_putc(&long_url, 'a');
	ok(http_url_check(&strict_policy, long_url.data, err,
	    sizeof(err)) == -1 && strstr(err, "longer than"),
	    "a URL over %d bytes is refused", HTTP_MAX_URL);
	buf_free(&long_url);

	config_for(&cf, 1, "");
	http_policy_init(&local_policy, &cf, err, sizeof(err));
	ok(http_url_check(&local_policy, "http://127.0.0.1:8080/", err,
	    sizeof(err)) == 0, "local use: http to 127.0.0.1 passes");
	ok(http_url_check(&local_policy, "https://[::1]/", err,
	    sizeof(err)) == 0, "local use: [::1] passes");
	ok(http_url_check(&local_policy, "ftp://127.0.0.1/", err,
	    sizeof(err)) == -1, "local use: ftp is still refused");
	ok(http_url_check(&local_policy, "https://u:p@127.0.0.1/", err,
	    sizeof(err)) == -1, "local use: credentials are still refused");
	http_policy_free(&strict_policy);
	http_policy_free(&local_policy);
}

static void
test_resolve_setting(void)
{
	static const struct {
		const char *setting, *error;
	} bad[] = {
		{ "peer.test", "not HOST:PORT:ADDRESS" },
		{ "peer.test:443", "not HOST:PORT:ADDRESS" },
		{ "peer.test:http:127.0.0.1", "no valid port" },
		{ "peer.test:0:127.0.0.1", "no valid port" },
		{ "peer.test:70000:127.0.0.1", "no valid port" },
		{ "peer.test:443:", "bad address list" },
		{ "peer.test:443:localhost", "not an IP address" },
		{ "peer.test:443:1.2.3.4,", "bad address list" },
		{ "+peer.test:443:127.0.0.1", "not HOST:PORT:ADDRESS" },
		{ "-peer.test:443", "not HOST:PORT:ADDRESS" },
	};
	struct http_policy p;
	struct config cf;
	char err[HTTP_ERROR_MAX];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		config_for(&cf, 0, bad[i].setting);
		err[0] = '\0';
		ok(http_policy_init(&p, &cf, err, sizeof(err)) == -1 &&
		    strstr(err, bad[i].error), "federation_resolve \"%s\": %s",
		    bad[i].setting, err);
	}
	config_for(&cf, 0, "  peer.test:8443:127.0.0.1,[::1]  "
	    "Other.TEST:443:127.0.0.2 rebound.example:443:127.0.0.1 ");
	ok(http_policy_init(&p, &cf, err, sizeof(err)) == 0,
	    "a list of entries, IPv6 in brackets");
	is_int(p.ntest_hosts, 2, "two of them under .test (in any case)");
	ok(p.resolve && p.resolve->next && p.resolve->next->next &&
	    !strcmp(p.resolve->next->next->data, "rebound.example:443:"
	    "127.0.0.1"), "every entry goes to curl's resolve list");
	http_policy_free(&p);
}

static void
test_activitypub_checks(void)
{
	static const struct {
		const char *type;
		int ok;
	} types[] = {
		{ "application/activity+json", 1 },
		{ "application/activity+json; charset=utf-8", 1 },
		{ "Application/Activity+JSON", 1 },
		{ "application/ld+json; profile=\"https://www.w3.org/ns/"
		  "activitystreams\"", 1 },
		{ "application/ld+json", 1 },
		{ "application/json", 0 },
		{ "text/html", 0 },
		{ "application/activity+jsonx", 0 },
		{ "application/ld+json; profile=\"https://www.w3.org/ns/"
		  "did/v1\"", 0 },
		{ "", 0 },
		{ NULL, 0 },
	};
	static const struct {
		const char *a, *b;
		int same;
	} origins[] = {
		{ "https://a.example/users/x", "https://a.example/other", 1 },
		{ "https://A.Example:443/x", "https://a.example/y", 1 },
		{ "https://a.example/x", "http://a.example/x", 0 },
		{ "https://a.example/x", "https://a.example:8443/x", 0 },
		{ "https://a.example/x", "https://b.a.example/x", 0 },
		{ "https://a.example.evil/x", "https://a.example/x", 0 },
		{ "https://a.example@evil.example/x", "https://a.example/x",
		  0 },
		{ "not a url", "https://a.example/x", 0 },
		{ NULL, "https://a.example/x", 0 },
	};
	struct ap_error error;
	struct json_object *obj;
	struct buf deep = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		ok(ap_content_type_ok(types[i].type) == types[i].ok,
		    "content type %s: %s", types[i].type ? types[i].type :
		    "(none)", types[i].ok ? "taken" : "refused");
	for (i = 0; i < sizeof(origins) / sizeof(origins[0]); i++)
		ok(ap_same_origin(origins[i].a, origins[i].b) ==
		    origins[i].same, "%s and %s: %s", origins[i].a ?
		    origins[i].a : "(null)", origins[i].b, origins[i].same ?
		    "same origin" : "different origins");

	/* ap_json_parse (lib/ap_parse.c) as the fetcher uses it. */
	obj = ap_json_parse("{\"id\": \"x\"}\n", 12, &error);
	ok(obj != NULL, "an object parses");
	json_object_put(obj);
	ok(ap_json_parse("[1]", 3, &error) == NULL &&
	    strstr(error.reason, "not an object"), "an array is refused");
	ok(ap_json_parse("{} {}", 5, &error) == NULL &&
	    strstr(error.reason, "text after"), "two documents are refused");
	ok(ap_json_parse("{\"a\":", 5, &error) == NULL &&
	    strstr(error.reason, "not JSON"),
	    "a truncated document is refused");
	ok(ap_json_parse("{\"a\":1}\0{", 9, &error) == NULL,
	    "a NUL byte inside is refused");
	buf_puts(&deep, "{\"a\":");
	for (i = 0; i < AP_MAX_DEPTH - 2; i++)
		buf_putc(&deep, '[');
	for (i = 0; i < AP_MAX_DEPTH - 2; i++)
		buf_putc(&deep, ']');
	buf_putc(&deep, '}');
	obj = ap_json_parse(deep.data, deep.len, &error);
	ok(obj != NULL, "nesting within %d levels parses", AP_MAX_DEPTH);
	json_object_put(obj);
	buf_reset(&deep);
	buf_puts(&deep, "{\"a\":");
	for (i = 0; i < AP_MAX_DEPTH; i++)
		buf_putc(&deep, '[');
	for (i = 0; i < AP_MAX_DEPTH; i++)
		buf_putc(&deep, ']');
	buf_putc(&deep, '}');
	ok(ap_json_parse(deep.data, deep.len, &error) == NULL &&
	    strstr(error.reason, "nested deeper"), "deeper nesting is refused: %s",
	    error.reason);
	buf_free(&deep);
}

/*
 * A child that answers every connection on 127.0.0.1 with one plain
 * HTTP response, whatever it was sent. Returns its pid; *port is set.
 */
static pid_t
plain_server(int *port)
{
	static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Type: "
	    "text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi";
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char request[4096];
	pid_t pid;
	int s, c;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(s, 8) == -1 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) == -1) {
		printf("Bail out! cannot listen on 127.0.0.1\n");
		exit(1);
	}
	*port = ntohs(sa.sin_port);
	fflush(stdout);
	if ((pid = fork()) != 0) {
		close(s);
		return pid;
	}
	alarm(30);
	while ((c = accept(s, NULL, NULL)) != -1) {
		if (read(c, request, sizeof(request)) > 0 &&
		    write(c, answer, sizeof(answer) - 1) < 0)
			_exit(1);
		close(c);
	}
	_exit(0);
}

/*
 * The deliverer's way: several transfers in one multi handle, each set
 * up by http_transfer_setup under its own policy, each finished by
 * http_transfer_result.
 */
static void
test_multi_interface(void)
{
	struct http_policy local, strict;
	struct http_transfer t[3];
	struct http_request req[3];
	struct http_response resp[3];
	struct config cf;
	char err[HTTP_ERROR_MAX], resolve[128], url[3][128];
	CURLM *multi = curl_multi_init();
	CURL *curl[3];
	CURLMsg *msg;
	int port, running, left, i, results = 0;
	int rc[3] = { -2, -2, -2 };
	pid_t server = plain_server(&port);

	memset(resp, 0, sizeof(resp));

	config_for(&cf, 1, "");
	http_policy_init(&local, &cf, err, sizeof(err));
	snprintf(resolve, sizeof(resolve), "rebound.example:%d:127.0.0.1 "
	    "peer.test:%d:127.0.0.1", port, port);
	config_for(&cf, 0, resolve);
	ok(http_policy_init(&strict, &cf, err, sizeof(err)) == 0,
	    "a strict policy with two resolve entries");
	snprintf(url[0], sizeof(url[0]), "http://127.0.0.1:%d/ok", port);
	snprintf(url[1], sizeof(url[1]), "https://rebound.example:%d/", port);
	snprintf(url[2], sizeof(url[2]), "https://peer.test:%d/", port);
	for (i = 0; i < 3; i++) {
		memset(&req[i], 0, sizeof(req[i]));
		req[i].url = url[i];
		curl[i] = curl_easy_init();
		ok(http_transfer_setup(&t[i], curl[i], i == 0 ? &local :
		    &strict, &req[i], err, sizeof(err)) == 0,
		    "transfer %d set up", i);
		curl_easy_setopt(curl[i], CURLOPT_PRIVATE, &t[i]);
		curl_multi_add_handle(multi, curl[i]);
	}
	do {
		curl_multi_perform(multi, &running);
		while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
			struct http_transfer *done = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&done);
			i = (int)(done - t);
			rc[i] = http_transfer_result(done, msg->data.result,
			    &resp[i]);
			results++;
		}
		if (running)
			curl_multi_poll(multi, NULL, 0, 1000, NULL);
	} while (running || results < 3);

	ok(rc[0] == 0 && resp[0].status == 200 &&
	    !strcmp(buf_cstr(&resp[0].body), "hi"),
	    "local use: 127.0.0.1 answered over http");
	is_str(resp[0].content_type, "text/plain", "its content type");
	ok(rc[1] == -1 && strstr(resp[1].error, "refused: rebound.example "
	    "resolves to 127.0.0.1, a loopback address") != NULL,
	    "strict: a mapped name is refused at connect (%s)", resp[1].error);
	ok(rc[2] == -1 && !strncmp(resp[2].error, "failed: ", 8),
	    "strict: a mapped .test name may connect (then TLS fails on the "
	    "plain server: %s)", resp[2].error);
	for (i = 0; i < 3; i++) {
		curl_multi_remove_handle(multi, curl[i]);
		curl_easy_cleanup(curl[i]);
		http_transfer_cleanup(&t[i]);
		http_response_free(&resp[i]);
	}
	curl_multi_cleanup(multi);
	http_policy_free(&local);
	http_policy_free(&strict);
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
}

int
main(void)
{
	test_addresses();
	test_urls();
	test_resolve_setting();
	test_activitypub_checks();
	test_multi_interface();
	return done_testing();
}
