/*
 * trends: what is being talked about on this server lately, computed from
 * the activity it knows of (its own users' and what reached it from
 * others) whenever it is asked: hashtags used by several accounts, and
 * public posts that people favourite and boost. Both read only the last
 * days, by id range (ids are time-ordered), so their cost follows the
 * recent activity, not the size of the database.
 */
#ifndef WOOLLY_TRENDS_H
#define WOOLLY_TRENDS_H

#include <stdint.h>

#include "timeline.h"

struct db;

/* How far back trends look, and how many distinct accounts it takes. */
#define TRENDS_DAYS		7
#define TRENDS_MIN_ACCOUNTS	2

/*
 * Trending hashtags: usable, listable and trendable ones that at least
 * TRENDS_MIN_ACCOUNTS accounts used in public posts of the last
 * TRENDS_DAYS days. Each account counts once per tag, by its latest use,
 * halved for each day since: today's voices weigh most. Tag ids, best
 * first. 0 or -1.
 */
int	trends_tags(struct db *, int limit, int offset, struct id_list *);

/*
 * Trending statuses: public, original (no reply, no boost), without
 * content warning or sensitive flag, of the last TRENDS_DAYS days, by
 * discoverable accounts that are neither suspended nor limited, which at
 * least TRENDS_MIN_ACCOUNTS other accounts favourited or boosted. Each
 * favourite or boost weighs half less per day of age. viewer (0 signed
 * out) drops authors they blocked or muted or are blocked by. Status
 * ids, best first. 0 or -1.
 */
int	trends_statuses(struct db *, int64_t viewer, int limit, int offset,
	    struct id_list *);

#endif
