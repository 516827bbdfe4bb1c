# signup_limit.t: one address gets signup_ip_limit sign-up attempts an
# hour, valid or not, then a 429 page that says so. The test lowers the
# limit with a configuration reload and restores it afterwards.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $conf = $ENV{WOOLLY_TEST_CONF};
open my $fh, '<', $conf or die "$conf: $!";
my $original = do { local $/; <$fh> };
close $fh;

sub write_conf {
	my ($text) = @_;
	open my $out, '>', $conf or die "$conf: $!";
	print {$out} $text;
	close $out or die "$conf: $!";
}

sub reload_pool {
	my @before = worker_pids();
	kill 'HUP', pool_pid();
	return wait_until(sub {
		my @now = worker_pids();
		return @now == @before &&
		    !grep { my $o = $_; grep { $_ == $o } @before } @now;
	}, 15);
}

sub clear_signup_counter {
	psql(q{DELETE FROM rate_limits WHERE bucket LIKE 'signup:%'});
	require IO::Socket::INET;
	my $s = IO::Socket::INET->new(PeerAddr => $ENV{WOOLLY_TEST_MEMCACHED},
	    Proto => 'tcp', Timeout => 2) or return;
	print {$s} "delete woolly:signup:ip:127.0.0.1\r\n";
	my $reply = <$s>;
	close $s;
}

clear_signup_counter();
write_conf($original . "\nsignup_ip_limit = 2\n");
ok(reload_pool(), 'the pool reloads with signup_ip_limit = 2');

my $ok = eval {
	is(sign_up(client(), unique_name('lim'))->{status}, 303,
	    'the first sign-up works');
	is(sign_up(client(), 'bad name!')->{status}, 422,
	    'a refused attempt counts too');
	my $res = sign_up(client(), unique_name('lim'));
	is($res->{status}, 429, 'the third attempt within the hour: 429');
	like($res->{content}, qr/Too many sign-ups/, 'the page says so');
	ok($res->{headers}{'retry-after'}, 'with Retry-After');
	1;
};
my $error = $@;
write_conf($original);
reload_pool();
clear_signup_counter();
die $error unless $ok;
is(sign_up(client(), unique_name('lim'))->{status}, 303,
    'with the limit restored, sign-ups work again');

done_testing();
