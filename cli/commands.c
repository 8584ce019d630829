/*
 * DOC: vpcsim's subcommands, listed once
 *
 * main() dispatches by this list, `vpcsim --help` prints it, and `vpcsim
 * labs` runs a lab's commands through it (the ones with a run_to).
 */
#include <string.h>

#include "cli.h"

static const struct cli_command cli_commands[] = {
	{"check", "validate a snapshot: AWS's own error codes, design findings", NULL,
	 cmd_check_to},
	{"show", "summarise a snapshot, or one resource with its relations", NULL, cmd_show_to},
	{"trace", "follow a flow hop by hop, forward and return, and say what stops it", NULL,
	 cmd_trace_to},
	{"routes", "effective routes of a route table, TGW, VGW, DX gateway or site", NULL,
	 cmd_routes_to},
	{"resolve", "what a DNS query returns from an instance, VPC or the internet", NULL,
	 cmd_resolve_to},
	{"zone", "a hosted zone as an RFC 1035 master file (zone file)", cmd_zone, NULL},
	{"dns", "answer real DNS clients (dig, resolvers) as a place's resolver would", cmd_dns,
	 NULL},
	{"bgp", "hold real BGP sessions as AWS's side of a Direct Connect VIF or VPN tunnel",
	 cmd_bgp, NULL},
	{"labs", "learning labs: AWS networking facts to run, check and break", cmd_labs, NULL},
	{"graph", "draw the topology (SVG, DOT, HTML, JSON), a trace over it", cmd_graph, NULL},
	{"serve", "a local web console: the diagram, show, trace, routes, findings", cmd_serve,
	 NULL},
};

#define CLI_N_COMMANDS (sizeof(cli_commands) / sizeof(cli_commands[0]))

const struct cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < CLI_N_COMMANDS; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

void cli_commands_list(FILE *f)
{
	for (size_t i = 0; i < CLI_N_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", cli_commands[i].name, cli_commands[i].summary);
}
