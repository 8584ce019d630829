/*
 * DOC: generator of large synthetic snapshots (benchmarks)
 *
 *   gen_snapshot OUTDIR [--vpcs N] [--subnets-per-vpc N] [--enis N]
 *                [--sgs-per-vpc N] [--rules-per-sg N] [--seed S]
 *
 * Writes OUTDIR/aws_configs/<account>/<region>/{vpcs,subnets,route_tables,
 * security_groups,network_acls,network_interfaces,reservations}.json in the
 * shapes `aws ec2 describe-*` prints (4-space indent, as the CLI's json
 * output), and valid by AWS's rules: VPC CIDRs from the RFC 1918 / RFC 6598
 * ranges without overlap, subnets inside their VPC without overlap, each
 * ENI's address inside its subnet and outside the 5 addresses AWS reserves,
 * one running instance per ENI, no duplicate security group rules, SG rule
 * counts under the default quota of 60 per direction.
 *
 * Defaults give the 100,000-ENI snapshot of the load benchmark: 100 VPCs x
 * 50 subnets, 100,000 ENIs, 20 security groups per VPC with 30 rules each.
 * The same arguments and seed give the same bytes.
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

#define ACCOUNT   "111122223333"
#define REGION    "us-east-1"
#define MAX_DEPTH 32

struct opts {
	const char *out;
	uint32_t vpcs, subnets_per_vpc, enis, sgs_per_vpc, rules_per_sg;
	uint64_t seed;
};

/* ---- ids: AWS ids are a prefix and 17 hex digits; splitmix64 is a
 * bijection, so distinct counters give distinct ids. ---- */

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

struct gen {
	struct opts o;
	uint64_t salt[16];
	/* layout */
	unsigned vpc_len, subnet_len;
	uint32_t *vpc_base; /* host-order network address per VPC */
	uint32_t enis_per_subnet_max;
};

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
	ID_KIND_COUNT
};

static void make_id(const struct gen *g, enum id_kind k, const char *prefix, uint64_t n, char *buf,
		    size_t size)
{
	snprintf(buf, size, "%s-0%016" PRIx64, prefix, splitmix64(n ^ g->salt[k]));
}

/* ---- a JSON writer that indents like Python's json.dumps(indent=4),
 * which is what the AWS CLI uses for --output json ---- */

struct jw {
	FILE *f;
	int depth;
	bool has_items[MAX_DEPTH];
	bool pending_key; /* a key was written; the value follows on the same line */
};

static void jw_indent(struct jw *w)
{
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("    ", w->f);
}

/* Start a value in the current container: comma, newline, indent, key. */
static void jw_start(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		if (w->has_items[w->depth])
			fputc(',', w->f);
		w->has_items[w->depth] = true;
		jw_indent(w);
	}
	if (key)
		fprintf(w->f, "\"%s\": ", key);
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_start(w, key);
	fputc(c, w->f);
	w->depth++;
	if (w->depth >= MAX_DEPTH) {
		fprintf(stderr, "gen_snapshot: nesting too deep\n");
		exit(2);
	}
	w->has_items[w->depth] = false;
}

static void jw_close(struct jw *w, char c)
{
	bool had = w->has_items[w->depth];
	w->depth--;
	if (had)
		jw_indent(w);
	fputc(c, w->f);
}

static void jw_obj(struct jw *w, const char *key)
{
	jw_open(w, key, '{');
}
static void jw_arr(struct jw *w, const char *key)
{
	jw_open(w, key, '[');
}
static void jw_end_obj(struct jw *w)
{
	jw_close(w, '}');
}
static void jw_end_arr(struct jw *w)
{
	jw_close(w, ']');
}

/* Strings we write never need escaping (ids, addresses, fixed words). */
static void jw_str(struct jw *w, const char *key, const char *val)
{
	jw_start(w, key);
	fprintf(w->f, "\"%s\"", val);
}

static void jw_strf(struct jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void jw_strf(struct jw *w, const char *key, const char *fmt, ...)
{
	jw_start(w, key);
	fputc('"', w->f);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(w->f, fmt, ap);
	va_end(ap);
	fputc('"', w->f);
}

static void jw_int(struct jw *w, const char *key, long long v)
{
	jw_start(w, key);
	fprintf(w->f, "%lld", v);
}

static void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_start(w, key);
	fputs(v ? "true" : "false", w->f);
}

static void jw_name_tag(struct jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void jw_name_tag(struct jw *w, const char *key, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	jw_arr(w, key);
	jw_obj(w, NULL);
	jw_str(w, "Key", "Name");
	jw_str(w, "Value", buf);
	jw_end_obj(w);
	jw_end_arr(w);
}

static void ip_str(uint32_t a, char *buf)
{
	sprintf(buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

/* ---- files ---- */

static void mkdir_p(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
				perror(tmp);
				exit(2);
			}
			*p = '/';
		}
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
		perror(tmp);
		exit(2);
	}
}

static FILE *open_out(const struct gen *g, const char *name, struct jw *w, const char *top)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/aws_configs/%s/%s/%s", g->o.out, ACCOUNT, REGION, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	static char bufs[2][1 << 20];
	static int which;
	setvbuf(f, bufs[which++ & 1], _IOFBF, sizeof(bufs[0]));
	memset(w, 0, sizeof(*w));
	w->f = f;
	jw_obj(w, NULL);
	jw_arr(w, top);
	return f;
}

static void close_out(struct jw *w)
{
	jw_end_arr(w);
	jw_end_obj(w);
	fputc('\n', w->f);
	if (fclose(w->f) != 0) {
		perror("gen_snapshot: write");
		exit(2);
	}
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

static unsigned ceil_log2(uint64_t n)
{
	unsigned b = 0;
	while (((uint64_t)1 << b) < n)
		b++;
	return b;
}

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
	/* 5 addresses of each subnet are AWS's; AWS subnets are /16 to /28 */
	unsigned host_bits = ceil_log2((uint64_t)g->enis_per_subnet_max + 5);
	if (host_bits < 8)
		host_bits = 8; /* /24 subnets when they fit: what people use */
	if (host_bits > 16) {
		fprintf(stderr, "gen_snapshot: too many ENIs per subnet\n");
		exit(2);
	}
	g->subnet_len = 32 - host_bits;
	unsigned tight = g->subnet_len - ceil_log2(o->subnets_per_vpc);
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

/* ---- writers ---- */

static void write_vpcs(const struct gen *g)
{
	struct jw w;
	open_out(g, "vpcs.json", &w, "Vpcs");
	char id[64], assoc[64], cidr[32], ip[16];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, id, sizeof(id));
		make_id(g, ID_CIDRASSOC, "vpc-cidr-assoc", v, assoc, sizeof(assoc));
		ip_str(g->vpc_base[v], ip);
		snprintf(cidr, sizeof(cidr), "%s/%u", ip, g->vpc_len);
		jw_obj(&w, NULL);
		jw_str(&w, "CidrBlock", cidr);
		jw_str(&w, "DhcpOptionsId", "dopt-0a1b2c3d4e5f60718");
		jw_str(&w, "State", "available");
		jw_str(&w, "VpcId", id);
		jw_str(&w, "OwnerId", ACCOUNT);
		jw_str(&w, "InstanceTenancy", "default");
		jw_arr(&w, "CidrBlockAssociationSet");
		jw_obj(&w, NULL);
		jw_str(&w, "AssociationId", assoc);
		jw_str(&w, "CidrBlock", cidr);
		jw_obj(&w, "CidrBlockState");
		jw_str(&w, "State", "associated");
		jw_end_obj(&w);
		jw_end_obj(&w);
		jw_end_arr(&w);
		jw_bool(&w, "IsDefault", false);
		jw_name_tag(&w, "Tags", "bench-vpc-%u", v);
		jw_end_obj(&w);
	}
	close_out(&w);
}

static void write_subnets(const struct gen *g)
{
	struct jw w;
	open_out(g, "subnets.json", &w, "Subnets");
	char id[64], vpc[64], ip[16];
	uint32_t size = 1u << (32 - g->subnet_len);
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		for (uint32_t s = 0; s < g->o.subnets_per_vpc; s++) {
			uint64_t n = (uint64_t)v * g->o.subnets_per_vpc + s;
			make_id(g, ID_SUBNET, "subnet", n, id, sizeof(id));
			ip_str(subnet_base(g, v, s), ip);
			jw_obj(&w, NULL);
			jw_strf(&w, "AvailabilityZone", REGION "%c", az_of(s));
			jw_strf(&w, "AvailabilityZoneId", "use1-az%u", s % 6 + 1);
			jw_int(&w, "AvailableIpAddressCount", size - 5 - enis_in_subnet(g, v, s));
			jw_strf(&w, "CidrBlock", "%s/%u", ip, g->subnet_len);
			jw_bool(&w, "DefaultForAz", false);
			jw_bool(&w, "MapPublicIpOnLaunch", false);
			jw_str(&w, "State", "available");
			jw_str(&w, "SubnetId", id);
			jw_str(&w, "VpcId", vpc);
			jw_str(&w, "OwnerId", ACCOUNT);
			jw_bool(&w, "AssignIpv6AddressOnCreation", false);
			jw_arr(&w, "Ipv6CidrBlockAssociationSet");
			jw_end_arr(&w);
			jw_strf(&w, "SubnetArn", "arn:aws:ec2:" REGION ":" ACCOUNT ":subnet/%s",
				id);
			jw_name_tag(&w, "Tags", "bench-subnet-%u-%u", v, s);
			jw_end_obj(&w);
		}
	}
	close_out(&w);
}

static void route(struct jw *w, const char *dst, const char *gw_key, const char *gw,
		  const char *origin)
{
	jw_obj(w, NULL);
	jw_str(w, "DestinationCidrBlock", dst);
	jw_str(w, gw_key, gw);
	jw_str(w, "Origin", origin);
	jw_str(w, "State", "active");
	jw_end_obj(w);
}

/* Per VPC: the main table (local route only) and a "private" table holding
 * every subnet, with a route through the VPC's first ENI as an appliance. */
static void write_route_tables(const struct gen *g)
{
	struct jw w;
	open_out(g, "route_tables.json", &w, "RouteTables");
	char vpc[64], rtb[64], assoc[64], sub[64], eni[64], inst[64], ip[16], cidr[32];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		ip_str(g->vpc_base[v], ip);
		snprintf(cidr, sizeof(cidr), "%s/%u", ip, g->vpc_len);
		for (int t = 0; t < 2; t++) {
			bool main_rtb = t == 0;
			make_id(g, ID_RTB, "rtb", (uint64_t)v * 2 + (uint64_t)t, rtb, sizeof(rtb));
			jw_obj(&w, NULL);
			jw_arr(&w, "Associations");
			if (main_rtb) {
				make_id(g, ID_RTBASSOC, "rtbassoc", (uint64_t)v << 20, assoc,
					sizeof(assoc));
				jw_obj(&w, NULL);
				jw_bool(&w, "Main", true);
				jw_str(&w, "RouteTableAssociationId", assoc);
				jw_str(&w, "RouteTableId", rtb);
				jw_obj(&w, "AssociationState");
				jw_str(&w, "State", "associated");
				jw_end_obj(&w);
				jw_end_obj(&w);
			} else {
				for (uint32_t s = 0; s < g->o.subnets_per_vpc; s++) {
					uint64_t n = (uint64_t)v * g->o.subnets_per_vpc + s;
					make_id(g, ID_RTBASSOC, "rtbassoc",
						((uint64_t)v << 20) + s + 1, assoc, sizeof(assoc));
					make_id(g, ID_SUBNET, "subnet", n, sub, sizeof(sub));
					jw_obj(&w, NULL);
					jw_bool(&w, "Main", false);
					jw_str(&w, "RouteTableAssociationId", assoc);
					jw_str(&w, "RouteTableId", rtb);
					jw_str(&w, "SubnetId", sub);
					jw_obj(&w, "AssociationState");
					jw_str(&w, "State", "associated");
					jw_end_obj(&w);
					jw_end_obj(&w);
				}
			}
			jw_end_arr(&w);
			jw_arr(&w, "PropagatingVgws");
			jw_end_arr(&w);
			jw_str(&w, "RouteTableId", rtb);
			jw_arr(&w, "Routes");
			route(&w, cidr, "GatewayId", "local", "CreateRouteTable");
			/* ENI v * subnets_per_vpc is in VPC v's first subnet */
			uint64_t first_eni = (uint64_t)v * g->o.subnets_per_vpc;
			if (!main_rtb && first_eni < g->o.enis) {
				make_id(g, ID_ENI, "eni", first_eni, eni, sizeof(eni));
				make_id(g, ID_INSTANCE, "i", first_eni, inst, sizeof(inst));
				jw_obj(&w, NULL);
				jw_str(&w, "DestinationCidrBlock", "0.0.0.0/0");
				jw_str(&w, "InstanceId", inst);
				jw_str(&w, "InstanceOwnerId", ACCOUNT);
				jw_str(&w, "NetworkInterfaceId", eni);
				jw_str(&w, "Origin", "CreateRoute");
				jw_str(&w, "State", "active");
				jw_end_obj(&w);
			}
			jw_end_arr(&w);
			jw_name_tag(&w, "Tags", "bench-%s-%u", main_rtb ? "main" : "private", v);
			jw_str(&w, "VpcId", vpc);
			jw_str(&w, "OwnerId", ACCOUNT);
			jw_end_obj(&w);
		}
	}
	close_out(&w);
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

/* Group 0 of each VPC is "default" (ingress from itself, egress anywhere);
 * the others get rules_per_sg rules: rules_per_sg - 1 ingress, 1 egress. */
static void write_security_groups(const struct gen *g)
{
	struct jw w;
	open_out(g, "security_groups.json", &w, "SecurityGroups");
	char vpc[64], sg[64], peer[64], cidr[32], ip[16];
	uint32_t n_in = g->o.rules_per_sg > 1 ? g->o.rules_per_sg - 1 : 0;
	if (n_in > 60)
		n_in = 60; /* AWS's default quota per direction */
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		ip_str(g->vpc_base[v], ip);
		for (uint32_t k = 0; k < g->o.sgs_per_vpc; k++) {
			uint64_t n = (uint64_t)v * g->o.sgs_per_vpc + k;
			make_id(g, ID_SG, "sg", n, sg, sizeof(sg));
			jw_obj(&w, NULL);
			jw_str(&w, "Description",
			       k == 0 ? "default VPC security group" : "bench tier group");
			jw_strf(&w, "GroupName", k == 0 ? "default" : "bench-%u-%u", v, k);
			jw_arr(&w, "IpPermissions");
			if (k == 0) {
				jw_obj(&w, NULL);
				jw_str(&w, "IpProtocol", "-1");
				empty_peers(&w, true, false);
				jw_arr(&w, "UserIdGroupPairs");
				jw_obj(&w, NULL);
				jw_str(&w, "GroupId", sg);
				jw_str(&w, "UserId", ACCOUNT);
				jw_end_obj(&w);
				jw_end_arr(&w);
				jw_end_obj(&w);
			}
			for (uint32_t r = 0; k > 0 && r < n_in; r++) {
				jw_obj(&w, NULL);
				switch (r % 4) {
				case 0: /* TCP from the VPC */
				case 1: /* TCP from a /24 elsewhere */
					jw_int(&w, "FromPort", 1024 + r);
					jw_str(&w, "IpProtocol", "tcp");
					if (r % 4 == 0)
						snprintf(cidr, sizeof(cidr), "%s/%u", ip,
							 g->vpc_len);
					else
						snprintf(cidr, sizeof(cidr), "203.0.%u.0/24",
							 r % 256);
					ip_range(&w, cidr, r % 8 == 1 ? "partner" : NULL);
					empty_peers(&w, false, true);
					jw_int(&w, "ToPort", 1024 + r + (r % 3) * 10);
					break;
				case 2: /* UDP from another group of the VPC */
					make_id(g, ID_SG, "sg",
						(uint64_t)v * g->o.sgs_per_vpc +
							(k + r) % g->o.sgs_per_vpc,
						peer, sizeof(peer));
					jw_int(&w, "FromPort", 2000 + r);
					jw_str(&w, "IpProtocol", "udp");
					empty_peers(&w, true, false);
					jw_arr(&w, "UserIdGroupPairs");
					jw_obj(&w, NULL);
					jw_str(&w, "GroupId", peer);
					jw_str(&w, "UserId", ACCOUNT);
					jw_end_obj(&w);
					jw_end_arr(&w);
					jw_int(&w, "ToPort", 2000 + r);
					break;
				default: /* ICMP type r from a private /16 */
					jw_int(&w, "FromPort", (long long)(r % 40));
					jw_str(&w, "IpProtocol", "icmp");
					snprintf(cidr, sizeof(cidr), "10.%u.0.0/16", r);
					ip_range(&w, cidr, NULL);
					empty_peers(&w, false, true);
					jw_int(&w, "ToPort", -1);
					break;
				}
				jw_end_obj(&w);
			}
			jw_end_arr(&w);
			jw_str(&w, "OwnerId", ACCOUNT);
			jw_str(&w, "GroupId", sg);
			jw_arr(&w, "IpPermissionsEgress");
			jw_obj(&w, NULL);
			jw_str(&w, "IpProtocol", "-1");
			ip_range(&w, "0.0.0.0/0", NULL);
			empty_peers(&w, false, true);
			jw_end_obj(&w);
			jw_end_arr(&w);
			jw_str(&w, "VpcId", vpc);
			jw_end_obj(&w);
		}
	}
	close_out(&w);
}

static void acl_entry(struct jw *w, int rule, bool egress, const char *proto, bool allow, int from,
		      int to)
{
	jw_obj(w, NULL);
	jw_str(w, "CidrBlock", "0.0.0.0/0");
	jw_bool(w, "Egress", egress);
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

/* The default ACL of each VPC, associated with every subnet, with a few
 * numbered rules in front of AWS's allow-all 100 and the implicit 32767. */
static void write_network_acls(const struct gen *g)
{
	struct jw w;
	open_out(g, "network_acls.json", &w, "NetworkAcls");
	char vpc[64], acl[64], assoc[64], sub[64];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		make_id(g, ID_ACL, "acl", v, acl, sizeof(acl));
		jw_obj(&w, NULL);
		jw_arr(&w, "Associations");
		for (uint32_t s = 0; s < g->o.subnets_per_vpc; s++) {
			uint64_t n = (uint64_t)v * g->o.subnets_per_vpc + s;
			make_id(g, ID_ACLASSOC, "aclassoc", n, assoc, sizeof(assoc));
			make_id(g, ID_SUBNET, "subnet", n, sub, sizeof(sub));
			jw_obj(&w, NULL);
			jw_str(&w, "NetworkAclAssociationId", assoc);
			jw_str(&w, "NetworkAclId", acl);
			jw_str(&w, "SubnetId", sub);
			jw_end_obj(&w);
		}
		jw_end_arr(&w);
		jw_arr(&w, "Entries");
		acl_entry(&w, 100, true, "-1", true, -1, -1);
		acl_entry(&w, 32767, true, "-1", false, -1, -1);
		acl_entry(&w, 50, false, "6", false, 23, 23);
		acl_entry(&w, 60, false, "17", false, 1900, 1900);
		acl_entry(&w, 100, false, "-1", true, -1, -1);
		acl_entry(&w, 32767, false, "-1", false, -1, -1);
		jw_end_arr(&w);
		jw_bool(&w, "IsDefault", true);
		jw_str(&w, "NetworkAclId", acl);
		jw_arr(&w, "Tags");
		jw_end_arr(&w);
		jw_str(&w, "VpcId", vpc);
		jw_str(&w, "OwnerId", ACCOUNT);
		jw_end_obj(&w);
	}
	close_out(&w);
}

struct eni_info {
	char id[64], inst[64], attach[64], subnet[64], vpc[64], sg0[64], sg1[64];
	char ip[16], dns[64], mac[24];
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
	make_id(g, ID_SG, "sg", (uint64_t)v * g->o.sgs_per_vpc, x->sg0, sizeof(x->sg0));
	x->sg1[0] = '\0';
	if (g->o.sgs_per_vpc > 1)
		make_id(g, ID_SG, "sg",
			(uint64_t)v * g->o.sgs_per_vpc + 1 + e % (g->o.sgs_per_vpc - 1), x->sg1,
			sizeof(x->sg1));
	uint32_t a = subnet_base(g, v, s) + 4 + slot; /* .0-.3 are AWS's */
	ip_str(a, x->ip);
	snprintf(x->dns, sizeof(x->dns), "ip-%u-%u-%u-%u.ec2.internal", a >> 24, (a >> 16) & 255,
		 (a >> 8) & 255, a & 255);
	uint64_t h = splitmix64(e ^ g->salt[15]);
	snprintf(x->mac, sizeof(x->mac), "02:%02x:%02x:%02x:%02x:%02x", (unsigned)(h & 255),
		 (unsigned)(h >> 8 & 255), (unsigned)(h >> 16 & 255), (unsigned)(h >> 24 & 255),
		 (unsigned)(h >> 32 & 255));
	x->az = az_of(s);
}

static void groups(struct jw *w, const char *key, const struct gen *g, const struct eni_info *x)
{
	(void)g;
	jw_arr(w, key);
	jw_obj(w, NULL);
	jw_str(w, "GroupName", "default");
	jw_str(w, "GroupId", x->sg0);
	jw_end_obj(w);
	if (x->sg1[0]) {
		jw_obj(w, NULL);
		jw_str(w, "GroupName", "bench");
		jw_str(w, "GroupId", x->sg1);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static void write_network_interfaces(const struct gen *g)
{
	struct jw w;
	open_out(g, "network_interfaces.json", &w, "NetworkInterfaces");
	struct eni_info x;
	for (uint32_t e = 0; e < g->o.enis; e++) {
		eni_info(g, e, &x);
		jw_obj(&w, NULL);
		jw_obj(&w, "Attachment");
		jw_str(&w, "AttachTime", "2024-05-01T12:00:00+00:00");
		jw_str(&w, "AttachmentId", x.attach);
		jw_bool(&w, "DeleteOnTermination", true);
		jw_int(&w, "DeviceIndex", 0);
		jw_int(&w, "NetworkCardIndex", 0);
		jw_str(&w, "InstanceId", x.inst);
		jw_str(&w, "InstanceOwnerId", ACCOUNT);
		jw_str(&w, "Status", "attached");
		jw_end_obj(&w);
		jw_strf(&w, "AvailabilityZone", REGION "%c", x.az);
		jw_str(&w, "Description", "");
		groups(&w, "Groups", g, &x);
		jw_str(&w, "InterfaceType", "interface");
		jw_arr(&w, "Ipv6Addresses");
		jw_end_arr(&w);
		jw_str(&w, "MacAddress", x.mac);
		jw_str(&w, "NetworkInterfaceId", x.id);
		jw_str(&w, "OwnerId", ACCOUNT);
		jw_str(&w, "PrivateDnsName", x.dns);
		jw_str(&w, "PrivateIpAddress", x.ip);
		jw_arr(&w, "PrivateIpAddresses");
		jw_obj(&w, NULL);
		jw_bool(&w, "Primary", true);
		jw_str(&w, "PrivateDnsName", x.dns);
		jw_str(&w, "PrivateIpAddress", x.ip);
		jw_end_obj(&w);
		jw_end_arr(&w);
		jw_bool(&w, "RequesterManaged", false);
		jw_bool(&w, "SourceDestCheck", e >= g->o.vpcs * g->o.subnets_per_vpc);
		jw_str(&w, "Status", "in-use");
		jw_str(&w, "SubnetId", x.subnet);
		jw_arr(&w, "TagSet");
		jw_end_arr(&w);
		jw_str(&w, "VpcId", x.vpc);
		jw_end_obj(&w);
	}
	close_out(&w);
}

/* One reservation per 10 instances, as `run-instances --count 10` makes. */
static void write_reservations(const struct gen *g)
{
	struct jw w;
	open_out(g, "reservations.json", &w, "Reservations");
	struct eni_info x;
	char rid[64];
	for (uint32_t e = 0; e < g->o.enis; e++) {
		if (e % 10 == 0) {
			if (e)
				jw_end_arr(&w), jw_end_obj(&w);
			make_id(g, ID_RESERVATION, "r", e / 10, rid, sizeof(rid));
			jw_obj(&w, NULL);
			jw_arr(&w, "Groups");
			jw_end_arr(&w);
			jw_arr(&w, "Instances");
		}
		eni_info(g, e, &x);
		bool sdc = e >= g->o.vpcs * g->o.subnets_per_vpc;
		jw_obj(&w, NULL);
		jw_int(&w, "AmiLaunchIndex", e % 10);
		jw_str(&w, "ImageId", "ami-0c02fb55956c7d316");
		jw_str(&w, "InstanceId", x.inst);
		jw_str(&w, "InstanceType", "t3.micro");
		jw_str(&w, "LaunchTime", "2024-05-01T12:00:00+00:00");
		jw_obj(&w, "Monitoring");
		jw_str(&w, "State", "disabled");
		jw_end_obj(&w);
		jw_obj(&w, "Placement");
		jw_strf(&w, "AvailabilityZone", REGION "%c", x.az);
		jw_str(&w, "GroupName", "");
		jw_str(&w, "Tenancy", "default");
		jw_end_obj(&w);
		jw_str(&w, "PrivateDnsName", x.dns);
		jw_str(&w, "PrivateIpAddress", x.ip);
		jw_arr(&w, "ProductCodes");
		jw_end_arr(&w);
		jw_str(&w, "PublicDnsName", "");
		jw_obj(&w, "State");
		jw_int(&w, "Code", 16);
		jw_str(&w, "Name", "running");
		jw_end_obj(&w);
		jw_str(&w, "SubnetId", x.subnet);
		jw_str(&w, "VpcId", x.vpc);
		jw_str(&w, "Architecture", "x86_64");
		jw_arr(&w, "NetworkInterfaces");
		jw_obj(&w, NULL);
		jw_obj(&w, "Attachment");
		jw_str(&w, "AttachTime", "2024-05-01T12:00:00+00:00");
		jw_str(&w, "AttachmentId", x.attach);
		jw_bool(&w, "DeleteOnTermination", true);
		jw_int(&w, "DeviceIndex", 0);
		jw_str(&w, "Status", "attached");
		jw_int(&w, "NetworkCardIndex", 0);
		jw_end_obj(&w);
		jw_str(&w, "Description", "");
		groups(&w, "Groups", g, &x);
		jw_arr(&w, "Ipv6Addresses");
		jw_end_arr(&w);
		jw_str(&w, "MacAddress", x.mac);
		jw_str(&w, "NetworkInterfaceId", x.id);
		jw_str(&w, "OwnerId", ACCOUNT);
		jw_str(&w, "PrivateDnsName", x.dns);
		jw_str(&w, "PrivateIpAddress", x.ip);
		jw_arr(&w, "PrivateIpAddresses");
		jw_obj(&w, NULL);
		jw_bool(&w, "Primary", true);
		jw_str(&w, "PrivateDnsName", x.dns);
		jw_str(&w, "PrivateIpAddress", x.ip);
		jw_end_obj(&w);
		jw_end_arr(&w);
		jw_bool(&w, "SourceDestCheck", sdc);
		jw_str(&w, "Status", "in-use");
		jw_str(&w, "SubnetId", x.subnet);
		jw_str(&w, "VpcId", x.vpc);
		jw_str(&w, "InterfaceType", "interface");
		jw_end_obj(&w);
		jw_end_arr(&w);
		jw_str(&w, "RootDeviceName", "/dev/xvda");
		jw_str(&w, "RootDeviceType", "ebs");
		groups(&w, "SecurityGroups", g, &x);
		jw_bool(&w, "SourceDestCheck", sdc);
		jw_name_tag(&w, "Tags", "bench-%u", e);
		jw_str(&w, "VirtualizationType", "hvm");
		jw_end_obj(&w);
	}
	if (g->o.enis) {
		jw_end_arr(&w);
		jw_str(&w, "OwnerId", ACCOUNT);
		jw_str(&w, "ReservationId", rid);
		jw_end_obj(&w);
	}
	close_out(&w);
}

/* ---- main ---- */

static void usage(void)
{
	fprintf(stderr, "usage: gen_snapshot OUTDIR [--vpcs N] [--subnets-per-vpc N] [--enis N]\n"
			"                    [--sgs-per-vpc N] [--rules-per-sg N] [--seed S]\n"
			"defaults: 100 VPCs x 50 subnets, 100000 ENIs, 20 SGs per VPC x 30 "
			"rules\n");
	exit(2);
}

static uint64_t num_arg(const char *name, const char *s, uint64_t max)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > max) {
		fprintf(stderr, "gen_snapshot: bad value for %s: %s\n", name, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct gen g;
	memset(&g, 0, sizeof(g));
	g.o = (struct opts){NULL, 100, 50, 100000, 20, 30, 1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-') {
			if (g.o.out)
				usage();
			g.o.out = a;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		const char *v = argv[++i];
		if (!strcmp(a, "--vpcs"))
			g.o.vpcs = (uint32_t)num_arg(a, v, 100000);
		else if (!strcmp(a, "--subnets-per-vpc"))
			g.o.subnets_per_vpc = (uint32_t)num_arg(a, v, 256);
		else if (!strcmp(a, "--enis"))
			g.o.enis = (uint32_t)num_arg(a, v, 20000000);
		else if (!strcmp(a, "--sgs-per-vpc"))
			g.o.sgs_per_vpc = (uint32_t)num_arg(a, v, 10000);
		else if (!strcmp(a, "--rules-per-sg"))
			g.o.rules_per_sg = (uint32_t)num_arg(a, v, 61);
		else if (!strcmp(a, "--seed"))
			g.o.seed = num_arg(a, v, UINT64_MAX);
		else
			usage();
	}
	if (!g.o.out || g.o.vpcs == 0 || g.o.subnets_per_vpc == 0 || g.o.sgs_per_vpc == 0)
		usage();
	for (int k = 0; k < 16; k++)
		g.salt[k] = splitmix64(g.o.seed * 16 + (uint64_t)k);
	plan(&g);

	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/aws_configs/%s/%s", g.o.out, ACCOUNT, REGION);
	mkdir_p(dir);
	write_vpcs(&g);
	write_subnets(&g);
	write_route_tables(&g);
	write_security_groups(&g);
	write_network_acls(&g);
	write_network_interfaces(&g);
	write_reservations(&g);
	printf("gen_snapshot: %s: %u VPCs (/%u), %u subnets (/%u), %u ENIs and instances, "
	       "%u security groups, seed %" PRIu64 "\n",
	       dir, g.o.vpcs, g.vpc_len, g.o.vpcs * g.o.subnets_per_vpc, g.subnet_len, g.o.enis,
	       g.o.vpcs * g.o.sgs_per_vpc, g.o.seed);
	free(g.vpc_base);
	return 0;
}
