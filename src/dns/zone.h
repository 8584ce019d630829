/*
 * DOC: hosted zones and their record sets, and the lookup of one name in one
 * zone
 *
 * The input types mirror what Route 53's API prints: a hosted zone
 * (list-hosted-zones / get-hosted-zone: Id, Name, Config.PrivateZone, VPCs)
 * and its ResourceRecordSets (list-resource-record-sets: Name, Type, TTL,
 * ResourceRecords[].Value, AliasTarget, SetIdentifier, Weight, Failover,
 * Region, GeoLocation, MultiValueAnswer, HealthCheckId).  The loader fills
 * them; this module never reads JSON.
 *
 * dns_zone_build() is the builder: it parses every owner name once, checks
 * what Route 53 itself refuses in a change batch (InvalidChangeBatch: a name
 * outside the zone, CNAME at the apex or beside other data, two record sets
 * with one name, type and SetIdentifier, routing policies mixed in one name
 * and type, a SetIdentifier missing or set on a simple record, Weight over
 * 255, two PRIMARY or two SECONDARY failover records, a multivalue alias or
 * a multivalue CNAME or NS, NS below the apex of a private zone, a wildcard
 * NS) and sorts the sets in canonical order (RFC 4034 6.1).
 *
 * dns_zone_lookup() is the per-query function (never allocates; thread-safe
 * on a built zone): RFC 1034 4.3.2 step 3 as Route 53 answers --
 *  - a delegation (NS at a name between the apex, exclusive, and the query
 *    name, inclusive) gives a referral (DS at the cut itself is the parent's);
 *  - the name exists with the type: the answer (every record set of that
 *    name and type, one per routing-policy variant: the caller picks);
 *  - the name holds a CNAME (and the type asked is not CNAME): the CNAME,
 *    for the caller to chase (RFC 1034 3.6.2);
 *  - the name exists with other types only, or has names below it and no
 *    data (an empty non-terminal, RFC 4592 2.2.2): NODATA (NOERROR, no
 *    answer);
 *  - otherwise the wildcard "*.<closest encloser>" answers, if it exists
 *    (RFC 4592 3.3.1; Route 53 supports "*" as the whole leftmost label,
 *    DomainNameFormat.html), with the same rules (NODATA if it lacks the
 *    type); the apex always exists (Route 53 creates its SOA and NS), so
 *    "*.example.com" never answers for example.com itself;
 *  - otherwise NXDOMAIN.
 * Negative answers carry the negative-caching TTL of RFC 2308 5: the lower of
 * the SOA record's TTL and its MINIMUM field, when the zone has an SOA.
 *
 * The built zone points into the caller's input, which must outlive it.
 */
#ifndef VPCSIM_DNS_ZONE_H
#define VPCSIM_DNS_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"
#include "vpcsim/names.h"

/* RR TYPE values (RFC 1035 3.2.2 and later RFCs); Route 53 supports these. */
enum {
	DNS_T_A = 1,
	DNS_T_NS = 2,
	DNS_T_CNAME = 5,
	DNS_T_SOA = 6,
	DNS_T_PTR = 12,
	DNS_T_MX = 15,
	DNS_T_TXT = 16,
	DNS_T_AAAA = 28,
	DNS_T_SRV = 33,
	DNS_T_NAPTR = 35,
	DNS_T_DS = 43,
	DNS_T_SVCB = 64,
	DNS_T_HTTPS = 65,
	DNS_T_SPF = 99,
	DNS_T_CAA = 257,
};

/* "A", "AAAA", ...; NULL for a type this module has no name for. */
const char *dns_type_name(uint16_t type);
/* dns_type_name(), or "TYPE<n>" written into @buf for a type without a name. */
const char *dns_type_text(uint16_t type, char *buf, size_t len);
/* The type named (case-insensitive, "TYPE123" too), or 0. */
uint16_t dns_type_parse(const char *s);

/* Route 53's routing policies, as derived from a record set's fields. */
#define DNS_POLICIES(X)                           \
	X(DNS_POLICY_SIMPLE, "simple")            \
	/* Weight */                              \
	X(DNS_POLICY_WEIGHTED, "weighted")        \
	/* Failover */                            \
	X(DNS_POLICY_FAILOVER, "failover")        \
	/* Region */                              \
	X(DNS_POLICY_LATENCY, "latency")          \
	/* GeoLocation */                         \
	X(DNS_POLICY_GEO, "geolocation")          \
	/* MultiValueAnswer */                    \
	X(DNS_POLICY_MULTIVALUE, "multivalue")    \
	/* CidrRoutingConfig: IP-based routing */ \
	X(DNS_POLICY_CIDR, "ip-based")            \
	/* GeoProximityLocation */                \
	X(DNS_POLICY_GEOPROX, "geoproximity")

enum dns_policy {
	DNS_POLICIES(VS_NAMES_ENUM)
};
const char *dns_policy_name(enum dns_policy p); /* "simple", "weighted", ... */

enum dns_failover {
	DNS_FAILOVER_NONE = 0,
	DNS_FAILOVER_PRIMARY,
	DNS_FAILOVER_SECONDARY,
};

/* AliasTarget. */
struct dns_alias_target {
	const char *hosted_zone_id; /* the target's zone: "Z..." or "/hostedzone/Z..." */
	const char *dns_name;       /* "dualstack.my-alb-123.us-east-1.elb.amazonaws.com." */
	bool evaluate_target_health;
};

/* GeoLocation: ContinentCode, CountryCode ("*" = the default record), SubdivisionCode. */
struct dns_geo {
	const char *continent;
	const char *country;
	const char *subdivision;
};

/* One ResourceRecordSet. */
struct dns_rrset_in {
	const char *name; /* as Route 53 prints it ("\052.example.com.") */
	uint16_t type;
	uint32_t ttl;              /* not used for alias records (the target's counts) */
	const char *const *values; /* ResourceRecords[].Value, as printed */
	uint32_t n_values;
	const struct dns_alias_target *alias; /* NULL: not an alias record */

	const char *set_identifier; /* NULL for simple records */
	bool has_weight;
	uint32_t weight; /* 0-255 */
	enum dns_failover failover;
	const char *region;        /* latency records */
	const struct dns_geo *geo; /* geolocation records */
	bool multivalue;
	const char *cidr_collection, *cidr_location; /* IP-based records ("*": the default) */
	bool geoprox;                                /* geoproximity records */
	const char *geoprox_region; /* their AWSRegion or LocalZoneGroup; NULL: coordinates */
	int32_t geoprox_bias;
	const char *health_check_id;
	const void *user; /* the caller's, returned as is */
};

/* VPCs[] of get-hosted-zone, for private zones. */
struct dns_zone_vpc {
	const char *vpc_id;
	const char *region;
};

struct dns_zone_in {
	const char *id;   /* "Z0123..." or "/hostedzone/Z0123..." */
	const char *name; /* "example.com." */
	bool private_zone;
	const struct dns_rrset_in *rrsets;
	uint32_t n_rrsets;
	const struct dns_zone_vpc *vpcs;
	uint32_t n_vpcs;
};

struct dns_zone;

/*
 * Build a zone from @in (not copied: it must outlive the zone).  @flags are
 * the name flags (DNS_NAME_OCTAL for names as Route 53's API prints them)
 * used for owner names, CNAME values and alias targets.  Returns 0 and sets
 * *out; VS_EINVAL when an argument is NULL or a name does not parse;
 * VS_EPARSE for a record set Route 53 would refuse (see DOC; then @err, if
 * not NULL, says which and why); VS_ENOMEM.
 */
int dns_zone_build(const struct dns_zone_in *in, unsigned flags, struct dns_zone **out, char *err,
		   size_t errlen);
void dns_zone_free(struct dns_zone *z); /* NULL is a no-op */

const struct dns_zone_in *dns_zone_input(const struct dns_zone *z);
const struct dns_name *dns_zone_apex(const struct dns_zone *z);
/* The zone id without "/hostedzone/". */
const char *dns_zone_id(const struct dns_zone *z);
/* "/hostedzone/Z123" -> "Z123" (a pointer into @id); any other @id, NULL too, as it is. */
const char *dns_zone_id_strip(const char *id);
/* The routing policy of a record set (valid after a successful build). */
enum dns_policy dns_rrset_policy(const struct dns_rrset_in *s);

enum dns_lookup_kind {
	DNS_LOOKUP_ANSWER,      /* sets: the record sets of the name and type */
	DNS_LOOKUP_CNAME,       /* sets: the CNAME record sets of the name */
	DNS_LOOKUP_NODATA,      /* the name exists, not with this type */
	DNS_LOOKUP_NXDOMAIN,    /* no such name, no wildcard */
	DNS_LOOKUP_REFERRAL,    /* sets: the NS record sets of the cut at owner */
	DNS_LOOKUP_NOT_IN_ZONE, /* the name is not at or below the apex */
};

struct dns_lookup {
	enum dns_lookup_kind kind;
	const struct dns_rrset_in *const *sets; /* into the built zone; n_sets of them */
	uint32_t n_sets;
	struct dns_name owner;  /* the node that answered: the name, "*.<encloser>", the cut */
	bool wildcard;          /* synthesized from owner (RFC 4592) */
	bool empty_nonterminal; /* NODATA because only names below it exist */
	uint32_t neg_ttl;       /* NODATA / NXDOMAIN: RFC 2308 5; 0 without an SOA */
};

/* Look @qname up (see DOC).  Returns 0; VS_EINVAL for a NULL argument. */
int dns_zone_lookup(const struct dns_zone *z, const struct dns_name *qname, uint16_t qtype,
		    struct dns_lookup *out);

#endif
