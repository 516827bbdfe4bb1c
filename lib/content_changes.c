/*
 * content_changes: publishing committed writes to the page cache; see
 * content_changes.h and sql/0020.
 */
#include <stddef.h>

#include "cache.h"
#include "content_changes.h"
#include "db.h"

int
content_changes_listen(struct db *db)
{
	return db_hear_changes(db);
}

int
content_changes_publish(struct db *db, struct cache *cache,
    unsigned *scopes)
{
	unsigned changed = db_take_changes(db);

	if (scopes != NULL)
		*scopes = changed;
	if (changed == 0)
		return 0;
	return cache_bump_generations(cache, changed);
}
