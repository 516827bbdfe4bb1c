/*
 * api_limits: the client API's request budget. A window is a fixed span
 * of the clock (5 minutes for requests, 30 for posts), so every worker
 * and every host agrees on when it resets without sharing anything but
 * the counter.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "api_limits.h"
#include "config.h"
#include "ratelimit.h"
#include "request.h"

#define REQUEST_WINDOW	300	/* seconds */
#define POST_WINDOW	1800

/*
 * One more hit on a bucket for the current window. 1 when over the limit
 * (429 sent); 0 under it. The response carries this bucket's figures when
 * set_headers, or when it refused.
 * A counter that cannot be kept lets the request through: losing the
 * limit for a moment is better than refusing every API call.
 */
static int
count(struct request *req, const char *who, int window, long limit,
    int set_headers)
{
	char bucket[160];
	time_t now = time(NULL), start = now - now % window;
	long hits;

	snprintf(bucket, sizeof(bucket), "api:%s:%d:%" PRId64, who, window,
	    (int64_t)start);
	hits = ratelimit_hit(req->app->db, req->app->cache, bucket,
	    window);
	if (hits < 0)
		return 0;
	if (set_headers || hits > limit) {
		req->resp.rate_limit = limit;
		req->resp.rate_remaining = hits >= limit ? 0 : limit - hits;
		req->resp.rate_reset = start + window;
	}
	if (hits <= limit)
		return 0;
	resp_header(req, "Retry-After", "%ld", (long)(start + window - now));
	resp_error(req, 429, "Too many requests");
	return 1;
}

int
api_rate_limit(struct request *req, int posting)
{
	const struct config *cf = req->app->cf;
	char who[RATELIMIT_CLIENT_MAX + 16];
	char client[RATELIMIT_CLIENT_MAX];

	if (req->viewer != NULL) {
		snprintf(who, sizeof(who), "account:%" PRId64,
		    req->viewer->account_id);
		/* The posting budget is the scarcer one: it goes first, and
		 * its headers are the ones a client needs to see. */
		if (posting) {
			char post[RATELIMIT_CLIENT_MAX + 16];

			snprintf(post, sizeof(post), "post:%" PRId64,
			    req->viewer->account_id);
			if (count(req, post, POST_WINDOW, cf->api_post_limit,
			    0) == 1)
				return 1;
		}
		return count(req, who, REQUEST_WINDOW, cf->api_account_limit,
		    1);
	}
	ratelimit_client(req->remote_addr, client, sizeof(client));
	snprintf(who, sizeof(who), "ip:%s", client);
	return count(req, who, REQUEST_WINDOW, cf->api_ip_limit, 1);
}
