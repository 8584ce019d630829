/*
 * DOC: report -- show: a snapshot summary, or one resource and its relations
 *
 * Each resource is described once, as a JSON object; the text form is a
 * rendering of that object (aligned "key  value" lines), so the two outputs
 * never disagree.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"

/* ---- small builders ---- */

static cJSON *obj_header(const struct model_obj *o)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "id", o->id);
	cJSON_AddStringToObject(j, "type", model_kind_name(o->kind));
	report_json_add_str(j, "name", o->name);
	report_json_add_str(j, "region", o->region);
	report_json_add_str(j, "account", o->account);
	report_json_add_str(j, "file", o->file);
	if (o->synthetic)
		cJSON_AddBoolToObject(j, "synthetic", true);
	return j;
}

static const char *proto_name(int p, char *buf, size_t len)
{
	char tmp[NET_PROTO_STRLEN];
	snprintf(buf, len, "%s", net_proto_text(p, tmp));
	return buf;
}

static void fmt_ports(int proto, int from, int to, char *buf, size_t len)
{
	if (proto == 1 || proto == 58) {
		char t[16], c[16];
		snprintf(t, sizeof(t), "%d", from);
		snprintf(c, sizeof(c), "%d", to);
		snprintf(buf, len, "type %s code %s", from < 0 ? "all" : t, to < 0 ? "all" : c);
	} else if (from < 0 || (from == 0 && to == 65535) || proto == -1)
		snprintf(buf, len, "all ports");
	else if (from == to)
		snprintf(buf, len, "port %d", from);
	else
		snprintf(buf, len, "ports %d-%d", from, to);
}

/* ---- one describer per kind ---- */

static void describe_vpc(cJSON *j, const struct model_vpc *v)
{
	report_show_add_cidrs(j, "cidrs", v->cidrs, v->n_cidrs);
	report_show_add_cidrs(j, "ipv6_cidrs", v->cidrs6, v->n_cidrs6);
	report_json_add_str(j, "state", v->state);
	cJSON_AddBoolToObject(j, "default_vpc", v->is_default);
	cJSON_AddBoolToObject(j, "dns_support", v->dns_support);
	cJSON_AddBoolToObject(j, "dns_hostnames", v->dns_hostnames);
	if (v->n_cidrs && v->cidrs[0].pfx.addr.af) {
		struct net_addr dns;
		net_prefix_nth(&v->cidrs[0].pfx, 2, &dns);
		report_json_add_addr(j, "amazon_dns", &dns);
	}
	report_show_add_ref(j, "main_route_table", v->main_rtb, NULL);
	report_show_add_ref(j, "default_network_acl", v->default_nacl, NULL);
	report_show_add_ref(j, "default_security_group", v->default_sg, NULL);
	report_show_add_ref(j, "internet_gateway", v->igw, NULL);
	report_show_add_refs(j, "subnets", (void *const *)v->subnets, NULL, v->n_subnets);
}

static void describe_subnet(cJSON *j, const struct model_subnet *s)
{
	report_show_add_ref(j, "vpc", s->vpc, s->vpc_id);
	report_json_add_str(j, "availability_zone", s->az);
	report_json_add_str(j, "availability_zone_id", s->az_id);
	const struct net_prefix *p = &s->cidr.pfx;
	if (p->addr.af == NET_AF_INET) {
		report_json_add_prefix(j, "cidr", p);
		/* AWS reserves five addresses in every IPv4 subnet: network, VPC
		 * router, DNS (reserved even where the resolver lives at the VPC
		 * base + 2), future use, and the last address.
		 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html */
		static const char *const why[] = {"network address", "VPC router",
						  "reserved for Amazon DNS",
						  "reserved for future use"};
		cJSON *r = cJSON_CreateArray();
		char buf[NET_PREFIX_STRLEN], line[128];
		struct net_addr a;
		for (unsigned i = 0; i < 4; i++) {
			net_prefix_nth(p, i, &a);
			snprintf(line, sizeof(line), "%s %s", net_addr_fmt(&a, buf), why[i]);
			cJSON_AddItemToArray(r, cJSON_CreateString(line));
		}
		net_prefix_last(p, &a);
		snprintf(line, sizeof(line), "%s last address (AWS does not support broadcast)",
			 net_addr_fmt(&a, buf));
		cJSON_AddItemToArray(r, cJSON_CreateString(line));
		cJSON_AddItemToObject(j, "reserved_addresses", r);
		uint64_t total = (uint64_t)1 << (32 - p->len);
		cJSON_AddNumberToObject(j, "addresses", (double)total);
		cJSON_AddNumberToObject(j, "usable_addresses", (double)(total > 5 ? total - 5 : 0));
	} else {
		report_json_add_str(j, "cidr", s->cidr.text);
	}
	report_show_add_cidrs(j, "ipv6_cidrs", s->cidrs6, s->n_cidrs6);
	/* The same five in every IPv6 subnet CIDR (subnet-sizing.html, "Subnet
	 * sizing for IPv6": "The first four IPv6 addresses and the last IPv6
	 * address in each subnet CIDR block are not available for your use";
	 * ::1 is the VPC router's). */
	cJSON *r6 = s->n_cidrs6 ? cJSON_CreateArray() : NULL;
	for (uint32_t k = 0; r6 && k < s->n_cidrs6; k++) {
		const struct net_prefix *q = &s->cidrs6[k].pfx;
		char buf6[NET_PREFIX_STRLEN], line6[128];
		struct net_addr a6;
		if (q->addr.af != NET_AF_INET6)
			continue;
		for (unsigned i = 0; i <= MODEL_SUBNET_RESERVED_FIRST; i++) {
			if (i < MODEL_SUBNET_RESERVED_FIRST)
				net_prefix_nth(q, i, &a6);
			else
				net_prefix_last(q, &a6);
			snprintf(line6, sizeof(line6), "%s %s", net_addr_fmt(&a6, buf6),
				 i == 0                          ? "network address" :
				 i == 1                          ? "VPC router" :
				 i < MODEL_SUBNET_RESERVED_FIRST ? "reserved by AWS" :
								   "last address");
			cJSON_AddItemToArray(r6, cJSON_CreateString(line6));
		}
	}
	if (r6)
		cJSON_AddItemToObject(j, "ipv6_reserved_addresses", r6);
	cJSON_AddBoolToObject(j, "map_public_ip_on_launch", s->map_public_ip);
	char buf[600];
	if (s->rtb) {
		snprintf(buf, sizeof(buf), "%s%s%s%s, %s", s->rtb->obj.id,
			 s->rtb->obj.name ? " (" : "", s->rtb->obj.name ? s->rtb->obj.name : "",
			 s->rtb->obj.name ? ")" : "",
			 s->rtb_explicit ? "explicit association" : "main route table");
		cJSON_AddStringToObject(j, "route_table", buf);
	} else {
		cJSON_AddNullToObject(j, "route_table");
	}
	report_show_add_ref(j, "network_acl", s->nacl, NULL);
}

static cJSON *route_json(const struct model_route *r)
{
	cJSON *o = cJSON_CreateObject();
	char buf[NET_PREFIX_STRLEN];
	if (r->dst.pfx.addr.af)
		cJSON_AddStringToObject(o, "destination", net_prefix_fmt(&r->dst.pfx, buf));
	else
		report_json_add_str(o, "destination", r->dst_pl_id ? r->dst_pl_id : r->dst.text);
	report_json_add_str(o, "target", r->target_id);
	cJSON_AddStringToObject(o, "origin",
				r->origin == ROUTE_ORIGIN_TABLE  ? "CreateRouteTable" :
				r->origin == ROUTE_ORIGIN_STATIC ? "CreateRoute" :
								   "EnableVgwRoutePropagation");
	cJSON_AddStringToObject(o, "state", r->blackhole ? "blackhole" : "active");
	return o;
}

static void describe_rtb(cJSON *j, const struct model_rtb *t)
{
	report_show_add_ref(j, "vpc", t->vpc, t->vpc_id);
	cJSON_AddBoolToObject(j, "main", t->is_main);
	report_show_add_refs(j, "subnets", (void *const *)t->subnets, t->subnet_ids, t->n_subnets);
	report_show_add_refs(j, "edge_associations", (void *const *)t->edges, t->edge_ids,
			     t->n_edges);
	report_show_add_refs(j, "propagating_vgws", (void *const *)t->propagating_vgws,
			     t->propagating_vgw_ids, t->n_propagating_vgws);
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < t->n_routes; i++)
		cJSON_AddItemToArray(a, route_json(&t->routes[i]));
	cJSON_AddItemToObject(j, "routes", a);
}

static cJSON *sg_rule_json(const struct model_sg_rule *r)
{
	cJSON *o = cJSON_CreateObject();
	char pb[16], ports[48], buf[NET_PREFIX_STRLEN];
	cJSON_AddStringToObject(o, "direction", r->egress ? "egress" : "ingress");
	cJSON_AddStringToObject(o, "protocol", proto_name(r->proto, pb, sizeof(pb)));
	fmt_ports(r->proto, r->from, r->to, ports, sizeof(ports));
	cJSON_AddStringToObject(o, "ports", ports);
	const char *peer;
	if (r->peer_type == SG_PEER_CIDR4 || r->peer_type == SG_PEER_CIDR6)
		peer = r->cidr.pfx.addr.af ? net_prefix_fmt(&r->cidr.pfx, buf) : r->cidr.text;
	else
		peer = r->peer_id;
	report_json_add_str(o, r->egress ? "to" : "from", peer);
	if (r->description)
		cJSON_AddStringToObject(o, "description", r->description);
	return o;
}

static void describe_sg(cJSON *j, const struct model_sg *g)
{
	report_json_add_str(j, "group_name", g->group_name);
	report_json_add_str(j, "description", g->description);
	report_show_add_ref(j, "vpc", g->vpc, g->vpc_id);
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < g->n_rules; i++)
		cJSON_AddItemToArray(a, sg_rule_json(&g->rules[i]));
	cJSON_AddItemToObject(j, "rules", a);
}

static cJSON *nacl_entry_json(const struct model_nacl_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	char pb[16], ports[48], buf[NET_PREFIX_STRLEN];
	cJSON_AddNumberToObject(o, "rule", e->rule_number);
	cJSON_AddStringToObject(o, "direction", e->egress ? "egress" : "ingress");
	cJSON_AddStringToObject(o, "action", e->allow ? "allow" : "deny");
	cJSON_AddStringToObject(o, "protocol", proto_name(e->proto, pb, sizeof(pb)));
	if (e->has_icmp)
		fmt_ports(1, e->icmp_type, e->icmp_code, ports, sizeof(ports));
	else if (e->has_ports)
		fmt_ports(6, e->port_from, e->port_to, ports, sizeof(ports));
	else
		snprintf(ports, sizeof(ports), "all ports");
	cJSON_AddStringToObject(o, "ports", ports);
	report_json_add_str(o, "cidr",
			    e->cidr.pfx.addr.af ? net_prefix_fmt(&e->cidr.pfx, buf) : e->cidr.text);
	return o;
}

static void describe_nacl(cJSON *j, const struct model_nacl *n)
{
	report_show_add_ref(j, "vpc", n->vpc, n->vpc_id);
	cJSON_AddBoolToObject(j, "default", n->is_default);
	report_show_add_refs(j, "subnets", (void *const *)n->subnets, n->subnet_ids, n->n_subnets);
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < n->n_entries; i++)
		cJSON_AddItemToArray(a, nacl_entry_json(&n->entries[i]));
	cJSON_AddItemToObject(j, "entries", a);
}

static void describe_eni(cJSON *j, const struct model_eni *e)
{
	report_json_add_str(j, "interface_type", e->type);
	report_json_add_str(j, "status", e->status);
	report_show_add_ref(j, "vpc", e->vpc, e->vpc_id);
	report_show_add_ref(j, "subnet", e->subnet, e->subnet_id);
	report_json_add_str(j, "availability_zone", e->az);
	cJSON *a = cJSON_CreateArray();
	char b1[NET_PREFIX_STRLEN], b2[NET_PREFIX_STRLEN], line[200];
	for (uint32_t i = 0; i < e->n_ips; i++) {
		const struct model_eni_ip *ip = &e->ips[i];
		snprintf(line, sizeof(line), "%s%s%s%s%s", net_addr_fmt(&ip->priv, b1),
			 ip->primary ? " (primary)" : "", ip->pub.af ? " -> public " : "",
			 ip->pub.af ? net_addr_fmt(&ip->pub, b2) : "",
			 ip->eip_alloc_id ? " (Elastic IP)" : "");
		cJSON_AddItemToArray(a, cJSON_CreateString(line));
	}
	cJSON_AddItemToObject(j, "private_ips", a);
	a = cJSON_CreateArray();
	for (uint32_t i = 0; i < e->n_ips6; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(net_addr_fmt(&e->ips6[i], b1)));
	cJSON_AddItemToObject(j, "ipv6_addresses", a);
	report_show_add_refs(j, "security_groups", (void *const *)e->sgs, e->sg_ids, e->n_sgs);
	cJSON_AddBoolToObject(j, "source_dest_check", e->source_dest_check);
	report_show_add_ref(j, "instance", e->instance, e->instance_id);
	if (e->owner)
		report_show_add_ref(j, "serves", e->owner, NULL);
}

static void describe_instance(cJSON *j, const struct model_instance *in)
{
	report_json_add_str(j, "state", in->state);
	report_show_add_ref(j, "vpc", in->vpc, in->vpc_id);
	report_show_add_ref(j, "subnet", in->subnet, in->subnet_id);
	report_json_add_str(j, "availability_zone", in->az);
	report_json_add_addr(j, "private_ip", &in->private_ip);
	report_json_add_addr(j, "public_ip", &in->public_ip);
	report_show_add_refs(j, "network_interfaces", (void *const *)in->enis, in->eni_ids,
			     in->n_enis);
	cJSON_AddBoolToObject(j, "source_dest_check", in->source_dest_check);
}

static void describe_igw(cJSON *j, const struct model_igw *g)
{
	report_show_add_refs(j, "attached_vpcs", (void *const *)g->vpcs, g->vpc_ids, g->n_vpcs);
}

static void describe_natgw(cJSON *j, const struct model_natgw *n)
{
	report_json_add_str(j, "state", n->state);
	cJSON_AddStringToObject(j, "connectivity", n->private_nat ? "private" : "public");
	report_show_add_ref(j, "vpc", n->vpc, n->vpc_id);
	report_show_add_ref(j, "subnet", n->subnet, n->subnet_id);
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < n->n_addrs; i++) {
		cJSON *o = cJSON_CreateObject();
		report_json_add_addr(o, "private_ip", &n->addrs[i].priv);
		report_json_add_addr(o, "public_ip", &n->addrs[i].pub);
		report_json_add_str(o, "network_interface", n->addrs[i].eni_id);
		report_json_add_str(o, "allocation", n->addrs[i].alloc_id);
		cJSON_AddItemToArray(a, o);
	}
	cJSON_AddItemToObject(j, "addresses", a);
}

static void describe_pcx_side(cJSON *j, const char *key, const struct model_pcx_side *s)
{
	cJSON *o = cJSON_CreateObject();
	report_show_add_ref(o, "vpc", s->vpc, s->vpc_id);
	report_json_add_str(o, "owner", s->owner);
	report_json_add_str(o, "region", s->region);
	report_show_add_cidrs(o, "cidrs", s->cidrs, s->n_cidrs);
	report_show_add_cidrs(o, "ipv6_cidrs", s->cidrs6, s->n_cidrs6);
	cJSON_AddItemToObject(j, key, o);
}

static void describe_pcx(cJSON *j, const struct model_pcx *p)
{
	report_json_add_str(j, "status", p->status);
	describe_pcx_side(j, "requester", &p->requester);
	describe_pcx_side(j, "accepter", &p->accepter);
}

static void describe_vpce(cJSON *j, const struct model_vpce *e)
{
	static const char *const types[] = {"Gateway", "Interface", "GatewayLoadBalancer"};
	cJSON_AddStringToObject(j, "endpoint_type", types[e->type]);
	report_json_add_str(j, "service", e->service_name);
	report_json_add_str(j, "state", e->state);
	report_show_add_ref(j, "vpc", e->vpc, e->vpc_id);
	cJSON_AddItemToObject(j, "route_tables", report_json_str_array(e->rtb_ids, e->n_rtbs));
	cJSON_AddItemToObject(j, "subnets", report_json_str_array(e->subnet_ids, e->n_subnets));
	report_show_add_refs(j, "security_groups", (void *const *)e->sgs, e->sg_ids, e->n_sgs);
	report_show_add_refs(j, "network_interfaces", (void *const *)e->enis, e->eni_ids,
			     e->n_enis);
	cJSON_AddBoolToObject(j, "private_dns", e->private_dns);
}

static void describe_tgw_rtb(cJSON *j, const struct model_tgw_rtb *t)
{
	report_show_add_ref(j, "transit_gateway", t->tgw, t->tgw_id);
	cJSON_AddBoolToObject(j, "default_association", t->default_assoc);
	cJSON_AddBoolToObject(j, "default_propagation", t->default_prop);
	report_show_add_refs(j, "associations", (void *const *)t->assoc_atts, NULL,
			     t->n_assoc_atts);
	report_show_add_refs(j, "propagations", (void *const *)t->prop_atts, t->prop_att_ids,
			     t->n_prop_atts);
	cJSON *a = cJSON_CreateArray();
	char buf[NET_PREFIX_STRLEN];
	for (uint32_t i = 0; i < t->n_routes; i++) {
		const struct model_tgw_route *r = &t->routes[i];
		cJSON *o = cJSON_CreateObject();
		report_json_add_str(o, "destination",
				    r->dst.pfx.addr.af ? net_prefix_fmt(&r->dst.pfx, buf) :
							 r->dst_pl_id);
		cJSON_AddItemToObject(o, "attachments",
				      report_json_str_array(r->att_ids, r->n_atts));
		cJSON_AddStringToObject(o, "state", r->blackhole ? "blackhole" : "active");
		cJSON_AddItemToArray(a, o);
	}
	cJSON_AddItemToObject(j, "static_routes", a);
}

static void describe_tgw_att(cJSON *j, const struct model_tgw_att *a)
{
	report_show_add_ref(j, "transit_gateway", a->tgw, a->tgw_id);
	cJSON_AddStringToObject(j, "resource_type", model_tgw_att_type_name(a->type));
	report_show_add_ref(j, "resource", a->resource, a->resource_id);
	report_json_add_str(j, "state", a->state);
	report_show_add_ref(j, "associated_route_table", a->assoc_rtb, a->assoc_rtb_id);
	if (a->type == TGW_ATT_VPC) {
		report_show_add_refs(j, "subnets", (void *const *)a->subnets, a->subnet_ids,
				     a->n_subnets);
		cJSON_AddBoolToObject(j, "appliance_mode", a->appliance_mode);
	}
	if (a->type == TGW_ATT_PEERING) {
		report_json_add_str(j, "peer_transit_gateway", a->peer_tgw_id);
		report_json_add_str(j, "peer_region", a->peer_region);
	}
}

/* An AWS-managed resource (model.h, struct model_managed): what it is and
 * the interfaces that fit it. */
static void describe_managed(cJSON *j, const struct model_managed *r)
{
	report_json_add_str(j, "service", r->service);
	report_json_add_str(j, "arn", r->arn);
	report_json_add_str(j, "engine", r->engine);
	report_json_add_str(j, "status", r->status);
	report_json_add_str(j, "vpc", r->vpc_id);
	report_json_add_str(j, "availability_zone", r->az);
	cJSON_AddItemToObject(j, "subnets", report_json_str_array(r->subnet_ids, r->n_subnets));
	cJSON_AddItemToObject(j, "security_groups", report_json_str_array(r->sg_ids, r->n_sgs));
	cJSON *names = cJSON_AddArrayToObject(j, "endpoints");
	for (uint32_t i = 0; names && i < r->n_names; i++)
		cJSON_AddItemToArray(names, cJSON_CreateString(r->names[i].name));
	cJSON *enis = cJSON_AddArrayToObject(j, "network_interfaces");
	for (uint32_t i = 0; enis && i < r->n_enis; i++)
		cJSON_AddItemToArray(enis, cJSON_CreateString(r->enis[i]->obj.id));
	if (r->n_reader_enis) {
		cJSON *rd = cJSON_AddArrayToObject(j, "reader_network_interfaces");
		for (uint32_t i = 0; rd && i < r->n_reader_enis; i++)
			cJSON_AddItemToArray(rd, cJSON_CreateString(r->reader_enis[i]->obj.id));
	}
}

static void describe_generic(cJSON *j, const struct model_obj *o)
{
	if (model_kind_managed(o->kind)) {
		describe_managed(j, (const void *)o);
		return;
	}
	switch (o->kind) {
	case MODEL_VPC:
		describe_vpc(j, (const void *)o);
		break;
	case MODEL_SUBNET:
		describe_subnet(j, (const void *)o);
		break;
	case MODEL_RTB:
		describe_rtb(j, (const void *)o);
		break;
	case MODEL_SG:
		describe_sg(j, (const void *)o);
		break;
	case MODEL_NACL:
		describe_nacl(j, (const void *)o);
		break;
	case MODEL_ENI:
		describe_eni(j, (const void *)o);
		break;
	case MODEL_INSTANCE:
		describe_instance(j, (const void *)o);
		break;
	case MODEL_IGW:
	case MODEL_EIGW:
		describe_igw(j, (const void *)o);
		break;
	case MODEL_NATGW:
		describe_natgw(j, (const void *)o);
		break;
	case MODEL_PCX:
		describe_pcx(j, (const void *)o);
		break;
	case MODEL_VPCE:
		describe_vpce(j, (const void *)o);
		break;
	case MODEL_TGW_RTB:
		describe_tgw_rtb(j, (const void *)o);
		break;
	case MODEL_TGW_ATT:
		describe_tgw_att(j, (const void *)o);
		break;
	default:
		report_show_describe_more(j, o);
		break;
	}
}

/* ---- text rendering of a description ---- */

static void render_scalar(const cJSON *v, FILE *f)
{
	if (cJSON_IsString(v))
		report_text_put(v->valuestring, f);
	else if (cJSON_IsBool(v))
		fputs(cJSON_IsTrue(v) ? "yes" : "no", f);
	else if (cJSON_IsNumber(v))
		report_textf(f, "%.15g", v->valuedouble);
	else if (cJSON_IsNull(v))
		fputs("-", f);
}

/* An object inside a list prints on one line: its values, two spaces apart. */
static void render_inline(const cJSON *o, FILE *f)
{
	bool first = true;
	for (const cJSON *v = o->child; v; v = v->next) {
		if (!first)
			fputs("  ", f);
		first = false;
		if (cJSON_IsArray(v)) {
			bool f2 = true;
			for (const cJSON *x = v->child; x; x = x->next) {
				if (!f2)
					fputs(",", f);
				f2 = false;
				render_scalar(x, f);
			}
			if (f2)
				fputs("-", f);
		} else if (cJSON_IsObject(v)) {
			render_inline(v, f);
		} else {
			render_scalar(v, f);
		}
	}
}

/* @top: the resource itself, whose id and type are already in the heading. */
static void render_object(const cJSON *o, int indent, bool top, FILE *f)
{
	for (const cJSON *v = o->child; v; v = v->next) {
		if (top && (!strcmp(v->string, "id") || !strcmp(v->string, "type")))
			continue;
		char key[64];
		snprintf(key, sizeof(key), "%s", v->string);
		for (char *p = key; *p; p++)
			if (*p == '_')
				*p = ' ';
		if (cJSON_IsArray(v)) {
			int n = cJSON_GetArraySize(v);
			if (n == 0) {
				report_textf(f, "%*s%-24s -\n", indent, "", key);
				continue;
			}
			report_textf(f, "%*s%-24s", indent, "", key);
			bool objects = cJSON_IsObject(v->child);
			int i = 0;
			for (const cJSON *x = v->child; x; x = x->next, i++) {
				if (i > 0)
					report_textf(f, "%*s%-24s", indent, "", "");
				fputc(' ', f);
				if (objects)
					render_inline(x, f);
				else
					render_scalar(x, f);
				fputc('\n', f);
			}
		} else if (cJSON_IsObject(v)) {
			report_textf(f, "%*s%s\n", indent, "", key);
			render_object(v, indent + 2, false, f);
		} else {
			report_textf(f, "%*s%-24s ", indent, "", key);
			render_scalar(v, f);
			fputc('\n', f);
		}
	}
}

static void render_resource(const cJSON *j, FILE *f)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "type");
	report_textf(f, "%s  %s\n", type->valuestring, id->valuestring);
	render_object(j, 2, true, f);
}

/* ---- finding what the user named ---- */

static cJSON *summary_json(const char *path, const struct model *m)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "snapshot", path);
	cJSON_AddItemToObject(j, "regions", report_json_str_array(m->regions, m->n_regions));
	cJSON_AddItemToObject(j, "accounts", report_json_str_array(m->accounts, m->n_accounts));
	cJSON *c = cJSON_CreateObject();
	uint32_t synthetic = 0;
	for (int k = 0; k < MODEL_KIND_COUNT; k++) {
		uint32_t n = model_count(m, (enum model_kind)k);
		for (uint32_t i = 0; i < n; i++)
			synthetic += model_get(m, (enum model_kind)k, i)->synthetic;
		if (n)
			cJSON_AddNumberToObject(c, model_kind_name((enum model_kind)k), n);
	}
	cJSON_AddItemToObject(j, "resources", c);
	cJSON_AddNumberToObject(j, "defaults_added", synthetic);
	return j;
}

static void render_summary(const cJSON *j, FILE *f)
{
	report_textf(f, "snapshot  %s\n",
		     cJSON_GetObjectItemCaseSensitive(j, "snapshot")->valuestring);
	static const char *const lists[] = {"regions", "accounts"};
	for (int l = 0; l < 2; l++) {
		report_textf(f, "%-9s", lists[l]);
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, lists[l]);
		if (!a->child)
			fputs(" -", f);
		for (const cJSON *x = a->child; x; x = x->next)
			report_textf(f, " %s", x->valuestring);
		fputc('\n', f);
	}
	fputs("\nresources\n", f);
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "resources");
	for (const cJSON *x = c->child; x; x = x->next)
		report_textf(f, "  %-30s %6d\n", x->string, x->valueint);
	int added = cJSON_GetObjectItemCaseSensitive(j, "defaults_added")->valueint;
	if (added)
		report_textf(f,
			     "\n%d default resource%s added where the snapshot was silent, as AWS "
			     "creates them\n",
			     added, added == 1 ? "" : "s");
}

bool report_show(FILE *f, const char *path, const struct model *m, const struct model_obj *o,
		 bool json)
{
	cJSON *j;
	if (o) {
		j = obj_header(o);
		describe_generic(j, o);
	} else {
		j = summary_json(path, m);
	}
	if (!j)
		return false;
	if (json)
		return report_json_print(j, f);
	if (o)
		render_resource(j, f);
	else
		render_summary(j, f);
	cJSON_Delete(j);
	return true;
}
