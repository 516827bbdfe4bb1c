# page_cache_scopes.t: cached pages learn of changes from the database
# (sql/0020: triggers name the scopes a transaction touched; the writer
# moves those generations on before it answers), whoever writes: a web
# request, the API, cron/woolly-inbox or woollyctl. Remote traffic that
# touches no local content retires only the pages that can show remote
# content (the federated timeline), not the instance's own pages (local
# timeline, actors, its posts); a remote reply to or favourite of a local
# post retires those too. A write that fails changes no page.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use Woolly::Test;
use Woolly::Peer;

my $AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
my $AP = 'application/activity+json';
my $peer = Woolly::Peer->start;
my ($api, $name) = api_user(prefix => 'scope');
my $anon = client();
my $alice = $peer->actor('alice', 'remote.test');
my $n = 0;

sub cache_state {
	my ($res) = @_;
	return $res->{headers}{'x-cache'} // 'none';
}

my $posted = $api->post_json('/api/v1/statuses',
    { status => 'scoped words', visibility => 'public' });
is($posted->{status}, 200, 'a local public post') or diag $posted->{content};
my $local_id = json_of($posted)->{id};
my $local_uri = base_url() . "/users/$name/statuses/$local_id";

# The pages checked, each as [what, path, headers].
my %pages = (
	local_timeline => ['/public/local', {}],
	actor => ["/users/$name", { Accept => $AP }],
	note => ["/users/$name/statuses/$local_id", { Accept => $AP }],
	status_page => ["/\@$name/$local_id", {}],
	federated => ['/api/v1/timelines/public', {}],
);

sub load {
	my ($page) = @_;
	my ($path, $headers) = @{ $pages{$page} };
	my $res = $anon->get($path, $headers);
	is($res->{status}, 200, "$page: 200") or diag $res->{content};
	return $res;
}

# Load every page twice: the second load must be a hit.
sub warm {
	for my $page (sort keys %pages) {
		load($page);
		is(cache_state(load($page)), 'HIT', "$page: cached");
	}
}

sub note_from {
	my ($actor, %o) = @_;
	$n++;
	my $id = "$actor->{id}/statuses/scope$n";
	return { id => $id, type => 'Note', attributedTo => $actor->{id},
	    content => "<p>remote words $n</p>",
	    published => '2026-12-01T10:00:00Z', to => [$AS_PUBLIC],
	    cc => ["$actor->{id}/followers"], %o };
}

sub deliver_and_process {
	my ($activity) = @_;
	my $res = $peer->deliver($alice, '/inbox', $activity);
	is($res->{status}, 202, "$activity->{type}: 202") or
	    diag $res->{content};
	my ($rc, $err) = $peer->process;
	is($rc, 0, 'woolly-inbox -1: exit 0') or diag $err;
	is(scalar psql('SELECT outcome FROM inbox_activities WHERE ' .
	    "activity_uri = :'1'", $activity->{id}), 'done',
	    "$activity->{type}: processed");
}

sub create_of {
	my ($note) = @_;
	return { '@context' => 'https://www.w3.org/ns/activitystreams',
	    id => "$note->{id}/activity", type => 'Create',
	    actor => $alice->{id}, to => $note->{to}, cc => $note->{cc},
	    object => $note };
}

# The remote actor is known (its key was fetched with its first
# delivery) and followed, so its posts are taken, before the pages are
# warmed: its first appearance is a remote change of its own.
is($peer->deliver($alice, '/inbox', create_of(note_from($alice)))
    ->{status}, 202, 'a first delivery: the actor is fetched');
psql(q{INSERT INTO follows (account_id, target_account_id)
    SELECT l.id, r.id FROM accounts l, accounts r
    WHERE l.domain IS NULL AND l.username = :'1' AND r.uri = :'2'},
    $name, $alice->{id});
deliver_and_process(create_of(note_from($alice)));

subtest 'a remote post retires only what can show it' => sub {
	warm();
	my $note = note_from($alice);
	deliver_and_process(create_of($note));
	for my $page (qw(local_timeline actor note status_page)) {
		is(cache_state(load($page)), 'HIT',
		    "$page: still cached (local content only)");
	}
	my $fed = load('federated');
	isnt(cache_state($fed), 'HIT', 'federated timeline: fresh');
	like($fed->{content}, qr/remote words $n/,
	    'and it shows the remote post');
};

subtest 'a remote reply to a local post retires the local pages' => sub {
	warm();
	my $reply = note_from($alice, inReplyTo => $local_uri,
	    content => '<p>a reply from afar</p>');
	deliver_and_process(create_of($reply));
	my $page = load('status_page');
	isnt(cache_state($page), 'HIT', 'the thread page: fresh');
	like($page->{content}, qr/a reply from afar/, 'and shows the reply');
	isnt(cache_state(load('note')), 'HIT',
	    'the local Note (its replies count): fresh');
};

subtest 'a remote favourite of a local post retires its pages' => sub {
	warm();
	my $like = { '@context' => 'https://www.w3.org/ns/activitystreams',
	    id => "$alice->{id}/likes/scope" . ++$n, type => 'Like',
	    actor => $alice->{id}, object => $local_uri };
	deliver_and_process($like);
	my $page = load('status_page');
	isnt(cache_state($page), 'HIT', 'the status page: fresh');
	my $api_status = $anon->get("/api/v1/statuses/$local_id");
	is(json_of($api_status)->{favourites_count}, 1,
	    'the count is the new one');
};

subtest 'API writes retire pages; failed writes do not' => sub {
	warm();
	my $res = $api->post_json('/api/v1/statuses',
	    { status => 'x' x 600 });
	is($res->{status}, 422, 'a post too long: 422');
	$res = $api->post_form('/api/v1/statuses/999999999/favourite', {});
	is($res->{status}, 404, 'favouriting nothing: 404');
	is(cache_state(load('local_timeline')), 'HIT',
	    'the local timeline: still cached');
	$res = $api->post_form("/api/v1/statuses/$local_id/favourite", {});
	is($res->{status}, 200, 'a favourite');
	isnt(cache_state(load('status_page')), 'HIT',
	    'the status page: fresh after it');
	warm();
	$res = $api->patch_json('/api/v1/accounts/update_credentials',
	    { display_name => 'Scoped Person' });
	is($res->{status}, 200, 'a profile update');
	my $actor = load('actor');
	isnt(cache_state($actor), 'HIT', 'the actor: fresh');
	like($actor->{content}, qr/Scoped Person/, 'with the new name');
};

subtest 'woollyctl changes retire pages too' => sub {
	warm();
	my ($code, undef, $err) = woollyctl('domain', 'block',
	    'scoped-away.test', '--severity', 'suspend');
	is($code, 0, 'woollyctl domain block') or diag $err;
	isnt(cache_state(load('local_timeline')), 'HIT',
	    'the local timeline: fresh');
	($code, undef, $err) = woollyctl('domain', 'unblock',
	    'scoped-away.test');
	is($code, 0, 'and unblock') or diag $err;
};

done_testing;
