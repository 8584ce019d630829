/*
 * DOC: vpcsim -- an emulator of AWS networking
 *
 * The front door: dispatches to one subcommand per file.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A subcommand: @run, or for the ones a lab may run @run_to with the
 * answer to standard output. */
struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	int (*run_to)(int argc, char **argv, FILE *out);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{"check", NULL, cmd_check_to,
	 "validate a snapshot: AWS's own error codes, design findings"},
	{"show", NULL, cmd_show_to, "summarise a snapshot, or one resource with its relations"},
	{"trace", NULL, cmd_trace_to,
	 "follow a flow hop by hop, forward and return, and say what stops it"},
	{"routes", NULL, cmd_routes_to,
	 "effective routes of a route table, TGW, VGW, DX gateway or site"},
	{"resolve", NULL, cmd_resolve_to,
	 "what a DNS query returns from an instance, VPC or the internet"},
	{"zone", cmd_zone, NULL, "a hosted zone as an RFC 1035 master file (zone file)"},
	{"dns", cmd_dns, NULL,
	 "answer real DNS clients (dig, resolvers) as a place's resolver would"},
	{"bgp", cmd_bgp, NULL,
	 "hold real BGP sessions as AWS's side of a Direct Connect VIF or VPN tunnel"},
	{"labs", cmd_labs, NULL, "learning labs: AWS networking facts to run, check and break"},
	{"graph", cmd_graph, NULL, "draw the topology (SVG, DOT, HTML), a trace over it"},
	{"serve", cmd_serve, NULL,
	 "a local web console: the diagram, show, trace, routes, findings"},
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: vpcsim <command> SNAPSHOT [options]\n\n"
		   "vpcsim loads an AWS network described in AWS's own JSON shapes (what the\n"
		   "AWS CLI's describe-* calls print, one file or a directory of them, the\n"
		   "Batfish aws_configs layout included) and answers questions about it.\n\n"
		   "commands:\n");
	for (size_t i = 0; i < N_SUBCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(f, "\n'vpcsim <command> --help' describes a command.\n"
		   "Exit status: 0 yes (valid), 1 no (findings), 2 could not run.\n");
}

/*
 * Standard output flushed and closed: false, and a message, when a write
 * failed (a full disk, /dev/full, a closed pipe with SIGPIPE ignored).
 * Output that did not arrive is a command that did not run: exit 2, never
 * the answer's 0 or 1 (issue 9 #12).
 */
static bool close_stdout(void)
{
	errno = 0;
	bool bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;
	if (fclose(stdout) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	if (bad)
		fprintf(stderr, "vpcsim: cannot write standard output: %s\n",
			e ? strerror(e) : "write error");
	return !bad;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_YES;
	}
	if (!strcmp(argv[1], "--version")) {
		report_textf(stdout, "vpcsim 0.1.0\n");
		return EXIT_YES;
	}
	for (size_t i = 0; i < N_SUBCOMMANDS; i++) {
		const struct subcommand *s = &subcommands[i];
		if (strcmp(argv[1], s->name))
			continue;
		return s->run ? s->run(argc - 1, argv + 1) : s->run_to(argc - 1, argv + 1, stdout);
	}
	report_textf(stderr, "vpcsim: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);
	return close_stdout() ? rc : EXIT_USAGE;
}
