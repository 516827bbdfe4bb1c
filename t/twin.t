# twin.t: the two instances that federation tests use, B and C, run
# beside A as servers of their own: each answers over TLS on its own
# .test domain with a certificate from the run's test CA (and a client
# that trusts only the system's CAs, or asks for the wrong name, is
# refused), has its own database and users, names its own domain in
# NodeInfo and the instance API, and is configured for the production
# path of outgoing requests (local use off): each fetches from the other
# over https, and refuses plain http and loopback addresses. A is left as
# it was.
use strict;
use warnings;
use Test::More;
use Woolly::Test qw(:twin);

my @twins = twins();
is_deeply([map { $_->name } @twins], ['b', 'c'], 'the twins are b and c');
my ($B, $C) = (twin('b'), twin('c'));
my $A = twin('a');

subtest 'A keeps its plain-http domain' => sub {
	is($A->url, base_url(), "twin('a') is the instance of every test");
	like($A->url, qr{\Ahttp://127\.0\.0\.1:\d+\z}, 'A: plain http on 127.0.0.1');
	is($A->http_url, $A->url, 'A is reached at its own URL');
};

for my $t ($B, $C) {
	my $name = $t->name;
	subtest "$name: its own domain over TLS" => sub {
		like($t->domain, qr/\A\Q$name\E\.woolly\.test:(\d+)\z/,
		    "$name: domain $name.woolly.test:PORT");
		is($t->tls_port, ($t->domain =~ /:(\d+)\z/)[0],
		    "$name: the domain's port is its TLS port");
		is($t->url, 'https://' . $t->domain, "$name: base URL is https");
		is($t->resolve, $t->domain . ':127.0.0.1',
		    "$name: its name maps to 127.0.0.1");

		my $res = $t->https_get('/api/v1/instance');
		is($res->{status}, 200,
		    "$name: https with the test CA trusted answers")
		    or diag("curl: $res->{error}");
		is(json_of($res->{content})->{uri}, $t->domain,
		    "$name: the instance API names its domain");
		like($res->{headers}{'content-type'} // '',
		    qr{\Aapplication/json}, "$name: JSON over TLS");

		my $untrusted = $t->https_get('/', ca => undef);
		is($untrusted->{status}, 0,
		    "$name: refused with the system's CAs alone");
		is($untrusted->{curl_exit}, 60,
		    "$name: curl: the certificate is not trusted")
		    or diag($untrusted->{error});

		# Only the map makes the name resolve: no DNS answers for .test.
		my ($code, undef, $err) = run_command(['curl', '-sS',
		    '--max-time', '30', '--cacert', test_ca(), $t->url . '/']);
		is($code, 6, "$name: the name does not resolve without the map")
		    or diag($err);
	};

	subtest "$name: the certificate is its own, from the test CA" => sub {
		my ($code, $chain, $err) = run_command(['openssl', 's_client',
		    '-connect', '127.0.0.1:' . $t->tls_port,
		    '-servername', $t->host, '-CAfile', test_ca(),
		    '-verify_return_error', '-verify_hostname', $t->host], '');
		is($code, 0, "$name: the chain verifies against the test CA")
		    or diag($err);
		my ($x509, $text) = run_command(['openssl', 'x509', '-noout',
		    '-subject', '-issuer', '-ext', 'subjectAltName'], $chain);
		is($x509, 0, "$name: the server sent a certificate");
		like($text, qr/^issuer=CN\s*=\s*woolly test CA$/m,
		    "$name: issued by the test CA");
		like($text, qr/DNS:\Q${\$t->host}\E\s*$/m,
		    "$name: for its own name");
	};
}

subtest 'a name on the other twin\'s port is refused' => sub {
	# C's server, asked for B's name: its certificate is not B's.
	my $wrong = $B->host . ':' . $C->tls_port;
	my ($code, undef, $err) = run_command(['curl', '-sS', '--max-time',
	    '30', '--resolve', "$wrong:127.0.0.1", '--cacert', test_ca(),
	    "https://$wrong/"]);
	is($code, 60, 'curl refuses the certificate of another name')
	    or diag($err);
};

subtest 'the plain-http port serves the same instance' => sub {
	for my $t ($B, $C) {
		my $res = $t->client->get('/api/v1/instance');
		is($res->{status}, 200, $t->name . ': answers on ' . $t->http_url);
		my $instance = json_of($res);
		is($instance->{uri}, $t->domain,
		    $t->name . ': and names its own domain');
		is($instance->{title}, 'woolly test ' . $t->name,
		    $t->name . ': with its own title');
	}
	my $res = client()->get('/api/v1/instance');
	is(json_of($res)->{uri}, domain(), 'A names its own domain');
};

subtest 'NodeInfo of each names its own domain' => sub {
	for my $t ($B, $C) {
		my $name = $t->name;
		my $res = $t->https_get('/.well-known/nodeinfo');
		is($res->{status}, 200, "$name: /.well-known/nodeinfo");
		my @links = @{ json_of($res->{content})->{links} // [] };
		ok(scalar @links, "$name: has links");
		for my $link (@links) {
			like($link->{href}, qr{\A\Q${\$t->url}\E/nodeinfo/2\.[01]\z},
			    "$name: $link->{href} is on its domain");
		}
		my $doc = $t->https_get('/nodeinfo/2.0');
		is($doc->{status}, 200, "$name: /nodeinfo/2.0 over TLS");
		is(json_of($doc->{content})->{metadata}{nodeName},
		    "woolly test $name", "$name: names itself");
	}
};

subtest 'each twin has its own database and users' => sub {
	my %db = map { ($_->name => scalar $_->psql('SELECT current_database()')) }
	    $A, $B, $C;
	is_deeply(\%db, { a => 'woolly', b => 'woolly_b', c => 'woolly_c' },
	    'one database each');

	my ($api, $alice) = $B->api_user(prefix => 'alice');
	my $me = $api->get('/api/v1/accounts/verify_credentials');
	is($me->{status}, 200, 'a user made on B signs in to B');
	is(json_of($me)->{username}, $alice, 'as herself');
	is($B->account_id_of($alice), json_of($me)->{id},
	    'B\'s database has her');
	is($C->account_id_of($alice), undef, 'C\'s does not');
	is(account_id_of($alice), undef, 'nor A\'s');
	not_found_ok($C->client->get("/api/v1/accounts/lookup?acct=$alice"),
	    'C looks her up');

	# The same name is free on C: another person there.
	my ($c_web, $c_alice) = $C->new_user(username => $alice);
	is($c_alice, $alice, 'C signs up a user of the same name');
	isnt($C->account_id_of($alice), undef, 'who is in C\'s database');
	my $token = $B->api_token($alice);
	is($C->client(token => $token)
	    ->get('/api/v1/accounts/verify_credentials')->{status}, 401,
	    'a token of B means nothing on C');
	is($B->client(token => $token)
	    ->get('/api/v1/accounts/verify_credentials')->{status}, 200,
	    'and works on B');
};

subtest 'outgoing requests take the production path' => sub {
	for my $t ($B, $C) {
		my $name = $t->name;
		my ($code, $out, $err) = $t->woollyctl('config', 'check');
		is($code, 0, "$name: woollyctl config check") or diag($err);
		like($out, qr/^domain = \Q${\$t->domain}\E$/m,
		    "$name: domain is its own");
		like($out, qr/^scheme = https$/m, "$name: scheme https");
		like($out, qr/^federation_local_use = no$/m,
		    "$name: local use is off");
		like($out, qr/^federation_ca_file = \Q${\test_ca()}\E$/m,
		    "$name: the test CA is trusted");
		my ($map) = $out =~ /^federation_resolve = (.*)$/m;
		is_deeply([sort split ' ', $map // ''],
		    [sort map { $_->resolve } $B, $C],
		    "$name: both twins' names are mapped to their ports");
		# And every other key ./dev wrote is in effect too.
		my %effective = $out =~ /^(\w+) = (.*)$/mg;
		my %written = read_file($t->conf) =~ /^(\w+) = (.*)$/mg;
		delete $written{database};	# shown without secrets
		is_deeply({ map { ($_ => $effective{$_}) } keys %written },
		    \%written, "$name: every key ./dev wrote is in effect");
	}
	isnt($B->conf, $C->conf, 'each twin has its own woolly.conf');
};

# The client every outgoing request of woolly goes through, run by
# woollyctl fetch under the twin's configuration: https to the other
# twin's name, trusted through the test CA and found through the map,
# while what local use would allow is refused.
subtest 'a twin fetches from the other over https' => sub {
	for my $pair ([$B, $C], [$C, $B]) {
		my ($from, $to) = @$pair;
		my $what = $from->name . ' from ' . $to->name;
		my ($code, $out, $err) = $from->woollyctl('fetch',
		    $to->url . '/nodeinfo/2.0');
		is($code, 0, "$what: NodeInfo fetched") or diag($err);
		like($out, qr/^status: 200$/m, "$what: status 200");
		like($out, qr/^url: \Q${\$to->url}\E\/nodeinfo\/2\.0$/m,
		    "$what: from its https URL");
		like($out, qr/"nodeName":\s*"woolly test ${\$to->name}"/,
		    "$what: the other twin answered");
	}

	my ($api, $carol) = $C->api_user(prefix => 'carol');
	my ($code, $out, $err) = $B->woollyctl('fetch', '--ap',
	    $C->url . "/users/$carol");
	is($code, 0, 'B fetches the actor of a user of C') or diag($err);
	like($out, qr{"id":\s*"\Q${\$C->url}\E/users/\Q$carol\E"},
	    'her actor, with its id on C\'s domain');

	($code, undef, $err) = $B->woollyctl('fetch', $A->url . '/');
	isnt($code, 0, 'B refuses plain http (to A)');
	like($err, qr/^refused:.*https/m, 'saying only https is fetched');
	($code, undef, $err) = $B->woollyctl('fetch',
	    'https://127.0.0.1:' . $C->tls_port . '/');
	isnt($code, 0, 'B refuses C\'s port by its loopback address');
	like($err, qr/^refused:.*loopback/m, 'saying it is loopback');
	($code, undef, $err) = $B->woollyctl('fetch',
	    'https://' . $C->host . ':' . $A->url =~ s/.*://r . '/');
	isnt($code, 0, 'B cannot reach C\'s name on a port the map does not give');
	like($err, qr/^failed:.*Could not resolve host/m,
	    'the name is known only with its mapped port');
};

done_testing();
