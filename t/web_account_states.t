# web_account_states.t: who may hold a session. A disabled user, a
# suspended account and an unapproved user cannot sign in (403, a message
# that says why, no cookie) and lose the sessions they already had; an
# expired session is refused even while its row is still in the table;
# a session in use is extended.
#
# The states are set with SQL, as an administrator's tool would, and
# cleared again to show that it was the state that made the difference.
use strict;
use warnings;
use Digest::SHA qw(sha256_hex);
use Test::More;
use Woolly::Test;

my $session_cookie = '_woolly_session';
my $DISABLED = qr/This account has been disabled\./;
my $WAITING = qr/waiting for an administrator(?:'|&#39;|&#x27;)s approval/;
my $BAD_LOGIN = qr/Invalid username, email or password\./;

sub session_cookie_set {
	my ($res) = @_;
	my $h = $res->{headers}{'set-cookie'} // [];
	my ($c) = grep { /\A\s*\Q$session_cookie\E=/ } ref $h ? @$h : ($h);
	return $c;
}

sub signed_out_ok {
	my ($c, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my $res = $c->get('/home');
	is($res->{status}, 303, "$what: GET /home answers 303");
	is($res->{headers}{location}, '/auth/sign_in', "$what: to sign in");
}

# The session row of a client, by the hash of its cookie.
sub session_where {
	my ($c) = @_;
	return sha256_hex($c->cookie($session_cookie) // '');
}

my @states = (
	{
		what => 'a disabled user',
		set => q{UPDATE users SET disabled = true WHERE account_id = :'1'},
		clear => q{UPDATE users SET disabled = false WHERE account_id = :'1'},
		message => $DISABLED,
	},
	{
		what => 'a suspended account',
		set => q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'},
		clear => q{UPDATE accounts SET suspended_at = NULL WHERE id = :'1'},
		message => $DISABLED,
	},
	{
		what => 'an unapproved user',
		set => q{UPDATE users SET approved = false WHERE account_id = :'1'},
		clear => q{UPDATE users SET approved = true WHERE account_id = :'1'},
		message => $WAITING,
	},
);

for my $state (@states) {
	subtest "$state->{what} cannot sign in and loses its sessions" => sub {
		my ($c, $name) = new_user(prefix => 'state');
		my $id = account_id_of($name);
		my $other = client();
		is(sign_in($other, $name)->{status}, 303,
		    'a second session is started');
		is($c->get('/home')->{status}, 200, 'the first session works');
		is($other->get('/home')->{status}, 200, 'so does the second');
		my $token = csrf_from($c->get('/home')->{content});

		psql($state->{set}, $id);

		signed_out_ok($c, 'the first session');
		signed_out_ok($other, 'the second session');
		is($c->get('/home', { Accept => 'application/json' })->{status},
		    401, 'a JSON client gets 401');
		my $text = 'after the fact ' . unique_name('w');
		my $post = $c->post_form('/statuses', [status => $text,
		    visibility => 'public', authenticity_token => $token]);
		is($post->{status}, 303, 'posting with the old form: 303');
		is($post->{headers}{location}, '/auth/sign_in',
		    'to the sign-in form');
		is(scalar psql(q{SELECT count(*) FROM statuses
		    WHERE text = :'1'}, $text), 0, 'and nothing is posted');

		for my $login ($name, "$name\@example.com") {
			my $in = client();
			my $res = sign_in($in, $login);
			is($res->{status}, 403, "sign-in as $login: 403");
			like($res->{content}, $state->{message},
			    'the page says why');
			ok(!session_cookie_set($res), 'no session cookie is set');
			signed_out_ok($in, 'that browser');
		}
		# The state is only told to whoever knows the password.
		my $wrong = sign_in(client(), $name, 'not-the-password-at-all');
		is($wrong->{status}, 422, 'a wrong password: the usual 422');
		like($wrong->{content}, $BAD_LOGIN, 'with the usual message');
		unlike($wrong->{content}, $state->{message},
		    'that does not tell the state');

		psql($state->{clear}, $id);
		my $in = client();
		my $res = sign_in($in, $name);
		is($res->{status}, 303, 'with the state cleared, sign-in: 303');
		ok(session_cookie_set($res), 'with a session cookie');
		is($in->get('/home')->{status}, 200, 'and /home is shown');
	};
}

subtest 'a suspended account has no profile page' => sub {
	my ($c, $name) = new_user(prefix => 'suspp');
	is(client()->get("/\@$name")->{status}, 200, 'the profile is shown');
	psql(q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'},
	    account_id_of($name));
	is(client()->get("/\@$name")->{status}, 410, 'suspended: 410 Gone');
};

subtest 'an expired session is refused while its row is still there' => sub {
	my ($c, $name) = new_user(prefix => 'expire');
	my $other = client();
	is(sign_in($other, $name)->{status}, 303, 'a second session');
	my $hash = session_where($c);
	is(scalar psql(q{SELECT count(*) FROM sessions
	    WHERE token_hash = decode(:'1', 'hex')}, $hash), 1,
	    'the first session is a row of the table');
	psql(q{UPDATE sessions SET expires_at = now() - interval '1 minute'
	    WHERE token_hash = decode(:'1', 'hex')}, $hash);

	signed_out_ok($c, 'the expired session');
	is(scalar psql(q{SELECT count(*) FROM sessions
	    WHERE token_hash = decode(:'1', 'hex') AND expires_at < now()},
	    $hash), 1, 'the row is still there, still expired');
	ok(!session_cookie_set($c->get('/home')),
	    'the refused cookie is not extended');
	is($other->get('/home')->{status}, 200,
	    'the other session of the same user still works');
};

subtest 'a session in use is extended, at most hourly' => sub {
	my ($c, $name) = new_user(prefix => 'slide');
	my $hash = session_where($c);
	my $res = $c->get('/home');
	is($res->{status}, 200, '/home');
	ok(!session_cookie_set($res),
	    'a session used within the hour is not rewritten');

	psql(q{UPDATE sessions SET last_used_at = now() - interval '2 hours',
	    expires_at = now() + interval '1 day'
	    WHERE token_hash = decode(:'1', 'hex')}, $hash);
	$res = $c->get('/home');
	is($res->{status}, 200, 'an hour later /home is still shown');
	my $cookie = session_cookie_set($res);
	ok($cookie, 'and the session cookie is sent again');
	like($cookie // '', qr/Max-Age=(\d+)/, 'with a Max-Age');
	my ($age) = ($cookie // '') =~ /Max-Age=(\d+)/;
	cmp_ok($age // 0, '>', 86400, 'longer than the day that was left');
	is(scalar psql(q{SELECT expires_at > now() + interval '2 days'
	    AND last_used_at > now() - interval '1 minute' FROM sessions
	    WHERE token_hash = decode(:'1', 'hex')}, $hash), 't',
	    'the row is extended and marked used');
};

# The wrong passwords above count against this address: leave no
# counters behind for later files.
END {
	if ($ENV{WOOLLY_TEST_URL}) {
		local ($?, $@);
		eval {
			psql(q{DELETE FROM rate_limits WHERE bucket LIKE 'login:%'});
			memcached_request('delete woolly:login:ip:127.0.0.1');
		};
	}
}

done_testing();
