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

static void show_usage(FILE *f)
{
	fprintf(f, "usage: vpcsim show SNAPSHOT [ID|NAME] [--json]\n\n"
		   "Without ID: what the snapshot holds (resources per type, regions, accounts).\n"
		   "With ID (or a unique Name tag): that resource with its resolved relations;\n"
		   "for a subnet also AWS's five reserved addresses and the usable count.\n");
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			show_usage(stdout);
			return EXIT_YES;
		default:
			show_usage(stderr);
			return EXIT_USAGE;
		}
	}
	int nargs = argc - optind;
	if (nargs < 1 || nargs > 2) {
		report_textf(stderr, "vpcsim show: %s\n",
			     nargs < 1 ? "a SNAPSHOT (file or directory) is needed" :
					 "too many arguments");
		show_usage(stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	const char *name = nargs == 2 ? argv[optind + 1] : NULL;

	struct model *m;
	struct diag_list *diag = cli_open("vpcsim show", path, json, &m);
	if (!diag)
		return EXIT_USAGE;
	int status = EXIT_YES;
	const struct model_obj *o = NULL;
	int rc = name ? cli_find_resource(m, name, &o) : 0;
	if (rc) {
		status = cli_no_resource("vpcsim show", name, rc, json);
	} else if (!report_show(stdout, path, m, o, json)) {
		fprintf(stderr, "vpcsim show: out of memory\n");
		status = EXIT_USAGE;
	}
	model_free(m);
	diag_list_free(diag);
	return status;
}
