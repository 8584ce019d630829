/*
 * DOC: render -- the graph written as one JSON document (vpcsim/graph.h)
 *
 * The description as data, for the user's own tools: the clusters, nodes,
 * edges and trace edges in the order graph.c made them (the snapshot's),
 * so the same graph gives the same bytes.  No layout: Graphviz is not
 * called.  Labels are stored DOT-escaped (graph_int.h); here they are
 * plain text again, each DOT line break a newline, with the escapes the
 * text output makes for control characters kept (report_text_esc()).
 */
#include <stdlib.h>
#include <string.h>

#include "render/graph_int.h"
#include "vpcsim/error.h"
#include "vpcsim/report.h"

/* @dot (a DOT-escaped label) as text into a new string (free() it), or
 * NULL out of memory: "\n" and "\l" a newline, none at the end, "\X" X. */
static char *gj_label(const char *dot)
{
	char *s = malloc(strlen(dot) + 1), *o = s;
	if (!s)
		return NULL;
	for (const char *p = dot; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 'n' || *p == 'l' ? '\n' : *p;
		} else {
			*o++ = *p;
		}
	}
	if (o > s && o[-1] == '\n')
		o--;
	*o = '\0';
	return s;
}

/* @o gets @key: @label as text; false out of memory. */
static bool gj_add_label(cJSON *o, const char *key, const char *label)
{
	char *s = gj_label(label ? label : "");
	bool ok = s && cJSON_AddStringToObject(o, key, s);
	free(s);
	return ok;
}

/* The id of cluster @i, or JSON null for -1 (the top). */
static bool gj_add_cluster_ref(cJSON *o, const char *key, const struct graph *g, int i)
{
	return i >= 0 ? cJSON_AddStringToObject(o, key, g->clusters[i].id) != NULL :
			cJSON_AddNullToObject(o, key) != NULL;
}

/* A new object appended to @arr, or NULL. */
static cJSON *gj_item(cJSON *arr)
{
	cJSON *o = cJSON_CreateObject();
	if (o && !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		o = NULL;
	}
	return o;
}

/* A cluster or node into @arr: its id, label, kind and the cluster
 * holding it (@c, -1 at the top) under @in; false out of memory. */
static bool gj_add_box(cJSON *arr, const struct graph *g, const char *id, const char *label,
		       const char *kind, const char *in, int c)
{
	cJSON *o = gj_item(arr);
	return o && cJSON_AddStringToObject(o, "id", id) && gj_add_label(o, "label", label) &&
	       cJSON_AddStringToObject(o, "kind", kind) && gj_add_cluster_ref(o, in, g, c);
}

static cJSON *gj_doc(const struct graph *g)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *cl = cJSON_AddArrayToObject(root, "clusters");
	cJSON *nd = cJSON_AddArrayToObject(root, "nodes");
	cJSON *ed = cJSON_AddArrayToObject(root, "edges");
	cJSON *tr = g->n_trace ? cJSON_AddArrayToObject(root, "trace") : NULL;
	bool ok = root && cl && nd && ed && (tr || !g->n_trace);

	for (uint32_t i = 0; ok && i < g->n_clusters; i++) {
		const struct gr_cluster *c = &g->clusters[i];
		ok = gj_add_box(cl, g, c->id, c->label, c->kind, "parent", c->parent);
	}
	for (uint32_t i = 0; ok && i < g->n_nodes; i++) {
		const struct gr_node *n = &g->nodes[i];
		ok = gj_add_box(nd, g, n->id, n->label, n->kind, "cluster", n->cluster);
	}
	for (uint32_t i = 0; ok && i < g->n_edges; i++) {
		const struct gr_edge *e = &g->edges[i];
		cJSON *o = gj_item(e->trace ? tr : ed);
		ok = o && (!e->trace || cJSON_AddNumberToObject(o, "hop", e->trace_no)) &&
		     (!e->trace ||
		      cJSON_AddStringToObject(o, "path", e->ret ? "return" : "forward")) &&
		     cJSON_AddStringToObject(o, "from", e->from) &&
		     cJSON_AddStringToObject(o, "to", e->to) &&
		     gj_add_label(o, "label", e->label) &&
		     (e->trace ? cJSON_AddBoolToObject(o, "blocked", e->blocked) :
				 cJSON_AddStringToObject(o, "kind", e->kind)) != NULL;
	}
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int gr_json_write(const struct graph *g, FILE *f)
{
	cJSON *doc = gj_doc(g);
	if (!doc || !report_json_print(doc, f))
		return VS_ENOMEM;
	return ferror(f) ? VS_EIO : 0;
}
