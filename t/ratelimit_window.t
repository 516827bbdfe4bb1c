# ratelimit_window.t: a limit on failed sign-ins lasts one window, then
# lifts by itself. From one address, login_ip_limit failures give 429 even
# for the right password; once login_window has passed, the right password
# signs in again. The test stack's window (60 s) is too long to wait for,
# so the pool is reloaded with a short one and the original configuration
# is put back when the file ends (Woolly::Test). The memcached counters,
# the normal path, really wait the window out; for the database fallback
# used while memcached is down the test ages the row instead.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(sleep time);
use Woolly::Test;

use constant {
	IP_LIMIT => 8,		# login_ip_limit in the test woolly.conf
	WINDOW => 10,		# the login_window this file runs with
};

my $TOO_MANY = qr/Too many failed sign-in attempts/;
my $IP_BUCKET = 'login:ip:127.0.0.1';

sub ip_counter { return memcached_counter("woolly:$IP_BUCKET") }

sub ip_row {
	return scalar psql(q{SELECT hits || '|' ||
	    (expires_at > now())::text FROM rate_limits WHERE bucket = :'1'},
	    $IP_BUCKET);
}

sub reset_login_counters {
	psql(q{DELETE FROM rate_limits WHERE bucket LIKE 'login:%'});
	memcached_request("delete woolly:$IP_BUCKET");
}

# IP_LIMIT failed sign-ins, each for a different unknown name so that no
# per-account limit is reached: only the address's budget runs out.
sub use_up_the_address {
	for my $i (1 .. IP_LIMIT) {
		my $res = sign_in(client(), unique_name("nobody$i"),
		    'wrong-password');
		is($res->{status}, 422, "failure $i: 422") or return 0;
	}
	return 1;
}

config_override(login_window => WINDOW);
reset_login_counters();
my (undef, $name, $password) = new_user(prefix => 'window');

subtest 'memcached: 429 for the address until its window has passed' => sub {
	use_up_the_address() or return;
	is(ip_counter(), IP_LIMIT, 'memcached counted the failures');
	is(ip_row(), undef, 'the database fallback was not used');

	my $res = sign_in(client(), $name, $password);
	is($res->{status}, 429, 'the right password, over the limit: 429');
	like($res->{content}, $TOO_MANY, 'the page says so');
	is($res->{headers}{'retry-after'}, WINDOW,
	    'Retry-After is the reloaded window');

	# Asking again with the right password is not a failure and does not
	# stretch the window: poll until the limit lifts.
	my ($signed_in, $c) = (0);
	my $deadline = time + 3 * WINDOW;
	while (time < $deadline) {
		$c = client();
		my $status = sign_in($c, $name, $password)->{status};
		if ($status == 303) {
			$signed_in = 1;
			last;
		}
		if ($status != 429) {
			fail("while limited, sign-in answered $status");
			last;
		}
		sleep 0.5;
	}
	ok($signed_in, 'after the window the right password signs in');
	is($c->get('/home')->{status}, 200, 'and /home is shown');
	# The right password's try was taken and given back: no failure
	# counts (an absent counter or a 0 both say so).
	like(memcached_request('version') // '', qr/\AVERSION/,
	    'memcached answers');
	is(ip_counter() // 0, 0,
	    'and the address has no failure counted there');

	# A new window starts from nothing.
	is(sign_in(client(), unique_name('again'), 'wrong')->{status}, 422,
	    'a failure after the window: 422');
	is(ip_counter(), 1, 'counted as the first of a new window');
};

subtest 'database fallback: the limit lifts when the row expires' => sub {
	reset_login_counters();
	memcached_stop();
	my $ok = eval {
		use_up_the_address() or die "the failures were not 422\n";
		is(ip_row(), IP_LIMIT . '|true',
		    'the database counted the failures');
		is(sign_in(client(), $name, $password)->{status}, 429,
		    'the right password, over the limit: 429');

		psql(q{UPDATE rate_limits SET expires_at = now() -
		    interval '1 second' WHERE bucket = :'1'}, $IP_BUCKET);
		my $c = client();
		is(sign_in($c, $name, $password)->{status}, 303,
		    'with the window over, the right password signs in');
		is($c->get('/home')->{status}, 200, 'and /home is shown');
		is(sign_in(client(), unique_name('again'), 'wrong')->{status},
		    422, 'a failure after the window: 422');
		is(ip_row(), '1|true', 'counted as the first of a new window');
		1;
	};
	my $error = $@;
	memcached_start();
	die $error unless $ok;
};

config_restore();
reset_login_counters();
my $res = sign_in(client(), unique_name('nobody'), 'wrong');
is($res->{status}, 422, 'with the configuration restored, a failure');
is(ip_counter(), 1, 'is counted in memcached again');
reset_login_counters();

END {
	if ($ENV{WOOLLY_TEST_URL}) {
		local ($?, $@);
		eval { reset_login_counters() };
	}
}

done_testing();
