# api_statuses_auth.t: statuses for a signed-in client. Posting (with the
# author's defaults, Idempotency-Key and the 23-character link rule),
# reading one or several with the viewer's own flags, editing with a
# history and a source, deleting for a redraft, and the thread as the
# viewer sees it. Another user's private status is a 404 everywhere.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice, $alice_name, $alice_web) = api_user(prefix => 'sta');
my ($bob, $bob_name, $bob_web) = api_user(prefix => 'stb');
my ($carol, $carol_name) = api_user(prefix => 'stc');
my $anon = client();
my $alice_id = account_id_of($alice_name);
my $bob_id = account_id_of($bob_name);

sub post_ok {
	my ($c, $fields, $what, $headers) = @_;
	my $res = $c->post_json('/api/v1/statuses', $fields, $headers);
	is($res->{status}, 200, "$what: 200") or
	    diag(substr($res->{content} // '', 0, 300));
	ok_schema('Status', $res, "$what: a Status");
	return json_of($res) || {};
}

sub refused {
	my ($res, $status, $error, $what) = @_;
	is($res->{status}, $status, "$what: $status");
	is((json_of($res) || {})->{error}, $error, "$what: Mastodon's message");
	ok_schema('Error', $res, "$what: an Error");
}

# Bob follows Alice through the web form.
sub follow {
	my ($web, $name) = @_;
	my $home = $web->get('/home');
	my $res = $web->post_form("/\@$name/follow",
	    [authenticity_token => csrf_from($home->{content})]);
	die "follow answered $res->{status}\n" unless $res->{status} == 303;
}

sub statuses_of {
	my ($name) = @_;
	return scalar psql(q{SELECT count(*) FROM statuses s JOIN accounts a
	    ON a.id = s.account_id WHERE a.username = :'1'}, $name);
}

subtest 'POST /api/v1/statuses posts a Status' => sub {
	my $s = post_ok($alice, { status => 'Hello from an app',
	    spoiler_text => 'cw', language => 'en' }, 'a post');
	is($s->{content}, '<p>Hello from an app</p>', 'content is the HTML');
	is($s->{visibility}, 'public', 'public by default');
	is($s->{spoiler_text}, 'cw', 'spoiler_text');
	ok($s->{sensitive}, 'a content warning makes it sensitive');
	is($s->{language}, 'en', 'language');
	is($s->{account}{id}, $alice_id, 'by the token\'s user');
	is_deeply($s->{application}, { name => 'woolly tests',
	    website => undef }, 'the application that posted it');
	for my $k (qw(favourited reblogged muted bookmarked pinned)) {
		ok(JSON::PP::is_bool($s->{$k}) && !$s->{$k}, "$k is false");
	}
	is_deeply($s->{filtered}, [], 'filtered is empty');
	ok(!exists $s->{text}, 'no text outside a delete');
	my ($app) = psql('SELECT a.name FROM statuses s JOIN '
	    . 'oauth_applications a ON a.id = s.application_id WHERE s.id = :1',
	    $s->{id});
	is($app, 'woolly tests', 'the application is stored');

	my $other = json_of($bob->get("/api/v1/statuses/$s->{id}"));
	ok(!exists $other->{application}, 'others do not see the application');
	ok(!exists $other->{pinned}, 'nor a pinned flag they cannot change');
	ok(exists $other->{favourited}, 'but their own flags');
	my $anonymous = json_of($anon->get("/api/v1/statuses/$s->{id}"));
	ok(!exists $anonymous->{favourited},
	    'no flags for a signed-out client');

	my $form = $alice->post_form('/api/v1/statuses',
	    [status => 'as a form', visibility => 'unlisted']);
	is($form->{status}, 200, 'a form body works too');
	ok_schema('Status', $form, '... a Status');
	is(json_of($form)->{visibility}, 'unlisted', '... with its visibility');
};

subtest 'the author\'s defaults, and replies stay narrow' => sub {
	my ($dave, $dave_name) = api_user(prefix => 'std');
	psql(q{UPDATE users SET settings = settings || '{"default_privacy":
	    "unlisted", "default_sensitive": true, "default_language": "fr"}'
	    WHERE account_id = :'1'}, account_id_of($dave_name));
	my $s = post_ok($dave, { status => 'defaults' }, 'with defaults');
	is($s->{visibility}, 'unlisted', 'source[privacy] is the default');
	ok($s->{sensitive}, 'source[sensitive] too');
	is($s->{language}, 'fr', 'and source[language]');
	$s = post_ok($dave, { status => 'chosen', visibility => 'public',
	    sensitive => JSON::PP::false, language => 'de' }, 'with choices');
	is($s->{visibility}, 'public', 'a chosen visibility wins');
	ok(!$s->{sensitive}, 'a chosen sensitive wins');
	is($s->{language}, 'de', 'a chosen language wins');
	$s = post_ok($dave, { status => 'odd', language => 'not a language' },
	    'an unknown language');
	is($s->{language}, 'fr', 'an unknown language is ignored, as Mastodon');

	my $private = post_ok($alice, { status => 'followers only',
	    visibility => 'private' }, 'a private post');
	my $reply = post_ok($alice, { status => 'and a reply',
	    in_reply_to_id => $private->{id} }, 'a reply to it');
	is($reply->{visibility}, 'private', 'a reply defaults to its parent');
	is($reply->{in_reply_to_id}, $private->{id}, 'in_reply_to_id');
	is($reply->{in_reply_to_account_id}, $alice_id,
	    'in_reply_to_account_id');
	my $wide = post_ok($alice, { status => 'wide', visibility => 'public',
	    in_reply_to_id => $private->{id} }, 'a reply that asks');
	is($wide->{visibility}, 'public', 'unless it asks for more');
};

subtest 'bad input is a 422 in Mastodon\'s words' => sub {
	my $before = statuses_of($alice_name);
	refused($alice->post_json('/api/v1/statuses', { status => '   ' }),
	    422, "Validation failed: Text can't be blank", 'a blank status');
	refused($alice->post_json('/api/v1/statuses', {}), 422,
	    "Validation failed: Text can't be blank", 'no status');
	refused($alice->post_json('/api/v1/statuses', { status => 'x',
	    visibility => 'everyone' }), 422,
	    'Validation failed: Visibility is not included in the list',
	    'an unknown visibility');
	refused($alice->post_json('/api/v1/statuses', { status => 'x' x 501 }),
	    422, 'Validation failed: Text character limit of 500 exceeded',
	    'too long');
	refused($alice->post_json('/api/v1/statuses', { status => 'x' x 400,
	    spoiler_text => 'y' x 101 }), 422,
	    'Validation failed: Text character limit of 500 exceeded',
	    'too long with its content warning');
	refused($alice->post_form('/api/v1/statuses', [status => 'pic',
	    'media_ids[]' => '123', 'media_ids[]' => '456']), 422,
	    'Media 123, 456 not found or already attached to another post',
	    'media that was never uploaded');
	refused($alice->post_json('/api/v1/statuses', { status => 'pics',
	    media_ids => [1 .. 5] }), 422, 'Cannot attach more than 4 files',
	    'too many media');
	refused($alice->post_json('/api/v1/statuses', { status => 'vote',
	    poll => { options => ['a', 'b'], expires_in => 600 } }), 422,
	    'Validation failed: Polls are not supported by this server yet',
	    'a poll');
	refused($alice->post_form('/api/v1/statuses', [status => 'vote',
	    'poll[options][]' => 'a', 'poll[options][]' => 'b',
	    'poll[expires_in]' => 600]), 422,
	    'Validation failed: Polls are not supported by this server yet',
	    'a poll as a form');
	refused($alice->post_json('/api/v1/statuses', { status => 'later',
	    scheduled_at => '2099-01-01T00:00:00Z' }), 422,
	    'Validation failed: Scheduled posts are not supported by this '
	    . 'server yet', 'scheduled_at');
	refused($alice->post_json('/api/v1/statuses', { status => 'x',
	    sensitive => 'perhaps' }), 422, 'sensitive must be true or false',
	    'a sensitive that is not a boolean');
	refused($alice->post_json('/api/v1/statuses', { status => ['x'] }),
	    422, 'status must be a single value', 'a status that is a list');
	refused($alice->post_json('/api/v1/statuses', { status => 'reply',
	    in_reply_to_id => '1' }), 404,
	    'The post you are trying to reply to does not appear to exist.',
	    'a reply to nothing');
	my $secret = post_ok($carol, { status => 'carol only',
	    visibility => 'private' }, 'a private post of Carol');
	refused($alice->post_json('/api/v1/statuses', { status => 'reply',
	    in_reply_to_id => $secret->{id} }), 404,
	    'The post you are trying to reply to does not appear to exist.',
	    'a reply to a post one cannot see');
	is(statuses_of($alice_name), $before, 'nothing was posted');
};

subtest 'links count as 23 characters, mentions without their domain' => sub {
	my $url = 'https://example.com/' . ('a' x 200);
	my $text = ('x' x 476) . " $url";	# 476 + 1 + 23 = 500
	my $s = post_ok($alice, { status => $text }, 'exactly 500 with a link');
	like($s->{content}, qr{href="\Q$url\E"}, 'the link is whole');
	refused($alice->post_json('/api/v1/statuses',
	    { status => "x$text" }), 422,
	    'Validation failed: Text character limit of 500 exceeded',
	    'one more character');
	# Mastodon counts every mention it can parse, known or not.
	my $mention = "\@$bob_name\@example.social";
	my $pad = 500 - 1 - length($bob_name) - 1;
	post_ok($alice, { status => "$mention " . ('m' x $pad) },
	    'a mention counts as @username');
	refused($alice->post_json('/api/v1/statuses',
	    { status => "$mention " . ('m' x ($pad + 1)) }), 422,
	    'Validation failed: Text character limit of 500 exceeded',
	    '... and no more');
	my $web = $alice_web->get('/home');
	my $res = $alice_web->post_form('/statuses', [
	    status => ('w' x 476) . " $url", visibility => 'public',
	    authenticity_token => csrf_from($web->{content})]);
	is($res->{status}, 303, 'the web form counts links the same way');
};

subtest 'Idempotency-Key gives the same status once' => sub {
	my $key = unique_name('idem');
	my $before = statuses_of($alice_name);
	my $first = post_ok($alice, { status => 'only once' }, 'with a key',
	    { 'Idempotency-Key' => $key });
	my $again = post_ok($alice, { status => 'only once' }, 'the same key',
	    { 'Idempotency-Key' => $key });
	is($again->{id}, $first->{id}, 'the same status comes back');
	my $changed = post_ok($alice, { status => 'different text' },
	    'the same key, other text', { 'Idempotency-Key' => $key });
	is($changed->{id}, $first->{id}, 'still the first status');
	is(statuses_of($alice_name), $before + 1, 'one status was made');
	my $other = post_ok($alice, { status => 'only once' }, 'another key',
	    { 'Idempotency-Key' => "$key-2" });
	isnt($other->{id}, $first->{id}, 'another key posts again');
	my $bobs = post_ok($bob, { status => 'only once' }, 'Bob, same key',
	    { 'Idempotency-Key' => $key });
	isnt($bobs->{id}, $first->{id}, 'a key is per account');
	psql(q{UPDATE status_idempotency_keys SET created_at = now() -
	    interval '61 minutes' WHERE status_id = :1}, $first->{id});
	my $later = post_ok($alice, { status => 'only once' },
	    'the same key an hour later', { 'Idempotency-Key' => $key });
	isnt($later->{id}, $first->{id}, 'a key lasts an hour');
	my $long = $alice->post_json('/api/v1/statuses', { status => 'x' },
	    { 'Idempotency-Key' => 'k' x 600 });
	is($long->{status}, 422, 'a key of 600 bytes is refused');
};

subtest 'GET /api/v1/statuses/:id with a viewer' => sub {
	my $private = post_ok($alice, { status => 'for followers',
	    visibility => 'private' }, 'private');
	my $direct = post_ok($alice, { status => "\@$carol_name psst",
	    visibility => 'direct' }, 'direct');
	my $own = $alice->get("/api/v1/statuses/$private->{id}");
	is($own->{status}, 200, 'the author sees a private status');
	ok_schema('Status', $own, '... a Status');
	is(json_of($own)->{visibility}, 'private', '... private');
	is($own->{headers}{'cache-control'}, 'private, no-store',
	    '... never cached by others');
	not_found_ok($bob->get("/api/v1/statuses/$private->{id}"),
	    'private, to a stranger');
	not_found_ok($bob->get("/api/v1/statuses/$private->{id}/context"),
	    'its context, to a stranger');
	not_found_ok($bob->get("/api/v1/statuses/$direct->{id}"),
	    'direct, to someone not mentioned');
	my $mentioned = $carol->get("/api/v1/statuses/$direct->{id}");
	is($mentioned->{status}, 200, 'direct, to the one mentioned');
	ok_schema('Status', $mentioned, '... a Status');
	follow($bob_web, $alice_name);
	my $follower = $bob->get("/api/v1/statuses/$private->{id}");
	is($follower->{status}, 200, 'private, to a follower');
	ok_schema('Status', $follower, '... a Status');

	psql(q{INSERT INTO blocks (account_id, target_account_id)
	    VALUES (:'1', :'2')}, account_id_of($carol_name), $bob_id);
	my $public = post_ok($carol, { status => 'public of carol' },
	    'a public post');
	not_found_ok($bob->get("/api/v1/statuses/$public->{id}"),
	    'a public post whose author blocks the viewer');
	is($anon->get("/api/v1/statuses/$public->{id}")->{status}, 200,
	    '... is still public to others');
	psql(q{DELETE FROM blocks WHERE account_id = :'1'},
	    account_id_of($carol_name));
};

subtest 'GET /api/v1/statuses?id[]= gives several' => sub {
	my $a = post_ok($alice, { status => 'one' }, 'one');
	my $b = post_ok($alice, { status => 'two' }, 'two');
	my $hidden = post_ok($carol, { status => 'hidden',
	    visibility => 'private' }, 'private of Carol');
	my $q = join '&', map { "id[]=$_" } $b->{id}, $hidden->{id}, 'abc',
	    $a->{id}, $b->{id}, '1';
	my $res = $bob->get("/api/v1/statuses?$q");
	is($res->{status}, 200, 'answers 200');
	ok_schema('Status[]', $res, 'a list of Status');
	is_deeply([map { $_->{id} } @{ json_of($res) }], [$b->{id}, $a->{id}],
	    'the visible ones, in the order asked, once each');
	ok(exists json_of($res)->[0]{favourited}, 'with the viewer\'s flags');
	my $anonymous = $anon->get("/api/v1/statuses?id[]=$a->{id}");
	is($anonymous->{status}, 200, 'signed out too');
	ok_schema('Status[]', $anonymous, '... a list of Status');
	my $none = $anon->get('/api/v1/statuses');
	is($none->{status}, 200, 'no ids');
	is_deeply(json_of($none), [], '... is an empty list');
	my $many = join '&', map { "id[]=$_" } 1 .. 21;
	my $res21 = $anon->get("/api/v1/statuses?$many");
	refused($res21, 422,
	    'Validation failed: Id is too long (maximum is 20 ids)', '21 ids');
	ok_schema('ValidationError', $res21, '... a ValidationError');
};

subtest 'DELETE /api/v1/statuses/:id returns the source to redraft' => sub {
	my $s = post_ok($alice, { status => "Redraft me #tag \@$bob_name",
	    spoiler_text => 'cw' }, 'a post');
	my $boost = $bob->post_json("/api/v1/statuses/$s->{id}/reblog", {});
	is($boost->{status}, 200, 'Bob boosts it');
	not_found_ok($bob->delete("/api/v1/statuses/$s->{id}"),
	    'someone else\'s status');
	not_found_ok($alice->delete('/api/v1/statuses/1'), 'an unknown id');
	my $res = $alice->delete("/api/v1/statuses/$s->{id}");
	is($res->{status}, 200, 'the author deletes it');
	ok_schema('Status', $res, '... and gets a Status');
	my $d = json_of($res);
	is($d->{text}, "Redraft me #tag \@$bob_name", 'with its text');
	is($d->{spoiler_text}, 'cw', 'and its content warning');
	not_found_ok($anon->get("/api/v1/statuses/$s->{id}"),
	    'then it is gone');
	not_found_ok($alice->delete("/api/v1/statuses/$s->{id}"),
	    'deleting twice');
	not_found_ok($bob->get('/api/v1/statuses/' . json_of($boost)->{id}),
	    'and so is the boost of it');
};

subtest 'PUT /api/v1/statuses/:id edits, with history and source' => sub {
	my $s = post_ok($alice, { status => 'first #one', language => 'en' },
	    'a post');
	my $never = $anon->get("/api/v1/statuses/$s->{id}/history");
	is($never->{status}, 200, 'history of an unedited status');
	ok_schema('StatusEdit[]', $never, '... StatusEdit[]');
	is(scalar @{ json_of($never) }, 1, '... is the status itself');

	is($bob->post_json("/api/v1/statuses/$s->{id}/reblog", {})->{status},
	    200, 'Bob boosts it');
	my $res = $alice->put_json("/api/v1/statuses/$s->{id}",
	    { status => "second #two \@$carol_name",
	    spoiler_text => 'now cw' });
	is($res->{status}, 200, 'an edit answers 200');
	ok_schema('Status', $res, '... with a Status');
	my $e = json_of($res);
	like($e->{content}, qr/second/, 'the new content');
	is($e->{spoiler_text}, 'now cw', 'the new content warning');
	ok($e->{sensitive}, 'which makes it sensitive');
	like($e->{edited_at} // '',
	    qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\z/, 'edited_at is set');
	is($e->{language}, 'en', 'an absent language is kept');
	is_deeply([map { lc $_->{name} } @{ $e->{tags} }], ['two'],
	    'the tags follow the text');
	is_deeply([map { $_->{username} } @{ $e->{mentions} }], [$carol_name],
	    'so do mentions');
	is($e->{visibility}, $s->{visibility}, 'the visibility stays');
	my ($mentioned) = psql(q{SELECT NOT silent FROM mentions
	    WHERE status_id = :1 AND account_id = :'2'},
	    $s->{id}, account_id_of($carol_name));
	is($mentioned, 't', 'a new mention is recorded');
	is(scalar psql(q{SELECT count(*) FROM notifications WHERE type =
	    'update' AND status_id = :1 AND account_id = :'2'}, $s->{id},
	    $bob_id), 1, 'who boosted it is told of the edit');

	$res = $alice->put_json("/api/v1/statuses/$s->{id}",
	    { status => 'third', language => 'de' });
	is($res->{status}, 200, 'a second edit');
	ok(!json_of($res)->{sensitive}, 'without a warning, not sensitive');
	is(json_of($res)->{spoiler_text}, '', 'the warning is gone');
	is(json_of($res)->{language}, 'de', 'a new language');
	is_deeply(json_of($res)->{mentions}, [],
	    'a mention no longer in the text is no longer listed');
	is(scalar psql(q{SELECT silent FROM mentions WHERE status_id = :1
	    AND account_id = :'2'}, $s->{id}, account_id_of($carol_name)), 't',
	    '... it turned silent');
	my $dm = post_ok($alice, { status => "\@$carol_name secret",
	    visibility => 'direct' }, 'a direct message');
	is($alice->put_json("/api/v1/statuses/$dm->{id}",
	    { status => 'secret, no one named' })->{status}, 200,
	    'edited to mention no one');
	is($carol->get("/api/v1/statuses/$dm->{id}")->{status}, 200,
	    'who was mentioned keeps seeing it, as in Mastodon');
	not_found_ok($bob->get("/api/v1/statuses/$dm->{id}"),
	    'others still do not');

	my $same = $alice->put_json("/api/v1/statuses/$s->{id}",
	    { status => 'third', language => 'de' });
	is($same->{status}, 200, 'an edit that changes nothing');
	ok_schema('Status', $same, '... a Status');

	my $history = $bob->get("/api/v1/statuses/$s->{id}/history");
	is($history->{status}, 200, 'history answers 200');
	ok_schema('StatusEdit[]', $history, 'history is StatusEdit[]');
	my $h = json_of($history);
	is(scalar @$h, 3, 'the original and two edits (no empty revision)');
	like($h->[0]{content}, qr/first/, 'oldest first');
	like($h->[1]{content}, qr/second/, 'then the first edit');
	is($h->[1]{spoiler_text}, 'now cw', 'with its warning');
	like($h->[2]{content}, qr/third/, 'the newest last');
	is($h->[0]{account}{id}, $alice_id, 'each revision has its account');
	is($h->[0]{created_at}, $s->{created_at},
	    'the original is dated when it was posted');

	my $source = $alice->get("/api/v1/statuses/$s->{id}/source");
	is($source->{status}, 200, 'source answers 200');
	ok_schema('StatusSource', $source, 'source is a StatusSource');
	is_deeply(json_of($source), { id => $s->{id}, text => 'third',
	    spoiler_text => '' }, 'the text as typed');
	not_found_ok($bob->get("/api/v1/statuses/$s->{id}/source"),
	    'the source of someone else\'s status');

	not_found_ok($bob->put_json("/api/v1/statuses/$s->{id}",
	    { status => 'mine now' }), 'editing someone else\'s status');
	refused($alice->put_json("/api/v1/statuses/$s->{id}",
	    { status => '' }), 422, "Validation failed: Text can't be blank",
	    'an edit to nothing');
	refused($alice->put_json("/api/v1/statuses/$s->{id}",
	    { status => 'y' x 501 }), 422,
	    'Validation failed: Text character limit of 500 exceeded',
	    'an edit too long');
	refused($alice->put_json("/api/v1/statuses/$s->{id}",
	    { status => 'p', media_ids => ['9'] }), 422,
	    'Media 9 not found or already attached to another post',
	    'an edit with media');
	not_found_ok($alice->put_json('/api/v1/statuses/1', { status => 'x' }),
	    'editing an unknown status');

	my $private = post_ok($carol, { status => 'private history',
	    visibility => 'private' }, 'a private post');
	not_found_ok($bob->get("/api/v1/statuses/$private->{id}/history"),
	    'the history of a private status of another');
	not_found_ok($anon->get('/api/v1/statuses/1/history'),
	    'the history of an unknown status');
};

subtest 'the thread as the viewer sees it' => sub {
	my $root = post_ok($alice, { status => 'thread root' }, 'root');
	my $private = post_ok($alice, { status => 'followers see this',
	    visibility => 'private', in_reply_to_id => $root->{id} },
	    'a private reply');
	my $carols = post_ok($carol, { status => "\@$alice_name carol here",
	    in_reply_to_id => $root->{id} }, 'a reply by Carol');
	my $res = $bob->get("/api/v1/statuses/$root->{id}/context");
	is($res->{status}, 200, 'context answers 200');
	ok_schema('Context', $res, 'a Context');
	my $ids = [map { $_->{id} } @{ json_of($res)->{descendants} }];
	is_deeply($ids, [$private->{id}, $carols->{id}],
	    'a follower sees the private reply');
	ok(exists json_of($res)->{descendants}[0]{favourited},
	    'with the viewer\'s flags');
	my $anonymous = json_of(
	    $anon->get("/api/v1/statuses/$root->{id}/context"));
	is_deeply([map { $_->{id} } @{ $anonymous->{descendants} }],
	    [$carols->{id}], 'a stranger does not');

	psql(q{INSERT INTO mutes (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $bob_id, account_id_of($carol_name));
	$res = $bob->get("/api/v1/statuses/$root->{id}/context");
	is_deeply([map { $_->{id} } @{ json_of($res)->{descendants} }],
	    [$private->{id}], 'a muted account\'s reply is left out');
	$res = $bob->get("/api/v1/statuses/$private->{id}/context");
	ok_schema('Context', $res, 'the context of the reply');
	is_deeply([map { $_->{id} } @{ json_of($res)->{ancestors} }],
	    [$root->{id}], 'its ancestors');
	psql(q{DELETE FROM mutes WHERE account_id = :'1'}, $bob_id);
};

subtest 'public and tag timelines with a viewer' => sub {
	my $tag = 'woolly' . int(rand(1e9));
	my $a = post_ok($alice, { status => "alpha #$tag #${tag}b" }, 'a');
	my $c = post_ok($carol, { status => "carol #$tag" }, 'c');
	my $b2 = post_ok($bob, { status => "only b #${tag}b #${tag}c" }, 'b');
	psql(q{INSERT INTO mutes (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $bob_id, account_id_of($carol_name));
	my $res = $bob->get("/api/v1/timelines/tag/$tag");
	is($res->{status}, 200, 'tag timeline signed in');
	ok_schema('Status[]', $res, 'a list of Status');
	is_deeply([map { $_->{id} } @{ json_of($res) }], [$a->{id}],
	    'a muted author is left out');
	ok(exists json_of($res)->[0]{favourited}, 'with the viewer\'s flags');
	my $public = json_of(
	    $bob->get('/api/v1/timelines/public?local=true&limit=40'));
	ok(!grep({ $_->{account}{id} eq account_id_of($carol_name) } @$public),
	    'the public timeline leaves the muted author out too');
	psql(q{DELETE FROM mutes WHERE account_id = :'1'}, $bob_id);

	$res = $anon->get("/api/v1/timelines/tag/$tag?any[]=${tag}c");
	ok_schema('Status[]', $res, 'any[]: a list of Status');
	is_deeply([map { $_->{id} } @{ json_of($res) }],
	    [$b2->{id}, $c->{id}, $a->{id}],
	    'any[] adds statuses of other tags');
	$res = $anon->get("/api/v1/timelines/tag/$tag?all[]=${tag}b");
	ok_schema('Status[]', $res, 'all[]: a list of Status');
	is_deeply([map { $_->{id} } @{ json_of($res) }], [$a->{id}],
	    'all[] keeps those that have every tag');
	$res = $anon->get("/api/v1/timelines/tag/$tag?none[]=${tag}b");
	ok_schema('Status[]', $res, 'none[]: a list of Status');
	is_deeply([map { $_->{id} } @{ json_of($res) }], [$c->{id}],
	    'none[] leaves out those with the tag');
	$res = $anon->get(
	    "/api/v1/timelines/tag/$tag?any[]=${tag}c&none[]=${tag}b");
	is_deeply([map { $_->{id} } @{ json_of($res) }], [$c->{id}],
	    'any[] and none[] together');
	$res = $anon->get("/api/v1/timelines/tag/nosuch$tag?any[]=$tag");
	is_deeply(json_of($res), [],
	    'an unknown tag is empty whatever any[] says');
	$res = $anon->get("/api/v1/timelines/tag/$tag?any[]=${tag}c&limit=1");
	is_deeply([map { $_->{id} } @{ json_of($res) }], [$b2->{id}],
	    'a page of one');
	my $next = links($res)->{next};
	like($next // '', qr/any%5B%5D=\Q$tag\Ec/, 'the next link keeps any[]');
	$res = $anon->get($next);
	is_deeply([map { $_->{id} } @{ json_of($res) }], [$c->{id}],
	    'and leads to the next one');
};

done_testing();
