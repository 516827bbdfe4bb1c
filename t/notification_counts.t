# notification_counts.t: the signed-in menu's unread count is kept in the
# database (sql/0014: notification_unread_counts) rather than counted on
# every page, and stays right whatever changes it: notifications made,
# dismissed and cleared, the marker moved, mutes (timed ones too, which
# lapse without any write), blocks, unfollows that hide a private post,
# deleted statuses, suspensions, rows written by hand, and more than the
# menu shows ("99+"). After every change the menu agrees with the API's
# unread_count, which always counts afresh; and a page that changed
# nothing reuses the kept count instead of counting again.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice_api, $alice, $alice_web) = api_user(prefix => 'ucal');
my ($bob_api, $bob, $bob_web) = api_user(prefix => 'ucbo');
my ($alice_id, $bob_id) = map { account_id_of($_) } ($alice, $bob);

# The menu's count on a page: 0 when it shows none, else its text.
sub menu_count {
	my $html = $alice_web->get('/home')->{content};
	return $html =~ /<span class="unread-count">\(([^<]+)</ ? $1 : 0;
}

# What the API counts afresh, up to the menu's cap.
sub api_count {
	my $res = $alice_api->get('/api/v1/notifications/unread_count?limit=100');
	my $n = json_of($res)->{count};
	return $n >= 100 ? '99+' : $n;
}

# The kept count, and whether the next page may trust it.
sub kept {
	return scalar psql(q{SELECT coalesce(c.unread::text, 'none') || ' ' ||
	    (NOT EXISTS (SELECT 1 FROM notification_count_changes ch
	    WHERE ch.account_id = c.account_id)) || ' ' || c.generation
	    FROM notification_unread_counts c WHERE c.account_id = :'1'},
	    $alice_id);
}

sub menu_is {
	my ($want, $what) = @_;
	my $menu = menu_count();
	is($menu, $want, "$what: the menu counts $want");
	is($menu, api_count(), '... as the API counts');
}

sub post {
	my ($api, $text, %more) = @_;
	my $res = $api->post_json('/api/v1/statuses',
	    { status => $text, %more });
	die "posting answered $res->{status}\n" unless $res->{status} == 200;
	return json_of($res)->{id};
}

my $own = post($alice_api, 'a post of mine');

subtest 'a new user has a count, kept once counted' => sub {
	like(kept(), qr/^none /, 'signing up made the row, not counted yet');
	menu_is(0, 'nothing yet');
	my ($unread, $trusted, $generation) = split ' ', kept();
	is("$unread $trusted", '0 true', 'counted and kept');
	menu_count() for 1 .. 2;
	is((split ' ', kept())[2], $generation,
	    'later pages reuse it: no count again');
};

subtest 'notifications made, dismissed, read and cleared' => sub {
	my $res = $bob_api->post_json("/api/v1/accounts/$alice_id/follow", {});
	is($res->{status}, 200, 'bob follows alice');
	menu_is(1, 'a follow');
	$bob_api->post_json("/api/v1/statuses/$own/favourite", {});
	menu_is(2, 'a favourite');
	post($bob_api, "\@$alice hello");
	menu_is(3, 'a mention');
	my ($newest) = psql(q{SELECT max(id) FROM notifications
	    WHERE account_id = :'1'}, $alice_id);
	$res = $alice_api->post_json("/api/v1/notifications/$newest/dismiss",
	    {});
	is($res->{status}, 200, 'the mention dismissed');
	menu_is(2, 'after a dismissal');
	my $far = psql(q{INSERT INTO accounts (username, domain, uri)
	    VALUES (:'1', 'remote.example', 'https://remote.example/u/' || :'1')
	    RETURNING id}, unique_name('ucfar'));
	psql(q{INSERT INTO notifications (account_id, from_account_id, type)
	    VALUES (:'1', :'2', 'follow')}, $alice_id, $far);
	menu_is(3, 'a row written by hand');
	my ($oldest) = psql(q{SELECT min(id) FROM notifications
	    WHERE account_id = :'1'}, $alice_id);
	$res = $alice_api->post_form('/api/v1/markers',
	    ['notifications[last_read_id]' => $oldest]);
	is($res->{status}, 200, 'the marker moved past the oldest');
	menu_is(2, 'after the marker moved');
	$alice_web->get('/notifications');
	menu_is(0, 'after the notifications page');
	post($bob_api, "\@$alice again");
	menu_is(1, 'a mention after reading');
	$res = $alice_api->post_form('/api/v1/notifications/clear', []);
	is($res->{status}, 200, 'cleared');
	menu_is(0, 'after clearing');
};

subtest 'mutes, timed mutes and blocks hide, and lifting them shows again'
    => sub {
	post($bob_api, "\@$alice one") for 1 .. 2;
	menu_is(2, 'two mentions');
	my $res = $alice_api->post_json("/api/v1/accounts/$bob_id/mute",
	    { notifications => JSON::PP::true });
	is($res->{status}, 200, 'alice mutes bob with his notifications');
	menu_is(0, 'muted');
	$alice_api->post_json("/api/v1/accounts/$bob_id/unmute", {});
	menu_is(2, 'unmuted');
	# A mute that ends by itself changes the count with no write at all.
	psql(q{INSERT INTO mutes (account_id, target_account_id,
	    hide_notifications, expires_at)
	    VALUES (:'1', :'2', true, now() + interval '2 seconds')},
	    $alice_id, $bob_id);
	menu_is(0, 'a mute for two seconds');
	ok(wait_until(sub { menu_count() eq '2' }, 15),
	    'once it lapsed, the menu counts again by itself');
	is(api_count(), 2, '... as the API does');
	psql(q{DELETE FROM mutes WHERE account_id = :'1'}, $alice_id);
	$res = $alice_api->post_json("/api/v1/accounts/$bob_id/block", {});
	is($res->{status}, 200, 'alice blocks bob');
	menu_is(0, 'blocked');
	$alice_api->post_json("/api/v1/accounts/$bob_id/unblock", {});
	is(menu_count(), api_count(), 'unblocked: the menu agrees with the API');
	$bob_api->post_json("/api/v1/accounts/$alice_id/block", {});
	menu_is(0, 'bob blocks alice');
	$bob_api->post_json("/api/v1/accounts/$alice_id/unblock", {});
	is(menu_count(), api_count(), '... and unblocks her');
	$alice_api->post_form('/api/v1/notifications/clear', []);
};

subtest 'statuses deleted, hidden by an unfollow, and suspensions' => sub {
	my $mention = post($bob_api, "\@$alice soon gone");
	menu_is(1, 'a mention');
	my $res = $bob_api->delete("/api/v1/statuses/$mention");
	is($res->{status}, 200, 'bob deletes it');
	menu_is(0, 'the status is gone');
	# Told of every post of bob's, private ones too, while she follows.
	$res = $alice_api->post_json("/api/v1/accounts/$bob_id/follow",
	    { notify => JSON::PP::true });
	is($res->{status}, 200, 'alice follows bob, to hear of his posts');
	post($bob_api, 'for my followers', visibility => 'private');
	menu_is(1, 'a followers-only post she was told of');
	psql(q{DELETE FROM follows WHERE account_id = :'1'
	    AND target_account_id = :'2'}, $alice_id, $bob_id);
	is(menu_count(), api_count(),
	    'no longer following: the menu agrees with the API');
	$alice_api->post_form('/api/v1/notifications/clear', []);
	post($bob_api, "\@$alice before the suspension");
	menu_is(1, 'a mention');
	my ($rc, undef, $err) = woollyctl('account', 'suspend', $bob);
	is($rc, 0, 'bob suspended') or diag($err);
	menu_is(0, 'his notifications are hidden');
	($rc, undef, $err) = woollyctl('account', 'unsuspend', $bob);
	is($rc, 0, 'bob unsuspended') or diag($err);
	menu_is(1, 'and shown again');
	$alice_api->post_form('/api/v1/notifications/clear', []);
};

subtest 'past the menu\'s cap' => sub {
	psql(q{INSERT INTO accounts (username, domain, uri)
	    SELECT 'ucfar' || g || :'2', 'remote.example',
	    'https://remote.example/u/ucfar' || g || :'2'
	    FROM generate_series(1, 101) g;
	    INSERT INTO follows (account_id, target_account_id)
	    SELECT a.id, :'1' FROM accounts a
	    WHERE a.username LIKE 'ucfar%' || :'2'},
	    $alice_id, unique_name('x'));
	menu_is('99+', 'a hundred and one follows');
	my ($newest) = psql(q{SELECT max(id) FROM notifications
	    WHERE account_id = :'1'}, $alice_id);
	$alice_api->post_json("/api/v1/notifications/$newest/dismiss", {});
	menu_is('99+', 'one dismissed: still a hundred');
	($newest) = psql(q{SELECT max(id) FROM notifications
	    WHERE account_id = :'1'}, $alice_id);
	$alice_api->post_json("/api/v1/notifications/$newest/dismiss", {});
	menu_is(99, 'another dismissed: ninety-nine');
	$alice_api->post_form('/api/v1/notifications/clear', []);
	menu_is(0, 'cleared');
};

subtest 'a form\'s answer counts again' => sub {
	post($bob_api, "\@$alice a last one");
	menu_is(1, 'a mention');
	my $token = csrf_from($alice_web->get('/home')->{content});
	# An empty post is refused with the page again, menu included.
	my $res = $alice_web->post_form('/statuses',
	    [authenticity_token => $token, status => '']);
	like($res->{content} // '', qr/unread-count">\(1</,
	    'the page a refused form shows still counts one');
};

done_testing();
