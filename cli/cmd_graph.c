/*
 * DOC: vpcsim graph -- the topology drawn as an AWS architecture diagram
 *
 * Argument parsing, the load, the trace when --trace asks for one
 * (trace_run(), as vpcsim trace runs it); the drawing is graph_build() and
 * graph_write() (src/render/).  Exit status: 0 drawn (with --trace: and
 * the flow reachable both ways), 1 drawn with a trace that is not
 * reachable, 2 could not run.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vpcsim/error.h"
#include "vpcsim/graph.h"
#include "vpcsim/trace.h"

struct graph_args {
	enum graph_format fmt;
	const char *out, *focus;
	const char *from, *to;
	int proto, port;
};

static bool graph_option(void *ctx, int key, const char *arg, unsigned long num)
{
	struct graph_args *a = ctx;

	(void)num;
	if (key == 'p')
		return cli_opt_proto("vpcsim graph", arg, &a->proto);
	/* 'F' */
	int f = graph_format_parse(arg);
	if (f < 0) {
		report_textf(stderr,
			     "vpcsim graph: --format takes svg, dot, html or json, not '%s'\n",
			     arg);
		return false;
	}
	a->fmt = (enum graph_format)f;
	return true;
}

/* The trace to draw, into *res (allocated), traced in *ctx (the hops point
 * into its routes: freed after the drawing): 0, or the exit status to end
 * with (said). */
static int graph_trace(const struct model *m, const struct graph_args *ga,
		       struct trace_result **res, struct trace_ctx **ctx)
{
	struct trace_query q = {.from = ga->from,
				.to = ga->to,
				.proto = ga->proto,
				.port = ga->port,
				.src_port = -1,
				.size = -1};
	char err[256];
	*res = malloc(sizeof(**res));
	if (!*res || trace_ctx_build(m, ctx)) {
		report_textf(stderr, "vpcsim graph: out of memory\n");
		return EXIT_USAGE;
	}
	int rc = cli_trace_run(m, *ctx, &q, *res, NULL, err, sizeof(err));
	if (rc) {
		report_textf(stderr, "vpcsim graph: --trace: %s\n", err);
		return EXIT_USAGE;
	}
	return 0;
}

static int graph_run(void *ctx, const struct cli_args *a, struct model *m, struct diag_list *diag)
{
	struct graph_args *ga = ctx;
	struct trace_result *res = NULL;
	struct trace_ctx *tctx = NULL;
	struct graph *g = NULL;
	struct cli_file out = {0};
	FILE *f = stdout;
	int rc = EXIT_USAGE;
	char err[256] = "";

	(void)diag;
	if (ga->from && (rc = graph_trace(m, ga, &res, &tctx)) != 0)
		goto out;
	rc = EXIT_USAGE;
	struct graph_opts o = {.focus = ga->focus, .trace = res, .title = a->operands[0]};
	int grc = graph_build(m, &o, &g, err, sizeof(err));
	if (grc) {
		if (grc == VS_ENOTFOUND || grc == VS_EINVAL)
			report_textf(stderr, "vpcsim graph: %s\n", err);
		else
			report_textf(stderr, "vpcsim graph: %s\n", vs_strerror(grc));
		goto out;
	}
	if (ga->out) {
		if (!cli_file_open("vpcsim graph", ga->out, &out))
			goto out;
		f = out.f;
	}
	grc = graph_write(g, ga->fmt, f);
	if (grc == VS_EUNSUPPORTED) {
		report_textf(stderr, "vpcsim graph: Graphviz could not lay the diagram out\n");
		goto out;
	}
	/* VS_EIO: said by cli_file_close for -o, by main() for standard output */
	if (grc && grc != VS_EIO) {
		report_textf(stderr, "vpcsim graph: %s\n", vs_strerror(grc));
		goto out;
	}
	rc = res && !res->reachable ? EXIT_NO : EXIT_YES;
out:
	/* -o FILE: in place only when every write went through (an I/O error
	 * is said by cli_file_close) */
	if (ga->out && !cli_file_close("vpcsim graph", &out, rc != EXIT_USAGE))
		rc = EXIT_USAGE;
	graph_free(g);
	trace_ctx_free(tctx);
	free(res);
	return rc;
}

static const struct cli_opt graph_opts[] = {
	{"format", 'F', "F", 0, NULL,
	 "svg (default), dot (Graphviz's text), html (one self-contained page holding the SVG) "
	 "or json (the clusters, nodes, edges and trace as data; no layout)",
	 CLI_CALL},
	{"output", 'o', "FILE", CLI_SHORT, NULL, "write to FILE instead of standard output",
	 CLI_INTO(struct graph_args, out)},
	{"focus", 'c', "ID", 0, NULL, "a VPC or transit gateway and its direct neighbours only",
	 CLI_INTO(struct graph_args, focus)},
	{"trace", 0, "FROM TO", CLI_HELP_ONLY, NULL,
	 "draw the forward path of the flow FROM -> TO over the diagram, numbered, each hop with "
	 "what decided it, and, when it arrives, the reply's path dashed (r1, r2, ...); a blocked "
	 "hop in red with its explanation code (FROM and TO as vpcsim trace takes them)",
	 CLI_CALL},
	{"proto", 'p', "P", 0, NULL, "the traced flow's protocol (default tcp)", CLI_CALL},
	{"port", 'P', "N", 0, CLI_NUM_PORT,
	 "its destination port (default 443 for tcp, 53 for udp)",
	 CLI_INTO(struct graph_args, port)},
	{NULL},
};

static const struct cli_cmd graph_cmd = {
	.prog = "vpcsim graph",
	.about = "Draw the network as AWS architecture diagrams are drawn: accounts and\n"
		 "regions, VPCs with their CIDRs, Availability Zones, public and private\n"
		 "subnets, gateways and endpoints, transit gateways and peering between VPCs,\n"
		 "Direct Connect and VPN out to the sites, load balancers before their\n"
		 "targets.  Laid out by Graphviz.\n",
	.tail = "Node ids in the SVG and the JSON are the AWS resource ids.\n"
		"Exit status: 0 drawn (and a traced flow reachable), 1 the traced flow is\n"
		"not reachable, 2 could not run.\n",
	.opts = graph_opts,
	.operands = &cli_snapshot_only,
	.option = graph_option,
	.run = graph_run,
};

int cmd_graph(int argc, char **argv)
{
	struct graph_args a = {.fmt = GRAPH_SVG, .proto = -1, .port = -1};
	/* --trace takes two values, which getopt cannot: taken out first */
	char **args = malloc(((size_t)argc + 1) * sizeof(*args));
	int n = 0, rc;
	if (!args) {
		report_textf(stderr, "vpcsim graph: out of memory\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		if (i > 0 && !strcmp(argv[i], "--")) {
			while (i < argc)
				args[n++] = argv[i++];
			break;
		}
		if (i == 0 || strcmp(argv[i], "--trace")) {
			args[n++] = argv[i];
			continue;
		}
		if (i + 2 >= argc) {
			report_textf(stderr, "vpcsim graph: --trace takes FROM and TO\n");
			cli_usage(&graph_cmd, stderr);
			free(args);
			return EXIT_USAGE;
		}
		a.from = argv[i + 1];
		a.to = argv[i + 2];
		i += 2;
	}
	args[n] = NULL;
	/* parsed once for what needs the whole command line (--proto
	 * without --trace), then by cli_main() as every command is */
	struct cli_args ca;
	if (!cli_parse(&graph_cmd, &a, n, args, &ca, &rc)) {
		free(args);
		return rc;
	}
	if (!a.from && (a.proto >= 0 || a.port >= 0)) {
		report_textf(stderr, "vpcsim graph: --proto and --port go with --trace\n");
		free(args);
		return EXIT_USAGE;
	}
	rc = cli_main(&graph_cmd, &a, n, args);
	free(args);
	return rc;
}
