/*
 * DOC: the path engine as a graph of components
 *
 * Each AWS component type is one handler (the shape of a Click element or
 * a VPP graph node): it takes the packet and the path state, records the
 * hops and explanations of the component (trace_hop.c), and gives the
 * next component -- or an end.  Handlers never call each other or the
 * driver; trace_walk.c holds the table of handlers indexed by kind and the
 * one loop that runs them, forward and back, with the step limit and the
 * loop detection.
 *
 *   node_vpc.c     ENI, subnet boundary (its network ACL), route table, VPC
 *   node_gw.c      internet gateway, egress-only IGW, NAT gateway, VPC
 *                  endpoint, peering connection, the internet, a component
 *                  vpcsim does not follow
 *   node_svc.c     AWS services (behind a gateway endpoint; DNS, metadata,
 *                  Time Sync and DHCP on the instance's host)
 *   node_tgw.c     transit gateway, its attachments and route tables
 *   node_hybrid.c  VGW, VPN connection, VIF, Direct Connect gateway, site
 *   node_lb.c      a load balancer node: listener, rules, target group,
 *                  target, the connection to it and the reply back;
 *                  PrivateLink from an interface endpoint to its service's NLB;
 *                  a Gateway Load Balancer endpoint, its GWLB and appliance
 *   node_appliance.c  an appliance instance the snapshot describes
 *                  (Appliances): its rules, routes, source NAT
 *
 * A component is entered on a port (Click's input port): the same internet
 * gateway translates one way going out and the other coming in.  What a
 * handler needs besides the component itself -- the subnet the packet comes
 * from, the VPC it is in -- travels in the next's @from.
 */
#ifndef VPCSIM_TRACE_TRACE_NODE_H
#define VPCSIM_TRACE_TRACE_NODE_H

#include <stdarg.h>

#include "trace/trace_int.h"

enum tr_kind {
	TR_K_END = 0,     /* the walk is over: port is an enum tr_stop */
	TR_K_ENI,         /* struct model_eni */
	TR_K_SUBNET,      /* struct model_subnet (NULL: the sender is in none) */
	TR_K_RTB,         /* SUBNET: the subnet; GATEWAY: the route table */
	TR_K_VPC,         /* struct model_vpc (LOCAL: may be NULL) */
	TR_K_IGW,         /* struct model_igw */
	TR_K_EIGW,        /* struct model_igw */
	TR_K_NATGW,       /* struct model_natgw */
	TR_K_VPCE,        /* struct model_vpce */
	TR_K_PCX,         /* struct model_pcx */
	TR_K_INTERNET,    /* none */
	TR_K_SERVICE,     /* IN, SEND: struct model_vpce; HOST, HOST_REPLY: struct trace_svc */
	TR_K_UNSUPPORTED, /* struct model_route: leads somewhere vpcsim does not follow */
	TR_K_TGW,         /* struct model_tgw */
	TR_K_TGW_ATT,     /* struct model_tgw_att */
	TR_K_TGW_RTB,     /* struct model_tgw_att: the table associated with it */
	TR_K_VGW,         /* struct model_vgw */
	TR_K_VPN,         /* struct model_vpn */
	TR_K_VIF,         /* struct model_vif */
	TR_K_DXGW,        /* struct model_dxgw */
	TR_K_SITE,        /* SEND: struct model_site (NULL: in no site); IN, ORIGIN: none */
	TR_K_LB,          /* ADDRESSED, SEND, PRIVATELINK: struct model_lb; from = its node's
			   * network interface */
	TR_K_PRIVATELINK, /* IN: struct model_vpce (an interface endpoint of an endpoint service
			   * of the snapshot); from = the endpoint's network interface */
	TR_K_GWLB,        /* ROUTED: struct model_vpce (a Gateway Load Balancer endpoint) */
	TR_K_APPLIANCE, /* TRANSIT, IN: struct model_appliance; from = the interface it came in by */
	TR_K_COUNT,
};

/* Which way a component is entered; @from of the next, where one is used. */
enum tr_port {
	TR_P_NONE = 0,
	TR_P_SEND,        /* a host sends: ENI, site, internet host; a service answers */
	TR_P_ARRIVE,      /* ENI: routed or addressed to it; from = subnet (NULL: outside) */
	TR_P_TRANSIT,     /* ENI: a middlebox, addressed elsewhere */
	TR_P_ROUTED,      /* a route target: from = the subnet whose route table chose it
			  * (VPCE: NULL from a gateway route table) */
	TR_P_OUT,         /* SUBNET: leaving it; TGW_ATT: leaving the TGW; from = the
			  * subnet the packet entered the TGW at (NULL: none) */
	TR_P_IN,          /* entering from the outside: IGW, EIGW (from = the VPC), VPCE,
			  * SITE; TGW_RTB: from = as for TGW_ATT's OUT */
	TR_P_SUBNET,      /* RTB: the subnet's route table */
	TR_P_GATEWAY,     /* RTB: a gateway route table; from = the VPC */
	TR_P_LOCAL,       /* VPC: addressed inside it; from = subnet (NULL: outside) */
	TR_P_EDGE,        /* VPC: arriving from the internet */
	TR_P_ADDRESSED,   /* NATGW: addressed to one of its addresses (its ENI) */
	TR_P_HOST,        /* SERVICE: on the host; from = the ENI */
	TR_P_HOST_REPLY,  /* SERVICE: its answer; from = the ENI */
	TR_P_FROM_VPC,    /* TGW_ATT: from its VPC; from = the sender's subnet */
	TR_P_FROM_VPN,    /* TGW_ATT: from a VPN connection */
	TR_P_FROM_DX,     /* TGW_ATT: from a Direct Connect gateway */
	TR_P_TO_SITE,     /* VPN, VIF, DXGW: towards a site; VPN: from = the TGW attachment */
	TR_P_FROM_SITE,   /* VPN, VIF, DXGW: from a site; DXGW: from = the VIF */
	TR_P_ORIGIN,      /* SITE: a host outside the snapshot sends (a site or the internet) */
	TR_P_PRIVATELINK, /* LB: arriving from an interface endpoint through PrivateLink */
	TR_P_COUNT,
};

/* How a walk ended. */
enum tr_stop {
	TR_STOP_DELIVERED = 1, /* at the destination: the path arrived */
	TR_STOP_DROPPED,       /* a component drops the packet */
	TR_STOP_HALTED,        /* not followed further (unknown, unsupported, loop) */
};

/* A handler: the packet @p (changed in place by translations) at the
 * component in @n, which it overwrites with the next component (VPP's
 * next index), so the driver copies nothing between steps; it returns @n,
 * which lets it end in "return tr_put(n, ...)".  struct tr_next is
 * trace_int.h's (the path state keeps one). */
typedef struct tr_next *(*tr_node_fn)(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);

/* A component as a value (where a walk starts). */
static inline struct tr_next tr_go(enum tr_kind k, enum tr_port port, const void *obj,
				   const void *from)
{
	struct tr_next n = {(uint8_t)k, (uint8_t)port, obj, from};
	return n;
}

/* The packet goes on to component @obj of kind @k, entered on @port. */
static inline struct tr_next *tr_put(struct tr_next *n, enum tr_kind k, enum tr_port port,
				     const void *obj, const void *from)
{
	n->kind = (uint8_t)k;
	n->port = (uint8_t)port;
	n->obj = obj;
	n->from = from;
	return n;
}

/* The walk ends here. */
static inline struct tr_next *tr_stop(struct tr_next *n, enum tr_stop why)
{
	return tr_put(n, TR_K_END, (enum tr_port)why, NULL, NULL);
}

/* Hop @h drops the packet (trace_hop_drop()): the walk ends. */
static inline struct tr_next *tr_drop(struct tr_run *t, struct tr_next *n, struct trace_hop *h,
				      const char *code, enum trace_dir dir, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static inline struct tr_next *tr_drop(struct tr_run *t, struct tr_next *n, struct trace_hop *h,
				      const char *code, enum trace_dir dir, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	trace_hop_vdrop(t, h, code, dir, fmt, ap);
	va_end(ap);
	return tr_stop(n, TR_STOP_DROPPED);
}

/* Hop @h is as far as the trace follows the packet (an unknown or
 * unsupported component): it is "reached", explanation @code names it, the
 * walk ends. */
static inline struct tr_next *tr_reached(struct tr_run *t, struct tr_next *n, struct trace_hop *h,
					 const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static inline struct tr_next *tr_reached(struct tr_run *t, struct tr_next *n, struct trace_hop *h,
					 const char *code, const char *fmt, ...)
{
	h->action = "reached";
	va_list ap;
	va_start(ap, fmt);
	trace_expl_vadd(t, code, h->comp, TRACE_DIR_NONE, fmt, ap);
	va_end(ap);
	return tr_stop(n, TR_STOP_HALTED);
}

/* The packet is at its destination: the path arrived.  On the forward
 * path, the reply will start at @reply with the packet as it is now. */
static inline struct tr_next *tr_delivered(struct tr_run *t, struct tr_next *n,
					   struct tr_next reply, const struct acl_pkt *p)
{
	if (!t->reply) {
		t->st->reply_at = reply;
		t->st->end_pkt = *p;
	}
	return tr_stop(n, TR_STOP_DELIVERED);
}

/* Amazon DNS, instance metadata, Time Sync, DHCP: the service on the host
 * of ENI @src that @p is addressed to, or NULL (node_svc.c).  The walk
 * starts there instead of at the ENI: neither security groups nor network
 * ACLs apply. */
struct trace_svc;
const struct trace_svc *trace_svc_of(const struct model_eni *src, const struct acl_pkt *p);

/* The handlers (the table is trace_walk.c's). */
struct tr_next *trace_node_eni(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_subnet(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_rtb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_vpc(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_igw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_eigw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_natgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_vpce(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_pcx(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_internet(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_unsupported(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_lb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_privatelink(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_gwlb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_appliance(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
/* Whether appliance @ap answers @p addressed to itself (its Listens; none
 * given: it does) -- node_appliance.c, for node_vpc.c's arrival. */
bool trace_appliance_listens(const struct model_appliance *ap, const struct acl_pkt *p);
struct tr_next *trace_node_service(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_tgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_tgw_att(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_tgw_rtb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_vgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_vpn(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_vif(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_dxgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);
struct tr_next *trace_node_site(struct tr_run *t, struct tr_next *n, struct acl_pkt *p);

#endif
