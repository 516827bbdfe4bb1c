# api_status_actions.t: what a signed-in client does to a status:
# favourite, boost (with a visibility), bookmark, mute its conversation,
# pin it to the profile, and undo each; who boosted or favourited one;
# the user's bookmarks and favourites, paged by when they were made.
# Whatever the viewer may not see is a 404, as in Mastodon.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice, $alice_name) = api_user(prefix => 'saa');
my ($bob, $bob_name, $bob_web) = api_user(prefix => 'sab');
my ($carol, $carol_name) = api_user(prefix => 'sac');
my $anon = client();
my $alice_id = account_id_of($alice_name);
my $bob_id = account_id_of($bob_name);
my $carol_id = account_id_of($carol_name);

sub post_id {
	my ($c, %f) = @_;
	my $res = $c->post_json('/api/v1/statuses', \%f);
	die "posting answered $res->{status}: $res->{content}\n"
	    unless $res->{status} == 200;
	return json_of($res)->{id};
}

# POST an action; checks 200 and the Status schema, returns the Status.
sub act_ok {
	my ($c, $id, $action, $what, $body) = @_;
	my $res = $c->post_json("/api/v1/statuses/$id/$action", $body || {});
	is($res->{status}, 200, "$what: 200") or
	    diag(substr($res->{content} // '', 0, 300));
	ok_schema('Status', $res, "$what: a Status");
	return json_of($res) || {};
}

sub refused {
	my ($res, $status, $error, $what) = @_;
	is($res->{status}, $status, "$what: $status");
	is((json_of($res) || {})->{error}, $error, "$what: Mastodon's message");
	ok_schema('Error', $res, "$what: an Error");
}

sub status_of {
	my ($c, $id) = @_;
	return json_of($c->get("/api/v1/statuses/$id")) || {};
}

sub ids { return [map { $_->{id} } @{ $_[0] || [] }] }

# How many notifications of a kind one account has from another.
sub notified {
	my ($to, $from, $type, $status) = @_;
	return scalar psql(q{SELECT count(*) FROM notifications WHERE
	    account_id = :'1' AND from_account_id = :'2' AND type = :'3'
	    AND status_id = :4}, $to, $from, $type, $status);
}

my $public = post_id($alice, status => 'a public post of Alice');
my $private = post_id($alice, status => 'followers only',
    visibility => 'private');
my $direct = post_id($alice, status => "\@$bob_name just you",
    visibility => 'direct');

subtest 'favourite and unfavourite' => sub {
	my $s = act_ok($bob, $public, 'favourite', 'favourite');
	ok($s->{favourited}, 'favourited is true');
	is($s->{favourites_count}, 1, 'the count moved');
	$s = act_ok($bob, $public, 'favourite', 'favourite again');
	is($s->{favourites_count}, 1, 'a second favourite changes nothing');
	is(status_of($anon, $public)->{favourites_count}, 1,
	    'signed-out readers see the count at once');
	is(notified($alice_id, $bob_id, 'favourite', $public), 1,
	    'the author is told once (by the database)');
	ok(!status_of($carol, $public)->{favourited},
	    'another viewer has not favourited it');
	$s = act_ok($bob, $public, 'unfavourite', 'unfavourite');
	ok(!$s->{favourited}, 'favourited is false');
	is($s->{favourites_count}, 0, 'the count went back');
	is(notified($alice_id, $bob_id, 'favourite', $public), 0,
	    'and the notification is withdrawn');
	act_ok($bob, $public, 'unfavourite', 'unfavourite again');
	act_ok($alice, $private, 'favourite', 'one\'s own private post');
	not_found_ok($bob->post_json("/api/v1/statuses/$private/favourite", {}),
	    'a private post of another');
	not_found_ok($bob->post_json("/api/v1/statuses/$private/unfavourite",
	    {}), 'unfavouriting a private post of another');
	not_found_ok($carol->post_json("/api/v1/statuses/$direct/favourite",
	    {}), 'a direct message to someone else');
	act_ok($bob, $direct, 'favourite', 'a direct message to oneself');
	not_found_ok($bob->post_json('/api/v1/statuses/1/favourite', {}),
	    'an unknown status');
	not_found_ok($bob->post_json('/api/v1/statuses/abc/favourite', {}),
	    'a malformed id');
	psql(q{INSERT INTO blocks (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $carol_id, $alice_id);
	refused($carol->post_json("/api/v1/statuses/$public/favourite", {}),
	    403, 'This action is not allowed',
	    'favouriting someone one blocks');
	my $blocker = post_id($carol, status => 'carol blocks alice');
	not_found_ok($alice->post_json("/api/v1/statuses/$blocker/favourite",
	    {}), 'favouriting someone who blocks you');
	psql(q{DELETE FROM blocks WHERE account_id = :'1'}, $carol_id);
};

subtest 'boost and unboost' => sub {
	my $b = act_ok($bob, $public, 'reblog', 'boost');
	isnt($b->{id}, $public, 'the answer is the boost');
	is($b->{reblog}{id}, $public, 'carrying the boosted status');
	ok($b->{reblog}{reblogged}, 'reblogged inside');
	ok($b->{reblogged}, 'and on the boost, as Mastodon answers');
	is($b->{reblog}{reblogs_count}, 1, 'the count moved');
	is($b->{visibility}, 'public', 'public by default');
	is($b->{account}{id}, $bob_id, 'the boost is Bob\'s');
	my $again = act_ok($bob, $public, 'reblog', 'boost again');
	is($again->{id}, $b->{id}, 'boosting twice gives the first boost');
	is(notified($alice_id, $bob_id, 'reblog', $public), 1,
	    'the author is told of the boost');
	my $via = act_ok($carol, $b->{id}, 'reblog', 'boosting the boost');
	is($via->{reblog}{id}, $public, 'boosts the original');
	is(status_of($anon, $b->{id})->{reblog}{id}, $public,
	    'the boost reads back by its id');

	my $s = act_ok($bob, $public, 'unreblog', 'unboost');
	is($s->{id}, $public, 'the answer is the status');
	ok(!$s->{reblogged}, 'no longer reblogged');
	is($s->{reblogs_count}, 1, 'the count went back (Carol\'s stays)');
	not_found_ok($anon->get("/api/v1/statuses/$b->{id}"),
	    'the boost is gone');
	is(notified($alice_id, $bob_id, 'reblog', $public), 0,
	    'and so is its notification');
	act_ok($bob, $public, 'unreblog', 'unboost again');
	my $s2 = act_ok($carol, $via->{id}, 'unreblog',
	    'unboost by the boost id');
	ok(!$s2->{reblogged}, '... undoes Carol\'s');

	my $unlisted = act_ok($bob, $public, 'reblog', 'boost unlisted',
	    { visibility => 'unlisted' });
	is($unlisted->{visibility}, 'unlisted', 'with the visibility asked');
	act_ok($bob, $public, 'unreblog', 'and undo');
	my $res = $bob->post_json("/api/v1/statuses/$public/reblog",
	    { visibility => 'direct' });
	refused($res, 422, 'Validation failed: Visibility is reserved',
	    'a direct boost');
	ok_schema('ValidationError', $res, '... a ValidationError');
	is_deeply(json_of($res)->{details}, { visibility => [{
	    error => 'ERR_EXCLUSION', description => 'is reserved' }] },
	    '... with the details');
	refused($bob->post_json("/api/v1/statuses/$public/reblog",
	    { visibility => 'everyone' }), 422,
	    'Validation failed: Visibility is not included in the list',
	    'an unknown visibility');

	my $own = act_ok($alice, $private, 'reblog', 'one\'s own private post');
	is($own->{visibility}, 'private', 'stays private');
	act_ok($alice, $private, 'unreblog', 'undone');
	not_found_ok($carol->post_json("/api/v1/statuses/$private/reblog", {}),
	    'a private post one cannot see');
	follow_alice();
	refused($bob->post_json("/api/v1/statuses/$private/reblog", {}), 403,
	    'This action is not allowed',
	    'a private post one sees as a follower');
	refused($bob->post_json("/api/v1/statuses/$direct/reblog", {}), 403,
	    'This action is not allowed', 'a direct message');
};

sub follow_alice {
	my $home = $bob_web->get('/home');
	my $res = $bob_web->post_form("/\@$alice_name/follow",
	    [authenticity_token => csrf_from($home->{content})]);
	die "follow answered $res->{status}\n" unless $res->{status} == 303;
}

subtest 'bookmark, mute and their undoing' => sub {
	my $s = act_ok($bob, $public, 'bookmark', 'bookmark');
	ok($s->{bookmarked}, 'bookmarked is true');
	ok(status_of($bob, $public)->{bookmarked}, 'and stays so');
	act_ok($bob, $public, 'bookmark', 'bookmark again');
	$s = act_ok($bob, $public, 'unbookmark', 'unbookmark');
	ok(!$s->{bookmarked}, 'bookmarked is false');
	not_found_ok($carol->post_json("/api/v1/statuses/$private/bookmark",
	    {}), 'bookmarking a private post of another');
	not_found_ok($carol->post_json("/api/v1/statuses/$private/unbookmark",
	    {}), 'unbookmarking it');

	$s = act_ok($bob, $public, 'mute', 'mute the conversation');
	ok($s->{muted}, 'muted is true');
	my $reply = post_id($alice, status => 'more',
	    in_reply_to_id => $public);
	ok(status_of($bob, $reply)->{muted}, 'the whole conversation is muted');
	ok(!status_of($carol, $public)->{muted}, 'for Bob only');
	$s = act_ok($bob, $public, 'unmute', 'unmute');
	ok(!$s->{muted}, 'muted is false');
	not_found_ok($carol->post_json("/api/v1/statuses/$private/mute", {}),
	    'muting a conversation one cannot see');
};

subtest 'pin and unpin' => sub {
	my $s = act_ok($alice, $public, 'pin', 'pin');
	ok($s->{pinned}, 'pinned is true');
	ok(status_of($alice, $public)->{pinned}, 'and stays so');
	refused($alice->post_json("/api/v1/statuses/$public/pin", {}), 422,
	    'Duplicate record', 'pinning twice');
	refused($bob->post_json("/api/v1/statuses/$public/pin", {}), 422,
	    "Validation failed: Someone else's post cannot be pinned",
	    'someone else\'s post');
	refused($alice->post_json("/api/v1/statuses/$direct/pin", {}), 422,
	    'Validation failed: Posts that are only visible to mentioned users '
	    . 'cannot be pinned', 'a direct message');
	my $boost = json_of($alice->post_json(
	    "/api/v1/statuses/$public/reblog", {}))->{id};
	refused($alice->post_json("/api/v1/statuses/$boost/pin", {}), 422,
	    'Validation failed: A boost cannot be pinned', 'a boost');
	$alice->post_json("/api/v1/statuses/$public/unreblog", {});
	act_ok($alice, $private, 'pin', 'a private post of one\'s own');
	my @more = map { post_id($alice, status => "pin $_") } 1 .. 4;
	my $n = 3;
	act_ok($alice, $_, 'pin', 'pin number ' . $n++) for @more[0 .. 2];
	refused($alice->post_json("/api/v1/statuses/$more[3]/pin", {}), 422,
	    'Validation failed: You have already pinned the maximum number of '
	    . 'posts', 'a sixth pin');
	$s = act_ok($alice, $public, 'unpin', 'unpin');
	ok(!$s->{pinned}, 'pinned is false');
	act_ok($alice, $more[3], 'pin', 'then there is room again');
	act_ok($alice, $public, 'unpin', 'unpinning what is not pinned');
	not_found_ok($carol->post_json("/api/v1/statuses/$private/pin", {}),
	    'pinning a private post one cannot see');
	my ($pins) = psql(q{SELECT count(*) FROM status_pins
	    WHERE account_id = :'1'}, $alice_id);
	is($pins, 5, 'five pins are kept');
	my $profile = "/api/v1/accounts/$alice_id/statuses?pinned=true";
	my $res = $bob->get($profile);
	ok_schema('Status[]', $res, 'the profile\'s pinned posts');
	is_deeply(ids(json_of($res)), [reverse(@more), $private],
	    'newest pin first, the private one for a follower');
	ok(!grep({ !$_->{pinned} } @{ json_of($alice->get($profile)) }),
	    'the author sees each one pinned');
	is_deeply(ids(json_of($anon->get($profile))), [reverse @more],
	    'a stranger sees the public ones');
	$res = $alice->delete("/api/v1/statuses/$more[3]");
	is($res->{status}, 200, 'deleting a pinned post');
	($pins) = psql(q{SELECT count(*) FROM status_pins
	    WHERE account_id = :'1'}, $alice_id);
	is($pins, 4, 'takes its pin away');
};

subtest 'reblogged_by and favourited_by page through accounts' => sub {
	my $s = post_id($alice, status => 'popular');
	my @fans;
	for my $i (1 .. 3) {
		my ($c, $name) = api_user(prefix => "fan$i");
		$c->post_json("/api/v1/statuses/$s/favourite", {});
		$c->post_json("/api/v1/statuses/$s/reblog", {});
		push @fans, account_id_of($name);
	}
	for my $list (qw(favourited_by reblogged_by)) {
		my $res = $anon->get("/api/v1/statuses/$s/$list");
		is($res->{status}, 200, "$list answers 200");
		ok_schema('Account[]', $res, "$list is Account[]");
		is_deeply(ids(json_of($res)), [reverse @fans],
		    "$list: newest first");
		$res = $anon->get("/api/v1/statuses/$s/$list?limit=2");
		is_deeply(ids(json_of($res)), [@fans[2, 1]],
		    "$list: a page of 2");
		my $next = links($res)->{next};
		ok($next, "$list: a next link") or next;
		$res = $anon->get($next);
		ok_schema('Account[]', $res,
		    "$list: the next page is Account[]");
		is_deeply(ids(json_of($res)), [$fans[0]], "$list: the rest");
		my $prev = links($res)->{prev};
		like($prev, qr/min_id=/, "$list: a prev link");
		$res = $anon->get($prev);
		is_deeply(ids(json_of($res)), [@fans[2, 1]],
		    "$list: prev leads back");
		psql(q{INSERT INTO mutes (account_id, target_account_id)
		    VALUES (:'1', :'2')}, $bob_id, $fans[1]);
		$res = $bob->get("/api/v1/statuses/$s/$list");
		ok_schema('Account[]', $res, "$list: signed in, Account[]");
		is_deeply(ids(json_of($res)), [@fans[2, 0]],
		    "$list: without the accounts the viewer mutes");
		psql(q{DELETE FROM mutes WHERE account_id = :'1'}, $bob_id);
		not_found_ok($carol->get("/api/v1/statuses/$private/$list"),
		    "$list of a private post one cannot see");
		not_found_ok($anon->get("/api/v1/statuses/1/$list"),
		    "$list of an unknown status");
		is($anon->get("/api/v1/statuses/$s/$list?limit=0")->{status},
		    400, "$list: limit=0 is refused");
	}
	my $bob_sees = $bob->get("/api/v1/statuses/$private/favourited_by");
	is($bob_sees->{status}, 200, 'a follower sees who favourited a private '
	    . 'post');
	is_deeply(ids(json_of($bob_sees)), [$alice_id], '... (Alice herself)');
	ok_schema('Account[]', $bob_sees, '... Account[]');
};

subtest 'GET /api/v1/bookmarks and /api/v1/favourites' => sub {
	my ($dave) = api_user(prefix => 'sad');
	my @s = map { post_id($carol, status => "mark me $_") } 1 .. 5;
	# Marked in an order other than the statuses' own.
	for my $id (@s[2, 0, 4, 1, 3]) {
		$dave->post_json("/api/v1/statuses/$id/bookmark", {});
		$dave->post_json("/api/v1/statuses/$id/favourite", {});
	}
	for my $list (qw(bookmarks favourites)) {
		my $res = $dave->get("/api/v1/$list");
		is($res->{status}, 200, "$list answers 200");
		ok_schema('Status[]', $res, "$list is Status[]");
		is_deeply(ids(json_of($res)), [@s[3, 1, 4, 0, 2]],
		    "$list: newest mark first");
		my $flag = $list eq 'bookmarks' ? 'bookmarked' : 'favourited';
		ok(json_of($res)->[0]{$flag}, "$list: $flag is true");
		is($res->{headers}{'cache-control'}, 'private, no-store',
		    "$list: never cached by others");

		$res = $dave->get("/api/v1/$list?limit=2");
		is_deeply(ids(json_of($res)), [@s[3, 1]], "$list: limit=2");
		my $next = links($res)->{next};
		like($next, qr/max_id=\d+/, "$list: next by max_id");
		$res = $dave->get($next);
		ok_schema('Status[]', $res, "$list: page 2 is Status[]");
		is_deeply(ids(json_of($res)), [@s[4, 0]], "$list: page 2");
		my $prev = links($res)->{prev};
		$res = $dave->get($prev);
		is_deeply(ids(json_of($res)), [@s[3, 1]],
		    "$list: prev (min_id) is the page above");
		my ($cursor) = $prev =~ /min_id=(\d+)/;
		$res = $dave->get("/api/v1/$list?since_id=$cursor");
		is_deeply(ids(json_of($res)), [@s[3, 1]],
		    "$list: since_id gives the newer ones");
		$res = $dave->get("/api/v1/$list?limit=100");
		is(scalar @{ json_of($res) }, 5,
		    "$list: a large limit is clamped and shows all five");
		is($dave->get("/api/v1/$list?max_id=x")->{status}, 400,
		    "$list: a malformed cursor is refused");
		my $empty = $bob->get("/api/v1/$list?max_id=1");
		is_deeply(json_of($empty), [], "$list: an empty page");
		ok(links($empty)->{prev}, "$list: still with a Link header");
	}
	my $gone = $s[2];
	$carol->delete("/api/v1/statuses/$gone");
	is_deeply(ids(json_of($dave->get('/api/v1/bookmarks'))),
	    [@s[3, 1, 4, 0]], 'a deleted status leaves the bookmarks');
	my $narrow = client(token => api_token($carol_name, 'read:bookmarks'));
	is($narrow->get('/api/v1/bookmarks')->{status}, 200,
	    'read:bookmarks reads bookmarks');
	is($narrow->get('/api/v1/favourites')->{status}, 403,
	    'but not favourites');
};

subtest 'granular scopes' => sub {
	my $fav = client(token => api_token($bob_name, 'write:favourites'));
	is($fav->post_json("/api/v1/statuses/$public/favourite", {})->{status},
	    200, 'write:favourites favourites');
	is($fav->post_json("/api/v1/statuses/$public/bookmark", {})->{status},
	    403, 'but does not bookmark');
	my $writer = client(token => api_token($bob_name, 'write'));
	is($writer->post_json("/api/v1/statuses/$public/mute", {})->{status},
	    200, 'write covers write:mutes');
	is($writer->post_json("/api/v1/statuses/$public/unfavourite",
	    {})->{status}, 200, 'and write:favourites');
	my $pinner = client(token => api_token($alice_name, 'write:accounts'));
	is($pinner->post_json("/api/v1/statuses/$public/pin", {})->{status},
	    200, 'write:accounts pins');
	is($pinner->post_json('/api/v1/statuses', { status => 'x' })->{status},
	    403, 'but does not post');
};

done_testing();
