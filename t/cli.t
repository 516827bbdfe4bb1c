# cli.t: woollyctl and woolly-housekeep as an administrator uses them:
# clear usage, meaningful exit codes, and commands that do what they say.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use POSIX ();
use Time::HiRes qw(sleep);
use Woolly::Test;

my $build = $ENV{WOOLLY_TEST_BUILD};
my $dir = tempdir('woolly-cli-XXXXXX', TMPDIR => 1, CLEANUP => 1);

subtest 'usage errors exit 2 and explain' => sub {
	my ($rc, $out, $err) = run_command(["$build/cli/woollyctl"]);
	is($rc, 2, 'no command: exit 2');
	like($err, qr/usage: woollyctl/, 'usage is printed');
	like($err, qr/account create NAME --email EMAIL/, 'commands listed');
	($rc, $out, $err) = woollyctl('frobnicate');
	is($rc, 2, 'unknown command: exit 2');
	like($err, qr/unknown command 'frobnicate'/, 'and it is named');
	($rc, $out, $err) = woollyctl('account', 'create', 'someone');
	is($rc, 2, 'missing --email: exit 2');
	like($err, qr/--email is required/, 'the missing option is named');
	($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-x']);
	is($rc, 2, 'an unknown option: exit 2');
	like($err, qr/usage: woollyctl/, 'with the usage');
};

subtest '-h and --help print the usage and exit 0' => sub {
	for my $flag ('-h', '--help') {
		my ($rc, $out, $err) = run_command(["$build/cli/woollyctl",
		    $flag]);
		is($rc, 0, "$flag: exit 0");
		like($out, qr/\Ausage: woollyctl/, "$flag: the usage, on stdout");
		like($out, qr/account suspend NAME/, "$flag: commands listed");
		is($err, '', "$flag: nothing on stderr");
	}
};

subtest 'config check' => sub {
	my ($rc, $out, $err) = woollyctl('config', 'check');
	is($rc, 0, 'the test configuration is valid');
	like($out, qr/configuration OK/, 'and says so');
	like($out, qr/^max_status_length = 500$/m, 'values are listed');
	write_file("$dir/bad.conf", "# comment\ndomain = example.com\nwrokers = 4\n");
	($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    "$dir/bad.conf", 'config', 'check']);
	is($rc, 1, 'an unknown key: exit 1');
	like($err, qr{bad\.conf:3: unknown key 'wrokers'},
	    'the message names the file, line and key');
	write_file("$dir/bad.conf", "registrations = sometimes\n");
	($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    "$dir/bad.conf", 'config', 'check']);
	is($rc, 1, 'a bad value: exit 1');
	like($err, qr/:1: registrations must be one of: open approval closed/,
	    'the message lists the choices');
	($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    "$dir/missing.conf", 'config', 'check']);
	is($rc, 1, 'a missing file: exit 1');
	like($err, qr/missing\.conf/, 'named in the message');
};

# libpq names the socket it tried; the password must appear nowhere.
subtest 'a database that cannot be reached: the reason, not the password' => sub {
	for my $database (
	    'host=/nonexistent dbname=x user=y password=s3cret-XYZ',
	    'postgresql://y:s3cret-XYZ@/x?host=/nonexistent') {
		write_file("$dir/db.conf", "database = $database\n");
		my ($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
		    "$dir/db.conf", 'migrate']);
		is($rc, 1, "$database: exit 1");
		like($err, qr/cannot connect to the database/,
		    "$database: says so");
		like($err, qr{connection to server on socket "/nonexistent/},
		    "$database: with libpq's reason");
		unlike($err, qr/s3cret-XYZ/, "$database: not the password");
	}

	# libpq quotes back a string it cannot parse, password and all.
	my $database = 'postgresql://y:s3cret-XYZ%zz@/x?host=/nonexistent';
	write_file("$dir/db.conf", "database = $database\n");
	my ($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    "$dir/db.conf", 'account', 'password', 'someone']);
	is($rc, 1, 'a malformed URI holding a password: exit 1');
	like($err, qr/not a valid connection string/, 'says what is wrong');
	unlike($err, qr/s3cret-XYZ/, 'without quoting the password');

	# A bare database name is what libpq and the pool accept too.
	write_file("$dir/db.conf", "database = no_such_woolly_db\n");
	($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    "$dir/db.conf", 'migrate']);
	is($rc, 1, 'a bare database name that cannot be reached: exit 1');
	unlike($err, qr/not a valid connection string/,
	    'it is taken as a database name, not refused as malformed');
	like($err, qr/cannot connect to the database/, 'it was tried');

	# Without a password libpq's complaint is worth showing.
	write_file("$dir/db.conf", "database = host=/nonexistent dbnmae=x\n");
	($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    "$dir/db.conf", 'migrate']);
	is($rc, 1, 'a misspelt key: exit 1');
	like($err, qr/\(database = host=\/nonexistent dbnmae=x\): not a valid connection string: invalid connection option "dbnmae"/,
	    'the setting and the misspelt key are shown');
};

# A server that accepts the connection and then says nothing: without a
# connect timeout libpq would wait for ever.
subtest 'database_connect_timeout bounds the wait for a silent server' => sub {
	require IO::Socket::INET;
	my $silent = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
	    LocalPort => 0, Listen => 5, Proto => 'tcp') or die "listen: $!";
	my $port = $silent->sockport;
	write_file("$dir/silent.conf", "database = host=127.0.0.1 port=$port "
	    . "dbname=x user=y\ndatabase_connect_timeout = 1\n");
	local $SIG{ALRM} = sub { die "woollyctl still waits after 60 s\n" };
	alarm 60;
	my ($rc, $out, $err) = run_command(["$build/cli/woollyctl", '-c',
	    "$dir/silent.conf", 'migrate']);
	alarm 0;
	is($rc, 1, 'exit 1');
	like($err, qr/cannot connect to the database.*timeout expired/s,
	    'libpq gave up: timeout expired');
	close $silent;
};

subtest 'the example configuration matches the built-in table' => sub {
	my ($rc, $out) = woollyctl('config', 'example');
	is($rc, 0, 'config example runs');
	open my $fh, '<', "$ENV{WOOLLY_TEST_SRC}/woolly.conf.example"
	    or return fail("woolly.conf.example: $!");
	local $/;
	my $file = <$fh>;
	is($file, $out, 'woolly.conf.example is what `config example` prints');
};

subtest 'account create, password and role' => sub {
	my $name = unique_name('ctl');
	my ($rc, $out, $err) = woollyctl('account', 'create', $name, '--email',
	    "$name\@example.com");
	is($rc, 0, 'account create: exit 0') or diag($err);
	my ($password) = $out =~ /^password: (\S+)$/m;
	ok(defined $password && length($password) >= 16,
	    'a generated password is printed');
	my $c = client();
	is(sign_in($c, $name, $password)->{status}, 303,
	    'the printed password signs in');
	is(psql("SELECT role FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.username = :'1'", $name),
	    'user', 'the default role is user');

	($rc, $out, $err) = woollyctl('account', 'create', uc $name, '--email',
	    "other-$name\@example.com");
	is($rc, 1, 'a taken username (in any case): exit 1');
	like($err, qr/taken/, 'says it is taken');
	($rc, $out, $err) = woollyctl('account', 'create', "x$name", '--email',
	    "$name\@example.com");
	is($rc, 1, 'an email in use: exit 1');
	like($err, qr/in use/, 'says the email is in use');
	($rc, $out, $err) = woollyctl('account', 'create', 'bad-name!',
	    '--email', 'b@example.com');
	is($rc, 1, 'an invalid username: exit 1');
	like($err, qr/invalid username/, 'explains the rule');
	($rc, $out, $err) = woollyctl('account', 'create', "r$name", '--email',
	    "r$name\@example.com", '--role', 'king');
	is($rc, 1, 'an invalid role: exit 1');

	($rc, $out, $err) = woollyctl('account', 'password', $name);
	is($rc, 0, 'account password: exit 0');
	my ($fresh) = $out =~ /^password: (\S+)$/m;
	ok($fresh && $fresh ne $password, 'a new password is printed');
	is($c->get('/home')->{status}, 303,
	    'the old session ended with the password change');
	is(sign_in(client(), $name, $password)->{status}, 422,
	    'the old password no longer works');
	is(sign_in(client(), $name, $fresh)->{status}, 303,
	    'the new one does');
	($rc, $out, $err) = woollyctl('account', 'password', 'nobody_here_x');
	is($rc, 1, 'unknown account: exit 1');
	like($err, qr/no local account named 'nobody_here_x'/, 'named');

	($rc, $out, $err) = woollyctl('account', 'role', $name, 'admin');
	is($rc, 0, 'account role: exit 0');
	is(psql("SELECT role FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.username = :'1'", $name),
	    'admin', 'the role changed');
	($rc, $out, $err) = woollyctl('account', 'role', $name, 'emperor');
	is($rc, 1, 'a bad role: exit 1');
	like($err, qr/invalid role 'emperor'/, 'named');
};

sub suspended {
	my ($id) = @_;
	return psql('SELECT suspended_at IS NOT NULL FROM accounts WHERE id = :1',
	    $id);
}

sub sessions_of {
	my ($id) = @_;
	return psql('SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.account_id = :1',
	    $id);
}

subtest 'account suspend and unsuspend a local account' => sub {
	my ($c, $name) = new_user(prefix => 'susp');
	my $id = account_id_of($name);
	my $visitor = client();
	is($visitor->get("/\@$name")->{status}, 200, 'the profile shows');
	my $res = $visitor->get("/\@$name");
	is($res->{headers}{'x-cache'}, 'HIT', 'from the page cache');
	is($c->get('/home')->{status}, 200, 'the user is signed in');
	is(sessions_of($id), 1, 'with one session');

	my ($rc, $out, $err) = woollyctl('account', 'suspend', uc $name);
	is($rc, 0, 'suspend (any case): exit 0') or diag($err);
	is($out, "suspended $name\n", 'says so with the stored name');
	is(suspended($id), 't', 'suspended_at is set');
	is(sessions_of($id), 0, 'its sessions are gone');
	$res = $c->get('/home');
	is($res->{status}, 303, 'the session no longer signs it in');
	like($res->{headers}{location} // '', qr{/auth/sign_in}, 'to sign in');
	is($visitor->get("/\@$name")->{status}, 410,
	    'the profile answers 410 at once: the cached copy is retired');
	is(sign_in(client(), $name)->{status}, 403, 'signing in is refused');

	($rc, $out, $err) = woollyctl('account', 'suspend', $name);
	is($rc, 0, 'suspending again: exit 0');
	is($out, "$name is already suspended\n", 'says it already is');

	# Cached while suspended, so unsuspending must retire it too.
	$res = $visitor->get("/api/v1/accounts/$id");
	ok(json_of($res)->{suspended}, 'the API marks it suspended');
	($rc, $out, $err) = woollyctl('account', 'unsuspend', $name);
	is($rc, 0, 'unsuspend: exit 0') or diag($err);
	is($out, "unsuspended $name\n", 'says so');
	is(suspended($id), 'f', 'suspended_at is cleared');
	is($visitor->get("/\@$name")->{status}, 200, 'the profile is back');
	$res = $visitor->get("/api/v1/accounts/$id");
	ok(!exists json_of($res)->{suspended},
	    'and the API no longer marks it suspended');
	is($c->get('/home')->{status}, 303,
	    'the ended session stays ended');
	is(sign_in(client(), $name)->{status}, 303, 'signing in works again');

	($rc, $out, $err) = woollyctl('account', 'unsuspend', $name);
	is($rc, 0, 'unsuspending again: exit 0');
	is($out, "$name is not suspended\n", 'says it is not');
};

subtest 'account suspend: names, remote accounts and mistakes' => sub {
	my ($c, $name) = new_user(prefix => 'susp');
	my $id = account_id_of($name);
	my ($rc, $out, $err) = woollyctl('account', 'suspend',
	    "$name\@" . uc domain());
	is($rc, 0, 'NAME@our-domain: exit 0') or diag($err);
	is($out, "suspended $name\n", 'is the local account');
	is(suspended($id), 't', 'which is suspended');

	# Suspended by hand in SQL, the way it was done before: the command
	# still ends the sessions it left open.
	my ($c2, $name2) = new_user(prefix => 'susp');
	my $id2 = account_id_of($name2);
	psql('UPDATE accounts SET suspended_at = now() WHERE id = :1', $id2);
	is(sessions_of($id2), 1, 'suspended by hand, a session is left');
	($rc, $out) = woollyctl('account', 'suspend', $name2);
	is($rc, 0, 'suspend: exit 0');
	is($out, "$name2 is already suspended\n", 'says it already is');
	is(sessions_of($id2), 0, 'and the session is gone');

	my $remote = unique_name('far');
	my $rid = psql(q{INSERT INTO accounts (username, domain, uri)
	    VALUES (:'1', 'remote.example', 'https://remote.example/users/' || :'1')
	    RETURNING id}, $remote);
	($rc, $out, $err) = woollyctl('account', 'suspend',
	    uc($remote) . '@Remote.Example');
	is($rc, 0, 'a remote NAME@DOMAIN, any case: exit 0') or diag($err);
	is($out, "suspended $remote\@remote.example\n",
	    'says so with the full name');
	is(suspended($rid), 't', 'the remote account is suspended');
	($rc, $out) = woollyctl('account', 'unsuspend', "\@$remote\@remote.example");
	is($rc, 0, '@NAME@DOMAIN is accepted too');
	is(suspended($rid), 'f', 'and unsuspended');

	($rc, $out, $err) = woollyctl('account', 'suspend', "$name\@remote.example");
	is($rc, 1, 'a local name on another domain: exit 1');
	like($err, qr/no account named '\Q$name\E\@remote\.example'/,
	    'there is no such account');
	for my $cmd ('suspend', 'unsuspend') {
		($rc, $out, $err) = woollyctl('account', $cmd, 'nobody_here_x');
		is($rc, 1, "$cmd an unknown name: exit 1");
		like($err, qr/no account named 'nobody_here_x'/, 'named');
		($rc, $out, $err) = woollyctl('account', $cmd);
		is($rc, 2, "$cmd without a name: exit 2");
		like($err, qr/usage: woollyctl account $cmd NAME/, 'with usage');
		($rc, $out, $err) = woollyctl('account', $cmd, 'a', 'b');
		is($rc, 2, "$cmd with two names: exit 2");
		($rc, $out, $err) = woollyctl('account', $cmd, "$name\@");
		is($rc, 2, "$cmd NAME\@ (no domain): exit 2");
		like($err, qr/invalid account name/, 'explains');
	}
	is(suspended($id), 't', 'none of the mistakes changed anything');
};

subtest 'migrate is idempotent and rolls back a failing file' => sub {
	my ($rc, $out, $err) = woollyctl('migrate');
	is($rc, 0, 'migrate on an up-to-date database: exit 0');
	like($out, qr/up to date/, 'nothing to do');

	my $sql = "$dir/sql";
	mkdir $sql or die $!;
	for my $f (glob "$ENV{WOOLLY_TEST_SRC}/sql/*.sql") {
		my ($base) = $f =~ m{([^/]+)\z};
		symlink $f, "$sql/$base" or die $!;
	}
	write_file("$sql/9999_broken.sql",
	    "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n");
	local $ENV{WOOLLY_SQL_DIR} = $sql;
	($rc, $out, $err) = woollyctl('migrate');
	is($rc, 1, 'a failing migration: exit 1');
	like($err, qr/9999_broken\.sql/, 'the message names the file');
	like($err, qr/no_such_function/, "and carries PostgreSQL's message");
	is(psql("SELECT count(*) FROM schema_migrations WHERE version = '9999_broken.sql'"),
	    0, 'it is not recorded');
	is(psql("SELECT to_regclass('half_done') IS NULL"), 't',
	    'and nothing it did is left');
};

subtest 'woolly-housekeep removes expired sessions and stale limits' => sub {
	my $hk = "$build/cron/woolly-housekeep";
	my ($c, $name) = new_user();
	psql("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT u.id FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.username = :'1')", $name);
	psql("INSERT INTO rate_limits (bucket, hits, expires_at) VALUES ('test:stale', 3, now() - interval '1 second')");
	my ($rc, $out, $err) = run_command([$hk, '-c', $ENV{WOOLLY_TEST_CONF}]);
	is($rc, 0, 'exit 0') or diag($err);
	is(psql("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id JOIN accounts a ON a.id = u.account_id WHERE a.username = :'1'", $name),
	    0, 'the expired session is gone');
	is(psql("SELECT count(*) FROM rate_limits WHERE bucket = 'test:stale'"),
	    0, 'the stale rate-limit row is gone');
	is($c->get('/home')->{status}, 303, 'and it no longer signs anyone in');

	($rc) = run_command([$hk, '-c', $ENV{WOOLLY_TEST_CONF}]);
	is($rc, 0, 'nothing to do: still exit 0');

	# Delivered activities are kept a week after they were processed;
	# one still waiting is kept however old.
	my $old = "((date_part('epoch', now() - interval '8 days') * 1000)" .
	    "::bigint << 16)";
	psql("INSERT INTO inbox_activities (id, activity_uri, activity_type, " .
	    "actor_uri, body, processed_at, outcome) VALUES " .
	    "($old + 1, 'https://hk.test/a/old', 'Like', 'https://hk.test/u', " .
	    "'{}', now() - interval '8 days', 'done'), " .
	    "($old + 2, 'https://hk.test/a/waiting', 'Like', " .
	    "'https://hk.test/u', '{}', NULL, NULL), " .
	    "(timestamp_id('inbox_activities'), 'https://hk.test/a/new', " .
	    "'Like', 'https://hk.test/u', '{}', now(), 'done')");
	($rc, $out, $err) = run_command([$hk, '-c', $ENV{WOOLLY_TEST_CONF}]);
	is($rc, 0, 'with old inbox activities: exit 0') or diag($err);
	is(join(',', psql("SELECT activity_uri FROM inbox_activities WHERE " .
	    "activity_uri LIKE 'https://hk.test/%' ORDER BY activity_uri")),
	    'https://hk.test/a/new,https://hk.test/a/waiting',
	    'the one processed a week ago is gone, the others kept');
	psql("DELETE FROM inbox_activities WHERE activity_uri LIKE " .
	    "'https://hk.test/%'");

	# While another copy holds the lock, a second run does nothing.
	psql("INSERT INTO rate_limits (bucket, hits, expires_at) VALUES ('test:stale2', 1, now() - interval '1 second')");
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		run_command(['psql', '-X', '-q', '-d', $ENV{WOOLLY_TEST_DB}],
		    "SELECT pg_advisory_lock(5772002); SELECT pg_sleep(3);");
		POSIX::_exit(0);
	}
	wait_until(sub {
		psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 5772002") > 0
	}, 10);
	($rc, $out, $err) = run_command([$hk, '-c', $ENV{WOOLLY_TEST_CONF}]);
	is($rc, 0, 'a run that finds the lock taken exits 0');
	is(psql("SELECT count(*) FROM rate_limits WHERE bucket = 'test:stale2'"),
	    1, 'and leaves the work to the lock holder');
	waitpid($pid, 0);
	($rc) = run_command([$hk, '-c', $ENV{WOOLLY_TEST_CONF}]);
	is(psql("SELECT count(*) FROM rate_limits WHERE bucket = 'test:stale2'"),
	    0, 'the next run does it');
	($rc, $out, $err) = run_command([$hk, '-x']);
	is($rc, 2, 'a bad option: exit 2');
	like($err, qr/usage: woolly-housekeep/, 'with usage');
};

done_testing();
