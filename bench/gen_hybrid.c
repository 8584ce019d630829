/*
 * DOC: generator of a large synthetic hybrid network (route benchmark)
 *
 *   gen_hybrid OUTDIR [--vpcs N] [--tgws N] [--site-prefixes N] [--sites N]
 *              [--prefixes-per-vif N] [--tgws-per-dxgw N] [--over-quota]
 *              [--seed S]
 *
 * Writes OUTDIR/aws_configs/<account>/<region>/<Key>.json in the shapes the AWS
 * CLI prints (EC2 in PascalCase, Direct Connect in camelCase), with the
 * Batfish wrapper keys TransitGatewayPropagations and
 * TransitGatewayStaticRoutes, and vpcsim's own Sites for the on-premises
 * side.  Defaults give the route benchmark's network:
 *
 *  - 5,000 VPCs on 10 transit gateways in one region, 500 per TGW.  VPC
 *    CIDRs come from 10.0.0.0/8 without overlap, each TGW's VPCs inside one
 *    summary block (/21 VPCs in a /12 per TGW by default); every VPC has two
 *    subnets (one per half of the VPC CIDR) in two AZs, one main route table
 *    (local; 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 -> its TGW) and a TGW
 *    VPC attachment in both subnets.
 *  - Per TGW two route tables, no default association or propagation:
 *    "spokes" (spoke VPCs associated; shared-services VPC, VPN and DX
 *    gateway propagate; 0.0.0.0/0 -> shared services; 10.0.0.0/8 blackhole,
 *    so spokes do not reach each other) and "shared" (shared-services VPC,
 *    VPN and DX gateway attachments associated; every VPC, the VPN and the
 *    DX gateway propagate; 172.16.0.0/12 -> VPN as a static fallback under
 *    the learned /24s; 100.64.0.0/10 blackhole).  VPC 0 of each TGW is its
 *    shared-services VPC.
 *  - Per TGW one BGP VPN connection (two tunnels UP) with its own customer
 *    gateway, belonging to site (TGW index mod sites).
 *  - Direct Connect gateways, each associated with at most 6 TGWs (AWS's
 *    quota "Transit gateways per Direct Connect gateway", not adjustable),
 *    so 2 gateways of 5 TGWs for 10 TGWs; each association allows the
 *    TGW's summary.  Each DX gateway has its own transit VIFs (4 per DX
 *    connection), enough that no BGP session carries more than
 *    --prefixes-per-vif prefixes (default 90: AWS takes a private/transit
 *    VIF session down above 100 per address family).
 *  - 4 sites advertising 2,000 /24s together (192.168.x.0/24, then
 *    172.16-31.x.0/24), each site its own contiguous share: 95% of them
 *    over one VIF of each DX gateway (communities 7224:7300 / 7224:7200 on
 *    some, MED 10 on some), one in ten also over a second VIF (7224:7100,
 *    prepended, MED 100: a backup; one in thirty an equal copy: DX ECMP),
 *    and all of them over each of the site's VPNs (AS_PATH prepended 1 or
 *    2, MED 200 on some); the other 5% over the VPNs only.
 *
 * Quotas the generator keeps unless --over-quota: 100 prefixes per
 * private/transit VIF session; 1,000 dynamic routes from a customer
 * gateway per VPN connection on a transit gateway (s2svpn vpn-limits); 6
 * TGWs and 30 VIFs per DX gateway (tgw transit-gateway-quotas, DX limits).
 * AWS's "Transit gateways per account" default of 5 is adjustable and is
 * not kept.  The same arguments and seed give the same bytes.
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

/* AWS quotas (see DOC) */
#define DX_SESSION_QUOTA      100
#define VPN_TGW_SESSION_QUOTA 1000
#define DXGW_TGW_QUOTA        6
#define DXGW_VIF_QUOTA        30
#define TRANSIT_VIFS_PER_CONN 4

/* Address plan limits (see plan()) */
#define MAX_TGWS     100   /* CGW 203.0.113.x, tunnel endpoints 198.51.100.x */
#define MAX_SITES    64    /* site ASNs 65010.. stay under 65534 */
#define MAX_VIFS     5376  /* VIF /30s in 169.254.16.0 .. 169.254.99.255 */
#define N_192        256u  /* 192.168.x.0/24 */
#define N_172        4096u /* 172.16-31.x.0/24 */
#define MAX_PREFIXES (N_192 + N_172)

#define TGW_ASN_BASE  64600u
#define DXGW_ASN_BASE 64513u
#define SITE_ASN_BASE 65010u

struct opts {
	const char *out;
	uint32_t vpcs, tgws, site_prefixes, sites, ppv, tgws_per_dxgw;
	bool over_quota;
	uint64_t seed;
};

enum id_kind {
	ID_VPC,
	ID_SUBNET,
	ID_RTB,
	ID_RTBASSOC,
	ID_CIDRASSOC,
	ID_TGW,
	ID_TGW_RTB,
	ID_TGW_ATT,
	ID_CGW,
	ID_VPN,
	ID_DXGW,
	ID_DXASSOC,
	ID_VIF,
	ID_DXCON,
	ID_DXPEER,
	ID_KIND_COUNT
};
_Static_assert(ID_KIND_COUNT <= GEN_MAX_SALTS, "a salt per kind of id");

/* What one site advertises, per prefix (index within the site). */
struct site_plan {
	uint32_t first, n;  /* global prefix indexes [first, first + n) */
	uint32_t nv;        /* VIFs per DX gateway */
	uint32_t vif_off;   /* index of its first VIF within a DX gateway */
	uint32_t n_vpns;    /* VPN connections of the site */
	uint32_t vif_slots; /* adverts over VIFs per DX gateway */
};

struct gen {
	struct opts o;
	uint64_t salt[ID_KIND_COUNT];
	unsigned vpc_len, subnet_len, tgw_len;
	uint32_t *tgw_first; /* first VPC of each TGW, tgws + 1 entries */
	uint32_t n_dxgw, vifs_per_dxgw;
	struct site_plan *site;
};

/* ---- ids ---- */

static void make_id(const struct gen *g, enum id_kind k, const char *prefix, uint64_t n, char *buf,
		    size_t size)
{
	gen_id(buf, size, prefix, g->salt[k], n);
}

/* Direct Connect ids: "dxvif-" and 8 characters of [a-z0-9]. */
static void make_dx_id(const struct gen *g, enum id_kind k, const char *prefix, uint64_t n,
		       char *buf, size_t size)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	uint64_t h = splitmix64(n ^ g->salt[k]);
	char s[9];
	for (int i = 0; i < 8; i++) {
		s[i] = digits[h % 36];
		h /= 36;
	}
	s[8] = '\0';
	snprintf(buf, size, "%s-%s", prefix, s);
}

/* DX gateway and association ids are UUIDs (version 4 layout). */
static void make_uuid(const struct gen *g, enum id_kind k, uint64_t n, char *buf, size_t size)
{
	uint64_t a = splitmix64(n ^ g->salt[k]), b = splitmix64(a ^ 0x5bd1e995u);
	snprintf(buf, size, "%08" PRIx32 "-%04" PRIx32 "-4%03" PRIx32 "-%04" PRIx32 "-%012" PRIx64,
		 (uint32_t)(a >> 32), (uint32_t)(a >> 16) & 0xffffu, (uint32_t)a & 0xfffu,
		 ((uint32_t)(b >> 48) & 0x3fffu) | 0x8000u, (uint64_t)(b & 0xffffffffffffu));
}

static void cidr_str(uint32_t a, unsigned len, char *buf, size_t size)
{
	char ip[16];
	ip_str(a, ip);
	snprintf(buf, size, "%s/%u", ip, len);
}

/* ---- plan ---- */

static uint32_t div_up(uint32_t a, uint32_t b)
{
	return (a + b - 1) / b;
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("gen_hybrid: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static uint32_t tgw_of_vpc(const struct gen *g, uint32_t v)
{
	uint32_t lo = 0, hi = g->o.tgws; /* tgw_first[lo] <= v < tgw_first[hi] */
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;
		if (g->tgw_first[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static uint32_t tgw_base(const struct gen *g, uint32_t t)
{
	return 0x0a000000u + (t << (32 - g->tgw_len));
}

static uint32_t vpc_base(const struct gen *g, uint32_t v)
{
	uint32_t t = tgw_of_vpc(g, v);
	return tgw_base(g, t) + ((v - g->tgw_first[t]) << (32 - g->vpc_len));
}

static uint32_t dxgw_of_tgw(const struct gen *g, uint32_t t)
{
	return (uint32_t)((uint64_t)t * g->n_dxgw / g->o.tgws);
}

static uint32_t site_of_vpn(const struct gen *g, uint32_t t)
{
	return t % g->o.sites;
}

/* Host-order network address of global prefix p (a /24). */
static uint32_t prefix_addr(uint32_t p)
{
	if (p < N_192)
		return 0xc0a80000u + (p << 8);
	return 0xac100000u + ((p - N_192) << 8);
}

/* What site prefix i (index within the site) is advertised over. */
struct adv_kind {
	bool dx;        /* over a VIF of each DX gateway */
	bool secondary; /* and over a second VIF */
	bool ecmp;      /* the second advert equals the first */
};

static struct adv_kind adv_kind(const struct site_plan *s, uint32_t i)
{
	struct adv_kind k = {true, false, false};
	if (i % 20 == 19 && s->n_vpns > 0)
		k.dx = false;
	else if (i % 10 == 0 && s->nv >= 2) {
		k.secondary = true;
		k.ecmp = i % 30 == 20;
	}
	return k;
}

static void plan(struct gen *g)
{
	const struct opts *o = &g->o;
	uint32_t per_tgw = div_up(o->vpcs, o->tgws);
	unsigned bits_t = gen_ceil_log2(o->tgws), bits_v = gen_ceil_log2(per_tgw);

	/* VPCs of a TGW share a summary block; blocks tile 10.0.0.0/8.  AWS
	 * VPCs are /16 to /28 and a subnet here is half a VPC. */
	g->vpc_len = 8 + bits_t + bits_v;
	if (g->vpc_len < 16)
		g->vpc_len = 16;
	if (g->vpc_len > 27)
		fail("%u VPCs on %u TGWs do not fit in 10.0.0.0/8 as /27 or larger VPCs", o->vpcs,
		     o->tgws);
	g->tgw_len = g->vpc_len - bits_v;
	g->subnet_len = g->vpc_len + 1;
	g->tgw_first = calloc((size_t)o->tgws + 1, sizeof(uint32_t));
	if (!g->tgw_first)
		fail("out of memory");
	for (uint32_t t = 0; t < o->tgws; t++)
		g->tgw_first[t + 1] =
			g->tgw_first[t] + o->vpcs / o->tgws + (t < o->vpcs % o->tgws ? 1 : 0);

	if (o->tgws_per_dxgw > DXGW_TGW_QUOTA && !o->over_quota)
		fail("--tgws-per-dxgw %u is over AWS's quota of %u transit gateways per Direct "
		     "Connect gateway (not adjustable); add --over-quota to write it anyway",
		     o->tgws_per_dxgw, DXGW_TGW_QUOTA);
	g->n_dxgw = div_up(o->tgws, o->tgws_per_dxgw);

	g->site = calloc(o->sites, sizeof(*g->site));
	if (!g->site)
		fail("out of memory");
	uint32_t first = 0;
	for (uint32_t s = 0; s < o->sites; s++) {
		struct site_plan *sp = &g->site[s];
		sp->first = first;
		sp->n = o->site_prefixes / o->sites + (s < o->site_prefixes % o->sites ? 1 : 0);
		first += sp->n;
		for (uint32_t t = 0; t < o->tgws; t++)
			sp->n_vpns += site_of_vpn(g, t) == s;
		if (sp->n_vpns && sp->n > VPN_TGW_SESSION_QUOTA && !o->over_quota)
			fail("site %u would advertise %u prefixes over each VPN, over AWS's quota "
			     "of %u per VPN connection on a transit gateway; use more --sites or "
			     "--over-quota",
			     s + 1, sp->n, VPN_TGW_SESSION_QUOTA);
		/* VIFs: enough that none carries more than ppv prefixes;
		 * two at least so that backups go over another VIF. */
		sp->nv = 2;
		uint32_t slots = 0;
		for (uint32_t i = 0; i < sp->n; i++) {
			struct adv_kind k = adv_kind(sp, i);
			slots += (uint32_t)k.dx + (uint32_t)k.secondary;
		}
		sp->vif_slots = slots;
		if (div_up(slots, o->ppv) > sp->nv)
			sp->nv = div_up(slots, o->ppv);
		sp->vif_off = g->vifs_per_dxgw;
		g->vifs_per_dxgw += sp->nv;
	}
	if (g->vifs_per_dxgw > DXGW_VIF_QUOTA && !o->over_quota)
		fail("%u VIFs per Direct Connect gateway are needed to keep %u prefixes per "
		     "session, over AWS's quota of %u; raise --prefixes-per-vif (up to %u), lower "
		     "--site-prefixes, or add --over-quota",
		     g->vifs_per_dxgw, o->ppv, DXGW_VIF_QUOTA, DX_SESSION_QUOTA);
	if ((uint64_t)g->vifs_per_dxgw * g->n_dxgw > MAX_VIFS)
		fail("too many VIFs (%u) for the address plan", g->vifs_per_dxgw * g->n_dxgw);
}

/* Global VIF index of VIF k of site s on DX gateway d. */
static uint32_t vif_index(const struct gen *g, uint32_t d, uint32_t s, uint32_t k)
{
	return d * g->vifs_per_dxgw + g->site[s].vif_off + k;
}

/* ---- VPCs ---- */

static void write_vpcs(const struct gen *g, struct jw *w)
{
	char id[64], assoc[64], cidr[32];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		uint32_t t = tgw_of_vpc(g, v), k = v - g->tgw_first[t];
		make_id(g, ID_VPC, "vpc", v, id, sizeof(id));
		make_id(g, ID_CIDRASSOC, "vpc-cidr-assoc", v, assoc, sizeof(assoc));
		cidr_str(vpc_base(g, v), g->vpc_len, cidr, sizeof(cidr));
		gen_vpc(w, id, assoc, cidr);
		if (k == 0)
			jw_name_tag(w, false, "tgw%u-shared-services", t + 1);
		else
			jw_name_tag(w, false, "tgw%u-spoke-%u", t + 1, k);
		jw_end_obj(w);
	}
}

/* Subnet s (0 or 1) of VPC v is in zone (v + s) mod 6: two zones per VPC. */
static unsigned az_index(uint32_t v, uint32_t s)
{
	return (v + s) % 6;
}

static void write_subnets(const struct gen *g, struct jw *w)
{
	char id[64], vpc[64], cidr[32];
	uint32_t size = 1u << (32 - g->subnet_len);
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		for (uint32_t s = 0; s < 2; s++) {
			make_id(g, ID_SUBNET, "subnet", (uint64_t)v * 2 + s, id, sizeof(id));
			cidr_str(vpc_base(g, v) + s * size, g->subnet_len, cidr, sizeof(cidr));
			/* AWS keeps 5 addresses; the TGW attachment's ENI takes one */
			gen_subnet(w, id, vpc, cidr, az_index(v, s), (long long)size - 6, false);
			jw_name_tag(w, false, "vpc%u-%s", v, s ? "b" : "a");
			jw_end_obj(w);
		}
	}
}

/* One main table per VPC; both subnets use it implicitly. */
static void write_route_tables(const struct gen *g, struct jw *w)
{
	char vpc[64], rtb[64], assoc[64], tgw[64], cidr[32];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		make_id(g, ID_RTB, "rtb", v, rtb, sizeof(rtb));
		make_id(g, ID_RTBASSOC, "rtbassoc", v, assoc, sizeof(assoc));
		make_id(g, ID_TGW, "tgw", tgw_of_vpc(g, v), tgw, sizeof(tgw));
		cidr_str(vpc_base(g, v), g->vpc_len, cidr, sizeof(cidr));
		jw_obj(w, NULL);
		jw_arr(w, "Associations");
		gen_rtb_assoc(w, assoc, rtb, true, NULL);
		jw_end_arr(w);
		gen_rtb_routes(w, rtb, cidr);
		gen_route(w, "10.0.0.0/8", "TransitGatewayId", tgw, "CreateRoute");
		gen_route(w, "172.16.0.0/12", "TransitGatewayId", tgw, "CreateRoute");
		gen_route(w, "192.168.0.0/16", "TransitGatewayId", tgw, "CreateRoute");
		jw_end_arr(w);
		jw_name_tag(w, false, "vpc%u-main", v);
		jw_str(w, "VpcId", vpc);
		jw_str(w, "OwnerId", GEN_ACCOUNT);
		jw_end_obj(w);
	}
}

/* ---- Transit Gateway ---- */

/* Attachment numbering: VPC v -> v; VPN of TGW t -> vpcs + t; DX gateway
 * attachment of TGW t -> vpcs + tgws + t. */
static void att_id(const struct gen *g, uint64_t n, char *buf, size_t size)
{
	make_id(g, ID_TGW_ATT, "tgw-attach", n, buf, size);
}

static uint64_t att_vpn(const struct gen *g, uint32_t t)
{
	return (uint64_t)g->o.vpcs + t;
}

static uint64_t att_dx(const struct gen *g, uint32_t t)
{
	return (uint64_t)g->o.vpcs + g->o.tgws + t;
}

/* Table 2t is "spokes", 2t + 1 "shared". */
static void rtb_id(const struct gen *g, uint32_t t, bool shared, char *buf, size_t size)
{
	make_id(g, ID_TGW_RTB, "tgw-rtb", (uint64_t)t * 2 + shared, buf, size);
}

static void write_tgws(const struct gen *g, struct jw *w)
{
	char id[64];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		make_id(g, ID_TGW, "tgw", t, id, sizeof(id));
		jw_obj(w, NULL);
		jw_str(w, "TransitGatewayId", id);
		jw_strf(w, "TransitGatewayArn",
			"arn:aws:ec2:" GEN_REGION ":" GEN_ACCOUNT ":transit-gateway/%s", id);
		jw_str(w, "State", "available");
		jw_str(w, "OwnerId", GEN_ACCOUNT);
		jw_strf(w, "Description", "hub %u of %u", t + 1, g->o.tgws);
		jw_str(w, "CreationTime", "2024-03-11T14:20:31+00:00");
		jw_obj(w, "Options");
		/* each TGW its own ASN: a DX gateway's TGWs must differ */
		jw_int(w, "AmazonSideAsn", TGW_ASN_BASE + t);
		jw_arr(w, "TransitGatewayCidrBlocks");
		jw_end_arr(w);
		jw_str(w, "AutoAcceptSharedAttachments", "disable");
		jw_str(w, "DefaultRouteTableAssociation", "disable");
		jw_str(w, "DefaultRouteTablePropagation", "disable");
		jw_str(w, "VpnEcmpSupport", "enable");
		jw_str(w, "DnsSupport", "enable");
		jw_str(w, "SecurityGroupReferencingSupport", "disable");
		jw_str(w, "MulticastSupport", "disable");
		jw_end_obj(w);
		jw_name_tag(w, false, "hub-%u", t + 1);
		jw_end_obj(w);
	}
}

static void write_tgw_rtbs(const struct gen *g, struct jw *w)
{
	char id[64], tgw[64];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		make_id(g, ID_TGW, "tgw", t, tgw, sizeof(tgw));
		for (int sh = 0; sh < 2; sh++) {
			rtb_id(g, t, sh, id, sizeof(id));
			jw_obj(w, NULL);
			jw_str(w, "TransitGatewayRouteTableId", id);
			jw_str(w, "TransitGatewayId", tgw);
			jw_str(w, "State", "available");
			jw_bool(w, "DefaultAssociationRouteTable", false);
			jw_bool(w, "DefaultPropagationRouteTable", false);
			jw_str(w, "CreationTime", "2024-03-11T14:20:31+00:00");
			jw_name_tag(w, false, "hub-%u-%s", t + 1, sh ? "shared" : "spokes");
			jw_end_obj(w);
		}
	}
}

static void dxgw_id(const struct gen *g, uint32_t d, char *buf, size_t size)
{
	make_uuid(g, ID_DXGW, d, buf, size);
}

static void vpn_id(const struct gen *g, uint32_t t, char *buf, size_t size)
{
	make_id(g, ID_VPN, "vpn", t, buf, size);
}

static void generic_att(struct jw *w, const char *id, const char *tgw, const char *type,
			const char *res, const char *rtb, const char *name)
{
	jw_obj(w, NULL);
	jw_str(w, "TransitGatewayAttachmentId", id);
	jw_str(w, "TransitGatewayId", tgw);
	jw_str(w, "TransitGatewayOwnerId", GEN_ACCOUNT);
	jw_str(w, "ResourceOwnerId", GEN_ACCOUNT);
	jw_str(w, "ResourceType", type);
	jw_str(w, "ResourceId", res);
	jw_str(w, "State", "available");
	jw_obj(w, "Association");
	jw_str(w, "TransitGatewayRouteTableId", rtb);
	jw_str(w, "State", "associated");
	jw_end_obj(w);
	jw_str(w, "CreationTime", "2024-03-11T14:20:31+00:00");
	jw_name_tag(w, false, "%s", name);
	jw_end_obj(w);
}

static void write_tgw_atts(const struct gen *g, struct jw *w)
{
	char id[64], tgw[64], res[64], rtb[64], name[64];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		make_id(g, ID_TGW, "tgw", t, tgw, sizeof(tgw));
		for (uint32_t v = g->tgw_first[t]; v < g->tgw_first[t + 1]; v++) {
			bool shared = v == g->tgw_first[t];
			att_id(g, v, id, sizeof(id));
			make_id(g, ID_VPC, "vpc", v, res, sizeof(res));
			rtb_id(g, t, shared, rtb, sizeof(rtb));
			snprintf(name, sizeof(name), "vpc%u-attachment", v);
			generic_att(w, id, tgw, "vpc", res, rtb, name);
		}
		rtb_id(g, t, true, rtb, sizeof(rtb));
		att_id(g, att_vpn(g, t), id, sizeof(id));
		vpn_id(g, t, res, sizeof(res));
		snprintf(name, sizeof(name), "hub-%u-vpn", t + 1);
		generic_att(w, id, tgw, "vpn", res, rtb, name);
		att_id(g, att_dx(g, t), id, sizeof(id));
		dxgw_id(g, dxgw_of_tgw(g, t), res, sizeof(res));
		snprintf(name, sizeof(name), "hub-%u-dxgw", t + 1);
		generic_att(w, id, tgw, "direct-connect-gateway", res, rtb, name);
	}
}

static void write_tgw_vpc_atts(const struct gen *g, struct jw *w)
{
	char id[64], tgw[64], vpc[64], sub[64];
	for (uint32_t v = 0; v < g->o.vpcs; v++) {
		att_id(g, v, id, sizeof(id));
		make_id(g, ID_TGW, "tgw", tgw_of_vpc(g, v), tgw, sizeof(tgw));
		make_id(g, ID_VPC, "vpc", v, vpc, sizeof(vpc));
		jw_obj(w, NULL);
		jw_str(w, "TransitGatewayAttachmentId", id);
		jw_str(w, "TransitGatewayId", tgw);
		jw_str(w, "VpcId", vpc);
		jw_str(w, "VpcOwnerId", GEN_ACCOUNT);
		jw_str(w, "State", "available");
		jw_arr(w, "SubnetIds");
		for (uint32_t s = 0; s < 2; s++) {
			make_id(g, ID_SUBNET, "subnet", (uint64_t)v * 2 + s, sub, sizeof(sub));
			jw_str(w, NULL, sub);
		}
		jw_end_arr(w);
		jw_str(w, "CreationTime", "2024-03-11T14:20:31+00:00");
		jw_obj(w, "Options");
		jw_str(w, "DnsSupport", "enable");
		jw_str(w, "SecurityGroupReferencingSupport", "disable");
		jw_str(w, "Ipv6Support", "disable");
		jw_str(w, "ApplianceModeSupport", "disable");
		jw_end_obj(w);
		jw_name_tag(w, false, "vpc%u-attachment", v);
		jw_end_obj(w);
	}
}

static void prop(struct jw *w, const char *att, const char *res, const char *type)
{
	jw_obj(w, NULL);
	jw_str(w, "TransitGatewayAttachmentId", att);
	jw_str(w, "ResourceId", res);
	jw_str(w, "ResourceType", type);
	jw_str(w, "State", "enabled");
	jw_end_obj(w);
}

/* Spokes get the shared-services VPC and on-premises; shared gets every VPC
 * and on-premises. */
static void write_tgw_props(const struct gen *g, struct jw *w)
{
	char rtb[64], att[64], res[64];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		for (int sh = 0; sh < 2; sh++) {
			rtb_id(g, t, sh, rtb, sizeof(rtb));
			jw_obj(w, NULL);
			jw_str(w, "TransitGatewayRouteTableId", rtb);
			jw_arr(w, "TransitGatewayRouteTablePropagations");
			uint32_t last = sh ? g->tgw_first[t + 1] : g->tgw_first[t] + 1;
			for (uint32_t v = g->tgw_first[t]; v < last; v++) {
				att_id(g, v, att, sizeof(att));
				make_id(g, ID_VPC, "vpc", v, res, sizeof(res));
				prop(w, att, res, "vpc");
			}
			att_id(g, att_vpn(g, t), att, sizeof(att));
			vpn_id(g, t, res, sizeof(res));
			prop(w, att, res, "vpn");
			att_id(g, att_dx(g, t), att, sizeof(att));
			dxgw_id(g, dxgw_of_tgw(g, t), res, sizeof(res));
			prop(w, att, res, "direct-connect-gateway");
			jw_end_arr(w);
			jw_end_obj(w);
		}
	}
}

static void static_route(struct jw *w, const char *dst, const char *att, const char *res,
			 const char *type)
{
	jw_obj(w, NULL);
	jw_str(w, "DestinationCidrBlock", dst);
	if (att) {
		jw_arr(w, "TransitGatewayAttachments");
		jw_obj(w, NULL);
		jw_str(w, "ResourceId", res);
		jw_str(w, "TransitGatewayAttachmentId", att);
		jw_str(w, "ResourceType", type);
		jw_end_obj(w);
		jw_end_arr(w);
	}
	jw_str(w, "Type", "static");
	jw_str(w, "State", att ? "active" : "blackhole");
	jw_end_obj(w);
}

static void write_tgw_statics(const struct gen *g, struct jw *w)
{
	char rtb[64], att[64], res[64];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		/* spokes: default route to shared services; the spoke range
		 * blackholed so spokes do not reach each other (the shared
		 * services VPC's own route is more specific) */
		rtb_id(g, t, false, rtb, sizeof(rtb));
		jw_obj(w, NULL);
		jw_str(w, "TransitGatewayRouteTableId", rtb);
		jw_arr(w, "Routes");
		att_id(g, g->tgw_first[t], att, sizeof(att));
		make_id(g, ID_VPC, "vpc", g->tgw_first[t], res, sizeof(res));
		static_route(w, "0.0.0.0/0", att, res, "vpc");
		static_route(w, "10.0.0.0/8", NULL, NULL, NULL);
		jw_end_arr(w);
		jw_end_obj(w);
		/* shared: a static summary to the VPN under the learned /24s;
		 * RFC 6598 space blackholed */
		rtb_id(g, t, true, rtb, sizeof(rtb));
		jw_obj(w, NULL);
		jw_str(w, "TransitGatewayRouteTableId", rtb);
		jw_arr(w, "Routes");
		att_id(g, att_vpn(g, t), att, sizeof(att));
		vpn_id(g, t, res, sizeof(res));
		static_route(w, "172.16.0.0/12", att, res, "vpn");
		static_route(w, "100.64.0.0/10", NULL, NULL, NULL);
		jw_end_arr(w);
		jw_end_obj(w);
	}
}

/* ---- Site-to-Site VPN ---- */

static uint32_t cgw_ip(uint32_t t)
{
	return 0xcb007101u + t; /* 203.0.113.1 + t */
}

static void write_cgws(const struct gen *g, struct jw *w)
{
	char id[64], ip[16];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		uint32_t s = site_of_vpn(g, t);
		make_id(g, ID_CGW, "cgw", t, id, sizeof(id));
		ip_str(cgw_ip(t), ip);
		jw_obj(w, NULL);
		jw_strf(w, "BgpAsn", "%u", SITE_ASN_BASE + s); /* a string in AWS's output */
		jw_str(w, "CustomerGatewayId", id);
		jw_str(w, "IpAddress", ip);
		jw_str(w, "State", "available");
		jw_str(w, "Type", "ipsec.1");
		jw_strf(w, "DeviceName", "site-%u-edge-%u", s + 1, t / g->o.sites + 1);
		jw_name_tag(w, false, "site-%u-cgw-hub-%u", s + 1, t + 1);
		jw_end_obj(w);
	}
}

static void write_vpns(const struct gen *g, struct jw *w)
{
	char id[64], cgw[64], tgw[64], ip[16], cidr[32];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		const struct site_plan *sp = &g->site[site_of_vpn(g, t)];
		vpn_id(g, t, id, sizeof(id));
		make_id(g, ID_CGW, "cgw", t, cgw, sizeof(cgw));
		make_id(g, ID_TGW, "tgw", t, tgw, sizeof(tgw));
		jw_obj(w, NULL);
		jw_str(w, "CustomerGatewayId", cgw);
		jw_str(w, "Category", "VPN");
		jw_str(w, "State", "available");
		jw_str(w, "Type", "ipsec.1");
		jw_str(w, "VpnConnectionId", id);
		jw_str(w, "TransitGatewayId", tgw);
		jw_str(w, "GatewayAssociationState", "associated");
		jw_obj(w, "Options");
		jw_bool(w, "EnableAcceleration", false);
		jw_bool(w, "StaticRoutesOnly", false);
		jw_str(w, "LocalIpv4NetworkCidr", "0.0.0.0/0");
		jw_str(w, "RemoteIpv4NetworkCidr", "0.0.0.0/0");
		jw_str(w, "OutsideIpAddressType", "PublicIpv4");
		jw_str(w, "TunnelInsideIpVersion", "ipv4");
		jw_arr(w, "TunnelOptions");
		for (uint32_t k = 0; k < 2; k++) {
			/* AWS endpoints 198.51.100.x; inside 169.254.(100+t).{0,4}/30,
			 * clear of the /30s AWS reserves in 169.254.0-5.x */
			ip_str(0xc6336401u + 2 * t + k, ip);
			cidr_str(0xa9fe6400u + (t << 8) + 4 * k, 30, cidr, sizeof(cidr));
			jw_obj(w, NULL);
			jw_str(w, "OutsideIpAddress", ip);
			jw_str(w, "TunnelInsideCidr", cidr);
			jw_int(w, "Phase1LifetimeSeconds", 28800);
			jw_int(w, "Phase2LifetimeSeconds", 3600);
			jw_str(w, "DpdTimeoutAction", "clear");
			jw_str(w, "StartupAction", "add");
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_end_obj(w);
		jw_arr(w, "Routes");
		jw_end_arr(w);
		jw_name_tag(w, false, "hub-%u-vpn-site-%u", t + 1, site_of_vpn(g, t) + 1);
		jw_arr(w, "VgwTelemetry");
		for (uint32_t k = 0; k < 2; k++) {
			ip_str(0xc6336401u + 2 * t + k, ip);
			jw_obj(w, NULL);
			jw_int(w, "AcceptedRouteCount", sp->n);
			jw_str(w, "LastStatusChange", "2024-03-12T09:41:17+00:00");
			jw_str(w, "OutsideIpAddress", ip);
			jw_str(w, "Status", "UP");
			jw_strf(w, "StatusMessage", "%u BGP ROUTES", sp->n);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_end_obj(w);
	}
}

/* ---- Direct Connect ---- */

static void write_dxgws(const struct gen *g, struct jw *w)
{
	char id[64];
	for (uint32_t d = 0; d < g->n_dxgw; d++) {
		dxgw_id(g, d, id, sizeof(id));
		jw_obj(w, NULL);
		jw_str(w, "directConnectGatewayId", id);
		jw_strf(w, "directConnectGatewayName", "dxgw-%u", d + 1);
		jw_int(w, "amazonSideAsn", DXGW_ASN_BASE + d);
		jw_str(w, "ownerAccount", GEN_ACCOUNT);
		jw_str(w, "directConnectGatewayState", "available");
		jw_end_obj(w);
	}
}

/* Each TGW advertises its summary block to on-premises (AWS allows 200
 * prefixes per TGW over a transit VIF; one suffices). */
static void write_dxgw_assocs(const struct gen *g, struct jw *w)
{
	char dx[64], id[64], tgw[64], cidr[32];
	for (uint32_t t = 0; t < g->o.tgws; t++) {
		dxgw_id(g, dxgw_of_tgw(g, t), dx, sizeof(dx));
		make_uuid(g, ID_DXASSOC, t, id, sizeof(id));
		make_id(g, ID_TGW, "tgw", t, tgw, sizeof(tgw));
		cidr_str(tgw_base(g, t), g->tgw_len, cidr, sizeof(cidr));
		jw_obj(w, NULL);
		jw_str(w, "directConnectGatewayId", dx);
		jw_str(w, "directConnectGatewayOwnerAccount", GEN_ACCOUNT);
		jw_str(w, "associationState", "associated");
		jw_obj(w, "associatedGateway");
		jw_str(w, "id", tgw);
		jw_str(w, "type", "transitGateway");
		jw_str(w, "ownerAccount", GEN_ACCOUNT);
		jw_str(w, "region", GEN_REGION);
		jw_end_obj(w);
		jw_str(w, "associationId", id);
		jw_arr(w, "allowedPrefixesToDirectConnectGateway");
		jw_obj(w, NULL);
		jw_str(w, "cidr", cidr);
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
	}
}

static void vif_id(const struct gen *g, uint32_t i, char *buf, size_t size)
{
	make_dx_id(g, ID_VIF, "dxvif", i, buf, size);
}

static void write_vifs(const struct gen *g, struct jw *w)
{
	char id[64], con[64], peer[64], dx[64], amz[32], cust[32];
	for (uint32_t d = 0; d < g->n_dxgw; d++) {
		dxgw_id(g, d, dx, sizeof(dx));
		for (uint32_t s = 0; s < g->o.sites; s++) {
			for (uint32_t k = 0; k < g->site[s].nv; k++) {
				uint32_t i = vif_index(g, d, s, k);
				/* 4 transit VIFs per dedicated connection (DX quotas) */
				uint32_t conn = i / TRANSIT_VIFS_PER_CONN;
				uint32_t a = 0xa9fe1000u + 4 * i; /* 169.254.16.0 + 4i */
				vif_id(g, i, id, sizeof(id));
				make_dx_id(g, ID_DXCON, "dxcon", conn, con, sizeof(con));
				make_dx_id(g, ID_DXPEER, "dxpeer", i, peer, sizeof(peer));
				cidr_str(a + 1, 30, amz, sizeof(amz));
				cidr_str(a + 2, 30, cust, sizeof(cust));
				jw_obj(w, NULL);
				jw_str(w, "ownerAccount", GEN_ACCOUNT);
				jw_str(w, "virtualInterfaceId", id);
				jw_strf(w, "location", "EqDC%u", 2 + conn % 2);
				jw_str(w, "connectionId", con);
				jw_str(w, "virtualInterfaceType", "transit");
				jw_strf(w, "virtualInterfaceName", "site-%u-dxgw-%u-vif-%u", s + 1,
					d + 1, k + 1);
				jw_int(w, "vlan", 101 + i % TRANSIT_VIFS_PER_CONN);
				jw_int(w, "asn", SITE_ASN_BASE + s);
				jw_int(w, "amazonSideAsn", DXGW_ASN_BASE + d);
				jw_str(w, "amazonAddress", amz);
				jw_str(w, "customerAddress", cust);
				jw_str(w, "addressFamily", "ipv4");
				jw_str(w, "virtualInterfaceState", "available");
				jw_str(w, "customerRouterConfig", "");
				jw_int(w, "mtu", 8500);
				jw_bool(w, "jumboFrameCapable", true);
				jw_str(w, "virtualGatewayId", "");
				jw_str(w, "directConnectGatewayId", dx);
				jw_arr(w, "routeFilterPrefixes");
				jw_end_arr(w);
				jw_arr(w, "bgpPeers");
				jw_obj(w, NULL);
				jw_str(w, "bgpPeerId", peer);
				jw_int(w, "asn", SITE_ASN_BASE + s);
				jw_str(w, "addressFamily", "ipv4");
				jw_str(w, "amazonAddress", amz);
				jw_str(w, "customerAddress", cust);
				jw_str(w, "bgpPeerState", "available");
				jw_str(w, "bgpStatus", "up");
				jw_strf(w, "awsDeviceV2", "EqDC%u-%u", 2 + conn % 2, conn);
				jw_end_obj(w);
				jw_end_arr(w);
				jw_str(w, "region", GEN_REGION);
				jw_strf(w, "awsDeviceV2", "EqDC%u-%u", 2 + conn % 2, conn);
				jw_name_tag(w, true, "site-%u-dxgw-%u-vif-%u", s + 1, d + 1, k + 1);
				jw_bool(w, "siteLinkEnabled", false);
				jw_end_obj(w);
			}
		}
	}
}

/* ---- Sites ---- */

/* Cidrs: the fewest CIDRs covering host-order [a, b), /24-aligned. */
static void write_range_cidrs(struct jw *w, uint32_t a, uint32_t b)
{
	char cidr[32];
	while (a < b) {
		unsigned len = 24;
		while (len > 8) {
			uint32_t size = 1u << (32 - (len - 1));
			if ((a & (size - 1)) != 0 || a + size > b)
				break;
			len--;
		}
		cidr_str(a, len, cidr, sizeof(cidr));
		jw_str(w, NULL, cidr);
		a += 1u << (32 - len);
	}
}

struct adv_attrs {
	const char *community; /* NULL for none */
	uint32_t prepend;
	bool has_med;
	uint32_t med;
};

static void write_adv(struct jw *w, const char *pfx, const char *via, const struct adv_attrs *a)
{
	jw_obj(w, NULL);
	jw_str(w, "Prefix", pfx);
	jw_str(w, "Via", via);
	if (a->community) {
		jw_arr(w, "Communities");
		jw_str(w, NULL, a->community);
		jw_end_arr(w);
	}
	if (a->prepend)
		jw_int(w, "AsPathPrepend", a->prepend);
	if (a->has_med)
		jw_int(w, "Med", a->med);
	jw_end_obj(w);
}

/* The primary DX advert of site prefix i: local preference high on a
 * quarter, medium (explicit) on a quarter, default on the rest; MED 10 on a
 * third. */
static struct adv_attrs primary_attrs(uint32_t i)
{
	struct adv_attrs a = {NULL, 0, false, 0};
	if (i % 4 == 0)
		a.community = "7224:7300";
	else if (i % 4 == 1)
		a.community = "7224:7200";
	if (i % 3 == 0) {
		a.has_med = true;
		a.med = 10;
	}
	return a;
}

static void write_sites(const struct gen *g, uint64_t *n_adv)
{
	struct jw w;
	gen_open(&w, g->o.out, "Sites.json", "Sites");
	char pfx[32], via[64], ip[16];
	*n_adv = 0;
	for (uint32_t s = 0; s < g->o.sites; s++) {
		const struct site_plan *sp = &g->site[s];
		jw_obj(&w, NULL);
		jw_strf(&w, "SiteId", "site-%u", s + 1);
		jw_strf(&w, "Name", "Data centre %u", s + 1);
		jw_arr(&w, "Cidrs");
		/* its prefixes are contiguous within 192.168/16 and within
		 * 172.16/12: summarise each part */
		uint32_t lo = sp->first, hi = sp->first + sp->n;
		uint32_t mid_lo = lo > N_192 ? lo : N_192, mid_hi = hi < N_192 ? hi : N_192;
		if (lo < mid_hi)
			write_range_cidrs(&w, prefix_addr(lo), prefix_addr(mid_hi - 1) + 256);
		if (mid_lo < hi)
			write_range_cidrs(&w, prefix_addr(mid_lo), prefix_addr(hi - 1) + 256);
		jw_end_arr(&w);
		jw_int(&w, "BgpAsn", SITE_ASN_BASE + s);
		jw_arr(&w, "Advertise");
		uint32_t slot = 0;
		for (uint32_t i = 0; i < sp->n; i++) {
			struct adv_kind k = adv_kind(sp, i);
			cidr_str(prefix_addr(sp->first + i), 24, pfx, sizeof(pfx));
			uint32_t v1 = slot % sp->nv, v2 = (slot + 1) % sp->nv;
			slot += (uint32_t)k.dx + (uint32_t)k.secondary;
			struct adv_attrs a1 = primary_attrs(i);
			/* the backup: low preference, longer, worse MED */
			struct adv_attrs a2 = {"7224:7100", 1, true, 100};
			if (k.ecmp)
				a2 = a1;
			for (uint32_t d = 0; k.dx && d < g->n_dxgw; d++) {
				vif_id(g, vif_index(g, d, s, v1), via, sizeof(via));
				write_adv(&w, pfx, via, &a1);
				(*n_adv)++;
				if (!k.secondary)
					continue;
				vif_id(g, vif_index(g, d, s, v2), via, sizeof(via));
				write_adv(&w, pfx, via, &a2);
				(*n_adv)++;
			}
			/* the VPNs back up DX (a TGW prefers DX anyway) */
			struct adv_attrs av = {NULL, 1 + i % 2, i % 7 == 0, 200};
			for (uint32_t t = s; t < g->o.tgws; t += g->o.sites) {
				vpn_id(g, t, via, sizeof(via));
				write_adv(&w, pfx, via, &av);
				(*n_adv)++;
			}
		}
		jw_end_arr(&w);
		jw_arr(&w, "Hosts");
		if (sp->n) {
			ip_str(prefix_addr(sp->first) + 10, ip);
			jw_obj(&w, NULL);
			jw_strf(&w, "HostId", "site-%u-db", s + 1);
			jw_str(&w, "IpAddress", ip);
			jw_end_obj(&w);
			ip_str(prefix_addr(sp->first + sp->n - 1) + 20, ip);
			jw_obj(&w, NULL);
			jw_strf(&w, "HostId", "site-%u-admin", s + 1);
			jw_str(&w, "IpAddress", ip);
			jw_end_obj(&w);
		}
		jw_end_arr(&w);
		jw_end_obj(&w);
	}
	gen_close(&w);
}

/* ---- main ---- */

static const char usage[] = "usage: gen_hybrid OUTDIR [--vpcs N] [--tgws N] [--site-prefixes N] "
			    "[--sites N]\n"
			    "                  [--prefixes-per-vif N] [--tgws-per-dxgw N] "
			    "[--over-quota]\n"
			    "                  [--seed S]\n"
			    "defaults: 5000 VPCs on 10 TGWs, 2000 site prefixes from 4 sites, at "
			    "most "
			    "90\n"
			    "prefixes per VIF session and 6 TGWs per DX gateway (AWS's quotas: "
			    "100, "
			    "6;\n"
			    "--over-quota lets either be exceeded)\n";

/* The files of the snapshot but Sites.json (write_sites counts the
 * advertisements too), in the order written. */
static const struct gen_file files[] = {
	{"Vpcs.json", "Vpcs", write_vpcs},
	{"Subnets.json", "Subnets", write_subnets},
	{"RouteTables.json", "RouteTables", write_route_tables},
	{"TransitGateways.json", "TransitGateways", write_tgws},
	{"TransitGatewayRouteTables.json", "TransitGatewayRouteTables", write_tgw_rtbs},
	{"TransitGatewayAttachments.json", "TransitGatewayAttachments", write_tgw_atts},
	{"TransitGatewayVpcAttachments.json", "TransitGatewayVpcAttachments", write_tgw_vpc_atts},
	{"TransitGatewayPropagations.json", "TransitGatewayPropagations", write_tgw_props},
	{"TransitGatewayStaticRoutes.json", "TransitGatewayStaticRoutes", write_tgw_statics},
	{"CustomerGateways.json", "CustomerGateways", write_cgws},
	{"VpnConnections.json", "VpnConnections", write_vpns},
	{"DirectConnectGateways.json", "directConnectGateways", write_dxgws},
	{"DirectConnectGatewayAssociations.json", "directConnectGatewayAssociations",
	 write_dxgw_assocs},
	{"VirtualInterfaces.json", "virtualInterfaces", write_vifs},
};

int main(int argc, char **argv)
{
	struct gen g;
	memset(&g, 0, sizeof(g));
	g.o = (struct opts){NULL, 5000, 10, 2000, 4, 90, DXGW_TGW_QUOTA, false, 1};
	const struct bench_opt opts[] = {
		{"--vpcs", BENCH_OPT_U32, &g.o.vpcs, 1, 1u << 20},
		{"--tgws", BENCH_OPT_U32, &g.o.tgws, 1, MAX_TGWS},
		{"--site-prefixes", BENCH_OPT_U32, &g.o.site_prefixes, 0, MAX_PREFIXES},
		{"--sites", BENCH_OPT_U32, &g.o.sites, 1, MAX_SITES},
		{"--prefixes-per-vif", BENCH_OPT_U32, &g.o.ppv, 1, 100000},
		{"--tgws-per-dxgw", BENCH_OPT_U32, &g.o.tgws_per_dxgw, 1, MAX_TGWS},
		{"--over-quota", BENCH_OPT_FLAG, &g.o.over_quota, 0, 0},
		{"--seed", BENCH_OPT_U64, &g.o.seed, 0, UINT64_MAX},
		{NULL, BENCH_OPT_FLAG, NULL, 0, 0},
	};
	bench_args("gen_hybrid", usage, opts, argc, argv, &g.o.out);
	if (g.o.vpcs < g.o.tgws)
		fail("each TGW needs a VPC at least (--vpcs %u < --tgws %u)", g.o.vpcs, g.o.tgws);
	if (g.o.ppv > DX_SESSION_QUOTA && !g.o.over_quota)
		fail("--prefixes-per-vif %u is over AWS's %u prefixes per private/transit VIF BGP "
		     "session (the session goes down); add --over-quota to write it anyway",
		     g.o.ppv, DX_SESSION_QUOTA);
	gen_salts(g.o.seed, g.salt, ID_KIND_COUNT);
	plan(&g);

	char dir[4096];
	gen_region_dir(g.o.out, dir, sizeof(dir));
	gen_write_files(g.o.out, files, sizeof(files) / sizeof(files[0]), &g);
	uint64_t n_adv;
	write_sites(&g, &n_adv);

	uint32_t max_slots = 0;
	for (uint32_t s = 0; s < g.o.sites; s++) {
		uint32_t per = div_up(g.site[s].vif_slots, g.site[s].nv);
		if (per > max_slots)
			max_slots = per;
	}
	printf("gen_hybrid: %s: %u VPCs (/%u, a /%u per TGW), %u subnets, %u TGWs with %u route "
	       "tables and %u attachments, %u VPNs, %u DX gateway(s) with %u transit VIFs "
	       "(at most %u prefixes per VIF session), %u sites with %u prefixes in %" PRIu64
	       " advertisements, seed %" PRIu64 "\n",
	       dir, g.o.vpcs, g.vpc_len, g.tgw_len, g.o.vpcs * 2, g.o.tgws, g.o.tgws * 2,
	       g.o.vpcs + 2 * g.o.tgws, g.o.tgws, g.n_dxgw, g.n_dxgw * g.vifs_per_dxgw, max_slots,
	       g.o.sites, g.o.site_prefixes, n_adv, g.o.seed);
	free(g.tgw_first);
	free(g.site);
	return 0;
}
