# markers.t: read markers (GET and POST /api/v1/markers). A user saves
# where they stopped reading home and notifications, by form or JSON;
# each save counts a version and notes the time; markers are the user's
# own; a marker without a usable id is refused with 422 and nothing is
# saved. Every Marker is checked against Mastodon's schema.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($api, $name) = api_user(prefix => 'mk');
my ($other) = api_user(prefix => 'mko');

sub markers {
	my ($client, $query) = @_;
	my $res = $client->get('/api/v1/markers' . ($query ? "?$query" : ''));
	is($res->{status}, 200, "GET /api/v1/markers?" . ($query // '') .
	    ': 200') or diag($res->{content});
	return json_of($res);
}

is_deeply(markers($api, 'timeline[]=home&timeline[]=notifications'), {},
    'no markers yet: {}');
is_deeply(markers($api), {}, 'no timeline asked for: {}');

my $res = $api->post_form('/api/v1/markers', ['home[last_read_id]' => '1001']);
is($res->{status}, 200, 'POST a home marker as a form: 200');
my $m = json_of($res);
is_deeply([keys %$m], ['home'], 'the answer names the marker saved');
ok_schema('Marker', $m->{home}, 'a valid Marker');
is($m->{home}{last_read_id}, '1001', 'last_read_id, a string');
is($m->{home}{version}, 0, 'a new marker is version 0');
like($m->{home}{updated_at}, qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\z/,
    'updated_at, with milliseconds');

$res = $api->post_json('/api/v1/markers',
    { home => { last_read_id => '1002' },
      notifications => { last_read_id => 2001 } });
is($res->{status}, 200, 'POST both as JSON: 200');
$m = json_of($res);
ok_schema('Marker', $m->{$_}, "a valid $_ Marker") for qw(home notifications);
is($m->{home}{last_read_id}, '1002', 'home moved');
is($m->{home}{version}, 1, '... and its version counted');
is($m->{notifications}{last_read_id}, '2001',
    'a JSON number is taken as the id');
is($m->{notifications}{version}, 0, 'notifications is new');

$res = $api->post_json('/api/v1/markers',
    { home => { last_read_id => '1002' } });
is(json_of($res)->{home}{version}, 1, 'the same id again is no change');
$res = $api->post_form('/api/v1/markers', ['home[last_read_id]' => '900']);
is(json_of($res)->{home}{last_read_id}, '900',
    'a marker may move back, as in Mastodon');

$m = markers($api, 'timeline[]=home&timeline[]=notifications');
is_deeply([sort keys %$m], [qw(home notifications)], 'GET both');
ok_schema('Marker', $m->{notifications}, 'a valid Marker');
is_deeply([keys %{ markers($api, 'timeline[]=notifications') }],
    ['notifications'], 'GET one');
is_deeply(markers($api, 'timeline=home')->{home}{last_read_id}, '900',
    'timeline=home alone works as Rails reads it');
is_deeply(markers($api, 'timeline[]=lists'), {},
    'an unknown timeline is ignored');
is_deeply(markers($other, 'timeline[]=home&timeline[]=notifications'), {},
    'another user sees none of them');

for my $bad (['home[last_read_id]' => 'abc'], ['home[last_read_id]' => ''],
    ['home[last_read_id]' => '-5']) {
	$res = $api->post_form('/api/v1/markers',
	    ['notifications[last_read_id]' => '3000', @$bad]);
	is($res->{status}, 422, "$bad->[0]=$bad->[1]: 422");
	is_deeply(json_of($res),
	    { error => "Validation failed: Last read can't be blank",
	      details => { last_read_id => [{ error => 'ERR_BLANK',
	      description => "can't be blank" }] } },
	    '... with Mastodon\'s message and details');
	ok_schema('ValidationError', $res, '... a valid ValidationError');
}
is(markers($api, 'timeline[]=notifications')->{notifications}{last_read_id},
    '2001', 'and nothing of a refused request was saved');
$res = $api->post_json('/api/v1/markers', { home => 'x' });
is($res->{status}, 200, 'a timeline that is no object is not a marker');
is_deeply(json_of($res), {}, '... and nothing is saved');
$res = $api->get('/api/v1/markers?' . join('&',
    map { "timeline[]=t$_" } 1 .. 20));
is($res->{status}, 400, 'too many timelines: 400');

my $read = client(token => api_token($name, 'read'));
$res = $read->get('/api/v1/markers?timeline[]=home');
is($res->{status}, 200, 'read reads markers');
ok_schema('Marker', json_of($res)->{home}, 'a valid Marker');
is($read->post_form('/api/v1/markers', ['home[last_read_id]' => '5'])
    ->{status}, 403, 'but cannot save one');
my $statuses = client(token => api_token($name, 'read:statuses'));
is($statuses->get('/api/v1/markers')->{status}, 200,
    'read:statuses is the scope Mastodon asks for');

done_testing();
