# search.t: GET /api/v2/search as Mastodon 4.x answers it, and the /search
# page. Accounts by user name and display-name prefix (the exact match
# first, local before remote), hashtags by prefix with their history, and
# statuses by full-text search for a signed-in user only: public posts of
# indexable accounts, one's own, and those one took part in, never a post
# the searcher may not see. Bad input, the refusals for anonymous paging
# and resolving, pagination, and the schema of every answer.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

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
	return $client->get('/api/v2/search?' . qs(@pairs));
}

# The ids of one kind of result, in order.
sub ids_of {
	my ($res, $kind) = @_;
	my $body = json_of($res) || {};
	return [map { $_->{id} } @{ $body->{$kind} || [] }];
}

sub names_of {
	my ($res) = @_;
	my $body = json_of($res) || {};
	return [map { $_->{name} } @{ $body->{hashtags} || [] }];
}

# Words no other test writes, so results are ours alone.
my $tag = unique_name('srch');
(my $word = $tag) =~ s/_//g;
my $secret = "${word}secret";
my $shared = "${word}shared";

my $anon = client();
my ($alice_api, $alice, $alice_web) = api_user(prefix => "${word}a");
my ($bob_api, $bob, $bob_web) = api_user(prefix => "${word}b");
my ($carol_api, $carol, $carol_web) = api_user(prefix => "${word}c");
my ($alice_id, $bob_id, $carol_id) = map { account_id_of($_) }
    ($alice, $bob, $carol);

# Alice lets her posts be found; Bob does not (the default).
psql(q{UPDATE accounts SET indexable = true, display_name = :'2'
    WHERE id = :'1'}, $alice_id, "Wanda ${word}Zebra");

my $alice_public = post_status_id($alice_web, $alice,
    status => "$shared public words #$tag");
my $alice_unlisted = post_status_id($alice_web, $alice,
    status => "$shared unlisted words", visibility => 'unlisted');
my $alice_private = post_status_id($alice_web, $alice,
    status => "$secret private words", visibility => 'private');
my $alice_direct = post_status_id($alice_web, $alice,
    status => "\@$bob $secret direct words", visibility => 'direct');
my $bob_public = post_status_id($bob_web, $bob,
    status => "$shared bob is not indexable #$tag");

subtest 'accounts and hashtags need no token' => sub {
	my $res = search($anon, q => $alice);
	is($res->{status}, 200, 'answers 200');
	ok_schema('Search', $res, 'a Search');
	is(ids_of($res, 'accounts')->[0], $alice_id,
	    'the exact user name comes first');
	ok_schema('Account[]', (json_of($res) || {})->{accounts},
	    'accounts are Accounts');
	like($res->{headers}{'cache-control'} // '', qr/no-store/,
	    'a search is not cached');

	$res = search($anon, q => $shared);
	is_deeply(ids_of($res, 'statuses'), [],
	    'no statuses for a signed-out search, as in Mastodon');

	$res = search($anon, q => "#$tag");
	is($res->{status}, 200, 'a hashtag query answers 200');
	ok_schema('Search', $res, 'a Search');
	is_deeply(names_of($res), [$tag], 'the hashtag is found');
	ok_schema('Tag[]', (json_of($res) || {})->{hashtags},
	    'hashtags are Tags');
};

subtest 'bad input' => sub {
	my $res = $anon->get('/api/v2/search');
	is($res->{status}, 400, 'no q: 400');
	is_deeply(json_of($res),
	    { error => 'param is missing or the value is empty: q' },
	    '... with Rails\' message');
	ok_schema('Error', $res, 'an Error');
	$res = search($anon, q => '');
	is($res->{status}, 400, 'an empty q: 400');
	$res = search($anon, q => 'x' x 501);
	is($res->{status}, 422, 'q over 500 characters: 422');
	is_deeply(json_of($res), { error => 'Validation failed: Q is too ' .
	    'long (maximum is 500 characters)', details => { q => [{
	    error => 'ERR_TOO_LONG', description => 'is too long (maximum ' .
	    'is 500 characters)' }] } }, '... as Mastodon words a validation '
	    . 'failure');
	ok_schema('ValidationError', $res, 'a ValidationError');
	$res = $anon->get('/api/v2/search?q=%FF');
	is($res->{status}, 400, 'q that is not UTF-8: 400');
	$res = search($anon, q => 'x' x 500);
	is($res->{status}, 200, 'q of 500 characters is fine');

	$res = search($carol_api, q => $alice, limit => -1);
	is($res->{status}, 400, 'a negative limit: 400');
	is_deeply(json_of($res), { error => 'Pagination values for `offset` ' .
	    'and `limit` must be positive' }, '... with Mastodon\'s message');
	$res = search($carol_api, q => $alice, type => 'accounts',
	    offset => -3);
	is($res->{status}, 400, 'a negative offset: 400');
	for my $bad ([limit => 'ten'], [following => 'perhaps'],
	    [resolve => 'sure'], [max_id => 'abc'], [min_id => '-1']) {
		$res = search($carol_api, q => $alice, @$bad);
		is($res->{status}, 400, "$bad->[0]=$bad->[1]: 400");
		ok_schema('Error', $res, '... an Error');
	}
	$res = search($carol_api, q => $alice, type => 'people');
	is($res->{status}, 200, 'an unknown type answers 200');
	is_deeply(json_of($res), { accounts => [], statuses => [],
	    hashtags => [] }, '... and finds nothing, as in Mastodon');
	$res = search($carol_api, q => $alice, limit => 0);
	is_deeply(json_of($res), { accounts => [], statuses => [],
	    hashtags => [] }, 'limit=0 finds nothing');
};

subtest 'signed out, paging and resolving are refused' => sub {
	my $res = search($anon, q => $alice, type => 'accounts', offset => 1);
	is($res->{status}, 401, 'offset without a user: 401');
	is_deeply(json_of($res), { error => 'Search queries pagination is ' .
	    'not supported without authentication' }, '... saying why');
	$res = search($anon, q => $alice, resolve => 'true');
	is($res->{status}, 401, 'resolve without a user: 401');
	is_deeply(json_of($res), { error => 'Search queries that resolve ' .
	    'remote resources are not supported without authentication' },
	    '... saying why');
	ok_schema('Error', $res, 'an Error');
	$res = search($anon, q => $alice, resolve => 'false');
	is($res->{status}, 200, 'resolve=false is fine');
	my $app = client(token => api_token(undef, 'read'));
	$res = search($app, q => $alice, type => 'accounts', offset => 1);
	is($res->{status}, 401, 'an application token is no user either');
};

subtest 'tokens and scopes' => sub {
	my $ok = client(token => api_token($carol, 'read:search'));
	my $res = search($ok, q => $shared);
	is($res->{status}, 200, 'read:search is enough');
	ok(scalar @{ ids_of($res, 'statuses') }, '... statuses are searched');
	my $narrow = client(token => api_token($carol, 'write'));
	$res = search($narrow, q => $alice);
	is($res->{status}, 403, 'a token without read:search: 403');
	is_deeply(json_of($res), { error => 'This action is outside the ' .
	    'authorized scopes' }, '... Mastodon\'s message');
	$res = search(client(token => 'nope'), q => $alice);
	is($res->{status}, 401, 'an unknown token: 401');
};

subtest 'accounts: prefixes, order, domains' => sub {
	# A remote namesake with many followers and a local one whose name
	# only starts the same: the exact local match still leads.
	my $remote_host = "$word.example";
	psql(q{INSERT INTO accounts (username, domain, uri, display_name)
	    VALUES (:'1', :'2', :'3', 'Far away')}, $alice, $remote_host,
	    "https://$remote_host/users/$alice");
	my $remote_id = psql(q{SELECT id FROM accounts WHERE domain = :'1'},
	    $remote_host);
	psql(q{UPDATE account_stats SET followers_count = 1000
	    WHERE account_id = :'1'}, $remote_id);
	my ($web2, $longer) = new_user(username => "${alice}x");
	my $longer_id = account_id_of($longer);

	my $res = search($carol_api, q => $alice, type => 'accounts');
	ok_schema('Search', $res, 'a Search');
	is_deeply(ids_of($res, 'accounts'), [$alice_id, $longer_id,
	    $remote_id], 'exact local first, then local, then remote');
	$res = search($carol_api, q => substr($alice, 0, length($alice) - 2),
	    type => 'accounts');
	is_deeply(ids_of($res, 'accounts'), [$alice_id, $longer_id,
	    $remote_id], 'a prefix finds all three, local first');
	$res = search($carol_api, q => "\@$alice\@$remote_host");
	is_deeply(ids_of($res, 'accounts'), [$remote_id],
	    '@user@domain finds the remote account only');
	is_deeply(ids_of($res, 'statuses'), [],
	    '... and, being an address, no statuses');
	is_deeply(names_of($res), [], '... nor hashtags');
	$res = search($carol_api, q => "$alice\@" . domain());
	is_deeply(ids_of($res, 'accounts'), [$alice_id, $longer_id],
	    'our own domain means local accounts, the exact one first');
	$res = search($carol_api, q => "${word}zeb", type => 'accounts');
	is_deeply(ids_of($res, 'accounts'), [$alice_id],
	    'a word of the display name, by prefix');
	$res = search($carol_api, q => "wanda ${word}zeb", type => 'accounts');
	is_deeply(ids_of($res, 'accounts'), [$alice_id],
	    'two words of the display name');
	$res = search($carol_api, q => "o'brien \\ 100% ${word}zeb",
	    type => 'accounts');
	is($res->{status}, 200, 'quotes, backslashes and % are only text');

	# Paging within accounts.
	$res = search($carol_api, q => $alice, type => 'accounts', limit => 1,
	    offset => 1);
	is_deeply(ids_of($res, 'accounts'), [$longer_id],
	    'limit=1&offset=1 is the second account');
	$res = search($carol_api, q => $alice, limit => 1, offset => 1);
	is_deeply(ids_of($res, 'accounts'), [$alice_id],
	    'offset counts only with a type, as in Mastodon');

	# Who is left out.
	psql(q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'},
	    $longer_id);
	$res = search($carol_api, q => $alice, type => 'accounts');
	ok(!(grep { $_ eq $longer_id } @{ ids_of($res, 'accounts') }),
	    'a suspended account is not found');
	my $pending = unique_name("${word}p");
	my ($rc) = woollyctl('account', 'create', $pending, '--email',
	    "$pending\@example.com");
	psql(q{UPDATE users SET approved = false WHERE account_id =
	    (SELECT id FROM accounts WHERE username = :'1')}, $pending);
	$res = search($carol_api, q => $pending, type => 'accounts');
	is_deeply(ids_of($res, 'accounts'), [],
	    'an account waiting for approval is not found');
	psql(q{INSERT INTO blocks (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $remote_id, $carol_id);
	$res = search($carol_api, q => $alice, type => 'accounts');
	ok(!(grep { $_ eq $remote_id } @{ ids_of($res, 'accounts') }),
	    'an account that blocks the searcher is not found by them');
	$res = search($anon, q => $alice);
	ok((grep { $_ eq $remote_id } @{ ids_of($res, 'accounts') }),
	    '... but by others');

	# following=true: only those one follows.
	psql(q{INSERT INTO follows (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $carol_id, $alice_id);
	$res = search($carol_api, q => $word, type => 'accounts',
	    following => 'true');
	is_deeply(ids_of($res, 'accounts'), [$alice_id],
	    'following=true keeps the followed accounts');
};

subtest 'hashtags: prefix, exact first, history' => sub {
	my $longer = "${tag}longer";
	post_status_id($carol_web, $carol, status => "#$longer");
	my $res = search($anon, q => $tag, type => 'hashtags');
	ok_schema('Search', $res, 'a Search');
	is_deeply(names_of($res), [$tag, $longer],
	    'the exact name first, then longer ones');
	$res = search($carol_api, q => "#$tag", type => 'hashtags', limit => 1,
	    offset => 1);
	is_deeply(names_of($res), [$longer], 'paged by offset');
	$res = search($anon, q => uc("#$tag"), type => 'hashtags');
	is(names_of($res)->[0], $tag, 'any case');
	my $t = (json_of(search($anon, q => $tag, type => 'hashtags')) ||
	    {})->{hashtags}[0] || {};
	ok(is_json_string($t->{id}), 'the id is a string');
	is($t->{url}, base_url() . "/tags/$tag", 'the url is the tag page');
	is(scalar @{ $t->{history} || [] }, 7, 'seven days of history');
	my $today = $t->{history}[0] || {};
	is($today->{uses}, '2', 'today: two posts (Alice\'s and Bob\'s)');
	is($today->{accounts}, '2', '... by two accounts');
	ok(is_json_string($today->{uses}), 'counts are strings');
	is($today->{day} % 86400, 0, 'a day starts at midnight UTC');
	cmp_ok(time - $today->{day}, '<', 86400, 'the first day is today');
	is($t->{history}[1]{day}, $today->{day} - 86400,
	    'then the day before');
	$res = search($anon, q => "$tag\@example.com");
	is_deeply(names_of($res), [], 'an address finds no hashtag');
	$res = search($anon, q => '#');
	is_deeply(names_of($res), [], 'a lone # finds nothing');
	$res = search($anon, q => "${tag}%", type => 'hashtags');
	is_deeply(names_of($res), [], '% is no wildcard');
	$res = search($anon, q => $tag, type => 'hashtags',
	    exclude_unreviewed => 'true');
	is_deeply(names_of($res), [$tag, $longer],
	    'exclude_unreviewed keeps tags no one refused');
	psql(q{UPDATE tags SET trendable = false WHERE lower(name) = :'1'},
	    $longer);
	$res = search($anon, q => $tag, type => 'hashtags',
	    exclude_unreviewed => 'true');
	is_deeply(names_of($res), [$tag], '... but not a refused one');
	psql(q{UPDATE tags SET listable = false WHERE lower(name) = :'1'},
	    $longer);
	$res = search($anon, q => $tag, type => 'hashtags');
	is_deeply(names_of($res), [$tag], 'an unlistable tag is not found');
};

subtest 'statuses: what the searcher may find' => sub {
	my $res = search($carol_api, q => $shared, type => 'statuses');
	is($res->{status}, 200, 'answers 200');
	ok_schema('Search', $res, 'a Search');
	ok_schema('Status[]', (json_of($res) || {})->{statuses},
	    'statuses are Statuses');
	is_deeply(ids_of($res, 'statuses'), [$alice_public],
	    'a public post of an indexable account; not her unlisted one, '
	    . 'not a non-indexable account\'s');
	$res = search($bob_api, q => $shared, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$bob_public, $alice_public],
	    'Bob finds his own post too, newest first');
	$res = search($alice_api, q => $shared, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$alice_unlisted, $alice_public],
	    'Alice finds her unlisted post');
	$res = search($alice_api, q => $secret, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$alice_direct, $alice_private],
	    'and her private and direct posts');
	$res = search($carol_api, q => $secret, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [],
	    'a follower never finds a private post by searching it');
	my ($dave_api) = api_user(prefix => "${word}d");
	$res = search($dave_api, q => $secret);
	is_deeply(ids_of($res, 'statuses'), [],
	    'a stranger finds neither private nor direct posts');
	$res = search($bob_api, q => $secret, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$alice_direct],
	    'Bob, mentioned, finds the direct message to him only');

	# Taking part makes a post findable.
	psql(q{INSERT INTO favourites (account_id, status_id)
	    VALUES (:'1', :'2')}, $carol_id, $bob_public);
	$res = search($carol_api, q => $shared, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$bob_public, $alice_public],
	    'a post the searcher favourited is found');
	psql(q{INSERT INTO bookmarks (account_id, status_id)
	    VALUES (:'1', :'2')}, account_id_of($alice), $bob_public);
	$res = search($alice_api, q => "bob indexable", type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$bob_public],
	    'one she bookmarked too, and all the words must match');
	$res = search($alice_api, q => "\"indexable bob\"",
	    type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [],
	    'a "quoted phrase" keeps its order');
	$res = search($alice_api, q => "$shared -bob", type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$alice_unlisted, $alice_public],
	    '-word leaves out');
	$res = search($carol_api, q => uc($shared), type => 'statuses');
	is(scalar @{ ids_of($res, 'statuses') }, 2, 'any case');

	# Filters.
	$res = search($carol_api, q => $shared, account_id => $bob_id);
	is_deeply(ids_of($res, 'statuses'), [$bob_public],
	    'account_id keeps one author');
	$res = search($carol_api, q => $shared, account_id => 'x');
	is_deeply(ids_of($res, 'statuses'), [],
	    'an account_id that is no id finds no status');
	$res = search($carol_api, q => $shared, max_id => $bob_public);
	is_deeply(ids_of($res, 'statuses'), [$alice_public],
	    'max_id: older only');
	$res = search($carol_api, q => $shared, min_id => $alice_public);
	is_deeply(ids_of($res, 'statuses'), [$bob_public],
	    'min_id: newer only');
	$res = search($carol_api, q => $shared, type => 'statuses',
	    limit => 1);
	is_deeply(ids_of($res, 'statuses'), [$bob_public], 'limit=1');
	$res = search($carol_api, q => $shared, type => 'statuses',
	    limit => 1, offset => 1);
	is_deeply(ids_of($res, 'statuses'), [$alice_public],
	    'offset=1 is the next one');
	$res = search($carol_api, q => "#$tag", type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [],
	    'a lone #tag searches no statuses, as in Mastodon');
	$res = search($carol_api, q => "$tag other", type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [],
	    'every word must be there');

	# Blocks, mutes and deletions.
	psql(q{INSERT INTO mutes (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $carol_id, $bob_id);
	$res = search($carol_api, q => $shared, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$alice_public],
	    'a muted author\'s post is not found');
	psql(q{DELETE FROM mutes WHERE account_id = :'1'}, $carol_id);
	delete_status($alice_web, $alice, $alice_public);
	$res = search($carol_api, q => $shared, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$bob_public],
	    'a deleted post is not found');
	psql(q{UPDATE accounts SET indexable = false WHERE id = :'1'},
	    $alice_id);
	my $later = post_status_id($alice_web, $alice,
	    status => "$shared after opting out");
	$res = search($carol_api, q => $shared, type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$bob_public],
	    'an account that stopped being indexable is no longer found');
	$res = search($alice_api, q => "opting", type => 'statuses');
	is_deeply(ids_of($res, 'statuses'), [$later],
	    'though its owner still finds it');
};

subtest 'resolve=true looks up URLs we know, fetches nothing' => sub {
	my $post = post_status_id($bob_web, $bob, status => 'resolve me');
	my $private = post_status_id($bob_web, $bob, status => 'hidden',
	    visibility => 'private');
	my $url = base_url() . "/\@$bob/$post";
	my $res = search($carol_api, q => $url, resolve => 'true');
	is($res->{status}, 200, 'answers 200');
	ok_schema('Search', $res, 'a Search');
	is_deeply(ids_of($res, 'statuses'), [$post],
	    'a status page of ours is its status');
	is_deeply(ids_of($res, 'accounts'), [], '... and nothing else');
	my $uri = psql(q{SELECT uri FROM statuses WHERE id = :'1'}, $post);
	$res = search($carol_api, q => $uri, resolve => 'true');
	is_deeply(ids_of($res, 'statuses'), [$post],
	    'its ActivityPub id too');
	$res = search($carol_api, q => $url, resolve => 'true',
	    type => 'accounts');
	is_deeply(ids_of($res, 'statuses'), [], 'not when accounts are asked');
	$res = search($carol_api, q => base_url() . "/\@$bob/$private",
	    resolve => 'true');
	is_deeply(json_of($res), { accounts => [], statuses => [],
	    hashtags => [] }, 'a private status the searcher may not see: '
	    . 'nothing');
	$res = search($carol_api, q => base_url() . "/\@$bob",
	    resolve => 'true');
	is_deeply(ids_of($res, 'accounts'), [$bob_id],
	    'a profile page is its account');
	ok_schema('Account[]', (json_of($res) || {})->{accounts}, 'an Account');
	$res = search($carol_api, q => "https://$word.invalid/\@who/1",
	    resolve => 'true');
	is_deeply(json_of($res), { accounts => [], statuses => [],
	    hashtags => [] }, 'an unknown remote URL: nothing (no fetching)');
	$res = search($carol_api, q => "\@who\@$word.invalid",
	    resolve => 'true');
	is_deeply(json_of($res), { accounts => [], statuses => [],
	    hashtags => [] }, 'an unknown remote account: nothing');
};

subtest 'the /search page' => sub {
	my $res = $anon->get('/search?' . qs(q => $carol));
	is($res->{status}, 200, 'answers 200 signed out');
	like($res->{content}, qr{href="/\@\Q$carol\E"}, 'links the account');
	unlike($res->{content}, qr{class="results timeline"},
	    'no posts for a signed-out visitor');
	like($res->{content}, qr{Sign in to search posts},
	    '... and says how to get them');
	$res = $anon->get('/search?' . qs(q => "#$tag"));
	like($res->{content}, qr{href="/tags/\Q$tag\E"}, 'links the hashtag');
	$res = $carol_web->get('/search?' . qs(q => $shared));
	is($res->{status}, 200, 'answers 200 signed in');
	like($res->{content}, qr{bob is not indexable},
	    'a signed-in visitor finds posts');
	$res = $anon->get('/search?' . qs(q => '<script>alert(1)</script>'));
	is($res->{status}, 200, 'markup in q answers 200');
	unlike($res->{content}, qr{<script>alert}, '... escaped');
	like($res->{content}, qr{Nothing found}, '... and finds nothing');
	$res = $anon->get('/search');
	is($res->{status}, 200, 'the empty form');
	like($res->{content}, qr{<form[^>]*action="/search"}, 'has the form');
	$res = $anon->get('/search?' . qs(q => 'x' x 501));
	is($res->{status}, 400, 'an overlong q: 400');
	$res = $anon->get('/search?' . qs(q => $alice, type => 'accounts'));
	like($res->{content}, qr{href="/\@\Q$alice\E"}, 'one kind at a time');
	$res = $anon->get('/public/local');
	like($res->{content}, qr{<form class="search-box"[^>]*action="/search"},
	    'every page has the search box');
};

done_testing();
