# http.t: how the server answers at the HTTP level, whatever the page:
# errors as HTML for browsers and JSON for API clients, 405 with Allow,
# HEAD, body limits (woolly's and nginx's), malformed bodies, odd paths,
# the security headers, and the files nginx serves itself.
use strict;
use warnings;
use IO::Socket::INET;
use Test::More;
use Woolly::Test;

my $BROWSER_ACCEPT =
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
my $c = client(headers => { Accept => $BROWSER_ACCEPT });
my $api = client();

# --- helpers -----------------------------------------------------------

sub header_list {
	my ($res, $name) = @_;
	my $h = $res->{headers}{ lc $name };
	return () unless defined $h;
	return ref $h ? @$h : ($h);
}

sub is_html_error {
	my ($res, $status, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	is($res->{status}, $status, "$what: $status") or
	    diag(substr($res->{content} // '', 0, 400));
	like($res->{headers}{'content-type'} // '', qr{\Atext/html; charset=utf-8},
	    "$what: text/html");
	like($res->{content} // '', qr{<section class="error">\s*<h1>$status }s,
	    "$what: woolly's error page");
}

sub is_json_error {
	my ($res, $status, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	is($res->{status}, $status, "$what: $status") or
	    diag(substr($res->{content} // '', 0, 400));
	like($res->{headers}{'content-type'} // '', qr{\Aapplication/json},
	    "$what: application/json");
	my $data = json_of($res);
	ok(ref $data eq 'HASH' && defined $data->{error} && !ref $data->{error}
	    && length $data->{error}, "$what: {\"error\": \"...\"}") or
	    diag($res->{content});
	return $data;
}

# Security headers every response carries, errors included.
sub security_headers_ok {
	my ($res, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my $h = $res->{headers};
	is($h->{'x-content-type-options'}, 'nosniff',
	    "$what: X-Content-Type-Options: nosniff");
	is($h->{'referrer-policy'}, 'same-origin', "$what: Referrer-Policy");
	my @csp = header_list($res, 'Content-Security-Policy');
	is(scalar @csp, 1, "$what: one Content-Security-Policy") or return;
	like($csp[0], qr/default-src 'none'/, "$what: CSP defaults to none");
	unlike($csp[0], qr/script-src/, "$what: CSP allows no scripts");
	unlike($csp[0], qr/form-action/, "$what: CSP has no form-action");
	like($csp[0], qr/frame-ancestors 'none'/, "$what: CSP forbids framing");
}

# One request over a plain socket, for what HTTP::Tiny would not send.
# Returns {status, headers => {lc name => value}, content}.
sub raw_request {
	my ($request) = @_;
	my ($host, $port) = base_url() =~ m{\Ahttp://([^:/]+):(\d+)} or
	    die 'cannot parse ' . base_url();
	my $s = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port,
	    Proto => 'tcp', Timeout => 10) or die "connect: $!";
	$s->autoflush(1);
	local $SIG{ALRM} = sub { die "no answer to a raw request\n" };
	alarm 30;
	print {$s} $request;
	my $head = '';
	while (my $line = <$s>) {
		$head .= $line;
		last if $line eq "\r\n";
	}
	my ($status) = $head =~ m{\AHTTP/1\.[01] (\d{3})};
	my %h;
	for (split /\r\n/, $head) {
		$h{ lc $1 } = $2 if /\A([^:\s]+):\s*(.*)\z/;
	}
	my $body = '';
	if (defined $h{'content-length'}) {
		my $left = $h{'content-length'};
		while ($left > 0) {
			my $n = read($s, my $chunk, $left) or last;
			$body .= $chunk;
			$left -= $n;
		}
	}
	alarm 0;
	close $s;
	return { status => $status // 0, headers => \%h, content => $body };
}

sub host { my ($h) = base_url() =~ m{\Ahttp://([^/]+)}; return $h }

# --- unknown paths and methods ----------------------------------------------

subtest 'an unknown page is a 404 HTML page for a browser' => sub {
	my $res = $c->get('/no/such/page');
	is_html_error($res, 404, 'GET /no/such/page');
	like($res->{content}, qr/isn't here|isn&#39;t here/, 'says so');
	like($res->{content}, qr{<a href="/">}, 'and links to the start page');
	is_html_error(client()->get('/no/such/page'), 404,
	    'without an Accept header');
};

subtest 'an unknown page is JSON for a client that asks for JSON' => sub {
	my $res = $c->get('/no/such/page', { Accept => 'application/json' });
	is_json_error($res, 404, 'Accept: application/json');
	$res = $c->get('/no/such/page',
	    { Accept => 'application/json, text/html' });
	is($res->{headers}{'content-type'} =~ m{\Atext/html} ? 1 : 0, 1,
	    'a client that also takes HTML gets HTML');
};

subtest 'an unknown API path is 404 JSON' => sub {
	is_json_error($api->get('/api/unknown'), 404, 'GET /api/unknown');
	is_json_error($c->get('/api/v1/no_such_thing'), 404,
	    'even for a browser');
	is_json_error($api->get('/oauth/no_such_thing'), 404, '/oauth/ too');
};

subtest 'a known path with the wrong method is 405 with Allow' => sub {
	my $res = $c->delete('/home');
	is_html_error($res, 405, 'DELETE /home');
	is($res->{headers}{allow}, 'GET, HEAD', 'Allow: GET, HEAD');

	$res = $c->request('POST', '/public/local');
	is($res->{status}, 405, 'POST /public/local');
	is($res->{headers}{allow}, 'GET, HEAD', 'Allow: GET, HEAD');

	$res = $c->get('/statuses');
	is($res->{status}, 405, 'GET /statuses');
	is($res->{headers}{allow}, 'POST', 'Allow: POST');

	$res = $c->request('PUT', '/@someone/123/delete');
	is($res->{status}, 405, 'PUT on a page that takes GET and POST');
	is($res->{headers}{allow}, 'GET, HEAD, POST', 'Allow lists both');

	$res = $api->request('POST', '/api/v1/instance', json => {});
	is_json_error($res, 405, 'POST /api/v1/instance');
	is($res->{headers}{allow}, 'GET, HEAD', 'Allow: GET, HEAD');
};

subtest 'HEAD is GET without a body' => sub {
	my $get = $c->get('/public/local');
	my $res = $c->head('/public/local');
	is($res->{status}, 200, 'HEAD /public/local is 200');
	is($res->{content} // '', '', 'with no body');
	like($res->{headers}{'content-type'} // '', qr{\Atext/html},
	    'and the headers of the page');
	security_headers_ok($res, 'HEAD /public/local');
	$res = $api->head('/api/v1/instance');
	is($res->{status}, 200, 'HEAD /api/v1/instance is 200');
	is($res->{content} // '', '', 'with no body');
	is($c->head('/no/such/page')->{status}, 404, 'HEAD of nothing is 404');

	# Over a raw socket: nothing follows the headers.
	my $raw = raw_request("HEAD /public/local HTTP/1.1\r\nHost: " . host() .
	    "\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n");
	is($raw->{status}, 200, 'raw HEAD is 200');
	is($raw->{headers}{'content-length'}, length $get->{content},
	    'Content-Length is that of the GET');
};

# --- bodies --------------------------------------------------------------

subtest 'a form body over max_form_size is 413 from woolly' => sub {
	my ($user) = new_user(prefix => 'big');
	my $token = csrf_from($user->get('/home')->{content});
	my $body = 'authenticity_token=' . $token . '&visibility=public&status=' .
	    ('x' x (70 * 1024));
	ok(length($body) > 65536, 'the body is ' . length($body) . ' bytes');
	my $res = $user->request('POST', '/statuses', content => $body,
	    headers => { 'Content-Type' => 'application/x-www-form-urlencoded' });
	is_html_error($res, 413, 'POST /statuses with 70 kB');
	like($res->{content}, qr/too large/, 'says so');
	security_headers_ok($res, 'the 413 page');
	$res = $api->request('POST', '/auth/sign_in', content => $body,
	    headers => { 'Content-Type' => 'application/x-www-form-urlencoded',
	    Accept => 'application/json' });
	is_json_error($res, 413, 'as JSON when asked');

	my $small = 'authenticity_token=' . $token .
	    '&visibility=public&status=' . ('y' x 400);
	is($user->request('POST', '/statuses', content => $small,
	    headers => { 'Content-Type' => 'application/x-www-form-urlencoded' })
	    ->{status}, 303, 'a small form goes through');
};

subtest 'a multipart body over max_upload_size is 413 from woolly' => sub {
	my $b = 'XyZbOuNdArY';
	my $body = "--$b\r\nContent-Disposition: form-data; name=\"file\"; " .
	    "filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n" .
	    ('z' x (1048576 + 1024)) . "\r\n--$b--\r\n";
	my $res = $c->request('POST', '/auth/sign_in', content => $body,
	    headers => { 'Content-Type' => "multipart/form-data; boundary=$b" });
	is_html_error($res, 413, '1 MiB + 1 kB of multipart');
};

subtest 'a body over client_max_body_size is 413 from nginx' => sub {
	my $len = 2 * 1024 * 1024;
	my $res = raw_request("POST /statuses HTTP/1.1\r\nHost: " . host() .
	    "\r\nContent-Type: application/x-www-form-urlencoded\r\n" .
	    "Content-Length: $len\r\nConnection: close\r\n\r\nstatus=x");
	is($res->{status}, 413, "Content-Length: $len is refused");
	like($res->{content}, qr/Request Entity Too Large|Payload Too Large/i,
	    'by nginx, before woolly sees it');
	unlike($res->{content}, qr/powered by woolly/, 'not woolly\'s page');
	is($res->{headers}{'x-content-type-options'}, 'nosniff',
	    'nginx\'s error carries the security headers too');
	like($res->{headers}{'content-security-policy'} // '',
	    qr/default-src 'none'/, 'with the CSP');
};

subtest 'a malformed multipart body is 400' => sub {
	my %bad = (
		'no boundary parameter' => ['multipart/form-data',
		    "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n"],
		'no delimiter in the body' => ['multipart/form-data; boundary=abc',
		    'just some text'],
		'a part without a name' => ['multipart/form-data; boundary=abc',
		    "--abc\r\nContent-Disposition: form-data\r\n\r\n1\r\n--abc--\r\n"],
		'a part that never ends' => ['multipart/form-data; boundary=abc',
		    "--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"],
		'headers that never end' => ['multipart/form-data; boundary=abc',
		    "--abc\r\nContent-Disposition: form-data; name=\"a\""],
	);
	for my $case (sort keys %bad) {
		my ($ctype, $body) = @{ $bad{$case} };
		my $res = $c->request('POST', '/auth/sign_in', content => $body,
		    headers => { 'Content-Type' => $ctype });
		is_html_error($res, 400, $case);
		like($res->{content}, qr/Malformed multipart/, "$case: says so");
	}
};

subtest 'a well-formed multipart form is read like any other' => sub {
	my ($user, $name, $password) = new_user(prefix => 'multi');
	my $fresh = client();
	my $token = csrf_from($fresh->get('/auth/sign_in')->{content});
	my $b = '----woollyBoundary42';
	my $body = '';
	for my $f ([username => $name], [password => $password],
	    [authenticity_token => $token]) {
		$body .= "--$b\r\nContent-Disposition: form-data; " .
		    "name=\"$f->[0]\"\r\n\r\n$f->[1]\r\n";
	}
	$body .= "--$b--\r\n";
	my $res = $fresh->request('POST', '/auth/sign_in', content => $body,
	    headers => { 'Content-Type' => "multipart/form-data; boundary=$b" });
	is($res->{status}, 303, 'a multipart sign-in works') or
	    diag(substr($res->{content} // '', 0, 400));
};

sub nested_json {
	my ($depth) = @_;
	return ('[' x ($depth - 1)) . '{"a":1}' . (']' x ($depth - 1));
}

subtest 'a JSON body nested deeper than 16 is 400' => sub {
	# The body is read (and parsed) before the CSRF check, so a sign-in
	# with JSON shows what the parser thinks.
	my $res = $c->request('POST', '/auth/sign_in', content => nested_json(17),
	    headers => { 'Content-Type' => 'application/json' });
	is_html_error($res, 400, 'depth 17 to /auth/sign_in');
	like($res->{content}, qr/nested too deeply/, 'says so');
	$res = $c->request('POST', '/auth/sign_in',
	    content => nested_json(2000),
	    headers => { 'Content-Type' => 'application/json' });
	is_html_error($res, 400, 'depth 2000');

	$res = $c->request('POST', '/auth/sign_in', content => nested_json(15),
	    headers => { 'Content-Type' => 'application/json' });
	is($res->{status}, 403, 'depth 15 parses, and then fails the CSRF check');
	$res = $c->request('POST', '/auth/sign_in', content => nested_json(16),
	    headers => { 'Content-Type' => 'application/json' });
	is($res->{status}, 403, 'depth 16 parses too');

	my ($user) = new_user(prefix => 'deep');
	my $token = csrf_from($user->get('/home')->{content});
	$res = $user->request('POST', '/statuses',
	    content => '{"authenticity_token":"' . $token . '","status":' .
	    nested_json(20) . '}',
	    headers => { 'Content-Type' => 'application/json' });
	is_html_error($res, 400, 'depth 20 to POST /statuses, signed in');

	$res = $c->request('POST', '/auth/sign_in', content => '{"a":',
	    headers => { 'Content-Type' => 'application/json' });
	is_html_error($res, 400, 'JSON that does not parse');
	like($res->{content}, qr/could not be parsed/, 'says so');

	$res = $user->request('POST', '/statuses',
	    content => '{"authenticity_token":"' . $token .
	    '","status":"posted as JSON","visibility":"unlisted"}',
	    headers => { 'Content-Type' => 'application/json' });
	is($res->{status}, 303, 'a flat JSON body is read like a form');
};

# --- paths ---------------------------------------------------------------

subtest 'a trailing slash on a path is ignored' => sub {
	my $plain = $api->get('/api/v1/instance');
	my $slash = $api->get('/api/v1/instance/');
	is($slash->{status}, 200, '/api/v1/instance/ is 200');
	is($plain->{status}, 200, '/api/v1/instance is 200');
	my ($a, $b) = (json_of($plain), json_of($slash));
	ok($a && $b && $a->{uri} eq $b->{uri} && $a->{title} eq $b->{title},
	    'the same instance');
	like($slash->{headers}{'content-type'} // '', qr{\Aapplication/json},
	    'as JSON');
	is($c->get('/public/local/')->{status}, 200, '/public/local/ too');
};

subtest 'a path with an encoded NUL byte is 400' => sub {
	for my $path ('/public%00local', '/api/v1/instance%00',
	    '/@someone%00/1') {
		my $res = $c->get($path);
		is($res->{status}, 400, "GET $path") or
		    diag(substr($res->{content} // '', 0, 300));
		security_headers_ok($res, "GET $path");
	}
	# nginx refuses these itself; woolly must too, behind any front end.
	my $res = fastcgi_request(REQUEST_METHOD => 'GET',
	    REQUEST_URI => '/public%00local', QUERY_STRING => '',
	    REMOTE_ADDR => '127.0.0.1', SERVER_NAME => '127.0.0.1',
	    HTTP_ACCEPT => $BROWSER_ACCEPT);
	ok($res, 'the FastCGI socket answers directly') or return;
	is($res->{status}, 400, 'woolly itself answers 400');
	like($res->{headers}{'content-type'} // '', qr{\Atext/html},
	    'with an HTML page');
	like($res->{content}, qr/NUL byte/, 'that says why');
	$res = fastcgi_request(REQUEST_METHOD => 'GET',
	    REQUEST_URI => '/public/local', QUERY_STRING => '',
	    REMOTE_ADDR => '127.0.0.1', SERVER_NAME => '127.0.0.1');
	is($res->{status}, 200, 'the same client gets a page without it')
	    if $res;
	is($c->get('/public/%6cocal')->{status}, 200,
	    'other escapes are decoded');
};


subtest 'a path that is not UTF-8 is a 404, not an error' => sub {
	my ($user) = new_user(prefix => 'utf');
	my $log = "$ENV{WOOLLY_TEST_DIR}/log/woolly.log";
	my $before = -s $log;
	for my $path ('/@%FF', '/@%C3%28/1', '/tags/%FF%FE', '/@%ED%A0%80',
	    '/api/v1/accounts/%FF', '/api/v1/timelines/tag/%C0%AF') {
		my $res = $c->get($path);
		is($res->{status}, 404, "GET $path: 404") or
		    diag(substr($res->{content} // '', 0, 300));
	}
	my $token = csrf_from($user->get('/home')->{content});
	for my $path ('/@%FF/follow', '/@%FF/unfollow', '/@%FF/1/delete') {
		my $res = $user->post_form($path, [authenticity_token => $token]);
		is($res->{status}, 404, "POST $path: 404");
	}
	open my $fh, '<', $log or die "$log: $!";
	seek $fh, $before, 0;
	my @errors = grep { /SQL failed|error|warn/i && !/ 404 / } <$fh>;
	close $fh;
	is_deeply(\@errors, [], 'nothing is logged as an error');
	is($c->get('/@%C3%A9t%C3%A9')->{status}, 404,
	    'a valid UTF-8 name that does not exist is the same 404');
};

subtest 'typed JSON input checks the JSON type and names the field' => sub {
	my ($user, $uname) = new_user(prefix => 'typed');
	my $token = csrf_from($user->get('/home')->{content});
	my $parent = post_status_id($user, $uname, status => 'parent');
	my $before = scalar psql('SELECT count(*) FROM statuses');
	my $post = sub {
		my ($fields) = @_;
		return $user->request('POST', '/statuses', json => {
		    authenticity_token => $token, status => 'typed', %$fields });
	};
	for my $case ([in_reply_to_id => -5], [in_reply_to_id => 1.5e30],
	    [in_reply_to_id => 0], [in_reply_to_id => '99999999999999999999'],
	    [in_reply_to_id => 2.5], [in_reply_to_id => JSON::PP::true],
	    [in_reply_to_id => '12a']) {
		my ($field, $value) = @$case;
		my $res = $post->({ $field => $value });
		is($res->{status}, 422, "$field = " . JSON::PP->new
		    ->allow_nonref->encode($value) . ': 422');
		like($res->{content}, qr/in_reply_to_id is not a valid id/,
		    'the message names the field');
	}
	for my $v ('banana', 2, 'truthy') {
		my $res = $post->({ sensitive => $v });
		is($res->{status}, 422, "sensitive = $v: 422");
		like($res->{content}, qr/sensitive must be true or false/,
		    'names the field');
	}
	my $res = $post->({ status => ['a list'] });
	is($res->{status}, 422, 'a list where text belongs: 422');
	like($res->{content}, qr/status must be a single value/, 'says so');
	$res = $post->({ status => JSON::PP::true });
	is($res->{status}, 422, 'true where text belongs: 422');
	like($res->{content}, qr/status must be a string/, 'says so');
	is(scalar psql('SELECT count(*) FROM statuses'), $before,
	    'nothing was stored');

	is($post->({ in_reply_to_id => $parent + 0, sensitive => JSON::PP::true
	    })->{status}, 303, 'a JSON integer id and a JSON true are accepted');
	is(scalar psql('SELECT in_reply_to_id || sensitive::text FROM '
	    . 'statuses ORDER BY id DESC LIMIT 1'), "${parent}true",
	    'and stored as given');
	is($post->({ in_reply_to_id => "$parent", sensitive => 'false' })
	    ->{status}, 303, 'a string id and "false" too');
	is($post->({ in_reply_to_id => undef, sensitive => 0 })->{status}, 303,
	    'null is absent, 0 is false');
	is(scalar psql('SELECT coalesce(in_reply_to_id::text, \'none\') || '
	    . 'sensitive::text FROM statuses ORDER BY id DESC LIMIT 1'),
	    'nonefalse', 'and stored so');

	$res = $api->get('/api/v1/timelines/public?local=banana');
	is($res->{status}, 400, 'a query flag that is not a boolean: 400');
	like(json_of($res)->{error} // '', qr/local must be true or false/,
	    'naming it');
	is($api->get('/api/v1/timelines/public?local=TRUE')->{status}, 200,
	    'TRUE is a boolean');
};

subtest 'the CSRF token is taken from the POST body only' => sub {
	my ($user) = new_user(prefix => 'csrfq');
	my $token = csrf_from($user->get('/home')->{content});
	my $res = $user->post_form("/statuses?authenticity_token=$token",
	    [status => 'token in the query', visibility => 'public']);
	is($res->{status}, 403, 'a token in the query string: 403');
	$res = $user->post_form('/statuses',
	    [status => 'token in the body', visibility => 'public',
	    authenticity_token => $token]);
	is($res->{status}, 303, 'the same token in the body: 303');
};

subtest 'signed-in pages are private and never stored' => sub {
	my ($user, $uname) = new_user(prefix => 'priv');
	for my $path ('/home', '/public/local', "/\@$uname", '/nowhere') {
		my $res = $user->get($path);
		is($res->{headers}{'cache-control'}, 'private, no-store',
		    "signed in, $path: Cache-Control: private, no-store");
	}
	my $anon = client();
	my $res = $anon->get('/auth/sign_in');
	is($res->{headers}{'cache-control'}, 'private, no-store',
	    'a page that sets a cookie is private too');
	$res = $anon->get('/public/local');
	ok(!defined $res->{headers}{'cache-control'},
	    'a signed-out page without cookies is not marked');
};

# --- headers on everything ---------------------------------------------------

subtest 'security headers on pages and on errors' => sub {
	my ($user) = new_user(prefix => 'headers');
	my %pages = (
		'GET /public/local' => $c->get('/public/local'),
		'GET /auth/sign_in' => $c->get('/auth/sign_in'),
		'GET /home' => $user->get('/home'),
		'a redirect' => $c->get('/home'),
		'a 404 page' => $c->get('/no/such/page'),
		'a 404 JSON' => $api->get('/api/unknown'),
		'a 405' => $c->delete('/home'),
		'a 403' => $c->request('POST', '/auth/sign_in', form => {}),
		'a 400' => $c->get('/public/local?max_id=x'),
		'the API' => $api->get('/api/v1/instance'),
		'a static file' => $c->get('/static/woolly.css'),
		'a missing static file' => $c->get('/static/none.css'),
	);
	for my $what (sort keys %pages) {
		security_headers_ok($pages{$what}, $what);
	}
};

# --- files nginx serves --------------------------------------------------------

subtest 'the stylesheet is served by nginx with caching' => sub {
	my $res = $c->get('/static/woolly.css');
	is($res->{status}, 200, 'GET /static/woolly.css');
	like($res->{headers}{'content-type'} // '', qr{\Atext/css}, 'text/css');
	like($res->{headers}{'cache-control'} // '', qr/max-age=\d+/,
	    'with Cache-Control max-age');
	my ($age) = ($res->{headers}{'cache-control'} // '') =~ /max-age=(\d+)/;
	ok(($age // 0) >= 86400, 'cached for a day at least');
	ok(length($res->{content}) > 0, 'not empty');
	is(scalar($c->get('/auth/sign_in')->{content} =~
	    m{<link rel="stylesheet" href="/static/woolly.css">}), 1,
	    'and the pages link to it');
};

subtest 'the default avatar exists' => sub {
	for my $path ('/avatars/original/missing.png',
	    '/headers/original/missing.png') {
		my $res = $c->get($path);
		is($res->{status}, 200, "GET $path");
		like($res->{headers}{'content-type'} // '', qr{\Aimage/png},
		    'image/png');
		like($res->{content}, qr/\A\x89PNG\r\n\x1a\n/, 'a PNG file');
		ok($res->{headers}{'cache-control'}, 'with Cache-Control');
	}
	my ($user, $name) = new_user(prefix => 'avatar');
	like($c->get("/\@$name")->{content},
	    qr{<img class="avatar large" src="(?:\Q${\ base_url()}\E)?/avatars/original/missing\.png"},
	    'a new account\'s profile shows it');
};

subtest 'the access log keeps paths, never query strings' => sub {
	my $log = "$ENV{WOOLLY_TEST_DIR}/log/nginx-access.log";
	my $secret = 'logcanary' . unique_name();
	my $res = $api->get(
	    "/api/v1/accounts/verify_credentials?access_token=$secret");
	is($res->{status}, 401, 'the made-up token is refused');
	ok(wait_until(sub {
		read_file($log) =~
		    m{"GET /api/v1/accounts/verify_credentials HTTP/[\d.]+" 401 };
	}), 'the request is in the access log, by path');
	unlike(read_file($log), qr/\Q$secret\E/,
	    'the access_token in its query string is not');
};

done_testing();
