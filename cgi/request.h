/*
 * request: one HTTP request as the FastCGI worker sees it, and the response
 * built for it. A request struct is created for each request and freed
 * after the response is sent; nothing about a request outlives it.
 *
 * Handlers read input only through the typed accessors below (req_str,
 * req_int, req_id, ...), which look in the route's path parameters, then the
 * body (urlencoded, multipart or JSON), then the query string, and enforce
 * the limits the handler declares.
 */
#ifndef WOOLLY_REQUEST_H
#define WOOLLY_REQUEST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "buf.h"
#include "params.h"

struct config;
struct db;
struct cache;
struct route;

/* Process-wide handles a worker opens once and every request uses. */
struct app {
	const struct config	*cf;
	struct db		*db;
	struct cache		*cache;
	const char		*secret;	/* instance secret (hex) */
	char			 pool_tag[64];	/* this pool generation's name */
};

/*
 * The signed-in user: from the session cookie on a web page, from the
 * bearer token's user on an API call. Handlers ask only "who is it".
 */
struct viewer {
	int64_t	 user_id;
	int64_t	 account_id;
	char	*username;
	char	*role;
	char	*session_token;	/* the cookie's raw value (web only) */
	/*
	 * The menu's unread notifications as kept in the database when the
	 * session was loaded, if that count was up to date (web only).
	 */
	int	 notifications_unread_known;
	long	 notifications_unread;
};

/* The valid OAuth bearer token an API request came with. */
struct token {
	int64_t	 id;
	int64_t	 app_id;	/* 0 for a token no application owns */
	char	*scopes;	/* space-separated */
};

struct response {
	int		 status;
	const char	*content_type;
	struct buf	 headers;	/* "Name: value\r\n" lines */
	struct buf	 body;
	int		 sent;
	/* The API budget, sent as X-RateLimit-* when limit > 0; added at
	 * send time so the page cache never stores one client's count. */
	long		 rate_limit, rate_remaining;
	time_t		 rate_reset;
	int		 cors;		/* a path other origins may call */
	/* The path answers by Accept: "Vary: Accept", added at send time
	 * like the two above, so a cached answer gets it as well. */
	int		 vary_accept;
};

enum family { FAMILY_WEB, FAMILY_API, FAMILY_AP };

struct request {
	struct app		*app;
	FCGX_Request		*fcgi;
	struct timespec		 started;

	const char		*method;	/* "HEAD" is served as GET */
	int			 is_head;
	char			*path;		/* decoded, trailing slash kept */
	const char		*query;		/* raw */
	const char		*remote_addr;
	enum family		 family;
	const struct route	*route;

	struct params		 route_params;
	struct params		 query_params;
	struct params		 body_params;
	json_object		*json;		/* a JSON body, if one came */
	int			 body_read;
	/*
	 * The body exactly as received, for checks over its bytes (the
	 * inbox's Digest): NULL when none came or it was multipart (an
	 * upload is kept only as its parsed parts), else body_len bytes
	 * that may hold NULs, followed by a NUL the sender did not send.
	 */
	char			*body;
	size_t			 body_len;

	struct viewer		*viewer;	/* NULL when signed out */
	struct token		*token;		/* API only; NULL if none */
	char			*bearer;	/* the token as sent, if any */
	char			*csrf_cookie;	/* anonymous CSRF binding */
	char			*csrf_bound;	/* the binding csrf_made is for */
	char			 csrf_made[65];	/* the form token made for it */
	int			 set_csrf_cookie;

	char			 error[256];	/* why the last accessor refused */
	struct response		 resp;
};

/*
 * Read the body (within max_form_size, or max_upload_size for multipart),
 * keep it in req->body (but for multipart) and parse it as a form,
 * multipart or JSON by its Content-Type; -1 with resp status 400/413 set
 * on failure.
 */
int		 req_read_body(struct request *);

const char	*req_header(struct request *, const char *name);
const char	*req_cookie(struct request *, const char *name, char *out,
		    size_t outlen);
int		 req_wants_json(struct request *);

/*
 * Typed input. Return 1 when present and valid, 0 when absent (out
 * untouched), -1 when present but invalid (req->error says why).
 */
int	req_str(struct request *, const char *name, size_t maxchars,
	    const char **out);
int	req_int(struct request *, const char *name, long long min,
	    long long max, long long *out);
int	req_id(struct request *, const char *name, int64_t *out);
int	req_bool(struct request *, const char *name, int *out);
/*
 * A list of strings: a JSON array, "name[]" fields (Rails' form arrays,
 * body then query), or a single value as a list of one. Each item as
 * req_str checks it; at most maxitems. On 1, *out is an array the caller
 * frees (its strings belong to the request) and *n its length.
 */
int	req_str_list(struct request *, const char *name, size_t maxitems,
	    size_t maxchars, const char ***out, size_t *n);
/*
 * 1 when the request carries anything under name: "name", "name[]" or
 * "name[...]" in a form or the query, or a non-null JSON "name".
 */
int	req_present(struct request *, const char *name);
/* Like req_str, from the request body (form or JSON) only. */
int	req_body_str(struct request *, const char *name, size_t maxchars,
	    const char **out);
/*
 * A list of strings, sent Rails' ways: name[]=a&name[]=b (form or query),
 * a JSON array, or a single name=a. At most max items (out has room for
 * them), each like req_str's; pointers valid for the request's life.
 * 1 and *n when present, 0 when absent, -1 when invalid (req->error).
 */
int	req_str_array(struct request *, const char *name, size_t max,
	    size_t maxchars, const char **out, size_t *n);
/*
 * The same for ids (req_id's rules; empty items are skipped): *out is
 * malloc'd, at most max_items long.
 */
int	req_id_list(struct request *, const char *name, size_t max_items,
	    int64_t **out, size_t *n);
/*
 * A list of hashes: "name[K][field]" form fields grouped by K in the order
 * K first came ("name[][field]" as Rails groups it), or a JSON array of
 * objects or object of objects. Each item is a params list of its fields;
 * free with req_hash_list_free(). Names nested in a JSON body
 * ("source[privacy]") are read by the single-value accessors above.
 */
int	req_hash_list(struct request *, const char *name, size_t max_items,
	    struct params **out, size_t *n);
void	req_hash_list_free(struct params *, size_t n);
/* Path parameter of the matched route (always present once routed). */
const char *req_route_param(struct request *, const char *name);

/* Response building. */
void	resp_status(struct request *, int status);
void	resp_header(struct request *, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The value of a header set so far (*len its length), or NULL. */
const char *resp_header_value(const struct response *, const char *name,
	    size_t *len);
void	resp_redirect(struct request *, const char *location);
void	resp_json(struct request *, int status, json_object *);	/* consumes */
/* An error page or {"error": msg} according to the route family. */
void	resp_error(struct request *, int status, const char *msg);
void	resp_send(struct request *);
const char *http_status_text(int);

#endif
