/*
 * vapid: the instance's Web Push (VAPID) key pair. Mastodon hands its
 * public half to every application that registers (vapid_key) and in
 * api/v2/instance; Web Push signs with the private half. The pair is made
 * once per instance, by the first process that asks, and kept in
 * instance_settings so every worker and host shares it.
 */
#ifndef WOOLLY_VAPID_H
#define WOOLLY_VAPID_H

struct db;

/*
 * The public key: the uncompressed P-256 point in padded base64url.
 * Loaded (or made) once per process, then remembered; NULL when the
 * database fails.
 */
const char	*vapid_public_key(struct db *);

#endif
