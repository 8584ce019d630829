/*
 * DOC: readers for the VPC core: VPCs, subnets, route tables, security
 * groups, network ACLs, and vpcsim's VpcAttributes
 *
 * Shapes are those of aws ec2 describe-vpcs, describe-subnets,
 * describe-route-tables, describe-security-groups and describe-network-acls.
 * Each reader appends to its vector in the load context; relations stay ids
 * here and are resolved by resolve_vpc.c.
 */
#include <string.h>
#include <strings.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* The State of an association's state object ({"State": "associated"}). */
static const char *ld_sub_state(struct ld_ctx *c, const cJSON *o, const char *key, const char *res)
{
	const cJSON *s = ld_obj(c, o, key, res);
	return s ? ld_str(c, s, "State", res) : NULL;
}

/* CIDR association states in which the block no longer belongs to the VPC
 * (VpcCidrBlockState, SubnetCidrBlockState in the EC2 API reference). */
static bool ld_assoc_gone(const char *state)
{
	return state && (strcasecmp(state, "disassociated") == 0 ||
			 strcasecmp(state, "failed") == 0 || strcasecmp(state, "failing") == 0);
}

static bool ld_cidr_dup(const struct model_cidr *arr, uint32_t n, const struct model_cidr *x)
{
	for (uint32_t i = 0; i < n; i++)
		if (net_prefix_eq(&arr[i].pfx, &x->pfx))
			return true;
	return false;
}

/* CIDRs of a CIDR association set: @ckey inside each element, filtered by
 * @skey's state.  @first (may be NULL) goes first; duplicates dropped. */
static struct model_cidr *ld_cidr_set(struct ld_ctx *c, const cJSON *o, const char *first,
				      const char *first_key, const char *set_key, const char *ckey,
				      const char *skey, uint32_t *n, const char *res)
{
	const cJSON *set = ld_arr(c, o, set_key, res);
	uint32_t cap = ld_len(set) + (first ? 1 : 0);
	*n = 0;
	if (!cap)
		return NULL;
	struct model_cidr *out = arena_calloc(c->arena, cap, sizeof(*out));
	if (!out)
		return NULL;
	if (first && ld_cidr(c, first, &out[0], first_key, res))
		(*n)++;
	const cJSON *e;
	cJSON_ArrayForEach(e, set)
	{
		if (*n >= cap || !cJSON_IsObject(e))
			continue;
		if (ld_assoc_gone(ld_sub_state(c, e, skey, res)))
			continue;
		const char *t = ld_str(c, e, ckey, res);
		struct model_cidr x;
		if (!ld_cidr(c, t, &x, ckey, res) || ld_cidr_dup(out, *n, &x))
			continue;
		out[(*n)++] = x;
	}
	return *n ? out : NULL;
}

int ld_vpc(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_vpc *v = ld_push_tagged(c, &c->vpcs, MODEL_VPC, id, e, NULL);
	if (!v)
		return VS_ENOMEM;
	v->state = ld_str(c, e, "State", id);
	v->cidrs = ld_cidr_set(c, e, ld_str(c, e, "CidrBlock", id), "CidrBlock",
			       "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState",
			       &v->n_cidrs, id);
	v->cidrs6 = ld_cidr_set(c, e, NULL, NULL, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
				"Ipv6CidrBlockState", &v->n_cidrs6, id);
	v->is_default = ld_bool(c, e, "IsDefault", false, id);
	v->dhcp_id = ld_str(c, e, "DhcpOptionsId", id);
	/* vpc-dns: enableDnsSupport defaults to true; enableDnsHostnames
	 * to false, except in a default VPC. */
	v->dns_support = true;
	v->dns_hostnames = v->is_default;
	return 0;
}

int ld_subnet(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *az = ld_str(c, e, "AvailabilityZone", id);
	const char *az_id = ld_str(c, e, "AvailabilityZoneId", id);
	struct model_subnet *s = ld_push_tagged(c, &c->subnets, MODEL_SUBNET, id, e, az);
	if (!s)
		return VS_ENOMEM;
	s->az = az;
	s->az_id = az_id;
	s->vpc_id = ld_str(c, e, "VpcId", id);
	ld_cidr(c, ld_str(c, e, "CidrBlock", id), &s->cidr, "CidrBlock", id);
	s->cidrs6 = ld_cidr_set(c, e, NULL, NULL, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock",
				"Ipv6CidrBlockState", &s->n_cidrs6, id);
	s->map_public_ip = ld_bool(c, e, "MapPublicIpOnLaunch", false, id);
	s->state = ld_str(c, e, "State", id);
	return 0;
}

/* ---- route tables ---- */

static enum model_target ld_gateway_target(const char *gw)
{
	static const struct {
		const char *prefix;
		enum model_target t;
	} pfx[] = {
		{"igw-", TGT_IGW},      {"vgw-", TGT_VGW},   {"vpce-", TGT_VPCE},
		{"eigw-", TGT_EIGW},    {"nat-", TGT_NATGW}, {"tgw-", TGT_TGW},
		{"pcx-", TGT_PCX},      {"eni-", TGT_ENI},   {"lgw-", TGT_LGW},
		{"cagw-", TGT_CARRIER},
	};
	if (strcmp(gw, "local") == 0)
		return TGT_LOCAL;
	for (size_t i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (strncmp(gw, pfx[i].prefix, strlen(pfx[i].prefix)) == 0)
			return pfx[i].t;
	return TGT_UNKNOWN;
}

/* The target of a route: the first target field present.  A route to a NAT
 * instance lists both InstanceId and NetworkInterfaceId; the ENI is what
 * AWS forwards to, so it comes first. */
static void ld_route_target(struct ld_ctx *c, const cJSON *r, struct model_route *rt,
			    const char *res)
{
	static const struct {
		const char *key;
		enum model_target t;
	} fields[] = {
		{"GatewayId", TGT_UNKNOWN}, /* classified by prefix */
		/* CreateRoute's key for a GWLB endpoint; describe-route-tables
		 * prints it as GatewayId "vpce-..." (both read) */
		{"VpcEndpointId", TGT_VPCE},
		{"NatGatewayId", TGT_NATGW},
		{"TransitGatewayId", TGT_TGW},
		{"VpcPeeringConnectionId", TGT_PCX},
		{"EgressOnlyInternetGatewayId", TGT_EIGW},
		{"NetworkInterfaceId", TGT_ENI},
		{"InstanceId", TGT_INSTANCE},
		{"CarrierGatewayId", TGT_CARRIER},
		{"LocalGatewayId", TGT_LGW},
		{"CoreNetworkArn", TGT_CORE_NETWORK},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = ld_str(c, r, fields[i].key, res);
		if (!v || !*v)
			continue;
		rt->target_id = v;
		rt->target = i == 0 ? ld_gateway_target(v) : fields[i].t;
		return;
	}
	rt->target = TGT_NONE;
}

/* One element of a route table's Routes (struct ld_array): 0, or 1 when it
 * is skipped (reported). */
static int ld_route(struct ld_ctx *c, const cJSON *r, void *elem, const void *arg)
{
	struct model_route *rt = elem;
	const char *res = arg;
	const char *d4 = ld_str(c, r, "DestinationCidrBlock", res);
	const char *d6 = ld_str(c, r, "DestinationIpv6CidrBlock", res);
	const char *pl = ld_str(c, r, "DestinationPrefixListId", res);
	if (d4) {
		if (!ld_cidr(c, d4, &rt->dst, "DestinationCidrBlock", res))
			return 1;
	} else if (d6) {
		if (!ld_cidr(c, d6, &rt->dst, "DestinationIpv6CidrBlock", res))
			return 1;
	} else if (pl && *pl) {
		rt->dst_pl_id = pl;
	} else {
		ld_error(c, "SnapshotFormat", res, "a route has no destination");
		return 1;
	}
	ld_route_target(c, r, rt, res);
	const char *origin = ld_str(c, r, "Origin", res);
	if (origin && strcmp(origin, "CreateRouteTable") == 0)
		rt->origin = ROUTE_ORIGIN_TABLE;
	else if (origin && strcmp(origin, "EnableVgwRoutePropagation") == 0)
		rt->origin = ROUTE_ORIGIN_PROPAGATED;
	else if (!origin && rt->target == TGT_LOCAL)
		rt->origin = ROUTE_ORIGIN_TABLE;
	else
		rt->origin = ROUTE_ORIGIN_STATIC;
	const char *state = ld_str(c, r, "State", res);
	rt->blackhole = state && strcasecmp(state, "blackhole") == 0;
	return 0;
}

static void ld_rtb_assocs(struct ld_ctx *c, const cJSON *e, struct model_rtb *t, const char *id)
{
	const cJSON *as = ld_arr(c, e, "Associations", id);
	uint32_t cap = ld_len(as);
	if (!cap)
		return;
	t->subnet_ids = arena_calloc(c->arena, cap, sizeof(char *));
	t->edge_ids = arena_calloc(c->arena, cap, sizeof(char *));
	if (!t->subnet_ids || !t->edge_ids)
		return;
	const cJSON *a;
	cJSON_ArrayForEach(a, as)
	{
		if (!cJSON_IsObject(a))
			continue;
		if (ld_assoc_gone(ld_sub_state(c, a, "AssociationState", id)))
			continue;
		if (ld_bool(c, a, "Main", false, id))
			t->is_main = true;
		const char *sn = ld_str(c, a, "SubnetId", id);
		const char *gw = ld_str(c, a, "GatewayId", id);
		if (sn && *sn && t->n_subnets < cap)
			t->subnet_ids[t->n_subnets++] = sn;
		else if (gw && *gw && t->n_edges < cap)
			t->edge_ids[t->n_edges++] = gw;
	}
}

static const struct ld_array ld_routes = {"Routes", sizeof(struct model_route), ld_route};

int ld_route_table(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_rtb *t = ld_push_tagged(c, &c->rtbs, MODEL_RTB, id, e, NULL);
	if (!t)
		return VS_ENOMEM;
	t->vpc_id = ld_str(c, e, "VpcId", id);
	ld_rtb_assocs(c, e, t, id);
	/* One spare slot per VPC CIDR is not known here; defaults_vpc
	 * reallocates when it adds local routes. */
	int rc = 0;
	t->routes = ld_objs(c, ld_arr(c, e, "Routes", id), &ld_routes, id, id, &t->n_routes, &rc);
	if (rc)
		return rc;
	t->propagating_vgw_ids =
		ld_str_list(c, e, "PropagatingVgws", "GatewayId", &t->n_propagating_vgws, id);
	return 0;
}

/* ---- security groups ---- */

/* A protocol given as a string ("tcp", "6", "-1") or, in hand-written
 * snapshots, a number. */
static bool ld_proto_field(struct ld_ctx *c, const cJSON *o, const char *key, int *out,
			   const char *res)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char num[32];
	const char *s = NULL;
	if (cJSON_IsString(v)) {
		s = v->valuestring;
	} else if (cJSON_IsNumber(v) && v->valuedouble >= -1 && v->valuedouble <= 255) {
		snprintf(num, sizeof(num), "%d", (int)v->valuedouble);
		s = num;
	}
	if (s && ld_proto(s, out))
		return true;
	if (!v || cJSON_IsNull(v))
		ld_error(c, "SnapshotFormat", res, "required field %s is missing", key);
	else
		ld_error(c, "InvalidParameterValue", res,
			 "Value (%.60s) for parameter %s is invalid. Unrecognized protocol.",
			 s ? s : "?", key);
	return false;
}

static struct model_sg_rule *ld_sg_push(struct vec *tmp, const struct model_sg_rule *proto)
{
	struct model_sg_rule *r = vec_push(tmp);
	if (r)
		*r = *proto;
	return r;
}

/* The peer of rule @r (its peer_type set) from element @e of its peer list,
 * whose field @field names it; false when it names none (a bad CIDR is
 * reported). */
static bool ld_sg_peer(struct ld_ctx *c, const cJSON *e, const char *field, struct model_sg_rule *r,
		       const char *id)
{
	switch (r->peer_type) {
	case SG_PEER_CIDR4:
	case SG_PEER_CIDR6:
		return ld_cidr(c, ld_str(c, e, field, id), &r->cidr, field, id);
	case SG_PEER_PL:
		return (r->peer_id = ld_str(c, e, field, id)) != NULL;
	default: /* SG_PEER_SG: GroupId, else GroupName */
		r->peer_id = ld_str(c, e, field, id);
		if (!r->peer_id)
			r->peer_id = ld_str(c, e, "GroupName", id);
		if (!r->peer_id)
			return false;
		r->peer_user_id = ld_str(c, e, "UserId", id);
		r->peer_vpc_id = ld_str(c, e, "VpcId", id);
		r->peer_pcx_id = ld_str(c, e, "VpcPeeringConnectionId", id);
		return true;
	}
}

/* Flatten one IpPermission into one rule per peer. */
static int ld_sg_perm(struct ld_ctx *c, const cJSON *p, bool egress, uint32_t idx, struct vec *tmp,
		      const char *id)
{
	struct model_sg_rule base = {.egress = egress, .perm_index = idx, .from = -1, .to = -1};
	if (!ld_proto_field(c, p, "IpProtocol", &base.proto, id))
		return 0;
	/* Ports: -1..65535; for ICMP the type and code.  A bad value makes
	 * the whole permission invalid, as AuthorizeSecurityGroupIngress
	 * would reject it. */
	int64_t f = ld_int(c, p, "FromPort", -1, 65535, INT64_MIN, id);
	int64_t t = ld_int(c, p, "ToPort", -1, 65535, INT64_MIN, id);
	if ((f == INT64_MIN && ld_has(p, "FromPort")) || (t == INT64_MIN && ld_has(p, "ToPort")))
		return 0;
	if (base.proto != -1) {
		base.from = f == INT64_MIN ? -1 : (int)f;
		base.to = t == INT64_MIN ? -1 : (int)t;
	}
	/* One rule per element of each peer list, the lists in this order. */
	static const struct {
		const char *key, *field;
		enum model_peer_type type;
	} lists[] = {
		{"IpRanges", "CidrIp", SG_PEER_CIDR4},
		{"Ipv6Ranges", "CidrIpv6", SG_PEER_CIDR6},
		{"PrefixListIds", "PrefixListId", SG_PEER_PL},
		{"UserIdGroupPairs", "GroupId", SG_PEER_SG},
	};
	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		const cJSON *a = ld_arr(c, p, lists[k].key, id), *e;
		cJSON_ArrayForEach(e, a)
		{
			struct model_sg_rule r = base;
			r.peer_type = lists[k].type;
			r.description = ld_str(c, e, "Description", id);
			if (!ld_sg_peer(c, e, lists[k].field, &r, id))
				continue;
			if (!ld_sg_push(tmp, &r))
				return VS_ENOMEM;
		}
	}
	return 0;
}

static int ld_sg_perms(struct ld_ctx *c, const cJSON *e, const char *key, bool egress,
		       uint32_t *nperms, struct vec *tmp, const char *id)
{
	const cJSON *ps = ld_arr(c, e, key, id);
	const cJSON *p;
	uint32_t idx = 0;
	cJSON_ArrayForEach(p, ps)
	{
		if (!ld_elem_obj(c, p, key, id))
			continue;
		int rc = ld_sg_perm(c, p, egress, idx++, tmp, id);
		if (rc)
			return rc;
	}
	*nperms = idx;
	return 0;
}

int ld_security_groups(struct ld_ctx *c, const cJSON *arr)
{
	struct vec tmp;
	vec_init(&tmp, sizeof(struct model_sg_rule));
	int rc = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		const char *id = ld_elem_id(c, e, "SecurityGroups", "GroupId");
		if (!id)
			continue;
		struct model_sg *g = ld_push_tagged(c, &c->sgs, MODEL_SG, id, e, NULL);
		if (!g) {
			rc = VS_ENOMEM;
			break;
		}
		g->group_name = ld_str(c, e, "GroupName", id);
		g->description = ld_str(c, e, "Description", id);
		g->vpc_id = ld_str(c, e, "VpcId", id);
		g->is_default = g->group_name && strcmp(g->group_name, "default") == 0;
		tmp.n = 0;
		if ((rc = ld_sg_perms(c, e, "IpPermissions", false, &g->n_ingress_perms, &tmp,
				      id)) ||
		    (rc = ld_sg_perms(c, e, "IpPermissionsEgress", true, &g->n_egress_perms, &tmp,
				      id)))
			break;
		if (tmp.n) {
			g->rules = arena_memdup(c->arena, tmp.items, (size_t)tmp.n * tmp.elem);
			if (!g->rules) {
				rc = VS_ENOMEM;
				break;
			}
			g->n_rules = tmp.n;
		}
	}
	vec_release(&tmp);
	return rc;
}

/* ---- network ACLs ---- */

/* One element of a network ACL's Entries (struct ld_array): 0, or 1 when
 * it is skipped (reported). */
static int ld_nacl_entry(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	struct model_nacl_entry *en = elem;
	const char *id = arg;
	int64_t rn = ld_int(c, x, "RuleNumber", 0, INT32_MAX, -1, id);
	if (rn < 0) {
		if (!ld_has(x, "RuleNumber"))
			ld_error(c, "SnapshotFormat", id, "a network ACL entry has no RuleNumber");
		return 1;
	}
	en->rule_number = (int32_t)rn;
	if (!ld_proto_field(c, x, "Protocol", &en->proto, id))
		return 1;
	const char *act = ld_str(c, x, "RuleAction", id);
	if (act && strcasecmp(act, "allow") == 0) {
		en->allow = true;
	} else if (!act || strcasecmp(act, "deny") != 0) {
		ld_error(c, "InvalidParameterValue", id,
			 "Value (%.60s) for parameter RuleAction is invalid.", act ? act : "");
		return 1;
	}
	en->egress = ld_bool(c, x, "Egress", false, id);
	const char *c4 = ld_str(c, x, "CidrBlock", id);
	const char *c6 = ld_str(c, x, "Ipv6CidrBlock", id);
	if (!c4 && !c6) {
		ld_error(c, "SnapshotFormat", id, "network ACL entry %d has no CIDR block",
			 en->rule_number);
		return 1;
	}
	if (!ld_cidr(c, c4 ? c4 : c6, &en->cidr, c4 ? "CidrBlock" : "Ipv6CidrBlock", id))
		return 1;
	const cJSON *pr = ld_obj(c, x, "PortRange", id);
	if (pr) {
		int64_t f = ld_int(c, pr, "From", 0, 65535, -1, id);
		int64_t t = ld_int(c, pr, "To", 0, 65535, -1, id);
		if (f < 0 || t < 0)
			return 1;
		en->has_ports = true;
		en->port_from = (uint16_t)f;
		en->port_to = (uint16_t)t;
	}
	const cJSON *ic = ld_obj(c, x, "IcmpTypeCode", id);
	if (ic) {
		en->has_icmp = true;
		en->icmp_type = (int)ld_int(c, ic, "Type", -1, 255, -1, id);
		en->icmp_code = (int)ld_int(c, ic, "Code", -1, 255, -1, id);
	}
	return 0;
}

static const struct ld_array ld_nacl_entries = {"Entries", sizeof(struct model_nacl_entry),
						ld_nacl_entry};

int ld_network_acl(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_nacl *n = ld_push_tagged(c, &c->nacls, MODEL_NACL, id, e, NULL);
	if (!n)
		return VS_ENOMEM;
	n->vpc_id = ld_str(c, e, "VpcId", id);
	n->is_default = ld_bool(c, e, "IsDefault", false, id);
	/* Kept in file order: the checker looks for duplicate rule
	 * numbers, the trace engine sorts its own copy. */
	int rc = 0;
	n->entries = ld_objs(c, ld_arr(c, e, "Entries", id), &ld_nacl_entries, id, id,
			     &n->n_entries, &rc);
	if (rc)
		return rc;
	n->subnet_ids = ld_str_list(c, e, "Associations", "SubnetId", &n->n_subnets, id);
	return 0;
}

/* ---- VpcAttributes (vpcsim): describe-vpc-attribute output by VpcId ---- */

/* {"Value": true} as describe-vpc-attribute prints it, or a plain bool. */
static int ld_attr_bool(struct ld_ctx *c, const cJSON *o, const char *key, const char *res)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v || cJSON_IsNull(v))
		return -1;
	if (cJSON_IsObject(v)) {
		if (!ld_has(v, "Value"))
			return -1;
		return ld_bool(c, v, "Value", false, res) ? 1 : 0;
	}
	return ld_bool(c, o, key, false, res) ? 1 : 0;
}

int ld_vpc_attribute(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct ld_vpc_attr *a = vec_push(&c->vpc_attrs);
	if (!a)
		return VS_ENOMEM;
	a->vpc_id = id;
	a->dns_support = ld_attr_bool(c, e, "EnableDnsSupport", id);
	a->dns_hostnames = ld_attr_bool(c, e, "EnableDnsHostnames", id);
	return 0;
}

/* describe-dhcp-options: DhcpConfigurations [{Key, Values: [{Value}]}]. */
int ld_dhcp(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_dhcp *d = ld_push_tagged(c, &c->dhcps, MODEL_DHCP, id, e, NULL);
	if (!d)
		return VS_ENOMEM;
	const cJSON *x;
	cJSON_ArrayForEach(x, ld_arr(c, e, "DhcpConfigurations", id))
	{
		const char *key = cJSON_IsObject(x) ? ld_str(c, x, "Key", id) : NULL;
		if (!key)
			continue;
		uint32_t n = 0;
		const char **vals = ld_str_list(c, x, "Values", "Value", &n, id);
		if (!strcmp(key, "domain-name-servers")) {
			d->dns_servers = vals;
			d->n_dns_servers = vals ? n : 0;
		} else if (!strcmp(key, "domain-name") && vals && n) {
			d->domain_name = vals[0];
		}
	}
	return 0;
}
