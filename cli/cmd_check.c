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

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"errors-only", no_argument, NULL, 'e'},
		{"sg-rule-limit", required_argument, NULL, 's'},
		{"vpc-cidr-limit", required_argument, NULL, 'c'},
		{"dx-prefix-limit", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct check_opts co;
	check_opts_default(&co);
	bool json = false, quiet = false, errors_only = false;
	unsigned long v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jqeh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'e':
			errors_only = true;
			break;
		case 's':
		case 'c':
		case 'd':
			if (!cli_opt_uint("vpcsim check",
					  c == 's' ? "sg-rule-limit" :
					  c == 'c' ? "vpc-cidr-limit" :
						     "dx-prefix-limit",
					  optarg, 1, 1000000, "needs a number from 1 to 1000000",
					  &v))
				return EXIT_USAGE;
			if (c == 's')
				co.sg_rules_per_direction = (uint32_t)v;
			else if (c == 'c')
				co.vpc_cidrs_per_vpc = (uint32_t)v;
			else
				co.dx_prefixes_per_session = (uint32_t)v;
			break;
		case 'h':
			check_usage(stdout);
			return EXIT_YES;
		default:
			check_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!cli_one_snapshot("vpcsim check", argc, optind, check_usage))
		return EXIT_USAGE;
	const char *path = argv[optind];

	struct model *m;
	struct diag_list *diag = cli_open("vpcsim check", path, json, &m);
	if (!diag)
		return EXIT_USAGE;
	int rc = check_model(m, &co, diag);
	if (rc) {
		report_textf(stderr, "vpcsim check: out of memory\n");
		model_free(m);
		diag_list_free(diag);
		return EXIT_USAGE;
	}
	diag_sort(diag);
	size_t ne = diag_count_severity(diag, DIAG_ERROR);
	struct report_check_opts ro = {json, quiet, errors_only};
	int status = ne ? EXIT_NO : EXIT_YES;
	if (!report_check(stdout, path, m, diag, &ro)) {
		fprintf(stderr, "vpcsim check: out of memory\n");
		status = EXIT_USAGE;
	}
	model_free(m);
	diag_list_free(diag);
	return status;
}
