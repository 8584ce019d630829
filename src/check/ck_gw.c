/*
 * DOC: gateway, peering, endpoint, Transit Gateway, VPN and Direct Connect rules
 *
 * AWS API refusals (errors):
 *  - Resource.AlreadyAssociated: one internet gateway attached to two VPCs;
 *    InvalidParameterValue "Network vpc-X already has an internet gateway
 *    attached": two on one VPC.  Egress-only gateways follow the same rule:
 *    "You can attach only one egress-only internet gateway to a VPC at a
 *    time" (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
 *  - OverlappingCidrs (vpcsim's code): a peering connection between VPCs
 *    whose IPv4 CIDRs overlap.  AWS does not refuse the request; the
 *    connection ends in state "failed" with the status message used here
 *    (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html,
 *    API_CreateVpcPeeringConnection.html).
 *  - DuplicateTransitGatewayAttachment, DuplicateSubnetsInSameZone,
 *    RouteAlreadyExists (TGW static routes),
 *    TransitGatewayRouteTablePropagation.Duplicate
 *    (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html).
 *  - InvalidParameterValue: a customer gateway BGP ASN reserved in its
 *    Region (7224 us-east-1, 9059 eu-west-1, 17943 ap-southeast-1, 10124
 *    ap-northeast-1; CreateCustomerGateway).
 *  - DirectConnectClientException: a VIF MTU other than 1500, 9001 (private)
 *    or 8500 (transit) (CreatePrivateVirtualInterface,
 *    CreateTransitVirtualInterface).
 *  - Invalid*ID.NotFound for dangling ids.  A peer VPC in an account or
 *    Region the snapshot does not cover is unknown, not missing.
 * Design findings (warnings):
 *  - CLOUDHUB_DUPLICATE_ASN: two customer gateways with one BGP ASN on the
 *    VPN connections of one VGW; CloudHub needs a distinct ASN per site
 *    (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPN_CloudHub.html);
 *  - ASN_COLLISION: a customer ASN equal to the AWS-side ASN of its peer
 *    (VGW, TGW, VIF): eBGP drops routes carrying its own ASN;
 *  - DX_PREFIX_QUOTA_EXCEEDED: a site advertising more prefixes over a VIF
 *    than the per-session quota: the BGP session goes down
 *    (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html);
 *  - VPN_ROUTE_QUOTA_EXCEEDED: a site advertising more than 100 routes over
 *    a BGP VPN connection on a VGW, the Site-to-Site VPN quota
 *    (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/ck_internal.h"
#include "route/dx_quota.h"
#include "vpcsim/error.h"

/* ---- internet and egress-only internet gateways ---- */

struct att {
	const char *vpc_id;
	const struct model_igw *gw;
	uint32_t idx; /* snapshot order */
};

static int att_cmp(const void *a, const void *b)
{
	const struct att *x = a, *y = b;
	int c = strcmp(x->vpc_id, y->vpc_id);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static int igw_family(const struct model *m, const struct model_igw *gws, uint32_t n_gws,
		      const char *noun, struct diag_list *d)
{
	struct att *a;
	size_t n = 0, cap = 0;
	int rc = 0;

	for (uint32_t i = 0; i < n_gws; i++) {
		const struct model_igw *g = &gws[i];

		cap += g->n_vpcs;
		if ((rc = ck_refs(m, d, &g->obj, (void *const *)g->vpcs, g->vpc_ids, g->n_vpcs,
				  "InvalidVpcID.NotFound", "vpc")) < 0)
			return rc;
		/* AttachInternetGateway on an attached gateway */
		if (g->n_vpcs > 1 &&
		    (rc = ck_report(d, DIAG_ERROR, "Resource.AlreadyAssociated", &g->obj,
				    "resource %s is already attached to network %s", g->obj.id,
				    g->vpc_ids[0])) < 0)
			return rc;
	}
	if (cap < 2)
		return 0;
	if ((a = calloc(cap, sizeof(*a))) == NULL)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < n_gws; i++)
		for (uint32_t k = 0; k < gws[i].n_vpcs; k++)
			if (ck_has_id(gws[i].vpc_ids[k]))
				a[n++] = (struct att){gws[i].vpc_ids[k], &gws[i], i};
	qsort(a, n, sizeof(*a), att_cmp);
	for (size_t i = 1; i < n && rc == 0; i++) {
		if (strcmp(a[i].vpc_id, a[i - 1].vpc_id) != 0 || a[i].gw == a[i - 1].gw)
			continue;
		rc = ck_report(d, DIAG_ERROR, "InvalidParameterValue", &a[i].gw->obj,
			       "Network %s already has an %s attached (%s)", a[i].vpc_id, noun,
			       a[i - 1].gw->obj.id);
	}
	free(a);
	return rc;
}

static int vgw_refs(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_vgw *g = MODEL_AS(const struct model_vgw, obj);

	return ck_refs(m, d, &g->obj, (void *const *)g->vpcs, g->vpc_ids, g->n_vpcs,
		       "InvalidVpcID.NotFound", "vpc");
}

/* ---- VPC peering ---- */

static int pcx_side_ref(const struct model *m, const struct model_pcx *p,
			const struct model_pcx_side *s, struct diag_list *d)
{
	if (!ck_has_id(s->vpc_id) || ck_lookup(m, s->vpc, s->vpc_id) != NULL)
		return 0;
	/* a VPC of an account or Region not collected is merely unknown */
	if (!ck_account_known(m, s->owner) || !ck_region_known(m, s->region))
		return 0;
	return ck_report(d, DIAG_ERROR, "InvalidVpcID.NotFound", &p->obj,
			 "The vpc ID '%s' does not exist", s->vpc_id);
}

/* The IPv4 CIDRs of one side: as the connection lists them, then as the
 * VPC (when in the snapshot) has them. */
static const struct model_cidr *side_cidr(const struct model *m, const struct model_pcx_side *s,
					  uint32_t i)
{
	const struct model_obj *o;
	const struct model_vpc *v;

	if (i < s->n_cidrs)
		return &s->cidrs[i];
	i -= s->n_cidrs;
	o = ck_lookup_kind(m, s->vpc, s->vpc_id, MODEL_VPC);
	if (o == NULL)
		return NULL;
	v = MODEL_AS(const struct model_vpc, o);
	return i < v->n_cidrs ? &v->cidrs[i] : NULL;
}

static int pcx_overlap(const struct model *m, const struct model_pcx *p, struct diag_list *d)
{
	const struct model_cidr *a, *b;

	if (ck_streq(p->requester.vpc_id, p->accepter.vpc_id))
		return 0;
	for (uint32_t i = 0; (a = side_cidr(m, &p->requester, i)) != NULL; i++) {
		if (a->pfx.addr.af != NET_AF_INET)
			continue;
		for (uint32_t k = 0; (b = side_cidr(m, &p->accepter, k)) != NULL; k++) {
			if (b->pfx.addr.af != NET_AF_INET || !net_prefix_overlaps(&a->pfx, &b->pfx))
				continue;
			return ck_report(d, DIAG_ERROR, "OverlappingCidrs", &p->obj,
					 "Failed due to incorrect VPC-ID, Account ID, or "
					 "overlapping "
					 "CIDR range: %s of %s overlaps %s of %s.",
					 a->text, p->requester.vpc_id ? p->requester.vpc_id : "?",
					 b->text, p->accepter.vpc_id ? p->accepter.vpc_id : "?");
		}
	}
	return 0;
}

static int peering(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_pcx *p = MODEL_AS(const struct model_pcx, obj);
	int rc;

	/* CreateVpcPeeringConnection: PeerVpcId must name another VPC
	 * (a VPC reaches its own addresses by the local route). */
	if (ck_has_id(p->requester.vpc_id) && ck_streq(p->requester.vpc_id, p->accepter.vpc_id) &&
	    (rc = ck_report(d, DIAG_ERROR, "InvalidParameterValue", &p->obj,
			    "The peering connection %s connects VPC %s with itself: a VPC "
			    "cannot be peered with itself.",
			    p->obj.id, p->requester.vpc_id)) < 0)
		return rc;
	if ((rc = pcx_side_ref(m, p, &p->requester, d)) < 0 ||
	    (rc = pcx_side_ref(m, p, &p->accepter, d)) < 0)
		return rc;
	return pcx_overlap(m, p, d);
}

/* ---- VPC endpoints ---- */

static int endpoint_refs(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_vpce *e = MODEL_AS(const struct model_vpce, obj);
	int rc;

	if ((rc = ck_ref(m, d, &e->obj, e->vpc, e->vpc_id, "InvalidVpcID.NotFound", "vpc")) < 0 ||
	    (rc = ck_refs(m, d, &e->obj, NULL, e->rtb_ids, e->n_rtbs,
			  "InvalidRouteTableID.NotFound", "routeTable")) < 0 ||
	    (rc = ck_refs(m, d, &e->obj, NULL, e->subnet_ids, e->n_subnets,
			  "InvalidSubnetID.NotFound", "subnet")) < 0)
		return rc;
	return ck_refs(m, d, &e->obj, (void *const *)e->sgs, e->sg_ids, e->n_sgs,
		       "InvalidGroup.NotFound", "securityGroup");
}

/* ---- Transit Gateway ---- */

static int tgw_refs(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_tgw *t = MODEL_AS(const struct model_tgw, obj);
	int rc;

	if ((rc = ck_ref(m, d, &t->obj, t->assoc_rtb, t->assoc_rtb_id,
			 "InvalidRouteTableID.NotFound", "routeTable")) < 0)
		return rc;
	return ck_ref(m, d, &t->obj, t->prop_rtb, t->prop_rtb_id, "InvalidRouteTableID.NotFound",
		      "routeTable");
}

static int tgw_att_refs(const struct model *m, const struct model_tgw_att *a, struct diag_list *d)
{
	const struct model_obj *res;
	int rc;

	if ((rc = ck_ref(m, d, &a->obj, a->tgw, a->tgw_id, "InvalidTransitGatewayID.NotFound",
			 "transitGateway")) < 0 ||
	    (rc = ck_ref(m, d, &a->obj, a->assoc_rtb, a->assoc_rtb_id,
			 "InvalidRouteTableID.NotFound", "routeTable")) < 0)
		return rc;
	if (a->type == TGW_ATT_VPN)
		return ck_ref(m, d, &a->obj, a->resource, a->resource_id,
			      "InvalidVpnConnectionID.NotFound", "vpnConnection");
	if (a->type != TGW_ATT_VPC)
		return 0;
	res = ck_lookup(m, a->resource, a->resource_id);
	if (res == NULL) {
		/* a VPC of another account sharing this TGW may be absent */
		if (!ck_has_id(a->resource_id) || !ck_account_known(m, a->resource_owner))
			return 0;
		return ck_ref(m, d, &a->obj, NULL, a->resource_id, "InvalidVpcID.NotFound", "vpc");
	}
	return ck_refs(m, d, &a->obj, (void *const *)a->subnets, a->subnet_ids, a->n_subnets,
		       "InvalidSubnetID.NotFound", "subnet");
}

/* "DuplicateSubnetsInSameZone": a VPC attachment has one subnet per AZ
 * (tgw-vpc-attachments.html). */
static int tgw_att_zones(const struct model *m, const struct model_tgw_att *a, struct diag_list *d)
{
	for (uint32_t i = 0; i < a->n_subnets; i++) {
		const struct model_obj *oi = ck_lookup_kind(m, a->subnets ? a->subnets[i] : NULL,
							    a->subnet_ids[i], MODEL_SUBNET);
		const struct model_subnet *si = MODEL_AS(const struct model_subnet, oi);

		if (oi == NULL || (si->az == NULL && si->az_id == NULL))
			continue;
		for (uint32_t k = 0; k < i; k++) {
			const struct model_obj *ok =
				ck_lookup_kind(m, a->subnets ? a->subnets[k] : NULL,
					       a->subnet_ids[k], MODEL_SUBNET);
			const struct model_subnet *sk = MODEL_AS(const struct model_subnet, ok);
			bool same;

			if (ok == NULL || ok == oi)
				continue;
			same = (si->az_id && sk->az_id) ? ck_streq(si->az_id, sk->az_id) :
							  ck_streq(si->az, sk->az);
			if (!same)
				continue;
			return ck_report(d, DIAG_ERROR, "DuplicateSubnetsInSameZone", &a->obj,
					 "Duplicate Subnets for same AZ: %s and %s are both in %s.",
					 sk->obj.id, si->obj.id, si->az ? si->az : si->az_id);
		}
	}
	return 0;
}

static int att_vpc_cmp(const void *a, const void *b)
{
	const struct model_tgw_att *x = *(const struct model_tgw_att *const *)a;
	const struct model_tgw_att *y = *(const struct model_tgw_att *const *)b;
	int c;

	if ((c = strcmp(x->tgw_id, y->tgw_id)) != 0)
		return c;
	if ((c = strcmp(x->resource_id, y->resource_id)) != 0)
		return c;
	return x < y ? -1 : (x > y);
}

/* The VPC attachments, by (TGW, VPC). */
static bool att_vpc_key(const void *owner, uint32_t i, void *k)
{
	const struct model_tgw_att *a = &((const struct model *)owner)->tgw_atts[i];

	*(const struct model_tgw_att **)k = a;
	return a->type == TGW_ATT_VPC && ck_has_id(a->tgw_id) && ck_has_id(a->resource_id);
}

/* "DuplicateTransitGatewayAttachment": one VPC attached twice to a TGW. */
static int att_vpc_pair(const void *owner, const void *prev, const void *k, struct diag_list *d)
{
	const struct model_tgw_att *p = *(const struct model_tgw_att *const *)prev;
	const struct model_tgw_att *a = *(const struct model_tgw_att *const *)k;

	(void)owner;
	if (strcmp(a->tgw_id, p->tgw_id) != 0 || strcmp(a->resource_id, p->resource_id) != 0)
		return 0;
	return ck_report(d, DIAG_ERROR, "DuplicateTransitGatewayAttachment", &a->obj,
			 "%s has non-deleted Transit Gateway Attachments with same VPC ID "
			 "(%s, also attached by %s).",
			 a->tgw_id, a->resource_id, p->obj.id);
}

static int tgw_att_duplicates(const struct model *m, struct diag_list *d)
{
	return ck_sorted_pairs(m, m->n_tgw_atts, sizeof(const struct model_tgw_att *), att_vpc_key,
			       att_vpc_cmp, att_vpc_pair, d);
}

/* Static routes only: propagated ones are learned, not created. */
static bool tgw_route_dst(const void *table, uint32_t i, const struct model_cidr **dst,
			  const char **pl)
{
	const struct model_tgw_route *r = &((const struct model_tgw_rtb *)table)->routes[i];

	*dst = &r->dst;
	*pl = r->dst_pl_id;
	return !r->propagated;
}

static int tgw_route_duplicate(const void *table, uint32_t i, struct diag_list *d)
{
	const struct model_tgw_rtb *t = table;
	const struct model_tgw_route *r = &t->routes[i];

	return ck_report(d, DIAG_ERROR, "RouteAlreadyExists", &t->obj,
			 "Route %s already exists in Transit Gateway Route Table %s.",
			 r->dst.pfx.addr.af != NET_AF_NONE ? r->dst.text : r->dst_pl_id, t->obj.id);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int tgw_prop_duplicates(const struct model_tgw_rtb *t, struct diag_list *d)
{
	const char **v;
	size_t n = 0;
	int rc = 0;

	if (t->n_prop_atts < 2)
		return 0;
	if ((v = calloc(t->n_prop_atts, sizeof(*v))) == NULL)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < t->n_prop_atts; i++)
		if (ck_has_id(t->prop_att_ids[i]))
			v[n++] = t->prop_att_ids[i];
	qsort(v, n, sizeof(*v), str_cmp);
	for (size_t i = 1; i < n && rc == 0; i++) {
		if (strcmp(v[i], v[i - 1]) != 0)
			continue;
		rc = ck_report(d, DIAG_ERROR, "TransitGatewayRouteTablePropagation.Duplicate",
			       &t->obj,
			       "Transit Gateway Route Table %s already has a propagation from %s.",
			       t->obj.id, v[i]);
	}
	free(v);
	return rc;
}

static int tgw_rtb_refs(const struct model *m, const struct model_tgw_rtb *t, struct diag_list *d)
{
	int rc;

	if ((rc = ck_ref(m, d, &t->obj, t->tgw, t->tgw_id, "InvalidTransitGatewayID.NotFound",
			 "transitGateway")) < 0 ||
	    (rc = ck_refs(m, d, &t->obj, (void *const *)t->prop_atts, t->prop_att_ids,
			  t->n_prop_atts, "InvalidTransitGatewayAttachmentID.NotFound",
			  "transitGatewayAttachment")) < 0)
		return rc;
	for (uint32_t i = 0; i < t->n_routes; i++) {
		const struct model_tgw_route *r = &t->routes[i];

		if ((rc = ck_pl_ref(m, d, &t->obj, r->dst_pl, r->dst_pl_id)) < 0)
			return rc;
		if ((rc = ck_refs(m, d, &t->obj, (void *const *)r->atts, r->att_ids, r->n_atts,
				  "InvalidTransitGatewayAttachmentID.NotFound",
				  "transitGatewayAttachment")) < 0)
			return rc;
	}
	return 0;
}

static int tgw_att_checks(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_tgw_att *a = MODEL_AS(const struct model_tgw_att, obj);
	int rc;

	if ((rc = tgw_att_refs(m, a, d)) < 0 ||
	    (a->type == TGW_ATT_VPC && (rc = tgw_att_zones(m, a, d)) < 0))
		return rc;
	/* CreateTransitGatewayPeeringAttachment: the peer must be
	 * another transit gateway (tgw/tgw-peering.html). */
	if (a->type == TGW_ATT_PEERING && ck_has_id(a->tgw_id) &&
	    ck_streq(a->tgw_id, a->peer_tgw_id))
		return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &a->obj,
				 "The peering attachment %s connects transit gateway %s with "
				 "itself: the peer must be another transit gateway.",
				 a->obj.id, a->tgw_id);
	return 0;
}

static int tgw_rtb_checks(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_tgw_rtb *t = MODEL_AS(const struct model_tgw_rtb, obj);
	int rc;

	if ((rc = tgw_rtb_refs(m, t, d)) < 0 ||
	    (rc = ck_dst_duplicates(t, t->n_routes, tgw_route_dst, tgw_route_duplicate, d)) < 0)
		return rc;
	return tgw_prop_duplicates(t, d);
}

static int transit(const struct model *m, struct diag_list *d)
{
	int rc;

	if ((rc = ck_each(m, MODEL_TGW, tgw_refs, d)) < 0 || (rc = tgw_att_duplicates(m, d)) < 0 ||
	    (rc = ck_each(m, MODEL_TGW_ATT, tgw_att_checks, d)) < 0)
		return rc;
	return ck_each(m, MODEL_TGW_RTB, tgw_rtb_checks, d);
}

/* ---- Site-to-Site VPN ---- */

static int vpn_refs(const struct model *m, const struct model_vpn *v, struct diag_list *d)
{
	int rc;

	if ((rc = ck_ref(m, d, &v->obj, v->cgw, v->cgw_id, "InvalidCustomerGatewayID.NotFound",
			 "customerGateway")) < 0 ||
	    (rc = ck_ref(m, d, &v->obj, v->vgw, v->vgw_id, "InvalidVpnGatewayID.NotFound",
			 "vpnGateway")) < 0)
		return rc;
	return ck_ref(m, d, &v->obj, v->tgw, v->tgw_id, "InvalidTransitGatewayID.NotFound",
		      "transitGateway");
}

static const struct model_cgw *vpn_cgw(const struct model *m, const struct model_vpn *v)
{
	const struct model_obj *o = ck_lookup_kind(m, v->cgw, v->cgw_id, MODEL_CGW);
	return o != NULL ? MODEL_AS(const struct model_cgw, o) : NULL;
}

/* ASN_COLLISION: with BGP the customer side must use an ASN other than
 * the AWS side's, or each side drops the other's routes as loops. */
static int vpn_asn(const struct model *m, const struct model_vpn *v, struct diag_list *d)
{
	const struct model_cgw *c = vpn_cgw(m, v);
	const struct model_obj *g;
	uint32_t aws = 0;

	if (c == NULL || v->static_only || c->asn == 0)
		return 0;
	if ((g = ck_lookup_kind(m, v->vgw, v->vgw_id, MODEL_VGW)) != NULL)
		aws = MODEL_AS(const struct model_vgw, g)->asn;
	else if ((g = ck_lookup_kind(m, v->tgw, v->tgw_id, MODEL_TGW)) != NULL)
		aws = MODEL_AS(const struct model_tgw, g)->asn;
	if (g == NULL || aws != c->asn)
		return 0;
	return ck_report(d, DIAG_WARNING, "ASN_COLLISION", &v->obj,
			 "Customer gateway %s uses BGP ASN %u, the Amazon-side ASN of %s: each BGP "
			 "peer drops routes carrying its own ASN.",
			 c->obj.id, (unsigned)c->asn, g->id);
}

struct hub {
	const struct model_obj *vgw;
	const struct model_cgw *cgw;
};

static int hub_cmp(const void *a, const void *b)
{
	const struct hub *x = a, *y = b;

	if (x->vgw != y->vgw)
		return (uintptr_t)x->vgw < (uintptr_t)y->vgw ? -1 : 1;
	if (x->cgw->asn != y->cgw->asn)
		return x->cgw->asn < y->cgw->asn ? -1 : 1;
	return (uintptr_t)x->cgw < (uintptr_t)y->cgw ? -1 : ((uintptr_t)x->cgw > (uintptr_t)y->cgw);
}

/* The BGP VPN connections of a VGW, by (VGW, ASN, CGW). */
static bool hub_key(const void *owner, uint32_t i, void *k)
{
	const struct model *m = owner;
	const struct model_vpn *v = &m->vpns[i];
	const struct model_obj *g = ck_lookup_kind(m, v->vgw, v->vgw_id, MODEL_VGW);
	const struct model_cgw *c = vpn_cgw(m, v);

	*(struct hub *)k = (struct hub){g, c};
	return g != NULL && c != NULL && !v->static_only;
}

/* CLOUDHUB_DUPLICATE_ASN: two customer gateways of one VGW with one ASN. */
static int hub_pair(const void *owner, const void *prev, const void *k, struct diag_list *d)
{
	const struct hub *p = prev, *h = k;

	(void)owner;
	if (h->vgw != p->vgw || h->cgw->asn != p->cgw->asn || h->cgw == p->cgw)
		return 0;
	return ck_report(d, DIAG_WARNING, "CLOUDHUB_DUPLICATE_ASN", h->vgw,
			 "Customer gateways %s and %s share BGP ASN %u on the VPN "
			 "connections "
			 "of %s: with VPN CloudHub each site needs its own ASN, or the sites "
			 "drop each other's routes.",
			 p->cgw->obj.id, h->cgw->obj.id, (unsigned)h->cgw->asn, h->vgw->id);
}

static int cloudhub(const struct model *m, struct diag_list *d)
{
	return ck_sorted_pairs(m, m->n_vpns, sizeof(struct hub), hub_key, hub_cmp, hub_pair, d);
}

static int vpn_checks(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_vpn *v = MODEL_AS(const struct model_vpn, obj);
	int rc = vpn_refs(m, v, d);

	return rc < 0 ? rc : vpn_asn(m, v, d);
}

/* CreateCustomerGateway, BgpAsn: any 2-byte ASN "with the exception of
 * 7224, which is reserved in the us-east-1 Region, and 9059, which is
 * reserved in the eu-west-1 Region" (and 17943 in ap-southeast-1, 10124 in
 * ap-northeast-1). */
static int cgw_checks(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	static const struct {
		uint32_t asn;
		const char *region;
	} reserved[] = {
		{7224, "us-east-1"},
		{9059, "eu-west-1"},
		{17943, "ap-southeast-1"},
		{10124, "ap-northeast-1"},
	};
	const struct model_cgw *c = MODEL_AS(const struct model_cgw, obj);
	(void)m;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (c->asn == reserved[i].asn && c->obj.region &&
		    !strcmp(c->obj.region, reserved[i].region))
			return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &c->obj,
					 "The BGP ASN %u of customer gateway %s is reserved in %s.",
					 (unsigned)c->asn, c->obj.id, c->obj.region);
	return 0;
}

static int vpn(const struct model *m, struct diag_list *d)
{
	int rc;

	if ((rc = ck_each(m, MODEL_VPN, vpn_checks, d)) < 0 ||
	    (rc = ck_each(m, MODEL_CGW, cgw_checks, d)) < 0)
		return rc;
	return cloudhub(m, d);
}

/* ---- Direct Connect ---- */

/* CreatePrivateVirtualInterface: an MTU of 1500 or 9001;
 * CreateTransitVirtualInterface: "A jumbo MTU value must be either 1500 or
 * 8500. No other values will be accepted."; a public VIF has no MTU to set
 * (1500).  The API refuses anything else with DirectConnectClientException. */
static int vif_mtu(const struct model_vif *v, struct diag_list *d)
{
	uint32_t jumbo = v->type == VIF_PRIVATE ? 9001 : v->type == VIF_TRANSIT ? 8500 : 0;
	if (v->mtu == 1500 || (jumbo && v->mtu == jumbo))
		return 0;
	const char *kind = v->type == VIF_PRIVATE ? "private" :
			   v->type == VIF_TRANSIT ? "transit" :
						    "public";
	if (jumbo)
		return ck_report(d, DIAG_ERROR, "DirectConnectClientException", &v->obj,
				 "The MTU %u of %s virtual interface %s is not valid: it is 1500 "
				 "or %u.",
				 (unsigned)v->mtu, kind, v->obj.id, (unsigned)jumbo);
	return ck_report(d, DIAG_ERROR, "DirectConnectClientException", &v->obj,
			 "The MTU %u of public virtual interface %s is not valid: it is 1500.",
			 (unsigned)v->mtu, v->obj.id);
}

static int vif_checks(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_vif *v = MODEL_AS(const struct model_vif, obj);
	const struct model_obj *g;
	uint32_t aws = v->amazon_asn;
	int rc;

	if ((rc = ck_ref(m, d, &v->obj, v->vgw, v->vgw_id, "InvalidVpnGatewayID.NotFound",
			 "vpnGateway")) < 0 ||
	    (rc = ck_ref(m, d, &v->obj, v->dxgw, v->dxgw_id, "DirectConnectGatewayNotFound",
			 "directConnectGateway")) < 0 ||
	    (rc = vif_mtu(v, d)) < 0)
		return rc;
	if (aws == 0 && (g = ck_lookup_kind(m, v->dxgw, v->dxgw_id, MODEL_DXGW)) != NULL)
		aws = MODEL_AS(const struct model_dxgw, g)->asn;
	if (aws == 0 && (g = ck_lookup_kind(m, v->vgw, v->vgw_id, MODEL_VGW)) != NULL)
		aws = MODEL_AS(const struct model_vgw, g)->asn;
	if (v->asn == 0 || v->asn != aws)
		return 0;
	return ck_report(d, DIAG_WARNING, "ASN_COLLISION", &v->obj,
			 "The customer-side BGP ASN %u of %s equals the Amazon-side ASN: each BGP "
			 "peer drops routes carrying its own ASN.",
			 (unsigned)v->asn, v->obj.id);
}

static int site_via_ref(const struct model *m, const struct model_site *s,
			const struct model_site_adv *a, struct diag_list *d)
{
	bool vpn_id = a->via_id != NULL && strncmp(a->via_id, "vpn-", 4) == 0;

	return ck_ref(m, d, &s->obj, a->via, a->via_id,
		      vpn_id ? "InvalidVpnConnectionID.NotFound" :
			       "DirectConnectVirtualInterfaceNotFound",
		      vpn_id ? "vpn connection" : "virtualInterface");
}

static int dx_quota_report(const struct check_opts *o, const struct model_vif *v, uint32_t count,
			   int af, struct diag_list *d)
{
	uint32_t limit = route_dx_prefix_limit(v, o->dx_prefixes_per_session);

	if (count <= limit)
		return 0;
	return ck_report(d, DIAG_WARNING, "DX_PREFIX_QUOTA_EXCEEDED", &v->obj,
			 "%u %s prefixes are advertised over %s, more than the %u a BGP session on "
			 "a %s virtual interface accepts: AWS takes the session down.",
			 (unsigned)count, af == NET_AF_INET6 ? "IPv6" : "IPv4", v->obj.id,
			 (unsigned)limit,
			 v->type == VIF_PUBLIC  ? "public" :
			 v->type == VIF_TRANSIT ? "transit" :
						  "private");
}

static int site_refs(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_site *s = MODEL_AS(const struct model_site, obj);
	int rc;

	for (uint32_t k = 0; k < s->n_adv; k++)
		if ((rc = site_via_ref(m, s, &s->adv[k], d)) < 0)
			return rc;
	return 0;
}

/*
 * VPN_ROUTE_QUOTA_EXCEEDED: "Dynamic routes advertised from a customer
 * gateway device to a Site-to-Site VPN connection on a virtual private
 * gateway: 100" (Site-to-Site VPN quotas, vpn-limits.html, not
 * adjustable).  Only IPv4 counts: a VGW's VPN carries no IPv6
 * (how_it_works.html).  The page does not say what AWS does past the
 * quota, so the warning does not either.
 */
static int vpn_quota(const struct model *m, struct diag_list *d)
{
	struct route_dx_count *cnt;
	int rc;

	if (m->n_vpns == 0)
		return 0;
	if ((cnt = calloc(m->n_vpns, sizeof(*cnt))) == NULL)
		return VS_ENOMEM;
	rc = route_vpn_prefix_counts(m, cnt);
	for (uint32_t i = 0; i < m->n_vpns && rc == 0; i++) {
		const struct model_vpn *v = &m->vpns[i];
		if (!v->vgw || v->static_only || cnt[i].v4 <= ROUTE_VPN_VGW_ROUTE_LIMIT)
			continue;
		rc = ck_report(d, DIAG_WARNING, "VPN_ROUTE_QUOTA_EXCEEDED", &v->obj,
			       "%u routes are advertised over %s, more than the %u dynamic routes "
			       "a "
			       "Site-to-Site VPN connection on a virtual private gateway (%s) "
			       "accepts "
			       "from its customer gateway (Site-to-Site VPN quotas).",
			       (unsigned)cnt[i].v4, v->obj.id, (unsigned)ROUTE_VPN_VGW_ROUTE_LIMIT,
			       v->vgw->obj.id);
	}
	free(cnt);
	return rc < 0 ? rc : 0;
}

/* DX_PREFIX_QUOTA_EXCEEDED: route/dx_quota.h counts, as `routes` does. */
static int sites(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	struct route_dx_count *cnt;
	int rc;

	if ((rc = ck_each(m, MODEL_SITE, site_refs, d)) < 0)
		return rc;
	if ((rc = vpn_quota(m, d)) < 0)
		return rc;
	if (m->n_vifs == 0)
		return 0;
	if ((cnt = calloc(m->n_vifs, sizeof(*cnt))) == NULL)
		return VS_ENOMEM;
	rc = route_dx_prefix_counts(m, cnt);
	for (uint32_t i = 0; i < m->n_vifs && rc == 0; i++) {
		rc = dx_quota_report(o, &m->vifs[i], cnt[i].v4, NET_AF_INET, d);
		if (rc == 0)
			rc = dx_quota_report(o, &m->vifs[i], cnt[i].v6, NET_AF_INET6, d);
	}
	free(cnt);
	return rc;
}

int ck_gw(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	int rc;

	if ((rc = igw_family(m, m->igws, m->n_igws, "internet gateway", d)) < 0 ||
	    (rc = igw_family(m, m->eigws, m->n_eigws, "egress-only internet gateway", d)) < 0 ||
	    (rc = ck_each(m, MODEL_VGW, vgw_refs, d)) < 0 ||
	    (rc = ck_each(m, MODEL_PCX, peering, d)) < 0 ||
	    (rc = ck_each(m, MODEL_VPCE, endpoint_refs, d)) < 0 || (rc = transit(m, d)) < 0 ||
	    (rc = vpn(m, d)) < 0 || (rc = sites(m, o, d)) < 0)
		return rc;
	return ck_each(m, MODEL_VIF, vif_checks, d);
}
