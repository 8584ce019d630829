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

struct check_args {
	struct check_opts co;
	struct report_check_opts ro;
};

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

static const struct cli_opt check_opts[] = {
	CLI_OPT_JSON,
	{"quiet", 'q', NULL, CLI_SHORT, NULL, "print only the summary line",
	 CLI_INTO(struct check_args, ro.quiet)},
	{"errors-only", 'e', NULL, CLI_SHORT, NULL, "leave out warnings and notes",
	 CLI_INTO(struct check_args, ro.errors_only)},
	{"sg-rule-limit", 's', "N", 0, CLI_NUM(1, 1000000, NULL),
	 "security group rules per direction (AWS default 60)",
	 CLI_INTO(struct check_args, co.sg_rules_per_direction)},
	{"sg-per-eni-limit", 'g', "N", 0, CLI_NUM(1, 16, NULL),
	 "security groups per network interface (AWS default 5, at most 16)",
	 CLI_INTO(struct check_args, co.sg_groups_per_interface)},
	{"vpc-cidr-limit", 'c', "N", 0, CLI_NUM(1, 1000000, NULL),
	 "IPv4 CIDR blocks per VPC (AWS default 5)",
	 CLI_INTO(struct check_args, co.vpc_cidrs_per_vpc)},
	CLI_OPT_DX_PREFIX_LIMIT(CLI_INTO(struct check_args, co.dx_prefixes_per_session)),
	{NULL},
};

static const struct cli_cmd check_cmd = {
	.prog = "vpcsim check",
	.about = "Validate a snapshot as AWS's API would, plus design findings.\n",
	.tail = "Exit status: 0 no errors, 1 errors found, 2 could not run.\n",
	.opts = check_opts,
	.operands = &cli_snapshot_only,
	.run = check_run,
};

int cmd_check_to(int argc, char **argv, FILE *out)
{
	struct check_args a = {.ro = {false, false, false}};

	check_opts_default(&a.co);
	return cli_main_to(&check_cmd, &a, argc, argv, out);
}
