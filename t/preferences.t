# preferences.t: GET /api/v1/preferences (the posting and reading
# defaults apps such as Ivory read) and GET /api/v1/custom_emojis (none
# yet, honestly, and cacheable).
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($api, $name) = api_user(prefix => 'pref');
my $user_sql = q{UPDATE users SET settings = :'1'::jsonb WHERE account_id =
    (SELECT id FROM accounts WHERE username = :'2' AND domain IS NULL)};

my $res = $api->get('/api/v1/preferences');
is($res->{status}, 200, 'GET /api/v1/preferences: 200');
ok_schema('Preferences', $res, 'valid Preferences');
is_deeply(json_of($res), {
	'posting:default:visibility' => 'public',
	'posting:default:sensitive' => JSON::PP::false,
	'posting:default:language' => undef,
	'reading:expand:media' => 'default',
	'reading:expand:spoilers' => JSON::PP::false,
}, 'the defaults');

psql($user_sql, '{"default_privacy": "private", "default_sensitive": true, ' .
    '"default_language": "de", "display_media": "hide_all", ' .
    '"expand_spoilers": true}', $name);
$res = $api->get('/api/v1/preferences');
ok_schema('Preferences', $res, 'valid Preferences');
is_deeply(json_of($res), {
	'posting:default:visibility' => 'private',
	'posting:default:sensitive' => JSON::PP::true,
	'posting:default:language' => 'de',
	'reading:expand:media' => 'hide_all',
	'reading:expand:spoilers' => JSON::PP::true,
}, 'the user\'s settings');
my $source = json_of($api->get('/api/v1/accounts/verify_credentials'))
    ->{source};
is($source->{privacy}, 'private', 'the same as the account\'s source');

psql($user_sql, '{"default_privacy": "everyone", "display_media": 3, ' .
    '"default_sensitive": "maybe"}', $name);
$res = $api->get('/api/v1/preferences');
ok_schema('Preferences', $res, 'stored nonsense still gives valid Preferences');
is(json_of($res)->{'posting:default:visibility'}, 'public',
    '... falling back to the defaults');

is(client(token => api_token($name, 'read:statuses'))
    ->get('/api/v1/preferences')->{status}, 403,
    'read:statuses does not read preferences');
$res = client(token => api_token($name, 'read:accounts'))
    ->get('/api/v1/preferences');
is($res->{status}, 200, 'read:accounts does');
is(client()->get('/api/v1/preferences')->{status}, 401, 'no token: 401');

for my $c (client(), $api) {
	$res = $c->get('/api/v1/custom_emojis');
	is($res->{status}, 200, 'GET /api/v1/custom_emojis: 200');
	is_deeply(json_of($res), [], 'no custom emoji yet: []');
	like($res->{headers}{'cache-control'} // '', qr/public/,
	    'a list clients may cache');
}

done_testing();
