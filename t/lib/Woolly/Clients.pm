package Woolly::Clients;

# Woolly::Clients: what the tests of real third-party Mastodon clients
# share. A client script (t/clients/*) plays one app through the daily
# loop against the test stack and prints one JSON object a line:
#
#   {"authorize": URL}           it sent the person to URL; it reads the
#                                code (one line) from its standard input
#   {"step": NAME, "result": R}  what the client library handed back for
#                                a step, reduced to the facts checked here
#   {"done": true}               the loop is over
#   {"error": E, "after": STEP}  it broke after STEP (details on stderr)
#
# run_client() runs a script and does the browser's part when asked;
# check_daily_loop() then checks every step against what woolly must have
# answered (and against the database), the same checks for every client.
# The facts a script reports:
#   status:       {id, content, in_reply_to_id, account (acct), visibility,
#                  favourited, reblogged, bookmarked, favourites_count,
#                  reblogs_count, mentions [acct], reblog (status or null)}
#   account:      {id, username, acct}
#   relationship: {id, following}
#   notification: {id, type, account (acct), status_id}
#   search:       {accounts [acct], statuses [id], hashtags [name]}
#   a timeline:   [{id, reblog_id}]; home_pages, where the library pages
#                 on by itself, is two of them read two at a time
# and at the end app_verify {name} (apps/verify_credentials) and revoke
# {status}: what verify_credentials answered with the password grant's
# token once the client revoked it.

use strict;
use warnings;

use Carp qw(croak);
use Digest::SHA qw(sha256_hex);
use Exporter qw(import);
use JSON::PP ();
use POSIX ();
use Test::More;
use Woolly::Test;

our @EXPORT = qw(run_client converse spawn check_daily_loop client_users marker_word
    token_of_app_ok token_state status_row);

my $JSON = JSON::PP->new->utf8->canonical;

# Two fresh users for a client's loop, signed up through the web form
# side by side (each sign-up hashes a password, the slow part): ($a, $b)
# user names; both have TEST_PASSWORD.
sub client_users {
	my ($prefix) = @_;
	my ($a, $b) = (unique_name("${prefix}a"), unique_name("${prefix}b"));
	my $pid = fork // croak "fork: $!";
	if ($pid == 0) {
		my $ok = eval { sign_up(client(), $b)->{status} == 303 };
		POSIX::_exit($ok ? 0 : 1);
	}
	my $res = sign_up(client(), $a);
	waitpid $pid, 0;
	croak "signing up $b failed" if $? != 0;
	croak "signing up $a answered $res->{status}" if $res->{status} != 303;
	return ($a, $b);
}

# A word no other post of the run holds, for finding a client's posts in
# timelines and search (letters only: full-text search splits at digits
# and underscores).
sub marker_word {
	my ($prefix) = @_;
	my @letters = ('a' .. 'z');
	return $prefix . join '', map { $letters[rand @letters] } 1 .. 12;
}

# Start @$cmd with extra environment %$env, its standard input and output
# on pipes, its standard error kept in a file: a Woolly::Clients::Process
# to talk to (send, read_line, finish).
sub spawn {
	my (%o) = @_;
	return Woolly::Clients::Process->new(%o);
}

# Run a command (cmd, env, timeout: see spawn) and hold a conversation
# with it: $on_line is called with each line it prints (without the
# newline) and what it returns, if defined, is written to its standard
# input (unless a `stdin` text was given: then that is all it reads). A
# die in $on_line ends the conversation (the command is stopped) and is
# passed on, as is running over the timeout. Returns (exit code, stderr).
sub converse {
	my (%o) = @_;
	my $p = spawn(%o);
	$p->send($o{stdin}, 'then close') if defined $o{stdin};
	my $ok = eval {
		while (defined(my $line = $p->read_line)) {
			my $answer = $o{on_line}->($line);
			$p->send($answer) if defined $answer;
		}
		1;
	};
	my $why = $@;
	my ($code, $stderr) = $p->finish(!$ok);
	if (!$ok) {
		diag($stderr) if length $stderr;
		croak $why;
	}
	return ($code, $stderr);
}

# Run a client script (see the top of this file) with converse(): cmd,
# env, timeout. When it asks for authorization, plays the browser for
# `username` (oauth_authorize_code) and writes the code back. Returns
# (\%results by step name, \@authorized (the hashes oauth_authorize_code
# returned, with the url), true if it got to the end). Croaks if the
# script says something else than its JSON lines, or reports an error.
sub run_client {
	my (%o) = @_;
	my (%results, @authorized, $done);
	my ($code, $stderr) = converse(%o, on_line => sub {
		my ($line) = @_;
		return undef unless length $line;
		my $msg = eval { $JSON->decode($line) };
		die "the client printed something else than JSON: $line\n"
		    unless ref $msg eq 'HASH';
		if (exists $msg->{authorize}) {
			my $got = oauth_authorize_code($msg->{authorize},
			    $o{username});
			push @authorized, { %$got, url => $msg->{authorize} };
			return "$got->{code}\n";
		} elsif (exists $msg->{step}) {
			$results{ $msg->{step} } = $msg->{result};
		} elsif ($msg->{done}) {
			$done = 1;
		} elsif (exists $msg->{error}) {
			die "the client failed after $msg->{after}: $msg->{error}\n";
		}
		return undef;
	});
	diag("the client exited with $code:\n$stderr") if $code != 0;
	return (\%results, \@authorized, $done && $code == 0);
}

# The row of a status as woolly stored it: {id, account, in_reply_to_id,
# text} or undef.
sub status_row {
	my ($id) = @_;
	return undef unless defined $id && $id =~ /\A\d+\z/;
	my $row = psql(q{SELECT s.id, a.username, coalesce(s.in_reply_to_id::text, ''),
	    s.text FROM statuses s JOIN accounts a ON a.id = s.account_id
	    WHERE s.id = :'1'}, $id);
	return undef unless defined $row;
	my ($sid, $account, $reply_to, $text) = split /\|/, $row, 4;
	return { id => $sid, account => $account,
	    in_reply_to_id => length $reply_to ? $reply_to : undef,
	    text => $text };
}

# Whether woolly still honours a token: 'live', 'revoked', or undef when
# it never issued it.
sub token_state {
	my ($token) = @_;
	return undef unless defined $token;
	my $row = psql(q{SELECT revoked_at IS NULL FROM oauth_access_tokens
	    WHERE token_hash = decode(:'1', 'hex')}, sha256_hex($token));
	return undef unless defined $row;
	return $row eq 't' ? 'live' : 'revoked';
}

# The access token is one woolly issued, for $username, to the app whose
# client_id is given, with a scope list that holds every one of @scopes.
sub token_of_app_ok {
	my ($token, $client_id, $username, $name, @scopes) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my $row = defined $token ? psql(q{SELECT a.username, t.scopes
	    FROM oauth_access_tokens t
	    JOIN oauth_applications app ON app.id = t.application_id
	    JOIN users u ON u.id = t.user_id
	    JOIN accounts a ON a.id = u.account_id
	    WHERE t.token_hash = decode(:'1', 'hex') AND app.client_id = :'2'},
	    sha256_hex($token), $client_id) : undef;
	my ($owner, $scopes) = split /\|/, $row // '';
	ok(defined $row && lc $owner eq lc $username,
	    "$name: a token of that app for \@$username");
	my %have = map { $_ => 1 } split ' ', $scopes // '';
	my @missing = grep { !$have{$_} } @scopes;
	ok(!@missing, "$name: with the scopes @scopes") or
	    diag("missing: @missing (it has: " . ($scopes // 'nothing') . ')');
}

sub _ids { return map { $_->{id} } @{ $_[0] || [] } }

sub _has {
	my ($list, $want) = @_;
	return scalar grep { defined $_ && $_ eq $want } @$list;
}

sub _status_ok {
	my ($s, $name, %want) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	ok(ref $s eq 'HASH', "$name: the client got a status") or return 0;
	like($s->{id} // '', qr/\A\d+\z/, "$name: with an id");
	my $row = status_row($s->{id});
	ok($row, "$name: that woolly stored") or return 0;
	is(lc $row->{account}, lc $want{author}, "$name: by \@$want{author}");
	like($s->{content} // '', qr/\Q$want{text}\E/,
	    "$name: the content holds the text");
	is($s->{account}, $want{author}, "$name: account.acct is the author");
	return $row;
}

# The checks of a client's whole loop, for users $a (the app's user) and
# $b (the one it follows and talks to), and the app registered as
# app_name. $results is run_client's. Every
# check names its step, so a failure says which answer was wrong.
sub check_daily_loop {
	my (%o) = @_;
	my ($r, $a, $b, $marker) = @o{qw(results a b marker)};
	my %id = (a => account_id_of($a), b => account_id_of($b));

	subtest 'signed in: the password grant' => sub {
		my $s = $r->{password_login};
		ok($s, 'the client reported a sign-in') or return;
		is($s->{account}{id}, $id{a}, 'verify_credentials: the user');
		is($s->{account}{username}, $a, '... by name');
		token_of_app_ok($s->{token}, $r->{app}{client_id}, $a,
		    'the token', qw(read write follow));
	};

	subtest 'signed in: the authorization code' => sub {
		my $s = $r->{code_login};
		ok($s, 'the client reported a sign-in') or return;
		is($s->{account}{id}, $id{a}, 'verify_credentials: the user');
		token_of_app_ok($s->{token}, $r->{app}{client_id}, $a,
		    'the token', qw(read write follow));
		isnt($s->{token}, $r->{password_login}{token},
		    'a token of its own');
	};

	my ($b1, $s1, $r1, $b2);
	subtest 'posts' => sub {
		$b1 = _status_ok($r->{post_b}, 'the other user posts',
		    author => $b, text => "first $marker");
		$s1 = _status_ok($r->{post}, 'the user posts',
		    author => $a, text => "hello $marker");
		is($r->{post}{visibility}, 'public', 'public');
		for my $flag (qw(favourited reblogged bookmarked)) {
			my $v = $r->{post}{$flag};
			ok(defined $v && !$v, "$flag: there, and false");
		}
		$r1 = _status_ok($r->{reply}, 'the reply',
		    author => $a, text => "reply $marker");
		is($r->{reply}{in_reply_to_id}, $r->{post_b}{id},
		    'the reply answers the other user\'s post');
		is($r1->{in_reply_to_id}, $r->{post_b}{id}, '... as stored');
		ok(_has($r->{reply}{mentions}, $b), '... and mentions them');
	};
	my %sid = map { $_ => $r->{$_}{id} // '' } qw(post_b post reply post_b2);

	subtest 'timelines' => sub {
		my @home = _ids($r->{home});
		ok(_has(\@home, $sid{post}), 'home shows the post');
		ok(_has(\@home, $sid{reply}), 'home shows the reply');
		ok(!_has(\@home, $sid{post_b}),
		    'home does not yet show who the user does not follow');
		my @public = _ids($r->{public});
		ok(_has(\@public, $sid{post}), 'public shows the post');
		ok(_has(\@public, $sid{post_b}), '... and the other user\'s');
	};

	subtest 'favourite, boost, bookmark' => sub {
		my $f = $r->{favourite};
		is($f->{id}, $sid{post_b}, 'favourite answers the status');
		ok($f->{favourited}, '... favourited');
		is($f->{favourites_count}, 1, '... counted');
		my $rb = $r->{reblog};
		like($rb->{id} // '', qr/\A\d+\z/, 'boost answers a status');
		isnt($rb->{id}, $sid{post_b}, '... a new one (the boost)');
		is($rb->{reblog}{id}, $sid{post_b}, '... of the boosted status');
		ok($rb->{reblog}{reblogged}, '... which is reblogged');
		ok($rb->{reblog}{favourited}, '... and still favourited');
		is($rb->{reblog}{reblogs_count}, 1, '... counted');
		is(scalar psql(q{SELECT reblog_of_id FROM statuses WHERE id = :'1'},
		    $rb->{id} // 0), $sid{post_b}, 'the boost is stored');
		my $bm = $r->{bookmark};
		is($bm->{id}, $sid{post_b}, 'bookmark answers the status');
		ok($bm->{bookmarked}, '... bookmarked');
		ok($bm->{favourited} && $bm->{reblogged},
		    '... and still favourited and boosted');
		ok(_has([_ids($r->{bookmarks})], $sid{post_b}),
		    'the bookmarks list holds it');
	};

	subtest 'follow' => sub {
		my $rel = $r->{follow};
		is($rel->{id}, $id{b}, 'the relationship is with the other user');
		ok($rel->{following}, '... following');
		is(scalar psql(q{SELECT count(*) FROM follows WHERE account_id = :'1'
		    AND target_account_id = :'2'}, $id{a}, $id{b}), 1,
		    'the follow is stored');
		$b2 = _status_ok($r->{post_b2}, 'the followed user posts again',
		    author => $b, text => "second $marker");
		my @home = _ids($r->{home_after_follow});
		ok(_has(\@home, $sid{post_b}),
		    'home now shows the followed user\'s earlier post');
		ok(_has(\@home, $sid{post_b2}), '... and the new one');
		return unless exists $r->{home_pages};
		# Paging on as the library does, through the Link header.
		my @pages = map { [_ids($_)] } @{ $r->{home_pages} };
		is_deeply([map { @$_ } @pages], [@home[0 .. 3]],
		    'two pages of two follow each other through the Link header');
	};

	subtest 'notifications' => sub {
		my @mine = @{ $r->{notifications} || [] };
		ok((grep { $_->{type} eq 'favourite' && $_->{account} eq $b &&
		    ($_->{status_id} // '') eq $sid{post} } @mine),
		    'the user sees the other user\'s favourite of the post')
		    or diag(explain(\@mine));
		ok(!grep({ ($_->{id} // '') !~ /\A\d+\z/ } @mine, @{ $r->{notifications_b} || [] }),
		    'every notification has an id');
		my @theirs = @{ $r->{notifications_b} || [] };
		my %got = map { ($_->{type} . ':' . ($_->{status_id} // '')) => 1 }
		    grep { $_->{account} eq $a } @theirs;
		ok($got{"follow:"}, 'the other user sees the follow');
		ok($got{"mention:$sid{reply}"}, '... the mention in the reply');
		ok($got{"favourite:$sid{post_b}"}, '... the favourite');
		ok($got{"reblog:$sid{post_b}"}, '... and the boost')
		    or diag(explain(\@theirs));
	};

	subtest 'search' => sub {
		my $s = $r->{search};
		ok(_has($s->{statuses}, $sid{post}),
		    'a word of the post finds it');
		ok(_has($s->{statuses}, $sid{post_b}),
		    '... and the post the user favourited');
		ok(!_has($s->{statuses}, $sid{post_b2}),
		    '... but not one of someone not indexable, never touched');
		my $who = $r->{search_account};
		ok(_has($who->{accounts}, $b), 'the other user is found by name');
	};

	subtest 'the app, and signing out' => sub {
		is($r->{app_verify}{name}, $o{app_name},
		    'apps/verify_credentials names the app');
		is($r->{revoke}{status}, 401,
		    'after revoking, the token is refused: 401');
		is(token_state($r->{password_login}{token}), 'revoked',
		    '... and it is revoked');
		is(token_state($r->{code_login}{token}), 'live',
		    'the other token still works');
	};
	return;
}

package Woolly::Clients::Process;

# A command on pipes: what spawn() returns. read_line waits at most the
# timeout (default 60 s) in all, over the whole life of the command.

use Carp qw(croak);
use File::Temp qw(tempfile);
use IO::Handle;
use IPC::Open3 qw(open3);
use Time::HiRes qw(time);

sub new {
	my ($class, %o) = @_;
	my ($err_fh, $err_file) = tempfile('woolly-client-XXXXXX', TMPDIR => 1,
	    UNLINK => 1);
	local @ENV{ keys %{ $o{env} || {} } } = values %{ $o{env} || {} };
	my ($in, $out);
	my $pid = open3($in, $out, '>&' . fileno($err_fh), @{ $o{cmd} });
	$in->autoflush(1);
	return bless { pid => $pid, in => $in, out => $out,
	    err_file => $err_file, err_fh => $err_fh, name => $o{cmd}[0],
	    deadline => time + ($o{timeout} // 60) }, $class;
}

# Write text to its standard input; with a second argument, close that
# afterwards (it reads to the end).
sub send {
	my ($self, $text, $then_close) = @_;
	croak "$self->{name}: its input is closed" unless $self->{in};
	print { $self->{in} } $text;
	if ($then_close) {
		close $self->{in};
		undef $self->{in};
	}
	return;
}

# The next line it prints, without the newline; undef at the end. Dies
# when the time is up.
sub read_line {
	my ($self) = @_;
	my $left = $self->{deadline} - time;
	die "$self->{name} ran over its time\n" if $left <= 0;
	my $line;
	{
		local $SIG{ALRM} = sub { die "$self->{name} ran over its time\n" };
		alarm(int($left) + 1);
		$line = readline $self->{out};
		alarm 0;
	}
	$line =~ s/\r?\n\z// if defined $line;
	return $line;
}

# Close its input and wait for it (with $stop, or once its time is up,
# stop it first with SIGTERM); returns (exit code, what it wrote to
# standard error).
sub finish {
	my ($self, $stop) = @_;
	close $self->{in} if $self->{in};
	undef $self->{in};
	kill 'TERM', $self->{pid} if $stop || $self->{deadline} <= time;
	waitpid $self->{pid}, 0;
	my $status = $?;
	my $code = $status & 127 ? 128 + ($status & 127) : $status >> 8;
	my $stderr = do {
		local $/;
		open my $fh, '<', $self->{err_file};
		<$fh>;
	} // '';
	return ($code, $stderr);
}

1;
