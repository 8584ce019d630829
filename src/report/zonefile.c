/*
 * DOC: a hosted zone as an RFC 1035 master file (report.h, report_zonefile())
 *
 * $ORIGIN, then one line per value: absolute owner, TTL, IN, type, the
 * value as Route 53 holds it (its text form is the master file's).  What a
 * master file cannot say is kept as a comment: an alias record (Route 53's
 * own: no type of RFC 1035 carries it) and a routing policy's fields
 * (weight, failover, set identifier...), so that the file loads back as the
 * simple records it holds (vpcsim reads *.zone files: src/dns/zonefile.c).
 */
#include <stdio.h>

#include "vpcsim/report.h"

bool report_zonefile(FILE *f, const struct model_zone *z)
{
	if (!f || !z)
		return false;
	report_textf(f, "; hosted zone %s (%s), %s, as an RFC 1035 master file\n", z->obj.id,
		     z->obj.name ? z->obj.name : "?", z->private_zone ? "private" : "public");
	report_textf(f, "$ORIGIN %s\n", z->obj.name ? z->obj.name : ".");
	for (uint32_t i = 0; i < z->n_rrsets; i++) {
		const struct model_rrset *s = &z->rrsets[i];
		if (s->alias) {
			report_textf(f,
				     "; %s %s ALIAS %s (zone %s): an alias has no master-file "
				     "form\n",
				     s->name, s->type, s->alias_dns_name ? s->alias_dns_name : "?",
				     s->alias_zone_id ? s->alias_zone_id : "?");
			continue;
		}
		if (s->set_identifier)
			report_textf(f, "; set %s%s%s: a routing policy has no master-file form\n",
				     s->set_identifier, s->has_weight ? ", weighted" : "",
				     s->failover ? ", failover" : "");
		for (uint32_t k = 0; k < s->n_values; k++)
			report_textf(f, "%s\t%u\tIN\t%s\t%s\n", s->name, (unsigned)s->ttl, s->type,
				     s->values[k]);
	}
	fflush(f);
	return !ferror(f);
}
