/*
 * DOC: scenario drivers' shared helpers (scenario_util.h)
 */
#include "scenario_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
