/*
 * DOC: fuzz harness of the snapshot loader's directory walk
 *
 * One input = a small program that builds a tree in a fresh mkdtemp()
 * directory, which load_snapshot() then reads.  Each byte is one step: its
 * low 3 bits the operation, the other 5 an argument:
 *   0 mkdir dN and go into it      4 symlink lN -> ".." (a loop via the parent)
 *   1 go up one directory          5 symlink lN.json -> an earlier file
 *   2 write fN.json (6 templates)  6 symlink lN -> an earlier directory
 *   3 symlink lN -> "." (a loop)   7 mkfifo pN.json / dangling xN.json ->
 *                                    nowhere / hard link hN.json / a chain of
 *                                    two symlinks to an earlier directory
 * at most FW_MAX_STEPS steps and FW_MAX_DEPTH levels (past the loader's 32).
 * The contract checked: the load ends (libFuzzer's -timeout; in the replay
 * under `make test`, meson's test timeout), with an allowed status, even
 * with FIFOs in the tree; every file is read once,
 * however many links lead to it, so with one distinct VPC id per written
 * file there is never a DuplicateId finding and never more VPCs than files;
 * every finding has a file.  The tree is removed without following links.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

#define FW_MAX_STEPS 96
#define FW_MAX_DEPTH 40
#define FW_MAX_PATHS 64
#define FW_PATH      1024

static void fw_require(int cond)
{
	if (!cond)
		abort();
}

struct fw {
	char root[FW_PATH];
	char cwd[FW_PATH]; /* absolute */
	unsigned depth;
	unsigned n; /* names made so far: every name is unique */
	char files[FW_MAX_PATHS][FW_PATH], dirs[FW_MAX_PATHS][FW_PATH];
	unsigned n_files, n_dirs, n_written;
};

/* cwd/name into @out; false when it does not fit. */
static int fw_path(const struct fw *w, const char *name, char *out)
{
	int l = snprintf(out, FW_PATH, "%s/%s", w->cwd, name);
	return l > 0 && l < FW_PATH;
}

static void fw_write(struct fw *w, unsigned arg)
{
	char name[32], p[FW_PATH], text[256];
	unsigned id = w->n_written;
	snprintf(name, sizeof(name), "f%u.json", w->n++);
	if (!fw_path(w, name, p))
		return;
	switch (arg % 6) {
	case 0:
		snprintf(text, sizeof(text),
			 "{\"Vpcs\": [{\"VpcId\": \"vpc-%u\", \"CidrBlock\": \"10.%u.0.0/16\"}]}",
			 id, id % 256);
		break;
	case 1: /* a duplicate key: a warning, one VPC */
		snprintf(text, sizeof(text),
			 "{\"Vpcs\": [{\"VpcId\": \"vpc-%u\", \"VpcId\": \"x\"}]}", id);
		break;
	case 2: /* a syntax error: the load fails */
		snprintf(text, sizeof(text), "{\"Vpcs\": [{\"VpcId\": \"vpc-%u\"}]", id);
		break;
	case 3:
		snprintf(text, sizeof(text), "{}");
		break;
	case 4:
		snprintf(text, sizeof(text),
			 "{\"Subnets\": [{\"SubnetId\": \"subnet-%u\", \"VpcId\": \"vpc-0\","
			 " \"CidrBlock\": \"10.0.%u.0/24\"}]}",
			 id, id % 256);
		break;
	default:
		snprintf(text, sizeof(text), "{\"Vpcs\": [{\"VpcId\": \"vpc-%u\\u00e9\"}]}", id);
		break;
	}
	FILE *f = fopen(p, "wb");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
	w->n_written++;
	if (w->n_files < FW_MAX_PATHS)
		memcpy(w->files[w->n_files++], p, FW_PATH);
}

static void fw_link(struct fw *w, const char *prefix, const char *suffix, const char *target)
{
	char name[64], p[FW_PATH];
	int l = snprintf(name, sizeof(name), "%s%u%s", prefix, w->n++, suffix);
	if (l > 0 && (size_t)l < sizeof(name) && fw_path(w, name, p))
		(void)symlink(target, p);
}

static void fw_step(struct fw *w, unsigned char b)
{
	unsigned op = b & 7, arg = b >> 3;
	char name[32], p[FW_PATH];
	switch (op) {
	case 0:
		if (w->depth >= FW_MAX_DEPTH)
			return;
		snprintf(name, sizeof(name), "d%u", w->n++);
		if (!fw_path(w, name, p) || mkdir(p, 0700) != 0)
			return;
		memcpy(w->cwd, p, FW_PATH);
		w->depth++;
		if (w->n_dirs < FW_MAX_PATHS)
			memcpy(w->dirs[w->n_dirs++], p, FW_PATH);
		return;
	case 1:
		if (w->depth) {
			*strrchr(w->cwd, '/') = '\0';
			w->depth--;
		}
		return;
	case 2:
		fw_write(w, arg);
		return;
	case 3:
		fw_link(w, "l", "", ".");
		return;
	case 4:
		fw_link(w, "l", "", w->depth ? ".." : ".");
		return;
	case 5:
		if (w->n_files)
			fw_link(w, "l", ".json", w->files[arg % w->n_files]);
		return;
	case 6:
		fw_link(w, "l", "",
			arg % (w->n_dirs + 1) ? w->dirs[arg % (w->n_dirs + 1) - 1] : w->root);
		return;
	default:
		break;
	}
	switch (arg % 4) {
	case 0:
		snprintf(name, sizeof(name), "p%u.json", w->n++);
		if (fw_path(w, name, p))
			(void)mkfifo(p, 0600);
		return;
	case 1:
		fw_link(w, "x", ".json", "nowhere.json");
		return;
	case 2:
		if (!w->n_files)
			return;
		snprintf(name, sizeof(name), "h%u.json", w->n++);
		if (fw_path(w, name, p))
			(void)link(w->files[(arg / 4) % w->n_files], p);
		return;
	default: {
		/* a -> b -> an earlier directory */
		char a[32], bn[32], pb[FW_PATH];
		snprintf(bn, sizeof(bn), "b%u", w->n++);
		snprintf(a, sizeof(a), "a%u", w->n++);
		const char *target = w->n_dirs ? w->dirs[(arg / 4) % w->n_dirs] : w->root;
		if (fw_path(w, bn, pb) && symlink(target, pb) == 0)
			fw_link(w, a, "", pb);
		return;
	}
	}
}

/* Remove the tree at @p without following symlinks. */
static void fw_rm(const char *p)
{
	struct stat st;
	if (lstat(p, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(p);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				char c[FW_PATH + 64];
				int l = snprintf(c, sizeof(c), "%s/%s", p, e->d_name);
				if (l > 0 && (size_t)l < sizeof(c))
					fw_rm(c);
			}
			closedir(d);
		}
		rmdir(p);
	} else {
		unlink(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fw w; /* large; one input at a time */
	memset(&w, 0, sizeof(w));
	const char *t = getenv("TMPDIR");
	snprintf(w.root, sizeof(w.root), "%s/vpcsim-fuzz-walk-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(w.root))
		return 0;
	memcpy(w.cwd, w.root, FW_PATH);
	for (size_t i = 0; i < size && i < FW_MAX_STEPS; i++)
		fw_step(&w, data[i]);

	struct diag_list *diag = diag_list_new();
	struct model *m = NULL;
	if (diag) {
		int rc = load_snapshot(w.root, NULL, diag, &m);
		fw_require(rc == 0 || rc == VS_EPARSE || rc == VS_ESNAPSHOT || rc == VS_ENOMEM);
		fw_require((rc == 0) == (m != NULL));
		if (m) {
			fw_require(!diag_has_code(diag, "DuplicateId"));
			fw_require(m->n_vpcs <= w.n_written);
		}
		for (size_t i = 0; i < diag_count(diag); i++) {
			const struct diag *d = diag_get(diag, i);
			fw_require(d->file != NULL && d->message != NULL);
		}
	}
	model_free(m);
	diag_list_free(diag);
	fw_rm(w.root);
	return 0;
}
