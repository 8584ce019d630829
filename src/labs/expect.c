/*
 * DOC: a lab's expectation against the answer a command gives (its --json)
 *
 * The keys, by command (only those present are compared; "exit" everywhere
 * is the command's exit status, 0 yes, 1 no):
 *
 *   trace    "reachable", "forward_reachable", "return_reachable": bool;
 *            "codes": the explanation codes, forward then return, in order,
 *            exactly (as tests/scenarios/trace compares them);
 *            "codes_include" / "codes_exclude": codes that must / must not
 *            be among them; "forward_hops": the forward hops' component
 *            ids, in order, exactly; "hops_include": ids the forward path
 *            must pass, "hops_exclude" ids it must not; "path_mtu": the forward path's MTU;
 *            "packet": {"at": component id, "path": "forward" | "return",
 *            "src", "dst", "src_port", "dst_port"}: the packet as the last
 *            hop at that component sees it (NAT, client IP preservation);
 *            "node": K, for a trace to a load balancer by name (one trace
 *            per node): the K-th node's trace; without it every node's
 *            trace must match.
 *   routes   "routes": [{"destination", "next_hop" (an id, or "local",
 *            "blackhole"), "origin", "verdict", "as_path"}] each matching a
 *            distinct route (candidates included: run routes with --all);
 *            "absent": routes patterns no route may match; "exact": no
 *            other route.
 *   resolve  "rcode", "outcome"; "answers": the answers' data in order
 *            ("unordered": as a set); "steps": patterns "kind", "kind:ID",
 *            "*kind" (the chosen step), "!kind" (no such step), matched in
 *            order as a subsequence (tests/scenarios/dns's shape).
 *   check    "valid": bool; "errors", "warnings", "notes": [{"code",
 *            "resource"}] that must be found ("exact": and no others of
 *            that severity).
 *   show     "fields": {key: value}: those keys of the resource's JSON,
 *            each value equal (objects: the keys given, recursively).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labs/labs_internal.h"
#include "vpcsim/labs.h"

enum kt {
	KT_BOOL,
	KT_NUM,
	KT_STR,
	KT_STRS,
	KT_OBJ,
	KT_OBJS
};

struct key {
	const char *name;
	enum kt type;
	bool checks; /* false: a modifier (exact, unordered), not a check */
};

static const struct key trace_keys[] = {
	{"exit", KT_NUM, true},
	{"reachable", KT_BOOL, true},
	{"forward_reachable", KT_BOOL, true},
	{"return_reachable", KT_BOOL, true},
	{"codes", KT_STRS, true},
	{"codes_include", KT_STRS, true},
	{"codes_exclude", KT_STRS, true},
	{"forward_hops", KT_STRS, true},
	{"hops_include", KT_STRS, true},
	{"hops_exclude", KT_STRS, true},
	{"path_mtu", KT_NUM, true},
	{"packet", KT_OBJ, true},
	{"node", KT_NUM, false},
	{NULL, 0, false},
};
static const struct key routes_keys[] = {
	{"exit", KT_NUM, true},    {"routes", KT_OBJS, true}, {"absent", KT_OBJS, true},
	{"exact", KT_BOOL, false}, {NULL, 0, false},
};
static const struct key resolve_keys[] = {
	{"exit", KT_NUM, true},     {"rcode", KT_STR, true},       {"outcome", KT_STR, true},
	{"answers", KT_STRS, true}, {"unordered", KT_BOOL, false}, {"steps", KT_STRS, true},
	{NULL, 0, false},
};
static const struct key check_keys[] = {
	{"exit", KT_NUM, true},    {"valid", KT_BOOL, true},
	{"errors", KT_OBJS, true}, {"warnings", KT_OBJS, true},
	{"notes", KT_OBJS, true},  {"exact", KT_BOOL, false},
	{NULL, 0, false},
};
static const struct key show_keys[] = {
	{"exit", KT_NUM, true},
	{"fields", KT_OBJ, true},
	{NULL, 0, false},
};

static const struct {
	const char *cmd;
	const struct key *keys;
} commands[] = {
	{"trace", trace_keys}, {"routes", routes_keys}, {"resolve", resolve_keys},
	{"check", check_keys}, {"show", show_keys},
};

static const struct key *keys_of(const char *cmd)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(cmd, commands[i].cmd))
			return commands[i].keys;
	return NULL;
}

bool labs_command_known(const char *cmd)
{
	return keys_of(cmd) != NULL;
}

static bool type_ok(const cJSON *v, enum kt t)
{
	const cJSON *x;
	switch (t) {
	case KT_BOOL:
		return cJSON_IsBool(v);
	case KT_NUM:
		return cJSON_IsNumber(v);
	case KT_STR:
		return cJSON_IsString(v);
	case KT_OBJ:
		return cJSON_IsObject(v) && v->child;
	case KT_STRS:
	case KT_OBJS:
		if (!cJSON_IsArray(v))
			return false;
		cJSON_ArrayForEach(x, v) if (t == KT_STRS ?
						     !cJSON_IsString(x) :
						     !cJSON_IsObject(x) || !x->child) return false;
		return true;
	}
	return false;
}

static const char *const type_words[] = {"true or false",
					 "a number",
					 "a string",
					 "a non-empty object",
					 "an array of strings",
					 "an array of non-empty objects"};

/* The keys of a routes pattern, a check finding, a trace packet. */
static const char *const route_pat_keys[] = {"destination", "next_hop", "origin",
					     "verdict",     "as_path",  NULL};
static const char *const finding_keys[] = {"code", "resource", NULL};
static const char *const packet_keys[] = {"at", "path", "src", "dst", "src_port", "dst_port", NULL};

static bool keys_in(const cJSON *o, const char *const *allowed, const char **badkey)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, o)
	{
		bool ok = false;
		for (int i = 0; allowed[i]; i++)
			ok = ok || !strcmp(k->string, allowed[i]);
		if (!ok) {
			*badkey = k->string;
			return false;
		}
	}
	return true;
}

bool labs_expect_valid(const char *cmd, const cJSON *exp, char *key, size_t keylen, char *why,
		       size_t len)
{
	const struct key *keys = keys_of(cmd);
	key[0] = '\0';
	if (!cJSON_IsObject(exp)) {
		snprintf(why, len, "an expectation is an object");
		return false;
	}
	bool any = false;
	const cJSON *k;
	cJSON_ArrayForEach(k, exp)
	{
		const struct key *d = keys;
		while (d->name && strcmp(d->name, k->string))
			d++;
		snprintf(key, keylen, "%s", k->string);
		if (!d->name) {
			size_t off =
				(size_t)snprintf(why, len, "not a key of a %s expectation (", cmd);
			for (const struct key *e = keys; e->name && off < len; e++)
				off += (size_t)snprintf(why + off, len - off, "%s%s",
							e == keys ? "" : ", ", e->name);
			if (off < len)
				snprintf(why + off, len - off, ")");
			return false;
		}
		if (!type_ok(k, d->type)) {
			snprintf(why, len, "needs %s", type_words[d->type]);
			return false;
		}
		const char *bk = NULL;
		const cJSON *x;
		if (d->type == KT_OBJS) {
			const char *const *allowed = !strcmp(cmd, "routes") ? route_pat_keys :
									      finding_keys;
			cJSON_ArrayForEach(x, k) if (!keys_in(x, allowed, &bk)) break;
			if (!bk && !strcmp(cmd, "check"))
				cJSON_ArrayForEach(x, k) if (!cJSON_IsString(
								     cJSON_GetObjectItemCaseSensitive(
									     x, "code"))) bk = "cod"
											       "e";
		}
		if (!strcmp(k->string, "packet") &&
		    (!keys_in(k, packet_keys, &bk) ||
		     !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(k, "at")) ||
		     cJSON_GetArraySize(k) < 2))
			bk = bk ? bk : "at";
		if (bk) {
			snprintf(why, len, "'%s' is not right here (see src/labs/expect.c)", bk);
			return false;
		}
		any = any || d->checks;
	}
	key[0] = '\0';
	if (!any) {
		snprintf(why, len, "checks nothing: give what the answer must be");
		return false;
	}
	return true;
}

/* ---- helpers ---- */

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *sget(const cJSON *o, const char *k)
{
	const cJSON *v = get(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* @got (NULL-terminated count @n) printed as [a, b] into @why after @pre */
static void list_why(char *why, size_t len, const char *pre, const char **got, int n,
		     const cJSON *want)
{
	size_t off = (size_t)snprintf(why, len, "%s: got [", pre);
	for (int i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(why + off, len - off, "%s%s", i ? ", " : "", got[i]);
	char *w = cJSON_PrintUnformatted(want);
	if (off < len)
		snprintf(why + off, len - off, "], AWS documents %s", w ? w : "?");
	free(w);
}

static bool same_list(const cJSON *want, const char **got, int n, const char *key, char *why,
		      size_t len)
{
	bool ok = cJSON_GetArraySize(want) == n;
	for (int i = 0; ok && i < n; i++)
		ok = !strcmp(cJSON_GetArrayItem(want, i)->valuestring, got[i]);
	if (!ok)
		list_why(why, len, key, got, n, want);
	return ok;
}

static bool in_got(const char *s, const char **got, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, got[i]))
			return true;
	return false;
}

static bool bool_is(const cJSON *exp, const char *k, const cJSON *v, char *why, size_t len)
{
	const cJSON *w = get(exp, k);
	if (!w)
		return true;
	if (cJSON_IsBool(v) && cJSON_IsTrue(v) == cJSON_IsTrue(w))
		return true;
	snprintf(why, len, "%s: got %s, AWS documents %s", k,
		 !cJSON_IsBool(v) ? "nothing" :
		 cJSON_IsTrue(v)  ? "true" :
				    "false",
		 cJSON_IsTrue(w) ? "true" : "false");
	return false;
}

/* ---- trace ---- */

#define MAX_ITEMS 512

static int collect(const cJSON *arr, const char *k1, const char *k2, const char **out, int n)
{
	const cJSON *x;
	cJSON_ArrayForEach(x, arr)
	{
		const cJSON *v = k2 ? get(get(x, k1), k2) : get(x, k1);
		if (cJSON_IsString(v) && n < MAX_ITEMS)
			out[n++] = v->valuestring;
	}
	return n;
}

static bool packet_is(const cJSON *want, const cJSON *answer, char *why, size_t len)
{
	const char *path = sget(want, "path");
	const char *at = sget(want, "at");
	const cJSON *hops =
		get(get(answer, path && !strcmp(path, "return") ? "return" : "forward"), "hops");
	const cJSON *h, *pk = NULL;
	cJSON_ArrayForEach(h, hops) if (!strcmp(sget(get(h, "component"), "id") ?
							sget(get(h, "component"), "id") :
							"",
						at)) pk = get(h, "packet");
	if (!pk) {
		snprintf(why, len, "packet: the path does not reach %s", at);
		return false;
	}
	static const char *const f[] = {"src", "dst", "src_port", "dst_port"};
	for (int i = 0; i < 4; i++) {
		const cJSON *w = get(want, f[i]), *g = get(pk, f[i]);
		if (!w || cJSON_Compare(w, g, true))
			continue;
		char *gs = g ? cJSON_PrintUnformatted(g) : NULL;
		char *ws = cJSON_PrintUnformatted(w);
		snprintf(why, len, "packet at %s: %s is %s, AWS documents %s", at, f[i],
			 gs ? gs : "absent", ws ? ws : "?");
		free(gs);
		free(ws);
		return false;
	}
	return true;
}

/* "codes_include" and the like: each string @exp lists under @key must be
 * among the @n strings of @got (@in), or absent from them (!@in). */
static bool members_ok(const cJSON *exp, const char *key, bool in, const char **got, int n,
		       char *why, size_t len)
{
	const cJSON *want = get(exp, key), *x;
	cJSON_ArrayForEach(x, want) if (in_got(x->valuestring, got, n) != in)
	{
		list_why(why, len, key, got, n, want);
		return false;
	}
	return true;
}

static bool trace_check(const cJSON *exp, const cJSON *a, char *why, size_t len);

/* A trace to a load balancer by name answers one trace per node ({"nodes":
 * [{"node", "zone", "trace"}]}): "node": K compares the K-th, else every
 * node's trace must match (why names the node). */
static bool trace_nodes_check(const cJSON *exp, const cJSON *a, char *why, size_t len)
{
	const cJSON *nodes = get(a, "nodes"), *k = get(exp, "node");
	if (!nodes)
		return trace_check(exp, a, why, len);
	int n = cJSON_GetArraySize(nodes);
	for (int i = 0; i < n; i++) {
		const cJSON *nd = cJSON_GetArrayItem(nodes, i);
		if (cJSON_IsNumber(k) && k->valueint != i + 1)
			continue;
		char sub[512];
		if (!trace_check(exp, get(nd, "trace"), sub, sizeof(sub))) {
			snprintf(why, len, "node %d (%s): %s", i + 1,
				 sget(nd, "zone") ? sget(nd, "zone") : "?", sub);
			return false;
		}
	}
	if (cJSON_IsNumber(k) && (k->valueint < 1 || k->valueint > n)) {
		snprintf(why, len, "node %d: the load balancer has %d nodes", k->valueint, n);
		return false;
	}
	return true;
}

static bool trace_check(const cJSON *exp, const cJSON *a, char *why, size_t len)
{
	const cJSON *fw = get(a, "forward"), *rt = get(a, "return");
	if (!bool_is(exp, "reachable", get(a, "reachable"), why, len) ||
	    !bool_is(exp, "forward_reachable", get(fw, "reachable"), why, len) ||
	    !bool_is(exp, "return_reachable", get(rt, "reachable"), why, len))
		return false;
	const char *got[MAX_ITEMS];
	int n = collect(get(fw, "explanations"), "code", NULL, got, 0);
	n = collect(get(rt, "explanations"), "code", NULL, got, n);
	const cJSON *w = get(exp, "codes");
	if (w && !same_list(w, got, n, "codes", why, len))
		return false;
	if (!members_ok(exp, "codes_include", true, got, n, why, len) ||
	    !members_ok(exp, "codes_exclude", false, got, n, why, len))
		return false;
	n = collect(get(fw, "hops"), "component", "id", got, 0);
	if ((w = get(exp, "forward_hops")) && !same_list(w, got, n, "forward_hops", why, len))
		return false;
	if (!members_ok(exp, "hops_include", true, got, n, why, len) ||
	    !members_ok(exp, "hops_exclude", false, got, n, why, len))
		return false;
	if ((w = get(exp, "path_mtu"))) {
		const cJSON *m = get(fw, "mtu");
		if (cJSON_IsObject(m)) /* {"path": N, "limited_by": {...}} */
			m = get(m, "path");
		if (!cJSON_IsNumber(m) || m->valuedouble != w->valuedouble) {
			snprintf(why, len, "path_mtu: got %g, AWS documents %g",
				 cJSON_IsNumber(m) ? m->valuedouble : -1.0, w->valuedouble);
			return false;
		}
	}
	if ((w = get(exp, "packet")) && !packet_is(w, a, why, len))
		return false;
	return true;
}

/* ---- routes ---- */

static bool route_matches(const cJSON *w, const cJSON *r)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, w)
	{
		if (!strcmp(k->string, "next_hop")) {
			const cJSON *nh = get(r, "next_hop");
			const char *id = sget(nh, "id"), *kind = sget(nh, "kind");
			if (!cJSON_IsString(k) || !((id && !strcmp(id, k->valuestring)) ||
						    (kind && !strcmp(kind, k->valuestring))))
				return false;
		} else if (!cJSON_Compare(k, get(r, k->string), true)) {
			return false;
		}
	}
	return true;
}

static void route_text(const cJSON *r, char *buf, size_t len)
{
	const cJSON *nh = get(r, "next_hop");
	snprintf(buf, len, "%s via %s %s %s", sget(r, "destination") ? sget(r, "destination") : "?",
		 sget(nh, "id")   ? sget(nh, "id") :
		 sget(nh, "kind") ? sget(nh, "kind") :
				    "?",
		 sget(r, "origin") ? sget(r, "origin") : "?",
		 sget(r, "verdict") ? sget(r, "verdict") : "?");
}

static bool routes_check(const cJSON *exp, const cJSON *a, char *why, size_t len)
{
	const cJSON *all[4096];
	int n = 0;
	const cJSON *x, *t;
	cJSON_ArrayForEach(x, get(a, "routes")) if (n < 4096) all[n++] = x;
	cJSON_ArrayForEach(t, get(a, "tables"))
		cJSON_ArrayForEach(x, get(t, "routes")) if (n < 4096) all[n++] = x;
	bool used[4096] = {false};
	const cJSON *w;
	cJSON_ArrayForEach(w, get(exp, "routes"))
	{
		int i = 0;
		while (i < n && (used[i] || !route_matches(w, all[i])))
			i++;
		if (i == n) {
			char *s = cJSON_PrintUnformatted(w);
			size_t off =
				(size_t)snprintf(why, len, "no route like %s; got", s ? s : "?");
			free(s);
			for (int j = 0; j < n && off < len; j++) {
				char rt[200];
				route_text(all[j], rt, sizeof(rt));
				off += (size_t)snprintf(why + off, len - off, "%s %s", j ? ";" : "",
							rt);
			}
			return false;
		}
		used[i] = true;
	}
	cJSON_ArrayForEach(w, get(exp, "absent")) for (int i = 0; i < n;
						       i++) if (route_matches(w, all[i]))
	{
		char rt[200];
		route_text(all[i], rt, sizeof(rt));
		snprintf(why, len, "a route AWS would not have: %s", rt);
		return false;
	}
	if (cJSON_IsTrue(get(exp, "exact")))
		for (int i = 0; i < n; i++)
			if (!used[i]) {
				char rt[200];
				route_text(all[i], rt, sizeof(rt));
				snprintf(why, len, "a route not expected: %s", rt);
				return false;
			}
	return true;
}

/* ---- resolve ---- */

static bool step_matches(const char *pat, const cJSON *s)
{
	bool chosen = pat[0] == '*';
	if (chosen)
		pat++;
	const char *kind = sget(s, "kind"), *id = sget(s, "id");
	size_t kl = strcspn(pat, ":");
	if (!kind || strlen(kind) != kl || strncmp(kind, pat, kl))
		return false;
	if (pat[kl] == ':' && (!id || strcmp(id, pat + kl + 1)))
		return false;
	return !chosen || cJSON_IsTrue(get(s, "chosen"));
}

static bool resolve_check(const cJSON *exp, const cJSON *a, char *why, size_t len)
{
	static const char *const sk[] = {"rcode", "outcome"};
	for (int i = 0; i < 2; i++) {
		const char *w = sget(exp, sk[i]), *g = sget(a, sk[i]);
		if (w && (!g || strcmp(w, g))) {
			snprintf(why, len, "%s: got %s, AWS documents %s", sk[i], g ? g : "nothing",
				 w);
			return false;
		}
	}
	const char *got[MAX_ITEMS];
	int n = collect(get(a, "answers"), "data", NULL, got, 0);
	const cJSON *w = get(exp, "answers"), *x;
	if (w && cJSON_IsTrue(get(exp, "unordered"))) {
		bool ok = cJSON_GetArraySize(w) == n;
		cJSON_ArrayForEach(x, w) ok = ok && in_got(x->valuestring, got, n);
		if (!ok) {
			list_why(why, len, "answers", got, n, w);
			return false;
		}
	} else if (w && !same_list(w, got, n, "answers", why, len)) {
		return false;
	}
	const cJSON *steps = get(a, "steps"), *s = steps ? steps->child : NULL;
	cJSON_ArrayForEach(x, get(exp, "steps"))
	{
		const char *p = x->valuestring;
		if (p[0] == '!') {
			const cJSON *y;
			cJSON_ArrayForEach(y, steps) if (step_matches(p + 1, y))
			{
				snprintf(why, len, "steps: a step is %s, AWS documents none",
					 p + 1);
				return false;
			}
			continue;
		}
		while (s && !step_matches(p, s))
			s = s->next;
		if (!s) {
			n = collect(steps, "kind", NULL, got, 0);
			char pre[160];
			snprintf(pre, sizeof(pre), "steps: no \"%s\" in order", p);
			list_why(why, len, pre, got, n, get(exp, "steps"));
			return false;
		}
		s = s->next;
	}
	return true;
}

/* ---- check ---- */

static bool finding_matches(const cJSON *w, const cJSON *f, const char *sev)
{
	const char *code = sget(w, "code"), *res = sget(w, "resource");
	return !strcmp(sget(f, "severity") ? sget(f, "severity") : "", sev) && sget(f, "code") &&
	       !strcmp(sget(f, "code"), code) &&
	       (!res || (sget(f, "resource") && !strcmp(sget(f, "resource"), res)));
}

static bool check_check(const cJSON *exp, const cJSON *a, char *why, size_t len)
{
	if (!bool_is(exp, "valid", get(a, "valid"), why, len))
		return false;
	static const char *const keys[] = {"errors", "warnings", "notes"};
	static const char *const sevs[] = {"error", "warning", "note"};
	const cJSON *findings = get(a, "findings");
	for (int k = 0; k < 3; k++) {
		const cJSON *want = get(exp, keys[k]), *w, *f;
		if (!want)
			continue;
		cJSON_ArrayForEach(w, want)
		{
			bool found = false;
			cJSON_ArrayForEach(f, findings)
				found = found || finding_matches(w, f, sevs[k]);
			if (!found) {
				const char *got[MAX_ITEMS];
				int n = 0;
				cJSON_ArrayForEach(
					f,
					findings) if (sget(f, "code") && n < MAX_ITEMS &&
						      !strcmp(sget(f, "severity") ? sget(f, "severi"
											    "ty") :
										    "",
							      sevs[k])) got[n++] = sget(f, "code");
				list_why(why, len, keys[k], got, n, want);
				return false;
			}
		}
		if (!cJSON_IsTrue(get(exp, "exact")))
			continue;
		cJSON_ArrayForEach(f, findings)
		{
			if (strcmp(sget(f, "severity") ? sget(f, "severity") : "", sevs[k]))
				continue;
			bool listed = false;
			cJSON_ArrayForEach(w, want)
				listed = listed || finding_matches(w, f, sevs[k]);
			if (!listed) {
				snprintf(why, len, "%s: also %s on %s, not expected", keys[k],
					 sget(f, "code") ? sget(f, "code") : "?",
					 sget(f, "resource") ? sget(f, "resource") : "?");
				return false;
			}
		}
	}
	return true;
}

/* ---- show ---- */

/* @w's keys (recursively for objects) are in @g with equal values. */
static bool subset(const cJSON *w, const cJSON *g, char *path, size_t plen)
{
	if (!cJSON_IsObject(w))
		return cJSON_Compare(w, g, true);
	if (!cJSON_IsObject(g))
		return false;
	const cJSON *k;
	cJSON_ArrayForEach(k, w)
	{
		size_t at = strlen(path);
		snprintf(path + at, plen - at, "%s%s", at ? "." : "", k->string);
		if (!subset(k, get(g, k->string), path, plen))
			return false;
		path[at] = '\0';
	}
	return true;
}

static bool show_check(const cJSON *exp, const cJSON *a, char *why, size_t len)
{
	char path[256] = "";
	const cJSON *w = get(exp, "fields");
	if (subset(w, a, path, sizeof(path)))
		return true;
	const cJSON *g = a;
	char *p = path, *dot;
	while (g && (dot = strchr(p, '.'))) {
		*dot = '\0';
		g = get(g, p);
		w = get(w, p);
		p = dot + 1;
	}
	char *gs = g && get(g, p) ? cJSON_PrintUnformatted(get(g, p)) : NULL;
	char *ws = cJSON_PrintUnformatted(get(w, p));
	snprintf(why, len, "fields.%s: got %s, AWS documents %s", path, gs ? gs : "nothing",
		 ws ? ws : "?");
	free(gs);
	free(ws);
	return false;
}

bool labs_expect_check(const char *command, const cJSON *exp, const cJSON *answer, int status,
		       char *why, size_t len)
{
	const cJSON *ex = get(exp, "exit");
	if (ex && ex->valueint != status) {
		snprintf(why, len, "exit status %d, AWS's answer means %d", status, ex->valueint);
		return false;
	}
	if (!answer) {
		snprintf(why, len, "the command gave no JSON answer (exit status %d)", status);
		return false;
	}
	if (sget(answer, "error")) {
		snprintf(why, len, "the command could not run: %s", sget(answer, "error"));
		return false;
	}
	if (!strcmp(command, "trace"))
		return trace_nodes_check(exp, answer, why, len);
	if (!strcmp(command, "routes"))
		return routes_check(exp, answer, why, len);
	if (!strcmp(command, "resolve"))
		return resolve_check(exp, answer, why, len);
	if (!strcmp(command, "check"))
		return check_check(exp, answer, why, len);
	return show_check(exp, answer, why, len);
}
