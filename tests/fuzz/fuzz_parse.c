/*
 * fuzz_parse.c - libFuzzer target: arbitrary bytes through the lexer,
 * the parser and the bytecode compiler (nothing is run). Every input must
 * end compiled or in a SyntaxError (IndentationError, TabError) or
 * MemoryError: never a crash, a sanitizer report, another exception or a
 * leak. One interpreter is made for the whole run; each input's tree and
 * code object are freed before the next.
 *
 *   make fuzz                                   (every target, 60 s each)
 *   build/fuzz/fuzz_parse -max_total_time=600 tests/fuzz/corpus/parse
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ouro.h"
#include "../../src/vm/ouro_vm.h"

static OuroVM *vm;

static void teardown(void)
{
    ouro_vm_free(vm, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (vm == NULL) {
        if ((vm = ouro_vm_new(0, NULL)) == NULL)
            abort();
        atexit(teardown);
    }
    if (ouro_vm_compile_check(vm, (const char *)data, size, "<fuzz>") == 2)
        abort();              /* an exception that is not a SyntaxError */
    return 0;
}
