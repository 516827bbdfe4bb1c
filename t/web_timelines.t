# web_timelines.t: the HTML timelines page through their posts 20 at a
# time, newest first, with "Older" and "Newer" links; they take limit and
# refuse cursors that are not ids; and they follow Mastodon's rules for
# which replies they carry.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

use constant PAGE => 20;	# posts per web page
use constant POSTS => 25;

# --- helpers -----------------------------------------------------------

sub post_status {
	my ($c, %f) = @_;
	my %all = (visibility => 'public',
	    authenticity_token => csrf_from($c->get('/home')->{content}), %f);
	return $c->post_form('/statuses', [ map { ($_ => $all{$_}) }
	    grep { defined $all{$_} } sort keys %all ]);
}

sub new_status {
	my ($c, $name, %f) = @_;
	my $res = post_status($c, %f);
	die "posting failed: $res->{status} " .
	    substr($res->{content} // '', 0, 300) . "\n"
	    unless $res->{status} == 303;
	return last_status_id($name);
}

sub ids_on {
	my ($html) = @_;
	return [ ($html // '') =~ /<article class="status[^"]*" id="status-(\d+)"/g ];
}

sub shows {
	my ($html, $id) = @_;
	return scalar grep { $_ eq $id } @{ ids_on($html) };
}

# The href of the pagination link with this rel ("next" is Older,
# "prev" is Newer), unescaped; undef when there is none.
sub page_link {
	my ($html, $rel) = @_;
	my ($nav) = ($html // '') =~ m{<nav class="pagination"[^>]*>(.*?)</nav>}s;
	return undef unless defined $nav;
	return undef unless $nav =~ m{<a rel="\Q$rel\E" href="([^"]*)">([^<]*)</a>};
	my ($href, $label) = ($1, $2);
	$href =~ s/&amp;/&/g;
	return wantarray ? ($href, $label) : $href;
}

sub strictly_descending {
	my ($ids) = @_;
	for my $i (1 .. $#$ids) {
		return 0 unless $ids->[$i] < $ids->[$i - 1];
	}
	return 1;
}

sub query_of {
	my ($href) = @_;
	my ($q) = $href =~ /\?(.*)\z/ or return {};
	return { map { split /=/, $_, 2 } split /&/, $q };
}

# --- the posts ---------------------------------------------------------

my ($writer, $writer_name) = new_user(prefix => 'pager');
my ($reader, $reader_name) = new_user(prefix => 'reader');
my $tag = 'pages' . substr(unique_name('t'), 2);
$tag =~ s/_//g;

my @ids;	# oldest first
for my $i (1 .. POSTS) {
	push @ids, new_status($writer, $writer_name,
	    status => "Post number $i of " . POSTS . " #$tag");
}
my @newest_first = reverse @ids;
is(scalar(@ids), POSTS, POSTS . ' posts written');

is($reader->post_form("/\@$writer_name/follow",
    [authenticity_token => csrf_from($reader->get('/home')->{content})])
    ->{status}, 303, 'the reader follows the writer');

my %timelines = (
	'/home' => $reader,
	"/\@$writer_name" => client(),
	"/tags/$tag" => client(),
);

# --- paging ------------------------------------------------------------

for my $path (sort keys %timelines) {
	my $c = $timelines{$path};
	subtest "$path pages through " . POSTS . ' posts' => sub {
		my $first = $c->get($path);
		is($first->{status}, 200, "GET $path");
		my $page1 = ids_on($first->{content});
		is_deeply($page1, [ @newest_first[0 .. PAGE - 1] ],
		    'the first page has the newest ' . PAGE . ', newest first');
		is(page_link($first->{content}, 'prev'), undef,
		    'no Newer link on the first page');
		my ($older, $label) = page_link($first->{content}, 'next');
		ok($older, 'an Older link (rel="next")') or return;
		like($label, qr/\AOlder\b/, 'labelled Older');
		like($older, qr{\A\Q$path\E\?max_id=\d+\z},
		    'to the same page with max_id');
		is(query_of($older)->{max_id}, $newest_first[PAGE - 1],
		    'max_id is the last post shown');

		my $second = $c->get($older);
		is($second->{status}, 200, 'GET the older page');
		my $page2 = ids_on($second->{content});
		is_deeply($page2, [ @newest_first[PAGE .. POSTS - 1] ],
		    'it has the remaining ' . (POSTS - PAGE));
		my %seen;
		$seen{$_}++ for @$page1, @$page2;
		is(scalar(grep { $_ > 1 } values %seen), 0, 'no duplicates');
		is(scalar keys %seen, POSTS, 'and none missing');
		is(page_link($second->{content}, 'next'), undef,
		    'no Older link on a page that is not full');
		my ($newer, $nlabel) = page_link($second->{content}, 'prev');
		ok($newer, 'a Newer link (rel="prev")') or return;
		like($nlabel, qr/Newer/, 'labelled Newer');
		is(query_of($newer)->{min_id}, $newest_first[PAGE],
		    'min_id is the first post shown');
		my $back = $c->get($newer);
		is($back->{status}, 200, 'GET the newer page');
		is_deeply(ids_on($back->{content}), $page1,
		    'it is the first page again, newest first');
	};
}

subtest '/public/local pages through the newest posts' => sub {
	# Other test files post too: the writer's posts are the newest ones
	# here, and older pages go on with everybody else's.
	my $c = client();
	my $first = $c->get('/public/local');
	is($first->{status}, 200, 'GET /public/local');
	my $page1 = ids_on($first->{content});
	is_deeply($page1, [ @newest_first[0 .. PAGE - 1] ],
	    'the first page has the newest ' . PAGE . ', newest first');
	my $older = page_link($first->{content}, 'next');
	ok($older, 'an Older link') or return;
	my $last_shown = $newest_first[PAGE - 1];
	is($older, "/public/local?max_id=$last_shown",
	    'with max_id of the last post shown');
	my $second = $c->get($older);
	my $page2 = ids_on($second->{content});
	is_deeply([ @$page2[0 .. POSTS - PAGE - 1] ],
	    [ @newest_first[PAGE .. POSTS - 1] ],
	    'the older page starts with the remaining ' . (POSTS - PAGE));
	ok(strictly_descending([ @$page1, @$page2 ]),
	    'newest first across both pages, no duplicates');
	ok(@$page2 <= PAGE, 'at most a page');
	is(!!page_link($second->{content}, 'next'), @$page2 == PAGE,
	    'an Older link exactly when the page is full');
	ok(page_link($second->{content}, 'prev'), 'a Newer link');
};

subtest 'limit sets the page size and is kept in the links' => sub {
	for my $path ('/public/local', sort keys %timelines) {
		my $c = $timelines{$path} // client();
		my $res = $c->get("$path?limit=5");
		is($res->{status}, 200, "GET $path?limit=5");
		is_deeply(ids_on($res->{content}), [ @newest_first[0 .. 4] ],
		    'the newest five');
		my $older = page_link($res->{content}, 'next');
		is_deeply(query_of($older // ''),
		    { limit => 5, max_id => $newest_first[4] },
		    'the Older link keeps limit=5');
		my $next = $c->get($older // "$path?limit=5");
		is_deeply(ids_on($next->{content}), [ @newest_first[5 .. 9] ],
		    'and leads to the next five');
		like(page_link($next->{content}, 'prev') // '', qr/\blimit=5\b/,
		    'the Newer link keeps it too');
	}
	my $big = client()->get("/\@$writer_name?limit=1000");
	is($big->{status}, 200, 'a limit over the maximum is not an error');
	is(scalar @{ ids_on($big->{content}) }, POSTS, 'it is clamped');
};

subtest 'cursors and limits that are not numbers are refused with 400' => sub {
	for my $path ('/public/local', sort keys %timelines) {
		my $c = $timelines{$path} // client();
		for my $q ('max_id=garbage', 'min_id=12abc', 'since_id=-5',
		    'max_id=99999999999999999999', 'limit=abc', 'limit=0',
		    'limit=-3') {
			my $res = $c->get("$path?$q");
			is($res->{status}, 400, "$path?$q is 400");
			like($res->{headers}{'content-type'} // '', qr{\Atext/html},
			    'an HTML error page');
		}
		is($c->get("$path?max_id=")->{status}, 200,
		    "$path?max_id= (empty) is as if absent");
	}
};

subtest 'paging past the end gives an empty page with no Older link' => sub {
	my $res = client()->get("/\@$writer_name?max_id=$ids[0]");
	is($res->{status}, 200, 'older than the oldest post');
	is_deeply(ids_on($res->{content}), [], 'nothing');
	like($res->{content}, qr/class="empty"/, 'says there is nothing');
	is(page_link($res->{content}, 'next'), undef, 'no Older link');
	ok(page_link($res->{content}, 'prev'), 'a Newer link back');
};

# --- which replies go where ----------------------------------------------

subtest 'the local timeline has self-replies but not replies to others' => sub {
	my ($ann, $ann_name) = new_user(prefix => 'ann');
	my ($ben, $ben_name) = new_user(prefix => 'ben');
	my $top = new_status($ann, $ann_name, status => 'A thread starts');
	my $self = new_status($ann, $ann_name, status => 'and it goes on',
	    in_reply_to_id => $top);
	my $other = new_status($ben, $ben_name, status => "\@$ann_name nice",
	    in_reply_to_id => $top);
	my $local = client()->get('/public/local?limit=40')->{content};
	ok(shows($local, $top), 'the first post is there');
	ok(shows($local, $self), 'a reply to oneself is there');
	ok(!shows($local, $other), 'a reply to someone else is not');
	ok(shows(client()->get("/\@$ben_name")->{content}, $other),
	    'the reply is on its author\'s profile');
	ok(shows(client()->get("/\@$ann_name/$top")->{content}, $other),
	    'and in the thread');
};

subtest '/home has replies only to people one follows' => sub {
	my ($fan, $fan_name) = new_user(prefix => 'hfan');
	my ($friend, $friend_name) = new_user(prefix => 'hfriend');
	my ($stranger, $stranger_name) = new_user(prefix => 'hstranger');
	is($fan->post_form("/\@$friend_name/follow",
	    [authenticity_token => csrf_from($fan->get('/home')->{content})])
	    ->{status}, 303, 'the fan follows the friend');
	my $fan_post = new_status($fan, $fan_name, status => 'fan speaks');
	my $stranger_post = new_status($stranger, $stranger_name,
	    status => 'stranger speaks');
	my $friend_top = new_status($friend, $friend_name, status => 'top');
	my $to_self = new_status($friend, $friend_name, status => 'more',
	    in_reply_to_id => $friend_top);
	my $to_fan = new_status($friend, $friend_name,
	    status => "\@$fan_name hi", in_reply_to_id => $fan_post);
	my $to_stranger = new_status($friend, $friend_name,
	    status => "\@$stranger_name hi", in_reply_to_id => $stranger_post);
	my $home = $fan->get('/home')->{content};
	ok(shows($home, $friend_top), 'the friend\'s post');
	ok(shows($home, $to_self), 'the friend\'s reply to themselves');
	ok(shows($home, $to_fan), 'the friend\'s reply to the fan');
	ok(shows($home, $fan_post), 'the fan\'s own post');
	ok(!shows($home, $to_stranger),
	    'not the friend\'s reply to someone the fan does not follow');
	ok(!shows($home, $stranger_post), 'nor the stranger\'s post');
};

subtest '/home merges several authors in order, page after page' => sub {
	my ($me, $me_name) = new_user(prefix => 'merger');
	my @authors = map { [ new_user(prefix => "auth$_") ] } 1 .. 3;
	for my $a (@authors) {
		is($me->post_form("/\@$a->[1]/follow", [authenticity_token =>
		    csrf_from($me->get('/home')->{content})])->{status}, 303,
		    "following $a->[1]");
	}
	# 27 posts, round-robin over the three authors and me, so every
	# page boundary falls between different authors.
	my @posted;
	for my $i (1 .. 27) {
		my ($c, $name) = $i % 4 == 0 ? ($me, $me_name) :
		    @{ $authors[$i % 3] }[0, 1];
		push @posted, new_status($c, $name, status => "merged $i");
	}
	my @want = reverse @posted;
	my $first = $me->get('/home');
	my $page1 = ids_on($first->{content});
	is_deeply($page1, [ @want[0 .. PAGE - 1] ],
	    'the first page: the newest ' . PAGE . ' of all four, in order');
	my ($older) = page_link($first->{content}, 'next');
	ok($older, 'with an Older link') or return;
	my $page2 = ids_on($me->get($older)->{content});
	is_deeply([ @$page2[0 .. 27 - PAGE - 1] ], [ @want[PAGE .. 26] ],
	    'the next page goes on where it stopped');
	my ($newer) = page_link($me->get($older)->{content}, 'prev');
	is_deeply(ids_on($me->get($newer)->{content}), $page1,
	    'and its Newer link (min_id) gives the first page back');
};

done_testing();
