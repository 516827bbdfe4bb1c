# signin_limits.t: failed sign-ins are limited per client and per account
# without letting anyone lock an owner out of their account, and an IPv6
# client counts as its /64.
#
# The test stack runs with login_ip_limit = 8, login_account_limit = 5;
# an account over its limit lets each address fail 3 times on it.
# Different clients are made two ways: HTTP from other loopback addresses
# (127.0.0.N, through nginx), and requests straight to the FastCGI socket
# with any REMOTE_ADDR (IPv6 ones too).
use strict;
use warnings;
use POSIX ();
use Test::More;
use Time::HiRes ();
use Woolly::Test;

use constant { IP_LIMIT => 8, ACCOUNT_LIMIT => 5, PAIR_LIMIT => 3 };

my $TOO_MANY = qr/Too many failed sign-in attempts/;

# A fresh loopback address for each new "attacker", never 127.0.0.1
# (the other tests' address) and never reused within this run.
my $next_host = 10 + ($$ % 200);
my $next_net = 0;
sub fresh_address {
	$next_host++;
	if ($next_host > 250) { $next_host = 10; $next_net++ }
	return sprintf('127.%d.%d.%d', 100 + ($$ % 50), $next_net,
	    $next_host);
}

sub sign_in_from {
	my ($addr, $login, $password) = @_;
	return sign_in(client(local_address => $addr), $login, $password);
}

# --- through FastCGI with any REMOTE_ADDR -------------------------------

sub cookie_value {
	my ($res, $name) = @_;
	for (@{ $res->{set_cookie} }) {
		return $1 if /\A\Q$name\E=([^;]*)/;
	}
	return undef;
}

sub form_encode {
	my (@pairs) = @_;
	my @out;
	while (my ($k, $v) = splice @pairs, 0, 2) {
		for ($k, $v) {
			s/([^A-Za-z0-9_.~-])/sprintf('%%%02X', ord $1)/ge;
		}
		push @out, "$k=$v";
	}
	return join '&', @out;
}

# A sign-in as the pool sees it from REMOTE_ADDR $addr.
sub fastcgi_sign_in {
	my ($addr, $login, $password) = @_;
	my %common = (SERVER_NAME => '127.0.0.1', REMOTE_ADDR => $addr,
	    QUERY_STRING => '', HTTP_ACCEPT => 'text/html');
	my $form = fastcgi_request(%common, REQUEST_METHOD => 'GET',
	    REQUEST_URI => '/auth/sign_in') or die "no FastCGI socket\n";
	my $csrf = cookie_value($form, '_woolly_csrf');
	my $token = csrf_from($form->{content});
	die "no CSRF cookie or token\n" unless $csrf && $token;
	my $body = form_encode(username => $login, password => $password,
	    authenticity_token => $token);
	return fastcgi_request(%common, REQUEST_METHOD => 'POST',
	    REQUEST_URI => '/auth/sign_in', HTTP_COOKIE => "_woolly_csrf=$csrf",
	    CONTENT_TYPE => 'application/x-www-form-urlencoded',
	    CONTENT_LENGTH => length $body, _body => $body);
}

subtest 'loopback addresses other than 127.0.0.1 reach the server' => sub {
	my $addr = fresh_address();
	my $res = client(local_address => $addr)->get('/auth/sign_in');
	is($res->{status}, 200, "a client at $addr gets the sign-in page") or
	    diag($res->{content});
};

subtest 'failures spread over many addresses do not lock the owner out' => sub {
	my ($owner, $name, $password) = new_user(prefix => 'target');
	# Ten attackers, two wrong guesses each: twenty failures, four
	# times the account's limit, none of them over an address limit.
	my @attackers = map { fresh_address() } 1 .. 10;
	for my $round (1 .. 2) {
		for my $addr (@attackers) {
			my $res = sign_in_from($addr, $name, "guess-$round-$addr");
			is($res->{status}, 422, "wrong guess $round from $addr: 422")
			    or diag(substr($res->{content}, 0, 300));
		}
	}
	my $res = sign_in_from(fresh_address(), $name, $password);
	is($res->{status}, 303,
	    "the owner's right password from an address that has not "
	    . 'been failing signs in') or diag(substr($res->{content}, 0, 300));
	is($res->{headers}{location}, '/home', 'to /home');
	is($owner->get('/home')->{status}, 200,
	    'and the session the owner already had still works');
};

subtest 'an account under attack slows each address down' => sub {
	my (undef, $name, $password) = new_user(prefix => 'slowed');
	my @attackers = map { fresh_address() } 1 .. ACCOUNT_LIMIT;
	sign_in_from($_, $name, "wrong-$_") for @attackers;
	# The account is over its limit now: one address may fail only
	# PAIR_LIMIT times on it, however far under its own limit it is.
	my $addr = fresh_address();
	for my $i (1 .. PAIR_LIMIT) {
		is(sign_in_from($addr, $name, "more-$i")->{status}, 422,
		    "failure $i from one new address: 422");
	}
	my $res = sign_in_from($addr, $name, 'one-more');
	is($res->{status}, 429, 'the next one from that address: 429');
	like($res->{content}, $TOO_MANY, 'saying why');
	is(sign_in_from($addr, $name, $password)->{status}, 429,
	    'even with the right password, from that address');
	is(sign_in_from(fresh_address(), $name, $password)->{status}, 303,
	    'while the owner, elsewhere, still gets in');
	my (undef, $other, $other_pw) = new_user(prefix => 'bystander');
	is(sign_in_from($addr, $other, $other_pw)->{status}, 303,
	    'and the slowed address may still sign in to other accounts');
};

# Three sign-ins from $addr for $name, posted at the same moment (each
# child fetches its form first); their statuses, sorted.
sub burst {
	my ($addr, $name) = @_;
	my $start = Time::HiRes::time() + 2;
	my @kids;
	for my $i (1 .. 3) {
		pipe(my $r, my $w) or die "pipe: $!";
		my $pid = fork // die "fork: $!";
		if ($pid == 0) {
			close $r;
			my $c = client(local_address => $addr);
			my $token = csrf_from($c->get('/auth/sign_in')->{content});
			Time::HiRes::sleep($start - Time::HiRes::time())
			    if $start > Time::HiRes::time();
			my $res = $c->post_form('/auth/sign_in', [username => $name,
			    password => "burst$i", authenticity_token => $token]);
			print {$w} $res->{status};
			close $w;
			POSIX::_exit(0);
		}
		close $w;
		push @kids, [$pid, $r];
	}
	my @statuses;
	for my $k (@kids) {
		waitpid($k->[0], 0);
		my $fh = $k->[1];
		push @statuses, scalar(<$fh>) // 'none';
	}
	return sort @statuses;
}

subtest 'tries sent all at once cannot all pass the limit' => sub {
	# One try is left for an address; three arrive together (the pool
	# has three workers). Several rounds, so a race that is only
	# sometimes won still shows.
	for my $round (1 .. 3) {
		my (undef, $name) = new_user(prefix => "burst$round");
		sign_in_from(fresh_address(), $name, "hot$_")
		    for 1 .. ACCOUNT_LIMIT;
		my $addr = fresh_address();
		sign_in_from($addr, $name, "first$_") for 1 .. PAIR_LIMIT - 1;
		is_deeply([burst($addr, $name)], [422, 429, 429],
		    "round $round: exactly one is checked, the others refused");
	}
};

subtest 'one address over its own limit is refused for every account' => sub {
	my (undef, $name, $password) = new_user(prefix => 'ipcap');
	my $addr = fresh_address();
	for my $i (1 .. IP_LIMIT) {
		my $res = sign_in_from($addr, unique_name('nobody'), "x$i");
		is($res->{status}, 422, "failure $i (unknown names): 422");
	}
	my $res = sign_in_from($addr, $name, $password);
	is($res->{status}, 429, 'then even a right password from it: 429');
	is($res->{headers}{'retry-after'}, 60, 'with Retry-After');
	is(sign_in_from(fresh_address(), $name, $password)->{status}, 303,
	    'another address is not affected');
};

subtest 'an IPv6 client counts as its /64' => sub {
	my (undef, $name, $password) = new_user(prefix => 'sixfour');
	# A /64 of our own for this run, so reruns never share counters.
	my $net = sprintf('2001:db8:%x:%x', $$ & 0xffff, time & 0xffff);
	for my $i (1 .. IP_LIMIT) {
		# Every failure from another address of the same /64, and for
		# another name, so only the /64's counter can add up.
		my $res = fastcgi_sign_in("$net:$i:0:0:1", unique_name('ghost'),
		    "x$i");
		is($res->{status}, 422, "failure $i from ${net}:${i}::1: 422");
	}
	my $res = fastcgi_sign_in("$net:ffff:ffff:ffff:ffff", $name, $password);
	is($res->{status}, 429,
	    'a never-seen address of the same /64 is refused: 429');
	$res = fastcgi_sign_in("$net:0:0:0:1", $name, $password);
	is($res->{status}, 429, 'so is the first one');
	my $other = sprintf('2001:db8:%x:%x', $$ & 0xffff,
	    (time + 1) & 0xffff);
	$res = fastcgi_sign_in("${other}::1", $name, $password);
	is($res->{status}, 303, 'the next /64 signs in') or
	    diag(substr($res->{content}, 0, 300));
	# IPv4 written IPv4-mapped is that IPv4 address.
	my $v4 = fresh_address();
	fastcgi_sign_in("::ffff:$v4", unique_name('ghost'), "y$_")
	    for 1 .. IP_LIMIT;
	is(fastcgi_sign_in($v4, $name, $password)->{status}, 429,
	    "::ffff:$v4 and $v4 share one counter");
};

subtest 'on an account under attack an IPv6 client counts as its /48' => sub {
	my (undef, $name, $password) = new_user(prefix => 'fortyeight');
	my $site = sprintf('2001:db8:%x', ($$ + 7) & 0xffff);
	# Make the account hot from elsewhere.
	fastcgi_sign_in(sprintf('2001:db8:beef:%x::%x', $$ & 0xffff, $_),
	    $name, "hot$_")
	    for 1 .. ACCOUNT_LIMIT;
	# Three failures from three /64s of one /48 ...
	for my $i (1 .. PAIR_LIMIT) {
		is(fastcgi_sign_in("${site}:${i}::1", $name, "w$i")->{status}, 422,
		    "failure $i from ${site}:${i}::/64: 422");
	}
	# ... use up that /48's tries on this account.
	is(fastcgi_sign_in("${site}:ffff::1", $name, $password)->{status}, 429,
	    'a fourth /64 of the same /48 is refused, right password or not');
	my $other = sprintf('2001:db8:%x', ($$ + 8) & 0xffff);
	is(fastcgi_sign_in("${other}:1::1", $name, $password)->{status}, 303,
	    'another /48 signs in');
};

subtest 'sign-ups are counted per /64 too' => sub {
	# signup_ip_limit is 100000 in the test stack, so only the bucket
	# name can be checked: both addresses of one /64 land in one.
	my $net = sprintf('2001:db8:ffff:%x', $$ & 0xffff);
	for my $addr ("${net}::1", "${net}::2") {
		my %common = (SERVER_NAME => '127.0.0.1', REMOTE_ADDR => $addr,
		    QUERY_STRING => '', HTTP_ACCEPT => 'text/html');
		my $form = fastcgi_request(%common, REQUEST_METHOD => 'GET',
		    REQUEST_URI => '/auth/sign_up');
		my $csrf = cookie_value($form, '_woolly_csrf');
		my $name = unique_name('six');
		my $body = form_encode(username => $name,
		    email => "$name\@example.com", password => TEST_PASSWORD,
		    password_confirmation => TEST_PASSWORD,
		    authenticity_token => csrf_from($form->{content}));
		my $res = fastcgi_request(%common, REQUEST_METHOD => 'POST',
		    REQUEST_URI => '/auth/sign_up',
		    HTTP_COOKIE => "_woolly_csrf=$csrf",
		    CONTENT_TYPE => 'application/x-www-form-urlencoded',
		    CONTENT_LENGTH => length $body, _body => $body);
		is($res->{status}, 303, "sign-up from $addr");
	}
	my $hits = memcached_counter("woolly:signup:ip:$net\::/64");
	is($hits, 2, 'both sign-ups counted under the /64');
};

done_testing();
