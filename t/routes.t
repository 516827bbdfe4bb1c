# routes.t: the route table enforces what it declares. Every route of
# `woolly.fcgi -r` must have a row here stating its needs and scope, so a
# new route (or a changed one) without a matching row fails. Then each API
# route that needs a token is called without one, with a malformed one,
# with a revoked one and with one whose scope is too narrow, and must
# refuse with Mastodon's answers before its handler runs; a route that
# needs a user refuses an application's own token; an optional-token
# route refuses an invalid token rather than treating it as anonymous.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

# Every scope: the list of a route any valid token may call.
my $ANY_SCOPE = join ' ', qw(read write follow push profile
    read:accounts read:blocks read:bookmarks read:favourites read:filters
    read:follows read:lists read:mutes read:notifications read:search
    read:statuses write:accounts write:blocks write:bookmarks
    write:conversations write:favourites write:filters write:follows
    write:lists write:media write:mutes write:notifications write:reports
    write:statuses admin:read admin:write admin:read:accounts
    admin:read:reports admin:read:domain_allows admin:read:domain_blocks
    admin:read:ip_blocks admin:read:email_domain_blocks
    admin:read:canonical_email_blocks admin:write:accounts
    admin:write:reports admin:write:domain_allows admin:write:domain_blocks
    admin:write:ip_blocks admin:write:email_domain_blocks
    admin:write:canonical_email_blocks);

# "METHOD PATTERN" => "needs scope". needs as -r prints them (comma list,
# empty for none), scope "-" for none. A route that answers only an
# ActivityPub Accept (ap-accept) is "METHOD PATTERN (activitypub)", as its
# path has an HTML route too. Keep in the route table's order.
my %ROWS = (
	'GET /' => ' -',
	'GET /auth/sign_up' => ' -',
	'POST /auth/sign_up' => 'csrf, -',
	'GET /auth/sign_in' => ' -',
	'POST /auth/sign_in' => 'csrf, -',
	'POST /auth/sign_out' => 'session,csrf, -',
	'GET /home' => 'session, -',
	'POST /statuses' => 'session,csrf, -',
	'GET /public/local' => 'cacheable, -',
	'GET /tags/:tag' => 'cacheable, -',
	'GET /@:acct (activitypub)' => 'cacheable,ap-accept, -',
	'GET /@:acct' => 'cacheable, -',
	'POST /@:acct/follow' => 'session,csrf, -',
	'POST /@:acct/unfollow' => 'session,csrf, -',
	'GET /@:acct/:id (activitypub)' => 'cacheable,ap-accept, -',
	'GET /@:acct/:id' => 'cacheable, -',
	'GET /@:acct/:id/delete' => 'session, -',
	'POST /@:acct/:id/delete' => 'session,csrf, -',
	'GET /hello' => ' -',
	'GET /settings/profile' => 'session, -',
	'POST /settings/profile' => 'session,csrf, -',
	'GET /follow_requests' => 'session, -',
	'POST /follow_requests/:id/authorize' => 'session,csrf, -',
	'POST /follow_requests/:id/reject' => 'session,csrf, -',
	'GET /notifications' => 'session, -',
	'POST /notifications/clear' => 'session,csrf, -',
	# ActivityPub and discovery (ap_*.c, webfinger.c, web_interaction.c).
	'GET /users/:name (activitypub)' => 'cacheable,ap-accept, -',
	'GET /users/:name' => ' -',
	'GET /users/:name/outbox' => 'cacheable, -',
	'GET /users/:name/followers' => 'cacheable, -',
	'GET /users/:name/following' => 'cacheable, -',
	'GET /users/:name/collections/featured' => 'cacheable, -',
	'GET /users/:name/collections/tags' => 'cacheable, -',
	'GET /users/:name/statuses/:id (activitypub)' =>
	    'cacheable,ap-accept, -',
	'GET /users/:name/statuses/:id' => ' -',
	'GET /users/:name/statuses/:id/activity' => 'cacheable, -',
	'GET /users/:name/statuses/:id/replies' => 'cacheable, -',
	'GET /actor' => 'cacheable, -',
	'GET /actor/outbox' => 'cacheable, -',
	'POST /inbox' => ' -',
	'POST /users/:name/inbox' => ' -',
	'POST /actor/inbox' => ' -',
	'GET /.well-known/webfinger' => 'cacheable, -',
	'GET /.well-known/host-meta' => 'cacheable, -',
	'GET /.well-known/host-meta.json' => 'cacheable, -',
	'GET /authorize_interaction' => ' -',
	'GET /api/v1/instance' => 'cacheable, -',
	'GET /api/v2/instance' => 'cacheable, -',
	'GET /api/v1/accounts/verify_credentials' =>
	    'token,user, read:accounts profile',
	'PATCH /api/v1/accounts/update_credentials' =>
	    'token,user, write:accounts',
	'GET /api/v1/accounts/search' => 'token,user, read:accounts',
	'GET /api/v1/accounts/relationships' => 'token,user, read:follows',
	'GET /api/v1/accounts/familiar_followers' =>
	    'token,user, read:follows',
	'GET /api/v1/accounts/:id/followers' => 'cacheable, read:accounts',
	'GET /api/v1/accounts/:id/following' => 'cacheable, read:accounts',
	'POST /api/v1/accounts/:id/follow' => 'token,user, write:follows',
	'POST /api/v1/accounts/:id/unfollow' => 'token,user, write:follows',
	'POST /api/v1/accounts/:id/remove_from_followers' =>
	    'token,user, write:follows',
	'POST /api/v1/accounts/:id/block' => 'token,user, write:blocks',
	'POST /api/v1/accounts/:id/unblock' => 'token,user, write:blocks',
	'POST /api/v1/accounts/:id/mute' => 'token,user, write:mutes',
	'POST /api/v1/accounts/:id/unmute' => 'token,user, write:mutes',
	'POST /api/v1/accounts/:id/note' => 'token,user, write:accounts',
	'GET /api/v1/blocks' => 'token,user, read:blocks',
	'GET /api/v1/mutes' => 'token,user, read:mutes',
	'GET /api/v1/follow_requests' => 'token,user, read:follows',
	'POST /api/v1/follow_requests/:id/authorize' =>
	    'token,user, write:follows',
	'POST /api/v1/follow_requests/:id/reject' =>
	    'token,user, write:follows',
	'GET /api/v1/accounts/lookup' => 'cacheable, read:accounts',
	'GET /api/v1/accounts/:id' => 'cacheable, read:accounts',
	'GET /api/v1/accounts/:id/statuses' => 'cacheable, read:statuses',
	'GET /api/v1/statuses/:id' => 'cacheable, read:statuses',
	'GET /api/v1/statuses/:id/context' => 'cacheable, read:statuses',
	'GET /api/v1/timelines/public' => 'cacheable, read:statuses',
	'GET /api/v1/timelines/tag/:tag' => 'cacheable, read:statuses',
	'GET /api/v1/timelines/home' => 'token,user, read:statuses',
	# Statuses (api_statuses.c, api_status_actions.c, web_actions.c).
	'GET /api/v1/statuses' => ' read:statuses',
	'POST /api/v1/statuses' => 'token,user,post, write:statuses',
	'PUT /api/v1/statuses/:id' => 'token,user, write:statuses',
	'DELETE /api/v1/statuses/:id' => 'token,user,post, write:statuses',
	'GET /api/v1/statuses/:id/history' => 'cacheable, read:statuses',
	'GET /api/v1/statuses/:id/source' => 'token, read:statuses',
	'GET /api/v1/statuses/:id/reblogged_by' => 'cacheable, read:accounts',
	'GET /api/v1/statuses/:id/favourited_by' => 'cacheable, read:accounts',
	'POST /api/v1/statuses/:id/favourite' => 'token,user, write:favourites',
	'POST /api/v1/statuses/:id/unfavourite' =>
	    'token,user, write:favourites',
	'POST /api/v1/statuses/:id/reblog' => 'token,user, write:statuses',
	'POST /api/v1/statuses/:id/unreblog' => 'token,user, write:statuses',
	'POST /api/v1/statuses/:id/bookmark' => 'token,user, write:bookmarks',
	'POST /api/v1/statuses/:id/unbookmark' =>
	    'token,user, write:bookmarks',
	'POST /api/v1/statuses/:id/mute' => 'token,user, write:mutes',
	'POST /api/v1/statuses/:id/unmute' => 'token,user, write:mutes',
	'POST /api/v1/statuses/:id/pin' => 'token,user, write:accounts',
	'POST /api/v1/statuses/:id/unpin' => 'token,user, write:accounts',
	'GET /api/v1/bookmarks' => 'token,user, read:bookmarks',
	'GET /api/v1/favourites' => 'token,user, read:favourites',
	'POST /@:acct/:id/favourite' => 'session,csrf, -',
	'POST /@:acct/:id/unfavourite' => 'session,csrf, -',
	'POST /@:acct/:id/reblog' => 'session,csrf, -',
	'POST /@:acct/:id/unreblog' => 'session,csrf, -',
	'POST /@:acct/:id/bookmark' => 'session,csrf, -',
	'POST /@:acct/:id/unbookmark' => 'session,csrf, -',

	# OAuth2
	'POST /api/v1/apps' => ' -',
	'GET /api/v1/apps/verify_credentials' => "token, $ANY_SCOPE",
	'GET /oauth/authorize' => ' -',
	'POST /oauth/authorize' => 'session,csrf, -',
	'POST /oauth/authorize/deny' => 'session,csrf, -',
	'POST /oauth/token' => ' -',
	'POST /oauth/revoke' => ' -',
	'GET /oauth/userinfo' => 'token,user, profile',
	'POST /oauth/userinfo' => 'token,user, profile',
	'GET /.well-known/oauth-authorization-server' => 'cacheable, -',
	'GET /settings/applications' => 'session, -',
	'POST /settings/applications/:id/revoke' => 'session,csrf, -',

	'GET /api/v1/notifications' => 'token,user, read:notifications',
	'GET /api/v1/notifications/unread_count' =>
	    'token,user, read:notifications',
	'POST /api/v1/notifications/clear' => 'token,user, write:notifications',
	'GET /api/v1/notifications/:id' => 'token,user, read:notifications',
	'POST /api/v1/notifications/:id/dismiss' =>
	    'token,user, write:notifications',
	'GET /api/v2/notifications' => 'token,user, read:notifications',
	'GET /api/v2/notifications/unread_count' =>
	    'token,user, read:notifications',
	'GET /api/v2/notifications/:group_key' =>
	    'token,user, read:notifications',
	'GET /api/v2/notifications/:group_key/accounts' =>
	    'token,user, read:notifications',
	'POST /api/v2/notifications/:group_key/dismiss' =>
	    'token,user, write:notifications',
	'GET /api/v1/markers' => 'token,user, read:statuses',
	'POST /api/v1/markers' => 'token,user, write:statuses',
	'GET /api/v1/preferences' => 'token,user, read:accounts',
	'GET /api/v1/custom_emojis' => 'cacheable, -',
	# Search, trends, the instance's documents, NodeInfo.
	'GET /search' => 'cacheable, -',
	'GET /.well-known/nodeinfo' => 'cacheable, -',
	'GET /nodeinfo/2.0' => 'cacheable, -',
	'GET /nodeinfo/2.1' => 'cacheable, -',
	'GET /api/v2/search' => ' read:search',
	'GET /api/v1/trends' => 'cacheable, -',
	'GET /api/v1/trends/tags' => 'cacheable, -',
	'GET /api/v1/trends/statuses' => 'cacheable, -',
	'GET /api/v1/trends/links' => 'cacheable, -',
	'GET /api/v1/instance/rules' => 'cacheable, -',
	'GET /api/v1/instance/extended_description' => 'cacheable, -',
	'GET /api/v1/instance/peers' => 'cacheable, -',
	'GET /api/v1/instance/activity' => 'cacheable, -',
	'GET /api/v1/instance/translation_languages' => 'cacheable, -',
	'GET /api/v1/instance/domain_blocks' => 'cacheable, -',
);

my ($code, $out, $err) = run_command(
    ["$ENV{WOOLLY_TEST_BUILD}/cgi/woolly.fcgi", '-r']);
is($code, 0, 'woolly.fcgi -r prints the table and finds it consistent')
    or diag($err);
my @routes;
for my $line (split /\n/, $out) {
	my ($method, $pattern, $family, $needs, $scope) = split /\t/, $line;
	push @routes, { method => $method, pattern => $pattern,
	    family => $family, needs => $needs, scope => $scope };
}
cmp_ok(scalar @routes, '>=', scalar keys %ROWS, 'the table was read');

my %seen;
for my $r (@routes) {
	my $key = "$r->{method} $r->{pattern}" .
	    ($r->{needs} =~ /\bap-accept\b/ ? ' (activitypub)' : '');
	$seen{$key}++;
	ok(exists $ROWS{$key}, "$key has a row in routes.t") or next;
	is("$r->{needs} $r->{scope}", $ROWS{$key},
	    "$key declares the needs and scope its row states");
}
for my $key (sort keys %ROWS) {
	ok($seen{$key}, "row $key names a route of the table");
}

# A path that matches the pattern: sample values for its parameters.
sub sample_path {
	my ($pattern) = @_;
	(my $path = $pattern) =~ s{:(\w+)}{$1 eq 'acct' ? 'nobody' :
	    $1 eq 'tag' ? 'woolly' : '1'}ge;
	return $path;
}

# A scope the route does not accept; undef when it accepts them all.
sub narrow_scope {
	my ($scope) = @_;
	return undef if $scope eq $ANY_SCOPE;
	return $scope =~ /\bpush\b/ ? 'read:lists' : 'push';
}

my (undef, $owner) = new_user(prefix => 'walk');
my $revoked = api_token($owner);
psql("UPDATE oauth_access_tokens SET revoked_at = now() " .
    "WHERE token_hash = sha256(convert_to(:'1', 'UTF8'))", $revoked);
my $c = client();

sub refuses {
	my ($r, $token, $status, $error, $what) = @_;
	my $path = sample_path($r->{pattern});
	my %opts = (token => $token);
	$opts{json} = {} if $r->{method} ne 'GET' && $r->{method} ne 'DELETE';
	my $res = $c->request($r->{method}, $path, %opts);
	my $body = json_of($res) || {};
	is($res->{status}, $status, "$r->{method} $r->{pattern} $what: " .
	    "$status") or diag(substr($res->{content} // '', 0, 300));
	is($body->{error}, $error, "... with Mastodon's error");
	return $res;
}

for my $r (grep { $_->{family} eq 'api' } @routes) {
	if ($r->{needs} =~ /\btoken\b/) {
		refuses($r, undef, 401, 'The access token is invalid',
		    'without a token');
		if (defined(my $scope = narrow_scope($r->{scope}))) {
			refuses($r, api_token($owner, $scope), 403,
			    'This action is outside the authorized scopes',
			    'with too narrow a scope');
		}
	}
	refuses($r, 'not-a-token-we-issued', 401,
	    'The access token is invalid', 'with an unknown token');
	refuses($r, '%%%', 401, 'The access token is invalid',
	    'with a malformed token');
	refuses($r, $revoked, 401, 'The access token is invalid',
	    'with a revoked token');
	if ($r->{needs} =~ /\buser\b/) {
		# An application's own token, holding the route's scopes.
		refuses($r, api_token(undef, $r->{scope}), 422,
		    'This method requires an authenticated user',
		    "with an application's own token");
	}
}

# The token may come as an access_token parameter too, and a good one
# passes: the refusals above are about the token, not the route.
my $good = api_token($owner, 'read');
my $res = $c->get("/api/v1/accounts/verify_credentials?access_token=$good");
is($res->{status}, 200, 'access_token in the query is accepted');
$res = $c->request('GET', '/api/v1/accounts/verify_credentials',
    token => $good);
is($res->{status}, 200, 'the same token in the header');
is((json_of($res) || {})->{username}, $owner, '... names its user');
$res = $c->request('GET', '/api/v1/accounts/verify_credentials',
    headers => { Authorization => "bearer $good" });
is($res->{status}, 200, '"bearer" in lower case is the same scheme');
my $profile = api_token($owner, 'profile');
$res = $c->request('GET', '/api/v1/accounts/verify_credentials',
    token => $profile);
is($res->{status}, 200, 'the profile scope reads verify_credentials');

# A disabled user's token stops working at once.
my (undef, $gone) = new_user(prefix => 'walkoff');
my $gone_token = api_token($gone);
psql("UPDATE users SET disabled = true WHERE account_id = " .
    "(SELECT id FROM accounts WHERE username = :'1' AND domain IS NULL)",
    $gone);
$res = $c->request('GET', '/api/v1/accounts/verify_credentials',
    token => $gone_token);
is($res->{status}, 403, "a disabled user's token is refused");
is((json_of($res) || {})->{error}, 'Your login is currently disabled',
    '... saying so');

# Using a token notes when (for the authorized-apps page).
my ($used) = psql("SELECT last_used_at IS NOT NULL FROM " .
    "oauth_access_tokens WHERE token_hash = sha256(convert_to(:'1', " .
    "'UTF8'))", $good);
is($used, 't', 'the token records its last use');

done_testing();
