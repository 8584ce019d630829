/*
 * DOC: trace result -> JSON, exactly DESIGN.md "Trace JSON"
 *
 *   {"reachable", "flow": {src, dst, protocol, src_port, dst_port},
 *    "forward": {reachable, hops: [HOP], explanations: [EXPL]}, "return": {...}}
 *   HOP  = {seq, component: {id, type}, action, detail: {...}, packet: {src, dst, src_port, dst_port}}
 *   EXPL = {code, component: {id, type}, direction, message}
 *
 * Additions that keep the contract: "flow" echoes "from"/"to" as asked; a
 * component carries its Name tag as "name" when it has one; ICMP packets
 * have "src_port"/"dst_port" null plus "icmp_type"/"icmp_code"; a path that
 * did not fit sets "truncated"; "direction" is null where none applies
 * (a route, a gateway); "flow" carries the packet "size" checked against
 * each path's "mtu" {path, limited_by}; a hop that sets an MTU says it in
 * detail.mtu; an explanation that does not block carries "informational";
 * a TGW route table / VGW / DX gateway / site hop's detail is the
 * effective route taken (route/rib.h) and the candidates that lost.
 *
 * The reference implementation of that contract (used for `trace --json`).
 * MUST STAY IN STEP WITH trace_jsonw.c, the streaming writer `trace
 * --batch` uses, whose output is byte-identical to
 * cJSON_PrintUnformatted() of this tree: a key, its order or a condition
 * changed here is changed there too (each tj_* has a jw_* twin).  Enforced
 * by the tests, which compare the two byte for byte: every flow of
 * tests/scenarios/trace (scenario_trace.c), the fuzz harness
 * (fuzz/fuzz_load.c) and strings that need escaping
 * (tests/unit/test_trace_json.c).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "trace/trace.h"

static void tj_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static void tj_addr(cJSON *o, const char *k, const struct net_addr *a)
{
	char buf[NET_PREFIX_STRLEN];
	tj_str(o, k, a->af ? net_addr_fmt(a, buf) : NULL);
}

static void tj_pfx(cJSON *o, const char *k, const struct net_prefix *p)
{
	char buf[NET_PREFIX_STRLEN];
	tj_str(o, k, p->addr.af ? net_prefix_fmt(p, buf) : NULL);
}

static bool tj_is_icmp(uint8_t proto)
{
	return proto == ACL_PROTO_ICMP || proto == ACL_PROTO_ICMPV6;
}

static bool tj_has_ports(uint8_t proto)
{
	return proto == ACL_PROTO_TCP || proto == ACL_PROTO_UDP;
}

static void tj_ports(cJSON *o, const struct acl_pkt *p)
{
	if (tj_has_ports(p->proto)) {
		cJSON_AddNumberToObject(o, "src_port", p->sport);
		cJSON_AddNumberToObject(o, "dst_port", p->dport);
	} else {
		cJSON_AddNullToObject(o, "src_port");
		cJSON_AddNullToObject(o, "dst_port");
	}
	if (tj_is_icmp(p->proto)) {
		cJSON_AddNumberToObject(o, "icmp_type", p->icmp_type);
		cJSON_AddNumberToObject(o, "icmp_code", p->icmp_code);
	}
}

static cJSON *tj_comp(const struct trace_comp *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "type", c->type ? c->type : "unknown");
	if (c->name)
		cJSON_AddStringToObject(o, "name", c->name);
	return o;
}

static void tj_proto(cJSON *o, const char *k, int proto)
{
	char buf[8];
	tj_str(o, k, proto < 0 ? "all" : trace_proto_text((uint8_t)proto, buf));
}

static cJSON *tj_sg_rule(const struct model_sg_rule *r)
{
	cJSON *o = cJSON_CreateObject();
	tj_proto(o, "protocol", r->proto);
	if (r->proto == ACL_PROTO_TCP || r->proto == ACL_PROTO_UDP) {
		cJSON_AddNumberToObject(o, "from_port", r->from);
		cJSON_AddNumberToObject(o, "to_port", r->to);
	} else if (r->proto == ACL_PROTO_ICMP || r->proto == ACL_PROTO_ICMPV6) {
		cJSON_AddNumberToObject(o, "icmp_type", r->from);
		cJSON_AddNumberToObject(o, "icmp_code", r->to);
	}
	switch (r->peer_type) {
	case SG_PEER_CIDR4:
	case SG_PEER_CIDR6:
		cJSON_AddStringToObject(o, "peer_type", "cidr");
		if (r->cidr.text)
			cJSON_AddStringToObject(o, "peer", r->cidr.text);
		else
			tj_pfx(o, "peer", &r->cidr.pfx);
		break;
	case SG_PEER_PL:
		cJSON_AddStringToObject(o, "peer_type", "prefix-list");
		tj_str(o, "peer", r->peer_id);
		break;
	case SG_PEER_SG:
		cJSON_AddStringToObject(o, "peer_type", "security-group");
		tj_str(o, "peer", r->peer_id);
		break;
	}
	if (r->description)
		cJSON_AddStringToObject(o, "description", r->description);
	return o;
}

static void tj_detail_sg(cJSON *d, const struct trace_hop *h)
{
	if (h->stateful) {
		cJSON_AddBoolToObject(d, "stateful", true);
		return;
	}
	if (h->sg_rule) {
		tj_str(d, "security_group", h->sg ? h->sg->obj.id : NULL);
		cJSON_AddItemToObject(d, "rule", tj_sg_rule(h->sg_rule));
	} else {
		cJSON_AddNullToObject(d, "security_group");
		cJSON_AddNullToObject(d, "rule");
	}
}

static void tj_detail_nacl(cJSON *d, const struct trace_hop *h)
{
	tj_str(d, "network_acl", h->nacl ? h->nacl->obj.id : NULL);
	tj_str(d, "subnet", h->subnet ? h->subnet->obj.id : NULL);
	const struct model_nacl_entry *e = h->nacl_entry;
	if (!e) {
		cJSON_AddStringToObject(d, "rule_number", "*");
		cJSON_AddStringToObject(d, "rule_action", "deny");
		return;
	}
	cJSON_AddNumberToObject(d, "rule_number", e->rule_number);
	cJSON_AddStringToObject(d, "rule_action", e->allow ? "allow" : "deny");
	tj_proto(d, "protocol", e->proto);
	if (e->cidr.text)
		cJSON_AddStringToObject(d, "cidr", e->cidr.text);
	else
		tj_pfx(d, "cidr", &e->cidr.pfx);
	if (e->has_ports) {
		cJSON *pr = cJSON_AddObjectToObject(d, "port_range");
		cJSON_AddNumberToObject(pr, "from", e->port_from);
		cJSON_AddNumberToObject(pr, "to", e->port_to);
	}
	if (e->has_icmp) {
		cJSON_AddNumberToObject(d, "icmp_type", e->icmp_type);
		cJSON_AddNumberToObject(d, "icmp_code", e->icmp_code);
	}
}

static const char *tj_route_dst(const struct model_route *r)
{
	if (r->dst.pfx.addr.af == NET_AF_NONE)
		return r->dst_pl_id;
	return r->dst.text;
}

static void tj_route_common(cJSON *o, const struct model_route *r, const struct net_prefix *pfx)
{
	if (tj_route_dst(r))
		cJSON_AddStringToObject(o, "destination", tj_route_dst(r));
	else
		tj_pfx(o, "destination", &r->dst.pfx);
	tj_pfx(o, "matched_prefix", pfx);
	tj_str(o, "target", r->target_id);
	cJSON_AddStringToObject(o, "target_type", model_target_name(r->target));
	cJSON_AddStringToObject(o, "origin", route_class_name(route_vpc_class(r)));
	cJSON_AddStringToObject(o, "state", r->blackhole ? "blackhole" : "active");
}

static void tj_detail_route(cJSON *d, const struct trace_hop *h)
{
	tj_str(d, "route_table", h->rtb ? h->rtb->obj.id : NULL);
	if (h->subnet)
		cJSON_AddStringToObject(d, "subnet", h->subnet->obj.id);
	if (!h->route) {
		cJSON_AddNullToObject(d, "route");
		return;
	}
	cJSON *r = cJSON_AddObjectToObject(d, "route");
	tj_route_common(r, h->route, &h->route_pfx);
	cJSON *nc = cJSON_AddArrayToObject(d, "not_chosen");
	for (uint32_t i = 0; i < h->n_lost; i++) {
		cJSON *l = cJSON_CreateObject();
		tj_route_common(l, h->lost[i].route, &h->lost[i].pfx);
		cJSON_AddStringToObject(l, "reason", route_reason_code(h->lost[i].why));
		cJSON_AddItemToArray(nc, l);
	}
	if (h->n_lost_total > h->n_lost)
		cJSON_AddNumberToObject(d, "not_chosen_total", h->n_lost_total);
}

static void tj_rib_route(cJSON *o, const struct rib_route *r)
{
	tj_pfx(o, "destination", &r->attr.pfx);
	cJSON_AddStringToObject(o, "origin", bgp_origin_name(r->attr.origin));
	if (r->blackhole) {
		cJSON_AddNullToObject(o, "next_hop");
	} else if (r->nh) {
		cJSON *n = cJSON_AddObjectToObject(o, "next_hop");
		cJSON_AddStringToObject(n, "id", r->nh->id);
		cJSON_AddStringToObject(n, "type", model_kind_name(r->nh->kind));
	}
	cJSON_AddStringToObject(o, "state", r->blackhole ? "blackhole" : "active");
	cJSON *p = cJSON_AddArrayToObject(o, "as_path");
	for (uint32_t i = 0; i < r->attr.as_path_len; i++)
		cJSON_AddItemToArray(p, cJSON_CreateNumber(r->attr.as_path[i]));
	if (r->via)
		cJSON_AddStringToObject(o, "via", r->via->id);
	if (r->site)
		cJSON_AddStringToObject(o, "site", r->site->obj.id);
}

/* A TGW route table, VGW, DX gateway or site router lookup: the route
 * taken and the candidates for the same prefix that lost, with why. */
static void tj_detail_rib(cJSON *d, const struct trace_hop *h)
{
	const struct rib_route *r = h->rib_route;
	if (!r) {
		cJSON_AddNullToObject(d, "route");
		return;
	}
	tj_rib_route(cJSON_AddObjectToObject(d, "route"), r);
	if (h->n_ecmp > 1)
		cJSON_AddNumberToObject(d, "ecmp_paths", h->n_ecmp);
	cJSON *nc = cJSON_AddArrayToObject(d, "not_chosen");
	for (uint32_t i = 0; h->rib && i < h->rib->n_routes; i++) {
		const struct rib_route *x = &h->rib->routes[i];
		if (x == r || !net_prefix_eq(&x->attr.pfx, &r->attr.pfx) || rib_installed(x))
			continue;
		cJSON *l = cJSON_CreateObject();
		tj_rib_route(l, x);
		cJSON_AddStringToObject(l, "reason", rib_why_text(x));
		cJSON_AddItemToArray(nc, l);
	}
}

static cJSON *tj_hop(const struct trace_hop *h)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "seq", h->seq);
	cJSON_AddItemToObject(o, "component", tj_comp(&h->comp));
	cJSON_AddStringToObject(o, "action", h->action ? h->action : "forwarded");
	cJSON *d = cJSON_AddObjectToObject(o, "detail");
	if (h->dir != TRACE_DIR_NONE)
		cJSON_AddStringToObject(d, "direction", trace_dir_name(h->dir));
	switch (h->kind) {
	case TRACE_D_SG:
		tj_detail_sg(d, h);
		break;
	case TRACE_D_NACL:
		tj_detail_nacl(d, h);
		break;
	case TRACE_D_ROUTE:
		tj_detail_route(d, h);
		break;
	case TRACE_D_XLATE:
		cJSON_AddStringToObject(d, "translation", h->xlate_src ? "source" : "destination");
		tj_addr(d, "from", &h->xlate_from);
		tj_addr(d, "to", &h->xlate_to);
		break;
	case TRACE_D_PEERING:
		tj_str(d, "peer_vpc", h->peer_vpc_id);
		break;
	case TRACE_D_SERVICE:
		cJSON_AddStringToObject(d, "service", h->comp.id);
		break;
	case TRACE_D_RIB:
		tj_detail_rib(d, h);
		break;
	case TRACE_D_GATEWAY:
	case TRACE_D_OUTSIDE:
	case TRACE_D_NONE:
		break;
	}
	if (h->stateful && h->kind != TRACE_D_SG)
		cJSON_AddBoolToObject(d, "stateful", true);
	if (h->subnet && h->kind == TRACE_D_GATEWAY)
		cJSON_AddStringToObject(d, "subnet", h->subnet->obj.id);
	if (h->mtu)
		cJSON_AddNumberToObject(d, "mtu", h->mtu);
	if (h->note)
		cJSON_AddStringToObject(d, "note", h->note);
	cJSON *p = cJSON_AddObjectToObject(o, "packet");
	tj_addr(p, "src", &h->pkt.src);
	tj_addr(p, "dst", &h->pkt.dst);
	tj_ports(p, &h->pkt);
	return o;
}

static cJSON *tj_expl(const struct trace_expl *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", e->code);
	cJSON_AddItemToObject(o, "component", tj_comp(&e->comp));
	tj_str(o, "direction", trace_dir_name(e->dir));
	cJSON_AddStringToObject(o, "message", e->msg);
	if (e->info)
		cJSON_AddBoolToObject(o, "informational", true);
	return o;
}

static cJSON *tj_path(const struct trace_path *pa)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "reachable", pa->reachable);
	cJSON *hops = cJSON_AddArrayToObject(o, "hops");
	for (uint32_t i = 0; i < pa->n_hops; i++)
		cJSON_AddItemToArray(hops, tj_hop(&pa->hops[i]));
	cJSON *ex = cJSON_AddArrayToObject(o, "explanations");
	for (uint32_t i = 0; i < pa->n_expl; i++)
		cJSON_AddItemToArray(ex, tj_expl(&pa->expl[i]));
	if (pa->truncated)
		cJSON_AddBoolToObject(o, "truncated", true);
	if (pa->evaluated && pa->mtu) {
		cJSON *m = cJSON_AddObjectToObject(o, "mtu");
		cJSON_AddNumberToObject(m, "path", pa->mtu);
		cJSON_AddItemToObject(m, "limited_by", tj_comp(&pa->mtu_comp));
	}
	return o;
}

cJSON *trace_result_json(const struct trace_result *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddBoolToObject(o, "reachable", r->reachable);
	cJSON *f = cJSON_AddObjectToObject(o, "flow");
	cJSON_AddStringToObject(f, "src", r->src_text);
	cJSON_AddStringToObject(f, "dst", r->dst_text);
	tj_proto(f, "protocol", r->flow.proto);
	tj_ports(f, &r->flow);
	tj_str(f, "from", r->from);
	tj_str(f, "to", r->to);
	cJSON_AddNumberToObject(f, "size", r->size);
	cJSON_AddItemToObject(o, "forward", tj_path(&r->fwd));
	cJSON_AddItemToObject(o, "return", tj_path(&r->ret));
	return o;
}
