/*
 * DOC: trace internals shared by trace.c (context, endpoints) and
 * trace_path.c (the hop-by-hop walk).  Not part of the module's contract.
 */
#ifndef VPCSIM_TRACE_TRACE_INT_H
#define VPCSIM_TRACE_TRACE_INT_H

#include "base/hmap.h"
#include "trace/trace.h"

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
};

/* How the forward path ended, for starting the reply. */
enum tr_end_kind {
	TR_END_NONE = 0,
	TR_END_ENI,
	TR_END_OUTSIDE,
	TR_END_SERVICE,
	TR_END_SITE,
};

#define TR_MAX_SEEN 16

/* Connection state the forward path leaves for the reply: what a real
 * network's stateful devices would remember. */
struct tr_state {
	const struct model_natgw *nat;
	struct net_addr nat_orig_src, nat_addr;
	uint16_t nat_orig_sport;
	const struct model_igw *eigw;              /* the forward left through it */
	const struct model_eni *seen[TR_MAX_SEEN]; /* ENIs whose SGs track the flow */
	uint32_t n_seen;
	enum tr_end_kind end;
	const struct model_eni *end_eni;
	const struct model_vpce *end_vpce;
	const struct model_site *end_site;
	/* transit gateway VPC attachments the forward path entered, and the
	 * subnet (AZ) it used: the reply is checked for asymmetry */
	const struct model_tgw_att *tgw_in[TR_MAX_SEEN];
	const struct model_subnet *tgw_in_subnet[TR_MAX_SEEN];
	uint32_t n_tgw_in;
	struct acl_pkt end_pkt;
};

struct tr_run {
	const struct trace_ctx *c;
	struct trace_result *res;
	struct trace_path *path;
	struct tr_state *st;
	bool reply;
	bool blocked;
	bool arrived;
	uint32_t steps;
	const struct model_eni *mbox[TR_MAX_SEEN]; /* middleboxes passed, for loops */
	const struct model_vpc *tgw_vpc; /* the VPC the packet last entered from a transit gateway */
	uint32_t n_mbox;
	struct trace_hop scratch; /* written when the hop array is full */
};

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
/* Record a blocking explanation; marks the path blocked. */
/* Hop @h drops the packet: its action becomes "dropped" and the
 * explanation is added on its component. */
void trace_hop_drop(struct tr_run *t, struct trace_hop *h, const char *code, enum trace_dir dir,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void trace_expl_add(struct tr_run *t, const char *code, struct trace_comp comp, enum trace_dir dir,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* An informational explanation: recorded, the path stays open. */
void trace_info_add(struct tr_run *t, const char *code, struct trace_comp comp,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Hop @h crosses a link of @mtu bytes: lowers the path MTU. */
void trace_mtu(struct tr_run *t, struct trace_hop *h, uint32_t mtu);
const char *trace_addr_text(const struct net_addr *a, char *buf);
bool trace_has_ports(const struct acl_pkt *p);
bool trace_seen(const struct tr_run *t, const struct model_eni *e);
void trace_remember(struct tr_run *t, const struct model_eni *e);
bool trace_eni_has_addr(const struct model_eni *e, const struct net_addr *a);
bool trace_in_cidrs(const struct model_cidr *c, uint32_t n, const struct net_addr *a);
bool trace_in_vpc(const struct model_vpc *v, const struct net_addr *a);
bool trace_igw_attached(const struct model_igw *g, const struct model_vpc *v);
const struct model_natgw *trace_eni_nat(const struct model_eni *e);
void trace_arrive_eni_end(struct tr_run *t, const struct model_eni *d, const struct acl_pkt *p);
void trace_arrive_outside(struct tr_run *t, const struct acl_pkt *p);
/* Security groups of @eni (stateful for replies) and the ACL of subnet @s. */
void trace_sg_check(struct tr_run *t, const struct model_eni *eni, bool egress,
		    const struct acl_pkt *p, bool deliver);
void trace_nacl_check(struct tr_run *t, const struct model_subnet *s, bool egress,
		      const struct acl_pkt *p);
/* Amazon DNS, instance metadata, Time Sync, DHCP: the service @p from ENI
 * @src is addressed to, or NULL.  trace_walk_svc() walks the forward path
 * and the answer (r->ret) itself; neither security groups nor network ACLs
 * apply. */
struct trace_svc;
const struct trace_svc *trace_svc_of(const struct model_eni *src, const struct acl_pkt *p);
void trace_walk_svc(struct tr_run *t, const struct model_eni *eni, const struct trace_svc *v,
		    struct acl_pkt p);

/* The walk (trace_path.c). */
/* Route the packet by subnet @s's route table (it is in @s already). */
void trace_route_subnet(struct tr_run *t, const struct model_subnet *s, struct acl_pkt p);
/* The packet is in VPC @v, addressed inside it, arriving from outside. */
void trace_enter_local(struct tr_run *t, const struct model_vpc *v, struct acl_pkt p);

/* Hybrid routing (trace_hybrid.c). */
void trace_hy_tgw_from_vpc(struct tr_run *t, const struct model_tgw *g,
			   const struct model_subnet *s, struct acl_pkt p);
void trace_hy_vgw_from_vpc(struct tr_run *t, const struct model_vgw *g,
			   const struct model_subnet *s, struct acl_pkt p);
/* The site holding @a in its CIDRs, or NULL. */
const struct model_site *trace_site_of(const struct model *m, const struct net_addr *a);
/* A packet sent by a host of @site. */
void trace_hy_from_site(struct tr_run *t, const struct model_site *site, struct acl_pkt p);
void trace_walk_from_eni(struct tr_run *t, const struct model_eni *eni, struct acl_pkt p);
void trace_walk_from_outside(struct tr_run *t, struct acl_pkt p);
void trace_walk_reply(struct tr_run *t);

#endif
