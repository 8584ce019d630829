/*
 * DOC: scenario drivers' shared helpers (scenario_util.h)
 */
#include "scenario_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/report.h"
#include "vpcsim/trace.h"

char *scenario_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) != NULL) {
		if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		} else {
			buf[len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

bool scenario_snapshot_path(const char *dir, const char *name, char *path, size_t len)
{
	char ref[4096];
	snprintf(ref, sizeof(ref), "%s/%s/snapshot.path", dir, name);
	FILE *f = fopen(ref, "r");
	if (f) {
		char line[2048];
		bool ok = fgets(line, sizeof(line), f) != NULL;
		fclose(f);
		if (ok)
			line[strcspn(line, "\r\n")] = '\0';
		if (!ok || !line[0])
			return false;
		snprintf(path, len, "%s/%s/%s", dir, name, line);
		return true;
	}
	snprintf(path, len, "%s/%s/snapshot", dir, name);
	DIR *sd = opendir(path);
	if (sd)
		closedir(sd);
	else
		snprintf(path, len, "%s/%s/snapshot.json", dir, name);
	return true;
}

cJSON *scenario_read_list(const char *dir, const char *name, const char *file, char *snap,
			  size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/%s", dir, name, file);
	char *text = scenario_read_file(path);
	cJSON *list = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!cJSON_IsArray(list)) {
		printf("FAIL %s: cannot read %s\n", name, path);
		cJSON_Delete(list);
		return NULL;
	}
	if (!scenario_snapshot_path(dir, name, snap, len)) {
		printf("FAIL %s: snapshot.path: no path on its first line\n", name);
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

void scenario_print_item(const char *name, int i, const char *title, bool ok, const char *why)
{
	printf("%s %s #%d %s%s%s\n", ok ? "ok  " : "FAIL", name, i, title, ok ? "" : ": ",
	       ok ? "" : why);
}

static int visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

int scenario_each(const char *dir, const char *only, const char *file, scenario_run_fn run,
		  void *arg, int *n_run)
{
	struct dirent **list = NULL;
	int n = scandir(dir, &list, visible, alphasort);
	if (n < 0)
		return -1;
	int fails = 0;
	*n_run = 0;
	for (int i = 0; i < n; i++) {
		char p[4096];
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s/%s", dir, list[i]->d_name, file);
		if ((!only || !strcmp(only, list[i]->d_name)) && stat(p, &st) == 0) {
			(*n_run)++;
			fails += run(dir, list[i]->d_name, arg);
		}
		free(list[i]);
	}
	free(list);
	return fails;
}

int scenario_main(int argc, char **argv, const char *prog, const char *file, scenario_run_fn run,
		  void *arg, int *n_run)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s DIR [NAME]\n", prog);
		return -1;
	}
	int fails = scenario_each(argv[1], argc == 3 ? argv[2] : NULL, file, run, arg, n_run);
	if (fails < 0)
		fprintf(stderr, "%s: cannot read %s\n", prog, argv[1]);
	return fails;
}

bool scenario_open(struct scenario *s, const char *dir, const char *name, const char *file)
{
	*s = (struct scenario){NULL};
	s->list = scenario_read_list(dir, name, file, s->snap, sizeof(s->snap));
	if (!s->list)
		return false;
	s->diag = diag_list_new();
	if (!s->diag || load_snapshot(s->snap, NULL, s->diag, &s->m) ||
	    trace_ctx_build(s->m, &s->tracer)) {
		printf("FAIL %s: cannot load %s\n", name, s->snap);
		if (s->diag)
			report_diag_print(stdout, s->diag);
		return false;
	}
	return true;
}

void scenario_close(struct scenario *s)
{
	trace_ctx_free(s->tracer);
	model_free(s->m);
	diag_list_free(s->diag);
	cJSON_Delete(s->list);
}
