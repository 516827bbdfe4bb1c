# oauth_web.t: the authorization-code flow as a person meets it in a
# browser: signing in on the way (and coming back), the consent page and
# what it says, approving and denying with its forms (CSRF-guarded), the
# out-of-band code page, the errors that are shown here rather than
# redirected, and the authorized-apps settings page that takes access
# back.
use strict;
use warnings;
use Digest::SHA qw(sha256_hex);
use HTTP::Tiny;
use Test::More;
use Woolly::Test;

my $c = client();
my $OOB = 'urn:ietf:wg:oauth:2.0:oob';

# --- helpers -------------------------------------------------------------

sub new_app {
	my (%fields) = @_;
	$fields{client_name} //= 'web app';
	$fields{redirect_uris} //= ['https://app.example/cb'];
	my $res = $c->post_json('/api/v1/apps', \%fields);
	die "registering answered $res->{status}: $res->{content}\n"
	    unless $res->{status} == 200;
	return json_of($res);
}

sub form_query {
	my (@pairs) = @_;
	return HTTP::Tiny->new->www_form_urlencode(\@pairs);
}

sub authorize_url {
	my ($app, @extra) = @_;
	my %q = (response_type => 'code', client_id => $app->{client_id},
	    redirect_uri => $app->{redirect_uris}[0], @extra);
	return '/oauth/authorize?' . form_query(map { $_ => $q{$_} }
	    grep { defined $q{$_} } sort keys %q);
}

sub unescape_html {
	my ($s) = @_;
	$s =~ s/&quot;/"/g; $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g;
	$s =~ s/&#39;/'/g; $s =~ s/&amp;/&/g;
	return $s;
}

# The hidden fields of the (first) form posting to $action, or of the
# one of that class, in order.
sub form_fields {
	my ($html, $action, $class) = @_;
	my $attrs = defined $class ? qr/ class="\Q$class\E"/ : qr/[^>]*/;
	my ($form) = $html =~
	    m{(<form method="post" action="\Q$action\E"$attrs>.*?</form>)}s
	    or return undef;
	my @fields;
	while ($form =~ /<input type="hidden" name="([^"]+)" value="([^"]*)">/g) {
		push @fields, $1 => unescape_html($2);
	}
	return \@fields;
}

sub field {
	my ($fields, $name) = @_;
	my %f = @$fields;
	return $f{$name};
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

sub token_for_code {
	my ($app, $code, $redirect_uri) = @_;
	return $c->post_form('/oauth/token', [grant_type =>
	    'authorization_code', client_id => $app->{client_id},
	    client_secret => $app->{client_secret}, code => $code,
	    redirect_uri => $redirect_uri // $app->{redirect_uris}[0]]);
}

# An error page of ours: the status, and no redirect anywhere.
sub error_page_ok {
	my ($res, $status, $like, $name) = @_;
	is($res->{status}, $status, "$name: $status");
	like($res->{headers}{'content-type'} // '', qr{text/html},
	    '... an HTML page');
	ok(!defined $res->{headers}{location}, '... and no redirect');
	like($res->{content}, $like, '... saying why');
}

my ($web, $username) = new_user(prefix => 'consent');
my $app = new_app(client_name => 'Pinafore <b>&</b> Co',
    website => 'https://pinafore.example', scopes => 'read write follow push',
    redirect_uris => ['https://app.example/cb', 'myapp://oauth?src=woolly',
    $OOB]);

# --- signing in on the way -----------------------------------------------

subtest 'signed out: sign in, then back to the consent page' => sub {
	my $browser = client();
	my $url = authorize_url($app, scope => 'read', state => 'abc');
	my $res = $browser->get($url);
	is($res->{status}, 303, 'a signed-out visitor is sent to sign in');
	my $to = $res->{headers}{location} // '';
	like($to, qr{\A/auth/sign_in\?return_to=}, '... with the way back');
	is(query_params($to)->{return_to}, $url, '... to this very request');
	my $form = $browser->get($to);
	is($form->{status}, 200, 'the sign-in form');
	my $fields = form_fields($form->{content}, '/auth/sign_in');
	is(field($fields, 'return_to'), $url, '... carries the way back');
	$res = $browser->post_form('/auth/sign_in', [@$fields,
	    username => $username, password => TEST_PASSWORD]);
	is($res->{status}, 303, 'signing in');
	is($res->{headers}{location}, $url, '... returns to the request');
	$res = $browser->get($url);
	is($res->{status}, 200, 'now the consent page shows');
	like($res->{content}, qr/Authorize/, '... asking to authorize');

	# A wrong password keeps the way back for the next try.
	my $other = client();
	$form = $other->get($to);
	$fields = form_fields($form->{content}, '/auth/sign_in');
	$res = $other->post_form('/auth/sign_in', [@$fields,
	    username => $username, password => 'not the password']);
	is($res->{status}, 422, 'a wrong password');
	is(field(form_fields($res->{content}, '/auth/sign_in'), 'return_to'),
	    $url, '... and the form still knows where to return');
};

subtest 'sign-in returns only to paths on this site' => sub {
	for my $bad ('//evil.example/x', 'https://evil.example/',
	    '/\\evil.example', "/\tx", 'javascript:alert(1)', 'home') {
		my $browser = client();
		my $form = $browser->get('/auth/sign_in?' .
		    form_query(return_to => $bad));
		ok(!defined field(form_fields($form->{content},
		    '/auth/sign_in'), 'return_to'), "the form drops '$bad'");
		my $fields = form_fields($form->{content}, '/auth/sign_in');
		my $res = $browser->post_form('/auth/sign_in', [@$fields,
		    username => $username, password => TEST_PASSWORD,
		    return_to => $bad]);
		is($res->{headers}{location}, '/home',
		    "... and a posted '$bad' leads home");
	}
	my $res = $web->get('/auth/sign_in?return_to=%2Fpublic%2Flocal');
	is($res->{status}, 303, 'signed in already: the form is skipped');
	is($res->{headers}{location}, '/public/local', '... to the page asked');
};

# --- the consent page ----------------------------------------------------------

subtest 'the consent page names the app and each scope in words' => sub {
	my $res = $web->get(authorize_url($app, scope => 'read write:statuses',
	    state => 'xyz'));
	is($res->{status}, 200, 'answers 200');
	my $html = $res->{content};
	like($html, qr/Pinafore &lt;b&gt;&amp;&lt;\/b&gt; Co/,
	    "the app's name, escaped");
	unlike($html, qr/<b>&<\/b>/, '... never as markup');
	like($html, qr{href="https://pinafore.example"}, 'its website');
	like($html, qr/\@\Q$username\E/, 'the account it asks for');
	like($html, qr/read all your account&#39;s data|read all your account's data/,
	    'read, in words');
	like($html, qr/publish posts/, 'write:statuses, in words');
	unlike($html, qr/follow, block and mute/, 'no scope it did not ask');
	like($html, qr{https://app.example/cb}, 'where it will return');
	like($res->{headers}{'cache-control'} // '', qr/no-store/,
	    'kept out of caches');
	my $approve = form_fields($html, '/oauth/authorize');
	ok($approve, 'an approve form');
	ok(field($approve, 'authenticity_token'), '... with a CSRF token');
	is(field($approve, 'scope'), 'read write:statuses', '... the scopes');
	is(field($approve, 'state'), 'xyz', '... the state');
	ok(form_fields($html, '/oauth/authorize/deny'), 'a deny form');
	ok(form_fields($html, '/auth/sign_out', 'switch-account'),
	    'and a way to switch account');
	unlike($html, qr/<script/i, 'no JavaScript');

	$res = $web->get(authorize_url($app));
	like($res->{content}, qr/read all your account/,
	    'no scope asked: read');
	is(field(form_fields($res->{content}, '/oauth/authorize'), 'scope'),
	    'read', '... only read');

	my $path = authorize_url($app);
	$path =~ s{/oauth/authorize\?}{/oauth/authorize/?};
	$res = $web->get($path);
	is($res->{status}, 200, '/oauth/authorize/ (trailing slash) too');
	$res = $web->get(authorize_url($app, state => 'None',
	    force_login => 'False', lang => 'en', scope => 'read+write'));
	is($res->{status}, 200, "Mastodon.py's state=None, force_login=False");
	is(field(form_fields($res->{content}, '/oauth/authorize'), 'scope'),
	    'read write', "... '+' between scopes");
	$res = $web->get(authorize_url($app, force_login => 'true'));
	is($res->{status}, 200, 'force_login=true shows the page too');
	like($res->{content}, qr/Sign in as someone else/,
	    '... which offers another account');
};

subtest 'approving: a code back at the redirect URI' => sub {
	my $page = $web->get(authorize_url($app, scope => 'read write',
	    state => 'st&te=1'));
	my $fields = form_fields($page->{content}, '/oauth/authorize');
	my $res = $web->post_form('/oauth/authorize', $fields);
	is($res->{status}, 302, 'approve: 302');
	my $loc = $res->{headers}{location} // '';
	like($loc, qr{\Ahttps://app\.example/cb\?code=[A-Za-z0-9_-]{43}&state=},
	    'to the redirect URI with the code');
	my $q = query_params($loc);
	is($q->{state}, 'st&te=1', 'the state comes back intact');
	$res = token_for_code($app, $q->{code});
	is($res->{status}, 200, 'the code gives a token');
	ok_schema('Token', $res);
	is(json_of($res)->{scope}, 'read write', 'with the consented scopes');

	$page = $web->get(authorize_url($app,
	    redirect_uri => 'myapp://oauth?src=woolly'));
	$res = $web->post_form('/oauth/authorize',
	    form_fields($page->{content}, '/oauth/authorize'));
	like($res->{headers}{location} // '',
	    qr{\Amyapp://oauth\?src=woolly&code=[A-Za-z0-9_-]{43}\z},
	    'a custom scheme with a query: &code=, no state when none came');

	$page = $web->get(authorize_url($app, state => 'None'));
	$res = $web->post_form('/oauth/authorize',
	    form_fields($page->{content}, '/oauth/authorize'));
	is(query_params($res->{headers}{location})->{state}, 'None',
	    "state=None is just a state");
};

subtest 'the approve and deny forms need their CSRF token' => sub {
	my $page = $web->get(authorize_url($app));
	my @fields = grep { defined } @{ form_fields($page->{content},
	    '/oauth/authorize') };
	my %f = @fields;
	delete $f{authenticity_token};
	my $res = $web->post_form('/oauth/authorize', [%f]);
	is($res->{status}, 403, 'approve without the token: 403');
	ok(!defined $res->{headers}{location}, '... and no code');
	my ($other) = new_user(prefix => 'csrfother');
	my $theirs = $other->get(authorize_url($app));
	my $token = field(form_fields($theirs->{content}, '/oauth/authorize'),
	    'authenticity_token');
	$res = $web->post_form('/oauth/authorize', [%f,
	    authenticity_token => $token]);
	is($res->{status}, 403, "another browser's token: 403");
	$res = $web->post_form('/oauth/authorize/deny', [%f]);
	is($res->{status}, 403, 'deny without the token: 403');
	$res = client()->post_form('/oauth/authorize', [@fields]);
	is($res->{status}, 303, 'signed out: no approval, but sign-in');
};

subtest 'denying: error=access_denied back at the app' => sub {
	my $page = $web->get(authorize_url($app, state => 'd1'));
	my $res = $web->post_form('/oauth/authorize/deny',
	    form_fields($page->{content}, '/oauth/authorize/deny'));
	is($res->{status}, 302, 'deny: 302');
	my $q = query_params($res->{headers}{location});
	like($res->{headers}{location}, qr{\Ahttps://app\.example/cb\?},
	    'to the redirect URI');
	is($q->{error}, 'access_denied', 'error=access_denied');
	is($q->{state}, 'd1', 'with the state');
	ok(!exists $q->{code}, 'and no code');
	ok(length $q->{error_description}, 'with a description');
};

subtest 'out of band: the code on a page' => sub {
	my $page = $web->get(authorize_url($app, redirect_uri => $OOB));
	is($page->{status}, 200, 'the consent page');
	like($page->{content}, qr/show a code/, '... says a code will show');
	my $res = $web->post_form('/oauth/authorize',
	    form_fields($page->{content}, '/oauth/authorize'));
	is($res->{status}, 200, 'approve: 200, a page');
	ok(!defined $res->{headers}{location}, '... not a redirect');
	my ($code) = $res->{content} =~ /id="code"[^>]*value="([^"]+)"/;
	like($code, qr/\A[A-Za-z0-9_-]{43}\z/, 'the code is on it');
	like($res->{content}, qr/Pinafore/, '... naming the app');
	is(token_for_code($app, $code, $OOB)->{status}, 200,
	    'and it gives a token');
	$res = $web->post_form('/oauth/authorize/deny',
	    form_fields($page->{content}, '/oauth/authorize/deny'));
	error_page_ok($res, 403, qr/access_denied/, 'deny out of band');
};

# --- errors shown here, errors sent back --------------------------------------------

subtest 'a bad client or redirect URI: our own error page' => sub {
	error_page_ok($web->get('/oauth/authorize?response_type=code&' .
	    'client_id=nobody&redirect_uri=https%3A%2F%2Fevil.example%2F'), 400,
	    qr/unknown client/, 'an unknown client_id');
	error_page_ok($web->get('/oauth/authorize?response_type=code'), 400,
	    qr/client_id is missing/, 'no client_id');
	error_page_ok($web->get(authorize_url($app,
	    redirect_uri => 'https://evil.example/cb', state => 's')), 400,
	    qr/redirect uri/, 'a redirect URI it did not register');
	error_page_ok($web->get(authorize_url($app,
	    redirect_uri => 'https://app.example/cb/more')), 400,
	    qr/redirect uri/, 'a longer one (exact match only)');
	error_page_ok($web->get(authorize_url($app, redirect_uri => undef)),
	    400, qr/redirect uri/, 'none, with three registered');
	my $single = new_app(client_name => 'single');
	my $res = $web->get(authorize_url($single, redirect_uri => undef));
	is($res->{status}, 200, 'none, with only one registered: it is used');
	is(field(form_fields($res->{content}, '/oauth/authorize'),
	    'redirect_uri'), 'https://app.example/cb', '... in the form');
	error_page_ok(client()->get('/oauth/authorize?response_type=code&' .
	    'client_id=nobody&redirect_uri=x'), 400, qr/unknown client/,
	    'signed out, the error comes before any sign-in');
	error_page_ok($web->get(authorize_url($app,
	    state => 's' x 2001)), 400, qr/state/, 'a state over 2000 characters');
};

subtest 'errors sent back to a good redirect URI, with the state' => sub {
	my @cases = (
		[ [ response_type => undef ], 'invalid_request',
		  'no response_type' ],
		[ [ response_type => 'token' ], 'unsupported_response_type',
		  'response_type=token' ],
		[ [ scope => 'admin:read' ], 'invalid_scope',
		  'a scope beyond the app' ],
		[ [ scope => 'read telepathy' ], 'invalid_scope',
		  'an unknown scope' ],
		[ [ code_challenge => 'x' x 43, code_challenge_method =>
		  'plain' ], 'invalid_request', 'PKCE plain' ],
		[ [ code_challenge => 'x' x 43 ], 'invalid_request',
		  'a challenge without a method (plain)' ],
		[ [ code_challenge => 'short', code_challenge_method =>
		  'S256' ], 'invalid_request', 'a malformed challenge' ],
	);
	for my $case (@cases) {
		my ($extra, $error, $name) = @$case;
		my $res = $web->get(authorize_url($app, state => 'keep',
		    @$extra));
		is($res->{status}, 302, "$name: 302");
		my $loc = $res->{headers}{location} // '';
		like($loc, qr{\Ahttps://app\.example/cb\?}, '... to the app');
		my $q = query_params($loc);
		is($q->{error}, $error, "... error=$error");
		is($q->{state}, 'keep', '... with the state');
		ok(!exists $q->{code}, '... and no code');
	}
	my $res = $web->get(authorize_url($app, redirect_uri => $OOB,
	    scope => 'admin:read'));
	error_page_ok($res, 400, qr/invalid_scope/,
	    'out of band, an error is shown instead');
	# The approve form is checked again: a tampered scope is refused.
	my $page = $web->get(authorize_url($app, state => 't'));
	my %f = @{ form_fields($page->{content}, '/oauth/authorize') };
	$f{scope} = 'admin:write';
	$res = $web->post_form('/oauth/authorize', [%f]);
	is(query_params($res->{headers}{location})->{error}, 'invalid_scope',
	    'a scope added to the form afterwards: invalid_scope');
	$f{scope} = 'read';
	$f{redirect_uri} = 'https://evil.example/';
	$res = $web->post_form('/oauth/authorize', [%f]);
	error_page_ok($res, 400, qr/redirect uri/,
	    'a redirect URI changed in the form: no redirect there');
};

subtest '"Not you?" signs out and comes back through sign-in' => sub {
	my ($browser, $name) = new_user(prefix => 'switcher');
	my $url = authorize_url($app, state => 'sw');
	my $page = $browser->get($url);
	my $fields = form_fields($page->{content}, '/auth/sign_out',
	    'switch-account');
	is(field($fields, 'return_to'), $url, 'the form knows this page');
	my $res = $browser->post_form('/auth/sign_out', $fields);
	is($res->{status}, 303, 'signed out');
	is(query_params($res->{headers}{location})->{return_to}, $url,
	    '... to the sign-in form, with the way back');
	is($browser->get('/home')->{status}, 303, '... really signed out');
	$res = $browser->post_form('/auth/sign_out', [authenticity_token =>
	    csrf_from($page->{content})]);
	is($res->{status}, 303, 'signing out without return_to');
};

# --- the authorized-apps page ---------------------------------------------------------

subtest 'the authorized-apps page lists, explains and revokes' => sub {
	my ($browser, $name) = new_user(prefix => 'appsettings');
	my $res = $browser->get('/settings/applications');
	is($res->{status}, 200, 'the page');
	like($res->{content}, qr/not authorized any application/,
	    'nothing yet');
	like($browser->get('/home')->{content},
	    qr{href="/settings/applications"}, 'the menu links to it');

	my $list_app = new_app(client_name => 'Lister', scopes =>
	    'read write follow', website => 'https://lister.example');
	my $page = $browser->get(authorize_url($list_app,
	    scope => 'read follow'));
	$res = $browser->post_form('/oauth/authorize',
	    form_fields($page->{content}, '/oauth/authorize'));
	my $code = query_params($res->{headers}{location})->{code};
	my $token = json_of(token_for_code($list_app, $code))->{access_token};
	ok($token, 'an app was authorized');

	$res = $browser->get('/settings/applications');
	my $html = $res->{content};
	like($html, qr/Lister/, 'the page lists it');
	like($html, qr/read all your account/, '... read, in words');
	like($html, qr/follow, block and mute accounts/, '... follow, in words');
	unlike($html, qr/publish posts/, '... not what it was not given');
	like($html, qr/never used/, '... not used yet');
	like($html, qr{https://lister.example}, '... its website');

	my $api = client(token => $token);
	is($api->get('/api/v1/accounts/verify_credentials')->{status}, 200,
	    'the app uses its token');
	psql("UPDATE oauth_access_tokens SET last_used_at = " .
	    "'2026-01-02 03:04:00+00' WHERE token_hash = decode(:'1', 'hex')",
	    sha256_hex($token));
	$html = $browser->get('/settings/applications')->{content};
	like($html, qr/last used <time class="last-used">2026-01-02 03:04/,
	    'the page shows its last use');

	my ($stranger) = new_user(prefix => 'appstranger');
	unlike($stranger->get('/settings/applications')->{content},
	    qr/Lister/, "another person's page does not list it");
	is(client()->get('/settings/applications')->{status}, 303,
	    'signed out: sign in first');

	# A code handed out but not yet exchanged dies with the revocation.
	$page = $browser->get(authorize_url($list_app));
	$res = $browser->post_form('/oauth/authorize',
	    form_fields($page->{content}, '/oauth/authorize'));
	my $pending = query_params($res->{headers}{location})->{code};

	my ($app_id) = $html =~ m{action="/settings/applications/(\d+)/revoke"};
	ok($app_id, 'a revoke button');
	$res = $browser->post_form("/settings/applications/$app_id/revoke", []);
	is($res->{status}, 403, 'revoking needs the CSRF token');
	$res = $stranger->post_form("/settings/applications/$app_id/revoke",
	    [authenticity_token => csrf_from($stranger->get('/home')->{content})]);
	is($res->{status}, 404, "a stranger cannot revoke someone's app");
	is($api->get('/api/v1/accounts/verify_credentials')->{status}, 200,
	    '... the token still works');
	my $fields = form_fields($html,
	    "/settings/applications/$app_id/revoke");
	$res = $browser->post_form("/settings/applications/$app_id/revoke",
	    $fields);
	is($res->{status}, 303, 'revoked');
	is($res->{headers}{location}, '/settings/applications', '... back');
	$res = $api->get('/api/v1/accounts/verify_credentials');
	is($res->{status}, 401, 'the token is refused now');
	ok_schema('Error', $res);
	unlike($browser->get('/settings/applications')->{content},
	    qr/Lister/, 'the page no longer lists it');
	is(token_for_code($list_app, $pending)->{status}, 400,
	    'and its pending code is void');
	$res = $browser->post_form("/settings/applications/$app_id/revoke",
	    $fields);
	is($res->{status}, 404, 'revoking again: 404');
	$res = $browser->post_form('/settings/applications/abc/revoke',
	    $fields);
	is($res->{status}, 404, 'a malformed id: 404');
};

done_testing();
