# inbox.t: POST /inbox, /users/NAME/inbox and /actor/inbox take only
# activities whose HTTP signature holds. Deliveries are signed here with
# openssl by actors that a TLS test server serves on .test names
# (Woolly::Peer); every bad one is answered 400, 401, 403 or 413 with a
# JSON reason and leaves nothing in inbox_activities. A good one is
# stored once (a repeat changes nothing) and answered 202; a key that
# changed is fetched again once.
use strict;
use warnings;
use Test::More;
use HTTP::Tiny;
use JSON::PP;
use Woolly::Test;
use Woolly::Peer;

my $peer = Woolly::Peer->start;
my ($api, $name) = api_user(prefix => 'inboxowner');
my $alice = $peer->actor('alice', 'remote.test');
my $bob = $peer->actor('bob', 'remote.test');
my $remote = $peer->origin('remote.test');
my $n = 0;

sub note_activity {
	my ($actor, %o) = @_;
	$n++;
	return {
		'@context' => 'https://www.w3.org/ns/activitystreams',
		id => "$actor->{id}/statuses/$n/activity",
		type => 'Create',
		actor => $actor->{id},
		to => ['https://www.w3.org/ns/activitystreams#Public'],
		object => {
			id => "$actor->{id}/statuses/$n",
			type => 'Note',
			attributedTo => $actor->{id},
			content => "<p>note $n</p>",
			to => ['https://www.w3.org/ns/activitystreams#Public'],
		},
		%o,
	};
}

sub stored {
	my ($uri) = @_;
	return scalar psql('SELECT count(*) FROM inbox_activities ' .
	    "WHERE activity_uri = :'1'", $uri);
}

sub total { return scalar psql('SELECT count(*) FROM inbox_activities') }

# A bad delivery: the status, a reason, and nothing stored.
sub refused {
	my ($res, $status, $why, $what) = @_;
	my $before = $res->{before};
	is($res->{status}, $status, "$what: $status") or
	    diag $res->{content};
	like($res->{json}{error} // '', $why, "$what: the reason says why");
	like($res->{headers}{'content-type'} // '', qr{json},
	    "$what: a JSON answer");
}

sub refused_nothing_stored {
	my ($what, $status, $why, $actor, $activity, %o) = @_;
	my $before = total();
	my $res = $peer->deliver($actor, $o{path} // '/inbox', $activity, %o);
	refused($res, $status, $why, $what);
	is(total(), $before, "$what: nothing stored");
	return $res;
}

subtest 'a signed Create from a new actor is stored and answered 202' => sub {
	my $act = note_activity($alice);
	my $res = $peer->deliver($alice, '/inbox', $act);
	is($res->{status}, 202, '202 Accepted') or diag $res->{content};
	is(stored($act->{id}), 1, 'the activity is stored');
	my ($row) = psql('SELECT activity_type, actor_uri, ' .
	    'inbox_account_id IS NULL, processed_at IS NULL FROM ' .
	    "inbox_activities WHERE activity_uri = :'1'", $act->{id});
	is($row, "Create|$alice->{id}|t|t",
	    'type, actor, the shared inbox, not yet processed');
	ok((grep { m{^GET remote\.test /users/alice signed$} }
	    $peer->requests), 'the actor was fetched with a signed GET');
	my ($acct) = psql('SELECT username, domain, display_name, ' .
	    "inbox_url, public_key_id FROM accounts WHERE uri = :'1'",
	    $alice->{id});
	is($acct, join('|', 'alice', 'remote.test:' . $peer->port, 'Alice',
	    "$alice->{id}/inbox", $alice->{key_id}),
	    'the actor is stored with its key');

	my $again = $peer->deliver($alice, '/inbox', $act);
	is($again->{status}, 202, 'the same activity again: 202');
	is(stored($act->{id}), 1, 'and still stored once');

	my $fetches = grep { m{/users/alice } } $peer->requests;
	$res = $peer->deliver($alice, '/inbox', note_activity($alice));
	is($res->{status}, 202, 'a second activity: 202');
	is(scalar(grep { m{/users/alice } } $peer->requests), $fetches,
	    'the stored key served: no fetch');
};

subtest 'the personal inbox and the instance actor inbox' => sub {
	my $act = note_activity($alice);
	my $res = $peer->deliver($alice, "/users/$name/inbox", $act);
	is($res->{status}, 202, "/users/$name/inbox: 202") or
	    diag $res->{content};
	my $owner = psql('SELECT a.username FROM inbox_activities i JOIN ' .
	    "accounts a ON a.id = i.inbox_account_id WHERE activity_uri = " .
	    ":'1'", $act->{id});
	is($owner, $name, 'stored for that account');
	$act = note_activity($alice);
	$res = $peer->deliver($alice, '/actor/inbox', $act);
	is($res->{status}, 202, '/actor/inbox: 202');
	refused_nothing_stored('an inbox of nobody', 404, qr/no account/,
	    $alice, note_activity($alice), path => '/users/nobody-here/inbox');
};

subtest 'unsigned and wrongly signed deliveries are refused' => sub {
	refused_nothing_stored('no signature', 401, qr/signature/i,
	    $alice, note_activity($alice), no_signature => 1);
	refused_nothing_stored('a signature by another key', 401,
	    qr/verif|signature|match/i, $alice, note_activity($alice),
	    key => $bob->{key}{private});
	my $act = note_activity($alice);
	refused_nothing_stored('a digest that does not match the body', 401,
	    qr/digest/i, $alice, $act,
	    body_for_digest => '{"something": "else"}');
	refused_nothing_stored('no digest on a POST', 401, qr/digest/i,
	    $alice, note_activity($alice), digest => undef);
	refused_nothing_stored('a Date two hours old', 401, qr/date/i,
	    $alice, note_activity($alice),
	    date => Woolly::Peer::http_date(time - 7200));
	refused_nothing_stored('a Date an hour and a half ahead', 401,
	    qr/date/i, $alice, note_activity($alice),
	    date => Woolly::Peer::http_date(time + 5400));
	refused_nothing_stored('a signature that leaves out the digest', 401,
	    qr/digest|cover/i, $alice, note_activity($alice),
	    headers => ['(request-target)', 'host', 'date']);
	refused_nothing_stored('a signature that leaves out the host', 401,
	    qr/host|cover/i, $alice, note_activity($alice),
	    headers => ['(request-target)', 'date', 'digest']);
	refused_nothing_stored('a delivery signed for another server', 401,
	    qr/not this server's domain/, $alice, note_activity($alice),
	    host => 'other.example');
};

subtest 'the signer must be the actor, and the id of its origin' => sub {
	# Bob signs with his own key an activity that says Alice did it.
	refused_nothing_stored('keyId of another actor', 401,
	    qr/not the actor/, $bob, note_activity($alice));
	my $evil = $peer->actor('mallory', 'evil.test');
	my $act = note_activity($evil,
	    id => "$remote/users/alice/statuses/forged");
	refused_nothing_stored('an activity id on another origin', 401,
	    qr/origin/, $evil, $act);
	is(stored("$remote/users/alice/statuses/forged"), 0,
	    'the forged id is not stored');
};

subtest 'an actor document that lies is not taken' => sub {
	# evil.test serves, at its own address, a document claiming to be
	# an actor of remote.test with the attacker's key.
	my $key = $peer->new_key;
	my $url = $peer->origin('evil.test') . '/users/liar';
	$peer->serve($url, { id => "$remote/users/victim", type => 'Person',
	    preferredUsername => 'victim', inbox => "$url/inbox",
	    publicKey => { id => "$url#main-key", owner => $url,
	    publicKeyPem => $key->{public} } });
	my $liar = { id => $url, key_id => "$url#main-key", key => $key };
	refused_nothing_stored('a fetched actor claiming a foreign id', 401,
	    qr/fetched|origin|id/i, $liar, note_activity($liar));
	is(scalar psql("SELECT count(*) FROM accounts WHERE uri = :'1'",
	    "$remote/users/victim"), 0, 'no account for the claimed id');

	my $html = $peer->actor('htmlish', 'evil.test');
	$peer->serve($html->{id}, $html->{doc}, 'text/html');
	refused_nothing_stored('an actor served as text/html', 401,
	    qr/content type|Content-Type|type/i, $html, note_activity($html));
	is(scalar psql("SELECT count(*) FROM accounts WHERE uri = :'1'",
	    $html->{id}), 0, 'that actor is not stored');

	my $gone = { id => "$remote/users/ghost",
	    key_id => "$remote/users/ghost#main-key", key => $peer->new_key };
	refused_nothing_stored('an actor that cannot be fetched', 401,
	    qr/fetch|404/i, $gone, note_activity($gone));
};

subtest 'bodies too large, too deep or not JSON' => sub {
	my $big = note_activity($alice);
	$big->{object}{content} = 'x' x 70000;
	refused_nothing_stored('a body over the limit', 413, qr/large/,
	    $alice, $big);
	my $deep = note_activity($alice);
	my $v = 'bottom';
	$v = [$v] for 1 .. 40;
	$deep->{object}{deep} = $v;
	refused_nothing_stored('JSON nested too deep', 400, qr/deep/,
	    $alice, $deep);
	refused_nothing_stored('a body that is not JSON', 400,
	    qr/parsed|JSON/, $alice, '{"type": "Create", ');
	refused_nothing_stored('an activity without an actor', 400,
	    qr/actor/, $alice, { id => "$remote/x/1", type => 'Create',
	    object => "$remote/x/2" });
};

subtest 'a rotated key is fetched again, once' => sub {
	$peer->rotate_key($alice);
	my $before = grep { m{/users/alice } } $peer->requests;
	my $act = note_activity($alice);
	my $res = $peer->deliver($alice, '/inbox', $act);
	is($res->{status}, 202, 'signed with the new key: 202') or
	    diag $res->{content};
	is(scalar(grep { m{/users/alice } } $peer->requests), $before + 1,
	    'the actor was fetched once more');
	my $stored = join "\n", psql('SELECT public_key FROM accounts ' .
	    "WHERE uri = :'1'", $alice->{id});
	(my $want = $alice->{key}{public}) =~ s/\s+\z//;
	$stored =~ s/\s+\z//;
	is($stored, $want, 'the new key is stored');
	$before = grep { m{/users/alice } } $peer->requests;
	my $old = $peer->new_key;
	refused_nothing_stored('a key the actor does not have', 401,
	    qr/verif|signature|match/i, $alice, note_activity($alice),
	    key => $old->{private});
	is(scalar(grep { m{/users/alice } } $peer->requests), $before + 1,
	    'one fetch again for a failing key, no more');
};

subtest 'a suspended domain is refused with 403' => sub {
	my $carol = $peer->actor('carol', 'blocked.test');
	my $res = $peer->deliver($carol, '/inbox', note_activity($carol));
	is($res->{status}, 202, 'before the block: 202');
	my ($rc, $out, $err) = woollyctl('domain', 'block', 'blocked.test',
	    '--severity', 'suspend');
	is($rc, 0, 'woollyctl domain block: exit 0') or diag $err;
	like($out, qr/blocked\.test: suspend \(1 account removed\)/,
	    'it says one account was removed');
	is(scalar psql("SELECT count(*) FROM accounts WHERE uri = :'1'",
	    $carol->{id}), 0, 'that account is gone');
	refused_nothing_stored('a delivery from a suspended domain', 403,
	    qr/domain/, $carol, note_activity($carol));
	my $sub = $peer->actor('dave', 'sub.blocked.test');
	refused_nothing_stored('and from its subdomain', 403, qr/domain/,
	    $sub, note_activity($sub));
	($rc, $out) = woollyctl('domain', 'list');
	like($out, qr/^blocked\.test\tsuspend\t/m, 'domain list shows it');
	($rc, $out) = woollyctl('domain', 'unblock', 'blocked.test');
	is($rc, 0, 'domain unblock: exit 0');
	$res = $peer->deliver($carol, '/inbox', note_activity($carol));
	is($res->{status}, 202, 'after the unblock: 202 again');
};

subtest 'authorized fetch: documents for signed requests only' => sub {
	my $ap = { Accept => 'application/activity+json' };
	my $http = HTTP::Tiny->new;
	my $get = sub { $http->get(base_url() . $_[0], { headers => $_[1] }) };
	is($get->("/users/$name", $ap)->{status}, 200,
	    'off: an unsigned actor GET is answered');
	$peer->reconfigure(authorized_fetch => 'yes');
	my $res = $get->("/users/$name", $ap);
	is($res->{status}, 401, 'on: an unsigned actor GET is 401');
	like($res->{content}, qr/signature/i, 'with the reason');
	is($get->("/users/$name/outbox", $ap)->{status}, 401,
	    'an unsigned collection GET too');
	$res = $peer->signed_get($alice, "/users/$name");
	is($res->{status}, 200, 'a GET signed by a remote actor: 200') or
	    diag $res->{content};
	like($res->{content}, qr/"preferredUsername"/, 'the actor');
	$res = $peer->signed_get($alice, "/users/$name/outbox");
	is($res->{status}, 200, 'a signed collection GET: 200');
	my $stranger = { key_id => $alice->{key_id}, key => $peer->new_key };
	is($peer->signed_get($stranger, "/users/$name")->{status}, 401,
	    'a signature that does not verify: 401');
	is($get->('/actor', $ap)->{status}, 200,
	    'the instance actor stays public');
	is($get->("/.well-known/webfinger?resource=acct:$name\@" . domain(),
	    {})->{status}, 200, 'WebFinger stays public');
	isnt($get->("/users/$name", { Accept => 'text/html' })->{status}, 401,
	    'the profile page for a browser is not affected');
	$peer->reconfigure;
	is($get->("/users/$name", $ap)->{status}, 200, 'off again: 200');
};

subtest 'woollyctl domain: bad input' => sub {
	my ($rc, $out, $err) = woollyctl('domain', 'block', 'x.test');
	isnt($rc, 0, 'no severity: refused');
	($rc, $out, $err) = woollyctl('domain', 'block', 'x.test',
	    '--severity', 'obliterate');
	isnt($rc, 0, 'an unknown severity: refused');
	($rc, $out, $err) = woollyctl('domain', 'block', 'https://x.test/',
	    '--severity', 'silence');
	isnt($rc, 0, 'a URL is not a domain');
	like($err, qr/not a domain/, 'and it says so');
	($rc, $out, $err) = woollyctl('domain', 'unblock', 'never.test');
	isnt($rc, 0, 'unblocking what is not blocked: exit non-zero');
	like($err, qr/not blocked/, 'and it says so');
};

done_testing;
