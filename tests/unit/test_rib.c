/*
 * DOC: unit tests of route/rib.c -- effective routes
 *
 * The lookup structure against a brute-force longest-prefix match, VGW
 * propagation into VPC route tables (and a route the snapshot already
 * reports not counted twice), the per-session Direct Connect prefix quota,
 * and eBGP loop prevention on what a site learns.  The design scenarios
 * (tests/scenarios/trace/NAME/) test the rest as data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/rib.h"

struct fixture {
	struct model *m;
	struct diag_list *d;
	struct rib_set *s;
};

static struct fixture load(const char *json, uint32_t dx_limit)
{
	struct fixture f = {0};
	f.m = fixture_load("test.json", json, strlen(json), &f.d, NULL);
	struct rib_opts o = {.dx_prefix_limit = dx_limit};
	assert_int_equal(rib_build(f.m, &o, &f.s), 0);
	return f;
}

static void done(struct fixture *f)
{
	rib_free(f->s);
	model_free(f->m);
	diag_list_free(f->d);
}

static const struct rib *table(const struct fixture *f, const char *id)
{
	const struct model_obj *o = model_find(f->m, id);
	assert_non_null(o);
	const struct rib *r = rib_of(f->s, o);
	assert_non_null(r);
	return r;
}

static const struct rib_route *find(const struct rib *r, const char *pfx, const char *nh)
{
	struct net_prefix p;
	assert_int_equal(net_prefix_parse(pfx, &p), 0);
	for (uint32_t i = 0; i < r->n_routes; i++)
		if (net_prefix_eq(&r->routes[i].attr.pfx, &p) &&
		    (!nh || (r->routes[i].nh && !strcmp(r->routes[i].nh->id, nh))))
			return &r->routes[i];
	return NULL;
}

/* clang-format off */
/* One VPC on a VGW with route propagation; a site with a BGP VPN and a
 * private VIF; the snapshot already reports one propagated route. */
static const char VGW_NET[] =
"{\"Region\":\"us-east-1\",\"AccountId\":\"111122223333\","
"\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\",\"State\":\"available\"}],"
"\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.1.0/24\",\"AvailabilityZone\":\"us-east-1a\"}],"
"\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"VpcId\":\"vpc-1\","
"  \"Associations\":[{\"Main\":true}],"
"  \"PropagatingVgws\":[{\"GatewayId\":\"vgw-1\"}],"
"  \"Routes\":[{\"DestinationCidrBlock\":\"10.0.0.0/16\",\"GatewayId\":\"local\",\"Origin\":\"CreateRouteTable\",\"State\":\"active\"},"
"             {\"DestinationCidrBlock\":\"192.168.1.0/24\",\"GatewayId\":\"vgw-1\",\"Origin\":\"EnableVgwRoutePropagation\",\"State\":\"active\"}]}],"
"\"VpnGateways\":[{\"VpnGatewayId\":\"vgw-1\",\"State\":\"available\",\"AmazonSideAsn\":64512,"
"  \"VpcAttachments\":[{\"VpcId\":\"vpc-1\",\"State\":\"attached\"}]}],"
"\"CustomerGateways\":[{\"CustomerGatewayId\":\"cgw-1\",\"BgpAsn\":\"65010\",\"IpAddress\":\"203.0.113.10\",\"State\":\"available\",\"Type\":\"ipsec.1\"}],"
"\"VpnConnections\":[{\"VpnConnectionId\":\"vpn-1\",\"CustomerGatewayId\":\"cgw-1\",\"VpnGatewayId\":\"vgw-1\",\"State\":\"available\",\"Type\":\"ipsec.1\","
"  \"Options\":{\"StaticRoutesOnly\":false}}],"
"\"virtualInterfaces\":[{\"virtualInterfaceId\":\"dxvif-1\",\"virtualInterfaceType\":\"private\",\"virtualInterfaceState\":\"available\","
"  \"asn\":65010,\"amazonSideAsn\":64512,\"virtualGatewayId\":\"vgw-1\",\"mtu\":1500,"
"  \"bgpPeers\":[{\"bgpPeerId\":\"p1\",\"asn\":65010,\"addressFamily\":\"ipv4\",\"bgpPeerState\":\"available\",\"bgpStatus\":\"up\"}]}],"
"\"Sites\":[{\"SiteId\":\"dc1\",\"Cidrs\":[\"192.168.0.0/16\"],\"BgpAsn\":65010,"
"  \"Advertise\":[{\"Prefix\":\"192.168.1.0/24\",\"Via\":\"vpn-1\"},"
"                 {\"Prefix\":\"192.168.2.0/24\",\"Via\":\"vpn-1\"},"
"                 {\"Prefix\":\"192.168.2.0/24\",\"Via\":\"dxvif-1\"},"
"                 {\"Prefix\":\"192.168.3.0/24\",\"Via\":\"dxvif-1\"}]}]}";
/* clang-format on */

/* VPNRoutingTypes.html, route priority: DX BGP > VPN BGP on a VGW; the VGW
 * propagates its installed routes (not its own VPC) into the table
 * (VPC_Route_Tables.html, route propagation). */
static void test_vgw_propagation(void **state)
{
	(void)state;
	struct fixture f = load(VGW_NET, 0);
	const struct rib *vg = table(&f, "vgw-1");
	const struct rib_route *dx = find(vg, "192.168.2.0/24", "dxvif-1");
	const struct rib_route *vpn = find(vg, "192.168.2.0/24", "vpn-1");
	assert_non_null(dx);
	assert_non_null(vpn);
	assert_int_equal(dx->why, BGP_BEST);
	assert_int_equal(vpn->why, BGP_LOST_ORIGIN);

	const struct model_rtb *rtb = (const struct model_rtb *)(const void *)model_find(f.m, "rtb-"
											      "1");
	uint32_t n = 0;
	const struct model_route *pr = rib_vpc_propagated(f.s, rtb, &n);
	assert_int_equal(n, 3); /* 192.168.1/24, .2/24, .3/24; not 10.0.0.0/16 */
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(pr[i].target, TGT_VGW);
		assert_int_equal(pr[i].origin, ROUTE_ORIGIN_PROPAGATED);
	}
	/* the VPC table: 192.168.1.0/24 once (reported and computed are one) */
	const struct rib *vt = table(&f, "rtb-1");
	uint32_t ones = 0;
	for (uint32_t i = 0; i < vt->n_routes; i++) {
		char buf[NET_PREFIX_STRLEN];
		ones += !strcmp(net_prefix_fmt(&vt->routes[i].attr.pfx, buf), "192.168.1.0/24");
	}
	assert_int_equal(ones, 1);
	done(&f);
}

/* directconnect limits: over the per-session prefix quota the session goes
 * down and its routes are withdrawn; the VPN takes over. */
static void test_dx_quota(void **state)
{
	(void)state;
	struct fixture f = load(VGW_NET, 1); /* the VIF advertises 2 > 1 */
	const struct model_vif *v = (const struct model_vif *)(const void *)model_find(f.m, "dxvif-"
											    "1");
	assert_non_null(rib_vif_down(f.s, v));
	const struct rib *vg = table(&f, "vgw-1");
	const struct rib_route *dx = find(vg, "192.168.2.0/24", "dxvif-1");
	assert_non_null(dx);
	assert_true(dx->down);
	assert_false(rib_installed(dx));
	struct net_addr a;
	assert_int_equal(net_addr_parse("192.168.2.9", &a), 0);
	const struct rib_route *hit = rib_lookup(vg, &a, NULL, 0, NULL);
	assert_non_null(hit);
	assert_string_equal(hit->nh->id, "vpn-1");
	/* 192.168.3.0/24 came only over the VIF: gone */
	assert_int_equal(net_addr_parse("192.168.3.9", &a), 0);
	assert_null(rib_lookup(vg, &a, NULL, 0, NULL));
	done(&f);

	struct fixture g = load(VGW_NET, 0); /* AWS's 100 */
	v = (const struct model_vif *)(const void *)model_find(g.m, "dxvif-1");
	assert_null(rib_vif_down(g.s, v));
	done(&g);
}

/* What the site learns carries the VGW's ASN; its own CIDRs are local. */
static void test_site_learns(void **state)
{
	(void)state;
	struct fixture f = load(VGW_NET, 0);
	const struct rib *st = table(&f, "dc1");
	const struct rib_route *own = find(st, "192.168.0.0/16", NULL);
	assert_non_null(own);
	assert_int_equal(own->attr.origin, BGP_ORIGIN_LOCAL);
	const struct rib_route *vpc = find(st, "10.0.0.0/16", "dxvif-1");
	assert_non_null(vpc);
	assert_int_equal(vpc->attr.as_path_len, 1);
	assert_int_equal(vpc->attr.as_path[0], 64512);
	/* DX over VPN at the site when everything else is equal */
	assert_int_equal(vpc->why, BGP_BEST);
	const struct rib_route *over_vpn = find(st, "10.0.0.0/16", "vpn-1");
	assert_non_null(over_vpn);
	assert_int_equal(over_vpn->why, BGP_LOST_ORIGIN);
	/* eBGP loop prevention: the site's own prefixes do not come back */
	assert_null(find(st, "192.168.2.0/24", NULL));
	done(&f);
}

/* What AWS advertises over one link (rib_advertised(), what `vpcsim bgp`
 * sends): over a VPN or private VIF to a VGW, the VGW's VPC CIDRs with the
 * Amazon-side ASN (VPNRoutingTypes.html) -- also to a site that announces
 * nothing over that link yet (a live session before the peer's UPDATEs). */
static void test_advertised_over_link(void **state)
{
	(void)state;
	struct fixture f = load(VGW_NET, 0);
	const struct model_site *site = &f.m->sites[0];
	struct rib_route *r = NULL;
	uint32_t n = 0;
	assert_int_equal(rib_advertised(f.s, site, model_find(f.m, "vpn-1"), &r, &n), 0);
	assert_int_equal(n, 1);
	char b[NET_PREFIX_STRLEN];
	assert_string_equal(net_prefix_fmt(&r[0].attr.pfx, b), "10.0.0.0/16");
	assert_int_equal(r[0].attr.as_path_len, 1);
	assert_int_equal(r[0].attr.as_path[0], 64512);
	free(r);
	/* a site of its own with no announcements at all: the VPC CIDR, and
	 * (VPN CloudHub, VPN_CloudHub.html: Direct Connect sites take part)
	 * what dc1 announces over vpn-1 alone, 192.168.1.0/24, its AS_PATH
	 * after the VGW's ASN; not 192.168.2.0/24, which the VGW has from a
	 * VIF (dxvif-1) */
	struct model_site alone = {.obj = {.kind = MODEL_SITE, .id = "bgp-peer:dxvif-1"},
				   .asn = 65020};
	assert_int_equal(rib_advertised(f.s, &alone, model_find(f.m, "dxvif-1"), &r, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(net_prefix_fmt(&r[0].attr.pfx, b), "10.0.0.0/16");
	assert_string_equal(net_prefix_fmt(&r[1].attr.pfx, b), "192.168.1.0/24");
	assert_int_equal(r[1].attr.as_path_len, 2);
	assert_int_equal(r[1].attr.as_path[0], 64512);
	assert_int_equal(r[1].attr.as_path[1], 65010);
	free(r);
	assert_int_equal(rib_advertised(f.s, site, model_find(f.m, "vgw-1"), &r, &n), VS_EINVAL);
	done(&f);
}

/* An advertisement learned live carries the AS_PATH the peer sent, in place
 * of BgpAsn repeated; a longer one loses (RFC 4271 9.1.2.2 a). */
static void test_live_as_path(void **state)
{
	(void)state;
	struct fixture f = load(VGW_NET, 0);
	static const uint32_t path[] = {65010, 65020, 65030};
	struct model_site *site = &f.m->sites[0];
	site->adv[0].as_path = path; /* 192.168.1.0/24 over vpn-1 */
	site->adv[0].as_path_len = 3;
	rib_free(f.s);
	assert_int_equal(rib_build(f.m, NULL, &f.s), 0);
	const struct rib_route *x = find(table(&f, "vgw-1"), "192.168.1.0/24", "vpn-1");
	assert_non_null(x);
	assert_int_equal(x->attr.as_path_len, 3);
	assert_int_equal(x->attr.as_path[2], 65030);
	done(&f);
}

/* eBGP loop prevention at AWS's end (RFC 4271 9.1.2): a route learned
 * live whose AS_PATH holds the VGW's ASN (64512, AmazonSideAsn) is not used
 * -- a candidate marked down with that reason, out of the forwarding table
 * -- while the same prefix with a clean path is. */
static void test_live_as_path_loop(void **state)
{
	(void)state;
	struct fixture f = load(VGW_NET, 0);
	assert_int_equal(rib_link_asn(model_find(f.m, "vpn-1")), 64512);
	assert_int_equal(rib_link_asn(model_find(f.m, "dxvif-1")), 64512);
	assert_int_equal(rib_link_asn(model_find(f.m, "vgw-1")), 0);
	static const uint32_t looped[] = {65010, 64512};
	struct model_site *site = &f.m->sites[0];
	site->adv[0].as_path = looped; /* 192.168.1.0/24 over vpn-1 */
	site->adv[0].as_path_len = 2;
	rib_free(f.s);
	assert_int_equal(rib_build(f.m, NULL, &f.s), 0);
	const struct rib *vg = table(&f, "vgw-1");
	const struct rib_route *x = find(vg, "192.168.1.0/24", "vpn-1");
	assert_non_null(x);
	assert_true(x->down);
	assert_false(rib_installed(x));
	assert_non_null(strstr(rib_why_text(x), "RFC 4271 9.1.2"));
	struct net_addr a;
	assert_int_equal(net_addr_parse("192.168.1.7", &a), 0);
	assert_null(rib_lookup(vg, &a, NULL, 0, NULL));
	/* 192.168.2.0/24 over vpn-1 kept its path: used */
	const struct rib_route *ok = find(vg, "192.168.2.0/24", "vpn-1");
	assert_non_null(ok);
	assert_false(ok->down);
	/* what vpcsim bgp found in an AS_SET, which the flat path leaves out */
	site->adv[1].as_loop = true; /* 192.168.2.0/24 over vpn-1 */
	rib_free(f.s);
	assert_int_equal(rib_build(f.m, NULL, &f.s), 0);
	vg = table(&f, "vgw-1");
	ok = find(vg, "192.168.2.0/24", "vpn-1");
	assert_non_null(ok);
	assert_true(ok->down);
	assert_non_null(strstr(rib_why_text(ok), "RFC 4271 9.1.2"));
	done(&f);
}

/* The compiled lookup agrees with a brute-force longest-prefix match. */
static void test_lookup_matches_brute_force(void **state)
{
	(void)state;
	struct fixture f = load(VGW_NET, 0);
	const struct rib *vg = table(&f, "vgw-1");
	unsigned seed = 7;
	for (int k = 0; k < 20000; k++) {
		seed = seed * 1103515245u + 12345u;
		struct net_addr a;
		uint32_t base = (k & 1) ? 0xC0A80000u : 0x0A000000u; /* 192.168/16 or 10/8 */
		net_addr_set_v4(&a, base | ((seed >> 8) & 0x3FFFFu));
		const struct rib_route *best = NULL;
		for (uint32_t i = 0; i < vg->n_routes; i++) {
			const struct rib_route *x = &vg->routes[i];
			if (rib_installed(x) && net_prefix_contains(&x->attr.pfx, &a) &&
			    (!best || x->attr.pfx.len > best->attr.pfx.len))
				best = x;
		}
		const struct rib_route *hit = rib_lookup(vg, &a, NULL, 0, NULL);
		if (!best) {
			assert_null(hit);
		} else {
			assert_non_null(hit);
			assert_true(net_prefix_eq(&hit->attr.pfx, &best->attr.pfx));
		}
	}
	done(&f);
}

static void test_errors(void **state)
{
	(void)state;
	struct rib_set *s = NULL;
	assert_int_equal(rib_build(NULL, NULL, &s), VS_EINVAL);
	struct fixture f = load(VGW_NET, 0);
	/* a subnet keeps no routes */
	assert_null(rib_of(f.s, model_find(f.m, "subnet-1")));
	assert_null(rib_of(NULL, model_find(f.m, "vgw-1")));
	assert_null(rib_lookup(NULL, NULL, NULL, 0, NULL));
	rib_free(NULL);
	done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vgw_propagation),
		cmocka_unit_test(test_dx_quota),
		cmocka_unit_test(test_site_learns),
		cmocka_unit_test(test_lookup_matches_brute_force),
		cmocka_unit_test(test_advertised_over_link),
		cmocka_unit_test(test_live_as_path),
		cmocka_unit_test(test_live_as_path_loop),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
