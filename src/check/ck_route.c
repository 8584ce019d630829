/*
 * DOC: VPC route table rules
 *
 * What CreateRoute, AssociateRouteTable and EnableVgwRoutePropagation refuse
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html):
 *  - RouteAlreadyExists: one destination (CIDR or prefix list) twice among
 *    the routes of a table that were created (local and CreateRoute); a
 *    propagated route next to a static one is normal, AWS shows both;
 *  - InvalidParameterValue: a route equal to or more specific than a VPC
 *    CIDR whose target is not an ENI, an instance or a GWLB endpoint
 *    (middlebox routing, route-table-options.html); a target that belongs to
 *    another VPC ("belong to different networks");
 *  - RouteNotSupported: an interface endpoint as a target;
 *  - Invalid*ID.NotFound: dangling VPC, subnet, gateway, target and prefix
 *    list ids;
 *  - BLACKHOLE_ROUTE (warning): a route AWS shows as blackhole -- its target
 *    is gone and the traffic it matches is dropped.
 * Duplicates are found by sorting each table's routes: O(n log n).
 */
#include <stdio.h>
#include <string.h>

#include "check/ck_internal.h"
#include "vpcsim/error.h"

/* Not-found code and noun for a route target kind; NULL when vpcsim does
 * not check that kind (carrier, local, core network gateways...). */
static const char *target_code(enum model_target t, const char **what)
{
	switch (t) {
	case TGT_IGW:
		*what = "gateway";
		return "InvalidGatewayID.NotFound";
	case TGT_EIGW:
		*what = "gateway";
		return "InvalidGatewayID.NotFound";
	case TGT_VGW:
		*what = "gateway";
		return "InvalidGatewayID.NotFound";
	case TGT_NATGW:
		*what = "natGateway";
		return "InvalidNatGatewayID.NotFound";
	case TGT_ENI:
		*what = "networkInterface";
		return "InvalidNetworkInterfaceID.NotFound";
	case TGT_INSTANCE:
		*what = "instance";
		return "InvalidInstanceID.NotFound";
	case TGT_PCX:
		*what = "vpcPeeringConnection";
		return "InvalidVpcPeeringConnectionID.NotFound";
	case TGT_VPCE:
		*what = "vpcEndpoint";
		return "InvalidVpcEndpointId.NotFound";
	case TGT_TGW:
		*what = "transitGateway";
		return "InvalidTransitGatewayID.NotFound";
	default:
		*what = NULL;
		return NULL;
	}
}

static int route_fmt_dst(const struct model_route *r, char *buf, size_t len)
{
	const char *s = r->dst.pfx.addr.af != NET_AF_NONE ? r->dst.text : r->dst_pl_id;
	return snprintf(buf, len, "%s", s != NULL ? s : "?");
}

static int table_refs(const struct model *m, const struct model_rtb *t, struct diag_list *d)
{
	int rc;

	if ((rc = ck_ref(m, d, &t->obj, t->vpc, t->vpc_id, "InvalidVpcID.NotFound", "vpc")) < 0 ||
	    (rc = ck_refs(m, d, &t->obj, (void *const *)t->subnets, t->subnet_ids, t->n_subnets,
			  "InvalidSubnetID.NotFound", "subnet")) < 0 ||
	    (rc = ck_refs(m, d, &t->obj, (void *const *)t->edges, t->edge_ids, t->n_edges,
			  "InvalidGatewayID.NotFound", "gateway")) < 0)
		return rc;
	return ck_refs(m, d, &t->obj, (void *const *)t->propagating_vgws, t->propagating_vgw_ids,
		       t->n_propagating_vgws, "InvalidVpnGatewayID.NotFound", "vpnGateway");
}

/* A route whose target is gone shows as blackhole: AWS keeps the id, so it
 * is not a dangling reference but dropped traffic. */
static int route_target_ref(const struct model *m, const struct model_rtb *t,
			    const struct model_route *r, struct diag_list *d)
{
	const char *what, *code = target_code(r->target, &what);
	int rc;

	if ((rc = ck_pl_ref(m, d, &t->obj, r->dst_pl, r->dst_pl_id)) < 0)
		return rc;
	if (r->blackhole || code == NULL)
		return 0;
	return ck_ref(m, d, &t->obj, r->target_obj, r->target_id, code, what);
}

static int route_blackhole(const struct model_rtb *t, const struct model_route *r,
			   struct diag_list *d)
{
	char dst[NET_PREFIX_STRLEN + 64];

	if (!r->blackhole)
		return 0;
	route_fmt_dst(r, dst, sizeof(dst));
	return ck_report(d, DIAG_WARNING, "BLACKHOLE_ROUTE", &t->obj,
			 "The route to %s is blackhole: its target %s no longer exists, and "
			 "traffic it matches is dropped.",
			 dst, r->target_id != NULL ? r->target_id : "(none)");
}

/* The VPC a route target lives in, for the "different networks" rule;
 * NULL when it has none or it is unknown.  Gateways attached to several
 * VPCs are handled by the caller. */
static const char *target_vpc_id(const struct model_obj *o)
{
	switch (o->kind) {
	case MODEL_NATGW:
		return MODEL_AS(const struct model_natgw, o)->vpc_id;
	case MODEL_ENI:
		return MODEL_AS(const struct model_eni, o)->vpc_id;
	case MODEL_INSTANCE:
		return MODEL_AS(const struct model_instance, o)->vpc_id;
	case MODEL_VPCE:
		return MODEL_AS(const struct model_vpce, o)->vpc_id;
	default:
		return NULL;
	}
}

/* Does the gateway @o (IGW, EIGW, VGW) or peering connection serve @vpc_id? */
static bool target_serves(const struct model_obj *o, const char *vpc_id, bool *known)
{
	const char **ids = NULL;
	uint32_t n = 0;

	*known = true;
	switch (o->kind) {
	case MODEL_IGW:
	case MODEL_EIGW:
		ids = MODEL_AS(const struct model_igw, o)->vpc_ids;
		n = MODEL_AS(const struct model_igw, o)->n_vpcs;
		break;
	case MODEL_VGW:
		ids = MODEL_AS(const struct model_vgw, o)->vpc_ids;
		n = MODEL_AS(const struct model_vgw, o)->n_vpcs;
		break;
	case MODEL_PCX: {
		const struct model_pcx *p = MODEL_AS(const struct model_pcx, o);
		return ck_streq(p->requester.vpc_id, vpc_id) ||
		       ck_streq(p->accepter.vpc_id, vpc_id);
	}
	default: {
		const char *v = target_vpc_id(o);
		if (!ck_has_id(v)) {
			*known = false;
			return true;
		}
		return strcmp(v, vpc_id) == 0;
	}
	}
	for (uint32_t i = 0; i < n; i++)
		if (ck_streq(ids[i], vpc_id))
			return true;
	return false;
}

/*
 * "route table rtb-X and network gateway Y belong to different networks":
 * an IGW/EIGW/VGW not attached to the table's VPC, a NAT gateway, ENI,
 * instance or endpoint of another VPC, a peering connection the VPC is not
 * part of.  Blackhole routes are skipped: a detached gateway leaves exactly
 * such routes behind, and AWS shows them.
 */
static int route_network(const struct model *m, const struct model_rtb *t,
			 const struct model_route *r, struct diag_list *d)
{
	const struct model_obj *o;
	bool known;

	if (r->blackhole || r->origin == ROUTE_ORIGIN_PROPAGATED || !ck_has_id(t->vpc_id))
		return 0;
	o = ck_lookup(m, r->target_obj, r->target_id);
	if (o == NULL || o->kind == MODEL_TGW)
		return 0;
	if (target_serves(o, t->vpc_id, &known) || !known)
		return 0;
	return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &t->obj,
			 "route table %s and network gateway %s belong to different networks",
			 t->obj.id, o->id);
}

/* RouteNotSupported: interface endpoints carry traffic to a service through
 * their ENIs' addresses; they are not route targets (only gateway and GWLB
 * endpoints are; vpce-gateway-endpoints and gateway-load-balancer-endpoints
 * pages). */
static int route_supported(const struct model *m, const struct model_rtb *t,
			   const struct model_route *r, struct diag_list *d)
{
	const struct model_obj *o;

	if (r->target != TGT_VPCE)
		return 0;
	o = ck_lookup_kind(m, r->target_obj, r->target_id, MODEL_VPCE);
	if (o == NULL || MODEL_AS(const struct model_vpce, o)->type != VPCE_INTERFACE)
		return 0;
	return ck_report(d, DIAG_ERROR, "RouteNotSupported", &t->obj,
			 "The route target '%s' is not supported: it is an interface endpoint.",
			 o->id);
}

/*
 * "The destination CIDR block X is equal to or more specific than one of
 * this VPC's CIDR blocks. This route can target only an interface or an
 * instance."  Today's rule also allows NAT gateways and GWLB endpoints
 * (route_vpc_may_override_local(), subnet-route-tables.html).  Checked against the
 * primary IPv4 CIDR and the IPv6 blocks; a route covered by a secondary
 * IPv4 CIDR is ck_addr's InvalidVpc.Range (the CIDR could not have been
 * associated over it), so a fault is reported once.  Propagated routes are
 * not created through the API and lose to the local route anyway.
 */
static int route_specific(const struct model *m, const struct model_rtb *t,
			  const struct model_route *r, struct diag_list *d)
{
	const struct model_vpc *v;
	const struct model_cidr *hit = NULL;

	if (r->origin != ROUTE_ORIGIN_STATIC || r->synthetic || r->target == TGT_LOCAL ||
	    r->dst.pfx.addr.af == NET_AF_NONE || route_vpc_may_override_local(r))
		return 0;
	v = (const struct model_vpc *)ck_lookup_kind(m, t->vpc, t->vpc_id, MODEL_VPC);
	if (v == NULL)
		return 0;
	if (v->n_cidrs > 0 && net_prefix_covers(&v->cidrs[0].pfx, &r->dst.pfx))
		hit = &v->cidrs[0];
	for (uint32_t i = 0; hit == NULL && i < v->n_cidrs6; i++)
		if (net_prefix_covers(&v->cidrs6[i].pfx, &r->dst.pfx))
			hit = &v->cidrs6[i];
	if (hit == NULL)
		return 0;
	return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &t->obj,
			 "The destination CIDR block %s is equal to or more specific than one of "
			 "this VPC's CIDR blocks. This route can target only an interface or an "
			 "instance.",
			 r->dst.text);
}

/* ---- RouteAlreadyExists ---- */

/* A route destination as a sort key: the canonical prefix, or (address
 * family NONE) the prefix-list id.  @idx is the route's index in its table. */
struct dst_key {
	struct net_prefix pfx;
	const char *pl;
	uint32_t idx;
};

/* qsort comparator; 0 when two routes have the same destination. */
static int dst_key_cmp(const void *a, const void *b)
{
	const struct dst_key *x = a, *y = b;
	int c;

	if (x->pfx.addr.af != y->pfx.addr.af)
		return x->pfx.addr.af < y->pfx.addr.af ? -1 : 1;
	if (x->pfx.addr.af == NET_AF_NONE)
		return strcmp(x->pl, y->pl);
	if ((c = net_addr_cmp(&x->pfx.addr, &y->pfx.addr)) != 0)
		return c;
	return (int)x->pfx.len - (int)y->pfx.len;
}

/* ck_dst_duplicates()'s table and callbacks, as ck_sorted_pairs()'s owner. */
struct dst_table {
	const void *table;
	ck_route_dst_fn dst;
	ck_route_dup_fn report;
};

static bool dst_key_of(const void *owner, uint32_t i, void *k)
{
	const struct dst_table *t = owner;
	struct dst_key *key = k;
	const struct model_cidr *c;
	const char *pl;

	if (!t->dst(t->table, i, &c, &pl) || (c->pfx.addr.af == NET_AF_NONE && !ck_has_id(pl)))
		return false;
	key->pfx = c->pfx;
	net_prefix_canonicalize(&key->pfx);
	key->pl = pl;
	key->idx = i;
	return true;
}

static int dst_pair(const void *owner, const void *prev, const void *k, struct diag_list *d)
{
	const struct dst_table *t = owner;

	if (dst_key_cmp(prev, k) != 0)
		return 0;
	return t->report(t->table, ((const struct dst_key *)k)->idx, d);
}

int ck_dst_duplicates(const void *table, uint32_t n, ck_route_dst_fn dst, ck_route_dup_fn report,
		      struct diag_list *d)
{
	const struct dst_table t = {table, dst, report};

	return ck_sorted_pairs(&t, n, sizeof(struct dst_key), dst_key_of, dst_key_cmp, dst_pair, d);
}

/* Propagated routes sit next to static ones by design; local routes
 * vpcsim added are not in the snapshot. */
static bool route_dst(const void *table, uint32_t i, const struct model_cidr **dst, const char **pl)
{
	const struct model_route *r = &((const struct model_rtb *)table)->routes[i];

	if (r->origin == ROUTE_ORIGIN_PROPAGATED || r->synthetic)
		return false;
	*dst = &r->dst;
	*pl = r->dst_pl_id;
	return true;
}

static int route_duplicate(const void *table, uint32_t i, struct diag_list *d)
{
	const struct model_rtb *t = table;
	char dst[NET_PREFIX_STRLEN + 64];

	route_fmt_dst(&t->routes[i], dst, sizeof(dst));
	return ck_report(d, DIAG_ERROR, "RouteAlreadyExists", &t->obj,
			 "The route identified by %s already exists.", dst);
}

/* VPC_Route_Tables.html, "Rules and considerations": "You can't add routes
 * to IPv4 addresses that are an exact match or a subset of the following
 * range: 169.254.168.0/22", reserved for link-local metadata services. */
static int route_link_local(const struct model_rtb *t, const struct model_route *r,
			    struct diag_list *d)
{
	struct net_prefix res;
	if (r->origin != ROUTE_ORIGIN_STATIC || r->dst.pfx.addr.af != NET_AF_INET ||
	    net_prefix_parse("169.254.168.0/22", &res) != 0 ||
	    !net_prefix_covers(&res, &r->dst.pfx))
		return 0;
	return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &t->obj,
			 "The destination CIDR block %s is reserved for link-local metadata "
			 "services (169.254.168.0/22): no route may point into it.",
			 r->dst.text);
}

static int check_table(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_rtb *t = MODEL_AS(const struct model_rtb, obj);
	int rc;

	if ((rc = table_refs(m, t, d)) < 0 ||
	    (rc = ck_dst_duplicates(t, t->n_routes, route_dst, route_duplicate, d)) < 0)
		return rc;
	for (uint32_t i = 0; i < t->n_routes; i++) {
		const struct model_route *r = &t->routes[i];

		if (r->synthetic)
			continue;
		if ((rc = route_target_ref(m, t, r, d)) < 0 ||
		    (rc = route_blackhole(t, r, d)) < 0 || (rc = route_supported(m, t, r, d)) < 0 ||
		    (rc = route_network(m, t, r, d)) < 0 || (rc = route_specific(m, t, r, d)) < 0 ||
		    (rc = route_link_local(t, r, d)) < 0)
			return rc;
	}
	return 0;
}

int ck_route(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	(void)o;
	return ck_each(m, MODEL_RTB, check_table, d);
}
