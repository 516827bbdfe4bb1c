# web_statuses.t: posting, reading and deleting statuses through the HTML
# pages, who sees which visibility where, and following from profiles.
use strict;
use warnings;
use Scalar::Util qw(refaddr);
use Test::More;
use Woolly::Test;

my $BASE = base_url();

# --- helpers -----------------------------------------------------------

my %token_of;

# The authenticity token of a signed-in client (from /home, kept).
sub token_for {
	my ($c) = @_;
	return $token_of{ refaddr $c } //= csrf_from($c->get('/home')->{content});
}

# POST /statuses from the compose form. Fields default to a public post;
# a field given as undef is left out.
sub post_status {
	my ($c, %f) = @_;
	my %all = (visibility => 'public', authenticity_token => token_for($c),
	    %f);
	return $c->post_form('/statuses', [ map { ($_ => $all{$_}) }
	    grep { defined $all{$_} } sort keys %all ]);
}

# Post (must succeed) and return the new status's id.
sub new_status {
	my ($c, $name, %f) = @_;
	my $res = post_status($c, %f);
	Test::More::is($res->{status}, 303, "posted '" .
	    substr($f{status} // '', 0, 40) . "'") or
	    Test::More::diag(substr($res->{content} // '', 0, 600));
	return last_status_id($name);
}

# The status ids shown on a page, in order.
sub ids_on {
	my ($html) = @_;
	return [ ($html // '') =~ /<article class="status[^"]*" id="status-(\d+)"/g ];
}

sub shows {
	my ($html, $id) = @_;
	return scalar grep { $_ eq $id } @{ ids_on($html) };
}

# The <article> of one status on a page.
sub article {
	my ($html, $id) = @_;
	return $1 if ($html // '') =~
	    m{(<article class="status[^"]*" id="status-\Q$id\E">.*?</article>)}s;
	return '';
}

# The content div of one status.
sub content_of {
	my ($html, $id) = @_;
	my $a = article($html, $id);
	return $1 if $a =~ m{<div class="content">(.*?)</div>}s;
	return '';
}

sub is_page {
	my ($res, $status, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	is($res->{status}, $status, "$what: $status") or
	    diag(substr($res->{content} // '', 0, 600));
	like($res->{headers}{'content-type'} // '', qr{\Atext/html},
	    "$what: an HTML page");
}

sub statuses_count { return scalar psql('SELECT count(*) FROM statuses') }

# --- the users of this file ------------------------------------------------

my ($alice, $alice_name) = new_user(prefix => 'alice');
my ($bob, $bob_name) = new_user(prefix => 'bob');
my $anon = client();

# --- composing -----------------------------------------------------------

subtest 'the compose form is at the top of /home' => sub {
	my $home = $alice->get('/home');
	is_page($home, 200, '/home');
	my ($form) = $home->{content} =~
	    m{(<form class="compose" method="post" action="/statuses">.*?</form>)}s;
	ok($form, 'a compose form posting to /statuses') or return;
	my ($main) = $home->{content} =~ m{<main>(.*)}s;
	like($main, qr{\A\s*(?:<h1[^>]*>[^<]*</h1>\s*)?<form class="compose"},
	    'it comes first in the page');
	like($form, qr{<textarea[^>]*\bname="status"}, 'a status field');
	like($form, qr{<input[^>]*\bname="spoiler_text"}, 'a spoiler_text field');
	like($form, qr{<select[^>]*\bname="visibility"}, 'a visibility field');
	is_deeply([ $form =~ /<option value="(\w+)"/g ],
	    [qw(public unlisted private direct)], 'with the four visibilities');
	ok(csrf_from($form), 'and an authenticity token');
	like($form, qr/maxlength="500"/, 'the length limit is shown');
	unlike(client()->get('/public/local')->{content}, qr/class="compose"/,
	    'no compose form for anonymous visitors');
};

subtest 'a post appears on home, the local timeline, the profile and its page' => sub {
	my $text = 'Hello from the compose form ' . unique_name('hello');
	my $res = post_status($alice, status => $text);
	is($res->{status}, 303, 'POST /statuses answers 303');
	is($res->{headers}{location}, '/home', 'back to /home');
	my $id = last_status_id($alice_name);
	ok($id, 'the status is stored');
	my %pages = ('/home' => $alice, '/public/local' => $anon,
	    "/\@$alice_name" => $anon, "/\@$alice_name/$id" => $anon);
	for my $path (sort keys %pages) {
		my $page = $pages{$path}->get($path);
		is($page->{status}, 200, "GET $path");
		ok(shows($page->{content}, $id), "$path shows the post");
		like(content_of($page->{content}, $id), qr/\Q$text\E/,
		    "$path shows its text");
	}
	my $page = $anon->get("/\@$alice_name/$id");
	like(article($page->{content}, $id), qr{href="/\@\Q$alice_name\E/$id"},
	    'the post links to its own page');
	like(article($page->{content}, $id), qr{href="/\@\Q$alice_name\E"},
	    'and to its author');
	like($page->{content}, qr{<article class="status focus" id="status-$id">},
	    'its page highlights it');
};

subtest 'the text is formatted as HTML' => sub {
	my ($carol, $carol_name) = new_user(prefix => 'carol');
	my $tag = 'Woolly' . substr(unique_name('t'), 2);
	$tag =~ s/_//g;
	my $text = "First line\nsecond line\n\nSecond paragraph " .
	    "https://example.com/some/path?q=1 hello \@$carol_name and " .
	    "\@nobody_here_at_all and #$tag";
	my $id = new_status($alice, $alice_name, status => $text);
	my $html = content_of($alice->get("/\@$alice_name/$id")->{content}, $id);
	like($html, qr{\A<p>First line<br />second line</p><p>Second paragraph },
	    'paragraphs and line breaks');
	like($html, qr{<a href="https://example\.com/some/path\?q=1"[^>]*rel="nofollow noopener noreferrer"},
	    'a link to the URL');
	like($html, qr{<a href="\Q$BASE\E/\@\Q$carol_name\E" class="u-url mention">\@<span>\Q$carol_name\E</span></a>},
	    'a mention of a local account links to its profile');
	like($html, qr{\@nobody_here_at_all}, 'an unknown account stays text');
	unlike($html, qr{href="[^"]*nobody_here_at_all}, 'and is not a link');
	like($html, qr{<a href="\Q$BASE\E/tags/\Q$tag\E" class="mention hashtag" rel="tag">#<span>\Q$tag\E</span></a>},
	    'a hashtag links to its tag page');
	for my $path ("/tags/$tag", '/tags/' . lc $tag) {
		my $page = $anon->get($path);
		is_page($page, 200, "GET $path");
		ok(shows($page->{content}, $id), "$path lists the post");
		like($page->{content}, qr{<h1>#\Q$tag\E</h1>}i, 'titled by the tag');
	}
	my $none = $anon->get('/tags/nosuchtagatall');
	is_page($none, 200, 'a tag nobody used');
	is_deeply(ids_on($none->{content}), [], 'lists nothing');
	is_page($anon->get('/tags/not-a-tag!'), 404, 'a name that is no hashtag');
	is(scalar psql(q{SELECT count(*) FROM mentions m JOIN accounts a ON
	    a.id = m.account_id WHERE m.status_id = :'1'}, $id), 1,
	    'one mention is recorded');
};

subtest 'the text is escaped' => sub {
	my $text = q{<script>alert("x")</script> <b>bold</b> & 'quote'};
	my $id = new_status($alice, $alice_name, status => $text,
	    spoiler_text => '<i>cw</i>');
	for my $path ("/\@$alice_name/$id", '/public/local',
	    "/\@$alice_name") {
		my $page = $anon->get($path)->{content};
		my $html = article($page, $id);
		like($html, qr{&lt;script&gt;alert\(&quot;x&quot;\)&lt;/script&gt;},
		    "$path: the script tag shows as text");
		like($html, qr{&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quote&#39;|&lt;b&gt;bold&lt;/b&gt; &amp; 'quote'},
		    "$path: other markup and entities too");
		like($html, qr{<summary>&lt;i&gt;cw&lt;/i&gt;</summary>},
		    "$path: the content warning too");
		unlike($page, qr{<script|<b>bold|<i>cw}, "$path: no raw markup");
	}
};

subtest 'an empty post is refused with 422' => sub {
	my $before = statuses_count();
	for my $case (['', 'an empty status'], [" \n\t ", 'only white space'],
	    [undef, 'no status field']) {
		my $res = post_status($alice, status => $case->[0]);
		is_page($res, 422, $case->[1]);
		like($res->{content}, qr/empty/, "$case->[1]: says it is empty");
	}
	is(statuses_count(), $before, 'nothing is stored');
};

subtest 'a post over 500 characters is refused with 422' => sub {
	my $before = statuses_count();
	my $res = post_status($alice, status => 'x' x 501);
	is_page($res, 422, '501 characters');
	like($res->{content}, qr/too long|longer/, 'says it is too long');
	$res = post_status($alice, status => 'y' x 300,
	    spoiler_text => 'z' x 201);
	is_page($res, 422, 'text and content warning together over 500');
	is(statuses_count(), $before, 'nothing is stored');
	is(post_status($alice, status => 'a' x 500)->{status}, 303,
	    'exactly 500 characters is fine');
	is(post_status($alice, status => "\x{e9}" x 500)->{status}, 303,
	    '500 two-byte characters are 500 characters, not 1000');
};

subtest 'a content warning hides the text in <details>' => sub {
	my $id = new_status($alice, $alice_name, status => 'Spoiler: it was him',
	    spoiler_text => 'Movie ending');
	my $a = article($anon->get("/\@$alice_name/$id")->{content}, $id);
	like($a, qr{<details>\s*<summary>Movie ending</summary>\s*<div class="content"><p>Spoiler: it was him</p></div>\s*</details>}s,
	    'the warning is the summary and the text is inside');
	my $plain = new_status($alice, $alice_name, status => 'No warning');
	unlike(article($anon->get("/\@$alice_name/$plain")->{content}, $plain),
	    qr/<details>/, 'a post without a warning has no <details>');
	is(scalar psql('SELECT sensitive FROM statuses WHERE id = :1', $id), 't',
	    'a post with a warning is marked sensitive');
};

subtest 'an invalid visibility is refused with 422' => sub {
	my $before = statuses_count();
	for my $v ('bogus', 'PUBLIC', 'limited', '') {
		my $res = post_status($alice, status => 'where does it go',
		    visibility => $v);
		is_page($res, 422, "visibility '$v'");
		like($res->{content}, qr/Choose a visibility/, 'says why');
	}
	is(statuses_count(), $before, 'nothing is stored');
	my $id = new_status($alice, $alice_name, status => 'no visibility field',
	    visibility => undef);
	is(scalar psql('SELECT visibility FROM statuses WHERE id = :1', $id),
	    'public', 'without the field a post is public');
};

subtest 'a reply shows in its thread' => sub {
	my $parent = new_status($alice, $alice_name,
	    status => 'What do you think?');
	my $page = $bob->get("/\@$alice_name/$parent");
	my ($form) = $page->{content} =~
	    m{(<form class="compose" method="post" action="/statuses">.*?</form>)}s;
	ok($form, 'the status page has a reply form') or return;
	like($form, qr{<input type="hidden" name="in_reply_to_id" value="$parent">},
	    'replying to this post');
	like($form, qr{<textarea[^>]*>\@\Q$alice_name\E </textarea>},
	    'with the author mentioned');

	my $res = post_status($bob, status => "\@$alice_name I like it",
	    in_reply_to_id => $parent);
	is($res->{status}, 303, 'the reply is posted');
	my $reply = last_status_id($bob_name);
	is($res->{headers}{location}, "/\@$bob_name/$reply",
	    'and leads to the reply\'s page');

	my $thread = $anon->get("/\@$bob_name/$reply");
	is_page($thread, 200, 'the reply\'s page');
	is_deeply(ids_on($thread->{content}), [$parent, $reply],
	    'shows the post replied to, then the reply');
	like($thread->{content}, qr{<article class="status focus" id="status-$reply">},
	    'the reply is the highlighted one');

	my $top = $anon->get("/\@$alice_name/$parent");
	is_deeply(ids_on($top->{content}), [$parent, $reply],
	    'the parent\'s page shows the reply below it');
	like(article($top->{content}, $parent), qr{>1 reply</a>},
	    'and counts one reply');
	unlike($anon->get("/\@$alice_name/$parent")->{content},
	    qr/class="compose"/, 'anonymous visitors get no reply form');
};

subtest 'a thread shows only the posts the viewer may see' => sub {
	my ($dana, $dana_name) = new_user(prefix => 'dana');
	my $secret = new_status($dana, $dana_name, visibility => 'direct',
	    status => "\@$alice_name psst");
	my $reply = new_status($alice, $alice_name, status => 'Everyone: yes!',
	    in_reply_to_id => $secret);
	my $answer = new_status($dana, $dana_name, status => "\@$alice_name ok",
	    in_reply_to_id => $reply, visibility => 'direct');
	is_deeply(ids_on($alice->get("/\@$alice_name/$reply")->{content}),
	    [$secret, $reply, $answer], 'the mentioned user sees the whole thread');
	is_deeply(ids_on($anon->get("/\@$alice_name/$reply")->{content}),
	    [$reply], 'anonymous visitors see only the public reply');
	my $bob_view = $bob->get("/\@$alice_name/$reply")->{content};
	is_deeply(ids_on($bob_view), [$reply], 'so does another user');
	unlike($bob_view, qr/psst|>\@<span>\Q$alice_name\E<\/span><\/a><\/span> ok/,
	    'not a word of the hidden posts');
};

subtest 'a reply to a post that does not exist is refused with 422' => sub {
	my $before = statuses_count();
	my $res = post_status($bob, status => 'into the void',
	    in_reply_to_id => '999999999999999');
	is_page($res, 422, 'an unknown id');
	like($res->{content}, qr/replying to does not exist/, 'says so');
	$res = post_status($bob, status => 'into the void',
	    in_reply_to_id => 'abc');
	is_page($res, 422, 'an id that is not a number');

	my $deleted = new_status($alice, $alice_name, status => 'short-lived');
	psql('UPDATE statuses SET deleted_at = now() WHERE id = :1', $deleted);
	$res = post_status($bob, status => 'too late',
	    in_reply_to_id => $deleted);
	is_page($res, 422, 'a deleted post');

	my $secret = new_status($alice, $alice_name, status => 'for my eyes',
	    visibility => 'direct');
	$res = post_status($bob, status => 'peeking', in_reply_to_id => $secret);
	is_page($res, 422, 'a post the replier cannot see');
	is(statuses_count(), $before + 2, 'no reply is stored');
};

# --- deleting ----------------------------------------------------------

subtest 'deleting a post through its confirmation page' => sub {
	my $id = new_status($alice, $alice_name, status => 'Regrettable');
	my $path = "/\@$alice_name/$id";
	my $form = $alice->get("$path/delete");
	is_page($form, 200, 'GET the delete page');
	like($form->{content}, qr/Delete this post\?/, 'it asks');
	ok(shows($form->{content}, $id), 'it shows the post');
	like($form->{content},
	    qr{<form method="post" action="\Q$path\E/delete">}, 'a form');
	my $token = csrf_from($form->{content});
	ok($token, 'with an authenticity token');
	ok(shows($alice->get('/home')->{content}, $id), 'still on /home');

	my $res = $alice->post_form("$path/delete", []);
	is_page($res, 403, 'POST without a token');
	is($anon->get($path)->{status}, 200, 'the post is still there');

	$res = $alice->post_form("$path/delete", [authenticity_token => $token]);
	is($res->{status}, 303, 'POST deletes and answers 303');
	is($res->{headers}{location}, "/\@$alice_name", 'to the profile');
	is_page($anon->get($path), 404, 'the status page');
	is_page($alice->get($path), 404, 'the status page for its author');
	for my $p ('/home', '/public/local', "/\@$alice_name") {
		ok(!shows($alice->get($p)->{content}, $id), "gone from $p");
	}
	is($alice->get("$path/delete")->{status}, 404,
	    'the delete page of a deleted post');
	is($alice->post_form("$path/delete", [authenticity_token => $token])
	    ->{status}, 404, 'deleting it again');
};

subtest 'nobody else can delete a post' => sub {
	my $id = new_status($alice, $alice_name, status => 'Mine, not yours');
	my $path = "/\@$alice_name/$id";
	is_page($bob->get("$path/delete"), 404, 'another user\'s GET');
	is_page($bob->post_form("$path/delete",
	    [authenticity_token => token_for($bob)]), 404,
	    'another user\'s POST');
	is($anon->get($path)->{status}, 200, 'the post is still there');
	my $res = $anon->get("$path/delete");
	is($res->{status}, 303, 'signed out, the delete page asks to sign in');
	is($res->{headers}{location}, '/auth/sign_in', 'to the sign-in form');
	is($bob->get("/\@$bob_name/$id/delete")->{status}, 404,
	    'nor under another name in the path');
};

subtest 'the delete link shows only on one\'s own posts' => sub {
	my $mine = new_status($alice, $alice_name, status => 'alice writes');
	my $theirs = new_status($bob, $bob_name, status => 'bob writes');
	my $local = $alice->get('/public/local')->{content};
	like(article($local, $mine), qr{href="/\@\Q$alice_name\E/$mine/delete"},
	    'alice sees a delete link on her post');
	unlike(article($local, $theirs), qr{/delete"}, 'but not on bob\'s');
	unlike(article($alice->get("/\@$bob_name/$theirs")->{content}, $theirs),
	    qr{/delete"}, 'nor on bob\'s own page');
	my $anon_local = $anon->get('/public/local')->{content};
	unlike($anon_local, qr{/delete"}, 'anonymous visitors see none');
	like(article($bob->get('/public/local')->{content}, $theirs),
	    qr{href="/\@\Q$bob_name\E/$theirs/delete"},
	    'bob sees one on his');
};

subtest 'status pages 404 for the wrong author, bad ids and unknown ids' => sub {
	my $id = new_status($alice, $alice_name, status => 'where am I');
	is($anon->get("/\@$alice_name/$id")->{status}, 200, 'the right path');
	is($anon->get('/@' . uc($alice_name) . "/$id")->{status}, 200,
	    'the name in another case');
	is_page($anon->get("/\@$bob_name/$id"), 404, 'another author\'s name');
	is_page($anon->get("/\@$alice_name/notanumber"), 404, 'not a number');
	is_page($anon->get("/\@$alice_name/99999999999999999"), 404,
	    'an unknown id');
	is_page($anon->get("/\@$alice_name/99999999999999999999999"), 404,
	    'an id too large for 64 bits');
};

# --- visibility --------------------------------------------------------

subtest 'who sees which visibility where' => sub {
	my ($author, $author_name) = new_user(prefix => 'vis');
	my ($follower, $follower_name) = new_user(prefix => 'visfan');
	my ($mentioned, $mentioned_name) = new_user(prefix => 'vismention');
	my ($stranger) = new_user(prefix => 'visstranger');
	my $tag = 'vis' . substr(unique_name('t'), 2);
	$tag =~ s/_//g;

	my $res = $follower->post_form("/\@$author_name/follow",
	    [authenticity_token => token_for($follower)]);
	is($res->{status}, 303, 'the follower follows the author');

	my %id;
	for my $v (qw(public unlisted private direct)) {
		$id{$v} = new_status($author, $author_name, visibility => $v,
		    status => "A $v post for \@$mentioned_name #$tag");
	}
	my %viewer = (author => $author, follower => $follower,
	    mentioned => $mentioned, stranger => $stranger,
	    anonymous => client());
	# Who may open each post (its page, and on the profile).
	my %sees = (
		public => [qw(author follower mentioned stranger anonymous)],
		unlisted => [qw(author follower mentioned stranger anonymous)],
		private => [qw(author follower mentioned)],
		direct => [qw(author mentioned)],
	);
	for my $v (qw(public unlisted private direct)) {
		my %may = map { $_ => 1 } @{ $sees{$v} };
		for my $who (sort keys %viewer) {
			my $c = $viewer{$who};
			my $page = $c->get("/\@$author_name/$id{$v}");
			my $profile = $c->get("/\@$author_name")->{content};
			if ($may{$who}) {
				is($page->{status}, 200, "$v: the $who sees its page");
				ok(shows($profile, $id{$v}),
				    "$v: the $who sees it on the profile");
			} else {
				is($page->{status}, 404,
				    "$v: the $who gets 404 for its page");
				unlike($page->{content}, qr/A $v post/,
				    "$v: and not a word of it");
				ok(!shows($profile, $id{$v}),
				    "$v: the $who does not see it on the profile");
			}
		}
	}
	# Public timelines carry public posts only, for everyone.
	for my $who (qw(anonymous author)) {
		my $local = $viewer{$who}->get('/public/local')->{content};
		my $tagged = $viewer{$who}->get("/tags/$tag")->{content};
		ok(shows($local, $id{public}), "the $who sees public on /public/local");
		ok(shows($tagged, $id{public}), "the $who sees public on the tag page");
		for my $v (qw(unlisted private direct)) {
			ok(!shows($local, $id{$v}),
			    "$v is not on /public/local (for the $who)");
			ok(!shows($tagged, $id{$v}),
			    "$v is not on the tag page (for the $who)");
		}
	}
	my $home = $follower->get('/home')->{content};
	for my $v (qw(public unlisted private)) {
		ok(shows($home, $id{$v}), "$v is on the follower's /home");
	}
	ok(!shows($home, $id{direct}), 'direct is not on the follower\'s /home');
	my $own = $author->get('/home')->{content};
	ok(shows($own, $id{$_}), "$_ is on the author's own /home")
	    for qw(public unlisted private direct);
	like(article($own, $id{private}), qr{<span class="visibility">private</span>},
	    'a private post is labelled');
	unlike(article($own, $id{public}), qr{class="visibility"},
	    'a public one is not');
};

# --- following ---------------------------------------------------------

sub count_on {
	my ($html, $what) = @_;
	return $1 if $html =~ m{<dd class="\Q$what\E-count">(\d+)</dd>};
	return undef;
}

subtest 'following from a profile fills /home; unfollowing empties it' => sub {
	my ($fan, $fan_name) = new_user(prefix => 'fan');
	my ($star, $star_name) = new_user(prefix => 'star');
	my $public = new_status($star, $star_name, status => 'star public');
	my $private = new_status($star, $star_name, status => 'star private',
	    visibility => 'private');

	my $profile = $fan->get("/\@$star_name");
	is_page($profile, 200, 'the profile');
	like($profile->{content},
	    qr{<form method="post" action="/\@\Q$star_name\E/follow">}s,
	    'has a follow button');
	is(count_on($profile->{content}, 'followers'), 0, 'no followers yet');
	ok(!shows($profile->{content}, $private), 'the private post is hidden');
	my $home = $fan->get('/home')->{content};
	ok(!shows($home, $public), 'the star is not on /home yet');

	my $res = $fan->post_form("/\@$star_name/follow", []);
	is_page($res, 403, 'following without a token');
	$res = $fan->post_form("/\@$star_name/follow",
	    [authenticity_token => csrf_from($profile->{content})]);
	is($res->{status}, 303, 'following answers 303');
	is($res->{headers}{location}, "/\@$star_name", 'back to the profile');

	$profile = $fan->get("/\@$star_name")->{content};
	like($profile, qr{action="/\@\Q$star_name\E/unfollow"},
	    'now the button unfollows');
	like($profile, qr{>Unfollow</button>}, 'and says so');
	is(count_on($profile, 'followers'), 1, 'one follower');
	is(count_on($fan->get("/\@$fan_name")->{content}, 'following'), 1,
	    'the fan follows one');
	ok(shows($profile, $private), 'the private post shows on the profile');
	$home = $fan->get('/home')->{content};
	ok(shows($home, $public), 'the public post is on /home');
	ok(shows($home, $private), 'the private post is on /home');

	$res = $fan->post_form("/\@$star_name/follow",
	    [authenticity_token => token_for($fan)]);
	is($res->{status}, 303, 'following again is harmless');
	is(count_on($fan->get("/\@$star_name")->{content}, 'followers'), 1,
	    'still one follower');

	$res = $fan->post_form("/\@$star_name/unfollow",
	    [authenticity_token => token_for($fan)]);
	is($res->{status}, 303, 'unfollowing answers 303');
	$profile = $fan->get("/\@$star_name")->{content};
	is(count_on($profile, 'followers'), 0, 'no followers again');
	is(count_on($fan->get("/\@$fan_name")->{content}, 'following'), 0,
	    'the fan follows nobody');
	like($profile, qr{>Follow</button>}, 'the button follows again');
	$home = $fan->get('/home')->{content};
	ok(!shows($home, $public), 'the public post left /home');
	ok(!shows($home, $private), 'the private post left /home');
	is($fan->get("/\@$star_name/$private")->{status}, 404,
	    'and the private post is closed again');
};

subtest 'one cannot follow oneself' => sub {
	my $profile = $alice->get("/\@$alice_name");
	is_page($profile, 200, 'one\'s own profile');
	unlike($profile->{content}, qr{/follow"|/unfollow"},
	    'has no follow button');
	my $res = $alice->post_form("/\@$alice_name/follow",
	    [authenticity_token => token_for($alice)]);
	is_page($res, 422, 'following oneself');
	like($res->{content}, qr/cannot follow yourself/, 'says so');
	is(count_on($alice->get("/\@$alice_name")->{content}, 'followers'), 0,
	    'no follower is added');
};

subtest 'following needs a session and an account that exists' => sub {
	my $res = $anon->post_form("/\@$alice_name/follow", []);
	is($res->{status}, 303, 'signed out, following asks to sign in');
	is($res->{headers}{location}, '/auth/sign_in', 'to the sign-in form');
	unlike($anon->get("/\@$alice_name")->{content}, qr{/follow"},
	    'anonymous visitors see no follow button');
	is_page($bob->post_form('/@nobody_by_this_name/follow',
	    [authenticity_token => token_for($bob)]), 404, 'an unknown account');
	is($bob->get("/\@$alice_name/follow")->{status}, 404,
	    'GET is no way to follow');
};

# --- profiles ----------------------------------------------------------

subtest 'profiles: 404 for unknown names, any case for known ones' => sub {
	my $res = $anon->get('/@nobody_by_this_name');
	is_page($res, 404, 'an unknown name');
	like($res->{content}, qr/no account by that name/, 'says so');
	my $upper = $anon->get('/@' . uc $alice_name);
	is_page($upper, 200, 'the name in upper case');
	like($upper->{content}, qr{\@\Q$alice_name\E\@}, 'is the same account');
	is($anon->get("/\@$alice_name\@" . domain())->{status}, 200,
	    'with this server\'s domain too');
	is_page($anon->get("/\@$alice_name\@elsewhere.example"), 404,
	    'an unknown remote account');
};

done_testing();
