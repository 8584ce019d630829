/*
 * DOC: trace internals: the context (trace_ctx.c), the path state, and the
 * layer every handler of the walk stands on (trace_hop.c: hops,
 * explanations, filters, model helpers).  Nothing declared here calls up
 * into the walk (trace_node.h, trace_walk.h).  Not part of the module's
 * contract.
 */
#ifndef VPCSIM_TRACE_TRACE_INT_H
#define VPCSIM_TRACE_TRACE_INT_H

#include <stdarg.h>

#include "base/hmap.h"
#include "vpcsim/trace.h"

struct trace_ctx {
	const struct model *m;
	struct route_vpc *rv;
	struct rib_set *rib; /* effective routes of TGWs, VGWs, DX gateways, sites */
	struct acl *acl;
	struct hmap *priv2pub; /* private IPv4 -> const struct net_addr * (public) */
	struct hmap *pub2priv; /* public IPv4 -> const struct net_addr * (private) */
	struct hmap *nat_addr; /* NAT gateway private or public IPv4 -> struct model_natgw * */
	const struct model_igw **vpc_eigw; /* per m->vpcs[i]: an attached egress-only IGW */
	const struct model_rtb **igw_edge; /* per m->igws[i]: its gateway route table */
	/* ALB listener rules, compiled: listener k of m->lbs[i] is
	 * lb_rules[lb_rule_base[i] + k] (NULL: no rules, or rules that do not
	 * compile -- trace_lb_rules() tells which) */
	struct elb_listener_rules **lb_rules;
	uint32_t *lb_rule_base;
	/* (transit gateway, attachment type, resource) -> its attachment
	 * (trace_tgw_att_for()); the keys live in att_keys */
	struct hmap *tgw_att;
	struct tr_att_key *att_keys;
	/* load balancers by DNS name (lowercase, no trailing dot; the keys
	 * in lb_dns_keys) and by name (trace_lb_named()) */
	struct hmap *lb_dns, *lb_name;
	char *lb_dns_keys;
	/* AWS-managed resources and endpoint services by their other names
	 * (ARN, endpoint DNS names, file system, service id and private DNS
	 * name; lowercase, no trailing dot): struct trace_named in named[] */
	struct hmap *named_map;
	struct trace_named *named;
	char *named_keys;
};

/* What a name of trace_named_find() stands for. */
enum trace_named_how {
	TRACE_NAMED_SELF = 0, /* the resource itself (ARN, endpoint name, service id) */
	TRACE_NAMED_READER,   /* a replication group's reader endpoint: its replicas */
	TRACE_NAMED_FS,       /* an EFS file system: its mount target in the client's zone */
	TRACE_NAMED_SERVICE,  /* an endpoint service: its interface endpoint in the client's VPC */
};

struct trace_named {
	const struct model_obj *obj;
	enum trace_named_how how;
};

#define TR_MAX_SEEN 16

/* A component of the path: its type (enum tr_kind of trace_node.h), the
 * way it is entered (enum tr_port), the model entity and what the handler
 * needs besides.  Kind 0 ends a walk. */
struct tr_next {
	uint8_t kind;
	uint8_t port;
	const void *obj;
	const void *from;
};

/* Connection state the forward path leaves for the reply: what a real
 * network's stateful devices would remember. */
struct tr_state {
	const struct model_natgw *nat;
	struct net_addr nat_orig_src, nat_addr;
	uint16_t nat_orig_sport;
	bool nat_held; /* the forward packet really got to @nat */
	bool nat64;    /* @nat translated the forward packet from IPv6 to IPv4 (NAT64) */
	const struct model_igw *eigw;              /* the forward left through it */
	const struct model_eni *seen[TR_MAX_SEEN]; /* ENIs whose SGs track the flow */
	uint32_t n_seen;
	/* where the reply starts (kind 0: no reply is walked), and the
	 * packet as it arrived */
	struct tr_next reply_at;
	struct acl_pkt end_pkt;
	/* transit gateway VPC attachments the forward path entered, and the
	 * subnet (AZ) it used: the reply is checked for asymmetry */
	const struct model_tgw_att *tgw_in[TR_MAX_SEEN];
	const struct model_subnet *tgw_in_subnet[TR_MAX_SEEN];
	uint32_t n_tgw_in;
	/* the load balancer node the forward path went through: the address
	 * and port the client used, the client's own, and whether the target
	 * saw the client's address; the reply goes back through the node */
	const struct model_lb *lb;
	const struct model_eni *lb_eni;
	const struct model_subnet *lb_target_subnet;
	struct net_addr lb_vip, lb_client;
	uint16_t lb_vip_port, lb_client_port;
	bool lb_preserve;
	bool lb_back;                        /* the reply has passed the node */
	const struct model_eni *lb_vpce_eni; /* PrivateLink: the endpoint it came in by */
	/* the appliance whose source NAT the forward path went through */
	const struct model_appliance *app;
	struct net_addr app_addr, app_orig_src;
	uint16_t app_orig_sport;
};

struct tr_run {
	const struct trace_ctx *c;
	const struct trace_query *q; /* what was asked (the HTTP request for an ALB) */
	struct trace_result *res;
	struct trace_path *path;
	struct tr_state *st;
	bool reply;
	bool blocked;
	bool arrived;
	uint32_t steps;
	const void *mbox[TR_MAX_SEEN];   /* middleboxes passed, for loops (trace_walk.c) */
	const struct model_vpc *tgw_vpc; /* the VPC the packet last entered from a transit gateway */
	uint32_t n_mbox;
	struct trace_hop scratch; /* written when the hop array is full */
};

/* The gateway route table of internet gateway @g, the egress-only
 * internet gateway attached to VPC @v; NULL when none (trace_ctx.c). */
const struct model_rtb *trace_igw_edge(const struct trace_ctx *c, const struct model_igw *g);
const struct model_igw *trace_vpc_eigw(const struct trace_ctx *c, const struct model_vpc *v);

/* The compiled rules of listener @ls of load balancer @lb (trace_ctx.c):
 * NULL with *bad false when it has none (its default actions decide), NULL
 * with *bad true when they did not compile. */
struct elb_listener_rules;
const struct elb_listener_rules *trace_lb_rules(const struct trace_ctx *c,
						const struct model_lb *lb,
						const struct model_lb_listener *ls, bool *bad);

/* The load balancer whose DNS name (any case, a trailing dot or not) or
 * name is @s, or NULL (trace_ctx.c). */
const struct model_lb *trace_lb_named(const struct trace_ctx *c, const char *s);
/* An AWS-managed resource or endpoint service by a name other than its id
 * (any case, the trailing dot optional), or NULL. */
const struct trace_named *trace_named_find(const struct trace_ctx *c, const char *s);

/* Address maps (trace_ctx.c). */
const struct net_addr *trace_pub_of(const struct trace_ctx *c, const struct net_addr *priv);
const struct net_addr *trace_priv_of(const struct trace_ctx *c, const struct net_addr *pub);
const struct model_natgw *trace_nat_of(const struct trace_ctx *c, const struct net_addr *a);

/* Hops, explanations and filters (trace_hop.c). */
extern const char trace_internet_id[]; /* component id of "the internet" */
struct trace_comp trace_comp_obj(const struct model_obj *o);
struct trace_comp trace_comp_id(const char *id, const char *type);
/* The next hop of the path (a scratch hop once the array is full). */
struct trace_hop *trace_hop_add(struct tr_run *t, struct trace_comp comp, const struct acl_pkt *p);
/* Hop @h drops the packet: its action becomes "dropped" and the
 * explanation is added on its component. */
void trace_hop_drop(struct tr_run *t, struct trace_hop *h, const char *code, enum trace_dir dir,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void trace_hop_vdrop(struct tr_run *t, struct trace_hop *h, const char *code, enum trace_dir dir,
		     const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* Record a blocking explanation; marks the path blocked. */
void trace_expl_add(struct tr_run *t, const char *code, struct trace_comp comp, enum trace_dir dir,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void trace_expl_vadd(struct tr_run *t, const char *code, struct trace_comp comp, enum trace_dir dir,
		     const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* An informational explanation: recorded, the path stays open. */
void trace_info_add(struct tr_run *t, const char *code, struct trace_comp comp, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));
/* Hop @h crosses a link of @mtu bytes: lowers the path MTU. */
void trace_mtu(struct tr_run *t, struct trace_hop *h, uint32_t mtu);
/* The same through a component that drops a larger packet, with no
 * fragmentation and no path MTU discovery (a VPC endpoint). */
void trace_mtu_strict(struct tr_run *t, struct trace_hop *h, uint32_t mtu);
/* @a as text: in @buf (NET_PREFIX_STRLEN bytes), or the result's own
 * src_text/dst_text when it is one of the flow's ends; "?" for none. */
const char *trace_addr_text(const struct tr_run *t, const struct net_addr *a, char *buf);
bool trace_has_ports(const struct acl_pkt *p);
/* Hop @h records that it translates one side of @p (its source with @src,
 * else its destination) to @to, and that side's port to @port; @p and the
 * hop's kind and action are left as they are. */
void trace_hop_note_xlate(struct trace_hop *h, const struct acl_pkt *p, bool src,
			  const struct net_addr *to, uint16_t port);
/* Hop @h translates (NAT gateway, 1:1 NAT, an appliance's source NAT):
 * recorded as trace_hop_note_xlate() does, and @p rewritten -- the port only
 * where @p has ports; the hop's packet is the one after. */
void trace_hop_xlate(struct trace_hop *h, struct acl_pkt *p, bool src, const struct net_addr *to,
		     uint16_t port);
/* Whether the forward packet really gets here: this is the forward walk
 * and nothing before dropped it.  Stateful components (security groups,
 * NAT gateways, egress-only IGWs) hold connection state only then: the
 * reply of a blocked forward path meets the state AWS would really hold,
 * not that of an open path (the walk goes on past a block to report every
 * blocking setting; what came after the first one never saw the packet). */
bool trace_fwd_passed(const struct tr_run *t);
bool trace_seen(const struct tr_run *t, const struct model_eni *e);
void trace_remember(struct tr_run *t, const struct model_eni *e);
bool trace_eni_has_addr(const struct model_eni *e, const struct net_addr *a);
bool trace_in_cidrs(const struct model_cidr *c, uint32_t n, const struct net_addr *a);
bool trace_in_vpc(const struct model_vpc *v, const struct net_addr *a);
bool trace_igw_attached(const struct model_igw *g, const struct model_vpc *v);
/* The site holding @a in its CIDRs (the longest match), or NULL. */
const struct model_site *trace_site_of(const struct model *m, const struct net_addr *a);
/* The attachment of @type joining @res to transit gateway @g: a live one
 * when there is one, else any (its state then explains the drop), or NULL. */
const struct model_tgw_att *trace_tgw_att_for(const struct trace_ctx *c, const struct model_tgw *g,
					      enum model_tgw_att_type type,
					      const struct model_obj *res);
/* FNV-1a over the 5-tuple; @sym orders the two ends first, so a flow and
 * its reply hash alike. */
uint32_t trace_flow_hash(const struct acl_pkt *p, bool sym);
/* A hop that looks up @table (trace_rib_hop: @owner's effective routes)
 * for p.dst; ECMP picks by flow hash.  Returns the route (NULL: none; the
 * hop is not dropped) and the hop in *hop. */
const struct rib_route *trace_rib_hop_in(struct tr_run *t, const struct model_obj *owner,
					 const struct rib *table, const struct acl_pkt *p,
					 struct trace_hop **hop);
const struct rib_route *trace_rib_hop(struct tr_run *t, const struct model_obj *owner,
				      const struct acl_pkt *p, struct trace_hop **hop);
/* Security groups of @eni (stateful for replies) and the ACL of subnet @s. */
/* The TCP ports the AWS service @service_name answers on, as text, and in
 * *ok whether @port is one; NULL (and *ok true) when the name is not an AWS
 * service's. */
const char *trace_aws_service_ports(const char *service_name, uint16_t port, bool *ok);
/* Returns the hop it wrote (the scratch hop once the path is full). */
struct trace_hop *trace_sg_check(struct tr_run *t, const struct model_eni *eni, bool egress,
				 const struct acl_pkt *p, bool deliver);
void trace_nacl_check(struct tr_run *t, const struct model_subnet *s, bool egress,
		      const struct acl_pkt *p);

#endif
