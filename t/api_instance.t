# api_instance.t: GET /api/v1/instance and /api/v2/instance describe the
# server the way Mastodon 4.3 does: valid V1Instance and Instance
# entities, a version string clients can parse, the limits from
# woolly.conf, a contact account and address, and the same answer with a
# trailing slash. Without contact_email (the default, and the test
# stack's setting) the address is the contact admin's own; an explicit
# contact_email wins; a plain user's address is never published.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $VERSION_RE = qr/\A4\.3\.0 \(compatible; woolly \d+\.\d+\.\d+\)\z/;
my $CONF_FILE = $ENV{WOOLLY_TEST_CONF};

# The test stack's woolly.conf, so expectations follow its settings.
sub conf {
	my %c;
	open my $fh, '<', $CONF_FILE or return %c;
	while (my $line = <$fh>) {
		next if $line =~ /\A\s*(?:#|\z)/;
		$c{$1} = $2 if $line =~ /\A\s*(\w+)\s*=\s*(.*?)\s*\z/;
	}
	close $fh;
	return %c;
}

my %conf = conf();
my $max_chars = $conf{max_status_length} // 500;
my $max_upload = $conf{max_upload_size} // 41943040;
my $registrations = $conf{registrations} // 'open';
# Mastodon's upload limits, unless woolly.conf allows less.
my $image_limit = $max_upload < 16777216 ? $max_upload : 16777216;
my $video_limit = $max_upload < 103809024 ? $max_upload : 103809024;

my $c = client();

# The (v1 email, v2 contact.email, v1 contact account id, v2 contact
# account id) the instance answers give now.
sub contact_now {
	my $v1 = json_of($c->get('/api/v1/instance')) || {};
	my $v2 = json_of($c->get('/api/v2/instance')) || {};
	return ($v1->{email}, $v2->{contact}{email},
	    ($v1->{contact_account} || {})->{id},
	    ($v2->{contact}{account} || {})->{id});
}

# The v1 and v2 instance answers while woolly.conf has some keys changed;
# then the file and the pool are restored, and the contact is read again.
# Returns (v1, v2, reloaded, restored, [after]).
sub with_conf {
	my (%set) = @_;
	my $reloaded = eval { config_override(%set) };
	my $v1 = $c->get('/api/v1/instance');
	my $v2 = $c->get('/api/v2/instance');
	my $restored = eval { config_restore() };
	return ($v1, $v2, $reloaded, $restored, [contact_now()]);
}

is($conf{contact_email} // '', '',
    'the test stack leaves contact_email unset, so the default is tested');

# At least one local user who posted, so there is a contact account and
# an active user to count.
my ($author, $author_name) = new_user(prefix => 'inst');
post_status_id($author, $author_name,
    status => 'Counting towards the instance statistics');

subtest 'without an admin, a plain user is the contact and their address stays private' => sub {
	# Take the admin role away from everyone for the length of this
	# test (the suite runs one file at a time), and give it back.
	my @admins = psql(q{UPDATE users SET role = 'user'
	    WHERE role = 'admin' RETURNING id});
	my @got = eval { contact_now() };
	my $error = $@;
	psql(q{UPDATE users SET role = 'admin'
	    WHERE id = ANY (string_to_array(:'1', ',')::bigint[])},
	    join(',', @admins)) if @admins;
	die $error if $error;

	ok(defined $got[2], 'v1: there is a contact account');
	is($got[3], $got[2], 'v2: the same contact account');
	is(scalar psql(q{SELECT role FROM users WHERE account_id = :'1'},
	    $got[2] // 0), 'user', 'the contact is a plain user');
	like(scalar psql(q{SELECT email FROM users WHERE account_id = :'1'},
	    $got[2] // 0) // '', qr/\@/, 'who has an e-mail address');
	is($got[0], '', 'v1: email is empty, not the user\'s address');
	is($got[1], '', 'v2: contact.email is empty, not the user\'s address');
};

# The admin who speaks for the instance: the earliest admin, whatever
# other test files made before this one.
my $admin_name = unique_name('contact');
my $admin_email = "$admin_name\@desk.example";
{
	my ($rc, $out, $err) = woollyctl('account', 'create', $admin_name,
	    '--email', $admin_email, '--role', 'admin');
	is($rc, 0, 'woollyctl creates an admin') or diag("$out$err");
	psql(q{UPDATE accounts SET created_at = '2000-01-01T00:00:00Z'
	    WHERE username = :'1' AND domain IS NULL}, $admin_name);
}
my $admin_id = account_id_of($admin_name);

subtest 'GET /api/v1/instance is a V1Instance' => sub {
	my $res = $c->get('/api/v1/instance');
	is($res->{status}, 200, 'answers 200');
	like($res->{headers}{'content-type'}, qr{\Aapplication/json},
	    'JSON content type');
	ok_schema('V1Instance', $res, 'valid V1Instance');
	my $i = json_of($res) or return fail('body is JSON');

	is($i->{uri}, domain(), 'uri is the domain');
	like($i->{version}, $VERSION_RE, 'version: 4.3.0 (compatible; woolly X.Y.Z)');
	is($i->{title}, $conf{title}, 'title from woolly.conf')
	    if defined $conf{title};
	ok(defined $i->{short_description} && defined $i->{description},
	    'short_description and description');
	is($i->{email}, $admin_email,
	    'email: without contact_email, the contact admin\'s address');
	is($i->{urls}{streaming_api}, 'ws://' . domain(),
	    'streaming_api: ws:// on a plain-HTTP instance');
	is_deeply($i->{languages}, ['en'], 'languages');
	is($i->{thumbnail}, base_url() . '/avatars/original/missing.png',
	    'thumbnail is a URL on this server');
	ok(JSON::PP::is_bool($i->{registrations}), 'registrations is a boolean');
	is(!!$i->{registrations}, $registrations ne 'closed',
	    'registrations follows woolly.conf');
	is(!!$i->{approval_required}, $registrations eq 'approval',
	    'approval_required follows woolly.conf');
	ok(JSON::PP::is_bool($i->{invites_enabled}) && !$i->{invites_enabled},
	    'invites are not enabled');
	is_deeply($i->{rules}, [], 'no rules');

	my $cfg = $i->{configuration};
	is($cfg->{statuses}{max_characters}, $max_chars,
	    'max_characters is max_status_length');
	is($cfg->{statuses}{max_media_attachments}, 4, 'max_media_attachments');
	is($cfg->{statuses}{characters_reserved_per_url}, 23,
	    'characters_reserved_per_url');
	is($cfg->{accounts}{max_featured_tags}, 10, 'max_featured_tags');
	is($cfg->{media_attachments}{image_size_limit}, $image_limit,
	    'image_size_limit: Mastodon\'s 16 MiB or max_upload_size');
	is($cfg->{media_attachments}{video_size_limit}, $video_limit,
	    'video_size_limit: Mastodon\'s 99 MiB or max_upload_size');
	ok((grep { $_ eq 'image/png' } @{ $cfg->{media_attachments}{supported_mime_types} }),
	    'PNG is a supported type');
	is_deeply($cfg->{polls}, { max_options => 4,
	    max_characters_per_option => 50, min_expiration => 300,
	    max_expiration => 2629746 }, 'poll limits');

	my $st = $i->{stats};
	cmp_ok($st->{user_count}, '>=', 1, 'user_count counts local users');
	cmp_ok($st->{status_count}, '>=', 1, 'status_count counts local statuses');
	cmp_ok($st->{domain_count}, '>=', 0, 'domain_count');

	my $acct = $i->{contact_account};
	ok(defined $acct, 'contact_account is not null once a user exists')
	    or return;
	ok(is_json_string($acct->{id}), 'contact_account.id is a string');
	is($acct->{id}, $admin_id, 'contact_account is the earliest admin');
	ok_schema('Account', $acct, 'contact_account is an Account');
};

subtest 'GET /api/v2/instance is an Instance' => sub {
	my $res = $c->get('/api/v2/instance');
	is($res->{status}, 200, 'answers 200');
	ok_schema('Instance', $res, 'valid Instance');
	my $i = json_of($res) or return fail('body is JSON');

	is($i->{domain}, domain(), 'domain');
	like($i->{version}, $VERSION_RE, 'version: 4.3.0 (compatible; woolly X.Y.Z)');
	like($i->{source_url}, qr{\Ahttps://}, 'source_url is a URL');
	is($i->{title}, $conf{title}, 'title from woolly.conf')
	    if defined $conf{title};
	ok(defined $i->{description}, 'description');
	cmp_ok($i->{usage}{users}{active_month}, '>=', 1,
	    'active_month counts the user who just posted');
	is($i->{thumbnail}{url}, base_url() . '/avatars/original/missing.png',
	    'thumbnail.url');
	is(ref $i->{icon}, 'ARRAY', 'icon is a list');
	is_deeply($i->{languages}, ['en'], 'languages');
	is_deeply($i->{rules}, [], 'no rules');
	is_deeply($i->{api_versions}, { mastodon => 2 }, 'api_versions');

	my $cfg = $i->{configuration};
	is($cfg->{urls}{streaming}, 'ws://' . domain(), 'urls.streaming');
	is($cfg->{statuses}{max_characters}, $max_chars,
	    'max_characters is max_status_length');
	is($cfg->{accounts}{max_featured_tags}, 10, 'max_featured_tags');
	is($cfg->{accounts}{max_pinned_statuses}, 5, 'max_pinned_statuses');
	is($cfg->{media_attachments}{image_size_limit}, $image_limit,
	    'image_size_limit');
	is($cfg->{media_attachments}{video_size_limit}, $video_limit,
	    'video_size_limit');
	is($cfg->{media_attachments}{description_limit}, 1500,
	    'description_limit');
	is($cfg->{media_attachments}{image_matrix_limit}, 33177600,
	    'image_matrix_limit');
	is($cfg->{media_attachments}{video_matrix_limit}, 8294400,
	    'video_matrix_limit');
	is($cfg->{media_attachments}{video_frame_rate_limit}, 120,
	    'video_frame_rate_limit');
	is_deeply({ map { $_ => $cfg->{accounts}{$_} } qw(
	    max_display_name_length max_note_length max_profile_fields
	    profile_field_name_limit profile_field_value_limit) },
	    { max_display_name_length => 30, max_note_length => 500,
	    max_profile_fields => 4, profile_field_name_limit => 255,
	    profile_field_value_limit => 255 }, 'the profile limits');
	is($cfg->{statuses}{characters_reserved_per_url}, 23,
	    'characters_reserved_per_url');
	ok(exists $cfg->{urls}{status} && !defined $cfg->{urls}{status},
	    'urls.status is null');
	ok(JSON::PP::is_bool($cfg->{limited_federation}) &&
	    !$cfg->{limited_federation}, 'federation is not limited');
	ok(JSON::PP::is_bool($cfg->{translation}{enabled}) &&
	    !$cfg->{translation}{enabled}, 'translation is disabled');

	my $r = $i->{registrations};
	is(!!$r->{enabled}, $registrations ne 'closed', 'registrations.enabled');
	is(!!$r->{approval_required}, $registrations eq 'approval',
	    'registrations.approval_required');
	ok(exists $r->{message} && !defined $r->{message},
	    'registrations.message is null');
	ok(JSON::PP::is_bool($r->{reason_required}) && !$r->{reason_required},
	    'registrations.reason_required is false');

	is($i->{contact}{email}, $admin_email,
	    'contact.email: without contact_email, the contact admin\'s address');
	my $acct = $i->{contact}{account};
	ok(defined $acct, 'contact.account is not null once a user exists')
	    or return;
	ok(is_json_string($acct->{id}), 'contact.account.id is a string');
	is($acct->{id}, $admin_id, 'contact.account is the earliest admin');
	ok_schema('Account', $acct, 'contact.account is an Account');
};

subtest 'an explicit contact_email wins over the admin\'s address' => sub {
	my $explicit = unique_name('help') . '@support.example';
	my ($v1, $v2, $reloaded, $restored, $after) =
	    with_conf(contact_email => $explicit);

	ok($reloaded, 'the pool reloaded woolly.conf with contact_email set');
	ok_schema('V1Instance', $v1, 'v1 is a valid V1Instance');
	ok_schema('Instance', $v2, 'v2 is a valid Instance');
	is((json_of($v1) || {})->{email}, $explicit,
	    'v1: email is contact_email');
	is((json_of($v2) || {})->{contact}{email}, $explicit,
	    'v2: contact.email is contact_email');
	is((json_of($v2) || {})->{contact}{account}{id}, $admin_id,
	    'the contact account is still the admin');
	ok($restored, 'the pool reloaded the original woolly.conf');
	is_deeply($after, [$admin_email, $admin_email, $admin_id, $admin_id],
	    'without contact_email again, the admin\'s address is back');
};

subtest 'a plain user named by contact_account speaks for the instance' => sub {
	my ($desk, $desk_name) = new_user(prefix => 'desk');
	my $desk_id = account_id_of($desk_name);
	my $desk_email = psql(q{SELECT email FROM users WHERE account_id = :'1'},
	    $desk_id);
	is(scalar psql(q{SELECT role FROM users WHERE account_id = :'1'},
	    $desk_id), 'user', 'a plain user');
	my ($v1, $v2, $reloaded, $restored, $after) =
	    with_conf(contact_account => "\@$desk_name");

	ok($reloaded, 'the pool reloaded woolly.conf with contact_account set');
	ok_schema('V1Instance', $v1, 'v1 is a valid V1Instance');
	ok_schema('Instance', $v2, 'v2 is a valid Instance');
	my ($i1, $i2) = (json_of($v1) || {}, json_of($v2) || {});
	is(($i1->{contact_account} || {})->{id}, $desk_id,
	    'v1: the named account is the contact');
	is(($i2->{contact}{account} || {})->{id}, $desk_id,
	    'v2: the named account is the contact');
	is($i1->{email}, $desk_email,
	    'v1: an administrator chose it, so its address is published');
	is($i2->{contact}{email}, $desk_email,
	    'v2: an administrator chose it, so its address is published');
	ok($restored, 'the pool reloaded the original woolly.conf');
	is_deeply($after, [$admin_email, $admin_email, $admin_id, $admin_id],
	    'without contact_account again, the admin is the contact');
};

subtest 'the thumbnail can be fetched' => sub {
	my $i = json_of($c->get('/api/v2/instance')) or return fail('JSON');
	my $res = $c->get($i->{thumbnail}{url});
	is($res->{status}, 200, 'thumbnail URL answers 200');
};

subtest 'a trailing slash changes nothing' => sub {
	for my $t (['/api/v1/instance', 'V1Instance'],
	    ['/api/v2/instance', 'Instance']) {
		my ($path, $schema) = @$t;
		my $a = $c->get($path);
		my $b = $c->get("$path/");
		is($b->{status}, 200, "$path/ is 200");
		ok_schema($schema, $b, "$path/ is a valid $schema");
		is_deeply(json_of($b), json_of($a), "$path/ gives the same JSON");
	}
};

subtest 'caching, HEAD and other methods' => sub {
	my $res = $c->get('/api/v2/instance');
	like($res->{headers}{'cache-control'} // '', qr/\bpublic\b/,
	    'anonymous instance answers may be cached');
	my $head = $c->head('/api/v1/instance');
	is($head->{status}, 200, 'HEAD is 200');
	is($head->{content} // '', '', 'HEAD has no body');
	my $post = $c->post_form('/api/v2/instance', { a => 1 });
	is($post->{status}, 405, 'POST is 405');
	my $err = json_of($post);
	ok($err && defined $err->{error}, '405 comes as {"error": ...}');
	ok_schema('Error', $post, 'the 405 body is an Error');
};

# A JSON array of strings, as the peers are.
sub all_strings {
	my ($list) = @_;
	return ref $list eq 'ARRAY' && !grep { !is_json_string($_) } @$list;
}

subtest 'rules: GET /api/v1/instance/rules, and in v1 and v2' => sub {
	my $res = $c->get('/api/v1/instance/rules');
	is($res->{status}, 200, 'answers 200');
	is_deeply(json_of($res), [], 'none until an administrator adds some');
	my ($rc, $out, $err) = woollyctl('rule', 'add', 'Be kind',
	    'Assume good faith.');
	is($rc, 0, 'woollyctl rule add') or diag($err);
	my ($first) = $out =~ /added rule (\d+)/;
	($rc, $out) = woollyctl('rule', 'add', 'No spam');
	my ($second) = $out =~ /added rule (\d+)/;
	($rc, $out, $err) = woollyctl('rule', 'add', '');
	is($rc, 1, 'an empty rule is refused');
	($rc, $out, $err) = woollyctl('rule', 'add', 'x' x 301);
	is($rc, 1, 'an overlong rule is refused');

	$res = $c->get('/api/v1/instance/rules');
	ok_schema('Rule[]', $res, 'a list of Rules');
	is_deeply(json_of($res), [
	    { id => $first, text => 'Be kind', hint => 'Assume good faith.' },
	    { id => $second, text => 'No spam', hint => '' } ],
	    'in the order they were added, ids as strings');
	ok(is_json_string((json_of($res) || [{}])->[0]{id}), 'ids are strings');
	my $v1 = json_of($c->get('/api/v1/instance')) || {};
	my $v2 = json_of($c->get('/api/v2/instance')) || {};
	is_deeply($v1->{rules}, json_of($res), 'v1 carries the rules');
	is_deeply($v2->{rules}, json_of($res), 'v2 carries the rules');
	ok_schema('V1Instance', $v1, 'v1 is still a V1Instance');
	ok_schema('Instance', $v2, 'v2 is still an Instance');
	($rc, $out) = woollyctl('rule', 'list');
	like($out, qr/\A\Q$first\E\tBe kind\tAssume good faith\.\n\Q$second\E\tNo spam\n\z/,
	    'woollyctl rule list');

	($rc) = woollyctl('rule', 'remove', $first);
	is($rc, 0, 'woollyctl rule remove');
	($rc, $out, $err) = woollyctl('rule', 'remove', $first);
	is($rc, 1, 'removing it again: no such rule');
	($rc) = woollyctl('rule', 'remove', 'one');
	is($rc, 1, 'a bad id');
	$res = $c->get('/api/v1/instance/rules');
	is_deeply([map { $_->{id} } @{ json_of($res) || [] }], [$second],
	    'a removed rule is gone, the other keeps its id');
	woollyctl('rule', 'remove', $second);
	is_deeply(json_of($c->get('/api/v1/instance/rules')), [],
	    'and then there were none');
};

subtest 'GET /api/v1/instance/extended_description' => sub {
	my $res = $c->get('/api/v1/instance/extended_description');
	is($res->{status}, 200, 'answers 200');
	ok_schema('ExtendedDescription', $res, 'an ExtendedDescription');
	my $d = json_of($res) || {};
	is($d->{content}, '', 'empty until one is written');
	like($d->{updated_at}, qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\z/,
	    'updated_at is an ISO 8601 time');
	my ($rc, $out, $err) = run_command([$ENV{WOOLLY_TEST_BUILD} .
	    '/cli/woollyctl', '-c', $ENV{WOOLLY_TEST_CONF}, 'instance',
	    'description', '-'], "Welcome <b>all</b>.\n\nSee https://example.com/x\n");
	is($rc, 0, 'woollyctl instance description - (from stdin)')
	    or diag($err);
	$res = $c->get('/api/v1/instance/extended_description');
	ok_schema('ExtendedDescription', $res, 'an ExtendedDescription');
	$d = json_of($res) || {};
	like($d->{content}, qr{\A<p>Welcome &lt;b&gt;all&lt;/b&gt;\.</p><p>See <a href="https://example\.com/x"},
	    'the text as HTML paragraphs, markup escaped, links made');
	($rc) = woollyctl('instance', 'description', '');
	is($rc, 0, 'an empty description removes it');
	is((json_of($c->get('/api/v1/instance/extended_description')) ||
	    {})->{content}, '', 'empty again');
};

subtest 'GET /api/v1/instance/peers: the domains we know' => sub {
	my $host = unique_name('peer') =~ tr/_/-/r . '.Example';
	psql(q{INSERT INTO accounts (username, domain, uri) VALUES
	    ('someone', :'1', :'2'), ('another', :'1', :'3')}, $host,
	    "https://$host/users/someone", "https://$host/users/another");
	my $res = $c->get('/api/v1/instance/peers');
	is($res->{status}, 200, 'answers 200');
	my $peers = json_of($res);
	ok(all_strings($peers), 'a list of strings');
	is(scalar(grep { $_ eq lc $host } @$peers), 1,
	    'a known domain, once, in lower case');
	ok(!(grep { $_ eq domain() } @$peers), 'not our own domain');
	is_deeply($peers, [sort @$peers], 'sorted');
	my $v1 = json_of($c->get('/api/v1/instance')) || {};
	is($v1->{stats}{domain_count}, scalar @$peers,
	    'stats.domain_count counts the same domains');
};

subtest 'GET /api/v1/instance/activity: twelve weeks' => sub {
	my $res = $c->get('/api/v1/instance/activity');
	is($res->{status}, 200, 'answers 200');
	my $weeks = json_of($res) || [];
	is(scalar @$weeks, 12, 'twelve weeks');
	my @bad = grep { my $w = $_; ref $w ne 'HASH' ||
	    (grep { !is_json_string($w->{$_}) || $w->{$_} !~ /\A\d+\z/ }
	    qw(week statuses logins registrations)) ||
	    keys %$w != 4 } @$weeks;
	ok(!@bad, 'each {week, statuses, logins, registrations}, '
	    . 'numbers as strings');
	# 1970-01-05 was a Monday.
	is(($weeks->[0]{week} - 4 * 86400) % (7 * 86400), 0,
	    'a week starts on Monday, 00:00 UTC');
	cmp_ok(time - $weeks->[0]{week}, '<', 7 * 86400, 'this week first');
	is($weeks->[1]{week}, $weeks->[0]{week} - 7 * 86400,
	    'then the week before');
	cmp_ok($weeks->[0]{logins}, '>=', 1, 'someone signed in this week');

	my ($web, $name) = new_user(prefix => 'weekly');
	post_status_id($web, $name, status => 'this week');
	my $after = json_of($c->get('/api/v1/instance/activity')) || [];
	is($after->[0]{statuses}, $weeks->[0]{statuses} + 1,
	    'a post counts this week');
	is($after->[0]{registrations}, $weeks->[0]{registrations} + 1,
	    'so does a sign-up');
	is($after->[0]{logins}, $weeks->[0]{logins} + 1,
	    'and the new user\'s sign-in');
	is($after->[11]{statuses}, $weeks->[11]{statuses},
	    'not eleven weeks ago');
};

subtest 'translation languages and domain blocks' => sub {
	my $res = $c->get('/api/v1/instance/translation_languages');
	is($res->{status}, 200, 'translation_languages: 200');
	is_deeply(json_of($res), {}, 'no translation service: {}');
	$res = $c->get('/api/v1/instance/domain_blocks');
	is($res->{status}, 200, 'domain_blocks: 200');
	is_deeply(json_of($res), [], 'no domain is blocked');
};

subtest 'the VAPID key, once the instance has one' => sub {
	my ($had) = psql(q{SELECT value FROM instance_settings
	    WHERE key = 'vapid_public_key'});
	my $key = 'BExampleKeyForTheTestOnly' . ('A' x 62);
	psql(q{INSERT INTO instance_settings (key, value)
	    VALUES ('vapid_public_key', :'1') ON CONFLICT (key) DO NOTHING},
	    $key);
	my ($now) = psql(q{SELECT value FROM instance_settings
	    WHERE key = 'vapid_public_key'});
	my $v2 = $c->get('/api/v2/instance');
	ok_schema('Instance', $v2, 'an Instance');
	is((json_of($v2) || {})->{configuration}{vapid}{public_key}, $now,
	    'configuration.vapid.public_key');
	psql(q{DELETE FROM instance_settings WHERE key = 'vapid_public_key'})
	    unless defined $had;
};

subtest 'the documents are public and cacheable' => sub {
	my ($api) = api_user(prefix => 'instdoc', scopes => 'write');
	for my $path (qw(rules extended_description peers activity
	    translation_languages domain_blocks)) {
		my $res = $c->get("/api/v1/instance/$path");
		like($res->{headers}{'cache-control'} // '', qr/\bpublic\b/,
		    "$path may be cached");
		$res = $api->get("/api/v1/instance/$path");
		is($res->{status}, 200, "$path: any token will do");
		$res = client(token => 'not-a-token')->get(
		    "/api/v1/instance/$path");
		is($res->{status}, 401, "$path: but not a bad one");
	}
};

done_testing();
