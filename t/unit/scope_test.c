/*
 * scope_test: Mastodon's scope rules as the router applies them.
 */
#include <string.h>

#include "scope.h"
#include "tap.h"

int
main(void)
{
	char out[SCOPE_LIST_MAX + 1], big[SCOPE_LIST_MAX + 16];
	size_t i;

	/* Valid lists. */
	ok(scope_list_valid("read"), "read is a scope");
	ok(scope_list_valid("read write follow push"), "the classic four");
	ok(scope_list_valid("read:statuses write:media profile"),
	    "granular scopes and profile");
	ok(scope_list_valid("admin:read:accounts"), "an admin scope");
	ok(scope_list_valid("read+write"), "'+' separates as a space does");
	ok(!scope_list_valid(""), "an empty list is not valid");
	ok(!scope_list_valid("   "), "blanks are not a list");
	ok(!scope_list_valid("read telepathy"), "an unknown scope spoils it");
	ok(!scope_list_valid("read:"), "a dangling colon is unknown");
	ok(!scope_list_valid("READ"), "scopes are case-sensitive");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(!scope_list_valid(big), "an over-long list is refused");
	for (i = 0; scope_at(i) != NULL; i++)
		if (!scope_list_valid(scope_at(i)) ||
		    scope_describe(scope_at(i)) == NULL)
			break;
	ok(scope_at(i) == NULL && i >= 40,
	    "every scope in the table is valid and described (%zu)", i);

	/* What a token may call. */
	ok(scope_allows("read", "read:statuses"), "read covers read:statuses");
	ok(scope_allows("read:statuses", "read:statuses"), "exact match");
	ok(!scope_allows("read:accounts", "read:statuses"),
	    "a sibling does not cover");
	ok(!scope_allows("read", "write:statuses"), "read is not write");
	ok(!scope_allows("write", "read:statuses"), "write is not read");
	ok(!scope_allows("read:statuses", "read"),
	    "a granular scope does not cover its parent");
	ok(scope_allows("follow", "write:follows"), "follow covers follows");
	ok(scope_allows("follow", "read:blocks"), "follow covers blocks");
	ok(!scope_allows("follow", "write:statuses"),
	    "follow does not cover posting");
	ok(scope_allows("profile", "read:accounts profile"),
	    "an alternative in the route's list");
	ok(!scope_allows("profile", "read:accounts"),
	    "profile alone is not read:accounts");
	ok(scope_allows("admin:read", "admin:read:accounts"),
	    "admin:read covers its granular scopes");
	ok(!scope_allows("read", "admin:read:accounts"),
	    "read does not reach admin scopes");
	ok(!scope_allows("admin:read", "admin:write:accounts"),
	    "admin:read is not admin:write");
	ok(!scope_allows("readx", "readx:y"), "unknown names match nothing");
	ok(!scope_allows("", "read"), "no scopes allow nothing");
	ok(!scope_allows(NULL, "read"), "a NULL list allows nothing");
	ok(!scope_allows("rea", "read"), "a prefix is not a parent");

	/* Within an application's scopes. */
	ok(scope_subset("read", "read write"), "read within read write");
	ok(scope_subset("read:statuses", "read"), "granular within broad");
	ok(!scope_subset("write", "read"), "write is not within read");
	ok(!scope_subset("read", "read:statuses"),
	    "broad is not within granular");
	ok(scope_subset("write:follows", "follow"),
	    "follows within the old follow");

	/* Normalising. */
	ok(scope_normalise("read  write read", out, sizeof(out)) == 0,
	    "normalise a list");
	is_str(out, "read write", "duplicates and blanks go");
	ok(scope_normalise("read+write:statuses", out, sizeof(out)) == 0 &&
	    !strcmp(out, "read write:statuses"), "'+' becomes a space");
	ok(scope_normalise("read nonsense", out, sizeof(out)) == -1,
	    "an invalid list is not normalised");
	ok(scope_normalise("read write", out, 5) == -1,
	    "too small a buffer is refused");

	/* SCOPE_ANY: any token at all may call a route that lists it. */
	ok(scope_list_valid(SCOPE_ANY), "SCOPE_ANY names only scopes");
	for (i = 0; scope_at(i) != NULL; i++)
		if (!scope_allows(scope_at(i), SCOPE_ANY) ||
		    !scope_subset(scope_at(i), SCOPE_ANY))
			break;
	ok(scope_at(i) == NULL, "SCOPE_ANY names every scope (stopped at %s)",
	    scope_at(i) ? scope_at(i) : "none");
	return done_testing();
}
