/*
 * DOC: addressing rules -- VPC and subnet CIDRs
 *
 * What CreateVpc, AssociateVpcCidrBlock and CreateSubnet refuse
 * (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html):
 *  - InvalidVpc.Range: a VPC IPv4 CIDR outside /16../28 or in 0.0.0.0/8,
 *    127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4; an IPv6 block that is not a
 *    /44../60 in steps of /4; a secondary CIDR in a range restricted by the
 *    primary's (the RFC 1918 mixing table) or, from 10.0.0.0/16, by any
 *    earlier CIDR in 10.0.0.0/15; a
 *    secondary CIDR overlapping another CIDR of the VPC; a secondary CIDR
 *    equal to or larger than a static route destination in one of the VPC's
 *    route tables;
 *  - CidrLimitExceeded: more IPv4 CIDRs than the quota (5);
 *  - InvalidSubnet.Range: a subnet outside /16../28 or outside its VPC's
 *    CIDRs; an IPv6 subnet that is not a /44../64 in steps of /4 inside the
 *    VPC's IPv6 blocks;
 *  - InvalidSubnet.Conflict: overlapping subnets of one VPC, found with one
 *    sort and a sweep (a VPC may hold thousands of subnets);
 *  - InvalidParameterValue: an interface's private IPv4 address outside its
 *    subnet or among the five it reserves; InvalidIPAddress.InUse: two
 *    interfaces of a VPC with one address;
 *  - dangling VPC/subnet ids of subnets, ENIs, instances and NAT gateways.
 * Malformed CIDRs were reported by the loader (address family NONE here) and
 * are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "check/ck_internal.h"
#include "vpcsim/error.h"

#define V4(a, b, c, d) \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

static struct net_prefix v4pfx(uint32_t net, uint8_t len)
{
	struct net_prefix p;
	memset(&p, 0, sizeof(p));
	net_addr_set_v4(&p.addr, net);
	p.len = len;
	return p;
}

static bool cidr_ok(const struct model_cidr *c, uint8_t af)
{
	return c->pfx.addr.af == af;
}

/* vpc-cidr-blocks.html: "You can't specify" 0.0.0.0/8, 127.0.0.0/8,
 * 169.254.0.0/16 or 224.0.0.0/4 for a VPC; NULL when @p is none of them. */
static const char *vpc_forbidden(const struct net_prefix *p)
{
	static const struct {
		uint32_t net;
		uint8_t len;
		const char *text;
	} r[] = {
		{V4(0, 0, 0, 0), 8, "0.0.0.0/8"},
		{V4(127, 0, 0, 0), 8, "127.0.0.0/8"},
		{V4(169, 254, 0, 0), 16, "169.254.0.0/16"},
		{V4(224, 0, 0, 0), 4, "224.0.0.0/4"},
	};
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		struct net_prefix x = v4pfx(r[i].net, r[i].len);
		if (net_prefix_overlaps(&x, p))
			return r[i].text;
	}
	return NULL;
}

/* An IPv4 CIDR of /16 to /28 outside the forbidden ranges; an IPv6 block of
 * /44 to /60 in steps of /4 (vpc-cidr-blocks.html). */
static int vpc_cidr_size(const struct model_vpc *v, struct diag_list *d)
{
	int rc;

	for (uint32_t i = 0; i < v->n_cidrs; i++) {
		const struct model_cidr *c = &v->cidrs[i];
		const char *bad = cidr_ok(c, NET_AF_INET) ? vpc_forbidden(&c->pfx) : NULL;
		if (!cidr_ok(c, NET_AF_INET) || (c->pfx.len >= 16 && c->pfx.len <= 28 && !bad))
			continue;
		if (bad)
			rc = ck_report(d, DIAG_ERROR, "InvalidVpc.Range", &v->obj,
				       "The CIDR '%s' is invalid: a VPC cannot use %s.", c->text,
				       bad);
		else
			rc = ck_report(d, DIAG_ERROR, "InvalidVpc.Range", &v->obj,
				       "The CIDR '%s' is invalid.", c->text);
		if (rc < 0)
			return rc;
	}
	for (uint32_t i = 0; i < v->n_cidrs6; i++) {
		const struct model_cidr *c = &v->cidrs6[i];
		if (!cidr_ok(c, NET_AF_INET6) ||
		    (c->pfx.len >= 44 && c->pfx.len <= 60 && c->pfx.len % 4 == 0))
			continue;
		rc = ck_report(d, DIAG_ERROR, "InvalidVpc.Range", &v->obj,
			       "The IPv6 CIDR '%s' is invalid: a VPC's IPv6 block is a /44 to /60 "
			       "in steps of /4.",
			       c->text);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * The RFC 1918 mixing table of vpc-cidr-blocks.html ("IPv4 CIDR block
 * association restrictions"): which ranges a secondary CIDR may not come
 * from, given the primary CIDR.  Returns the restricted range @s overlaps,
 * or NULL.
 */
static const char *restricted_range(const struct net_prefix *primary, const struct net_prefix *s)
{
	static const struct {
		uint32_t net;
		uint8_t len;
		const char *text;
	} r[] = {
		{V4(10, 0, 0, 0), 8, "10.0.0.0/8"},         /* 0 */
		{V4(172, 16, 0, 0), 12, "172.16.0.0/12"},   /* 1 */
		{V4(192, 168, 0, 0), 16, "192.168.0.0/16"}, /* 2 */
		{V4(198, 19, 0, 0), 16, "198.19.0.0/16"},   /* 3 */
		{V4(172, 31, 0, 0), 16, "172.31.0.0/16"},   /* 4 */
		{V4(10, 0, 0, 0), 16, "10.0.0.0/16"},       /* 5 */
	};
	/* per primary class, the indexes above that are forbidden; -1 ends */
	static const int in10[] = {1, 2, 3, -1};
	static const int in10_15[] = {1, 2, 3, 5, -1};
	static const int in172[] = {0, 2, 4, 3, -1};
	static const int in192[] = {0, 1, 3, -1};
	static const int other[] = {0, 1, 2, 3, -1};
	struct net_prefix p10 = v4pfx(r[0].net, r[0].len);
	struct net_prefix p10_15 = v4pfx(V4(10, 0, 0, 0), 15);
	struct net_prefix p172 = v4pfx(r[1].net, r[1].len);
	struct net_prefix p192 = v4pfx(r[2].net, r[2].len);
	const int *forbid;

	if (net_prefix_covers(&p10_15, primary))
		forbid = in10_15;
	else if (net_prefix_covers(&p10, primary))
		forbid = in10;
	else if (net_prefix_covers(&p172, primary))
		forbid = in172;
	else if (net_prefix_covers(&p192, primary))
		forbid = in192;
	else /* publicly routable, or 100.64.0.0/10 */
		forbid = other;

	for (const int *f = forbid; *f >= 0; f++) {
		struct net_prefix x = v4pfx(r[*f].net, r[*f].len);
		if (net_prefix_overlaps(&x, s))
			return r[*f].text;
	}
	return NULL;
}

static int vpc_secondary_ranges(const struct model_vpc *v, struct diag_list *d)
{
	int rc;

	if (v->n_cidrs < 2 || !cidr_ok(&v->cidrs[0], NET_AF_INET))
		return 0;
	for (uint32_t i = 1; i < v->n_cidrs; i++) {
		const struct model_cidr *c = &v->cidrs[i];
		const char *bad;
		bool overlap = false;

		if (!cidr_ok(c, NET_AF_INET))
			continue;
		for (uint32_t j = 0; j < i; j++) {
			if (!cidr_ok(&v->cidrs[j], NET_AF_INET) ||
			    !net_prefix_overlaps(&v->cidrs[j].pfx, &c->pfx))
				continue;
			rc = ck_report(d, DIAG_ERROR, "InvalidVpc.Range", &v->obj,
				       "The CIDR '%s' is invalid: it overlaps CIDR '%s' of this "
				       "VPC.",
				       c->text, v->cidrs[j].text);
			if (rc < 0)
				return rc;
			overlap = true;
			break;
		}
		if (overlap)
			continue;
		/* "If any of the CIDR blocks associated with the VPC are from the
		 * 10.0.0.0/15 range, you cannot add a CIDR block from the
		 * 10.0.0.0/16 range": any earlier one, not the primary only */
		struct net_prefix p10_15 = v4pfx(V4(10, 0, 0, 0), 15),
				  p10_16 = v4pfx(V4(10, 0, 0, 0), 16);
		const struct model_cidr *in15 = NULL;
		for (uint32_t j = 0; j < i && !in15 && net_prefix_overlaps(&p10_16, &c->pfx); j++)
			if (cidr_ok(&v->cidrs[j], NET_AF_INET) &&
			    net_prefix_covers(&p10_15, &v->cidrs[j].pfx))
				in15 = &v->cidrs[j];
		if (in15) {
			rc = ck_report(d, DIAG_ERROR, "InvalidVpc.Range", &v->obj,
				       "The CIDR '%s' is restricted: CIDR '%s' of this VPC is from "
				       "10.0.0.0/15, which restricts 10.0.0.0/16.",
				       c->text, in15->text);
			if (rc < 0)
				return rc;
		} else if ((bad = restricted_range(&v->cidrs[0].pfx, &c->pfx)) != NULL) {
			rc = ck_report(d, DIAG_ERROR, "InvalidVpc.Range", &v->obj,
				       "The CIDR '%s' is restricted. Use a CIDR from the same "
				       "private "
				       "address range as the current VPC CIDR, or use a "
				       "publicly-routable "
				       "CIDR (primary CIDR '%s' restricts %s).",
				       c->text, v->cidrs[0].text, bad);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * "You cannot add a CIDR block that is equal to or larger than a destination
 * CIDR in one of the VPC's route tables" (vpc-cidr-blocks.html: route
 * 10.0.0.0/24 -> vgw rejects 10.0.0.0/24 and 10.0.0.0/16, accepts
 * 10.0.0.0/25).  Only routes made with CreateRoute count: propagated routes
 * may arrive later and simply lose to the local route, and routes to an
 * ENI/instance/GWLB endpoint are the middlebox routes AWS allows inside the
 * VPC.  ck_route leaves routes covered only by a secondary CIDR to this rule,
 * so one fault gives one finding.
 */
static int vpc_secondary_vs_routes(const struct model *m, const struct model_vpc *v,
				   struct diag_list *d)
{
	int rc;

	if (v->n_cidrs < 2)
		return 0;
	for (uint32_t t = 0; t < m->n_rtbs; t++) {
		const struct model_rtb *rtb = &m->rtbs[t];

		if (rtb->vpc != v && !ck_streq(rtb->vpc_id, v->obj.id))
			continue;
		for (uint32_t k = 0; k < rtb->n_routes; k++) {
			const struct model_route *r = &rtb->routes[k];

			if (r->origin != ROUTE_ORIGIN_STATIC || r->synthetic ||
			    r->target == TGT_LOCAL || !cidr_ok(&r->dst, NET_AF_INET) ||
			    route_vpc_may_override_local(r))
				continue;
			for (uint32_t i = 1; i < v->n_cidrs; i++) {
				const struct model_cidr *c = &v->cidrs[i];
				if (!cidr_ok(c, NET_AF_INET) ||
				    !net_prefix_covers(&c->pfx, &r->dst.pfx))
					continue;
				rc = ck_report(d, DIAG_ERROR, "InvalidVpc.Range", &v->obj,
					       "The CIDR '%s' is invalid: it is equal to or larger "
					       "than "
					       "the destination %s of a route in %s.",
					       c->text, r->dst.text, rtb->obj.id);
				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

static int vpc_cidr_limit(const struct model_vpc *v, const struct check_opts *o,
			  struct diag_list *d)
{
	if (v->n_cidrs <= o->vpc_cidrs_per_vpc)
		return 0;
	return ck_report(d, DIAG_ERROR, "CidrLimitExceeded", &v->obj,
			 "This network '%s' has met its maximum number of allowed CIDRs: %u "
			 "(it has %u).",
			 v->obj.id, (unsigned)o->vpc_cidrs_per_vpc, (unsigned)v->n_cidrs);
}

static bool in_any(const struct model_cidr *cs, uint32_t n, const struct net_prefix *p)
{
	for (uint32_t i = 0; i < n; i++)
		if (net_prefix_covers(&cs[i].pfx, p))
			return true;
	return false;
}

static int subnet_range(const struct model *m, const struct model_subnet *s, struct diag_list *d)
{
	const struct model_vpc *v;
	int rc;

	if (!ck_has_id(s->vpc_id) && s->vpc == NULL)
		return 0;
	rc = ck_ref(m, d, &s->obj, s->vpc, s->vpc_id, "InvalidVpcID.NotFound", "vpc");
	if (rc < 0)
		return rc;
	v = (const struct model_vpc *)ck_lookup_kind(m, s->vpc, s->vpc_id, MODEL_VPC);

	if (cidr_ok(&s->cidr, NET_AF_INET)) {
		bool bad_len = s->cidr.pfx.len < 16 || s->cidr.pfx.len > 28;
		if (bad_len ||
		    (v != NULL && v->n_cidrs > 0 && !in_any(v->cidrs, v->n_cidrs, &s->cidr.pfx))) {
			rc = ck_report(d, DIAG_ERROR, "InvalidSubnet.Range", &s->obj,
				       "The CIDR '%s' is invalid.", s->cidr.text);
			if (rc < 0)
				return rc;
		}
	}
	for (uint32_t i = 0; i < s->n_cidrs6; i++) {
		const struct model_cidr *c = &s->cidrs6[i];
		if (!cidr_ok(c, NET_AF_INET6))
			continue;
		/* subnet-sizing.html: "Possible IPv6 netmask lengths are between
		 * /44 and /64 in increments of /4" */
		bool len_ok = c->pfx.len >= 44 && c->pfx.len <= 64 && c->pfx.len % 4 == 0;
		if (len_ok && (v == NULL || in_any(v->cidrs6, v->n_cidrs6, &c->pfx)))
			continue;
		rc = ck_report(d, DIAG_ERROR, "InvalidSubnet.Range", &s->obj,
			       "The IPv6 CIDR '%s' is invalid%s.", c->text,
			       !len_ok ? ": a subnet IPv6 CIDR is a /44 to /64 in steps of /4" :
					 ": it is not inside an IPv6 CIDR of the VPC");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * InvalidParameterValue: a subnet's Availability Zone is one of its VPC's
 * Region (CreateSubnet, AvailabilityZone: "The Availability Zone or Local
 * Zone for the subnet"; a VPC spans the zones of one Region:
 * configure-subnets.html).  A zone name is its Region's name followed by a
 * letter ("us-east-1a") or, for Local Zones and Wavelength Zones, by "-"
 * and more ("us-east-1-bos-1a").
 */
static bool zone_in_region(const char *az, const char *region)
{
	size_t n = strlen(region);
	if (strncmp(az, region, n) != 0)
		return false;
	return (az[n] >= 'a' && az[n] <= 'z') || az[n] == '-';
}

static int subnet_zone(const struct model *m, const struct model_subnet *s, struct diag_list *d)
{
	const struct model_vpc *v =
		(const struct model_vpc *)ck_lookup_kind(m, s->vpc, s->vpc_id, MODEL_VPC);

	if (v == NULL || v->obj.region == NULL || s->az == NULL || !*s->az ||
	    zone_in_region(s->az, v->obj.region))
		return 0;
	return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &s->obj,
			 "Value (%s) for parameter availabilityZone is invalid. Subnets can "
			 "currently only be created in the Availability Zones of %s, the Region of "
			 "%s.",
			 s->az, v->obj.region, v->obj.id);
}

static int subnet_checks(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_subnet *s = MODEL_AS(const struct model_subnet, obj);
	int rc = subnet_range(m, s, d);

	return rc < 0 ? rc : subnet_zone(m, s, d);
}

/* ---- InvalidSubnet.Conflict: sort and sweep ---- */

struct sn_ent {
	const void *vpc;       /* grouping key: the VPC (or its id string) */
	struct net_prefix pfx; /* canonical */
	uint32_t idx;          /* index in m->subnets: snapshot order */
	const struct model_cidr *cidr;
};

static int sn_cmp(const void *a, const void *b)
{
	const struct sn_ent *x = a, *y = b;
	int c;

	if (x->vpc != y->vpc)
		return (uintptr_t)x->vpc < (uintptr_t)y->vpc ? -1 : 1;
	if ((c = net_addr_cmp(&x->pfx.addr, &y->pfx.addr)) != 0)
		return c;
	if (x->pfx.len != y->pfx.len)
		return x->pfx.len < y->pfx.len ? -1 : 1; /* the larger block first */
	return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static const void *subnet_vpc_key(const struct model *m, const struct model_subnet *s)
{
	const struct model_obj *o = ck_lookup_kind(m, s->vpc, s->vpc_id, MODEL_VPC);
	return o != NULL ? (const void *)o : NULL;
}

static int report_conflict(const struct model *m, const struct sn_ent *a, const struct sn_ent *b,
			   struct diag_list *d)
{
	/* Reported once per pair, on the subnet that comes later in the
	 * snapshot: the one whose CreateSubnet would have failed. */
	const struct sn_ent *late = a->idx > b->idx ? a : b;
	const struct sn_ent *early = late == a ? b : a;
	const struct model_subnet *s = &m->subnets[late->idx];

	return ck_report(d, DIAG_ERROR, "InvalidSubnet.Conflict", &s->obj,
			 "The CIDR '%s' conflicts with another subnet (%s, %s).", late->cidr->text,
			 m->subnets[early->idx].obj.id, early->cidr->text);
}

static int subnet_conflicts(const struct model *m, struct diag_list *d)
{
	struct sn_ent *e, **stack;
	size_t n = 0, cap = 0, depth = 0;
	int rc = 0;

	for (uint32_t i = 0; i < m->n_subnets; i++)
		cap += 1 + m->subnets[i].n_cidrs6;
	if (cap == 0)
		return 0;
	e = calloc(cap, sizeof(*e));
	stack = calloc(cap, sizeof(*stack));
	if (e == NULL || stack == NULL) {
		free(e);
		free(stack);
		return VS_ENOMEM;
	}
	for (uint32_t i = 0; i < m->n_subnets; i++) {
		const struct model_subnet *s = &m->subnets[i];
		const void *key = subnet_vpc_key(m, s);

		if (key == NULL)
			continue; /* no VPC: nothing to conflict within */
		if (cidr_ok(&s->cidr, NET_AF_INET))
			e[n++] = (struct sn_ent){key, s->cidr.pfx, i, &s->cidr};
		for (uint32_t k = 0; k < s->n_cidrs6; k++)
			if (cidr_ok(&s->cidrs6[k], NET_AF_INET6))
				e[n++] = (struct sn_ent){key, s->cidrs6[k].pfx, i, &s->cidrs6[k]};
	}
	for (size_t i = 0; i < n; i++)
		net_prefix_canonicalize(&e[i].pfx);
	qsort(e, n, sizeof(*e), sn_cmp);

	/*
	 * Sorted by (VPC, address, larger first), prefixes form a forest: the
	 * stack holds the open blocks that contain the current one.  Blocks
	 * that do not cover the current one are closed for good.  Each stack
	 * entry left is a conflicting pair.  Depth is bounded by the /16../28
	 * (or /64) nesting, so the sweep is O(n log n) overall.
	 */
	for (size_t i = 0; i < n && rc == 0; i++) {
		while (depth > 0 && (stack[depth - 1]->vpc != e[i].vpc ||
				     !net_prefix_covers(&stack[depth - 1]->pfx, &e[i].pfx)))
			depth--;
		for (size_t k = 0; k < depth && rc == 0; k++)
			if (stack[k]->idx != e[i].idx)
				rc = report_conflict(m, stack[k], &e[i], d);
		stack[depth++] = &e[i];
	}
	free(e);
	free(stack);
	return rc;
}

/* The subnet, then the VPC, a resident of a subnet names. */
static int resident_refs(const struct model *m, struct diag_list *d, const struct model_obj *o,
			 const void *subnet, const char *subnet_id, const void *vpc,
			 const char *vpc_id)
{
	int rc = ck_ref(m, d, o, subnet, subnet_id, "InvalidSubnetID.NotFound", "subnet");

	return rc < 0 ? rc : ck_ref(m, d, o, vpc, vpc_id, "InvalidVpcID.NotFound", "vpc");
}

/* ENIs, instances and NAT gateways name their subnet and VPC. */
static int eni_home(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_eni *e = MODEL_AS(const struct model_eni, obj);

	return resident_refs(m, d, obj, e->subnet, e->subnet_id, e->vpc, e->vpc_id);
}

static int instance_home(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_instance *in = MODEL_AS(const struct model_instance, obj);

	return resident_refs(m, d, obj, in->subnet, in->subnet_id, in->vpc, in->vpc_id);
}

static int natgw_home(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_natgw *n = MODEL_AS(const struct model_natgw, obj);

	return resident_refs(m, d, obj, n->subnet, n->subnet_id, n->vpc, n->vpc_id);
}

/* One address @ip of interface @e against subnet CIDR @c (of @s):
 * InvalidParameterValue when it is outside, or among the five AWS reserves. */
static int eni_addr_check(const struct model_eni *e, const struct model_subnet *s,
			  const struct model_cidr *c, const struct net_addr *ip, bool inside,
			  struct diag_list *d)
{
	char a[NET_PREFIX_STRLEN];

	if (!inside)
		return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &e->obj,
				 "Address %s does not fall within the subnet's address range "
				 "(%s, %s).",
				 net_addr_fmt(ip, a), s->obj.id, c->text);
	if (model_subnet_addr_reserved(&c->pfx, ip))
		return ck_report(d, DIAG_ERROR, "InvalidParameterValue", &e->obj,
				 "Address %s is in subnet's reserved address range (%s, %s: "
				 "the first four and the last are AWS's).",
				 net_addr_fmt(ip, a), s->obj.id, c->text);
	return 0;
}

/*
 * An interface's private IPv4 addresses lie in its subnet, outside the five
 * AWS reserves (the network address, the next three, the last:
 * subnet-sizing.html, "Subnet sizing for IPv4"); CreateNetworkInterface
 * refuses others with InvalidParameterValue.  Its IPv6 addresses likewise:
 * they come "from the IPv6 CIDR block range of your subnet"
 * (CreateNetworkInterface, Ipv6Addresses), and "the first four IPv6
 * addresses and the last IPv6 address in each subnet CIDR block ... cannot
 * be assigned to an EC2 instance" (subnet-sizing.html, "Subnet sizing for
 * IPv6").
 */
static int eni_addrs(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_eni *e = MODEL_AS(const struct model_eni, obj);
	const struct model_subnet *s = e->subnet;
	int rc = 0;

	(void)m;
	if (!s)
		return 0;
	/* A /29../32 subnet is an InvalidSubnet.Range already; its addresses
	 * are not judged against it. */
	bool v4 = cidr_ok(&s->cidr, NET_AF_INET) && s->cidr.pfx.len <= 30;
	for (uint32_t i = 0; v4 && i < e->n_ips && rc >= 0; i++) {
		const struct net_addr *ip = &e->ips[i].priv;
		if (ip->af == NET_AF_INET)
			rc = eni_addr_check(e, s, &s->cidr, ip,
					    net_prefix_contains(&s->cidr.pfx, ip), d);
	}
	/* In a subnet without an IPv6 CIDR there is no range to name; such
	 * addresses are left unjudged here. */
	for (uint32_t i = 0; s->n_cidrs6 && i < e->n_ips6 && rc >= 0; i++) {
		const struct net_addr *ip = &e->ips6[i];
		const struct model_cidr *c = NULL;
		for (uint32_t k = 0; k < s->n_cidrs6 && !c; k++)
			if (cidr_ok(&s->cidrs6[k], NET_AF_INET6) &&
			    net_prefix_contains(&s->cidrs6[k].pfx, ip))
				c = &s->cidrs6[k];
		if (ip->af == NET_AF_INET6 && cidr_ok(&s->cidrs6[0], NET_AF_INET6))
			rc = eni_addr_check(e, s, c ? c : &s->cidrs6[0], ip, c != NULL, d);
	}
	return rc;
}

/* One private IPv4 address of an interface, for the duplicate scan. */
struct eni_ip_key {
	const struct model_vpc *vpc;
	uint32_t ip;
	const struct model_eni *eni;
};

static int eni_ip_cmp(const void *a, const void *b)
{
	const struct eni_ip_key *x = a, *y = b;
	if (x->vpc != y->vpc)
		return (uintptr_t)x->vpc < (uintptr_t)y->vpc ? -1 : 1;
	if (x->ip != y->ip)
		return x->ip < y->ip ? -1 : 1;
	return (uintptr_t)x->eni < (uintptr_t)y->eni ? -1 : (uintptr_t)x->eni > (uintptr_t)y->eni;
}

/* Two interfaces of one VPC with one private IPv4 address: the second is
 * refused, InvalidIPAddress.InUse (CreateNetworkInterface). */
static int eni_ip_duplicates(const struct model *m, struct diag_list *d)
{
	size_t n = 0;
	for (uint32_t i = 0; i < m->n_enis; i++)
		n += m->enis[i].n_ips;
	struct eni_ip_key *k = calloc(n + 1, sizeof(*k));
	if (!k)
		return VS_ENOMEM;
	size_t w = 0;
	for (uint32_t i = 0; i < m->n_enis; i++) {
		const struct model_eni *e = &m->enis[i];
		for (uint32_t j = 0; e->vpc && j < e->n_ips; j++)
			if (e->ips[j].priv.af == NET_AF_INET)
				k[w++] = (struct eni_ip_key){e->vpc, net_addr_v4(&e->ips[j].priv),
							     e};
	}
	qsort(k, w, sizeof(*k), eni_ip_cmp);
	int rc = 0;
	char a[NET_PREFIX_STRLEN];
	for (size_t i = 1; i < w && rc >= 0; i++) {
		if (k[i].vpc != k[i - 1].vpc || k[i].ip != k[i - 1].ip || k[i].eni == k[i - 1].eni)
			continue;
		struct net_addr ip;
		net_addr_set_v4(&ip, k[i].ip);
		rc = ck_report(d, DIAG_ERROR, "InvalidIPAddress.InUse", &k[i].eni->obj,
			       "Address %s is in use (by %s).", net_addr_fmt(&ip, a),
			       k[i - 1].eni->obj.id);
	}
	free(k);
	return rc;
}

static int subnet_residents(const struct model *m, struct diag_list *d)
{
	int rc;

	if ((rc = ck_each(m, MODEL_ENI, eni_home, d)) < 0 ||
	    (rc = ck_each(m, MODEL_ENI, eni_addrs, d)) < 0 || (rc = eni_ip_duplicates(m, d)) < 0 ||
	    (rc = ck_each(m, MODEL_INSTANCE, instance_home, d)) < 0)
		return rc;
	return ck_each(m, MODEL_NATGW, natgw_home, d);
}

int ck_addr(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	int rc;

	for (uint32_t i = 0; i < m->n_vpcs; i++) {
		const struct model_vpc *v = &m->vpcs[i];
		if ((rc = vpc_cidr_size(v, d)) < 0 || (rc = vpc_cidr_limit(v, o, d)) < 0 ||
		    (rc = vpc_secondary_ranges(v, d)) < 0 ||
		    (rc = vpc_secondary_vs_routes(m, v, d)) < 0)
			return rc;
	}
	if ((rc = ck_each(m, MODEL_SUBNET, subnet_checks, d)) < 0 ||
	    (rc = subnet_conflicts(m, d)) < 0)
		return rc;
	return subnet_residents(m, d);
}
