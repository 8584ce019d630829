/*
 * DOC: fuzz harness of the DNS wire codec and server path (src/dns/wire.c,
 * src/dns/dns_serve.c)
 *
 * One input = one DNS message as a client would send it over UDP.  It is
 * answered by dns_sim_answer_wire() from a small built-in snapshot (a
 * public and a private zone with A, CNAME, MX, TXT, SRV, CAA, SOA and NS
 * records) twice: as the internet's view and as a VPC's resolver, over UDP
 * and over TCP.  Whatever the input, a reply must be a well-formed message:
 * at least a header, the QR bit set, the id echoed, no longer than the
 * limit of its transport, and every record it counts present and within
 * the message.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vpcsim/diag.h"
#include "vpcsim/dns.h"
#include "vpcsim/load.h"

static const char snapshot[] =
	"{\"Region\":\"us-east-1\",\"AccountId\":\"111122223333\","
	"\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\",\"State\":\"available\"}],"
	"\"VpcAttributes\":[{\"VpcId\":\"vpc-1\",\"EnableDnsSupport\":{\"Value\":true},"
	"\"EnableDnsHostnames\":{\"Value\":true}}],"
	"\"HostedZones\":[{\"Id\":\"/hostedzone/ZPUB\",\"Name\":\"example.com.\","
	"\"Config\":{\"PrivateZone\":false}},{\"Id\":\"/hostedzone/"
	"ZPRIV\",\"Name\":\"example.com.\","
	"\"Config\":{\"PrivateZone\":true},\"VPCs\":[{\"VPCRegion\":\"us-east-1\",\"VPCId\":\"vpc-"
	"1\"}]}],"
	"\"HostedZoneResourceRecordSets\":[{\"HostedZoneId\":\"ZPUB\",\"ResourceRecordSets\":["
	"{\"Name\":\"example.com.\",\"Type\":\"SOA\",\"TTL\":900,\"ResourceRecords\":[{\"Value\":"
	"\"ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400\"}]},"
	"{\"Name\":\"example.com.\",\"Type\":\"NS\",\"TTL\":172800,\"ResourceRecords\":[{\"Value\":"
	"\"ns-1.awsdns-00.com.\"}]},"
	"{\"Name\":\"example.com.\",\"Type\":\"MX\",\"TTL\":300,\"ResourceRecords\":[{\"Value\":"
	"\"10 mail.example.com.\"}]},"
	"{\"Name\":\"example.com.\",\"Type\":\"TXT\",\"TTL\":300,\"ResourceRecords\":[{\"Value\":"
	"\"\\\"v=spf1 -all\\\" \\\"a\\\\\\\"b\\\\101\\\"\"}]},"
	"{\"Name\":\"example.com.\",\"Type\":\"CAA\",\"TTL\":300,\"ResourceRecords\":[{\"Value\":"
	"\"0 issue \\\"amazon.com\\\"\"}]},"
	"{\"Name\":\"_sip._tcp.example.com.\",\"Type\":\"SRV\",\"TTL\":300,\"ResourceRecords\":"
	"[{\"Value\":\"1 10 5060 sip.example.com.\"}]},"
	"{\"Name\":\"www.example.com.\",\"Type\":\"A\",\"TTL\":300,\"ResourceRecords\":[{\"Value\":"
	"\"198.51.100.80\"},{\"Value\":\"198.51.100.81\"}]},"
	"{\"Name\":\"www.example.com.\",\"Type\":\"AAAA\",\"TTL\":300,\"ResourceRecords\":[{"
	"\"Value\":"
	"\"2001:db8::80\"}]},"
	"{\"Name\":\"api.example.com.\",\"Type\":\"CNAME\",\"TTL\":60,\"ResourceRecords\":[{"
	"\"Value\":"
	"\"www.example.com.\"}]}]},"
	"{\"HostedZoneId\":\"ZPRIV\",\"ResourceRecordSets\":["
	"{\"Name\":\"example.com.\",\"Type\":\"SOA\",\"TTL\":900,\"ResourceRecords\":[{\"Value\":"
	"\"ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400\"}]},"
	"{\"Name\":\"www.example.com.\",\"Type\":\"A\",\"TTL\":60,\"ResourceRecords\":[{\"Value\":"
	"\"10.0.1.80\"}]}]}]}";

static struct model *fz_model;
static struct dns_sim *fz_sim;

static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

static void fz_setup(void)
{
	if (fz_sim)
		return;
	struct diag_list *d = diag_list_new();
	fuzz_require(d && load_snapshot_buffer("fuzz.json", snapshot, sizeof(snapshot) - 1, NULL, d,
					       &fz_model) == 0);
	diag_list_free(d);
	fuzz_require(dns_sim_build(fz_model, &fz_sim, NULL, 0) == 0);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Skip one name (labels, or ending in a pointer) at *off; false when it
 * runs out of the message. */
static int skip_name(const uint8_t *m, size_t n, size_t *off)
{
	for (int i = 0; i < 128; i++) {
		if (*off >= n)
			return 0;
		uint8_t l = m[(*off)++];
		if ((l & 0xC0) == 0xC0) {
			if (*off >= n)
				return 0;
			(*off)++;
			return 1;
		}
		if (!l)
			return 1;
		if (l > 63 || n - *off < l)
			return 0;
		*off += l;
	}
	return 0;
}

static void check_reply(const uint8_t *q, size_t qn, const uint8_t *r, size_t rn, size_t limit)
{
	if (!rn)
		return;
	fuzz_require(rn >= 12 && rn <= limit);
	fuzz_require(r[2] & 0x80);
	if (qn >= 2)
		fuzz_require(r[0] == q[0] && r[1] == q[1]);
	size_t off = 12;
	for (uint16_t i = 0; i < get16(r + 4); i++) {
		fuzz_require(skip_name(r, rn, &off) && rn - off >= 4);
		off += 4;
	}
	uint32_t rrs = (uint32_t)get16(r + 6) + get16(r + 8) + get16(r + 10);
	for (uint32_t i = 0; i < rrs; i++) {
		fuzz_require(skip_name(r, rn, &off) && rn - off >= 10);
		uint16_t rdlen = get16(r + off + 8);
		off += 10;
		fuzz_require(rn - off >= rdlen);
		off += rdlen;
	}
	fuzz_require(off == rn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[65536];
	fz_setup();
	static const char *const from[] = {"internet", "vpc-1"};
	for (int f = 0; f < 2; f++)
		for (int udp = 0; udp < 2; udp++) {
			size_t n = dns_sim_answer_wire(fz_sim, from[f], data, size, udp, out,
						       sizeof(out));
			check_reply(data, size, out, n, udp ? 1232 : 65535);
		}
	return 0;
}
