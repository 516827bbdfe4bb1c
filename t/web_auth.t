# web_auth.t: signing up, in and out through the HTML forms, the
# authenticity token that guards every form, and the limits on failed
# sign-ins.
#
# Every test here signs in from 127.0.0.1, so every failed sign-in counts
# against the one per-address budget (login_ip_limit = 8 failures per
# login_window = 60 s in the test woolly.conf). Tests that fail sign-ins on
# purpose first reset the counters (reset_login_counters), the per-address
# limit is tested at the end (followed only by the memcached outage test,
# which resets everything itself), and the file resets the counters again
# when it ends, so later test files can still sign in.
use strict;
use warnings;
use Test::More;
use Digest::SHA qw(sha256_hex);
use Woolly::Test;

use constant {
	IP_LIMIT => 8,		# login_ip_limit in the test woolly.conf
	ACCOUNT_LIMIT => 5,	# login_account_limit
	WINDOW => 60,		# login_window
};

my $BAD_LOGIN = 'Invalid username, email or password.';
my $TOO_MANY = qr/Too many failed sign-in attempts/;
my $CSRF_MESSAGE = qr/invalid authenticity token/;

# --- helpers -----------------------------------------------------------

# Every Set-Cookie header of a response.
sub set_cookies {
	my ($res) = @_;
	my $h = $res->{headers}{'set-cookie'};
	return () unless defined $h;
	return ref $h ? @$h : ($h);
}

# The Set-Cookie header that sets NAME, or undef.
sub set_cookie_for {
	my ($res, $name) = @_;
	my ($c) = grep { /\A\s*\Q$name\E=/ } set_cookies($res);
	return $c;
}

# The attributes of a Set-Cookie header, lower-cased names.
sub cookie_attrs {
	my ($header) = @_;
	my (undef, @parts) = split /;\s*/, $header;
	my %a;
	for (@parts) {
		my ($k, $v) = split /=/, $_, 2;
		$a{lc $k} = $v // 1;
	}
	return \%a;
}

sub unescape {
	my ($s) = @_;
	return undef unless defined $s;
	$s =~ s/&quot;/"/g;
	$s =~ s/&#39;|&#x27;|&apos;/'/g;
	$s =~ s/&lt;/</g;
	$s =~ s/&gt;/>/g;
	$s =~ s/&amp;/&/g;
	return $s;
}

# The <input> tag named NAME, and its value attribute (unescaped).
sub input_tag {
	my ($html, $name) = @_;
	for my $tag ($html =~ /(<input\b[^>]*>)/gis) {
		return $tag if $tag =~ /\bname="\Q$name\E"/;
	}
	return undef;
}

sub input_value {
	my ($html, $name) = @_;
	my $tag = input_tag($html, $name) // return undef;
	return undef unless $tag =~ /\bvalue="([^"]*)"/;
	my $v = unescape($1);
	utf8::decode($v);	# the page is UTF-8; compare characters
	return $v;
}

# The part of a form that belongs to one field: from its <input> to the
# next <label> (or the submit button). A message "next to the field" is in
# there.
sub field_block {
	my ($html, $name) = @_;
	return $1 if $html =~ /(<input\b[^>]*\bname="\Q$name\E"[^>]*>.*?)(?:<label\b|<button\b)/is;
	return '';
}

# The text of the field errors of a page, by field name.
sub field_errors {
	my ($html) = @_;
	my %e;
	for my $f (qw(username email password password_confirmation)) {
		my $block = field_block($html, $f);
		$e{$f} = unescape($1)
		    if $block =~ m{<p class="field-error"[^>]*>(.*?)</p>}s;
	}
	return \%e;
}

# A counter as memcached holds it (undef when absent).
sub memcached_get { return memcached_counter($_[0]) }

sub memcached_delete {
	my ($key) = @_;
	memcached_request("delete $key");
}

sub ip_key { return 'woolly:login:ip:127.0.0.1' }
# Failures count per account by user id (name and email share a budget).
sub user_id_of {
	my ($name) = @_;
	return scalar psql(q{SELECT u.id FROM users u JOIN accounts a ON a.id = u.account_id WHERE lower(a.username) = lower(:'1') AND a.domain IS NULL}, $name);
}
sub account_bucket {
	my $id = user_id_of($_[0]);
	return defined $id ? "login:account:$id" :
	    'login:name:' . substr(sha256_hex(lc $_[0]), 0, 32);
}
sub account_key { return 'woolly:' . account_bucket($_[0]) }
# The account's failures from this test's address (127.0.0.1).
sub pair_key { return account_key($_[0]) . ':127.0.0.1' }

# Forget every failed sign-in: the memcached counters of the address and
# of the given logins, and the database fallback.
sub reset_login_counters {
	my (@logins) = @_;
	psql(q{DELETE FROM rate_limits WHERE bucket LIKE 'login:%'});
	memcached_delete(ip_key());
	memcached_delete(account_key($_)) for @logins;
	memcached_delete(pair_key($_)) for @logins;
}

# A failed sign-in attempt with a wrong password.
sub fail_sign_in {
	my ($login) = @_;
	return sign_in(client(), $login, 'wrong-password-' . $login);
}

sub is_page {
	my ($res, $status, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	is($res->{status}, $status, "$what: $status") or
	    diag(substr($res->{content} // '', 0, 600));
	like($res->{headers}{'content-type'} // '', qr{\Atext/html},
	    "$what: an HTML page");
}

my $csrf_cookie = '_woolly_csrf';
my $session_cookie = '_woolly_session';

# --- signing up --------------------------------------------------------

subtest 'sign-up creates the account, signs in and goes home' => sub {
	my $c = client();
	my $name = unique_name('signup');
	my $res = sign_up($c, $name, email => "$name\@Example.org");
	is($res->{status}, 303, 'sign-up answers 303') or
	    diag(substr($res->{content} // '', 0, 600));
	is($res->{headers}{location}, '/home', 'and goes to /home');

	my $cookie = set_cookie_for($res, $session_cookie);
	ok($cookie, 'a session cookie is set') or return;
	my $a = cookie_attrs($cookie);
	ok($a->{httponly}, 'the session cookie is HttpOnly');
	is(lc($a->{samesite} // ''), 'lax', 'the session cookie is SameSite=Lax');
	ok(!exists $a->{secure}, 'no Secure attribute on a plain-HTTP site');
	is($a->{path}, '/', 'for the whole site');

	my $home = $c->get('/home');
	is($home->{status}, 200, 'the new user sees /home');
	like($home->{content}, qr/\@\Q$name\E/, 'signed in as the new user');

	is(scalar psql(q{SELECT count(*) FROM accounts a JOIN users u ON
	    u.account_id = a.id WHERE a.username = :'1' AND a.domain IS NULL
	    AND u.email = :'2'}, $name, "$name\@Example.org"), 1,
	    'the account and its user are in the database');
	is(client()->get("/\@$name")->{status}, 200,
	    'the profile page exists');
};

subtest 'a signed-in user is sent from the sign-up and sign-in forms home' => sub {
	my ($c) = new_user(prefix => 'already');
	for my $path ('/auth/sign_up', '/auth/sign_in') {
		my $res = $c->get($path);
		is($res->{status}, 303, "GET $path answers 303");
		is($res->{headers}{location}, '/home', "GET $path goes home");
	}
};

# Sign up with the given fields (the others valid and fresh) and check
# that the form comes back with 422, one message next to FIELD, the
# entered username and e-mail kept, and no password in the page.
sub sign_up_rejected {
	my (%t) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my $name = exists $t{username} ? $t{username} : unique_name('rej');
	my $email = exists $t{email} ? $t{email} :
	    unique_name('mail') . '@example.com';
	my $password = $t{password} // 'a-Secret-Password-77';
	my $confirm = $t{password_confirmation} // $password;
	my $res = sign_up(client(), $name, email => $email,
	    password => $password, password_confirmation => $confirm);
	is_page($res, 422, 'the form comes back');
	ok(!set_cookie_for($res, $session_cookie), 'no session is started');
	my $errors = field_errors($res->{content});
	like($errors->{ $t{field} } // '', $t{message},
	    "the message is next to the $t{field} field") or
	    diag(substr($res->{content}, 0, 3000));
	my @others = grep { $_ ne $t{field} } sort keys %$errors;
	is_deeply(\@others, [], 'no other field has a message');
	like(input_tag($res->{content}, $t{field}) // '',
	    qr/aria-invalid="true"/, 'the field is marked invalid');
	is(input_value($res->{content}, 'username'), $name,
	    'the username is kept');
	is(input_value($res->{content}, 'email'), $email, 'the email is kept');
	unlike($res->{content}, qr/\Q$password\E/,
	    'the password is not in the page');
	unlike($res->{content}, qr/\Q$confirm\E/,
	    'the confirmation is not in the page');
	for my $f (qw(password password_confirmation)) {
		unlike(input_tag($res->{content}, $f) // '', qr/\bvalue=/,
		    "the $f field is empty");
	}
	ok(!psql(q{SELECT 1 FROM users WHERE lower(email) = lower(:'1')},
	    $email), 'no account is created') unless $t{field} eq 'email';
	return $res;
}

subtest 'sign-up without a username is refused' => sub {
	sign_up_rejected(username => '', field => 'username',
	    message => qr/Choose a username/);
};

subtest 'sign-up with characters outside [A-Za-z0-9_] is refused' => sub {
	for my $bad ('no-dashes', 'no space', 'dot.ted', "caf\x{e9}",
	    '<b>x</b>') {
		subtest "username '$bad'" => sub {
			sign_up_rejected(username => $bad, field => 'username',
			    message => qr/letters, digits and underscores/);
		};
	}
};

subtest 'sign-up with a 31-character username is refused, 30 is fine' => sub {
	my $long = 'a' . ('b' x 30);
	sign_up_rejected(username => $long, field => 'username',
	    message => qr/at most 30 characters/);
	my $ok = substr(unique_name('x') . ('z' x 30), 0, 30);
	my $res = sign_up(client(), $ok);
	is($res->{status}, 303, 'a 30-character username is accepted');
};

subtest 'a very long username gets the length message too' => sub {
	my $res = sign_up(client(), 'c' x 70);
	is_page($res, 422, 'a 70-character username');
	like(field_errors($res->{content})->{username} // '',
	    qr/at most 30 characters/, 'says it is too long');
};

subtest 'a username is taken regardless of case' => sub {
	my $name = unique_name('bob');
	is(sign_up(client(), $name)->{status}, 303, "$name signs up");
	(my $other_case = $name) =~ s/\A(\w)/\U$1/;
	$other_case =~ s/_(\w)/_\U$1/g;
	isnt($other_case, $name, "'$other_case' differs only in case");
	sign_up_rejected(username => $other_case, field => 'username',
	    message => qr/That username is taken/);
	sign_up_rejected(username => $name, field => 'username',
	    message => qr/That username is taken/);
	is(scalar psql(q{SELECT count(*) FROM accounts
	    WHERE lower(username) = lower(:'1')}, $name), 1,
	    'still one account by that name');
};

subtest 'sign-up with an invalid email is refused' => sub {
	for my $bad ('no-at-sign', '@example.com', 'user@', 'a@b@c',
	    'sp ace@example.com') {
		subtest "email '$bad'" => sub {
			sign_up_rejected(email => $bad, field => 'email',
			    message => qr/Enter a valid email address/);
		};
	}
	subtest 'missing email' => sub {
		sign_up_rejected(email => '', field => 'email',
		    message => qr/Enter a valid email address/);
	};
};

subtest 'sign-up with an email in use is refused, regardless of case' => sub {
	my $name = unique_name('mailer');
	my $email = "$name\@example.com";
	is(sign_up(client(), $name, email => $email)->{status}, 303,
	    'the first account signs up');
	sign_up_rejected(email => $email, field => 'email',
	    message => qr/already in use/);
	sign_up_rejected(email => uc $email, field => 'email',
	    message => qr/already in use/);
};

subtest 'sign-up with a password under 8 characters is refused' => sub {
	sign_up_rejected(password => 'Short77', field => 'password',
	    message => qr/at least 8 characters/);
	my $res = sign_up(client(), unique_name('eight'),
	    password => '8chars!!');
	is($res->{status}, 303, 'exactly 8 characters is enough');
};

subtest 'sign-up with a mismatched confirmation is refused' => sub {
	sign_up_rejected(password => 'first-Password-1',
	    password_confirmation => 'other-Password-2',
	    field => 'password_confirmation',
	    message => qr/do not match/);
};

# --- signing in and out ------------------------------------------------

my ($user_client, $user, $password) = new_user(prefix => 'signin');
my $user_email = "$user\@example.com";

subtest 'sign-in with the username' => sub {
	my $c = client();
	my $res = sign_in($c, $user, $password);
	is($res->{status}, 303, 'sign-in answers 303') or
	    diag(substr($res->{content} // '', 0, 600));
	is($res->{headers}{location}, '/home', 'and goes home');
	my $cookie = set_cookie_for($res, $session_cookie);
	ok($cookie, 'a session cookie is set');
	my $a = cookie_attrs($cookie // '');
	ok($a->{httponly} && lc($a->{samesite} // '') eq 'lax' &&
	    !exists $a->{secure}, 'HttpOnly, SameSite=Lax, not Secure');
	my $home = $c->get('/home');
	is($home->{status}, 200, '/home is shown');
	like($home->{content}, qr{href="/\@\Q$user\E"}, 'as that user');
};

subtest 'sign-in with the username in another case' => sub {
	my $res = sign_in(client(), uc $user, $password);
	is($res->{status}, 303, 'sign-in is case-insensitive for names');
};

subtest 'sign-in with the email' => sub {
	my $c = client();
	my $res = sign_in($c, uc $user_email, $password);
	is($res->{status}, 303, 'sign-in with the e-mail answers 303');
	is($res->{headers}{location}, '/home', 'and goes home');
	is($c->get('/home')->{status}, 200, '/home is shown');
};

subtest 'sign-in with a wrong password is refused' => sub {
	reset_login_counters($user);
	my $c = client();
	my $res = sign_in($c, $user, 'not-the-password');
	is_page($res, 422, 'a wrong password');
	like($res->{content}, qr/\Q$BAD_LOGIN\E/, 'says so');
	ok(!set_cookie_for($res, $session_cookie), 'no session is started');
	is(input_value($res->{content}, 'username'), $user,
	    'the login is kept in the form');
	unlike($res->{content}, qr/not-the-password/,
	    'the password is not in the page');
	ok(csrf_from($res->{content}), 'the form can be sent again');
	is($c->get('/home')->{status}, 303, 'still signed out');
};

subtest 'sign-in as an unknown user gets the same message' => sub {
	my $ghost = unique_name('ghost');
	my $res = sign_in(client(), $ghost, 'whatever-password');
	is_page($res, 422, 'an unknown user');
	my ($msg) = $res->{content} =~ m{<p class="form-error"[^>]*>(.*?)</p>}s;
	my $wrong = sign_in(client(), $user, 'not-the-password-either');
	my ($msg2) = $wrong->{content} =~ m{<p class="form-error"[^>]*>(.*?)</p>}s;
	is($msg, $msg2, 'the message does not tell which part was wrong');
	like($msg // '', qr/\Q$BAD_LOGIN\E/, 'the message');
	my $empty = sign_in(client(), '', '');
	is_page($empty, 422, 'an empty form');
};

subtest 'sign-out through the form ends the session' => sub {
	my $c = client();
	is(sign_in($c, $user, $password)->{status}, 303, 'signed in');
	my $home = $c->get('/home');
	is($home->{status}, 200, '/home');
	like($home->{content}, qr{<form method="post" action="/auth/sign_out"},
	    'the page has a sign-out form');
	my $session = $c->cookie($session_cookie);
	my $res = $c->post_form('/auth/sign_out',
	    [authenticity_token => csrf_from($home->{content})]);
	is($res->{status}, 303, 'sign-out answers 303');
	is($res->{headers}{location}, '/', 'and goes to the start page');
	my $gone = set_cookie_for($res, $session_cookie);
	ok($gone && cookie_attrs($gone)->{'max-age'} eq '0',
	    'the session cookie is cleared');
	my $after = $c->get('/home');
	is($after->{status}, 303, 'GET /home now redirects');
	is($after->{headers}{location}, '/auth/sign_in', 'to sign in');

	# The old cookie, kept by someone, is worthless too.
	my $thief = client();
	$thief->jar->set($session_cookie, $session);
	is($thief->get('/home')->{headers}{location}, '/auth/sign_in',
	    'the session is gone on the server as well');
};

subtest 'sign-out needs the authenticity token' => sub {
	my $c = client();
	sign_in($c, $user, $password);
	my $res = $c->post_form('/auth/sign_out', []);
	is_page($res, 403, 'without a token');
	is($c->get('/home')->{status}, 200, 'still signed in');
};

subtest 'GET sign-out is not a way to sign out' => sub {
	my $res = $user_client->get('/auth/sign_out');
	is($res->{status}, 405, 'GET /auth/sign_out is 405');
	is($user_client->get('/home')->{status}, 200, 'still signed in');
};

subtest '/home signed out redirects to sign in' => sub {
	my $res = client()->get('/home');
	is($res->{status}, 303, 'GET /home answers 303');
	is($res->{headers}{location}, '/auth/sign_in', 'to the sign-in form');
	my $json = client()->get('/home', { Accept => 'application/json' });
	is($json->{status}, 401, 'a JSON client gets 401 instead');
};

subtest 'a session cookie that is not ours is ignored' => sub {
	my $c = client();
	$c->jar->set($session_cookie, 'A' x 43);
	is($c->get('/home')->{status}, 303, 'a well-shaped unknown token');
	$c->jar->set($session_cookie, q{'; DROP TABLE sessions; --});
	is($c->get('/home')->{status}, 303, 'garbage');
	is(client()->get('/public/local')->{status}, 200, 'pages still work');
};

# --- authenticity tokens -----------------------------------------------

subtest 'the sign-in form sets an HttpOnly SameSite=Lax token cookie' => sub {
	my $c = client();
	my $res = $c->get('/auth/sign_in');
	is_page($res, 200, 'GET /auth/sign_in');
	my $cookie = set_cookie_for($res, $csrf_cookie);
	ok($cookie, "it sets $csrf_cookie") or return;
	my $a = cookie_attrs($cookie);
	ok($a->{httponly}, 'HttpOnly');
	is(lc($a->{samesite} // ''), 'lax', 'SameSite=Lax');
	ok(!exists $a->{secure}, 'not Secure on plain HTTP');
	ok(csrf_from($res->{content}), 'the form carries a token');
	my $again = $c->get('/auth/sign_in');
	ok(!set_cookie_for($again, $csrf_cookie),
	    'the cookie is not replaced on the next visit');
	is(csrf_from($again->{content}), csrf_from($res->{content}),
	    'and the token stays the same');
	ok(!set_cookie_for(client()->get('/public/local'), $csrf_cookie),
	    'pages without forms set no cookie');
};

subtest 'a POST without the token is refused with 403' => sub {
	my $c = client();
	$c->get('/auth/sign_in');
	my $res = $c->post_form('/auth/sign_in',
	    [username => $user, password => $password]);
	is_page($res, 403, 'sign-in without a token');
	like($res->{content}, $CSRF_MESSAGE, 'the page says why');
	like($res->{content}, qr/reload the page/, 'and what to do');
	ok(!set_cookie_for($res, $session_cookie), 'no session is started');

	my $name = unique_name('nocsrf');
	$res = sign_up(client(), $name, authenticity_token => undef);
	is_page($res, 403, 'sign-up without a token');
	ok(!psql(q{SELECT 1 FROM accounts WHERE username = :'1'}, $name),
	    'no account is created');

	$res = $user_client->post_form('/statuses',
	    [status => 'forged', visibility => 'public']);
	is_page($res, 403, 'posting without a token');

	$res = $c->post_form('/auth/sign_in', [username => $user,
	    password => $password, authenticity_token => '']);
	is_page($res, 403, 'an empty token');
};

subtest "a token from another browser is refused with 403" => sub {
	my $victim = client();
	my $attacker = client();
	my $their = csrf_from($attacker->get('/auth/sign_in')->{content});
	my $mine = csrf_from($victim->get('/auth/sign_in')->{content});
	isnt($their, $mine, 'each browser gets its own token');
	my $res = sign_in($victim, $user, $password,
	    authenticity_token => $their);
	is_page($res, 403, "sign-in with another browser's token");
	like($res->{content}, $CSRF_MESSAGE, 'the page says why');

	# Signed in, the token is bound to the session.
	my ($alice) = new_user(prefix => 'alice');
	my ($mallory) = new_user(prefix => 'mallory');
	my $mallory_token = csrf_from($mallory->get('/home')->{content});
	$res = $alice->post_form('/statuses', [status => 'forged',
	    visibility => 'public', authenticity_token => $mallory_token]);
	is_page($res, 403, "posting with another user's token");

	# A token from before sign-in is stale afterwards.
	my $c = client();
	my $before = csrf_from($c->get('/auth/sign_in')->{content});
	is(sign_in($c, $user, $password)->{status}, 303, 'signed in');
	$res = $c->post_form('/statuses', [status => 'stale',
	    visibility => 'public', authenticity_token => $before]);
	is_page($res, 403, 'the signed-out token no longer works');
};

subtest 'a token without its cookie is refused' => sub {
	my $c = client();
	my $token = csrf_from($c->get('/auth/sign_in')->{content});
	$c->jar->remove($csrf_cookie);
	my $res = sign_in($c, $user, $password, authenticity_token => $token);
	is_page($res, 403, 'the cookie was dropped');
};

# --- failed sign-in limits ---------------------------------------------

subtest 'a successful sign-in clears the account counter' => sub {
	my ($c, $name, $pw) = new_user(prefix => 'clears');
	reset_login_counters($name);
	fail_sign_in($name) for 1 .. 3;
	is(memcached_get(account_key($name)), 3,
	    'three failures are counted for the account');
	is(sign_in(client(), $name, $pw)->{status}, 303,
	    'then the right password signs in');
	is(memcached_get(account_key($name)), undef,
	    'and the account counter is gone');
	# Were it kept, three more failures would make 6 >= the limit of 5.
	fail_sign_in($name) for 1 .. 3;
	is(sign_in(client(), $name, $pw)->{status}, 303,
	    'three more failures do not lock the account');
	reset_login_counters($name);
};

subtest 'too many failures for one account give 429' => sub {
	my ($c, $name, $pw) = new_user(prefix => 'locked');
	reset_login_counters($name);
	for my $i (1 .. ACCOUNT_LIMIT) {
		is(fail_sign_in($name)->{status}, 422, "failure $i is a 422");
	}
	my $res = sign_in(client(), $name, 'still-wrong-password');
	is_page($res, 429, 'the next attempt');
	like($res->{content}, $TOO_MANY, 'the page says so');
	is($res->{headers}{'retry-after'}, WINDOW, 'Retry-After is the window');
	ok(csrf_from($res->{content}), 'the form is shown again');

	$res = sign_in(client(), $name, $pw);
	is_page($res, 429, 'even the right password');
	ok(!set_cookie_for($res, $session_cookie), 'starts no session');
	$res = sign_in(client(), uc $name, $pw);
	is($res->{status}, 429, 'nor does the name in upper case');
	$res = sign_in(client(), "$name\@example.com", $pw);
	is($res->{status}, 429, 'nor the email: one budget per account');

	my ($other, $other_name, $other_pw) = new_user(prefix => 'unlocked');
	is(sign_in(client(), $other_name, $other_pw)->{status}, 303,
	    'another account signs in from the same address');
	is($c->get('/home')->{status}, 200,
	    'a session started before stays valid');

	# The address has 5 failures now: clear them for the tests below.
	reset_login_counters($name);
	is(sign_in(client(), $name, $pw)->{status}, 303,
	    'once the counter is gone the account signs in again');
};

# This one uses up the whole per-address budget.
subtest 'too many failures from one address give 429 for every account' => sub {
	my ($c, $name, $pw) = new_user(prefix => 'ipvictim');
	reset_login_counters();
	# Different unknown names, so no account limit is reached.
	for my $i (1 .. IP_LIMIT) {
		is(sign_in(client(), unique_name("nobody$i"), 'x-password')
		    ->{status}, 422, "failure $i is a 422");
	}
	is(memcached_get(ip_key()), IP_LIMIT, 'memcached counted them');
	my $res = sign_in(client(), $name, $pw);
	is_page($res, 429, 'the right password for another account');
	like($res->{content}, $TOO_MANY, 'the page says so');
	ok(!set_cookie_for($res, $session_cookie), 'no session is started');
	is(client()->get('/auth/sign_in')->{status}, 200,
	    'the form itself is still shown');
	is(sign_up(client(), unique_name('stillopen'))->{status}, 303,
	    'signing up still works');

	reset_login_counters();
	is(sign_in(client(), $name, $pw)->{status}, 303,
	    'with the counters gone, signing in works again');
};

# With memcached gone the counters live in the rate_limits table, and the
# limit must still hold. The test stops the stack's memcached and starts
# it again the way ./dev does. It comes after the per-address test: a
# worker may need a moment to reconnect to the new memcached, and the
# counts above must not depend on that.
subtest 'the account limit holds when memcached is down' => sub {
	my ($c, $name, $pw) = new_user(prefix => 'nocache');
	reset_login_counters($name);
	ok(memcached_stop(), 'memcached is stopped');
	my $ok = eval {
		for my $i (1 .. ACCOUNT_LIMIT) {
			is(fail_sign_in($name)->{status}, 422,
			    "failure $i is a 422");
		}
		is(scalar psql(q{SELECT hits FROM rate_limits WHERE bucket = :'1'},
		    account_bucket($name)), ACCOUNT_LIMIT,
		    'the failures are counted in the database');
		is(sign_in(client(), $name, $pw)->{status}, 429,
		    'the right password is refused while limited');
		1;
	};
	my $error = $@;
	memcached_start();
	die $error unless $ok;
	like(memcached_request('version') // '', qr/\AVERSION/,
	    'memcached runs again');
	reset_login_counters($name);
};

# Whatever happened above, leave no counters behind for later files.
END { eval { reset_login_counters() } if $ENV{WOOLLY_TEST_URL} }

done_testing();
