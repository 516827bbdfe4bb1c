# sessions.t: a web session slides with use but has an absolute end
# (session_max_days, 365 by default), and signing in again ends the
# session the browser had.
use strict;
use warnings;
use Test::More;
use Digest::SHA qw(sha256_hex);
use Woolly::Test;

sub session_row {
	my ($client) = @_;
	my $token = $client->cookie('_woolly_session') // return undef;
	return scalar psql(q{SELECT id FROM sessions
	    WHERE token_hash = decode(:'1', 'hex')}, sha256_hex($token));
}

subtest 'a session used every day still ends session_max_days after sign-in' => sub {
	my ($c, $name) = new_user(prefix => 'old');
	my $id = session_row($c);
	ok($id, 'the sign-up started a session');
	# Signed in 364 days ago and used an hour ago: still valid.
	psql(q{UPDATE sessions SET created_at = now() - interval '364 days',
	    last_used_at = now() - interval '2 hours' WHERE id = :'1'}, $id);
	my $res = $c->get('/home');
	is($res->{status}, 200, 'a 364-day-old session that is in use works');
	my ($max_age) = ($res->{headers}{'set-cookie'} // '') =~ /Max-Age=(\d+)/;
	ok(defined $max_age && $max_age <= 86400 && $max_age > 0,
	    'its cookie is renewed only until the 365th day') or
	    diag($res->{headers}{'set-cookie'} // 'no Set-Cookie');
	is(scalar psql(q{SELECT expires_at <= created_at + interval '365 days'
	    FROM sessions WHERE id = :'1'}, $id), 't',
	    'and so is the row: no further than created_at + 365 days');
	psql(q{UPDATE sessions SET created_at = now() - interval '366 days',
	    expires_at = now() + interval '10 days' WHERE id = :'1'}, $id);
	$res = $c->get('/home');
	is($res->{status}, 303, 'past 365 days it is refused, whatever expires_at says');
	is($res->{headers}{location}, '/auth/sign_in', 'to the sign-in page');
};

subtest 'signing in again ends the session the browser had' => sub {
	my ($c, $name, $pw) = new_user(prefix => 'again');
	my $first_token = $c->cookie('_woolly_session');
	my $first = session_row($c);
	ok($first, 'signed in once');
	my (undef, $other, $other_pw) = new_user(prefix => 'other');
	# The sign-in form redirects a signed-in visitor, so post to it
	# with this session's token, as a second tab would.
	my $token = csrf_from($c->get('/home')->{content});
	my $res = $c->post_form('/auth/sign_in', [username => $other,
	    password => $other_pw, authenticity_token => $token]);
	is($res->{status}, 303, 'signing in as someone else works');
	isnt($c->cookie('_woolly_session'), $first_token, 'with a new cookie');
	is(scalar psql(q{SELECT count(*) FROM sessions WHERE id = :'1'}, $first),
	    0, 'the old session is gone from the table');
	my $thief = client();
	$thief->jar->set('_woolly_session', $first_token);
	is($thief->get('/home')->{status}, 303,
	    'and its cookie no longer signs anyone in');
	like($c->get('/home')->{content}, qr/\Q$other\E/,
	    'the browser is now the other user');
};

done_testing();
