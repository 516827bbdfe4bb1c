/*
 * html_allowlist.h: an independent check of what lib/sanitize.c promises,
 * for its unit test and its fuzzer. It parses HTML with gumbo and says
 * whether it holds only allowlisted elements, attributes, classes and link
 * schemes, is valid UTF-8 and has no comments. It shares no code with the
 * sanitizer, so a mistake there is not repeated here.
 */
#ifndef WOOLLY_HTML_ALLOWLIST_H
#define WOOLLY_HTML_ALLOWLIST_H

#include <gumbo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct allowlist_entry {
	const char	*element;
	const char	*attributes;	/* space-separated, each surrounded */
};

static const struct allowlist_entry allowlist_elements[] = {
	{ "a", " href class translate rel target " },
	{ "abbr", " title " },
	{ "b", "" }, { "blockquote", "" }, { "br", "" }, { "code", "" },
	{ "del", "" }, { "em", "" }, { "h1", "" }, { "h2", "" }, { "h3", "" },
	{ "h4", "" }, { "h5", "" }, { "i", "" },
	{ "li", " value " },
	{ "ol", " start reversed " },
	{ "p", " class " },
	{ "pre", "" },
	{ "span", " class translate lang " },
	{ "strong", "" }, { "sub", "" }, { "sup", "" }, { "u", "" },
	{ "ul", "" },
};

static int
allowlist_utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned int cp;

	while (i < len) {
		if (s[i] < 0x80) {
			/* Nor would a carriage return or a C0 control. */
			if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
			    s[i] != '\f') || s[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = s[i] & 0x07;
		} else
			return 0;
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		/* C1 controls and noncharacters would not read back. */
		if ((cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
			return 0;
		i += n + 1;
	}
	return 1;
}

/* The link schemes of Mastodon's LINK_PROTOCOLS, checked on the raw value. */
static int
allowlist_href_ok(const char *href)
{
	static const char *const schemes[] = {
		"http:", "https:", "dat:", "dweb:", "ipfs:", "ipns:", "ssb:",
		"gopher:", "xmpp:", "magnet:", "gemini:",
	};
	size_t i;

	if (strpbrk(href, "\t\n\r") != NULL || (unsigned char)href[0] <= 0x20)
		return 0;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(href, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

static int
allowlist_class_ok(const char *value)
{
	char copy[4096], *word, *save;

	if (strlen(value) >= sizeof(copy))
		return 0;
	strcpy(copy, value);
	for (word = strtok_r(copy, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		if (strcmp(word, "mention") == 0 ||
		    strcmp(word, "hashtag") == 0 ||
		    strcmp(word, "ellipsis") == 0 ||
		    strcmp(word, "invisible") == 0 ||
		    strcmp(word, "quote-inline") == 0)
			continue;
		if ((strncmp(word, "h-", 2) == 0 || strncmp(word, "p-", 2) == 0 ||
		    strncmp(word, "u-", 2) == 0 || strncmp(word, "e-", 2) == 0 ||
		    strncmp(word, "dt-", 3) == 0) && word[2] != '\0')
			continue;
		return 0;
	}
	return 1;
}

static int
allowlist_attribute_ok(const char *element, const GumboAttribute *a,
    char *why, size_t whylen)
{
	const struct allowlist_entry *e = NULL;
	char needle[64];
	size_t i;

	for (i = 0; i < sizeof(allowlist_elements) /
	    sizeof(allowlist_elements[0]); i++)
		if (strcmp(allowlist_elements[i].element, element) == 0)
			e = &allowlist_elements[i];
	snprintf(needle, sizeof(needle), " %s ", a->name);
	if (e == NULL || a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE ||
	    strstr(e->attributes, needle) == NULL) {
		snprintf(why, whylen, "attribute %s on <%s>", a->name, element);
		return 0;
	}
	if ((strcmp(a->name, "href") == 0 && !allowlist_href_ok(a->value)) ||
	    (strcmp(a->name, "class") == 0 && !allowlist_class_ok(a->value)) ||
	    (strcmp(a->name, "translate") == 0 &&
	    strcmp(a->value, "no") != 0) ||
	    (strcmp(a->name, "rel") == 0 &&
	    strcmp(a->value, "nofollow noopener") != 0) ||
	    (strcmp(a->name, "target") == 0 &&
	    strcmp(a->value, "_blank") != 0)) {
		snprintf(why, whylen, "%s=\"%.80s\" on <%s>", a->name,
		    a->value, element);
		return 0;
	}
	return 1;
}

static int
allowlist_node_ok(const GumboNode *node, int depth, char *why, size_t whylen)
{
	const GumboElement *el;
	const char *name;
	unsigned int i;
	size_t k;
	int known = 0;

	if (depth > 200) {
		snprintf(why, whylen, "nested deeper than 200");
		return 0;
	}
	switch (node->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
		return 1;
	case GUMBO_NODE_ELEMENT:
		break;
	default:
		snprintf(why, whylen, "a node of type %d", (int)node->type);
		return 0;
	}
	el = &node->v.element;
	name = gumbo_normalized_tagname(el->tag);
	for (k = 0; k < sizeof(allowlist_elements) /
	    sizeof(allowlist_elements[0]); k++)
		if (strcmp(allowlist_elements[k].element, name) == 0)
			known = 1;
	if (!known || el->tag_namespace != GUMBO_NAMESPACE_HTML) {
		snprintf(why, whylen, "element <%s>", name[0] ? name : "?");
		return 0;
	}
	if (el->tag == GUMBO_TAG_A && (gumbo_get_attribute(&el->attributes,
	    "href") == NULL || gumbo_get_attribute(&el->attributes,
	    "rel") == NULL || gumbo_get_attribute(&el->attributes,
	    "target") == NULL)) {
		snprintf(why, whylen, "<a> without href, rel or target");
		return 0;
	}
	for (i = 0; i < el->attributes.length; i++)
		if (!allowlist_attribute_ok(name, el->attributes.data[i],
		    why, whylen))
			return 0;
	for (i = 0; i < el->children.length; i++)
		if (!allowlist_node_ok(el->children.data[i], depth + 1, why,
		    whylen))
			return 0;
	return 1;
}

/* 1 when html is safe by the allowlist; otherwise 0 and why says what. */
static int __attribute__((unused))
html_allowlisted(const char *html, size_t len, char *why, size_t whylen)
{
	GumboOptions options = kGumboDefaultOptions;
	GumboOutput *tree;
	const GumboNode *root;
	unsigned int i;
	int ok = 1;

	if (!allowlist_utf8_valid((const unsigned char *)html, len)) {
		snprintf(why, whylen, "invalid UTF-8, or a character that "
		    "would not read back");
		return 0;
	}
	if (memchr(html, '\0', len) != NULL) {
		snprintf(why, whylen, "a NUL byte");
		return 0;
	}
	options.fragment_context = GUMBO_TAG_DIV;
	tree = gumbo_parse_with_options(&options, html, len);
	root = tree->root;
	for (i = 0; ok && i < root->v.element.children.length; i++)
		ok = allowlist_node_ok(root->v.element.children.data[i], 0,
		    why, whylen);
	gumbo_destroy_output(&options, tree);
	return ok;
}

#endif
