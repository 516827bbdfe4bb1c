# delivery.t: what woolly sends to other servers. Remote accounts are
# rows made here, their inboxes on .test names that federation_resolve
# maps to t/tools/inbox_sink.js (TLS with a CA made for this run), which
# checks each POST's Digest and signature with Node's crypto against the
# sender's published key and tells what it got. woolly-deliver runs as a
# child of this test with this test's configuration.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use HTTP::Tiny;
use IO::Socket::INET;
use JSON::PP;
use POSIX ();
use Time::HiRes qw(sleep);
use Woolly::Test;

my $build = $ENV{WOOLLY_TEST_BUILD};
my $src = $ENV{WOOLLY_TEST_SRC};
my $dir = tempdir('woolly-delivery-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $JSON = JSON::PP->new->utf8->canonical;
my $http = HTTP::Tiny->new(timeout => 10);

sub openssl {
	my ($rc, $out, $err) = run_command(['openssl', @_]);
	die "openssl @_: $err" if $rc != 0;
	return $out;
}
openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=woolly delivery test CA', '-keyout', "$dir/ca.key",
    '-out', "$dir/ca.crt");
openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=sink.test',
    '-keyout', "$dir/server.key", '-out', "$dir/server.csr");
write_file("$dir/san.ext", "subjectAltName = DNS:*.sink.test\n");
openssl('x509', '-req', '-in', "$dir/server.csr", '-CA', "$dir/ca.crt",
    '-CAkey', "$dir/ca.key", '-CAcreateserial', '-days', '2',
    '-extfile', "$dir/san.ext", '-out', "$dir/server.crt");

my $sink = fork // die "fork: $!";
if ($sink == 0) {
	open STDOUT, '>', "$dir/sink.log";
	open STDERR, '>&', \*STDOUT;
	{ exec 'node', "$src/t/tools/inbox_sink.js", '--cert',
	    "$dir/server.crt", '--key', "$dir/server.key", '--ports',
	    "$dir/ports.json" }
	POSIX::_exit(127);
}
my %deliverers;
END {
	local $?;
	kill 'KILL', $_ for keys %deliverers;
	waitpid $_, 0 for keys %deliverers;
	if ($sink) { kill 'TERM', $sink; waitpid $sink, 0 }
}
wait_until(sub { -s "$dir/ports.json" }, 30) or
    BAIL_OUT('the inbox sink did not start: ' .
    (eval { read_file("$dir/sink.log") } // ''));
my $ports = decode_json(read_file("$dir/ports.json"));
my ($live, $silent, $ctl) = @$ports{qw(live silent control)};
# A port nothing listens on: a dead host.
my $dead = do {
	my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
	    LocalPort => 0) or die "socket: $!";
	my $p = $s->sockport;
	close $s;
	$p;
};

my @live_hosts = map { "$_.sink.test" } qw(a b c d e f g h i j);
my $resolve = join(' ', (map { "$_:$live:127.0.0.1" } @live_hosts),
    "slow.sink.test:$silent:127.0.0.1", "dead.sink.test:$dead:127.0.0.1");
my $conf = "$dir/woolly.conf";
write_file($conf, read_file($ENV{WOOLLY_TEST_CONF}) .
    "federation_local_use = no\nfederation_ca_file = $dir/ca.crt\n" .
    "federation_resolve = $resolve\ndelivery_concurrency = 8\n" .
    "delivery_retry_seconds = 1\ndelivery_host_failures = 3\n" .
    "delivery_host_probe = 2\n");

sub start_deliverer {
	my ($budget) = @_;
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		open STDOUT, '>>', "$dir/deliver.log";
		open STDERR, '>&', \*STDOUT;
		{ exec "$build/cron/woolly-deliver", '-v', '-c', $conf, '-t',
		    $budget // 600 }
		POSIX::_exit(127);
	}
	$deliverers{$pid} = 1;
	return $pid;
}
sub stop_deliverer {
	my ($pid, $signal) = @_;
	kill $signal // 'TERM', $pid;
	waitpid $pid, 0;
	delete $deliverers{$pid};
	return $?;
}

sub sink_log {
	my $res = $http->get("http://127.0.0.1:$ctl/log");
	die "sink: $res->{status}" unless $res->{success};
	return @{ decode_json($res->{content}) };
}
# The records of activities of a type (and with a predicate), answered.
sub got {
	my ($type, $pred) = @_;
	return grep { $_->{answered} && $_->{activity} &&
	    $_->{activity}{type} eq $type && (!$pred || $pred->($_)) }
	    sink_log();
}
sub hosts_of { return join ' ', sort map { $_->{host} =~ s/:\d+\z//r } @_ }
# Empty but for the hosts that never answer.
sub queue_empty {
	return psql(q{SELECT count(*) FROM deliveries
	    WHERE host !~ '^(slow|dead)\.'}) == 0 &&
	    psql('SELECT count(*) FROM outbox_events WHERE NOT expanded') == 0;
}

# A remote account: username@host, its inbox (path on the host) and,
# when given, a shared inbox.
my $n = 0;
sub remote {
	my ($host, %o) = @_;
	my $name = 'r' . ++$n . unique_name('x');
	my $port = $host =~ /^(slow|dead)\./ ? ($1 eq 'slow' ? $silent : $dead)
	    : $live;
	my $origin = "https://$host:$port";
	my $inbox = $origin . ($o{inbox_path} // "/users/$name/inbox");
	my $shared = $o{shared} ? "$origin/inbox" : '';
	return scalar psql(q{INSERT INTO accounts (username, domain, uri,
	    url, inbox_url, shared_inbox_url) VALUES (:'1', :'2',
	    :'3', :'3', :'4', nullif(:'5', '')) RETURNING id},
	    $name, $host, "$origin/users/$name", $inbox, $shared);
}
sub follows {
	my ($follower, $local_name) = @_;
	psql(q{INSERT INTO follows (account_id, target_account_id, uri)
	    VALUES (:'1', :'2', :'3')}, $follower, account_id_of($local_name),
	    "https://remote.example/follows/$follower");
}
sub acct { return scalar psql(q{SELECT username || '@' || domain
	FROM accounts WHERE id = :'1'}, $_[0]) }

my $alice_deliverer = start_deliverer();

my ($alice, $alice_name) = api_user(prefix => 'alice');
my ($bob, $bob_name) = api_user(prefix => 'bob');
my $alice_uri = base_url() . "/users/$alice_name";
# Followers: two on a.sink.test (one shared inbox), one on b.sink.test
# (its own inbox), and bob, who is local.
my $r1 = remote('a.sink.test', shared => 1);
my $r2 = remote('a.sink.test', shared => 1);
my $r3 = remote('b.sink.test');
follows($_, $alice_name) for $r1, $r2, $r3;
$bob->post_json('/api/v1/accounts/' . account_id_of($alice_name) .
    '/follow', {});
my $r4 = remote('c.sink.test');		# mentioned only
my $r5 = remote('d.sink.test');		# neither

sub post {
	my ($c, %f) = @_;
	my $res = $c->post_json('/api/v1/statuses', \%f);
	die "post: $res->{status} $res->{content}" unless $res->{status} == 200;
	return json_of($res);
}

subtest 'a public post: one Create per inbox, signed, shared inbox once' =>
    sub {
	my $s = post($alice, status => 'hello remote world');
	my $uri = $s->{uri};
	ok(wait_until(sub { got('Create', sub {
	    $_[0]{activity}{object}{id} eq $uri }) >= 2 && queue_empty() }),
	    'delivered') or diag explain [sink_log()];
	my @c = got('Create', sub { $_[0]{activity}{object}{id} eq $uri });
	is(hosts_of(@c), 'a.sink.test b.sink.test',
	    'the shared inbox of a.sink.test once, and b.sink.test');
	my ($a) = grep { $_->{host} =~ /^a\./ } @c;
	my ($b) = grep { $_->{host} =~ /^b\./ } @c;
	is($a->{path}, '/inbox', 'a: to its shared inbox');
	is($b->{path}, "/users/" . (split /@/, acct($r3))[0] . '/inbox',
	    'b: to the account inbox (no shared one)');
	for my $r (@c) {
		ok($r->{verified}, "$r->{host}: signature verifies")
		    or diag $r->{reason};
		ok($r->{digestOk}, "$r->{host}: Digest matches the body");
		is($r->{signedHeaders}, '(request-target) host date digest',
		    "$r->{host}: the headers signed");
		is($r->{keyId}, "$alice_uri#main-key", "$r->{host}: alice's key");
		is($r->{contentType}, 'application/activity+json',
		    "$r->{host}: content type");
		is($r->{activity}{actor}, $alice_uri, 'actor');
		is($r->{activity}{object}{content}, '<p>hello remote world</p>',
		    'the Note');
	}
	is(scalar(got('Create', sub { $_[0]{activity}{object}{id} eq $uri })),
	    2, 'exactly two deliveries');
};

subtest 'followers-only goes to followers and the mentioned only' => sub {
	my $s = post($alice, status => 'for friends, @' . acct($r4),
	    visibility => 'private');
	my $uri = $s->{uri};
	ok(wait_until(sub { got('Create', sub {
	    $_[0]{activity}{object}{id} eq $uri }) >= 3 && queue_empty() }),
	    'delivered');
	is(hosts_of(got('Create', sub { $_[0]{activity}{object}{id} eq $uri })),
	    'a.sink.test b.sink.test c.sink.test',
	    'followers\' inboxes and the mentioned one, not d.sink.test');
	my ($c) = got('Create', sub { $_[0]{activity}{object}{id} eq $uri });
	ok(!grep({ $_ eq 'https://www.w3.org/ns/activitystreams#Public' }
	    @{ $c->{activity}{to} }, @{ $c->{activity}{cc} // [] }),
	    'not addressed to the public');
};

subtest 'direct goes to the mentioned only' => sub {
	my $s = post($alice, status => 'psst @' . acct($r4),
	    visibility => 'direct');
	my $uri = $s->{uri};
	ok(wait_until(sub { got('Create', sub {
	    $_[0]{activity}{object}{id} eq $uri }) >= 1 && queue_empty() }),
	    'delivered');
	is(hosts_of(got('Create', sub { $_[0]{activity}{object}{id} eq $uri })),
	    'c.sink.test', 'only c.sink.test');
};

subtest 'edit sends Update, delete sends Delete' => sub {
	my $s = post($alice, status => 'first words');
	my $uri = $s->{uri};
	ok(wait_until(sub { got('Create', sub {
	    $_[0]{activity}{object}{id} eq $uri }) >= 2 && queue_empty() }),
	    'created');
	my $res = $alice->put_json("/api/v1/statuses/$s->{id}",
	    { status => 'second words' });
	is($res->{status}, 200, 'edited');
	ok(wait_until(sub { got('Update', sub {
	    ref $_[0]{activity}{object} && $_[0]{activity}{object}{id} eq $uri })
	    >= 2 && queue_empty() }), 'Update delivered');
	my @u = got('Update', sub { ref $_[0]{activity}{object} &&
	    $_[0]{activity}{object}{id} eq $uri });
	is(hosts_of(@u), 'a.sink.test b.sink.test', 'to the followers');
	is($u[0]{activity}{object}{content}, '<p>second words</p>',
	    'the new text');
	$res = $alice->delete("/api/v1/statuses/$s->{id}");
	is($res->{status}, 200, 'deleted');
	ok(wait_until(sub { got('Delete', sub {
	    $_[0]{activity}{object}{id} eq $uri }) >= 2 && queue_empty() }),
	    'Delete delivered');
	is(hosts_of(got('Delete', sub { $_[0]{activity}{object}{id} eq $uri })),
	    'a.sink.test b.sink.test', 'to the followers');
};

my $remote_status_uri = "https://d.sink.test:$live/users/x/statuses/1";
my $remote_status = psql(q{INSERT INTO statuses (uri, url, account_id,
    content, local) VALUES (:'1', :'1', :'2', '<p>remote</p>', false)
    RETURNING id}, $remote_status_uri, $r5);

subtest 'favourite sends Like to the author, unfavourite its Undo' => sub {
	is($alice->post_json("/api/v1/statuses/$remote_status/favourite", {})
	    ->{status}, 200, 'favourited');
	ok(wait_until(sub { got('Like') >= 1 && queue_empty() }), 'Like');
	my @l = got('Like');
	is(hosts_of(@l), 'd.sink.test', 'to the author only');
	is($l[0]{activity}{object}, $remote_status_uri, 'of the status');
	like($l[0]{activity}{id}, qr/^\Q$alice_uri\E#likes\/\d+$/, 'its id');
	is($alice->post_json("/api/v1/statuses/$remote_status/unfavourite",
	    {})->{status}, 200, 'unfavourited');
	ok(wait_until(sub { got('Undo', sub {
	    $_[0]{activity}{object}{type} eq 'Like' }) >= 1 && queue_empty() }),
	    'Undo');
	my ($u) = got('Undo', sub { $_[0]{activity}{object}{type} eq 'Like' });
	is($u->{activity}{object}{id}, $l[0]{activity}{id},
	    'undoes that Like');
	is(hosts_of($u), 'd.sink.test', 'to the author');
};

subtest 'boost sends Announce, unboost its Undo' => sub {
	is($alice->post_json("/api/v1/statuses/$remote_status/reblog", {})
	    ->{status}, 200, 'boosted');
	ok(wait_until(sub { got('Announce') >= 3 && queue_empty() }),
	    'Announce');
	my @a = got('Announce');
	is(hosts_of(@a), 'a.sink.test b.sink.test d.sink.test',
	    'to the followers and the author');
	is($a[0]{activity}{object}, $remote_status_uri, 'of the status');
	is($alice->post_json("/api/v1/statuses/$remote_status/unreblog", {})
	    ->{status}, 200, 'unboosted');
	ok(wait_until(sub { got('Undo', sub {
	    $_[0]{activity}{object}{type} eq 'Announce' }) >= 3 &&
	    queue_empty() }), 'Undo');
	my @u = got('Undo', sub { $_[0]{activity}{object}{type} eq 'Announce' });
	is($u[0]{activity}{object}{id}, $a[0]{activity}{id},
	    'undoes that Announce');
};

subtest 'follow sends Follow, unfollow its Undo' => sub {
	my $res = $alice->post_json("/api/v1/accounts/$r5/follow", {});
	is($res->{status}, 200, 'followed');
	ok(json_of($res)->{requested}, 'requested until the Accept comes');
	ok(wait_until(sub { got('Follow') >= 1 && queue_empty() }), 'Follow');
	my @f = got('Follow');
	is(hosts_of(@f), 'd.sink.test', 'to the followed');
	is($f[0]{activity}{object}, "https://d.sink.test:$live/users/" .
	    (split /@/, acct($r5))[0], 'its object');
	is($f[0]{activity}{id}, scalar psql(q{SELECT uri FROM follow_requests
	    WHERE account_id = :'1' AND target_account_id = :'2'},
	    account_id_of($alice_name), $r5), 'the id stored');
	is($alice->post_json("/api/v1/accounts/$r5/unfollow", {})->{status},
	    200, 'unfollowed');
	ok(wait_until(sub { got('Undo', sub {
	    $_[0]{activity}{object}{type} eq 'Follow' }) >= 1 && queue_empty() }),
	    'Undo');
	my ($u) = got('Undo', sub { $_[0]{activity}{object}{type} eq 'Follow' });
	is($u->{activity}{object}{id}, $f[0]{activity}{id}, 'of that Follow');
};

subtest 'accepting, rejecting and removing followers answer their Follow' =>
    sub {
	my ($carol, $carol_name) = api_user(prefix => 'carol');
	is($carol->patch_json('/api/v1/accounts/update_credentials',
	    { locked => JSON::PP::true })->{status}, 200, 'carol is locked');
	ok(wait_until(\&queue_empty), 'queue drained');
	my $carol_id = account_id_of($carol_name);
	my ($r6, $r7) = (remote('e.sink.test'), remote('e.sink.test'));
	for my $r ($r6, $r7) {
		psql(q{INSERT INTO follow_requests (account_id,
		    target_account_id, uri) VALUES (:'1', :'2', :'3')},
		    $r, $carol_id, "https://e.sink.test/follows/$r");
	}
	is($carol->post_json("/api/v1/follow_requests/$r6/authorize", {})
	    ->{status}, 200, 'authorized');
	is($carol->post_json("/api/v1/follow_requests/$r7/reject", {})
	    ->{status}, 200, 'rejected');
	ok(wait_until(sub { got('Accept') >= 1 && got('Reject') >= 1 &&
	    queue_empty() }), 'Accept and Reject');
	my ($acc) = got('Accept');
	my ($rej) = got('Reject');
	is($acc->{activity}{object}{id}, "https://e.sink.test/follows/$r6",
	    'Accept of the Follow');
	is($acc->{activity}{object}{actor}, "https://e.sink.test:$live/users/" .
	    (split /@/, acct($r6))[0], 'its actor');
	is($acc->{path}, '/users/' . (split /@/, acct($r6))[0] . '/inbox',
	    'to the follower\'s inbox');
	is($rej->{activity}{object}{id}, "https://e.sink.test/follows/$r7",
	    'Reject of the other');
	is($carol->post_json("/api/v1/accounts/$r6/remove_from_followers", {})
	    ->{status}, 200, 'follower removed');
	ok(wait_until(sub { got('Reject') >= 2 && queue_empty() }),
	    'Reject on removal');
	my @r = got('Reject', sub { $_[0]{activity}{object}{id} eq
	    "https://e.sink.test/follows/$r6" });
	is(scalar @r, 1, 'a Reject of the accepted Follow');
};

subtest 'block sends Block, unblock its Undo' => sub {
	is($alice->post_json("/api/v1/accounts/$r5/block", {})->{status}, 200,
	    'blocked');
	ok(wait_until(sub { got('Block') >= 1 && queue_empty() }), 'Block');
	my @b = got('Block');
	is(hosts_of(@b), 'd.sink.test', 'to the blocked');
	is($alice->post_json("/api/v1/accounts/$r5/unblock", {})->{status},
	    200, 'unblocked');
	ok(wait_until(sub { got('Undo', sub {
	    $_[0]{activity}{object}{type} eq 'Block' }) >= 1 && queue_empty() }),
	    'Undo');
	my ($u) = got('Undo', sub { $_[0]{activity}{object}{type} eq 'Block' });
	is($u->{activity}{object}{id}, $b[0]{activity}{id}, 'of that Block');
};

subtest 'a profile update sends Update of the actor to the followers' => sub {
	is($alice->patch_json('/api/v1/accounts/update_credentials',
	    { display_name => 'Alice Remote' })->{status}, 200, 'updated');
	ok(wait_until(sub { got('Update', sub {
	    ref $_[0]{activity}{object} &&
	    ($_[0]{activity}{object}{name} // '') eq 'Alice Remote' }) >= 2 &&
	    queue_empty() }), 'Update');
	my @u = got('Update', sub { ref $_[0]{activity}{object} &&
	    ($_[0]{activity}{object}{name} // '') eq 'Alice Remote' });
	is(hosts_of(@u), 'a.sink.test b.sink.test', 'to the followers');
	is($u[0]{activity}{object}{id}, $alice_uri, 'of alice');
	ok($u[0]{verified}, 'signed');
};

subtest 'nothing goes to local accounts' => sub {
	my $base = base_url();
	ok(!grep({ ($_->{activity}{object} // '') =~ /\Q$base\E/ &&
	    $_->{host} !~ /\.sink\.test/ } sink_log()), 'no local host');
	is(scalar psql(q{SELECT count(*) FROM deliveries
	    WHERE inbox_url LIKE :'1' || '%'}, $base), 0, 'none queued');
};

subtest 'a dead and a slow host do not delay a live one' => sub {
	my ($dave, $dave_name) = api_user(prefix => 'dave');
	follows(remote('slow.sink.test'), $dave_name);
	follows(remote('dead.sink.test'), $dave_name);
	follows(remote('f.sink.test'), $dave_name);
	my $s = post($dave, status => 'who hears me');
	ok(wait_until(sub { got('Create', sub {
	    $_[0]{activity}{object}{id} eq $s->{uri} }) >= 1 }),
	    'the live host got it');
	is(scalar psql(q{SELECT count(*) FROM deliveries
	    WHERE host = 'slow.sink.test:' || :'1'}, $silent), 1,
	    'while the slow host still has not answered');
};

subtest 'a failing host is parked, probed, and resumed' => sub {
	my ($erin, $erin_name) = api_user(prefix => 'erin');
	follows(remote('g.sink.test', inbox_path => '/flaky/4/inbox'),
	    $erin_name);
	my $s = post($erin, status => 'try try again');
	my $host = "g.sink.test:$live";
	ok(wait_until(sub { psql(q{SELECT count(*) FROM delivery_hosts
	    WHERE host = :'1' AND unavailable_since IS NOT NULL}, $host) }, 60),
	    'after 3 failures in a row the host is unavailable');
	is(scalar psql(q{SELECT attempts FROM deliveries WHERE host = :'1'},
	    $host), 3, '3 attempts counted');
	# Made while the host is unavailable: it waits for the host.
	my $later = post($erin, status => 'and again');
	ok(wait_until(sub { got('Create', sub {
	    $_[0]{activity}{object}{id} eq $s->{uri} && $_[0]{status} == 202 })
	    && got('Create', sub { $_[0]{activity}{object}{id} eq
	    $later->{uri} && $_[0]{status} == 202 }) }, 60),
	    'both delivered when it answers again');
	ok(wait_until(sub { !psql(q{SELECT count(*) FROM delivery_hosts
	    WHERE host = :'1'}, $host) && !psql(q{SELECT count(*) FROM
	    deliveries WHERE host = :'1'}, $host) }), 'the host is available');
	my @tries = grep { $_->{path} eq '/flaky/4/inbox' } sink_log();
	is(scalar @tries, 6, '3 attempts, a failed probe, a good probe, ' .
	    'the other delivery');
	is(scalar(grep { $_->{activity}{object}{id} eq $later->{uri} &&
	    $_->{status} == 202 } @tries), 1,
	    'the one made while the host was out was delivered once');
};

subtest '410 ends deliveries to that account; other 4xx are dropped' => sub {
	my ($fay, $fay_name) = api_user(prefix => 'fay');
	my $gone = remote('h.sink.test', inbox_path => '/status/410/gone');
	my $refuses = remote('h.sink.test', inbox_path => '/status/403/no');
	follows($_, $fay_name) for $gone, $refuses;
	my $s = post($fay, status => 'anyone there');
	ok(wait_until(sub { psql(q{SELECT inbox_gone_at IS NOT NULL
	    FROM accounts WHERE id = :'1'}, $gone) eq 't' && queue_empty() }),
	    'the account is marked gone');
	is(scalar(grep { $_->{path} eq '/status/403/no' } sink_log()), 1,
	    '403: tried once, dropped');
	post($fay, status => 'anyone now');
	ok(wait_until(sub { grep({ $_->{path} eq '/status/403/no' }
	    sink_log()) == 2 && queue_empty() }), 'the next post went out');
	is(scalar(grep { $_->{path} eq '/status/410/gone' } sink_log()), 1,
	    'but not to the gone account');
};

subtest 'a second copy exits at once' => sub {
	my ($rc, $out) = run_command(["$build/cron/woolly-deliver", '-c',
	    $conf, '-t', '30']);
	is($rc, 0, 'exit 0');
	like($out, qr/another copy is running/, 'saying so');
};

subtest 'killing the deliverer mid-run loses and duplicates nothing' => sub {
	stop_deliverer($alice_deliverer);
	my ($gus, $gus_name) = api_user(prefix => 'gus');
	my @r = map { remote('i.sink.test',
	    inbox_path => "/slow/3000/kill$_/inbox") } 1 .. 12;
	follows($_, $gus_name) for @r;
	my $s = post($gus, status => 'through a crash');
	my $first = start_deliverer();
	ok(wait_until(sub { grep({ $_->{path} =~ m{^/slow/3000/kill} }
	    sink_log()) >= 4 }), 'requests in flight');
	stop_deliverer($first, 'KILL');
	ok(!grep({ $_->{path} =~ m{^/slow/3000/kill} && $_->{answered} }
	    sink_log()), 'none answered before the kill');
	my $second = start_deliverer();
	ok(wait_until(sub { queue_empty() }, 60), 'the queue drains') or
	    diag explain [psql('SELECT * FROM deliveries')];
	my %answered;
	$answered{$_->{path}}++ for grep { $_->{path} =~ m{^/slow/3000/kill}
	    && $_->{answered} } sink_log();
	is(scalar keys %answered, 12, 'every inbox got it');
	is_deeply([grep { $answered{$_} != 1 } sort keys %answered], [],
	    'each exactly once');
	stop_deliverer($second);
	$alice_deliverer = start_deliverer();
};

subtest 'woollyctl delivery status' => sub {
	my ($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    $conf, 'delivery', 'status']);
	is($rc, 0, 'exit 0') or diag $err;
	like($out, qr/^deliveries queued: \d+$/m, 'queue length');
	like($out, qr/^hosts unavailable: \d+$/m, 'hosts unavailable');
	($rc) = run_command(["$build/cli/woollyctl", '-c', $conf, 'delivery',
	    'status', 'extra']);
	isnt($rc, 0, 'an extra argument is refused');
};

done_testing;
