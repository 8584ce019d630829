/*
 * DOC: report -- routes: the effective routes of one routing domain
 *
 * Like a router's `show ip route`: the routes a VPC route table, a transit
 * gateway route table, a virtual private gateway, a Direct Connect gateway
 * or an on-premises site ends up with after propagation and best-path
 * selection (route/rib.h).  With @all, every candidate and why it lost,
 * like `show ip bgp`.  A transit gateway or a VPC stands for all its route
 * tables, a subnet for the one it uses, a DX gateway for both of its.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"
#include "vpcsim/rib.h"

static const char *policy_text(enum bgp_policy p)
{
	switch (p) {
	case BGP_POLICY_VPC_RTB:
		return "VPC route table: longest prefix; local > static > prefix list > propagated";
	case BGP_POLICY_TGW:
		return "transit gateway: longest prefix; static > prefix list > VPC > Direct "
		       "Connect > "
		       "Connect > VPN; then AS_PATH, MED";
	case BGP_POLICY_VGW:
		return "virtual private gateway: longest prefix; Direct Connect > VPN static > VPN "
		       "BGP; "
		       "then AS_PATH, MED";
	case BGP_POLICY_DXGW:
		return "Direct Connect gateway: longest prefix; local preference (7224:7x00) > "
		       "AS_PATH > MED";
	case BGP_POLICY_SITE:
		return "site router: longest prefix; local preference > AS_PATH > MED > Direct "
		       "Connect over VPN";
	}
	return "";
}

static const char *policy_name(enum bgp_policy p)
{
	static const char *const n[] = {"vpc-route-table", "transit-gateway",
					"virtual-private-gateway", "direct-connect-gateway",
					"site"};
	return (unsigned)p < sizeof(n) / sizeof(n[0]) ? n[p] : "?";
}

/* The next hop as people read it. */
static void nh_text(const struct rib_route *r, char *buf, size_t len)
{
	if (r->blackhole || r->nh_kind == RIB_NH_NONE) {
		snprintf(buf, len, "blackhole");
		return;
	}
	if (r->nh_kind == RIB_NH_TARGET && r->vpc_route) {
		snprintf(buf, len, "%s", r->vpc_route->target_id ? r->vpc_route->target_id : "?");
		return;
	}
	if (r->nh_kind == RIB_NH_LOCAL) {
		snprintf(buf, len, "local%s%s", r->nh ? " " : "", r->nh ? r->nh->id : "");
		return;
	}
	if (!r->nh) {
		snprintf(buf, len, "%s", rib_nh_name(r->nh_kind));
		return;
	}
	const struct model_obj *nh = r->nh;
	if (nh->kind == MODEL_TGW_ATT) {
		const struct model_tgw_att *a = MODEL_AS(const struct model_tgw_att, nh);
		snprintf(buf, len, "%s %s", nh->id, a->resource_id ? a->resource_id : "?");
		return;
	}
	snprintf(buf, len, "%s", nh->id);
}

static void path_text(const struct bgp_route *a, char *buf, size_t len)
{
	size_t k = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < a->as_path_len && k + 12 < len; i++)
		k += (size_t)snprintf(buf + k, len - k, "%s%" PRIu32, i ? " " : "", a->as_path[i]);
	if (!a->as_path_len)
		snprintf(buf, len, "-");
}

/* The candidate that won @x's prefix: the first of its prefix group, as
 * the table keeps a prefix's candidates together, installed first. */
static const struct rib_route *prefix_winner(const struct rib *t, const struct rib_route *x)
{
	const struct rib_route *w = x;
	while (w > t->routes && net_prefix_eq(&w[-1].attr.pfx, &x->attr.pfx))
		w--;
	return w;
}

/* Why a candidate lost, for people.  On a site an origin verdict is either
 * the site's own route (its CIDRs rank first) or the last step, Direct
 * Connect over VPN, which has its own words. */
static const char *lost_text(const struct rib *t, const struct rib_route *x)
{
	if (!x->down && t->policy == BGP_POLICY_SITE && x->why == BGP_LOST_ORIGIN &&
	    x->attr.origin != BGP_ORIGIN_LOCAL) {
		const struct rib_route *w = prefix_winner(t, x);
		if (w->attr.origin == BGP_ORIGIN_LOCAL && rib_installed(w))
			return "the site's own network (its Cidrs) wins over what it learns";
		return "equal attributes: the site prefers Direct Connect over VPN";
	}
	return rib_why_text(x);
}

static char route_code(const struct rib_route *r)
{
	if (r->down)
		return 'x';
	if (r->why == BGP_BEST)
		return '*';
	if (r->why == BGP_ECMP)
		return '=';
	return ' ';
}

static void print_text(const struct rib *r, bool all, FILE *f)
{
	const struct model_obj *o = r->owner;
	report_textf(f, "%s %s%s%s%s%s%s\n", model_kind_name(o->kind), o->id, o->name ? " (" : "",
		     o->name ? o->name : "", o->name ? ")" : "", r->label ? ": " : "",
		     r->label ? r->label : "");
	report_textf(f, "  selection: %s\n", policy_text(r->policy));
	uint32_t shown = 0, hidden = 0;
	for (uint32_t i = 0; i < r->n_routes; i++)
		(all || rib_installed(&r->routes[i])) ? shown++ : hidden++;
	if (!shown) {
		report_textf(f, "  (no routes)\n");
	} else {
		report_textf(f, "  %-1s %-20s %-14s %-18s %5s %5s  %-30s %s\n", "", "Destination",
			     "Type", "AS path", "MED", "LPref", "Next hop", "From");
	}
	for (uint32_t i = 0; i < r->n_routes; i++) {
		const struct rib_route *x = &r->routes[i];
		if (!all && !rib_installed(x))
			continue;
		char pfx[NET_PREFIX_STRLEN], nh[160], path[96];
		net_prefix_fmt(&x->attr.pfx, pfx);
		nh_text(x, nh, sizeof(nh));
		path_text(&x->attr, path, sizeof(path));
		const char *from = x->from ? x->from : "";
		char via[96] = "";
		if (x->via && x->via != x->nh)
			snprintf(via, sizeof(via), " via %s", x->via->id);
		report_textf(f, "  %c %-20s %-14s %-18s %5" PRIu32 " %5" PRIu32 "  %-30s %s%s%s\n",
			     route_code(x), pfx, bgp_origin_name(x->attr.origin), path, x->attr.med,
			     x->attr.local_pref, nh, from, via,
			     x->observed ? " (as reported)" : "");
		if (x->down)
			report_textf(f, "      down: %s\n", lost_text(r, x));
		else if (all && !rib_installed(x))
			report_textf(f, "      lost: %s\n", lost_text(r, x));
	}
	if (hidden)
		report_textf(f, "  (%u candidate%s not installed; --all shows them and why)\n",
			     hidden, hidden == 1 ? "" : "s");
}

static cJSON *route_json(const struct rib *t, const struct rib_route *x)
{
	cJSON *j = cJSON_CreateObject();
	report_json_add_prefix(j, "destination", &x->attr.pfx);
	cJSON_AddBoolToObject(j, "installed", rib_installed(x));
	cJSON_AddStringToObject(j, "verdict", x->down ? "down" : bgp_reason_name(x->why));
	if (!rib_installed(x))
		report_json_add_str(j, "reason", lost_text(t, x));
	cJSON_AddStringToObject(j, "origin", bgp_origin_name(x->attr.origin));
	cJSON *nh = cJSON_CreateObject();
	cJSON_AddStringToObject(nh, "kind", x->blackhole ? "blackhole" : rib_nh_name(x->nh_kind));
	if (x->nh_kind == RIB_NH_TARGET && x->vpc_route) {
		report_json_add_str(nh, "id", x->vpc_route->target_id);
		cJSON_AddStringToObject(nh, "type", model_target_name(x->vpc_route->target));
	} else if (x->nh) {
		cJSON_AddStringToObject(nh, "id", x->nh->id);
		cJSON_AddStringToObject(nh, "type", model_kind_name(x->nh->kind));
	}
	cJSON_AddItemToObject(j, "next_hop", nh);
	cJSON_AddBoolToObject(j, "blackhole", x->blackhole);
	if (x->via)
		cJSON_AddStringToObject(j, "via", x->via->id);
	if (x->site)
		cJSON_AddStringToObject(j, "site", x->site->obj.id);
	cJSON *p = cJSON_CreateArray();
	for (uint32_t i = 0; i < x->attr.as_path_len; i++)
		cJSON_AddItemToArray(p, cJSON_CreateNumber(x->attr.as_path[i]));
	cJSON_AddItemToObject(j, "as_path", p);
	cJSON_AddNumberToObject(j, "med", x->attr.med);
	cJSON_AddNumberToObject(j, "local_pref", x->attr.local_pref);
	report_json_add_str(j, "from", x->from);
	cJSON_AddBoolToObject(j, "observed", x->observed);
	return j;
}

static cJSON *rib_json(const struct rib *r, bool all)
{
	cJSON *j = cJSON_CreateObject();
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "id", r->owner->id);
	cJSON_AddStringToObject(res, "type", model_kind_name(r->owner->kind));
	report_json_add_str(res, "name", r->owner->name);
	cJSON_AddItemToObject(j, "resource", res);
	if (r->label)
		cJSON_AddStringToObject(j, "table", r->label);
	cJSON_AddStringToObject(j, "selection", policy_name(r->policy));
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < r->n_routes; i++)
		if (all || rib_installed(&r->routes[i]))
			cJSON_AddItemToArray(a, route_json(r, &r->routes[i]));
	cJSON_AddItemToObject(j, "routes", a);
	return j;
}

/* The tables RESOURCE stands for: itself, or a TGW's / VPC's tables. */
static uint32_t tables_of(const struct model *m, const struct rib_set *s, const struct model_obj *o,
			  const struct rib **out, uint32_t max)
{
	uint32_t n = 0;
	const struct rib *r = rib_of(s, o);
	if (r && o->kind == MODEL_DXGW && max >= 2) {
		out[0] = r;
		out[1] = rib_dxgw_to_aws(s, MODEL_AS(const struct model_dxgw, o));
		return 2;
	}
	if (r) {
		out[0] = r;
		return 1;
	}
	if (o->kind == MODEL_SUBNET) {
		/* a subnet: the table it uses (explicit, else the main one) */
		const struct model_subnet *sn = MODEL_AS(const struct model_subnet, o);
		if (sn->rtb && (r = rib_of(s, &sn->rtb->obj)) != NULL)
			out[n++] = r;
	} else if (o->kind == MODEL_TGW) {
		for (uint32_t i = 0; i < m->n_tgw_rtbs && n < max; i++)
			if (&m->tgw_rtbs[i].tgw->obj == o)
				out[n++] = rib_of(s, &m->tgw_rtbs[i].obj);
	} else if (o->kind == MODEL_VPC) {
		for (uint32_t i = 0; i < m->n_rtbs && n < max; i++)
			if (m->rtbs[i].vpc && &m->rtbs[i].vpc->obj == o)
				out[n++] = rib_of(s, &m->rtbs[i].obj);
	}
	return n;
}

#define ROUTES_MAX_TABLES 256

uint32_t report_routes(FILE *f, const struct model *m, const struct rib_set *s,
		       const struct model_obj *o, bool all, bool json)
{
	const struct rib *tables[ROUTES_MAX_TABLES];
	uint32_t n = tables_of(m, s, o, tables, ROUTES_MAX_TABLES);
	if (!n)
		return 0;
	if (json) {
		cJSON *root;
		if (n == 1) {
			root = rib_json(tables[0], all);
		} else {
			root = cJSON_CreateObject();
			cJSON *a = cJSON_CreateArray();
			for (uint32_t i = 0; i < n; i++)
				cJSON_AddItemToArray(a, rib_json(tables[i], all));
			cJSON_AddItemToObject(root, "tables", a);
		}
		report_json_print(root, f);
	} else {
		for (uint32_t i = 0; i < n; i++) {
			if (i)
				fputc('\n', f);
			print_text(tables[i], all, f);
		}
	}
	return n;
}
