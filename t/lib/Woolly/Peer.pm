package Woolly::Peer;

# Woolly::Peer: remote servers for the inbox tests. A TLS server
# (t/tools/ap_peer_server.js, with a CA made for the run) answers for
# names under .test that federation_resolve maps to it; the test writes
# the actor documents it serves, and signs deliveries to woolly's inbox
# with those actors' keys (draft-cavage rsa-sha256, made with openssl, so
# the signer shares no code with woolly's verifier).
#
#   my $peer = Woolly::Peer->start;               # and config_override
#   my $alice = $peer->actor('alice', 'remote.test');
#   my $res = $peer->deliver($alice, '/inbox', $activity);
#   $peer->process;                                # cron/woolly-inbox -1

use strict;
use warnings;

use Carp qw(croak);
use Digest::SHA qw(sha256_base64);
use File::Temp qw(tempdir);
use HTTP::Tiny;
use JSON::PP ();
use MIME::Base64 qw(encode_base64);
use POSIX ();
use Woolly::Test;

my $JSON = JSON::PP->new->utf8->canonical;
our @HOSTS = qw(remote.test other.test evil.test blocked.test
    sub.blocked.test moved.test);

sub _openssl {
	my (@args) = @_;
	my ($rc, $out, $err) = run_command(['openssl', @args]);
	croak "openssl @args: $err" if $rc != 0;
	return $out;
}

# Start the server and point the pool at it (config_override).
sub start {
	my ($class, %conf) = @_;
	my $dir = tempdir('woolly-peer-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	mkdir "$dir/docs" or croak "mkdir: $!";
	mkdir "$dir/docs/$_" for @HOSTS;
	_openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
	    '-subj', '/CN=woolly peer CA', '-keyout', "$dir/ca.key",
	    '-out', "$dir/ca.crt");
	_openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj',
	    '/CN=remote.test', '-keyout', "$dir/server.key",
	    '-out', "$dir/server.csr");
	write_file("$dir/san.ext", 'subjectAltName = ' .
	    join(', ', map { "DNS:$_" } @HOSTS) . "\n");
	_openssl('x509', '-req', '-in', "$dir/server.csr", '-CA',
	    "$dir/ca.crt", '-CAkey', "$dir/ca.key", '-CAcreateserial',
	    '-days', '2', '-extfile', "$dir/san.ext", '-out',
	    "$dir/server.crt");
	my $pid = fork // croak "fork: $!";
	if ($pid == 0) {
		open STDOUT, '>', "$dir/server.log";
		open STDERR, '>&', \*STDOUT;
		{ exec 'node', "$ENV{WOOLLY_TEST_SRC}/t/tools/ap_peer_server.js",
		    '--cert', "$dir/server.crt", '--key', "$dir/server.key",
		    '--ports', "$dir/ports.json", '--docs', "$dir/docs" }
		POSIX::_exit(127);
	}
	my $self = bless { dir => $dir, pid => $pid, owner => $$,
	    http => HTTP::Tiny->new(timeout => 30) }, $class;
	wait_until(sub { -s "$dir/ports.json" }, 30) or
	    croak 'the peer server did not start: ' .
	    (eval { read_file("$dir/server.log") } // '');
	$self->{port} = $JSON->decode(read_file("$dir/ports.json"))->{https};
	$self->reconfigure(%conf);
	return $self;
}

# The pool's configuration: the federation keys for this server, and
# any others given (config_override starts from the original each time).
sub reconfigure {
	my ($self, %conf) = @_;
	config_override(federation_local_use => 'no',
	    federation_ca_file => "$self->{dir}/ca.crt",
	    federation_resolve => join(' ',
	    map { "$_:$self->{port}:127.0.0.1" } @HOSTS), %conf);
}

# GET path of woolly as actor would, signed (draft-cavage over
# (request-target) host date), asking for ActivityPub.
sub signed_get {
	my ($self, $actor, $path) = @_;
	my $date = http_date();
	my $text = "(request-target): get $path\nhost: " . domain() .
	    "\ndate: $date";
	my $sig = $self->_sign($actor->{key}{private}, $text);
	return $self->{http}->request('GET', base_url() . $path, { headers => {
	    Accept => 'application/activity+json', Date => $date,
	    Signature => qq{keyId="$actor->{key_id}",algorithm="rsa-sha256",} .
	    qq{headers="(request-target) host date",signature="$sig"} } });
}

sub DESTROY {
	my ($self) = @_;
	return unless $self->{pid} && $self->{owner} == $$;
	kill 'TERM', $self->{pid};
	waitpid $self->{pid}, 0;
}

sub port { return $_[0]{port} }
sub dir { return $_[0]{dir} }

sub origin {
	my ($self, $host) = @_;
	return "https://$host:$self->{port}";
}

sub _encode_path {
	my ($path) = @_;
	$path =~ s/([^A-Za-z0-9\-_.!~*'()])/sprintf('%%%02X', ord $1)/ge;
	return $path;
}

# Serve a document at https://HOST:PORT/PATH (type: its Content-Type).
sub serve {
	my ($self, $url, $doc, $type) = @_;
	my ($host, $path) = $url =~ m{\Ahttps://([^:/]+):\d+(/.*)\z} or
	    croak "not a peer URL: $url";
	my $file = "$self->{dir}/docs/$host/" . _encode_path($path);
	write_file($file, ref $doc ? $JSON->encode($doc) : $doc);
	if (defined $type) {
		write_file("$file.type", $type);
	} else {
		unlink "$file.type";
	}
}

sub unserve {
	my ($self, $url) = @_;
	my ($host, $path) = $url =~ m{\Ahttps://([^:/]+):\d+(/.*)\z};
	unlink "$self->{dir}/docs/$host/" . _encode_path($path);
}

# The requests the server saw, as lines "GET host /path signed".
sub requests {
	my ($self) = @_;
	my $f = "$self->{dir}/docs/requests.log";
	return -e $f ? split /\n/, read_file($f) : ();
}

sub new_key {
	my ($self) = @_;
	my $n = ++$self->{keys};
	my $file = "$self->{dir}/key$n.pem";
	_openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt',
	    'rsa_keygen_bits:2048', '-out', $file);
	my $public = _openssl('pkey', '-in', $file, '-pubout');
	return { private => $file, public => $public };
}

# An actor on host, served there; %opts are members of its document.
sub actor {
	my ($self, $name, $host, %opts) = @_;
	my $id = $self->origin($host) . "/users/$name";
	my $key = $self->new_key;
	my $actor = { name => $name, host => $host, id => $id,
	    key_id => "$id#main-key", key => $key };
	$actor->{doc} = {
		'@context' => ['https://www.w3.org/ns/activitystreams',
		    'https://w3id.org/security/v1'],
		id => $id,
		type => 'Person',
		preferredUsername => $name,
		name => "\u$name",
		summary => "<p>I am $name.</p>",
		url => $self->origin($host) . "/\@$name",
		inbox => "$id/inbox",
		outbox => "$id/outbox",
		followers => "$id/followers",
		following => "$id/following",
		endpoints => { sharedInbox => $self->origin($host) . '/inbox' },
		manuallyApprovesFollowers => JSON::PP::false,
		publicKey => { id => "$id#main-key", owner => $id,
		    publicKeyPem => $key->{public} },
		%opts,
	};
	$self->serve($id, $actor->{doc});
	return $actor;
}

# Give an actor a new key and serve it (the old one signs no more).
sub rotate_key {
	my ($self, $actor) = @_;
	$actor->{key} = $self->new_key;
	$actor->{doc}{publicKey}{publicKeyPem} = $actor->{key}{public};
	$self->serve($actor->{id}, $actor->{doc});
}

sub http_date {
	my ($t) = @_;
	my @days = qw(Sun Mon Tue Wed Thu Fri Sat);
	my @months = qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec);
	my @g = gmtime($t // time);
	return sprintf('%s, %02d %s %04d %02d:%02d:%02d GMT', $days[$g[6]],
	    $g[3], $months[$g[4]], $g[5] + 1900, $g[2], $g[1], $g[0]);
}

sub _sign {
	my ($self, $key_file, $text) = @_;
	my $in = "$self->{dir}/signing-string";
	write_file($in, $text);
	my $sig = _openssl('dgst', '-sha256', '-sign', $key_file,
	    '-binary', $in);
	return encode_base64($sig, '');
}

# POST an activity (a hash, or raw text) to path, signed by actor.
# Options: date (a Date value), digest (a Digest value; undef: none),
# key (another key file), key_id, headers (the signed list), no_signature,
# body_for_digest (the digest of other bytes), content_type, host (the
# Host sent and signed; this instance's domain by default), extra
# headers.
sub deliver {
	my ($self, $actor, $path, $activity, %o) = @_;
	my $body = ref $activity ? $JSON->encode($activity) : $activity;
	my $host = $o{host} // domain();
	my $date = exists $o{date} ? $o{date} : http_date();
	my $digest = exists $o{digest} ? $o{digest} : 'SHA-256=' .
	    _pad(sha256_base64($o{body_for_digest} // $body));
	my %h = (
		'Content-Type' => $o{content_type} // 'application/activity+json',
		'Accept' => 'application/activity+json',
	);
	$h{Date} = $date if defined $date;
	$h{Digest} = $digest if defined $digest;
	my @names = @{ $o{headers} // ['(request-target)', 'host', 'date',
	    defined $digest ? ('digest') : ()] };
	my %value = ('(request-target)' => 'post ' . $path, host => $host,
	    date => $date, digest => $digest);
	my $text = join("\n", map { "$_: " . ($value{$_} // '') } @names);
	my $key_id = $o{key_id} // $actor->{key_id};
	unless ($o{no_signature}) {
		my $sig = $self->_sign($o{key} // $actor->{key}{private}, $text);
		$h{Signature} = qq{keyId="$key_id",algorithm="rsa-sha256",} .
		    qq{headers="@names",signature="$sig"};
	}
	%h = (%h, %{ $o{extra} || {} });
	my $res = defined $o{host} ?
	    _post_with_host($o{host}, $path, \%h, $body) :
	    $self->{http}->request('POST', base_url() . $path,
	    { headers => \%h, content => $body });
	$res->{json} = eval { $JSON->decode($res->{content}) };
	return $res;
}

# HTTP::Tiny will not send a Host of our choosing; curl will.
sub _post_with_host {
	my ($host, $path, $headers, $body) = @_;
	my ($rc, $out) = run_command(['curl', '-sS', '-X', 'POST',
	    '-H', "Host: $host", (map { ('-H', "$_: $headers->{$_}") }
	    sort keys %$headers), '--data-binary', '@-',
	    '-w', '\n%{http_code} %{content_type}', base_url() . $path],
	    $body);
	my ($content, $status, $type) =
	    $out =~ /\A(.*)\n(\d+) ([^\n]*)\z/s or return { status => 599 };
	return { status => $status, content => $content,
	    headers => { 'content-type' => $type } };
}

sub _pad {
	my ($b64) = @_;
	$b64 .= '=' while length($b64) % 4;
	return $b64;
}

# Run cron/woolly-inbox once over what is due: (exit code, stderr).
sub process {
	my ($self) = @_;
	my ($rc, $out, $err) = run_command(
	    ["$ENV{WOOLLY_TEST_BUILD}/cron/woolly-inbox", '-1', '-c',
	    $ENV{WOOLLY_TEST_CONF}]);
	return wantarray ? ($rc, $err) : $rc;
}

1;
