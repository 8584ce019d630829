/*
 * DOC: diagnostics (findings)
 *
 * Findings are kept in a vector; their strings live in the list's arena.
 */
#include "vpcsim/diag.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/vec.h"
#include "vpcsim/error.h"

struct diag_item {
	struct diag d;
	size_t seq;
};

struct diag_list {
	struct arena *arena;
	struct vec items; /* struct diag_item */
};

struct diag_list *diag_list_new(void)
{
	struct diag_list *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->arena = arena_new();
	if (!l->arena) {
		free(l);
		return NULL;
	}
	vec_init(&l->items, sizeof(struct diag_item));
	return l;
}

void diag_list_free(struct diag_list *l)
{
	if (!l)
		return;
	vec_release(&l->items);
	arena_free(l->arena);
	free(l);
}

int diag_vadd(struct diag_list *l, enum diag_severity sev, const char *code,
	      const char *resource, const char *file, unsigned line, unsigned col,
	      const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	struct diag d = {
		.severity = sev,
		.code = arena_strdup(l->arena, code ? code : "Unknown"),
		.resource = arena_strdup(l->arena, resource),
		.file = arena_strdup(l->arena, file),
		.line = line,
		.col = col,
		.message = arena_strdup(l->arena, buf),
	};
	if (!d.code || !d.message || (resource && !d.resource) || (file && !d.file))
		return VS_ENOMEM;
	struct diag_item *it = vec_push(&l->items);
	if (!it)
		return VS_ENOMEM;
	it->d = d;
	it->seq = l->items.n - 1;
	return 0;
}

int diag_add(struct diag_list *l, enum diag_severity sev, const char *code,
	     const char *resource, const char *file, unsigned line, unsigned col,
	     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = diag_vadd(l, sev, code, resource, file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

size_t diag_count(const struct diag_list *l)
{
	return l->items.n;
}

size_t diag_count_severity(const struct diag_list *l, enum diag_severity sev)
{
	size_t n = 0;
	for (uint32_t i = 0; i < l->items.n; i++)
		n += VEC_AT(&l->items, struct diag_item, i)->d.severity == sev;
	return n;
}

const struct diag *diag_get(const struct diag_list *l, size_t i)
{
	return i < l->items.n ? &VEC_AT(&l->items, struct diag_item, i)->d : NULL;
}

bool diag_has_code(const struct diag_list *l, const char *code)
{
	for (uint32_t i = 0; i < l->items.n; i++)
		if (strcmp(VEC_AT(&l->items, struct diag_item, i)->d.code, code) == 0)
			return true;
	return false;
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int diag_item_cmp(const void *pa, const void *pb)
{
	const struct diag_item *a = pa, *b = pb;
	int c = strcmp_null(a->d.file, b->d.file);
	if (c)
		return c;
	if (a->d.line != b->d.line)
		return a->d.line < b->d.line ? -1 : 1;
	if (a->d.col != b->d.col)
		return a->d.col < b->d.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(struct diag_list *l)
{
	if (l->items.n > 1)
		qsort(l->items.items, l->items.n, sizeof(struct diag_item), diag_item_cmp);
}

const char *diag_severity_name(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	}
	return "unknown";
}

void diag_print(const struct diag_list *l, FILE *out)
{
	for (uint32_t i = 0; i < l->items.n; i++) {
		const struct diag *d = &VEC_AT(&l->items, struct diag_item, i)->d;
		if (d->file) {
			fputs(d->file, out);
			if (d->line)
				fprintf(out, ":%u:%u", d->line, d->col);
			fputs(": ", out);
		}
		fprintf(out, "%s: [%s] ", diag_severity_name(d->severity), d->code);
		if (d->resource)
			fprintf(out, "%s: ", d->resource);
		fprintf(out, "%s\n", d->message);
	}
}
