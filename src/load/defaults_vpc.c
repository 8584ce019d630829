/*
 * DOC: AWS defaults for the VPC family
 *
 * Runs once after every file is read, on the loader's vectors.  What AWS
 * creates by itself and a snapshot may omit:
 *  - the main route table, default network ACL and default security group
 *    of each VPC (vpc-route-tables, default-network-acl, default-security-
 *    group), with ids "rtb-main-<vpc>", "acl-default-<vpc>",
 *    "sg-default-<vpc>" and obj.synthetic set;
 *  - the local route of every VPC CIDR in every table of the VPC
 *    ("Every route table contains a local route for communication within
 *    the VPC", VPC_Route_Tables);
 *  - the ENIs of instances read from Reservations that no NetworkInterfaces
 *    key describes (ld_ec2.c pushes them with obj.synthetic set; they are
 *    real AWS interfaces, so the flag is cleared on those kept).  An instance
 *    with a private address but no interface at all gets one named
 *    "eni-synth-<instance>" (synthetic).
 * It also applies the VpcAttributes records to the VPCs.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

static const char *ld_synth_id(struct ld_ctx *c, const char *prefix, const char *id)
{
	size_t l = strlen(prefix) + strlen(id) + 1;
	char *s = arena_alloc(c->arena, l);
	if (s)
		snprintf(s, l, "%s%s", prefix, id);
	return s;
}

static void ld_synth_obj(struct model_obj *o, enum model_kind kind, const char *id,
			 const struct model_obj *like)
{
	o->kind = kind;
	o->id = id;
	o->region = like->region;
	o->account = like->account;
	o->file = NULL;
	o->synthetic = true;
}

static struct model_vpc *ld_vpc_of(struct ld_ctx *c, struct hmap *vx, const char *id)
{
	uintptr_t i = id ? (uintptr_t)hmap_get_str(vx, id) : 0;
	return i ? VEC_AT(&c->vpcs, struct model_vpc, i - 1) : NULL;
}

static void ld_apply_attrs(struct ld_ctx *c, struct hmap *vx)
{
	for (uint32_t i = 0; i < c->vpc_attrs.n; i++) {
		struct ld_vpc_attr *a = VEC_AT(&c->vpc_attrs, struct ld_vpc_attr, i);
		struct model_vpc *v = ld_vpc_of(c, vx, a->vpc_id);
		if (!v)
			continue;
		if (a->dns_support >= 0)
			v->dns_support = a->dns_support;
		if (a->dns_hostnames >= 0)
			v->dns_hostnames = a->dns_hostnames;
	}
}

/* ---- ENIs from Reservations ---- */

static int ld_dedup_enis(struct ld_ctx *c)
{
	struct hmap *seen = hmap_new(c->enis.n);
	if (!seen)
		return VS_ENOMEM;
	int rc = 0;
	/* Pass 1: every interface described by a NetworkInterfaces key. */
	for (uint32_t i = 0; i < c->enis.n && !rc; i++) {
		struct model_eni *e = VEC_AT(&c->enis, struct model_eni, i);
		if (!e->obj.synthetic && !hmap_get_str(seen, e->obj.id))
			rc = hmap_put_str(seen, e->obj.id, e, NULL);
	}
	/* Pass 2: keep an instance's interface only when nothing above (or an
	 * earlier instance listing) described it; compact in place. */
	uint32_t w = 0;
	for (uint32_t i = 0; i < c->enis.n && !rc; i++) {
		struct model_eni *e = VEC_AT(&c->enis, struct model_eni, i);
		if (e->obj.synthetic) {
			if (hmap_get_str(seen, e->obj.id))
				continue;
			if ((rc = hmap_put_str(seen, e->obj.id, e, NULL)))
				break;
			e->obj.synthetic = false;
		}
		if (w != i)
			*VEC_AT(&c->enis, struct model_eni, w) = *e;
		w++;
	}
	if (!rc)
		c->enis.n = w;
	hmap_free(seen);
	return rc;
}

/* An instance with an address but no interface anywhere (hand-written
 * snapshots): give it its primary interface. */
static int ld_instance_enis(struct ld_ctx *c)
{
	struct hmap *has = hmap_new(c->enis.n);
	if (!has)
		return VS_ENOMEM;
	int rc = 0;
	for (uint32_t i = 0; i < c->enis.n && !rc; i++) {
		struct model_eni *e = VEC_AT(&c->enis, struct model_eni, i);
		if (e->instance_id)
			rc = hmap_put_str(has, e->instance_id, e, NULL);
	}
	for (uint32_t i = 0; i < c->instances.n && !rc; i++) {
		struct model_instance *in = VEC_AT(&c->instances, struct model_instance, i);
		if (hmap_get_str(has, in->obj.id) || in->private_ip.af == NET_AF_NONE)
			continue;
		const char *id = ld_synth_id(c, "eni-synth-", in->obj.id);
		struct model_eni_ip *ip = arena_calloc(c->arena, 1, sizeof(*ip));
		struct model_eni *e = id && ip ? vec_push(&c->enis) : NULL;
		if (!e) {
			rc = VS_ENOMEM;
			break;
		}
		ld_synth_obj(&e->obj, MODEL_ENI, id, &in->obj);
		e->subnet_id = in->subnet_id;
		e->vpc_id = in->vpc_id;
		e->az = in->az;
		e->type = "interface";
		e->status = "in-use";
		ip->priv = in->private_ip;
		ip->pub = in->public_ip;
		ip->primary = true;
		e->ips = ip;
		e->n_ips = 1;
		e->source_dest_check = in->source_dest_check;
		e->instance_id = in->obj.id;
		e->device_index = 0;
	}
	hmap_free(has);
	return rc;
}

/* ---- per-VPC defaults ---- */

static int ld_main_rtb(struct ld_ctx *c, const struct model_vpc *v)
{
	const char *id = ld_synth_id(c, "rtb-main-", v->obj.id);
	struct model_rtb *t = id ? vec_push(&c->rtbs) : NULL;
	if (!t)
		return VS_ENOMEM;
	ld_synth_obj(&t->obj, MODEL_RTB, id, &v->obj);
	t->vpc_id = v->obj.id;
	t->is_main = true; /* its local routes come from ld_local_routes() */
	return 0;
}

static void ld_nacl_ent(struct model_nacl_entry *en, int32_t num, bool egress, bool allow,
			const struct model_cidr *any)
{
	en->rule_number = num;
	en->egress = egress;
	en->allow = allow;
	en->proto = -1;
	en->cidr = *any;
}

static int ld_default_nacl(struct ld_ctx *c, const struct model_vpc *v,
			   const struct model_cidr *any4, const struct model_cidr *any6)
{
	const char *id = ld_synth_id(c, "acl-default-", v->obj.id);
	bool v6 = v->n_cidrs6 > 0;
	uint32_t n = v6 ? 8 : 4;
	struct model_nacl_entry *en = arena_calloc(c->arena, n, sizeof(*en));
	struct model_nacl *a = id && en ? vec_push(&c->nacls) : NULL;
	if (!a)
		return VS_ENOMEM;
	ld_synth_obj(&a->obj, MODEL_NACL, id, &v->obj);
	a->vpc_id = v->obj.id;
	a->is_default = true;
	/* default-network-acl: rule 100 allows all, "*" (32767) denies;
	 * with IPv6, 101 and 32768 do the same for ::/0. */
	uint32_t k = 0;
	for (int eg = 0; eg < 2; eg++) {
		ld_nacl_ent(&en[k++], 100, eg, true, any4);
		if (v6)
			ld_nacl_ent(&en[k++], 101, eg, true, any6);
		ld_nacl_ent(&en[k++], 32767, eg, false, any4);
		if (v6)
			ld_nacl_ent(&en[k++], 32768, eg, false, any6);
	}
	a->entries = en;
	a->n_entries = k;
	return 0;
}

static int ld_default_sg(struct ld_ctx *c, const struct model_vpc *v, const struct model_cidr *any4,
			 const struct model_cidr *any6)
{
	const char *id = ld_synth_id(c, "sg-default-", v->obj.id);
	bool v6 = v->n_cidrs6 > 0;
	struct model_sg_rule *r = arena_calloc(c->arena, v6 ? 3 : 2, sizeof(*r));
	struct model_sg *g = id && r ? vec_push(&c->sgs) : NULL;
	if (!g)
		return VS_ENOMEM;
	ld_synth_obj(&g->obj, MODEL_SG, id, &v->obj);
	g->group_name = "default";
	g->description = "default VPC security group";
	g->vpc_id = v->obj.id;
	g->is_default = true;
	/* default-security-group: inbound from the group itself, outbound to
	 * everywhere. */
	r[0] = (struct model_sg_rule){.proto = -1,
				      .from = -1,
				      .to = -1,
				      .peer_type = SG_PEER_SG,
				      .peer_id = id,
				      .peer_user_id = v->obj.account};
	r[1] = (struct model_sg_rule){.egress = true,
				      .proto = -1,
				      .from = -1,
				      .to = -1,
				      .peer_type = SG_PEER_CIDR4,
				      .cidr = *any4};
	if (v6)
		r[2] = (struct model_sg_rule){.egress = true,
					      .proto = -1,
					      .from = -1,
					      .to = -1,
					      .peer_type = SG_PEER_CIDR6,
					      .cidr = *any6};
	g->rules = r;
	g->n_rules = v6 ? 3 : 2;
	g->n_ingress_perms = 1;
	g->n_egress_perms = 1;
	return 0;
}

/* Mark in @flags (bit 0 main table, 1 default ACL, 2 default SG) what each
 * VPC already has. */
static int ld_defaults_present(struct ld_ctx *c, struct hmap *vx, uint8_t *flags)
{
	for (uint32_t i = 0; i < c->rtbs.n; i++) {
		struct model_rtb *t = VEC_AT(&c->rtbs, struct model_rtb, i);
		uintptr_t k = t->is_main && t->vpc_id ? (uintptr_t)hmap_get_str(vx, t->vpc_id) : 0;
		if (k)
			flags[k - 1] |= 1;
	}
	for (uint32_t i = 0; i < c->nacls.n; i++) {
		struct model_nacl *a = VEC_AT(&c->nacls, struct model_nacl, i);
		uintptr_t k = a->is_default && a->vpc_id ? (uintptr_t)hmap_get_str(vx, a->vpc_id) :
							   0;
		if (k)
			flags[k - 1] |= 2;
	}
	for (uint32_t i = 0; i < c->sgs.n; i++) {
		struct model_sg *g = VEC_AT(&c->sgs, struct model_sg, i);
		uintptr_t k = g->is_default && g->vpc_id ? (uintptr_t)hmap_get_str(vx, g->vpc_id) :
							   0;
		if (k)
			flags[k - 1] |= 4;
	}
	return 0;
}

static bool ld_has_local(const struct model_rtb *t, const struct model_cidr *cd)
{
	for (uint32_t i = 0; i < t->n_routes; i++)
		if (t->routes[i].target == TGT_LOCAL && !t->routes[i].dst_pl_id &&
		    net_prefix_eq(&t->routes[i].dst.pfx, &cd->pfx))
			return true;
	return false;
}

/* Put the missing local routes first, as describe-route-tables lists them. */
static int ld_local_routes(struct ld_ctx *c, struct model_rtb *t, const struct model_vpc *v)
{
	uint32_t miss = 0, total = v->n_cidrs + v->n_cidrs6;
	for (uint32_t i = 0; i < total; i++) {
		const struct model_cidr *cd = i < v->n_cidrs ? &v->cidrs[i] :
							       &v->cidrs6[i - v->n_cidrs];
		miss += !ld_has_local(t, cd);
	}
	if (!miss)
		return 0;
	struct model_route *r = arena_calloc(c->arena, (size_t)t->n_routes + miss, sizeof(*r));
	if (!r)
		return VS_ENOMEM;
	uint32_t k = 0;
	for (uint32_t i = 0; i < total; i++) {
		const struct model_cidr *cd = i < v->n_cidrs ? &v->cidrs[i] :
							       &v->cidrs6[i - v->n_cidrs];
		if (ld_has_local(t, cd))
			continue;
		r[k].dst = *cd;
		r[k].target = TGT_LOCAL;
		r[k].target_id = "local";
		r[k].origin = ROUTE_ORIGIN_TABLE;
		r[k].synthetic = true;
		k++;
	}
	if (t->n_routes)
		memcpy(&r[k], t->routes, (size_t)t->n_routes * sizeof(*r));
	t->routes = r;
	t->n_routes += miss;
	return 0;
}

int defaults_vpc(struct ld_ctx *c)
{
	int rc;
	if ((rc = ld_dedup_enis(c)) || (rc = ld_instance_enis(c)))
		return rc;
	if (!c->vpcs.n)
		return 0;
	struct hmap *vx = ld_obj_index(&c->vpcs, true);
	uint8_t *flags = arena_calloc(c->arena, c->vpcs.n, 1);
	struct model_cidr any4 = {.text = "0.0.0.0/0"}, any6 = {.text = "::/0"};
	if (!vx || !flags || net_prefix_parse(any4.text, &any4.pfx) ||
	    net_prefix_parse(any6.text, &any6.pfx)) {
		hmap_free(vx);
		return VS_ENOMEM;
	}
	ld_apply_attrs(c, vx);
	ld_defaults_present(c, vx, flags);
	/* Only the first VPC of a duplicated id gets defaults. */
	for (uint32_t i = 0; i < c->vpcs.n && !rc; i++) {
		const struct model_vpc *v = VEC_AT(&c->vpcs, struct model_vpc, i);
		if ((uintptr_t)hmap_get_str(vx, v->obj.id) != i + 1)
			continue;
		if (!(flags[i] & 1))
			rc = ld_main_rtb(c, v);
		if (!rc && !(flags[i] & 2))
			rc = ld_default_nacl(c, v, &any4, &any6);
		if (!rc && !(flags[i] & 4))
			rc = ld_default_sg(c, v, &any4, &any6);
	}
	for (uint32_t i = 0; i < c->rtbs.n && !rc; i++) {
		struct model_rtb *t = VEC_AT(&c->rtbs, struct model_rtb, i);
		const struct model_vpc *v = ld_vpc_of(c, vx, t->vpc_id);
		if (v)
			rc = ld_local_routes(c, t, v);
	}
	hmap_free(vx);
	return rc;
}
