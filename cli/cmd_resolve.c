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

static void resolve_usage(FILE *f)
{
	fprintf(f, "usage: vpcsim resolve SNAPSHOT NAME [--type T] [--from WHERE] [--json]\n\n"
		   "What a DNS query for NAME returns from WHERE, and why: the Resolver rule\n"
		   "that matched, the hosted zone that answered, the record set and routing\n"
		   "policy, the CNAME chain and alias targets, where a query is forwarded.\n\n"
		   "  --type T       the record type asked (A, AAAA, CNAME, MX, TXT, ...; default "
		   "A)\n"
		   "  --from WHERE   an instance (i-), network interface (eni-) or VPC (vpc-): "
		   "the\n"
		   "                 VPC's Amazon DNS server (Route 53 Resolver); or 'internet'\n"
		   "                 (public hosted zones only; the default)\n"
		   "  --json         machine-readable output\n\n"
		   "Exit status: 0 NOERROR with answers, 1 any other answer (NXDOMAIN, NODATA,\n"
		   "SERVFAIL, forwarded), 2 could not run (bad NAME or type, unknown WHERE).\n");
}

/* A query that cannot be asked: stderr, or with @json {"error", "code"} on stdout. */
static int resolve_fail(const char *msg, int rc, bool json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		report_json_add_str(o, "error", msg);
		report_json_add_str(o, "code", vs_strerror(rc));
		report_json_print(o, stdout);
	} else {
		report_textf(stderr, "vpcsim resolve: %s\n", msg);
	}
	return EXIT_USAGE;
}

int cmd_resolve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{"from", required_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *type = "A", *from = "internet";
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:f:jh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			type = optarg;
			break;
		case 'f':
			from = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			resolve_usage(stdout);
			return EXIT_YES;
		default:
			resolve_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		report_textf(stderr, "vpcsim resolve: %s\n",
			     argc - optind < 2 ? "a SNAPSHOT and a NAME are needed" :
						 "one SNAPSHOT and one NAME only");
		resolve_usage(stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[optind], *name = argv[optind + 1];

	struct model *m;
	struct diag_list *diag = cli_open("vpcsim resolve", path, json, &m);
	if (!diag)
		return EXIT_USAGE;
	int status = EXIT_USAGE;
	struct dns_sim *sim = NULL;
	struct dns_reply *reply = NULL;
	char err[512] = "";
	int rc = dns_sim_build(m, &sim, err, sizeof(err));
	if (rc) {
		char msg[600];
		snprintf(msg, sizeof(msg), "cannot build the resolver view: %s",
			 err[0] ? err : vs_strerror(rc));
		status = resolve_fail(msg, rc, json);
		goto out;
	}
	rc = dns_sim_ask(sim, name, type, from, &reply, err, sizeof(err));
	if (rc) {
		status = resolve_fail(err[0] ? err : vs_strerror(rc), rc, json);
		goto out;
	}
	if (!report_resolve(stdout, reply, json)) {
		report_textf(stderr, "vpcsim resolve: out of memory\n");
		goto out;
	}
	status = dns_reply_answered(reply) ? EXIT_YES : EXIT_NO;
out:
	dns_reply_free(reply);
	dns_sim_free(sim);
	model_free(m);
	diag_list_free(diag);
	return status;
}
