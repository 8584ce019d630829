/*
 * DOC: vpcsim -- an emulator of AWS networking
 *
 * The front door: dispatches to one subcommand per file (commands.c lists
 * them).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: vpcsim <command> SNAPSHOT [options]\n\n"
		   "vpcsim loads an AWS network described in AWS's own JSON shapes (what the\n"
		   "AWS CLI's describe-* calls print, one file or a directory of them, the\n"
		   "Batfish aws_configs layout included) and answers questions about it.\n\n"
		   "commands:\n");
	cli_commands_list(f);
	fprintf(f, "\n'vpcsim <command> --help' describes a command.\n"
		   "Exit status: 0 yes (valid), 1 no (findings), 2 could not run.\n");
}

/*
 * Standard output flushed and closed: false, and a message, when a write
 * failed (a full disk, /dev/full, a closed pipe with SIGPIPE ignored).
 * Output that did not arrive is a command that did not run: exit 2, never
 * the answer's 0 or 1 (issue 9 #12).
 */
static bool close_stdout(void)
{
	errno = 0;
	bool bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;
	if (fclose(stdout) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	if (bad)
		fprintf(stderr, "vpcsim: cannot write standard output: %s\n",
			e ? strerror(e) : "write error");
	return !bad;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_YES;
	}
	if (!strcmp(argv[1], "--version")) {
		report_textf(stdout, "vpcsim 0.1.0\n");
		return EXIT_YES;
	}
	const struct cli_command *s = cli_command_find(argv[1]);
	if (s)
		return s->run ? s->run(argc - 1, argv + 1) : s->run_to(argc - 1, argv + 1, stdout);
	report_textf(stderr, "vpcsim: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int rc = run(argc, argv);
	return close_stdout() ? rc : EXIT_USAGE;
}
