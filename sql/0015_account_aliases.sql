-- 0015_account_aliases: the other accounts an account says it also is
-- (ActivityPub's alsoKnownAs, as URIs). A local account publishes them in
-- its actor; a remote one's are what a Move is checked against (the
-- target of a move must name the account that moved).
ALTER TABLE accounts ADD COLUMN also_known_as text[] NOT NULL DEFAULT '{}';
