/*
 * DOC: show's reference builders (report_int.h): a related resource as
 * "id (Name)", the raw id when it resolves to nothing; lists of them and of
 * CIDRs.  Shared by show.c and show_more.c, below both.
 */
#include <stdio.h>

#include "report/report_int.h"

cJSON *report_show_ref_json(const struct model_obj *o, const char *raw_id)
{
	if (!o)
		return raw_id ? cJSON_CreateString(raw_id) : cJSON_CreateNull();
	if (o->name) {
		char buf[512];
		snprintf(buf, sizeof(buf), "%s (%s)", o->id, o->name);
		return cJSON_CreateString(buf);
	}
	return cJSON_CreateString(o->id);
}

void report_show_add_ref(cJSON *j, const char *key, const void *ent, const char *raw_id)
{
	cJSON_AddItemToObject(j, key, report_show_ref_json(ent, raw_id));
}

void report_show_add_refs(cJSON *j, const char *key, void *const *ents, const char *const *ids,
			  uint32_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, report_show_ref_json(ents ? ents[i] : NULL,
							     ids ? ids[i] : NULL));
	cJSON_AddItemToObject(j, key, a);
}

void report_show_add_cidrs(cJSON *j, const char *key, const struct model_cidr *c, uint32_t n)
{
	cJSON *a = cJSON_CreateArray();
	char buf[NET_PREFIX_STRLEN];
	for (uint32_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(c[i].pfx.addr.af ?
								   net_prefix_fmt(&c[i].pfx, buf) :
								   (c[i].text ? c[i].text : "-")));
	cJSON_AddItemToObject(j, key, a);
}
