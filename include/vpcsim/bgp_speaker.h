/*
 * DOC: live BGP -- vpcsim plays the AWS side of real BGP sessions
 *
 * A speaker holds BGP-4 sessions (RFC 4271) with real routers as AWS
 * would on a Direct Connect virtual interface or on a tunnel of a
 * Site-to-Site VPN connection of the model:
 *
 *   - identity from the snapshot: the Amazon-side ASN (the VIF's Direct
 *     Connect gateway, else the VIF's own amazonSideAsn, else its VGW; for
 *     a VPN the VGW's or transit gateway's; 64512 by default), the peer
 *     ASN (the VIF's asn, the customer gateway's BgpAsn) -- a peer that
 *     OPENs with another ASN gets NOTIFICATION 2/2 Bad Peer AS; the VIF's
 *     authKey as the TCP MD5 key (RFC 2385); hold time 90 s on Direct
 *     Connect, 30 s on VPN tunnels, the smaller of both OPENs used;
 *   - what it advertises: what the route engine (rib.h) says AWS sends
 *     the site over that link (rib_advertised()), recomputed whenever a
 *     peer's routes change, as UPDATEs and withdrawals of the difference;
 *   - what it accepts: the peer's routes become the site's advertisements
 *     over that link in a copy of the model (the snapshot's own ones over
 *     it are replaced), from which the route engine recomputes every table;
 *     a VIF session holding more distinct prefixes of a family than the
 *     Direct Connect quota (route/dx_quota.h: 100 on private and transit
 *     VIFs, 1,000 on public ones) is taken down with NOTIFICATION 6/1
 *     Maximum Number of Prefixes Reached (RFC 4486), as AWS does, and
 *     stays Idle (the peer's connections refused) for quota_idle_ms
 *     before it restarts.
 *
 * One thread: bgp_speaker_poll() runs the sockets (non-blocking, poll())
 * and timers.  Every state change and every prefix received, withdrawn or
 * advertised is reported to the caller's callback.  The model must
 * outlive the speaker.
 */
#ifndef VPCSIM_BGP_SPEAKER_H
#define VPCSIM_BGP_SPEAKER_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcsim/model.h"
#include "vpcsim/rib.h"

enum bgp_speaker_ev {
	BGP_SPK_LISTEN,          /* text: "ADDR port N", port */
	BGP_SPK_CONNECTING,      /* text: the address */
	BGP_SPK_STATE,           /* old_state, event, new_state */
	BGP_SPK_RECEIVED,        /* prefix, as_path, med, communities (text: why the route
				  * tables do not use it: an AS_PATH loop) */
	BGP_SPK_WITHDRAWN,       /* prefix: the peer withdrew it (text: "the session ended" when
				  * it went with its session) */
	BGP_SPK_ADVERTISED,      /* prefix, as_path: sent to the peer */
	BGP_SPK_ADV_WITHDRAWN,   /* prefix: withdrawn from the peer */
	BGP_SPK_NOTIFY_SENT,     /* code, subcode, names */
	BGP_SPK_NOTIFY_RECEIVED, /* code, subcode, names */
	BGP_SPK_MALFORMED,       /* text: why an UPDATE was treated as withdraw (RFC 7606) */
	BGP_SPK_QUOTA,           /* text: the prefix quota exceeded */
	BGP_SPK_ERROR,           /* text: a socket error */
	BGP_SPK_HOLDING,         /* routes, rx_ms, installed_ms: the session holds
				  * opts.expect_routes routes (a benchmark's mark) */
};

struct bgp_speaker_event {
	enum bgp_speaker_ev kind;
	const char *session; /* as given: "dxvif-fgx7k2mq", "vpn-0abc:1" */
	const char *old_state, *event, *new_state;
	const char *prefix;
	const uint32_t *as_path;
	uint32_t as_path_len;
	bool has_med;
	uint32_t med;
	const uint32_t *communities; /* (high << 16) | low */
	uint32_t n_communities;
	uint8_t code, subcode;
	const char *code_name, *subcode_name;
	const char *text;
	uint16_t port;
	uint32_t local_as, peer_as; /* STATE: the session's ASNs */
	uint16_t hold_time;         /* STATE to Established: negotiated */
	uint32_t routes;            /* HOLDING: routes the session holds */
	uint64_t rx_ms;             /* HOLDING: from Established to the last one received */
	uint64_t installed_ms;      /* HOLDING: to the route tables recomputed with them */
};

typedef void (*bgp_speaker_cb)(void *ctx, const struct bgp_speaker_event *e);

struct bgp_speaker_opts {
	struct rib_opts rib;       /* as routes takes them (dx_prefix_limit, down ids) */
	uint32_t connect_retry_ms; /* 0: 30 s */
	uint32_t idle_hold_ms;     /* 0: 5 s */
	uint32_t quota_idle_ms;    /* Idle after the DX quota took a session down; 0: 300 s */
	uint32_t max_routes;       /* routes one session may hold, whatever its quota; 0: 5,000
				    * (more: NOTIFICATION 6/1 as for the quota) */
	uint32_t expect_routes;    /* report BGP_SPK_HOLDING once a session holds this many; 0 no */
};

struct bgp_speaker;

/* A speaker on @m with no sessions.  0, VS_EINVAL or VS_ENOMEM.  @o may be
 * NULL. */
int bgp_speaker_new(const struct model *m, const struct bgp_speaker_opts *o, bgp_speaker_cb cb,
		    void *ctx, struct bgp_speaker **out);
void bgp_speaker_free(struct bgp_speaker *sp); /* closes every socket; NULL is a no-op */

/*
 * A session for @id (a VIF id, or a VPN connection id with ":1" or ":2"
 * for its tunnel): listening on @addr ("ADDR:PORT" or "[ADDR]:PORT"; port
 * 0 picks one, reported by a BGP_SPK_LISTEN event) or, with @active,
 * connecting to it.  0, or VS_ENOTFOUND (no such VIF or VPN), VS_EINVAL
 * (a bad id or address, a VPN without a customer gateway ASN, the same
 * link twice), VS_EIO (the socket or its MD5 key could not be set up),
 * VS_ENOMEM; @err then says what, naming the session and the resource.
 */
int bgp_speaker_add(struct bgp_speaker *sp, const char *id, const char *addr, bool active,
		    char *err, size_t errlen);

/* Who a session is, from the snapshot alone (no socket): what
 * bgp_speaker_add() would speak with, and what `vpcsim bgp --dry-run`
 * writes a router's configuration from. */
struct bgp_session_info {
	char id[96];                 /* as given: "dxvif-fgx7k2mq", "vpn-0abc:1" */
	const struct model_obj *via; /* the VIF or VPN connection */
	unsigned tunnel;             /* 1 or 2 on a VPN, else 0 */
	uint32_t local_as, peer_as;  /* AWS's ASN, the customer's */
	uint32_t bgp_id;             /* AWS's BGP identifier, host order */
	uint16_t hold_time;          /* what AWS proposes: 90 DX, 30 VPN */
	const char *md5;             /* the TCP MD5 key (a VIF's authKey), or NULL */
	/* the link's inside addresses, "169.254.100.1/30", or "" */
	char amazon_addr[48], customer_addr[48];
	const struct model_site *site; /* the snapshot's site announcing over the link, or NULL */
	/* NET_AF_INET or NET_AF_INET6: the one family the session carries, the
	 * VIF's addressFamily (a VIF has an IPv4 and an IPv6 BGP peer,
	 * multiprotocol BGP is not supported: add-peer-to-vif.html) or the
	 * VPN's TunnelInsideIpVersion; IPv4 when the snapshot says neither */
	uint8_t af;
};

/* @id's session on @m: 0, or VS_ENOTFOUND / VS_EINVAL with @err naming the
 * session and the resource (as bgp_speaker_add()). */
int bgp_speaker_describe(const struct model *m, const char *id, struct bgp_session_info *out,
			 char *err, size_t errlen);

/* Start every session (RFC 4271 ManualStart): listening or connecting. */
void bgp_speaker_start(struct bgp_speaker *sp);

/* Wait up to @timeout_ms for the sockets and timers, and handle what came.
 * 0, or VS_EIO when poll() itself failed (not EINTR). */
int bgp_speaker_poll(struct bgp_speaker *sp, int timeout_ms);

/* The same, also waiting on the caller's @extra[0..n_extra) descriptors
 * (at most BGP_SPEAKER_MAX_EXTRA: e.g. a control socket), whose revents
 * it sets.  VS_EINVAL for too many. */
#define BGP_SPEAKER_MAX_EXTRA 8
int bgp_speaker_poll_fds(struct bgp_speaker *sp, struct pollfd *extra, unsigned n_extra,
			 int timeout_ms);

/* Every session ends with NOTIFICATION 6/2 (Cease, Administrative
 * Shutdown), sent within @flush_ms, and its sockets are closed. */
void bgp_speaker_shutdown(struct bgp_speaker *sp, int flush_ms);

/* The current model: the snapshot with what the peers advertise, and its
 * route tables (valid until the next bgp_speaker_poll()). */
const struct model *bgp_speaker_model(const struct bgp_speaker *sp);
const struct rib_set *bgp_speaker_rib(const struct bgp_speaker *sp);

#endif
