/*
 * DOC: which targets a load balancer node may send a new connection to
 *
 * For a connection arriving at @lb's node in one Availability Zone and
 * forwarded to target group @tg (ELB User Guides; ALB
 * load-balancer-target-groups.html and target-group-health-checks.html, NLB
 * and GWLB the same pages of their guides):
 *
 *  - a target in an Availability Zone the load balancer does not have
 *    enabled is "unused" and gets nothing; an IP target outside the VPC
 *    (AvailabilityZone "all") is reachable from every node;
 *  - cross-zone load balancing: with it on, a node spreads over the
 *    targets of every enabled zone; with it off, over those of its own zone
 *    only.  The load balancer's attribute load_balancing.cross_zone.enabled
 *    decides (an ALB's is always on, an NLB's and a GWLB's default off); a
 *    target group's attribute of the same name, when it is "true" or
 *    "false" rather than "use_load_balancer_configuration", overrides it;
 *  - only healthy targets get new connections; "unavailable" (health
 *    checks disabled) counts as routable, "initial", "unhealthy",
 *    "draining", "unhealthy.draining" and "unused" do not; a target whose
 *    health the snapshot does not report is taken as healthy, and said so;
 *  - fail open: when no target the node could use is healthy, an ALB
 *    routes to all of its registered targets whatever their health, and an
 *    NLB or GWLB whose targets all fail in every enabled zone fails open
 *    the same way; a Classic Load Balancer does not ("routes requests only
 *    to the healthy instances", classic/elb-healthchecks.html).
 *
 * Pure functions of the model; thread-safe; no allocation.
 */
#ifndef VPCSIM_ELB_ELB_TARGET_H
#define VPCSIM_ELB_ELB_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "vpcsim/model.h"
#include "vpcsim/names.h"

enum elb_kind {
	ELB_KIND_OTHER = 0,
	ELB_KIND_ALB,  /* Type "application" */
	ELB_KIND_NLB,  /* Type "network" */
	ELB_KIND_GWLB, /* Type "gateway" */
	ELB_KIND_CLB,  /* a Classic Load Balancer (LoadBalancerDescriptions) */
};

enum elb_kind elb_kind_of(const struct model_lb *lb);

/* Target health as describe-target-health writes TargetHealth.State. */
enum elb_health {
	ELB_HEALTH_NOT_REPORTED = 0,
	ELB_HEALTH_HEALTHY,
	ELB_HEALTH_UNHEALTHY,
	ELB_HEALTH_INITIAL,
	ELB_HEALTH_UNUSED,
	ELB_HEALTH_DRAINING,
	ELB_HEALTH_UNHEALTHY_DRAINING,
	ELB_HEALTH_UNAVAILABLE,
	ELB_HEALTH_OTHER,
};

enum elb_health elb_health_parse(const char *state);

/* Is cross-zone load balancing on for @lb forwarding to a target group
 * whose load_balancing.cross_zone.enabled attribute is @tg_attr (NULL: not
 * set, the load balancer decides)? */
bool elb_cross_zone(const struct model_lb *lb, const char *tg_attr);

/* What one target gets from the node. */
enum elb_verdict {
	ELB_ROUTED,           /* healthy (or not reported, or unavailable) */
	ELB_ROUTED_FAIL_OPEN, /* unhealthy, routed because no target is healthy */
	ELB_SKIP_UNHEALTHY,   /* initial, unhealthy, draining: no new connections */
	ELB_SKIP_OTHER_ZONE,  /* cross-zone off: another zone's node serves it */
	ELB_SKIP_ZONE_UNUSED, /* its zone is not enabled on the load balancer */
};

struct elb_pick {
	const struct model_tg_target *target;
	enum elb_verdict verdict;
	enum elb_health health;
};

/*
 * The verdict on every target of @tg, written to @out (room for
 * tg->n_targets), for a connection at @lb's node in @node_zone with
 * cross-zone load balancing @cross_zone (elb_cross_zone()).  Returns how
 * many targets may get it (ELB_ROUTED or ELB_ROUTED_FAIL_OPEN); 0 means
 * the node has nowhere to send it (ELBV2_NO_TARGETS_IN_AZ when other zones
 * do have targets).
 */
uint32_t elb_pick_targets(const struct model_lb *lb, const struct model_tg *tg,
			  const char *node_zone, bool cross_zone, struct elb_pick *out);

/*
 * Where target @x of @tg is: an instance target at its instance's primary
 * interface and that interface's primary private IPv4 address (its first
 * IPv6 address in an "ipv6" target group); an IP
 * target at its address, held by the interface of the snapshot that has it
 * (*eni NULL when none: a host outside, reached by routing).  False for
 * lambda and alb targets (no address of their own here), an instance not
 * in the snapshot or without an address, an IP target that does not parse.
 */
bool elb_target_addr(const struct model *m, const struct model_tg *tg,
		     const struct model_tg_target *x, struct net_addr *addr,
		     const struct model_eni **eni);

#endif
