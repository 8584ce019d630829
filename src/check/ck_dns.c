/*
 * DOC: Route 53 design findings
 *
 *  - PRIVATE_ZONE_DNS_ATTRIBUTES_OFF (warning): a private hosted zone is
 *    associated with a VPC whose enableDnsSupport or enableDnsHostnames is
 *    off; Route 53 Resolver then does not answer from the zone in that VPC
 *    ("To use private hosted zones, you must set the following Amazon VPC
 *    settings to true: enableDnsHostnames, enableDnsSupport",
 *    hosted-zone-private-considerations.html).  `vpcsim resolve` answers as
 *    AWS does there; this says why before anyone asks.
 *  - PRIVATE_ZONE_NO_VPC (warning): a private hosted zone the snapshot
 *    associates with no VPC: nobody resolves from it (Route 53 creates a
 *    private zone with a VPC and refuses to disassociate the last one,
 *    hosted-zone-private-associate-vpcs.html), so its VPCs are missing from
 *    the snapshot (get-hosted-zone's VPCs).
 *  - RESOLVER_RULE_TARGET_UNREACHABLE (warning): a FORWARD rule associated
 *    with a VPC whose outbound endpoint reaches none of its target IPs
 *    (the trace engine over UDP, as resolve reports it: dns_forward_paths;
 *    resolver-forwarding-outbound-queries.html): every query it forwards
 *    goes unanswered.
 *  - RESOLVER_FORWARD_PARTLY_SHADOWED (note): in a VPC, a more specific
 *    SYSTEM rule, or the autodefined system rule of an associated private
 *    zone, holds names below a FORWARD rule's domain: those names are
 *    answered by Resolver, not forwarded (resolver-rules-managing.html,
 *    resolver-overview-forward-vpc-to-network-domain-name-matches.html).
 * What Route 53 refuses in record sets and zones is the loader's (ld_dns.c).
 */
#include "check/ck_internal.h"
#include "dns/dns_model.h"
#include "dns/name.h"
#include "vpcsim/error.h"
#include "vpcsim/trace.h"

/* Whether rule domain / zone name @sub is strictly below @dom. */
static bool strictly_below(const char *sub, const char *dom)
{
	struct dns_name a, b;
	if (!sub || !dom || dns_name_parse(&a, sub, DNS_NAME_OCTAL) ||
	    dns_name_parse(&b, dom, DNS_NAME_OCTAL))
		return false;
	return !dns_name_equal(&a, &b) && dns_name_is_subdomain(&a, &b);
}

static bool rule_associated(const struct model *m, const char *rule, const char **vpc)
{
	for (uint32_t i = 0; i < m->n_rslvr_assocs; i++)
		if (!m->rslvr_assocs[i].ignored && !strcmp(m->rslvr_assocs[i].rule_id, rule)) {
			*vpc = m->rslvr_assocs[i].vpc_id;
			return true;
		}
	return false;
}

static int forward_targets(const struct model *m, struct diag_list *d)
{
	struct trace_ctx *t = NULL;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_rslvr_rules && !rc; i++) {
		const struct model_rslvr_rule *r = &m->rslvr_rules[i];
		const char *vpc;
		if (r->type != RSLVR_RULE_FORWARD || !r->n_targets ||
		    !rule_associated(m, r->obj.id, &vpc))
			continue;
		if (!t && trace_ctx_build(m, &t))
			return VS_ENOMEM;
		struct dns_fwd_path p[DNS_MAX_FWD_PATHS];
		uint32_t n = dns_forward_paths(m, t, r->endpoint_id, r->targets, r->n_targets, p,
					       DNS_MAX_FWD_PATHS);
		bool reach = false, traced = false;
		uint32_t first = 0;
		for (uint32_t k = 0; k < n; k++) {
			reach |= p[k].traced && p[k].reachable;
			if (p[k].traced && !traced)
				first = k;
			traced |= p[k].traced;
		}
		if (reach || !traced) /* nothing traced: the snapshot lacks the endpoint */
			continue;
		rc = ck_report(d, DIAG_WARNING, "RESOLVER_RULE_TARGET_UNREACHABLE", &r->obj,
			       "Resolver rule %s (%s, associated with %s) forwards through %s, "
			       "which reaches none of its targets (%s -> %s: %s): the queries it "
			       "forwards go unanswered",
			       r->obj.id, r->domain, vpc, r->endpoint_id ? r->endpoint_id : "-",
			       p[first].from, p[first].target ? p[first].target : "-",
			       p[first].code ? p[first].code : "not reachable");
		rc = rc < 0 ? rc : 0;
	}
	trace_ctx_free(t);
	return rc;
}

static int forward_shadowed(const struct model *m, struct diag_list *d)
{
	for (uint32_t i = 0; i < m->n_rslvr_assocs; i++) {
		const struct model_rslvr_assoc *fa = &m->rslvr_assocs[i];
		const struct model_obj *fo = ck_lookup_kind(m, NULL, fa->rule_id, MODEL_RSLVR_RULE);
		const struct model_rslvr_rule *f =
			fo ? MODEL_AS(const struct model_rslvr_rule, fo) : NULL;
		if (fa->ignored || !f || f->type != RSLVR_RULE_FORWARD)
			continue;
		const char *by = NULL, *what = NULL;
		for (uint32_t k = 0; k < m->n_rslvr_assocs && !by; k++) {
			const struct model_rslvr_assoc *sa = &m->rslvr_assocs[k];
			const struct model_obj *so =
				ck_lookup_kind(m, NULL, sa->rule_id, MODEL_RSLVR_RULE);
			const struct model_rslvr_rule *sr =
				so ? MODEL_AS(const struct model_rslvr_rule, so) : NULL;
			if (!sa->ignored && sr && sr->type == RSLVR_RULE_SYSTEM &&
			    !strcmp(sa->vpc_id, fa->vpc_id) &&
			    strictly_below(sr->domain, f->domain)) {
				by = sr->obj.id;
				what = sr->domain;
			}
		}
		for (uint32_t z = 0; z < m->n_zones && !by; z++) {
			const struct model_zone *zone = &m->zones[z];
			for (uint32_t v = 0; zone->private_zone && v < zone->n_vpcs && !by; v++)
				if (!zone->vpcs[v].ignored &&
				    !strcmp(zone->vpcs[v].vpc_id, fa->vpc_id) &&
				    strictly_below(zone->obj.name, f->domain)) {
					by = zone->obj.id;
					what = zone->obj.name;
				}
		}
		if (!by)
			continue;
		int rc = ck_report(d, DIAG_NOTE, "RESOLVER_FORWARD_PARTLY_SHADOWED", &f->obj,
				   "in %s, Resolver rule %s forwards %s, but %s holds %s, more "
				   "specific: names there are answered by Resolver, not forwarded",
				   fa->vpc_id, f->obj.id, f->domain, by, what ? what : "?");
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ck_dns(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	int rc;

	(void)o;
	for (uint32_t z = 0; z < m->n_zones; z++) {
		const struct model_zone *zone = &m->zones[z];
		if (!zone->private_zone)
			continue;
		if (!zone->n_vpcs) {
			rc = ck_report(d, DIAG_WARNING, "PRIVATE_ZONE_NO_VPC", &zone->obj,
				       "private hosted zone %s (%s) is associated with no VPC of "
				       "the "
				       "snapshot: nobody resolves from it (get-hosted-zone lists "
				       "its "
				       "VPCs)",
				       zone->obj.id, zone->obj.name ? zone->obj.name : "?");
			if (rc < 0)
				return rc;
		}
		for (uint32_t i = 0; i < zone->n_vpcs; i++) {
			const struct model_obj *vo =
				ck_lookup_kind(m, NULL, zone->vpcs[i].vpc_id, MODEL_VPC);
			const struct model_vpc *v = vo ? MODEL_AS(const struct model_vpc, vo) :
							 NULL;
			if (!v || zone->vpcs[i].ignored || (v->dns_support && v->dns_hostnames))
				continue;
			rc = ck_report(
				d, DIAG_WARNING, "PRIVATE_ZONE_DNS_ATTRIBUTES_OFF", &zone->obj,
				"private hosted zone %s (%s) is associated with %s, whose %s "
				"is "
				"off: Route 53 Resolver does not answer from the zone there",
				zone->obj.id, zone->obj.name ? zone->obj.name : "?", v->obj.id,
				!v->dns_support ? "enableDnsSupport" : "enableDnsHostnames");
			if (rc < 0)
				return rc;
		}
	}
	if ((rc = forward_targets(m, d)) || (rc = forward_shadowed(m, d)))
		return rc;
	return 0;
}
