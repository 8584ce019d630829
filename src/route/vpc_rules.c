/*
 * DOC: the rules of VPC route tables (vpc_route.h), apart from the lookup
 *
 * How a route ranks (VPC_Route_Tables.html, "Route priority"), which
 * routes may be more specific than the local route
 * (subnet-route-tables.html, "Rules and considerations"), and where a
 * route to an instance delivers.  Pure functions of one route: the trace's
 * lookup (vpc_route.c), the effective routes (rib.c) and check/ all call
 * these, so they cannot disagree.
 */
#include <stdbool.h>

#include "base/names.h"
#include "vpcsim/vpc_route.h"

enum route_class route_vpc_class(const struct model_route *r)
{
	if (r->target == TGT_LOCAL || r->origin == ROUTE_ORIGIN_TABLE)
		return ROUTE_CLASS_LOCAL;
	if (r->origin == ROUTE_ORIGIN_PROPAGATED)
		return ROUTE_CLASS_PROPAGATED;
	if (r->dst.pfx.addr.af == NET_AF_NONE)
		return ROUTE_CLASS_PREFIX_LIST;
	return ROUTE_CLASS_STATIC;
}

NAMES_DEFINE(route_class_name, enum route_class, ROUTE_CLASSES, "static")
/* The reason codes of the trace; ROUTE_REASON_NONE has none. */
NAMES_DEFINE(route_reason_code, enum route_reason, ROUTE_REASONS, "")

bool route_vpc_may_override_local(const struct model_route *r)
{
	if (!r || route_vpc_class(r) != ROUTE_CLASS_STATIC)
		return false;
	switch (r->target) {
	case TGT_ENI:
	case TGT_INSTANCE:
	case TGT_NATGW:
		return true;
	case TGT_VPCE:
		return !r->target_obj ||
		       (r->target_obj->kind == MODEL_VPCE &&
			MODEL_AS(const struct model_vpce, r->target_obj)->type == VPCE_GWLB);
	default:
		return false;
	}
}

const struct model_eni *route_vpc_target_eni(const struct model_route *r)
{
	const struct model_obj *o = r ? r->target_obj : NULL;
	if (!o)
		return NULL;
	if (o->kind == MODEL_ENI)
		return MODEL_AS(const struct model_eni, o);
	if (o->kind == MODEL_INSTANCE)
		return model_instance_eni(NULL, MODEL_AS(const struct model_instance, o));
	return NULL;
}
