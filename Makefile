# vpcsim — the front door.  `make help` lists the targets.
#
# Build directories (all gitignored):
#   build/       release build (demo, bench)
#   build-test/  debug build with AddressSanitizer + UndefinedBehaviorSanitizer (test)
#   build-fuzz/  clang + libFuzzer build of the fuzz harnesses (fuzz)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

BUILD        ?= build
TEST_BUILD   ?= build-test
FUZZ_BUILD   ?= build-fuzz
TSAN_BUILD   ?= build-tsan
FUZZ_SECONDS ?= 60
# FUZZ_TARGET: load (the snapshot JSON), walk (the directory walk), batch,
# dnsname (DNS name text), dnswire (DNS messages `vpcsim dns` reads), zonefile
# (RFC 1035 master files), bgpmsg (BGP-4 messages a `vpcsim bgp` peer sends),
# serve (the web console's request-targets)
# (trace --batch input); each has fuzz/fuzz_<target>.c and fuzz/corpus/<target>/
FUZZ_TARGET  ?= load
FUZZ_CORPUS  ?= fuzz/corpus/$(FUZZ_TARGET)
FUZZ_MAX_LEN_load  := 8192
FUZZ_MAX_LEN_walk  := 96
FUZZ_MAX_LEN_batch := 4096
FUZZ_MAX_LEN_dnsname := 1100
FUZZ_MAX_LEN_dnswire := 1500
FUZZ_MAX_LEN_zonefile := 8192
FUZZ_MAX_LEN_bgpmsg := 8192
FUZZ_MAX_LEN_serve := 4200
FUZZ_DICT_load     := -dict=fuzz/load.dict
FUZZ_KEEP_MAX ?= 2048
MESON        ?= meson
NINJA        ?= ninja

# Sanitizers stop at the first error, with a stack trace, so a test cannot
# pass with a report buried in its log.
export ASAN_OPTIONS  ?= halt_on_error=1:abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS ?= halt_on_error=1:print_stacktrace=1
# scripts/lsan.supp: what Graphviz's dot layout never frees (not ours).
export LSAN_OPTIONS  ?= print_suppressions=0:suppressions=$(CURDIR)/scripts/lsan.supp

FORMAT_DIRS := include src cli tests fuzz bench

.DEFAULT_GOAL := build
.PHONY: help deps deps-test deps-fuzz build demo test tsan fuzz bench format format-check clean

help:
	@echo "vpcsim make targets:"
	@echo "  make build    release build in $(BUILD)/ (installs missing Debian packages first)"
	@echo "  make demo     build, then check, show and trace examples/two-tier, routes and a hybrid"
	@echo "                trace on examples/hub-spoke, a DNS query on examples/dns, a trace through an ALB,"
	@echo "                the diagram of examples/hub-spoke (vpcsim graph)"
	@echo "  make test     clang-format check, then ASan+UBSan debug build in $(TEST_BUILD)/, run every test;"
	@echo "                ends with one line 'cases: N passed, N failed' (what CI runs)"
	@echo "  make tsan     ThreadSanitizer build in $(TSAN_BUILD)/: every test, then the threaded"
	@echo "                loader on the examples and on a generated 11-file, 5,000-ENI snapshot"
	@echo "  make fuzz     libFuzzer build with clang in $(FUZZ_BUILD)/, fuzz FUZZ_TARGET=load|walk|batch|dnsname|dnswire|zonefile|bgpmsg|serve"
	@echo "                for FUZZ_SECONDS=$(FUZZ_SECONDS) s; new coverage is merged into fuzz/corpus/TARGET/"
	@echo "  make bench    release build, then bench/run.sh: load (100k ENIs) vs bare JSON parse,"
	@echo "                trace per flow, route computation (5,000 VPCs on 10 TGWs), BGP UPDATE parsing, DNS beside NSD,"
	@echo "                a 1,000,000-prefix BGP feed into vpcsim bgp beside BIRD, graph render and console API trace latency"
	@echo "  make format   clang-format -i every .c/.h of ours"
	@echo "  make clean    remove the build directories"
	@echo "  make deps     only install the missing Debian packages"

deps:
	@scripts/setup-deps.sh

# what the tests need beyond the build: a headless browser
deps-test:
	@scripts/setup-deps.sh test

deps-fuzz:
	@scripts/setup-deps.sh fuzz

# `meson setup` only when the directory is not configured yet; afterwards
# ninja re-runs meson by itself when a meson.build changes.
build: deps
	@if [ ! -f $(BUILD)/build.ninja ]; then \
		$(MESON) setup $(BUILD) -Dbuildtype=release -Dtests=false; \
	fi
	$(NINJA) -C $(BUILD)
	@# the CLI is built in cli/; ./build/vpcsim is the name people type
	@if [ -x $(BUILD)/cli/vpcsim ]; then ln -sfn cli/vpcsim $(BUILD)/vpcsim; fi

demo: build
	@echo "== vpcsim check examples/two-tier"
	@rc=0; ./$(BUILD)/vpcsim check examples/two-tier || rc=$$?; \
	if [ $$rc -ge 2 ]; then echo "vpcsim check could not run (exit $$rc)" >&2; exit $$rc; fi; \
	if [ $$rc -eq 1 ]; then echo "(check reported findings: exit 1)"; fi
	@echo "== vpcsim show examples/two-tier"
	@./$(BUILD)/vpcsim show examples/two-tier
	@echo "== vpcsim show examples/two-tier subnet-061bc3f03d49348f0"
	@./$(BUILD)/vpcsim show examples/two-tier subnet-061bc3f03d49348f0
	@echo "== vpcsim trace examples/two-tier --from i-0d51e72fcfc6fde33 --to 8.8.8.8 --port 443"
	@./$(BUILD)/vpcsim trace examples/two-tier --from i-0d51e72fcfc6fde33 --to 8.8.8.8 --port 443
	@echo "== vpcsim routes examples/hub-spoke tgw-rtb-0170950694502b286 --all"
	@./$(BUILD)/vpcsim routes examples/hub-spoke tgw-rtb-0170950694502b286 --all
	@echo "== vpcsim trace examples/hub-spoke --from i-08c1bd499d39fce96 --to dc1-db --port 443"
	@./$(BUILD)/vpcsim trace examples/hub-spoke --from i-08c1bd499d39fce96 --to dc1-db --port 443
	@echo "== vpcsim resolve examples/dns www.example.com --from i-0f3c9a2e7b5d18c46"
	@./$(BUILD)/vpcsim resolve examples/dns www.example.com --from i-0f3c9a2e7b5d18c46
	@echo "== vpcsim trace examples/load-balancers --from i-0c81 --to shop-web --port 80 --path /api/orders"
	@./$(BUILD)/vpcsim trace examples/load-balancers --from i-0c81 --to shop-web --port 80 --path /api/orders
	@echo "== vpcsim graph examples/hub-spoke -o $(BUILD)/hub-spoke.svg"
	@./$(BUILD)/vpcsim graph examples/hub-spoke -o $(BUILD)/hub-spoke.svg
	@echo "   (the diagram: open $(BUILD)/hub-spoke.svg in a browser; vpcsim serve examples/hub-spoke for the console)"

# -fno-sanitize-recover=all makes every UBSan report fatal (halt_on_error
# alone does not stop the "recoverable" checks).
test: deps-test format-check
	@if [ ! -f $(TEST_BUILD)/build.ninja ]; then \
		$(MESON) setup $(TEST_BUILD) -Dbuildtype=debug -Db_sanitize=address,undefined \
			-Dc_args=-fno-sanitize-recover=all -Dtests=true; \
	fi
	$(NINJA) -C $(TEST_BUILD)
	@rm -f $(TEST_BUILD)/meson-logs/testlog.json
	@rc=0; $(MESON) test -C $(TEST_BUILD) --print-errorlogs || rc=$$?; \
	src=0; scripts/test-summary $(TEST_BUILD)/meson-logs/testlog.json || src=$$?; \
	if [ $$rc -ne 0 ] || [ $$src -ne 0 ]; then exit 1; fi

# The loader parses a directory's files in worker threads: ThreadSanitizer
# must find no race in it (no suppressions today; a race inside a
# dependency would get a documented one in scripts/tsan.supp).
tsan: deps-test
	@if [ ! -f $(TSAN_BUILD)/build.ninja ]; then \
		$(MESON) setup $(TSAN_BUILD) -Dbuildtype=debug -Db_sanitize=thread -Dtests=true; \
	fi
	$(NINJA) -C $(TSAN_BUILD)
	TSAN_OPTIONS=halt_on_error=1 $(MESON) test -C $(TSAN_BUILD) --print-errorlogs
	@for s in examples/*/; do \
		TSAN_OPTIONS=halt_on_error=1 ./$(TSAN_BUILD)/cli/vpcsim check "$$s" >/dev/null || \
			[ $$? -eq 1 ] || exit 1; \
	done
	@rm -rf $(TSAN_BUILD)/gen && ./$(TSAN_BUILD)/bench/gen_snapshot $(TSAN_BUILD)/gen --vpcs 20 --enis 5000 >/dev/null
	TSAN_OPTIONS=halt_on_error=1 ./$(TSAN_BUILD)/cli/vpcsim check $(TSAN_BUILD)/gen
	@echo "tsan: no data race reported"

# The library is built with clang and coverage instrumentation
# (-fsanitize=fuzzer-no-link); the harness is linked with libFuzzer's main.
# Inputs found during the run go to $(FUZZ_BUILD)/new/; only those of at most
# FUZZ_KEEP_MAX bytes that reach a new edge (hit counts ignored) are merged
# into the committed corpus, which keeps it to a few hundred KB.
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc

fuzz: deps-fuzz
	@if [ ! -f $(FUZZ_BUILD)/build.ninja ]; then \
		CC=clang $(MESON) setup $(FUZZ_BUILD) -Dbuildtype=debugoptimized -Dtests=false \
			-Dwerror=false -Db_lundef=false -Db_sanitize=address,undefined \
			-Dc_args='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all'; \
	fi
	$(NINJA) -C $(FUZZ_BUILD) libvpcsim.a
	clang $(FUZZ_CFLAGS) -o $(FUZZ_BUILD)/fuzz_$(FUZZ_TARGET) fuzz/fuzz_$(FUZZ_TARGET).c \
		$(FUZZ_BUILD)/libvpcsim.a $$(pkg-config --cflags --libs libcjson)
	@mkdir -p $(FUZZ_BUILD)/new-$(FUZZ_TARGET) $(FUZZ_BUILD)/artifacts
	./$(FUZZ_BUILD)/fuzz_$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) \
		-max_len=$(FUZZ_MAX_LEN_$(FUZZ_TARGET)) -timeout=10 -rss_limit_mb=4096 \
		$(FUZZ_DICT_$(FUZZ_TARGET)) -artifact_prefix=$(FUZZ_BUILD)/artifacts/ \
		$(FUZZ_BUILD)/new-$(FUZZ_TARGET) $(FUZZ_CORPUS)
	@rm -rf $(FUZZ_BUILD)/small && mkdir -p $(FUZZ_BUILD)/small
	find $(FUZZ_BUILD)/new-$(FUZZ_TARGET) -type f -size -$$(($(FUZZ_KEEP_MAX)+1))c \
		-exec cp {} $(FUZZ_BUILD)/small/ \;
	./$(FUZZ_BUILD)/fuzz_$(FUZZ_TARGET) -merge=1 -use_counters=0 $(FUZZ_CORPUS) $(FUZZ_BUILD)/small
	@echo "corpus: $$(ls $(FUZZ_CORPUS) | wc -l) files, $$(du -sh $(FUZZ_CORPUS) | cut -f1)"

bench: build
	@scripts/setup-deps.sh bench
	bench/run.sh $(BUILD)

format:
	find $(FORMAT_DIRS) -name '*.[ch]' -print0 | xargs -0 clang-format -i

# Every .c/.h of ours is as clang-format (.clang-format) writes it; `make
# test` runs this first, so an unformatted change fails CI.
format-check: deps
	@find $(FORMAT_DIRS) -name '*.[ch]' -print0 | \
		xargs -0 clang-format --dry-run --Werror 2>&1 | head -40; \
	if ! find $(FORMAT_DIRS) -name '*.[ch]' -print0 | \
		xargs -0 clang-format --dry-run --Werror >/dev/null 2>&1; then \
		echo "format-check: files differ from clang-format; run 'make format'" >&2; exit 1; fi
	@echo "format-check: every .c/.h as clang-format writes it"

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD) $(TSAN_BUILD)
