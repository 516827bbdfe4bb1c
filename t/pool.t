# pool.t: the pre-forked FastCGI pool keeps serving through the failures
# it is built for: a worker killed mid-run is replaced, PostgreSQL
# restarting under it is survived without restarting the pool, SIGHUP
# reloads the configuration gracefully (and refuses a broken one), and
# SIGTERM stops a pool cleanly.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use Time::HiRes qw(sleep);
use Woolly::Test;

my $c = client();
my $conf = $ENV{WOOLLY_TEST_CONF};

sub all_ok {
	my ($path, $n) = @_;
	my @bad;
	for (1 .. $n) {
		my $res = $c->get($path);
		push @bad, $res->{status} if $res->{status} != 200;
	}
	return @bad ? "statuses: @bad" : '';
}

# worker_pids() returns a sorted list; count it in list context.
sub count_workers {
	my @w = worker_pids(@_);
	return scalar @w;
}

sub read_file {
	my ($path) = @_;
	open my $fh, '<', $path or die "$path: $!";
	local $/;
	return scalar <$fh>;
}

sub write_file {
	my ($path, $text) = @_;
	open my $fh, '>', $path or die "$path: $!";
	print {$fh} $text;
	close $fh or die "$path: $!";
}

my @workers = worker_pids();
my $nworkers = scalar @workers;
ok($nworkers >= 2, "the pool runs several workers ($nworkers)");

subtest 'a killed worker is replaced and requests keep succeeding' => sub {
	my $victim = $workers[0];
	ok(kill('KILL', $victim), "SIGKILL worker $victim");
	my $replaced = wait_until(sub {
		my @now = worker_pids();
		return @now == $nworkers && !grep { $_ == $victim } @now;
	}, 10);
	ok($replaced, 'the master forked a replacement');
	is(all_ok('/public/local', 3 * $nworkers), '',
	    'every following request succeeds');
};

subtest 'a worker killed while serving is replaced too' => sub {
	# Kill every worker at once while requests are arriving: whatever a
	# worker was doing, the master must bring the pool back to strength.
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		my $bg = client();
		$bg->get('/public/local') for 1 .. 40;
		POSIX::_exit(0);
	}
	sleep 0.2;
	my %killed = map { $_ => 1 } worker_pids();
	kill 'KILL', keys %killed;
	waitpid($pid, 0);
	# A killed worker may still show for a moment before it is a zombie:
	# count only the new ones.
	ok(wait_until(sub {
		my @now = worker_pids();
		return @now == $nworkers && !grep { $killed{$_} } @now;
	}, 10), 'the pool is back to full strength');
	is(all_ok('/public/local', 2 * $nworkers), '',
	    'the next requests succeed');
};

subtest 'PostgreSQL restarts under the running pool' => sub {
	my $master = pool_pid();
	my @before = worker_pids();
	ok(pg_restart(), 'PostgreSQL restarted');
	# Every worker held a connection the restart cut: each must notice
	# and reconnect on its own, without an error reaching the client.
	is(all_ok('/public/local', 4 * $nworkers), '',
	    'requests that need the database succeed right away');
	my ($name) = unique_name('pgre');
	my ($cl) = new_user(username => $name);
	my $home = $cl->get('/home');
	is($home->{status}, 200, 'writes (sign-up, session) work too');
	is(pool_pid(), $master, 'the pool was not restarted');
	is_deeply([worker_pids()], \@before, 'no worker had to be replaced');
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
	my $log = read_file("$ENV{WOOLLY_TEST_DIR}/log/woolly.log");
	like($log, qr/reload refused.*workers must be a whole number/,
	    'the refusal is logged with the reason');

	write_file($conf, $original);
	kill 'HUP', pool_pid();
	ok(wait_until(sub {
		$c->get('/public/local')->{content} !~ /\Q$title\E/
	}, 15), 'restoring the file and reloading restores the title');
	is(all_ok('/public/local', 2 * $nworkers), '', 'all requests succeed');
};

subtest 'SIGTERM stops a pool and removes its socket' => sub {
	my $dir = tempdir('woolly-pool-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $sock = "$dir/p.sock";
	my $text = read_file($conf);
	$text =~ s/^\s*fastcgi_socket\s*=.*$/fastcgi_socket = $sock/m;
	$text =~ s/^\s*workers\s*=.*$/workers = 2/m;
	$text =~ s/^\s*log_file\s*=.*$/log_file = $dir\/pool.log/m;
	write_file("$dir/woolly.conf", $text);
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		{ no warnings 'exec'; exec "$ENV{WOOLLY_TEST_BUILD}/cgi/woolly.fcgi",
		    '-c', "$dir/woolly.conf"; }
		POSIX::_exit(127);
	}
	ok(wait_until(sub { -S $sock && count_workers($pid) == 2 }, 15),
	    'a second pool listens with two workers');
	my @kids = worker_pids($pid);
	ok(kill('TERM', $pid), 'SIGTERM its master');
	waitpid($pid, 0);
	is($? >> 8, 0, 'the master exits with status 0');
	ok(!-e $sock, 'the socket is removed');
	ok(!grep({ kill 0, $_ } @kids), 'no worker is left behind');
	like(read_file("$dir/pool.log"), qr/stopping/, 'the stop is logged');
};

done_testing();
