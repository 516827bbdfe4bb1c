/*
 * pool_slots: the pool master's record of its live workers. A pid is
 * added right after fork and removed when waitpid() reports that child
 * gone, never earlier or later: until it is reaped a child's pid cannot
 * be reused, so the master signals only pids found here and can never hit
 * an unrelated process. Workers of older generations (still finishing a
 * request after a reload) stay listed until they exit, so a stop waits
 * for them too. No system calls: the master does the forking, signalling
 * and reaping.
 */
#ifndef WOOLLY_POOL_SLOTS_H
#define WOOLLY_POOL_SLOTS_H

#include <sys/types.h>

#include <time.h>

/* Room for a full pool of 256 and three older generations finishing. */
#define POOL_SLOTS_MAX		1024
/* A generation argument that matches every worker. */
#define POOL_ANY_GENERATION	(-1)

struct pool_slot {
	pid_t	pid;		/* 0: free */
	int	generation;	/* the reload count when it was started */
	time_t	started;
};

struct pool_slots {
	struct pool_slot slot[POOL_SLOTS_MAX];
};

void	pool_slots_init(struct pool_slots *);
/* Record a new child; -1 if pid is not a child's or the table is full. */
int	pool_slots_add(struct pool_slots *, pid_t, int generation,
	    time_t started);
/* True while there is room for one more. */
int	pool_slots_has_room(const struct pool_slots *);
/*
 * Forget a reaped child, copying its record to *gone (may be NULL);
 * -1 if the pid is not one of ours.
 */
int	pool_slots_remove(struct pool_slots *, pid_t, struct pool_slot *gone);
/* The number of live workers of a generation (or of any). */
int	pool_slots_count(const struct pool_slots *, int generation);
/*
 * Copy up to max pids of a generation (or of any) to pids; returns how
 * many were copied.
 */
int	pool_slots_pids(const struct pool_slots *, int generation, pid_t *pids,
	    int max);

#endif
