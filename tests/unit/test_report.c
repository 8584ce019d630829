/*
 * DOC: unit tests for the text escaping every text renderer prints through
 * (vpcsim/report.h): what the snapshot or the user wrote must never reach
 * a terminal raw (issue 9: a Name tag with ESC[31m or a newline could
 * recolour the screen or forge a report line).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcsim/report.h"

static const char *esc(const char *s)
{
	static char buf[256];
	return report_text_esc(s, buf, sizeof(buf));
}

static void test_controls_are_escaped_and_text_is_kept(void **state)
{
	(void)state;
	assert_string_equal(esc("web-1"), "web-1");
	assert_string_equal(esc("a\x1b[31mred"), "a\\x1b[31mred");
	assert_string_equal(esc("line\nresult: reachable"), "line\\nresult: reachable");
	assert_string_equal(esc("tab\there\r"), "tab\\there\\r");
	assert_string_equal(esc("back\\slash"), "back\\\\slash");
	assert_string_equal(esc("del\x7f"), "del\\x7f");
}

static void test_utf8_passes_and_broken_bytes_do_not(void **state)
{
	(void)state;
	assert_string_equal(esc("caf\xc3\xa9"), "caf\xc3\xa9"); /* é */
	assert_string_equal(esc("bad\xff"), "bad\\xff");
	assert_string_equal(esc("cut\xc3"), "cut\\xc3"); /* a lead byte alone */
	/* U+202E RIGHT-TO-LEFT OVERRIDE reorders what follows on screen */
	assert_string_equal(esc("x\xe2\x80\xaey"), "x\\u202ey");
	/* U+0085 NEXT LINE, a C1 control */
	assert_string_equal(esc("n\xc2\x85"), "n\\u0085");
}

static void test_a_buffer_too_small_cuts_at_a_whole_escape(void **state)
{
	(void)state;
	char buf[6];
	report_text_esc("ab\x1bzz", buf, sizeof(buf));
	assert_string_equal(buf, "ab"); /* "\x1b" (4 bytes) does not fit after "ab" */
	report_text_esc("abc", buf, 1);
	assert_string_equal(buf, "");
}

static void test_textf_escapes_arguments_not_the_format(void **state)
{
	(void)state;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	report_textf(f, "%-6s|%d\n", "a\nb", 7);
	fclose(f);
	assert_string_equal(out, "a\\nb  |7\n"); /* width applies to the escaped text */
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_are_escaped_and_text_is_kept),
		cmocka_unit_test(test_utf8_passes_and_broken_bytes_do_not),
		cmocka_unit_test(test_a_buffer_too_small_cuts_at_a_whole_escape),
		cmocka_unit_test(test_textf_escapes_arguments_not_the_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
