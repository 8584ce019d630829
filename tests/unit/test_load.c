/*
 * DOC: unit tests for the snapshot loader (VPC family) and the model index
 *
 * Each test loads a small snapshot from a string (or a temporary directory
 * for the Batfish layout) and checks the resulting model and findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "fixture_tree.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

/* Load @json, whatever its status. */
static const struct fixture_snap *load_any(void **state, const char *json)
{
	return fixture_snap_load_buffer(state, "snap.json", json, strlen(json), NULL);
}

/* Load @json, which must succeed (findings allowed). */
static const struct fixture_snap *load_str(void **state, const char *json)
{
	return fixture_snap_ok(load_any(state, json));
}

/* Load @json, which must fail with @rc. */
static const struct fixture_snap *load_str_fails(void **state, const char *json, int rc)
{
	return fixture_snap_fails(load_any(state, json), rc);
}

static void addr(const char *s, struct net_addr *a)
{
	assert_int_equal(net_addr_parse(s, a), 0);
}

/* ---- VPCs ---- */

static void test_vpc_cidrs_primary_first_without_duplicates(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\","
				"\"CidrBlockAssociationSet\":["
				"{\"CidrBlock\":\"10.1.0.0/"
				"16\",\"CidrBlockState\":{\"State\":\"associated\"}},"
				"{\"CidrBlock\":\"10.0.0.0/"
				"16\",\"CidrBlockState\":{\"State\":\"associated\"}},"
				"{\"CidrBlock\":\"10.2.0.0/"
				"16\",\"CidrBlockState\":{\"State\":\"disassociated\"}}],"
				"\"Ipv6CidrBlockAssociationSet\":[{\"Ipv6CidrBlock\":\"2600:"
				"1f18::/56\","
				"\"Ipv6CidrBlockState\":{\"State\":\"associated\"}}]}]}");
	const struct model_vpc *v = fixture_find(f->m, "vpc-1", MODEL_VPC);
	assert_int_equal(v->n_cidrs, 2);
	assert_string_equal(v->cidrs[0].text, "10.0.0.0/16");
	assert_string_equal(v->cidrs[1].text, "10.1.0.0/16");
	assert_int_equal(v->n_cidrs6, 1);
	/* vpc-dns: support on, hostnames off outside the default VPC */
	assert_true(v->dns_support);
	assert_false(v->dns_hostnames);
	assert_int_equal(diag_count_severity(f->d, DIAG_ERROR), 0);
}

/* DNS support on and DNS hostnames off, but for a default VPC, which has
 * both; the VpcAttributes (describe-vpc-attribute) override either. */
static void test_vpc_dns_attributes_defaults_and_overrides(void **state)
{
	static const struct {
		const char *name, *json;
		bool is_default, dns_support, dns_hostnames;
	} cases[] = {
		{"a default VPC has DNS hostnames",
		 "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"172.31.0.0/"
		 "16\",\"IsDefault\":true}]}",
		 true, true, true},
		{"VpcAttributes override the DNS defaults",
		 "{\"VpcAttributes\":[{\"VpcId\":\"vpc-1\",\"EnableDnsSupport\":{\"Value\":false},"
		 "\"EnableDnsHostnames\":{\"Value\":true}}],"
		 "\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}]}",
		 false, false, true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fixture_snap *f = load_str(state, cases[i].json);
		const struct model_vpc *v = fixture_find(f->m, "vpc-1", MODEL_VPC);
		if (v->is_default != cases[i].is_default ||
		    v->dns_support != cases[i].dns_support ||
		    v->dns_hostnames != cases[i].dns_hostnames)
			fail_msg("%s: is_default %d, dns_support %d, dns_hostnames %d",
				 cases[i].name, v->is_default, v->dns_support, v->dns_hostnames);
	}
}

static void test_bad_cidr_is_invalid_parameter_value(void **state)
{
	const struct fixture_snap *f = load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-1\","
						       "\"CidrBlock\":\"10.0.0.0/"
						       "33\"}]}");
	assert_true(diag_has_code(f->d, "InvalidParameterValue"));
	const struct model_vpc *v = fixture_find(f->m, "vpc-1", MODEL_VPC);
	assert_int_equal(v->n_cidrs, 0);
}

/* ---- defaults ---- */

static void test_missing_main_table_is_synthesised(void **state)
{
	const struct fixture_snap *f = load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-1\","
						       "\"CidrBlock\":\"10.0.0.0/16\","
						       "\"Ipv6CidrBlockAssociationSet\":[{"
						       "\"Ipv6CidrBlock\":\"2600:"
						       "1f18::/56\"}]}],"
						       "\"Subnets\":[{\"SubnetId\":\"subnet-1\","
						       "\"VpcId\":\"vpc-1\","
						       "\"CidrBlock\":\"10.0.1.0/24\"}]}");
	const struct model_vpc *v = fixture_find(f->m, "vpc-1", MODEL_VPC);
	assert_non_null(v->main_rtb);
	assert_true(v->main_rtb->obj.synthetic);
	assert_string_equal(v->main_rtb->obj.id, "rtb-main-vpc-1");
	/* local routes for the IPv4 and the IPv6 CIDR */
	assert_int_equal(v->main_rtb->n_routes, 2);
	assert_int_equal(v->main_rtb->routes[0].target, TGT_LOCAL);
	assert_string_equal(v->main_rtb->routes[0].dst.text, "10.0.0.0/16");
	/* default ACL: 100 allow, 101 allow v6, 32767 / 32768 deny, both ways */
	assert_non_null(v->default_nacl);
	assert_true(v->default_nacl->obj.synthetic);
	assert_int_equal(v->default_nacl->n_entries, 8);
	assert_int_equal(v->default_nacl->entries[0].rule_number, 100);
	assert_true(v->default_nacl->entries[0].allow);
	assert_int_equal(v->default_nacl->entries[2].rule_number, 32767);
	assert_false(v->default_nacl->entries[2].allow);
	/* default SG: inbound from itself, outbound everywhere (v4 and v6) */
	assert_non_null(v->default_sg);
	assert_int_equal(v->default_sg->n_rules, 3);
	assert_int_equal(v->default_sg->rules[0].peer_type, SG_PEER_SG);
	assert_ptr_equal(v->default_sg->rules[0].sg, v->default_sg);
	assert_true(v->default_sg->rules[1].egress);
	const struct model_subnet *s = fixture_find(f->m, "subnet-1", MODEL_SUBNET);
	assert_ptr_equal(s->rtb, v->main_rtb);
	assert_false(s->rtb_explicit);
	assert_ptr_equal(s->nacl, v->default_nacl);
	assert_int_equal(v->n_subnets, 1);
	assert_ptr_equal(v->subnets[0], s);
}

static void test_subnet_without_association_uses_main_table(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/"
				"16\"}],"
				"\"Subnets\":[{\"SubnetId\":\"subnet-a\",\"VpcId\":\"vpc-1\","
				"\"CidrBlock\":\"10.0.1.0/24\"},"
				"{\"SubnetId\":\"subnet-b\",\"VpcId\":\"vpc-1\",\"CidrBlock\":"
				"\"10.0.2.0/24\"}],"
				"\"RouteTables\":[{\"RouteTableId\":\"rtb-main\",\"VpcId\":"
				"\"vpc-1\","
				"\"Associations\":[{\"Main\":true}],"
				"\"Routes\":[{\"DestinationCidrBlock\":\"10.0.0.0/"
				"16\",\"GatewayId\":\"local\"}]},"
				"{\"RouteTableId\":\"rtb-pub\",\"VpcId\":\"vpc-1\","
				"\"Associations\":[{\"SubnetId\":\"subnet-a\"},"
				"{\"SubnetId\":\"subnet-b\",\"AssociationState\":{\"State\":"
				"\"disassociated\"}}],"
				"\"Routes\":[{\"DestinationCidrBlock\":\"0.0.0.0/"
				"0\",\"GatewayId\":\"igw-1\"}]}]}");
	const struct model_rtb *main = fixture_find(f->m, "rtb-main", MODEL_RTB);
	const struct model_rtb *pub = fixture_find(f->m, "rtb-pub", MODEL_RTB);
	const struct model_subnet *a = fixture_find(f->m, "subnet-a", MODEL_SUBNET);
	const struct model_subnet *b = fixture_find(f->m, "subnet-b", MODEL_SUBNET);
	assert_ptr_equal(a->rtb, pub);
	assert_true(a->rtb_explicit);
	assert_ptr_equal(b->rtb, main);
	assert_false(b->rtb_explicit);
	assert_false(main->obj.synthetic);
	/* the main table already had its local route; rtb-pub gets one */
	assert_int_equal(main->n_routes, 1);
	assert_int_equal(pub->n_routes, 2);
	assert_int_equal(pub->routes[0].target, TGT_LOCAL);
	assert_true(pub->routes[0].synthetic);
	assert_int_equal(pub->routes[1].target, TGT_IGW);
	assert_null(pub->routes[1].target_obj); /* igw-1 is not in the snapshot */
}

static void test_route_targets_and_origins(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"VpcId\":\"vpc-x\","
				"\"PropagatingVgws\":[{\"GatewayId\":\"vgw-1\"}],\"Routes\":["
				"{\"DestinationCidrBlock\":\"0.0.0.0/"
				"0\",\"NatGatewayId\":\"nat-1\",\"Origin\":\"CreateRoute\"},"
				"{\"DestinationIpv6CidrBlock\":\"::/"
				"0\",\"EgressOnlyInternetGatewayId\":\"eigw-1\"},"
				"{\"DestinationPrefixListId\":\"pl-1\",\"GatewayId\":\"vpce-1\"},"
				"{\"DestinationCidrBlock\":\"172.16.0.0/"
				"12\",\"GatewayId\":\"vgw-1\","
				"\"Origin\":\"EnableVgwRoutePropagation\"},"
				"{\"DestinationCidrBlock\":\"10.9.0.0/16\",\"InstanceId\":\"i-1\","
				"\"NetworkInterfaceId\":\"eni-1\",\"State\":\"blackhole\"},"
				"{\"DestinationCidrBlock\":\"10.8.0.0/"
				"16\",\"CoreNetworkArn\":\"arn:aws:networkmanager::1:core-network/"
				"x\"},"
				"{\"DestinationCidrBlock\":\"10.7.0.0/"
				"24\",\"VpcEndpointId\":\"vpce-gwlb\"},"
				"{\"GatewayId\":\"igw-1\"}]}]}");
	const struct model_rtb *t = fixture_find(f->m, "rtb-1", MODEL_RTB);
	assert_int_equal(t->n_routes, 7); /* the one without destination is dropped */
	assert_true(diag_has_code(f->d, "SnapshotFormat"));
	assert_int_equal(t->routes[0].target, TGT_NATGW);
	assert_int_equal(t->routes[0].origin, ROUTE_ORIGIN_STATIC);
	assert_int_equal(t->routes[1].target, TGT_EIGW);
	assert_int_equal(t->routes[1].dst.pfx.addr.af, NET_AF_INET6);
	assert_int_equal(t->routes[2].target, TGT_VPCE);
	assert_string_equal(t->routes[2].dst_pl_id, "pl-1");
	assert_int_equal(t->routes[2].dst.pfx.addr.af, NET_AF_NONE);
	assert_int_equal(t->routes[3].target, TGT_VGW);
	assert_int_equal(t->routes[3].origin, ROUTE_ORIGIN_PROPAGATED);
	assert_int_equal(t->routes[4].target, TGT_ENI);
	assert_true(t->routes[4].blackhole);
	assert_int_equal(t->routes[5].target, TGT_CORE_NETWORK);
	/* CreateRoute's VpcEndpointId (a GWLB endpoint), as well as GatewayId vpce- */
	assert_int_equal(t->routes[6].target, TGT_VPCE);
	assert_string_equal(t->routes[6].target_id, "vpce-gwlb");
	assert_int_equal(t->n_propagating_vgws, 1);
	assert_string_equal(t->propagating_vgw_ids[0], "vgw-1");
}

/* ---- security groups and ACLs ---- */

static void test_sg_permissions_flattened(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"GroupName\":"
				"\"web\",\"VpcId\":\"vpc-1\","
				"\"IpPermissions\":[{\"IpProtocol\":\"tcp\",\"FromPort\":443,"
				"\"ToPort\":443,"
				"\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/"
				"0\"},{\"CidrIp\":\"10.0.0.0/8\"}],"
				"\"Ipv6Ranges\":[{\"CidrIpv6\":\"::/"
				"0\"}],\"PrefixListIds\":[{\"PrefixListId\":\"pl-1\"}],"
				"\"UserIdGroupPairs\":[{\"GroupId\":\"sg-1\",\"UserId\":"
				"\"111122223333\"}]},"
				"{\"IpProtocol\":\"udp\",\"FromPort\":53,\"ToPort\":53}],"
				"\"IpPermissionsEgress\":[{\"IpProtocol\":\"-1\",\"IpRanges\":[{"
				"\"CidrIp\":\"0.0.0.0/0\"}]}]}]}");
	const struct model_sg *g = fixture_find(f->m, "sg-1", MODEL_SG);
	assert_int_equal(g->n_ingress_perms, 2); /* the peerless udp one counts */
	assert_int_equal(g->n_egress_perms, 1);
	assert_int_equal(g->n_rules, 6);
	for (int i = 0; i < 5; i++) {
		assert_false(g->rules[i].egress);
		assert_int_equal(g->rules[i].proto, 6);
		assert_int_equal(g->rules[i].from, 443);
		assert_int_equal(g->rules[i].to, 443);
		assert_int_equal(g->rules[i].perm_index, 0);
	}
	assert_int_equal(g->rules[0].peer_type, SG_PEER_CIDR4);
	assert_string_equal(g->rules[1].cidr.text, "10.0.0.0/8");
	assert_int_equal(g->rules[2].peer_type, SG_PEER_CIDR6);
	assert_int_equal(g->rules[3].peer_type, SG_PEER_PL);
	assert_string_equal(g->rules[3].peer_id, "pl-1");
	assert_int_equal(g->rules[4].peer_type, SG_PEER_SG);
	assert_ptr_equal(g->rules[4].sg, g);
	assert_string_equal(g->rules[4].peer_user_id, "111122223333");
	assert_true(g->rules[5].egress);
	assert_int_equal(g->rules[5].proto, -1);
	assert_int_equal(g->rules[5].from, -1);
}

static void test_sg_bad_port_reported_and_permission_skipped(void **state)
{
	const struct fixture_snap *f = load_str(state, "{\"SecurityGroups\":[{\"GroupId\":\"sg-1\","
						       "\"IpPermissions\":["
						       "{\"IpProtocol\":\"tcp\",\"FromPort\":70000,"
						       "\"ToPort\":70000,"
						       "\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]},"
						       "{\"IpProtocol\":\"bogus\",\"IpRanges\":[{"
						       "\"CidrIp\":\"0.0.0.0/"
						       "0\"}]}]}]}");
	const struct model_sg *g = fixture_find(f->m, "sg-1", MODEL_SG);
	assert_int_equal(g->n_rules, 0);
	assert_int_equal(g->n_ingress_perms, 2);
	assert_int_equal(fixture_count_code(f->d, "InvalidParameterValue"), 3);
}

static void test_nacl_entries_kept_in_file_order(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"NetworkAcls\":[{\"NetworkAclId\":\"acl-1\",\"VpcId\":\"vpc-"
				"1\",\"IsDefault\":false,"
				"\"Associations\":[{\"SubnetId\":\"subnet-1\"}],\"Entries\":["
				"{\"RuleNumber\":200,\"Protocol\":\"6\",\"RuleAction\":"
				"\"allow\",\"Egress\":false,"
				"\"CidrBlock\":\"0.0.0.0/"
				"0\",\"PortRange\":{\"From\":22,\"To\":22}},"
				"{\"RuleNumber\":100,\"Protocol\":\"1\",\"RuleAction\":\"deny\","
				"\"Egress\":true,"
				"\"CidrBlock\":\"10.0.0.0/"
				"8\",\"IcmpTypeCode\":{\"Type\":8,\"Code\":-1}},"
				"{\"RuleNumber\":100,\"Protocol\":\"-1\",\"RuleAction\":"
				"\"allow\",\"Egress\":false,"
				"\"Ipv6CidrBlock\":\"::/0\"}]}]}");
	const struct model_nacl *a = fixture_find(f->m, "acl-1", MODEL_NACL);
	assert_int_equal(a->n_entries, 3);
	assert_int_equal(a->entries[0].rule_number, 200);
	assert_int_equal(a->entries[0].proto, 6);
	assert_true(a->entries[0].has_ports);
	assert_int_equal(a->entries[0].port_from, 22);
	assert_int_equal(a->entries[1].rule_number, 100);
	assert_true(a->entries[1].egress);
	assert_false(a->entries[1].allow);
	assert_true(a->entries[1].has_icmp);
	assert_int_equal(a->entries[1].icmp_type, 8);
	assert_int_equal(a->entries[1].icmp_code, -1);
	assert_int_equal(a->entries[2].proto, -1);
	assert_int_equal(a->entries[2].cidr.pfx.addr.af, NET_AF_INET6);
	assert_int_equal(a->n_subnets, 1);
	assert_string_equal(a->subnet_ids[0], "subnet-1");
	assert_int_equal(diag_count_severity(f->d, DIAG_ERROR), 0);
}

/* ---- EC2 ---- */

static void test_deleted_nat_gateway_skipped(void **state)
{
	const struct fixture_snap *f = load_str(state, "{\"NatGateways\":[{\"NatGatewayId\":\"nat-"
						       "gone\",\"State\":"
						       "\"deleted\"},"
						       "{\"NatGatewayId\":\"nat-fail\",\"State\":"
						       "\"failed\"},"
						       "{\"NatGatewayId\":\"nat-1\",\"State\":"
						       "\"available\","
						       "\"SubnetId\":\"subnet-1\","
						       "\"ConnectivityType\":\"private\","
						       "\"NatGatewayAddresses\":[{"
						       "\"PrivateIp\":\"10.0.0.5\"}]}]}");
	assert_int_equal(f->m->n_natgws, 1);
	assert_null(model_find(f->m, "nat-gone"));
	const struct model_natgw *g = fixture_find(f->m, "nat-1", MODEL_NATGW);
	assert_true(g->private_nat);
	assert_int_equal(g->n_addrs, 1);
	assert_true(g->addrs[0].primary);
	assert_int_equal(diag_count(f->d), 0);
}

static const char reservations_json[] =
	"{\"Reservations\":[{\"OwnerId\":\"111122223333\",\"Instances\":["
	"{\"InstanceId\":\"i-1\",\"State\":{\"Name\":\"running\"},\"SubnetId\":\"subnet-1\","
	"\"VpcId\":\"vpc-1\",\"PrivateIpAddress\":\"10.0.1.10\",\"Placement\":{"
	"\"AvailabilityZone\":\"us-east-1a\"},"
	"\"NetworkInterfaces\":["
	"{\"NetworkInterfaceId\":\"eni-b\",\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\","
	"\"Attachment\":{\"DeviceIndex\":1},\"PrivateIpAddresses\":[{\"PrivateIpAddress\":\"10.0.1."
	"11\",\"Primary\":true}]},"
	"{\"NetworkInterfaceId\":\"eni-a\",\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\","
	"\"Attachment\":{\"DeviceIndex\":0},\"Groups\":[{\"GroupId\":\"sg-1\"}],"
	"\"PrivateIpAddresses\":[{\"PrivateIpAddress\":\"10.0.1.10\",\"Primary\":true,"
	"\"Association\":{\"PublicIp\":\"3.3.3.3\"}}]}]},"
	"{\"InstanceId\":\"i-dead\",\"State\":{\"Name\":\"terminated\"}}]}]";

static void test_reservations_only_snapshot_creates_enis(void **state)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s}", reservations_json);
	const struct fixture_snap *f = load_str(state, buf);
	assert_int_equal(f->m->n_instances, 1); /* the terminated one is skipped */
	assert_int_equal(f->m->n_enis, 2);
	const struct model_instance *in = fixture_find(f->m, "i-1", MODEL_INSTANCE);
	assert_string_equal(in->obj.region, "us-east-1");
	assert_string_equal(in->obj.account, "111122223333");
	assert_int_equal(in->n_enis, 2);
	assert_string_equal(in->enis[0]->obj.id, "eni-a"); /* device index order */
	assert_string_equal(in->enis[1]->obj.id, "eni-b");
	const struct model_eni *e = fixture_find(f->m, "eni-a", MODEL_ENI);
	assert_false(e->obj.synthetic);
	assert_ptr_equal(e->instance, in);
	assert_string_equal(e->type, "interface");
	assert_true(e->source_dest_check);
	assert_int_equal(e->n_sgs, 1);
	struct net_addr a;
	addr("10.0.1.11", &a);
	assert_ptr_equal(model_eni_by_private_ip(f->m, &a), fixture_find(f->m, "eni-b", MODEL_ENI));
}

static void test_reservations_and_network_interfaces_not_duplicated(void **state)
{
	const char *dir = fixture_snap_dir(state);
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s}", reservations_json);
	/* the NetworkInterfaces key comes in a later file (sorted order) */
	fixture_write_str(dir, "a-instances.json", buf);
	fixture_write_str(dir, "b-enis.json",
			  "{\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-a\",\"SubnetId\":"
			  "\"subnet-1\","
			  "\"Description\":\"from describe-network-interfaces\","
			  "\"Attachment\":{\"InstanceId\":\"i-1\",\"DeviceIndex\":0},"
			  "\"PrivateIpAddress\":\"10.0.1.10\"}]}");
	const struct fixture_snap *f = fixture_snap_ok(fixture_snap_load(state, NULL));
	assert_int_equal(f->m->n_enis, 2);
	const struct model_eni *e = fixture_find(f->m, "eni-a", MODEL_ENI);
	assert_string_equal(e->description, "from describe-network-interfaces");
	assert_int_equal(diag_count(f->d), 0);
}

static void test_public_ip_index(void **state)
{
	const struct fixture_snap *f = load_str(
		state, "{\"NetworkInterfaces\":["
		       "{\"NetworkInterfaceId\":\"eni-1\",\"PrivateIpAddress\":\"10.0.1.10\","
		       "\"Association\":{\"PublicIp\":\"3.3.3.3\"},"
		       "\"PrivateIpAddresses\":[{\"PrivateIpAddress\":\"10.0.1.10\",\"Primary\":"
		       "true},"
		       "{\"PrivateIpAddress\":\"10.0.1.20\"}],\"Ipv6Addresses\":[{"
		       "\"Ipv6Address\":\"2600::10\"}]},"
		       "{\"NetworkInterfaceId\":\"eni-nat\",\"InterfaceType\":\"nat_gateway\","
		       "\"PrivateIpAddress\":\"10.0.0.5\"}],"
		       "\"Addresses\":[{\"PublicIp\":\"4.4.4.4\",\"AllocationId\":\"eipalloc-1\","
		       "\"AssociationId\":\"eipassoc-1\",\"NetworkInterfaceId\":\"eni-1\","
		       "\"PrivateIpAddress\":\"10.0.1.20\"},{\"PublicIp\":\"6.6.6.6\","
		       "\"AllocationId\":\"eipalloc-free\"}],"
		       "\"NatGateways\":[{\"NatGatewayId\":\"nat-1\",\"State\":\"available\","
		       "\"NatGatewayAddresses\":[{\"NetworkInterfaceId\":\"eni-nat\","
		       "\"PrivateIp\":\"10.0.0.5\","
		       "\"PublicIp\":\"5.5.5.5\",\"AllocationId\":\"eipalloc-2\"}]}]}");
	const struct model_eni *e1 = fixture_find(f->m, "eni-1", MODEL_ENI);
	const struct model_eni *en = fixture_find(f->m, "eni-nat", MODEL_ENI);
	struct net_addr a;
	addr("3.3.3.3", &a);
	assert_ptr_equal(model_eni_by_public_ip(f->m, &a), e1);
	addr("4.4.4.4", &a);
	assert_ptr_equal(model_eni_by_public_ip(f->m, &a), e1);
	addr("5.5.5.5", &a);
	assert_ptr_equal(model_eni_by_public_ip(f->m, &a), en);
	addr("6.6.6.6", &a);
	assert_null(model_eni_by_public_ip(f->m, &a));
	addr("2600::10", &a);
	assert_ptr_equal(model_eni_by_private_ip(f->m, &a), e1);
	/* the EIP became the public address of its private address */
	assert_int_equal(e1->n_ips, 2);
	assert_true(e1->ips[0].primary);
	assert_string_equal(e1->ips[1].eip_alloc_id, "eipalloc-1");
	assert_ptr_equal(en->owner, fixture_find(f->m, "nat-1", MODEL_NATGW));
	assert_int_equal(en->ips[0].pub.af, NET_AF_INET);
}

static void test_peering_gone_status_skipped_and_sides_read(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-a\",\"CidrBlock\":\"10.0.0.0/"
				"16\"}],"
				"\"VpcPeeringConnections\":[{\"VpcPeeringConnectionId\":\"pcx-"
				"old\",\"Status\":{\"Code\":\"rejected\"}},"
				"{\"VpcPeeringConnectionId\":\"pcx-1\",\"Status\":{\"Code\":"
				"\"active\"},"
				"\"RequesterVpcInfo\":{\"VpcId\":\"vpc-a\",\"OwnerId\":"
				"\"111122223333\",\"Region\":\"us-east-1\","
				"\"CidrBlock\":\"10.0.0.0/"
				"16\",\"CidrBlockSet\":[{\"CidrBlock\":\"10.0.0.0/"
				"16\"},{\"CidrBlock\":\"10.1.0.0/16\"}]},"
				"\"AccepterVpcInfo\":{\"VpcId\":\"vpc-b\",\"Region\":\"eu-west-"
				"1\",\"CidrBlock\":\"10.2.0.0/16\","
				"\"Ipv6CidrBlockSet\":[{\"Ipv6CidrBlock\":\"2600::/56\"}]}}]}");
	assert_int_equal(f->m->n_pcxs, 1);
	const struct model_pcx *p = fixture_find(f->m, "pcx-1", MODEL_PCX);
	assert_ptr_equal(p->requester.vpc, fixture_find(f->m, "vpc-a", MODEL_VPC));
	assert_null(p->accepter.vpc);
	assert_int_equal(p->requester.n_cidrs, 2);
	assert_string_equal(p->accepter.region, "eu-west-1");
	assert_int_equal(p->accepter.n_cidrs6, 1);
}

static void test_endpoints_and_prefix_list_entries(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"VpcEndpoints\":[{\"VpcEndpointId\":\"vpce-1\","
				"\"VpcEndpointType\":\"Interface\","
				"\"VpcId\":\"vpc-1\",\"SubnetIds\":[\"subnet-1\"],\"Groups\":[{"
				"\"GroupId\":\"sg-1\"}],"
				"\"NetworkInterfaceIds\":[\"eni-5\"],\"PrivateDnsEnabled\":true,"
				"\"State\":\"available\"},"
				"{\"VpcEndpointId\":\"vpce-2\",\"VpcEndpointType\":\"Gateway\","
				"\"RouteTableIds\":[\"rtb-1\"]},"
				"{\"VpcEndpointId\":\"vpce-3\",\"State\":\"deleted\"}],"
				"\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-5\","
				"\"InterfaceType\":\"vpc_endpoint\"}],"
				"\"PrefixLists\":[{\"PrefixListId\":\"pl-1\",\"PrefixListName\":"
				"\"s3\","
				"\"Cidrs\":[\"52.216.0.0/15\",\"3.5.0.0/19\"]},"
				"{\"PrefixListId\":\"pl-2\",\"AddressFamily\":\"IPv4\","
				"\"MaxEntries\":10,"
				"\"Entries\":[{\"Cidr\":\"10.0.0.0/8\"}]},"
				"{\"PrefixListId\":\"pl-1\",\"MaxEntries\":5}]}");
	assert_int_equal(f->m->n_vpces, 2);
	const struct model_vpce *v = fixture_find(f->m, "vpce-1", MODEL_VPCE);
	assert_int_equal(v->type, VPCE_INTERFACE);
	assert_true(v->private_dns);
	assert_int_equal(v->n_enis, 1);
	assert_ptr_equal(v->enis[0], fixture_find(f->m, "eni-5", MODEL_ENI));
	assert_ptr_equal(v->enis[0]->owner, &v->obj);
	assert_int_equal(
		MODEL_AS(const struct model_vpce, fixture_find(f->m, "vpce-2", MODEL_VPCE))->type,
		VPCE_GATEWAY);
	assert_int_equal(f->m->n_pls, 2); /* the two pl-1 records merge */
	const struct model_pl *p1 = fixture_find(f->m, "pl-1", MODEL_PL);
	assert_int_equal(p1->n_cidrs, 2);
	assert_int_equal(p1->max_entries, 5);
	assert_int_equal(p1->af, NET_AF_INET);
	const struct model_pl *p2 = fixture_find(f->m, "pl-2", MODEL_PL);
	assert_int_equal(p2->n_cidrs, 1);
	assert_int_equal(p2->max_entries, 10);
}

static void test_igw_attachment_states(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/"
				"16\"}],"
				"\"InternetGateways\":[{\"InternetGatewayId\":\"igw-1\","
				"\"Attachments\":[{\"State\":\"available\",\"VpcId\":\"vpc-1\"}]"
				"},"
				"{\"InternetGatewayId\":\"igw-2\",\"Attachments\":[{\"State\":"
				"\"detached\",\"VpcId\":\"vpc-1\"}]}],"
				"\"EgressOnlyInternetGateways\":[{"
				"\"EgressOnlyInternetGatewayId\":\"eigw-1\","
				"\"Attachments\":[{\"State\":\"attached\",\"VpcId\":\"vpc-1\"}]}"
				"]}");
	const struct model_vpc *v = fixture_find(f->m, "vpc-1", MODEL_VPC);
	assert_ptr_equal(v->igw, fixture_find(f->m, "igw-1", MODEL_IGW));
	assert_int_equal(
		MODEL_AS(const struct model_igw, fixture_find(f->m, "igw-2", MODEL_IGW))->n_vpcs,
		0);
	const struct model_igw *eg = fixture_find(f->m, "eigw-1", MODEL_EIGW);
	assert_int_equal(eg->n_vpcs, 1);
	assert_ptr_equal(eg->vpcs[0], v);
}

/* ---- files, layout, errors ---- */

static void test_syntax_error_reports_line_and_column(void **state)
{
	const struct fixture_snap *f = load_str_fails(
		state, "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",}\n  ]\n}", VS_EPARSE);
	assert_int_equal(diag_count(f->d), 1);
	const struct diag *x = diag_get(f->d, 0);
	assert_string_equal(x->code, "JsonSyntax");
	assert_string_equal(x->file, "snap.json");
	assert_int_equal(x->line, 3);
	assert_true(x->col >= 22 && x->col <= 24);
}

static void test_trailing_garbage_is_syntax_error(void **state)
{
	const struct fixture_snap *f = load_str_fails(state, "{\"Vpcs\": []} x", VS_EPARSE);
	assert_int_equal(diag_get(f->d, 0)->col, 14);
}

static void test_top_level_array_is_snapshot_format_error(void **state)
{
	const struct fixture_snap *f = load_str(state, "[1, 2]");
	assert_true(diag_has_code(f->d, "SnapshotFormat"));
	assert_int_equal(f->m->n_vpcs, 0);
}

static void test_unknown_key_warned_once(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "a.json",
			  "{\"Foo\": [], \"Bar\": [], \"NextToken\": \"x\", \"Region\": "
			  "\"us-east-1\"}");
	fixture_write_str(dir, "b.json",
			  "{\"Foo\": [1], \"DirectConnectGateways\": [], \"virtualInterfaces\": "
			  "[]}");
	const struct fixture_snap *f = fixture_snap_ok(fixture_snap_load(state, NULL));
	assert_int_equal(fixture_count_code(f->d, "UnknownKey"), 2);
	assert_int_equal(diag_count(f->d), 2);
	assert_int_equal(diag_get(f->d, 0)->severity, DIAG_WARNING);
}

static void test_non_array_value_is_format_error(void **state)
{
	const struct fixture_snap *f = load_str(state, "{\"Vpcs\": {\"VpcId\": \"vpc-1\"}, "
						       "\"Subnets\": "
						       "[{\"SubnetId\": \"subnet-1\"}]}");
	assert_int_equal(fixture_count_code(f->d, "SnapshotFormat"), 1);
	assert_int_equal(f->m->n_vpcs, 0);
	assert_int_equal(f->m->n_subnets, 1);
}

static void test_batfish_region_folder_sets_region(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "aws_configs/us-east-1/Vpcs.json",
			  "{\"Region\": \"eu-west-1\", "
			  "\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}]}");
	fixture_write_str(dir, "aws_configs/123456789012/ap-southeast-1/Vpcs.json",
			  "{\"Vpcs\":[{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.1.0.0/"
			  "16\",\"OwnerId\":\"999988887777\"},"
			  "{\"VpcId\":\"vpc-3\",\"CidrBlock\":\"10.3.0.0/16\"}]}");
	fixture_write_str(dir, "aws_configs/notaregion/Subnets.json",
			  "{\"Region\": \"us-gov-west-1\", \"AccountId\": \"111122223333\","
			  "\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"AvailabilityZone\":\"cn-north-"
			  "1a\"}]"
			  "}");
	fixture_write_str(dir, "aws_configs/Subnets.json",
			  "{\"Subnets\":[{\"SubnetId\":\"subnet-2\",\"AvailabilityZone\":\"us-west-"
			  "2-lax-"
			  "1a\"}]}");
	fixture_write_str(dir, "aws_configs/.hidden.json", "not json at all");
	fixture_write_str(dir, "aws_configs/readme.txt", "not json either");
	const struct fixture_snap *f = fixture_snap_ok(fixture_snap_load(state, NULL));
	assert_int_equal(diag_count(f->d), 0);
	const struct model_vpc *v1 = fixture_find(f->m, "vpc-1", MODEL_VPC);
	assert_string_equal(v1->obj.region, "us-east-1"); /* the folder beats the file */
	assert_null(v1->obj.account);
	const struct model_vpc *v2 = fixture_find(f->m, "vpc-2", MODEL_VPC);
	assert_string_equal(v2->obj.region, "ap-southeast-1");
	assert_string_equal(v2->obj.account, "999988887777"); /* the resource's owner */
	const struct model_vpc *v3 = fixture_find(f->m, "vpc-3", MODEL_VPC);
	assert_string_equal(v3->obj.account, "123456789012");
	const struct model_subnet *s1 = fixture_find(f->m, "subnet-1", MODEL_SUBNET);
	assert_string_equal(s1->obj.region, "us-gov-west-1"); /* the file beats the AZ */
	assert_string_equal(s1->obj.account, "111122223333");
	const struct model_subnet *s2 = fixture_find(f->m, "subnet-2", MODEL_SUBNET);
	assert_string_equal(s2->obj.region, "us-west-2"); /* from a Local Zone name */
	assert_int_equal(f->m->n_regions, 4);
	assert_string_equal(f->m->regions[0], "ap-southeast-1");
	assert_string_equal(f->m->regions[3], "us-west-2");
	assert_int_equal(f->m->n_accounts, 3);
}

static void test_directory_without_json_is_snapshot_error(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "notes.txt", "hello");
	fixture_snap_fails(fixture_snap_load(state, NULL), VS_ESNAPSHOT);
	fixture_snap_fails(fixture_snap_load(state, "/nonexistent/vpcsim"), VS_ENOENT);
}

static void test_syntax_error_in_directory_fails_load(void **state)
{
	const char *dir = fixture_snap_dir(state);
	fixture_write_str(dir, "a.json",
			  "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}]}");
	fixture_write_str(dir, "b.json", "{\"Vpcs\":[\n\n  tru]}");
	const struct fixture_snap *f =
		fixture_snap_fails(fixture_snap_load(state, NULL), VS_EPARSE);
	const struct diag *x = diag_get(f->d, diag_count(f->d) - 1);
	assert_string_equal(x->code, "JsonSyntax");
	assert_int_equal(x->line, 3);
	assert_non_null(strstr(x->file, "b.json"));
}

static void test_wrong_types_everywhere_do_not_crash(void **state)
{
	static const char *const docs[] = {
		"{\"Vpcs\":[1,\"x\",null,{\"VpcId\":5},{\"VpcId\":\"vpc-1\",\"CidrBlock\":[],"
		"\"CidrBlockAssociationSet\":{},\"IsDefault\":\"maybe\",\"Tags\":7}]}",
		"{\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"Routes\":[1,{"
		"\"DestinationCidrBlock\":3}],"
		"\"Associations\":[null,{\"Main\":\"yes\"}],\"PropagatingVgws\":[1,{}]}]}",
		"{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"IpPermissions\":[{\"IpProtocol\":6,"
		"\"FromPort\":1e300,\"ToPort\":\"NaN\",\"IpRanges\":[1,{\"CidrIp\":null}]}],"
		"\"IpPermissionsEgress\":\"all\"}]}",
		"{\"NetworkAcls\":[{\"NetworkAclId\":\"acl-1\",\"Entries\":[{\"RuleNumber\":-5},"
		"{\"RuleNumber\":1,\"Protocol\":\"6\",\"RuleAction\":\"allow\",\"CidrBlock\":\"0.0."
		"0.0/0\","
		"\"PortRange\":{\"From\":-3,\"To\":99999999999999999999}}]}]}",
		"{\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-1\",\"PrivateIpAddresses\":["
		"1,{}],"
		"\"Attachment\":{\"DeviceIndex\":\"abc\"},\"Groups\":\"sg-1\"}],"
		"\"Reservations\":[{\"Instances\":[{\"InstanceId\":\"i-1\",\"NetworkInterfaces\":["
		"5]}]},3],"
		"\"Addresses\":[{}],\"NatGateways\":[{\"NatGatewayId\":\"nat-1\","
		"\"NatGatewayAddresses\":[7]}],"
		"\"VpcPeeringConnections\":[{\"VpcPeeringConnectionId\":\"pcx-1\","
		"\"RequesterVpcInfo\":[]}],"
		"\"PrefixLists\":[{\"PrefixListId\":\"pl-1\",\"Cidrs\":[1],\"Entries\":[2]}]}",
		"{\"Region\":5,\"AccountId\":[],\"Sites\":\"x\",\"VpcAttributes\":[{\"VpcId\":"
		"\"vpc-9\","
		"\"EnableDnsSupport\":{\"Value\":\"x\"}}]}",
		"{}",
		"",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"},"
		"{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}]}",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		const struct fixture_snap *f = load_any(state, docs[i]);
		assert_true(f->rc == 0 || f->rc == VS_EPARSE);
		if (f->rc == 0)
			assert_non_null(f->m);
	}
}

static void test_deep_nesting_is_rejected_not_crashed(void **state)
{
	size_t len;
	char *buf = fixture_nested("X", 5000, &len);
	load_str_fails(state, buf, VS_EPARSE);
	free(buf);
}

static void test_model_kind_and_target_names(void **state)
{
	(void)state;
	static const struct {
		enum model_kind kind;
		const char *name;
	} kinds[] = {
		{MODEL_RTB, "route-table"},
		{MODEL_EIGW, "egress-only-internet-gateway"},
		{MODEL_SITE, "site"},
		{MODEL_KIND_COUNT, "unknown"},
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		assert_string_equal(model_kind_name(kinds[i].kind), kinds[i].name);
	assert_string_equal(model_target_name(TGT_NATGW), "nat-gateway");
	assert_string_equal(model_tgw_att_type_name(TGW_ATT_DXGW), "direct-connect-gateway");
	model_free(NULL);
}

static void test_model_get_walks_every_kind(void **state)
{
	const struct fixture_snap *f = load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-1\","
						       "\"CidrBlock\":\"10.0.0.0/"
						       "16\"}],"
						       "\"Subnets\":[{\"SubnetId\":\"subnet-1\","
						       "\"VpcId\":\"vpc-1\","
						       "\"CidrBlock\":\"10.0.0.0/24\"}]}");
	assert_int_equal(model_count(f->m, MODEL_VPC), 1);
	assert_int_equal(model_count(f->m, MODEL_RTB), 1);
	assert_int_equal(model_count(f->m, MODEL_NACL), 1);
	assert_int_equal(model_count(f->m, MODEL_SG), 1);
	assert_ptr_equal(model_get(f->m, MODEL_SUBNET, 0), model_find(f->m, "subnet-1"));
	assert_null(model_get(f->m, MODEL_SUBNET, 1));
	assert_null(model_find(f->m, "subnet-404"));
	/* model_kind_size(): the step through a kind's array */
	assert_int_equal(model_kind_size(MODEL_SUBNET), sizeof(struct model_subnet));
	assert_int_equal(model_kind_size(MODEL_ENI), sizeof(struct model_eni));
	assert_int_equal(model_kind_size(MODEL_KIND_COUNT), 0);
}

/* Two VPCs that are not connected may reuse one CIDR (vpc-peering-basics.html:
 * only connected VPCs may not overlap): an address is then held once per VPC,
 * and model_eni_by_private_ip_in() finds the one of the VPC asked, also for
 * an interface whose VpcId is not given (its subnet's VPC). */
static void test_private_address_found_in_its_own_vpc(void **state)
{
	const struct fixture_snap *f =
		load_str(state, "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"},"
				"{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.0.0.0/16\"}],"
				"\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\","
				"\"CidrBlock\":\"10.0.1.0/24\"},"
				"{\"SubnetId\":\"subnet-2\",\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10."
				"0.1.0/24\"}],"
				"\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-1\","
				"\"SubnetId\":\"subnet-1\","
				"\"VpcId\":\"vpc-1\",\"PrivateIpAddress\":\"10.0.1.10\"},"
				"{\"NetworkInterfaceId\":\"eni-2\",\"SubnetId\":\"subnet-2\","
				"\"PrivateIpAddress\":\"10.0.1.10\"}]}");
	struct net_addr a;
	assert_int_equal(net_addr_parse("10.0.1.10", &a), 0);
	const struct model_vpc *v1 = fixture_find(f->m, "vpc-1", MODEL_VPC);
	const struct model_vpc *v2 = fixture_find(f->m, "vpc-2", MODEL_VPC);
	assert_ptr_equal(model_eni_by_private_ip_in(f->m, v1, &a),
			 fixture_find(f->m, "eni-1", MODEL_ENI));
	assert_ptr_equal(model_eni_by_private_ip_in(f->m, v2, &a),
			 fixture_find(f->m, "eni-2", MODEL_ENI));
	/* no VPC given: the first interface holding it, as before */
	assert_ptr_equal(model_eni_by_private_ip_in(f->m, NULL, &a),
			 fixture_find(f->m, "eni-1", MODEL_ENI));
}

/* The tests that load hold what they load in a struct fixture_snap. */
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_snap_setup, fixture_snap_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vpc_cidrs_primary_first_without_duplicates),
		T(test_vpc_dns_attributes_defaults_and_overrides),
		T(test_bad_cidr_is_invalid_parameter_value),
		T(test_missing_main_table_is_synthesised),
		T(test_subnet_without_association_uses_main_table),
		T(test_route_targets_and_origins),
		T(test_sg_permissions_flattened),
		T(test_sg_bad_port_reported_and_permission_skipped),
		T(test_nacl_entries_kept_in_file_order),
		T(test_deleted_nat_gateway_skipped),
		T(test_reservations_only_snapshot_creates_enis),
		T(test_reservations_and_network_interfaces_not_duplicated),
		T(test_public_ip_index),
		T(test_peering_gone_status_skipped_and_sides_read),
		T(test_endpoints_and_prefix_list_entries),
		T(test_igw_attachment_states),
		T(test_syntax_error_reports_line_and_column),
		T(test_trailing_garbage_is_syntax_error),
		T(test_top_level_array_is_snapshot_format_error),
		T(test_unknown_key_warned_once),
		T(test_non_array_value_is_format_error),
		T(test_batfish_region_folder_sets_region),
		T(test_directory_without_json_is_snapshot_error),
		T(test_syntax_error_in_directory_fails_load),
		T(test_wrong_types_everywhere_do_not_crash),
		T(test_deep_nesting_is_rejected_not_crashed),
		cmocka_unit_test(test_model_kind_and_target_names),
		T(test_model_get_walks_every_kind),
		T(test_private_address_found_in_its_own_vpc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
