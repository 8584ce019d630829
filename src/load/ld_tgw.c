/*
 * DOC: Transit Gateway readers
 *
 * Reads the output of describe-transit-gateways,
 * describe-transit-gateway-attachments, describe-transit-gateway-vpc-
 * attachments, describe-transit-gateway-peering-attachments and
 * describe-transit-gateway-route-tables, plus two Batfish wrapper keys whose
 * AWS output lacks the route table id (TransitGatewayPropagations,
 * TransitGatewayStaticRoutes; see Batfish's TransitGatewayPropagations.java
 * and TransitGatewayStaticRoutes.java).
 *
 * One attachment is described by up to three calls: the generic
 * TransitGatewayAttachments (type, resource, association), the VPC call
 * (subnets, options) and the peering call (both sides' TGW, account,
 * region).  They are merged into one model entity by attachment id, whatever
 * the order of keys and files: the entity is created on first sight and each
 * record fills the fields it knows and that are still unset.
 *
 * A TGW peering attachment has the same id on both sides of the peering, so
 * when both regions are in the snapshot the two sides become one entity:
 * tgw is the side seen first (or the requester), peer_* the other side.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

static void fill(const char **dst, const char *src)
{
	if (!*dst && src && *src)
		*dst = src;
}

/* TGW options are the strings "enable"/"disable" (CreateTransitGateway,
 * TransitGatewayRequestOptions); hand-written snapshots may use booleans. */
static bool ld_enable(struct ld_ctx *c, const cJSON *o, const char *key, bool dflt, const char *res)
{
	if (!ld_has(o, key))
		return dflt;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	if (cJSON_IsString(v) && v->valuestring) {
		if (strcasecmp(v->valuestring, "enable") == 0 ||
		    strcasecmp(v->valuestring, "enabled") == 0)
			return true;
		if (strcasecmp(v->valuestring, "disable") == 0 ||
		    strcasecmp(v->valuestring, "disabled") == 0)
			return false;
	}
	ld_error(c, "SnapshotFormat", res, "field %s must be \"enable\" or \"disable\"", key);
	return dflt;
}

/* ---- transit gateways ---- */

int ld_tgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_tgw *t = obj;
	/* Defaults of CreateTransitGateway: ASN 64512, default
	 * association and propagation on, VPN ECMP on, DNS on. */
	const cJSON *o = ld_obj(c, e, "Options", id);
	t->asn = (uint32_t)ld_int(c, o, "AmazonSideAsn", 1, UINT32_MAX, 64512, id);
	t->default_assoc = ld_enable(c, o, "DefaultRouteTableAssociation", true, id);
	t->default_prop = ld_enable(c, o, "DefaultRouteTablePropagation", true, id);
	t->assoc_rtb_id = ld_str(c, o, "AssociationDefaultRouteTableId", id);
	t->prop_rtb_id = ld_str(c, o, "PropagationDefaultRouteTableId", id);
	t->vpn_ecmp = ld_enable(c, o, "VpnEcmpSupport", true, id);
	t->dns_support = ld_enable(c, o, "DnsSupport", true, id);
	t->sg_ref = ld_enable(c, o, "SecurityGroupReferencingSupport", false, id);
	return 0;
}

/* ---- attachments, merged by id ---- */

/* The attachment @id, created (zeroed, header filled) on first sight.  NULL
 * only when out of memory.  The pointer is valid until the next push. */
static struct model_tgw_att *att_get(struct ld_ctx *c, struct hmap *h, const char *id,
				     const char *owner)
{
	uintptr_t k = (uintptr_t)hmap_get_str(h, id);
	if (k)
		return VEC_AT(&c->tgw_atts, struct model_tgw_att, k - 1);
	struct model_tgw_att *a = vec_push(&c->tgw_atts);
	if (!a)
		return NULL;
	ld_obj_init(c, &a->obj, MODEL_TGW_ATT, id, owner, NULL);
	a->type = TGW_ATT_OTHER;
	a->sg_ref = true; /* the API's default; describe-transit-gateway-attachments omits it */
	if (hmap_put_str(h, id, (void *)(uintptr_t)c->tgw_atts.n, NULL))
		return NULL;
	return a;
}

static bool same(const char *a, const char *b);

/*
 * The side of peering attachment @id that transit gateway @tgw holds.  A
 * peering attachment has one id but two sides, one per TGW, each with its
 * own route-table association (tgw-peering.html; each account and Region
 * describes its own side): each side is an entity of its own.  @tgw NULL:
 * the entity of @id, as att_get().  NULL only when out of memory.
 */
static struct model_tgw_att *att_side(struct ld_ctx *c, struct hmap *h, const char *id,
				      const char *owner, const char *tgw)
{
	struct model_tgw_att *a = att_get(c, h, id, owner);
	if (!a || !tgw || !*tgw || !a->tgw_id || same(a->tgw_id, tgw))
		return a;
	for (uint32_t i = 0; i < c->tgw_atts.n; i++) {
		struct model_tgw_att *x = VEC_AT(&c->tgw_atts, struct model_tgw_att, i);
		if (same(x->obj.id, id) && same(x->tgw_id, tgw))
			return x;
	}
	struct model_tgw_att *n = vec_push(&c->tgw_atts); /* @a may move: not used again */
	if (!n)
		return NULL;
	ld_obj_init(c, &n->obj, MODEL_TGW_ATT, id, owner, NULL);
	n->type = TGW_ATT_PEERING;
	n->tgw_id = tgw;
	return n;
}

bool ld_att_other_side(const struct model_tgw_att *a, const struct model_tgw_att *b)
{
	return a->type == TGW_ATT_PEERING && b->type == TGW_ATT_PEERING && a->tgw_id && b->tgw_id &&
	       strcmp(a->tgw_id, b->tgw_id) != 0;
}

static enum model_tgw_att_type att_type(const char *s)
{
	/* TransitGatewayAttachmentResourceType (EC2 API reference). */
	if (!s)
		return TGW_ATT_OTHER;
	if (strcmp(s, "vpc") == 0)
		return TGW_ATT_VPC;
	if (strcmp(s, "vpn") == 0)
		return TGW_ATT_VPN;
	if (strcmp(s, "direct-connect-gateway") == 0)
		return TGW_ATT_DXGW;
	if (strcmp(s, "connect") == 0)
		return TGW_ATT_CONNECT;
	if (strcmp(s, "peering") == 0 || strcmp(s, "tgw-peering") == 0)
		return TGW_ATT_PEERING;
	return TGW_ATT_OTHER;
}

/* A second record of the same peering attachment from the other side's
 * region names the other TGW as its own. */
static void att_fill_tgw(struct model_tgw_att *a, const char *tgw_id, const char *owner,
			 const char *region)
{
	if (!tgw_id || !*tgw_id)
		return;
	if (!a->tgw_id) {
		a->tgw_id = tgw_id;
		return;
	}
	if (strcmp(a->tgw_id, tgw_id) == 0)
		return;
	fill(&a->peer_tgw_id, tgw_id);
	fill(&a->peer_account, owner);
	fill(&a->peer_region, region);
}

/* The id of attachment record @e and its State in *state; NULL when the id
 * is missing (reported) or AWS shows the attachment as gone. */
static const char *att_live_id(struct ld_ctx *c, const cJSON *e, const char **state)
{
	const char *id = ld_str_req(c, e, "TransitGatewayAttachmentId", NULL);
	*state = id ? ld_str(c, e, "State", id) : NULL;
	return id && !ld_state_gone(*state) ? id : NULL;
}

static int read_att(struct ld_ctx *c, struct hmap *h, const cJSON *e)
{
	const char *state;
	const char *id = att_live_id(c, e, &state);
	if (!id)
		return 0;
	const char *rtype = ld_str(c, e, "ResourceType", id);
	enum model_tgw_att_type type = att_type(rtype);
	const char *tgw_id = ld_str(c, e, "TransitGatewayId", id);
	const char *tgw_owner = ld_str(c, e, "TransitGatewayOwnerId", id);
	const char *res_id = ld_str(c, e, "ResourceId", id);
	const char *res_owner = ld_str(c, e, "ResourceOwnerId", id);
	if (rtype && type == TGW_ATT_OTHER)
		ld_warn(c, "UnsupportedAttachmentType", id,
			"attachment type %s is kept but not modelled", rtype);

	struct model_tgw_att *a = type == TGW_ATT_PEERING ? att_side(c, h, id, tgw_owner, tgw_id) :
							    att_get(c, h, id, res_owner);
	if (!a)
		return VS_ENOMEM;
	if (a->type == TGW_ATT_OTHER)
		a->type = type;
	att_fill_tgw(a, tgw_id, tgw_owner, c->region);
	fill(&a->resource_id, res_id);
	fill(&a->resource_owner, res_owner);
	fill(&a->state, state);
	if (a->type == TGW_ATT_PEERING) {
		fill(&a->peer_tgw_id, res_id);
		fill(&a->peer_account, res_owner);
	}
	if (!a->obj.name)
		a->obj.name = ld_name_tag(c, e);

	/* Association: only while associated/associating; a table being
	 * left (disassociating) no longer routes for the attachment. */
	const cJSON *as = ld_obj(c, e, "Association", id);
	if (as) {
		const char *ast = ld_str(c, as, "State", id);
		if (!ast || strcmp(ast, "associated") == 0 || strcmp(ast, "associating") == 0)
			fill(&a->assoc_rtb_id, ld_str(c, as, "TransitGatewayRouteTableId", id));
	}
	return 0;
}

int ld_tgw_atts(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_merged(c, arr, "TransitGatewayAttachments", &c->tgw_atts, read_att);
}

static int read_vpc_att(struct ld_ctx *c, struct hmap *h, const cJSON *e)
{
	const char *state;
	const char *id = att_live_id(c, e, &state);
	if (!id)
		return 0;
	const char *owner = ld_str(c, e, "VpcOwnerId", id);
	struct model_tgw_att *a = att_get(c, h, id, owner);
	if (!a)
		return VS_ENOMEM;
	if (a->type == TGW_ATT_OTHER)
		a->type = TGW_ATT_VPC;
	else if (a->type != TGW_ATT_VPC)
		ld_error(c, "SnapshotFormat", id,
			 "attachment is listed as a VPC attachment and as a %s attachment",
			 model_tgw_att_type_name(a->type));
	att_fill_tgw(a, ld_str(c, e, "TransitGatewayId", id), NULL, c->region);
	fill(&a->resource_id, ld_str(c, e, "VpcId", id));
	fill(&a->resource_owner, owner);
	fill(&a->state, state);
	if (!a->obj.name)
		a->obj.name = ld_name_tag(c, e);
	if (!a->subnet_ids) {
		uint32_t n;
		a->subnet_ids = ld_str_list(c, e, "SubnetIds", NULL, &n, id);
		a->n_subnets = a->subnet_ids ? n : 0;
	}
	/* CreateTransitGatewayVpcAttachmentRequestOptions: appliance mode and
	 * IPv6 default to disable, security group referencing to enable (it
	 * works only where the transit gateway enables it too).  Only the VPC
	 * call carries them. */
	const cJSON *o = ld_obj(c, e, "Options", id);
	a->appliance_mode = ld_enable(c, o, "ApplianceModeSupport", a->appliance_mode, id);
	a->ipv6_support = ld_enable(c, o, "Ipv6Support", a->ipv6_support, id);
	a->sg_ref = ld_enable(c, o, "SecurityGroupReferencingSupport", a->sg_ref, id);
	return 0;
}

int ld_tgw_vpc_atts(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_merged(c, arr, "TransitGatewayVpcAttachments", &c->tgw_atts, read_vpc_att);
}

struct tgw_info {
	const char *tgw, *owner, *region;
};

static struct tgw_info read_tgw_info(struct ld_ctx *c, const cJSON *e, const char *key,
				     const char *id)
{
	struct tgw_info t = {0};
	const cJSON *o = ld_obj(c, e, key, id);
	if (o) {
		t.tgw = ld_str(c, o, "TransitGatewayId", id);
		t.owner = ld_str(c, o, "OwnerId", id);
		t.region = ld_str(c, o, "Region", id);
	}
	return t;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int read_peering_att(struct ld_ctx *c, struct hmap *h, const cJSON *e)
{
	const char *id = ld_str_req(c, e, "TransitGatewayAttachmentId", NULL);
	if (!id)
		return 0;
	const char *state = ld_str(c, e, "State", id);
	const cJSON *st = ld_obj(c, e, "Status", id);
	if (!state && st)
		state = ld_str(c, st, "Code", id);
	if (ld_state_gone(state))
		return 0;
	struct tgw_info req = read_tgw_info(c, e, "RequesterTgwInfo", id);
	struct tgw_info acc = read_tgw_info(c, e, "AccepterTgwInfo", id);

	/* Which side is ours: the one in this file's Region (each Region
	 * describes its own side), else the one an entity of this id already
	 * has, else the requester. */
	struct tgw_info *self = &req, *peer = &acc;
	bool acc_here = same(c->region, acc.region) && !same(c->region, req.region);
	bool req_here = same(c->region, req.region) && !same(c->region, acc.region);
	if (!acc_here && !req_here) {
		const struct model_tgw_att *first = att_get(c, h, id, NULL);
		if (!first)
			return VS_ENOMEM;
		acc_here = first->tgw_id && same(first->tgw_id, acc.tgw);
	}
	if (acc_here) {
		self = &acc;
		peer = &req;
	}
	struct model_tgw_att *a = att_side(c, h, id, self->owner, self->tgw);
	if (!a)
		return VS_ENOMEM;
	if (a->type == TGW_ATT_OTHER)
		a->type = TGW_ATT_PEERING;
	if (!a->obj.account && self->owner)
		a->obj.account = self->owner;
	if (!a->obj.region && self->region)
		a->obj.region = self->region;
	fill(&a->tgw_id, self->tgw);
	fill(&a->resource_id, peer->tgw);
	fill(&a->resource_owner, peer->owner);
	fill(&a->peer_tgw_id, peer->tgw);
	fill(&a->peer_account, peer->owner);
	fill(&a->peer_region, peer->region);
	fill(&a->state, state);
	if (!a->obj.name)
		a->obj.name = ld_name_tag(c, e);
	return 0;
}

int ld_tgw_peering_atts(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_merged(c, arr, "TransitGatewayPeeringAttachments", &c->tgw_atts,
			      read_peering_att);
}

/* ---- route tables ---- */

int ld_tgw_rtb(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_tgw_rtb *r = obj;
	r->tgw_id = ld_str(c, e, "TransitGatewayId", id);
	r->default_assoc = ld_bool(c, e, "DefaultAssociationRouteTable", false, id);
	r->default_prop = ld_bool(c, e, "DefaultPropagationRouteTable", false, id);
	return 0;
}

/* ---- Batfish wrappers ---- */

/*
 * {"TransitGatewayPropagations": [{"TransitGatewayRouteTableId": "tgw-rtb-1",
 *   "TransitGatewayRouteTablePropagations": [{"TransitGatewayAttachmentId":
 *   "tgw-attach-1", "ResourceId": "vpc-1", "ResourceType": "vpc",
 *   "State": "enabled"}]}]}
 * Only enabled/enabling propagations put routes in the table.  Batfish keeps
 * only "enabled"; a propagation being enabled is about to route, so it is
 * kept here too.
 */
static int read_prop(struct ld_ctx *c, const char *rtb, const cJSON *p)
{
	const char *att = ld_str_req(c, p, "TransitGatewayAttachmentId", rtb);
	const char *state = ld_str(c, p, "State", rtb);
	if (!att ||
	    (state && strcasecmp(state, "enabled") != 0 && strcasecmp(state, "enabling") != 0))
		return 0;
	return ld_vec_add(&c->tgw_props,
			  &(struct ld_tgw_prop){.rtb_id = rtb, .att_id = att, .file = c->file});
}

int ld_tgw_props(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_sub(c, arr, "TransitGatewayPropagations", "TransitGatewayRouteTableId",
			   "TransitGatewayRouteTablePropagations", read_prop);
}

/* Is there already a route of @rtb to prefix list @pl?  A prefix list
 * reference read from get-transit-gateway-prefix-list-references and the
 * row search-transit-gateway-routes prints for it are one route.  A scan:
 * prefix list routes are few, and only they look. */
static bool pl_route_known(const struct ld_ctx *c, const char *rtb, const char *pl)
{
	for (uint32_t i = 0; i < c->tgw_statics.n; i++) {
		const struct ld_tgw_static *s = VEC_AT(&c->tgw_statics, struct ld_tgw_static, i);
		if (s->route.dst_pl_id && strcmp(s->route.dst_pl_id, pl) == 0 &&
		    strcmp(s->rtb_id, rtb) == 0)
			return true;
	}
	return false;
}

/* A new route of TGW route table @rtb, read from the current file; NULL
 * when out of memory. */
static struct ld_tgw_static *tgw_static_new(struct ld_ctx *c, const char *rtb)
{
	struct ld_tgw_static *s = vec_push(&c->tgw_statics);
	if (s) {
		s->rtb_id = rtb;
		s->file = c->file;
	}
	return s;
}

static int read_static(struct ld_ctx *c, const char *rtb, const cJSON *r)
{
	const char *v4 = ld_str(c, r, "DestinationCidrBlock", rtb);
	const char *v6 = ld_str(c, r, "DestinationIpv6CidrBlock", rtb);
	const char *pl = ld_str(c, r, "PrefixListId", rtb);
	const char *state = ld_str(c, r, "State", rtb);
	const char *type = ld_str(c, r, "Type", rtb);
	if (ld_state_gone(state))
		return 0;
	int ndst = (v4 != NULL) + (v6 != NULL) + (pl != NULL);
	if (ndst == 1 && pl && pl_route_known(c, rtb, pl))
		return 0;
	if (ndst != 1) {
		ld_error(c, "SnapshotFormat", rtb,
			 "a route needs exactly one of DestinationCidrBlock, "
			 "DestinationIpv6CidrBlock, PrefixListId (has %d)",
			 ndst);
		if (!ndst)
			return 0;
	}
	struct ld_tgw_static *s = tgw_static_new(c, rtb);
	if (!s)
		return VS_ENOMEM;
	if (v4 || v6)
		ld_cidr(c, v4 ? v4 : v6, &s->route.dst,
			v4 ? "DestinationCidrBlock" : "DestinationIpv6CidrBlock", rtb);
	else
		s->route.dst_pl_id = pl;
	s->route.blackhole = state && strcmp(state, "blackhole") == 0;
	s->route.propagated = type && strcmp(type, "propagated") == 0;
	uint32_t n;
	s->route.att_ids = ld_str_list(c, r, "TransitGatewayAttachments",
				       "TransitGatewayAttachmentId", &n, rtb);
	s->route.n_atts = s->route.att_ids ? n : 0;
	return 0;
}

/*
 * {"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1",
 *   "Routes": [<search-transit-gateway-routes route>...]}]}
 * Batfish keeps Type "static" only; vpcsim keeps propagated routes too,
 * flagged, so the route engine can compare them with its own propagation.
 */
int ld_tgw_statics(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_sub(c, arr, "TransitGatewayStaticRoutes", "TransitGatewayRouteTableId",
			   "Routes", read_static);
}

/*
 * get-transit-gateway-prefix-list-references:
 * {"TransitGatewayPrefixListReferences": [{"TransitGatewayRouteTableId":
 *   "tgw-rtb-1", "PrefixListId": "pl-1", "State": "available", "Blackhole":
 *   false, "TransitGatewayAttachment": {"TransitGatewayAttachmentId":
 *   "tgw-attach-1", "ResourceType": "vpc", "ResourceId": "vpc-1"}}]}
 * A reference is a static route of the table to the list: "each entry in
 * the prefix list is represented as a route in your transit gateway route
 * table" (tgw/create-prefix-list-reference.html); the route engine ranks it
 * as a prefix-list route (tgw/how-transit-gateways-work.html, "Route
 * evaluation order").  One also given as a search-transit-gateway-routes
 * row is read once.
 */
static int read_pl_ref(struct ld_ctx *c, const char *rtb, const cJSON *e)
{
	const char *pl = ld_str_req(c, e, "PrefixListId", rtb);
	const char *state = ld_str(c, e, "State", rtb);
	const cJSON *att = ld_obj(c, e, "TransitGatewayAttachment", rtb);
	const char *att_id = att ? ld_str(c, att, "TransitGatewayAttachmentId", rtb) : NULL;
	bool blackhole = ld_bool(c, e, "Blackhole", false, rtb);
	if (!pl || ld_state_gone(state) || pl_route_known(c, rtb, pl))
		return 0;
	if (!blackhole && !att_id) {
		ld_error(c, "SnapshotFormat", rtb,
			 "prefix list reference %s has neither Blackhole true nor a "
			 "TransitGatewayAttachment",
			 pl);
		return 0;
	}
	struct ld_tgw_static *s = tgw_static_new(c, rtb);
	if (!s)
		return VS_ENOMEM;
	s->route.dst_pl_id = pl;
	s->route.blackhole = blackhole;
	if (!blackhole) {
		const char **ids = arena_calloc(c->arena, 1, sizeof(*ids));
		if (!ids)
			return VS_ENOMEM;
		ids[0] = att_id;
		s->route.att_ids = ids;
		s->route.n_atts = 1;
	}
	return 0;
}

int ld_tgw_pl_refs(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_elem(c, arr, "TransitGatewayPrefixListReferences",
			    "TransitGatewayRouteTableId", read_pl_ref);
}
