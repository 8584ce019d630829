/*
 * DOC: Route 53 Resolver's decision for one query (resolve.h): Resolver rules
 * (resolver-overview-forward-vpc-to-network-domain-name-matches.html and
 * -autodefined-rules.html), private hosted zones (hosted-zone-private-
 * considerations.html), public zones and their delegations (RFC 1034 4.3.2),
 * CNAME (RFC 1034 3.6.2, 4.3.2 3a), alias records (resource-record-sets-
 * choosing-alias-non-alias.html), routing policies (routing-policy-*.html)
 *
 * The builder turns each VPC's rule associations into one list of compiled
 * rules -- the user's and the autodefined ones -- sorted most specific first,
 * a user rule before an autodefined rule of the same domain, so the first
 * rule that matches a name is the one Resolver uses.  The per-query path
 * works in the caller's struct dns_result and on the stack: no allocation.
 * Recursion (alias to alias, alias health) is bounded by DNS_ALIAS_DEPTH,
 * and alias-health work by DNS_ALIAS_BUDGET per query, so crafted input
 * cannot make one query slow.
 */
#include "dns/resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/names.h"
#include "base/sorted.h"
#include "vpcsim/error.h"

#define DNS_ALIAS_DEPTH    8
#define DNS_MULTIVALUE_MAX 8    /* routing-policy-multivalue.html: "up to eight" */
#define DNS_GROUP_MAX      512  /* record sets of one name and type a policy weighs */
#define DNS_ALIAS_BUDGET   4096 /* alias-target health evaluations per query */

enum rule_origin {
	RULE_USER = 0,
	RULE_AUTO_ZONE,     /* a private hosted zone associated with the VPC */
	RULE_AUTO_EC2,      /* the Region's EC2 host names */
	RULE_AUTO_INTERNET, /* "Internet Resolver": RECURSIVE for "." */
};

struct rule_c {
	struct dns_name domain;
	enum dns_rule_type type;
	enum rule_origin origin;
	const struct dns_rule_in *in; /* RULE_USER */
	const struct dns_zone *zone;  /* RULE_AUTO_ZONE */
	const char *text;             /* the domain as text (autodefined rules) */
};

struct vpc_c {
	const struct dns_vpc_in *in;
	struct rule_c *rules; /* most specific first */
	uint32_t n_rules;
	const struct dns_zone **pzones; /* associated private zones */
	uint32_t n_pzones;
};

struct dns_view {
	struct arena *a;
	const struct dns_view_in *in;
	struct dns_zone **zones; /* input order */
	uint32_t n_zones;
	const struct dns_zone **by_id; /* sorted by id */
	const struct dns_zone **pub;   /* public zones by apex (canonical), then input order */
	uint32_t n_pub;
	struct vpc_c *vpcs; /* sorted by id */
	uint32_t n_vpcs;
	struct aws_c *aws; /* AWS-provided names, canonical order */
	uint32_t n_aws;
};

struct aws_c {
	struct dns_name name;
	const struct dns_aws_name_in *in;
};

static int aws_cmp(const void *a, const void *b)
{
	const struct aws_c *x = a, *y = b;
	return dns_name_cmp(&x->name, &y->name);
}

static int aws_key_cmp(const void *elem, const void *key)
{
	return dns_name_cmp(&((const struct aws_c *)elem)->name, key);
}

NAMES_DEFINE(dns_rule_type_name, enum dns_rule_type, DNS_RULE_TYPES, "UNKNOWN")
/* sparse: the unused slots of the table stay NULL */
NAMES_DEFINE_AT(dns_rcode_name, enum dns_rcode, DNS_RCODES, "UNKNOWN")
NAMES_DEFINE(dns_outcome_name, enum dns_outcome, DNS_OUTCOMES, "unknown")
NAMES_DEFINE(dns_step_kind_name, enum dns_step_kind, DNS_STEP_KINDS, "unknown")

/* ---- build ---- */

static int zone_id_cmp(const void *a, const void *b)
{
	const struct dns_zone *const *x = a, *const *y = b;
	return strcmp(dns_zone_id(*x), dns_zone_id(*y));
}

static int zone_id_key_cmp(const void *elem, const void *id)
{
	return strcmp(dns_zone_id(*(const struct dns_zone *const *)elem), id);
}

const struct dns_zone *dns_view_zone(const struct dns_view *v, const char *id)
{
	if (!v || !id)
		return NULL;
	id = dns_zone_id_strip(id);
	const struct dns_zone *const *z =
		sorted_find(v->by_id, v->n_zones, sizeof(*v->by_id), id, zone_id_key_cmp);
	return z ? *z : NULL;
}

static int pub_cmp(const void *a, const void *b)
{
	const struct dns_zone *const *x = a, *const *y = b;
	int c = dns_name_cmp(dns_zone_apex(*x), dns_zone_apex(*y));
	if (c)
		return c;
	/* the input order among zones of one name: dns_zone_input() points into one array */
	const struct dns_zone_in *p = dns_zone_input(*x), *q = dns_zone_input(*y);
	return (p > q) - (p < q);
}

static int pub_apex_key_cmp(const void *elem, const void *name)
{
	return dns_name_cmp(dns_zone_apex(*(const struct dns_zone *const *)elem), name);
}

/* Index of the first public zone whose apex is @n, or v->n_pub. */
static uint32_t public_index(const struct dns_view *v, const struct dns_name *n)
{
	uint32_t lo = (uint32_t)sorted_lower_bound(v->pub, v->n_pub, sizeof(*v->pub), n,
						   pub_apex_key_cmp);
	return lo < v->n_pub && dns_name_equal(dns_zone_apex(v->pub[lo]), n) ? lo : v->n_pub;
}

static int vpc_cmp(const void *a, const void *b)
{
	const struct vpc_c *x = a, *y = b;
	return strcmp(x->in->id, y->in->id);
}

static int vpc_id_key_cmp(const void *elem, const void *id)
{
	return strcmp(((const struct vpc_c *)elem)->in->id, id);
}

static const struct vpc_c *find_vpc(const struct dns_view *v, const char *id)
{
	return sorted_find(v->vpcs, v->n_vpcs, sizeof(*v->vpcs), id, vpc_id_key_cmp);
}

static int rule_cmp(const void *a, const void *b)
{
	const struct rule_c *x = a, *y = b;
	if (x->domain.labels != y->domain.labels)
		return x->domain.labels > y->domain.labels ? -1 : 1;
	int c = dns_name_cmp(&x->domain, &y->domain);
	if (c)
		return c;
	/* the user's rule overrides an autodefined one of the same domain */
	return (x->origin > y->origin) - (x->origin < y->origin);
}

static int add_auto(struct arena *a, struct rule_c *r, enum rule_origin o, enum dns_rule_type t,
		    const char *text)
{
	r->origin = o;
	r->type = t;
	r->text = arena_strdup(a, text);
	if (!r->text)
		return VS_ENOMEM;
	return dns_name_parse(&r->domain, text, 0) == 0 ? 0 : VS_EINVAL;
}

static int say(char *err, size_t errlen, int rc, const char *fmt, const char *a, const char *b)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, a ? a : "?", b ? b : "?");
	return rc;
}

static bool zone_has_vpc(const struct dns_zone_in *z, const char *vpc)
{
	for (uint32_t i = 0; i < z->n_vpcs; i++)
		if (z->vpcs[i].vpc_id && strcmp(z->vpcs[i].vpc_id, vpc) == 0)
			return true;
	return false;
}

static int build_vpc(struct dns_view *v, const struct dns_vpc_in *vin, struct vpc_c *out,
		     const struct dns_name *rule_names, char *err, size_t errlen)
{
	const struct dns_view_in *in = v->in;
	out->in = vin;
	if (!vin->id)
		return VS_EINVAL;

	uint32_t np = 0;
	for (uint32_t i = 0; i < v->n_zones; i++)
		if (in->zones[i].private_zone && zone_has_vpc(&in->zones[i], vin->id))
			np++;
	out->pzones = arena_calloc(v->a, np ? np : 1, sizeof(*out->pzones));
	if (!out->pzones)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < v->n_zones; i++)
		if (in->zones[i].private_zone && zone_has_vpc(&in->zones[i], vin->id))
			out->pzones[out->n_pzones++] = v->zones[i];
	for (uint32_t i = 0; i < out->n_pzones; i++)
		for (uint32_t j = i + 1; j < out->n_pzones; j++)
			if (dns_name_equal(dns_zone_apex(out->pzones[i]),
					   dns_zone_apex(out->pzones[j])))
				return say(err, errlen, VS_EINVAL,
					   "VPC %s: two private hosted zones of one name (%s) are "
					   "associated with it (Route 53 refuses: "
					   "ConflictingDomainExists)",
					   vin->id, dns_zone_input(out->pzones[i])->name);

	uint32_t nu = 0;
	for (uint32_t i = 0; i < in->n_assocs; i++)
		if (in->assocs[i].vpc_id && strcmp(in->assocs[i].vpc_id, vin->id) == 0)
			nu++;
	bool zones_on = vin->enable_dns_support && vin->enable_dns_hostnames;
	uint32_t cap = nu + (zones_on ? out->n_pzones : 0) + 3 + 1 + 19;
	out->rules = arena_calloc(v->a, cap, sizeof(*out->rules));
	if (!out->rules)
		return VS_ENOMEM;
	uint32_t n = 0;
	for (uint32_t i = 0; i < in->n_assocs; i++) {
		const struct dns_rule_assoc_in *as = &in->assocs[i];
		if (!as->vpc_id || strcmp(as->vpc_id, vin->id) != 0)
			continue;
		uint32_t k = 0;
		while (k < in->n_rules && !(in->rules[k].id && as->rule_id &&
					    strcmp(in->rules[k].id, as->rule_id) == 0))
			k++;
		if (k == in->n_rules)
			return say(err, errlen, VS_EINVAL,
				   "VPC %s: the associated Resolver rule %s does not exist",
				   vin->id, as->rule_id);
		out->rules[n].origin = RULE_USER;
		out->rules[n].type = in->rules[k].type;
		out->rules[n].in = &in->rules[k];
		out->rules[n].domain = rule_names[k];
		n++;
	}
	int rc;
	if (zones_on) {
		for (uint32_t i = 0; i < out->n_pzones; i++) {
			out->rules[n].origin = RULE_AUTO_ZONE;
			out->rules[n].type = DNS_RULE_SYSTEM;
			out->rules[n].zone = out->pzones[i];
			out->rules[n].domain = *dns_zone_apex(out->pzones[i]);
			out->rules[n].text = dns_zone_input(out->pzones[i])->name;
			n++;
		}
	}
	if (vin->enable_dns_hostnames && vin->region) {
		/* resolver-overview-forward-vpc-to-network-autodefined-rules.html */
		char buf[128];
		if (strcmp(vin->region, "us-east-1") == 0) {
			const char *names[] = {"ec2.internal", "compute-1.internal",
					       "compute-1.amazonaws.com"};
			for (int i = 0; i < 3; i++)
				if ((rc = add_auto(v->a, &out->rules[n++], RULE_AUTO_EC2,
						   DNS_RULE_SYSTEM, names[i])) != 0)
					return rc;
		} else {
			snprintf(buf, sizeof(buf), "%s.compute.internal", vin->region);
			if ((rc = add_auto(v->a, &out->rules[n++], RULE_AUTO_EC2, DNS_RULE_SYSTEM,
					   buf)) != 0)
				return rc;
			snprintf(buf, sizeof(buf), "%s.compute.amazonaws.com", vin->region);
			if ((rc = add_auto(v->a, &out->rules[n++], RULE_AUTO_EC2, DNS_RULE_SYSTEM,
					   buf)) != 0)
				return rc;
		}
	}
	if (vin->enable_dns_hostnames) {
		/* resolver-overview-forward-vpc-to-network-autodefined-rules.html:
		 * reverse lookups of the private ranges (RFC 1918, link-local)
		 * are Resolver's own: an interface's private address answers its
		 * EC2 host name */
		char buf[64];
		const char *fixed[] = {"10.in-addr.arpa", "168.192.in-addr.arpa",
				       "254.169.in-addr.arpa"};
		for (int i = 0; i < 3; i++)
			if ((rc = add_auto(v->a, &out->rules[n++], RULE_AUTO_EC2, DNS_RULE_SYSTEM,
					   fixed[i])) != 0)
				return rc;
		for (int b = 16; b <= 31; b++) {
			snprintf(buf, sizeof(buf), "%d.172.in-addr.arpa", b);
			if ((rc = add_auto(v->a, &out->rules[n++], RULE_AUTO_EC2, DNS_RULE_SYSTEM,
					   buf)) != 0)
				return rc;
		}
	}
	if ((rc = add_auto(v->a, &out->rules[n++], RULE_AUTO_INTERNET, DNS_RULE_RECURSIVE, ".")) !=
	    0)
		return rc;
	out->n_rules = n;
	qsort(out->rules, n, sizeof(*out->rules), rule_cmp);
	for (uint32_t i = 1; i < n; i++)
		if (out->rules[i].origin == RULE_USER && out->rules[i - 1].origin == RULE_USER &&
		    dns_name_equal(&out->rules[i].domain, &out->rules[i - 1].domain))
			return say(err, errlen, VS_EINVAL,
				   "VPC %s: two Resolver rules for one domain are associated with "
				   "it (%s)",
				   vin->id, out->rules[i].in->domain);
	return 0;
}

int dns_view_build(const struct dns_view_in *in, struct dns_view **out, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!in || !out || (in->n_zones && !in->zones) || (in->n_rules && !in->rules) ||
	    (in->n_assocs && !in->assocs) || (in->n_vpcs && !in->vpcs))
		return VS_EINVAL;
	*out = NULL;
	struct dns_view *v = calloc(1, sizeof(*v));
	if (!v)
		return VS_ENOMEM;
	v->in = in;
	v->a = arena_new();
	int rc = VS_ENOMEM;
	struct dns_name *rule_names = NULL;
	if (!v->a)
		goto fail;
	v->zones = arena_calloc(v->a, in->n_zones ? in->n_zones : 1, sizeof(*v->zones));
	v->by_id = arena_calloc(v->a, in->n_zones ? in->n_zones : 1, sizeof(*v->by_id));
	v->pub = arena_calloc(v->a, in->n_zones ? in->n_zones : 1, sizeof(*v->pub));
	v->vpcs = arena_calloc(v->a, in->n_vpcs ? in->n_vpcs : 1, sizeof(*v->vpcs));
	rule_names = calloc(in->n_rules ? in->n_rules : 1, sizeof(*rule_names));
	if (!v->zones || !v->by_id || !v->pub || !v->vpcs || !rule_names)
		goto fail;
	for (uint32_t i = 0; i < in->n_zones; i++) {
		rc = dns_zone_build(&in->zones[i], in->name_flags, &v->zones[i], err, errlen);
		if (rc != 0)
			goto fail;
		v->n_zones++;
		v->by_id[i] = v->zones[i];
		if (!in->zones[i].private_zone)
			v->pub[v->n_pub++] = v->zones[i];
	}
	qsort(v->by_id, v->n_zones, sizeof(*v->by_id), zone_id_cmp);
	qsort(v->pub, v->n_pub, sizeof(*v->pub), pub_cmp);
	for (uint32_t i = 1; i < v->n_zones; i++)
		if (strcmp(dns_zone_id(v->by_id[i]), dns_zone_id(v->by_id[i - 1])) == 0) {
			rc = say(err, errlen, VS_EINVAL, "hosted zone %s is given twice%s",
				 dns_zone_id(v->by_id[i]), "");
			goto fail;
		}
	for (uint32_t i = 0; i < in->n_rules; i++) {
		const struct dns_rule_in *r = &in->rules[i];
		if (!r->id || !r->domain || dns_name_parse(&rule_names[i], r->domain, 0) != 0) {
			rc = say(err, errlen, VS_EINVAL,
				 "Resolver rule %s: the domain name \"%s\" does not parse", r->id,
				 r->domain);
			goto fail;
		}
	}
	for (uint32_t i = 0; i < in->n_vpcs; i++) {
		rc = build_vpc(v, &in->vpcs[i], &v->vpcs[i], rule_names, err, errlen);
		if (rc != 0)
			goto fail;
		v->n_vpcs++;
	}
	qsort(v->vpcs, v->n_vpcs, sizeof(*v->vpcs), vpc_cmp);
	v->aws = arena_calloc(v->a, in->n_aws_names ? in->n_aws_names : 1, sizeof(*v->aws));
	if (!v->aws) {
		rc = VS_ENOMEM;
		goto fail;
	}
	for (uint32_t i = 0; i < in->n_aws_names; i++) {
		const struct dns_aws_name_in *an = &in->aws_names[i];
		if (an->name && an->value && !dns_name_parse(&v->aws[v->n_aws].name, an->name, 0))
			v->aws[v->n_aws++].in = an;
	}
	qsort(v->aws, v->n_aws, sizeof(*v->aws), aws_cmp);
	for (uint32_t i = 1; i < v->n_vpcs; i++)
		if (strcmp(v->vpcs[i].in->id, v->vpcs[i - 1].in->id) == 0) {
			rc = say(err, errlen, VS_EINVAL, "VPC %s is given twice%s",
				 v->vpcs[i].in->id, "");
			goto fail;
		}
	free(rule_names);
	*out = v;
	return 0;
fail:
	free(rule_names);
	dns_view_free(v);
	return rc;
}

void dns_view_free(struct dns_view *v)
{
	if (!v)
		return;
	for (uint32_t i = 0; i < v->n_zones; i++)
		dns_zone_free(v->zones[i]);
	arena_free(v->a);
	free(v);
}

/* ---- per query ---- */

struct ctx {
	const struct dns_view *v;
	const struct dns_query *q;
	struct dns_result *r;
	const struct vpc_c *vpc;
	unsigned links;          /* CNAME links followed */
	bool undecided;          /* a policy could not choose */
	bool incomplete;         /* an answer needs data outside this layer */
	bool loop;               /* a limit was hit: SERVFAIL */
	uint32_t budget;         /* alias-target evaluations left (bounds crafted alias trees) */
	bool fw_off;             /* a DNS Firewall override was answered: no more filtering */
	struct dns_step scratch; /* where steps go once steps[] is full */
};

static struct dns_step *step(struct ctx *c, enum dns_step_kind k, const char *reason,
			     const struct dns_name *name)
{
	struct dns_result *r = c->r;
	struct dns_step *s;
	if (r->n_steps < DNS_MAX_STEPS) {
		s = &r->steps[r->n_steps++];
	} else {
		r->steps_truncated = true;
		s = &c->scratch;
	}
	memset(s, 0, sizeof(*s));
	s->kind = k;
	s->reason = reason;
	s->probability = -1;
	s->healthy = -1;
	if (name)
		s->name = *name;
	else
		dns_name_root(&s->name);
	dns_name_root(&s->target);
	return s;
}

/* A step about zone @z: it names the zone and its id. */
static struct dns_step *zone_step(struct ctx *c, enum dns_step_kind k, const char *reason,
				  const struct dns_name *name, const struct dns_zone *z)
{
	struct dns_step *s = step(c, k, reason, name);
	s->zone = dns_zone_input(z);
	s->id = dns_zone_id(z);
	return s;
}

static void add_answer_of(struct ctx *c, const struct dns_name *owner, uint16_t type, uint32_t ttl,
			  const char *data, const struct dns_rrset_in *s,
			  const struct dns_zone_in *z)
{
	struct dns_result *r = c->r;
	if (r->n_answers == DNS_MAX_ANSWERS) {
		r->answers_truncated = true;
		return;
	}
	struct dns_answer *a = &r->answers[r->n_answers++];
	a->owner = *owner;
	a->type = type;
	a->ttl = ttl;
	a->data = data;
	a->rrset = s;
	a->zone = z;
}

static void add_answer(struct ctx *c, const struct dns_name *owner, const struct dns_rrset_in *s,
		       const char *data, const struct dns_zone_in *z)
{
	add_answer_of(c, owner, s->type, s->ttl, data, s, z);
}

/* ---- DNS Firewall (resolver-dns-firewall-*.html) ---- */

/* Whether domain-list entry @d holds @name (text with its trailing dot):
 * "*" every name, "*.example.com" the names below example.com (not
 * example.com itself), else the name exactly; letter case aside. */
static bool fw_domain_match(const char *d, const char *name)
{
	if (!strcmp(d, "*"))
		return true;
	size_t dl = strlen(d), nl = strlen(name);
	if (dl && d[dl - 1] == '.')
		dl--;
	if (!nl || name[nl - 1] != '.')
		return false;
	nl--;
	if (dl >= 2 && d[0] == '*' && d[1] == '.')
		return nl > dl - 1 && !strncasecmp(name + nl - (dl - 1), d + 1, dl - 1);
	return nl == dl && !strncasecmp(name, d, dl);
}

/*
 * The VPC's DNS Firewall on @name (@first: the query's own name, else a
 * name of its CNAME chain, inspected only by INSPECT_REDIRECTION_DOMAIN
 * rules).  Returns true when a BLOCK rule decided: NODATA or NXDOMAIN set
 * as the outcome, or for OVERRIDE the CNAME to the override domain
 * answered and *next set to it (*more true: resolved from the start, not
 * filtered again).
 */
static bool firewall(struct ctx *c, const struct dns_name *name, bool first, struct dns_name *next,
		     bool *more)
{
	if (!c->vpc || c->fw_off || !c->vpc->in->n_fw)
		return false;
	char text[1024];
	dns_name_to_text(name, text, sizeof(text), 0);
	for (uint32_t i = 0; i < c->vpc->in->n_fw; i++) {
		const struct dns_fw_rule_in *fr = &c->vpc->in->fw[i];
		if ((!first && fr->trust_redirection) || (fr->qtype && fr->qtype != c->q->qtype))
			continue;
		bool hit = false;
		for (uint32_t k = 0; k < fr->n_domains && !hit; k++)
			hit = fw_domain_match(fr->domains[k], text);
		if (!hit)
			continue;
		static const char *const why[] = {
			[DNS_FW_ALLOW] = "ALLOW: the name is in the rule's domain list; DNS "
					 "Firewall "
					 "lets the query through and evaluates no further rule",
			[DNS_FW_BLOCK] = "BLOCK: the name is in the rule's domain list; DNS "
					 "Firewall "
					 "answers with the rule's block response",
			[DNS_FW_ALERT] = "ALERT: the name is in the rule's domain list; DNS "
					 "Firewall "
					 "lets the query through, logs an alert and evaluates no "
					 "further "
					 "rule",
		};
		struct dns_step *st = step(c, DNS_STEP_FIREWALL, why[fr->action], name);
		st->id = fr->group_id;
		st->fw_rule = fr;
		st->chosen = true;
		if (fr->action != DNS_FW_BLOCK)
			return false;
		struct dns_name t;
		if (fr->block == DNS_FW_OVERRIDE && fr->override_domain &&
		    !dns_name_parse(&t, fr->override_domain, 0)) {
			add_answer_of(c, name, DNS_T_CNAME, fr->override_ttl, fr->override_domain,
				      NULL, NULL);
			c->fw_off = true;
			*next = t;
			*more = true;
			return true;
		}
		c->r->outcome = fr->block == DNS_FW_NXDOMAIN ? DNS_OUT_NXDOMAIN : DNS_OUT_NODATA;
		*more = false;
		return true;
	}
	return false;
}

/* The AWS-provided name @name of @type, answered under @owner: true when
 * AWS has the name (answers, or none of that type: *nodata).  From inside
 * a VPC its own answers win over the general ones. */
static bool aws_answer(struct ctx *c, const struct dns_name *name, uint16_t type,
		       const struct dns_name *owner, bool *nodata)
{
	const struct dns_view *v = c->v;
	*nodata = false;
	/* ELB names carry "dualstack." in alias targets and CNAMEs: the same
	 * nodes */
	struct dns_name bare = *name;
	if (name->labels > 1 && name->wire[0] == 9 && !memcmp(name->wire + 1, "dualstack", 9))
		dns_name_strip(name, 1, &bare);
	name = &bare;
	/* the VPC's own answers (private host names, the private address of a
	 * public one) only where Resolver gives them: both DNS attributes on
	 * (vpc-dns.html, "DNS attributes") */
	bool vpc_names = c->vpc && c->vpc->in->enable_dns_support &&
			 c->vpc->in->enable_dns_hostnames;
	size_t i = sorted_lower_bound(v->aws, v->n_aws, sizeof(*v->aws), name, aws_key_cmp);
	size_t end = i;
	bool mine = false;
	while (end < v->n_aws && dns_name_equal(&v->aws[end].name, name)) {
		const char *vid = v->aws[end].in->vpc_id;
		mine |= vpc_names && vid && !strcmp(vid, c->vpc->in->id);
		end++;
	}
	if (end == i)
		return false;
	struct dns_step *st = NULL;
	bool any = false;
	for (size_t k = i; k < end; k++) {
		const struct dns_aws_name_in *an = v->aws[k].in;
		bool for_me = mine ? an->vpc_id && !strcmp(an->vpc_id, c->vpc->in->id) :
				     !an->vpc_id;
		any |= for_me;
		if (!for_me || an->type != type)
			continue;
		if (!st) {
			st = step(c, DNS_STEP_AWS_NAME,
				  "a name AWS answers itself, not a hosted zone: the addresses of "
				  "what it names",
				  name);
			st->id = an->what;
		}
		add_answer_of(c, owner, an->type, an->ttl, an->value, NULL, NULL);
	}
	if (!any)
		return false; /* only other VPCs' names: not there from here */
	*nodata = !st;
	return true;
}

/* A health check's status; @found false when the table does not hold @id. */
static bool health_of(const struct dns_query *q, const char *id, bool by_name, unsigned flags,
		      bool *found)
{
	*found = false;
	for (uint32_t i = 0; i < q->n_health; i++) {
		const char *h = q->health[i].id;
		if (!h)
			continue;
		bool same;
		if (by_name) {
			struct dns_name a, b;
			same = dns_name_parse(&a, h, flags) == 0 &&
			       dns_name_parse(&b, id, flags) == 0 && dns_name_equal(&a, &b);
		} else {
			same = strcmp(h, id) == 0;
		}
		if (same) {
			*found = true;
			return q->health[i].healthy;
		}
	}
	return true;
}

static bool set_healthy(struct ctx *c, const struct dns_rrset_in *s, unsigned depth, bool report);

/* EvaluateTargetHealth: the target group is healthy when any record of it is. */
static bool alias_healthy(struct ctx *c, const struct dns_rrset_in *s, unsigned depth, bool report)
{
	const struct dns_zone *tz = dns_view_zone(c->v, s->alias->hosted_zone_id);
	struct dns_name tn;
	if (dns_name_parse(&tn, s->alias->dns_name, c->v->in->name_flags) != 0)
		return false;
	if (!tz) {
		bool found;
		bool h = health_of(c->q, s->alias->dns_name, true, c->v->in->name_flags, &found);
		if (!found && report) {
			struct dns_step *st = step(c, DNS_STEP_HEALTH,
						   "the alias target is outside the snapshot's "
						   "hosted zones and not in the health table: "
						   "taken as healthy",
						   &tn);
			st->rrset = s;
			st->healthy = 1;
		}
		return h;
	}
	if (depth >= DNS_ALIAS_DEPTH || c->budget == 0)
		return true; /* too deep or too much work: the step would be a guess either way */
	c->budget--;
	struct dns_lookup lk;
	dns_zone_lookup(tz, &tn, s->type, &lk);
	if (lk.kind != DNS_LOOKUP_ANSWER)
		return false;
	for (uint32_t i = 0; i < lk.n_sets; i++)
		if (set_healthy(c, lk.sets[i], depth + 1, false))
			return true;
	return false;
}

static bool set_healthy(struct ctx *c, const struct dns_rrset_in *s, unsigned depth, bool report)
{
	bool h = true;
	if (s->health_check_id) {
		bool found;
		h = health_of(c->q, s->health_check_id, false, 0, &found);
		if (!found && report) {
			struct dns_step *st = step(c, DNS_STEP_HEALTH,
						   "the health check is not in the health table: "
						   "taken as healthy",
						   NULL);
			st->id = s->health_check_id;
			st->rrset = s;
			st->healthy = 1;
			dns_name_parse(&st->name, s->name, c->v->in->name_flags);
		}
	}
	if (h && s->alias && s->alias->evaluate_target_health)
		h = alias_healthy(c, s, depth, report);
	return h;
}

static bool has_health(const struct dns_rrset_in *s)
{
	return s->health_check_id || (s->alias && s->alias->evaluate_target_health);
}

static void candidate(struct ctx *c, const struct dns_rrset_in *s, const struct dns_name *owner,
		      double p, bool healthy, bool chosen, const char *reason)
{
	struct dns_step *st = step(c, DNS_STEP_CANDIDATE, reason, owner);
	st->rrset = s;
	st->id = s->set_identifier;
	st->policy = dns_rrset_policy(s);
	st->probability = p;
	st->healthy = has_health(s) ? (int)healthy : -1;
	st->chosen = chosen;
}

/*
 * Record set @i of a group whose policy answers with one of them, @pick: a
 * candidate chosen with probability 1 or passed over with 0, or -1 for
 * each when the policy cannot decide (!@decided) from what this layer
 * knows.
 */
static void one_of(struct ctx *c, const struct dns_rrset_in *s, const struct dns_name *owner,
		   uint32_t i, int pick, bool decided, bool healthy, const char *reason)
{
	double p = !decided ? -1.0 : (int)i == pick ? 1.0 : 0.0;
	candidate(c, s, owner, p, healthy, (int)i == pick, reason);
}

/* A subdivision record (a US state unless CountryCode says otherwise) covers @g. */
static int subdivision_rank(const struct dns_geo *r, const struct dns_geo *g)
{
	const char *country = r->country ? r->country : "US";
	return g->country && g->subdivision && strcasecmp(country, g->country) == 0 &&
			       strcasecmp(r->subdivision, g->subdivision) == 0 ?
		       3 :
		       -1;
}

/*
 * The weighted pools, tried in order until one is not empty: 0 the healthy
 * records of non-zero weight; 1 the healthy zero-weight ones; 2 all of
 * non-zero weight (all unhealthy: as if healthy); 3 every record.
 */
static bool weighted_pool(int tier, bool healthy, bool positive)
{
	switch (tier) {
	case 0:
		return healthy && positive;
	case 1:
		return healthy && !positive;
	case 2:
		return positive;
	default:
		return true;
	}
}

/* Route 53's choice among the record sets [0, n) of one name and type. */
static uint32_t select_sets(struct ctx *c, const struct dns_rrset_in *const *sets, uint32_t n,
			    const struct dns_name *owner, unsigned depth,
			    const struct dns_rrset_in **sel, bool *nodata)
{
	enum dns_policy pol = dns_rrset_policy(sets[0]);
	bool h[DNS_GROUP_MAX];
	uint32_t ns = 0;
	*nodata = false;
	if (n > DNS_GROUP_MAX) {
		step(c, DNS_STEP_OUTSIDE,
		     "more record sets than this layer weighs: the rest ignored", owner);
		n = DNS_GROUP_MAX;
	}
	for (uint32_t i = 0; i < n; i++)
		h[i] = pol == DNS_POLICY_SIMPLE ? true : set_healthy(c, sets[i], depth, true);

	struct dns_step *ps = step(c, DNS_STEP_POLICY, NULL, owner);
	ps->policy = pol;
	ps->rrset = sets[0];

	switch (pol) {
	case DNS_POLICY_SIMPLE:
		ps->reason = "simple routing: the record set's values";
		sel[ns++] = sets[0];
		break;
	case DNS_POLICY_WEIGHTED: {
		/* routing-policy-weighted.html, "Health checks and weighted routing" */
		uint32_t cnt[4] = {0};
		for (uint32_t i = 0; i < n; i++)
			for (int t = 0; t < 4; t++)
				cnt[t] += weighted_pool(t, h[i], sets[i]->weight > 0);
		int tier = cnt[0] ? 0 : cnt[1] ? 1 : cnt[2] ? 2 : 3;
		static const char *const why[] = {
			"weighted: weight / sum of the weights of the healthy records",
			"weighted: no healthy record of non-zero weight (or all weights 0): the "
			"healthy zero-weight records share equally",
			"weighted: all records unhealthy: Route 53 answers as if all were healthy",
			"weighted: all records unhealthy and all weights 0: equal shares",
		};
		ps->reason = why[tier];
		uint64_t sum = 0;
		for (uint32_t i = 0; i < n; i++)
			if (weighted_pool(tier, h[i], sets[i]->weight > 0))
				sum += sets[i]->weight;
		uint32_t pool = cnt[tier];
		/* the client's point on [0, sum) (or its rank among equal shares) */
		uint64_t point = sum ? c->q->client_hash % sum : c->q->client_hash % pool;
		uint64_t acc = 0;
		int chosen = -1;
		for (uint32_t i = 0; i < n && chosen < 0; i++) {
			if (!weighted_pool(tier, h[i], sets[i]->weight > 0))
				continue;
			acc += sum ? sets[i]->weight : 1;
			if (point < acc)
				chosen = (int)i;
		}
		for (uint32_t i = 0; i < n; i++) {
			bool pos = sets[i]->weight > 0;
			bool in = weighted_pool(tier, h[i], pos);
			double p = !in ? 0.0 :
				   sum ? (double)sets[i]->weight / (double)sum :
					 1.0 / pool;
			const char *what = (int)i == chosen ? "chosen for this client hash" :
					   in               ? "candidate" :
					   pos              ? "unhealthy" :
							      "weight 0: used only when no record of "
							      "non-zero weight is healthy";
			candidate(c, sets[i], owner, p, h[i], (int)i == chosen, what);
		}
		if (chosen >= 0)
			sel[ns++] = sets[chosen];
		break;
	}
	case DNS_POLICY_FAILOVER: {
		int p = -1, s = -1;
		for (uint32_t i = 0; i < n; i++) {
			if (sets[i]->failover == DNS_FAILOVER_PRIMARY && p < 0)
				p = (int)i;
			if (sets[i]->failover == DNS_FAILOVER_SECONDARY && s < 0)
				s = (int)i;
		}
		int pick;
		if (p >= 0 && h[p]) {
			pick = p;
			ps->reason = "failover: the primary is healthy";
		} else if (s >= 0 && h[s]) {
			pick = s;
			ps->reason = "failover: the primary is unhealthy (or absent): the "
				     "secondary";
		} else {
			pick = p >= 0 ? p : s;
			ps->reason = "failover: both unhealthy: Route 53 answers as if all were "
				     "healthy (the primary)";
		}
		for (uint32_t i = 0; i < n; i++)
			one_of(c, sets[i], owner, i, pick, true, h[i],
			       sets[i]->failover == DNS_FAILOVER_PRIMARY ? "PRIMARY" : "SECONDARY");
		if (pick >= 0)
			sel[ns++] = sets[pick];
		break;
	}
	case DNS_POLICY_CIDR: {
		/* routing-policy-ipbased.html: the client's address in the most
		 * specific block of the records' CIDR collection names its
		 * location; a client in no block (or whose location's record is
		 * unhealthy) gets the default location "*"; no record: no answer */
		const char *loc = NULL;
		int best = -1;
		if (c->q->has_client_ip)
			for (uint32_t k = 0; k < c->v->in->n_cidrs; k++) {
				const struct dns_cidr_in *b = &c->v->in->cidrs[k];
				if (!strcmp(b->collection_id, sets[0]->cidr_collection) &&
				    net_prefix_contains(&b->pfx, &c->q->client_ip) &&
				    (int)b->pfx.len > best) {
					best = b->pfx.len;
					loc = b->location;
				}
			}
		int pick = -1, dflt = -1;
		for (uint32_t i = 0; i < n; i++) {
			if (loc && !strcmp(sets[i]->cidr_location, loc) && h[i])
				pick = (int)i;
			if (!strcmp(sets[i]->cidr_location, "*") && h[i])
				dflt = (int)i;
		}
		if (!c->q->has_client_ip) {
			ps->reason = "ip-based: no client address given: the answer depends on the "
				     "resolver's address or EDNS client subnet (vpcsim resolve "
				     "--client-ip, dig +subnet)";
			c->undecided = true;
		} else if (pick >= 0)
			ps->reason = "ip-based: the client's address is in a block of this "
				     "location";
		else {
			pick = dflt;
			ps->reason = dflt >= 0 ? "ip-based: the client is in no block of a healthy "
						 "location's record: the default location (*)" :
						 "ip-based: the client is in no block of a "
						 "record's "
						 "location and there is no default (*) record: no "
						 "answer";
		}
		for (uint32_t i = 0; i < n; i++)
			one_of(c, sets[i], owner, i, pick, c->q->has_client_ip, h[i],
			       sets[i]->cidr_location);
		if (pick >= 0 && c->q->has_client_ip)
			sel[ns++] = sets[pick];
		break;
	}
	case DNS_POLICY_GEOPROX: {
		/* routing-policy-geoproximity.html: the record whose location is
		 * nearest the client, distances scaled by each record's bias.  A
		 * record in the client's own Region is at distance zero, which no
		 * bias changes; anything else needs coordinates vpcsim does not
		 * have */
		const char *cr = c->q->client_region;
		int pick = -1;
		for (uint32_t i = 0; cr && i < n && pick < 0; i++)
			if (sets[i]->geoprox_region && !strcmp(sets[i]->geoprox_region, cr) && h[i])
				pick = (int)i;
		ps->reason = !cr      ? "geoproximity: no client Region given: the nearest record "
					"(distance scaled by bias) answers, which this layer "
					"cannot measure" :
			     pick < 0 ? "geoproximity: no healthy record in the client's Region: "
					"the nearest other (distance scaled by bias) answers, "
					"which this layer cannot measure" :
					"geoproximity: the record in the client's own Region "
					"(distance zero, whatever the biases)";
		for (uint32_t i = 0; i < n; i++)
			one_of(c, sets[i], owner, i, pick, pick >= 0, h[i],
			       sets[i]->geoprox_region ? sets[i]->geoprox_region : "coordinates");
		if (pick >= 0)
			sel[ns++] = sets[pick];
		else
			c->undecided = true;
		break;
	}
	case DNS_POLICY_MULTIVALUE: {
		uint32_t healthy = 0;
		for (uint32_t i = 0; i < n; i++)
			healthy += h[i];
		bool all = healthy == 0;
		uint32_t pool = all ? n : healthy;
		ps->reason = all ? "multivalue: all records unhealthy: up to 8 of them" :
			     pool > DNS_MULTIVALUE_MAX ? "multivalue: more than 8 healthy records: "
							 "8 of them, chosen by client hash" :
							 "multivalue: every healthy record (8 or "
							 "fewer)";
		uint32_t start = pool > DNS_MULTIVALUE_MAX ? (uint32_t)(c->q->client_hash % pool) :
							     0;
		uint32_t take = pool < DNS_MULTIVALUE_MAX ? pool : DNS_MULTIVALUE_MAX;
		double p = (double)take / (double)pool;
		uint32_t k = 0;
		for (uint32_t i = 0; i < n; i++) {
			bool in = all || h[i];
			bool chosen = false;
			if (in) {
				/* the pool rotated by start: position (k - start) mod pool */
				uint32_t pos = (k + pool - start) % pool;
				chosen = pos < take;
				k++;
			}
			candidate(c, sets[i], owner, in ? p : 0.0, h[i], chosen,
				  !in    ? "unhealthy" :
				  chosen ? "in the answer" :
					   "not in this answer");
			if (chosen)
				sel[ns++] = sets[i];
		}
		break;
	}
	case DNS_POLICY_LATENCY: {
		const char *cr = c->q->client_region;
		int pick = -1;
		if (cr)
			for (uint32_t i = 0; i < n && pick < 0; i++)
				if (strcmp(sets[i]->region, cr) == 0)
					pick = (int)i;
		if (!cr)
			ps->reason = "latency: no client Region given: the lowest-latency Region "
				     "answers, which this layer cannot measure";
		else if (pick < 0)
			ps->reason = "latency: no record in the client's Region: the "
				     "lowest-latency Region answers, which this layer cannot "
				     "measure";
		else if (!h[pick]) {
			ps->reason = "latency: the client's Region's record is unhealthy: the next "
				     "lowest-latency Region answers, which this layer cannot "
				     "measure";
			pick = -1;
		} else
			ps->reason = "latency: the record in the client's Region";
		for (uint32_t i = 0; i < n; i++)
			one_of(c, sets[i], owner, i, pick, pick >= 0, h[i], sets[i]->region);
		if (pick >= 0)
			sel[ns++] = sets[pick];
		else
			c->undecided = true;
		break;
	}
	case DNS_POLICY_GEO: {
		const struct dns_geo *g = &c->q->client_geo;
		bool known = g->continent || g->country || g->subdivision;
		int rank[DNS_GROUP_MAX];
		for (uint32_t i = 0; i < n; i++) {
			const struct dns_geo *r = sets[i]->geo;
			rank[i] = -1;
			if (r->country && strcmp(r->country, "*") == 0)
				rank[i] = 0; /* the default record */
			else if (r->subdivision)
				rank[i] = subdivision_rank(r, g);
			else if (r->country)
				rank[i] = g->country && strcasecmp(r->country, g->country) == 0 ?
						  2 :
						  -1;
			else if (r->continent)
				rank[i] = g->continent && strcasecmp(r->continent, g->continent) ==
								  0 ?
						  1 :
						  -1;
		}
		int pick = -1;
		if (known) {
			/* the smallest area first; an unhealthy one gives way to a larger one */
			for (int pass = 0; pass < 2 && pick < 0; pass++)
				for (uint32_t i = 0; i < n; i++)
					if (rank[i] >= 0 && (pass == 1 || h[i]) &&
					    (pick < 0 || rank[i] > rank[pick]))
						pick = (int)i;
		}
		if (!known)
			ps->reason = "geolocation: no client location given: the answer depends on "
				     "where the query comes from";
		else if (pick < 0)
			ps->reason = "geolocation: no record for the client's location and no "
				     "default record: no answer";
		else
			ps->reason = "geolocation: the smallest area holding the client's location "
				     "(subdivision, country, continent, default)";
		for (uint32_t i = 0; i < n; i++)
			one_of(c, sets[i], owner, i, pick, known, h[i],
			       rank[i] < 0 ? "does not cover the client's location" :
					     "covers the client's location");
		if (pick >= 0)
			sel[ns++] = sets[pick];
		else if (known)
			*nodata = true;
		else
			c->undecided = true;
		break;
	}
	}
	return ns;
}

static void emit_group(struct ctx *c, const struct dns_zone *z,
		       const struct dns_rrset_in *const *sets, uint32_t n,
		       const struct dns_name *owner, unsigned depth);

/* An alias record: its target's records, under the alias's name. */
static void follow_alias(struct ctx *c, const struct dns_rrset_in *s, const struct dns_name *owner,
			 unsigned depth)
{
	const struct dns_zone *tz = dns_view_zone(c->v, s->alias->hosted_zone_id);
	struct dns_name tn;
	dns_name_parse(&tn, s->alias->dns_name, c->v->in->name_flags); /* checked at build */
	struct dns_step *st = step(c, DNS_STEP_ALIAS,
				   tz ? "alias: the target record's values, under the alias's "
					"name" :
					"alias to an AWS resource outside the snapshot's hosted "
					"zones (ELB, CloudFront, S3, API Gateway...): its "
					"addresses are not in this layer",
				   owner);
	st->rrset = s;
	st->id = dns_zone_id_strip(s->alias->hosted_zone_id);
	st->target = tn;
	if (!tz) {
		bool nodata;
		if (aws_answer(c, &tn, s->type, owner, &nodata))
			st->reason = "alias to an AWS resource of the snapshot: its addresses";
		else
			c->incomplete = true;
		return;
	}
	st->zone = dns_zone_input(tz);
	if (depth >= DNS_ALIAS_DEPTH) {
		step(c, DNS_STEP_OUTSIDE, "alias chain too long: SERVFAIL", owner);
		c->loop = true;
		return;
	}
	struct dns_lookup lk;
	dns_zone_lookup(tz, &tn, s->type, &lk);
	if (lk.kind != DNS_LOOKUP_ANSWER) {
		zone_step(c, DNS_STEP_LOOKUP, "the alias target has no record of the alias's type",
			  &tn, tz);
		return;
	}
	emit_group(c, tz, lk.sets, lk.n_sets, owner, depth + 1);
}

static void emit_group(struct ctx *c, const struct dns_zone *z,
		       const struct dns_rrset_in *const *sets, uint32_t n,
		       const struct dns_name *owner, unsigned depth)
{
	const struct dns_rrset_in *sel[DNS_GROUP_MAX];
	bool nodata;
	uint32_t ns = select_sets(c, sets, n, owner, depth, sel, &nodata);
	for (uint32_t i = 0; i < ns; i++) {
		const struct dns_rrset_in *s = sel[i];
		if (s->alias) {
			follow_alias(c, s, owner, depth);
			continue;
		}
		for (uint32_t k = 0; k < s->n_values; k++)
			add_answer(c, owner, s, s->values[k], dns_zone_input(z));
	}
}

static const char *lookup_reason(const struct dns_lookup *lk)
{
	switch (lk->kind) {
	case DNS_LOOKUP_ANSWER:
		return lk->wildcard ? "answered by the wildcard" : "the name holds the type";
	case DNS_LOOKUP_CNAME:
		return "the name holds a CNAME (RFC 1034 3.6.2)";
	case DNS_LOOKUP_NODATA:
		return lk->empty_nonterminal ? "NODATA: an empty non-terminal (names exist below "
					       "it; RFC 4592 2.2.2)" :
					       "NODATA: the name exists, not with this type";
	case DNS_LOOKUP_NXDOMAIN:
		return "NXDOMAIN: no such name and no wildcard (RFC 1034 4.3.2, RFC 4592)";
	case DNS_LOOKUP_REFERRAL:
		return "referral: NS records below the apex delegate the name (RFC 1034 4.3.2 3b)";
	case DNS_LOOKUP_NOT_IN_ZONE:
		return "not in the zone";
	}
	return "";
}

/*
 * Answer @name from @z, chasing CNAMEs inside the zone (a public zone
 * only: a private zone's CNAME is Resolver's to resolve from the start).
 * Returns true for a referral (*cut set, *name is where it stopped); *more
 * with *next when the CNAME's target is resolved from the start.
 */
static bool answer_zone(struct ctx *c, const struct dns_zone *z, struct dns_name *name,
			bool private_zone, struct dns_name *cut, struct dns_name *next, bool *more)
{
	const struct dns_zone_in *zin = dns_zone_input(z);
	struct dns_result *r = c->r;
	for (;;) {
		struct dns_lookup lk;
		dns_zone_lookup(z, name, c->q->qtype, &lk);
		struct dns_step *st = zone_step(c, DNS_STEP_LOOKUP, lookup_reason(&lk), name, z);
		st->target = lk.owner;
		r->final_name = *name;
		if (lk.wildcard) {
			struct dns_step *w = zone_step(c, DNS_STEP_WILDCARD,
						       "the name does not exist: synthesized from "
						       "the wildcard at its closest encloser (RFC "
						       "4592 3.3.1)",
						       name, z);
			w->target = lk.owner;
		}
		switch (lk.kind) {
		case DNS_LOOKUP_ANSWER: {
			uint32_t before = r->n_answers;
			emit_group(c, z, lk.sets, lk.n_sets, name, 0);
			if (r->n_answers > before || c->undecided || c->incomplete || c->loop)
				r->outcome = DNS_OUT_ANSWER;
			else
				r->outcome = DNS_OUT_NODATA;
			return false;
		}
		case DNS_LOOKUP_CNAME: {
			const struct dns_rrset_in *sel[DNS_GROUP_MAX];
			bool nodata;
			uint32_t ns = select_sets(c, lk.sets, lk.n_sets, name, 0, sel, &nodata);
			if (ns == 0) {
				r->outcome = nodata ? DNS_OUT_NODATA : DNS_OUT_ANSWER;
				return false;
			}
			const struct dns_rrset_in *s = sel[0];
			if (s->alias) {
				/* an alias of type CNAME: the target CNAME's value */
				follow_alias(c, s, name, 0);
				r->outcome = DNS_OUT_ANSWER;
				return false;
			}
			add_answer(c, name, s, s->values[0], zin);
			struct dns_name t;
			dns_name_parse(&t, s->values[0],
				       c->v->in->name_flags); /* checked at build */
			if (++c->links >= DNS_MAX_CNAME) {
				step(c, DNS_STEP_OUTSIDE, "CNAME chain too long: SERVFAIL", name);
				c->loop = true;
				return false;
			}
			/* An authoritative server (the internet's view of a
			 * public zone) chases the target in its own zone (RFC
			 * 1034 4.3.2 step 3a).  Resolver is a recursive resolver:
			 * step 3a's "go back to step 1" makes it apply the VPC's
			 * rules to the target again and pick the most specific
			 * associated private zone for it
			 * (hosted-zone-private-considerations.html, "Private
			 * hosted zones that have overlapping namespaces"), even
			 * when the target is below this zone's apex. */
			bool below = dns_name_is_subdomain(&t, dns_zone_apex(z));
			bool inside = below && !private_zone;
			struct dns_step *cs = zone_step(c, DNS_STEP_CNAME,
							inside ? "CNAME: the target is in the same "
								 "zone: chased there (RFC 1034 "
								 "4.3.2 3a)" :
							below  ? "CNAME: Resolver resolves the "
								 "target from the start, its rules "
								 "and the most specific private "
								 "zone holding it (RFC 1034 4.3.2 "
								 "3a)" :
								 "CNAME: the target is outside the "
								 "zone: Resolver resolves it from "
								 "the start",
							name, z);
			cs->rrset = s;
			cs->target = t;
			if (inside) {
				/* DNS Firewall inspects each name of the chain */
				if (firewall(c, &t, false, next, more))
					return false;
				*name = t;
				continue;
			}
			*next = t;
			*more = true;
			return false;
		}
		case DNS_LOOKUP_NODATA:
		case DNS_LOOKUP_NXDOMAIN:
			r->outcome = lk.kind == DNS_LOOKUP_NODATA ? DNS_OUT_NODATA :
								    DNS_OUT_NXDOMAIN;
			r->neg_ttl = lk.neg_ttl;
			if (private_zone) {
				zone_step(c, DNS_STEP_NO_FALLBACK,
					  "the private hosted zone has no such record: Resolver "
					  "does not fall back to a less specific or public zone "
					  "(hosted-zone-private-considerations.html)",
					  name, z);
			}
			return false;
		case DNS_LOOKUP_REFERRAL:
			*cut = lk.owner;
			return true;
		case DNS_LOOKUP_NOT_IN_ZONE:
			r->outcome = DNS_OUT_OUTSIDE;
			return false;
		}
		return false;
	}
}

static const struct dns_zone *public_zone_named(const struct dns_view *v, const struct dns_name *n)
{
	uint32_t i = public_index(v, n);
	return i < v->n_pub ? v->pub[i] : NULL;
}

/* Public DNS: the least specific public zone, then down its delegations. */
static void answer_public(struct ctx *c, struct dns_name *name, struct dns_name *next, bool *more)
{
	const struct dns_view *v = c->v;
	uint32_t ti = v->n_pub;
	/* from the root down: the first ancestor (or the name) that is a public zone */
	for (unsigned k = 0; k <= name->labels && ti == v->n_pub; k++) {
		struct dns_name anc;
		dns_name_strip(name, name->labels - k, &anc);
		ti = public_index(v, &anc);
	}
	const struct dns_zone *top = ti < v->n_pub ? v->pub[ti] : NULL;
	bool nodata;
	if (!top && aws_answer(c, name, c->q->qtype, name, &nodata)) {
		c->r->final_name = *name;
		if (nodata)
			c->r->outcome = DNS_OUT_NODATA;
		return;
	}
	if (!top) {
		step(c, DNS_STEP_OUTSIDE,
		     "no public hosted zone of the snapshot holds the name: the internet's answer "
		     "is outside it",
		     name);
		c->r->outcome = DNS_OUT_OUTSIDE;
		return;
	}
	for (uint32_t i = ti + 1; i < v->n_pub; i++) {
		const struct dns_zone *z = v->pub[i];
		if (dns_name_equal(dns_zone_apex(z), dns_zone_apex(top))) {
			zone_step(c, DNS_STEP_ZONE,
				  "another public zone of the same name: only the one the "
				  "registrar delegates to answers; the first given is used",
				  name, z);
		}
	}
	struct dns_step *st = zone_step(c, DNS_STEP_ZONE,
					"public DNS: the least specific public hosted zone holding "
					"the name (reached from its parent by the registrar's "
					"delegation)",
					name, top);
	st->chosen = true;

	const struct dns_zone *z = top;
	for (unsigned hops = 0;; hops++) {
		struct dns_name cut;
		if (!answer_zone(c, z, name, false, &cut, next, more))
			break;
		const struct dns_zone *child = public_zone_named(v, &cut);
		if (!child || hops >= DNS_MAX_CNAME) {
			struct dns_step *o = zone_step(c, DNS_STEP_OUTSIDE,
						       "delegated to name servers outside the "
						       "snapshot's hosted zones",
						       name, z);
			o->target = cut;
			c->r->outcome = DNS_OUT_REFERRAL;
			return;
		}
		struct dns_step *d = step(c, DNS_STEP_DELEGATION,
					  "the parent zone delegates the name (NS at the cut) to a "
					  "public zone of the snapshot",
					  name);
		d->zone = dns_zone_input(z);
		d->id = dns_zone_id(child);
		d->target = cut;
		d->chosen = true;
		z = child;
	}
	/* public zones that hold the name but that no delegation reached */
	const struct dns_name *fin = &c->r->final_name;
	for (unsigned k = dns_zone_apex(z)->labels + 1; k <= fin->labels; k++) {
		struct dns_name anc;
		dns_name_strip(fin, fin->labels - k, &anc);
		const struct dns_zone *y = public_zone_named(v, &anc);
		if (!y)
			continue;
		zone_step(c, DNS_STEP_ZONE,
			  "holds the name, but no zone above it delegates to it: the internet "
			  "does not see it",
			  name, y);
	}
}

/* The most specific matching rule; a step for it and for each one it beat. */
static const struct rule_c *choose_rule(struct ctx *c, const struct dns_name *name)
{
	const struct vpc_c *vp = c->vpc;
	const struct rule_c *win = NULL;
	for (uint32_t i = 0; i < vp->n_rules; i++) {
		const struct rule_c *rl = &vp->rules[i];
		if (!dns_name_is_subdomain(name, &rl->domain))
			continue;
		const char *why;
		if (!win)
			why = rl->origin == RULE_AUTO_INTERNET ? "no other rule matches: the "
								 "autodefined Internet Resolver "
								 "rule (RECURSIVE, \".\")" :
								 "the most specific rule whose "
								 "domain is the name or a parent "
								 "of it";
		else if (dns_name_equal(&rl->domain, &win->domain))
			why = "autodefined rule overridden by a rule of the same domain";
		else
			why = "less specific than the chosen rule";
		struct dns_step *st = step(c, DNS_STEP_RULE, why, name);
		st->chosen = !win;
		st->rule = rl->in;
		st->rule_type = rl->type;
		st->rule_domain_text = rl->in ? rl->in->domain : rl->text;
		st->id = rl->in                           ? rl->in->id :
			 rl->origin == RULE_AUTO_ZONE     ? dns_zone_id(rl->zone) :
			 rl->origin == RULE_AUTO_INTERNET ? "rslvr-autodefined-rr-internet-"
							    "resolver" :
							    NULL;
		st->target = rl->domain;
		if (rl->origin == RULE_AUTO_ZONE)
			st->zone = dns_zone_input(rl->zone);
		if (!win)
			win = rl;
	}
	return win; /* never NULL: "." matches every name */
}

/* Private zones associated with the VPC: the most specific one that holds the name. */
static const struct dns_zone *choose_private_zone(struct ctx *c, const struct dns_name *name)
{
	const struct vpc_c *vp = c->vpc;
	bool on = vp->in->enable_dns_support && vp->in->enable_dns_hostnames;
	const struct dns_zone *best = NULL;
	for (uint32_t i = 0; i < vp->n_pzones; i++) {
		const struct dns_zone *z = vp->pzones[i];
		if (!dns_name_is_subdomain(name, dns_zone_apex(z)))
			continue;
		if (!on) {
			zone_step(c, DNS_STEP_DNS_ATTRS,
				  "enableDnsHostnames is false: private hosted zones are not "
				  "used (hosted-zone-private-considerations.html)",
				  name, z);
			continue;
		}
		if (!best || dns_zone_apex(z)->labels > dns_zone_apex(best)->labels)
			best = z;
	}
	if (!best)
		return NULL;
	struct dns_step *st = zone_step(c, DNS_STEP_ZONE,
					"the most specific private hosted zone associated with the "
					"VPC that holds the name",
					name, best);
	st->chosen = true;
	for (uint32_t i = 0; i < vp->n_pzones; i++) {
		const struct dns_zone *z = vp->pzones[i];
		if (z == best || !dns_name_is_subdomain(name, dns_zone_apex(z)))
			continue;
		zone_step(c, DNS_STEP_ZONE, "less specific than the chosen private zone", name, z);
	}
	return best;
}

static void resolve_name(struct ctx *c, struct dns_name *name, struct dns_name *next, bool *more)
{
	*more = false;
	c->r->final_name = *name;
	if (c->vpc) {
		const struct dns_vpc_in *vin = c->vpc->in;
		if (!vin->enable_dns_support) {
			struct dns_step *st = step(c, DNS_STEP_DNS_ATTRS,
						   "enableDnsSupport is false: the VPC's Amazon "
						   "DNS server does not answer",
						   name);
			st->id = vin->id;
			c->r->outcome = DNS_OUT_NO_SERVER;
			return;
		}
		const struct rule_c *rl = choose_rule(c, name);
		if (rl->type == DNS_RULE_FORWARD) {
			struct dns_step *st = step(c, DNS_STEP_FORWARD,
						   "forwarded through the rule's outbound endpoint "
						   "to its target IPs: they answer",
						   name);
			st->rule = rl->in;
			st->rule_type = rl->type;
			st->rule_domain_text = rl->in->domain;
			st->id = rl->in->endpoint_id;
			c->r->forward_rule = rl->in;
			c->r->outcome = DNS_OUT_FORWARDED;
			return;
		}
		if (rl->origin == RULE_AUTO_EC2) {
			bool nodata;
			if (aws_answer(c, name, c->q->qtype, name, &nodata)) {
				c->r->final_name = *name;
				if (nodata)
					c->r->outcome = DNS_OUT_NODATA;
				return;
			}
			/* a host name of no interface of the snapshot */
			step(c, DNS_STEP_OUTSIDE,
			     "an EC2 host name or private reverse name no network interface of the "
			     "snapshot has",
			     name);
			c->r->outcome = DNS_OUT_NXDOMAIN;
			return;
		}
		const struct dns_zone *pz = choose_private_zone(c, name);
		if (pz) {
			struct dns_name cut;
			if (answer_zone(c, pz, name, true, &cut, next, more))
				c->r->outcome = DNS_OUT_REFERRAL; /* refused at build */
			return;
		}
	}
	answer_public(c, name, next, more);
}

int dns_resolve(const struct dns_view *v, const struct dns_query *q, struct dns_result *r)
{
	if (!v || !q || !r)
		return VS_EINVAL;
	r->rcode = DNS_RCODE_NOERROR;
	r->outcome = DNS_OUT_ANSWER;
	r->n_answers = 0;
	r->answers_truncated = false;
	r->forward_rule = NULL;
	r->final_name = q->qname;
	r->neg_ttl = 0;
	r->n_steps = 0;
	r->steps_truncated = false;

	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.v = v;
	c.q = q;
	c.r = r;
	c.budget = DNS_ALIAS_BUDGET;
	if (q->vpc_id) {
		c.vpc = find_vpc(v, q->vpc_id);
		if (!c.vpc)
			return VS_ENOTFOUND;
	}
	struct dns_step *st = step(&c, DNS_STEP_VIEW,
				   c.vpc ? "asked from the VPC's Amazon DNS server (Route 53 "
					   "Resolver)" :
					   "asked from the internet: public hosted zones only",
				   &q->qname);
	st->id = q->vpc_id;
	if (q->inbound_site) {
		/* resolver-forwarding-inbound-queries.html: the site's resolver
		 * forwards to the inbound endpoint's addresses; Resolver answers
		 * as for the endpoint's VPC */
		struct dns_step *in = step(&c, DNS_STEP_INBOUND,
					   q->inbound_id ? "the site's query enters through this "
							   "inbound endpoint: "
							   "Resolver answers as for its VPC" :
							   "no address of an inbound endpoint is "
							   "reachable from the "
							   "site (network or the endpoint's "
							   "security groups): "
							   "nobody answers",
					   &q->qname);
		in->id = q->inbound_id ? q->inbound_id : q->inbound_site;
		in->chosen = q->inbound_id != NULL;
		if (!q->inbound_id) {
			r->outcome = DNS_OUT_NO_SERVER;
			r->rcode = DNS_RCODE_SERVFAIL;
			return 0;
		}
	}
	if (q->n_dhcp_servers) {
		/* vpc-dhcp-options.html: a host asks the servers its DHCP options
		 * name; Route 53 Resolver sees the query only if one of them
		 * forwards it there */
		struct dns_step *d = step(&c, DNS_STEP_DHCP,
					  "the VPC's DHCP options give the host other DNS servers "
					  "than AmazonProvidedDNS: they answer, not Route 53 "
					  "Resolver",
					  &q->qname);
		d->id = q->dhcp_id;
		r->outcome = DNS_OUT_OUTSIDE;
		return 0;
	}

	struct dns_name name = q->qname;
	for (bool first = true;; first = false) {
		struct dns_name next;
		bool more = false;
		if (!firewall(&c, &name, first, &next, &more))
			resolve_name(&c, &name, &next, &more);
		if (!more || c.loop)
			break;
		name = next;
	}
	if (c.loop) {
		r->rcode = DNS_RCODE_SERVFAIL;
		r->outcome = DNS_OUT_LOOP;
		return 0;
	}
	if (r->outcome == DNS_OUT_ANSWER && c.undecided)
		r->outcome = DNS_OUT_UNDECIDED;
	else if (r->outcome == DNS_OUT_ANSWER && c.incomplete)
		r->outcome = DNS_OUT_INCOMPLETE;
	if (r->outcome == DNS_OUT_NXDOMAIN)
		r->rcode = DNS_RCODE_NXDOMAIN;
	else if (r->outcome == DNS_OUT_NO_SERVER)
		r->rcode = DNS_RCODE_SERVFAIL;
	return 0;
}
