/*
 * DOC: the vpcsim command's shared pieces
 *
 * Each subcommand is one file (cmd_<name>.c) with one entry point taking the
 * arguments after the subcommand name: it parses them, loads and analyses,
 * then makes one call to the renderer of src/report/ (report/report.h) or,
 * for trace, src/trace/.  Exit status everywhere: 0 yes
 * (valid / reachable), 1 no (findings / unreachable), 2 could not run.
 *
 * The shape they share is cli_main()'s: options (getopt_long, from one
 * table per command that --help is written from too; --json and --help
 * answered alike everywhere), the operands counted, the snapshot
 * opened, the command's own work, everything freed, its exit status.
 * Single-threaded: getopt's globals.
 */
#ifndef VPCSIM_CLI_H
#define VPCSIM_CLI_H

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "vpcsim/diag.h"
#include "vpcsim/model.h"
#include "vpcsim/report.h"
#include "vpcsim/rib.h"

#define EXIT_YES   0
#define EXIT_NO    1
#define EXIT_USAGE 2

/*
 * One subcommand of vpcsim (commands.c lists them): main() dispatches to
 * it by @name, `vpcsim --help` lists it with @summary, `vpcsim labs` runs
 * it when it has a @run_to.  Each is given the arguments from its name on.
 */
struct cli_command {
	const char *name;    /* "check" */
	const char *summary; /* its line in vpcsim --help */
	/* One of the two: @run, or for the commands a lab may run @run_to,
	 * their answer written to @out (vpcsim itself: standard output;
	 * usage messages and errors go to stderr). */
	int (*run)(int argc, char **argv);
	int (*run_to)(int argc, char **argv, FILE *out);
};
/* The subcommand @name, or NULL when vpcsim has none. */
const struct cli_command *cli_command_find(const char *name);
/* Every subcommand, "  NAME     SUMMARY" a line, to @f (vpcsim --help). */
void cli_commands_list(FILE *f);

/* The entry points commands.c lists. */
int cmd_check_to(int argc, char **argv, FILE *out);
int cmd_show_to(int argc, char **argv, FILE *out);
int cmd_trace_to(int argc, char **argv, FILE *out);
int cmd_routes_to(int argc, char **argv, FILE *out);
int cmd_resolve_to(int argc, char **argv, FILE *out);
int cmd_zone(int argc, char **argv);
int cmd_dns(int argc, char **argv);
int cmd_bgp(int argc, char **argv);
int cmd_labs(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* An option's value that is a number: from @min to @max, anything else
 * said as "PROG: --NAME WANT, not 'ARG'" (@want NULL: "needs a number
 * from MIN to MAX"). */
struct cli_num {
	unsigned long min, max;
	const char *want;
};
#define CLI_NUM(min, max, want) (&(const struct cli_num){min, max, want})
/* A TCP or UDP port (trace's --port and --src-port, graph's --port). */
#define CLI_NUM_PORT CLI_NUM(0, 65535, "takes a port 0-65535")

/*
 * Where cli_parse() itself stores an option's value, as getopt_long's flag
 * pointer does: a member of the command's context (cli_main()'s @ctx), so
 * that an option which only sets a flag, a string or a number needs no code
 * in the command's option callback.
 */
enum cli_store_kind {
	CLI_STORE_NONE,  /* not stored: given to cmd->option */
	CLI_STORE_TRUE,  /* bool, set by an option without value */
	CLI_STORE_STR,   /* const char *: the value, argv's own (not copied) */
	CLI_STORE_INT,   /* int: the number (an option with a cli_num) */
	CLI_STORE_UINT,  /* unsigned (uint32_t): the number */
	CLI_STORE_ULONG, /* unsigned long: the number */
};
struct cli_store {
	enum cli_store_kind kind;
	size_t off; /* of the member in the context */
};
/* Not stored: given to cmd->option with its value (an option with logic). */
#define CLI_CALL                  \
	{                         \
		CLI_STORE_NONE, 0 \
	}
/* Member @member of the context struct @type, stored as its C type says; a
 * member of any other type does not compile. */
#define CLI_INTO(type, member)                                                                            \
	{                                                                                                 \
		_Generic(((type *)0)->member, bool: CLI_STORE_TRUE, const char *: CLI_STORE_STR,        \
		  int: CLI_STORE_INT, unsigned: CLI_STORE_UINT, unsigned long: CLI_STORE_ULONG), \
	 offsetof(type, member) \
	}

/*
 * One option of a command, written once: cli_parse() builds getopt_long's
 * table from the command's list of them and cli_usage() the option lines
 * of its --help, so the two cannot disagree.  --help itself is every
 * command's and not listed.
 */
struct cli_opt {
	const char *name; /* --NAME */
	int key;          /* what getopt_long returns, given to cmd->option; 'j' (--json)
			   * is answered by cli_parse() */
	const char *arg;  /* the value's name in --help ("N"); NULL: the option takes none */
	unsigned flags;   /* CLI_SHORT, CLI_HELP_ONLY */
	/* Not NULL: the value is a number, checked by cli_parse() and given
	 * to cmd->option as @num. */
	const struct cli_num *num;
	/* Its --help text, wrapped there; NULL: said with the next option's,
	 * the two listed on one line ("--from SRC, --to DST"). */
	const char *help;
	/* CLI_INTO(): stored by cli_parse(); CLI_CALL: given to cmd->option. */
	struct cli_store into;
};

/* cli_opt.flags: */
/* -KEY is the same option (KEY a letter). */
#define CLI_SHORT 1u
/* Listed in --help only: the command takes it out of argv before
 * getopt_long (graph's --trace FROM TO). */
#define CLI_HELP_ONLY 2u
/* The usage line shows it without brackets: the command's first form
 * needs it (the command checks that it is there). */
#define CLI_NEEDED 4u
/* May be given more than once: "..." after it in the usage line. */
#define CLI_REPEAT 8u
/* Not in the first usage line: cli_cmd.also, the command's other form,
 * names it (trace's --batch). */
#define CLI_OTHER_FORM 16u

/* The options several commands take alike. */
/* clang-format off */
#define CLI_OPT_JSON {"json", 'j', NULL, CLI_SHORT, NULL, "machine-readable output", CLI_CALL}
/* check's and routes' (AWS's quota of a private or transit VIF's BGP
 * session), stored @into (a CLI_INTO()) */
#define CLI_OPT_DX_PREFIX_LIMIT(into)                               \
	{"dx-prefix-limit", 'd', "N", 0, CLI_NUM(1, 1000000, NULL), \
	 "prefixes per private/transit VIF session (AWS default 100)", into}
/* clang-format on */

/* A macro's value as a string literal, for a --help text that names it. */
#define CLI_STR(x)  CLI_STR_(x)
#define CLI_STR_(x) #x

/* What cli_parse() read, for the command's own work. */
struct cli_args {
	bool json;       /* --json */
	char **operands; /* what the options left: the SNAPSHOT first */
	int n_operands;  /* within the command's cli_operands */
	FILE *out;       /* where the answer goes: stdout, or what cli_main_to() was given */
};

/* The operands a command takes, and what is said when their count is off. */
struct cli_operands {
	/* As the usage line names them, one word each, an optional one in
	 * brackets ("SNAPSHOT [ID|NAME]"): how many cli_parse() takes. */
	const char *syntax;
	const char *too_few, *too_many;
};

/* SNAPSHOT alone (check, trace). */
extern const struct cli_operands cli_snapshot_only;

/*
 * One subcommand's command line and work, for cli_parse() and cli_main().
 * Its --help (cli_usage()) is the usage line made of @prog, the operands
 * and @opts (then @also), @about, the lines of @opts, then @tail.
 */
struct cli_cmd {
	const char *prog;  /* "vpcsim check": every message starts with it */
	const char *also;  /* NULL, or the command's other form ("vpcsim trace SNAPSHOT ...") */
	const char *about; /* what the command does: its paragraphs, before the options */
	const char *tail;  /* after the options: the exit status */
	/* Ends with {NULL}; at most CLI_MAX_OPTS.  The order is getopt's and
	 * the order of --help. */
	const struct cli_opt *opts;
	const struct cli_operands *operands;
	/* Option @key (not 'j' or 'h', nor one with a CLI_INTO()) with its
	 * value @arg (and, for a number, @num) into @ctx; false when the
	 * value is wrong, said on stderr.  NULL: every option is stored. */
	bool (*option)(void *ctx, int key, const char *arg, unsigned long num);
	/* The work, on the snapshot loaded into @m with its load findings in
	 * @diag (both freed by cli_main()): the exit status. */
	int (*run)(void *ctx, const struct cli_args *a, struct model *m, struct diag_list *diag);
};

#define CLI_MAX_OPTS 24

/* @cmd's --help text to @f: its usage line (every option but the
 * CLI_OTHER_FORM ones in brackets, wrapped at 79 columns under the
 * operands), its about, one entry per option (the names and value, the help
 * wrapped at 79 columns in a column of their own), its tail. */
void cli_usage(const struct cli_cmd *cmd, FILE *f);

/*
 * The options and operands of @argv for @cmd, the options given to
 * @cmd->option with @ctx.  True with *a filled, or false with *status the
 * exit status to end with: EXIT_YES after --help (usage on stdout),
 * EXIT_USAGE after an option or an operand count that is wrong (said on
 * stderr, with the usage for an unknown option or a count that is off).
 */
bool cli_parse(const struct cli_cmd *cmd, void *ctx, int argc, char **argv, struct cli_args *a,
	       int *status);

/* cli_parse(), cli_open() of the SNAPSHOT, @cmd->run, model and findings
 * freed: the command's exit status. */
int cli_main(const struct cli_cmd *cmd, void *ctx, int argc, char **argv);
/* The same with the answer (what the command prints on standard output)
 * written to @out: how `vpcsim labs` runs a command in process. */
int cli_main_to(const struct cli_cmd *cmd, void *ctx, int argc, char **argv, FILE *out);

/* The resource named @name: an id (or ARN, or SiteId), else a unique Name
 * tag.  0, VS_ENOTFOUND or VS_EAMBIGUOUS. */
int cli_find_resource(const struct model *m, const char *name, const struct model_obj **out);

/*
 * What a command could not do (@rc, a vs_error): said as "@prog: @msg" on
 * stderr, or, when @json is not NULL (the command's --json output), as the
 * JSON document {"error": @msg, "code": vs_strerror(@rc)} on @json.
 * Returns EXIT_USAGE (the command could not run).
 */
int cli_fail(const char *prog, const char *msg, int rc, FILE *json);
/* The JSON error document of cli_fail(), {"error": @msg, "code":
 * vs_strerror(@rc)}, to @f (vpcsim serve answers bad requests with it);
 * false when out of memory. */
bool cli_json_error(FILE *f, const char *msg, int rc);

/* "ADDR:PORT" or "[ADDR]:PORT" (numeric) into a socket address: --listen
 * of dns and serve.  False when it is not one. */
bool cli_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len);
/*
 * trace_run() of @q, and when --to is a DNS name the snapshot does not
 * name otherwise, the name asked first from the source's place (an
 * instance or interface: its VPC's Resolver; a site's host: the inbound
 * endpoint the site reaches; else the internet) and the flow traced to its
 * first address (res->to keeps the name); with @dns (not NULL) the DNS
 * answer is printed there as `vpcsim resolve` prints it.  Returns
 * trace_run()'s result, the resolver's error, or CLI_TRACE_NO_ADDRESS with
 * @err when the name has no address from there.  One implementation for
 * trace, graph and serve.
 */
#define CLI_TRACE_NO_ADDRESS 1
struct trace_ctx;
struct trace_query;
struct trace_result;
int cli_trace_run(const struct model *m, const struct trace_ctx *ctx, struct trace_query *q,
		  struct trace_result *res, FILE *dns, char *err, size_t errlen);

/* Whether @ss is a loopback address (127.0.0.0/8, ::1). */
bool cli_is_loopback(const struct sockaddr_storage *ss);

/*
 * A resource the user named is missing (VS_ENOTFOUND) or names several
 * (VS_EAMBIGUOUS): the one convention of show, routes and trace.  Says so
 * on stderr, or, when @json is not NULL, as a JSON document on @json, the
 * shape trace prints for an endpoint that names nothing: {"error": "...",
 * "code": vs_strerror(rc)}.  Returns EXIT_USAGE (the command could not run).
 */
int cli_no_resource(const char *prog, const char *name, int rc, FILE *json);
/* The message of cli_no_resource()'s JSON document into @buf. */
void cli_no_resource_msg(const char *name, int rc, char *buf, size_t len);
/* The same two, the text to @text and, with @as_json, the JSON to @json (a
 * control socket's answer: both the one stream). */
int cli_fail_to(FILE *text, FILE *json, const char *prog, const char *msg, int rc, bool as_json);
int cli_no_resource_to(FILE *text, FILE *json, const char *prog, const char *name, int rc,
		       bool as_json);

/* The route options of routes and trace, with the storage of their --down
 * ids (links taken down, at most CLI_MAX_DOWN) that @ro.down_ids points to. */
#define CLI_MAX_DOWN 32
struct cli_rib_opts {
	struct rib_opts ro;
	const char *down[CLI_MAX_DOWN];
};
/* One --down @id; false, said on stderr, past CLI_MAX_DOWN. */
bool cli_add_down(struct cli_rib_opts *ro, const char *id, const char *prog);
/* Every --down id names a VIF or a VPN connection of @m; else says which not. */
bool cli_check_down(const struct model *m, const struct cli_rib_opts *ro, const char *prog);

/* --proto's value @arg (trace_proto_parse()) into *proto; false when it is
 * none, said as "@prog: --proto takes ..." on stderr (trace and graph). */
bool cli_opt_proto(const char *prog, const char *arg, int *proto);

/*
 * An output file the user named (-o FILE): written whole or not at all.  A
 * regular file (or a new one) is written as a temporary file beside it and
 * renamed over it once every write succeeded, so a failed run leaves the old
 * file as it was; anything else (a device, a FIFO) is written in place and
 * never removed.
 */
struct cli_file {
	FILE *f;
	const char *path;
	char *tmp; /* the temporary file; NULL when @path is written in place */
};
/* Open @path; false, said on stderr as "@prog: cannot write @path: why". */
bool cli_file_open(const char *prog, const char *path, struct cli_file *out);
/* Close @cf.  @ok false (the caller failed): the temporary file is removed,
 * quietly.  Else true when every write and the rename succeeded; false with
 * the reason said on stderr and the temporary file removed. */
bool cli_file_close(const char *prog, struct cli_file *cf, bool ok);

/* Parse a non-negative decimal option value; false if not a number in range. */
bool cli_parse_uint(const char *s, unsigned long max, unsigned long *out);
/*
 * A new finding list with the snapshot @path loaded into *m (the load
 * findings in it), or NULL when out of memory (said on stderr) or when the
 * snapshot cannot be used at all: then the errors that stopped the load
 * are said as text on stderr, or, when @json is not NULL, as a JSON error
 * object on @json.  The caller frees the list and the model.
 */
struct diag_list *cli_open(const char *prog, const char *path, FILE *json, struct model **m);

#endif
