/*
 * DOC: check scenarios -- snapshot in, expected findings out
 *
 * Usage: scenario_check DIR
 * Each DIR/<name>/ holds snapshot.json (AWS CLI shapes; or a snapshot/
 * directory of such files, or snapshot.path naming one) and expect.json:
 *   {"errors": [{"code": "...", "resource": "..."}], "warnings": [...],
 *    "exact": true|false}
 * The snapshot is loaded with load_snapshot() and checked with
 * check_model(); the loader's findings count too (what `vpcsim check`
 * prints).  With "exact" the (code, resource) pairs of each severity must
 * match the lists exactly (as sets); otherwise the listed ones must be
 * present.  Notes are compared only when the scenario has a "notes" list
 * (then as the other severities).  Prints "ok <name>" or
 * "FAIL <name>: missing X / unexpected Y" per scenario; exits 1 on any
 * failure, 2 when DIR cannot be read.
 */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_util.h"
#include "vpcsim/check.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/report.h"

static bool same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Is (code, resource) among the expected entries of @arr? */
static bool expected_has(const cJSON *arr, const char *code, const char *res)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
	{
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "resource");
		if (cJSON_IsString(c) && same(c->valuestring, code) &&
		    same(cJSON_IsString(r) ? r->valuestring : NULL, res))
			return true;
	}
	return false;
}

static bool found_has(const struct diag_list *l, enum diag_severity sev, const char *code,
		      const char *res)
{
	for (size_t i = 0; i < diag_count(l); i++) {
		const struct diag *g = diag_get(l, i);
		if (g->severity == sev && same(g->code, code) && same(g->resource, res))
			return true;
	}
	return false;
}

/* Appends "missing"/"unexpected" notes to @out; returns the number of faults. */
static int compare(const struct diag_list *l, const cJSON *exp, enum diag_severity sev, bool exact,
		   char *out, size_t outlen)
{
	const char *key = sev == DIAG_ERROR ? "errors" : sev == DIAG_WARNING ? "warnings" : "notes";
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(exp, key);
	if (sev == DIAG_NOTE && !arr)
		return 0; /* notes are compared only where a scenario lists them */
	const cJSON *e;
	int faults = 0;
	size_t used;

	cJSON_ArrayForEach(e, arr)
	{
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "resource");
		const char *code = cJSON_IsString(c) ? c->valuestring : "?";
		const char *res = cJSON_IsString(r) ? r->valuestring : NULL;

		if (found_has(l, sev, code, res))
			continue;
		used = strlen(out);
		snprintf(out + used, outlen - used, "%smissing %s %s %s", faults++ ? " / " : "",
			 key, code, res ? res : "-");
	}
	if (!exact)
		return faults;
	for (size_t i = 0; i < diag_count(l); i++) {
		const struct diag *g = diag_get(l, i);
		if (g->severity != sev || expected_has(arr, g->code, g->resource))
			continue;
		used = strlen(out);
		snprintf(out + used, outlen - used, "%sunexpected %s %s %s (%s)",
			 faults++ ? " / " : "", key, g->code, g->resource ? g->resource : "-",
			 g->message);
	}
	return faults;
}

/* A scenario_run_fn; no @arg. */
static int run_one(const char *dir, const char *name, void *arg)
{
	char snap[4096], expp[4096], msg[8192] = "";
	struct diag_list *l = NULL;
	struct model *m = NULL;
	struct check_opts opts;
	cJSON *exp = NULL;
	char *text;
	int rc, faults = 0;
	bool exact;

	(void)arg;
	if (!scenario_snapshot_path(dir, name, snap, sizeof(snap))) {
		printf("FAIL %s: snapshot.path names nothing\n", name);
		return 1;
	}
	snprintf(expp, sizeof(expp), "%s/%s/expect.json", dir, name);
	if ((text = scenario_read_file(expp)) == NULL || (exp = cJSON_Parse(text)) == NULL) {
		printf("FAIL %s: cannot read or parse %s\n", name, expp);
		free(text);
		return 1;
	}
	free(text);
	exact = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(exp, "exact"));
	if ((l = diag_list_new()) == NULL) {
		cJSON_Delete(exp);
		return 1;
	}
	rc = load_snapshot(snap, NULL, l, &m);
	if (rc < 0) {
		printf("FAIL %s: load_snapshot: %s\n", name, vs_strerror(rc));
		report_diag_print(stdout, l);
		faults = 1;
		goto out;
	}
	check_opts_default(&opts);
	if ((rc = check_model(m, &opts, l)) < 0) {
		printf("FAIL %s: check_model: %s\n", name, vs_strerror(rc));
		faults = 1;
		goto out;
	}
	faults += compare(l, exp, DIAG_ERROR, exact, msg, sizeof(msg));
	faults += compare(l, exp, DIAG_WARNING, exact, msg, sizeof(msg));
	faults += compare(l, exp, DIAG_NOTE, exact, msg, sizeof(msg));
	if (faults)
		printf("FAIL %s: %s\n", name, msg);
	else
		printf("ok %s\n", name);
out:
	model_free(m);
	diag_list_free(l);
	cJSON_Delete(exp);
	return faults ? 1 : 0;
}

int main(int argc, char **argv)
{
	int n = 0, failed;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if ((failed = scenario_each(argv[1], NULL, "expect.json", run_one, NULL, &n)) < 0) {
		perror(argv[1]);
		return 2;
	}
	if (n == 0) {
		fprintf(stderr, "%s: no scenarios\n", argv[1]);
		return 2;
	}
	printf("%d scenarios, %d failed\n", n, failed);
	return failed ? 1 : 0;
}
