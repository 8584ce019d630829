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

#include "vpcsim/diag.h"
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

/* A finding as vpcsim check prints it: location, severity, AWS's code, the
 * resource, the message; a finding of no file has no location. */
static void test_diag_line_is_check_text(void **state)
{
	(void)state;
	struct diag_list *l = diag_list_new();
	assert_non_null(l);
	diag_add(l, DIAG_ERROR, "InvalidParameterValue", "vpc-1", "snap/Vpcs.json", 4, 12,
		 "Value (10.0.0.0/33) for parameter cidrBlock is invalid.");
	diag_add(l, DIAG_WARNING, "UnknownKey", NULL, "snap/x.json", 0, 0, "unknown key \"Foo\"");
	diag_add(l, DIAG_NOTE, "Info", NULL, NULL, 0, 0, "loaded");
	diag_add(l, DIAG_ERROR, "InvalidVpcID.NotFound", "vpc-\x1b[31m", "a\nb.json", 1, 2,
		 "The vpc ID 'vpc-\x1b[31m' does not exist");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	report_diag_print(f, l);
	fclose(f);
	assert_string_equal(buf, "snap/Vpcs.json:4:12: error: InvalidParameterValue vpc-1: Value "
				 "(10.0.0.0/33) for parameter cidrBlock is invalid.\n"
				 "snap/x.json: warning: UnknownKey: unknown key \"Foo\"\n"
				 "note: Info: loaded\n"
				 "a\\nb.json:1:2: error: InvalidVpcID.NotFound vpc-\\x1b[31m: The "
				 "vpc "
				 "ID 'vpc-\\x1b[31m' does not exist\n");
	free(buf);
	diag_list_free(l);
}

static void test_diag_print_of_no_finding_prints_nothing(void **state)
{
	(void)state;
	struct diag_list *l = diag_list_new();
	assert_non_null(l);
	char buf[16] = "untouched";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(f);
	report_diag_print(f, l);
	long pos = ftell(f);
	fclose(f);
	assert_int_equal(pos, 0);
	diag_list_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_are_escaped_and_text_is_kept),
		cmocka_unit_test(test_utf8_passes_and_broken_bytes_do_not),
		cmocka_unit_test(test_a_buffer_too_small_cuts_at_a_whole_escape),
		cmocka_unit_test(test_textf_escapes_arguments_not_the_format),
		cmocka_unit_test(test_diag_line_is_check_text),
		cmocka_unit_test(test_diag_print_of_no_finding_prints_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
