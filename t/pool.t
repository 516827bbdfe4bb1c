# pool.t: the pre-forked FastCGI pool keeps serving through the failures
# it is built for: a worker killed, idle or in the middle of a request, is
# replaced; PostgreSQL restarting, or stopped and started again, is
# survived without restarting the pool; SIGHUP reloads the configuration
# gracefully (and refuses a broken one); SIGTERM stops a pool cleanly,
# waiting for workers of every generation; and a second pool refuses to
# take over the socket of one that is running.
#
# To know which worker serves what, requests are made to wait inside the
# workers: a psql session holds the sessions table locked, so a signed-in
# request (never answered from the page cache) stays in its worker, in
# PostgreSQL, until the lock goes. A worker serving a request is the one
# holding an accepted connection of the FastCGI socket.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use IO::Handle;
use IO::Socket::UNIX;
use JSON::PP ();
use POSIX qw(WNOHANG);
use Socket qw(SOCK_STREAM);
use Time::HiRes qw(sleep);
use Woolly::Test;

my $c = client();
my $conf = $ENV{WOOLLY_TEST_CONF};
my $log = "$ENV{WOOLLY_TEST_DIR}/log/woolly.log";

sub all_ok {
	my ($client, $path, $n) = @_;
	my @bad;
	for (1 .. $n) {
		my $res = $client->get($path);
		push @bad, $res->{status} if $res->{status} != 200;
	}
	return @bad ? "statuses: @bad" : '';
}

# worker_pids() returns a sorted list; count it in list context.
sub count_workers {
	my @w = worker_pids(@_);
	return scalar @w;
}

# True while a process exists and is not a zombie.
sub alive {
	my ($pid) = @_;
	open my $fh, '<', "/proc/$pid/stat" or return 0;
	my $stat = <$fh> // '';
	my ($state) = $stat =~ /\)\s+(\S)/;
	return defined $state && $state ne 'Z';
}

sub conf_value {
	my ($text, $key) = @_;
	my ($v) = $text =~ /^\s*\Q$key\E\s*=\s*(.*?)\s*$/m;
	return $v;
}

my $socket = conf_value(read_file($conf), 'fastcgi_socket');

# The pool's log from a byte offset on: what happened since.
sub log_since {
	my ($offset) = @_;
	open my $fh, '<', $log or die "$log: $!";
	seek $fh, $offset, 0;
	local $/;
	return scalar(<$fh>) // '';
}

# The workers of a master that hold an accepted connection of its FastCGI
# socket, i.e. are serving a request: /proc/net/unix lists the accepted
# (connected, state 03) sockets under the listening socket's path, and
# /proc/PID/fd tells whose they are.
sub busy_workers {
	my ($master, $path) = @_;
	$master //= pool_pid();
	$path //= $socket;
	my %accepted;
	open my $fh, '<', '/proc/net/unix' or die "/proc/net/unix: $!";
	while (my $line = <$fh>) {
		my @f = split ' ', $line;
		next unless @f >= 8 && $f[7] eq $path && $f[5] eq '03';
		$accepted{$f[6]} = 1;
	}
	close $fh;
	my @busy;
	for my $pid (worker_pids($master)) {
		opendir my $dh, "/proc/$pid/fd" or next;
		my $holds = grep {
			my $l = readlink "/proc/$pid/fd/$_";
			defined $l && $l =~ /\Asocket:\[(\d+)\]\z/ && $accepted{$1}
		} readdir $dh;
		closedir $dh;
		push @busy, $pid if $holds;
	}
	return @busy;
}

# A psql session that holds the sessions table: every signed-in request
# waits in session_load() until release_sessions().
sub lock_sessions {
	my $db = $ENV{WOOLLY_TEST_DB};
	open my $psql, '|-', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1',
	    '-d', $db or die "psql: $!";
	$psql->autoflush(1);
	print {$psql} "BEGIN;\nLOCK TABLE sessions IN ACCESS EXCLUSIVE MODE;\n";
	wait_until(sub {
		psql(q{SELECT count(*) FROM pg_locks
		    WHERE relation = 'sessions'::regclass AND granted
		    AND mode = 'AccessExclusiveLock'}) == 1
	}, 30) or die "the sessions table was not locked within 30 s\n";
	return $psql;
}

sub release_sessions {
	my ($psql) = @_;
	print {$psql} "ROLLBACK;\n";
	close $psql or die "psql holding the lock failed: $?\n";
}

# Backends of the test database waiting for a lock: requests that reached
# PostgreSQL and wait there.
sub waiting_in_db {
	return scalar psql(q{SELECT count(*) FROM pg_stat_activity
	    WHERE datname = current_database() AND wait_event_type = 'Lock'});
}

my $JSON = JSON::PP->new->utf8->canonical;

# A GET made in a child process; finish_get() waits for its response.
sub start_get {
	my ($client, $path) = @_;
	my $pid = open my $fh, '-|';
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		my $res = $client->get($path);
		print $JSON->encode({ map { $_ => $res->{$_} }
		    qw(status reason headers content) });
		close STDOUT;
		POSIX::_exit(0);
	}
	return { pid => $pid, fh => $fh };
}

sub finish_get {
	my ($req) = @_;
	my $fh = $req->{fh};
	my $json = do { local $/; <$fh> };
	close $fh;
	return eval { $JSON->decode($json) } //
	    { status => 0, content => "no response: $json" };
}

# One signed-in GET per worker, all at once, held in PostgreSQL until
# every worker has one: so every worker, not just some, serves one.
# Returns the responses and the workers that were seen serving them.
sub on_every_worker {
	my ($client, $path) = @_;
	my @workers = worker_pids();
	my $lock = lock_sessions();
	my @reqs = map { start_get($client, $path) } @workers;
	my @busy;
	Test::More::ok(wait_until(sub {
		@busy = busy_workers();
		return @busy == @workers && waiting_in_db() == @workers;
	}, 30), 'a request waits in the database on every worker');
	release_sessions($lock);
	return ([map { finish_get($_) } @reqs], \@busy);
}

sub statuses {
	return join ' ', map { $_->{status} } @_;
}

# A configuration for a pool of our own: the test stack's, with its own
# socket and log in $dir.
sub pool_conf {
	my ($dir, %opt) = @_;
	my $text = read_file($conf);
	$text =~ s/^\s*fastcgi_socket\s*=.*$/fastcgi_socket = $dir\/p.sock/m;
	$text =~ s/^\s*workers\s*=.*$/workers = $opt{workers}/m;
	$text =~ s/^\s*log_file\s*=.*$/log_file = $dir\/pool.log/m;
	write_file("$dir/woolly.conf", $text);
	return "$dir/woolly.conf";
}

# Start a pool as the test stack starts the main one, its stderr in
# $err_file. Returns its pid.
sub start_pool {
	my ($conf_path, $err_file) = @_;
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		open STDIN, '<', '/dev/null';
		open STDERR, '>', $err_file if defined $err_file;
		{ no warnings 'exec'; exec "$ENV{WOOLLY_TEST_BUILD}/cgi/woolly.fcgi",
		    '-c', $conf_path; }
		POSIX::_exit(127);
	}
	return $pid;
}

# Start a pool that ought to refuse to run: returns its exit status and
# what it said on stderr. One that starts after all is stopped again, so
# the test fails instead of hanging.
sub refused_start {
	my ($conf_path) = @_;
	my $err_file = File::Temp->new(TMPDIR => 1);
	my $pid = start_pool($conf_path, "$err_file");
	my $exited = wait_until(sub { waitpid($pid, WNOHANG) == $pid }, 30);
	my $status = $?;
	unless ($exited) {
		kill 'TERM', $pid;
		waitpid($pid, 0);
		return ('still running after 30 s', read_file("$err_file"));
	}
	return ($status >> 8, read_file("$err_file"));
}

# The smallest FastCGI client: a request sent straight to a pool's socket,
# its body held back until fcgi_finish(), so a worker can be kept busy
# reading it for as long as a test needs.
sub fcgi_record {
	my ($type, $content) = @_;
	return pack('CCnnCC', 1, $type, 1, length $content, 0, 0) . $content;
}

sub fcgi_pair {
	my ($name, $value) = @_;
	return join '', map {
		length $_ < 128 ? pack('C', length $_) :
		    pack('N', length($_) | 0x80000000)
	} $name, $value;
}

sub fcgi_start {
	my ($path, $method, $uri, $body_length) = @_;
	my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $path)
	    or die "connect $path: $!";
	my %env = (REQUEST_METHOD => $method, REQUEST_URI => $uri,
	    SCRIPT_NAME => '', REMOTE_ADDR => '127.0.0.1',
	    CONTENT_TYPE => 'application/x-www-form-urlencoded',
	    CONTENT_LENGTH => $body_length);
	my $params = join '', map { fcgi_pair($_, $env{$_}) . $_ . $env{$_} }
	    sort keys %env;
	# BEGIN_REQUEST as a responder, PARAMS, and the end of PARAMS.
	print {$s} fcgi_record(1, pack('nCx5', 1, 0)), fcgi_record(4, $params),
	    fcgi_record(4, '');
	$s->flush;
	return $s;
}

# Send the rest of the body and read the answer: (stdout, complete) where
# complete says an END_REQUEST record came. A worker that never answers
# fails the test after 30 s instead of hanging it.
sub fcgi_finish {
	my ($s, $body) = @_;
	if (defined $body) {
		print {$s} length $body ? fcgi_record(5, $body) : '',
		    fcgi_record(5, '');
		$s->flush;
	}
	my ($out, $complete) = ('', 0);
	eval {
		local $SIG{ALRM} = sub { die "no answer in 30 s\n" };
		alarm 30;
		while (read($s, my $head, 8) == 8) {
			my (undef, $type, undef, $len, $pad) =
			    unpack 'CCnnC', $head;
			my $content = '';
			last if $len + $pad &&
			    read($s, $content, $len + $pad) != $len + $pad;
			$out .= substr($content, 0, $len) if $type == 6;
			if ($type == 3) {
				$complete = 1;
				last;
			}
		}
		alarm 0;
	};
	alarm 0;
	$out .= "[$@]" if $@;
	close $s;
	return ($out, $complete);
}

# The subtests below hold requests in PostgreSQL on purpose, for longer
# than the stack's 2 s statement_timeout may allow on a loaded machine.
config_override(statement_timeout => 60000);

my @workers = worker_pids();
my $nworkers = scalar @workers;
ok($nworkers >= 2, "the pool runs several workers ($nworkers)");
my ($member, $member_name) = new_user(prefix => 'pool');
my $profile = "/\@$member_name";

subtest 'a killed worker is replaced and requests keep succeeding' => sub {
	my $victim = $workers[0];
	ok(kill('KILL', $victim), "SIGKILL worker $victim");
	my $replaced = wait_until(sub {
		my @now = worker_pids();
		return @now == $nworkers && !grep { $_ == $victim } @now;
	}, 10);
	ok($replaced, 'the master forked a replacement');
	is(all_ok($member, $profile, 3 * $nworkers), '',
	    'every following signed-in request succeeds');
};

subtest 'a worker killed while serving: its client gets a 502 and the pool recovers' => sub {
	my $offset = -s $log;
	my $lock = lock_sessions();
	my $req = start_get($member, $profile);
	my @busy;
	ok(wait_until(sub {
		@busy = busy_workers();
		return @busy == 1 && waiting_in_db() == 1;
	}, 30), 'one worker is serving the request, waiting in PostgreSQL');
	my $victim = $busy[0];
	ok(kill('KILL', $victim), "SIGKILL that worker ($victim)");
	ok(wait_until(sub { !alive($victim) }, 10), 'it is dead');
	release_sessions($lock);
	my $res = finish_get($req);
	is($res->{status}, 502, 'its client gets 502 from nginx');
	like($res->{content}, qr{<h1>502 Bad Gateway</h1>},
	    "nginx's own Bad Gateway page, nothing from woolly");
	ok(wait_until(sub {
		my @now = worker_pids();
		return @now == $nworkers && !grep { $_ == $victim } @now;
	}, 10), 'the pool is back to full strength');
	like(log_since($offset), qr/worker $victim killed by signal 9/,
	    'the master logged the death');
	my ($responses, $served) = on_every_worker($member, $profile);
	is_deeply($served, [worker_pids()], 'every worker takes a request');
	is(statuses(@$responses), join(' ', (200) x $nworkers),
	    'and each succeeds');
};

subtest 'PostgreSQL restarts under the running pool' => sub {
	my $master = pool_pid();
	my @before = worker_pids();
	my $offset = -s $log;
	ok(pg_restart(), 'PostgreSQL restarted');
	# Every worker held a connection the restart cut: each must notice
	# and reconnect on its own, without an error reaching the client.
	my ($responses, $served) = on_every_worker($member, $profile);
	is_deeply($served, \@before,
	    'every worker serves a request that reaches PostgreSQL');
	is(statuses(@$responses), join(' ', (200) x $nworkers),
	    'each succeeds');
	is(scalar(grep { $_->{content} =~ /\Q$member_name\E/ } @$responses),
	    $nworkers, 'each is the profile page');
	is(scalar(grep { exists $_->{headers}{'x-cache'} } @$responses), 0,
	    'none comes from the page cache');
	my $since = log_since($offset);
	is(scalar(grep { $since =~ /\[$_\] info: database connection lost, reconnecting/ }
	    @before), $nworkers, 'each worker logged its reconnection');
	my ($name) = unique_name('pgre');
	my ($cl) = new_user(username => $name);
	is($cl->get('/home')->{status}, 200,
	    'writes (sign-up, session) work too');
	is(pool_pid(), $master, 'the pool was not restarted');
	is_deeply([worker_pids()], \@before, 'no worker had to be replaced');
};

# Whatever fails, later test files need their database.
my $pg_stopped = 0;
END { eval { pg_start() } if $pg_stopped }

subtest 'PostgreSQL stopped: 503 pages, and service again once it is back' => sub {
	my $master = pool_pid();
	my @before = worker_pids();
	ok(pg_stop(), 'PostgreSQL stopped');
	$pg_stopped = 1;
	my $offset = -s $log;
	my (@bad, %answered);
	# Round the workers until each has answered at least once.
	for (1 .. 10 * $nworkers) {
		my $res = $member->get('/home');
		my $type = $res->{headers}{'content-type'} // '';
		push @bad, "$res->{status} $type"
		    unless $res->{status} == 503 && $type =~ m{\Atext/html} &&
		    $res->{content} =~ /its database is unavailable/;
		%answered = map { $_ => 1 }
		    log_since($offset) =~ /\[(\d+)\] info: GET \/home 503 /g;
		last if keys %answered == $nworkers;
	}
	is("@bad", '', 'signed-in pages answer the 503 page, not a 500');
	is_deeply([sort { $a <=> $b } keys %answered], \@before,
	    'every worker answered so');

	ok(pg_start(), 'PostgreSQL started again');
	$pg_stopped = 0;
	my ($responses, $served) = on_every_worker($member, '/home');
	is_deeply($served, \@before, 'every worker serves a request');
	is(statuses(@$responses), join(' ', (200) x $nworkers),
	    'each succeeds');
	is(scalar(grep { exists $_->{headers}{'x-cache'} } @$responses), 0,
	    'none comes from the page cache');
	is(pool_pid(), $master, 'the pool was not restarted');
	is_deeply([worker_pids()], \@before, 'no worker was replaced');
};

subtest 'SIGHUP reloads the configuration and workers' => sub {
	my $original = read_file($conf);
	my @before = worker_pids();
	my $title = 'Reloaded ' . unique_name('t');
	write_file($conf, $original . "\ntitle = $title\n");
	ok(kill('HUP', pool_pid()), 'SIGHUP the master');
	my $swapped = wait_until(sub {
		my @now = worker_pids();
		return @now == @before && !grep { my $o = $_; grep { $_ == $o } @before } @now;
	}, 15);
	ok($swapped, 'a new generation of workers replaced the old');
	like($c->get('/public/local')->{content}, qr/\Q$title\E/,
	    'pages show the new title');

	# A broken file is refused: the running configuration stays.
	my @good = worker_pids();
	write_file($conf, $original . "\nworkers = many\n");
	kill 'HUP', pool_pid();
	sleep 1;
	is_deeply([worker_pids()], \@good, 'a bad reload keeps the workers');
	like($c->get('/public/local')->{content}, qr/\Q$title\E/,
	    'and the configuration they run');
	like(read_file($log), qr/reload refused.*workers must be a whole number/,
	    'the refusal is logged with the reason');

	write_file($conf, $original);
	kill 'HUP', pool_pid();
	ok(wait_until(sub {
		$c->get('/public/local')->{content} !~ /\Q$title\E/
	}, 15), 'restoring the file and reloading restores the title');
	is(all_ok($c, '/public/local', 2 * $nworkers), '',
	    'all requests succeed');
};

subtest 'a second pool refuses the socket of a running one' => sub {
	my $master = pool_pid();
	my @before = worker_pids();
	my $inode = (stat $socket)[1];
	my ($code, $err) = refused_start($conf);
	ok($code =~ /\A\d+\z/ && $code != 0, "it exits with a failure ($code)");
	like($err, qr/another woolly\.fcgi is listening on \Q$socket\E/,
	    'and says why on stderr');
	is((stat $socket)[1], $inode, 'the socket is left alone');
	is(pool_pid(), $master, 'the running pool is untouched');
	is_deeply([worker_pids()], \@before, 'and so are its workers');
	is(all_ok($member, $profile, 2 * $nworkers), '',
	    'which go on serving through the socket');
};

subtest 'a file that is not a socket is not replaced' => sub {
	my $dir = tempdir('woolly-pool-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	write_file("$dir/p.sock", "keep me\n");
	my ($code, $err) = refused_start(pool_conf($dir, workers => 1));
	ok($code =~ /\A\d+\z/ && $code != 0, "the pool refuses to start ($code)");
	like($err, qr/\Q$dir\E\/p\.sock exists and is not a socket/,
	    'and says why');
	ok(-f "$dir/p.sock" && read_file("$dir/p.sock") eq "keep me\n",
	    'the file is untouched');
};

subtest 'SIGTERM stops a pool and removes its socket' => sub {
	my $dir = tempdir('woolly-pool-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $sock = "$dir/p.sock";
	# A socket left by a crash: nobody answers on it.
	IO::Socket::UNIX->new(Type => SOCK_STREAM, Local => $sock, Listen => 1)
	    or die "$sock: $!";
	ok(-S $sock, 'a stale socket is in the way');
	my $pid = start_pool(pool_conf($dir, workers => 2));
	ok(wait_until(sub { count_workers($pid) == 2 }, 15),
	    'a second pool starts with two workers');
	my ($out, $complete) = fcgi_finish(fcgi_start($sock, 'GET',
	    '/api/v1/instance', 0), '');
	ok($complete && $out =~ /\AStatus: 200 /,
	    'it took the stale socket over and serves on it');
	my @kids = worker_pids($pid);
	ok(kill('TERM', $pid), 'SIGTERM its master');
	waitpid($pid, 0);
	is($? >> 8, 0, 'the master exits with status 0');
	ok(!-e $sock, 'the socket is removed');
	ok(!grep({ alive($_) } @kids), 'no worker is left behind');
	like(read_file("$dir/pool.log"), qr/stopping/, 'the stop is logged');
};

subtest 'SIGTERM after SIGHUP waits for the old generation too' => sub {
	my $dir = tempdir('woolly-pool-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $sock = "$dir/p.sock";
	my $pid = start_pool(pool_conf($dir, workers => 2));
	ok(wait_until(sub { -S $sock && count_workers($pid) == 2 }, 15),
	    'a pool of two workers listens');
	# Two requests whose bodies are held back keep both workers busy.
	# Everything up to the release of the first runs well within the
	# master's ten seconds of grace after SIGTERM.
	my $body = 'username=nobody&password=wrong';
	my @held = map { fcgi_start($sock, 'POST', '/auth/sign_in',
	    length $body) } 1 .. 2;
	my @old;
	ok(wait_until(sub {
		@old = busy_workers($pid, $sock);
		return @old == 2;
	}, 15), 'both workers are serving a request');
	ok(kill('HUP', $pid), 'SIGHUP');
	ok(wait_until(sub { count_workers($pid) == 4 }, 15),
	    'a new generation starts beside the busy old one');
	my %old = map { $_ => 1 } @old;
	my @new = grep { !$old{$_} } worker_pids($pid);
	ok(kill('TERM', $pid), 'then SIGTERM');
	# Reaped, not just exited: the master has looked at what is left.
	ok(wait_until(sub { !grep { -e "/proc/$_" } @new }, 15),
	    'the idle new workers stop and are reaped');
	is("@{[worker_pids($pid)]}", "@old", 'the busy old ones go on');
	ok(waitpid($pid, WNOHANG) == 0 && -S $sock,
	    'the master waits for them, still stopping: its socket is there');

	my ($out, $complete) = fcgi_finish($held[0], $body);
	ok($complete && $out =~ /\AStatus: 403 /,
	    'an old worker finishes its request after the stop began')
	    or diag $out;
	my @left;
	ok(wait_until(sub { @left = worker_pids($pid); @left == 1 }, 10),
	    'then it exits and is reaped');
	is(waitpid($pid, WNOHANG), 0, 'the master still waits for the other');

	# The other request never ends: after its ten seconds the master
	# kills that worker, waits for it, and only then exits.
	waitpid($pid, 0);
	is($? >> 8, 0, 'the master exits with status 0');
	ok(!grep({ alive($_) } @old), 'no old worker is left behind');
	($out, $complete) = fcgi_finish($held[1]);
	ok(!$complete && $out eq '',
	    'the request it was still reading got no answer: the connection closed')
	    or diag $out;
	my $plog = read_file("$dir/pool.log");
	like($plog, qr/1 worker still busy after 10 s: killing it/,
	    'the master says it insisted');
	my $last = $left[0] // 'none';
	like($plog, qr/worker $last killed by signal 9/, 'and whom it killed');
	ok(!-e $sock, 'the socket is removed');
};

done_testing();
