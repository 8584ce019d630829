/*
 * DOC: fuzz harness of the snapshot loader (and the checker behind it)
 *
 * One input = one JSON file given to load_snapshot_buffer().  When the load
 * succeeds the model is run through check_model() and every public lookup,
 * so the resolver's pointers and the indexes are exercised too; then the
 * effective routes are computed (route/rib.h) and every table is checked
 * for the contract (one installed verdict per prefix at most, lookups land
 * on installed routes), and a trace runs between the first ENIs and sites, its
 * JSON written by both renderers and compared byte for byte.  The input
 * is copied into a buffer of exactly @size bytes, not NUL-terminated, so
 * AddressSanitizer catches a parser that reads past the length it was given.
 * Everything is freed: LeakSanitizer reports what is not.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vpcsim/check.h"
#include "vpcsim/diag.h"
#include "vpcsim/dns.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/rib.h"
#include "vpcsim/trace.h"

/* A broken contract of the public API is a bug the fuzzer must report. */
static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

static void walk_model(const struct model *m)
{
	for (int k = 0; k < MODEL_KIND_COUNT; k++) {
		uint32_t n = model_count(m, (enum model_kind)k);
		for (uint32_t i = 0; i < n; i++) {
			const struct model_obj *o = model_get(m, (enum model_kind)k, i);
			fuzz_require(o != NULL && o->kind == (enum model_kind)k);
			/* an id as read finds some entity (another kind may share it) */
			if (o->id && !o->synthetic)
				fuzz_require(model_find(m, o->id) != NULL);
			/* ids are unique per kind (the loader drops repeats), so the id
			 * finds this very entity among its kind -- prefix lists excepted
			 * (one id per region), and the two sides of a TGW peering
			 * attachment (one id, one entity per TGW) */
			const struct model_obj *f =
				o->id && *o->id ? model_find_kind(m, (enum model_kind)k, o->id) :
						  NULL;
			if (o->id && *o->id && k == MODEL_TGW_ATT &&
			    MODEL_AS(const struct model_tgw_att, o)->type == TGW_ATT_PEERING)
				fuzz_require(f && !strcmp(f->id, o->id));
			else if (o->id && *o->id && k != MODEL_PL)
				fuzz_require(f == o);
		}
	}
	for (uint32_t i = 0; i < m->n_enis; i++) {
		const struct model_eni *e = &m->enis[i];
		for (uint32_t j = 0; j < e->n_ips; j++) {
			if (e->ips[j].priv.af != NET_AF_NONE)
				fuzz_require(model_eni_by_private_ip(m, &e->ips[j].priv) != NULL);
			if (e->ips[j].pub.af != NET_AF_NONE)
				(void)model_eni_by_public_ip(m, &e->ips[j].pub);
		}
	}
}

static void walk_rib(const struct rib *r)
{
	if (!r)
		return;
	for (uint32_t i = 0; i < r->n_routes; i++) {
		const struct rib_route *x = &r->routes[i];
		const struct rib_route *e[4];
		uint32_t n = 0;
		const struct rib_route *hit = rib_lookup(r, &x->attr.pfx.addr, e, 4, &n);
		/* the prefix's own address always finds an installed route when
		 * this one is installed (maybe a longer one) */
		if (rib_installed(x))
			fuzz_require(hit != NULL);
		if (hit)
			fuzz_require(rib_installed(hit) && n >= 1 && e[0] == hit);
	}
}

/* The trace JSON writer (src/report/trace_jsonw.c) writes canonical JSON:
 * cJSON parses it and prints it back byte for byte, and its length is the
 * one it returns. */
static void check_trace_json(const struct trace_result *r)
{
	cJSON *j = trace_result_json(r);
	char *want = j ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (!want)
		return; /* out of memory */
	size_t need = trace_result_json_write(r, NULL, 0);
	char *got = malloc(need + 1);
	if (got) {
		fuzz_require(trace_result_json_write(r, got, need + 1) == need);
		fuzz_require(strlen(want) == need && memcmp(got, want, need + 1) == 0);
	}
	free(got);
	free(want);
}

static void walk_routes(const struct model *m)
{
	struct rib_set *s = NULL;
	int rc = rib_build(m, NULL, &s);
	fuzz_require(rc == 0 || rc == VS_ENOMEM);
	if (rc)
		return;
	static const enum model_kind kinds[] = {MODEL_RTB, MODEL_TGW_RTB, MODEL_VGW, MODEL_DXGW,
						MODEL_SITE};
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (uint32_t i = 0; i < model_count(m, kinds[k]); i++)
			walk_rib(rib_of(s, model_get(m, kinds[k], i)));
	rib_free(s);

	struct trace_ctx *c = NULL;
	if (trace_ctx_build(m, &c))
		return;
	struct trace_result *r = malloc(sizeof(*r));
	const char *ends[4] = {"internet", NULL, NULL, NULL};
	uint32_t n = 1;
	if (m->n_enis)
		ends[n++] = m->enis[0].obj.id;
	if (m->n_enis > 1)
		ends[n++] = m->enis[m->n_enis - 1].obj.id;
	if (m->n_sites && m->sites[0].n_hosts && m->sites[0].hosts[0].id)
		ends[n++] = m->sites[0].hosts[0].id;
	for (uint32_t a = 0; r && a < n; a++)
		for (uint32_t b = 0; b < n; b++) {
			struct trace_query q = {.from = ends[a],
						.to = ends[b],
						.proto = -1,
						.port = -1,
						.src_port = -1,
						.size = -1};
			if (trace_run(c, &q, r, NULL, 0) == 0)
				check_trace_json(r);
		}
	free(r);
	trace_ctx_free(c);
}

/* Valid UTF-8 (what --json output needs): the loader rejects invalid
 * input and the message formatter never cuts inside a character. */
static int utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned char c = *s;
		size_t n = c < 0x80               ? 1 :
			   c >= 0xc2 && c <= 0xdf ? 2 :
			   c >= 0xe0 && c <= 0xef ? 3 :
			   c >= 0xf0 && c <= 0xf4 ? 4 :
						    0;
		if (!n)
			return 0;
		for (size_t i = 1; i < n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) ||
		    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		s += n;
	}
	return 1;
}

static void walk_diag(struct diag_list *diag)
{
	diag_sort(diag);
	size_t n = diag_count(diag);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = diag_get(diag, i);
		fuzz_require(d != NULL && d->code != NULL && d->message != NULL);
		fuzz_require(utf8_valid(d->message));
		fuzz_require(!d->resource || utf8_valid(d->resource));
		/* long values are cut: no finding quotes a whole huge input */
		fuzz_require(strlen(d->message) < 1024);
		fuzz_require(!d->resource || strlen(d->resource) <= 256 + 32); /* diag.c DIAG_CUT */
	}
	(void)diag_count_severity(diag, DIAG_ERROR);
}

/* Route 53 and Resolver: ask the names of the model's zones and records
 * from the internet and from each VPC (at most a few), text and JSON. */
static void walk_dns(const struct model *m)
{
	struct dns_sim *s = NULL;
	char err[256];
	int rc = dns_sim_build(m, &s, err, sizeof(err));
	fuzz_require(rc == 0 || rc == VS_EINVAL || rc == VS_ENOMEM);
	if (rc)
		return;
	static const char *const types[] = {"A", "AAAA", "CNAME", "TXT", "MX"};
	FILE *null = fopen("/dev/null", "w");
	for (uint32_t z = 0; z < m->n_zones && z < 4; z++) {
		const char *name = m->zones[z].obj.name;
		for (uint32_t v = 0; name && v <= m->n_vpcs && v < 3; v++) {
			const char *from = v < m->n_vpcs ? m->vpcs[v].obj.id : "internet";
			struct dns_reply *r = NULL;
			if (dns_sim_ask(s, name, types[(z + v) % 5], from, &r, err, sizeof(err)) ==
			    0) {
				fuzz_require(dns_reply_rcode(r) != NULL);
				if (null) {
					(void)report_resolve(null, r, false);
					(void)report_resolve(null, r, true);
				}
			}
			dns_reply_free(r);
		}
	}
	if (null)
		fclose(null);
	dns_sim_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);

	struct diag_list *diag = diag_list_new();
	if (!diag) {
		free(buf);
		return 0;
	}
	struct model *m = NULL;
	int rc = load_snapshot_buffer("fuzz.json", buf, size, NULL, diag, &m);
	if (rc == 0) {
		fuzz_require(m != NULL);
		walk_model(m);
		struct check_opts opts;
		check_opts_default(&opts);
		rc = check_model(m, &opts, diag);
		fuzz_require(rc == 0 || rc == VS_ENOMEM);
		walk_routes(m);
		walk_dns(m);
	} else {
		/* a failed load gives no model; a syntax error says where */
		fuzz_require(m == NULL);
		if (rc == VS_EPARSE)
			fuzz_require(diag_count(diag) > 0);
	}
	walk_diag(diag);
	model_free(m);
	diag_list_free(diag);
	free(buf);
	return 0;
}
