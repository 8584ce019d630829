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
 * What Route 53 refuses in record sets and zones is the loader's (ld_dns.c).
 */
#include "check/ck_internal.h"
#include "vpcsim/error.h"

int ck_dns(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	int rc;

	(void)o;
	for (uint32_t z = 0; z < m->n_zones; z++) {
		const struct model_zone *zone = &m->zones[z];
		if (!zone->private_zone)
			continue;
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
	return 0;
}
