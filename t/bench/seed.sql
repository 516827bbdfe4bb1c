-- t/bench/seed.sql: a realistic-looking instance for t/bench/run, made
-- set-based with generate_series. Run by psql as the postgres superuser
-- (it disables every trigger, foreign keys included, during the load):
--
--   psql -v base=http://host -v accounts=10000 -v statuses=1000000 -f seed.sql
--
-- What it makes:
--   * :accounts local accounts user1..userN, uri/url as
--     account_create_local (lib/account.c) makes them; no keys, no users;
--   * a power-law-ish follow graph: everyone follows 20..200 others, 60 %
--     of the picks biased hard towards low user numbers (user1 is the most
--     followed), 40 % uniform;
--   * :statuses statuses over the last year, ids from timestamp_id() at
--     their created_at so they are time-ordered like real ones; authors
--     biased towards low user numbers too (user1 posts ~1 %, user42 ~0.08 %,
--     user10000 ~0.005 %); 80 % public, 10 % unlisted, 7 % private,
--     3 % direct; ~10 % replies to an earlier status (with a mention of
--     its author); ~15 % with one or two of :tags (5000) hashtags, a few
--     of them far more used than the rest;
--   * ~300,000 favourites, ~30,000 bookmarks, a few blocks and mutes;
--   * account_stats and status_stats computed once at the end (the counter
--     triggers are off during the load);
--   * every fifth account (user3, user8, ...: popular and quiet alike) a
--     user with a login, and the home feed of each filled as the fan-out
--     (sql/0013_home_feeds.sql) would have filled it: the statuses of the
--     last 60 days by the user and by those they follow, with the home
--     rules for direct statuses and replies, the newest home_feed_size()
--     of each, and their notifications (mentions, favourites, follows).
--     t/bench/run gives these users sessions and OAuth tokens.
--
-- The secondary indexes of the big tables are dropped during the load and
-- rebuilt from their own definitions afterwards (pg_get_indexdef), so this
-- file does not repeat the schema and follows its changes.

\set ON_ERROR_STOP 1
\if :{?base}
\else
\echo 'seed.sql: run with -v base=SCHEME://DOMAIN'
\quit
\endif
\if :{?accounts}
\else
\set accounts 10000
\endif
\if :{?statuses}
\else
\set statuses 1000000
\endif
\if :{?tags}
\else
\set tags 5000
\endif

SET client_min_messages = warning;
SET synchronous_commit = off;
SET temp_buffers = '512MB';
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SET max_parallel_maintenance_workers = 2;
-- Fixed randomness: every seeded database looks the same.
SELECT setseed(0.42);

BEGIN;

ALTER TABLE accounts DISABLE TRIGGER ALL;
ALTER TABLE account_stats DISABLE TRIGGER ALL;
ALTER TABLE follows DISABLE TRIGGER ALL;
ALTER TABLE statuses DISABLE TRIGGER ALL;
ALTER TABLE status_stats DISABLE TRIGGER ALL;
ALTER TABLE mentions DISABLE TRIGGER ALL;
ALTER TABLE tags DISABLE TRIGGER ALL;
ALTER TABLE status_tags DISABLE TRIGGER ALL;
ALTER TABLE users DISABLE TRIGGER ALL;
ALTER TABLE favourites DISABLE TRIGGER ALL;
ALTER TABLE bookmarks DISABLE TRIGGER ALL;
ALTER TABLE blocks DISABLE TRIGGER ALL;
ALTER TABLE mutes DISABLE TRIGGER ALL;
ALTER TABLE notifications DISABLE TRIGGER ALL;

-- Secondary indexes (not those behind a constraint): dropped now, rebuilt
-- from these definitions after the load.
CREATE TEMP TABLE bench_indexes AS
SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = 'public'::regnamespace
  AND c.relname IN ('statuses', 'follows', 'mentions', 'status_tags',
      'home_feeds', 'favourites', 'bookmarks', 'notifications')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid);
SELECT format('DROP INDEX %I', name) FROM bench_indexes \gexec

-- Accounts ------------------------------------------------------------

CREATE TEMP TABLE b_acct AS
WITH g AS MATERIALIZED (
	SELECT n, 'user' || n AS username,
	    now() - interval '400 days' - random() * interval '600 days' AS ca
	FROM generate_series(1, :accounts) n
)
SELECT n, username, ca, timestamp_id('accounts', ca) AS id FROM g;
CREATE UNIQUE INDEX ON b_acct (n);
ANALYZE b_acct;

INSERT INTO accounts (id, username, display_name, note, note_source, uri,
    url, inbox_url, outbox_url, followers_url, following_url, featured_url,
    shared_inbox_url, public_key_id, created_at, updated_at)
SELECT id, username, 'User ' || n,
    '<p>Hello, I am user number ' || n || '. I post about things.</p>',
    'Hello, I am user number ' || n || '. I post about things.',
    :'base' || '/users/' || username,
    :'base' || '/@' || username,
    :'base' || '/users/' || username || '/inbox',
    :'base' || '/users/' || username || '/outbox',
    :'base' || '/users/' || username || '/followers',
    :'base' || '/users/' || username || '/following',
    :'base' || '/users/' || username || '/collections/featured',
    :'base' || '/inbox',
    :'base' || '/users/' || username || '#main-key',
    ca, ca
FROM b_acct ORDER BY id;

INSERT INTO account_stats (account_id) SELECT id FROM b_acct;

-- Follows -------------------------------------------------------------

CREATE TEMP TABLE b_follow AS
WITH picks AS MATERIALIZED (
	SELECT f,
	    CASE WHEN random() < 0.6
	        THEN 1 + floor(:accounts * random() ^ 3)::int
	        ELSE 1 + floor(:accounts * random())::int END AS t
	FROM generate_series(1, :accounts) f,
	    generate_series(1, 20 + floor(180 * random() ^ 2)::int + 0 * f) k
),
pairs AS MATERIALIZED (
	SELECT DISTINCT f, t FROM picks WHERE f <> t AND t <= :accounts
),
timed AS MATERIALIZED (
	SELECT f, t, now() - random() * interval '365 days' AS ca FROM pairs
)
SELECT f, t, ca, timestamp_id('follows', ca) AS id FROM timed;

INSERT INTO follows (id, account_id, target_account_id, uri, created_at)
SELECT x.id, a.id, b.id, :'base' || '/follows/' || x.id, x.ca
FROM b_follow x JOIN b_acct a ON a.n = x.f JOIN b_acct b ON b.n = x.t
ORDER BY x.id;

-- Tags ----------------------------------------------------------------

CREATE TEMP TABLE b_tag AS
SELECT k, (ARRAY['art', 'music', 'photography', 'caturday', 'books',
    'science', 'linux', 'gardening', 'cooking', 'travel'])[1 + (k - 1) % 10]
    || k AS name
FROM generate_series(1, :tags) k;
ALTER TABLE b_tag ADD COLUMN id bigint;
UPDATE b_tag SET id = timestamp_id('tags', now() - interval '500 days');
INSERT INTO tags (id, name, created_at, updated_at)
SELECT id, name, now() - interval '500 days', now() - interval '500 days'
FROM b_tag;

-- Statuses ------------------------------------------------------------

-- Every random choice is drawn once here, then used by the joins below.
CREATE TEMP TABLE b_st AS
WITH g AS MATERIALIZED (
	SELECT 1 + floor(:accounts * random() ^ 2)::int AS an,
	    now() - random() * interval '365 days' AS ca,
	    random() AS rv, random() AS rr, random() AS rt, random() AS rp,
	    floor(random() * 1000000)::int AS rw
	FROM generate_series(1, :statuses)
),
i AS MATERIALIZED (
	SELECT timestamp_id('statuses', ca) AS id, * FROM g
)
SELECT row_number() OVER (ORDER BY id) AS rn, * FROM i;
CREATE UNIQUE INDEX ON b_st (rn);
ANALYZE b_st;

-- The resolved rows: author, parent (a reply picks one of the 5000
-- statuses before it, nearer ones likelier), the mentioned account,
-- visibility and hashtags.
CREATE TEMP TABLE b_status AS
SELECT s.id, s.ca, a.id AS account_id, a.username,
    CASE WHEN s.rv < 0.80 THEN 'public' WHEN s.rv < 0.90 THEN 'unlisted'
        WHEN s.rv < 0.97 THEN 'private' ELSE 'direct' END AS visibility,
    p.id AS parent_id, pa.id AS parent_account_id,
    CASE WHEN p.id IS NOT NULL AND p.an <> s.an THEN p.an
        WHEN p.id IS NULL AND s.rv >= 0.97
            THEN 1 + (s.an + 1 + floor(s.rp * 100)::int) % :accounts
        END AS mention_n,
    CASE WHEN s.rt < 0.15 THEN 1 + floor((s.rt / 0.15) ^ 3 * :tags)::int END
        AS tag1,
    CASE WHEN s.rt < 0.03 THEN 1 + (floor(s.rt * 1e6)::int % :tags) END AS tag2,
    s.rw
FROM b_st s
JOIN b_acct a ON a.n = s.an
LEFT JOIN b_st p ON s.rr < 0.10 AND s.rn > 1
    AND p.rn = s.rn - 1 - floor(s.rp ^ 2 * least(4999, s.rn - 2))::bigint
LEFT JOIN b_acct pa ON pa.n = p.an;
ANALYZE b_status;

-- Text: a few sentences picked from a small corpus by the row's own
-- random word rw, plus the mention and hashtags as lib/format.c renders
-- them.
CREATE TEMP TABLE b_words AS
SELECT ARRAY[
    'Just finished a long walk by the river and the light was lovely.',
    'Does anyone know a good book about the history of typography?',
    'Coffee first, then the inbox. That is the rule.',
    'Our little server has been running for a year now without a hiccup.',
    'I keep forgetting how much I like writing small C programs.',
    'The garden is finally producing more tomatoes than we can eat.',
    'Reading about PostgreSQL query planning again, as one does.',
    'New photos from the trip are up, mostly clouds and mountains.',
    'Reminder that it is fine to log off for a while.',
    'Baked bread today. The kitchen smells wonderful.',
    'Is it just me or are the trains extra late this week?',
    'Listening to an old album I had completely forgotten about.',
    'Hot take: tabs for indentation, spaces for alignment.',
    'The cat has claimed the warm spot on the keyboard again.',
    'Wrote a long thread yesterday and then deleted it. Growth.',
    'Spring cleaning of my dotfiles is going better than expected.',
    'Tiny win: fixed a bug that has bothered me for months.',
    'Anyone else watching the meteor shower tonight?',
    'Learning to knit. Results so far: mostly knots.',
    'Some days you write code, some days you write documentation.'
] AS w;

INSERT INTO statuses (id, uri, url, account_id, text, content, visibility,
    language, in_reply_to_id, in_reply_to_account_id, local, created_at,
    updated_at)
SELECT s.id,
    :'base' || '/users/' || s.username || '/statuses/' || s.id,
    :'base' || '/@' || s.username || '/' || s.id,
    s.account_id,
    coalesce('@' || m.username || ' ', '') || t1 || ' ' || t2
        || coalesce(' #' || g1.name, '') || coalesce(' #' || g2.name, ''),
    '<p>'
        || coalesce('<span class="h-card" translate="no"><a href="'
            || :'base' || '/@' || m.username
            || '" class="u-url mention">@<span>' || m.username
            || '</span></a></span> ', '')
        || t1 || ' ' || t2
        || coalesce(' <a href="' || :'base' || '/tags/' || g1.name
            || '" class="mention hashtag" rel="tag">#<span>' || g1.name
            || '</span></a>', '')
        || coalesce(' <a href="' || :'base' || '/tags/' || g2.name
            || '" class="mention hashtag" rel="tag">#<span>' || g2.name
            || '</span></a>', '')
        || '</p>',
    s.visibility, 'en', s.parent_id, s.parent_account_id, true, s.ca, s.ca
FROM b_status s
CROSS JOIN b_words w
CROSS JOIN LATERAL (SELECT w.w[1 + s.rw % 20] AS t1,
    w.w[1 + (s.rw / 20) % 20] AS t2) txt
LEFT JOIN b_acct m ON m.n = s.mention_n
LEFT JOIN b_tag g1 ON g1.k = s.tag1
LEFT JOIN b_tag g2 ON g2.k = s.tag2 AND s.tag2 <> s.tag1
ORDER BY s.id;

INSERT INTO mentions (id, status_id, account_id)
SELECT timestamp_id('mentions', s.ca), s.id, m.id
FROM b_status s JOIN b_acct m ON m.n = s.mention_n
ORDER BY s.id;

INSERT INTO status_tags (tag_id, status_id)
SELECT g.id, s.id FROM b_status s JOIN b_tag g ON g.k = s.tag1
UNION
SELECT g.id, s.id FROM b_status s JOIN b_tag g ON g.k = s.tag2;

-- Counters, as the triggers would have kept them ----------------------

UPDATE account_stats st SET
    statuses_count = coalesce(s.n, 0),
    last_status_at = s.last,
    following_count = coalesce(fo.n, 0),
    followers_count = coalesce(fr.n, 0)
FROM accounts a
LEFT JOIN (SELECT account_id, count(*) AS n, max(created_at) AS last
    FROM statuses WHERE deleted_at IS NULL AND visibility <> 'direct'
    GROUP BY account_id) s
    ON s.account_id = a.id
LEFT JOIN (SELECT account_id, count(*) AS n FROM follows
    GROUP BY account_id) fo ON fo.account_id = a.id
LEFT JOIN (SELECT target_account_id, count(*) AS n FROM follows
    GROUP BY target_account_id) fr ON fr.target_account_id = a.id
WHERE st.account_id = a.id;

-- Favourites (0.3 per status), bookmarks (0.03), blocks (2 % of accounts
-- block two others) and mutes (5 % mute two): a little of each, so that
-- what reads them is planned as on an instance where they exist, not as
-- scans of empty tables. Favourites go mostly to popular authors' posts,
-- from anyone.
CREATE TEMP TABLE b_mark AS
SELECT DISTINCT ON (rn, an) * FROM (
	SELECT 1 + floor(:statuses * random())::bigint AS rn,
	    1 + floor(:accounts * random())::int AS an,
	    random() < 0.1 AS bookmark
	FROM generate_series(1, :statuses * 3 / 10)) m;
INSERT INTO favourites (id, account_id, status_id, created_at)
SELECT timestamp_id('favourites', s.ca), a.id, s.id, s.ca
FROM b_mark m JOIN b_st s ON s.rn = m.rn JOIN b_acct a ON a.n = m.an
ORDER BY 1;
INSERT INTO bookmarks (id, account_id, status_id, created_at)
SELECT timestamp_id('bookmarks', s.ca), a.id, s.id, s.ca
FROM b_mark m JOIN b_st s ON s.rn = m.rn JOIN b_acct a ON a.n = m.an
WHERE m.bookmark ORDER BY 1;

INSERT INTO blocks (account_id, target_account_id)
SELECT DISTINCT a.id, t.id
FROM b_acct a, generate_series(1, 2) k,
    LATERAL (SELECT 1 + floor(:accounts * random() + 0 * k + 0 * a.n)::int
        AS n) pick
JOIN b_acct t ON t.n = pick.n
WHERE a.n % 50 = 7 AND t.id <> a.id;
INSERT INTO mutes (account_id, target_account_id)
SELECT DISTINCT a.id, t.id
FROM b_acct a, generate_series(1, 2) k,
    LATERAL (SELECT 1 + floor(:accounts * random() + 0 * k + 0 * a.n)::int
        AS n) pick
JOIN b_acct t ON t.n = pick.n
WHERE a.n % 20 = 11 AND t.id <> a.id
  AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = a.id
      AND b.target_account_id = t.id);

INSERT INTO status_stats (status_id, replies_count, favourites_count)
SELECT id, sum(replies), sum(favs) FROM (
	SELECT in_reply_to_id AS id, count(*) AS replies, 0 AS favs
	FROM statuses
	WHERE in_reply_to_id IS NOT NULL AND deleted_at IS NULL
	    AND visibility IN ('public', 'unlisted')
	GROUP BY in_reply_to_id
	UNION ALL
	SELECT status_id, 0, count(*) FROM favourites GROUP BY status_id
) c
GROUP BY id;

-- Users and their home feeds ------------------------------------------

INSERT INTO users (account_id, email, password_hash, confirmed_at)
SELECT id, username || '@bench.invalid', '!', now() FROM b_acct
WHERE n % 5 = 3 ORDER BY id;

INSERT INTO home_feeds (account_id, status_id, author_id)
SELECT reader, id, account_id FROM (
	SELECT x.reader, x.id, x.account_id, row_number() OVER (
	    PARTITION BY x.reader ORDER BY x.id DESC) AS rank
	FROM (
		SELECT f.account_id AS reader, s.id, s.account_id
		FROM statuses s
		JOIN follows f ON f.target_account_id = s.account_id
		JOIN users u ON u.account_id = f.account_id
		WHERE s.created_at > now() - interval '60 days'
		  AND (s.visibility <> 'direct' OR EXISTS (SELECT 1
		      FROM mentions m WHERE m.status_id = s.id
		      AND m.account_id = f.account_id))
		  AND (s.in_reply_to_id IS NULL
		      OR s.in_reply_to_account_id IN (s.account_id, f.account_id)
		      OR EXISTS (SELECT 1 FROM follows f2
		          WHERE f2.account_id = f.account_id
		          AND f2.target_account_id = s.in_reply_to_account_id))
		UNION ALL
		SELECT s.account_id, s.id, s.account_id
		FROM statuses s JOIN users u ON u.account_id = s.account_id
		WHERE s.created_at > now() - interval '60 days'
	) x
) ranked
WHERE rank <= home_feed_size()
ORDER BY reader, id;

-- The users' notifications, as the triggers of sql/0011 make them: a
-- mention, a favourite of one's status, a follow; favourites and follows
-- grouped by the hour (notification_group_key).
INSERT INTO notifications (id, account_id, from_account_id, type, status_id,
    created_at, group_key)
SELECT timestamp_id('notifications', n.ca), n.* FROM (
	SELECT m.account_id, s.account_id AS from_id, 'mention' AS type,
	    s.id AS status_id, s.created_at AS ca, NULL AS group_key
	FROM mentions m JOIN statuses s ON s.id = m.status_id
	JOIN users u ON u.account_id = m.account_id
	WHERE s.account_id <> m.account_id
	UNION ALL
	SELECT s.account_id, f.account_id, 'favourite', s.id, f.created_at,
	    'favourite-' || s.id || '-'
	    || floor(extract(epoch FROM f.created_at) / 3600)::bigint
	FROM favourites f JOIN statuses s ON s.id = f.status_id
	JOIN users u ON u.account_id = s.account_id
	WHERE f.account_id <> s.account_id
	UNION ALL
	SELECT fo.target_account_id, fo.account_id, 'follow', NULL,
	    fo.created_at, 'follow-'
	    || floor(extract(epoch FROM fo.created_at) / 3600)::bigint
	FROM follows fo JOIN users u ON u.account_id = fo.target_account_id
) n (account_id, from_id, type, status_id, ca, group_key)
ORDER BY 1;

-- Every user's unread count, as the users trigger of sql/0014 makes it:
-- not counted yet (the first page a user loads counts it).
INSERT INTO notification_unread_counts (account_id)
SELECT u.account_id FROM users u ON CONFLICT DO NOTHING;

SELECT def FROM bench_indexes \gexec

ALTER TABLE accounts ENABLE TRIGGER ALL;
ALTER TABLE account_stats ENABLE TRIGGER ALL;
ALTER TABLE follows ENABLE TRIGGER ALL;
ALTER TABLE statuses ENABLE TRIGGER ALL;
ALTER TABLE status_stats ENABLE TRIGGER ALL;
ALTER TABLE mentions ENABLE TRIGGER ALL;
ALTER TABLE tags ENABLE TRIGGER ALL;
ALTER TABLE status_tags ENABLE TRIGGER ALL;
ALTER TABLE users ENABLE TRIGGER ALL;
ALTER TABLE favourites ENABLE TRIGGER ALL;
ALTER TABLE bookmarks ENABLE TRIGGER ALL;
ALTER TABLE blocks ENABLE TRIGGER ALL;
ALTER TABLE mutes ENABLE TRIGGER ALL;
ALTER TABLE notifications ENABLE TRIGGER ALL;

COMMIT;

VACUUM (ANALYZE, FREEZE);
CHECKPOINT;
