/*
 * DOC: report -- check: the findings, one per line, then a summary line
 *
 *   FILE[:LINE:COL]: SEVERITY: CODE RESOURCE: MESSAGE
 *   PATH: N VPCs, N subnets, N network interfaces: N errors, N warnings
 *
 * CODE is AWS's own error code where AWS would reject the same thing
 * (InvalidSubnet.Conflict), MESSAGE in AWS's message shape.  The JSON form
 * is {"snapshot", "valid", "errors", "warnings", "findings": [...]}.
 */
#include <stdio.h>

#include "report/report_int.h"

void report_diag_line(FILE *f, const struct diag *d)
{
	if (d->file) {
		report_text_put(d->file, f);
		if (d->line)
			report_textf(f, ":%u:%u", d->line, d->col);
		fputs(": ", f);
	}
	report_textf(f, "%s: %s", diag_severity_name(d->severity), d->code);
	if (d->resource)
		report_textf(f, " %s", d->resource);
	report_textf(f, ": %s\n", d->message);
}

void report_diag_print(FILE *f, const struct diag_list *l)
{
	for (size_t i = 0; i < diag_count(l); i++)
		report_diag_line(f, diag_get(l, i));
}

static void print_text(FILE *f, const char *path, const struct model *m,
		       const struct diag_list *diag, bool quiet, bool errors_only)
{
	for (size_t i = 0; !quiet && i < diag_count(diag); i++) {
		const struct diag *d = diag_get(diag, i);
		if (!errors_only || d->severity == DIAG_ERROR)
			report_diag_line(f, d);
	}
	size_t ne = diag_count_severity(diag, DIAG_ERROR);
	size_t nw = diag_count_severity(diag, DIAG_WARNING);
	report_textf(f,
		     "%s: %u VPC%s, %u subnet%s, %u network interface%s: %zu error%s, %zu "
		     "warning%s\n",
		     path, m->n_vpcs, m->n_vpcs == 1 ? "" : "s", m->n_subnets,
		     m->n_subnets == 1 ? "" : "s", m->n_enis, m->n_enis == 1 ? "" : "s", ne,
		     ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
}

bool report_check(FILE *f, const char *path, const struct model *m, const struct diag_list *diag,
		  const struct report_check_opts *o)
{
	size_t ne = diag_count_severity(diag, DIAG_ERROR);
	if (!o->json) {
		print_text(f, path, m, diag, o->quiet, o->errors_only);
		return true;
	}
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "snapshot", path);
	cJSON_AddBoolToObject(j, "valid", ne == 0);
	cJSON_AddNumberToObject(j, "errors", (double)ne);
	cJSON_AddNumberToObject(j, "warnings", (double)diag_count_severity(diag, DIAG_WARNING));
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < diag_count(diag); i++) {
		const struct diag *d = diag_get(diag, i);
		if (!o->errors_only || d->severity == DIAG_ERROR)
			cJSON_AddItemToArray(a, report_json_diag(d));
	}
	cJSON_AddItemToObject(j, "findings", a);
	return report_json_print(j, f);
}
