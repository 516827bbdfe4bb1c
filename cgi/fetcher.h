/*
 * fetcher: how a handler of this process fetches from other servers (a
 * search that resolves, a remote profile seen first, an interaction):
 * one remote_fetcher, made on first use and kept for the life of the
 * process, as the instance actor's key is costly to parse. The thread
 * above a post found that way is fetched after the answer is out, so
 * that nobody waits on it (Mastodon queues it to a worker).
 */
#ifndef WOOLLY_FETCHER_H
#define WOOLLY_FETCHER_H

#include <stdint.h>

struct app;
struct remote_fetcher;
struct request;

/* The fetcher, or NULL (logged) when it cannot be made. */
struct remote_fetcher *app_fetcher(struct request *);

/* Fetch the missing ancestors of this status once the answer is out. */
void	app_fetch_thread_later(struct request *, int64_t status_id);
/* Do it: called by the worker after the response (worker.c). */
void	app_fetch_threads(struct app *);

#endif
