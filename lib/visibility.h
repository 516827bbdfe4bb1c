/*
 * visibility: who may see a status, written once as SQL fragments that
 * every query over `statuses s` splices in. A status is shown when it is
 * not deleted, its author is not suspended, and it is public or unlisted
 * or status_visible_to() (sql/) lets the viewer see it. Testing public and
 * unlisted inline spares most rows the function call.
 */
#ifndef WOOLLY_VISIBILITY_H
#define WOOLLY_VISIBILITY_H

/*
 * The account whose id is the SQL expression id is not suspended: a probe
 * of the small partial index accounts_suspended (sql/0005).
 */
#define ACCOUNT_NOT_SUSPENDED(id) \
	"NOT EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = " id " " \
	"AND sa.suspended_at IS NOT NULL)"
/* The author of s is not suspended. */
#define AUTHOR_NOT_SUSPENDED ACCOUNT_NOT_SUSPENDED("s.account_id")

/* viewer is the SQL text of a bigint parameter, NULL when signed out. */
#define STATUS_VISIBLE_TO(viewer) \
	"(s.deleted_at IS NULL AND " AUTHOR_NOT_SUSPENDED " AND " \
	"(s.visibility IN ('public', 'unlisted') OR " \
	"status_visible_to(s.id, s.account_id, s.visibility, " viewer ")))"

/*
 * Mastodon's StatusPolicy#show? for one status named by id: visible to
 * the viewer, whose author does not block them. (Lists filter blocks
 * both ways with NOT_BLOCKED_OR_MUTED instead.)
 */
#define STATUS_SHOWN_TO(viewer) \
	STATUS_VISIBLE_TO(viewer) " AND (" viewer "::bigint IS NULL OR " \
	"NOT EXISTS (SELECT 1 FROM blocks bk WHERE bk.account_id = " \
	"s.account_id AND bk.target_account_id = " viewer "))"

/*
 * The viewer (SQL text of a bigint parameter, NULL when signed out) does
 * not filter out the account whose id is the SQL expression author: no
 * block either way, no mute in force. Mastodon applies it to every
 * timeline, thread and notification list.
 *
 * Three plain anti-joins (a NULL viewer matches no row): PostgreSQL
 * estimates them from the tables and keeps walking a timeline's index
 * under its LIMIT, one index probe each per row. Written as "viewer IS
 * NULL OR (...)", its guess of the OR made the public timeline read and
 * sort every public status (2 s for 200,000).
 */
/*
 * No block either way between the viewer (as above) and the account
 * whose id is author: what a profile asks, where a mute hides nothing.
 */
#define NOT_BLOCKED(viewer, author) \
	"(" viewer " IS NULL OR NOT EXISTS (SELECT 1 FROM blocks bk WHERE " \
	"(bk.account_id = " viewer " AND bk.target_account_id = " author ") " \
	"OR (bk.account_id = " author " AND bk.target_account_id = " viewer \
	")))"

#define NOT_BLOCKED_OR_MUTED(viewer, author) \
	"(NOT EXISTS (SELECT 1 FROM blocks bk WHERE bk.account_id = " viewer \
	" AND bk.target_account_id = " author ") " \
	"AND NOT EXISTS (SELECT 1 FROM blocks bkr WHERE bkr.account_id = " \
	author " AND bkr.target_account_id = " viewer ") " \
	"AND NOT EXISTS (SELECT 1 FROM mutes mu WHERE mu.account_id = " \
	viewer " AND mu.target_account_id = " author " AND " \
	"(mu.expires_at IS NULL OR mu.expires_at > now())))"

/*
 * The same accounts NOT_BLOCKED_OR_MUTED filters out, as one array for
 * testing the many rows of a list against ("author <> ALL (...)"):
 * PostgreSQL computes it once per query instead of probing blocks and
 * mutes for every row. Empty when viewer is NULL.
 */
#define HIDDEN_ACCOUNTS(viewer) \
	"ARRAY(SELECT bk.target_account_id FROM blocks bk " \
	"WHERE bk.account_id = " viewer " " \
	"UNION ALL SELECT bk.account_id FROM blocks bk " \
	"WHERE bk.target_account_id = " viewer " " \
	"UNION ALL SELECT mu.target_account_id FROM mutes mu " \
	"WHERE mu.account_id = " viewer " " \
	"AND (mu.expires_at IS NULL OR mu.expires_at > now()))"

/*
 * NOT_BLOCKED_OR_MUTED for the many rows of a timeline or thread: the
 * viewer's hidden accounts are read once per query (an InitPlan of three
 * index scans) instead of three index probes per row, as Mastodon reads
 * them once per request. author is an SQL expression of the row.
 */
#define NOT_HIDDEN(viewer, author) \
	"(" author " <> ALL (" HIDDEN_ACCOUNTS(viewer) "))"

/*
 * The recipient (SQL text of a bigint parameter) still hears from the
 * sender (an SQL expression of the row): the sender is not suspended,
 * there is no block either way, and no mute in force hides the sender's
 * notifications (a mute may leave them on: mutes.hide_notifications).
 * sql/0011's notification_unwanted() stops new ones the same way; this
 * hides those made before the block or mute. The refused senders are
 * read once per query as an array (an InitPlan), not probed per row: a
 * list of forty notifications made 120 probes of blocks and mutes.
 */
#define NOTIFICATION_HIDDEN(recipient) \
	"ARRAY(SELECT bk.target_account_id FROM blocks bk " \
	"WHERE bk.account_id = " recipient " " \
	"UNION ALL SELECT bk.account_id FROM blocks bk " \
	"WHERE bk.target_account_id = " recipient " " \
	"UNION ALL SELECT mu.target_account_id FROM mutes mu " \
	"WHERE mu.account_id = " recipient " AND mu.hide_notifications " \
	"AND (mu.expires_at IS NULL OR mu.expires_at > now()))"
#define NOTIFICATION_SENDER_NOT_HIDDEN(recipient, sender) \
	"(" ACCOUNT_NOT_SUSPENDED(sender) " AND " sender " <> ALL (" \
	NOTIFICATION_HIDDEN(recipient) "))"

#endif
