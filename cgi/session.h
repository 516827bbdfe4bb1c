/*
 * session: web sign-in sessions and CSRF tokens. The session cookie holds
 * a random 256-bit token; the database holds only its SHA-256. CSRF tokens
 * are an HMAC, under the instance secret, of the session token (signed in)
 * or of a separate random cookie (signed out), so a token from one browser
 * is useless in another.
 */
#ifndef WOOLLY_SESSION_H
#define WOOLLY_SESSION_H

#include <stdint.h>

#include "request.h"

#define SESSION_COOKIE "_woolly_session"
#define CSRF_COOKIE "_woolly_csrf"

/* Fill req->viewer from the cookie. -1 only when the database fails. */
int	session_load(struct request *);
/* Start a session for a user and set its cookie. */
int	session_create(struct request *, int64_t user_id);
/* End the current session and clear its cookie. */
int	session_destroy(struct request *);
/* End the current session in the database only (before a new one). */
int	session_forget(struct request *);
void	session_viewer_free(struct viewer *);
/* REMOTE_ADDR if it is an IP address PostgreSQL can store, else NULL. */
const char *ip_address_or_null(const char *);

/* The token forms must carry (65 bytes); may set a cookie. */
int	csrf_token(struct request *, char out[65]);
/* 0 when the request's authenticity_token is valid. */
int	csrf_check(struct request *);

#endif
