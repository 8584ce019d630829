/*
 * DOC: the snapshot generators' JSON writer and file helpers (gen_json.h)
 */
#include "gen_json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

void gen_salts(uint64_t seed, uint64_t *salt, int n)
{
	for (int k = 0; k < n; k++)
		salt[k] = splitmix64(seed * GEN_MAX_SALTS + (uint64_t)k);
}

void gen_id(char *buf, size_t size, const char *prefix, uint64_t salt, uint64_t n)
{
	snprintf(buf, size, "%s-0%016" PRIx64, prefix, splitmix64(n ^ salt));
}

unsigned gen_ceil_log2(uint64_t n)
{
	unsigned b = 0;
	while (((uint64_t)1 << b) < n)
		b++;
	return b;
}

static void jw_indent(struct jw *w)
{
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("    ", w->f);
}

static void jw_start(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		if (w->has_items[w->depth])
			fputc(',', w->f);
		w->has_items[w->depth] = true;
		jw_indent(w);
	}
	if (key)
		fprintf(w->f, "\"%s\": ", key);
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_start(w, key);
	fputc(c, w->f);
	w->depth++;
	if (w->depth >= GEN_MAX_DEPTH) {
		fprintf(stderr, "generator: JSON nesting too deep\n");
		exit(2);
	}
	w->has_items[w->depth] = false;
}

static void jw_close(struct jw *w, char c)
{
	bool had = w->has_items[w->depth];
	w->depth--;
	if (had)
		jw_indent(w);
	fputc(c, w->f);
}

void jw_obj(struct jw *w, const char *key)
{
	jw_open(w, key, '{');
}

void jw_arr(struct jw *w, const char *key)
{
	jw_open(w, key, '[');
}

void jw_end_obj(struct jw *w)
{
	jw_close(w, '}');
}

void jw_end_arr(struct jw *w)
{
	jw_close(w, ']');
}

void jw_str(struct jw *w, const char *key, const char *val)
{
	jw_start(w, key);
	fprintf(w->f, "\"%s\"", val);
}

void jw_strf(struct jw *w, const char *key, const char *fmt, ...)
{
	jw_start(w, key);
	fputc('"', w->f);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(w->f, fmt, ap);
	va_end(ap);
	fputc('"', w->f);
}

void jw_int(struct jw *w, const char *key, long long v)
{
	jw_start(w, key);
	fprintf(w->f, "%lld", v);
}

void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_start(w, key);
	fputs(v ? "true" : "false", w->f);
}

void jw_name_tag(struct jw *w, bool dx, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	jw_arr(w, dx ? "tags" : "Tags");
	jw_obj(w, NULL);
	jw_str(w, dx ? "key" : "Key", "Name");
	jw_str(w, dx ? "value" : "Value", buf);
	jw_end_obj(w);
	jw_end_arr(w);
}

void ip_str(uint32_t a, char *buf)
{
	sprintf(buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

void mkdir_p(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
				perror(tmp);
				exit(2);
			}
			*p = '/';
		}
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
		perror(tmp);
		exit(2);
	}
}

void gen_region_dir(const char *out, char *dir, size_t size)
{
	snprintf(dir, size, "%s/aws_configs/%s/%s", out, GEN_ACCOUNT, GEN_REGION);
	mkdir_p(dir);
}

#define GEN_IO_BUF (1 << 20)

void gen_open(struct jw *w, const char *out, const char *name, const char *top)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/aws_configs/%s/%s/%s", out, GEN_ACCOUNT, GEN_REGION, name);
	memset(w, 0, sizeof(*w));
	w->f = fopen(path, "w");
	w->buf = malloc(GEN_IO_BUF);
	if (!w->f || !w->buf) {
		perror(path);
		exit(2);
	}
	setvbuf(w->f, w->buf, _IOFBF, GEN_IO_BUF);
	jw_obj(w, NULL);
	jw_arr(w, top);
}

void gen_close(struct jw *w)
{
	jw_end_arr(w);
	jw_end_obj(w);
	fputc('\n', w->f);
	if (fclose(w->f) != 0) {
		perror("generator: write");
		exit(2);
	}
	free(w->buf);
	w->buf = NULL;
}

void gen_write_files(const char *out, const struct gen_file *files, size_t n, const struct gen *g)
{
	for (size_t i = 0; i < n; i++) {
		struct jw w;
		gen_open(&w, out, files[i].name, files[i].top);
		files[i].write(g, &w);
		gen_close(&w);
	}
}

void gen_vpc(struct jw *w, const char *id, const char *assoc, const char *cidr)
{
	jw_obj(w, NULL);
	jw_str(w, "CidrBlock", cidr);
	jw_str(w, "DhcpOptionsId", "dopt-0a1b2c3d4e5f60718");
	jw_str(w, "State", "available");
	jw_str(w, "VpcId", id);
	jw_str(w, "OwnerId", GEN_ACCOUNT);
	jw_str(w, "InstanceTenancy", "default");
	jw_arr(w, "CidrBlockAssociationSet");
	jw_obj(w, NULL);
	jw_str(w, "AssociationId", assoc);
	jw_str(w, "CidrBlock", cidr);
	jw_obj(w, "CidrBlockState");
	jw_str(w, "State", "associated");
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_bool(w, "IsDefault", false);
}

void gen_subnet(struct jw *w, const char *id, const char *vpc, const char *cidr, unsigned az,
		long long free, bool map_public)
{
	jw_obj(w, NULL);
	jw_strf(w, "AvailabilityZone", GEN_REGION "%c", 'a' + az);
	jw_strf(w, "AvailabilityZoneId", "use1-az%u", az + 1);
	jw_int(w, "AvailableIpAddressCount", free);
	jw_str(w, "CidrBlock", cidr);
	jw_bool(w, "DefaultForAz", false);
	jw_bool(w, "MapPublicIpOnLaunch", map_public);
	jw_str(w, "State", "available");
	jw_str(w, "SubnetId", id);
	jw_str(w, "VpcId", vpc);
	jw_str(w, "OwnerId", GEN_ACCOUNT);
	jw_bool(w, "AssignIpv6AddressOnCreation", false);
	jw_arr(w, "Ipv6CidrBlockAssociationSet");
	jw_end_arr(w);
	jw_strf(w, "SubnetArn", "arn:aws:ec2:" GEN_REGION ":" GEN_ACCOUNT ":subnet/%s", id);
}

void gen_rtb_assoc(struct jw *w, const char *assoc, const char *rtb, bool main, const char *subnet)
{
	jw_obj(w, NULL);
	jw_bool(w, "Main", main);
	jw_str(w, "RouteTableAssociationId", assoc);
	jw_str(w, "RouteTableId", rtb);
	if (subnet)
		jw_str(w, "SubnetId", subnet);
	jw_obj(w, "AssociationState");
	jw_str(w, "State", "associated");
	jw_end_obj(w);
	jw_end_obj(w);
}

void gen_rtb_routes(struct jw *w, const char *rtb, const char *cidr)
{
	jw_arr(w, "PropagatingVgws");
	jw_end_arr(w);
	jw_str(w, "RouteTableId", rtb);
	jw_arr(w, "Routes");
	gen_route(w, cidr, "GatewayId", "local", "CreateRouteTable");
}

void gen_route(struct jw *w, const char *dst, const char *gw_key, const char *gw,
	       const char *origin)
{
	jw_obj(w, NULL);
	jw_str(w, "DestinationCidrBlock", dst);
	jw_str(w, gw_key, gw);
	jw_str(w, "Origin", origin);
	jw_str(w, "State", "active");
	jw_end_obj(w);
}
