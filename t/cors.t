# cors.t: browser clients on other origins (Elk, Phanpy, masto.js in a
# page) may call the client API, the OAuth token endpoints and the
# discovery documents, as Mastodon allows with rack-cors: a preflight
# OPTIONS is answered with the methods and the headers asked for, and
# answers carry Access-Control-Allow-Origin: * (never credentials) and
# expose Link and the rate-limit headers. Web pages stay same-origin.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $c = client();
my $ORIGIN = { Origin => 'https://elk.example' };

my $res = $c->request('OPTIONS', '/api/v1/statuses', headers => {
	%$ORIGIN,
	'Access-Control-Request-Method' => 'POST',
	'Access-Control-Request-Headers' => 'authorization, content-type, ' .
	    'idempotency-key',
});
is($res->{status}, 204, 'a preflight of the API is answered');
is($res->{headers}{'access-control-allow-origin'}, '*', '... for any origin');
like($res->{headers}{'access-control-allow-methods'}, qr/\bPOST\b.*\bDELETE\b/,
    '... with the methods');
is($res->{headers}{'access-control-allow-headers'},
    'authorization, content-type, idempotency-key',
    '... and the headers asked for');
ok(!exists $res->{headers}{'access-control-allow-credentials'},
    '... never with credentials');

for my $path ('/oauth/token', '/oauth/revoke', '/.well-known/nodeinfo',
    '/api/v1/timelines/public/') {
	$res = $c->request('OPTIONS', $path, headers => {
		%$ORIGIN, 'Access-Control-Request-Method' => 'POST' });
	is($res->{status}, 204, "a preflight of $path is answered");
}

$res = $c->get('/api/v1/timelines/public', $ORIGIN);
is($res->{status}, 200, 'a cross-origin read answers');
is($res->{headers}{'access-control-allow-origin'}, '*',
    '... with Access-Control-Allow-Origin');
like($res->{headers}{'access-control-expose-headers'} // '',
    qr/\bLink\b.*X-RateLimit-Remaining/, '... exposing Link and the limits');
$res = $c->get('/api/v1/timelines/public', $ORIGIN);
is($res->{headers}{'access-control-allow-origin'}, '*',
    '... also when the page cache answers');

$res = $c->get('/api/v1/statuses/1', $ORIGIN);
is($res->{status}, 404, 'an error answer');
is($res->{headers}{'access-control-allow-origin'}, '*',
    '... carries the header too, so the page can read the error');

$res = $c->get('/api/v1/instance');
ok(!exists $res->{headers}{'access-control-allow-origin'},
    'a same-origin call (no Origin) gets no CORS headers');

$res = $c->request('OPTIONS', '/auth/sign_in', headers => {
	%$ORIGIN, 'Access-Control-Request-Method' => 'POST' });
isnt($res->{status}, 204, 'web pages answer no preflight');
ok(!exists $res->{headers}{'access-control-allow-origin'},
    '... and open nothing to other origins');
$res = $c->get('/public/local', $ORIGIN);
ok(!exists $res->{headers}{'access-control-allow-origin'},
    'nor does a web page read from another origin');

$res = $c->request('OPTIONS', '/api/v1/statuses', headers => {
	%$ORIGIN, 'Access-Control-Request-Method' => 'POST',
	'Access-Control-Request-Headers' => "x\r\nSet-Cookie: a=b" });
ok(!exists $res->{headers}{'set-cookie'},
    'a header list with a line break is not echoed');

done_testing();
