# signup_race.t: two sign-ups for one name (or one e-mail address) that
# arrive together. Both pass the early "is it taken?" check, so the
# database's unique indexes decide: one gets the account (303), the other
# the form again with the "taken" message (422), never a 500, and the loser
# leaves nothing behind.
#
# Both requests are sent over their own connection up to the last byte of
# the body, then the last bytes go out back to back: nginx hands a request
# to the pool only once its body is complete, so two workers start on them
# at the same moment. Each race is run several times.
use strict;
use warnings;
use HTTP::Tiny;
use IO::Socket::INET;
use Test::More;
use Time::HiRes qw(sleep);
use Woolly::Test;

use constant ROUNDS => 4;

my $TAKEN_NAME = qr/That username is taken\./;
my $TAKEN_EMAIL = qr/That email address is already in use\./;

my ($host_port) = base_url() =~ m{\Ahttps?://([^/]+)};

# A sign-up ready to go: a browser's cookie and token, and the form.
sub prepared_sign_up {
	my ($username, $email) = @_;
	my $c = client();
	my $form = $c->get('/auth/sign_up');
	die "GET /auth/sign_up answered $form->{status}\n"
	    unless $form->{status} == 200;
	my $body = HTTP::Tiny->new->www_form_urlencode([
	    username => $username,
	    email => $email,
	    password => TEST_PASSWORD,
	    password_confirmation => TEST_PASSWORD,
	    authenticity_token => csrf_from($form->{content}),
	]);
	my $cookies = join '; ', map { "$_=" . $c->cookie($_) } $c->jar->names;
	return "POST /auth/sign_up HTTP/1.1\r\nHost: $host_port\r\n" .
	    "Cookie: $cookies\r\nUser-Agent: woolly-test/race\r\n" .
	    "Content-Type: application/x-www-form-urlencoded\r\n" .
	    'Content-Length: ' . length($body) . "\r\n" .
	    "Connection: close\r\n\r\n$body";
}

# Send every request but its last byte, then all the last bytes at once;
# returns the responses as {status, headers (lower-cased, joined), body}.
sub send_together {
	my (@requests) = @_;
	my @socks;
	for my $r (@requests) {
		my $s = IO::Socket::INET->new(PeerAddr => $host_port,
		    Proto => 'tcp', Timeout => 10) or die "connect: $!\n";
		$s->autoflush(1);
		print {$s} substr($r, 0, -1);
		push @socks, $s;
	}
	sleep 0.3;	# let nginx read what it has so far
	print {$socks[$_]} substr($requests[$_], -1) for 0 .. $#socks;
	my @responses;
	for my $s (@socks) {
		my $raw = '';
		eval {
			local $SIG{ALRM} = sub { die "timeout\n" };
			alarm 60;
			local $/;
			$raw = <$s> // '';
			alarm 0;
		};
		alarm 0;
		close $s;
		my ($head, $body) = split /\r\n\r\n/, $raw, 2;
		my ($status) = ($head // '') =~ m{\AHTTP/1\.[01] (\d{3})};
		my %h;
		for my $line (split /\r\n/, $head // '') {
			my ($k, $v) = $line =~ /\A([^:]+):\s*(.*)\z/ or next;
			$h{lc $k} = defined $h{lc $k} ? "$h{lc $k}\n$v" : $v;
		}
		push @responses, { status => $status // 0, headers => \%h,
		    body => $body // '' };
	}
	return @responses;
}

sub count_accounts {
	my ($name) = @_;
	return scalar psql(q{SELECT count(*) FROM accounts
	    WHERE lower(username) = lower(:'1') AND domain IS NULL}, $name);
}

# How often PostgreSQL has refused a duplicate so far: the race reached
# the unique indexes rather than the early check.
sub index_refusals {
	my ($index) = @_;
	open my $fh, '<', $ENV{WOOLLY_TEST_PGLOG} or return 0;
	my $n = 0;
	while (<$fh>) {
		$n++ if /duplicate key value violates unique constraint "\Q$index\E"/;
	}
	close $fh;
	return $n;
}

# One winner (303 home, with a session) and one loser (422 with MESSAGE).
sub one_wins {
	my ($what, $message, @res) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my @statuses = sort { $a <=> $b } map { $_->{status} } @res;
	is("@statuses", '303 422', "$what: one 303 and one 422") or
	    diag(join "\n---\n", map { substr($_->{body}, 0, 400) } @res);
	my ($win) = grep { $_->{status} == 303 } @res;
	my ($lose) = grep { $_->{status} == 422 } @res;
	ok($win && ($win->{headers}{location} // '') eq '/home' &&
	    ($win->{headers}{'set-cookie'} // '') =~ /_woolly_session=[^;]/,
	    "$what: the winner goes home signed in");
	like($lose ? $lose->{body} : '', $message,
	    "$what: the loser is told why");
	return ($win, $lose);
}

subtest 'two sign-ups of one name at once' => sub {
	my $before = index_refusals('accounts_username_domain');
	for my $round (1 .. ROUNDS) {
		my $name = unique_name('race');
		my @res = send_together(
		    prepared_sign_up($name, "a_$name\@example.com"),
		    prepared_sign_up($name, "b_$name\@example.com"));
		one_wins("round $round", $TAKEN_NAME, @res);
		is(count_accounts($name), 1, "round $round: one account");
		is(scalar psql(q{SELECT count(*) FROM users
		    WHERE email IN (:'1', :'2')}, "a_$name\@example.com",
		    "b_$name\@example.com"), 1, "round $round: one user");
	}
	cmp_ok(index_refusals('accounts_username_domain') - $before, '>=', 1,
	    'at least one round was decided by the unique index');
};

subtest 'two sign-ups of one name in different case at once' => sub {
	for my $round (1 .. 2) {
		my $name = unique_name('case');
		my @res = send_together(
		    prepared_sign_up($name, "a_$name\@example.com"),
		    prepared_sign_up(uc $name, "b_$name\@example.com"));
		one_wins("round $round", $TAKEN_NAME, @res);
		is(count_accounts($name), 1, "round $round: one account");
	}
};

subtest 'two sign-ups of one e-mail address at once' => sub {
	my $before = index_refusals('users_email');
	for my $round (1 .. ROUNDS) {
		my ($first, $second) = (unique_name('mail'), unique_name('mail'));
		my $email = "$first\@example.com";
		my @res = send_together(prepared_sign_up($first, $email),
		    prepared_sign_up($second, uc $email));
		my ($win, $lose) = one_wins("round $round", $TAKEN_EMAIL, @res);
		is(count_accounts($first) + count_accounts($second), 1,
		    "round $round: one account, none left without its user");
		is(scalar psql(q{SELECT count(*) FROM users
		    WHERE lower(email) = lower(:'1')}, $email), 1,
		    "round $round: one user with the address");
		# The loser's name is free again.
		my $loser = count_accounts($first) ? $second : $first;
		is(sign_up(client(), $loser, email => "other_$loser\@example.com")
		    ->{status}, 303,
		    "round $round: the losing name can sign up afterwards");
	}
	cmp_ok(index_refusals('users_email') - $before, '>=', 1,
	    'at least one round was decided by the unique index');
};

done_testing();
