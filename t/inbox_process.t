# inbox_process.t: what cron/woolly-inbox does with each activity other
# servers deliver. Each activity is delivered signed to the real inbox
# (Woolly::Peer), processed with `woolly-inbox -1`, and its effect
# checked in the database and through the Mastodon API, as the local
# user sees it: follows and follow requests (answered with an Accept in
# the outbox), remote posts in the home timeline, mentions, replies,
# visibility, sanitized content, favourites, boosts, edits with
# history, deletes, profile updates, blocks, reports, moves, and what is
# ignored. An object is only taken from its own origin.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use Woolly::Test;
use Woolly::Peer;

my $AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
my $peer = Woolly::Peer->start;
my ($api, $name) = api_user(prefix => 'proc');
my ($api_locked, $locked_name) = api_user(prefix => 'proclocked');
psql("UPDATE accounts SET locked = true WHERE domain IS NULL AND " .
    "username = :'1'", $locked_name);
my $me = base_url() . "/users/$name";
my $me_locked = base_url() . "/users/$locked_name";
my $alice = $peer->actor('alice', 'remote.test');
my $bob = $peer->actor('bob', 'remote.test');
my $n = 0;

sub next_id { my ($actor, $what) = @_; $n++; return "$actor->{id}/$what/$n" }

# Deliver, process, and return the stored outcome ("done", "ignored",
# "failed", or "" while it waits for a retry).
sub handled {
	my ($actor, $activity, $path) = @_;
	my $res = $peer->deliver($actor, $path // '/inbox', $activity);
	is($res->{status}, 202, "$activity->{type} delivered: 202") or
	    diag $res->{content};
	my ($rc, $err) = $peer->process;
	is($rc, 0, 'woolly-inbox -1: exit 0') or diag $err;
	my $row = psql("SELECT coalesce(outcome, '') || '|' || " .
	    "coalesce(last_error, '') FROM inbox_activities WHERE " .
	    "activity_uri = :'1'", $activity->{id});
	my ($outcome, $why) = split /\|/, $row // '|', 2;
	return wantarray ? ($outcome, $why) : $outcome;
}

sub a_note {
	my ($actor, %o) = @_;
	my $id = next_id($actor, 'statuses');
	return {
		id => $id,
		type => 'Note',
		attributedTo => $actor->{id},
		content => "<p>post $id</p>",
		published => '2026-12-01T10:00:00Z',
		to => [$AS_PUBLIC],
		cc => ["$actor->{id}/followers"],
		%o,
	};
}

sub create {
	my ($actor, $object) = @_;
	return { '@context' => 'https://www.w3.org/ns/activitystreams',
	    id => "$object->{id}/activity", type => 'Create',
	    actor => $actor->{id}, to => $object->{to}, cc => $object->{cc},
	    object => $object };
}

sub account_of {
	my ($actor) = @_;
	return scalar psql("SELECT id FROM accounts WHERE uri = :'1'",
	    $actor->{id});
}

sub status_of {
	my ($uri) = @_;
	return scalar psql('SELECT id FROM statuses WHERE uri = ' .
	    ":'1' AND deleted_at IS NULL", $uri);
}

sub notifications {
	my ($client, $type) = @_;
	my $res = $client->get('/api/v1/notifications');
	return grep { $_->{type} eq $type } @{ json_of($res) || [] };
}

subtest 'Follow of an open account: followed at once, and accepted' => sub {
	my $follow = { id => next_id($alice, 'follows'), type => 'Follow',
	    actor => $alice->{id}, object => $me };
	is(handled($alice, $follow), 'done', 'processed');
	my $alice_id = account_of($alice);
	ok($alice_id, 'the follower is an account here');
	is(scalar psql('SELECT f.uri FROM follows f JOIN accounts t ON ' .
	    "t.id = f.target_account_id WHERE f.account_id = :'1' AND " .
	    "t.username = :'2' AND t.domain IS NULL", $alice_id, $name),
	    $follow->{id}, 'the follow is stored with the Follow\'s id');
	my @n = notifications($api, 'follow');
	is(scalar(@n), 1, 'a follow notification');
	is($n[0]{account}{acct}, 'alice@remote.test:' . $peer->port,
	    'from alice, with her domain');
	my $accept = psql("SELECT activity FROM outbox_events WHERE " .
	    "activity LIKE '%\"Accept\"%' AND activity LIKE :'1'",
	    '%' . $follow->{id} . '%');
	ok($accept, 'an Accept of that Follow is in the outbox');
	my $doc = decode_json($accept // '{}');
	is($doc->{actor}, $me, 'sent by the followed account');
	is(ref $doc->{object} ? $doc->{object}{id} : $doc->{object},
	    $follow->{id}, 'naming the Follow');

	my $res = $api->get("/api/v1/accounts/$alice_id");
	is($res->{status}, 200, 'the remote account through the API');
	ok_schema('Account', $res);
	is(json_of($res)->{acct}, 'alice@remote.test:' . $peer->port,
	    'its acct');
};

subtest 'Follow of a locked account: a follow request' => sub {
	my $follow = { id => next_id($bob, 'follows'), type => 'Follow',
	    actor => $bob->{id}, object => $me_locked };
	is(handled($bob, $follow), 'done', 'processed');
	my $res = $api_locked->get('/api/v1/follow_requests');
	is($res->{status}, 200, 'GET /api/v1/follow_requests');
	my @who = map { $_->{acct} } @{ json_of($res) || [] };
	is_deeply(\@who, ['bob@remote.test:' . $peer->port],
	    'bob asks to follow');
	is(scalar psql('SELECT count(*) FROM outbox_events WHERE activity ' .
	    "LIKE :'1'", '%' . $follow->{id} . '%'), 0,
	    'no answer before the account decides');
	my $bob_id = account_of($bob);
	$res = $api_locked->post_form(
	    "/api/v1/follow_requests/$bob_id/authorize", {});
	is($res->{status}, 200, 'authorized');
	is(scalar psql("SELECT count(*) FROM outbox_events WHERE activity " .
	    "LIKE '%\"Accept\"%' AND activity LIKE :'1'",
	    '%' . $follow->{id} . '%'), 1,
	    'then an Accept of that very Follow goes out');
};

my $alice_id = account_of($alice);

subtest 'Accept of our Follow: the request becomes a follow' => sub {
	my $res = $api->post_form("/api/v1/accounts/$alice_id/follow", {});
	is($res->{status}, 200, 'we follow alice');
	ok(json_of($res)->{requested}, 'a request until she accepts');
	my $ours = psql('SELECT uri FROM follow_requests WHERE ' .
	    "target_account_id = :'1'", $alice_id);
	ok($ours, 'our Follow has an id');
	my $accept = { id => next_id($alice, 'accepts'), type => 'Accept',
	    actor => $alice->{id}, object => { id => $ours, type => 'Follow',
	    actor => $me, object => $alice->{id} } };
	is(handled($alice, $accept), 'done', 'processed');
	$res = $api->get("/api/v1/accounts/relationships?id[]=$alice_id");
	my $rel = (json_of($res) || [])->[0] || {};
	ok($rel->{following}, 'now following');
	ok(!$rel->{requested}, 'no longer requested');
};

my %posted;
subtest 'Create of a Note: in the home timeline, sanitized' => sub {
	my $object = a_note($alice, content => '<p>hello <script>alert(1)' .
	    '</script><a href="javascript:evil()" onclick="x()">link</a> ' .
	    '<a href="https://remote.test/tags/woolly" class="hashtag" ' .
	    'rel="tag">#<span>woolly</span></a></p>',
	    tag => [{ type => 'Hashtag', name => '#woolly',
	    href => 'https://remote.test/tags/woolly' }]);
	is(handled($alice, create($alice, $object)), 'done', 'processed');
	my $id = status_of($object->{id});
	ok($id, 'stored');
	$posted{plain} = $id;
	my ($content, $vis, $local) = split /\|/, psql('SELECT content, ' .
	    "visibility, local FROM statuses WHERE id = :'1'", $id);
	unlike($content, qr/script|alert|javascript|onclick/i,
	    'no script, handler or javascript: link');
	like($content, qr/hello/, 'the text kept');
	is($vis, 'public', 'public (to Public)');
	is($local, 'f', 'a remote status');
	my $res = $api->get('/api/v1/timelines/home');
	ok_schema('Status[]', $res);
	ok((grep { $_->{id} eq $id } @{ json_of($res) || [] }),
	    'in the follower\'s home timeline');
	is(scalar psql('SELECT count(*) FROM status_tags st JOIN tags t ON ' .
	    "t.id = st.tag_id WHERE st.status_id = :'1' AND " .
	    "lower(t.name) = 'woolly'", $id), 1, 'its hashtag is linked');
	my $again = handled($alice, { %{ create($alice, $object) },
	    id => "$object->{id}/activity-again" });
	is(scalar psql("SELECT count(*) FROM statuses WHERE uri = :'1'",
	    $object->{id}), 1, 'a second Create of it adds nothing');
};

subtest 'visibility from to and cc' => sub {
	my %cases = (
		unlisted => a_note($alice, to => ["$alice->{id}/followers"],
		    cc => [$AS_PUBLIC]),
		private => a_note($alice, to => ["$alice->{id}/followers"],
		    cc => []),
		direct => a_note($alice, to => [$me], cc => [],
		    tag => [{ type => 'Mention', href => $me,
		    name => "\@$name" }]),
	);
	for my $want (sort keys %cases) {
		my $object = $cases{$want};
		is(handled($alice, create($alice, $object)), 'done',
		    "$want: processed");
		is(scalar psql('SELECT visibility FROM statuses WHERE uri = ' .
		    ":'1'", $object->{id}), $want, "stored as $want");
	}
	my @mentions = notifications($api, 'mention');
	ok((grep { $_->{status}{uri} eq $cases{direct}{id} } @mentions),
	    'the direct post notifies the mentioned account');
};

subtest 'a reply to a local post, mentioning its author' => sub {
	my $res = $api->post_json('/api/v1/statuses',
	    { status => 'a local post to reply to' });
	my $mine = json_of($res);
	$posted{local} = $mine->{id};
	my $object = a_note($alice, inReplyTo => $mine->{uri},
	    content => "<p>\@$name a reply</p>", cc => [$me],
	    tag => [{ type => 'Mention', href => $me, name => "\@$name" }]);
	is(handled($alice, create($alice, $object)), 'done', 'processed');
	my $id = status_of($object->{id});
	is(scalar psql('SELECT in_reply_to_id FROM statuses WHERE ' .
	    "id = :'1'", $id), $mine->{id}, 'linked to its parent');
	$res = $api->get("/api/v1/statuses/$mine->{id}/context");
	ok((grep { $_->{id} eq $id } @{ json_of($res)->{descendants} || [] }),
	    'in the thread through the API');
	ok((grep { $_->{status}{id} eq $id } notifications($api, 'mention')),
	    'a mention notification');

	my $orphan = a_note($alice, inReplyTo => 'https://other.test/x/1',
	    cc => [$me], tag => [{ type => 'Mention', href => $me }]);
	is(handled($alice, create($alice, $orphan)), 'done',
	    'a reply to an unknown post: processed');
	is(scalar psql('SELECT in_reply_to_uri FROM statuses WHERE uri = ' .
	    ":'1'", $orphan->{id}), 'https://other.test/x/1',
	    'the parent kept by its id');
};

subtest 'Article, Page and the like: a post with a link' => sub {
	my $object = a_note($alice, type => 'Article', name => 'A <title>',
	    url => 'https://remote.test/articles/1',
	    content => '<p>the long article</p>');
	is(handled($alice, create($alice, $object)), 'done', 'processed');
	my $content = psql("SELECT content FROM statuses WHERE uri = :'1'",
	    $object->{id});
	like($content, qr{A &lt;title&gt;}, 'its name, escaped');
	like($content, qr{href="https://remote\.test/articles/1"},
	    'a link to the original');
};

subtest 'an object of another origin is refused' => sub {
	my $object = a_note($alice);
	$object->{id} = $peer->origin('other.test') . '/statuses/forged';
	# The activity is alice's own; the Note it carries is not.
	my $act = { %{ create($alice, $object) },
	    id => next_id($alice, 'creates') };
	my ($outcome, $why) = handled($alice, $act);
	is($outcome, 'failed', 'the activity fails');
	like($why, qr/not the actor's own/, 'and says why');
	is(scalar psql("SELECT count(*) FROM statuses WHERE uri = :'1'",
	    $object->{id}), 0, 'nothing stored');

	my $theirs = a_note($bob);
	$theirs->{attributedTo} = $bob->{id};
	($outcome) = handled($alice, create($alice, $theirs));
	is($outcome, 'failed', 'a Note attributed to another actor fails');
	is(scalar psql("SELECT count(*) FROM statuses WHERE uri = :'1'",
	    $theirs->{id}), 0, 'nothing stored');
};

subtest 'Like and Undo Like of a local post' => sub {
	my $like = { id => next_id($alice, 'likes'), type => 'Like',
	    actor => $alice->{id}, object => base_url() .
	    "/users/$name/statuses/$posted{local}" };
	is(handled($alice, $like), 'done', 'Like processed');
	my $res = $api->get("/api/v1/statuses/$posted{local}");
	is(json_of($res)->{favourites_count}, 1, 'counted');
	ok((grep { $_->{status}{id} eq $posted{local} }
	    notifications($api, 'favourite')), 'a favourite notification');
	my $undo = { id => next_id($alice, 'undos'), type => 'Undo',
	    actor => $alice->{id}, object => $like };
	is(handled($alice, $undo), 'done', 'Undo processed');
	$res = $api->get("/api/v1/statuses/$posted{local}");
	is(json_of($res)->{favourites_count}, 0, 'taken back');
};

subtest 'Announce and Undo Announce' => sub {
	my $announce = { id => next_id($alice, 'announces'),
	    type => 'Announce', actor => $alice->{id}, to => [$AS_PUBLIC],
	    object => base_url() . "/users/$name/statuses/$posted{local}" };
	is(handled($alice, $announce), 'done', 'Announce processed');
	my $res = $api->get("/api/v1/statuses/$posted{local}");
	is(json_of($res)->{reblogs_count}, 1, 'a boost counted');
	ok((grep { $_->{status}{id} eq $posted{local} }
	    notifications($api, 'reblog')), 'a reblog notification');
	is(handled($alice, { id => next_id($alice, 'undos'), type => 'Undo',
	    actor => $alice->{id}, object => $announce }), 'done',
	    'Undo processed');
	$res = $api->get("/api/v1/statuses/$posted{local}");
	is(json_of($res)->{reblogs_count}, 0, 'the boost is gone');

	# A post of another server, boosted: fetched from its own origin.
	my $carol = $peer->actor('carol', 'other.test');
	my $post = a_note($carol);
	$peer->serve($post->{id}, { '@context' =>
	    'https://www.w3.org/ns/activitystreams', %$post });
	my $boost = { id => next_id($alice, 'announces'), type => 'Announce',
	    actor => $alice->{id}, to => [$AS_PUBLIC],
	    object => { %$post, content => '<p>a forged copy</p>' } };
	is(handled($alice, $boost), 'done', 'a boost of a foreign post');
	my $content = psql("SELECT content FROM statuses WHERE uri = :'1'",
	    $post->{id});
	like($content // '', qr/post \Q$post->{id}\E/,
	    'the original, as its origin serves it, not the embedded copy');
	ok((grep { m{^GET other\.test /users/carol/statuses/\d+ signed$} }
	    $peer->requests), 'fetched with a signed GET');
	ok(status_of($boost->{id}), 'the boost is stored');
};

subtest 'Update of a Note: an edit with history' => sub {
	my $object = a_note($alice, content => '<p>first version</p>');
	handled($alice, create($alice, $object));
	my $id = status_of($object->{id});
	my $update = { id => next_id($alice, 'updates'), type => 'Update',
	    actor => $alice->{id}, to => [$AS_PUBLIC], object => { %$object,
	    content => '<p>second version</p>',
	    updated => '2026-12-01T11:00:00Z' } };
	is(handled($alice, $update), 'done', 'processed');
	my $res = $api->get("/api/v1/statuses/$id");
	like(json_of($res)->{content}, qr/second version/, 'the new text');
	ok(json_of($res)->{edited_at}, 'edited_at set');
	$res = $api->get("/api/v1/statuses/$id/history");
	is($res->{status}, 200, 'GET history');
	my @versions = map { $_->{content} } @{ json_of($res) || [] };
	is(scalar(@versions), 2, 'two versions');
	like($versions[0] // '', qr/first version/, 'the first');

	my $forged = { id => next_id($bob, 'updates'), type => 'Update',
	    actor => $bob->{id}, object => { %$object,
	    content => '<p>bob was here</p>' } };
	my ($outcome) = handled($bob, $forged);
	isnt($outcome, 'done', 'an Update of another\'s post is not done');
	unlike(scalar psql("SELECT content FROM statuses WHERE id = :'1'",
	    $id), qr/bob/, 'and changes nothing');
};

subtest 'Delete of a Note: gone' => sub {
	my $object = a_note($alice);
	handled($alice, create($alice, $object));
	my $id = status_of($object->{id});
	my $del = { id => next_id($alice, 'deletes'), type => 'Delete',
	    actor => $alice->{id}, object => { id => $object->{id},
	    type => 'Tombstone' } };
	is(handled($alice, $del), 'done', 'processed');
	ok(scalar psql("SELECT deleted_at IS NOT NULL FROM statuses WHERE " .
	    "id = :'1'", $id) eq 't', 'the status is deleted');
	is($api->get("/api/v1/statuses/$id")->{status}, 404, 'API: 404');
};

subtest 'Update of the actor: the profile, sanitized' => sub {
	my %doc = (%{ $alice->{doc} }, name => 'Alice Renamed',
	    summary => '<p>new bio<img src=x onerror=alert(1)></p>',
	    attachment => [{ type => 'PropertyValue', name => 'site',
	    value => '<a href="https://alice.example" onclick="x()">' .
	    'alice.example</a>' }]);
	my $update = { id => next_id($alice, 'updates'), type => 'Update',
	    actor => $alice->{id}, object => \%doc };
	is(handled($alice, $update), 'done', 'processed');
	my $res = $api->get("/api/v1/accounts/$alice_id");
	my $acct = json_of($res);
	is($acct->{display_name}, 'Alice Renamed', 'the new name');
	like($acct->{note}, qr/new bio/, 'the new bio');
	unlike($acct->{note}, qr/onerror|<img/, 'sanitized');
	unlike($acct->{fields}[0]{value} // '', qr/onclick/,
	    'a field value sanitized');
	my ($outcome) = handled($bob, { id => next_id($bob, 'updates'),
	    type => 'Update', actor => $bob->{id},
	    object => { %doc, name => 'Hijacked' } });
	is($outcome, 'failed', 'an Update of another actor fails');
	is(json_of($api->get("/api/v1/accounts/$alice_id"))->{display_name},
	    'Alice Renamed', 'and changes nothing');
};

subtest 'Flag: a report the admin lists' => sub {
	my $flag = { id => next_id($bob, 'flags'), type => 'Flag',
	    actor => $bob->{id}, content => "spam\nand more",
	    object => [$me, base_url() .
	    "/users/$name/statuses/$posted{local}"] };
	is(handled($bob, $flag), 'done', 'processed');
	my ($rc, $out) = woollyctl('report', 'list');
	is($rc, 0, 'woollyctl report list: exit 0');
	like($out, qr/\tby bob\@remote\.test:\d+\tagainst \Q$name\E\t/,
	    'the report, by whom and against whom');
	like($out, qr/\tstatuses $posted{local}\tspam and more$/m,
	    'its status and comment on one line');
};

subtest 'Block and Undo Block' => sub {
	my $block = { id => next_id($alice, 'blocks'), type => 'Block',
	    actor => $alice->{id}, object => $me };
	is(handled($alice, $block), 'done', 'processed');
	my $res = $api->get("/api/v1/accounts/relationships?id[]=$alice_id");
	my $rel = (json_of($res) || [])->[0] || {};
	ok($rel->{blocked_by}, 'blocked by alice');
	ok(!$rel->{following}, 'the follow is gone');
	is(handled($alice, { id => next_id($alice, 'undos'), type => 'Undo',
	    actor => $alice->{id}, object => $block }), 'done',
	    'Undo processed');
	$rel = (json_of($api->get(
	    "/api/v1/accounts/relationships?id[]=$alice_id")) || [])->[0];
	ok(!$rel->{blocked_by}, 'no longer blocked');
};

subtest 'Undo Follow and Reject' => sub {
	my $follow = { id => next_id($bob, 'follows'), type => 'Follow',
	    actor => $bob->{id}, object => $me };
	handled($bob, $follow);
	my $bob_id = account_of($bob);
	my $count = sub { scalar psql('SELECT count(*) FROM follows WHERE ' .
	    "account_id = :'1' AND target_account_id = (SELECT id FROM " .
	    "accounts WHERE domain IS NULL AND username = :'2')", $bob_id,
	    $name) };
	is($count->(), 1, 'bob follows');
	is(handled($bob, { id => next_id($bob, 'undos'), type => 'Undo',
	    actor => $bob->{id}, object => $follow->{id} }), 'done',
	    'an Undo naming the Follow by id');
	is($count->(), 0, 'bob no longer follows');

	my $res = $api->post_form("/api/v1/accounts/$bob_id/follow", {});
	my $ours = psql('SELECT uri FROM follow_requests WHERE ' .
	    "target_account_id = :'1'", $bob_id);
	is(handled($bob, { id => next_id($bob, 'rejects'), type => 'Reject',
	    actor => $bob->{id}, object => $ours }), 'done',
	    'a Reject naming our Follow by id');
	is(scalar psql('SELECT count(*) FROM follow_requests WHERE ' .
	    "target_account_id = :'1'", $bob_id), 0, 'the request is gone');
};

subtest 'Move: followers follow the new account' => sub {
	my $res = $api->post_form("/api/v1/accounts/$alice_id/follow", {});
	psql('WITH r AS (DELETE FROM follow_requests WHERE target_account_id ' .
	    "= :'1' RETURNING *) INSERT INTO follows (account_id, " .
	    'target_account_id) SELECT account_id, target_account_id FROM r',
	    $alice_id);
	my $new = $peer->actor('alice2', 'moved.test',
	    alsoKnownAs => [$alice->{id}]);
	my $imposter = $peer->actor('notalice', 'moved.test');
	my ($outcome) = handled($alice, { id => next_id($alice, 'moves'),
	    type => 'Move', actor => $alice->{id}, object => $alice->{id},
	    target => $imposter->{id} });
	is($outcome, 'failed', 'a target that does not name her: refused');
	is(handled($alice, { id => next_id($alice, 'moves'), type => 'Move',
	    actor => $alice->{id}, object => $alice->{id},
	    target => $new->{id} }), 'done', 'a proper Move: processed');
	my $new_id = account_of($new);
	is(scalar psql('SELECT count(*) FROM (SELECT account_id FROM follows ' .
	    "WHERE target_account_id = :'1' UNION ALL SELECT account_id FROM " .
	    "follow_requests WHERE target_account_id = :'1') x", $new_id), 1,
	    'the local follower now follows (or asked to follow) the new one');
	is(scalar psql('SELECT count(*) FROM follows WHERE target_account_id ' .
	    "= :'1'", $alice_id), 0, 'and not the old one');
	is(scalar psql('SELECT moved_to_account_id FROM accounts WHERE id = ' .
	    ":'1'", $alice_id), $new_id, 'the old account says where it went');
};

subtest 'what is not acted on is ignored cleanly' => sub {
	my $react = { id => next_id($bob, 'reacts'), type => 'EmojiReact',
	    actor => $bob->{id}, content => "\x{1f44d}",
	    object => base_url() . "/users/$name/statuses/$posted{local}" };
	is(handled($bob, $react), 'ignored', 'EmojiReact: ignored');
	is(handled($bob, { id => next_id($bob, 'views'), type => 'View',
	    actor => $bob->{id}, object => $me }), 'ignored',
	    'an unknown activity type: ignored');
	my $stranger = a_note($bob, to => [$AS_PUBLIC], cc => []);
	is(handled($bob, create($bob, $stranger)), 'ignored',
	    'a post nobody here follows or is addressed by: ignored');
	is(scalar psql("SELECT count(*) FROM statuses WHERE uri = :'1'",
	    $stranger->{id}), 0, 'not stored');
};

subtest 'a failure is retried, then recorded' => sub {
	my $missing = $peer->origin('remote.test') . '/users/alice/statuses/gone';
	my $create = { id => "$missing/activity", type => 'Create',
	    actor => $alice->{id}, to => [$AS_PUBLIC], object => $missing };
	my ($outcome, $why) = handled($alice, $create);
	is($outcome, '', 'not processed yet');
	like($why, qr/404|fetch|could not/i, 'the error kept');
	is(scalar psql('SELECT attempts FROM inbox_activities WHERE ' .
	    "activity_uri = :'1'", $create->{id}), 1, 'one attempt');
	for (2 .. 5) {
		psql('UPDATE inbox_activities SET next_attempt_at = now() ' .
		    "WHERE activity_uri = :'1'", $create->{id});
		$peer->process;
	}
	is(scalar psql('SELECT attempts || outcome FROM inbox_activities ' .
	    "WHERE activity_uri = :'1'", $create->{id}), '5failed',
	    'after five attempts: failed');
};

subtest 'a silenced domain stays out of the public timelines' => sub {
	my $dora = $peer->actor('dora', 'other.test');
	my $post = a_note($dora, cc => [$me],
	    tag => [{ type => 'Mention', href => $me, name => "\@$name" }]);
	is(handled($dora, create($dora, $post)), 'done', 'processed');
	my $id = status_of($post->{id});
	my $in_public = sub {
		my $res = $api->get('/api/v1/timelines/public?remote=true');
		return scalar grep { $_->{id} eq $id } @{ json_of($res) || [] };
	};
	ok($in_public->(), 'in the federated timeline');
	my ($rc, $out, $err) = woollyctl('domain', 'block', 'other.test',
	    '--severity', 'silence');
	is($rc, 0, 'domain block --severity silence: exit 0') or diag $err;
	ok(!$in_public->(), 'no longer in the federated timeline');
	is($api->get("/api/v1/statuses/$id")->{status}, 200,
	    'still there for the account it mentions');
	is(scalar psql("SELECT silenced_at IS NOT NULL FROM accounts WHERE " .
	    "uri = :'1'", $dora->{id}), 't', 'the account is silenced');
	woollyctl('domain', 'unblock', 'other.test');
	ok($in_public->(), 'back once the block is lifted');
};

subtest 'Delete of the actor: the account and its posts go' => sub {
	my $del = { id => "$bob->{id}#delete", type => 'Delete',
	    actor => $bob->{id}, object => $bob->{id}, to => [$AS_PUBLIC] };
	is(handled($bob, $del), 'done', 'processed');
	is(scalar psql("SELECT count(*) FROM accounts WHERE uri = :'1'",
	    $bob->{id}), 0, 'the account is removed');
};

done_testing;
