/*
 * home_feed: the home timelines kept ready to read (sql/0013_home_feeds.sql).
 * PostgreSQL triggers write them as statuses, follows, blocks and mutes
 * change, so no writer has to call anything here; these are the few things
 * that are asked for by name: filling or rebuilding one feed, taking an
 * account out of one, and the trim that housekeeping runs.
 */
#ifndef WOOLLY_HOME_FEED_H
#define WOOLLY_HOME_FEED_H

#include <stdint.h>

struct db;

/* Build account's feed again from the statuses of those it follows and
 * its own. Rows now in the feed, or -1. */
long	home_feed_rebuild(struct db *, int64_t account_id);
/* The same, but only when the feed is empty: rows added, or -1. */
long	home_feed_fill(struct db *, int64_t account_id);
/*
 * Take out of reader's feed what target wrote, boosted or is mentioned
 * in, as a block or a mute does (the triggers on blocks and mutes call
 * the same SQL). Rows removed, or -1.
 */
long	home_feed_forget(struct db *, int64_t reader, int64_t target);
/* Trim every feed to its newest rows: rows removed, or -1. */
long	home_feed_trim(struct db *);
/*
 * Deliver queued statuses to their followers' feeds (sql/0014: posts of
 * accounts with many followers wait in home_feed_queue), one status per
 * transaction, at most max of them (0: until the queue is empty; what
 * other drains hold is left to them). Statuses delivered, or -1.
 */
long	home_feed_drain(struct db *, long max);
/* The LISTEN that tells a process when something was queued. */
#define HOME_FEED_LISTEN "LISTEN home_feed_queue"

#endif
