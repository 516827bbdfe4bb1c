# api_instance.t: GET /api/v1/instance and /api/v2/instance describe the
# server the way Mastodon 4.3 does: valid V1Instance and Instance
# entities, a version string clients can parse, the limits from
# woolly.conf, a contact account, and the same answer with a trailing
# slash.
use strict;
use warnings;
use B ();
use Test::More;
use Woolly::Test;

my $VERSION_RE = qr/\A4\.3\.0 \(compatible; woolly \d+\.\d+\.\d+\)\z/;

# The test stack's woolly.conf, so expectations follow its settings.
sub conf {
	my %c;
	open my $fh, '<', $ENV{WOOLLY_TEST_CONF} or return %c;
	while (my $line = <$fh>) {
		next if $line =~ /\A\s*(?:#|\z)/;
		$c{$1} = $2 if $line =~ /\A\s*(\w+)\s*=\s*(.*?)\s*\z/;
	}
	close $fh;
	return %c;
}

# True when a decoded JSON value was a JSON string (not a number).
sub is_json_string {
	my ($v) = @_;
	return 0 unless defined $v && !ref $v;
	my $flags = B::svref_2object(\$v)->FLAGS;
	return ($flags & B::SVp_POK) && !($flags & (B::SVp_IOK | B::SVp_NOK));
}

# The test stack sets contact_email: Mastodon sends "" when it is unset,
# which the OpenAPI document's format: email would reject.
sub ok_instance_schema {
	my ($name, $res, $email, $what) = @_;
	isnt($email, '', 'the test configuration sets contact_email');
	ok_schema($name, $res, $what);
}

my %conf = conf();
my $max_chars = $conf{max_status_length} // 500;
my $max_upload = $conf{max_upload_size} // 41943040;
my $registrations = $conf{registrations} // 'open';
my $email = $conf{contact_email} // '';

my $c = client();

# At least one local user who posted, so there is a contact account and
# an active user to count.
my ($author, $author_name) = new_user(prefix => 'inst');
{
	my $home = $author->get('/home');
	my $res = $author->post_form('/statuses', [
	    status => 'Counting towards the instance statistics',
	    visibility => 'public',
	    authenticity_token => csrf_from($home->{content}),
	]);
	is($res->{status}, 303, 'a user posts a status') or
	    diag(substr($res->{content} // '', 0, 300));
}

subtest 'GET /api/v1/instance is a V1Instance' => sub {
	my $res = $c->get('/api/v1/instance');
	is($res->{status}, 200, 'answers 200');
	like($res->{headers}{'content-type'}, qr{\Aapplication/json},
	    'JSON content type');
	ok_instance_schema('V1Instance', $res, $email, 'valid V1Instance');
	my $i = json_of($res) or return fail('body is JSON');

	is($i->{uri}, domain(), 'uri is the domain');
	like($i->{version}, $VERSION_RE, 'version: 4.3.0 (compatible; woolly X.Y.Z)');
	is($i->{title}, $conf{title}, 'title from woolly.conf')
	    if defined $conf{title};
	ok(defined $i->{short_description} && defined $i->{description},
	    'short_description and description');
	is($i->{email}, $email, 'email is contact_email');
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
	is($cfg->{media_attachments}{image_size_limit}, $max_upload,
	    'image_size_limit is max_upload_size');
	is($cfg->{media_attachments}{video_size_limit}, $max_upload,
	    'video_size_limit is max_upload_size');
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
	ok_schema('Account', $acct, 'contact_account is an Account');
};

subtest 'GET /api/v2/instance is an Instance' => sub {
	my $res = $c->get('/api/v2/instance');
	is($res->{status}, 200, 'answers 200');
	ok_instance_schema('Instance', $res, $email, 'valid Instance');
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
	is($cfg->{media_attachments}{image_size_limit}, $max_upload,
	    'image_size_limit');
	is($cfg->{media_attachments}{image_matrix_limit}, 33177600,
	    'image_matrix_limit');
	is($cfg->{media_attachments}{video_matrix_limit}, 8294400,
	    'video_matrix_limit');
	is($cfg->{media_attachments}{video_frame_rate_limit}, 60,
	    'video_frame_rate_limit');
	ok(JSON::PP::is_bool($cfg->{translation}{enabled}) &&
	    !$cfg->{translation}{enabled}, 'translation is disabled');

	my $r = $i->{registrations};
	is(!!$r->{enabled}, $registrations ne 'closed', 'registrations.enabled');
	is(!!$r->{approval_required}, $registrations eq 'approval',
	    'registrations.approval_required');
	ok(exists $r->{message} && !defined $r->{message},
	    'registrations.message is null');

	is($i->{contact}{email}, $email, 'contact.email is contact_email');
	my $acct = $i->{contact}{account};
	ok(defined $acct, 'contact.account is not null once a user exists')
	    or return;
	ok(is_json_string($acct->{id}), 'contact.account.id is a string');
	ok_schema('Account', $acct, 'contact.account is an Account');
};

subtest 'the contact account is an admin when there is one' => sub {
	my $name = unique_name('instadmin');
	my ($rc, $out, $err) = woollyctl('account', 'create', $name,
	    '--email', "$name\@example.com", '--role', 'admin');
	is($rc, 0, 'woollyctl creates an admin') or diag("$out$err");
	for my $path ('/api/v2/instance', '/api/v1/instance') {
		my $i = json_of($c->get($path)) or next;
		my $acct = $path =~ /v2/ ? $i->{contact}{account} :
		    $i->{contact_account};
		ok(defined $acct, "$path: contact account present") or next;
		my $role = psql(q{SELECT u.role FROM users u
		    WHERE u.account_id = :'1'}, $acct->{id});
		is($role, 'admin', "$path: contact account is an admin");
	}
};

subtest 'the thumbnail can be fetched' => sub {
	my $i = json_of($c->get('/api/v2/instance')) or return fail('JSON');
	my $res = $c->get($i->{thumbnail}{url});
	is($res->{status}, 200, 'thumbnail URL answers 200');
};

subtest 'a trailing slash changes nothing' => sub {
	for my $path ('/api/v1/instance', '/api/v2/instance') {
		my $a = $c->get($path);
		my $b = $c->get("$path/");
		is($b->{status}, 200, "$path/ is 200");
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

done_testing();
