/*
 * format: turns the plain text a local user typed into the HTML Mastodon
 * would produce for it: paragraphs and line breaks, links with Mastodon's
 * shortened display, @mentions and #hashtags. The caller decides which
 * mentions exist (through a callback) so this file knows nothing about the
 * database.
 */
#ifndef WOOLLY_FORMAT_H
#define WOOLLY_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Resolve "@username" (domain NULL) or "@username@domain" to an account.
 * Return 0 and fill *account_id and *url (a malloc'd string the formatter
 * frees) when it exists; -1 leaves the mention as plain text.
 */
typedef int (*format_mention_fn)(void *arg, const char *username,
    const char *domain, int64_t *account_id, char **url);

struct format_options {
	const char		*base_url;	/* "https://example.com", no slash */
	format_mention_fn	 resolve_mention;	/* may be NULL */
	void			*arg;
};

struct format_mention {
	int64_t	 account_id;
	char	*acct;		/* as written, without the '@' */
	char	*url;
};

struct format_result {
	char			*html;
	struct format_mention	*mentions;	/* distinct accounts, in order */
	size_t			 nmentions;
	char			**tags;		/* distinct, lower-cased names */
	size_t			 ntags;
};

/* Always succeeds for valid UTF-8 input; result must be freed. */
void	format_status(const char *text, const struct format_options *,
	    struct format_result *);
/*
 * The same on one line, without paragraphs or breaks (Mastodon's
 * multiline: false, for profile field values).
 */
void	format_single_line(const char *text, const struct format_options *,
	    struct format_result *);
void	format_result_free(struct format_result *);

/*
 * The length Mastodon's character limit applies to: every link counts as
 * 23 characters and a mention as its "@username" part.
 */
size_t	format_countable_length(const char *text);

/* 1 when text holds nothing but white space (Unicode's, not just ASCII). */
int	format_text_blank(const char *);

/* Hashtag name normalisation shared with the tag pages: lower-case ASCII. */
int	format_tag_name_valid(const char *);

#endif
