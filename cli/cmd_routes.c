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

struct routes_args {
	bool all;
	struct cli_rib_opts rib;
};

static bool routes_option(void *ctx, int key, const char *arg, unsigned long num)
{
	struct routes_args *a = ctx;

	(void)key; /* 'D': the others are stored */
	(void)num;
	return cli_add_down(&a->rib, arg, "vpcsim routes");
}

static int routes_run(void *ctx, const struct cli_args *a, struct model *m, struct diag_list *diag)
{
	struct routes_args *ra = ctx;
	const char *name = a->operands[1];
	const struct model_obj *o = NULL;
	struct rib_set *s = NULL;
	int rc = EXIT_USAGE;

	(void)diag;
	if (!strncmp(name, "site:", 5))
		name += 5;
	int fr = cli_find_resource(m, name, &o);
	if (fr)
		return cli_no_resource("vpcsim routes", name, fr, a->json ? a->out : NULL);
	if (!cli_check_down(m, &ra->rib, "vpcsim routes"))
		return EXIT_USAGE;
	if (rib_build(m, &ra->rib.ro, &s)) {
		report_textf(stderr, "vpcsim routes: out of memory\n");
		goto out;
	}
	if (!report_routes(a->out, m, s, o, ra->all, a->json)) {
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
	return rc;
}

static const struct cli_opt routes_opts[] = {
	{"all", 'a', NULL, CLI_SHORT, NULL,
	 "also the candidates that lost, and why (like 'show ip bgp')",
	 CLI_INTO(struct routes_args, all)},
	CLI_OPT_JSON,
	CLI_OPT_DX_PREFIX_LIMIT(CLI_INTO(struct routes_args, rib.ro.dx_prefix_limit)),
	{"down", 'D', "ID", CLI_REPEAT, NULL,
	 "take a VIF (dxvif-) or VPN connection (vpn-) down: what the routes become when that link "
	 "fails (repeatable)",
	 CLI_CALL},
	{NULL},
};

static const struct cli_operands routes_operands = {"SNAPSHOT RESOURCE",
						    "a SNAPSHOT and a RESOURCE are needed",
						    "one SNAPSHOT and one RESOURCE only"};

static const struct cli_cmd routes_cmd = {
	.prog = "vpcsim routes",
	.about = "The effective routes of RESOURCE after propagation and BGP best-path selection.\n"
		 "RESOURCE: a VPC route table (rtb-), a transit gateway route table (tgw-rtb-),\n"
		 "a virtual private gateway (vgw-), a Direct Connect gateway (its id), an\n"
		 "on-premises site (site:NAME or its SiteId), a transit gateway or a VPC (all\n"
		 "their route tables), a subnet (the table it uses), or a unique Name tag.\n",
	.tail = "Codes: * best  = equal-cost multipath  x session down  (blank) lost\n"
		"Exit status: 0 shown, 2 could not run (unknown resource, unreadable snapshot).\n",
	.opts = routes_opts,
	.operands = &routes_operands,
	.option = routes_option,
	.run = routes_run,
};

int cmd_routes_to(int argc, char **argv, FILE *out)
{
	struct routes_args a = {.all = false};

	return cli_main_to(&routes_cmd, &a, argc, argv, out);
}
