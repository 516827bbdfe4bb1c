/*
 * sanitize: remote HTML made safe by an allowlist, after the rules of
 * Mastodon's MASTODON_STRICT sanitizer configuration.
 *
 * The input is parsed by gumbo as an HTML5 fragment (the tree a browser
 * would build inside a <div>), never by hand, and the tree is written out
 * again keeping only allowlisted elements and attributes. Each link gets
 * rel="nofollow noopener" and target="_blank"; an image becomes a link to
 * its source with its alt text.
 *
 * Idempotence does not come for free: writing out a filtered tree can
 * produce markup that an HTML5 parser would rebuild differently (a link
 * inside a link once a table between them was unwrapped, a list item in a
 * list item, a block in a paragraph, a heading in a heading). Such an
 * element is unwrapped instead of kept, so that parsing the output gives
 * back the tree it was written from, and sanitizing it again changes
 * nothing.
 *
 * The walk is iterative: gumbo builds trees as deep as the input nests,
 * and a worker's stack must not depend on what a stranger sends.
 */
#include <gumbo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "sanitize.h"

enum action {
	UNWRAP = 0,	/* the default: keep the content, lose the element */
	KEEP,
	DROP		/* element and content go */
};

/* Element flags. */
#define BLOCK		0x01	/* unwrapped: a space each side */
#define CLOSES_P	0x02	/* its start tag closes a <p> */
#define SPECIAL		0x04	/* an <li> seeks an <li> up to it */
#define HEADING		0x08

/* Attributes an element may keep. */
#define ATTR_HREF	0x01
#define ATTR_CLASS	0x02
#define ATTR_TRANSLATE	0x04
#define ATTR_LANG	0x08
#define ATTR_TITLE	0x10
#define ATTR_START	0x20
#define ATTR_REVERSED	0x40
#define ATTR_VALUE	0x80

struct element_rule {
	unsigned char	 action;
	unsigned char	 flags;
	unsigned short	 attributes;
};

#define KEPT_BLOCK	(BLOCK | CLOSES_P | SPECIAL)

static const struct element_rule rules[GUMBO_TAG_LAST + 1] = {
	[GUMBO_TAG_A] = { KEEP, 0, ATTR_HREF | ATTR_CLASS | ATTR_TRANSLATE },
	[GUMBO_TAG_ABBR] = { KEEP, 0, ATTR_TITLE },
	[GUMBO_TAG_B] = { KEEP, 0, 0 },
	[GUMBO_TAG_BLOCKQUOTE] = { KEEP, KEPT_BLOCK, 0 },
	[GUMBO_TAG_BR] = { KEEP, BLOCK | SPECIAL, 0 },
	[GUMBO_TAG_CODE] = { KEEP, 0, 0 },
	[GUMBO_TAG_DEL] = { KEEP, 0, 0 },
	[GUMBO_TAG_EM] = { KEEP, 0, 0 },
	[GUMBO_TAG_H1] = { KEEP, KEPT_BLOCK | HEADING, 0 },
	[GUMBO_TAG_H2] = { KEEP, KEPT_BLOCK | HEADING, 0 },
	[GUMBO_TAG_H3] = { KEEP, KEPT_BLOCK | HEADING, 0 },
	[GUMBO_TAG_H4] = { KEEP, KEPT_BLOCK | HEADING, 0 },
	[GUMBO_TAG_H5] = { KEEP, KEPT_BLOCK | HEADING, 0 },
	[GUMBO_TAG_I] = { KEEP, 0, 0 },
	[GUMBO_TAG_LI] = { KEEP, KEPT_BLOCK, ATTR_VALUE },
	[GUMBO_TAG_OL] = { KEEP, KEPT_BLOCK, ATTR_START | ATTR_REVERSED },
	[GUMBO_TAG_P] = { KEEP, KEPT_BLOCK, ATTR_CLASS },
	[GUMBO_TAG_PRE] = { KEEP, KEPT_BLOCK, 0 },
	[GUMBO_TAG_SPAN] = { KEEP, 0, ATTR_CLASS | ATTR_TRANSLATE | ATTR_LANG },
	[GUMBO_TAG_STRONG] = { KEEP, 0, 0 },
	[GUMBO_TAG_SUB] = { KEEP, 0, 0 },
	[GUMBO_TAG_SUP] = { KEEP, 0, 0 },
	[GUMBO_TAG_U] = { KEEP, 0, 0 },
	[GUMBO_TAG_UL] = { KEEP, KEPT_BLOCK, 0 },

	/* Unwrapped, but their text must not run into the next word. */
	[GUMBO_TAG_ADDRESS] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_ARTICLE] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_ASIDE] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_CAPTION] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_CENTER] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_DD] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_DETAILS] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_DIR] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_DIV] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_DL] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_DT] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_FIGCAPTION] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_FIGURE] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_FOOTER] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_H6] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_HEADER] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_HGROUP] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_HR] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_LISTING] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_MAIN] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_MENU] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_NAV] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_SECTION] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_SUMMARY] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_TABLE] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_TBODY] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_TD] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_TFOOT] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_TH] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_THEAD] = { UNWRAP, BLOCK, 0 },
	[GUMBO_TAG_TR] = { UNWRAP, BLOCK, 0 },

	/* Code, styles, embedded documents, metadata, form widgets. */
	[GUMBO_TAG_APPLET] = { DROP, 0, 0 },
	[GUMBO_TAG_BASE] = { DROP, 0, 0 },
	[GUMBO_TAG_DATALIST] = { DROP, 0, 0 },
	[GUMBO_TAG_EMBED] = { DROP, 0, 0 },
	[GUMBO_TAG_FRAME] = { DROP, 0, 0 },
	[GUMBO_TAG_FRAMESET] = { DROP, 0, 0 },
	[GUMBO_TAG_HEAD] = { DROP, 0, 0 },
	[GUMBO_TAG_IFRAME] = { DROP, 0, 0 },
	[GUMBO_TAG_LINK] = { DROP, 0, 0 },
	[GUMBO_TAG_MATH] = { DROP, 0, 0 },
	[GUMBO_TAG_META] = { DROP, 0, 0 },
	[GUMBO_TAG_NOEMBED] = { DROP, 0, 0 },
	[GUMBO_TAG_NOFRAMES] = { DROP, 0, 0 },
	[GUMBO_TAG_NOSCRIPT] = { DROP, 0, 0 },
	[GUMBO_TAG_OBJECT] = { DROP, 0, 0 },
	[GUMBO_TAG_PARAM] = { DROP, 0, 0 },
	[GUMBO_TAG_PLAINTEXT] = { DROP, 0, 0 },
	[GUMBO_TAG_SCRIPT] = { DROP, 0, 0 },
	[GUMBO_TAG_SELECT] = { DROP, 0, 0 },
	[GUMBO_TAG_STYLE] = { DROP, 0, 0 },
	[GUMBO_TAG_SVG] = { DROP, 0, 0 },
	[GUMBO_TAG_TEMPLATE] = { DROP, 0, 0 },
	[GUMBO_TAG_TEXTAREA] = { DROP, 0, 0 },
	[GUMBO_TAG_TITLE] = { DROP, 0, 0 },
	[GUMBO_TAG_XMP] = { DROP, 0, 0 },
};

static const char *const link_schemes[] = {
	"http", "https", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher",
	"xmpp", "magnet", "gemini",
};

/* Mastodon's markup classes: microformats, mentions, shortened links. */
static const char *const kept_classes[] = {
	"mention", "hashtag", "ellipsis", "invisible", "quote-inline",
};
static const char *const microformat_prefixes[] = {
	"h-", "p-", "u-", "dt-", "e-",
};

#define LINK_REL	" rel=\"nofollow noopener\" target=\"_blank\""

/* What leaving an element writes. */
enum closing {
	CLOSE_NOTHING,
	CLOSE_TAG,	/* its end tag: it was kept */
	CLOSE_SPACE	/* a space: an unwrapped block */
};

struct frame {
	const GumboNode	*node;
	unsigned int	 next;		/* the next child to visit */
	unsigned char	 closing;
};

struct sanitizer {
	struct buf	*out;
	size_t		 start;		/* out->len before */
	size_t		 tags;		/* '<' written */
	size_t		 reserve;	/* bytes of end tags to come */
	int		 full;		/* a limit was reached */
	struct frame	*frames;
	size_t		 nframes;
	size_t		 capframes;
	GumboTag	 open[SANITIZE_MAX_DEPTH];	/* outermost first */
	size_t		 nopen;
	int		 just_opened_pre;
};

static int
ascii_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int
ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * An href as a browser reads it: leading and trailing C0 controls and
 * spaces stripped, tabs and newlines anywhere removed ("java\tscript:"
 * is javascript:).
 */
static void
link_clean(const char *href, struct buf *clean)
{
	const unsigned char *s = (const unsigned char *)href;
	size_t len = strlen(href);

	while (len > 0 && s[len - 1] <= 0x20)
		len--;
	while (len > 0 && *s <= 0x20) {
		s++;
		len--;
	}
	buf_reset(clean);
	for (; len > 0; s++, len--)
		if (*s != '\t' && *s != '\n' && *s != '\r')
			buf_putc(clean, *s);
}

static int
scheme_allowed(const char *clean)
{
	size_t n, i;

	if (!ascii_alpha((unsigned char)clean[0]))
		return 0;
	for (n = 1; clean[n] != ':'; n++)
		if (!ascii_alpha((unsigned char)clean[n]) &&
		    !ascii_digit((unsigned char)clean[n]) &&
		    clean[n] != '+' && clean[n] != '-' && clean[n] != '.')
			return 0;	/* relative, or not a scheme */
	for (i = 0; i < sizeof(link_schemes) / sizeof(link_schemes[0]); i++)
		if (strlen(link_schemes[i]) == n &&
		    strncasecmp(clean, link_schemes[i], n) == 0)
			return 1;
	return 0;
}

int
sanitize_link_allowed(const char *href)
{
	struct buf clean = BUF_INIT;
	int allowed;

	link_clean(href, &clean);
	allowed = scheme_allowed(buf_cstr(&clean));
	buf_free(&clean);
	return allowed;
}

static int
class_kept(const char *name, size_t len)
{
	size_t i, n;

	for (i = 0; i < sizeof(kept_classes) / sizeof(kept_classes[0]); i++)
		if (strlen(kept_classes[i]) == len &&
		    memcmp(kept_classes[i], name, len) == 0)
			return 1;
	for (i = 0; i < sizeof(microformat_prefixes) /
	    sizeof(microformat_prefixes[0]); i++) {
		n = strlen(microformat_prefixes[i]);
		if (len > n && memcmp(microformat_prefixes[i], name, n) == 0)
			return 1;
	}
	return 0;
}

/* The allowed classes of a class attribute, one space apart. */
static void
classes_filter(const char *value, struct buf *kept)
{
	const char *s = value, *start;

	buf_reset(kept);
	for (;;) {
		while (ascii_space((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		start = s;
		while (*s != '\0' && !ascii_space((unsigned char)*s))
			s++;
		if (class_kept(start, (size_t)(s - start))) {
			if (kept->len > 0)
				buf_putc(kept, ' ');
			buf_add(kept, start, (size_t)(s - start));
		}
	}
}

/* A language tag as BCP 47 spells it, roughly: "en", "pt-BR", "zh-Hant". */
static int
language_valid(const char *s)
{
	size_t n;

	if (!ascii_alpha((unsigned char)s[0]))
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!ascii_alpha((unsigned char)s[n]) &&
		    !ascii_digit((unsigned char)s[n]) && s[n] != '-')
			return 0;
	return n <= 35;
}

/* An <ol start> or <li value>: a plain integer that fits an int. */
static int
integer_valid(const char *s)
{
	size_t n;

	if (*s == '-')
		s++;
	for (n = 0; s[n] != '\0'; n++)
		if (!ascii_digit((unsigned char)s[n]))
			return 0;
	return n >= 1 && n <= 9;
}

/*
 * Whether bytes more of output, tags of them '<', still leave room for
 * the end tags owed, within the limits on input: so the output can always
 * be sanitized again, and gives itself back. Once something does not fit,
 * nothing more is written but those end tags.
 */
static int
fits(struct sanitizer *z, size_t bytes, size_t tags)
{
	if (!z->full && z->out->len - z->start + bytes + z->reserve <=
	    SANITIZE_MAX_INPUT &&
	    z->tags + tags + z->nopen <= SANITIZE_MAX_TAGS)
		return 1;
	z->full = 1;
	return 0;
}

#define NOT_UTF8	UINT32_MAX

/*
 * The code point at s and its length in bytes; NOT_UTF8 (length 1) for a
 * byte that starts no valid sequence. Gumbo's text is UTF-8 but for some
 * numeric character references it cannot represent.
 */
static uint32_t
decode(const unsigned char *s, size_t *len)
{
	uint32_t cp;
	size_t n, i;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	n = s[0] >= 0xf8 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 :
	    s[0] >= 0xc0 ? 2 : 0;
	if (n == 0)
		return NOT_UTF8;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return NOT_UTF8;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return NOT_UTF8;
	*len = n;
	return cp;
}

/*
 * Characters that reading HTML turns into others: a carriage return
 * becomes a newline, and controls and noncharacters (as the HTML5 input
 * stream defines them) become U+FFFD. A character reference can still
 * put them in the tree, so they are written as what they would become.
 */
static const char *
unstable(uint32_t c)
{
	if (c == '\r')
		return "\n";
	if ((c >= 0x1 && c <= 0x8) || c == 0xb || (c >= 0xe && c <= 0x1f) ||
	    (c >= 0x7f && c <= 0x9f) || (c >= 0xfdd0 && c <= 0xfdef) ||
	    (c & 0xfffe) == 0xfffe || c == NOT_UTF8)
		return "\xef\xbf\xbd";
	return NULL;
}

/*
 * Text (or, with attribute, an attribute value) escaped into b; with z,
 * cut at a character when the output is full.
 */
static void
escape(struct buf *b, const char *s, int attribute, struct sanitizer *z)
{
	const char *rep;
	size_t i, n;
	uint32_t c;

	for (i = 0; s[i] != '\0'; i += n) {
		c = decode((const unsigned char *)s + i, &n);
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attribute ? "&quot;" : NULL; break;
		case '\'': rep = attribute ? "&#39;" : NULL; break;
		default: rep = unstable(c); break;
		}
		if (z != NULL && !fits(z, rep ? strlen(rep) : n, 0))
			return;
		if (rep != NULL)
			buf_puts(b, rep);
		else
			buf_add(b, s + i, n);
	}
}

static void
put_text(struct sanitizer *z, const char *s)
{
	/* The parser drops a newline right after <pre>: write it twice. */
	if (z->just_opened_pre && (s[0] == '\n' || s[0] == '\r') &&
	    fits(z, 1, 0))
		buf_putc(z->out, '\n');
	z->just_opened_pre = 0;
	escape(z->out, s, 0, z);
}

static void
put_space(struct sanitizer *z)
{
	z->just_opened_pre = 0;
	if (fits(z, 1, 0))
		buf_putc(z->out, ' ');
}

/* A start tag built in markup, with its end tag of close bytes owed. */
static int
put_markup(struct sanitizer *z, const struct buf *markup, size_t close)
{
	if (!fits(z, markup->len + close, close > 0 ? 2 : 1))
		return -1;
	z->just_opened_pre = 0;
	buf_add(z->out, markup->data, markup->len);
	z->tags++;
	z->reserve += close;
	return 0;
}

static void
put_attribute(struct buf *markup, const char *name, const char *value)
{
	buf_printf(markup, " %s=\"", name);
	escape(markup, value, 1, NULL);
	buf_putc(markup, '"');
}

static int
is_open(const struct sanitizer *z, GumboTag tag)
{
	size_t i;

	for (i = 0; i < z->nopen; i++)
		if (z->open[i] == tag)
			return 1;
	return 0;
}

/*
 * Whether an element can be written where the walk is without an HTML5
 * parser moving it elsewhere when the output is read back.
 */
static int
can_open(const struct sanitizer *z, GumboTag tag)
{
	const struct element_rule *rule = &rules[tag];
	size_t i;

	if (z->nopen >= SANITIZE_MAX_DEPTH)
		return 0;
	if (tag == GUMBO_TAG_A && is_open(z, GUMBO_TAG_A))
		return 0;
	if ((rule->flags & CLOSES_P) && is_open(z, GUMBO_TAG_P))
		return 0;
	if (tag == GUMBO_TAG_LI)
		for (i = z->nopen; i > 0; i--) {
			if (z->open[i - 1] == GUMBO_TAG_LI)
				return 0;
			if (rules[z->open[i - 1]].flags & SPECIAL)
				break;
		}
	if ((rule->flags & HEADING) && z->nopen > 0 &&
	    (rules[z->open[z->nopen - 1]].flags & HEADING))
		return 0;
	return 1;
}

static const GumboAttribute *
attribute(const GumboElement *el, const char *name)
{
	const GumboAttribute *a;
	unsigned int i;

	for (i = 0; i < el->attributes.length; i++) {
		a = el->attributes.data[i];
		if (a->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE &&
		    strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

static unsigned int
attribute_bit(const char *name)
{
	static const struct {
		const char	*name;
		unsigned int	 bit;
	} names[] = {
		{ "class", ATTR_CLASS },
		{ "href", ATTR_HREF },
		{ "lang", ATTR_LANG },
		{ "reversed", ATTR_REVERSED },
		{ "start", ATTR_START },
		{ "title", ATTR_TITLE },
		{ "translate", ATTR_TRANSLATE },
		{ "value", ATTR_VALUE },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].bit;
	return 0;
}

/* One allowed attribute, if its value passes; scratch is a work buffer. */
static void
put_allowed_attribute(struct buf *markup, const GumboAttribute *a,
    unsigned int bit, struct buf *scratch)
{
	switch (bit) {
	case ATTR_HREF:
		link_clean(a->value, scratch);
		put_attribute(markup, "href", buf_cstr(scratch));
		break;
	case ATTR_CLASS:
		classes_filter(a->value, scratch);
		if (scratch->len > 0)
			put_attribute(markup, "class", buf_cstr(scratch));
		break;
	case ATTR_TRANSLATE:
		/* Only the opt-out means something to keep. */
		if (strcmp(a->value, "no") == 0)
			put_attribute(markup, "translate", "no");
		break;
	case ATTR_LANG:
		if (language_valid(a->value))
			put_attribute(markup, "lang", a->value);
		break;
	case ATTR_TITLE:
		put_attribute(markup, "title", a->value);
		break;
	case ATTR_START:
	case ATTR_VALUE:
		if (integer_valid(a->value))
			put_attribute(markup, a->name, a->value);
		break;
	case ATTR_REVERSED:
		buf_puts(markup, " reversed");
		break;
	}
}

/* The start tag of a kept element; -1 when the output is full. */
static int
put_start_tag(struct sanitizer *z, const GumboElement *el)
{
	const struct element_rule *rule = &rules[el->tag];
	const char *name = gumbo_normalized_tagname(el->tag);
	const GumboAttribute *a;
	struct buf markup = BUF_INIT, scratch = BUF_INIT;
	unsigned int i, bit;
	int rc;

	buf_printf(&markup, "<%s", name);
	for (i = 0; i < el->attributes.length; i++) {
		a = el->attributes.data[i];
		if (a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE)
			continue;
		bit = attribute_bit(a->name);
		if (bit & rule->attributes)
			put_allowed_attribute(&markup, a, bit, &scratch);
	}
	if (el->tag == GUMBO_TAG_A)
		buf_puts(&markup, LINK_REL);
	buf_putc(&markup, '>');
	rc = put_markup(z, &markup,
	    el->tag == GUMBO_TAG_BR ? 0 : strlen(name) + 3);
	buf_free(&markup);
	buf_free(&scratch);
	if (rc == 0 && el->tag == GUMBO_TAG_PRE)
		z->just_opened_pre = 1;
	return rc;
}

static void
push_frame(struct sanitizer *z, const GumboNode *node, enum closing closing)
{
	if (z->nframes == z->capframes) {
		z->capframes = z->capframes ? z->capframes * 2 : 64;
		z->frames = xrealloc(z->frames,
		    z->capframes * sizeof(z->frames[0]));
	}
	z->frames[z->nframes].node = node;
	z->frames[z->nframes].next = 0;
	z->frames[z->nframes].closing = closing;
	z->nframes++;
}

/* An image becomes a link to its source, showing its alt text. */
static void
put_image(struct sanitizer *z, const GumboElement *el)
{
	const GumboAttribute *src = attribute(el, "src");
	const GumboAttribute *alt = attribute(el, "alt");
	struct buf clean = BUF_INIT, markup = BUF_INIT;
	int has_alt = alt != NULL && alt->value[0] != '\0';

	if (src != NULL && sanitize_link_allowed(src->value) &&
	    can_open(z, GUMBO_TAG_A)) {
		link_clean(src->value, &clean);
		buf_puts(&markup, "<a");
		put_attribute(&markup, "href", buf_cstr(&clean));
		buf_puts(&markup, LINK_REL ">");
		escape(&markup, has_alt ? alt->value : buf_cstr(&clean), 0,
		    NULL);
		buf_puts(&markup, "</a>");
		/* Whole or not at all: one tag more for the end tag. */
		if (fits(z, markup.len, 2)) {
			z->just_opened_pre = 0;
			buf_add(z->out, markup.data, markup.len);
			z->tags += 2;
		}
	} else if (has_alt)
		put_text(z, alt->value);
	buf_free(&clean);
	buf_free(&markup);
}

/* A link is kept only with an href of an allowed scheme, as in Mastodon. */
static int
element_kept(const struct sanitizer *z, const GumboElement *el)
{
	const GumboAttribute *href;

	if (rules[el->tag].action != KEEP || !can_open(z, el->tag))
		return 0;
	if (el->tag != GUMBO_TAG_A)
		return 1;
	href = attribute(el, "href");
	return href != NULL && sanitize_link_allowed(href->value);
}

static void
enter_element(struct sanitizer *z, const GumboNode *node)
{
	const GumboElement *el = &node->v.element;
	const struct element_rule *rule;

	/* SVG and MathML content, wherever it hides. */
	if (el->tag_namespace != GUMBO_NAMESPACE_HTML)
		return;
	rule = &rules[el->tag];
	if (rule->action == DROP)
		return;
	if (el->tag == GUMBO_TAG_IMG) {
		put_image(z, el);
		return;
	}
	if (element_kept(z, el)) {
		if (put_start_tag(z, el) == -1 || el->tag == GUMBO_TAG_BR)
			return;
		z->open[z->nopen++] = el->tag;
		push_frame(z, node, CLOSE_TAG);
		return;
	}
	if (rule->flags & BLOCK) {
		put_space(z);
		push_frame(z, node, CLOSE_SPACE);
	} else
		push_frame(z, node, CLOSE_NOTHING);
}

static void
leave_element(struct sanitizer *z, const struct frame *f)
{
	const char *name;

	switch (f->closing) {
	case CLOSE_TAG:
		/* Room for it was kept when its start tag was written. */
		name = gumbo_normalized_tagname(f->node->v.element.tag);
		z->nopen--;
		z->reserve -= strlen(name) + 3;
		z->tags++;
		z->just_opened_pre = 0;
		buf_printf(z->out, "</%s>", name);
		break;
	case CLOSE_SPACE:
		put_space(z);
		break;
	}
}

static void
visit(struct sanitizer *z, const GumboNode *node)
{
	switch (node->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
	case GUMBO_NODE_CDATA:
		put_text(z, node->v.text.text);
		break;
	case GUMBO_NODE_ELEMENT:
		enter_element(z, node);
		break;
	default:
		/* Comments, templates, the document itself. */
		break;
	}
}

static const GumboVector *
children_of(const GumboNode *node)
{
	if (node->type == GUMBO_NODE_DOCUMENT)
		return &node->v.document.children;
	return &node->v.element.children;
}

static void
walk(struct sanitizer *z, const GumboNode *root)
{
	const GumboVector *children;
	struct frame *top, done;

	push_frame(z, root, CLOSE_NOTHING);
	while (z->nframes > 0) {
		top = &z->frames[z->nframes - 1];
		children = children_of(top->node);
		if (top->next < children->length && !z->full) {
			/* visit() may grow (and move) the frames. */
			visit(z, children->data[top->next++]);
			continue;
		}
		done = *top;
		z->nframes--;
		leave_element(z, &done);
	}
}

/*
 * How much of the input to read: at most SANITIZE_MAX_INPUT bytes, cut
 * at a character, and nothing from the '<' past SANITIZE_MAX_TAGS on.
 */
static size_t
input_within_limits(const char *html, size_t len)
{
	const char *p = html, *end;
	size_t tags = 0;

	if (len > SANITIZE_MAX_INPUT) {
		len = SANITIZE_MAX_INPUT;
		while (len > 0 && ((unsigned char)html[len] & 0xc0) == 0x80)
			len--;
	}
	end = html + len;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (++tags > SANITIZE_MAX_TAGS)
			return (size_t)(p - html);
		p++;
	}
	return len;
}

int
sanitize_html(const char *html, size_t len, struct buf *out)
{
	GumboOptions options = kGumboDefaultOptions;
	GumboOutput *tree;
	struct sanitizer z;
	size_t used;

	used = input_within_limits(html, len);
	options.fragment_context = GUMBO_TAG_DIV;
	options.fragment_namespace = GUMBO_NAMESPACE_HTML;
	options.max_errors = 0;
	tree = gumbo_parse_with_options(&options, html, used);
	memset(&z, 0, sizeof(z));
	z.out = out;
	z.start = out->len;
	walk(&z, tree->root);
	free(z.frames);
	gumbo_destroy_output(&options, tree);
	return used < len || z.full;
}

char *
sanitize_html_string(const char *html)
{
	struct buf out = BUF_INIT;

	sanitize_html(html, strlen(html), &out);
	return buf_detach(&out);
}
