/*
 * DOC: snapshot loader: files, directories, dispatch
 *
 * A snapshot is a JSON file or a directory tree of them.  Directories are
 * walked in sorted order (so findings and "first wins" duplicates are the
 * same on every machine); only *.json files are read and hidden entries are
 * skipped.  Symlinks are followed, but every directory entered and every
 * file taken is remembered by (device, inode): a directory is walked once
 * and a file read once however many links lead there, so a symlink loop
 * costs one warning instead of an exponential walk.  Whatever is not read
 * (loops, second links, too deep, FIFOs and devices, dangling links) is a
 * "SkippedInput" finding naming the path.  Nothing is opened that could
 * block: paths are stat()ed, then opened O_NONBLOCK and fstat()ed again.
 *
 * The Batfish aws_configs layout is honoured: a file's parent
 * folder gives its region when it looks like one, and the grandparent its
 * account when that is a 12-digit account id.  A file's own top-level
 * "Region"/"AccountId" apply when the folders say nothing; a resource's
 * AvailabilityZone comes last (ld_obj_init).
 *
 * Each top-level key is dispatched through ld_keys[], one table for every
 * reader.  Files are read with read() and parsed by ld_parse.c into cJSON
 * trees in a per-document arena, a directory's files in parallel
 * (ld_files); parse errors are reported as path:line:column.  After the
 * last file: AWS defaults, duplicate ids dropped (ld_dedup_ids), vectors
 * moved into the model, index, relation resolution.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* Bounds on outside input we walk: directory depth (loops are caught by
 * inode; this bounds genuinely deep trees and the recursion) and file size
 * (a JSON document whose tree takes several times its size in memory). */
#define LD_MAX_DEPTH 32
#define LD_MAX_FILE  ((size_t)1 << 31)

/* A top-level key and its reader: @fn for the whole array, else @item for
 * each element with its required @id_key (ld_each_elem), else @live.fn for
 * each element with its id and new entity (ld_each_live). */
struct ld_key {
	const char *key;
	ld_reader_fn fn;
	const char *id_key;
	ld_item_fn item;
	struct ld_live live;
};

static const struct ld_key ld_keys[] = {
	{"Vpcs", .id_key = "VpcId", .item = ld_vpc},
	{"Subnets", .id_key = "SubnetId", .item = ld_subnet},
	{"RouteTables", .id_key = "RouteTableId", .item = ld_route_table},
	{"SecurityGroups", .fn = ld_security_groups},
	{"NetworkAcls", .id_key = "NetworkAclId", .item = ld_network_acl},
	{"VpcAttributes", .id_key = "VpcId", .item = ld_vpc_attribute},
	{"NetworkInterfaces", .fn = ld_enis},
	{"Reservations", .fn = ld_reservations},
	{"InternetGateways", .fn = ld_igws},
	{"EgressOnlyInternetGateways", .fn = ld_eigws},
	{"NatGateways", .id_key = "NatGatewayId",
	 .live = {MODEL_NATGW, "State", offsetof(struct model_natgw, state), ld_natgw}},
	{"Addresses", .fn = ld_addresses},
	{"VpcPeeringConnections", .id_key = "VpcPeeringConnectionId", .item = ld_pcx},
	{"VpcEndpoints", .id_key = "VpcEndpointId",
	 .live = {MODEL_VPCE, "State", offsetof(struct model_vpce, state), ld_vpce}},
	{"ServiceConfigurations", .id_key = "ServiceId", .item = ld_vpce_svc},
	{"DBInstances", .id_key = "DBInstanceIdentifier", .item = ld_db},
	{"DomainStatusList", .id_key = "DomainName", .item = ld_os_domain},
	{"CacheClusters", .id_key = "CacheClusterId", .item = ld_cache_cluster},
	{"CacheSubnetGroups", .id_key = "CacheSubnetGroupName", .item = ld_cache_subnet_group},
	{"ReplicationGroups", .id_key = "ReplicationGroupId", .item = ld_cache_rg},
	{"Functions", .id_key = "FunctionName", .item = ld_lambda},
	{"MountTargets", .id_key = "MountTargetId", .item = ld_efs_mt},
	{"ServiceDetails", .id_key = "ServiceName", .item = ld_svc_detail},
	{"DhcpOptions", .id_key = "DhcpOptionsId", .item = ld_dhcp},
	{"VpcEndpointServiceConfigurations", .id_key = "ServiceId", .item = ld_vpce_svc},
	{"PrefixLists", .id_key = "PrefixListId", .item = ld_prefix_list},
	{"TransitGateways", .id_key = "TransitGatewayId",
	 .live = {MODEL_TGW, "State", offsetof(struct model_tgw, state), ld_tgw}},
	{"TransitGatewayAttachments", .fn = ld_tgw_atts},
	{"TransitGatewayVpcAttachments", .fn = ld_tgw_vpc_atts},
	{"TransitGatewayPeeringAttachments", .fn = ld_tgw_peering_atts},
	{"TransitGatewayRouteTables", .id_key = "TransitGatewayRouteTableId",
	 .live = {MODEL_TGW_RTB, "State", offsetof(struct model_tgw_rtb, state), ld_tgw_rtb}},
	{"TransitGatewayPropagations", .fn = ld_tgw_props},
	{"TransitGatewayStaticRoutes", .fn = ld_tgw_statics},
	{"TransitGatewayPrefixListReferences", .fn = ld_tgw_pl_refs},
	{"VpnGateways", .id_key = "VpnGatewayId",
	 .live = {MODEL_VGW, "State", offsetof(struct model_vgw, state), ld_vgw, "AvailabilityZone",
		  offsetof(struct model_vgw, az)}},
	{"CustomerGateways", .id_key = "CustomerGatewayId",
	 .live = {MODEL_CGW, "State", offsetof(struct model_cgw, state), ld_cgw}},
	{"VpnConnections", .id_key = "VpnConnectionId",
	 .live = {MODEL_VPN, "State", offsetof(struct model_vpn, state), ld_vpn}},
	/* The AWS CLI prints Direct Connect in camelCase; Batfish's
	 * collector and fixtures use PascalCase.  Both are accepted. */
	{"directConnectGateways", .fn = ld_dxgws},
	{"DirectConnectGateways", .fn = ld_dxgws},
	{"directConnectGatewayAssociations", .fn = ld_dxgw_assocs},
	{"DirectConnectGatewayAssociations", .fn = ld_dxgw_assocs},
	{"virtualInterfaces", .fn = ld_vifs},
	{"VirtualInterfaces", .fn = ld_vifs},
	{"LoadBalancers", .id_key = "LoadBalancerArn", .item = ld_lb},
	{"LoadBalancerDescriptions", .id_key = "LoadBalancerName", .item = ld_clb},
	{"TargetGroups", .id_key = "TargetGroupArn", .item = ld_tg},
	{"LoadBalancerListeners", .id_key = "LoadBalancerArn", .item = ld_lb_listener_set},
	{"LoadBalancerAttributes", .id_key = "LoadBalancerArn", .item = ld_lb_attr_set},
	{"LoadBalancerTargetHealth", .id_key = "TargetGroupArn", .item = ld_tg_health_set},
	{"ClassicLoadBalancerAttributes", .id_key = "LoadBalancerName", .item = ld_clb_attr_set},
	{"ClassicLoadBalancerInstanceHealth", .id_key = "LoadBalancerName",
	 .item = ld_clb_health_set},
	{"Rules", .fn = ld_lb_rules},
	{"LoadBalancerRules", .id_key = "ListenerArn", .item = ld_lb_rule_set},
	{"TargetGroupAttributes", .id_key = "TargetGroupArn", .item = ld_tg_attr_set},
	{"HostedZones", .fn = ld_zones},
	{"VPCs", .fn = ld_zone_vpcs_doc},
	{"ResourceRecordSets", .fn = ld_rrsets_doc},
	{"HostedZoneResourceRecordSets", .fn = ld_zone_rrsets},
	{"HealthCheckObservations", .id_key = "HealthCheckId", .item = ld_health_check},
	{"CidrBlocks", .id_key = "CollectionId", .item = ld_cidr_blocks},
	{"ResolverRules", .id_key = "Id", .item = ld_rslvr_rule},
	{"ResolverRuleAssociations", .id_key = "Id", .item = ld_rslvr_assoc},
	{"ResolverEndpoints", .id_key = "Id", .item = ld_rslvr_ep},
	{"ResolverEndpointIpAddresses", .id_key = "ResolverEndpointId", .item = ld_rslvr_ep_ips},
	{"FirewallRuleGroups", .id_key = "Id", .live = {MODEL_FW_GROUP, "Status", 0, ld_fw_group}},
	{"FirewallRules", .fn = ld_fw_rules},
	{"FirewallRuleGroupAssociations", .id_key = "Id", .item = ld_fw_assoc},
	{"FirewallDomainLists", .id_key = "Id", .item = ld_fw_list},
	{"FirewallDomains", .id_key = "FirewallDomainListId", .item = ld_fw_domains},
	{"Sites", .id_key = "SiteId", .item = ld_site},
	{"Appliances", .id_key = "InstanceId", .item = ld_appliance},
};

/* Keys whose value is one object, not an array: get-hosted-zone's output. */
static const struct ld_key ld_object_keys[] = {
	{"HostedZone", .fn = ld_hosted_zone_doc},
};

/* Keys that are not resources: the file's scope, the CLI's pagination
 * wrapper, and the keys Batfish itself ignores without a warning. */
static const char *const ld_quiet_keys[] = {
	"Region",
	"AccountId",
	"NextToken",
	"ResponseMetadata",
	"AvailabilityZones",
	"Regions",
	"InstanceStatuses",
	"PlacementGroups",
	"ServiceNames",
	"Tags",
	/* list-cidr-collections: names only; the CidrBlocks wrapper carries
	 * what IP-based routing needs */
	"CidrCollections",
	/* Route 53's scalars beside its arrays: pagination, the zone id
	 * added to list-resource-record-sets, get-hosted-zone's delegation */
	"HostedZoneId",
	"IsTruncated",
	"MaxItems",
	"Marker",
	"NextMarker",
	"NextRecordName",
	"NextRecordType",
	"NextRecordIdentifier",
	"DelegationSet",
};

static const struct ld_key *ld_key_find(const char *k)
{
	for (size_t i = 0; i < sizeof(ld_keys) / sizeof(ld_keys[0]); i++)
		if (strcmp(k, ld_keys[i].key) == 0)
			return &ld_keys[i];
	return NULL;
}

static const struct ld_key *ld_object_key_find(const char *k)
{
	for (size_t i = 0; i < sizeof(ld_object_keys) / sizeof(ld_object_keys[0]); i++)
		if (strcmp(k, ld_object_keys[i].key) == 0)
			return &ld_object_keys[i];
	return NULL;
}

static bool ld_key_quiet(const char *k)
{
	for (size_t i = 0; i < sizeof(ld_quiet_keys) / sizeof(ld_quiet_keys[0]); i++)
		if (strcmp(k, ld_quiet_keys[i]) == 0)
			return true;
	return false;
}

/* ---- context ---- */

static int ld_ctx_init(struct ld_ctx *c, const struct load_opts *opts, struct diag_list *diag)
{
	memset(c, 0, sizeof(*c));
	c->diag = diag;
	c->opts = opts;
	c->m = calloc(1, sizeof(*c->m));
	if (!c->m)
		return VS_ENOMEM;
	c->m->arena = c->arena = arena_new();
	c->unknown_keys = hmap_new(16);
	if (!c->arena || !c->unknown_keys)
		return VS_ENOMEM;
#define V(kind, name, arr, type) vec_init(&c->arr, sizeof(type));
	MODEL_KINDS(V)
#undef V
	vec_init(&c->tgw_props, sizeof(struct ld_tgw_prop));
	vec_init(&c->tgw_statics, sizeof(struct ld_tgw_static));
	vec_init(&c->lb_listeners, sizeof(struct ld_batch));
	vec_init(&c->lb_attrs, sizeof(struct ld_batch));
	vec_init(&c->tg_health, sizeof(struct ld_batch));
	vec_init(&c->clb_health, sizeof(struct ld_batch));
	vec_init(&c->dxgw_assocs, sizeof(struct ld_dxgw_assoc));
	vec_init(&c->vpc_attrs, sizeof(struct ld_vpc_attr));
	vec_init(&c->lb_rules, sizeof(struct ld_lb_rules));
	vec_init(&c->tg_attrs, sizeof(struct ld_tg_attrs));
	vec_init(&c->zone_rrsets, sizeof(struct ld_zone_rrsets));
	vec_init(&c->zone_docs, sizeof(struct ld_zone_doc));
	return 0;
}

/* Release what the context still owns; @keep_model false frees the model. */
static void ld_ctx_fini(struct ld_ctx *c, bool keep_model)
{
#define ALL(kind, name, arr, type) &c->arr,
	struct vec *all[] = {
		MODEL_KINDS(ALL) & c->tgw_props,
		&c->tgw_statics,
		&c->lb_listeners,
		&c->lb_attrs,
		&c->tg_health,
		&c->clb_health,
		&c->dxgw_assocs,
		&c->vpc_attrs,
		&c->lb_rules,
		&c->tg_attrs,
		&c->zone_rrsets,
		&c->zone_docs,
	};
#undef ALL
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		vec_release(all[i]);
	hmap_free(c->unknown_keys);
	c->unknown_keys = NULL;
	if (!keep_model)
		model_free(c->m); /* and the arena with it */
	c->m = NULL;
}

static void ld_move_vectors(struct ld_ctx *c)
{
	struct model *m = c->m;
#define MV(kind, name, arr, type) m->arr = vec_take(&c->arr, &m->n_##arr);
	MODEL_KINDS(MV)
#undef MV
}

/* ---- Batfish folder layout ---- */

/* "us-east-1", "us-gov-west-1", "ap-southeast-1", "cn-north-1": two
 * letters, one or more alphabetic words, a number. */
static bool ld_looks_region(const char *s, size_t n)
{
	size_t i = 0, words = 0;
	if (n < 4 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z' || s[2] != '-')
		return false;
	i = 3;
	for (;;) {
		size_t st = i;
		while (i < n && s[i] >= 'a' && s[i] <= 'z')
			i++;
		if (i == st)
			break;
		if (i >= n || s[i] != '-')
			return false;
		i++;
		words++;
	}
	size_t st = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return words >= 1 && i > st && i == n;
}

static bool ld_looks_account(const char *s, size_t n)
{
	if (n != 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The @up-th folder above the file at @path (1 = parent): start and length,
 * or false when the path has no such folder. */
static bool ld_path_dir(const char *path, unsigned up, const char **s, size_t *n)
{
	const char *end = path + strlen(path);
	for (unsigned k = 0; k <= up; k++) {
		/* skip the current component, then its separator(s) */
		while (end > path && end[-1] != '/')
			end--;
		if (end == path)
			return false;
		while (end > path && end[-1] == '/')
			end--;
		if (end == path)
			return false;
		if (k == up - 1)
			break;
	}
	const char *st = end;
	while (st > path && st[-1] != '/')
		st--;
	*s = st;
	*n = (size_t)(end - st);
	return *n > 0;
}

static int ld_scope_from_path(struct ld_ctx *c, const char *path)
{
	const char *s;
	size_t n;
	c->region = c->account = NULL;
	if (!ld_path_dir(path, 1, &s, &n))
		return 0;
	if (ld_looks_region(s, n)) {
		if (!(c->region = arena_strndup(c->arena, s, n)))
			return VS_ENOMEM;
		if (ld_path_dir(path, 2, &s, &n) && ld_looks_account(s, n) &&
		    !(c->account = arena_strndup(c->arena, s, n)))
			return VS_ENOMEM;
	} else if (ld_looks_account(s, n)) {
		if (!(c->account = arena_strndup(c->arena, s, n)))
			return VS_ENOMEM;
	}
	return 0;
}

/* ---- one document ---- */

static const char *ld_top_str(struct ld_ctx *c, const cJSON *root, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring) {
		ld_error(c, "SnapshotFormat", NULL, "top-level %s must be a non-empty string", key);
		return NULL;
	}
	return v->valuestring;
}

static int ld_unknown_key(struct ld_ctx *c, const char *key)
{
	if (hmap_get_str(c->unknown_keys, key))
		return 0;
	const char *k = arena_strdup(c->arena, key);
	if (!k)
		return VS_ENOMEM;
	int rc = hmap_put_str(c->unknown_keys, k, (void *)k, NULL);
	if (rc)
		return rc;
	ld_warn(c, "UnknownKey", NULL, "unknown top-level key \"%.100s\" skipped", key);
	return 0;
}

/* Read the parsed document @root of file @path into the model (the tree
 * stays the caller's). */
static int ld_document_read(struct ld_ctx *c, const char *path, const cJSON *root)
{
	int rc = 0;
	if (!(c->file = arena_strdup(c->arena, path))) {
		rc = VS_ENOMEM;
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		ld_error(c, "SnapshotFormat", NULL,
			 "the top level must be an object of AWS response keys");
		goto out;
	}
	if ((rc = ld_scope_from_path(c, path)))
		goto out;
	const char *r = ld_top_str(c, root, "Region");
	const char *a = ld_top_str(c, root, "AccountId");
	if (!c->region && r && !(c->region = arena_strdup(c->arena, r))) {
		rc = VS_ENOMEM;
		goto out;
	}
	if (!c->account && a && !(c->account = arena_strdup(c->arena, a))) {
		rc = VS_ENOMEM;
		goto out;
	}
	const cJSON *it;
	c->root = root;
	cJSON_ArrayForEach(it, root)
	{
		const char *k = it->string ? it->string : "";
		const struct ld_key *lk = ld_key_find(k);
		bool object = false;
		if (!lk && (lk = ld_object_key_find(k)))
			object = true;
		if (!lk) {
			if (!ld_key_quiet(k) && (rc = ld_unknown_key(c, k)))
				goto out;
			continue;
		}
		if (cJSON_IsNull(it))
			continue;
		if (object ? !cJSON_IsObject(it) : !cJSON_IsArray(it)) {
			ld_error(c, "SnapshotFormat", NULL, "the value of %s must be an %s", k,
				 object ? "object" : "array");
			continue;
		}
		rc = lk->fn      ? lk->fn(c, it) :
		     lk->live.fn ? ld_each_live(c, it, lk->key, lk->id_key, &lk->live) :
				   ld_each_elem(c, it, lk->key, lk->id_key, lk->item);
		if (rc)
			goto out;
	}
out:
	c->region = c->account = NULL;
	c->root = NULL;
	return rc;
}

/* ---- files: read and parsed by worker threads, read into the model in order ----
 *
 * Parsing is most of a load (bench/: the loader adds a few percent to the
 * bare JSON parse), and the files of a snapshot are independent, so a
 * directory's files are parsed by up to LD_MAX_THREADS threads while the
 * loading thread reads each parsed document into the model in path order.
 * Findings and "first wins" stay exactly as in a serial load: only the
 * loading thread touches the context and the diagnostics.  The cost is
 * memory: documents parsed ahead of the reader are held at once.
 */
#define LD_MAX_THREADS 4

enum ld_job_status {
	LD_JOB_OK = 0,
	LD_JOB_OPEN,    /* open failed: err */
	LD_JOB_NOTREG,  /* not a regular file (mode) */
	LD_JOB_TOO_BIG, /* over LD_MAX_FILE */
	LD_JOB_READ,    /* read failed (err) or came short (err 0) */
	LD_JOB_NOMEM,   /* no memory for the file's bytes */
	LD_JOB_JSON,    /* the parse failed: json.rc, json.what, json.line/col */
};

struct ld_job {
	const char *path; /* owned by the caller */
	size_t limit;     /* load_opts.max_doc_memory */
	enum ld_job_status status;
	int err;
	mode_t mode;
	char *buf;
	size_t len;
	struct ld_json_doc json;
	bool parsed, done;
	bool zone; /* a master file: its bytes are kept for ld_zonefile() */
};

static bool ld_ends_with(const char *n, const char *sfx)
{
	size_t l = strlen(n), k = strlen(sfx);
	return l > k && strcmp(n + l - k, sfx) == 0;
}

/* What a file of mode @m is, for "X, not a regular file". */
static const char *ld_mode_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISDIR(m))
		return "a directory";
	return "not a regular file";
}

/* Open @path for reading without blocking, whatever it is (a FIFO opened
 * for reading with O_NONBLOCK returns at once, where a plain open waits for
 * a writer forever), and fstat it.  0 or an errno value. */
static int ld_open(const char *path, int *fd, struct stat *st)
{
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd < 0)
		return errno;
	if (fstat(*fd, st) != 0) {
		int e = errno;
		close(*fd);
		*fd = -1;
		return e;
	}
	return 0;
}

/* Read and parse one file; touches nothing but @j (worker threads). */
static void ld_job_parse(struct ld_job *j)
{
	int fd;
	struct stat st;
	if ((j->err = ld_open(j->path, &fd, &st))) {
		j->status = LD_JOB_OPEN;
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		j->status = LD_JOB_NOTREG;
		j->mode = st.st_mode;
		goto out;
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > LD_MAX_FILE) {
		j->status = LD_JOB_TOO_BIG;
		goto out;
	}
	j->len = (size_t)st.st_size;
	if (!(j->buf = malloc(j->len ? j->len : 1))) {
		j->status = LD_JOB_NOMEM;
		goto out;
	}
	size_t got = 0;
	while (got < j->len) {
		ssize_t r = read(fd, j->buf + got, j->len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			j->status = LD_JOB_READ;
			j->err = r < 0 ? errno : 0;
			goto out;
		}
		got += (size_t)r;
	}
	if (j->zone)
		goto out; /* read on the loading thread, in order */
	j->parsed = true;
	if (ld_json_parse(j->buf, j->len, j->limit, &j->json))
		j->status = LD_JOB_JSON;
	/* the tree holds copies of every string: the bytes can go now */
	free(j->buf);
	j->buf = NULL;
out:
	close(fd);
}

static void ld_job_release(struct ld_job *j)
{
	if (j->parsed)
		ld_json_doc_free(&j->json);
	j->parsed = false;
	free(j->buf);
	j->buf = NULL;
}

/* An out-of-memory finding naming what was being read. */
static void ld_nomem(struct ld_ctx *c, const char *path, const char *what)
{
	if (c->diag)
		(void)diag_add(c->diag, DIAG_ERROR, "OutOfMemory", NULL, path, 0, 0,
			       "out of memory while %s", what);
}

/* Report the parse of @doc (file @path): its failure, or its duplicate
 * keys; then read it into the model.  VS_EPARSE, VS_ENOMEM or the read's. */
static int ld_doc_finish(struct ld_ctx *c, const char *path, size_t len,
			 const struct ld_json_doc *doc)
{
	char what[96];
	if (doc->rc == VS_ENOMEM) {
		snprintf(what, sizeof(what), "parsing the JSON of this file (%zu bytes)", len);
		ld_nomem(c, path, what);
		return VS_ENOMEM;
	}
	if (doc->rc) {
		if (c->diag)
			(void)diag_add(c->diag, DIAG_ERROR, "JsonSyntax", NULL, path, doc->line,
				       doc->col, "invalid JSON: %s", doc->what);
		return VS_EPARSE;
	}
	for (uint32_t i = 0; c->diag && i < doc->n_dups; i++) {
		const struct ld_json_dup *x = VEC_AT(&doc->dups, struct ld_json_dup, i);
		(void)diag_add(c->diag, DIAG_WARNING, "DuplicateKey", NULL, path, x->line, x->col,
			       "duplicate key \"%s\" in an object (first at line %u, column %u): "
			       "the first value is used, this one is ignored",
			       x->key, x->first_line, x->first_col);
	}
	if (c->diag && doc->n_dups_total > doc->n_dups)
		(void)diag_add(c->diag, DIAG_WARNING, "DuplicateKey", NULL, path, 0, 0,
			       "%u more duplicate keys not listed (each first value is used)",
			       doc->n_dups_total - doc->n_dups);
	int rc = ld_document_read(c, path, doc->root);
	if (rc == VS_ENOMEM)
		ld_nomem(c, path, "reading this file into the model");
	return rc;
}

/* Report what went wrong with @j, or read its document into the model
 * (loading thread only).  Releases the job's memory. */
static int ld_job_finish(struct ld_ctx *c, struct ld_job *j)
{
	int rc;
	const char *why = NULL;
	char what[96];
	switch (j->status) {
	case LD_JOB_OK:
		if (j->zone) {
			rc = ld_zonefile(c, j->path, j->buf, j->len);
			if (rc == VS_ENOMEM)
				ld_nomem(c, j->path, "reading this zone file into the model");
			break;
		}
		rc = ld_doc_finish(c, j->path, j->len, &j->json);
		break;
	case LD_JOB_JSON:
		rc = ld_doc_finish(c, j->path, j->len, &j->json);
		break;
	case LD_JOB_NOMEM:
		snprintf(what, sizeof(what), "reading this file (%zu bytes)", j->len);
		ld_nomem(c, j->path, what);
		rc = VS_ENOMEM;
		break;
	case LD_JOB_OPEN:
		why = strerror(j->err);
		rc = j->err == ENOENT ? VS_ENOENT : VS_EIO;
		if (c->diag)
			diag_add(c->diag, DIAG_ERROR, "FileUnreadable", NULL, j->path, 0, 0,
				 "cannot open: %s", why);
		break;
	case LD_JOB_NOTREG:
		rc = VS_ESNAPSHOT;
		if (c->diag)
			diag_add(c->diag, DIAG_ERROR, "FileUnreadable", NULL, j->path, 0, 0,
				 "%s, not a regular file or directory: refused",
				 ld_mode_name(j->mode));
		break;
	default:
		why = j->status == LD_JOB_TOO_BIG ? "larger than 2 GiB" :
		      j->err                      ? strerror(j->err) :
						    "short read";
		rc = VS_EIO;
		if (c->diag)
			diag_add(c->diag, DIAG_ERROR, "FileUnreadable", NULL, j->path, 0, 0,
				 "cannot read: %s", why);
		break;
	}
	ld_job_release(j);
	return rc;
}

static size_t ld_doc_limit(const struct ld_ctx *c)
{
	return c->opts ? c->opts->max_doc_memory : 0;
}

static int ld_file(struct ld_ctx *c, const char *path)
{
	struct ld_job j = {
		.path = path, .limit = ld_doc_limit(c), .zone = ld_ends_with(path, ".zone")};
	ld_job_parse(&j);
	return ld_job_finish(c, &j);
}

struct ld_pool {
	struct ld_job *jobs;
	uint32_t n, next;
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *ld_worker(void *arg)
{
	struct ld_pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		if (p->stop || p->next == p->n) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		struct ld_job *j = &p->jobs[p->next++];
		pthread_mutex_unlock(&p->mu);
		ld_job_parse(j);
		pthread_mutex_lock(&p->mu);
		j->done = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Load the files @paths[0..n) in that order, parsing ahead in threads. */
static int ld_files(struct ld_ctx *c, char *const *paths, uint32_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint32_t nt = cpus < 1 ? 1 : cpus > LD_MAX_THREADS ? LD_MAX_THREADS : (uint32_t)cpus;
	if (nt > n)
		nt = n;
	if (nt <= 1) {
		int rc = 0;
		for (uint32_t i = 0; i < n && !rc; i++)
			rc = ld_file(c, paths[i]);
		return rc;
	}
	struct ld_pool p = {.n = n};
	pthread_t tid[LD_MAX_THREADS];
	if (!(p.jobs = calloc(n, sizeof(*p.jobs))))
		return VS_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		p.jobs[i].path = paths[i];
		p.jobs[i].limit = ld_doc_limit(c);
		p.jobs[i].zone = ld_ends_with(paths[i], ".zone");
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	uint32_t started = 0;
	for (; started < nt; started++)
		if (pthread_create(&tid[started], NULL, ld_worker, &p) != 0)
			break;
	int rc = 0;
	for (uint32_t i = 0; i < n && !rc; i++) {
		struct ld_job *j = &p.jobs[i];
		if (!started) { /* no thread could start: parse here */
			ld_job_parse(j);
			j->done = true;
		}
		pthread_mutex_lock(&p.mu);
		while (!j->done)
			pthread_cond_wait(&p.cv, &p.mu);
		pthread_mutex_unlock(&p.mu);
		rc = ld_job_finish(c, j);
	}
	pthread_mutex_lock(&p.mu);
	p.stop = true;
	pthread_mutex_unlock(&p.mu);
	for (uint32_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	for (uint32_t i = 0; i < n; i++)
		ld_job_release(&p.jobs[i]);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	free(p.jobs);
	return rc;
}

/* ---- directory walk ---- */

static int ld_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A snapshot file: AWS's JSON, or a zone's master file (ld_zonefile()). */
static bool ld_is_input_name(const char *n)
{
	return ld_ends_with(n, ".json") || ld_ends_with(n, ".zone");
}

/* A directory or file already met, by device and inode. */
struct ld_seen {
	struct {
		dev_t dev;
		ino_t ino;
	} key;
	const char *path; /* where it was first met (walk arena) */
	bool open;        /* a directory still being walked: an ancestor */
};

struct ld_walk {
	struct ld_ctx *c;
	struct vec *files;   /* char *, the *.json files to read, in order */
	struct hmap *dirs;   /* key -> struct ld_seen *, every directory entered */
	struct hmap *inodes; /* key -> struct ld_seen *, every file taken */
	struct arena *a;
};

static void ld_walk_warn(struct ld_walk *w, enum diag_severity sev, const char *path,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void ld_walk_warn(struct ld_walk *w, enum diag_severity sev, const char *path,
			 const char *fmt, ...)
{
	if (!w->c->diag)
		return;
	va_list ap;
	va_start(ap, fmt);
	(void)diag_vadd(w->c->diag, sev, "SkippedInput", NULL, path, 0, 0, fmt, ap);
	va_end(ap);
}

/* The record of @st in @h, or a new one (*@fresh true) for @path; NULL
 * when out of memory. */
static struct ld_seen *ld_seen_get(struct ld_walk *w, struct hmap *h, const struct stat *st,
				   const char *path, bool *fresh)
{
	struct ld_seen probe;
	memset(&probe, 0, sizeof(probe));
	probe.key.dev = st->st_dev;
	probe.key.ino = st->st_ino;
	struct ld_seen *s = hmap_get(h, &probe.key, sizeof(probe.key));
	*fresh = !s;
	if (s)
		return s;
	if (!(s = arena_alloc(w->a, sizeof(*s))) || !(s->path = arena_strdup(w->a, path)))
		return NULL;
	s->key = probe.key;
	if (hmap_put(h, &s->key, sizeof(s->key), s, NULL))
		return NULL;
	return s;
}

/* Append the paths of the *.json files under @dir (of stat @dst) to
 * w->files, sorted depth-first.  Each directory is entered once and each
 * file taken once, by device and inode, however many links lead there: a
 * symlink loop costs one warning, never a second walk. */
static int ld_walk_dir(struct ld_walk *w, const char *dir, const struct stat *dst, unsigned depth)
{
	struct ld_ctx *c = w->c;
	bool fresh;
	struct ld_seen *self = ld_seen_get(w, w->dirs, dst, dir, &fresh);
	if (!self)
		return VS_ENOMEM;
	if (!fresh) {
		if (self->open)
			ld_walk_warn(w, DIAG_WARNING, dir,
				     "a link back to %s, which contains it (a loop): not followed",
				     self->path);
		else
			ld_walk_warn(w, DIAG_WARNING, dir,
				     "the same directory as %s, already read: skipped", self->path);
		return 0;
	}
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		if (c->diag)
			diag_add(c->diag, DIAG_ERROR, "FileUnreadable", NULL, dir, 0, 0,
				 "cannot open directory: %s", strerror(e));
		return e == ENOENT ? VS_ENOENT : VS_EIO;
	}
	self->open = true;
	struct vec names;
	vec_init(&names, sizeof(char *));
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue; /* hidden, "." and ".." */
		size_t l = strlen(dir) + 1 + strlen(de->d_name) + 1;
		char *p = malloc(l);
		char **slot = p ? vec_push(&names) : NULL;
		if (!slot) {
			free(p);
			rc = VS_ENOMEM;
			goto out;
		}
		snprintf(p, l, "%s/%s", dir, de->d_name);
		*slot = p;
	}
	if (names.n)
		qsort(names.items, names.n, sizeof(char *), ld_name_cmp);
	for (uint32_t i = 0; i < names.n && !rc; i++) {
		char **pp = VEC_AT(&names, char *, i);
		const char *p = *pp;
		bool json = ld_is_input_name(p);
		struct stat st;
		/* stat() follows symlinks and never blocks, even on a FIFO */
		if (stat(p, &st) != 0) {
			int e = errno;
			struct stat lst;
			if (json || (lstat(p, &lst) == 0 && S_ISLNK(lst.st_mode)))
				ld_walk_warn(w, DIAG_WARNING, p, "%s: skipped",
					     e == ENOENT ? "a dangling symbolic link" :
							   strerror(e));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth + 1 > LD_MAX_DEPTH) {
				ld_walk_warn(w, DIAG_WARNING, p,
					     "directory more than %d levels below the snapshot: "
					     "skipped",
					     LD_MAX_DEPTH);
				continue;
			}
			rc = ld_walk_dir(w, p, &st, depth + 1);
			continue;
		}
		if (!json)
			continue; /* only *.json and *.zone files are snapshot input */
		if (!S_ISREG(st.st_mode)) {
			ld_walk_warn(w, DIAG_WARNING, p, "%s, not a regular file: skipped",
				     ld_mode_name(st.st_mode));
			continue;
		}
		struct ld_seen *f = ld_seen_get(w, w->inodes, &st, p, &fresh);
		if (!f) {
			rc = VS_ENOMEM;
			break;
		}
		if (!fresh) {
			ld_walk_warn(w, DIAG_NOTE, p, "the same file as %s (a link): read once",
				     f->path);
			continue;
		}
		char **slot = vec_push(w->files);
		if (!slot) {
			rc = VS_ENOMEM;
			break;
		}
		*slot = *pp;
		*pp = NULL; /* now owned by w->files */
	}
out:
	self->open = false;
	for (uint32_t i = 0; i < names.n; i++)
		free(*VEC_AT(&names, char *, i));
	vec_release(&names);
	closedir(d);
	return rc;
}

static int ld_walk(struct ld_ctx *c, const char *dir, const struct stat *st, struct vec *files)
{
	struct ld_walk w = {
		.c = c,
		.files = files,
		.dirs = hmap_new(16),
		.inodes = hmap_new(64),
		.a = arena_new(),
	};
	int rc = w.dirs && w.inodes && w.a ? ld_walk_dir(&w, dir, st, 0) : VS_ENOMEM;
	hmap_free(w.dirs);
	hmap_free(w.inodes);
	arena_free(w.a);
	return rc;
}

/* ---- after the last file ---- */

static int ld_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct values of the region (@acc false) or account (@acc true) of
 * every entity, sorted, in the arena. */
static int ld_collect(struct model *m, bool acc, const char ***out, uint32_t *n)
{
	struct hmap *seen = hmap_new(16);
	struct vec v;
	vec_init(&v, sizeof(const char *));
	int rc = seen ? 0 : VS_ENOMEM;
	for (unsigned k = 0; k < MODEL_KIND_COUNT && !rc; k++) {
		uint32_t cnt = model_count(m, (enum model_kind)k);
		for (uint32_t i = 0; i < cnt && !rc; i++) {
			const struct model_obj *o = model_get(m, (enum model_kind)k, i);
			const char *s = acc ? o->account : o->region;
			if (!s || hmap_get_str(seen, s))
				continue;
			const char **slot = vec_push(&v);
			if (!slot || hmap_put_str(seen, s, (void *)s, NULL)) {
				rc = VS_ENOMEM;
				break;
			}
			*slot = s;
		}
	}
	*out = NULL;
	*n = 0;
	if (!rc && v.n) {
		qsort(v.items, v.n, sizeof(const char *), ld_str_cmp);
		*out = arena_memdup(m->arena, v.items, (size_t)v.n * sizeof(const char *));
		if (!*out)
			rc = VS_ENOMEM;
		else
			*n = v.n;
	}
	vec_release(&v);
	hmap_free(seen);
	return rc;
}

/* Findings for duplicate ids, one each up to this many, then a count. */
#define LD_MAX_DUP_IDS 100

/* AWS ids are unique per resource type: a second entity of one kind with
 * the id of an earlier one is a warning naming both files, and is dropped
 * (the first is kept), so counts, defaults and lookups see one.  Prefix
 * lists are the exception AWS makes: an AWS-managed list has one id in
 * every region, so the same id in two regions is two lists (ld_ec2.c
 * merges the records of one region).  Runs after defaults_vpc(), which
 * already gives defaults to the first VPC of an id only. */
/* The directory part of @f (its length; 0 for a bare name). */
static size_t ld_dir_len(const char *f)
{
	const char *slash = f ? strrchr(f, '/') : NULL;
	return slash ? (size_t)(slash - f) : 0;
}

/*
 * @b is the same resource as @a described from another account's (or
 * Region's) folder: a resource shared through AWS RAM appears in the
 * owner's describe-* output and in every participant's, with the owner's
 * OwnerId in each.  Both carry that account and sit in different folders
 * (Batfish layout: aws_configs/ACCOUNT/REGION/).
 */
static bool ld_shared_view(const struct model_obj *a, const struct model_obj *b)
{
	if (!a->file || !b->file || !a->account || !b->account ||
	    strcmp(a->account, b->account) != 0)
		return false;
	size_t da = ld_dir_len(a->file), db = ld_dir_len(b->file);
	return da != db || strncmp(a->file, b->file, da) != 0;
}

static int ld_dedup_ids(struct ld_ctx *c)
{
	uint32_t reported = 0, more = 0;
	for (unsigned k = 0; k < MODEL_KIND_COUNT; k++) {
		struct vec *v = ld_kind_vec(c, (enum model_kind)k);
		if (v->n < 2)
			continue;
		struct hmap *seen = hmap_new(v->n);
		if (!seen)
			return VS_ENOMEM;
		uint32_t keep = 0;
		for (uint32_t i = 0; i < v->n; i++) {
			char *el = (char *)v->items + (size_t)i * v->elem;
			const struct model_obj *o = (const struct model_obj *)(void *)el;
			const struct model_obj *first = NULL;
			if (o->id && *o->id) {
				first = hmap_get_str(seen, o->id);
				if (first && k == MODEL_PL && o->region && first->region &&
				    strcmp(o->region, first->region) != 0)
					first = NULL; /* and the index keeps the first */
				else if (first && k == MODEL_TGW_ATT &&
					 ld_att_other_side((const void *)first, (const void *)o))
					first = NULL; /* the two sides of a TGW peering */
				else if (!first && hmap_put_str(seen, o->id, (void *)o, NULL)) {
					hmap_free(seen);
					return VS_ENOMEM;
				}
			}
			if (first && ld_shared_view(first, o)) {
				/* AWS RAM: the owner and each participant account
				 * describe the same shared VPC, subnet or gateway;
				 * one resource, not a duplicate (vpc-sharing.html) */
				continue;
			}
			if (first) {
				if (reported < LD_MAX_DUP_IDS && c->diag) {
					reported++;
					(void)diag_add(c->diag, DIAG_WARNING, "DuplicateId", o->id,
						       o->file, 0, 0,
						       "a second %s with this id (the first is in "
						       "%s): "
						       "AWS ids are unique per resource type; the "
						       "first "
						       "one is kept, this one is ignored",
						       model_kind_name((enum model_kind)k),
						       first->file ? first->file : "(generated)");
				} else {
					more++;
				}
				continue;
			}
			if (keep != i) {
				memcpy((char *)v->items + (size_t)keep * v->elem, el, v->elem);
				/* the map points at the element: follow it */
				if (o->id && *o->id && hmap_get_str(seen, o->id) == (const void *)o)
					hmap_put_str(seen, o->id,
						     (char *)v->items + (size_t)keep * v->elem,
						     NULL);
			}
			keep++;
		}
		v->n = keep;
		hmap_free(seen);
	}
	if (more && c->diag)
		(void)diag_add(c->diag, DIAG_WARNING, "DuplicateId", NULL, NULL, 0, 0,
			       "%u more entities with the id of an earlier one of their type "
			       "(not listed): ignored, each first one is kept",
			       more);
	return 0;
}

static int ld_finish(struct ld_ctx *c)
{
	int rc;
	if ((rc = ld_dns_merge(c)) || (rc = defaults_vpc(c)) || (rc = ld_dedup_ids(c)))
		return rc;
	ld_move_vectors(c);
	c->file = c->region = c->account = NULL;
	if ((rc = model_index_build(c->m)))
		return rc;
	if ((rc = resolve_vpc(c)) || (rc = resolve_hybrid(c)) || (rc = resolve_dns(c)))
		return rc;
	if ((rc = ld_collect(c->m, false, &c->m->regions, &c->m->n_regions)) ||
	    (rc = ld_collect(c->m, true, &c->m->accounts, &c->m->n_accounts)))
		return rc;
	return 0;
}

static int ld_end(struct ld_ctx *c, int rc, struct model **out)
{
	if (!rc)
		rc = ld_finish(c);
	if (rc) {
		ld_ctx_fini(c, false);
		return rc;
	}
	*out = c->m;
	ld_ctx_fini(c, true);
	return 0;
}

int load_snapshot(const char *path, const struct load_opts *opts, struct diag_list *diag,
		  struct model **out)
{
	if (!path || !out)
		return VS_EINVAL;
	struct ld_ctx c;
	int rc = ld_ctx_init(&c, opts, diag);
	if (rc)
		return ld_end(&c, rc, out);
	/* stat() first: it never blocks and never opens a device; then the
	 * O_NONBLOCK open and fstat of ld_open() (a file can change in
	 * between: the job checks the type again on what it opened). */
	struct stat st;
	int e = stat(path, &st) != 0 ? errno : 0;
	int fd = -1;
	if (!e && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
		e = ld_open(path, &fd, &st);
	if (fd >= 0)
		close(fd);
	if (e) {
		if (diag)
			diag_add(diag, DIAG_ERROR, "FileUnreadable", NULL, path, 0, 0,
				 "cannot open: %s", strerror(e));
		return ld_end(&c, e == ENOENT ? VS_ENOENT : VS_EIO, out);
	}
	if (S_ISDIR(st.st_mode)) {
		struct vec files;
		vec_init(&files, sizeof(char *));
		rc = ld_walk(&c, path, &st, &files);
		if (!rc && files.n)
			rc = ld_files(&c, files.items, files.n);
		else if (!rc) {
			if (diag)
				diag_add(diag, DIAG_ERROR, "SnapshotFormat", NULL, path, 0, 0,
					 "no .json or .zone file in this directory");
			rc = VS_ESNAPSHOT;
		}
		for (uint32_t i = 0; i < files.n; i++)
			free(*VEC_AT(&files, char *, i));
		vec_release(&files);
	} else if (S_ISREG(st.st_mode)) {
		rc = ld_file(&c, path);
	} else {
		if (diag)
			diag_add(diag, DIAG_ERROR, "FileUnreadable", NULL, path, 0, 0,
				 "%s, not a regular file or directory: refused",
				 ld_mode_name(st.st_mode));
		rc = VS_ESNAPSHOT;
	}
	return ld_end(&c, rc, out);
}

int load_snapshot_buffer(const char *name, const char *data, size_t len,
			 const struct load_opts *opts, struct diag_list *diag, struct model **out)
{
	if (!out || (!data && len))
		return VS_EINVAL;
	if (!name)
		name = "<buffer>";
	struct ld_ctx c;
	int rc = ld_ctx_init(&c, opts, diag);
	if (rc)
		return ld_end(&c, rc, out);
	struct ld_json_doc doc;
	ld_json_parse(data ? data : "", len, ld_doc_limit(&c), &doc);
	rc = ld_doc_finish(&c, name, len, &doc);
	ld_json_doc_free(&doc);
	return ld_end(&c, rc, out);
}
