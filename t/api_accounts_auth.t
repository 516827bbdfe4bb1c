# api_accounts_auth.t: the account endpoints for a signed-in client. The
# user's own account (CredentialAccount with source and role), changing it
# with update_credentials in every shape clients send (form, multipart,
# JSON with fields as an array or an object) and Mastodon's 422 for what
# does not validate; the public account endpoints with a token; account
# search; an account's statuses as a viewer sees them; followers and
# follows, paged by Link headers and hidden when the owner asks.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

sub ids_of { return [map { $_->{id} } @{ $_[0] || [] }] }

# A multipart/form-data body of [name => value] pairs; a value that is an
# array reference [filename, content type, bytes] is a file part.
sub multipart {
	my (@pairs) = @_;
	my $boundary = 'woolly' . int(rand(1e9));
	my $body = '';
	while (my ($name, $value) = splice @pairs, 0, 2) {
		$body .= "--$boundary\r\n";
		if (ref $value) {
			$body .= "Content-Disposition: form-data; name=\"$name\"; " .
			    "filename=\"$value->[0]\"\r\nContent-Type: $value->[1]" .
			    "\r\n\r\n$value->[2]\r\n";
		} else {
			$body .= "Content-Disposition: form-data; name=\"$name\"" .
			    "\r\n\r\n$value\r\n";
		}
	}
	$body .= "--$boundary--\r\n";
	return ($body, "multipart/form-data; boundary=$boundary");
}

sub patch_form {
	my ($c, $fields) = @_;
	return $c->request('PATCH', '/api/v1/accounts/update_credentials',
	    form => $fields);
}

sub validation_fails {
	my ($res, $want, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	is($res->{status}, 422, "$what: 422");
	ok_schema('Error', $res, "$what: an Error");
	my $err = (json_of($res) || {})->{error} // '';
	like($err, qr/\AValidation failed: /, "$what: Validation failed: ...");
	like($err, $want, "$what: says why");
}

my $anon = client();

subtest 'verify_credentials is a CredentialAccount with source and role' => sub {
	my ($c, $name) = api_user(prefix => 'cred');
	my $res = $c->get('/api/v1/accounts/verify_credentials');
	is($res->{status}, 200, 'answers 200');
	ok_schema('CredentialAccount', $res, 'a valid CredentialAccount');
	my $a = json_of($res);
	is($a->{username}, $name, 'the token owner');
	is($a->{id}, account_id_of($name), 'id');
	my $s = $a->{source};
	is($s->{privacy}, 'public', 'source.privacy defaults to public');
	ok(JSON::PP::is_bool($s->{sensitive}) && !$s->{sensitive},
	    'source.sensitive false');
	ok(!defined $s->{language}, 'source.language null');
	is($s->{note}, '', 'source.note empty');
	is_deeply($s->{fields}, [], 'source.fields empty');
	is($s->{follow_requests_count}, 0, 'no follow requests');
	ok(JSON::PP::is_bool($s->{hide_collections}), 'hide_collections');
	ok(JSON::PP::is_bool($s->{discoverable}), 'discoverable');
	ok(JSON::PP::is_bool($s->{indexable}), 'indexable');
	is($a->{role}{permissions}, '0', 'a plain user has no permissions');
	is($res->{headers}{'cache-control'}, 'private, no-store',
	    'never cached');

	my $other = client(token => api_token($name, 'read:statuses'));
	$res = $other->get('/api/v1/accounts/verify_credentials');
	is($res->{status}, 403, 'read:statuses alone may not read it');
};

subtest 'update_credentials with a form: every attribute' => sub {
	my ($c, $name, $web) = api_user(prefix => 'upd');
	my ($friend) = (new_user(prefix => 'updfr'))[1];
	my $id = account_id_of($name);
	my $before = $anon->get("/api/v1/accounts/$id");
	is(json_of($before)->{display_name}, '', 'no display name yet');

	my $res = patch_form($c, [
	    display_name => '  Ada <b>Lovelace</b>  ',
	    note => "Counting engines.\n\nSee https://example.com/ada " .
	        "and \@$friend #Maths",
	    locked => 'true', bot => '1', discoverable => 'false',
	    indexable => 'true', hide_collections => 'on',
	    'fields_attributes[0][name]' => 'Site',
	    'fields_attributes[0][value]' => 'https://example.com/ada',
	    'fields_attributes[1][name]' => 'Pronouns',
	    'fields_attributes[1][value]' => 'she/her <3',
	    'source[privacy]' => 'private', 'source[sensitive]' => 'true',
	    'source[language]' => 'en',
	]);
	is($res->{status}, 200, '200') or diag($res->{content});
	ok_schema('CredentialAccount', $res, 'answers a CredentialAccount');
	my $a = json_of($res);
	is($a->{display_name}, 'Ada <b>Lovelace</b>',
	    'display_name stripped, kept as text');
	like($a->{note}, qr{\A<p>Counting engines\.</p><p>See <a href="https://example\.com/ada"},
	    'note rendered to HTML with paragraphs and links');
	like($a->{note}, qr{<span class="h-card".*\@<span>\Q$friend\E</span>}s,
	    'the mention is linked');
	like($a->{note}, qr{href="[^"]*/tags/maths"}i, 'the hashtag is linked');
	ok($a->{locked} && $a->{bot} && !$a->{discoverable} &&
	    $a->{indexable} && $a->{hide_collections}, 'the switches');
	is(scalar @{ $a->{fields} }, 2, 'two fields');
	is($a->{fields}[0]{name}, 'Site', 'field name');
	like($a->{fields}[0]{value}, qr{\A<a href="https://example\.com/ada"},
	    'a field value is HTML with the link');
	is($a->{fields}[1]{value}, 'she/her &lt;3', 'and escapes text');
	my $s = $a->{source};
	is($s->{note}, "Counting engines.\n\nSee https://example.com/ada and " .
	    "\@$friend #Maths", 'source.note is what was typed');
	is_deeply($s->{fields}, [
	    { name => 'Site', value => 'https://example.com/ada',
	      verified_at => undef },
	    { name => 'Pronouns', value => 'she/her <3', verified_at => undef },
	], 'source.fields as typed');
	is($s->{privacy}, 'private', 'source.privacy');
	ok($s->{sensitive}, 'source.sensitive');
	is($s->{language}, 'en', 'source.language');
	is(scalar psql(q{SELECT settings->>'default_privacy' || ' ' ||
	    (settings->>'default_sensitive') || ' ' ||
	    (settings->>'default_language') FROM users
	    WHERE account_id = :'1'}, $id), 'private true en',
	    'the posting defaults are in users.settings');
	is(scalar psql(q{SELECT actor_type FROM accounts WHERE id = :'1'},
	    $id), 'Service', 'a bot is a Service actor');

	my $after = $anon->get("/api/v1/accounts/$id");
	ok_schema('Account', $after, 'the public Account');
	is(json_of($after)->{display_name}, 'Ada <b>Lovelace</b>',
	    'the public Account shows it at once (page cache invalidated)');
	ok(!exists json_of($after)->{source}, 'and never the source');
	my $page = $anon->get("/\@$name");
	like($page->{content}, qr/Ada &lt;b&gt;Lovelace/,
	    'the profile page too, escaped');

	$res = $c->get('/api/v1/accounts/verify_credentials');
	is_deeply(json_of($res)->{source}, $s,
	    'verify_credentials gives the same source');

	# What is not sent stays as it was.
	$res = patch_form($c, [locked => 'false']);
	is($res->{status}, 200, 'a change of one switch');
	$a = json_of($res);
	ok(!$a->{locked}, 'locked off');
	is($a->{display_name}, 'Ada <b>Lovelace</b>', 'the rest stays');
	is(scalar @{ $a->{fields} }, 2, 'the fields stay');
	is($a->{source}{privacy}, 'private', 'the defaults stay');
	ok($a->{bot}, 'bot stays');
	$res = patch_form($c, [bot => 'false', 'source[language]' => '']);
	ok(!json_of($res)->{bot}, 'bot off');
	ok(!defined json_of($res)->{source}{language},
	    'an empty source[language] clears it');
	is(scalar psql(q{SELECT actor_type FROM accounts WHERE id = :'1'},
	    $id), 'Person', 'a person again');
};

subtest 'update_credentials with JSON, multipart and the query string' => sub {
	my ($c, $name) = api_user(prefix => 'updj');
	my $res = $c->patch_json('/api/v1/accounts/update_credentials', {
	    display_name => 'Jay', note => 'Hi',
	    locked => JSON::PP::true, discoverable => JSON::PP::false,
	    fields_attributes => [
		{ name => 'A', value => '1' }, { name => 'B', value => '2' },
	    ],
	    source => { privacy => 'unlisted', sensitive => JSON::PP::true,
	        language => 'de' },
	});
	is($res->{status}, 200, 'JSON: 200') or diag($res->{content});
	ok_schema('CredentialAccount', $res, 'JSON: a CredentialAccount');
	my $a = json_of($res);
	is($a->{display_name}, 'Jay', 'JSON: display_name');
	is($a->{note}, '<p>Hi</p>', 'JSON: note');
	ok($a->{locked} && !$a->{discoverable}, 'JSON: booleans');
	is_deeply([map { "$_->{name}=$_->{value}" } @{ $a->{fields} }],
	    ['A=1', 'B=2'], 'JSON: fields as an array');
	is($a->{source}{privacy}, 'unlisted', 'JSON: nested source.privacy');
	ok($a->{source}{sensitive}, 'JSON: nested source.sensitive');
	is($a->{source}{language}, 'de', 'JSON: nested source.language');

	$res = $c->patch_json('/api/v1/accounts/update_credentials', {
	    fields_attributes => { '0' => { name => 'C', value => '3' },
	        '1' => { name => '', value => '' } } });
	is($res->{status}, 200, 'JSON: fields as an object of objects');
	is_deeply([map { "$_->{name}=$_->{value}" }
	    @{ json_of($res)->{fields} }], ['C=3'],
	    'replaced, the blank one dropped');

	$res = $c->patch_json('/api/v1/accounts/update_credentials',
	    { fields_attributes => [] });
	is_deeply(json_of($res)->{fields}, [], 'an empty list clears them');

	my ($body, $type) = multipart(display_name => 'Multi',
	    'fields_attributes[0][name]' => 'M',
	    'fields_attributes[0][value]' => 'part',
	    'source[privacy]' => 'public',
	    avatar => ['me.png', 'image/png', "\x89PNG\r\n\x1a\nnot really"],
	    header => ['h.jpg', 'image/jpeg', "\xff\xd8\xff"]);
	$res = $c->request('PATCH', '/api/v1/accounts/update_credentials',
	    content => $body, headers => { 'Content-Type' => $type });
	is($res->{status}, 200, 'multipart with files: 200')
	    or diag($res->{content});
	ok_schema('CredentialAccount', $res, 'multipart: a CredentialAccount');
	$a = json_of($res);
	is($a->{display_name}, 'Multi', 'multipart: display_name');
	is($a->{fields}[0]{name}, 'M', 'multipart: fields');
	is($a->{source}{privacy}, 'public', 'multipart: source[privacy]');
	like($a->{avatar}, qr{/avatars/original/missing\.png\z},
	    'the avatar file is left for the media work');

	# Rails' "fields_attributes[][name]" groups, and the query string.
	$res = patch_form($c, ['fields_attributes[][name]' => 'X',
	    'fields_attributes[][value]' => 'x',
	    'fields_attributes[][name]' => 'Y',
	    'fields_attributes[][value]' => 'y']);
	is_deeply([map { "$_->{name}=$_->{value}" }
	    @{ json_of($res)->{fields} }], ['X=x', 'Y=y'],
	    'fields_attributes[][...] makes one field per pair');
	$res = $c->request('PATCH', '/api/v1/accounts/update_credentials' .
	    '?display_name=Query&fields_attributes%5B0%5D%5Bname%5D=Q' .
	    '&fields_attributes%5B0%5D%5Bvalue%5D=q');
	is($res->{status}, 200, 'parameters in the query string');
	is(json_of($res)->{display_name}, 'Query', 'query: display_name');
	is(json_of($res)->{fields}[0]{name}, 'Q', 'query: fields');
};

subtest 'a verified field stays verified while its value does not change' => sub {
	my ($c, $name) = api_user(prefix => 'verif');
	my $id = account_id_of($name);
	patch_form($c, ['fields_attributes[0][name]' => 'Site',
	    'fields_attributes[0][value]' => 'https://example.org/me']);
	psql(q{UPDATE accounts SET fields = jsonb_set(fields, '{0,verified_at}',
	    '"2024-05-06T07:08:09.000Z"') WHERE id = :'1'}, $id);
	my $res = patch_form($c, ['fields_attributes[0][name]' => 'Website',
	    'fields_attributes[0][value]' => 'https://example.org/me',
	    'fields_attributes[1][name]' => 'Other',
	    'fields_attributes[1][value]' => 'x']);
	ok_schema('CredentialAccount', $res, 'valid');
	my $f = json_of($res)->{fields};
	is($f->[0]{verified_at}, '2024-05-06T07:08:09.000Z',
	    'same value: still verified');
	is(json_of($res)->{source}{fields}[0]{verified_at},
	    '2024-05-06T07:08:09.000Z', 'in source.fields too');
	ok(!defined $f->[1]{verified_at}, 'a new field is not');
	$res = patch_form($c, ['fields_attributes[0][name]' => 'Website',
	    'fields_attributes[0][value]' => 'https://example.org/other']);
	ok(!defined json_of($res)->{fields}[0]{verified_at},
	    'a changed value is no longer verified');
};

subtest 'update_credentials refuses what does not validate' => sub {
	my ($c, $name) = api_user(prefix => 'upbad');
	patch_form($c, [display_name => 'Kept']);
	validation_fails(patch_form($c, [display_name => 'x' x 31]),
	    qr/Display name is too long \(maximum is 30 characters\)/,
	    '31 characters of display name');
	my $res = patch_form($c, [display_name => "\x{e9}" x 30]);
	is($res->{status}, 200, '30 characters (not bytes) are fine');
	validation_fails(patch_form($c, [note => 'n' x 501]),
	    qr/Note character limit of 500 exceeded/, 'a 501-character note');
	is(patch_form($c, [note => 'n' x 500])->{status}, 200,
	    'a 500-character note is fine');
	validation_fails(patch_form($c, [map {
	    ("fields_attributes[$_][name]" => "n$_",
	     "fields_attributes[$_][value]" => "v$_") } 0 .. 4]),
	    qr/Fields is too long \(maximum is 4 characters\)/, 'five fields');
	validation_fails(patch_form($c, ['fields_attributes[0][name]' =>
	    'n' x 256, 'fields_attributes[0][value]' => 'v']),
	    qr/Fields name is too long/, 'a 256-character field name');
	validation_fails(patch_form($c, ['fields_attributes[0][name]' => 'n',
	    'fields_attributes[0][value]' => 'v' x 256]),
	    qr/Fields value is too long/, 'a 256-character field value');
	validation_fails(patch_form($c, ['fields_attributes[0][name]' => ' ',
	    'fields_attributes[0][value]' => 'orphan']),
	    qr/Fields contains values with missing labels/,
	    'a value without a label');
	validation_fails(patch_form($c, [map {
	    ("fields_attributes[$_][name]" => "n$_") } 0 .. 16]),
	    qr/too many items/, 'seventeen rows of fields');
	for my $p ('direct', 'everyone') {
		validation_fails(patch_form($c, ['source[privacy]' => $p]),
		    qr/Default privacy is not included in the list/,
		    "source[privacy]=$p");
	}
	validation_fails(patch_form($c, ['source[language]' => 'english']),
	    qr/Default language is not included in the list/,
	    'source[language]=english');
	validation_fails(patch_form($c, [locked => 'maybe']),
	    qr/locked must be true or false/, 'locked=maybe');
	validation_fails($c->patch_json('/api/v1/accounts/update_credentials',
	    { fields_attributes => 'nope' }), qr/fields_attributes/,
	    'fields_attributes as a string');
	validation_fails($c->patch_json('/api/v1/accounts/update_credentials',
	    { fields_attributes => [{ name => ['x'] }] }),
	    qr/fields_attributes/, 'a field name that is a list');
	validation_fails($c->patch_json('/api/v1/accounts/update_credentials',
	    { display_name => { x => 1 } }), qr/display_name/,
	    'display_name as an object');
	$res = patch_form($c, [display_name => 'y' x 40, note => 'z' x 600]);
	validation_fails($res, qr/Display name is too long.*, Note character/,
	    'every reason at once');
	is(json_of($c->get('/api/v1/accounts/verify_credentials'))
	    ->{display_name}, "\x{e9}" x 30, 'nothing refused was saved');
	is(scalar psql(q{SELECT coalesce(settings->>'default_privacy',
	    'none') FROM users WHERE account_id = :'1'}, account_id_of($name)),
	    'none', 'no posting default was saved');
};

subtest 'the public account endpoints work with a token' => sub {
	my ($c, $name) = api_user(prefix => 'tokv');
	my ($other) = (new_user(prefix => 'tokvo'))[1];
	my $id = account_id_of($other);
	my $res = $c->get("/api/v1/accounts/$id");
	is($res->{status}, 200, ':id with a token');
	ok_schema('Account', $res, 'an Account');
	is($res->{headers}{'cache-control'}, 'private, no-store',
	    'a token\'s answer is not for shared caches');
	$res = $c->get("/api/v1/accounts/lookup?acct=$other");
	is($res->{status}, 200, 'lookup with a token');
	ok_schema('Account', $res, 'an Account');
	is(json_of($res)->{id}, $id, 'the right one');
	not_found_ok($c->get('/api/v1/accounts/1'), 'unknown id with a token');
	not_found_ok($c->get('/api/v1/accounts/lookup?acct=nobody_at_all'),
	    'unknown acct with a token');
	my $narrow = client(token => api_token($name, 'write:statuses'));
	is($narrow->get("/api/v1/accounts/$id")->{status}, 403,
	    'a token without read:accounts is refused even here');
};

subtest 'GET /api/v1/accounts/search' => sub {
	my ($c, $name) = api_user(prefix => 'srch');
	my $stem = 'zq' . substr(unique_name('s'), 2, 8);
	$stem =~ s/_//g;
	my ($exact_c, $exact) = api_user(username => $stem);
	my (undef, $longer) = new_user(username => "${stem}_long");
	my (undef, $third) = new_user(username => "${stem}_x3");
	my $shown_c;
	($shown_c, my $shown) = api_user(prefix => 'srchdn');
	patch_form($shown_c, [display_name => "\u$stem Display"]);
	my $remote = psql(q{INSERT INTO accounts (username, domain, uri)
	    VALUES (:'1', 'remote.example', 'https://remote.example/u/' || :'1')
	    RETURNING id}, "${stem}_far");

	my $res = $c->get("/api/v1/accounts/search?q=$stem");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Account[]', $res, 'a list of Accounts');
	my @acct = map { $_->{acct} } @{ json_of($res) };
	is($acct[0], $exact, 'the exact username first');
	ok((grep { $_ eq $longer } @acct) && (grep { $_ eq $third } @acct),
	    'usernames starting with q');
	ok((grep { $_ eq $shown } @acct), 'a display name starting with q');
	is($acct[-1], "${stem}_far\@remote.example", 'remote accounts last');
	is(scalar @acct, 5, 'nothing else');

	$res = $c->get("/api/v1/accounts/search?q=\@" . uc($stem) . '_L');
	is_deeply([map { $_->{acct} } @{ json_of($res) }], [$longer],
	    'a leading @ and any case');
	$res = $c->get("/api/v1/accounts/search?q=${stem}_far\@remote");
	is_deeply([map { $_->{acct} } @{ json_of($res) }],
	    ["${stem}_far\@remote.example"], 'name@domain prefix');
	$res = $c->get("/api/v1/accounts/search?q=$stem\@" . domain());
	is_deeply([map { $_->{acct} } @{ json_of($res) }],
	    [$exact, $longer, $third], 'our own domain means local');
	$res = $c->get("/api/v1/accounts/search?q=$stem&limit=2");
	is(scalar @{ json_of($res) }, 2, 'limit');
	my $page2 = $c->get("/api/v1/accounts/search?q=$stem&limit=2&offset=2");
	ok_schema('Account[]', $page2, 'offset: Accounts');
	is_deeply([@{ ids_of(json_of($res)) }, @{ ids_of(json_of($page2)) }],
	    [@{ ids_of(json_of($c->get("/api/v1/accounts/search?q=$stem")))
	    }[0 .. 3]], 'offset continues where limit stopped');
	$res = $c->get("/api/v1/accounts/search?q=$stem&resolve=true");
	is(scalar @{ json_of($res) }, 5, 'resolve changes nothing yet');

	is_deeply(json_of($c->get("/api/v1/accounts/search?q=$stem" .
	    '&following=true')), [], 'following=true: no one followed yet');
	$c->post_json('/api/v1/accounts/' . account_id_of($longer) . '/follow',
	    {});
	$res = $c->get("/api/v1/accounts/search?q=$stem&following=true");
	ok_schema('Account[]', $res, 'following=true: Accounts');
	is_deeply([map { $_->{acct} } @{ json_of($res) }], [$longer],
	    'following=true: only the followed');

	$exact_c->post_json('/api/v1/accounts/' . account_id_of($third) .
	    '/block', {});
	@acct = map { $_->{acct} } @{ json_of($exact_c->get(
	    "/api/v1/accounts/search?q=$stem")) };
	ok(!(grep { $_ eq $third } @acct) && (grep { $_ eq $longer } @acct),
	    'a blocked account is not found');
	my $third_c = client(token => api_token($third));
	@acct = map { $_->{acct} } @{ json_of($third_c->get(
	    "/api/v1/accounts/search?q=$stem")) };
	ok(!(grep { $_ eq $exact } @acct) && (grep { $_ eq $longer } @acct),
	    'nor the blocker, by the blocked');
	@acct = map { $_->{acct} } @{ json_of($c->get(
	    "/api/v1/accounts/search?q=$stem")) };
	ok((grep { $_ eq $exact } @acct) && (grep { $_ eq $third } @acct),
	    'both, by anyone else');

	psql(q{UPDATE accounts SET suspended_at = now() WHERE id = :'1'},
	    $remote);
	@acct = map { $_->{acct} } @{ json_of($c->get(
	    "/api/v1/accounts/search?q=$stem")) };
	ok(!(grep { /remote/ } @acct), 'a suspended account is not found');

	for my $q ('', '%20', '@') {
		$res = $c->get("/api/v1/accounts/search?q=$q");
		is($res->{status}, 200, "q=$q: 200");
		is_deeply(json_of($res), [], "q=$q: nothing");
	}
	is_deeply(json_of($c->get('/api/v1/accounts/search?q=%25')), [],
	    'q=% is no wildcard');
	for my $bad ('q=a&limit=0', 'q=a&limit=x', 'q=a&offset=-1',
	    'q=a&offset=x', 'q=a&following=perhaps', 'q=' . ('a' x 501)) {
		$res = $c->get("/api/v1/accounts/search?$bad");
		is($res->{status}, 400, "$bad: 400");
		ok_schema('Error', $res, "$bad: an Error");
	}
	is($c->get('/api/v1/accounts/search?q=a&limit=1000')->{status}, 200,
	    'an oversized limit is clamped');
};

subtest "an account's statuses as a viewer sees them" => sub {
	my ($c, $name, $web) = api_user(prefix => 'stv');
	my ($fan, $fan_name) = api_user(prefix => 'stvfan');
	my ($stranger) = api_user(prefix => 'stvstr');
	my $id = account_id_of($name);
	my $public = post_status_id($web, $name, status => 'for everyone');
	my $private = post_status_id($web, $name, status => 'for followers',
	    visibility => 'private');
	my $direct = post_status_id($web, $name, status => "for \@$fan_name",
	    visibility => 'direct');
	is(json_of($fan->post_json("/api/v1/accounts/$id/follow", {}))
	    ->{following}, JSON::PP::true, 'the fan follows');

	my $res = $fan->get("/api/v1/accounts/$id/statuses");
	is($res->{status}, 200, 'a follower: 200');
	ok_schema('Status[]', $res, 'a follower: Statuses');
	is_deeply(ids_of(json_of($res)), [$direct, $private, $public],
	    'a follower sees the private post and the one mentioning them');
	is($res->{headers}{'cache-control'}, 'private, no-store',
	    'and it is not cached for others');
	$res = $stranger->get("/api/v1/accounts/$id/statuses");
	is_deeply(ids_of(json_of($res)), [$public],
	    'a stranger sees the public one only');
	ok_schema('Status[]', $res, 'a stranger: Statuses');
	is_deeply(ids_of(json_of($anon->get("/api/v1/accounts/$id/statuses"))),
	    [$public], 'so does an anonymous client');
	is_deeply(ids_of(json_of($c->get("/api/v1/accounts/$id/statuses"))),
	    [$direct, $private, $public], 'the owner sees all');

	# Blocks either way empty it; a mute does not.
	$stranger->post_json("/api/v1/accounts/$id/mute", {});
	is_deeply(ids_of(json_of($stranger->get(
	    "/api/v1/accounts/$id/statuses"))), [$public],
	    'a muted account\'s own profile still shows');
	$c->post_json('/api/v1/accounts/' . account_id_of($fan_name) .
	    '/block', {});
	$res = $fan->get("/api/v1/accounts/$id/statuses");
	is($res->{status}, 200, 'blocked by the account: 200');
	is_deeply(json_of($res), [], 'but nothing');
	ok(defined links($res)->{prev}, 'with a Link header still');
	$stranger->post_json("/api/v1/accounts/$id/block", {});
	is_deeply(json_of($stranger->get("/api/v1/accounts/$id/statuses")),
	    [], 'blocking the account: nothing either');
};

subtest "followers and following, paged with Link headers" => sub {
	my ($c, $name) = api_user(prefix => 'fol');
	my $id = account_id_of($name);
	my @fans;
	for my $i (1 .. 5) {
		my ($fc, $fname) = api_user(prefix => "folf$i");
		is($fc->post_json("/api/v1/accounts/$id/follow", {})->{status},
		    200, "fan $i follows");
		unshift @fans, account_id_of($fname);	# newest first
	}
	$c->post_json('/api/v1/accounts/' . $fans[0] . '/follow', {});
	$c->post_json('/api/v1/accounts/' . $fans[1] . '/follow', {});

	my $res = $anon->get("/api/v1/accounts/$id/followers");
	is($res->{status}, 200, 'followers: 200');
	ok_schema('Account[]', $res, 'followers: Accounts');
	is_deeply(ids_of(json_of($res)), \@fans,
	    'followers, newest follow first');
	$res = $anon->get("/api/v1/accounts/$id/following");
	ok_schema('Account[]', $res, 'following: Accounts');
	is_deeply(ids_of(json_of($res)), [@fans[1, 0]], 'following');

	my (@seen, $pages);
	my $url = "/api/v1/accounts/$id/followers?limit=2";
	while (defined $url && ++$pages < 10) {
		$res = $anon->get($url);
		is($res->{status}, 200, "page $pages: 200");
		my $list = json_of($res);
		ok(@$list <= 2, "page $pages: at most 2");
		ok_schema('Account[]', $res, "page $pages: Accounts") if @$list;
		push @seen, @{ ids_of($list) };
		my $l = links($res);
		ok(defined $l->{prev}, "page $pages: rel=prev");
		like($l->{next}, qr/[?&]limit=2\b/, 'rel=next keeps limit')
		    if defined $l->{next};
		$url = $l->{next};
	}
	is_deeply(\@seen, \@fans, 'rel=next walks every follower once');
	my $second = $anon->get("/api/v1/accounts/$id/followers?limit=2");
	my $next = $anon->get(links($second)->{next});
	my $back = $anon->get(links($next)->{prev});
	ok_schema('Account[]', $back, 'rel=prev: Accounts');
	is_deeply(ids_of(json_of($back)), [@fans[0, 1]],
	    'rel=prev of page 2 is page 1');
	for my $bad ('limit=0', 'max_id=x') {
		is($anon->get("/api/v1/accounts/$id/followers?$bad")->{status},
		    400, "$bad: 400");
	}

	# A viewer's blocks and mutes leave accounts out; not for the owner.
	my $viewer = client(token => api_token((new_user(prefix =>
	    'folv'))[1]));
	$viewer->post_json("/api/v1/accounts/$fans[2]/block", {});
	$viewer->post_json("/api/v1/accounts/$fans[3]/mute", {});
	$res = $viewer->get("/api/v1/accounts/$id/followers");
	ok_schema('Account[]', $res, 'a viewer: Accounts');
	is_deeply(ids_of(json_of($res)), [@fans[0, 1, 4]],
	    'without the accounts the viewer blocks or mutes');

	# hide_collections: empty for others, whole for the owner.
	$c->request('PATCH', '/api/v1/accounts/update_credentials',
	    form => [hide_collections => 'true']);
	for my $which (qw(followers following)) {
		$res = $anon->get("/api/v1/accounts/$id/$which");
		is($res->{status}, 200, "hidden $which: 200");
		is_deeply(json_of($res), [], "hidden $which: empty for others");
		is_deeply(json_of($viewer->get("/api/v1/accounts/$id/$which")),
		    [], "hidden $which: empty for a signed-in stranger too");
		$res = $c->get("/api/v1/accounts/$id/$which");
		ok_schema('Account[]', $res, "hidden $which: the owner's");
		ok(scalar @{ json_of($res) } >= 2,
		    "hidden $which: the owner sees them");
	}
	ok(json_of($anon->get("/api/v1/accounts/$id"))->{hide_collections},
	    'the Account says hide_collections');
	$c->request('PATCH', '/api/v1/accounts/update_credentials',
	    form => [hide_collections => 'false']);

	# The owner blocking a viewer hides the lists from that viewer.
	my ($blocked_c, $blocked) = api_user(prefix => 'folbl');
	$c->post_json('/api/v1/accounts/' . account_id_of($blocked) .
	    '/block', {});
	is_deeply(json_of($blocked_c->get("/api/v1/accounts/$id/followers")),
	    [], 'blocked by the owner: no followers shown');

	not_found_ok($anon->get('/api/v1/accounts/1/followers'),
	    'followers of an unknown account');
	not_found_ok($c->get('/api/v1/accounts/x/following'),
	    'following of a malformed id');
};

done_testing();
