# home_feed.t: the home timeline is a feed written as things happen
# (sql/0013_home_feeds.sql): a post reaches its author and their
# followers, with Mastodon's rules for replies, direct statuses and
# reblogs; a deletion takes it out; a follow merges the followee's recent
# statuses in and an unfollow takes them out; blocks, mutes and
# suspensions hide what they should; an empty feed is rebuilt when read
# (and by woollyctl); housekeeping trims each feed. The posts of an
# account with many followers reach them through a queue drained right
# after the answer (the poster sees theirs at once), which no dying
# process loses. GET
# /api/v1/timelines/home serves it as valid Statuses, paged with Link
# headers, and only to a user's token.
use strict;
use warnings;
use POSIX ();
use Test::More;
use Woolly::Test;

sub ids_of { return [map { $_->{id} } @{ $_[0] || [] }] }

sub has_id {
	my ($list, $id) = @_;
	return scalar grep { $_ eq $id } @{ ids_of($list) };
}

# Is the status in the reader's feed table?
sub in_feed {
	my ($reader, $status) = @_;
	return scalar psql(q{SELECT count(*) FROM home_feeds h JOIN accounts a
	    ON a.id = h.account_id WHERE lower(a.username) = lower(:'1')
	    AND a.domain IS NULL AND h.status_id = :'2'}, $reader, $status);
}

sub feed_size {
	my ($reader) = @_;
	return scalar psql(q{SELECT count(*) FROM home_feeds
	    WHERE account_id = :'1'}, account_id_of($reader));
}

# The reader's home timeline through the API (40 newest), checked.
sub home_ids {
	my ($api, $what) = @_;
	my $res = $api->get('/api/v1/timelines/home?limit=40');
	is($res->{status}, 200, "$what: home answers 200");
	my $list = json_of($res) || [];
	if (@$list) {
		ok_schema('Status[]', $res, "$what: valid Statuses");
	}
	return $list;
}

# Follow or unfollow through the profile page's form.
sub press {
	my ($web, $name, $what) = @_;
	my $token = csrf_from($web->get("/\@$name")->{content});
	my $res = $web->post_form("/\@$name/$what",
	    [authenticity_token => $token]);
	die "$what $name answered $res->{status}\n" unless $res->{status} == 303;
	return $res;
}

# A reblog, stored as the statuses API or an inbox will store one.
sub reblog {
	my ($booster, $status) = @_;
	return scalar psql(q{INSERT INTO statuses (uri, account_id,
	    reblog_of_id, visibility, local)
	    SELECT 'https://' || :'3' || '/users/' || a.username
	        || '/statuses/' || :'2' || '/activity', a.id, :'2', 'public',
	        true
	    FROM accounts a WHERE lower(a.username) = lower(:'1')
	    AND a.domain IS NULL RETURNING id}, $booster, $status, domain());
}

my ($alice_api, $alice, $alice_web) = api_user(prefix => 'hfalice');
my ($bob_api, $bob, $bob_web) = api_user(prefix => 'hfbob');
my ($carol_api, $carol, $carol_web) = api_user(prefix => 'hfcarol');
press($alice_web, $bob, 'follow');

subtest 'a post reaches its author and their followers' => sub {
	my %id;
	$id{$_} = post_status_id($bob_web, $bob, status => "bob $_",
	    visibility => $_) for qw(public unlisted private);
	$id{direct_alice} = post_status_id($bob_web, $bob,
	    status => "\@$alice just us", visibility => 'direct');
	$id{direct_carol} = post_status_id($bob_web, $bob,
	    status => "\@$carol just us", visibility => 'direct');
	for my $v (qw(public unlisted private direct_alice)) {
		is(in_feed($alice, $id{$v}), 1, "the follower gets $v");
	}
	is(in_feed($alice, $id{direct_carol}), 0,
	    'not a direct status that mentions someone else');
	is(in_feed($bob, $_), 1, "the author gets their own $_") for
	    values %id;
	is(in_feed($carol, $id{public}), 0, 'a non-follower gets nothing');
	is(in_feed($carol, $id{direct_carol}), 0,
	    'not even a direct status to them, from someone they do not follow');

	my $list = home_ids($alice_api, 'the follower');
	ok(has_id($list, $id{$_}), "the API shows the $_ status") for
	    qw(public unlisted private direct_alice);
	ok(!has_id($list, $id{direct_carol}), 'not the direct one to carol');
	my @ids = @{ ids_of($list) };
	is_deeply(\@ids, [sort { $b <=> $a } @ids], 'newest first');
};

subtest 'GET /api/v1/timelines/home pages like every list' => sub {
	my @mine;	# newest first
	unshift @mine, post_status_id($bob_web, $bob, status => "page $_")
	    for 1 .. 5;
	my $res = $alice_api->get('/api/v1/timelines/home?limit=2');
	is($res->{status}, 200, 'limit=2: 200');
	ok_schema('Status[]', $res, 'limit=2: valid Statuses');
	is_deeply(ids_of(json_of($res)), [@mine[0, 1]], 'the two newest');
	like($res->{headers}{'cache-control'} // '', qr/private/,
	    'a personal answer is private');
	my $links = links($res);
	like($links->{next} // '', qr/[?&]max_id=$mine[1](?:&|\z)/,
	    'rel=next pages by max_id');
	like($links->{next} // '', qr/[?&]limit=2(?:&|\z)/,
	    'rel=next keeps limit');
	like($links->{prev} // '', qr/[?&]min_id=$mine[0](?:&|\z)/,
	    'rel=prev by min_id');

	my $next = $alice_api->get($links->{next});
	ok_schema('Status[]', $next, 'the next page: valid Statuses');
	is_deeply(ids_of(json_of($next)), [@mine[2, 3]], 'the next two');
	my $prev = $alice_api->get(links($next)->{prev});
	ok_schema('Status[]', $prev, 'its rel=prev: valid Statuses');
	is_deeply(ids_of(json_of($prev)), [@mine[0, 1]],
	    'its rel=prev goes back to the first page');

	$res = $alice_api->get("/api/v1/timelines/home?since_id=$mine[3]");
	ok_schema('Status[]', $res, 'since_id: valid Statuses');
	is_deeply(ids_of(json_of($res)), [@mine[0 .. 2]],
	    'since_id: everything newer, newest first');
	$res = $alice_api->get(
	    "/api/v1/timelines/home?min_id=$mine[4]&limit=2");
	ok_schema('Status[]', $res, 'min_id: valid Statuses');
	is_deeply(ids_of(json_of($res)), [@mine[2, 3]],
	    'min_id: the page just above it, newest first');
	$res = $alice_api->get("/api/v1/timelines/home?max_id=$mine[4]&limit=40");
	ok_schema('Status[]', $res, 'max_id: valid Statuses');
	ok(!has_id(json_of($res), $_), 'max_id: nothing as new as it')
	    for @mine;

	$res = $alice_api->get('/api/v1/timelines/home?min_id=' .
	    $mine[0]);
	is($res->{status}, 200, 'an empty page: 200');
	is_deeply(json_of($res), [], 'and []');
	ok(defined links($res)->{prev}, 'still with rel=prev to poll on');

	for my $bad ('max_id=abc', 'since_id=-1', 'limit=0', 'limit=x',
	    'local=maybe') {
		$res = $alice_api->get("/api/v1/timelines/home?$bad");
		is($res->{status}, 400, "$bad: 400");
		ok(defined json_of($res)->{error}, "$bad: with an error");
	}
	$res = $alice_api->get('/api/v1/timelines/home?limit=1000');
	is($res->{status}, 200, 'a limit over 40 is clamped, not refused');
	ok_schema('Status[]', $res, 'limit=1000: valid Statuses');
	cmp_ok(scalar @{ json_of($res) }, '<=', 40, 'to 40');

	$res = client()->get('/api/v1/timelines/home');
	is($res->{status}, 401, 'no token: 401');
	is_deeply(json_of($res), { error => 'The access token is invalid' },
	    'with Mastodon\'s message');
	$res = client(token => 'not-a-token')->get('/api/v1/timelines/home');
	is($res->{status}, 401, 'a bad token: 401');
	$res = client(token => api_token($alice, 'write'))
	    ->get('/api/v1/timelines/home');
	is($res->{status}, 403, 'a token without read: 403');
	$res = client(token => api_token(undef, 'read'))
	    ->get('/api/v1/timelines/home');
	is($res->{status}, 422, 'an application token with no user: 422');
	$res = client(token => api_token($alice, 'read:statuses'))
	    ->get('/api/v1/timelines/home?limit=1');
	is($res->{status}, 200, 'read:statuses is enough');
	ok_schema('Status[]', $res, 'read:statuses: valid Statuses');
};

subtest 'local=true keeps statuses of this server' => sub {
	my $far = unique_name('hffar');
	my $far_id = psql(q{INSERT INTO accounts (username, domain, uri, url)
	    VALUES (:'1', 'remote.example', 'https://remote.example/users/'
	    || :'1', 'https://remote.example/@' || :'1') RETURNING id}, $far);
	psql(q{INSERT INTO follows (account_id, target_account_id)
	    VALUES (:'1', :'2')}, account_id_of($alice), $far_id);
	my $remote = psql(q{INSERT INTO statuses (uri, url, account_id,
	    content, visibility, local) VALUES
	    ('https://remote.example/users/' || :'1' || '/statuses/1',
	     'https://remote.example/@' || :'1' || '/1', :'2',
	     '<p>from afar</p>', 'public', false) RETURNING id},
	    $far, $far_id);
	is(in_feed($alice, $remote), 1,
	    'a followed remote account\'s status reaches the feed');
	my $list = home_ids($alice_api, 'everything');
	ok(has_id($list, $remote), 'the API shows it');
	my $res = $alice_api->get('/api/v1/timelines/home?local=true&limit=40');
	ok_schema('Status[]', $res, 'local=true: valid Statuses');
	ok(!has_id(json_of($res), $remote), 'local=true leaves it out');
	ok(@{ json_of($res) } > 0, 'and keeps the local ones');
	like(links($res)->{prev} // '', qr/[?&]local=true/,
	    'its links keep local=true');
};

subtest 'replies only to accounts one follows' => sub {
	my $carol_post = post_status_id($carol_web, $carol, status => 'carol');
	my $alice_post = post_status_id($alice_web, $alice, status => 'alice');
	my $bob_top = post_status_id($bob_web, $bob, status => 'bob top');
	my $to_carol = post_status_id($bob_web, $bob,
	    status => "\@$carol hi", in_reply_to_id => $carol_post);
	my $to_alice = post_status_id($bob_web, $bob,
	    status => "\@$alice hi", in_reply_to_id => $alice_post);
	my $to_self = post_status_id($bob_web, $bob, status => 'and more',
	    in_reply_to_id => $bob_top);
	is(in_feed($alice, $to_carol), 0,
	    'not a reply to someone the reader does not follow');
	is(in_feed($alice, $to_alice), 1, 'a reply to the reader');
	is(in_feed($alice, $to_self), 1, 'a self-reply');
	is(in_feed($alice, $alice_post), 1, 'one\'s own post');
	is(in_feed($bob, $to_carol), 1, 'the author sees all their replies');

	my ($dave_api, $dave, $dave_web) = api_user(prefix => 'hfdave');
	press($dave_web, $bob, 'follow');
	press($dave_web, $carol, 'follow');
	my $to_carol2 = post_status_id($bob_web, $bob,
	    status => "\@$carol again", in_reply_to_id => $carol_post);
	is(in_feed($dave, $to_carol2), 1,
	    'a reader who follows both sees the reply');
	is(in_feed($alice, $to_carol2), 0, 'the other reader still does not');
	ok(has_id(home_ids($dave_api, 'the reader of both'), $to_carol2),
	    'the API shows it to the reader of both');
};

subtest 'reblogs, as Mastodon puts them in a feed' => sub {
	my ($erin_api, $erin, $erin_web) = api_user(prefix => 'hferin');
	press($alice_web, $erin, 'follow');
	my $carol_post = post_status_id($carol_web, $carol,
	    status => 'boost me');
	my $boost = reblog($erin, $carol_post);
	is(in_feed($alice, $boost), 1, 'a reblog by a followed account');
	my ($shown) = grep { $_->{id} eq $boost }
	    @{ home_ids($alice_api, 'with a reblog') };
	is($shown->{reblog}{id}, $carol_post,
	    'the API shows it with the boosted status');

	my $bob_post = post_status_id($bob_web, $bob, status => 'in already');
	my $again = reblog($erin, $bob_post);
	is(in_feed($alice, $again), 0,
	    'not a reblog of a status already among the newest 40');
	is(in_feed($erin, $again), 1, 'the booster has it still');
	my $third = reblog($bob, $carol_post);
	is(in_feed($alice, $third), 0,
	    'nor a second reblog of a status recently boosted');

	psql(q{UPDATE follows SET show_reblogs = false WHERE account_id = :'1'
	    AND target_account_id = :'2'}, account_id_of($alice),
	    account_id_of($erin));
	ok(!has_id(home_ids($alice_api, 'hiding reblogs'), $boost),
	    'reblogs hidden since are not shown');
	my $fresh = post_status_id($carol_web, $carol, status => 'boost me 2');
	my $hidden = reblog($erin, $fresh);
	is(in_feed($alice, $hidden), 0, 'and new ones do not come in');
	my $own = post_status_id($erin_web, $erin, status => 'erin speaks');
	is(in_feed($alice, $own), 1, 'while their own posts still do');
	psql(q{UPDATE follows SET show_reblogs = true WHERE account_id = :'1'
	    AND target_account_id = :'2'}, account_id_of($alice),
	    account_id_of($erin));
	ok(has_id(home_ids($alice_api, 'showing reblogs'), $boost),
	    'shown again when the reader wants them back');

	delete_status($carol_web, $carol, $carol_post);
	is(in_feed($alice, $boost), 0,
	    'deleting a status takes its reblogs out');
};

subtest 'deleting a status takes it out of every feed' => sub {
	my $id = post_status_id($bob_web, $bob, status => 'short-lived');
	is(in_feed($alice, $id), 1, 'in the follower\'s feed');
	is(delete_status($bob_web, $bob, $id)->{status}, 303, 'deleted');
	is(in_feed($alice, $id), 0, 'gone from the follower\'s feed');
	is(in_feed($bob, $id), 0, 'and from the author\'s');
	ok(!has_id(home_ids($alice_api, 'after the deletion'), $id),
	    'the API does not show it');
};

subtest 'a follow merges recent statuses in, an unfollow takes them out' => sub {
	my ($fay_api, $fay, $fay_web) = api_user(prefix => 'hffay');
	my @before = map { post_status_id($fay_web, $fay, status => "fay $_") }
	    1 .. 3;
	my $dm = post_status_id($fay_web, $fay, status => "\@$carol psst",
	    visibility => 'direct');
	my $private = post_status_id($fay_web, $fay, status => 'followers',
	    visibility => 'private');
	press($alice_web, $fay, 'follow');
	is(in_feed($alice, $_), 1, "an earlier status ($_) is merged in")
	    for @before, $private;
	is(in_feed($alice, $dm), 0, 'not a direct status to someone else');
	my $list = home_ids($alice_api, 'after following');
	ok(has_id($list, $before[-1]), 'the API shows them');

	press($alice_web, $fay, 'unfollow');
	is(scalar psql(q{SELECT count(*) FROM home_feeds WHERE account_id =
	    :'1' AND author_id = :'2'}, account_id_of($alice),
	    account_id_of($fay)), 0, 'an unfollow takes them all out');
	ok(!has_id(home_ids($alice_api, 'after unfollowing'), $before[-1]),
	    'the API no longer shows them');
	is(in_feed($fay, $before[0]), 1, 'the author keeps them');
};

subtest 'blocks, mutes and suspensions' => sub {
	my ($gus_api, $gus, $gus_web) = api_user(prefix => 'hfgus');
	my ($hal_api, $hal, $hal_web) = api_user(prefix => 'hfhal');
	press($alice_web, $gus, 'follow');
	press($alice_web, $hal, 'follow');
	my $gus_post = post_status_id($gus_web, $gus, status => 'gus');
	my $hal_post = post_status_id($hal_web, $hal, status => 'hal');
	my $mention = post_status_id($bob_web, $bob, status => "hi \@$gus");
	my $boost = reblog($hal, $gus_post);
	my ($alice_id, $gus_id, $hal_id) = map { account_id_of($_) }
	    $alice, $gus, $hal;

	psql(q{INSERT INTO mutes (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $alice_id, $gus_id);
	is(in_feed($alice, $gus_post), 0, 'a mute takes the account out');
	is(in_feed($alice, $mention), 0, 'and what mentions them');
	is(in_feed($alice, $hal_post), 1, 'but not others');
	my $later = post_status_id($gus_web, $gus, status => 'gus again');
	is(in_feed($alice, $later), 0, 'nothing new comes in while muted');
	my $mentioned = post_status_id($bob_web, $bob,
	    status => "again \@$gus");
	is(in_feed($alice, $mentioned), 0, 'nor what mentions them');
	psql(q{DELETE FROM mutes WHERE account_id = :'1'}, $alice_id);

	psql(q{INSERT INTO blocks (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $hal_id, $alice_id);
	is(in_feed($alice, $hal_post), 0,
	    'a block takes the blocker out of the blocked one\'s feed');
	my $hal_later = post_status_id($hal_web, $hal, status => 'hal again');
	ok(!has_id(home_ids($alice_api, 'blocked'), $hal_later),
	    'and the API hides what still reaches the feed');
	psql(q{DELETE FROM blocks WHERE account_id = :'1'}, $hal_id);

	my $shown = post_status_id($gus_web, $gus, status => 'gus is back');
	ok(has_id(home_ids($alice_api, 'before the suspension'), $shown),
	    'shown');
	my ($rc, $out, $err) = woollyctl('account', 'suspend', $gus);
	is($rc, 0, 'suspended') or diag($err);
	ok(!has_id(home_ids($alice_api, 'suspended'), $shown),
	    'a suspended author is not shown');
	is(in_feed($alice, $shown), 1, 'though the feed keeps the row');
	($rc, $out, $err) = woollyctl('account', 'unsuspend', $gus);
	is($rc, 0, 'unsuspended') or diag($err);
	ok(has_id(home_ids($alice_api, 'unsuspended'), $shown),
	    'and comes back when the suspension is lifted');
};

subtest 'an empty feed is rebuilt when read, and by woollyctl' => sub {
	my $newest = post_status_id($bob_web, $bob, status => 'rebuild me');
	my $alice_id = account_id_of($alice);
	my $size = feed_size($alice);
	psql(q{DELETE FROM home_feeds WHERE account_id = :'1'}, $alice_id);
	is(feed_size($alice), 0, 'the feed is emptied');
	my $list = home_ids($alice_api, 'an empty feed');
	ok(has_id($list, $newest), 'the first page is there all the same');
	cmp_ok(feed_size($alice), '>', 0, 'the feed was rebuilt');
	my $web = $alice_web->get('/home');
	like($web->{content}, qr/\Q$newest\E/, 'the /home page shows it too');

	psql(q{DELETE FROM home_feeds WHERE account_id = :'1'}, $alice_id);
	my ($rc, $out, $err) = woollyctl('feed', 'rebuild', $alice);
	is($rc, 0, 'woollyctl feed rebuild: exit 0') or diag($err);
	like($out, qr/rebuilt the home feed of \Q$alice\E: \d+ statuses/,
	    'it says how many');
	cmp_ok(feed_size($alice), '>=', $size - 5,
	    'the feed is about as full as it was');
	is(in_feed($alice, $newest), 1, 'with the newest status');

	($rc, $out, $err) = woollyctl('feed', 'rebuild', 'nosuchuser_hf');
	is($rc, 1, 'an unknown user: exit 1');
	like($err, qr/no local user named 'nosuchuser_hf'/, 'and why');
	($rc, $out, $err) = woollyctl('feed', 'rebuild');
	is($rc, 2, 'no name: exit 2');
	like($err, qr/usage: woollyctl feed rebuild/, 'with usage');
};

# The queue's side (sql/0014): an account with more followers than are
# served inside the post's own transaction, as its counters say.
sub popular {
	my ($name) = @_;
	psql(q{UPDATE account_stats SET followers_count = home_feed_inline_max()
	    + 1 WHERE account_id = :'1'}, account_id_of($name));
}

sub queued { return scalar psql(q{SELECT count(*) FROM home_feed_queue}) }

sub housekeep {
	my ($rc, $out, $err) = run_command(["$ENV{WOOLLY_TEST_BUILD}/cron/" .
	    'woolly-housekeep', '-c', $ENV{WOOLLY_TEST_CONF}]);
	is($rc, 0, 'woolly-housekeep: exit 0') or diag($err);
}

# The reader's home through the API, without a test per look.
sub sees {
	my ($api, $id) = @_;
	my $res = $api->get('/api/v1/timelines/home?limit=40');
	return $res->{status} == 200 && has_id(json_of($res), $id);
}

subtest 'a popular account\'s post reaches its followers after the answer'
    => sub {
	my ($star_api, $star, $star_web) = api_user(prefix => 'hfstar');
	my ($fan_api, $fan, $fan_web) = api_user(prefix => 'hffan');
	press($fan_web, $star, 'follow');
	popular($star);
	my $id = post_status_id($star_web, $star, status => 'to all my fans');
	ok(has_id(home_ids($star_api, 'the poster'), $id),
	    'the poster sees it at once');
	ok(wait_until(sub { sees($fan_api, $id) }),
	    'a follower sees it very soon after');
	is(in_feed($fan, $id), 1, 'it is in the follower\'s feed');
	ok(wait_until(sub { queued() == 0 }), 'and the queue is empty again');

	# Any writer queues: the pool hears of it with its next answer.
	my $by_hand = psql(q{INSERT INTO statuses (uri, account_id, text,
	    content, local)
	    SELECT 'https://' || :'2' || '/users/' || a.username
	        || '/statuses/by-hand', a.id, 'by hand', '<p>by hand</p>', true
	    FROM accounts a WHERE lower(a.username) = lower(:'1')
	    AND a.domain IS NULL RETURNING id}, $star, domain());
	is(in_feed($fan, $by_hand), 0, 'a status written by hand is queued');
	ok(wait_until(sub { sees($fan_api, $by_hand) }),
	    'and delivered once the pool answers anything');
};

subtest 'the queue outlives a drain that dies' => sub {
	my ($star_api, $star, $star_web) = api_user(prefix => 'hfnova');
	my ($fan_api, $fan, $fan_web) = api_user(prefix => 'hfkid');
	press($fan_web, $star, 'follow');
	popular($star);
	my $id = psql(q{INSERT INTO statuses (uri, account_id, text, content,
	    local)
	    SELECT 'https://' || :'2' || '/users/' || a.username
	        || '/statuses/durable', a.id, 'durable', '<p>durable</p>', true
	    FROM accounts a WHERE lower(a.username) = lower(:'1')
	    AND a.domain IS NULL RETURNING id}, $star, domain());
	is(queued(), 1, 'queued');
	# A drain that has taken the status and delivered it, uncommitted,
	# when its process is killed.
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		run_command(['psql', '-X', '-q', '-d', $ENV{WOOLLY_TEST_DB}],
		    "BEGIN; SELECT home_feed_drain(10); " .
		    "SELECT pg_sleep(60) AS dying_drain;");
		POSIX::_exit(0);
	}
	ok(wait_until(sub { psql(q{SELECT count(*) FROM pg_stat_activity
	    WHERE query LIKE '%AS dying_drain%' AND state = 'active'
	    AND pid <> pg_backend_pid()}) > 0 }), 'a drain holds the status');
	is(in_feed($fan, $id), 0, 'not delivered yet: not committed');
	psql(q{SELECT pg_terminate_backend(pid) FROM pg_stat_activity
	    WHERE query LIKE '%AS dying_drain%' AND pid <> pg_backend_pid()});
	waitpid($pid, 0);
	is(queued(), 1, 'killed: the status is still queued');
	is(in_feed($fan, $id), 0, 'and delivered to no one');
	housekeep();
	is(in_feed($fan, $id), 1, 'housekeeping delivered it');
	is(queued(), 0, 'and emptied the queue');
	ok(sees($fan_api, $id), 'the follower sees it');
};

subtest 'housekeeping trims each feed to its newest 800' => sub {
	my ($ivy_api, $ivy, $ivy_web) = api_user(prefix => 'hfivy');
	my ($jo_api, $jo, $jo_web) = api_user(prefix => 'hfjo');
	press($jo_web, $ivy, 'follow');
	psql(q{INSERT INTO statuses (uri, account_id, text, content, local,
	    created_at)
	    SELECT 'https://' || :'2' || '/users/' || a.username
	        || '/statuses/bulk' || n, a.id, 'bulk ' || n,
	        '<p>bulk ' || n || '</p>', true,
	        now() - (900 - n) * interval '1 second'
	    FROM accounts a, generate_series(1, 850) n
	    WHERE lower(a.username) = lower(:'1') AND a.domain IS NULL},
	    $ivy, domain());
	is(feed_size($jo), 850, 'the follower got all 850');
	my $newest = psql(q{SELECT max(status_id) FROM home_feeds
	    WHERE account_id = :'1'}, account_id_of($jo));
	my ($rc, $out, $err) = run_command(["$ENV{WOOLLY_TEST_BUILD}/cron/" .
	    'woolly-housekeep', '-c', $ENV{WOOLLY_TEST_CONF}]);
	is($rc, 0, 'woolly-housekeep: exit 0') or diag($err);
	is(feed_size($jo), 800, 'the feed is trimmed to 800');
	is(feed_size($ivy), 800, 'so is the author\'s');
	is(scalar psql(q{SELECT max(status_id) FROM home_feeds
	    WHERE account_id = :'1'}, account_id_of($jo)), $newest,
	    'the newest are kept');
	is(scalar psql(q{SELECT count(*) FROM (SELECT s.id FROM statuses s
	    WHERE s.account_id = :'2' ORDER BY s.id DESC LIMIT 800) s
	    LEFT JOIN home_feeds h ON h.account_id = :'1'
	    AND h.status_id = s.id WHERE h.status_id IS NULL},
	    account_id_of($jo), account_id_of($ivy)), 0,
	    'exactly the 800 newest');
	my $res = $jo_api->get('/api/v1/timelines/home');
	ok_schema('Status[]', $res, 'the trimmed feed: valid Statuses');
	is(json_of($res)->[0]{id}, $newest, 'and it reads from the newest');
};

done_testing();
