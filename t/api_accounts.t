# api_accounts.t: the public account endpoints. An account by id and by
# acct (in every form a client writes it) is a valid Mastodon Account
# with ids as strings; an unknown or malformed id is a 404
# {"error": ...}; an account's statuses show only what an anonymous
# client may see, are valid Statuses on every page a Link header leads
# to, page with max_id / since_id / min_id / limit (also on an empty
# page), and filter with exclude_replies, exclude_reblogs and tagged.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

sub ids_of { return [map { $_->{id} } @{ $_[0] || [] }] }

my $anon = client();
my ($alice, $alice_name) = new_user(prefix => 'acc');
my $alice_id = account_id_of($alice_name);

# Public and unlisted statuses are on the profile; private and direct
# ones are not, for an anonymous client.
my @visible;
for my $n (1 .. 4) {
	push @visible, post_status_id($alice, $alice_name,
	    status => "Public status number $n");
}
my $private_id = post_status_id($alice, $alice_name,
    status => 'Only for followers', visibility => 'private');
push @visible, post_status_id($alice, $alice_name,
    status => 'Quietly public', visibility => 'unlisted');
my $direct_id = post_status_id($alice, $alice_name,
    status => "A direct note to \@$alice_name", visibility => 'direct');
push @visible, post_status_id($alice, $alice_name, status => 'The last one');
@visible = reverse @visible;	# newest first, as the API lists them

subtest 'GET /api/v1/accounts/:id is an Account' => sub {
	my $res = $anon->get("/api/v1/accounts/$alice_id");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Account', $res, 'valid Account');
	my $a = json_of($res) or return fail('JSON');
	ok(is_json_string($a->{id}), 'id is a string');
	is($a->{id}, $alice_id, 'id');
	is($a->{username}, $alice_name, 'username');
	is($a->{acct}, $alice_name, 'acct of a local account is the username');
	is($a->{url}, base_url() . "/\@$alice_name", 'url is the profile page');
	is($a->{uri}, base_url() . "/users/$alice_name", 'uri is the actor');
	like($a->{avatar}, qr{/avatars/original/missing\.png\z},
	    'default avatar');
	is($a->{avatar_static}, $a->{avatar}, 'avatar_static = avatar');
	like($a->{header}, qr{/headers/original/missing\.png\z},
	    'default header');
	is($a->{header_static}, $a->{header}, 'header_static = header');
	like($a->{created_at}, qr/\A\d{4}-\d\d-\d\dT00:00:00\.000Z\z/,
	    'created_at is midnight UTC, as Mastodon shows');
	like($a->{last_status_at} // '', qr/\A\d{4}-\d\d-\d\d\z/,
	    'last_status_at is a date');
	is($a->{statuses_count}, 7,
	    'statuses_count counts every status but the direct one');
	is($a->{followers_count}, 0, 'followers_count');
	is($a->{following_count}, 0, 'following_count');
	for my $k (qw(locked bot group discoverable indexable noindex
	    hide_collections)) {
		ok(JSON::PP::is_bool($a->{$k}), "$k is a boolean");
	}
	ok(!$a->{group} && !$a->{bot}, 'a person, not a group or a bot');
	is_deeply($a->{emojis}, [], 'emojis');
	is_deeply($a->{fields}, [], 'fields');
	ok(!exists $a->{suspended} && !exists $a->{limited},
	    'suspended and limited only appear when true');

	my $slash = $anon->get("/api/v1/accounts/$alice_id/");
	is($slash->{status}, 200, 'a trailing slash answers 200');
	ok_schema('Account', $slash, 'a trailing slash gives a valid Account');
	is_deeply(json_of($slash), $a, 'a trailing slash gives the same');
};

subtest 'profile fields come from the stored JSON' => sub {
	my ($bob, $bob_name) = new_user(prefix => 'fields');
	my $bob_id = account_id_of($bob_name);
	psql(q{UPDATE accounts SET fields = :'2'::jsonb WHERE id = :'1'},
	    $bob_id, '[{"name":"Pronouns","value":"they/them"},'
	    . '{"name":"Site","value":"<a href=\"https://example.com\">x</a>",'
	    . '"verified_at":"2024-01-02T03:04:05.000Z"},'
	    . '{"name":5},"junk"]');
	my $res = $anon->get("/api/v1/accounts/$bob_id");
	ok_schema('Account', $res, 'still a valid Account');
	is_deeply(json_of($res)->{fields}, [
	    { name => 'Pronouns', value => 'they/them', verified_at => undef },
	    { name => 'Site', value => '<a href="https://example.com">x</a>',
	      verified_at => '2024-01-02T03:04:05.000Z' },
	], 'name, value and verified_at; malformed items are dropped');
};

subtest 'unknown and malformed ids are 404' => sub {
	not_found_ok($anon->get('/api/v1/accounts/1'), 'unknown id');
	not_found_ok($anon->get('/api/v1/accounts/abc'), 'malformed id');
	not_found_ok($anon->get('/api/v1/accounts/99999999999999999999999'),
	    'id beyond 64 bits');
	not_found_ok($anon->get('/api/v1/accounts/1/statuses'),
	    'statuses of an unknown account');
	ok_schema('Error', $anon->get('/api/v1/accounts/abc'),
	    'the 404 body is an Error');
};

subtest 'GET /api/v1/accounts/lookup' => sub {
	my $by_id = json_of($anon->get("/api/v1/accounts/$alice_id"));
	for my $acct ($alice_name, uc $alice_name, "\@$alice_name",
	    "$alice_name\@" . domain(), "\@$alice_name\@" . domain(),
	    "$alice_name\@" . uc domain()) {
		for my $path ('/api/v1/accounts/lookup',
		    '/api/v1/accounts/lookup/') {
			my $res = $anon->get("$path?acct=$acct");
			is($res->{status}, 200, "$path?acct=$acct is 200");
			ok_schema('Account', $res,
			    "$path?acct=$acct is a valid Account");
			is_deeply(json_of($res), $by_id,
			    "$path?acct=$acct is the account, as by id");
		}
	}
	not_found_ok($anon->get('/api/v1/accounts/lookup?acct=nobody_here_xyz'),
	    'unknown acct');
	not_found_ok($anon->get('/api/v1/accounts/lookup'), 'missing acct');
	not_found_ok($anon->get('/api/v1/accounts/lookup?acct='), 'empty acct');
	not_found_ok($anon->get('/api/v1/accounts/lookup?acct=' .
	    "$alice_name\@elsewhere.example"), 'the same name on another domain');
};

subtest 'GET /api/v1/accounts/:id/statuses shows what anyone may see' => sub {
	my $res = $anon->get("/api/v1/accounts/$alice_id/statuses");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Status[]', $res, 'every item is a Status');
	my $list = json_of($res);
	is_deeply(ids_of($list), \@visible,
	    'public and unlisted statuses, newest first');
	ok(!(grep { $_ eq $private_id || $_ eq $direct_id } @{ ids_of($list) }),
	    'no private or direct status');
	ok(!(grep { $_->{account}{id} ne $alice_id } @$list),
	    'all by the account');
	ok(defined links($res)->{prev}, 'a Link header');
	my $slash = $anon->get("/api/v1/accounts/$alice_id/statuses/");
	ok_schema('Status[]', $slash,
	    'a trailing slash gives a non-empty list of valid Statuses');
	is_deeply(ids_of(json_of($slash)), \@visible, 'a trailing slash works');
};

subtest 'paging with limit=2 and Link rel="next" reaches every status once' => sub {
	my (@seen, %count, @full);
	my $url = "/api/v1/accounts/$alice_id/statuses?limit=2";
	my $pages = 0;
	my $last;
	while (defined $url && $pages < 20) {
		my $res = $anon->get($url);
		is($res->{status}, 200, "page $pages is 200") or last;
		my $page = json_of($res);
		ok(@$page <= 2, "page $pages has at most 2 statuses");
		$pages++;
		$last = $res;
		last unless @$page;
		ok_schema('Status[]', $res, "page $pages: valid Statuses");
		push @full, $res if @$page == 2;
		push @seen, @{ ids_of($page) };
		$count{$_}++ for @{ ids_of($page) };
		$url = links($res)->{next};
		if (!defined $url) {
			ok(@$page < 2, "page $pages ends the walk: it is not full");
			last;
		}
		like($url, qr{\A\Q${\ base_url()}\E/api/v1/accounts/$alice_id/statuses\?},
		    'the link is absolute and keeps the path');
		like($url, qr/[?&]limit=2(?:&|\z)/, 'the link keeps limit');
	}
	is_deeply(\@seen, \@visible, 'every visible status, in order');
	ok(!(grep { $_ > 1 } values %count), 'no duplicates');
	ok(@{ json_of($last) } < 2, 'the walk ends on a page that is not full');
	ok(defined links($last)->{prev}, 'the last page has a Link header too');

	# rel="prev" of the second page leads back to the first.
	ok(@full >= 2, 'at least two full pages') or return;
	my $back = $anon->get(links($full[1])->{prev});
	is($back->{status}, 200, 'rel="prev" of page 2 is 200');
	ok_schema('Status[]', $back, 'rel="prev" of page 2: valid Statuses');
	is_deeply(ids_of(json_of($back)), [@visible[0, 1]],
	    'rel="prev" of page 2 is page 1 again');
	my $empty = $anon->get("/api/v1/accounts/$alice_id/statuses?limit=2" .
	    "&max_id=$visible[-1]");
	is_deeply(json_of($empty), [], 'past the oldest status: empty');
	ok(defined links($empty)->{prev}, 'an empty page has rel="prev"');
	ok(!defined links($empty)->{next}, 'and no rel="next" to loop on');
};

subtest 'max_id, since_id and min_id' => sub {
	my $base = "/api/v1/accounts/$alice_id/statuses";
	my ($newest, $oldest) = ($visible[0], $visible[-1]);

	for my $case (
	    ["max_id=$newest", [@visible[1 .. $#visible]],
	     'max_id: older than the cursor'],
	    ["since_id=$oldest&limit=2", [@visible[0, 1]],
	     'since_id: the newest statuses above the cursor'],
	    ["min_id=$oldest&limit=2", [@visible[-3, -2]],
	     'min_id: the statuses just above the cursor, newest first'],
	    ["max_id=$newest&since_id=$oldest", [@visible[1 .. $#visible - 1]],
	     'max_id and since_id together bound the page']) {
		my ($q, $want, $what) = @$case;
		my $res = $anon->get("$base?$q");
		ok_schema('Status[]', $res, "$q: valid Statuses");
		is_deeply(ids_of(json_of($res)), $want, $what);
	}

	my $res = $anon->get("$base?min_id=$newest");
	is($res->{status}, 200, 'nothing newer: 200');
	is_deeply(json_of($res), [], 'nothing newer: empty');
	my $l = links($res);
	ok(defined $l->{prev}, 'the empty page still has rel="prev"');

	$res = $anon->get("$base?limit=1000");
	is($res->{status}, 200, 'an oversized limit is clamped, not refused');
	$res = $anon->get("$base?limit=1");
	is(scalar @{ json_of($res) }, 1, 'limit=1');
};

subtest 'bad paging parameters are 400' => sub {
	my $base = "/api/v1/accounts/$alice_id/statuses";
	for my $q ('limit=abc', 'limit=0', 'limit=-5', 'max_id=xyz',
	    'since_id=1.5', 'min_id=-1') {
		my $res = $anon->get("$base?$q");
		is($res->{status}, 400, "$q is 400");
		my $err = json_of($res);
		ok($err && defined $err->{error} && length $err->{error},
		    "$q: {\"error\": ...}");
	}
	ok_schema('Error', $anon->get("$base?limit=abc"), 'the 400 is an Error');
};

subtest 'filters' => sub {
	my $base = "/api/v1/accounts/$alice_id/statuses";
	my $res = $anon->get("$base?pinned=true");
	is($res->{status}, 200, 'pinned=true is 200');
	is_deeply(json_of($res), [], 'nothing is pinned');
	ok(defined links($res)->{prev}, 'pinned=true has a Link header');
	is_deeply(json_of($anon->get("$base?only_media=true")), [],
	    'only_media=true: no status has media');
	is_deeply(ids_of(json_of($anon->get("$base?pinned=false"))), \@visible,
	    'pinned=false is the plain list');
};

# A profile with one status of every kind the filters tell apart: plain,
# tagged, a thread continued (a self-reply), a reply to someone else and
# a reblog. Reblogging has no form or endpoint yet, so the reblog is
# written as the database would hold it.
subtest 'exclude_replies, exclude_reblogs and tagged' => sub {
	my ($dave, $dave_name) = new_user(prefix => 'filt');
	my $dave_id = account_id_of($dave_name);
	(my $tag = 'Filt' . unique_name('t')) =~ s/_//g;
	my $plain = post_status_id($dave, $dave_name, status => 'plain');
	my $tagged = post_status_id($dave, $dave_name,
	    status => "about #$tag");
	my $thread = post_status_id($dave, $dave_name,
	    status => "more about #$tag", in_reply_to_id => $tagged);
	my $reply = post_status_id($dave, $dave_name,
	    status => "\@$alice_name I agree", in_reply_to_id => $visible[0]);
	my $reblog = psql(q{WITH n AS (SELECT timestamp_id('statuses') AS id)
	    INSERT INTO statuses (id, uri, account_id, reblog_of_id,
	        visibility, local)
	    SELECT n.id, :'1' || '/users/' || :'2' || '/statuses/' || n.id
	        || '/activity', :'3', :'4', 'public', true FROM n
	    RETURNING id}, base_url(), $dave_name, $dave_id, $visible[0]);
	my $base = "/api/v1/accounts/$dave_id/statuses";

	my $all = $anon->get($base);
	ok_schema('Status[]', $all, 'unfiltered: valid Statuses');
	is_deeply(ids_of(json_of($all)),
	    [$reblog, $reply, $thread, $tagged, $plain],
	    'unfiltered: every status, the reblog too');
	my ($boost) = grep { $_->{id} eq $reblog } @{ json_of($all) || [] };
	is(($boost->{reblog} || {})->{id}, $visible[0],
	    'the reblog carries the status it reblogs');
	ok_schema('Status', $boost->{reblog}, 'which is a valid Status');
	ok(!(grep { $_->{id} ne $reblog && defined $_->{reblog} }
	    @{ json_of($all) || [] }), 'no other status claims to be a reblog');

	for my $case (
	    ['exclude_replies=true', [$reblog, $thread, $tagged, $plain],
	     'exclude_replies: no reply to someone else; a thread stays'],
	    ['exclude_reblogs=true', [$reply, $thread, $tagged, $plain],
	     'exclude_reblogs: no reblog'],
	    ['exclude_replies=true&exclude_reblogs=true',
	     [$thread, $tagged, $plain], 'both together'],
	    ["tagged=$tag", [$thread, $tagged],
	     'tagged: only the statuses with the tag'],
	    ['tagged=' . uc $tag, [$thread, $tagged],
	     'tagged: without regard to case'],
	    ["tagged=$tag&exclude_replies=true", [$thread, $tagged],
	     'tagged with exclude_replies: the thread is not a reply to others'],
	    ["tagged=$tag&limit=1", [$thread], 'tagged pages too']) {
		my ($q, $want, $what) = @$case;
		my $res = $anon->get("$base?$q");
		is($res->{status}, 200, "$q is 200");
		ok_schema('Status[]', $res, "$q: valid Statuses");
		is_deeply(ids_of(json_of($res)), $want, $what);
	}

	# Paging keeps the filter: the next page of a tagged list.
	my $first = $anon->get("$base?tagged=$tag&limit=1");
	my $next = links($first)->{next};
	ok(defined $next, 'a full tagged page has rel="next"') or return;
	like($next, qr/[?&]tagged=\Q$tag\E(?:&|\z)/, 'rel="next" keeps tagged');
	my $second = $anon->get($next);
	ok_schema('Status[]', $second, 'the next tagged page: valid Statuses');
	is_deeply(ids_of(json_of($second)), [$tagged],
	    'the next tagged page has the older tagged status');

	is_deeply(json_of($anon->get("$base?tagged=nosuchtag" . time)), [],
	    'an unused tag: nothing');
};

subtest 'a suspended account is shown without its content' => sub {
	my ($carol, $carol_name) = new_user(prefix => 'susp');
	my $carol_id = account_id_of($carol_name);
	post_status_id($carol, $carol_name, status => 'before the suspension');
	psql(q{UPDATE accounts SET suspended_at = now(),
	    display_name = 'Carol', note = '<p>bio</p>' WHERE id = :'1'},
	    $carol_id);
	my $res = $anon->get("/api/v1/accounts/$carol_id");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Account', $res, 'a valid Account');
	my $a = json_of($res);
	ok($a->{suspended}, 'suspended: true');
	is($a->{display_name}, '', 'no display name');
	is($a->{note}, '', 'no note');
	is_deeply(json_of($anon->get("/api/v1/accounts/$carol_id/statuses")),
	    [], 'no statuses');
};

done_testing();
