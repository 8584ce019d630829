/*
 * DOC: report -- JSON building and printing shared by the renderers
 *
 * cJSON trees for findings and values; report_json_print() writes one
 * document, pretty-printed, with a trailing newline, report_json_print_line()
 * one line of JSON Lines (trace --batch errors, resolve's query log).
 */
#include <stdlib.h>

#include "base/utf8.h"
#include "vpcsim/report.h"

void report_json_add_str(cJSON *o, const char *key, const char *val)
{
	if (val)
		cJSON_AddStringToObject(o, key, val);
	else
		cJSON_AddNullToObject(o, key);
}

void report_json_add_prefix(cJSON *o, const char *key, const struct net_prefix *p)
{
	char buf[NET_PREFIX_STRLEN];
	report_json_add_str(o, key, p->addr.af ? net_prefix_fmt(p, buf) : NULL);
}

void report_json_add_addr(cJSON *o, const char *key, const struct net_addr *a)
{
	char buf[NET_PREFIX_STRLEN];
	report_json_add_str(o, key, a->af ? net_addr_fmt(a, buf) : NULL);
}

cJSON *report_json_str_array(const char *const *v, uint32_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (uint32_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, v[i] ? cJSON_CreateString(v[i]) : cJSON_CreateNull());
	return a;
}

cJSON *report_json_diag(const struct diag *d)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "severity", diag_severity_name(d->severity));
	cJSON_AddStringToObject(o, "code", d->code);
	report_json_add_str(o, "resource", d->resource);
	report_json_add_str(o, "file", d->file);
	if (d->line) {
		cJSON_AddNumberToObject(o, "line", d->line);
		cJSON_AddNumberToObject(o, "column", d->col);
	}
	cJSON_AddStringToObject(o, "message", d->message);
	return o;
}

cJSON *report_json_findings(const struct diag_list *l)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < diag_count(l); i++)
		cJSON_AddItemToArray(a, report_json_diag(diag_get(l, i)));
	return a;
}

/* @s, printed JSON, on @f with each byte that is not UTF-8 written as
 * \ufffd: such a byte can only stand inside a string (an id or a name
 * from the command line or a URL, echoed in an error), and JSON text is
 * UTF-8 (RFC 8259 8.1), which cJSON does not check.  False when a write fails. */
static bool json_put_utf8(const char *s, FILE *f)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	bool ok = true;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : utf8_decode(p, 4, NULL);
		if (n) {
			p += n;
			continue;
		}
		ok &= fwrite(run, 1, (size_t)(p - run), f) == (size_t)(p - run);
		ok &= fputs("\\ufffd", f) >= 0;
		run = ++p;
	}
	ok &= fwrite(run, 1, (size_t)(p - run), f) == (size_t)(p - run);
	return ok;
}

/* @root (consumed) printed pretty or on one line, with a newline; false when
 * @root is NULL or printing runs out of memory, and, on one line (JSON Lines
 * that a reader follows), when the write fails. */
static bool json_print(cJSON *root, FILE *f, bool pretty)
{
	char *s = root ? pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root) : NULL;
	cJSON_Delete(root);
	if (!s)
		return false;
	bool written = json_put_utf8(s, f) && fputc('\n', f) != EOF;
	free(s);
	return written || pretty;
}

bool report_json_print(cJSON *root, FILE *f)
{
	return json_print(root, f, true);
}

bool report_json_print_line(cJSON *root, FILE *f)
{
	return json_print(root, f, false);
}
