# notifications.t: what an account is told of, and the notifications API.
# Each type is made by writing the act itself (web follows and posts;
# favourites, boosts and edits as rows, the way any code would write
# them), and undoing the act takes the notification back. Only local
# accounts are told, never of their own acts, never by someone they
# blocked or muted. GET /api/v1/notifications filters by type and sender
# and pages with Link headers; one notification is read, dismissed, or all
# cleared, never someone else's; unread counts follow the read marker; v2
# groups favourites and boosts of a post, and follows. Every answer is
# checked against Mastodon's schema.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice_api, $alice, $alice_web) = api_user(prefix => 'nal');
my ($bob_api, $bob, $bob_web) = api_user(prefix => 'nbo');
my ($carol_web, $carol) = new_user(prefix => 'nca');
my ($alice_id, $bob_id, $carol_id) = map { account_id_of($_) }
    ($alice, $bob, $carol);

# A remote account, as an inbox would have stored it.
sub remote_account {
	my $name = unique_name('far');
	return scalar psql(q{INSERT INTO accounts (username, domain, uri, url)
	    VALUES (:'1', 'remote.example', 'https://remote.example/users/' ||
	    :'1', 'https://remote.example/@' || :'1') RETURNING id}, $name);
}

sub press {
	my ($client, $name, $what) = @_;
	my $token = csrf_from($client->get("/\@$name")->{content});
	my $res = $client->post_form("/\@$name/$what",
	    [authenticity_token => $token]);
	die "$what $name answered $res->{status}\n" unless $res->{status} == 303;
	return $res;
}

sub favourite {
	my ($account_id, $status_id) = @_;
	psql(q{INSERT INTO favourites (account_id, status_id)
	    VALUES (:'1', :'2')}, $account_id, $status_id);
}

sub unfavourite {
	my ($account_id, $status_id) = @_;
	psql(q{DELETE FROM favourites WHERE account_id = :'1'
	    AND status_id = :'2'}, $account_id, $status_id);
}

# A boost: a status row whose reblog_of_id is the boosted status.
sub boost {
	my ($account_id, $status_id) = @_;
	return scalar psql(q{INSERT INTO statuses (uri, account_id,
	    reblog_of_id, visibility, local) VALUES ('https://test.example/' ||
	    :'3', :'1', :'2', 'public', true) RETURNING id},
	    $account_id, $status_id, unique_name('boost'));
}

# How many notifications of a type one account has from another (all
# rows, shown or not).
sub stored {
	my ($to, $type, $from, $status) = @_;
	return scalar psql(q{SELECT count(*) FROM notifications
	    WHERE account_id = :'1' AND type = :'2' AND from_account_id = :'3'
	    AND coalesce(status_id, 0) = :'4'}, $to, $type, $from, $status // 0);
}

sub list_of {
	my ($client, $query) = @_;
	my $res = $client->get('/api/v1/notifications' .
	    (defined $query ? "?$query" : ''));
	is($res->{status}, 200, "GET /api/v1/notifications?" .
	    ($query // '') . ": 200") or diag($res->{content});
	return ($res, json_of($res) || []);
}

sub of_type {
	my ($list, $type, $from) = @_;
	return [grep { $_->{type} eq $type &&
	    (!defined $from || $_->{account}{id} eq $from) } @$list];
}

subtest 'a follow tells the account followed; unfollowing takes it back' => sub {
	press($bob_web, $alice, 'follow');
	my ($res, $list) = list_of($alice_api);
	ok_schema('Notification[]', $res, 'a list of valid Notifications');
	my $f = of_type($list, 'follow', $bob_id);
	is(scalar @$f, 1, 'one follow notification from bob');
	ok(is_json_string($f->[0]{id}), 'its id is a string');
	like($f->[0]{group_key}, qr/\Afollow-\d+\z/,
	    'follows are grouped by hour, as Mastodon keys them');
	ok(!exists $f->[0]{status}, 'a follow names no status');
	my $first = $f->[0]{id};

	press($bob_web, $alice, 'unfollow');
	is(stored($alice_id, 'follow', $bob_id), 0, 'unfollowing removes it');
	press($bob_web, $alice, 'follow');
	(undef, $list) = list_of($alice_api);
	$f = of_type($list, 'follow', $bob_id);
	is(scalar @$f, 1, 'following again tells again, once');
	cmp_ok($f->[0]{id}, '>', $first, '... as a new notification');
	press($bob_web, $alice, 'follow');
	is(stored($alice_id, 'follow', $bob_id), 1,
	    'pressing follow once more makes no second one');
};

subtest 'follow requests: withdrawn, authorized, rejected' => sub {
	my ($lock_web, $lock) = new_user(prefix => 'nlk');
	my $lock_id = account_id_of($lock);
	my $lock_api = client(token => api_token($lock));
	psql(q{UPDATE accounts SET locked = true WHERE id = :'1'}, $lock_id);

	press($bob_web, $lock, 'follow');
	my ($res, $list) = list_of($lock_api);
	ok_schema('Notification[]', $res, 'valid Notifications');
	is(scalar @{ of_type($list, 'follow_request', $bob_id) }, 1,
	    'a follow request tells the locked account');
	press($bob_web, $lock, 'unfollow');
	is(stored($lock_id, 'follow_request', $bob_id), 0,
	    'withdrawing the request removes it');

	# Authorizing writes the follow and removes the request, in either
	# order; Mastodon makes no follow notification then.
	press($bob_web, $lock, 'follow');
	psql(q{BEGIN;
	    INSERT INTO follows (account_id, target_account_id)
	    VALUES (:'1', :'2');
	    DELETE FROM follow_requests WHERE account_id = :'1'
	    AND target_account_id = :'2';
	    COMMIT;}, $bob_id, $lock_id);
	is(stored($lock_id, 'follow_request', $bob_id), 0,
	    'authorized (follow first): the request notification goes');
	is(stored($lock_id, 'follow', $bob_id), 0,
	    '... and no follow notification comes');
	press($carol_web, $lock, 'follow');
	psql(q{BEGIN;
	    DELETE FROM follow_requests WHERE account_id = :'1'
	    AND target_account_id = :'2';
	    INSERT INTO follows (account_id, target_account_id)
	    VALUES (:'1', :'2');
	    COMMIT;}, $carol_id, $lock_id);
	is(stored($lock_id, 'follow', $carol_id), 0,
	    'authorized (request removed first): no follow notification');

	my $far = remote_account();
	psql(q{INSERT INTO follow_requests (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $far, $lock_id);
	is(stored($lock_id, 'follow_request', $far), 1,
	    'a remote account asks too');
	psql(q{DELETE FROM follow_requests WHERE account_id = :'1'}, $far);
	is(stored($lock_id, 'follow_request', $far), 0,
	    'rejected: its notification goes');
	# A later follow, not an authorization, tells as usual.
	psql(q{INSERT INTO follows (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $far, $lock_id);
	is(stored($lock_id, 'follow', $far), 1,
	    'a plain follow in another transaction tells');
};

my $alice_post = post_status_id($alice_web, $alice, status => 'my post');

subtest 'mentions tell local accounts, never the author, never in a boost' => sub {
	my $id = post_status_id($bob_web, $bob, status => "hello \@$alice");
	my ($res, $list) = list_of($alice_api, 'types[]=mention');
	ok_schema('Notification[]', $res, 'valid Notifications');
	my $m = of_type($list, 'mention', $bob_id);
	is(scalar @$m, 1, 'the mentioned account is told');
	is($m->[0]{status}{id}, $id, '... with the status');
	is($m->[0]{group_key}, "ungrouped-$m->[0]{id}",
	    'mentions are not grouped');

	post_status_id($alice_web, $alice, status => "note to \@$alice self");
	is(stored($alice_id, 'mention', $alice_id, last_status_id($alice)), 0,
	    'mentioning oneself tells no one');

	my $far = remote_account();
	my $far_name = psql(q{SELECT username FROM accounts WHERE id = :'1'},
	    $far);
	my $to_far = post_status_id($bob_web, $bob,
	    status => "hi \@$far_name\@remote.example and \@$alice");
	is(scalar psql(q{SELECT count(*) FROM mentions WHERE status_id = :'1'},
	    $to_far), 2, 'both are mentioned');
	is(scalar psql(q{SELECT count(*) FROM notifications
	    WHERE account_id = :'1'}, $far), 0,
	    'a remote account gets no notification here');
	is(stored($alice_id, 'mention', $bob_id, $to_far), 1,
	    'the local one does');

	my $boost = boost($carol_id, $alice_post);
	psql(q{INSERT INTO mentions (status_id, account_id)
	    VALUES (:'1', :'2')}, $boost, $bob_id);
	is(stored($bob_id, 'mention', $carol_id, $boost), 0,
	    'a mention carried by a boost tells no one');
	my $silent = post_status_id($carol_web, $carol, status => 'quiet');
	psql(q{INSERT INTO mentions (status_id, account_id, silent)
	    VALUES (:'1', :'2', true)}, $silent, $alice_id);
	is(stored($alice_id, 'mention', $carol_id, $silent), 0,
	    'a silent mention tells no one');

	delete_status($bob_web, $bob, $id);
	is(stored($alice_id, 'mention', $bob_id, $id), 0,
	    'deleting the status takes the mention back');
	my $again = post_status_id($bob_web, $bob, status => "again \@$alice");
	psql(q{DELETE FROM mentions WHERE status_id = :'1'}, $again);
	is(stored($alice_id, 'mention', $bob_id, $again), 0,
	    'so does removing the mention');
};

subtest 'favourites tell the author; unfavouriting takes it back' => sub {
	favourite($bob_id, $alice_post);
	my ($res, $list) = list_of($alice_api, 'types[]=favourite');
	ok_schema('Notification[]', $res, 'valid Notifications');
	my $f = of_type($list, 'favourite', $bob_id);
	is(scalar @$f, 1, 'the author is told');
	is($f->[0]{status}{id}, $alice_post, '... with the status');
	like($f->[0]{group_key}, qr/\Afavourite-$alice_post-\d+\z/,
	    'grouped with the other favourites of the post');
	favourite($alice_id, $alice_post);
	is(stored($alice_id, 'favourite', $alice_id, $alice_post), 0,
	    'favouriting one\'s own post tells no one');
	unfavourite($bob_id, $alice_post);
	is(stored($alice_id, 'favourite', $bob_id, $alice_post), 0,
	    'unfavouriting removes it');

	my $far = remote_account();
	favourite($far, $alice_post);
	is(stored($alice_id, 'favourite', $far, $alice_post), 1,
	    'a remote account\'s favourite tells the local author');
	my $far_post = psql(q{INSERT INTO statuses (uri, account_id, local)
	    VALUES ('https://remote.example/s/' || :'2', :'1', false)
	    RETURNING id}, $far, unique_name('s'));
	favourite($alice_id, $far_post);
	is(scalar psql(q{SELECT count(*) FROM notifications
	    WHERE account_id = :'1'}, $far), 0,
	    'a remote author is not told here (federation will)');
};

subtest 'boosts tell the author; edits tell those who boosted' => sub {
	my $boost = boost($bob_id, $alice_post);
	my ($res, $list) = list_of($alice_api, 'types[]=reblog');
	ok_schema('Notification[]', $res, 'valid Notifications');
	my $r = of_type($list, 'reblog', $bob_id);
	is(scalar @$r, 1, 'the author is told of the boost');
	is($r->[0]{status}{id}, $alice_post,
	    '... with the boosted status, not the boost');
	boost($alice_id, $alice_post);
	is(stored($alice_id, 'reblog', $alice_id, $alice_post), 0,
	    'boosting one\'s own post tells no one');

	psql(q{UPDATE statuses SET edited_at = now() WHERE id = :'1'},
	    $alice_post);
	my $bob_list;
	($res, $bob_list) = list_of($bob_api, 'types[]=update');
	ok_schema('Notification[]', $res, 'valid Notifications');
	my $u = of_type($bob_list, 'update', $alice_id);
	is(scalar @$u, 1, 'an edit tells the booster');
	is($u->[0]{status}{id}, $alice_post, '... with the edited status');
	is(stored($alice_id, 'update', $alice_id, $alice_post), 0,
	    'not the author, who boosted it too');
	psql(q{UPDATE statuses SET edited_at = now() + interval '1 second'
	    WHERE id = :'1'}, $alice_post);
	(undef, $bob_list) = list_of($bob_api, 'types[]=update');
	my $u2 = of_type($bob_list, 'update', $alice_id);
	is(scalar @$u2, 1, 'a second edit leaves one notification');
	cmp_ok($u2->[0]{id}, '>', $u->[0]{id}, '... the newer one');

	psql(q{UPDATE statuses SET deleted_at = now() WHERE id = :'1'}, $boost);
	is(stored($alice_id, 'reblog', $bob_id, $alice_post), 0,
	    'undoing the boost takes its notification back');
	my $again = boost($bob_id, $alice_post);
	is(stored($alice_id, 'reblog', $bob_id, $alice_post), 1,
	    'boosting again tells again');
	psql(q{DELETE FROM statuses WHERE id = :'1'}, $again);
	is(stored($alice_id, 'reblog', $bob_id, $alice_post), 0,
	    'a boost deleted outright takes it back too');
};

subtest 'status: posts of accounts one asked to hear from' => sub {
	my ($dave_web, $dave) = new_user(prefix => 'nda');
	my $dave_id = account_id_of($dave);
	press($alice_web, $dave, 'follow');
	press($carol_web, $dave, 'follow');
	psql(q{UPDATE follows SET notify = true WHERE account_id = :'1'
	    AND target_account_id = :'2'}, $alice_id, $dave_id);

	my $public = post_status_id($dave_web, $dave, status => 'news');
	my ($res, $list) = list_of($alice_api, 'types[]=status');
	ok_schema('Notification[]', $res, 'valid Notifications');
	my $s = of_type($list, 'status', $dave_id);
	is(scalar @$s, 1, 'a post tells the follower who asked');
	is($s->[0]{status}{id}, $public, '... with the post');
	is(stored($carol_id, 'status', $dave_id, $public), 0,
	    'not a follower who did not ask');

	my $private = post_status_id($dave_web, $dave, status => 'followers',
	    visibility => 'private');
	is(stored($alice_id, 'status', $dave_id, $private), 1,
	    'a followers-only post tells too');
	my $direct = post_status_id($dave_web, $dave, status => "\@$bob psst",
	    visibility => 'direct');
	is(stored($alice_id, 'status', $dave_id, $direct), 0,
	    'a direct message does not');
	my $to_bob = post_status_id($dave_web, $dave, status => "\@$bob yes",
	    in_reply_to_id => $alice_post);
	is(stored($alice_id, 'status', $dave_id, $to_bob), 0,
	    'a reply to someone else does not');
	my $thread = post_status_id($dave_web, $dave, status => 'and more',
	    in_reply_to_id => $public);
	is(stored($alice_id, 'status', $dave_id, $thread), 1,
	    'a reply to oneself (a thread) does');
	my $boost = boost($dave_id, $alice_post);
	is(stored($alice_id, 'status', $dave_id, $boost), 0,
	    'a boost does not');
};

subtest 'filters: types[], exclude_types[], account_id' => sub {
	my ($res, $list) = list_of($alice_api, 'limit=80');
	my %types = map { $_->{type} => 1 } @$list;
	ok($types{$_}, "alice has a $_ notification")
	    for qw(follow mention favourite status);

	($res, $list) = list_of($alice_api,
	    'types[]=mention&types[]=favourite');
	ok_schema('Notification[]', $res, 'valid Notifications');
	is_deeply([sort keys %{{ map { $_->{type} => 1 } @$list }}],
	    [qw(favourite mention)], 'types[] keeps only those types');
	($res, $list) = list_of($alice_api, 'types=mention');
	ok(@$list && !grep({ $_->{type} ne 'mention' } @$list),
	    'a single types= value works as Rails reads it');
	($res, $list) = list_of($alice_api,
	    'exclude_types[]=follow&exclude_types[]=mention');
	ok_schema('Notification[]', $res, 'valid Notifications');
	ok(@$list && !grep({ $_->{type} =~ /\A(?:follow|mention)\z/ } @$list),
	    'exclude_types[] leaves those types out');
	($res, $list) = list_of($alice_api, "account_id=$bob_id");
	ok_schema('Notification[]', $res, 'valid Notifications');
	ok(@$list && !grep({ $_->{account}{id} ne $bob_id } @$list),
	    'account_id keeps one sender');
	($res, $list) = list_of($alice_api, 'types[]=nonsense');
	is_deeply($list, [], 'only unknown types: nothing, as in Mastodon');
	($res, $list) = list_of($alice_api,
	    'types[]=mention&exclude_types[]=mention');
	is_deeply($list, [], 'a type both asked for and excluded: nothing');

	for my $bad ('account_id=abc', 'max_id=x1', 'limit=0', 'limit=abc',
	    'types[]=' . ('x' x 100)) {
		$res = $alice_api->get("/api/v1/notifications?$bad");
		is($res->{status}, 400, "$bad: 400");
		ok(defined((json_of($res) || {})->{error}), '... with an error');
	}
	$res = $alice_api->get('/api/v1/notifications?' .
	    join('&', map { "types[]=t$_" } 1 .. 40));
	is($res->{status}, 400, 'too many types[]: 400');
};

# A recipient with n follow notifications, from remote accounts; the ids,
# newest first.
sub fresh_recipient {
	my ($n, $prefix) = @_;
	my ($api, $name) = api_user(prefix => $prefix);
	my $id = account_id_of($name);
	for (1 .. $n) {
		psql(q{INSERT INTO follows (account_id, target_account_id)
		    VALUES (:'1', :'2')}, remote_account(), $id);
	}
	my @ids = psql(q{SELECT id FROM notifications WHERE account_id = :'1'
	    ORDER BY id DESC}, $id);
	return ($api, $name, $id, @ids);
}

sub ids_of { return [map { $_->{id} } @{ $_[0] }] }

subtest 'pagination: limit, max_id, since_id, min_id and Link headers' => sub {
	my ($api, undef, undef, @ids) = fresh_recipient(5, 'npg');
	is(scalar @ids, 5, 'five notifications');
	my ($res, $list) = list_of($api, 'limit=2');
	ok_schema('Notification[]', $res, 'valid Notifications');
	is_deeply(ids_of($list), [@ids[0, 1]], 'the newest two');
	my $l = links($res);
	like($l->{next} // '', qr/[?&]max_id=$ids[1]\b/, 'next: max_id');
	like($l->{next} // '', qr/[?&]limit=2\b/, '... keeping limit');
	like($l->{prev} // '', qr/[?&]min_id=$ids[0]\b/, 'prev: min_id');
	(my $next = $l->{next}) =~ s{\A\Q${\ base_url()}\E}{};
	($res, $list) = list_of($api, ($next =~ /\?(.*)\z/)[0]);
	is_deeply(ids_of($list), [@ids[2, 3]], 'following next: the next two');
	($res, $list) = list_of($api, "max_id=$ids[3]");
	is_deeply(ids_of($list), [$ids[4]], 'max_id: older only');
	ok(!defined links($res)->{next}, 'the last page has no next');
	($res, $list) = list_of($api, "since_id=$ids[3]&limit=2");
	is_deeply(ids_of($list), [@ids[0, 1]],
	    'since_id: the newest above the cursor');
	($res, $list) = list_of($api, "min_id=$ids[3]&limit=2");
	is_deeply(ids_of($list), [@ids[1, 2]],
	    'min_id: those just above the cursor, newest first');
	($res, $list) = list_of($api, "min_id=$ids[0]");
	is_deeply($list, [], 'nothing newer than the newest');
	ok(defined links($res)->{prev}, 'an empty page still links prev');
	($res, $list) = list_of($api, 'limit=1000');
	is(scalar @$list, 5, 'an oversized limit is clamped, not refused');
};

subtest 'one notification: read, and never someone else\'s' => sub {
	my (undef, $list) = list_of($alice_api, 'types[]=favourite');
	my $id = $list->[0]{id};
	my $res = $alice_api->get("/api/v1/notifications/$id");
	is($res->{status}, 200, 'GET /api/v1/notifications/:id: 200');
	ok_schema('Notification', $res, 'a valid Notification');
	is(json_of($res)->{id}, $id, 'the one asked for');
	not_found_ok($bob_api->get("/api/v1/notifications/$id"),
	    'another user\'s notification');
	not_found_ok($alice_api->get('/api/v1/notifications/1'),
	    'an unknown id');
	not_found_ok($alice_api->get('/api/v1/notifications/x1'),
	    'a malformed id');
};

subtest 'dismiss one, clear all' => sub {
	my ($api, undef, $owner, @ids) = fresh_recipient(3, 'ndm');
	my $res = $bob_api->post_json("/api/v1/notifications/$ids[0]/dismiss",
	    {});
	not_found_ok($res, 'dismissing someone else\'s');
	is(scalar psql(q{SELECT count(*) FROM notifications WHERE id = :'1'},
	    $ids[0]), 1, '... leaves it alone');
	$res = $api->post_json("/api/v1/notifications/$ids[0]/dismiss", {});
	is($res->{status}, 200, 'dismissing one\'s own: 200');
	is_deeply(json_of($res), {}, '... {}');
	my (undef, $list) = list_of($api);
	is_deeply(ids_of($list), [@ids[1, 2]], 'it is gone from the list');
	not_found_ok($api->post_json("/api/v1/notifications/$ids[0]/dismiss",
	    {}), 'dismissing it again');
	$res = $api->post_form('/api/v1/notifications/clear', []);
	is($res->{status}, 200, 'clear: 200');
	is_deeply(json_of($res), {}, '... {}');
	(undef, $list) = list_of($api);
	is_deeply($list, [], 'nothing is left');
	my $read_only = client(token => api_token(
	    psql(q{SELECT username FROM accounts WHERE id = :'1'}, $owner),
	    'read'));
	$res = $read_only->post_form('/api/v1/notifications/clear', []);
	is($res->{status}, 403, 'a read-only token cannot clear');
};

subtest 'unread counts follow the notifications marker' => sub {
	my ($api, undef, undef, @ids) = fresh_recipient(3, 'nun');
	my $count = sub {
		my ($path) = @_;
		my $res = $api->get($path);
		is($res->{status}, 200, "$path: 200");
		return (json_of($res) || {})->{count};
	};
	is($count->('/api/v1/notifications/unread_count'), 3,
	    'no marker: every notification is unread');
	is($count->('/api/v1/notifications/unread_count?limit=2'), 2,
	    'capped at limit');
	is($count->('/api/v1/notifications/unread_count?types[]=mention'), 0,
	    'with a type filter');
	is($count->('/api/v2/notifications/unread_count'), 1,
	    'v2 counts groups: three follows within the hour are one');
	is($count->('/api/v2/notifications/unread_count?' .
	    'grouped_types[]=favourite'), 3, '... unless follows are not grouped');
	my $res = $api->post_form('/api/v1/markers',
	    ['notifications[last_read_id]' => $ids[1]]);
	is($res->{status}, 200, 'the marker is set');
	is($count->('/api/v1/notifications/unread_count'), 1,
	    'only what is newer than the marker is unread');
	is($count->('/api/v2/notifications/unread_count'), 1, 'v2 too');
	for my $bad ('limit=0', 'limit=x', 'account_id=x') {
		$res = $api->get("/api/v1/notifications/unread_count?$bad");
		is($res->{status}, 400, "unread_count?$bad: 400");
	}
	is($count->('/api/v1/notifications/unread_count?limit=5000'), 1,
	    'an oversized limit is clamped');
};

subtest 'v2: favourites and boosts of a post, and follows, are grouped' => sub {
	my ($api, $name, $owner, @follows) = fresh_recipient(2, 'ngr');
	my $web = client();
	sign_in($web, $name);
	my $post = post_status_id($web, $name, status => 'group me');
	my @fans = map { remote_account() } 1 .. 3;
	favourite($_, $post) for @fans;
	boost($fans[0], $post);
	my $mention = post_status_id($bob_web, $bob, status => "hi \@$name");

	my $res = $api->get('/api/v2/notifications');
	is($res->{status}, 200, 'GET /api/v2/notifications: 200');
	ok_schema('GroupedNotificationsResults', $res,
	    'valid GroupedNotificationsResults');
	my $r = json_of($res);
	my %g = map { $_->{type} => $_ } @{ $r->{notification_groups} };
	is(scalar @{ $r->{notification_groups} }, 4,
	    'four groups: mention, boost, favourites, follows');
	my $fav = $g{favourite};
	is($fav->{notifications_count}, 3, 'three favourites in one group');
	like($fav->{group_key}, qr/\Afavourite-$post-\d+\z/, 'its key');
	is_deeply([sort @{ $fav->{sample_account_ids} }], [sort @fans],
	    'every favouriter in the sample');
	is($fav->{status_id}, $post, 'the status');
	my $newest_fav = psql(q{SELECT max(id) FROM notifications
	    WHERE account_id = :'1' AND type = 'favourite'}, $owner);
	is($fav->{most_recent_notification_id}, $newest_fav,
	    'most_recent_notification_id: the newest favourite');
	ok(!is_json_string($fav->{most_recent_notification_id}),
	    '... a number, as Mastodon sends it');
	ok(is_json_string($fav->{page_max_id}), 'page_max_id is a string');
	ok(defined $fav->{latest_page_notification_at},
	    'latest_page_notification_at');
	is($g{follow}{notifications_count}, 2, 'two follows in one group');
	ok(!exists $g{follow}{status_id}, 'follows name no status');
	is($g{mention}{group_key}, 'ungrouped-' .
	    psql(q{SELECT id FROM notifications WHERE account_id = :'1'
	    AND type = 'mention'}, $owner), 'a mention is a group of one');
	is($g{mention}{status_id}, $mention, '... with its status');
	my @acc = map { $_->{id} } @{ $r->{accounts} };
	is(scalar @acc, scalar keys %{{ map { $_ => 1 } @acc }},
	    'each account once');
	is(scalar(grep { $_ eq $fans[0] } @acc), 1,
	    'even one who favourited and boosted');
	my @st = map { $_->{id} } @{ $r->{statuses} };
	is_deeply([sort @st], [sort $post, $mention],
	    'each status once, though two groups name the post');
	is_deeply(
	    [map { $_->{most_recent_notification_id} }
	        @{ $r->{notification_groups} }],
	    [sort { $b <=> $a } map { $_->{most_recent_notification_id} }
	        @{ $r->{notification_groups} }],
	    'newest group first');

	$res = $api->get('/api/v2/notifications?grouped_types[]=follow');
	ok_schema('GroupedNotificationsResults', $res, 'valid');
	my @favs = grep { $_->{type} eq 'favourite' }
	    @{ json_of($res)->{notification_groups} };
	is(scalar @favs, 3, 'favourites not grouped when not asked to be');
	ok(!grep({ $_->{group_key} !~ /\Aungrouped-\d+\z/ } @favs),
	    '... each an ungrouped-<id> group');

	$res = $api->get('/api/v2/notifications?expand_accounts=partial_avatars');
	ok_schema('GroupedNotificationsResults', $res, 'valid');
	$r = json_of($res);
	ok(ref $r->{partial_accounts} eq 'ARRAY' &&
	    @{ $r->{partial_accounts} }, 'partial_accounts are sent');
	my %full = map { $_->{id} => 1 } @{ $r->{accounts} };
	ok($full{ $_->{sample_account_ids}[0] },
	    "the newest sender of $_->{type} is a full account")
	    for @{ $r->{notification_groups} };
	ok(!grep({ $full{ $_->{id} } } @{ $r->{partial_accounts} }),
	    'no account is sent both ways');
	$res = $api->get('/api/v2/notifications?expand_accounts=everything');
	is($res->{status}, 400, 'an unknown expand_accounts: 400');

	$res = $api->get('/api/v2/notifications?limit=1');
	ok_schema('GroupedNotificationsResults', $res, 'valid');
	is(scalar @{ json_of($res)->{notification_groups} }, 1,
	    'limit counts groups');
	my $next = links($res)->{next};
	ok(defined $next, 'and there is a next page');
	($next //= '') =~ s{\A\Q${\ base_url()}\E}{};
	$res = $api->get($next);
	ok_schema('GroupedNotificationsResults', $res, 'the next page is valid');
	isnt(json_of($res)->{notification_groups}[0]{group_key},
	    $g{mention}{group_key}, '... and goes on');
	$res = $api->get('/api/v2/notifications?types[]=favourite');
	ok_schema('GroupedNotificationsResults', $res, 'valid');
	my $only = json_of($res)->{notification_groups};
	is_deeply([map { $_->{type} } @$only], ['favourite'],
	    'types[] filters v2 too');
	is($only->[0]{notifications_count}, 3, '... and its groups\' counts');
	$res = $api->get('/api/v2/notifications/unread_count?types[]=mention');
	is(json_of($res)->{count}, 1, 'so does the v2 unread count');

	# One group by key.
	$res = $api->get("/api/v2/notifications/$fav->{group_key}");
	is($res->{status}, 200, 'GET /api/v2/notifications/:group_key: 200');
	ok_schema('GroupedNotificationsResults', $res, 'valid');
	my $one = json_of($res)->{notification_groups};
	is(scalar @$one, 1, 'one group');
	is($one->[0]{notifications_count}, 3, '... all of it');
	ok(!exists $one->[0]{page_min_id}, '... without page bounds');
	not_found_ok($bob_api->get("/api/v2/notifications/$fav->{group_key}"),
	    'someone else\'s group');
	not_found_ok($api->get('/api/v2/notifications/favourite-1-1'),
	    'an unknown group');
	not_found_ok($api->get('/api/v2/notifications/ungrouped-x'),
	    'a malformed ungrouped key');
	$res = $api->get("/api/v2/notifications/$g{mention}{group_key}");
	ok_schema('GroupedNotificationsResults', $res, 'an ungrouped key');
	$res = $api->get("/api/v2/notifications/$fav->{group_key}/accounts");
	is($res->{status}, 200, 'the accounts of a group: 200');
	ok_schema('Account[]', $res, 'valid Accounts');
	is_deeply([map { $_->{id} } @{ json_of($res) }], [reverse @fans],
	    'every sender, newest first');
	not_found_ok($bob_api->get(
	    "/api/v2/notifications/$fav->{group_key}/accounts"),
	    'someone else\'s group\'s accounts');

	$res = $bob_api->post_json(
	    "/api/v2/notifications/$fav->{group_key}/dismiss", {});
	is(stored($owner, 'favourite', $fans[0], $post), 1,
	    'someone else cannot dismiss a group');
	$res = $api->post_json("/api/v2/notifications/$fav->{group_key}/dismiss",
	    {});
	is($res->{status}, 200, 'dismissing a group: 200');
	is_deeply(json_of($res), {}, '... {}');
	is(scalar psql(q{SELECT count(*) FROM notifications
	    WHERE account_id = :'1' AND type = 'favourite'}, $owner), 0,
	    'the whole group is gone');
	$res = $api->post_json("/api/v2/notifications/$g{mention}{group_key}/" .
	    'dismiss', {});
	is(scalar psql(q{SELECT count(*) FROM notifications
	    WHERE account_id = :'1' AND type = 'mention'}, $owner), 0,
	    'an ungrouped key dismisses its one notification');
};

subtest 'blocked, muted and suspended senders are hidden' => sub {
	my ($api, $name, $owner) = fresh_recipient(0, 'nbl');
	my $web = client();
	sign_in($web, $name);
	my $post = post_status_id($web, $name, status => 'hide them');
	my @senders = map { remote_account() } 1 .. 4;
	favourite($_, $post) for @senders;
	my $visible = sub {
		my (undef, $list) = list_of($api);
		return { map { $_->{account}{id} => 1 } @$list };
	};
	is(scalar keys %{ $visible->() }, 4, 'four favourites shown');

	my ($s1, $s2, $s3, $s4) = @senders;
	psql(q{INSERT INTO blocks (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $owner, $s1);
	psql(q{INSERT INTO blocks (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $s2, $owner);
	psql(q{INSERT INTO mutes (account_id, target_account_id,
	    hide_notifications) VALUES (:'1', :'2', true)}, $owner, $s3);
	psql(q{INSERT INTO mutes (account_id, target_account_id,
	    hide_notifications) VALUES (:'1', :'2', false)}, $owner, $s4);
	my $v = $visible->();
	ok(!$v->{$s1}, 'a blocked sender is hidden');
	ok(!$v->{$s2}, 'so is one who blocked the recipient');
	ok(!$v->{$s3}, 'and one muted with notifications');
	ok($v->{$s4}, 'a mute that keeps notifications keeps them');
	my $hidden = psql(q{SELECT id FROM notifications WHERE account_id = :'1'
	    AND from_account_id = :'2'}, $owner, $s1);
	not_found_ok($api->get("/api/v1/notifications/$hidden"),
	    'a hidden notification by id');
	my $res = $api->get('/api/v1/notifications/unread_count');
	is(json_of($res)->{count}, 1, 'the unread count leaves them out');
	$res = $api->get('/api/v2/notifications');
	ok_schema('GroupedNotificationsResults', $res, 'valid');
	is(json_of($res)->{notification_groups}[0]{notifications_count}, 1,
	    'a v2 group counts only what is shown');

	my $other = post_status_id($web, $name, status => 'again');
	favourite($s1, $other);
	favourite($s3, $other);
	is(stored($owner, 'favourite', $s1, $other), 0,
	    'a blocked sender makes no new notification');
	is(stored($owner, 'favourite', $s3, $other), 0,
	    'nor a muted one');

	psql(q{UPDATE mutes SET expires_at = now() - interval '1 minute'
	    WHERE account_id = :'1' AND target_account_id = :'2'}, $owner, $s3);
	ok($visible->()->{$s3}, 'an expired mute hides nothing');
	psql(q{DELETE FROM blocks WHERE account_id = :'1'}, $owner);
	ok($visible->()->{$s1}, 'unblocked: shown again');
	psql(q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'}, $s4);
	ok(!$visible->()->{$s4}, 'a suspended sender is hidden');
};

subtest 'a deleted status takes its notifications along' => sub {
	my $post = post_status_id($alice_web, $alice, status => 'short-lived');
	favourite($bob_id, $post);
	boost($carol_id, $post);
	is(scalar psql(q{SELECT count(*) FROM notifications
	    WHERE status_id = :'1'}, $post), 2, 'a favourite and a boost');
	delete_status($alice_web, $alice, $post);
	is(scalar psql(q{SELECT count(*) FROM notifications
	    WHERE status_id = :'1'}, $post), 0, 'gone with the status');
};

subtest 'scopes' => sub {
	my $statuses_only = client(token => api_token($alice, 'read:statuses'));
	is($statuses_only->get('/api/v1/notifications')->{status}, 403,
	    'read:statuses does not read notifications');
	my $granular = client(token => api_token($alice, 'read:notifications'));
	my $res = $granular->get('/api/v1/notifications?limit=1');
	is($res->{status}, 200, 'read:notifications does');
	ok_schema('Notification[]', $res, 'valid Notifications');
	is($granular->post_form('/api/v1/notifications/clear', [])->{status},
	    403, 'but cannot clear them');
	is(client()->get('/api/v1/notifications')->{status}, 401,
	    'no token: 401');
};

done_testing();
