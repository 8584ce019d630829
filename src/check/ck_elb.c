/*
 * DOC: load balancer configurations the ELB API refuses
 *
 *  - ValidationError: an Application Load Balancer in fewer than two
 *    Availability Zones (CreateLoadBalancer: "You must specify subnets from
 *    at least two Availability Zones", application-load-balancers.html);
 *  - TargetGroupNotFound: a listener's default action or a rule's forward
 *    action naming a target group that is not in the snapshot (CreateRule,
 *    CreateListener errors);
 *  - InvalidConfigurationRequest: a forward to a target group of another
 *    VPC than the load balancer's ("the target group must be in the same
 *    VPC as the load balancer", load-balancer-target-groups.html), except
 *    Lambda target groups, which have no VPC.
 *
 * Design findings (warnings), each what a trace through the load balancer
 * would show failing for every client:
 *
 *  - TARGET_SG_BLOCKS_LOAD_BALANCER: an ALB or a Classic LB (or an NLB for a target group
 *    whose targets see its address, client IP preservation off) connects to
 *    a target from its nodes' addresses; a target whose security groups
 *    admit none of them on the target port gets no traffic and fails its
 *    health checks (ALB guide, target-group-register-targets.html "Target
 *    security groups"; NLB guide, the same page);
 *  - LB_SUBNET_NO_INTERNET_ROUTE: an internet-facing load balancer with a
 *    node in a subnet whose route table sends the internet to no internet
 *    gateway: that node cannot be reached from the internet
 *    (application-load-balancers.html "Subnets": public subnets for an
 *    internet-facing load balancer).
 * They use the same rules the trace does: elb_target.h for where a target
 * is, acl.h for security groups, vpc_route.h for the route tables.
 */
#include <stdio.h>
#include <string.h>

#include "check/ck_internal.h"
#include "elb/elb_listener.h"
#include "elb/elb_target.h"
#include "vpcsim/acl.h"
#include "vpcsim/error.h"

static int lb_zones(const struct model_lb *l, struct diag_list *d)
{
	uint32_t zones = 0;

	if (!l->type || strcmp(l->type, "application") != 0 || l->n_azs == 0)
		return 0;
	for (uint32_t i = 0; i < l->n_azs; i++) {
		bool seen = false;
		for (uint32_t k = 0; k < i && !seen; k++)
			seen = ck_streq(l->azs[k].zone, l->azs[i].zone);
		zones += !seen;
	}
	if (zones >= 2)
		return 0;
	return ck_report(d, DIAG_ERROR, "ValidationError", &l->obj,
			 "At least two subnets in two different Availability Zones must be "
			 "specified for Application Load Balancer %s (it has %u).",
			 l->obj.name ? l->obj.name : l->obj.id, (unsigned)zones);
}

/* One forward target of @l: present, and in @l's VPC. */
static int forward_to(const struct model *m, const struct model_lb *l, const char *tg_arn,
		      struct diag_list *d)
{
	const struct model_obj *o = ck_lookup_kind(m, NULL, tg_arn, MODEL_TG);
	const struct model_tg *tg = o ? MODEL_AS(const struct model_tg, o) : NULL;

	if (!ck_has_id(tg_arn))
		return 0;
	if (!tg)
		return ck_report(d, DIAG_ERROR, "TargetGroupNotFound", &l->obj,
				 "One or more target groups not found: '%s'.", tg_arn);
	if (ck_has_id(tg->vpc_id) && ck_has_id(l->vpc_id) && !ck_streq(tg->vpc_id, l->vpc_id) &&
	    !ck_streq(tg->target_type, "lambda"))
		return ck_report(d, DIAG_ERROR, "InvalidConfigurationRequest", &l->obj,
				 "Target group '%s' is in %s, not in the load balancer's VPC %s.",
				 tg_arn, tg->vpc_id, l->vpc_id);
	return 0;
}

/* Does one of @l's nodes reach target @eni at @addr:@port by @proto? */
static bool node_admitted(const struct acl *acl, const struct model_lb *l,
			  const struct model_eni *eni, const struct net_addr *addr, uint8_t proto,
			  uint16_t port)
{
	for (uint32_t k = 0; k < l->n_enis; k++) {
		const struct model_eni *node = l->enis[k];
		if (!node->n_ips || node->ips[0].priv.af != addr->af)
			continue;
		struct acl_pkt p;
		memset(&p, 0, sizeof(p));
		p.src = node->ips[0].priv;
		p.dst = *addr;
		p.proto = proto;
		p.sport = 49152;
		p.dport = port;
		if (acl_sg_allows(acl, eni, false, &p, NULL))
			return true;
	}
	return false;
}

static int targets_admit(const struct acl *acl, const struct model *m, const struct model_lb *l,
			 const struct model_tg *tg, struct diag_list *d)
{
	enum elb_kind k = elb_kind_of(l);
	bool udp = tg->protocol && !strcmp(tg->protocol, "UDP");
	uint8_t proto = udp ? NET_PROTO_UDP : NET_PROTO_TCP;
	if (!l->n_enis || (k != ELB_KIND_ALB && k != ELB_KIND_NLB && k != ELB_KIND_CLB) ||
	    (k == ELB_KIND_NLB && elb_preserve_client_ip(l, tg, proto, NULL)))
		return 0; /* the client's address reaches the target: unknown here */
	for (uint32_t i = 0; i < tg->n_targets; i++) {
		const struct model_tg_target *x = &tg->targets[i];
		struct net_addr a;
		const struct model_eni *eni;
		uint32_t port = x->port ? x->port : tg->port;
		if (!port || !elb_target_addr(m, tg, x, &a, &eni) || !eni ||
		    node_admitted(acl, l, eni, &a, proto, (uint16_t)port))
			continue;
		int rc = ck_report(d, DIAG_WARNING, "TARGET_SG_BLOCKS_LOAD_BALANCER", &tg->obj,
				   "Target %s (port %u) of target group %s admits nothing from "
				   "load "
				   "balancer %s: the security groups of %s allow none of its "
				   "nodes' "
				   "addresses; allow the load balancer's security group or "
				   "subnets.",
				   x->id, (unsigned)port, tg->obj.name ? tg->obj.name : tg->obj.id,
				   l->obj.name ? l->obj.name : l->obj.id, eni->obj.id);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int public_subnets(const struct route_vpc *rv, const struct model_lb *l, struct diag_list *d)
{
	if (!l->scheme || strcmp(l->scheme, "internet-facing") != 0)
		return 0;
	struct net_addr any; /* an internet address (TEST-NET-2) */
	net_addr_parse("198.51.100.1", &any);
	for (uint32_t i = 0; i < l->n_azs; i++) {
		const struct model_subnet *s = l->azs[i].subnet;
		if (!s || !s->rtb)
			continue;
		const struct model_route *r = route_vpc_lookup(rv, s->rtb, &any, NULL, NULL, 0);
		if (r && !r->blackhole && r->target == TGT_IGW && r->target_obj &&
		    r->target_obj->kind == MODEL_IGW)
			continue;
		int rc = ck_report(d, DIAG_WARNING, "LB_SUBNET_NO_INTERNET_ROUTE", &l->obj,
				   "Internet-facing load balancer %s has its %s node in subnet %s, "
				   "whose route table %s sends the internet %s%s: clients on the "
				   "internet cannot reach that node.",
				   l->obj.name ? l->obj.name : l->obj.id,
				   l->azs[i].zone ? l->azs[i].zone : "?", s->obj.id, s->rtb->obj.id,
				   r ? "to " : "nowhere",
				   r ? (r->target_id ? r->target_id : "?") : "");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The design findings of every load balancer. */
static int lb_design(const struct model *m, struct diag_list *d)
{
	if (!m->n_lbs)
		return 0;
	struct acl *acl = NULL;
	struct route_vpc *rv = NULL;
	int rc = acl_build(m, &acl);
	if (!rc)
		rc = route_vpc_build(m, NULL, &rv);
	for (uint32_t i = 0; i < m->n_tgs && !rc; i++) {
		const struct model_tg *tg = &m->tgs[i];
		for (uint32_t k = 0; k < tg->n_lbs && rc >= 0; k++) {
			const struct model_obj *o =
				ck_lookup_kind(m, NULL, tg->lb_arns[k], MODEL_LB);
			if (o)
				rc = targets_admit(acl, m, MODEL_AS(const struct model_lb, o), tg,
						   d);
		}
	}
	for (uint32_t i = 0; i < m->n_lbs && rc >= 0; i++)
		rc = public_subnets(rv, &m->lbs[i], d);
	route_vpc_free(rv);
	acl_free(acl);
	return rc < 0 ? rc : 0;
}

int ck_elb(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	int rc;

	(void)o;
	if ((rc = lb_design(m, d)) < 0)
		return rc;
	for (uint32_t i = 0; i < m->n_lbs; i++) {
		const struct model_lb *l = &m->lbs[i];
		if ((rc = lb_zones(l, d)) < 0)
			return rc;
		for (uint32_t k = 0; k < l->n_listeners; k++) {
			const struct model_lb_listener *ls = &l->listeners[k];
			/* the default actions are the default rule's, when there
			 * is one: checked once, with the rules */
			bool has_default = false;
			for (uint32_t r = 0; r < ls->n_rules; r++)
				has_default |= ls->rules[r].is_default;
			for (uint32_t t = 0; !has_default && t < ls->n_tgs; t++)
				if ((rc = forward_to(m, l, ls->tg_arns[t], d)) < 0)
					return rc;
			for (uint32_t r = 0; r < ls->n_rules; r++)
				for (uint32_t a = 0; a < ls->rules[r].n_actions; a++)
					for (uint32_t t = 0; t < ls->rules[r].actions[a].n_tgs; t++)
						if ((rc = forward_to(
							     m, l,
							     ls->rules[r].actions[a].tgs[t].tg_arn,
							     d)) < 0)
							return rc;
		}
	}
	return 0;
}
