/*
 * DOC: report -- what vpcsim prints: text for people, JSON for machines
 *
 * The renderers of check, show, routes and resolve (declared here) and of
 * the trace (trace_text.c, trace_jsonw.c, trace_json.c in src/report/,
 * declared in vpcsim/trace.h beside the result they render): each takes what the analysis
 * computed, read-only, and writes one document to a FILE.  The CLI parses
 * arguments, loads and analyses, then makes one call here.  Each JSON
 * document is built as a cJSON tree and printed pretty with a trailing
 * newline; the text form of show is a rendering of the same tree.
 *
 * Errors: a renderer returns false when memory runs out building its tree
 * (nothing, or part of the document, is written).  A failed write is left
 * in the stream's error flag (ferror), as stdio does: the caller checks it
 * once at the end (cli's main(): exit 2).  Thread-safety: none of them
 * keeps state; two may run at once on different streams.
 *
 * Text output quotes what the snapshot and the user wrote: Name tags, ids,
 * descriptions, file names, command-line arguments.  None of it may reach a
 * terminal raw: an ESC sequence in a Name tag would recolour or rewrite the
 * screen, a newline would forge a report line ("result: reachable").  Every
 * text renderer (cli/, src/trace/trace_text.c) prints through the functions
 * below, which escape each string argument and leave the format alone:
 *
 *   \n \r \t, and \\ for a backslash (so an escape is never ambiguous);
 *   \xHH for the other C0 controls, DEL and bytes that are not UTF-8;
 *   \uHHHH for the C1 controls (U+0080-U+009F) and the characters that
 *   reorder or break lines (U+2028, U+2029, U+202A-U+202E, U+2066-U+2069).
 *
 * Printable ASCII and the rest of UTF-8 are copied as they are, so output
 * without such characters is unchanged.  JSON output does not come here
 * (its writers escape by JSON's rules).
 *
 * Thread-safety: no state; as safe as the FILE given.  Errors: a failed
 * write leaves the stream's error flag set (ferror), as stdio does; the
 * caller checks it once at the end (cli's main()).
 */
#ifndef VPCSIM_REPORT_H
#define VPCSIM_REPORT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vpcsim/diag.h"
#include "vpcsim/model.h"

struct rib_set;

/*
 * fprintf() whose %s arguments are escaped first (then padded or cut as
 * the conversion says: "%-44s" pads the escaped text).  Supported: the
 * flags, field width and precision ('*' too) of printf, the length
 * modifiers hh h l ll z j t, and the conversions d i u o x X c s e f g E G
 * p %.  %c of a control character is escaped like a string.  An
 * unsupported conversion is a broken internal invariant: abort().
 */
void report_textf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* fputs() of @s escaped; NULL prints nothing. */
void report_text_put(const char *s, FILE *f);

/*
 * @s escaped into @buf of @len bytes (len >= 1), always NUL-terminated;
 * cut at a whole escape when it does not fit.  Returns @buf.
 */
char *report_text_esc(const char *s, char *buf, size_t len);

/* ---- check ---- */

/*
 * Diagnostic @d as one line of vpcsim check's text:
 * "FILE[:LINE:COL]: SEVERITY: CODE[ RESOURCE]: MESSAGE\n" (no FILE part for
 * a finding of no file), every string escaped as report_text_put() does.
 */
void report_diag_line(FILE *f, const struct diag *d);

/* Every diagnostic of @l, in its order, one report_diag_line() each. */
void report_diag_print(FILE *f, const struct diag_list *l);

struct report_check_opts {
	bool json;        /* the JSON document instead of text */
	bool quiet;       /* text: only the summary line */
	bool errors_only; /* leave out warnings and notes (text and JSON) */
};

/*
 * The findings of @diag (sorted by the caller) on snapshot @path: one line
 * each and a summary line with @m's counts, or the JSON document
 * {"snapshot", "valid", "errors", "warnings", "findings"}.
 */
bool report_check(FILE *f, const char *path, const struct model *m, const struct diag_list *diag,
		  const struct report_check_opts *o);

/* ---- show ---- */

/*
 * Resource @o with its relations resolved ("key  value" lines, or its JSON
 * object); with @o NULL, the summary of snapshot @path (resources per
 * type, regions, accounts, defaults added).
 */
bool report_show(FILE *f, const char *path, const struct model *m, const struct model_obj *o,
		 bool json);

/* ---- routes ---- */

/*
 * The effective routes of @o from @s (rib_build() of @m): a VPC route table,
 * TGW route table, VGW, DX gateway (both its tables), site, or the tables a
 * transit gateway, VPC or subnet stands for; with @all the candidates that
 * lost and why.  Returns the number of tables printed: 0 when @o keeps no
 * routes (nothing printed; the caller says why).
 */
uint32_t report_routes(FILE *f, const struct model *m, const struct rib_set *s,
		       const struct model_obj *o, bool all, bool json);

/* ---- JSON helpers (also for the CLI's error documents) ---- */

void report_json_add_str(cJSON *o, const char *key, const char *val); /* NULL -> JSON null */
void report_json_add_prefix(cJSON *o, const char *key, const struct net_prefix *p);
void report_json_add_addr(cJSON *o, const char *key, const struct net_addr *a);
cJSON *report_json_str_array(const char *const *v, uint32_t n);
/* One finding: {"severity", "code", "resource", "file", ["line", "column"], "message"}. */
cJSON *report_json_diag(const struct diag *d);
cJSON *report_json_findings(const struct diag_list *l);
/* Print @root (consumed, may be NULL) pretty with a trailing newline; false
 * when @root is NULL or printing runs out of memory. */
bool report_json_print(cJSON *root, FILE *f);
/* Print @root (consumed, may be NULL) on one line with a trailing newline
 * (JSON Lines); false when @root is NULL, printing runs out of memory or
 * the write fails. */
bool report_json_print_line(cJSON *root, FILE *f);

/* Hosted zone @z as an RFC 1035 master file (zonefile.c): what `vpcsim
 * zone` prints and vpcsim reads back from a *.zone file.  False when the
 * write failed. */
bool report_zonefile(FILE *f, const struct model_zone *z);

#endif
