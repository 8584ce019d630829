/*
 * DOC: what a DNS query returns from one VPC (or from the internet), and why
 *
 * Route 53 Resolver's decision for a query that arrives at a VPC's Amazon DNS
 * server, in order:
 *
 *  0. enableDnsSupport false: the Amazon DNS server does not answer at all.
 *  1. Resolver rules associated with the VPC, plus the rules Resolver defines
 *     itself (resolver-overview-forward-vpc-to-network-autodefined-rules.html):
 *     one SYSTEM rule per private hosted zone associated with the VPC (only
 *     when both DNS attributes are true), SYSTEM rules for the EC2 host names
 *     of the VPC's Region when enableDnsHostnames is true
 *     (REGION.compute.internal, ec2.internal in us-east-1), and the RECURSIVE
 *     "Internet Resolver" rule for ".".  The rule with the most specific
 *     domain that is the query name or a parent of it wins
 *     (resolver-overview-forward-vpc-to-network-domain-name-matches.html); a
 *     rule of the user's for the very domain of an autodefined rule overrides
 *     it.  FORWARD: the query leaves through the rule's outbound endpoint to
 *     the rule's target IPs (the answer comes from outside the snapshot).
 *     SYSTEM and RECURSIVE: Resolver answers itself, as below.
 *  2. Private hosted zones associated with the VPC, only when enableDnsSupport
 *     and enableDnsHostnames are both true (hosted-zone-private-
 *     considerations.html, "Amazon VPC settings"): the most specific zone
 *     whose name is the query name or a parent of it answers, and when it has
 *     no record Resolver does NOT fall back to a less specific private zone or
 *     to a public one: NXDOMAIN (or NODATA when the name exists with other
 *     types).
 *  3. Otherwise public DNS: the public hosted zones, walked from the least
 *     specific one holding the name down its delegations (a public zone for
 *     sub.example.com answers only where example.com delegates to it: the
 *     internet sees only what is delegated).  A name no public zone holds is
 *     outside the snapshot.
 * The internet view (no VPC) is step 3 alone.
 *
 * In the zone that answers, the lookup is zone.h's; a group of record sets
 * is then narrowed by its routing policy (routing-policy.html and its
 * sub-pages), with health from the caller's table (a record with no
 * HealthCheckId is healthy; an id missing from the table is taken as healthy
 * and the step says so):
 *  - simple: the one record set, every value;
 *  - weighted: proportional to Weight among the healthy records of non-zero
 *    weight; if none, the healthy zero-weight records, equally; if all are
 *    unhealthy, as if all were healthy (routing-policy-weighted.html,
 *    "Health checks and weighted routing"); all weights zero: equal shares.
 *    The caller's client_hash picks one deterministically; every candidate
 *    is reported with its probability;
 *  - failover: the primary if healthy, else the secondary if healthy, else
 *    (both unhealthy) the primary, as if all were healthy;
 *  - multivalue: up to 8 healthy records (8 chosen by client_hash when more
 *    are healthy); when all are unhealthy, up to 8 unhealthy ones
 *    (routing-policy-multivalue.html);
 *  - latency: the record of the caller's client_region; geolocation: the
 *    smallest area holding the caller's client location (subdivision, then
 *    country, then continent, then the default "*"), an unhealthy record
 *    giving way to the next larger area; no default and no match: NODATA
 *    (routing-policy-geo.html).  Without a client region / location, every
 *    candidate is reported and the answer is left undecided.
 * Alias records answer with their target's records under the alias's name
 * (resource-record-sets-choosing-alias-non-alias.html): a target in a hosted
 * zone of the view is looked up (with its own routing policy); an AWS
 * resource outside the view (ELB, CloudFront, S3 website...) is reported as
 * such.  EvaluateTargetHealth makes the alias as healthy as its target (a
 * group is healthy when any record of it is; an outside target's health is
 * looked up in the caller's table by its DNS name).  A CNAME of a public
 * zone is followed inside its zone (what the zone's authoritative server
 * answers), and a target outside the zone is resolved again from the start,
 * as Resolver does; a CNAME of a private zone is always resolved from the
 * start (Resolver's rules, then the most specific private zone: RFC 1034
 * 4.3.2 step 3a's "go back to step 1"), up to DNS_MAX_CNAME links.
 *
 * Every decision is a step in the result, with the ids it involved: what
 * `vpcsim resolve --json` prints.
 *
 * dns_view_build() compiles the input once (zones, rules per VPC, sorted);
 * dns_resolve() answers one query, never allocates (the caller owns the
 * result) and is thread-safe on a built view.  The view points into the
 * caller's input, which must outlive it.
 */
#ifndef VPCSIM_DNS_RESOLVE_H
#define VPCSIM_DNS_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"
#include "dns/zone.h"
#include "vpcsim/names.h"
#include "vpcsim/net.h"

#define DNS_RULE_TYPES(X)              \
	X(DNS_RULE_FORWARD, "FORWARD") \
	X(DNS_RULE_SYSTEM, "SYSTEM")   \
	X(DNS_RULE_RECURSIVE, "RECURSIVE")

enum dns_rule_type {
	DNS_RULE_TYPES(VS_NAMES_ENUM)
};
const char *dns_rule_type_name(enum dns_rule_type t); /* "FORWARD", "SYSTEM", "RECURSIVE" */

/* ResolverRules[] (list-resolver-rules). */
struct dns_rule_in {
	const char *id;                /* "rslvr-rr-..." */
	const char *domain;            /* DomainName: "corp.example.com." */
	enum dns_rule_type type;       /* RuleType */
	const char *const *target_ips; /* TargetIps[].Ip (":port" if not 53), FORWARD rules */
	uint32_t n_targets;
	const char *endpoint_id; /* ResolverEndpointId: the outbound endpoint */
	const char *name;
};

/* ResolverRuleAssociations[]. */
struct dns_rule_assoc_in {
	const char *rule_id;
	const char *vpc_id;
};

/* A VPC and its DNS attributes (describe-vpc-attribute). */
/* A DNS Firewall rule as a VPC's Resolver evaluates it
 * (resolver-dns-firewall-rule-group-priority.html): the rules of the VPC's
 * associated rule groups, groups by association priority, rules by their
 * priority, lowest first; the first rule whose domain list holds the name
 * decides (resolver-dns-firewall-rule-actions.html): ALLOW and ALERT let the
 * query through (ALERT logs it), BLOCK answers with its block response. */
enum dns_fw_action {
	DNS_FW_ALLOW = 0,
	DNS_FW_BLOCK,
	DNS_FW_ALERT
};
enum dns_fw_block {
	DNS_FW_NODATA = 0,
	DNS_FW_NXDOMAIN,
	DNS_FW_OVERRIDE
};
struct dns_fw_rule_in {
	const char *group_id, *assoc_id, *name, *list_id;
	int64_t assoc_priority, priority;
	const char *const *domains; /* "example.com", "*.example.com", "*" */
	uint32_t n_domains;
	enum dns_fw_action action;
	enum dns_fw_block block;
	const char *override_domain; /* DNS_FW_OVERRIDE: the CNAME answered */
	uint32_t override_ttl;
	bool trust_redirection; /* only the first name of a CNAME chain is inspected */
	uint16_t qtype;         /* 0: every type */
};

struct dns_vpc_in {
	const char *id;
	const char *region; /* for the autodefined EC2 host-name rules; may be NULL */
	bool enable_dns_support;
	bool enable_dns_hostnames;
	const struct dns_fw_rule_in *fw; /* DNS Firewall, in evaluation order */
	uint32_t n_fw;
};

/* A name AWS answers itself, outside every hosted zone: a load
 * balancer's DNS name (its nodes' addresses), an EC2 host name (the
 * instance's address).  Looked up where no hosted zone holds the name (in
 * public DNS, under Resolver's EC2 host-name rules) and for alias records
 * whose target is such a name. */
struct dns_aws_name_in {
	const char *name; /* "shop-web-123.us-east-1.elb.amazonaws.com" */
	uint16_t type;    /* DNS_T_A or DNS_T_AAAA */
	uint32_t ttl;
	const char *value;  /* "54.210.0.91" */
	const char *vpc_id; /* NULL: the answer from everywhere; else from inside that VPC,
			     * where it wins over a NULL one (split horizon) */
	const char *what;   /* what answers, for the step: a load balancer or ENI id */
};

/* A block of a CIDR collection: clients from it are at @location. */
struct dns_cidr_in {
	const char *collection_id;
	const char *location;
	struct net_prefix pfx;
};

struct dns_view_in {
	const struct dns_zone_in *zones; /* public and private; private zones list their VPCs */
	uint32_t n_zones;
	const struct dns_rule_in *rules;
	uint32_t n_rules;
	const struct dns_rule_assoc_in *assocs;
	uint32_t n_assocs;
	const struct dns_vpc_in *vpcs;
	uint32_t n_vpcs;
	const struct dns_aws_name_in *aws_names;
	uint32_t n_aws_names;
	const struct dns_cidr_in *cidrs; /* the CIDR collections' blocks (IP-based routing) */
	uint32_t n_cidrs;
	unsigned name_flags; /* DNS_NAME_OCTAL for names as Route 53's API prints them */
};

struct dns_view;

/*
 * Build a view.  Returns 0 and sets *out; VS_EINVAL for a NULL argument, a
 * zone or rule name that does not parse, an association naming an unknown
 * rule, two zones with one id, two rules of one domain associated with one
 * VPC, or two private zones of one name associated with one VPC (AWS refuses
 * both); VS_EPARSE for a record set Route 53 would refuse (zone.h); @err, if
 * not NULL, says which.  VS_ENOMEM.
 */
int dns_view_build(const struct dns_view_in *in, struct dns_view **out, char *err, size_t errlen);
void dns_view_free(struct dns_view *v); /* NULL is a no-op */
/* The built zone of @id (with or without "/hostedzone/"), or NULL. */
const struct dns_zone *dns_view_zone(const struct dns_view *v, const char *id);

/* A health check's status (get-health-check-status), or an outside alias target's. */
struct dns_health {
	const char *id; /* HealthCheckId, or an alias target's DNS name */
	bool healthy;
};

struct dns_query {
	struct dns_name qname;
	uint16_t qtype;
	const char *vpc_id;        /* NULL: from the internet */
	uint64_t client_hash;      /* picks among weighted / multivalue records */
	const char *client_region; /* latency routing; NULL: unknown */
	bool has_client_ip;        /* IP-based routing: the client's address (or its subnet) */
	struct net_addr client_ip;
	struct dns_geo client_geo; /* geolocation routing; all NULL: unknown */
	const struct dns_health *health;
	uint32_t n_health;
	/* the asking host's DNS servers from its VPC's DHCP options when they
	 * are not AmazonProvidedDNS (NULL: Route 53 Resolver answers) */
	const char *dhcp_id;
	const char *const *dhcp_servers;
	uint32_t n_dhcp_servers;
	/* from an on-premises site through a Resolver inbound endpoint: the
	 * site, and the endpoint that takes the query (NULL: none of the
	 * site's candidates lets it in, nobody answers) */
	const char *inbound_site;
	const char *inbound_id;
};

/* The RFC 1035 4.1.1 values we answer with. */
#define DNS_RCODES(X)                        \
	X(DNS_RCODE_NOERROR, 0, "NOERROR")   \
	X(DNS_RCODE_SERVFAIL, 2, "SERVFAIL") \
	X(DNS_RCODE_NXDOMAIN, 3, "NXDOMAIN") \
	X(DNS_RCODE_REFUSED, 5, "REFUSED")

enum dns_rcode {
	DNS_RCODES(VS_NAMES_ENUM_AT)
};
const char *dns_rcode_name(enum dns_rcode r); /* "NOERROR", ... */

/* How the query ended. */
#define DNS_OUTCOMES(X)                                                         \
	/* answers[] */                                                         \
	X(DNS_OUT_ANSWER, "answer")                                             \
	/* NOERROR, no answer */                                                \
	X(DNS_OUT_NODATA, "nodata")                                             \
	X(DNS_OUT_NXDOMAIN, "nxdomain")                                         \
	/* to forward_rule's target IPs: the answer is theirs */                \
	X(DNS_OUT_FORWARDED, "forwarded")                                       \
	/* a public zone delegates to servers outside the snapshot */           \
	X(DNS_OUT_REFERRAL, "referral")                                         \
	/* no hosted zone of the snapshot holds the name */                     \
	X(DNS_OUT_OUTSIDE, "outside")                                           \
	/* latency / geolocation without a client position */                   \
	X(DNS_OUT_UNDECIDED, "undecided")                                       \
	/* needs data this layer lacks (alias to an AWS resource, EC2 names) */ \
	X(DNS_OUT_INCOMPLETE, "incomplete")                                     \
	/* enableDnsSupport false: nobody answers (reported as SERVFAIL) */     \
	X(DNS_OUT_NO_SERVER, "no-server")                                       \
	/* a CNAME or alias chain that loops or is too long: SERVFAIL */        \
	X(DNS_OUT_LOOP, "loop")

enum dns_outcome {
	DNS_OUTCOMES(VS_NAMES_ENUM)
};
const char *dns_outcome_name(enum dns_outcome o);

#define DNS_STEP_KINDS(X)                                                \
	/* where the query comes from (id: the VPC, or NULL) */          \
	X(DNS_STEP_VIEW, "view")                                         \
	/* the VPC's DNS attributes decided something */                 \
	X(DNS_STEP_DNS_ATTRS, "dns-attributes")                          \
	/* a matching Resolver rule: chosen, or why it lost */           \
	X(DNS_STEP_RULE, "rule")                                         \
	/* forwarded: rule, endpoint, target IPs */                      \
	X(DNS_STEP_FORWARD, "forward")                                   \
	/* a hosted zone holding the name: chosen, or why not */         \
	X(DNS_STEP_ZONE, "zone")                                         \
	/* the private zone's negative answer stands */                  \
	X(DNS_STEP_NO_FALLBACK, "no-fallback")                           \
	/* a public zone delegates to another zone of the view */        \
	X(DNS_STEP_DELEGATION, "delegation")                             \
	/* the zone's answer for a name (reason: its kind) */            \
	X(DNS_STEP_LOOKUP, "lookup")                                     \
	/* synthesized from the wildcard in target */                    \
	X(DNS_STEP_WILDCARD, "wildcard")                                 \
	/* the routing policy of a record-set group */                   \
	X(DNS_STEP_POLICY, "policy")                                     \
	/* one record set of the group: probability, health, chosen */   \
	X(DNS_STEP_CANDIDATE, "candidate")                               \
	/* name -> target */                                             \
	X(DNS_STEP_CNAME, "cname")                                       \
	/* name -> alias target (id: its zone) */                        \
	X(DNS_STEP_ALIAS, "alias")                                       \
	/* a health check's status as used */                            \
	X(DNS_STEP_HEALTH, "health")                                     \
	/* what this layer cannot see (reason says what) */              \
	X(DNS_STEP_OUTSIDE, "outside")                                   \
	/* answered by AWS itself (id: the load balancer or ENI) */      \
	X(DNS_STEP_AWS_NAME, "aws-name")                                 \
	/* the host asks the DHCP options' servers (id: the options) */  \
	X(DNS_STEP_DHCP, "dhcp")                                         \
	/* a site's query enters through an inbound endpoint (id: it) */ \
	X(DNS_STEP_INBOUND, "inbound")                                   \
	/* a DNS Firewall rule matched (id: its rule group; fw_rule) */  \
	X(DNS_STEP_FIREWALL, "firewall")

enum dns_step_kind {
	DNS_STEP_KINDS(VS_NAMES_ENUM)
};
const char *dns_step_kind_name(enum dns_step_kind k); /* "view", "rule", ... */

struct dns_step {
	enum dns_step_kind kind;
	bool chosen;
	const char *reason; /* static text: why */
	const char *id;     /* the VPC, rule, zone or health check id the step is about */
	const struct dns_rule_in *rule; /* RULE, FORWARD: NULL for an autodefined rule */
	const char *rule_domain_text;   /* RULE: the autodefined rule's domain, static */
	enum dns_rule_type rule_type;
	const struct dns_zone_in *zone;       /* ZONE, LOOKUP, DELEGATION, NO_FALLBACK */
	const struct dns_rrset_in *rrset;     /* CANDIDATE, CNAME, ALIAS */
	const struct dns_fw_rule_in *fw_rule; /* FIREWALL */
	enum dns_policy policy;               /* POLICY, CANDIDATE */
	struct dns_name name;                 /* the name the step is about */
	struct dns_name target; /* CNAME / alias target, wildcard owner, delegated zone */
	double probability;     /* CANDIDATE: 0..1, or -1 when unknown */
	int healthy;            /* CANDIDATE, HEALTH: 1, 0, or -1 (no health check) */
};

struct dns_answer {
	struct dns_name owner; /* the query name for wildcard and alias answers */
	uint16_t type;
	uint32_t ttl;
	const char *data; /* the value as the record set holds it */
	const struct dns_rrset_in *rrset;
	const struct dns_zone_in *zone;
};

#define DNS_MAX_ANSWERS 32
#define DNS_MAX_STEPS   96
#define DNS_MAX_CNAME   16

struct dns_result {
	enum dns_rcode rcode;
	enum dns_outcome outcome;
	struct dns_answer answers[DNS_MAX_ANSWERS];
	uint32_t n_answers;
	bool answers_truncated;
	const struct dns_rule_in *forward_rule; /* DNS_OUT_FORWARDED */
	struct dns_name final_name;             /* the name the last answer is for (after CNAMEs) */
	uint32_t neg_ttl;                       /* NODATA / NXDOMAIN: RFC 2308 5 */
	struct dns_step steps[DNS_MAX_STEPS];
	uint32_t n_steps;
	bool steps_truncated;
};

/*
 * Answer @q as seen from @q->vpc_id (or the internet) into @r (overwritten).
 * Returns 0; VS_EINVAL for a NULL argument; VS_ENOTFOUND when the VPC is not
 * in the view.
 */
int dns_resolve(const struct dns_view *v, const struct dns_query *q, struct dns_result *r);

#endif
