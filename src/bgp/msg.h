/*
 * DOC: BGP-4 messages on the wire -- parse what a peer sends, build ours
 *
 * The codec of `vpcsim bgp`:
 *   RFC 4271 4.1-4.5  header, OPEN, UPDATE, KEEPALIVE, NOTIFICATION
 *   RFC 5492          capabilities in OPEN
 *   RFC 6793          4-octet AS numbers (capability 65, AS_TRANS)
 *   RFC 4760          multiprotocol: MP_REACH_NLRI / MP_UNREACH_NLRI (IPv6 unicast)
 *   RFC 2918          ROUTE-REFRESH (capability 2, message type 5)
 *   RFC 1997          COMMUNITIES; RFC 8092 LARGE_COMMUNITY
 *   RFC 7606          revised error handling: what is treat-as-withdraw,
 *                     attribute discard, or a session reset
 *
 * Parsing is zero-copy: bgp_update_parse() checks every length of the
 * message once and records where the withdrawn routes, the NLRI and each
 * attribute of interest lie in the caller's buffer; the bgp_nlri_*() and
 * accessor functions then read those already-validated slices.  Nothing
 * reads outside the @len bytes it is given, whatever they hold.
 *
 * A parse error the RFCs answer with a session reset fills a struct
 * bgp_notify (code, subcode, data) for the NOTIFICATION to send; an UPDATE
 * whose attributes are malformed where RFC 7606 says treat-as-withdraw comes
 * back as parsed (0) with `withdraw_all` set and `why` saying which.
 *
 * Builders write into a caller's buffer of BGP_MSG_MAX bytes and return
 * the length written (0 when it would not fit).  Pure functions; no
 * allocation; thread-safe.
 */
#ifndef VPCSIM_BGP_MSG_H
#define VPCSIM_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcsim/names.h"
#include "vpcsim/net.h"

#define BGP_MSG_HDR      19    /* marker 16, length 2, type 1 (RFC 4271 4.1) */
#define BGP_MSG_MAX      4096  /* RFC 4271 4.1 */
#define BGP_MSG_OPEN_MIN 29    /* header + 10 (RFC 4271 4.2) */
#define BGP_AS_TRANS     23456 /* RFC 6793 9 */
#define BGP_PORT         179

/* Message types (RFC 4271 4.1; ROUTE-REFRESH: RFC 2918 3). */
enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
};

/*
 * NOTIFICATION error codes (RFC 4271 4.5) and the subcodes of each that we
 * send or name (RFC 4271 6.1-6.3; RFC 4486 for Cease), with their names.
 */
#define BGP_ERR_CODES(X)                                \
	X(BGP_ERR_HEADER, 1, "Message Header Error")    \
	X(BGP_ERR_OPEN, 2, "OPEN Message Error")        \
	X(BGP_ERR_UPDATE, 3, "UPDATE Message Error")    \
	X(BGP_ERR_HOLD, 4, "Hold Timer Expired")        \
	X(BGP_ERR_FSM, 5, "Finite State Machine Error") \
	X(BGP_ERR_CEASE, 6, "Cease")                    \
	/* RFC 7313 5 */                                \
	X(BGP_ERR_RREFRESH, 7, "ROUTE-REFRESH Message Error")

enum bgp_err_code {
	BGP_ERR_CODES(VS_NAMES_ENUM_AT)
};

#define BGP_ERR_SUBCODES(X)                                                                    \
	X(BGP_ERR_HEADER, BGP_HDR_NOT_SYNC, 1, "Connection Not Synchronized")                  \
	X(BGP_ERR_HEADER, BGP_HDR_BAD_LEN, 2, "Bad Message Length")                            \
	X(BGP_ERR_HEADER, BGP_HDR_BAD_TYPE, 3, "Bad Message Type")                             \
	X(BGP_ERR_OPEN, BGP_OPEN_BAD_VERSION, 1, "Unsupported Version Number")                 \
	X(BGP_ERR_OPEN, BGP_OPEN_BAD_PEER_AS, 2, "Bad Peer AS")                                \
	X(BGP_ERR_OPEN, BGP_OPEN_BAD_ID, 3, "Bad BGP Identifier")                              \
	X(BGP_ERR_OPEN, BGP_OPEN_UNSUP_PARAM, 4, "Unsupported Optional Parameter")             \
	X(BGP_ERR_OPEN, BGP_OPEN_BAD_HOLD, 6, "Unacceptable Hold Time")                        \
	/* RFC 5492 5 */                                                                       \
	X(BGP_ERR_OPEN, BGP_OPEN_UNSUP_CAP, 7, "Unsupported Capability")                       \
	X(BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTRS, 1, "Malformed Attribute List")              \
	X(BGP_ERR_UPDATE, BGP_UPD_UNRECOGNIZED_WK, 2, "Unrecognized Well-known Attribute")     \
	X(BGP_ERR_UPDATE, BGP_UPD_MISSING_WK, 3, "Missing Well-known Attribute")               \
	X(BGP_ERR_UPDATE, BGP_UPD_ATTR_FLAGS, 4, "Attribute Flags Error")                      \
	X(BGP_ERR_UPDATE, BGP_UPD_ATTR_LEN, 5, "Attribute Length Error")                       \
	X(BGP_ERR_UPDATE, BGP_UPD_BAD_ORIGIN, 6, "Invalid ORIGIN Attribute")                   \
	X(BGP_ERR_UPDATE, BGP_UPD_BAD_NEXT_HOP, 8, "Invalid NEXT_HOP Attribute")               \
	X(BGP_ERR_UPDATE, BGP_UPD_OPT_ATTR, 9, "Optional Attribute Error")                     \
	X(BGP_ERR_UPDATE, BGP_UPD_BAD_NETWORK, 10, "Invalid Network Field")                    \
	X(BGP_ERR_UPDATE, BGP_UPD_BAD_AS_PATH, 11, "Malformed AS_PATH")                        \
	/* RFC 6608 3 */                                                                       \
	X(BGP_ERR_FSM, BGP_FSM_IN_OPENSENT, 1, "Receive Unexpected Message in OpenSent State") \
	X(BGP_ERR_FSM, BGP_FSM_IN_OPENCONFIRM, 2,                                              \
	  "Receive Unexpected Message in OpenConfirm State")                                   \
	X(BGP_ERR_FSM, BGP_FSM_IN_ESTABLISHED, 3,                                              \
	  "Receive Unexpected Message in Established State")                                   \
	/* RFC 4486 4 */                                                                       \
	X(BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIXES, 1, "Maximum Number of Prefixes Reached")      \
	X(BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN, 2, "Administrative Shutdown")               \
	X(BGP_ERR_CEASE, BGP_CEASE_PEER_DECONF, 3, "Peer De-configured")                       \
	X(BGP_ERR_CEASE, BGP_CEASE_ADMIN_RESET, 4, "Administrative Reset")                     \
	X(BGP_ERR_CEASE, BGP_CEASE_REJECTED, 5, "Connection Rejected")                         \
	X(BGP_ERR_CEASE, BGP_CEASE_OTHER_CONFIG, 6, "Other Configuration Change")              \
	X(BGP_ERR_CEASE, BGP_CEASE_COLLISION, 7, "Connection Collision Resolution")            \
	X(BGP_ERR_CEASE, BGP_CEASE_OUT_OF_RESOURCES, 8, "Out of Resources")

/* The subcode constants: each code's own, so their values repeat. */
#define BGP_ERR_SUBCODE_ENUM(code, value, num, name) value = (num),
enum {
	BGP_ERR_SUBCODES(BGP_ERR_SUBCODE_ENUM)
};
#undef BGP_ERR_SUBCODE_ENUM

/* Path attribute type codes. */
enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_MP_REACH = 14,
	BGP_ATTR_MP_UNREACH = 15,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITY = 32,
};

/* Attribute flags (RFC 4271 4.3). */
#define BGP_AF_OPTIONAL   0x80
#define BGP_AF_TRANSITIVE 0x40
#define BGP_AF_PARTIAL    0x20
#define BGP_AF_EXTLEN     0x10

/* AS_PATH segment types (RFC 4271 4.3). */
#define BGP_AS_SET      1
#define BGP_AS_SEQUENCE 2

#define BGP_AFI_IPV4     1
#define BGP_AFI_IPV6     2
#define BGP_SAFI_UNICAST 1

/* The NOTIFICATION a parse error asks for. */
#define BGP_NOTIFY_DATA_MAX 64
struct bgp_notify {
	uint8_t code, subcode;
	uint8_t data[BGP_NOTIFY_DATA_MAX];
	uint16_t data_len;
};

/* An OPEN, as read or to be written.  The capabilities are the ones vpcsim
 * knows; others are skipped (RFC 5492 3: ignore what is not understood). */
struct bgp_open {
	uint8_t version;    /* 4 */
	uint16_t my_as;     /* the 2-octet field: AS_TRANS for a 4-octet ASN */
	uint16_t hold_time; /* seconds: 0 or >= 3 */
	uint32_t bgp_id;    /* host order */
	bool cap_as4;       /* RFC 6793 capability 65 */
	uint32_t as4;       /* its ASN */
	bool cap_mp_ipv4;   /* RFC 4760 capability 1, AFI 1 SAFI 1 */
	bool cap_mp_ipv6;   /* AFI 2 SAFI 1 */
	bool cap_refresh;   /* RFC 2918 capability 2 */
	bool has_caps;      /* any capability parameter at all */
};

/* The peer's ASN: the 4-octet capability's when present (RFC 6793 4.1). */
uint32_t bgp_open_asn(const struct bgp_open *o);

/* A slice of validated NLRI (RFC 4271 4.3 encoding: length octet, then
 * ceil(length/8) octets), of one address family. */
struct bgp_nlri {
	const uint8_t *p;
	uint16_t len;
	uint8_t af; /* NET_AF_INET or NET_AF_INET6 */
};

/* Iterate @n: true with the next prefix (host bits cleared) in *out. */
struct bgp_nlri_iter {
	struct bgp_nlri n;
	uint16_t off;
};
void bgp_nlri_begin(struct bgp_nlri_iter *it, const struct bgp_nlri *n);
bool bgp_nlri_next(struct bgp_nlri_iter *it, struct net_prefix *out);

/* What an UPDATE carries.  Slices point into the message buffer. */
struct bgp_update {
	struct bgp_nlri withdrawn;  /* IPv4, the Withdrawn Routes field */
	struct bgp_nlri nlri;       /* IPv4, the NLRI field */
	struct bgp_nlri mp_reach;   /* IPv6 unicast, MP_REACH_NLRI */
	struct bgp_nlri mp_unreach; /* IPv6 unicast, MP_UNREACH_NLRI */
	uint8_t mp_nh[32];          /* MP_REACH next hop (16 or 32 octets) */
	uint8_t mp_nh_len;
	uint32_t seen;          /* bit (1 << type) for attributes 1..31 kept */
	bool seen_large;        /* LARGE_COMMUNITY kept */
	uint8_t origin;         /* 0 IGP, 1 EGP, 2 INCOMPLETE */
	const uint8_t *as_path; /* validated AS_PATH value */
	uint16_t as_path_len;   /* bytes */
	uint8_t as_size;        /* 2 or 4 octets per ASN in @as_path */
	/* RFC 6793 4.2.3: from a peer without the 4-octet AS capability, its
	 * validated AS4_PATH (4-octet ASNs), merged into the path by
	 * bgp_as_path_flat(); NULL otherwise */
	const uint8_t *as4_path;
	uint16_t as4_path_len;
	bool has_aggregator;
	uint32_t aggregator_as; /* AGGREGATOR's AS (AS_TRANS: see AS4_AGGREGATOR) */
	uint32_t next_hop;      /* IPv4, host order */
	uint32_t med, local_pref;
	const uint8_t *communities; /* n_communities * 4 octets */
	uint16_t n_communities;
	const uint8_t *large; /* n_large * 12 octets */
	uint16_t n_large;
	/* RFC 7606 2 "treat-as-withdraw": every prefix of @nlri and @mp_reach
	 * is to be withdrawn; @why says which attribute was malformed. */
	bool withdraw_all;
	const char *why;
	uint16_t discarded; /* attributes dropped by "attribute discard" (RFC 7606 2) */
};

/* Session parameters the parser needs. */
struct bgp_parse_opts {
	bool as4;         /* both sides sent the 4-octet AS capability */
	bool ebgp;        /* LOCAL_PREF from an external peer is discarded */
	uint32_t peer_as; /* an eBGP AS_PATH must start with it (RFC 4271 6.3); 0: unchecked */
};

/*
 * Header of the message at @b (@n bytes available; RFC 4271 4.1, 6.1).
 * Returns 0 when fewer than BGP_MSG_HDR bytes are there yet, the whole
 * message's length (19..4096) when the header is good, or -1 with @err set
 * (marker not all ones: 1/1; length out of range for the type: 1/2 with the
 * length as data; unknown type: 1/3 with the type as data).
 */
int bgp_msg_header(const uint8_t *b, size_t n, uint8_t *type, struct bgp_notify *err);

/* The OPEN @b (a whole message, @n its length).  0, or -1 with @err. */
int bgp_open_parse(const uint8_t *b, size_t n, struct bgp_open *o, struct bgp_notify *err);

/* The UPDATE @b (a whole message).  0 (see withdraw_all), or -1 with @err
 * for the errors that reset the session. */
int bgp_update_parse(const uint8_t *b, size_t n, const struct bgp_parse_opts *po,
		     struct bgp_update *u, struct bgp_notify *err);

/* The NOTIFICATION @b: 0 with code, subcode and (truncated) data, or -1
 * (shorter than 21 octets: 1/2). */
int bgp_notification_parse(const uint8_t *b, size_t n, struct bgp_notify *out,
			   struct bgp_notify *err);

/* The ROUTE-REFRESH @b (RFC 2918 3): 0 with its AFI and SAFI, or -1 (not
 * 23 octets: 1/2). */
int bgp_refresh_parse(const uint8_t *b, size_t n, uint16_t *afi, uint8_t *safi,
		      struct bgp_notify *err);

/*
 * The ASNs of a validated AS_PATH into @out (at most @cap), AS_SEQUENCE
 * members in order and, for each AS_SET, its first member only -- a set
 * counts as one AS in the path length (RFC 4271 9.1.2.2 a), so the count
 * returned (the number written) is the length best-path selection compares.
 * From a 2-octet peer with an AS4_PATH, the path of RFC 6793 4.2.3: the
 * leading AS_PATH ASNs the AS4_PATH does not cover (AS_PATH's count minus
 * AS4_PATH's), then the AS4_PATH; the AS4_PATH is ignored when it is the
 * longer, or when an AGGREGATOR names an AS other than AS_TRANS.
 */
uint32_t bgp_as_path_flat(const struct bgp_update *u, uint32_t *out, uint32_t cap);
/* True when any ASN of the AS_PATH (sets included) is @asn. */
bool bgp_as_path_has(const struct bgp_update *u, uint32_t asn);

/* The i-th community, (high << 16) | low. */
uint32_t bgp_community(const struct bgp_update *u, uint16_t i);

/* ---- builders ---- */

size_t bgp_build_keepalive(uint8_t *out, size_t cap);
size_t bgp_build_open(uint8_t *out, size_t cap, const struct bgp_open *o);
size_t bgp_build_notification(uint8_t *out, size_t cap, const struct bgp_notify *n);
size_t bgp_build_refresh(uint8_t *out, size_t cap, uint16_t afi, uint8_t safi);

/* What we announce with the prefixes of one UPDATE. */
struct bgp_announce {
	uint8_t origin;
	const uint32_t *as_path; /* one AS_SEQUENCE, 4-octet ASNs when @as4 */
	uint32_t as_path_len;
	bool as4;
	uint32_t next_hop;     /* IPv4 NEXT_HOP, host order */
	uint8_t next_hop6[16]; /* MP_REACH next hop for IPv6 */
	const uint32_t *communities;
	uint32_t n_communities;
};

/*
 * One UPDATE announcing (@a not NULL) or withdrawing (@a NULL) prefixes
 * @p[0..n) of one family, as many as fit BGP_MSG_MAX; *used says how many
 * went in (the caller sends the rest in the next one).  IPv4 goes in the
 * NLRI / Withdrawn Routes fields, IPv6 in MP_REACH / MP_UNREACH.  Returns
 * the message length, 0 when @cap is too small or the AS_PATH too long.
 */
size_t bgp_build_update(uint8_t *out, size_t cap, const struct bgp_announce *a,
			const struct net_prefix *p, size_t n, size_t *used);

/* "Cease", "Cease/Administrative Shutdown", ...: static text, for logs. */
const char *bgp_err_name(uint8_t code);
const char *bgp_err_subname(uint8_t code, uint8_t subcode);

#endif
