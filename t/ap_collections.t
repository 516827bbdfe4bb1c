# ap_collections.t: the collections an actor publishes. The outbox counts
# the account's statuses and pages, newest first by id, through the
# Creates of its public and unlisted statuses and the Announces of its
# boosts of what anyone may read, never anything else; its first, next,
# prev and last links lead where they say. Followers and following list
# actor ids in pages, or only their number when the account hides them;
# featured holds the pinned statuses anyone may read, as Notes; bad
# cursors are refused.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::ActivityPub;

my $base = base_url();
my $anon = client();

my ($alice, $alice_name, $alice_web) = api_user(prefix => 'boxer');
my ($bob, $bob_name) = api_user(prefix => 'boosted');
my $alice_uri = "$base/users/$alice_name";
my $outbox = "$alice_uri/outbox";

sub post {
	my ($client, %f) = @_;
	my $res = $client->post_json('/api/v1/statuses', \%f);
	die "posting answered $res->{status}: $res->{content}\n"
	    unless $res->{status} == 200;
	return json_of($res)->{id};
}

sub boost {
	my ($client, $id) = @_;
	my $res = $client->post_json("/api/v1/statuses/$id/reblog", {});
	die "boosting answered $res->{status}: $res->{content}\n"
	    unless $res->{status} == 200;
	return json_of($res)->{id};
}

# What the outbox must hold, oldest first: [status id, type, object id].
my @expected;
my $bob_public = post($bob, status => 'bob, public');
my $bob_unlisted = post($bob, status => 'bob, unlisted',
    visibility => 'unlisted');
my $bob_doomed = post($bob, status => 'bob, soon deleted');
for my $i (1 .. 23) {
	my $vis = $i % 9 == 0 ? 'unlisted' : 'public';
	my $id = post($alice, status => "outbox post $i", visibility => $vis);
	push @expected, [$id, 'Create', "$alice_uri/statuses/$id"];
	post($alice, status => "private $i", visibility => 'private')
	    if $i % 10 == 0;
	if ($i == 7) {
		my $b = boost($alice, $bob_public);
		push @expected, [$b, 'Announce',
		    "$base/users/$bob_name/statuses/$bob_public"];
	}
	if ($i == 12) {
		my $b = boost($alice, $bob_unlisted);
		push @expected, [$b, 'Announce',
		    "$base/users/$bob_name/statuses/$bob_unlisted"];
		boost($alice, $bob_doomed);
	}
	if ($i == 15) {
		my $b = boost($alice, $expected[0][0]);
		push @expected, [$b, 'Announce', $expected[0][2]];
		post($alice, status => "\@$bob_name between us",
		    visibility => 'direct');
	}
}
# A boost of a status that is then deleted leaves the outbox with it.
is($bob->delete("/api/v1/statuses/$bob_doomed")->{status}, 200,
    'bob deletes a status alice boosted');
my @newest_first = reverse @expected;

subtest 'the outbox collection' => sub {
	my $c = ap_json(ap_get($anon, "/users/$alice_name/outbox"), 'outbox');
	is($c->{id}, $outbox, 'id');
	is($c->{type}, 'OrderedCollection', 'an OrderedCollection');
	my $acct = json_of($anon->get('/api/v1/accounts/' .
	    account_id_of($alice_name))) || {};
	is($c->{totalItems}, $acct->{statuses_count},
	    'totalItems: the statuses count the profile shows');
	is(json_type($c->{totalItems}), 'number', '... a number');
	is($c->{first}, "$outbox?page=true", 'first');
	is($c->{last}, "$outbox?page=true&min_id=0", 'last');
	ok(!exists $c->{orderedItems}, 'no items of its own');
};

# Each page from first by next: [page, items' [id, type, object]].
my @pages;
subtest 'the outbox pages, newest first' => sub {
	my $next = "$outbox?page=true";
	while ($next && @pages < 5) {
		my $p = ap_json(ap_get($anon, $next), 'page ' . (@pages + 1));
		is($p->{type}, 'OrderedCollectionPage', '... a page');
		is($p->{id}, $next, '... named by its URL');
		is($p->{partOf}, $outbox, '... of the outbox');
		my @items;
		for my $item (@{ $p->{orderedItems} || [] }) {
			my ($sid) = $item->{id} =~ m{/statuses/(\d+)/activity\z};
			my $obj = ref $item->{object} ? $item->{object}{id} :
			    $item->{object};
			push @items, [$sid, $item->{type}, $obj];
			is($item->{actor}, $alice_uri, "... $item->{type} by "
			    . 'alice');
		}
		push @pages, [$p, \@items];
		$next = $p->{next};
	}
	is(scalar @pages, 2, 'two pages of at most 20');
	is(scalar @{ $pages[0][1] }, 20, 'the first is full');
	my @seen = map { @{ $_->[1] } } @pages;
	is_deeply(\@seen, \@newest_first, 'every public and unlisted status '
	    . 'and boost, newest first, each once; nothing private, direct, '
	    . 'or boosted and since deleted');
	my $first = $pages[0][0];
	is($first->{prev}, "$outbox?page=true&min_id=$newest_first[0][0]",
	    'prev of the first page: what comes after its newest');
	my $newer = ap_json(ap_get($anon, $first->{prev}), 'that page');
	is_deeply($newer->{orderedItems}, [], '... is empty for now');
	my $second = ap_json(ap_get($anon, $pages[1][0]{prev}),
	    'prev of the second page');
	is_deeply([map { $_->{id} } @{ $second->{orderedItems} }],
	    [map { $_->{id} } @{ $first->{orderedItems} }],
	    '... is the first page again');
	my $create = $first->{orderedItems}[0];
	is($create->{type}, 'Create', 'the newest is a Create');
	is($create->{object}{type}, 'Note', '... of its Note, inline');
	is_deeply($create->{to}, [AS_PUBLIC], '... to everyone');
};

subtest 'the last page holds the oldest' => sub {
	my $last = ap_json(ap_get($anon, "$outbox?page=true&min_id=0"),
	    'the last page');
	my @ids = map { m{/statuses/(\d+)/activity\z} }
	    map { $_->{id} } @{ $last->{orderedItems} || [] };
	is(scalar @ids, 20, 'a full page');
	is_deeply(\@ids, [map { $_->[0] } @newest_first[-20 .. -1]],
	    'the 20 oldest, newest first');
	is($last->{next}, "$outbox?page=true&max_id=$expected[0][0]",
	    '... next goes on past the oldest');
};

subtest 'bad cursors and unknown accounts' => sub {
	for my $q ('page=maybe', 'page=true&max_id=abc',
	    'page=true&min_id=-1', 'page=true&max_id=99999999999999999999') {
		my $res = ap_get($anon, "/users/$alice_name/outbox?$q");
		is($res->{status}, 400, "?$q: 400");
		ok((json_of($res) || {})->{error}, '... with a reason');
	}
	is(ap_get($anon, '/users/nobody_at_all_here/outbox')->{status}, 404,
	    'the outbox of nobody: 404');
	my $p = ap_json(ap_get($anon, "/users/$alice_name/outbox?page=false"),
	    '?page=false');
	is($p->{type}, 'OrderedCollection', '... is the collection');
};

# Remote followers and follows, as the inbox will record them.
my $run = unique_name('f');
psql(q{INSERT INTO accounts (username, domain, uri)
    SELECT :'1' || '_' || g, 'far' || g || '.example',
    'https://far' || g || '.example/users/' || :'1'
    FROM generate_series(1, 45) AS g}, $run);
psql(q{INSERT INTO follows (account_id, target_account_id)
    SELECT a.id, (SELECT id FROM accounts WHERE username = :'2'
    AND domain IS NULL) FROM accounts a
    WHERE a.username LIKE :'1' || '\_%' ORDER BY a.id}, $run, $alice_name);
psql(q{INSERT INTO follows (account_id, target_account_id)
    SELECT (SELECT id FROM accounts WHERE username = :'2'
    AND domain IS NULL), a.id FROM accounts a
    WHERE a.username LIKE :'1' || '\_%' ORDER BY a.id LIMIT 3},
    $run, $alice_name);
is($bob->post_json('/api/v1/accounts/' . account_id_of($alice_name) .
    '/follow', {})->{status}, 200, 'bob follows alice');
is($alice->post_json('/api/v1/accounts/' . account_id_of($bob_name) .
    '/follow', {})->{status}, 200, 'alice follows bob');

# Every actor id of a collection, walking its pages.
sub walk {
	my ($first) = @_;
	my ($next, @ids, $pages) = ($first);
	while ($next && ++$pages <= 5) {
		my $p = ap_json(ap_get($anon, $next), "page $pages");
		is($p->{type}, 'OrderedCollectionPage', '... a page');
		push @ids, @{ $p->{orderedItems} || [] };
		$next = $p->{next};
	}
	return ($pages, @ids);
}

# The actor ids of a relation, newest follow first, as the database has
# them (ids made in one statement need not rise with the rows).
sub relation_uris {
	my ($column, $other) = @_;
	return [psql(qq{SELECT a.uri FROM follows f JOIN accounts a
	    ON a.id = f.$other WHERE f.$column = (SELECT id FROM accounts
	    WHERE username = :'1' AND domain IS NULL) ORDER BY f.id DESC},
	    $alice_name)];
}

subtest 'followers and following' => sub {
	my $c = ap_json(ap_get($anon, "/users/$alice_name/followers"),
	    'followers');
	is($c->{id}, "$alice_uri/followers", 'id');
	is($c->{type}, 'OrderedCollection', 'an OrderedCollection');
	is($c->{totalItems}, 46, 'totalItems: every follower');
	is($c->{first}, "$alice_uri/followers?page=true", 'first');
	my ($pages, @ids) = walk($c->{first});
	is($pages, 2, 'two pages of at most 40');
	my $want = relation_uris('target_account_id', 'account_id');
	is(scalar @$want, 46, '(46 followers in the database)');
	is($want->[0], "$base/users/$bob_name", '(bob the newest)');
	is_deeply(\@ids, $want,
	    'every follower\'s actor id, newest first, each once');
	$c = ap_json(ap_get($anon, "/users/$alice_name/following"),
	    'following');
	is($c->{totalItems}, 4, 'totalItems: every follow');
	($pages, @ids) = walk($c->{first});
	$want = relation_uris('account_id', 'target_account_id');
	is(scalar @$want, 4, '(4 follows in the database)');
	is_deeply(\@ids, $want, 'every account followed, newest first');
	my $p = ap_json(ap_get($anon, "/users/$alice_name/followers?page=true"
	    . '&max_id=1'), 'a page past the oldest');
	is_deeply($p->{orderedItems}, [], '... is empty');
	is(ap_get($anon, "/users/$alice_name/following?page=true&max_id=x")
	    ->{status}, 400, 'a bad cursor: 400');
};

subtest 'hidden followers and follows: only their number' => sub {
	my $res = $alice->patch_json('/api/v1/accounts/update_credentials',
	    { hide_collections => 'true' });
	is($res->{status}, 200, 'alice hides them');
	for my $which (qw(followers following)) {
		my $c = ap_json(ap_get($anon, "/users/$alice_name/$which"),
		    "$which while hidden");
		is($c->{totalItems}, $which eq 'followers' ? 46 : 4,
		    '... still counted');
		ok(!exists $c->{first} && !exists $c->{orderedItems},
		    '... but not listed');
		$res = ap_get($anon, "/users/$alice_name/$which?page=true");
		is($res->{status}, 403, '... and a page of them is refused');
	}
	$alice->patch_json('/api/v1/accounts/update_credentials',
	    { hide_collections => 'false' });
	my $c = ap_json(ap_get($anon, "/users/$alice_name/followers"),
	    'followers shown again');
	ok($c->{first}, '... listed again');
};

subtest 'featured: the pinned statuses anyone may read' => sub {
	my @pins = @expected[3, 10];
	for my $pin (@pins) {
		is($alice->post_json("/api/v1/statuses/$pin->[0]/pin", {})
		    ->{status}, 200, "alice pins $pin->[0]");
	}
	my $private = post($alice, status => 'pinned, private',
	    visibility => 'private');
	$alice->post_json("/api/v1/statuses/$private/pin", {});
	my $c = ap_json(ap_get($anon, "/users/$alice_name/collections/featured"),
	    'featured');
	is($c->{id}, "$alice_uri/collections/featured", 'id');
	is($c->{type}, 'OrderedCollection', 'an OrderedCollection');
	is($c->{totalItems}, 2, 'totalItems: the two public pins');
	is_deeply([map { $_->{id} } @{ $c->{orderedItems} || [] }],
	    [map { $_->[2] } reverse @pins], 'the Notes, newest pin first');
	is($c->{orderedItems}[0]{type}, 'Note', '... whole');
	my $t = ap_json(ap_get($anon, "/users/$alice_name/collections/tags"),
	    'featured tags');
	is($t->{id}, "$alice_uri/collections/tags", 'id');
	is($t->{totalItems}, 0, 'none: woolly has no featured hashtags yet');
	is_deeply($t->{orderedItems}, [], '... an empty list');
};

done_testing();
