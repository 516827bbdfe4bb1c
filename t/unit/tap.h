/*
 * tap.h: the smallest TAP producer, for the C unit tests of lib/. Each test
 * program includes it, calls ok()/is_str()/is_int() and ends with
 * done_testing(), whose value is the exit status prove expects.
 */
#ifndef WOOLLY_TAP_H
#define WOOLLY_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static int __attribute__((format(printf, 2, 3), unused))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	return cond;
}

static int __attribute__((unused))
is_str(const char *got, const char *want, const char *name)
{
	int same = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!ok(same, "%s", name)) {
		printf("#      got: %s\n", got ? got : "(null)");
		printf("# expected: %s\n", want ? want : "(null)");
	}
	return same;
}

static int __attribute__((unused))
is_int(long long got, long long want, const char *name)
{
	if (!ok(got == want, "%s", name)) {
		printf("#      got: %lld\n", got);
		printf("# expected: %lld\n", want);
		return 0;
	}
	return 1;
}

static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
