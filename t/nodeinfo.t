# nodeinfo.t: /.well-known/nodeinfo links to NodeInfo 2.0 and 2.1, and
# both documents follow their JSON schemas (checked field by field here:
# required keys, no others at the top, the software name's pattern, the
# protocol and service enums, counts that are non-negative integers),
# come with the content type the protocol names, say honestly that the
# software is woolly speaking Mastodon's API, and count what really is:
# the numbers move when users sign up, sign in and post.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my $SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema/';
my @PROTOCOLS = qw(activitypub buddycloud dfrn diaspora libertree ostatus
    pumpio tent xmpp zot);
my @INBOUND = qw(atom1.0 gnusocial imap pnut pop3 pumpio rss2.0 twitter);
my @OUTBOUND = qw(atom1.0 blogger buddycloud diaspora dreamwidth drupal
    facebook friendica gnusocial google insanejournal libertree linkedin
    livejournal mediagoblin myspace pinterest pnut posterous pumpio
    redmatrix rss2.0 smtp tent tumblr twitter wordpress xmpp);

my $c = client();

sub is_int {
	my ($v) = @_;
	return defined $v && !ref $v && !is_json_string($v) &&
	    $v =~ /\A\d+\z/;
}

sub in_list {
	my ($v, @list) = @_;
	return defined $v && !ref $v && scalar grep { $_ eq $v } @list;
}

# The NodeInfo schema of $version, as Perl checks: the list of what is
# wrong with $d (empty when valid).
sub nodeinfo_errors {
	my ($d, $version) = @_;
	my @e;
	return ('not an object') unless ref $d eq 'HASH';
	my @required = qw(version software protocols services
	    openRegistrations usage metadata);
	for my $k (@required) {
		push @e, "missing $k" unless exists $d->{$k};
	}
	for my $k (keys %$d) {
		push @e, "unexpected top-level key $k"
		    unless grep { $_ eq $k } @required;
	}
	push @e, "version is not $version" unless ($d->{version} // '') eq
	    $version && is_json_string($d->{version});

	my $sw = $d->{software};
	if (ref $sw eq 'HASH') {
		push @e, 'software.name does not match ^[a-z0-9-]+$'
		    unless defined $sw->{name} && $sw->{name} =~ /\A[a-z0-9-]+\z/;
		push @e, 'software.version is not a string'
		    unless is_json_string($sw->{version});
		my @allowed = $version eq '2.0' ? qw(name version) :
		    qw(name version repository homepage);
		for my $k (keys %$sw) {
			push @e, "unexpected software.$k"
			    unless grep { $_ eq $k } @allowed;
		}
		for my $k (qw(repository homepage)) {
			push @e, "software.$k is not a URL"
			    if exists $sw->{$k} &&
			    ($sw->{$k} // '') !~ m{\Ahttps?://\S+\z};
		}
	} else {
		push @e, 'software is not an object';
	}

	my $p = $d->{protocols};
	if (ref $p eq 'ARRAY' && @$p) {
		push @e, "protocol $_ is not in the schema's list"
		    for grep { !in_list($_, @PROTOCOLS) } @$p;
	} else {
		push @e, 'protocols is not a non-empty array';
	}

	my $s = $d->{services};
	if (ref $s eq 'HASH') {
		for my $dir (['inbound', \@INBOUND], ['outbound', \@OUTBOUND]) {
			my ($k, $allowed) = @$dir;
			if (ref $s->{$k} ne 'ARRAY') {
				push @e, "services.$k is not an array";
				next;
			}
			push @e, "services.$k: $_ is not in the schema's list"
			    for grep { !in_list($_, @$allowed) } @{ $s->{$k} };
		}
	} else {
		push @e, 'services is not an object';
	}

	push @e, 'openRegistrations is not a boolean'
	    unless JSON::PP::is_bool($d->{openRegistrations});

	my $u = $d->{usage};
	if (ref $u eq 'HASH' && ref $u->{users} eq 'HASH') {
		for my $k (qw(total activeHalfyear activeMonth)) {
			push @e, "usage.users.$k is not a non-negative integer"
			    if exists $u->{users}{$k} &&
			    !is_int($u->{users}{$k});
		}
		for my $k (qw(localPosts localComments)) {
			push @e, "usage.$k is not a non-negative integer"
			    if exists $u->{$k} && !is_int($u->{$k});
		}
	} else {
		push @e, 'usage.users is missing';
	}
	push @e, 'metadata is not an object' unless ref $d->{metadata} eq 'HASH';
	return @e;
}

sub nodeinfo {
	my ($version) = @_;
	return json_of($c->get("/nodeinfo/$version")) || {};
}

subtest 'the well-known document links both versions' => sub {
	my $res = $c->get('/.well-known/nodeinfo');
	is($res->{status}, 200, 'answers 200');
	like($res->{headers}{'content-type'}, qr{\Aapplication/json\b},
	    'JSON');
	my $links = (json_of($res) || {})->{links};
	is(ref $links, 'ARRAY', 'a list of links');
	is_deeply([map { $_->{rel} } @{ $links || [] }],
	    ["${SCHEMA}2.0", "${SCHEMA}2.1"], 'the rels name the schemas');
	is_deeply([map { $_->{href} } @{ $links || [] }],
	    [base_url() . '/nodeinfo/2.0', base_url() . '/nodeinfo/2.1'],
	    'the hrefs are absolute URLs of this server');
	like($res->{headers}{'cache-control'} // '', qr/\bpublic\b/,
	    'cacheable');
};

for my $version ('2.0', '2.1') {
	subtest "NodeInfo $version follows its schema" => sub {
		my $res = $c->get("/nodeinfo/$version");
		is($res->{status}, 200, 'answers 200');
		is($res->{headers}{'content-type'}, 'application/json; ' .
		    "profile=\"${SCHEMA}$version#\"",
		    'the content type names the schema as profile');
		my $d = json_of($res);
		my @errors = nodeinfo_errors($d, $version);
		ok(!@errors, 'valid against the schema') or diag(join "\n",
		    @errors);
		is($d->{software}{name}, 'woolly', 'the software is woolly');
		like($d->{software}{version}, qr/\A\d+\.\d+\.\d+/,
		    'with its version');
		if ($version eq '2.1') {
			like($d->{software}{repository}, qr{\Ahttps://},
			    '2.1: the repository');
			like($d->{software}{homepage}, qr{\Ahttps://},
			    '2.1: the homepage');
		} else {
			ok(!exists $d->{software}{repository},
			    '2.0 has no repository field');
		}
		is_deeply($d->{protocols}, ['activitypub'], 'ActivityPub');
		is_deeply($d->{services}, { inbound => [], outbound => [] },
		    'no other services');
		is($d->{metadata}{upstream}{name}, 'mastodon',
		    'upstream: Mastodon\'s API, for megalodon\'s detector');
		like($d->{metadata}{upstream}{version}, qr/\A4\.\d+\.\d+\z/,
		    '... with the version it follows');
		ok(defined $d->{metadata}{nodeName}, 'nodeName');
		like($res->{headers}{'cache-control'} // '', qr/\bpublic\b/,
		    'cacheable');
		my $again = $c->get("/nodeinfo/$version");
		is($again->{headers}{'x-cache'}, 'HIT',
		    'the second answer comes from the page cache');
		is($again->{headers}{'content-type'},
		    $res->{headers}{'content-type'},
		    '... with the same content type');
	};
}

subtest 'the checks catch what is wrong' => sub {
	my $d = nodeinfo('2.0');
	my %bad = (
		'an extra key' => { %$d, extra => 1 },
		'a bad name' => { %$d, software => { name => 'Woolly!',
		    version => '1' } },
		'an unknown protocol' => { %$d, protocols => ['gopher'] },
		'no protocol' => { %$d, protocols => [] },
		'a string count' => { %$d, usage => { users => {
		    total => '3' } } },
		'no metadata' => { map { $_ => $d->{$_} }
		    grep { $_ ne 'metadata' } keys %$d },
	);
	for my $what (sort keys %bad) {
		ok(scalar nodeinfo_errors($bad{$what}, '2.0'),
		    "$what is an error");
	}
};

subtest 'the counts are real' => sub {
	my $before = nodeinfo('2.0');
	my $total = psql(q{SELECT count(*) FROM users u JOIN accounts a
	    ON a.id = u.account_id WHERE a.suspended_at IS NULL
	    AND u.approved AND u.confirmed_at IS NOT NULL});
	is($before->{usage}{users}{total}, $total,
	    'total: the local users who may sign in');
	my ($web, $name) = new_user(prefix => 'nodeinfo');
	my $after = nodeinfo('2.0');
	is($after->{usage}{users}{total},
	    $before->{usage}{users}{total} + 1, 'a sign-up adds a user');
	is($after->{usage}{users}{activeMonth},
	    $before->{usage}{users}{activeMonth} + 1,
	    '... who is active this month (signed in)');
	is($after->{usage}{users}{activeHalfyear},
	    $before->{usage}{users}{activeHalfyear} + 1,
	    '... and this half year');
	post_status_id($web, $name, status => 'counted');
	my $posted = nodeinfo('2.1');
	is($posted->{usage}{localPosts}, $before->{usage}{localPosts} + 1,
	    'a post adds a local post');

	# Activity older than four weeks counts for the half year only.
	my $uid = psql(q{SELECT u.id FROM users u JOIN accounts a
	    ON a.id = u.account_id WHERE a.username = :'1'}, $name);
	psql(q{DELETE FROM user_activity_weeks WHERE user_id = :'1'}, $uid);
	psql(q{INSERT INTO user_activity_weeks (week, user_id)
	    VALUES (date_trunc('week', now() - interval '10 weeks')::date,
	    :'1')}, $uid);
	psql(q{UPDATE account_stats SET last_status_at =
	    now() - interval '10 weeks' WHERE account_id =
	    (SELECT account_id FROM users WHERE id = :'1')}, $uid);
	my $old = nodeinfo('2.0');
	is($old->{usage}{users}{activeMonth},
	    $before->{usage}{users}{activeMonth},
	    'active ten weeks ago: not this month');
	is($old->{usage}{users}{activeHalfyear},
	    $before->{usage}{users}{activeHalfyear} + 1,
	    '... but this half year');

	# Signing in again is activity of this week, recorded by itself
	# (a trigger), whichever code path signed the user in.
	sign_in(client(), $name);
	is(scalar psql(q{SELECT count(*) FROM user_activity_weeks
	    WHERE user_id = :'1' AND week =
	    date_trunc('week', now() AT TIME ZONE 'UTC')::date}, $uid), 1,
	    'signing in records this week\'s activity');
	my $token = api_token($name, 'read');
	psql(q{UPDATE oauth_access_tokens SET last_used_at = now()
	    - interval '3 weeks' WHERE token_hash =
	    sha256(convert_to(:'1', 'UTF8'))}, $token);
	is(scalar psql(q{SELECT count(*) FROM user_activity_weeks
	    WHERE user_id = :'1'}, $uid), 3,
	    'an app\'s token in use counts too, in its week');

	# NodeInfo is cached like a page: the next change shows the rest.
	psql(q{UPDATE accounts SET suspended_at = now() WHERE username = :'1'},
	    $name);
	my $gone = nodeinfo('2.0');
	is($gone->{usage}{users}{total}, $before->{usage}{users}{total},
	    'a suspended user is not counted');
	is($gone->{usage}{users}{activeMonth},
	    $before->{usage}{users}{activeMonth}, '... nor as active');
	psql(q{UPDATE accounts SET suspended_at = NULL WHERE username = :'1'},
	    $name);
	is(nodeinfo('2.0')->{usage}{users}{activeMonth},
	    $before->{usage}{users}{activeMonth} + 1,
	    'back, and active this month again for signing in');
};

subtest 'openRegistrations follows woolly.conf' => sub {
	my $open = nodeinfo('2.0')->{openRegistrations};
	my $reloaded = eval { config_override(registrations => 'closed') };
	ok($reloaded, 'the pool reloaded with registrations closed');
	my $d = nodeinfo('2.0');
	ok(JSON::PP::is_bool($d->{openRegistrations}) &&
	    !$d->{openRegistrations}, 'closed: false');
	ok(eval { config_restore() }, 'the original configuration is back');
	is(!!nodeinfo('2.1')->{openRegistrations}, !!$open,
	    'and openRegistrations with it');
};

subtest 'other methods and versions' => sub {
	my $res = $c->get('/nodeinfo/3.0');
	is($res->{status}, 404, 'an unknown version: 404');
	$res = $c->post_form('/nodeinfo/2.0', { a => 1 });
	is($res->{status}, 405, 'POST: 405');
	$res = $c->head('/nodeinfo/2.1');
	is($res->{status}, 200, 'HEAD: 200');
};

done_testing();
