/*
 * sign_in: checking a login name and password, with the sign-in limits,
 * for every way a person signs in: the web form (web_auth.c) and an
 * app's password grant (oauth.c). Both count against the same budgets,
 * so an app's token endpoint is no way around them.
 */
#ifndef WOOLLY_SIGN_IN_H
#define WOOLLY_SIGN_IN_H

#include <stdint.h>

#include "request.h"

/* Longest login name (an e-mail address) and password accepted. */
#define SIGN_IN_LOGIN_MAX	254
#define SIGN_IN_PASSWORD_MAX	1024

enum sign_in_result {
	SIGN_IN_OK,		/* *user_id set: the person may come in */
	SIGN_IN_WRONG,		/* no such user, or the wrong password */
	SIGN_IN_LIMITED,	/* too many failures: wait login_window */
	SIGN_IN_DISABLED,	/* right password; disabled or suspended */
	SIGN_IN_UNAPPROVED,	/* right password; awaiting approval */
	SIGN_IN_ERROR,		/* the database failed */
};

/*
 * Check a login (user name or e-mail) and password against the sign-in
 * limits; on SIGN_IN_OK the sign-in is recorded (time and address) and
 * the account's failure count forgotten.
 */
enum sign_in_result sign_in_check(struct request *, const char *login,
	    const char *password, int64_t *user_id);

#endif
