/*
 * DOC: render -- the graph written as DOT, SVG or HTML (vpcsim/graph.h)
 *
 * DOT is the one description: SVG is Graphviz's dot layout of that text
 * (libcgraph reads it, libgvc lays it out and renders it), HTML wraps the
 * SVG.  Graphviz runs with its dot layout and core renderers linked in
 * (gvContextPlugins() with no demand loading): no plugin configuration is
 * read and no font library is asked, so text is measured by Graphviz's
 * own metrics tables and the same DOT gives the same SVG on every machine
 * with this Graphviz version.  Colours follow the AWS architecture icons'
 * groups (AWS Cloud, Region, VPC, Availability Zone, public and private
 * subnet).
 */
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/hmap.h"
#include "render/graph_int.h"
#include "vpcsim/error.h"
#include "vpcsim/report.h"

extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;

struct gw_style {
	const char *kind;
	const char *attrs;
};

/* clang-format off */
static const struct gw_style gw_clusters[] = {
	{"account", "color=\"#232f3e\", fontcolor=\"#232f3e\", style=solid, penwidth=1.5"},
	{"region", "color=\"#00a4a6\", fontcolor=\"#00a4a6\", style=dashed"},
	{"vpc", "color=\"#8c4fff\", fontcolor=\"#8c4fff\", style=solid, penwidth=1.5"},
	{"az", "color=\"#147eba\", fontcolor=\"#147eba\", style=dashed"},
	{"subnet public", "color=\"#7aa116\", fontcolor=\"#248814\", style=filled, fillcolor=\"#f2f6e8\""},
	{"subnet private", "color=\"#00a4a6\", fontcolor=\"#147eba\", style=filled, fillcolor=\"#e6f6f7\""},
	{"outside", "color=\"#7d8998\", fontcolor=\"#5a6b86\", style=dashed"},
};

static const struct gw_style gw_nodes[] = {
	{"instance", "color=\"#ed7100\""},
	{"db-instance", "color=\"#c925d1\""},
	{"network-interface", "color=\"#ed7100\", style=\"rounded,dashed\""},
	{"load-balancer", "color=\"#8c4fff\", shape=box"},
	{"internet-gateway", "color=\"#8c4fff\""},
	{"egress-only-internet-gateway", "color=\"#8c4fff\""},
	{"nat-gateway", "color=\"#8c4fff\""},
	{"vpc-endpoint", "color=\"#8c4fff\""},
	{"vpn-gateway", "color=\"#8c4fff\""},
	{"transit-gateway", "color=\"#8c4fff\", penwidth=2"},
	{"vpn-connection", "color=\"#8c4fff\""},
	{"customer-gateway", "color=\"#5a6b86\""},
	{"direct-connect-gateway", "color=\"#8c4fff\""},
	{"virtual-interface", "color=\"#8c4fff\""},
	{"site", "color=\"#5a6b86\", shape=box3d, style=solid"},
	{"internet", "color=\"#5a6b86\", shape=ellipse, style=solid"},
	{"subnet-info", "shape=plaintext, style=solid"},
	{"placeholder", "shape=plaintext, style=solid, fontcolor=\"#7d8998\""},
	{"trace-start", "shape=note, style=solid, color=\"#0073bb\", fontcolor=\"#0073bb\""},
};

static const struct gw_style gw_edges[] = {
	{"peering", "dir=both, style=dashed, color=\"#8c4fff\", fontcolor=\"#8c4fff\""},
	{"tgw-attachment", "dir=none, color=\"#8c4fff\", fontcolor=\"#8c4fff\""},
	{"tgw-link", "dir=none, color=\"#8c4fff\", fontcolor=\"#8c4fff\""},
	{"lb-target", "color=\"#ed7100\", fontcolor=\"#ed7100\""},
	{"internet", "dir=none, color=\"#5a6b86\""},
	{"vgw-attachment", "dir=none, color=\"#8c4fff\""},
	{"vpn", "dir=none, style=dashed, color=\"#5a6b86\""},
	{"dx", "dir=none, penwidth=2, color=\"#5a6b86\", fontcolor=\"#5a6b86\""},
	{"site", "dir=none, style=dashed, color=\"#5a6b86\""},
};
/* clang-format on */

static const char *gw_style(const struct gw_style *t, size_t n, const char *kind)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].kind, kind))
			return t[i].attrs;
	return "";
}

#define GW_STYLE(t, k) gw_style(t, sizeof(t) / sizeof(t[0]), k)

/* An id or kind (ours or the snapshot's) as a DOT string. */
static void gw_q(FILE *f, const char *s)
{
	struct gr_sb b = {0};
	gr_sb_text(&b, s, 0);
	fputc('"', f);
	if (b.buf)
		fputs(b.buf, f);
	fputc('"', f);
	free(b.buf);
}

/* The node an edge to @id is drawn to (itself, or a cluster's first node)
 * and, for a cluster, its DOT name for lhead/ltail. */
static int gw_end(const struct graph *g, const int *rep, const char *id, int *cl)
{
	const struct gr_ref *r = hmap_get_str(g->by_id, id);
	*cl = -1;
	if (!r)
		return -1;
	if (!r->cluster)
		return (int)r->i;
	*cl = (int)r->i;
	return rep[r->i];
}

static void gw_cluster(FILE *f, const struct graph *g, int c, int depth, const int *first_child,
		       const int *next_sib, const int *first_node, const int *next_node)
{
	const struct gr_cluster *cl = &g->clusters[c];
	fprintf(f, "%*ssubgraph \"cluster_%d\" {\n", depth * 2, "", c);
	fprintf(f, "%*s  id=", depth * 2, "");
	gw_q(f, cl->id);
	fprintf(f, "; class=");
	gw_q(f, cl->kind);
	fprintf(f, "; label=\"%s\";\n%*s  graph [%s];\n", cl->label ? cl->label : "", depth * 2, "",
		GW_STYLE(gw_clusters, cl->kind));
	for (int k = first_child[c]; k >= 0; k = next_sib[k])
		gw_cluster(f, g, k, depth + 1, first_child, next_sib, first_node, next_node);
	for (int n = first_node[c]; n >= 0; n = next_node[n]) {
		const struct gr_node *nd = &g->nodes[n];
		fprintf(f, "%*s  ", depth * 2, "");
		gw_q(f, nd->id);
		fputs(" [id=", f);
		gw_q(f, nd->id);
		fprintf(f, ", class=\"%s%s%s\", label=\"%s\"%s%s%s];\n", nd->kind,
			nd->on_trace ? " on-trace" : "", nd->blocked ? " blocked" : "", nd->label,
			*GW_STYLE(gw_nodes, nd->kind) ? ", " : "", GW_STYLE(gw_nodes, nd->kind),
			nd->blocked ? ", color=\"#d13212\", penwidth=3" : "");
	}
	fprintf(f, "%*s}\n", depth * 2, "");
}

/* Appends @item to @owner's list, kept as index arrays (first[owner],
 * next[item], last[owner]; -1 ends a list), so that items stay in order. */
static void gw_list_append(int *first, int *next, int *last, int owner, int item)
{
	if (last[owner] < 0)
		first[owner] = item;
	else
		next[last[owner]] = item;
	last[owner] = item;
}

static int gw_dot(const struct graph *g, FILE *f)
{
	uint32_t nc = g->n_clusters, nn = g->n_nodes;
	int *first_child = malloc((nc + 1) * sizeof(int)),
	    *next_sib = malloc((nc + 1) * sizeof(int));
	int *first_node = malloc((nc + 1) * sizeof(int)),
	    *next_node = malloc((nn + 1) * sizeof(int));
	int *rep = malloc((nc + 1) * sizeof(int));
	int *last_child = malloc((nc + 1) * sizeof(int)),
	    *last_node = malloc((nc + 1) * sizeof(int));
	int rc = VS_ENOMEM;
	if (!first_child || !next_sib || !first_node || !next_node || !rep || !last_child ||
	    !last_node)
		goto out;
	for (uint32_t i = 0; i < nc; i++)
		first_child[i] = next_sib[i] = first_node[i] = rep[i] = last_child[i] =
			last_node[i] = -1;
	/* children in creation order: the snapshot's */
	for (uint32_t i = 0; i < nc; i++) {
		int p = g->clusters[i].parent;
		if (p < 0)
			continue;
		gw_list_append(first_child, next_sib, last_child, p, (int)i);
	}
	for (uint32_t i = 0; i < nn; i++) {
		next_node[i] = -1;
		int c = g->nodes[i].cluster;
		if (c < 0)
			continue;
		gw_list_append(first_node, next_node, last_node, c, (int)i);
		/* an edge to a cluster ends at its first node, a subnet's
		 * CIDR node when there is one */
		for (int k = c; k >= 0; k = g->clusters[k].parent)
			if (rep[k] < 0 ||
			    (g->nodes[i].subnet_info && !g->nodes[rep[k]].subnet_info))
				rep[k] = (int)i;
	}

	fputs("digraph \"vpcsim\" {\n", f);
	fputs("  graph [id=\"vpcsim-graph\", compound=true, newrank=true, rankdir=TB, "
	      "fontname=\"Helvetica\", fontsize=12, nodesep=0.25, ranksep=0.5, "
	      "labelloc=t, labeljust=l",
	      f);
	if (g->title)
		fprintf(f, ", label=\"%s\"", g->title);
	fputs("];\n", f);
	fputs("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=rounded, "
	      "margin=\"0.1,0.04\"];\n",
	      f);
	fputs("  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n", f);
	for (uint32_t i = 0; i < nc; i++)
		if (g->clusters[i].parent < 0)
			gw_cluster(f, g, (int)i, 1, first_child, next_sib, first_node, next_node);
	for (uint32_t i = 0; i < nn; i++) {
		const struct gr_node *nd = &g->nodes[i];
		if (nd->cluster >= 0)
			continue;
		fputs("  ", f);
		gw_q(f, nd->id);
		fputs(" [id=", f);
		gw_q(f, nd->id);
		fprintf(f, ", class=\"%s%s\", label=\"%s\"%s%s];\n", nd->kind,
			nd->blocked ? " blocked" : "", nd->label,
			*GW_STYLE(gw_nodes, nd->kind) ? ", " : "", GW_STYLE(gw_nodes, nd->kind));
	}
	/* an Availability Zone's subnets stacked, public above private, and
	 * a VPC's gateways above its zones, as architecture diagrams draw
	 * them (invisible edges: they only order the ranks) */
	for (uint32_t i = 0; i < nc; i++) {
		if (strcmp(g->clusters[i].kind, "az"))
			continue;
		int prev = -1;
		for (int pub = 1; pub >= 0; pub--)
			for (int k = first_child[i]; k >= 0; k = next_sib[k]) {
				int is_pub = strcmp(g->clusters[k].kind, "subnet public") == 0;
				if (rep[k] < 0 || is_pub != pub)
					continue;
				if (prev >= 0) {
					fputs("  ", f);
					gw_q(f, g->nodes[prev].id);
					fputs(" -> ", f);
					gw_q(f, g->nodes[rep[k]].id);
					fputs(" [style=invis];\n", f);
				}
				prev = rep[k];
			}
	}
	for (uint32_t i = 0; i < nn; i++) {
		int c = g->nodes[i].cluster;
		if (c < 0 || strcmp(g->clusters[c].kind, "vpc") || first_child[c] < 0 ||
		    rep[first_child[c]] < 0 || !strcmp(g->nodes[i].kind, "load-balancer"))
			continue;
		fputs("  ", f);
		gw_q(f, g->nodes[i].id);
		fputs(" -> ", f);
		gw_q(f, g->nodes[rep[first_child[c]]].id);
		fputs(" [style=invis];\n", f);
	}
	for (uint32_t i = 0; i < g->n_edges; i++) {
		const struct gr_edge *e = &g->edges[i];
		int cf, ct;
		int from = gw_end(g, rep, e->from, &cf), to = gw_end(g, rep, e->to, &ct);
		if (from < 0 || to < 0 || (from == to && !e->trace))
			continue;
		fputs("  ", f);
		gw_q(f, g->nodes[from].id);
		fputs(" -> ", f);
		gw_q(f, g->nodes[to].id);
		fputs(" [", f);
		if (e->trace) {
			/* over the diagram: the trace does not move the layout */
			/* blocked red; forward blue, the return path green and
			 * dashed */
			const char *c = e->blocked ? "#d13212" : e->ret ? "#1d8102" : "#0073bb";
			fprintf(f,
				"id=\"trace-%u\", class=\"trace-hop%s%s\", constraint=false, "
				"penwidth=2.5, color=\"%s\", fontcolor=\"%s\", %s"
				"xlabel=\"%s\"",
				(unsigned)e->trace_no, e->ret ? " return" : "",
				e->blocked ? " blocked" : "", c, c, e->ret ? "style=dashed, " : "",
				e->label);
		} else {
			fprintf(f, "class=");
			gw_q(f, e->kind);
			fprintf(f, ", label=\"%s\", %s", e->label, GW_STYLE(gw_edges, e->kind));
			/* clusters as edge ends stop it at the border; an edge
			 * inside its own cluster cannot */
			if (cf >= 0 && ct != cf)
				fprintf(f, ", ltail=\"cluster_%d\"", cf);
			if (ct >= 0 && ct != cf)
				fprintf(f, ", lhead=\"cluster_%d\"", ct);
		}
		fputs("];\n", f);
	}
	fputs("}\n", f);
	rc = ferror(f) ? VS_EIO : 0;
out:
	free(first_child);
	free(next_sib);
	free(first_node);
	free(next_node);
	free(rep);
	free(last_child);
	free(last_node);
	return rc;
}

/*
 * Graphviz's default ID discipline names an object by the address of its
 * interned name and orders subgraphs by ID, so a second layout in one
 * process (vpcsim serve draws many) can take the clusters in another
 * order and lay them out differently.  This one numbers names in the
 * order the DOT text first mentions them, per graph: the same text, the
 * same IDs, the same layout, every time.  Named objects get even IDs,
 * anonymous ones (edges) odd ones, as Graphviz's own does.
 */
struct gw_ids {
	Agraph_t *g;
	struct hmap *by_name; /* our copy of the name -> index + 1 */
	char **names;         /* index -> the name interned in @g, NULL once freed */
	char **keys;          /* index -> our copy (the map's key) */
	size_t n, cap;
	IDTYPE anon;
};

static void *gw_id_open(Agraph_t *g, Agdisc_t *disc)
{
	(void)disc;
	struct gw_ids *s = calloc(1, sizeof(*s));
	if (s) {
		s->g = g;
		s->anon = 1;
		s->by_name = hmap_new(256);
		if (!s->by_name) {
			free(s);
			s = NULL;
		}
	}
	return s;
}

static long gw_id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	struct gw_ids *s = state;
	(void)objtype;
	if (!str) {
		*id = s->anon;
		s->anon += 2;
		return 1;
	}
	uintptr_t i = (uintptr_t)hmap_get_str(s->by_name, str);
	if (i && s->names[i - 1]) {
		*id = (IDTYPE)(2 * i);
		return 1;
	}
	if (!createflag)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		char **nn = realloc(s->names, cap * sizeof(*nn));
		if (!nn)
			return 0;
		s->names = nn;
		char **nk = realloc(s->keys, cap * sizeof(*nk));
		if (!nk)
			return 0;
		s->keys = nk;
		s->cap = cap;
	}
	char *key = strdup(str);
	if (!key || hmap_put_str(s->by_name, key, (void *)(uintptr_t)(s->n + 1), NULL)) {
		free(key);
		return 0;
	}
	s->keys[s->n] = key;
	s->names[s->n] = agstrdup(s->g, str);
	s->n++;
	*id = (IDTYPE)(2 * s->n);
	return 1;
}

static long gw_id_alloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 0; /* no IDs chosen by the caller */
}

static void gw_id_free(void *state, int objtype, IDTYPE id)
{
	struct gw_ids *s = state;
	(void)objtype;
	size_t i = (size_t)(id / 2);
	if (id % 2 == 0 && i >= 1 && i <= s->n && s->names[i - 1]) {
		agstrfree(s->g, s->names[i - 1]);
		s->names[i - 1] = NULL;
	}
}

static char *gw_id_print(void *state, int objtype, IDTYPE id)
{
	struct gw_ids *s = state;
	(void)objtype;
	size_t i = (size_t)(id / 2);
	return id % 2 == 0 && i >= 1 && i <= s->n ? s->names[i - 1] : NULL;
}

static void gw_id_close(void *state)
{
	struct gw_ids *s = state;
	if (!s)
		return;
	hmap_free(s->by_name);
	for (size_t i = 0; i < s->n; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->names);
	free(s);
}

static void gw_id_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t gw_id_disc = {gw_id_open,  gw_id_map,   gw_id_alloc,   gw_id_free,
				gw_id_print, gw_id_close, gw_id_register};

/* Reading the DOT text from memory, a line at a time as from a file. */
struct gw_reader {
	const char *p, *end;
};

static int gw_read(void *chan, char *buf, int bufsize)
{
	struct gw_reader *r = chan;
	int n = 0;
	while (r->p < r->end && n < bufsize - 1) {
		char c = *r->p++;
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	return n;
}

static Agraph_t *gw_parse(const char *dot, size_t len)
{
	static Agiodisc_t io = {gw_read, NULL, NULL};
	io.putstr = AgIoDisc.putstr;
	io.flush = AgIoDisc.flush;
	Agdisc_t disc = {&AgMemDisc, &gw_id_disc, &io};
	struct gw_reader r = {dot, dot + len};
	return agread(&r, &disc);
}

int graph_svg(const struct graph *g, char **out, size_t *len)
{
	static lt_symlist_t builtins[] = {
		{"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
		{"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
		{NULL, NULL},
	};
	char *dot = NULL;
	size_t dl = 0;
	*out = NULL;
	*len = 0;
	FILE *f = open_memstream(&dot, &dl);
	if (!f)
		return VS_ENOMEM;
	int rc = gw_dot(g, f);
	if (fclose(f) != 0 && !rc)
		rc = VS_ENOMEM;
	if (rc) {
		free(dot);
		return rc;
	}
	/* Graphviz's warnings (a label too wide for its cluster) are not the
	 * user's business; its errors are still said */
	agseterr(AGERR);
	GVC_t *gvc = gvContextPlugins(builtins, 0);
	Agraph_t *ag = gvc ? gw_parse(dot, dl) : NULL;
	free(dot);
	rc = VS_EUNSUPPORTED;
	if (ag && gvLayout(gvc, ag, "dot") == 0) {
		char *data = NULL;
		unsigned int n = 0;
		if (gvRenderData(gvc, ag, "svg", &data, &n) == 0 && data) {
			*out = malloc((size_t)n + 1);
			if (*out) {
				memcpy(*out, data, n);
				(*out)[n] = '\0';
				*len = n;
				rc = 0;
			} else {
				rc = VS_ENOMEM;
			}
		}
		gvFreeRenderData(data);
		gvFreeLayout(gvc, ag);
	}
	if (ag)
		agclose(ag);
	if (gvc)
		gvFreeContext(gvc);
	return rc;
}

/* @s escaped for HTML text and attributes (its controls as text output
 * escapes them). */
static void gw_html_text(FILE *f, const char *s)
{
	size_t n = strlen(s);
	char *esc = malloc(4 * n + 1);
	if (!esc)
		return;
	/* the characters HTML gives a meaning; every other stands for itself */
	static const char *const entity[UCHAR_MAX + 1] = {
		['<'] = "&lt;",
		['>'] = "&gt;",
		['&'] = "&amp;",
		['"'] = "&quot;",
	};
	report_text_esc(s, esc, 4 * n + 1);
	for (const char *p = esc; *p; p++) {
		const char *e = entity[(unsigned char)*p];
		if (e)
			fputs(e, f);
		else
			fputc(*p, f);
	}
	free(esc);
}

/* The SVG without its XML prolog: the element to put inside HTML. */
const char *graph_svg_element(const char *svg)
{
	const char *p = strstr(svg, "<svg");
	return p ? p : svg;
}

int graph_write(const struct graph *g, enum graph_format fmt, FILE *f)
{
	if (fmt == GRAPH_DOT)
		return gw_dot(g, f);
	if (fmt == GRAPH_JSON)
		return gr_json_write(g, f);
	char *svg;
	size_t len;
	int rc = graph_svg(g, &svg, &len);
	if (rc)
		return rc;
	if (fmt == GRAPH_SVG) {
		fwrite(svg, 1, len, f);
	} else {
		fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<title>vpcsim graph",
		      f);
		if (g->title_raw) {
			fputs(": ", f);
			gw_html_text(f, g->title_raw);
		}
		fputs("</title>\n<style>\n"
		      "body { font-family: Helvetica, Arial, sans-serif; margin: 1em; color: "
		      "#232f3e; }\n"
		      "svg { max-width: 100%; height: auto; }\n"
		      ".trace-hop.blocked path { stroke-dasharray: 6 3; }\n"
		      "</style>\n</head>\n<body>\n",
		      f);
		fputs(graph_svg_element(svg), f);
		fputs("</body>\n</html>\n", f);
	}
	free(svg);
	return ferror(f) ? VS_EIO : 0;
}
