/*
 * DOC: vpcsim dns -- answer real DNS clients as a place's resolver would
 *
 * Loads the snapshot, builds the resolver view once (dns_sim_build()), and
 * serves DNS over UDP and TCP (RFC 1035 4.2; TCP messages with their 16-bit
 * length, RFC 7766) on one address and port, loopback by default: each
 * message is answered by dns_sim_answer_wire() as the resolver of --from
 * (a VPC's Amazon DNS server, or Route 53's public answers for
 * 'internet').  One thread, poll(); a TCP client is served until it closes,
 * goes idle for CMD_DNS_TCP_IDLE seconds, or has sent CMD_DNS_TCP_MAX
 * messages, so no client can hold the server for long.  SIGINT and SIGTERM
 * stop it (exit 0); --count N stops it after N answers (scripts, tests).
 *
 * Exit status: 0 stopped, 2 could not start (usage, snapshot, address).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "vpcsim/dns.h"
#include "vpcsim/error.h"
#include "vpcsim/net.h"
#include "vpcsim/trace.h"

#define CMD_DNS_TCP_IDLE 5
#define CMD_DNS_TCP_MAX  100

static volatile sig_atomic_t dns_stop;

#define CMD_DNS_MAX_FORWARD 16

/* --forward IP=ADDR:PORT: a real server standing in for a Resolver rule's
 * target IP. */
struct dns_forward {
	char ip[64];
	struct sockaddr_storage to;
	socklen_t len;
};

struct dns_fwd_map {
	struct dns_forward f[CMD_DNS_MAX_FORWARD];
	uint32_t n;
};

static void on_signal(int sig)
{
	(void)sig;
	dns_stop = 1;
}

static void dns_usage(FILE *f)
{
	fprintf(f, "usage: vpcsim dns SNAPSHOT [--listen ADDR:PORT] [--from WHERE] [--count N]\n"
		   "                  [--forward TARGET_IP=ADDR:PORT]...\n\n"
		   "Answer DNS queries (UDP and TCP) as the resolver of WHERE would: the\n"
		   "answers vpcsim resolve gives, on the wire, for dig, kdig or any resolver.\n\n"
		   "  --listen ADDR:PORT  where to answer (default 127.0.0.1:5353; [::1]:5353 for\n"
		   "                      IPv6; port 0 picks a free one, said on stderr)\n"
		   "  --from WHERE        an instance, network interface or VPC: its VPC's Amazon\n"
		   "                      DNS server (Route 53 Resolver); or 'internet' (Route "
		   "53's\n"
		   "                      public hosted zones, authoritative; the default)\n"
		   "  --count N           stop after N answers\n"
		   "  --forward IP=ADDR:PORT\n"
		   "                      a real DNS server (on-premises, or one on this machine) "
		   "for the\n"
		   "                      target IP of a Resolver FORWARD rule: a query the rule\n"
		   "                      sends there is relayed to it when the rule's outbound\n"
		   "                      endpoint reaches IP (vpcsim's trace decides)\n\n"
		   "What the snapshot cannot answer (forwarded outside it, no zone holds the\n"
		   "name) is SERVFAIL with an extended DNS error saying why.  SIGINT or SIGTERM\n"
		   "stop the server.  Exit status: 0 stopped, 2 could not start.\n");
}

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)(void *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons(port);
}

static uint16_t get_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &l) != 0)
		return 0;
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)(void *)&ss)->sin_port :
					       ((struct sockaddr_in6 *)(void *)&ss)->sin6_port);
}

/* The UDP and TCP sockets on one address and port (@ss's port 0: the
 * kernel's pick for UDP, then the same for TCP). */
static bool open_sockets(struct sockaddr_storage *ss, socklen_t len, int *udp, int *tcp)
{
	int one = 1;
	*udp = socket(ss->ss_family, SOCK_DGRAM, 0);
	if (*udp < 0 || bind(*udp, (struct sockaddr *)ss, len) != 0)
		return false;
	set_port(ss, get_port(*udp));
	*tcp = socket(ss->ss_family, SOCK_STREAM, 0);
	if (*tcp < 0)
		return false;
	setsockopt(*tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return bind(*tcp, (struct sockaddr *)ss, len) == 0 && listen(*tcp, 16) == 0;
}

/* Read (@out false) or write exactly @n bytes; false on EOF, error or
 * timeout. */
static bool io_all(int fd, uint8_t *b, size_t n, bool out)
{
	while (n) {
		ssize_t r = out ? send(fd, b, n, MSG_NOSIGNAL) : recv(fd, b, n, 0);
		if (r <= 0) {
			if (r < 0 && errno == EINTR && !dns_stop)
				continue;
			return false;
		}
		b += r;
		n -= (size_t)r;
	}
	return true;
}

/* The query @in (@n bytes) relayed to @f over UDP, its answer in @out
 * (@cap bytes): the answer's length, 0 when none came within 2 s. */
static size_t relay(const struct dns_forward *f, const uint8_t *in, size_t n, uint8_t *out,
		    size_t cap)
{
	int s = socket(f->to.ss_family, SOCK_DGRAM, 0);
	if (s < 0)
		return 0;
	size_t got = 0;
	if (sendto(s, in, n, 0, (const struct sockaddr *)&f->to, f->len) == (ssize_t)n) {
		struct pollfd pf = {s, POLLIN, 0};
		if (poll(&pf, 1, 2000) == 1) {
			ssize_t r = recv(s, out, cap, 0);
			got = r > 12 && out[0] == in[0] && out[1] == in[1] ? (size_t)r : 0;
		}
	}
	close(s);
	return got;
}

/* The answer to @in: relayed to the real server standing in for the
 * target a Resolver rule forwards it to (when mapped and reachable from
 * the rule's outbound endpoint), else vpcsim's own. */
static size_t answer(const struct dns_sim *sim, const char *from, const struct dns_fwd_map *fw,
		     const uint8_t *in, size_t n, bool udp, uint8_t *out, size_t cap)
{
	char ip[64], why[300];
	if (fw->n &&
	    dns_sim_forward_target(sim, from, in, n, ip, sizeof(ip), why, sizeof(why)) == 1)
		for (uint32_t i = 0; i < fw->n; i++)
			if (!strcmp(fw->f[i].ip, ip)) {
				size_t w = relay(&fw->f[i], in, n, out, cap);
				if (w)
					return w;
			}
	return dns_sim_answer_wire(sim, from, in, n, udp, out, cap);
}

/* One TCP client: messages until it closes, idles or reaches the limit.
 * Returns how many were answered. */
static unsigned long serve_tcp(const struct dns_sim *sim, const char *from,
			       const struct dns_fwd_map *fw, int c, uint8_t *in, uint8_t *out,
			       unsigned long left)
{
	struct timeval tv = {CMD_DNS_TCP_IDLE, 0};
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	unsigned long n = 0;
	for (int i = 0; i < CMD_DNS_TCP_MAX && n < left && !dns_stop; i++) {
		uint8_t lb[2];
		if (!io_all(c, lb, 2, false))
			break;
		size_t len = (size_t)lb[0] << 8 | lb[1];
		if (!io_all(c, in, len, false))
			break;
		size_t r = answer(sim, from, fw, in, len, false, out + 2, 65535);
		if (!r)
			break; /* a response or a runt: the stream is not DNS */
		out[0] = (uint8_t)(r >> 8);
		out[1] = (uint8_t)r;
		if (!io_all(c, out, r + 2, true))
			break;
		n++;
	}
	close(c);
	return n;
}

static int serve(const struct dns_sim *sim, const char *from, const struct dns_fwd_map *fw, int udp,
		 int tcp, unsigned long count)
{
	static uint8_t in[65536], out[65537 + 1];
	unsigned long answered = 0;
	struct pollfd pf[2] = {{udp, POLLIN, 0}, {tcp, POLLIN, 0}};
	while (!dns_stop && (!count || answered < count)) {
		int r = poll(pf, 2, 1000);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			report_textf(stderr, "vpcsim dns: poll: %s\n", strerror(errno));
			return EXIT_USAGE;
		}
		if (pf[0].revents & POLLIN) {
			struct sockaddr_storage peer;
			socklen_t pl = sizeof(peer);
			ssize_t n = recvfrom(udp, in, sizeof(in), 0, (struct sockaddr *)&peer, &pl);
			if (n > 0) {
				size_t w = answer(sim, from, fw, in, (size_t)n, true, out,
						  sizeof(out));
				if (w && sendto(udp, out, w, 0, (struct sockaddr *)&peer, pl) >= 0)
					answered++;
			}
		}
		if (pf[1].revents & POLLIN) {
			int c = accept(tcp, NULL, NULL);
			if (c >= 0)
				answered += serve_tcp(sim, from, fw, c, in, out,
						      count ? count - answered : (unsigned long)-1);
		}
	}
	return EXIT_YES;
}

struct dns_args {
	const char *listen_at, *from;
	unsigned long count;
	struct sockaddr_storage ss;
	socklen_t sl;
	struct dns_fwd_map fw;
};

static bool dns_option(void *ctx, int c, const char *arg)
{
	struct dns_args *a = ctx;
	switch (c) {
	case 'l':
		a->listen_at = arg;
		if (!cli_parse_listen(arg, &a->ss, &a->sl)) {
			report_textf(stderr,
				     "vpcsim dns: --listen takes ADDR:PORT or [ADDR]:PORT, not "
				     "'%s'\n",
				     arg);
			return false;
		}
		return true;
	case 'f':
		a->from = arg;
		return true;
	case 'F': {
		const char *eq = strchr(arg, '=');
		struct dns_forward *f = a->fw.n < CMD_DNS_MAX_FORWARD ? &a->fw.f[a->fw.n] : NULL;
		struct net_addr ip;
		char tip[64];
		if (eq && (size_t)(eq - arg) < sizeof(tip)) {
			memcpy(tip, arg, (size_t)(eq - arg));
			tip[eq - arg] = '\0';
		}
		if (!f || !eq || (size_t)(eq - arg) >= sizeof(tip) ||
		    net_addr_parse(tip, &ip) != 0 || !cli_parse_listen(eq + 1, &f->to, &f->len)) {
			report_textf(stderr,
				     "vpcsim dns: --forward takes TARGET_IP=ADDR:PORT (at most "
				     "%d), "
				     "not '%s'\n",
				     CMD_DNS_MAX_FORWARD, arg);
			return false;
		}
		snprintf(f->ip, sizeof(f->ip), "%s", tip);
		a->fw.n++;
		return true;
	}
	default: /* 'c' */
		return cli_opt_uint("vpcsim dns", "count", arg, 1, 1000000000ul,
				    "takes a number of answers", &a->count);
	}
}

static int dns_run(void *ctx, const struct cli_args *ca, struct model *m, struct diag_list *diag)
{
	struct dns_args *a = ctx;
	int rc = EXIT_USAGE, udp = -1, tcp = -1;
	char err[256] = "";
	struct dns_sim *sim = NULL;
	struct trace_ctx *tc = NULL;
	(void)ca;
	(void)diag;
	if (dns_sim_build(m, &sim, err, sizeof(err))) {
		report_textf(stderr, "vpcsim dns: %s\n", err);
		goto out;
	}
	if (dns_sim_check_from(sim, a->from, err, sizeof(err))) {
		report_textf(stderr, "vpcsim dns: --from: %s\n", err);
		goto out;
	}
	/* forwarded queries: whether the rule's outbound endpoint reaches the
	 * target decides (the trace engine), then --forward relays them */
	if (trace_ctx_build(m, &tc) == 0)
		dns_sim_set_tracer(sim, tc);
	if (!open_sockets(&a->ss, a->sl, &udp, &tcp)) {
		report_textf(stderr, "vpcsim dns: cannot answer on %s: %s\n", a->listen_at,
			     strerror(errno));
		goto out;
	}
	char host[INET6_ADDRSTRLEN] = "?";
	if (a->ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&a->ss)->sin_addr, host,
			  sizeof(host));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)&a->ss)->sin6_addr, host,
			  sizeof(host));
	if (!cli_is_loopback(&a->ss))
		report_textf(stderr,
			     "vpcsim dns: warning: %s is not a loopback address: "
			     "hosts beyond this machine can ask\n",
			     host);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	report_textf(stderr,
		     "vpcsim dns: answering on %s port %u (udp, tcp) as the resolver of %s\n", host,
		     (unsigned)get_port(udp), a->from);
	fflush(stderr);
	rc = serve(sim, a->from, &a->fw, udp, tcp, a->count);
out:
	if (udp >= 0)
		close(udp);
	if (tcp >= 0)
		close(tcp);
	dns_sim_free(sim);
	trace_ctx_free(tc);
	return rc;
}

static const struct option dns_options[] = {
	{"listen", required_argument, NULL, 'l'},
	{"from", required_argument, NULL, 'f'},
	{"count", required_argument, NULL, 'c'},
	{"forward", required_argument, NULL, 'F'},
	CLI_OPT_HELP,
	CLI_OPT_END,
};

static const struct cli_cmd dns_cmd = {
	.prog = "vpcsim dns",
	.usage = dns_usage,
	.short_opts = "h",
	.opts = dns_options,
	.operands = &cli_snapshot_only,
	.option = dns_option,
	.run = dns_run,
};

int cmd_dns(int argc, char **argv)
{
	struct dns_args a = {.listen_at = "127.0.0.1:5353", .from = "internet"};
	if (!cli_parse_listen(a.listen_at, &a.ss, &a.sl))
		return EXIT_USAGE;
	return cli_main(&dns_cmd, &a, argc, argv);
}
