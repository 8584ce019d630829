/*
 * DOC: VPC route table selection
 *
 * Which route of a VPC route table carries a packet, as AWS decides it
 * (VPC User Guide, "Route priority", VPC_Route_Tables.html#route-tables-priority):
 *
 *  - longest prefix match, IPv4 and IPv6 looked up separately;
 *  - the local route wins for addresses inside the VPC, even against a more
 *    specific propagated route; only a more specific route that
 *    route_vpc_may_override_local() allows overrides it;
 *  - for the same prefix: a static route beats a prefix-list route, which
 *    beats a route propagated from a virtual private gateway;
 *  - a blackhole route still wins its prefix (the packet is dropped).
 *
 * route_vpc_build() compiles every route table of a model once into a
 * longest-prefix-match table over its prefixes (prefix lists expanded;
 * the library's LPM, src/net/lpm.h) with the winner of each prefix decided in advance;
 * route_vpc_lookup() is one LPM probe, plus a walk of the prefixes that
 * contain the address when the caller asks for the losers.  It never
 * allocates and never re-reads the model's route lists.  The compiled
 * tables point into the model, which must outlive them.  Lookups on a built
 * table are thread-safe.
 */
#ifndef VPCSIM_VPC_ROUTE_H
#define VPCSIM_VPC_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "vpcsim/model.h"
#include "vpcsim/names.h"
#include "vpcsim/rib.h"

struct route_vpc;

/* Why a matching route lost to the winner (Reachability Analyzer's names). */
#define ROUTE_REASONS(X)                                             \
	X(ROUTE_REASON_NONE, NULL)                                   \
	/* the winner's prefix is longer: MORE_SPECIFIC_ROUTE */     \
	X(ROUTE_REASON_MORE_SPECIFIC, "MORE_SPECIFIC_ROUTE")         \
	/* same prefix, or the local route: HIGHER_PRIORITY_ROUTE */ \
	X(ROUTE_REASON_HIGHER_PRIORITY, "HIGHER_PRIORITY_ROUTE")

enum route_reason {
	ROUTE_REASONS(VS_NAMES_ENUM)
};

/* How a route ranks among routes with the same prefix, best first. */
#define ROUTE_CLASSES(X)                          \
	X(ROUTE_CLASS_LOCAL, "local")             \
	X(ROUTE_CLASS_STATIC, "static")           \
	X(ROUTE_CLASS_PREFIX_LIST, "prefix-list") \
	X(ROUTE_CLASS_PROPAGATED, "propagated")

enum route_class {
	ROUTE_CLASSES(VS_NAMES_ENUM)
};

struct route_loser {
	const struct model_route *route;
	struct net_prefix pfx; /* the prefix that matched (a prefix-list entry for PL routes) */
	enum route_reason why;
};

struct route_match {
	const struct model_route *route; /* the winner; NULL when no route matches */
	struct net_prefix pfx;           /* its matching prefix */
	uint32_t n_lost;                 /* losers written to the caller's array */
	uint32_t n_lost_total;           /* all matching losers (may exceed n_lost);
					  * counted only when the caller asks for losers */
};

/*
 * Compile every route table of @m, with the routes VGW route propagation
 * adds to each (computed by @rs, route/rib.h; NULL: only the routes in the
 * snapshot).  A computed route the snapshot already reports (same prefix,
 * same VGW) is not added twice.  Returns 0 and sets *out, or VS_ENOMEM /
 * VS_EINVAL (NULL argument).
 */
int route_vpc_build(const struct model *m, const struct rib_set *rs, struct route_vpc **out);
void route_vpc_free(struct route_vpc *rv); /* NULL is a no-op */

/*
 * Select the route of @rtb (a table of the model @rv was built from) for
 * @dst.  Fills @match; when @lost is not NULL, up to @max_lost matching
 * routes that lost are written there with the reason.  Returns the winning
 * route (a pointer into the model), or NULL when no route matches or @rtb is
 * not one of the model's tables.
 */
const struct model_route *route_vpc_lookup(const struct route_vpc *rv, const struct model_rtb *rtb,
					   const struct net_addr *dst, struct route_match *match,
					   struct route_loser *lost, uint32_t max_lost);

enum route_class route_vpc_class(const struct model_route *r);

/*
 * May @r be more specific than the local route, and so carry addresses
 * inside the VPC?  The one statement of AWS's rule, for route/, trace/ and
 * check/ alike (VPC User Guide, subnet-route-tables.html, "Rules and
 * considerations": a route more specific than the local route must target
 * a NAT gateway, a network interface or a Gateway Load Balancer endpoint;
 * an instance target is its primary network interface; middlebox routing,
 * route-table-options.html).  Only routes created with CreateRoute: a
 * propagated or prefix-list route never beats the local route.  An
 * endpoint the snapshot does not hold gets the benefit of the doubt.
 */
bool route_vpc_may_override_local(const struct model_route *r);

/* The network interface a route to an ENI or an instance delivers to (an
 * instance: its primary network interface, device index 0), or NULL. */
const struct model_eni *route_vpc_target_eni(const struct model_route *r);
/* "local", "static", "prefix-list", "propagated". */
const char *route_class_name(enum route_class c);
/* "MORE_SPECIFIC_ROUTE", "HIGHER_PRIORITY_ROUTE", or "" for NONE. */
const char *route_reason_code(enum route_reason r);

/*
 * The interface an appliance (an instance with several network interfaces
 * passing on a packet for @dst that arrived on @in) sends it out of -- the
 * one rule for trace/ and check/'s ROUTING_LOOP.  What the appliance's
 * software does is in no describe output; this is what a router does: out
 * of the interface in @dst's subnet, else the one whose subnet's route
 * table has the most specific route for @dst that does not lead back into
 * the appliance, else @in itself (also for an instance with one
 * interface).  Never NULL for a non-NULL @in; thread-safe, no allocation.
 */
const struct model_eni *route_vpc_appliance_out(const struct route_vpc *rv,
						const struct model_eni *in,
						const struct net_addr *dst);

#endif
