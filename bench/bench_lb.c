/*
 * DOC: load balancer benchmark -- a trace through an ALB with 50 rules
 *
 *   bench_lb OUT [--lbs N] [--rules R] [--targets T] [--flows F] [--seed S]
 *
 * OUT: the file the generated snapshot is written to, to rerun a flow with
 * `vpcsim trace OUT ...`.
 * Builds a snapshot in memory (defaults: 1,000 ALBs in one VPC, 50
 * path-pattern rules each on an HTTP:80 listener, 10,000 instance targets
 * spread over the target groups of the rules; a client instance), loads it
 * with load_snapshot_buffer() (timed) and compiles the trace context
 * (timed).  Then it traces F flows, each from the client to a random ALB
 * with a path taken by a random rule (the last rule half the time, so every
 * rule before it is tried), and, in the same run, the same client to the
 * target the ALB picked, directly: the reference, the same endpoints
 * without the load balancer.  Prints median, p99 and mean per trace for
 * both, and their ratio.  Figures only; exit 2 when the snapshot does not
 * load or a trace does not run.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/report.h"
#include "vpcsim/trace.h"

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int w = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (w >= 0 && (size_t)w < b->cap - b->n) {
			b->n += (size_t)w;
			return;
		}
		b->cap = b->cap * 2 + (size_t)(w > 0 ? w : 0) + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			fprintf(stderr, "bench_lb: out of memory\n");
			exit(2);
		}
	}
}

/* The ARNs of load balancer, listener and target group number %u (its
 * 16-hex-digit id the same number, as %016x), and one healthy target of a
 * group's TargetHealthDescriptions: every place that names one writes it so. */
#define ELB_ARN      "arn:aws:elasticloadbalancing:us-east-1:111122223333:"
#define LB_ARN       ELB_ARN "loadbalancer/app/lb%u/%016x"
#define LISTENER_ARN ELB_ARN "listener/app/lb%u/%016x/1"
#define TG_ARN       ELB_ARN "targetgroup/g%u/%016x"
#define HEALTHY_TARGET \
	"{\"Target\":{\"Id\":\"i-t%u\",\"Port\":8080},\"TargetHealth\":{\"State\":\"healthy\"}}"

/* Target instance i: 10.2.(i / 250).(i % 250 + 4) in subnet 10.2.0.0/16. */
static void target_ip(uint32_t i, char out[24])
{
	snprintf(out, 24, "10.2.%u.%u", (i / 250) & 255, 4 + i % 250);
}

static char *make_snapshot(uint32_t lbs, uint32_t rules, uint32_t targets, size_t *len)
{
	struct buf b = {malloc(1 << 20), 0, 1 << 20};
	const char *allow = "{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"10.0.0.0/8\"}]}";
	put(&b, "{\"Region\":\"us-east-1\",\"AccountId\":\"111122223333\",");
	put(&b, "\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/"
		"16\",\"State\":\"available\","
		"\"CidrBlockAssociationSet\":[{\"CidrBlock\":\"10.0.0.0/16\"},{\"CidrBlock\":"
		"\"10.1.0.0/16\"},{\"CidrBlock\":\"10.2.0.0/16\"}]}],");
	put(&b, "\"Subnets\":[{\"SubnetId\":\"subnet-a\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0."
		"0.0/"
		"16\",\"AvailabilityZone\":\"us-east-1a\"},{\"SubnetId\":\"subnet-b\",\"VpcId\":"
		"\"vpc-1\","
		"\"CidrBlock\":\"10.2.0.0/16\",\"AvailabilityZone\":\"us-east-1a\"},{\"SubnetId\":"
		"\"subnet-c\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.1.0.0/"
		"16\",\"AvailabilityZone\":"
		"\"us-east-1b\"}],");
	put(&b,
	    "\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"VpcId\":\"vpc-1\",\"IpPermissions\":[%s],"
	    "\"IpPermissionsEgress\":[%s]}],",
	    allow, allow);
	put(&b, "\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-client\",\"SubnetId\":"
		"\"subnet-a\",\"VpcId\":\"vpc-1\",\"PrivateIpAddress\":\"10.0.0.4\","
		"\"Groups\":[{\"GroupId\":\"sg-1\"}],\"Attachment\":{\"InstanceId\":\"i-client\","
		"\"DeviceIndex\":0}}");
	char ip[24];
	for (uint32_t i = 0; i < targets; i++) {
		target_ip(i, ip);
		put(&b,
		    ",{\"NetworkInterfaceId\":\"eni-t%u\",\"SubnetId\":\"subnet-b\",\"VpcId\":"
		    "\"vpc-1\","
		    "\"PrivateIpAddress\":\"%s\",\"Groups\":[{\"GroupId\":\"sg-1\"}],"
		    "\"Attachment\":"
		    "{\"InstanceId\":\"i-t%u\",\"DeviceIndex\":0}}",
		    i, ip, i);
	}
	for (uint32_t l = 0; l < lbs; l++)
		for (int z = 0; z < 2; z++)
			put(&b,
			    ",{\"NetworkInterfaceId\":\"eni-lb%u-%d\",\"SubnetId\":\"subnet-%c\","
			    "\"VpcId\":\"vpc-1\",\"PrivateIpAddress\":\"10.%u.%u.%u\",\"Groups\":[{"
			    "\"GroupId\":\"sg-1\"}],\"RequesterManaged\":true,\"Description\":"
			    "\"ELB "
			    "app/lb%u/%016x\"}",
			    l, z, z ? 'c' : 'a', z, (1 + l / 200) & 255, 4 + l % 200, l, l);
	put(&b, "],\"Reservations\":[{\"Instances\":[{\"InstanceId\":\"i-client\",\"SubnetId\":"
		"\"subnet-a\",\"VpcId\":\"vpc-1\",\"PrivateIpAddress\":\"10.0.0.4\",\"Placement\":"
		"{\"AvailabilityZone\":\"us-east-1a\"},\"State\":{\"Name\":\"running\"},"
		"\"NetworkInterfaces\":[{\"NetworkInterfaceId\":\"eni-client\",\"Attachment\":"
		"{\"DeviceIndex\":0}}]}");
	for (uint32_t i = 0; i < targets; i++) {
		target_ip(i, ip);
		put(&b,
		    ",{\"InstanceId\":\"i-t%u\",\"SubnetId\":\"subnet-b\",\"VpcId\":\"vpc-1\","
		    "\"PrivateIpAddress\":\"%s\",\"Placement\":{\"AvailabilityZone\":\"us-east-"
		    "1a\"},"
		    "\"State\":{\"Name\":\"running\"},\"NetworkInterfaces\":[{"
		    "\"NetworkInterfaceId\":"
		    "\"eni-t%u\",\"Attachment\":{\"DeviceIndex\":0}}]}",
		    i, ip, i);
	}
	put(&b, "]}],\"LoadBalancers\":[");
	for (uint32_t l = 0; l < lbs; l++)
		put(&b,
		    "%s{\"LoadBalancerArn\":\"" LB_ARN "\",\"LoadBalancerName\":\"lb%u\","
		    "\"Type\":\"application\",\"Scheme\":\"internal\",\"VpcId\":\"vpc-1\","
		    "\"State\":{\"Code\":\"active\"},\"AvailabilityZones\":[{\"ZoneName\":"
		    "\"us-east-1a\",\"SubnetId\":\"subnet-a\"},{\"ZoneName\":\"us-east-1b\","
		    "\"SubnetId\":\"subnet-c\"}],\"SecurityGroups\":[\"sg-1\"]}",
		    l ? "," : "", l, l, l);
	/* target groups: one per rule of each LB would be 50,000; one per
	 * (LB, rule % 10), the targets dealt round-robin over all groups */
	uint32_t groups = lbs * 10;
	put(&b, "],\"TargetGroups\":[");
	for (uint32_t g = 0; g < groups; g++)
		put(&b,
		    "%s{\"TargetGroupArn\":\"" TG_ARN "\",\"TargetGroupName\":\"g%u\","
		    "\"Protocol\":\"HTTP\",\"Port\":8080,\"VpcId\":\"vpc-1\","
		    "\"TargetType\":\"instance\"}",
		    g ? "," : "", g, g, g);
	put(&b, "],\"LoadBalancerTargetHealth\":[");
	for (uint32_t g = 0; g < groups; g++) {
		put(&b, "%s{\"TargetGroupArn\":\"" TG_ARN "\",\"TargetHealthDescriptions\":[",
		    g ? "," : "", g, g);
		bool first = true;
		for (uint32_t i = g % (targets ? targets : 1); i < targets; i += groups) {
			put(&b, "%s" HEALTHY_TARGET, first ? "" : ",", i);
			first = false;
		}
		if (first && targets) /* fewer targets than groups: share one */
			put(&b, HEALTHY_TARGET, g % targets);
		put(&b, "]}");
	}
	put(&b, "],\"LoadBalancerListeners\":[");
	for (uint32_t l = 0; l < lbs; l++)
		put(&b,
		    "%s{\"LoadBalancerArn\":\"" LB_ARN "\",\"Listeners\":[{\"ListenerArn\":"
		    "\"" LISTENER_ARN "\",\"Port\":80,\"Protocol\":\"HTTP\",\"DefaultActions\":"
		    "[{\"Type\":\"forward\",\"TargetGroupArn\":\"" TG_ARN "\"}]}]}",
		    l ? "," : "", l, l, l, l, l * 10, l * 10);
	put(&b, "],\"LoadBalancerRules\":[");
	for (uint32_t l = 0; l < lbs; l++) {
		put(&b, "%s{\"ListenerArn\":\"" LISTENER_ARN "\",\"Rules\":[", l ? "," : "", l, l);
		for (uint32_t r = 0; r <= rules; r++) {
			uint32_t g = l * 10 + r % 10;
			if (r == rules)
				put(&b,
				    ",{\"RuleArn\":\"arn:r/%u/default\",\"Priority\":\"default\","
				    "\"IsDefault\":true,\"Conditions\":[],\"Actions\":[{\"Type\":"
				    "\"forward\",\"TargetGroupArn\":\"" TG_ARN "\"}]}",
				    l, g, g);
			else
				put(&b,
				    "%s{\"RuleArn\":\"arn:r/%u/"
				    "%u\",\"Priority\":\"%u\",\"Conditions\":"
				    "[{\"Field\":\"path-pattern\",\"Values\":[\"/svc%u/*\"]}],"
				    "\"Actions\":[{\"Type\":\"forward\",\"TargetGroupArn\":"
				    "\"" TG_ARN "\"}]}",
				    r ? "," : "", l, r, r + 1, r, g, g);
		}
		put(&b, "]}");
	}
	put(&b, "]}");
	*len = b.n;
	return b.p;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, uint32_t n)
{
	qsort(v, n, sizeof(*v), cmp_d);
	double sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += v[i];
	printf("%-44s %9.2f %9.2f %9.2f\n", what, v[n / 2] * 1e6, v[(size_t)(n * 0.99)] * 1e6,
	       sum / n * 1e6);
}

int main(int argc, char **argv)
{
	uint32_t lbs = 1000, rules = 50, targets = 10000, flows = 20000;
	uint64_t seed = 1;
	const struct bench_opt opts[] = {
		{"--lbs", BENCH_OPT_U32, &lbs, 1, 40000},
		{"--rules", BENCH_OPT_U32, &rules, 1, 99},
		{"--targets", BENCH_OPT_U32, &targets, 1, 50000},
		{"--flows", BENCH_OPT_U32, &flows, 1, 10000000},
		{"--seed", BENCH_OPT_U64, &seed, 0, UINT64_MAX},
		{NULL, 0, NULL, 0, 0},
	};
	const char *out = NULL;
	bench_args("bench_lb",
		   "usage: bench_lb OUT [--lbs N] [--rules R] [--targets T] [--flows F] [--seed "
		   "S]\n",
		   opts, argc, argv, &out);
	size_t len;
	char *json = make_snapshot(lbs, rules, targets, &len);
	FILE *fo = out ? fopen(out, "w") : NULL;
	if (!fo || fwrite(json, 1, len, fo) != len || fclose(fo) != 0) {
		fprintf(stderr, "bench_lb: cannot write %s\n", out ? out : "(no OUT)");
		return 2;
	}
	struct diag_list *diag = diag_list_new();
	struct model *m = NULL;
	double t0 = bench_now();
	if (!diag || load_snapshot_buffer("bench-lb.json", json, len, NULL, diag, &m)) {
		fprintf(stderr, "bench_lb: the generated snapshot does not load\n");
		if (diag)
			report_diag_print(stderr, diag);
		return 2;
	}
	double t_load = bench_now() - t0;
	bench_show_errors("bench_lb", diag);
	struct trace_ctx *ctx = NULL;
	t0 = bench_now();
	if (trace_ctx_build(m, &ctx)) {
		fprintf(stderr, "bench_lb: trace_ctx_build failed\n");
		return 2;
	}
	double t_ctx = bench_now() - t0;
	printf("== load balancer benchmark: %u ALBs x %u rules, %u targets, %u flows\n", lbs, rules,
	       targets, flows);
	printf("snapshot %.1f MB: load %.3f s, trace context %.3f s\n", (double)len / 1e6, t_load,
	       t_ctx);
	double *via = malloc(flows * sizeof(double)), *direct = malloc(flows * sizeof(double));
	struct trace_result *r = malloc(sizeof(*r));
	if (!via || !direct || !r)
		return 2;
	uint64_t rnd = bench_rnd_seed(seed);
	uint32_t reach_via = 0, reach_direct = 0;
	char err[256], to[48], path[48];
	for (uint32_t f = 0; f < flows; f++) {
		uint32_t l = (uint32_t)(bench_rnd(&rnd) % lbs);
		uint32_t rule = bench_rnd(&rnd) & 1 ? rules - 1 :
						      (uint32_t)(bench_rnd(&rnd) % rules);
		snprintf(to, sizeof(to), "lb%u", l);
		snprintf(path, sizeof(path), "/svc%u/x", rule);
		struct trace_query q = {.from = "i-client",
					.to = to,
					.proto = -1,
					.port = 80,
					.src_port = -1,
					.size = -1,
					.http_path = path};
		t0 = bench_now();
		int rc = trace_run(ctx, &q, r, err, sizeof(err));
		via[f] = bench_now() - t0;
		if (rc) {
			fprintf(stderr, "bench_lb: %s\n", err);
			return 2;
		}
		reach_via += r->reachable;
		/* the reference: the same client to the target the node picked */
		const char *target = NULL;
		for (uint32_t h = 0; h < r->fwd.n_hops && !target; h++)
			if (r->fwd.hops[h].lb_target)
				target = r->fwd.hops[h].lb_target->id;
		struct trace_query d = {.from = "i-client",
					.to = target ? target : "i-t0",
					.proto = -1,
					.port = 8080,
					.src_port = -1,
					.size = -1};
		t0 = bench_now();
		rc = trace_run(ctx, &d, r, err, sizeof(err));
		direct[f] = bench_now() - t0;
		if (rc) {
			fprintf(stderr, "bench_lb: %s\n", err);
			return 2;
		}
		reach_direct += r->reachable;
	}
	printf("%-44s %9s %9s %9s\n", "per trace, microseconds", "median", "p99", "mean");
	report("client -> ALB (rules) -> target, and back", via, flows);
	report("reference: client -> the same target", direct, flows);
	printf("reachable: %u of %u through the ALB, %u of %u direct\n", reach_via, flows,
	       reach_direct, flows);
	printf("through the ALB / direct (median): %.2fx\n", via[flows / 2] / direct[flows / 2]);
	free(via);
	free(direct);
	free(r);
	trace_ctx_free(ctx);
	model_free(m);
	diag_list_free(diag);
	free(json);
	return 0;
}
