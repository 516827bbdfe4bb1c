# oauth.t: OAuth2 as apps speak it, without a browser: registering an
# application (POST /api/v1/apps) and its validations, verifying its
# credentials, the token endpoint's three grants (authorization code with
# PKCE, client credentials, password), revocation, the server metadata
# and userinfo, and the housekeeping of old codes. The consent page that
# makes codes is driven here only as far as getting a code; its own
# behaviour is oauth_web.t's.
use strict;
use warnings;
use Digest::SHA qw(sha256 sha256_hex);
use MIME::Base64 qw(decode_base64 encode_base64);
use Test::More;
use Time::HiRes ();
use Woolly::Test;

my $c = client();
my $OOB = 'urn:ietf:wg:oauth:2.0:oob';
my $INVALID_GRANT = 'The provided authorization grant is invalid, ' .
    'expired, revoked, does not match the redirection URI used in the ' .
    'authorization request, or was issued to another client.';

# --- helpers -------------------------------------------------------------

# Register an application (JSON); returns the response.
sub register {
	my (%fields) = @_;
	my $via = delete $fields{_client} || $c;
	$fields{client_name} //= 'test app';
	$fields{redirect_uris} //= $OOB;
	return $via->post_json('/api/v1/apps', \%fields);
}

# A registered application's JSON (dies unless registration succeeds).
sub new_app {
	my $res = register(@_);
	die "registering an app answered $res->{status}: $res->{content}\n"
	    unless $res->{status} == 200;
	return json_of($res);
}

sub token_request {
	my (@fields) = @_;
	return $c->post_form('/oauth/token', \@fields);
}

# The application's client credentials as form fields.
sub creds {
	my ($app) = @_;
	return (client_id => $app->{client_id},
	    client_secret => $app->{client_secret});
}

sub basic {
	my ($id, $secret) = @_;
	return { Authorization => 'Basic ' .
	    encode_base64("$id:$secret", '') };
}

# An OAuth error answer: status, error code, and an Error entity.
sub oauth_error_ok {
	my ($res, $status, $error, $name) = @_;
	my $body = json_of($res) || {};
	is($res->{status}, $status, "$name: $status") or
	    diag(substr($res->{content} // '', 0, 300));
	is($body->{error}, $error, "... $error");
	ok(defined $body->{error_description} &&
	    length $body->{error_description}, '... with a description');
	ok_schema('Error', $res, '... as an Error');
}

sub query_params {
	my ($url) = @_;
	my ($q) = ($url // '') =~ /\?(.*)\z/s or return {};
	my %p;
	for (split /&/, $q) {
		my ($k, $v) = split /=/, $_, 2;
		for ($k, $v) {
			next unless defined;
			tr/+/ /;
			s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
		}
		$p{$k} = $v;
	}
	return \%p;
}

sub form_query {
	my (@pairs) = @_;
	return HTTP::Tiny->new->www_form_urlencode(\@pairs);
}

# A code from the consent page: sign-in already done by $web; extra
# query parameters go to /oauth/authorize. Returns the code.
sub authorize_code {
	my ($web, $app, @extra) = @_;
	my %q = (response_type => 'code', client_id => $app->{client_id},
	    redirect_uri => $app->{redirect_uris}[0], scope => 'read',
	    @extra);
	my $page = $web->get('/oauth/authorize?' . form_query(%q));
	die "consent page answered $page->{status}\n"
	    unless $page->{status} == 200;
	my ($form) = $page->{content} =~
	    m{(<form method="post" action="/oauth/authorize" .*?</form>)}s
	    or die "no approve form\n";
	my @fields;
	while ($form =~ /<input type="hidden" name="([^"]+)" value="([^"]*)">/g) {
		my ($n, $v) = ($1, $2);
		$v =~ s/&quot;/"/g; $v =~ s/&lt;/</g; $v =~ s/&gt;/>/g;
		$v =~ s/&#39;/'/g; $v =~ s/&amp;/&/g;
		push @fields, $n => $v;
	}
	my $res = $web->post_form('/oauth/authorize', \@fields);
	if ($res->{status} == 200) {	# out of band: the code on a page
		my ($code) = $res->{content} =~ /id="code"[^>]*value="([^"]+)"/
		    or die "no code on the page\n";
		return $code;
	}
	die "approving answered $res->{status}\n" unless $res->{status} == 302;
	return query_params($res->{headers}{location})->{code};
}

# A POST with a body and no Content-Type header at all, which HTTP::Tiny
# cannot send (it adds application/octet-stream): {status, content}.
sub post_without_content_type {
	my ($path, $body) = @_;
	require IO::Socket::INET;
	my ($hostport) = base_url() =~ m{\Ahttps?://([^/]+)};
	my $s = IO::Socket::INET->new(PeerAddr => $hostport, Timeout => 10)
	    or die "connect $hostport: $!\n";
	print {$s} "POST $path HTTP/1.1\r\nHost: $hostport\r\n" .
	    "Connection: close\r\nContent-Length: " . length($body) .
	    "\r\n\r\n$body";
	local $/;
	my $reply = <$s> // '';
	close $s;
	my ($head, $content) = split /\r\n\r\n/, $reply, 2;
	my ($status) = ($head // '') =~ m{\AHTTP/\S+ (\d{3})};
	return { status => $status // 0, content => $content // '',
	    headers => {} };
}

sub token_hash_of {
	my ($token) = @_;
	return sha256_hex($token);
}

sub b64url {
	my ($bytes) = @_;
	(my $s = encode_base64($bytes, '')) =~ tr{+/}{-_};
	$s =~ s/=+\z//;
	return $s;
}

my ($web, $username) = new_user(prefix => 'oauth');

# --- registering an application -----------------------------------------

subtest 'POST /api/v1/apps registers an app (JSON, array of URIs)' => sub {
	my $res = register(client_name => 'Tusky-ish',
	    redirect_uris => ['https://app.example/callback',
	    'oauth2redirect://woolly'], scopes => 'read write push',
	    website => 'https://app.example');
	is($res->{status}, 200, 'answers 200');
	ok_schema('CredentialApplication', $res);
	my $app = json_of($res);
	is($app->{name}, 'Tusky-ish', 'name');
	is($app->{website}, 'https://app.example', 'website');
	is_deeply($app->{scopes}, [qw(read write push)], 'scopes, as a list');
	is_deeply($app->{redirect_uris}, ['https://app.example/callback',
	    'oauth2redirect://woolly'], 'redirect_uris');
	is($app->{redirect_uri},
	    "https://app.example/callback\noauth2redirect://woolly",
	    'redirect_uri: the same, one a line');
	like($app->{client_id}, qr/\A[A-Za-z0-9_-]{43}\z/, 'a client_id');
	like($app->{client_secret}, qr/\A[A-Za-z0-9_-]{43}\z/,
	    'a client_secret');
	isnt($app->{client_id}, $app->{client_secret}, 'two different values');
	is($app->{client_secret_expires_at}, 0, 'the secret never expires');
	ok(is_json_string($app->{id}), 'the id is a string');
	like($app->{vapid_key}, qr/\AB[A-Za-z0-9_-]{86}=\z/,
	    'vapid_key: padded base64url of 65 bytes');
	(my $std = $app->{vapid_key}) =~ tr{-_}{+/};
	my $point = decode_base64($std);
	is(length $point, 65, '... an uncompressed P-256 point');
	is(ord $point, 4, '... starting with 0x04');
	my ($hash, $plain) = psql("SELECT encode(client_secret_hash, 'hex'), " .
	    "scopes FROM oauth_applications WHERE client_id = :'1'",
	    $app->{client_id}) =~ /\A(.*)\|(.*)\z/;
	is($hash, sha256_hex($app->{client_secret}),
	    'only the SHA-256 of the secret is stored');
	is($plain, 'read write push', 'scopes stored normalised');
	my ($keys) = psql("SELECT count(*) FROM instance_settings WHERE key " .
	    "IN ('vapid_public_key', 'vapid_private_key')");
	is($keys, 2, 'the VAPID pair is kept in instance_settings');
	my ($stored) = psql("SELECT value FROM instance_settings " .
	    "WHERE key = 'vapid_public_key'");
	is($stored, $app->{vapid_key}, '... and it is the key apps get');
	my $again = new_app();
	is($again->{vapid_key}, $app->{vapid_key},
	    'one VAPID key for the whole instance');
	isnt($again->{client_id}, $app->{client_id}, 'a new client_id');
	like($res->{headers}{'cache-control'} // '', qr/no-store/,
	    'the secret is not cached');
};

subtest 'a form, newline-separated URIs, and no Content-Type at all' => sub {
	my $res = $c->post_form('/api/v1/apps', [client_name => 'form app',
	    redirect_uris => "https://a.example/one\nhttps://a.example/two",
	    scopes => 'read follow']);
	is($res->{status}, 200, 'urlencoded form: 200');
	ok_schema('CredentialApplication', $res);
	is_deeply(json_of($res)->{redirect_uris}, ['https://a.example/one',
	    'https://a.example/two'], 'two URIs from one string');
	$res = $c->post_form('/api/v1/apps', [client_name => 'arr',
	    'redirect_uris[]' => 'https://b.example/1',
	    'redirect_uris[]' => 'com.example.app:/oauth']);
	is($res->{status}, 200, "Rails' redirect_uris[] fields: 200");
	is_deeply(json_of($res)->{redirect_uris}, ['https://b.example/1',
	    'com.example.app:/oauth'], '... both kept, in order');
	$res = post_without_content_type('/api/v1/apps',
	    form_query(client_name => 'bare', redirect_uris => $OOB));
	is($res->{status}, 200, 'a body without Content-Type is a form');
	ok_schema('CredentialApplication', $res);
	is(json_of($res)->{name}, 'bare', '... read as one');
	is_deeply(json_of($res)->{scopes}, ['read'], 'scopes default to read');
	$res = $c->request('POST', '/api/v1/apps?' . form_query(
	    client_name => 'query app', redirect_uris => $OOB));
	is($res->{status}, 200, 'parameters in the query string');
	is(json_of($res)->{name}, 'query app', '... are read too');
};

subtest 'registration refuses what Mastodon refuses (422)' => sub {
	my @cases = (
		[ { client_name => undef }, 'without client_name',
		  "Application name can't be blank" ],
		[ { client_name => '   ' }, 'with a blank client_name',
		  "Application name can't be blank" ],
		[ { redirect_uris => '' }, 'without redirect_uris',
		  "Redirect URI can't be blank" ],
		[ { redirect_uris => [] }, 'with an empty list of URIs',
		  "Redirect URI can't be blank" ],
		[ { redirect_uris => '/callback' }, 'with a relative URI',
		  'Redirect URI must be an absolute URI.' ],
		[ { redirect_uris => 'https://a.example/cb#x' },
		  'with a fragment', 'Redirect URI cannot contain a fragment.' ],
		[ { redirect_uris => 'javascript:alert(1)' }, 'with javascript:',
		  'Redirect URI is forbidden by the server.' ],
		[ { redirect_uris => ['https://ok.example', 'no scheme'] },
		  'with one bad URI among good ones',
		  'Redirect URI must be an absolute URI.' ],
		[ { redirect_uris => [42] }, 'with a number for a URI',
		  'Redirect URI must be a valid URI.' ],
		[ { scopes => 'read telepathy' }, 'with an unknown scope',
		  "Scopes doesn't match configured on the server." ],
		[ { scopes => 'READ' }, 'with a scope in capitals',
		  "Scopes doesn't match configured on the server." ],
		[ { client_name => 'x' x 61 }, 'with a 61-character name',
		  'Application name is too long (maximum is 60 characters)' ],
		[ { client_name => { a => 1 } }, 'with an object for a name',
		  'Application name is invalid' ],
		[ { redirect_uris => 'https://a.example/' . ('x' x 1990) },
		  'with a 2009-character URI',
		  'Redirect URI is too long (maximum is 2000 characters)' ],
		[ { redirect_uris => [map { "https://a.example/$_" . ('y' x 100) }
		    1 .. 20] }, 'with URIs adding up to over 2000 characters',
		  'Redirect URI is too long (maximum is 2000 characters)' ],
		[ { website => 'javascript:alert(1)' }, 'with a script website',
		  'Application website is invalid' ],
		[ { website => 'https://a.example/' . ('w' x 2000) },
		  'with a 2018-character website',
		  'Application website is too long (maximum is 2000 characters)' ],
	);
	for my $case (@cases) {
		my ($fields, $name, $message) = @$case;
		my %f = (client_name => 'bad app', redirect_uris => $OOB,
		    %$fields);
		delete $f{client_name} unless defined $f{client_name};
		my $res = $c->post_json('/api/v1/apps', \%f);
		is($res->{status}, 422, "$name: 422");
		is((json_of($res) || {})->{error}, "Validation failed: $message",
		    "... $message");
		ok_schema('Error', $res, '... as an Error');
	}
	my $res = $c->post_json('/api/v1/apps', { redirect_uris => '/x' });
	is((json_of($res) || {})->{error}, "Validation failed: Application " .
	    "name can't be blank, Redirect URI must be an absolute URI.",
	    'every problem at once, in Rails words');
	$res = $c->post_json('/api/v1/apps', { client_name => "\x{e9}" x 60,
	    redirect_uris => $OOB });
	is($res->{status}, 200, '60 characters (not bytes) are fine');
	is(json_of($res)->{name}, "\x{e9}" x 60, '... and kept whole');
	$res = $c->post_json('/api/v1/apps', { client_name => 'dup scopes',
	    redirect_uris => $OOB, scopes => 'read  read+write' });
	is_deeply(json_of($res)->{scopes}, [qw(read write)],
	    'scopes: each once, "+" as a space');
	$res = $c->request('POST', '/api/v1/apps', content => '{"client_name":',
	    headers => { 'Content-Type' => 'application/json' });
	is($res->{status}, 400, 'broken JSON: 400');
	ok_schema('Error', $res);
};

subtest 'one address registers at most app_registration_limit apps' => sub {
	config_override(app_registration_limit => 2);
	my $from = client(local_address => '127.0.7.' . (10 + $$ % 200));
	for my $n (1 .. 2) {
		my $res = register(_client => $from, client_name => "lim $n");
		is($res->{status}, 200, "registration $n of 2: 200");
	}
	my $res = register(_client => $from, client_name => 'lim 3');
	is($res->{status}, 429, 'the third: 429');
	is((json_of($res) || {})->{error}, 'Too many requests', '... said so');
	ok_schema('Error', $res);
	like($res->{headers}{'retry-after'} // '', qr/\A\d+\z/,
	    '... with Retry-After');
	$res = register(_client => client(local_address => '127.0.7.' .
	    (11 + $$ % 200)), client_name => 'elsewhere');
	is($res->{status}, 200, 'another address still registers');
	config_restore();
};

# --- verify_credentials ---------------------------------------------------

subtest 'GET /api/v1/apps/verify_credentials with any valid token' => sub {
	my $app = new_app(client_name => 'verifier', scopes => 'read:lists');
	my $res = token_request(grant_type => 'client_credentials',
	    creds($app), scope => 'read:lists');
	is($res->{status}, 200, 'a client_credentials token with only ' .
	    'read:lists') or diag($res->{content});
	my $token = json_of($res)->{access_token};
	$res = $c->request('GET', '/api/v1/apps/verify_credentials',
	    token => $token);
	is($res->{status}, 200, 'verifies it');
	ok_schema('Application', $res);
	my $body = json_of($res);
	is($body->{name}, 'verifier', 'names the app');
	ok(!exists $body->{client_secret} && !exists $body->{client_id},
	    'without its credentials');
	is_deeply($body->{scopes}, ['read:lists'], 'its scopes');
	is($body->{vapid_key}, $app->{vapid_key}, 'the VAPID key');
	$res = $c->request('GET', '/api/v1/apps/verify_credentials');
	is($res->{status}, 401, 'no token: 401');
	ok_schema('Error', $res);
	$res = $c->post_form('/oauth/revoke', [creds($app), token => $token]);
	$res = $c->request('GET', '/api/v1/apps/verify_credentials',
	    token => $token);
	is($res->{status}, 401, 'a revoked token: 401');
};

# --- client_credentials ----------------------------------------------------

my $cc_app = new_app(client_name => 'cc', scopes => 'read write');

subtest 'client_credentials: a token of the app itself' => sub {
	my $res = token_request(grant_type => 'client_credentials',
	    creds($cc_app));
	is($res->{status}, 200, 'answers 200');
	ok_schema('Token', $res);
	my $t = json_of($res);
	is($t->{token_type}, 'Bearer', 'a Bearer token');
	is($t->{scope}, 'read', 'scope defaults to read');
	like($t->{access_token}, qr/\A[A-Za-z0-9_-]{43}\z/, 'a token');
	cmp_ok(abs($t->{created_at} - time), '<', 120, 'created now (epoch)');
	like($res->{headers}{'cache-control'} // '', qr/no-store/,
	    'never cached');
	my ($user) = psql("SELECT coalesce(user_id::text, 'none') FROM " .
	    "oauth_access_tokens WHERE token_hash = decode(:'1', 'hex')",
	    token_hash_of($t->{access_token}));
	is($user, 'none', 'it has no user');
	$res = $c->request('GET', '/api/v1/accounts/verify_credentials',
	    token => $t->{access_token});
	is($res->{status}, 422, 'and cannot act as one');

	$res = $c->post_json('/oauth/token', { grant_type =>
	    'client_credentials', creds($cc_app), scope => 'write' });
	is($res->{status}, 200, 'JSON body, scope narrowed to write');
	is(json_of($res)->{scope}, 'write', '... the token says write');
	$res = token_request(grant_type => 'client_credentials',
	    creds($cc_app), scope => 'read:statuses write');
	is(json_of($res)->{scope}, 'read:statuses write',
	    'a granular scope within read');
	$res = $c->post_form('/oauth/token', [grant_type =>
	    'client_credentials', scope => 'read'],
	    basic($cc_app->{client_id}, $cc_app->{client_secret}));
	is($res->{status}, 200, 'credentials by HTTP Basic');
	ok_schema('Token', $res);
	oauth_error_ok(token_request(grant_type => 'client_credentials',
	    creds($cc_app), scope => 'follow'), 400, 'invalid_scope',
	    'a scope the app did not register');
	oauth_error_ok(token_request(grant_type => 'client_credentials',
	    creds($cc_app), scope => 'read nonsense'), 400, 'invalid_scope',
	    'an unknown scope');
};

subtest 'client authentication' => sub {
	my $res = token_request(grant_type => 'client_credentials',
	    client_id => $cc_app->{client_id}, client_secret => 'wrong');
	oauth_error_ok($res, 401, 'invalid_client', 'a wrong secret');
	like($res->{headers}{'www-authenticate'} // '', qr/\ABasic realm=/,
	    '... with WWW-Authenticate');
	oauth_error_ok(token_request(grant_type => 'client_credentials',
	    client_id => 'nobody', client_secret => 'x'), 401,
	    'invalid_client', 'an unknown client');
	oauth_error_ok(token_request(grant_type => 'client_credentials',
	    client_id => $cc_app->{client_id}), 401, 'invalid_client',
	    'no secret');
	oauth_error_ok(token_request(grant_type => 'client_credentials'), 401,
	    'invalid_client', 'no client at all');
	oauth_error_ok($c->post_form('/oauth/token',
	    [grant_type => 'client_credentials'],
	    basic($cc_app->{client_id}, 'wrong')), 401, 'invalid_client',
	    'a wrong secret by Basic');
	oauth_error_ok($c->post_form('/oauth/token',
	    [grant_type => 'client_credentials'],
	    { Authorization => 'Basic !!!not-base64' }), 401,
	    'invalid_client', 'Basic that is not base64');
	oauth_error_ok($c->post_form('/oauth/token',
	    [grant_type => 'client_credentials', creds($cc_app)],
	    basic($cc_app->{client_id}, $cc_app->{client_secret})), 400,
	    'invalid_request', 'credentials sent twice');
	oauth_error_ok($c->post_form('/oauth/token',
	    [grant_type => 'client_credentials',
	    client_id => $cc_app->{client_id}],
	    basic('someone-else', $cc_app->{client_secret})), 401,
	    'invalid_client', 'two different client ids');
	oauth_error_ok(token_request(grant_type => 'client_credentials',
	    client_id => $cc_app->{client_id},
	    client_secret => 'x' x 200), 401, 'invalid_client',
	    'an over-long secret');
};

subtest 'grant types and missing parameters' => sub {
	oauth_error_ok(token_request(creds($cc_app)), 400, 'invalid_request',
	    'no grant_type');
	is(json_of(token_request(creds($cc_app)))->{error_description},
	    'Missing required parameter: grant_type.', '... named');
	oauth_error_ok(token_request(grant_type => 'implicit',
	    creds($cc_app)), 400, 'unsupported_grant_type', 'an unknown grant');
	oauth_error_ok(token_request(grant_type => 'refresh_token',
	    creds($cc_app), refresh_token => 'x'), 400,
	    'unsupported_grant_type', 'refresh tokens (none are issued)');
	oauth_error_ok($c->post_json('/oauth/token', { grant_type => [1],
	    creds($cc_app) }), 400, 'invalid_request', 'a list for grant_type');
	oauth_error_ok(token_request(grant_type => 'authorization_code',
	    creds($cc_app), redirect_uri => $OOB), 400, 'invalid_request',
	    'authorization_code without a code');
	oauth_error_ok(token_request(grant_type => 'authorization_code',
	    creds($cc_app), code => 'abc'), 400, 'invalid_request',
	    'authorization_code without redirect_uri');
	oauth_error_ok(token_request(grant_type => 'password',
	    creds($cc_app), username => $username), 400, 'invalid_request',
	    'password without a password');
	oauth_error_ok(token_request(grant_type => 'password',
	    creds($cc_app), password => TEST_PASSWORD), 400,
	    'invalid_request', 'password without a username');
};

# --- password --------------------------------------------------------------

subtest 'password grant: the same sign-in, the same limits' => sub {
	my $app = new_app(client_name => 'cli', scopes => 'read write follow');
	my $res = token_request(grant_type => 'password', creds($app),
	    username => $username, password => TEST_PASSWORD,
	    scope => 'read write');
	is($res->{status}, 200, 'user name and password: 200') or
	    diag($res->{content});
	ok_schema('Token', $res);
	is(json_of($res)->{scope}, 'read write', 'the scopes asked');
	my $me = $c->request('GET', '/api/v1/accounts/verify_credentials',
	    token => json_of($res)->{access_token});
	is((json_of($me) || {})->{username}, $username, 'the token is theirs');
	$res = token_request(grant_type => 'password', creds($app),
	    username => "$username\@example.com", password => TEST_PASSWORD);
	is($res->{status}, 200, 'the e-mail address signs in too');
	is(json_of($res)->{scope}, 'read', '... with read by default');
	oauth_error_ok(token_request(grant_type => 'password', creds($app),
	    username => $username, password => TEST_PASSWORD,
	    scope => 'push'), 400, 'invalid_scope', 'a scope beyond the app');

	# A user of our own, so its failures bother nobody else.
	my (undef, $victim) = new_user(prefix => 'pwlim');
	my $from = '127.0.8.' . (10 + $$ % 200);
	my $there = client(local_address => $from);
	my $wrong = $there->post_form('/oauth/token', [grant_type =>
	    'password', creds($app), username => $victim,
	    password => 'not it']);
	oauth_error_ok($wrong, 400, 'invalid_grant', 'a wrong password');
	is(json_of($wrong)->{error_description}, $INVALID_GRANT,
	    "... in Doorkeeper's words");
	oauth_error_ok($there->post_form('/oauth/token', [grant_type =>
	    'password', creds($app), username => 'no_such_user_here',
	    password => 'x']), 400, 'invalid_grant', 'an unknown user');
	my $limited;
	for (1 .. 12) {
		my $r = $there->post_form('/oauth/token', [grant_type =>
		    'password', creds($app), username => $victim,
		    password => "wrong $_"]);
		if ($r->{status} == 429) { $limited = $r; last }
	}
	ok($limited, 'failures from one address end in 429');
	is((json_of($limited) || {})->{error}, 'too_many_requests',
	    '... too_many_requests');
	ok_schema('Error', $limited);
	like($limited->{headers}{'retry-after'} // '', qr/\A\d+\z/,
	    '... with Retry-After');
	my $right = $there->post_form('/oauth/token', [grant_type =>
	    'password', creds($app), username => $victim,
	    password => TEST_PASSWORD]);
	is($right->{status}, 429, 'then even the right password waits');
	my $form = sign_in($there, $victim);
	is($form->{status}, 429, 'and the web form shares the budget');

	my (undef, $off) = new_user(prefix => 'pwoff');
	psql("UPDATE users SET disabled = true WHERE account_id = (SELECT id " .
	    "FROM accounts WHERE username = :'1' AND domain IS NULL)", $off);
	$res = token_request(grant_type => 'password', creds($app),
	    username => $off, password => TEST_PASSWORD);
	oauth_error_ok($res, 400, 'invalid_grant', 'a disabled user');
	is(json_of($res)->{error_description}, 'This account has been ' .
	    'disabled.', '... told why');
	psql("UPDATE users SET disabled = false, approved = false WHERE " .
	    "account_id = (SELECT id FROM accounts WHERE username = :'1' " .
	    "AND domain IS NULL)", $off);
	$res = token_request(grant_type => 'password', creds($app),
	    username => $off, password => TEST_PASSWORD);
	oauth_error_ok($res, 400, 'invalid_grant', 'an unapproved user');
	like(json_of($res)->{error_description}, qr/approval/, '... told why');
};

# --- authorization_code ------------------------------------------------------

my $code_app = new_app(client_name => 'coder', scopes => 'read write follow',
    redirect_uris => ['https://coder.example/cb', $OOB]);
my $other_app = new_app(client_name => 'other', scopes => 'read');

subtest 'authorization_code: a code for a token, once' => sub {
	my $code = authorize_code($web, $code_app, scope => 'read write');
	like($code, qr/\A[A-Za-z0-9_-]{43}\z/, 'the consent page gave a code');
	my ($stored) = psql("SELECT count(*) FROM oauth_access_grants WHERE " .
	    "code_hash = decode(:'1', 'hex')", sha256_hex($code));
	is($stored, 1, 'the code is stored as its SHA-256');
	my @fields = (grant_type => 'authorization_code', creds($code_app),
	    code => $code, redirect_uri => 'https://coder.example/cb');
	my $res = token_request(@fields);
	is($res->{status}, 200, 'exchanged for a token') or
	    diag($res->{content});
	ok_schema('Token', $res);
	my $token = json_of($res)->{access_token};
	is(json_of($res)->{scope}, 'read write', 'with the scopes consented');
	my $me = $c->request('GET', '/api/v1/accounts/verify_credentials',
	    token => $token);
	is((json_of($me) || {})->{username}, $username, "the person's token");
	oauth_error_ok(token_request(@fields), 400, 'invalid_grant',
	    'the same code again');
	$me = $c->request('GET', '/api/v1/accounts/verify_credentials',
	    token => $token);
	is($me->{status}, 401, 'and a reused code revokes its token');
};

subtest 'authorization_code: what makes a code fail' => sub {
	my $code = authorize_code($web, $code_app);
	my @base = (grant_type => 'authorization_code', code => $code);
	oauth_error_ok(token_request(@base, creds($code_app),
	    redirect_uri => 'https://coder.example/other'), 400,
	    'invalid_grant', 'another redirect_uri');
	oauth_error_ok(token_request(@base, creds($other_app),
	    redirect_uri => 'https://coder.example/cb'), 400, 'invalid_grant',
	    "another app's credentials");
	oauth_error_ok(token_request(@base, creds($code_app),
	    redirect_uri => 'https://coder.example/cb',
	    code_verifier => 'a' x 43), 400, 'invalid_grant',
	    'a verifier where no challenge was made');
	my $res = token_request(@base, creds($code_app),
	    redirect_uri => 'https://coder.example/cb');
	is($res->{status}, 200, 'none of those used the code up');
	oauth_error_ok(token_request(@base[0, 1], code => 'x' x 43,
	    creds($code_app), redirect_uri => 'https://coder.example/cb'),
	    400, 'invalid_grant', 'a made-up code');

	my $late = authorize_code($web, $code_app);
	psql("UPDATE oauth_access_grants SET expires_at = now() - " .
	    "interval '1 second' WHERE code_hash = decode(:'1', 'hex')",
	    sha256_hex($late));
	oauth_error_ok(token_request(grant_type => 'authorization_code',
	    creds($code_app), code => $late,
	    redirect_uri => 'https://coder.example/cb'), 400, 'invalid_grant',
	    'an expired code');

	my $oob = authorize_code($web, $code_app, redirect_uri => $OOB);
	my ($minutes) = psql("SELECT round(extract(epoch FROM expires_at - " .
	    "created_at) / 60) FROM oauth_access_grants WHERE code_hash = " .
	    "decode(:'1', 'hex')", sha256_hex($oob));
	is($minutes, 10, 'codes last ten minutes');
	$res = $c->post_json('/oauth/token', { grant_type =>
	    'authorization_code', creds($code_app), code => $oob,
	    redirect_uri => $OOB });
	is($res->{status}, 200, 'an out-of-band code, by JSON');
	ok_schema('Token', $res);
};

subtest 'PKCE (S256)' => sub {
	my $verifier = join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9, '-',
	    '.', '_', '~')[rand 66] } 1 .. 64;
	my $challenge = b64url(sha256($verifier));
	my $code = authorize_code($web, $code_app, code_challenge => $challenge,
	    code_challenge_method => 'S256');
	my @base = (grant_type => 'authorization_code', creds($code_app),
	    code => $code, redirect_uri => 'https://coder.example/cb');
	oauth_error_ok(token_request(@base), 400, 'invalid_grant',
	    'no verifier');
	oauth_error_ok(token_request(@base, code_verifier => "x$verifier"),
	    400, 'invalid_grant', 'the wrong verifier');
	oauth_error_ok(token_request(@base, code_verifier => $challenge), 400,
	    'invalid_grant', 'the challenge itself (no plain method)');
	my $res = token_request(@base, code_verifier => $verifier);
	is($res->{status}, 200, 'the right verifier') or
	    diag($res->{content});
	ok_schema('Token', $res);
	# A public client may authenticate by Basic and still use PKCE.
	$code = authorize_code($web, $code_app, code_challenge => $challenge,
	    code_challenge_method => 'S256');
	$res = $c->post_form('/oauth/token', [grant_type =>
	    'authorization_code', code => $code, code_verifier => $verifier,
	    redirect_uri => 'https://coder.example/cb'],
	    basic($code_app->{client_id}, $code_app->{client_secret}));
	is($res->{status}, 200, 'with Basic credentials too');
};

subtest 'the user behind a code may not sign in any more' => sub {
	my ($w2, $u2) = new_user(prefix => 'oauthgone');
	my $code = authorize_code($w2, $code_app);
	psql("UPDATE users SET disabled = true WHERE account_id = (SELECT id " .
	    "FROM accounts WHERE username = :'1' AND domain IS NULL)", $u2);
	oauth_error_ok(token_request(grant_type => 'authorization_code',
	    creds($code_app), code => $code,
	    redirect_uri => 'https://coder.example/cb'), 400, 'invalid_grant',
	    'a disabled user gets no token');
};

# --- revocation --------------------------------------------------------------

subtest 'POST /oauth/revoke (RFC 7009)' => sub {
	my $token = json_of(token_request(grant_type => 'client_credentials',
	    creds($cc_app)))->{access_token};
	my $res = $c->post_form('/oauth/revoke', [creds($cc_app),
	    token => $token]);
	is($res->{status}, 200, 'revoked: 200');
	is($res->{content}, '{}', '... {}');
	$res = $c->request('GET', '/api/v1/apps/verify_credentials',
	    token => $token);
	is($res->{status}, 401, 'the token no longer works');
	$res = $c->post_form('/oauth/revoke', [creds($cc_app),
	    token => $token]);
	is($res->{status}, 200, 'revoking it again: still 200');
	$res = $c->post_form('/oauth/revoke', [creds($cc_app),
	    token => 'never-issued']);
	is($res->{status}, 200, 'an unknown token: 200');
	is($res->{content}, '{}', '... {}');

	my $theirs = json_of(token_request(grant_type => 'client_credentials',
	    creds($other_app)))->{access_token};
	$res = $c->post_form('/oauth/revoke', [creds($cc_app),
	    token => $theirs]);
	oauth_error_ok($res, 403, 'unauthorized_client',
	    "another application's token");
	$res = $c->request('GET', '/api/v1/apps/verify_credentials',
	    token => $theirs);
	is($res->{status}, 200, '... which keeps working');
	$res = $c->post_json('/oauth/revoke', { token => $theirs });
	oauth_error_ok($res, 401, 'invalid_client', 'no client credentials');
	$res = $c->post_form('/oauth/revoke', [creds($other_app)]);
	oauth_error_ok($res, 400, 'invalid_request', 'no token');
	$res = $c->post_form('/oauth/revoke', [token => $theirs],
	    basic($other_app->{client_id}, $other_app->{client_secret}));
	is($res->{status}, 200, 'the owner revokes it, by Basic');
	$res = $c->request('GET', '/api/v1/apps/verify_credentials',
	    token => $theirs);
	is($res->{status}, 401, '... and it is gone');
};

# --- metadata and userinfo ------------------------------------------------------

subtest 'GET /.well-known/oauth-authorization-server (RFC 8414)' => sub {
	my $res = $c->get('/.well-known/oauth-authorization-server');
	is($res->{status}, 200, 'answers 200');
	ok_schema('DiscoverOauthServerConfigurationResponse', $res);
	my $m = json_of($res);
	my $base = base_url();
	is($m->{issuer}, "$base/", 'issuer');
	is($m->{authorization_endpoint}, "$base/oauth/authorize", 'authorize');
	is($m->{token_endpoint}, "$base/oauth/token", 'token');
	is($m->{revocation_endpoint}, "$base/oauth/revoke", 'revoke');
	is($m->{userinfo_endpoint}, "$base/oauth/userinfo", 'userinfo');
	is($m->{app_registration_endpoint}, "$base/api/v1/apps",
	    'registration');
	is_deeply($m->{code_challenge_methods_supported}, ['S256'], 'S256');
	is_deeply($m->{response_types_supported}, ['code'], 'code');
	is_deeply([sort @{ $m->{grant_types_supported} }],
	    [qw(authorization_code client_credentials password)], 'grants');
	is_deeply([sort @{ $m->{token_endpoint_auth_methods_supported} }],
	    [qw(client_secret_basic client_secret_post)], 'client auth');
	is(scalar @{ $m->{scopes_supported} }, 45, 'all 45 scopes');
	ok((grep { $_ eq 'admin:write:canonical_email_blocks' }
	    @{ $m->{scopes_supported} }), '... the granular admin ones too');
	$res = $c->get('/.well-known/oauth-authorization-server/');
	is($res->{status}, 200, 'with a trailing slash too');
};

subtest 'userinfo (the profile scope)' => sub {
	my $profile = api_token($username, 'profile');
	my $res = $c->request('GET', '/oauth/userinfo', token => $profile);
	is($res->{status}, 200, 'GET with a profile token');
	my $u = json_of($res);
	is($u->{preferred_username}, $username, 'preferred_username');
	my $base = base_url();
	is($u->{iss}, "$base/", 'iss');
	is($u->{profile}, "$base/\@$username", 'profile');
	like($u->{sub}, qr{\A\Q$base\E/users/\Q$username\E\z}, 'sub: the actor');
	ok(length $u->{name} && length $u->{picture}, 'name and picture');
	$res = $c->request('POST', '/oauth/userinfo', token => $profile);
	is($res->{status}, 200, 'POST too');
	$res = $c->request('GET', '/oauth/userinfo',
	    token => api_token($username, 'read'));
	is($res->{status}, 403, 'read is not profile');
};

# --- housekeeping -------------------------------------------------------------

subtest 'woolly-housekeep deletes expired codes' => sub {
	my $old = authorize_code($web, $code_app);
	my $fresh = authorize_code($web, $code_app);
	psql("UPDATE oauth_access_grants SET expires_at = now() - " .
	    "interval '1 minute' WHERE code_hash = decode(:'1', 'hex')",
	    sha256_hex($old));
	my ($code, $out, $err) = run_command(
	    ["$ENV{WOOLLY_TEST_BUILD}/cron/woolly-housekeep", '-v', '-c',
	    $ENV{WOOLLY_TEST_CONF}]);
	is($code, 0, 'housekeeping runs') or diag($err);
	like(read_file("$ENV{WOOLLY_TEST_DIR}/log/woolly.log"),
	    qr/removed \d+ expired sessions, \d+ rate-limit rows, [1-9]\d* expired OAuth codes/,
	    'and counts the codes it removed');
	my ($left) = psql("SELECT count(*) FROM oauth_access_grants WHERE " .
	    "code_hash = decode(:'1', 'hex')", sha256_hex($old));
	is($left, 0, 'the expired code is gone');
	($left) = psql("SELECT count(*) FROM oauth_access_grants WHERE " .
	    "code_hash = decode(:'1', 'hex')", sha256_hex($fresh));
	is($left, 1, 'a live one stays');
};

done_testing();
