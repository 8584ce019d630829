/*
 * DOC: target selection of a load balancer node (elb_target.h)
 *
 * Two passes over the target group: which targets the node may use by
 * zone (enabled zones, cross-zone load balancing), then by health; when no
 * target of any enabled zone is healthy, the unhealthy ones the node may
 * use by zone are routed anyway (fail open).  Draining targets never get a
 * new connection, fail open or not.
 */
#include "elb/elb_target.h"

#include <string.h>

#include "base/names.h"

enum elb_kind elb_kind_of(const struct model_lb *lb)
{
	if (!lb || !lb->type)
		return ELB_KIND_OTHER;
	if (strcmp(lb->type, "application") == 0)
		return ELB_KIND_ALB;
	if (strcmp(lb->type, "network") == 0)
		return ELB_KIND_NLB;
	if (strcmp(lb->type, "gateway") == 0)
		return ELB_KIND_GWLB;
	if (strcmp(lb->type, "classic") == 0)
		return ELB_KIND_CLB;
	return ELB_KIND_OTHER;
}

enum elb_health elb_health_parse(const char *state)
{
	static const struct {
		const char *name;
		enum elb_health h;
	} states[] = {
		{"healthy", ELB_HEALTH_HEALTHY},
		{"unhealthy", ELB_HEALTH_UNHEALTHY},
		{"initial", ELB_HEALTH_INITIAL},
		{"unused", ELB_HEALTH_UNUSED},
		{"draining", ELB_HEALTH_DRAINING},
		{"unhealthy.draining", ELB_HEALTH_UNHEALTHY_DRAINING},
		{"unavailable", ELB_HEALTH_UNAVAILABLE},
	};
	if (!state)
		return ELB_HEALTH_NOT_REPORTED;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(state, states[i].name) == 0)
			return states[i].h;
	return ELB_HEALTH_OTHER;
}

static const char *lb_attr(const struct model_lb *lb, const char *key)
{
	for (uint32_t i = 0; i < lb->n_attrs; i++)
		if (lb->attrs[i].key && strcmp(lb->attrs[i].key, key) == 0)
			return lb->attrs[i].value;
	return NULL;
}

bool elb_cross_zone(const struct model_lb *lb, const char *tg_attr)
{
	if (tg_attr && strcmp(tg_attr, "true") == 0)
		return true;
	if (tg_attr && strcmp(tg_attr, "false") == 0)
		return false;
	if (!lb)
		return false;
	if (elb_kind_of(lb) == ELB_KIND_ALB)
		return true; /* always on at the load balancer level */
	const char *v = lb_attr(lb, "load_balancing.cross_zone.enabled");
	return v && strcmp(v, "true") == 0;
}

static bool zone_enabled(const struct model_lb *lb, const char *zone)
{
	for (uint32_t i = 0; zone && i < lb->n_azs; i++)
		if (lb->azs[i].zone && strcmp(lb->azs[i].zone, zone) == 0)
			return true;
	return false;
}

/* The target may get traffic whatever its health. */
static bool routable(enum elb_health h)
{
	return h == ELB_HEALTH_HEALTHY || h == ELB_HEALTH_NOT_REPORTED ||
	       h == ELB_HEALTH_UNAVAILABLE;
}

uint32_t elb_pick_targets(const struct model_lb *lb, const struct model_tg *tg,
			  const char *node_zone, bool cross_zone, struct elb_pick *out)
{
	if (!lb || !tg || !out)
		return 0;
	bool any_healthy = false;
	for (uint32_t i = 0; i < tg->n_targets; i++) {
		const struct model_tg_target *t = &tg->targets[i];
		struct elb_pick *p = &out[i];
		bool anywhere = t->az && strcmp(t->az, "all") == 0;
		p->target = t;
		p->health = elb_health_parse(t->health);
		if (!anywhere && (!zone_enabled(lb, t->az) || p->health == ELB_HEALTH_UNUSED)) {
			p->verdict = ELB_SKIP_ZONE_UNUSED;
			continue;
		}
		bool healthy = routable(p->health);
		any_healthy |= healthy;
		if (!anywhere && !cross_zone && (!node_zone || strcmp(t->az, node_zone) != 0))
			p->verdict = ELB_SKIP_OTHER_ZONE;
		else
			p->verdict = healthy ? ELB_ROUTED : ELB_SKIP_UNHEALTHY;
	}
	/* ALB and NLB fail open; a Classic Load Balancer "routes requests
	 * only to the healthy instances" (classic/elb-healthchecks.html) */
	bool fail_open = !any_healthy && elb_kind_of(lb) != ELB_KIND_CLB;
	uint32_t n = 0;
	for (uint32_t i = 0; i < tg->n_targets; i++) {
		struct elb_pick *p = &out[i];
		if (fail_open && p->verdict == ELB_SKIP_UNHEALTHY &&
		    p->health == ELB_HEALTH_UNHEALTHY)
			p->verdict = ELB_ROUTED_FAIL_OPEN;
		n += p->verdict == ELB_ROUTED || p->verdict == ELB_ROUTED_FAIL_OPEN;
	}
	return n;
}

bool elb_target_addr(const struct model *m, const struct model_tg *tg,
		     const struct model_tg_target *x, struct net_addr *addr,
		     const struct model_eni **eni)
{
	const char *type = tg->target_type ? tg->target_type : "instance";
	*eni = NULL;
	if (!x->id)
		return false;
	if (!strcmp(type, "ip")) {
		if (net_addr_parse(x->id, addr) != 0)
			return false;
		*eni = model_eni_by_private_ip(m, addr);
		return true;
	}
	if (strcmp(type, "instance") != 0)
		return false;
	const struct model_obj *o = model_find_kind(m, MODEL_INSTANCE, x->id);
	const struct model_eni *e =
		o ? model_instance_eni(m, MODEL_AS(const struct model_instance, o)) : NULL;
	/* an instance target is reached at its primary interface's address of
	 * the target group's IpAddressType (CreateTargetGroup: ipv4 or ipv6) */
	bool v6 = tg->ip_address_type && !strcmp(tg->ip_address_type, "ipv6");
	if (!e || (v6 ? !e->n_ips6 : !e->n_ips))
		return false;
	*eni = e;
	*addr = v6 ? e->ips6[0] : e->ips[0].priv;
	return true;
}
