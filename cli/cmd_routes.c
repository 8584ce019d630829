/*
 * DOC: vpcsim routes -- the effective routes of one routing domain
 *
 * Argument parsing, the load, rib_build() (route/rib.h); the rendering is
 * report_routes() (src/report/routes.c): like a router's `show ip route`,
 * with --all like `show ip bgp`.  Exit 0 when the resource has a table, 2
 * otherwise.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vpcsim/error.h"
#include "vpcsim/rib.h"

static void routes_usage(FILE *f)
{
	fprintf(f, "usage: vpcsim routes SNAPSHOT RESOURCE [--all] [--json] [--dx-prefix-limit N]\n"
		   "                     [--down ID]...\n\n"
		   "The effective routes of RESOURCE after propagation and BGP best-path "
		   "selection.\n"
		   "RESOURCE: a VPC route table (rtb-), a transit gateway route table (tgw-rtb-),\n"
		   "a virtual private gateway (vgw-), a Direct Connect gateway (its id), an\n"
		   "on-premises site (site:NAME or its SiteId), a transit gateway or a VPC (all\n"
		   "their route tables), a subnet (the table it uses), or a unique Name tag.\n\n"
		   "  --all                 also the candidates that lost, and why (like 'show ip "
		   "bgp')\n"
		   "  --json                machine-readable output\n"
		   "  --dx-prefix-limit N   prefixes per private/transit VIF session (AWS default "
		   "100)\n"
		   "  --down ID             take a VIF (dxvif-) or VPN connection (vpn-) down: "
		   "what\n"
		   "                        the routes become when that link fails (repeatable)\n\n"
		   "Codes: * best  = equal-cost multipath  x session down  (blank) lost\n"
		   "Exit status: 0 shown, 2 could not run (unknown resource, unreadable "
		   "snapshot).\n");
}

int cmd_routes(int argc, char **argv)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"json", no_argument, NULL, 'j'},
		{"dx-prefix-limit", required_argument, NULL, 'd'},
		{"down", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool all = false, json = false;
	struct rib_opts ro = {0};
	static const char *down[CLI_MAX_DOWN];
	unsigned long v;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ajh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
			break;
		case 'd':
			if (!cli_opt_uint("vpcsim routes", "dx-prefix-limit", optarg, 1, 1000000,
					  "needs a number from 1 to 1000000", &v))
				return EXIT_USAGE;
			ro.dx_prefix_limit = (uint32_t)v;
			break;
		case 'D':
			if (!cli_add_down(down, &ro.n_down, optarg, "vpcsim routes"))
				return EXIT_USAGE;
			ro.down_ids = down;
			break;
		case 'h':
			routes_usage(stdout);
			return EXIT_YES;
		default:
			routes_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		report_textf(stderr, "vpcsim routes: %s\n",
			     argc - optind < 2 ? "a SNAPSHOT and a RESOURCE are needed" :
						 "one SNAPSHOT and one RESOURCE only");
		routes_usage(stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[optind], *name = argv[optind + 1];
	if (!strncmp(name, "site:", 5))
		name += 5;

	struct model *m;
	struct diag_list *diag = cli_open("vpcsim routes", path, json, &m);
	if (!diag)
		return EXIT_USAGE;
	int rc = EXIT_USAGE;
	struct rib_set *s = NULL;
	const struct model_obj *o = NULL;
	int fr = cli_find_resource(m, name, &o);
	if (fr) {
		rc = cli_no_resource("vpcsim routes", name, fr, json);
		goto out;
	}
	if (!cli_check_down(m, ro.down_ids, ro.n_down, "vpcsim routes"))
		goto out;
	if (rib_build(m, &ro, &s)) {
		report_textf(stderr, "vpcsim routes: out of memory\n");
		goto out;
	}
	if (!report_routes(stdout, m, s, o, all, json)) {
		report_textf(stderr,
			     "vpcsim routes: %s is a %s; routes are kept by route tables, transit "
			     "gateway "
			     "route tables, virtual private gateways, Direct Connect gateways and "
			     "sites\n",
			     o->id, model_kind_name(o->kind));
		goto out;
	}
	rc = EXIT_YES;
out:
	rib_free(s);
	model_free(m);
	diag_list_free(diag);
	return rc;
}
