/*
 * DOC: security group and network ACL matching -- builder and classifier
 *
 * Builder: per network ACL, two arrays (ingress, egress) of entry pointers
 * sorted by rule number (ties keep snapshot order; `check` reports the
 * duplicate AWS would refuse); the set of VPC pairs joined by an active
 * same-region peering, sorted for binary search (security group references
 * work across those only: vpc-peering "Update your security groups to
 * reference peer security groups"); the (VPC, transit gateway) pairs of
 * live VPC attachments, all and those where both the gateway and the
 * attachment enable security group referencing, sorted (inbound rules may
 * reference a group of another VPC attached to the same gateway:
 * tgw-vpc-attachments.html, "Security group referencing").
 *
 * Classifier: plain loops over the ENI's groups and the sorted entries.
 */
#include "vpcsim/acl.h"

#include <stdlib.h>
#include <string.h>

#include "vpcsim/error.h"
#include "vpcsim/rib.h"

struct acl_nacl_dir {
	const struct model_nacl_entry **v;
	uint32_t n;
};

struct acl {
	const struct model *m;
	struct acl_nacl_dir *nacl; /* [2 * i + egress] for m->nacls[i] */
	const struct model_nacl_entry **nacl_ents;
	uint64_t *peers; /* (lo vpc index << 32) | hi vpc index, sorted */
	uint32_t n_peers;
	/* (vpc index << 32) | tgw index, sorted: every live VPC attachment,
	 * and those with security group referencing on at both ends */
	uint64_t *tgw_all, *tgw_ref;
	uint32_t n_tgw_all, n_tgw_ref;
};

const char *acl_proto_name(int proto)
{
	return net_proto_name(proto);
}

struct acl_sort_item {
	const struct model_nacl_entry *e;
	uint32_t order;
};

static int acl_item_cmp(const void *a, const void *b)
{
	const struct acl_sort_item *x = a, *y = b;
	if (x->e->rule_number != y->e->rule_number)
		return x->e->rule_number < y->e->rule_number ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int acl_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static const char *acl_side_region(const struct model_pcx *p, const struct model_pcx_side *s)
{
	if (s->region)
		return s->region;
	if (s->vpc && s->vpc->obj.region)
		return s->vpc->obj.region;
	return p->obj.region;
}

static int acl_build_peers(struct acl *a)
{
	const struct model *m = a->m;
	a->peers = calloc(m->n_pcxs ? m->n_pcxs : 1, sizeof(*a->peers));
	if (!a->peers)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_pcxs; i++) {
		const struct model_pcx *p = &m->pcxs[i];
		const struct model_vpc *x = p->requester.vpc, *y = p->accepter.vpc;
		if (!p->status || strcmp(p->status, "active") || !x || !y || x == y)
			continue;
		const char *rx = acl_side_region(p, &p->requester);
		const char *ry = acl_side_region(p, &p->accepter);
		if (rx && ry && strcmp(rx, ry))
			continue;
		uint64_t ix = (uint64_t)(x - m->vpcs), iy = (uint64_t)(y - m->vpcs);
		if (ix >= m->n_vpcs || iy >= m->n_vpcs)
			continue;
		a->peers[a->n_peers++] = ix < iy ? (ix << 32 | iy) : (iy << 32 | ix);
	}
	qsort(a->peers, a->n_peers, sizeof(*a->peers), acl_u64_cmp);
	return 0;
}

static int acl_build_tgw(struct acl *a)
{
	const struct model *m = a->m;
	a->tgw_all = calloc(m->n_tgw_atts + 1, sizeof(*a->tgw_all));
	a->tgw_ref = calloc(m->n_tgw_atts + 1, sizeof(*a->tgw_ref));
	if (!a->tgw_all || !a->tgw_ref)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_tgw_atts; i++) {
		const struct model_tgw_att *t = &m->tgw_atts[i];
		const struct model_obj *v = t->resource;
		if (t->type != TGW_ATT_VPC || !t->tgw || !v || v->kind != MODEL_VPC ||
		    !rib_att_live(t))
			continue;
		uint64_t key = (uint64_t)((const struct model_vpc *)v - m->vpcs) << 32 |
			       (uint64_t)(t->tgw - m->tgws);
		a->tgw_all[a->n_tgw_all++] = key;
		if (t->sg_ref && t->tgw->sg_ref)
			a->tgw_ref[a->n_tgw_ref++] = key;
	}
	qsort(a->tgw_all, a->n_tgw_all, sizeof(uint64_t), acl_u64_cmp);
	qsort(a->tgw_ref, a->n_tgw_ref, sizeof(uint64_t), acl_u64_cmp);
	return 0;
}

/* Is there a transit gateway that @x and @y are both in @set of? */
static bool acl_tgw_shared(const struct acl *a, const uint64_t *set, uint32_t n,
			   const struct model_vpc *x, const struct model_vpc *y)
{
	const struct model *m = a->m;
	if (!x || !y || x == y)
		return false;
	uint64_t ix = (uint64_t)(x - m->vpcs), iy = (uint64_t)(y - m->vpcs);
	/* the first entry of @x, then each of its gateways looked up for @y */
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (set[mid] >> 32 < ix)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint32_t i = lo; i < n && set[i] >> 32 == ix; i++) {
		uint64_t key = iy << 32 | (set[i] & 0xffffffffu);
		if (bsearch(&key, set, n, sizeof(key), acl_u64_cmp))
			return true;
	}
	return false;
}

bool acl_vpcs_tgw_sg_ref(const struct acl *a, const struct model_vpc *x, const struct model_vpc *y)
{
	return a && acl_tgw_shared(a, a->tgw_ref, a->n_tgw_ref, x, y);
}

bool acl_vpcs_share_tgw(const struct acl *a, const struct model_vpc *x, const struct model_vpc *y)
{
	return a && acl_tgw_shared(a, a->tgw_all, a->n_tgw_all, x, y);
}

static int acl_build_nacls(struct acl *a)
{
	const struct model *m = a->m;
	size_t total = 0;
	for (uint32_t i = 0; i < m->n_nacls; i++)
		total += m->nacls[i].n_entries;
	a->nacl = calloc(2 * (size_t)m->n_nacls + 1, sizeof(*a->nacl));
	a->nacl_ents = calloc(total + 1, sizeof(*a->nacl_ents));
	struct acl_sort_item *tmp = NULL;
	uint32_t max = 0;
	for (uint32_t i = 0; i < m->n_nacls; i++)
		if (m->nacls[i].n_entries > max)
			max = m->nacls[i].n_entries;
	tmp = calloc(max + 1, sizeof(*tmp));
	if (!a->nacl || !a->nacl_ents || !tmp) {
		free(tmp);
		return VS_ENOMEM;
	}
	const struct model_nacl_entry **next = a->nacl_ents;
	for (uint32_t i = 0; i < m->n_nacls; i++) {
		const struct model_nacl *n = &m->nacls[i];
		for (int eg = 0; eg < 2; eg++) {
			uint32_t k = 0;
			for (uint32_t j = 0; j < n->n_entries; j++)
				if (n->entries[j].egress == (eg == 1)) {
					tmp[k].e = &n->entries[j];
					tmp[k].order = j;
					k++;
				}
			qsort(tmp, k, sizeof(*tmp), acl_item_cmp);
			struct acl_nacl_dir *d = &a->nacl[2 * (size_t)i + (size_t)eg];
			d->v = next;
			d->n = k;
			for (uint32_t j = 0; j < k; j++)
				*next++ = tmp[j].e;
		}
	}
	free(tmp);
	return 0;
}

int acl_build(const struct model *m, struct acl **out)
{
	if (!m || !out)
		return VS_EINVAL;
	*out = NULL;
	struct acl *a = calloc(1, sizeof(*a));
	if (!a)
		return VS_ENOMEM;
	a->m = m;
	int rc = acl_build_nacls(a);
	if (!rc)
		rc = acl_build_peers(a);
	if (!rc)
		rc = acl_build_tgw(a);
	if (rc) {
		acl_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void acl_free(struct acl *a)
{
	if (!a)
		return;
	free(a->nacl);
	free(a->nacl_ents);
	free(a->peers);
	free(a->tgw_all);
	free(a->tgw_ref);
	free(a);
}

bool acl_vpcs_peered_same_region(const struct acl *a, const struct model_vpc *x,
				 const struct model_vpc *y)
{
	const struct model *m = a->m;
	if (!x || !y || !m->vpcs || x < m->vpcs || y < m->vpcs || x >= m->vpcs + m->n_vpcs ||
	    y >= m->vpcs + m->n_vpcs)
		return false;
	uint64_t ix = (uint64_t)(x - m->vpcs), iy = (uint64_t)(y - m->vpcs);
	uint64_t key = ix < iy ? (ix << 32 | iy) : (iy << 32 | ix);
	return bsearch(&key, a->peers, a->n_peers, sizeof(key), acl_u64_cmp) != NULL;
}

/* ---- security groups ---- */

static bool acl_is_icmp(uint8_t proto)
{
	return proto == ACL_PROTO_ICMP || proto == ACL_PROTO_ICMPV6;
}

static bool acl_sg_l4_matches(const struct model_sg_rule *r, const struct acl_pkt *p)
{
	if (r->proto == -1)
		return true;
	if (r->proto != (int)p->proto)
		return false;
	if (p->proto == ACL_PROTO_TCP || p->proto == ACL_PROTO_UDP) {
		if (r->from < 0)
			return true;
		int to = r->to < 0 ? r->from : r->to;
		return p->dport >= r->from && p->dport <= to;
	}
	if (acl_is_icmp(p->proto)) {
		/* FromPort is the ICMP type, ToPort the code; -1 = any */
		if (r->from >= 0 && r->from != p->icmp_type)
			return false;
		if (r->to >= 0 && r->to != p->icmp_code)
			return false;
	}
	return true;
}

static bool acl_eni_has_group(const struct model_eni *e, const struct model_sg_rule *r)
{
	for (uint32_t i = 0; i < e->n_sgs; i++) {
		if (r->sg && e->sgs && e->sgs[i] == r->sg)
			return true;
		if (r->peer_id && e->sg_ids && e->sg_ids[i] && !strcmp(e->sg_ids[i], r->peer_id))
			return true;
	}
	return false;
}

static bool acl_same_vpc(const struct model_sg *sg, const struct model_eni *e)
{
	if (sg->vpc && e->vpc)
		return sg->vpc == e->vpc;
	return sg->vpc_id && e->vpc_id && !strcmp(sg->vpc_id, e->vpc_id);
}

bool acl_sg_rule_matches(const struct acl *a, const struct model_sg *sg,
			 const struct model_sg_rule *r, const struct acl_pkt *p)
{
	if (!acl_sg_l4_matches(r, p))
		return false;
	const struct net_addr *peer = r->egress ? &p->dst : &p->src;
	switch (r->peer_type) {
	case SG_PEER_CIDR4:
	case SG_PEER_CIDR6:
		return r->cidr.pfx.addr.af == peer->af && net_prefix_contains(&r->cidr.pfx, peer);
	case SG_PEER_PL:
		if (!r->pl)
			return false;
		for (uint32_t i = 0; i < r->pl->n_cidrs; i++)
			if (r->pl->cidrs[i].pfx.addr.af == peer->af &&
			    net_prefix_contains(&r->pl->cidrs[i].pfx, peer))
				return true;
		return false;
	case SG_PEER_SG: {
		/* A group reference matches the private addresses of the ENIs in
		 * that group: same VPC, a VPC peered in the same region, or (an
		 * inbound rule) a VPC attached to the same transit gateway with
		 * security group referencing on. */
		if (!r->egress && p->via && acl_eni_has_group(p->via, r) &&
		    acl_same_vpc(sg, p->via))
			return true;
		/* The peer address looked up in the group's own VPC first: a VPC
		 * that is not connected to it may reuse its CIDR, and the ENI there
		 * holding the same address is not the one that sent the packet.
		 * Only when the group's VPC has no such ENI can it be a member in
		 * a peered or attached VPC (those never overlap it). */
		const struct model_eni *e = model_eni_by_private_ip_in(a->m, sg->vpc, peer);
		if (!e)
			e = model_eni_by_private_ip(a->m, peer);
		if (!e || !acl_eni_has_group(e, r))
			return false;
		return acl_same_vpc(sg, e) || acl_vpcs_peered_same_region(a, sg->vpc, e->vpc) ||
		       (!r->egress && acl_vpcs_tgw_sg_ref(a, sg->vpc, e->vpc));
	}
	}
	return false;
}

const struct model_sg_rule *acl_sg_ref_unsupported(const struct acl *a, const struct model_eni *eni,
						   const struct acl_pkt *p)
{
	const struct model_eni *src = a && eni ? model_eni_by_private_ip(a->m, &p->src) : NULL;
	if (!src || !eni->sgs || src->vpc == eni->vpc ||
	    !acl_vpcs_share_tgw(a, eni->vpc, src->vpc) ||
	    acl_vpcs_tgw_sg_ref(a, eni->vpc, src->vpc))
		return NULL;
	for (uint32_t i = 0; i < eni->n_sgs; i++) {
		const struct model_sg *sg = eni->sgs[i];
		for (uint32_t j = 0; sg && j < sg->n_rules; j++) {
			const struct model_sg_rule *r = &sg->rules[j];
			if (!r->egress && r->peer_type == SG_PEER_SG && acl_sg_l4_matches(r, p) &&
			    acl_eni_has_group(src, r))
				return r;
		}
	}
	return NULL;
}

bool acl_sg_allows(const struct acl *a, const struct model_eni *eni, bool egress,
		   const struct acl_pkt *p, struct acl_sg_match *out)
{
	if (out)
		memset(out, 0, sizeof(*out));
	if (!eni || !eni->sgs)
		return false;
	for (uint32_t i = 0; i < eni->n_sgs; i++) {
		const struct model_sg *sg = eni->sgs[i];
		if (!sg)
			continue;
		for (uint32_t j = 0; j < sg->n_rules; j++) {
			const struct model_sg_rule *r = &sg->rules[j];
			if (r->egress != egress || !acl_sg_rule_matches(a, sg, r, p))
				continue;
			if (out) {
				out->sg = sg;
				out->rule = r;
			}
			return true;
		}
	}
	return false;
}

/* ---- network ACLs ---- */

static bool acl_nacl_entry_matches(const struct model_nacl_entry *e, const struct acl_pkt *p,
				   const struct net_addr *addr)
{
	if (e->cidr.pfx.addr.af != addr->af || !net_prefix_contains(&e->cidr.pfx, addr))
		return false;
	if (e->proto == -1)
		return true;
	if (e->proto != (int)p->proto)
		return false;
	if ((p->proto == ACL_PROTO_TCP || p->proto == ACL_PROTO_UDP) && e->has_ports)
		return p->dport >= e->port_from && p->dport <= e->port_to;
	if (acl_is_icmp(p->proto) && e->has_icmp) {
		if (e->icmp_type >= 0 && e->icmp_type != p->icmp_type)
			return false;
		if (e->icmp_code >= 0 && e->icmp_code != p->icmp_code)
			return false;
	}
	return true;
}

bool acl_nacl_denies_in_range(const struct acl *a, const struct model_nacl *nacl, bool egress,
			      const struct acl_pkt *p, uint16_t lo, uint16_t hi, uint16_t *port,
			      struct acl_nacl_match *out)
{
	const struct model *m = a->m;
	if (!nacl || !m->nacls || nacl < m->nacls || nacl >= m->nacls + m->n_nacls || lo > hi)
		return false;
	const struct acl_nacl_dir *d = &a->nacl[2 * (size_t)(nacl - m->nacls) + (egress ? 1 : 0)];
	const struct net_addr *addr = egress ? &p->dst : &p->src;
	/* The ports no entry has decided yet: each entry in rule order takes
	 * the part of them its port range covers.  The lowest denied port is
	 * the one decided first among the denied ones' lowest. */
	struct {
		uint32_t lo, hi;
	} open[2 * 64 + 1];
	size_t n = 1;
	open[0].lo = lo;
	open[0].hi = hi;
	uint32_t denied = UINT32_MAX;
	const struct model_nacl_entry *by = NULL;
	struct acl_pkt probe = *p;
	for (uint32_t i = 0; i < d->n && n; i++) {
		const struct model_nacl_entry *e = d->v[i];
		probe.dport = open[0].lo; /* ports aside, does the entry match? */
		bool ported = e->proto != -1 && e->has_ports;
		if (ported) {
			probe.dport = e->port_from;
		}
		if (!acl_nacl_entry_matches(e, &probe, addr))
			continue;
		uint32_t from = ported ? e->port_from : 0, to = ported ? e->port_to : 65535;
		size_t k = 0;
		for (size_t j = 0; j < n; j++) {
			uint32_t a0 = open[j].lo, a1 = open[j].hi;
			if (to < a0 || from > a1 || k + 2 > sizeof(open) / sizeof(open[0])) {
				open[k++] = open[j];
				continue;
			}
			uint32_t c0 = a0 > from ? a0 : from;
			if (!e->allow && c0 < denied) {
				denied = c0;
				by = e;
			}
			if (a0 < from)
				open[k].lo = a0, open[k++].hi = from - 1;
			if (a1 > to)
				open[k].lo = to + 1, open[k++].hi = a1;
		}
		n = k;
	}
	if (n && open[0].lo < denied) { /* the rest: the catch-all deny */
		for (size_t j = 0; j < n; j++)
			if (open[j].lo < denied) {
				denied = open[j].lo;
				by = NULL;
			}
	}
	if (denied == UINT32_MAX)
		return false;
	*port = (uint16_t)denied;
	if (out) {
		out->entry = by;
		out->allow = false;
	}
	return true;
}

bool acl_nacl_allows(const struct acl *a, const struct model_nacl *nacl, bool egress,
		     const struct acl_pkt *p, struct acl_nacl_match *out)
{
	struct acl_nacl_match dummy;
	if (!out)
		out = &dummy;
	out->entry = NULL;
	out->allow = false;
	const struct model *m = a->m;
	if (!nacl || !m->nacls || nacl < m->nacls || nacl >= m->nacls + m->n_nacls)
		return false;
	const struct acl_nacl_dir *d = &a->nacl[2 * (size_t)(nacl - m->nacls) + (egress ? 1 : 0)];
	const struct net_addr *addr = egress ? &p->dst : &p->src;
	for (uint32_t i = 0; i < d->n; i++) {
		if (acl_nacl_entry_matches(d->v[i], p, addr)) {
			out->entry = d->v[i];
			out->allow = d->v[i]->allow;
			return out->allow;
		}
	}
	return false;
}
