/*
 * DOC: vpcsim check -- is this network valid?
 *
 * Loads the snapshot and runs every rule of check/.  Each finding names the
 * resource and, where AWS would reject the same configuration, AWS's own
 * error code and message shape.  Exit 0 when there is no error (warnings
 * allowed), 1 when there is at least one, 2 when the snapshot cannot be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vpcsim/check.h"

static void check_usage(FILE *f)
{
	fprintf(f, "usage: vpcsim check SNAPSHOT [--json] [--quiet] [--errors-only]\n"
		   "                    [--sg-rule-limit N] [--vpc-cidr-limit N] "
		   "[--dx-prefix-limit N]\n\n"
		   "Validate a snapshot as AWS's API would, plus design findings.\n\n"
		   "  --json               machine-readable output\n"
		   "  --quiet              print only the summary line\n"
		   "  --errors-only        leave out warnings and notes\n"
		   "  --sg-rule-limit N    security group rules per direction (AWS default 60)\n"
		   "  --vpc-cidr-limit N   IPv4 CIDR blocks per VPC (AWS default 5)\n"
		   "  --dx-prefix-limit N  prefixes per private/transit VIF session (AWS default "
		   "100)\n\n"
		   "Exit status: 0 no errors, 1 errors found, 2 could not run.\n");
}

struct check_args {
	struct check_opts co;
	struct report_check_opts ro;
};

static bool check_option(void *ctx, int c, const char *arg)
{
	struct check_args *a = ctx;
	unsigned long v;

	switch (c) {
	case 'q':
		a->ro.quiet = true;
		return true;
	case 'e':
		a->ro.errors_only = true;
		return true;
	}
	/* --sg-rule-limit, --vpc-cidr-limit, --dx-prefix-limit */
	if (!cli_opt_uint("vpcsim check",
			  c == 's' ? "sg-rule-limit" :
			  c == 'c' ? "vpc-cidr-limit" :
				     "dx-prefix-limit",
			  arg, 1, 1000000, "needs a number from 1 to 1000000", &v))
		return false;
	if (c == 's')
		a->co.sg_rules_per_direction = (uint32_t)v;
	else if (c == 'c')
		a->co.vpc_cidrs_per_vpc = (uint32_t)v;
	else
		a->co.dx_prefixes_per_session = (uint32_t)v;
	return true;
}

static int check_run(void *ctx, const struct cli_args *a, struct model *m, struct diag_list *diag)
{
	struct check_args *ca = ctx;

	if (check_model(m, &ca->co, diag)) {
		report_textf(stderr, "vpcsim check: out of memory\n");
		return EXIT_USAGE;
	}
	diag_sort(diag);
	ca->ro.json = a->json;
	if (!report_check(a->out, a->operands[0], m, diag, &ca->ro)) {
		fprintf(stderr, "vpcsim check: out of memory\n");
		return EXIT_USAGE;
	}
	return diag_count_severity(diag, DIAG_ERROR) ? EXIT_NO : EXIT_YES;
}

static const struct option check_options[] = {
	CLI_OPT_JSON,
	{"quiet", no_argument, NULL, 'q'},
	{"errors-only", no_argument, NULL, 'e'},
	{"sg-rule-limit", required_argument, NULL, 's'},
	{"vpc-cidr-limit", required_argument, NULL, 'c'},
	{"dx-prefix-limit", required_argument, NULL, 'd'},
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const struct cli_cmd check_cmd = {
	.prog = "vpcsim check",
	.usage = check_usage,
	.short_opts = "jqeh",
	.opts = check_options,
	.operands = &cli_snapshot_only,
	.option = check_option,
	.run = check_run,
};

int cmd_check_to(int argc, char **argv, FILE *out)
{
	struct check_args a = {.ro = {false, false, false}};

	check_opts_default(&a.co);
	return cli_main_to(&check_cmd, &a, argc, argv, out);
}

int cmd_check(int argc, char **argv)
{
	return cmd_check_to(argc, argv, stdout);
}
