/*
 * DOC: DNS scenarios -- snapshot + queries + expected answers, as data
 *
 * Usage: scenario_dns DIR [NAME]
 *
 * Every subdirectory of DIR holding a queries.json is a scenario: a
 * snapshot (snapshot.json, or a snapshot/ directory, or a snapshot.path
 * file naming one relative to the scenario, such as
 * ../../../../examples/dns) and queries.json, an array of
 *
 *   {"name": "what is checked -- the Route 53 page that says so",
 *    "qname": "www.example.com", "type": "A" (default),
 *    "from": "vpc-..." | "i-..." | "eni-..." | "internet" (default),
 *    "client": {"ip", "region", "location"} (optional: struct dns_client),
 *    "expect": {"rcode": "NOERROR" | "NXDOMAIN" | "SERVFAIL" ...,
 *               "outcome": "answer" | "nodata" | "forwarded" ... (optional),
 *               "answers": [the data of each answer, in order] (optional),
 *               "unordered": true (optional: answers compared as a set, for
 *                             policies whose order Route 53 does not fix),
 *               "steps": [step patterns, in order] (optional),
 *               "paths": ["TARGET:reachable" | "TARGET:CODE", ...] (optional:
 *                         a forwarded query's outbound endpoint -> target
 *                         paths, traced by the trace engine, in order),
 *               "inbound": [the same, for a site's query: site -> each
 *                           inbound endpoint address tried] (optional)}}
 *
 * A step pattern is "kind" or "kind:ID" (the step's id: a rule, zone, VPC,
 * endpoint or health check), with a leading '*' when that step must be the
 * chosen one ("*rule:rslvr-rr-..."); the patterns must match steps of the
 * answer in their order, other steps may come between (a subsequence).  A
 * pattern with a leading '!' ("!firewall") says no step matches it at all.
 *
 * A scenario whose snapshot holds what AWS refuses lists the load's errors
 * in load-errors.json, [{"code": "InvalidChangeBatch", "resource": "Z..."}]:
 * they must be exactly the load's errors; without the file there must be
 * none.
 *
 * The query goes through the public API (vpcsim/dns.h) and its JSON
 * rendering is parsed back and compared: the document `vpcsim resolve
 * --json` prints is what is tested.  Exit 0 from resolve (NOERROR with
 * answers) must agree with rcode and answers.  Prints one line per query
 * and "N scenarios, Q queries, F failed"; exits 1 when any query fails.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_util.h"
#include "vpcsim/diag.h"
#include "vpcsim/dns.h"
#include "vpcsim/load.h"
#include "vpcsim/report.h"
#include "vpcsim/trace.h"

static const char *get_str(const cJSON *o, const char *k, const char *dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : dflt;
}

/* The reply as its JSON document, parsed back. */
static cJSON *reply_json(const struct dns_reply *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	bool ok = report_resolve(f, r, true);
	if (fclose(f) != 0)
		ok = false;
	cJSON *j = ok ? cJSON_Parse(buf) : NULL;
	free(buf);
	return j;
}

/* The answer of @got holding @data, not yet taken (bit i of *taken), or -1. */
static int find_answer(const cJSON *got, const char *data, uint64_t *taken)
{
	for (int i = 0; i < cJSON_GetArraySize(got) && i < 64; i++)
		if (!(*taken >> i & 1) &&
		    !strcmp(get_str(cJSON_GetArrayItem(got, i), "data", ""), data)) {
			*taken |= (uint64_t)1 << i;
			return i;
		}
	return -1;
}

static bool check_answers(const cJSON *want, const cJSON *got, bool unordered, char *why,
			  size_t len)
{
	int nw = cJSON_GetArraySize(want), ng = cJSON_GetArraySize(got);
	bool ok = nw == ng;
	uint64_t taken = 0;
	for (int i = 0; ok && i < nw; i++) {
		const cJSON *w = cJSON_GetArrayItem(want, i);
		const char *g = get_str(cJSON_GetArrayItem(got, i), "data", "");
		ok = cJSON_IsString(w) &&
		     (unordered ? find_answer(got, w->valuestring, &taken) >= 0 :
				  !strcmp(w->valuestring, g));
	}
	if (ok)
		return true;
	size_t off = (size_t)snprintf(why, len, "answers: got [");
	for (int i = 0; i < ng && off < len; i++)
		off += (size_t)snprintf(why + off, len - off, "%s\"%s\"", i ? ", " : "",
					get_str(cJSON_GetArrayItem(got, i), "data", ""));
	if (off < len)
		snprintf(why + off, len - off, "], want %d", nw);
	return false;
}

static bool step_matches(const char *pat, const cJSON *st)
{
	bool chosen = *pat == '*';
	if (chosen)
		pat++;
	const char *colon = strchr(pat, ':');
	size_t klen = colon ? (size_t)(colon - pat) : strlen(pat);
	const char *kind = get_str(st, "kind", "");
	if (strlen(kind) != klen || strncmp(kind, pat, klen))
		return false;
	if (chosen && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(st, "chosen")))
		return false;
	return !colon || !strcmp(colon + 1, get_str(st, "id", ""));
}

static bool check_steps(const cJSON *want, const cJSON *got, char *why, size_t len)
{
	const cJSON *st = got ? got->child : NULL;
	const cJSON *w;
	cJSON_ArrayForEach(w, want)
	{
		if (!cJSON_IsString(w)) {
			snprintf(why, len, "steps: patterns must be strings");
			return false;
		}
		if (w->valuestring[0] == '!') { /* no step anywhere matches */
			const cJSON *g;
			cJSON_ArrayForEach(g, got)
			{
				if (step_matches(w->valuestring + 1, g)) {
					snprintf(why, len, "steps: a step matches \"%s\"",
						 w->valuestring);
					return false;
				}
			}
			continue;
		}
		while (st && !step_matches(w->valuestring, st))
			st = st->next;
		if (!st) {
			size_t off = (size_t)snprintf(why, len, "steps: no \"%s\" in order; got [",
						      w->valuestring);
			const cJSON *g;
			cJSON_ArrayForEach(g, got)
			{
				if (off >= len)
					break;
				off += (size_t)snprintf(
					why + off, len - off, "%s%s%s%s%s",
					g == got->child ? "" : " ",
					cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(g, "chose"
											 "n")) ?
						"*" :
						"",
					get_str(g, "kind", "?"), get_str(g, "id", NULL) ? ":" : "",
					get_str(g, "id", ""));
			}
			if (off < len)
				snprintf(why + off, len - off, "]");
			return false;
		}
		st = st->next;
	}
	return true;
}

/* Forwarded paths: each "TARGET:reachable" or "TARGET:CODE" in order, and
 * no more paths than patterns. */
static bool check_paths(const cJSON *want, const cJSON *got, char *why, size_t len)
{
	int n = cJSON_GetArraySize(want), m = cJSON_GetArraySize(got);
	if (n != m) {
		snprintf(why, len, "%d forwarded paths, want %d", m, n);
		return false;
	}
	for (int i = 0; i < n; i++) {
		const cJSON *p = cJSON_GetArrayItem(got, i);
		char have[256];
		snprintf(have, sizeof(have), "%s:%s", get_str(p, "target", "?"),
			 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "reachable")) ?
				 "reachable" :
				 get_str(p, "code", get_str(p, "note", "?")));
		const char *w = cJSON_GetStringValue(cJSON_GetArrayItem(want, i));
		if (!w || strcmp(w, have)) {
			snprintf(why, len, "forwarded path %d is %s, want %s", i + 1, have,
				 w ? w : "(not a string)");
			return false;
		}
	}
	return true;
}

static bool run_query(const struct dns_sim *sim, const cJSON *q, char *why, size_t len)
{
	const char *qname = get_str(q, "qname", NULL);
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(q, "expect");
	if (!qname || !cJSON_IsObject(ex)) {
		snprintf(why, len, "a query needs \"qname\" and an \"expect\" object");
		return false;
	}
	struct dns_reply *r = NULL;
	char err[512] = "";
	const cJSON *cj = cJSON_GetObjectItemCaseSensitive(q, "client");
	struct dns_client cl = {get_str(cj, "ip", NULL), get_str(cj, "region", NULL),
				get_str(cj, "location", NULL)};
	int rc = dns_sim_ask_client(sim, qname, get_str(q, "type", "A"),
				    get_str(q, "from", "internet"), cj ? &cl : NULL, &r, err,
				    sizeof(err));
	if (rc) {
		snprintf(why, len, "cannot ask: %s", err);
		return false;
	}
	cJSON *j = reply_json(r);
	bool ok = j != NULL;
	if (!ok)
		snprintf(why, len, "the JSON rendering does not parse back");
	const char *want = get_str(ex, "rcode", NULL);
	const char *got = get_str(j, "rcode", "?");
	if (ok && want && strcmp(want, got)) {
		snprintf(why, len, "rcode %s, want %s", got, want);
		ok = false;
	}
	want = get_str(ex, "outcome", NULL);
	got = get_str(j, "outcome", "?");
	if (ok && want && strcmp(want, got)) {
		snprintf(why, len, "outcome %s, want %s", got, want);
		ok = false;
	}
	const cJSON *answers = cJSON_GetObjectItemCaseSensitive(j, "answers");
	if (ok && cJSON_GetObjectItemCaseSensitive(ex, "answers"))
		ok = check_answers(cJSON_GetObjectItemCaseSensitive(ex, "answers"), answers,
				   cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ex, "unordered")),
				   why, len);
	if (ok && cJSON_GetObjectItemCaseSensitive(ex, "steps"))
		ok = check_steps(cJSON_GetObjectItemCaseSensitive(ex, "steps"),
				 cJSON_GetObjectItemCaseSensitive(j, "steps"), why, len);
	if (ok && cJSON_GetObjectItemCaseSensitive(ex, "paths"))
		ok = check_paths(cJSON_GetObjectItemCaseSensitive(ex, "paths"),
				 cJSON_GetObjectItemCaseSensitive(
					 cJSON_GetObjectItemCaseSensitive(j, "forwarded"), "paths"),
				 why, len);
	if (ok && cJSON_GetObjectItemCaseSensitive(ex, "inbound"))
		ok = check_paths(cJSON_GetObjectItemCaseSensitive(ex, "inbound"),
				 cJSON_GetObjectItemCaseSensitive(
					 cJSON_GetObjectItemCaseSensitive(j, "inbound"), "paths"),
				 why, len);
	/* resolve's exit status: 0 exactly when NOERROR with answers */
	bool answered = !strcmp(get_str(j, "rcode", ""), "NOERROR") &&
			cJSON_GetArraySize(answers) > 0;
	if (ok && answered != dns_reply_answered(r)) {
		snprintf(why, len, "dns_reply_answered() disagrees with rcode and answers");
		ok = false;
	}
	cJSON_Delete(j);
	dns_reply_free(r);
	return ok;
}

/* Whether the load's errors in @d are exactly (as a set of code and
 * resource) those of the scenario's load-errors.json, or none without one. */
static bool load_errors_expected(const char *dir, const char *name, const struct diag_list *d)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/load-errors.json", dir, name);
	char *text = scenario_read_file(path);
	bool listed_file = text != NULL;
	cJSON *want = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (listed_file && !cJSON_IsArray(want)) {
		cJSON_Delete(want);
		return false;
	}
	size_t n_err = 0;
	bool ok = true;
	for (size_t i = 0; i < diag_count(d); i++) {
		const struct diag *g = diag_get(d, i);
		if (g->severity != DIAG_ERROR)
			continue;
		n_err++;
		bool listed = false;
		const cJSON *e;
		cJSON_ArrayForEach(e, want)
		{
			listed |=
				!strcmp(get_str(e, "code", ""), g->code) &&
				!strcmp(get_str(e, "resource", ""), g->resource ? g->resource : "");
		}
		ok &= listed;
	}
	ok &= n_err == (size_t)(want ? cJSON_GetArraySize(want) : 0);
	cJSON_Delete(want);
	return ok;
}

/* A scenario_run_fn; @arg counts the queries. */
static int run_scenario(const char *dir, const char *name, void *arg)
{
	int *n_queries = arg;
	int fails = 0;
	struct scenario sc;
	struct dns_sim *sim = NULL;
	char err[512] = "";
	if (!scenario_open(&sc, dir, name, "queries.json")) {
		fails = 1;
		goto out;
	}
	if (dns_sim_build(sc.m, &sim, err, sizeof(err))) {
		printf("FAIL %s: cannot load %s %s\n", name, sc.snap, err);
		fails = 1;
		goto out;
	}
	/* A scenario's snapshot is valid input, but for the errors its
	 * load-errors.json names: an unexpected load error would be a
	 * scenario testing something other than what it says. */
	if (!load_errors_expected(dir, name, sc.diag)) {
		printf("FAIL %s: the snapshot's load errors are not those of load-errors.json\n",
		       name);
		report_diag_print(stdout, sc.diag);
		fails = 1;
		goto out;
	}
	/* forwarded queries' paths traced, as vpcsim resolve does */
	dns_sim_set_tracer(sim, sc.tracer);
	int i = 0;
	const cJSON *q;
	cJSON_ArrayForEach(q, sc.list)
	{
		char why[1024] = "";
		bool ok = run_query(sim, q, why, sizeof(why));
		scenario_print_item(name, i, get_str(q, "name", ""), ok, why);
		fails += !ok;
		(*n_queries)++;
		i++;
	}
out:
	dns_sim_free(sim);
	scenario_close(&sc);
	return fails;
}

int main(int argc, char **argv)
{
	int scen = 0, queries = 0;
	int fails = scenario_main(argc, argv, "scenario_dns", "queries.json", run_scenario,
				  &queries, &scen);
	if (fails < 0)
		return 2;
	printf("%d scenarios, %d queries, %d failed\n", scen, queries, fails);
	return fails || !scen ? 1 : 0;
}
