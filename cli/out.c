/*
 * DOC: output and loading helpers shared by the subcommands
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vpcsim/dns.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/net.h"
#include "vpcsim/trace.h"

bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static bool cli_load(const char *prog, const char *path, struct diag_list *diag, struct model **m,
		     FILE *json)
{
	int rc = load_snapshot(path, NULL, diag, m);
	if (rc == 0)
		return true;
	diag_sort(diag);
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "snapshot", path);
		cJSON_AddStringToObject(o, "error", vs_strerror(rc));
		cJSON_AddItemToObject(o, "findings", report_json_findings(diag));
		report_json_print(o, json);
	} else {
		/* Only the errors that stopped the load: warnings would read
		 * as if the snapshot had been checked. */
		for (size_t i = 0; i < diag_count(diag); i++) {
			const struct diag *d = diag_get(diag, i);
			if (d->severity != DIAG_ERROR)
				continue;
			if (d->file && d->line)
				report_textf(stderr, "%s:%u:%u: %s\n", d->file, d->line, d->col,
					     d->message);
			else if (d->file)
				report_textf(stderr, "%s: %s\n", d->file, d->message);
			else
				report_textf(stderr, "%s: %s\n", prog, d->message);
		}
		report_textf(stderr, "%s: cannot load snapshot '%s': %s\n", prog, path,
			     vs_strerror(rc));
	}
	return false;
}

bool cli_opt_uint(const char *prog, const char *opt, const char *arg, unsigned long min,
		  unsigned long max, const char *want, unsigned long *out)
{
	if (cli_parse_uint(arg, max, out) && *out >= min)
		return true;
	report_textf(stderr, "%s: --%s %s, not '%s'\n", prog, opt, want, arg);
	return false;
}

const struct cli_operands cli_snapshot_only = {1, 1, "a SNAPSHOT (file or directory) is needed",
					       "one SNAPSHOT only"};

bool cli_parse(const struct cli_cmd *cmd, void *ctx, int argc, char **argv, struct cli_args *a,
	       int *status)
{
	int c;

	*a = (struct cli_args){false, NULL, 0, stdout};
	*status = EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, cmd->short_opts, cmd->opts, NULL)) != -1) {
		if (c == 'j') {
			a->json = true;
		} else if (c == 'h') {
			cmd->usage(stdout);
			*status = EXIT_YES;
			return false;
		} else if (c == '?' || !cmd->option) {
			cmd->usage(stderr);
			return false;
		} else if (!cmd->option(ctx, c, optarg)) {
			return false;
		}
	}
	a->operands = argv + optind;
	a->n_operands = argc - optind;
	if (a->n_operands >= cmd->operands->min && a->n_operands <= cmd->operands->max)
		return true;
	report_textf(stderr, "%s: %s\n", cmd->prog,
		     a->n_operands < cmd->operands->min ? cmd->operands->too_few :
							  cmd->operands->too_many);
	cmd->usage(stderr);
	return false;
}

int cli_main(const struct cli_cmd *cmd, void *ctx, int argc, char **argv)
{
	return cli_main_to(cmd, ctx, argc, argv, stdout);
}

int cli_main_to(const struct cli_cmd *cmd, void *ctx, int argc, char **argv, FILE *out)
{
	struct cli_args a;
	struct model *m;
	int status;

	if (!cli_parse(cmd, ctx, argc, argv, &a, &status))
		return status;
	a.out = out;
	struct diag_list *diag = cli_open(cmd->prog, a.operands[0], a.json ? out : NULL, &m);
	if (!diag)
		return EXIT_USAGE;
	status = cmd->run(ctx, &a, m, diag);
	model_free(m);
	diag_list_free(diag);
	return status;
}

struct diag_list *cli_open(const char *prog, const char *path, FILE *json, struct model **m)
{
	struct diag_list *diag = diag_list_new();
	*m = NULL;
	if (!diag) {
		report_textf(stderr, "%s: out of memory\n", prog);
		return NULL;
	}
	if (!cli_load(prog, path, diag, m, json)) {
		diag_list_free(diag);
		return NULL;
	}
	return diag;
}

int cli_find_resource(const struct model *m, const char *name, const struct model_obj **out)
{
	const struct model_obj *o = model_find(m, name);
	if (o) {
		*out = o;
		return 0;
	}
	/* A Name tag (or site/load balancer name) when it is unique. */
	const struct model_obj *found = NULL;
	for (int k = 0; k < MODEL_KIND_COUNT; k++) {
		uint32_t n = model_count(m, (enum model_kind)k);
		for (uint32_t i = 0; i < n; i++) {
			const struct model_obj *x = model_get(m, (enum model_kind)k, i);
			if (x->name && !strcmp(x->name, name)) {
				if (found)
					return VS_EAMBIGUOUS;
				found = x;
			}
		}
	}
	if (!found)
		return VS_ENOTFOUND;
	*out = found;
	return 0;
}

bool cli_json_error(FILE *f, const char *msg, int rc)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", msg);
	cJSON_AddStringToObject(o, "code", vs_strerror(rc));
	return report_json_print(o, f);
}

int cli_fail_to(FILE *text, FILE *json, const char *prog, const char *msg, int rc, bool as_json)
{
	if (as_json)
		cli_json_error(json, msg, rc);
	else
		report_textf(text, "%s: %s\n", prog, msg);
	return EXIT_USAGE;
}

int cli_fail(const char *prog, const char *msg, int rc, FILE *json)
{
	return cli_fail_to(stderr, json, prog, msg, rc, json != NULL);
}

static const char *cli_no_resource_why(int rc)
{
	return rc == VS_EAMBIGUOUS ? "several resources have this Name tag; use an id" :
				     "no such resource in the snapshot";
}

void cli_no_resource_msg(const char *name, int rc, char *buf, size_t len)
{
	snprintf(buf, len, "'%s': %s", name, cli_no_resource_why(rc));
}

int cli_no_resource_to(FILE *text, FILE *json, const char *prog, const char *name, int rc,
		       bool as_json)
{
	if (!as_json) {
		report_textf(text, "%s: %s: %s\n", prog, name, cli_no_resource_why(rc));
		return EXIT_USAGE;
	}
	char msg[512];
	cli_no_resource_msg(name, rc, msg, sizeof(msg));
	return cli_fail_to(text, json, prog, msg, rc, true);
}

int cli_no_resource(const char *prog, const char *name, int rc, FILE *json)
{
	return cli_no_resource_to(stderr, json, prog, name, rc, json != NULL);
}

bool cli_add_down(struct cli_rib_opts *ro, const char *id, const char *prog)
{
	if (ro->ro.n_down >= CLI_MAX_DOWN) {
		report_textf(stderr, "%s: at most %d --down options\n", prog, CLI_MAX_DOWN);
		return false;
	}
	ro->down[ro->ro.n_down++] = id;
	ro->ro.down_ids = ro->down;
	return true;
}

bool cli_check_down(const struct model *m, const struct cli_rib_opts *ro, const char *prog)
{
	const char *const *ids = ro->down;

	for (uint32_t i = 0; i < ro->ro.n_down; i++) {
		const struct model_obj *o = model_find_kind(m, MODEL_VIF, ids[i]);
		if (!o)
			o = model_find_kind(m, MODEL_VPN, ids[i]);
		if (!o)
			o = model_find(m, ids[i]);
		if (!o || (o->kind != MODEL_VIF && o->kind != MODEL_VPN)) {
			report_textf(stderr, "%s: --down %s: %s\n", prog, ids[i],
				     o ? "not a virtual interface or VPN connection" :
					 "no such resource in the snapshot");
			return false;
		}
	}
	return true;
}

bool cli_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	return net_sockaddr_parse(s, ss, len);
}

bool cli_is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)ss)->sin_addr.s_addr) >>
			24) == 127;
	if (ss->ss_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
			&((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr);
	return false;
}

/* A DNS name, not an address nor (likely) an id. */
static bool cli_looks_like_name(const char *s)
{
	struct net_addr a;
	return s && strchr(s, '.') && net_addr_parse(s, &a) != 0;
}

int cli_trace_run(const struct model *m, const struct trace_ctx *ctx, struct trace_query *q,
		  struct trace_result *res, FILE *dns, char *err, size_t errlen)
{
	int rc = trace_run(ctx, q, res, err, errlen);
	if (rc != VS_ENOTFOUND || !cli_looks_like_name(q->to))
		return rc;
	struct dns_sim *sim = NULL;
	struct dns_reply *r = NULL;
	const struct model_obj *src = q->from ? model_find(m, q->from) : NULL;
	const char *from = src && (src->kind == MODEL_INSTANCE || src->kind == MODEL_ENI) ?
				   q->from :
				   "internet";
	char site[160];
	if ((rc = dns_sim_build(m, &sim, err, errlen)) != 0)
		goto out;
	dns_sim_set_tracer(sim, ctx);
	snprintf(site, sizeof(site), "site:%s", q->from ? q->from : "");
	if (!src && q->from && strlen(q->from) < 150 && !dns_sim_check_from(sim, site, NULL, 0))
		from = site;
	if ((rc = dns_sim_ask(sim, q->to, NULL, from, &r, err, errlen)) != 0)
		goto out;
	const char *addr = dns_reply_address(r, false);
	if (!addr)
		addr = dns_reply_address(r, true);
	if (dns) {
		report_resolve(dns, r, false);
		fputc('\n', dns);
	}
	if (!addr) {
		snprintf(err, errlen, "%s has no address from %s (%s)", q->to, from,
			 dns_reply_rcode(r));
		rc = CLI_TRACE_NO_ADDRESS;
		goto out;
	}
	const char *name = q->to;
	q->to = addr;
	rc = trace_run(ctx, q, res, err, errlen);
	q->to = name;
	if (!rc)
		res->to = name; /* as asked */
out:
	dns_reply_free(r);
	dns_sim_free(sim);
	return rc;
}
