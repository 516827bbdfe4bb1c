# web_notifications.t: the notifications page. It needs a session; it
# says who did what, on which post, newest first, with an "older" link;
# the signed-in menu counts what is unread, and seeing the page moves the
# notifications marker (so the count goes back to zero, and apps agree);
# the clear button needs the form's token. Names are escaped.
use strict;
use warnings;
use Test::More;
use Woolly::Test;

my ($alice_web, $alice) = new_user(prefix => 'wna');
my ($bob_web, $bob) = new_user(prefix => 'wnb');
my $alice_id = account_id_of($alice);
my $alice_user = psql(q{SELECT id FROM users WHERE account_id = :'1'},
    $alice_id);

my $res = client()->get('/notifications');
is($res->{status}, 303, 'signed out: sent to sign in');
like($res->{headers}{location} // '', qr{/auth/sign_in}, '... there');

like($alice_web->get('/home')->{content}, qr{href="/notifications"},
    'the menu links the page');
unlike($alice_web->get('/home')->{content}, qr/unread-count/,
    'with no count while nothing is unread');

psql(q{UPDATE accounts SET display_name = '<script>x</script>'
    WHERE username = :'1' AND domain IS NULL}, $bob);
my $page = $bob_web->get("/\@$alice")->{content};
$res = $bob_web->post_form("/\@$alice/follow",
    [authenticity_token => csrf_from($page)]);
is($res->{status}, 303, 'bob follows alice');
my $post = post_status_id($alice_web, $alice, status => 'fav me please');
psql(q{INSERT INTO favourites (account_id, status_id)
    SELECT id, :'2' FROM accounts WHERE username = :'1' AND domain IS NULL},
    $bob, $post);
post_status_id($bob_web, $bob, status => "hey \@$alice, look");

my $home = $alice_web->get('/home')->{content};
like($home, qr{Notifications <span class="unread-count">\(3<},
    'the menu counts three unread');

$res = $alice_web->get('/notifications');
is($res->{status}, 200, 'GET /notifications: 200');
my $html = $res->{content};
like($html, qr/mentioned you.*favourited your post.*followed you/s,
    'who did what, newest first');
like($html, qr/hey .*look/s, 'the mentioning post is shown');
like($html, qr/fav me please/, 'so is the favourited one');
like($html, qr/&lt;script&gt;x&lt;\/script&gt;/, 'names are escaped');
unlike($html, qr/<script>x/, '... never raw');
is(scalar(() = $html =~ /class="notification [a-z_]+ unread"/g), 3,
    'all three are marked new on this visit');
my $newest = psql(q{SELECT max(id) FROM notifications WHERE account_id = :'1'},
    $alice_id);
is(scalar psql(q{SELECT last_read_id FROM markers WHERE user_id = :'1'
    AND timeline = 'notifications'}, $alice_user), $newest,
    'seeing the page moved the notifications marker to the newest');
unlike($html, qr/unread-count/, 'so this page\'s menu counts nothing');
$html = $alice_web->get('/notifications')->{content};
unlike($html, qr/ unread"/, 'the next visit marks none new');

# More than a page: remote followers.
for (1 .. 21) {
	my $far = psql(q{INSERT INTO accounts (username, domain, uri)
	    VALUES (:'1', 'remote.example', 'https://remote.example/u/' ||
	    :'1') RETURNING id}, unique_name('wf'));
	psql(q{INSERT INTO follows (account_id, target_account_id)
	    VALUES (:'1', :'2')}, $far, $alice_id);
}
like($alice_web->get('/home')->{content}, qr/unread-count">\(21</,
    'the menu counts the new ones');
$html = $alice_web->get('/notifications')->{content};
is(scalar(() = $html =~ /<article class="notification /g), 20,
    'twenty to a page');
my ($older) = $html =~ m{<a rel="next" href="([^"]+)"};
ok(defined $older, 'with a link to older ones');
$older =~ s/&amp;/&/g if defined $older;
$html = $alice_web->get($older // '/notifications')->{content};
like($html, qr/followed you.*mentioned you/s, 'the older page goes on');
is(scalar psql(q{SELECT last_read_id FROM markers WHERE user_id = :'1'
    AND timeline = 'notifications'}, $alice_user),
    psql(q{SELECT max(id) FROM notifications WHERE account_id = :'1'},
    $alice_id), 'an older page never moves the marker back');

$res = $alice_web->post_form('/notifications/clear', []);
is($res->{status}, 403, 'clearing without the form\'s token: 403');
ok(scalar psql(q{SELECT count(*) FROM notifications WHERE account_id = :'1'},
    $alice_id) > 0, '... clears nothing');
$res = $alice_web->post_form('/notifications/clear',
    [authenticity_token => csrf_from($html)]);
is($res->{status}, 303, 'the clear button: 303');
is($res->{headers}{location}, '/notifications', '... back to the page');
is(scalar psql(q{SELECT count(*) FROM notifications WHERE account_id = :'1'},
    $alice_id), 0, 'every notification is gone');
like($alice_web->get('/notifications')->{content}, qr/No notifications/,
    'the page says so');
$res = client()->post_form('/notifications/clear', []);
is($res->{status}, 303, 'signed out, clearing sends to sign in');

done_testing();
