/*
 * DOC: unit tests of the TGW, VPN, Direct Connect, ELB, Route 53 and Sites
 * readers and of resolve_hybrid(), through load_snapshot_buffer()
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

/* The JSON fixtures below are laid out by hand, one resource per line. */
/* clang-format off */

/* Every test loads into the struct fixture_model (fixture.h) in *state. */
static const struct fixture_model *load(void **state, const char *json)
{
	return fixture_model_load(*state, "test.json", json);
}

static size_t errors(const struct fixture_model *f)
{
	return diag_count_severity(f->d, DIAG_ERROR);
}

/* load(), and the document must load without an error finding. */
static const struct fixture_model *load_clean(void **state, const char *json)
{
	const struct fixture_model *f = load(state, json);
	assert_int_equal(errors(f), 0);
	return f;
}

/* load() a document with bad values in it: it must be reported both for a
 * value of the wrong JSON type (SnapshotFormat) and for one out of range
 * (InvalidParameterValue), and still load. */
static const struct fixture_model *load_bad_values(void **state, const char *json)
{
	const struct fixture_model *f = load(state, json);
	assert_true(diag_has_code(f->d, "SnapshotFormat"));
	assert_true(diag_has_code(f->d, "InvalidParameterValue"));
	return f;
}

static const void *get(const struct fixture_model *f, const char *id, enum model_kind k)
{
	return fixture_find(f->m, id, k);
}

/* get(), where the load kept @n entities of kind @k: the document's others
 * are deleted (or failed), and the readers drop them. */
static const void *get_kept(const struct fixture_model *f, uint32_t n, const char *id, enum model_kind k)
{
	assert_int_equal(model_count(f->m, k), n);
	return get(f, id, k);
}

/* ---- Transit Gateway ---- */

static void test_tgw_defaults_when_options_absent(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"TransitGateways\": ["
		"{\"TransitGatewayId\": \"tgw-1\", \"State\": \"available\"},"
		"{\"TransitGatewayId\": \"tgw-2\", \"State\": \"available\","
		" \"Options\": {\"AmazonSideAsn\": 4200000000,"
		"  \"DefaultRouteTableAssociation\": \"disable\","
		"  \"DefaultRouteTablePropagation\": \"disable\","
		"  \"AssociationDefaultRouteTableId\": \"tgw-rtb-9\","
		"  \"VpnEcmpSupport\": \"disable\", \"DnsSupport\": \"enable\"}},"
		"{\"TransitGatewayId\": \"tgw-3\", \"State\": \"deleted\"}]}");
	const struct model_tgw *t1 = get_kept(f, 2, "tgw-1", MODEL_TGW); /* deleted one skipped */
	/* CreateTransitGateway defaults: ASN 64512, association and
	 * propagation to the default table, VPN ECMP on. */
	assert_int_equal(t1->asn, 64512);
	assert_true(t1->default_assoc);
	assert_true(t1->default_prop);
	assert_true(t1->vpn_ecmp);
	const struct model_tgw *t2 = get(f, "tgw-2", MODEL_TGW);
	assert_int_equal(t2->asn, 4200000000u);
	assert_false(t2->default_assoc);
	assert_false(t2->default_prop);
	assert_false(t2->vpn_ecmp);
	assert_true(t2->dns_support);
	assert_string_equal(t2->assoc_rtb_id, "tgw-rtb-9");
	assert_null(t2->assoc_rtb); /* dangling: kept as text */
	assert_null(model_find(f->m, "tgw-3"));
}

static void test_tgw_bad_option_value_reported(void **state)
{
	const struct fixture_model *f = load_bad_values(state,
		"{\"TransitGateways\": [{\"TransitGatewayId\": \"tgw-1\","
		" \"Options\": {\"AmazonSideAsn\": 1e30, \"VpnEcmpSupport\": 7}}]}");
	const struct model_tgw *t = get(f, "tgw-1", MODEL_TGW);
	assert_int_equal(t->asn, 64512);
	assert_true(t->vpn_ecmp);
}

static const char merged_att_generic[] =
	"\"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\","
	" \"TransitGatewayId\": \"tgw-1\", \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\","
	" \"ResourceOwnerId\": \"111122223333\", \"State\": \"available\","
	" \"Association\": {\"TransitGatewayRouteTableId\": \"tgw-rtb-1\", \"State\": \"associated\"}}]";
static const char merged_att_vpc[] =
	"\"TransitGatewayVpcAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\","
	" \"TransitGatewayId\": \"tgw-1\", \"VpcId\": \"vpc-1\", \"State\": \"available\","
	" \"SubnetIds\": [\"subnet-a\", \"subnet-b\"],"
	" \"Options\": {\"ApplianceModeSupport\": \"enable\", \"Ipv6Support\": \"disable\"}}]";

static void check_merged(const struct fixture_model *f)
{
	assert_int_equal(errors(f), 0);
	const struct model_tgw_att *a = get_kept(f, 1, "tgw-attach-1", MODEL_TGW_ATT);
	assert_int_equal(a->type, TGW_ATT_VPC);
	assert_string_equal(a->tgw_id, "tgw-1");
	assert_string_equal(a->resource_id, "vpc-1");
	assert_string_equal(a->resource_owner, "111122223333");
	assert_string_equal(a->assoc_rtb_id, "tgw-rtb-1");
	assert_int_equal(a->n_subnets, 2);
	assert_string_equal(a->subnet_ids[1], "subnet-b");
	assert_true(a->appliance_mode);
	assert_false(a->ipv6_support);
	/* resolved against the rest of the snapshot */
	const struct model_tgw_rtb *r = get(f, "tgw-rtb-1", MODEL_TGW_RTB);
	assert_ptr_equal(a->assoc_rtb, r);
	assert_ptr_equal(a->tgw, model_find(f->m, "tgw-1"));
	assert_int_equal(r->n_assoc_atts, 1);
	assert_ptr_equal(r->assoc_atts[0], a);
	assert_ptr_equal(r->tgw, a->tgw);
}

static void test_tgw_vpc_attachment_merged_with_generic_attachment(void **state)
{
	static const char common[] =
		"\"TransitGateways\": [{\"TransitGatewayId\": \"tgw-1\"}],"
		"\"TransitGatewayRouteTables\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"TransitGatewayId\": \"tgw-1\", \"State\": \"available\","
		" \"DefaultAssociationRouteTable\": true}]";
	char buf[4096];
	/* generic first, then the VPC call */
	snprintf(buf, sizeof(buf), "{%s, %s, %s}", common, merged_att_generic, merged_att_vpc);
	const struct fixture_model *f = load(state, buf);
	check_merged(f);
	/* the other order gives the same entity */
	snprintf(buf, sizeof(buf), "{%s, %s, %s}", merged_att_vpc, common, merged_att_generic);
	f = load(state, buf);
	check_merged(f);
}

static void test_tgw_attachment_without_association_not_associated(void **state)
{
	/* Only what the snapshot says: no inferred default association. */
	const struct fixture_model *f = load_clean(state,
		"{\"TransitGateways\": [{\"TransitGatewayId\": \"tgw-1\", \"Options\": {"
		"  \"AssociationDefaultRouteTableId\": \"tgw-rtb-1\"}}],"
		"\"TransitGatewayRouteTables\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"TransitGatewayId\": \"tgw-1\"}],"
		"\"TransitGatewayAttachments\": ["
		" {\"TransitGatewayAttachmentId\": \"tgw-attach-1\", \"TransitGatewayId\": \"tgw-1\","
		"  \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\", \"State\": \"available\"},"
		" {\"TransitGatewayAttachmentId\": \"tgw-attach-2\", \"TransitGatewayId\": \"tgw-1\","
		"  \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-2\", \"State\": \"available\","
		"  \"Association\": {\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		"   \"State\": \"disassociating\"}},"
		" {\"TransitGatewayAttachmentId\": \"tgw-attach-3\", \"TransitGatewayId\": \"tgw-1\","
		"  \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-3\", \"State\": \"deleted\"}]}");
	const struct model_tgw_att *a1 = get_kept(f, 2, "tgw-attach-1", MODEL_TGW_ATT);
	const struct model_tgw_att *a2 = get(f, "tgw-attach-2", MODEL_TGW_ATT);
	assert_null(a1->assoc_rtb_id);
	assert_null(a2->assoc_rtb_id);
	assert_null(a1->resource); /* vpc-1 is not in the snapshot */
	assert_string_equal(a1->resource_id, "vpc-1");
	const struct model_tgw_rtb *r = get(f, "tgw-rtb-1", MODEL_TGW_RTB);
	assert_int_equal(r->n_assoc_atts, 0);
}

static void test_tgw_peering_attachment_merged_from_both_calls(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"Region\": \"eu-west-1\","
		"\"TransitGatewayPeeringAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-p1\","
		" \"RequesterTgwInfo\": {\"TransitGatewayId\": \"tgw-1\", \"OwnerId\": \"111111111111\","
		"  \"Region\": \"us-east-1\"},"
		" \"AccepterTgwInfo\": {\"TransitGatewayId\": \"tgw-2\", \"OwnerId\": \"222222222222\","
		"  \"Region\": \"eu-west-1\"},"
		" \"Status\": {\"Code\": \"available\"}, \"State\": \"available\"}],"
		"\"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-p1\","
		" \"TransitGatewayId\": \"tgw-2\", \"ResourceType\": \"peering\", \"ResourceId\": \"tgw-1\","
		" \"ResourceOwnerId\": \"111111111111\", \"State\": \"available\","
		" \"Association\": {\"TransitGatewayRouteTableId\": \"tgw-rtb-2\", \"State\": \"associated\"}}]}");
	const struct model_tgw_att *a = get_kept(f, 1, "tgw-attach-p1", MODEL_TGW_ATT);
	assert_int_equal(a->type, TGW_ATT_PEERING);
	/* the file is the accepter's region, so our side is the accepter */
	assert_string_equal(a->tgw_id, "tgw-2");
	assert_string_equal(a->peer_tgw_id, "tgw-1");
	assert_string_equal(a->peer_account, "111111111111");
	assert_string_equal(a->peer_region, "us-east-1");
	assert_string_equal(a->assoc_rtb_id, "tgw-rtb-2");
}

static void test_batfish_propagations_wrapper(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"TransitGatewayRouteTables\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"TransitGatewayId\": \"tgw-1\"}],"
		"\"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\","
		" \"TransitGatewayId\": \"tgw-1\", \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\"}],"
		"\"TransitGatewayPropagations\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"TransitGatewayRouteTablePropagations\": ["
		"  {\"TransitGatewayAttachmentId\": \"tgw-attach-1\", \"ResourceId\": \"vpc-1\","
		"   \"ResourceType\": \"vpc\", \"State\": \"enabled\"},"
		"  {\"TransitGatewayAttachmentId\": \"tgw-attach-2\", \"ResourceId\": \"vpn-2\","
		"   \"ResourceType\": \"vpn\", \"State\": \"enabling\"},"
		"  {\"TransitGatewayAttachmentId\": \"tgw-attach-3\", \"ResourceId\": \"vpc-3\","
		"   \"ResourceType\": \"vpc\", \"State\": \"disabled\"}]},"
		" {\"TransitGatewayRouteTableId\": \"tgw-rtb-gone\","
		"  \"TransitGatewayRouteTablePropagations\": [{\"TransitGatewayAttachmentId\": \"x\","
		"   \"State\": \"enabled\"}]}]}");
	/* a propagation into a table that is not there cannot be kept */
	assert_true(diag_has_code(f->d, "InvalidRouteTableID.NotFound"));
	const struct model_tgw_rtb *r = get(f, "tgw-rtb-1", MODEL_TGW_RTB);
	assert_int_equal(r->n_prop_atts, 2);
	assert_string_equal(r->prop_att_ids[0], "tgw-attach-1");
	assert_ptr_equal(r->prop_atts[0], model_find(f->m, "tgw-attach-1"));
	assert_string_equal(r->prop_att_ids[1], "tgw-attach-2");
	assert_null(r->prop_atts[1]); /* dangling id kept as text */
}

static void test_batfish_static_routes_wrapper(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"TransitGatewayRouteTables\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"TransitGatewayId\": \"tgw-1\"}, {\"TransitGatewayRouteTableId\": \"tgw-rtb-2\","
		" \"TransitGatewayId\": \"tgw-1\"}],"
		"\"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\","
		" \"TransitGatewayId\": \"tgw-1\", \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\"}],"
		"\"PrefixLists\": [{\"PrefixListId\": \"pl-1\", \"PrefixListName\": \"x\","
		" \"Cidrs\": [\"10.9.0.0/16\"]}],"
		"\"TransitGatewayStaticRoutes\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"AdditionalRoutesAvailable\": false, \"Routes\": ["
		"  {\"DestinationCidrBlock\": \"1.1.1.1/32\", \"State\": \"active\", \"Type\": \"static\","
		"   \"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\","
		"    \"ResourceId\": \"vpc-1\", \"ResourceType\": \"vpc\"}]},"
		"  {\"DestinationCidrBlock\": \"192.168.0.0/16\", \"State\": \"blackhole\","
		"   \"Type\": \"static\"},"
		"  {\"PrefixListId\": \"pl-1\", \"State\": \"active\", \"Type\": \"static\","
		"   \"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\"}]},"
		"  {\"DestinationCidrBlock\": \"10.0.0.0/16\", \"State\": \"active\","
		"   \"Type\": \"propagated\","
		"   \"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\"}]},"
		"  {\"DestinationCidrBlock\": \"10.1.0.0/16\", \"State\": \"deleted\", \"Type\": \"static\"}"
		"]}, {\"TransitGatewayRouteTableId\": \"tgw-rtb-2\", \"Routes\": []},"
		" {\"TransitGatewayRouteTableId\": \"tgw-rtb-1\", \"Routes\": ["
		"  {\"DestinationIpv6CidrBlock\": \"2001:db8::/32\", \"State\": \"active\","
		"   \"Type\": \"static\"}]}]}");
	const struct model_tgw_rtb *r = get(f, "tgw-rtb-1", MODEL_TGW_RTB);
	assert_int_equal(r->n_routes, 5); /* the deleted route is gone */
	const struct model_tgw_att *a = get(f, "tgw-attach-1", MODEL_TGW_ATT);

	assert_string_equal(r->routes[0].dst.text, "1.1.1.1/32");
	assert_int_equal(r->routes[0].dst.pfx.len, 32);
	assert_int_equal(r->routes[0].n_atts, 1);
	assert_ptr_equal(r->routes[0].atts[0], a);
	assert_false(r->routes[0].blackhole);
	assert_false(r->routes[0].propagated);

	assert_true(r->routes[1].blackhole);
	assert_int_equal(r->routes[1].n_atts, 0);

	assert_int_equal(r->routes[2].dst.pfx.addr.af, NET_AF_NONE);
	assert_string_equal(r->routes[2].dst_pl_id, "pl-1");
	assert_ptr_equal(r->routes[2].dst_pl, model_find(f->m, "pl-1"));

	assert_true(r->routes[3].propagated);
	/* a second wrapper element for the same table adds to it */
	assert_int_equal(r->routes[4].dst.pfx.addr.af, NET_AF_INET6);

	const struct model_tgw_rtb *r2 = get(f, "tgw-rtb-2", MODEL_TGW_RTB);
	assert_int_equal(r2->n_routes, 0);
}

/* get-transit-gateway-prefix-list-references: each reference is a route of
 * its table to the list (tgw/create-prefix-list-reference.html); one the
 * search-transit-gateway-routes wrapper also gives is one route. */
static void test_tgw_prefix_list_references(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"TransitGatewayRouteTables\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"TransitGatewayId\": \"tgw-1\"}],"
		"\"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\","
		" \"TransitGatewayId\": \"tgw-1\", \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\"}],"
		"\"PrefixLists\": [{\"PrefixListId\": \"pl-1\", \"PrefixListName\": \"a\","
		" \"Cidrs\": [\"10.9.0.0/16\"]}, {\"PrefixListId\": \"pl-2\", \"PrefixListName\": \"b\","
		" \"Cidrs\": [\"10.8.0.0/16\"]}, {\"PrefixListId\": \"pl-3\", \"PrefixListName\": \"c\","
		" \"Cidrs\": [\"10.7.0.0/16\"]}],"
		"\"TransitGatewayPrefixListReferences\": ["
		" {\"TransitGatewayRouteTableId\": \"tgw-rtb-1\", \"PrefixListId\": \"pl-1\","
		"  \"PrefixListOwnerId\": \"111122223333\", \"State\": \"available\","
		"  \"Blackhole\": false, \"TransitGatewayAttachment\": {\"TransitGatewayAttachmentId\":"
		"  \"tgw-attach-1\", \"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\"}},"
		" {\"TransitGatewayRouteTableId\": \"tgw-rtb-1\", \"PrefixListId\": \"pl-2\","
		"  \"State\": \"available\", \"Blackhole\": true},"
		" {\"TransitGatewayRouteTableId\": \"tgw-rtb-1\", \"PrefixListId\": \"pl-3\","
		"  \"State\": \"deleting\", \"Blackhole\": true}],"
		"\"TransitGatewayStaticRoutes\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"Routes\": [{\"PrefixListId\": \"pl-1\", \"State\": \"active\", \"Type\": \"static\","
		"  \"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-1\"}]}]}]}");
	const struct model_tgw_rtb *r = get(f, "tgw-rtb-1", MODEL_TGW_RTB);
	assert_int_equal(r->n_routes, 2); /* pl-1 once; pl-3's reference is being deleted */
	assert_string_equal(r->routes[0].dst_pl_id, "pl-1");
	assert_ptr_equal(r->routes[0].dst_pl, model_find(f->m, "pl-1"));
	assert_int_equal(r->routes[0].n_atts, 1);
	assert_ptr_equal(r->routes[0].atts[0], get(f, "tgw-attach-1", MODEL_TGW_ATT));
	assert_false(r->routes[0].blackhole);
	assert_string_equal(r->routes[1].dst_pl_id, "pl-2");
	assert_true(r->routes[1].blackhole);
	assert_int_equal(r->routes[1].n_atts, 0);
}

static void test_tgw_static_route_without_destination_reported(void **state)
{
	load_bad_values(state,
		"{\"TransitGatewayStaticRoutes\": [{\"TransitGatewayRouteTableId\": \"tgw-rtb-1\","
		" \"Routes\": [{\"State\": \"active\"}, {\"DestinationCidrBlock\": \"10.0.0.0/33\"},"
		"  42]}]}");
}

/* ---- VPN ---- */

static void test_cgw_bgp_asn_string(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"CustomerGateways\": ["
		" {\"CustomerGatewayId\": \"cgw-1\", \"BgpAsn\": \"65000\", \"IpAddress\": \"203.0.113.12\","
		"  \"State\": \"available\", \"Type\": \"ipsec.1\", \"DeviceName\": \"r1\"},"
		" {\"CustomerGatewayId\": \"cgw-2\", \"BgpAsn\": 65001, \"IpAddress\": \"203.0.113.13\"},"
		" {\"CustomerGatewayId\": \"cgw-3\", \"BgpAsn\": \"65000\","
		"  \"BgpAsnExtended\": \"4200000001\", \"IpAddress\": \"203.0.113.14\"},"
		" {\"CustomerGatewayId\": \"cgw-4\", \"BgpAsn\": \"65000\", \"State\": \"deleted\"}]}");
	const struct model_cgw *g1 = get_kept(f, 3, "cgw-1", MODEL_CGW);
	assert_int_equal(g1->asn, 65000);
	assert_int_equal(g1->ip.af, NET_AF_INET);
	assert_string_equal(g1->device_name, "r1");
	assert_string_equal(g1->type, "ipsec.1");
	assert_int_equal(((const struct model_cgw *)get(f, "cgw-2", MODEL_CGW))->asn, 65001);
	assert_int_equal(((const struct model_cgw *)get(f, "cgw-3", MODEL_CGW))->asn,
			 4200000001u);
}

static void test_cgw_bad_asn_and_address_reported(void **state)
{
	const struct fixture_model *f = load(state,
		"{\"CustomerGateways\": [{\"CustomerGatewayId\": \"cgw-1\", \"BgpAsn\": \"sixty\","
		" \"IpAddress\": \"203.0.113.300\"}, {\"CustomerGatewayId\": \"cgw-2\","
		" \"BgpAsn\": \"99999999999\"}]}");
	assert_true(diag_has_code(f->d, "InvalidParameterValue"));
	assert_true(errors(f) >= 3);
	const struct model_cgw *g = get(f, "cgw-1", MODEL_CGW);
	assert_int_equal(g->asn, 0);
	assert_int_equal(g->ip.af, NET_AF_NONE);
}

static void test_vgw_only_attached_vpcs_kept(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}],"
		"\"VpnGateways\": [{\"VpnGatewayId\": \"vgw-1\", \"State\": \"available\","
		" \"AvailabilityZone\": \"us-east-1a\","
		" \"VpcAttachments\": [{\"State\": \"attached\", \"VpcId\": \"vpc-1\"},"
		"  {\"State\": \"detached\", \"VpcId\": \"vpc-2\"},"
		"  {\"State\": \"attaching\", \"VpcId\": \"vpc-3\"}]},"
		" {\"VpnGatewayId\": \"vgw-2\", \"State\": \"deleted\"},"
		" {\"VpnGatewayId\": \"vgw-3\", \"AmazonSideAsn\": 65010}]}");
	const struct model_vgw *g = get_kept(f, 2, "vgw-1", MODEL_VGW);
	assert_int_equal(g->asn, 64512);
	assert_string_equal(g->az, "us-east-1a");
	assert_string_equal(g->obj.region, "us-east-1");
	assert_int_equal(g->n_vpcs, 2);
	assert_string_equal(g->vpc_ids[0], "vpc-1");
	assert_string_equal(g->vpc_ids[1], "vpc-3");
	assert_ptr_equal(g->vpcs[0], model_find(f->m, "vpc-1"));
	assert_null(g->vpcs[1]);
	assert_int_equal(((const struct model_vgw *)get(f, "vgw-3", MODEL_VGW))->asn, 65010);
}

static void test_vpn_tunnels_matched_with_telemetry(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"CustomerGateways\": [{\"CustomerGatewayId\": \"cgw-1\", \"BgpAsn\": \"65000\","
		" \"IpAddress\": \"203.0.113.12\"}],"
		"\"TransitGateways\": [{\"TransitGatewayId\": \"tgw-1\"}],"
		"\"TransitGatewayAttachments\": [{\"TransitGatewayAttachmentId\": \"tgw-attach-v\","
		" \"TransitGatewayId\": \"tgw-1\", \"ResourceType\": \"vpn\", \"ResourceId\": \"vpn-1\","
		" \"State\": \"available\"}],"
		"\"VpnConnections\": [{\"VpnConnectionId\": \"vpn-1\", \"State\": \"available\","
		" \"CustomerGatewayId\": \"cgw-1\", \"TransitGatewayId\": \"tgw-1\","
		" \"Options\": {\"StaticRoutesOnly\": false, \"TunnelOptions\": ["
		"  {\"OutsideIpAddress\": \"52.27.166.152\", \"TunnelInsideCidr\": \"169.254.15.192/30\"},"
		"  {\"OutsideIpAddress\": \"52.27.166.153\", \"TunnelInsideCidr\": \"169.254.16.192/30\"}]},"
		" \"Routes\": [{\"DestinationCidrBlock\": \"192.168.0.0/16\", \"State\": \"available\"},"
		"  {\"DestinationCidrBlock\": \"192.169.0.0/16\", \"State\": \"deleted\"}],"
		" \"VgwTelemetry\": ["
		"  {\"OutsideIpAddress\": \"52.27.166.153\", \"Status\": \"UP\", \"AcceptedRouteCount\": 5},"
		"  {\"OutsideIpAddress\": \"52.27.166.152\", \"Status\": \"DOWN\", \"AcceptedRouteCount\": 0}]},"
		" {\"VpnConnectionId\": \"vpn-2\", \"State\": \"deleted\"}]}");
	const struct model_vpn *v = get_kept(f, 1, "vpn-1", MODEL_VPN);
	assert_false(v->static_only);
	assert_int_equal(v->n_tunnels, 2);
	assert_false(v->tunnels[0].up);
	assert_true(v->tunnels[1].up);
	assert_int_equal(v->tunnels[1].accepted_routes, 5);
	assert_int_equal(v->tunnels[0].inside_cidr.pfx.len, 30);
	assert_int_equal(v->n_routes, 1);
	assert_string_equal(v->routes[0].dst.text, "192.168.0.0/16");
	assert_ptr_equal(v->cgw, model_find(f->m, "cgw-1"));
	assert_ptr_equal(v->tgw, model_find(f->m, "tgw-1"));
	assert_null(v->vgw);
	/* the TGW side is the attachment whose resource is this VPN */
	assert_ptr_equal(v->tgw_att, model_find(f->m, "tgw-attach-v"));
}

static void test_vpn_telemetry_without_tunnel_options_adds_tunnels(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"VpnConnections\": [{\"VpnConnectionId\": \"vpn-1\", \"VpnGatewayId\": \"vgw-1\","
		" \"Options\": {\"StaticRoutesOnly\": true},"
		" \"VgwTelemetry\": [{\"OutsideIpAddress\": \"52.0.0.1\", \"Status\": \"UP\"},"
		"  {\"OutsideIpAddress\": \"52.0.0.2\", \"Status\": \"DOWN\"}]}]}");
	const struct model_vpn *v = get(f, "vpn-1", MODEL_VPN);
	assert_true(v->static_only);
	assert_int_equal(v->n_tunnels, 2);
	assert_true(v->tunnels[0].up);
	assert_false(v->tunnels[1].up);
	assert_string_equal(v->vgw_id, "vgw-1");
	assert_null(v->vgw);
}

static void test_vpn_tunnels_from_customer_gateway_configuration_xml(void **state)
{
	/* Batfish reads tunnels only from this XML; older output lacks
	 * TunnelOptions.  Telemetry still matches by outside address. */
	const struct fixture_model *f = load_clean(state,
		"{\"VpnConnections\": [{\"VpnConnectionId\": \"vpn-1\", \"VpnGatewayId\": \"vgw-1\","
		" \"CustomerGatewayConfiguration\": \"<?xml version=\\\"1.0\\\"?><vpn_connection id=\\\"vpn-1\\\">"
		"<ipsec_tunnel><customer_gateway><tunnel_outside_address><ip_address>203.0.113.12"
		"</ip_address></tunnel_outside_address><tunnel_inside_address><ip_address>169.254.15.194"
		"</ip_address><network_cidr>30</network_cidr></tunnel_inside_address></customer_gateway>"
		"<vpn_gateway><tunnel_outside_address><ip_address>52.27.166.152</ip_address>"
		"</tunnel_outside_address><tunnel_inside_address><ip_address>169.254.15.193</ip_address>"
		"<network_cidr>30</network_cidr></tunnel_inside_address></vpn_gateway></ipsec_tunnel>"
		"<ipsec_tunnel><vpn_gateway><tunnel_outside_address><ip_address>52.27.166.153</ip_address>"
		"</tunnel_outside_address><tunnel_inside_address><ip_address>169.254.16.1</ip_address>"
		"<network_cidr>30</network_cidr></tunnel_inside_address></vpn_gateway></ipsec_tunnel>"
		"<ipsec_tunnel><vpn_gateway><tunnel_outside_address><ip_address>"
		"</vpn_connection>\","
		" \"VgwTelemetry\": [{\"OutsideIpAddress\": \"52.27.166.153\", \"Status\": \"UP\"}]}]}");
	const struct model_vpn *v = get(f, "vpn-1", MODEL_VPN);
	assert_int_equal(v->n_tunnels, 2);
	assert_string_equal(v->tunnels[0].inside_cidr.text, "169.254.15.192/30");
	assert_int_equal(v->tunnels[0].inside_cidr.pfx.len, 30);
	assert_false(v->tunnels[0].up);
	assert_string_equal(v->tunnels[1].inside_cidr.text, "169.254.16.0/30");
	assert_true(v->tunnels[1].up);
}

/* ---- Direct Connect ---- */

static void test_dx_keys_both_spellings(void **state)
{
	/* AWS CLI camelCase next to Batfish's PascalCase. */
	const struct fixture_model *f = load_clean(state,
		"{\"directConnectGateways\": [{\"directConnectGatewayId\": \"dxgw-a\","
		" \"directConnectGatewayName\": \"ga\", \"amazonSideAsn\": 64513,"
		" \"ownerAccount\": \"111122223333\", \"directConnectGatewayState\": \"available\"}],"
		"\"DirectConnectGateways\": [{\"DirectConnectGatewayId\": \"dxgw-b\","
		" \"DirectConnectGatewayName\": \"gb\", \"AmazonSideAsn\": 64514,"
		" \"DirectConnectGatewayState\": \"available\"}],"
		"\"virtualInterfaces\": [{\"virtualInterfaceId\": \"dxvif-a\","
		" \"virtualInterfaceType\": \"transit\", \"virtualInterfaceState\": \"available\","
		" \"vlan\": 100, \"asn\": 65001, \"amazonSideAsn\": 64513, \"mtu\": 8500,"
		" \"virtualGatewayId\": \"\", \"directConnectGatewayId\": \"dxgw-a\","
		" \"region\": \"us-east-1\", \"siteLinkEnabled\": true,"
		" \"bgpPeers\": [{\"bgpPeerId\": \"dxpeer-1\", \"asn\": 65001, \"addressFamily\": \"ipv4\","
		"  \"amazonAddress\": \"169.254.10.1/30\", \"customerAddress\": \"169.254.10.2/30\","
		"  \"bgpPeerState\": \"available\", \"bgpStatus\": \"up\"}]}],"
		"\"VirtualInterfaces\": [{\"VirtualInterfaceId\": \"dxvif-b\","
		" \"VirtualInterfaceType\": \"private\", \"VirtualInterfaceState\": \"available\","
		" \"Vlan\": 200, \"Asn\": 65002, \"VirtualGatewayId\": \"vgw-1\","
		" \"Tags\": [{\"Key\": \"Name\", \"Value\": \"vif-b\"}],"
		" \"RouteFilterPrefixes\": [{\"Cidr\": \"10.0.0.0/8\"}],"
		" \"BgpPeers\": [{\"Asn\": 65002, \"BgpStatus\": \"down\", \"BgpPeerState\": \"available\"}]}],"
		"\"DirectConnectGatewayAssociations\": [{\"DirectConnectGatewayId\": \"dxgw-b\","
		" \"AssociationState\": \"associated\","
		" \"AssociatedGateway\": {\"Id\": \"tgw-1\", \"Type\": \"transitGateway\"},"
		" \"AllowedPrefixesToDirectConnectGateway\": [{\"Cidr\": \"10.0.0.0/8\"}]}],"
		"\"directConnectGatewayAssociations\": [{\"directConnectGatewayId\": \"dxgw-a\","
		" \"associationState\": \"associated\","
		" \"associatedGateway\": {\"id\": \"tgw-1\", \"type\": \"transitGateway\","
		"  \"ownerAccount\": \"111122223333\", \"region\": \"us-east-1\"},"
		" \"allowedPrefixesToDirectConnectGateway\": [{\"cidr\": \"10.1.0.0/16\"},"
		"  {\"cidr\": \"10.2.0.0/16\"}]}],"
		"\"TransitGateways\": [{\"TransitGatewayId\": \"tgw-1\"}]}");
	const struct model_dxgw *ga = get(f, "dxgw-a", MODEL_DXGW);
	const struct model_dxgw *gb = get(f, "dxgw-b", MODEL_DXGW);
	assert_string_equal(ga->obj.name, "ga");
	assert_string_equal(ga->obj.account, "111122223333");
	assert_int_equal(ga->asn, 64513);
	assert_int_equal(gb->asn, 64514);
	assert_string_equal(gb->obj.name, "gb");

	const struct model_vif *va = get(f, "dxvif-a", MODEL_VIF);
	assert_int_equal(va->type, VIF_TRANSIT);
	assert_int_equal(va->vlan, 100);
	assert_int_equal(va->asn, 65001);
	assert_int_equal(va->amazon_asn, 64513);
	assert_int_equal(va->mtu, 8500);
	assert_null(va->vgw_id); /* "" in CLI output means none */
	assert_ptr_equal(va->dxgw, ga);
	assert_true(va->sitelink);
	assert_string_equal(va->obj.region, "us-east-1");
	assert_int_equal(va->n_peers, 1);
	assert_true(va->peers[0].up);
	assert_string_equal(va->peers[0].amazon_addr, "169.254.10.1/30");

	const struct model_vif *vb = get(f, "dxvif-b", MODEL_VIF);
	assert_int_equal(vb->type, VIF_PRIVATE);
	assert_int_equal(vb->vlan, 200);
	assert_int_equal(vb->asn, 65002);
	assert_int_equal(vb->mtu, 1500); /* default */
	assert_string_equal(vb->obj.name, "vif-b"); /* Batfish fixtures: Name tag */
	assert_string_equal(vb->vgw_id, "vgw-1");
	assert_int_equal(vb->n_route_filters, 1);
	assert_int_equal(vb->n_peers, 1);
	assert_false(vb->peers[0].up);

	const struct model_tgw *tgw = get(f, "tgw-1", MODEL_TGW);
	assert_int_equal(ga->n_assocs, 1);
	assert_string_equal(ga->assocs[0].gateway_type, "transitGateway");
	assert_ptr_equal(ga->assocs[0].gateway, &tgw->obj);
	assert_int_equal(ga->assocs[0].n_allowed, 2);
	assert_int_equal(gb->n_assocs, 1);
	assert_string_equal(gb->assocs[0].allowed[0].text, "10.0.0.0/8");
}

static void test_dxgw_global_duplicates_collapsed(void **state)
{
	/* The gateway and its associations appear in every region's output. */
	const struct fixture_model *f = load_clean(state,
		"{\"directConnectGateways\": [{\"directConnectGatewayId\": \"dxgw-a\"},"
		" {\"directConnectGatewayId\": \"dxgw-a\"}],"
		"\"directConnectGatewayAssociations\": ["
		" {\"directConnectGatewayId\": \"dxgw-a\", \"associationState\": \"associated\","
		"  \"virtualGatewayId\": \"vgw-1\"},"
		" {\"directConnectGatewayId\": \"dxgw-a\", \"associationState\": \"associated\","
		"  \"associatedGateway\": {\"id\": \"vgw-1\", \"type\": \"virtualPrivateGateway\"}},"
		" {\"directConnectGatewayId\": \"dxgw-a\", \"associationState\": \"disassociated\","
		"  \"associatedGateway\": {\"id\": \"tgw-9\", \"type\": \"transitGateway\"}},"
		" {\"directConnectGatewayId\": \"dxgw-missing\", \"associationState\": \"associated\","
		"  \"associatedGateway\": {\"id\": \"tgw-9\", \"type\": \"transitGateway\"}}],"
		"\"VpnGateways\": [{\"VpnGatewayId\": \"vgw-1\"}]}");
	const struct model_dxgw *g = get_kept(f, 1, "dxgw-a", MODEL_DXGW);
	assert_int_equal(g->asn, 64512);
	assert_int_equal(g->n_assocs, 1);
	assert_string_equal(g->assocs[0].gateway_id, "vgw-1");
	/* older shape: virtualGatewayId only */
	assert_string_equal(g->assocs[0].gateway_type, "virtualPrivateGateway");
	assert_ptr_equal(g->assocs[0].gateway, model_find(f->m, "vgw-1"));
	assert_true(diag_has_code(f->d, "DirectConnectGatewayNotFound"));
}

static void test_deleted_vif_skipped(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"virtualInterfaces\": ["
		" {\"virtualInterfaceId\": \"dxvif-1\", \"virtualInterfaceState\": \"deleted\"},"
		" {\"virtualInterfaceId\": \"dxvif-2\", \"virtualInterfaceState\": \"rejected\"},"
		" {\"virtualInterfaceId\": \"dxvif-3\", \"virtualInterfaceState\": \"deleting\"},"
		" {\"VirtualInterfaceId\": \"dxvif-4\", \"VirtualInterfaceState\": \"deleted\"},"
		" {\"virtualInterfaceId\": \"dxvif-5\", \"virtualInterfaceState\": \"down\","
		"  \"bgpPeers\": [{\"bgpPeerId\": \"p1\", \"bgpPeerState\": \"deleted\"},"
		"   {\"bgpPeerId\": \"p2\", \"bgpPeerState\": \"available\", \"bgpStatus\": \"up\"}]}]}");
	const struct model_vif *v = get_kept(f, 1, "dxvif-5", MODEL_VIF);
	assert_string_equal(v->state, "down"); /* exists, passes no traffic */
	assert_int_equal(v->n_peers, 1);
	assert_string_equal(v->peers[0].id, "p2");
}

static void test_vif_bad_values_reported(void **state)
{
	const struct fixture_model *f = load_bad_values(state,
		"{\"virtualInterfaces\": [{\"virtualInterfaceId\": \"dxvif-1\","
		" \"virtualInterfaceType\": \"sideways\", \"vlan\": 5000, \"mtu\": -3,"
		" \"routeFilterPrefixes\": [{\"cidr\": \"10.0.0.0/99\"}, 7, {}],"
		" \"bgpPeers\": {\"not\": \"a list\"}}]}");
	const struct model_vif *v = get(f, "dxvif-1", MODEL_VIF);
	assert_int_equal(v->type, VIF_PRIVATE);
	assert_int_equal(v->vlan, 0);
	assert_int_equal(v->mtu, 1500);
	assert_int_equal(v->n_route_filters, 0);
	assert_int_equal(v->n_peers, 0);
}

/* ---- ELB ---- */

static const char lb_base[] =
	"\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}],"
	"\"Subnets\": [{\"SubnetId\": \"subnet-1\", \"VpcId\": \"vpc-1\","
	" \"CidrBlock\": \"10.0.1.0/24\", \"AvailabilityZone\": \"us-east-2a\"}],"
	"\"LoadBalancers\": [{\"LoadBalancerArn\":"
	" \"arn:aws:elasticloadbalancing:us-east-2:111122223333:loadbalancer/net/lb/abc\","
	" \"LoadBalancerName\": \"lb\", \"DNSName\": \"lb-abc.elb.us-east-2.amazonaws.com\","
	" \"Scheme\": \"internet-facing\", \"VpcId\": \"vpc-1\", \"Type\": \"network\","
	" \"State\": {\"Code\": \"active\"}, \"SecurityGroups\": [\"sg-x\"],"
	" \"AvailabilityZones\": [{\"ZoneName\": \"us-east-2a\", \"SubnetId\": \"subnet-1\","
	"  \"LoadBalancerAddresses\": [{\"IpAddress\": \"3.3.3.3\", \"AllocationId\": \"eipalloc-1\","
	"   \"PrivateIPv4Address\": \"10.0.1.5\"}]}]},"
	" {\"LoadBalancerArn\": \"arn:aws:elasticloadbalancing:us-east-2:1:loadbalancer/app/bad/1\","
	"  \"State\": {\"Code\": \"failed\"}}],"
	"\"TargetGroups\": [{\"TargetGroupArn\":"
	" \"arn:aws:elasticloadbalancing:us-east-2:111122223333:targetgroup/t1/xyz\","
	" \"TargetGroupName\": \"t1\", \"Protocol\": \"TCP\", \"Port\": 80, \"VpcId\": \"vpc-1\","
	" \"TargetType\": \"ip\", \"LoadBalancerArns\":"
	" [\"arn:aws:elasticloadbalancing:us-east-2:111122223333:loadbalancer/net/lb/abc\"]}]";
#define LB_ARN "arn:aws:elasticloadbalancing:us-east-2:111122223333:loadbalancer/net/lb/abc"
#define TG_ARN "arn:aws:elasticloadbalancing:us-east-2:111122223333:targetgroup/t1/xyz"

static void test_lb_and_target_group_read(void **state)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "{%s}", lb_base);
	const struct fixture_model *f = load_clean(state, buf);
	const struct model_lb *lb = get_kept(f, 1, LB_ARN, MODEL_LB); /* failed one skipped */
	assert_string_equal(lb->obj.name, "lb");
	assert_string_equal(lb->type, "network");
	assert_string_equal(lb->state, "active");
	/* no folder or file Region: the ARN tells */
	assert_string_equal(lb->obj.region, "us-east-2");
	assert_string_equal(lb->obj.account, "111122223333");
	assert_ptr_equal(lb->vpc, model_find(f->m, "vpc-1"));
	assert_int_equal(lb->n_azs, 1);
	assert_ptr_equal(lb->azs[0].subnet, model_find(f->m, "subnet-1"));
	assert_int_equal(lb->azs[0].n_addrs, 2);
	assert_int_equal(lb->n_sgs, 1);
	assert_null(lb->sgs[0]);
	const struct model_tg *tg = get(f, TG_ARN, MODEL_TG);
	assert_int_equal(tg->port, 80);
	assert_string_equal(tg->target_type, "ip");
	assert_ptr_equal(tg->vpc, model_find(f->m, "vpc-1"));
	assert_int_equal(tg->n_lbs, 1);
}

static void test_lb_listeners_wrapper(void **state)
{
	char buf[8192];
	snprintf(buf, sizeof(buf),
		 "{%s, \"LoadBalancerListeners\": [{\"LoadBalancerArn\": \"" LB_ARN "\","
		 " \"Listeners\": ["
		 "  {\"ListenerArn\": \"arn:l1\", \"LoadBalancerArn\": \"" LB_ARN "\","
		 "   \"Port\": 80, \"Protocol\": \"TCP\","
		 "   \"DefaultActions\": [{\"Order\": 1, \"Type\": \"forward\","
		 "    \"TargetGroupArn\": \"" TG_ARN "\"}]},"
		 "  {\"ListenerArn\": \"arn:l2\", \"Port\": 443, \"Protocol\": \"TLS\","
		 "   \"DefaultActions\": [{\"Type\": \"forward\", \"ForwardConfig\": {\"TargetGroups\": ["
		 "    {\"TargetGroupArn\": \"arn:tg-a\", \"Weight\": 1},"
		 "    {\"TargetGroupArn\": \"arn:tg-b\", \"Weight\": 1}]}}]},"
		 "  {\"ListenerArn\": \"arn:l3\", \"Port\": 8080, \"Protocol\": \"HTTP\","
		 "   \"DefaultActions\": [{\"Type\": \"fixed-response\"}]}]},"
		 " {\"LoadBalancerArn\": \"arn:nope\", \"Listeners\": [{\"ListenerArn\": \"x\"}]}]}",
		 lb_base);
	const struct fixture_model *f = load_clean(state, buf);
	assert_true(diag_has_code(f->d, "LoadBalancerNotFound"));
	const struct model_lb *lb = get(f, LB_ARN, MODEL_LB);
	assert_int_equal(lb->n_listeners, 3);
	assert_string_equal(lb->listeners[0].arn, "arn:l1");
	assert_int_equal(lb->listeners[0].port, 80);
	assert_string_equal(lb->listeners[0].protocol, "TCP");
	assert_int_equal(lb->listeners[0].n_tgs, 1);
	assert_string_equal(lb->listeners[0].tg_arns[0], TG_ARN);
	assert_int_equal(lb->listeners[1].n_tgs, 2);
	assert_string_equal(lb->listeners[1].tg_arns[1], "arn:tg-b");
	assert_int_equal(lb->listeners[2].n_tgs, 0);
}

static void test_lb_attributes_and_target_health_wrappers(void **state)
{
	char buf[8192];
	snprintf(buf, sizeof(buf),
		 "{%s, \"LoadBalancerAttributes\": [{\"LoadBalancerArn\": \"" LB_ARN "\","
		 " \"Attributes\": [{\"Key\": \"load_balancing.cross_zone.enabled\", \"Value\": \"false\"},"
		 "  {\"Key\": \"deletion_protection.enabled\", \"Value\": true}]}],"
		 "\"LoadBalancerTargetHealth\": [{\"TargetGroupArn\": \"" TG_ARN "\","
		 " \"TargetHealthDescriptions\": ["
		 "  {\"HealthCheckPort\": \"80\", \"Target\": {\"Id\": \"10.0.1.4\", \"Port\": 80,"
		 "   \"AvailabilityZone\": \"us-east-2a\"}, \"TargetHealth\": {\"State\": \"healthy\"}},"
		 "  {\"Target\": {\"Id\": \"i-2\", \"Port\": 80}, \"TargetHealth\": {\"State\": \"unhealthy\","
		 "   \"Reason\": \"Target.FailedHealthChecks\"}}]}]}",
		 lb_base);
	const struct fixture_model *f = load_clean(state, buf);
	const struct model_lb *lb = get(f, LB_ARN, MODEL_LB);
	assert_int_equal(lb->n_attrs, 2);
	assert_string_equal(lb->attrs[0].key, "load_balancing.cross_zone.enabled");
	assert_string_equal(lb->attrs[0].value, "false");
	assert_string_equal(lb->attrs[1].value, "true");
	const struct model_tg *tg = get(f, TG_ARN, MODEL_TG);
	assert_int_equal(tg->n_targets, 2);
	assert_string_equal(tg->targets[0].id, "10.0.1.4");
	assert_int_equal(tg->targets[0].port, 80);
	assert_string_equal(tg->targets[0].az, "us-east-2a");
	assert_string_equal(tg->targets[0].health, "healthy");
	assert_string_equal(tg->targets[1].health, "unhealthy");
	assert_null(tg->targets[1].az);
}

/* ---- Route 53, sites ---- */

static void test_hosted_zone_id_prefix_stripped(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"HostedZones\": [{\"Id\": \"/hostedzone/Z123\", \"Name\": \"example.com.\","
		" \"ResourceRecordSetCount\": 5, \"Config\": {\"Comment\": \"\", \"PrivateZone\": true}},"
		" {\"Id\": \"Z456\", \"Name\": \"public.example.\"}]}");
	const struct model_zone *z = get(f, "Z123", MODEL_ZONE);
	assert_string_equal(z->obj.name, "example.com.");
	assert_true(z->private_zone);
	assert_int_equal(z->record_count, 5);
	assert_false(((const struct model_zone *)get(f, "Z456", MODEL_ZONE))->private_zone);
}

static void test_site_communities_parsed(void **state)
{
	const struct fixture_model *f = load_clean(state,
		"{\"VpnConnections\": [{\"VpnConnectionId\": \"vpn-1\"}],"
		"\"Sites\": [{\"SiteId\": \"dc1\", \"Name\": \"Main DC\","
		" \"Cidrs\": [\"192.168.0.0/16\", \"172.20.0.0/16\"], \"BgpAsn\": 65010,"
		" \"Advertise\": [{\"Prefix\": \"192.168.0.0/16\", \"Via\": \"vpn-1\","
		"   \"Communities\": [\"7224:7300\", \"65535:0\"], \"AsPathPrepend\": 2, \"Med\": 50},"
		"  {\"Prefix\": \"172.20.0.0/16\", \"Via\": \"dxvif-nothere\"}],"
		" \"Hosts\": [{\"HostId\": \"dc1-db\", \"IpAddress\": \"192.168.10.5\"}]}]}");
	const struct model_site *s = get(f, "dc1", MODEL_SITE);
	assert_string_equal(s->obj.name, "Main DC");
	assert_int_equal(s->asn, 65010);
	assert_int_equal(s->n_cidrs, 2);
	assert_int_equal(s->n_adv, 2);
	assert_int_equal(s->adv[0].n_communities, 2);
	assert_int_equal(s->adv[0].communities[0], (7224u << 16) | 7300u);
	assert_int_equal(s->adv[0].communities[1], 0xffff0000u);
	assert_int_equal(s->adv[0].as_path_prepend, 2);
	assert_true(s->adv[0].has_med);
	assert_int_equal(s->adv[0].med, 50);
	assert_ptr_equal(s->adv[0].via, model_find(f->m, "vpn-1"));
	assert_false(s->adv[1].has_med);
	assert_string_equal(s->adv[1].via_id, "dxvif-nothere");
	assert_null(s->adv[1].via);
	assert_int_equal(s->n_hosts, 1);
	assert_string_equal(s->hosts[0].id, "dc1-db");
	assert_int_equal(s->hosts[0].ip.af, NET_AF_INET);
}

static void test_site_bad_values_reported_naming_site(void **state)
{
	const struct fixture_model *f = load_bad_values(state,
		"{\"Sites\": [{\"SiteId\": \"dc2\", \"BgpAsn\": 4294967296,"
		" \"Advertise\": [{\"Prefix\": \"10.0.0.0/8\", \"AsPathPrepend\": 300,"
		"   \"Communities\": [\"7224:70000\", \"x:1\", \"1:\", \":1\", 7224, \"1:2:3\"]}]}]}");
	size_t naming = 0;
	for (size_t i = 0; i < diag_count(f->d); i++) {
		const struct diag *d = diag_get(f->d, i);
		if (strcmp(d->code, "SnapshotFormat") == 0) {
			assert_non_null(d->resource);
			assert_string_equal(d->resource, "dc2");
			assert_non_null(strstr(d->message, "dc2"));
			naming++;
		}
	}
	assert_int_equal(naming, 6); /* one per bad community */
	const struct model_site *s = get(f, "dc2", MODEL_SITE);
	assert_int_equal(s->asn, 0);
	assert_int_equal(s->n_adv, 1);
	assert_int_equal(s->adv[0].n_communities, 0);
	assert_int_equal(s->adv[0].as_path_prepend, 0);
}

/* ---- robustness ---- */

static void test_wrong_json_types_do_not_crash(void **state)
{
	static const char *const keys[] = {
		"TransitGateways", "TransitGatewayAttachments", "TransitGatewayVpcAttachments",
		"TransitGatewayPeeringAttachments", "TransitGatewayRouteTables",
		"TransitGatewayPropagations", "TransitGatewayStaticRoutes",
		"TransitGatewayPrefixListReferences", "VpnGateways",
		"CustomerGateways", "VpnConnections", "directConnectGateways",
		"directConnectGatewayAssociations", "virtualInterfaces", "LoadBalancers",
		"TargetGroups", "LoadBalancerListeners", "LoadBalancerAttributes",
		"LoadBalancerTargetHealth", "HostedZones", "Sites",
	};
	/* Every field a reader looks at, with a value of the wrong type. */
	static const char junk[] =
		"[1, \"s\", null, [], {}, {\"TransitGatewayId\": 5, \"TransitGatewayAttachmentId\": \"a\","
		" \"TransitGatewayRouteTableId\": \"r\", \"VpnGatewayId\": \"v\","
		" \"CustomerGatewayId\": \"c\", \"VpnConnectionId\": \"p\","
		" \"directConnectGatewayId\": \"d\", \"virtualInterfaceId\": \"i\","
		" \"LoadBalancerArn\": \"l\", \"TargetGroupArn\": \"t\", \"Id\": \"/hostedzone/\","
		" \"SiteId\": \"s\", \"State\": 3, \"Options\": [1], \"Association\": \"x\","
		" \"SubnetIds\": {\"a\": 1}, \"VpcAttachments\": [1, {\"VpcId\": []}],"
		" \"BgpAsn\": {}, \"IpAddress\": 1, \"Routes\": [{\"DestinationCidrBlock\": 1}, 2],"
		" \"VgwTelemetry\": [{\"OutsideIpAddress\": \"1.2.3.4\", \"AcceptedRouteCount\": -1}],"
		" \"TransitGatewayRouteTablePropagations\": [1, {\"TransitGatewayAttachmentId\": 1}],"
		" \"RequesterTgwInfo\": 1, \"AccepterTgwInfo\": {\"Region\": 2},"
		" \"bgpPeers\": [1, {\"asn\": \"x\"}], \"vlan\": \"1e999\", \"mtu\": 1e308,"
		" \"associatedGateway\": [], \"allowedPrefixesToDirectConnectGateway\": [{\"cidr\": 1}],"
		" \"AvailabilityZones\": [1, {\"LoadBalancerAddresses\": [1, {\"IpAddress\": []}]}],"
		" \"Listeners\": [1, {\"Port\": 99999, \"DefaultActions\": [1, {\"Type\": \"forward\","
		"  \"ForwardConfig\": {\"TargetGroups\": [1, {\"TargetGroupArn\": 2}]}}]}],"
		" \"Attributes\": [1, {\"Key\": 1}, {\"Key\": \"k\", \"Value\": []}],"
		" \"TargetHealthDescriptions\": [1, {\"Target\": 1}, {\"Target\": {\"Id\": \"x\","
		"  \"Port\": \"p\"}, \"TargetHealth\": 5}],"
		" \"Config\": 1, \"Cidrs\": [1, \"bad\"], \"Advertise\": [1, {\"Prefix\": 1},"
		"  {\"Prefix\": \"10.0.0.0/8\", \"Communities\": \"7224:1\", \"Med\": -1}],"
		" \"Hosts\": [1, {\"HostId\": \"h\"}, {\"HostId\": \"h2\", \"IpAddress\": \"::zz\"}]}]";
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char buf[8192];
		snprintf(buf, sizeof(buf), "{\"%s\": %s}", keys[i], junk);
		const struct fixture_model *f = load(state, buf);
		assert_true(errors(f) > 0);
		}
}

/* clang-format on */

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_model_setup, fixture_model_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_tgw_defaults_when_options_absent),
		T(test_tgw_bad_option_value_reported),
		T(test_tgw_vpc_attachment_merged_with_generic_attachment),
		T(test_tgw_attachment_without_association_not_associated),
		T(test_tgw_peering_attachment_merged_from_both_calls),
		T(test_batfish_propagations_wrapper),
		T(test_batfish_static_routes_wrapper),
		T(test_tgw_prefix_list_references),
		T(test_tgw_static_route_without_destination_reported),
		T(test_cgw_bgp_asn_string),
		T(test_cgw_bad_asn_and_address_reported),
		T(test_vgw_only_attached_vpcs_kept),
		T(test_vpn_tunnels_matched_with_telemetry),
		T(test_vpn_telemetry_without_tunnel_options_adds_tunnels),
		T(test_vpn_tunnels_from_customer_gateway_configuration_xml),
		T(test_dx_keys_both_spellings),
		T(test_dxgw_global_duplicates_collapsed),
		T(test_deleted_vif_skipped),
		T(test_vif_bad_values_reported),
		T(test_lb_and_target_group_read),
		T(test_lb_listeners_wrapper),
		T(test_lb_attributes_and_target_health_wrappers),
		T(test_hosted_zone_id_prefix_stripped),
		T(test_site_communities_parsed),
		T(test_site_bad_values_reported_naming_site),
		T(test_wrong_json_types_do_not_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
