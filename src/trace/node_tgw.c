/*
 * DOC: path engine handlers -- transit gateways
 *
 * Every routing decision here is a lookup in the effective routes of
 * route/rib.h; these handlers only move the packet between them and name
 * what stops it:
 *
 *   VPC subnet -> the transit gateway (its VPC attachment) -> the
 *   attachment, entered from the VPC (a subnet in the sender's AZ, its ACL
 *   inbound) -> the attachment's associated TGW route table -> the next
 *   attachment, left towards: a VPC (a subnet in the same AZ, or by flow
 *   hash in appliance mode; that subnet's route table routes on), a VPN, a
 *   DX gateway and its VIFs, a TGW peering (the peer's route table).
 *
 * AWS pages: tgw/how-transit-gateways-work.html (route evaluation, AZs,
 * appliance mode), tgw/tgw-vpc-attachments.html (an AZ without an
 * attachment subnet cannot reach the TGW), tgw/tgw-nacls.html (which ACL
 * rules apply to TGW traffic), tgw/transit-gateway-quotas.html (MTU 8500),
 * reachability/explanation-codes.html.
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_node.h"

#define TRH_MTU_TGW 8500 /* tgw/transit-gateway-quotas.html: MTU 8500 */

/* ---- helpers ---- */

static const struct model_subnet *att_subnet_in(const struct model_tgw_att *a, const char *az)
{
	for (uint32_t i = 0; az && i < a->n_subnets; i++)
		if (a->subnets && a->subnets[i] && a->subnets[i]->az &&
		    !strcmp(a->subnets[i]->az, az))
			return a->subnets[i];
	return NULL;
}

static const struct model_subnet *att_subnet_nth(const struct model_tgw_att *a, uint32_t k)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < a->n_subnets; i++)
		if (a->subnets && a->subnets[i] && n++ == k)
			return a->subnets[i];
	return NULL;
}

static uint32_t att_n_subnets(const struct model_tgw_att *a)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < a->n_subnets; i++)
		n += a->subnets && a->subnets[i];
	return n;
}

/* ---- the transit gateway, as a VPC route target ---- */

struct tr_next *trace_node_tgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model *m = t->c->m;
	const struct model_tgw *g = n->obj;
	const struct model_subnet *s = n->from;
	const struct model_tgw_att *a = trace_tgw_att_for(t->c, g, TGW_ATT_VPC, &s->vpc->obj);
	if (a)
		return tr_put(n, TR_K_TGW_ATT, TR_P_FROM_VPC, a, s);
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), p);
	bool described = false;
	for (uint32_t i = 0; i < m->n_tgw_atts && !described; i++)
		described = m->tgw_atts[i].tgw == g;
	if (!described) {
		return tr_reached(t, n, h, "UNSUPPORTED_COMPONENT",
				  "the snapshot describes no attachment of %s: add its "
				  "TransitGatewayAttachments and route tables to follow it",
				  g->obj.id);
	}
	return tr_drop(t, n, h, "NO_PATH", TRACE_DIR_NONE,
		       "%s has a route to %s but no attachment to it", s->vpc->obj.id, g->obj.id);
}

/* ---- attachments ---- */

/* From subnet @s of its VPC into attachment @a. */
static struct tr_next *att_from_vpc(struct tr_run *t, struct tr_next *n,
				    const struct model_tgw_att *a, const struct model_subnet *s,
				    struct acl_pkt *p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&a->obj), p);
	h->kind = TRACE_D_GATEWAY;
	trace_mtu(t, h, TRH_MTU_TGW);
	if (!rib_att_live(a)) {
		return tr_drop(t, n, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "attachment %s is %s", a->obj.id, a->state);
	}
	const struct model_subnet *as = att_subnet_in(a, s->az);
	if (!as) {
		/* explanation-codes.html, TGW_ROUTE_AZ_RESTRICTION: the VPC
		 * attachment must have a subnet in the zone the traffic comes from
		 * (TGW_ATTACH_VPC_AZ_RESTRICTION is the zone of delivery) */
		return tr_drop(t, n, h, "TGW_ROUTE_AZ_RESTRICTION", TRACE_DIR_NONE,
			       "attachment %s has no subnet in %s: resources of that zone cannot "
			       "reach the transit gateway",
			       a->obj.id, s->az ? s->az : "the sender's zone");
	}
	h->subnet = as;
	/* tgw-nacls.html: towards the TGW, the attachment subnet's inbound
	 * rules apply (also when the sender is in that subnet). */
	trace_nacl_check(t, as, false, p);
	return tr_put(n, TR_K_TGW_RTB, TR_P_IN, a, as);
}

/* The packet leaves the TGW into the VPC of attachment @a; @in_subnet is
 * where it entered the TGW (NULL: from a VPN, DX or peering). */
static struct tr_next *att_to_vpc(struct tr_run *t, struct tr_next *n,
				  const struct model_tgw_att *a,
				  const struct model_subnet *in_subnet, struct acl_pkt *p)
{
	const struct model *m = t->c->m;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&a->obj), p);
	h->kind = TRACE_D_GATEWAY;
	trace_mtu(t, h, TRH_MTU_TGW);
	uint32_t n_subnets = att_n_subnets(a);
	if (!n_subnets || !a->resource || a->resource->kind != MODEL_VPC) {
		return tr_drop(t, n, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "attachment %s has no subnet in its VPC", a->obj.id);
	}
	const struct model_vpc *v = MODEL_AS(const struct model_vpc, a->resource);
	const struct model_subnet *s = NULL;
	const struct model_eni *d = model_eni_by_private_ip(m, &p->dst); /* p->dst stays */
	if (a->appliance_mode) {
		/* one AZ for both directions of a flow, by flow hash */
		s = att_subnet_nth(a, trace_flow_hash(p, true) % n_subnets);
		h->note = "appliance mode: the AZ is chosen by flow hash, the same both ways";
	} else if (in_subnet) {
		s = att_subnet_in(a, in_subnet->az);
		if (!s) {
			s = att_subnet_nth(a, 0);
			trace_info_add(t, "AVAILABILITY_ZONE_CROSSED", h->comp,
				       "%s has no subnet in %s, where the packet entered the "
				       "transit "
				       "gateway: it goes to %s in %s",
				       a->obj.id, in_subnet->az ? in_subnet->az : "?", s->obj.id,
				       s->az ? s->az : "?");
		}
	} else {
		/* from a VPN, DX or peering: the destination's AZ when the
		 * attachment has a subnet there */
		s = d && d->subnet ? att_subnet_in(a, d->subnet->az) : NULL;
		if (!s)
			s = att_subnet_nth(a, 0);
	}
	h->subnet = s;
	t->tgw_vpc = v;
	/* Asymmetry through a stateful middlebox VPC: the reply enters in
	 * another AZ than the request did. */
	struct tr_state *st = t->st;
	if (!t->reply && st->n_tgw_in < TR_MAX_SEEN) {
		st->tgw_in[st->n_tgw_in] = a;
		st->tgw_in_subnet[st->n_tgw_in++] = s;
	} else if (t->reply) {
		for (uint32_t i = 0; i < st->n_tgw_in; i++)
			if (st->tgw_in[i] == a && st->tgw_in_subnet[i] != s && !a->appliance_mode)
				trace_info_add(
					t, "TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED", h->comp,
					"the reply enters %s through %s (%s) but the request "
					"entered through %s (%s): a stateful appliance sees one "
					"direction only; enable appliance mode on %s",
					v->obj.id, s->obj.id, s->az ? s->az : "?",
					st->tgw_in_subnet[i]->obj.id,
					st->tgw_in_subnet[i]->az ? st->tgw_in_subnet[i]->az : "?",
					a->obj.id);
	}
	/* tgw-nacls.html: from the TGW, the attachment subnet's outbound rules
	 * apply towards another subnet; nothing applies within the subnet. */
	if (!d || d->subnet != s)
		trace_nacl_check(t, s, true, p);
	return tr_put(n, TR_K_RTB, TR_P_SUBNET, s, NULL);
}

/* Over peering attachment @a to the peer TGW's side of it. */
static struct tr_next *att_to_peer(struct tr_run *t, struct tr_next *n,
				   const struct model_tgw_att *a, struct acl_pkt *p)
{
	const struct model *m = t->c->m;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&a->obj), p);
	h->kind = TRACE_D_GATEWAY;
	trace_mtu(t, h, TRH_MTU_TGW);
	const struct model_obj *o = a->peer_tgw_id ? model_find_kind(m, MODEL_TGW, a->peer_tgw_id) :
						     NULL;
	const struct model_tgw *peer = o ? MODEL_AS(const struct model_tgw, o) : NULL;
	const struct model_tgw_att *back = NULL;
	for (uint32_t i = 0; peer && i < m->n_tgw_atts && !back; i++) {
		const struct model_tgw_att *x = &m->tgw_atts[i];
		if (x != a && x->tgw == peer && x->type == TGW_ATT_PEERING &&
		    (!strcmp(x->obj.id, a->obj.id) ||
		     (x->peer_tgw_id && a->tgw && !strcmp(x->peer_tgw_id, a->tgw->obj.id))))
			back = x;
	}
	if (!back) {
		trace_expl_add(t, "UNSUPPORTED_COMPONENT", h->comp, TRACE_DIR_NONE,
			       "peering attachment %s leads to %s, whose side of the peering is "
			       "not "
			       "in the snapshot",
			       a->obj.id, a->peer_tgw_id ? a->peer_tgw_id : "?");
		return tr_stop(n, TR_STOP_HALTED);
	}
	return tr_put(n, TR_K_TGW_RTB, TR_P_IN, back, NULL);
}

/* The TGW route table chose attachment @out; @in_subnet as for att_to_vpc. */
static struct tr_next *att_out(struct tr_run *t, struct tr_next *n, const struct model_tgw_att *out,
			       const struct model_subnet *in_subnet, struct acl_pkt *p)
{
	switch (out->type) {
	case TGW_ATT_VPC:
		return att_to_vpc(t, n, out, in_subnet, p);
	case TGW_ATT_VPN:
		if (out->resource && out->resource->kind == MODEL_VPN) {
			struct trace_hop *x = trace_hop_add(t, trace_comp_obj(&out->obj), p);
			x->kind = TRACE_D_GATEWAY;
			return tr_put(n, TR_K_VPN, TR_P_TO_SITE, out->resource, out);
		}
		break;
	case TGW_ATT_DXGW:
		if (out->resource && out->resource->kind == MODEL_DXGW) {
			struct trace_hop *x = trace_hop_add(t, trace_comp_obj(&out->obj), p);
			x->kind = TRACE_D_GATEWAY;
			trace_mtu(t, x, TRH_MTU_TGW);
			return tr_put(n, TR_K_DXGW, TR_P_TO_SITE, out->resource, NULL);
		}
		break;
	case TGW_ATT_PEERING:
		return att_to_peer(t, n, out, p);
	case TGW_ATT_CONNECT:
	case TGW_ATT_OTHER:
		break;
	}
	trace_expl_add(t, "UNSUPPORTED_COMPONENT", trace_comp_obj(&out->obj), TRACE_DIR_NONE,
		       "attachment %s (%s) leads to %s, which vpcsim does not follow", out->obj.id,
		       model_tgw_att_type_name(out->type),
		       out->resource_id ? out->resource_id : "?");
	return tr_stop(n, TR_STOP_HALTED);
}

struct tr_next *trace_node_tgw_att(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_tgw_att *a = n->obj;
	switch (n->port) {
	case TR_P_FROM_VPC:
		return att_from_vpc(t, n, a, n->from, p);
	case TR_P_OUT:
		return att_out(t, n, a, n->from, p);
	default: /* TR_P_FROM_VPN, TR_P_FROM_DX: from the site side */
		break;
	}
	struct trace_hop *x = trace_hop_add(t, trace_comp_obj(&a->obj), p);
	x->kind = TRACE_D_GATEWAY;
	if (n->port == TR_P_FROM_DX)
		trace_mtu(t, x, TRH_MTU_TGW);
	return tr_put(n, TR_K_TGW_RTB, TR_P_IN, a, NULL);
}

/* ---- route tables ---- */

/* The packet is in the TGW, having come in through attachment @n->obj
 * (from subnet @n->from, NULL from a VPN, DX or peering): the route table
 * associated with it decides (the driver counts the lookup against loops). */
struct tr_next *trace_node_tgw_rtb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN], b[NET_PREFIX_STRLEN];
	const struct model_tgw_att *in = n->obj;
	const struct model_tgw_rtb *rtb = in->assoc_rtb;
	if (!rtb) {
		/* the attachment's own hop, when the path has just added it */
		struct trace_path *pa = t->path;
		struct trace_hop *h = pa->n_hops && pa->hops[pa->n_hops - 1].comp.id == in->obj.id ?
					      &pa->hops[pa->n_hops - 1] :
					      trace_hop_add(t, trace_comp_obj(&in->obj), p);
		return tr_drop(t, n, h, "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION", TRACE_DIR_NONE,
			       "attachment %s is associated with no transit gateway route table",
			       in->obj.id);
	}
	struct trace_hop *h;
	const struct rib_route *r = trace_rib_hop(t, &rtb->obj, p, &h);
	if (!r) {
		return tr_drop(t, n, h, "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT", TRACE_DIR_NONE,
			       "transit gateway route table %s has no route for %s", rtb->obj.id,
			       trace_addr_text(t, &p->dst, a));
	}
	if (r->blackhole || !r->nh || r->nh->kind != MODEL_TGW_ATT) {
		return tr_drop(t, n, h, "TGW_RTB_BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "route %s in %s is a blackhole: the transit gateway drops the "
			       "packet",
			       net_prefix_fmt(&r->attr.pfx, b), rtb->obj.id);
	}
	const struct model_tgw_att *out = MODEL_AS(const struct model_tgw_att, r->nh);
	if (!rib_att_live(out)) {
		return tr_drop(t, n, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "route %s leads to attachment %s, which is %s",
			       net_prefix_fmt(&r->attr.pfx, b), out->obj.id,
			       out->state ? out->state : "not available");
	}
	return tr_put(n, TR_K_TGW_ATT, TR_P_OUT, out, n->from);
}
