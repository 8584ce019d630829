/*
 * DOC: report -- show: describers for hybrid, load-balancing, DNS and site resources
 */
#include <stdarg.h>
#include <stdio.h>

#include "report/report_int.h"

static void describe_eip(cJSON *j, const struct model_eip *e)
{
	report_json_add_addr(j, "public_ip", &e->public_ip);
	report_json_add_str(j, "association", e->association_id);
	report_json_add_str(j, "instance", e->instance_id);
	report_json_add_str(j, "network_interface", e->eni_id);
	report_json_add_addr(j, "private_ip", &e->private_ip);
}

static void describe_pl(cJSON *j, const struct model_pl *p)
{
	report_show_add_cidrs(j, "cidrs", p->cidrs, p->n_cidrs);
	if (p->max_entries >= 0)
		cJSON_AddNumberToObject(j, "max_entries", p->max_entries);
}

static void describe_tgw(cJSON *j, const struct model_tgw *t)
{
	report_json_add_str(j, "state", t->state);
	cJSON_AddNumberToObject(j, "amazon_side_asn", t->asn);
	cJSON_AddBoolToObject(j, "default_route_table_association", t->default_assoc);
	report_show_add_ref(j, "association_default_route_table", t->assoc_rtb, t->assoc_rtb_id);
	cJSON_AddBoolToObject(j, "default_route_table_propagation", t->default_prop);
	report_show_add_ref(j, "propagation_default_route_table", t->prop_rtb, t->prop_rtb_id);
	cJSON_AddBoolToObject(j, "vpn_ecmp_support", t->vpn_ecmp);
}

static void describe_vgw(cJSON *j, const struct model_vgw *v)
{
	report_json_add_str(j, "state", v->state);
	cJSON_AddNumberToObject(j, "amazon_side_asn", v->asn);
	report_show_add_refs(j, "attached_vpcs", (void *const *)v->vpcs, v->vpc_ids, v->n_vpcs);
}

static void describe_cgw(cJSON *j, const struct model_cgw *g)
{
	report_json_add_str(j, "state", g->state);
	cJSON_AddNumberToObject(j, "bgp_asn", g->asn);
	report_json_add_addr(j, "ip_address", &g->ip);
	report_json_add_str(j, "device", g->device_name);
}

static void describe_vpn(cJSON *j, const struct model_vpn *v)
{
	report_json_add_str(j, "state", v->state);
	report_show_add_ref(j, "customer_gateway", v->cgw, v->cgw_id);
	if (v->vgw_id)
		report_show_add_ref(j, "vpn_gateway", v->vgw, v->vgw_id);
	if (v->tgw_id) {
		report_show_add_ref(j, "transit_gateway", v->tgw, v->tgw_id);
		report_show_add_ref(j, "transit_gateway_attachment", v->tgw_att, NULL);
	}
	cJSON_AddStringToObject(j, "routing", v->static_only ? "static" : "BGP");
	cJSON *a = cJSON_CreateArray();
	char b1[NET_PREFIX_STRLEN], b2[NET_PREFIX_STRLEN], line[160];
	for (uint32_t i = 0; i < v->n_tunnels; i++) {
		const struct model_vpn_tunnel *t = &v->tunnels[i];
		snprintf(line, sizeof(line), "%s inside %s %s, %u routes accepted",
			 net_addr_fmt(&t->outside_ip, b1),
			 t->inside_cidr.pfx.addr.af ? net_prefix_fmt(&t->inside_cidr.pfx, b2) : "-",
			 t->up ? "UP" : "DOWN", t->accepted_routes);
		cJSON_AddItemToArray(a, cJSON_CreateString(line));
	}
	cJSON_AddItemToObject(j, "tunnels", a);
	a = cJSON_CreateArray();
	for (uint32_t i = 0; i < v->n_routes; i++)
		cJSON_AddItemToArray(
			a, cJSON_CreateString(v->routes[i].dst.pfx.addr.af ?
						      net_prefix_fmt(&v->routes[i].dst.pfx, b1) :
						      "-"));
	cJSON_AddItemToObject(j, "static_routes", a);
}

static void describe_dxgw(cJSON *j, const struct model_dxgw *d)
{
	report_json_add_str(j, "state", d->state);
	cJSON_AddNumberToObject(j, "amazon_side_asn", d->asn);
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < d->n_assocs; i++) {
		const struct model_dxgw_assoc *as = &d->assocs[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "gateway",
				      report_show_ref_json(as->gateway, as->gateway_id));
		report_json_add_str(o, "state", as->state);
		report_show_add_cidrs(o, "allowed_prefixes", as->allowed, as->n_allowed);
		cJSON_AddItemToArray(a, o);
	}
	cJSON_AddItemToObject(j, "associations", a);
}

static void describe_vif(cJSON *j, const struct model_vif *v)
{
	static const char *const types[] = {"private", "public", "transit"};
	cJSON_AddStringToObject(j, "vif_type", types[v->type]);
	report_json_add_str(j, "state", v->state);
	cJSON_AddNumberToObject(j, "vlan", v->vlan);
	cJSON_AddNumberToObject(j, "customer_asn", v->asn);
	cJSON_AddNumberToObject(j, "amazon_side_asn", v->amazon_asn);
	cJSON_AddNumberToObject(j, "mtu", v->mtu);
	report_json_add_str(j, "connection", v->connection_id);
	if (v->vgw_id)
		report_show_add_ref(j, "vpn_gateway", v->vgw, v->vgw_id);
	if (v->dxgw_id)
		report_show_add_ref(j, "direct_connect_gateway", v->dxgw, v->dxgw_id);
	cJSON *a = cJSON_CreateArray();
	char line[200];
	for (uint32_t i = 0; i < v->n_peers; i++) {
		const struct model_bgp_peer *p = &v->peers[i];
		snprintf(line, sizeof(line), "AS%u %s %s <-> %s %s", p->asn, p->af ? p->af : "-",
			 p->amazon_addr ? p->amazon_addr : "-",
			 p->customer_addr ? p->customer_addr : "-", p->up ? "up" : "down");
		cJSON_AddItemToArray(a, cJSON_CreateString(line));
	}
	cJSON_AddItemToObject(j, "bgp_peers", a);
	if (v->n_route_filters)
		report_show_add_cidrs(j, "route_filter_prefixes", v->route_filters,
				      v->n_route_filters);
	cJSON_AddBoolToObject(j, "sitelink", v->sitelink);
}

/* Append to @buf (of @len, @n used) like snprintf; returns the new @n. */
static size_t addf(char *buf, size_t len, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t addf(char *buf, size_t len, size_t n, const char *fmt, ...)
{
	if (n >= len)
		return n;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return w < 0 ? n : n + (size_t)w;
}

static const char *rule_line(const struct model_lb_listener *ls, const struct model_lb_rule *r,
			     char *buf, size_t len)
{
	char pb[NET_PREFIX_STRLEN];
	size_t n = addf(buf, len, 0, "%s %u ", ls->protocol ? ls->protocol : "-", ls->port);
	n = r->is_default ? addf(buf, len, n, "default") : addf(buf, len, n, "#%u", r->priority);
	for (uint32_t c = 0; c < r->n_conds; c++) {
		const struct model_lb_cond *k = &r->conds[c];
		n = addf(buf, len, n, "%s %s", c ? " &" : "", k->field);
		if (k->header_name)
			n = addf(buf, len, n, " %s=", k->header_name);
		for (uint32_t v = 0; v < k->n_values; v++)
			n = addf(buf, len, n, "%s%s", v ? "|" : (k->header_name ? "" : " "),
				 k->values[v] ? k->values[v] : "");
		for (uint32_t v = 0; v < k->n_regexes; v++)
			n = addf(buf, len, n, " ~%s", k->regexes[v] ? k->regexes[v] : "");
		for (uint32_t v = 0; v < k->n_pairs; v++)
			n = addf(buf, len, n, "%s%s%s%s", v ? "|" : " ",
				 k->pairs[v].key ? k->pairs[v].key : "", k->pairs[v].key ? "=" : "",
				 k->pairs[v].value ? k->pairs[v].value : "");
		for (uint32_t v = 0; v < k->n_cidrs; v++)
			n = addf(buf, len, n, "%s%s", v ? "|" : " ",
				 net_prefix_fmt(&k->cidrs[v].pfx, pb));
	}
	for (uint32_t a = 0; a < r->n_actions; a++) {
		const struct model_lb_action *x = &r->actions[a];
		n = addf(buf, len, n, "%s %s", a ? "," : " ->", x->type);
		for (uint32_t t = 0; t < x->n_tgs; t++)
			n = addf(buf, len, n, "%s %s (%u)", t ? "," : "",
				 x->tgs[t].tg && x->tgs[t].tg->obj.name ? x->tgs[t].tg->obj.name :
									  x->tgs[t].tg_arn,
				 x->tgs[t].weight);
		if (x->status_code)
			n = addf(buf, len, n, " %s", x->status_code);
		if (x->redirect_host || x->redirect_path)
			n = addf(buf, len, n, " to %s%s", x->redirect_host ? x->redirect_host : "",
				 x->redirect_path ? x->redirect_path : "");
	}
	return buf;
}

static void describe_lb(cJSON *j, const struct model_lb *l)
{
	report_json_add_str(j, "lb_type", l->type);
	report_json_add_str(j, "scheme", l->scheme);
	report_json_add_str(j, "state", l->state);
	report_json_add_str(j, "dns_name", l->dns_name);
	report_show_add_ref(j, "vpc", l->vpc, l->vpc_id);
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < l->n_azs; i++)
		cJSON_AddItemToArray(
			a, report_show_ref_json(l->azs[i].subnet ? &l->azs[i].subnet->obj : NULL,
						l->azs[i].subnet_id));
	cJSON_AddItemToObject(j, "subnets", a);
	report_show_add_refs(j, "security_groups", (void *const *)l->sgs, l->sg_ids, l->n_sgs);
	a = cJSON_CreateArray();
	char line[300];
	for (uint32_t i = 0; i < l->n_listeners; i++) {
		const struct model_lb_listener *ls = &l->listeners[i];
		snprintf(line, sizeof(line), "%s %u -> %u target group%s",
			 ls->protocol ? ls->protocol : "-", ls->port, ls->n_tgs,
			 ls->n_tgs == 1 ? "" : "s");
		cJSON_AddItemToArray(a, cJSON_CreateString(line));
	}
	cJSON_AddItemToObject(j, "listeners", a);
	/* each rule as one line: "HTTPS 443 #10 path-pattern /api/(any) & http-header
	 * X-Env=prod|stage -> forward api (80), web (20)" */
	a = cJSON_CreateArray();
	for (uint32_t i = 0; i < l->n_listeners; i++) {
		const struct model_lb_listener *ls = &l->listeners[i];
		for (uint32_t r = 0; r < ls->n_rules; r++)
			cJSON_AddItemToArray(a, cJSON_CreateString(rule_line(ls, &ls->rules[r],
									     line, sizeof(line))));
	}
	if (cJSON_GetArraySize(a))
		cJSON_AddItemToObject(j, "rules", a);
	else
		cJSON_Delete(a);
}

static void describe_tg(cJSON *j, const struct model_tg *t)
{
	report_json_add_str(j, "protocol", t->protocol);
	cJSON_AddNumberToObject(j, "port", t->port);
	report_json_add_str(j, "target_type", t->target_type);
	report_show_add_ref(j, "vpc", t->vpc, t->vpc_id);
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < t->n_targets; i++) {
		cJSON *o = cJSON_CreateObject();
		report_json_add_str(o, "id", t->targets[i].id);
		cJSON_AddNumberToObject(o, "port", t->targets[i].port);
		report_json_add_str(o, "health", t->targets[i].health);
		cJSON_AddItemToArray(a, o);
	}
	cJSON_AddItemToObject(j, "targets", a);
	if (t->n_attrs) {
		cJSON *o = cJSON_CreateObject();
		for (uint32_t i = 0; i < t->n_attrs; i++)
			if (t->attrs[i].key)
				report_json_add_str(o, t->attrs[i].key, t->attrs[i].value);
		cJSON_AddItemToObject(j, "attributes", o);
	}
}

static void describe_site(cJSON *j, const struct model_site *s)
{
	report_show_add_cidrs(j, "cidrs", s->cidrs, s->n_cidrs);
	if (s->asn)
		cJSON_AddNumberToObject(j, "bgp_asn", s->asn);
	cJSON *a = cJSON_CreateArray();
	char b[NET_PREFIX_STRLEN], line[300];
	for (uint32_t i = 0; i < s->n_adv; i++) {
		const struct model_site_adv *ad = &s->adv[i];
		int n = snprintf(line, sizeof(line), "%s via %s",
				 ad->prefix.pfx.addr.af ? net_prefix_fmt(&ad->prefix.pfx, b) : "-",
				 ad->via_id ? ad->via_id : "-");
		for (uint32_t k = 0; k < ad->n_communities && n > 0 && (size_t)n < sizeof(line);
		     k++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %u:%u",
				      ad->communities[k] >> 16, ad->communities[k] & 0xffff);
		if (ad->as_path_prepend && n > 0 && (size_t)n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - (size_t)n, " prepend %u",
				      ad->as_path_prepend);
		if (ad->has_med && n > 0 && (size_t)n < sizeof(line))
			snprintf(line + n, sizeof(line) - (size_t)n, " med %u", ad->med);
		cJSON_AddItemToArray(a, cJSON_CreateString(line));
	}
	cJSON_AddItemToObject(j, "advertises", a);
	a = cJSON_CreateArray();
	for (uint32_t i = 0; i < s->n_hosts; i++) {
		snprintf(line, sizeof(line), "%s %s", s->hosts[i].id ? s->hosts[i].id : "-",
			 net_addr_fmt(&s->hosts[i].ip, b));
		cJSON_AddItemToArray(a, cJSON_CreateString(line));
	}
	cJSON_AddItemToObject(j, "hosts", a);
}

void report_show_describe_more(cJSON *j, const struct model_obj *o)
{
	switch (o->kind) {
	case MODEL_EIP:
		describe_eip(j, (const void *)o);
		break;
	case MODEL_PL:
		describe_pl(j, (const void *)o);
		break;
	case MODEL_TGW:
		describe_tgw(j, (const void *)o);
		break;
	case MODEL_VGW:
		describe_vgw(j, (const void *)o);
		break;
	case MODEL_CGW:
		describe_cgw(j, (const void *)o);
		break;
	case MODEL_VPN:
		describe_vpn(j, (const void *)o);
		break;
	case MODEL_DXGW:
		describe_dxgw(j, (const void *)o);
		break;
	case MODEL_VIF:
		describe_vif(j, (const void *)o);
		break;
	case MODEL_LB:
		describe_lb(j, (const void *)o);
		break;
	case MODEL_TG:
		describe_tg(j, (const void *)o);
		break;
	case MODEL_ZONE:
		cJSON_AddBoolToObject(j, "private_zone",
				      ((const struct model_zone *)(const void *)o)->private_zone);
		break;
	case MODEL_SITE:
		describe_site(j, (const void *)o);
		break;
	default:
		break;
	}
}
