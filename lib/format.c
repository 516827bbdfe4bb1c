/*
 * format: the HTML Mastodon 4.x's TextFormatter gives a local status. The
 * entities are found the way Mastodon's Extractor finds them: twitter-text's
 * URL rules with Mastodon's patches (config/initializers/twitter_regex.rb),
 * Account::MENTION_RE and Tag::HASHTAG_RE, each scanned over the whole
 * text; where two overlap the one that starts first wins. Everything else
 * is escaped, and Rails' simple_format turns blank lines into paragraphs
 * and single newlines into <br />.
 *
 * The scanners work on a copy of the text in which every invalid UTF-8
 * sequence has become U+FFFD, so they can decode without bounds worries.
 * Offsets are bytes into that copy; Mastodon counts characters, but only
 * the 30-character link display depends on the difference.
 *
 * Known approximations of Ruby's regexes:
 * - [[:word:]] and [[:alpha:]] come from a small table of punctuation,
 *   symbol, digit and space ranges; any other non-ASCII code point counts
 *   as a letter.
 * - twitter-text accepts a URL only under a TLD from its list; here a TLD
 *   is any run of 2-63 ASCII letters, an "xn--" label or a run of
 *   non-ASCII letters. Labels of more than 63 ASCII bytes are refused, as
 *   IDN conversion refuses them.
 * - Domains without a scheme are not linked (as in Mastodon), but neither
 *   are they consumed, so a URL inside the path of one is still linked.
 * - A mention shows the username as written, where Mastodon shows the one
 *   stored for the account, and the status' author is not known here when
 *   deciding whether a username needs its domain to be told apart.
 * - Tags are recorded lower-cased in ASCII only (Mastodon also applies
 *   NFKC and Unicode case folding).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "format.h"

#define TAG_NAME_MAX		255	/* bytes; longer stay text */
#define URL_DISPLAY_CHARS	30	/* TextFormatter's visible part */
#define URL_COUNTED_CHARS	23	/* StatusLengthValidator's link */
#define URL_MAX_CHARS		4096	/* twitter-text's limit */
#define TCO_SLUG_MAX		40	/* twitter-text's limit */
#define MENTION_DOMAIN_MAX	253	/* Extractor::MAX_DOMAIN_LENGTH */
#define DNS_LABEL_MAX		63
#define TLD_MIN			2

#define CP_NONE		0xFFFFFFFFu	/* before the start */
#define CP_INVALID	0xFFFFFFFEu	/* an invalid UTF-8 sequence */
#define CP_REPLACEMENT	0xFFFDu

enum char_class {
	CC_ALPHA,	/* [[:alpha:]] (and so [[:word:]]) */
	CC_WORD,	/* [[:word:]] but not [[:alpha:]]: digits, marks */
	CC_OTHER	/* neither: punctuation, symbols, spaces */
};

struct cp_range {
	uint32_t	 lo;
	uint32_t	 hi;
	enum char_class	 cls;
};

/*
 * Non-ASCII code points that are not letters, sorted. Everything absent
 * is taken as a letter, which is right for the scripts people write tags
 * in and cheap compared with the full Unicode tables.
 */
static const struct cp_range cp_classes[] = {
	{ 0x0080, 0x00A9, CC_OTHER }, { 0x00AB, 0x00B4, CC_OTHER },
	{ 0x00B6, 0x00B9, CC_OTHER }, { 0x00BB, 0x00BF, CC_OTHER },
	{ 0x00D7, 0x00D7, CC_OTHER }, { 0x00F7, 0x00F7, CC_OTHER },
	{ 0x02C2, 0x02C5, CC_OTHER }, { 0x02D2, 0x02DF, CC_OTHER },
	{ 0x02E5, 0x02EB, CC_OTHER }, { 0x02ED, 0x02ED, CC_OTHER },
	{ 0x02EF, 0x02FF, CC_OTHER }, { 0x0300, 0x036F, CC_WORD },
	{ 0x0375, 0x0375, CC_OTHER }, { 0x037E, 0x037E, CC_OTHER },
	{ 0x0384, 0x0385, CC_OTHER }, { 0x0387, 0x0387, CC_OTHER },
	{ 0x03F6, 0x03F6, CC_OTHER }, { 0x0482, 0x0482, CC_OTHER },
	{ 0x0483, 0x0489, CC_WORD }, { 0x055A, 0x055F, CC_OTHER },
	{ 0x0589, 0x058A, CC_OTHER }, { 0x058D, 0x058F, CC_OTHER },
	{ 0x05BE, 0x05BE, CC_OTHER }, { 0x05C0, 0x05C0, CC_OTHER },
	{ 0x05C3, 0x05C3, CC_OTHER }, { 0x05C6, 0x05C6, CC_OTHER },
	{ 0x05F3, 0x05F4, CC_OTHER }, { 0x0600, 0x060F, CC_OTHER },
	{ 0x061B, 0x061F, CC_OTHER }, { 0x0660, 0x0669, CC_WORD },
	{ 0x066A, 0x066D, CC_OTHER }, { 0x06D4, 0x06D4, CC_OTHER },
	{ 0x06DD, 0x06DE, CC_OTHER }, { 0x06E9, 0x06E9, CC_OTHER },
	{ 0x06F0, 0x06F9, CC_WORD }, { 0x06FD, 0x06FE, CC_OTHER },
	{ 0x0700, 0x070F, CC_OTHER }, { 0x07C0, 0x07C9, CC_WORD },
	{ 0x07F6, 0x07F9, CC_OTHER }, { 0x0964, 0x0965, CC_OTHER },
	{ 0x0966, 0x096F, CC_WORD }, { 0x0970, 0x0970, CC_OTHER },
	{ 0x09E6, 0x09EF, CC_WORD }, { 0x09F2, 0x09FB, CC_OTHER },
	{ 0x0A66, 0x0A6F, CC_WORD }, { 0x0AE6, 0x0AEF, CC_WORD },
	{ 0x0AF0, 0x0AF1, CC_OTHER }, { 0x0B66, 0x0B6F, CC_WORD },
	{ 0x0BE6, 0x0BEF, CC_WORD }, { 0x0BF0, 0x0BFA, CC_OTHER },
	{ 0x0C66, 0x0C6F, CC_WORD }, { 0x0CE6, 0x0CEF, CC_WORD },
	{ 0x0D66, 0x0D6F, CC_WORD }, { 0x0DE6, 0x0DEF, CC_WORD },
	{ 0x0DF4, 0x0DF4, CC_OTHER }, { 0x0E3F, 0x0E3F, CC_OTHER },
	{ 0x0E4F, 0x0E4F, CC_OTHER }, { 0x0E50, 0x0E59, CC_WORD },
	{ 0x0E5A, 0x0E5B, CC_OTHER }, { 0x0ED0, 0x0ED9, CC_WORD },
	{ 0x0F01, 0x0F17, CC_OTHER }, { 0x0F1A, 0x0F1F, CC_OTHER },
	{ 0x0F20, 0x0F29, CC_WORD }, { 0x0F2A, 0x0F34, CC_OTHER },
	{ 0x0F36, 0x0F36, CC_OTHER }, { 0x0F38, 0x0F38, CC_OTHER },
	{ 0x0F3A, 0x0F3D, CC_OTHER }, { 0x0FBE, 0x0FC5, CC_OTHER },
	{ 0x0FC7, 0x0FDA, CC_OTHER }, { 0x1040, 0x1049, CC_WORD },
	{ 0x104A, 0x104F, CC_OTHER }, { 0x1090, 0x1099, CC_WORD },
	{ 0x10FB, 0x10FB, CC_OTHER }, { 0x1360, 0x137C, CC_OTHER },
	{ 0x1390, 0x1399, CC_OTHER }, { 0x1400, 0x1400, CC_OTHER },
	{ 0x166D, 0x166E, CC_OTHER }, { 0x1680, 0x1680, CC_OTHER },
	{ 0x169B, 0x169C, CC_OTHER }, { 0x16EB, 0x16ED, CC_OTHER },
	{ 0x1735, 0x1736, CC_OTHER }, { 0x17D4, 0x17D6, CC_OTHER },
	{ 0x17D8, 0x17DB, CC_OTHER }, { 0x17E0, 0x17E9, CC_WORD },
	{ 0x17F0, 0x17F9, CC_OTHER }, { 0x1800, 0x180A, CC_OTHER },
	{ 0x180E, 0x180E, CC_OTHER }, { 0x1810, 0x1819, CC_WORD },
	{ 0x1940, 0x1940, CC_OTHER }, { 0x1944, 0x1945, CC_OTHER },
	{ 0x1946, 0x194F, CC_WORD }, { 0x19D0, 0x19D9, CC_WORD },
	{ 0x19DA, 0x19DA, CC_OTHER }, { 0x19DE, 0x19FF, CC_OTHER },
	{ 0x1A1E, 0x1A1F, CC_OTHER }, { 0x1A80, 0x1A89, CC_WORD },
	{ 0x1A90, 0x1A99, CC_WORD }, { 0x1AA0, 0x1AA6, CC_OTHER },
	{ 0x1AA8, 0x1AAD, CC_OTHER }, { 0x1B50, 0x1B59, CC_WORD },
	{ 0x1B5A, 0x1B6A, CC_OTHER }, { 0x1B74, 0x1B7E, CC_OTHER },
	{ 0x1BB0, 0x1BB9, CC_WORD }, { 0x1BFC, 0x1BFF, CC_OTHER },
	{ 0x1C3B, 0x1C3F, CC_OTHER }, { 0x1C40, 0x1C49, CC_WORD },
	{ 0x1C50, 0x1C59, CC_WORD }, { 0x1C7E, 0x1C7F, CC_OTHER },
	{ 0x1CC0, 0x1CC7, CC_OTHER }, { 0x1CD3, 0x1CD3, CC_OTHER },
	{ 0x1FBD, 0x1FBD, CC_OTHER }, { 0x1FBF, 0x1FC1, CC_OTHER },
	{ 0x1FCD, 0x1FCF, CC_OTHER }, { 0x1FDD, 0x1FDF, CC_OTHER },
	{ 0x1FED, 0x1FEF, CC_OTHER }, { 0x1FFD, 0x1FFE, CC_OTHER },
	{ 0x2000, 0x200B, CC_OTHER }, { 0x200C, 0x200D, CC_WORD },
	{ 0x200E, 0x203E, CC_OTHER }, { 0x203F, 0x2040, CC_WORD },
	{ 0x2041, 0x2053, CC_OTHER }, { 0x2054, 0x2054, CC_WORD },
	{ 0x2055, 0x2070, CC_OTHER }, { 0x2072, 0x207E, CC_OTHER },
	{ 0x2080, 0x208F, CC_OTHER }, { 0x209D, 0x20CF, CC_OTHER },
	{ 0x2100, 0x215F, CC_OTHER }, { 0x2189, 0x24B5, CC_OTHER },
	{ 0x24EA, 0x2BFF, CC_OTHER }, { 0x2CE5, 0x2CEA, CC_OTHER },
	{ 0x2CF9, 0x2CFF, CC_OTHER }, { 0x2D70, 0x2D70, CC_OTHER },
	{ 0x2E00, 0x2FFF, CC_OTHER }, { 0x3000, 0x3004, CC_OTHER },
	{ 0x3008, 0x3020, CC_OTHER }, { 0x3030, 0x3030, CC_OTHER },
	{ 0x3036, 0x3037, CC_OTHER }, { 0x303D, 0x303F, CC_OTHER },
	{ 0x309B, 0x309C, CC_OTHER }, { 0x30A0, 0x30A0, CC_OTHER },
	{ 0x30FB, 0x30FB, CC_OTHER }, { 0x3190, 0x319F, CC_OTHER },
	{ 0x31C0, 0x31EF, CC_OTHER }, { 0x3200, 0x33FF, CC_OTHER },
	{ 0x4DC0, 0x4DFF, CC_OTHER }, { 0xA490, 0xA4CF, CC_OTHER },
	{ 0xA4FE, 0xA4FF, CC_OTHER }, { 0xA60D, 0xA60F, CC_OTHER },
	{ 0xA620, 0xA629, CC_WORD }, { 0xA673, 0xA673, CC_OTHER },
	{ 0xA67E, 0xA67E, CC_OTHER }, { 0xA6F2, 0xA6F7, CC_OTHER },
	{ 0xA700, 0xA716, CC_OTHER }, { 0xA720, 0xA721, CC_OTHER },
	{ 0xA789, 0xA78A, CC_OTHER }, { 0xA828, 0xA82B, CC_OTHER },
	{ 0xA830, 0xA839, CC_OTHER }, { 0xA874, 0xA877, CC_OTHER },
	{ 0xA8CE, 0xA8CF, CC_OTHER }, { 0xA8D0, 0xA8D9, CC_WORD },
	{ 0xA8F8, 0xA8FA, CC_OTHER }, { 0xA8FC, 0xA8FC, CC_OTHER },
	{ 0xA900, 0xA909, CC_WORD }, { 0xA92E, 0xA92F, CC_OTHER },
	{ 0xA95F, 0xA95F, CC_OTHER }, { 0xA9C1, 0xA9CD, CC_OTHER },
	{ 0xA9D0, 0xA9D9, CC_WORD }, { 0xA9DE, 0xA9DF, CC_OTHER },
	{ 0xA9F0, 0xA9F9, CC_WORD }, { 0xAA50, 0xAA59, CC_WORD },
	{ 0xAA5C, 0xAA5F, CC_OTHER }, { 0xAA77, 0xAA79, CC_OTHER },
	{ 0xAADE, 0xAADF, CC_OTHER }, { 0xAAF0, 0xAAF1, CC_OTHER },
	{ 0xAB5B, 0xAB5B, CC_OTHER }, { 0xAB6A, 0xAB6B, CC_OTHER },
	{ 0xABEB, 0xABEB, CC_OTHER }, { 0xABF0, 0xABF9, CC_WORD },
	{ 0xD800, 0xF8FF, CC_OTHER }, { 0xFB29, 0xFB29, CC_OTHER },
	{ 0xFBB2, 0xFBC2, CC_OTHER }, { 0xFD3E, 0xFD4F, CC_OTHER },
	{ 0xFDCF, 0xFDCF, CC_OTHER }, { 0xFDFC, 0xFDFF, CC_OTHER },
	{ 0xFE00, 0xFE0F, CC_WORD }, { 0xFE10, 0xFE1F, CC_OTHER },
	{ 0xFE20, 0xFE2F, CC_WORD }, { 0xFE30, 0xFE32, CC_OTHER },
	{ 0xFE33, 0xFE34, CC_WORD }, { 0xFE35, 0xFE4C, CC_OTHER },
	{ 0xFE4D, 0xFE4F, CC_WORD }, { 0xFE50, 0xFE6F, CC_OTHER },
	{ 0xFEFF, 0xFEFF, CC_OTHER }, { 0xFF00, 0xFF0F, CC_OTHER },
	{ 0xFF10, 0xFF19, CC_WORD }, { 0xFF1A, 0xFF20, CC_OTHER },
	{ 0xFF3B, 0xFF3E, CC_OTHER }, { 0xFF3F, 0xFF3F, CC_WORD },
	{ 0xFF40, 0xFF40, CC_OTHER }, { 0xFF5B, 0xFF65, CC_OTHER },
	{ 0xFFE0, 0xFFFF, CC_OTHER }, { 0x10100, 0x1013F, CC_OTHER },
	{ 0x10175, 0x101FC, CC_OTHER }, { 0x104A0, 0x104A9, CC_WORD },
	{ 0x1D000, 0x1D24F, CC_OTHER }, { 0x1D300, 0x1D35F, CC_OTHER },
	{ 0x1D7CE, 0x1D7FF, CC_WORD }, { 0x1EC70, 0x1ECBF, CC_OTHER },
	{ 0x1ED00, 0x1ED4F, CC_OTHER }, { 0x1EEF0, 0x1EEF1, CC_OTHER },
	{ 0x1F000, 0x1F12F, CC_OTHER }, { 0x1F14A, 0x1F14F, CC_OTHER },
	{ 0x1F16A, 0x1F16F, CC_OTHER }, { 0x1F18A, 0x1FBEF, CC_OTHER },
	{ 0x1FBF0, 0x1FBF9, CC_WORD }, { 0xE0000, 0xE007F, CC_OTHER },
	{ 0xE0100, 0xE01EF, CC_WORD }, { 0xF0000, 0x10FFFF, CC_OTHER },
};

enum entity_kind {
	ENTITY_URL,
	ENTITY_HASHTAG,
	ENTITY_MENTION
};

struct entity {
	enum entity_kind kind;
	size_t		 start;		/* [start, end) of the text */
	size_t		 end;
	int		 resolved;	/* mention: the callback knew it */
	int		 show_domain;	/* mention: name is ambiguous */
	int64_t		 account_id;
	char		*url;		/* mention: from callback */
	char		*username;	/* mention: as written */
	char		*domain;	/* mention: NULL when local */
};

struct entities {
	struct entity	*v;
	size_t		 n;
	size_t		 cap;
};

/* Where a scan stands: Ruby's String#scan resumes after each match. */
struct scan {
	const char	*s;
	size_t		 len;
	size_t		 from;
};

/*
 * Decode the code point at pos. Returns its length in bytes (0 at the
 * end); an invalid sequence yields CP_INVALID and the length of its
 * longest valid prefix, at least 1, as the Unicode standard recommends.
 */
static size_t
utf8_decode(const char *str, size_t len, size_t pos, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str + pos;
	size_t avail, need, i;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t v;

	if (pos >= len) {
		*cp = CP_NONE;
		return 0;
	}
	avail = len - pos;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 1;
		v = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 2;
		v = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 3;
		v = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;	/* nothing above U+10FFFF */
	} else {
		*cp = CP_INVALID;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= avail || s[i] < lo || s[i] > hi) {
			*cp = CP_INVALID;
			return i;
		}
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

/* The code point ending just before pos (the text is valid UTF-8). */
static uint32_t
cp_before(const char *s, size_t pos)
{
	size_t i = pos;
	uint32_t cp;

	if (pos == 0)
		return CP_NONE;
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	utf8_decode(s, pos, i, &cp);
	return cp;
}

static size_t
cp_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Byte offset after skipping up to max code points from pos. */
static size_t
cp_skip(const char *s, size_t len, size_t pos, size_t max)
{
	uint32_t cp;

	while (max-- > 0 && pos < len)
		pos += utf8_decode(s, len, pos, &cp);
	return pos;
}

/* Copy of text with every invalid sequence replaced by U+FFFD. */
static char *
utf8_sanitize(const char *text, size_t *lenp)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(text), i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(text, len, i, &cp);
		if (cp == CP_INVALID)
			buf_puts(&b, "\xEF\xBF\xBD");
		else
			buf_add(&b, text + i, n);
		i += n;
	}
	*lenp = b.len;
	return buf_detach(&b);
}

static int
ascii_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
ascii_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int
ascii_alnum(uint32_t c)
{
	return ascii_alpha(c) || ascii_digit(c);
}

static int
ascii_hex(uint32_t c)
{
	return ascii_digit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
ascii_in(uint32_t c, const char *set)
{
	return c != 0 && c < 0x80 && strchr(set, (int)c) != NULL;
}

/* Case-insensitive ASCII prefix test; s is NUL-terminated. */
static int
ascii_prefix(const char *s, const char *prefix)
{
	uint32_t a, b;

	for (; *prefix != '\0'; s++, prefix++) {
		a = (unsigned char)*s;
		b = (unsigned char)*prefix;
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

static int
ascii_casecmp(const char *a, const char *b)
{
	int ca, cb;

	for (;; a++, b++) {
		ca = (unsigned char)*a;
		cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb || ca == '\0')
			return ca - cb;
	}
}

static enum char_class
char_class(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(cp_classes) / sizeof(cp_classes[0]), mid;

	if (cp < 0x80) {
		if (ascii_alpha(cp))
			return CC_ALPHA;
		if (ascii_digit(cp) || cp == '_')
			return CC_WORD;
		return CC_OTHER;
	}
	if (cp > 0x10FFFF)
		return CC_OTHER;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < cp_classes[mid].lo)
			hi = mid;
		else if (cp > cp_classes[mid].hi)
			lo = mid + 1;
		else
			return cp_classes[mid].cls;
	}
	return CC_ALPHA;
}

/* Onigmo's [[:word:]] */
static int
is_word(uint32_t cp)
{
	return char_class(cp) != CC_OTHER;
}

/* Onigmo's [[:alpha:]] */
static int
is_alpha(uint32_t cp)
{
	return char_class(cp) == CC_ALPHA;
}

/* Unicode White_Space, Ruby's [[:space:]] and \p{White_Space}. */
static int
is_space(uint32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 ||
	    cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000;
}

/* \p{Pd}, dash punctuation. */
static int
is_dash(uint32_t cp)
{
	return cp == '-' || cp == 0x058A || cp == 0x05BE || cp == 0x1400 ||
	    cp == 0x1806 || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2E17 ||
	    cp == 0x2E1A || cp == 0x2E3A || cp == 0x2E3B || cp == 0x2E40 ||
	    cp == 0x301C || cp == 0x3030 || cp == 0x30A0 || cp == 0xFE31 ||
	    cp == 0xFE32 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}

/* \p{Cyrillic} */
static int
is_cyrillic(uint32_t cp)
{
	return (cp >= 0x0400 && cp <= 0x052F) ||
	    (cp >= 0x1C80 && cp <= 0x1C88) || cp == 0x1D2B || cp == 0x1D78 ||
	    (cp >= 0x2DE0 && cp <= 0x2DFF) || (cp >= 0xA640 && cp <= 0xA69F) ||
	    cp == 0xFE2E || cp == 0xFE2F;
}

/* twitter-text's LATIN_ACCENTS */
static int
is_latin_accent(uint32_t cp)
{
	return (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) ||
	    (cp >= 0xF8 && cp <= 0x24F) || cp == 0x253 || cp == 0x254 ||
	    cp == 0x256 || cp == 0x257 || cp == 0x259 || cp == 0x25B ||
	    cp == 0x263 || cp == 0x268 || cp == 0x26F || cp == 0x272 ||
	    cp == 0x289 || cp == 0x28B || cp == 0x2BB ||
	    (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* Tag::HASHTAG_SEPARATORS */
static int
is_tag_separator(uint32_t cp)
{
	return cp == '_' || cp == 0xB7 || cp == 0x30FB || cp == 0x200C;
}

/* twitter-text's DOMAIN_VALID_CHARS */
static int
is_domain_char(uint32_t cp)
{
	if (cp < 0x80)
		return ascii_alnum(cp);
	if (is_space(cp) || cp == 0x180E)
		return 0;
	if (cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;	/* directional marks */
	return cp != 0xFFFE && cp != 0xFEFF && cp != 0xFFFF;
}

/* Mastodon's valid_general_url_path_chars */
static int
is_path_char(uint32_t cp)
{
	return !is_space(cp) && !ascii_in(cp, "<>()?");
}

/* Mastodon's valid_url_path_ending_chars, the single-character part */
static int
is_path_end(uint32_t cp)
{
	return is_path_char(cp) && !ascii_in(cp, "!*\"';:=,.$%[]~&|@") &&
	    cp != 0x300C && cp != 0x300D;
}

/* twitter-text's own valid_general_url_path_chars (see path_end) */
static int
is_twitter_path_char(uint32_t cp)
{
	return ascii_alnum(cp) || ascii_in(cp, "!*';:=+,.$/%#[]_~&|@") ||
	    is_dash(cp) || is_cyrillic(cp) || is_latin_accent(cp);
}

/* Mastodon's UCHARS, the non-ASCII characters allowed in a query. */
static int
is_uchar(uint32_t cp)
{
	if (cp < 0xA0 || cp > 0x10FFFD)
		return 0;
	if (cp >= 0xFDD0 && cp <= 0xFDEF)
		return 0;
	if (cp >= 0xFFF0 && cp <= 0xFFFF)
		return 0;
	if (cp >= 0xE0000 && cp <= 0xE0FFF)
		return 0;
	return (cp & 0xFFFF) <= 0xFFFD;
}

static int
is_query_char(uint32_t cp)
{
	return ascii_alnum(cp) || ascii_in(cp, "!?*'();:&=+$/%#[]-_.,~|@^") ||
	    is_uchar(cp);
}

static int
is_query_end(uint32_t cp)
{
	return ascii_alnum(cp) || ascii_in(cp, "_&=#/-") || is_uchar(cp);
}

/* twitter-text's validate_url_unreserved, used by xmpp: URIs */
static int
is_unreserved(uint32_t cp)
{
	return ascii_alnum(cp) || ascii_in(cp, "._~") || is_dash(cp) ||
	    is_cyrillic(cp);
}

/*
 * valid_url_preceding_chars: a link may not follow a letter, a digit,
 * '@', '$' or '#'. Ruby's scan consumes that character, so it must lie
 * at or after where the previous match ended.
 */
static int
url_may_start(const struct scan *sc, size_t pos)
{
	uint32_t cp;

	if (pos == 0)
		return 1;
	if (pos <= sc->from)
		return 0;
	cp = cp_before(sc->s, pos);
	if (cp < 0x80)
		return !ascii_alnum(cp) && !ascii_in(cp, "@$#");
	return cp != 0xFF20 && cp != 0xFF03 && cp != 0xFFFE &&
	    cp != 0xFEFF && cp != 0xFFFF;
}

static void
entities_add(struct entities *e, enum entity_kind kind, size_t start,
    size_t end)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	memset(&e->v[e->n], 0, sizeof(e->v[e->n]));
	e->v[e->n].kind = kind;
	e->v[e->n].start = start;
	e->v[e->n].end = end;
	e->n++;
}

static void
entities_free(struct entities *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].url);
		free(e->v[i].username);
		free(e->v[i].domain);
	}
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* End of a run of domain characters, '-' and '_' (one label's worth). */
static size_t
label_end(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	size_t n;

	while ((n = utf8_decode(s, len, pos, &cp)) > 0 &&
	    (is_domain_char(cp) || cp == '-' || cp == '_'))
		pos += n;
	return pos;
}

/* valid_subdomain / valid_domain_name: no '-' or '_' at either end. */
static int
label_valid(const char *s, size_t start, size_t end, int underscore_ok)
{
	if (end <= start || s[start] == '-' || s[start] == '_' ||
	    s[end - 1] == '-' || s[end - 1] == '_')
		return 0;
	if (!underscore_ok && memchr(s + start, '_', end - start) != NULL)
		return 0;
	return 1;
}

/* After a TLD: (?=[^0-9a-z@+-]|$) */
static int
tld_may_end(const char *s, size_t len, size_t pos)
{
	uint32_t c = pos < len ? (unsigned char)s[pos] : 0;

	return !ascii_alnum(c) && !ascii_in(c, "@+-");
}

/* A top-level domain at pos; see the approximations at the top. */
static int
match_tld(const char *s, size_t len, size_t pos, size_t *end)
{
	uint32_t cp;
	size_t p, n;

	if (ascii_prefix(s + pos, "xn--") && pos + 4 < len &&
	    ascii_alnum((unsigned char)s[pos + 4])) {
		for (p = pos + 4; p < len && ascii_alnum((unsigned char)s[p]);
		    p++)
			;
		*end = p;
		return 1;
	}
	if (pos < len && ascii_alpha((unsigned char)s[pos])) {
		for (p = pos; p < len && ascii_alpha((unsigned char)s[p]); p++)
			;
		if (p - pos < TLD_MIN || p - pos > DNS_LABEL_MAX ||
		    !tld_may_end(s, len, p))
			return 0;
		*end = p;
		return 1;
	}
	p = pos;
	while ((n = utf8_decode(s, len, p, &cp)) > 0 && cp >= 0x80 &&
	    is_domain_char(cp) && is_alpha(cp))
		p += n;
	if (p == pos || !tld_may_end(s, len, p))
		return 0;
	*end = p;
	return 1;
}

/*
 * twitter-text's valid_domain: subdomains, a domain name and a TLD. The
 * regex is greedy, so the longest acceptable run of labels wins.
 */
static int
match_domain(const char *s, size_t len, size_t pos, size_t *end)
{
	size_t ls = pos, le, prev_s = 0, prev_e = 0, tld_end;
	int have_prev = 0, found = 0;

	for (;;) {
		le = label_end(s, len, ls);
		if (have_prev && label_valid(s, prev_s, prev_e, 0) &&
		    match_tld(s, len, ls, &tld_end)) {
			*end = tld_end;
			found = 1;
		}
		if (le == ls || le >= len || s[le] != '.')
			break;
		/* Labels before the domain name may also hold '_'. */
		if (have_prev && !label_valid(s, prev_s, prev_e, 1))
			break;
		prev_s = ls;
		prev_e = le;
		have_prev = 1;
		ls = le + 1;
	}
	return found;
}

/* IDN conversion refuses labels longer than 63 bytes. */
static int
domain_labels_fit(const char *s, size_t start, size_t end)
{
	size_t i, label = start;
	int ascii = 1;

	for (i = start; i <= end; i++) {
		if (i == end || s[i] == '.') {
			if (ascii && i - label > DNS_LABEL_MAX)
				return 0;
			label = i + 1;
			ascii = 1;
		} else if ((unsigned char)s[i] >= 0x80)
			ascii = 0;
	}
	return 1;
}

/*
 * A balanced "(...)" group with one level of nesting, made of characters
 * accepted by is_char. Returns the end after ')', or 0.
 */
static size_t
match_parens(const char *s, size_t len, size_t pos, int (*is_char)(uint32_t))
{
	uint32_t cp;
	size_t p = pos + 1, n, inner;

	while ((n = utf8_decode(s, len, p, &cp)) > 0 && is_char(cp))
		p += n;
	if (p < len && s[p] == ')' && p > pos + 1)
		return p + 1;
	if (p >= len || s[p] != '(')
		return 0;
	inner = ++p;
	while ((n = utf8_decode(s, len, p, &cp)) > 0 && is_char(cp))
		p += n;
	if (p == inner || p >= len || s[p] != ')')
		return 0;
	p++;
	while ((n = utf8_decode(s, len, p, &cp)) > 0 && is_char(cp))
		p += n;
	if (p >= len || s[p] != ')')
		return 0;
	return p + 1;
}

/*
 * The path after the '/' at pos: as far as path characters and balanced
 * parentheses go, then back to the last character a URL may end with, so
 * "/foo." leaves the full stop. A trailing "(...)" counts as an ending
 * only if twitter-text's narrower character set accepts it, because
 * Mastodon's patch builds the ending rule from twitter-text's old one.
 */
static size_t
match_path(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	size_t p = pos + 1, last = pos + 1, n, close;

	for (;;) {
		n = utf8_decode(s, len, p, &cp);
		if (n == 0)
			break;
		if (is_path_char(cp)) {
			p += n;
			if (is_path_end(cp))
				last = p;
		} else if (cp == '(' &&
		    (close = match_parens(s, len, p, is_path_char)) != 0) {
			if (match_parens(s, len, p, is_twitter_path_char) ==
			    close)
				last = close;
			p = close;
		} else
			break;
	}
	return last;
}

/* A query after the '?' at pos, or 0 when none may end here. */
static size_t
match_query(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	size_t p = pos + 1, last = 0, n;

	while ((n = utf8_decode(s, len, p, &cp)) > 0 && is_query_char(cp)) {
		p += n;
		if (is_query_end(cp))
			last = p;
	}
	return last;
}

/* Optional ":port", path and query after a domain. */
static size_t
match_url_rest(const char *s, size_t len, size_t p)
{
	size_t q;

	if (p + 1 < len && s[p] == ':' && ascii_digit((unsigned char)s[p + 1]))
		for (p++; p < len && ascii_digit((unsigned char)s[p]); p++)
			;
	if (p < len && s[p] == '/')
		p = match_path(s, len, p);
	if (p < len && s[p] == '?' && (q = match_query(s, len, p)) != 0)
		p = q;
	return p;
}

/* t.co links are cut to their slug, as twitter-text does. */
static int
tco_trim(const char *s, size_t start, size_t *end)
{
	size_t p, slug;

	if (ascii_prefix(s + start, "https://t.co/"))
		p = start + 13;
	else if (ascii_prefix(s + start, "http://t.co/"))
		p = start + 12;
	else
		return 1;
	for (slug = p; slug < *end && ascii_alnum((unsigned char)s[slug]);
	    slug++)
		;
	if (slug == p)
		return 1;
	if (slug - p > TCO_SLUG_MAX)
		return 0;
	*end = slug;
	return 1;
}

/* Twitter-text's extract_urls_with_indices, for URLs with a scheme. */
static void
scan_urls(const char *s, size_t len, struct entities *ents)
{
	static const char *const schemes[] = {
		"https://", "http://", "dat://", "dweb://", "ipfs://",
		"ipns://", "ssb://", "gopher://", "gemini://"
	};
	struct scan sc = { s, len, 0 };
	size_t i, k, domain, domain_end, end;

	for (i = 0; i < len; i++) {
		for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++)
			if (ascii_prefix(s + i, schemes[k]))
				break;
		if (k == sizeof(schemes) / sizeof(schemes[0]) ||
		    !url_may_start(&sc, i))
			continue;
		domain = i + strlen(schemes[k]);
		if (!match_domain(s, len, domain, &domain_end))
			continue;
		end = match_url_rest(s, len, domain_end);
		sc.from = end;
		if (tco_trim(s, i, &end) &&
		    domain_labels_fit(s, domain, domain_end) &&
		    cp_count(s + i, end - i) <= URL_MAX_CHARS)
			entities_add(ents, ENTITY_URL, i, end);
		i = sc.from - 1;
	}
}

/* A run of xmpp: node id characters (with %XX escapes) from pos. */
static size_t
xmpp_run(const char *s, size_t len, size_t pos, const char *delims)
{
	uint32_t cp;
	size_t n;

	for (;;) {
		if (pos + 2 < len && s[pos] == '%' &&
		    ascii_hex((unsigned char)s[pos + 1]) &&
		    ascii_hex((unsigned char)s[pos + 2])) {
			pos += 3;
			continue;
		}
		n = utf8_decode(s, len, pos, &cp);
		if (n == 0 || !(is_unreserved(cp) || ascii_in(cp, delims)))
			return pos;
		pos += n;
	}
}

/*
 * "xmpp:" (//node@domain/)? (node@)? domain (/resource)? (?query)?, with
 * the optional parts tried in the order the regex tries them.
 */
static size_t
match_xmpp(const char *s, size_t len, size_t pos)
{
	const char *node = "!$()*+,;=", *res = "!$&'()*+,;=";
	size_t p, q, r, d, end;
	int auth, user;

	for (auth = 1; auth >= 0; auth--) {
		p = pos;
		if (auth) {
			if (!(p + 1 < len && s[p] == '/' && s[p + 1] == '/'))
				continue;
			q = xmpp_run(s, len, p + 2, node);
			if (q == p + 2 || q >= len || s[q] != '@' ||
			    !match_domain(s, len, q + 1, &d) ||
			    d >= len || s[d] != '/')
				continue;
			p = d + 1;
		}
		for (user = 1; user >= 0; user--) {
			q = p;
			if (user) {
				r = xmpp_run(s, len, p, node);
				if (r == p || r >= len || s[r] != '@')
					continue;
				q = r + 1;
			}
			if (!match_domain(s, len, q, &end))
				continue;
			if (end < len && s[end] == '/' &&
			    (r = xmpp_run(s, len, end + 1, res)) > end + 1)
				end = r;
			if (end < len && s[end] == '?' &&
			    (r = match_query(s, len, end)) != 0)
				end = r;
			return end;
		}
	}
	return 0;
}

/* Mastodon's extract_extra_uris_with_indices: xmpp: and magnet: URIs. */
static void
scan_extra_uris(const char *s, size_t len, struct entities *ents)
{
	struct scan sc = { s, len, 0 };
	size_t i, end;

	for (i = 0; i < len; i++) {
		end = 0;
		if (ascii_prefix(s + i, "xmpp:") && url_may_start(&sc, i))
			end = match_xmpp(s, len, i + 5);
		if (end == 0 && ascii_prefix(s + i, "magnet:?") &&
		    url_may_start(&sc, i))
			end = match_query(s, len, i + 7);
		if (end == 0)
			continue;
		entities_add(ents, ENTITY_URL, i, end);
		sc.from = end;
		i = end - 1;
	}
}

/*
 * Tag::HASHTAG_NAME_PAT at pos: either word characters and separators
 * with a letter or separator strictly inside (FIRST_SEQUENCE), or word
 * characters with a letter somewhere (LAST_SEQUENCE). Returns the end of
 * the name, or pos when there is none.
 */
static size_t
match_tag_name(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	size_t p, n, mid = 0, word_start, word_end;
	int have_mid = 0, alpha = 0;

	n = utf8_decode(s, len, pos, &cp);
	if (n == 0 || !is_word(cp))
		return pos;
	word_start = pos;
	word_end = pos + n;
	for (p = pos + n; (n = utf8_decode(s, len, p, &cp)) > 0 &&
	    (is_word(cp) || is_tag_separator(cp)); p += n) {
		if (!have_mid && (is_alpha(cp) || is_tag_separator(cp))) {
			have_mid = 1;
			mid = p;
		}
		if (is_word(cp)) {
			word_start = p;
			word_end = p + n;
		}
	}
	if (have_mid && mid < word_start)
		return word_end;

	for (p = pos; (n = utf8_decode(s, len, p, &cp)) > 0 && is_word(cp);
	    p += n)
		if (is_alpha(cp))
			alpha = 1;
	return alpha ? p : pos;
}

/*
 * Mastodon's extract_hashtags_with_indices over Tag::HASHTAG_RE,
 * (?:^|[^/)\w])#(name), where \w is ASCII only in Ruby.
 */
static void
scan_hashtags(const char *s, size_t len, struct entities *ents)
{
	struct scan sc = { s, len, 0 };
	size_t p, name, end;
	uint32_t cp;

	for (p = 0; p < len; p++) {
		if (s[p] != '#')
			continue;
		if (p > 0 && !(p > sc.from || s[p - 1] == '\n'))
			continue;
		cp = cp_before(s, p);
		if (cp == '/' || cp == ')' || (cp < 0x80 &&
		    (ascii_alnum(cp) || cp == '_')))
			continue;
		name = p + 1;
		end = match_tag_name(s, len, name);
		if (end == name)
			continue;
		sc.from = end;
		/* "#foohttps://..." is the tag "foo" before a link. */
		if (len - end >= 3 && memcmp(s + end, "://", 3) == 0) {
			if (end - name > 5 &&
			    memcmp(s + end - 5, "https", 5) == 0)
				end -= 5;
			else if (end - name > 4 &&
			    memcmp(s + end - 4, "http", 4) == 0)
				end -= 4;
		}
		if (end - name <= TAG_NAME_MAX)
			entities_add(ents, ENTITY_HASHTAG, p, end);
		p = sc.from - 1;
	}
}

static int
is_username_char(uint32_t c)
{
	return ascii_alnum(c) || c == '_';
}

/* twitter-text's end_mention_match: the mention must not run on. */
static int
mention_runs_on(const char *s, size_t len, size_t pos)
{
	uint32_t cp;

	utf8_decode(s, len, pos, &cp);
	return cp == '@' || cp == 0xFF20 || is_latin_accent(cp) ||
	    (len - pos >= 3 && memcmp(s + pos, "://", 3) == 0);
}

/*
 * Mastodon's extract_mentions_or_lists_with_indices over
 * Account::MENTION_RE: (?<![=/[:word:]])@(username(@domain)?).
 */
static void
scan_mentions(const char *s, size_t len, struct entities *ents)
{
	size_t p, q, from = 0, user_end, end, n, word_start, word_end;
	uint32_t cp;

	for (p = 0; p < len; p++) {
		if (s[p] != '@' || p < from)
			continue;
		cp = cp_before(s, p);
		if (cp == '=' || cp == '/' || (cp != CP_NONE && is_word(cp)))
			continue;
		if (!is_username_char((unsigned char)s[p + 1]))
			continue;
		/* username: [a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)? */
		user_end = p + 2;
		for (q = p + 1; q < len && (s[q] == '.' || s[q] == '-' ||
		    is_username_char((unsigned char)s[q])); q++)
			if (is_username_char((unsigned char)s[q]))
				user_end = q + 1;
		end = user_end;
		/* domain: [[:word:].-]+[[:word:]]+ */
		if (user_end < len && s[user_end] == '@') {
			word_start = word_end = 0;
			for (q = user_end + 1;
			    (n = utf8_decode(s, len, q, &cp)) > 0 &&
			    (is_word(cp) || cp == '.' || cp == '-'); q += n)
				if (is_word(cp)) {
					word_start = q;
					word_end = q + n;
				}
			if (word_start > user_end + 1)
				end = word_end;
		}
		from = end;
		if (!mention_runs_on(s, len, end) && (end == user_end ||
		    cp_count(s + user_end + 1, end - user_end - 1) <=
		    MENTION_DOMAIN_MAX))
			entities_add(ents, ENTITY_MENTION, p, end);
		p = end - 1;
	}
}

static int
entity_cmp(const void *a, const void *b)
{
	const struct entity *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* twitter-text's remove_overlapping_entities: the earliest one wins. */
static void
drop_overlaps(struct entities *e)
{
	size_t i, kept = 0;

	if (e->n == 0)
		return;
	qsort(e->v, e->n, sizeof(*e->v), entity_cmp);
	for (i = 0; i < e->n; i++) {
		if (kept > 0 && e->v[kept - 1].end > e->v[i].start)
			continue;
		e->v[kept++] = e->v[i];
	}
	e->n = kept;
}

/* The host of base_url, which TagManager#local_domain? compares with. */
static char *
local_host(const char *base_url)
{
	const char *p = strstr(base_url, "://"), *e;

	p = p != NULL ? p + 3 : base_url;
	e = strchr(p, '/');
	return e != NULL ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);
}

/* Ask the caller which mentions exist, as link_to_mention does. */
static void
resolve_mentions(const char *s, struct entities *e,
    const struct format_options *opt)
{
	struct entity *m;
	char *host;
	size_t i, q;

	if (opt == NULL || opt->resolve_mention == NULL)
		return;
	host = local_host(opt->base_url != NULL ? opt->base_url : "");
	for (i = 0; i < e->n; i++) {
		m = &e->v[i];
		if (m->kind != ENTITY_MENTION)
			continue;
		for (q = m->start + 1; q < m->end && s[q] != '@'; q++)
			;
		m->username = xstrndup(s + m->start + 1, q - m->start - 1);
		if (q < m->end) {
			m->domain = xstrndup(s + q + 1, m->end - q - 1);
			if (ascii_casecmp(m->domain, host) == 0) {
				free(m->domain);
				m->domain = NULL;
			}
		}
		m->url = NULL;
		if (opt->resolve_mention(opt->arg, m->username, m->domain,
		    &m->account_id, &m->url) == 0 && m->url != NULL)
			m->resolved = 1;
		else {
			free(m->url);
			m->url = NULL;
		}
	}
	free(host);
}

static int
mention_cmp(const void *a, const void *b)
{
	const struct entity *x = *(const struct entity *const *)a;
	const struct entity *y = *(const struct entity *const *)b;
	int c;

	if ((c = ascii_casecmp(x->username, y->username)) != 0)
		return c;
	if (x->domain == NULL || y->domain == NULL)
		return (x->domain != NULL) - (y->domain != NULL);
	return ascii_casecmp(x->domain, y->domain);
}

/*
 * TextFormatter shows "user@domain" instead of "user" when another of
 * the accounts it knows has the same username on another domain. Sorted
 * by username and domain, a group needs domains when its ends differ.
 */
static void
mark_ambiguous_mentions(struct entities *e)
{
	struct entity **v;
	size_t i, n = 0, a, b;

	v = xcalloc(e->n, sizeof(*v));
	for (i = 0; i < e->n; i++)
		if (e->v[i].kind == ENTITY_MENTION && e->v[i].resolved)
			v[n++] = &e->v[i];
	qsort(v, n, sizeof(*v), mention_cmp);
	for (a = 0; a < n; a = b) {
		for (b = a + 1; b < n &&
		    ascii_casecmp(v[a]->username, v[b]->username) == 0; b++)
			;
		if (mention_cmp(&v[a], &v[b - 1]) != 0)
			for (i = a; i < b; i++)
				v[i]->show_domain = 1;
	}
	free(v);
}

/*
 * Escape as h() does, then fold runs of white space into one space as
 * String#squish does to TextFormatter's interpolated HTML.
 */
static void
html_squished(struct buf *b, const char *s, size_t len)
{
	uint32_t cp;
	size_t p = 0, run = 0, n;
	int in_space = 0;

	while ((n = utf8_decode(s, len, p, &cp)) > 0) {
		if (is_space(cp)) {
			buf_html(b, s + run, p - run);
			if (!in_space)
				buf_putc(b, ' ');
			in_space = 1;
			run = p + n;
		} else
			in_space = 0;
		p += n;
	}
	buf_html(b, s + run, len - run);
}

/* TextFormatter.shortened_link */
static void
render_url(struct buf *b, const char *url, size_t len)
{
	size_t prefix = 0, shown;

	if (strncmp(url, "https://", 8) == 0)
		prefix = 8;
	else if (strncmp(url, "http://", 7) == 0)
		prefix = 7;
	if (prefix > 0 && len - prefix >= 4 &&
	    strncmp(url + prefix, "www.", 4) == 0)
		prefix += 4;
	if (prefix == 0 && len >= 5 && strncmp(url, "xmpp:", 5) == 0)
		prefix = 5;
	shown = cp_skip(url, len, prefix, URL_DISPLAY_CHARS);

	buf_puts(b, "<a href=\"");
	html_squished(b, url, len);
	buf_puts(b, "\" target=\"_blank\" rel=\"nofollow noopener noreferrer\""
	    " translate=\"no\"><span class=\"invisible\">");
	html_squished(b, url, prefix);
	buf_puts(b, shown < len ? "</span><span class=\"ellipsis\">" :
	    "</span><span class=\"\">");
	html_squished(b, url + prefix, shown - prefix);
	buf_puts(b, "</span><span class=\"invisible\">");
	html_squished(b, url + shown, len - shown);
	buf_puts(b, "</span></a>");
}

/* Rails' tag_url: the name as written, escaped as a path segment. */
static void
render_hashtag(struct buf *b, const char *base_url, const char *name,
    size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf href = BUF_INIT;
	unsigned char c;
	size_t i;

	buf_puts(&href, base_url);
	buf_puts(&href, "/tags/");
	for (i = 0; i < len; i++) {
		c = (unsigned char)name[i];
		if (ascii_alnum(c) || ascii_in(c, "-._~!$&'()*+,;=:@"))
			buf_putc(&href, c);
		else {
			buf_putc(&href, '%');
			buf_putc(&href, hex[c >> 4]);
			buf_putc(&href, hex[c & 15]);
		}
	}
	buf_puts(b, "<a href=\"");
	html_squished(b, buf_cstr(&href), href.len);
	buf_puts(b, "\" class=\"mention hashtag\" rel=\"tag\">#<span>");
	html_squished(b, name, len);
	buf_puts(b, "</span></a>");
	buf_free(&href);
}

static void
render_mention(struct buf *b, const char *s, const struct entity *m)
{
	size_t shown = strlen(m->username);

	/* pretty_acct: a local account never shows a domain */
	if (m->show_domain && m->domain != NULL)
		shown = m->end - m->start - 1;
	buf_puts(b, "<span class=\"h-card\" translate=\"no\"><a href=\"");
	html_squished(b, m->url, strlen(m->url));
	buf_puts(b, "\" class=\"u-url mention\">@<span>");
	html_squished(b, s + m->start + 1, shown);
	buf_puts(b, "</span></a></span>");
}

/* Tags are deduplicated once at the end; see dedupe_tags. */
static void
record_tag(struct format_result *res, const char *name, size_t len)
{
	char *tag;
	size_t i;

	tag = xstrndup(name, len);
	if (!format_tag_name_valid(tag)) {
		free(tag);
		return;
	}
	for (i = 0; i < len; i++)
		if (tag[i] >= 'A' && tag[i] <= 'Z')
			tag[i] += 'a' - 'A';
	res->tags = xrealloc(res->tags, (res->ntags + 1) * sizeof(char *));
	res->tags[res->ntags++] = tag;
}

static int
tag_ref_cmp(const void *a, const void *b)
{
	char *const *x = *(char *const *const *)a;
	char *const *y = *(char *const *const *)b;
	int c;

	if ((c = strcmp(*x, *y)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/*
 * Keep the first of each name, in order. Sorting references to the slots
 * keeps this O(n log n) for texts with thousands of tags.
 */
static void
dedupe_tags(struct format_result *res)
{
	char ***ref;
	size_t i, first, kept = 0;

	if (res->ntags < 2)
		return;
	ref = xcalloc(res->ntags, sizeof(*ref));
	for (i = 0; i < res->ntags; i++)
		ref[i] = &res->tags[i];
	qsort(ref, res->ntags, sizeof(*ref), tag_ref_cmp);
	for (first = 0, i = 1; i < res->ntags; i++) {
		if (strcmp(*ref[first], *ref[i]) != 0) {
			first = i;
			continue;
		}
		free(*ref[i]);
		*ref[i] = NULL;
	}
	free(ref);
	for (i = 0; i < res->ntags; i++)
		if (res->tags[i] != NULL)
			res->tags[kept++] = res->tags[i];
	res->ntags = kept;
}

static void
record_mention(struct format_result *res, const char *s,
    const struct entity *m)
{
	struct format_mention *fm;
	size_t i;

	for (i = 0; i < res->nmentions; i++)
		if (res->mentions[i].account_id == m->account_id)
			return;
	res->mentions = xrealloc(res->mentions,
	    (res->nmentions + 1) * sizeof(*res->mentions));
	fm = &res->mentions[res->nmentions++];
	fm->account_id = m->account_id;
	fm->acct = xstrndup(s + m->start + 1, m->end - m->start - 1);
	fm->url = xstrdup(m->url);
}

/*
 * Rails' simple_format on the linked HTML, then .delete("\n"): CR LF and
 * lone CR become LF, two or more LFs end a paragraph, one is a <br />.
 */
static char *
simple_format(const char *h, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0, start, breaks;

	buf_puts(&b, "<p>");
	while (i < len) {
		start = i;
		while (i < len && h[i] != '\r' && h[i] != '\n')
			i++;
		buf_add(&b, h + start, i - start);
		if (i == len)
			break;
		for (breaks = 0; i < len && (h[i] == '\r' || h[i] == '\n');
		    breaks++) {
			if (h[i] == '\r' && i + 1 < len && h[i + 1] == '\n')
				i++;
			i++;
		}
		if (i < len)
			buf_puts(&b, breaks == 1 ? "<br />" : "</p><p>");
	}
	buf_puts(&b, "</p>");
	return buf_detach(&b);
}

/* String#blank?: nothing but Unicode white space. */
static int
text_blank(const char *s, size_t len)
{
	uint32_t cp;
	size_t p = 0, n;

	while ((n = utf8_decode(s, len, p, &cp)) > 0) {
		if (!is_space(cp))
			return 0;
		p += n;
	}
	return 1;
}

/*
 * Status#prepare_contents strips the text before TextFormatter sees it;
 * String#strip only knows ASCII white space.
 */
static void
strip_ascii_space(char *s, size_t *lenp)
{
	size_t len = *lenp, start = 0;

	while (len > 0 && ascii_in((unsigned char)s[len - 1], " \t\n\v\f\r"))
		len--;
	while (start < len && ascii_in((unsigned char)s[start], " \t\n\v\f\r"))
		start++;
	memmove(s, s + start, len - start);
	len -= start;
	s[len] = '\0';
	*lenp = len;
}

static void
format_text(const char *text, const struct format_options *opt,
    int multiline, struct format_result *res)
{
	struct entities ents = { NULL, 0, 0 };
	struct buf html = BUF_INIT;
	const struct entity *e;
	const char *base_url;
	char *s;
	size_t len, i, last = 0;

	memset(res, 0, sizeof(*res));
	base_url = opt != NULL && opt->base_url != NULL ? opt->base_url : "";
	s = utf8_sanitize(text != NULL ? text : "", &len);
	strip_ascii_space(s, &len);
	if (text_blank(s, len)) {
		res->html = xstrdup("");
		free(s);
		return;
	}

	scan_urls(s, len, &ents);
	scan_hashtags(s, len, &ents);
	scan_mentions(s, len, &ents);
	scan_extra_uris(s, len, &ents);
	drop_overlaps(&ents);
	resolve_mentions(s, &ents, opt);
	mark_ambiguous_mentions(&ents);

	for (i = 0; i < ents.n; i++) {
		e = &ents.v[i];
		if (e->kind == ENTITY_MENTION && !e->resolved)
			continue;	/* stays as the text it was */
		buf_html(&html, s + last, e->start - last);
		switch (e->kind) {
		case ENTITY_URL:
			render_url(&html, s + e->start, e->end - e->start);
			break;
		case ENTITY_HASHTAG:
			render_hashtag(&html, base_url, s + e->start + 1,
			    e->end - e->start - 1);
			record_tag(res, s + e->start + 1,
			    e->end - e->start - 1);
			break;
		case ENTITY_MENTION:
			render_mention(&html, s, e);
			record_mention(res, s, e);
			break;
		}
		last = e->end;
	}
	buf_html(&html, s + last, len - last);

	dedupe_tags(res);
	if (!multiline)
		res->html = buf_detach(&html);
	else {
		res->html = simple_format(buf_cstr(&html), html.len);
		buf_free(&html);
	}
	entities_free(&ents);
	free(s);
}

void
format_status(const char *text, const struct format_options *opt,
    struct format_result *res)
{
	format_text(text, opt, 1, res);
}

void
format_single_line(const char *text, const struct format_options *opt,
    struct format_result *res)
{
	format_text(text, opt, 0, res);
}

void
format_result_free(struct format_result *res)
{
	size_t i;

	if (res == NULL)
		return;
	free(res->html);
	for (i = 0; i < res->nmentions; i++) {
		free(res->mentions[i].acct);
		free(res->mentions[i].url);
	}
	free(res->mentions);
	for (i = 0; i < res->ntags; i++)
		free(res->tags[i]);
	free(res->tags);
	memset(res, 0, sizeof(*res));
}

/*
 * StatusLengthValidator's countable_text: links with a scheme count as
 * URL_COUNTED_CHARS whatever their length, a mention as "@username"
 * without its domain, the rest one per code point (Mastodon counts
 * grapheme clusters, so a few combined emoji count more here). Mastodon
 * strips the text before it validates, as format_status() does.
 */
size_t
format_countable_length(const char *text)
{
	struct entities ents = { NULL, 0, 0 };
	const struct entity *e;
	size_t len, i, q, last = 0, n = 0;
	char *s;

	s = utf8_sanitize(text != NULL ? text : "", &len);
	strip_ascii_space(s, &len);
	scan_urls(s, len, &ents);
	scan_mentions(s, len, &ents);
	drop_overlaps(&ents);
	for (i = 0; i < ents.n; i++) {
		e = &ents.v[i];
		n += cp_count(s + last, e->start - last);
		if (e->kind == ENTITY_URL)
			n += URL_COUNTED_CHARS;
		else {
			for (q = e->start + 1; q < e->end && s[q] != '@'; q++)
				;
			n += cp_count(s + e->start, q - e->start);
		}
		last = e->end;
	}
	n += cp_count(s + last, len - last);
	entities_free(&ents);
	free(s);
	return n;
}

/* Tag::HASHTAG_NAME_RE, plus our length limit. */
int
format_tag_name_valid(const char *name)
{
	size_t len;

	if (name == NULL)
		return 0;
	len = strlen(name);
	if (len == 0 || len > TAG_NAME_MAX)
		return 0;
	/* An invalid sequence decodes as CP_INVALID, never a word char. */
	return match_tag_name(name, len, 0) == len;
}

/*
 * Nothing but white space (Unicode's White_Space, as Ruby's blank? sees
 * it, plus the zero-width characters that show as nothing): such a post
 * would look empty.
 */
static int
is_blank_code_point(uint32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 ||
	    cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	    cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

int
format_text_blank(const char *text)
{
	size_t len = strlen(text), pos = 0, n;
	uint32_t cp;

	while ((n = utf8_decode(text, len, pos, &cp)) > 0) {
		if (!is_blank_code_point(cp))
			return 0;
		pos += n;
	}
	return 1;
}
