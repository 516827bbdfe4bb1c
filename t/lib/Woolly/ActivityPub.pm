package Woolly::ActivityPub;

# Woolly::ActivityPub: what the tests of the ActivityPub side share:
# fetching as a peer server does (each Accept form peers send), the
# documents Mastodon publishes (../shared/fixtures/activitypub/mastodon)
# to compare shapes with, and reading keys with openssl.
#
#   my $res = ap_get($c, "/users/$name");
#   my $actor = ap_json($res, 'the actor');

use strict;
use warnings;

use Exporter qw(import);
use File::Spec;
use File::Temp qw(tempfile);
use JSON::PP ();
use Test::More ();
use Woolly::Test;

our @EXPORT = qw(
	AP_ACCEPTS BROWSER_ACCEPT AP_CONTENT_TYPE AS_PUBLIC
	ap_get ap_json mastodon_fixture json_type same_shape
	rsa_public_key_bits public_key_of_private vary_has
);

# Every Accept a peer may send for ActivityPub (Mastodon's, the spec's,
# plain JSON-LD, and Misskey's list with HTML as a poor third).
use constant AP_ACCEPTS => (
	'application/activity+json',
	'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
	'application/ld+json',
	'application/activity+json, application/ld+json; profile="https://' .
	    'www.w3.org/ns/activitystreams", text/html;q=0.1',
);
use constant BROWSER_ACCEPT => 'text/html,application/xhtml+xml,' .
    'application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
use constant AP_CONTENT_TYPE => 'application/activity+json; charset=utf-8';
use constant AS_PUBLIC => 'https://www.w3.org/ns/activitystreams#Public';

# GET as a peer: Accept application/activity+json unless told otherwise.
sub ap_get {
	my ($client, $path, %opts) = @_;
	return $client->get($path, {
	    Accept => $opts{accept} // (AP_ACCEPTS)[0],
	    %{ $opts{headers} || {} } });
}

# The document of a 200 ActivityPub answer (a failing test otherwise).
sub ap_json {
	my ($res, $what) = @_;
	Test::More::is($res->{status}, 200, "$what: 200") or
	    Test::More::diag(substr($res->{content} // '', 0, 400));
	Test::More::is($res->{headers}{'content-type'}, AP_CONTENT_TYPE,
	    "$what: served as application/activity+json");
	return json_of($res) || {};
}

# A header's values as one list (HTTP::Tiny joins repeated ones into an
# array): true when Vary names $name.
sub vary_has {
	my ($res, $name) = @_;
	my $v = $res->{headers}{vary} // '';
	my @values = ref $v ? @$v : ($v);
	return scalar grep { /(?:\A|,)\s*\Q$name\E\s*(?:,|\z)/i } @values;
}

my $FIXTURES = $ENV{WOOLLY_AP_FIXTURES} ||
    File::Spec->catdir($ENV{WOOLLY_TEST_SRC} || '.', '..', '..', 'shared',
    'fixtures', 'activitypub', 'mastodon');

# A document Mastodon published, decoded; undef when it is not there.
sub mastodon_fixture {
	my ($name) = @_;
	for my $dir ($FIXTURES, '/work/shared/fixtures/activitypub/mastodon') {
		my $file = File::Spec->catfile($dir, $name);
		next unless -r $file;
		open my $fh, '<', $file or next;
		local $/;
		my $text = <$fh>;
		close $fh;
		return JSON::PP->new->utf8->decode($text);
	}
	return undef;
}

# The JSON type of a decoded value: object, array, string, number,
# boolean or null.
sub json_type {
	my ($v) = @_;
	return 'null' unless defined $v;
	return 'object' if ref $v eq 'HASH';
	return 'array' if ref $v eq 'ARRAY';
	return 'boolean' if JSON::PP::is_bool($v);
	return is_json_string($v) ? 'string' : 'number';
}

# Each key of $theirs (but those in @skip) is in $ours with the same JSON
# type (null standing for any type where theirs is null or ours may be);
# the list of differences.
sub same_shape {
	my ($ours, $theirs, %opts) = @_;
	my %skip = map { $_ => 1 } @{ $opts{skip} || [] };
	my %nullable = map { $_ => 1 } @{ $opts{nullable} || [] };
	my @diff;
	for my $k (sort keys %$theirs) {
		next if $skip{$k};
		if (!exists $ours->{$k}) {
			push @diff, "$k is missing";
			next;
		}
		my ($a, $b) = (json_type($ours->{$k}), json_type($theirs->{$k}));
		next if $a eq $b || $b eq 'null' ||
		    ($nullable{$k} && $a eq 'null');
		push @diff, "$k is $a, Mastodon's is $b";
	}
	return @diff;
}

sub _openssl {
	my ($args, $stdin) = @_;
	my ($code, $out, $err) = run_command(['openssl', @$args], $stdin);
	return $code == 0 ? $out : undef;
}

# The size in bits of an RSA public key in PEM; undef if openssl cannot
# read it as one.
sub rsa_public_key_bits {
	my ($pem) = @_;
	my $out = _openssl([qw(pkey -pubin -noout -text)], $pem) // return undef;
	return $out =~ /Public-Key: \((\d+) bit\)/ ? $1 : undef;
}

# The public half of a private key in PEM, as openssl writes it.
sub public_key_of_private {
	my ($pem) = @_;
	return _openssl([qw(pkey -pubout)], $pem);
}

1;
