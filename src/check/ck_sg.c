/*
 * DOC: security group and network ACL rules
 *
 * What CreateSecurityGroup, AuthorizeSecurityGroup{Ingress,Egress} and
 * CreateNetworkAclEntry refuse:
 *  - InvalidGroup.Duplicate: two groups with one GroupName in a VPC;
 *  - InvalidPermission.Duplicate: one rule (direction, protocol, ports,
 *    peer) twice in a group;
 *  - RulesPerSecurityGroupLimitExceeded: more rules in one direction than
 *    the quota (60), counted per address family as AWS does
 *    (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups);
 *  - InvalidGroup.NotFound: a group reference that names nothing, or a
 *    group in another Region (never allowed:
 *    https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html);
 *    a reference into a peer VPC or account the snapshot does not hold is a
 *    warning UNKNOWN_PEERED_SGS (Reachability Analyzer's code) instead;
 *  - SecurityGroupsPerInterfaceLimitExceeded: more groups on one network
 *    interface than the quota (5, adjustable up to 16: amazon-vpc-limits.html,
 *    "Security groups per network interface"), as CreateNetworkInterface and
 *    ModifyNetworkInterfaceAttribute refuse;
 *  - InvalidPrefixListID.NotFound, InvalidVpcID.NotFound,
 *    InvalidSubnetID.NotFound for other dangling ids;
 *  - InvalidParameterValue: a TCP/UDP port range whose start is past its
 *    end, in a security group rule or a network ACL entry;
 *  - NetworkAclEntryAlreadyExists: one (direction, rule number) twice;
 *  - InvalidParameterValue: a rule number outside 1..32766, except the
 *    catch-all deny entries 32767 (IPv4) and 32768 (IPv6) AWS itself shows
 *    (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
 * Duplicates are found by sorting: O(n log n) per group or ACL.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check/ck_internal.h"
#include "vpcsim/error.h"

/* ---- InvalidGroup.Duplicate ---- */

static int sg_name_cmp(const void *a, const void *b)
{
	const struct model_sg *x = *(const struct model_sg *const *)a;
	const struct model_sg *y = *(const struct model_sg *const *)b;
	int c;

	if ((c = strcmp(x->vpc_id, y->vpc_id)) != 0)
		return c;
	/* CreateSecurityGroup, GroupName: "Names are case-insensitive and must
	 * be unique within the VPC." */
	if ((c = strcasecmp(x->group_name, y->group_name)) != 0)
		return c;
	return x < y ? -1 : (x > y); /* snapshot order: the array order */
}

static bool sg_name_key(const void *owner, uint32_t i, void *k)
{
	const struct model_sg *g = &((const struct model *)owner)->sgs[i];

	*(const struct model_sg **)k = g;
	return ck_has_id(g->vpc_id) && g->group_name != NULL;
}

static int sg_name_pair(const void *owner, const void *prev, const void *k, struct diag_list *d)
{
	const struct model_sg *p = *(const struct model_sg *const *)prev;
	const struct model_sg *g = *(const struct model_sg *const *)k;

	(void)owner;
	if (strcmp(g->vpc_id, p->vpc_id) != 0 || strcasecmp(g->group_name, p->group_name) != 0)
		return 0;
	return ck_report(d, DIAG_ERROR, "InvalidGroup.Duplicate", &g->obj,
			 "The security group '%s' already exists for VPC '%s'", g->group_name,
			 g->vpc_id);
}

static int sg_names(const struct model *m, struct diag_list *d)
{
	return ck_sorted_pairs(m, m->n_sgs, sizeof(const struct model_sg *), sg_name_key,
			       sg_name_cmp, sg_name_pair, d);
}

/* ---- InvalidPermission.Duplicate ---- */

struct sg_key {
	const struct model_sg_rule *r;
	struct net_prefix pfx; /* canonical, for CIDR peers */
};

static int sg_rule_cmp(const void *a, const void *b)
{
	const struct sg_key *x = a, *y = b;
	const struct model_sg_rule *p = x->r, *q = y->r;
	int c;

	if (p->egress != q->egress)
		return p->egress ? 1 : -1;
	if (p->proto != q->proto)
		return p->proto < q->proto ? -1 : 1;
	/* "-1" (all traffic) has no ports, whatever the snapshot wrote */
	if (p->proto != -1 && p->from != q->from)
		return p->from < q->from ? -1 : 1;
	if (p->proto != -1 && p->to != q->to)
		return p->to < q->to ? -1 : 1;
	if (p->peer_type != q->peer_type)
		return p->peer_type < q->peer_type ? -1 : 1;
	if (p->peer_type == SG_PEER_CIDR4 || p->peer_type == SG_PEER_CIDR6) {
		if ((c = net_addr_cmp(&x->pfx.addr, &y->pfx.addr)) != 0)
			return c;
		return (int)x->pfx.len - (int)y->pfx.len;
	}
	return strcmp(p->peer_id ? p->peer_id : "", q->peer_id ? q->peer_id : "");
}

static const char *proto_name(int proto, char *buf, size_t len)
{
	switch (proto) {
	case -1:
		return "ALL";
	case 1:
		return "ICMP";
	case 6:
		return "TCP";
	case 17:
		return "UDP";
	case 58:
		return "ICMPV6";
	default:
		snprintf(buf, len, "%d", proto);
		return buf;
	}
}

static const char *peer_text(const struct model_sg_rule *r)
{
	if (r->peer_type == SG_PEER_CIDR4 || r->peer_type == SG_PEER_CIDR6)
		return r->cidr.text != NULL ? r->cidr.text : "?";
	return r->peer_id != NULL ? r->peer_id : "?";
}

static bool sg_rule_key(const void *owner, uint32_t i, void *k)
{
	const struct model_sg_rule *r = &((const struct model_sg *)owner)->rules[i];
	struct sg_key *key = k;

	if ((r->peer_type == SG_PEER_CIDR4 || r->peer_type == SG_PEER_CIDR6) &&
	    r->cidr.pfx.addr.af == NET_AF_NONE)
		return false; /* malformed: the loader said so */
	key->r = r;
	key->pfx = r->cidr.pfx;
	net_prefix_canonicalize(&key->pfx);
	return true;
}

static int sg_rule_pair(const void *owner, const void *prev, const void *k, struct diag_list *d)
{
	const struct model_sg *g = owner;
	const struct model_sg_rule *r = ((const struct sg_key *)k)->r;
	char pb[16];

	if (sg_rule_cmp(prev, k) != 0)
		return 0;
	return ck_report(d, DIAG_ERROR, "InvalidPermission.Duplicate", &g->obj,
			 "the specified rule \"peer: %s, %s, from port: %d, to port: %d, "
			 "ALLOW\" "
			 "already exists (%s)",
			 peer_text(r), proto_name(r->proto, pb, sizeof(pb)), r->from, r->to,
			 r->egress ? "egress" : "ingress");
}

static int sg_duplicates(const struct model_sg *g, struct diag_list *d)
{
	return ck_sorted_pairs(g, g->n_rules, sizeof(struct sg_key), sg_rule_key, sg_rule_cmp,
			       sg_rule_pair, d);
}

/* ---- InvalidParameterValue: a port range that ends before it starts ----
 *
 * For TCP and UDP, FromPort..ToPort is a range; AWS refuses FromPort >
 * ToPort (AuthorizeSecurityGroupIngress, IpPermission: "the start of the
 * port range ... the end of the port range"), and a network ACL entry
 * whose PortRange.From > PortRange.To (CreateNetworkAclEntry).  For ICMP
 * the two fields are a type and a code, not a range.  One finding per
 * IpPermission (the loader flattens it into one rule per peer).
 */
static bool ports_are_range(int proto)
{
	return proto == NET_PROTO_TCP || proto == NET_PROTO_UDP;
}

static int sg_port_order(const struct model_sg *g, struct diag_list *d)
{
	int rc;

	for (uint32_t i = 0; i < g->n_rules; i++) {
		const struct model_sg_rule *r = &g->rules[i];
		bool icmp = r->proto == NET_PROTO_ICMP || r->proto == NET_PROTO_ICMPV6;
		if (icmp && (r->from < -1 || r->from > 255 || r->to < -1 || r->to > 255) &&
		    !(i > 0 && g->rules[i - 1].perm_index == r->perm_index &&
		      g->rules[i - 1].egress == r->egress)) {
			/* the ICMP type (FromPort) and code (ToPort): -1 (all) to
			 * 255, as a network ACL entry's IcmpTypeCode */
			rc = ck_report(d, DIAG_ERROR, "InvalidParameterValue", &g->obj,
				       "Invalid ICMP type or code in %s rule %u of %s: %d/%d (-1 "
				       "to 255).",
				       r->egress ? "egress" : "ingress",
				       (unsigned)r->perm_index + 1, g->obj.id, r->from, r->to);
			if (rc < 0)
				return rc;
			continue;
		}

		if (!ports_are_range(r->proto) || r->from < 0 || r->to < 0 || r->from <= r->to)
			continue;
		if (i > 0 && g->rules[i - 1].perm_index == r->perm_index &&
		    g->rules[i - 1].egress == r->egress)
			continue; /* the same IpPermission, another peer */
		rc = ck_report(d, DIAG_ERROR, "InvalidParameterValue", &g->obj,
			       "Invalid %s port range in %s rule %u of %s: FromPort %d is greater "
			       "than ToPort %d.",
			       r->proto == NET_PROTO_TCP ? "TCP" : "UDP",
			       r->egress ? "egress" : "ingress", (unsigned)r->perm_index + 1,
			       g->obj.id, r->from, r->to);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int nacl_port_order(const struct model_nacl *a, struct diag_list *d)
{
	int rc;

	for (uint32_t i = 0; i < a->n_entries; i++) {
		const struct model_nacl_entry *e = &a->entries[i];

		if (!e->has_ports || !ports_are_range(e->proto) || e->port_from <= e->port_to)
			continue;
		rc = ck_report(d, DIAG_ERROR, "InvalidParameterValue", &a->obj,
			       "Invalid port range in %s entry %d of %s: From %u is greater than "
			       "To %u.",
			       e->egress ? "egress" : "ingress", (int)e->rule_number, a->obj.id,
			       (unsigned)e->port_from, (unsigned)e->port_to);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- RulesPerSecurityGroupLimitExceeded ---- */

/*
 * The quota is per direction and enforced separately for IPv4 and IPv6; a
 * rule referencing a group counts once in each, a prefix list reference
 * counts as its weight in each (model_pl_weight: MaxEntries, or the
 * published weight of an AWS-managed list).
 */
static int sg_limits(const struct model_sg *g, const struct check_opts *o, struct diag_list *d)
{
	uint64_t cnt[2][2] = {{0, 0}, {0, 0}}; /* [egress][v6] */
	int rc;

	for (uint32_t i = 0; i < g->n_rules; i++) {
		const struct model_sg_rule *r = &g->rules[i];
		int e = r->egress ? 1 : 0;
		uint64_t w = 1;

		switch (r->peer_type) {
		case SG_PEER_CIDR4:
			cnt[e][0]++;
			break;
		case SG_PEER_CIDR6:
			cnt[e][1]++;
			break;
		case SG_PEER_PL:
			w = model_pl_weight(r->pl);
			/* fall through */
		case SG_PEER_SG:
			cnt[e][0] += w;
			cnt[e][1] += w;
			break;
		}
	}
	for (int e = 0; e < 2; e++) {
		for (int f = 0; f < 2; f++) {
			if (cnt[e][f] <= o->sg_rules_per_direction)
				continue;
			rc = ck_report(d, DIAG_ERROR, "RulesPerSecurityGroupLimitExceeded", &g->obj,
				       "The maximum number of rules per security group has been "
				       "reached "
				       "(%llu %s %s rules, quota %u).",
				       (unsigned long long)cnt[e][f], f ? "IPv6" : "IPv4",
				       e ? "outbound" : "inbound",
				       (unsigned)o->sg_rules_per_direction);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* ---- references ---- */

static bool pcx_inter_region(const struct model *m, const char *pcx_id)
{
	const struct model_obj *o = ck_lookup_kind(m, NULL, pcx_id, MODEL_PCX);
	const struct model_pcx *p;

	if (o == NULL)
		return false;
	p = MODEL_AS(const struct model_pcx, o);
	return p->requester.region != NULL && p->accepter.region != NULL &&
	       strcmp(p->requester.region, p->accepter.region) != 0;
}

/* Is the referenced group's home outside what the snapshot holds?  A VPC
 * id the model does not know, or an account it does not cover. */
static bool peer_outside(const struct model *m, const struct model_sg *g,
			 const struct model_sg_rule *r)
{
	if (ck_has_id(r->peer_vpc_id) && !ck_streq(r->peer_vpc_id, g->vpc_id) &&
	    ck_lookup_kind(m, NULL, r->peer_vpc_id, MODEL_VPC) == NULL)
		return true;
	if (ck_has_id(r->peer_user_id) && !ck_streq(r->peer_user_id, g->obj.account) &&
	    !ck_account_known(m, r->peer_user_id))
		return true;
	return false;
}

static int sg_group_ref(const struct model *m, const struct model_sg *g,
			const struct model_sg_rule *r, struct diag_list *d)
{
	const struct model_obj *o = ck_lookup_kind(m, r->sg, r->peer_id, MODEL_SG);

	if (o != NULL) {
		/* "You can't reference the security group of a peer VPC that's in
		 * a different Region" (vpc-peering-security-groups.html); the API
		 * answers InvalidGroup.NotFound. */
		if (o->region == NULL || g->obj.region == NULL ||
		    strcmp(o->region, g->obj.region) == 0)
			return 0;
		return ck_report(d, DIAG_ERROR, "InvalidGroup.NotFound", &g->obj,
				 "The security group '%s' does not exist in VPC '%s': it is in "
				 "Region %s, and groups cannot be referenced across Regions.",
				 o->id, g->vpc_id ? g->vpc_id : "?", o->region);
	}
	if (!ck_has_id(r->peer_id))
		return 0;
	if (ck_has_id(r->peer_pcx_id) && pcx_inter_region(m, r->peer_pcx_id))
		return ck_report(d, DIAG_ERROR, "InvalidGroup.NotFound", &g->obj,
				 "The security group '%s' does not exist in VPC '%s': %s is an "
				 "inter-Region peering, and groups cannot be referenced across "
				 "Regions.",
				 r->peer_id, g->vpc_id ? g->vpc_id : "?", r->peer_pcx_id);
	if (peer_outside(m, g, r))
		return ck_report(d, DIAG_WARNING, "UNKNOWN_PEERED_SGS", &g->obj,
				 "The rule references security group %s%s%s%s%s, which is outside "
				 "the snapshot; its members are unknown.",
				 r->peer_id, r->peer_vpc_id ? " in " : "",
				 r->peer_vpc_id ? r->peer_vpc_id : "",
				 r->peer_pcx_id ? " across " : "",
				 r->peer_pcx_id ? r->peer_pcx_id : "");
	return ck_report(d, DIAG_ERROR, "InvalidGroup.NotFound", &g->obj,
			 "The security group '%s' does not exist", r->peer_id);
}

static int sg_refs(const struct model *m, const struct model_sg *g, struct diag_list *d)
{
	int rc;

	if ((rc = ck_ref(m, d, &g->obj, g->vpc, g->vpc_id, "InvalidVpcID.NotFound", "vpc")) < 0)
		return rc;
	for (uint32_t i = 0; i < g->n_rules; i++) {
		const struct model_sg_rule *r = &g->rules[i];

		rc = 0;
		if (r->peer_type == SG_PEER_SG)
			rc = sg_group_ref(m, g, r, d);
		else if (r->peer_type == SG_PEER_PL)
			rc = ck_pl_ref(m, d, &g->obj, r->pl, r->peer_id);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int eni_groups(const struct model *m, const struct check_opts *o,
		      const struct model_obj *obj, struct diag_list *d)
{
	const struct model_eni *e = MODEL_AS(const struct model_eni, obj);
	int rc;

	if (e->n_sgs > o->sg_groups_per_interface &&
	    (rc = ck_report(d, DIAG_ERROR, "SecurityGroupsPerInterfaceLimitExceeded", &e->obj,
			    "The maximum number of security groups per network interface has "
			    "been reached (%u groups, quota %u).",
			    (unsigned)e->n_sgs, (unsigned)o->sg_groups_per_interface)) < 0)
		return rc;

	for (uint32_t k = 0; k < e->n_sgs; k++) {
		const char *id = e->sg_ids[k];
		if (!ck_has_id(id) || ck_lookup(m, e->sgs ? e->sgs[k] : NULL, id) != NULL)
			continue;
		rc = ck_report(d, DIAG_ERROR, "InvalidGroup.NotFound", &e->obj,
			       "The security group '%s' does not exist", id);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- network ACLs ---- */

static int nacl_entry_cmp(const void *a, const void *b)
{
	const struct model_nacl_entry *x = *(const struct model_nacl_entry *const *)a;
	const struct model_nacl_entry *y = *(const struct model_nacl_entry *const *)b;

	if (x->egress != y->egress)
		return x->egress ? 1 : -1;
	if (x->rule_number != y->rule_number)
		return x->rule_number < y->rule_number ? -1 : 1;
	return 0;
}

/* The catch-all entries AWS adds to every ACL and shows as 32767 (IPv4)
 * and 32768 (IPv6): deny everything. */
static bool nacl_catch_all(const struct model_nacl_entry *e)
{
	return (e->rule_number == 32767 || e->rule_number == 32768) && !e->allow &&
	       e->proto == -1 && e->cidr.pfx.len == 0;
}

static int nacl_numbers(const struct model_nacl *a, struct diag_list *d)
{
	int rc;

	for (uint32_t i = 0; i < a->n_entries; i++) {
		const struct model_nacl_entry *e = &a->entries[i];

		if ((e->rule_number >= 1 && e->rule_number <= 32766) || nacl_catch_all(e))
			continue;
		rc = ck_report(d, DIAG_ERROR, "InvalidParameterValue", &a->obj,
			       "Value (%d) for parameter ruleNumber is invalid. The rule number "
			       "must "
			       "be between 1 and 32766.",
			       (int)e->rule_number);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static bool nacl_entry_key(const void *owner, uint32_t i, void *k)
{
	const struct model_nacl_entry *e = &((const struct model_nacl *)owner)->entries[i];

	*(const struct model_nacl_entry **)k = e;
	return e->rule_number < 32767; /* catch-alls: one per family */
}

static int nacl_entry_pair(const void *owner, const void *prev, const void *k, struct diag_list *d)
{
	const struct model_nacl *a = owner;
	const struct model_nacl_entry *e = *(const struct model_nacl_entry *const *)k;

	if (nacl_entry_cmp(prev, k) != 0)
		return 0;
	return ck_report(d, DIAG_ERROR, "NetworkAclEntryAlreadyExists", &a->obj,
			 "The network acl entry identified by %d already exists (%s).",
			 (int)e->rule_number, e->egress ? "egress" : "ingress");
}

static int nacl_duplicates(const struct model_nacl *a, struct diag_list *d)
{
	return ck_sorted_pairs(a, a->n_entries, sizeof(const struct model_nacl_entry *),
			       nacl_entry_key, nacl_entry_cmp, nacl_entry_pair, d);
}

static int nacl_refs(const struct model *m, const struct model_nacl *a, struct diag_list *d)
{
	int rc;

	if ((rc = ck_ref(m, d, &a->obj, a->vpc, a->vpc_id, "InvalidVpcID.NotFound", "vpc")) < 0)
		return rc;
	return ck_refs(m, d, &a->obj, (void *const *)a->subnets, a->subnet_ids, a->n_subnets,
		       "InvalidSubnetID.NotFound", "subnet");
}

static int nacl_checks(const struct model *m, const struct model_obj *obj, struct diag_list *d)
{
	const struct model_nacl *a = MODEL_AS(const struct model_nacl, obj);
	int rc;

	if ((rc = nacl_refs(m, a, d)) < 0 || (rc = nacl_numbers(a, d)) < 0 ||
	    (rc = nacl_port_order(a, d)) < 0)
		return rc;
	return nacl_duplicates(a, d);
}

int ck_sg(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	int rc;

	if ((rc = sg_names(m, d)) < 0)
		return rc;
	for (uint32_t i = 0; i < m->n_sgs; i++) {
		const struct model_sg *g = &m->sgs[i];
		if ((rc = sg_refs(m, g, d)) < 0 || (rc = sg_duplicates(g, d)) < 0 ||
		    (rc = sg_port_order(g, d)) < 0 || (rc = sg_limits(g, o, d)) < 0)
			return rc;
	}
	for (uint32_t i = 0; i < m->n_enis; i++)
		if ((rc = eni_groups(m, o, &m->enis[i].obj, d)) < 0)
			return rc;
	return ck_each(m, MODEL_NACL, nacl_checks, d);
}
