/*
 * DOC: unit tests of the BGP-4 state machine (src/bgp/session.c)
 *
 * The session is driven with plain buffers and a clock given by the test:
 * the peer's messages are written out byte by byte here (RFC 4271 4), and
 * what the session sends is read back at fixed offsets of those formats.
 * The transitions expected are RFC 4271 8.2.2's; the NOTIFICATIONs those
 * of RFC 4271 6, RFC 6608 (FSM errors) and RFC 4486 (Cease).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "bgp/session.h"

#define MARKER                                                                                    \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
		0xff

struct rec {
	enum bgp_state from[32], to[32];
	enum bgp_event ev[32];
	int n;
	int updates;
	bool last_withdraw_all;
	int refreshes;
};

static void rec_state(void *ctx, struct bgp_session *s, enum bgp_state old, enum bgp_event ev,
		      enum bgp_state to)
{
	struct rec *r = ctx;
	(void)s;
	assert_true(r->n < 32);
	r->from[r->n] = old;
	r->ev[r->n] = ev;
	r->to[r->n++] = to;
}

static void rec_update(void *ctx, struct bgp_session *s, const struct bgp_update *u)
{
	struct rec *r = ctx;
	(void)s;
	r->updates++;
	r->last_withdraw_all = u->withdraw_all;
}

static void rec_refresh(void *ctx, struct bgp_session *s)
{
	struct rec *r = ctx;
	(void)s;
	r->refreshes++;
}

static const struct bgp_session_ops ops = {rec_state, rec_update, NULL, rec_refresh};

/* The peer's OPEN: AS @as, hold @hold, id 192.0.2.1, 4-octet AS capability. */
static size_t peer_open(uint8_t *b, uint16_t as, uint16_t hold, uint32_t as4)
{
	const uint8_t m[] = {MARKER,
			     0x00,
			     0x25,
			     0x01,
			     0x04,
			     (uint8_t)(as >> 8),
			     (uint8_t)as,
			     (uint8_t)(hold >> 8),
			     (uint8_t)hold,
			     0xc0,
			     0x00,
			     0x02,
			     0x01,
			     0x08,
			     0x02,
			     0x06,
			     0x41,
			     0x04,
			     (uint8_t)(as4 >> 24),
			     (uint8_t)(as4 >> 16),
			     (uint8_t)(as4 >> 8),
			     (uint8_t)as4};
	memcpy(b, m, sizeof(m));
	return sizeof(m);
}

static const uint8_t keepalive[] = {MARKER, 0x00, 0x13, 0x04};

static void setup(struct bgp_session *s, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	struct bgp_session_cfg c = {.name = "dxvif-test",
				    .local_as = 64512,
				    .peer_as = 65010,
				    .bgp_id = 0xa9fe6401u,
				    .hold_time = 90,
				    .passive = true};
	bgp_session_init(s, &c, &ops, r);
}

/*
 * cmocka fixture: a session and the record of what it reported, which a
 * test starts with setup() or establish().  The teardown frees the
 * session, also after a failed assertion.
 */
struct fx {
	struct bgp_session s;
	struct rec r;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	bgp_session_free(&f->s);
	free(f);
	return 0;
}

/* The last message queued by the session: its type, and a pointer to it. */
static const uint8_t *last_msg(const struct bgp_session *s, uint8_t *type)
{
	size_t off = 0;
	const uint8_t *last = NULL;
	while (off + 19 <= s->out_len) {
		size_t len = (size_t)s->out[off + 16] << 8 | s->out[off + 17];
		assert_true(len >= 19 && off + len <= s->out_len);
		last = s->out + off;
		off += len;
	}
	assert_non_null(last);
	*type = last[18];
	return last;
}

static uint8_t last_type(const struct bgp_session *s)
{
	uint8_t t;
	last_msg(s, &t);
	return t;
}

/* The last message queued is a NOTIFICATION @code/@subcode (RFC 4271 4.5);
 * a pointer to it, for the data that follows. */
static const uint8_t *expect_notification(const struct bgp_session *s, uint8_t code,
					  uint8_t subcode)
{
	uint8_t t;
	const uint8_t *m = last_msg(s, &t);
	assert_int_equal(t, BGP_MSG_NOTIFICATION);
	assert_int_equal(m[19], code);
	assert_int_equal(m[20], subcode);
	return m;
}

/* Passive start and the peer's connection: our OPEN is sent (RFC 4271 8.2.2). */
static void connect_passive(struct bgp_session *s, uint64_t now)
{
	bgp_session_event(s, BGP_EV_MANUAL_START_PASSIVE, now);
	assert_int_equal(s->state, BGP_ST_ACTIVE);
	bgp_session_event(s, BGP_EV_TCP_CONFIRMED, now);
	assert_int_equal(s->state, BGP_ST_OPENSENT);
}

/* Passive start, the peer's connection, its OPEN and KEEPALIVE. */
static void establish(struct bgp_session *s, struct rec *r, uint16_t peer_hold)
{
	setup(s, r);
	connect_passive(s, 1000);
	uint8_t b[64];
	bgp_session_input(s, b, peer_open(b, 65010, peer_hold, 65010), 1000);
	assert_int_equal(s->state, BGP_ST_OPENCONFIRM);
	bgp_session_input(s, keepalive, sizeof(keepalive), 1000);
	assert_int_equal(s->state, BGP_ST_ESTABLISHED);
}

/* A session of one address family offers that family alone in its OPEN's
 * multiprotocol capabilities (RFC 4760 8): a VIF's IPv6 BGP peer carries
 * IPv6 only, multiprotocol BGP is not supported (add-peer-to-vif.html);
 * af 0 offers both. */
static void test_open_offers_the_session_family(void **state)
{
	(void)state;
	static const struct {
		uint8_t af;
		bool v4, v6;
	} cases[] = {{NET_AF_INET6, false, true}, {NET_AF_INET, true, false}, {0, true, true}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bgp_session s;
		struct rec r;
		setup(&s, &r);
		s.cfg.af = cases[i].af;
		connect_passive(&s, 1000);
		uint8_t t;
		const uint8_t *m = last_msg(&s, &t);
		assert_int_equal(t, BGP_MSG_OPEN);
		struct bgp_open o;
		struct bgp_notify e;
		assert_int_equal(bgp_open_parse(m, (size_t)m[16] << 8 | m[17], &o, &e), 0);
		assert_int_equal(o.cap_mp_ipv4, cases[i].v4);
		assert_int_equal(o.cap_mp_ipv6, cases[i].v6);
		bgp_session_free(&s);
	}
}

static void test_passive_open_to_established(void **state)
{
	struct fx *f = *state;
	establish(&f->s, &f->r, 240);
	/* every transition reported once, with its RFC 4271 8.1 event */
	assert_int_equal(f->r.n, 4);
	assert_int_equal(f->r.ev[0], BGP_EV_MANUAL_START_PASSIVE);
	assert_int_equal(f->r.to[0], BGP_ST_ACTIVE);
	assert_int_equal(f->r.ev[1], BGP_EV_TCP_CONFIRMED);
	assert_int_equal(f->r.ev[2], BGP_EV_OPEN);
	assert_int_equal(f->r.from[3], BGP_ST_OPENCONFIRM);
	assert_int_equal(f->r.ev[3], BGP_EV_KEEPALIVE);
	assert_string_equal(bgp_state_name(f->r.to[3]), "Established");
	/* our OPEN went first: version 4, My AS 64512, Hold Time 90 */
	assert_int_equal(f->s.out[18], BGP_MSG_OPEN);
	assert_int_equal(f->s.out[19], 4);
	assert_int_equal(f->s.out[20] << 8 | f->s.out[21], 64512);
	assert_int_equal(f->s.out[22] << 8 | f->s.out[23], 90);
	/* then a KEEPALIVE answering the peer's OPEN (RFC 4271 8.2.2) */
	assert_int_equal(last_type(&f->s), BGP_MSG_KEEPALIVE);
	/* min(240, 90), keepalive a third of it */
	assert_int_equal(f->s.hold, 90);
	assert_int_equal(f->s.keepalive, 30);
	assert_true(f->s.as4);
	/* reaching Established asks for our routes */
	assert_int_equal(f->r.refreshes, 1);
}

/* RFC 5492 3: capabilities a speaker does not know are ignored.  An OPEN
 * written out by hand with graceful restart (64, RFC 4724 3: restart
 * flags and time, then AFI 1 SAFI 1 flags 0x80), enhanced route refresh
 * (70, RFC 7313 3, no value), long-lived graceful restart (71, RFC 9494:
 * AFI 1 SAFI 1, flags, a 3-octet stale time), an unassigned code 250 with
 * three octets, in three Capabilities parameters, with route refresh
 * and the 4-octet AS capability last. */
static void test_unknown_capabilities_ignored(void **state)
{
	const uint8_t open[] = {
		MARKER, 0x00, 0x43, 0x01,       /* length 67, OPEN */
		0x04,   0xfd, 0xf2, 0x00, 0xf0, /* version 4, AS 65010, hold 240 */
		0xc0,   0x00, 0x02, 0x01,       /* BGP id 192.0.2.1 */
		0x26,                           /* optional parameters: 38 octets */
		0x02,   0x08,                   /* Capabilities (8) */
		0x40,   0x06, 0x80, 0x78, 0x00, 0x01, 0x01, 0x80,       /* graceful restart */
		0x02,   0x0b,                                           /* Capabilities (11) */
		0x46,   0x00,                                           /* enhanced route refresh */
		0x47,   0x07, 0x00, 0x01, 0x01, 0x80, 0x00, 0x0e, 0x10, /* LLGR, 3600 s */
		0x02,   0x0d,                                           /* Capabilities (13) */
		0xfa,   0x03, 0x01, 0x02, 0x03,                         /* code 250 */
		0x02,   0x00,                                           /* route refresh */
		0x41,   0x04, 0x00, 0x00, 0xfd, 0xf2,                   /* 4-octet AS 65010 */
	};
	size_t n = sizeof(open);
	struct fx *f = *state;
	setup(&f->s, &f->r);
	connect_passive(&f->s, 1000);
	bgp_session_input(&f->s, open, n, 1000);
	assert_int_equal(f->s.state, BGP_ST_OPENCONFIRM);
	assert_false(f->s.has_sent); /* no NOTIFICATION */
	assert_int_equal(last_type(&f->s), BGP_MSG_KEEPALIVE);
	assert_true(f->s.as4);
	assert_true(f->s.refresh_ok);
	bgp_session_input(&f->s, keepalive, sizeof(keepalive), 1000);
	assert_int_equal(f->s.state, BGP_ST_ESTABLISHED);
	assert_int_equal(f->s.hold, 90);
}

static void test_hold_timer_and_keepalives(void **state)
{
	struct fx *f = *state;
	establish(&f->s, &f->r, 30);
	assert_int_equal(f->s.hold, 30);
	assert_int_equal(f->s.keepalive, 10);
	bgp_session_sent(&f->s, f->s.out_len);
	/* 10 s later a KEEPALIVE goes */
	bgp_session_timers(&f->s, 1000 + 10000);
	assert_int_equal(last_type(&f->s), BGP_MSG_KEEPALIVE);
	/* a KEEPALIVE from the peer restarts the hold timer */
	bgp_session_input(&f->s, keepalive, sizeof(keepalive), 20000);
	bgp_session_timers(&f->s, 20000 + 29000);
	assert_int_equal(f->s.state, BGP_ST_ESTABLISHED);
	/* 30 s of silence: Hold Timer Expired (4/0) and Idle */
	bgp_session_timers(&f->s, 20000 + 30000);
	assert_int_equal(f->s.state, BGP_ST_IDLE);
	expect_notification(&f->s, 4, 0);
	assert_int_equal(f->r.ev[f->r.n - 1], BGP_EV_HOLD_EXPIRES);
	assert_true(f->s.want_close);
}

static void test_hold_time_zero_means_no_keepalives(void **state)
{
	struct fx *f = *state;
	establish(&f->s, &f->r, 0);
	assert_int_equal(f->s.hold, 0);
	assert_int_equal(f->s.t_hold, 0);
	assert_int_equal(f->s.t_keepalive, 0);
	bgp_session_timers(&f->s, 10000000);
	assert_int_equal(f->s.state, BGP_ST_ESTABLISHED);
}

static void test_bad_peer_as(void **state)
{
	struct fx *f = *state;
	setup(&f->s, &f->r);
	connect_passive(&f->s, 0);
	uint8_t b[64];
	bgp_session_input(&f->s, b, peer_open(b, 65099, 90, 65099), 0);
	expect_notification(&f->s, 2, 2); /* OPEN Message Error, Bad Peer AS */
	assert_int_equal(f->s.state, BGP_ST_IDLE);
	/* a 4-octet ASN peer: AS_TRANS in My AS and the capability's ASN */
	bgp_session_free(&f->s);
	setup(&f->s, &f->r);
	f->s.cfg.peer_as = 4200000001u;
	connect_passive(&f->s, 0);
	bgp_session_input(&f->s, b, peer_open(b, BGP_AS_TRANS, 90, 4200000001u), 0);
	assert_int_equal(f->s.state, BGP_ST_OPENCONFIRM);
}

static void test_fsm_errors(void **state)
{
	struct fx *f = *state;
	/* a KEEPALIVE in OpenSent: FSM error, "unexpected in OpenSent" (RFC 6608 3) */
	setup(&f->s, &f->r);
	connect_passive(&f->s, 0);
	bgp_session_input(&f->s, keepalive, sizeof(keepalive), 0);
	expect_notification(&f->s, 5, 1);
	assert_int_equal(f->s.state, BGP_ST_IDLE);
	bgp_session_free(&f->s);
	/* an OPEN in Established: subcode 3 */
	establish(&f->s, &f->r, 90);
	uint8_t b[64];
	bgp_session_input(&f->s, b, peer_open(b, 65010, 90, 65010), 0);
	expect_notification(&f->s, 5, 3);
}

static void test_header_errors_reset(void **state)
{
	struct fx *f = *state;
	establish(&f->s, &f->r, 90);
	/* RFC 4271 6.1: a marker not all ones, Connection Not Synchronized */
	uint8_t bad[19] = {0};
	bad[17] = 19;
	bad[18] = 4;
	bgp_session_input(&f->s, bad, sizeof(bad), 0);
	expect_notification(&f->s, 1, 1);
	assert_int_equal(f->s.state, BGP_ST_IDLE);
	/* nothing read after the session chose to close */
	int n = f->r.n;
	bgp_session_input(&f->s, keepalive, sizeof(keepalive), 0);
	assert_int_equal(f->r.n, n);
	bgp_session_free(&f->s);
	/* a length field of 65535: Bad Message Length, its value as data */
	establish(&f->s, &f->r, 90);
	uint8_t big[] = {MARKER, 0xff, 0xff, 0x02};
	bgp_session_input(&f->s, big, sizeof(big), 0);
	const uint8_t *m = expect_notification(&f->s, 1, 2);
	assert_int_equal(m[21] << 8 | m[22], 65535);
}

static void test_updates_split_and_malformed(void **state)
{
	struct fx *f = *state;
	establish(&f->s, &f->r, 90);
	bgp_session_sent(&f->s, f->s.out_len);
	/* an UPDATE of 192.168.0.0/16 from 65010, delivered in two pieces */
	const uint8_t u[] = {MARKER, 0x00, 0x2e, 0x02, 0x00, 0x00, 0x00, 0x14, 0x40, 0x01, 0x01,
			     0x00,   0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xf2, 0x40,
			     0x03,   0x04, 0x0a, 0x00, 0x00, 0x02, 0x10, 0xc0, 0xa8};
	bgp_session_input(&f->s, u, 10, 0);
	assert_int_equal(f->r.updates, 0); /* a partial message waits */
	bgp_session_input(&f->s, u + 10, sizeof(u) - 10, 0);
	assert_int_equal(f->r.updates, 1);
	assert_false(f->r.last_withdraw_all);
	/* ORIGIN 5: treat-as-withdraw (RFC 7606 7.1), the session stays */
	uint8_t w[sizeof(u)];
	memcpy(w, u, sizeof(u));
	w[26] = 5;
	bgp_session_input(&f->s, w, sizeof(w), 0);
	assert_int_equal(f->r.updates, 2);
	assert_true(f->r.last_withdraw_all);
	assert_int_equal(f->s.state, BGP_ST_ESTABLISHED);
	assert_int_equal(f->s.out_len, 0);
	/* NLRI of a /40 in IPv4: Invalid Network Field, a reset (RFC 7606 5.3) */
	memcpy(w, u, sizeof(u));
	w[sizeof(w) - 3] = 40;
	bgp_session_input(&f->s, w, sizeof(w), 0);
	expect_notification(&f->s, 3, 10);
	assert_int_equal(f->r.ev[f->r.n - 1], BGP_EV_UPDATE_ERR);
}

static void test_route_refresh_and_cease(void **state)
{
	struct fx *f = *state;
	establish(&f->s, &f->r, 90);
	const uint8_t rr[] = {MARKER, 0x00, 0x17, 0x05, 0x00, 0x01, 0x00, 0x01};
	bgp_session_input(&f->s, rr, sizeof(rr), 0);
	assert_int_equal(f->r.refreshes, 2); /* Established, then RFC 2918 */
	/* IPv6 unicast, which the peer's OPEN (no multiprotocol capability:
	 * IPv4 unicast, RFC 4760 8) did not carry, and a SAFI other than
	 * unicast: ignored (RFC 2918 4) */
	const uint8_t rr6[] = {MARKER, 0x00, 0x17, 0x05, 0x00, 0x02, 0x00, 0x01};
	const uint8_t rrm[] = {MARKER, 0x00, 0x17, 0x05, 0x00, 0x01, 0x00, 0x02};
	bgp_session_input(&f->s, rr6, sizeof(rr6), 0);
	bgp_session_input(&f->s, rrm, sizeof(rrm), 0);
	assert_int_equal(f->r.refreshes, 2);
	assert_int_equal(f->s.state, BGP_ST_ESTABLISHED);
	/* maximum prefixes: 6/1 with AFI, SAFI and the limit (RFC 4486 4),
	 * then an automatic restart after the IdleHold time */
	const uint8_t data[] = {0, 1, 1, 0, 0, 0, 100};
	bgp_session_cease(&f->s, BGP_CEASE_MAX_PREFIXES, data, sizeof(data), false, 5000);
	const uint8_t *m = expect_notification(&f->s, 6, 1);
	assert_int_equal(m[17], 21 + 7);
	assert_int_equal(m[27], 100);
	assert_int_equal(f->s.state, BGP_ST_IDLE);
	assert_int_equal(f->r.ev[f->r.n - 1], BGP_EV_AUTOMATIC_STOP);
	bgp_session_reset_io(&f->s);
	bgp_session_timers(&f->s, 5000 + 5000);
	assert_int_equal(f->s.state, BGP_ST_ACTIVE);
	bgp_session_free(&f->s);
	/* administrative shutdown: 6/2, and no restart */
	establish(&f->s, &f->r, 90);
	bgp_session_cease(&f->s, BGP_CEASE_ADMIN_SHUTDOWN, NULL, 0, true, 0);
	expect_notification(&f->s, 6, 2);
	assert_int_equal(f->r.ev[f->r.n - 1], BGP_EV_MANUAL_STOP);
	bgp_session_timers(&f->s, 1000000);
	assert_int_equal(f->s.state, BGP_ST_IDLE);
}

static void test_active_connect_retry(void **state)
{
	struct fx *f = *state;
	setup(&f->s, &f->r);
	f->s.cfg.passive = false;
	bgp_session_event(&f->s, BGP_EV_MANUAL_START, 0);
	assert_int_equal(f->s.state, BGP_ST_CONNECT);
	assert_true(f->s.want_connect);
	/* the connection fails: Active, and ConnectRetry brings Connect again */
	f->s.want_connect = false;
	bgp_session_event(&f->s, BGP_EV_TCP_FAILS, 100);
	assert_int_equal(f->s.state, BGP_ST_ACTIVE);
	bgp_session_timers(&f->s, 100 + 30000);
	assert_int_equal(f->s.state, BGP_ST_CONNECT);
	assert_true(f->s.want_connect);
	bgp_session_event(&f->s, BGP_EV_TCP_CR_ACKED, 40000);
	assert_int_equal(f->s.state, BGP_ST_OPENSENT);
}

/* The tests of one session hold it in a struct fx. */
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_passive_open_to_established),
		cmocka_unit_test(test_open_offers_the_session_family),
		T(test_unknown_capabilities_ignored),
		T(test_hold_timer_and_keepalives),
		T(test_hold_time_zero_means_no_keepalives),
		T(test_bad_peer_as),
		T(test_fsm_errors),
		T(test_header_errors_reset),
		T(test_updates_split_and_malformed),
		T(test_route_refresh_and_cease),
		T(test_active_connect_retry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
