/*
 * DOC: vpcsim serve -- the local web console
 *
 * Loads the snapshot once and computes what every answer reads: check's
 * findings, the effective routes (rib_build()), the trace context and the
 * diagram's SVG.  Then answers HTTP (libmicrohttpd, one thread, its
 * external event loop) on one address, loopback by default: the page
 * (serve_console_page(), HTML, CSS and script embedded in the binary, no
 * other origin asked) and a JSON API whose documents are the CLI's --json,
 * written by the same functions (report_check(), report_show(),
 * report_routes(), trace_result_json(); errors as cli_json_error()).
 * What a request asks is read by serve_request_parse() from the raw
 * request-target (libmicrohttpd's URI log callback hands it over before
 * its own parsing): 400 with a JSON error for a bad one, 404 for an
 * unknown path or resource, 405 for a method other than GET/HEAD, 403 when
 * the Host header is not this server's address (a web page elsewhere
 * cannot reach the console through a DNS name rebound to 127.0.0.1).
 * SIGINT and SIGTERM stop it (exit 0).
 *
 * Exit status: 0 stopped, 2 could not start (usage, snapshot, address).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "vpcsim/check.h"
#include "vpcsim/error.h"
#include "vpcsim/graph.h"
#include "vpcsim/serve.h"
#include "vpcsim/trace.h"

static volatile sig_atomic_t serve_stop;

static void serve_on_signal(int sig)
{
	(void)sig;
	serve_stop = 1;
}

struct serve_args {
	const char *listen_at;
	struct sockaddr_storage ss;
	socklen_t sl;
};

/* What every answer reads, computed once. */
struct serve_ctx {
	const char *path;
	const struct model *m;
	const struct diag_list *diag; /* load and check findings, sorted */
	struct rib_set *rib;
	struct trace_ctx *tc;
	char *svg; /* the whole diagram, no trace */
	size_t svg_len;
	char hosts[4][INET6_ADDRSTRLEN + 16]; /* Host header values that are us */
};

/* The raw request-target, as the URI log callback saw it. */
struct serve_conn {
	size_t len;
	bool too_long;
	char target[SERVE_MAX_TARGET + 1];
};

/* One answer: a status, a type, a body (malloc'd, or static when @fixed). */
struct serve_answer {
	unsigned status;
	const char *type;
	char *body;
	size_t len;
	bool fixed;
};

static void *serve_uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	struct serve_conn *sc = malloc(sizeof(*sc));
	if (!sc)
		return NULL;
	size_t n = uri ? strlen(uri) : 0;
	sc->too_long = n > SERVE_MAX_TARGET;
	sc->len = sc->too_long ? 0 : n;
	memcpy(sc->target, uri ? uri : "", sc->len);
	sc->target[sc->len] = '\0';
	return sc;
}

static void serve_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*req_cls);
	*req_cls = NULL;
}

/* A document written to a stream by @write into @a (JSON). */
static FILE *serve_open(struct serve_answer *a, unsigned status, const char *type)
{
	a->status = status;
	a->type = type;
	a->body = NULL;
	a->len = 0;
	a->fixed = false;
	return open_memstream(&a->body, &a->len);
}

static bool serve_close(struct serve_answer *a, FILE *f, bool ok)
{
	if (fclose(f) != 0)
		ok = false;
	if (!ok) {
		free(a->body);
		a->body = NULL;
	}
	return ok;
}

static void serve_error(struct serve_answer *a, unsigned status, const char *msg, int rc)
{
	FILE *f = serve_open(a, status, "application/json");
	if (f)
		serve_close(a, f, cli_json_error(f, msg, rc));
}

static void serve_show(const struct serve_ctx *s, const struct serve_request *r,
		       struct serve_answer *a)
{
	const struct model_obj *o = NULL;
	if (r->id[0]) {
		int rc = cli_find_resource(s->m, r->id, &o);
		if (rc) {
			char msg[SERVE_MAX_VALUE + 80];
			cli_no_resource_msg(r->id, rc, msg, sizeof(msg));
			serve_error(a, 404, msg, rc);
			return;
		}
	}
	FILE *f = serve_open(a, 200, "application/json");
	if (f)
		serve_close(a, f, report_show(f, s->path, s->m, o, true));
}

static void serve_routes(const struct serve_ctx *s, const struct serve_request *r,
			 struct serve_answer *a)
{
	const char *name = r->id;
	const struct model_obj *o = NULL;
	if (!strncmp(name, "site:", 5))
		name += 5;
	int rc = cli_find_resource(s->m, name, &o);
	if (rc) {
		char msg[SERVE_MAX_VALUE + 80];
		cli_no_resource_msg(name, rc, msg, sizeof(msg));
		serve_error(a, 404, msg, rc);
		return;
	}
	const char *all = serve_request_param(r, "all");
	if (all && strcmp(all, "1") && strcmp(all, "0") && strcmp(all, "true") &&
	    strcmp(all, "false")) {
		serve_error(a, 400, "all takes 1 or 0", VS_EINVAL);
		return;
	}
	bool want_all = all && (!strcmp(all, "1") || !strcmp(all, "true"));
	FILE *f = serve_open(a, 200, "application/json");
	if (!f)
		return;
	uint32_t n = report_routes(f, s->m, s->rib, o, want_all, true);
	serve_close(a, f, true);
	if (!n) {
		char msg[SERVE_MAX_VALUE + 200];
		snprintf(msg, sizeof(msg),
			 "%s is a %s; routes are kept by route tables, transit gateway route "
			 "tables, virtual private gateways, Direct Connect gateways and sites",
			 o->id, model_kind_name(o->kind));
		free(a->body);
		serve_error(a, 404, msg, VS_EINVAL);
	}
}

/* The flow of @r's from, to, proto and port into @q: false, answered 400,
 * when one is wrong or from/to are missing. */
static bool serve_flow(const struct serve_request *r, struct trace_query *q, struct serve_answer *a)
{
	*q = (struct trace_query){.proto = -1, .port = -1, .src_port = -1, .size = -1};
	q->from = serve_request_param(r, "from");
	q->to = serve_request_param(r, "to");
	const char *proto = serve_request_param(r, "proto"), *port = serve_request_param(r, "port");
	unsigned long v;
	if (!q->from || !q->to || !*q->from || !*q->to) {
		serve_error(a, 400, "from and to are needed", VS_EINVAL);
		return false;
	}
	if (proto && *proto && (q->proto = trace_proto_parse(proto)) < 0) {
		serve_error(a, 400, "proto takes tcp, udp, icmp, icmpv6 or 0-255", VS_EINVAL);
		return false;
	}
	if (port && *port) {
		if (!cli_parse_uint(port, 65535, &v)) {
			serve_error(a, 400, "port takes a port 0-65535", VS_EINVAL);
			return false;
		}
		q->port = (int)v;
	}
	return true;
}

/* The trace of @r into *res (allocated): false when answered (an error). */
static bool serve_run_trace(const struct serve_ctx *s, const struct serve_request *r,
			    struct trace_result **res, struct serve_answer *a)
{
	struct trace_query q;
	char err[256];
	*res = NULL;
	if (!serve_flow(r, &q, a))
		return false;
	*res = malloc(sizeof(**res));
	if (!*res) {
		serve_error(a, 500, "out of memory", VS_ENOMEM);
		return false;
	}
	int rc = cli_trace_run(s->m, s->tc, &q, *res, NULL, err, sizeof(err));
	if (rc) {
		if (rc == CLI_TRACE_NO_ADDRESS)
			rc = VS_ENOTFOUND;
		serve_error(a, rc == VS_ENOTFOUND ? 404 : 400, err, rc);
		free(*res);
		*res = NULL;
		return false;
	}
	return true;
}

static void serve_trace(const struct serve_ctx *s, const struct serve_request *r,
			struct serve_answer *a)
{
	struct trace_result *res;
	if (!serve_run_trace(s, r, &res, a))
		return;
	FILE *f = serve_open(a, 200, "application/json");
	if (f)
		serve_close(a, f, report_json_print(trace_result_json(res), f));
	free(res);
}

static void serve_graph(const struct serve_ctx *s, const struct serve_request *r,
			struct serve_answer *a)
{
	const char *focus = serve_request_param(r, "focus");
	bool traced = serve_request_param(r, "from") || serve_request_param(r, "to");
	bool json = r->route == SERVE_API_GRAPH_JSON;
	if (!traced && (serve_request_param(r, "proto") || serve_request_param(r, "port"))) {
		/* as vpcsim graph: "--proto and --port go with --trace" */
		serve_error(a, 400, "proto and port go with from and to", VS_EINVAL);
		return;
	}
	if ((!focus || !*focus) && !traced && !json) {
		*a = (struct serve_answer){200, "image/svg+xml", s->svg, s->svg_len, true};
		return;
	}
	struct trace_result *res = NULL;
	if (traced && !serve_run_trace(s, r, &res, a))
		return;
	struct graph_opts o = {
		.focus = focus && *focus ? focus : NULL, .trace = res, .title = s->path};
	struct graph *g = NULL;
	char err[256] = "";
	int rc = graph_build(s->m, &o, &g, err, sizeof(err));
	if (rc) {
		serve_error(a,
			    rc == VS_ENOTFOUND ? 404 :
			    rc == VS_EINVAL    ? 400 :
						 500,
			    *err ? err : vs_strerror(rc), rc);
	} else if (json) {
		/* the description as data: no layout, nothing to keep */
		FILE *f = serve_open(a, 200, "application/json");
		if (f)
			serve_close(a, f, graph_write(g, GRAPH_JSON, f) == 0);
	} else {
		*a = (struct serve_answer){200, "image/svg+xml", NULL, 0, false};
		rc = graph_svg(g, &a->body, &a->len);
		if (rc)
			serve_error(a, 500, "the diagram could not be laid out", rc);
	}
	graph_free(g);
	free(res);
}

static bool serve_host_ok(const struct serve_ctx *s, const char *host)
{
	for (size_t i = 0; host && i < sizeof(s->hosts) / sizeof(s->hosts[0]); i++)
		if (s->hosts[i][0] && !strcasecmp(host, s->hosts[i]))
			return true;
	return false;
}

static enum MHD_Result serve_handle(void *cls, struct MHD_Connection *c, const char *url,
				    const char *method, const char *version,
				    const char *upload_data, size_t *upload_data_size,
				    void **req_cls)
{
	const struct serve_ctx *s = cls;
	const struct serve_conn *sc = *req_cls;
	struct serve_request *r = malloc(sizeof(*r));
	struct serve_answer a = {0};
	char err[256];
	(void)url;
	(void)version;
	(void)upload_data;
	(void)upload_data_size;

	if (!r || !sc) {
		serve_error(&a, 500, "out of memory", VS_ENOMEM);
	} else if (!serve_host_ok(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"))) {
		serve_error(&a, 403,
			    "the Host header is not this server's address (the console answers "
			    "only requests made to it by its own address)",
			    VS_EINVAL);
	} else if (sc->too_long) {
		serve_error(&a, 414, "request-target too long", VS_EINVAL);
	} else {
		int rc = serve_request_parse(method, sc->target, sc->len, r, err, sizeof(err));
		if (rc)
			serve_error(&a,
				    rc == VS_ENOTFOUND    ? 404 :
				    rc == VS_EUNSUPPORTED ? 405 :
							    400,
				    err, rc);
		else if (r->route == SERVE_PAGE) {
			const char *page = serve_console_page(&a.len);
			a = (struct serve_answer){200, "text/html; charset=utf-8", (char *)page,
						  a.len, true};
		} else if (r->route == SERVE_API_CHECK) {
			struct report_check_opts ro = {.json = true};
			FILE *f = serve_open(&a, 200, "application/json");
			if (f)
				serve_close(&a, f, report_check(f, s->path, s->m, s->diag, &ro));
		} else if (r->route == SERVE_API_SHOW) {
			serve_show(s, r, &a);
		} else if (r->route == SERVE_API_ROUTES) {
			serve_routes(s, r, &a);
		} else if (r->route == SERVE_API_TRACE) {
			serve_trace(s, r, &a);
		} else {
			serve_graph(s, r, &a);
		}
	}
	free(r);
	if (!a.body && !a.fixed) {
		/* out of memory writing the answer */
		static const char oom[] = "{\"error\": \"out of memory\", \"code\": \"out of "
					  "memory\"}\n";
		a = (struct serve_answer){500, "application/json", (char *)oom, sizeof(oom) - 1,
					  true};
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		a.len, a.body, a.fixed ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		if (!a.fixed)
			free(a.body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", a.type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; script-src 'unsafe-inline'; style-src "
				"'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
				"base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	enum MHD_Result ok = MHD_queue_response(c, a.status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static bool serve_option(void *ctx, int key, const char *arg, unsigned long num)
{
	struct serve_args *a = ctx;
	(void)key; /* 'l' */
	(void)num;
	a->listen_at = arg;
	if (!cli_parse_listen(arg, &a->ss, &a->sl)) {
		report_textf(stderr,
			     "vpcsim serve: --listen takes ADDR:PORT or [ADDR]:PORT, not '%s'\n",
			     arg);
		return false;
	}
	return true;
}

/* The Host header values that name this server: its address and, on
 * loopback, localhost. */
static void serve_set_hosts(struct serve_ctx *s, const struct sockaddr_storage *ss, uint16_t port)
{
	char host[INET6_ADDRSTRLEN] = "?";
	bool v6 = ss->ss_family == AF_INET6;
	if (v6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr,
			  host, sizeof(host));
	else
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ss)->sin_addr, host,
			  sizeof(host));
	snprintf(s->hosts[0], sizeof(s->hosts[0]), v6 ? "[%s]:%u" : "%s:%u", host, (unsigned)port);
	if (cli_is_loopback(ss))
		snprintf(s->hosts[1], sizeof(s->hosts[1]), "localhost:%u", (unsigned)port);
	if (port == 80) {
		snprintf(s->hosts[2], sizeof(s->hosts[2]), v6 ? "[%s]" : "%s", host);
		if (cli_is_loopback(ss))
			snprintf(s->hosts[3], sizeof(s->hosts[3]), "localhost");
	}
}

static int serve_run(void *ctx, const struct cli_args *ca, struct model *m, struct diag_list *diag)
{
	struct serve_args *a = ctx;
	struct serve_ctx s = {.path = ca->operands[0], .m = m, .diag = diag};
	struct check_opts co;
	struct graph *g = NULL;
	struct MHD_Daemon *d = NULL;
	int rc = EXIT_USAGE;

	check_opts_default(&co);
	if (check_model(m, &co, diag) || rib_build(m, NULL, &s.rib) || trace_ctx_build(m, &s.tc)) {
		report_textf(stderr, "vpcsim serve: out of memory\n");
		goto out;
	}
	diag_sort(diag);
	struct graph_opts go = {.title = s.path};
	if (graph_build(m, &go, &g, NULL, 0) || graph_svg(g, &s.svg, &s.svg_len)) {
		report_textf(stderr, "vpcsim serve: the diagram could not be drawn\n");
		goto out;
	}
	unsigned flags = MHD_USE_ERROR_LOG | (a->ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	d = MHD_start_daemon(flags, 0, NULL, NULL, serve_handle, &s, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&a->ss, MHD_OPTION_URI_LOG_CALLBACK, serve_uri_log,
			     NULL, MHD_OPTION_NOTIFY_COMPLETED, serve_completed, NULL,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
			     /* room for the request and every argument of a
			      * SERVE_MAX_TARGET target (the 32 KiB default ran
			      * out at ~700 empty '&' arguments: no answer at all) */
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)512 * 1024,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
	if (!d) {
		report_textf(stderr, "vpcsim serve: cannot answer on %s: %s\n", a->listen_at,
			     strerror(errno));
		goto out;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	uint16_t port = info ? info->port : 0;
	serve_set_hosts(&s, &a->ss, port);
	if (!cli_is_loopback(&a->ss))
		report_textf(stderr,
			     "vpcsim serve: warning: %s is not a loopback address: hosts "
			     "beyond this machine can ask\n",
			     s.hosts[0]);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = serve_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	report_textf(stderr, "vpcsim serve: serving %s on http://%s/ (port %u)\n", s.path,
		     s.hosts[0], (unsigned)port);
	fflush(stderr);
	while (!serve_stop)
		MHD_run_wait(d, 500);
	/* stopping: a second signal (timeout(1) sends one to the process and
	 * one to its group) is ignored rather than handled during the exit */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = EXIT_YES;
out:
	if (d)
		MHD_stop_daemon(d);
	graph_free(g);
	free(s.svg);
	trace_ctx_free(s.tc);
	rib_free(s.rib);
	return rc;
}

static const struct cli_opt serve_opts[] = {
	{"listen", 'l', "ADDR:PORT", 0, NULL,
	 "where to answer (default 127.0.0.1:8080; [::1]:8080 for IPv6; port 0 picks a free one; "
	 "the address is said on stderr)",
	 CLI_CALL},
	{NULL},
};

static const struct cli_cmd serve_cmd = {
	.prog = "vpcsim serve",
	.about = "A local web console on the snapshot: the diagram (vpcsim graph), select a\n"
		 "resource to see it (show) and its routes, pick a source, destination,\n"
		 "protocol and port to draw a trace, check's findings.  One page, nothing\n"
		 "fetched from elsewhere.  Its JSON API answers with the CLI's --json:\n\n"
		 "  GET /api/trace?from=SRC&to=DST[&proto=P][&port=N]   vpcsim trace --json\n"
		 "  GET /api/routes/ID[?all=1]                          vpcsim routes --json\n"
		 "  GET /api/check                                      vpcsim check --json\n"
		 "  GET /api/show[/ID]                                  vpcsim show --json\n"
		 "  GET /api/graph.svg[?focus=ID][&from=..&to=..]       vpcsim graph\n"
		 "  GET /api/graph.json[?focus=ID][&from=..&to=..]      vpcsim graph --format "
		 "json\n",
	.tail = "A bad request is answered 400 with {\"error\", \"code\"}.  SIGINT or SIGTERM\n"
		"stop the server.  Exit status: 0 stopped, 2 could not start.\n",
	.opts = serve_opts,
	.operands = &cli_snapshot_only,
	.option = serve_option,
	.run = serve_run,
};

int cmd_serve(int argc, char **argv)
{
	struct serve_args a = {.listen_at = "127.0.0.1:8080"};
	if (!cli_parse_listen(a.listen_at, &a.ss, &a.sl))
		return EXIT_USAGE;
	return cli_main(&serve_cmd, &a, argc, argv);
}
