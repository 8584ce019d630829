/*
 * DOC: unit tests: the loader against hostile and careless input (issue 9)
 *
 * Each test builds what a careless or hostile user would hand over -- a
 * tree with symlink loops, a FIFO, a deep tree, duplicate ids and keys,
 * \u0000, invalid UTF-8, a 10 MB value -- in a mkdtemp() directory or a
 * buffer, and checks that the load terminates, says what it skipped or
 * refused and where, and never counts anything twice.  Every test runs
 * under alarm(): a regression that hangs (an exponential walk, a blocking
 * open of a FIFO) fails the test instead of stalling the suite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fixture.h"
#include "fixture_tree.h"
#include "load/load_internal.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

#define TEST_SECONDS 20

/* Every test holds a struct fixture_snap (fixture_tree.h) in *state. */
static int setup(void **state)
{
	alarm(TEST_SECONDS); /* SIGALRM's default action ends the run: a failure */
	return fixture_snap_setup(state);
}

static int teardown(void **state)
{
	alarm(0);
	return fixture_snap_teardown(state);
}

/* ---- temporary trees (fixture_tree.h) ---- */

static void make_dir(const char *dir, const char *name)
{
	char *p = fixture_path(dir, name);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void make_link(const char *dir, const char *name, const char *target)
{
	char *p = fixture_path(dir, name);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static const char vpc1[] = "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}]}";

/* The @n-th finding (from 0) with @code whose message holds @needle (NULL:
 * any message), or NULL. */
static const struct diag *nth_diag(const struct diag_list *d, const char *code, const char *needle,
				   size_t n)
{
	for (size_t i = 0; i < diag_count(d); i++) {
		const struct diag *x = diag_get(d, i);
		if (strcmp(x->code, code) == 0 && (!needle || strstr(x->message, needle)) && !n--)
			return x;
	}
	return NULL;
}

/* The first finding with @code whose message holds @needle, or NULL. */
static const struct diag *find_diag(const struct diag_list *d, const char *code, const char *needle)
{
	return nth_diag(d, code, needle, 0);
}

/* find_diag(), and the test fails when there is no such finding. */
static const struct diag *expect_diag(const struct diag_list *d, const char *code,
				      const char *needle)
{
	const struct diag *x = find_diag(d, code, needle);
	assert_non_null(x);
	return x;
}

/* Load the test's snapshot directory, which must succeed (findings allowed). */
static const struct fixture_snap *load_dir_ok(void **state)
{
	return fixture_snap_ok(fixture_snap_load(state, NULL));
}

/* Load @path, which must fail with @rc. */
static const struct fixture_snap *load_path_fails(void **state, const char *path, int rc)
{
	return fixture_snap_fails(fixture_snap_load(state, path), rc);
}

/* Load the @len bytes at @json, which must succeed (findings allowed). */
static const struct fixture_snap *load_buf_ok(void **state, const char *json, size_t len)
{
	return fixture_snap_ok(fixture_snap_load_buffer(state, "snap.json", json, len, NULL));
}

/* Load the @len bytes at @json, which must fail with @rc. */
static const struct fixture_snap *load_buf_fails(void **state, const char *json, size_t len, int rc)
{
	return fixture_snap_fails(fixture_snap_load_buffer(state, "snap.json", json, len, NULL),
				  rc);
}

/* ---- 1. symlink loops: each directory entered once, each loop reported ---- */

static void test_two_self_symlinks_load_once_and_warn_per_loop(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "a.json", vpc1);
	make_link(dir, "s1", ".");
	make_link(dir, "s2", ".");
	const struct fixture_snap *f = load_dir_ok(state);
	assert_int_equal(f->m->n_vpcs, 1);
	assert_int_equal(fixture_count_code(f->d, "DuplicateId"), 0);
	/* one warning per link that leads back, naming the link */
	for (size_t i = 0; i < 2; i++) {
		const struct diag *x = nth_diag(f->d, "SkippedInput", "loop", i);
		assert_non_null(x);
		assert_int_equal(x->severity, DIAG_WARNING);
		assert_true(strstr(x->file, "/s1") || strstr(x->file, "/s2"));
	}
	assert_null(nth_diag(f->d, "SkippedInput", "loop", 2));
}

static void test_link_to_ancestor_and_sibling_dirs_read_once(void **state)
{
	const char *dir = fixture_snap_dir(state);
	make_dir(dir, "us-east-1");
	char *sub = fixture_path(dir, "us-east-1");
	fixture_write_str(sub, "vpcs.json", vpc1);
	make_link(sub, "up", "..");           /* a loop through the parent */
	make_link(dir, "again", "us-east-1"); /* a second way to a directory */
	free(sub);
	const struct fixture_snap *f = load_dir_ok(state);
	assert_int_equal(f->m->n_vpcs, 1);
	assert_int_equal(fixture_count_code(f->d, "DuplicateId"), 0);
	assert_non_null(find_diag(f->d, "SkippedInput", "loop"));
	assert_non_null(find_diag(f->d, "SkippedInput", "already read"));
}

/* ---- 2. a FIFO, socket or device is refused before it can block ---- */

static void test_fifo_as_snapshot_is_refused_without_blocking(void **state)
{
	const char *dir = fixture_snap_dir(state);
	char *fifo = fixture_path(dir, "snap.json");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	const struct fixture_snap *f = load_path_fails(state, fifo, VS_ESNAPSHOT);
	const struct diag *x = expect_diag(f->d, "FileUnreadable", "FIFO");
	assert_int_equal(x->severity, DIAG_ERROR);
	assert_string_equal(x->file, fifo);
	assert_non_null(strstr(x->message, "not a regular file or directory"));
	free(fifo);
}

static void test_character_device_as_snapshot_is_refused(void **state)
{
	const struct fixture_snap *f =
		load_path_fails(state, "/dev/zero", VS_ESNAPSHOT); /* would read forever */
	assert_non_null(find_diag(f->d, "FileUnreadable", "character device"));
}

static void test_socket_as_snapshot_is_refused(void **state)
{
	const char *dir = fixture_snap_dir(state);
	char *sock = fixture_path(dir, "snap.json");
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	assert_true(strlen(sock) < sizeof(sa.sun_path));
	strcpy(sa.sun_path, sock);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	const struct fixture_snap *f = load_path_fails(state, sock, VS_ESNAPSHOT);
	const struct diag *x = expect_diag(f->d, "FileUnreadable", "a socket");
	assert_string_equal(x->file, sock);
	close(fd);
	free(sock);
}

/* ---- 4. every file once, and whatever is skipped is said ---- */

static void test_fifo_in_directory_is_skipped_with_a_warning(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "a.json", vpc1);
	char *fifo = fixture_path(dir, "b.json");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	const struct fixture_snap *f = load_dir_ok(state);
	assert_int_equal(f->m->n_vpcs, 1);
	const struct diag *x = expect_diag(f->d, "SkippedInput", "FIFO");
	assert_int_equal(x->severity, DIAG_WARNING);
	assert_string_equal(x->file, fifo);
	free(fifo);
}

static void test_symlinked_and_hard_linked_file_read_once(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "a.json", vpc1);
	make_link(dir, "b.json", "a.json");
	char *a = fixture_path(dir, "a.json"), *c = fixture_path(dir, "c.json");
	assert_int_equal(link(a, c), 0);
	make_link(dir, "dangling.json", "nowhere.json");
	const struct fixture_snap *f = load_dir_ok(state);
	assert_int_equal(f->m->n_vpcs, 1);
	assert_int_equal(fixture_count_code(f->d, "DuplicateId"), 0);
	/* both other names are said to be the same file as a.json: two findings */
	char same[1024];
	snprintf(same, sizeof(same), "same file as %s", a);
	assert_non_null(nth_diag(f->d, "SkippedInput", same, 1));
	assert_null(nth_diag(f->d, "SkippedInput", same, 2));
	assert_non_null(find_diag(f->d, "SkippedInput", "dangling"));
	free(a);
	free(c);
}

static void test_directory_deeper_than_limit_is_reported(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "top.json", vpc1);
	/* 34 levels: d/d/.../d, with a file at level 30 (read) and at the bottom
	 * (beyond the limit of 32: skipped, and said so) */
	char *p = strdup(dir);
	for (int i = 1; i <= 34; i++) {
		make_dir(p, "d");
		char *q = fixture_path(p, "d");
		free(p);
		p = q;
		if (i == 30)
			fixture_write_str(p, "mid.json",
					  "{\"Vpcs\": [{\"VpcId\": \"vpc-30\", \"CidrBlock\": "
					  "\"10.30.0.0/16\"}]}");
	}
	fixture_write_str(p, "deep.json",
			  "{\"Vpcs\": [{\"VpcId\": \"vpc-34\", \"CidrBlock\": \"10.34.0.0/16\"}]}");
	free(p);
	const struct fixture_snap *f = load_dir_ok(state);
	assert_int_equal(f->m->n_vpcs, 2);
	assert_non_null(model_find_kind(f->m, MODEL_VPC, "vpc-30"));
	assert_null(model_find_kind(f->m, MODEL_VPC, "vpc-34"));
	const struct diag *x = expect_diag(f->d, "SkippedInput", "levels");
	assert_int_equal(x->severity, DIAG_WARNING);
}

/* ---- 5. duplicate ids ---- */

static void test_same_id_in_two_files_is_a_warning_naming_both(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "a.json", vpc1);
	fixture_write_str(dir, "b.json",
			  "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"172.16.0.0/16\"},"
			  " {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"192.168.0.0/16\"}]}");
	const struct fixture_snap *f = load_dir_ok(state);
	assert_int_equal(f->m->n_vpcs, 1);
	/* the first one is kept */
	const struct model_obj *o = model_find_kind(f->m, MODEL_VPC, "vpc-1");
	assert_non_null(o);
	assert_string_equal(MODEL_AS(const struct model_vpc, o)->cidrs[0].text, "10.0.0.0/16");
	assert_int_equal(fixture_count_code(f->d, "DuplicateId"), 2);
	const struct diag *x = find_diag(f->d, "DuplicateId", NULL);
	assert_int_equal(x->severity, DIAG_WARNING);
	assert_string_equal(x->resource, "vpc-1");
	assert_non_null(strstr(x->file, "b.json"));
	assert_non_null(strstr(x->message, "a.json"));
	assert_non_null(strstr(x->message, "first one is kept"));
	/* one VPC: one set of AWS defaults */
	uint32_t mains = 0;
	for (uint32_t i = 0; i < f->m->n_rtbs; i++)
		mains += f->m->rtbs[i].is_main;
	assert_int_equal(mains, 1);
}

static void test_many_copies_of_one_id_are_one_entity_and_few_findings(void **state)
{
	const int copies = 20000;
	size_t cap = (size_t)copies * 64 + 64, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	n += (size_t)snprintf(buf + n, cap - n, "{\"Vpcs\": [");
	for (int i = 0; i < copies; i++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "%s{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}",
				      i ? "," : "");
	n += (size_t)snprintf(buf + n, cap - n, "]}");
	const struct fixture_snap *f = load_buf_ok(state, buf, n);
	assert_int_equal(f->m->n_vpcs, 1);
	/* each copy is counted, not listed: a hundred findings and a summary */
	size_t dups = fixture_count_code(f->d, "DuplicateId");
	assert_true(dups >= 2 && dups <= 101);
	assert_non_null(find_diag(f->d, "DuplicateId", "19899 more"));
	free(buf);
}

static void test_cross_type_id_collision_hides_neither(void **state)
{
	/* an attachment whose id is also its route table's id */
	static const char json[] = "{\"TransitGateways\": [{\"TransitGatewayId\": \"tgw-1\"}],"
				   "\"TransitGatewayRouteTables\": "
				   "[{\"TransitGatewayRouteTableId\": \"same-1\","
				   " \"TransitGatewayId\": \"tgw-1\", \"State\": \"available\"}],"
				   "\"TransitGatewayAttachments\": "
				   "[{\"TransitGatewayAttachmentId\": \"same-1\","
				   " \"TransitGatewayId\": \"tgw-1\", \"ResourceType\": \"vpc\", "
				   "\"ResourceId\": \"vpc-1\","
				   " \"State\": \"available\","
				   " \"Association\": {\"TransitGatewayRouteTableId\": \"same-1\","
				   " \"State\": \"associated\"}}]}";
	const struct fixture_snap *f = load_buf_ok(state, json, strlen(json));
	assert_int_equal(f->m->n_tgw_rtbs, 1);
	assert_int_equal(f->m->n_tgw_atts, 1);
	const struct model_tgw_rtb *r = &f->m->tgw_rtbs[0];
	const struct model_tgw_att *a = &f->m->tgw_atts[0];
	/* both resolve through the id they share */
	assert_ptr_equal(a->assoc_rtb, r);
	assert_int_equal(r->n_assoc_atts, 1);
	assert_ptr_equal(r->assoc_atts[0], a);
	assert_ptr_equal(model_find_kind(f->m, MODEL_TGW_RTB, "same-1"), &r->obj);
	assert_ptr_equal(model_find_kind(f->m, MODEL_TGW_ATT, "same-1"), &a->obj);
	assert_null(model_find_kind(f->m, MODEL_VPC, "same-1"));
	assert_int_equal(fixture_count_code(f->d, "DuplicateId"), 0);
}

/* ---- 6. duplicate keys ---- */

static void test_duplicate_key_warns_with_key_and_position(void **state)
{
	static const char json[] = "{\"Vpcs\": [{\"VpcId\": \"vpc-1\",\n"
				   "  \"CidrBlock\": \"10.0.0.0/16\", \"VpcId\": \"vpc-2\"}]}";
	const struct fixture_snap *f = load_buf_ok(state, json, strlen(json));
	const struct diag *x = expect_diag(f->d, "DuplicateKey", NULL);
	assert_int_equal(x->severity, DIAG_WARNING);
	assert_string_equal(x->file, "snap.json");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->col, 31); /* the second "VpcId" */
	assert_non_null(strstr(x->message, "\"VpcId\""));
	assert_non_null(strstr(x->message, "line 1, column 12"));
	/* the first value is the one read */
	assert_int_equal(f->m->n_vpcs, 1);
	assert_string_equal(f->m->vpcs[0].obj.id, "vpc-1");
}

static void test_duplicate_top_level_key_is_read_once(void **state)
{
	static const char json[] = "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": "
				   "\"10.0.0.0/16\"}],"
				   " \"Vpcs\": [{\"VpcId\": \"vpc-2\", \"CidrBlock\": "
				   "\"10.1.0.0/16\"}]}";
	const struct fixture_snap *f = load_buf_ok(state, json, strlen(json));
	assert_int_equal(f->m->n_vpcs, 1); /* not the second array as well */
	assert_string_equal(f->m->vpcs[0].obj.id, "vpc-1");
	assert_int_equal(fixture_count_code(f->d, "DuplicateKey"), 1);
}

static void test_duplicate_key_in_a_large_object_is_found(void **state)
{
	/* past the linear comparison: 40 keys, the last repeating the 3rd */
	char buf[2048];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "{\"Tags\": {");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\"k%d\": %d, ", i, i);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\"k2\": 0}}");
	const struct fixture_snap *f = load_buf_ok(state, buf, n);
	assert_int_equal(fixture_count_code(f->d, "DuplicateKey"), 1);
	assert_non_null(find_diag(f->d, "DuplicateKey", "\"k2\""));
}

/* ---- 9. \u0000 ---- */

static void test_escaped_nul_is_rejected_with_position(void **state)
{
	static const char json[] = "{\"Vpcs\": [\n {\"VpcId\": \"vpc-1\\u0000evil\"}]}";
	const struct fixture_snap *f = load_buf_fails(state, json, strlen(json), VS_EPARSE);
	const struct diag *x = expect_diag(f->d, "JsonSyntax", "\\u0000");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->col, 18); /* the backslash */
}

static void test_escaped_backslash_before_u0000_text_is_accepted(void **state)
{
	/* "\\u0000" is a backslash and the text u0000, not an escape */
	static const char json[] = "{\"Vpcs\": [{\"VpcId\": \"vpc-1\\\\u0000\"}]}";
	const struct fixture_snap *f = load_buf_ok(state, json, strlen(json));
	assert_string_equal(f->m->vpcs[0].obj.id, "vpc-1\\u0000");
}

/* ---- 11. invalid UTF-8 ---- */

static void expect_bad_utf8(void **state, const char *json, unsigned col)
{
	const struct fixture_snap *f = load_buf_fails(state, json, strlen(json), VS_EPARSE);
	const struct diag *x = expect_diag(f->d, "JsonSyntax", "UTF-8");
	assert_int_equal(x->line, 1);
	assert_int_equal(x->col, col);
}

static void test_invalid_utf8_is_rejected_with_position(void **state)
{
	static const struct {
		const char *json;
		unsigned col;
	} bad[] = {
		{"{\"Vpcs\": [{\"VpcId\": \"vpc-\xff\"}]}", 26},         /* never valid */
		{"{\"Vpcs\": [{\"VpcId\": \"vpc-\xc0\xaf\"}]}", 26},     /* overlong '/' */
		{"{\"Vpcs\": [{\"VpcId\": \"vpc-\xed\xa0\x80\"}]}", 26}, /* a surrogate */
		{"{\"Vpcs\": [{\"VpcId\": \"vpc-\xe2\x82\"}]}", 26},     /* cut short */
		{"{\"Vpcs\": [{\"Vpc\xf5\": 1}]}", 16},                  /* in a key */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad_utf8(state, bad[i].json, bad[i].col);
}

static void test_valid_utf8_and_escapes_are_kept(void **state)
{
	static const char json[] = "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": "
				   "\"10.0.0.0/16\","
				   " \"Tags\": [{\"Key\": \"Name\", \"Value\": \"caf\xc3\xa9 "
				   "\\u00e9 \\ud83d\\ude00 \xf0\x9f\x98\x80\"}]}]}";
	const struct fixture_snap *f = load_buf_ok(state, json, strlen(json));
	assert_string_equal(f->m->vpcs[0].obj.name, "caf\xc3\xa9 \xc3\xa9 \xf0\x9f\x98\x80 "
						    "\xf0\x9f\x98\x80");
}

/* The parser reads 8 bytes at a time where it can (indentation, plain
 * string runs): whatever sits at each offset of such a word is still seen. */
static void test_word_at_a_time_scans_miss_nothing(void **state)
{
	(void)state;
	char buf[256], want[64];
	for (int k = 0; k < 24; k++) {
		/* indentation of k spaces before a key */
		int n = snprintf(buf, sizeof(buf), "{\n%*s\"a\": 1}", k, "");
		struct ld_json_doc doc;
		assert_int_equal(ld_json_parse(buf, (size_t)n, 0, &doc), 0);
		assert_non_null(cJSON_GetObjectItemCaseSensitive(doc.root, "a"));
		ld_json_doc_free(&doc);
		/* an escape, a two-byte character, and a raw control byte (an error)
		 * after k plain bytes */
		static const char *const mid[] = {"\\n", "\xc3\xa9", "\\\"", "\x01"};
		static const char *const dec[] = {"\n", "\xc3\xa9", "\"", NULL};
		for (int v = 0; v < 4; v++) {
			n = snprintf(buf, sizeof(buf), "{\"a\": \"%.*s%sxyz0123456789\"}", k,
				     "abcdefghijklmnopqrstuvwxyz", mid[v]);
			int rc = ld_json_parse(buf, (size_t)n, 0, &doc);
			if (!dec[v]) {
				assert_int_equal(rc, VS_EPARSE);
				assert_int_equal(doc.col, 8 + k);
				ld_json_doc_free(&doc);
				continue;
			}
			assert_int_equal(rc, 0);
			snprintf(want, sizeof(want), "%.*s%sxyz0123456789", k,
				 "abcdefghijklmnopqrstuvwxyz", dec[v]);
			assert_string_equal(
				cJSON_GetObjectItemCaseSensitive(doc.root, "a")->valuestring, want);
			ld_json_doc_free(&doc);
		}
	}
}

/* ---- 13. out of memory and nesting ---- */

static void test_out_of_memory_is_said_with_the_file(void **state)
{
	/* a document of some 40 KB parsed under a 4 KB budget */
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	n += (size_t)snprintf(buf + n, cap - n, "{\"Vpcs\": [");
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s{\"VpcId\": \"vpc-%d\"}", i ? "," : "",
				      i);
	n += (size_t)snprintf(buf + n, cap - n, "]}");
	struct load_opts o = {.max_doc_memory = 4096};
	const struct fixture_snap *f = fixture_snap_fails(
		fixture_snap_load_buffer(state, "big.json", buf, n, &o), VS_ENOMEM);
	assert_int_equal(fixture_count_code(f->d, "JsonSyntax"), 0);
	const struct diag *x = expect_diag(f->d, "OutOfMemory", "out of memory while parsing");
	assert_string_equal(x->file, "big.json");
	/* the same document with room enough loads */
	o.max_doc_memory = 0;
	f = fixture_snap_ok(fixture_snap_load_buffer(state, "big.json", buf, n, &o));
	assert_int_equal(f->m->n_vpcs, 1000);
	free(buf);
}

static void test_parser_out_of_memory_is_not_a_syntax_error(void **state)
{
	(void)state;
	static const char json[] = "{\"a\": [1, 2, 3, {\"b\": \"cccccccccccccccccccc\"}]}";
	struct ld_json_doc doc;
	assert_int_equal(ld_json_parse(json, strlen(json), 64, &doc), VS_ENOMEM);
	assert_null(doc.root);
	assert_non_null(strstr(doc.what, "out of memory"));
	ld_json_doc_free(&doc);
	assert_int_equal(ld_json_parse(json, strlen(json), 0, &doc), 0);
	assert_non_null(doc.root);
	ld_json_doc_free(&doc);
}

static void test_nesting_beyond_limit_says_so(void **state)
{
	size_t n;
	char *buf = fixture_nested("Vpcs", LD_JSON_MAX_DEPTH + 100, &n);
	const struct fixture_snap *f = load_buf_fails(state, buf, n, VS_EPARSE);
	const struct diag *x = expect_diag(f->d, "JsonSyntax", "nesting deeper than");
	assert_int_equal(x->line, 1);
	/* the bracket one level too deep: the object is level 1 */
	assert_int_equal(x->col, 1 + 7 + LD_JSON_MAX_DEPTH);
	free(buf);
}

/* ---- 15. long values are cut in messages ---- */

static void test_ten_megabyte_value_is_cut_in_messages(void **state)
{
	size_t big = 10u << 20;
	char *buf = malloc(big + 128);
	assert_non_null(buf);
	size_t n = (size_t)snprintf(buf, 128, "{\"Vpcs\": [{\"VpcId\": \"");
	memset(buf + n, 'x', big);
	n += big;
	n += (size_t)snprintf(buf + n, 128, "\", \"CidrBlock\": \"");
	n += (size_t)snprintf(buf + n, 128, "not-a-cidr\"}]}");
	/* the id is the resource of the finding about the bad CIDR */
	const struct fixture_snap *f = load_buf_ok(state, buf, n);
	const struct diag *x = expect_diag(f->d, "InvalidParameterValue", "not-a-cidr");
	assert_non_null(x->resource);
	assert_true(strlen(x->resource) < 300);
	assert_non_null(strstr(x->resource, "...(10485760 bytes)"));
	free(buf);
}

static void test_long_string_arguments_are_cut_centrally(void **state)
{
	(void)state;
	size_t big = 100000;
	char *s = malloc(big + 1);
	assert_non_null(s);
	memset(s, 'v', big);
	s[big] = '\0';
	struct diag_list *d = diag_list_new();
	assert_int_equal(diag_add(d, DIAG_ERROR, "X", s, "f.json", 1, 2,
				  "Value (%s) for parameter %s is invalid (%d).", s, "CidrBlock",
				  7),
			 0);
	/* a precision bounds the value before it is cut */
	assert_int_equal(diag_add(d, DIAG_ERROR, "X", NULL, NULL, 0, 0, "[%.*s]", 300, s), 0);
	const struct diag *x = diag_get(d, 0);
	assert_true(strlen(x->message) < 350);
	assert_non_null(strstr(x->message, "...(100000 bytes)) for parameter CidrBlock is invalid "
					   "(7)."));
	assert_non_null(strstr(diag_get(d, 1)->message, "...(300 bytes)]"));
	/* short values and other conversions pass unchanged */
	assert_int_equal(diag_add(d, DIAG_NOTE, "X", NULL, NULL, 0, 0,
				  "%s=%5u|%-4s|%lld|%zu|%c|%02x|%%|%g", "k", 42u, "ab", -5LL,
				  (size_t)9, 'q', 0xau, 1.5),
			 0);
	assert_string_equal(diag_get(d, 2)->message, "k=   42|ab  |-5|9|q|0a|%|1.5");
	/* a cut never splits a UTF-8 character: "a" then 2-byte characters */
	char u[1 + 2 * 200 + 1];
	u[0] = 'a';
	for (int i = 0; i < 200; i++)
		memcpy(u + 1 + 2 * i, "\xc3\xa9", 2);
	u[sizeof(u) - 1] = '\0';
	assert_int_equal(diag_add(d, DIAG_NOTE, "X", NULL, NULL, 0, 0, "%s", u), 0);
	const char *msg = diag_get(d, 3)->message;
	const char *dots = strstr(msg, "...(");
	assert_non_null(dots);
	assert_int_equal((size_t)(dots - msg), 255); /* 'a' + 127 whole characters */
	assert_int_equal((unsigned char)dots[-1], 0xa9);
	diag_list_free(d);
	free(s);
}

/* Valid UTF-8, what --json output needs. */
static bool utf8_ok(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : 4;
		for (size_t i = 1; i < n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return false;
		s += n;
	}
	return true;
}

static void test_full_message_never_ends_inside_a_character(void **state)
{
	(void)state;
	/* 15 values of 79 bytes ('a' and 39 two-byte characters), each under
	 * the cut, together past the message buffer: the message is shortened,
	 * at a character boundary (the "x" puts the 1023rd byte mid-character) */
	char u[80];
	u[0] = 'a';
	for (int i = 0; i < 39; i++)
		memcpy(u + 1 + 2 * i, "\xc3\xa9", 2);
	u[79] = '\0';
	struct diag_list *d = diag_list_new();
	assert_int_equal(diag_add(d, DIAG_NOTE, "X", NULL, NULL, 0, 0,
				  "x%s %s %s %s %s %s %s %s %s %s %s %s %s %s %s", u, u, u, u, u, u,
				  u, u, u, u, u, u, u, u, u),
			 0);
	const char *msg = diag_get(d, 0)->message;
	assert_true(strlen(msg) >= 1000 && strlen(msg) < 1024);
	assert_true(utf8_ok(msg));
	diag_list_free(d);
}

/* ---- the process's cJSON hooks are left alone ---- */

static size_t hook_mallocs;

static void *counting_malloc(size_t n)
{
	hook_mallocs++;
	return malloc(n);
}

static void test_loader_leaves_cjson_hooks_alone(void **state)
{
	cJSON_Hooks h = {.malloc_fn = counting_malloc, .free_fn = free};
	cJSON_InitHooks(&h);
	load_buf_ok(state, vpc1, strlen(vpc1));
	/* the caller's hooks still serve the caller's parses */
	hook_mallocs = 0;
	cJSON *j = cJSON_Parse("{\"a\": [1, \"b\"]}");
	assert_non_null(j);
	assert_true(hook_mallocs >= 3);
	cJSON_Delete(j);
	cJSON_InitHooks(NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* first: before any other load of this process */
		T(test_loader_leaves_cjson_hooks_alone),
		T(test_two_self_symlinks_load_once_and_warn_per_loop),
		T(test_link_to_ancestor_and_sibling_dirs_read_once),
		T(test_fifo_as_snapshot_is_refused_without_blocking),
		T(test_character_device_as_snapshot_is_refused),
		T(test_socket_as_snapshot_is_refused),
		T(test_fifo_in_directory_is_skipped_with_a_warning),
		T(test_symlinked_and_hard_linked_file_read_once),
		T(test_directory_deeper_than_limit_is_reported),
		T(test_same_id_in_two_files_is_a_warning_naming_both),
		T(test_many_copies_of_one_id_are_one_entity_and_few_findings),
		T(test_cross_type_id_collision_hides_neither),
		T(test_duplicate_key_warns_with_key_and_position),
		T(test_duplicate_top_level_key_is_read_once),
		T(test_duplicate_key_in_a_large_object_is_found),
		T(test_escaped_nul_is_rejected_with_position),
		T(test_escaped_backslash_before_u0000_text_is_accepted),
		T(test_invalid_utf8_is_rejected_with_position),
		T(test_valid_utf8_and_escapes_are_kept),
		T(test_word_at_a_time_scans_miss_nothing),
		T(test_out_of_memory_is_said_with_the_file),
		T(test_parser_out_of_memory_is_not_a_syntax_error),
		T(test_nesting_beyond_limit_says_so),
		T(test_ten_megabyte_value_is_cut_in_messages),
		T(test_long_string_arguments_are_cut_centrally),
		T(test_full_message_never_ends_inside_a_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
