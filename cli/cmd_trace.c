/*
 * DOC: vpcsim trace -- will this flow get there, and if not, what stops it?
 *
 * Loads the snapshot once, compiles the trace context once, then traces
 * one flow (the options) or one flow per line of a JSON Lines file
 * (--batch; "-" is standard input), answering each with one line of trace
 * JSON (DESIGN.md "Trace JSON", written by the one writer
 * src/report/trace_jsonw.c: compact in --batch, reformatted pretty for
 * --json, the same document).  Each batch answer starts with "line": N, the input line it
 * answers (the rest of the line is the trace JSON, byte for byte).  A bad
 * batch line (not one JSON object, trailing bytes after it, longer than
 * TRACE_BATCH_MAX_LINE: read no further than that, the rest skipped to the
 * next newline) is answered with an error object naming its line number;
 * the run goes on.
 *
 * Exit status: 0 every flow reachable both ways, 1 some flow not (or a
 * bad batch line), 2 could not run (usage, unreadable snapshot, an
 * endpoint that names nothing).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "vpcsim/dns.h"
#include "vpcsim/error.h"
#include "vpcsim/trace.h"
#include "vpcsim/trace_batch.h"

/*
 * One trace as one line of JSON, written by trace_jsonw.c into *buf (grown
 * when the line does not fit, kept for the next one): the same bytes as
 * report_json_print_line(trace_result_json(res), stdout) without building a tree, with
 * "line": @line first.
 */
static bool trace_print_result(const struct trace_result *res, unsigned long line, char **buf,
			       size_t *cap)
{
	size_t n = trace_result_json_write(res, *buf, *cap);
	if (n >= *cap) {
		/* twice the need: the next, longer lines fit without a retry */
		char *b = realloc(*buf, 2 * (n + 1));
		if (!b)
			return false;
		*buf = b;
		*cap = 2 * (n + 1);
		trace_result_json_write(res, *buf, *cap);
	}
	/* {"line":N, then the trace object after its '{': every other byte
	 * is the trace JSON of DESIGN.md */
	printf("{\"line\":%lu,", line);
	fwrite(*buf + 1, 1, n - 1, stdout);
	fputc('\n', stdout);
	return true;
}

static void trace_batch_error(unsigned long line, const char *msg, const cJSON *req)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "line", (double)line);
	cJSON_AddStringToObject(o, "error", msg);
	if (req) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(req, "from");
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(req, "to");
		if (cJSON_IsString(f))
			cJSON_AddStringToObject(o, "from", f->valuestring);
		if (cJSON_IsString(t))
			cJSON_AddStringToObject(o, "to", t->valuestring);
	}
	report_json_print_line(o, stdout);
}

static double trace_now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* trace_run(), adding the time it took to *ns (the figure without JSON). */
static int trace_timed_run(const struct trace_ctx *ctx, const struct trace_query *q,
			   struct trace_result *res, char *err, size_t len, double *ns)
{
	double t0 = trace_now_ns();
	int rc = trace_run(ctx, q, res, err, len);
	*ns += trace_now_ns() - t0;
	return rc;
}

/*
 * The --batch input, opened before the snapshot is loaded so that a wrong
 * name fails fast: -1 and a message when it cannot be read as a stream
 * (missing, a directory: EISDIR).
 */
static int trace_batch_open(const char *file)
{
	if (!strcmp(file, "-"))
		return STDIN_FILENO;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int e = fd < 0 ? errno : fstat(fd, &st) ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
	if (e) {
		report_textf(stderr, "vpcsim trace: --batch %s: %s\n", file, strerror(e));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int trace_batch(const struct trace_ctx *ctx, int fd, const char *file,
		       struct trace_result *res)
{
	double trace_ns = 0;
	struct trace_batch_reader *in = NULL;
	if (trace_batch_reader_new(fd, &in) != 0) {
		report_textf(stderr, "vpcsim trace: out of memory\n");
		return EXIT_USAGE;
	}
	char *out = NULL;
	size_t out_cap = 0;
	struct trace_batch_line ln;
	unsigned long n = 0, bad = 0, unreachable = 0;
	struct timespec t0, t1;
	struct stat st;
	/* from a pipe or a terminal, each answer goes out before the next
	 * line is read: a program driving vpcsim waits for it */
	bool each = fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* a dead standard output ends the run: main() reports it */
	while (!ferror(stdout) && (!n || !each || fflush(stdout) == 0) &&
	       trace_batch_next(in, &ln)) {
		n++;
		if (ln.too_long) {
			bad++;
			trace_batch_error(ln.lineno, "line too long", NULL);
			continue;
		}
		struct trace_query q;
		cJSON *req = NULL;
		const char *why = trace_batch_parse(ln.text, ln.len, &q, &req);
		char err[512];
		if (why) {
			bad++;
			trace_batch_error(ln.lineno, why, req);
		} else if (trace_timed_run(ctx, &q, res, err, sizeof(err), &trace_ns)) {
			bad++;
			trace_batch_error(ln.lineno, err, req);
		} else {
			if (!res->reachable)
				unreachable++;
			if (!trace_print_result(res, ln.lineno, &out, &out_cap)) {
				bad++;
				trace_batch_error(ln.lineno, "out of memory", req);
			}
		}
		cJSON_Delete(req);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	int err = trace_batch_reader_errno(in);
	trace_batch_reader_free(in);
	free(out);
	if (err == EFBIG) {
		report_textf(stderr, "vpcsim trace: --batch %s: a line with no end within %u GiB\n",
			     file, TRACE_BATCH_MAX_SKIP >> 30);
		return EXIT_USAGE;
	}
	if (err) {
		report_textf(stderr, "vpcsim trace: --batch %s: %s\n", file, strerror(err));
		return EXIT_USAGE;
	}
	if (getenv("VPCSIM_TRACE_STATS")) {
		double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
			     (double)(t1.tv_nsec - t0.tv_nsec) / 1e3);
		report_textf(stderr,
			     "vpcsim trace: %lu flows in %.0f us: %.2f us per flow with JSON in "
			     "and out, %.2f us in trace_run()\n",
			     n, us, n ? us / (double)n : 0.0, n ? trace_ns / 1e3 / (double)n : 0.0);
	}
	return bad || unreachable ? EXIT_NO : EXIT_YES;
}

struct trace_args {
	struct trace_query q;
	struct cli_rib_opts rib;
	const char *batch;
	const char *headers[16]; /* --header, q.http_headers points here */
};

static bool trace_option(void *ctx, int key, const char *arg, unsigned long num)
{
	struct trace_args *a = ctx;

	(void)num;
	switch (key) {
	case 'p':
		return cli_opt_proto("vpcsim trace", arg, &a->q.proto);
	case 'D':
		return cli_add_down(&a->rib, arg, "vpcsim trace");
	default: /* 'E' */
		if (!strpbrk(arg, ":=") || a->q.n_http_headers == 16) {
			report_textf(stderr,
				     "vpcsim trace: --header takes NAME:VALUE (at most 16), not "
				     "'%s'\n",
				     arg);
			return false;
		}
		a->headers[a->q.n_http_headers++] = arg;
		a->q.http_headers = a->headers;
		return true;
	}
}

static const struct cli_opt trace_opts[] = {
	{"from", 'f', "SRC", CLI_NEEDED, NULL, NULL, CLI_INTO(struct trace_args, q.from)},
	{"to", 't', "DST", CLI_NEEDED, NULL,
	 "an instance id, a network interface id, a private or public IP address, a site host's "
	 "HostId, or 'internet' (a public host); an address in a site's Cidrs is on that site, "
	 "reached over its VPN or Direct Connect",
	 CLI_INTO(struct trace_args, q.to)},
	{"proto", 'p', "P", 0, NULL,
	 "tcp (default), udp, icmp, icmpv6 or a protocol number; icmp means an echo request and "
	 "its reply",
	 CLI_CALL},
	{"port", 'P', "N", 0, CLI_NUM_PORT, "destination port (default 443 for tcp, 53 for udp)",
	 CLI_INTO(struct trace_args, q.port)},
	{"src-port", 'S', "N", 0, CLI_NUM_PORT,
	 "source port (inside the Linux 32768-60999 and Windows 49152-65535 ephemeral ranges: "
	 "default " CLI_STR(TRACE_DEFAULT_SRC_PORT) ")",
	 CLI_INTO(struct trace_args, q.src_port)},
	{"size", 'z', "BYTES", 0, CLI_NUM(68, 65535, "takes a packet size 68-65535"),
	 "packet size (default " CLI_STR(TRACE_DEFAULT_SIZE) ") checked against each path's MTU",
	 CLI_INTO(struct trace_args, q.size)},
	{"down", 'D', "ID", CLI_REPEAT, NULL,
	 "take a VIF (dxvif-) or VPN connection (vpn-) down first: the path when that link fails "
	 "(repeatable)",
	 CLI_CALL},
	{"host", 'H', "H", 0, NULL, NULL, CLI_INTO(struct trace_args, q.http_host)},
	{"path", 'A', "P", 0, NULL, NULL, CLI_INTO(struct trace_args, q.http_path)},
	{"method", 'M', "M", 0, NULL, NULL, CLI_INTO(struct trace_args, q.http_method)},
	{"header", 'E', "NAME:VALUE", CLI_REPEAT, NULL,
	 "the HTTP request an Application Load Balancer's listener rules see (default: Host = the "
	 "load balancer's DNS name, path /, method GET; --header is repeatable)",
	 CLI_CALL},
	{"json", 'j', NULL, 0, NULL, "the trace as JSON", CLI_CALL},
	{"batch", 'b', "FILE|-", CLI_OTHER_FORM, NULL,
	 "one flow per line, JSON Lines with keys from, to, proto, port, src_port, size, host, "
	 "path, method; one line of trace JSON out per flow, starting with \"line\": the input "
	 "line it answers",
	 CLI_INTO(struct trace_args, batch)},
	{NULL},
};

/* No .run: cmd_trace_to() runs the command itself, opening the --batch input
 * before the snapshot is loaded. */
static const struct cli_cmd trace_cmd = {
	.prog = "vpcsim trace",
	.also = "vpcsim trace SNAPSHOT --batch FILE|-",
	.about = "Follow a flow hop by hop, forward and return, and name the rule or route that\n"
		 "decided each hop; on a block, every explanation code that applies.\n",
	.tail = "Exit status: 0 reachable both ways, 1 not reachable, 2 could not run.\n",
	.opts = trace_opts,
	.operands = &cli_snapshot_only,
	.option = trace_option,
};

/*
 * --to a load balancer with several nodes: its DNS name answers every
 * enabled zone's node and a client may use any (a node forwards to its
 * zone's targets, or every zone's with cross-zone on), so each node is
 * traced and reported (text: one trace each under a header; JSON: {"to",
 * "nodes": [{"node", "zone", "trace"}], "reachable"}).  Exit 0 when every
 * node reaches, 1 when one does not, 2 when one cannot be traced.
 */
static int trace_lb_each(const struct trace_ctx *ctx, struct trace_query *q, uint32_t n,
			 const char *const *zones, struct trace_result *res, bool json, FILE *out)
{
	cJSON *doc = json ? cJSON_CreateObject() : NULL;
	cJSON *nodes = doc ? cJSON_AddArrayToObject(doc, "nodes") : NULL;
	if (doc)
		cJSON_AddStringToObject(doc, "to", q->to);
	uint32_t ok = 0;
	int rc = EXIT_YES;
	for (uint32_t k = 1; k <= n; k++) {
		char err[512];
		q->lb_node = k;
		int trc = trace_run(ctx, q, res, err, sizeof(err));
		if (trc) {
			cJSON_Delete(doc);
			return cli_fail("vpcsim trace", err, trc, json ? out : NULL);
		}
		ok += res->reachable;
		const char *z = zones[k - 1] ? zones[k - 1] : "?";
		if (doc) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "node", k);
			cJSON_AddStringToObject(o, "zone", z);
			cJSON_AddItemToObject(o, "trace", trace_result_json(res));
			cJSON_AddItemToArray(nodes, o);
		} else {
			report_textf(out, "== node %u of %u (%s) of %s\n", (unsigned)k, (unsigned)n,
				     z, q->to);
			trace_result_text(res, out);
			report_textf(out, "\n");
		}
	}
	if (ok < n)
		rc = EXIT_NO;
	if (doc) {
		cJSON_AddBoolToObject(doc, "reachable", ok == n);
		report_json_print(doc, out);
	} else
		report_textf(out, "load balancer: reachable through %u of %u nodes\n", (unsigned)ok,
			     (unsigned)n);
	return rc;
}

/* --batch answers on standard output alone: a lab never runs one. */
int cmd_trace_to(int argc, char **argv, FILE *out)
{
	struct trace_args ta = {.q = {.proto = -1, .port = -1, .src_port = -1, .size = -1}};
	struct cli_args a;
	int rc;

	if (!cli_parse(&trace_cmd, &ta, argc, argv, &a, &rc))
		return rc;
	const struct trace_query *q = &ta.q;
	const char *batch = ta.batch;
	if (!batch && (!q->from || !q->to)) {
		report_textf(stderr, "vpcsim trace: --from and --to are needed (or --batch)\n");
		cli_usage(&trace_cmd, stderr);
		return EXIT_USAGE;
	}
	if (batch &&
	    (q->from || q->to || q->proto >= 0 || q->port >= 0 || q->src_port >= 0 ||
	     q->size >= 0 || q->http_host || q->http_path || q->http_method || q->n_http_headers)) {
		/* each line names its own flow: an option would be silently unused */
		report_textf(stderr, "vpcsim trace: --batch takes each flow from its lines; "
				     "--from, --to, --proto, --port, --src-port, --size, --host, "
				     "--path and --method go in them, not on the command line\n");
		cli_usage(&trace_cmd, stderr);
		return EXIT_USAGE;
	}
	int batch_fd = batch ? trace_batch_open(batch) : -1;
	if (batch && batch_fd < 0)
		return EXIT_USAGE;

	struct model *m = NULL;
	struct trace_ctx *ctx = NULL;
	struct trace_result *res = malloc(sizeof(*res));
	struct diag_list *diag = NULL;
	rc = EXIT_USAGE;
	if (!res) {
		report_textf(stderr, "vpcsim trace: out of memory\n");
		goto out;
	}
	/* with --batch, a load failure is said in JSON like every answer */
	if (!(diag = cli_open("vpcsim trace", a.operands[0],
			      batch  ? stdout :
			      a.json ? out :
				       NULL,
			      &m)))
		goto out;
	if (!cli_check_down(m, &ta.rib, "vpcsim trace"))
		goto out;
	if (trace_ctx_build_opts(m, &ta.rib.ro, &ctx)) {
		report_textf(stderr, "vpcsim trace: out of memory\n");
		goto out;
	}
	if (batch) {
		rc = trace_batch(ctx, batch_fd, batch, res);
		goto out;
	}
	const char *zones[64];
	uint32_t nodes = trace_lb_nodes(ctx, q->to, zones, 64);
	if (nodes > 1 && nodes <= 64) {
		rc = trace_lb_each(ctx, &ta.q, nodes, zones, res, a.json, out);
		goto out;
	}
	char err[512];
	/* a DNS name: asked from the source's place first, the answer said
	 * above the trace (text) */
	int trc = cli_trace_run(m, ctx, &ta.q, res, a.json ? NULL : out, err, sizeof(err));
	if (trc == CLI_TRACE_NO_ADDRESS) {
		cli_fail("vpcsim trace", err, VS_ENOTFOUND, a.json ? out : NULL);
		rc = EXIT_NO;
		goto out;
	}
	if (trc) {
		rc = cli_fail("vpcsim trace", err, trc, a.json ? out : NULL);
		goto out;
	}
	if (a.json)
		report_json_print(trace_result_json(res), out);
	else
		trace_result_text(res, out);
	rc = res->reachable ? EXIT_YES : EXIT_NO;
out:
	if (batch_fd > STDIN_FILENO)
		close(batch_fd);
	trace_ctx_free(ctx);
	model_free(m);
	diag_list_free(diag);
	free(res);
	return rc;
}
