/*
 * ratelimit_test: the name a client address is counted under. An IPv6
 * client holds a whole /64, so every address in it must share one budget;
 * IPv4 addresses, also written IPv4-mapped, count one by one.
 */
#include <stdio.h>

#include "format.h"
#include "ratelimit.h"
#include "tap.h"

static const char *
client(const char *addr)
{
	static char out[RATELIMIT_CLIENT_MAX];

	ratelimit_client(addr, out, sizeof(out));
	return out;
}

int
main(void)
{
	char a[RATELIMIT_CLIENT_MAX], b[RATELIMIT_CLIENT_MAX];

	is_str(client("192.0.2.7"), "192.0.2.7", "IPv4 counts per address");
	is_str(client("::ffff:192.0.2.7"), "192.0.2.7",
	    "IPv4-mapped IPv6 is the IPv4 address");
	is_str(client("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64",
	    "IPv6 counts per /64");
	is_str(client("2001:DB8:1:2::1"), "2001:db8:1:2::/64",
	    "in canonical form whatever the spelling");
	ratelimit_client("2001:db8:1:2:1::1", a, sizeof(a));
	ratelimit_client("2001:db8:1:2:ffff:ffff:ffff:ffff", b, sizeof(b));
	is_str(a, b, "two addresses of one /64 share a bucket");
	ratelimit_client("2001:db8:1:3::1", b, sizeof(b));
	ok(strcmp(a, b) != 0, "the next /64 has its own");
	is_str(client("::1"), "::/64", "loopback is a /64 like any other");
	ratelimit_client_prefix("2001:db8:1:2:3::1", 48, a, sizeof(a));
	is_str(a, "2001:db8:1::/48", "a coarser prefix for IPv6");
	ratelimit_client_prefix("192.0.2.7", 48, a, sizeof(a));
	is_str(a, "192.0.2.7", "which leaves IPv4 alone");
	is_str(client(""), "unknown", "no address: one shared bucket");
	is_str(client(NULL), "unknown", "NULL: the same");
	is_str(client("not an address"), "unknown", "junk: the same");
	is_str(client("1.2.3.4 "), "unknown", "trailing junk is not an address");

	/* Blank posts: every kind of white space, not only ASCII. */
	ok(format_text_blank(""), "empty text is blank");
	ok(format_text_blank(" \t\r\n"), "ASCII white space is blank");
	ok(format_text_blank("\xc2\xa0\xe3\x80\x80\xe2\x80\x8b\xef\xbb\xbf"),
	    "no-break, ideographic, zero-width spaces and BOM are blank");
	ok(!format_text_blank(" a "), "a letter is not blank");
	ok(!format_text_blank("\xc2\xa0\xf0\x9f\x90\x91"),
	    "an emoji is not blank");
	return done_testing();
}
