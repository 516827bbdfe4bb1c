/*
 * http_client: the one way woolly makes outgoing HTTP requests (actors,
 * keys, objects, WebFinger, collections, deliveries), so that every one
 * obeys the same policy:
 *   - https only; plain http only under federation_local_use;
 *   - no loopback, private, link-local, unique-local, CGNAT, multicast,
 *     unspecified, IPv4-mapped/compatible or metadata addresses, checked
 *     on the address each connection is actually opened to (so a name
 *     that resolves, or is rebound, to one is refused too), unless
 *     federation_local_use is on;
 *   - redirects followed here, at most HTTP_MAX_REDIRECTS, each one
 *     checked again; GET only (a redirected POST is answered as is);
 *   - a response body limit (HTTP_MAX_BODY unless the request says),
 *     HTTP_CONNECT_TIMEOUT and HTTP_TOTAL_TIMEOUT; no proxy from the
 *     environment; a User-Agent naming woolly and the instance;
 *   - optional draft-cavage rsa-sha256 signatures (GET, and POST with a
 *     Digest of the body).
 *
 * http_fetch() runs one request with libcurl's easy interface. A program
 * that drives many transfers with the multi interface (the deliverer)
 * gives each CURL handle to http_transfer_setup() and, when it is done,
 * to http_transfer_result(): the policy lives in those two.
 *
 * Test-only: names under the reserved .test domain that federation_resolve
 * maps to an address pass the address check for that address and port.
 * No real DNS answers for .test (RFC 6761), so this cannot open a hole in
 * production; it lets the suite run "public" TLS servers on 127.0.0.1.
 */
#ifndef WOOLLY_HTTP_CLIENT_H
#define WOOLLY_HTTP_CLIENT_H

#include <stddef.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "buf.h"
#include "config.h"
#include "httpsig.h"

#define HTTP_MAX_BODY		(1024 * 1024)	/* bytes, by default */
#define HTTP_MAX_REDIRECTS	3
#define HTTP_CONNECT_TIMEOUT	5		/* seconds */
#define HTTP_TOTAL_TIMEOUT	30		/* seconds, with redirects */
#define HTTP_MAX_URL		4096
#define HTTP_ERROR_MAX		512
#define HTTP_SHOWN_URL		201	/* bytes of a URL quoted in a reason */

struct http_test_host;

/* The policy of every request, made once from the configuration. */
struct http_policy {
	int			 local_use;	/* http and any address */
	char			*ca_file;	/* added to the system's CAs */
	struct curl_slist	*resolve;	/* CURLOPT_RESOLVE entries */
	struct http_test_host	*test_hosts;	/* .test names mapped */
	size_t			 ntest_hosts;
	char			*user_agent;
};

/* What to send. Only method and url are required. */
struct http_request {
	const char		*method;	/* "GET" (NULL) or "POST" */
	const char		*url;
	const char		*accept;	/* Accept header, or NULL */
	const char		*content_type;	/* of a POST body */
	const void		*body;		/* POST body */
	size_t			 body_len;
	size_t			 max_body;	/* 0: HTTP_MAX_BODY */
	/* Sign (draft-cavage rsa-sha256) when both are set. */
	const char		*key_id;
	const struct httpsig_key *key;
};

struct http_response {
	long			 status;
	char			*content_type;	/* NULL when none was sent */
	char			*final_url;	/* after redirects */
	struct buf		 body;		/* NUL-terminated */
	char			 error[HTTP_ERROR_MAX];	/* why, on -1 */
};

/*
 * One transfer's state for a CURL handle. It must stay at one address
 * until the transfer ends: the handle points into it.
 */
struct http_transfer {
	CURL			*curl;
	const struct http_policy *policy;
	char			*url;		/* as checked and sent */
	char			*host;		/* lower case, no brackets */
	long			 port;
	size_t			 max_body;
	int			 too_large;
	struct buf		 body;
	struct curl_slist	*headers;
	char			 refusal[HTTP_ERROR_MAX];
	char			 curl_error[CURL_ERROR_SIZE];
};

/*
 * Build the policy from federation_local_use, federation_ca_file,
 * federation_resolve and the instance's base URL (for the User-Agent).
 * -1 with a message in err when federation_resolve is malformed.
 */
int	http_policy_init(struct http_policy *, const struct config *,
	    char *err, size_t errlen);
void	http_policy_free(struct http_policy *);

/*
 * Run one request, following redirects of a GET. 0 when a response
 * arrived (whatever its status); -1 with resp->error saying why when the
 * request was refused or failed. Free resp with http_response_free
 * either way.
 */
int	http_fetch(const struct http_policy *, const struct http_request *,
	    struct http_response *resp);
void	http_response_free(struct http_response *);

/*
 * Configure curl for req under the policy: URL check, protocols, the
 * address check at connect, timeouts, body limit, CA, resolve entries,
 * headers and signature. Redirects are not followed: a caller that
 * wants them reads resp.status and CURLINFO_REDIRECT_URL. -1 with a
 * reason in err when the URL is refused.
 */
int	http_transfer_setup(struct http_transfer *, CURL *curl,
	    const struct http_policy *, const struct http_request *,
	    char *err, size_t errlen);
/*
 * After curl is done with the handle (rc is its result): fill resp, or
 * return -1 with resp->error set (the policy's refusal when there was
 * one, else curl's reason).
 */
int	http_transfer_result(struct http_transfer *, CURLcode rc,
	    struct http_response *resp);
/* Free the transfer's state; the CURL handle stays the caller's. */
void	http_transfer_cleanup(struct http_transfer *);

/*
 * Is url one the policy lets us request (scheme, no credentials, a host,
 * no refused literal address)? -1 with the reason in err.
 */
int	http_url_check(const struct http_policy *, const char *url,
	    char *err, size_t errlen);
/*
 * Why an address may not be connected to ("a loopback address"), or
 * NULL when it is a public one.
 */
const char *http_address_refusal(const struct sockaddr *, socklen_t);
/* A URL fit to quote in a reason: cut short, control characters '?'. */
void	http_printable_url(const char *url, char out[HTTP_SHOWN_URL]);

#endif
