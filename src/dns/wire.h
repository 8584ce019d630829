/*
 * DOC: DNS messages on the wire -- a query in, a reply out
 *
 * The codec of `vpcsim dns` (RFC 1035 4.1 message format, 4.1.4 name
 * compression; RFC 6891 EDNS(0); RFC 8914 extended DNS errors; RFC 2308
 * negative answers; RFC 3596 AAAA; RFC 2782 SRV; RFC 8659 CAA).
 *
 * dns_wire_parse_query() reads a query through a bounds-checked cursor with
 * a sticky error (Knot's shape: read every field, check once), so no input
 * reads past @len.  It decides what the server does with the message:
 * answer it, answer FORMERR / NOTIMP / REFUSED / BADVERS, or drop it (a
 * message too short to hold a header, or a response: answering responses
 * would let two servers loop).
 *
 * dns_wire_reply() writes the reply: header, the question as the client
 * sent it (letter case kept, RFC 1035 7.3 and the "0x20" defence), the
 * answer and authority records from their Route 53 text values (A, AAAA,
 * CNAME, NS, PTR, MX, TXT, SPF, SRV, SOA, CAA), then the additional
 * records (a referral's glue), an OPT record when the query had one (with
 * an extended error's text when given).  Owner names equal to the question
 * name are compressed to it.  What does not fit the client's size sets TC
 * and is left out (RFC 2181 9; glue too, RFC 9471 3), so a client retries
 * over TCP.
 *
 * Pure functions; no allocation; thread-safe.
 */
#ifndef VPCSIM_DNS_WIRE_H
#define VPCSIM_DNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"

#define DNS_WIRE_HEADER  12
#define DNS_WIRE_UDP_MIN 512   /* without EDNS (RFC 1035 4.2.1) */
#define DNS_WIRE_UDP_MAX 1232  /* what vpcsim offers (DNS flag day 2020) */
#define DNS_WIRE_TCP_MAX 65535 /* a TCP message's 16-bit length */

/* Header rcodes, and BADVERS of the extended rcode (RFC 6891 6.1.3). */
enum dns_wire_rcode {
	DNS_WIRE_NOERROR = 0,
	DNS_WIRE_FORMERR = 1,
	DNS_WIRE_SERVFAIL = 2,
	DNS_WIRE_NXDOMAIN = 3,
	DNS_WIRE_NOTIMP = 4,
	DNS_WIRE_REFUSED = 5,
	DNS_WIRE_BADVERS = 16,
	DNS_WIRE_DROP = -1, /* send nothing */
};

struct dns_wire_query {
	uint16_t id;
	uint8_t opcode;
	bool rd, cd;
	bool has_question;
	struct dns_name qname;              /* folded to lowercase, for the lookup */
	uint8_t qname_raw[DNS_NAME_MAXLEN]; /* as sent, for the echo */
	uint16_t qtype, qclass;
	bool edns;
	uint8_t edns_version;
	bool edns_do;
	uint16_t edns_size; /* the client's UDP size (at least 512) */
	/* EDNS client subnet (RFC 7871): the client's address, @ecs_source
	 * bits of it (the rest zero) */
	bool ecs;
	uint16_t ecs_family; /* 1 IPv4, 2 IPv6 */
	uint8_t ecs_source;
	uint8_t ecs_addr[16];
};

/*
 * Parse the @len octets at @msg.  Returns DNS_WIRE_NOERROR when the query
 * is to be answered, another enum dns_wire_rcode for a reply of that rcode
 * (q holds what could be read: at least the id), or DNS_WIRE_DROP.
 */
int dns_wire_parse_query(const uint8_t *msg, size_t len, struct dns_wire_query *q);

/* A resource record to write: its data as Route 53 prints it. */
struct dns_wire_rr {
	const struct dns_name *owner;
	uint16_t type;
	uint32_t ttl;
	const char *data;
};

struct dns_wire_reply {
	enum dns_wire_rcode rcode;
	bool aa, ra;
	const struct dns_wire_rr *an;
	uint32_t n_an;
	const struct dns_wire_rr *ns; /* authority: the zone's SOA for a negative answer,
				       * a delegation's NS RRset for a referral */
	uint32_t n_ns;
	const struct dns_wire_rr *ar; /* additional (before the OPT): a referral's glue */
	uint32_t n_ar;
	uint16_t ede;         /* RFC 8914 info code, with ede_text; 0 and NULL text: none */
	const char *ede_text; /* NULL: no extended error */
	unsigned name_flags;  /* how names inside data are escaped (DNS_NAME_OCTAL) */
};

/* Is @value (Route 53's text form, \DDD octal escapes with DNS_NAME_OCTAL
 * in @flags) a value a record of @type can hold: the RDATA the reply writer
 * would write (RFC 1035 3.3-3.4, RFC 2782 SRV, RFC 8659 CAA)?  True for a
 * type the writer does not know (NAPTR, DS, ...): not checked here. */
bool dns_wire_rdata_valid(uint16_t type, const char *value, unsigned flags);

/*
 * Write the reply to @q into @out (at most @cap octets: the client's UDP
 * size, or DNS_WIRE_TCP_MAX).  Returns the message's length, or 0 when not
 * even the header and question fit.  *@bad (may be NULL) receives the index
 * in @r->an of the first record whose data could not be encoded, or -1: the
 * caller then answers SERVFAIL instead (a record Route 53 holds that this
 * codec cannot write).
 */
size_t dns_wire_reply(const struct dns_wire_query *q, const struct dns_wire_reply *r, uint8_t *out,
		      size_t cap, int *bad);

#endif
