/*
 * DOC: vpcsim show -- a snapshot summary, or one resource and its relations
 *
 * Argument parsing, the load, finding the resource named; the rendering is
 * report_show() (src/report/show.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vpcsim/error.h"

static int show_run(void *ctx, const struct cli_args *a, struct model *m, struct diag_list *diag)
{
	const char *name = a->n_operands == 2 ? a->operands[1] : NULL;
	const struct model_obj *o = NULL;
	int rc = name ? cli_find_resource(m, name, &o) : 0;

	(void)ctx;
	(void)diag;
	if (rc)
		return cli_no_resource("vpcsim show", name, rc, a->json ? a->out : NULL);
	if (!report_show(a->out, a->operands[0], m, o, a->json)) {
		fprintf(stderr, "vpcsim show: out of memory\n");
		return EXIT_USAGE;
	}
	return EXIT_YES;
}

static const struct cli_opt show_opts[] = {
	CLI_OPT_JSON,
	{NULL},
};

static const struct cli_operands show_operands = {
	"SNAPSHOT [ID|NAME]", "a SNAPSHOT (file or directory) is needed", "too many arguments"};

static const struct cli_cmd show_cmd = {
	.prog = "vpcsim show",
	.about = "Without ID: what the snapshot holds (resources per type, regions, accounts).\n"
		 "With ID (or a unique Name tag): that resource with its resolved relations;\n"
		 "for a subnet also AWS's five reserved addresses and the usable count.\n",
	.tail = "",
	.opts = show_opts,
	.operands = &show_operands,
	.run = show_run, /* no .option: show has none of its own */
};

int cmd_show_to(int argc, char **argv, FILE *out)
{
	return cli_main_to(&show_cmd, NULL, argc, argv, out);
}
