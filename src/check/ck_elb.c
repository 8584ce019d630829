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
 */
#include <string.h>

#include "check/ck_internal.h"
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

int ck_elb(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	int rc;

	(void)o;
	for (uint32_t i = 0; i < m->n_lbs; i++) {
		const struct model_lb *l = &m->lbs[i];
		if ((rc = lb_zones(l, d)) < 0)
			return rc;
		for (uint32_t k = 0; k < l->n_listeners; k++) {
			const struct model_lb_listener *ls = &l->listeners[k];
			for (uint32_t t = 0; t < ls->n_tgs; t++)
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
