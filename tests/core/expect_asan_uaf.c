/* expect_asan_uaf.c - a deliberate use after free of a pool block.
 * The pool allocator poisons freed blocks in AddressSanitizer builds, so the
 * read below must stop the program with an ASan report. tests/run.sh runs
 * this only under MODE=asan (make test SANITIZE=1) and requires that report.
 * It asks for the pool allocator by name, whatever the build's default,
 * since the pool's poisoning is what it checks. */
#include <stdio.h>

#include "ouro.h"

typedef struct Cell {
    OuroObject ob;
    intptr_t value;
} Cell;

static const OuroType cell_type = {
    .name = "cell",
    .basic_size = sizeof(Cell),
};

int main(void)
{
    OuroConfig cfg = {.allocator = OURO_ALLOC_POOL};
    OuroRuntime *rt = ouro_runtime_new(&cfg);
    if (rt == NULL)
        return 2;
    OuroObject *obj = ouro_new(rt, &cell_type);
    if (obj == NULL)
        return 2;
    ouro_decref(rt, obj);   /* count 0: the block goes back to its pool */
    volatile intptr_t refcnt = obj->refcnt;   /* the use after free */
    fprintf(stderr, "read refcnt %ld of a freed object: not caught\n", (long)refcnt);
    ouro_runtime_destroy(rt);
    return 0;
}
