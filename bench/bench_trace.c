/*
 * DOC: trace benchmark
 *
 *   bench_trace SNAPSHOT_DIR [--flows N] [--seed S] [--write-flows FILE]
 *
 * Loads the snapshot once (timed), compiles the trace context once (timed),
 * generates N random flows (default 100,000) from the snapshot's own
 * contents, deterministically from the seed, and measures each flow with
 * clock_gettime(CLOCK_MONOTONIC):
 *  - trace_run() alone;
 *  - trace_run() + the output line through cJSON: trace_result_json(),
 *    cJSON_PrintUnformatted(), cJSON_Delete() and free() (what `vpcsim
 *    trace --json` does, and --batch did), with the share of each part;
 *  - trace_run() + the output line through the hand-written streaming
 *    writer trace_result_json_write() into a reused buffer (trace_jsonw.c,
 *    the same bytes; what `vpcsim trace --batch` does per line), and the
 *    ratio of the two;
 * and, measured in the same run as references: cJSON_Parse() + cJSON_Delete()
 * of the flow's own one-line JSON request (what --batch must do per line
 * anyway) and an empty clock_gettime() pair (the timer's own cost).
 * Prints median, p99 and mean per trace, the outcome mix (reachable or not,
 * by kind of flow, the most frequent explanation codes), the load time, and
 * the per-trace time divided by the load time.
 *
 * The flows: the source is a random instance (by instance id or ENI id) or
 * the internet; the destination another instance's private IP or id in the
 * same subnet, the same VPC, a peered VPC or another VPC, an instance's
 * public IP, "internet" or a random public address; TCP (well-known and
 * synthetic ports), UDP (DNS, NTP, SSDP, others) or ICMP echo; the client
 * port in the Linux ephemeral range 32768-60999.  --write-flows writes them
 * as the JSON Lines `vpcsim trace --batch` reads, so the CLI can be timed on
 * the same flows (bench/run.sh).
 *
 * Not a test: figures only, never fails on them.  Exit status 2 when the
 * snapshot cannot be loaded.
 */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/trace.h"

#define GOAL_US   20.0
#define MAX_CODES 64

/* ---- time and statistics ---- */

/* Nanoseconds on CLOCK_MONOTONIC. */
static double now_ns(void)
{
	return bench_now() * 1e9;
}

struct stats {
	double median, p99, mean, max;
};

/* Sorts @v in place. */
static struct stats stats_of(double *v, size_t n)
{
	struct stats s = {0, 0, 0, 0};
	if (!n)
		return s;
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	bench_sort(v, n);
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	size_t k = (size_t)((double)n * 0.99);
	s.p99 = v[k < n ? k : n - 1];
	s.mean = sum / (double)n;
	s.max = v[n - 1];
	return s;
}

/* ---- deterministic random numbers (splitmix64) ---- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t x = (r->s += 0x9e3779b97f4a7c15ull);
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Uniform in [0, n); n > 0. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* ---- the snapshot's endpoints ---- */

struct pools {
	const struct model_eni **enis; /* instances' ENIs in a subnet */
	uint32_t n_enis;
	const struct model_eni **pub; /* those with a public IPv4 address */
	uint32_t n_pub;
	/* per VPC and per subnet: [start[i], start[i + 1]) of by_vpc / by_subnet */
	uint32_t *vpc_start, *subnet_start;
	const struct model_eni **by_vpc, **by_subnet;
	uint32_t *peer; /* per VPC: index of an actively peered VPC, or UINT32_MAX */
};

static bool usable_eni(const struct model *m, const struct model_eni *e)
{
	return !e->owner && e->subnet && e->vpc && e->n_ips && e->ips[0].priv.af == NET_AF_INET &&
	       e->vpc >= m->vpcs && e->vpc < m->vpcs + m->n_vpcs && e->subnet >= m->subnets &&
	       e->subnet < m->subnets + m->n_subnets;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		fprintf(stderr, "bench_trace: out of memory\n");
		exit(2);
	}
	return p;
}

/* Bucket @e by @key (0..n_keys-1) into @out with offsets @start. */
static void bucket(const struct model_eni **e, uint32_t n, uint32_t n_keys,
		   uint32_t (*key)(const struct model *, const struct model_eni *),
		   const struct model *m, uint32_t *start, const struct model_eni **out)
{
	uint32_t *fill = xcalloc(n_keys + 1, sizeof(*fill));
	for (uint32_t i = 0; i < n; i++)
		start[key(m, e[i]) + 1]++;
	for (uint32_t k = 0; k < n_keys; k++)
		start[k + 1] += start[k];
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = key(m, e[i]);
		out[start[k] + fill[k]++] = e[i];
	}
	free(fill);
}

static uint32_t key_vpc(const struct model *m, const struct model_eni *e)
{
	return (uint32_t)(e->vpc - m->vpcs);
}

static uint32_t key_subnet(const struct model *m, const struct model_eni *e)
{
	return (uint32_t)(e->subnet - m->subnets);
}

static void pools_build(const struct model *m, struct pools *p)
{
	memset(p, 0, sizeof(*p));
	p->enis = xcalloc(m->n_enis, sizeof(*p->enis));
	p->pub = xcalloc(m->n_enis, sizeof(*p->pub));
	for (uint32_t i = 0; i < m->n_enis; i++) {
		const struct model_eni *e = &m->enis[i];
		if (!usable_eni(m, e))
			continue;
		p->enis[p->n_enis++] = e;
		if (e->ips[0].pub.af == NET_AF_INET)
			p->pub[p->n_pub++] = e;
	}
	p->vpc_start = xcalloc(m->n_vpcs + 1, sizeof(uint32_t));
	p->subnet_start = xcalloc(m->n_subnets + 1, sizeof(uint32_t));
	p->by_vpc = xcalloc(p->n_enis, sizeof(*p->by_vpc));
	p->by_subnet = xcalloc(p->n_enis, sizeof(*p->by_subnet));
	bucket(p->enis, p->n_enis, m->n_vpcs, key_vpc, m, p->vpc_start, p->by_vpc);
	bucket(p->enis, p->n_enis, m->n_subnets, key_subnet, m, p->subnet_start, p->by_subnet);
	p->peer = xcalloc(m->n_vpcs, sizeof(uint32_t));
	for (uint32_t i = 0; i < m->n_vpcs; i++)
		p->peer[i] = UINT32_MAX;
	for (uint32_t i = 0; i < m->n_pcxs; i++) {
		const struct model_pcx *x = &m->pcxs[i];
		const struct model_vpc *a = x->requester.vpc, *b = x->accepter.vpc;
		if (!a || !b || !x->status || strcmp(x->status, "active"))
			continue;
		p->peer[a - m->vpcs] = (uint32_t)(b - m->vpcs);
		p->peer[b - m->vpcs] = (uint32_t)(a - m->vpcs);
	}
}

static void pools_free(struct pools *p)
{
	free(p->enis);
	free(p->pub);
	free(p->vpc_start);
	free(p->subnet_start);
	free(p->by_vpc);
	free(p->by_subnet);
	free(p->peer);
}

/* ---- flows ---- */

enum flow_kind {
	FK_SAME_SUBNET,
	FK_SAME_VPC,
	FK_PEER_VPC,
	FK_OTHER_VPC,
	FK_TO_INTERNET,
	FK_TO_PUBLIC_IP,
	FK_FROM_INTERNET,
	FK_COUNT
};

static const char *const kind_names[FK_COUNT] = {
	"same subnet",       "same VPC",        "peered VPC",
	"unpeered VPC",      "to the internet", "to an instance's public IP",
	"from the internet",
};

struct flow {
	char from[48], to[48];
	int proto, port, src_port; /* port/src_port -1 for ICMP */
	enum flow_kind kind;
	char *line; /* the --batch request, JSON Lines */
};

static const struct model_eni *pick(struct rng *r, const struct model_eni *const *v, uint32_t start,
				    uint32_t end)
{
	return end > start ? v[start + rng_below(r, end - start)] : NULL;
}

/* An instance by id (half the time) or its ENI id. */
static void name_eni(struct rng *r, const struct model_eni *e, char *buf, size_t size)
{
	if (e->instance_id && rng_below(r, 2))
		snprintf(buf, size, "%s", e->instance_id);
	else
		snprintf(buf, size, "%s", e->obj.id);
}

/* An instance's private IP (half the time) or its id. */
static void name_dst(struct rng *r, const struct model_eni *e, char *buf, size_t size)
{
	if (rng_below(r, 2)) {
		char a[NET_PREFIX_STRLEN];
		snprintf(buf, size, "%s", net_addr_fmt(&e->ips[0].priv, a));
	} else {
		name_eni(r, e, buf, size);
	}
}

static void random_public(struct rng *r, char *buf, size_t size)
{
	struct net_addr a;
	char text[NET_PREFIX_STRLEN];
	do {
		uint32_t x = (uint32_t)rng_next(r);
		snprintf(text, sizeof(text), "%u.%u.%u.%u", 1 + (x >> 24) % 223, (x >> 16) & 255,
			 (x >> 8) & 255, 1 + (x & 255) % 254);
	} while (net_addr_parse(text, &a) || !net_addr_is_public(&a));
	snprintf(buf, size, "%s", text);
}

static void pick_ports(struct rng *r, struct flow *f)
{
	static const int tcp[] = {443,  443,  443,  443,  443,  80, 80, 22, 22, 5432,
				  5432, 3306, 3306, 8080, 8080, 23, -1, -1, -2, -2};
	static const int udp[] = {53,  53,   53,   53, 53, 53, 53, 53, 123, 123,
				  123, 1900, 1900, -1, -1, -1, -2, -2, -2,  -2};
	uint32_t x = rng_below(r, 10);
	f->src_port = 32768 + (int)rng_below(r, 61000 - 32768);
	int port;
	if (x < 7) {
		f->proto = 6;
		port = tcp[rng_below(r, 20)];
		if (port == -1)
			port = 1024 + (int)rng_below(r, 60); /* the synthetic SG rules' ports */
	} else if (x < 9) {
		f->proto = 17;
		port = udp[rng_below(r, 20)];
		if (port == -1)
			port = 2000 + (int)rng_below(r, 60);
	} else {
		f->proto = 1;
		f->port = f->src_port = -1;
		return;
	}
	if (port == -2)
		port = 1 + (int)rng_below(r, 65535);
	f->port = port;
}

static void flow_line(struct flow *f)
{
	char buf[256];
	const char *pn = f->proto == 6 ? "tcp" : f->proto == 17 ? "udp" : "icmp";
	if (f->port >= 0)
		snprintf(buf, sizeof(buf),
			 "{\"from\":\"%s\",\"to\":\"%s\",\"proto\":\"%s\",\"port\":%d,"
			 "\"src_port\":%d}",
			 f->from, f->to, pn, f->port, f->src_port);
	else
		snprintf(buf, sizeof(buf), "{\"from\":\"%s\",\"to\":\"%s\",\"proto\":\"%s\"}",
			 f->from, f->to, pn);
	f->line = strdup(buf);
	if (!f->line) {
		fprintf(stderr, "bench_trace: out of memory\n");
		exit(2);
	}
}

static void gen_flow(struct rng *r, const struct model *m, const struct pools *p, struct flow *f)
{
	memset(f, 0, sizeof(*f));
	pick_ports(r, f);
	const struct model_eni *s = p->enis[rng_below(r, p->n_enis)];
	uint32_t v = (uint32_t)(s->vpc - m->vpcs), sn = (uint32_t)(s->subnet - m->subnets);
	uint32_t x = rng_below(r, 100);
	/* 5% same subnet, 35% same VPC, 15% peered VPC, 10% unpeered VPC,
	 * 20% to the internet, 5% to a public IP of an instance, 10% from the
	 * internet */
	f->kind = x < 5  ? FK_SAME_SUBNET :
		  x < 40 ? FK_SAME_VPC :
		  x < 55 ? FK_PEER_VPC :
		  x < 65 ? FK_OTHER_VPC :
		  x < 85 ? FK_TO_INTERNET :
		  x < 90 ? FK_TO_PUBLIC_IP :
			   FK_FROM_INTERNET;
	if (f->kind == FK_PEER_VPC && p->peer[v] == UINT32_MAX)
		f->kind = FK_OTHER_VPC;
	if ((f->kind == FK_TO_PUBLIC_IP) && !p->n_pub)
		f->kind = FK_TO_INTERNET;
	const struct model_eni *d = NULL;
	switch (f->kind) {
	case FK_SAME_SUBNET:
		d = pick(r, p->by_subnet, p->subnet_start[sn], p->subnet_start[sn + 1]);
		break;
	case FK_SAME_VPC:
		d = pick(r, p->by_vpc, p->vpc_start[v], p->vpc_start[v + 1]);
		break;
	case FK_PEER_VPC:
		d = pick(r, p->by_vpc, p->vpc_start[p->peer[v]], p->vpc_start[p->peer[v] + 1]);
		break;
	case FK_OTHER_VPC: {
		uint32_t o = rng_below(r, m->n_vpcs);
		if (m->n_vpcs > 1 && (o == v || o == p->peer[v]))
			o = (o + 2) % m->n_vpcs;
		d = pick(r, p->by_vpc, p->vpc_start[o], p->vpc_start[o + 1]);
		break;
	}
	case FK_TO_PUBLIC_IP:
	case FK_TO_INTERNET:
	case FK_FROM_INTERNET:
	case FK_COUNT:
		break;
	}
	char a[NET_PREFIX_STRLEN];
	if (f->kind == FK_FROM_INTERNET) {
		snprintf(f->from, sizeof(f->from), "internet");
		if (p->n_pub && rng_below(r, 2))
			snprintf(f->to, sizeof(f->to), "%s",
				 net_addr_fmt(&p->pub[rng_below(r, p->n_pub)]->ips[0].pub, a));
		else
			name_eni(r, s, f->to, sizeof(f->to));
	} else {
		name_eni(r, s, f->from, sizeof(f->from));
		if (d)
			name_dst(r, d, f->to, sizeof(f->to));
		else if (f->kind == FK_TO_PUBLIC_IP)
			snprintf(f->to, sizeof(f->to), "%s",
				 net_addr_fmt(&p->pub[rng_below(r, p->n_pub)]->ips[0].pub, a));
		else if (rng_below(r, 2))
			snprintf(f->to, sizeof(f->to), "internet");
		else
			random_public(r, f->to, sizeof(f->to));
	}
	flow_line(f);
}

static struct trace_query query_of(const struct flow *f)
{
	struct trace_query q = {.from = f->from,
				.to = f->to,
				.proto = f->proto,
				.port = f->port,
				.src_port = f->src_port,
				.size = -1};
	return q;
}

/* ---- outcome mix ---- */

struct code_count {
	const char *code;
	uint32_t flows;
};

struct outcome {
	uint32_t reachable, fwd_blocked, ret_blocked, errors;
	uint32_t kind_n[FK_COUNT], kind_ok[FK_COUNT];
	struct code_count codes[MAX_CODES];
	uint32_t n_codes;
	uint64_t hops;
};

static void count_code(struct outcome *o, const char *code)
{
	for (uint32_t i = 0; i < o->n_codes; i++)
		if (!strcmp(o->codes[i].code, code)) {
			o->codes[i].flows++;
			return;
		}
	if (o->n_codes < MAX_CODES)
		o->codes[o->n_codes++] = (struct code_count){code, 1};
}

/* Each code once per flow, whichever path or how often it appears. */
static void record(struct outcome *o, const struct flow *f, const struct trace_result *r)
{
	o->kind_n[f->kind]++;
	o->hops += r->fwd.n_hops + r->ret.n_hops;
	if (r->reachable) {
		o->reachable++;
		o->kind_ok[f->kind]++;
	} else if (!r->fwd.reachable) {
		o->fwd_blocked++;
	} else {
		o->ret_blocked++;
	}
	const char *seen[2 * TRACE_MAX_EXPL];
	uint32_t n = 0;
	const struct trace_path *paths[2] = {&r->fwd, &r->ret};
	for (int p = 0; p < 2; p++)
		for (uint32_t i = 0; i < paths[p]->n_expl; i++) {
			const char *c = paths[p]->expl[i].code;
			bool dup = false;
			for (uint32_t j = 0; j < n && !dup; j++)
				dup = !strcmp(seen[j], c);
			if (!dup) {
				seen[n++] = c;
				count_code(o, c);
			}
		}
}

static int code_cmp(const void *a, const void *b)
{
	const struct code_count *x = a, *y = b;
	if (x->flows != y->flows)
		return x->flows > y->flows ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* ---- main ---- */

static void print_row(const char *what, const struct stats *s)
{
	printf("%-46s %9.2f %9.2f %9.2f %9.1f\n", what, s->median / 1e3, s->p99 / 1e3,
	       s->mean / 1e3, s->max / 1e3);
}

int main(int argc, char **argv)
{
	const char *dir, *write_flows = NULL;
	uint32_t n_flows = 100000;
	uint64_t seed = 1;
	const struct bench_opt opts[] = {
		{"--flows", BENCH_OPT_U32, &n_flows, 1, 10000000},
		{"--seed", BENCH_OPT_U64, &seed, 0, UINT64_MAX},
		{"--write-flows", BENCH_OPT_STR, &write_flows, 0, 0},
		{NULL, BENCH_OPT_FLAG, NULL, 0, 0},
	};
	bench_args("bench_trace",
		   "usage: bench_trace SNAPSHOT_DIR [--flows N] [--seed S] [--write-flows FILE]\n",
		   opts, argc, argv, &dir);

	/* 1. load once, compile the context once */
	struct diag_list *diag;
	struct model *m;
	double load_s;
	if (bench_load("bench_trace", dir, &m, &diag, &load_s) != 0)
		return 2;
	double load_ns = load_s * 1e9;
	struct trace_ctx *ctx = NULL;
	double t0 = now_ns();
	int rc = trace_ctx_build(m, &ctx);
	double ctx_ns = now_ns() - t0;
	if (rc) {
		fprintf(stderr, "bench_trace: trace_ctx_build: %s\n", vs_strerror(rc));
		return 2;
	}

	/* 2. the flows */
	struct pools p;
	pools_build(m, &p);
	if (!p.n_enis) {
		fprintf(stderr, "bench_trace: the snapshot has no instance ENI to trace from\n");
		return 2;
	}
	struct rng r = {seed * 0x2545f4914f6cdd1dull + 7};
	struct flow *flows = xcalloc(n_flows, sizeof(*flows));
	for (size_t i = 0; i < n_flows; i++)
		gen_flow(&r, m, &p, &flows[i]);
	if (write_flows) {
		FILE *f = fopen(write_flows, "w");
		if (!f) {
			perror(write_flows);
			return 2;
		}
		for (size_t i = 0; i < n_flows; i++)
			fprintf(f, "%s\n", flows[i].line);
		if (fclose(f)) {
			perror(write_flows);
			return 2;
		}
	}

	struct trace_result *res = xcalloc(1, sizeof(*res));
	double *t_trace = xcalloc(n_flows, sizeof(double));
	double *t_total = xcalloc(n_flows, sizeof(double));
	double *t_build = xcalloc(n_flows, sizeof(double));
	double *t_print = xcalloc(n_flows, sizeof(double));
	double *t_free = xcalloc(n_flows, sizeof(double));
	double *t_wtotal = xcalloc(n_flows, sizeof(double));
	double *t_write = xcalloc(n_flows, sizeof(double));
	double *t_parse = xcalloc(n_flows, sizeof(double));
	double *t_clock = xcalloc(n_flows, sizeof(double));
	struct outcome out;
	memset(&out, 0, sizeof(out));
	uint64_t json_bytes = 0, writer_bytes = 0;
	size_t wcap = 16384;
	char *wbuf = xcalloc(wcap, 1);

	/* 3. trace_run() alone (also the outcome mix) */
	for (size_t i = 0; i < n_flows; i++) {
		struct trace_query q = query_of(&flows[i]);
		double a = now_ns();
		int trc = trace_run(ctx, &q, res, NULL, 0);
		t_trace[i] = now_ns() - a;
		if (trc)
			out.errors++;
		else
			record(&out, &flows[i], res);
	}

	/* 4. trace_run() + the --batch output line, each part timed */
	for (size_t i = 0; i < n_flows; i++) {
		struct trace_query q = query_of(&flows[i]);
		double a = now_ns();
		int trc = trace_run(ctx, &q, res, NULL, 0);
		double b = now_ns();
		cJSON *j = trc ? NULL : trace_result_json(res);
		double c = now_ns();
		char *s = j ? cJSON_PrintUnformatted(j) : NULL;
		double d = now_ns();
		if (s)
			json_bytes += strlen(s) + 1;
		cJSON_Delete(j);
		free(s);
		double e = now_ns();
		t_total[i] = e - a;
		t_build[i] = c - b;
		t_print[i] = d - c;
		t_free[i] = e - d;
	}

	/* 4b. trace_run() + the --batch output line by the streaming writer,
	 * into one buffer reused across flows (grown on truncation) */
	for (size_t i = 0; i < n_flows; i++) {
		struct trace_query q = query_of(&flows[i]);
		double a = now_ns();
		int trc = trace_run(ctx, &q, res, NULL, 0);
		double b = now_ns();
		if (!trc) {
			size_t n = trace_result_json_write(res, wbuf, wcap);
			if (n >= wcap) {
				free(wbuf);
				wcap = 2 * (n + 1);
				wbuf = xcalloc(wcap, 1);
				n = trace_result_json_write(res, wbuf, wcap);
			}
			writer_bytes += n + 1;
		}
		double c = now_ns();
		t_wtotal[i] = c - a;
		t_write[i] = c - b;
	}

	/* 5. references: parsing the request line, and the timer itself */
	for (size_t i = 0; i < n_flows; i++) {
		double a = now_ns();
		cJSON *j = cJSON_Parse(flows[i].line);
		cJSON_Delete(j);
		t_parse[i] = now_ns() - a;
	}
	for (size_t i = 0; i < n_flows; i++) {
		double a = now_ns();
		t_clock[i] = now_ns() - a;
	}

	double sum_build = 0, sum_print = 0, sum_free = 0;
	for (size_t i = 0; i < n_flows; i++) {
		sum_build += t_build[i];
		sum_print += t_print[i];
		sum_free += t_free[i];
	}
	struct stats s_trace = stats_of(t_trace, n_flows);
	struct stats s_total = stats_of(t_total, n_flows);
	struct stats s_build = stats_of(t_build, n_flows);
	struct stats s_print = stats_of(t_print, n_flows);
	struct stats s_free = stats_of(t_free, n_flows);
	struct stats s_wtotal = stats_of(t_wtotal, n_flows);
	struct stats s_write = stats_of(t_write, n_flows);
	struct stats s_parse = stats_of(t_parse, n_flows);
	struct stats s_clock = stats_of(t_clock, n_flows);
	double sum_total = s_total.mean * (double)n_flows;

	printf("snapshot   %s\n", dir);
	printf("model      %u VPCs, %u subnets, %u ENIs (%u instance ENIs, %u with a public IP), "
	       "%u SGs, %u route tables, %u ACLs, %u peerings, %u NAT gateways\n",
	       m->n_vpcs, m->n_subnets, m->n_enis, p.n_enis, p.n_pub, m->n_sgs, m->n_rtbs,
	       m->n_nacls, m->n_pcxs, m->n_natgws);
	printf("load       load_snapshot %.3f s, trace_ctx_build %.3f s\n", load_ns / 1e9,
	       ctx_ns / 1e9);
	printf("flows      %" PRIu32 " (seed %" PRIu64 "), %.1f hops per flow (forward + return), "
	       "%u did not "
	       "run\n\n",
	       n_flows, seed, n_flows ? (double)out.hops / (double)n_flows : 0.0, out.errors);

	printf("%-46s %9s %9s %9s %9s\n", "per flow, microseconds", "median", "p99", "mean", "max");
	print_row("trace_run()", &s_trace);
	print_row("trace_run() + JSON line via cJSON", &s_total);
	print_row("  of which trace_result_json() (build tree)", &s_build);
	print_row("  of which cJSON_PrintUnformatted()", &s_print);
	print_row("  of which cJSON_Delete() + free()", &s_free);
	print_row("trace_run() + JSON line via hand writer", &s_wtotal);
	print_row("  of which trace_result_json_write()", &s_write);
	print_row("cJSON_Parse+Delete of the request (reference)", &s_parse);
	print_row("clock_gettime() pair (timer cost, reference)", &s_clock);
	printf("\nJSON output: %.0f bytes per line on average; share of the time with JSON: "
	       "trace %.0f%%, tree %.0f%%, print %.0f%%, delete %.0f%%\n",
	       (double)json_bytes / (double)n_flows,
	       100.0 * s_trace.mean * (double)n_flows / sum_total, 100.0 * sum_build / sum_total,
	       100.0 * sum_print / sum_total, 100.0 * sum_free / sum_total);
	printf("hand writer (--batch output): %.0f bytes per line on average (cJSON %.0f); "
	       "trace + line: cJSON / hand writer = %.1fx median, %.1fx p99; the JSON part "
	       "alone: cJSON %.2f us / writer %.2f us mean = %.1fx\n",
	       (double)writer_bytes / (double)n_flows, (double)json_bytes / (double)n_flows,
	       s_total.median / s_wtotal.median, s_total.p99 / s_wtotal.p99,
	       (sum_build + sum_print + sum_free) / (double)n_flows / 1e3, s_write.mean / 1e3,
	       s_write.mean > 0 ?
		       (sum_build + sum_print + sum_free) / (double)n_flows / s_write.mean :
		       0.0);
	printf("trace per load: median trace / load = %.2e (one load = %.0f median traces); "
	       "with JSON %.2e (%.0f)\n",
	       s_trace.median / load_ns, load_ns / s_trace.median, s_total.median / load_ns,
	       load_ns / s_total.median);

	printf("\noutcome    %u reachable both ways (%.1f%%), %u blocked forward (%.1f%%), %u "
	       "blocked on return (%.1f%%)\n",
	       out.reachable, 100.0 * out.reachable / (double)n_flows, out.fwd_blocked,
	       100.0 * out.fwd_blocked / (double)n_flows, out.ret_blocked,
	       100.0 * out.ret_blocked / (double)n_flows);
	for (int k = 0; k < FK_COUNT; k++)
		if (out.kind_n[k])
			printf("  %-28s %6u flows, %5.1f%% reachable\n", kind_names[k],
			       out.kind_n[k], 100.0 * out.kind_ok[k] / out.kind_n[k]);
	qsort(out.codes, out.n_codes, sizeof(out.codes[0]), code_cmp);
	printf("explanation codes (flows carrying each):\n");
	for (uint32_t i = 0; i < out.n_codes && i < 12; i++)
		printf("  %-40s %6u (%.1f%%)\n", out.codes[i].code, out.codes[i].flows,
		       100.0 * out.codes[i].flows / (double)n_flows);

	printf("\ngoal: under %.0f us per trace: trace_run() median %.2f us, p99 %.2f us -> %s; "
	       "with the JSON line via cJSON median %.2f us, p99 %.2f us -> %s; via the hand "
	       "writer median %.2f us, p99 %.2f us -> %s\n",
	       GOAL_US, s_trace.median / 1e3, s_trace.p99 / 1e3,
	       s_trace.p99 / 1e3 <= GOAL_US ? "MET" : "NOT MET", s_total.median / 1e3,
	       s_total.p99 / 1e3, s_total.p99 / 1e3 <= GOAL_US ? "MET" : "NOT MET",
	       s_wtotal.median / 1e3, s_wtotal.p99 / 1e3,
	       s_wtotal.p99 / 1e3 <= GOAL_US ? "MET" : "NOT MET");

	for (size_t i = 0; i < n_flows; i++)
		free(flows[i].line);
	free(flows);
	free(res);
	free(t_trace);
	free(t_total);
	free(t_build);
	free(t_print);
	free(t_free);
	free(t_wtotal);
	free(t_write);
	free(wbuf);
	free(t_parse);
	free(t_clock);
	pools_free(&p);
	trace_ctx_free(ctx);
	model_free(m);
	diag_list_free(diag);
	return 0;
}
