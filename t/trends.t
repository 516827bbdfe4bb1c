# trends.t: GET /api/v1/trends/tags (and /api/v1/trends), /statuses and
# /links. Hashtags trend when several accounts use them in public posts
# of the last days; statuses when other accounts favourite and boost
# them; links never yet (no preview cards). Lists page by offset with
# Mastodon's limits and Link headers, and are cacheable signed out.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

sub names {
	my ($res) = @_;
	return [map { $_->{name} } @{ json_of($res) || [] }];
}

sub ids {
	my ($res) = @_;
	return [map { $_->{id} } @{ json_of($res) || [] }];
}

sub has {
	my ($list, $x) = @_;
	return scalar grep { $_ eq $x } @$list;
}

my $anon = client();
my ($a_api, $a_name, $a_web) = api_user(prefix => 'trenda');
my ($b_api, $b_name, $b_web) = api_user(prefix => 'trendb');
my ($c_api, $c_name, $c_web) = api_user(prefix => 'trendc');
my ($a_id, $b_id, $c_id) = map { account_id_of($_) }
    ($a_name, $b_name, $c_name);

my $hot = unique_name('hot');
my $solo = unique_name('solo');
my $hidden = unique_name('hid');

subtest 'links: an honest empty list' => sub {
	my $res = $anon->get('/api/v1/trends/links');
	is($res->{status}, 200, 'answers 200');
	like($res->{headers}{'content-type'}, qr{\Aapplication/json},
	    'JSON');
	is_deeply(json_of($res), [], 'no preview cards, so no links');
	is($res->{headers}{link}, undef, 'no next page');
	$res = $a_api->get('/api/v1/trends/links?limit=5&offset=5');
	is_deeply(json_of($res), [], 'signed in and paged: still empty');
	ok(links($res)->{prev}, '... with a link back');
};

subtest 'a hashtag trends when several accounts use it' => sub {
	post_status_id($a_web, $a_name, status => "one #$hot");
	post_status_id($a_web, $a_name, status => "two #$hot #$solo");
	post_status_id($a_web, $a_name, status => "three #$solo");
	my $res = $anon->get('/api/v1/trends/tags');
	ok(!has(names($res), $hot), 'one account is not a trend');
	post_status_id($b_web, $b_name, status => "me too #$hot");
	post_status_id($b_web, $b_name, status => "shh #$hidden",
	    visibility => 'private');
	post_status_id($c_web, $c_name, status => "shh #$hidden",
	    visibility => 'unlisted');
	post_status_id($a_web, $a_name, status => "shh #$hidden",
	    visibility => 'direct');

	$res = $anon->get('/api/v1/trends/tags');
	is($res->{status}, 200, 'answers 200');
	ok_schema('Tag[]', $res, 'a list of Tags');
	my $names = names($res);
	ok(has($names, $hot), 'two accounts in public posts: a trend');
	ok(!has($names, $solo), 'one account, however often: no trend');
	ok(!has($names, $hidden), 'posts that are not public: no trend');
	my ($t) = grep { $_->{name} eq $hot } @{ json_of($res) || [] };
	is(scalar @{ $t->{history} }, 7, 'seven days of history');
	is($t->{history}[0]{uses}, '3', 'today: three posts');
	is($t->{history}[0]{accounts}, '2', '... by two accounts');
	is($t->{history}[6]{uses}, '0', 'nothing a week ago');
	is($t->{url}, base_url() . "/tags/$hot", 'the url is the tag page');

	my $alias = $anon->get('/api/v1/trends');
	is($alias->{status}, 200, '/api/v1/trends answers 200');
	ok_schema('Tag[]', $alias, '... with Tags');
	is_deeply(names($alias), $names, '... the same as /trends/tags');

	psql(q{UPDATE tags SET trendable = false WHERE lower(name) = :'1'},
	    $hot);
	ok(!has(names($anon->get('/api/v1/trends/tags')), $hot),
	    'a tag an admin took out of trends is not shown');
	psql(q{UPDATE tags SET trendable = true WHERE lower(name) = :'1'},
	    $hot);

	psql(q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'},
	    $b_id);
	ok(!has(names($anon->get('/api/v1/trends/tags')), $hot),
	    'a suspended account\'s posts do not count');
	psql(q{UPDATE accounts SET suspended_at = NULL WHERE id = :'1'},
	    $b_id);

	# Ten days ago, beyond the window of seven: not a trend now.
	my $old = unique_name('old');
	psql(q{INSERT INTO tags (name) VALUES (:'1')}, $old);
	for my $who ($a_id, $c_id) {
		psql(q{WITH s AS (INSERT INTO statuses (id, uri, account_id,
		    text, local, created_at) VALUES
		    (timestamp_id('statuses', now() - interval '10 days'),
		    :'1', :'2', :'3', true, now() - interval '10 days')
		    RETURNING id)
		    INSERT INTO status_tags (tag_id, status_id)
		    SELECT t.id, s.id FROM tags t, s WHERE t.name = :'4'},
		    base_url() . "/old/$old/$who", $who, "#$old", $old);
	}
	ok(!has(names($anon->get('/api/v1/trends/tags')), $old),
	    'used by two accounts ten days ago: no trend');
	ok(has(names($anon->get('/api/v1/trends/tags')), $hot),
	    'while this week\'s still is');
};

subtest 'paging trending tags' => sub {
	# Two more trends, so there are at least three.
	for my $n (1 .. 2) {
		my $t = unique_name("more$n");
		post_status_id($a_web, $a_name, status => "#$t");
		post_status_id($c_web, $c_name, status => "#$t");
	}
	my $all = names($anon->get('/api/v1/trends/tags?limit=20'));
	cmp_ok(scalar @$all, '>=', 3, 'three trends or more');
	my $res = $anon->get('/api/v1/trends/tags?limit=1');
	is_deeply(names($res), [$all->[0]], 'limit=1 is the first');
	my $next = links($res)->{next};
	like($next // '', qr{/api/v1/trends/tags\?limit=1&offset=1\z},
	    'Link next: offset=1, keeping the limit');
	ok(!links($res)->{prev}, 'no prev on the first page');
	(my $path = $next // '') =~ s{\A\Q@{[base_url()]}\E}{};
	$res = $anon->get($path);
	is_deeply(names($res), [$all->[1]], 'following next: the second');
	like(links($res)->{prev} // '', qr{offset=0\z}, 'Link prev: offset=0');
	$res = $anon->get('/api/v1/trends/tags?limit=2&offset=1');
	is_deeply(names($res), [@$all[1, 2]], 'limit=2&offset=1');
	$res = $anon->get('/api/v1/trends/tags?limit=1000');
	cmp_ok(scalar @{ json_of($res) || [] }, '<=', 20,
	    'limit is at most 20');
	$res = $anon->get('/api/v1/trends/tags?offset=1000000');
	is_deeply(json_of($res), [], 'far past the end: empty');
	$res = $anon->get('/api/v1/trends/tags?limit=0');
	is_deeply(json_of($res), [], 'limit=0: empty');
	for my $bad ('limit=-1', 'offset=-1', 'limit=ten', 'offset=1.5') {
		$res = $anon->get("/api/v1/trends/tags?$bad");
		is($res->{status}, 400, "$bad: 400");
		ok_schema('Error', $res, '... an Error');
	}
};

subtest 'a status trends when others favourite and boost it' => sub {
	my $star = post_status_id($a_web, $a_name, status => 'a fine post');
	my $lonely = post_status_id($a_web, $a_name, status => 'one fan');
	my $cw = post_status_id($a_web, $a_name, status => 'behind a warning',
	    spoiler_text => 'spoilers');
	my $unlisted = post_status_id($a_web, $a_name, status => 'quiet',
	    visibility => 'unlisted');
	my $reply = post_status_id($b_web, $b_name, status => 'a reply',
	    in_reply_to_id => $star);
	my ($d_api, $d_name) = api_user(prefix => 'trendd');
	my $d_id = account_id_of($d_name);
	my $fav = q{INSERT INTO favourites (account_id, status_id)
	    VALUES (:'1', :'2')};
	psql($fav, $b_id, $star);
	# A boost is a status that reblogs another.
	psql(q{INSERT INTO statuses (uri, account_id, reblog_of_id, local,
	    visibility) VALUES (:'1', :'2', :'3', true, 'public')},
	    base_url() . "/users/$c_name/statuses/boost$star", $c_id, $star);
	psql($fav, $a_id, $star);	# one's own favourite does not count
	psql($fav, $b_id, $lonely);
	for my $s ($cw, $unlisted, $reply) {
		psql($fav, $_, $s) for ($b_id, $c_id, $d_id);
	}

	my $res = $anon->get('/api/v1/trends/statuses');
	is($res->{status}, 200, 'answers 200');
	ok_schema('Status[]', $res, 'a list of Statuses');
	my $ids = ids($res);
	ok(has($ids, $star), 'favourited and boosted by two others: a trend');
	ok(!has($ids, $lonely), 'one other account: no trend');
	ok(!has($ids, $cw), 'behind a content warning: no trend');
	ok(!has($ids, $unlisted), 'unlisted: no trend');
	ok(!has($ids, $reply), 'a reply: no trend');

	psql(q{UPDATE accounts SET discoverable = false WHERE id = :'1'},
	    $a_id);
	ok(!has(ids($anon->get('/api/v1/trends/statuses')), $star),
	    'an author who is not discoverable: no trend');
	psql(q{UPDATE accounts SET discoverable = true WHERE id = :'1'},
	    $a_id);

	# A signed-in viewer does not see authors they block.
	psql(q{INSERT INTO blocks (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $d_id, $a_id);
	$res = $d_api->get('/api/v1/trends/statuses');
	is($res->{status}, 200, 'signed in: 200');
	ok(!has(ids($res), $star), 'an author the viewer blocked: not shown');
	$res = $c_api->get('/api/v1/trends/statuses');
	ok(has(ids($res), $star), 'others still see it');
	ok_schema('Status[]', $res, 'a list of Statuses');

	$res = $anon->get('/api/v1/trends/statuses?limit=1');
	is(scalar @{ json_of($res) || [] }, 1, 'limit=1');
	like(links($res)->{next} // '', qr{offset=1\z}, 'Link next');
	$res = $anon->get('/api/v1/trends/statuses?limit=41&offset=-2');
	is($res->{status}, 400, 'a negative offset: 400');

	delete_status($a_web, $a_name, $star);
	ok(!has(ids($anon->get('/api/v1/trends/statuses')), $star),
	    'a deleted status does not trend');
};

subtest 'signed-out answers are cacheable' => sub {
	for my $path ('/api/v1/trends/tags', '/api/v1/trends/statuses',
	    '/api/v1/trends/links') {
		my $res = $anon->get($path);
		like($res->{headers}{'cache-control'} // '', qr/\bpublic\b/,
		    "$path may be cached");
		$res = $anon->get($path);
		is($res->{headers}{'x-cache'}, 'HIT',
		    "$path is served from the page cache the second time");
	}
	my $res = $a_api->get('/api/v1/trends/tags');
	isnt($res->{headers}{'x-cache'} // '', 'HIT',
	    'a signed-in request is never served from the cache');
};

done_testing();
