# client_megalodon.t: megalodon (npm, pinned in t/tools; the library of
# Whalebird and other apps) through the daily loop against woolly
# (t/clients/megalodon.mjs): it tells from NodeInfo that woolly speaks
# Mastodon, registers an app, signs in with a password and with an
# authorization code (back through an https redirect), posts, replies,
# reads home and public, follows, favourites, boosts, bookmarks, reads
# notifications and searches. Every answer it handed back is checked here.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::Clients;

my ($a, $b) = client_users('mgl');
my $marker = marker_word('mgl');
my ($results, $authorized, $done) = run_client(
	cmd => ['node', 't/clients/megalodon.mjs', base_url(), $a, $b, $marker],
	env => { WOOLLY_CLIENT_PASSWORD => TEST_PASSWORD },
	username => $a,
);
ok($done, 'megalodon went through the whole loop');

is($results->{detect}{sns}, 'mastodon',
    'NodeInfo tells megalodon woolly speaks Mastodon');

subtest 'the app' => sub {
	my $app = $results->{app};
	like($app->{client_id} // '', qr/\S/, 'a client_id');
	is(scalar psql(q{SELECT name FROM oauth_applications
	    WHERE client_id = :'1'}, $app->{client_id} // ''),
	    'megalodon on woolly', 'registered under its name');
};

subtest 'the authorization page' => sub {
	is(scalar @$authorized, 1, 'one trip through the browser');
	like($authorized->[0]{url} // '', qr{/oauth/authorize\?},
	    'megalodon built the URL');
	like($authorized->[0]{location} // '',
	    qr{\Ahttps://megalodon\.example/callback\?code=},
	    'the code came back in a redirect to the app');
};

check_daily_loop(results => $results, a => $a, b => $b, marker => $marker,
    app_name => 'megalodon on woolly');

done_testing();
