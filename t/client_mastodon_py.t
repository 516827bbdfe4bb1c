# client_mastodon_py.t: Mastodon.py, Debian's python3-mastodon, through
# the daily loop against woolly (t/clients/mastodon_py.py): it registers
# an app, signs in with a password and with an authorization code read
# off woolly's out-of-band page, posts, replies, reads home and public,
# follows, favourites, boosts, bookmarks, reads notifications and
# searches. Every answer the library handed back is checked here.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::Clients;

my ($a, $b) = client_users('mpy');
my $marker = marker_word('mpy');
my ($results, $authorized, $done) = run_client(
	cmd => ['/usr/bin/python3', 't/clients/mastodon_py.py', base_url(), $a,
	    $b, $marker],
	env => { WOOLLY_CLIENT_PASSWORD => TEST_PASSWORD },
	username => $a,
);
ok($done, 'Mastodon.py went through the whole loop');

subtest 'the app' => sub {
	my $app = $results->{app};
	like($app->{client_id} // '', qr/\S/, 'a client_id');
	is(scalar psql(q{SELECT name FROM oauth_applications
	    WHERE client_id = :'1'}, $app->{client_id} // ''),
	    'Mastodon.py on woolly', 'registered under its name');
};

subtest 'the authorization page' => sub {
	is(scalar @$authorized, 1, 'one trip through the browser');
	my $url = $authorized->[0]{url} // '';
	like($url, qr{/oauth/authorize\?}, 'to /oauth/authorize');
	like($url, qr/[?&]state=None\b/, 'Mastodon.py sends state=None');
	like($url, qr/[?&]force_login=False\b/, '... and force_login=False');
	ok(!defined $authorized->[0]{location},
	    'the code came on the out-of-band page');
};

check_daily_loop(results => $results, a => $a, b => $b, marker => $marker,
    app_name => 'Mastodon.py on woolly');

done_testing();
