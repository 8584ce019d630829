/*
 * DOC: listeners, rules and client IP preservation (elb_listener.h)
 *
 * The rules of a listener are held by the model in describe-rules' shape;
 * elb_listener_rules_build() lays them out as alb_rule.h's rules (one
 * block: rules, conditions, query pairs, prefixes) and compiles them.
 */
#include "elb/elb_listener.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcsim/error.h"
#include "vpcsim/net.h"

static bool proto_carries(const char *lp, uint8_t proto)
{
	if (!lp)
		return proto == NET_PROTO_TCP;
	if (!strcmp(lp, "TCP_UDP"))
		return proto == NET_PROTO_TCP || proto == NET_PROTO_UDP;
	if (!strcmp(lp, "UDP"))
		return proto == NET_PROTO_UDP;
	if (!strcmp(lp, "GENEVE"))
		return false;          /* a Gateway Load Balancer's: not addressed to */
	return proto == NET_PROTO_TCP; /* HTTP, HTTPS, TCP, TLS */
}

const struct model_lb_listener *elb_listener_for(const struct model_lb *lb, uint8_t proto,
						 uint16_t port)
{
	for (uint32_t i = 0; lb && i < lb->n_listeners; i++) {
		const struct model_lb_listener *ls = &lb->listeners[i];
		if (ls->port == port && proto_carries(ls->protocol, proto))
			return ls;
	}
	return NULL;
}

const char *elb_attr(const struct model_tag *attrs, uint32_t n, const char *key)
{
	for (uint32_t i = 0; i < n; i++)
		if (attrs[i].key && !strcmp(attrs[i].key, key))
			return attrs[i].value;
	return NULL;
}

static bool action_decides(const char *type)
{
	return type && (!strcmp(type, "forward") || !strcmp(type, "redirect") ||
			!strcmp(type, "fixed-response"));
}

const struct model_lb_action *elb_rule_action(const struct model_lb_rule *r)
{
	const struct model_lb_action *best = NULL;
	for (uint32_t i = 0; r && i < r->n_actions; i++) {
		const struct model_lb_action *a = &r->actions[i];
		if (action_decides(a->type) && (!best || a->order > best->order))
			best = a;
	}
	return best;
}

const struct model_lb_fwd *elb_forward_pick(const struct model_lb_fwd *tgs, uint32_t n,
					    uint32_t hash)
{
	uint64_t total = 0;
	for (uint32_t i = 0; i < n; i++)
		total += tgs[i].weight;
	if (!total)
		return NULL;
	uint64_t at = hash % total;
	for (uint32_t i = 0; i < n; i++) {
		if (at < tgs[i].weight)
			return &tgs[i];
		at -= tgs[i].weight;
	}
	return NULL;
}

bool elb_preserve_client_ip(const struct model_lb *lb, const struct model_tg *tg, uint8_t proto,
			    bool *from_attr)
{
	if (from_attr)
		*from_attr = false;
	if (!lb || !lb->type || strcmp(lb->type, "network") != 0)
		return false; /* an ALB connects from its node */
	const char *tp = tg ? tg->protocol : NULL;
	if (proto == NET_PROTO_UDP || (tp && (!strcmp(tp, "UDP") || !strcmp(tp, "TCP_UDP"))))
		return true; /* cannot be turned off */
	const char *v = tg ? elb_attr(tg->attrs, tg->n_attrs, "preserve_client_ip.enabled") : NULL;
	if (v && (!strcmp(v, "true") || !strcmp(v, "false"))) {
		if (from_attr)
			*from_attr = true;
		return !strcmp(v, "true");
	}
	return !(tg && tg->target_type && !strcmp(tg->target_type, "ip"));
}

/* ---- rules ---- */

/* One block: the set, then the rules, conditions, query pairs and
 * prefixes it points into (each array's size is a multiple of the
 * alignment of the next). */
struct elb_listener_rules {
	struct alb_ruleset *set;
	struct alb_rule *rules;
	struct alb_cond *conds;
	struct alb_kv *kvs;
	struct net_prefix *pfx;
};

_Static_assert(sizeof(struct elb_listener_rules) % _Alignof(struct alb_rule) == 0 &&
		       sizeof(struct alb_rule) % _Alignof(struct alb_cond) == 0 &&
		       sizeof(struct alb_cond) % _Alignof(struct alb_kv) == 0 &&
		       sizeof(struct alb_kv) % _Alignof(struct net_prefix) == 0,
	       "the arrays of one elb_listener_rules block stay aligned");

void elb_listener_rules_free(struct elb_listener_rules *r)
{
	if (!r)
		return;
	alb_rules_free(r->set);
	free(r);
}

/* Condition @k of a model rule as an alb_cond; its pairs and prefixes are
 * copied to *kv and *pf, which advance. */
static int cond_from_model(const struct model_lb_cond *k, struct alb_cond *c, struct alb_kv **kv,
			   struct net_prefix **pf)
{
	int t = alb_cond_type_parse(k->field);
	if (t < 0)
		return VS_EINVAL;
	c->type = (enum alb_cond_type)t;
	c->header_name = k->header_name;
	c->values = (const char *const *)k->values;
	c->n_values = k->n_values;
	c->regexes = (const char *const *)k->regexes;
	c->n_regexes = k->n_regexes;
	c->pairs = *kv;
	c->n_pairs = k->n_pairs;
	for (uint32_t i = 0; i < k->n_pairs; i++) {
		(*kv)[i].key = k->pairs[i].key;
		(*kv)[i].value = k->pairs[i].value;
	}
	*kv += k->n_pairs;
	c->cidrs = *pf;
	c->n_cidrs = k->n_cidrs;
	for (uint32_t i = 0; i < k->n_cidrs; i++)
		(*pf)[i] = k->cidrs[i].pfx;
	*pf += k->n_cidrs;
	return 0;
}

int elb_listener_rules_build(const struct model_lb_listener *ls, struct elb_listener_rules **out,
			     char *err, size_t errlen)
{
	if (!ls || !out)
		return VS_EINVAL;
	*out = NULL;
	if (!ls->n_rules)
		return 0;
	size_t nc = 0, nkv = 0, npf = 0;
	for (uint32_t i = 0; i < ls->n_rules; i++) {
		nc += ls->rules[i].n_conds;
		for (uint32_t k = 0; k < ls->rules[i].n_conds; k++) {
			nkv += ls->rules[i].conds[k].n_pairs;
			npf += ls->rules[i].conds[k].n_cidrs;
		}
	}
	size_t sz = sizeof(struct elb_listener_rules) + ls->n_rules * sizeof(struct alb_rule) +
		    nc * sizeof(struct alb_cond) + nkv * sizeof(struct alb_kv) +
		    npf * sizeof(struct net_prefix);
	struct elb_listener_rules *r = calloc(1, sz);
	if (!r)
		return VS_ENOMEM;
	r->rules = (struct alb_rule *)(void *)(r + 1);
	r->conds = (struct alb_cond *)(void *)(r->rules + ls->n_rules);
	r->kvs = (struct alb_kv *)(void *)(r->conds + nc);
	r->pfx = (struct net_prefix *)(void *)(r->kvs + nkv);
	struct alb_cond *c = r->conds;
	struct alb_kv *kv = r->kvs;
	struct net_prefix *pf = r->pfx;
	for (uint32_t i = 0; i < ls->n_rules; i++) {
		const struct model_lb_rule *mr = &ls->rules[i];
		struct alb_rule *ar = &r->rules[i];
		ar->priority = mr->is_default ? ALB_PRIORITY_DEFAULT : mr->priority;
		ar->conds = c;
		ar->n_conds = mr->n_conds;
		ar->user = mr;
		for (uint32_t k = 0; k < mr->n_conds; k++, c++) {
			if (cond_from_model(&mr->conds[k], c, &kv, &pf)) {
				if (err && errlen)
					snprintf(err, errlen,
						 "rule %s: condition field '%s' is unknown",
						 mr->arn ? mr->arn : "?",
						 mr->conds[k].field ? mr->conds[k].field : "");
				elb_listener_rules_free(r);
				return VS_EINVAL;
			}
		}
	}
	int rc = alb_rules_build(r->rules, ls->n_rules, &r->set, err, errlen);
	if (rc) {
		elb_listener_rules_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

const struct model_lb_rule *elb_listener_rules_match(const struct elb_listener_rules *r,
						     const struct alb_request *req,
						     uint32_t *n_tried)
{
	struct alb_match m = {0};
	const struct alb_rule *ar = r ? alb_rules_match(r->set, req, &m, NULL, 0) : NULL;
	if (n_tried)
		*n_tried = m.n_missed;
	return ar ? ar->user : NULL;
}
