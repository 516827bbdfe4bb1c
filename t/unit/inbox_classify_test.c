/*
 * inbox_classify_test: every ActivityPub fixture (t/fixtures/activitypub,
 * documents of ~35 implementations) through the parser and the inbox's
 * classification: each activity gets the action its type and object call
 * for, whatever the shape its server sends, and the Mastodon fixtures of
 * each handled type land on their action by name.
 */
#include <string.h>

#include "ap_parse.h"
#include "fixtures.h"
#include "inbox.h"
#include "tap.h"

struct tally {
	int	activities, others, mismatches;
	int	seen[INBOX_EMOJI_REACT + 1];
};

/* What a type asks for, written out apart from inbox.c's switch. */
static enum inbox_action
expected(const struct ap_object *a)
{
	const struct ap_object *o = a->object.object;
	static const struct { enum ap_type type; enum inbox_action action; }
	    plain[] = {
		{ AP_TYPE_FOLLOW, INBOX_FOLLOW },
		{ AP_TYPE_ACCEPT, INBOX_ACCEPT },
		{ AP_TYPE_REJECT, INBOX_REJECT },
		{ AP_TYPE_UNDO, INBOX_UNDO },
		{ AP_TYPE_DELETE, INBOX_DELETE },
		{ AP_TYPE_LIKE, INBOX_LIKE },
		{ AP_TYPE_ANNOUNCE, INBOX_ANNOUNCE },
		{ AP_TYPE_BLOCK, INBOX_BLOCK },
		{ AP_TYPE_FLAG, INBOX_FLAG },
		{ AP_TYPE_MOVE, INBOX_MOVE },
		{ AP_TYPE_EMOJI_REACT, INBOX_EMOJI_REACT },
	};
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (a->type == plain[i].type)
			return plain[i].action;
	if (a->type == AP_TYPE_CREATE)
		return o == NULL || o->kind == AP_KIND_OBJECT ? INBOX_CREATE :
		    INBOX_IGNORE;
	if (a->type == AP_TYPE_UPDATE && o != NULL)
		return o->kind == AP_KIND_ACTOR ? INBOX_UPDATE_ACTOR :
		    o->kind == AP_KIND_OBJECT ? INBOX_UPDATE_OBJECT :
		    INBOX_IGNORE;
	return INBOX_IGNORE;
}

static void
each(const char *name, const char *data, size_t len, void *arg)
{
	struct tally *t = arg;
	struct ap_view *doc;
	struct ap_error err;
	enum inbox_action got, want;

	if ((doc = ap_parse_bytes(data, len, &err)) == NULL)
		return;
	if (doc->object->kind != AP_KIND_ACTIVITY) {
		ok(inbox_classify(doc->object) == INBOX_IGNORE,
		    "%s: not an activity, ignored", name);
		t->others++;
		ap_view_free(doc);
		return;
	}
	t->activities++;
	got = inbox_classify(doc->object);
	want = expected(doc->object);
	if (!ok(got == want, "%s: %s is %s", name, doc->object->type_name,
	    inbox_action_name(want)))
		t->mismatches++;
	t->seen[got]++;
	ap_view_free(doc);
}

static void
mastodon(const char *file, enum inbox_action want)
{
	char path[4096];
	struct ap_view *doc;
	struct ap_error err;
	size_t len;
	char *data;

	snprintf(path, sizeof(path), "%s/mastodon/%s", ACTIVITYPUB_FIXTURES,
	    file);
	data = fixture_read(path, &len);
	doc = data ? ap_parse_bytes(data, len, &err) : NULL;
	ok(doc != NULL && inbox_classify(doc->object) == want,
	    "mastodon/%s: %s", file, inbox_action_name(want));
	ap_view_free(doc);
	free(data);
}

int
main(void)
{
	struct tally t;
	int n;

	memset(&t, 0, sizeof(t));
	n = fixtures_each_activitypub(each, &t);
	ok(n > 100, "the fixtures were read (%d)", n);
	ok(t.activities > 50, "%d activities among them", t.activities);
	is_int(t.mismatches, 0, "every activity classified as its type says");
	ok(t.seen[INBOX_CREATE] && t.seen[INBOX_FOLLOW] &&
	    t.seen[INBOX_UNDO] && t.seen[INBOX_ANNOUNCE] &&
	    t.seen[INBOX_LIKE] && t.seen[INBOX_DELETE] &&
	    t.seen[INBOX_UPDATE_ACTOR], "the common actions all occur");
	mastodon("create-note.json", INBOX_CREATE);
	mastodon("create-question-poll.json", INBOX_CREATE);
	mastodon("follow.json", INBOX_FOLLOW);
	mastodon("accept-follow.json", INBOX_ACCEPT);
	mastodon("announce.json", INBOX_ANNOUNCE);
	mastodon("like.json", INBOX_LIKE);
	mastodon("block.json", INBOX_BLOCK);
	mastodon("undo-like.json", INBOX_UNDO);
	mastodon("update-person.json", INBOX_UPDATE_ACTOR);
	mastodon("delete-actor.json", INBOX_DELETE);
	mastodon("flag-object-array.json", INBOX_FLAG);
	mastodon("note.json", INBOX_IGNORE);
	return done_testing();
}
