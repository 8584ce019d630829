/*
 * DOC: reading a learning lab (lab.json) and changing its snapshot
 *
 * A malformed lab is said as "FILE:LINE: field 'F': what is wrong", LINE the
 * line of the field's key in lab.json (found by walking the keys of the
 * field's path through the text in order), or of the syntax error.  Every
 * expectation key is checked here against the keys its command's matcher
 * knows (expect.c): a misspelt key would otherwise be a check that cannot
 * fail.  The break_it patch is RFC 6902 (add, remove, replace) with RFC 6901
 * pointers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labs/labs_internal.h"
#include "vpcsim/error.h"
#include "vpcsim/labs.h"

static char *read_all(const char *path, int *rc)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*rc = errno == ENOENT ? VS_ENOENT : VS_EIO;
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n + 1 < cap)
			break;
		char *b = realloc(buf, cap * 2);
		if (!b) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = b;
		cap *= 2;
	}
	bool bad = ferror(f);
	fclose(f);
	if (!buf) {
		*rc = VS_ENOMEM;
		return NULL;
	}
	if (bad) {
		free(buf);
		*rc = VS_EIO;
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static unsigned line_at(const char *text, const char *p)
{
	unsigned line = 1;
	for (const char *q = text; q < p && *q; q++)
		line += *q == '\n';
	return line;
}

/*
 * The line of the key of @field ("break_it.expect[1].codes") in @text: each
 * key of the path looked for after the previous one ("[N]" skipped), the
 * deepest found giving the line; 1 when none is.
 */
static unsigned field_line(const char *text, const char *field)
{
	const char *p = text, *found = text;
	char key[128];
	while (*field) {
		size_t n = strcspn(field, ".[");
		if (n && n < sizeof(key) - 3) {
			snprintf(key, sizeof(key), "\"%.*s\"", (int)n, field);
			const char *q = strstr(p, key);
			while (q) {
				const char *r = q + strlen(key);
				while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
					r++;
				if (*r == ':')
					break;
				q = strstr(q + 1, key);
			}
			if (!q)
				break;
			p = found = q;
		}
		field += n;
		if (*field == '[')
			field += strcspn(field, "]");
		if (*field)
			field++;
	}
	return line_at(text, found);
}

/* "FILE:LINE: field 'F': ..." into @err; VS_EPARSE. */
static int bad(const struct lab *lab, const char *text, char *err, size_t len, const char *field,
	       const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, len, "%s:%u: field '%s': %s", lab->file, field_line(text, field), field, msg);
	return VS_EPARSE;
}

static const char *str_of(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static const char *const lab_keys[] = {"area",        "question", "commands", "expect",
				       "explanation", "doc",      "changed",  "break_it"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* The commands: a non-empty array of argv arrays of strings, each a
 * command labs can run, its snapshot "snapshot.json", without --json or
 * --batch (the runner adds --json; batch answers are not one document). */
static int check_commands(struct lab *lab, const char *text, char *err, size_t len)
{
	if (!cJSON_IsArray(lab->commands) || !cJSON_GetArraySize(lab->commands))
		return bad(lab, text, err, len, "commands",
			   "needs a non-empty array of argv arrays, e.g. [[\"trace\", "
			   "\"snapshot.json\", \"--from\", \"i-1\", \"--to\", \"internet\"]]");
	int i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, lab->commands)
	{
		char f[64];
		snprintf(f, sizeof(f), "commands[%d]", i);
		if (!cJSON_IsArray(c) || cJSON_GetArraySize(c) < 2 || cJSON_GetArraySize(c) > 40)
			return bad(lab, text, err, len, f,
				   "needs an array of 2 to 40 strings: a command and its "
				   "arguments");
		const cJSON *w;
		cJSON_ArrayForEach(w, c)
		{
			if (!cJSON_IsString(w))
				return bad(lab, text, err, len, f, "every argument is a string");
			if (!strcmp(w->valuestring, "--json") || !strcmp(w->valuestring, "--batch"))
				return bad(lab, text, err, len, f,
					   "'%s' is not given: the lab adds --json itself",
					   w->valuestring);
		}
		const char *cmd = cJSON_GetArrayItem(c, 0)->valuestring;
		if (!labs_command_known(cmd))
			return bad(lab, text, err, len, f,
				   "'%s' is not a command a lab runs (" LABS_COMMANDS ")", cmd);
		const char *snap = cJSON_GetArrayItem(c, 1)->valuestring;
		if (strcmp(snap, "snapshot.json") && strcmp(snap, "snapshot"))
			return bad(lab, text, err, len, f,
				   "the second word is the lab's snapshot, \"snapshot.json\" (a "
				   "file) or \"snapshot\" (a directory of files)");
		if (i && strcmp(snap, lab->snapshot))
			return bad(lab, text, err, len, f,
				   "every command runs on the same snapshot, \"%s\"",
				   lab->snapshot);
		lab->snapshot = snap;
		i++;
	}
	return 0;
}

/* @exp (at @field) holds one valid expectation per command. */
static int check_expect(const struct lab *lab, const char *text, const cJSON *exp,
			const char *field, char *err, size_t len)
{
	int n = cJSON_GetArraySize(lab->commands);
	if (!exp)
		return bad(lab, text, err, len, field, "is missing: the answer AWS documents");
	if (cJSON_IsArray(exp) && cJSON_GetArraySize(exp) != n)
		return bad(lab, text, err, len, field,
			   "has %d expectations for %d commands: one per command",
			   cJSON_GetArraySize(exp), n);
	if (!cJSON_IsArray(exp) && (!cJSON_IsObject(exp) || n != 1))
		return bad(lab, text, err, len, field,
			   "needs an object (one command) or an array of objects, one per "
			   "command");
	for (int i = 0; i < n; i++) {
		const cJSON *e = labs_expect_of(exp, i);
		char f[96], why[256];
		if (cJSON_IsArray(exp))
			snprintf(f, sizeof(f), "%s[%d]", field, i);
		else
			snprintf(f, sizeof(f), "%s", field);
		const char *cmd =
			cJSON_GetArrayItem(cJSON_GetArrayItem(lab->commands, i), 0)->valuestring;
		char key[64] = "";
		if (!labs_expect_valid(cmd, e, key, sizeof(key), why, sizeof(why))) {
			if (key[0]) {
				char kf[170];
				snprintf(kf, sizeof(kf), "%s.%s", f, key);
				return bad(lab, text, err, len, kf, "%s", why);
			}
			return bad(lab, text, err, len, f, "%s", why);
		}
	}
	return 0;
}

static int check_lab(struct lab *lab, const char *text, char *err, size_t len)
{
	const cJSON *d = lab->doc, *k;
	if (!cJSON_IsObject(d))
		return bad(lab, text, err, len, "(top level)", "a lab is one JSON object");
	cJSON_ArrayForEach(k, d)
	{
		if (!in_list(k->string, lab_keys, sizeof(lab_keys) / sizeof(lab_keys[0])))
			return bad(lab, text, err, len, k->string,
				   "unknown (a lab has area, question, commands, expect, "
				   "explanation, doc, changed, break_it)");
	}
	static const char *const required[] = {"area", "question", "doc"};
	for (size_t i = 0; i < 3; i++)
		if (!str_of(d, required[i]))
			return bad(lab, text, err, len, required[i], "needs a non-empty string");
	lab->area = str_of(d, "area");
	lab->question = str_of(d, "question");
	lab->doc_url = str_of(d, "doc");
	if (strncmp(lab->doc_url, "https://docs.aws.amazon.com/", 28) &&
	    strncmp(lab->doc_url, "https://aws.amazon.com/", 23))
		return bad(lab, text, err, len, "doc",
			   "is the AWS page that documents the answer "
			   "(https://docs.aws.amazon.com/...)");
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(d, "changed");
	if (ch && !str_of(d, "changed"))
		return bad(lab, text, err, len, "changed",
			   "when present, a non-empty string: what changed since the notes");
	lab->changed = str_of(d, "changed");
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(d, "explanation");
	if (!cJSON_IsArray(ex) || cJSON_GetArraySize(ex) != 2 ||
	    !cJSON_IsString(cJSON_GetArrayItem(ex, 0)) ||
	    !cJSON_IsString(cJSON_GetArrayItem(ex, 1)))
		return bad(lab, text, err, len, "explanation",
			   "needs two lines: [\"...\", \"...\"]");
	lab->explanation[0] = cJSON_GetArrayItem(ex, 0)->valuestring;
	lab->explanation[1] = cJSON_GetArrayItem(ex, 1)->valuestring;
	lab->commands = cJSON_GetObjectItemCaseSensitive(d, "commands");
	int rc = check_commands(lab, text, err, len);
	if (rc)
		return rc;
	lab->expect = cJSON_GetObjectItemCaseSensitive(d, "expect");
	if ((rc = check_expect(lab, text, lab->expect, "expect", err, len)))
		return rc;
	const cJSON *bi = cJSON_GetObjectItemCaseSensitive(d, "break_it");
	if (!cJSON_IsObject(bi))
		return bad(lab, text, err, len, "break_it",
			   "needs {\"change\": ..., \"expect\": ...}: one change to the "
			   "snapshot and the answer after it");
	cJSON_ArrayForEach(k, bi)
	{
		if (strcmp(k->string, "change") && strcmp(k->string, "expect")) {
			char f[160];
			snprintf(f, sizeof(f), "break_it.%s", k->string);
			return bad(lab, text, err, len, f, "unknown (break_it has change, expect)");
		}
	}
	lab->change = cJSON_GetObjectItemCaseSensitive(bi, "change");
	const cJSON *patch = cJSON_GetObjectItemCaseSensitive(lab->change, "patch");
	const cJSON *file = cJSON_GetObjectItemCaseSensitive(lab->change, "file");
	if (!cJSON_IsObject(lab->change) || !str_of(lab->change, "describe") || (!patch == !file))
		return bad(lab, text, err, len, "break_it.change",
			   "needs \"describe\" (the change in words) and either \"patch\" "
			   "(RFC 6902 operations on snapshot.json) or \"file\" (a replacement "
			   "snapshot in the lab's directory)");
	if (patch && (!cJSON_IsArray(patch) || !cJSON_GetArraySize(patch)))
		return bad(lab, text, err, len, "break_it.change.patch",
			   "needs a non-empty array of operations");
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(lab->change, "in");
	bool dir = !strcmp(lab->snapshot, "snapshot");
	if (patch && dir != (in != NULL))
		return bad(lab, text, err, len, dir ? "break_it.change" : "break_it.change.in",
			   dir ? "needs \"in\": the file of snapshot/ the patch changes" :
				 "is only for a snapshot/ directory");
	if (in &&
	    (!cJSON_IsString(in) || strchr(in->valuestring, '/') || in->valuestring[0] == '.'))
		return bad(lab, text, err, len, "break_it.change.in",
			   "names a file of the lab's snapshot/ directory");
	if (file && dir)
		return bad(lab, text, err, len, "break_it.change.file",
			   "a snapshot/ directory is changed by a patch \"in\" one of its files");
	if (file && (!cJSON_IsString(file) || strchr(file->valuestring, '/') ||
		     file->valuestring[0] == '.' || !strcmp(file->valuestring, "snapshot.json")))
		return bad(lab, text, err, len, "break_it.change.file",
			   "names another file of the lab's directory");
	lab->break_exp = cJSON_GetObjectItemCaseSensitive(bi, "expect");
	if ((rc = check_expect(lab, text, lab->break_exp, "break_it.expect", err, len)))
		return rc;
	/* a break that changes nothing in the answer teaches nothing */
	if (cJSON_Compare(lab->expect, lab->break_exp, true))
		return bad(lab, text, err, len, "break_it.expect",
			   "is the same as expect: the change must change the answer");
	return 0;
}

int labs_read(const char *dir, const char *name, struct lab *lab, char *err, size_t errlen)
{
	memset(lab, 0, sizeof(*lab));
	snprintf(lab->name, sizeof(lab->name), "%s", name);
	snprintf(lab->dir, sizeof(lab->dir), "%s/%s", dir, name);
	snprintf(lab->file, sizeof(lab->file), "%s/lab.json", lab->dir);
	int rc = 0;
	char *text = read_all(lab->file, &rc);
	if (!text) {
		snprintf(err, errlen, "%s: %s", lab->file, vs_strerror(rc));
		return rc;
	}
	const char *end = NULL;
	lab->doc = cJSON_ParseWithOpts(text, &end, true);
	if (!lab->doc) {
		const char *p = end ? end : text;
		const char *ls = p;
		while (ls > text && ls[-1] != '\n')
			ls--;
		snprintf(err, errlen, "%s:%u:%u: not valid JSON", lab->file, line_at(text, p),
			 (unsigned)(p - ls) + 1);
		free(text);
		return VS_EPARSE;
	}
	rc = check_lab(lab, text, err, errlen);
	free(text);
	if (rc) {
		cJSON_Delete(lab->doc);
		lab->doc = NULL;
	}
	return rc;
}

void labs_free(struct lab *lab)
{
	if (!lab)
		return;
	cJSON_Delete(lab->doc);
	lab->doc = NULL;
}

const cJSON *labs_expect_of(const cJSON *exp, int i)
{
	return cJSON_IsArray(exp) ? cJSON_GetArrayItem(exp, i) : exp;
}

/* ---- RFC 6902 ---- */

/* One RFC 6901 reference token of @p (after its '/') into @tok, unescaped;
 * the rest of the pointer in *rest. */
static bool next_token(const char *p, char *tok, size_t len, const char **rest)
{
	size_t n = 0;
	while (*p && *p != '/') {
		char c = *p++;
		if (c == '~') {
			if (*p != '0' && *p != '1')
				return false;
			c = *p++ == '0' ? '~' : '/';
		}
		if (n + 1 >= len)
			return false;
		tok[n++] = c;
	}
	tok[n] = '\0';
	*rest = p;
	return true;
}

static bool array_index(const char *tok, int size, bool end_ok, int *out)
{
	if (end_ok && !strcmp(tok, "-")) {
		*out = size;
		return true;
	}
	if (!*tok || (tok[0] == '0' && tok[1]) || strspn(tok, "0123456789") != strlen(tok) ||
	    strlen(tok) > 6)
		return false;
	*out = atoi(tok);
	return *out < size || (end_ok && *out == size);
}

static int patch_one(cJSON *doc, const cJSON *op, int i, char *err, size_t len)
{
	const char *o = str_of(op, "op");
	const cJSON *pv = cJSON_GetObjectItemCaseSensitive(op, "path");
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(op, "value");
	const char *path = cJSON_IsString(pv) ? pv->valuestring : NULL;
	bool add = o && !strcmp(o, "add"), rem = o && !strcmp(o, "remove"),
	     rep = o && !strcmp(o, "replace");
	if (!(add || rem || rep) || !path || path[0] != '/' || ((add || rep) && !value)) {
		snprintf(err, len,
			 "operation %d: needs \"op\" add, remove or replace, a \"path\" starting "
			 "with '/', and a \"value\" for add and replace",
			 i);
		return VS_EPARSE;
	}
	cJSON *cur = doc;
	const char *p = path + 1;
	char tok[256];
	for (;;) {
		const char *rest;
		if (!next_token(p, tok, sizeof(tok), &rest))
			goto nopath;
		bool last = *rest == '\0';
		int idx;
		if (cJSON_IsArray(cur)) {
			if (!array_index(tok, cJSON_GetArraySize(cur), last && add, &idx))
				goto nopath;
			if (last) {
				cJSON *v = add || rep ? cJSON_Duplicate(value, true) : NULL;
				if ((add || rep) && !v)
					return VS_ENOMEM;
				if (add)
					return cJSON_InsertItemInArray(cur, idx, v) ? 0 : VS_ENOMEM;
				if (rep)
					return cJSON_ReplaceItemInArray(cur, idx, v) ? 0 :
										       VS_ENOMEM;
				cJSON_DeleteItemFromArray(cur, idx);
				return 0;
			}
			cur = cJSON_GetArrayItem(cur, idx);
		} else if (cJSON_IsObject(cur)) {
			cJSON *child = cJSON_GetObjectItemCaseSensitive(cur, tok);
			if (last) {
				if ((rem || rep) && !child)
					goto nopath;
				if (rem) {
					cJSON_DeleteItemFromObjectCaseSensitive(cur, tok);
					return 0;
				}
				cJSON *v = cJSON_Duplicate(value, true);
				if (!v)
					return VS_ENOMEM;
				if (child)
					return cJSON_ReplaceItemInObjectCaseSensitive(cur, tok, v) ?
						       0 :
						       VS_ENOMEM;
				return cJSON_AddItemToObject(cur, tok, v) ? 0 : VS_ENOMEM;
			}
			cur = child;
		} else {
			goto nopath;
		}
		if (!cur)
			goto nopath;
		p = rest + 1;
	}
nopath:
	snprintf(err, len, "operation %d (%s %s): the path is not in the snapshot", i, o, path);
	return VS_EPARSE;
}

int labs_patch(cJSON *doc, const cJSON *patch, char *err, size_t len)
{
	int i = 0;
	const cJSON *op;
	cJSON_ArrayForEach(op, patch)
	{
		int rc = patch_one(doc, op, i++, err, len);
		if (rc)
			return rc;
	}
	return 0;
}
