/*
 * format_test: format_status must produce, byte for byte, the HTML that
 * Mastodon 4.x's TextFormatter produces for a local status. The expected
 * strings below were derived from app/lib/text_formatter.rb, the Extractor
 * and Account/Tag regexes, and Rails' simple_format.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "format.h"
#include "tap.h"

#define BASE	"https://example.com"

/* TextFormatter.shortened_link */
#define LINK(href, prefix, cls, shown, rest)				\
	"<a href=\"" href "\" target=\"_blank\""			\
	" rel=\"nofollow noopener noreferrer\" translate=\"no\">"	\
	"<span class=\"invisible\">" prefix "</span>"			\
	"<span class=\"" cls "\">" shown "</span>"			\
	"<span class=\"invisible\">" rest "</span></a>"

/* TextFormatter#link_to_hashtag */
#define TAG(path, name)							\
	"<a href=\"" BASE "/tags/" path "\" class=\"mention hashtag\""	\
	" rel=\"tag\">#<span>" name "</span></a>"

/* TextFormatter#link_to_mention */
#define MENTION(url, name)						\
	"<span class=\"h-card\" translate=\"no\"><a href=\"" url "\""	\
	" class=\"u-url mention\">@<span>" name "</span></a></span>"

#define ALICE_URL	BASE "/@alice"
#define BOB_URL		"https://remote.example/@bob"
#define RALICE_URL	"https://remote.example/@alice"

struct account {
	const char	*username;
	const char	*domain;
	int64_t		 id;
	const char	*url;
};

static const struct account accounts[] = {
	{ "alice", NULL, 1, ALICE_URL },
	{ "bob", "remote.example", 2, BOB_URL },
	{ "alice", "remote.example", 3, RALICE_URL },
	{ "amp", NULL, 4, BASE "/@amp?a=1&b=\"2\"" },
};

static int resolve_calls;
static char last_domain[256];

static int
resolve(void *arg, const char *username, const char *domain,
    int64_t *id, char **url)
{
	size_t i;

	resolve_calls++;
	snprintf(last_domain, sizeof(last_domain), "%s",
	    domain != NULL ? domain : "(null)");
	if (arg != NULL)
		(*(int *)arg)++;
	for (i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
		if (strcasecmp(accounts[i].username, username) != 0)
			continue;
		if ((accounts[i].domain == NULL) != (domain == NULL))
			continue;
		if (domain != NULL && strcasecmp(accounts[i].domain, domain))
			continue;
		*id = accounts[i].id;
		*url = xstrdup(accounts[i].url);
		return 0;
	}
	return -1;
}

/* A resolver that claims success but hands back no URL. */
static int
resolve_no_url(void *arg, const char *username, const char *domain,
    int64_t *id, char **url)
{
	(void)arg;
	(void)username;
	(void)domain;
	*id = 9;
	*url = NULL;
	return 0;
}

static const struct format_options options = { BASE, resolve, NULL };
static const struct format_options no_resolver = { BASE, NULL, NULL };

static void
check(const char *text, const char *want, const char *name)
{
	struct format_result r;

	format_status(text, &options, &r);
	is_str(r.html, want, name);
	format_result_free(&r);
}

static void
test_plain_text(void)
{
	check("Hello world", "<p>Hello world</p>",
	    "plain text is one paragraph");
	check("a < b && c > \"d\" 'e'",
	    "<p>a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;</p>",
	    "& < > \" ' are escaped");
	check("<script>alert(1)</script>",
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
	    "markup is text, not HTML");
	check("", "", "empty text gives empty HTML");
	check(" \t\n\r\n ", "", "white space only gives empty HTML");
	check("\xC2\xA0\xE3\x80\x80", "",
	    "Unicode white space only is blank too");
	check("  hi  \n\n", "<p>hi</p>",
	    "leading and trailing space is stripped");
	check("\xC2\xA0hi", "<p>\xC2\xA0hi</p>",
	    "strip leaves a leading no-break space alone");
}

static void
test_paragraphs(void)
{
	check("one\ntwo\n\nthree", "<p>one<br />two</p><p>three</p>",
	    "blank line starts a paragraph, newline is <br />");
	check("a\n\n\n\nb", "<p>a</p><p>b</p>",
	    "several blank lines are one paragraph break");
	check("one\r\ntwo\r\n\r\nthree", "<p>one<br />two</p><p>three</p>",
	    "CRLF behaves as LF");
	check("a\rb", "<p>a<br />b</p>", "a lone CR is a line break");
	check("a\n \nb", "<p>a<br /> <br />b</p>",
	    "a line holding a space does not end the paragraph");
	check("first\n\nsecond\nthird\n\nfourth",
	    "<p>first</p><p>second<br />third</p><p>fourth</p>",
	    "three paragraphs");
}

static void
test_links(void)
{
	check("see https://example.com/ ok",
	    "<p>see <a href=\"https://example.com/\" target=\"_blank\" "
	    "rel=\"nofollow noopener noreferrer\" translate=\"no\">"
	    "<span class=\"invisible\">https://</span>"
	    "<span class=\"\">example.com/</span>"
	    "<span class=\"invisible\"></span></a> ok</p>",
	    "short link: no ellipsis, empty invisible suffix");
	check("https://example.com/abcdefghijklmnopqr",
	    "<p>" LINK("https://example.com/abcdefghijklmnopqr", "https://",
	    "", "example.com/abcdefghijklmnopqr", "") "</p>",
	    "exactly 30 characters after the scheme is not cut");
	check("https://example.com/abcdefghijklmnopqrs",
	    "<p>" LINK("https://example.com/abcdefghijklmnopqrs", "https://",
	    "ellipsis", "example.com/abcdefghijklmnopqr", "s") "</p>",
	    "31 characters are cut after 30");
	check("https://www.example.com/a/very/long/path/that/goes/on/and/on.",
	    "<p>" LINK("https://www.example.com/a/very/long/path/that/goes/"
	    "on/and/on", "https://www.", "ellipsis",
	    "example.com/a/very/long/path/t", "hat/goes/on/and/on") ".</p>",
	    "long link: www. hidden, ellipsis, final full stop left out");
	check("http://example.org",
	    "<p>" LINK("http://example.org", "http://", "", "example.org", "")
	    "</p>", "http link");
	check("HTTPS://EXAMPLE.COM",
	    "<p>" LINK("HTTPS://EXAMPLE.COM", "", "", "HTTPS://EXAMPLE.COM", "")
	    "</p>", "upper-case scheme links but is not hidden");
	check("https://example.com/" "日本語日本語日本語日本語日本語"
	    "日本語日本語日本語日本語日本語",
	    "<p>" LINK("https://example.com/日本語日本語日本語日本語日本語"
	    "日本語日本語日本語日本語日本語", "https://", "ellipsis",
	    "example.com/日本語日本語日本語日本語日本語日本語",
	    "日本語日本語日本語日本語") "</p>",
	    "the 30-character cut counts characters, not bytes");
	check("Go: https://example.com/foo, https://example.com/bar! "
	    "https://example.com/baz?",
	    "<p>Go: " LINK("https://example.com/foo", "https://", "",
	    "example.com/foo", "") ", "
	    LINK("https://example.com/bar", "https://", "", "example.com/bar",
	    "") "! "
	    LINK("https://example.com/baz", "https://", "", "example.com/baz",
	    "") "?</p>",
	    "trailing , ! ? are not part of a link");
	check("Go to https://example.com.",
	    "<p>Go to " LINK("https://example.com", "https://", "",
	    "example.com", "") ".</p>",
	    "full stop after a bare domain");
	check("(https://example.com/foo)",
	    "<p>(" LINK("https://example.com/foo", "https://", "",
	    "example.com/foo", "") ")</p>",
	    "link in parentheses leaves the closing one out");
	check("(see https://en.wikipedia.org/wiki/Foo_(bar))",
	    "<p>(see " LINK("https://en.wikipedia.org/wiki/Foo_(bar)",
	    "https://", "ellipsis", "en.wikipedia.org/wiki/Foo_(bar", ")")
	    ")</p>",
	    "balanced parentheses stay in the link");
	check("https://example.com/search?q=a&b=c",
	    "<p>" LINK("https://example.com/search?q=a&amp;b=c", "https://",
	    "", "example.com/search?q=a&amp;b=c", "") "</p>",
	    "query string, & escaped in href and text");
	check("https://example.com:8080/x",
	    "<p>" LINK("https://example.com:8080/x", "https://", "",
	    "example.com:8080/x", "") "</p>",
	    "port number");
	check("<https://example.com/a>",
	    "<p>&lt;" LINK("https://example.com/a", "https://", "",
	    "example.com/a", "") "&gt;</p>",
	    "angle brackets end a link");
	check("xhttps://example.com", "<p>xhttps://example.com</p>",
	    "no link straight after a letter");
	check("example.com and www.example.com",
	    "<p>example.com and www.example.com</p>",
	    "domains without a scheme are not linked");
	check("http://localhost:3000/", "<p>http://localhost:3000/</p>",
	    "a host without a TLD is not linked");
	check("magnet:?xt=urn:btih:abc&dn=x",
	    "<p>" LINK("magnet:?xt=urn:btih:abc&amp;dn=x", "", "",
	    "magnet:?xt=urn:btih:abc&amp;dn=x", "") "</p>",
	    "magnet link (prefix is not hidden)");
	check("xmpp:alice@example.com",
	    "<p>" LINK("xmpp:alice@example.com", "xmpp:", "",
	    "alice@example.com", "") "</p>",
	    "xmpp link hides xmpp:");
}

static void
test_mentions(void)
{
	struct format_result r;
	int calls;

	resolve_calls = 0;
	format_status("@alice hi", &options, &r);
	is_str(r.html, "<p>" MENTION(ALICE_URL, "alice") " hi</p>",
	    "local mention");
	is_int(r.nmentions, 1, "local mention recorded");
	if (r.nmentions == 1) {
		is_int(r.mentions[0].account_id, 1, "mention account id");
		is_str(r.mentions[0].acct, "alice", "mention acct");
		is_str(r.mentions[0].url, ALICE_URL, "mention url");
	}
	is_str(last_domain, "(null)", "local mention resolved without domain");
	format_result_free(&r);

	format_status("@nobody hi", &options, &r);
	is_str(r.html, "<p>@nobody hi</p>", "unknown account stays text");
	is_int(r.nmentions, 0, "unknown account not recorded");
	format_result_free(&r);

	format_status("hi @bob@remote.example!", &options, &r);
	is_str(r.html, "<p>hi " MENTION(BOB_URL, "bob") "!</p>",
	    "remote mention shows the username only");
	is_int(r.nmentions, 1, "remote mention recorded");
	if (r.nmentions == 1)
		is_str(r.mentions[0].acct, "bob@remote.example",
		    "remote acct keeps the domain");
	is_str(last_domain, "remote.example", "domain passed to resolver");
	format_result_free(&r);

	format_status("@alice@example.com", &options, &r);
	is_str(r.html, "<p>" MENTION(ALICE_URL, "alice") "</p>",
	    "our own domain counts as local");
	is_str(last_domain, "(null)", "local domain resolved as NULL");
	if (r.nmentions == 1)
		is_str(r.mentions[0].acct, "alice@example.com",
		    "acct is as written");
	format_result_free(&r);

	resolve_calls = 0;
	format_status("mail foo@bar.com or a/@alice b=@alice", &options, &r);
	is_str(r.html, "<p>mail foo@bar.com or a/@alice b=@alice</p>",
	    "e-mail address, /@ and =@ are not mentions");
	is_int(resolve_calls, 0, "resolver not asked about them");
	format_result_free(&r);

	format_status("@alice @alice, (@alice)", &options, &r);
	is_str(r.html, "<p>" MENTION(ALICE_URL, "alice") " "
	    MENTION(ALICE_URL, "alice") ", (" MENTION(ALICE_URL, "alice")
	    ")</p>", "every mention of an account is linked");
	is_int(r.nmentions, 1, "duplicate mention recorded once");
	format_result_free(&r);

	format_status("@bob@remote.example @alice @bob@REMOTE.example",
	    &options, &r);
	is_int(r.nmentions, 2, "two distinct accounts");
	if (r.nmentions == 2) {
		is_int(r.mentions[0].account_id, 2, "first seen first");
		is_int(r.mentions[1].account_id, 1, "then the next account");
	}
	format_result_free(&r);

	format_status("@alice @alice@remote.example", &options, &r);
	is_str(r.html, "<p>" MENTION(ALICE_URL, "alice") " "
	    MENTION(RALICE_URL, "alice@remote.example") "</p>",
	    "same username on another domain shows the domain");
	is_int(r.nmentions, 2, "both accounts recorded");
	format_result_free(&r);

	format_status("@amp", &options, &r);
	is_str(r.html, "<p>" MENTION(BASE "/@amp?a=1&amp;b=&quot;2&quot;",
	    "amp") "</p>", "mention href is escaped");
	format_result_free(&r);

	check("@alice.", "<p>" MENTION(ALICE_URL, "alice") ".</p>",
	    "full stop after a mention");
	resolve_calls = 0;
	check("@alice@ and @alic\xC3\xA9 and @alice://x and 日本@alice",
	    "<p>@alice@ and @alic\xC3\xA9 and @alice://x and 日本@alice</p>",
	    "mentions that run on are not mentions");
	is_int(resolve_calls, 0, "resolver not asked about them");

	{
		char text[300];

		memset(text, 0, sizeof(text));
		strcpy(text, "@bob@");
		memset(text + 5, 'a', 250);
		strcpy(text + 255, ".com");
		resolve_calls = 0;
		format_status(text, &options, &r);
		is_int(resolve_calls, 0, "domain over 253 characters ignored");
		is_int(r.nmentions, 0, "nothing recorded for it");
		format_result_free(&r);
	}

	format_status("@alice", &no_resolver, &r);
	is_str(r.html, "<p>@alice</p>", "no resolver: mentions stay text");
	is_int(r.nmentions, 0, "no resolver: nothing recorded");
	format_result_free(&r);

	{
		struct format_options o = { BASE, resolve_no_url, NULL };

		format_status("@alice", &o, &r);
		is_str(r.html, "<p>@alice</p>",
		    "resolver success without a URL stays text");
		format_result_free(&r);
	}

	calls = 0;
	{
		struct format_options o = { BASE, resolve, &calls };

		format_status("@alice @bob@remote.example", &o, &r);
		is_int(calls, 2, "resolver gets the caller's argument");
		format_result_free(&r);
	}
}

static void
test_hashtags(void)
{
	struct format_result r;

	format_status("#Hello", &options, &r);
	is_str(r.html, "<p><a href=\"https://example.com/tags/Hello\" "
	    "class=\"mention hashtag\" rel=\"tag\">#<span>Hello</span></a></p>",
	    "hashtag link keeps the case as written");
	is_int(r.ntags, 1, "one tag");
	if (r.ntags == 1)
		is_str(r.tags[0], "hello", "tag recorded lower-cased");
	format_result_free(&r);

	format_status("#Foo #foo #FOO", &options, &r);
	is_str(r.html, "<p>" TAG("Foo", "Foo") " " TAG("foo", "foo") " "
	    TAG("FOO", "FOO") "</p>", "each spelling linked as written");
	is_int(r.ntags, 1, "mixed case recorded once");
	format_result_free(&r);

	format_status("#b #a #B", &options, &r);
	is_int(r.ntags, 2, "distinct tags");
	if (r.ntags == 2) {
		is_str(r.tags[0], "b", "tags in order of appearance");
		is_str(r.tags[1], "a", "second tag");
	}
	format_result_free(&r);

	format_status("#123 and #2024", &options, &r);
	is_str(r.html, "<p>#123 and #2024</p>", "digits only is not a tag");
	is_int(r.ntags, 0, "nothing recorded");
	format_result_free(&r);

	check("#1a", "<p>" TAG("1a", "1a") "</p>", "a letter after digits");
	check("#1_2", "<p>" TAG("1_2", "1_2") "</p>",
	    "an inner separator counts as the non-digit");

	format_status("#café", &options, &r);
	is_str(r.html, "<p>" TAG("caf%C3%A9", "café") "</p>",
	    "UTF-8 tag, href percent-encoded");
	if (r.ntags == 1)
		is_str(r.tags[0], "café", "UTF-8 tag recorded");
	format_result_free(&r);

	format_status("#CAFÉ", &options, &r);
	if (r.ntags == 1)
		is_str(r.tags[0], "cafÉ", "only ASCII is lower-cased");
	format_result_free(&r);

	check("#日本語", "<p>" TAG("%E6%97%A5%E6%9C%AC%E8%AA%9E", "日本語")
	    "</p>", "CJK tag");
	check("#a·b #foo_bar", "<p>" TAG("a%C2%B7b", "a·b") " "
	    TAG("foo_bar", "foo_bar") "</p>", "middle dot and underscore");
	check("#tag! #tag. #tag's", "<p>" TAG("tag", "tag") "! "
	    TAG("tag", "tag") ". " TAG("tag", "tag") "&#39;s</p>",
	    "punctuation ends a tag");
	check("(#tag) hi,#tag 日本#tag",
	    "<p>(" TAG("tag", "tag") ") hi," TAG("tag", "tag") " 日本"
	    TAG("tag", "tag") "</p>",
	    "tags after punctuation and non-ASCII letters");
	check("foo#tag /#tag )#tag _#tag",
	    "<p>foo#tag /#tag )#tag _#tag</p>",
	    "no tag after ASCII word characters, / or )");
	check("##tag", "<p>#" TAG("tag", "tag") "</p>", "double hash");
	check("x\n#tag", "<p>x<br />" TAG("tag", "tag") "</p>",
	    "tag at the start of a line");

	format_status("https://example.com/#anchor", &options, &r);
	is_str(r.html, "<p>" LINK("https://example.com/#anchor", "https://",
	    "", "example.com/#anchor", "") "</p>", "# inside a URL is no tag");
	is_int(r.ntags, 0, "URL fragment not recorded");
	format_result_free(&r);

	format_status("https://example.com/a?b=#x", &options, &r);
	is_int(r.ntags, 0, "tag overlapping a URL is dropped");
	format_result_free(&r);

	check("#foohttps://example.com",
	    "<p>" TAG("foo", "foo") "https://example.com</p>",
	    "a scheme glued to a tag is cut off the tag");

	{
		char text[300], want[2048], name[257];

		memset(name, 'a', 255);
		name[255] = '\0';
		snprintf(text, sizeof(text), "#%s", name);
		snprintf(want, sizeof(want), "<p><a href=\"" BASE "/tags/%s\" "
		    "class=\"mention hashtag\" rel=\"tag\">#<span>%s</span>"
		    "</a></p>", name, name);
		check(text, want, "255-byte tag is linked");
		name[255] = 'a';
		name[256] = '\0';
		snprintf(text, sizeof(text), "#%s", name);
		snprintf(want, sizeof(want), "<p>#%s</p>", name);
		check(text, want, "256-byte tag is not");
	}

	format_status("#x", NULL, &r);
	is_str(r.html, "<p><a href=\"/tags/x\" class=\"mention hashtag\" "
	    "rel=\"tag\">#<span>x</span></a></p>", "no options: relative href");
	format_result_free(&r);
}

static void
test_inside_urls(void)
{
	struct format_result r;

	resolve_calls = 0;
	format_status("https://x.com/@alice and https://x.com/a;@alice",
	    &options, &r);
	is_str(r.html, "<p>" LINK("https://x.com/@alice", "https://", "",
	    "x.com/@alice", "") " and " LINK("https://x.com/a;@alice",
	    "https://", "", "x.com/a;@alice", "") "</p>",
	    "@ inside a URL is no mention");
	is_int(resolve_calls, 0, "resolver not asked");
	is_int(r.nmentions, 0, "nothing recorded");
	format_result_free(&r);

	check("https://example.com/?u=https://other.example/",
	    "<p>" LINK("https://example.com/?u=https://other.example/",
	    "https://", "ellipsis", "example.com/?u=https://other.e", "xample/")
	    "</p>", "a URL inside a URL is part of it");
}

static void
test_combined(void)
{
	struct format_result r;

	format_status("@alice check #Tag https://example.com\n\nbye <3",
	    &options, &r);
	is_str(r.html, "<p>" MENTION(ALICE_URL, "alice") " check "
	    TAG("Tag", "Tag") " " LINK("https://example.com", "https://", "",
	    "example.com", "") "</p><p>bye &lt;3</p>",
	    "mention, tag and link together");
	is_int(r.nmentions, 1, "one mention");
	is_int(r.ntags, 1, "one tag");
	format_result_free(&r);
}

static void
test_invalid_utf8(void)
{
	struct format_result r;

	check("a\xFF" "b", "<p>a\xEF\xBF\xBD" "b</p>",
	    "invalid byte becomes U+FFFD");
	check("caf\xC3", "<p>caf\xEF\xBF\xBD</p>", "truncated at the end");
	check("\xE2\x82" "x", "<p>\xEF\xBF\xBDx</p>",
	    "truncated sequence is one U+FFFD");
	check("\xC0\xAF", "<p>\xEF\xBF\xBD\xEF\xBF\xBD</p>",
	    "overlong encoding rejected");
	check("\xED\xA0\x80", "<p>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</p>",
	    "surrogate rejected");
	check("\xF4\x90\x80\x80", "<p>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD</p>", "beyond U+10FFFF rejected");
	check("#caf\xC3", "<p>" TAG("caf", "caf") "\xEF\xBF\xBD</p>",
	    "tag ends at an invalid byte");
	check("@alice\xFF", "<p>" MENTION(ALICE_URL, "alice")
	    "\xEF\xBF\xBD</p>", "mention before an invalid byte");
	check("https://example.com/\xFF", "<p>" LINK(
	    "https://example.com/\xEF\xBF\xBD", "https://", "",
	    "example.com/\xEF\xBF\xBD", "") "</p>",
	    "URL with an invalid byte");
	check("\xFF\xFE<\xF0",
	    "<p>\xEF\xBF\xBD\xEF\xBF\xBD&lt;\xEF\xBF\xBD</p>",
	    "garbage does not crash");

	format_status("#\xF0\x9F", &options, &r);
	is_int(r.ntags, 0, "no tag from a broken sequence");
	format_result_free(&r);
}

static void
test_tag_name_valid(void)
{
	char name[300];

	is_int(format_tag_name_valid("foo"), 1, "letters");
	is_int(format_tag_name_valid("Foo_bar"), 1, "underscore");
	is_int(format_tag_name_valid("_a"), 1, "leading underscore");
	is_int(format_tag_name_valid("1a"), 1, "digit then letter");
	is_int(format_tag_name_valid("1_2"), 1, "separator between digits");
	is_int(format_tag_name_valid("a·b"), 1, "middle dot inside");
	is_int(format_tag_name_valid("café"), 1, "accented letter");
	is_int(format_tag_name_valid("日本語"), 1, "CJK");
	is_int(format_tag_name_valid("123"), 0, "digits only");
	is_int(format_tag_name_valid("_"), 0, "underscore only");
	is_int(format_tag_name_valid(""), 0, "empty");
	is_int(format_tag_name_valid(NULL), 0, "NULL");
	is_int(format_tag_name_valid("·ab"), 0, "leading middle dot");
	is_int(format_tag_name_valid("ab·"), 0, "trailing middle dot");
	is_int(format_tag_name_valid("a b"), 0, "space");
	is_int(format_tag_name_valid("a-b"), 0, "hyphen");
	is_int(format_tag_name_valid("#ab"), 0, "hash sign");
	is_int(format_tag_name_valid("caf\xC3"), 0, "invalid UTF-8");
	memset(name, 'a', 255);
	name[255] = '\0';
	is_int(format_tag_name_valid(name), 1, "255 bytes");
	name[255] = 'a';
	name[256] = '\0';
	is_int(format_tag_name_valid(name), 0, "256 bytes");
}

static void
test_result_free(void)
{
	struct format_result r;

	format_status("@alice #tag", &options, &r);
	format_result_free(&r);
	ok(r.html == NULL && r.mentions == NULL && r.nmentions == 0 &&
	    r.tags == NULL && r.ntags == 0, "format_result_free zeroes");
	format_result_free(&r);
	ok(1, "freeing twice is harmless");

	format_status(NULL, &options, &r);
	is_str(r.html, "", "NULL text gives empty HTML");
	format_result_free(&r);
}

/* StatusLengthValidator's count. */
static void
test_countable_length(void)
{
	char text[400];

	is_int((int)format_countable_length(""), 0, "empty");
	is_int((int)format_countable_length("  hello\n"), 5,
	    "stripped, as before validation");
	is_int((int)format_countable_length("h\xc3\xa9llo"), 5,
	    "characters, not bytes");
	is_int((int)format_countable_length("https://example.com/"), 23,
	    "a short link counts 23");
	memset(text, 'a', sizeof(text));
	memcpy(text, "see https://example.com/", 24);
	text[sizeof(text) - 1] = '\0';
	is_int((int)format_countable_length(text), 4 + 23,
	    "a long link counts 23");
	is_int((int)format_countable_length("example.com"), 11,
	    "a domain without a scheme counts as written");
	is_int((int)format_countable_length("@alice@remote.example hi"),
	    6 + 3, "a mention counts as @username");
	is_int((int)format_countable_length("@alice hi"), 9,
	    "a local mention as written");
	is_int((int)format_countable_length("a@b.c x"), 7,
	    "an e-mail address is no mention");
	is_int((int)format_countable_length(
	    "@bob@x.example https://x.example/@bob"), 4 + 1 + 23,
	    "a mention and a link together");
}

/* Profile field values: Mastodon's multiline: false. */
static void
test_single_line(void)
{
	struct format_result r;

	format_single_line("https://example.com/about", &options, &r);
	ok(r.html != NULL && strncmp(r.html, "<a href=\"https://example.com/"
	    "about\"", 33) == 0, "a single-line value is a bare link");
	format_result_free(&r);
	format_single_line("one\n\ntwo <b>", &options, &r);
	is_str(r.html, "one\n\ntwo &lt;b&gt;",
	    "no paragraphs or breaks, still escaped");
	format_result_free(&r);
	format_single_line("  ", &options, &r);
	is_str(r.html, "", "blank stays empty");
	format_result_free(&r);
}

int
main(void)
{
	test_plain_text();
	test_paragraphs();
	test_links();
	test_mentions();
	test_hashtags();
	test_inside_urls();
	test_combined();
	test_invalid_utf8();
	test_tag_name_valid();
	test_result_free();
	test_countable_length();
	test_single_line();
	return done_testing();
}
