/*
 * DOC: vpcsim bgp -- play the AWS side of real BGP sessions
 *
 * Loads the snapshot and holds one BGP-4 session per --session (listening)
 * or --connect (connecting) as AWS would on that Direct Connect virtual
 * interface or VPN tunnel (vpcsim/bgp_speaker.h): what the route engine
 * says AWS advertises goes to the peer, what the peer advertises becomes
 * the site's routes in the model.  Every state change and prefix is
 * printed as a line of text, or with --json one JSON object per line.
 * SIGINT, SIGTERM or --duration end every session with NOTIFICATION 6/2
 * (Cease, Administrative Shutdown), exit 0.
 *
 * Exit status: 0 stopped, 2 could not start (usage, snapshot, session).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "vpcsim/bgp_speaker.h"
#include "vpcsim/error.h"

#define CMD_BGP_MAX 32

static volatile sig_atomic_t bgp_stop;

static void on_signal(int sig)
{
	(void)sig;
	bgp_stop = 1;
}

static void bgp_usage(FILE *f)
{
	fprintf(f, "usage: vpcsim bgp SNAPSHOT --session ID[@ADDR:PORT]... [--connect "
		   "ID@ADDR:PORT]...\n"
		   "                  [--duration S] [--dx-prefix-limit N] [--routes RESOURCE] "
		   "[--json]\n\n"
		   "Hold BGP sessions with real routers (BIRD, FRR, a customer router) as AWS's\n"
		   "side of a Direct Connect virtual interface or a VPN tunnel of the snapshot:\n"
		   "AWS's ASN and the peer's from the snapshot, what AWS advertises over that "
		   "link\n"
		   "sent to the peer, what the peer advertises taken as the site's routes.\n\n"
		   "  --session ID[@ADDR:PORT]  listen for the peer of ID: a virtual interface\n"
		   "                            (dxvif-...) or a VPN connection's tunnel\n"
		   "                            (vpn-...:1, vpn-...:2); default 127.0.0.1:179, a "
		   "bare\n"
		   "                            PORT is on 127.0.0.1, port 0 picks a free one\n"
		   "  --connect ID@ADDR:PORT    the same, connecting to the peer\n"
		   "  --duration S              end after S seconds\n"
		   "  --dx-prefix-limit N       prefixes a private/transit VIF session may send\n"
		   "                            (AWS default 100; more takes the session down)\n"
		   "  --routes RESOURCE         at the end, before the sessions close, the "
		   "effective\n"
		   "                            routes of RESOURCE (as vpcsim routes --all prints\n"
		   "                            them) computed with what the peers advertised\n"
		   "  --json                    one JSON object per line\n\n"
		   "A VIF's authKey is the session's TCP MD5 key.  SIGINT or SIGTERM end every\n"
		   "session (NOTIFICATION Cease, Administrative Shutdown).\n"
		   "Exit status: 0 stopped, 2 could not start.\n");
}

struct bgp_args {
	const char *ids[CMD_BGP_MAX];
	char addrs[CMD_BGP_MAX][96];
	bool active[CMD_BGP_MAX];
	int n;
	unsigned long duration;
	unsigned long dx_limit;
	const char *routes; /* --routes RESOURCE */
	bool json;
};

/* ID[@ADDR:PORT] or ID@PORT into @a's next session. */
static bool add_session(struct bgp_args *a, char *arg, bool active)
{
	if (a->n >= CMD_BGP_MAX) {
		report_textf(stderr, "vpcsim bgp: at most %d sessions\n", CMD_BGP_MAX);
		return false;
	}
	char *at = strchr(arg, '@');
	const char *where = at ? at + 1 : NULL;
	if (at)
		*at = '\0';
	if (!*arg || (active && (!where || !*where))) {
		report_textf(stderr, "vpcsim bgp: --%s takes ID@ADDR:PORT, not '%s'\n",
			     active ? "connect" : "session", arg);
		return false;
	}
	if (!where || !*where)
		where = "127.0.0.1:179";
	if (strspn(where, "0123456789") == strlen(where))
		snprintf(a->addrs[a->n], sizeof(a->addrs[a->n]), "127.0.0.1:%s", where);
	else
		snprintf(a->addrs[a->n], sizeof(a->addrs[a->n]), "%s", where);
	a->ids[a->n] = arg;
	a->active[a->n] = active;
	a->n++;
	return true;
}

static bool bgp_option(void *ctx, int c, const char *arg)
{
	struct bgp_args *a = ctx;
	switch (c) {
	case 's':
	case 'c':
		return add_session(a, (char *)(uintptr_t)arg, c == 'c');
	case 'r':
		a->routes = arg;
		return true;
	case 't':
		return cli_opt_uint("vpcsim bgp", "duration", arg, 1, 100000000ul,
				    "takes a number of seconds", &a->duration);
	default: /* 'd' */
		return cli_opt_uint("vpcsim bgp", "dx-prefix-limit", arg, 1, 1000000,
				    "needs a number from 1 to 1000000", &a->dx_limit);
	}
}

static void path_text(const struct bgp_speaker_event *e, char *b, size_t n)
{
	size_t w = 0;
	b[0] = '\0';
	for (uint32_t i = 0; i < e->as_path_len && w + 12 < n; i++)
		w += (size_t)snprintf(b + w, n - w, "%s%u", i ? " " : "", e->as_path[i]);
	if (!e->as_path_len)
		snprintf(b, n, "(empty)");
}

static void print_json(const struct bgp_speaker_event *e)
{
	static const char *const kinds[] = {
		"listen",
		"connect",
		"state",
		"received",
		"withdrawn",
		"advertised",
		"adv-withdrawn",
		"notification-sent",
		"notification-received",
		"malformed",
		"quota",
		"error",
	};
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return;
	cJSON_AddStringToObject(o, "session", e->session);
	cJSON_AddStringToObject(o, "event", kinds[e->kind]);
	switch (e->kind) {
	case BGP_SPK_LISTEN:
	case BGP_SPK_CONNECTING:
		cJSON_AddStringToObject(o, "address", e->text);
		cJSON_AddNumberToObject(o, "port", e->port);
		cJSON_AddNumberToObject(o, "local_asn", e->local_as);
		cJSON_AddNumberToObject(o, "peer_asn", e->peer_as);
		break;
	case BGP_SPK_STATE:
		cJSON_AddStringToObject(o, "from", e->old_state);
		cJSON_AddStringToObject(o, "to", e->new_state);
		cJSON_AddStringToObject(o, "on", e->event);
		if (!strcmp(e->new_state, "Established"))
			cJSON_AddNumberToObject(o, "hold_time", e->hold_time);
		break;
	case BGP_SPK_RECEIVED:
	case BGP_SPK_ADVERTISED: {
		cJSON_AddStringToObject(o, "prefix", e->prefix);
		cJSON *p = cJSON_AddArrayToObject(o, "as_path");
		for (uint32_t i = 0; p && i < e->as_path_len; i++)
			cJSON_AddItemToArray(p, cJSON_CreateNumber(e->as_path[i]));
		if (e->has_med)
			cJSON_AddNumberToObject(o, "med", e->med);
		if (e->n_communities) {
			cJSON *c = cJSON_AddArrayToObject(o, "communities");
			for (uint32_t i = 0; c && i < e->n_communities; i++) {
				char t[16];
				snprintf(t, sizeof(t), "%u:%u", e->communities[i] >> 16,
					 e->communities[i] & 0xffff);
				cJSON_AddItemToArray(c, cJSON_CreateString(t));
			}
		}
		break;
	}
	case BGP_SPK_WITHDRAWN:
	case BGP_SPK_ADV_WITHDRAWN:
		cJSON_AddStringToObject(o, "prefix", e->prefix);
		if (e->text)
			cJSON_AddStringToObject(o, "reason", e->text);
		break;
	case BGP_SPK_NOTIFY_SENT:
	case BGP_SPK_NOTIFY_RECEIVED:
		cJSON_AddNumberToObject(o, "code", e->code);
		cJSON_AddNumberToObject(o, "subcode", e->subcode);
		cJSON_AddStringToObject(o, "error", e->code_name);
		cJSON_AddStringToObject(o, "reason", e->subcode_name);
		break;
	default:
		cJSON_AddStringToObject(o, "message", e->text);
		break;
	}
	char *s = cJSON_PrintUnformatted(o);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		cJSON_free(s);
	}
	cJSON_Delete(o);
}

static void print_text(const struct bgp_speaker_event *e)
{
	char path[400];
	switch (e->kind) {
	case BGP_SPK_LISTEN:
	case BGP_SPK_CONNECTING:
		report_textf(stdout, "%s: %s %s as AS %u, peer AS %u\n", e->session,
			     e->kind == BGP_SPK_LISTEN ? "listening on" : "connecting to", e->text,
			     e->local_as, e->peer_as);
		break;
	case BGP_SPK_STATE:
		if (!strcmp(e->new_state, "Established"))
			report_textf(stdout, "%s: %s -> %s (%s), hold time %u s\n", e->session,
				     e->old_state, e->new_state, e->event, (unsigned)e->hold_time);
		else
			report_textf(stdout, "%s: %s -> %s (%s)\n", e->session, e->old_state,
				     e->new_state, e->event);
		break;
	case BGP_SPK_RECEIVED:
	case BGP_SPK_ADVERTISED: {
		path_text(e, path, sizeof(path));
		char extra[300] = "";
		size_t w = 0;
		if (e->has_med)
			w += (size_t)snprintf(extra + w, sizeof(extra) - w, " MED %u", e->med);
		for (uint32_t i = 0; i < e->n_communities && w + 20 < sizeof(extra); i++)
			w += (size_t)snprintf(extra + w, sizeof(extra) - w, "%s%u:%u",
					      i ? " " : " communities ", e->communities[i] >> 16,
					      e->communities[i] & 0xffff);
		report_textf(stdout, "%s: %s %s AS_PATH %s%s\n", e->session,
			     e->kind == BGP_SPK_RECEIVED ? "received" : "advertised", e->prefix,
			     path, extra);
		break;
	}
	case BGP_SPK_WITHDRAWN:
		if (e->text)
			report_textf(stdout, "%s: dropped %s: %s\n", e->session, e->prefix,
				     e->text);
		else
			report_textf(stdout, "%s: withdrawn by the peer %s\n", e->session,
				     e->prefix);
		break;
	case BGP_SPK_ADV_WITHDRAWN:
		report_textf(stdout, "%s: withdrew %s\n", e->session, e->prefix);
		break;
	case BGP_SPK_NOTIFY_SENT:
	case BGP_SPK_NOTIFY_RECEIVED:
		report_textf(stdout, "%s: %s NOTIFICATION %u/%u %s / %s\n", e->session,
			     e->kind == BGP_SPK_NOTIFY_SENT ? "sent" : "received",
			     (unsigned)e->code, (unsigned)e->subcode, e->code_name,
			     e->subcode_name);
		break;
	default:
		report_textf(stdout, "%s: %s\n", e->session, e->text);
		break;
	}
}

static void on_event(void *ctx, const struct bgp_speaker_event *e)
{
	const struct bgp_args *a = ctx;
	if (a->json)
		print_json(e);
	else
		print_text(e);
	fflush(stdout);
}

/*
 * The effective routes of @o in the live model (the snapshot with what the
 * peers advertised): the routes renderer's text, or with --json its
 * document as one line {"event": "routes", "resource", "tables"}.
 */
static void print_routes(const struct bgp_speaker *sp, const struct model *base,
			 const struct model_obj *o, bool json)
{
	const struct model *lm = bgp_speaker_model(sp);
	uint32_t i;
	/* the live model has sites of its own; every other kind is shared */
	if (o->kind == MODEL_SITE && model_index_of(base, MODEL_SITE, o, &i))
		o = &lm->sites[i].obj;
	if (!json) {
		report_textf(stdout, "routes of %s with what the peers advertise:\n", o->id);
		if (!report_routes(stdout, lm, bgp_speaker_rib(sp), o, true, false))
			report_textf(stderr,
				     "vpcsim bgp: --routes: %s is a %s: it keeps no routes\n",
				     o->id, model_kind_name(o->kind));
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return;
	report_routes(f, lm, bgp_speaker_rib(sp), o, true, true);
	fclose(f);
	cJSON *doc = buf ? cJSON_ParseWithLength(buf, len) : NULL;
	free(buf);
	cJSON *line = cJSON_CreateObject();
	if (!line) {
		cJSON_Delete(doc);
		return;
	}
	cJSON_AddStringToObject(line, "event", "routes");
	cJSON_AddStringToObject(line, "resource", o->id);
	cJSON_AddItemToObject(line, "tables", doc ? doc : cJSON_CreateNull());
	char *s = cJSON_PrintUnformatted(line);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		cJSON_free(s);
	}
	cJSON_Delete(line);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int bgp_run(void *ctx, const struct cli_args *ca, struct model *m, struct diag_list *diag)
{
	struct bgp_args *a = ctx;
	(void)diag;
	a->json = ca->json;
	if (!a->n) {
		report_textf(stderr, "vpcsim bgp: no session: give --session ID[@ADDR:PORT]\n");
		return EXIT_USAGE;
	}
	const struct model_obj *ro = NULL;
	if (a->routes) {
		const char *name = strncmp(a->routes, "site:", 5) ? a->routes : a->routes + 5;
		int fr = cli_find_resource(m, name, &ro);
		if (fr)
			return cli_no_resource("vpcsim bgp", name, fr, a->json ? ca->out : NULL);
	}
	struct bgp_speaker_opts o = {.rib = {.dx_prefix_limit = (uint32_t)a->dx_limit}};
	struct bgp_speaker *sp = NULL;
	if (bgp_speaker_new(m, &o, on_event, a, &sp) != 0) {
		report_textf(stderr, "vpcsim bgp: out of memory\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < a->n; i++) {
		char err[300];
		if (bgp_speaker_add(sp, a->ids[i], a->addrs[i], a->active[i], err, sizeof(err)) !=
		    0) {
			report_textf(stderr, "vpcsim bgp: %s\n", err);
			bgp_speaker_free(sp);
			return EXIT_USAGE;
		}
		if (strncmp(a->addrs[i], "127.", 4) && strncmp(a->addrs[i], "[::1]", 5))
			report_textf(stderr,
				     "vpcsim bgp: warning: session %s on %s: not a loopback "
				     "address\n",
				     a->ids[i], a->addrs[i]);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	bgp_speaker_start(sp);
	uint64_t end = a->duration ? mono_ms() + (uint64_t)a->duration * 1000 : 0;
	int rc = EXIT_YES;
	while (!bgp_stop) {
		uint64_t now = mono_ms();
		if (end && now >= end)
			break;
		int t = end && end - now < 500 ? (int)(end - now) : 500;
		if (bgp_speaker_poll(sp, t) != 0) {
			report_textf(stderr, "vpcsim bgp: poll: %s\n", strerror(errno));
			rc = EXIT_USAGE;
			break;
		}
	}
	if (ro)
		print_routes(sp, m, ro, a->json);
	bgp_speaker_shutdown(sp, 1000);
	bgp_speaker_free(sp);
	return rc;
}

static const struct option bgp_options[] = {
	{"session", required_argument, NULL, 's'},
	{"connect", required_argument, NULL, 'c'},
	{"duration", required_argument, NULL, 't'},
	{"dx-prefix-limit", required_argument, NULL, 'd'},
	{"routes", required_argument, NULL, 'r'},
	CLI_OPT_JSON,
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const struct cli_cmd bgp_cmd = {
	.prog = "vpcsim bgp",
	.usage = bgp_usage,
	.short_opts = "h",
	.opts = bgp_options,
	.operands = &cli_snapshot_only,
	.option = bgp_option,
	.run = bgp_run,
};

int cmd_bgp(int argc, char **argv)
{
	static struct bgp_args a;
	memset(&a, 0, sizeof(a));
	return cli_main(&bgp_cmd, &a, argc, argv);
}
