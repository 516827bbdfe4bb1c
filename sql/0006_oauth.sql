-- 0006_oauth: OAuth2 for the client API. Applications register
-- themselves, users grant them scopes, and the grant becomes a bearer
-- token. As with web sessions, only SHA-256 digests of secrets, codes and
-- tokens are stored: a leaked database cannot be replayed.

CREATE SEQUENCE oauth_applications_id_seq;
CREATE SEQUENCE oauth_access_grants_id_seq;
CREATE SEQUENCE oauth_access_tokens_id_seq;

CREATE TABLE oauth_applications (
	id bigint PRIMARY KEY DEFAULT timestamp_id('oauth_applications'),
	name text NOT NULL CHECK (name <> ''),
	website text,
	redirect_uris text[] NOT NULL,
	scopes text NOT NULL DEFAULT 'read',      -- space-separated
	client_id text NOT NULL UNIQUE,
	client_secret_hash bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- Authorization codes: single use, short-lived, bound to the redirect
-- URI and (with PKCE) to the client's challenge.
CREATE TABLE oauth_access_grants (
	id bigint PRIMARY KEY DEFAULT timestamp_id('oauth_access_grants'),
	application_id bigint NOT NULL REFERENCES oauth_applications(id) ON DELETE CASCADE,
	user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash bytea NOT NULL UNIQUE,
	redirect_uri text NOT NULL,
	scopes text NOT NULL,
	code_challenge text,                      -- S256 only
	created_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	used_at timestamptz
);
CREATE INDEX oauth_access_grants_expires ON oauth_access_grants (expires_at);

-- Bearer tokens. user_id is NULL for an application's own token
-- (client_credentials), which may call only the routes that need no user.
CREATE TABLE oauth_access_tokens (
	id bigint PRIMARY KEY DEFAULT timestamp_id('oauth_access_tokens'),
	application_id bigint REFERENCES oauth_applications(id) ON DELETE CASCADE,
	user_id bigint REFERENCES users(id) ON DELETE CASCADE,
	token_hash bytea NOT NULL UNIQUE,
	scopes text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	last_used_at timestamptz,
	last_used_ip inet,
	revoked_at timestamptz
);
CREATE INDEX oauth_access_tokens_user ON oauth_access_tokens (user_id, application_id)
	WHERE revoked_at IS NULL;
