# replies.t: a reply keeps to its thread. It defaults to its parent's
# visibility (the reply form shows that choice selected, and the server
# narrows a reply that names none), so answering a direct message with the
# defaults never publishes it; the author may still choose wider on
# purpose. Also: a post of nothing but white space is refused.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice, $alice_name) = new_user(prefix => 'alice');
my ($bob, $bob_name) = new_user(prefix => 'bob');
my ($carol, $carol_name) = new_user(prefix => 'carol');

# Bob follows Alice, so he can see her followers-only posts.
{
	my $token = csrf_from($bob->get("/\@$alice_name")->{content});
	$bob->post_form("/\@$alice_name/follow",
	    [authenticity_token => $token])->{status} == 303
	    or die "bob cannot follow alice\n";
}

sub visibility_of {
	return scalar psql('SELECT visibility FROM statuses WHERE id = :1',
	    $_[0]);
}

# The reply form under a status: its selected visibility and the text
# it starts with.
sub reply_form {
	my ($client, $author, $id) = @_;
	my $page = $client->get("/\@$author/$id");
	die "status page answered $page->{status}\n" unless $page->{status} == 200;
	my ($form) = $page->{content} =~
	    m{(<form class="compose".*?</form>)}s or return {};
	my @selected = $form =~ /<option value="(\w+)" selected>/g;
	my ($text) = $form =~ m{<textarea[^>]*>(.*?)</textarea>}s;
	my ($reply_to) = $form =~ /name="in_reply_to_id" value="(\d+)"/;
	my ($token) = $form =~ /name="authenticity_token" value="([^"]+)"/;
	return { selected => \@selected, text => $text, reply_to => $reply_to,
	    token => $token };
}

# Submit the reply form as a browser would: with what it shows selected.
sub submit_reply_form {
	my ($client, $author, $id, $text) = @_;
	my $f = reply_form($client, $author, $id);
	my $res = $client->post_form('/statuses', [
	    authenticity_token => $f->{token},
	    in_reply_to_id => $f->{reply_to},
	    status => $f->{text} . $text,
	    spoiler_text => '',
	    visibility => $f->{selected}[0],
	]);
	die "reply answered $res->{status}\n" unless $res->{status} == 303;
	return last_status_id($client == $alice ? $alice_name :
	    $client == $bob ? $bob_name : $carol_name);
}

subtest 'the reply form starts with the parent visibility selected' => sub {
	for my $v (qw(public unlisted private direct)) {
		my $id = post_status_id($alice, $alice_name,
		    status => "a $v post for \@$bob_name", visibility => $v);
		my $f = reply_form($bob, $alice_name, $id);
		is_deeply($f->{selected}, [$v],
		    "replying to a $v post: exactly '$v' is selected");
	}
	my $f = reply_form($bob, $alice_name, post_status_id($alice,
	    $alice_name, status => 'plain'));
	is($f->{reply_to} ? 1 : 0, 1, 'the form names the parent');
	like($bob->get('/home')->{content},
	    qr/<option value="public" selected>/,
	    'a new post (not a reply) starts public');
};

subtest 'replying to a direct message with the defaults stays direct' => sub {
	my $dm = post_status_id($alice, $alice_name,
	    status => "psst \@$bob_name \@$carol_name", visibility => 'direct');
	my $f = reply_form($bob, $alice_name, $dm);
	like($f->{text}, qr/\@\Q$alice_name\E/,
	    'the form mentions the author');
	like($f->{text}, qr/\@\Q$carol_name\E/, 'and the other participant');
	my $reply = submit_reply_form($bob, $alice_name, $dm, 'my answer');
	is(visibility_of($reply), 'direct', 'the reply is direct');
	my $anon = client();
	is($anon->get("/\@$bob_name/$reply")->{status}, 404,
	    'a stranger cannot see it');
	unlike($anon->get('/public/local')->{content}, qr/my answer/,
	    'nor find it on the local timeline');
	unlike($anon->get("/\@$bob_name")->{content}, qr/my answer/,
	    "nor on Bob's profile");
	is($carol->get("/\@$bob_name/$reply")->{status}, 200,
	    'the mentioned participant can');
};

subtest 'a reply with no visibility takes the narrower of default and parent' => sub {
	for my $case ([direct => 'direct'], [private => 'private'],
	    [unlisted => 'unlisted'], [public => 'public']) {
		my ($parent_vis, $want) = @$case;
		my $parent = post_status_id($alice, $alice_name,
		    status => "parent \@$bob_name", visibility => $parent_vis);
		my $token = csrf_from($bob->get('/home')->{content});
		my $res = $bob->post_form('/statuses', [
		    authenticity_token => $token, in_reply_to_id => $parent,
		    status => "\@$alice_name reply with no visibility"]);
		is($res->{status}, 303, "reply to a $parent_vis post accepted");
		is(visibility_of(last_status_id($bob_name)), $want,
		    "and stored as $want");
	}
	my $token = csrf_from($bob->get('/home')->{content});
	$bob->post_form('/statuses', [authenticity_token => $token,
	    status => 'not a reply, no visibility']);
	is(visibility_of(last_status_id($bob_name)), 'public',
	    'a post that is not a reply defaults to public');
};

subtest 'an author may still choose a wider visibility explicitly' => sub {
	my $parent = post_status_id($alice, $alice_name,
	    status => 'followers only', visibility => 'private');
	my $reply = post_status_id($bob, $bob_name,
	    status => "\@$alice_name I say this in public",
	    visibility => 'public', in_reply_to_id => $parent);
	is(visibility_of($reply), 'public', 'an explicit public is kept');
};

subtest 'a reply to a post one cannot see is refused' => sub {
	my $secret = post_status_id($alice, $alice_name,
	    status => 'only for bob', visibility => 'private');
	my $token = csrf_from($carol->get('/home')->{content});
	my $res = $carol->post_form('/statuses', [authenticity_token => $token,
	    in_reply_to_id => $secret, status => 'let me in']);
	is($res->{status}, 422, 'a reply to an invisible post: 422');
	like($res->{content}, qr/does not exist/, 'as if it did not exist');
};

subtest 'a post of nothing but white space is refused' => sub {
	my $before = scalar psql('SELECT count(*) FROM statuses');
	my $token = csrf_from($alice->get('/home')->{content});
	for my $case (['', 'empty'], [" \t\r\n ", 'ASCII white space'],
	    ["\x{a0}\x{3000}\x{200b}\x{feff}", 'Unicode spaces and zero-widths'],
	    ["\x{2028}\x{2029}\x{205f}", 'line and paragraph separators']) {
		my ($text, $what) = @$case;
		# HTTP::Tiny sends characters as UTF-8 itself.
		my $res = $alice->post_form('/statuses', [
		    authenticity_token => $token, status => $text,
		    visibility => 'public']);
		is($res->{status}, 422, "$what: 422");
		like($res->{content}, qr/Your post is empty/, "$what: says why");
	}
	is(scalar psql('SELECT count(*) FROM statuses'), $before,
	    'nothing was stored');
	is($alice->post_form('/statuses', [authenticity_token => $token,
	    status => "\x{a0}\x{1f411}", visibility => 'public'])->{status}, 303,
	    'a space and an emoji is a post');
};

done_testing();
