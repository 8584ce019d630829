# DOC: the shell tests' shared pieces (tests/interop/*.sh, tests/cli/run.sh)
#
# Sourced first, by the script's own path: the arguments every test takes
# (test_args), case counting (pass NAME, fail NAME WHY, finish: "N cases,
# M failed" and the exit status; expect_ok for a checker's "KEY ok" lines),
# need CMD PACKAGE and need_browser: a missing client or peer is one failed
# case naming the Debian package scripts/setup-deps.sh installs; headless
# Chromium (browser, dump_dom, screenshot); and proc.sh's tmp_dir, PIDS,
# log_port, free_port, wait_for.
. "$(dirname -- "${BASH_SOURCE[0]}")/proc.sh"

n_cases=0
n_failed=0
# A file whose start a failed case shows under "stderr:" when it is not
# empty (tests/cli: what the last command wrote there); none by default.
FAIL_STDERR=

# test_args MAX USAGE ARGS...: 2 to MAX arguments, VPCSIM SRCDIR [OUTDIR],
# else "usage: USAGE" and exit 2.  Sets VPCSIM to the binary's absolute path
# (meson passes it relative to the build directory, the cwd), OUTDIR to
# OUTDIR's (default the cwd), and goes to SRCDIR, so that every path the
# test names is the README's (examples/two-tier).
test_args() {
	local max=$1 usage=$2
	shift 2
	if [ $# -lt 2 ] || [ $# -gt "$max" ]; then
		echo "usage: $usage" >&2
		exit 2
	fi
	VPCSIM=$(realpath -- "$1") || exit 2
	OUTDIR=$(realpath -- "${3:-.}") || exit 2
	cd "$2" || exit 2
}

pass() {
	n_cases=$((n_cases + 1))
	echo "ok   $1"
}

fail() {
	n_cases=$((n_cases + 1))
	n_failed=$((n_failed + 1))
	echo "FAIL $1: $2"
	if [ -n "$FAIL_STDERR" ] && [ -s "$FAIL_STDERR" ]; then
		echo "  stderr:"
		head -c 2000 "$FAIL_STDERR" | sed 's/^/    /'
	fi
}

finish() {
	echo "$n_cases cases, $n_failed failed"
	[ "$n_failed" -eq 0 ]
	exit $?
}

# not_installed NAME WHY: exit with one failed case, NAME not installed.
not_installed() {
	echo "FAIL $1: not installed ($2)"
	echo "1 cases, 1 failed"
	exit 1
}

# need CMD PACKAGE: exit with one failed case when CMD is not installed.
need() {
	command -v "$1" >/dev/null 2>&1 || not_installed "$1" "scripts/setup-deps.sh installs $2"
}

# need_browser: BROWSER, headless Chromium's path (Debian names it
# chromium, others chromium-browser); one failed case when neither is there.
need_browser() {
	BROWSER=$(command -v chromium || command -v chromium-browser || true)
	[ -n "$BROWSER" ] || not_installed chromium "scripts/setup-deps.sh test installs it"
}

# browser BUDGET ARGS...: headless Chromium (need_browser) on ARGS, within
# 60 s: its own profile in $TMP, BUDGET ms of virtual time (the page's
# fetches and timers finish without waiting for them), a 1600x1000 window.
browser() {
	local budget=$1
	shift
	timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
		--user-data-dir="$TMP/profile" --virtual-time-budget="$budget" --window-size=1600,1000 "$@"
}

# expect_ok FILE KEY NAME: a checker wrote "KEY ok" in FILE (one line per
# check, "KEY what-is-wrong" otherwise): case NAME passes, or fails with
# what it wrote (the start of FILE when it wrote nothing for KEY).
expect_ok() {
	local got
	got=$(sed -n "s/^$2 //p" "$1")
	if [ "$got" = ok ]; then
		pass "$3"
	else
		fail "$3" "${got:-$(head -c 300 "$1")}"
	fi
}

# dump_dom BUDGET URL NAME: the DOM Chromium ends with on URL (browser
# BUDGET) into $TMP/dom.html, its stderr into $TMP/chrome.err; case NAME
# passes when it dumped one, else fails and dump_dom returns 1.
dump_dom() {
	browser "$1" --dump-dom "$2" >"$TMP/dom.html" 2>"$TMP/chrome.err"
	if [ ! -s "$TMP/dom.html" ]; then
		fail "$3" "nothing dumped: $(tail -c 400 "$TMP/chrome.err")"
		return 1
	fi
	pass "$3"
}

# screenshot BUDGET URL FILE NAME: Chromium's screenshot of URL (browser
# BUDGET) into FILE, replaced; case NAME passes when one was written.
screenshot() {
	rm -f "$3"
	browser "$1" --screenshot="$3" "$2" >/dev/null 2>&1
	if [ -s "$3" ]; then
		pass "$4 ($3)"
	else
		fail "$4" "none written"
	fi
}
