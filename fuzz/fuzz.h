/*
 * DOC: the libFuzzer entry point shared by every harness
 *
 * Each fuzz/fuzz_<parser>.c defines it; libFuzzer's main() calls it under
 * `make fuzz`, and replay.c calls it for each saved input under `make test`.
 */
#ifndef VPCSIM_FUZZ_H
#define VPCSIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
