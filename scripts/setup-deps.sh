#!/usr/bin/env bash
# Install the Debian packages vpcsim needs, only those that are missing.
#
#   scripts/setup-deps.sh          build dependencies, and those of the tests but a browser
#   scripts/setup-deps.sh test     also Chromium (tests/interop/console.sh; make test, make tsan)
#   scripts/setup-deps.sh fuzz     also clang and its runtime (for `make fuzz`)
#   scripts/setup-deps.sh bench    also dnsperf and NSD (for `make bench`)
#
# Idempotent and silent when everything is present.  Works as root, through
# sudo when not root, and otherwise prints the command to run and fails.
# Targets Debian 12 (bookworm); needs dpkg-query and apt-get.
set -euo pipefail

# meson is a Python program: python3 comes with it, but is named so a
# stripped-down machine gets it even if meson came from elsewhere.
# clang-format: `make test` checks the formatting first (make format-check).
# bind9-dnsutils: dig, the real DNS client tests/interop/dns.sh asks `vpcsim dns` with.
# knot-dnsutils: kdig, the second DNS client of tests/interop/dns.sh (truncation, TCP fallback).
# unbound: the real DNS server tests/interop/dns.sh relays forwarded queries to (vpcsim dns --forward).
# bird2: the real BGP router tests/interop/bgp.sh peers with `vpcsim bgp`.
# frr, iproute2: FRR's bgpd runs `vpcsim bgp --dry-run`'s configuration in
# the network namespaces tests/interop/router.sh makes with ip netns.
# libgraphviz-dev: libgvc + libcgraph, the layout and SVG of vpcsim graph.
# libmicrohttpd-dev: the HTTP server of vpcsim serve.
BASE_PKGS=(meson ninja-build pkg-config gcc libcjson-dev libcmocka-dev python3 clang-format bind9-dnsutils knot-dnsutils unbound bird2
	frr iproute2 libgraphviz-dev libmicrohttpd-dev)
# chromium: the headless browser tests/interop/console.sh drives the web console with.
TEST_PKGS=(chromium)
# libFuzzer and the sanitizer runtimes ship in clang's runtime package.
FUZZ_PKGS=(clang libclang-rt-14-dev)
# bench/bench_dns.sh: dnsperf drives `vpcsim dns` and NSD, the reference.
BENCH_PKGS=(dnsperf nsd)

missing_pkgs() {
	local p
	for p in "$@"; do
		if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != "installed" ]; then
			printf '%s\n' "$p"
		fi
	done
}

install_pkgs() {
	if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
		echo "setup-deps: dpkg-query/apt-get not found; install these by hand: $*" >&2
		return 1
	fi
	local missing
	mapfile -t missing < <(missing_pkgs "$@")
	[ "${#missing[@]}" -eq 0 ] && return 0

	local -a as_root
	if [ "$(id -u)" -eq 0 ]; then
		as_root=(env DEBIAN_FRONTEND=noninteractive)
	elif command -v sudo >/dev/null 2>&1; then
		as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
	else
		echo "setup-deps: missing packages: ${missing[*]}" >&2
		echo "setup-deps: run as root:" >&2
		echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
		return 1
	fi
	echo "setup-deps: installing ${missing[*]}" >&2
	"${as_root[@]}" apt-get -q update </dev/null
	"${as_root[@]}" apt-get -q install -y --no-install-recommends "${missing[@]}" </dev/null

	mapfile -t missing < <(missing_pkgs "$@")
	if [ "${#missing[@]}" -ne 0 ]; then
		echo "setup-deps: still missing after install: ${missing[*]}" >&2
		return 1
	fi
}

install_base() {
	install_pkgs "${BASE_PKGS[@]}"
}

install_test() {
	install_pkgs "${TEST_PKGS[@]}"
}

install_fuzz() {
	install_pkgs "${FUZZ_PKGS[@]}"
}

# NSD's package starts a system service; the benchmark runs its own copy on
# a port of its own, so the service is stopped if the install started it.
install_bench() {
	install_pkgs "${BENCH_PKGS[@]}"
	if command -v systemctl >/dev/null 2>&1; then
		systemctl stop nsd 2>/dev/null || true
	fi
}

case "${1:-base}" in
base) install_base ;;
test) install_base && install_test ;;
fuzz) install_base && install_fuzz ;;
bench) install_base && install_bench ;;
*)
	echo "usage: $0 [base|test|fuzz|bench]" >&2
	exit 2
	;;
esac
