# registrations.t: the three registration modes of woolly.conf. "open"
# (what the test stack runs) is covered by web_auth.t; here the pool is
# reloaded with "approval" and then "closed", and the test file's end puts
# the original configuration back, whatever happened (Woolly::Test).
#
# approval: a sign-up creates the account but no session; it cannot sign
# in and does not exist to anyone else until an administrator approves it.
# closed: the form says so, and a POST creates nothing.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $session_cookie = '_woolly_session';
my $WAITING = qr/waiting for an administrator(?:'|&#39;|&#x27;)s approval/;
my $CLOSED = qr/not accepting new accounts/;

sub sets_session {
	my ($res) = @_;
	my $h = $res->{headers}{'set-cookie'} // [];
	return scalar grep { /\A\s*\Q$session_cookie\E=[^;]/ }
	    ref $h ? @$h : ($h);
}

# The v1 instance answer; dies unless it is one, so a failure is never
# read as "registrations: false".
sub instance {
	my $res = client()->get('/api/v1/instance');
	my $i = json_of($res);
	die "/api/v1/instance answered $res->{status}\n"
	    unless $res->{status} == 200 && ref $i eq 'HASH' &&
	    exists $i->{registrations};
	return $i;
}

# Someone who signed up while registrations were open, to show that what
# is refused below is refused because of the mode, not because it always is.
my ($old_client, $old_name) = new_user(prefix => 'before');
my $old_id = account_id_of($old_name);

subtest 'the stack starts with open registrations' => sub {
	my $i = instance();
	ok($i->{registrations}, 'registrations: true');
	ok(!$i->{approval_required}, 'approval_required: false');
	unlike(client()->get('/auth/sign_up')->{content},
	    qr/reviews each new account/, 'the form mentions no review');
};

subtest 'approval: the mode is announced' => sub {
	config_override(registrations => 'approval');
	my $i = instance();
	ok($i->{registrations}, 'v1 instance: registrations stays true');
	ok($i->{approval_required}, 'v1 instance: approval_required is true');
	my $v2 = json_of(client()->get('/api/v2/instance')) // {};
	ok($v2->{registrations}{enabled} &&
	    $v2->{registrations}{approval_required},
	    'v2 instance: enabled, approval required');
	my $form = client()->get('/auth/sign_up');
	is($form->{status}, 200, 'the sign-up form is shown');
	like($form->{content}, qr/An administrator reviews each new account/,
	    'it says that an administrator reviews each account');
	like($form->{content}, qr/<textarea[^>]*name="reason"/,
	    'and asks why one wants to join');
};

subtest 'approval: a sign-up waits, signed out, and does not exist yet' => sub {
	my $c = client();
	my $name = unique_name('pending');
	my $res = sign_up($c, $name,
	    fields => { reason => 'I keep sheep' });
	is($res->{status}, 200, 'sign-up answers 200, not a redirect') or
	    diag(substr($res->{content} // '', 0, 600));
	like($res->{content}, qr/Awaiting approval/, 'with the waiting notice');
	like($res->{content}, qr/can sign in once it is approved/,
	    'that says what happens next');
	ok(!sets_session($res), 'no session cookie is set');
	is($c->get('/home')->{status}, 303, 'the new user is not signed in');

	is(scalar psql(q{SELECT u.approved::text || '|' || u.sign_up_reason
	    FROM users u JOIN accounts a ON a.id = u.account_id
	    WHERE a.username = :'1'}, $name), 'false|I keep sheep',
	    'the user is stored unapproved, with the reason');
	my $id = account_id_of($name);

	for my $login ($name, "$name\@example.com") {
		my $in = client();
		my $r = sign_in($in, $login);
		is($r->{status}, 403, "sign-in as $login: 403");
		like($r->{content}, $WAITING, 'the page says it is waiting');
		ok(!sets_session($r), 'no session cookie is set');
		is($in->get('/home')->{status}, 303, 'still signed out');
	}

	# Others do not see the pending account; they do see an approved one.
	is(client()->get("/\@$name")->{status}, 404, "/\@$name: 404");
	is(client()->get("/\@$old_name")->{status}, 200,
	    'while an approved profile answers 200');
	not_found_ok(client()->get("/api/v1/accounts/lookup?acct=$name"),
	    'lookup of the pending account');
	is(client()->get("/api/v1/accounts/lookup?acct=$old_name")->{status},
	    200, 'lookup of an approved account: 200');
	not_found_ok(client()->get("/api/v1/accounts/$id"),
	    'the pending account by id');
	not_found_ok(client()->get("/api/v1/accounts/$id/statuses"),
	    'the pending account\'s statuses');

	# The name is held all the same.
	my $again = sign_up(client(), $name, email => unique_name('m') .
	    '@example.com');
	is($again->{status}, 422, 'a second sign-up with the name: 422');
	like($again->{content}, qr/That username is taken/, 'it is taken');

	psql(q{UPDATE users SET approved = true WHERE account_id = :'1'}, $id);
	my $in = client();
	my $r = sign_in($in, $name);
	is($r->{status}, 303, 'once approved, sign-in answers 303');
	ok(sets_session($r), 'with a session cookie');
	my $home = $in->get('/home');
	is($home->{status}, 200, '/home is shown');
	like($home->{content}, qr/\@\Q$name\E/, 'to the approved user');
	is(client()->get("/\@$name")->{status}, 200, 'the profile exists');
	is(client()->get("/api/v1/accounts/lookup?acct=$name")->{status}, 200,
	    'and the API finds the account');
};

subtest 'approval: accounts made before keep signing in' => sub {
	my $c = client();
	is(sign_in($c, $old_name)->{status}, 303, "$old_name signs in");
	is($c->get('/home')->{status}, 200, 'and sees /home');
	is($old_client->get('/home')->{status}, 200,
	    'an older session still works');
};

subtest 'closed: the form says so and a POST creates nothing' => sub {
	config_override(registrations => 'closed');
	my $i = instance();
	ok(!$i->{registrations}, 'v1 instance: registrations is false');
	my $v2 = json_of(client()->get('/api/v2/instance')) // {};
	ok(!$v2->{registrations}{enabled}, 'v2 instance: not enabled');

	my $c = client();
	my $form = $c->get('/auth/sign_up');
	is($form->{status}, 200, 'GET /auth/sign_up answers 200');
	like($form->{content}, $CLOSED, 'and says no accounts are accepted');
	unlike($form->{content}, qr/<form[^>]*action="\/auth\/sign_up"/,
	    'with no form to fill in');
	my $sign_in_page = $c->get('/auth/sign_in');
	unlike($sign_in_page->{content}, qr{href="/auth/sign_up"},
	    'the sign-in page links to no sign-up');

	# A valid token, so that the refusal is the mode's and not the CSRF
	# check's: the sign-in form gives one for this browser.
	my $name = unique_name('closed');
	my $email = "$name\@example.com";
	my $res = sign_up($c, $name, email => $email,
	    authenticity_token => csrf_from($sign_in_page->{content}));
	is($res->{status}, 403, 'POST /auth/sign_up answers 403');
	like($res->{content}, $CLOSED, 'saying why');
	unlike($res->{content}, qr/authenticity token/,
	    'not because of the token');
	ok(!sets_session($res), 'no session cookie is set');
	is(scalar psql(q{SELECT count(*) FROM accounts
	    WHERE lower(username) = lower(:'1')}, $name), 0,
	    'no account is created');
	is(scalar psql(q{SELECT count(*) FROM users
	    WHERE lower(email) = lower(:'1')}, $email), 0, 'nor a user');

	my $in = client();
	is(sign_in($in, $old_name)->{status}, 303,
	    'an existing account still signs in');
	is($in->get('/home')->{status}, 200, 'and sees /home');
};

subtest 'back to open: sign-up works again' => sub {
	config_restore();
	ok(instance()->{registrations}, 'registrations: true again');
	my $c = client();
	my $name = unique_name('reopen');
	my $res = sign_up($c, $name);
	is($res->{status}, 303, 'sign-up answers 303');
	is($res->{headers}{location}, '/home', 'and goes home');
	is($c->get('/home')->{status}, 200, 'signed in at once');
	is(scalar psql(q{SELECT u.approved FROM users u JOIN accounts a
	    ON a.id = u.account_id WHERE a.username = :'1'}, $name), 't',
	    'approved from the start');
};

done_testing();
