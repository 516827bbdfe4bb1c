/*
 * pool_slots: which worker processes the pool master may signal and wait
 * for. See pool_slots.h for the rule that keeps signals off reused pids.
 */
#include <sys/types.h>

#include <string.h>
#include <time.h>

#include "pool_slots.h"

static int
matches(const struct pool_slot *s, int generation)
{
	return s->pid != 0 && (generation == POOL_ANY_GENERATION ||
	    s->generation == generation);
}

void
pool_slots_init(struct pool_slots *ps)
{
	memset(ps, 0, sizeof(*ps));
}

int
pool_slots_add(struct pool_slots *ps, pid_t pid, int generation,
    time_t started)
{
	int i;

	if (pid <= 0)
		return -1;
	for (i = 0; i < POOL_SLOTS_MAX; i++)
		if (ps->slot[i].pid == 0) {
			ps->slot[i].pid = pid;
			ps->slot[i].generation = generation;
			ps->slot[i].started = started;
			return 0;
		}
	return -1;
}

int
pool_slots_has_room(const struct pool_slots *ps)
{
	return pool_slots_count(ps, POOL_ANY_GENERATION) < POOL_SLOTS_MAX;
}

int
pool_slots_remove(struct pool_slots *ps, pid_t pid, struct pool_slot *gone)
{
	int i;

	if (pid <= 0)
		return -1;
	for (i = 0; i < POOL_SLOTS_MAX; i++)
		if (ps->slot[i].pid == pid) {
			if (gone != NULL)
				*gone = ps->slot[i];
			memset(&ps->slot[i], 0, sizeof(ps->slot[i]));
			return 0;
		}
	return -1;
}

int
pool_slots_count(const struct pool_slots *ps, int generation)
{
	int i, n = 0;

	for (i = 0; i < POOL_SLOTS_MAX; i++)
		if (matches(&ps->slot[i], generation))
			n++;
	return n;
}

int
pool_slots_pids(const struct pool_slots *ps, int generation, pid_t *pids,
    int max)
{
	int i, n = 0;

	for (i = 0; i < POOL_SLOTS_MAX && n < max; i++)
		if (matches(&ps->slot[i], generation))
			pids[n++] = ps->slot[i].pid;
	return n;
}
