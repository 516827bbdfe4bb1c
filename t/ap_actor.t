# ap_actor.t: the actors this server publishes. An account's address
# (/users/NAME, /@NAME) answers its Person to every Accept a peer sends
# and its HTML page to a browser, with Vary: Accept both ways and without
# the page cache mixing the two; every member Mastodon's parser reads is
# there and of its type (compared with a Person Mastodon published), the
# public key is the account's own 2048-bit RSA key, the profile (fields,
# images, lock, bot, aliases, move) shows through, a suspended account
# says so and shows nothing else, and unknown, pending and remote
# accounts are not served. The instance actor is an Application with a
# key of its own, made once.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::ActivityPub;

my $base = base_url();
my $domain = domain();
my $anon = client();

my ($api, $name, $web) = api_user(prefix => 'actor');
my $id = "$base/users/$name";
my $res = $api->patch_json('/api/v1/accounts/update_credentials', {
    display_name => 'Ada Actor',
    note => 'Knits <b>socks</b> and #woolly things',
    fields_attributes => [
	{ name => 'Website', value => 'https://ada.example/' },
	{ name => 'Pronouns', value => 'she/her' },
    ],
});
is($res->{status}, 200, 'the profile is set through the API') or
    diag($res->{content});

# The private key as stored, and the public one (PEM has new lines, which
# psql() would split at).
sub stored_keys {
	my ($who) = @_;
	my ($row) = psql(q{SELECT translate(public_key, E'\n', '~') || '|' ||
	    translate(private_key, E'\n', '~') FROM accounts
	    WHERE username = :'1' AND domain IS NULL}, $who);
	my ($pub, $priv) = map { tr/~/\n/r } split /\|/, $row // '|';
	return ($pub, $priv);
}

subtest 'content negotiation: ActivityPub for each Accept peers send' => sub {
	for my $path ("/users/$name", "/\@$name") {
		for my $accept (AP_ACCEPTS) {
			my $res = ap_get($anon, $path, accept => $accept);
			my $doc = ap_json($res, "$path with Accept: $accept");
			is($doc->{id}, $id, '... the actor');
			ok(vary_has($res, 'Accept'), '... Vary: Accept');
		}
	}
	my $res = ap_get($anon, "/users/\U$name");
	is((ap_json($res, 'the name in upper case'))->{preferredUsername},
	    $name, '... is the same account, its name as written');
	$res = ap_get($anon, "/\@$name\@$domain");
	is((ap_json($res, "/\@$name\@$domain"))->{id}, $id,
	    "... and with this server's domain");
};

subtest 'content negotiation: HTML for browsers and the rest' => sub {
	for my $accept (BROWSER_ACCEPT, '*/*', 'text/html', 'application/json',
	    'application/ld+json; profile="https://example.com/other"',
	    'application/activity+json;q=0', undef) {
		my $shown = $accept // 'no Accept';
		my $res = $anon->get("/\@$name",
		    defined $accept ? { Accept => $accept } : {});
		is($res->{status}, 200, "/\@$name with $shown: 200");
		like($res->{headers}{'content-type'}, qr{\Atext/html},
		    '... the profile page');
		like($res->{content}, qr/Ada Actor/, '... of the account');
		ok(vary_has($res, 'Accept'), '... Vary: Accept');
		$res = $anon->get("/users/$name",
		    defined $accept ? { Accept => $accept } : {});
		is($res->{status}, 303, "/users/$name with $shown: a redirect");
		is($res->{headers}{location}, "/\@$name", '... to the profile');
		ok(vary_has($res, 'Accept'), '... Vary: Accept');
	}
	my $res = $anon->get("/users/\U$name", { Accept => BROWSER_ACCEPT });
	is($res->{headers}{location}, "/\@$name",
	    '... in any case, to the name as written');
};

subtest 'the page cache keeps HTML and ActivityPub apart' => sub {
	# From an empty cache, each representation is stored on its first
	# fetch and served from the cache on its second, whichever came
	# first: a hit never answers with the other one.
	for my $round (1 .. 2) {
		psql('UPDATE accounts SET updated_at = updated_at WHERE false');
		my %fetched;
		for my $as ($round == 1 ? qw(ap html html ap) :
		    qw(html ap ap html)) {
			my $res = $as eq 'ap' ? ap_get($anon, "/\@$name") :
			    $anon->get("/\@$name", { Accept => BROWSER_ACCEPT });
			my $cache = $res->{headers}{'x-cache'} // 'none';
			if ($as eq 'ap') {
				is($res->{headers}{'content-type'},
				    AP_CONTENT_TYPE, "round $round: an "
				    . "ActivityPub fetch gets JSON (cache $cache)");
				is((json_of($res) || {})->{id}, $id,
				    '... the actor');
			} else {
				like($res->{headers}{'content-type'},
				    qr{\Atext/html}, "round $round: a browser "
				    . "gets HTML (cache $cache)");
				like($res->{content}, qr/<html/i, '... a page');
			}
			ok(vary_has($res, 'Accept'), '... Vary: Accept');
			is($cache, $fetched{$as}++ ? 'HIT' : 'MISS',
			    '... ' . ($fetched{$as} > 1 ? 'from the cache' :
			    'stored in the cache'));
		}
	}
	my $res = ap_get($anon, "/\@$name");
	is($res->{headers}{'x-cache'}, 'HIT',
	    'the actor itself is served from the cache');
	like($res->{headers}{'cache-control'} // '', qr/\bmax-age=180\b/,
	    '... and may be kept by peers for three minutes');
	$res = ap_get($anon, "/\@$name", headers => {
	    Signature => 'keyId="https://peer.example/actor#main-key",'
	    . 'headers="(request-target) host date",signature="AAAA"' });
	is($res->{headers}{'x-cache'}, 'HIT',
	    'a signed fetch is answered from the cache too: Mastodon signs '
	    . 'every fetch, and no answer depends on the signer');
};

my $actor = ap_json(ap_get($anon, "/users/$name"), 'the actor');

subtest 'every member of a Person, of the right shape' => sub {
	my $ctx = $actor->{'@context'};
	is(ref $ctx, 'ARRAY', '@context is a list');
	is($ctx->[0], 'https://www.w3.org/ns/activitystreams',
	    '... ActivityStreams first');
	ok((grep { !ref && $_ eq 'https://w3id.org/security/v1' } @$ctx),
	    '... with the security vocabulary (publicKey)');
	my ($terms) = grep { ref eq 'HASH' } @$ctx;
	for my $term (qw(manuallyApprovesFollowers featured featuredTags
	    alsoKnownAs movedTo discoverable indexable PropertyValue value
	    suspended memorial)) {
		ok(exists $terms->{$term}, "... defining $term");
	}
	is($terms->{featured}{'@type'}, '@id', '... featured as a link');
	is($actor->{type}, 'Person', 'type Person');
	is($actor->{preferredUsername}, $name, 'preferredUsername');
	is($actor->{name}, 'Ada Actor', 'name is the display name');
	like($actor->{summary}, qr/Knits/, 'summary is the bio');
	like($actor->{summary}, qr/\A</, '... as HTML');
	is($actor->{url}, "$base/\@$name", 'url is the profile page');
	is($actor->{inbox}, "$id/inbox", 'inbox');
	is($actor->{outbox}, "$id/outbox", 'outbox');
	is($actor->{followers}, "$id/followers", 'followers');
	is($actor->{following}, "$id/following", 'following');
	is($actor->{featured}, "$id/collections/featured", 'featured');
	is($actor->{featuredTags}, "$id/collections/tags", 'featuredTags');
	is($actor->{endpoints}{sharedInbox}, "$base/inbox",
	    'endpoints.sharedInbox');
	is(json_type($actor->{manuallyApprovesFollowers}), 'boolean',
	    'manuallyApprovesFollowers is a boolean');
	ok(!$actor->{manuallyApprovesFollowers}, '... false while unlocked');
	is(json_type($actor->{discoverable}), 'boolean', 'discoverable');
	is(json_type($actor->{indexable}), 'boolean', 'indexable');
	is(json_type($actor->{memorial}), 'boolean', 'memorial');
	ok(!$actor->{memorial}, '... false');
	ok(!exists $actor->{suspended}, 'not suspended');
	like($actor->{published}, qr/\A\d{4}-\d\d-\d\dT00:00:00Z\z/,
	    'published: the day it was made, as Mastodon gives it');
	my ($made) = psql(q{SELECT to_char(created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD') FROM accounts WHERE username = :'1'}, $name);
	is(substr($actor->{published}, 0, 10), $made, '... that day');
	is_deeply($actor->{tag}, [], 'tag: a list (no emoji or tags here)');
	is_deeply($actor->{attachment}, [
	    { type => 'PropertyValue', name => 'Website',
	      value => ($actor->{attachment}[0] || {})->{value} },
	    { type => 'PropertyValue', name => 'Pronouns', value => 'she/her' },
	], 'attachment: the profile fields as PropertyValues');
	like(($actor->{attachment}[0] || {})->{value},
	    qr{<a [^>]*href="https://ada\.example/"},
	    '... a link field as its HTML link');
	ok(!exists $actor->{icon} && !exists $actor->{image},
	    'no icon or image without pictures (not the placeholder)');
	ok(!exists $actor->{movedTo} && !exists $actor->{alsoKnownAs},
	    'no movedTo or alsoKnownAs when there is none');
};

subtest 'the public key is the account\'s own' => sub {
	my $key = $actor->{publicKey} || {};
	is($key->{id}, "$id#main-key", 'publicKey.id is <actor>#main-key');
	is($key->{owner}, $id, 'publicKey.owner is the actor');
	like($key->{publicKeyPem}, qr/\A-----BEGIN PUBLIC KEY-----\n/,
	    'publicKeyPem is a PEM public key');
	is(rsa_public_key_bits($key->{publicKeyPem}), 2048,
	    '... that openssl reads as 2048-bit RSA');
	my ($pub, $priv) = stored_keys($name);
	is($key->{publicKeyPem}, $pub, '... the one stored for the account');
	is(public_key_of_private($priv), $key->{publicKeyPem},
	    '... the public half of its private key');
	my ($other) = stored_keys((new_user(prefix => 'other'))[1]);
	isnt($other, $pub, 'another account has another key');
};

subtest 'the Person has what Mastodon\'s parser reads' => sub {
	my $theirs = mastodon_fixture('person.json');
	ok($theirs, 'the Person Mastodon published is at hand') or return;
	my @diff = same_shape($actor, $theirs,
	    skip => [qw(devices icon)]);
	ok(!@diff, 'every member of it is here, of the same type') or
	    diag(join("\n", @diff));
	is_deeply([sort keys %{ $actor->{publicKey} }],
	    [sort keys %{ $theirs->{publicKey} }], '... publicKey alike');
	# Mastodon keeps an actor only if its id is on the host it came
	# from and WebFinger of preferredUsername@host leads back to it.
	my ($host) = $actor->{id} =~ m{\A\w+://([^/]+)/};
	is($host, $domain, 'the id is on this server');
	my $jrd = json_of($anon->get('/.well-known/webfinger?resource=acct:' .
	    "$actor->{preferredUsername}\@$host")) || {};
	my ($self) = grep { ($_->{rel} // '') eq 'self' } @{ $jrd->{links} };
	is(($self || {})->{href}, $id,
	    'WebFinger of preferredUsername@host leads back to the id');
};

subtest 'the profile shows through' => sub {
	my ($other_api, $other) = api_user(prefix => 'moved');
	psql(q{UPDATE accounts SET avatar_file = 'accounts/avatars/a1.png',
	    header_file = 'accounts/headers/h1.JPG',
	    also_known_as = ARRAY['https://old.example/users/ada',
	    'https://older.example/u/ada'],
	    moved_to_account_id = (SELECT id FROM accounts WHERE
	    username = :'2' AND domain IS NULL)
	    WHERE username = :'1' AND domain IS NULL}, $name, $other);
	my $res = $api->patch_json('/api/v1/accounts/update_credentials',
	    { locked => 'true', bot => 'true' });
	is($res->{status}, 200, 'locked and bot set through the API');
	my $a = ap_json(ap_get($anon, "/users/$name"), 'the actor again');
	is($a->{type}, 'Service', 'a bot is a Service');
	ok($a->{manuallyApprovesFollowers} &&
	    json_type($a->{manuallyApprovesFollowers}) eq 'boolean',
	    'a locked account approves its followers');
	is_deeply($a->{icon}, { type => 'Image', mediaType => 'image/png',
	    url => "$base/media/accounts/avatars/a1.png" },
	    'icon: the avatar, with its type');
	is_deeply($a->{image}, { type => 'Image', mediaType => 'image/jpeg',
	    url => "$base/media/accounts/headers/h1.JPG" },
	    'image: the header, with its type');
	is_deeply($a->{alsoKnownAs}, ['https://old.example/users/ada',
	    'https://older.example/u/ada'], 'alsoKnownAs: its aliases');
	is($a->{movedTo}, "$base/users/$other", 'movedTo: its new account');
	psql(q{UPDATE accounts SET avatar_file = NULL, header_file = NULL,
	    also_known_as = '{}', moved_to_account_id = NULL
	    WHERE username = :'1' AND domain IS NULL}, $name);
	$api->patch_json('/api/v1/accounts/update_credentials',
	    { locked => 'false', bot => 'false' });
	$a = ap_json(ap_get($anon, "/users/$name"), 'and once undone');
	is($a->{type}, 'Person', '... a Person again');
	ok(!exists $a->{icon} && !exists $a->{movedTo} &&
	    !exists $a->{alsoKnownAs}, '... without them');
};

subtest 'a suspended account says so and shows nothing else' => sub {
	my $status = post_status_id($web, $name, status => 'before the ban');
	my ($code, $out, $err) = woollyctl('account', 'suspend', $name);
	is($code, 0, 'woollyctl suspends the account') or diag($err);
	my $a = ap_json(ap_get($anon, "/users/$name"), 'its actor');
	ok($a->{suspended} && json_type($a->{suspended}) eq 'boolean',
	    'suspended: true');
	is($a->{name}, $name, 'name is only the user name');
	is($a->{summary}, '', 'summary is empty');
	is_deeply($a->{attachment}, [], 'no fields');
	ok(!$a->{discoverable} && !$a->{indexable}, 'not discoverable');
	is($a->{publicKey}{id}, "$id#main-key",
	    'the key stays (what it signed can still be checked)');
	for my $path ("/users/$name/outbox", "/users/$name/followers",
	    "/users/$name/following", "/users/$name/collections/featured",
	    "/users/$name/statuses/$status",
	    "/users/$name/statuses/$status/activity") {
		my $res = ap_get($anon, $path);
		is($res->{status}, 403, "$path: 403, as Mastodon answers while "
		    . 'a suspension may be lifted');
	}
	($code, $out, $err) = woollyctl('account', 'unsuspend', $name);
	is($code, 0, 'woollyctl lifts the suspension') or diag($err);
	$a = ap_json(ap_get($anon, "/users/$name"), 'its actor after');
	ok(!exists $a->{suspended}, '... no longer suspended');
	is($a->{name}, 'Ada Actor', '... its name back');
	is(ap_get($anon, "/users/$name/outbox")->{status}, 200,
	    '... its outbox back');
};

subtest 'accounts that are not served' => sub {
	for my $path ('/users/nobody_here_at_all', '/@nobody_here_at_all',
	    "/\@$name\@elsewhere.example", '/users/no%20such',
	    '/users/' . ('a' x 31), "/\@$name\@$domain.evil") {
		my $res = ap_get($anon, $path);
		is($res->{status}, 404, "$path: 404");
		is_deeply(json_of($res), { error => 'Record not found' },
		    '... with a JSON reason');
	}
	is($anon->get('/users/nobody_here_at_all',
	    { Accept => BROWSER_ACCEPT })->{status}, 404,
	    'a browser at an unknown actor: 404');
	# A remote account we know is that server's to serve.
	my $remote = unique_name('far');
	psql(q{INSERT INTO accounts (username, domain, uri)
	    VALUES (:'1', 'far.example', 'https://far.example/users/' || :'1')},
	    $remote);
	is(ap_get($anon, "/\@$remote\@far.example")->{status}, 404,
	    'a remote account: 404');
	is(ap_get($anon, "/users/$remote")->{status}, 404,
	    '... also by its bare name');
	# A sign-up waiting for approval does not exist yet.
	my (undef, $pending) = new_user(prefix => 'pending');
	psql(q{UPDATE users SET approved = false WHERE account_id =
	    (SELECT id FROM accounts WHERE username = :'1')}, $pending);
	is(ap_get($anon, "/users/$pending")->{status}, 404,
	    'an account waiting for approval: 404');
	is(ap_get($anon, "/users/$pending/outbox")->{status}, 404,
	    '... and its outbox');
};

subtest 'the instance actor' => sub {
	my $res = $anon->get('/actor');
	my $a = ap_json($res, '/actor, whatever the Accept');
	is($a->{id}, "$base/actor", 'id');
	is($a->{type}, 'Application', 'an Application');
	is($a->{preferredUsername}, $domain, 'named for the domain');
	is($a->{inbox}, "$base/actor/inbox", 'inbox');
	is($a->{outbox}, "$base/actor/outbox", 'outbox');
	is($a->{endpoints}{sharedInbox}, "$base/inbox", 'sharedInbox');
	ok($a->{manuallyApprovesFollowers}, 'follows nobody by itself');
	is($a->{publicKey}{id}, "$base/actor#main-key", 'publicKey.id');
	is($a->{publicKey}{owner}, "$base/actor", 'publicKey.owner');
	is(rsa_public_key_bits($a->{publicKey}{publicKeyPem}), 2048,
	    'publicKeyPem: 2048-bit RSA');
	my ($row) = psql(q{SELECT translate(value, E'\n', '~') FROM
	    instance_settings WHERE key = 'instance_actor_public_key'});
	is($a->{publicKey}{publicKeyPem}, ($row // '') =~ tr/~/\n/r,
	    '... the one kept in instance_settings');
	my ($priv) = psql(q{SELECT translate(value, E'\n', '~') FROM
	    instance_settings WHERE key = 'instance_actor_private_key'});
	is(public_key_of_private(($priv // '') =~ tr/~/\n/r),
	    $a->{publicKey}{publicKeyPem}, '... whose private half is kept');
	my ($n) = psql(q{SELECT count(*) FROM instance_settings
	    WHERE key LIKE 'instance_actor_%'});
	is($n, 2, 'one key pair, made once');
	# Each worker asks once; the pair never changes.
	for my $i (1 .. 6) {
		my $again = json_of(ap_get(client(), '/actor', headers =>
		    { 'X-Round' => $i })) || {};
		is(($again->{publicKey} || {})->{publicKeyPem},
		    $a->{publicKey}{publicKeyPem}, "fetch $i: the same key");
	}
	my $theirs = mastodon_fixture('application-actor.json');
	ok($theirs, "Mastodon's instance actor is at hand") or return;
	my @diff = same_shape($a, $theirs);
	ok(!@diff, '... and every member of it is here') or
	    diag(join("\n", @diff));
	my $o = ap_json($anon->get('/actor/outbox'), 'its outbox');
	is($o->{type}, 'OrderedCollection', '... an OrderedCollection');
	is($o->{totalItems}, 0, '... of nothing');
};

done_testing();
