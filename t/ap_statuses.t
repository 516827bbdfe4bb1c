# ap_statuses.t: a status as other servers fetch it. Its id and its page
# answer the Note to an ActivityPub Accept (HTML or a redirect to a
# browser, with Vary: Accept); the Note carries every member Mastodon's
# parser reads (compared with a Note Mastodon published), its audience by
# visibility, its mentions and hashtags, its content warning, language,
# edit time and parent, and a replies collection that pages. ID/activity
# is its Create, or a boost's Announce. Followers-only and direct
# statuses are never served, to anyone, in any way; a deleted one is a
# 410 with its Tombstone.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::ActivityPub;

my $base = base_url();
my $domain = domain();
my $anon = client();

my ($alice, $alice_name, $alice_web) = api_user(prefix => 'noter');
my ($bob, $bob_name) = api_user(prefix => 'mentioned');
my $alice_uri = "$base/users/$alice_name";
my $bob_uri = "$base/users/$bob_name";
my $followers = "$alice_uri/followers";

# Post through the API; the new status' id.
sub post {
	my ($client, %f) = @_;
	my $res = $client->post_json('/api/v1/statuses', \%f);
	die "posting answered $res->{status}: $res->{content}\n"
	    unless $res->{status} == 200;
	return json_of($res)->{id};
}

my $tag = 'wool' . ($$ % 100000);
my $public = post($alice, status => "Hello \@$bob_name, this is #$tag",
    spoiler_text => 'a greeting', language => 'en', sensitive => 'true');
my $public_uri = "$alice_uri/statuses/$public";

subtest 'content negotiation at the id and at the page' => sub {
	for my $path ("/users/$alice_name/statuses/$public",
	    "/\@$alice_name/$public") {
		for my $accept (AP_ACCEPTS) {
			my $res = ap_get($anon, $path, accept => $accept);
			my $note = ap_json($res, "$path with $accept");
			is($note->{id}, $public_uri, '... the Note');
			ok(vary_has($res, 'Accept'), '... Vary: Accept');
		}
	}
	my $res = $anon->get("/\@$alice_name/$public",
	    { Accept => BROWSER_ACCEPT });
	is($res->{status}, 200, 'a browser at the page: 200');
	like($res->{headers}{'content-type'}, qr{\Atext/html}, '... HTML');
	ok(vary_has($res, 'Accept'), '... Vary: Accept');
	for my $accept (BROWSER_ACCEPT, '*/*', undef) {
		$res = $anon->get("/users/$alice_name/statuses/$public",
		    defined $accept ? { Accept => $accept } : {});
		is($res->{status}, 303, 'a browser at the id ('
		    . ($accept // 'no Accept') . '): a redirect');
		is($res->{headers}{location}, "/\@$alice_name/$public",
		    '... to the page');
		ok(vary_has($res, 'Accept'), '... Vary: Accept');
	}
};

my $note = ap_json(ap_get($anon, "/users/$alice_name/statuses/$public"),
    'the Note');

subtest 'every member of a Note, of the right shape' => sub {
	my $ctx = $note->{'@context'};
	is(ref $ctx, 'ARRAY', '@context is a list');
	is($ctx->[0], 'https://www.w3.org/ns/activitystreams',
	    '... ActivityStreams first');
	my ($terms) = grep { ref eq 'HASH' } @$ctx;
	is($terms->{sensitive}, 'as:sensitive', '... defining sensitive');
	is($terms->{Hashtag}, 'as:Hashtag', '... and Hashtag');
	is($note->{type}, 'Note', 'type Note');
	is($note->{summary}, 'a greeting', 'summary: the content warning');
	ok(exists $note->{inReplyTo} && !defined $note->{inReplyTo},
	    'inReplyTo: null for a new thread');
	like($note->{published}, qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\z/,
	    'published: seconds, no fraction (as Mastodon writes it)');
	my ($made) = psql(q{SELECT to_char(created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM statuses WHERE id = :'1'},
	    $public);
	is($note->{published}, $made, '... when it was posted');
	is($note->{url}, "$base/\@$alice_name/$public", 'url: its page');
	is($note->{attributedTo}, $alice_uri, 'attributedTo: the author');
	is_deeply($note->{to}, [AS_PUBLIC], 'public: to everyone');
	is_deeply($note->{cc}, [$followers, $bob_uri],
	    '... copied to the followers and the mentioned');
	ok($note->{sensitive} && json_type($note->{sensitive}) eq 'boolean',
	    'sensitive: true');
	like($note->{content}, qr{\A<p>Hello .*</p>\z}s, 'content: the HTML');
	like($note->{content}, qr{href="[^"]*/\@\Q$bob_name\E"},
	    '... linking the mention');
	is_deeply($note->{contentMap}, { en => $note->{content} },
	    'contentMap: the content under its language');
	ok(!exists $note->{updated}, 'no updated before an edit');
	is_deeply($note->{attachment}, [], 'attachment: a list');
	is_deeply($note->{tag}, [
	    { type => 'Mention', href => $bob_uri,
	      name => "\@$bob_name\@$domain" },
	    { type => 'Hashtag', href => "$base/tags/$tag", name => "#$tag" },
	], 'tag: the Mention (by actor id) and the Hashtag');
	is_deeply($note->{replies}, { id => "$public_uri/replies",
	    type => 'Collection', first => "$public_uri/replies?page=true" },
	    'replies: a collection with its first page');
};

subtest 'the Note has what Mastodon\'s parser reads' => sub {
	my $theirs = mastodon_fixture('note.json');
	ok($theirs, 'the Note Mastodon published is at hand') or return;
	my @diff = same_shape($note, $theirs, skip => [qw(atomUri
	    inReplyToAtomUri conversation)], nullable => ['inReplyTo']);
	ok(!@diff, 'every member of it is here, of the same type') or
	    diag(join("\n", @diff));
	# What Mastodon checks before it keeps a Note.
	my ($id_host) = $note->{id} =~ m{\A\w+://([^/]+)/};
	my ($actor_host) = $note->{attributedTo} =~ m{\A\w+://([^/]+)/};
	is($id_host, $actor_host, 'the id is on the author\'s host');
	my $author = json_of(ap_get($anon, $note->{attributedTo})) || {};
	is($author->{id}, $note->{attributedTo},
	    'attributedTo is a fetchable actor');
	my ($mention) = grep { $_->{type} eq 'Mention' } @{ $note->{tag} };
	is((json_of(ap_get($anon, $mention->{href})) || {})->{id},
	    $mention->{href}, 'a Mention\'s href is a fetchable actor');
};

subtest 'audience by visibility' => sub {
	my $unlisted = post($alice, status => "quiet, \@$bob_name",
	    visibility => 'unlisted');
	my $n = ap_json(ap_get($anon, "/users/$alice_name/statuses/$unlisted"),
	    'an unlisted Note');
	is_deeply($n->{to}, [$followers], '... to the followers');
	is_deeply($n->{cc}, [AS_PUBLIC, $bob_uri],
	    '... copied to everyone and the mentioned');
	ok(!exists $n->{contentMap} || ref $n->{contentMap} eq 'HASH',
	    '... a contentMap only as an object');
};

subtest 'followers-only and direct statuses are never served' => sub {
	my $private = post($alice, status => "for followers, \@$bob_name",
	    visibility => 'private');
	my $direct = post($alice, status => "\@$bob_name just us",
	    visibility => 'direct');
	my $signed_in = $alice_web;	# the author's own session
	for my $id ($private, $direct) {
		for my $path ("/users/$alice_name/statuses/$id",
		    "/\@$alice_name/$id",
		    "/users/$alice_name/statuses/$id/activity",
		    "/users/$alice_name/statuses/$id/replies",
		    "/users/$alice_name/statuses/$id/replies?page=true") {
			for my $who (['anonymous', $anon, {}],
			    ['the author signed in', $signed_in, {}],
			    ['with a token', $bob, {}],
			    ['a signed fetch', $anon, { Signature =>
			      'keyId="https://x.example/a#k",signature="AA"' }]) {
				my $res = ap_get($who->[1], $path,
				    headers => $who->[2]);
				is($res->{status}, 404, "$path, $who->[0]: 404");
				unlike($res->{content}, qr/followers|just us/,
				    '... telling nothing of it');
			}
		}
		delete_status($alice_web, $alice_name, $id);
		is(ap_get($anon, "/users/$alice_name/statuses/$id")->{status},
		    404, '... nor its deletion (no 410 telling it existed)');
	}
	my $outbox = json_of(ap_get($anon, "/users/$alice_name/outbox?page=true"));
	my @ids = map { ref $_->{object} ? $_->{object}{id} : () }
	    @{ ($outbox || {})->{orderedItems} || [] };
	ok(!grep({ m{/statuses/(?:$private|$direct)\z} } @ids),
	    'nor in the outbox');
};

subtest 'a reply names its parent, an edit its time' => sub {
	my $reply = post($bob, status => "\@$alice_name yes!",
	    in_reply_to_id => $public);
	my $n = ap_json(ap_get($anon, "/users/$bob_name/statuses/$reply"),
	    'a reply');
	is($n->{inReplyTo}, $public_uri, 'inReplyTo: the parent\'s id');
	is($n->{attributedTo}, $bob_uri, '... by its own author');
	# A reply whose parent we only know by its id.
	psql(q{UPDATE statuses SET in_reply_to_id = NULL,
	    in_reply_to_uri = 'https://far.example/notes/1' WHERE id = :'1'},
	    $reply);
	$n = ap_json(ap_get($anon, "/users/$bob_name/statuses/$reply"),
	    'a reply to a status not here');
	is($n->{inReplyTo}, 'https://far.example/notes/1',
	    'inReplyTo: the id it named');
	my $res = $alice->put_json("/api/v1/statuses/$public",
	    { status => "Hello again \@$bob_name #$tag",
	      spoiler_text => 'a greeting', language => 'en' });
	is($res->{status}, 200, 'an edit') or diag($res->{content});
	$n = ap_json(ap_get($anon, "/users/$alice_name/statuses/$public"),
	    'the edited Note');
	like($n->{updated}, qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\z/,
	    'updated: when it was edited');
	my ($edited) = psql(q{SELECT to_char(edited_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM statuses WHERE id = :'1'},
	    $public);
	is($n->{updated}, $edited, '... that time');
	like($n->{content}, qr/Hello again/, 'content: the new text');
	is($n->{published}, $note->{published}, 'published: unchanged');
};

subtest 'ID/activity: the Create, or a boost\'s Announce' => sub {
	my $c = ap_json(ap_get($anon,
	    "/users/$alice_name/statuses/$public/activity"), 'the activity');
	is($c->{id}, "$public_uri/activity", 'id: <note>/activity');
	is($c->{type}, 'Create', 'a Create');
	is($c->{actor}, $alice_uri, 'by the author');
	is($c->{published}, $note->{published}, 'published with the Note');
	is_deeply($c->{to}, [AS_PUBLIC], 'to everyone');
	is_deeply($c->{cc}, [$followers, $bob_uri], 'cc as the Note');
	is($c->{object}{id}, $public_uri, 'object: the Note itself');
	is($c->{object}{type}, 'Note', '... inline');
	ok(!exists $c->{object}{'@context'}, '... without a context of its own');
	my $theirs = mastodon_fixture('create-note.json');
	ok($theirs, "Mastodon's Create is at hand") or return;
	my @diff = same_shape($c, $theirs);
	ok(!@diff, '... every member of it is here') or diag(join("\n", @diff));

	my $bobs = post($bob, status => 'boost me');
	my $res = $alice->post_json("/api/v1/statuses/$bobs/reblog", {});
	is($res->{status}, 200, 'alice boosts a post of bob\'s');
	my $boost = (json_of($res) || {})->{id};
	my $a = ap_json(ap_get($anon,
	    "/users/$alice_name/statuses/$boost/activity"), 'the boost');
	is($a->{type}, 'Announce', 'an Announce');
	is($a->{id}, "$alice_uri/statuses/$boost/activity",
	    'id: the boost\'s own');
	is($a->{actor}, $alice_uri, 'by the booster');
	is($a->{object}, "$bob_uri/statuses/$bobs", 'of the original\'s id');
	is_deeply($a->{to}, [AS_PUBLIC], 'to everyone');
	is_deeply($a->{cc}, [$bob_uri, $followers],
	    'cc: the original\'s author and the booster\'s followers');
	$theirs = mastodon_fixture('announce.json');
	ok($theirs, "Mastodon's Announce is at hand") or return;
	@diff = same_shape($a, $theirs, skip => [qw(atomUri signature)]);
	ok(!@diff, '... every member of it is here') or diag(join("\n", @diff));
	is(ap_get($anon, "/users/$alice_name/statuses/$boost")->{status}, 404,
	    'a boost is no Note: 404 at /statuses/ID');
	is(ap_get($anon, "/users/$bob_name/statuses/$public")->{status}, 404,
	    'a status under another account\'s name: 404');
	is(ap_get($anon, "/users/$alice_name/statuses/12x")->{status}, 404,
	    'a malformed id: 404');
};

subtest 'a deleted status is gone, with its Tombstone' => sub {
	my $gone = post($alice, status => 'soon gone');
	my $uri = "$alice_uri/statuses/$gone";
	ap_json(ap_get($anon, "/users/$alice_name/statuses/$gone"),
	    'before');
	my $res = delete_status($alice_web, $alice_name, $gone);
	is($res->{status}, 303, 'deleted through the web');
	$res = ap_get($anon, "/users/$alice_name/statuses/$gone");
	is($res->{status}, 410, 'the Note: 410 Gone');
	is($res->{headers}{'content-type'}, AP_CONTENT_TYPE,
	    '... as ActivityPub');
	is_deeply({ %{ json_of($res) || {} }, '@context' => undef },
	    { '@context' => undef, id => $uri, type => 'Tombstone' },
	    '... a Tombstone of its id');
	$res = ap_get($anon, "/users/$alice_name/statuses/$gone/activity");
	is($res->{status}, 410, 'its activity: 410');
	is((json_of($res) || {})->{id}, "$uri/activity", '... its Tombstone');
	is(ap_get($anon, "/users/$alice_name/statuses/$gone/replies")
	    ->{status}, 404, 'its replies: 404');
};

subtest 'the replies collection pages' => sub {
	my $thread = post($alice, status => 'Tell me your favourite wool');
	my $uri = "$alice_uri/statuses/$thread";
	my @replies;
	for my $i (1 .. 22) {
		my $who = $i % 2 ? $bob : $alice;
		my $name = $i % 2 ? $bob_name : $alice_name;
		push @replies, "$base/users/$name/statuses/" . post($who,
		    status => "reply $i", in_reply_to_id => $thread,
		    visibility => $i == 5 ? 'unlisted' : 'public');
	}
	post($bob, status => 'secret reply', in_reply_to_id => $thread,
	    visibility => 'private');
	my $c = ap_json(ap_get($anon, "/users/$alice_name/statuses/$thread/"
	    . 'replies'), 'the collection');
	is($c->{id}, "$uri/replies", 'id');
	is($c->{type}, 'Collection', 'a Collection');
	is($c->{first}, "$uri/replies?page=true", 'first page');
	my (@seen, $next, $pages);
	$next = $c->{first};
	while ($next && ++$pages <= 5) {
		my $p = ap_json(ap_get($anon, $next), "page $pages");
		is($p->{type}, 'CollectionPage', '... a CollectionPage');
		is($p->{partOf}, "$uri/replies", '... of the collection');
		is($p->{id}, $next, '... named by its URL');
		push @seen, @{ $p->{items} || [] };
		$next = $p->{next};
	}
	is($pages, 2, 'two pages of at most 20');
	is_deeply(\@seen, \@replies,
	    'every reply anyone may read, oldest first, each once');
	is(ap_get($anon, "/users/$alice_name/statuses/$thread/replies"
	    . '?page=maybe')->{status}, 400, 'page=maybe: 400');
	is(ap_get($anon, "/users/$alice_name/statuses/$thread/replies"
	    . '?page=true&min_id=x')->{status}, 400, 'min_id=x: 400');
};

done_testing();
