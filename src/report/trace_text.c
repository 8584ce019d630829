/*
 * DOC: trace result -> text, a traceroute that explains itself
 *
 *   tcp 10.0.10.20:49152 -> 203.0.113.1:443 (from i-0d51..., to internet)
 *
 *   forward: reachable
 *     1  eni-0a1 (app-1)        allowed     egress by sg-05b rule: all to 0.0.0.0/0
 *     2  acl-040                allowed     egress rule 120 allow tcp 443 to 0.0.0.0/0
 *     3  rtb-0b0                forwarded   route 0.0.0.0/0 -> nat-057 (static)
 *     ...
 *   return: ...
 *   result: reachable both ways
 *
 * One line per hop: sequence, component (Name tag), action, and the rule
 * or route that decided; a route line lists the routes it beat.  Blocking
 * explanations follow each path with their codes.  Every string from the
 * snapshot or the user (ids, Name tags, notes) is printed through
 * report_textf()/report_text_put(), which escape control characters
 * (report/report.h): a Name tag cannot forge a line of this report.
 */
#include <stdio.h>
#include <string.h>

#include "vpcsim/report.h"
#include "vpcsim/trace.h"

static const char *tt_addr(const struct net_addr *a, char *buf)
{
	return a->af ? net_addr_fmt(a, buf) : "?";
}

static void tt_endpoint(FILE *f, const struct net_addr *a, uint8_t proto, uint16_t port)
{
	char b[NET_PREFIX_STRLEN];
	if (proto == ACL_PROTO_TCP || proto == ACL_PROTO_UDP) {
		if (a->af == NET_AF_INET6)
			report_textf(f, "[%s]:%u", tt_addr(a, b), (unsigned)port);
		else
			report_textf(f, "%s:%u", tt_addr(a, b), (unsigned)port);
	} else {
		fputs(tt_addr(a, b), f);
	}
}

static void tt_sg_rule(FILE *f, const struct model_sg_rule *r)
{
	char pr[8];
	const char *p = r->proto < 0 ? "all traffic" : trace_proto_text((uint8_t)r->proto, pr);
	fputs(p, f);
	if ((r->proto == ACL_PROTO_TCP || r->proto == ACL_PROTO_UDP) && r->from >= 0) {
		if (r->to > r->from)
			report_textf(f, " %d-%d", r->from, r->to);
		else
			report_textf(f, " %d", r->from);
	} else if ((r->proto == ACL_PROTO_ICMP || r->proto == ACL_PROTO_ICMPV6) && r->from >= 0) {
		report_textf(f, " type %d", r->from);
		if (r->to >= 0)
			report_textf(f, " code %d", r->to);
	}
	fputs(r->egress ? " to " : " from ", f);
	if (r->peer_type == SG_PEER_SG || r->peer_type == SG_PEER_PL) {
		report_text_put(r->peer_id ? r->peer_id : "?", f);
	} else {
		char b[NET_PREFIX_STRLEN];
		report_text_put(r->cidr.text ? r->cidr.text : net_prefix_fmt(&r->cidr.pfx, b), f);
	}
}

static void tt_route(FILE *f, const struct model_route *r)
{
	char b[NET_PREFIX_STRLEN];
	const char *dst = r->dst.pfx.addr.af == NET_AF_NONE ? r->dst_pl_id :
			  r->dst.text                       ? r->dst.text :
							      net_prefix_fmt(&r->dst.pfx, b);
	report_textf(f, "%s -> %s (%s%s)", dst ? dst : "?", r->target_id ? r->target_id : "?",
		     route_class_name(route_vpc_class(r)), r->blackhole ? ", blackhole" : "");
}

/* A load balancer node: "listener HTTP:80, rule 10 (forward), target group
 * web -> i-1:8080 (healthy, 1 of 2), source 10.0.3.5" and so on. */
static void tt_lb(FILE *f, const struct trace_hop *h)
{
	char b[NET_PREFIX_STRLEN];
	if (h->xlate_src) {
		report_textf(f, "reply to the client from %s:%u", tt_addr(&h->xlate_to, b),
			     (unsigned)h->xport_to);
		return;
	}
	if (!h->lb_listener) {
		if (h->note)
			report_text_put(h->note, f);
		return;
	}
	bool geneve = h->lb_tg && h->lb_tg->protocol && !strcmp(h->lb_tg->protocol, "GENEVE");
	if (h->lb_listener->port)
		report_textf(f, "listener %s:%u",
			     h->lb_listener->protocol ? h->lb_listener->protocol : "?",
			     (unsigned)h->lb_listener->port);
	else
		fputs("listener (every port)", f);
	if (h->lb_rule && h->lb_rule->is_default)
		fputs(", default rule", f);
	else if (h->lb_rule)
		report_textf(f, ", rule %u", (unsigned)h->lb_rule->priority);
	if (h->lb_action)
		report_textf(f, " (%s)", h->lb_action->type);
	if (h->lb_tg)
		report_textf(f, ", target group %s",
			     h->lb_tg->obj.name ? h->lb_tg->obj.name : h->lb_tg->obj.id);
	if (h->lb_target) {
		report_textf(f, " -> %s:%u (%s, 1 of %u)",
			     h->lb_target->id ? h->lb_target->id : "?", (unsigned)h->xport_to,
			     h->lb_target_health ? h->lb_target_health : "?",
			     (unsigned)h->lb_n_targets);
		if (!geneve)
			report_textf(f, "; the target sees %s",
				     h->lb_client_ip ? "the client's address" :
						       "the node's address");
	}
	if (h->note) {
		fputs("; ", f);
		report_text_put(h->note, f);
	}
}

void trace_hop_detail_text(const struct trace_hop *h, FILE *f)
{
	char b1[NET_PREFIX_STRLEN], b2[NET_PREFIX_STRLEN];
	const char *dir = trace_dir_name(h->dir);
	switch (h->kind) {
	case TRACE_D_SG:
		if (h->stateful)
			report_textf(f, "%s: reply of an allowed connection (stateful)", dir);
		else if (h->sg_rule) {
			report_textf(f, "%s by %s rule: ", dir, h->sg ? h->sg->obj.id : "?");
			tt_sg_rule(f, h->sg_rule);
		} else
			report_textf(f, "%s: no security group rule matches", dir);
		break;
	case TRACE_D_NACL:
		if (h->nacl_entry) {
			char pr[8];
			const struct model_nacl_entry *e = h->nacl_entry;
			report_textf(f, "%s rule %d %s %s", dir, (int)e->rule_number,
				     e->allow ? "allow" : "deny",
				     e->proto < 0 ? "all" :
						    trace_proto_text((uint8_t)e->proto, pr));
			if (e->has_ports && e->port_from == e->port_to)
				report_textf(f, " %u", (unsigned)e->port_from);
			else if (e->has_ports)
				report_textf(f, " %u-%u", (unsigned)e->port_from,
					     (unsigned)e->port_to);
			report_textf(f, " %s %s", h->dir == TRACE_DIR_EGRESS ? "to" : "from",
				     e->cidr.text ? e->cidr.text : "?");
		} else {
			report_textf(f, "%s rule * (catch-all deny)", dir);
		}
		if (h->subnet)
			report_textf(f, " [%s]", h->subnet->obj.id);
		break;
	case TRACE_D_ROUTE:
		if (h->route) {
			fputs("route ", f);
			tt_route(f, h->route);
			if (h->route->dst.pfx.addr.af == NET_AF_NONE)
				report_textf(f, " matched %s", net_prefix_fmt(&h->route_pfx, b1));
			for (uint32_t i = 0; i < h->n_lost; i++) {
				fputs(i ? "; " : "; beats ", f);
				tt_route(f, h->lost[i].route);
				report_textf(f, " [%s]", route_reason_code(h->lost[i].why));
			}
			if (h->n_lost_total > h->n_lost)
				report_textf(f, "; and %u more", h->n_lost_total - h->n_lost);
		} else {
			fputs("no route", f);
		}
		break;
	case TRACE_D_XLATE:
		report_textf(f, "%s %s -> %s", h->xlate_src ? "source" : "destination",
			     tt_addr(&h->xlate_from, b1), tt_addr(&h->xlate_to, b2));
		if (h->note) /* NAT64: the other address changes family too */
			report_textf(f, "; %s", h->note);
		break;
	case TRACE_D_PEERING:
		report_textf(f, "to peer VPC %s", h->peer_vpc_id ? h->peer_vpc_id : "?");
		break;
	case TRACE_D_SERVICE:
		report_text_put(h->note ? h->note : "AWS service behind the endpoint", f);
		break;
	case TRACE_D_RIB:
		if (h->rib_route) {
			const struct rib_route *r = h->rib_route;
			report_textf(f, "route %s -> %s [%s]", net_prefix_fmt(&r->attr.pfx, b1),
				     r->blackhole ? "blackhole" :
				     r->nh        ? r->nh->id :
						    "local",
				     bgp_origin_name(r->attr.origin));
			if (r->attr.as_path_len) {
				fputs(" as-path", f);
				for (uint32_t i = 0; i < r->attr.as_path_len; i++)
					report_textf(f, " %u", r->attr.as_path[i]);
			}
			if (h->n_ecmp > 1)
				report_textf(f, " (1 of %u equal-cost paths)", h->n_ecmp);
			for (uint32_t i = 0; h->rib && i < h->rib->n_routes; i++) {
				const struct rib_route *x = &h->rib->routes[i];
				if (x == r || rib_installed(x) ||
				    !net_prefix_eq(&x->attr.pfx, &r->attr.pfx))
					continue;
				report_textf(f, "; beats %s [%s: %s]",
					     x->nh ? x->nh->id : "blackhole",
					     bgp_origin_name(x->attr.origin),
					     x->down ? (x->down_why ? x->down_why : "down") :
						       bgp_reason_name(x->why));
			}
		} else {
			fputs("no route", f);
		}
		break;
	case TRACE_D_LB:
		tt_lb(f, h);
		break;
	case TRACE_D_GATEWAY:
	case TRACE_D_OUTSIDE:
	case TRACE_D_NONE:
		if (h->subnet && h->kind == TRACE_D_GATEWAY)
			report_textf(f, "via %s (%s)%s", h->subnet->obj.id,
				     h->subnet->az ? h->subnet->az : "?", h->note ? "; " : "");
		if (h->note)
			report_text_put(h->note, f);
		break;
	}
	if (h->mtu)
		report_textf(f, " [MTU %u]", h->mtu);
}

static void tt_hop(FILE *f, const struct trace_hop *h)
{
	char comp[192];
	if (h->comp.name)
		snprintf(comp, sizeof(comp), "%s (%s)", h->comp.id, h->comp.name);
	else
		snprintf(comp, sizeof(comp), "%s", h->comp.id);
	report_textf(f, "  %2u  %-44s %-10s ", h->seq, comp, h->action);
	trace_hop_detail_text(h, f);
	fputc('\n', f);
}

static void tt_path(FILE *f, const char *name, const struct trace_path *pa,
		    const struct trace_result *r)
{
	if (!pa->evaluated) {
		report_textf(f, "%s: not traced (the forward packet never arrived)\n", name);
		return;
	}
	report_textf(f, "%s: %s\n", name, pa->reachable ? "reachable" : "NOT reachable");
	if (pa == &r->ret && !r->fwd.reachable)
		fputs("  (the forward packet was dropped: what a reply would meet, with the "
		      "connection state only of what it passed before its first block)\n",
		      f);
	for (uint32_t i = 0; i < pa->n_hops; i++)
		tt_hop(f, &pa->hops[i]);
	if (pa->truncated)
		fputs("  ... (path truncated)\n", f);
	for (uint32_t i = 0; i < pa->n_expl; i++) {
		const struct trace_expl *e = &pa->expl[i];
		const char *dir = trace_dir_name(e->dir);
		report_textf(f, "  %s %s at %s%s%s: %s\n", e->info ? "i" : "!", e->code, e->comp.id,
			     dir ? " " : "", dir ? dir : "", e->msg);
	}
	if (pa->mtu)
		report_textf(f, "  path MTU %u (%s)\n", pa->mtu, pa->mtu_comp.id);
}

void trace_result_text(const struct trace_result *r, FILE *f)
{
	char pr[8];
	report_textf(f, "%s ", trace_proto_text(r->flow.proto, pr));
	tt_endpoint(f, &r->flow.src, r->flow.proto, r->flow.sport);
	fputs(" -> ", f);
	tt_endpoint(f, &r->flow.dst, r->flow.proto, r->flow.dport);
	if (r->flow.proto == ACL_PROTO_ICMP || r->flow.proto == ACL_PROTO_ICMPV6)
		fputs(" echo request", f);
	report_textf(f, " (from %s, to %s)\n\n", r->from ? r->from : "?", r->to ? r->to : "?");
	tt_path(f, "forward", &r->fwd, r);
	fputc('\n', f);
	tt_path(f, "return", &r->ret, r);
	report_textf(f, "\nresult: %s\n",
		     r->reachable      ? "reachable both ways" :
		     !r->fwd.reachable ? "NOT reachable (forward path blocked)" :
					 "NOT reachable (the reply does not get back)");
}
