/*
 * DOC: path engine handlers -- VGWs, VPN, Direct Connect, on-premises sites
 *
 * Every routing decision here is a lookup in the effective routes of
 * route/rib.h (VGWs, DX gateways, site routers); these handlers only move
 * the packet between them and name what stops it:
 *
 *   VPC -> VGW -> VPN connection / VIF / DX gateway -> site, and back;
 *   site -> VPN connection -> VGW or a TGW attachment (node_tgw.c);
 *   site -> VIF -> VGW, or DX gateway -> VGW / TGW attachment / another
 *   site's VIF (SiteLink).
 *
 * AWS pages: vpn/latest/s2svpn (tunnels, MTU 1446), directconnect (VIF
 * MTU, DX gateway not transitive, SiteLink),
 * reachability/explanation-codes.html.
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_node.h"

#define TRH_MTU_VPN 1446 /* s2svpn: the inner packet, after IPsec overhead */
#define TRH_MTU_VIF 1500 /* a VIF without jumbo frames */

/* The link component of @via: a VPN connection or a VIF. */
static struct tr_next *link_to(struct tr_next *n, const struct model_obj *via, enum tr_port port,
			       const void *from)
{
	return tr_put(n, via->kind == MODEL_VPN ? TR_K_VPN : TR_K_VIF, port, via, from);
}

static const char *host_id(const struct model_site *s, const struct net_addr *a)
{
	for (uint32_t i = 0; s && i < s->n_hosts; i++)
		if (net_addr_eq(&s->hosts[i].ip, a))
			return s->hosts[i].id;
	return NULL;
}

/* ---- virtual private gateway ---- */

/* Towards the site from VGW @g's routes (the lookup @r is done, on hop @h). */
static struct tr_next *vgw_out(struct tr_run *t, struct tr_next *n, const struct model_vgw *g,
			       const struct rib_route *r, struct trace_hop *h, struct acl_pkt *p)
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
			return tr_reached(t, n, h, "UNSUPPORTED_COMPONENT",
					  "the snapshot describes no VPN connection or virtual "
					  "interface "
					  "of %s: add them (and the Sites behind) to follow it",
					  g->obj.id);
		}
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "virtual private gateway %s has no route for %s", g->obj.id,
			       trace_addr_text(t, &p->dst, a));
	}
	switch (r->nh_kind) {
	case RIB_NH_VPN:
	case RIB_NH_VIF:
		return link_to(n, r->nh, TR_P_TO_SITE, NULL);
	case RIB_NH_DXGW:
		return tr_put(n, TR_K_DXGW, TR_P_TO_SITE, r->nh, NULL);
	case RIB_NH_LOCAL:
		if (r->nh && r->nh->kind == MODEL_VPC)
			return tr_put(n, TR_K_VPC, TR_P_LOCAL, r->nh, NULL);
		break;
	default:
		break;
	}
	return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
		       "virtual private gateway %s cannot route %s", g->obj.id,
		       trace_addr_text(t, &p->dst, a));
}

/* ROUTED: a route of subnet @n->from leads to the VGW; IN: from a VPN
 * connection or a DX gateway. */
struct tr_next *trace_node_vgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_vgw *g = n->obj;
	struct trace_hop *h;
	if (n->port != TR_P_ROUTED) {
		const struct rib_route *r = trace_rib_hop(t, &g->obj, p, &h);
		return vgw_out(t, n, g, r, h, p);
	}
	const struct model_subnet *s = n->from;
	bool attached = false;
	for (uint32_t i = 0; i < g->n_vpcs; i++)
		attached |= g->vpcs && g->vpcs[i] == s->vpc;
	const struct rib_route *r = trace_rib_hop(t, &g->obj, p, &h);
	if (!attached) {
		return tr_drop(t, n, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "virtual private gateway %s is not attached to %s", g->obj.id,
			       s->vpc->obj.id);
	}
	if (r && r->nh_kind == RIB_NH_LOCAL) {
		return tr_drop(t, n, h, "ROUTING_LOOP", TRACE_DIR_NONE,
			       "virtual private gateway %s sends the packet back into %s",
			       g->obj.id, r->nh ? r->nh->id : "its VPC");
	}
	return vgw_out(t, n, g, r, h, p);
}

/* ---- VPN connection and virtual interface ---- */

/* Cross VPN connection or VIF @via (either way); false when it is down.
 * @tgw: a VPN connection on a transit gateway. */
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

/* From a site over link @via (crossed) into AWS: its VGW, else @to (a TGW
 * attachment for a VPN, a DX gateway for a VIF) as component @k on @port. */
static struct tr_next *link_into_aws(struct tr_run *t, struct tr_next *n,
				     const struct model_obj *via, const struct model_vgw *vgw,
				     enum tr_kind k, enum tr_port port, const void *to,
				     const void *from)
{
	if (vgw)
		return tr_put(n, TR_K_VGW, TR_P_IN, vgw, NULL);
	if (to)
		return tr_put(n, k, port, to, from);
	trace_expl_add(t, "UNASSOCIATED_COMPONENT", trace_comp_obj(via), TRACE_DIR_NONE,
		       "%s is attached to no gateway in the snapshot", via->id);
	return tr_stop(n, TR_STOP_HALTED);
}

/* TO_SITE: from AWS (@n->from: the TGW attachment, or NULL) to the site;
 * FROM_SITE: from the site into the VGW or TGW attachment it ends on. */
struct tr_next *trace_node_vpn(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_vpn *v = n->obj;
	if (n->port == TR_P_TO_SITE) {
		if (!cross_link(t, &v->obj, p, n->from != NULL))
			return tr_stop(n, TR_STOP_DROPPED);
		return tr_put(n, TR_K_SITE, TR_P_IN, NULL, NULL);
	}
	if (!cross_link(t, &v->obj, p, v->tgw_att != NULL))
		return tr_stop(n, TR_STOP_DROPPED);
	return link_into_aws(t, n, &v->obj, v->vgw, TR_K_TGW_ATT, TR_P_FROM_VPN, v->tgw_att, NULL);
}

struct tr_next *trace_node_vif(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_vif *v = n->obj;
	if (!cross_link(t, &v->obj, p, false))
		return tr_stop(n, TR_STOP_DROPPED);
	if (n->port == TR_P_TO_SITE)
		return tr_put(n, TR_K_SITE, TR_P_IN, NULL, NULL);
	return link_into_aws(t, n, &v->obj, v->vgw, TR_K_DXGW, TR_P_FROM_SITE, v->dxgw, v);
}

/* ---- Direct Connect gateway ---- */

/* From the AWS side of DX gateway @g towards a site. */
static struct tr_next *dxgw_to_site(struct tr_run *t, struct tr_next *n, const struct model_dxgw *g,
				    struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	struct trace_hop *h;
	const struct rib_route *r = trace_rib_hop(t, &g->obj, p, &h);
	if (!r) {
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s has no route for %s", g->obj.id,
			       trace_addr_text(t, &p->dst, a));
	}
	if (r->nh_kind != RIB_NH_VIF || !r->nh) {
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s is not transitive: traffic from one "
			       "association does not reach another (%s)",
			       g->obj.id, r->nh ? r->nh->id : "?");
	}
	return link_to(n, r->nh, TR_P_TO_SITE, NULL);
}

/* From a site over VIF @v (already crossed) into its DX gateway @g. */
static struct tr_next *dxgw_from_site(struct tr_run *t, struct tr_next *n,
				      const struct model_dxgw *g, const struct model_vif *v,
				      struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	struct trace_hop *h;
	const struct rib_route *r =
		trace_rib_hop_in(t, &g->obj, rib_dxgw_to_aws(t->c->rib, g), p, &h);
	/* another site's route (usable with SiteLink) when it is more specific */
	const struct rib *learned = rib_of(t->c->rib, &g->obj);
	const struct rib_route *other = rib_lookup(learned, &p->dst, NULL, 0, NULL);
	if (other && (!r || other->attr.pfx.len > r->attr.pfx.len)) {
		r = other;
		h->rib = learned;
		h->rib_route = other;
		h->n_ecmp = 1;
	}
	if (!r) {
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s has no route for %s", g->obj.id,
			       trace_addr_text(t, &p->dst, a));
	}
	switch (r->nh_kind) {
	case RIB_NH_VGW:
		if (v->type == VIF_PRIVATE)
			return tr_put(n, TR_K_VGW, TR_P_IN, r->nh, NULL);
		break;
	case RIB_NH_TGW:
		if (v->type == VIF_TRANSIT) {
			const struct model_tgw *tg = MODEL_AS(const struct model_tgw, r->nh);
			const struct model_tgw_att *att =
				trace_tgw_att_for(t->c, tg, TGW_ATT_DXGW, &g->obj);
			if (!att) {
				return tr_drop(t, n, h, "NO_PATH", TRACE_DIR_NONE,
					       "%s is associated with %s but has no attachment on "
					       "it",
					       g->obj.id, tg->obj.id);
			}
			return tr_put(n, TR_K_TGW_ATT, TR_P_FROM_DX, att, NULL);
		}
		break;
	case RIB_NH_VIF: {
		const struct model_vif *o = MODEL_AS(const struct model_vif, r->nh);
		if (v->sitelink && o->sitelink)
			return link_to(n, r->nh, TR_P_TO_SITE, NULL);
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "Direct Connect gateway %s is not transitive between sites: %s and "
			       "%s need SiteLink",
			       g->obj.id, v->obj.id, o->obj.id);
	}
	default:
		break;
	}
	return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
		       "a %s virtual interface cannot reach %s through %s",
		       v->type == VIF_TRANSIT ? "transit" : "private", r->nh ? r->nh->id : "?",
		       g->obj.id);
}

struct tr_next *trace_node_dxgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	if (n->port == TR_P_FROM_SITE)
		return dxgw_from_site(t, n, n->obj, n->from, p);
	return dxgw_to_site(t, n, n->obj, p);
}

/* ---- sites ---- */

/* IN: over a VPN or VIF (crossed) to the site network holding p.dst. */
static struct tr_next *site_in(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_site *site = trace_site_of(t->c->m, &p->dst);
	struct trace_hop *h;
	if (site) {
		h = trace_hop_add(t, trace_comp_obj(&site->obj), p);
		h->kind = TRACE_D_OUTSIDE;
	}
	const char *hid = host_id(site, &p->dst);
	const char *text = t->reply ? t->res->src_text : t->res->dst_text;
	h = trace_hop_add(t, trace_comp_id(hid ? hid : text, "host"), p);
	h->kind = TRACE_D_OUTSIDE;
	h->action = "delivered";
	if (!site)
		h->note = "a host outside the snapshot (no site's CIDRs hold it)";
	return tr_delivered(t, n, tr_go(TR_K_SITE, TR_P_SEND, site, NULL), p);
}

/* SEND: a host of @site sends (NULL: a reply from a host in no site). */
static struct tr_next *site_send(struct tr_run *t, struct tr_next *n, const struct model_site *site,
				 struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	if (!site) {
		struct trace_hop *h = trace_hop_add(t, trace_comp_id(t->res->dst_text, "host"), p);
		h->kind = TRACE_D_OUTSIDE;
		h->action = "sent";
		trace_expl_add(t, "NO_PATH", h->comp, TRACE_DIR_NONE,
			       "the host is in no site's CIDRs, so its route back is unknown: "
			       "describe its network under Sites");
		return tr_stop(n, TR_STOP_HALTED);
	}
	const char *hid = host_id(site, &p->src);
	const char *text = t->reply ? t->res->dst_text : t->res->src_text;
	struct trace_hop *h = trace_hop_add(t, trace_comp_id(hid ? hid : text, "host"), p);
	h->kind = TRACE_D_OUTSIDE;
	h->action = "sent";
	const struct rib_route *r = trace_rib_hop(t, &site->obj, p, &h);
	if (!r) {
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "site %s has learned no route for %s", site->obj.id,
			       trace_addr_text(t, &p->dst, a));
	}
	if (!r->nh || (r->nh_kind != RIB_NH_VPN && r->nh_kind != RIB_NH_VIF)) {
		return tr_drop(t, n, h, "NO_PATH", TRACE_DIR_NONE,
			       "%s is inside site %s itself: nothing to trace through AWS",
			       trace_addr_text(t, &p->dst, a), site->obj.id);
	}
	return link_to(n, r->nh, TR_P_FROM_SITE, NULL);
}

/* ORIGIN: the source is a host outside the snapshot.  A site with links
 * (a VPN or VIF it advertises over) is on-premises; a site without any
 * only names internet hosts. */
static struct tr_next *site_origin(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	const struct model_site *site = trace_site_of(t->c->m, &p->src);
	bool linked = false;
	for (uint32_t i = 0; site && i < site->n_adv; i++)
		linked |= site->adv[i].via != NULL;
	if (site && (linked || !net_addr_is_public(&p->src)))
		return tr_put(n, TR_K_SITE, TR_P_SEND, site, NULL);
	if (net_addr_is_public(&p->src))
		return tr_put(n, TR_K_INTERNET, TR_P_SEND, NULL, NULL);
	struct trace_hop *h = trace_hop_add(t, trace_comp_id(t->res->src_text, "host"), p);
	h->kind = TRACE_D_OUTSIDE;
	h->action = "sent";
	trace_expl_add(t, "NO_PATH", h->comp, TRACE_DIR_NONE,
		       "%s is not public and in no site's CIDRs: describe its network under "
		       "Sites to trace it through a VPN or Direct Connect",
		       trace_addr_text(t, &p->src, a));
	return tr_stop(n, TR_STOP_HALTED);
}

struct tr_next *trace_node_site(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	switch (n->port) {
	case TR_P_IN:
		return site_in(t, n, p);
	case TR_P_ORIGIN:
		return site_origin(t, n, p);
	default: /* TR_P_SEND */
		break;
	}
	return site_send(t, n, n->obj, p);
}
