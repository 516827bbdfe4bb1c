/*
 * route_check: the rules a route's declared needs must follow for the
 * router to enforce them. Kept apart from the table so the unit tests
 * can feed it broken routes.
 */
#ifndef WOOLLY_ROUTE_CHECK_H
#define WOOLLY_ROUTE_CHECK_H

#include <stddef.h>

#include "router.h"

/* NULL when the route is sound, else why not (for the log). */
const char	*route_check(const struct route *);
/*
 * 0 when every route is sound and each ActivityPub-only route comes
 * before the HTML route of the same method and path (and has one); else
 * -1, each fault logged.
 */
int		 route_table_check(const struct route *, size_t n);

#endif
