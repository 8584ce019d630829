/*
 * DOC: vpcsim zone -- a hosted zone as an RFC 1035 master file
 *
 * The zone named by its id (with or without "/hostedzone/") or its name
 * (when one zone has it), written as report_zonefile() writes it: what a
 * *.zone file in a snapshot is read back as.  Exit 0 written, 2 could not
 * run (usage, snapshot, no such zone, a name several zones have).
 */
#include <string.h>

#include "cli.h"
#include "vpcsim/error.h"

static const struct cli_operands zone_operands = {
	"SNAPSHOT ZONE", "a SNAPSHOT and a ZONE are needed", "one SNAPSHOT and one ZONE only"};

static int zone_run(void *ctx, const struct cli_args *a, struct model *m, struct diag_list *diag)
{
	(void)ctx;
	(void)diag;
	const char *want = a->operands[1];
	const char *bare = strncmp(want, "/hostedzone/", 12) == 0 ? want + 12 : want;
	const struct model_obj *o = model_find_kind(m, MODEL_ZONE, bare);
	const struct model_zone *z = o ? MODEL_AS(const struct model_zone, o) : NULL;
	uint32_t named = 0;
	size_t wl = strlen(want);
	for (uint32_t i = 0; !z && i < m->n_zones; i++) {
		const char *n = m->zones[i].obj.name;
		size_t nl = n ? strlen(n) : 0;
		/* "example.com" names the zone "example.com." */
		if (n &&
		    (!strcmp(n, want) || (nl == wl + 1 && !strncmp(n, want, wl) && n[wl] == '.'))) {
			named++;
			if (named == 1)
				o = &m->zones[i].obj;
		}
	}
	if (!z && named > 1)
		return cli_no_resource("vpcsim zone", want, VS_EAMBIGUOUS, NULL);
	if (!z && o)
		z = MODEL_AS(const struct model_zone, o);
	if (!z)
		return cli_no_resource("vpcsim zone", want, VS_ENOTFOUND, NULL);
	return report_zonefile(a->out, z) ? EXIT_YES : EXIT_USAGE;
}

static const struct cli_opt zone_opts[] = {
	{NULL}, /* --help only */
};

static const struct cli_cmd zone_cmd = {
	.prog = "vpcsim zone",
	.about = "Write hosted zone ZONE (its id, or its name when only one zone has it) as an\n"
		 "RFC 1035 master file on standard output; alias records and routing policies,\n"
		 "which a master file cannot say, are written as comments.  vpcsim reads *.zone\n"
		 "files in a snapshot back as public hosted zones.\n",
	.tail = "Exit status: 0 written, 2 could not run.\n",
	.opts = zone_opts,
	.operands = &zone_operands,
	.run = zone_run,
};

int cmd_zone(int argc, char **argv)
{
	return cli_main(&zone_cmd, NULL, argc, argv);
}
