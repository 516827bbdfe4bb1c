/*
 * sanitize: HTML that came from another server (post content, profile
 * notes, profile field values) made safe to store and show. What survives
 * is Mastodon's allowlist: a few text-level and block elements, links with
 * a short list of schemes, the classes Mastodon's own markup uses for
 * mentions, hashtags and shortened links. Everything else is unwrapped to
 * its text, except elements whose content is not text to read (script,
 * style, svg, ...), which go with their content. Sanitizing the output
 * again gives the same output.
 */
#ifndef WOOLLY_SANITIZE_H
#define WOOLLY_SANITIZE_H

#include <stddef.h>

#include "buf.h"

/*
 * What a stranger may make the parser chew on. HTML5 tree building costs
 * time in proportion to tags times nesting depth, so the number of tags
 * ('<' characters) is bounded as well as the size: at the limits the
 * worst input measured takes about 150 ms, plain text 65 ms per 256 KiB.
 */
#define SANITIZE_MAX_INPUT	(256 * 1024)	/* bytes */
#define SANITIZE_MAX_TAGS	4096		/* '<' characters */
/* Elements nested deeper than this are unwrapped to their text. */
#define SANITIZE_MAX_DEPTH	64

/*
 * Append the sanitized form of html (len bytes, need not be
 * NUL-terminated; invalid UTF-8 becomes U+FFFD) to out. Input past the
 * limits is cut: only its first SANITIZE_MAX_INPUT bytes, and only up to
 * its SANITIZE_MAX_TAGS-th '<', are read. The output keeps within the
 * same limits (output that would outgrow them, as escaping can, is cut at
 * a character with the open elements closed), so it can always be
 * sanitized again, and comes back unchanged.
 *
 * Returns 0, or 1 when something was cut (the caller may link to the
 * original).
 */
int	 sanitize_html(const char *html, size_t len, struct buf *out);

/* The same for a C string; a malloc'd result. */
char	*sanitize_html_string(const char *html);

/*
 * 1 when href (as written in an attribute, entities already decoded) has
 * a scheme links may use: http, https, dat, dweb, ipfs, ipns, ssb, gopher,
 * xmpp, magnet or gemini. Relative links are refused.
 */
int	 sanitize_link_allowed(const char *href);

#endif
