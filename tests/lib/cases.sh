# DOC: the shell tests' shared pieces (tests/interop/*.sh)
#
# Sourced after the script has made $TMP (mktemp -d): case counting
# (pass NAME, fail NAME WHY, finish: "N cases, M failed" and the exit
# status), servers started in the background whose PIDs go in PIDS (killed,
# with $TMP removed, on exit), and need CMD PACKAGE: a missing client or
# peer is one failed case naming the Debian package scripts/setup-deps.sh
# installs.
n_cases=0
n_failed=0
PIDS=()

pass() {
	n_cases=$((n_cases + 1))
	echo "ok   $1"
}

fail() {
	n_cases=$((n_cases + 1))
	n_failed=$((n_failed + 1))
	echo "FAIL $1: $2"
}

finish() {
	echo "$n_cases cases, $n_failed failed"
	[ "$n_failed" -eq 0 ]
	exit $?
}

cases_cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cases_cleanup EXIT

# need CMD PACKAGE: exit with one failed case when CMD is not installed.
need() {
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "FAIL $1: not installed (scripts/setup-deps.sh installs $2)"
		echo "1 cases, 1 failed"
		exit 1
	fi
}
