package Woolly::Test;

# Woolly::Test: what every integration test of woolly uses to talk to the
# throwaway stack that `./dev test` starts: an HTTP client with a cookie
# jar, sign-up and sign-in helpers, direct SQL, the admin CLI, the pool's
# processes, and JSON Schema checks against the Mastodon OpenAPI document.
# Core Perl modules only. The stack is described by the WOOLLY_TEST_*
# variables that ./dev test exports; without them the run stops.
# Federation tests talk to two more instances, the twins B and C, over
# TLS: see "the twin instances" below (use Woolly::Test qw(:twin)).
#
#   use Test::More;
#   use Woolly::Test;
#
#   my $c = client();
#   my $res = $c->get('/api/v1/instance');
#   is($res->{status}, 200, 'instance answers');
#   ok_schema('V1Instance', $res, 'instance is a V1Instance');
#   my ($id) = psql("SELECT id FROM accounts WHERE username = :'1'", 'bob');

use strict;
use warnings;

use B ();
use Carp qw(croak);
use Cwd qw(abs_path);
use Exporter ();
use File::Basename qw(dirname);
use File::Spec;
use File::Temp qw(tempfile);
use HTTP::Tiny;
use JSON::PP ();
use POSIX qw(_exit);
use Test::More ();
use Time::HiRes qw(sleep time);

our @EXPORT = qw(
	base_url domain client csrf_from unique_name
	sign_up sign_in new_user TEST_PASSWORD
	psql woollyctl run_command
	validate_schema ok_schema json_of
	pool_pid worker_pids pg_restart pg_stop pg_start wait_until
	is_json_string account_id_of links not_found_ok post_status_id
	delete_status
	last_status_id fastcgi_request
	api_token api_user
);

use constant TEST_PASSWORD => 'correct-horse-battery-staple-9';

my $SRC = $ENV{WOOLLY_TEST_SRC} ||
    abs_path(File::Spec->catdir(dirname(__FILE__), '..', '..', '..'));

# Without a stack nothing can be tested, and a test that silently skips
# proves nothing: stop the whole run with the way to do it right.
unless ($ENV{WOOLLY_TEST_URL}) {
	Test::More::BAIL_OUT(
	    'WOOLLY_TEST_URL is not set: run the tests with ./dev test');
}

# The instance the helpers below work on: A, unless a method of a twin
# (Woolly::Test::Instance) has set another for the length of its call.
# Each reads its stack's settings through _setting: WOOLLY_TEST_KEY for
# A, WOOLLY_TEST_B_KEY for twin b.
our $INSTANCE;

sub _setting {
	my ($key) = @_;
	my $prefix = $INSTANCE ? $INSTANCE->{prefix} : 'WOOLLY_TEST_';
	return $ENV{"$prefix$key"};
}

# The instance's own base URL and domain (https://b.woolly.test:PORT for
# a twin), as its pages and JSON name it.
sub base_url { return _setting('URL') }
sub domain   { return _setting('DOMAIN') }

# Where this machine reaches the instance with plain http: the base URL
# for A, the twin's plain-http port for a twin (HTTP::Tiny has no TLS
# here).
sub http_url { return _setting('HTTP_URL') // _setting('URL') }

my $JSON = JSON::PP->new->utf8->canonical->allow_nonref;

# The decoded JSON body of a response (or of a JSON string); undef when it
# is not JSON.
sub json_of {
	my ($res_or_text) = @_;
	my $text = ref $res_or_text eq 'HASH' ? $res_or_text->{content} :
	    $res_or_text;
	return undef unless defined $text && length $text;
	my $data = eval { $JSON->decode($text) };
	return $data;
}

# An HTTP client for the stack: no redirects followed, cookies kept.
# Options: token => bearer token sent as Authorization on every request,
# headers => {default headers}, local_address => source address.
sub client {
	my (%opts) = @_;
	return Woolly::Test::Client->new(%opts);
}

# The authenticity_token of the first form in a page.
sub csrf_from {
	my ($html) = @_;
	return undef unless defined $html;
	for my $input ($html =~ /(<input\b[^>]*>)/gis) {
		next unless $input =~ /\bname\s*=\s*["']authenticity_token["']/i;
		return _html_unescape($1)
		    if $input =~ /\bvalue\s*=\s*"([^"]*)"/i ||
		    $input =~ /\bvalue\s*=\s*'([^']*)'/i;
	}
	return undef;
}

sub _html_unescape {
	my ($s) = @_;
	my %named = (amp => '&', lt => '<', gt => '>', quot => '"',
	    apos => "'");
	$s =~ s{&(?:#(\d+)|#x([0-9a-fA-F]+)|(\w+));}{
		defined $1 ? chr($1) : defined $2 ? chr(hex $2) :
		    exists $named{$3} ? $named{$3} : "&$3;"}ge;
	return $s;
}

# A user name no other test of this run uses: [a-z0-9_], at most 30
# characters, from the prefix, the pid and a counter.
my $name_counter = 0;

sub unique_name {
	my ($prefix) = @_;
	$prefix = 'u' unless defined $prefix && length $prefix;
	$prefix = lc $prefix;
	$prefix =~ s/[^a-z0-9_]//g;
	$prefix = 'u' unless length $prefix;
	my $suffix = sprintf('_%x_%s', $$, _base36(++$name_counter));
	$prefix = substr($prefix, 0, 30 - length $suffix);
	return $prefix . $suffix;
}

sub _base36 {
	my ($n) = @_;
	my $s = '';
	do {
		$s = substr('0123456789abcdefghijklmnopqrstuvwxyz', $n % 36, 1) . $s;
		$n = int($n / 36);
	} while ($n > 0);
	return $s;
}

# Sign up through the web form. Options: email, password,
# password_confirmation, authenticity_token (undef to leave it out),
# fields => {more form fields}. Returns the POST response (303 to /home
# on success).
sub sign_up {
	my ($client, $username, %opts) = @_;
	my $password = exists $opts{password} ? $opts{password} :
	    TEST_PASSWORD;
	my $form = $client->get('/auth/sign_up');
	my $token = exists $opts{authenticity_token} ?
	    $opts{authenticity_token} : csrf_from($form->{content});
	my @fields = (
		username => $username,
		email => exists $opts{email} ? $opts{email} :
		    "$username\@example.com",
		password => $password,
		password_confirmation => exists $opts{password_confirmation} ?
		    $opts{password_confirmation} : $password,
	);
	push @fields, authenticity_token => $token if defined $token;
	push @fields, %{ $opts{fields} } if $opts{fields};
	return $client->post_form('/auth/sign_up', \@fields);
}

# Sign in through the web form ($login is a user name or an e-mail).
# Returns the POST response.
sub sign_in {
	my ($client, $login, $password, %opts) = @_;
	$password = TEST_PASSWORD unless defined $password;
	my $form = $client->get('/auth/sign_in');
	my $token = exists $opts{authenticity_token} ?
	    $opts{authenticity_token} : csrf_from($form->{content});
	my @fields = (username => $login, password => $password);
	push @fields, authenticity_token => $token if defined $token;
	return $client->post_form('/auth/sign_in', \@fields);
}

# A freshly signed-up user, signed in: returns ($client, $username,
# $password). Dies (failing the test) if sign-up does not succeed.
sub new_user {
	my (%opts) = @_;
	my $username = $opts{username} || unique_name($opts{prefix} || 'user');
	my $client = client();
	my $res = sign_up($client, $username, %opts);
	croak "sign_up($username) answered $res->{status}, not 303: " .
	    substr($res->{content} // '', 0, 500)
	    unless $res->{status} == 303;
	return ($client, $username, $opts{password} // TEST_PASSWORD);
}

# A bearer token for a user (by user name) with the given scopes (default
# "read write follow push"), made directly in the database as the token
# endpoint would make it (only its SHA-256 is stored), under a test
# application. For tests of the API itself; the OAuth flows have their
# own tests. Returns the token text.
sub api_token {
	my ($username, $scopes) = @_;
	$scopes //= 'read write follow push';
	my $token = unique_name('tok') . join('', map {
	    ('A' .. 'Z', 'a' .. 'z', 0 .. 9)[rand 62] } 1 .. 32);
	$token =~ tr/a-zA-Z0-9//cd;
	my ($app) = psql(<<'SQL');
INSERT INTO oauth_applications (name, redirect_uris, scopes, client_id,
    client_secret_hash)
VALUES ('woolly tests', '{urn:ietf:wg:oauth:2.0:oob}',
    'read write follow push profile admin:read admin:write',
    'woolly-tests', sha256('woolly-tests'))
ON CONFLICT (client_id) DO UPDATE SET name = EXCLUDED.name
RETURNING id
SQL
	my $user_sql = defined $username ?
	    "(SELECT u.id FROM users u JOIN accounts a ON a.id = u.account_id " .
	    "WHERE a.domain IS NULL AND lower(a.username) = lower(:'2'))" :
	    'NULL';
	psql("INSERT INTO oauth_access_tokens (application_id, user_id, " .
	    "token_hash, scopes) VALUES (:'1', $user_sql, " .
	    "sha256(convert_to(:'3', 'UTF8')), :'4')",
	    $app, $username // '', $token, $scopes);
	return $token;
}

# A new user and an API client holding a token for them: returns
# ($api_client, $username, $web_client). Options: scopes, and those of
# new_user.
sub api_user {
	my (%opts) = @_;
	my ($web, $username) = new_user(%opts);
	my $api = client(token => api_token($username, $opts{scopes}));
	return ($api, $username, $web);
}

# Run a command; returns (exit code, stdout, stderr). Optional stdin text.
sub run_command {
	my ($cmd, $stdin) = @_;
	my %file;
	for my $which (qw(in out err)) {
		my ($fh, $name) = tempfile("woolly-$which-XXXXXX", TMPDIR => 1,
		    UNLINK => 0);
		if ($which eq 'in') {
			binmode $fh;
			print {$fh} $stdin if defined $stdin;
		}
		close $fh;
		$file{$which} = $name;
	}

	my $pid = fork;
	unless (defined $pid) {
		unlink values %file;
		croak "fork: $!";
	}
	if ($pid == 0) {
		open STDIN, '<', $file{in} or _exit(127);
		open STDOUT, '>', $file{out} or _exit(127);
		open STDERR, '>', $file{err} or _exit(127);
		{ no warnings 'exec'; exec { $cmd->[0] } @$cmd; }
		print STDERR "cannot run $cmd->[0]: $!\n";
		_exit(127);
	}
	waitpid($pid, 0);
	my $status = $?;
	my $code = $status & 127 ? 128 + ($status & 127) : $status >> 8;
	my %text;
	for my $which (qw(out err)) {
		$text{$which} = '';
		if (open my $fh, '<', $file{$which}) {
			binmode $fh;
			local $/;
			my $s = <$fh>;
			$text{$which} = $s if defined $s;
			close $fh;
		}
	}
	unlink values %file;
	return ($code, $text{out}, $text{err});
}

# Run SQL against the test database, as the woolly role. Values are never
# pasted into the SQL: positional arguments become psql variables 1, 2,
# ... and are referenced as :'1' (quoted literal) or :"1" (identifier).
# A hash reference as the only argument gives named variables instead
# (:'name'). Returns the result rows ('|'-separated columns) as a list,
# or the first row in scalar context. Dies on any SQL error.
sub psql {
	my ($sql, @args) = @_;
	my $db = _setting('DB') or croak 'WOOLLY_TEST_DB is not set';
	my @vars;
	if (@args == 1 && ref $args[0] eq 'HASH') {
		my $named = $args[0];
		@vars = map { ('-v', "$_=$named->{$_}") } sort keys %$named;
	} else {
		for my $i (0 .. $#args) {
			croak 'psql: undefined argument ' . ($i + 1)
			    unless defined $args[$i];
			push @vars, '-v', ($i + 1) . "=$args[$i]";
		}
	}
	# Variables are only interpolated in SQL read from stdin, not -c.
	my ($code, $out, $err) = run_command(['psql', '-X', '-A', '-t', '-q',
	    '-v', 'ON_ERROR_STOP=1', @vars, '-d', $db], $sql);
	croak "psql failed (exit $code): $err\nSQL: $sql" if $code != 0;
	_invalidate_pages() unless $sql =~ /\A\s*SELECT\b/i;
	my @rows = split /\n/, $out;
	return wantarray ? @rows : $rows[0];
}

# SQL run by hand bypasses the application, which is what tells the page
# cache that content changed (sql/0020 tells only the connection that
# wrote): move the local content generation, which every cached page
# depends on, ourselves, as an administrator changing data by hand would
# have to. Quietly does nothing while memcached is down (then nothing is
# cached either).
sub _invalidate_pages {
	my $addr = _setting('MEMCACHED') or return;
	require IO::Socket::INET;
	my $s = IO::Socket::INET->new(PeerAddr => $addr, Proto => 'tcp',
	    Timeout => 2) or return;
	print {$s} "incr woolly:generation 1\r\n";
	eval {
		local $SIG{ALRM} = sub { die "timeout\n" };
		alarm 2;
		my $reply = <$s>;
		alarm 0;
	};
	alarm 0;
	close $s;
	return;
}

# Run the built woollyctl with the test configuration: returns
# (exit code, stdout, stderr).
sub woollyctl {
	my (@args) = @_;
	my $build = $ENV{WOOLLY_TEST_BUILD} or croak 'WOOLLY_TEST_BUILD is not set';
	local $ENV{WOOLLY_SQL_DIR} = $ENV{WOOLLY_SQL_DIR} || "$SRC/sql";
	return run_command(["$build/cli/woollyctl", '-c',
	    _setting('CONF'), @args]);
}

sub _openapi_path {
	return $ENV{WOOLLY_OPENAPI} ||
	    File::Spec->catfile($SRC, 't', 'spec',
	    'mastodon-openapi.schema.json');
}

# Validate JSON against components.schemas.NAME of the Mastodon OpenAPI
# document. $data may be JSON text, a decoded structure, or an HTTP::Tiny
# response (its body is used). NAME is one entity: an array fails, so a
# list (or []) never passes for a Status. "Status[]" is a list of them,
# checked item by item, and must not be empty: an empty list would pass
# for anything. Returns (1, '') or (0, readable errors).
# Pass JSON text when you have it: Perl cannot always tell 1 from "1".
sub validate_schema {
	my ($name, $data) = @_;
	my $text;
	if (ref $data eq 'HASH' && exists $data->{status} &&
	    exists $data->{content} && exists $data->{headers}) {
		$text = $data->{content};
	} elsif (ref $data) {
		$text = $JSON->encode($data);
	} else {
		$text = $data;
	}
	$text = '' unless defined $text;
	my @args;
	push @args, '--array' if $name =~ s/\[\]\z//;
	my $script = File::Spec->catfile($SRC, 't', 'tools', 'validate.js');
	my ($code, $out, $err) = run_command(['node', $script, '--spec',
	    _openapi_path(), @args, $name], $text);
	return (1, '') if $code == 0;
	return (0, $out) if $code == 1;
	croak "validate.js $name failed (exit $code): $err$out";
}

# Test::More: the data is a valid NAME; diag the errors otherwise.
sub ok_schema {
	my ($name, $data, $test_name) = @_;
	$test_name = "valid $name" unless defined $test_name;
	my ($ok, $errors) = validate_schema($name, $data);
	my $tb = Test::More->builder;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	$tb->ok($ok, $test_name) or $tb->diag($errors);
	return $ok;
}

# The pid of the pool's master process.
sub pool_pid {
	return _setting('POOL_PID');
}

# The pids of the pool's workers: the master's children, from /proc.
sub worker_pids {
	my $master = shift // pool_pid();
	croak 'no pool pid' unless $master;
	my @kids;
	opendir my $dh, '/proc' or croak "/proc: $!";
	for my $pid (grep { /\A\d+\z/ } readdir $dh) {
		open my $fh, '<', "/proc/$pid/stat" or next;
		my $stat = <$fh>;
		close $fh;
		next unless defined $stat;
		# The command name is in parentheses and may hold anything.
		my ($rest) = $stat =~ /\)\s+(.*)\z/s or next;
		my ($state, $ppid) = split ' ', $rest;
		push @kids, $pid + 0 if $ppid == $master && $state ne 'Z';
	}
	closedir $dh;
	@kids = sort { $a <=> $b } @kids;
	return @kids;
}

# Restart PostgreSQL (fast shutdown) and wait until it accepts
# connections again: for tests of the pool's reconnection.
sub pg_restart {
	my ($bin, $data) = @ENV{qw(WOOLLY_TEST_PGBIN WOOLLY_TEST_PGDATA)};
	croak 'WOOLLY_TEST_PGBIN/WOOLLY_TEST_PGDATA are not set'
	    unless $bin && $data;
	my $log = $ENV{WOOLLY_TEST_PGLOG} ||
	    "$ENV{WOOLLY_TEST_DIR}/log/postgresql.log";
	my @as_postgres = $> == 0 ? ('runuser', '-u', 'postgres', '--') : ();
	my ($code, $out, $err) = run_command([@as_postgres, "$bin/pg_ctl",
	    '-D', $data, '-l', $log, '-m', 'fast', '-w', '-t', '60',
	    'restart']);
	croak "pg_ctl restart failed (exit $code): $out$err" if $code != 0;
	my $ready = wait_until(sub {
		my ($c) = run_command(['psql', '-X', '-A', '-t', '-q', '-d',
		    $ENV{WOOLLY_TEST_DB}], 'SELECT 1');
		return $c == 0;
	}, 30);
	croak 'PostgreSQL did not come back within 30 s' unless $ready;
	return 1;
}

# Call $code every 0.1 s until it returns true or $timeout seconds pass
# (default 10). Returns the true value, or false on timeout.
sub wait_until {
	my ($code, $timeout) = @_;
	$timeout = 10 unless defined $timeout;
	my $deadline = time + $timeout;
	while (1) {
		my $v = $code->();
		return $v if $v;
		return 0 if time >= $deadline;
		sleep 0.1;
	}
}


# --- helpers shared by the API and page tests -----------------------

# True when a decoded JSON value was a string (ids must be), not a number.
sub is_json_string {
	my ($v) = @_;
	return 0 unless defined $v && !ref $v;
	my $flags = B::svref_2object(\$v)->FLAGS;
	return ($flags & B::SVp_POK) && !($flags & (B::SVp_IOK | B::SVp_NOK));
}

# The id of a local account, by username.
sub account_id_of {
	my ($username) = @_;
	return scalar psql(q{SELECT id FROM accounts
	    WHERE lower(username) = lower(:'1') AND domain IS NULL}, $username);
}

# rel => URL from a Link header.
sub links {
	my ($res) = @_;
	my $h = $res->{headers}{link};
	return {} unless defined $h;
	$h = join ', ', @$h if ref $h;
	my %l;
	$l{$2} = $1 while $h =~ /<([^>]+)>\s*;\s*rel="([^"]+)"/g;
	return \%l;
}

# A 404 with Mastodon's {"error": "Record not found"}.
sub not_found_ok {
	my ($res, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	Test::More::is($res->{status}, 404, "$what: 404");
	Test::More::is_deeply(json_of($res), { error => 'Record not found' },
	    "$what: {\"error\": \"Record not found\"}");
}

# Post through the web form (fields status, visibility, spoiler_text,
# in_reply_to_id); returns the new status id, read from the database since
# the form answers with a redirect. Dies unless the post is accepted.
sub post_status_id {
	my ($client, $username, %f) = @_;
	my $home = $client->get('/home');
	my $res = $client->post_form('/statuses', [
	    status => $f{status},
	    visibility => $f{visibility} // 'public',
	    spoiler_text => $f{spoiler_text} // '',
	    (defined $f{in_reply_to_id} ?
	        (in_reply_to_id => $f{in_reply_to_id}) : ()),
	    authenticity_token => csrf_from($home->{content}),
	]);
	die "posting answered $res->{status}: " .
	    substr($res->{content} // '', 0, 300) . "\n"
	    unless $res->{status} == 303;
	return scalar psql(q{SELECT s.id FROM statuses s
	    JOIN accounts a ON a.id = s.account_id
	    WHERE lower(a.username) = lower(:'1') AND a.domain IS NULL
	    ORDER BY s.id DESC LIMIT 1}, $username);
}

# Delete a status through the web form; returns the response.
sub delete_status {
	my ($client, $username, $id) = @_;
	my $home = $client->get('/home');
	return $client->post_form("/\@$username/$id/delete",
	    [authenticity_token => csrf_from($home->{content})]);
}

# The id of the newest status of a user.
sub last_status_id {
	my ($name) = @_;
	return scalar psql(q{SELECT max(s.id) FROM statuses s JOIN accounts a
	    ON a.id = s.account_id WHERE a.username = :'1'}, $name);
}

# One request straight to the FastCGI pool, past nginx (which refuses
# some requests before woolly could, and always passes its own
# REMOTE_ADDR): a minimal FastCGI client. The environment is given as
# name => value pairs; a `_body` entry is sent as the request body (set
# CONTENT_TYPE and CONTENT_LENGTH yourself). Returns {status, headers,
# content}, with Set-Cookie lines as a list under `set_cookie`, or undef
# when the socket is not known.
sub fastcgi_request {
	my (%env) = @_;
	my $body = delete $env{_body} // '';
	my $path;
	open my $fh, '<', _setting('CONF') or return undef;
	while (<$fh>) { $path = $1 if /\A\s*fastcgi_socket\s*=\s*(\S+)/ }
	close $fh;
	return undef unless $path && -S $path;
	require IO::Socket::UNIX;
	my $s = IO::Socket::UNIX->new(Peer => $path) or return undef;
	my $record = sub {
		my ($type, $content) = @_;
		my $pad = (8 - length($content) % 8) % 8;
		return pack('CCnnCC', 1, $type, 1, length $content, $pad, 0) .
		    $content . ("\0" x $pad);
	};
	my $len = sub {
		my ($n) = @_;
		return $n < 128 ? pack('C', $n) : pack('N', $n | 0x80000000);
	};
	local $SIG{ALRM} = sub { die "no answer from the FastCGI pool\n" };
	alarm 30;
	my $params = join '', map { $len->(length $_) .
	    $len->(length $env{$_}) . $_ . $env{$_} } sort keys %env;
	my $stdin = '';
	for (my $off = 0; $off < length $body; $off += 32768) {
		$stdin .= $record->(5, substr($body, $off, 32768));
	}
	print {$s} $record->(1, pack('nCx5', 1, 0)),	# BEGIN_REQUEST, responder
	    $record->(4, $params), $record->(4, ''), $stdin, $record->(5, '');
	my $out = '';
	while (read($s, my $head, 8) == 8) {
		my (undef, $type, undef, $clen, $plen) = unpack('CCnnC', $head);
		my $content = '';
		read($s, $content, $clen) if $clen;
		read($s, my $pad, $plen) if $plen;
		$out .= $content if $type == 6;	# STDOUT
		last if $type == 3;		# END_REQUEST
	}
	alarm 0;
	close $s;
	my ($head, $rest) = split /\r\n\r\n/, $out, 2;
	my (%h, @cookies);
	for (split /\r\n/, $head // '') {
		next unless /\A([^:\s]+):\s*(.*)\z/;
		$h{ lc $1 } = $2;
		push @cookies, $2 if lc $1 eq 'set-cookie';
	}
	my ($status) = ($h{status} // '200') =~ /\A(\d{3})/;
	return { status => $status, headers => \%h, content => $rest // '',
	    set_cookie => \@cookies };
}

# --- the browser's part of the OAuth authorization-code flow -------------

push @EXPORT, qw(oauth_authorize_code html_form_fields);

# The fields of the first form in a page that posts to $action, as
# name => value pairs in page order (hidden and filled-in inputs alike);
# undef when the page has no such form.
sub html_form_fields {
	my ($html, $action) = @_;
	return undef unless defined $html;
	while ($html =~ m{(<form\b[^>]*>)(.*?)</form>}gis) {
		my ($tag, $body) = ($1, $2);
		my $to = _attribute($tag, 'action');
		next unless defined $to && $to eq $action;
		my @fields;
		for my $input ($body =~ /(<input\b[^>]*>)/gis) {
			my $name = _attribute($input, 'name');
			next unless defined $name;
			push @fields, $name => _attribute($input, 'value') // '';
		}
		return \@fields;
	}
	return undef;
}

sub _attribute {
	my ($tag, $name) = @_;
	return _html_unescape(defined $1 ? $1 : $2)
	    if $tag =~ /\s\Q$name\E\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
	return undef;
}

# Play the person at the browser for an app that sent them to $url (the
# app's /oauth/authorize URL, as it built it): sign in through woolly's
# form on the way, then approve on the consent page. Returns a hash:
# code (from the redirect's query, or read off the out-of-band page),
# state (as sent back), location (the redirect, if any). Croaks, saying
# where, when a page is not what a browser would meet.
sub oauth_authorize_code {
	my ($url, $username, $password) = @_;
	$password //= TEST_PASSWORD;
	my $browser = client();
	my $res = $browser->get($url);
	if ($res->{status} == 303) {
		my $to = $res->{headers}{location} // '';
		croak "authorize sent a signed-out visitor to $to, not sign-in"
		    unless $to =~ m{\A(?:\Q${\ base_url() }\E)?/auth/sign_in\b};
		my $form = $browser->get($to);
		my $fields = html_form_fields($form->{content}, '/auth/sign_in')
		    or croak "no sign-in form at $to ($form->{status})";
		my %f = @$fields;
		croak 'the sign-in form has no authenticity_token'
		    unless length($f{authenticity_token} // '');
		$f{username} = $username;
		$f{password} = $password;
		$res = $browser->post_form('/auth/sign_in', [%f]);
		croak "signing in answered $res->{status}, not 303"
		    unless $res->{status} == 303;
		$res = $browser->get($res->{headers}{location});
	}
	croak "the consent page answered $res->{status}: " .
	    substr($res->{content} // '', 0, 300) unless $res->{status} == 200;
	my $approve = html_form_fields($res->{content}, '/oauth/authorize')
	    or croak 'the consent page has no approve form';
	$res = $browser->post_form('/oauth/authorize', $approve);
	if ($res->{status} == 302) {
		my $location = $res->{headers}{location} // '';
		my %q = _query_params($location);
		croak "approving redirected without a code: $location"
		    unless defined $q{code};
		return { code => $q{code}, state => $q{state},
		    location => $location };
	}
	croak "approving answered $res->{status}, not a redirect or a page"
	    unless $res->{status} == 200;
	my ($code) = $res->{content} =~ /<input\b[^>]*\bid="code"[^>]*>/
	    ? _attribute($&, 'value') : ();
	croak 'the out-of-band page shows no code' unless length($code // '');
	return { code => $code, state => undef, location => undef };
}

sub _query_params {
	my ($url) = @_;
	my ($q) = $url =~ /\?([^#]*)/ or return ();
	my %p;
	for (split /&/, $q) {
		my ($k, $v) = map {
			(my $s = $_ // '') =~ tr/+/ /;
			$s =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
			$s;
		} split /=/, $_, 2;
		$p{$k} = $v;
	}
	return %p;
}

# --- configuration reloads and memcached outages -----------------------

push @EXPORT, qw(config_override config_restore read_file write_file
    memcached_request memcached_counter memcached_pid memcached_stop
    memcached_start);

# The whole of a file, and writing one whole: croak on any error.
sub read_file {
	my ($path) = @_;
	open my $fh, '<', $path or croak "$path: $!";
	local $/;
	my $text = <$fh>;
	close $fh;
	return $text;
}

sub write_file {
	my ($path, $text) = @_;
	open my $fh, '>', $path or croak "$path: $!";
	print {$fh} $text;
	close $fh or croak "$path: $!";
}

# SIGHUP the pool and wait until a whole new generation of workers (which
# read the configuration afresh) has replaced the old one.
sub _pool_reload {
	my @before = worker_pids();
	kill 'HUP', pool_pid() or croak 'cannot signal the pool: ' . $!;
	return wait_until(sub {
		my @now = worker_pids();
		return @now == @before &&
		    !grep { my $o = $_; grep { $_ == $o } @before } @now;
	}, 20);
}

# Run the pool with some keys of the test woolly.conf changed (appended
# lines win over earlier ones): config_override(login_window => 10).
# Each call starts again from the original file. Croaks unless the pool
# reloads. The original file and configuration come back with
# config_restore(), or by themselves when the test file ends, however it
# ends. Each instance's file is kept apart: twin('b')->config_override
# changes B only.
my %config_original;	# conf path => {text, owner pid, instance}

sub config_override {
	my (%set) = @_;
	my $conf = _setting('CONF') or croak 'WOOLLY_TEST_CONF is not set';
	$config_original{$conf} //= { text => read_file($conf), owner => $$,
	    instance => $INSTANCE };
	write_file($conf, $config_original{$conf}{text} .
	    "\n# config_override\n" .
	    join('', map { "$_ = $set{$_}\n" } sort keys %set));
	_pool_reload() or croak 'the pool did not reload the configuration';
	return 1;
}

sub config_restore {
	my $conf = _setting('CONF') or croak 'WOOLLY_TEST_CONF is not set';
	my $saved = $config_original{$conf};
	return 1 unless $saved && $saved->{owner} == $$;
	write_file($conf, $saved->{text});
	delete $config_original{$conf};
	_pool_reload() or croak 'the pool did not reload the configuration';
	return 1;
}

END {
	local ($?, $@);
	for my $conf (sort keys %config_original) {
		my $saved = $config_original{$conf};
		next unless $saved->{owner} == $$;
		local $INSTANCE = $saved->{instance};
		eval { config_restore(); 1 } or
		    print STDERR "# $conf was not restored: $@";
	}
}

# One command to the test stack's memcached (with its data block for
# set and add); its answer, up to the line that ends it. undef if memcached
# cannot be reached or does not answer within 3 s.
sub memcached_request {
	my ($cmd, $data) = @_;
	my $addr = _setting('MEMCACHED') or croak 'WOOLLY_TEST_MEMCACHED is not set';
	require IO::Socket::INET;
	my $s = IO::Socket::INET->new(PeerAddr => $addr, Proto => 'tcp',
	    Timeout => 3) or return undef;
	print {$s} "$cmd\r\n" . (defined $data ? "$data\r\n" : '');
	my $out = '';
	my $ok = eval {
		local $SIG{ALRM} = sub { die "timeout\n" };
		alarm 3;
		while (my $line = <$s>) {
			$out .= $line;
			last if $line =~ /\A(?:END|STORED|NOT_STORED|EXISTS|DELETED|NOT_FOUND|OK|BUSY.*|VERSION .*|\d+|ERROR|CLIENT_ERROR.*|SERVER_ERROR.*)\r\n\z/;
		}
		alarm 0;
		1;
	};
	alarm 0;
	close $s;
	return $ok && length $out ? $out : undef;
}

# A counter as memcached holds it (woolly's keys start with "woolly:");
# undef when it is absent.
sub memcached_counter {
	my ($key) = @_;
	my $out = memcached_request("get $key") // return undef;
	return $out =~ /\AVALUE \S+ \d+ \d+\r\n(.*?)\r\n/s ? $1 + 0 : undef;
}

sub _memcached_pidfile {
	return _setting('DIR') . '/run/memcached/memcached.pid';
}

# The pid of the test stack's memcached, or undef when it does not run.
sub memcached_pid {
	open my $fh, '<', _memcached_pidfile() or return undef;
	my $pid = <$fh>;
	close $fh;
	return undef unless defined $pid && $pid =~ /\A(\d+)\s*\z/;
	return kill(0, $1) ? $1 : undef;
}

# Stop the test stack's memcached (everything it held is lost).
sub memcached_stop {
	my $pid = memcached_pid() or croak 'memcached does not run';
	kill 'TERM', $pid or croak "kill $pid: $!";
	wait_until(sub { !kill(0, $pid) }, 10) or croak 'memcached did not stop';
	unlink _memcached_pidfile();
	return 1;
}

# Start it again, empty, the way ./dev does; return once it answers and
# the workers, which leave a failed server alone for 2 s (libmemcached's
# retry timeout), will try it again.
sub memcached_start {
	return 1 if memcached_pid();
	my ($port) = (_setting('MEMCACHED') // '') =~ /:(\d+)\z/
	    or croak 'WOOLLY_TEST_MEMCACHED has no port';
	my ($code, $out, $err) = run_command(['memcached', '-d', '-u', 'nobody',
	    '-l', '127.0.0.1', '-p', $port, '-U', '0', '-m', '64', '-c', '512',
	    '-P', _memcached_pidfile()]);
	croak "memcached did not start: $out$err" if $code != 0;
	wait_until(sub { (memcached_request('version') // '') =~ /\AVERSION/ },
	    10) or croak 'memcached does not answer';
	sleep 3;
	return 1;
}

# Stop PostgreSQL (fast shutdown, which cuts every connection) and start
# it again, as pg_restart() does in one go: for tests of what the pool
# answers while the database is down. pg_start waits until it accepts
# connections.
sub _pg_ctl {
	my (@args) = @_;
	my ($bin, $data) = @ENV{qw(WOOLLY_TEST_PGBIN WOOLLY_TEST_PGDATA)};
	croak 'WOOLLY_TEST_PGBIN/WOOLLY_TEST_PGDATA are not set'
	    unless $bin && $data;
	my @as_postgres = $> == 0 ? ('runuser', '-u', 'postgres', '--') : ();
	my ($code, $out, $err) = run_command([@as_postgres, "$bin/pg_ctl",
	    '-D', $data, '-w', '-t', '60', @args]);
	croak "pg_ctl @args failed (exit $code): $out$err" if $code != 0;
	return 1;
}

sub pg_stop {
	return _pg_ctl('-m', 'fast', 'stop');
}

sub pg_start {
	my $log = $ENV{WOOLLY_TEST_PGLOG} ||
	    "$ENV{WOOLLY_TEST_DIR}/log/postgresql.log";
	_pg_ctl('-l', $log, 'start');
	wait_until(sub {
		my ($c) = run_command(['psql', '-X', '-A', '-t', '-q', '-d',
		    $ENV{WOOLLY_TEST_DB}], 'SELECT 1');
		return $c == 0;
	}, 30) or croak 'PostgreSQL did not accept connections within 30 s';
	return 1;
}

# --- the twin instances: federation between B and C ---------------------
#
# Federation is tested between two instances besides A: the twins B and
# C, on the domains b.woolly.test:PORT and c.woolly.test:PORT over TLS
# (certificates from a CA that ./dev test makes for the run), with the
# local-use setting off, so they fetch from and deliver to each other
# through the production path: https only, no loopback address but the
# ones the test-only federation_resolve maps their names to, and the test
# CA trusted through federation_ca_file. A keeps its plain-http domain
# and is not a federation peer (a fetch from a twin to A's
# http://127.0.0.1 URL is a fetch a twin must refuse).
#
# ./dev test starts the twins only for a run that has a file saying
# `use Woolly::Test qw(:twin)` (which exports twin(), twins() and
# test_ca() besides everything else) or a line `# needs: twin`. Each
# twin is an object whose methods are the helpers above, working on that
# instance:
#
#   use Woolly::Test qw(:twin);
#
#   my ($b, $c) = (twin('b'), twin('c'));
#   my ($alice_api, $alice) = $b->api_user;       # a user on B
#   my ($bob_web, $bob) = $c->new_user;           # one on C, signed in
#   my $res = $alice_api->get('/api/v1/accounts/verify_credentials');
#   my ($id) = $b->psql(q{SELECT id FROM accounts WHERE username = :'1'},
#       $alice);
#   my ($code, $out) = $c->woollyctl('config', 'check');
#   my $actor = $b->https_get("/users/$alice",
#       headers => { Accept => 'application/activity+json' });
#   is($b->url, 'https://' . $b->domain, 'its own domain');
#
# Methods: name, url (== base_url: https://b.woolly.test:PORT),
# domain, host, tls_port, http_url (its plain-http port on 127.0.0.1,
# where the clients it makes connect: HTTP::Tiny has no TLS here; an
# absolute URL of the instance's own is sent there too), resolve (curl's
# --resolve entry), conf, db, dir, https_get, and the helpers client,
# sign_up, sign_in, new_user, api_token, api_user, psql, woollyctl,
# account_id_of, post_status_id, delete_status, last_status_id, pool_pid,
# worker_pids, fastcgi_request, config_override, config_restore and the
# memcached_* ones. A client keeps talking to the instance that made it.
# twin('a') is A as such an object, for tests written symmetrically.
# The environment behind them, set by ./dev test: WOOLLY_TEST_TWINS
# ("b c"), WOOLLY_TEST_CA, and for each twin WOOLLY_TEST_B_URL, _DOMAIN,
# _HTTP_URL, _TLS_PORT, _RESOLVE, _CONF, _DB, _DIR, _MEMCACHED and
# _POOL_PID. The twins keep their data in databases of A's PostgreSQL
# cluster, so pg_stop/pg_start/pg_restart act on all three.

our @ISA = ('Exporter');
our @EXPORT_OK = qw(twin twins test_ca);
our %EXPORT_TAGS = (twin => [@EXPORT_OK]);

# `use Woolly::Test qw(:twin)` exports the defaults too, and stops the
# run at once when the twins do not run, as a missing stack does.
sub import {
	my ($class, @what) = @_;
	if (grep { $_ eq ':twin' } @what) {
		Test::More::BAIL_OUT('the twin instances do not run: ./dev test ' .
		    'starts them for a file that says `use Woolly::Test ' .
		    'qw(:twin)` or has a line `# needs: twin`')
		    unless $ENV{WOOLLY_TEST_TWINS};
		unshift @what, ':DEFAULT';
	}
	$class->export_to_level(1, $class, @what);
	return;
}

my %instances;

# The instance NAME: 'b' or 'c' (a twin), or 'a'.
sub twin {
	my ($name) = @_;
	croak 'twin(NAME): which instance?' unless defined $name;
	return $instances{ lc $name } //= Woolly::Test::Instance->new(lc $name);
}

# Every twin, in order.
sub twins {
	return map { twin($_) } split ' ', $ENV{WOOLLY_TEST_TWINS} // '';
}

# The test CA's certificate (PEM), which the twins' certificates chain to.
sub test_ca {
	return $ENV{WOOLLY_TEST_CA} // croak 'WOOLLY_TEST_CA is not set';
}

package Woolly::Test::CookieJar;

# The smallest jar that serves one host: name=value pairs, replaced on
# each Set-Cookie, dropped on Max-Age<=0 or an Expires in the past.
# HTTP::Tiny calls add() and cookie_header().

use HTTP::Tiny;
use Time::Local qw(timegm);

my %MONTH = (jan => 0, feb => 1, mar => 2, apr => 3, may => 4, jun => 5,
    jul => 6, aug => 7, sep => 8, oct => 9, nov => 10, dec => 11);

sub new { return bless { cookies => {} }, shift }

sub add {
	my ($self, $url, $header) = @_;
	my ($pair, @attrs) = split /;/, $header;
	return unless defined $pair;
	my ($name, $value) = $pair =~ /\A\s*([^=\s]+)\s*=\s*(.*?)\s*\z/
	    or return;
	$value =~ s/\A"(.*)"\z/$1/;
	my %attr;
	for my $a (@attrs) {
		my ($k, $v) = $a =~ /\A\s*([^=\s]+)\s*(?:=\s*(.*?))?\s*\z/
		    or next;
		$attr{lc $k} = $v;
	}
	my $expired = 0;
	if (defined $attr{'max-age'}) {
		$expired = 1 if $attr{'max-age'} =~ /\A\s*-?\d+\s*\z/ &&
		    $attr{'max-age'} <= 0;
	} elsif (defined $attr{expires}) {
		my $t = _parse_date($attr{expires});
		$expired = 1 if defined $t && $t <= time;
	}
	if ($expired) {
		delete $self->{cookies}{$name};
	} else {
		$self->{cookies}{$name} = { value => $value, %attr };
	}
	return;
}

# Every cookie goes to the one host, Secure ones too: the test stack
# speaks plain HTTP.
sub cookie_header {
	my ($self, $url) = @_;
	return join '; ', map { "$_=$self->{cookies}{$_}{value}" }
	    sort keys %{ $self->{cookies} };
}

sub get    { my ($self, $name) = @_; my $c = $self->{cookies}{$name}; return $c ? $c->{value} : undef }
sub set    { my ($self, $name, $value) = @_; $self->{cookies}{$name} = { value => $value }; return }
sub remove { my ($self, $name) = @_; delete $self->{cookies}{$name}; return }
sub clear  { my ($self) = @_; $self->{cookies} = {}; return }
sub names  { my ($self) = @_; return sort keys %{ $self->{cookies} } }
# The attributes of a cookie as sent (httponly, samesite, path, ...).
sub attributes { my ($self, $name) = @_; return $self->{cookies}{$name} }

# "Wed, 21 Oct 2015 07:28:00 GMT" (and the "-" separated variant).
sub _parse_date {
	my ($s) = @_;
	my ($d, $mon, $y, $h, $m, $sec) = $s =~
	    /(\d{1,2})[\s-]+([A-Za-z]{3})[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2}):(\d{2})/
	    or return undef;
	$y += $y < 70 ? 2000 : 1900 if $y < 100;
	my $mi = $MONTH{ lc $mon };
	return undef unless defined $mi;
	return eval { timegm($sec, $m, $h, $d, $mi, $y) };
}

package Woolly::Test::Client;

# HTTP::Tiny with the stack's base URL, no redirect following, a cookie
# jar, and an optional bearer token. Every method returns HTTP::Tiny's
# response hash: {status, reason, headers, content, success, url}.

use Carp qw(croak);
use HTTP::Tiny;

sub new {
	my ($class, %opts) = @_;
	my $jar = Woolly::Test::CookieJar->new;
	my $http = HTTP::Tiny->new(
		max_redirect => 0,
		timeout => 60,
		agent => 'woolly-test/1 ',
		cookie_jar => $jar,
		verify_SSL => 0,
		# Another loopback source address (127.0.0.2, an IPv6 one
		# added to lo) to look like another client.
		($opts{local_address} ?
		    (local_address => $opts{local_address}) : ()),
	);
	# The instance it talks to, for good: A, or the twin whose method
	# made it.
	return bless {
		http => $http,
		jar => $jar,
		token => $opts{token},
		headers => $opts{headers} || {},
		base => Woolly::Test::base_url(),
		http_base => Woolly::Test::http_url(),
	}, $class;
}

sub jar { return $_[0]{jar} }
sub cookie { my ($self, $name) = @_; return $self->{jar}->get($name) }

# Set (or with undef, drop) the bearer token sent on every request.
sub token {
	my $self = shift;
	$self->{token} = shift if @_;
	return $self->{token};
}

# The URL to request for a path, or for an absolute URL (one of the
# instance's own, such as https://b.woolly.test:PORT/@bob, goes to its
# plain-http port).
sub url {
	my ($self, $path) = @_;
	if ($path =~ m{\Ahttps?://}i) {
		my $base = $self->{base};
		return $path unless index($path, $base) == 0 &&
		    substr($path, length $base) =~ m{\A(?:[/?#]|\z)};
		$path = substr($path, length $base);
	}
	$path = "/$path" unless $path =~ m{\A/};
	return $self->{http_base} . $path;
}

# request(METHOD, PATH, headers => {...}, content => BYTES,
#   form => {...} | [...], json => DATA, token => TOKEN)
sub request {
	my ($self, $method, $path, %opts) = @_;
	my %headers = (%{ $self->{headers} }, %{ $opts{headers} || {} });
	my $token = exists $opts{token} ? $opts{token} : $self->{token};
	$headers{Authorization} = "Bearer $token"
	    if defined $token && !exists $headers{Authorization};
	my %args = (headers => \%headers);
	if (exists $opts{form}) {
		$args{content} = $self->{http}->www_form_urlencode($opts{form});
		$headers{'Content-Type'} ||= 'application/x-www-form-urlencoded';
	} elsif (exists $opts{json}) {
		$args{content} = JSON::PP->new->utf8->canonical->allow_nonref
		    ->encode($opts{json});
		$headers{'Content-Type'} ||= 'application/json';
	} elsif (exists $opts{content}) {
		$args{content} = $opts{content};
	}
	my $res = $self->{http}->request(uc $method, $self->url($path),
	    \%args);
	_record_answer(uc $method, $self->url($path), $self->{http_base}, $res);
	return $res;
}

# Keep every JSON answer of the client API for validate_answers.js, which
# ./dev test runs after the suite against the OpenAPI document's schema
# for that path, method and status.
sub _record_answer {
	my ($method, $url, $base, $res) = @_;
	my $dir = $ENV{WOOLLY_TEST_ANSWERS} or return;
	return unless index($url, $base) == 0;
	(my $path = substr($url, length $base)) =~ s/[?#].*//s;
	$path =~ s{(?<=.)/+\z}{};	# the router ignores a trailing slash
	return unless $path =~ m{\A/api/} && $method ne 'HEAD';
	return unless ($res->{headers}{'content-type'} // '') =~
	    m{\Aapplication/json}i;
	my $body = $res->{content} // '';
	utf8::decode($body);	# characters, as node will read them
	open my $fh, '>>', "$dir/$$.jsonl" or return;
	print {$fh} JSON::PP->new->ascii->canonical->encode({
		test => $0, method => $method, path => $path,
		status => $res->{status}, body => $body,
	}), "\n";
	close $fh;
	return;
}

sub get {
	my ($self, $path, $headers) = @_;
	return $self->request('GET', $path, headers => $headers || {});
}

sub head {
	my ($self, $path, $headers) = @_;
	return $self->request('HEAD', $path, headers => $headers || {});
}

sub delete {
	my ($self, $path, $headers) = @_;
	return $self->request('DELETE', $path, headers => $headers || {});
}

# $fields: a hash reference, or an array reference of name => value pairs
# (keeps order and allows repeated names such as "media_ids[]").
sub post_form {
	my ($self, $path, $fields, $headers) = @_;
	return $self->request('POST', $path, form => $fields,
	    headers => $headers || {});
}

sub post_json {
	my ($self, $path, $data, $headers) = @_;
	return $self->request('POST', $path, json => $data,
	    headers => $headers || {});
}

sub put_json {
	my ($self, $path, $data, $headers) = @_;
	return $self->request('PUT', $path, json => $data,
	    headers => $headers || {});
}

sub patch_json {
	my ($self, $path, $data, $headers) = @_;
	return $self->request('PATCH', $path, json => $data,
	    headers => $headers || {});
}

package Woolly::Test::Instance;

# One instance of the test run (A, or a twin) whose methods are the
# helpers of Woolly::Test working on it: see "the twin instances" above.

use Carp qw(croak);
use File::Temp ();

sub new {
	my ($class, $name) = @_;
	my $prefix = 'WOOLLY_TEST_';
	if ($name ne 'a') {
		croak "no twin instance named '$name' runs (twins: " .
		    ($ENV{WOOLLY_TEST_TWINS} // 'none') . ')'
		    unless $name =~ /\A[a-z][a-z0-9]*\z/ &&
		    grep { $_ eq $name } split ' ', $ENV{WOOLLY_TEST_TWINS} // '';
		$prefix .= uc($name) . '_';
	}
	croak "${prefix}URL is not set" unless $ENV{"${prefix}URL"};
	return bless { name => $name, prefix => $prefix }, $class;
}

# Each helper, run with this instance as the one the helpers work on
# (and in the caller's context: psql answers a list or its first row).
for my $helper (qw(base_url domain http_url client sign_up sign_in new_user
    api_token api_user psql woollyctl fastcgi_request pool_pid worker_pids
    account_id_of post_status_id delete_status last_status_id
    config_override config_restore memcached_request memcached_counter
    memcached_pid memcached_stop memcached_start)) {
	my $code = Woolly::Test->can($helper) or die "no helper $helper";
	no strict 'refs';
	*{$helper} = sub {
		my $self = shift;
		local $Woolly::Test::INSTANCE = $self;
		return $code->(@_);
	};
}

sub _setting {
	my ($self, $key) = @_;
	local $Woolly::Test::INSTANCE = $self;
	return Woolly::Test::_setting($key);
}

sub name { return $_[0]{name} }
sub url  { return $_[0]->base_url }
sub conf { return $_[0]->_setting('CONF') }
sub db   { return $_[0]->_setting('DB') }
sub dir  { return $_[0]->_setting('DIR') }
sub tls_port { return $_[0]->_setting('TLS_PORT') }

# The domain without its port.
sub host {
	my ($self) = @_;
	(my $host = $self->domain) =~ s/:\d+\z//;
	return $host;
}

# curl's --resolve entry for the domain: HOST:PORT:127.0.0.1.
sub resolve {
	my ($self) = @_;
	return $self->_setting('RESOLVE') //
	    croak "instance $self->{name} has no domain of its own to resolve";
}

# A GET over TLS to the instance's own domain, as another server would
# make it: curl to https://b.woolly.test:PORT/PATH (or to a full URL on
# that domain), the name mapped to 127.0.0.1 and the test CA trusted.
# Options: headers => {name => value}; ca => FILE to trust instead of the
# test CA, or undef for the system's CAs alone. Returns {status, headers
# (lower-case names), content}; when curl fails, status 0 with its exit
# code in curl_exit and its message in error.
sub https_get {
	my ($self, $path, %opts) = @_;
	my $url = $path =~ m{\Ahttps?://}i ? $path :
	    $self->url . ($path =~ m{\A/} ? '' : '/') . $path;
	my $ca = exists $opts{ca} ? $opts{ca} : Woolly::Test::test_ca();
	my %h = %{ $opts{headers} || {} };
	my ($code, $out, $err) = Woolly::Test::run_command(['curl', '-sS',
	    '-i', '--max-time', '30', '--resolve', $self->resolve,
	    (defined $ca ? ('--cacert', $ca) : ()),
	    (map { ('-H', "$_: $h{$_}") } sort keys %h), '--', $url]);
	return { status => 0, curl_exit => $code, error => $err,
	    headers => {}, content => '' } if $code != 0;
	my ($head, $body) = split /\r\n\r\n/, $out, 2;
	my @lines = split /\r\n/, $head // '';
	my ($status) = (shift(@lines) // '') =~ m{\AHTTP/\S+\s+(\d{3})};
	my %headers;
	for (@lines) {
		next unless /\A([^:\s]+):\s*(.*)\z/;
		my $name = lc $1;
		$headers{$name} = exists $headers{$name} ?
		    (ref $headers{$name} ? [@{ $headers{$name} }, $2] :
		    [$headers{$name}, $2]) : $2;
	}
	return { status => $status // 0, headers => \%headers,
	    content => $body // '', curl_exit => 0, error => '' };
}

1;
