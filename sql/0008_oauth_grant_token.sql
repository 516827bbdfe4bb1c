-- 0008_oauth_grant_token: an authorization code remembers the token it
-- was exchanged for. A code presented a second time means someone else
-- saw it (RFC 6749 4.1.2): that token is then revoked.

ALTER TABLE oauth_access_grants
	ADD COLUMN token_id bigint REFERENCES oauth_access_tokens(id)
	    ON DELETE SET NULL;

-- The settings page and revocation find a person's grants for an app.
CREATE INDEX oauth_access_grants_user ON oauth_access_grants
	(user_id, application_id);
