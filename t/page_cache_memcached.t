# page_cache_memcached.t: the page cache when memcached goes away. While
# it is gone, signed-out pages and API answers are still served (rendered
# every time, no X-Cache header), signing in and posting work, and what is
# posted shows at once. When it is back, no page older than the newest
# change is served: not after a restart (an empty memcached), and not after
# it was merely out of reach for a while with its old pages kept, when the
# writer could not move the content generation on.
#
# Three outages: memcached stopped and started again; memcached frozen
# (SIGSTOP: connections hang and time out); and memcached out of reach
# with its data kept, made by pointing the pool at a small TCP relay that
# the test cuts (connections refused) and restores. memcached is always
# running again, and the configuration restored, when the file ends.
use strict;
use warnings;
use IO::Select;
use IO::Socket::INET;
use POSIX ();
use Test::More;
use Time::HiRes qw(sleep time);
use Woolly::Test;

my @PAGES = ('/public/local', '/api/v1/timelines/public');

sub cache_state {
	my ($res) = @_;
	return $res->{headers}{'x-cache'} // 'none';
}

# Load a signed-out page until it comes from the cache (the cache is in
# use again); returns the hit, or undef after 15 s.
sub cached {
	my ($path) = @_;
	my $anon = client();
	my $hit;
	wait_until(sub {
		my $res = $anon->get($path);
		$hit = $res if $res->{status} == 200 && cache_state($res) eq 'HIT';
		return $hit;
	}, 15);
	return $hit;
}

# Every load of each page, for a while after an outage: none may lack the
# newest text, and the cache must be serving again by the end (so that
# freshness is not merely the cache being bypassed).
sub fresh_after_outage {
	my ($text, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	for my $path (@PAGES) {
		my $anon = client();
		my ($loads, $stale, $hits) = (0, 0, 0);
		my $deadline = time + 8;
		while (time < $deadline && $hits < 3) {
			my $res = $anon->get($path);
			$loads++;
			if ($res->{status} != 200 || $res->{content} !~ /\Q$text\E/) {
				$stale++;
				diag("$path load $loads: $res->{status} " .
				    cache_state($res) . ' without the newest post')
				    if $stale <= 3;
			}
			$hits++ if cache_state($res) eq 'HIT';
			sleep 0.1;
		}
		is($stale, 0, "$what: $path never older than the newest post " .
		    "($loads loads)");
		cmp_ok($hits, '>=', 1, "$what: $path comes from the cache again");
	}
}

sub served_without_cache {
	my ($text, $what) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	for my $path (@PAGES) {
		my $res = client()->get($path);
		is($res->{status}, 200, "$what: $path answers 200");
		is(cache_state($res), 'none', "$what: $path without X-Cache");
		like($res->{content}, qr/\Q$text\E/,
		    "$what: $path shows the post made meanwhile");
	}
}

my ($alice, $name) = new_user(prefix => 'mcdown');
my $text = 'before any outage ' . unique_name('w');
post_status_id($alice, $name, status => $text);

subtest 'memcached stopped: pages are served, sign-in and posting work' => sub {
	for my $path (@PAGES, "/\@$name", '/api/v1/instance') {
		ok(cached($path), "$path comes from the cache at first");
	}
	memcached_stop();
	my $ok = eval {
		for my $path ("/\@$name", '/api/v1/instance') {
			my $res = client()->get($path);
			is($res->{status}, 200, "$path answers 200");
			is(cache_state($res), 'none', "$path without X-Cache");
		}
		my $c = client();
		is(sign_in($c, $name)->{status}, 303, 'signing in works');
		is($c->get('/home')->{status}, 200, 'and so does /home');
		my ($newbie) = new_user(prefix => 'mcdown');
		is($newbie->get('/home')->{status}, 200, 'and signing up');

		$text = 'while memcached is stopped ' . unique_name('w');
		ok(post_status_id($c, $name, status => $text), 'a post is made');
		served_without_cache($text, 'stopped');
		like(client()->get("/\@$name")->{content}, qr/\Q$text\E/,
		    'the profile shows it too');
		1;
	};
	my $error = $@;
	memcached_start();
	die $error unless $ok;
	fresh_after_outage($text, 'restarted');

	$text = 'after the restart ' . unique_name('w');
	post_status_id($alice, $name, status => $text);
	like(client()->get('/public/local')->{content}, qr/\Q$text\E/,
	    'a post after the restart shows at once');
};

subtest 'memcached frozen: pages cached before are not served after' => sub {
	ok(cached($_), "$_ is cached before the freeze") for @PAGES;
	my $pid = memcached_pid() or die "memcached does not run\n";
	ok(kill('STOP', $pid), 'memcached is frozen (SIGSTOP)');
	my $ok = eval {
		# Visitors keep coming: their workers time out on memcached.
		for (1 .. 6) {
			is(client()->get('/public/local')->{status}, 200,
			    'a visitor is served meanwhile');
		}
		$text = 'while memcached is frozen ' . unique_name('w');
		ok(post_status_id($alice, $name, status => $text),
		    'a post is made');
		served_without_cache($text, 'frozen');
		1;
	};
	my $error = $@;
	kill 'CONT', $pid;
	die $error unless $ok;
	sleep 3;	# libmemcached's retry timeout
	fresh_after_outage($text, 'thawed');
};

# --- memcached out of reach, its pages kept ----------------------------

# A TCP relay to the stack's memcached in a child process, which alone
# holds the listening socket: once it is killed, connections are refused
# while memcached keeps everything.
sub relay_start {
	my ($port) = @_;
	my $listen = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
	    LocalPort => $port // 0, Listen => 64, ReuseAddr => 1,
	    Proto => 'tcp') or die "relay: cannot listen: $!\n";
	my $pid = fork;
	die "fork: $!\n" unless defined $pid;
	if ($pid == 0) {
		relay_loop($listen);
		POSIX::_exit(0);
	}
	$port = $listen->sockport;
	close $listen;
	return ($pid, $port);
}

sub relay_loop {
	my ($listen) = @_;
	my $sel = IO::Select->new($listen);
	my %other;
	while (1) {
		for my $fh ($sel->can_read) {
			if ($fh == $listen) {
				my $in = $listen->accept or next;
				my $out = IO::Socket::INET->new(
				    PeerAddr => $ENV{WOOLLY_TEST_MEMCACHED},
				    Proto => 'tcp');
				unless ($out) {
					close $in;
					next;
				}
				@other{$in, $out} = ($out, $in);
				$sel->add($in, $out);
				next;
			}
			# Its partner may have closed it in this same round.
			my $to = $other{$fh} or next;
			my $n = sysread($fh, my $data, 65536);
			my $off = 0;
			while ($n && $off < $n) {
				my $w = syswrite($to, $data, $n - $off, $off);
				last unless $w;
				$off += $w;
			}
			next if $n && $off == $n;
			$sel->remove($fh, $to);
			delete @other{$fh, $to};
			close $fh;
			close $to;
		}
	}
}

my $relay_pid;

sub relay_stop {
	return unless $relay_pid;
	kill 'KILL', $relay_pid;
	waitpid($relay_pid, 0);
	undef $relay_pid;
}

subtest 'memcached out of reach with its pages kept: none served stale' => sub {
	my $port;
	($relay_pid, $port) = relay_start();
	config_override(memcached => "127.0.0.1:$port");
	ok(cached($_), "$_ is cached through the relay") for @PAGES;

	relay_stop();
	ok(!IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port",
	    Proto => 'tcp', Timeout => 2), 'memcached is out of reach');
	like(memcached_request('version') // '', qr/\AVERSION/,
	    'though it runs, with its pages');
	$text = 'while memcached is out of reach ' . unique_name('w');
	ok(post_status_id($alice, $name, status => $text), 'a post is made');
	served_without_cache($text, 'out of reach');

	($relay_pid) = relay_start($port);
	ok(IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port",
	    Proto => 'tcp', Timeout => 2), 'memcached is in reach again');
	sleep 3;	# libmemcached's retry timeout
	fresh_after_outage($text, 'back in reach');

	config_restore();
	relay_stop();
};

# INSTALL asks for a memcached of woolly's own on a unix socket when the
# host is shared: the pool must be able to use one.
my $socket_memcached;
subtest 'a memcached on a unix socket is used' => sub {
	my $dir = "$ENV{WOOLLY_TEST_DIR}/run/memcached-unix";
	mkdir $dir;
	chmod 0777, $dir;
	my $sock = "$dir/m.sock";
	my ($code, $out, $err) = run_command(['memcached', '-d', '-u', 'nobody',
	    '-s', $sock, '-a', '0770', '-m', '16', '-P', "$dir/m.pid"]);
	is($code, 0, 'memcached listens on a unix socket') or diag($err);
	ok(wait_until(sub { -S $sock }, 10), 'its socket exists');
	$socket_memcached = "$dir/m.pid";
	config_override(memcached => $sock);
	my $anon = client();
	$anon->get('/public/local');
	is(cache_state($anon->get('/public/local')), 'HIT',
	    'pages are cached');
	require IO::Socket::UNIX;
	my $s = IO::Socket::UNIX->new(Peer => $sock) or die "$sock: $!";
	print {$s} "stats\r\n";
	my $items;
	while (my $line = <$s>) {
		$items = $1 if $line =~ /\ASTAT curr_items (\d+)/;
		last if $line =~ /\AEND/;
	}
	close $s;
	ok($items, "in the memcached on the socket ($items items)");
	my $text = 'through the socket ' . unique_name('u');
	post_status_id($alice, $name, status => $text);
	like($anon->get('/public/local')->{content}, qr/\Q$text\E/,
	    'and a change is seen at once');
	config_restore();
};

# Whatever happened, leave memcached running and reachable.
END {
	if ($socket_memcached && open my $fh, '<', $socket_memcached) {
		chomp(my $pid = <$fh> // '');
		kill 'TERM', $pid if $pid =~ /\A\d+\z/;
	}
	if ($ENV{WOOLLY_TEST_URL}) {
		local ($?, $@);
		eval {
			relay_stop();
			config_restore();
			my $pid = memcached_pid();
			if ($pid) {
				kill 'CONT', $pid;
			} else {
				memcached_start();
			}
			1;
		} or print STDERR "# memcached was not brought back: $@";
	}
}

done_testing();
