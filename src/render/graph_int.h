/*
 * DOC: render -- the graph description (private to src/render/)
 *
 * What graph.c builds and graph_write.c prints.  Every string is in the
 * graph's arena; labels are already escaped and quoted for DOT.
 */
#ifndef VPCSIM_RENDER_GRAPH_INT_H
#define VPCSIM_RENDER_GRAPH_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vpcsim/graph.h"

struct arena;
struct hmap;

struct gr_cluster {
	const char *id;    /* the AWS id (VPC, subnet) or one of ours ("region-...") */
	const char *label; /* DOT-escaped */
	const char *kind;  /* "account", "region", "vpc", "az", "subnet public", ... */
	int parent;        /* index, -1 at the top */
};

struct gr_node {
	const char *id; /* the AWS id; "info-<subnet>", "internet", "trace-start" ours */
	const char *label;
	const char *kind; /* model_kind_name(), or "subnet-info", "internet", ... */
	int cluster;      /* index, -1 at the top */
	bool subnet_info; /* the node standing for its subnet (edges to it) */
	bool on_trace, blocked;
};

struct gr_edge {
	const char *from, *to; /* node or cluster ids */
	const char *kind;      /* "peering", "tgw-attachment", "lb-target", "trace", ... */
	const char *label;
	bool trace, blocked;
	bool ret;          /* a trace edge of the return path */
	uint32_t trace_no; /* 1.. for the trace's edges, forward then return */
};

/* What the id index holds. */
struct gr_ref {
	bool cluster;
	uint32_t i;
};

struct graph {
	struct arena *arena;
	struct gr_cluster *clusters;
	uint32_t n_clusters, cap_clusters;
	struct gr_node *nodes;
	uint32_t n_nodes, cap_nodes;
	struct gr_edge *edges;
	uint32_t n_edges, cap_edges;
	uint32_t n_trace;
	const char *title;     /* DOT-escaped, or NULL */
	const char *title_raw; /* as given, or NULL */
	struct hmap *by_id, *cluster_keys, *edge_keys;
	bool oom;
};

/* What graph_build() keeps while it builds. */
struct gr_build {
	const struct model *m;
	struct graph *g;
	bool all;              /* no --focus */
	bool *vpc_in, *tgw_in; /* drawn, by model index */
	int *vpc_cl;           /* each drawn VPC's cluster */
	char anchor_buf[320];
};

/* A growing string (label text). */
struct gr_sb {
	char *buf;
	size_t len, cap;
	bool oom;
};
void gr_sb_putc(struct gr_sb *b, char c);
void gr_sb_raw(struct gr_sb *b, const char *s);
void gr_sb_text(struct gr_sb *b, const char *s, size_t max);

/* @g as the JSON document of vpcsim/graph.h (graph_json.c): 0, VS_ENOMEM
 * or VS_EIO. */
int gr_json_write(const struct graph *g, FILE *f);

#endif
