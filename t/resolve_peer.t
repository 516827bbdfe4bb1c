# resolve_peer.t: what looking things up on other servers refuses, with
# scripted peers (Woolly::Peer) that serve what a real server would not:
# a WebFinger answer naming an actor of another domain, a post whose
# author is of another origin, a document whose id is foreign, a domain
# the administrator suspended (never even asked). And the thread above a
# delivered reply: fetched, at most REMOTE_ANCESTORS_MAX (8) posts up,
# ending at a loop, never from a suspended domain.
use strict;
use warnings;
use Test::More;
use Woolly::Test;
use Woolly::Peer;

my $AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
my $peer = Woolly::Peer->start;
my ($api, $name) = api_user(prefix => 'rpeer');
my $me = base_url() . "/users/$name";
my $port = $peer->port;
my $remote = $peer->origin('remote.test');
my $n = 0;

sub qs {
	my (@pairs) = @_;
	my @out;
	while (my ($k, $v) = splice @pairs, 0, 2) {
		(my $e = $v) =~ s/([^A-Za-z0-9_.~-])/sprintf('%%%02X', ord $1)/ge;
		push @out, "$k=$e";
	}
	return join '&', @out;
}

sub resolve {
	my ($q) = @_;
	my $res = $api->get('/api/v2/search?' . qs(q => $q, resolve => 'true'));
	is($res->{status}, 200, "resolve $q: 200") or diag($res->{content});
	return json_of($res) // {};
}

sub stored_account {
	return scalar psql('SELECT count(*) FROM accounts WHERE uri = :\'1\'',
	    $_[0]);
}

sub stored_status {
	return scalar psql('SELECT count(*) FROM statuses WHERE uri = :\'1\'',
	    $_[0]);
}

# Serve the WebFinger answer of name@host:PORT, naming actor_id.
sub serve_webfinger {
	my ($user, $host, $actor_id) = @_;
	my $resource = "acct:$user\@$host:$port";
	(my $arg = $resource) =~
	    s/([^A-Za-z0-9_.~-])/sprintf('%%%02X', ord $1)/ge;
	$peer->serve($peer->origin($host) .
	    "/.well-known/webfinger?resource=$arg", { subject => $resource,
	    links => [{ rel => 'self', type => 'application/activity+json',
	    href => $actor_id }] }, 'application/jrd+json');
}

sub a_note {
	my ($actor, %o) = @_;
	$n++;
	my $note = { id => "$actor->{id}/statuses/$n", type => 'Note',
	    attributedTo => $actor->{id}, content => "<p>note $n</p>",
	    published => '2026-12-01T10:00:00Z', to => [$AS_PUBLIC],
	    cc => ["$actor->{id}/followers"], %o };
	$peer->serve($note->{id}, $note);
	return $note;
}

subtest 'WebFinger' => sub {
	my $amy = $peer->actor('amy', 'remote.test');
	serve_webfinger('amy', 'remote.test', $amy->{id});
	my $found = resolve("\@amy\@remote.test:$port");
	is($found->{accounts}[0]{acct}, "amy\@remote.test:$port",
	    'an actor of the domain asked is taken');

	my $other = $peer->actor('otto', 'other.test');
	serve_webfinger('otto', 'remote.test', $other->{id});
	$found = resolve("\@otto\@remote.test:$port");
	is_deeply($found->{accounts}, [],
	    'an actor of another domain is not');
	is(stored_account($other->{id}), 0, '... nor stored');

	# The answer names amy, asked for ann: not ann.
	serve_webfinger('ann', 'remote.test', $amy->{id});
	$found = resolve("\@ann\@remote.test:$port");
	is_deeply($found->{accounts}, [], 'an actor of another name is not');
};

subtest 'posts and documents of another origin' => sub {
	my $eve = $peer->actor('eve', 'evil.test');
	my $rae = $peer->actor('rae', 'remote.test');
	# remote.test serves a Note that says evil.test's eve wrote it.
	my $note = a_note($rae, attributedTo => $eve->{id});
	my $found = resolve($note->{id});
	is_deeply([@{ $found->{statuses} }, @{ $found->{accounts} }], [],
	    'a post whose author is of another origin: no result');
	is(stored_status($note->{id}), 0, '... nothing stored');
	is(stored_account($eve->{id}), 0, '... not even the author');

	# remote.test serves, at its own URL, an object with evil.test's id.
	my $url = "$remote/forged/1";
	$peer->serve($url, { id => $peer->origin('evil.test') . '/notes/1',
	    type => 'Note', attributedTo => $eve->{id}, content => 'forged',
	    to => [$AS_PUBLIC] });
	$found = resolve($url);
	is_deeply($found->{statuses}, [], 'a foreign id: no result');
	is(stored_status($peer->origin('evil.test') . '/notes/1'), 0,
	    '... nothing stored');

	$peer->serve("$remote/gone", { id => "$remote/gone",
	    type => 'Tombstone' });
	is_deeply(resolve("$remote/gone")->{statuses}, [],
	    'a Tombstone: no result');
	$peer->serve("$remote/html", '<html>not here</html>', 'text/html');
	is_deeply(resolve("$remote/html")->{statuses}, [],
	    'an HTML page: no result');

	my $ok = a_note($rae);
	$found = resolve($ok->{id});
	like($found->{statuses}[0]{content} // '', qr/note $n/,
	    'a post of its author\'s origin is taken');
};

subtest 'a suspended domain is never asked' => sub {
	my ($code, undef, $err) = woollyctl('domain', 'block', 'blocked.test',
	    '--severity', 'suspend');
	is($code, 0, 'blocked.test suspended') or diag($err);
	my $bea = $peer->actor('bea', 'blocked.test');
	serve_webfinger('bea', 'blocked.test', $bea->{id});
	my $note = a_note($bea);
	my $sub = $peer->actor('sue', 'sub.blocked.test');
	my $before = grep { /blocked\.test/ } $peer->requests;
	is_deeply(resolve("\@bea\@blocked.test:$port")->{accounts}, [],
	    'an address there: no result');
	is_deeply(resolve($note->{id})->{statuses}, [],
	    'a post there: no result');
	is_deeply(resolve($sub->{id})->{accounts}, [],
	    'an actor of a subdomain: no result');
	is(scalar(grep { /blocked\.test/ } $peer->requests), $before,
	    'and the domain was not asked anything');
	is(stored_account($bea->{id}), 0, 'nothing stored');
};

# Deliver a Create of note to our user's inbox and process it.
sub deliver_note {
	my ($actor, $note) = @_;
	my $res = $peer->deliver($actor, "/users/$name/inbox", {
	    '@context' => 'https://www.w3.org/ns/activitystreams',
	    id => "$note->{id}/activity", type => 'Create',
	    actor => $actor->{id}, to => $note->{to}, cc => $note->{cc},
	    object => $note });
	is($res->{status}, 202, 'the reply is delivered') or
	    diag($res->{content});
	my ($rc, $err) = $peer->process;
	is($rc, 0, 'and processed') or diag($err);
}

subtest 'the thread above a reply, bounded' => sub {
	my $ray = $peer->actor('ray', 'remote.test');
	my @chain = (a_note($ray));
	push @chain, a_note($ray, inReplyTo => $chain[-1]{id}) for 1 .. 10;
	deliver_note($ray, $chain[-1]);
	is(stored_status($chain[-1]{id}), 1, 'the reply is stored');
	my @stored = map { stored_status($_->{id}) } @chain[0 .. 9];
	is_deeply(\@stored, [0, 0, (1) x 8],
	    'the 8 posts above it are fetched, no more');
	my $depth = psql('WITH RECURSIVE up(id, parent, d) AS ('
	    . 'SELECT id, in_reply_to_id, 0 FROM statuses WHERE uri = :\'1\' '
	    . 'UNION ALL SELECT s.id, s.in_reply_to_id, up.d + 1 FROM statuses s '
	    . 'JOIN up ON s.id = up.parent) SELECT max(d) FROM up',
	    $chain[-1]{id});
	is($depth, 8, 'and linked one to the next');

	# Two posts that answer each other: fetched once, then it stops.
	my ($x, $y) = ("$ray->{id}/loop/x", "$ray->{id}/loop/y");
	my $nx = { id => $x, type => 'Note', attributedTo => $ray->{id},
	    content => 'x', inReplyTo => $y, to => [$AS_PUBLIC] };
	my $ny = { %$nx, id => $y, content => 'y', inReplyTo => $x };
	$peer->serve($x, $nx);
	$peer->serve($y, $ny);
	my $reply = a_note($ray, inReplyTo => $x);
	deliver_note($ray, $reply);
	is(stored_status($reply->{id}) + stored_status($x) + stored_status($y),
	    3, 'a loop: each post once, and the worker goes on');
};

subtest 'a parent on a suspended domain is not fetched' => sub {
	my $bo = $peer->actor('bo', 'blocked.test');
	my $rex = $peer->actor('rex', 'remote.test');
	my $parent = a_note($bo);
	my $before = grep { /blocked\.test/ } $peer->requests;
	my $reply = a_note($rex, inReplyTo => $parent->{id});
	deliver_note($rex, $reply);
	is(stored_status($reply->{id}), 1, 'the reply is stored');
	is(stored_status($parent->{id}), 0, 'its parent is not');
	is(scalar(grep { /blocked\.test/ } $peer->requests), $before,
	    'blocked.test was not asked');
	my ($code) = woollyctl('domain', 'unblock', 'blocked.test');
	is($code, 0, 'the block is lifted');
};

done_testing();
