/*
 * DOC: snapshot load benchmark
 *
 *   bench_load SNAPSHOT_DIR [--runs N]
 *
 * Measures, on the same bytes and in the same run:
 *  - the reference: the bare JSON parser (cJSON_ParseWithLength +
 *    cJSON_Delete of every .json file, already in memory);
 *  - vpcsim's full load: load_snapshot() (read + parse + model + indexes);
 * and prints best-of-N and median side by side, the ratio load/parse, the
 * load time against the 2 s goal for a 100,000-ENI snapshot, and the peak
 * RSS of the load alone (each load runs in a child process, before this
 * process reads the files, so the figure is the loader's own).
 *
 * Not a test: it reports figures and never fails on them.  Exit status 2
 * when the snapshot cannot be read or loaded.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

#define GOAL_SECONDS 2.0
#define GOAL_ENIS    100000u

struct file_buf {
	char *data;
	size_t len;
};

struct files {
	struct file_buf *v;
	size_t n, cap;
	uint64_t bytes;
};

struct load_result {
	double seconds;
	int rc;
	uint32_t count[MODEL_KIND_COUNT]; /* entities the load made, per kind */
	uint64_t n_errors, n_warnings;
};

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int read_file(const char *path, struct files *fs)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		fclose(f);
		return -1;
	}
	size_t len = (size_t)st.st_size;
	char *buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != len) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 16;
		fs->v = realloc(fs->v, fs->cap * sizeof(*fs->v));
		if (!fs->v)
			return -1;
	}
	fs->v[fs->n].data = buf;
	fs->v[fs->n].len = len;
	fs->n++;
	fs->bytes += len;
	return 0;
}

/* Every *.json under @dir, as the loader finds them. */
static int read_tree(const char *dir, struct files *fs)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "bench_load: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = read_tree(path, fs);
		else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".json"))
			rc = read_file(path, fs);
		if (rc)
			fprintf(stderr, "bench_load: cannot read %s\n", path);
	}
	closedir(d);
	return rc;
}

static double parse_all(const struct files *fs)
{
	double t0 = bench_now();
	for (size_t i = 0; i < fs->n; i++) {
		cJSON *j = cJSON_ParseWithLength(fs->v[i].data, fs->v[i].len);
		if (!j) {
			fprintf(stderr, "bench_load: cJSON cannot parse file %zu\n", i);
			exit(2);
		}
		cJSON_Delete(j);
	}
	return bench_now() - t0;
}

/* In the child: the load timed, what it made counted; a failure is said
 * here (r->rc). */
static void load_once(const char *dir, struct load_result *r)
{
	struct diag_list *diag;
	struct model *m;

	memset(r, 0, sizeof(*r));
	r->rc = bench_load("bench_load", dir, &m, &diag, &r->seconds);
	if (r->rc != 0)
		return;
	for (int k = 0; k < MODEL_KIND_COUNT; k++)
		r->count[k] = model_count(m, (enum model_kind)k);
	r->n_errors = diag_count_severity(diag, DIAG_ERROR);
	r->n_warnings = diag_count_severity(diag, DIAG_WARNING);
	bench_show_errors("bench_load", diag);
	model_free(m);
	diag_list_free(diag);
}

/* Load in a child so its peak RSS is measured alone; the result comes back
 * through a pipe. */
static int load_in_child(const char *dir, struct load_result *r)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		struct load_result res;
		load_once(dir, &res);
		ssize_t w = write(fd[1], &res, sizeof(res));
		_exit(w == (ssize_t)sizeof(res) ? 0 : 1);
	}
	close(fd[1]);
	ssize_t got = read(fd[0], r, sizeof(*r));
	close(fd[0]);
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    got != (ssize_t)sizeof(*r)) {
		fprintf(stderr, "bench_load: the load child failed\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir;
	int runs = 3;
	const struct bench_opt opts[] = {
		{"--runs", BENCH_OPT_INT, &runs, 1, 1000},
		{NULL, BENCH_OPT_FLAG, NULL, 0, 0},
	};
	bench_args("bench_load", "usage: bench_load SNAPSHOT_DIR [--runs N]\n", opts, argc, argv,
		   &dir);

	/* 1. vpcsim's load, in children, before this process holds any data */
	double *t_load = calloc((size_t)runs, sizeof(double));
	double *t_parse = calloc((size_t)runs, sizeof(double));
	struct load_result r = {0};
	for (int i = 0; i < runs; i++) {
		if (load_in_child(dir, &r) != 0 || r.rc != 0)
			return 2;
		t_load[i] = r.seconds;
	}
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double load_rss_mib = (double)ru.ru_maxrss / 1024.0;

	/* 2. the reference: the bare parser over the same bytes, in memory */
	struct files fs = {0};
	if (read_tree(dir, &fs) != 0 || fs.n == 0) {
		fprintf(stderr, "bench_load: no JSON files under %s\n", dir);
		return 2;
	}
	for (int i = 0; i < runs; i++)
		t_parse[i] = parse_all(&fs);
	getrusage(RUSAGE_SELF, &ru);
	double parse_rss_mib = (double)ru.ru_maxrss / 1024.0;

	double mb = (double)fs.bytes / 1e6;
	double pb = bench_best(t_parse, runs), pm = bench_median(t_parse, runs);
	double lb = bench_best(t_load, runs), lm = bench_median(t_load, runs);

	printf("snapshot   %s\n", dir);
	printf("files      %zu JSON files, %.1f MB (%llu bytes)\n", fs.n, mb,
	       (unsigned long long)fs.bytes);
	printf("model      %u VPCs, %u subnets, %u ENIs, %u instances, %u SGs, %u route tables, "
	       "%u ACLs; %llu error / %llu warning findings\n",
	       r.count[MODEL_VPC], r.count[MODEL_SUBNET], r.count[MODEL_ENI],
	       r.count[MODEL_INSTANCE], r.count[MODEL_SG], r.count[MODEL_RTB], r.count[MODEL_NACL],
	       (unsigned long long)r.n_errors, (unsigned long long)r.n_warnings);
	printf("runs       %d (best of %d and median)\n\n", runs, runs);
	printf("%-44s %12s %12s\n", "", "best", "median");
	printf("%-44s %10.3f s %10.3f s\n", "cJSON parse+delete, in memory (reference)", pb, pm);
	printf("%-44s %7.1f MB/s %7.1f MB/s\n", "cJSON parse+delete throughput", mb / pb, mb / pm);
	printf("%-44s %10.3f s %10.3f s\n", "vpcsim load_snapshot (read+parse+model+idx)", lb, lm);
	printf("%-44s %7.1f MB/s %7.1f MB/s\n", "vpcsim load_snapshot throughput", mb / lb,
	       mb / lm);
	printf("%-44s %11.2fx %11.2fx\n", "ratio load / parse", lb / pb, lm / pm);
	printf("%-44s %10.1f MiB\n", "peak RSS of one load (child process)", load_rss_mib);
	printf("%-44s %10.1f MiB\n", "peak RSS of the parse reference (+files)", parse_rss_mib);
	if (r.count[MODEL_ENI] >= GOAL_ENIS)
		printf("\ngoal: load of a %u-ENI snapshot under %.0f s: best %.3f s, median %.3f s "
		       "-> %s\n",
		       r.count[MODEL_ENI], GOAL_SECONDS, lb, lm,
		       lm <= GOAL_SECONDS ? "MET" : "NOT MET");
	else
		printf("\ngoal: (the %.0f s goal is for a %u-ENI snapshot; this one has %u ENIs)\n",
		       GOAL_SECONDS, GOAL_ENIS, r.count[MODEL_ENI]);

	for (size_t i = 0; i < fs.n; i++)
		free(fs.v[i].data);
	free(fs.v);
	free(t_load);
	free(t_parse);
	return 0;
}
