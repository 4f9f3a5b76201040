/*
 * fuzz_core.c - libFuzzer target driving the memory core directly: the
 * randomized model test (tests/core/test_model.c) with every choice it
 * makes (create, link, unlink, drop, handles, weak references with and
 * without callbacks, callbacks that drop or allocate, collections of each
 * generation, thresholds) read from the fuzzer's bytes. After each step
 * and each collection the model checks the heap against reachability
 * computed from its own edge table; any disagreement aborts.
 *
 *   make fuzz                                   (every target, 60 s each)
 *   build/fuzz/fuzz_core -max_total_time=600 tests/fuzz/corpus/core
 */
#define MODEL_FUZZ 1
#include "../core/test_model.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_data = data;
    fuzz_len = size;
    fuzz_pos = 0;
    /* about one step per four bytes of input, at least a few */
    long steps = 8 + (long)(size / 4);
    if (run_model(size, steps, OURO_ALLOC_DEFAULT, 0) != 0)
        abort();
    return 0;
}
