# follows.t: following a locked account makes a follow request, never a
# silent follow; unfollowing withdraws the request. An unlocked account
# is followed at once.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($locked, $locked_name) = new_user(prefix => 'locked');
my ($fan, $fan_name) = new_user(prefix => 'fan');
psql(q{UPDATE accounts SET locked = true WHERE id = :'1'},
    account_id_of($locked_name));
my ($locked_id, $fan_id) = (account_id_of($locked_name),
    account_id_of($fan_name));

sub follows {
	return scalar psql(q{SELECT count(*) FROM follows
	    WHERE account_id = :'1' AND target_account_id = :'2'}, @_);
}
sub requests {
	return scalar psql(q{SELECT count(*) FROM follow_requests
	    WHERE account_id = :'1' AND target_account_id = :'2'}, @_);
}
sub press {
	my ($client, $name, $what) = @_;
	my $token = csrf_from($client->get("/\@$name")->{content});
	return $client->post_form("/\@$name/$what",
	    [authenticity_token => $token]);
}

subtest 'following a locked account makes a request' => sub {
	my $page = $fan->get("/\@$locked_name")->{content};
	like($page, qr/Ask to follow/, 'the button asks');
	like($page, qr/approves its followers/, 'and says why');
	is(press($fan, $locked_name, 'follow')->{status}, 303, 'pressed');
	is(follows($fan_id, $locked_id), 0, 'no follow is made');
	is(requests($fan_id, $locked_id), 1, 'a follow request is');
	is(scalar psql(q{SELECT count(*) FROM notifications WHERE account_id
	    = :'1' AND from_account_id = :'2' AND type = 'follow_request'},
	    $locked_id, $fan_id), 1, 'and the account is told of it');
	is(scalar psql(q{SELECT followers_count FROM account_stats
	    WHERE account_id = :'1'}, $locked_id), 0, 'no follower is counted');
	like($fan->get("/\@$locked_name")->{content},
	    qr/Withdraw follow request/, 'the profile shows the waiting request');
	is(press($fan, $locked_name, 'follow')->{status}, 303,
	    'pressing follow again');
	is(requests($fan_id, $locked_id), 1, 'keeps one request');
	is(follows($fan_id, $locked_id), 0, 'and still no follow');
};

subtest "a locked account's followers-only posts stay hidden" => sub {
	my $id = post_status_id($locked, $locked_name, status => 'approved only',
	    visibility => 'private');
	is($fan->get("/\@$locked_name/$id")->{status}, 404,
	    'the requester cannot read them');
};

subtest 'unfollowing withdraws the request' => sub {
	is(press($fan, $locked_name, 'unfollow')->{status}, 303, 'withdrawn');
	is(requests($fan_id, $locked_id), 0, 'the request is gone');
	like($fan->get("/\@$locked_name")->{content}, qr/Ask to follow/,
	    'and the button asks again');
};

subtest 'an existing follow of a now locked account stays' => sub {
	my ($open, $open_name) = new_user(prefix => 'open');
	my $open_id = account_id_of($open_name);
	is(press($fan, $open_name, 'follow')->{status}, 303, 'followed');
	is(follows($fan_id, $open_id), 1, 'an unlocked account is followed at once');
	psql(q{UPDATE accounts SET locked = true WHERE id = :'1'}, $open_id);
	is(press($fan, $open_name, 'follow')->{status}, 303, 'pressed again');
	is(follows($fan_id, $open_id), 1, 'the follow stays');
	is(requests($fan_id, $open_id), 0, 'and no request is made');
};

done_testing();
