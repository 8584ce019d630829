/*
 * DOC: generator of large synthetic snapshots (benchmarks)
 *
 *   gen_snapshot OUTDIR [--vpcs N] [--subnets-per-vpc N] [--enis N]
 *                [--sgs-per-vpc N] [--rules-per-sg N] [--seed S]
 *
 * Writes OUTDIR/aws_configs/<account>/<region>/{vpcs,subnets,route_tables,
 * security_groups,network_acls,network_interfaces,reservations,
 * internet_gateways,nat_gateways,addresses,vpc_peering_connections}.json in
 * the shapes `aws ec2 describe-*` prints (4-space indent, as the CLI's json
 * output), and valid by AWS's rules: VPC CIDRs from the RFC 1918 / RFC 6598
 * ranges without overlap, subnets inside their VPC without overlap, each
 * ENI's address inside its subnet and outside the 5 addresses AWS reserves,
 * one running instance per ENI, no duplicate security group rules, SG rule
 * counts under the default quota of 60 per direction.
 *
 * Each VPC is laid out as people build them, so that random flows through it
 * (bench_trace) end in a realistic mix of reachable, security-group-denied
 * and ACL-denied rather than in routing artefacts:
 *  - the first tenth of its subnets (at least one) are public: route table
 *    0.0.0.0/0 -> the VPC's internet gateway, and their ENIs have a public
 *    IPv4 address; the others are private: 0.0.0.0/0 -> a public NAT gateway
 *    (with an Elastic IP) in the first public subnet;
 *  - VPCs 2k and 2k+1 are joined by an active peering connection, with a
 *    route to the peer's CIDR in both tables;
 *  - security groups by tier (group k % 4: web = 443/80 from anywhere,
 *    app = 8080/443/53 from the VPC and 443 from the peer VPC, db = 5432
 *    from the VPC and 3306 from the peer VPC, internal = 443 from the web
 *    group and egress only inside the VPC), every tier SSH and ICMP from
 *    the VPC, then synthetic rules up
 *    to --rules-per-sg; the default group (all from itself) on one ENI in 5;
 *  - the default network ACL (deny telnet and SSDP inbound, then allow all)
 *    on most subnets, and a restrictive "data" ACL on every fifth private
 *    subnet (inbound only database/SSH/ICMP from the VPC and return traffic
 *    on 1024-65535).
 * --enis counts the instances' ENIs; each NAT gateway adds its own.
 *
 * Defaults give the 100,000-ENI snapshot of the load and trace benchmarks:
 * 100 VPCs x 50 subnets, 100,000 ENIs, 20 security groups per VPC with 30
 * rules each.  The same arguments and seed give the same bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_common.h"
#include "gen_json.h"

struct opts {
	const char *out;
	uint32_t vpcs, subnets_per_vpc, enis, sgs_per_vpc, rules_per_sg;
	uint64_t seed;
};

/* ---- ids: AWS ids are a prefix and 17 hex digits; splitmix64 (gen_json.h)
 * is a bijection, so distinct counters give distinct ids. ---- */

struct gen {
	struct opts o;
	uint64_t salt[GEN_MAX_SALTS];
	/* layout */
	unsigned vpc_len, subnet_len;
	uint32_t *vpc_base; /* host-order network address per VPC */
	uint32_t enis_per_subnet_max;
	uint32_t public_subnets; /* subnets 0 .. public_subnets-1 of each VPC */
};

/* Public IPv4 addresses: ENIs from 52.0.0.0/10 (by ENI number), NAT gateway
 * Elastic IPs from 3.0.0.0/10 (by VPC number); both ordinary public space,
 * away from the documentation ranges vpcsim uses for "internet". */
#define ENI_PUBLIC_BASE 0x34000000u /* 52.0.0.0 */
#define NAT_PUBLIC_BASE 0x03000000u /* 3.0.0.0 */

enum id_kind {
	ID_VPC,
	ID_SUBNET,
	ID_RTB,
	ID_RTBASSOC,
	ID_SG,
	ID_ACL,
	ID_ACLASSOC,
	ID_ENI,
	ID_ATTACH,
	ID_INSTANCE,
	ID_RESERVATION,
	ID_CIDRASSOC,
	ID_IGW,
	ID_NAT,
	ID_NAT_ENI,
	ID_EIPALLOC,
	ID_EIPASSOC,
	ID_PCX,
	ID_MAC, /* not an id: the salt of MAC addresses */
	ID_KIND_COUNT
};

static void make_id(const struct gen *g, enum id_kind k, const char *prefix, uint64_t n, char *buf,
		    size_t size)
{
	gen_id(buf, size, prefix, g->salt[k], n);
}

/* ---- layout ---- */

static const struct {
	uint32_t base;
	unsigned len;
} pools[] = {
	{0x0a000000u, 8},  /* 10.0.0.0/8 */
	{0xac100000u, 12}, /* 172.16.0.0/12 */
	{0xc0a80000u, 16}, /* 192.168.0.0/16 */
	{0x64400000u, 10}, /* 100.64.0.0/10: AWS accepts RFC 6598 VPC CIDRs */
};

static uint64_t pool_capacity(unsigned vpc_len)
{
	uint64_t n = 0;
	for (size_t i = 0; i < sizeof(pools) / sizeof(pools[0]); i++)
		if (pools[i].len <= vpc_len)
			n += (uint64_t)1 << (vpc_len - pools[i].len);
	return n;
}

static void plan(struct gen *g)
{
	const struct opts *o = &g->o;
	uint64_t n_subnets = (uint64_t)o->vpcs * o->subnets_per_vpc;
	g->enis_per_subnet_max = (uint32_t)((o->enis + n_subnets - 1) / n_subnets);
	g->public_subnets = o->subnets_per_vpc / 10 ? o->subnets_per_vpc / 10 : 1;
	/* 5 addresses of each subnet are AWS's, one more for the NAT gateway;
	 * AWS subnets are /16 to /28 */
	unsigned host_bits = gen_ceil_log2((uint64_t)g->enis_per_subnet_max + 6);
	if (host_bits < 8)
		host_bits = 8; /* /24 subnets when they fit: what people use */
	if (host_bits > 16) {
		fprintf(stderr, "gen_snapshot: too many ENIs per subnet\n");
		exit(2);
	}
	g->subnet_len = 32 - host_bits;
	unsigned tight = g->subnet_len - gen_ceil_log2(o->subnets_per_vpc);
	if (tight < 16) {
		fprintf(stderr, "gen_snapshot: subnets do not fit in a /16 VPC\n");
		exit(2);
	}
	/* /16 VPCs when the private ranges hold them all, else the tightest */
	g->vpc_len = pool_capacity(16) >= o->vpcs ? 16 : tight;
	if (pool_capacity(g->vpc_len) < o->vpcs) {
		fprintf(stderr, "gen_snapshot: %u VPCs do not fit in the private ranges\n",
			o->vpcs);
		exit(2);
	}
	if (o->enis > (1u << 22) || o->vpcs > (1u << 22)) {
		fprintf(stderr, "gen_snapshot: too many ENIs or VPCs for the public ranges\n");
		exit(2);
	}
	g->vpc_base = calloc(o->vpcs, sizeof(uint32_t));
	uint32_t v = 0;
	for (size_t p = 0; p < sizeof(pools) / sizeof(pools[0]) && v < o->vpcs; p++) {
		if (pools[p].len > g->vpc_len)
			continue;
		uint64_t n = (uint64_t)1 << (g->vpc_len - pools[p].len);
		for (uint64_t i = 0; i < n && v < o->vpcs; i++)
			g->vpc_base[v++] = pools[p].base + (uint32_t)(i << (32 - g->vpc_len));
	}
}

static uint32_t subnet_base(const struct gen *g, uint32_t vpc, uint32_t s)
{
	return g->vpc_base[vpc] + (s << (32 - g->subnet_len));
}

static char az_of(uint32_t s)
{
	return (char)('a' + s % 6); /* us-east-1 has six zones */
}

static bool subnet_public(const struct gen *g, uint32_t s)
{
	return s < g->public_subnets;
}

/* Every fifth private subnet holds data stores behind the "data" ACL. */
static bool subnet_data(const struct gen *g, uint32_t s)
{
	return !subnet_public(g, s) && s % 5 == 4;
}

/* The peer of VPC v (2k <-> 2k+1), or UINT32_MAX. */
static uint32_t vpc_peer(const struct gen *g, uint32_t v)
{
	uint32_t p = v ^ 1u;
	return p < g->o.vpcs ? p : UINT32_MAX;
}

static void vpc_cidr(const struct gen *g, uint32_t v, char *buf, size_t size)
{
	char ip[16];
	ip_str(g->vpc_base[v], ip);
	snprintf(buf, size, "%s/%u", ip, g->vpc_len);
}

/* ENI e lives in global subnet e % n_subnets, at slot e / n_subnets. */
static void eni_place(const struct gen *g, uint32_t e, uint32_t *vpc, uint32_t *s, uint32_t *slot)
{
	uint32_t n_subnets = g->o.vpcs * g->o.subnets_per_vpc;
	uint32_t gs = e % n_subnets;
	*vpc = gs / g->o.subnets_per_vpc;
	*s = gs % g->o.subnets_per_vpc;
	*slot = e / n_subnets;
}

static uint32_t enis_in_subnet(const struct gen *g, uint32_t vpc, uint32_t s)
{
	uint32_t n_subnets = g->o.vpcs * g->o.subnets_per_vpc;
	uint32_t gs = vpc * g->o.subnets_per_vpc + s;
	return g->o.enis / n_subnets + (gs < g->o.enis % n_subnets ? 1 : 0);
}

/* The NAT gateway of VPC v: in subnet 0, on the first address after the
 * instances' ENIs. */
static uint32_t nat_private_ip(const struct gen *g, uint32_t v)
{
	return subnet_base(g, v, 0) + 4 + enis_in_subnet(g, v, 0);
}

/* ---- writers ---- */

static void write_vpcs(const struct gen *g, struct jw *w)
{
	char id[64], assoc[64], cidr[32];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, id, sizeof(id));
		make_id(g, ID_CIDRASSOC, "vpc-cidr-assoc", v, assoc, sizeof(assoc));
		vpc_cidr(g, v, cidr, sizeof(cidr));
		gen_vpc(w, id, assoc, cidr);
		jw_name_tag(w, false, "bench-vpc-%u", v);
		jw_end_obj(w);
	}
}

static void write_subnets(const struct gen *g, struct jw *w)
{
	char id[64], vpc[64], ip[16], cidr[32];
	uint32_t size = 1u << (32 - g->subnet_len);
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		for (uint32_t s = 0; s < g->o.subnets_per_vpc; s++) {
			uint64_t n = (uint64_t)v * g->o.subnets_per_vpc + s;
			make_id(g, ID_SUBNET, "subnet", n, id, sizeof(id));
			ip_str(subnet_base(g, v, s), ip);
			snprintf(cidr, sizeof(cidr), "%s/%u", ip, g->subnet_len);
			gen_subnet(w, id, vpc, cidr, s % 6,
				   size - 5 - enis_in_subnet(g, v, s) - (s == 0 ? 1 : 0),
				   subnet_public(g, s));
			jw_name_tag(w, false, "bench-%s-%u-%u",
				    subnet_public(g, s) ? "public" :
				    subnet_data(g, s)   ? "data" :
							  "private",
				    v, s);
			jw_end_obj(w);
		}
	}
}

static void rtb_assoc(const struct gen *g, struct jw *w, const char *rtb, uint32_t v, uint32_t s)
{
	char assoc[64], sub[64];
	uint64_t n = (uint64_t)v * g->o.subnets_per_vpc + s;
	make_id(g, ID_RTBASSOC, "rtbassoc", ((uint64_t)v << 20) + s + 1, assoc, sizeof(assoc));
	make_id(g, ID_SUBNET, "subnet", n, sub, sizeof(sub));
	gen_rtb_assoc(w, assoc, rtb, false, sub);
}

/* Per VPC: the main table (local route only, no subnet uses it), a public
 * table (0.0.0.0/0 -> IGW) and a private table (0.0.0.0/0 -> NAT gateway),
 * both with the peer VPC's CIDR -> the peering connection. */
static void write_route_tables(const struct gen *g, struct jw *w)
{
	static const char *const names[] = {"main", "public", "private"};
	char vpc[64], rtb[64], assoc[64], cidr[32], peer_cidr[32], igw[64], nat[64], pcx[64];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		make_id(g, ID_IGW, "igw", v, igw, sizeof(igw));
		make_id(g, ID_NAT, "nat", v, nat, sizeof(nat));
		vpc_cidr(g, v, cidr, sizeof(cidr));
		uint32_t peer = vpc_peer(g, v);
		if (peer != UINT32_MAX) {
			vpc_cidr(g, peer, peer_cidr, sizeof(peer_cidr));
			make_id(g, ID_PCX, "pcx", v / 2, pcx, sizeof(pcx));
		}
		for (int t = 0; t < 3; t++) {
			make_id(g, ID_RTB, "rtb", (uint64_t)v * 3 + (uint64_t)t, rtb, sizeof(rtb));
			jw_obj(w, NULL);
			jw_arr(w, "Associations");
			if (t == 0) {
				make_id(g, ID_RTBASSOC, "rtbassoc", (uint64_t)v << 20, assoc,
					sizeof(assoc));
				gen_rtb_assoc(w, assoc, rtb, true, NULL);
			} else {
				for (uint32_t s = 0; s < g->o.subnets_per_vpc; s++)
					if (subnet_public(g, s) == (t == 1))
						rtb_assoc(g, w, rtb, v, s);
			}
			jw_end_arr(w);
			gen_rtb_routes(w, rtb, cidr);
			if (t > 0 && peer != UINT32_MAX)
				gen_route(w, peer_cidr, "VpcPeeringConnectionId", pcx,
					  "CreateRoute");
			if (t == 1)
				gen_route(w, "0.0.0.0/0", "GatewayId", igw, "CreateRoute");
			else if (t == 2)
				gen_route(w, "0.0.0.0/0", "NatGatewayId", nat, "CreateRoute");
			jw_end_arr(w);
			jw_name_tag(w, false, "bench-%s-%u", names[t], v);
			jw_str(w, "VpcId", vpc);
			jw_str(w, "OwnerId", GEN_ACCOUNT);
			jw_end_obj(w);
		}
	}
}

static void write_internet_gateways(const struct gen *g, struct jw *w)
{
	char vpc[64], igw[64];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		make_id(g, ID_IGW, "igw", v, igw, sizeof(igw));
		jw_obj(w, NULL);
		jw_arr(w, "Attachments");
		jw_obj(w, NULL);
		jw_str(w, "State", "available");
		jw_str(w, "VpcId", vpc);
		jw_end_obj(w);
		jw_end_arr(w);
		jw_str(w, "InternetGatewayId", igw);
		jw_str(w, "OwnerId", GEN_ACCOUNT);
		jw_name_tag(w, false, "bench-igw-%u", v);
		jw_end_obj(w);
	}
}

struct nat_info {
	char id[64], eni[64], alloc[64], assoc[64], subnet[64], vpc[64];
	char priv[16], pub[16];
};

static void nat_info(const struct gen *g, uint32_t v, struct nat_info *x)
{
	make_id(g, ID_NAT, "nat", v, x->id, sizeof(x->id));
	make_id(g, ID_NAT_ENI, "eni", v, x->eni, sizeof(x->eni));
	make_id(g, ID_EIPALLOC, "eipalloc", v, x->alloc, sizeof(x->alloc));
	make_id(g, ID_EIPASSOC, "eipassoc", v, x->assoc, sizeof(x->assoc));
	make_id(g, ID_SUBNET, "subnet", (uint64_t)v * g->o.subnets_per_vpc, x->subnet,
		sizeof(x->subnet));
	make_id(g, ID_VPC, "vpc", v, x->vpc, sizeof(x->vpc));
	ip_str(nat_private_ip(g, v), x->priv);
	ip_str(NAT_PUBLIC_BASE + v + 1, x->pub);
}

static void write_nat_gateways(const struct gen *g, struct jw *w)
{
	struct nat_info x;
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		nat_info(g, v, &x);
		jw_obj(w, NULL);
		jw_str(w, "CreateTime", "2024-05-01T12:00:00+00:00");
		jw_arr(w, "NatGatewayAddresses");
		jw_obj(w, NULL);
		jw_str(w, "AllocationId", x.alloc);
		jw_str(w, "NetworkInterfaceId", x.eni);
		jw_str(w, "PrivateIp", x.priv);
		jw_str(w, "PublicIp", x.pub);
		jw_str(w, "AssociationId", x.assoc);
		jw_bool(w, "IsPrimary", true);
		jw_str(w, "Status", "succeeded");
		jw_end_obj(w);
		jw_end_arr(w);
		jw_str(w, "NatGatewayId", x.id);
		jw_str(w, "State", "available");
		jw_str(w, "SubnetId", x.subnet);
		jw_str(w, "VpcId", x.vpc);
		jw_name_tag(w, false, "bench-nat-%u", v);
		jw_str(w, "ConnectivityType", "public");
		jw_end_obj(w);
	}
}

static void write_addresses(const struct gen *g, struct jw *w)
{
	struct nat_info x;
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		nat_info(g, v, &x);
		jw_obj(w, NULL);
		jw_str(w, "AllocationId", x.alloc);
		jw_str(w, "AssociationId", x.assoc);
		jw_str(w, "Domain", "vpc");
		jw_str(w, "NetworkInterfaceId", x.eni);
		jw_str(w, "NetworkInterfaceOwnerId", GEN_ACCOUNT);
		jw_str(w, "PrivateIpAddress", x.priv);
		jw_str(w, "PublicIp", x.pub);
		jw_str(w, "PublicIpv4Pool", "amazon");
		jw_str(w, "NetworkBorderGroup", GEN_REGION);
		jw_end_obj(w);
	}
}

static void pcx_side(const struct gen *g, struct jw *w, const char *key, uint32_t v)
{
	char vpc[64], cidr[32];
	make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
	vpc_cidr(g, v, cidr, sizeof(cidr));
	jw_obj(w, key);
	jw_str(w, "CidrBlock", cidr);
	jw_arr(w, "CidrBlockSet");
	jw_obj(w, NULL);
	jw_str(w, "CidrBlock", cidr);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_str(w, "OwnerId", GEN_ACCOUNT);
	jw_obj(w, "PeeringOptions");
	jw_bool(w, "AllowDnsResolutionFromRemoteVpc", false);
	jw_bool(w, "AllowEgressFromLocalClassicLinkToRemoteVpc", false);
	jw_bool(w, "AllowEgressFromLocalVpcToRemoteClassicLink", false);
	jw_end_obj(w);
	jw_str(w, "VpcId", vpc);
	jw_str(w, "Region", GEN_REGION);
	jw_end_obj(w);
}

static void write_peerings(const struct gen *g, struct jw *w)
{
	char pcx[64];
	for (uint32_t v = 0; v + 1 < g->o.vpcs; v += 2) {
		make_id(g, ID_PCX, "pcx", v / 2, pcx, sizeof(pcx));
		jw_obj(w, NULL);
		pcx_side(g, w, "AccepterVpcInfo", v + 1);
		jw_str(w, "ExpirationTime", "2024-05-08T12:00:00+00:00");
		pcx_side(g, w, "RequesterVpcInfo", v);
		jw_obj(w, "Status");
		jw_str(w, "Code", "active");
		jw_str(w, "Message", "Active");
		jw_end_obj(w);
		jw_name_tag(w, false, "bench-pcx-%u-%u", v, v + 1);
		jw_str(w, "VpcPeeringConnectionId", pcx);
		jw_end_obj(w);
	}
}

static void ip_range(struct jw *w, const char *cidr, const char *desc)
{
	jw_arr(w, "IpRanges");
	if (cidr) {
		jw_obj(w, NULL);
		jw_str(w, "CidrIp", cidr);
		if (desc)
			jw_str(w, "Description", desc);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static void empty_peers(struct jw *w, bool ranges, bool groups)
{
	if (ranges)
		ip_range(w, NULL, NULL);
	jw_arr(w, "Ipv6Ranges");
	jw_end_arr(w);
	jw_arr(w, "PrefixListIds");
	jw_end_arr(w);
	if (groups) {
		jw_arr(w, "UserIdGroupPairs");
		jw_end_arr(w);
	}
}

/* The UserIdGroupPairs of a permission from group @sg of this account. */
static void group_pair(struct jw *w, const char *sg, const char *desc)
{
	jw_arr(w, "UserIdGroupPairs");
	jw_obj(w, NULL);
	if (desc)
		jw_str(w, "Description", desc);
	jw_str(w, "GroupId", sg);
	jw_str(w, "UserId", GEN_ACCOUNT);
	jw_end_obj(w);
	jw_end_arr(w);
}

/* One permission: @proto with ports (or ICMP type/code) from..to, from a
 * CIDR, or from group @sg when @cidr is NULL. */
static void sg_perm(struct jw *w, const char *proto, int from, int to, const char *cidr,
		    const char *sg, const char *desc)
{
	jw_obj(w, NULL);
	jw_int(w, "FromPort", from);
	jw_str(w, "IpProtocol", proto);
	if (cidr) {
		ip_range(w, cidr, desc);
		empty_peers(w, false, true);
	} else {
		empty_peers(w, true, false);
		group_pair(w, sg, desc);
	}
	jw_int(w, "ToPort", to);
	jw_end_obj(w);
}

enum tier {
	TIER_INTERNAL = 0,
	TIER_WEB,
	TIER_APP,
	TIER_DB
};

struct perm_spec {
	const char *proto;
	int from, to;
	const char *cidr, *sg, *desc;
};

static const char *const tier_names[] = {"internal", "web", "app", "db"};

/* The tier's own rules (what people write), at most 6; returns how many. */
static uint32_t tier_rules(const struct gen *g, struct jw *w, uint32_t v, uint32_t k, uint32_t max)
{
	char cidr[32], peer_cidr[32], web[64];
	vpc_cidr(g, v, cidr, sizeof(cidr));
	uint32_t peer = vpc_peer(g, v);
	struct perm_spec r[6];
	uint32_t n = 0;
	switch ((enum tier)(k % 4)) {
	case TIER_WEB:
		r[n++] = (struct perm_spec){"tcp", 443, 443, "0.0.0.0/0", NULL, "https"};
		r[n++] = (struct perm_spec){"tcp", 80, 80, "0.0.0.0/0", NULL, "http"};
		break;
	case TIER_APP:
		r[n++] = (struct perm_spec){"tcp", 8080, 8080, cidr, NULL, "app"};
		r[n++] = (struct perm_spec){"tcp", 443, 443, cidr, NULL, NULL};
		r[n++] = (struct perm_spec){"udp", 53, 53, cidr, NULL, "dns"};
		if (peer != UINT32_MAX) {
			vpc_cidr(g, peer, peer_cidr, sizeof(peer_cidr));
			r[n++] = (struct perm_spec){"tcp", 443, 443, peer_cidr, NULL, "from peer"};
		}
		break;
	case TIER_DB:
		r[n++] = (struct perm_spec){"tcp", 5432, 5432, cidr, NULL, "postgres"};
		if (peer != UINT32_MAX) {
			vpc_cidr(g, peer, peer_cidr, sizeof(peer_cidr));
			r[n++] = (struct perm_spec){"tcp",     3306, 3306,
						    peer_cidr, NULL, "mysql from peer"};
		}
		break;
	case TIER_INTERNAL:
		if (g->o.sgs_per_vpc > 1) {
			make_id(g, ID_SG, "sg", (uint64_t)v * g->o.sgs_per_vpc + 1, web,
				sizeof(web));
			r[n++] = (struct perm_spec){"tcp", 443, 443, NULL, web, "from web"};
		}
		break;
	}
	r[n++] = (struct perm_spec){"tcp", 22, 22, cidr, NULL, "ssh"};
	r[n++] = (struct perm_spec){"icmp", -1, -1, cidr, NULL, NULL};
	uint32_t i;
	for (i = 0; i < n && i < max; i++)
		sg_perm(w, r[i].proto, r[i].from, r[i].to, r[i].cidr, r[i].sg, r[i].desc);
	return i;
}

/* Group 0 of each VPC is "default" (ingress from itself, egress anywhere);
 * the others are tier groups with rules_per_sg rules: the tier's own, then
 * synthetic ones up to rules_per_sg - 1 ingress, and 1 egress (anywhere, or
 * only the VPC for the internal tier). */
static void write_security_groups(const struct gen *g, struct jw *w)
{
	char vpc[64], sg[64], peer[64], cidr[32], vcidr[32];
	uint32_t n_in = g->o.rules_per_sg > 1 ? g->o.rules_per_sg - 1 : 0;
	if (n_in > 60)
		n_in = 60; /* AWS's default quota per direction */
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		vpc_cidr(g, v, vcidr, sizeof(vcidr));
		for (uint32_t k = 0; k < g->o.sgs_per_vpc; k++) {
			uint64_t n = (uint64_t)v * g->o.sgs_per_vpc + k;
			make_id(g, ID_SG, "sg", n, sg, sizeof(sg));
			jw_obj(w, NULL);
			jw_str(w, "Description",
			       k == 0 ? "default VPC security group" : "bench tier group");
			if (k == 0)
				jw_str(w, "GroupName", "default");
			else
				jw_strf(w, "GroupName", "bench-%s-%u-%u", tier_names[k % 4], v, k);
			jw_arr(w, "IpPermissions");
			if (k == 0) {
				jw_obj(w, NULL);
				jw_str(w, "IpProtocol", "-1");
				empty_peers(w, true, false);
				group_pair(w, sg, NULL);
				jw_end_obj(w);
			}
			uint32_t r0 = k > 0 ? tier_rules(g, w, v, k, n_in) : n_in;
			for (uint32_t r = r0; r < n_in; r++) {
				/* synthetic rules on ports the tier rules do not use */
				jw_obj(w, NULL);
				switch (r % 4) {
				case 0: /* TCP from the VPC */
				case 1: /* TCP from a /24 elsewhere */
					jw_int(w, "FromPort", 1024 + r);
					jw_str(w, "IpProtocol", "tcp");
					if (r % 4 == 0)
						snprintf(cidr, sizeof(cidr), "%s", vcidr);
					else
						snprintf(cidr, sizeof(cidr), "198.51.%u.0/24",
							 r % 256);
					ip_range(w, cidr, r % 8 == 1 ? "partner" : NULL);
					empty_peers(w, false, true);
					jw_int(w, "ToPort", 1024 + r + (r % 3) * 10);
					break;
				case 2: /* UDP from another group of the VPC */
					make_id(g, ID_SG, "sg",
						(uint64_t)v * g->o.sgs_per_vpc +
							(k + r) % g->o.sgs_per_vpc,
						peer, sizeof(peer));
					jw_int(w, "FromPort", 2000 + r);
					jw_str(w, "IpProtocol", "udp");
					empty_peers(w, true, false);
					group_pair(w, peer, NULL);
					jw_int(w, "ToPort", 2000 + r);
					break;
				default: /* ICMP type r from another private /16 */
					jw_int(w, "FromPort", (long long)(r % 40));
					jw_str(w, "IpProtocol", "icmp");
					snprintf(cidr, sizeof(cidr), "172.%u.0.0/16", 16 + r % 16);
					ip_range(w, cidr, NULL);
					empty_peers(w, false, true);
					jw_int(w, "ToPort", -1);
					break;
				}
				jw_end_obj(w);
			}
			jw_end_arr(w);
			jw_str(w, "OwnerId", GEN_ACCOUNT);
			jw_str(w, "GroupId", sg);
			jw_arr(w, "IpPermissionsEgress");
			jw_obj(w, NULL);
			jw_str(w, "IpProtocol", "-1");
			ip_range(w, k > 0 && k % 4 == TIER_INTERNAL ? vcidr : "0.0.0.0/0", NULL);
			empty_peers(w, false, true);
			jw_end_obj(w);
			jw_end_arr(w);
			jw_str(w, "VpcId", vpc);
			jw_end_obj(w);
		}
	}
}

/* One ACL entry; ports when from >= 0 (TCP/UDP), all ICMP for "1". */
static void acl_entry(struct jw *w, int rule, bool egress, const char *proto, bool allow,
		      const char *cidr, int from, int to)
{
	jw_obj(w, NULL);
	jw_str(w, "CidrBlock", cidr);
	jw_bool(w, "Egress", egress);
	if (!strcmp(proto, "1")) {
		jw_obj(w, "IcmpTypeCode");
		jw_int(w, "Code", -1);
		jw_int(w, "Type", -1);
		jw_end_obj(w);
	}
	if (from >= 0) {
		jw_obj(w, "PortRange");
		jw_int(w, "From", from);
		jw_int(w, "To", to);
		jw_end_obj(w);
	}
	jw_str(w, "Protocol", proto);
	jw_str(w, "RuleAction", allow ? "allow" : "deny");
	jw_int(w, "RuleNumber", rule);
	jw_end_obj(w);
}

static void acl_assocs(const struct gen *g, struct jw *w, const char *acl, uint32_t v, bool data)
{
	char assoc[64], sub[64];
	jw_arr(w, "Associations");
	for (uint32_t s = 0; s < g->o.subnets_per_vpc; s++) {
		if (subnet_data(g, s) != data)
			continue;
		uint64_t n = (uint64_t)v * g->o.subnets_per_vpc + s;
		make_id(g, ID_ACLASSOC, "aclassoc", n, assoc, sizeof(assoc));
		make_id(g, ID_SUBNET, "subnet", n, sub, sizeof(sub));
		jw_obj(w, NULL);
		jw_str(w, "NetworkAclAssociationId", assoc);
		jw_str(w, "NetworkAclId", acl);
		jw_str(w, "SubnetId", sub);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

/* Per VPC: the default ACL, on every subnet but the data ones, with a few
 * numbered rules in front of AWS's allow-all 100 and the implicit 32767;
 * and the data ACL: inbound only database, SSH and ICMP from the VPC plus
 * return traffic on 1024-65535 (vpc-network-acls.html "Ephemeral ports"),
 * outbound the VPC, HTTPS, DNS and replies. */
static void write_network_acls(const struct gen *g, struct jw *w)
{
	char vpc[64], acl[64], cidr[32];
	const char *any = "0.0.0.0/0";
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		vpc_cidr(g, v, cidr, sizeof(cidr));
		for (int data = 0; data < 2; data++) {
			make_id(g, ID_ACL, "acl", (uint64_t)v * 2 + (uint64_t)data, acl,
				sizeof(acl));
			jw_obj(w, NULL);
			acl_assocs(g, w, acl, v, data);
			jw_arr(w, "Entries");
			if (!data) {
				acl_entry(w, 100, true, "-1", true, any, -1, -1);
				acl_entry(w, 32767, true, "-1", false, any, -1, -1);
				acl_entry(w, 50, false, "6", false, any, 23, 23);
				acl_entry(w, 60, false, "17", false, any, 1900, 1900);
				acl_entry(w, 100, false, "-1", true, any, -1, -1);
				acl_entry(w, 32767, false, "-1", false, any, -1, -1);
			} else {
				acl_entry(w, 100, true, "-1", true, cidr, -1, -1);
				acl_entry(w, 110, true, "6", true, any, 443, 443);
				acl_entry(w, 120, true, "6", true, any, 1024, 65535);
				acl_entry(w, 130, true, "17", true, any, 53, 53);
				acl_entry(w, 140, true, "17", true, any, 1024, 65535);
				acl_entry(w, 32767, true, "-1", false, any, -1, -1);
				acl_entry(w, 100, false, "6", true, cidr, 5432, 5432);
				acl_entry(w, 110, false, "6", true, cidr, 3306, 3306);
				acl_entry(w, 120, false, "6", true, cidr, 22, 22);
				acl_entry(w, 130, false, "1", true, cidr, -1, -1);
				acl_entry(w, 140, false, "6", true, any, 1024, 65535);
				acl_entry(w, 150, false, "17", true, any, 1024, 65535);
				acl_entry(w, 32767, false, "-1", false, any, -1, -1);
			}
			jw_end_arr(w);
			jw_bool(w, "IsDefault", !data);
			jw_str(w, "NetworkAclId", acl);
			if (data)
				jw_name_tag(w, false, "bench-data-acl-%u", v);
			else {
				jw_arr(w, "Tags");
				jw_end_arr(w);
			}
			jw_str(w, "VpcId", vpc);
			jw_str(w, "OwnerId", GEN_ACCOUNT);
			jw_end_obj(w);
		}
	}
}

struct eni_info {
	char id[64], inst[64], attach[64], subnet[64], vpc[64], sg0[64], sg1[64];
	char ip[16], dns[64], mac[24];
	char pub[16], pub_dns[80]; /* empty when the ENI has no public IP */
	char az;
};

static void eni_info(const struct gen *g, uint32_t e, struct eni_info *x)
{
	uint32_t v, s, slot;
	eni_place(g, e, &v, &s, &slot);
	make_id(g, ID_ENI, "eni", e, x->id, sizeof(x->id));
	make_id(g, ID_INSTANCE, "i", e, x->inst, sizeof(x->inst));
	make_id(g, ID_ATTACH, "eni-attach", e, x->attach, sizeof(x->attach));
	make_id(g, ID_SUBNET, "subnet", (uint64_t)v * g->o.subnets_per_vpc + s, x->subnet,
		sizeof(x->subnet));
	make_id(g, ID_VPC, "vpc", v, x->vpc, sizeof(x->vpc));
	/* the default group on one ENI in 5 (and always when it is the only one) */
	x->sg0[0] = x->sg1[0] = '\0';
	if (e % 5 == 0 || g->o.sgs_per_vpc == 1)
		make_id(g, ID_SG, "sg", (uint64_t)v * g->o.sgs_per_vpc, x->sg0, sizeof(x->sg0));
	if (g->o.sgs_per_vpc > 1)
		make_id(g, ID_SG, "sg",
			(uint64_t)v * g->o.sgs_per_vpc + 1 + e % (g->o.sgs_per_vpc - 1), x->sg1,
			sizeof(x->sg1));
	uint32_t a = subnet_base(g, v, s) + 4 + slot; /* .0-.3 are AWS's */
	ip_str(a, x->ip);
	snprintf(x->dns, sizeof(x->dns), "ip-%u-%u-%u-%u.ec2.internal", a >> 24, (a >> 16) & 255,
		 (a >> 8) & 255, a & 255);
	x->pub[0] = x->pub_dns[0] = '\0';
	if (subnet_public(g, s)) {
		uint32_t p = ENI_PUBLIC_BASE + e + 1;
		ip_str(p, x->pub);
		snprintf(x->pub_dns, sizeof(x->pub_dns), "ec2-%u-%u-%u-%u.compute-1.amazonaws.com",
			 p >> 24, (p >> 16) & 255, (p >> 8) & 255, p & 255);
	}
	uint64_t h = splitmix64(e ^ g->salt[ID_MAC]);
	snprintf(x->mac, sizeof(x->mac), "02:%02x:%02x:%02x:%02x:%02x", (unsigned)(h & 255),
		 (unsigned)(h >> 8 & 255), (unsigned)(h >> 16 & 255), (unsigned)(h >> 24 & 255),
		 (unsigned)(h >> 32 & 255));
	x->az = az_of(s);
}

static void groups(struct jw *w, const char *key, const struct eni_info *x)
{
	jw_arr(w, key);
	if (x->sg0[0]) {
		jw_obj(w, NULL);
		jw_str(w, "GroupName", "default");
		jw_str(w, "GroupId", x->sg0);
		jw_end_obj(w);
	}
	if (x->sg1[0]) {
		jw_obj(w, NULL);
		jw_str(w, "GroupName", "bench");
		jw_str(w, "GroupId", x->sg1);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

/* The Association object of a public IPv4 address AWS assigned. */
static void public_assoc(struct jw *w, const char *pub, const char *pub_dns)
{
	jw_obj(w, "Association");
	jw_str(w, "IpOwnerId", "amazon");
	jw_str(w, "PublicDnsName", pub_dns);
	jw_str(w, "PublicIp", pub);
	jw_end_obj(w);
}

/* The Association of a NAT gateway's Elastic IP, on its ENI and on the
 * ENI's private address alike. */
static void nat_eip_assoc(struct jw *w, const struct nat_info *x)
{
	jw_obj(w, "Association");
	jw_str(w, "AllocationId", x->alloc);
	jw_str(w, "AssociationId", x->assoc);
	jw_str(w, "IpOwnerId", GEN_ACCOUNT);
	jw_str(w, "PublicIp", x->pub);
	jw_end_obj(w);
}

/* The keys that end a describe-network-interfaces element, AWS's order:
 * an AWS-managed interface (a NAT gateway's) does not check source and
 * destination. */
static void eni_tail(struct jw *w, bool requester_managed, const char *subnet, const char *vpc)
{
	jw_bool(w, "RequesterManaged", requester_managed);
	jw_bool(w, "SourceDestCheck", !requester_managed);
	jw_str(w, "Status", "in-use");
	jw_str(w, "SubnetId", subnet);
	jw_arr(w, "TagSet");
	jw_end_arr(w);
	jw_str(w, "VpcId", vpc);
	jw_end_obj(w);
}

static void write_nat_eni(const struct gen *g, struct jw *w, uint32_t v)
{
	struct nat_info x;
	nat_info(g, v, &x);
	uint64_t h = splitmix64(((uint64_t)1 << 40) + v) ^ g->salt[ID_MAC];
	jw_obj(w, NULL);
	nat_eip_assoc(w, &x);
	jw_strf(w, "AvailabilityZone", GEN_REGION "%c", az_of(0));
	jw_strf(w, "Description", "Interface for NAT Gateway %s", x.id);
	jw_arr(w, "Groups");
	jw_end_arr(w);
	jw_str(w, "InterfaceType", "nat_gateway");
	jw_arr(w, "Ipv6Addresses");
	jw_end_arr(w);
	jw_strf(w, "MacAddress", "02:%02x:%02x:%02x:%02x:%02x", (unsigned)(h & 255),
		(unsigned)(h >> 8 & 255), (unsigned)(h >> 16 & 255), (unsigned)(h >> 24 & 255),
		(unsigned)(h >> 32 & 255));
	jw_str(w, "NetworkInterfaceId", x.eni);
	jw_str(w, "OwnerId", GEN_ACCOUNT);
	jw_str(w, "PrivateIpAddress", x.priv);
	jw_arr(w, "PrivateIpAddresses");
	jw_obj(w, NULL);
	nat_eip_assoc(w, &x);
	jw_bool(w, "Primary", true);
	jw_str(w, "PrivateIpAddress", x.priv);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_str(w, "RequesterId", "440624409232");
	eni_tail(w, true, x.subnet, x.vpc);
}

/* An interface's addresses, the same in describe-network-interfaces and in
 * the NetworkInterfaces of describe-instances. */
static void eni_addresses(struct jw *w, const struct eni_info *x)
{
	jw_arr(w, "Ipv6Addresses");
	jw_end_arr(w);
	jw_str(w, "MacAddress", x->mac);
	jw_str(w, "NetworkInterfaceId", x->id);
	jw_str(w, "OwnerId", GEN_ACCOUNT);
	jw_str(w, "PrivateDnsName", x->dns);
	jw_str(w, "PrivateIpAddress", x->ip);
	jw_arr(w, "PrivateIpAddresses");
	jw_obj(w, NULL);
	if (x->pub[0])
		public_assoc(w, x->pub, x->pub_dns);
	jw_bool(w, "Primary", true);
	jw_str(w, "PrivateDnsName", x->dns);
	jw_str(w, "PrivateIpAddress", x->ip);
	jw_end_obj(w);
	jw_end_arr(w);
}

/* An interface's public association, when it has one, and its Attachment.
 * In describe-network-interfaces the attachment names its instance; in the
 * NetworkInterfaces of describe-instances (@in_instance), inside that
 * instance, it does not, and Status comes before NetworkCardIndex. */
static void eni_attachment(struct jw *w, const struct eni_info *x, bool in_instance)
{
	if (x->pub[0])
		public_assoc(w, x->pub, x->pub_dns);
	jw_obj(w, "Attachment");
	jw_str(w, "AttachTime", "2024-05-01T12:00:00+00:00");
	jw_str(w, "AttachmentId", x->attach);
	jw_bool(w, "DeleteOnTermination", true);
	jw_int(w, "DeviceIndex", 0);
	if (in_instance) {
		jw_str(w, "Status", "attached");
		jw_int(w, "NetworkCardIndex", 0);
	} else {
		jw_int(w, "NetworkCardIndex", 0);
		jw_str(w, "InstanceId", x->inst);
		jw_str(w, "InstanceOwnerId", GEN_ACCOUNT);
		jw_str(w, "Status", "attached");
	}
	jw_end_obj(w);
}

static void write_network_interfaces(const struct gen *g, struct jw *w)
{
	struct eni_info x;
	for (uint32_t e = 0; e < g->o.enis; e++) {
		eni_info(g, e, &x);
		jw_obj(w, NULL);
		eni_attachment(w, &x, false);
		jw_strf(w, "AvailabilityZone", GEN_REGION "%c", x.az);
		jw_str(w, "Description", "");
		groups(w, "Groups", &x);
		jw_str(w, "InterfaceType", "interface");
		eni_addresses(w, &x);
		eni_tail(w, false, x.subnet, x.vpc);
	}
	for (uint32_t v = 0; v < g->o.vpcs; v++)
		write_nat_eni(g, w, v);
}

/* One reservation per 10 instances, as `run-instances --count 10` makes. */
static void write_reservations(const struct gen *g, struct jw *w)
{
	struct eni_info x;
	char rid[64];
	for (uint32_t e = 0; e < g->o.enis; e++) {
		if (e % 10 == 0) {
			if (e)
				jw_end_arr(w), jw_end_obj(w);
			make_id(g, ID_RESERVATION, "r", e / 10, rid, sizeof(rid));
			jw_obj(w, NULL);
			jw_arr(w, "Groups");
			jw_end_arr(w);
			jw_arr(w, "Instances");
		}
		eni_info(g, e, &x);
		jw_obj(w, NULL);
		jw_int(w, "AmiLaunchIndex", e % 10);
		jw_str(w, "ImageId", "ami-0c02fb55956c7d316");
		jw_str(w, "InstanceId", x.inst);
		jw_str(w, "InstanceType", "t3.micro");
		jw_str(w, "LaunchTime", "2024-05-01T12:00:00+00:00");
		jw_obj(w, "Monitoring");
		jw_str(w, "State", "disabled");
		jw_end_obj(w);
		jw_obj(w, "Placement");
		jw_strf(w, "AvailabilityZone", GEN_REGION "%c", x.az);
		jw_str(w, "GroupName", "");
		jw_str(w, "Tenancy", "default");
		jw_end_obj(w);
		jw_str(w, "PrivateDnsName", x.dns);
		jw_str(w, "PrivateIpAddress", x.ip);
		jw_arr(w, "ProductCodes");
		jw_end_arr(w);
		jw_str(w, "PublicDnsName", x.pub_dns);
		if (x.pub[0])
			jw_str(w, "PublicIpAddress", x.pub);
		jw_obj(w, "State");
		jw_int(w, "Code", 16);
		jw_str(w, "Name", "running");
		jw_end_obj(w);
		jw_str(w, "SubnetId", x.subnet);
		jw_str(w, "VpcId", x.vpc);
		jw_str(w, "Architecture", "x86_64");
		jw_arr(w, "NetworkInterfaces");
		jw_obj(w, NULL);
		eni_attachment(w, &x, true);
		jw_str(w, "Description", "");
		groups(w, "Groups", &x);
		eni_addresses(w, &x);
		jw_bool(w, "SourceDestCheck", true);
		jw_str(w, "Status", "in-use");
		jw_str(w, "SubnetId", x.subnet);
		jw_str(w, "VpcId", x.vpc);
		jw_str(w, "InterfaceType", "interface");
		jw_end_obj(w);
		jw_end_arr(w);
		jw_str(w, "RootDeviceName", "/dev/xvda");
		jw_str(w, "RootDeviceType", "ebs");
		groups(w, "SecurityGroups", &x);
		jw_bool(w, "SourceDestCheck", true);
		jw_name_tag(w, false, "bench-%u", e);
		jw_str(w, "VirtualizationType", "hvm");
		jw_end_obj(w);
	}
	if (g->o.enis) {
		jw_end_arr(w);
		jw_str(w, "OwnerId", GEN_ACCOUNT);
		jw_str(w, "ReservationId", rid);
		jw_end_obj(w);
	}
}

/* ---- main ---- */

/* The files of a snapshot, in the order written. */
static const struct gen_file files[] = {
	{"vpcs.json", "Vpcs", write_vpcs},
	{"subnets.json", "Subnets", write_subnets},
	{"route_tables.json", "RouteTables", write_route_tables},
	{"internet_gateways.json", "InternetGateways", write_internet_gateways},
	{"nat_gateways.json", "NatGateways", write_nat_gateways},
	{"addresses.json", "Addresses", write_addresses},
	{"vpc_peering_connections.json", "VpcPeeringConnections", write_peerings},
	{"security_groups.json", "SecurityGroups", write_security_groups},
	{"network_acls.json", "NetworkAcls", write_network_acls},
	{"network_interfaces.json", "NetworkInterfaces", write_network_interfaces},
	{"reservations.json", "Reservations", write_reservations},
};

int main(int argc, char **argv)
{
	struct gen g;
	memset(&g, 0, sizeof(g));
	g.o = (struct opts){NULL, 100, 50, 100000, 20, 30, 1};
	const struct bench_opt opts[] = {
		{"--vpcs", BENCH_OPT_U32, &g.o.vpcs, 1, 100000},
		{"--subnets-per-vpc", BENCH_OPT_U32, &g.o.subnets_per_vpc, 1, 256},
		{"--enis", BENCH_OPT_U32, &g.o.enis, 0, 4000000},
		{"--sgs-per-vpc", BENCH_OPT_U32, &g.o.sgs_per_vpc, 1, 10000},
		{"--rules-per-sg", BENCH_OPT_U32, &g.o.rules_per_sg, 0, 61},
		{"--seed", BENCH_OPT_U64, &g.o.seed, 0, UINT64_MAX},
		{NULL, BENCH_OPT_FLAG, NULL, 0, 0},
	};
	bench_args("gen_snapshot",
		   "usage: gen_snapshot OUTDIR [--vpcs N] [--subnets-per-vpc N] [--enis N]\n"
		   "                    [--sgs-per-vpc N] [--rules-per-sg N] [--seed S]\n"
		   "defaults: 100 VPCs x 50 subnets, 100000 ENIs, 20 SGs per VPC x 30 rules\n",
		   opts, argc, argv, &g.o.out);
	gen_salts(g.o.seed, g.salt, GEN_MAX_SALTS);
	plan(&g);

	char dir[4096];
	gen_region_dir(g.o.out, dir, sizeof(dir));
	gen_write_files(g.o.out, files, sizeof(files) / sizeof(files[0]), &g);
	printf("gen_snapshot: %s: %u VPCs (/%u), %u subnets (/%u, %u public per VPC), %u ENIs "
	       "and instances (+%u NAT gateway ENIs), %u security groups, %u peerings, seed "
	       "%" PRIu64 "\n",
	       dir, g.o.vpcs, g.vpc_len, g.o.vpcs * g.o.subnets_per_vpc, g.subnet_len,
	       g.public_subnets, g.o.enis, g.o.vpcs, g.o.vpcs * g.o.sgs_per_vpc, g.o.vpcs / 2,
	       g.o.seed);
	free(g.vpc_base);
	return 0;
}
