# 00-harness.t: the test harness itself works: the stack answers through
# nginx with the security headers, the database and the schema validator
# can be reached, and the helpers behave as the other tests expect.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $c = client();

subtest 'nginx answers and the pool is behind it' => sub {
	my $res = $c->get('/');
	isnt($res->{status}, 599, 'GET / connects')
	    or diag($res->{content});
	cmp_ok($res->{status}, '<', 500, 'GET / is not a server error')
	    or diag(substr($res->{content} // '', 0, 500));
	like(base_url(), qr{\Ahttp://127\.0\.0\.1:\d+\z}, 'base_url');
	is(base_url(), 'http://' . domain(), 'domain matches base_url');
	ok(pool_pid() && kill(0, pool_pid()), 'pool master is alive');
	ok(scalar(worker_pids()) >= 1, 'pool has workers')
	    or diag('no children of ' . pool_pid());
};

sub security_headers_ok {
	my ($res, $what) = @_;
	my $h = $res->{headers};
	is($h->{'x-content-type-options'}, 'nosniff',
	    "$what: X-Content-Type-Options nosniff");
	is($h->{'referrer-policy'}, 'same-origin', "$what: Referrer-Policy");
	my $csp = $h->{'content-security-policy'};
	ok(defined $csp, "$what: has a Content-Security-Policy") or return;
	$csp = join ', ', @$csp if ref $csp;
	unlike($csp, qr/script-src/, "$what: CSP allows no script source");
	unlike($csp, qr/form-action/,
	    "$what: CSP has no form-action (OAuth redirects to app schemes)");
	like($csp, qr/default-src 'none'/, "$what: CSP defaults to none");
	ok(($h->{'x-frame-options'} // '') eq 'DENY' ||
	    $csp =~ /frame-ancestors 'none'/, "$what: no framing");
}

subtest 'security headers on pages and on errors' => sub {
	security_headers_ok($c->get('/'), 'GET /');
	my $missing = $c->get('/static/no-such-file.css');
	is($missing->{status}, 404, 'a missing static file is 404');
	security_headers_ok($missing, 'nginx 404');
	security_headers_ok($c->get('/media/no-such-file.png'), 'media 404');
};

subtest 'psql reaches the test database with safe variables' => sub {
	is(scalar psql('SELECT 1'), '1', 'SELECT 1');
	is(scalar psql(q{SELECT :'1' || :'2'}, "it's", ' "quoted"; --'),
	    q{it's "quoted"; --}, 'positional values arrive verbatim');
	is(scalar psql(q{SELECT :'name'}, { name => 'named' }), 'named',
	    'named variables');
	is_deeply([psql('SELECT g FROM generate_series(1, 3) g')], [1, 2, 3],
	    'one line per row');
	ok(!eval { psql('SELECT no_such_column'); 1 }, 'SQL errors die');
};

subtest 'schema validation' => sub {
	my $tag = '{"id":"1","name":"x","url":"https://a.example/tags/x","history":[]}';
	my ($ok, $errors) = validate_schema('Tag', $tag);
	ok($ok, 'a minimal Tag is valid') or diag($errors);
	ok_schema('Tag', { id => '2', name => 'y',
	    url => 'https://a.example/tags/y',
	    history => [{ day => '1574553600', uses => '3', accounts => '2' }] },
	    'a Tag built in Perl is valid');
	($ok, $errors) = validate_schema('Tag', '{"name":5,"url":"not a url"}');
	ok(!$ok, 'a broken Tag is rejected');
	like($errors, qr/required property 'id'/, 'the error names what is missing');
	like($errors, qr{/name: must be string}, 'the error names the bad field');
	($ok, $errors) = validate_schema('Tag', "[$tag,$tag]");
	ok(!$ok, 'a list of valid Tags is not a Tag');
	like($errors, qr/expected one Tag, got an array/,
	    'the error says an entity was expected');
	($ok) = validate_schema('Tag', '[]');
	ok(!$ok, 'an empty list is not a Tag either');
	($ok) = validate_schema('Tag', []);
	ok(!$ok, 'nor is an empty Perl array');
	($ok, $errors) = validate_schema('Tag[]', "[$tag,$tag]");
	ok($ok, 'Tag[] checks a list item by item') or diag($errors);
	($ok, $errors) = validate_schema('Tag[]', "[$tag,{}]");
	ok(!$ok, 'one bad item fails the list');
	like($errors, qr/\[1\]/, 'the error names the item');
	($ok, $errors) = validate_schema('Tag[]', '[]');
	ok(!$ok, 'an empty list proves nothing, so Tag[] refuses it');
	like($errors, qr/at least one item/, 'and says so');
	($ok) = validate_schema('Tag[]', $tag);
	ok(!$ok, 'one Tag is not a Tag[]');
	($ok) = validate_schema('Tag', 'not json');
	ok(!$ok, 'text that is not JSON is rejected');
};

subtest 'helpers' => sub {
	my %seen;
	for (1 .. 50) {
		my $n = unique_name('harness_with_a_rather_long_prefix');
		like($n, qr/\A[a-z0-9_]{1,30}\z/, 'unique_name is a valid user name')
		    if $_ == 1;
		$seen{$n}++;
	}
	is(scalar keys %seen, 50, 'unique_name does not repeat');

	my $jar = $c->jar;
	$jar->add(base_url() . '/', 'sid=abc; Path=/; HttpOnly; SameSite=Lax');
	$jar->add(base_url() . '/', 'other="q"; Max-Age=60');
	is($c->cookie('sid'), 'abc', 'Set-Cookie is stored');
	is($jar->cookie_header(base_url() . '/'), 'other=q; sid=abc',
	    'cookies are sent back');
	$jar->add(base_url() . '/', 'sid=; Path=/; Max-Age=0');
	is($c->cookie('sid'), undef, 'Max-Age=0 deletes');
	$jar->add(base_url() . '/',
	    'other=; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
	is($c->cookie('other'), undef, 'an Expires in the past deletes');

	is(csrf_from('<input type="hidden" name="authenticity_token" value="a&amp;b">'),
	    'a&b', 'csrf_from reads and unescapes the token');
	is(csrf_from(q{<input value='v1' name='authenticity_token'>}), 'v1',
	    'csrf_from takes attributes in any order');
	is(csrf_from('<form></form>'), undef, 'csrf_from without a token');

	my ($code, $out) = run_command(['sh', '-c', 'cat; echo err >&2; exit 3'],
	    'in');
	is_deeply([$code, $out], [3, 'in'], 'run_command gives exit code and output');
	ok(wait_until(sub { 1 }, 1), 'wait_until');
};

done_testing();
