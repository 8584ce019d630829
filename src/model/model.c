/*
 * DOC: the network model: names, lifetime, indexes
 *
 * Entity arrays are plain heap arrays (handed over by the loader's vectors);
 * everything they point to lives in the model arena.  The index is three
 * hash maps built once after loading: id -> entity, private address -> ENI,
 * public address -> ENI, and (VPC, private address) -> ENI for the addresses
 * more than one ENI holds.  Keys point into the model itself (ids and the
 * (VPC, address) keys in the arena, addresses inside the entity arrays), so
 * the maps own no key memory.  The per-VPC map exists because VPCs that are
 * not connected may use the same CIDR (every account's 10.0.0.0/16): one
 * private address is then held by one ENI per VPC, and only the VPC a packet
 * is in says which (AWS refuses overlapping CIDRs only between VPCs it
 * connects: vpc-peering-basics.html).  It holds only those addresses, so a
 * snapshot without such reuse pays nothing for it.
 *
 * Ids are unique per kind (the loader drops a second entity of one kind with
 * an id already taken, with a warning), but two kinds may share an id: an
 * attachment whose id is also a route table's.  The id map keeps the first
 * entity of an id (model_find); an id held by several kinds also gets an
 * entry in a second map, id -> one entity per kind, so model_find_kind()
 * finds each of them.  That map stays empty in a snapshot without such
 * collisions, which costs one failed lookup.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/hmap.h"
#include "base/names.h"
#include "vpcsim/error.h"
#include "vpcsim/model.h"

/* The entities of every kind that hold one id, when several do. */
struct model_id_kinds {
	struct model_obj *by_kind[MODEL_KIND_COUNT];
};

struct model_index {
	struct hmap *ids;      /* id -> struct model_obj *, the first of any kind */
	struct hmap *multi;    /* id -> struct model_id_kinds *, ids of several kinds */
	struct hmap *priv;     /* struct net_addr -> struct model_eni * */
	struct hmap *priv_vpc; /* struct model_vpc_addr -> ENI, addresses held twice */
	struct hmap *pub;      /* struct net_addr -> struct model_eni * */
};

/* Where each kind's array and count live in struct model, and its element
 * size: one table instead of a switch per accessor. */
static const struct {
	const char *name;
	size_t arr_off, n_off, elem;
} model_kinds[MODEL_KIND_COUNT] = {
#define K(kind, nm, arr, type) \
	[kind] = {nm, offsetof(struct model, arr), offsetof(struct model, n_##arr), sizeof(type)},
	MODEL_KINDS(K)
#undef K
};

const char *model_kind_name(enum model_kind k)
{
	if ((unsigned)k >= MODEL_KIND_COUNT)
		return "unknown";
	return model_kinds[k].name;
}

bool model_kind_managed(enum model_kind k)
{
	switch (k) {
	case MODEL_DB:
	case MODEL_OS_DOMAIN:
	case MODEL_CACHE_CLUSTER:
	case MODEL_CACHE_RG:
	case MODEL_LAMBDA:
	case MODEL_EFS_MT:
		return true;
	default:
		return false;
	}
}

NAMES_DEFINE(model_target_name, enum model_target, MODEL_TARGETS, "unknown")
NAMES_DEFINE(model_tgw_att_type_name, enum model_tgw_att_type, MODEL_TGW_ATT_TYPES, "other")

static void *model_arr(const struct model *m, enum model_kind k)
{
	return *(void *const *)((const char *)m + model_kinds[k].arr_off);
}

uint32_t model_count(const struct model *m, enum model_kind k)
{
	if (!m || (unsigned)k >= MODEL_KIND_COUNT)
		return 0;
	return *(const uint32_t *)((const char *)m + model_kinds[k].n_off);
}

size_t model_kind_size(enum model_kind k)
{
	return (unsigned)k < MODEL_KIND_COUNT ? model_kinds[k].elem : 0;
}

const struct model_obj *model_get(const struct model *m, enum model_kind k, uint32_t i)
{
	if (i >= model_count(m, k))
		return NULL;
	return (const struct model_obj *)((const char *)model_arr(m, k) +
					  (size_t)i * model_kinds[k].elem);
}

bool model_index_of(const struct model *m, enum model_kind k, const void *p, uint32_t *i)
{
	uint32_t n = model_count(m, k);
	if (!n || !p)
		return false;
	/* Compared as integers: @p may point into another array altogether. */
	uintptr_t base = (uintptr_t)model_arr(m, k), at = (uintptr_t)p;
	size_t elem = model_kinds[k].elem;
	if (at < base || at - base >= (size_t)n * elem || (at - base) % elem)
		return false;
	if (i)
		*i = (uint32_t)((at - base) / elem);
	return true;
}

static void model_index_free(struct model_index *ix)
{
	if (!ix)
		return;
	hmap_free(ix->ids);
	hmap_free(ix->multi);
	hmap_free(ix->priv);
	hmap_free(ix->priv_vpc);
	hmap_free(ix->pub);
	free(ix);
}

void model_free(struct model *m)
{
	if (!m)
		return;
	for (unsigned k = 0; k < MODEL_KIND_COUNT; k++)
		free(model_arr(m, (enum model_kind)k));
	model_index_free(m->index);
	arena_free(m->arena);
	free(m);
}

/* Zero the bytes an IPv4 address does not use, so equal addresses are equal
 * keys whatever the parser left there. */
static void model_addr_norm(struct net_addr *a)
{
	if (a->af == NET_AF_INET)
		memset(a->b + 4, 0, sizeof(a->b) - 4);
	else if (a->af != NET_AF_INET6)
		memset(a, 0, sizeof(*a));
}

/* Insert unless present: the first holder of a key wins. */
static int model_put_first(struct hmap *h, const void *key, size_t len, void *val)
{
	if (hmap_get(h, key, len))
		return 0;
	return hmap_put(h, key, len, val, NULL);
}

static int model_put_addr(struct hmap *h, struct net_addr *a, struct model_eni *eni)
{
	model_addr_norm(a);
	if (a->af == NET_AF_NONE)
		return 0;
	return model_put_first(h, a, sizeof(*a), eni);
}

static const struct model_eni *model_addr_get(const struct hmap *h, const struct net_addr *a)
{
	if (!h || !a)
		return NULL;
	struct net_addr k = *a;
	model_addr_norm(&k);
	if (k.af == NET_AF_NONE)
		return NULL;
	return hmap_get(h, &k, sizeof(k));
}

/* A private address as held inside one VPC (its index in m->vpcs). */
struct model_vpc_addr {
	struct net_addr a;
	uint32_t vpc;
};

static bool model_vpc_addr_key(const struct model_vpc_addr *in, struct model_vpc_addr *k)
{
	memset(k, 0, sizeof(*k)); /* padding too: the key is compared as bytes */
	k->a = in->a;
	k->vpc = in->vpc;
	model_addr_norm(&k->a);
	return k->a.af != NET_AF_NONE;
}

static struct model_obj *model_ix_find_kind(const struct model_index *ix, enum model_kind k,
					    const char *id);

/* The index in m->vpcs of the VPC @e is in: its VpcId, else its subnet's
 * (the index is built before the loader resolves pointers); -1 when neither
 * names a VPC of the snapshot. */
static int64_t model_eni_vpc_index(const struct model *m, const struct model_index *ix,
				   const struct model_eni *e)
{
	const char *vpc_id = e->vpc_id;
	if (!vpc_id && e->subnet_id) {
		const struct model_obj *s = model_ix_find_kind(ix, MODEL_SUBNET, e->subnet_id);
		if (s)
			vpc_id = MODEL_AS(const struct model_subnet, s)->vpc_id;
	}
	const struct model_obj *v = vpc_id ? model_ix_find_kind(ix, MODEL_VPC, vpc_id) : NULL;
	uint32_t vi;
	return v && model_index_of(m, MODEL_VPC, v, &vi) ? (int64_t)vi : -1;
}

/* @e's address @a (normalised) under @e's VPC, unless the VPC holds it
 * already; an ENI in no VPC of the snapshot is only in the global map. */
static int model_put_vpc_addr(struct model *m, struct model_index *ix, const struct net_addr *a,
			      struct model_eni *e)
{
	int64_t vi = model_eni_vpc_index(m, ix, e);
	if (vi < 0)
		return 0;
	struct model_vpc_addr in = {.a = *a, .vpc = (uint32_t)vi}, key;
	if (!model_vpc_addr_key(&in, &key) || hmap_get(ix->priv_vpc, &key, sizeof(key)))
		return 0;
	struct model_vpc_addr *k = arena_alloc(m->arena, sizeof(*k));
	if (!k)
		return VS_ENOMEM;
	*k = key;
	return hmap_put(ix->priv_vpc, k, sizeof(*k), e, NULL);
}

/* Private address @a of @e: the global map keeps its first ENI; when a
 * second ENI holds it, both go under their VPCs too. */
static int model_put_priv(struct model *m, struct model_index *ix, struct net_addr *a,
			  struct model_eni *e)
{
	model_addr_norm(a);
	if (a->af == NET_AF_NONE)
		return 0;
	struct model_eni *first = hmap_get(ix->priv, a, sizeof(*a));
	if (!first)
		return hmap_put(ix->priv, a, sizeof(*a), e, NULL);
	if (first == e)
		return 0;
	int rc = model_put_vpc_addr(m, ix, a, first);
	return rc ? rc : model_put_vpc_addr(m, ix, a, e);
}

static int model_index_ids(struct model *m, struct model_index *ix)
{
	for (unsigned k = 0; k < MODEL_KIND_COUNT; k++) {
		uint32_t n = model_count(m, (enum model_kind)k);
		for (uint32_t i = 0; i < n; i++) {
			struct model_obj *o =
				(struct model_obj *)model_get(m, (enum model_kind)k, i);
			if (!o->id || !*o->id)
				continue;
			size_t len = strlen(o->id);
			struct model_obj *first = hmap_get(ix->ids, o->id, len);
			if (!first) {
				if (hmap_put(ix->ids, o->id, len, o, NULL))
					return VS_ENOMEM;
				continue;
			}
			if (first->kind == o->kind)
				continue; /* a duplicate within a kind: the first wins */
			struct model_id_kinds *mk = hmap_get(ix->multi, o->id, len);
			if (!mk) {
				if (!(mk = arena_alloc(m->arena, sizeof(*mk))) ||
				    hmap_put(ix->multi, o->id, len, mk, NULL))
					return VS_ENOMEM;
				mk->by_kind[first->kind] = first;
			}
			if (!mk->by_kind[o->kind])
				mk->by_kind[o->kind] = o;
		}
	}
	return 0;
}

static struct model_obj *model_ix_find_kind(const struct model_index *ix, enum model_kind k,
					    const char *id)
{
	struct model_obj *o = hmap_get_str(ix->ids, id);
	if (!o || o->kind == k)
		return o;
	if (!hmap_size(ix->multi))
		return NULL;
	const struct model_id_kinds *mk = hmap_get_str(ix->multi, id);
	return mk ? mk->by_kind[k] : NULL;
}

static int model_index_addrs(struct model *m, struct model_index *ix)
{
	int rc;
	for (uint32_t i = 0; i < m->n_enis; i++) {
		struct model_eni *e = &m->enis[i];
		for (uint32_t j = 0; j < e->n_ips; j++) {
			if ((rc = model_put_priv(m, ix, &e->ips[j].priv, e)))
				return rc;
			if ((rc = model_put_addr(ix->pub, &e->ips[j].pub, e)))
				return rc;
		}
		for (uint32_t j = 0; j < e->n_ips6; j++)
			if ((rc = model_put_priv(m, ix, &e->ips6[j], e)))
				return rc;
	}
	/* Elastic IPs associated with an ENI or an instance: the ENI is named,
	 * or found by the private address the EIP maps to (describe-addresses
	 * gives PrivateIpAddress for every association). */
	for (uint32_t i = 0; i < m->n_eips; i++) {
		struct model_eip *ep = &m->eips[i];
		struct model_eni *e = NULL;
		if (ep->eni_id) {
			const struct model_obj *o = model_ix_find_kind(ix, MODEL_ENI, ep->eni_id);
			if (o)
				e = MODEL_AS(struct model_eni, o);
		}
		if (!e && (ep->eni_id || ep->instance_id))
			e = (struct model_eni *)model_addr_get(ix->priv, &ep->private_ip);
		if (e && (rc = model_put_addr(ix->pub, &ep->public_ip, e)))
			return rc;
	}
	/* A public NAT gateway's Elastic IP belongs to its own ENI. */
	for (uint32_t i = 0; i < m->n_natgws; i++) {
		struct model_natgw *ng = &m->natgws[i];
		for (uint32_t j = 0; j < ng->n_addrs; j++) {
			struct model_natgw_addr *na = &ng->addrs[j];
			struct model_eni *e = na->eni;
			if (!e && na->eni_id) {
				const struct model_obj *o =
					model_ix_find_kind(ix, MODEL_ENI, na->eni_id);
				if (o)
					e = MODEL_AS(struct model_eni, o);
			}
			if (!e)
				e = (struct model_eni *)model_addr_get(ix->priv, &na->priv);
			if (e && (rc = model_put_addr(ix->pub, &na->pub, e)))
				return rc;
		}
	}
	return 0;
}

int model_index_build(struct model *m)
{
	size_t total = 0;
	for (unsigned k = 0; k < MODEL_KIND_COUNT; k++)
		total += model_count(m, (enum model_kind)k);
	struct model_index *ix = calloc(1, sizeof(*ix));
	if (!ix)
		return VS_ENOMEM;
	ix->ids = hmap_new(total);
	ix->multi = hmap_new(0);
	ix->priv = hmap_new(m->n_enis);
	ix->priv_vpc = hmap_new(0);
	ix->pub = hmap_new(m->n_enis / 4 + m->n_eips + 16);
	int rc = VS_ENOMEM;
	if (!ix->ids || !ix->multi || !ix->priv || !ix->priv_vpc || !ix->pub)
		goto fail;
	if ((rc = model_index_ids(m, ix)) || (rc = model_index_addrs(m, ix)))
		goto fail;
	model_index_free(m->index);
	m->index = ix;
	return 0;
fail:
	model_index_free(ix);
	return rc;
}

const struct model_obj *model_find(const struct model *m, const char *id)
{
	if (!m || !m->index || !id)
		return NULL;
	return hmap_get_str(m->index->ids, id);
}

const struct model_obj *model_find_kind(const struct model *m, enum model_kind k, const char *id)
{
	if (!m || !m->index || !id || (unsigned)k >= MODEL_KIND_COUNT)
		return NULL;
	return model_ix_find_kind(m->index, k, id);
}

const struct model_eni *model_eni_by_private_ip(const struct model *m, const struct net_addr *a)
{
	if (!m || !m->index)
		return NULL;
	return model_addr_get(m->index->priv, a);
}

const struct model_eni *model_eni_by_private_ip_in(const struct model *m, const struct model_vpc *v,
						   const struct net_addr *a)
{
	const struct model_eni *g = model_eni_by_private_ip(m, a);
	uint32_t vi;
	if (!g || !v)
		return g;
	if (hmap_size(m->index->priv_vpc) && model_index_of(m, MODEL_VPC, v, &vi)) {
		/* an address two ENIs hold: the one in @v, if any */
		struct model_vpc_addr in = {.a = *a, .vpc = vi}, k;
		const struct model_eni *x = model_vpc_addr_key(&in, &k) ?
						    hmap_get(m->index->priv_vpc, &k, sizeof(k)) :
						    NULL;
		if (x)
			return x;
	}
	/* held once (or not in @v): its holder when that is in @v, or in no
	 * VPC the snapshot names */
	return g->vpc == v || !g->vpc ? g : NULL;
}

const struct model_eni *model_eni_by_public_ip(const struct model *m, const struct net_addr *a)
{
	if (!m || !m->index)
		return NULL;
	return model_addr_get(m->index->pub, a);
}

bool model_subnet_addr_reserved(const struct net_prefix *p, const struct net_addr *a)
{
	struct net_addr x;

	if (!p || !a || p->addr.af != a->af || !net_prefix_contains(p, a))
		return false;
	for (uint64_t i = 0; i < MODEL_SUBNET_RESERVED_FIRST; i++) {
		net_prefix_nth(p, i, &x);
		if (net_addr_eq(&x, a))
			return true;
	}
	net_prefix_last(p, &x);
	return net_addr_eq(&x, a);
}

const struct model_eni *model_instance_eni(const struct model *m, const struct model_instance *i)
{
	if (!i)
		return NULL;
	for (uint32_t k = 0; k < i->n_enis; k++)
		if (i->enis && i->enis[k] && i->enis[k]->device_index == 0)
			return i->enis[k];
	if (i->n_enis && i->enis && i->enis[0])
		return i->enis[0];
	return m && i->private_ip.af ? model_eni_by_private_ip(m, &i->private_ip) : NULL;
}

/*
 * The weights AWS publishes for its managed prefix lists, by the name after
 * "com.amazonaws.REGION." (or "com.amazonaws.global."):
 * working-with-aws-managed-prefix-lists.html, "Available AWS-managed prefix
 * lists".
 */
static const struct {
	const char *service;
	uint32_t weight;
} model_aws_pl_weights[] = {
	{"cloudfront.origin-facing", 55},
	{"ipv6.cloudfront.origin-facing", 55},
	{"dynamodb", 1},
	{"ec2-instance-connect", 2},
	{"ipv6.ec2-instance-connect", 2},
	{"groundstation", 5},
	{"route53-healthchecks", 25},
	{"ipv6.route53-healthchecks", 25},
	{"s3", 1},
	{"s3express", 6},
	{"vpc-lattice", 10},
	{"ipv6.vpc-lattice", 10},
};

uint32_t model_pl_weight(const struct model_pl *p)
{
	static const char aws[] = "com.amazonaws.";

	if (p == NULL)
		return 1;
	if (p->obj.name != NULL && strncmp(p->obj.name, aws, sizeof(aws) - 1) == 0) {
		/* Skip the Region (or "global") label. */
		const char *svc = strchr(p->obj.name + sizeof(aws) - 1, '.');
		for (size_t i = 0; svc != NULL && i < sizeof(model_aws_pl_weights) /
								  sizeof(model_aws_pl_weights[0]);
		     i++) {
			if (strcmp(svc + 1, model_aws_pl_weights[i].service) == 0)
				return model_aws_pl_weights[i].weight;
		}
	}
	return p->max_entries > 0 ? (uint32_t)p->max_entries : 1;
}
