/*
 * DOC: output and loading helpers shared by the subcommands
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "vpcsim/dns.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/net.h"
#include "vpcsim/trace.h"

bool cli_file_open(const char *prog, const char *path, struct cli_file *out)
{
	struct stat st;
	*out = (struct cli_file){.path = path};
	bool exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		out->f = fopen(path, "w");
	} else {
		size_t n = strlen(path) + sizeof(".XXXXXX");
		int fd = -1;
		if ((out->tmp = malloc(n))) {
			snprintf(out->tmp, n, "%s.XXXXXX", path);
			fd = mkstemp(out->tmp);
		}
		mode_t mask = umask(0);
		umask(mask);
		mode_t mode = exists ? st.st_mode & 07777 : 0666 & ~mask;
		if (fd >= 0 && (fchmod(fd, mode) != 0 || !(out->f = fdopen(fd, "w")))) {
			int e = errno;
			close(fd);
			unlink(out->tmp);
			errno = e;
		}
		if (!out->f) {
			free(out->tmp);
			out->tmp = NULL;
		}
	}
	if (!out->f) {
		report_textf(stderr, "%s: cannot write %s: %s\n", prog, path, strerror(errno));
		return false;
	}
	return true;
}

bool cli_file_close(const char *prog, struct cli_file *cf, bool ok)
{
	if (!cf->f)
		return false;
	bool good = fflush(cf->f) == 0 && !ferror(cf->f);
	int e = errno;
	if (fclose(cf->f) != 0 && good) {
		good = false;
		e = errno;
	}
	cf->f = NULL;
	if (good && ok && cf->tmp && rename(cf->tmp, cf->path) != 0) {
		good = false;
		e = errno;
	}
	if (cf->tmp && (!good || !ok))
		unlink(cf->tmp);
	free(cf->tmp);
	cf->tmp = NULL;
	if (ok && !good)
		report_textf(stderr, "%s: cannot write %s: %s\n", prog, cf->path,
			     strerror(e ? e : EIO));
	return ok && good;
}

bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || *s < '0' || *s > '9') /* strtoul would take a sign or blanks */
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
		/* Only the errors that stopped the load, and the inputs the walk
		 * skipped (a dangling link, a loop: why a directory may hold
		 * nothing usable); other warnings would read as if the snapshot
		 * had been checked. */
		for (size_t i = 0; i < diag_count(diag); i++) {
			const struct diag *d = diag_get(diag, i);
			bool skipped = !strcmp(d->code, "SkippedInput");
			if (d->severity != DIAG_ERROR && !skipped)
				continue;
			const char *w = d->severity == DIAG_ERROR ? "" : "warning: ";
			if (d->file && d->line)
				report_textf(stderr, "%s:%u:%u: %s%s\n", d->file, d->line, d->col,
					     w, d->message);
			else if (d->file)
				report_textf(stderr, "%s: %s%s\n", d->file, w, d->message);
			else
				report_textf(stderr, "%s: %s%s\n", prog, w, d->message);
		}
		report_textf(stderr, "%s: cannot load snapshot '%s': %s\n", prog, path,
			     vs_strerror(rc));
	}
	return false;
}

/* The value @arg of option --@opt as a number in [@min, @max] into *out;
 * otherwise says "@prog: --@opt @want, not '@arg'" on stderr and false. */
static bool cli_opt_uint(const char *prog, const char *opt, const char *arg, unsigned long min,
			 unsigned long max, const char *want, unsigned long *out)
{
	if (cli_parse_uint(arg, max, out) && *out >= min)
		return true;
	report_textf(stderr, "%s: --%s %s, not '%s'\n", prog, opt, want, arg);
	return false;
}

bool cli_opt_proto(const char *prog, const char *arg, int *proto)
{
	*proto = trace_proto_parse(arg);
	if (*proto >= 0)
		return true;
	report_textf(stderr, "%s: --proto takes tcp, udp, icmp, icmpv6 or 0-255, not '%s'\n", prog,
		     arg);
	return false;
}

const struct cli_operands cli_snapshot_only = {
	"SNAPSHOT", "a SNAPSHOT (file or directory) is needed", "one SNAPSHOT only"};

/* How many operands @syntax names: *max, and *min of them not optional. */
static void cli_operand_count(const char *syntax, int *min, int *max)
{
	*min = *max = 0;
	for (const char *s = syntax + strspn(syntax, " "); *s; s += strspn(s, " ")) {
		*min += *s != '[';
		++*max;
		s += strcspn(s, " ");
	}
}

/* --help's layout: option names from column 2, their text in a column
 * after the widest name up to CLI_HELP_NAMES (a wider one has the text
 * start on the next line), lines up to CLI_HELP_WIDTH. */
#define CLI_HELP_NAMES 24
#define CLI_HELP_WIDTH 79

/* The names of the options from @o to the one with the help text, as
 * --help lists them ("-o, --output FILE", "--from SRC, --to DST"), into
 * @buf: their length.  *next: the option after them. */
static size_t cli_opt_names(const struct cli_opt *o, char *buf, size_t len,
			    const struct cli_opt **next)
{
	size_t w = 0;

	buf[0] = '\0';
	for (;; o++) {
		char s[8] = "";
		if (o->flags & CLI_SHORT)
			snprintf(s, sizeof(s), "-%c, ", o->key);
		w += (size_t)snprintf(buf + w, len - w, "%s%s--%s%s%s", w ? ", " : "", s, o->name,
				      o->arg ? " " : "", o->arg ? o->arg : "");
		if (w >= len)
			w = len - 1;
		if (o->help || !o[1].name)
			break;
	}
	*next = o + 1;
	return w;
}

/* @text from column @col of a line already there, wrapped at spaces. */
static void cli_help_text(FILE *f, const char *text, int col)
{
	int at = col;

	for (const char *s = text; *s;) {
		int n = (int)strcspn(s, " ");
		if (at > col && at + 1 + n > CLI_HELP_WIDTH) {
			fprintf(f, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', f);
			at++;
		}
		fwrite(s, 1, (size_t)n, f);
		at += n;
		s += n;
		s += strspn(s, " ");
	}
	fputc('\n', f);
}

/* "usage: PROG OPERANDS" and each option of the first form as
 * "[--NAME VALUE]", wrapped under the operands at CLI_HELP_WIDTH; then
 * @cmd->also under it. */
static void cli_usage_line(const struct cli_cmd *cmd, FILE *f)
{
	int col = fprintf(f, "usage: %s ", cmd->prog);
	int at = col + fprintf(f, "%s", cmd->operands->syntax);
	char item[128];

	for (const struct cli_opt *o = cmd->opts; o->name; o++) {
		if (o->flags & CLI_OTHER_FORM)
			continue;
		bool needed = o->flags & CLI_NEEDED;
		int n = snprintf(item, sizeof(item), "%s--%s%s%s%s%s", needed ? "" : "[", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "", needed ? "" : "]",
				 o->flags & CLI_REPEAT ? "..." : "");
		if (at + 1 + n > CLI_HELP_WIDTH) {
			fprintf(f, "\n%*s%s", col, "", item);
			at = col + n;
		} else {
			fprintf(f, " %s", item);
			at += 1 + n;
		}
	}
	fputc('\n', f);
	if (cmd->also)
		fprintf(f, "       %s\n", cmd->also); /* under "usage: "'s end */
}

void cli_usage(const struct cli_cmd *cmd, FILE *f)
{
	const struct cli_opt *next;
	char names[128];
	int col = 0;

	for (const struct cli_opt *o = cmd->opts; o->name; o = next) {
		int w = (int)cli_opt_names(o, names, sizeof(names), &next);
		if (w <= CLI_HELP_NAMES && w > col)
			col = w;
	}
	col += 4; /* two spaces before the names, two after */
	cli_usage_line(cmd, f);
	fprintf(f, "\n%s\n", cmd->about);
	for (const struct cli_opt *o = cmd->opts; o->name; o = next) {
		int w = (int)cli_opt_names(o, names, sizeof(names), &next);
		if (w > CLI_HELP_NAMES)
			fprintf(f, "  %s\n%*s", names, col, "");
		else
			fprintf(f, "  %-*s", col - 2, names);
		cli_help_text(f, next[-1].help ? next[-1].help : "", col);
	}
	if (cmd->opts->name && *cmd->tail)
		fputc('\n', f);
	fputs(cmd->tail, f);
}

/* Whether @o's value is what its store takes (a flag for a bool, a number
 * for a number) and an option without store has @cmd's callback. */
static bool cli_store_fits(const struct cli_opt *o, const struct cli_cmd *cmd)
{
	switch (o->into.kind) {
	case CLI_STORE_NONE:
		return cmd->option != NULL || o->key == 'j';
	case CLI_STORE_TRUE:
		return !o->arg;
	case CLI_STORE_STR:
		return o->arg && !o->num;
	default:
		return o->num != NULL;
	}
}

/* The value of option @o, @arg (@num when a number), into its member of @ctx. */
static void cli_store(const struct cli_opt *o, void *ctx, const char *arg, unsigned long num)
{
	char *at = (char *)ctx + o->into.off;

	switch (o->into.kind) {
	case CLI_STORE_TRUE:
		*(bool *)(void *)at = true;
		break;
	case CLI_STORE_STR:
		*(const char **)(void *)at = arg;
		break;
	case CLI_STORE_INT: /* within the cli_num, which is within int's range */
		*(int *)(void *)at = (int)num;
		break;
	case CLI_STORE_UINT:
		*(unsigned *)(void *)at = (unsigned)num;
		break;
	default: /* CLI_STORE_ULONG */
		*(unsigned long *)(void *)at = num;
	}
}

/* getopt_long's long and short options from @cmd->opts, with --help. */
static void cli_getopt_table(const struct cli_cmd *cmd, struct option *lo, char *so)
{
	size_t n = 0, k = 0;

	for (const struct cli_opt *o = cmd->opts; o->name; o++) {
		if (o->flags & CLI_HELP_ONLY)
			continue;
		if (n == CLI_MAX_OPTS || !cli_store_fits(o, cmd))
			abort(); /* a command's table is wrong: a bug, not the user's */
		lo[n++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
					  o->key};
		if (o->flags & CLI_SHORT) {
			so[k++] = (char)o->key;
			if (o->arg)
				so[k++] = ':';
		}
	}
	lo[n++] = (struct option){"help", no_argument, NULL, 'h'};
	lo[n] = (struct option){NULL, 0, NULL, 0};
	so[k++] = 'h';
	so[k] = '\0';
}

/* Option @key of @cmd with its value @arg, a number checked when the option
 * takes one. */
static bool cli_option(const struct cli_cmd *cmd, void *ctx, int key, const char *arg)
{
	const struct cli_opt *o = cmd->opts;
	unsigned long num = 0;
	char want[64];

	while (o->name && o->key != key)
		o++;
	if (o->num) {
		const struct cli_num *n = o->num;
		if (!n->want)
			snprintf(want, sizeof(want), "needs a number from %lu to %lu", n->min,
				 n->max);
		if (!cli_opt_uint(cmd->prog, o->name, arg, n->min, n->max, n->want ? n->want : want,
				  &num))
			return false;
	}
	if (o->into.kind == CLI_STORE_NONE)
		return cmd->option(ctx, key, arg, num);
	cli_store(o, ctx, arg, num);
	return true;
}

bool cli_parse(const struct cli_cmd *cmd, void *ctx, int argc, char **argv, struct cli_args *a,
	       int *status)
{
	struct option lo[CLI_MAX_OPTS + 2];
	char so[2 * CLI_MAX_OPTS + 2];
	int c;

	cli_getopt_table(cmd, lo, so);
	*a = (struct cli_args){false, NULL, 0, stdout};
	*status = EXIT_USAGE;
	optind = 1;
	/* getopt_long's own messages start with argv[0]: the command's name */
	char *arg0 = argv[0];
	argv[0] = (char *)cmd->prog;
	bool go = true;
	while (go && (c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (c == 'j') {
			a->json = true;
		} else if (c == 'h') {
			cli_usage(cmd, stdout);
			*status = EXIT_YES;
			go = false;
		} else if (c == '?') {
			cli_usage(cmd, stderr);
			go = false;
		} else {
			go = cli_option(cmd, ctx, c, optarg);
		}
	}
	argv[0] = arg0;
	if (!go)
		return false;
	a->operands = argv + optind;
	a->n_operands = argc - optind;
	int min, max;
	cli_operand_count(cmd->operands->syntax, &min, &max);
	if (a->n_operands >= min && a->n_operands <= max)
		return true;
	report_textf(stderr, "%s: %s\n", cmd->prog,
		     a->n_operands < min ? cmd->operands->too_few : cmd->operands->too_many);
	cli_usage(cmd, stderr);
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
