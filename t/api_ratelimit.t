# api_ratelimit.t: Mastodon's API rate limits. Every API answer carries
# X-RateLimit-Limit, -Remaining and -Reset; a client over its budget gets
# 429 with Retry-After until the window (aligned to the clock) resets.
# Signed out, the budget is per address, and cached answers count too;
# with a user's token it is per account, whatever the address; the web
# pages carry no such headers. The test stack's limits are huge; this
# file lowers them for its own run.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(time);
use Woolly::Test;

my $IP_LIMIT = 5;
my $ACCOUNT_LIMIT = 7;

# An address no other test uses, so its counter starts at zero.
my $addr = sprintf('127.%d.%d.%d', 160 + ($$ % 40), int(rand 250),
    10 + int(rand 200));

config_override(api_ip_limit => $IP_LIMIT,
    api_account_limit => $ACCOUNT_LIMIT);

# The window is five minutes of the clock: if it is about to turn, wait
# for it, so the counts below all fall in one window.
my $into = time() % 300;
sleep(301 - $into) if $into > 280;

my $anon = client(local_address => $addr);
my @remaining;
my $reset;
for my $i (1 .. $IP_LIMIT) {
	my $res = $anon->get('/api/v1/instance');
	is($res->{status}, 200, "signed-out call $i answers");
	is($res->{headers}{'x-ratelimit-limit'}, $IP_LIMIT,
	    '... with the limit');
	push @remaining, $res->{headers}{'x-ratelimit-remaining'};
	$reset = $res->{headers}{'x-ratelimit-reset'};
}
is_deeply(\@remaining, [ reverse 0 .. $IP_LIMIT - 1 ],
    'the remaining count goes down by one per call, cached or not');
like($reset, qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z\z/,
    'the reset is an ISO 8601 time on a whole minute');
my $res = $anon->get('/api/v1/timelines/public');
is($res->{status}, 429, 'one more call is refused');
is((json_of($res) || {})->{error}, 'Too many requests',
    "... with Mastodon's message");
cmp_ok($res->{headers}{'retry-after'} // 0, '>', 0,
    '... and a Retry-After');
is($res->{headers}{'x-ratelimit-remaining'}, 0, '... nothing remaining');

$res = client(local_address => $addr)->get('/hello');
is($res->{status}, 200, 'web pages are not counted against the API');
ok(!exists $res->{headers}{'x-ratelimit-limit'},
    '... and carry no rate-limit headers');

# With a token the budget is the account's, from any address.
my (undef, $name) = new_user(prefix => 'rl');
my $token = api_token($name, 'read');
my $other = sprintf('127.%d.%d.%d', 210 + ($$ % 40), int(rand 250),
    10 + int(rand 200));
my @statuses;
for my $i (1 .. $ACCOUNT_LIMIT) {
	my $c = client(local_address => $i % 2 ? $addr : $other,
	    token => $token);
	my $r = $c->get('/api/v1/accounts/verify_credentials');
	push @statuses, $r->{status};
	is($r->{headers}{'x-ratelimit-limit'}, $ACCOUNT_LIMIT,
	    "signed-in call $i has the account's limit") if $i == 1;
}
is_deeply(\@statuses, [ (200) x $ACCOUNT_LIMIT ],
    'a token is not held to the exhausted address budget');
$res = client(local_address => $other, token => $token)
    ->get('/api/v1/accounts/verify_credentials');
is($res->{status}, 429, 'the account budget runs out across addresses');

# Another account from the same addresses is unaffected.
my (undef, $name2) = new_user(prefix => 'rl');
$res = client(local_address => $addr, token => api_token($name2, 'read'))
    ->get('/api/v1/accounts/verify_credentials');
is($res->{status}, 200, "another account keeps its own budget");

config_restore();
$res = client(local_address => $addr)->get('/api/v1/instance');
is($res->{status}, 200, 'with the limit raised again the address passes');

done_testing();
