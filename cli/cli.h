/*
 * DOC: the vpcsim command's shared pieces
 *
 * Each subcommand is one file (cmd_<name>.c) with one entry point taking the
 * arguments after the subcommand name: it parses them, loads and analyses,
 * then makes one call to the renderer of src/report/ (report/report.h) or,
 * for trace, src/trace/.  Exit status everywhere: 0 yes
 * (valid / reachable), 1 no (findings / unreachable), 2 could not run.
 */
#ifndef VPCSIM_CLI_H
#define VPCSIM_CLI_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "vpcsim/diag.h"
#include "vpcsim/model.h"
#include "vpcsim/report.h"

#define EXIT_YES   0
#define EXIT_NO    1
#define EXIT_USAGE 2

int cmd_check(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_dns(int argc, char **argv);

/*
 * Load @path into *m.  Load findings are appended to @diag.  When the
 * snapshot cannot be used at all, prints why (as text on stderr, or a JSON
 * error object on stdout when @json) and returns false.
 */
bool cli_load(const char *prog, const char *path, struct diag_list *diag, struct model **m,
	      bool json);

/* The resource named @name: an id (or ARN, or SiteId), else a unique Name
 * tag.  0, VS_ENOTFOUND or VS_EAMBIGUOUS. */
int cli_find_resource(const struct model *m, const char *name, const struct model_obj **out);

/*
 * A resource the user named is missing (VS_ENOTFOUND) or names several
 * (VS_EAMBIGUOUS): the one convention of show, routes and trace.  Says so
 * on stderr, or with @json as a JSON document on stdout, the shape trace
 * prints for an endpoint that names nothing: {"error": "...", "code":
 * vs_strerror(rc)}.  Returns EXIT_USAGE (the command could not run).
 */
int cli_no_resource(const char *prog, const char *name, int rc, bool json);

/* --down ID (routes, trace): links taken down, at most CLI_MAX_DOWN. */
#define CLI_MAX_DOWN 32
bool cli_add_down(const char **ids, uint32_t *n, const char *id, const char *prog);
/* Every id names a VIF or a VPN connection of @m; else says which not. */
bool cli_check_down(const struct model *m, const char *const *ids, uint32_t n, const char *prog);

/* Parse a non-negative decimal option value; false if not a number in range. */
bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out);
/* The value @arg of option --@opt as a number in [@min, @max] into *out;
 * otherwise says "@prog: --@opt @want, not '@arg'" on stderr and false. */
bool cli_opt_uint(const char *prog, const char *opt, const char *arg, unsigned long min,
		  unsigned long max, const char *want, unsigned long *out);
/* After the options (getopt's @optind_): exactly one SNAPSHOT argument is
 * left; otherwise says what is wrong and the @usage on stderr, and false. */
bool cli_one_snapshot(const char *prog, int argc, int optind_, void (*usage)(FILE *f));
/* A new finding list with the snapshot @path loaded into *m (cli_load), or
 * NULL when out of memory (said on stderr) or the load failed (said as
 * cli_load says it).  The caller frees the list and the model. */
struct diag_list *cli_open(const char *prog, const char *path, bool json, struct model **m);

#endif
