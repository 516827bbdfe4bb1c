# api_statuses.t: one status and its thread. A status is a valid Mastodon
# Status with ids as strings, its mentions and tags; private, direct,
# deleted and unknown statuses are all the same 404; the context lists
# only what an anonymous client may see, in thread order.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

sub ids_of { return [map { $_->{id} } @{ $_[0] || [] }] }

my $anon = client();
my ($alice, $alice_name) = new_user(prefix => 'stat');
my ($bob, $bob_name) = new_user(prefix => 'statb');
my $alice_id = account_id_of($alice_name);
my $bob_id = account_id_of($bob_name);
my $tag = 'Woolly' . unique_name('t');
$tag =~ s/_//g;

my $status_id = post_status_id($alice, $alice_name,
    status => "Hello \@$bob_name, this is about #$tag",
    spoiler_text => 'a content warning');

subtest 'GET /api/v1/statuses/:id is a Status' => sub {
	my $res = $anon->get("/api/v1/statuses/$status_id");
	is($res->{status}, 200, 'answers 200');
	like($res->{headers}{'content-type'}, qr{\Aapplication/json},
	    'JSON content type');
	ok_schema('Status', $res, 'valid Status');
	my $s = json_of($res) or return fail('JSON');

	ok(is_json_string($s->{id}), 'id is a string');
	is($s->{id}, $status_id, 'id');
	like($s->{created_at}, qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\z/,
	    'created_at is ISO 8601 UTC');
	is($s->{visibility}, 'public', 'visibility');
	is($s->{spoiler_text}, 'a content warning', 'spoiler_text');
	ok(JSON::PP::is_bool($s->{sensitive}) && $s->{sensitive},
	    'a content warning makes it sensitive');
	like($s->{content}, qr/this is about/, 'content is the HTML');
	is($s->{uri}, base_url() . "/users/$alice_name/statuses/$status_id",
	    'uri');
	is($s->{url}, base_url() . "/\@$alice_name/$status_id", 'url');
	for my $k (qw(in_reply_to_id in_reply_to_account_id reblog card poll
	    edited_at)) {
		ok(exists $s->{$k} && !defined $s->{$k}, "$k is null");
	}
	ok(exists $s->{language}, 'language is present');
	is($s->{replies_count}, 0, 'replies_count');
	is($s->{reblogs_count}, 0, 'reblogs_count');
	is($s->{favourites_count}, 0, 'favourites_count');
	is_deeply($s->{media_attachments}, [], 'media_attachments');
	is_deeply($s->{emojis}, [], 'emojis');
	is_deeply($s->{mentions}, [{
	    id => $bob_id, username => $bob_name, acct => $bob_name,
	    url => base_url() . "/\@$bob_name" }], 'mentions');
	ok(is_json_string(json_of($res)->{mentions}[0]{id}),
	    'a mention id is a string');
	is(scalar @{ $s->{tags} }, 1, 'one tag');
	is(lc $s->{tags}[0]{name}, lc $tag, 'the tag name');
	is($s->{tags}[0]{url}, base_url() . "/tags/$s->{tags}[0]{name}",
	    'the tag url');
	is($s->{account}{id}, $alice_id, 'account is the author');
	ok_schema('Account', $s->{account}, 'account is an Account');
	for my $k (qw(favourited reblogged muted bookmarked pinned filtered
	    text application)) {
		ok(!exists $s->{$k}, "no $k for an anonymous client");
	}

	my $slash = $anon->get("/api/v1/statuses/$status_id/");
	is($slash->{status}, 200, 'a trailing slash answers 200');
	ok_schema('Status', $slash, 'a trailing slash gives a valid Status');
	is_deeply(json_of($slash), $s, 'a trailing slash gives the same');
	my $head = $anon->head("/api/v1/statuses/$status_id");
	is($head->{status}, 200, 'HEAD is 200');
};

subtest 'unlisted statuses are public by id' => sub {
	my $id = post_status_id($alice, $alice_name, status => 'unlisted one',
	    visibility => 'unlisted');
	my $res = $anon->get("/api/v1/statuses/$id");
	is($res->{status}, 200, 'answers 200');
	is(json_of($res)->{visibility}, 'unlisted', 'visibility unlisted');
};

subtest 'private, direct, deleted and unknown statuses are 404' => sub {
	my $private = post_status_id($alice, $alice_name, status => 'followers only',
	    visibility => 'private');
	not_found_ok($anon->get("/api/v1/statuses/$private"), 'private');
	not_found_ok($anon->get("/api/v1/statuses/$private/context"),
	    'context of a private status');
	my $direct = post_status_id($alice, $alice_name,
	    status => "\@$bob_name just for you", visibility => 'direct');
	not_found_ok($anon->get("/api/v1/statuses/$direct"), 'direct');

	my $doomed = post_status_id($alice, $alice_name, status => 'soon gone');
	is($anon->get("/api/v1/statuses/$doomed")->{status}, 200,
	    'visible before deletion');
	my $del = delete_status($alice, $alice_name, $doomed);
	is($del->{status}, 303, 'deleted through the web form');
	not_found_ok($anon->get("/api/v1/statuses/$doomed"), 'deleted');
	not_found_ok($anon->get("/api/v1/statuses/$doomed/context"),
	    'context of a deleted status');

	not_found_ok($anon->get('/api/v1/statuses/1'), 'unknown id');
	not_found_ok($anon->get('/api/v1/statuses/abc'), 'malformed id');
	not_found_ok($anon->get('/api/v1/statuses/-1'), 'negative id');
	not_found_ok($anon->get('/api/v1/statuses/1/context'),
	    'context of an unknown id');
	ok_schema('Error', $anon->get('/api/v1/statuses/abc'),
	    'the 404 body is an Error');
};

subtest 'replies carry their parent as string ids' => sub {
	my $reply = post_status_id($bob, $bob_name,
	    status => "\@$alice_name a reply", in_reply_to_id => $status_id);
	my $s = json_of($anon->get("/api/v1/statuses/$reply"));
	ok(is_json_string($s->{in_reply_to_id}), 'in_reply_to_id is a string');
	is($s->{in_reply_to_id}, $status_id, 'in_reply_to_id');
	ok(is_json_string($s->{in_reply_to_account_id}),
	    'in_reply_to_account_id is a string');
	is($s->{in_reply_to_account_id}, $alice_id, 'in_reply_to_account_id');
	is(json_of($anon->get("/api/v1/statuses/$status_id"))->{replies_count},
	    1, 'the parent counts the reply');
	my $second = post_status_id($bob, $bob_name,
	    status => "\@$alice_name another", in_reply_to_id => $status_id);
	is(json_of($anon->get("/api/v1/statuses/$status_id"))->{replies_count},
	    2, 'and the next one');
	delete_status($bob, $bob_name, $second);
	is(json_of($anon->get("/api/v1/statuses/$status_id"))->{replies_count},
	    1, 'a deleted reply no longer counts');
	post_status_id($bob, $bob_name, status => "\@$alice_name psst",
	    visibility => 'direct', in_reply_to_id => $status_id);
	post_status_id($bob, $bob_name, status => "\@$alice_name for followers",
	    visibility => 'private', in_reply_to_id => $status_id);
	is(json_of($anon->get("/api/v1/statuses/$status_id"))->{replies_count},
	    1, 'private and direct replies do not show in the count');
	my $before = json_of($anon->get("/api/v1/accounts/$alice_id"))
	    ->{statuses_count};
	post_status_id($alice, $alice_name, status => "\@$bob_name secret",
	    visibility => 'direct');
	is(json_of($anon->get("/api/v1/accounts/$alice_id"))->{statuses_count},
	    $before, 'a direct message does not count as a post');
};

subtest 'GET /api/v1/statuses/:id/context' => sub {
	my $root = post_status_id($alice, $alice_name, status => 'thread root');
	my $r1 = post_status_id($bob, $bob_name, status => "\@$alice_name first",
	    in_reply_to_id => $root);
	my $hidden = post_status_id($bob, $bob_name,
	    status => "\@$alice_name for followers", visibility => 'private',
	    in_reply_to_id => $root);
	my $r2 = post_status_id($alice, $alice_name,
	    status => "\@$bob_name second", in_reply_to_id => $r1);
	my $gone = post_status_id($bob, $bob_name, status => "\@$alice_name oops",
	    in_reply_to_id => $r2);
	delete_status($bob, $bob_name, $gone);
	my $r3 = post_status_id($bob, $bob_name, status => "\@$alice_name third",
	    in_reply_to_id => $root);

	my $res = $anon->get("/api/v1/statuses/$root/context");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Context', $res, 'valid Context');
	my $ctx = json_of($res);
	is_deeply(ids_of($ctx->{ancestors}), [], 'the root has no ancestors');
	is_deeply(ids_of($ctx->{descendants}), [$r1, $r2, $r3],
	    'descendants in thread order, without private or deleted ones');

	$res = $anon->get("/api/v1/statuses/$r2/context");
	ok_schema('Context', $res, 'the context of a leaf is a valid Context');
	$ctx = json_of($res);
	is_deeply(ids_of($ctx->{ancestors}), [$root, $r1],
	    'ancestors, oldest first');
	is_deeply(ids_of($ctx->{descendants}), [], 'a leaf has no descendants');

	my $slash = $anon->get("/api/v1/statuses/$r1/context/");
	is($slash->{status}, 200, 'a trailing slash works');
	ok_schema('Context', $slash, 'a trailing slash gives a valid Context');
	$ctx = json_of($slash);
	is_deeply([ids_of($ctx->{ancestors}), ids_of($ctx->{descendants})],
	    [[$root], [$r2]], 'the middle of a thread');
	ok(!(grep { $_ eq $hidden } map { @{ ids_of($ctx->{$_}) } }
	    qw(ancestors descendants)), 'the private reply is nowhere');
};

done_testing();
