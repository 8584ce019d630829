/*
 * DOC: snapshot loader: files, directories, dispatch
 *
 * A snapshot is a JSON file or a directory tree of them.  Directories are
 * walked in sorted order (so findings and "first wins" duplicates are the
 * same on every machine); only *.json files are read and hidden entries are
 * skipped.  The Batfish aws_configs layout is honoured: a file's parent
 * folder gives its region when it looks like one, and the grandparent its
 * account when that is a 12-digit account id.  A file's own top-level
 * "Region"/"AccountId" apply when the folders say nothing; a resource's
 * AvailabilityZone comes last (ld_obj_init).
 *
 * Each top-level key is dispatched through ld_keys[], one table for every
 * reader.  Files are read with a single fread and parsed with cJSON, a
 * directory's files in parallel (ld_files); parse errors are reported as
 * path:line:column.  After the last file: AWS
 * defaults, vectors moved into the model, index, relation resolution.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* Bounds on outside input we walk: directory depth (symlink loops) and
 * file size (a JSON document cJSON holds in memory several times over). */
#define LD_MAX_DEPTH 32
#define LD_MAX_FILE ((size_t)1 << 31)

struct ld_key {
	const char *key;
	ld_reader_fn fn;
};

static const struct ld_key ld_keys[] = {
	{"Vpcs", ld_vpcs},
	{"Subnets", ld_subnets},
	{"RouteTables", ld_route_tables},
	{"SecurityGroups", ld_security_groups},
	{"NetworkAcls", ld_network_acls},
	{"VpcAttributes", ld_vpc_attributes},
	{"NetworkInterfaces", ld_enis},
	{"Reservations", ld_reservations},
	{"InternetGateways", ld_igws},
	{"EgressOnlyInternetGateways", ld_eigws},
	{"NatGateways", ld_natgws},
	{"Addresses", ld_addresses},
	{"VpcPeeringConnections", ld_pcxs},
	{"VpcEndpoints", ld_vpces},
	{"PrefixLists", ld_prefix_lists},
	{"TransitGateways", ld_tgws},
	{"TransitGatewayAttachments", ld_tgw_atts},
	{"TransitGatewayVpcAttachments", ld_tgw_vpc_atts},
	{"TransitGatewayPeeringAttachments", ld_tgw_peering_atts},
	{"TransitGatewayRouteTables", ld_tgw_rtbs},
	{"TransitGatewayPropagations", ld_tgw_props},
	{"TransitGatewayStaticRoutes", ld_tgw_statics},
	{"VpnGateways", ld_vgws},
	{"CustomerGateways", ld_cgws},
	{"VpnConnections", ld_vpns},
	/* The AWS CLI prints Direct Connect in camelCase; Batfish's
	 * collector and fixtures use PascalCase.  Both are accepted. */
	{"directConnectGateways", ld_dxgws},
	{"DirectConnectGateways", ld_dxgws},
	{"directConnectGatewayAssociations", ld_dxgw_assocs},
	{"DirectConnectGatewayAssociations", ld_dxgw_assocs},
	{"virtualInterfaces", ld_vifs},
	{"VirtualInterfaces", ld_vifs},
	{"LoadBalancers", ld_lbs},
	{"TargetGroups", ld_tgs},
	{"LoadBalancerListeners", ld_lb_listeners},
	{"LoadBalancerAttributes", ld_lb_attrs},
	{"LoadBalancerTargetHealth", ld_lb_health},
	{"HostedZones", ld_zones},
	{"Sites", ld_sites},
};

/* Keys that are not resources: the file's scope, the CLI's pagination
 * wrapper, and the keys Batfish itself ignores without a warning. */
static const char *const ld_quiet_keys[] = {
	"Region", "AccountId", "NextToken", "ResponseMetadata",
	"AvailabilityZones", "DhcpOptions", "Regions", "InstanceStatuses",
	"PlacementGroups", "ServiceNames", "Tags",
};

static const struct ld_key *ld_key_find(const char *k)
{
	for (size_t i = 0; i < sizeof(ld_keys) / sizeof(ld_keys[0]); i++)
		if (strcmp(k, ld_keys[i].key) == 0)
			return &ld_keys[i];
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
#define V(f, t) vec_init(&c->f, sizeof(t))
	V(vpcs, struct model_vpc);
	V(subnets, struct model_subnet);
	V(rtbs, struct model_rtb);
	V(sgs, struct model_sg);
	V(nacls, struct model_nacl);
	V(enis, struct model_eni);
	V(instances, struct model_instance);
	V(igws, struct model_igw);
	V(eigws, struct model_igw);
	V(natgws, struct model_natgw);
	V(eips, struct model_eip);
	V(pcxs, struct model_pcx);
	V(vpces, struct model_vpce);
	V(pls, struct model_pl);
	V(tgws, struct model_tgw);
	V(tgw_atts, struct model_tgw_att);
	V(tgw_rtbs, struct model_tgw_rtb);
	V(vgws, struct model_vgw);
	V(cgws, struct model_cgw);
	V(vpns, struct model_vpn);
	V(dxgws, struct model_dxgw);
	V(vifs, struct model_vif);
	V(lbs, struct model_lb);
	V(tgs, struct model_tg);
	V(zones, struct model_zone);
	V(sites, struct model_site);
	V(tgw_props, struct ld_tgw_prop);
	V(tgw_statics, struct ld_tgw_static);
	V(lb_listeners, struct ld_lb_listeners);
	V(lb_attrs, struct ld_lb_attrs);
	V(tg_health, struct ld_tg_health);
	V(dxgw_assocs, struct ld_dxgw_assoc);
	V(vpc_attrs, struct ld_vpc_attr);
#undef V
	return 0;
}

/* Release what the context still owns; @keep_model false frees the model. */
static void ld_ctx_fini(struct ld_ctx *c, bool keep_model)
{
	struct vec *all[] = {
		&c->vpcs, &c->subnets, &c->rtbs, &c->sgs, &c->nacls, &c->enis, &c->instances,
		&c->igws, &c->eigws, &c->natgws, &c->eips, &c->pcxs, &c->vpces, &c->pls,
		&c->tgws, &c->tgw_atts, &c->tgw_rtbs, &c->vgws, &c->cgws, &c->vpns, &c->dxgws,
		&c->vifs, &c->lbs, &c->tgs, &c->zones, &c->sites, &c->tgw_props,
		&c->tgw_statics, &c->lb_listeners, &c->lb_attrs, &c->tg_health,
		&c->dxgw_assocs, &c->vpc_attrs,
	};
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
#define MV(f) m->f = vec_take(&c->f, &m->n_##f)
	MV(vpcs); MV(subnets); MV(rtbs); MV(sgs); MV(nacls); MV(enis); MV(instances);
	MV(igws); MV(eigws); MV(natgws); MV(eips); MV(pcxs); MV(vpces); MV(pls);
	MV(tgws); MV(tgw_atts); MV(tgw_rtbs); MV(vgws); MV(cgws); MV(vpns); MV(dxgws);
	MV(vifs); MV(lbs); MV(tgs); MV(zones); MV(sites);
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

/* ---- cJSON memory ----
 *
 * cJSON mallocs every node and string separately; a 150 MB snapshot is
 * millions of them, and freeing them one by one (then letting glibc
 * consolidate the freed chunks) cost more than parsing.  While this thread
 * parses a snapshot document, cJSON's allocations come from a per-document
 * arena, dropped whole after the document is read.  The hooks are installed
 * once per process; outside a parse (other threads, other users of cJSON)
 * they are plain malloc/free.  Nodes allocated from the arena are never
 * handed to cJSON_Delete.
 */
static _Thread_local struct arena *ld_json_arena;
static _Thread_local size_t ld_json_nalloc;
static pthread_once_t ld_json_once = PTHREAD_ONCE_INIT;

static void *ld_json_malloc(size_t n)
{
	if (ld_json_arena) {
		ld_json_nalloc++;
		return arena_alloc(ld_json_arena, n);
	}
	return malloc(n);
}

static void ld_json_free(void *p)
{
	if (!ld_json_arena)
		free(p);
}

static void ld_json_hooks(void)
{
	cJSON_Hooks h = {.malloc_fn = ld_json_malloc, .free_fn = ld_json_free};
	cJSON_InitHooks(&h);
}

/* Parse with the document arena; *@own tells whether the tree is in it
 * (false if someone replaced the hooks: then cJSON_Delete it). */
static cJSON *ld_json_parse(const char *buf, size_t len, const char **end, struct arena **own)
{
	pthread_once(&ld_json_once, ld_json_hooks);
	*own = arena_new();
	ld_json_arena = *own;
	ld_json_nalloc = 0;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, end, 1);
	ld_json_arena = NULL;
	if (*own && !ld_json_nalloc) {
		arena_free(*own);
		*own = NULL;
	}
	return root;
}

/* ---- one document ---- */

static void ld_syntax_error(struct ld_ctx *c, const char *path, const char *buf, size_t len,
			    size_t off)
{
	unsigned line = 1, col = 1;
	if (off > len)
		off = len;
	/* cJSON can stop past the offending byte (after "1,}" it points at
	 * what follows the brace): name the last significant byte instead of
	 * the whitespace after it. */
	while (off > 0 && off < len && (buf[off] == ' ' || buf[off] == '\t' || buf[off] == '\n' ||
					buf[off] == '\r'))
		off--;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else if (col < 0xffffffffu) {
			col++;
		}
	}
	char what[64];
	if (off >= len || buf[off] == '\0')
		snprintf(what, sizeof(what), "unexpected end of input");
	else if (buf[off] >= 0x20 && buf[off] < 0x7f)
		snprintf(what, sizeof(what), "unexpected '%c'", buf[off]);
	else
		snprintf(what, sizeof(what), "unexpected byte 0x%02x", (unsigned char)buf[off]);
	if (c->diag)
		diag_add(c->diag, DIAG_ERROR, "JsonSyntax", NULL, path, line, col,
			 "invalid JSON: %s", what);
}

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

/* Parse @buf (NUL at buf[len]) as the file @path and read its keys. */
/* Read the parsed document @root of file @path into the model; frees the
 * tree (@doc is its arena, or NULL when cJSON_Delete owns it). */
static int ld_document_read(struct ld_ctx *c, const char *path, cJSON *root, struct arena *doc)
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
	cJSON_ArrayForEach(it, root)
	{
		const char *k = it->string ? it->string : "";
		const struct ld_key *lk = ld_key_find(k);
		if (!lk) {
			if (!ld_key_quiet(k) && (rc = ld_unknown_key(c, k)))
				goto out;
			continue;
		}
		if (cJSON_IsNull(it))
			continue;
		if (!cJSON_IsArray(it)) {
			ld_error(c, "SnapshotFormat", NULL, "the value of %s must be an array", k);
			continue;
		}
		if ((rc = lk->fn(c, it)))
			goto out;
	}
out:
	if (doc)
		arena_free(doc);
	else
		cJSON_Delete(root);
	c->region = c->account = NULL;
	return rc;
}

/* ---- files: read and parsed by worker threads, read into the model in order ----
 *
 * Parsing is most of a load (bench/: the loader adds a few percent to the
 * bare cJSON parse), and the files of a snapshot are independent, so a
 * directory's files are parsed by up to LD_MAX_THREADS threads while the
 * loading thread reads each parsed document into the model in path order.
 * Findings and "first wins" stay exactly as in a serial load: only the
 * loading thread touches the context and the diagnostics.  The cost is
 * memory: documents parsed ahead of the reader are held at once.  (cJSON
 * resets a global error record at the start of every parse; we never read
 * it -- positions come from return_parse_end -- so concurrent parses only
 * race on that unused record.)
 */
#define LD_MAX_THREADS 4

enum ld_job_status {
	LD_JOB_OK = 0,
	LD_JOB_OPEN,    /* fopen failed: err */
	LD_JOB_TOO_BIG, /* not a regular file, or over LD_MAX_FILE */
	LD_JOB_READ,    /* fread failed (err) or came short (err 0) */
	LD_JOB_NOMEM,
	LD_JOB_SYNTAX,  /* cJSON stopped at err_off */
};

struct ld_job {
	const char *path; /* owned by the caller */
	enum ld_job_status status;
	int err;
	char *buf;
	size_t len, err_off;
	cJSON *root;
	struct arena *doc;
	bool done;
};

/* Read and parse one file; touches nothing but @j (worker threads). */
static void ld_job_parse(struct ld_job *j)
{
	FILE *f = fopen(j->path, "rb");
	if (!f) {
		j->status = LD_JOB_OPEN;
		j->err = errno;
		return;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (size_t)st.st_size > LD_MAX_FILE) {
		j->status = LD_JOB_TOO_BIG;
		goto out;
	}
	j->len = (size_t)st.st_size;
	if (!(j->buf = malloc(j->len + 1))) {
		j->status = LD_JOB_NOMEM;
		goto out;
	}
	size_t got = fread(j->buf, 1, j->len, f);
	if (got != j->len || ferror(f)) {
		j->status = LD_JOB_READ;
		j->err = ferror(f) ? errno : 0;
		goto out;
	}
	j->buf[j->len] = '\0';
	/* Length + 1 and require_null_terminated: trailing garbage after the
	 * document is a syntax error too. */
	const char *end = NULL;
	j->root = ld_json_parse(j->buf, j->len + 1, &end, &j->doc);
	if (!j->root) {
		j->status = LD_JOB_SYNTAX;
		j->err_off = end && end >= j->buf ? (size_t)(end - j->buf) : 0;
	}
out:
	fclose(f);
}

static void ld_job_release(struct ld_job *j)
{
	if (j->root && !j->doc)
		cJSON_Delete(j->root);
	arena_free(j->doc);
	free(j->buf);
	j->root = NULL;
	j->doc = NULL;
	j->buf = NULL;
}

/* Report what went wrong with @j, or read its document into the model
 * (loading thread only).  Releases the job's memory. */
static int ld_job_finish(struct ld_ctx *c, struct ld_job *j)
{
	int rc;
	const char *why = NULL;
	switch (j->status) {
	case LD_JOB_OK:
		rc = ld_document_read(c, j->path, j->root, j->doc);
		j->root = NULL; /* freed by ld_document_read */
		j->doc = NULL;
		break;
	case LD_JOB_SYNTAX:
		ld_syntax_error(c, j->path, j->buf, j->len, j->err_off);
		rc = VS_EPARSE;
		break;
	case LD_JOB_NOMEM:
		rc = VS_ENOMEM;
		break;
	case LD_JOB_OPEN:
		why = strerror(j->err);
		rc = j->err == ENOENT ? VS_ENOENT : VS_EIO;
		if (c->diag)
			diag_add(c->diag, DIAG_ERROR, "FileUnreadable", NULL, j->path, 0, 0,
				 "cannot open: %s", why);
		break;
	default:
		why = j->status == LD_JOB_TOO_BIG ? "not a regular file or larger than 2 GiB"
		      : j->err			  ? strerror(j->err)
						  : "short read";
		rc = VS_EIO;
		if (c->diag)
			diag_add(c->diag, DIAG_ERROR, "FileUnreadable", NULL, j->path, 0, 0,
				 "cannot read: %s", why);
		break;
	}
	ld_job_release(j);
	return rc;
}

static int ld_file(struct ld_ctx *c, const char *path)
{
	struct ld_job j = {.path = path};
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
	for (uint32_t i = 0; i < n; i++)
		p.jobs[i].path = paths[i];
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

static bool ld_is_json_name(const char *n)
{
	size_t l = strlen(n);
	return l > 5 && strcmp(n + l - 5, ".json") == 0;
}

/* Append the paths of the *.json files under @dir to @files (char *, sorted
 * depth-first order). */
static int ld_walk(struct ld_ctx *c, const char *dir, unsigned depth, struct vec *files)
{
	if (depth > LD_MAX_DEPTH)
		return 0;
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		if (c->diag)
			diag_add(c->diag, DIAG_ERROR, "FileUnreadable", NULL, dir, 0, 0,
				 "cannot open directory: %s", strerror(e));
		return e == ENOENT ? VS_ENOENT : VS_EIO;
	}
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
		const char *p = *VEC_AT(&names, char *, i);
		struct stat st;
		if (stat(p, &st) != 0)
			continue; /* dangling symlink: nothing to read */
		if (S_ISDIR(st.st_mode)) {
			rc = ld_walk(c, p, depth + 1, files);
		} else if (S_ISREG(st.st_mode) && ld_is_json_name(p)) {
			char **slot = vec_push(files);
			if (!slot) {
				rc = VS_ENOMEM;
				break;
			}
			*slot = *VEC_AT(&names, char *, i);
			*VEC_AT(&names, char *, i) = NULL; /* now owned by @files */
		}
	}
out:
	for (uint32_t i = 0; i < names.n; i++)
		free(*VEC_AT(&names, char *, i));
	vec_release(&names);
	closedir(d);
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

static int ld_finish(struct ld_ctx *c)
{
	int rc;
	if ((rc = defaults_vpc(c)))
		return rc;
	ld_move_vectors(c);
	c->file = c->region = c->account = NULL;
	if ((rc = model_index_build(c->m)))
		return rc;
	if ((rc = resolve_vpc(c)) || (rc = resolve_hybrid(c)))
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
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		if (diag)
			diag_add(diag, DIAG_ERROR, "FileUnreadable", NULL, path, 0, 0,
				 "cannot open: %s", strerror(e));
		return ld_end(&c, e == ENOENT ? VS_ENOENT : VS_EIO, out);
	}
	if (S_ISDIR(st.st_mode)) {
		struct vec files;
		vec_init(&files, sizeof(char *));
		rc = ld_walk(&c, path, 0, &files);
		if (!rc && files.n)
			rc = ld_files(&c, files.items, files.n);
		else if (!rc) {
			if (diag)
				diag_add(diag, DIAG_ERROR, "SnapshotFormat", NULL, path, 0, 0,
					 "no .json file in this directory");
			rc = VS_ESNAPSHOT;
		}
		for (uint32_t i = 0; i < files.n; i++)
			free(*VEC_AT(&files, char *, i));
		vec_release(&files);
	} else {
		rc = ld_file(&c, path);
	}
	return ld_end(&c, rc, out);
}

int load_snapshot_buffer(const char *name, const char *data, size_t len,
			 const struct load_opts *opts, struct diag_list *diag,
			 struct model **out)
{
	if (!out || (!data && len))
		return VS_EINVAL;
	if (!name)
		name = "<buffer>";
	struct ld_ctx c;
	int rc = ld_ctx_init(&c, opts, diag);
	if (rc)
		return ld_end(&c, rc, out);
	/* cJSON needs the terminating NUL to reject trailing garbage. */
	char *buf = len < SIZE_MAX ? malloc(len + 1) : NULL;
	if (!buf)
		return ld_end(&c, VS_ENOMEM, out);
	if (len)
		memcpy(buf, data, len);
	buf[len] = '\0';
	const char *end = NULL;
	struct arena *doc = NULL;
	cJSON *root = ld_json_parse(buf, len + 1, &end, &doc);
	if (root) {
		rc = ld_document_read(&c, name, root, doc);
	} else {
		ld_syntax_error(&c, name, buf, len, end && end >= buf ? (size_t)(end - buf) : 0);
		arena_free(doc);
		rc = VS_EPARSE;
	}
	free(buf);
	return ld_end(&c, rc, out);
}
