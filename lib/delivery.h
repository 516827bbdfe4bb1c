/*
 * delivery: the queue of outgoing activities in the database, as the
 * deliverer (cron/woolly-deliver) and woollyctl see it. Outbox events
 * (lib/outbox.h) are expanded into one delivery per remote inbox; a
 * deliverer claims due deliveries (FOR UPDATE SKIP LOCKED, so deliverers
 * on several hosts share the queue), sends them and reports each answer:
 *   - 2xx: done, the row goes;
 *   - 4xx other than 408 and 429: dropped (410 from an account's own
 *     inbox: the account is gone, nothing more goes to it);
 *   - anything else (5xx, 408, 429, timeouts, refused connections): tried
 *     again after delivery_backoff(), DELIVERY_MAX_ATTEMPTS in all;
 *   - a host failing delivery_host_failures times in a row is
 *     unavailable: its deliveries are parked (not tried, not counted)
 *     and one of them is tried every delivery_host_probe seconds; the
 *     first answer brings the host back.
 * A claim is a lease held by the claiming database session: a deliverer
 * killed mid-run leaves claims that delivery_release_orphans() gives
 * back, so nothing is lost; a delivery is only removed after its answer.
 */
#ifndef WOOLLY_DELIVERY_H
#define WOOLLY_DELIVERY_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct db;

#define DELIVERY_MAX_ATTEMPTS	8
/* How long a claim lasts when its session does not end (seconds). */
#define DELIVERY_LEASE		600
/* Deliveries to one host in flight at once, per deliverer. */
#define DELIVERY_HOST_CONCURRENCY 8

struct delivery_job {
	int64_t	 id;
	int64_t	 account_id;	/* the signer; 0: the instance actor */
	char	*activity;	/* JSON text */
	char	*inbox_url;
	char	*host;
	int	 attempts;	/* before this one */
};

/* Seconds to wait after the attempts-th failure (1-based). */
long	delivery_backoff(const struct config *, int attempts);

/* Expand up to max new outbox events. Events expanded, or -1. */
int	delivery_expand(struct db *, int max);
/*
 * Give back the claims of deliverers whose sessions ended (or whose
 * lease ran out). Rows given back, or -1.
 */
long	delivery_release_orphans(struct db *);
/*
 * Claim up to max due deliveries, first one of each unavailable host due
 * for a probe; at most DELIVERY_HOST_CONCURRENCY per host, and none of
 * busy_hosts (the hosts the caller already has that many in flight to).
 * *jobs is malloc'd (free with delivery_jobs_free). 0 or -1.
 */
int	delivery_claim(struct db *, const struct config *, size_t max,
	    const char *const *busy_hosts, size_t nbusy,
	    struct delivery_job **jobs, size_t *n);
void	delivery_jobs_free(struct delivery_job *, size_t n);

enum delivery_outcome {
	DELIVERY_DONE,		/* 2xx */
	DELIVERY_DROPPED,	/* refused for good (4xx) */
	DELIVERY_GONE,		/* 410 */
	DELIVERY_FAILED,	/* try again later */
	DELIVERY_UNSENT,	/* not tried (the run ended): due again */
};

/* What an answer (status 0: none came) means. */
enum delivery_outcome delivery_outcome_of(long status);

/*
 * Record the outcomes of jobs (outcomes[i] for jobs[i]; why is logged
 * for a drop). Batched so 10,000 answers cost a few statements. 0 or -1.
 */
int	delivery_record(struct db *, const struct config *,
	    const struct delivery_job *jobs, const enum delivery_outcome *,
	    size_t n);

struct delivery_status {
	long	 events;	/* not expanded yet */
	long	 queued;	/* deliveries waiting */
	long	 due;		/* of them due now */
	long	 claimed;	/* in flight */
	long	 hosts_unavailable;
};
int	delivery_status_load(struct db *, struct delivery_status *);

#endif
