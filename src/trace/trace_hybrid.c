/*
 * DOC: the hybrid part of the walk -- transit gateways, VGWs, VPN, Direct
 * Connect, on-premises sites
 *
 * Every routing decision here is a lookup in the effective routes of
 * route/rib.h (TGW route tables, VGWs, DX gateways, site routers); this
 * file only moves the packet between them and names what stops it:
 *
 *   VPC subnet -> TGW VPC attachment (a subnet in the sender's AZ, its ACL
 *   inbound) -> the attachment's associated TGW route table -> the next
 *   attachment: a VPC (a subnet in the same AZ, or by flow hash in
 *   appliance mode; that subnet's route table routes on), a VPN, a DX
 *   gateway and its VIFs, a TGW peering.
 *   VPC -> VGW -> VPN / VIF / DX gateway -> site, and back.
 *
 * AWS pages: tgw/how-transit-gateways-work.html (route evaluation, AZs,
 * appliance mode), tgw/tgw-vpc-attachments.html (an AZ without an
 * attachment subnet cannot reach the TGW), tgw/tgw-nacls.html (which ACL
 * rules apply to TGW traffic), vpn/latest/s2svpn (tunnels, MTU 1446),
 * directconnect (VIF MTU, DX gateway not transitive, SiteLink),
 * reachability/explanation-codes.html.
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_int.h"

#define TRH_MTU_TGW       8500 /* tgw/transit-gateway-quotas.html: MTU 8500 */
#define TRH_MTU_VPN       1446 /* s2svpn: the inner packet, after IPsec overhead */
#define TRH_MTU_VIF       1500 /* a VIF without jumbo frames */
#define TRH_MAX_TGW_HOPS  8    /* route table lookups before calling it a loop */

static void tgw_route(struct tr_run *t, const struct model_tgw_att *in,
		      const struct model_subnet *in_subnet, struct acl_pkt p);
static void to_site(struct tr_run *t, const struct model_obj *via, struct acl_pkt p, bool tgw);
static void vgw_in(struct tr_run *t, const struct model_vgw *g, struct acl_pkt p);

/* ---- helpers ---- */

/* FNV-1a over the 5-tuple; @sym orders the two ends first, so a flow and
 * its reply hash alike (appliance mode keeps both in one AZ). */
static uint32_t flow_hash(const struct acl_pkt *p, bool sym)
{
	const struct net_addr *a = &p->src, *b = &p->dst;
	uint16_t pa = p->sport, pb = p->dport;
	if (sym && net_addr_cmp(a, b) > 0) {
		a = &p->dst;
		b = &p->src;
		pa = p->dport;
		pb = p->sport;
	}
	uint32_t h = 2166136261u;
	const uint8_t *x[2] = {a->b, b->b};
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 16; i++)
			h = (h ^ x[k][i]) * 16777619u;
	uint8_t tail[5] = {p->proto, (uint8_t)(pa >> 8), (uint8_t)pa, (uint8_t)(pb >> 8), (uint8_t)pb};
	for (int i = 0; i < 5; i++)
		h = (h ^ tail[i]) * 16777619u;
	return h;
}

const struct model_site *trace_site_of(const struct model *m, const struct net_addr *a)
{
	const struct model_site *best = NULL;
	uint8_t best_len = 0;
	for (uint32_t i = 0; i < m->n_sites; i++)
		for (uint32_t c = 0; c < m->sites[i].n_cidrs; c++) {
			const struct net_prefix *p = &m->sites[i].cidrs[c].pfx;
			if (net_prefix_contains(p, a) && (!best || p->len > best_len)) {
				best = &m->sites[i];
				best_len = p->len;
			}
		}
	return best;
}

static bool steps_ok(struct tr_run *t, struct trace_comp c)
{
	if (++t->steps <= TRH_MAX_TGW_HOPS * 2)
		return true;
	trace_expl_add(t, "ROUTING_LOOP", c, TRACE_DIR_NONE,
		       "more than %d route lookups: the routes form a loop", TRH_MAX_TGW_HOPS * 2);
	return false;
}

/* A hop that looks up @owner's effective routes for p.dst; ECMP picks by
 * flow hash.  Returns the route (NULL: none; the hop is not dropped). */
static const struct rib_route *rib_hop_in(struct tr_run *t, const struct model_obj *owner,
					  const struct rib *table, const struct acl_pkt *p,
					  struct trace_hop **hop)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(owner), p);
	*hop = h;
	h->kind = TRACE_D_RIB;
	h->rib = table;
	const struct rib_route *e[8];
	uint32_t n = 0;
	const struct rib_route *r = rib_lookup(h->rib, &p->dst, e, 8, &n);
	if (r && n > 1)
		r = e[flow_hash(p, false) % n];
	h->rib_route = r;
	h->n_ecmp = n;
	return r;
}

static const struct rib_route *rib_hop(struct tr_run *t, const struct model_obj *owner,
				       const struct acl_pkt *p, struct trace_hop **hop)
{
	return rib_hop_in(t, owner, rib_of(t->c->rib, owner), p, hop);
}

static const char *rib_dst_text(const struct rib_route *r, char *buf)
{
	return net_prefix_fmt(&r->attr.pfx, buf);
}

static const struct model_subnet *att_subnet_in(const struct model_tgw_att *a, const char *az)
{
	for (uint32_t i = 0; az && i < a->n_subnets; i++)
		if (a->subnets && a->subnets[i] && a->subnets[i]->az && !strcmp(a->subnets[i]->az, az))
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

/* ---- transit gateway ---- */

/* The packet leaves the TGW into the VPC of attachment @a. */
static void tgw_to_vpc(struct tr_run *t, const struct model_tgw_att *a,
		       const struct model_subnet *in_subnet, struct acl_pkt p)
{
	const struct model *m = t->c->m;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&a->obj), &p);
	h->kind = TRACE_D_GATEWAY;
	trace_mtu(t, h, TRH_MTU_TGW);
	uint32_t n = att_n_subnets(a);
	if (!n || !a->resource || a->resource->kind != MODEL_VPC) {
		trace_hop_drop(t, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "attachment %s has no subnet in its VPC", a->obj.id);
		return;
	}
	const struct model_vpc *v = MODEL_AS(const struct model_vpc, a->resource);
	const struct model_subnet *s = NULL;
	if (a->appliance_mode) {
		/* one AZ for both directions of a flow, by flow hash */
		s = att_subnet_nth(a, flow_hash(&p, true) % n);
		h->note = "appliance mode: the AZ is chosen by flow hash, the same both ways";
	} else if (in_subnet) {
		s = att_subnet_in(a, in_subnet->az);
		if (!s) {
			s = att_subnet_nth(a, 0);
			trace_info_add(t, "AVAILABILITY_ZONE_CROSSED", h->comp,
				       "%s has no subnet in %s, where the packet entered the transit "
				       "gateway: it goes to %s in %s",
				       a->obj.id, in_subnet->az ? in_subnet->az : "?", s->obj.id,
				       s->az ? s->az : "?");
		}
	} else {
		/* from a VPN, DX or peering: the destination's AZ when the
		 * attachment has a subnet there */
		const struct model_eni *d = model_eni_by_private_ip(m, &p.dst);
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
				trace_info_add(t, "TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED", h->comp,
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
	const struct model_eni *d = model_eni_by_private_ip(m, &p.dst);
	if (!d || d->subnet != s)
		trace_nacl_check(t, s, true, &p);
	trace_route_subnet(t, s, p);
}

static const struct model_tgw_att *tgw_att_for(const struct model *m, const struct model_tgw *g,
					       enum model_tgw_att_type type,
					       const struct model_obj *res)
{
	const struct model_tgw_att *found = NULL;
	for (uint32_t i = 0; i < m->n_tgw_atts; i++) {
		const struct model_tgw_att *a = &m->tgw_atts[i];
		if (a->tgw != g || a->type != type || a->resource != res)
			continue;
		if (rib_att_live(a))
			return a;
		found = a;
	}
	return found;
}

static void tgw_peer(struct tr_run *t, const struct model_tgw_att *a, struct acl_pkt p)
{
	const struct model *m = t->c->m;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&a->obj), &p);
	h->kind = TRACE_D_GATEWAY;
	trace_mtu(t, h, TRH_MTU_TGW);
	const struct model_obj *o = a->peer_tgw_id ? model_find(m, a->peer_tgw_id) : NULL;
	const struct model_tgw *peer = o && o->kind == MODEL_TGW ? MODEL_AS(const struct model_tgw, o) : NULL;
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
			       "peering attachment %s leads to %s, whose side of the peering is not "
			       "in the snapshot",
			       a->obj.id, a->peer_tgw_id ? a->peer_tgw_id : "?");
		return;
	}
	tgw_route(t, back, NULL, p);
}

static void dxgw_to_site(struct tr_run *t, const struct model_dxgw *g, struct acl_pkt p);

/* The packet is in the TGW, having come in through attachment @in. */
static void tgw_route(struct tr_run *t, const struct model_tgw_att *in,
		      const struct model_subnet *in_subnet, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN], b[NET_PREFIX_STRLEN];
	const struct model_tgw_rtb *rtb = in->assoc_rtb;
	if (!steps_ok(t, trace_comp_obj(&in->obj)))
		return;
	if (!rtb) {
		/* the attachment's own hop, when the path has just added it */
		struct trace_path *pa = t->path;
		struct trace_hop *h = pa->n_hops && pa->hops[pa->n_hops - 1].comp.id == in->obj.id ?
					      &pa->hops[pa->n_hops - 1] :
					      trace_hop_add(t, trace_comp_obj(&in->obj), &p);
		trace_hop_drop(t, h, "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION", TRACE_DIR_NONE,
			       "attachment %s is associated with no transit gateway route table",
			       in->obj.id);
		return;
	}
	struct trace_hop *h;
	const struct rib_route *r = rib_hop(t, &rtb->obj, &p, &h);
	if (!r) {
		trace_hop_drop(t, h, "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT", TRACE_DIR_NONE,
			       "transit gateway route table %s has no route for %s", rtb->obj.id,
			       trace_addr_text(&p.dst, a));
		return;
	}
	if (r->blackhole || !r->nh || r->nh->kind != MODEL_TGW_ATT) {
		trace_hop_drop(t, h, "TGW_RTB_BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "route %s in %s is a blackhole: the transit gateway drops the packet",
			       rib_dst_text(r, b), rtb->obj.id);
		return;
	}
	const struct model_tgw_att *out = MODEL_AS(const struct model_tgw_att, r->nh);
	if (!rib_att_live(out)) {
		trace_hop_drop(t, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "route %s leads to attachment %s, which is %s", rib_dst_text(r, b),
			       out->obj.id, out->state ? out->state : "not available");
		return;
	}
	switch (out->type) {
	case TGW_ATT_VPC:
		tgw_to_vpc(t, out, in_subnet, p);
		return;
	case TGW_ATT_VPN:
		if (out->resource && out->resource->kind == MODEL_VPN) {
			struct trace_hop *x = trace_hop_add(t, trace_comp_obj(&out->obj), &p);
			x->kind = TRACE_D_GATEWAY;
			to_site(t, out->resource, p, true);
			return;
		}
		break;
	case TGW_ATT_DXGW:
		if (out->resource && out->resource->kind == MODEL_DXGW) {
			struct trace_hop *x = trace_hop_add(t, trace_comp_obj(&out->obj), &p);
			x->kind = TRACE_D_GATEWAY;
			trace_mtu(t, x, TRH_MTU_TGW);
			dxgw_to_site(t, MODEL_AS(const struct model_dxgw, out->resource), p);
			return;
		}
		break;
	case TGW_ATT_PEERING:
		tgw_peer(t, out, p);
		return;
	case TGW_ATT_CONNECT:
	case TGW_ATT_OTHER:
		break;
	}
	trace_expl_add(t, "UNSUPPORTED_COMPONENT", trace_comp_obj(&out->obj), TRACE_DIR_NONE,
		       "attachment %s (%s) leads to %s, which vpcsim does not follow", out->obj.id,
		       model_tgw_att_type_name(out->type), out->resource_id ? out->resource_id : "?");
}

void trace_hy_tgw_from_vpc(struct tr_run *t, const struct model_tgw *g,
			   const struct model_subnet *s, struct acl_pkt p)
{
	const struct model *m = t->c->m;
	const struct model_tgw_att *a = tgw_att_for(m, g, TGW_ATT_VPC, &s->vpc->obj);
	if (!a) {
		struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), &p);
		bool described = false;
		for (uint32_t i = 0; i < m->n_tgw_atts && !described; i++)
			described = m->tgw_atts[i].tgw == g;
		if (!described) {
			h->action = "reached";
			trace_expl_add(t, "UNSUPPORTED_COMPONENT", h->comp, TRACE_DIR_NONE,
				       "the snapshot describes no attachment of %s: add its "
				       "TransitGatewayAttachments and route tables to follow it",
				       g->obj.id);
			return;
		}
		trace_hop_drop(t, h, "NO_PATH", TRACE_DIR_NONE,
			       "%s has a route to %s but no attachment to it", s->vpc->obj.id,
			       g->obj.id);
		return;
	}
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&a->obj), &p);
	h->kind = TRACE_D_GATEWAY;
	trace_mtu(t, h, TRH_MTU_TGW);
	if (!rib_att_live(a)) {
		trace_hop_drop(t, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "attachment %s is %s", a->obj.id, a->state);
		return;
	}
	const struct model_subnet *as = att_subnet_in(a, s->az);
	if (!as) {
		trace_hop_drop(t, h, "TGW_ATTACH_VPC_AZ_RESTRICTION", TRACE_DIR_NONE,
			       "attachment %s has no subnet in %s: resources of that zone cannot "
			       "reach the transit gateway",
			       a->obj.id, s->az ? s->az : "the sender's zone");
		return;
	}
	h->subnet = as;
	/* tgw-nacls.html: towards the TGW, the attachment subnet's inbound
	 * rules apply (also when the sender is in that subnet). */
	trace_nacl_check(t, as, false, &p);
	tgw_route(t, a, as, p);
}

/* ---- VPN, Direct Connect, sites ---- */

/* Cross VPN connection or VIF @via (either way); false when it is down. */
static bool cross_link(struct tr_run *t, const struct model_obj *via, const struct acl_pkt *p,
		       bool tgw)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(via), p);
	h->kind = TRACE_D_GATEWAY;
	if (via->kind == MODEL_VPN) {
		const struct model_vpn *v = MODEL_AS(const struct model_vpn, via);
		trace_mtu(t, h, TRH_MTU_VPN);
		h->note = "IPsec tunnel (inner MTU 1446)";
		if (rib_vpn_down(t->c->rib, v)) {
			trace_hop_drop(t, h, tgw ? "TGW_BAD_STATE_VPN" : "BAD_STATE_VPN",
				       TRACE_DIR_NONE, "VPN connection %s is down (%s)", v->obj.id,
				       v->state && strcmp(v->state, "available") ? v->state :
										   "no tunnel up");
			return false;
		}
		return true;
	}
	const struct model_vif *v = MODEL_AS(const struct model_vif, via);
	trace_mtu(t, h, v->mtu ? v->mtu : TRH_MTU_VIF);
	const char *down = rib_vif_down(t->c->rib, v);
	if (down) {
		trace_hop_drop(t, h, "BAD_STATE", TRACE_DIR_NONE, "virtual interface %s: %s",
			       v->obj.id, down);
		return false;
	}
	return true;
}

static const char *host_id(const struct model_site *s, const struct net_addr *a)
{
	for (uint32_t i = 0; s && i < s->n_hosts; i++)
		if (net_addr_eq(&s->hosts[i].ip, a))
			return s->hosts[i].id;
	return NULL;
}

/* Over @via to the site network holding p.dst. */
static void to_site(struct tr_run *t, const struct model_obj *via, struct acl_pkt p, bool tgw)
{
	if (!cross_link(t, via, &p, tgw))
		return;
	const struct model_site *site = trace_site_of(t->c->m, &p.dst);
	struct trace_hop *h;
	if (site) {
		h = trace_hop_add(t, trace_comp_obj(&site->obj), &p);
		h->kind = TRACE_D_OUTSIDE;
	}
	const char *hid = host_id(site, &p.dst);
	const char *text = t->reply ? t->res->src_text : t->res->dst_text;
	h = trace_hop_add(t, trace_comp_id(hid ? hid : text, "host"), &p);
	h->kind = TRACE_D_OUTSIDE;
	h->action = "delivered";
	if (!site)
		h->note = "a host outside the snapshot (no site's CIDRs hold it)";
	t->arrived = true;
	if (!t->reply) {
		t->st->end = TR_END_SITE;
		t->st->end_site = site;
		t->st->end_pkt = p;
	}
}

/* From the AWS side of a DX gateway towards a site. */
static void dxgw_to_site(struct tr_run *t, const struct model_dxgw *g, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN];
	struct trace_hop *h;
	const struct rib_route *r = rib_hop(t, &g->obj, &p, &h);
	if (!r) {
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s has no route for %s", g->obj.id,
			       trace_addr_text(&p.dst, a));
		return;
	}
	if (r->nh_kind != RIB_NH_VIF || !r->nh) {
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s is not transitive: traffic from one "
			       "association does not reach another (%s)",
			       g->obj.id, r->nh ? r->nh->id : "?");
		return;
	}
	to_site(t, r->nh, p, false);
}

/* Towards the site from VGW @g's routes (VGW lookup already done). */
static void vgw_out(struct tr_run *t, const struct model_vgw *g, const struct rib_route *r,
		    struct trace_hop *h, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN];
	if (!r) {
		const struct model *m = t->c->m;
		bool described = false;
		for (uint32_t i = 0; i < m->n_vpns && !described; i++)
			described = m->vpns[i].vgw == g;
		for (uint32_t i = 0; i < m->n_vifs && !described; i++)
			described = m->vifs[i].vgw == g || m->vifs[i].dxgw;
		if (!described) {
			h->action = "reached";
			trace_expl_add(t, "UNSUPPORTED_COMPONENT", h->comp, TRACE_DIR_NONE,
				       "the snapshot describes no VPN connection or virtual interface "
				       "of %s: add them (and the Sites behind) to follow it",
				       g->obj.id);
			return;
		}
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "virtual private gateway %s has no route for %s", g->obj.id,
			       trace_addr_text(&p.dst, a));
		return;
	}
	switch (r->nh_kind) {
	case RIB_NH_VPN:
	case RIB_NH_VIF:
		to_site(t, r->nh, p, false);
		return;
	case RIB_NH_DXGW:
		dxgw_to_site(t, MODEL_AS(const struct model_dxgw, r->nh), p);
		return;
	case RIB_NH_LOCAL:
		if (r->nh && r->nh->kind == MODEL_VPC) {
			trace_enter_local(t, MODEL_AS(const struct model_vpc, r->nh), p);
			return;
		}
		break;
	default:
		break;
	}
	trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
		       "virtual private gateway %s cannot route %s", g->obj.id,
		       trace_addr_text(&p.dst, a));
}

void trace_hy_vgw_from_vpc(struct tr_run *t, const struct model_vgw *g,
			   const struct model_subnet *s, struct acl_pkt p)
{
	bool attached = false;
	for (uint32_t i = 0; i < g->n_vpcs; i++)
		attached |= g->vpcs && g->vpcs[i] == s->vpc;
	struct trace_hop *h;
	const struct rib_route *r = rib_hop(t, &g->obj, &p, &h);
	if (!attached) {
		trace_hop_drop(t, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "virtual private gateway %s is not attached to %s", g->obj.id,
			       s->vpc->obj.id);
		return;
	}
	if (r && r->nh_kind == RIB_NH_LOCAL) {
		trace_hop_drop(t, h, "ROUTING_LOOP", TRACE_DIR_NONE,
			       "virtual private gateway %s sends the packet back into %s", g->obj.id,
			       r->nh ? r->nh->id : "its VPC");
		return;
	}
	vgw_out(t, g, r, h, p);
}

static void vgw_in(struct tr_run *t, const struct model_vgw *g, struct acl_pkt p)
{
	struct trace_hop *h;
	const struct rib_route *r = rib_hop(t, &g->obj, &p, &h);
	vgw_out(t, g, r, h, p);
}

/* From a site over VIF @v (already crossed) into its DX gateway. */
static void dxgw_from_site(struct tr_run *t, const struct model_vif *v, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN];
	const struct model_dxgw *g = v->dxgw;
	struct trace_hop *h;
	const struct rib_route *r = rib_hop_in(t, &g->obj, rib_dxgw_to_aws(t->c->rib, g), &p, &h);
	/* another site's route (usable with SiteLink) when it is more specific */
	const struct rib *learned = rib_of(t->c->rib, &g->obj);
	const struct rib_route *other = rib_lookup(learned, &p.dst, NULL, 0, NULL);
	if (other && (!r || other->attr.pfx.len > r->attr.pfx.len)) {
		r = other;
		h->rib = learned;
		h->rib_route = other;
		h->n_ecmp = 1;
	}
	if (!r) {
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s has no route for %s", g->obj.id,
			       trace_addr_text(&p.dst, a));
		return;
	}
	switch (r->nh_kind) {
	case RIB_NH_VGW:
		if (v->type == VIF_PRIVATE) {
			vgw_in(t, MODEL_AS(const struct model_vgw, r->nh), p);
			return;
		}
		break;
	case RIB_NH_TGW:
		if (v->type == VIF_TRANSIT) {
			const struct model_tgw *tg = MODEL_AS(const struct model_tgw, r->nh);
			const struct model_tgw_att *att =
				tgw_att_for(t->c->m, tg, TGW_ATT_DXGW, &g->obj);
			if (!att) {
				trace_hop_drop(t, h, "NO_PATH", TRACE_DIR_NONE,
					       "%s is associated with %s but has no attachment on it",
					       g->obj.id, tg->obj.id);
				return;
			}
			struct trace_hop *x = trace_hop_add(t, trace_comp_obj(&att->obj), &p);
			x->kind = TRACE_D_GATEWAY;
			trace_mtu(t, x, TRH_MTU_TGW);
			tgw_route(t, att, NULL, p);
			return;
		}
		break;
	case RIB_NH_VIF: {
		const struct model_vif *o = MODEL_AS(const struct model_vif, r->nh);
		if (v->sitelink && o->sitelink) {
			to_site(t, r->nh, p, false);
			return;
		}
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s is not transitive between sites: %s and "
			       "%s need SiteLink",
			       g->obj.id, v->obj.id, o->obj.id);
		return;
	}
	default:
		break;
	}
	trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
		       "a %s virtual interface cannot reach %s through %s",
		       v->type == VIF_TRANSIT ? "transit" : "private", r->nh ? r->nh->id : "?",
		       g->obj.id);
}

void trace_hy_from_site(struct tr_run *t, const struct model_site *site, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN];
	const char *hid = host_id(site, &p.src);
	const char *text = t->reply ? t->res->dst_text : t->res->src_text;
	struct trace_hop *h = trace_hop_add(t, trace_comp_id(hid ? hid : text, "host"), &p);
	h->kind = TRACE_D_OUTSIDE;
	h->action = "sent";
	const struct rib_route *r = rib_hop(t, &site->obj, &p, &h);
	if (!r) {
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "site %s has learned no route for %s", site->obj.id,
			       trace_addr_text(&p.dst, a));
		return;
	}
	if (!r->nh || (r->nh_kind != RIB_NH_VPN && r->nh_kind != RIB_NH_VIF)) {
		trace_hop_drop(t, h, "NO_PATH", TRACE_DIR_NONE,
			       "%s is inside site %s itself: nothing to trace through AWS",
			       trace_addr_text(&p.dst, a), site->obj.id);
		return;
	}
	bool tgw = r->nh->kind == MODEL_VPN && MODEL_AS(const struct model_vpn, r->nh)->tgw_att;
	if (!cross_link(t, r->nh, &p, tgw))
		return;
	if (r->nh->kind == MODEL_VPN) {
		const struct model_vpn *v = MODEL_AS(const struct model_vpn, r->nh);
		if (v->vgw) {
			vgw_in(t, v->vgw, p);
			return;
		}
		if (v->tgw_att) {
			struct trace_hop *x = trace_hop_add(t, trace_comp_obj(&v->tgw_att->obj), &p);
			x->kind = TRACE_D_GATEWAY;
			tgw_route(t, v->tgw_att, NULL, p);
			return;
		}
	} else {
		const struct model_vif *v = MODEL_AS(const struct model_vif, r->nh);
		if (v->vgw) {
			vgw_in(t, v->vgw, p);
			return;
		}
		if (v->dxgw) {
			dxgw_from_site(t, v, p);
			return;
		}
	}
	trace_expl_add(t, "UNASSOCIATED_COMPONENT", trace_comp_obj(r->nh), TRACE_DIR_NONE,
		       "%s is attached to no gateway in the snapshot", r->nh->id);
}
