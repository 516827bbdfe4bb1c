# timeouts.t: one slow query cannot hold the workers. A statement of a web
# request that runs longer than statement_timeout (2 s in the test stack)
# is cancelled and the visitor gets a 503 page at once; the worker serves
# the next request normally.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(time sleep);
use Woolly::Test;

my ($user, $name) = new_user(prefix => 'slow');
post_status_id($user, $name, status => 'something to show');

# Hold an exclusive lock on the statuses table from another session for
# $seconds, so every query that reads statuses waits behind it. Returns
# the pid of the psql holding it once the lock is granted.
sub hold_statuses_lock {
	my ($seconds) = @_;
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		{ no warnings 'exec';
		  exec 'psql', '-X', '-q', '-d', $ENV{WOOLLY_TEST_DB}, '-c',
		      "BEGIN; LOCK TABLE statuses IN ACCESS EXCLUSIVE MODE; "
		      . "SELECT pg_sleep($seconds); COMMIT;"; }
		POSIX::_exit(127);
	}
	my $held = wait_until(sub {
		scalar psql(q{SELECT count(*) FROM pg_locks l
		    JOIN pg_class c ON c.oid = l.relation
		    WHERE c.relname = 'statuses' AND l.mode = 'AccessExclusiveLock'
		    AND l.granted});
	}, 10);
	die "the lock was never granted\n" unless $held;
	return $pid;
}

subtest 'a query cancelled by statement_timeout gives a 503 page' => sub {
	my $log = "$ENV{WOOLLY_TEST_DIR}/log/woolly.log";
	my $offset = -s $log;
	my $holder = hold_statuses_lock(8);
	my @workers = worker_pids();
	my $t0 = time;
	# Signed in, so the page cache cannot answer.
	my $res = $user->get('/public/local');
	my $took = time - $t0;
	is($res->{status}, 503, 'the page answers 503') or
	    diag(substr($res->{content} // '', 0, 300));
	like($res->{headers}{'content-type'} // '', qr{\Atext/html},
	    'as an HTML page');
	like($res->{content}, qr/Try again in a moment/, 'that says to retry');
	ok($res->{headers}{'retry-after'}, 'with Retry-After');
	diag(sprintf 'answered after %.1f s (statement_timeout is 2 s)', $took);
	$res = $user->get('/api/v1/timelines/public');
	is($res->{status}, 503, 'an API read waiting on the lock: 503 too');
	like($res->{headers}{'content-type'} // '', qr{\Aapplication/json},
	    'as JSON');
	is($user->get('/hello')->{status}, 200,
	    'meanwhile a page that needs no statuses answers');
	waitpid($holder, 0);
	is($user->get('/public/local')->{status}, 200,
	    'once the lock is gone the same page answers 200');
	is_deeply([worker_pids()], \@workers,
	    'from the same workers: none hung or was replaced');
	like(substr(read_file($log), $offset),
	    qr/canceling statement due to statement timeout/,
	    'this request\'s statement was the one cancelled (logged)');
};

done_testing();
