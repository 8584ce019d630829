/*
 * DOC: trace result -> cJSON tree, for callers that want a tree
 *
 * There is one trace JSON writer, trace_result_json_write() (trace_jsonw.c,
 * which states the contract); this parses its document, so `trace --json`
 * (pretty) and `trace --batch` (compact) can never say different things.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "vpcsim/trace.h"

cJSON *trace_result_json(const struct trace_result *r)
{
	if (!r)
		return NULL;
	size_t need = trace_result_json_write(r, NULL, 0);
	char *buf = malloc(need + 1);
	if (!buf)
		return NULL;
	trace_result_json_write(r, buf, need + 1);
	cJSON *j = cJSON_ParseWithLength(buf, need);
	free(buf);
	return j;
}
