/*
 * DOC: readers for EC2 attachments and gateways: network interfaces,
 * instances, internet and egress-only gateways, NAT gateways, Elastic IPs,
 * peering connections, VPC endpoints and prefix lists
 *
 * Shapes are those of aws ec2 describe-network-interfaces, describe-instances
 * (Reservations), describe-internet-gateways, describe-egress-only-internet-
 * gateways, describe-nat-gateways, describe-addresses,
 * describe-vpc-peering-connections, describe-vpc-endpoints and
 * describe-prefix-lists / describe-managed-prefix-lists.
 *
 * The network interfaces of an instance are pushed as ENIs with
 * obj.synthetic set; defaults_vpc() drops those that a NetworkInterfaces key
 * also describes (that key may come in a later file) and clears the flag on
 * the rest, so a snapshot holding only Reservations still has its ENIs.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* ---- network interfaces ---- */

/* The public IP of an Association object, and its allocation id. */
static void ld_assoc_pub(struct ld_ctx *c, const cJSON *o, struct model_eni_ip *ip, const char *res)
{
	const cJSON *as = ld_obj(c, o, "Association", res);
	if (!as)
		return;
	ld_addr(c, ld_str(c, as, "PublicIp", res), &ip->pub, "PublicIp", res);
	ip->eip_alloc_id = ld_str(c, as, "AllocationId", res);
}

/* An element of Ipv6Addresses; one without a valid Ipv6Address is skipped. */
static int ld_eni_ip6(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	const char *id = arg;
	return ld_addr(c, ld_str(c, x, "Ipv6Address", id), elem, "Ipv6Address", id) ? 0 : 1;
}

static const struct ld_array ld_eni_ips6 = {NULL, sizeof(struct net_addr), ld_eni_ip6};

static int ld_eni_ips(struct ld_ctx *c, const cJSON *o, struct model_eni *e, const char *id)
{
	const cJSON *pa = ld_arr(c, o, "PrivateIpAddresses", id);
	const char *prim = ld_str(c, o, "PrivateIpAddress", id);
	uint32_t cap = ld_len(pa) + 1;
	if (!(e->ips = arena_calloc(c->arena, cap, sizeof(*e->ips))))
		return VS_ENOMEM;
	const cJSON *x;
	cJSON_ArrayForEach(x, pa)
	{
		if (e->n_ips >= cap || !cJSON_IsObject(x))
			continue;
		struct model_eni_ip ip = {0};
		if (!ld_addr(c, ld_str(c, x, "PrivateIpAddress", id), &ip.priv, "PrivateIpAddress",
			     id))
			continue;
		ip.primary = ld_bool(c, x, "Primary", false, id);
		ld_assoc_pub(c, x, &ip, id);
		/* the primary address first */
		if (ip.primary && e->n_ips) {
			e->ips[e->n_ips] = e->ips[0];
			e->ips[0] = ip;
		} else {
			e->ips[e->n_ips] = ip;
		}
		e->n_ips++;
	}
	struct net_addr pa0;
	if (!e->n_ips && prim && ld_addr(c, prim, &pa0, "PrivateIpAddress", id)) {
		e->ips[0].priv = pa0;
		e->n_ips = 1;
	}
	if (e->n_ips) {
		e->ips[0].primary = true;
		/* The interface-level Association is the primary address's. */
		if (e->ips[0].pub.af == NET_AF_NONE)
			ld_assoc_pub(c, o, &e->ips[0], id);
	}
	int rc = 0;
	e->ips6 = ld_objs(c, ld_arr(c, o, "Ipv6Addresses", id), &ld_eni_ips6, NULL, id, &e->n_ips6,
			  &rc);
	return rc;
}

/* The instance an element of its NetworkInterfaces belongs to. */
struct eni_inst {
	const char *id, *az, *owner;
};

/* Read one interface object (ld_obj_fn): an element of
 * describe-network-interfaces (@arg NULL) or of the NetworkInterfaces of
 * instance @arg (struct eni_inst). */
static int ld_eni_obj(struct ld_ctx *c, const cJSON *o, const void *arg)
{
	const struct eni_inst *in = arg;
	const char *inst = in ? in->id : NULL;
	const char *id = ld_str_req(c, o, "NetworkInterfaceId", inst);
	if (!id)
		return 0;
	struct model_eni *e = vec_push(&c->enis);
	if (!e)
		return VS_ENOMEM;
	e->az = ld_str(c, o, "AvailabilityZone", id);
	if (!e->az && in)
		e->az = in->az;
	const char *own = ld_str(c, o, "OwnerId", id);
	ld_obj_init(c, &e->obj, MODEL_ENI, id, own ? own : in ? in->owner : NULL, e->az);
	e->obj.name = ld_name_tag(c, o);
	e->obj.synthetic = in != NULL;
	e->subnet_id = ld_str(c, o, "SubnetId", id);
	e->vpc_id = ld_str(c, o, "VpcId", id);
	e->type = ld_str(c, o, "InterfaceType", id);
	if (!e->type)
		e->type = "interface";
	e->status = ld_str(c, o, "Status", id);
	e->description = ld_str(c, o, "Description", id);
	e->source_dest_check = ld_bool(c, o, "SourceDestCheck", true, id);
	e->requester_managed = ld_bool(c, o, "RequesterManaged", false, id);
	e->requester_id = ld_str(c, o, "RequesterId", id);
	e->sg_ids = ld_str_list(c, o, "Groups", "GroupId", &e->n_sgs, id);
	e->device_index = -1;
	const cJSON *at = ld_obj(c, o, "Attachment", id);
	const char *ast = at ? ld_str(c, at, "Status", id) : NULL;
	if (at && !(ast && strcasecmp(ast, "detached") == 0)) {
		e->instance_id = ld_str(c, at, "InstanceId", id);
		e->device_index = (int)ld_int(c, at, "DeviceIndex", 0, 65535, -1, id);
	}
	if (inst)
		e->instance_id = inst;
	return ld_eni_ips(c, o, e, id);
}

int ld_enis(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "NetworkInterfaces", NULL, ld_eni_obj, NULL);
}

/* ---- instances ---- */

/* An element of a reservation's Instances; @arg: the reservation's OwnerId. */
static int ld_instance(struct ld_ctx *c, const cJSON *o, const void *arg)
{
	const char *owner = arg;
	const char *id = ld_str_req(c, o, "InstanceId", NULL);
	if (!id)
		return 0;
	const cJSON *st = ld_obj(c, o, "State", id);
	const char *state = st ? ld_str(c, st, "Name", id) : NULL;
	/* A terminated instance is listed for about an hour and has no
	 * network interfaces any more (ec2-instance-lifecycle). */
	if (state &&
	    (strcasecmp(state, "terminated") == 0 || strcasecmp(state, "shutting-down") == 0))
		return 0;
	struct model_instance *in = vec_push(&c->instances);
	if (!in)
		return VS_ENOMEM;
	const cJSON *pl = ld_obj(c, o, "Placement", id);
	in->az = pl ? ld_str(c, pl, "AvailabilityZone", id) : NULL;
	ld_obj_init(c, &in->obj, MODEL_INSTANCE, id, owner, in->az);
	in->obj.name = ld_name_tag(c, o);
	in->state = state;
	in->subnet_id = ld_str(c, o, "SubnetId", id);
	in->vpc_id = ld_str(c, o, "VpcId", id);
	ld_addr(c, ld_str(c, o, "PrivateIpAddress", id), &in->private_ip, "PrivateIpAddress", id);
	ld_addr(c, ld_str(c, o, "PublicIpAddress", id), &in->public_ip, "PublicIpAddress", id);
	in->source_dest_check = ld_bool(c, o, "SourceDestCheck", true, id);
	in->eni_ids = ld_str_list(c, o, "NetworkInterfaces", "NetworkInterfaceId", &in->n_enis, id);
	/* Copy what we need before pushing ENIs: vec_push may move @in. */
	const struct eni_inst parent = {id, in->az, owner};
	return ld_each_obj(c, ld_arr(c, o, "NetworkInterfaces", id), NULL, NULL, ld_eni_obj,
			   &parent);
}

static int ld_reservation(struct ld_ctx *c, const cJSON *r, const void *arg)
{
	(void)arg;
	const char *owner = ld_str(c, r, "OwnerId", NULL);
	return ld_each_obj(c, ld_arr(c, r, "Instances", NULL), "Instances", NULL, ld_instance,
			   owner);
}

int ld_reservations(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "Reservations", NULL, ld_reservation, NULL);
}

/* ---- internet gateways ---- */

/* An element of a gateway's Attachments: the VPC while it is attached. */
static int ld_gw_att(struct ld_ctx *c, const cJSON *a, void *elem, const void *arg)
{
	const char *id = arg;
	/* An attached IGW shows "available" (describe-internet-gateways
	 * quirk); an egress-only one "attached". */
	const char *st = ld_str(c, a, "State", id);
	if (st && strcasecmp(st, "attached") != 0 && strcasecmp(st, "available") != 0 &&
	    strcasecmp(st, "attaching") != 0)
		return 1;
	const char *vpc = ld_str(c, a, "VpcId", id);
	if (!vpc || !*vpc)
		return 1;
	*(const char **)elem = vpc;
	return 0;
}

static const struct ld_array ld_gw_atts = {NULL, sizeof(const char *), ld_gw_att};

static int ld_gw(struct ld_ctx *c, const cJSON *arr, const char *key, const char *idkey,
		 struct vec *v, enum model_kind kind)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		const char *id = ld_elem_id(c, e, key, idkey);
		if (!id)
			continue;
		struct model_igw *g = ld_push_tagged(c, v, kind, id, e, NULL);
		if (!g)
			return VS_ENOMEM;
		int rc = 0;
		g->vpc_ids = ld_objs(c, ld_arr(c, e, "Attachments", id), &ld_gw_atts, NULL, id,
				     &g->n_vpcs, &rc);
		if (rc)
			return rc;
	}
	return 0;
}

int ld_igws(struct ld_ctx *c, const cJSON *arr)
{
	return ld_gw(c, arr, "InternetGateways", "InternetGatewayId", &c->igws, MODEL_IGW);
}

int ld_eigws(struct ld_ctx *c, const cJSON *arr)
{
	return ld_gw(c, arr, "EgressOnlyInternetGateways", "EgressOnlyInternetGatewayId", &c->eigws,
		     MODEL_EIGW);
}

/* ---- NAT gateways ---- */

int ld_natgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_natgw *g = obj;
	const char *ct = ld_str(c, e, "ConnectivityType", id);
	g->private_nat = ct && strcasecmp(ct, "private") == 0;
	g->subnet_id = ld_str(c, e, "SubnetId", id);
	g->vpc_id = ld_str(c, e, "VpcId", id);
	const cJSON *as = ld_arr(c, e, "NatGatewayAddresses", id);
	uint32_t cap = ld_len(as);
	if (cap && !(g->addrs = arena_calloc(c->arena, cap, sizeof(*g->addrs))))
		return VS_ENOMEM;
	const cJSON *a;
	cJSON_ArrayForEach(a, as)
	{
		if (g->n_addrs >= cap || !cJSON_IsObject(a))
			continue;
		struct model_natgw_addr *na = &g->addrs[g->n_addrs];
		na->alloc_id = ld_str(c, a, "AllocationId", id);
		na->eni_id = ld_str(c, a, "NetworkInterfaceId", id);
		ld_addr(c, ld_str(c, a, "PrivateIp", id), &na->priv, "PrivateIp", id);
		ld_addr(c, ld_str(c, a, "PublicIp", id), &na->pub, "PublicIp", id);
		/* Older output has no IsPrimary: the first is primary. */
		na->primary = ld_bool(c, a, "IsPrimary", g->n_addrs == 0, id);
		g->n_addrs++;
	}
	return 0;
}

/* ---- Elastic IPs ---- */

static int ld_address(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	(void)arg;
	const char *pub = ld_str(c, e, "PublicIp", NULL);
	const char *alloc = ld_str(c, e, "AllocationId", pub);
	const char *id = alloc ? alloc : pub;
	if (!id || !*id) {
		ld_error(c, "SnapshotFormat", NULL,
			 "an address has neither AllocationId nor PublicIp");
		return 0;
	}
	struct model_eip *p = ld_push_obj(c, &c->eips, MODEL_EIP, id, NULL, NULL);
	if (!p)
		return VS_ENOMEM;
	p->obj.name = ld_name_tag(c, e);
	ld_addr(c, pub, &p->public_ip, "PublicIp", id);
	p->association_id = ld_str(c, e, "AssociationId", id);
	p->instance_id = ld_str(c, e, "InstanceId", id);
	p->eni_id = ld_str(c, e, "NetworkInterfaceId", id);
	ld_addr(c, ld_str(c, e, "PrivateIpAddress", id), &p->private_ip, "PrivateIpAddress", id);
	p->domain = ld_str(c, e, "Domain", id);
	if (p->instance_id && !*p->instance_id)
		p->instance_id = NULL;
	if (p->eni_id && !*p->eni_id)
		p->eni_id = NULL;
	return 0;
}

int ld_addresses(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "Addresses", NULL, ld_address, NULL);
}

/* ---- VPC peering ---- */

/* An element of Ipv6CidrBlockSet; one without a valid Ipv6CidrBlock is
 * skipped. */
static int ld_pcx_cidr6(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	const char *id = arg;
	return ld_cidr(c, ld_str(c, x, "Ipv6CidrBlock", id), elem, "Ipv6CidrBlock", id) ? 0 : 1;
}

static const struct ld_array ld_pcx_cidrs6 = {NULL, sizeof(struct model_cidr), ld_pcx_cidr6};

static int ld_pcx_side(struct ld_ctx *c, const cJSON *e, const char *key, struct model_pcx_side *s,
		       const char *id)
{
	const cJSON *o = ld_obj(c, e, key, id);
	if (!o)
		return 0;
	s->vpc_id = ld_str(c, o, "VpcId", id);
	s->owner = ld_str(c, o, "OwnerId", id);
	s->region = ld_str(c, o, "Region", id);
	const cJSON *set = ld_arr(c, o, "CidrBlockSet", id);
	const char *prim = ld_str(c, o, "CidrBlock", id);
	uint32_t cap = ld_len(set) + 1;
	if (!(s->cidrs = arena_calloc(c->arena, cap, sizeof(*s->cidrs))))
		return VS_ENOMEM;
	if (prim && ld_cidr(c, prim, &s->cidrs[0], "CidrBlock", id))
		s->n_cidrs = 1;
	const cJSON *x;
	cJSON_ArrayForEach(x, set)
	{
		struct model_cidr cd;
		if (s->n_cidrs >= cap ||
		    !ld_cidr(c, ld_str(c, x, "CidrBlock", id), &cd, "CidrBlock", id))
			continue;
		bool dup = false;
		for (uint32_t i = 0; i < s->n_cidrs && !dup; i++)
			dup = net_prefix_eq(&s->cidrs[i].pfx, &cd.pfx);
		if (!dup)
			s->cidrs[s->n_cidrs++] = cd;
	}
	int rc = 0;
	s->cidrs6 = ld_objs(c, ld_arr(c, o, "Ipv6CidrBlockSet", id), &ld_pcx_cidrs6, NULL, id,
			    &s->n_cidrs6, &rc);
	return rc;
}

int ld_pcx(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const cJSON *st = ld_obj(c, e, "Status", id);
	const char *code = st ? ld_str(c, st, "Code", id) : NULL;
	if (ld_state_gone(code))
		return 0;
	struct model_pcx *p = ld_push_obj(c, &c->pcxs, MODEL_PCX, id, NULL, NULL);
	if (!p)
		return VS_ENOMEM;
	p->obj.name = ld_name_tag(c, e);
	p->status = code;
	int rc;
	if ((rc = ld_pcx_side(c, e, "RequesterVpcInfo", &p->requester, id)) ||
	    (rc = ld_pcx_side(c, e, "AccepterVpcInfo", &p->accepter, id)))
		return rc;
	if (!p->obj.account)
		p->obj.account = p->requester.owner;
	return 0;
}

/* ---- VPC endpoints ---- */

int ld_vpce(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_vpce *v = obj;
	const char *t = ld_str(c, e, "VpcEndpointType", id);
	/* Resource and ServiceNetwork endpoints, like Interface ones,
	 * are ENIs in the subnets. */
	if (t && strcasecmp(t, "Gateway") == 0)
		v->type = VPCE_GATEWAY;
	else if (t && strcasecmp(t, "GatewayLoadBalancer") == 0)
		v->type = VPCE_GWLB;
	else
		v->type = VPCE_INTERFACE;
	v->service_name = ld_str(c, e, "ServiceName", id);
	v->vpc_id = ld_str(c, e, "VpcId", id);
	v->rtb_ids = ld_str_list(c, e, "RouteTableIds", NULL, &v->n_rtbs, id);
	v->subnet_ids = ld_str_list(c, e, "SubnetIds", NULL, &v->n_subnets, id);
	v->sg_ids = ld_str_list(c, e, "Groups", "GroupId", &v->n_sgs, id);
	v->eni_ids = ld_str_list(c, e, "NetworkInterfaceIds", NULL, &v->n_enis, id);
	v->private_dns = ld_bool(c, e, "PrivateDnsEnabled", false, id);
	return 0;
}

/* ---- endpoint services (PrivateLink, the provider's side) ---- */

/* describe-vpc-endpoint-service-configurations' ServiceConfigurations. */
int ld_vpce_svc(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *state = ld_str(c, e, "ServiceState", id);
	if (state && (!strcasecmp(state, "Deleted") || !strcasecmp(state, "Deleting")))
		return 0;
	struct model_vpce_svc *v =
		ld_push_obj(c, &c->vpce_svcs, MODEL_VPCE_SVC, id, ld_str(c, e, "Owner", id), NULL);
	if (!v)
		return VS_ENOMEM;
	v->obj.name = ld_name_tag(c, e);
	v->state = state;
	v->service_name = ld_str(c, e, "ServiceName", id);
	uint32_t nt = 0;
	const char **types = ld_str_list(c, e, "ServiceType", "ServiceType", &nt, id);
	for (uint32_t i = 0; i < nt; i++)
		if (types[i] && !strcasecmp(types[i], "GatewayLoadBalancer"))
			v->gwlb = true;
	v->acceptance_required = ld_bool(c, e, "AcceptanceRequired", false, id);
	v->azs = ld_str_list(c, e, "AvailabilityZones", NULL, &v->n_azs, id);
	v->lb_arns = ld_str_list(c, e,
				 v->gwlb ? "GatewayLoadBalancerArns" : "NetworkLoadBalancerArns",
				 NULL, &v->n_lbs, id);
	return 0;
}

/* ---- prefix lists ---- */

/* Cidrs (describe-prefix-lists) and Entries[{Cidr}] (vpcsim's way to give a
 * managed list's entries inline) into one arena array. */
static int ld_pl_cidrs(struct ld_ctx *c, const cJSON *e, struct model_pl *p, const char *id)
{
	const cJSON *cs = ld_arr(c, e, "Cidrs", id);
	const cJSON *es = ld_arr(c, e, "Entries", id);
	uint32_t cap = ld_len(cs) + ld_len(es);
	if (!cap)
		return 0;
	struct model_cidr *out = arena_calloc(c->arena, cap + p->n_cidrs, sizeof(*out));
	if (!out)
		return VS_ENOMEM;
	uint32_t n = 0;
	for (uint32_t i = 0; i < p->n_cidrs; i++)
		out[n++] = p->cidrs[i];
	const cJSON *x;
	cJSON_ArrayForEach(x, cs)
	{
		const char *t = cJSON_IsString(x) ? x->valuestring : NULL;
		if (!t) {
			ld_error(c, "SnapshotFormat", id, "elements of Cidrs must be strings");
			continue;
		}
		if (ld_cidr(c, t, &out[n], "Cidr", id))
			n++;
	}
	cJSON_ArrayForEach(x, es)
	{
		if (ld_cidr(c, ld_str(c, x, "Cidr", id), &out[n], "Cidr", id))
			n++;
	}
	p->cidrs = out;
	p->n_cidrs = n;
	return 0;
}

int ld_prefix_list(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *state = ld_str(c, e, "State", id);
	if (state &&
	    (strcasecmp(state, "delete-complete") == 0 || strcasecmp(state, "create-"
									    "failed") == 0))
		return 0;
	/* An AWS service list shows up in both describe-prefix-lists
	 * (with Cidrs) and describe-managed-prefix-lists (with the max
	 * entries): merge them.  Prefix lists are few, so a scan. */
	struct model_pl *p = NULL;
	for (uint32_t i = 0; i < c->pls.n && !p; i++) {
		struct model_pl *q = VEC_AT(&c->pls, struct model_pl, i);
		if (strcmp(q->obj.id, id) == 0 &&
		    (!q->obj.region || !c->region || strcmp(q->obj.region, c->region) == 0))
			p = q;
	}
	if (!p) {
		if (!(p = vec_push(&c->pls)))
			return VS_ENOMEM;
		ld_obj_init(c, &p->obj, MODEL_PL, id, ld_str(c, e, "OwnerId", id), NULL);
		p->max_entries = -1;
	}
	const char *name = ld_str(c, e, "PrefixListName", id);
	if (name)
		p->obj.name = name;
	int rc = ld_pl_cidrs(c, e, p, id);
	if (rc)
		return rc;
	const char *af = ld_str(c, e, "AddressFamily", id);
	if (af && strcasecmp(af, "IPv4") == 0)
		p->af = NET_AF_INET;
	else if (af && strcasecmp(af, "IPv6") == 0)
		p->af = NET_AF_INET6;
	else if (!p->af && p->n_cidrs)
		p->af = p->cidrs[0].pfx.addr.af;
	if (ld_has(e, "MaxEntries"))
		p->max_entries = (int32_t)ld_int(c, e, "MaxEntries", 0, INT32_MAX, -1, id);
	return 0;
}
