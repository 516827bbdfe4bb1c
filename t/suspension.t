# suspension.t: a suspended account's posts are gone from everywhere a
# status is shown (status pages, threads, timelines, the API, reblogs),
# not only from its profile, and come back when the suspension is lifted.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($mallory, $mallory_name) = new_user(prefix => 'mallory');
my ($alice, $alice_name) = new_user(prefix => 'alice');
my $anon = client();

# Alice follows Mallory, so Mallory's posts are on her home timeline.
{
	my $token = csrf_from($alice->get("/\@$mallory_name")->{content});
	$alice->post_form("/\@$mallory_name/follow",
	    [authenticity_token => $token])->{status} == 303
	    or die "alice cannot follow mallory\n";
}

my $tag = 'susp' . ($$ % 100000);
my $text = 'spam ' . unique_name('x');
my $post = post_status_id($mallory, $mallory_name,
    status => "$text #$tag");
my $private = post_status_id($mallory, $mallory_name,
    status => 'for followers ' . unique_name('p'), visibility => 'private');
my $parent = post_status_id($alice, $alice_name, status => 'a thread');
my $reply = post_status_id($mallory, $mallory_name,
    status => "\@$alice_name spam reply", in_reply_to_id => $parent);
my $child = post_status_id($alice, $alice_name,
    status => "\@$mallory_name answering", in_reply_to_id => $post);
my $id_of_account = account_id_of($mallory_name);

# The answer to $path must be a page (200); $test says whether the post
# is on it. Anything else is a failure of its own, never "not shown".
sub shown_on {
	my ($client, $path, $test) = @_;
	my $res = $client->get($path);
	die "GET $path answered $res->{status}\n" unless $res->{status} == 200;
	return $test->($res) ? 1 : 0;
}

# A status of its own: 200 when it shows, 404 when it does not.
sub exists_at {
	my ($client, $path) = @_;
	my $res = $client->get($path);
	return 1 if $res->{status} == 200;
	return 0 if $res->{status} == 404;
	die "GET $path answered $res->{status}\n";
}

sub ids_in { my ($list) = @_; return map { $_->{id} } @{ $list || [] } }
sub has_id { my ($id, @ids) = @_; return grep { $_ eq $id } @ids }

# Every place a status shows: [what, code returning 1 when the post (or
# the reply, or the private post) is there and 0 when it is not].
my @places = (
	['the status page', sub {
		exists_at($anon, "/\@$mallory_name/$post") }],
	['the status API', sub {
		exists_at($anon, "/api/v1/statuses/$post") }],
	['the context API', sub {
		shown_on($anon, "/api/v1/statuses/$parent/context", sub {
		    has_id($reply, ids_in(json_of($_[0])->{descendants})) }) }],
	['the thread page', sub {
		shown_on($anon, "/\@$alice_name/$parent",
		    sub { $_[0]{content} =~ /spam reply/ }) }],
	['the ancestors of a reply', sub {
		shown_on($anon, "/api/v1/statuses/$child/context", sub {
		    has_id($post, ids_in(json_of($_[0])->{ancestors})) }) }],
	['the local timeline page', sub {
		shown_on($anon, '/public/local',
		    sub { $_[0]{content} =~ /\Q$text\E/ }) }],
	['the public timeline API', sub {
		shown_on($anon, '/api/v1/timelines/public?local=true',
		    sub { has_id($post, ids_in(json_of($_[0]))) }) }],
	['the hashtag page', sub {
		shown_on($anon, "/tags/$tag",
		    sub { $_[0]{content} =~ /\Q$text\E/ }) }],
	['the hashtag API', sub {
		shown_on($anon, "/api/v1/timelines/tag/$tag",
		    sub { has_id($post, ids_in(json_of($_[0]))) }) }],
	['the account statuses API', sub {
		shown_on($anon, "/api/v1/accounts/$id_of_account/statuses",
		    sub { has_id($post, ids_in(json_of($_[0]))) }) }],
	["a follower's home timeline", sub {
		shown_on($alice, '/home',
		    sub { $_[0]{content} =~ /\Q$text\E/ }) }],
	["a follower's view of a followers-only post", sub {
		exists_at($alice, "/\@$mallory_name/$private") }],
	['the status page, signed in', sub {
		exists_at($alice, "/\@$mallory_name/$post") }],
);

# The signed-out answers, which the page cache keeps.
my @cached = ("/\@$mallory_name/$post", "/api/v1/statuses/$post",
    "/api/v1/statuses/$parent/context", "/\@$alice_name/$parent",
    '/public/local', '/api/v1/timelines/public?local=true', "/tags/$tag",
    "/api/v1/timelines/tag/$tag", "/api/v1/accounts/$id_of_account/statuses");

subtest 'before the suspension every place shows the posts' => sub {
	is($_->[1]->(), 1, "$_->[0] shows it") for @places;
	# So the suspension below must retire cached pages, not only
	# render new ones.
	for my $path (@cached) {
		$anon->get($path);
		is($anon->get($path)->{headers}{'x-cache'}, 'HIT',
		    "$path is served from the page cache");
	}
};

subtest 'a suspended account is gone from all of them' => sub {
	my ($rc, $out, $err) = woollyctl('account', 'suspend', $mallory_name);
	is($rc, 0, 'woollyctl account suspend') or diag($err);
	is($_->[1]->(), 0, "$_->[0] does not show it") for @places;
	my $res = $anon->get("/api/v1/statuses/$post");
	is($res->{status}, 404, 'the status API answers 404');
	is_deeply(json_of($res), { error => 'Record not found' },
	    'as for a status that does not exist');
	is($anon->get("/\@$mallory_name")->{status}, 410,
	    'the profile says suspended (410)');
	is($anon->get("/\@$alice_name/$parent")->{status}, 200,
	    "Alice's thread still shows, without Mallory's reply");
	is($alice->get("/\@$alice_name/$child")->{status}, 200,
	    "and Alice's reply to Mallory still shows");
};

subtest 'replying to a suspended account\'s post is refused' => sub {
	my $token = csrf_from($alice->get('/home')->{content});
	my $res = $alice->post_form('/statuses', [authenticity_token => $token,
	    in_reply_to_id => $post, status => 'hello?']);
	is($res->{status}, 422, 'a reply to it: 422');
};

subtest 'lifting the suspension brings everything back' => sub {
	my ($rc, $out, $err) = woollyctl('account', 'unsuspend', $mallory_name);
	is($rc, 0, 'woollyctl account unsuspend') or diag($err);
	is($_->[1]->(), 1, "$_->[0] shows it again") for @places;
};

done_testing();
