/*
 * DOC: security group and network ACL matching
 *
 * The one place where vpcsim decides whether a security group or a network
 * ACL lets a packet through (VPC User Guide: vpc-security-groups.html,
 * security-group-rules.html, vpc-network-acls.html, nacl-rules.html).
 *
 * Security groups: allow-only, the rules of every group on an ENI are a
 * union.  A rule matches on protocol (-1 = all), port range (TCP/UDP) or
 * ICMP type/code (ICMP, ICMPv6), and its peer: an IPv4/IPv6 range, a prefix
 * list, or a security group -- which matches the private addresses of the
 * ENIs that carry it, in the same VPC or in a VPC peered with it in the same
 * region (never across regions).  Statefulness (replies pass) is the
 * caller's business: these functions only evaluate rules.
 *
 * Network ACLs: entries of one direction evaluated by rule number, lowest
 * first, whatever order the snapshot wrote them in; the first match decides;
 * nothing matching is the catch-all deny (rule "*").  Stateless.
 *
 * acl_build() is the rule builder (sorted ACL entries, peering pairs,
 * run once per model); the acl_*_allows() functions are the per-packet
 * classifier, which never allocates.  The compiled form points into the
 * model, which must outlive it.  Classification is thread-safe.
 */
#ifndef VPCSIM_ACL_H
#define VPCSIM_ACL_H

#include <stdbool.h>
#include <stdint.h>

#include "vpcsim/model.h"

#define ACL_PROTO_ICMP   NET_PROTO_ICMP
#define ACL_PROTO_TCP    NET_PROTO_TCP
#define ACL_PROTO_UDP    NET_PROTO_UDP
#define ACL_PROTO_ICMPV6 NET_PROTO_ICMPV6

/* A packet as the filters see it.  For ICMP/ICMPv6 the ports are unused
 * and icmp_type/icmp_code apply. */
struct acl_pkt {
	struct net_addr src, dst;
	uint8_t proto;
	uint16_t sport, dport;
	uint8_t icmp_type, icmp_code;
	/* The load balancer node that passed the packet on with the client's
	 * source address kept (NULL: none): a rule referencing one of that
	 * node's security groups matches it too (NLB guide,
	 * load-balancer-security-groups.html: a target rule referencing the
	 * NLB's group admits its traffic even with client IP preservation). */
	const struct model_eni *via;
};

struct acl;

/* 0, VS_EINVAL (NULL argument) or VS_ENOMEM. */
int acl_build(const struct model *m, struct acl **out);
void acl_free(struct acl *a); /* NULL is a no-op */

struct acl_sg_match {
	const struct model_sg *sg;        /* the group whose rule allowed */
	const struct model_sg_rule *rule; /* NULL when nothing allowed */
};

/*
 * Does the union of @eni's security groups allow @p in direction @egress
 * (the peer is p->dst for egress, p->src for ingress)?  On a match @out
 * (may be NULL) names the first allowing rule, in group then rule order.
 */
bool acl_sg_allows(const struct acl *a, const struct model_eni *eni, bool egress,
		   const struct acl_pkt *p, struct acl_sg_match *out);

/* One rule of group @sg against @p (the rule's own direction decides the peer). */
bool acl_sg_rule_matches(const struct acl *a, const struct model_sg *sg,
			 const struct model_sg_rule *r, const struct acl_pkt *p);

struct acl_nacl_match {
	const struct model_nacl_entry *entry; /* NULL: the catch-all deny ("*") */
	bool allow;
};

/*
 * Evaluate network ACL @nacl (one of the model's) for @p in direction
 * @egress (the address matched is p->dst for egress, p->src for ingress).
 * Returns the decision; @out (may be NULL) names the deciding entry.
 */
bool acl_nacl_allows(const struct acl *a, const struct model_nacl *nacl, bool egress,
		     const struct acl_pkt *p, struct acl_nacl_match *out);

/*
 * The lowest destination port in [@lo, @hi] for which network ACL @nacl
 * denies @p (TCP or UDP; its dport is ignored) in direction @egress: true
 * with it in *port and the deciding entry in @out (entry NULL: the
 * catch-all deny); false when every port of the range is allowed.  For the
 * ports a gateway may pick (a NAT gateway's 1024-65535).
 */
bool acl_nacl_denies_in_range(const struct acl *a, const struct model_nacl *nacl, bool egress,
			      const struct acl_pkt *p, uint16_t lo, uint16_t hi, uint16_t *port,
			      struct acl_nacl_match *out);

/* Are @x and @y peered by an active peering connection within one region? */
bool acl_vpcs_peered_same_region(const struct acl *a, const struct model_vpc *x,
				 const struct model_vpc *y);

/* Are @x and @y attached to one transit gateway (live VPC attachments),
 * with security group referencing on for the gateway and both attachments
 * (acl_vpcs_tgw_sg_ref), or at all (acl_vpcs_share_tgw)?  An inbound rule
 * may reference a group of the other VPC only in the first case
 * (tgw-vpc-attachments.html, "Security group referencing"). */
bool acl_vpcs_tgw_sg_ref(const struct acl *a, const struct model_vpc *x, const struct model_vpc *y);
bool acl_vpcs_share_tgw(const struct acl *a, const struct model_vpc *x, const struct model_vpc *y);

/* An inbound rule of @eni's groups that references a group of @p's source
 * interface, in another VPC attached to a transit gateway that @eni's VPC
 * is attached to too, but with security group referencing off there: the
 * rule that would allow @p were it on.  NULL: none. */
const struct model_sg_rule *acl_sg_ref_unsupported(const struct acl *a, const struct model_eni *eni,
						   const struct acl_pkt *p);

/* net_proto_name(): "tcp", "udp", "icmp", "icmpv6", "gre", ..., "all" (-1),
 * or NULL for a number without a name. */
const char *acl_proto_name(int proto);

#endif
