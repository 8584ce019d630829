/*
 * DOC: relation resolution for the VPC family
 *
 * Runs after the vectors moved into the model and the id index is built:
 * every id a VPC-family entity holds becomes a pointer (NULL when the id
 * names nothing in the snapshot, or something of another kind; the checker
 * reports those).  Derived arrays (a VPC's subnets, an instance's ENIs) are
 * sized by a counting pass and filled by a second, in the model arena: no
 * pass is quadratic in the size of the snapshot.
 *
 * AWS rules applied here:
 *  - a subnet uses its explicitly associated route table, else the VPC's
 *    main table (VPC_Route_Tables "Subnet route tables");
 *  - a subnet uses its associated network ACL, else the VPC's default one
 *    (vpc-network-acls);
 *  - Elastic IPs and NAT gateway addresses are the public address of the
 *    private address they map to (elastic-ip-addresses-eip).
 *
 * ld_find() and ld_find_list(), the id lookups of every resolve_*.c, live
 * here.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

void *ld_find(const struct ld_ctx *c, const char *id, enum model_kind k)
{
	if (!id)
		return NULL;
	return (unsigned)k < MODEL_KIND_COUNT ? (void *)model_find_kind(c->m, k, id) :
						(void *)model_find(c->m, id);
}

struct model_pl *ld_find_pl(const struct ld_ctx *c, const char *id, const char *region)
{
	struct model_pl *p = ld_find(c, id, MODEL_PL);
	if (!p || !region || !p->obj.region || strcmp(p->obj.region, region) == 0)
		return p;
	/* The index holds the first list of an id; an AWS-managed list may
	 * have one id in several Regions (ld_dedup_ids keeps each). */
	for (uint32_t i = 0; i < c->m->n_pls; i++) {
		struct model_pl *q = &c->m->pls[i];
		if (q->obj.id && strcmp(q->obj.id, id) == 0 &&
		    (!q->obj.region || strcmp(q->obj.region, region) == 0))
			return q;
	}
	return NULL;
}

void **ld_find_list(struct ld_ctx *c, const char **ids, uint32_t n, enum model_kind k, int *rc)
{
	if (!n)
		return NULL;
	void **out = arena_calloc(c->arena, n, sizeof(void *));
	if (!out) {
		*rc = VS_ENOMEM;
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++)
		out[i] = ld_find(c, ids[i], k);
	return out;
}

/* The entities of one kind as an array: where it starts, how many, the
 * size of one (model_get() once, not per element: the loop runs per ENI). */
struct rv_arr {
	char *base;
	uint32_t n;
	size_t size;
};

static struct rv_arr rv_arr_of(const struct model *m, enum model_kind k)
{
	struct rv_arr a = {(char *)model_get(m, k, 0), model_count(m, k), model_kind_size(k)};
	return a;
}

/* The parent @kid (an entity of @kids) names at @parent_off, when it is of
 * kind @parent; else NULL. */
static char *rv_parent_of(const char *kid, size_t parent_off, enum model_kind parent)
{
	struct model_obj *p;
	memcpy(&p, kid + parent_off, sizeof(p));
	return p && p->kind == parent ? (char *)p : NULL;
}

int ld_link_children(struct ld_ctx *c, enum model_kind kid, size_t parent_off,
		     enum model_kind parent, size_t arr_off, size_t n_off)
{
	struct rv_arr ks = rv_arr_of(c->m, kid), ps = rv_arr_of(c->m, parent);
	for (uint32_t i = 0; i < ps.n; i++)
		*(uint32_t *)(ps.base + i * ps.size + n_off) = 0;
	for (uint32_t i = 0; i < ks.n; i++) {
		char *p = rv_parent_of(ks.base + i * ks.size, parent_off, parent);
		if (p)
			(*(uint32_t *)(p + n_off))++;
	}
	for (uint32_t i = 0; i < ps.n; i++) {
		char *p = ps.base + i * ps.size;
		uint32_t *n = (uint32_t *)(p + n_off);
		void **arr = *n ? arena_calloc(c->arena, *n, sizeof(void *)) : NULL;
		if (*n && !arr)
			return VS_ENOMEM;
		if (arr)
			memcpy(p + arr_off, &arr, sizeof(arr));
		*n = 0; /* refilled below */
	}
	for (uint32_t i = 0; i < ks.n; i++) {
		char *k = ks.base + i * ks.size;
		char *p = rv_parent_of(k, parent_off, parent);
		if (!p)
			continue;
		void **arr;
		memcpy(&arr, p + arr_off, sizeof(arr));
		uint32_t *n = (uint32_t *)(p + n_off);
		arr[(*n)++] = k;
	}
	return 0;
}

static enum model_kind rv_target_kind(enum model_target t)
{
	switch (t) {
	case TGT_IGW:
		return MODEL_IGW;
	case TGT_EIGW:
		return MODEL_EIGW;
	case TGT_NATGW:
		return MODEL_NATGW;
	case TGT_ENI:
		return MODEL_ENI;
	case TGT_INSTANCE:
		return MODEL_INSTANCE;
	case TGT_PCX:
		return MODEL_PCX;
	case TGT_VPCE:
		return MODEL_VPCE;
	case TGT_TGW:
		return MODEL_TGW;
	case TGT_VGW:
		return MODEL_VGW;
	default:
		return LD_ANY;
	}
}

static int rv_vpc_subnets(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_subnets; i++)
		m->subnets[i].vpc = ld_find(c, m->subnets[i].vpc_id, MODEL_VPC);
	return ld_link_children(c, MODEL_SUBNET, offsetof(struct model_subnet, vpc), MODEL_VPC,
				offsetof(struct model_vpc, subnets),
				offsetof(struct model_vpc, n_subnets));
}

static int rv_rtbs(struct ld_ctx *c)
{
	struct model *m = c->m;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_rtbs && !rc; i++) {
		struct model_rtb *t = &m->rtbs[i];
		t->vpc = ld_find(c, t->vpc_id, MODEL_VPC);
		if (t->is_main && t->vpc && !t->vpc->main_rtb)
			t->vpc->main_rtb = t;
		t->subnets = (struct model_subnet **)ld_find_list(c, t->subnet_ids, t->n_subnets,
								  MODEL_SUBNET, &rc);
		t->edges =
			(struct model_obj **)ld_find_list(c, t->edge_ids, t->n_edges, LD_ANY, &rc);
		t->propagating_vgws = (struct model_vgw **)ld_find_list(
			c, t->propagating_vgw_ids, t->n_propagating_vgws, MODEL_VGW, &rc);
		for (uint32_t j = 0; j < t->n_routes; j++) {
			struct model_route *r = &t->routes[j];
			if (r->dst_pl_id)
				r->dst_pl = ld_find_pl(c, r->dst_pl_id, t->obj.region);
			if (r->target == TGT_LOCAL || r->target == TGT_NONE || !r->target_id)
				continue;
			enum model_kind k = rv_target_kind(r->target);
			r->target_obj = ld_find(c, r->target_id, k);
		}
		/* The first explicit association of a subnet wins; AWS allows
		 * only one, the checker reports the rest. */
		for (uint32_t j = 0; t->subnets && j < t->n_subnets; j++) {
			struct model_subnet *s = t->subnets[j];
			if (s && !s->rtb) {
				s->rtb = t;
				s->rtb_explicit = true;
			}
		}
	}
	return rc;
}

static int rv_nacls(struct ld_ctx *c)
{
	struct model *m = c->m;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_nacls && !rc; i++) {
		struct model_nacl *a = &m->nacls[i];
		a->vpc = ld_find(c, a->vpc_id, MODEL_VPC);
		if (a->is_default && a->vpc && !a->vpc->default_nacl)
			a->vpc->default_nacl = a;
		a->subnets = (struct model_subnet **)ld_find_list(c, a->subnet_ids, a->n_subnets,
								  MODEL_SUBNET, &rc);
		for (uint32_t j = 0; a->subnets && j < a->n_subnets; j++)
			if (a->subnets[j] && !a->subnets[j]->nacl)
				a->subnets[j]->nacl = a;
	}
	return rc;
}

/* A subnet that no route table or network ACL names explicitly is
 * associated with its VPC's main route table and default network ACL. */
static void rv_subnet_defaults(struct model *m)
{
	for (uint32_t i = 0; i < m->n_subnets; i++) {
		struct model_subnet *s = &m->subnets[i];
		if (!s->vpc)
			continue;
		if (!s->rtb)
			s->rtb = s->vpc->main_rtb;
		if (!s->nacl)
			s->nacl = s->vpc->default_nacl;
	}
}

static void rv_sgs(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_sgs; i++) {
		struct model_sg *g = &m->sgs[i];
		g->vpc = ld_find(c, g->vpc_id, MODEL_VPC);
		if (g->is_default && g->vpc && !g->vpc->default_sg)
			g->vpc->default_sg = g;
		for (uint32_t j = 0; j < g->n_rules; j++) {
			struct model_sg_rule *r = &g->rules[j];
			if (r->peer_type == SG_PEER_PL)
				r->pl = ld_find_pl(c, r->peer_id, g->obj.region);
			else if (r->peer_type == SG_PEER_SG)
				r->sg = ld_find(c, r->peer_id, MODEL_SG);
		}
	}
}

/* "ELB app/name/id" (the description AWS gives a load balancer's ENIs)
 * -> the load balancer whose ARN ends in "loadbalancer/app/name/id". */
static struct hmap *rv_lb_map(struct model *m)
{
	struct hmap *h = hmap_new(m->n_lbs);
	if (!h)
		return NULL;
	for (uint32_t i = 0; i < m->n_lbs; i++) {
		const char *arn = m->lbs[i].obj.id;
		const char *p = arn ? strstr(arn, ":loadbalancer/") : NULL;
		if (p)
			p += strlen(":loadbalancer/");
		else if (m->lbs[i].type && !strcmp(m->lbs[i].type, "classic"))
			p = arn; /* "ELB NAME" */
		else
			continue;
		if (!hmap_get_str(h, p) && hmap_put_str(h, p, &m->lbs[i], NULL)) {
			hmap_free(h);
			return NULL;
		}
	}
	return h;
}

static int rv_eni_owners(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_natgws; i++) {
		struct model_natgw *g = &m->natgws[i];
		for (uint32_t j = 0; j < g->n_addrs; j++) {
			struct model_eni *e = ld_find(c, g->addrs[j].eni_id, MODEL_ENI);
			g->addrs[j].eni = e;
			if (e && !e->owner)
				e->owner = &g->obj;
		}
	}
	for (uint32_t i = 0; i < m->n_vpces; i++) {
		struct model_vpce *v = &m->vpces[i];
		for (uint32_t j = 0; j < v->n_enis; j++) {
			struct model_eni *e = ld_find(c, v->eni_ids[j], MODEL_ENI);
			if (e && !e->owner)
				e->owner = &v->obj;
		}
	}
	struct hmap *lbs = rv_lb_map(m);
	if (!lbs)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_enis; i++) {
		struct model_eni *e = &m->enis[i];
		const char *d = e->description;
		if (e->owner || !d)
			continue;
		if (strncmp(d, "ELB ", 4) == 0) {
			e->owner = hmap_get_str(lbs, d + 4);
		} else {
			/* "Network Interface for Transit Gateway Attachment
			 * tgw-attach-..." */
			const char *p = strstr(d, "tgw-attach-");
			if (p)
				e->owner = ld_find(c, p, MODEL_TGW_ATT);
		}
	}
	hmap_free(lbs);
	/* each load balancer's node interfaces */
	return ld_link_children(c, MODEL_ENI, offsetof(struct model_eni, owner), MODEL_LB,
				offsetof(struct model_lb, enis), offsetof(struct model_lb, n_enis));
}

static int rv_eni_cmp(const void *a, const void *b)
{
	const struct model_eni *x = *(const struct model_eni *const *)a;
	const struct model_eni *y = *(const struct model_eni *const *)b;
	/* unattached (-1) last; ties in snapshot order */
	unsigned dx = (unsigned)x->device_index, dy = (unsigned)y->device_index;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int rv_enis(struct ld_ctx *c)
{
	struct model *m = c->m;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_enis && !rc; i++) {
		struct model_eni *e = &m->enis[i];
		e->subnet = ld_find(c, e->subnet_id, MODEL_SUBNET);
		e->vpc = ld_find(c, e->vpc_id, MODEL_VPC);
		if (!e->vpc && e->subnet) {
			e->vpc = e->subnet->vpc;
			e->vpc_id = e->subnet->vpc_id;
		}
		e->sgs = (struct model_sg **)ld_find_list(c, e->sg_ids, e->n_sgs, MODEL_SG, &rc);
		e->instance = ld_find(c, e->instance_id, MODEL_INSTANCE);
	}
	/* an instance's interfaces are recounted from the ENIs */
	if (!rc)
		rc = ld_link_children(c, MODEL_ENI, offsetof(struct model_eni, instance),
				      MODEL_INSTANCE, offsetof(struct model_instance, enis),
				      offsetof(struct model_instance, n_enis));
	for (uint32_t i = 0; i < m->n_instances && !rc; i++) {
		struct model_instance *in = &m->instances[i];
		in->subnet = ld_find(c, in->subnet_id, MODEL_SUBNET);
		in->vpc = ld_find(c, in->vpc_id, MODEL_VPC);
		if (!in->vpc && in->subnet)
			in->vpc = in->subnet->vpc;
		if (!in->n_enis) {
			in->eni_ids = NULL;
			continue;
		}
		if (!(in->eni_ids = arena_calloc(c->arena, in->n_enis, sizeof(char *))))
			rc = VS_ENOMEM;
	}
	for (uint32_t i = 0; i < m->n_instances && !rc; i++) {
		struct model_instance *in = &m->instances[i];
		if (in->n_enis > 1)
			qsort(in->enis, in->n_enis, sizeof(void *), rv_eni_cmp);
		for (uint32_t j = 0; j < in->n_enis; j++)
			in->eni_ids[j] = in->enis[j]->obj.id;
		if (in->n_enis && in->private_ip.af == NET_AF_NONE && in->enis[0]->n_ips)
			in->private_ip = in->enis[0]->ips[0].priv;
	}
	return rc;
}

/* Give the ENI holding @priv (or its primary address) the public address
 * @pub unless it has one. */
static void rv_set_pub(struct model_eni *e, const struct net_addr *priv, const struct net_addr *pub,
		       const char *alloc)
{
	if (!e || pub->af == NET_AF_NONE)
		return;
	for (uint32_t i = 0; i < e->n_ips; i++) {
		struct model_eni_ip *ip = &e->ips[i];
		if (priv->af != NET_AF_NONE ? !net_addr_eq(&ip->priv, priv) : !ip->primary)
			continue;
		if (ip->pub.af == NET_AF_NONE) {
			ip->pub = *pub;
			ip->eip_alloc_id = alloc;
		}
		return;
	}
}

static void rv_public_ips(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_eips; i++) {
		struct model_eip *p = &m->eips[i];
		struct model_eni *e = ld_find(c, p->eni_id, MODEL_ENI);
		if (!e && p->instance_id) {
			struct model_instance *in = ld_find(c, p->instance_id, MODEL_INSTANCE);
			e = (struct model_eni *)model_eni_by_private_ip(m, &p->private_ip);
			if (!e && in && in->n_enis)
				e = in->enis[0];
		}
		rv_set_pub(e, &p->private_ip, &p->public_ip, p->obj.id);
	}
	for (uint32_t i = 0; i < m->n_natgws; i++) {
		struct model_natgw *g = &m->natgws[i];
		for (uint32_t j = 0; j < g->n_addrs; j++)
			rv_set_pub(g->addrs[j].eni, &g->addrs[j].priv, &g->addrs[j].pub,
				   g->addrs[j].alloc_id);
	}
}

static int rv_gateways(struct ld_ctx *c)
{
	struct model *m = c->m;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_igws && !rc; i++) {
		struct model_igw *g = &m->igws[i];
		g->vpcs =
			(struct model_vpc **)ld_find_list(c, g->vpc_ids, g->n_vpcs, MODEL_VPC, &rc);
		for (uint32_t j = 0; g->vpcs && j < g->n_vpcs; j++)
			if (g->vpcs[j] && !g->vpcs[j]->igw)
				g->vpcs[j]->igw = g;
	}
	for (uint32_t i = 0; i < m->n_eigws && !rc; i++) {
		struct model_igw *g = &m->eigws[i];
		g->vpcs =
			(struct model_vpc **)ld_find_list(c, g->vpc_ids, g->n_vpcs, MODEL_VPC, &rc);
	}
	for (uint32_t i = 0; i < m->n_natgws; i++) {
		struct model_natgw *g = &m->natgws[i];
		g->subnet = ld_find(c, g->subnet_id, MODEL_SUBNET);
		g->vpc = ld_find(c, g->vpc_id, MODEL_VPC);
		if (!g->vpc && g->subnet)
			g->vpc = g->subnet->vpc;
	}
	for (uint32_t i = 0; i < m->n_pcxs; i++) {
		struct model_pcx *p = &m->pcxs[i];
		p->requester.vpc = ld_find(c, p->requester.vpc_id, MODEL_VPC);
		p->accepter.vpc = ld_find(c, p->accepter.vpc_id, MODEL_VPC);
	}
	for (uint32_t i = 0; i < m->n_vpces && !rc; i++) {
		struct model_vpce *v = &m->vpces[i];
		v->vpc = ld_find(c, v->vpc_id, MODEL_VPC);
		v->sgs = (struct model_sg **)ld_find_list(c, v->sg_ids, v->n_sgs, MODEL_SG, &rc);
		v->enis =
			(struct model_eni **)ld_find_list(c, v->eni_ids, v->n_enis, MODEL_ENI, &rc);
	}
	return rc;
}

int resolve_vpc(struct ld_ctx *c)
{
	int rc;
	if ((rc = rv_vpc_subnets(c)) || (rc = rv_rtbs(c)) || (rc = rv_nacls(c)))
		return rc;
	rv_subnet_defaults(c->m);
	rv_sgs(c);
	if ((rc = rv_enis(c)) || (rc = rv_gateways(c)) || (rc = rv_eni_owners(c)))
		return rc;
	if ((rc = resolve_managed(c)))
		return rc;
	rv_public_ips(c);
	return 0;
}
