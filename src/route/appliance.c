/*
 * DOC: which interface an appliance sends a packet out of (vpc_route.h,
 * route_vpc_appliance_out())
 *
 * An appliance -- a firewall, a router, a NAT instance: an instance whose
 * interfaces have source/destination checking off -- forwards by its own
 * software, which no describe output shows.  With one interface it can
 * only send the packet back out of it (middlebox routing,
 * route-table-options.html).  With several, vpcsim takes the router's
 * choice: a directly connected destination leaves by the interface in its
 * subnet; otherwise the interface whose subnet's route table carries the
 * destination by its most specific route without sending it back into the
 * appliance (the route a shared main table often has, 0.0.0.0/0 to the
 * appliance itself, would loop).  Ties go to the lower device index (the
 * order of the instance's interfaces).
 */
#include "vpcsim/vpc_route.h"

static bool in_subnet(const struct model_subnet *s, const struct net_addr *a)
{
	if (s->cidr.pfx.addr.af == a->af && net_prefix_contains(&s->cidr.pfx, a))
		return true;
	for (uint32_t i = 0; i < s->n_cidrs6; i++)
		if (s->cidrs6[i].pfx.addr.af == a->af && net_prefix_contains(&s->cidrs6[i].pfx, a))
			return true;
	return false;
}

const struct model_eni *route_vpc_appliance_out(const struct route_vpc *rv,
						const struct model_eni *in,
						const struct net_addr *dst)
{
	const struct model_instance *i = in ? in->instance : NULL;
	if (!i || i->n_enis < 2 || !i->enis)
		return in;
	const struct model_eni *best = NULL;
	int best_len = -1;
	for (uint32_t k = 0; k < i->n_enis; k++) {
		const struct model_eni *e = i->enis[k];
		const struct model_subnet *s = e ? e->subnet : NULL;
		if (!s)
			continue;
		if (in_subnet(s, dst))
			return e;
		struct route_match mt;
		const struct model_route *r =
			s->rtb ? route_vpc_lookup(rv, s->rtb, dst, &mt, NULL, 0) : NULL;
		if (!r || r->blackhole)
			continue;
		const struct model_eni *to = r->target == TGT_ENI || r->target == TGT_INSTANCE ?
						     route_vpc_target_eni(r) :
						     NULL;
		if (to && to->instance == i)
			continue;
		if ((int)mt.pfx.len > best_len) {
			best = e;
			best_len = (int)mt.pfx.len;
		}
	}
	return best ? best : in;
}
