/*
 * DOC: hosted zones (zone.h): Route 53's record-set rules checked at build,
 * RFC 1034 4.3.2 / RFC 4592 / RFC 2308 lookup per query
 *
 * The built zone is two parallel arrays sorted in canonical order (RFC 4034
 * 6.1), then by type, then by input position: the owner names and the record
 * sets.  In that order a name is followed by every name below it, in one run,
 * so "does anything exist at or below N" is one binary search (the lower bound
 * of N is N itself or a name below it), which is all an empty non-terminal
 * and the closest encloser of RFC 4592 need.  A lookup does at most one binary
 * search per label of the query name.
 */
#include "dns/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/names.h"
#include "base/sorted.h"
#include "dns/wire.h"
#include "vpcsim/error.h"

struct dns_zone {
	struct arena *a;
	const struct dns_zone_in *in;
	const char *id;
	struct dns_name apex;
	uint32_t n;
	struct dns_name *names;           /* sorted */
	const struct dns_rrset_in **sets; /* parallel to names */
	uint32_t neg_ttl;
};

static const struct {
	uint16_t type;
	const char *name;
} type_names[] = {
	{DNS_T_A, "A"},         {DNS_T_NS, "NS"},     {DNS_T_CNAME, "CNAME"},
	{DNS_T_SOA, "SOA"},     {DNS_T_PTR, "PTR"},   {DNS_T_MX, "MX"},
	{DNS_T_TXT, "TXT"},     {DNS_T_AAAA, "AAAA"}, {DNS_T_SRV, "SRV"},
	{DNS_T_NAPTR, "NAPTR"}, {DNS_T_DS, "DS"},     {DNS_T_SVCB, "SVCB"},
	{DNS_T_HTTPS, "HTTPS"}, {DNS_T_SPF, "SPF"},   {DNS_T_CAA, "CAA"},
};

const char *dns_type_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	return NULL;
}

const char *dns_type_text(uint16_t type, char *buf, size_t len)
{
	const char *n = dns_type_name(type);
	if (n)
		return n;
	snprintf(buf, len, "TYPE%u", (unsigned)type);
	return buf;
}

uint16_t dns_type_parse(const char *s)
{
	if (!s)
		return 0;
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcasecmp(s, type_names[i].name) == 0)
			return type_names[i].type;
	/* RFC 3597 5: TYPEnnn */
	if (strncasecmp(s, "TYPE", 4) == 0 && s[4] >= '0' && s[4] <= '9') {
		unsigned long v = 0;
		for (const char *p = s + 4; *p; p++) {
			if (*p < '0' || *p > '9')
				return 0;
			v = v * 10 + (unsigned long)(*p - '0');
			if (v > 65535)
				return 0;
		}
		return (uint16_t)v;
	}
	return 0;
}

NAMES_DEFINE(dns_policy_name, enum dns_policy, DNS_POLICIES, "unknown")

/* How many routing-policy fields @s sets (Route 53 allows one). */
static unsigned policy_fields(const struct dns_rrset_in *s)
{
	return (unsigned)s->has_weight + (s->failover != DNS_FAILOVER_NONE) + (s->region != NULL) +
	       (s->geo != NULL) + (unsigned)s->multivalue;
}

enum dns_policy dns_rrset_policy(const struct dns_rrset_in *s)
{
	if (s->has_weight)
		return DNS_POLICY_WEIGHTED;
	if (s->failover != DNS_FAILOVER_NONE)
		return DNS_POLICY_FAILOVER;
	if (s->region)
		return DNS_POLICY_LATENCY;
	if (s->geo)
		return DNS_POLICY_GEO;
	if (s->multivalue)
		return DNS_POLICY_MULTIVALUE;
	if (s->cidr_collection)
		return DNS_POLICY_CIDR;
	if (s->geoprox)
		return DNS_POLICY_GEOPROX;
	return DNS_POLICY_SIMPLE;
}

const struct dns_zone_in *dns_zone_input(const struct dns_zone *z)
{
	return z->in;
}

const struct dns_name *dns_zone_apex(const struct dns_zone *z)
{
	return &z->apex;
}

const char *dns_zone_id(const struct dns_zone *z)
{
	return z->id;
}

const char *dns_zone_id_strip(const char *id)
{
	static const char prefix[] = "/hostedzone/";
	if (id && strncmp(id, prefix, sizeof(prefix) - 1) == 0)
		return id + sizeof(prefix) - 1;
	return id;
}

struct entry {
	struct dns_name name;
	const struct dns_rrset_in *s;
	uint32_t pos;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = dns_name_cmp(&x->name, &y->name);
	if (c)
		return c;
	if (x->s->type != y->s->type)
		return x->s->type < y->s->type ? -1 : 1;
	return x->pos < y->pos ? -1 : (x->pos > y->pos);
}

static bool same_str(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The last number of an SOA value: its MINIMUM (RFC 1035 3.3.13). */
static bool soa_minimum(const char *v, uint32_t *out)
{
	if (!v)
		return false;
	size_t n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	size_t end = n;
	while (n > 0 && v[n - 1] >= '0' && v[n - 1] <= '9')
		n--;
	if (n == end || end - n > 10)
		return false;
	unsigned long long m = 0;
	for (size_t i = n; i < end; i++)
		m = m * 10 + (unsigned)(v[i] - '0');
	if (m > UINT32_MAX)
		return false;
	*out = (uint32_t)m;
	return true;
}

static int fail(char *err, size_t errlen, const struct dns_zone_in *in, const char *rname,
		uint16_t type, const char *why)
{
	if (err && errlen) {
		char tb[16];
		const char *t = dns_type_text(type, tb, sizeof(tb));
		snprintf(err, errlen, "hosted zone %s (%s): %s %s: %s", in->id ? in->id : "?",
			 in->name ? in->name : "?", rname ? rname : "?", t, why);
	}
	return VS_EPARSE;
}

/* Route 53's own checks on the record sets of one owner name, [b, e). */
static int check_node(const struct dns_zone *z, const struct entry *v, uint32_t b, uint32_t e,
		      unsigned flags, char *err, size_t errlen)
{
	const struct dns_zone_in *in = z->in;
	bool apex = dns_name_equal(&v[b].name, &z->apex);
	bool has_cname = false, has_other = false;

	for (uint32_t i = b; i < e; i++) {
		const struct dns_rrset_in *s = v[i].s;
		if (s->type == DNS_T_CNAME)
			has_cname = true;
		else
			has_other = true;
		if (policy_fields(s) > 1)
			return fail(err, errlen, in, s->name, s->type,
				    "more than one routing policy on one record set");
		if (s->has_weight && s->weight > 255)
			return fail(err, errlen, in, s->name, s->type, "Weight is above 255");
		if (dns_rrset_policy(s) != DNS_POLICY_SIMPLE && !s->set_identifier)
			return fail(err, errlen, in, s->name, s->type,
				    "a routing policy needs a SetIdentifier");
		if (dns_rrset_policy(s) == DNS_POLICY_SIMPLE && s->set_identifier)
			return fail(err, errlen, in, s->name, s->type,
				    "a SetIdentifier needs a routing policy");
		/* resource-record-sets-values-multivalue.html */
		if (s->multivalue && s->alias)
			return fail(err, errlen, in, s->name, s->type,
				    "multivalue answer alias records are not supported");
		if (s->multivalue && (s->type == DNS_T_CNAME || s->type == DNS_T_NS))
			return fail(err, errlen, in, s->name, s->type,
				    "a multivalue answer record cannot be CNAME or NS");
		if (s->type == DNS_T_NS && dns_name_is_wildcard(&v[i].name))
			return fail(err, errlen, in, s->name, s->type,
				    "the * wildcard cannot be used for NS records");
		if (s->type == DNS_T_NS && !apex && in->private_zone)
			return fail(err, errlen, in, s->name, s->type,
				    "a private hosted zone cannot delegate a subdomain");
		if (!s->alias && s->n_values == 0)
			return fail(err, errlen, in, s->name, s->type, "no ResourceRecords");
		for (uint32_t k = 0; !s->alias && k < s->n_values; k++)
			if (!dns_wire_rdata_valid(s->type, s->values[k], flags)) {
				/* Route 53's InvalidChangeBatch says "Invalid Resource
				 * Record: FATAL problem: ... encountered with 'VALUE'" */
				char why[400];
				snprintf(why, sizeof(why),
					 "Invalid Resource Record: the value '%.200s' is not one a "
					 "record of this type can hold",
					 s->values[k]);
				return fail(err, errlen, in, s->name, s->type, why);
			}
		if (s->type == DNS_T_CNAME && !s->alias) {
			struct dns_name t;
			if (s->n_values != 1)
				return fail(err, errlen, in, s->name, s->type,
					    "a CNAME holds exactly one value");
			if (dns_name_parse(&t, s->values[0], flags) != 0)
				return fail(err, errlen, in, s->name, s->type,
					    "the CNAME value is not a domain name");
		}
		if (s->alias) {
			struct dns_name t;
			if (!s->alias->hosted_zone_id || !s->alias->dns_name ||
			    dns_name_parse(&t, s->alias->dns_name, flags) != 0)
				return fail(err, errlen, in, s->name, s->type,
					    "AliasTarget needs a HostedZoneId and a DNSName");
		}
		/* one name and type: one policy, distinct SetIdentifiers */
		if (i > b && v[i - 1].s->type == s->type) {
			const struct dns_rrset_in *p = v[i - 1].s;
			if (dns_rrset_policy(p) != dns_rrset_policy(s))
				return fail(err, errlen, in, s->name, s->type,
					    "routing policies are mixed in one name and type");
			if (dns_rrset_policy(s) == DNS_POLICY_SIMPLE)
				return fail(err, errlen, in, s->name, s->type,
					    "a simple record set already exists for this name and "
					    "type");
			for (uint32_t k = b; k < i; k++) {
				if (v[k].s->type != s->type)
					continue;
				if (same_str(v[k].s->set_identifier, s->set_identifier))
					return fail(err, errlen, in, s->name, s->type,
						    "two record sets share a SetIdentifier");
				if (s->failover != DNS_FAILOVER_NONE &&
				    v[k].s->failover == s->failover)
					return fail(err, errlen, in, s->name, s->type,
						    "one PRIMARY and one SECONDARY per name and "
						    "type "
						    "(resource-record-sets-values-failover.html)");
			}
		}
	}
	if (has_cname && apex)
		return fail(err, errlen, in, v[b].s->name, DNS_T_CNAME,
			    "a CNAME cannot be at the zone apex (use an alias record)");
	if (has_cname && has_other)
		return fail(err, errlen, in, v[b].s->name, DNS_T_CNAME,
			    "a CNAME cannot share its name with other records (RFC 1034 3.6.2)");
	return 0;
}

int dns_zone_build(const struct dns_zone_in *in, unsigned flags, struct dns_zone **out, char *err,
		   size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!in || !out || !in->id || !in->name || (in->n_rrsets && !in->rrsets))
		return VS_EINVAL;
	*out = NULL;

	struct dns_zone *z = calloc(1, sizeof(*z));
	if (!z)
		return VS_ENOMEM;
	z->in = in;
	z->id = dns_zone_id_strip(in->id);
	int rc = dns_name_parse(&z->apex, in->name, flags);
	if (rc != 0) {
		if (err && errlen)
			snprintf(err, errlen, "hosted zone %s: the name \"%s\" does not parse: %s",
				 in->id, in->name, vs_strerror(rc));
		free(z);
		return VS_EINVAL;
	}
	z->a = arena_new();
	struct entry *v = in->n_rrsets ? calloc(in->n_rrsets, sizeof(*v)) : NULL;
	if (!z->a || (in->n_rrsets && !v)) {
		free(v);
		dns_zone_free(z);
		return VS_ENOMEM;
	}
	for (uint32_t i = 0; i < in->n_rrsets; i++) {
		const struct dns_rrset_in *s = &in->rrsets[i];
		v[i].s = s;
		v[i].pos = i;
		rc = s->name ? dns_name_parse(&v[i].name, s->name, flags) : VS_EINVAL;
		if (rc != 0) {
			fail(err, errlen, in, s->name, s->type, "the name does not parse");
			free(v);
			dns_zone_free(z);
			return VS_EINVAL;
		}
		if (!dns_name_is_subdomain(&v[i].name, &z->apex)) {
			rc = fail(err, errlen, in, s->name, s->type, "the name is not in the zone");
			free(v);
			dns_zone_free(z);
			return rc;
		}
	}
	if (in->n_rrsets)
		qsort(v, in->n_rrsets, sizeof(*v), entry_cmp);
	for (uint32_t b = 0; b < in->n_rrsets;) {
		uint32_t e = b + 1;
		while (e < in->n_rrsets && dns_name_equal(&v[e].name, &v[b].name))
			e++;
		rc = check_node(z, v, b, e, flags, err, errlen);
		if (rc != 0) {
			free(v);
			dns_zone_free(z);
			return rc;
		}
		b = e;
	}

	z->n = in->n_rrsets;
	z->names = arena_calloc(z->a, z->n ? z->n : 1, sizeof(*z->names));
	z->sets = arena_calloc(z->a, z->n ? z->n : 1, sizeof(*z->sets));
	if (!z->names || !z->sets) {
		free(v);
		dns_zone_free(z);
		return VS_ENOMEM;
	}
	for (uint32_t i = 0; i < z->n; i++) {
		z->names[i] = v[i].name;
		z->sets[i] = v[i].s;
		uint32_t m;
		if (v[i].s->type == DNS_T_SOA && dns_name_equal(&v[i].name, &z->apex) &&
		    v[i].s->n_values > 0 && soa_minimum(v[i].s->values[0], &m))
			z->neg_ttl = v[i].s->ttl < m ? v[i].s->ttl : m;
	}
	free(v);
	*out = z;
	return 0;
}

void dns_zone_free(struct dns_zone *z)
{
	if (!z)
		return;
	arena_free(z->a);
	free(z);
}

static int name_key_cmp(const void *elem, const void *key)
{
	return dns_name_cmp(elem, key);
}

/* First index whose name is not before @q. */
static uint32_t lower_bound(const struct dns_zone *z, const struct dns_name *q)
{
	return (uint32_t)sorted_lower_bound(z->names, z->n, sizeof(*z->names), q, name_key_cmp);
}

/* [*b, *e): the record sets owned by exactly @q; false when there are none. */
static bool node_range(const struct dns_zone *z, const struct dns_name *q, uint32_t *b, uint32_t *e)
{
	uint32_t i = lower_bound(z, q);
	uint32_t j = i;
	while (j < z->n && dns_name_equal(&z->names[j], q))
		j++;
	*b = i;
	*e = j;
	return j > i;
}

/* @q owns data, or has names below it (RFC 4592 2.2.2), or is the apex. */
static bool name_exists(const struct dns_zone *z, const struct dns_name *q)
{
	if (dns_name_equal(q, &z->apex))
		return true;
	uint32_t i = lower_bound(z, q);
	return i < z->n && dns_name_is_subdomain(&z->names[i], q);
}

/* Within [b, e): the sets of @type. */
static bool type_range(const struct dns_zone *z, uint32_t b, uint32_t e, uint16_t type,
		       uint32_t *tb, uint32_t *te)
{
	uint32_t i = b;
	while (i < e && z->sets[i]->type != type)
		i++;
	uint32_t j = i;
	while (j < e && z->sets[j]->type == type)
		j++;
	*tb = i;
	*te = j;
	return j > i;
}

/* Answer from the node [b, e) (the name itself or the wildcard). */
static void answer_node(const struct dns_zone *z, uint32_t b, uint32_t e, uint16_t qtype,
			struct dns_lookup *out)
{
	uint32_t tb, te;
	if (type_range(z, b, e, qtype, &tb, &te)) {
		out->kind = DNS_LOOKUP_ANSWER;
	} else if (qtype != DNS_T_CNAME && type_range(z, b, e, DNS_T_CNAME, &tb, &te)) {
		out->kind = DNS_LOOKUP_CNAME;
	} else {
		out->kind = DNS_LOOKUP_NODATA;
		out->neg_ttl = z->neg_ttl;
		return;
	}
	out->sets = &z->sets[tb];
	out->n_sets = te - tb;
}

int dns_zone_lookup(const struct dns_zone *z, const struct dns_name *qname, uint16_t qtype,
		    struct dns_lookup *out)
{
	if (!z || !qname || !out)
		return VS_EINVAL;
	memset(out, 0, sizeof(*out));
	out->owner = *qname;
	if (!dns_name_is_subdomain(qname, &z->apex)) {
		out->kind = DNS_LOOKUP_NOT_IN_ZONE;
		return 0;
	}

	/* RFC 1034 4.3.2 3b: a zone cut on the way down is a referral. */
	for (unsigned k = z->apex.labels + 1; k <= qname->labels; k++) {
		struct dns_name anc;
		uint32_t b, e, tb, te;
		dns_name_strip(qname, qname->labels - k, &anc);
		if (!node_range(z, &anc, &b, &e) || !type_range(z, b, e, DNS_T_NS, &tb, &te))
			continue;
		if (k == qname->labels && qtype == DNS_T_DS)
			break; /* DS lives on the parent side of the cut (RFC 4035 3.1.4.1) */
		out->kind = DNS_LOOKUP_REFERRAL;
		out->owner = anc;
		out->sets = &z->sets[tb];
		out->n_sets = te - tb;
		return 0;
	}

	uint32_t b, e;
	if (node_range(z, qname, &b, &e)) {
		answer_node(z, b, e, qtype, out);
		return 0;
	}
	if (name_exists(z, qname)) {
		/* the apex without records, or an empty non-terminal */
		out->kind = DNS_LOOKUP_NODATA;
		out->empty_nonterminal = !dns_name_equal(qname, &z->apex);
		out->neg_ttl = z->neg_ttl;
		return 0;
	}

	/* RFC 4592 3.3.1: the closest encloser, then its wildcard child. */
	struct dns_name ce = z->apex, wild;
	for (unsigned strip = 1; strip <= (unsigned)(qname->labels - z->apex.labels); strip++) {
		dns_name_strip(qname, strip, &ce);
		if (name_exists(z, &ce))
			break;
	}
	if (dns_name_wildcard_of(&ce, &wild) == 0 && name_exists(z, &wild)) {
		out->wildcard = true;
		out->owner = wild;
		if (node_range(z, &wild, &b, &e)) {
			answer_node(z, b, e, qtype, out);
		} else {
			out->kind = DNS_LOOKUP_NODATA;
			out->neg_ttl = z->neg_ttl;
		}
		return 0;
	}
	out->kind = DNS_LOOKUP_NXDOMAIN;
	out->neg_ttl = z->neg_ttl;
	return 0;
}
