# status_cache.t: the Status entities of API timelines come from memcached
# (cgi/api_status_cache.c) and are exactly what rendering them afresh
# gives: the same as GET /api/v1/statuses/:id, reblogs included, cached
# under the status's version, and new at once when the status, its
# counters, its author or the author's counters change. Without
# memcached the answers are the same.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice_api, $alice, $alice_web) = api_user(prefix => 'scalice');
my ($bob_api, $bob, $bob_web) = api_user(prefix => 'scbob');
my ($carol_api, $carol, $carol_web) = api_user(prefix => 'sccarol');
my ($dave_api, $dave, $dave_web) = api_user(prefix => 'scdave');
for my $name ($bob, $carol) {
	my $token = csrf_from($alice_web->get("/\@$name")->{content});
	$alice_web->post_form("/\@$name/follow",
	    [authenticity_token => $token])->{status} == 303
	    or die "alice cannot follow $name\n";
}
my $tag = 'sc' . substr(unique_name('t'), 2);
$tag =~ s/_//g;
my $first = post_status_id($bob_web, $bob, status => "cached #$tag");
my $reply = post_status_id($bob_web, $bob, status => "\@$alice hello",
    in_reply_to_id => $first);
# Carol boosts a status of Dave's, whom Alice does not follow: the reblog
# comes to Alice's home with Dave's status in it.
my $boosted = post_status_id($dave_web, $dave, status => 'boost this');
my $boost = psql(q{INSERT INTO statuses (uri, account_id, reblog_of_id,
    visibility, local) VALUES ('https://' || :'3' || '/users/' || :'1'
    || '/statuses/' || :'2' || '/activity', :'4', :'2', 'public', true)
    RETURNING id}, $carol, $boosted, domain(), account_id_of($carol));

# The home timeline, checked as a non-empty list of Statuses.
sub home {
	my ($what) = @_;
	my $res = $alice_api->get('/api/v1/timelines/home?limit=40');
	is($res->{status}, 200, "$what: 200");
	ok_schema('Status[]', $res, "$what: valid Statuses");
	return json_of($res);
}

sub by_id {
	my ($list, $id) = @_;
	my ($s) = grep { $_->{id} eq $id } @$list;
	return $s;
}

# The status's version as lib/status.c computes it.
sub version_of {
	my ($id) = @_;
	return scalar psql(q{SELECT s.xmin::text || '.'
	    || coalesce(ss.xmin::text, '-') || '.' || a.xmin::text || '.'
	    || coalesce(st.xmin::text, '-') FROM statuses s
	    LEFT JOIN status_stats ss ON ss.status_id = s.id
	    JOIN accounts a ON a.id = s.account_id
	    LEFT JOIN account_stats st ON st.account_id = a.id
	    WHERE s.id = :'1'}, $id);
}

sub cached {
	my ($id) = @_;
	my $out = memcached_request('get woolly:status:1:' . $id . ':' .
	    version_of($id)) // '';
	return $out =~ /\AVALUE / ? 1 : 0;
}

subtest 'a cached page is what rendering it afresh gives' => sub {
	my $cold = home('first load');
	ok(cached($_), "status $_ is cached under its version") for
	    $first, $reply, $boost, $boosted;
	my $warm = home('second load');
	is_deeply($warm, $cold, 'the second load, from the cache, is the same');
	for my $id ($first, $reply, $boost) {
		my $one = $alice_api->get("/api/v1/statuses/$id");
		ok_schema('Status', $one, "status $id alone: a valid Status");
		is_deeply(by_id($warm, $id), json_of($one),
		    "status $id is what GET /api/v1/statuses/$id renders");
	}
	my $b = by_id($warm, $boost);
	is($b->{reblog}{id}, $boosted, 'the reblog carries the boosted status');
	is($b->{reblog}{reblog}, undef, 'which carries none itself');
	is(by_id($warm, $first)->{reblog}, undef, 'a status has reblog null');
	ok(exists by_id($warm, $first)->{reblog}, 'but has the key');
	is_deeply(by_id($warm, $first)->{tags}, [{ name => $tag,
	    url => base_url() . "/tags/$tag" }], 'tags come through');
	is(by_id($warm, $reply)->{mentions}[0]{username}, $alice,
	    'mentions come through');

	my $res = $alice_api->get('/api/v1/timelines/public?limit=40');
	ok_schema('Status[]', $res, 'the public timeline: valid Statuses');
	is_deeply(by_id(json_of($res), $first), by_id($warm, $first),
	    'the public timeline shows the same cached entity');
	$res = client()->get('/api/v1/timelines/public?limit=40');
	ok_schema('Status[]', $res, 'signed out: valid Statuses');
	my $anonymous = by_id(json_of($res), $first);
	is_deeply($anonymous, json_of(client()->get("/api/v1/statuses/$first")),
	    'signed out, the entity rendered afresh for no one');
	ok(!exists $anonymous->{favourited}, 'without the viewer\'s flags');
	ok(exists by_id($warm, $first)->{favourited},
	    'which a signed-in viewer gets');
};

subtest 'what changes a status shows at once' => sub {
	psql(q{INSERT INTO favourites (account_id, status_id)
	    VALUES (:'1', :'2')}, account_id_of($alice), $_) for $first, $boosted;
	is(by_id(home('after a favourite'), $first)->{favourites_count}, 1,
	    'its counters');
	is(by_id(home('a reblog of it'), $boost)->{reblog}{favourites_count}, 1,
	    'also inside a reblog of it');
	my $list = home('the favouriter\'s flags');
	ok(by_id($list, $first)->{favourited}, 'the favouriter sees favourited');
	ok(by_id($list, $boost)->{reblog}{favourited},
	    'on the boosted status too');
	ok(by_id($list, $boost)->{favourited},
	    'and on the reblog, which answers for its original');
	my $res = $bob_api->get('/api/v1/timelines/public?limit=40');
	ok_schema('Status[]', $res, 'another viewer: valid Statuses');
	is(by_id(json_of($res), $first)->{favourited}, JSON::PP::false(),
	    'another viewer of the same cached entity does not');

	psql(q{UPDATE accounts SET display_name = 'Renamed'
	    WHERE id IN (:'1', :'2')}, account_id_of($bob), account_id_of($dave));
	$list = home('after a rename');
	is(by_id($list, $first)->{account}{display_name}, 'Renamed',
	    'its author');
	is(by_id($list, $boost)->{reblog}{account}{display_name}, 'Renamed',
	    'also inside a reblog');

	my $count = by_id($list, $first)->{account}{statuses_count};
	post_status_id($bob_web, $bob, status => 'one more');
	is(by_id(home('after another post'), $first)->{account}{statuses_count},
	    $count + 1, 'its author\'s counters');

	psql(q{UPDATE statuses SET content = '<p>edited</p>',
	    edited_at = now() WHERE id = :'1'}, $first);
	$list = home('after an edit');
	is(by_id($list, $first)->{content}, '<p>edited</p>', 'its content');
	ok(defined by_id($list, $first)->{edited_at}, 'and edited_at');
	is_deeply(by_id($list, $first),
	    json_of($alice_api->get("/api/v1/statuses/$first")),
	    'still what rendering it afresh gives');
};

subtest 'a broken cache entry is rendered again' => sub {
	my $key = 'woolly:status:1:' . $reply . ':' . version_of($reply);
	like(memcached_request("set $key 0 60 5", 'oops!') // '', qr/STORED/,
	    'an entry overwritten with garbage');
	my $list = home('with a broken entry');
	is_deeply(by_id($list, $reply),
	    json_of($alice_api->get("/api/v1/statuses/$reply")),
	    'the status is rendered afresh');
};

subtest 'without memcached, the same answers' => sub {
	my $with = home('with memcached');
	config_override(memcached => '');
	my $without = home('without memcached');
	is_deeply($without, $with, 'the same page');
	config_restore();
};

done_testing();
