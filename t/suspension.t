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

# Every place a status shows, as [what, code returning true when $post
# (or $reply / $private) is there]. Signed-out pages go through the page
# cache and the API answers too: suspension moves its generation on.
my @places = (
	['the status page', sub {
		$anon->get("/\@$mallory_name/$post")->{status} == 200 }],
	['the status API', sub {
		$anon->get("/api/v1/statuses/$post")->{status} == 200 }],
	['the context API', sub {
		my $c = json_of($anon->get("/api/v1/statuses/$parent/context"));
		grep { $_->{id} eq $reply } @{ $c->{descendants} || [] } }],
	['the thread page', sub {
		$anon->get("/\@$alice_name/$parent")->{content} =~ /spam reply/ }],
	['the ancestors of a reply', sub {
		my $c = json_of($anon->get("/api/v1/statuses/$child/context"));
		grep { $_->{id} eq $post } @{ $c->{ancestors} || [] } }],
	['the local timeline page', sub {
		$anon->get('/public/local')->{content} =~ /\Q$text\E/ }],
	['the public timeline API', sub {
		grep { $_->{id} eq $post }
		    @{ json_of($anon->get('/api/v1/timelines/public?local=true'))
		    || [] } }],
	['the hashtag page', sub {
		$anon->get("/tags/$tag")->{content} =~ /\Q$text\E/ }],
	['the hashtag API', sub {
		grep { $_->{id} eq $post }
		    @{ json_of($anon->get("/api/v1/timelines/tag/$tag")) || [] } }],
	['the account statuses API', sub {
		grep { $_->{id} eq $post } @{ json_of($anon->get(
		    "/api/v1/accounts/$id_of_account/statuses")) || [] } }],
	["a follower's home timeline", sub {
		$alice->get('/home')->{content} =~ /\Q$text\E/ }],
	["a follower's view of a followers-only post", sub {
		$alice->get("/\@$mallory_name/$private")->{status} == 200 }],
	['the status page, signed in', sub {
		$alice->get("/\@$mallory_name/$post")->{status} == 200 }],
);

subtest 'before the suspension every place shows the posts' => sub {
	ok($_->[1]->(), "$_->[0] shows it") for @places;
};

subtest 'a suspended account is gone from all of them' => sub {
	psql(q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'},
	    $id_of_account);
	ok(!$_->[1]->(), "$_->[0] does not show it") for @places;
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
	psql(q{UPDATE accounts SET suspended_at = NULL WHERE id = :'1'},
	    $id_of_account);
	ok($_->[1]->(), "$_->[0] shows it again") for @places;
};

done_testing();
