# api_relationships.t: what one account is to another, through the API.
# Following (with reblogs, notify and languages; a locked account answers
# with a request), unfollowing, removing a follower, blocking (which ends
# follows and requests both ways), muting (with notifications and a
# duration), private notes; the Relationship entity with every field;
# familiar followers; the blocks, mutes and follow-request lists, paged
# by Link headers; a locked account's requests authorized and rejected;
# and blocks and mutes hiding posts from the public and tag timelines and
# from threads. Nobody sees another user's blocks, mutes, notes or
# requests.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

sub ids_of { return [map { $_->{id} } @{ $_[0] || [] }] }

# An API user: (client, username, account id, web client).
sub person {
	my ($prefix) = @_;
	my ($c, $name, $web) = api_user(prefix => $prefix);
	return ($c, $name, account_id_of($name), $web);
}

# POST an action and return the decoded Relationship, checking its shape.
sub act {
	my ($c, $path, $body, $what) = @_;
	my $res = $c->post_json($path, $body // {});
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	is($res->{status}, 200, "$what: 200") or diag($res->{content});
	ok_schema('Relationship', $res, "$what: a Relationship");
	return json_of($res) || {};
}

sub relationship {
	my ($c, $id) = @_;
	my $res = $c->get("/api/v1/accounts/relationships?id[]=$id");
	return (json_of($res) || [])->[0] || {};
}

sub notifications_of {
	my ($id, $type) = @_;
	return scalar psql(q{SELECT count(*) FROM notifications
	    WHERE account_id = :'1' AND type = :'2'}, $id, $type);
}

my $anon = client();

subtest 'follow, with its options, and unfollow' => sub {
	my ($a, $an, $aid) = person('rfa');
	my ($b, $bn, $bid) = person('rfb');
	my $before = json_of($anon->get("/api/v1/accounts/$bid"))
	    ->{followers_count};
	my $r = act($a, "/api/v1/accounts/$bid/follow", {}, 'follow');
	is($r->{id}, $bid, 'the relationship is to the target');
	ok($r->{following} && $r->{showing_reblogs} && !$r->{notifying},
	    'following, reblogs shown, no notifications by default');
	ok(!$r->{requested} && !$r->{followed_by}, 'not requested, not back');
	ok(!defined $r->{languages}, 'every language');
	is(json_of($anon->get("/api/v1/accounts/$bid"))->{followers_count},
	    $before + 1, 'the public count moves at once');
	is(notifications_of($bid, 'follow'), 1, 'the target is told');

	$r = act($a, "/api/v1/accounts/$bid/follow",
	    { reblogs => JSON::PP::false, notify => JSON::PP::true,
	      languages => ['en', 'de'] }, 'follow again with options');
	ok($r->{following} && !$r->{showing_reblogs} && $r->{notifying},
	    'the options change');
	is_deeply($r->{languages}, ['en', 'de'], 'languages');
	$r = act($a, "/api/v1/accounts/$bid/follow", { notify => 'false' },
	    'follow again with one option');
	ok(!$r->{showing_reblogs} && !$r->{notifying},
	    'only what was sent changes');
	is_deeply($r->{languages}, ['en', 'de'], 'languages stay');
	my $res = $a->post_form("/api/v1/accounts/$bid/follow",
	    ['languages[]' => 'fr', reblogs => '1']);
	ok_schema('Relationship', $res, 'a form follow');
	is_deeply(json_of($res)->{languages}, ['fr'], 'languages[] in a form');
	ok(json_of($res)->{showing_reblogs}, 'reblogs=1 in a form');
	is(notifications_of($bid, 'follow'), 1, 'told only once');

	$r = relationship($b, $aid);
	ok($r->{followed_by} && !$r->{following}, 'the other side sees it');

	$res = $a->post_json("/api/v1/accounts/$bid/follow",
	    { languages => ['english'] });
	is($res->{status}, 422, 'a language that is none: 422');
	is(json_of($res)->{error}, 'Validation failed: Languages is invalid',
	    'with Mastodon\'s message');
	$res = $a->post_json("/api/v1/accounts/$bid/follow",
	    { reblogs => 'sometimes' });
	is($res->{status}, 400, 'reblogs=sometimes: 400');
	ok_schema('Error', $res, 'an Error');
	not_found_ok($a->post_json("/api/v1/accounts/$aid/follow", {}),
	    'following oneself');
	not_found_ok($a->post_json('/api/v1/accounts/1/follow', {}),
	    'following an unknown account');
	not_found_ok($a->post_json('/api/v1/accounts/abc/follow', {}),
	    'following a malformed id');

	$r = act($a, "/api/v1/accounts/$bid/unfollow", {}, 'unfollow');
	ok(!$r->{following} && !$r->{showing_reblogs}, 'not following');
	is(json_of($anon->get("/api/v1/accounts/$bid"))->{followers_count},
	    $before, 'the count is back');
	is(notifications_of($bid, 'follow'), 0,
	    'the follow notification goes with the follow');
	$r = act($a, "/api/v1/accounts/$bid/unfollow", {}, 'unfollow again');
	ok(!$r->{following}, 'still not following, and no error');
	not_found_ok($a->post_json('/api/v1/accounts/1/unfollow', {}),
	    'unfollowing an unknown account');
};

subtest 'remove_from_followers' => sub {
	my ($a, $an, $aid) = person('rma');
	my ($b, $bn, $bid) = person('rmb');
	act($b, "/api/v1/accounts/$aid/follow", {}, 'b follows a');
	my $r = act($a, "/api/v1/accounts/$bid/remove_from_followers", {},
	    'a removes b');
	ok(!$r->{followed_by}, 'no longer followed by b');
	ok(!relationship($b, $aid)->{following}, 'b no longer follows a');
	is(json_of($anon->get("/api/v1/accounts/$aid"))->{followers_count},
	    0, 'the count');
	not_found_ok($a->post_json('/api/v1/accounts/1/remove_from_followers',
	    {}), 'an unknown account');
};

subtest 'relationships: every field, many ids, nothing of others' => sub {
	my ($a, $an, $aid) = person('rla');
	my ($b, $bn, $bid) = person('rlb');
	my ($c, $cn, $cid) = person('rlc');
	my ($d, $dn, $did) = person('rld');
	act($a, "/api/v1/accounts/$bid/follow", {}, 'a follows b');
	act($b, "/api/v1/accounts/$aid/follow", {}, 'b follows a');
	act($a, "/api/v1/accounts/$cid/mute", { notifications => 'false' },
	    'a mutes c');
	act($d, "/api/v1/accounts/$aid/block", {}, 'd blocks a');
	act($a, "/api/v1/accounts/$bid/note", { comment => 'met at the fair' },
	    'a notes b');
	act($c, "/api/v1/accounts/$bid/note", { comment => 'c\'s secret' },
	    'c notes b');

	my $res = $a->get("/api/v1/accounts/relationships?id[]=$did" .
	    "&id[]=$bid&id[]=1&id[]=$cid");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Relationship[]', $res, 'Relationships');
	my $list = json_of($res);
	is_deeply(ids_of($list), [$did, $bid, $cid],
	    'in the order asked, unknown ids left out');
	my ($rd, $rb, $rc) = @$list;
	ok($rd->{blocked_by} && !$rd->{blocking}, 'blocked_by');
	ok($rb->{following} && $rb->{followed_by}, 'following and followed_by');
	is($rb->{note}, 'met at the fair', 'my note, not c\'s');
	ok($rc->{muting} && !$rc->{muting_notifications}, 'muting');
	ok(!defined $rc->{muting_expires_at}, 'a mute for good');
	for my $r (@$list) {
		for my $k (qw(following showing_reblogs notifying followed_by
		    blocking blocked_by muting muting_notifications requested
		    requested_by domain_blocking endorsed)) {
			ok(JSON::PP::is_bool($r->{$k}), "$r->{id}: $k boolean");
		}
		ok(exists $r->{languages} && exists $r->{muting_expires_at},
		    "$r->{id}: languages and muting_expires_at present");
		ok(is_json_string($r->{id}), 'the id is a string');
	}
	is(relationship($c, $bid)->{note}, 'c\'s secret',
	    'c sees only c\'s own note');
	ok(!relationship($b, $cid)->{muting}, 'nor does b see a\'s mute of c');

	$res = $a->get("/api/v1/accounts/relationships?id=$bid");
	ok_schema('Relationship[]', $res, 'a single id= works too');
	is_deeply(ids_of(json_of($res)), [$bid], 'the one');
	is_deeply(json_of($a->get('/api/v1/accounts/relationships')), [],
	    'no ids: an empty list');
	for my $bad ('id[]=x', 'id[]=-4', 'with_suspended=perhaps',
	    join('&', map { "id[]=$_" } 1 .. 101)) {
		$res = $a->get("/api/v1/accounts/relationships?$bad");
		is($res->{status}, 400, substr($bad, 0, 40) . ': 400');
		ok_schema('Error', $res, 'an Error');
	}

	psql(q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'}, $did);
	is_deeply(ids_of(json_of($a->get(
	    "/api/v1/accounts/relationships?id[]=$did&id[]=$bid"))), [$bid],
	    'a suspended account is left out');
	$res = $a->get("/api/v1/accounts/relationships?id[]=$did&id[]=$bid" .
	    '&with_suspended=true');
	ok_schema('Relationship[]', $res, 'with_suspended');
	is_deeply(ids_of(json_of($res)), [$did, $bid],
	    'with_suspended=true keeps it');
};

subtest 'block: ends follows and requests both ways' => sub {
	my ($a, $an, $aid) = person('rba');
	my ($b, $bn, $bid) = person('rbb');
	my ($l, $ln, $lid) = person('rbl');
	act($a, "/api/v1/accounts/$bid/follow", {}, 'a follows b');
	act($b, "/api/v1/accounts/$aid/follow", {}, 'b follows a');
	$l->request('PATCH', '/api/v1/accounts/update_credentials',
	    form => [locked => 'true']);
	ok(act($a, "/api/v1/accounts/$lid/follow", {}, 'a asks l')
	    ->{requested}, 'a request to the locked l');
	act($l, "/api/v1/accounts/$aid/follow", {}, 'l follows a');

	my $r = act($a, "/api/v1/accounts/$bid/block", {}, 'a blocks b');
	ok($r->{blocking} && !$r->{following} && !$r->{followed_by},
	    'blocking, and no follow either way');
	$r = relationship($b, $aid);
	ok($r->{blocked_by} && !$r->{following} && !$r->{followed_by},
	    'b sees blocked_by and no follows');
	is(json_of($anon->get("/api/v1/accounts/$bid"))->{following_count}, 0,
	    'b follows no one now');
	my $res = $b->post_json("/api/v1/accounts/$aid/follow", {});
	is($res->{status}, 403, 'b may not follow a');
	is(json_of($res)->{error}, 'This action is not allowed',
	    'with Mastodon\'s message');
	is($a->post_json("/api/v1/accounts/$bid/follow", {})->{status}, 403,
	    'nor a b while blocking');

	$r = act($l, "/api/v1/accounts/$aid/block", {}, 'l blocks a');
	ok(!$r->{requested_by} && !$r->{following}, 'the request is gone');
	is(notifications_of($lid, 'follow_request'), 0,
	    'and the notification of it');
	is(json_of($l->get('/api/v1/accounts/verify_credentials'))
	    ->{source}{follow_requests_count}, 0, 'no request waits');

	act($a, "/api/v1/accounts/$bid/block", {}, 'blocking again');
	is(scalar psql(q{SELECT count(*) FROM blocks WHERE account_id = :'1'},
	    $aid), 1, 'one block');
	$r = act($a, "/api/v1/accounts/$bid/unblock", {}, 'unblock');
	ok(!$r->{blocking}, 'not blocking');
	ok(!$r->{following}, 'an unblock brings no follow back');
	$res = $a->post_json("/api/v1/accounts/$aid/block", {});
	is($res->{status}, 403, 'blocking oneself: 403');
	is(json_of($res)->{error}, 'This action is not allowed', 'saying so');
	not_found_ok($a->post_json('/api/v1/accounts/1/block', {}),
	    'blocking an unknown account');
	not_found_ok($a->post_json('/api/v1/accounts/1/unblock', {}),
	    'unblocking an unknown account');
};

subtest 'mute: notifications and duration' => sub {
	my ($a, $an, $aid) = person('rma');
	my ($b, $bn, $bid) = person('rmb');
	my $r = act($a, "/api/v1/accounts/$bid/mute", {}, 'mute');
	ok($r->{muting} && $r->{muting_notifications},
	    'notifications muted too by default');
	ok(!defined $r->{muting_expires_at}, 'for good');
	$r = act($a, "/api/v1/accounts/$bid/mute",
	    { notifications => JSON::PP::false, duration => 3600 },
	    'mute again for an hour');
	ok($r->{muting} && !$r->{muting_notifications},
	    'only posts now');
	like($r->{muting_expires_at} // '',
	    qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\z/,
	    'muting_expires_at is a time');
	my $res = $a->get('/api/v1/mutes');
	ok_schema('MutedAccount[]', $res, 'the mutes list');
	is_deeply(ids_of(json_of($res)), [$bid], 'b is muted');
	is(json_of($res)->[0]{mute_expires_at}, $r->{muting_expires_at},
	    'with when it ends');
	ok(!relationship($b, $aid)->{muting}, 'b does not mute a');
	is_deeply(json_of($b->get('/api/v1/mutes')), [],
	    'b\'s list is b\'s own');

	psql(q{UPDATE mutes SET expires_at = now() - interval '1 second'
	    WHERE account_id = :'1'}, $aid);
	ok(!relationship($a, $bid)->{muting}, 'an expired mute mutes nothing');
	is_deeply(json_of($a->get('/api/v1/mutes')), [],
	    'and is not listed');
	$r = act($a, "/api/v1/accounts/$bid/mute", { duration => '0' },
	    'mute anew');
	ok($r->{muting} && !defined $r->{muting_expires_at},
	    'in force again, for good');
	$r = act($a, "/api/v1/accounts/$bid/unmute", {}, 'unmute');
	ok(!$r->{muting}, 'not muting');

	for my $bad ({ duration => -1 }, { duration => 'soon' },
	    { notifications => 'loud' }) {
		my ($k) = keys %$bad;
		$res = $a->post_json("/api/v1/accounts/$bid/mute", $bad);
		is($res->{status}, 400, "$k=$bad->{$k}: 400");
		ok_schema('Error', $res, 'an Error');
	}
	is($a->post_json("/api/v1/accounts/$aid/mute", {})->{status}, 403,
	    'muting oneself: 403');
	not_found_ok($a->post_json('/api/v1/accounts/1/mute', {}),
	    'muting an unknown account');
};

subtest 'note' => sub {
	my ($a, $an, $aid) = person('rna');
	my ($b, $bn, $bid) = person('rnb');
	my $r = act($a, "/api/v1/accounts/$bid/note",
	    { comment => "Likes \x{1F411}" }, 'set a note');
	is($r->{note}, "Likes \x{1F411}", 'the note');
	$r = act($a, "/api/v1/accounts/$bid/note", { comment => 'x' x 2000 },
	    'a 2000-character note');
	is(length $r->{note}, 2000, 'kept whole');
	my $res = $a->post_json("/api/v1/accounts/$bid/note",
	    { comment => 'x' x 2001 });
	is($res->{status}, 422, 'a 2001-character note: 422');
	is(json_of($res)->{error}, 'Validation failed: Comment is too long ' .
	    '(maximum is 2000 characters)', 'with Mastodon\'s message');
	is(relationship($a, $bid)->{note}, 'x' x 2000, 'the old note stays');
	$r = act($a, "/api/v1/accounts/$bid/note", {}, 'no comment');
	is($r->{note}, '', 'clears it');
	$res = $a->post_form("/api/v1/accounts/$bid/note", [comment => 'form']);
	is(json_of($res)->{note}, 'form', 'a form works too');
	$r = act($a, "/api/v1/accounts/$aid/note", { comment => 'me' },
	    'a note on oneself');
	is($r->{note}, 'me', 'is allowed, as in Mastodon');
	not_found_ok($a->post_json('/api/v1/accounts/1/note',
	    { comment => 'x' }), 'a note on an unknown account');
};

subtest 'familiar_followers' => sub {
	my ($v, $vn, $vid) = person('rffv');
	my ($t, $tn, $tid) = person('rfft');
	my ($lonely, $ln, $lid) = person('rffl');
	my @friends;
	for my $i (1 .. 3) {
		my ($f, $fn, $fid) = person("rfff$i");
		act($v, "/api/v1/accounts/$fid/follow", {}, "v follows friend $i");
		act($f, "/api/v1/accounts/$tid/follow", {}, "friend $i follows t");
		push @friends, [$f, $fid];
	}
	my ($other, $on, $oid) = person('rffo');
	act($other, "/api/v1/accounts/$tid/follow", {}, 'a stranger follows t');
	# A friend who hides whom they follow is not shown.
	$friends[2][0]->request('PATCH', '/api/v1/accounts/update_credentials',
	    form => [hide_collections => 'true']);

	my $res = $v->get("/api/v1/accounts/familiar_followers?id[]=$tid" .
	    "&id[]=$lid&id[]=1");
	is($res->{status}, 200, 'answers 200');
	ok_schema('FamiliarFollowers[]', $res, 'FamiliarFollowers');
	my $list = json_of($res);
	is_deeply(ids_of($list), [$tid, $lid], 'one entry per known account');
	is_deeply(ids_of($list->[0]{accounts}),
	    [$friends[1][1], $friends[0][1]],
	    'the followed who follow it, newest first');
	ok_schema('Account[]', $list->[0]{accounts}, 'Accounts');
	is_deeply($list->[1]{accounts}, [], 'none for the lonely one');

	$t->request('PATCH', '/api/v1/accounts/update_credentials',
	    form => [hide_collections => 'true']);
	is_deeply(json_of($v->get("/api/v1/accounts/familiar_followers?" .
	    "id[]=$tid"))->[0]{accounts}, [],
	    'none when t hides its followers');
	is($v->get('/api/v1/accounts/familiar_followers?id[]=y')->{status},
	    400, 'a malformed id: 400');
};

subtest 'the blocks and mutes lists page with Link headers' => sub {
	my ($a, $an, $aid) = person('rpa');
	my (@blocked, @muted);
	for my $i (1 .. 3) {
		my (undef, undef, $id) = person("rpb$i");
		act($a, "/api/v1/accounts/$id/block", {}, "block $i");
		unshift @blocked, $id;
		(undef, undef, $id) = person("rpm$i");
		act($a, "/api/v1/accounts/$id/mute", {}, "mute $i");
		unshift @muted, $id;
	}
	for my $case (['blocks', 'Account', \@blocked],
	    ['mutes', 'MutedAccount', \@muted]) {
		my ($what, $schema, $want) = @$case;
		my $res = $a->get("/api/v1/$what");
		ok_schema("${schema}[]", $res, "$what: a list");
		is_deeply(ids_of(json_of($res)), $want, "$what: newest first");
		my @seen;
		my $url = "/api/v1/$what?limit=2";
		for my $n (1 .. 5) {
			last unless defined $url;
			$res = $a->get($url);
			ok_schema("${schema}[]", $res, "$what page $n") if
			    @{ json_of($res) };
			push @seen, @{ ids_of(json_of($res)) };
			ok(defined links($res)->{prev}, "$what page $n: rel=prev");
			$url = links($res)->{next};
		}
		is_deeply(\@seen, $want, "$what: the pages hold each once");
		my $first = $a->get("/api/v1/$what?limit=1");
		my $back = $a->get(links($a->get(links($first)->{next}))->{prev});
		is_deeply(ids_of(json_of($back)), [$want->[0]],
		    "$what: rel=prev leads back");
		is($a->get("/api/v1/$what?limit=0")->{status}, 400,
		    "$what: limit=0 is 400");
		my ($other) = person('rpo');
		is_deeply(json_of($other->get("/api/v1/$what")), [],
		    "$what: another user's list is their own");
	}
};

subtest 'a locked account, end to end' => sub {
	my ($l, $ln, $lid, $lweb) = person('rlk');
	my ($f, $fn, $fid) = person('rlkf');
	my ($g, $gn, $gid) = person('rlkg');
	my $res = $l->request('PATCH', '/api/v1/accounts/update_credentials',
	    form => [locked => 'true']);
	ok(json_of($res)->{locked}, 'locked');

	my $r = act($f, "/api/v1/accounts/$lid/follow",
	    { reblogs => JSON::PP::false }, 'f asks to follow');
	ok($r->{requested} && !$r->{following}, 'requested, not following');
	ok(!$r->{showing_reblogs}, 'the request keeps its options');
	act($g, "/api/v1/accounts/$lid/follow", {}, 'g asks to follow');
	ok(relationship($l, $fid)->{requested_by}, 'l sees requested_by');
	is(notifications_of($lid, 'follow_request'), 2, 'l is told twice');
	is(json_of($anon->get("/api/v1/accounts/$lid"))->{followers_count}, 0,
	    'no follower yet');

	$res = $l->get('/api/v1/follow_requests');
	is($res->{status}, 200, 'the list: 200');
	ok_schema('Account[]', $res, 'the list: Accounts');
	is_deeply(ids_of(json_of($res)), [$gid, $fid], 'newest first');
	$res = $l->get('/api/v1/follow_requests?limit=1');
	is_deeply(ids_of(json_of($res)), [$gid], 'limit=1');
	my $next = $l->get(links($res)->{next});
	ok_schema('Account[]', $next, 'rel=next: Accounts');
	is_deeply(ids_of(json_of($next)), [$fid], 'rel=next: the older one');
	is_deeply(json_of($f->get('/api/v1/follow_requests')), [],
	    'f has no requests of its own to see');
	is(json_of($l->get('/api/v1/accounts/verify_credentials'))
	    ->{source}{follow_requests_count}, 2, 'follow_requests_count');

	$r = act($l, "/api/v1/follow_requests/$fid/authorize", {},
	    'authorize f');
	is($r->{id}, $fid, 'the relationship to f');
	ok($r->{followed_by} && !$r->{requested_by}, 'followed by f now');
	$r = relationship($f, $lid);
	ok($r->{following} && !$r->{requested}, 'f follows l');
	ok(!$r->{showing_reblogs}, 'with the options it asked for');
	is(json_of($anon->get("/api/v1/accounts/$lid"))->{followers_count}, 1,
	    'the public count moved');
	is(notifications_of($lid, 'follow'), 1,
	    'l is told of its new follower');
	is(notifications_of($lid, 'follow_request'), 1,
	    'the answered request\'s notification is gone');

	$r = act($l, "/api/v1/follow_requests/$gid/reject", {}, 'reject g');
	ok(!$r->{requested_by} && !$r->{followed_by}, 'no request, no follow');
	ok(!relationship($g, $lid)->{requested}, 'g\'s request is gone');
	is_deeply(json_of($l->get('/api/v1/follow_requests')), [],
	    'nobody waits');
	not_found_ok($l->post_json("/api/v1/follow_requests/$gid/authorize",
	    {}), 'authorizing a request that is not there');
	not_found_ok($l->post_json("/api/v1/follow_requests/$gid/reject", {}),
	    'rejecting one that is not there');
	not_found_ok($l->post_json('/api/v1/follow_requests/1/authorize', {}),
	    'an unknown account');
	not_found_ok($g->post_json("/api/v1/follow_requests/$fid/authorize",
	    {}), 'g cannot answer what was asked of l');

	is(notifications_of($lid, 'follow_request'), 0,
	    'nor does the rejected one\'s');

	# f, now a follower, sees l's private posts; g does not.
	my $secret = post_status_id($lweb, $ln, status => 'followers only',
	    visibility => 'private');
	is_deeply(ids_of(json_of($f->get("/api/v1/accounts/$lid/statuses"))),
	    [$secret], 'an authorized follower sees private posts');
	is_deeply(json_of($g->get("/api/v1/accounts/$lid/statuses")), [],
	    'a rejected one does not');

	# A withdrawn request disappears for the locked account too.
	act($g, "/api/v1/accounts/$lid/follow", {}, 'g asks again');
	act($g, "/api/v1/accounts/$lid/unfollow", {}, 'and withdraws');
	is_deeply(json_of($l->get('/api/v1/follow_requests')), [],
	    'the withdrawn request is gone');
	is(notifications_of($lid, 'follow_request'), 0,
	    'with its notification');
};

subtest 'blocks and mutes hide posts from public and tag timelines and threads' => sub {
	my ($v, $vn, $vid, $vweb) = person('rtv');
	my ($b, $bn, $bid, $bweb) = person('rtb');
	my ($m, $mn, $mid, $mweb) = person('rtm');
	my ($o, $on, $oid, $oweb) = person('rto');
	(my $tag = 'blk' . unique_name('t')) =~ s/_//g;
	my $root = post_status_id($oweb, $on, status => "root #$tag");
	my $floor = $root - 1;
	my $bpost = post_status_id($bweb, $bn, status => "from b #$tag",
	    in_reply_to_id => $root);
	my $mpost = post_status_id($mweb, $mn, status => "from m #$tag",
	    in_reply_to_id => $root);
	my $opost = post_status_id($oweb, $on, status => "more #$tag");
	my %public = (
	    public => "/api/v1/timelines/public?local=true&since_id=$floor",
	    tag => "/api/v1/timelines/tag/$tag?since_id=$floor",
	);
	# Replies to others are not on the public timelines, so b and m
	# also post at the top level.
	my $btop = post_status_id($bweb, $bn, status => "top b #$tag");
	my $mtop = post_status_id($mweb, $mn, status => "top m #$tag");

	for my $which (sort keys %public) {
		my $res = $v->get($public{$which});
		ok_schema('Status[]', $res, "$which before: Statuses");
		my %ids = map { $_ => 1 } @{ ids_of(json_of($res)) };
		ok($ids{$btop} && $ids{$mtop} && $ids{$opost},
		    "$which before: every author");
	}
	act($v, "/api/v1/accounts/$bid/block", {}, 'v blocks b');
	act($v, "/api/v1/accounts/$mid/mute", {}, 'v mutes m');
	for my $which (sort keys %public) {
		my $res = $v->get($public{$which});
		ok_schema('Status[]', $res, "$which: Statuses");
		my %ids = map { $_ => 1 } @{ ids_of(json_of($res)) };
		ok(!$ids{$btop}, "$which: not the blocked author");
		ok(!$ids{$mtop}, "$which: not the muted author");
		ok($ids{$opost}, "$which: the others still");
		%ids = map { $_ => 1 } @{ ids_of(json_of($b->get(
		    $public{$which}))) };
		ok($ids{$opost} && $ids{$mtop}, "$which: b still sees others");
		%ids = map { $_ => 1 } @{ ids_of(json_of($anon->get(
		    $public{$which}))) };
		ok($ids{$btop} && $ids{$mtop}, "$which: anonymous sees all");
	}
	my $vpost = post_status_id($vweb, $vn, status => "from v #$tag");
	my %ids = map { $_ => 1 } @{ ids_of(json_of($b->get(
	    $public{public}))) };
	ok(!$ids{$vpost}, 'the blocked b does not see the blocker v either');

	my $res = $v->get("/api/v1/statuses/$root/context");
	is($res->{status}, 200, 'the thread: 200');
	my $desc = ids_of(json_of($res)->{descendants});
	ok(!(grep { $_ == $bpost || $_ == $mpost } @$desc),
	    'the thread hides the blocked and the muted replies');
	$desc = ids_of(json_of($anon->get("/api/v1/statuses/$root/context"))
	    ->{descendants});
	is_deeply([sort @$desc], [sort $bpost, $mpost],
	    'anonymous sees both replies');
	my $page = $vweb->get("/\@$on/$root");
	is($page->{status}, 200, 'the thread page: 200');
	unlike($page->{content}, qr/from b\b/, 'the thread page hides it too');
	like($anon->get("/\@$on/$root")->{content}, qr/from b\b/,
	    'which anyone else sees');

	act($v, "/api/v1/accounts/$mid/unmute", {}, 'v unmutes m');
	%ids = map { $_ => 1 } @{ ids_of(json_of($v->get($public{tag}))) };
	ok($ids{$mtop}, 'an unmuted author is back');
	act($v, "/api/v1/accounts/$mid/mute", { duration => 60 }, 'a timed mute');
	psql(q{UPDATE mutes SET expires_at = now() - interval '1 second'
	    WHERE account_id = :'1'}, $vid);
	%ids = map { $_ => 1 } @{ ids_of(json_of($v->get($public{tag}))) };
	ok($ids{$mtop}, 'and after a mute expires');
};

done_testing();
