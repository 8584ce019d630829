/*
 * DOC: report -- what the renderers of src/report/ share (private)
 */
#ifndef VPCSIM_REPORT_INT_H
#define VPCSIM_REPORT_INT_H

#include "vpcsim/report.h"

/* show: builders shared by show.c and show_more.c.  A reference prints as
 * "id (Name)", or the raw id when it resolves to nothing. */
cJSON *report_show_ref_json(const struct model_obj *o, const char *raw_id);
void report_show_add_ref(cJSON *j, const char *key, const void *ent, const char *raw_id);
void report_show_add_refs(cJSON *j, const char *key, void *const *ents, const char *const *ids,
			  uint32_t n);
void report_show_add_cidrs(cJSON *j, const char *key, const struct model_cidr *c, uint32_t n);
/* Kinds not described in show.c (hybrid, load balancing, DNS, sites). */
void report_show_describe_more(cJSON *j, const struct model_obj *o);

#endif
