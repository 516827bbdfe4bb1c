# api_timelines.t: the public and hashtag timelines of the Mastodon API.
# Both list valid Statuses newest first, only public ones and no replies
# to other people, page with a Link header (also when empty), refuse bad
# cursors with 400, and read local/remote/only_media as Mastodon does. A
# hashtag is matched without regard to case.
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
my $newest = post_status_id($bob, $bob_name, status => "the newest #$tag");

subtest 'GET /api/v1/timelines/public' => sub {
	for my $q ('', '&local=true') {
		my $res = $anon->get("/api/v1/timelines/public?limit=40$q");
		is($res->{status}, 200, "public$q: 200");
		ok_schema('Status[]', $res, "public$q: every item is a Status");
		my $list = json_of($res);
		is($list->[0]{id}, $newest, "public$q: newest first");
		ok(has_id($list, $public), "public$q: has the public status");
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
	my $slash = $anon->get('/api/v1/timelines/public/?local=true');
	is($slash->{status}, 200, 'a trailing slash works');
	is(json_of($slash)->[0]{id}, $newest, 'a trailing slash gives the same');
};

subtest 'local, remote and only_media' => sub {
	my $remote = json_of($anon->get('/api/v1/timelines/public?remote=true'));
	is(ref $remote, 'ARRAY', 'remote=true is a list');
	ok(!(grep { index($_->{account}{acct}, '@') < 0 } @$remote),
	    'remote=true has no local status');
	my $both = json_of($anon->get(
	    '/api/v1/timelines/public?local=true&remote=true'));
	ok(has_id($both, $newest), 'local and remote together mean everything');
	my $local = json_of($anon->get('/api/v1/timelines/public?local=1'));
	ok(!(grep { index($_->{account}{acct}, '@') >= 0 } @$local),
	    'local=1 has only local statuses');
	my $res = $anon->get('/api/v1/timelines/public?only_media=true');
	is($res->{status}, 200, 'only_media=true is 200');
	ok(!(grep { !@{ $_->{media_attachments} } } @{ json_of($res) }),
	    'only_media=true: only statuses with media');
	ok(defined links($res)->{prev}, 'only_media=true has a Link header');
};

subtest 'paging the public timeline' => sub {
	my $res = $anon->get('/api/v1/timelines/public?limit=1');
	is_deeply(ids_of(json_of($res)), [$newest], 'limit=1: the newest');
	my $next = links($res)->{next};
	like($next, qr/[?&]max_id=$newest(?:&|\z)/, 'rel=next pages by max_id');
	like($next, qr/[?&]limit=1(?:&|\z)/, 'rel=next keeps limit');
	my $second = json_of($anon->get($next));
	is(scalar @$second, 1, 'the next page has one status');
	cmp_ok($second->[0]{id}, '<', $newest, 'and it is older');
	my $prev = links($res)->{prev};
	like($prev, qr/[?&]min_id=$newest(?:&|\z)/, 'rel=prev pages by min_id');
	my $empty = $anon->get($prev);
	is_deeply(json_of($empty), [], 'nothing newer than the newest');
	ok(defined links($empty)->{prev}, 'the empty page has a Link header');

	my $since = json_of($anon->get(
	    "/api/v1/timelines/public?since_id=$public&local=true"));
	ok(!has_id($since, $public), 'since_id excludes the cursor');
	ok(has_id($since, $newest), 'since_id: newer statuses');
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
	ok_schema('Status[]', $res, 'every item is a Status');
	my $list = json_of($res);
	# Unlike the public timeline, Mastodon's hashtag timeline keeps
	# replies to other people.
	is_deeply(ids_of($list), [$newest, $other_reply, $self_reply, $public],
	    'the public statuses with the tag, newest first, replies included');
	ok(!has_id($list, $_), "no $_") for ($unlisted, $private, $direct, $gone);
	ok(defined links($res)->{prev}, 'a Link header');
	ok(!defined links($res)->{next},
	    'no rel=next after a page that was not full');

	for my $variant (lc $tag, uc $tag) {
		is_deeply(ids_of(json_of($anon->get(
		    "/api/v1/timelines/tag/$variant"))), ids_of($list),
		    "$variant: the tag matches without regard to case");
	}
	is_deeply(ids_of(json_of($anon->get("/api/v1/timelines/tag/$tag/"))),
	    ids_of($list), 'a trailing slash works');
	is_deeply(ids_of(json_of($anon->get(
	    "/api/v1/timelines/tag/$tag?local=true"))), ids_of($list),
	    'local=true: the same local statuses');
	is_deeply(json_of($anon->get(
	    "/api/v1/timelines/tag/$tag?remote=true")), [],
	    'remote=true: no local status');

	my $page = $anon->get("/api/v1/timelines/tag/$tag?limit=2");
	is_deeply(ids_of(json_of($page)), [$newest, $other_reply], 'limit=2');
	my $rest = json_of($anon->get(links($page)->{next}));
	is_deeply(ids_of($rest), [$self_reply, $public],
	    'rel=next gives the rest');

	my $tagged = json_of($anon->get("/api/v1/statuses/$public"));
	is(lc $tagged->{tags}[0]{name}, lc $tag, 'the status lists the tag');
};

subtest 'an unknown hashtag is an empty timeline' => sub {
	my $res = $anon->get('/api/v1/timelines/tag/nosuchtag' . time);
	is($res->{status}, 200, 'answers 200');
	is_deeply(json_of($res), [], 'empty');
	ok(defined links($res)->{prev}, 'with a Link header');
};

done_testing();
