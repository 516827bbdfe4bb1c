/*
 * pool_slots_test: the pool master's record of live workers. A reaped
 * worker is forgotten at once and never listed for a signal again;
 * workers of an older generation stay listed after a reload until they
 * are reaped; nothing but a real child's pid is ever recorded.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "pool_slots.h"
#include "tap.h"

static int
listed(const struct pool_slots *ps, int generation, pid_t pid)
{
	pid_t pids[POOL_SLOTS_MAX];
	int i, n;

	n = pool_slots_pids(ps, generation, pids, POOL_SLOTS_MAX);
	for (i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

static void
reload_keeps_old_generation(struct pool_slots *ps)
{
	pool_slots_init(ps);
	is_int(pool_slots_count(ps, POOL_ANY_GENERATION), 0,
	    "a fresh record is empty");
	ok(pool_slots_add(ps, 101, 0, 1000) == 0 &&
	    pool_slots_add(ps, 102, 0, 1000) == 0 &&
	    pool_slots_add(ps, 103, 0, 1000) == 0,
	    "three workers of generation 0 are recorded");
	is_int(pool_slots_count(ps, 0), 3, "generation 0 counts three");

	/* A reload starts generation 1 next to the retiring generation 0. */
	ok(pool_slots_add(ps, 201, 1, 2000) == 0 &&
	    pool_slots_add(ps, 202, 1, 2000) == 0 &&
	    pool_slots_add(ps, 203, 1, 2000) == 0,
	    "three workers of generation 1 are recorded");
	is_int(pool_slots_count(ps, 1), 3, "generation 1 counts three");
	is_int(pool_slots_count(ps, 0), 3,
	    "the retiring generation 0 is still counted after the reload");
	is_int(pool_slots_count(ps, POOL_ANY_GENERATION), 6,
	    "a stop waits for all six");
	ok(listed(ps, 0, 102) && !listed(ps, 0, 202),
	    "listing generation 0 gives the old workers only");
	ok(listed(ps, POOL_ANY_GENERATION, 102) &&
	    listed(ps, POOL_ANY_GENERATION, 202),
	    "listing any generation gives old and new");
}

static void
reaped_is_forgotten(struct pool_slots *ps)
{
	struct pool_slot gone;

	memset(&gone, 0, sizeof(gone));
	ok(pool_slots_remove(ps, 102, &gone) == 0,
	    "a reaped retiring worker is found");
	is_int(gone.pid, 102, "its record is handed back");
	is_int(gone.generation, 0, "with its generation");
	is_int((long long)gone.started, 1000, "and its start time");
	ok(!listed(ps, POOL_ANY_GENERATION, 102),
	    "a reaped worker is never listed for a signal again");
	is_int(pool_slots_count(ps, 0), 2, "generation 0 counts two");
	is_int(pool_slots_count(ps, 1), 3, "generation 1 is untouched");

	/* The pid may now belong to anyone: it is not ours any more. */
	ok(pool_slots_remove(ps, 102, NULL) == -1,
	    "a pid reaped once is unknown the second time");
	ok(pool_slots_remove(ps, 999, NULL) == -1,
	    "a pid that was never ours is unknown");
	is_int(pool_slots_count(ps, POOL_ANY_GENERATION), 5,
	    "unknown pids change nothing");

	ok(pool_slots_remove(ps, 101, NULL) == 0 &&
	    pool_slots_remove(ps, 103, NULL) == 0,
	    "the other retiring workers are reaped");
	is_int(pool_slots_count(ps, 0), 0, "generation 0 is gone");
	is_int(pool_slots_count(ps, POOL_ANY_GENERATION), 3,
	    "only generation 1 is left to wait for");
}

static void
only_children_are_recorded(struct pool_slots *ps)
{
	pool_slots_init(ps);
	/* kill(0) and kill(-1) would signal the group or every process. */
	ok(pool_slots_add(ps, -1, 0, 0) == -1,
	    "fork's -1 is not recorded");
	ok(pool_slots_add(ps, 0, 0, 0) == -1, "pid 0 is not recorded");
	ok(pool_slots_remove(ps, 0, NULL) == -1,
	    "pid 0 never matches a free slot");
	is_int(pool_slots_count(ps, POOL_ANY_GENERATION), 0,
	    "nothing was recorded");
}

static void
full_table(struct pool_slots *ps)
{
	pid_t pids[4];
	int i, added = 0;

	pool_slots_init(ps);
	for (i = 0; i < POOL_SLOTS_MAX; i++)
		if (pool_slots_add(ps, 10000 + i, 0, 0) == 0)
			added++;
	is_int(added, POOL_SLOTS_MAX, "the table holds POOL_SLOTS_MAX");
	ok(!pool_slots_has_room(ps), "a full table says so");
	ok(pool_slots_add(ps, 99999, 1, 0) == -1,
	    "one more is refused rather than lost");
	ok(pool_slots_remove(ps, 10007, NULL) == 0 && pool_slots_has_room(ps),
	    "a reaped worker makes room");
	ok(pool_slots_add(ps, 99999, 1, 0) == 0 && listed(ps, 1, 99999),
	    "and the room is used");
	is_int(pool_slots_pids(ps, POOL_ANY_GENERATION, pids, 4), 4,
	    "a listing stops at the caller's array size");
}

int
main(void)
{
	static struct pool_slots ps;

	reload_keeps_old_generation(&ps);
	reaped_is_forgotten(&ps);
	only_children_are_recorded(&ps);
	full_table(&ps);
	return done_testing();
}
