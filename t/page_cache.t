# page_cache.t: signed-out pages and API answers are served from memcached
# while nothing changes, and are fresh on the first load after anything
# does; signed-in requests are never cached.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $anon = client();

sub cache_state {
	my ($res) = @_;
	return $res->{headers}{'x-cache'} // 'none';
}

sub post_status {
	my ($c, $text) = @_;
	my $token = csrf_from($c->get('/home')->{content});
	return $c->post_form('/statuses', { status => $text,
	    visibility => 'public', authenticity_token => $token });
}

my ($alice, $name) = new_user(prefix => 'cache');
is(post_status($alice, 'first words')->{status}, 303, 'alice posts');

subtest 'a second signed-out load is a cache hit' => sub {
	for my $path ('/public/local', "/\@$name", '/api/v1/timelines/public',
	    '/api/v1/instance') {
		my $first = $anon->get($path);
		is($first->{status}, 200, "$path: 200");
		my $second = $anon->get($path);
		is(cache_state($second), 'HIT', "$path: the second load is a hit");
		is($second->{content}, $first->{content},
		    "$path: with the same body");
		is($second->{headers}{'content-type'},
		    $first->{headers}{'content-type'}, "$path: and content type");
	}
	my $api = $anon->get('/api/v1/timelines/public');
	ok(defined $api->{headers}{link}, 'a cached API answer keeps its Link header');
};

subtest 'the first load after a change is fresh' => sub {
	$anon->get('/public/local');
	is(cache_state($anon->get('/public/local')), 'HIT', 'cached');
	my $text = 'fresh ' . unique_name('w');
	is(post_status($alice, $text)->{status}, 303, 'a new post');
	my $res = $anon->get('/public/local');
	isnt(cache_state($res), 'HIT', 'the next load is rendered again');
	like($res->{content}, qr/\Q$text\E/, 'and shows the new post');
	like(json_of($anon->get('/api/v1/timelines/public'))->[0]{content},
	    qr/\Q$text\E/, 'so does the API');

	my ($bob, $bob_name) = new_user(prefix => 'cachef');
	my $before = $anon->get("/\@$name")->{content};
	my ($followers) = $before =~ /followers-count">(\d+)</;
	my $token = csrf_from($bob->get("/\@$name")->{content});
	is($bob->post_form("/\@$name/follow",
	    { authenticity_token => $token })->{status}, 303, 'bob follows');
	my ($now) = $anon->get("/\@$name")->{content} =~ /followers-count">(\d+)</;
	is($now, $followers + 1, 'the profile shows the new follower at once');
};

subtest 'signed-in requests are never cached' => sub {
	$alice->get('/public/local');
	my $res = $alice->get('/public/local');
	is($res->{status}, 200, 'signed in: 200');
	is(cache_state($res), 'none', 'not served from or stored in the cache');
	like($res->{content}, qr/Sign out/, 'the page is the signed-in one');
	unlike($anon->get('/public/local')->{content}, qr/Sign out/,
	    'and a signed-out visitor never gets it');
};

subtest 'pages that set cookies are not cached' => sub {
	my $c = client();
	my $res = $c->get('/auth/sign_in');
	ok(defined $c->cookie('_woolly_csrf'), 'the sign-in page sets a cookie');
	is(cache_state($c->get('/auth/sign_in')), 'none',
	    'and is never cached');
};

done_testing();
