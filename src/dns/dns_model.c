/*
 * DOC: the DNS layer fed from the model: dns_sim and dns_reply (vpcsim/dns.h)
 *
 * The model's Route 53 entities become the engine's input arrays once, in
 * one arena, and dns_view_build() compiles them; each query is one
 * dns_resolve() into a heap-allocated reply.  Names in the model are as
 * Route 53's API prints them (octal escapes: DNS_NAME_OCTAL); a query name
 * typed by a user takes dig's decimal escapes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "dns/dns_model.h"
#include "dns/geo.h"
#include "vpcsim/error.h"
#include "vpcsim/trace.h"

struct dns_sim {
	const struct model *m;
	const struct trace_ctx *tracer; /* forwarded queries' paths, or NULL */
	struct arena *arena;
	struct dns_view *view;
	struct dns_health *health;
	uint32_t n_health;
	const struct model_zone **skipped;
	size_t n_skipped;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int dns_model_zone_in(const struct model_zone *z, struct arena *a, struct dns_zone_in *out)
{
	memset(out, 0, sizeof(*out));
	out->id = z->obj.id;
	out->name = z->obj.name;
	out->private_zone = z->private_zone;
	if (z->n_rrsets) {
		struct dns_rrset_in *rs = arena_calloc(a, z->n_rrsets, sizeof(*rs));
		if (!rs)
			return VS_ENOMEM;
		for (uint32_t i = 0; i < z->n_rrsets; i++) {
			const struct model_rrset *m = &z->rrsets[i];
			struct dns_rrset_in *r = &rs[i];
			r->name = m->name;
			r->type = dns_type_parse(m->type);
			r->ttl = m->ttl;
			r->values = m->values;
			r->n_values = m->n_values;
			if (m->alias) {
				struct dns_alias_target *t = arena_calloc(a, 1, sizeof(*t));
				if (!t)
					return VS_ENOMEM;
				t->hosted_zone_id = m->alias_zone_id;
				t->dns_name = m->alias_dns_name;
				t->evaluate_target_health = m->alias_evaluate_health;
				r->alias = t;
			}
			r->set_identifier = m->set_identifier;
			r->has_weight = m->has_weight;
			r->weight = m->weight;
			r->failover = !m->failover                    ? DNS_FAILOVER_NONE :
				      !strcmp(m->failover, "PRIMARY") ? DNS_FAILOVER_PRIMARY :
									DNS_FAILOVER_SECONDARY;
			r->region = m->region;
			if (m->has_geo) {
				struct dns_geo *g = arena_calloc(a, 1, sizeof(*g));
				if (!g)
					return VS_ENOMEM;
				g->continent = m->geo_continent;
				g->country = m->geo_country;
				g->subdivision = m->geo_subdivision;
				r->geo = g;
			}
			r->multivalue = m->multivalue;
			r->cidr_collection = m->cidr_collection;
			r->cidr_location = m->cidr_location;
			r->geoprox = m->has_geoprox;
			r->geoprox_region = m->geoprox_region;
			r->geoprox_bias = m->geoprox_bias;
			r->health_check_id = m->health_check_id;
			r->user = m;
		}
		out->rrsets = rs;
		out->n_rrsets = z->n_rrsets;
	}
	if (z->n_vpcs) {
		struct dns_zone_vpc *vs = arena_calloc(a, z->n_vpcs, sizeof(*vs));
		if (!vs)
			return VS_ENOMEM;
		for (uint32_t i = 0; i < z->n_vpcs; i++) {
			if (z->vpcs[i].ignored)
				continue;
			vs[out->n_vpcs].vpc_id = z->vpcs[i].vpc_id;
			vs[out->n_vpcs].region = z->vpcs[i].region;
			out->n_vpcs++;
		}
		out->vpcs = vs;
	}
	return 0;
}

int dns_model_check_zone(const struct model_zone *z, char *err, size_t errlen)
{
	if (!z->obj.name)
		return VS_EINVAL;
	struct arena *a = arena_new();
	if (!a)
		return VS_ENOMEM;
	struct dns_zone_in in;
	struct dns_zone *built = NULL;
	int rc = dns_model_zone_in(z, a, &in);
	if (!rc)
		rc = dns_zone_build(&in, DNS_NAME_OCTAL, &built, err, errlen);
	dns_zone_free(built);
	arena_free(a);
	return rc;
}

static enum dns_rule_type rule_type(enum model_rslvr_rule_type t)
{
	static const enum dns_rule_type types[] = {
		[RSLVR_RULE_FORWARD] = DNS_RULE_FORWARD,
		[RSLVR_RULE_SYSTEM] = DNS_RULE_SYSTEM,
		[RSLVR_RULE_RECURSIVE] = DNS_RULE_RECURSIVE,
	};
	return (unsigned)t < sizeof(types) / sizeof(types[0]) ? types[t] : DNS_RULE_FORWARD;
}

/* One AWS-provided name into @out[*n]: strings copied into @a. */
static int aws_put(struct arena *a, struct dns_aws_name_in *out, uint32_t *n, const char *name,
		   const struct net_addr *ip, uint32_t ttl, const char *vpc_id, const char *what)
{
	char buf[NET_PREFIX_STRLEN];
	if (!ip->af)
		return 0;
	struct dns_aws_name_in *x = &out[(*n)++];
	x->name = arena_strdup(a, name);
	x->value = arena_strdup(a, net_addr_fmt(ip, buf));
	x->type = ip->af == NET_AF_INET6 ? DNS_T_AAAA : DNS_T_A;
	x->ttl = ttl;
	x->vpc_id = vpc_id;
	x->what = what;
	return x->name && x->value ? 0 : VS_ENOMEM;
}

/*
 * The endpoint names of an AWS-managed resource (model.h, struct
 * model_managed) answer at its interfaces' private addresses, from
 * everywhere: the services publish them in public DNS (RDS
 * USER_VPC.WorkingWithRDSInstanceinaVPC.html, OpenSearch vpc.html,
 * ElastiCache Endpoints.html).  A publicly accessible RDS instance's name
 * answers its public address outside its VPC and the private one inside.
 * EFS's zonal mount target names resolve inside the VPC only
 * (mounting-fs-mount-cmd-dns-name.html).  The TTL is RDS's 5 s; the other
 * services do not document theirs, and get the load balancers' 60 s.
 */
static int managed_names(struct dns_sim *s, struct dns_aws_name_in *out, uint32_t *n,
			 const struct model_managed *r)
{
	int rc = 0;
	uint32_t ttl = r->obj.kind == MODEL_DB ? 5 : 60;
	for (uint32_t j = 0; j < r->n_names && !rc; j++) {
		const struct model_managed_name *nm = &r->names[j];
		bool reader = nm->role == MANAGED_NAME_READER;
		struct model_eni *const *enis = reader ? r->reader_enis : r->enis;
		uint32_t cnt = reader ? r->n_reader_enis : r->n_enis;
		/* one interface of several that fit is not known to be its own */
		if (!nm->name || (!r->multi && cnt != 1))
			continue;
		for (uint32_t k = 0; k < cnt && !rc; k++) {
			const struct model_eni *e = enis[k];
			if (!e->n_ips)
				continue;
			const struct net_addr *priv = &e->ips[0].priv, *pub = &e->ips[0].pub;
			bool use_pub = r->public_access && pub->af;
			rc = aws_put(s->arena, out, n, nm->name, use_pub ? pub : priv, ttl,
				     r->names_in_vpc ? r->vpc_id : NULL, r->obj.id);
			if (!rc && use_pub)
				rc = aws_put(s->arena, out, n, nm->name, priv, ttl, r->vpc_id,
					     r->obj.id);
		}
	}
	return rc;
}

/* An interface endpoint with private DNS: inside its VPC the service's
 * private DNS name (ServiceDetails PrivateDnsName) answers at the
 * endpoint's interfaces (PrivateLink Guide, privatelink-access-aws-services
 * .html, "Private DNS").  A wildcard name is left to the zone it stands
 * for. */
static int endpoint_private_names(struct dns_sim *s, struct dns_aws_name_in *out, uint32_t *n,
				  const struct model_vpce *v)
{
	if (v->type != VPCE_INTERFACE || !v->private_dns || !v->service_name || !v->vpc_id)
		return 0;
	const struct model_obj *o = model_find_kind(s->m, MODEL_SVC_DETAIL, v->service_name);
	const struct model_svc_detail *d = o ? MODEL_AS(const struct model_svc_detail, o) : NULL;
	if (!d || !d->private_dns || strchr(d->private_dns, '*'))
		return 0;
	int rc = 0;
	for (uint32_t k = 0; k < v->n_enis && !rc; k++) {
		const struct model_eni *e = v->enis ? v->enis[k] : NULL;
		if (e && e->n_ips)
			rc = aws_put(s->arena, out, n, d->private_dns, &e->ips[0].priv, 60,
				     v->vpc_id, v->obj.id);
	}
	return rc;
}

/*
 * What AWS answers itself (resolve.h, struct dns_aws_name_in):
 *  - each load balancer's DNS name: its nodes' addresses, the public ones
 *    for an internet-facing load balancer and the private ones for an
 *    internal one, the same answer from everywhere (elb.amazonaws.com is
 *    public DNS; TTL 60);
 *  - each interface's EC2 host names (vpc-dns.html, "DNS hostnames"): the
 *    private one (ip-10-0-0-1.ec2.internal in us-east-1,
 *    ip-10-0-0-1.REGION.compute.internal elsewhere) inside its VPC; the
 *    public one (ec2-203-0-113-1.compute-1.amazonaws.com in us-east-1,
 *    ec2-203-0-113-1.REGION.compute.amazonaws.com elsewhere) with the
 *    public address from everywhere and the private one inside its VPC.
 */
static int aws_names(struct dns_sim *s, struct dns_view_in *in)
{
	const struct model *m = s->m;
	uint32_t cap = 1;
	for (uint32_t i = 0; i < m->n_lbs; i++)
		cap += m->lbs[i].n_enis * 2;
	cap += m->n_enis * 4;
	for (uint32_t k = 0; k < MODEL_KIND_COUNT; k++)
		for (uint32_t i = 0; model_kind_managed((enum model_kind)k) &&
				     i < model_count(m, (enum model_kind)k);
		     i++) {
			const struct model_managed *r = MODEL_AS(
				const struct model_managed, model_get(m, (enum model_kind)k, i));
			cap += (size_t)r->n_names * (r->n_enis + r->n_reader_enis) * 2;
		}
	for (uint32_t i = 0; i < m->n_vpces; i++)
		cap += m->vpces[i].n_enis;
	struct dns_aws_name_in *out = arena_calloc(s->arena, cap, sizeof(*out));
	if (!out)
		return VS_ENOMEM;
	uint32_t n = 0;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_lbs && !rc; i++) {
		const struct model_lb *lb = &m->lbs[i];
		bool pub = lb->scheme && !strcmp(lb->scheme, "internet-facing");
		for (uint32_t k = 0; lb->dns_name && k < lb->n_enis && !rc; k++) {
			const struct model_eni *e = lb->enis[k];
			if (!e->n_ips)
				continue;
			const struct net_addr *ip = pub ? &e->ips[0].pub : &e->ips[0].priv;
			rc = aws_put(s->arena, out, &n, lb->dns_name, ip, 60, NULL, lb->obj.id);
		}
	}
	for (uint32_t k = 0; k < MODEL_KIND_COUNT && !rc; k++)
		for (uint32_t i = 0; model_kind_managed((enum model_kind)k) &&
				     i < model_count(m, (enum model_kind)k) && !rc;
		     i++)
			rc = managed_names(s, out, &n,
					   MODEL_AS(const struct model_managed,
						    model_get(m, (enum model_kind)k, i)));
	for (uint32_t i = 0; i < m->n_vpces && !rc; i++)
		rc = endpoint_private_names(s, out, &n, &m->vpces[i]);
	for (uint32_t i = 0; i < m->n_enis && !rc; i++) {
		const struct model_eni *e = &m->enis[i];
		const char *region = e->obj.region ? e->obj.region :
				     e->vpc        ? e->vpc->obj.region :
						     NULL;
		if (!e->n_ips || !region || !e->vpc_id || e->ips[0].priv.af != NET_AF_INET)
			continue;
		bool use1 = !strcmp(region, "us-east-1");
		const uint8_t *b = e->ips[0].priv.b;
		char name[160];
		snprintf(name, sizeof(name), "ip-%u-%u-%u-%u.%s%s", b[0], b[1], b[2], b[3],
			 use1 ? "" : region, use1 ? "ec2.internal" : ".compute.internal");
		rc = aws_put(s->arena, out, &n, name, &e->ips[0].priv, 60, e->vpc_id, e->obj.id);
		if (!rc) {
			/* the reverse of the private address, inside the VPC
			 * (the autodefined reverse rules, resolve.c) */
			char rev[64], host[170];
			snprintf(rev, sizeof(rev), "%u.%u.%u.%u.in-addr.arpa", b[3], b[2], b[1],
				 b[0]);
			snprintf(host, sizeof(host), "%s.", name);
			struct dns_aws_name_in *x = &out[n++];
			x->name = arena_strdup(s->arena, rev);
			x->value = arena_strdup(s->arena, host);
			x->type = DNS_T_PTR;
			x->ttl = 60;
			x->vpc_id = e->vpc_id;
			x->what = e->obj.id;
			rc = x->name && x->value ? 0 : VS_ENOMEM;
		}
		const struct net_addr *pub = &e->ips[0].pub;
		if (rc || pub->af != NET_AF_INET)
			continue;
		const uint8_t *p = pub->b;
		snprintf(name, sizeof(name), "ec2-%u-%u-%u-%u.%s%s", p[0], p[1], p[2], p[3],
			 use1 ? "compute-1" : region,
			 use1 ? ".amazonaws.com" : ".compute.amazonaws.com");
		rc = aws_put(s->arena, out, &n, name, pub, 60, NULL, e->obj.id);
		if (!rc)
			rc = aws_put(s->arena, out, &n, name, &e->ips[0].priv, 60, e->vpc_id,
				     e->obj.id);
	}
	in->aws_names = out;
	in->n_aws_names = n;
	return rc;
}

/* A DNS Firewall rule's evaluation order: association priority, then the
 * rule's priority, lowest first (resolver-dns-firewall-rule-group-priority
 * and resolver-dns-firewall-rule-settings). */
static int fw_order(const void *pa, const void *pb)
{
	const struct dns_fw_rule_in *a = pa, *b = pb;
	if (a->assoc_priority != b->assoc_priority)
		return a->assoc_priority < b->assoc_priority ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	return strcmp(a->group_id, b->group_id);
}

/* The domains of list @id: the list's own and those of the FirewallDomains
 * wrapper, into @a; *n their count. */
static const char *const *fw_domains(const struct model *m, struct arena *a, const char *id,
				     uint32_t *n)
{
	const struct model_obj *lo = model_find_kind(m, MODEL_FW_LIST, id);
	const struct model_obj *wo = model_find_kind(m, MODEL_FW_DOMAINS, id);
	const struct model_fw_list *l = lo ? MODEL_AS(const struct model_fw_list, lo) : NULL;
	const struct model_fw_list *w = wo ? MODEL_AS(const struct model_fw_list, wo) : NULL;
	uint32_t nl = l ? l->n_domains : 0, nw = w ? w->n_domains : 0;
	*n = 0;
	if (!nl || !nw) {
		*n = nl + nw;
		return nl ? (const char *const *)l->domains :
		       nw ? (const char *const *)w->domains :
			    NULL;
	}
	const char **d = arena_calloc(a, nl + nw, sizeof(*d));
	if (!d)
		return NULL;
	memcpy(d, l->domains, nl * sizeof(*d));
	memcpy(d + nl, w->domains, nw * sizeof(*d));
	*n = nl + nw;
	return d;
}

/* The DNS Firewall rules VPC @v evaluates: every rule of every rule group
 * associated with it, in evaluation order. */
static int fw_rules_of(const struct model *m, struct arena *a, struct dns_vpc_in *v)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < m->n_fw_assocs; i++)
		if (!strcmp(m->fw_assocs[i].vpc_id, v->id))
			for (uint32_t k = 0; k < m->n_fw_rules; k++)
				n += !strcmp(m->fw_rules[k].group_id, m->fw_assocs[i].group_id);
	if (!n)
		return 0;
	struct dns_fw_rule_in *fr = arena_calloc(a, n, sizeof(*fr));
	if (!fr)
		return VS_ENOMEM;
	uint32_t j = 0;
	for (uint32_t i = 0; i < m->n_fw_assocs; i++) {
		const struct model_fw_assoc *as = &m->fw_assocs[i];
		if (strcmp(as->vpc_id, v->id))
			continue;
		for (uint32_t k = 0; k < m->n_fw_rules; k++) {
			const struct model_fw_rule *r = &m->fw_rules[k];
			if (strcmp(r->group_id, as->group_id))
				continue;
			struct dns_fw_rule_in *x = &fr[j++];
			x->group_id = r->group_id;
			x->assoc_id = as->obj.id;
			x->name = r->obj.name;
			x->list_id = r->list_id;
			x->assoc_priority = as->priority;
			x->priority = r->priority;
			x->domains = fw_domains(m, a, r->list_id, &x->n_domains);
			x->action = r->action == FW_ACTION_BLOCK ? DNS_FW_BLOCK :
				    r->action == FW_ACTION_ALERT ? DNS_FW_ALERT :
								   DNS_FW_ALLOW;
			x->block = r->block == FW_BLOCK_NXDOMAIN ? DNS_FW_NXDOMAIN :
				   r->block == FW_BLOCK_OVERRIDE ? DNS_FW_OVERRIDE :
								   DNS_FW_NODATA;
			x->override_domain = r->override_domain;
			x->override_ttl = r->override_ttl;
			x->trust_redirection = r->trust_redirection;
			x->qtype = r->qtype ? dns_type_parse(r->qtype) : 0;
		}
	}
	qsort(fr, n, sizeof(*fr), fw_order);
	v->fw = fr;
	v->n_fw = n;
	return 0;
}

static int sim_input(struct dns_sim *s, struct dns_view_in *in)
{
	const struct model *m = s->m;
	struct arena *a = s->arena;
	memset(in, 0, sizeof(*in));
	in->name_flags = DNS_NAME_OCTAL;

	/* the CIDR collections' blocks, for IP-based routing */
	uint32_t nb = 0;
	for (uint32_t i = 0; i < m->n_cidr_sets; i++)
		nb += m->cidr_sets[i].n_blocks;
	struct dns_cidr_in *cb = arena_calloc(a, nb + 1, sizeof(*cb));
	if (!cb)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_cidr_sets; i++)
		for (uint32_t k = 0; k < m->cidr_sets[i].n_blocks; k++) {
			const struct model_cidr_block *b = &m->cidr_sets[i].blocks[k];
			if (!b->cidr.pfx.addr.af)
				continue;
			cb[in->n_cidrs].collection_id = m->cidr_sets[i].obj.id;
			cb[in->n_cidrs].location = b->location;
			cb[in->n_cidrs].pfx = b->cidr.pfx;
			in->n_cidrs++;
		}
	in->cidrs = cb;

	struct dns_zone_in *zones = arena_calloc(a, m->n_zones + 1, sizeof(*zones));
	s->skipped = arena_calloc(a, m->n_zones + 1, sizeof(*s->skipped));
	if (!zones || !s->skipped)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_zones; i++) {
		if (m->zones[i].invalid || !m->zones[i].obj.name) {
			s->skipped[s->n_skipped++] = &m->zones[i];
			continue;
		}
		int rc = dns_model_zone_in(&m->zones[i], a, &zones[in->n_zones]);
		if (rc)
			return rc;
		in->n_zones++;
	}
	in->zones = zones;

	struct dns_rule_in *rules = arena_calloc(a, m->n_rslvr_rules + 1, sizeof(*rules));
	if (!rules)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_rslvr_rules; i++) {
		const struct model_rslvr_rule *r = &m->rslvr_rules[i];
		if (r->invalid)
			continue;
		struct dns_rule_in *o = &rules[in->n_rules++];
		o->id = r->obj.id;
		o->domain = r->domain;
		o->type = rule_type(r->type);
		o->target_ips = r->targets;
		o->n_targets = r->n_targets;
		o->endpoint_id = r->endpoint_id;
		o->name = r->obj.name;
	}
	in->rules = rules;

	/* An association whose rule is not in the snapshot (rules collected
	 * from another account, say) is left out: there is nothing to apply. */
	struct dns_rule_assoc_in *as = arena_calloc(a, m->n_rslvr_assocs + 1, sizeof(*as));
	if (!as)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_rslvr_assocs; i++) {
		const struct model_rslvr_assoc *r = &m->rslvr_assocs[i];
		const struct model_obj *rule = model_find_kind(m, MODEL_RSLVR_RULE, r->rule_id);
		if (r->ignored || !rule || MODEL_AS(const struct model_rslvr_rule, rule)->invalid)
			continue;
		as[in->n_assocs].rule_id = r->rule_id;
		as[in->n_assocs].vpc_id = r->vpc_id;
		in->n_assocs++;
	}
	in->assocs = as;

	struct dns_vpc_in *vpcs = arena_calloc(a, m->n_vpcs + 1, sizeof(*vpcs));
	if (!vpcs)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_vpcs; i++) {
		const struct model_vpc *v = &m->vpcs[i];
		vpcs[i].id = v->obj.id;
		vpcs[i].region = v->obj.region;
		vpcs[i].enable_dns_support = v->dns_support;
		vpcs[i].enable_dns_hostnames = v->dns_hostnames;
		int rc = fw_rules_of(m, a, &vpcs[i]);
		if (rc)
			return rc;
	}
	in->vpcs = vpcs;
	in->n_vpcs = m->n_vpcs;

	s->health = arena_calloc(a, m->n_health_checks + 1, sizeof(*s->health));
	if (!s->health)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_health_checks; i++) {
		s->health[i].id = m->health_checks[i].obj.id;
		s->health[i].healthy = m->health_checks[i].healthy;
	}
	s->n_health = m->n_health_checks;
	return aws_names(s, in);
}

int dns_sim_build(const struct model *m, struct dns_sim **out, char *err, size_t errlen)
{
	if (!m || !out)
		return VS_EINVAL;
	*out = NULL;
	struct dns_sim *s = calloc(1, sizeof(*s));
	if (!s)
		return VS_ENOMEM;
	s->m = m;
	if (!(s->arena = arena_new())) {
		free(s);
		return VS_ENOMEM;
	}
	struct dns_view_in in;
	int rc = sim_input(s, &in);
	if (!rc) {
		/* dns_view_build() keeps pointers into @in's arrays, not @in */
		struct dns_view_in *kept = arena_memdup(s->arena, &in, sizeof(in));
		rc = kept ? dns_view_build(kept, &s->view, err, errlen) : VS_ENOMEM;
	}
	if (rc) {
		dns_sim_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void dns_sim_free(struct dns_sim *s)
{
	if (!s)
		return;
	dns_view_free(s->view);
	arena_free(s->arena);
	free(s);
}

void dns_sim_set_tracer(struct dns_sim *s, const struct trace_ctx *t)
{
	if (s)
		s->tracer = t;
}

const struct dns_fwd_path *dns_reply_paths(const struct dns_reply *r, uint32_t *n)
{
	*n = r ? r->n_paths : 0;
	return r ? r->paths : NULL;
}

/* @p traced: a UDP datagram from @from (an interface id or an address) to
 * @to port @port, with @t; @tr is scratch. */
static void trace_udp(const struct trace_ctx *t, const char *from, const char *to, int port,
		      struct trace_result *tr, struct dns_fwd_path *p)
{
	struct trace_query q = {.from = from,
				.to = to,
				.proto = NET_PROTO_UDP,
				.port = port,
				.src_port = -1,
				.size = -1};
	char err[128];
	if (trace_run(t, &q, tr, err, sizeof(err)) != 0) {
		p->note = "not traced: the target is not an address the trace takes";
		return;
	}
	p->traced = true;
	p->reachable = tr->reachable;
	const struct trace_path *pa = tr->fwd.reachable ? &tr->ret : &tr->fwd;
	for (uint32_t x = 0; x < pa->n_expl && !p->code; x++)
		if (!pa->expl[x].info)
			p->code = pa->expl[x].code;
}

uint32_t dns_forward_paths(const struct model *m, const struct trace_ctx *t,
			   const char *endpoint_id, const char *const *targets, uint32_t n_targets,
			   struct dns_fwd_path *out, uint32_t max)
{
	if (!t || !max)
		return 0;
	const struct model_obj *o = endpoint_id ? model_find_kind(m, MODEL_RSLVR_EP, endpoint_id) :
						  NULL;
	const struct model_rslvr_ep *ep = o ? MODEL_AS(const struct model_rslvr_ep, o) : NULL;
	if (!ep) {
		memset(out, 0, sizeof(*out));
		out->endpoint_id = endpoint_id;
		out->note = "the rule's outbound endpoint is not in the snapshot "
			    "(ResolverEndpoints)";
		return 1;
	}
	struct trace_result *tr = malloc(sizeof(*tr));
	uint32_t n = 0;
	for (uint32_t i = 0; tr && i < ep->n_ips; i++)
		for (uint32_t k = 0; k < n_targets && n < max; k++) {
			struct dns_fwd_path *p = &out[n++];
			memset(p, 0, sizeof(*p));
			p->endpoint_id = ep->obj.id;
			net_addr_fmt(&ep->ips[i].ip, p->from);
			p->eni_id = ep->ips[i].eni ? ep->ips[i].eni->obj.id : NULL;
			p->target = targets[k];
			if (!p->eni_id) {
				p->note = "the endpoint's interface is not in the snapshot";
				continue;
			}
			char ip[64];
			snprintf(ip, sizeof(ip), "%s", p->target);
			const char *colon = strrchr(ip, ':');
			int port = 53;
			if (colon && strchr(ip, '.')) { /* "ip:port" (IPv4) */
				port = atoi(colon + 1);
				ip[colon - ip] = '\0';
			}
			trace_udp(t, p->eni_id, ip, port, tr, p);
		}
	free(tr);
	return n;
}

void dns_sim_forward_paths(const struct dns_sim *s, struct dns_reply *r)
{
	const struct dns_rule_in *rule = r->r.forward_rule;
	if (rule)
		r->n_paths = dns_forward_paths(s->m, s->tracer, rule->endpoint_id,
					       (const char *const *)rule->target_ips,
					       rule->n_targets, r->paths, DNS_MAX_FWD_PATHS);
}

const struct model *dns_sim_model(const struct dns_sim *s)
{
	return s->m;
}

const struct dns_view *dns_sim_view(const struct dns_sim *s)
{
	return s->view;
}

size_t dns_sim_n_skipped(const struct dns_sim *s)
{
	return s ? s->n_skipped : 0;
}

const struct model_zone *dns_sim_skipped(const struct dns_sim *s, size_t i)
{
	return s && i < s->n_skipped ? s->skipped[i] : NULL;
}

/* FNV-1a of the asker's id: a stable client for weighted and multivalue
 * answers, so one place always gets one answer. */
uint64_t dns_sim_client_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The VPC of @from: 0, or VS_ENOTFOUND (@err says why). */
/* "site:SITE[@ENDPOINT]" or "site:HOST" into @in: the site, the address
 * it asks from (the host's, else the site's first host's, else the first
 * address after its first prefix's network address), and the inbound
 * endpoints it may ask (the one named, else every INBOUND endpoint, in
 * snapshot order), each address traced over UDP 53 when @s has a tracer;
 * the first reachable one takes the query. */
static int where_site(const struct dns_sim *s, const char *from, const char **vpc,
		      struct dns_inbound *in, char *err, size_t errlen)
{
	const struct model *m = s->m;
	char name[256];
	snprintf(name, sizeof(name), "%s", from + 5);
	char *at = strchr(name, '@');
	const char *want_ep = NULL;
	if (at) {
		*at = '\0';
		want_ep = from + 5 + (at - name) + 1;
	}
	const struct model_site *site = NULL;
	const struct model_site_host *host = NULL;
	for (uint32_t i = 0; i < m->n_sites && !site; i++) {
		if (!strcmp(m->sites[i].obj.id, name))
			site = &m->sites[i];
		for (uint32_t k = 0; k < m->sites[i].n_hosts && !site; k++)
			if (m->sites[i].hosts[k].id && !strcmp(m->sites[i].hosts[k].id, name)) {
				site = &m->sites[i];
				host = &m->sites[i].hosts[k];
			}
	}
	if (!site) {
		seterr(err, errlen, "'%.200s' is not a site or site host of the snapshot (Sites)",
		       name);
		return VS_ENOTFOUND;
	}
	memset(in, 0, sizeof(*in));
	in->site_id = site->obj.id;
	if (!host && site->n_hosts)
		host = &site->hosts[0];
	if (host) {
		in->host_id = host->id;
		net_addr_fmt(&host->ip, in->src);
	} else if (site->n_cidrs && site->cidrs[0].pfx.addr.af) {
		struct net_addr a = site->cidrs[0].pfx.addr;
		a.b[a.af == NET_AF_INET ? 3 : 15] |= 1;
		net_addr_fmt(&a, in->src);
	} else {
		seterr(err, errlen, "site %.64s has neither Hosts nor Cidrs to ask from", name);
		return VS_ENOTFOUND;
	}
	const struct model_rslvr_ep *first = NULL;
	struct trace_result *tr = s->tracer ? malloc(sizeof(*tr)) : NULL;
	for (uint32_t i = 0; i < m->n_rslvr_eps && !in->endpoint_id; i++) {
		const struct model_rslvr_ep *ep = &m->rslvr_eps[i];
		if (ep->outbound || (want_ep && strcmp(ep->obj.id, want_ep)))
			continue;
		if (!first)
			first = ep;
		for (uint32_t k = 0; k < ep->n_ips && in->n_paths < DNS_MAX_FWD_PATHS; k++) {
			struct dns_fwd_path *p = &in->paths[in->n_paths];
			char *ip = in->ips[in->n_paths++];
			memset(p, 0, sizeof(*p));
			p->endpoint_id = ep->obj.id;
			snprintf(p->from, sizeof(p->from), "%s", in->src);
			p->eni_id = ep->ips[k].eni ? ep->ips[k].eni->obj.id : NULL;
			net_addr_fmt(&ep->ips[k].ip, ip);
			p->target = ip;
			if (!tr) {
				in->endpoint_id = ep->obj.id; /* no tracer: taken as reachable */
				break;
			}
			trace_udp(s->tracer, in->src, ip, 53, tr, p);
			if (p->traced && p->reachable) {
				in->endpoint_id = ep->obj.id;
				break;
			}
		}
	}
	free(tr);
	if (!first) {
		seterr(err, errlen,
		       want_ep ? "'%.64s' is not an inbound Resolver endpoint of the snapshot" :
				 "%.64sthe snapshot has no inbound Resolver endpoint "
				 "(ResolverEndpoints "
				 "with Direction INBOUND) for a site's query to enter",
		       want_ep ? want_ep : "");
		return VS_ENOTFOUND;
	}
	const struct model_obj *ev =
		in->endpoint_id ? model_find_kind(m, MODEL_RSLVR_EP, in->endpoint_id) : &first->obj;
	const char *vid = MODEL_AS(const struct model_rslvr_ep, ev)->vpc_id;
	if (!vid || !model_find_kind(m, MODEL_VPC, vid)) {
		seterr(err, errlen,
		       "inbound endpoint %.64s is in VPC %.64s, which is not in the "
		       "snapshot",
		       ev->id, vid ? vid : "(none)");
		return VS_ENOTFOUND;
	}
	*vpc = vid;
	return 0;
}

int dns_sim_where(const struct dns_sim *s, const char *from, const char **vpc,
		  struct dns_inbound *in, char *err, size_t errlen)
{
	const struct model *m = s->m;
	*vpc = NULL;
	if (in)
		memset(in, 0, sizeof(*in));
	if (!from || !strcmp(from, "internet"))
		return 0;
	if (!strncmp(from, "site:", 5)) {
		struct dns_inbound scratch;
		return where_site(s, from, vpc, in ? in : &scratch, err, errlen);
	}
	const struct model_obj *o = model_find_kind(m, MODEL_VPC, from);
	if (o) {
		*vpc = o->id;
		return 0;
	}
	const char *vid = NULL;
	if ((o = model_find_kind(m, MODEL_INSTANCE, from)))
		vid = MODEL_AS(const struct model_instance, o)->vpc_id;
	else if ((o = model_find_kind(m, MODEL_ENI, from)))
		vid = MODEL_AS(const struct model_eni, o)->vpc_id;
	else {
		seterr(err, errlen,
		       "'%.200s' is not an instance, network interface or VPC of the snapshot, "
		       "nor site:SITE or 'internet'",
		       from);
		return VS_ENOTFOUND;
	}
	if (!vid || !model_find_kind(m, MODEL_VPC, vid)) {
		seterr(err, errlen, "%.200s is in VPC %.64s, which is not in the snapshot", from,
		       vid ? vid : "(none)");
		return VS_ENOTFOUND;
	}
	*vpc = vid;
	return 0;
}

void dns_sim_query(const struct dns_sim *s, const char *from, const char *vpc,
		   const struct dns_inbound *in, const struct dns_name *qn, uint16_t qt,
		   struct dns_query *q)
{
	memset(q, 0, sizeof(*q));
	q->qname = *qn;
	q->qtype = qt;
	q->vpc_id = vpc;
	if (in && in->site_id) {
		q->inbound_site = in->site_id;
		q->inbound_id = in->endpoint_id;
	}
	q->client_hash = dns_sim_client_hash(from ? from : "internet");
	q->health = s->health;
	q->n_health = s->n_health;
	const struct model_obj *host = from ? model_find(s->m, from) : NULL;
	const struct model_obj *vo = vpc ? model_find_kind(s->m, MODEL_VPC, vpc) : NULL;
	const struct model_dhcp *dh = vo ? MODEL_AS(const struct model_vpc, vo)->dhcp : NULL;
	if (host && (host->kind == MODEL_INSTANCE || host->kind == MODEL_ENI) && dh &&
	    dh->n_dns_servers && strcmp(dh->dns_servers[0], "AmazonProvidedDNS") != 0) {
		/* vpc-dhcp-options.html: the host asks the servers its DHCP
		 * options name (the first one first) */
		q->dhcp_id = dh->obj.id;
		q->dhcp_servers = (const char *const *)dh->dns_servers;
		q->n_dhcp_servers = dh->n_dns_servers;
	}
}

int dns_sim_ask(const struct dns_sim *s, const char *name, const char *type, const char *from,
		struct dns_reply **out, char *err, size_t errlen)
{
	return dns_sim_ask_client(s, name, type, from, NULL, out, err, errlen);
}

/* @cl into @q: the client's address, Region and location; VS_EINVAL (with
 * @err) for what does not parse.  @r holds the location's text. */
static int client_into(const struct dns_client *cl, struct dns_reply *r, char *err, size_t errlen)
{
	struct dns_query *q = &r->q;
	if (cl->ip) {
		struct net_prefix p;
		if (net_addr_parse(cl->ip, &q->client_ip) != 0) {
			if (net_prefix_parse(cl->ip, &p) != 0) {
				seterr(err, errlen, "'%.64s' is not an IP address or subnet",
				       cl->ip);
				return VS_EINVAL;
			}
			q->client_ip = p.addr;
		}
		q->has_client_ip = true;
	}
	q->client_region = cl->region;
	if (cl->location) {
		static const char *const continents[] = {"AF", "AN", "AS", "EU", "NA", "OC", "SA"};
		snprintf(r->loc, sizeof(r->loc), "%s", cl->location);
		char *slash = strchr(r->loc, '/');
		if (slash)
			*slash++ = '\0';
		bool cont = false;
		for (size_t i = 0; !slash && i < sizeof(continents) / sizeof(continents[0]); i++)
			cont |= !strcasecmp(r->loc, continents[i]);
		if (strlen(r->loc) != 2 || (slash && !*slash)) {
			seterr(err, errlen,
			       "'%.64s' is not a location (CONTINENT, COUNTRY or "
			       "COUNTRY/SUBDIVISION)",
			       cl->location);
			return VS_EINVAL;
		}
		if (cont)
			q->client_geo.continent = r->loc;
		else {
			/* routing-policy-geo.html: a continent's record covers its
			 * countries (the smaller area still wins); a code of no
			 * country is on no continent */
			q->client_geo.country = r->loc;
			q->client_geo.subdivision = slash;
			q->client_geo.continent = dns_geo_continent(r->loc);
		}
	}
	return 0;
}

int dns_sim_ask_client(const struct dns_sim *s, const char *name, const char *type,
		       const char *from, const struct dns_client *client, struct dns_reply **out,
		       char *err, size_t errlen)
{
	if (!s || !name || !out)
		return VS_EINVAL;
	*out = NULL;
	struct dns_name qn;
	if (dns_name_parse(&qn, name, 0)) {
		seterr(err, errlen, "'%.300s' is not a domain name", name);
		return VS_EPARSE;
	}
	uint16_t qt = dns_type_parse(type ? type : "A");
	if (!qt) {
		seterr(err, errlen,
		       "'%.64s' is not a DNS record type (A, AAAA, CNAME, MX, TXT, ...)", type);
		return VS_EINVAL;
	}
	struct dns_reply *r = calloc(1, sizeof(*r));
	if (!r)
		return VS_ENOMEM;
	const char *vpc;
	int rc = dns_sim_where(s, from, &vpc, &r->in, err, errlen);
	if (rc) {
		free(r);
		return rc;
	}
	r->sim = s;
	dns_name_to_text(&qn, r->name, sizeof(r->name), 0);
	char tb[16];
	snprintf(r->type_text, sizeof(r->type_text), "%s", dns_type_text(qt, tb, sizeof(tb)));
	r->from = from ? from : "internet";
	r->vpc_id = vpc;
	dns_sim_query(s, from, vpc, &r->in, &qn, qt, &r->q);
	if (client && (rc = client_into(client, r, err, errlen)) != 0) {
		free(r);
		return rc;
	}
	rc = dns_resolve(s->view, &r->q, &r->r);
	if (rc) {
		seterr(err, errlen, "VPC %.64s is not in the resolver view", vpc);
		free(r);
		return rc;
	}
	dns_sim_forward_paths(s, r);
	*out = r;
	return 0;
}

void dns_reply_free(struct dns_reply *r)
{
	free(r);
}

bool dns_reply_answered(const struct dns_reply *r)
{
	return r && r->r.rcode == DNS_RCODE_NOERROR && r->r.n_answers > 0;
}

const char *dns_reply_address(const struct dns_reply *r, bool v6)
{
	for (uint32_t i = 0; r && i < r->r.n_answers; i++)
		if (r->r.answers[i].type == (v6 ? DNS_T_AAAA : DNS_T_A))
			return r->r.answers[i].data;
	return NULL;
}

const char *dns_reply_rcode(const struct dns_reply *r)
{
	return r ? dns_rcode_name(r->r.rcode) : NULL;
}
