/*
 * DOC: graph -- the topology drawn as an AWS architecture diagram
 *
 * graph_build() turns a model into a graph description: accounts and
 * regions as the outer clusters, each VPC (with its CIDRs) a cluster, its
 * Availability Zones sub-clusters, its subnets inside them (public when the
 * subnet's route table sends 0.0.0.0/0 or ::/0 to an internet gateway) with
 * their instances, NAT gateways and databases; the VPC's gateways and
 * endpoints and load balancers on the VPC (an edge from each load balancer
 * to its targets); transit gateways between VPCs (an edge per attachment),
 * peering connections as edges between VPCs; Direct Connect gateways,
 * virtual interfaces and VPN connections out to the Sites.  Optionally with
 * a trace result drawn over it: the forward path as a numbered line, each
 * edge labelled with the hops it stands for (component, action, what
 * decided it), a blocked hop in red with its explanation codes; and, when
 * the reply was traced (the forward path arrived), the return path the
 * same way, dashed, its hops numbered r1, r2, ... (the way back may take
 * another route table or link).
 *
 * graph_write() emits it as Graphviz DOT text, as SVG laid out by
 * Graphviz's dot (libgvc, libcgraph), or as one self-contained HTML file
 * holding that SVG.  Every node and cluster carries its AWS resource id as
 * its SVG id (`<g id="vpc-0abc..." class="cluster vpc">`), the trace's
 * edges "trace-N" with the classes "trace-hop", "return" on the return
 * path and, when blocked, "blocked".  The same model and options give the same bytes.
 *
 * As JSON (GRAPH_JSON, no layout, no Graphviz) it is one document of the
 * description itself, every array in the graph's order (the snapshot's):
 *   {"clusters": [{"id", "label", "kind", "parent"}],
 *    "nodes":    [{"id", "label", "kind", "cluster"}],
 *    "edges":    [{"from", "to", "label", "kind"}],
 *    "trace":    [{"hop", "path", "from", "to", "label", "blocked"}]}
 * ids are the AWS ids (ours for "account-...", "region-...", "az-...",
 * "info-<subnet>", "internet", "trace-start"); a cluster's "parent" and a
 * node's "cluster" are a cluster id or null at the top; an edge's ends
 * are node or cluster ids (a VPC is a cluster); "kind" is the SVG class
 * ("vpc", "subnet public", "transit-gateway", "tgw-attachment", ...);
 * labels are plain text, lines split by "\n".  "trace" is there only
 * with a trace: "hop" numbers its edges from 1, forward then return,
 * "path" is "forward" or "return", "label" is the numbers of the trace's
 * hops the edge stands for ("2-3", "r1-r4"), with " x CODE" (the
 * explanation code) when "blocked": one of them was.
 *
 * Ownership: the graph copies what it prints; the model and trace result
 * may be freed after graph_build().  Thread-safety: graph_build() keeps no
 * state; graph_write() of SVG or HTML is not thread-safe (Graphviz keeps
 * global state): one at a time per process.
 */
#ifndef VPCSIM_GRAPH_H
#define VPCSIM_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vpcsim/model.h"
#include "vpcsim/trace.h"

enum graph_format {
	GRAPH_DOT = 0,
	GRAPH_SVG,
	GRAPH_HTML,
	GRAPH_JSON,
};

/* "dot", "svg", "html" or "json" (any case); -1 otherwise. */
int graph_format_parse(const char *s);

struct graph_opts {
	/* A VPC or transit gateway id: it and its direct neighbours only
	 * (peered VPCs and attached transit gateways of a VPC; the VPCs, VPN
	 * connections, Direct Connect gateways and peer TGWs attached to a
	 * TGW).  NULL: the whole snapshot. */
	const char *focus;
	/* The forward path of this trace drawn over the diagram; NULL: none. */
	const struct trace_result *trace;
	/* Shown as the diagram's title (the snapshot path); may be NULL. */
	const char *title;
};

struct graph;

/*
 * The description of @m's diagram into *out (free with graph_free()).
 * Errors: VS_ENOTFOUND when @o->focus names nothing, VS_EINVAL when it
 * names something that is neither a VPC nor a transit gateway (@err, may be
 * NULL, says which), VS_ENOMEM.  @o may be NULL.
 */
int graph_build(const struct model *m, const struct graph_opts *o, struct graph **out, char *err,
		size_t errlen);
void graph_free(struct graph *g); /* NULL is a no-op */

/* What the diagram holds under an id, for tests and callers. */
struct graph_item {
	bool cluster;      /* a cluster (account, region, VPC, zone, subnet), else a node */
	bool on_trace;     /* an end of a trace edge */
	bool blocked;      /* the trace was blocked at it */
	const char *kind;  /* "vpc", "subnet", "internet-gateway", ... */
	const char *label; /* its label as drawn (DOT-escaped) */
};
/* True, with *it filled when @it is not NULL, when @id is drawn. */
bool graph_lookup(const struct graph *g, const char *id, struct graph_item *it);
/* The trace's edges (0 without a trace), and whether edge @i is blocked. */
uint32_t graph_trace_edges(const struct graph *g);
bool graph_trace_edge_blocked(const struct graph *g, uint32_t i);

/*
 * @g as @fmt to @f.  0; VS_ENOMEM; VS_EIO when writing @f failed;
 * VS_EUNSUPPORTED when Graphviz could not lay the graph out (SVG, HTML).
 */
int graph_write(const struct graph *g, enum graph_format fmt, FILE *f);

/*
 * @g laid out as SVG into a new buffer *out of *len bytes (free() it):
 * for callers that embed it (the web console).  0, VS_ENOMEM or
 * VS_EUNSUPPORTED.
 */
int graph_svg(const struct graph *g, char **out, size_t *len);
/* The <svg> element inside @svg (what graph_svg() gave), without the XML
 * prolog and doctype: what HTML embeds. */
const char *graph_svg_element(const char *svg);

#endif
