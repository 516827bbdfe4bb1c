-- 0007_blocks_mutes: what one account does about another besides
-- following: blocks (both ways invisible, no follow), mutes (hidden from
-- the muter's timelines and, optionally, notifications; may expire) and
-- the private note a user keeps about an account.

CREATE SEQUENCE blocks_id_seq;
CREATE SEQUENCE mutes_id_seq;

CREATE TABLE blocks (
	id bigint PRIMARY KEY DEFAULT timestamp_id('blocks'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	uri text,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (account_id, target_account_id),
	CHECK (account_id <> target_account_id)
);
CREATE INDEX blocks_target ON blocks (target_account_id, account_id);

CREATE TABLE mutes (
	id bigint PRIMARY KEY DEFAULT timestamp_id('mutes'),
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	hide_notifications boolean NOT NULL DEFAULT true,
	expires_at timestamptz,                   -- NULL: until unmuted
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (account_id, target_account_id),
	CHECK (account_id <> target_account_id)
);
CREATE INDEX mutes_expires ON mutes (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE account_notes (
	account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	target_account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	comment text NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (account_id, target_account_id)
);
