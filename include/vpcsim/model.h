/*
 * DOC: the network model
 *
 * What a snapshot describes, with every relation resolved.  The loader
 * (load.h) builds a model once; afterwards it is read-only and may be shared
 * by any number of threads.  All strings and arrays belong to the model and
 * are freed by model_free().
 *
 * Every entity starts with a struct model_obj (kind, id, region, account,
 * source file), so an id lookup returns a model_obj and the caller converts it
 * with the MODEL_AS() helper after checking the kind.
 *
 * A relation is kept twice: the id as written in the snapshot (for messages,
 * and for references to resources outside the snapshot such as a peer VPC in
 * an account that was not collected) and the resolved pointer, NULL when the
 * id names nothing in the snapshot.
 *
 * Where the snapshot is silent the model follows AWS's defaults: a VPC with
 * no main route table gets one with its local routes, a VPC with no default
 * network ACL gets one (rule 100 allow, 32767 deny, both ways), a VPC with no
 * default security group gets one; such entities have obj.synthetic set.
 * Route tables always carry their local routes (added when missing).
 */
#ifndef VPCSIM_MODEL_H
#define VPCSIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcsim/names.h"
#include "vpcsim/net.h"

/*
 * Every kind of entity, once: its enum constant, its name in output and
 * trace JSON, its array in struct model (with the count n_<array>) and its
 * element type.  The enum, struct model's arrays, the kind table of
 * model.c and the loader's per-kind vectors are all generated from this
 * list, so a new kind is one line here.
 */
#define MODEL_KINDS(X)                                                                            \
	X(MODEL_VPC, "vpc", vpcs, struct model_vpc)                                               \
	X(MODEL_SUBNET, "subnet", subnets, struct model_subnet)                                   \
	X(MODEL_RTB, "route-table", rtbs, struct model_rtb)                                       \
	X(MODEL_SG, "security-group", sgs, struct model_sg)                                       \
	X(MODEL_NACL, "network-acl", nacls, struct model_nacl)                                    \
	X(MODEL_ENI, "network-interface", enis, struct model_eni)                                 \
	X(MODEL_INSTANCE, "instance", instances, struct model_instance)                           \
	X(MODEL_IGW, "internet-gateway", igws, struct model_igw)                                  \
	X(MODEL_EIGW, "egress-only-internet-gateway", eigws, struct model_igw)                    \
	X(MODEL_NATGW, "nat-gateway", natgws, struct model_natgw)                                 \
	X(MODEL_EIP, "elastic-ip", eips, struct model_eip)                                        \
	X(MODEL_PCX, "vpc-peering-connection", pcxs, struct model_pcx)                            \
	X(MODEL_VPCE, "vpc-endpoint", vpces, struct model_vpce)                                   \
	X(MODEL_PL, "prefix-list", pls, struct model_pl)                                          \
	X(MODEL_TGW, "transit-gateway", tgws, struct model_tgw)                                   \
	X(MODEL_TGW_ATT, "transit-gateway-attachment", tgw_atts, struct model_tgw_att)            \
	X(MODEL_TGW_RTB, "transit-gateway-route-table", tgw_rtbs, struct model_tgw_rtb)           \
	X(MODEL_VGW, "vpn-gateway", vgws, struct model_vgw)                                       \
	X(MODEL_CGW, "customer-gateway", cgws, struct model_cgw)                                  \
	X(MODEL_VPN, "vpn-connection", vpns, struct model_vpn)                                    \
	X(MODEL_DXGW, "direct-connect-gateway", dxgws, struct model_dxgw)                         \
	X(MODEL_VIF, "virtual-interface", vifs, struct model_vif)                                 \
	X(MODEL_LB, "load-balancer", lbs, struct model_lb)                                        \
	X(MODEL_TG, "target-group", tgs, struct model_tg)                                         \
	X(MODEL_VPCE_SVC, "vpc-endpoint-service", vpce_svcs, struct model_vpce_svc)               \
	X(MODEL_ZONE, "hosted-zone", zones, struct model_zone)                                    \
	X(MODEL_HEALTH_CHECK, "health-check", health_checks, struct model_health_check)           \
	X(MODEL_CIDR_BLOCKS, "cidr-collection", cidr_sets, struct model_cidr_blocks)              \
	X(MODEL_RSLVR_RULE, "resolver-rule", rslvr_rules, struct model_rslvr_rule)                \
	X(MODEL_RSLVR_ASSOC, "resolver-rule-association", rslvr_assocs, struct model_rslvr_assoc) \
	X(MODEL_RSLVR_EP, "resolver-endpoint", rslvr_eps, struct model_rslvr_ep)                  \
	X(MODEL_FW_GROUP, "firewall-rule-group", fw_groups, struct model_fw_group)                \
	X(MODEL_FW_RULE, "firewall-rule", fw_rules, struct model_fw_rule)                         \
	X(MODEL_FW_ASSOC, "firewall-rule-group-association", fw_assocs, struct model_fw_assoc)    \
	X(MODEL_FW_LIST, "firewall-domain-list", fw_lists, struct model_fw_list)                  \
	X(MODEL_FW_DOMAINS, "firewall-domains", fw_domains, struct model_fw_list)                 \
	X(MODEL_SITE, "site", sites, struct model_site)                                           \
	X(MODEL_APPLIANCE, "appliance", appliances, struct model_appliance)                       \
	X(MODEL_DB, "db-instance", dbs, struct model_managed)                                     \
	X(MODEL_OS_DOMAIN, "opensearch-domain", os_domains, struct model_managed)                 \
	X(MODEL_CACHE_CLUSTER, "cache-cluster", cache_clusters, struct model_managed)             \
	X(MODEL_CACHE_RG, "cache-replication-group", cache_rgs, struct model_managed)             \
	X(MODEL_LAMBDA, "lambda-function", lambdas, struct model_managed)                         \
	X(MODEL_EFS_MT, "efs-mount-target", efs_mts, struct model_managed)                        \
	X(MODEL_CACHE_SUBNET_GROUP, "cache-subnet-group", cache_subnet_groups,                    \
	  struct model_cache_subnet_group)                                                        \
	X(MODEL_SVC_DETAIL, "endpoint-service-detail", svc_details, struct model_svc_detail)      \
	X(MODEL_DHCP, "dhcp-options", dhcps, struct model_dhcp)

enum model_kind {
#define MODEL_KIND_ENUM(kind, name, arr, type) kind,
	MODEL_KINDS(MODEL_KIND_ENUM)
#undef MODEL_KIND_ENUM
	MODEL_KIND_COUNT
};

/* "vpc", "subnet", "route-table", ... as used in output and trace JSON. */
const char *model_kind_name(enum model_kind k);

struct model_obj {
	enum model_kind kind;
	const char *id;      /* AWS id (ARN for load balancers/target groups) */
	const char *name;    /* the Name tag, or the resource's own name; may be NULL */
	const char *region;  /* e.g. "us-east-1"; NULL when nothing tells */
	const char *account; /* owner account id; may be NULL */
	const char *file;    /* snapshot file it came from; NULL when synthetic */
	bool synthetic;      /* created by vpcsim as AWS would by default */
};

#define MODEL_AS(type, objp) ((type *)(void *)(objp))

struct model_tag {
	const char *key, *value;
};

/* A prefix as written plus whether it parsed; the loader reports bad ones. */
struct model_cidr {
	struct net_prefix pfx;
	const char *text;
};

struct model_vpc;
struct model_subnet;
struct model_rtb;
struct model_sg;
struct model_nacl;
struct model_eni;
struct model_instance;
struct model_igw;
struct model_pl;
struct model_tgw;
struct model_tgw_att;
struct model_tgw_rtb;
struct model_vgw;
struct model_cgw;
struct model_vif;
struct model_dxgw;
struct model_lb;

/* ---- VPC family ---- */

struct model_vpc {
	struct model_obj obj;
	struct model_cidr *cidrs; /* IPv4; [0] is the primary CIDR */
	uint32_t n_cidrs;
	struct model_cidr *cidrs6;
	uint32_t n_cidrs6;
	bool is_default;
	bool dns_support;   /* enableDnsSupport, default true */
	bool dns_hostnames; /* enableDnsHostnames, default false (true for the default VPC) */
	const char *state;
	const char *dhcp_id;     /* DhcpOptionsId */
	struct model_dhcp *dhcp; /* resolved, or NULL */
	/* resolved */
	struct model_rtb *main_rtb;
	struct model_nacl *default_nacl;
	struct model_sg *default_sg;
	struct model_igw *igw; /* first attached IGW, or NULL */
	struct model_subnet **subnets;
	uint32_t n_subnets;
};

struct model_subnet {
	struct model_obj obj;
	const char *vpc_id;
	struct model_vpc *vpc;
	struct model_cidr cidr;    /* IPv4 (pfx.addr.af == NET_AF_NONE if none) */
	struct model_cidr *cidrs6; /* IPv6 /64s */
	uint32_t n_cidrs6;
	const char *az, *az_id;
	bool map_public_ip;
	const char *state;
	/* resolved: the explicit association, else the VPC's main table */
	struct model_rtb *rtb;
	bool rtb_explicit;
	struct model_nacl *nacl; /* associated ACL, else the VPC default */
};

/* A route's target, and its name in output (vpcsim/names.h). */
#define MODEL_TARGETS(X)                                                                \
	X(TGT_NONE, "none")                                                             \
	X(TGT_LOCAL, "local")                                                           \
	X(TGT_IGW, "internet-gateway")                                                  \
	X(TGT_EIGW, "egress-only-internet-gateway")                                     \
	X(TGT_NATGW, "nat-gateway")                                                     \
	X(TGT_ENI, "network-interface")                                                 \
	X(TGT_INSTANCE, "instance")                                                     \
	X(TGT_PCX, "vpc-peering-connection")                                            \
	X(TGT_VPCE, "vpc-endpoint") /* gateway or GWLB endpoint (GatewayId vpce-...) */ \
	X(TGT_TGW, "transit-gateway")                                                   \
	X(TGT_VGW, "vpn-gateway")                                                       \
	X(TGT_CARRIER, "carrier-gateway")                                               \
	X(TGT_LGW, "local-gateway")                                                     \
	X(TGT_CORE_NETWORK, "core-network")                                             \
	X(TGT_UNKNOWN, "unknown")

enum model_target {
	MODEL_TARGETS(VS_NAMES_ENUM)
};

const char *model_target_name(enum model_target t);

enum model_route_origin {
	ROUTE_ORIGIN_TABLE = 0, /* CreateRouteTable: the local route */
	ROUTE_ORIGIN_STATIC,    /* CreateRoute */
	ROUTE_ORIGIN_PROPAGATED /* EnableVgwRoutePropagation */
};

struct model_route {
	/* exactly one destination: a prefix (v4 or v6) or a prefix list */
	struct model_cidr dst; /* dst.pfx.addr.af == NET_AF_NONE for prefix-list routes */
	const char *dst_pl_id;
	struct model_pl *dst_pl;
	enum model_target target;
	const char *target_id;        /* "local", "igw-...", "nat-...", ... */
	struct model_obj *target_obj; /* resolved, NULL if absent or "local" */
	enum model_route_origin origin;
	bool blackhole; /* State "blackhole" in the snapshot */
	bool synthetic; /* local route added by vpcsim */
};

struct model_rtb {
	struct model_obj obj;
	const char *vpc_id;
	struct model_vpc *vpc;
	struct model_route *routes;
	uint32_t n_routes;
	bool is_main;
	const char **subnet_ids; /* explicit subnet associations */
	struct model_subnet **subnets;
	uint32_t n_subnets;
	const char **edge_ids; /* gateway (edge) associations: igw-/vgw- */
	struct model_obj **edges;
	uint32_t n_edges;
	const char **propagating_vgw_ids;
	struct model_vgw **propagating_vgws;
	uint32_t n_propagating_vgws;
};

enum model_peer_type {
	SG_PEER_CIDR4 = 0,
	SG_PEER_CIDR6,
	SG_PEER_PL,
	SG_PEER_SG,
};

/* One rule per (IpPermission, peer): AWS groups several peers under one
 * permission; the model flattens them. */
struct model_sg_rule {
	bool egress;
	int proto;    /* -1 all, else IANA protocol number */
	int from, to; /* ports, or ICMP type/code; -1 = all/absent */
	enum model_peer_type peer_type;
	struct model_cidr cidr; /* CIDR4 / CIDR6 */
	const char *peer_id;    /* prefix list or group id */
	struct model_pl *pl;
	struct model_sg *sg;
	const char *peer_user_id, *peer_vpc_id, *peer_pcx_id;
	const char *description;
	uint32_t perm_index; /* index of the IpPermission it came from */
};

struct model_sg {
	struct model_obj obj;
	const char *group_name;
	const char *description;
	const char *vpc_id;
	struct model_vpc *vpc;
	struct model_sg_rule *rules; /* ingress then egress */
	uint32_t n_rules;
	uint32_t n_ingress_perms, n_egress_perms; /* IpPermissions as written */
	bool is_default;                          /* GroupName "default" */
};

struct model_nacl_entry {
	int32_t rule_number;
	bool egress;
	bool allow;
	int proto;              /* -1 all, else IANA number */
	struct model_cidr cidr; /* CidrBlock or Ipv6CidrBlock */
	bool has_ports;
	uint16_t port_from, port_to;
	bool has_icmp;
	int icmp_type, icmp_code; /* -1 = all */
};

struct model_nacl {
	struct model_obj obj;
	const char *vpc_id;
	struct model_vpc *vpc;
	bool is_default;
	/* sorted: egress=false first, then by rule_number; as written in the
	 * snapshot otherwise (checks look for duplicates before sorting) */
	struct model_nacl_entry *entries;
	uint32_t n_entries;
	const char **subnet_ids;
	struct model_subnet **subnets;
	uint32_t n_subnets;
};

struct model_eni_ip {
	struct net_addr priv;
	bool primary;
	struct net_addr pub;      /* af NET_AF_NONE when no public IP */
	const char *eip_alloc_id; /* when the public IP is an Elastic IP */
};

struct model_eni {
	struct model_obj obj;
	const char *subnet_id, *vpc_id;
	struct model_subnet *subnet;
	struct model_vpc *vpc;
	const char *az;
	const char *type; /* InterfaceType: "interface", "nat_gateway", "vpc_endpoint", ... */
	const char *status;
	const char *description;
	struct model_eni_ip *ips; /* IPv4; the primary first */
	uint32_t n_ips;
	struct net_addr *ips6;
	uint32_t n_ips6;
	const char **sg_ids;
	struct model_sg **sgs;
	uint32_t n_sgs;
	bool source_dest_check;
	bool requester_managed;
	const char *requester_id; /* RequesterId: the service that made it */
	const char *instance_id;
	struct model_instance *instance;
	int device_index;        /* -1 when not attached */
	struct model_obj *owner; /* NAT gateway, endpoint, load balancer... it serves; resolved */
};

struct model_instance {
	struct model_obj obj;
	const char *state; /* running, stopped, ... */
	const char *subnet_id, *vpc_id;
	struct model_subnet *subnet;
	struct model_vpc *vpc;
	const char *az;
	struct net_addr private_ip, public_ip;
	const char **eni_ids;
	struct model_eni **enis; /* by device index order */
	uint32_t n_enis;
	bool source_dest_check;
	struct model_appliance *appliance; /* resolved: what the snapshot says it does, or NULL */
};

/* An internet gateway or an egress-only internet gateway. */
struct model_igw {
	struct model_obj obj;
	const char **vpc_ids; /* attachments (AWS allows one; the checker says so) */
	struct model_vpc **vpcs;
	uint32_t n_vpcs;
};

struct model_natgw_addr {
	const char *alloc_id, *eni_id;
	struct model_eni *eni;
	struct net_addr priv, pub;
	bool primary;
};

struct model_natgw {
	struct model_obj obj;
	const char *state;
	bool private_nat; /* ConnectivityType "private" */
	const char *subnet_id, *vpc_id;
	struct model_subnet *subnet;
	struct model_vpc *vpc;
	struct model_natgw_addr *addrs;
	uint32_t n_addrs;
};

struct model_eip {
	struct model_obj obj; /* id = AllocationId, or the PublicIp (EC2-Classic) */
	struct net_addr public_ip;
	const char *association_id, *instance_id, *eni_id;
	struct net_addr private_ip;
	const char *domain;
};

struct model_pcx_side {
	const char *vpc_id, *owner, *region;
	struct model_vpc *vpc; /* NULL when that VPC is not in the snapshot */
	struct model_cidr *cidrs;
	uint32_t n_cidrs;
	struct model_cidr *cidrs6;
	uint32_t n_cidrs6;
};

struct model_pcx {
	struct model_obj obj;
	const char *status; /* Status.Code: active, pending-acceptance, ... */
	struct model_pcx_side requester, accepter;
};

enum model_vpce_type {
	VPCE_GATEWAY = 0,
	VPCE_INTERFACE,
	VPCE_GWLB,
};

struct model_vpce {
	struct model_obj obj;
	enum model_vpce_type type;
	const char *service_name;
	const char *state;
	const char *vpc_id;
	struct model_vpc *vpc;
	const char **rtb_ids;
	uint32_t n_rtbs;
	const char **subnet_ids;
	uint32_t n_subnets;
	const char **sg_ids;
	struct model_sg **sgs;
	uint32_t n_sgs;
	const char **eni_ids;
	struct model_eni **enis;
	uint32_t n_enis;
	bool private_dns;
	/* resolved: the endpoint service of the snapshot whose ServiceName
	 * this is (PrivateLink, GWLB), or NULL (an AWS service, or a service
	 * of an account outside the snapshot) */
	struct model_vpce_svc *svc;
};

/* describe-vpc-endpoint-service-configurations: a PrivateLink endpoint
 * service of the provider, in front of Network or Gateway Load Balancers. */
struct model_vpce_svc {
	struct model_obj obj;     /* id = ServiceId ("vpce-svc-..."), name = Name tag */
	const char *service_name; /* "com.amazonaws.vpce.us-east-1.vpce-svc-..." */
	const char *state;        /* ServiceState: Available, Pending, Failed, ... */
	bool gwlb;                /* ServiceType GatewayLoadBalancer (else Interface) */
	bool acceptance_required;
	const char **azs; /* AvailabilityZones */
	uint32_t n_azs;
	const char **lb_arns; /* NetworkLoadBalancerArns, or GatewayLoadBalancerArns */
	struct model_lb **lbs;
	uint32_t n_lbs;
};

struct model_pl {
	struct model_obj obj; /* name = PrefixListName */
	struct model_cidr *cidrs;
	uint32_t n_cidrs;
	uint8_t af;          /* NET_AF_INET / NET_AF_INET6 / NONE if unknown */
	int32_t max_entries; /* -1 unknown */
};

/*
 * How many entries a reference to @p takes up in the resource that holds it
 * (a security group's rule quota): a customer-managed list counts as its
 * MaxEntries, an AWS-managed one (named com.amazonaws.*, which no customer
 * list may be) as its published weight, whatever its MaxEntries or current
 * entries (VPC security-group-rules.html, "Security group size";
 * working-with-aws-managed-prefix-lists.html, "AWS-managed prefix list
 * weight").  1 when neither is known.  @p NULL counts 1.
 */
uint32_t model_pl_weight(const struct model_pl *p);

/*
 * The prefixes a route destination stands for, in VPC and TGW route tables
 * alike: its own CIDR, or every entry of the prefix list it references (a
 * prefix-list route matches as if each entry were a route of its own:
 * VPC managed-prefix-lists.html, "Reference prefix lists in your AWS
 * resources").  An unresolved prefix list stands for nothing.
 */
static inline uint32_t model_dst_n_prefixes(const struct model_cidr *dst, const struct model_pl *pl)
{
	if (dst->pfx.addr.af != NET_AF_NONE)
		return 1;
	return pl ? pl->n_cidrs : 0;
}

/* The @i-th of them (i < model_dst_n_prefixes()). */
static inline const struct net_prefix *model_dst_prefix(const struct model_cidr *dst,
							const struct model_pl *pl, uint32_t i)
{
	return dst->pfx.addr.af != NET_AF_NONE ? &dst->pfx : &pl->cidrs[i].pfx;
}

/* ---- Transit Gateway ---- */

struct model_tgw {
	struct model_obj obj;
	const char *state;
	uint32_t asn; /* Options.AmazonSideAsn, default 64512 */
	bool default_assoc, default_prop;
	const char *assoc_rtb_id, *prop_rtb_id;
	struct model_tgw_rtb *assoc_rtb, *prop_rtb;
	bool vpn_ecmp;
	bool dns_support;
	/* Options.SecurityGroupReferencingSupport, default disable
	 * (tgw-vpc-attachments.html, "Security group referencing") */
	bool sg_ref;
};

/* The ResourceType values of DescribeTransitGatewayAttachments. */
#define MODEL_TGW_ATT_TYPES(X)                    \
	X(TGW_ATT_VPC, "vpc")                     \
	X(TGW_ATT_VPN, "vpn")                     \
	X(TGW_ATT_DXGW, "direct-connect-gateway") \
	X(TGW_ATT_CONNECT, "connect")             \
	X(TGW_ATT_PEERING, "peering")             \
	X(TGW_ATT_OTHER, "other")

enum model_tgw_att_type {
	MODEL_TGW_ATT_TYPES(VS_NAMES_ENUM)
};

const char *model_tgw_att_type_name(enum model_tgw_att_type t);

struct model_tgw_att {
	struct model_obj obj;
	const char *tgw_id;
	struct model_tgw *tgw;
	enum model_tgw_att_type type;
	const char *resource_id; /* vpc-, vpn-, dxgw id, peer tgw-... */
	struct model_obj *resource;
	const char *resource_owner;
	const char *state;
	const char *assoc_rtb_id; /* Association.TransitGatewayRouteTableId */
	struct model_tgw_rtb *assoc_rtb;
	/* VPC attachments */
	const char **subnet_ids;
	struct model_subnet **subnets;
	uint32_t n_subnets;
	bool appliance_mode;
	bool ipv6_support;
	bool sg_ref; /* Options.SecurityGroupReferencingSupport (the API's default: enable) */
	/* peering attachments */
	const char *peer_tgw_id, *peer_region, *peer_account;
};

struct model_tgw_route {
	struct model_cidr dst; /* af NONE for prefix-list references */
	const char *dst_pl_id;
	struct model_pl *dst_pl;
	const char **att_ids; /* several only for ECMP */
	struct model_tgw_att **atts;
	uint32_t n_atts;
	bool blackhole;
	bool propagated; /* Type "propagated" as written in the snapshot */
};

struct model_tgw_rtb {
	struct model_obj obj;
	const char *tgw_id;
	struct model_tgw *tgw;
	const char *state;
	bool default_assoc, default_prop;
	/* attachments propagating into this table */
	const char **prop_att_ids;
	struct model_tgw_att **prop_atts;
	uint32_t n_prop_atts;
	/* static and blackhole routes */
	struct model_tgw_route *routes;
	uint32_t n_routes;
	/* attachments associated with this table (derived) */
	struct model_tgw_att **assoc_atts;
	uint32_t n_assoc_atts;
};

/* ---- VPN and Direct Connect ---- */

struct model_vgw {
	struct model_obj obj;
	const char *state;
	uint32_t asn;         /* AmazonSideAsn, default 64512 */
	const char **vpc_ids; /* attached (state "attached"/"attaching") */
	struct model_vpc **vpcs;
	uint32_t n_vpcs;
	const char *az;
};

struct model_cgw {
	struct model_obj obj;
	const char *state;
	uint32_t asn; /* BgpAsn (a string in AWS's output) */
	struct net_addr ip;
	const char *type;
	const char *device_name;
};

struct model_vpn_tunnel {
	struct net_addr outside_ip;
	struct model_cidr inside_cidr;
	bool up;       /* VgwTelemetry Status "UP" */
	bool reported; /* VgwTelemetry names this tunnel (else its state is unknown) */
	uint32_t accepted_routes;
};

struct model_vpn_route {
	struct model_cidr dst;
	const char *state;
};

struct model_vpn {
	struct model_obj obj;
	const char *state;
	const char *cgw_id, *vgw_id, *tgw_id;
	struct model_cgw *cgw;
	struct model_vgw *vgw;
	struct model_tgw *tgw;
	struct model_tgw_att *tgw_att; /* resolved through TransitGatewayAttachments */
	bool static_only;
	bool inside_v6; /* Options.TunnelInsideIpVersion "ipv6": the tunnels carry IPv6 */
	struct model_vpn_route *routes;
	uint32_t n_routes;
	struct model_vpn_tunnel *tunnels;
	uint32_t n_tunnels;
};

struct model_dxgw_assoc {
	const char *gateway_id;   /* vgw-... or tgw-... */
	const char *gateway_type; /* virtualPrivateGateway / transitGateway */
	struct model_obj *gateway;
	const char *state;
	struct model_cidr *allowed;
	uint32_t n_allowed;
};

struct model_dxgw {
	struct model_obj obj;
	const char *state;
	uint32_t asn;
	struct model_dxgw_assoc *assocs;
	uint32_t n_assocs;
};

struct model_bgp_peer {
	const char *id;
	uint32_t asn;
	const char *af;    /* ipv4 / ipv6 */
	const char *state; /* bgpPeerState */
	bool up;           /* bgpStatus "up" */
	const char *amazon_addr, *customer_addr;
	const char *auth_key; /* authKey, or NULL */
};

enum model_vif_type {
	VIF_PRIVATE = 0,
	VIF_PUBLIC,
	VIF_TRANSIT,
};

struct model_vif {
	struct model_obj obj;
	enum model_vif_type type;
	const char *state;
	uint32_t vlan;
	uint32_t asn; /* customer side */
	uint32_t amazon_asn;
	const char *auth_key; /* authKey: the BGP session's TCP MD5 key (RFC 2385), or NULL */
	uint32_t mtu;         /* 1500 when absent */
	const char *connection_id;
	const char *vgw_id, *dxgw_id;
	struct model_vgw *vgw;
	struct model_dxgw *dxgw;
	const char *amazon_addr, *customer_addr;
	const char *af; /* addressFamily: "ipv4" or "ipv6" (its BGP peer's), or NULL */
	struct model_bgp_peer *peers;
	uint32_t n_peers;
	struct model_cidr *route_filters; /* public VIF prefixes */
	uint32_t n_route_filters;
	bool sitelink;
};

/* ---- Load balancing ---- */

struct model_lb_az {
	const char *zone, *subnet_id;
	struct model_subnet *subnet;
	struct net_addr *addrs;
	uint32_t n_addrs;
};

/* A query-string pair of a rule condition; key may be NULL. */
struct model_lb_kv {
	const char *key, *value;
};

/* One condition of a listener rule (describe-rules Conditions[]): its
 * Field and values, from the *Config object when present, else the legacy
 * Values. */
struct model_lb_cond {
	const char *field;       /* host-header, path-pattern, http-header, http-request-method,
			    * query-string, source-ip */
	const char *header_name; /* http-header */
	const char **values;
	uint32_t n_values;
	const char **regexes; /* RegexValues (host, path, header) */
	uint32_t n_regexes;
	struct model_lb_kv *pairs; /* query-string */
	uint32_t n_pairs;
	struct model_cidr *cidrs; /* source-ip */
	uint32_t n_cidrs;
};

/* A target group of a forward action, with its weight (ForwardConfig). */
struct model_lb_fwd {
	const char *tg_arn;
	struct model_tg *tg; /* resolved; NULL when not in the snapshot */
	uint32_t weight;     /* 1 when not given */
};

struct model_lb_action {
	const char *type;         /* forward, redirect, fixed-response, authenticate-oidc, ... */
	int32_t order;            /* Order, -1 when absent */
	struct model_lb_fwd *tgs; /* forward */
	uint32_t n_tgs;
	const char *status_code; /* redirect (HTTP_301/302) or fixed-response ("503") */
	const char *redirect_host, *redirect_path; /* as configured ("#{host}" kept) */
};

struct model_lb_rule {
	const char *arn;
	uint32_t priority; /* 1..50000; UINT32_MAX for the default rule */
	bool is_default;
	struct model_lb_cond *conds;
	uint32_t n_conds;
	struct model_lb_action *actions;
	uint32_t n_actions;
};

struct model_lb_listener {
	const char *arn;
	uint32_t port;
	const char *protocol;
	const char **tg_arns; /* default forward actions */
	uint32_t n_tgs;
	struct model_lb_rule *rules; /* describe-rules, by priority, the default last */
	uint32_t n_rules;
	/* DefaultActions as written (weights, redirect, fixed-response): the
	 * default rule when describe-rules gave none */
	struct model_lb_action *default_actions;
	uint32_t n_default_actions;
};

struct model_lb {
	struct model_obj obj; /* id = ARN, name = LoadBalancerName */
	const char *type;     /* application / network / gateway */
	const char *scheme;
	const char *state;
	const char *dns_name;
	const char *vpc_id;
	struct model_vpc *vpc;
	struct model_lb_az *azs;
	uint32_t n_azs;
	const char **sg_ids;
	struct model_sg **sgs;
	uint32_t n_sgs;
	struct model_lb_listener *listeners;
	uint32_t n_listeners;
	struct model_tag *attrs; /* LoadBalancerAttributes key/value */
	uint32_t n_attrs;
	struct model_eni **enis; /* its nodes' network interfaces (owner = this LB) */
	uint32_t n_enis;
	/* EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic "off": the
	 * security groups do not filter traffic arriving through PrivateLink */
	bool pl_sg_off;
};

struct model_tg_target {
	const char *id;
	uint32_t port;
	const char *az;
	const char *health; /* healthy, unhealthy, ... or NULL */
};

struct model_tg {
	struct model_obj obj; /* id = ARN, name = TargetGroupName */
	const char *protocol;
	uint32_t port;
	const char *target_type;
	const char *vpc_id;
	struct model_vpc *vpc;
	const char **lb_arns;
	uint32_t n_lbs;
	struct model_tg_target *targets;
	uint32_t n_targets;
	/* IpAddressType: "ipv4" (also when absent) or "ipv6", the family the
	 * load balancer reaches its instance targets in */
	const char *ip_address_type;
	struct model_tag *attrs; /* TargetGroupAttributes key/value */
	uint32_t n_attrs;
};

/* ---- DNS ---- */

/* One ResourceRecordSet (list-resource-record-sets), fields as Route 53
 * prints them; the DNS layer (vpcsim/dns.h) interprets them. */
struct model_rrset {
	const char *name; /* "www.example.com.", escapes in Route 53's octal form */
	const char *type; /* "A", "CNAME", ... (the loader checked it is a known type) */
	uint32_t ttl;
	const char **values; /* ResourceRecords[].Value */
	uint32_t n_values;
	bool alias; /* AliasTarget given */
	const char *alias_zone_id, *alias_dns_name;
	bool alias_evaluate_health;
	const char *set_identifier;
	bool has_weight;
	uint32_t weight;
	const char *failover; /* "PRIMARY", "SECONDARY" or NULL */
	const char *region;   /* latency records */
	bool has_geo;
	const char *geo_continent, *geo_country, *geo_subdivision;
	bool multivalue;
	const char *cidr_collection, *cidr_location; /* CidrRoutingConfig (IP-based routing) */
	bool has_geoprox;                            /* GeoProximityLocation */
	const char *geoprox_region; /* its AWSRegion (or LocalZoneGroup), NULL: coordinates */
	int32_t geoprox_bias;       /* Bias, -99..99 */
	const char *health_check_id;
	const char *file; /* the snapshot file it came from */
};

struct model_zone_vpc {
	const char *vpc_id, *region;
	bool ignored; /* a second private zone of this name in that VPC (a load finding) */
};

struct model_zone {
	struct model_obj obj; /* id = Id without "/hostedzone/", name = Name */
	bool private_zone;
	uint32_t record_count;
	struct model_zone_vpc *vpcs; /* private zones: the associated VPCs */
	uint32_t n_vpcs;
	struct model_rrset *rrsets; /* from every record-set file naming the zone */
	uint32_t n_rrsets;
	bool invalid; /* holds record sets Route 53 would refuse (a load finding) */
};

/* The wrapper CidrBlocks[] ([{"CollectionId", "CidrBlocks": [{"CidrBlock",
 * "LocationName"}]}]: route53 list-cidr-blocks of each collection), the
 * CIDR collections IP-based routing matches clients against. */
struct model_cidr_block {
	struct model_cidr cidr;
	const char *location; /* LocationName */
};
struct model_cidr_blocks {
	struct model_obj obj; /* id = CollectionId */
	struct model_cidr_block *blocks;
	uint32_t n_blocks;
};

/* A health check's last observed status (HealthCheckObservations wrapper). */
struct model_health_check {
	struct model_obj obj; /* id = HealthCheckId */
	bool healthy;
	const char *status; /* as given: "Success", "Failure: ..." */
};

enum model_rslvr_rule_type {
	RSLVR_RULE_FORWARD = 0,
	RSLVR_RULE_SYSTEM,
	RSLVR_RULE_RECURSIVE,
};

/* ResolverRules[] (route53resolver list-resolver-rules). */
struct model_rslvr_rule {
	struct model_obj obj; /* id = Id ("rslvr-rr-..."), name = Name */
	const char *domain;   /* DomainName */
	enum model_rslvr_rule_type type;
	const char **targets; /* TargetIps: "ip", or "ip:port" when Port is not 53 */
	uint32_t n_targets;
	const char *endpoint_id; /* ResolverEndpointId */
	const char *status;
	bool invalid; /* DomainName is not a domain name (a load finding) */
};

/* An address of a Resolver endpoint (list-resolver-endpoint-ip-addresses). */
struct model_rslvr_ep_ip {
	const char *subnet_id;
	struct net_addr ip;
	struct model_eni *eni; /* resolved: the interface holding the address */
};

/* ResolverEndpoints[] (list-resolver-endpoints), with its addresses from
 * the wrapper "ResolverEndpointIpAddresses": [{"ResolverEndpointId",
 * "IpAddresses": [...]}]. */
struct model_rslvr_ep {
	struct model_obj obj; /* id = Id ("rslvr-out-...", "rslvr-in-..."), name = Name */
	bool outbound;        /* Direction OUTBOUND (else INBOUND) */
	const char *vpc_id;   /* HostVPCId */
	const char *status;
	const char **sg_ids;
	uint32_t n_sgs;
	struct model_rslvr_ep_ip *ips;
	uint32_t n_ips;
};

/* ResolverRuleAssociations[] (list-resolver-rule-associations). */
struct model_rslvr_assoc {
	struct model_obj obj; /* id = Id ("rslvr-rrassoc-...") */
	const char *rule_id, *vpc_id;
	const char *status;
	bool ignored; /* the VPC already has a rule of this domain (a load finding) */
};

/* ---- Route 53 Resolver DNS Firewall ----
 *
 * FirewallRuleGroups[] (list-firewall-rule-groups); FirewallRules[]
 * (list-firewall-rules items, or the wrapper [{"FirewallRuleGroupId",
 * "FirewallRules": [...]}]); FirewallRuleGroupAssociations[]
 * (list-firewall-rule-group-associations); FirewallDomainLists[]
 * (list-firewall-domain-lists, optionally each with "Domains") and the
 * wrapper FirewallDomains[] ([{"FirewallDomainListId", "Domains": [...]}],
 * list-firewall-domains), kind MODEL_FW_DOMAINS under the list's id. */
struct model_fw_group {
	struct model_obj obj; /* id = Id ("rslvr-frg-..."), name = Name */
};

enum model_fw_action {
	FW_ACTION_ALLOW = 0,
	FW_ACTION_BLOCK,
	FW_ACTION_ALERT
};
enum model_fw_block {
	FW_BLOCK_NODATA = 0,
	FW_BLOCK_NXDOMAIN,
	FW_BLOCK_OVERRIDE
};

struct model_fw_rule {
	struct model_obj obj; /* id = "GROUP/PRIORITY" (rules have none), name = Name */
	const char *group_id; /* FirewallRuleGroupId */
	const char *list_id;  /* FirewallDomainListId */
	int64_t priority;
	enum model_fw_action action;
	enum model_fw_block block;   /* BlockResponse (BLOCK) */
	const char *override_domain; /* BlockOverrideDomain (OVERRIDE) */
	uint32_t override_ttl;       /* BlockOverrideTtl */
	bool trust_redirection;      /* FirewallDomainRedirectionAction TRUST_REDIRECTION_DOMAIN */
	const char *qtype;           /* Qtype, NULL: every type */
};

struct model_fw_assoc {
	struct model_obj obj; /* id = Id ("rslvr-frgassoc-...") */
	const char *group_id, *vpc_id;
	int64_t priority;
	const char *status;
};

struct model_fw_list {
	struct model_obj obj; /* id = Id ("rslvr-fdl-..."), name = Name */
	const char **domains;
	uint32_t n_domains;
};

/* ---- vpcsim's own: on-premises sites and outside hosts ---- */

struct model_site_adv {
	struct model_cidr prefix;
	const char *via_id; /* dxvif-... or vpn-... */
	struct model_obj *via;
	uint32_t *communities; /* (high << 16) | low */
	uint32_t n_communities;
	uint32_t as_path_prepend;
	bool has_med;
	uint32_t med;
	/* A path learned live (vpcsim bgp): the AS_PATH as the peer sent it,
	 * used instead of BgpAsn repeated 1 + AsPathPrepend times; NULL for
	 * what the snapshot describes. */
	const uint32_t *as_path;
	uint32_t as_path_len;
	/* learned live: the AS_PATH as sent (its AS_SETs too) holds AWS's ASN
	 * on the link, a loop the route engine does not use */
	bool as_loop;
};

struct model_site_host {
	const char *id;
	struct net_addr ip;
};

struct model_site {
	struct model_obj obj; /* id = SiteId */
	struct model_cidr *cidrs;
	uint32_t n_cidrs;
	uint32_t asn;
	struct model_site_adv *adv;
	uint32_t n_adv;
	struct model_site_host *hosts;
	uint32_t n_hosts;
};

/* describe-dhcp-options: what the VPC's hosts are told at boot. */
struct model_dhcp {
	struct model_obj obj;     /* id = DhcpOptionsId */
	const char **dns_servers; /* domain-name-servers: "AmazonProvidedDNS" or addresses */
	uint32_t n_dns_servers;
	const char *domain_name;
};

/* ---- AWS-managed network interfaces ----
 *
 * A resource an AWS service runs in the customer's VPC through
 * requester-managed network interfaces (RequesterManaged, RequesterId)
 * that describe-network-interfaces lists but that name the resource only
 * in their description, if at all:
 *  - RDS instance (describe-db-instances, DBInstances): one
 *    "RDSNetworkInterface" of its subnet group and zone with its groups;
 *  - OpenSearch domain (describe-domains, DomainStatusList): one "ES
 *    DOMAIN" interface per node in its VPCOptions subnets;
 *  - ElastiCache cluster (describe-cache-clusters, CacheClusters): one
 *    "ElastiCache CLUSTER-ID" interface per node in the subnets of its
 *    CacheSubnetGroups entry; a replication group (ReplicationGroups)
 *    answers at its primary's interfaces, its reader endpoint at the
 *    replicas';
 *  - Lambda function (list-functions, Functions): the Hyperplane
 *    interfaces (InterfaceType "lambda") of its VpcConfig subnets with
 *    exactly its groups, shared by every function with that subnet and
 *    groups, so none is the function's own; a function only sends;
 *  - EFS mount target (describe-mount-targets, MountTargets): the
 *    interface it names.
 * The rule is one (resolve_vpc.c): an interface fits when it matches every
 * criterion the resource gives (id, description, type, subnets, zone, the
 * same set of groups).  A resource with one interface per node (multi)
 * owns every fit; any other owns its fit when exactly one fits, and is
 * ambiguous when several do. */
enum model_name_role {
	MANAGED_NAME_ALL = 0, /* answers at every interface of the resource */
	MANAGED_NAME_READER,  /* a replication group's reader endpoint: the replicas */
};

struct model_managed_name {
	const char *name; /* an endpoint address (DNS name), as written */
	uint32_t port;
	enum model_name_role role;
};

struct model_managed {
	struct model_obj obj; /* id = DBInstanceIdentifier, DomainName, CacheClusterId,
				 ReplicationGroupId, FunctionName, MountTargetId */
	const char *service;  /* "RDS instance", "OpenSearch domain", ... for messages */
	const char *arn;
	const char *engine; /* Engine, EngineVersion, Runtime */
	const char *status;
	struct model_managed_name *names;
	uint32_t n_names;
	bool names_in_vpc;  /* the names resolve only inside the VPC (EFS) */
	bool public_access; /* RDS PubliclyAccessible */
	const char *vpc_id;
	const char *az;          /* the zone its interface must be in, or NULL */
	const char **subnet_ids; /* its interfaces are in these subnets (NULL: any) */
	uint32_t n_subnets;
	const char *subnet_group; /* CacheSubnetGroupName: the subnets come from there */
	const char **sg_ids;      /* exactly these groups (NULL with n_sgs 0: not checked) */
	uint32_t n_sgs;
	bool sgs_given;          /* the resource lists its groups (else not checked) */
	const char *eni_id;      /* the interface it names (EFS), or NULL */
	const char *eni_desc;    /* the description its interfaces carry, or NULL */
	const char *eni_type;    /* their InterfaceType, or NULL */
	const char *fs_id;       /* EFS: FileSystemId */
	const char **member_ids; /* replication group: MemberClusters */
	uint32_t n_members;
	const char *primary_id; /* replication group: the primary member (one node group) */
	bool multi;             /* one interface per node: every fit is its own */
	bool shared;            /* its interfaces serve others too (Lambda): owner not set */
	bool source_only;       /* it opens connections, never accepts them (Lambda) */
	bool no_vpc;            /* described outside any VPC (no VpcConfig / VPCOptions) */
	/* resolved: the interfaces that fit; for a replication group its
	 * primary's, and its replicas' in reader_enis */
	struct model_eni **enis;
	uint32_t n_enis;
	struct model_eni **reader_enis;
	uint32_t n_reader_enis;
};

/* Is @k one of the kinds of struct model_managed? */
bool model_kind_managed(enum model_kind k);

/* describe-cache-subnet-groups (CacheSubnetGroups). */
struct model_cache_subnet_group {
	struct model_obj obj; /* id = CacheSubnetGroupName */
	const char *vpc_id;
	const char **subnet_ids;
	uint32_t n_subnets;
};

/* describe-vpc-endpoint-services (ServiceDetails): a service a VPC can
 * reach through an endpoint, AWS's own or a provider's.  Its ports are not
 * given; the service name ties it to the interface endpoints of it. */
struct model_svc_detail {
	struct model_obj obj; /* id = ServiceName */
	const char *service_id;
	const char *type; /* ServiceType[0].ServiceType: Interface, Gateway, GatewayLoadBalancer */
	const char *owner;
	const char *private_dns; /* PrivateDnsName, or NULL */
	const char **base_dns;   /* BaseEndpointDnsNames */
	uint32_t n_base_dns;
	const char **azs;
	uint32_t n_azs;
	bool acceptance_required;
};

/* ---- appliances (vpcsim's own key "Appliances") ----
 *
 * What the software of an appliance instance (a firewall, a router, a NAT
 * instance) does, which no describe output shows: which interface forwards
 * which prefixes, the source NAT of an interface, the flows it allows or
 * drops (first matching rule; none: allowed), the ports it answers on
 * itself. */
struct model_app_route {
	struct model_cidr dst;
	const char *eni_id;
	struct model_eni *eni;
};

struct model_app_rule {
	bool allow;
	int proto;      /* IANA number, -1 = any */
	bool has_ports; /* TCP/UDP destination ports from..to */
	uint32_t from, to;
	struct model_cidr src; /* pfx.addr.af NET_AF_NONE: any */
	struct model_cidr dst;
};

struct model_app_listen {
	int proto; /* -1 = any */
	uint32_t port;
};

struct model_appliance {
	struct model_obj obj; /* id = "appliance/" + InstanceId */
	const char *instance_id;
	struct model_instance *instance;
	struct model_app_route *routes;
	uint32_t n_routes;
	const char *snat_eni_id; /* SourceNat.NetworkInterfaceId, or NULL */
	struct model_eni *snat_eni;
	struct net_addr snat_addr; /* SourceNat.Address; af NONE: the interface's own */
	struct model_app_rule *rules;
	uint32_t n_rules;
	struct model_app_listen *listens;
	uint32_t n_listens;
};

/* ---- the whole model ---- */

struct model_index; /* private: id and address indexes */

struct model {
	/* per kind: struct model_vpc *vpcs; uint32_t n_vpcs; ... (MODEL_KINDS) */
#define MODEL_KIND_ARRAY(kind, name, arr, type) \
	type *arr;                              \
	uint32_t n_##arr;
	MODEL_KINDS(MODEL_KIND_ARRAY)
#undef MODEL_KIND_ARRAY

	const char **regions; /* distinct, sorted */
	uint32_t n_regions;
	const char **accounts; /* distinct, sorted */
	uint32_t n_accounts;

	struct arena *arena;       /* owns every string and sub-array */
	struct model_index *index; /* built by model_index_build() */
};

void model_free(struct model *m); /* NULL is a no-op; frees m too */

/* Build the id and address indexes; the loader calls it last.  0 or VS_ENOMEM. */
int model_index_build(struct model *m);

/* By id (or ARN, or SiteId); NULL if none. O(1).  When entities of
 * several kinds share the id, the one of the lowest kind. */
const struct model_obj *model_find(const struct model *m, const char *id);
/* The entity of kind @k with this id, or NULL, even when another kind
 * holds the same id too.  O(1). */
const struct model_obj *model_find_kind(const struct model *m, enum model_kind k, const char *id);

/* The ENI holding @a as a private IPv4/IPv6 address, or NULL.  O(1). */
const struct model_eni *model_eni_by_private_ip(const struct model *m, const struct net_addr *a);
/* The ENI of VPC @v holding @a as a private address, or NULL (@v NULL: as
 * model_eni_by_private_ip).  O(1).  VPCs that are not connected may share
 * CIDRs, so an address names one ENI only within a VPC; the global lookup
 * above returns the first ENI of the snapshot that holds it. */
const struct model_eni *model_eni_by_private_ip_in(const struct model *m, const struct model_vpc *v,
						   const struct net_addr *a);
/* The ENI whose public IPv4 (auto-assigned or Elastic IP) is @a, or NULL. */
const struct model_eni *model_eni_by_public_ip(const struct model *m, const struct net_addr *a);

/* AWS reserves the first MODEL_SUBNET_RESERVED_FIRST addresses and the last
 * one of every subnet CIDR, IPv4 and IPv6 alike (subnet-sizing.html,
 * "Subnet sizing for IPv4" and "Subnet sizing for IPv6": they "cannot be
 * assigned to an EC2 instance"). */
#define MODEL_SUBNET_RESERVED_FIRST 4
/* Whether @a is one of the five addresses AWS reserves in subnet CIDR @p
 * (of @a's family; false for another family or an address outside @p). */
bool model_subnet_addr_reserved(const struct net_prefix *p, const struct net_addr *a);

/* Number of entities of kind @k. */
uint32_t model_count(const struct model *m, enum model_kind k);
/* The size of one entity of kind @k in its array (the step from model_get()
 * of i to i + 1); 0 for a kind out of range. */
size_t model_kind_size(enum model_kind k);
/* The i-th entity of kind @k (i < model_count()). */
const struct model_obj *model_get(const struct model *m, enum model_kind k, uint32_t i);
/* Whether @p points at one of @m's entities of kind @k (into that kind's
 * array, not at a copy); then *@i, when @i is not NULL, is its index, for the
 * tables other modules keep parallel to the model's arrays.  False for
 * NULL, an entity of another kind, or another model's. */
bool model_index_of(const struct model *m, enum model_kind k, const void *p, uint32_t *i);
/* The network interface instance @i sends from and is reached at: its
 * primary one (device index 0), else its first, else (with @m) the one
 * holding its private address; NULL when none. */
const struct model_eni *model_instance_eni(const struct model *m, const struct model_instance *i);

#endif
