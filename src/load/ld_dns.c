/*
 * DOC: Route 53 and Route 53 Resolver: hosted zones, record sets, health,
 * Resolver rules
 *
 * What the AWS CLI prints, unchanged, plus wrappers where an output lacks
 * its parent's id (README, Snapshots):
 *
 *  - "HostedZones": list-hosted-zones items (Id "/hostedzone/Z...", Name
 *    with its trailing dot, Config.PrivateZone); a private zone's VPCs may
 *    be inside the item as "VPCs": [{"VPCRegion", "VPCId"}];
 *  - get-hosted-zone's output as a file: {"HostedZone": {...}, "VPCs":
 *    [...]}: merged into the zone of that id, or a zone of its own;
 *  - list-resource-record-sets' output with "HostedZoneId" added at the top
 *    level, or the wrapper "HostedZoneResourceRecordSets": [{"HostedZoneId",
 *    "ResourceRecordSets": [...]}]; zone ids with or without "/hostedzone/";
 *    several files for one zone (pagination) are concatenated;
 *  - "HealthCheckObservations": [{"HealthCheckId", "Status": "Success" |
 *    "Failure..."}], or with get-health-check-status's own
 *    "HealthCheckObservations" (StatusReport.Status per checker) inside the
 *    element as "Observations": healthy when more than 18% of the checkers
 *    report success (dns-failover-determining-health-of-endpoints.html);
 *  - "ResolverRules" (list-resolver-rules) and "ResolverRuleAssociations"
 *    (list-resolver-rule-associations).
 *
 * Every hosted zone is built once by the DNS layer after the load
 * (resolve_dns): what Route 53 itself refuses in a change batch (a CNAME at
 * the apex, a CNAME beside other data, an alias to a record of another
 * hosted zone, ...) is an InvalidChangeBatch error
 * naming the file and the zone, and the zone is marked invalid (resolve
 * leaves it out and says so).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hmap.h"
#include "dns/dns_model.h"
#include "dns/zone.h"
#include "dns/zonefile.h"
#include "load/load_internal.h"
#include "vpcsim/error.h"

/* "/hostedzone/Z123" -> "Z123" (a pointer into @id); NULL for an empty id. */
static const char *zone_id_bare(const char *id)
{
	id = dns_zone_id_strip(id);
	return id && *id ? id : NULL;
}

/* One {"VPCRegion", "VPCId"} of zone @arg; one without VPCId is skipped. */
static int read_zone_vpc(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	struct model_zone_vpc *v = elem;
	v->vpc_id = ld_str_req(c, e, "VPCId", arg);
	v->region = ld_str(c, e, "VPCRegion", arg);
	return v->vpc_id ? 0 : 1;
}

static const struct ld_array zone_vpcs = {"VPCs", sizeof(struct model_zone_vpc), read_zone_vpc};

/* VPCs: [{"VPCRegion", "VPCId"}] into z->vpcs. */
static int read_zone_vpcs(struct ld_ctx *c, struct model_zone *z, const cJSON *arr)
{
	int rc = 0;
	z->vpcs = ld_objs(c, arr, &zone_vpcs, z->obj.id, z->obj.id, &z->n_vpcs, &rc);
	return rc;
}

/* One hosted zone item (list-hosted-zones / get-hosted-zone's HostedZone):
 * 0, 1 when skipped (reported), VS_ENOMEM. */
static int read_zone(struct ld_ctx *c, const cJSON *e, struct model_zone *z)
{
	memset(z, 0, sizeof(*z));
	const char *raw = ld_str_req(c, e, "Id", NULL);
	if (!raw)
		return 1;
	const char *id = zone_id_bare(raw);
	if (!id) {
		ld_error(c, "SnapshotFormat", NULL, "hosted zone Id is empty");
		return 1;
	}
	ld_obj_init(c, &z->obj, MODEL_ZONE, id, NULL, NULL);
	z->obj.name = ld_str_req(c, e, "Name", id);
	if (!z->obj.name)
		return 1;
	z->private_zone = ld_bool(c, ld_obj(c, e, "Config", id), "PrivateZone", false, id);
	z->record_count = (uint32_t)ld_int(c, e, "ResourceRecordSetCount", 0, UINT32_MAX, 0, id);
	return read_zone_vpcs(c, z, ld_arr(c, e, "VPCs", id));
}

static int add_zone(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	(void)arg;
	struct model_zone z;
	int rc = read_zone(c, e, &z);
	if (rc)
		return rc < 0 ? rc : 0;
	return ld_vec_add(&c->zones, &z);
}

int ld_zones(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "HostedZones", NULL, add_zone, NULL);
}

/* get-hosted-zone: {"HostedZone": {...}, "VPCs": [...], "DelegationSet"}. */
int ld_hosted_zone_doc(struct ld_ctx *c, const cJSON *obj)
{
	struct ld_zone_doc d;
	memset(&d, 0, sizeof(d));
	int rc = read_zone(c, obj, &d.zone);
	if (rc)
		return rc < 0 ? rc : 0;
	const cJSON *vpcs = c->root ? cJSON_GetObjectItemCaseSensitive(c->root, "VPCs") : NULL;
	if (cJSON_IsArray(vpcs) && !d.zone.n_vpcs && (rc = read_zone_vpcs(c, &d.zone, vpcs)))
		return rc;
	d.file = c->file;
	return ld_vec_add(&c->zone_docs, &d);
}

/* "VPCs" at the top level belongs to get-hosted-zone's "HostedZone" (read there). */
int ld_zone_vpcs_doc(struct ld_ctx *c, const cJSON *arr)
{
	(void)arr;
	if (!c->root || !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(c->root, "HostedZone")))
		ld_warn(c, "SnapshotFormat", NULL,
			"top-level VPCs without a HostedZone beside it (get-hosted-zone's "
			"output): skipped");
	return 0;
}

/* ---- record sets ---- */

/* A ResourceRecord {"Value"} of zone @arg; one without Value is skipped. */
static int read_rr_value(struct ld_ctx *c, const cJSON *r, void *elem, const void *arg)
{
	const char *v = ld_str_req(c, r, "Value", arg);
	if (!v)
		return 1;
	*(const char **)elem = v;
	return 0;
}

static const struct ld_array rr_values = {"ResourceRecords", sizeof(const char *), read_rr_value};

/* Fill @elem from one ResourceRecordSet of zone @arg: 0, 1 when skipped,
 * VS_ENOMEM (struct ld_array). */
static int read_rrset(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	struct model_rrset *s = elem;
	const char *zone = arg;
	s->file = c->file;
	s->name = ld_str_req(c, e, "Name", zone);
	s->type = ld_str_req(c, e, "Type", zone);
	if (!s->name || !s->type)
		return 1;
	uint16_t t = dns_type_parse(s->type);
	if (!t || !dns_type_name(t)) {
		ld_error(c, "InvalidChangeBatch", zone,
			 "record set %.255s: type \"%.32s\" is not a DNS record type Route 53 "
			 "supports",
			 s->name, s->type);
		return 1;
	}
	s->ttl = (uint32_t)ld_int(c, e, "TTL", 0, 2147483647, 300, zone);
	int rc = 0;
	s->values = ld_objs(c, ld_arr(c, e, "ResourceRecords", zone), &rr_values, zone, zone,
			    &s->n_values, &rc);
	if (rc)
		return rc;
	const cJSON *al = ld_obj(c, e, "AliasTarget", zone);
	if (al) {
		s->alias_zone_id = ld_str_req(c, al, "HostedZoneId", zone);
		s->alias_dns_name = ld_str_req(c, al, "DNSName", zone);
		s->alias_evaluate_health = ld_bool(c, al, "EvaluateTargetHealth", false, zone);
		if (!s->alias_zone_id || !s->alias_dns_name)
			return 1;
		s->alias = true;
	}
	s->set_identifier = ld_str(c, e, "SetIdentifier", zone);
	s->has_weight = ld_has(e, "Weight");
	if (s->has_weight)
		s->weight = (uint32_t)ld_int(c, e, "Weight", 0, 255, 0, zone);
	s->failover = ld_str(c, e, "Failover", zone);
	if (s->failover) {
		static const char *const fo[] = {"PRIMARY", "SECONDARY"};
		char what[300];
		snprintf(what, sizeof(what), "record set %.255s", s->name);
		if (ld_enum(c, s->failover, fo, 2, "InvalidChangeBatch", zone, what, "Failover") <
		    0)
			return 1;
	}
	s->region = ld_str(c, e, "Region", zone);
	const cJSON *geo = ld_obj(c, e, "GeoLocation", zone);
	if (geo) {
		s->has_geo = true;
		s->geo_continent = ld_str(c, geo, "ContinentCode", zone);
		s->geo_country = ld_str(c, geo, "CountryCode", zone);
		s->geo_subdivision = ld_str(c, geo, "SubdivisionCode", zone);
	}
	s->multivalue = ld_bool(c, e, "MultiValueAnswer", false, zone);
	const cJSON *gp = ld_obj(c, e, "GeoProximityLocation", zone);
	if (gp) {
		s->has_geoprox = true;
		s->geoprox_region = ld_str(c, gp, "AWSRegion", zone);
		if (!s->geoprox_region)
			s->geoprox_region = ld_str(c, gp, "LocalZoneGroup", zone);
		s->geoprox_bias = (int32_t)ld_int(c, gp, "Bias", -99, 99, 0, zone);
	}
	const cJSON *cr = ld_obj(c, e, "CidrRoutingConfig", zone);
	if (cr) {
		s->cidr_collection = ld_str_req(c, cr, "CollectionId", zone);
		s->cidr_location = ld_str_req(c, cr, "LocationName", zone);
		if (!s->cidr_collection || !s->cidr_location)
			return 1;
	}
	s->health_check_id = ld_str(c, e, "HealthCheckId", zone);
	return 0;
}

/* ---- CIDR collections (IP-based routing) ---- */

static int read_cidr_block(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	struct model_cidr_block *b = elem;
	return ld_cidr_pair(c, x, "CidrBlock", &b->cidr, "LocationName", &b->location, arg);
}

static const struct ld_array cidr_blocks = {"CidrBlocks", sizeof(struct model_cidr_block),
					    read_cidr_block};

int ld_cidr_blocks(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_cidr_blocks *s =
		ld_push_obj(c, &c->cidr_sets, MODEL_CIDR_BLOCKS, id, NULL, NULL);
	if (!s)
		return VS_ENOMEM;
	int rc = 0;
	s->blocks =
		ld_objs(c, ld_arr(c, e, "CidrBlocks", id), &cidr_blocks, id, id, &s->n_blocks, &rc);
	return rc;
}

static const struct ld_array rrsets = {"ResourceRecordSets", sizeof(struct model_rrset),
				       read_rrset};

/* ResourceRecordSets [@arr] of zone @raw_id into c->zone_rrsets. */
static int read_rrsets(struct ld_ctx *c, const char *raw_id, const cJSON *arr)
{
	const char *zone = zone_id_bare(raw_id);
	if (!zone) {
		ld_error(c, "SnapshotFormat", NULL,
			 "record sets with an empty HostedZoneId: skipped");
		return 0;
	}
	struct ld_zone_rrsets g = {.zone_id = zone, .file = c->file};
	int rc = 0;
	g.rrsets = ld_objs(c, arr, &rrsets, zone, zone, &g.n, &rc);
	if (rc)
		return rc;
	return ld_vec_add(&c->zone_rrsets, &g);
}

/* list-resource-record-sets output with "HostedZoneId" added beside it. */
int ld_rrsets_doc(struct ld_ctx *c, const cJSON *arr)
{
	const cJSON *id = c->root ? cJSON_GetObjectItemCaseSensitive(c->root, "HostedZoneId") :
				    NULL;
	if (!cJSON_IsString(id) || !id->valuestring) {
		ld_error(c, "SnapshotFormat", NULL,
			 "ResourceRecordSets needs the zone's id beside it: a top-level "
			 "\"HostedZoneId\" string (or the HostedZoneResourceRecordSets wrapper)");
		return 0;
	}
	const char *raw = arena_strdup(c->arena, id->valuestring);
	if (!raw)
		return VS_ENOMEM;
	return read_rrsets(c, raw, arr);
}

/* {"HostedZoneId": ..., "ResourceRecordSets": [...]}, one element of the
 * HostedZoneResourceRecordSets wrapper. */
static int read_zone_rrsets(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	(void)arg;
	const char *raw = ld_str_req(c, e, "HostedZoneId", NULL);
	const cJSON *sets = ld_arr(c, e, "ResourceRecordSets", raw);
	return raw && sets ? read_rrsets(c, raw, sets) : 0;
}

int ld_zone_rrsets(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "HostedZoneResourceRecordSets", NULL, read_zone_rrsets, NULL);
}

/* ---- health ---- */

/* "Success: HTTP Status Code 200, OK" / "Failure: ..." (StatusReport.Status). */
static bool status_success(const char *s)
{
	return s && strncasecmp(s, "Success", 7) == 0;
}

int ld_health_check(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *status = ld_str(c, e, "Status", id);
	const cJSON *obs = ld_arr(c, e, "Observations", id);
	bool healthy;
	if (status) {
		healthy = status_success(status);
	} else if (obs) {
		/* Route 53 considers an endpoint healthy when more than 18%
		 * of its health checkers report it healthy
		 * (dns-failover-determining-health-of-endpoints.html). */
		uint32_t n = 0, ok = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, obs)
		{
			const cJSON *rep = ld_obj(c, o, "StatusReport", id);
			const char *st = ld_str(c, rep, "Status", id);
			n++;
			ok += status_success(st);
		}
		healthy = n > 0 && (uint64_t)ok * 100 > (uint64_t)n * 18;
		status = healthy ? "Success" : "Failure";
	} else {
		ld_error(c, "SnapshotFormat", id,
			 "health check %s: needs a Status (\"Success\" or \"Failure\") or "
			 "Observations",
			 id);
		return 0;
	}
	struct model_health_check *h =
		ld_push_obj(c, &c->health_checks, MODEL_HEALTH_CHECK, id, NULL, NULL);
	if (!h)
		return VS_ENOMEM;
	h->healthy = healthy;
	h->status = status;
	return 0;
}

/* ---- Resolver rules ---- */

/* A TargetIps entry of resolver rule @arg: "ip", or "ip:port" when the
 * port is not 53; 1 when it has no address, or VS_ENOMEM. */
static int read_target(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	const char *id = arg;
	const char *ip = ld_str(c, e, "Ip", id);
	if (!ip)
		ip = ld_str(c, e, "Ipv6", id);
	if (!ip) {
		ld_error(c, "SnapshotFormat", id,
			 "resolver rule %s: a TargetIps entry without Ip or Ipv6", id);
		return 1;
	}
	int64_t port = ld_int(c, e, "Port", 1, 65535, 53, id);
	if (port != 53) {
		char buf[96];
		bool v6 = strchr(ip, ':') != NULL;
		snprintf(buf, sizeof(buf), v6 ? "[%.64s]:%d" : "%.64s:%d", ip, (int)port);
		if (!(ip = arena_strdup(c->arena, buf)))
			return VS_ENOMEM;
	}
	*(const char **)elem = ip;
	return 0;
}

static const struct ld_array rslvr_targets = {"TargetIps", sizeof(const char *), read_target};

static int read_targets(struct ld_ctx *c, struct model_rslvr_rule *r, const cJSON *arr)
{
	int rc = 0;
	r->targets = ld_objs(c, arr, &rslvr_targets, r->obj.id, r->obj.id, &r->n_targets, &rc);
	return rc;
}

int ld_rslvr_rule(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *status = ld_str(c, e, "Status", id);
	if (ld_state_gone(status))
		return 0;
	const char *type = ld_str_req(c, e, "RuleType", id);
	const char *domain = ld_str_req(c, e, "DomainName", id);
	if (!type || !domain)
		return 0;
	static const char *const types[] = {"FORWARD", "SYSTEM", "RECURSIVE"};
	char what[96];
	snprintf(what, sizeof(what), "resolver rule %.64s", id);
	int ti = ld_enum(c, type, types, 3, "InvalidParameterException", id, what, "RuleType");
	if (ti < 0)
		return 0;
	enum model_rslvr_rule_type t = (enum model_rslvr_rule_type)ti; /* in types' order */
	/* OwnerId of the autodefined rules is "Route 53 Resolver", not an
	 * account: the file's account applies */
	struct model_rslvr_rule *r =
		ld_push_named(c, &c->rslvr_rules, MODEL_RSLVR_RULE, id, e, NULL);
	if (!r)
		return VS_ENOMEM;
	r->domain = domain;
	r->type = t;
	r->status = status;
	r->endpoint_id = ld_str(c, e, "ResolverEndpointId", id);
	int rc = read_targets(c, r, ld_arr(c, e, "TargetIps", id));
	if (rc)
		return rc;
	if (t == RSLVR_RULE_FORWARD && r->n_targets == 0)
		ld_error(c, "InvalidRequestException", id,
			 "resolver rule %s: a FORWARD rule needs at least one target IP", id);
	return 0;
}

int ld_rslvr_assoc(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *status = ld_str(c, e, "Status", id);
	if (ld_state_gone(status))
		return 0;
	const char *rule = ld_str_req(c, e, "ResolverRuleId", id);
	const char *vpc = ld_str_req(c, e, "VPCId", id);
	if (!rule || !vpc)
		return 0;
	struct model_rslvr_assoc *a =
		ld_push_named(c, &c->rslvr_assocs, MODEL_RSLVR_ASSOC, id, e, NULL);
	if (!a)
		return VS_ENOMEM;
	a->rule_id = rule;
	a->vpc_id = vpc;
	a->status = status;
	return 0;
}

/* ---- after the last file ---- */

/* The index of the first zone of @id in c->zones (by @first, an
 * ld_obj_index() of the zones that keeps the first), or -1. */
static int64_t zone_first(const struct hmap *first, const char *id)
{
	uintptr_t k = (uintptr_t)hmap_get_str(first, id);
	return k ? (int64_t)k - 1 : -1;
}

/* Every record-set group of a zone, in file order (pagination), into the
 * first zone of its id: counted per zone, allocated, filled. */
static int attach_rrsets(struct ld_ctx *c, const struct hmap *first)
{
	const struct ld_zone_rrsets *gs = c->zone_rrsets.items;
	struct model_zone *zs = c->zones.items;
	for (uint32_t i = 0; i < c->zone_rrsets.n; i++) {
		int64_t k = zone_first(first, gs[i].zone_id);
		if (k < 0) {
			c->file = gs[i].file;
			ld_warn(c, "SnapshotFormat", gs[i].zone_id,
				"record sets of hosted zone %s, which no HostedZones entry "
				"describes: "
				"skipped",
				gs[i].zone_id);
			continue;
		}
		zs[k].n_rrsets += gs[i].n; /* the count, for now */
	}
	for (uint32_t k = 0; k < c->zones.n; k++) {
		struct model_zone *z = &zs[k];
		if (z->n_rrsets &&
		    !(z->rrsets = arena_calloc(c->arena, z->n_rrsets, sizeof(*z->rrsets))))
			return VS_ENOMEM;
		z->n_rrsets = 0;
	}
	for (uint32_t i = 0; i < c->zone_rrsets.n; i++) {
		int64_t k = zone_first(first, gs[i].zone_id);
		if (k < 0 || !gs[i].n)
			continue;
		struct model_zone *z = &zs[k];
		memcpy(z->rrsets + z->n_rrsets, gs[i].rrsets, gs[i].n * sizeof(*z->rrsets));
		z->n_rrsets += gs[i].n;
	}
	return 0;
}

int ld_dns_merge(struct ld_ctx *c)
{
	const char *saved = c->file;
	/* Zones by id, the first of a repeated id (the others are dropped
	 * later): one map, so that merging is linear in the zones and files. */
	struct hmap *first = ld_obj_index(&c->zones, true);
	if (!first)
		return VS_ENOMEM;
	int rc = 0;
	struct ld_zone_doc *docs = c->zone_docs.items;
	for (uint32_t i = 0; i < c->zone_docs.n && !rc; i++) {
		int64_t k = zone_first(first, docs[i].zone.obj.id);
		if (k < 0) {
			struct model_zone *z = vec_push(&c->zones);
			if (!z) {
				rc = VS_ENOMEM;
				break;
			}
			*z = docs[i].zone;
			rc = hmap_put_str(first, z->obj.id, (void *)(uintptr_t)c->zones.n, NULL);
			continue;
		}
		struct model_zone *z = VEC_AT(&c->zones, struct model_zone, (uint32_t)k);
		if (!z->n_vpcs) { /* list-hosted-zones does not print them */
			z->vpcs = docs[i].zone.vpcs;
			z->n_vpcs = docs[i].zone.n_vpcs;
		}
		if (docs[i].zone.private_zone)
			z->private_zone = true;
	}
	if (!rc)
		rc = attach_rrsets(c, first);
	hmap_free(first);
	c->file = saved;
	return rc;
}

/* "@vpc\n@name" in canonical text (lowercase, trailing dot), arena copy; NULL
 * when the name does not parse (*bad set) or memory runs out. */
static const char *vpc_name_key(struct ld_ctx *c, const char *vpc, const char *name, bool *bad)
{
	struct dns_name n;
	*bad = dns_name_parse(&n, name, DNS_NAME_OCTAL) != 0;
	if (*bad)
		return NULL;
	char text[1024], key[1200];
	dns_name_to_text(&n, text, sizeof(text), DNS_NAME_OCTAL);
	snprintf(key, sizeof(key), "%.128s\n%s", vpc, text);
	return arena_strdup(c->arena, key);
}

/*
 * What Route 53 refuses across entities: two private hosted zones of one
 * name associated with one VPC (ConflictingDomainExists,
 * hosted-zone-private-considerations.html), two Resolver rules of one
 * domain associated with one VPC (InvalidRequestException), a rule whose
 * DomainName is not a domain name.  The later one is left out (flagged),
 * with an error finding naming it.
 */
static int dns_conflicts(struct ld_ctx *c)
{
	struct model *m = c->m;
	struct hmap *seen = hmap_new(16);
	if (!seen)
		return VS_ENOMEM;
	int rc = 0;
	bool bad;
	for (uint32_t i = 0; i < m->n_zones && !rc; i++) {
		struct model_zone *z = &m->zones[i];
		if (!z->private_zone || z->invalid)
			continue;
		for (uint32_t k = 0; k < z->n_vpcs; k++) {
			const char *key = vpc_name_key(c, z->vpcs[k].vpc_id, z->obj.name, &bad);
			if (!key) {
				rc = bad ? 0 : VS_ENOMEM;
				break;
			}
			const struct model_zone *first = hmap_get_str(seen, key);
			if (!first) {
				if ((rc = hmap_put_str(seen, key, z, NULL)))
					break;
				continue;
			}
			z->vpcs[k].ignored = true;
			c->file = z->obj.file;
			ld_error(c, "ConflictingDomainExists", z->obj.id,
				 "VPC %.64s is associated with two private hosted zones named "
				 "%.255s (%s first): Route 53 refuses the second, resolve ignores "
				 "it "
				 "there",
				 z->vpcs[k].vpc_id, z->obj.name, first->obj.id);
		}
	}
	hmap_free(seen);
	if (rc || !(seen = hmap_new(16)))
		return rc ? rc : VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_rslvr_rules; i++) {
		struct model_rslvr_rule *r = &m->rslvr_rules[i];
		struct dns_name n;
		if (dns_name_parse(&n, r->domain, DNS_NAME_OCTAL) == 0)
			continue;
		r->invalid = true;
		c->file = r->obj.file;
		ld_error(c, "InvalidParameterException", r->obj.id,
			 "resolver rule %s: DomainName \"%.255s\" is not a domain name: the rule "
			 "is left out",
			 r->obj.id, r->domain);
	}
	for (uint32_t i = 0; i < m->n_rslvr_assocs; i++) {
		struct model_rslvr_assoc *a = &m->rslvr_assocs[i];
		const struct model_obj *o = model_find_kind(m, MODEL_RSLVR_RULE, a->rule_id);
		const struct model_rslvr_rule *r = MODEL_AS(const struct model_rslvr_rule, o);
		if (!r || r->invalid)
			continue;
		const char *key = vpc_name_key(c, a->vpc_id, r->domain, &bad);
		if (!key) {
			rc = bad ? 0 : VS_ENOMEM;
			if (rc)
				break;
			continue;
		}
		const struct model_rslvr_assoc *first = hmap_get_str(seen, key);
		if (!first) {
			if ((rc = hmap_put_str(seen, key, a, NULL)))
				break;
			continue;
		}
		a->ignored = true;
		c->file = a->obj.file;
		ld_error(c, "InvalidRequestException", a->obj.id,
			 "VPC %.64s already has a Resolver rule for %.255s (association %s): "
			 "Route 53 Resolver refuses a second, resolve ignores it",
			 a->vpc_id, r->domain, first->obj.id);
	}
	hmap_free(seen);
	c->file = NULL;
	return rc;
}

/*
 * The Route 53 API reference, AliasTarget, HostedZoneId: for "another
 * Route 53 resource record set in your hosted zone", the id of that hosted
 * zone -- "An alias resource record set can't reference a resource record
 * set in a different hosted zone."  An alias whose HostedZoneId is another
 * hosted zone of the snapshot is such a reference (an AWS service's zone --
 * an ELB's canonical hosted zone, CloudFront's Z2FDTNDATAQYW2, an S3
 * website endpoint's, a VPC endpoint's -- is not a hosted zone of the
 * snapshot).  Route 53 refuses the change batch: an InvalidChangeBatch
 * error naming the record's file and the zone, and the zone is marked
 * invalid, as for a CNAME at the apex (resolve leaves it out).
 */
static int alias_other_zone(struct ld_ctx *c)
{
	struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_zones; i++) {
		struct model_zone *z = &m->zones[i];
		if (z->invalid || !z->obj.id)
			continue;
		for (uint32_t k = 0; k < z->n_rrsets; k++) {
			const struct model_rrset *s = &z->rrsets[k];
			const char *to = s->alias ? zone_id_bare(s->alias_zone_id) : NULL;
			if (!to || !strcmp(to, z->obj.id) || !model_find_kind(m, MODEL_ZONE, to))
				continue;
			z->invalid = true;
			c->file = s->file ? s->file : z->obj.file;
			ld_error(c, "InvalidChangeBatch", z->obj.id,
				 "hosted zone %.255s: %.255s %.16s: the alias target is a record "
				 "in "
				 "another hosted zone (%.64s), which an alias cannot reference "
				 "(Route "
				 "53 API reference, AliasTarget HostedZoneId); Route 53 would "
				 "refuse "
				 "it, resolve leaves the zone out",
				 z->obj.name ? z->obj.name : "?", s->name ? s->name : "?",
				 s->type ? s->type : "?", to);
			break;
		}
	}
	c->file = NULL;
	return 0;
}

int resolve_dns(struct ld_ctx *c)
{
	struct model *m = c->m;
	int rc;
	for (uint32_t i = 0; i < m->n_zones; i++) {
		struct model_zone *z = &m->zones[i];
		char err[256] = "";
		rc = dns_model_check_zone(z, err, sizeof(err));
		if (rc == VS_ENOMEM)
			return rc;
		if (!rc)
			continue;
		z->invalid = true;
		c->file = z->obj.file;
		/* The zone is the finding's resource: its name once, then the
		 * reason (its first 213 bytes). */
		const char *why = err[0] ? err : vs_strerror(rc);
		const char *p = strstr(why, "): ");
		if (!strncmp(why, "hosted zone ", 12) && p)
			why = p + 3;
		ld_error(c, rc == VS_EPARSE ? "InvalidChangeBatch" : "InvalidDomainName", z->obj.id,
			 "hosted zone %.255s: %.213s; Route 53 would refuse it, resolve leaves the "
			 "zone out",
			 z->obj.name ? z->obj.name : "?", why);
	}
	c->file = NULL;
	if ((rc = alias_other_zone(c)) != 0)
		return rc;
	return dns_conflicts(c);
}

/* ---- Resolver endpoints ---- */

int ld_rslvr_ep(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_rslvr_ep *p = ld_push_named(c, &c->rslvr_eps, MODEL_RSLVR_EP, id, e, NULL);
	if (!p)
		return VS_ENOMEM;
	const char *dir = ld_str(c, e, "Direction", id);
	p->outbound = dir && !strcmp(dir, "OUTBOUND");
	p->vpc_id = ld_str(c, e, "HostVPCId", id);
	p->status = ld_str(c, e, "Status", id);
	p->sg_ids = ld_str_list(c, e, "SecurityGroupIds", NULL, &p->n_sgs, id);
	return 0;
}

static int read_ep_ip(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	struct model_rslvr_ep_ip *ip = elem;
	ip->subnet_id = ld_str(c, x, "SubnetId", arg);
	const char *a = ld_str(c, x, "Ip", arg);
	if (!a || !ld_addr(c, a, &ip->ip, "Ip", arg))
		return 1;
	return 0;
}

static const struct ld_array ep_ips = {"IpAddresses", sizeof(struct model_rslvr_ep_ip), read_ep_ip};

/* The wrapper ResolverEndpointIpAddresses: the endpoint's addresses. */
int ld_rslvr_ep_ips(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_rslvr_ep *p = NULL;
	for (uint32_t i = 0; i < c->rslvr_eps.n && !p; i++) {
		struct model_rslvr_ep *x = VEC_AT(&c->rslvr_eps, struct model_rslvr_ep, i);
		if (x->obj.id && !strcmp(x->obj.id, id))
			p = x;
	}
	if (!p) {
		ld_warn(c, "ResourceNotFoundException", id,
			"addresses of Resolver endpoint %s skipped: the endpoint is not in the "
			"snapshot (ResolverEndpoints before ResolverEndpointIpAddresses)",
			id);
		return 0;
	}
	int rc = 0;
	p->ips = ld_objs(c, ld_arr(c, e, "IpAddresses", id), &ep_ips, id, id, &p->n_ips, &rc);
	return rc;
}

/* ---- master files (*.zone) ----
 *
 * A zone file is one public hosted zone, as Route 53's import makes one
 * from it: the zone is the file's name without ".zone" (example.com.zone:
 * example.com; a $ORIGIN inside changes how later relative names read),
 * its id "zonefile/NAME"; its records grouped into record sets by name and
 * type (the first record's TTL for the set).  What Route 53 would refuse in
 * it is reported by the same zone check as for hosted zones. */

struct zf_group {
	const char *name;
	uint16_t type;
	uint32_t ttl;
	struct vec values; /* const char * */
};

struct zf_load {
	struct ld_ctx *c;
	struct vec groups; /* struct zf_group */
	struct hmap *by_key;
	char key[1100];
};

static int zf_add(void *ctx, const struct dns_zf_record *r)
{
	struct zf_load *z = ctx;
	struct arena *a = z->c->arena;
	snprintf(z->key, sizeof(z->key), "%s\t%u", r->owner, (unsigned)r->type);
	uintptr_t at = (uintptr_t)hmap_get_str(z->by_key, z->key);
	struct zf_group *g;
	if (at) {
		g = VEC_AT(&z->groups, struct zf_group, at - 1);
	} else {
		g = vec_push(&z->groups);
		char *k = arena_strdup(a, z->key);
		if (!g || !k)
			return VS_ENOMEM;
		memset(g, 0, sizeof(*g));
		g->name = arena_strdup(a, r->owner);
		g->type = r->type;
		g->ttl = r->ttl;
		vec_init(&g->values, sizeof(const char *));
		if (!g->name || hmap_put_str(z->by_key, k, (void *)(uintptr_t)z->groups.n, NULL))
			return VS_ENOMEM;
	}
	const char **v = vec_push(&g->values);
	if (!v || !(*v = arena_strdup(a, r->data)))
		return VS_ENOMEM;
	return 0;
}

int ld_zonefile(struct ld_ctx *c, const char *path, const char *text, size_t len)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	char origin[300];
	snprintf(origin, sizeof(origin), "%.*s", (int)(bl > 5 ? bl - 5 : bl), base);
	struct zf_load z = {.c = c, .by_key = hmap_new(64)};
	vec_init(&z.groups, sizeof(struct zf_group));
	char err[200] = "";
	uint32_t line = 0;
	int rc = z.by_key ? dns_zonefile_parse(text, len, origin, zf_add, &z, err, sizeof(err),
					       &line) :
			    VS_ENOMEM;
	if (rc == VS_EPARSE) {
		if (c->diag)
			(void)diag_add(c->diag, DIAG_ERROR, "InvalidChangeBatch", NULL, path, line,
				       0, "zone file: %s", err);
		rc = 0; /* the rest of the snapshot loads; this zone is not imported */
		goto out;
	}
	if (rc)
		goto out;
	char id[320], name[304];
	snprintf(name, sizeof(name), "%s.", origin);
	snprintf(id, sizeof(id), "zonefile/%s", origin);
	struct model_zone *mz = vec_push(&c->zones);
	struct ld_zone_rrsets g = {.file = path};
	if (!mz) {
		rc = VS_ENOMEM;
		goto out;
	}
	memset(mz, 0, sizeof(*mz));
	const char *zid = arena_strdup(c->arena, id);
	ld_obj_init(c, &mz->obj, MODEL_ZONE, zid, NULL, NULL);
	mz->obj.name = arena_strdup(c->arena, name);
	mz->obj.file = arena_strdup(c->arena, path);
	mz->record_count = z.groups.n;
	g.zone_id = zid;
	g.file = mz->obj.file;
	g.n = z.groups.n;
	g.rrsets = arena_calloc(c->arena, g.n ? g.n : 1, sizeof(*g.rrsets));
	if (!zid || !mz->obj.name || !g.rrsets) {
		rc = VS_ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < z.groups.n; i++) {
		const struct zf_group *x = VEC_AT(&z.groups, struct zf_group, i);
		struct model_rrset *s = &g.rrsets[i];
		char tb[16];
		s->name = x->name;
		s->type = arena_strdup(c->arena, dns_type_text(x->type, tb, sizeof(tb)));
		s->ttl = x->ttl;
		s->n_values = x->values.n;
		s->values = arena_memdup(c->arena, x->values.items,
					 (x->values.n ? x->values.n : 1) * sizeof(const char *));
		s->file = g.file;
		if (!s->type || !s->values) {
			rc = VS_ENOMEM;
			goto out;
		}
	}
	rc = ld_vec_add(&c->zone_rrsets, &g);
out:
	for (uint32_t i = 0; i < z.groups.n; i++)
		vec_release(&VEC_AT(&z.groups, struct zf_group, i)->values);
	vec_release(&z.groups);
	hmap_free(z.by_key);
	return rc;
}
