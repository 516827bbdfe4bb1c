/*
 * fetcher: how a handler of this process fetches from other servers (a
 * search that resolves, a remote profile seen first, an interaction):
 * one remote_fetcher, made on first use and kept for the life of the
 * process, as the instance actor's key is costly to parse.
 */
#ifndef WOOLLY_FETCHER_H
#define WOOLLY_FETCHER_H

struct remote_fetcher;
struct request;

/* The fetcher, or NULL (logged) when it cannot be made. */
struct remote_fetcher *app_fetcher(struct request *);

#endif
