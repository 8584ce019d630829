/*
 * DOC: replay saved fuzz inputs without libFuzzer
 *
 *   fuzz_<name>_replay PATH...
 *
 * Runs every regular file of each directory PATH (non-recursive, in name
 * order, dot-files skipped), or PATH itself when it is a file, through
 * LLVMFuzzerTestOneInput(), so the saved corpora run in `make test` under
 * the sanitizers.  Prints how many inputs ran.  Exit status: 0; 1 when a
 * path cannot be read or a directory holds no input (an empty corpus would
 * make the test pass vacuously); a crash is the sanitizer's report.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, len = 0;
	unsigned char *buf = malloc(cap);
	if (!buf) {
		fclose(f);
		return -1;
	}
	size_t got;
	while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(buf);
		return -1;
	}
	/* exactly len bytes, as libFuzzer hands them over */
	unsigned char *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of inputs run, or -1. */
static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof(*names));
			if (!nn)
				break;
			names = nn;
		}
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);

	long ran = 0;
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(plen);
		if (path) {
			snprintf(path, plen, "%s/%s", dir, names[i]);
			struct stat st;
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(path) == 0)
					ran++;
				else
					failed = 1;
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	if (failed)
		return -1;
	if (ran == 0) {
		fprintf(stderr, "replay: %s: no inputs (an empty corpus tests nothing)\n", dir);
		return -1;
	}
	return ran;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 1;
	}
	long total = 0;
	int status = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		long ran;
		if (S_ISDIR(st.st_mode))
			ran = replay_dir(argv[i]);
		else
			ran = replay_file(argv[i]) == 0 ? 1 : -1;
		if (ran < 0) {
			status = 1;
			continue;
		}
		printf("replay: %s: %ld input(s)\n", argv[i], ran);
		total += ran;
	}
	printf("replay: %ld input(s) ran\n", total);
	if (total == 0)
		status = 1;
	return status;
}
