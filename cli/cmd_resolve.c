/*
 * DOC: vpcsim resolve -- what a DNS query returns from a place, and why
 *
 * Argument parsing, the load, dns_sim_build() once and one dns_sim_ask()
 * (vpcsim/dns.h); the rendering is report_resolve() (src/report/resolve.c):
 * dig's layout followed by the steps, or the JSON document.  Exit 0 on
 * NOERROR with answers; 1 otherwise (NXDOMAIN, NODATA, SERVFAIL, forwarded
 * outside the snapshot, no hosted zone holds the name); 2 when it could
 * not run (usage, unreadable snapshot, a bad name or type, an unknown
 * --from).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vpcsim/dns.h"
#include "vpcsim/error.h"
#include "vpcsim/trace.h"

struct resolve_args {
	const char *type, *from;
	struct dns_client client;
};

static int resolve_run(void *ctx, const struct cli_args *a, struct model *m, struct diag_list *diag)
{
	const struct resolve_args *ra = ctx;
	int status = EXIT_USAGE;
	struct dns_sim *sim = NULL;
	struct dns_reply *reply = NULL;
	char err[512] = "";
	struct trace_ctx *tc = NULL;
	int rc = dns_sim_build(m, &sim, err, sizeof(err));
	/* forwarded queries: their paths from the outbound endpoint, traced */
	if (!rc && trace_ctx_build(m, &tc) == 0)
		dns_sim_set_tracer(sim, tc);

	(void)diag;
	if (rc) {
		char msg[600];
		snprintf(msg, sizeof(msg), "cannot build the resolver view: %s",
			 err[0] ? err : vs_strerror(rc));
		status = cli_fail("vpcsim resolve", msg, rc, a->json ? a->out : NULL);
		goto out;
	}
	rc = dns_sim_ask_client(sim, a->operands[1], ra->type, ra->from, &ra->client, &reply, err,
				sizeof(err));
	if (rc) {
		status = cli_fail("vpcsim resolve", err[0] ? err : vs_strerror(rc), rc,
				  a->json ? a->out : NULL);
		goto out;
	}
	if (!report_resolve(a->out, reply, a->json)) {
		report_textf(stderr, "vpcsim resolve: out of memory\n");
		goto out;
	}
	status = dns_reply_answered(reply) ? EXIT_YES : EXIT_NO;
out:
	dns_reply_free(reply);
	dns_sim_free(sim);
	trace_ctx_free(tc);
	return status;
}

static const struct cli_opt resolve_opts[] = {
	{"type", 't', "T", CLI_SHORT, NULL,
	 "the record type asked (A, AAAA, CNAME, MX, TXT, ...; default A)",
	 CLI_INTO(struct resolve_args, type)},
	{"from", 'f', "WHERE", CLI_SHORT, NULL,
	 "an instance (i-), network interface (eni-) or VPC (vpc-): the VPC's Amazon DNS server "
	 "(Route 53 Resolver); site:SITE or site:HOST (an on-premises site of Sites: its query "
	 "enters through the first inbound endpoint it reaches; site:SITE@rslvr-in-... names the "
	 "endpoint); or 'internet' (public hosted zones only; the default)",
	 CLI_INTO(struct resolve_args, from)},
	{"client-ip", 'I', "IP", 0, NULL,
	 "the client's address or subnet as Route 53 sees it (IP-based routing; EDNS client subnet "
	 "on the wire)",
	 CLI_INTO(struct resolve_args, client.ip)},
	{"client-region", 'R', "R", 0, NULL, "the client's nearest AWS Region (latency routing)",
	 CLI_INTO(struct resolve_args, client.region)},
	{"client-location", 'L', "L", 0, NULL,
	 "CONTINENT, COUNTRY or COUNTRY/SUBDIVISION (geolocation routing: EU, DE, US/WA)",
	 CLI_INTO(struct resolve_args, client.location)},
	CLI_OPT_JSON,
	{NULL},
};

static const struct cli_operands resolve_operands = {
	"SNAPSHOT NAME", "a SNAPSHOT and a NAME are needed", "one SNAPSHOT and one NAME only"};

static const struct cli_cmd resolve_cmd = {
	.prog = "vpcsim resolve",
	.about = "What a DNS query for NAME returns from WHERE, and why: the Resolver rule\n"
		 "that matched, the hosted zone that answered, the record set and routing\n"
		 "policy, the CNAME chain and alias targets, where a query is forwarded.\n",
	.tail = "Exit status: 0 NOERROR with answers, 1 any other answer (NXDOMAIN, NODATA,\n"
		"SERVFAIL, forwarded), 2 could not run (bad NAME or type, unknown WHERE).\n",
	.opts = resolve_opts,
	.operands = &resolve_operands,
	.run = resolve_run,
};

int cmd_resolve_to(int argc, char **argv, FILE *out)
{
	struct resolve_args a = {"A", "internet", {NULL, NULL, NULL}};

	return cli_main_to(&resolve_cmd, &a, argc, argv, out);
}
