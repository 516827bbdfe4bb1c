# web_actions.t: the buttons under every post, without JavaScript. A
# signed-out visitor sees the counts and no forms; a signed-in user gets a
# small form per button (favourite, boost, bookmark, each undone the same
# way) that carries the CSRF token and comes back to the page it was on;
# the reply link opens the post's page with the reply form filled in.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice_api, $alice_name, $alice) = api_user(prefix => 'waa');
my ($bob_api, $bob_name, $bob) = api_user(prefix => 'wab');
my $anon = client();

sub post_id {
	my ($c, %f) = @_;
	my $res = $c->post_json('/api/v1/statuses', \%f);
	die "posting answered $res->{status}\n" unless $res->{status} == 200;
	return json_of($res)->{id};
}

sub article {
	my ($html, $id) = @_;
	return $1 if ($html // '') =~ m{(<article\ class="status[^"]*"
	    \ id="status-\Q$id\E">.*?</article>)}sx;
	return '';
}

# The form of one button inside an article, by its action's last word.
sub button_form {
	my ($article, $action) = @_;
	return $1 if $article =~ m{(<form\ class="inline\ action"
	    \ method="post"\ action="[^"]*/\Q$action\E">.*?</form>)}sx;
	return undef;
}

# Press a button as a browser would: post the form's fields.
sub press {
	my ($c, $form) = @_;
	my ($action) = $form =~ /action="([^"]+)"/;
	my %fields;
	$fields{$1} = $2 while $form =~
	    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g;
	$fields{$_} =~ s/&amp;/&/g for keys %fields;
	return $c->post_form($action, [%fields]);
}

my $post = post_id($alice_api, status => "Hello \@$bob_name, look");
my $path = "/\@$alice_name/$post";

subtest 'a signed-out visitor sees counts, no buttons' => sub {
	my $page = $anon->get($path);
	is($page->{status}, 200, 'the post page');
	my $a = article($page->{content}, $post);
	like($a, qr{<span class="favourites-count">0 favourites</span>},
	    'the favourites count');
	like($a, qr{<span class="reblogs-count">0 boosts</span>},
	    'the boosts count');
	unlike($a, qr{<form}, 'no forms');
	unlike($page->{content}, qr{authenticity_token},
	    'and no CSRF token on a cacheable page');
};

subtest 'a signed-in user has a button for each action' => sub {
	my $page = $bob->get($path);
	my $a = article($page->{content}, $post);
	for my $action (qw(favourite reblog bookmark)) {
		my $form = button_form($a, $action);
		ok($form, "a $action button") or next;
		like($form, qr{name="authenticity_token" value="[^"]+"},
		    "... with the CSRF token");
		like($form, qr{name="return_to" value="\Q$path\E"},
		    '... and the page to come back to');
		like($form, qr{aria-pressed="false"}, '... not pressed');
	}
	like($a, qr{<a class="reply" href="\Q$path\E#reply">Reply</a>},
	    'a reply link to the post\'s reply form');
	like($page->{content}, qr{<div id="reply">\s*<form class="compose"},
	    'which the post\'s page has');
	like($page->{content},
	    qr{<textarea[^>]*>\@\Q$alice_name\E </textarea>},
	    'filled in with the author');
	like($page->{content}, qr{name="in_reply_to_id" value="$post"},
	    'as a reply to this post');
	my $own = article($alice->get($path)->{content}, $post);
	ok(button_form($own, 'favourite'), 'the author has the buttons too');
};

subtest 'favourite, boost and bookmark through the buttons' => sub {
	my $a = article($bob->get($path)->{content}, $post);
	my $res = press($bob, button_form($a, 'favourite'));
	is($res->{status}, 303, 'favourite: 303');
	is($res->{headers}{location}, "$path#status-$post",
	    'back to the page, at the post');
	my $s = json_of($bob_api->get("/api/v1/statuses/$post"));
	ok($s->{favourited}, 'the post is favourited');
	is($s->{favourites_count}, 1, 'and counted');
	like(article($anon->get($path)->{content}, $post),
	    qr{1 favourites}, 'signed-out visitors see the new count at once');

	$a = article($bob->get($path)->{content}, $post);
	my $unfav = button_form($a, 'unfavourite');
	ok($unfav, 'the button now undoes it') or return;
	like($unfav, qr{aria-pressed="true"}, '... and shows as pressed');
	is(press($bob, $unfav)->{status}, 303, 'unfavourite: 303');
	ok(!json_of($bob_api->get("/api/v1/statuses/$post"))->{favourited},
	    'no longer favourited');

	$res = press($bob, button_form($a, 'reblog'));
	is($res->{status}, 303, 'boost: 303');
	$s = json_of($bob_api->get("/api/v1/statuses/$post"));
	ok($s->{reblogged}, 'boosted');
	my $profile = $anon->get("/\@$bob_name");
	like($profile->{content},
	    qr{<p class="boosted-by"><a href="/\@\Q$bob_name\E">},
	    'the boost shows on the booster\'s profile, with who boosted');
	like(article($profile->{content}, $post), qr{Hello},
	    'showing the boosted post');
	$a = article($bob->get($path)->{content}, $post);
	is(press($bob, button_form($a, 'unreblog'))->{status}, 303,
	    'unboost: 303');
	ok(!json_of($bob_api->get("/api/v1/statuses/$post"))->{reblogged},
	    'no longer boosted');

	$a = article($bob->get($path)->{content}, $post);
	$res = press($bob, button_form($a, 'bookmark'));
	is($res->{status}, 303, 'bookmark: 303');
	ok(json_of($bob_api->get("/api/v1/statuses/$post"))->{bookmarked},
	    'bookmarked');
	$a = article($bob->get($path)->{content}, $post);
	is(press($bob, button_form($a, 'unbookmark'))->{status}, 303,
	    'unbookmark: 303');
	ok(!json_of($bob_api->get("/api/v1/statuses/$post"))->{bookmarked},
	    'no longer bookmarked');
};

subtest 'a button comes back to the page it was on, and nowhere else' => sub {
	my $token = csrf_from($bob->get('/home')->{content});
	my $res = $bob->post_form("$path/favourite",
	    [authenticity_token => $token,
	    return_to => '/public/local?max_id=99']);
	is($res->{headers}{location}, "/public/local?max_id=99#status-$post",
	    'a page of ours, with its query');
	for my $evil ('//evil.example/x', 'https://evil.example/',
	    "/\\evil.example", "/ok\r\nSet-Cookie: x=1",
	    'javascript:alert(1)') {
		$res = $bob->post_form("$path/unfavourite",
		    [authenticity_token => $token, return_to => $evil]);
		is($res->{status}, 303, 'still done');
		is($res->{headers}{location}, "$path#status-$post",
		    'but back to the post instead of ' . ($evil =~ s/\r\n/ /r));
	}
	$res = $bob->post_form("$path/favourite",
	    [authenticity_token => $token]);
	is($res->{headers}{location}, "$path#status-$post",
	    'without return_to, back to the post');
	$bob->post_form("$path/unfavourite", [authenticity_token => $token]);
};

subtest 'CSRF, sign-in and visibility are checked' => sub {
	my $res = $bob->post_form("$path/favourite", [return_to => $path]);
	is($res->{status}, 403, 'without the CSRF token: 403');
	$res = $bob->post_form("$path/favourite",
	    [authenticity_token => 'forged', return_to => $path]);
	is($res->{status}, 403, 'with a forged one: 403');
	is(json_of($bob_api->get("/api/v1/statuses/$post"))->{favourites_count},
	    0, 'nothing was favourited');
	my $form = $anon->get('/auth/sign_in');
	$res = $anon->post_form("$path/favourite",
	    [authenticity_token => csrf_from($form->{content})]);
	is($res->{status}, 303, 'signed out: sent to sign in');
	is($res->{headers}{location}, '/auth/sign_in', '... the sign-in page');

	my $token = csrf_from($bob->get('/home')->{content});
	my $private = post_id($alice_api, status => 'not for Bob',
	    visibility => 'private');
	$res = $bob->post_form("/\@$alice_name/$private/favourite",
	    [authenticity_token => $token]);
	is($res->{status}, 404, 'a private post one cannot see: 404');
	$res = $bob->post_form("/\@$bob_name/$post/favourite",
	    [authenticity_token => $token]);
	is($res->{status}, 404, 'a post under the wrong account: 404');
	$res = $bob->post_form("/\@$alice_name/1/favourite",
	    [authenticity_token => $token]);
	is($res->{status}, 404, 'an unknown post: 404');

	# A follower sees the private post but may not boost it.
	my $home = $bob->get('/home');
	$bob->post_form("/\@$alice_name/follow",
	    [authenticity_token => csrf_from($home->{content})]);
	my $a = article($bob->get("/\@$alice_name/$private")->{content},
	    $private);
	ok(button_form($a, 'favourite'), 'a follower may favourite it');
	ok(!button_form($a, 'reblog'), 'but has no boost button');
	like($a, qr{<span class="reblogs-count" title="boosts">0 boosts</span>},
	    'only the count');
	$res = $bob->post_form("/\@$alice_name/$private/reblog",
	    [authenticity_token => $token]);
	is($res->{status}, 403, 'and boosting it anyway is refused');
	my $own = article($alice->get("/\@$alice_name/$private")->{content},
	    $private);
	ok(button_form($own, 'reblog'), 'its author may boost it');
};

done_testing();
