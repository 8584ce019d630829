/*
 * DOC: trace scenarios -- snapshot + flows + expected results, as data
 *
 * Usage: scenario_trace DIR [NAME]
 *
 * Every subdirectory of DIR is a scenario: snapshot.json (AWS shapes; or a
 * snapshot/ directory of such files; or a snapshot.path file naming, on its
 * first line and relative to the scenario's directory, a snapshot kept
 * elsewhere, such as ../../../../examples/two-tier: the bundled examples are
 * tested in place, not copied) and flows.json, an array of
 *
 *   {"name": "...", "from": "...", "to": "...", "proto": "tcp", "port": 443,
 *    "src_port": 49152,
 *    "host": "...", "path": "...", "method": "GET", "headers": ["Name: value"],
 *                                     (optional: the HTTP request an ALB sees)
 *    "expect": {"reachable": bool,
 *               "forward_hops": [component ids, in order],
 *               "return_hops":  [component ids, in order],
 *               "codes": [explanation codes, forward then return, in order]}}
 *
 *               "path_mtu": the forward path's MTU}}
 *
 *   or "expect": {"error": "text"}: the trace must not run (what `vpcsim
 *   trace` exits 2 on), and its message must contain the text.
 *
 * An optional routes.json checks effective routes (route/rib.h):
 *
 *   {"dx_prefix_limit": N,                       (optional)
 *    "tables": [{"resource": "tgw-rtb-..." | "rtb-..." | "vgw-..." | DX gateway id | SiteId,
 *                "exact": bool,                  (true: exactly these candidates)
 *                "routes": [{"destination": "10.0.0.0/16", "next_hop": id | "blackhole" | "local",
 *                            "origin": "vpc", "verdict": "best" | "ecmp" | "origin" | ... | "down",
 *                            "as_path": [65010] (optional)}]}]}
 *
 * Only the keys present under "expect" are compared.  Each flow's JSON
 * rendering is also checked against the DESIGN.md "Trace JSON" shape, and
 * the streaming writer (trace_result_json_write) against it byte for byte.
 * Prints one line per flow; exits 1 when any flow fails.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_util.h"
#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/rib.h"
#include "vpcsim/trace.h"

static int get_int(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valueint : -1;
}

/* Compare a JSON array of strings with @n strings from @get. */
static bool same_list(const cJSON *want, const char *const *got, uint32_t n, char *why, size_t len,
		      const char *what)
{
	int nw = cJSON_GetArraySize(want);
	bool ok = (uint32_t)nw == n;
	for (int i = 0; ok && i < nw; i++) {
		const cJSON *w = cJSON_GetArrayItem(want, i);
		ok = cJSON_IsString(w) && !strcmp(w->valuestring, got[i]);
	}
	if (ok)
		return true;
	size_t off = (size_t)snprintf(why, len, "%s: got [", what);
	for (uint32_t i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(why + off, len - off, "%s%s", i ? ", " : "", got[i]);
	if (off < len)
		snprintf(why + off, len - off, "]");
	return false;
}

static bool check_shape(const cJSON *j, char *why, size_t len)
{
	static const char *const paths[] = {"forward", "return"};
	if (!cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(j, "reachable")) ||
	    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "flow"))) {
		snprintf(why, len, "JSON: reachable/flow missing");
		return false;
	}
	const cJSON *flow = cJSON_GetObjectItemCaseSensitive(j, "flow");
	static const char *const fk[] = {"src", "dst", "protocol", "src_port", "dst_port"};
	for (size_t i = 0; i < sizeof(fk) / sizeof(fk[0]); i++)
		if (!cJSON_GetObjectItemCaseSensitive(flow, fk[i])) {
			snprintf(why, len, "JSON: flow.%s missing", fk[i]);
			return false;
		}
	for (int p = 0; p < 2; p++) {
		const cJSON *pa = cJSON_GetObjectItemCaseSensitive(j, paths[p]);
		const cJSON *hops = cJSON_GetObjectItemCaseSensitive(pa, "hops");
		const cJSON *ex = cJSON_GetObjectItemCaseSensitive(pa, "explanations");
		if (!cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(pa, "reachable")) ||
		    !cJSON_IsArray(hops) || !cJSON_IsArray(ex)) {
			snprintf(why, len, "JSON: %s shape", paths[p]);
			return false;
		}
		const cJSON *h;
		cJSON_ArrayForEach(h, hops)
		{
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(h, "component");
			if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(h, "seq")) ||
			    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "id")) ||
			    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "type")) ||
			    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(h, "action")) ||
			    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(h, "detail")) ||
			    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(h, "packet"))) {
				snprintf(why, len, "JSON: %s hop shape", paths[p]);
				return false;
			}
		}
		cJSON_ArrayForEach(h, ex)
		{
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(h, "code")) ||
			    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(h, "component")) ||
			    !cJSON_GetObjectItemCaseSensitive(h, "direction") ||
			    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(h, "message"))) {
				snprintf(why, len, "JSON: %s explanation shape", paths[p]);
				return false;
			}
		}
	}
	return true;
}

/* Up to 40 bytes of @s from @off, for a message. */
static void context_of(const char *s, size_t slen, size_t off, char out[41])
{
	size_t n = off < slen ? slen - off : 0;
	if (n > 40)
		n = 40;
	memcpy(out, s + off, n);
	out[n] = '\0';
}

/*
 * trace_jsonw.c must write what cJSON_PrintUnformatted() prints of the
 * trace_json.c tree, byte for byte (the two files stay in step); and keep
 * snprintf's contract when the buffer is too small.
 */
static bool check_writer(const struct trace_result *r, const cJSON *j, char *why, size_t len)
{
	char *want = cJSON_PrintUnformatted(j);
	size_t need = trace_result_json_write(r, NULL, 0);
	char *got = malloc(need + 1);
	bool ok = false;
	if (!want || !got) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	size_t n = trace_result_json_write(r, got, need + 1);
	size_t wlen = strlen(want);
	if (n != need || strlen(got) != need) {
		snprintf(why, len, "trace_result_json_write: length %zu, then %zu, wrote %zu", need,
			 n, strlen(got));
		goto out;
	}
	if (need != wlen || memcmp(got, want, need)) {
		size_t off = 0;
		while (off < need && off < wlen && got[off] == want[off])
			off++;
		size_t from = off > 20 ? off - 20 : 0;
		char g[41], w[41];
		context_of(got, need, from, g);
		context_of(want, wlen, from, w);
		snprintf(why, len,
			 "trace_jsonw.c differs from cJSON (trace_json.c) at byte %zu of %zu/%zu: "
			 "from byte %zu the writer has '%s', cJSON '%s'",
			 off, need, wlen, from, g, w);
		goto out;
	}
	/* one byte short: everything but the last byte, NUL-terminated */
	memset(got, 'x', need + 1);
	if (need && (trace_result_json_write(r, got, need) != need || got[need - 1] != '\0' ||
		     memcmp(got, want, need - 1))) {
		snprintf(why, len, "trace_result_json_write: wrong truncation at cap %zu", need);
		goto out;
	}
	ok = true;
out:
	free(want);
	free(got);
	return ok;
}

/* The ids of @p's hops, in @ids, must be @exp's list @key when it has one. */
static bool same_hops(const cJSON *exp, const char *key, const struct trace_path *p,
		      const char **ids, char *why, size_t len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(exp, key);
	if (!v)
		return true;
	for (uint32_t i = 0; i < p->n_hops; i++)
		ids[i] = p->hops[i].comp.id;
	return same_list(v, ids, p->n_hops, why, len, key);
}

static bool run_flow(const struct trace_ctx *ctx, const cJSON *fl, struct trace_result *r,
		     char *why, size_t len)
{
	struct trace_query q;
	memset(&q, 0, sizeof(q));
	const cJSON *from = cJSON_GetObjectItemCaseSensitive(fl, "from");
	const cJSON *to = cJSON_GetObjectItemCaseSensitive(fl, "to");
	const cJSON *proto = cJSON_GetObjectItemCaseSensitive(fl, "proto");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(fl, "expect");
	if (!cJSON_IsString(from) || !cJSON_IsString(to) || !cJSON_IsObject(exp)) {
		snprintf(why, len, "flow needs from, to, expect");
		return false;
	}
	q.from = from->valuestring;
	q.to = to->valuestring;
	q.proto = cJSON_IsString(proto) ? trace_proto_parse(proto->valuestring) :
		  cJSON_IsNumber(proto) ? proto->valueint :
					  -1;
	q.port = get_int(fl, "port");
	q.src_port = get_int(fl, "src_port");
	q.size = get_int(fl, "size");
	const cJSON *hv = cJSON_GetObjectItemCaseSensitive(fl, "host");
	q.http_host = cJSON_IsString(hv) ? hv->valuestring : NULL;
	hv = cJSON_GetObjectItemCaseSensitive(fl, "path");
	q.http_path = cJSON_IsString(hv) ? hv->valuestring : NULL;
	hv = cJSON_GetObjectItemCaseSensitive(fl, "method");
	q.http_method = cJSON_IsString(hv) ? hv->valuestring : NULL;
	const char *hdrs[16];
	const cJSON *hl = cJSON_GetObjectItemCaseSensitive(fl, "headers");
	for (int i = 0; i < cJSON_GetArraySize(hl) && q.n_http_headers < 16; i++) {
		const cJSON *x = cJSON_GetArrayItem(hl, i);
		if (cJSON_IsString(x))
			hdrs[q.n_http_headers++] = x->valuestring;
	}
	q.http_headers = hdrs;
	char err[512] = "";
	int trc = trace_run(ctx, &q, r, err, sizeof(err));
	const cJSON *want_err = cJSON_GetObjectItemCaseSensitive(exp, "error");
	if (cJSON_IsString(want_err)) {
		if (!trc)
			snprintf(why, len, "the trace ran; expected the error '%s'",
				 want_err->valuestring);
		else if (!strstr(err, want_err->valuestring))
			snprintf(why, len, "error '%s', expected it to contain '%s'", err,
				 want_err->valuestring);
		return trc && strstr(err, want_err->valuestring);
	}
	if (trc) {
		snprintf(why, len, "trace did not run: %s", err);
		return false;
	}
	const char *ids[2 * TRACE_MAX_HOPS + 2 * TRACE_MAX_EXPL];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(exp, "reachable");
	if (cJSON_IsBool(v) && cJSON_IsTrue(v) != r->reachable) {
		snprintf(why, len, "reachable: got %s", r->reachable ? "true" : "false");
		return false;
	}
	if (!same_hops(exp, "forward_hops", &r->fwd, ids, why, len) ||
	    !same_hops(exp, "return_hops", &r->ret, ids, why, len))
		return false;
	v = cJSON_GetObjectItemCaseSensitive(exp, "codes");
	if (v) {
		uint32_t n = 0;
		for (uint32_t i = 0; i < r->fwd.n_expl; i++)
			ids[n++] = r->fwd.expl[i].code;
		for (uint32_t i = 0; i < r->ret.n_expl; i++)
			ids[n++] = r->ret.expl[i].code;
		if (!same_list(v, ids, n, why, len, "codes"))
			return false;
	}
	v = cJSON_GetObjectItemCaseSensitive(exp, "path_mtu");
	if (cJSON_IsNumber(v) && (uint32_t)v->valueint != r->fwd.mtu) {
		snprintf(why, len, "path_mtu: got %u", r->fwd.mtu);
		return false;
	}
	cJSON *j = trace_result_json(r);
	bool ok = j && check_shape(j, why, len) && check_writer(r, j, why, len);
	cJSON_Delete(j);
	return ok;
}

/* ---- routes.json ---- */

static const char *nh_id(const struct rib_route *x)
{
	if (x->blackhole || x->nh_kind == RIB_NH_NONE)
		return "blackhole";
	if (x->nh_kind == RIB_NH_TARGET && x->vpc_route)
		return x->vpc_route->target_id ? x->vpc_route->target_id : "?";
	if (x->nh_kind == RIB_NH_LOCAL)
		return "local";
	return x->nh ? x->nh->id : "?";
}

static const char *verdict(const struct rib_route *x)
{
	return x->down ? "down" : bgp_reason_name(x->why);
}

static bool route_matches(const cJSON *w, const struct rib_route *x)
{
	char pfx[NET_PREFIX_STRLEN];
	static const char *const keys[] = {"destination", "next_hop", "origin", "verdict"};
	const char *got[] = {net_prefix_fmt(&x->attr.pfx, pfx), nh_id(x),
			     bgp_origin_name(x->attr.origin), verdict(x)};
	for (int k = 0; k < 4; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(w, keys[k]);
		if (cJSON_IsString(v) && strcmp(v->valuestring, got[k]))
			return false;
	}
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(w, "as_path");
	if (cJSON_IsArray(path)) {
		if ((uint32_t)cJSON_GetArraySize(path) != x->attr.as_path_len)
			return false;
		for (uint32_t i = 0; i < x->attr.as_path_len; i++)
			if ((uint32_t)cJSON_GetArrayItem(path, (int)i)->valuedouble !=
			    x->attr.as_path[i])
				return false;
	}
	return true;
}

static void route_text(const struct rib_route *x, char *buf, size_t len)
{
	char pfx[NET_PREFIX_STRLEN];
	snprintf(buf, len, "%s via %s %s %s", net_prefix_fmt(&x->attr.pfx, pfx), nh_id(x),
		 bgp_origin_name(x->attr.origin), verdict(x));
}

static bool check_table(const struct model *m, const struct rib_set *rs, const cJSON *tb, char *why,
			size_t len)
{
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(tb, "resource");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(tb, "routes");
	const struct model_obj *o = cJSON_IsString(res) ? model_find(m, res->valuestring) : NULL;
	const struct rib *t[2] = {rib_of(rs, o), NULL};
	if (!t[0] || !cJSON_IsArray(want)) {
		snprintf(why, len, "no table for %s", cJSON_IsString(res) ? res->valuestring : "?");
		return false;
	}
	/* a DX gateway: both its tables (learned from sites, towards AWS) */
	if (o->kind == MODEL_DXGW)
		t[1] = rib_dxgw_to_aws(rs, MODEL_AS(const struct model_dxgw, o));
	struct {
		const struct rib_route *routes[4096];
		uint32_t n_routes;
	} all, *r = &all;
	all.n_routes = 0;
	for (int k = 0; k < 2; k++)
		for (uint32_t i = 0; t[k] && i < t[k]->n_routes && all.n_routes < 4096; i++)
			all.routes[all.n_routes++] = &t[k]->routes[i];
	bool *used = calloc(r->n_routes + 1, sizeof(*used));
	if (!used)
		return false;
	bool ok = true;
	const cJSON *w;
	cJSON_ArrayForEach(w, want)
	{
		uint32_t i = 0;
		while (i < r->n_routes && (used[i] || !route_matches(w, r->routes[i])))
			i++;
		if (i == r->n_routes) {
			char *txt = cJSON_PrintUnformatted(w);
			snprintf(why, len, "%s: no route like %s", res->valuestring,
				 txt ? txt : "?");
			free(txt);
			ok = false;
			break;
		}
		used[i] = true;
	}
	if (ok && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tb, "exact")))
		for (uint32_t i = 0; i < r->n_routes && ok; i++)
			if (!used[i]) {
				char txt[256];
				route_text(r->routes[i], txt, sizeof(txt));
				snprintf(why, len, "%s: unexpected route %s", res->valuestring,
					 txt);
				ok = false;
			}
	free(used);
	return ok;
}

static int run_routes(const char *dir, const char *name, const struct model *m, int *n_tables)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/routes.json", dir, name);
	char *text = scenario_read_file(path);
	if (!text)
		return 0; /* optional */
	cJSON *doc = cJSON_Parse(text);
	free(text);
	const cJSON *tables = cJSON_GetObjectItemCaseSensitive(doc, "tables");
	if (!cJSON_IsArray(tables)) {
		printf("FAIL %s: routes.json needs a \"tables\" array\n", name);
		cJSON_Delete(doc);
		return 1;
	}
	struct rib_opts ro = {0};
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(doc, "dx_prefix_limit");
	if (cJSON_IsNumber(lim))
		ro.dx_prefix_limit = (uint32_t)lim->valuedouble;
	struct rib_set *rs = NULL;
	int fails = 0;
	if (rib_build(m, &ro, &rs)) {
		printf("FAIL %s: rib_build\n", name);
		cJSON_Delete(doc);
		return 1;
	}
	const cJSON *tb;
	cJSON_ArrayForEach(tb, tables)
	{
		char why[1024] = "";
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(tb, "resource");
		bool ok = check_table(m, rs, tb, why, sizeof(why));
		printf("%s %s routes %s%s%s\n", ok ? "ok  " : "FAIL", name,
		       cJSON_IsString(res) ? res->valuestring : "?", ok ? "" : ": ", ok ? "" : why);
		fails += !ok;
		(*n_tables)++;
	}
	rib_free(rs);
	cJSON_Delete(doc);
	return fails;
}

/* What every scenario of a run shares: the result to trace into, the counts. */
struct run {
	struct trace_result *r;
	int n_flows, n_tables;
};

/* A scenario_run_fn; @arg is a struct run. */
static int run_scenario(const char *dir, const char *name, void *arg)
{
	struct run *run = arg;
	struct trace_result *r = run->r;
	int *n_flows = &run->n_flows, *n_tables = &run->n_tables;
	int fails = 0;
	struct scenario sc;
	if (!scenario_open(&sc, dir, name, "flows.json")) {
		scenario_close(&sc);
		return 1;
	}
	int i = 0;
	const cJSON *fl;
	cJSON_ArrayForEach(fl, sc.list)
	{
		char why[1024] = "";
		const cJSON *nm = cJSON_GetObjectItemCaseSensitive(fl, "name");
		bool ok = run_flow(sc.tracer, fl, r, why, sizeof(why));
		scenario_print_item(name, i, cJSON_IsString(nm) ? nm->valuestring : "", ok, why);
		if (!ok)
			fails++;
		(*n_flows)++;
		i++;
	}
	fails += run_routes(dir, name, sc.m, n_tables);
	scenario_close(&sc);
	return fails;
}

int main(int argc, char **argv)
{
	struct run run = {.r = malloc(sizeof(*run.r))};
	int scen = 0;
	int fails = run.r ? scenario_main(argc, argv, "scenario_trace", "flows.json", run_scenario,
					  &run, &scen) :
			    -1;
	free(run.r);
	if (fails < 0)
		return 2;
	printf("%d scenarios, %d flows, %d route tables, %d failed\n", scen, run.n_flows,
	       run.n_tables, fails);
	return fails ? 1 : 0;
}
