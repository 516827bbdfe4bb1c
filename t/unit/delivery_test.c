/*
 * delivery_test: the retry schedule of a failed delivery and what each
 * answer means; and the activities lib/activitypub builds for the
 * outbox (Like, Follow, Accept, Undo) in Mastodon's shapes.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "activitypub.h"
#include "config.h"
#include "delivery.h"
#include "tap.h"

static const char *
member(json_object *o, const char *key)
{
	json_object *v = json_object_object_get(o, key);

	return v != NULL ? json_object_get_string(v) : NULL;
}

static void
schedule(void)
{
	struct config cf;
	long total = 0;
	int i;

	memset(&cf, 0, sizeof(cf));
	cf.delivery_retry_seconds = 60;
	is_int(delivery_backoff(&cf, 1), 60, "first retry after a minute");
	is_int(delivery_backoff(&cf, 2), 300, "then 5 minutes");
	is_int(delivery_backoff(&cf, 7), 86400, "the last after a day");
	for (i = 1; i < DELIVERY_MAX_ATTEMPTS; i++)
		total += delivery_backoff(&cf, i);
	ok(total > 36 * 3600 && total < 60 * 3600,
	    "8 attempts span about two days (%ld s)", total);
	is_int(delivery_backoff(&cf, 0), 60, "attempt 0 counts as the first");
	is_int(delivery_backoff(&cf, 99), 86400, "never beyond the last step");
	cf.delivery_retry_seconds = 1;
	is_int(delivery_backoff(&cf, 3), 30, "scaled by delivery_retry_seconds");
}

static void
outcomes(void)
{
	is_int(delivery_outcome_of(202), DELIVERY_DONE, "202 done");
	is_int(delivery_outcome_of(200), DELIVERY_DONE, "200 done");
	is_int(delivery_outcome_of(410), DELIVERY_GONE, "410 gone");
	is_int(delivery_outcome_of(403), DELIVERY_DROPPED, "403 dropped");
	is_int(delivery_outcome_of(400), DELIVERY_DROPPED, "400 dropped");
	is_int(delivery_outcome_of(408), DELIVERY_FAILED, "408 retried");
	is_int(delivery_outcome_of(429), DELIVERY_FAILED, "429 retried");
	is_int(delivery_outcome_of(500), DELIVERY_FAILED, "500 retried");
	is_int(delivery_outcome_of(503), DELIVERY_FAILED, "503 retried");
	is_int(delivery_outcome_of(0), DELIVERY_FAILED, "no answer retried");
	is_int(delivery_outcome_of(302), DELIVERY_FAILED, "a redirect retried");
}

static void
activities(void)
{
	json_object *like, *undo, *accept, *obj;

	like = ap_activity_json("Like", "https://a.example/users/al#likes/7",
	    "https://a.example/users/al", "https://b.example/notes/1",
	    "https://b.example/users/bo");
	is_str(member(like, "type"), "Like", "Like type");
	is_str(member(like, "object"), "https://b.example/notes/1",
	    "Like object");
	undo = ap_undo_json("https://a.example/users/al", like);
	is_str(member(undo, "type"), "Undo", "Undo type");
	is_str(member(undo, "id"), "https://a.example/users/al#likes/7/undo",
	    "Undo id from the undone");
	obj = json_object_object_get(undo, "object");
	is_str(member(obj, "id"), "https://a.example/users/al#likes/7",
	    "Undo carries the Like");
	ok(json_object_object_get(undo, "to") != NULL, "Undo keeps its to");
	json_object_put(undo);
	accept = ap_follow_answer_json("Accept", "https://a.example/users/al#"
	    "accepts/https://b.example/f/1", "https://a.example/users/al",
	    "https://b.example/f/1", "https://b.example/users/bo");
	obj = json_object_object_get(accept, "object");
	is_str(member(obj, "type"), "Follow", "Accept of a Follow");
	is_str(member(obj, "id"), "https://b.example/f/1", "its id");
	is_str(member(obj, "actor"), "https://b.example/users/bo",
	    "by the follower");
	is_str(member(obj, "object"), "https://a.example/users/al",
	    "of the followed");
	json_object_put(accept);
}

int
main(void)
{
	schedule();
	outcomes();
	activities();
	return done_testing();
}
