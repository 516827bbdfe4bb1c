# web_account_settings.t: the profile settings page and the follow
# requests page, without JavaScript. Both need a session and their forms
# a CSRF token; the settings form saves through the same checks as the
# API (422 with the reasons, and what was typed kept), ticks and unticks
# the switches, and the public profile shows the change at once; a locked
# account approves and rejects requests with buttons. Long handles wrap
# at 360 px.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $anon = client();

sub form_token {
	my ($c, $path) = @_;
	return csrf_from($c->get($path)->{content});
}

subtest 'signed out: the pages send you to sign in' => sub {
	for my $path ('/settings/profile', '/follow_requests') {
		my $res = $anon->get($path);
		is($res->{status}, 303, "GET $path: 303");
		like($res->{headers}{location} // '', qr{/auth/sign_in\z},
		    "GET $path: to the sign-in page");
	}
	for my $path ('/settings/profile', '/follow_requests/1/authorize',
	    '/follow_requests/1/reject') {
		my $res = $anon->post_form($path, [display_name => 'x']);
		is($res->{status}, 303, "POST $path: 303 to sign in");
	}
};

subtest 'the settings form' => sub {
	my ($web, $name) = new_user(prefix => 'wset');
	my $res = $web->get('/settings/profile');
	is($res->{status}, 200, 'answers 200');
	my $html = $res->{content};
	like($html, qr{<form method="post" action="/settings/profile">},
	    'a form posting to itself');
	ok(defined csrf_from($html), 'with a CSRF token');
	for my $i (0 .. 3) {
		like($html, qr{name="fields_attributes\[$i\]\[name\]"},
		    "field row $i");
	}
	like($html, qr{name="display_name"}, 'display name');
	like($html, qr{<textarea id="note" name="note"}, 'bio');
	like($html, qr{name="locked" value="1">}, 'locked, unticked');
	like($html, qr{name="discoverable" value="1" checked>},
	    'discoverable, ticked (the default)');
	like($html, qr{href="/settings/profile"}, 'the menu links here');
	like($html, qr{href="/follow_requests"}, 'and to follow requests');

	my $before = $anon->get("/\@$name");
	is($before->{status}, 200, 'the public profile');

	# Without the token (or with a wrong one) nothing is saved.
	$res = $web->post_form('/settings/profile', [display_name => 'Nope']);
	is($res->{status}, 403, 'no CSRF token: 403');
	$res = $web->post_form('/settings/profile', [display_name => 'Nope',
	    authenticity_token => 'forged']);
	is($res->{status}, 403, 'a forged token: 403');
	is(scalar psql(q{SELECT display_name = '' FROM accounts
	    WHERE username = :'1'}, $name), 't', 'nothing saved');

	my $token = form_token($web, '/settings/profile');
	$res = $web->post_form('/settings/profile', [
	    authenticity_token => $token,
	    display_name => 'Web <Person>',
	    note => "Line one\nline two https://example.net/x",
	    'fields_attributes[0][name]' => 'Home',
	    'fields_attributes[0][value]' => 'https://example.net/home',
	    'fields_attributes[1][name]' => '',
	    'fields_attributes[1][value]' => '',
	    'fields_attributes[2][name]' => 'Likes',
	    'fields_attributes[2][value]' => '<tea>',
	    'fields_attributes[3][name]' => '',
	    'fields_attributes[3][value]' => '',
	    locked => '1', locked => '0',
	    discoverable => '0',
	    indexable => '1', indexable => '0',
	    hide_collections => '0', bot => '0',
	]);
	is($res->{status}, 303, 'saved: 303');
	like($res->{headers}{location} // '', qr{/settings/profile\?saved=1\z},
	    'back to the form');
	$res = $web->get($res->{headers}{location});
	like($res->{content}, qr/Your profile has been saved/, 'says so');
	like($res->{content}, qr{value="Web &lt;Person&gt;"},
	    'the name, escaped');
	like($res->{content}, qr{Line one\nline two https://example\.net/x</textarea>},
	    'the bio as typed');
	like($res->{content}, qr{name="fields_attributes\[1\]\[name\]" value="Likes"},
	    'the fields close up, blank rows dropped');
	like($res->{content}, qr{name="locked" value="1" checked>},
	    'locked ticked');
	like($res->{content}, qr{name="discoverable" value="1">},
	    'discoverable unticked');

	my $id = account_id_of($name);
	my $api = json_of($anon->get("/api/v1/accounts/$id"));
	ok($api->{locked} && !$api->{discoverable} && $api->{indexable} &&
	    !$api->{bot} && !$api->{hide_collections},
	    'the switches, as the API shows them');
	is($api->{display_name}, 'Web <Person>', 'the display name');
	like($api->{note}, qr{\A<p>Line one<br />line two <a href="https://example\.net/x"},
	    'the bio as HTML');

	my $page = $anon->get("/\@$name");
	like($page->{content}, qr{Web &lt;Person&gt;},
	    'the public profile shows the new name at once');
	like($page->{content}, qr{<dt>Home</dt><dd><a href="https://example\.net/home"},
	    'and the fields, linked');
	like($page->{content}, qr{<dt>Likes</dt><dd>&lt;tea&gt;</dd>},
	    'and escaped');
};

subtest 'the settings form refuses what does not validate' => sub {
	my ($web, $name) = new_user(prefix => 'wsetbad');
	my $res = $web->post_form('/settings/profile', [
	    authenticity_token => form_token($web, '/settings/profile'),
	    display_name => 'd' x 31, note => 'kept text',
	    'fields_attributes[0][name]' => '',
	    'fields_attributes[0][value]' => 'no label',
	]);
	is($res->{status}, 422, '422');
	like($res->{content}, qr/Display name is too long \(maximum is 30 characters\)/,
	    'why: the name');
	like($res->{content}, qr/Fields contains values with missing labels/,
	    'why: the field');
	like($res->{content}, qr{value="${\('d' x 31)}"}, 'the name typed is kept');
	like($res->{content}, qr{>kept text</textarea>}, 'the bio typed too');
	like($res->{content}, qr{value="no label"}, 'and the field');
	ok(defined csrf_from($res->{content}), 'the form can be sent again');
	is(scalar psql(q{SELECT note_source = '' AND display_name = ''
	    FROM accounts WHERE username = :'1'}, $name), 't',
	    'nothing saved');
	$res = $web->post_form('/settings/profile', [
	    authenticity_token => form_token($web, '/settings/profile'),
	    locked => 'perhaps']);
	is($res->{status}, 422, 'a switch that is neither: 422');
};

subtest 'the follow requests page' => sub {
	my ($lweb, $ln) = new_user(prefix => 'wfrl');
	my $lid = account_id_of($ln);
	my $res = $lweb->get('/follow_requests');
	is($res->{status}, 200, 'answers 200');
	like($res->{content}, qr/Your account is not locked/,
	    'an unlocked account is told it need not approve anyone');
	like($res->{content}, qr/No one is waiting/, 'nobody waits');

	$lweb->post_form('/settings/profile', [
	    authenticity_token => form_token($lweb, '/settings/profile'),
	    locked => '1']);
	my (@asked, %web);
	for my $p ('wfrf', 'wfrg') {
		my ($w, $n) = new_user(prefix => $p);
		$res = $w->post_form("/\@$ln/follow", [
		    authenticity_token => form_token($w, "/\@$ln")]);
		is($res->{status}, 303, "$p asks through the profile's button");
		$web{$n} = $w;
		unshift @asked, $n;
	}
	my ($g, $f) = @asked;
	my ($fid, $gid) = (account_id_of($f), account_id_of($g));

	$res = $lweb->get('/follow_requests');
	unlike($res->{content}, qr/not locked/, 'locked now');
	my $html = $res->{content};
	like($html, qr{\@\Q$g\E.*\@\Q$f\E}s, 'both, newest first');
	like($html, qr{action="/follow_requests/$fid/authorize"}, 'approve f');
	like($html, qr{action="/follow_requests/$fid/reject"}, 'reject f');
	my $token = csrf_from($html);

	$res = $lweb->post_form("/follow_requests/$fid/authorize", []);
	is($res->{status}, 403, 'approving without a CSRF token: 403');
	$res = $lweb->post_form("/follow_requests/$fid/authorize",
	    [authenticity_token => $token]);
	is($res->{status}, 303, 'approve: 303');
	like($res->{headers}{location} // '', qr{/follow_requests\z},
	    'back to the list');
	is(scalar psql(q{SELECT count(*) FROM follows WHERE account_id = :'1'
	    AND target_account_id = :'2'}, $fid, $lid), 1, 'f follows');
	like($anon->get("/\@$ln")->{content},
	    qr{class="followers-count">1<}, 'the profile counts f at once');
	like($web{$f}->get("/\@$ln")->{content}, qr/>Unfollow</,
	    'f\'s button says Unfollow');

	$res = $lweb->post_form("/follow_requests/$gid/reject", []);
	is($res->{status}, 403, 'rejecting without a CSRF token: 403');
	$res = $lweb->post_form("/follow_requests/$gid/reject",
	    [authenticity_token => $token]);
	is($res->{status}, 303, 'reject: 303');
	is(scalar psql(q{SELECT count(*) FROM follows WHERE account_id = :'1'},
	    $gid), 0, 'g follows no one');
	like($lweb->get('/follow_requests')->{content}, qr/No one is waiting/,
	    'the list is empty');
	$res = $lweb->post_form("/follow_requests/$gid/authorize",
	    [authenticity_token => $token]);
	is($res->{status}, 404, 'a request no longer there: 404');
	$res = $lweb->post_form('/follow_requests/abc/reject',
	    [authenticity_token => $token]);
	is($res->{status}, 404, 'a malformed id: 404');
	$res = $web{$g}->post_form("/follow_requests/$fid/authorize",
	    [authenticity_token => form_token($web{$g}, '/follow_requests')]);
	is($res->{status}, 404, 'nobody answers requests made to another');
};

subtest 'long handles and URLs wrap at 360 px' => sub {
	my $css = $anon->get('/static/woolly.css');
	is($css->{status}, 200, 'the stylesheet');
	my ($rule) = $css->{content} =~ /([^}]*\.acct[^{}]*\{[^}]*overflow-wrap:\s*anywhere[^}]*\})/;
	ok(defined $rule, 'handles (.acct) wrap anywhere');
	like($css->{content}, qr/\.note[^{}]*\{[^}]*overflow-wrap:\s*anywhere/s,
	    'so do bios');
	like($css->{content}, qr/\.fields[^{}]*\{[^}]*overflow-wrap:\s*anywhere/s,
	    'and profile fields');
};

done_testing();
