/*
 * DOC: what the snapshot generators share
 *
 * gen_snapshot (the 100k-ENI load/trace snapshot) and gen_hybrid (the
 * 5,000-VPC routing snapshot) write AWS CLI output: JSON indented like the
 * AWS CLI (Python json, indent 4), one file per describe call under
 * OUT/aws_configs/<account>/<region>/.  Strings written are ids, addresses
 * and fixed words: never escaped.  Every I/O error exits with status 2.
 */
#ifndef VPCSIM_BENCH_GEN_JSON_H
#define VPCSIM_BENCH_GEN_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GEN_ACCOUNT   "111122223333"
#define GEN_REGION    "us-east-1"
#define GEN_MAX_DEPTH 32

/* A bijection of 64-bit integers: distinct counters give distinct ids. */
uint64_t splitmix64(uint64_t x);

/* How many salts a generator may have: one per kind of id. */
#define GEN_MAX_SALTS 32
/* The salts of a run with seed @seed: salt[k] for k < @n (<= GEN_MAX_SALTS). */
void gen_salts(uint64_t seed, uint64_t *salt, int n);
/* The id "@prefix-0" and 16 hex digits of counter @n of a kind salted @salt. */
void gen_id(char *buf, size_t size, const char *prefix, uint64_t salt, uint64_t n);
/* The least b with 2^b >= @n. */
unsigned gen_ceil_log2(uint64_t n);

struct jw {
	FILE *f;
	char *buf; /* stdio buffer of this file */
	int depth;
	bool has_items[GEN_MAX_DEPTH];
};

void jw_obj(struct jw *w, const char *key); /* key NULL inside an array */
void jw_arr(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *val);
void jw_strf(struct jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jw_int(struct jw *w, const char *key, long long v);
void jw_bool(struct jw *w, const char *key, bool v);
/* [{"Key": "Name", "Value": ...}] under "Tags"; Direct Connect spells it
 * "tags": [{"key": ..., "value": ...}] (@dx). */
void jw_name_tag(struct jw *w, bool dx, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "a.b.c.d" from a host-order IPv4 address; @buf holds 16 bytes. */
void ip_str(uint32_t a, char *buf);
void mkdir_p(const char *path);
/* Create OUT/aws_configs/<account>/<region>/, its path in @dir. */
void gen_region_dir(const char *out, char *dir, size_t size);

/* Open OUT/aws_configs/<account>/<region>/@name and start {"@top": [ . */
void gen_open(struct jw *w, const char *out, const char *name, const char *top);
/* Close the array and the object, the file; exit 2 when the write failed. */
void gen_close(struct jw *w);

/* Each generator's own state (gen_snapshot.c, gen_hybrid.c), opaque here. */
struct gen;
/* One file a generator writes: the output of one describe call, its
 * top-level key, and what writes its elements into the open array. */
struct gen_file {
	const char *name, *top;
	void (*write)(const struct gen *g, struct jw *w);
};
/* Write the @n files @files under @out, in order, each by its writer. */
void gen_write_files(const char *out, const struct gen_file *files, size_t n, const struct gen *g);

/* Open one describe-vpcs element for VPC @id with the single CIDR @cidr
 * (association @assoc), every field up to IsDefault; the caller adds its
 * Name tag and closes the object. */
void gen_vpc(struct jw *w, const char *id, const char *assoc, const char *cidr);
/* Open one describe-subnets element for subnet @id (@cidr) of VPC @vpc in
 * zone index @az (us-east-1a + @az, use1-az@az+1) with @free addresses
 * available, every field up to SubnetArn; the caller adds its Name tag and
 * closes the object. */
void gen_subnet(struct jw *w, const char *id, const char *vpc, const char *cidr, unsigned az,
		long long free, bool map_public);
/* One element of a route table's Associations: the main association
 * (@main, @subnet NULL) or the explicit one of @subnet. */
void gen_rtb_assoc(struct jw *w, const char *assoc, const char *rtb, bool main, const char *subnet);
/* The middle of one describe-route-tables element, after the caller's
 * Associations: no PropagatingVgws, RouteTableId @rtb, and the Routes array
 * opened with the local route of the VPC CIDR @cidr; the caller adds its
 * routes (gen_route), closes the array, adds its Name tag, VpcId and OwnerId
 * and closes the object. */
void gen_rtb_routes(struct jw *w, const char *rtb, const char *cidr);
/* One active IPv4 route of describe-route-tables: @dst to the gateway @gw
 * under its key @gw_key ("GatewayId", "NatGatewayId", ...), Origin @origin. */
void gen_route(struct jw *w, const char *dst, const char *gw_key, const char *gw,
	       const char *origin);

#endif
