/*
 * sanitize_test: the remote-HTML sanitizer keeps Mastodon's markup, drops
 * everything an attacker could use, and is idempotent. Every case of the
 * XSS corpus (t/fixtures/html/xss.txt) and every HTML field of the
 * ActivityPub fixtures is checked by an independent allowlist checker
 * (html_allowlist.h) and sanitized twice; exact outputs pin the behaviour
 * that matters for fidelity.
 */
#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "tap.h"
#include "html_allowlist.h"
#include "fixtures.h"

#define REL	" rel=\"nofollow noopener\" target=\"_blank\""

struct exact_case {
	const char	*name;
	const char	*in;
	const char	*out;
};

static const struct exact_case exact_cases[] = {
	/* Mastodon's own markup survives as it is, links gain rel/target. */
	{ "Mastodon mention",
	  "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://m.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span> hi</p>",
	  "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://m.example/@bob\" class=\"u-url mention\"" REL ">@<span>bob</span></a></span> hi</p>" },
	{ "Mastodon hashtag",
	  "<a href=\"https://m.example/tags/woolly\" class=\"mention hashtag\" rel=\"tag\">#<span>woolly</span></a>",
	  "<a href=\"https://m.example/tags/woolly\" class=\"mention hashtag\"" REL ">#<span>woolly</span></a>" },
	{ "Mastodon shortened link",
	  "<a href=\"https://example.com/a/long/path\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/long/pa</span><span class=\"invisible\">th</span></a>",
	  "<a href=\"https://example.com/a/long/path\" translate=\"no\"" REL "><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/long/pa</span><span class=\"invisible\">th</span></a>" },
	{ "paragraphs and breaks",
	  "<p>line one<br />line two</p><p>para two</p>",
	  "<p>line one<br>line two</p><p>para two</p>" },
	{ "Pleroma mention loses data-user and rel=ugc",
	  "<span class=\"h-card\"><a class=\"u-url mention\" data-user=\"9vw\" href=\"https://p.example/users/rin\" rel=\"ugc\">@<span>rin</span></a></span>",
	  "<span class=\"h-card\"><a class=\"u-url mention\" href=\"https://p.example/users/rin\"" REL ">@<span>rin</span></a></span>" },
	{ "quote-inline paragraph",
	  "<p class=\"quote-inline\">RE: <a href=\"https://x.example/1\">https://x.example/1</a></p>",
	  "<p class=\"quote-inline\">RE: <a href=\"https://x.example/1\"" REL ">https://x.example/1</a></p>" },
	{ "text-level elements kept",
	  "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><del>d</del><code>c</code><sub>1</sub><sup>2</sup><abbr title=\"t\">a</abbr>",
	  "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><del>d</del><code>c</code><sub>1</sub><sup>2</sup><abbr title=\"t\">a</abbr>" },
	{ "block elements kept",
	  "<h1>1</h1><h5>5</h5><blockquote><p>q</p></blockquote><pre>x</pre><ul><li>a</li></ul><ol start=\"2\" reversed><li value=\"9\">b</li></ol>",
	  "<h1>1</h1><h5>5</h5><blockquote><p>q</p></blockquote><pre>x</pre><ul><li>a</li></ul><ol start=\"2\" reversed><li value=\"9\">b</li></ol>" },
	{ "span lang and translate",
	  "<span lang=\"pt-BR\" translate=\"no\">oi</span><span translate=\"yes\">x</span>",
	  "<span lang=\"pt-BR\" translate=\"no\">oi</span><span>x</span>" },

	/* What goes. */
	{ "script removed with its content",
	  "<p>a<script>alert(1)</script>b</p>", "<p>ab</p>" },
	{ "style removed with its content",
	  "<style>p{}</style><p>x</p>", "<p>x</p>" },
	{ "svg removed with its content",
	  "a<svg><text>t</text></svg>b", "ab" },
	{ "event handler dropped", "<b onclick=\"x()\">t</b>", "<b>t</b>" },
	{ "javascript link becomes its text",
	  "<a href=\"javascript:alert(1)\">t</a>", "t" },
	{ "entity-encoded javascript link becomes its text",
	  "<a href=\"&#x6A;ava&#x09;script&colon;alert(1)\">t</a>", "t" },
	{ "relative link becomes its text", "<a href=\"/x\">t</a>", "t" },
	{ "link without href becomes its text", "<a name=\"x\">t</a>", "t" },
	{ "unknown classes dropped",
	  "<span class=\"evil mention x\">t</span><span class=\"evil\">u</span>",
	  "<span class=\"mention\">t</span><span>u</span>" },
	{ "href cleaned of spaces and tabs",
	  "<a href=\" https://x.example/a\tb \">t</a>",
	  "<a href=\"https://x.example/ab\"" REL ">t</a>" },
	{ "ampersand in href escaped",
	  "<a href=\"https://x.example/?a=1&b=2\">t</a>",
	  "<a href=\"https://x.example/?a=1&amp;b=2\"" REL ">t</a>" },
	{ "image becomes a link with its alt text",
	  "<img src=\"https://i.example/a.png\" alt=\"A cat\">",
	  "<a href=\"https://i.example/a.png\"" REL ">A cat</a>" },
	{ "image without alt shows its source",
	  "<img src=\"https://i.example/a.png\">",
	  "<a href=\"https://i.example/a.png\"" REL ">https://i.example/a.png</a>" },
	{ "image with a data source keeps only its alt text",
	  "<img src=\"data:image/png;base64,AA\" alt=\"dot\">", "dot" },
	{ "image inside a link keeps only its alt text",
	  "<a href=\"https://x.example/\"><img src=\"https://i.example/a.png\" alt=\"pic\"></a>",
	  "<a href=\"https://x.example/\"" REL ">pic</a>" },
	{ "unknown element unwrapped", "<x-y>t</x-y><font>f</font>", "tf" },
	{ "unwrapped blocks keep words apart",
	  "<div>a</div><div>b</div>", " a  b " },
	{ "h6 unwrapped", "<h6>six</h6>", " six " },
	{ "comments dropped", "a<!-- c -->b", "ab" },
	{ "text escaped", "<p>&lt;b&gt; &amp; \"q\" 'a'</p>",
	  "<p>&lt;b&gt; &amp; \"q\" 'a'</p>" },
	{ "attribute values escaped",
	  "<abbr title='\"&lt;&amp;'>x</abbr>",
	  "<abbr title=\"&quot;&lt;&amp;\">x</abbr>" },
	{ "bad list numbers dropped",
	  "<ol start=\"x\"><li value=\"1e3\">a</li></ol>", "<ol><li>a</li></ol>" },
	{ "bad lang dropped", "<span lang=\"en us\">x</span>", "<span>x</span>" },
	{ "character references that would not read back",
	  "<p title=\"&#x1b;\">a&#13;b&#x1b;c</p>",
	  "<p>a\nb\xef\xbf\xbd" "c</p>" },
	{ "pre keeps a leading newline",
	  "<pre>\n\nx</pre>", "<pre>\n\nx</pre>" },

	/* Nesting an HTML5 parser would undo is unwrapped. */
	{ "link in a link through a table",
	  "<a href=\"https://a.example/\"><table><tr><td><a href=\"https://b.example/\">in</a></td></tr></table></a>",
	  "<a href=\"https://a.example/\"" REL ">    in    </a>" },
	{ "list item in a list item through a table",
	  "<ul><li>a<table><tr><td><li>b</li></td></tr></table></li></ul>",
	  "<ul><li>a     b     </li></ul>" },
	{ "heading in a heading through a table",
	  "<h1>a<table><tr><td><h2>b</h2></td></tr></table></h1>",
	  "<h1>a     b     </h1>" },
	{ "paragraph in a paragraph through a button",
	  "<p>a<button><p>b</p></button></p>", "<p>a b </p>" },
};

struct corpus_case {
	char	*name;
	char	*html;
	size_t	 len;
};

static void
corpus_add(struct corpus_case **cases, size_t *n, const char *name,
    const char *body, size_t len)
{
	/* The newline before the next "===" line is not part of the case. */
	if (len > 0 && body[len - 1] == '\n')
		len--;
	*cases = realloc(*cases, (*n + 1) * sizeof(**cases));
	(*cases)[*n].name = strdup(name);
	(*cases)[*n].html = strndup(body, len);
	(*cases)[*n].len = len;
	(*n)++;
}

/* The cases of t/fixtures/html/xss.txt; see the comment at its top. */
static size_t
corpus_load(struct corpus_case **cases)
{
	char *data, *line, *next, *body = NULL, name[256];
	size_t len, n = 0;

	*cases = NULL;
	data = fixture_read(TOP_SRCDIR "/t/fixtures/html/xss.txt", &len);
	if (data == NULL)
		return 0;
	for (line = data; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		next = next != NULL ? next + 1 : line + strlen(line);
		if (strncmp(line, "=== ", 4) != 0)
			continue;
		if (body != NULL)
			corpus_add(cases, &n, name, body,
			    (size_t)(line - body));
		snprintf(name, sizeof(name), "%.*s",
		    (int)strcspn(line + 4, "\n"), line + 4);
		body = next;
	}
	if (body != NULL)
		corpus_add(cases, &n, name, body, strlen(body));
	free(data);
	return n;
}

/* Safe by the independent checker, and the same when sanitized again. */
static int
check_safe_and_stable(const char *name, const char *html, size_t len)
{
	struct buf once = BUF_INIT, twice = BUF_INIT;
	char why[256] = "";
	int good;

	sanitize_html(html, len, &once);
	if (!ok(html_allowlisted(buf_cstr(&once), once.len, why, sizeof(why)),
	    "%s: only allowlisted markup", name)) {
		printf("#   %s in: %s\n", why, buf_cstr(&once));
		good = 0;
		goto done;
	}
	if (sanitize_html(buf_cstr(&once), once.len, &twice) != 0)
		printf("#   the output itself was cut\n");
	good = is_str(buf_cstr(&twice), buf_cstr(&once),
	    "  ... and idempotent");
done:
	buf_free(&once);
	buf_free(&twice);
	return good;
}

/* The checker itself must see what it is there to see. */
static void
test_checker_refuses(void)
{
	static const char *const bad[] = {
		"<script>alert(1)</script>",
		"<b onclick=\"x\">t</b>",
		"<a href=\"javascript:x\" rel=\"nofollow noopener\" target=\"_blank\">t</a>",
		"<a href=\"/relative\" rel=\"nofollow noopener\" target=\"_blank\">t</a>",
		"<a href=\"https://x.example/\">no rel</a>",
		"<span class=\"evil\">t</span>",
		"<span translate=\"yes\">t</span>",
		"<div>t</div>",
		"<svg></svg>",
		"<!-- comment -->",
		"\xff",
		"\xed\xa0\x80",
	};
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!html_allowlisted(bad[i], strlen(bad[i]), why, sizeof(why)),
		    "the checker refuses %s (%s)", bad[i], why);
	ok(html_allowlisted("<p>fine</p>", 11, why, sizeof(why)),
	    "the checker accepts <p>fine</p>");
}

static void
test_exact_cases(void)
{
	size_t i;
	char *out;

	for (i = 0; i < sizeof(exact_cases) / sizeof(exact_cases[0]); i++) {
		out = sanitize_html_string(exact_cases[i].in);
		is_str(out, exact_cases[i].out, exact_cases[i].name);
		free(out);
		check_safe_and_stable(exact_cases[i].name, exact_cases[i].in,
		    strlen(exact_cases[i].in));
	}
}

static void
test_xss_corpus(void)
{
	struct corpus_case *cases = NULL;
	size_t n, i;

	n = corpus_load(&cases);
	ok(n >= 100, "the XSS corpus has %zu cases", n);
	for (i = 0; i < n; i++) {
		check_safe_and_stable(cases[i].name, cases[i].html,
		    cases[i].len);
		free(cases[i].name);
		free(cases[i].html);
	}
	free(cases);
}

/* No tag of the output carries anything of the attack. */
static int
tags_clean(const char *html)
{
	static const char *const traces[] = {
		"javascript", "vbscript", "data:", " on", "style", "src",
		"<script", "<style", "<svg", "<iframe", "<img", "<math",
		"<noscript", "<form",
	};
	const char *p, *end;
	char tag[1024];
	size_t i, n;

	for (p = strchr(html, '<'); p != NULL; p = strchr(end, '<')) {
		end = strchr(p, '>');
		if (end == NULL)
			return 0;
		n = (size_t)(end - p) < sizeof(tag) - 1 ?
		    (size_t)(end - p) : sizeof(tag) - 1;
		for (i = 0; i < n; i++)
			tag[i] = (char)tolower((unsigned char)p[i]);
		tag[n] = '\0';
		for (i = 0; i < sizeof(traces) / sizeof(traces[0]); i++)
			if (strstr(tag, traces[i]) != NULL)
				return 0;
	}
	return 1;
}

static void
test_attacks_leave_no_trace(void)
{
	static const char *const attacks[] = {
		"<img src=x onerror=alert(1)>",
		"<svg/onload=alert(1)>",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
		"<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
		"<a href=\"VBSCRIPT:msgbox(1)\">x</a>",
		"<a href=\"https://x.example/\" onclick=\"alert(1)\" style=\"x\">x</a>",
		"<iframe src=\"https://x.example/\"></iframe>",
		"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
		"<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
		"<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
	};
	size_t i;
	char *out;

	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		out = sanitize_html_string(attacks[i]);
		ok(out != NULL && tags_clean(out), "no trace of %s in %s",
		    attacks[i], out);
		free(out);
	}
}

static void
test_links(void)
{
	ok(sanitize_link_allowed("https://x.example/"), "https allowed");
	ok(sanitize_link_allowed("HTTP://x.example/"), "HTTP allowed");
	ok(sanitize_link_allowed("gemini://x.example/"), "gemini allowed");
	ok(sanitize_link_allowed("magnet:?xt=urn:x"), "magnet allowed");
	ok(sanitize_link_allowed(" \x01https://x.example/"),
	    "leading controls stripped before the check");
	ok(!sanitize_link_allowed("javascript:alert(1)"), "javascript refused");
	ok(!sanitize_link_allowed("java\tscript:alert(1)"),
	    "javascript with a tab refused");
	ok(!sanitize_link_allowed("\x0ejavascript:alert(1)"),
	    "javascript after a control character refused");
	ok(!sanitize_link_allowed("data:text/html,x"), "data refused");
	ok(!sanitize_link_allowed("vbscript:x"), "vbscript refused");
	ok(!sanitize_link_allowed("/relative"), "relative refused");
	ok(!sanitize_link_allowed("//host/x"), "protocol-relative refused");
	ok(!sanitize_link_allowed("https"), "a bare word refused");
	ok(!sanitize_link_allowed(""), "empty refused");
	ok(!sanitize_link_allowed("ht tp://x"), "space in scheme refused");
	ok(!sanitize_link_allowed("httpsx://x"), "longer scheme refused");
}

static void
test_nul_and_invalid_utf8(void)
{
	static const char nul_href[] = "<a href=\"java\0script:alert(1)\">x</a>";
	static const char bad_utf8[] = "\xff<b>\xc3(\xed\xa0\x80</b>\xf0\x28";
	struct buf out = BUF_INIT;
	char why[256];

	sanitize_html(nul_href, sizeof(nul_href) - 1, &out);
	ok(strstr(buf_cstr(&out), "href") == NULL,
	    "a NUL inside a scheme does not make a link: %s", buf_cstr(&out));
	ok(html_allowlisted(buf_cstr(&out), out.len, why, sizeof(why)),
	    "  ... and the output is allowlisted");
	buf_reset(&out);
	sanitize_html(bad_utf8, sizeof(bad_utf8) - 1, &out);
	ok(html_allowlisted(buf_cstr(&out), out.len, why, sizeof(why)),
	    "invalid UTF-8 comes out valid: %s", why);
	ok(strstr(buf_cstr(&out), "<b>") != NULL,
	    "  ... with its markup kept");
	buf_free(&out);
	check_safe_and_stable("NUL in href", nul_href, sizeof(nul_href) - 1);
	check_safe_and_stable("invalid UTF-8", bad_utf8, sizeof(bad_utf8) - 1);
}

static char *
repeat(const char *open, const char *text, const char *close, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_puts(&b, open);
	buf_puts(&b, text);
	for (i = 0; i < n; i++)
		buf_puts(&b, close);
	return buf_detach(&b);
}

static size_t
count_char(const char *s, int c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

static int
max_depth(const char *html)
{
	int depth = 0, deepest = 0;
	const char *p;

	for (p = html; *p; p++) {
		if (p[0] == '<' && p[1] == '/')
			depth--;
		else if (p[0] == '<' && strncmp(p, "<br>", 4) != 0)
			depth++;
		if (depth > deepest)
			deepest = depth;
	}
	return deepest;
}

static void
test_deep_nesting(void)
{
	static const struct {
		const char *open, *close;
	} shapes[] = {
		{ "<span>", "</span>" },
		{ "<blockquote>", "</blockquote>" },
		{ "<div>", "</div>" },
		{ "<b><i>", "</i></b>" },
		{ "<ul><li>", "</li></ul>" },
		{ "<a href=\"https://x.example/\">", "</a>" },
		{ "<table><tr><td>", "</td></tr></table>" },
	};
	char *html, *out, name[64];
	size_t i, tags;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		tags = count_char(shapes[i].open, '<') +
		    count_char(shapes[i].close, '<');
		html = repeat(shapes[i].open, "deep", shapes[i].close,
		    SANITIZE_MAX_TAGS / tags);
		out = sanitize_html_string(html);
		snprintf(name, sizeof(name), "deep %s", shapes[i].open);
		ok(out != NULL && strstr(out, "deep") != NULL &&
		    max_depth(out) <= SANITIZE_MAX_DEPTH,
		    "%s: text kept, nesting cut to %d", name,
		    SANITIZE_MAX_DEPTH);
		check_safe_and_stable(name, html, strlen(html));
		free(out);
		free(html);
	}
}

static void
test_limits(void)
{
	struct buf out = BUF_INIT;
	char *html;

	html = malloc(SANITIZE_MAX_INPUT + 2);
	memset(html, 'a', SANITIZE_MAX_INPUT + 1);
	memcpy(html + SANITIZE_MAX_INPUT - 1, "\xc3\xa9", 2);
	html[SANITIZE_MAX_INPUT + 1] = '\0';
	buf_puts(&out, "kept");
	is_int(sanitize_html(html, SANITIZE_MAX_INPUT + 1, &out), 1,
	    "one byte over the size limit: cut");
	ok(strncmp(buf_cstr(&out), "kept", 4) == 0 &&
	    out.len == 4 + SANITIZE_MAX_INPUT - 1 &&
	    buf_cstr(&out)[out.len - 1] == 'a',
	    "  ... appended, before the character the limit falls in");
	buf_reset(&out);
	is_int(sanitize_html(html, SANITIZE_MAX_INPUT - 1, &out), 0,
	    "within the size limit: whole");
	free(html);

	html = repeat("<b>", "", "", SANITIZE_MAX_TAGS + 1);
	buf_reset(&out);
	is_int(sanitize_html(html, strlen(html), &out), 1,
	    "one '<' over the tag limit: cut");
	ok(count_char(buf_cstr(&out), '<') <= SANITIZE_MAX_TAGS,
	    "  ... before it");
	html[3 * SANITIZE_MAX_TAGS] = '\0';
	buf_reset(&out);
	is_int(sanitize_html(html, strlen(html), &out), 0,
	    "at the tag limit: whole");
	free(html);
	/* Output that would outgrow the limits is cut, and stays stable. */
	html = malloc(SANITIZE_MAX_INPUT + 1);
	memset(html, '&', SANITIZE_MAX_INPUT);
	memcpy(html, "<p><b>", 6);
	html[SANITIZE_MAX_INPUT] = '\0';
	buf_reset(&out);
	sanitize_html(html, SANITIZE_MAX_INPUT, &out);
	ok(out.len <= SANITIZE_MAX_INPUT &&
	    out.len > 13 &&
	    strcmp(buf_cstr(&out) + out.len - 13, "&amp;</b></p>") == 0,
	    "escaping past the size limit is cut, the open elements closed");
	check_safe_and_stable("escaped past the limit", html,
	    SANITIZE_MAX_INPUT);
	free(html);
	html = repeat("<b>x</b><img src=\"https://i.example/a.png\">", "",
	    "", SANITIZE_MAX_TAGS / 3);
	buf_reset(&out);
	sanitize_html(html, strlen(html), &out);
	ok(count_char(buf_cstr(&out), '<') <= SANITIZE_MAX_TAGS,
	    "tags past the tag limit are cut (%zu)",
	    count_char(buf_cstr(&out), '<'));
	check_safe_and_stable("tags past the limit", html, strlen(html));
	free(html);

	html = sanitize_html_string("");
	is_str(html, "", "empty input gives empty output");
	free(html);
	buf_free(&out);
}

struct fixture_totals {
	int	documents;
	int	fields;
};

static void
sanitize_field(const char *name, const char *field, json_object *value,
    struct fixture_totals *totals)
{
	char label[512];

	if (!json_object_is_type(value, json_type_string))
		return;
	snprintf(label, sizeof(label), "%s %s", name, field);
	check_safe_and_stable(label, json_object_get_string(value),
	    (size_t)json_object_get_string_len(value));
	totals->fields++;
}

/* Every HTML field of a document and of the objects inside it. */
static void
sanitize_fields(const char *name, json_object *obj, int depth,
    struct fixture_totals *totals)
{
	static const char *const html_fields[] = { "content", "summary" };
	json_object *value;
	size_t i;

	if (depth > 8)
		return;
	if (json_object_is_type(obj, json_type_array)) {
		for (i = 0; i < json_object_array_length(obj); i++)
			sanitize_fields(name, json_object_array_get_idx(obj,
			    i), depth + 1, totals);
		return;
	}
	if (!json_object_is_type(obj, json_type_object))
		return;
	for (i = 0; i < sizeof(html_fields) / sizeof(html_fields[0]); i++)
		if (json_object_object_get_ex(obj, html_fields[i], &value))
			sanitize_field(name, html_fields[i], value, totals);
	if (json_object_object_get_ex(obj, "type", &value) &&
	    json_object_is_type(value, json_type_string) &&
	    strcmp(json_object_get_string(value), "PropertyValue") == 0 &&
	    json_object_object_get_ex(obj, "value", &value))
		sanitize_field(name, "PropertyValue", value, totals);
	json_object_object_foreach(obj, key, child) {
		if (strcmp(key, "@context") != 0)
			sanitize_fields(name, child, depth + 1, totals);
	}
}

static void
sanitize_fixture(const char *name, const char *data, size_t len, void *arg)
{
	struct fixture_totals *totals = arg;
	json_object *doc = json_tokener_parse(data);

	(void)len;
	totals->documents++;
	sanitize_fields(name, doc, 0, totals);
	json_object_put(doc);
}

static void
test_fixture_html(void)
{
	struct fixture_totals totals = { 0, 0 };

	fixtures_each_activitypub(sanitize_fixture, &totals);
	ok(totals.documents > 150 && totals.fields > 100,
	    "the HTML of %d fields in %d fixtures", totals.fields,
	    totals.documents);
}

int
main(void)
{
	test_checker_refuses();
	test_exact_cases();
	test_links();
	test_xss_corpus();
	test_attacks_leave_no_trace();
	test_nul_and_invalid_utf8();
	test_deep_nesting();
	test_limits();
	test_fixture_html();
	return done_testing();
}
