/*
 * DOC: vpcsim labs -- the ANS study facts as runnable, checked examples
 *
 *   vpcsim labs [DIR]              the labs of DIR (default examples/labs) by area
 *   vpcsim labs run NAME [DIR]     the question, the commands and their answer, the
 *                                  explanation; --break: the same after break_it's change
 *   vpcsim labs check [DIR]        every lab and every break_it against what AWS documents
 *
 * A lab (vpcsim/labs.h) names the commands that answer its question; they
 * run here in process, through the very entry points `vpcsim trace`,
 * `vpcsim routes`... use (cmd_*_to(), their answer written to a memory
 * stream with --json added), and the parsed answer is compared with the
 * lab's expectation by labs_expect_check().  A lab's snapshot must be
 * clean for `vpcsim check` (no error, no warning) unless the lab runs
 * check itself: its answer must come from the fact, not from a mistake.
 *
 * Exit status: run and check 0 when every answer is AWS's, 1 when one is
 * not, 2 when a lab is malformed (FILE:LINE: field 'F': ...) or names
 * nothing; listing 0, or 2 when a lab is malformed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "vpcsim/error.h"
#include "vpcsim/labs.h"

#define LABS_DEFAULT_DIR "examples/labs"
#define LABS_MAX         512

static void labs_usage(FILE *f)
{
	fprintf(f, "usage: vpcsim labs [DIR] [--json]\n"
		   "       vpcsim labs run NAME [DIR] [--break] [--json]\n"
		   "       vpcsim labs check [DIR] [--json]\n\n"
		   "Learning labs: each one AWS networking fact (the Advanced Networking study\n"
		   "material) as a small snapshot, a question, the vpcsim commands that answer it\n"
		   "and the answer AWS documents, with one change that breaks it.\n\n"
		   "  (no word)     list the labs of DIR (default " LABS_DEFAULT_DIR ") by area\n"
		   "  run NAME      print the question, run the commands, show their answer, "
		   "whether\n"
		   "                it is the one AWS documents, and the explanation\n"
		   "  --break       (run) first make the lab's break_it change to the snapshot\n"
		   "  check         run every lab and every break_it; each answer is compared\n"
		   "                with the lab's expectation\n"
		   "  --json        machine-readable output\n\n"
		   "A lab is DIR/NAME/lab.json and DIR/NAME/snapshot.json: see README.md\n"
		   "\"Learning with vpcsim\".\n\n"
		   "Exit status: 0 every answer is AWS's, 1 one is not, 2 a lab is malformed\n"
		   "(FILE:LINE: field 'F': why), unknown, or the command line is wrong.\n");
}

/* ---- running one command of a lab ---- */

/*
 * Command @cmd (an argv array of lab.json) on the snapshot @snap, its answer
 * on @out (with --json when @json): its exit status, or -1 when it cannot
 * be started (out of memory).
 */
static int run_command(const cJSON *cmd, const char *snap, bool json, FILE *out)
{
	int n = cJSON_GetArraySize(cmd);
	char **argv = calloc((size_t)n + 2, sizeof(*argv));
	if (!argv)
		return -1;
	for (int i = 0; i < n; i++)
		argv[i] = cJSON_GetArrayItem(cmd, i)->valuestring;
	argv[1] = (char *)snap;
	if (json)
		argv[n++] = "--json";
	/* only a command with a run_to: one whose answer can be caught */
	const struct cli_command *c = cli_command_find(argv[0]);
	int rc = -1;
	if (c && c->run_to) {
		fflush(stdout);
		rc = c->run_to(n, argv, out);
		fflush(out);
	}
	free(argv);
	return rc;
}

/* The command's --json answer, parsed (NULL when it printed no JSON), and
 * its exit status in *status. */
static cJSON *answer_of(const cJSON *cmd, const char *snap, int *status)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem) {
		*status = -1;
		return NULL;
	}
	*status = run_command(cmd, snap, true, mem);
	fclose(mem);
	cJSON *j = buf ? cJSON_Parse(buf) : NULL;
	free(buf);
	return j;
}

/* "vpcsim trace DIR/NAME/snapshot.json --from ..." as a user would type it */
static void print_argv(FILE *f, const cJSON *cmd, const char *snap)
{
	fputs("$ vpcsim", f);
	int i = 0;
	const cJSON *w;
	cJSON_ArrayForEach(w, cmd)
	{
		const char *s = i++ == 1 ? snap : w->valuestring;
		bool q = !*s || strpbrk(s, " \t*?$'\"|&;<>()[]{}\\") != NULL;
		report_textf(f, q ? " '%s'" : " %s", s);
	}
	fputc('\n', f);
}

static cJSON *argv_json(const cJSON *cmd, const char *snap)
{
	cJSON *a = cJSON_CreateArray();
	int i = 0;
	const cJSON *w;
	cJSON_ArrayForEach(w, cmd)
	{
		cJSON_AddItemToArray(a, cJSON_CreateString(i++ == 1 ? snap : w->valuestring));
	}
	return a;
}

/* ---- the snapshot a variant runs on ---- */

struct variant {
	bool broken;
	char snap[1100]; /* the snapshot the commands get */
	char tmpdir[64]; /* the changed snapshot's directory, removed after */
};

/* Every file of @dir (made by variant_make(): files only) removed, then @dir. */
static void remove_flat_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[1200];
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static void variant_done(struct variant *v)
{
	if (!v->tmpdir[0])
		return;
	char p[128];
	snprintf(p, sizeof(p), "%s/snapshot", v->tmpdir);
	remove_flat_dir(p);
	remove_flat_dir(v->tmpdir);
	v->tmpdir[0] = '\0';
}

static bool write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	bool ok = f && fputs(s, f) >= 0;
	return f && !fclose(f) && ok;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	char chunk[8192];
	size_t n;
	while (mem && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(f);
	if (mem)
		fclose(mem);
	return buf;
}

/*
 * The snapshot of @lab as it is (@broken false) or after its break_it
 * change into *v.  0, or EXIT_USAGE with @err saying why (a malformed lab).
 */
static int variant_make(const struct lab *lab, bool broken, struct variant *v, char *err,
			size_t len)
{
	memset(v, 0, sizeof(*v));
	v->broken = broken;
	bool dir = !strcmp(lab->snapshot, "snapshot");
	snprintf(v->snap, sizeof(v->snap), "%s/%s", lab->dir, lab->snapshot);
	if (access(v->snap, R_OK)) {
		snprintf(err, len, "%s: %s (the lab's commands name it)", v->snap, strerror(errno));
		return EXIT_USAGE;
	}
	if (!broken)
		return 0;
	const cJSON *file = cJSON_GetObjectItemCaseSensitive(lab->change, "file");
	if (cJSON_IsString(file)) {
		snprintf(v->snap, sizeof(v->snap), "%s/%s", lab->dir, file->valuestring);
		if (access(v->snap, R_OK)) {
			snprintf(err, len, "%s: field 'break_it.change.file': %s: %s", lab->file,
				 v->snap, strerror(errno));
			return EXIT_USAGE;
		}
		return 0;
	}
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(lab->change, "in");
	char src[1200];
	snprintf(src, sizeof(src), "%s%s%s", v->snap, dir ? "/" : "", dir ? in->valuestring : "");
	char *text = slurp(src);
	cJSON *doc = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!doc) {
		snprintf(err, len, "%s: field 'break_it.change%s': %s is not one JSON document",
			 lab->file, dir ? ".in" : "", src);
		return EXIT_USAGE;
	}
	char why[512];
	int rc = labs_patch(doc, cJSON_GetObjectItemCaseSensitive(lab->change, "patch"), why,
			    sizeof(why));
	if (rc) {
		cJSON_Delete(doc);
		snprintf(err, len, "%s: field 'break_it.change.patch': %s", lab->file, why);
		return EXIT_USAGE;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(v->tmpdir, sizeof(v->tmpdir), "%s/vpcsim-lab.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	char *s = cJSON_Print(doc);
	cJSON_Delete(doc);
	bool ok = s && mkdtemp(v->tmpdir);
	if (!ok)
		v->tmpdir[0] = '\0';
	char base[1200];
	snprintf(base, sizeof(base), "%s", v->snap);
	snprintf(v->snap, sizeof(v->snap), "%s/%s", v->tmpdir, lab->snapshot);
	if (ok && dir) {
		/* the other files of snapshot/ as they are, the patched one changed */
		ok = !mkdir(v->snap, 0700);
		DIR *d = ok ? opendir(base) : NULL;
		struct dirent *e;
		while (d && ok && (e = readdir(d))) {
			char from[2400], to[2400];
			struct stat st;
			snprintf(from, sizeof(from), "%s/%s", base, e->d_name);
			if (e->d_name[0] == '.' || stat(from, &st) || !S_ISREG(st.st_mode))
				continue;
			snprintf(to, sizeof(to), "%s/%s", v->snap, e->d_name);
			char *t = strcmp(e->d_name, in->valuestring) ? slurp(from) : NULL;
			ok = write_file(to, t ? t : s);
			free(t);
		}
		if (d)
			closedir(d);
		ok = ok && d;
	} else if (ok) {
		ok = write_file(v->snap, s);
	}
	free(s);
	if (!ok) {
		snprintf(err, len, "%s: cannot write the changed snapshot: %s", lab->name,
			 strerror(errno));
		variant_done(v);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- finding labs ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of @dir's labs (subdirectories holding lab.json), sorted, into
 * @names (freed by the caller); their count, or -1 (said on stderr). */
static int lab_names(const char *dir, char **names, int max)
{
	DIR *d = opendir(dir);
	if (!d) {
		report_textf(stderr, "vpcsim labs: %s: %s%s\n", dir, strerror(errno),
			     strcmp(dir, LABS_DEFAULT_DIR) ? "" :
							     " (run from vpcsim's source tree, or "
							     "give the labs' DIR)");
		return -1;
	}
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.')
			continue;
		char p[4400];
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s/lab.json", dir, e->d_name);
		if (stat(p, &st) || !S_ISREG(st.st_mode))
			continue;
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	return n;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
}

/* The areas in the order of the study material (shared/LABS.md); others after. */
static const char *const area_order[] = {
	"Addresses and VPC basics",
	"Security groups and network ACLs",
	"Gateways",
	"Endpoints and PrivateLink",
	"Transit Gateway",
	"BGP, Direct Connect, VPN",
	"Route 53 and Resolver",
	"Load balancers and the edge",
	"MTU",
};
#define N_AREAS (sizeof(area_order) / sizeof(area_order[0]))

static size_t area_rank(const char *a)
{
	for (size_t i = 0; i < N_AREAS; i++)
		if (!strcmp(a, area_order[i]))
			return i;
	return N_AREAS;
}

static int cmp_lab(const void *x, const void *y)
{
	const struct lab *a = *(const struct lab *const *)x, *b = *(const struct lab *const *)y;
	size_t ra = area_rank(a->area), rb = area_rank(b->area);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	int c = strcmp(a->area, b->area);
	return c ? c : strcmp(a->name, b->name);
}

/* ---- vpcsim labs [DIR] ---- */

static int labs_list(const char *dir, bool json)
{
	char *names[LABS_MAX];
	int n = lab_names(dir, names, LABS_MAX);
	if (n < 0)
		return EXIT_USAGE;
	struct lab *labs = calloc((size_t)n + 1, sizeof(*labs));
	struct lab **order = calloc((size_t)n + 1, sizeof(*order));
	int ok = 0, status = EXIT_YES;
	for (int i = 0; labs && order && i < n; i++) {
		char err[4096];
		if (labs_read(dir, names[i], &labs[ok], err, sizeof(err))) {
			report_textf(stderr, "vpcsim labs: %s\n", err);
			status = EXIT_USAGE;
			continue;
		}
		order[ok] = &labs[ok];
		ok++;
	}
	if (order)
		qsort(order, (size_t)ok, sizeof(*order), cmp_lab);
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	const char *area = NULL;
	for (int i = 0; order && i < ok; i++) {
		const struct lab *l = order[i];
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "name", l->name);
			cJSON_AddStringToObject(o, "area", l->area);
			cJSON_AddStringToObject(o, "question", l->question);
			cJSON_AddStringToObject(o, "doc", l->doc_url);
			cJSON_AddBoolToObject(o, "changed", l->changed != NULL);
			cJSON_AddItemToArray(arr, o);
			continue;
		}
		if (!area || strcmp(area, l->area))
			report_textf(stdout, area ? "\n%s\n" : "%s\n", l->area);
		area = l->area;
		report_textf(stdout, "  %-34s %s\n", l->name, l->question);
	}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dir", dir);
		cJSON_AddItemToObject(o, "labs", arr);
		report_json_print(o, stdout);
	} else if (order) {
		report_textf(stdout, "\n%d labs. 'vpcsim labs run NAME' runs one.\n", ok);
	}
	for (int i = 0; labs && i < ok; i++)
		labs_free(&labs[i]);
	free(labs);
	free(order);
	free_names(names, n);
	return !labs || !order ? EXIT_USAGE : status;
}

/* ---- running a lab ---- */

/* The snapshot must be clean for check unless the lab runs check. */
static bool snapshot_clean(const struct lab *lab, const char *snap, char *why, size_t len)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, lab->commands) if (!strcmp(cJSON_GetArrayItem(c, 0)->valuestring,
							 "check")) return true;
	cJSON *cmd = cJSON_CreateArray();
	cJSON_AddItemToArray(cmd, cJSON_CreateString("check"));
	cJSON_AddItemToArray(cmd, cJSON_CreateString("snapshot.json"));
	int status;
	cJSON *a = answer_of(cmd, snap, &status);
	cJSON_Delete(cmd);
	const cJSON *f, *first = NULL;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(a, "findings"))
	{
		const cJSON *sev = cJSON_GetObjectItemCaseSensitive(f, "severity");
		if (!first && cJSON_IsString(sev) && strcmp(sev->valuestring, "note"))
			first = f;
	}
	bool ok = a && status == EXIT_YES && !first;
	if (!ok) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(first, "code");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(first, "message");
		snprintf(why, len,
			 "%s: 'vpcsim check' finds %s%s%s (a lab's snapshot is clean unless the "
			 "lab is about a finding)",
			 snap, cJSON_IsString(code) ? code->valuestring : "an error",
			 cJSON_IsString(msg) ? ": " : "",
			 cJSON_IsString(msg) ? msg->valuestring : "");
	}
	cJSON_Delete(a);
	return ok;
}

/*
 * Every command of @lab on variant @v: true when each answer meets its
 * expectation.  @show: the text answer on stdout first, then the verdict.
 * @js: the JSON report of each command added to it.  *why the first miss.
 */
static bool run_variant(const struct lab *lab, const struct variant *v, bool show, cJSON *js,
			char *why, size_t len)
{
	const cJSON *exp = v->broken ? lab->break_exp : lab->expect;
	bool all = true;
	int i = 0;
	const cJSON *cmd;
	why[0] = '\0';
	cJSON_ArrayForEach(cmd, lab->commands)
	{
		const char *name = cJSON_GetArrayItem(cmd, 0)->valuestring;
		const cJSON *e = labs_expect_of(exp, i);
		if (show) {
			print_argv(stdout, cmd, v->snap);
			run_command(cmd, v->snap, false, stdout);
		}
		int status;
		cJSON *a = answer_of(cmd, v->snap, &status);
		char w[2048] = "";
		bool ok = labs_expect_check(name, e, a, status, w, sizeof(w));
		if (!ok && all)
			snprintf(why, len, "%s%s[%d]: %s", v->broken ? "break_it." : "", "expect",
				 i, w);
		all = all && ok;
		if (show)
			report_textf(
				stdout, "\nAnswer: %s%s\n",
				ok ? "as AWS documents." : "NOT what AWS documents: ", ok ? "" : w);
		if (js) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToObject(o, "argv", argv_json(cmd, v->snap));
			cJSON_AddNumberToObject(o, "exit", status);
			cJSON_AddItemToObject(o, "expect", cJSON_Duplicate(e, true));
			cJSON_AddBoolToObject(o, "met", ok);
			if (!ok)
				cJSON_AddStringToObject(o, "why", w);
			cJSON_AddItemToObject(o, "answer", a ? a : cJSON_CreateNull());
			a = NULL;
			cJSON_AddItemToArray(js, o);
		}
		if (show) {
			char *s = cJSON_PrintUnformatted(e);
			report_textf(stdout, "  expected (AWS's docs): %s\n\n", s ? s : "?");
			free(s);
		}
		cJSON_Delete(a);
		i++;
	}
	return all;
}

static int labs_run(const char *dir, const char *name, bool broken, bool json)
{
	struct lab lab;
	char err[4096];
	if (strchr(name, '/') || name[0] == '.') {
		report_textf(stderr, "vpcsim labs: '%s' is a lab's name, not a path\n", name);
		return EXIT_USAGE;
	}
	int rc = labs_read(dir, name, &lab, err, sizeof(err));
	if (rc == VS_ENOENT) {
		report_textf(stderr,
			     "vpcsim labs: no lab '%s' in %s ('vpcsim labs %s' lists them)\n", name,
			     dir, dir);
		return EXIT_USAGE;
	}
	if (rc) {
		report_textf(stderr, "vpcsim labs: %s\n", err);
		return EXIT_USAGE;
	}
	struct variant v;
	if (variant_make(&lab, broken, &v, err, sizeof(err))) {
		report_textf(stderr, "vpcsim labs: %s\n", err);
		labs_free(&lab);
		return EXIT_USAGE;
	}
	const char *describe =
		cJSON_GetObjectItemCaseSensitive(lab.change, "describe")->valuestring;
	if (!json) {
		report_textf(stdout, "Lab %s (%s)\n\n%s\n\n", lab.name, lab.area, lab.question);
		if (broken)
			report_textf(stdout, "Broken: %s\n\n", describe);
	}
	cJSON *js = json ? cJSON_CreateArray() : NULL;
	char why[4096];
	bool ok = run_variant(&lab, &v, !json, js, why, sizeof(why));
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "lab", lab.name);
		cJSON_AddStringToObject(o, "area", lab.area);
		cJSON_AddStringToObject(o, "question", lab.question);
		if (broken)
			cJSON_AddStringToObject(o, "broken", describe);
		cJSON_AddItemToObject(o, "commands", js);
		cJSON_AddBoolToObject(o, "met", ok);
		cJSON *ex = cJSON_AddArrayToObject(o, "explanation");
		cJSON_AddItemToArray(ex, cJSON_CreateString(lab.explanation[0]));
		cJSON_AddItemToArray(ex, cJSON_CreateString(lab.explanation[1]));
		cJSON_AddStringToObject(o, "doc", lab.doc_url);
		if (lab.changed)
			cJSON_AddStringToObject(o, "changed", lab.changed);
		report_json_print(o, stdout);
	} else {
		report_textf(stdout, "Why: %s\n     %s\n", lab.explanation[0], lab.explanation[1]);
		if (lab.changed)
			report_textf(stdout, "Changed: %s\n", lab.changed);
		report_textf(stdout, "AWS: %s\n", lab.doc_url);
		if (!broken)
			report_textf(stdout, "\nBreak it: %s\n  vpcsim labs run %s --break\n",
				     describe, lab.name);
	}
	variant_done(&v);
	labs_free(&lab);
	return ok ? EXIT_YES : EXIT_NO;
}

/* ---- vpcsim labs check ---- */

static void check_line(cJSON *js, const char *name, const char *variant, bool ok, const char *why)
{
	if (js) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "lab", name);
		cJSON_AddStringToObject(o, "variant", variant);
		cJSON_AddBoolToObject(o, "ok", ok);
		if (!ok)
			cJSON_AddStringToObject(o, "why", why);
		cJSON_AddItemToArray(js, o);
		return;
	}
	if (ok)
		report_textf(stdout, "ok   %s (%s)\n", name, variant);
	else
		report_textf(stdout, "FAIL %s (%s): %s\n", name, variant, why);
}

static int labs_check(const char *dir, bool json)
{
	char *names[LABS_MAX];
	int n = lab_names(dir, names, LABS_MAX);
	if (n < 0)
		return EXIT_USAGE;
	int cases = 0, failed = 0, malformed = 0;
	cJSON *js = json ? cJSON_CreateArray() : NULL;
	for (int i = 0; i < n; i++) {
		struct lab lab;
		char err[4096];
		if (labs_read(dir, names[i], &lab, err, sizeof(err))) {
			check_line(js, names[i], "lab.json", false, err);
			cases++;
			failed++;
			malformed++;
			continue;
		}
		for (int b = 0; b < 2; b++) {
			struct variant v;
			const char *variant = b ? "break_it" : "as is";
			cases++;
			if (variant_make(&lab, b, &v, err, sizeof(err))) {
				check_line(js, lab.name, variant, false, err);
				failed++;
				malformed++;
				continue;
			}
			char why[4096];
			if (!b && !snapshot_clean(&lab, v.snap, why, sizeof(why))) {
				check_line(js, lab.name, variant, false, why);
				failed++;
				malformed++;
			} else {
				bool ok = run_variant(&lab, &v, false, NULL, why, sizeof(why));
				check_line(js, lab.name, variant, ok, why);
				failed += !ok;
			}
			variant_done(&v);
		}
		labs_free(&lab);
	}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dir", dir);
		cJSON_AddNumberToObject(o, "labs", n);
		cJSON_AddNumberToObject(o, "cases", cases);
		cJSON_AddNumberToObject(o, "failed", failed);
		cJSON_AddNumberToObject(o, "malformed", malformed);
		cJSON_AddItemToObject(o, "results", js);
		report_json_print(o, stdout);
	} else {
		report_textf(stdout, "%d cases, %d failed (%d labs, %d malformed)\n", cases, failed,
			     n, malformed);
	}
	free_names(names, n);
	return malformed ? EXIT_USAGE : failed ? EXIT_NO : EXIT_YES;
}

int cmd_labs(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"break", no_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool json = false, broken = false;
	int c;
	optind = 1;
	argv[0] = (char *)"vpcsim labs"; /* getopt_long's messages start with it */
	while ((c = getopt_long(argc, argv, "jbh", opts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'b') {
			broken = true;
		} else if (c == 'h') {
			labs_usage(stdout);
			return EXIT_YES;
		} else {
			labs_usage(stderr);
			return EXIT_USAGE;
		}
	}
	char **op = argv + optind;
	int n = argc - optind;
	const char *verb = n ? op[0] : NULL;
	if (verb && !strcmp(verb, "run")) {
		if (n < 2 || n > 3) {
			report_textf(stderr, "vpcsim labs: run takes a lab's NAME (and a DIR)\n");
			labs_usage(stderr);
			return EXIT_USAGE;
		}
		return labs_run(n == 3 ? op[2] : LABS_DEFAULT_DIR, op[1], broken, json);
	}
	if (broken) {
		report_textf(stderr, "vpcsim labs: --break goes with run NAME\n");
		return EXIT_USAGE;
	}
	if (verb && !strcmp(verb, "check")) {
		if (n > 2) {
			report_textf(stderr, "vpcsim labs: check takes one DIR at most\n");
			return EXIT_USAGE;
		}
		return labs_check(n == 2 ? op[1] : LABS_DEFAULT_DIR, json);
	}
	if (n > 1) {
		report_textf(stderr, "vpcsim labs: one DIR at most, or run NAME, or check\n");
		labs_usage(stderr);
		return EXIT_USAGE;
	}
	return labs_list(n ? op[0] : LABS_DEFAULT_DIR, json);
}
