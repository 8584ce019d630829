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
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "vpcsim/bgp_speaker.h"
#include "vpcsim/error.h"
#include "vpcsim/trace.h"

#define CMD_BGP_MAX 32

static volatile sig_atomic_t bgp_stop;

static void on_signal(int sig)
{
	(void)sig;
	bgp_stop = 1;
}

struct bgp_args {
	const char *ids[CMD_BGP_MAX];
	char addrs[CMD_BGP_MAX][96];
	bool active[CMD_BGP_MAX];
	int n;
	unsigned long duration;
	unsigned long dx_limit;
	unsigned long quota_idle; /* --quota-idle S */
	unsigned long max_routes; /* --max-routes N */
	unsigned long expect;     /* --bench-expect N */
	bool quiet_routes;        /* --quiet-routes */
	const char *routes;       /* --routes RESOURCE */
	bool dry_run;
	const char *control; /* --control SOCKET */
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
	/* what bgp_speaker_add() would refuse, refused here: --dry-run prints
	 * no configuration the live run could not hold */
	struct sockaddr_storage ss;
	socklen_t sl;
	if (!net_sockaddr_parse(a->addrs[a->n], &ss, &sl)) {
		report_textf(stderr,
			     "vpcsim bgp: session %s: '%s' is not ADDR:PORT or [ADDR]:PORT\n", arg,
			     where);
		return false;
	}
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->ids[i], arg)) {
			report_textf(stderr, "vpcsim bgp: session %s: given twice\n", arg);
			return false;
		}
	a->ids[a->n] = arg;
	a->active[a->n] = active;
	a->n++;
	return true;
}

/* --session ('s') and --connect ('c'): the other options are stored. */
static bool bgp_option(void *ctx, int key, const char *arg, unsigned long num)
{
	(void)num;
	return add_session(ctx, (char *)(uintptr_t)arg, key == 'c');
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
		"holding",
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
		if (e->text)
			cJSON_AddStringToObject(o, "not_used", e->text);
		break;
	}
	case BGP_SPK_WITHDRAWN:
	case BGP_SPK_ADV_WITHDRAWN:
		cJSON_AddStringToObject(o, "prefix", e->prefix);
		if (e->text)
			cJSON_AddStringToObject(o, "reason", e->text);
		break;
	case BGP_SPK_HOLDING:
		cJSON_AddNumberToObject(o, "routes", e->routes);
		cJSON_AddNumberToObject(o, "received_ms", (double)e->rx_ms);
		cJSON_AddNumberToObject(o, "installed_ms", (double)e->installed_ms);
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
		report_textf(stdout, "%s: %s %s AS_PATH %s%s%s%s\n", e->session,
			     e->kind == BGP_SPK_RECEIVED ? "received" : "advertised", e->prefix,
			     path, extra, e->text ? ": not used, " : "", e->text ? e->text : "");
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
	case BGP_SPK_HOLDING:
		report_textf(stdout,
			     "%s: holding %u routes: received %llu ms, installed %llu ms after "
			     "Established\n",
			     e->session, e->routes, (unsigned long long)e->rx_ms,
			     (unsigned long long)e->installed_ms);
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
	if (a->quiet_routes && (e->kind == BGP_SPK_RECEIVED || e->kind == BGP_SPK_WITHDRAWN ||
				e->kind == BGP_SPK_ADVERTISED || e->kind == BGP_SPK_ADV_WITHDRAWN))
		return;
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

/* ------------------------------------------------------------- --dry-run */

/* @in as a BIRD / FRR symbol: letters, digits and '_' ("aws_dxvif_fgx7k2mq"). */
static void cfg_symbol(const char *in, const char *sep, char *b, size_t n)
{
	size_t w = (size_t)snprintf(b, n, "aws%s", sep);
	for (const char *p = in; *p && w + 1 < n; p++)
		b[w++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
						(*p >= '0' && *p <= '9') ?
					*p :
					*sep);
	b[w < n ? w : n - 1] = '\0';
}

/* A key both configurations can hold: printable ASCII, no quote,
 * backslash or space (FRR's password is one word). */
static bool cfg_key_ok(const char *k)
{
	for (const unsigned char *p = (const unsigned char *)k; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '"' || *p == '\\')
			return false;
	return true;
}

/* "ADDR" of "ADDR/LEN" into @b. */
static void cfg_host(const char *cidr, char *b, size_t n)
{
	snprintf(b, n, "%s", cidr);
	char *s = strchr(b, '/');
	if (s)
		*s = '\0';
}

struct cfg_where {
	char addr[64]; /* where vpcsim listens (--session) or the router listens (--connect) */
	unsigned port;
};

static void cfg_where_of(const char *spec, struct cfg_where *w)
{
	const char *c = strrchr(spec, ':');
	size_t hl = c ? (size_t)(c - spec) : strlen(spec);
	if (spec[0] == '[' && hl >= 2 && spec[hl - 1] == ']')
		snprintf(w->addr, sizeof(w->addr), "%.*s", (int)(hl - 2), spec + 1);
	else
		snprintf(w->addr, sizeof(w->addr), "%.*s", (int)hl, spec);
	w->port = c ? (unsigned)atoi(c + 1) : 179;
}

/* The site's advertisements over the session's link; a session carries its
 * own address family only. */
static bool cfg_adv_here(const struct bgp_session_info *in, const struct model_site_adv *a)
{
	return a->via == in->via && a->prefix.pfx.addr.af == in->af;
}

/*
 * The BIRD 2 configuration of the customer router's side of @in: a static
 * protocol with the prefixes the snapshot's site advertises over the link
 * (blackhole routes, as AWS's downloaded configurations use null routes
 * for the networks they announce), and the BGP protocol: ASNs, neighbour
 * (vpcsim's address and port), MD5 password, hold time, an export filter
 * setting each prefix's communities, MED and prepends as the snapshot
 * says.
 */
static void cfg_bird(FILE *f, const struct bgp_session_info *in, const struct cfg_where *w,
		     bool active)
{
	char sym[128], host[64];
	cfg_symbol(in->id, "_", sym, sizeof(sym));
	cfg_host(in->customer_addr, host, sizeof(host));
	bool v6 = in->af == NET_AF_INET6;
	const char *fam = v6 ? "ipv6" : "ipv4";
	const struct model_site *st = in->site;
	fprintf(f, "protocol static %s_%s {\n\t%s;\n", sym, v6 ? "routes6" : "routes", fam);
	for (uint32_t i = 0; st && i < st->n_adv; i++)
		if (cfg_adv_here(in, &st->adv[i]))
			fprintf(f, "\troute %s blackhole;\n", st->adv[i].prefix.text);
	if (!st)
		fprintf(f,
			"\t# the snapshot's Sites advertise nothing over %s: your prefixes here\n",
			in->via->id);
	fprintf(f, "}\n");
	if (v6 && *host)
		fprintf(f, "# BIRD takes its router id from an IPv4 address: a router with none "
			   "sets one (router id A.B.C.D;) before these\n");
	fprintf(f, "protocol bgp %s {\n", sym);
	if (active) /* vpcsim connects to the router */
		fprintf(f, "\tlocal %s port %u as %u;\n\tneighbor %s as %u;\n\tpassive on;\n",
			w->addr, w->port, in->peer_as, strchr(w->addr, ':') ? "::1" : "127.0.0.1",
			in->local_as);
	else {
		fprintf(f, "\tlocal %s as %u;\n", *host ? host : "127.0.0.2", in->peer_as);
		if (w->port != 179)
			fprintf(f, "\tneighbor %s port %u as %u;\n", w->addr, w->port,
				in->local_as);
		else
			fprintf(f, "\tneighbor %s as %u;\n", w->addr, in->local_as);
	}
	char ahost[64];
	cfg_host(in->amazon_addr, ahost, sizeof(ahost));
	if (strcmp(w->addr, ahost))
		fprintf(f, "\tmultihop 2; # vpcsim listens on %s, not on the link's %s\n", w->addr,
			*ahost ? ahost : "address");
	if (in->md5 && cfg_key_ok(in->md5))
		fprintf(f, "\tpassword \"%s\";\n", in->md5);
	else if (in->md5)
		fprintf(f, "\t# password: the authKey holds characters this file cannot: "
			   "set it by hand\n");
	fprintf(f, "\thold time %u;\n", (unsigned)in->hold_time);
	fprintf(f, "\t%s {\n\t\timport all;\n\t\texport filter {\n", fam);
	for (uint32_t i = 0; st && i < st->n_adv; i++) {
		const struct model_site_adv *a = &st->adv[i];
		if (!cfg_adv_here(in, a))
			continue;
		/* BIRD exports a prefix's best route only: with several
		 * sessions' snippets that may be another one's static */
		fprintf(f, "\t\t\tif proto ~ \"aws_*_routes*\" && net = %s then {\n",
			a->prefix.text);
		for (uint32_t c = 0; c < a->n_communities; c++)
			fprintf(f, "\t\t\t\tbgp_community.add((%u, %u));\n",
				a->communities[c] >> 16, a->communities[c] & 0xffff);
		if (a->has_med)
			fprintf(f, "\t\t\t\tbgp_med = %u;\n", a->med);
		for (uint32_t p = 0; p < a->as_path_prepend && p < 16; p++)
			fprintf(f, "\t\t\t\tbgp_path.prepend(%u);\n", in->peer_as);
		fprintf(f, "\t\t\t\taccept;\n\t\t\t}\n");
	}
	fprintf(f, "\t\t\treject;\n\t\t};\n\t};\n}\n");
}

/*
 * The same for FRR (bgpd, vtysh configuration).  The prefixes are
 * originated with `network` (one per prefix for the whole router), so what
 * differs per link -- which prefixes go over it, their communities, MED and
 * prepends -- is the neighbour's outbound route-map, each advertisement an
 * entry matching its prefix exactly; the rest is denied, as BIRD's export
 * filter rejects it (no AWS route learned on one link is sent back over
 * another).
 */
static void cfg_frr(FILE *f, const struct bgp_session_info *in, const struct cfg_where *w,
		    bool active)
{
	char sym[128], host[64], ahost[64];
	cfg_symbol(in->id, "-", sym, sizeof(sym));
	cfg_host(in->customer_addr, host, sizeof(host));
	cfg_host(in->amazon_addr, ahost, sizeof(ahost));
	const char *nb = active ? (strchr(w->addr, ':') ? "::1" : "127.0.0.1") : w->addr;
	const struct model_site *st = in->site;
	bool v6 = in->af == NET_AF_INET6;
	const char *ipkw = v6 ? "ipv6" : "ip", *out = v6 ? "out6" : "out";
	for (uint32_t i = 0; st && i < st->n_adv; i++)
		if (cfg_adv_here(in, &st->adv[i]))
			fprintf(f, "%s route %s blackhole\n%s prefix-list %s-%u seq 5 permit %s\n",
				ipkw, st->adv[i].prefix.text, ipkw, sym, i, st->adv[i].prefix.text);
	fprintf(f, "router bgp %u\n", in->peer_as);
	/* bgpd takes its router ID from zebra, which never picks a 169.254.0.0/16
	 * address: on a router whose only IPv4 addresses are its AWS links
	 * that ID is 0.0.0.0, an OPEN AWS refuses (Bad BGP Identifier, RFC
	 * 6286 2.2).  The link's own address serves; on an IPv6 link its low
	 * 32 bits, the ID being four octets either way (RFC 6286 2.1). */
	struct net_addr ha;
	bool parsed = *host && net_addr_parse(host, &ha) == 0;
	if (parsed && ha.af == NET_AF_INET)
		fprintf(f, " ! a router with an ID of its own keeps it\n bgp router-id %s\n", host);
	else if (parsed) {
		struct net_addr id;
		char idb[NET_PREFIX_STRLEN];
		net_addr_set_v4(&id, (uint32_t)ha.b[12] << 24 | (uint32_t)ha.b[13] << 16 |
					     (uint32_t)ha.b[14] << 8 | ha.b[15]);
		fprintf(f,
			" ! FRR needs a four-octet router ID, this link has no IPv4 address: its "
			"low 32 bits (a router with an ID of its own keeps it)\n bgp router-id "
			"%s\n",
			net_addr_fmt(&id, idb));
	}
	fprintf(f, " no bgp ebgp-requires-policy\n");
	fprintf(f, " neighbor %s remote-as %u\n", nb, in->local_as);
	if (!active && w->port != 179)
		fprintf(f, " neighbor %s port %u\n", nb, w->port);
	if (active)
		fprintf(f, " neighbor %s passive\n", nb);
	if (strcmp(w->addr, ahost))
		fprintf(f, " neighbor %s ebgp-multihop 2\n", nb);
	if (in->md5 && cfg_key_ok(in->md5))
		fprintf(f, " neighbor %s password %s\n", nb, in->md5);
	fprintf(f, " neighbor %s timers %u %u\n", nb, (unsigned)in->hold_time / 3,
		(unsigned)in->hold_time);
	fprintf(f, " address-family %s unicast\n", v6 ? "ipv6" : "ipv4");
	for (uint32_t i = 0; st && i < st->n_adv; i++)
		if (cfg_adv_here(in, &st->adv[i]))
			fprintf(f, "  network %s\n", st->adv[i].prefix.text);
	fprintf(f, "  neighbor %s route-map %s-%s out\n", nb, sym, out);
	fprintf(f, "  neighbor %s activate\n exit-address-family\n", nb);
	unsigned seq = 0;
	for (uint32_t i = 0; st && i < st->n_adv; i++) {
		const struct model_site_adv *a = &st->adv[i];
		if (!cfg_adv_here(in, a))
			continue;
		seq += 10;
		fprintf(f, "route-map %s-%s permit %u\n match %s address prefix-list %s-%u\n", sym,
			out, seq, ipkw, sym, i);
		if (a->n_communities) {
			fprintf(f, " set community");
			for (uint32_t c = 0; c < a->n_communities; c++)
				fprintf(f, " %u:%u", a->communities[c] >> 16,
					a->communities[c] & 0xffff);
			fprintf(f, " additive\n");
		}
		if (a->has_med)
			fprintf(f, " set metric %u\n", a->med);
		if (a->as_path_prepend) {
			fprintf(f, " set as-path prepend");
			for (uint32_t p = 0; p < a->as_path_prepend && p < 16; p++)
				fprintf(f, " %u", in->peer_as);
			fprintf(f, "\n");
		}
	}
	if (!seq)
		fprintf(f,
			"! the snapshot's Sites advertise nothing over %s: your prefixes here\n"
			"route-map %s-%s deny 10\n",
			in->via->id, sym, out);
}

static char *cfg_text(void (*fn)(FILE *, const struct bgp_session_info *, const struct cfg_where *,
				 bool),
		      const struct bgp_session_info *in, const struct cfg_where *w, bool active)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fn(f, in, w, active);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * --dry-run: per session, what the customer's router needs, as AWS's
 * "download router configuration" gives it (Direct Connect:
 * create-vif.html "Download router configuration"; VPN:
 * SetUpVPNConnections.html step 6): a BIRD 2 and an FRR snippet.  No
 * socket is opened.
 */
static int bgp_dry_run(const struct bgp_args *a, const struct model *m)
{
	cJSON *root = a->json ? cJSON_CreateObject() : NULL;
	cJSON *arr = root ? cJSON_AddArrayToObject(root, "sessions") : NULL;
	if (a->json && !arr) {
		cJSON_Delete(root);
		report_textf(stderr, "vpcsim bgp: out of memory\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < a->n; i++) {
		struct bgp_session_info in;
		char err[300];
		if (bgp_speaker_describe(m, a->ids[i], &in, err, sizeof(err)) != 0) {
			cJSON_Delete(root);
			report_textf(stderr, "vpcsim bgp: %s\n", err);
			return EXIT_USAGE;
		}
		struct cfg_where w;
		cfg_where_of(a->addrs[i], &w);
		char *bird = cfg_text(cfg_bird, &in, &w, a->active[i]);
		char *frr = cfg_text(cfg_frr, &in, &w, a->active[i]);
		if (!bird || !frr) {
			free(bird);
			free(frr);
			cJSON_Delete(root);
			report_textf(stderr, "vpcsim bgp: out of memory\n");
			return EXIT_USAGE;
		}
		if (a->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "session", in.id);
			cJSON_AddStringToObject(o, "resource", in.via->id);
			cJSON_AddStringToObject(o, "aws_address", w.addr);
			cJSON_AddNumberToObject(o, "port", w.port);
			cJSON_AddNumberToObject(o, "aws_asn", in.local_as);
			cJSON_AddNumberToObject(o, "customer_asn", in.peer_as);
			cJSON_AddNumberToObject(o, "hold_time", in.hold_time);
			cJSON_AddBoolToObject(o, "md5", in.md5 != NULL);
			cJSON *pf = cJSON_AddArrayToObject(o, "prefixes");
			for (uint32_t k = 0; in.site && k < in.site->n_adv; k++)
				if (cfg_adv_here(&in, &in.site->adv[k]))
					cJSON_AddItemToArray(
						pf,
						cJSON_CreateString(in.site->adv[k].prefix.text));
			cJSON_AddStringToObject(o, "bird", bird);
			cJSON_AddStringToObject(o, "frr", frr);
		} else {
			char ahost[64];
			cfg_host(in.amazon_addr, ahost, sizeof(ahost));
			report_textf(stdout,
				     "# %s: the customer router's side of %s %s\n"
				     "# AWS: AS %u on %s port %u%s%s%s, hold time %u s%s; the "
				     "router: AS %u%s%s\n",
				     in.id, model_kind_name(in.via->kind), in.via->id, in.local_as,
				     w.addr, w.port, *ahost ? " (on the link: " : "", ahost,
				     *ahost ? ")" : "", (unsigned)in.hold_time,
				     in.md5 ? ", TCP MD5" : "", in.peer_as,
				     *in.customer_addr ? ", " : "", in.customer_addr);
			fputs("\n# BIRD 2 (bird.conf)\n", stdout);
			fputs(bird, stdout);
			fputs("\n! FRR (frr.conf)\n", stdout);
			fputs(frr, stdout);
			if (i + 1 < a->n)
				fputc('\n', stdout);
		}
		free(bird);
		free(frr);
	}
	if (a->json) {
		bool ok = report_json_print(root, stdout);
		return ok ? EXIT_YES : EXIT_USAGE;
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_YES : EXIT_USAGE;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ----------------------------------------------------- --control SOCKET */

/*
 * The control socket: a Unix stream socket at @path, mode 0600 (made under
 * umask 077, so no other user can connect even for a moment).  An old
 * socket at @path is replaced; any other file there is an error.
 */
static int ctl_listen(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "--control %s: a socket path has at most %zu bytes", path,
			 sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "--control %s: exists and is not a socket", path);
			return -1;
		}
		unlink(path);
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "--control %s: socket: %s", path, strerror(errno));
		return -1;
	}
	mode_t old = umask(077);
	int b = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (b != 0 || chmod(path, 0600) != 0 || listen(fd, 8) != 0) {
		snprintf(err, errlen, "--control %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

#define CTL_LINE_MAX 1024
#define CTL_ARGS_MAX 16

/* The object @o of the snapshot in the live model (its sites are copies). */
static const struct model_obj *live_obj(const struct bgp_speaker *sp, const struct model *base,
					const struct model_obj *o)
{
	uint32_t i;
	if (o->kind == MODEL_SITE && model_index_of(base, MODEL_SITE, o, &i))
		return &bgp_speaker_model(sp)->sites[i].obj;
	return o;
}

/* "routes RESOURCE [--all] [--json]" on the live model: vpcsim routes'
 * document (report_routes()).  The exit status vpcsim routes would have. */
static int ctl_routes(FILE *f, char **av, int ac, const struct bgp_speaker *sp,
		      const struct model *base)
{
	bool all = false, json = false;
	const char *name = NULL;
	for (int i = 1; i < ac; i++) {
		if (!strcmp(av[i], "--all"))
			all = true;
		else if (!strcmp(av[i], "--json"))
			json = true;
		else if (!name && av[i][0] != '-')
			name = av[i];
		else
			return cli_fail_to(f, f, "vpcsim bgp: control: routes",
					   "takes RESOURCE [--all] [--json]", VS_EINVAL, json);
	}
	if (!name)
		return cli_fail_to(f, f, "vpcsim bgp: control: routes",
				   "takes RESOURCE [--all] [--json]", VS_EINVAL, json);
	if (!strncmp(name, "site:", 5))
		name += 5;
	const struct model_obj *o = NULL;
	int fr = cli_find_resource(base, name, &o);
	if (fr)
		return cli_no_resource_to(f, f, "vpcsim bgp: control: routes", name, fr, json);
	o = live_obj(sp, base, o);
	if (!report_routes(f, bgp_speaker_model(sp), bgp_speaker_rib(sp), o, all, json)) {
		char msg[300];
		snprintf(msg, sizeof(msg), "%s is a %s: it keeps no routes", o->id,
			 model_kind_name(o->kind));
		return cli_fail_to(f, f, "vpcsim bgp: control: routes", msg, VS_EINVAL, json);
	}
	return EXIT_YES;
}

/* "trace FROM TO [--proto P] [--port N] [--src-port N] [--size N] [--json]"
 * on the live model: vpcsim trace's document (trace_result_json/text). */
static int ctl_trace(FILE *f, char **av, int ac, const struct bgp_speaker *sp,
		     const struct rib_opts *ro)
{
	struct trace_query q = {.proto = -1, .port = -1, .src_port = -1, .size = -1};
	bool json = false;
	static const char usage[] = "takes FROM TO [--proto P] [--port N] [--src-port N] "
				    "[--size N] [--json]";
	for (int i = 1; i < ac; i++) {
		unsigned long v;
		if (!strcmp(av[i], "--json"))
			json = true;
		else if (!strcmp(av[i], "--proto") && i + 1 < ac) {
			q.proto = trace_proto_parse(av[++i]);
			if (q.proto < 0)
				return cli_fail_to(f, f, "vpcsim bgp: control: trace",
						   "--proto takes tcp, udp, icmp, icmpv6 or 0-255",
						   VS_EINVAL, json);
		} else if ((!strcmp(av[i], "--port") || !strcmp(av[i], "--src-port") ||
			    !strcmp(av[i], "--size")) &&
			   i + 1 < ac) {
			bool size = !strcmp(av[i], "--size");
			if (!cli_parse_uint(av[i + 1], 65535, &v) || (size && v < 68))
				return cli_fail_to(f, f, "vpcsim bgp: control: trace",
						   size ? "--size takes 68-65535" :
							  "a port is 0-65535",
						   VS_EINVAL, json);
			if (size)
				q.size = (int)v;
			else if (!strcmp(av[i], "--port"))
				q.port = (int)v;
			else
				q.src_port = (int)v;
			i++;
		} else if (av[i][0] != '-' && !q.from)
			q.from = av[i];
		else if (av[i][0] != '-' && !q.to)
			q.to = av[i];
		else
			return cli_fail_to(f, f, "vpcsim bgp: control: trace", usage, VS_EINVAL,
					   json);
	}
	if (!q.from || !q.to)
		return cli_fail_to(f, f, "vpcsim bgp: control: trace", usage, VS_EINVAL, json);
	struct trace_ctx *ctx = NULL;
	struct trace_result *res = malloc(sizeof(*res));
	if (!res || trace_ctx_build_opts(bgp_speaker_model(sp), ro, &ctx)) {
		free(res);
		return cli_fail_to(f, f, "vpcsim bgp: control: trace", "out of memory", VS_ENOMEM,
				   json);
	}
	char err[512];
	int trc = trace_run(ctx, &q, res, err, sizeof(err));
	int rc;
	if (trc)
		rc = cli_fail_to(f, f, "vpcsim bgp: control: trace", err, trc, json);
	else {
		if (json)
			report_json_print(trace_result_json(res), f);
		else
			trace_result_text(res, f);
		rc = res->reachable ? EXIT_YES : EXIT_NO;
	}
	trace_ctx_free(ctx);
	free(res);
	return rc;
}

/* One request line into @f; the exit status the command would have. */
static int ctl_answer(FILE *f, char *line, const struct bgp_speaker *sp, const struct model *base,
		      const struct rib_opts *ro)
{
	char *av[CTL_ARGS_MAX];
	int ac = 0;
	for (char *save = NULL, *t = strtok_r(line, " \t\r", &save); t;
	     t = strtok_r(NULL, " \t\r", &save)) {
		if (ac == CTL_ARGS_MAX)
			return cli_fail_to(f, f, "vpcsim bgp: control", "too many words", VS_EINVAL,
					   false);
		av[ac++] = t;
	}
	if (ac && !strcmp(av[0], "routes"))
		return ctl_routes(f, av, ac, sp, base);
	if (ac && !strcmp(av[0], "trace"))
		return ctl_trace(f, av, ac, sp, ro);
	return cli_fail_to(f, f, "vpcsim bgp: control",
			   "requests are 'routes RESOURCE [--all] [--json]' and 'trace FROM TO "
			   "[--proto P] [--port N] [--json]'",
			   VS_EINVAL, false);
}

/*
 * A client of the control socket: one request line, answered with the
 * exit status the command would have on a line of its own, then the
 * command's document, then the connection closes.  The client has one
 * second to send its line; the answer is computed on the live model
 * between two poll rounds of the sessions.
 */
static void ctl_serve(int lfd, const struct bgp_speaker *sp, const struct model *base,
		      const struct rib_opts *ro)
{
	int c = accept(lfd, NULL, NULL);
	if (c < 0)
		return;
	fcntl(c, F_SETFD, FD_CLOEXEC);
	struct timeval tv = {1, 0};
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	tv.tv_sec = 5;
	setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	char line[CTL_LINE_MAX + 1];
	size_t n = 0;
	uint64_t until = mono_ms() + 1000;
	while (n < CTL_LINE_MAX && !memchr(line, '\n', n) && mono_ms() < until) {
		ssize_t r = recv(c, line + n, CTL_LINE_MAX - n, 0);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	line[n] = '\0';
	char *nl = memchr(line, '\n', n);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = EXIT_USAGE;
	if (f) {
		if (!nl)
			rc = cli_fail_to(f, f, "vpcsim bgp: control",
					 n >= CTL_LINE_MAX ? "a request is one line of at most "
							     "1024 "
							     "bytes" :
							     "no request line (ended by a newline)",
					 VS_EINVAL, false);
		else {
			*nl = '\0';
			rc = ctl_answer(f, line, sp, base, ro);
		}
		fclose(f);
	}
	char head[8];
	int hl = snprintf(head, sizeof(head), "%d\n", rc);
	if (send(c, head, (size_t)hl, MSG_NOSIGNAL) == hl)
		for (size_t off = 0; buf && off < len;) {
			ssize_t w = send(c, buf + off, len - off, MSG_NOSIGNAL);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
	free(buf);
	close(c);
}

/* vpcsim bgp --query SOCKET REQUEST...: the words of REQUEST as one line
 * to the control socket; the answer's document on stdout, its status the
 * exit status (2 when there is no answer within 30 s). */
static int bgp_query(int argc, char **argv)
{
	if (argc < 3) {
		report_textf(stderr, "vpcsim bgp: --query takes SOCKET REQUEST, e.g. --query "
				     "ctl.sock 'routes tgw-rtb-...'\n");
		return EXIT_USAGE;
	}
	const char *path = argv[1];
	char req[CTL_LINE_MAX + 2];
	size_t w = 0;
	for (int i = 2; i < argc; i++) {
		size_t l = strlen(argv[i]);
		if (w + l + 2 > CTL_LINE_MAX || strchr(argv[i], '\n')) {
			report_textf(stderr, "vpcsim bgp: --query: a request is one line of at "
					     "most 1024 bytes\n");
			return EXIT_USAGE;
		}
		if (w)
			req[w++] = ' ';
		memcpy(req + w, argv[i], l);
		w += l;
	}
	req[w++] = '\n';
	struct sockaddr_un sun;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		report_textf(stderr, "vpcsim bgp: --query %s: path too long\n", path);
		return EXIT_USAGE;
	}
	memcpy(sun.sun_path, path, strlen(path));
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct timeval tv = {30, 0};
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    send(fd, req, w, MSG_NOSIGNAL) != (ssize_t)w) {
		report_textf(stderr, "vpcsim bgp: --query %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_USAGE;
	}
	shutdown(fd, SHUT_WR);
	char buf[16384];
	int status = -1;
	char head[8];
	size_t hn = 0;
	ssize_t r;
	while ((r = recv(fd, buf, sizeof(buf), 0)) > 0) {
		size_t off = 0;
		while (status < 0 && off < (size_t)r) {
			char ch = buf[off++];
			if (ch == '\n') {
				head[hn] = '\0';
				status = hn == 1 && head[0] >= '0' && head[0] <= '2' ?
						 head[0] - '0' :
						 EXIT_USAGE;
			} else if (hn + 1 < sizeof(head))
				head[hn++] = ch;
		}
		if (status >= 0 && off < (size_t)r)
			fwrite(buf + off, 1, (size_t)r - off, stdout);
	}
	close(fd);
	if (status < 0) {
		report_textf(stderr, "vpcsim bgp: --query %s: no answer\n", path);
		return EXIT_USAGE;
	}
	return fflush(stdout) == 0 ? status : EXIT_USAGE;
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
	if (a->dry_run)
		return bgp_dry_run(a, m);
	const struct model_obj *ro = NULL;
	if (a->routes) {
		const char *name = strncmp(a->routes, "site:", 5) ? a->routes : a->routes + 5;
		int fr = cli_find_resource(m, name, &ro);
		if (fr)
			return cli_no_resource("vpcsim bgp", name, fr, a->json ? ca->out : NULL);
	}
	struct bgp_speaker_opts o = {.rib = {.dx_prefix_limit = (uint32_t)a->dx_limit},
				     .quota_idle_ms = (uint32_t)a->quota_idle * 1000,
				     .max_routes = (uint32_t)a->max_routes,
				     .expect_routes = (uint32_t)a->expect};
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
	int cfd = -1;
	if (a->control) {
		char err[300];
		cfd = ctl_listen(a->control, err, sizeof(err));
		if (cfd < 0) {
			report_textf(stderr, "vpcsim bgp: %s\n", err);
			bgp_speaker_free(sp);
			return EXIT_USAGE;
		}
	}
	bgp_speaker_start(sp);
	uint64_t end = a->duration ? mono_ms() + (uint64_t)a->duration * 1000 : 0;
	int rc = EXIT_YES;
	while (!bgp_stop) {
		uint64_t now = mono_ms();
		if (end && now >= end)
			break;
		int t = end && end - now < 500 ? (int)(end - now) : 500;
		struct pollfd pf = {cfd, POLLIN, 0};
		if (bgp_speaker_poll_fds(sp, &pf, cfd >= 0, t) != 0) {
			report_textf(stderr, "vpcsim bgp: poll: %s\n", strerror(errno));
			rc = EXIT_USAGE;
			break;
		}
		if (cfd >= 0 && (pf.revents & POLLIN))
			ctl_serve(cfd, sp, m, &o.rib);
	}
	if (cfd >= 0) {
		close(cfd);
		unlink(a->control);
	}
	if (ro)
		print_routes(sp, m, ro, a->json);
	bgp_speaker_shutdown(sp, 1000);
	bgp_speaker_free(sp);
	return rc;
}

static const struct cli_opt bgp_opts[] = {
	{"session", 's', "ID[@ADDR:PORT]", CLI_NEEDED | CLI_REPEAT, NULL,
	 "listen for the peer of ID: a virtual interface (dxvif-...; dxvif-...:ipv6 its IPv6 BGP "
	 "peer, dxvif-...:ipv4 its IPv4 one) or a VPN connection's tunnel (vpn-...:1, vpn-...:2); "
	 "default 127.0.0.1:179, a bare PORT is on 127.0.0.1, port 0 picks "
	 "a free one",
	 CLI_CALL},
	{"connect", 'c', "ID@ADDR:PORT", CLI_REPEAT, NULL, "the same, connecting to the peer",
	 CLI_CALL},
	{"duration", 't', "S", 0, CLI_NUM(1, 100000000ul, "takes a number of seconds"),
	 "end after S seconds", CLI_INTO(struct bgp_args, duration)},
	{"dx-prefix-limit", 'd', "N", 0, CLI_NUM(1, 10000000, NULL),
	 "prefixes a private/transit VIF session may send (AWS default 100; more takes the session "
	 "down)",
	 CLI_INTO(struct bgp_args, dx_limit)},
	{"max-routes", 'm', "N", 0, CLI_NUM(1, 10000000, NULL),
	 "routes one session may hold whatever its quota (5000; more takes the session down, 6/1)",
	 CLI_INTO(struct bgp_args, max_routes)},
	{"bench-expect", 'x', "N", 0, CLI_NUM(1, 10000000, NULL),
	 "once a session holds N routes, report how long after Established it received and "
	 "installed them",
	 CLI_INTO(struct bgp_args, expect)},
	{"quiet-routes", 'Q', NULL, 0, NULL,
	 "no line per prefix received, withdrawn or advertised (a full table is a million lines)",
	 CLI_INTO(struct bgp_args, quiet_routes)},
	{"quota-idle", 'q', "S", 0, CLI_NUM(1, 86400, "takes a number of seconds from 1 to 86400"),
	 "a session the quota took down stays Idle S seconds, refusing the peer, then restarts "
	 "(300)",
	 CLI_INTO(struct bgp_args, quota_idle)},
	{"routes", 'r', "RESOURCE", 0, NULL,
	 "at the end, before the sessions close, the effective routes of RESOURCE (as vpcsim "
	 "routes --all prints them) computed with what the peers advertised",
	 CLI_INTO(struct bgp_args, routes)},
	{"dry-run", 'n', NULL, 0, NULL,
	 "print, per session, the customer router's configuration (BIRD 2 and FRR): ASNs, "
	 "neighbour address and port, MD5 password, hold time, the prefixes the snapshot's site "
	 "announces; no socket",
	 CLI_INTO(struct bgp_args, dry_run)},
	{"control", 'C', "SOCKET", 0, NULL,
	 "answer requests on a Unix socket (mode 0600), one line each, on the live model: 'routes "
	 "RESOURCE [--all] [--json]', 'trace FROM TO [--proto P] [--port N] [--src-port N] [--size "
	 "N] [--json]'",
	 CLI_INTO(struct bgp_args, control)},
	{"json", 'j', NULL, 0, NULL, "one JSON object per line", CLI_CALL},
	{NULL},
};

static const struct cli_cmd bgp_cmd = {
	.prog = "vpcsim bgp",
	.also = "vpcsim bgp --query SOCKET REQUEST...",
	.about = "Hold BGP sessions with real routers (BIRD, FRR, a customer router) as AWS's\n"
		 "side of a Direct Connect virtual interface or a VPN tunnel of the snapshot:\n"
		 "AWS's ASN and the peer's from the snapshot, what AWS advertises over that link\n"
		 "sent to the peer, what the peer advertises taken as the site's routes.\n",
	.tail = "       vpcsim bgp --query SOCKET REQUEST...\n"
		"  asks a running vpcsim bgp --control SOCKET; prints the answer, exits with\n"
		"  its status (that of vpcsim routes / vpcsim trace)\n\n"
		"A VIF's authKey is the session's TCP MD5 key.  SIGINT or SIGTERM end every\n"
		"session (NOTIFICATION Cease, Administrative Shutdown).\n"
		"Exit status: 0 stopped, 2 could not start.\n",
	.opts = bgp_opts,
	.operands = &cli_snapshot_only,
	.option = bgp_option,
	.run = bgp_run,
};

int cmd_bgp(int argc, char **argv)
{
	static struct bgp_args a;
	memset(&a, 0, sizeof(a));
	if (argc >= 2 && !strcmp(argv[1], "--query"))
		return bgp_query(argc - 1, argv + 1);
	return cli_main(&bgp_cmd, &a, argc, argv);
}
