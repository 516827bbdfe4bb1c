/*
 * api_limits: Mastodon's rate limits on the client API, counted in fixed
 * windows aligned to the clock (as Rack::Attack counts them), with the
 * X-RateLimit-Limit, -Remaining and -Reset headers on every answer.
 */
#ifndef WOOLLY_API_LIMITS_H
#define WOOLLY_API_LIMITS_H

#include "request.h"

/*
 * Count this request: per account when a user's token came, else per
 * client address; routes flagged RATE_POST also count against the
 * posting limit. 0 to go on, 1 when refused (429 sent).
 */
int	api_rate_limit(struct request *, int posting);

#endif
