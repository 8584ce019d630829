/*
 * DOC: one BGP-4 session -- the RFC 4271 section 8 finite state machine
 *
 * A session is the state machine alone: no socket, no clock of its own.
 * The speaker (speaker.c) feeds it events -- the TCP connection came up or
 * failed, bytes arrived, the time is now T -- and takes from it the bytes
 * to send and whether to open or close the connection.  So a unit test or
 * a fuzz harness drives it with plain buffers.
 *
 * The machine is one switch of states, each a switch of events
 * (fsm_step()), and every transition goes through one function,
 * change_state(), which reports old state, event and new state to the
 * ops->state callback -- the only place the state is written.
 *
 * Timers (RFC 4271 10): ConnectRetry 30 s (active sessions); the Hold
 * Time we propose is cfg.hold_time (AWS proposes 90 s on Direct Connect,
 * 30 s on VPN tunnels), the session uses the smaller of both OPENs' (RFC
 * 4271 4.2), 0 meaning no keepalives; KEEPALIVE every hold/3; the Hold
 * Timer is 4 minutes between the TCP connection and the peer's OPEN (8.2.2,
 * "a large value").  After a session ends, an IdleHold time passes before
 * the automatic restart (8.1.1, DampPeerOscillations' IdleHoldTimer).
 *
 * Not thread-safe: one session is driven by one thread.
 */
#ifndef VPCSIM_BGP_SESSION_H
#define VPCSIM_BGP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/msg.h"

enum bgp_state {
	BGP_ST_IDLE = 0,
	BGP_ST_CONNECT,
	BGP_ST_ACTIVE,
	BGP_ST_OPENSENT,
	BGP_ST_OPENCONFIRM,
	BGP_ST_ESTABLISHED,
};

/* RFC 4271 8.1's event numbers; ROUTE-REFRESH is RFC 2918's. */
enum bgp_event {
	BGP_EV_MANUAL_START = 1,
	BGP_EV_MANUAL_STOP = 2,
	BGP_EV_AUTOMATIC_START = 3,
	BGP_EV_MANUAL_START_PASSIVE = 4,
	BGP_EV_AUTOMATIC_STOP = 8, /* local policy: e.g. the prefix quota */
	BGP_EV_CONNECT_RETRY_EXPIRES = 9,
	BGP_EV_HOLD_EXPIRES = 10,
	BGP_EV_KEEPALIVE_EXPIRES = 11,
	BGP_EV_IDLE_HOLD_EXPIRES = 13,
	BGP_EV_TCP_CR_ACKED = 16,  /* our connect() completed */
	BGP_EV_TCP_CONFIRMED = 17, /* we accepted the peer's connection */
	BGP_EV_TCP_FAILS = 18,
	BGP_EV_OPEN = 19,
	BGP_EV_HEADER_ERR = 21,
	BGP_EV_OPEN_ERR = 22,
	BGP_EV_NOTIF_VERSION_ERR = 24,
	BGP_EV_NOTIF = 25,
	BGP_EV_KEEPALIVE = 26,
	BGP_EV_UPDATE = 27,
	BGP_EV_UPDATE_ERR = 28,
	BGP_EV_ROUTE_REFRESH = 100,
};

struct bgp_session;

struct bgp_session_ops {
	/* Every transition (old != new), with the event that caused it. */
	void (*state)(void *ctx, struct bgp_session *s, enum bgp_state old, enum bgp_event ev,
		      enum bgp_state new_state);
	/* An UPDATE accepted in Established (u->withdraw_all: RFC 7606
	 * treat-as-withdraw; every prefix it carries is withdrawn). */
	void (*update)(void *ctx, struct bgp_session *s, const struct bgp_update *u);
	/* A NOTIFICATION sent (@sent) or received. */
	void (*notify)(void *ctx, struct bgp_session *s, const struct bgp_notify *n, bool sent);
	/* The peer asked for our routes again (RFC 2918), or the session
	 * reached Established: send them. */
	void (*refresh)(void *ctx, struct bgp_session *s);
};

struct bgp_session_cfg {
	const char *name; /* for messages: "dxvif-fgx7k2mq", "vpn-0abc:1" */
	uint32_t local_as, peer_as;
	uint32_t bgp_id;    /* ours, host order, not 0 */
	uint16_t hold_time; /* proposed: 0 or >= 3 */
	bool passive;       /* wait for the peer's connection */
	/* NET_AF_INET or NET_AF_INET6: the one family the OPEN offers
	 * (multiprotocol capability); 0: both */
	uint8_t af;
	uint32_t connect_retry_ms; /* 0: 30 s */
	uint32_t idle_hold_ms;     /* 0: 5 s */
};

struct bgp_session {
	struct bgp_session_cfg cfg;
	const struct bgp_session_ops *ops;
	void *ctx;
	enum bgp_state state;
	/* deadlines in ms of the caller's clock; 0 = not running */
	uint64_t t_connect_retry, t_hold, t_keepalive, t_idle_hold;
	uint16_t hold, keepalive; /* negotiated, seconds */
	bool as4, mp_ipv6, refresh_ok;
	struct bgp_open peer;
	bool want_connect; /* the speaker should start a connection */
	bool want_close;   /* ... close it once the output is sent */
	bool stopped;      /* manual stop: no automatic restart */
	uint8_t in[2 * BGP_MSG_MAX];
	size_t in_len;
	uint8_t *out;
	size_t out_len, out_cap;
	bool out_full; /* the output cap was reached: the session is reset */
	struct bgp_notify sent, received;
	bool has_sent, has_received;
	uint64_t n_updates_in, n_updates_out;
};

/* A session in Idle (nothing allocated yet).  @cfg->name is not copied. */
void bgp_session_init(struct bgp_session *s, const struct bgp_session_cfg *cfg,
		      const struct bgp_session_ops *ops, void *ctx);
void bgp_session_free(struct bgp_session *s); /* its output buffer */

/* Feed an event that carries no message (start, stop, timers, TCP). */
void bgp_session_event(struct bgp_session *s, enum bgp_event ev, uint64_t now);

/* Bytes from the peer: every whole message among them is handled in
 * order; a partial one is kept for the next call.  Input after the
 * session chose to close is dropped. */
void bgp_session_input(struct bgp_session *s, const uint8_t *b, size_t n, uint64_t now);

/* Fire the timers due at @now; returns the next deadline (0: none). */
uint64_t bgp_session_timers(struct bgp_session *s, uint64_t now);

/* End the session with the Cease NOTIFICATION @subcode (RFC 4486: 1
 * maximum prefixes, with @data; 2 administrative shutdown); @manual: no
 * automatic restart (ManualStop), else AutomaticStop. */
void bgp_session_cease(struct bgp_session *s, uint8_t subcode, const uint8_t *data, size_t data_len,
		       bool manual, uint64_t now);

/* Queue UPDATEs announcing (@a) or withdrawing (@a NULL) @p[0..n), all of
 * one family, in as many messages as they need.  False when the output
 * is over its cap (the session is then reset). */
bool bgp_session_send_update(struct bgp_session *s, const struct bgp_announce *a,
			     const struct net_prefix *p, size_t n);

/* Bytes sent: drop @n from the front of the output. */
void bgp_session_sent(struct bgp_session *s, size_t n);

/* The speaker's connection is gone (closed after want_close, or never
 * made): clear the input and output. */
void bgp_session_reset_io(struct bgp_session *s);

/* "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established". */
const char *bgp_state_name(enum bgp_state st);
/* "ManualStart", "BGPOpen", "HoldTimer_Expires", ... (RFC 4271 8.1 names). */
const char *bgp_event_name(enum bgp_event ev);

#endif
