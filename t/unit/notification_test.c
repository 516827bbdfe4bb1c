/*
 * notification_test: Mastodon's notification type filter (types[] and
 * exclude_types[]) and the types it groups.
 */
#include <string.h>

#include "notification.h"
#include "tap.h"

int
main(void)
{
	const char *out[NOTIFICATION_NTYPES];
	const char *mention[] = { "mention" };
	const char *two[] = { "favourite", "mention", "favourite" };
	const char *unknown[] = { "nonsense", "Mention" };
	const char *follow[] = { "follow" };
	size_t i;
	int n;

	for (i = 0; notification_types[i] != NULL; i++)
		;
	ok(i == NOTIFICATION_NTYPES, "NOTIFICATION_NTYPES counts the types");
	ok(notification_types_select(NULL, 0, NULL, 0, out) == -1,
	    "no filter: every type, so none is needed");
	n = notification_types_select(mention, 1, NULL, 0, out);
	ok(n == 1 && !strcmp(out[0], "mention"), "types[]=mention");
	n = notification_types_select(two, 3, NULL, 0, out);
	ok(n == 2, "two types, one repeated: two");
	ok(notification_types_select(unknown, 2, NULL, 0, out) == 0,
	    "only unknown types (names are exact): none at all");
	n = notification_types_select(NULL, 0, follow, 1, out);
	ok(n == NOTIFICATION_NTYPES - 1, "exclude_types[]=follow: the rest");
	for (i = 0; i < (size_t)n; i++)
		if (!strcmp(out[i], "follow"))
			break;
	ok(i == (size_t)n, "... without follow");
	ok(notification_types_select(mention, 1, mention, 1, out) == 0,
	    "asked for and excluded: none");
	ok(notification_types_select(NULL, 0, unknown, 2, out) == -1,
	    "excluding unknown types leaves every type");
	ok(notification_type_known("admin.sign_up") &&
	    !notification_type_known("admin"), "known types are exact names");
	for (i = 0; notification_grouped_types[i] != NULL; i++)
		if (!notification_type_known(notification_grouped_types[i]))
			break;
	ok(notification_grouped_types[i] == NULL && i == 4,
	    "Mastodon groups four known types");
	ok(notification_type_has_status("favourite") &&
	    notification_type_has_status("update") &&
	    !notification_type_has_status("follow") &&
	    !notification_type_has_status("follow_request"),
	    "which types show a status");
	return done_testing();
}
