# client_toot.t: toot, Debian's Mastodon command-line client, through the
# daily loop against woolly, driven by its commands as a person types
# them (with a throwaway HOME for its configuration): `login_cli` signs
# one user in with a password, `login` the other with an authorization
# code pasted from woolly's out-of-band page; then post, reply, timeline
# (home and public), follow, favourite, reblog, bookmark, bookmarks,
# notifications, whoami and search. What toot prints is checked, and what
# woolly stored behind it.
use strict;
use utf8;
use warnings;
use File::Temp qw(tempdir);
use JSON::PP ();
use Test::More;
use Woolly::Test;
use Woolly::Clients;

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

my ($a, $b) = client_users('toot');
my $marker = marker_word('toot');
my $instance = domain();
my $home = tempdir('woolly-toot-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my %env = (HOME => $home, XDG_CONFIG_HOME => "$home/config",
    COLUMNS => 100, TOOT_POST_VISIBILITY => 'public');

# One toot session (t/clients/toot_cli.py) for the whole loop: each
# command as typed after `toot`. Returns (exit code, what it printed,
# what it printed on stderr). on_line, if given, sees each printed line
# and may answer a question toot asks; stdin is text piped into it.
my $session = spawn(cmd => ['/usr/bin/python3', 't/clients/toot_cli.py'],
    env => \%env, timeout => 120);

sub toot {
	my ($args, %o) = @_;
	my ($out, $err, $code) = ('', '');
	$session->send(JSON::PP->new->canonical->encode({
	    argv => [(map { "$_" } @$args), '--no-color'],
	    (defined $o{stdin} ? (stdin => $o{stdin}) : ()) }) . "\n");
	while (defined(my $line = $session->read_line)) {
		my $msg = JSON::PP->new->decode($line);
		if (exists $msg->{exit}) {
			$code = $msg->{exit};
			last;
		}
		if (exists $msg->{err}) {
			$err .= "$msg->{err}\n";
			next;
		}
		$out .= "$msg->{out}\n";
		my $answer = $o{on_line} ? $o{on_line}->($msg->{out}) : undef;
		$session->send($answer) if defined $answer;
	}
	die "the toot session ended during toot @$args\n" unless defined $code;
	diag("toot @$args exited with $code:\n$out$err") if $code != 0;
	return ($code, $out, $err);
}

sub toot_as {
	my ($user, @args) = @_;
	return toot([@args, '--using', "$user\@$instance"]);
}

sub config {
	my $text = eval { read_file("$home/config/toot/config.json") };
	return $text ? JSON::PP->new->decode($text) : {};
}

# The ids of the statuses a timeline printed ("ID 123  ↲ In reply to ...").
sub printed_ids {
	my ($out) = @_;
	return [$out =~ /^ID (\d+)/mg];
}

sub posted_id_ok {
	my ($out, $name) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my ($url, $id) = $out =~ m{Toot posted: (\S+/(\d+))\s*$}m;
	like($url // '', qr{\A\Q${\ base_url() }\E/\@\w+/\d+\z},
	    "$name: toot says where it is") or diag($out);
	return $id // 0;
}

# --- signing in --------------------------------------------------------

my ($client_id, %token);
subtest 'login_cli: the password grant' => sub {
	my ($code, $out) = toot(['login_cli', '--instance', $instance,
	    '--disable-https', '--email', "$a\@example.com"],
	    stdin => TEST_PASSWORD . "\n");
	is($code, 0, 'toot login_cli succeeds');
	like($out, qr/running Mastodon version 4\./,
	    'it read the instance and its version');
	like($out, qr/Successfully logged in/, '... and says it signed in');
	my $config = config();
	$client_id = $config->{apps}{$instance}{client_id};
	ok($client_id, 'it keeps the app it registered');
	is(scalar psql(q{SELECT name FROM oauth_applications
	    WHERE client_id = :'1'}, $client_id // ''),
	    'toot - a Mastodon CLI client', '... under its name');
	$token{$a} = $config->{users}{"$a\@$instance"}{access_token};
	token_of_app_ok($token{$a}, $client_id, $a, 'the token',
	    qw(read write follow));
};

subtest 'login: the authorization code, pasted' => sub {
	my ($url, $authorized) = ('', undef);
	my ($code, $out) = toot(['login', '--instance', $instance,
	    '--disable-https'], on_line => sub {
		my ($line) = @_;
		return undef unless $line =~ m{\A(https?://\S+/oauth/authorize/?\?\S+)};
		$url = $1;
		$authorized = oauth_authorize_code($url, $b);
		# No browser to open; then the code at its prompt.
		return "n\n$authorized->{code}\n";
	    });
	is($code, 0, 'toot login succeeds') or diag($out);
	like($url, qr{\Ahttp://\Q$instance\E/oauth/authorize/\?},
	    'it sent the person to /oauth/authorize/ (with the slash)');
	like($url, qr/client_id=\Q$client_id\E/, '... for the same app');
	ok($authorized && !defined $authorized->{location},
	    'the code was on the out-of-band page');
	like($out, qr/Successfully logged in/, 'toot says it signed in');
	my $config = config();
	$token{$b} = $config->{users}{"$b\@$instance"}{access_token};
	token_of_app_ok($token{$b}, $client_id, $b, 'the token',
	    qw(read write follow));
	is($config->{active_user}, "$b\@$instance", 'the new user is active');
	ok($config->{users}{"$a\@$instance"}, 'the first is still kept');
};

subtest 'whoami' => sub {
	my ($code, $out) = toot_as($a, 'whoami');
	like($out, qr/^\@\Q$a\E\b/m, 'the user');
	like($out, qr/^ID: \Q${\ account_id_of($a) }\E$/m, '... and their id');
};

# --- posting and reading -------------------------------------------------

my %id;
subtest 'post and reply' => sub {
	my ($code, $out) = toot_as($b, 'post', "first $marker");
	$id{b1} = posted_id_ok($out, 'the other user posts');
	($code, $out) = toot_as($a, 'post', "hello $marker");
	$id{s1} = posted_id_ok($out, 'the user posts');
	($code, $out) = toot_as($a, 'post', "\@$b reply $marker",
	    '--reply-to', $id{b1});
	$id{r1} = posted_id_ok($out, 'the reply');
	my %want = (b1 => [$b, "first $marker", undef],
	    s1 => [$a, "hello $marker", undef],
	    r1 => [$a, "\@$b reply $marker", $id{b1}]);
	for my $k (sort keys %want) {
		my $row = status_row($id{$k});
		my ($author, $text, $reply_to) = @{ $want{$k} };
		is(lc($row->{account} // ''), lc $author, "$k: by \@$author");
		is($row->{text}, $text, "$k: the text");
		is($row->{in_reply_to_id}, $reply_to, "$k: in reply to " .
		    ($reply_to // 'nothing'));
	}
};

subtest 'timelines' => sub {
	my ($code, $out) = toot_as($a, 'timeline', '--once', '--count', 20);
	my $ids = printed_ids($out);
	ok((grep { $_ eq $id{s1} } @$ids), 'home shows the post') or diag($out);
	ok((grep { $_ eq $id{r1} } @$ids), '... and the reply');
	like($out, qr/^ID \Q$id{r1}\E\s+↲ In reply to \Q$id{b1}\E/m,
	    '... as a reply to the other user\'s post');
	ok(!(grep { $_ eq $id{b1} } @$ids),
	    '... not the post of someone not followed');
	($code, $out) = toot_as($a, 'timeline', '--public', '--once',
	    '--count', 20);
	$ids = printed_ids($out);
	ok((grep { $_ eq $id{s1} } @$ids), 'public shows the post');
	ok((grep { $_ eq $id{b1} } @$ids), '... and the other user\'s');
	like($out, qr/hello \Q$marker\E/, '... with its text');
};

subtest 'follow' => sub {
	my ($code, $out) = toot_as($a, 'follow', $b);
	is($code, 0, 'toot follow finds the account (by search) and follows');
	like($out, qr/You are now following \Q$b\E/, '... and says so');
	is(scalar psql(q{SELECT count(*) FROM follows WHERE account_id = :'1'
	    AND target_account_id = :'2'}, account_id_of($a), account_id_of($b)),
	    1, 'the follow is stored');
	($code, $out) = toot_as($b, 'post', "second $marker");
	$id{b2} = posted_id_ok($out, 'the followed user posts again');
	($code, $out) = toot_as($a, 'timeline', '--once', '--count', 20);
	my $ids = printed_ids($out);
	ok((grep { $_ eq $id{b1} } @$ids),
	    'home now shows the followed user\'s earlier post');
	ok((grep { $_ eq $id{b2} } @$ids), '... and the new one');
};

subtest 'favourite, reblog, bookmark' => sub {
	my ($code, $out) = toot_as($a, 'favourite', $id{b1});
	like($out, qr/Status favourited/, 'favourite');
	($code, $out) = toot_as($a, 'reblog', $id{b1});
	like($out, qr/Status reblogged/, 'reblog');
	($code, $out) = toot_as($a, 'bookmark', $id{b1});
	like($out, qr/Status bookmarked/, 'bookmark');
	my $res = client(token => $token{$a})->get("/api/v1/statuses/$id{b1}");
	my $s = json_of($res) || {};
	ok($s->{favourited} && $s->{reblogged} && $s->{bookmarked},
	    'the status is now favourited, reblogged and bookmarked for the user');
	is($s->{favourites_count}, 1, '... counted once');
	($code, $out) = toot_as($a, 'bookmarks', '--once');
	is_deeply(printed_ids($out), [$id{b1}], 'toot bookmarks lists it');
};

subtest 'notifications' => sub {
	my ($code, $out) = toot_as($b, 'favourite', $id{s1});
	like($out, qr/Status favourited/, 'the other user favourites the post');
	($code, $out) = toot_as($a, 'notifications');
	like($out, qr/\@\Q$b\E favourited your status/,
	    'the user reads that they did');
	like($out, qr/favourited your status.*?^ID \Q$id{s1}\E\b/ms,
	    '... with the post');
	($code, $out) = toot_as($b, 'notifications');
	like($out, qr/\@\Q$a\E now follows you/, 'the other user: the follow');
	like($out, qr/\@\Q$a\E mentioned you in/, '... the mention');
	like($out, qr/\@\Q$a\E reblogged your status/, '... the reblog');
	like($out, qr/\@\Q$a\E favourited your status/, '... the favourite');
	($code, $out) = toot_as($b, 'notifications', '--mentions');
	like($out, qr/^ID \Q$id{r1}\E\b/m, '--mentions: the reply');
	unlike($out, qr/now follows you/, '... only mentions');
};

subtest 'search' => sub {
	my ($code, $out) = toot_as($a, 'search', $b);
	like($out, qr/^Accounts:\n(?:\* .*\n)*\* \@\Q$b\E\b/m,
	    'the other user is found by name');
	($code, $out) = toot_as($a, 'search', 'nobody' . $marker);
	like($out, qr/Nothing found/, 'and nothing for a word nobody used');
};

my ($code, $stderr) = $session->finish;
is($code, 0, 'the toot session ends cleanly') or diag($stderr);

done_testing();
