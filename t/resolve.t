# resolve.t: what a person names on another server, found from here. A
# user of B searches with resolve=true for a user of C by @name@domain
# (WebFinger on C, then C's actor) and by the URL of a profile, and for
# a post of C by its URL (stored under its author); B's profile page of
# a C user (/@name@c-domain) resolves it on first view for a signed-in
# visitor and follows it; /authorize_interaction opens what it looks up.
# A reply from C whose parent B lacks brings the parent with it (the
# inbox fetches the thread). What cannot be had is no result, never an
# error: an unknown domain, a user C does not have, a page that is no
# ActivityPub object, a domain B's administrator suspended.
use strict;
use warnings;
use Test::More;
use Woolly::Test qw(:twin);

my ($B, $C) = (twin('b'), twin('c'));
my $cdomain = $C->domain;

# A query string from pairs, values percent-encoded.
sub qs {
	my (@pairs) = @_;
	my @out;
	while (my ($k, $v) = splice @pairs, 0, 2) {
		(my $e = $v) =~ s/([^A-Za-z0-9_.~-])/sprintf('%%%02X', ord $1)/ge;
		push @out, "$k=$e";
	}
	return join '&', @out;
}

sub search {
	my ($client, @pairs) = @_;
	my $res = $client->get('/api/v2/search?' . qs(@pairs));
	is($res->{status}, 200, "search @pairs: 200")
	    or diag($res->{content});
	return json_of($res) // {};
}

# B's account of a C user, by user name: its id, or undef.
sub b_account_of {
	my ($name) = @_;
	return scalar $B->psql('SELECT id FROM accounts WHERE '
	    . 'username = :\'1\' AND domain = :\'2\'', $name, $cdomain);
}

sub c_post {
	my ($api, %fields) = @_;
	my $res = $api->post_json('/api/v1/statuses', \%fields);
	is($res->{status}, 200, "C: posted '$fields{status}'")
	    or diag($res->{content});
	return json_of($res);
}

my ($b_api, $bob, $b_web) = $B->api_user(prefix => 'bob');
my ($c_api, $carol) = $C->api_user(prefix => 'carol');
$c_api->patch_json('/api/v1/accounts/update_credentials',
    { display_name => 'Carol of C', note => 'I live on <b>C</b>' });

subtest 'an address, resolved through WebFinger' => sub {
	is(b_account_of($carol), undef, 'B does not know carol yet');
	my $found = search($b_api, q => "\@$carol\@$cdomain");
	is_deeply($found->{accounts}, [],
	    'without resolve: no result, nothing looked up');
	is(b_account_of($carol), undef, '... and nothing stored');

	$found = search($b_api, q => "\@$carol\@$cdomain", resolve => 'true');
	my ($a) = @{ $found->{accounts} // [] };
	ok($a, 'resolve=true finds her') or return;
	is($a->{acct}, "$carol\@$cdomain", '... as carol@c-domain');
	is($a->{display_name}, 'Carol of C', '... with her display name');
	is($a->{url}, $C->url . "/\@$carol", '... and her profile URL on C');
	ok_schema('Account', $found->{accounts}[0], 'an Account');
	isnt(b_account_of($carol), undef, 'B stored her account');

	# Known now: found without resolve, and by the lookup.
	$found = search($b_api, q => "$carol\@$cdomain");
	is($found->{accounts}[0]{acct}, "$carol\@$cdomain",
	    'found without resolve once known');
	my $res = $b_api->get('/api/v1/accounts/lookup?' .
	    qs(acct => "$carol\@$cdomain"));
	is($res->{status}, 200, 'the lookup finds the known remote account');
	is(json_of($res)->{id}, b_account_of($carol), '... the same one');

	# Mastodon's lookup does not look up unknown addresses remotely.
	my (undef, $dan) = $C->api_user(prefix => 'dan');
	not_found_ok($b_api->get('/api/v1/accounts/lookup?' .
	    qs(acct => "$dan\@$cdomain")), 'the lookup of an unknown one');
	is(b_account_of($dan), undef, '... looks nothing up');
};

subtest 'URLs of profiles and posts' => sub {
	my (undef, $erin) = $C->api_user(prefix => 'erin');
	my $found = search($b_api, q => $C->url . "/\@$erin",
	    resolve => 'true');
	is($found->{accounts}[0]{acct}, "$erin\@$cdomain",
	    'a profile page\'s URL finds the account');
	my (undef, $fay) = $C->api_user(prefix => 'fay');
	$found = search($b_api, q => $C->url . "/users/$fay",
	    resolve => 'true');
	is($found->{accounts}[0]{acct}, "$fay\@$cdomain",
	    'so does an actor id');

	my ($g_api, $gname) = $C->api_user(prefix => 'gus');
	my $post = c_post($g_api, status => 'a post of gus on C');
	is(b_account_of($gname), undef, 'B knows neither gus');
	$found = search($b_api, q => $post->{url});
	is_deeply($found->{statuses}, [], 'without resolve: no status');
	$found = search($b_api, q => $post->{url}, resolve => 'true');
	my ($s) = @{ $found->{statuses} // [] };
	ok($s, 'resolve=true fetches the post by its page URL') or return;
	like($s->{content}, qr/a post of gus on C/, '... its content');
	is($s->{account}{acct}, "$gname\@$cdomain", '... by gus of C');
	is($s->{uri}, $post->{uri}, '... with its id on C');
	ok_schema('Status', $s, 'a Status');
	isnt(b_account_of($gname), undef, 'B stored its author too');
	my $page = $b_web->get("/\@$gname\@$cdomain");
	is($page->{status}, 200, 'the author\'s profile page here');
	like($page->{content}, qr/a post of gus on C/, '... shows the post');
	$found = search($b_api, q => $post->{uri}, resolve => 'true');
	is($found->{statuses}[0]{id}, $s->{id}, 'its id finds the same one');
	is(scalar $B->psql('SELECT count(*) FROM statuses WHERE uri = :\'1\'',
	    $post->{uri}), 1, '... stored once');
};

subtest 'what cannot be had is no result' => sub {
	my %cases = (
	    'an unknown domain' => '@someone@nowhere.woolly.test',
	    'a user C does not have' => "\@nobody_here_at_all\@$cdomain",
	    'a page that is no ActivityPub object' => $C->url . '/public/local',
	    'a post C does not have' => $C->url . '/@' . $carol . '/1234567',
	    'a URL of nowhere' => 'https://nowhere.woolly.test/@x',
	);
	for my $what (sort keys %cases) {
		my $found = search($b_api, q => $cases{$what},
		    resolve => 'true');
		is_deeply([@{ $found->{accounts} // ['none'] },
		    @{ $found->{statuses} // ['none'] }], [],
		    "$what: empty results");
	}
	is(b_account_of('nobody_here_at_all'), undef,
	    'no account stored for a WebFinger 404');
	my $res = $B->client->get('/api/v2/search?' .
	    qs(q => "\@$carol\@$cdomain", resolve => 'true'));
	is($res->{status}, 401, 'signed out, resolve=true is refused');
};

subtest 'a remote profile page, and following from it' => sub {
	my ($h_api, $hal) = $C->api_user(prefix => 'hal');
	$h_api->patch_json('/api/v1/accounts/update_credentials',
	    { display_name => 'Hal <script>x</script>',
	      note => 'hello <script>alert(1)</script>world' });
	my $path = "/\@$hal\@$cdomain";

	my $res = $B->client->get($path);
	is($res->{status}, 404, 'a stranger: an unknown address is 404');
	is(b_account_of($hal), undef, '... and nothing is looked up');

	$res = $b_web->get($path);
	is($res->{status}, 303, 'a signed-in visitor: resolved, redirected');
	is($res->{headers}{location}, $path, '... to the profile here');
	isnt(b_account_of($hal), undef, 'B stored the account');

	$res = $b_web->get($path);
	is($res->{status}, 200, 'the profile page') or return;
	like($res->{content}, qr/Hal &lt;script&gt;x&lt;\/script&gt;/,
	    'its display name, escaped');
	unlike($res->{content}, qr/<script>/, 'no script anywhere');
	like($res->{content}, qr/<div class="note">.*hello.*world/s,
	    'its note, sanitized');
	like($res->{content},
	    qr{<a href="\Q${\$C->url}\E/\@\Q$hal\E"[^>]*>See the original},
	    'a link to the original profile');
	like($res->{content}, qr{action="\Q$path\E/follow"},
	    'a follow button');
	my $anon = $B->client->get($path);
	is($anon->{status}, 200, 'a stranger sees it once known');
	unlike($anon->{content}, qr{/follow"}, '... without the button');

	$res = $b_web->post_form("$path/follow",
	    { authenticity_token => csrf_from($b_web->get($path)->{content}) });
	is($res->{status}, 303, 'follow: redirected back');
	is($res->{headers}{location}, $path, '... to the profile');
	my $hal_on_b = b_account_of($hal);
	my $bob_on_b = $B->account_id_of($bob);
	ok(wait_until(sub {
		scalar $B->psql('SELECT count(*) FROM follows WHERE '
		    . 'account_id = :\'1\' AND target_account_id = :\'2\'',
		    $bob_on_b, $hal_on_b);
	}, 30), 'C accepted: bob follows hal');
	my $bob_on_c = $C->psql('SELECT id FROM accounts WHERE username = '
	    . ':\'1\' AND domain IS NOT NULL', $bob);
	is(scalar $C->psql('SELECT count(*) FROM follows WHERE account_id = '
	    . ':\'1\' AND target_account_id = :\'2\'', $bob_on_c,
	    $C->account_id_of($hal)), 1, 'C has the follow');
	like($b_web->get($path)->{content}, qr{action="\Q$path\E/unfollow"},
	    'the page now offers to unfollow');

	$res = $b_web->post_form("$path/follow", {});
	is($res->{status}, 403, 'a follow without the CSRF token is refused');
};

subtest '/authorize_interaction looks up for a signed-in visitor' => sub {
	my ($i_api, $ivy) = $C->api_user(prefix => 'ivy');
	my $post = c_post($i_api, status => 'interact with me from B');
	my $res = $B->client->get('/authorize_interaction?' .
	    qs(uri => $post->{uri}));
	is($res->{status}, 200, 'a stranger: the page');
	like($res->{content}, qr/Sign in<\/a> to look it up/,
	    '... asking to sign in');

	$res = $b_web->get('/authorize_interaction?' . qs(uri => $post->{uri}));
	is($res->{status}, 303, 'signed in: the post is looked up');
	my $id = $B->psql('SELECT id FROM statuses WHERE uri = :\'1\'',
	    $post->{uri});
	ok($id, 'B stored it');
	is($res->{headers}{location}, "/\@$ivy\@$cdomain/$id",
	    '... and opens its page here');
	$res = $b_web->get("/\@$ivy\@$cdomain/$id");
	is($res->{status}, 200, 'the post\'s page');
	like($res->{content}, qr/interact with me from B/, '... shows it');
	like($res->{content}, qr{action="/\@\Q$ivy\E\@\Q$cdomain\E/$id/favourite"},
	    '... with its actions');

	my (undef, $jo) = $C->api_user(prefix => 'jo');
	$res = $b_web->get('/authorize_interaction?' .
	    qs(uri => "acct:$jo\@$cdomain"));
	is($res->{status}, 303, 'an address is looked up');
	is($res->{headers}{location}, "/\@$jo\@$cdomain",
	    '... and its profile opens, with the follow button');
	$res = $b_web->get('/authorize_interaction?' .
	    qs(uri => "acct:nobody_here_at_all\@$cdomain"));
	is($res->{status}, 200, 'one C does not have: the page');
	like($res->{content}, qr/could not be found/, '... saying so');

	$res = $b_web->get('/search?' . qs(q => $C->url . "/\@$jo"));
	is($res->{status}, 303, 'the search page opens a profile URL');
	is($res->{headers}{location}, "/\@$jo\@$cdomain", '... here');
	my (undef, $kim) = $C->api_user(prefix => 'kim');
	$res = $b_web->get('/search?' . qs(q => "\@$kim\@$cdomain"));
	is($res->{status}, 200, 'the search page with an address');
	like($res->{content}, qr{href="/\@\Q$kim\E\@\Q$cdomain\E"},
	    '... finds the account it looked up');
};

subtest 'a reply brings its missing parent' => sub {
	my ($l_api, $lee) = $C->api_user(prefix => 'lee');
	my ($m_api, $mo) = $C->api_user(prefix => 'mo');
	my $found = search($b_api, q => "\@$mo\@$cdomain", resolve => 'true');
	my $mo_id = $found->{accounts}[0]{id};
	ok($mo_id, 'bob finds mo') or return;
	my $res = $b_api->post_json("/api/v1/accounts/$mo_id/follow", {});
	is($res->{status}, 200, 'bob follows mo');
	ok(wait_until(sub {
		json_of($b_api->get('/api/v1/accounts/relationships?id[]='
		    . $mo_id))->[0]{following};
	}, 30), '... and C accepts');

	my $parent = c_post($l_api, status => 'the start of a thread');
	my $middle = c_post($m_api, status => 'a reply in the middle',
	    in_reply_to_id => $parent->{id});
	my $reply = c_post($l_api, status => 'lee answers', in_reply_to_id =>
	    $middle->{id});
	my $leaf = c_post($m_api, status => 'mo answers back',
	    in_reply_to_id => $reply->{id});
	my $leaf_on_b;
	ok(wait_until(sub {
		$leaf_on_b = $B->psql('SELECT id FROM statuses WHERE uri = '
		    . ':\'1\'', $leaf->{uri});
	}, 60), 'B got mo\'s last reply') or return;
	ok(wait_until(sub {
		scalar $B->psql('SELECT count(*) FROM statuses WHERE uri = '
		    . ':\'1\'', $parent->{uri});
	}, 30), '... and its ancestors, up to the start');
	isnt(b_account_of($lee), undef, 'lee\'s account came with them');
	my $context = json_of($b_api->get("/api/v1/statuses/$leaf_on_b/context"));
	is_deeply([map { $_->{uri} } @{ $context->{ancestors} // [] }],
	    [$parent->{uri}, $middle->{uri}, $reply->{uri}],
	    'the context shows the whole thread above, in order');
	my $count = $B->psql('SELECT replies_count FROM status_stats s JOIN '
	    . 'statuses p ON p.id = s.status_id WHERE p.uri = :\'1\'',
	    $parent->{uri});
	is($count, 1, 'a fetched parent counts the reply linked to it');
};

subtest 'a reply found by a search brings its thread afterwards' => sub {
	my ($o_api, $oz) = $C->api_user(prefix => 'oz');
	my ($p_api, $pat) = $C->api_user(prefix => 'pat');
	my $parent = c_post($o_api, status => 'oz starts');
	my $reply = c_post($p_api, status => 'pat replies',
	    in_reply_to_id => $parent->{id});
	my $found = search($b_api, q => $reply->{url}, resolve => 'true');
	my $id = $found->{statuses}[0]{id};
	ok($id, 'the reply is found at once') or return;
	my $parent_on_b;
	ok(wait_until(sub {
		$parent_on_b = $B->psql('SELECT in_reply_to_id FROM statuses '
		    . 'WHERE id = :\'1\'', $id);
	}, 30), 'its parent is fetched after the answer, and linked');
	is(scalar $B->psql('SELECT uri FROM statuses WHERE id = :\'1\'',
	    $parent_on_b), $parent->{uri}, '... the parent on C');
	my $status = json_of($b_api->get("/api/v1/statuses/$id"));
	is($status->{in_reply_to_id}, $parent_on_b,
	    'the API shows the reply in its thread');
};

subtest 'a suspended domain is not looked up' => sub {
	my ($n_api, $ned) = $C->api_user(prefix => 'ned');
	my $post = c_post($n_api, status => 'from a domain B suspends');
	my ($code, undef, $err) = $B->woollyctl('domain', 'block', $C->host,
	    '--severity', 'suspend');
	is($code, 0, 'B\'s admin suspends C') or diag($err);
	my $found = search($b_api, q => "\@$ned\@$cdomain", resolve => 'true');
	is_deeply($found->{accounts}, [], 'an address there: no result');
	$found = search($b_api, q => $post->{url}, resolve => 'true');
	is_deeply($found->{statuses}, [], 'a post there: no result');
	is(b_account_of($ned), undef, 'nothing stored');
	is($b_web->get("/\@$ned\@$cdomain")->{status}, 404,
	    'its profile page is not looked up');
	($code, undef, $err) = $B->woollyctl('domain', 'unblock', $C->host);
	is($code, 0, 'the block is lifted again') or diag($err);
};

done_testing();
