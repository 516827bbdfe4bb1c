# client_masto.t: masto.js (npm "masto", pinned in t/tools) through the
# daily loop against woolly (t/clients/masto.mjs): it registers an app,
# signs in with a password and with an authorization code (PKCE S256 and
# a state, back through a redirect to the app's own scheme), posts,
# replies, reads home and public, follows, favourites, boosts,
# bookmarks, reads notifications (also grouped, v2) and searches; it also
# reads instance v2. Every answer the library handed back is checked here.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::Clients;

my ($a, $b) = client_users('masto');
my $marker = marker_word('masto');
my ($results, $authorized, $done) = run_client(
	cmd => ['node', 't/clients/masto.mjs', base_url(), $a, $b, $marker],
	env => { WOOLLY_CLIENT_PASSWORD => TEST_PASSWORD },
	username => $a,
);
ok($done, 'masto.js went through the whole loop');

subtest 'the app' => sub {
	my $app = $results->{app};
	like($app->{client_id} // '', qr/\S/, 'a client_id');
	is(scalar psql(q{SELECT name FROM oauth_applications
	    WHERE client_id = :'1'}, $app->{client_id} // ''),
	    'masto.js on woolly', 'registered under its name');
};

subtest 'the authorization page' => sub {
	is(scalar @$authorized, 1, 'one trip through the browser');
	my $back = $authorized->[0];
	like($back->{url} // '', qr/[?&]code_challenge_method=S256\b/,
	    'masto.mjs asked with PKCE');
	like($back->{location} // '', qr{\Awoollytest://masto/callback\?},
	    'the code came back in a redirect to the app\'s scheme');
	is($back->{state}, $results->{code_login}{state},
	    '... with the state it sent');
};

subtest 'what only masto.js reads here' => sub {
	is($results->{instance}{domain}, domain(), 'instance v2: the domain');
	like($results->{instance}{version} // '', qr/\A4\.\d+\.\d+/,
	    '... and a Mastodon version');
	my $g = $results->{notifications_grouped} || {};
	my ($fav) = grep { $_->{type} eq 'favourite' } @{ $g->{groups} || [] };
	ok($fav, 'v2 notifications: a favourite group');
	is($fav->{status_id}, $results->{post}{id}, '... on the post');
	is_deeply($fav->{accounts}, [$b], '... by the other user, whose '
	    . 'account comes along');
	is($fav->{count}, 1, '... once');
	ok(grep({ $_ eq $results->{post}{id} } @{ $g->{statuses} || [] }),
	    '... and so does the status');
};

check_daily_loop(results => $results, a => $a, b => $b, marker => $marker,
    app_name => 'masto.js on woolly');

done_testing();
