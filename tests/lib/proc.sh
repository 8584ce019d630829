# DOC: the shell scripts' scratch directory and background servers
#
# Sourced by tests/interop/*.sh, tests/cli/run.sh (through cases.sh) and the
# bench/*.sh that start servers.  tmp_dir makes $TMP; on exit every PID in
# PIDS (servers started with `... &` and PIDS+=($!)) is killed and $TMP
# removed, so a failing or interrupted run leaves nothing behind; then the
# commands in AT_EXIT run (each one word: a function that undoes what the
# script set up outside $TMP, such as a network namespace).

PIDS=()
AT_EXIT=()

# tmp_dir NAME: $TMP, a new directory ${TMPDIR:-/tmp}/vpcsim-NAME.XXXXXX
# (exit 2 when it cannot be made), cleaned up on exit with PIDS.
tmp_dir() {
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/vpcsim-$1.XXXXXX") || exit 2
	trap proc_cleanup EXIT
}

proc_cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$TMP"
	for f in "${AT_EXIT[@]}"; do "$f"; done
}

# log_port FILE [TRIES]: the port a vpcsim server started with --listen
# ADDR:0 says it took, on the stderr it writes to FILE ("... port N (udp,
# tcp) ..." of vpcsim dns, "(port N)" of vpcsim serve); FILE is read every
# 0.1 s, TRIES times (default 100).  Prints the port; 1 when none came.
log_port() {
	local p
	for _ in $(seq "${2:-100}"); do
		p=$(sed -n 's/.*[ (]port \([0-9][0-9]*\)[ )].*/\1/p' "$1" | head -1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

# free_port [ADDR]: a TCP port nothing listens on at ADDR (default
# 127.0.0.1), found by binding port 0, for a peer that cannot take port 0.
free_port() {
	python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' \
		"${1:-127.0.0.1}"
}

# wait_for SECONDS COMMAND...: run COMMAND (its output dropped) every 0.1 s,
# SECONDS * 10 times at most, until it succeeds; 1 when it never did.
wait_for() {
	local t=$1
	shift
	for _ in $(seq $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
