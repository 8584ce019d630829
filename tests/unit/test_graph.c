/*
 * DOC: unit tests of the diagram (src/render/, vpcsim/graph.h)
 *
 * On the bundled examples (run from the source tree: tests/unit/meson.build
 * sets the working directory), with the facts examples/README.md states:
 * which VPCs, subnets and gateways there are, which subnets are public
 * (their route table sends 0.0.0.0/0 to the internet gateway), which
 * flows are blocked and where.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include "vpcsim/error.h"
#include "vpcsim/graph.h"
#include "vpcsim/report.h"
#include "vpcsim/trace.h"

static struct model *load_dir(const char *path)
{
	struct diag_list *d = diag_list_new();
	struct model *m = NULL;
	assert_non_null(d);
	int rc = load_snapshot(path, NULL, d, &m);
	if (rc)
		report_diag_print(stderr, d);
	assert_int_equal(rc, 0);
	diag_list_free(d);
	return m;
}

static struct graph *build(const struct model *m, const char *focus, const struct trace_result *t)
{
	struct graph_opts o = {.focus = focus, .trace = t, .title = "test"};
	struct graph *g = NULL;
	char err[256];
	assert_int_equal(graph_build(m, &o, &g, err, sizeof(err)), 0);
	assert_non_null(g);
	return g;
}

static void test_two_tier_holds_every_vpc_and_subnet(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/two-tier");
	struct graph *g = build(m, NULL, NULL);
	struct graph_item it;

	assert_true(m->n_vpcs > 0 && m->n_subnets > 0);
	for (uint32_t i = 0; i < m->n_vpcs; i++) {
		assert_true(graph_lookup(g, m->vpcs[i].obj.id, &it));
		assert_true(it.cluster);
		assert_string_equal(it.kind, "vpc");
		/* the VPC's CIDRs are in its label */
		assert_non_null(strstr(it.label, "10.0.0.0/16"));
		assert_non_null(strstr(it.label, "2600:1f18:4a3:6e00::/56"));
	}
	for (uint32_t i = 0; i < m->n_subnets; i++) {
		assert_true(graph_lookup(g, m->subnets[i].obj.id, &it));
		assert_true(it.cluster);
	}
	/* examples/README.md: public subnets in us-east-1a/b, private ones
	 * routed to the NAT gateway */
	assert_true(graph_lookup(g, "subnet-061bc3f03d49348f0", &it));
	assert_string_equal(it.kind, "subnet public");
	assert_true(graph_lookup(g, "subnet-049ff3084f172375d", &it));
	assert_string_equal(it.kind, "subnet public");
	assert_true(graph_lookup(g, "subnet-098b1ab1f187e5ecf", &it));
	assert_string_equal(it.kind, "subnet private");
	assert_true(graph_lookup(g, "subnet-092a8691ee388c6a8", &it));
	assert_string_equal(it.kind, "subnet private");
	/* the gateways on the VPC, the instances in their subnets */
	assert_true(graph_lookup(g, "igw-05ca5366862b36f3d", &it));
	assert_false(it.cluster);
	assert_string_equal(it.kind, "internet-gateway");
	assert_true(graph_lookup(g, "eigw-0192dff34660a8f3a", NULL));
	assert_true(graph_lookup(g, "nat-057a5c98019e72ce4", NULL));
	assert_true(graph_lookup(g, "vpce-09b0daa797ff6f1f3", NULL));
	assert_true(graph_lookup(g, "i-0dca6359b016372e3", &it));
	assert_string_equal(it.kind, "instance");
	assert_false(graph_lookup(g, "vpc-0000000000000000", NULL));
	assert_int_equal(graph_trace_edges(g), 0);
	graph_free(g);
	model_free(m);
}

static void test_focus_on_a_vpc_drops_unrelated_vpcs(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/hub-spoke");
	/* spoke-1: itself and the transit gateway it is attached to; spoke-2
	 * and the others are the TGW's neighbours, not spoke-1's */
	struct graph *g = build(m, "vpc-0cf4f8e26a4a2314b", NULL);
	assert_true(graph_lookup(g, "vpc-0cf4f8e26a4a2314b", NULL));
	assert_true(graph_lookup(g, "tgw-04e4e86ed1197dca2", NULL));
	assert_false(graph_lookup(g, "vpc-0df12eba19ac7268a", NULL));
	assert_false(graph_lookup(g, "vpc-03bfb0f09c204038b", NULL));
	assert_false(graph_lookup(g, "vpc-0425082b729dcac79", NULL));
	assert_false(graph_lookup(g, "igw-03376769994c2e058", NULL));
	graph_free(g);

	/* the transit gateway: every VPC attached to it */
	g = build(m, "tgw-04e4e86ed1197dca2", NULL);
	assert_true(graph_lookup(g, "vpc-0cf4f8e26a4a2314b", NULL));
	assert_true(graph_lookup(g, "vpc-0df12eba19ac7268a", NULL));
	assert_true(graph_lookup(g, "vpc-03bfb0f09c204038b", NULL));
	assert_true(graph_lookup(g, "vpc-0425082b729dcac79", NULL));
	graph_free(g);

	/* neither a VPC nor a TGW, or nothing at all */
	struct graph_opts o = {.focus = "subnet-0ce5f85ff2ddd81f8"};
	char err[256] = "";
	assert_int_equal(graph_build(m, &o, &g, err, sizeof(err)), VS_EINVAL);
	assert_null(g);
	assert_non_null(strstr(err, "subnet-0ce5f85ff2ddd81f8"));
	o.focus = "vpc-nope";
	assert_int_equal(graph_build(m, &o, &g, err, sizeof(err)), VS_ENOTFOUND);
	assert_non_null(strstr(err, "vpc-nope"));
	model_free(m);
}

static void test_focus_keeps_the_peered_vpc(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/peering-endpoints");
	/* examples/README.md: pcx-08311813ab6165f09 peers these two VPCs */
	const struct model_pcx *p = fixture_find(m, "pcx-08311813ab6165f09", MODEL_PCX);
	assert_non_null(p->requester.vpc);
	assert_non_null(p->accepter.vpc);
	struct graph *g = build(m, p->requester.vpc->obj.id, NULL);
	assert_true(graph_lookup(g, p->accepter.vpc->obj.id, NULL));
	graph_free(g);
	model_free(m);
}

static void trace_flow(const struct model *m, const char *from, const char *to, int port,
		       struct trace_ctx **ctx, struct trace_result *r)
{
	struct trace_query q = {
		.from = from, .to = to, .proto = -1, .port = port, .src_port = -1, .size = -1};
	char err[256];
	assert_int_equal(trace_ctx_build(m, ctx), 0);
	assert_int_equal(trace_run(*ctx, &q, r, err, sizeof(err)), 0);
}

/* The flow @from -> @to on @port traced on @m: the result (free() it),
 * traced in *ctx. */
static struct trace_result *trace_new(const struct model *m, const char *from, const char *to,
				      int port, struct trace_ctx **ctx)
{
	struct trace_result *r = malloc(sizeof(*r));
	assert_non_null(r);
	trace_flow(m, from, to, port, ctx, r);
	return r;
}

/* examples/README.md: web -> db 5432 on two-tier, refused by db-1's
 * security group (web-1 and db-1 are these instances). */
static const char web_1[] = "i-0687c36d594007793", db_1[] = "i-0dca6359b016372e3";

/* That flow: the result (free() it), traced in *ctx. */
static struct trace_result *trace_web_db(const struct model *m, struct trace_ctx **ctx)
{
	return trace_new(m, web_1, db_1, 5432, ctx);
}

static void test_trace_overlay_marks_the_blocked_hop(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/two-tier");
	struct trace_ctx *ctx = NULL;
	struct trace_result *r = trace_web_db(m, &ctx);
	assert_false(r->fwd.reachable);
	struct graph *g = build(m, NULL, r);
	uint32_t n = graph_trace_edges(g), blocked = 0;
	assert_true(n >= 2);
	for (uint32_t i = 0; i < n; i++)
		blocked += graph_trace_edge_blocked(g, i);
	assert_int_equal(blocked, 1);
	/* the last edge, into db-1, is the blocked one */
	assert_true(graph_trace_edge_blocked(g, n - 1));
	struct graph_item it;
	assert_true(graph_lookup(g, "i-0dca6359b016372e3", &it));
	assert_true(it.on_trace);
	assert_true(it.blocked);
	assert_true(graph_lookup(g, "i-0687c36d594007793", &it));
	assert_true(it.on_trace);
	assert_false(it.blocked);

	/* in the SVG: the trace edges carry their class, the blocked one
	 * says why with the explanation code */
	char *svg = NULL;
	size_t len = 0;
	assert_int_equal(graph_svg(g, &svg, &len), 0);
	assert_non_null(strstr(svg, "class=\"edge trace&#45;hop blocked\""));
	assert_non_null(strstr(svg, "ENI_SG_RULES_MISMATCH"));
	free(svg);
	graph_free(g);
	trace_ctx_free(ctx);

	/* app -> the internet through the NAT gateway: nothing blocked */
	trace_flow(m, "i-0d51e72fcfc6fde33", "8.8.8.8", 443, &ctx, r);
	assert_true(r->reachable);
	g = build(m, NULL, r);
	n = graph_trace_edges(g);
	assert_true(n >= 3);
	for (uint32_t i = 0; i < n; i++)
		assert_false(graph_trace_edge_blocked(g, i));
	assert_true(graph_lookup(g, "nat-057a5c98019e72ce4", &it));
	assert_true(it.on_trace);
	assert_true(graph_lookup(g, "igw-05ca5366862b36f3d", &it));
	assert_true(it.on_trace);
	graph_free(g);
	trace_ctx_free(ctx);
	free(r);
	model_free(m);
}

static void test_svg_carries_aws_ids_and_is_deterministic(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/two-tier");
	struct graph *g1 = build(m, NULL, NULL), *g2 = build(m, NULL, NULL);
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	/* one process laying out many times (vpcsim serve): the same bytes */
	assert_int_equal(graph_svg(g1, &a, &la), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(graph_svg(i % 2 ? g1 : g2, &b, &lb), 0);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		free(b);
	}
	assert_int_equal(graph_svg(g2, &b, &lb), 0);
	/* Graphviz writes '-' in ids as a character reference */
	assert_non_null(strstr(a, "<g id=\"vpc&#45;0a8e2a5c8cf6dcc67\" class=\"cluster vpc\">"));
	assert_non_null(strstr(a, "<g id=\"subnet&#45;061bc3f03d49348f0\" class=\"cluster subnet "
				  "public\">"));
	assert_non_null(strstr(a, "<g id=\"i&#45;0dca6359b016372e3\" class=\"node instance\">"));
	assert_ptr_equal(graph_svg_element(a), strstr(a, "<svg"));
	free(a);
	free(b);
	graph_free(g1);
	graph_free(g2);
	model_free(m);
}

static void test_hostile_names_stay_text(void **state)
{
	(void)state;
	static const char snap[] = "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": "
				   "\"10.0.0.0/16\", \"Tags\": "
				   "[{\"Key\": \"Name\", \"Value\": "
				   "\"a\\\"b\\\\c\\n<script>&\\u001b[31m\\u2028x\"}]}],"
				   " \"Subnets\": [{\"SubnetId\": \"subnet-1\", \"VpcId\": "
				   "\"vpc-1\", \"CidrBlock\": "
				   "\"10.0.1.0/24\", \"AvailabilityZone\": \"us-east-1a\", "
				   "\"Tags\": [{\"Key\": "
				   "\"Name\", \"Value\": \"\\\"]; x -> y; \\\"\"}]}]}";
	struct diag_list *d;
	struct model *m = fixture_load("hostile.json", snap, sizeof(snap) - 1, &d, NULL);
	struct graph *g = build(m, NULL, NULL);
	char *svg = NULL;
	size_t len = 0;
	assert_int_equal(graph_svg(g, &svg, &len), 0);
	/* no raw control character (XML forbids them), no markup injected */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)svg[i] < 0x20)
			assert_true(svg[i] == '\n' || svg[i] == '\t');
	assert_null(strstr(svg, "<script>"));
	assert_non_null(strstr(svg, "&lt;script&gt;"));
	/* the DOT the name could have broken: still two clusters, no new node */
	assert_true(graph_lookup(g, "vpc-1", NULL));
	assert_true(graph_lookup(g, "subnet-1", NULL));
	assert_null(strstr(svg, "<title>x</title>"));
	free(svg);
	graph_free(g);
	model_free(m);
	diag_list_free(d);
}

/* @g as --format json, parsed back: the document (cJSON_Delete() it). */
static cJSON *graph_doc(const struct graph *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(graph_write(g, GRAPH_JSON, f), 0);
	assert_int_equal(fclose(f), 0);
	cJSON *doc = cJSON_Parse(buf);
	free(buf);
	assert_non_null(doc);
	return doc;
}

/* The element of the array @key of @doc whose @field is @val, or NULL. */
static const cJSON *doc_find(const cJSON *doc, const char *key, const char *field, const char *val)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, key))
	{
		const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, field));
		if (v && !strcmp(v, val))
			return it;
	}
	return NULL;
}

static const char *doc_str(const cJSON *o, const char *field)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, field));
}

/* A flow traced on a snapshot and drawn with the diagram, as --format
 * json: what the tests of the JSON trace read.  traced_free() frees it. */
struct traced {
	struct model *m;
	struct trace_ctx *ctx;
	struct trace_result *r;
	struct graph *g;
	cJSON *doc;
	const cJSON *trace; /* the document's "trace" array */
};

/* @t: the snapshot @path loaded, @from -> @to on @port traced and drawn. */
static void traced_build(struct traced *t, const char *path, const char *from, const char *to,
			 int port)
{
	t->m = load_dir(path);
	t->ctx = NULL;
	t->r = trace_new(t->m, from, to, port, &t->ctx);
	t->g = build(t->m, NULL, t->r);
	t->doc = graph_doc(t->g);
	t->trace = cJSON_GetObjectItemCaseSensitive(t->doc, "trace");
}

static void traced_free(struct traced *t)
{
	cJSON_Delete(t->doc);
	graph_free(t->g);
	trace_ctx_free(t->ctx);
	free(t->r);
	model_free(t->m);
}

static void test_json_holds_the_model(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/hub-spoke");
	struct graph *g = build(m, NULL, NULL);
	cJSON *doc = graph_doc(g);
	const cJSON *it;

	/* every VPC is there, as the cluster it is drawn as */
	assert_true(m->n_vpcs >= 4);
	for (uint32_t i = 0; i < m->n_vpcs; i++) {
		it = doc_find(doc, "clusters", "id", m->vpcs[i].obj.id);
		assert_non_null(it);
		assert_string_equal(doc_str(it, "kind"), "vpc");
		assert_non_null(strstr(doc_str(it, "label"), m->vpcs[i].obj.id));
	}
	/* each VPC attachment of the TGW an edge between the TGW and its VPC */
	uint32_t n_vpc_atts = 0;
	for (uint32_t i = 0; i < m->n_tgw_atts; i++) {
		const struct model_tgw_att *a = &m->tgw_atts[i];
		if (a->type != TGW_ATT_VPC)
			continue;
		n_vpc_atts++;
		bool found = false;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "edges"))
			found |= !strcmp(doc_str(it, "kind"), "tgw-attachment") &&
				 !strcmp(doc_str(it, "from"), a->tgw_id) &&
				 !strcmp(doc_str(it, "to"), a->resource_id);
		assert_true(found);
	}
	assert_true(n_vpc_atts >= 4);
	it = doc_find(doc, "nodes", "id", "tgw-04e4e86ed1197dca2");
	assert_non_null(it);
	assert_string_equal(doc_str(it, "kind"), "transit-gateway");
	/* every edge end, parent and cluster is an id the document holds */
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "edges"))
	{
		for (int end = 0; end < 2; end++) {
			const char *id = doc_str(it, end ? "to" : "from");
			assert_true(doc_find(doc, "nodes", "id", id) ||
				    doc_find(doc, "clusters", "id", id));
		}
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "nodes"))
	{
		const char *c = doc_str(it, "cluster");
		assert_true(!c || doc_find(doc, "clusters", "id", c));
		/* labels are text again: no DOT escape left */
		assert_null(strchr(doc_str(it, "label"), '\\'));
	}
	/* without a trace, no "trace" */
	assert_null(cJSON_GetObjectItemCaseSensitive(doc, "trace"));
	/* the same graph, the same bytes */
	char *a = cJSON_PrintUnformatted(doc), *b;
	cJSON_Delete(doc);
	graph_free(g);
	g = build(m, NULL, NULL);
	doc = graph_doc(g);
	b = cJSON_PrintUnformatted(doc);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cJSON_Delete(doc);
	graph_free(g);
	model_free(m);
}

static void test_json_trace_ends_at_the_blocked_hop(void **state)
{
	(void)state;
	struct traced t;
	traced_build(&t, "examples/two-tier", web_1, db_1, 5432); /* trace_web_db()'s flow */
	const cJSON *tr = t.trace;
	int n = cJSON_GetArraySize(tr);
	assert_true(n >= 2);
	assert_int_equal(n, (int)graph_trace_edges(t.g));
	for (int i = 0; i < n; i++) {
		const cJSON *h = cJSON_GetArrayItem(tr, i);
		assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(h, "hop")),
				 i + 1);
		/* only the last hop, into db-1, is blocked, and says why */
		assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "blocked")),
				 i == n - 1);
	}
	const cJSON *last = cJSON_GetArrayItem(tr, n - 1);
	assert_string_equal(doc_str(last, "to"), "i-0dca6359b016372e3");
	assert_non_null(strstr(doc_str(last, "label"), "ENI_SG_RULES_MISMATCH"));
	assert_string_equal(doc_str(cJSON_GetArrayItem(tr, 0), "from"), "trace-start");
	/* the trace's edges are not among the topology's */
	assert_null(doc_find(t.doc, "edges", "kind", "trace"));
	traced_free(&t);
}

/* A flow whose reply was traced is drawn both ways: the forward edges, then
 * the return path's, numbered r1.. (trace_path's own hop numbers).  On
 * hub-spoke the reply from the data centre comes back through the transit
 * gateway's other route table (shared, not spokes): the legend says which. */
static void test_json_trace_draws_the_return_path(void **state)
{
	(void)state;
	struct traced t;
	traced_build(&t, "examples/hub-spoke", "i-08c1bd499d39fce96", "dc1-db", 443);
	assert_true(t.r->reachable);
	int n = cJSON_GetArraySize(t.trace), fwd = 0, ret = 0;
	assert_int_equal(n, (int)graph_trace_edges(t.g));
	const cJSON *h, *last_ret = NULL;
	bool dxgw_to_tgw = false;
	cJSON_ArrayForEach(h, t.trace)
	{
		const char *path = doc_str(h, "path"), *label = doc_str(h, "label");
		assert_non_null(path);
		assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "blocked")));
		if (!strcmp(path, "forward")) {
			assert_int_equal(ret, 0); /* every forward edge before the return's */
			assert_true(label[0] >= '1' && label[0] <= '9');
			fwd++;
		} else {
			assert_string_equal(path, "return");
			assert_int_equal(label[0], 'r');
			assert_string_not_equal(doc_str(h, "from"), "trace-start");
			if (!strcmp(doc_str(h, "from"), "4e6c2a4b-7f3d-4b8e-9a21-5c0d8f1e2b73") &&
			    !strcmp(doc_str(h, "to"), "tgw-04e4e86ed1197dca2"))
				dxgw_to_tgw = true;
			last_ret = h;
			ret++;
		}
	}
	assert_true(fwd >= 3);
	assert_true(ret >= 3);
	assert_true(dxgw_to_tgw);
	/* the reply is delivered to the instance that sent the request */
	assert_string_equal(doc_str(last_ret, "to"), "i-08c1bd499d39fce96");
	const char *legend = doc_str(doc_find(t.doc, "nodes", "id", "trace-start"), "label");
	assert_non_null(strstr(legend, "6. tgw-rtb-0170950694502b286 forwarded"));
	assert_non_null(strstr(legend, "return (r):"));
	assert_non_null(strstr(legend, "r6. tgw-rtb-0f126e4b6710a1fef forwarded"));
	traced_free(&t);
}

/* The reply blocked on its way back (vpc-network-acls.html: ACLs are
 * stateless, the client's ACL admits TCP in on 1024-65535 only, the client
 * sent from port 1000): the return path is drawn to its block, that edge
 * red with the ACL's code; the forward edges are not blocked. */
static void test_json_trace_return_path_blocked_by_the_acl(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/labs/nacl-stateless-ephemeral/snapshot.json");
	struct trace_ctx *ctx = NULL;
	struct trace_result *r = malloc(sizeof(*r));
	assert_non_null(r);
	struct trace_query q = {.from = "i-0c01",
				.to = "i-0c02",
				.proto = -1,
				.port = 443,
				.src_port = 1000,
				.size = -1};
	char err[256];
	assert_int_equal(trace_ctx_build(m, &ctx), 0);
	assert_int_equal(trace_run(ctx, &q, r, err, sizeof(err)), 0);
	assert_true(r->fwd.reachable);
	assert_false(r->ret.reachable);
	struct graph *g = build(m, NULL, r);
	cJSON *doc = graph_doc(g);
	const cJSON *h, *blocked = NULL;
	int ret = 0;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(doc, "trace"))
	{
		const char *path = doc_str(h, "path");
		assert_non_null(path);
		bool is_ret = !strcmp(path, "return");
		bool b = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "blocked"));
		assert_true(!b || is_ret);
		ret += is_ret;
		if (b && !blocked)
			blocked = h;
	}
	assert_true(ret >= 1);
	assert_non_null(blocked);
	assert_int_equal(doc_str(blocked, "label")[0], 'r');
	assert_non_null(strstr(doc_str(blocked, "label"), "SUBNET_ACL_RESTRICTION"));
	const char *legend = doc_str(doc_find(doc, "nodes", "id", "trace-start"), "label");
	assert_non_null(strstr(legend, "the reply does not get back"));
	assert_non_null(strstr(legend, "return (r), blocked:"));
	cJSON_Delete(doc);
	graph_free(g);
	trace_ctx_free(ctx);
	free(r);
	model_free(m);
}

/* Two blocks on one path (the source's security group has no outbound rule,
 * its subnet's ACL denies all): each blocked edge names its own hop's code,
 * not the path's first. */
static void test_each_blocked_edge_says_its_own_code(void **state)
{
	(void)state;
	struct traced t;
	traced_build(&t, "examples/labs/metadata-not-filtered/snapshot.json", "i-0a01", "i-0a02",
		     443);
	const char *sg = NULL, *acl = NULL;
	const cJSON *h;
	cJSON_ArrayForEach(h, t.trace)
	{
		const char *label = doc_str(h, "label");
		if (strstr(label, "ENI_SG_RULES_MISMATCH"))
			sg = label;
		if (strstr(label, "SUBNET_ACL_RESTRICTION"))
			acl = label;
	}
	assert_non_null(sg);
	assert_non_null(acl);
	assert_ptr_not_equal(sg, acl);
	traced_free(&t);
}

/* A peering with a VPC the snapshot does not hold (another account's, in
 * another Region) is drawn to a node of that VPC, in its account and Region. */
static void test_peer_outside_the_snapshot_is_drawn(void **state)
{
	(void)state;
	struct model *m = load_dir("examples/labs/peering-no-edge-to-edge/snapshot.json");
	struct graph *g = build(m, NULL, NULL);
	cJSON *doc = graph_doc(g);
	const cJSON *n = doc_find(doc, "nodes", "id", "vpc-0a91");
	assert_non_null(n);
	assert_string_equal(doc_str(n, "kind"), "vpc-external");
	assert_string_equal(doc_str(n, "cluster"), "region-444455556666-eu-west-1");
	const cJSON *e = doc_find(doc, "edges", "label", "pcx-0ad0");
	assert_non_null(e);
	assert_string_equal(doc_str(e, "to"), "vpc-0a91");
	cJSON_Delete(doc);
	graph_free(g);
	model_free(m);
}

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(graph_format_parse("svg"), GRAPH_SVG);
	assert_int_equal(graph_format_parse("DOT"), GRAPH_DOT);
	assert_int_equal(graph_format_parse("html"), GRAPH_HTML);
	assert_int_equal(graph_format_parse("Json"), GRAPH_JSON);
	assert_int_equal(graph_format_parse("png"), -1);
	assert_int_equal(graph_format_parse(""), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_tier_holds_every_vpc_and_subnet),
		cmocka_unit_test(test_focus_on_a_vpc_drops_unrelated_vpcs),
		cmocka_unit_test(test_focus_keeps_the_peered_vpc),
		cmocka_unit_test(test_trace_overlay_marks_the_blocked_hop),
		cmocka_unit_test(test_svg_carries_aws_ids_and_is_deterministic),
		cmocka_unit_test(test_hostile_names_stay_text),
		cmocka_unit_test(test_json_holds_the_model),
		cmocka_unit_test(test_json_trace_ends_at_the_blocked_hop),
		cmocka_unit_test(test_json_trace_draws_the_return_path),
		cmocka_unit_test(test_json_trace_return_path_blocked_by_the_acl),
		cmocka_unit_test(test_each_blocked_edge_says_its_own_code),
		cmocka_unit_test(test_peer_outside_the_snapshot_is_drawn),
		cmocka_unit_test(test_format_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
