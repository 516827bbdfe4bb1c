/*
 * http_client: outgoing requests under one policy (see http_client.h).
 * The address check runs in libcurl's open-socket callback, on the very
 * address a connection is about to use, so neither a DNS answer nor a
 * rebinding between check and connect can lead a request inward.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "config.h"
#include "http_client.h"
#include "httpsig.h"

#define MAX_RESOLVE_ENTRIES	64
#define MAX_TEST_ADDRESSES	4

/* A .test name that federation_resolve maps (test-only, see the header). */
struct http_test_host {
	char		*host;
	long		 port;
	size_t		 naddresses;
	struct {
		int		family;
		unsigned char	bytes[16];
	} addresses[MAX_TEST_ADDRESSES];
};

static int
ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* --- addresses ----------------------------------------------------- */

struct v4_range {
	uint32_t	 net;
	int		 bits;
	const char	*what;
};

/* Most specific first: the metadata address before link-local. */
static const struct v4_range v4_refused[] = {
	{ 0xa9fea9fe, 32, "the cloud metadata address" },
	{ 0x00000000, 8, "an unspecified (\"this network\") address" },
	{ 0x0a000000, 8, "a private address" },
	{ 0x64400000, 10, "a carrier-grade NAT address" },
	{ 0x7f000000, 8, "a loopback address" },
	{ 0xa9fe0000, 16, "a link-local address" },
	{ 0xac100000, 12, "a private address" },
	{ 0xc0000000, 24, "an IETF protocol address" },
	{ 0xc0000200, 24, "a documentation address" },
	{ 0xc0586300, 24, "a 6to4 relay address" },
	{ 0xc0a80000, 16, "a private address" },
	{ 0xc6120000, 15, "a benchmarking address" },
	{ 0xc6336400, 24, "a documentation address" },
	{ 0xcb007100, 24, "a documentation address" },
	{ 0xe0000000, 4, "a multicast address" },
	{ 0xf0000000, 4, "a reserved or broadcast address" },
};

static const char *
v4_refusal(uint32_t a)
{
	size_t i;

	for (i = 0; i < sizeof(v4_refused) / sizeof(v4_refused[0]); i++) {
		uint32_t mask = v4_refused[i].bits == 0 ? 0 :
		    0xffffffffu << (32 - v4_refused[i].bits);

		if ((a & mask) == v4_refused[i].net)
			return v4_refused[i].what;
	}
	return NULL;
}

struct v6_range {
	unsigned char	 prefix[16];
	int		 bits;
	const char	*what;
};

static const struct v6_range v6_refused[] = {
	{ { 0 }, 128, "an unspecified address" },
	{ { [15] = 1 }, 128, "a loopback address" },
	{ { [10] = 0xff, [11] = 0xff }, 96, "an IPv4-mapped IPv6 address" },
	{ { 0 }, 96, "an IPv4-compatible IPv6 address" },
	{ { 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01 }, 48,
	  "a local-use NAT64 address" },
	{ { 0x01, 0x00 }, 64, "a discard-only address" },
	{ { 0x20, 0x01, 0x0d, 0xb8 }, 32, "a documentation address" },
	{ { 0x20, 0x01 }, 23, "an IETF protocol address" },
	{ { 0x3f, 0xff }, 20, "a documentation address" },
	{ { 0xfc }, 7, "a unique-local address" },
	{ { 0xfe, 0x80 }, 10, "a link-local address" },
	{ { 0xfe, 0xc0 }, 10, "a site-local address" },
	{ { 0xff }, 8, "a multicast address" },
};

static int
v6_in(const unsigned char a[16], const struct v6_range *r)
{
	int full = r->bits / 8, rest = r->bits % 8;

	if (memcmp(a, r->prefix, (size_t)full) != 0)
		return 0;
	return rest == 0 ||
	    ((a[full] ^ r->prefix[full]) & (0xff << (8 - rest))) == 0;
}

static uint32_t
v4_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static const char *
v6_refusal(const unsigned char a[16])
{
	static const unsigned char nat64[12] = { 0x00, 0x64, 0xff, 0x9b };
	size_t i;

	for (i = 0; i < sizeof(v6_refused) / sizeof(v6_refused[0]); i++)
		if (v6_in(a, &v6_refused[i]))
			return v6_refused[i].what;
	/* Translated forms of IPv4 addresses carry their refusal with them. */
	if (!memcmp(a, nat64, sizeof(nat64)) && v4_refusal(v4_at(a + 12)))
		return "a NAT64 form of a refused IPv4 address";
	if (a[0] == 0x20 && a[1] == 0x02 && v4_refusal(v4_at(a + 2)))
		return "a 6to4 form of a refused IPv4 address";
	return NULL;
}

const char *
http_address_refusal(const struct sockaddr *sa, socklen_t len)
{
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
		return v4_refusal(ntohl(((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
		return v6_refusal(((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr.s6_addr);
	return "not an internet address";
}

static void
address_text(const struct sockaddr *sa, char *out, size_t outlen)
{
	const void *a = sa->sa_family == AF_INET ?
	    (const void *)&((const struct sockaddr_in *)(const void *)sa)->
	    sin_addr :
	    (const void *)&((const struct sockaddr_in6 *)(const void *)sa)->
	    sin6_addr;

	if (inet_ntop(sa->sa_family, a, out, (socklen_t)outlen) == NULL)
		snprintf(out, outlen, "?");
}

/* A literal address (no brackets) as a socket address; -1 if a name. */
static int
literal_address(const char *host, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in *in = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		*len = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		*len = sizeof(*in6);
		return 0;
	}
	return -1;
}

/* --- the policy ---------------------------------------------------- */

static int
has_test_suffix(const char *host)
{
	size_t len = strlen(host);

	return len > 5 && !strcasecmp(host + len - 5, ".test");
}

/* "host:port:addr[,addr]" (an IPv6 address in brackets). */
static int
parse_resolve_entry(struct http_policy *p, const char *entry, char *err,
    size_t errlen)
{
	struct http_test_host th;
	const char *c1, *c2, *a, *end;
	char addr[64], *endp;
	size_t n;

	memset(&th, 0, sizeof(th));
	if (!isalnum((unsigned char)entry[0]) ||
	    (c1 = strchr(entry, ':')) == NULL ||
	    (c2 = strchr(c1 + 1, ':')) == NULL)
		return fail(err, errlen, "federation_resolve: \"%s\" is not "
		    "HOST:PORT:ADDRESS", entry);
	th.port = strtol(c1 + 1, &endp, 10);
	if (endp != c2 || th.port < 1 || th.port > 65535)
		return fail(err, errlen, "federation_resolve: \"%s\" has no "
		    "valid port", entry);
	for (a = c2 + 1;; a = end + 1) {
		end = a + strcspn(a, ",");
		n = (size_t)(end - a);
		if (n >= 2 && a[0] == '[' && a[n - 1] == ']') {
			a++;
			n -= 2;
		}
		if (n == 0 || n >= sizeof(addr) ||
		    th.naddresses == MAX_TEST_ADDRESSES)
			return fail(err, errlen, "federation_resolve: \"%s\" "
			    "has a bad address list", entry);
		memcpy(addr, a, n);
		addr[n] = '\0';
		if (inet_pton(AF_INET, addr,
		    th.addresses[th.naddresses].bytes) == 1)
			th.addresses[th.naddresses].family = AF_INET;
		else if (inet_pton(AF_INET6, addr,
		    th.addresses[th.naddresses].bytes) == 1)
			th.addresses[th.naddresses].family = AF_INET6;
		else
			return fail(err, errlen, "federation_resolve: \"%s\" "
			    "is not an IP address", addr);
		th.naddresses++;
		if (*end == '\0')
			break;
	}
	p->resolve = curl_slist_append(p->resolve, entry);
	th.host = xstrndup(entry, (size_t)(c1 - entry));
	if (!has_test_suffix(th.host)) {
		free(th.host);
		return 0;
	}
	for (n = 0; th.host[n]; n++)
		th.host[n] = (char)tolower((unsigned char)th.host[n]);
	p->test_hosts = xrealloc(p->test_hosts, (p->ntest_hosts + 1) *
	    sizeof(*p->test_hosts));
	p->test_hosts[p->ntest_hosts++] = th;
	return 0;
}

int
http_policy_init(struct http_policy *p, const struct config *cf, char *err,
    size_t errlen)
{
	const char *s = cf->federation_resolve ? cf->federation_resolve : "";
	struct buf ua = BUF_INIT;
	char entry[512];
	size_t n, count = 0;

	memset(p, 0, sizeof(*p));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	p->local_use = cf->federation_local_use;
	if (cf->federation_ca_file && *cf->federation_ca_file)
		p->ca_file = xstrdup(cf->federation_ca_file);
	for (;;) {
		s += strspn(s, " \t,");
		if (*s == '\0')
			break;
		n = strcspn(s, " \t");
		if (n >= sizeof(entry) || ++count > MAX_RESOLVE_ENTRIES) {
			fail(err, errlen, "federation_resolve: too long or "
			    "too many entries");
			goto fail;
		}
		memcpy(entry, s, n);
		entry[n] = '\0';
		s += n;
		if (parse_resolve_entry(p, entry, err, errlen) == -1)
			goto fail;
	}
	buf_printf(&ua, "woolly/%s (+%s/)", WOOLLY_VERSION,
	    cf->base_url ? cf->base_url : "");
	p->user_agent = buf_detach(&ua);
	return 0;
fail:
	http_policy_free(p);
	return -1;
}

void
http_policy_free(struct http_policy *p)
{
	size_t i;

	for (i = 0; i < p->ntest_hosts; i++)
		free(p->test_hosts[i].host);
	free(p->test_hosts);
	curl_slist_free_all(p->resolve);
	free(p->ca_file);
	free(p->user_agent);
	memset(p, 0, sizeof(*p));
	curl_global_cleanup();
}

/* The test-only exemption: a mapped .test name at its mapped address. */
static int
test_host_allows(const struct http_transfer *t, const struct sockaddr *sa)
{
	const unsigned char *bytes;
	size_t i, j;
	long port;

	if (sa->sa_family == AF_INET) {
		bytes = (const unsigned char *)&((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr;
		port = ntohs(((const struct sockaddr_in *)(const void *)sa)->
		    sin_port);
	} else if (sa->sa_family == AF_INET6) {
		bytes = ((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_addr.s6_addr;
		port = ntohs(((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_port);
	} else
		return 0;
	for (i = 0; i < t->policy->ntest_hosts; i++) {
		const struct http_test_host *th = &t->policy->test_hosts[i];

		if (strcmp(th->host, t->host) != 0 || th->port != t->port ||
		    port != t->port)
			continue;
		for (j = 0; j < th->naddresses; j++)
			if (th->addresses[j].family == sa->sa_family &&
			    !memcmp(th->addresses[j].bytes, bytes,
			    sa->sa_family == AF_INET ? 4 : 16))
				return 1;
	}
	return 0;
}

/* --- one transfer -------------------------------------------------- */

static curl_socket_t
open_checked_socket(void *data, curlsocktype purpose,
    struct curl_sockaddr *a)
{
	struct http_transfer *t = data;
	const char *why;
	char text[INET6_ADDRSTRLEN];

	if (purpose != CURLSOCKTYPE_IPCXN)
		return CURL_SOCKET_BAD;
	if (!t->policy->local_use &&
	    (why = http_address_refusal(&a->addr, a->addrlen)) != NULL &&
	    !test_host_allows(t, &a->addr)) {
		address_text(&a->addr, text, sizeof(text));
		fail(t->refusal, sizeof(t->refusal), "refused: %s resolves to "
		    "%s, %s", t->host, text, why);
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

static size_t
collect_body(char *data, size_t size, size_t n, void *userdata)
{
	struct http_transfer *t = userdata;
	size_t len = size * n;

	if (len > t->max_body - t->body.len) {
		t->too_large = 1;
		return 0;	/* curl stops with a write error */
	}
	buf_add(&t->body, data, len);
	return len;
}

struct url_parts {
	char	*url;		/* normalized, as sent */
	char	*host;		/* lower case, no brackets */
	long	 port;
	char	*authority;	/* for Host: host[:port], as curl sends it */
	char	*target;	/* path?query */
};

static void
url_parts_free(struct url_parts *u)
{
	free(u->url);
	free(u->host);
	free(u->authority);
	free(u->target);
	memset(u, 0, sizeof(*u));
}

static char *
lower_dup(const char *s)
{
	char *d = xstrdup(s), *p;

	for (p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

void
http_printable_url(const char *url, char out[HTTP_SHOWN_URL])
{
	size_t i;

	for (i = 0; url[i] && i < HTTP_SHOWN_URL - 1; i++)
		out[i] = (unsigned char)url[i] < 0x20 || url[i] == 0x7f ?
		    '?' : url[i];
	out[i] = '\0';
}

/* Split and check a URL; the one place the scheme rule lives. */
static int
url_split(const struct http_policy *p, const char *url, struct url_parts *u,
    char *err, size_t errlen)
{
	CURLU *h = curl_url();
	char *scheme = NULL, *user = NULL, *host = NULL, *port = NULL;
	char *given_port = NULL, *path = NULL, *query = NULL, *full = NULL;
	char shown[HTTP_SHOWN_URL];
	struct sockaddr_storage ss;
	socklen_t sslen;
	const char *why;
	struct buf b = BUF_INIT;
	int rc = -1;

	memset(u, 0, sizeof(*u));
	if (url == NULL || strlen(url) > HTTP_MAX_URL) {
		fail(err, errlen, "refused: no URL, or one longer than %d "
		    "bytes", HTTP_MAX_URL);
		goto done;
	}
	http_printable_url(url, shown);
	if (h == NULL || curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK) {
		fail(err, errlen, "refused: not a valid URL: %s", shown);
		goto done;
	}
	curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
	if (scheme == NULL || (strcasecmp(scheme, "https") != 0 &&
	    (strcasecmp(scheme, "http") != 0 || !p->local_use))) {
		fail(err, errlen, "refused: only https URLs are fetched "
		    "(%s)", shown);
		goto done;
	}
	if (curl_url_get(h, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		fail(err, errlen, "refused: a URL with credentials");
		goto done;
	}
	if (curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    *host == '\0' ||
	    curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK ||
	    curl_url_get(h, CURLUPART_PATH, &path, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_URL, &full, 0) != CURLUE_OK) {
		fail(err, errlen, "refused: a URL without a host: %s", shown);
		goto done;
	}
	/*
	 * curl would connect to an internationalised name by its punycode
	 * form while the Host header and a signature over it carried the
	 * raw one; ids and inboxes arrive in punycode, so refuse the rest.
	 */
	if (!ascii_only(host)) {
		fail(err, errlen, "refused: a host name that is not ASCII "
		    "(use its punycode form): %s", shown);
		goto done;
	}
	curl_url_get(h, CURLUPART_QUERY, &query, 0);
	curl_url_get(h, CURLUPART_PORT, &given_port, 0);
	u->url = xstrdup(full);
	u->port = strtol(port, NULL, 10);
	if (host[0] == '[')
		u->host = lower_dup(host + 1), u->host[strlen(u->host) - 1] = 0;
	else
		u->host = lower_dup(host);
	if (!p->local_use && literal_address(u->host, &ss, &sslen) == 0 &&
	    (why = http_address_refusal((struct sockaddr *)&ss, sslen)) !=
	    NULL) {
		fail(err, errlen, "refused: %s is %s", u->host, why);
		goto done;
	}
	/* The port is part of Host only when it is not the scheme's own. */
	buf_puts(&b, host);
	if (given_port != NULL && u->port != (!strcasecmp(scheme, "https") ?
	    443 : 80))
		buf_printf(&b, ":%ld", u->port);
	u->authority = lower_dup(buf_cstr(&b));
	buf_reset(&b);
	buf_puts(&b, path);
	if (query != NULL)
		buf_printf(&b, "?%s", query);
	u->target = buf_detach(&b);
	rc = 0;
done:
	if (rc == -1)
		url_parts_free(u);
	buf_free(&b);
	curl_free(scheme);
	curl_free(user);
	curl_free(host);
	curl_free(port);
	curl_free(given_port);
	curl_free(path);
	curl_free(query);
	curl_free(full);
	curl_url_cleanup(h);
	return rc;
}

int
http_url_check(const struct http_policy *p, const char *url, char *err,
    size_t errlen)
{
	struct url_parts u;

	if (url_split(p, url, &u, err, errlen) == -1)
		return -1;
	url_parts_free(&u);
	return 0;
}

static void
add_header(struct http_transfer *t, const char *name, const char *value)
{
	struct buf h = BUF_INIT;

	buf_printf(&h, "%s: %s", name, value);
	t->headers = curl_slist_append(t->headers, buf_cstr(&h));
	buf_free(&h);
}

/* Date, Digest and Signature of a signed request. */
static int
sign_request(struct http_transfer *t, const struct http_request *req,
    const char *method, const struct url_parts *u, char *err, size_t errlen)
{
	char date[30], reason[HTTPSIG_REASON_MAX], *digest = NULL, *sig;

	httpsig_format_date(time(NULL), date);
	add_header(t, "Date", date);
	if (!strcmp(method, "POST")) {
		digest = httpsig_digest(req->body ? req->body : "",
		    req->body_len);
		add_header(t, "Digest", digest);
	}
	if (req->key_id == NULL || req->key == NULL) {
		free(digest);
		return 0;
	}
	sig = httpsig_cavage_sign(method, u->target, u->authority, date,
	    digest, req->key, req->key_id, reason, sizeof(reason));
	free(digest);
	if (sig == NULL)
		return fail(err, errlen, "cannot sign the request: %s", reason);
	add_header(t, "Signature", sig);
	free(sig);
	return 0;
}

int
http_transfer_setup(struct http_transfer *t, CURL *curl,
    const struct http_policy *p, const struct http_request *req, char *err,
    size_t errlen)
{
	const char *method = req->method ? req->method : "GET";
	const char *protocols = p->local_use ? "http,https" : "https";
	curl_version_info_data *version;
	struct url_parts u;

	memset(t, 0, sizeof(*t));
	t->curl = curl;
	t->policy = p;
	t->max_body = req->max_body ? req->max_body : HTTP_MAX_BODY;
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		return fail(err, errlen, "refused: only GET and POST are sent");
	if (url_split(p, req->url, &u, err, errlen) == -1)
		return -1;
	t->url = u.url;
	t->host = u.host;
	t->port = u.port;
	u.url = u.host = NULL;

	add_header(t, "Host", u.authority);
	if (req->accept != NULL)
		add_header(t, "Accept", req->accept);
	if (!strcmp(method, "POST")) {
		add_header(t, "Content-Type", req->content_type ?
		    req->content_type : "application/activity+json");
		t->headers = curl_slist_append(t->headers, "Expect:");
	}
	if (sign_request(t, req, method, &u, err, errlen) == -1) {
		url_parts_free(&u);
		http_transfer_cleanup(t);
		return -1;
	}
	url_parts_free(&u);

	curl_easy_setopt(curl, CURLOPT_URL, t->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, t);
	/* A proxy from the environment would be the address checked. */
	curl_easy_setopt(curl, CURLOPT_PROXY, "");
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
	    (long)HTTP_CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)HTTP_TOTAL_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)t->max_body);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, t->curl_error);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, p->user_agent);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->resolve != NULL)
		curl_easy_setopt(curl, CURLOPT_RESOLVE, p->resolve);
	if (p->ca_file != NULL) {
		/* CAINFO replaces the bundle; CAPATH keeps the system's. */
		curl_easy_setopt(curl, CURLOPT_CAINFO, p->ca_file);
		version = curl_version_info(CURLVERSION_NOW);
		if (version->capath != NULL)
			curl_easy_setopt(curl, CURLOPT_CAPATH,
			    version->capath);
	}
	if (!strcmp(method, "POST")) {
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->body_len);
		curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS,
		    req->body ? req->body : "");
	} else
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, t->headers);
	return 0;
}

int
http_transfer_result(struct http_transfer *t, CURLcode rc,
    struct http_response *resp)
{
	char *type = NULL;

	memset(resp, 0, sizeof(*resp));
	if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		return fail(resp->error, sizeof(resp->error), "refused: the "
		    "response is larger than %zu bytes", t->max_body);
	if (rc != CURLE_OK) {
		if (t->refusal[0] != '\0')
			return fail(resp->error, sizeof(resp->error), "%s",
			    t->refusal);
		if (rc == CURLE_OPERATION_TIMEDOUT)
			return fail(resp->error, sizeof(resp->error), "failed: "
			    "%s timed out (%s)", t->url, t->curl_error);
		return fail(resp->error, sizeof(resp->error), "failed: %s: %s",
		    t->url, t->curl_error[0] ? t->curl_error :
		    curl_easy_strerror(rc));
	}
	curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	if (curl_easy_getinfo(t->curl, CURLINFO_CONTENT_TYPE, &type) ==
	    CURLE_OK && type != NULL)
		resp->content_type = xstrdup(type);
	resp->final_url = xstrdup(t->url);
	buf_puts(&t->body, "");		/* NUL-terminated even when empty */
	resp->body = t->body;
	buf_init(&t->body);
	return 0;
}

void
http_transfer_cleanup(struct http_transfer *t)
{
	free(t->url);
	free(t->host);
	buf_free(&t->body);
	curl_slist_free_all(t->headers);
	t->url = t->host = NULL;
	t->headers = NULL;
}

void
http_response_free(struct http_response *resp)
{
	free(resp->content_type);
	free(resp->final_url);
	buf_free(&resp->body);
	resp->content_type = resp->final_url = NULL;
}

/* --- the easy interface, redirects followed ------------------------ */

static long long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

int
http_fetch(const struct http_policy *p, const struct http_request *req,
    struct http_response *resp)
{
	struct http_request hop = *req;
	struct http_transfer t;
	long long deadline = monotonic_ms() + HTTP_TOTAL_TIMEOUT * 1000LL;
	char *next = NULL, *location = NULL;
	CURL *curl;
	CURLcode code;
	int redirects, rc = -1;

	memset(resp, 0, sizeof(*resp));
	if ((curl = curl_easy_init()) == NULL)
		return fail(resp->error, sizeof(resp->error), "failed: "
		    "libcurl cannot start");
	for (redirects = 0;; redirects++) {
		if (http_transfer_setup(&t, curl, p, &hop, resp->error,
		    sizeof(resp->error)) == -1)
			break;
		curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)(deadline -
		    monotonic_ms() > 1 ? deadline - monotonic_ms() : 1));
		code = curl_easy_perform(curl);
		http_response_free(resp);
		if (http_transfer_result(&t, code, resp) == -1) {
			http_transfer_cleanup(&t);
			break;
		}
		location = NULL;
		curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
		if (!is_redirect(resp->status) || location == NULL ||
		    (hop.method && strcmp(hop.method, "GET") != 0)) {
			http_transfer_cleanup(&t);
			rc = 0;
			break;
		}
		if (redirects == HTTP_MAX_REDIRECTS) {
			http_transfer_cleanup(&t);
			fail(resp->error, sizeof(resp->error), "refused: more "
			    "than %d redirects", HTTP_MAX_REDIRECTS);
			break;
		}
		free(next);
		hop.url = next = xstrdup(location);
		http_transfer_cleanup(&t);
		curl_easy_reset(curl);
	}
	if (rc == -1 && redirects > 0 && next != NULL &&
	    strstr(resp->error, "redirect") == NULL) {
		size_t used = strlen(resp->error);
		char shown[HTTP_SHOWN_URL];

		http_printable_url(next, shown);
		snprintf(resp->error + used, sizeof(resp->error) - used,
		    " (after a redirect to %s)", shown);
	}
	free(next);
	curl_easy_cleanup(curl);
	return rc;
}
