# api_timelines.t: the public and hashtag timelines of the Mastodon API.
# Both list valid Statuses newest first, only public ones and no replies
# to other people, page with a Link header (also when empty) whose pages
# are valid Statuses too, refuse bad cursors with 400, and read
# local/remote/only_media as Mastodon does. A hashtag is matched without
# regard to case.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

sub ids_of { return [map { $_->{id} } @{ $_[0] || [] }] }

sub has_id {
	my ($list, $id) = @_;
	return scalar grep { $_ eq $id } @{ ids_of($list) };
}

my $anon = client();
my ($alice, $alice_name) = new_user(prefix => 'tl');
my ($bob, $bob_name) = new_user(prefix => 'tlb');
(my $tag = 'Tl' . unique_name('x')) =~ s/_//g;

my $public = post_status_id($alice, $alice_name, status => "public, #$tag");
my $unlisted = post_status_id($alice, $alice_name, status => "unlisted #$tag",
    visibility => 'unlisted');
my $private = post_status_id($alice, $alice_name, status => "private #$tag",
    visibility => 'private');
my $direct = post_status_id($alice, $alice_name,
    status => "\@$bob_name direct #$tag", visibility => 'direct');
my $self_reply = post_status_id($alice, $alice_name,
    status => "a thread, continued #$tag", in_reply_to_id => $public);
my $other_reply = post_status_id($bob, $bob_name,
    status => "\@$alice_name answering #$tag", in_reply_to_id => $public);
my $gone = post_status_id($alice, $alice_name, status => "deleted #$tag");
delete_status($alice, $alice_name, $gone);

# A public status from another server, with the tag, so local and remote
# have something to tell apart. Federation cannot deliver one yet, so it
# is written as an inbox would store it.
my $far_name = unique_name('far');
my $far_id = psql(q{INSERT INTO accounts (username, domain, display_name,
    uri, url) VALUES (:'1', 'remote.example', 'Far Away',
    'https://remote.example/users/' || :'1', 'https://remote.example/@' || :'1')
    RETURNING id}, $far_name);
my $remote = psql(q{INSERT INTO statuses (uri, url, account_id, content,
    visibility, local) VALUES
    ('https://remote.example/users/' || :'1' || '/statuses/1',
     'https://remote.example/@' || :'1' || '/1', :'2',
     '<p>from afar <a href="https://remote.example/tags/x">#' || :'3'
     || '</a></p>', 'public', false) RETURNING id}, $far_name, $far_id, $tag);
psql(q{INSERT INTO status_tags (tag_id, status_id)
    SELECT t.id, :'2' FROM tags t WHERE lower(t.name) = lower(:'1')},
    $tag, $remote);

my $newest = post_status_id($bob, $bob_name, status => "the newest #$tag");

subtest 'GET /api/v1/timelines/public' => sub {
	for my $q ('', '&local=true') {
		my $res = $anon->get("/api/v1/timelines/public?limit=40$q");
		is($res->{status}, 200, "public$q: 200");
		ok_schema('Status[]', $res,
		    "public$q: a non-empty list of valid Statuses");
		my $list = json_of($res);
		is($list->[0]{id}, $newest, "public$q: newest first");
		ok(has_id($list, $public), "public$q: has the public status");
		is(has_id($list, $remote) ? 1 : 0, $q ? 0 : 1,
		    $q ? "public$q: not the remote status" :
		    "public$q: the remote status too");
		ok(has_id($list, $self_reply), "public$q: has a self-reply");
		ok(!has_id($list, $other_reply),
		    "public$q: no reply to someone else");
		ok(!has_id($list, $_), "public$q: no $_") for
		    grep { defined } ($unlisted, $private, $direct, $gone);
		ok(!(grep { $_->{visibility} ne 'public' } @$list),
		    "public$q: only public statuses");
		my @ids = @{ ids_of($list) };
		is_deeply(\@ids, [sort { $b <=> $a } @ids],
		    "public$q: ordered newest first");
		ok(defined links($res)->{prev}, "public$q: Link rel=prev");
		is(defined links($res)->{next} ? 1 : 0, @$list == 40 ? 1 : 0,
		    "public$q: rel=next only after a full page");
	}
	for my $path ('/api/v1/timelines/public/?local=true',
	    '/api/v1/timelines/public/') {
		my $slash = $anon->get($path);
		is($slash->{status}, 200, "$path: a trailing slash works");
		ok_schema('Status[]', $slash, "$path: valid Statuses");
		is(json_of($slash)->[0]{id}, $newest,
		    "$path: a trailing slash gives the same");
	}
};

subtest 'local, remote and only_media' => sub {
	my $res = $anon->get('/api/v1/timelines/public?remote=true');
	is($res->{status}, 200, 'remote=true is 200');
	ok_schema('Status[]', $res, 'remote=true: valid Statuses');
	my $list = json_of($res);
	ok(has_id($list, $remote), 'remote=true has the remote status');
	ok(!(grep { index($_->{account}{acct}, '@') < 0 } @$list),
	    'remote=true has no local status');
	my ($far) = grep { $_->{id} eq $remote } @$list;
	is($far->{account}{acct}, "$far_name\@remote.example",
	    'a remote account\'s acct is name@domain');
	is($far->{url}, "https://remote.example/\@$far_name/1",
	    'a remote status links to its own server');

	$res = $anon->get('/api/v1/timelines/public?local=true&remote=true');
	ok_schema('Status[]', $res, 'local and remote: valid Statuses');
	$list = json_of($res);
	ok(has_id($list, $newest) && has_id($list, $remote),
	    'local and remote together mean everything');

	$res = $anon->get('/api/v1/timelines/public?local=1');
	ok_schema('Status[]', $res, 'local=1: valid Statuses');
	$list = json_of($res);
	ok(has_id($list, $newest), 'local=1 has the local status');
	ok(!(grep { index($_->{account}{acct}, '@') >= 0 } @$list),
	    'local=1 has only local statuses');

	$res = $anon->get('/api/v1/timelines/public?only_media=true');
	is($res->{status}, 200, 'only_media=true is 200');
	is_deeply(json_of($res), [],
	    'only_media=true: no status has media (there are no uploads yet)');
	ok(defined links($res)->{prev}, 'only_media=true has a Link header');
};

subtest 'paging the public timeline' => sub {
	my $res = $anon->get('/api/v1/timelines/public?limit=1');
	ok_schema('Status[]', $res, 'limit=1: valid Statuses');
	is_deeply(ids_of(json_of($res)), [$newest], 'limit=1: the newest');
	my $next = links($res)->{next};
	ok(defined $next, 'a full page has rel=next') or return;
	like($next, qr/[?&]max_id=$newest(?:&|\z)/, 'rel=next pages by max_id');
	like($next, qr/[?&]limit=1(?:&|\z)/, 'rel=next keeps limit');
	my $second = $anon->get($next);
	ok_schema('Status[]', $second, 'the rel=next page: valid Statuses');
	is_deeply(ids_of(json_of($second)), [$remote],
	    'the rel=next page has the next older status');
	my $back = $anon->get(links($second)->{prev});
	ok_schema('Status[]', $back, 'rel=prev of that page: valid Statuses');
	is_deeply(ids_of(json_of($back)), [$newest],
	    'rel=prev of the second page is the first again');

	my $prev = links($res)->{prev};
	like($prev, qr/[?&]min_id=$newest(?:&|\z)/, 'rel=prev pages by min_id');
	my $empty = $anon->get($prev);
	is_deeply(json_of($empty), [], 'nothing newer than the newest');
	ok(defined links($empty)->{prev}, 'the empty page has a Link header');

	# Paging keeps local=true: the next local page skips the remote
	# status (and the reply to someone else, the deleted one).
	$res = $anon->get('/api/v1/timelines/public?local=true&limit=1');
	$next = links($res)->{next};
	ok(defined $next, 'local=true: a full page has rel=next') or return;
	like($next, qr/[?&]local=true(?:&|\z)/, 'rel=next keeps local=true');
	$second = $anon->get($next);
	ok_schema('Status[]', $second, 'the next local page: valid Statuses');
	is_deeply(ids_of(json_of($second)), [$self_reply],
	    'the next local page is the next older local public status');

	my $since = $anon->get(
	    "/api/v1/timelines/public?since_id=$public&local=true");
	ok_schema('Status[]', $since, 'since_id: valid Statuses');
	is_deeply(ids_of(json_of($since)), [$newest, $self_reply],
	    'since_id: the newer local public statuses, not the cursor');
	my $min = $anon->get(
	    "/api/v1/timelines/public?min_id=$public&limit=1");
	ok_schema('Status[]', $min, 'min_id: valid Statuses');
	is_deeply(ids_of(json_of($min)), [$self_reply],
	    'min_id: the status just above the cursor');
	my $max = $anon->get(
	    "/api/v1/timelines/public?max_id=$self_reply&limit=1&local=true");
	ok_schema('Status[]', $max, 'max_id: valid Statuses');
	is_deeply(ids_of(json_of($max)), [$public],
	    'max_id: the status just below the cursor');
};

subtest 'bad parameters are 400' => sub {
	for my $q ('limit=abc', 'limit=0', 'max_id=xyz', 'since_id=12a',
	    'min_id=%20') {
		for my $path ('/api/v1/timelines/public',
		    "/api/v1/timelines/tag/$tag") {
			my $res = $anon->get("$path?$q");
			is($res->{status}, 400, "$path?$q is 400");
			ok_schema('Error', $res, "$path?$q is an Error");
		}
	}
};

subtest 'GET /api/v1/timelines/tag/:hashtag' => sub {
	my $res = $anon->get("/api/v1/timelines/tag/$tag");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Status[]', $res, 'a non-empty list of valid Statuses');
	my $list = json_of($res);
	# Unlike the public timeline, Mastodon's hashtag timeline keeps
	# replies to other people.
	my @local = ($newest, $other_reply, $self_reply, $public);
	is_deeply(ids_of($list), [$newest, $remote, @local[1 .. $#local]],
	    'the public statuses with the tag, newest first, replies and ' .
	    'the remote one included');
	ok(!has_id($list, $_), "no $_") for ($unlisted, $private, $direct, $gone);
	ok(defined links($res)->{prev}, 'a Link header');
	ok(!defined links($res)->{next},
	    'no rel=next after a page that was not full');

	for my $variant (lc $tag, uc $tag) {
		is_deeply(ids_of(json_of($anon->get(
		    "/api/v1/timelines/tag/$variant"))), ids_of($list),
		    "$variant: the tag matches without regard to case");
	}
	my $slash = $anon->get("/api/v1/timelines/tag/$tag/");
	ok_schema('Status[]', $slash, 'a trailing slash: valid Statuses');
	is_deeply(ids_of(json_of($slash)), ids_of($list),
	    'a trailing slash works');

	my $local = $anon->get("/api/v1/timelines/tag/$tag?local=true");
	ok_schema('Status[]', $local, 'local=true: valid Statuses');
	is_deeply(ids_of(json_of($local)), \@local,
	    'local=true: the local statuses, not the remote one');
	my $far = $anon->get("/api/v1/timelines/tag/$tag?remote=true");
	ok_schema('Status[]', $far, 'remote=true: valid Statuses');
	is_deeply(ids_of(json_of($far)), [$remote],
	    'remote=true: only the remote status');
	is(lc((json_of($far) || [{}])->[0]{tags}[0]{name} // ''), lc $tag,
	    'the remote status lists the tag');

	my $tagged = json_of($anon->get("/api/v1/statuses/$public"));
	is(lc $tagged->{tags}[0]{name}, lc $tag, 'the status lists the tag');
};

subtest 'paging a hashtag timeline' => sub {
	my $base = "/api/v1/timelines/tag/$tag";
	my @all = ($newest, $remote, $other_reply, $self_reply, $public);
	my $url = "$base?limit=2";
	my (@seen, @pages);
	while (defined $url && @pages < 10) {
		my $res = $anon->get($url);
		is($res->{status}, 200, 'page ' . (@pages + 1) . ' is 200');
		last unless @{ json_of($res) || [] };
		ok_schema('Status[]', $res,
		    'page ' . (@pages + 1) . ': valid Statuses');
		push @pages, $res;
		push @seen, @{ ids_of(json_of($res)) };
		$url = links($res)->{next};
		like($url // '', qr/[?&]limit=2(?:&|\z)/, 'rel=next keeps limit')
		    if defined $url;
	}
	is_deeply(\@seen, \@all, 'rel=next walks every status once, in order');
	is(scalar @pages, 3, 'in pages of 2, 2 and 1');

	my $back = $anon->get(links($pages[1])->{prev});
	ok_schema('Status[]', $back, 'rel=prev of page 2: valid Statuses');
	is_deeply(ids_of(json_of($back)), [@all[0, 1]],
	    'rel=prev of page 2 is page 1');

	for my $case (
	    ["max_id=$remote", [@all[2 .. 4]], 'max_id: older than the cursor'],
	    ["since_id=$self_reply", [@all[0 .. 2]],
	     'since_id: newer than the cursor'],
	    ["min_id=$public&limit=2", [@all[2, 3]],
	     'min_id: just above the cursor, newest first'],
	    ["max_id=$newest&since_id=$public&local=true",
	     [$other_reply, $self_reply], 'bounded, local only']) {
		my ($q, $want, $what) = @$case;
		my $res = $anon->get("$base?$q");
		ok_schema('Status[]', $res, "$q: valid Statuses");
		is_deeply(ids_of(json_of($res)), $want, $what);
	}
};

subtest 'an unknown hashtag is an empty timeline' => sub {
	my $res = $anon->get('/api/v1/timelines/tag/nosuchtag' . time);
	is($res->{status}, 200, 'answers 200');
	is_deeply(json_of($res), [], 'empty');
	ok(defined links($res)->{prev}, 'with a Link header');
};

done_testing();
