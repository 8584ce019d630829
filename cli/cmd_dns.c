/*
 * DOC: vpcsim dns -- answer real DNS clients as a place's resolver would
 *
 * Loads the snapshot, builds the resolver view once (dns_sim_build()), and
 * serves DNS over UDP and TCP (RFC 1035 4.2; TCP messages with their 16-bit
 * length, RFC 7766) on each --listen address and port (up to
 * CMD_DNS_MAX_LISTEN; 127.0.0.1:5353 by default): each message is answered
 * by dns_sim_answer_wire_info() as the resolver of that listener's WHERE,
 * else --from (a VPC's Amazon DNS server, a site's inbound endpoint, or
 * Route 53's public answers for 'internet'); --query-log writes one line
 * per answer in Route 53 Resolver's query-log JSON.  One thread, poll():
 * UDP datagrams and every TCP client's bytes as they come (a slow or idle
 * TCP client holds up nobody; see the TCP section).  SIGINT and SIGTERM
 * stop it (exit 0); --count N stops it after N answers (scripts, tests).
 *
 * Exit status: 0 stopped, 2 could not start (usage, snapshot, address).
 */
#define _GNU_SOURCE /* recvmmsg, sendmmsg */
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
#include <time.h>
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
#define CMD_DNS_MAX_LISTEN  8

/* --listen ADDR:PORT[=WHERE]: sockets answering as WHERE's resolver. */
struct dns_listener {
	const char *text; /* as given, for messages */
	struct sockaddr_storage ss;
	socklen_t sl;
	const char *from; /* NULL: --from */
	int udp, tcp;
};

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

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)(void *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons(port);
}

static uint16_t get_port_of(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET ?
			     ((const struct sockaddr_in *)(const void *)ss)->sin_port :
			     ((const struct sockaddr_in6 *)(const void *)ss)->sin6_port);
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
 * kernel's pick for UDP, then the same for TCP -- tried again with another
 * pick, up to 20 times, while another program holds that port for TCP). */
static bool open_sockets(struct sockaddr_storage *ss, socklen_t len, int *udp, int *tcp)
{
	int one = 1;
	bool any = get_port_of(ss) == 0;
	for (int tries = 0; tries < 20; tries++) {
		*udp = socket(ss->ss_family, SOCK_DGRAM, 0);
		if (*udp < 0 || bind(*udp, (struct sockaddr *)ss, len) != 0)
			return false;
		struct sockaddr_storage at = *ss;
		set_port(&at, get_port(*udp));
		*tcp = socket(ss->ss_family, SOCK_STREAM, 0);
		if (*tcp < 0)
			return false;
		setsockopt(*tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(*tcp, (struct sockaddr *)&at, len) == 0 && listen(*tcp, 16) == 0) {
			*ss = at;
			return true;
		}
		if (!any || errno != EADDRINUSE)
			return false;
		close(*udp);
		close(*tcp);
		*udp = *tcp = -1;
	}
	return false;
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
 * the rule's outbound endpoint), else vpcsim's own; @info says what it
 * was (a relayed answer: the query and its rcode, not its records). */
static size_t answer(const struct dns_sim *sim, const char *from, const struct dns_fwd_map *fw,
		     const uint8_t *in, size_t n, bool udp, uint8_t *out, size_t cap,
		     struct dns_query_info *info)
{
	char ip[64], why[300];
	if (fw->n &&
	    dns_sim_forward_target(sim, from, in, n, ip, sizeof(ip), why, sizeof(why)) == 1)
		for (uint32_t i = 0; i < fw->n; i++)
			if (!strcmp(fw->f[i].ip, ip)) {
				size_t w = relay(&fw->f[i], in, n, out, cap);
				if (w) {
					if (info) {
						static uint8_t scratch[4096];
						static const char *const rc[] = {
							"NOERROR",  "FORMERR", "SERVFAIL",
							"NXDOMAIN", "NOTIMP",  "REFUSED"};
						dns_sim_answer_wire_info(sim, from, in, n, udp,
									 scratch, sizeof(scratch),
									 info);
						info->n_answers = 0;
						snprintf(info->rcode, sizeof(info->rcode), "%s",
							 (out[3] & 0xF) < 6 ? rc[out[3] & 0xF] :
									      "RCODE");
					}
					return w;
				}
			}
	return dns_sim_answer_wire_info(sim, from, in, n, udp, out, cap, info);
}

/* Where the query log goes, or NULL. */
static FILE *query_log;

/* One query-log line for a message from @peer over @transport. */
static void log_query(const struct dns_query_info *info, const struct sockaddr_storage *peer,
		      const char *transport)
{
	if (!query_log)
		return;
	char host[INET6_ADDRSTRLEN] = "";
	unsigned port = 0;
	if (peer->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)peer;
		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		port = ntohs(a->sin_port);
	} else if (peer->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)peer;
		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		port = ntohs(a->sin6_port);
	}
	struct timeval tv;
	gettimeofday(&tv, NULL);
	report_dns_query_log(query_log, info, host, port, transport,
			     (double)tv.tv_sec + tv.tv_usec / 1e6);
	fflush(query_log);
}

/*
 * TCP clients (RFC 7766), each a non-blocking socket in the poll() set: a
 * message is read as it arrives, its 16-bit length first, answered once
 * whole, and the reply written as the client takes it -- no client waits
 * for another, and UDP is answered in between.  A connection is closed when
 * the client closes it, sends something that is not a DNS query, is idle
 * for CMD_DNS_TCP_IDLE seconds, or has had CMD_DNS_TCP_MAX answers;
 * CMD_DNS_TCP_CONNS at most at once (a further one is closed at once).
 */
#define CMD_DNS_TCP_CONNS 64

struct tcp_conn {
	int fd; /* -1: free */
	const char *where;
	struct sockaddr_storage peer;
	uint64_t last_ms;  /* accepted, the last message read whole, or reply bytes written */
	unsigned answered; /* on this connection */
	size_t have;       /* bytes of the message being read, its length included */
	uint8_t *in;       /* 2 + 65535 */
	uint8_t *out;      /* the reply being written, its length first */
	size_t out_len, out_off;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void tcp_close(struct tcp_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->in);
	free(c->out);
	*c = (struct tcp_conn){.fd = -1};
}

/* A new client on listener socket @lfd answering as @where. */
static void tcp_accept(struct tcp_conn *conns, int lfd, const char *where)
{
	struct sockaddr_storage peer;
	socklen_t pl = sizeof(peer);
	int fd = accept4(lfd, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	struct tcp_conn *c = NULL;
	for (int i = 0; i < CMD_DNS_TCP_CONNS && !c; i++)
		if (conns[i].fd < 0)
			c = &conns[i];
	if (!c || !(c->in = malloc(2 + 65535))) {
		close(fd); /* full: the client may retry, or use UDP */
		return;
	}
	c->fd = fd;
	c->where = where;
	c->peer = peer;
	c->last_ms = now_ms();
}

/* Write what @c's reply has left; false when the connection is done for. */
static bool tcp_flush(struct tcp_conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t w = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true; /* POLLOUT next */
		if (w <= 0)
			return false;
		c->out_off += (size_t)w;
		c->last_ms = now_ms();
	}
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = 0;
	return c->answered < CMD_DNS_TCP_MAX;
}

/* Read what @c's client sent and answer a whole message; false when the
 * connection is done for.  *answered counts the answers. */
static bool tcp_read(const struct dns_sim *sim, const struct dns_fwd_map *fw, struct tcp_conn *c,
		     unsigned long *answered)
{
	size_t need = c->have < 2 ? 2 : 2 + ((size_t)c->in[0] << 8 | c->in[1]);
	ssize_t r = recv(c->fd, c->in + c->have, need - c->have, MSG_DONTWAIT);
	if (r < 0)
		return errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK;
	if (r == 0)
		return false; /* the client closed it */
	c->have += (size_t)r;
	if (c->have < 2 || c->have < 2 + ((size_t)c->in[0] << 8 | c->in[1]))
		return true;
	size_t len = c->have - 2;
	c->have = 0;
	c->last_ms = now_ms(); /* not per byte: a message dribbled in still ends the wait */
	struct dns_query_info info;
	uint8_t *out = malloc(2 + 65535);
	if (!out)
		return false;
	size_t w = answer(sim, c->where, fw, c->in + 2, len, false, out + 2, 65535,
			  query_log ? &info : NULL);
	if (!w) {
		free(out);
		return false; /* a response or a runt: the stream is not DNS */
	}
	if (query_log)
		log_query(&info, &c->peer, "TCP");
	out[0] = (uint8_t)(w >> 8);
	out[1] = (uint8_t)w;
	c->out = out;
	c->out_len = w + 2;
	c->out_off = 0;
	c->answered++;
	(*answered)++;
	return tcp_flush(c);
}

/* Octets of a UDP query read (a longer datagram is read cut, which the
 * parser refuses as FORMERR) and of a UDP reply (vpcsim offers 1,232
 * octets, RFC 6891 and DNS flag day 2020). */
#define CMD_DNS_UDP_IN  4096
#define CMD_DNS_UDP_OUT 1232
#define CMD_DNS_BATCH   32

/*
 * The datagrams waiting on @fd, read and answered CMD_DNS_BATCH at a time
 * (recvmmsg, sendmmsg: two system calls per batch, not two per message),
 * until the socket is drained, 8 batches have gone or @left answers are
 * sent.  Returns how many were answered.
 */
static unsigned long serve_udp(const struct dns_sim *sim, const char *where,
			       const struct dns_fwd_map *fw, int fd, unsigned long left)
{
	static uint8_t qb[CMD_DNS_BATCH][CMD_DNS_UDP_IN], rb[CMD_DNS_BATCH][CMD_DNS_UDP_OUT];
	static struct sockaddr_storage peers[CMD_DNS_BATCH];
	struct mmsghdr rm[CMD_DNS_BATCH], sm[CMD_DNS_BATCH];
	struct iovec riov[CMD_DNS_BATCH], siov[CMD_DNS_BATCH];
	struct dns_query_info info;
	unsigned long answered = 0;
	for (int round = 0; round < 8 && answered < left; round++) {
		unsigned want = left - answered < CMD_DNS_BATCH ? (unsigned)(left - answered) :
								  CMD_DNS_BATCH;
		for (unsigned k = 0; k < want; k++) {
			riov[k] = (struct iovec){qb[k], sizeof(qb[k])};
			rm[k].msg_hdr = (struct msghdr){.msg_name = &peers[k],
							.msg_namelen = sizeof(peers[k]),
							.msg_iov = &riov[k],
							.msg_iovlen = 1};
		}
		int n = recvmmsg(fd, rm, want, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break; /* EAGAIN: drained */
		unsigned ns = 0;
		for (int k = 0; k < n; k++) {
			size_t w = answer(sim, where, fw, qb[k], rm[k].msg_len, true, rb[ns],
					  sizeof(rb[ns]), query_log ? &info : NULL);
			if (!w)
				continue;
			log_query(&info, &peers[k], "UDP"); /* first: a client may read it next */
			siov[ns] = (struct iovec){rb[ns], w};
			sm[ns].msg_hdr = (struct msghdr){.msg_name = &peers[k],
							 .msg_namelen = rm[k].msg_hdr.msg_namelen,
							 .msg_iov = &siov[ns],
							 .msg_iovlen = 1};
			ns++;
		}
		for (unsigned sent = 0; sent < ns;) {
			int m = sendmmsg(fd, sm + sent, ns - sent, 0);
			if (m <= 0)
				break;
			sent += (unsigned)m;
			answered += (unsigned)m;
		}
		if ((unsigned)n < want)
			break;
	}
	return answered;
}

static int serve(const struct dns_sim *sim, const char *from, const struct dns_fwd_map *fw,
		 const struct dns_listener *ls, uint32_t nl, unsigned long count)
{
	unsigned long answered = 0;
	static struct tcp_conn conns[CMD_DNS_TCP_CONNS];
	struct pollfd pf[2 * CMD_DNS_MAX_LISTEN + CMD_DNS_TCP_CONNS];
	int slot[CMD_DNS_TCP_CONNS]; /* pf index of each connection, -1: none */
	for (int k = 0; k < CMD_DNS_TCP_CONNS; k++)
		conns[k] = (struct tcp_conn){.fd = -1};
	int rc = EXIT_YES;
	while (!dns_stop && (!count || answered < count)) {
		nfds_t np = 0;
		for (uint32_t i = 0; i < nl; i++) {
			pf[np++] = (struct pollfd){ls[i].udp, POLLIN, 0};
			pf[np++] = (struct pollfd){ls[i].tcp, POLLIN, 0};
		}
		uint64_t now = now_ms(), wait = 1000;
		for (int k = 0; k < CMD_DNS_TCP_CONNS; k++) {
			struct tcp_conn *c = &conns[k];
			slot[k] = -1;
			if (c->fd < 0)
				continue;
			uint64_t end = c->last_ms + CMD_DNS_TCP_IDLE * 1000;
			if (now >= end) {
				tcp_close(c); /* idle (RFC 7766 6.2.3: the server may close it) */
				continue;
			}
			if (end - now < wait)
				wait = end - now;
			slot[k] = (int)np;
			pf[np++] = (struct pollfd){c->fd, c->out ? POLLOUT : POLLIN, 0};
		}
		int r = poll(pf, np, (int)wait);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			report_textf(stderr, "vpcsim dns: poll: %s\n", strerror(errno));
			rc = EXIT_USAGE;
			break;
		}
		for (int k = 0; k < CMD_DNS_TCP_CONNS && (!count || answered < count); k++) {
			struct tcp_conn *c = &conns[k];
			short ev = slot[k] >= 0 ? pf[slot[k]].revents : 0;
			if (!ev)
				continue;
			bool keep = c->out ? (ev & POLLOUT) && tcp_flush(c) :
					     (ev & POLLIN) && tcp_read(sim, fw, c, &answered);
			if (!keep)
				tcp_close(c);
		}
		for (uint32_t i = 0; i < nl && (!count || answered < count); i++) {
			const char *where = ls[i].from ? ls[i].from : from;
			if (pf[2 * i].revents & POLLIN)
				answered += serve_udp(sim, where, fw, ls[i].udp,
						      count ? count - answered : (unsigned long)-1);
			if (pf[2 * i + 1].revents & POLLIN)
				tcp_accept(conns, ls[i].tcp, where);
		}
	}
	/* --count's last answer may still be on its way out */
	for (int k = 0; k < CMD_DNS_TCP_CONNS; k++) {
		struct tcp_conn *c = &conns[k];
		if (c->fd >= 0 && c->out) {
			struct pollfd one = {c->fd, POLLOUT, 0};
			while (c->out && poll(&one, 1, 1000) == 1 && tcp_flush(c))
				;
		}
		tcp_close(c);
	}
	return rc;
}

struct dns_args {
	const char *from, *log_path;
	unsigned long count;
	struct dns_listener l[CMD_DNS_MAX_LISTEN];
	uint32_t nl;
	struct dns_fwd_map fw;
};

/* "ADDR:PORT[=WHERE]" into listener @l. */
static bool parse_listener(const char *arg, struct dns_listener *l)
{
	char addr[128];
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	if (n >= sizeof(addr) || (eq && !eq[1]))
		return false;
	memcpy(addr, arg, n);
	addr[n] = '\0';
	l->text = arg;
	l->from = eq ? eq + 1 : NULL;
	l->udp = l->tcp = -1;
	return cli_parse_listen(addr, &l->ss, &l->sl);
}

/* --listen ('l') and --forward ('F'): the other options are stored. */
static bool dns_option(void *ctx, int key, const char *arg, unsigned long num)
{
	struct dns_args *a = ctx;
	(void)num;
	switch (key) {
	case 'l':
		if (a->nl == CMD_DNS_MAX_LISTEN || !parse_listener(arg, &a->l[a->nl])) {
			report_textf(stderr,
				     "vpcsim dns: --listen takes ADDR:PORT, [ADDR]:PORT or "
				     "ADDR:PORT=WHERE (at most %d), not '%s'\n",
				     CMD_DNS_MAX_LISTEN, arg);
			return false;
		}
		a->nl++;
		return true;
	default: { /* 'F' */
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
	}
}

static int dns_run(void *ctx, const struct cli_args *ca, struct model *m, struct diag_list *diag)
{
	struct dns_args *a = ctx;
	int rc = EXIT_USAGE;
	char err[256] = "";
	struct dns_sim *sim = NULL;
	struct trace_ctx *tc = NULL;
	(void)ca;
	(void)diag;
	if (!a->nl) {
		if (!parse_listener("127.0.0.1:5353", &a->l[0]))
			return EXIT_USAGE;
		a->nl = 1;
	}
	if (dns_sim_build(m, &sim, err, sizeof(err))) {
		report_textf(stderr, "vpcsim dns: %s\n", err);
		goto out;
	}
	for (uint32_t i = 0; i < a->nl; i++) {
		const char *where = a->l[i].from ? a->l[i].from : a->from;
		if (dns_sim_check_from(sim, where, err, sizeof(err))) {
			report_textf(stderr, "vpcsim dns: %s%s: %s\n",
				     a->l[i].from ? "--listen " : "--from",
				     a->l[i].from ? a->l[i].text : "", err);
			goto out;
		}
	}
	if (a->log_path) {
		query_log = strcmp(a->log_path, "-") ? fopen(a->log_path, "a") : stdout;
		if (!query_log) {
			report_textf(stderr, "vpcsim dns: --query-log %s: %s\n", a->log_path,
				     strerror(errno));
			goto out;
		}
	}
	/* forwarded queries: whether the rule's outbound endpoint reaches the
	 * target decides (the trace engine), then --forward relays them */
	if (trace_ctx_build(m, &tc) == 0)
		dns_sim_set_tracer(sim, tc);
	for (uint32_t i = 0; i < a->nl; i++) {
		struct dns_listener *l = &a->l[i];
		if (!open_sockets(&l->ss, l->sl, &l->udp, &l->tcp)) {
			report_textf(stderr, "vpcsim dns: cannot answer on %s: %s\n", l->text,
				     strerror(errno));
			goto out;
		}
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (uint32_t i = 0; i < a->nl; i++) {
		const struct dns_listener *l = &a->l[i];
		char host[INET6_ADDRSTRLEN] = "?";
		if (l->ss.ss_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)(const void *)&l->ss)->sin_addr,
				  host, sizeof(host));
		else
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)&l->ss)->sin6_addr,
				  host, sizeof(host));
		if (!cli_is_loopback(&l->ss))
			report_textf(stderr,
				     "vpcsim dns: warning: %s is not a loopback address: "
				     "hosts beyond this machine can ask\n",
				     host);
		report_textf(stderr,
			     "vpcsim dns: answering on %s port %u (udp, tcp) as the resolver of "
			     "%s\n",
			     host, (unsigned)get_port(l->udp), l->from ? l->from : a->from);
	}
	fflush(stderr);
	rc = serve(sim, a->from, &a->fw, a->l, a->nl, a->count);
out:
	for (uint32_t i = 0; i < a->nl; i++) {
		if (a->l[i].udp >= 0)
			close(a->l[i].udp);
		if (a->l[i].tcp >= 0)
			close(a->l[i].tcp);
	}
	if (query_log && query_log != stdout)
		fclose(query_log);
	else if (query_log)
		fflush(stdout);
	query_log = NULL;
	dns_sim_free(sim);
	trace_ctx_free(tc);
	return rc;
}

static const struct cli_opt dns_opts[] = {
	{"listen", 'l', "ADDR:PORT[=WHERE]", CLI_REPEAT, NULL,
	 "where to answer (default 127.0.0.1:5353; [::1]:5353 for IPv6; port 0 picks a free one, "
	 "said on stderr), as the resolver of WHERE (default: --from); up to " CLI_STR(
		 CMD_DNS_MAX_LISTEN),
	 CLI_CALL},
	{"from", 'f', "WHERE", 0, NULL,
	 "an instance, network interface or VPC: its VPC's Amazon DNS server (Route 53 Resolver); "
	 "site:SITE[@ENDPOINT] (the inbound endpoint the site reaches); or 'internet' (Route 53's "
	 "public hosted zones, authoritative; the default)",
	 CLI_INTO(struct dns_args, from)},
	{"count", 'c', "N", 0, CLI_NUM(1, 1000000000ul, "takes a number of answers"),
	 "stop after N answers", CLI_INTO(struct dns_args, count)},
	{"forward", 'F', "TARGET_IP=ADDR:PORT", CLI_REPEAT, NULL,
	 "a real DNS server (on-premises, or one on this machine) for the target IP of a Resolver "
	 "FORWARD rule: a query the rule sends there is relayed to it when the rule's outbound "
	 "endpoint reaches TARGET_IP (vpcsim's trace decides)",
	 CLI_CALL},
	{"query-log", 'q', "FILE", 0, NULL,
	 "one line per answered message in Route 53 Resolver's query-log JSON ('-': standard "
	 "output)",
	 CLI_INTO(struct dns_args, log_path)},
	{NULL},
};

static const struct cli_cmd dns_cmd = {
	.prog = "vpcsim dns",
	.about = "Answer DNS queries (UDP and TCP) as the resolver of WHERE would: the\n"
		 "answers vpcsim resolve gives, on the wire, for dig, kdig or any resolver.\n",
	.tail = "What the snapshot cannot answer (forwarded outside it, no zone holds the\n"
		"name) is SERVFAIL with an extended DNS error saying why.  SIGINT or SIGTERM\n"
		"stop the server.  Exit status: 0 stopped, 2 could not start.\n",
	.opts = dns_opts,
	.operands = &cli_snapshot_only,
	.option = dns_option,
	.run = dns_run,
};

int cmd_dns(int argc, char **argv)
{
	struct dns_args a = {.from = "internet"};
	return cli_main(&dns_cmd, &a, argc, argv);
}
