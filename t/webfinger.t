# webfinger.t: how other servers find an account here. WebFinger answers
# acct:name@domain (any case, with or without "acct:"), and the URL of an
# actor or of a profile page, with a JRD whose aliases and links (the
# profile page, the actor as application/activity+json, the subscribe
# template) lead where Mastodon's do, and the instance actor by its
# domain; it refuses a missing or malformed resource (400) and an unknown
# account or another server's (404). host-meta points at it in XML and
# in JSON. /authorize_interaction, the subscribe template's target, opens
# what this server knows and says so for what it does not.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::ActivityPub;

my $base = base_url();
my $domain = domain();
my $anon = client();

my (undef, $name) = new_user(prefix => 'Finger');
my $actor = "$base/users/$name";
my $profile = "$base/\@$name";

sub finger {
	my ($resource, $headers) = @_;
	my $q = defined $resource ? '?resource=' . _escape($resource) : '';
	return $anon->get("/.well-known/webfinger$q", $headers);
}

sub _escape {
	my ($s) = @_;
	$s =~ s/([^A-Za-z0-9\-._~])/sprintf('%%%02X', ord $1)/ge;
	return $s;
}

sub jrd_ok {
	my ($res, $what) = @_;
	is($res->{status}, 200, "$what: 200") or
	    diag(substr($res->{content} // '', 0, 300));
	is($res->{headers}{'content-type'},
	    'application/jrd+json; charset=utf-8', '... as application/jrd+json');
	return json_of($res) || {};
}

sub link_of {
	my ($jrd, $rel) = @_;
	my @l = grep { ($_->{rel} // '') eq $rel } @{ $jrd->{links} || [] };
	return @l == 1 ? $l[0] : undef;
}

subtest 'an account by acct:' => sub {
	my $jrd = jrd_ok(finger("acct:$name\@$domain"), 'acct:name@domain');
	is($jrd->{subject}, "acct:$name\@$domain", 'subject');
	is_deeply($jrd->{aliases}, [$profile, $actor],
	    'aliases: the profile page and the actor');
	is_deeply(link_of($jrd, 'self'), { rel => 'self',
	    type => 'application/activity+json', href => $actor },
	    'self: the actor, as ActivityPub');
	is_deeply(link_of($jrd, 'http://webfinger.net/rel/profile-page'),
	    { rel => 'http://webfinger.net/rel/profile-page',
	      type => 'text/html', href => $profile },
	    'profile-page: the page, as HTML');
	is_deeply(link_of($jrd, 'http://ostatus.org/schema/1.0/subscribe'),
	    { rel => 'http://ostatus.org/schema/1.0/subscribe',
	      template => "$base/authorize_interaction?uri={uri}" },
	    'subscribe: the template');
	my $res = finger("acct:$name\@$domain");
	like($res->{headers}{'cache-control'} // '', qr/max-age=\d+/,
	    'peers may keep it');
	$res = finger("acct:$name\@$domain", { Origin => 'https://app.example' });
	is($res->{headers}{'access-control-allow-origin'}, '*',
	    'a web app may read it (CORS)');
	my $theirs = mastodon_fixture('webfinger-jrd-spec.json');
	ok($theirs, "Mastodon's JRD is at hand") or return;
	my @diff = same_shape($jrd, $theirs);
	ok(!@diff, "... and every member of it is here") or
	    diag(join("\n", @diff));
	# The self link is the actor a peer then fetches.
	my $a = ap_json(ap_get($anon, link_of($jrd, 'self')->{href}),
	    'the self link');
	is($a->{preferredUsername}, $name, '... is the account');
};

subtest 'the same account in every spelling' => sub {
	my $upper = uc $name;
	for my $r ("acct:$upper\@$domain", "ACCT:$name\@\U$domain",
	    "$name\@$domain", $actor, $profile, "$base/users/$upper",
	    $actor =~ s{\Ahttps?://}{https://}r,
	    $actor =~ s{\Ahttps?://}{http://}r) {
		my $jrd = jrd_ok(finger($r), $r);
		is($jrd->{subject}, "acct:$name\@$domain",
		    '... the account, its name as written');
	}
};

subtest 'the instance actor' => sub {
	for my $r ("acct:$domain\@$domain", "$base/actor") {
		my $jrd = jrd_ok(finger($r), $r);
		is($jrd->{subject}, "acct:$domain\@$domain", 'subject');
		is_deeply($jrd->{aliases}, ["$base/actor"], 'aliases');
		is((link_of($jrd, 'self') || {})->{href}, "$base/actor",
		    'self: /actor');
		ok(!link_of($jrd, 'http://ostatus.org/schema/1.0/subscribe'),
		    'nothing to follow');
	}
};

subtest 'malformed resources: 400' => sub {
	for my $case ([undef, 'no resource'], ['', 'an empty resource'],
	    [$name, 'a bare name'], ['acct:', 'acct: alone'],
	    ["acct:\@$domain", 'no name'], ["acct:$name\@", 'no domain'],
	    ["acct:$name", 'acct: without a domain'],
	    ["acct:a\@b\@$domain", 'two @'],
	    ["acct:$name $name\@$domain", 'a space'],
	    ['mailto:someone@example.com', 'another scheme'],
	    ['acct:' . ('a' x 1100) . "\@$domain", 'too long']) {
		my $res = finger($case->[0]);
		is($res->{status}, 400, "$case->[1]: 400");
		ok((json_of($res) || {})->{error}, '... with a reason');
	}
};

subtest 'unknown accounts and other servers: 404' => sub {
	my (undef, $pending) = new_user(prefix => 'waiting');
	psql(q{UPDATE users SET approved = false WHERE account_id =
	    (SELECT id FROM accounts WHERE username = :'1')}, $pending);
	my $remote = unique_name('known');
	psql(q{INSERT INTO accounts (username, domain, uri)
	    VALUES (:'1', 'other.example', 'https://other.example/u/' || :'1')},
	    $remote);
	for my $case (["acct:nobody_at_all_here\@$domain", 'an unknown name'],
	    ["acct:$name\@other.example", 'another domain'],
	    ["acct:$remote\@other.example", 'a remote account we know'],
	    ["acct:$name\@$domain.evil", 'a longer domain'],
	    ["acct:bad!name\@$domain", 'a name that cannot be'],
	    ["acct:$pending\@$domain", 'an account waiting for approval'],
	    ["https://other.example/users/$name", 'another host'],
	    ["$base/about", 'a page that is no account'],
	    ["$base/users/$name/outbox", 'a collection'],
	    ["$base/users/$name#main-key", 'a key id'],
	    ["$base/\@$name/123", 'a status page'],
	    ["$base/users/nobody_at_all_here", 'the URL of nobody']) {
		my $res = finger($case->[0]);
		is($res->{status}, 404, "$case->[1]: 404");
		is_deeply(json_of($res), { error => 'Record not found' },
		    '... with a reason');
	}
};

subtest 'a suspended account is still found (its actor says the rest)' => sub {
	my (undef, $banned) = new_user(prefix => 'banned');
	my ($code) = woollyctl('account', 'suspend', $banned);
	is($code, 0, 'suspended');
	my $jrd = jrd_ok(finger("acct:$banned\@$domain"), 'its WebFinger');
	is($jrd->{subject}, "acct:$banned\@$domain", '... the account');
};

subtest 'host-meta' => sub {
	my $res = $anon->get('/.well-known/host-meta');
	is($res->{status}, 200, 'host-meta: 200');
	is($res->{headers}{'content-type'},
	    'application/xrd+xml; charset=utf-8', '... as XRD');
	is($res->{content}, qq{<?xml version="1.0" encoding="UTF-8"?>\n}
	    . qq{<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n}
	    . qq{  <Link rel="lrdd" template="$base/.well-known/webfinger}
	    . qq{?resource={uri}"/>\n</XRD>\n},
	    '... an XRD with the lrdd template');
	$res = $anon->get('/.well-known/host-meta.json');
	is($res->{status}, 200, 'host-meta.json: 200');
	like($res->{headers}{'content-type'}, qr{\Aapplication/json},
	    '... as JSON');
	is_deeply(json_of($res), { links => [{ rel => 'lrdd',
	    template => "$base/.well-known/webfinger?resource={uri}" }] },
	    '... the same template');
	# Follow the template as a peer does.
	(my $url = "$base/.well-known/webfinger?resource={uri}") =~
	    s/\{uri\}/_escape("acct:$name\@$domain")/e;
	is((json_of($anon->get($url)) || {})->{subject},
	    "acct:$name\@$domain", 'the template leads to the account');
};

subtest '/authorize_interaction' => sub {
	my ($web, $author) = new_user(prefix => 'author');
	my $status = post_status_id($web, $author, status => 'interact');
	my $private = post_status_id($web, $author, status => 'secret',
	    visibility => 'private');
	my @local = (
	    ["$base/users/$author", "/\@$author", 'an actor'],
	    ["$base/\@$author", "/\@$author", 'a profile page'],
	    ["acct:$author\@$domain", "/\@$author", 'acct:name@domain'],
	    ["\@$author\@$domain", "/\@$author", '@name@domain'],
	    ["$base/users/$author/statuses/$status",
	     "/\@$author/$status", 'a status\' id'],
	    ["$base/\@$author/$status", "/\@$author/$status",
	     'a status\' page'],
	);
	for my $case (@local) {
		my $res = $anon->get('/authorize_interaction?uri=' .
		    _escape($case->[0]));
		is($res->{status}, 303, "$case->[2]: a redirect");
		is($res->{headers}{location}, $case->[1], '... to its page');
	}
	for my $uri ("$base/users/$author/statuses/$private",
	    'https://far.example/notes/<script>alert(1)</script>',
	    'acct:someone@far.example') {
		my $res = $anon->get('/authorize_interaction?uri=' .
		    _escape($uri));
		is($res->{status}, 200, "$uri: a page");
		like($res->{headers}{'content-type'}, qr{\Atext/html},
		    '... of HTML');
		like($res->{content}, qr/Sign in<\/a> to look it up/,
		    '... asking a stranger to sign in to look it up');
		unlike($res->{content}, qr/<script>/, '... escaping the address');
		my $shown = $uri =~ s/&/&amp;/gr =~ s/</&lt;/gr =~ s/>/&gt;/gr;
		like($res->{content}, qr/\Q$shown\E/, '... showing it');
	}
	my $res = $anon->get('/authorize_interaction');
	is($res->{status}, 400, 'no uri: 400');
	$res = $anon->get('/authorize_interaction?uri=');
	is($res->{status}, 400, 'an empty uri: 400');
	$res = $anon->get('/authorize_interaction?uri=' . ('x' x 2100));
	is($res->{status}, 400, 'too long a uri: 400');
};

done_testing();
