# http_client.t: every outgoing request goes through one safe client,
# driven here through `woollyctl fetch` against real servers on loopback
# (t/tools/fetch_test_server.js, over TLS with a CA made for this run).
# With federation_local_use off, http, loopback, private, link-local,
# metadata and mapped addresses are refused, by literal, by name and
# after a redirect; names under .test that federation_resolve maps stand
# for public servers. With it on, the same servers are reached directly.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use JSON::PP;
use POSIX ();
use Time::HiRes qw(sleep);
use Woolly::Test;

my $build = $ENV{WOOLLY_TEST_BUILD};
my $src = $ENV{WOOLLY_TEST_SRC};
my $dir = tempdir('woolly-http-client-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $JSON = JSON::PP->new->utf8->canonical;

# A CA for this run, and a certificate it signed for the test names.
sub openssl {
	my (@args) = @_;
	my ($rc, $out, $err) = run_command(['openssl', @args]);
	die "openssl @args: $err" if $rc != 0;
	return $out;
}
openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=woolly test CA', '-keyout', "$dir/ca.key",
    '-out', "$dir/ca.crt");
openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=peer.test',
    '-keyout', "$dir/server.key", '-out', "$dir/server.csr");
write_file("$dir/san.ext", "subjectAltName = DNS:peer.test, " .
    "DNS:other.test, DNS:rebound.example, DNS:localhost, IP:127.0.0.1, " .
    "IP:::1\n");
openssl('x509', '-req', '-in', "$dir/server.csr", '-CA', "$dir/ca.crt",
    '-CAkey', "$dir/ca.key", '-CAcreateserial', '-days', '2',
    '-extfile', "$dir/san.ext", '-out', "$dir/server.crt");

# The server, as a child of this test; stopped by its pid at the end.
write_file("$dir/public.pem", '');
my $server = fork // die "fork: $!";
if ($server == 0) {
	open STDOUT, '>', "$dir/server.log";
	open STDERR, '>&', \*STDOUT;
	{ exec 'node', "$src/t/tools/fetch_test_server.js", '--cert',
	    "$dir/server.crt", '--key', "$dir/server.key", '--ports',
	    "$dir/ports.json", '--public-key', "$dir/public.pem" }
	POSIX::_exit(127);
}
END { if ($server) { kill 'TERM', $server; waitpid $server, 0 } }
wait_until(sub { -s "$dir/ports.json" }, 30) or
    BAIL_OUT('the test server did not start: ' .
    (eval { read_file("$dir/server.log") } // ''));
my $ports = decode_json(read_file("$dir/ports.json"));
my ($tls, $plain) = ($ports->{https}, $ports->{http});

# Configurations: the test stack's, with the federation keys set.
my $base_conf = read_file($ENV{WOOLLY_TEST_CONF});
sub conf {
	my ($name, %keys) = @_;
	my $text = $base_conf . join('', map { "$_ = $keys{$_}\n" }
	    sort keys %keys);
	write_file("$dir/$name.conf", $text);
	return "$dir/$name.conf";
}
my $resolve = join(' ', map { "$_:$tls:127.0.0.1" }
    qw(peer.test other.test rebound.example));
my $strict = conf('strict', federation_local_use => 'no',
    federation_ca_file => "$dir/ca.crt", federation_resolve => $resolve);
my $local = conf('local', federation_local_use => 'yes',
    federation_ca_file => "$dir/ca.crt",
    federation_resolve => "xn--bcher-kva.test:$plain:127.0.0.1");

sub fetch {
	my ($conf, @args) = @_;
	return run_command(["$build/cli/woollyctl", '-c', $conf, 'fetch',
	    @args]);
}

my $peer = "https://peer.test:$tls";

sub refused {
	my ($url, $why, $name, @opts) = @_;
	my ($rc, $out, $err) = fetch($strict, @opts, $url);
	isnt($rc, 0, "$name: exit non-zero");
	like($err, $why, "$name: the reason says why");
	is($out, '', "$name: nothing fetched");
}

subtest 'a public server (a mapped .test name) over https is fetched' => sub {
	my ($rc, $out, $err) = fetch($strict, "$peer/ok");
	is($rc, 0, 'exit 0') or diag $err;
	like($out, qr/\Astatus: 200\ncontent-type: text\/plain\n/,
	    'status and content type printed');
	like($out, qr/^hello from peer\.test:$tls$/m, 'the body printed');
	($rc, $out) = fetch($strict, "$peer/echo");
	my ($json) = $out =~ /\n\n(.*)\z/s;
	my $echo = $JSON->decode($json);
	like($echo->{headers}{'user-agent'},
	    qr{^woolly/\S+ \(\+http://\Q$ENV{WOOLLY_TEST_DOMAIN}\E/\)$},
	    'the User-Agent names woolly and the instance');
	is($echo->{headers}{host}, "peer.test:$tls", 'Host carries the port');
	ok(!exists $echo->{headers}{signature}, 'an unsigned GET by default');
	($rc, $out) = fetch($strict, "$peer/status/404");
	is($rc, 1, 'a 404: exit 1');
	like($out, qr/\Astatus: 404\n/, 'with the status printed');
};

subtest 'an internationalised host name: its punycode form only' => sub {
	my ($rc, $out, $err) = fetch($local,
	    "http://xn--bcher-kva.test:$plain/echo");
	is($rc, 0, 'the punycode name is fetched') or diag $err;
	my ($json) = $out =~ /\n\n(.*)\z/s;
	is(eval { $JSON->decode($json)->{headers}{host} },
	    "xn--bcher-kva.test:$plain", '... with it as Host');
	($rc, $out, $err) = fetch($local,
	    "http://b\x{c3}\x{bc}cher.test:$plain/echo");
	is($rc, 1, 'the raw name is refused');
	like($err, qr/host name that is not ASCII/, '... saying why');
};

subtest 'plain http is refused' => sub {
	refused("http://peer.test:$plain/ok", qr/only https/, 'http URL');
	refused("ftp://peer.test/x", qr/only https/, 'ftp URL');
};

subtest 'loopback, private and special addresses are refused' => sub {
	refused("https://127.0.0.1:$tls/ok", qr/127\.0\.0\.1 is a loopback/,
	    '127.0.0.1');
	refused('https://10.0.0.1/ok', qr/10\.0\.0\.1 is a private/,
	    '10.0.0.1');
	refused('https://192.168.1.1/', qr/private/, '192.168.1.1');
	refused('https://100.64.0.1/', qr/carrier-grade NAT/, '100.64.0.1');
	refused('https://169.254.169.254/latest/meta-data/',
	    qr/169\.254\.169\.254 is the cloud metadata address/,
	    '169.254.169.254');
	refused('https://169.254.1.1/', qr/link-local/, '169.254.1.1');
	refused('https://0.0.0.0/', qr/unspecified/, '0.0.0.0');
	refused('https://224.0.0.1/', qr/multicast/, '224.0.0.1');
	refused("https://[::1]:$tls/ok", qr/::1 is a loopback/, '[::1]');
	refused("https://[::ffff:127.0.0.1]:$tls/ok",
	    qr/IPv4-mapped/, '[::ffff:127.0.0.1]');
	refused('https://[::127.0.0.1]/', qr/IPv4-compatible/,
	    '[::127.0.0.1]');
	refused('https://[fd00::1]/', qr/unique-local/, '[fd00::1]');
	refused('https://[fe80::1]/', qr/link-local/, '[fe80::1]');
	refused("https://2130706433:$tls/ok", qr/loopback/,
	    '127.0.0.1 written as a number');
	refused('https://user:secret@peer.test/', qr/credentials/,
	    'a URL with credentials');
};

subtest 'a name that resolves to a refused address is refused' => sub {
	refused("https://rebound.example:$tls/ok",
	    qr/rebound\.example resolves to 127\.0\.0\.1, a loopback address/,
	    'a name mapped to 127.0.0.1 (not under .test)');
	refused("https://localhost:$tls/ok",
	    qr/localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
	    'localhost');
};

subtest 'redirects are followed, re-checked and limited to 3' => sub {
	my ($rc, $out, $err) = fetch($strict,
	    "$peer/redirect?to=https://other.test:$tls/ok");
	is($rc, 0, 'a redirect to another public server: followed') or
	    diag $err;
	like($out, qr{^url: https://other\.test:$tls/ok$}m,
	    'the final URL is the target');
	like($out, qr/^hello from other\.test:$tls$/m, 'and its body');
	refused("$peer/redirect?to=https://127.0.0.1:$tls/ok",
	    qr/127\.0\.0\.1 is a loopback address \(after a redirect/,
	    'a redirect to 127.0.0.1');
	refused("$peer/redirect?to=https://rebound.example:$tls/ok&status=301",
	    qr/rebound\.example resolves to 127\.0\.0\.1.*after a redirect/,
	    'a redirect to a name that resolves to 127.0.0.1');
	refused("$peer/redirect?to=https://169.254.169.254/&status=307",
	    qr/metadata/, 'a redirect to the metadata address');
	refused("$peer/redirect?to=http://peer.test:$plain/ok",
	    qr/only https/, 'a redirect to plain http');
	($rc, $out, $err) = fetch($strict, "$peer/chain/3");
	is($rc, 0, 'three redirects: followed') or diag $err;
	like($out, qr/end of the chain/, 'to the end');
	refused("$peer/chain/4", qr/more than 3 redirects/, 'four redirects');
};

subtest 'the body limit' => sub {
	my ($rc, $out, $err) = fetch($strict, "$peer/big?n=1048576");
	is($rc, 0, 'exactly 1 MiB: fetched') or diag $err;
	is(length($out =~ s/\A.*?\n\n//sr), 1048576, 'all of it');
	refused("$peer/big?n=1048577", qr/larger than 1048576 bytes/,
	    '1 MiB and a byte, with Content-Length');
	refused("$peer/big-chunked?n=2000000", qr/larger than 1048576 bytes/,
	    'a chunked body over 1 MiB');
	refused("$peer/big?n=1001", qr/larger than 1000 bytes/,
	    'a limit set for one call', '--max-body', 1000);
	($rc, $out) = fetch($strict, '--max-body', 1000, "$peer/big?n=1000");
	is($rc, 0, 'a body within that limit: fetched');
};

subtest 'ActivityPub objects: type, JSON and origin checked' => sub {
	my ($rc, $out, $err) = fetch($strict, '--ap', "$peer/actor");
	is($rc, 0, 'application/activity+json: taken') or diag $err;
	my ($json) = $out =~ /\n\n(.*)\z/s;
	is($JSON->decode($json)->{id}, "$peer/actor", 'the object printed');
	($rc, $out, $err) = fetch($strict, '--ap', "$peer/ld-actor");
	is($rc, 0, 'application/ld+json with the profile: taken') or diag $err;
	($rc, $out, $err) = fetch($strict, '--ap', "$peer/redirect?to=" .
	    "https://other.test:$tls/actor");
	is($rc, 0, 'an object on the origin it was redirected to: taken') or
	    diag $err;
	refused("$peer/html-actor", qr/content type text\/html/,
	    'text/html', '--ap');
	refused("$peer/json-actor", qr/content type application\/json /,
	    'application/json', '--ap');
	refused("$peer/foreign",
	    qr{the object's id https://victim\.example/users/admin is not on the origin},
	    'an id on another host (CVE-2024-23832)', '--ap');
	refused("$peer/other-port", qr/is not on the origin/,
	    'an id on another port', '--ap');
	refused("$peer/redirect?to=https://other.test:$tls/foreign",
	    qr/is not on the origin of https:\/\/other\.test/,
	    'a redirect to a server that claims a foreign id', '--ap');
	refused("$peer/noid", qr/has no id/, 'no id', '--ap');
	refused("$peer/userinfo-id", qr/holds a NUL byte or a user name/,
	    'an id with a user name before the host', '--ap');
	refused("$peer/nul-id", qr/holds a NUL byte or a user name/,
	    'an id with a NUL byte', '--ap');
	refused("$peer/ld-did", qr/content type application\/ld\+json/,
	    'JSON-LD of another profile', '--ap');
	refused("$peer/deep", qr/nested deeper than 32/, 'JSON nested too deep',
	    '--ap');
	refused("$peer/array", qr/not an object/, 'a JSON array', '--ap');
	refused("$peer/notjson", qr/not JSON/, 'broken JSON', '--ap');
	refused("$peer/status/410", qr/HTTP 410/, 'Gone', '--ap');
};

subtest 'a signed GET carries a signature that verifies' => sub {
	my (undef, $name) = new_user(prefix => 'signer');
	my @key = psql('SELECT public_key FROM accounts WHERE domain IS NULL ' .
	    "AND username = :'1'", $name);
	write_file("$dir/public.pem", join("\n", @key) . "\n");
	my ($rc, $out, $err) = fetch($strict, '--sign', '--as', $name,
	    "$peer/signed");
	is($rc, 0, 'fetched') or diag $err;
	my ($json) = $out =~ /\n\n(.*)\z/s;
	my $check = $JSON->decode($json);
	ok($check->{verified}, 'the test server verifies the signature') or
	    diag explain $check;
	is($check->{keyId}, "http://$ENV{WOOLLY_TEST_DOMAIN}/users/$name" .
	    '#main-key', "keyId is the account's key");
	is($check->{algorithm}, 'rsa-sha256', 'algorithm rsa-sha256');
	is($check->{headers}, '(request-target) host date',
	    'covers (request-target), host and date');
	($rc, $out, $err) = fetch($strict, '--ap', '--sign', '--as', $name,
	    "$peer/signed-actor");
	is($rc, 0, 'a signed ActivityPub fetch passes an authorized-fetch ' .
	    'server') or diag $err;
	refused("$peer/signed-actor", qr/HTTP 401/,
	    'the same fetch unsigned is turned away by that server', '--ap');
	my $activity = '{"type":"Create","id":"x"}';
	write_file("$dir/activity.json", $activity);
	($rc, $out, $err) = fetch($strict, '--sign', '--as', $name, '--post',
	    "$dir/activity.json", "$peer/inbox");
	is($rc, 0, 'a signed POST is delivered') or diag $err;
	($json) = $out =~ /\n\n(.*)\z/s;
	$check = $JSON->decode($json);
	is($check->{method}, 'POST', 'as a POST');
	is($check->{body}, $activity, 'with the body, byte for byte');
	is($check->{contentType}, 'application/activity+json',
	    'as application/activity+json');
	ok($check->{digestMatches}, 'its Digest is the SHA-256 of the body') or
	    diag explain $check;
	is($check->{headers}, '(request-target) host date digest',
	    'the signature covers (request-target), host, date and digest');
	ok($check->{verified}, 'and the test server verifies it') or
	    diag explain $check;
	($rc, $out, $err) = fetch($strict, '--post', "$dir/activity.json",
	    "$peer/redirect?to=https://other.test:$tls/inbox");
	is($rc, 1, 'a POST answered by a redirect: exit 1');
	like($out, qr/\Astatus: 302\n/, 'the redirect is not followed');

	# Without --as: the instance actor's key, as servers sign fetches.
	my $instance = client(headers => {
	    Accept => 'application/activity+json' })->get('/actor');
	my $actor = $JSON->decode($instance->{content});
	write_file("$dir/public.pem", $actor->{publicKey}{publicKeyPem});
	($rc, $out, $err) = fetch($strict, '--sign', "$peer/signed");
	is($rc, 0, 'signed without --as') or diag $err;
	($json) = $out =~ /\n\n(.*)\z/s;
	$check = $JSON->decode($json);
	is($check->{keyId}, base_url() . '/actor#main-key',
	    "with the instance actor's key");
	ok($check->{verified}, 'which verifies') or diag explain $check;

	($rc, $out, $err) = fetch($strict, '--sign', '--as', 'nobody_here',
	    "$peer/signed");
	is($rc, 1, 'an unknown account to sign as: exit 1');
	like($err, qr/no local account named 'nobody_here'/, 'and says so');
};

subtest 'with federation_local_use on, http and loopback are reached' => sub {
	my ($rc, $out, $err) = fetch($local, "http://127.0.0.1:$plain/ok");
	is($rc, 0, 'http://127.0.0.1') or diag $err;
	like($out, qr/^hello from 127\.0\.0\.1:$plain$/m, 'its body');
	($rc, $out, $err) = fetch($local, "https://127.0.0.1:$tls/ok");
	is($rc, 0, 'https://127.0.0.1 (the test CA trusted)') or diag $err;
	($rc, $out, $err) = fetch($local, "https://localhost:$tls/ok");
	is($rc, 0, 'https://localhost') or diag $err;
	($rc, $out, $err) = fetch($local, '--ap',
	    "http://127.0.0.1:$plain/redirect?to=/actor");
	is($rc, 0, 'an ActivityPub fetch over http, redirected') or diag $err;
	($rc, $out, $err) = fetch($local, "https://127.0.0.1:$tls/chain/4");
	like($err, qr/more than 3 redirects/,
	    'the redirect limit holds under local use too');
	($rc, $out, $err) = fetch($local, "http://127.0.0.1:$plain/big?n=1048577");
	like($err, qr/larger than 1048576/, 'and so does the body limit');
};

subtest 'TLS is verified' => sub {
	my $no_ca = conf('no-ca', federation_local_use => 'no',
	    federation_resolve => $resolve);
	my ($rc, $out, $err) = fetch($no_ca, "$peer/ok");
	is($rc, 1, 'a certificate from an unknown CA: exit 1');
	like($err, qr/^failed: .*(certificate|SSL)/i, 'a TLS failure');
};

subtest 'bad use and bad settings' => sub {
	my ($rc, $out, $err) = fetch($strict);
	is($rc, 2, 'no URL: exit 2');
	like($err, qr/usage: woollyctl fetch/, 'the usage');
	($rc, $out, $err) = fetch($strict, '--max-body', 'lots', "$peer/ok");
	is($rc, 2, 'a bad --max-body: exit 2');
	my $bad = conf('bad', federation_resolve => 'peer.test:x:127.0.0.1');
	($rc, $out, $err) = fetch($bad, "$peer/ok");
	is($rc, 1, 'a malformed federation_resolve: exit 1');
	like($err, qr/federation_resolve: .* no valid port/, 'named');
	$bad = conf('bad2', federation_resolve => 'peer.test:443:nowhere');
	($rc, $out, $err) = fetch($bad, "$peer/ok");
	like($err, qr/"nowhere" is not an IP address/, 'a bad address named');
	($rc, $out, $err) = fetch($strict, 'https://exa mple.com/');
	like($err, qr/not a valid URL/, 'a malformed URL: refused');
};

done_testing();
