/*
 * DOC: relation resolution for Transit Gateway, VPN, Direct Connect, ELB, sites
 *
 * Runs after the entity vectors moved into the model and the id index was
 * built, so every lookup is a model_find() (O(1)) and the whole pass is
 * linear in the snapshot size.
 *
 * First the Batfish wrapper records kept by the readers are applied to their
 * parents: propagations and static routes to TGW route tables, listeners and
 * attributes to load balancers, target health to target groups, associations
 * to Direct Connect gateways.  Each parent's array is sized by counting
 * first, then filled, so no array grows by reallocation.
 *
 * Then every id of these entities is turned into a pointer.  A dangling id
 * keeps its text with a NULL pointer; the checker reports it.  A wrapper
 * record whose parent is missing has nowhere to live, so it is reported here
 * as a warning and dropped.
 *
 * Nothing is invented: an attachment is associated with the table its
 * Association says, never with the TGW's default table by inference,
 * because describe-transit-gateway-attachments already shows the
 * association AWS made.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hmap.h"
#include "load/load_internal.h"
#include "vpcsim/error.h"

/* Per-parent counters, heap; NULL only when out of memory (n == 0 is fine). */
static uint32_t *counters(uint32_t n)
{
	return calloc(n ? n : 1, sizeof(uint32_t));
}

/* The parents records are applied to: the @n entities of kind @kind of the
 * model array @base, @size bytes each. */
struct parents {
	enum model_kind kind;
	void *base;
	size_t size;
	uint32_t n;
};

/* How the wrapper records of one vector (each starting with its parent's
 * id) are applied: @orphan warns about a record whose parent is not in the
 * snapshot (it is dropped); @reserve makes room in @parent for @cnt
 * records; @add applies record @rec to its parent. */
struct record_ops {
	void (*orphan)(struct ld_ctx *c, const void *rec);
	int (*reserve)(struct ld_ctx *c, void *parent, uint32_t cnt);
	int (*add)(struct ld_ctx *c, void *parent, const void *rec);
};

_Static_assert(offsetof(struct ld_tgw_prop, rtb_id) == 0 &&
		       offsetof(struct ld_tgw_static, rtb_id) == 0 &&
		       offsetof(struct ld_dxgw_assoc, dxgw_id) == 0,
	       "a wrapper record starts with its parent's id");

/* Count per parent, reserve, add: the records of @v onto their parents @p
 * with @ops, in record order.  0, VS_ENOMEM, or the first error of @ops. */
static int apply_per_parent(struct ld_ctx *c, const struct vec *v, const struct parents *p,
			    const struct record_ops *ops)
{
	uint32_t *cnt = counters(p->n);
	if (!cnt)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < v->n; i++) {
		const void *rec = (const char *)v->items + (size_t)i * v->elem;
		const char *parent = ld_find(c, *(const char *const *)rec, p->kind);
		if (parent)
			cnt[(size_t)(parent - (const char *)p->base) / p->size]++;
		else
			ops->orphan(c, rec);
	}
	int rc = 0;
	for (uint32_t i = 0; i < p->n && !rc; i++)
		if (cnt[i])
			rc = ops->reserve(c, (char *)p->base + (size_t)i * p->size, cnt[i]);
	for (uint32_t i = 0; i < v->n && !rc; i++) {
		const void *rec = (const char *)v->items + (size_t)i * v->elem;
		void *parent = ld_find(c, *(const char *const *)rec, p->kind);
		if (parent)
			rc = ops->add(c, parent, rec);
	}
	free(cnt);
	return rc;
}

/* ---- Transit Gateway ---- */

/* Attachment @id as route table @r's transit gateway holds it: a TGW
 * peering attachment has one entity per side (ld_tgw.c, att_side). */
static struct model_tgw_att *att_of_rtb(struct ld_ctx *c, const char *id,
					const struct model_tgw_rtb *r)
{
	struct model_tgw_att *a = ld_find(c, id, MODEL_TGW_ATT);
	if (!a || a->type != TGW_ATT_PEERING || !r || !r->tgw_id || !a->tgw_id ||
	    !strcmp(a->tgw_id, r->tgw_id))
		return a;
	const struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_tgw_atts; i++)
		if (!strcmp(m->tgw_atts[i].obj.id, id) && m->tgw_atts[i].tgw_id &&
		    !strcmp(m->tgw_atts[i].tgw_id, r->tgw_id))
			return &m->tgw_atts[i];
	return a;
}

static void prop_orphan(struct ld_ctx *c, const void *rec)
{
	const struct ld_tgw_prop *p = rec;
	ld_warn_in(c, p->file, "InvalidRouteTableID.NotFound", p->rtb_id,
		   "propagation of %s into transit gateway route table %s skipped: "
		   "the table is not in the snapshot",
		   p->att_id, p->rtb_id);
}

static int prop_reserve(struct ld_ctx *c, void *parent, uint32_t cnt)
{
	struct model_tgw_rtb *r = parent;
	r->prop_att_ids = arena_calloc(c->arena, cnt, sizeof(*r->prop_att_ids));
	r->prop_atts = arena_calloc(c->arena, cnt, sizeof(*r->prop_atts));
	return r->prop_att_ids && r->prop_atts ? 0 : VS_ENOMEM;
}

static int prop_add(struct ld_ctx *c, void *parent, const void *rec)
{
	struct model_tgw_rtb *r = parent;
	const struct ld_tgw_prop *p = rec;
	r->prop_att_ids[r->n_prop_atts] = p->att_id;
	r->prop_atts[r->n_prop_atts++] = att_of_rtb(c, p->att_id, r);
	return 0;
}

static int resolve_tgw_route(struct ld_ctx *c, struct model_tgw_route *rt,
			     const struct model_tgw_rtb *r)
{
	rt->dst_pl = ld_find_pl(c, rt->dst_pl_id, r->obj.region);
	if (!rt->n_atts)
		return 0;
	rt->atts = arena_calloc(c->arena, rt->n_atts, sizeof(*rt->atts));
	if (!rt->atts)
		return VS_ENOMEM;
	for (uint32_t k = 0; k < rt->n_atts; k++)
		rt->atts[k] = att_of_rtb(c, rt->att_ids[k], r);
	return 0;
}

static void static_orphan(struct ld_ctx *c, const void *rec)
{
	const struct ld_tgw_static *s = rec;
	ld_warn_in(c, s->file, "InvalidRouteTableID.NotFound", s->rtb_id,
		   "route %s of transit gateway route table %s skipped: "
		   "the table is not in the snapshot",
		   s->route.dst.text  ? s->route.dst.text :
		   s->route.dst_pl_id ? s->route.dst_pl_id :
					"?",
		   s->rtb_id);
}

/* Room for @cnt static routes after the table's own. */
static int static_reserve(struct ld_ctx *c, void *parent, uint32_t cnt)
{
	struct model_tgw_rtb *r = parent;
	struct model_tgw_route *rs = arena_calloc(c->arena, (size_t)r->n_routes + cnt, sizeof(*rs));
	if (!rs)
		return VS_ENOMEM;
	if (r->n_routes)
		memcpy(rs, r->routes, (size_t)r->n_routes * sizeof(*rs));
	r->routes = rs;
	return 0;
}

static int static_add(struct ld_ctx *c, void *parent, const void *rec)
{
	struct model_tgw_rtb *r = parent;
	struct model_tgw_route *rt = &r->routes[r->n_routes++];
	*rt = ((const struct ld_tgw_static *)rec)->route;
	return resolve_tgw_route(c, rt, r);
}

/* Propagations and static routes onto their TGW route tables. */
static int apply_tgw_wrappers(struct ld_ctx *c)
{
	struct model *m = c->m;
	const struct parents rtbs = {MODEL_TGW_RTB, m->tgw_rtbs, sizeof(*m->tgw_rtbs),
				     m->n_tgw_rtbs};
	static const struct record_ops props = {prop_orphan, prop_reserve, prop_add};
	static const struct record_ops statics = {static_orphan, static_reserve, static_add};
	int rc = apply_per_parent(c, &c->tgw_props, &rtbs, &props);
	return rc ? rc : apply_per_parent(c, &c->tgw_statics, &rtbs, &statics);
}

static int resolve_tgw_atts(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_tgws; i++) {
		struct model_tgw *t = &m->tgws[i];
		t->assoc_rtb = ld_find(c, t->assoc_rtb_id, MODEL_TGW_RTB);
		t->prop_rtb = ld_find(c, t->prop_rtb_id, MODEL_TGW_RTB);
	}
	for (uint32_t i = 0; i < m->n_tgw_rtbs; i++)
		m->tgw_rtbs[i].tgw = ld_find(c, m->tgw_rtbs[i].tgw_id, MODEL_TGW);

	int rc = 0;
	for (uint32_t i = 0; i < m->n_tgw_atts && !rc; i++) {
		struct model_tgw_att *a = &m->tgw_atts[i];
		a->tgw = ld_find(c, a->tgw_id, MODEL_TGW);
		/* vpc-, vpn-, DX gateway id, peer tgw-, or the transport
		 * attachment of a Connect attachment */
		a->resource = ld_find(c, a->resource_id, LD_ANY);
		a->assoc_rtb = ld_find(c, a->assoc_rtb_id, MODEL_TGW_RTB);
		a->subnets = (struct model_subnet **)ld_find_list(c, a->subnet_ids, a->n_subnets,
								  MODEL_SUBNET, &rc);
		/* The TGW side of a VPN connection is the attachment whose
		 * resource is the VPN (TransitGatewayId on the VPN names
		 * only the gateway). */
		if (a->type == TGW_ATT_VPN) {
			struct model_vpn *v = ld_find(c, a->resource_id, MODEL_VPN);
			if (v && !v->tgw_att)
				v->tgw_att = a;
		}
	}
	if (rc)
		return rc;
	return ld_link_children(c, MODEL_TGW_ATT, offsetof(struct model_tgw_att, assoc_rtb),
				MODEL_TGW_RTB, offsetof(struct model_tgw_rtb, assoc_atts),
				offsetof(struct model_tgw_rtb, n_assoc_atts));
}

/* ---- VPN and Direct Connect ---- */

static int resolve_vpn(struct ld_ctx *c)
{
	struct model *m = c->m;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_vgws && !rc; i++) {
		struct model_vgw *g = &m->vgws[i];
		g->vpcs =
			(struct model_vpc **)ld_find_list(c, g->vpc_ids, g->n_vpcs, MODEL_VPC, &rc);
	}
	for (uint32_t i = 0; i < m->n_vpns; i++) {
		struct model_vpn *v = &m->vpns[i];
		v->cgw = ld_find(c, v->cgw_id, MODEL_CGW);
		v->vgw = ld_find(c, v->vgw_id, MODEL_VGW);
		v->tgw = ld_find(c, v->tgw_id, MODEL_TGW);
	}
	return rc;
}

static bool assoc_dup(const struct model_dxgw *g, const struct model_dxgw_assoc *as)
{
	for (uint32_t k = 0; k < g->n_assocs; k++)
		if (strcmp(g->assocs[k].gateway_id, as->gateway_id) == 0)
			return true;
	return false;
}

static void dx_assoc_orphan(struct ld_ctx *c, const void *rec)
{
	const struct ld_dxgw_assoc *a = rec;
	ld_warn_in(c, a->file, "DirectConnectGatewayNotFound", a->dxgw_id,
		   "association of %s with Direct Connect gateway %s skipped: "
		   "the gateway is not in the snapshot",
		   a->assoc.gateway_id, a->dxgw_id);
}

static int dx_assoc_reserve(struct ld_ctx *c, void *parent, uint32_t cnt)
{
	struct model_dxgw *g = parent;
	g->assocs = arena_calloc(c->arena, cnt, sizeof(*g->assocs));
	return g->assocs ? 0 : VS_ENOMEM;
}

/* The gateway is global, so each region's output lists the same
 * associations again: keep one per associated gateway.  A gateway has at
 * most a few dozen associations (DX quotas), so a scan is cheap. */
static int dx_assoc_add(struct ld_ctx *c, void *parent, const void *rec)
{
	struct model_dxgw *g = parent;
	const struct ld_dxgw_assoc *a = rec;
	if (assoc_dup(g, &a->assoc))
		return 0;
	struct model_dxgw_assoc *as = &g->assocs[g->n_assocs++];
	*as = a->assoc;
	as->gateway = ld_find(c, as->gateway_id, LD_ANY);
	return 0;
}

static int resolve_dx(struct ld_ctx *c)
{
	struct model *m = c->m;
	const struct parents dxgws = {MODEL_DXGW, m->dxgws, sizeof(*m->dxgws), m->n_dxgws};
	static const struct record_ops assocs = {dx_assoc_orphan, dx_assoc_reserve, dx_assoc_add};
	int rc = apply_per_parent(c, &c->dxgw_assocs, &dxgws, &assocs);
	for (uint32_t i = 0; i < m->n_vifs; i++) {
		struct model_vif *v = &m->vifs[i];
		v->vgw = ld_find(c, v->vgw_id, MODEL_VGW);
		v->dxgw = ld_find(c, v->dxgw_id, MODEL_DXGW);
	}
	return rc;
}

/* ---- ELB ---- */

/* The parents a list of struct ld_batch records is appended to, and where. */
struct batch_parents {
	enum model_kind kind;
	void *base;  /* the model array of them */
	size_t size; /* of one */
	uint32_t n;
	size_t elem;             /* size of one element the records bring */
	size_t items_off, n_off; /* in a parent: its array of them, its uint32_t count */
	const char *code, *what; /* the warning for a record whose parent is missing */
};

/* Count per parent, allocate, fill, for the wrapper records in @batches: the
 * array (at items_off) and count (at n_off) of each parent with records
 * become its arena array of every element they bring, in record order; the
 * other parents' are left as they are.  A record whose parent is not in the
 * snapshot is warned about and dropped. */
static int gather_batches(struct ld_ctx *c, const struct vec *batches,
			  const struct batch_parents *p)
{
	uint32_t *cnt = counters(p->n);
	void **arr = calloc(p->n ? p->n : 1, sizeof(*arr));
	int rc = cnt && arr ? 0 : VS_ENOMEM;
	for (uint32_t i = 0; i < batches->n && !rc; i++) {
		const struct ld_batch *b = VEC_AT(batches, struct ld_batch, i);
		const char *parent = ld_find(c, b->parent_arn, p->kind);
		if (parent)
			cnt[(size_t)(parent - (const char *)p->base) / p->size] += b->n;
		else
			ld_warn(c, p->code, b->parent_arn,
				"%s %s skipped: it is not in the snapshot", p->what, b->parent_arn);
	}
	for (uint32_t i = 0; i < p->n && !rc; i++) {
		if (cnt[i] && !(arr[i] = arena_calloc(c->arena, cnt[i], p->elem)))
			rc = VS_ENOMEM;
		cnt[i] = 0; /* refilled below */
	}
	for (uint32_t i = 0; i < batches->n && !rc; i++) {
		const struct ld_batch *b = VEC_AT(batches, struct ld_batch, i);
		const char *parent = ld_find(c, b->parent_arn, p->kind);
		if (!parent || !b->n)
			continue;
		size_t k = (size_t)(parent - (const char *)p->base) / p->size;
		memcpy((char *)arr[k] + (size_t)cnt[k] * p->elem, b->items, (size_t)b->n * p->elem);
		cnt[k] += b->n;
	}
	for (uint32_t i = 0; i < p->n && !rc; i++) {
		char *parent = (char *)p->base + (size_t)i * p->size;
		if (!cnt[i])
			continue;
		memcpy(parent + p->items_off, &arr[i], sizeof(arr[i]));
		memcpy(parent + p->n_off, &cnt[i], sizeof(cnt[i]));
	}
	free(cnt);
	free(arr);
	return rc;
}

#define BATCH_PARENTS(arr, n_arr, kind, type, items, n_items, elem_type, code, what)   \
	((struct batch_parents){kind, (arr), sizeof(type), (n_arr), sizeof(elem_type), \
				offsetof(type, items), offsetof(type, n_items), code, what})

/* Listeners and attributes onto their load balancers. */
static int apply_lb_wrappers(struct ld_ctx *c)
{
	struct model *m = c->m;
	const struct batch_parents listeners = BATCH_PARENTS(
		m->lbs, m->n_lbs, MODEL_LB, struct model_lb, listeners, n_listeners,
		struct model_lb_listener, "LoadBalancerNotFound", "listeners of load balancer");
	const struct batch_parents attrs = BATCH_PARENTS(m->lbs, m->n_lbs, MODEL_LB,
							 struct model_lb, attrs, n_attrs,
							 struct model_tag, "LoadBalancerNotFound",
							 "attributes of load balancer");
	int rc = gather_batches(c, &c->lb_listeners, &listeners);
	return rc ? rc : gather_batches(c, &c->lb_attrs, &attrs);
}

/* Target health onto its target groups. */
static int apply_tg_health(struct ld_ctx *c)
{
	struct model *m = c->m;
	const struct batch_parents health = BATCH_PARENTS(
		m->tgs, m->n_tgs, MODEL_TG, struct model_tg, targets, n_targets,
		struct model_tg_target, "TargetGroupNotFound", "target health of target group");
	return gather_batches(c, &c->tg_health, &health);
}

/* A Classic Load Balancer's instance states onto the targets of each of its
 * listeners (the target groups ld_clb() made, one per listener). */
static void apply_clb_health(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t b = 0; b < c->clb_health.n; b++) {
		const struct ld_batch *h = VEC_AT(&c->clb_health, struct ld_batch, b);
		const struct model_tg_target *st = h->items;
		bool found = false;
		for (uint32_t i = 0; i < m->n_tgs; i++) {
			struct model_tg *tg = &m->tgs[i];
			if (!tg->obj.synthetic || !tg->n_lbs ||
			    strcmp(tg->lb_arns[0], h->parent_arn))
				continue;
			found = true;
			for (uint32_t t = 0; t < tg->n_targets; t++)
				for (uint32_t k = 0; k < h->n; k++)
					if (tg->targets[t].id &&
					    !strcmp(tg->targets[t].id, st[k].id))
						tg->targets[t].health = st[k].health;
		}
		if (!found)
			ld_warn(c, "LoadBalancerNotFound", h->parent_arn,
				"instance health of a Classic Load Balancer the snapshot does not "
				"hold (or one without listeners)");
	}
}

static int rule_prio_cmp(const void *a, const void *b)
{
	const struct model_lb_rule *x = a, *y = b;
	return x->priority < y->priority ? -1 : x->priority > y->priority;
}

/* The target groups rule @x forwards to, from their ARNs. */
static void rule_tgs(struct ld_ctx *c, struct model_lb_rule *x)
{
	for (uint32_t a = 0; a < x->n_actions; a++)
		for (uint32_t t = 0; t < x->actions[a].n_tgs; t++)
			x->actions[a].tgs[t].tg = ld_find(c, x->actions[a].tgs[t].tg_arn, MODEL_TG);
}

/* Listener rules (describe-rules) onto their listeners, by priority with the
 * default rule last, their forward target groups resolved; target group
 * attributes onto their target groups. */
static int apply_lb_rules(struct ld_ctx *c)
{
	struct model *m = c->m;
	struct hmap *ls = hmap_new(16);
	int rc = ls ? 0 : VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_lbs && !rc; i++)
		for (uint32_t k = 0; k < m->lbs[i].n_listeners && !rc; k++)
			if (m->lbs[i].listeners[k].arn)
				rc = hmap_put_str(ls, m->lbs[i].listeners[k].arn,
						  &m->lbs[i].listeners[k], NULL);
	for (uint32_t i = 0; i < c->lb_rules.n && !rc; i++) {
		const struct ld_lb_rules *r = VEC_AT(&c->lb_rules, struct ld_lb_rules, i);
		struct model_lb_listener *l = hmap_get_str(ls, r->listener_arn);
		if (l)
			l->n_rules += r->n;
		else
			ld_warn(c, "ListenerNotFound", r->listener_arn,
				"rules of listener %s skipped: it is not in the snapshot",
				r->listener_arn);
	}
	for (uint32_t i = 0; i < m->n_lbs && !rc; i++)
		for (uint32_t k = 0; k < m->lbs[i].n_listeners && !rc; k++) {
			struct model_lb_listener *l = &m->lbs[i].listeners[k];
			if (l->n_rules &&
			    !(l->rules = arena_calloc(c->arena, l->n_rules, sizeof(*l->rules))))
				rc = VS_ENOMEM;
			l->n_rules = 0;
		}
	/* a listener describe-rules said nothing of: its DefaultActions are its
	 * default rule (the one rule every listener has: listener-rules.html) */
	for (uint32_t i = 0; i < m->n_lbs && !rc; i++)
		for (uint32_t k = 0; k < m->lbs[i].n_listeners && !rc; k++) {
			struct model_lb_listener *l = &m->lbs[i].listeners[k];
			if (l->rules || !l->n_default_actions)
				continue;
			struct model_lb_rule *d = arena_calloc(c->arena, 1, sizeof(*d));
			if (!d) {
				rc = VS_ENOMEM;
				break;
			}
			d->is_default = true;
			d->priority = UINT32_MAX;
			d->actions = l->default_actions;
			d->n_actions = l->n_default_actions;
			rule_tgs(c, d);
			l->rules = d;
			l->n_rules = 1;
		}
	for (uint32_t i = 0; i < c->lb_rules.n && !rc; i++) {
		const struct ld_lb_rules *r = VEC_AT(&c->lb_rules, struct ld_lb_rules, i);
		struct model_lb_listener *l = hmap_get_str(ls, r->listener_arn);
		for (uint32_t k = 0; l && k < r->n; k++) {
			struct model_lb_rule *x = &l->rules[l->n_rules++];
			*x = r->rules[k];
			rule_tgs(c, x);
		}
	}
	for (uint32_t i = 0; i < m->n_lbs && !rc; i++)
		for (uint32_t k = 0; k < m->lbs[i].n_listeners; k++) {
			struct model_lb_listener *l = &m->lbs[i].listeners[k];
			if (l->n_rules > 1)
				qsort(l->rules, l->n_rules, sizeof(*l->rules), rule_prio_cmp);
			for (uint32_t j = 1; j < l->n_rules; j++)
				if (l->rules[j].priority == l->rules[j - 1].priority)
					ld_error(c, "PriorityInUse", l->arn,
						 l->rules[j].is_default ? "listener %s has two "
									  "default rules" :
									  "two rules of listener "
									  "%s have one priority",
						 l->arn ? l->arn : "?");
		}
	hmap_free(ls);
	for (uint32_t i = 0; i < c->tg_attrs.n && !rc; i++) {
		const struct ld_tg_attrs *r = VEC_AT(&c->tg_attrs, struct ld_tg_attrs, i);
		struct model_tg *tg = ld_find(c, r->tg_arn, MODEL_TG);
		if (!tg) {
			ld_warn(c, "TargetGroupNotFound", r->tg_arn,
				"attributes of target group %s skipped: it is not in the snapshot",
				r->tg_arn);
			continue;
		}
		if (tg->n_attrs) /* a second wrapper for the same group: the first wins */
			continue;
		tg->attrs = r->attrs;
		tg->n_attrs = r->n;
	}
	return rc;
}

/* The zone of each target describe-target-health does not give one for:
 * an instance target is in its instance's zone, an IP target in the zone
 * of the target group's VPC's subnet that holds the address (ELB API,
 * TargetDescription.AvailabilityZone: "not supported if the target type
 * ... is instance", and for an IP "in a subnet of the VPC for the target
 * group, the Availability Zone is automatically detected"). */
static void target_zones(struct ld_ctx *c, struct model_tg *tg)
{
	bool ip = tg->target_type && !strcmp(tg->target_type, "ip");
	for (uint32_t k = 0; k < tg->n_targets; k++) {
		struct model_tg_target *t = &tg->targets[k];
		if (t->az || !t->id)
			continue;
		if (!ip) {
			const struct model_instance *in = ld_find(c, t->id, MODEL_INSTANCE);
			if (in)
				t->az = in->az ? in->az : in->subnet ? in->subnet->az : NULL;
			continue;
		}
		struct net_addr a;
		if (!tg->vpc || net_addr_parse(t->id, &a) != 0)
			continue;
		for (uint32_t s = 0; s < tg->vpc->n_subnets; s++) {
			const struct model_subnet *sn = tg->vpc->subnets[s];
			if (sn && net_prefix_contains(&sn->cidr.pfx, &a)) {
				t->az = sn->az;
				break;
			}
		}
	}
}

/* Endpoint services: their load balancers, and each endpoint of the
 * snapshot to the service whose ServiceName it names (the consumer's
 * describe-vpc-endpoints names the service, not its id). */
static int resolve_endpoint_services(struct ld_ctx *c)
{
	struct model *m = c->m;
	if (!m->n_vpce_svcs)
		return 0;
	struct hmap *by_name = hmap_new(m->n_vpce_svcs);
	if (!by_name)
		return VS_ENOMEM;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_vpce_svcs && !rc; i++) {
		struct model_vpce_svc *s = &m->vpce_svcs[i];
		if (s->service_name && !hmap_get_str(by_name, s->service_name))
			rc = hmap_put_str(by_name, s->service_name, s, NULL);
		if (!rc)
			s->lbs = (struct model_lb **)ld_find_list(c, s->lb_arns, s->n_lbs, MODEL_LB,
								  &rc);
	}
	for (uint32_t i = 0; i < m->n_vpces && !rc; i++)
		if (m->vpces[i].service_name)
			m->vpces[i].svc = hmap_get_str(by_name, m->vpces[i].service_name);
	hmap_free(by_name);
	return rc;
}

static int resolve_elb(struct ld_ctx *c)
{
	struct model *m = c->m;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_lbs && !rc; i++) {
		struct model_lb *lb = &m->lbs[i];
		lb->vpc = ld_find(c, lb->vpc_id, MODEL_VPC);
		for (uint32_t k = 0; k < lb->n_azs; k++) {
			lb->azs[k].subnet = ld_find(c, lb->azs[k].subnet_id, MODEL_SUBNET);
			if (!lb->azs[k].zone && lb->azs[k].subnet) /* a Classic LB's */
				lb->azs[k].zone = lb->azs[k].subnet->az;
		}
		lb->sgs = (struct model_sg **)ld_find_list(c, lb->sg_ids, lb->n_sgs, MODEL_SG, &rc);
	}
	if (rc)
		return rc;
	for (uint32_t i = 0; i < m->n_tgs; i++) {
		m->tgs[i].vpc = ld_find(c, m->tgs[i].vpc_id, MODEL_VPC);
		target_zones(c, &m->tgs[i]);
	}
	return resolve_endpoint_services(c);
}

/* ---- sites ---- */

static void resolve_sites(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_sites; i++) {
		struct model_site *s = &m->sites[i];
		for (uint32_t k = 0; k < s->n_adv; k++) {
			/* a site advertises over a VPN connection or a VIF */
			struct model_obj *via = ld_find(c, s->adv[k].via_id, LD_ANY);
			if (via && (via->kind == MODEL_VPN || via->kind == MODEL_VIF))
				s->adv[k].via = via;
		}
	}
}

/* Appliances: their instance (which points back) and interfaces. */
static void resolve_appliances(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_appliances; i++) {
		struct model_appliance *a = &m->appliances[i];
		a->instance = ld_find(c, a->instance_id, MODEL_INSTANCE);
		if (a->instance && !a->instance->appliance)
			a->instance->appliance = a;
		else if (!a->instance)
			ld_warn(c, "InvalidInstanceID.NotFound", a->obj.id,
				"appliance %s: instance %s is not in the snapshot", a->obj.id,
				a->instance_id);
		for (uint32_t k = 0; k < a->n_routes; k++)
			a->routes[k].eni = ld_find(c, a->routes[k].eni_id, MODEL_ENI);
		a->snat_eni = ld_find(c, a->snat_eni_id, MODEL_ENI);
	}
}

int resolve_hybrid(struct ld_ctx *c)
{
	int rc;
	if ((rc = apply_tgw_wrappers(c)) || (rc = resolve_tgw_atts(c)) || (rc = resolve_vpn(c)) ||
	    (rc = resolve_dx(c)) || (rc = apply_lb_wrappers(c)) || (rc = apply_lb_rules(c)) ||
	    (rc = apply_tg_health(c)) || (rc = resolve_elb(c)))
		return rc;
	apply_clb_health(c);
	resolve_sites(c);
	resolve_appliances(c);
	for (uint32_t i = 0; i < c->m->n_vpcs; i++)
		c->m->vpcs[i].dhcp = ld_find(c, c->m->vpcs[i].dhcp_id, MODEL_DHCP);
	for (uint32_t i = 0; i < c->m->n_rslvr_eps; i++)
		for (uint32_t k = 0; k < c->m->rslvr_eps[i].n_ips; k++) {
			struct model_rslvr_ep_ip *ip = &c->m->rslvr_eps[i].ips[k];
			ip->eni = (struct model_eni *)model_eni_by_private_ip(c->m, &ip->ip);
		}
	return 0;
}
