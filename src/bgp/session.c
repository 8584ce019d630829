/*
 * DOC: the BGP-4 finite state machine (session.h; RFC 4271 8.2.2)
 *
 * fsm_step() is the machine: the state picks a case, the event a case
 * inside it, as RFC 4271 8.2.2 lists them.  Events not listed for a state
 * are FSM errors there (RFC 6608 subcodes) once an OPEN has been sent, and
 * return the session to Idle.  change_state() is the one writer of
 * s->state.
 */
#include "bgp/session.h"

#include <stdlib.h>
#include <string.h>

#define BGP_OUT_CAP           (8u << 20)     /* queued output that a peer does not read */
#define BGP_OPEN_HOLD_MS      (240u * 1000u) /* RFC 4271 8.2.2: "4 minutes" */
#define BGP_CONNECT_RETRY_DFL (30u * 1000u)
#define BGP_IDLE_HOLD_DFL     (5u * 1000u)

const char *bgp_state_name(enum bgp_state st)
{
	switch (st) {
	case BGP_ST_IDLE:
		return "Idle";
	case BGP_ST_CONNECT:
		return "Connect";
	case BGP_ST_ACTIVE:
		return "Active";
	case BGP_ST_OPENSENT:
		return "OpenSent";
	case BGP_ST_OPENCONFIRM:
		return "OpenConfirm";
	case BGP_ST_ESTABLISHED:
		return "Established";
	}
	return "?";
}

const char *bgp_event_name(enum bgp_event ev)
{
	switch (ev) {
	case BGP_EV_MANUAL_START:
		return "ManualStart";
	case BGP_EV_MANUAL_STOP:
		return "ManualStop";
	case BGP_EV_AUTOMATIC_START:
		return "AutomaticStart";
	case BGP_EV_MANUAL_START_PASSIVE:
		return "ManualStart_with_PassiveTcpEstablishment";
	case BGP_EV_AUTOMATIC_STOP:
		return "AutomaticStop";
	case BGP_EV_CONNECT_RETRY_EXPIRES:
		return "ConnectRetryTimer_Expires";
	case BGP_EV_HOLD_EXPIRES:
		return "HoldTimer_Expires";
	case BGP_EV_KEEPALIVE_EXPIRES:
		return "KeepaliveTimer_Expires";
	case BGP_EV_IDLE_HOLD_EXPIRES:
		return "IdleHoldTimer_Expires";
	case BGP_EV_TCP_CR_ACKED:
		return "Tcp_CR_Acked";
	case BGP_EV_TCP_CONFIRMED:
		return "TcpConnectionConfirmed";
	case BGP_EV_TCP_FAILS:
		return "TcpConnectionFails";
	case BGP_EV_OPEN:
		return "BGPOpen";
	case BGP_EV_HEADER_ERR:
		return "BGPHeaderErr";
	case BGP_EV_OPEN_ERR:
		return "BGPOpenMsgErr";
	case BGP_EV_NOTIF_VERSION_ERR:
		return "NotifMsgVerErr";
	case BGP_EV_NOTIF:
		return "NotifMsg";
	case BGP_EV_KEEPALIVE:
		return "KeepAliveMsg";
	case BGP_EV_UPDATE:
		return "UpdateMsg";
	case BGP_EV_UPDATE_ERR:
		return "UpdateMsgErr";
	case BGP_EV_ROUTE_REFRESH:
		return "RouteRefreshMsg";
	}
	return "?";
}

void bgp_session_init(struct bgp_session *s, const struct bgp_session_cfg *cfg,
		      const struct bgp_session_ops *ops, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	if (!s->cfg.connect_retry_ms)
		s->cfg.connect_retry_ms = BGP_CONNECT_RETRY_DFL;
	if (!s->cfg.idle_hold_ms)
		s->cfg.idle_hold_ms = BGP_IDLE_HOLD_DFL;
	s->ops = ops;
	s->ctx = ctx;
	s->state = BGP_ST_IDLE;
}

void bgp_session_free(struct bgp_session *s)
{
	free(s->out);
	s->out = NULL;
	s->out_len = s->out_cap = 0;
}

/* ---------------------------------------------------------------- output */

static bool out_put(struct bgp_session *s, const uint8_t *b, size_t n)
{
	if (s->out_full)
		return false;
	if (s->out_cap - s->out_len < n) {
		size_t cap = s->out_cap ? s->out_cap : 16384;
		while (cap - s->out_len < n)
			cap *= 2;
		uint8_t *nb = cap <= BGP_OUT_CAP ? realloc(s->out, cap) : NULL;
		if (!nb) {
			s->out_full = true;
			return false;
		}
		s->out = nb;
		s->out_cap = cap;
	}
	memcpy(s->out + s->out_len, b, n);
	s->out_len += n;
	return true;
}

void bgp_session_sent(struct bgp_session *s, size_t n)
{
	if (n >= s->out_len) {
		s->out_len = 0;
		return;
	}
	memmove(s->out, s->out + n, s->out_len - n);
	s->out_len -= n;
}

void bgp_session_reset_io(struct bgp_session *s)
{
	s->in_len = 0;
	s->out_len = 0;
	s->out_full = false;
	s->want_close = false;
}

static void send_keepalive(struct bgp_session *s, uint64_t now)
{
	uint8_t b[BGP_MSG_HDR];
	out_put(s, b, bgp_build_keepalive(b, sizeof(b)));
	s->t_keepalive = s->keepalive ? now + (uint64_t)s->keepalive * 1000 : 0;
}

/* The peer's messages restart the Hold Timer (RFC 4271 4.4); 0 is none. */
static void restart_hold(struct bgp_session *s, uint64_t now)
{
	s->t_hold = s->hold ? now + (uint64_t)s->hold * 1000 : 0;
}

/* The ConnectRetryTimer (RFC 4271 8.2.2) runs for an active session only:
 * a passive one waits for the peer to connect. */
static void restart_connect_retry(struct bgp_session *s, uint64_t now)
{
	s->t_connect_retry = s->cfg.passive ? 0 : now + s->cfg.connect_retry_ms;
}

static void send_open(struct bgp_session *s)
{
	struct bgp_open o = {
		.version = 4,
		.my_as = s->cfg.local_as > 0xffff ? BGP_AS_TRANS : (uint16_t)s->cfg.local_as,
		.hold_time = s->cfg.hold_time,
		.bgp_id = s->cfg.bgp_id,
		.cap_as4 = true,
		.as4 = s->cfg.local_as,
		.cap_mp_ipv4 = s->cfg.af != NET_AF_INET6,
		.cap_mp_ipv6 = s->cfg.af != NET_AF_INET,
		.cap_refresh = true,
	};
	uint8_t b[BGP_MSG_MAX];
	out_put(s, b, bgp_build_open(b, sizeof(b), &o));
}

static void send_notify(struct bgp_session *s, const struct bgp_notify *n)
{
	uint8_t b[BGP_MSG_MAX];
	/* queued even over the cap: it is the last message of the session */
	s->out_full = false;
	out_put(s, b, bgp_build_notification(b, sizeof(b), n));
	s->sent = *n;
	s->has_sent = true;
	if (s->ops && s->ops->notify)
		s->ops->notify(s->ctx, s, n, true);
}

static void send_err(struct bgp_session *s, uint8_t code, uint8_t sub)
{
	struct bgp_notify n = {.code = code, .subcode = sub};
	send_notify(s, &n);
}

bool bgp_session_send_update(struct bgp_session *s, const struct bgp_announce *a,
			     const struct net_prefix *p, size_t n)
{
	if (s->state != BGP_ST_ESTABLISHED)
		return false;
	uint8_t b[BGP_MSG_MAX];
	size_t done = 0;
	while (done < n) {
		size_t used = 0;
		size_t len = bgp_build_update(b, sizeof(b), a, p + done, n - done, &used);
		if (!len || !used || !out_put(s, b, len))
			return false;
		done += used;
		s->n_updates_out++;
	}
	return true;
}

/* ------------------------------------------------------------------- FSM */

/* The one place the state changes, reported with the event (OpenBGPD's
 * change_state()). */
static void change_state(struct bgp_session *s, enum bgp_state to, enum bgp_event ev, uint64_t now)
{
	enum bgp_state from = s->state;
	if (from == to)
		return;
	s->state = to;
	if (to == BGP_ST_IDLE) {
		/* RFC 4271 8.2.2: releases the connection and every timer */
		s->t_connect_retry = s->t_hold = s->t_keepalive = 0;
		s->want_connect = false;
		s->want_close = true;
		s->t_idle_hold = s->stopped ? 0 : now + s->cfg.idle_hold_ms;
	}
	if (s->ops && s->ops->state)
		s->ops->state(s->ctx, s, from, ev, to);
	if (to == BGP_ST_ESTABLISHED && s->ops && s->ops->refresh)
		s->ops->refresh(s->ctx, s);
}

/* An error after our OPEN: NOTIFICATION, then Idle. */
static void fail(struct bgp_session *s, const struct bgp_notify *n, enum bgp_event ev, uint64_t now)
{
	if (n)
		send_notify(s, n);
	change_state(s, BGP_ST_IDLE, ev, now);
}

static void fsm_err(struct bgp_session *s, uint8_t sub, enum bgp_event ev, uint64_t now)
{
	struct bgp_notify n = {.code = BGP_ERR_FSM, .subcode = sub};
	fail(s, &n, ev, now);
}

/* RFC 6608 3: the subcode of an FSM error in @st (a state after our OPEN). */
static uint8_t fsm_err_subcode(enum bgp_state st)
{
	switch (st) {
	case BGP_ST_OPENSENT:
		return BGP_FSM_IN_OPENSENT;
	case BGP_ST_OPENCONFIRM:
		return BGP_FSM_IN_OPENCONFIRM;
	default:
		return BGP_FSM_IN_ESTABLISHED;
	}
}

/* The TCP connection is up: our OPEN, then wait for the peer's. */
static void tcp_up(struct bgp_session *s, enum bgp_event ev, uint64_t now)
{
	s->t_connect_retry = 0;
	s->in_len = 0;
	s->has_received = false;
	send_open(s);
	s->t_hold = now + BGP_OPEN_HOLD_MS;
	change_state(s, BGP_ST_OPENSENT, ev, now);
}

/*
 * The peer's OPEN (RFC 4271 6.2, 8.2.2 OpenSent): its AS must be the one
 * configured (Bad Peer AS, with no data: 6.2), the Hold Time is the
 * smaller of both (0: none), the 4-octet AS capability on both sides
 * decides the AS_PATH encoding (RFC 6793 4).
 */
static void got_open(struct bgp_session *s, const uint8_t *m, size_t len, uint64_t now)
{
	struct bgp_notify e;
	struct bgp_open o;
	if (bgp_open_parse(m, len, &o, &e) != 0) {
		fail(s, &e, BGP_EV_OPEN_ERR, now);
		return;
	}
	if (bgp_open_asn(&o) != s->cfg.peer_as ||
	    (o.cap_as4 && o.as4 > 0xffff && o.my_as != BGP_AS_TRANS)) {
		send_err(s, BGP_ERR_OPEN, BGP_OPEN_BAD_PEER_AS);
		s->peer = o;
		change_state(s, BGP_ST_IDLE, BGP_EV_OPEN_ERR, now);
		return;
	}
	if (o.bgp_id == s->cfg.bgp_id && s->cfg.peer_as == s->cfg.local_as) {
		send_err(s, BGP_ERR_OPEN, BGP_OPEN_BAD_ID); /* RFC 6286 2.2, iBGP */
		change_state(s, BGP_ST_IDLE, BGP_EV_OPEN_ERR, now);
		return;
	}
	s->peer = o;
	s->hold = o.hold_time < s->cfg.hold_time ? o.hold_time : s->cfg.hold_time;
	s->keepalive = s->hold / 3;
	s->as4 = o.cap_as4;
	s->mp_ipv6 = o.cap_mp_ipv6;
	s->refresh_ok = o.cap_refresh;
	send_keepalive(s, now);
	restart_hold(s, now);
	change_state(s, BGP_ST_OPENCONFIRM, BGP_EV_OPEN, now);
}

/* Did both OPENs carry unicast @afi (RFC 4760 8: a peer with no
 * multiprotocol capability at all has IPv4 unicast)?  A ROUTE-REFRESH for
 * any other is ignored (RFC 2918 4). */
static bool af_negotiated(const struct bgp_session *s, uint16_t afi)
{
	bool v4 = afi == BGP_AFI_IPV4;
	if (!v4 && afi != BGP_AFI_IPV6)
		return false;
	bool ours = v4 ? s->cfg.af != NET_AF_INET6 : s->cfg.af != NET_AF_INET;
	bool any = s->peer.cap_mp_ipv4 || s->peer.cap_mp_ipv6;
	bool theirs = v4 ? s->peer.cap_mp_ipv4 || !any : s->peer.cap_mp_ipv6;
	return ours && theirs;
}

static void got_update(struct bgp_session *s, const uint8_t *m, size_t len, uint64_t now)
{
	struct bgp_notify e;
	struct bgp_update u;
	struct bgp_parse_opts po = {.as4 = s->as4,
				    .ebgp = s->cfg.peer_as != s->cfg.local_as,
				    .peer_as = s->cfg.peer_as};
	if (bgp_update_parse(m, len, &po, &u, &e) != 0) {
		fail(s, &e, BGP_EV_UPDATE_ERR, now);
		return;
	}
	s->n_updates_in++;
	if (s->ops && s->ops->update)
		s->ops->update(s->ctx, s, &u);
}

/* The NOTIFICATION the peer sent (RFC 4271 6.4: the connection closes). */
static void got_notify(struct bgp_session *s, const uint8_t *m, size_t len, uint64_t now)
{
	struct bgp_notify n, e;
	memset(&n, 0, sizeof(n));
	if (bgp_notification_parse(m, len, &n, &e) == 0) {
		s->received = n;
		s->has_received = true;
		if (s->ops && s->ops->notify)
			s->ops->notify(s->ctx, s, &n, false);
	}
	enum bgp_event ev = n.code == BGP_ERR_OPEN && n.subcode == BGP_OPEN_BAD_VERSION ?
				    BGP_EV_NOTIF_VERSION_ERR :
				    BGP_EV_NOTIF;
	change_state(s, BGP_ST_IDLE, ev, now);
}

/* The message event of @type. */
static enum bgp_event msg_event(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return BGP_EV_OPEN;
	case BGP_MSG_UPDATE:
		return BGP_EV_UPDATE;
	case BGP_MSG_NOTIFICATION:
		return BGP_EV_NOTIF;
	case BGP_MSG_KEEPALIVE:
		return BGP_EV_KEEPALIVE;
	default:
		return BGP_EV_ROUTE_REFRESH;
	}
}

/*
 * The events RFC 4271 8.2.2 handles alike in OpenSent, OpenConfirm and
 * Established, once the state's own cases are taken: a message the state
 * does not expect is an FSM error with the RFC 6608 subcode of the state.
 */
static void opened_step(struct bgp_session *s, enum bgp_event ev, const uint8_t *m, size_t len,
			uint64_t now)
{
	switch (ev) {
	case BGP_EV_KEEPALIVE_EXPIRES:
		send_keepalive(s, now);
		break;
	case BGP_EV_NOTIF:
		got_notify(s, m, len, now);
		break;
	case BGP_EV_HOLD_EXPIRES:
		send_err(s, BGP_ERR_HOLD, 0);
		change_state(s, BGP_ST_IDLE, ev, now);
		break;
	case BGP_EV_TCP_FAILS:
	case BGP_EV_MANUAL_STOP:
	case BGP_EV_AUTOMATIC_STOP:
		change_state(s, BGP_ST_IDLE, ev, now); /* the caller sent any Cease */
		break;
	case BGP_EV_OPEN:
	case BGP_EV_KEEPALIVE:
	case BGP_EV_UPDATE:
	case BGP_EV_ROUTE_REFRESH:
		fsm_err(s, fsm_err_subcode(s->state), ev, now);
		break;
	default:
		break;
	}
}

/*
 * RFC 4271 8.2.2: state by event.  @m is the message of a message event
 * (NULL otherwise).
 */
static void fsm_step(struct bgp_session *s, enum bgp_event ev, const uint8_t *m, size_t len,
		     uint64_t now)
{
	if (ev == BGP_EV_MANUAL_STOP)
		s->stopped = true; /* no automatic restart after it */
	switch (s->state) {
	case BGP_ST_IDLE:
		switch (ev) {
		case BGP_EV_MANUAL_START:
		case BGP_EV_MANUAL_START_PASSIVE:
		case BGP_EV_AUTOMATIC_START:
		case BGP_EV_IDLE_HOLD_EXPIRES:
			if (ev == BGP_EV_MANUAL_START || ev == BGP_EV_MANUAL_START_PASSIVE)
				s->stopped = false;
			s->t_idle_hold = 0;
			s->want_close = false;
			if (s->cfg.passive) {
				change_state(s, BGP_ST_ACTIVE, ev, now);
			} else {
				s->want_connect = true;
				restart_connect_retry(s, now);
				change_state(s, BGP_ST_CONNECT, ev, now);
			}
			break;
		default:
			break; /* RFC 4271 8.2.2: other events are ignored in Idle */
		}
		break;

	case BGP_ST_CONNECT:
	case BGP_ST_ACTIVE:
		switch (ev) {
		case BGP_EV_MANUAL_STOP:
		case BGP_EV_AUTOMATIC_STOP:
			s->stopped = ev == BGP_EV_MANUAL_STOP;
			change_state(s, BGP_ST_IDLE, ev, now);
			break;
		case BGP_EV_CONNECT_RETRY_EXPIRES:
			/* drop a connection attempt still pending and try again */
			s->want_connect = !s->cfg.passive;
			restart_connect_retry(s, now);
			if (!s->cfg.passive)
				change_state(s, BGP_ST_CONNECT, ev, now);
			break;
		case BGP_EV_TCP_CR_ACKED:
		case BGP_EV_TCP_CONFIRMED:
			tcp_up(s, ev, now);
			break;
		case BGP_EV_TCP_FAILS:
			s->want_connect = false;
			restart_connect_retry(s, now);
			change_state(s, BGP_ST_ACTIVE, ev, now);
			break;
		default:
			/* a message before any TCP connection of ours, or a
			 * timer not running here: back to Idle */
			if (m)
				change_state(s, BGP_ST_IDLE, ev, now);
			break;
		}
		break;

	case BGP_ST_OPENSENT:
		switch (ev) {
		case BGP_EV_OPEN:
			got_open(s, m, len, now);
			break;
		case BGP_EV_TCP_FAILS:
			/* RFC 4271 8.2.2: back to Active, listening again */
			s->t_hold = 0;
			s->want_close = true;
			restart_connect_retry(s, now);
			change_state(s, BGP_ST_ACTIVE, ev, now);
			break;
		case BGP_EV_KEEPALIVE_EXPIRES:
			break; /* no keepalive is due before the peer's OPEN */
		default:
			opened_step(s, ev, m, len, now);
			break;
		}
		break;

	case BGP_ST_OPENCONFIRM:
		switch (ev) {
		case BGP_EV_KEEPALIVE:
			restart_hold(s, now);
			change_state(s, BGP_ST_ESTABLISHED, ev, now);
			break;
		default:
			opened_step(s, ev, m, len, now);
			break;
		}
		break;

	case BGP_ST_ESTABLISHED:
		switch (ev) {
		case BGP_EV_UPDATE:
			restart_hold(s, now);
			got_update(s, m, len, now);
			break;
		case BGP_EV_KEEPALIVE:
			restart_hold(s, now);
			break;
		case BGP_EV_ROUTE_REFRESH: {
			uint16_t afi;
			uint8_t safi;
			struct bgp_notify e;
			/* RFC 2918 4: refresh for a known AFI/SAFI; others ignored */
			if (bgp_refresh_parse(m, len, &afi, &safi, &e) != 0) {
				fail(s, &e, BGP_EV_HEADER_ERR, now);
				break;
			}
			if (safi == BGP_SAFI_UNICAST && af_negotiated(s, afi) && s->ops &&
			    s->ops->refresh)
				s->ops->refresh(s->ctx, s);
			break;
		}
		default:
			opened_step(s, ev, m, len, now);
			break;
		}
		break;
	}
}

void bgp_session_event(struct bgp_session *s, enum bgp_event ev, uint64_t now)
{
	fsm_step(s, ev, NULL, 0, now);
}

void bgp_session_input(struct bgp_session *s, const uint8_t *b, size_t n, uint64_t now)
{
	while (n && !s->want_close && s->state != BGP_ST_IDLE) {
		size_t k = sizeof(s->in) - s->in_len;
		if (k > n)
			k = n;
		memcpy(s->in + s->in_len, b, k);
		s->in_len += k;
		b += k;
		n -= k;
		size_t off = 0;
		while (!s->want_close && s->state != BGP_ST_IDLE) {
			uint8_t type = 0;
			struct bgp_notify e;
			int len = bgp_msg_header(s->in + off, s->in_len - off, &type, &e);
			if (len < 0) {
				/* RFC 4271 6.1: header errors reset the session */
				fail(s, &e, BGP_EV_HEADER_ERR, now);
				break;
			}
			if (len == 0 || (size_t)len > s->in_len - off)
				break; /* wait for the rest */
			fsm_step(s, msg_event(type), s->in + off, (size_t)len, now);
			off += (size_t)len;
		}
		if (s->want_close || s->state == BGP_ST_IDLE) {
			s->in_len = 0;
			return;
		}
		memmove(s->in, s->in + off, s->in_len - off);
		s->in_len -= off;
	}
}

uint64_t bgp_session_timers(struct bgp_session *s, uint64_t now)
{
	if (s->out_full) {
		/* the peer reads nothing we send: Cease, Out of Resources */
		struct bgp_notify n = {.code = BGP_ERR_CEASE, .subcode = 8};
		fail(s, &n, BGP_EV_AUTOMATIC_STOP, now);
	}
	if (s->t_idle_hold && now >= s->t_idle_hold) {
		s->t_idle_hold = 0;
		fsm_step(s, BGP_EV_IDLE_HOLD_EXPIRES, NULL, 0, now);
	}
	if (s->t_connect_retry && now >= s->t_connect_retry) {
		s->t_connect_retry = 0;
		fsm_step(s, BGP_EV_CONNECT_RETRY_EXPIRES, NULL, 0, now);
	}
	if (s->t_hold && now >= s->t_hold) {
		s->t_hold = 0;
		fsm_step(s, BGP_EV_HOLD_EXPIRES, NULL, 0, now);
	}
	if (s->t_keepalive && now >= s->t_keepalive) {
		s->t_keepalive = 0;
		fsm_step(s, BGP_EV_KEEPALIVE_EXPIRES, NULL, 0, now);
	}
	uint64_t next = 0, t[4] = {s->t_idle_hold, s->t_connect_retry, s->t_hold, s->t_keepalive};
	for (int i = 0; i < 4; i++)
		if (t[i] && (!next || t[i] < next))
			next = t[i];
	return next;
}

void bgp_session_cease(struct bgp_session *s, uint8_t subcode, const uint8_t *data, size_t data_len,
		       bool manual, uint64_t now)
{
	if (manual)
		s->stopped = true;
	if (s->state == BGP_ST_OPENSENT || s->state == BGP_ST_OPENCONFIRM ||
	    s->state == BGP_ST_ESTABLISHED) {
		struct bgp_notify n = {.code = BGP_ERR_CEASE, .subcode = subcode};
		if (data_len > BGP_NOTIFY_DATA_MAX)
			data_len = BGP_NOTIFY_DATA_MAX;
		if (data_len)
			memcpy(n.data, data, data_len);
		n.data_len = (uint16_t)data_len;
		send_notify(s, &n);
	}
	fsm_step(s, manual ? BGP_EV_MANUAL_STOP : BGP_EV_AUTOMATIC_STOP, NULL, 0, now);
	if (manual)
		s->t_idle_hold = 0;
}
