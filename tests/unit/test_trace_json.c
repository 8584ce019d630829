/*
 * DOC: unit tests for the trace JSON writer (trace_jsonw.c)
 *
 * trace_result_json_write() must write valid, canonical compact JSON --
 * cJSON parses it and prints it back unformatted byte for byte -- with the
 * values asserted here: names and descriptions that need escaping, numbers
 * cJSON prints by its two paths ("%d", and "%1.15g" above INT_MAX) and
 * negative ones, and snprintf's contract on a buffer too small.  Every
 * scenario flow is checked too (tests/scenarios/scenario_trace.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/trace.h"

/*
 * One instance in one subnet with an internet gateway.  The instance's
 * Name tag and its security group rule's description hold every kind of
 * byte cJSON escapes (" \ \b \f \n \r \t, other controls as \u00xx) and
 * some it passes through (/, DEL, UTF-8).
 */
/* clang-format off */
static const char snap_escapes[] =
	"{\"Region\": \"us-east-1\", \"AccountId\": \"111122223333\","
	" \"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\", \"State\": \"available\","
	"   \"Tags\": [{\"Key\": \"Name\", \"Value\": \"v\\\"p\\\\c\"}]}],"
	" \"Subnets\": [{\"SubnetId\": \"subnet-1\", \"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.1.0/24\","
	"   \"AvailabilityZone\": \"us-east-1a\", \"State\": \"available\"}],"
	" \"InternetGateways\": [{\"InternetGatewayId\": \"igw-1\","
	"   \"Attachments\": [{\"State\": \"available\", \"VpcId\": \"vpc-1\"}]}],"
	" \"RouteTables\": [{\"RouteTableId\": \"rtb-1\", \"VpcId\": \"vpc-1\","
	"   \"Routes\": [{\"Origin\": \"CreateRouteTable\", \"State\": \"active\","
	"                \"DestinationCidrBlock\": \"10.0.0.0/16\", \"GatewayId\": \"local\"},"
	"               {\"Origin\": \"CreateRoute\", \"State\": \"active\","
	"                \"DestinationCidrBlock\": \"0.0.0.0/0\", \"GatewayId\": \"igw-1\"}],"
	"   \"Associations\": [{\"Main\": true, \"RouteTableId\": \"rtb-1\"}]}],"
	" \"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"GroupName\": \"web\", \"Description\": \"web\","
	"   \"VpcId\": \"vpc-1\","
	"   \"IpPermissions\": [{\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443,"
	"     \"IpRanges\": [{\"CidrIp\": \"0.0.0.0/0\"}]}],"
	"   \"IpPermissionsEgress\": [{\"IpProtocol\": \"-1\","
	"     \"IpRanges\": [{\"CidrIp\": \"0.0.0.0/0\","
	"       \"Description\": \"tab\\there\\r\\n\\b\\f/\\u0002\\u007f\"}]}]}],"
	" \"NetworkAcls\": [{\"NetworkAclId\": \"acl-1\", \"VpcId\": \"vpc-1\", \"IsDefault\": true,"
	"   \"Entries\": [{\"RuleNumber\": 100, \"Egress\": false, \"RuleAction\": \"allow\","
	"                 \"Protocol\": \"-1\", \"CidrBlock\": \"0.0.0.0/0\"},"
	"                {\"RuleNumber\": 100, \"Egress\": true, \"RuleAction\": \"allow\","
	"                 \"Protocol\": \"-1\", \"CidrBlock\": \"0.0.0.0/0\"}],"
	"   \"Associations\": [{\"NetworkAclId\": \"acl-1\", \"SubnetId\": \"subnet-1\"}]}],"
	" \"NetworkInterfaces\": [{\"NetworkInterfaceId\": \"eni-1\", \"SubnetId\": \"subnet-1\","
	"   \"VpcId\": \"vpc-1\", \"AvailabilityZone\": \"us-east-1a\", \"InterfaceType\": \"interface\","
	"   \"Status\": \"in-use\", \"PrivateIpAddress\": \"10.0.1.10\","
	"   \"PrivateIpAddresses\": [{\"Primary\": true, \"PrivateIpAddress\": \"10.0.1.10\","
	"     \"Association\": {\"PublicIp\": \"54.0.0.10\"}}],"
	"   \"Groups\": [{\"GroupId\": \"sg-1\"}], \"SourceDestCheck\": true,"
	"   \"Attachment\": {\"InstanceId\": \"i-1\", \"DeviceIndex\": 0, \"Status\": \"attached\"}}],"
	" \"Reservations\": [{\"Instances\": [{\"InstanceId\": \"i-1\","
	"   \"State\": {\"Code\": 16, \"Name\": \"running\"}, \"SubnetId\": \"subnet-1\","
	"   \"VpcId\": \"vpc-1\", \"PrivateIpAddress\": \"10.0.1.10\","
	"   \"Placement\": {\"AvailabilityZone\": \"us-east-1a\"},"
	"   \"NetworkInterfaces\": [{\"NetworkInterfaceId\": \"eni-1\"}],"
	"   \"Tags\": [{\"Key\": \"Name\", \"Value\": \"q\\\"b\\\\s\\nn\\u0001c\\u001ft\\u00e9\"}]}]}]}";
/* clang-format on */

/* The writer's document parsed by cJSON and printed back; the caller frees it. */
static char *cjson_text(const struct trace_result *r)
{
	cJSON *j = trace_result_json(r);
	assert_non_null(j);
	char *s = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	assert_non_null(s);
	return s;
}

/* Freed by the teardown, also when an assertion fails. */
struct fx {
	struct diag_list *d;
	struct model *m;
	struct trace_ctx *ctx;
	struct trace_result *r;
	char *text[2];
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->r = calloc(1, sizeof(*f->r));
	*state = f;
	return f->r ? 0 : -1;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	free(f->text[0]);
	free(f->text[1]);
	trace_ctx_free(f->ctx);
	model_free(f->m);
	diag_list_free(f->d);
	free(f->r);
	free(f);
	return 0;
}

/* The writer's text of f->r, checked to be what cJSON prints of it once parsed. */
static const char *writer_text_canonical(struct fx *f)
{
	const char *want = f->text[1] = cjson_text(f->r);
	size_t need = trace_result_json_write(f->r, NULL, 0);
	char *got = f->text[0] = malloc(need + 1);
	assert_non_null(got);
	assert_int_equal(trace_result_json_write(f->r, got, need + 1), need);
	assert_string_equal(got, want);
	return got;
}

/* i-1 to 8.8.8.8 over tcp/443 in snap_escapes, into f->r. */
static void trace_escapes(struct fx *f)
{
	f->m = fixture_load("snap.json", snap_escapes, strlen(snap_escapes), &f->d, NULL);
	assert_int_equal(trace_ctx_build(f->m, &f->ctx), 0);
	struct trace_query q = {
		.from = "i-1", .to = "8.8.8.8", .proto = -1, .port = -1, .src_port = -1, .size = -1};
	char err[256];
	assert_int_equal(trace_run(f->ctx, &q, f->r, err, sizeof(err)), 0);
}

static void test_writer_escapes_strings_as_json_printers_do(void **state)
{
	struct fx *f = *state;
	trace_escapes(f);
	const char *got = writer_text_canonical(f);
	/* the escapes themselves, not only agreement with cJSON */
	assert_non_null(strstr(got, "\"name\":\"q\\\"b\\\\s\\nn\\u0001c\\u001ft\xc3\xa9\""));
	assert_non_null(strstr(got, "\"description\":\"tab\\there\\r\\n\\b\\f/\\u0002\x7f\""));
}

static void test_writer_truncates_like_snprintf(void **state)
{
	struct fx *f = *state;
	trace_escapes(f);
	const struct trace_result *r = f->r;
	const char *want = f->text[0] = cjson_text(r);
	size_t need = strlen(want);
	char *buf = f->text[1] = malloc(need + 2);
	assert_non_null(buf);
	assert_int_equal(trace_result_json_write(r, NULL, 0), need);
	for (size_t cap = 1; cap <= need + 1; cap++) {
		memset(buf, '#', need + 2);
		assert_int_equal(trace_result_json_write(r, buf, cap), need);
		size_t n = cap - 1 < need ? cap - 1 : need;
		assert_int_equal(buf[n], '\0');
		assert_memory_equal(buf, want, n);
		assert_int_equal(buf[cap], '#'); /* nothing past @cap */
	}
}

/* Forward hop @i of @r: its sequence number, component and kind, the packet
 * as it flows; the caller fills the rest. */
static struct trace_hop *hop(struct trace_result *r, uint32_t i, uint32_t seq, const char *id,
			     const char *type, enum trace_detail kind)
{
	struct trace_hop *h = &r->fwd.hops[i];
	h->seq = seq;
	h->comp = (struct trace_comp){id, type, NULL};
	h->kind = kind;
	h->pkt = r->flow;
	return h;
}

/*
 * A result built by hand: an AS number above INT_MAX (cJSON prints it
 * with "%1.15g", not "%d"), INT_MAX, zero, and -1 (an "all" ICMP type in a
 * rule), in a TGW route table hop, a security group hop and an ACL hop;
 * the keys no scenario reaches (an ACL's catch-all "*", not_chosen_total,
 * truncated); and an explanation with no code (cJSON_AddStringToObject()
 * of NULL adds no key), no type ("unknown") and no direction (null).
 */
static void test_writer_prints_numbers_and_absent_values_canonically(void **state)
{
	struct fx *f = *state;
	static const uint32_t as_path[] = {4294967295u, 2147483647u, 2147483648u, 0, 65000};
	struct trace_result *r = f->r;
	struct rib_route rr;
	memset(&rr, 0, sizeof(rr));
	assert_int_equal(net_prefix_parse("10.1.0.0/16", &rr.attr.pfx), 0);
	rr.attr.as_path = as_path;
	rr.attr.as_path_len = sizeof(as_path) / sizeof(as_path[0]);
	struct model_sg_rule rule;
	memset(&rule, 0, sizeof(rule));
	rule.proto = ACL_PROTO_ICMP;
	rule.from = rule.to = -1;
	rule.peer_type = SG_PEER_CIDR4;
	assert_int_equal(net_prefix_parse("0.0.0.0/0", &rule.cidr.pfx), 0);
	struct model_nacl_entry ne;
	memset(&ne, 0, sizeof(ne));
	ne.rule_number = 32767;
	ne.allow = true;
	ne.proto = ACL_PROTO_ICMP;
	ne.has_icmp = true;
	ne.icmp_type = -1;
	ne.icmp_code = -1;
	struct model_route won, lost;
	memset(&won, 0, sizeof(won));
	memset(&lost, 0, sizeof(lost));
	assert_int_equal(net_prefix_parse("10.1.0.0/16", &won.dst.pfx), 0);
	won.target = TGT_PCX;
	won.target_id = "pcx-1";
	lost.dst_pl_id = "pl-1";
	lost.target = TGT_IGW; /* target_id NULL: "target": null */
	lost.blackhole = true;
	struct model_subnet sn;
	memset(&sn, 0, sizeof(sn));
	sn.obj.id = "subnet-1";

	r->flow.proto = ACL_PROTO_ICMP;
	r->flow.icmp_type = 8;
	assert_int_equal(net_addr_parse("10.0.0.1", &r->flow.src), 0);
	assert_int_equal(net_addr_parse("10.1.0.1", &r->flow.dst), 0);
	strcpy(r->src_text, "10.0.0.1");
	strcpy(r->dst_text, "10.1.0.1");
	r->size = 65535;
	r->fwd.evaluated = true;
	r->fwd.mtu = 8500;
	r->fwd.mtu_comp = (struct trace_comp){"tgw-1", "transit-gateway", NULL};
	r->fwd.truncated = true;
	r->fwd.n_hops = 6;
	struct trace_hop *x;
	x = hop(r, 0, 0, "sg-1", "security-group", TRACE_D_SG);
	x->dir = TRACE_DIR_EGRESS;
	x->sg_rule = &rule;
	x = hop(r, 1, 1, "acl-1", "network-acl", TRACE_D_NACL);
	x->dir = TRACE_DIR_EGRESS;
	x->nacl_entry = &ne;
	x = hop(r, 2, 2147483647u, "tgw-rtb-1", "transit-gateway-route-table", TRACE_D_RIB);
	x->rib_route = &rr;
	x->n_ecmp = 4294967295u;
	x->mtu = 8500;
	x = hop(r, 3, 3, "acl-2", "network-acl", TRACE_D_NACL);
	x->dir = TRACE_DIR_INGRESS;
	x->action = "denied";
	x = hop(r, 4, 4, "rtb-1", "route-table", TRACE_D_ROUTE);
	x->subnet = &sn;
	x->route = &won;
	x->route_pfx = won.dst.pfx;
	x->lost[0].route = &lost;
	assert_int_equal(net_prefix_parse("10.1.2.0/24", &x->lost[0].pfx), 0);
	x->n_lost = 1;
	x->n_lost_total = 9;
	x = hop(r, 5, 5, "nat-1", "nat-gateway", TRACE_D_GATEWAY);
	x->stateful = true;
	x->subnet = &sn;
	x->note = "a \"note\"";

	r->fwd.n_expl = 1;
	r->fwd.expl[0].comp = (struct trace_comp){"igw-1", NULL, "n"};
	r->fwd.expl[0].info = true;
	strcpy(r->fwd.expl[0].msg, "m");

	const char *got = writer_text_canonical(f);
	assert_non_null(strstr(got, "\"explanations\":[{\"component\":{\"id\":\"igw-1\","
				    "\"type\":\"unknown\",\"name\":\"n\"},\"direction\":null,"
				    "\"message\":\"m\",\"informational\":true}],\"truncated\":true,"
				    "\"mtu\":{\"path\":8500,"));
	assert_non_null(strstr(got, "\"as_path\":[4294967295,2147483647,2147483648,0,65000]"));
	assert_non_null(strstr(got, "\"icmp_type\":-1,\"icmp_code\":-1"));
	assert_non_null(strstr(got, "\"ecmp_paths\":4294967295"));
	assert_non_null(strstr(got, "\"rule_number\":\"*\",\"rule_action\":\"deny\"}"));
	assert_non_null(strstr(got, "\"target\":null"));
	assert_non_null(strstr(got, "\"not_chosen_total\":9}"));
	assert_non_null(strstr(got, "\"stateful\":true,\"subnet\":\"subnet-1\",\"note\":"
				    "\"a \\\"note\\\"\"}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writer_escapes_strings_as_json_printers_do,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_writer_truncates_like_snprintf, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(
			test_writer_prints_numbers_and_absent_values_canonically, fx_setup,
			fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
