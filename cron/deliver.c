/*
 * woolly-deliver: sends the queued activities (lib/delivery.h) to other
 * servers. Started by cron every minute; takes its lock (a second copy
 * exits at once, status 0), then for about 55 s expands new outbox
 * events, claims due deliveries and sends them with libcurl's multi
 * interface, delivery_concurrency at a time, each POST signed
 * (draft-cavage rsa-sha256 over (request-target) host date digest) with
 * the key of the activity's actor. A NOTIFY from the outbox wakes it, so
 * a new post leaves within a moment. At the end of its budget it lets
 * the requests in flight finish (a few seconds at most), gives the rest
 * back, and exits. Exits 1 on errors.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ap_actor.h"
#include "config.h"
#include "db.h"
#include "delivery.h"
#include "http_client.h"
#include "httpsig.h"
#include "job_loop.h"
#include "log.h"

#define DELIVER_BUDGET		55	/* seconds, by default */
#define DELIVER_GRACE_MS	5000	/* for requests in flight at the end */
#define EXPAND_BATCH		100
#define FLUSH_EVERY_MS		100
#define FLUSH_AT		256
#define RECHECK_MS		1000	/* a claim that found nothing */
#define ORPHANS_EVERY_MS	10000

/* The key an actor signs with, parsed once per run. */
struct signer {
	int64_t			 account_id;
	char			*key_id;
	struct httpsig_key	*key;	/* NULL: none usable */
};

struct slot {
	int			 busy;
	CURL			*curl;
	struct http_transfer	 transfer;	/* the handle points into it */
	struct delivery_job	 job;
};

struct deliverer {
	const struct config	*cf;
	struct db		*db;
	struct http_policy	 policy;
	CURLM			*multi;
	struct slot		*slots;
	size_t			 nslots, busy;
	struct signer		*signers;
	size_t			 nsigners;
	/* Answers not yet written to the database. */
	struct delivery_job	*done;
	enum delivery_outcome	*outcomes;
	size_t			 ndone, done_cap;
	long long		 last_flush;
	long			 sent, failed;
};

static struct signer *
signer_for(struct deliverer *d, int64_t account_id)
{
	static const char *sql =
	    "SELECT public_key_id, private_key FROM accounts WHERE id = $1 "
	    "AND domain IS NULL AND private_key IS NOT NULL";
	struct signer *s, *grown;
	struct db_params p;
	PGresult *res;
	const char *pem = NULL;
	char reason[256], *instance_key_id = NULL;
	size_t i;

	for (i = 0; i < d->nsigners; i++)
		if (d->signers[i].account_id == account_id)
			return &d->signers[i];
	grown = realloc(d->signers, (d->nsigners + 1) * sizeof(*grown));
	if (grown == NULL)
		return NULL;
	d->signers = grown;
	s = &d->signers[d->nsigners++];
	memset(s, 0, sizeof(*s));
	s->account_id = account_id;
	res = NULL;
	if (account_id == 0) {
		/* The instance actor (reports). */
		if (ap_instance_actor_keys(d->db, NULL, &pem) == 0 &&
		    asprintf(&instance_key_id, "%s" INSTANCE_ACTOR_PATH
		    "#main-key", d->cf->base_url) != -1)
			s->key_id = instance_key_id;
	} else {
		db_params_init(&p);
		dbp_int(&p, account_id);
		if ((res = db_run(d->db, sql, &p)) != NULL &&
		    PQntuples(res) == 1) {
			s->key_id = db_dup(res, 0, 0);
			pem = db_val(res, 0, 1);
		}
	}
	if (pem != NULL && s->key_id != NULL &&
	    (s->key = httpsig_key_from_pem(pem, reason,
	    sizeof(reason))) == NULL)
		log_warnx("deliver: the key of account %lld: %s",
		    (long long)account_id, reason);
	if (res != NULL)
		PQclear(res);
	return s;
}

/* Keep an answer for the next flush (the job's strings move there). */
static void
answered(struct deliverer *d, struct delivery_job *job,
    enum delivery_outcome o)
{
	if (d->ndone == d->done_cap) {
		d->done_cap = d->done_cap ? d->done_cap * 2 : 64;
		d->done = realloc(d->done, d->done_cap * sizeof(*d->done));
		d->outcomes = realloc(d->outcomes, d->done_cap *
		    sizeof(*d->outcomes));
		if (d->done == NULL || d->outcomes == NULL) {
			log_warnx("deliver: out of memory");
			exit(1);
		}
	}
	d->done[d->ndone] = *job;
	d->outcomes[d->ndone++] = o;
	memset(job, 0, sizeof(*job));
}

static int
flush(struct deliverer *d)
{
	int rc = 0;

	if (d->ndone > 0)
		rc = delivery_record(d->db, d->cf, d->done, d->outcomes,
		    d->ndone);
	/* The strings only; the arrays are reused. */
	while (d->ndone > 0) {
		d->ndone--;
		free(d->done[d->ndone].activity);
		free(d->done[d->ndone].inbox_url);
		free(d->done[d->ndone].host);
	}
	d->last_flush = job_loop_now_ms();
	return rc;
}

/* Start job in a free slot; when it cannot start, it is answered. */
static void
start(struct deliverer *d, struct delivery_job *job)
{
	struct http_request req;
	struct signer *s;
	struct slot *sl = NULL;
	char err[HTTP_ERROR_MAX];
	size_t i;

	for (i = 0; i < d->nslots && sl == NULL; i++)
		if (!d->slots[i].busy)
			sl = &d->slots[i];
	if (sl == NULL) {
		answered(d, job, DELIVERY_UNSENT);
		return;
	}
	if ((s = signer_for(d, job->account_id)) == NULL || s->key == NULL) {
		log_warnx("deliver: no key to sign as account %lld; "
		    "dropped the delivery to %s", (long long)job->account_id,
		    job->inbox_url);
		answered(d, job, DELIVERY_DROPPED);
		return;
	}
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = job->inbox_url;
	req.content_type = "application/activity+json";
	req.body = job->activity;
	req.body_len = strlen(job->activity);
	req.max_body = 64 * 1024;	/* an inbox's answer is small */
	req.key_id = s->key_id;
	req.key = s->key;
	curl_easy_reset(sl->curl);
	if (http_transfer_setup(&sl->transfer, sl->curl, &d->policy, &req,
	    err, sizeof(err)) == -1) {
		log_info("deliver: %s; dropped", err);
		answered(d, job, DELIVERY_DROPPED);
		return;
	}
	curl_easy_setopt(sl->curl, CURLOPT_PRIVATE, sl);
	sl->job = *job;
	memset(job, 0, sizeof(*job));
	sl->busy = 1;
	d->busy++;
	curl_multi_add_handle(d->multi, sl->curl);
}

static void
finished(struct deliverer *d, struct slot *sl, CURLcode code)
{
	struct http_response resp;
	enum delivery_outcome o;

	curl_multi_remove_handle(d->multi, sl->curl);
	if (http_transfer_result(&sl->transfer, code, &resp) == -1) {
		log_debug("deliver: %s: %s", sl->job.inbox_url, resp.error);
		o = DELIVERY_FAILED;
	} else {
		o = delivery_outcome_of(resp.status);
		if (o != DELIVERY_DONE)
			log_debug("deliver: %s answered %ld",
			    sl->job.inbox_url, resp.status);
	}
	if (o == DELIVERY_DONE)
		d->sent++;
	else
		d->failed++;
	http_response_free(&resp);
	http_transfer_cleanup(&sl->transfer);
	answered(d, &sl->job, o);
	sl->busy = 0;
	d->busy--;
}

/* The hosts with DELIVERY_HOST_CONCURRENCY deliveries in flight. */
static size_t
busy_hosts(struct deliverer *d, const char **out)
{
	size_t i, j, k, n = 0, count;

	for (i = 0; i < d->nslots; i++) {
		if (!d->slots[i].busy)
			continue;
		for (k = 0; k < n; k++)
			if (!strcmp(out[k], d->slots[i].job.host))
				break;
		if (k < n)
			continue;
		for (count = 0, j = 0; j < d->nslots; j++)
			if (d->slots[j].busy && !strcmp(d->slots[j].job.host,
			    d->slots[i].job.host))
				count++;
		if (count >= DELIVERY_HOST_CONCURRENCY)
			out[n++] = d->slots[i].job.host;
	}
	return n;
}

/* Claim as many as there are free slots. Jobs started, or -1. */
static long
claim(struct deliverer *d, const char **hosts)
{
	struct delivery_job *jobs;
	size_t n, i, nbusy;

	nbusy = busy_hosts(d, hosts);
	if (delivery_claim(d->db, d->cf, d->nslots - d->busy,
	    (const char *const *)hosts, nbusy, &jobs, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		start(d, &jobs[i]);
	free(jobs);
	return (long)n;
}

/* Let curl work for up to wait_ms, and take in what finished. */
static void
transfer(struct deliverer *d, struct job_loop *jl, int wait_ms)
{
	struct curl_waitfd pg;
	struct slot *sl;
	CURLMsg *m;
	int running, left;

	memset(&pg, 0, sizeof(pg));
	pg.fd = job_loop_socket(jl);
	pg.events = CURL_WAIT_POLLIN;
	curl_multi_poll(d->multi, &pg, pg.fd >= 0 ? 1 : 0, wait_ms, NULL);
	curl_multi_perform(d->multi, &running);
	while ((m = curl_multi_info_read(d->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		sl = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &sl);
		if (sl != NULL)
			finished(d, sl, m->data.result);
	}
}

/* The requests still in flight after the grace: due again, untried. */
static void
abandon(struct deliverer *d)
{
	size_t i;

	for (i = 0; i < d->nslots; i++) {
		if (!d->slots[i].busy)
			continue;
		curl_multi_remove_handle(d->multi, d->slots[i].curl);
		http_transfer_cleanup(&d->slots[i].transfer);
		answered(d, &d->slots[i].job, DELIVERY_UNSENT);
		d->slots[i].busy = 0;
		d->busy--;
	}
}

static size_t
claim_batch(const struct deliverer *d)
{
	return d->busy == 0 ? 1 : (d->nslots + 3) / 4;
}

static int
run(struct deliverer *d, struct job_loop *jl)
{
	const char **hosts;
	long long now, next_claim = 0, next_expand = 0, next_orphans = 0;
	long claimed;
	int notified = 1, n;

	if ((hosts = calloc(d->nslots + 1, sizeof(*hosts))) == NULL)
		return -1;
	for (;;) {
		now = job_loop_now_ms();
		if (job_loop_left_ms(jl) > 0) {
			if (now >= next_orphans) {
				if (delivery_release_orphans(d->db) == -1)
					goto fail;
				next_orphans = now + ORPHANS_EVERY_MS;
			}
			if (notified || now >= next_expand) {
				do {
					if ((n = delivery_expand(d->db,
					    EXPAND_BATCH)) == -1)
						goto fail;
				} while (n == EXPAND_BATCH);
				next_expand = now + RECHECK_MS;
				if (notified)
					next_claim = 0;
				notified = 0;
			}
			/* In batches: a claim costs a query. */
			if (d->busy + claim_batch(d) <= d->nslots &&
			    now >= next_claim) {
				if ((claimed = claim(d, hosts)) == -1)
					goto fail;
				next_claim = claimed > 0 ? 0 : now + RECHECK_MS;
			}
		} else if (d->busy == 0)
			break;
		else if (job_loop_left_ms(jl) == 0 && now > jl->deadline_ms +
		    DELIVER_GRACE_MS) {
			abandon(d);
			break;
		}
		if (d->ndone >= FLUSH_AT || (d->ndone > 0 && (d->busy == 0 ||
		    now - d->last_flush >= FLUSH_EVERY_MS)))
			if (flush(d) == -1)
				goto fail;
		if (d->busy == 0) {
			if (job_loop_left_ms(jl) > 0)
				notified = job_loop_wait(jl, next_claim > now ?
				    next_claim - now : RECHECK_MS);
			continue;
		}
		transfer(d, jl, 100);
		notified |= job_loop_notified(jl);
	}
	free(hosts);
	return flush(d);
fail:
	free(hosts);
	abandon(d);
	flush(d);
	return -1;
}

static int
deliverer_init(struct deliverer *d, const struct config *cf, struct db *db)
{
	char err[512];
	size_t i;

	memset(d, 0, sizeof(*d));
	d->cf = cf;
	d->db = db;
	if (http_policy_init(&d->policy, cf, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	d->nslots = (size_t)cf->delivery_concurrency;
	if ((d->multi = curl_multi_init()) == NULL ||
	    (d->slots = calloc(d->nslots, sizeof(*d->slots))) == NULL)
		return -1;
	curl_multi_setopt(d->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)DELIVERY_HOST_CONCURRENCY);
	for (i = 0; i < d->nslots; i++)
		if ((d->slots[i].curl = curl_easy_init()) == NULL)
			return -1;
	return 0;
}

static void
deliverer_free(struct deliverer *d)
{
	size_t i;

	for (i = 0; d->slots != NULL && i < d->nslots; i++)
		if (d->slots[i].curl != NULL)
			curl_easy_cleanup(d->slots[i].curl);
	free(d->slots);
	if (d->multi != NULL)
		curl_multi_cleanup(d->multi);
	for (i = 0; i < d->nsigners; i++) {
		free(d->signers[i].key_id);
		httpsig_key_free(d->signers[i].key);
	}
	free(d->signers);
	free(d->done);
	free(d->outcomes);
	http_policy_free(&d->policy);
}

int
main(int argc, char *argv[])
{
	struct config cf;
	struct deliverer d;
	struct job_loop jl;
	struct db *db;
	const char *path = config_default_path();
	char err[512];
	int ch, verbose = 0, budget = DELIVER_BUDGET, rc = 1, started;

	while ((ch = getopt(argc, argv, "c:t:v")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 't':
			budget = atoi(optarg);
			if (budget < 1 || budget > 3600) {
				fprintf(stderr, "woolly-deliver: -t takes 1 "
				    "to 3600 seconds\n");
				return 2;
			}
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: woolly-deliver [-v] "
			    "[-c woolly.conf] [-t seconds]\n");
			return 2;
		}
	}
	log_init("woolly-deliver", verbose);
	if (config_load(&cf, path, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return 1;
	}
	if (log_open_file(cf.log_file) == -1)
		log_warn("cannot open %s, logging to stderr", cf.log_file);
	/* A peer closing a connection must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	db = db_open(cf.database, 0, cf.database_connect_timeout);
	started = job_loop_start(&jl, db, "woolly-deliver", "woolly_delivery",
	    budget);
	if (started == 0) {
		printf("woolly-deliver: another copy is running on this host; "
		    "exiting\n");
		rc = 0;
	} else if (started == 1 && deliverer_init(&d, &cf, db) == 0) {
		rc = run(&d, &jl) == -1 ? 1 : 0;
		if (verbose || d.sent + d.failed > 0)
			log_info("sent %ld, failed %ld", d.sent, d.failed);
		deliverer_free(&d);
	}
	job_loop_finish(&jl);
	db_close(db);
	curl_global_cleanup();
	config_free(&cf);
	return rc;
}
