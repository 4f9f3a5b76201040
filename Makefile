# ouro - build, test and CI entry points. GNU make.
#
#   make                 build/libouro.a, build/libouro.so (optimized)
#   make test            build the debug variant (assertions, heap checker after
#                        every collection) and run every functional test
#   make test SANITIZE=1 the same under AddressSanitizer + UBSan
#   make MODE=valgrind test-run   the suite under valgrind (malloc allocator)
#   make ci              what CI runs (.ci/run): test, then the stricter checks
#   make test-alloc      every allocation of tests/alloc's scripts fails in turn (ASan)
#   make fuzz            the libFuzzer targets of tests/fuzz, FUZZ_TIME=60 s each
#   make bench-c         GCBench on libouro vs malloc/free, mimalloc, Boehm GC
#   make bench           bench/py scripts on build/ouro vs CPython 3.11
#   make install PREFIX=/usr/local
#
# ALLOC=pool|malloc|mimalloc picks the default allocator compiled in
# (pool unless stated; mimalloc needs Debian's libmimalloc-dev, and is
# available to runtimes that ask for it whenever its header is found).

CC ?= cc
PREFIX ?= /usr/local
ALLOC ?= pool
SANITIZE ?=
MODE ?= release

# override: `make test` passes MODE=debug to its sub-make on the command
# line, which would otherwise win and drop the sanitizers.
ifeq ($(SANITIZE),1)
  override MODE := asan
endif

WARN := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror=implicit-function-declaration
BASE_CFLAGS := $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -fPIC

ifeq ($(MODE),release)
  BUILD := build
  MODE_CFLAGS := -O2 -g -DNDEBUG
else ifeq ($(MODE),debug)
  BUILD := build/debug
  MODE_CFLAGS := -O1 -g -DOURO_DEBUG
else ifeq ($(MODE),valgrind)
  # valgrind sees every block only on the plain-malloc allocator.
  BUILD := build/valgrind
  MODE_CFLAGS := -O1 -g -DOURO_DEBUG -DOURO_TEST_SMALL
  ALLOC := malloc
else ifeq ($(MODE),asan)
  BUILD := build/asan
  MODE_CFLAGS := -O1 -g -DOURO_DEBUG -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  MODE_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(MODE),fuzz)
  # libFuzzer targets (tests/fuzz): clang only, every source instrumented.
  override CC := clang
  BUILD := build/fuzz
  MODE_CFLAGS := -O1 -g -DOURO_DEBUG -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  MODE_LDFLAGS := -fsanitize=address,undefined
else
  $(error unknown MODE $(MODE))
endif

ifeq ($(filter $(ALLOC),pool malloc mimalloc),)
  $(error ALLOC must be pool, malloc or mimalloc, not '$(ALLOC)')
endif
# A compiler other than the default builds into its own directories, so
# that `make test CC=clang` never reuses gcc's objects.
ifneq ($(notdir $(CC))$(MODE),clangfuzz)
ifneq ($(notdir $(CC)),cc)
  ifeq ($(MODE),release)
    BUILD := build/release-$(notdir $(CC))
  else
    BUILD := $(BUILD)-$(notdir $(CC))
  endif
endif
endif

ALLOC_CFLAGS := -DOURO_DEFAULT_ALLOC_$(shell echo $(ALLOC) | tr a-z A-Z)
ALLOC_LIBS :=
# mimalloc is compiled in when its header is found (Debian's libmimalloc-dev
# puts it in /usr/include; pass CFLAGS=-I... for another place), whatever
# the default; HAVE_MIMALLOC=0 on the command line leaves it out. The
# library is not linked but loaded with dlopen by the runtimes that ask for
# it (see src/core/alloc.c: linking it replaces malloc in the whole process).
# The probe uses -include: a '#' inside $(shell) is kept as '\#' by make 4.3
# and later, which is what broke the earlier probe.
HAVE_MIMALLOC := $(shell echo 'int main(void){return 0;}' | \
                   $(CC) $(CFLAGS) -include mimalloc.h -x c -c - -o /dev/null 2>/dev/null && echo 1)
ifeq ($(HAVE_MIMALLOC),1)
  ALLOC_CFLAGS += -DOURO_HAVE_MIMALLOC
  ALLOC_LIBS := -ldl
else ifeq ($(ALLOC),mimalloc)
  $(error ALLOC=mimalloc but mimalloc.h was not found (install libmimalloc-dev))
endif

CFLAGS_ALL = $(BASE_CFLAGS) $(MODE_CFLAGS) $(ALLOC_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(MODE_LDFLAGS) $(LDFLAGS)
LIBS = $(ALLOC_LIBS) -lm -pthread

CORE_SRC := $(wildcard src/core/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
HEADERS := $(wildcard include/*.h src/core/*.h)

TEST_SRC := $(wildcard tests/core/*.c)
TEST_BIN := $(TEST_SRC:tests/core/%.c=$(BUILD)/tests/%)

# The language layers (compiler, later objects and vm) form libouro-lang.a.
COMPILER_SRC := $(wildcard src/compiler/*.c)
COMPILER_OBJ := $(COMPILER_SRC:%.c=$(BUILD)/obj/%.o)
COMPILER_HEADERS := $(wildcard src/compiler/*.h)
TEST_BIN += $(BUILD)/tests/test_parser
# The object layer (src/objects) joins the same library; its C tests are
# tests/objects/test_obj_*.c.
OBJECTS_SRC := $(wildcard src/objects/*.c)
OBJECTS_OBJ := $(OBJECTS_SRC:%.c=$(BUILD)/obj/%.o)
OBJECTS_HEADERS := $(wildcard src/objects/*.h)
TEST_BIN += $(patsubst tests/objects/%.c,$(BUILD)/tests/%,$(wildcard tests/objects/test_obj_*.c))
# The VM (src/vm) joins the same library; src/cli/main.c is the `ouro`
# program, tested by tests/lang/run.sh and the conformance corpus.
VM_SRC := $(wildcard src/vm/*.c)
VM_OBJ := $(VM_SRC:%.c=$(BUILD)/obj/%.o)
VM_HEADERS := $(wildcard src/vm/*.h)
# The modules layer (src/modules: gc, weakref, time, parts of sys) joins
# the same library; the VM finds its table at link time (src/vm/vm.h).
MODULES_SRC := $(wildcard src/modules/*.c)
MODULES_OBJ := $(MODULES_SRC:%.c=$(BUILD)/obj/%.o)
MODULES_HEADERS := $(wildcard src/modules/*.h)
CORPUS ?= ../shared/conformance

.PHONY: fuzz fuzz-run ci-strict test-alloc all lib test test-debug ci clean install demo bench-c bench examples check-warnings conformance
all: lib examples $(BUILD)/ouro

lib: $(BUILD)/libouro.a $(BUILD)/libouro.so $(BUILD)/libouro-lang.a

$(BUILD)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/libouro.a: $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(COMPILER_OBJ): $(COMPILER_HEADERS)

$(OBJECTS_OBJ): $(OBJECTS_HEADERS)

$(VM_OBJ): $(VM_HEADERS) $(COMPILER_HEADERS) $(OBJECTS_HEADERS)
# The bytecode compiler (compile*.c) makes objects: it includes their headers.
$(filter $(BUILD)/obj/src/compiler/compile%,$(COMPILER_OBJ)): $(OBJECTS_HEADERS)

$(MODULES_OBJ): $(MODULES_HEADERS) $(VM_HEADERS) $(COMPILER_HEADERS) $(OBJECTS_HEADERS)

$(BUILD)/libouro-lang.a: $(COMPILER_OBJ) $(OBJECTS_OBJ) $(VM_OBJ) $(MODULES_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# The interactive prompt uses GNU readline when its header is found.
HAVE_READLINE := $(shell echo 'int main(void){return 0;}' | \
                   $(CC) -include stdio.h -include readline/readline.h -x c - -lreadline \
                   -o /dev/null 2>/dev/null && echo 1)
ifeq ($(HAVE_READLINE),1)
  CLI_CFLAGS := -DOURO_HAVE_READLINE
  CLI_LIBS := -lreadline
endif

$(BUILD)/ouro: src/cli/main.c src/vm/ouro_vm.h $(BUILD)/libouro-lang.a $(BUILD)/libouro.a
	$(CC) $(CFLAGS_ALL) $(CLI_CFLAGS) $< -o $@ $(LDFLAGS_ALL) \
	    $(BUILD)/libouro-lang.a $(BUILD)/libouro.a $(CLI_LIBS) $(LIBS)

$(BUILD)/libouro.so: $(CORE_OBJ)
	$(CC) -shared $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/core/%.c $(wildcard tests/core/*.h) $(BUILD)/libouro.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/core $< -o $@ $(LDFLAGS_ALL) $(BUILD)/libouro.a $(LIBS)

$(BUILD)/tests/test_parser: tests/compiler/test_parser.c tests/core/check.h $(BUILD)/libouro-lang.a $(BUILD)/libouro.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/core $< -o $@ $(LDFLAGS_ALL) $(BUILD)/libouro-lang.a $(BUILD)/libouro.a $(LIBS)

$(BUILD)/tests/test_obj_%: tests/objects/test_obj_%.c $(wildcard tests/objects/*.h) tests/core/check.h $(BUILD)/libouro-lang.a $(BUILD)/libouro.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/core -Isrc/objects $< -o $@ $(LDFLAGS_ALL) $(BUILD)/libouro-lang.a $(BUILD)/libouro.a $(LIBS)

$(BUILD)/examples/%: examples/%.c $(BUILD)/libouro.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $< -o $@ $(LDFLAGS_ALL) $(BUILD)/libouro.a $(LIBS)

examples: $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))

# The README's demo command.
demo: examples $(BUILD)/ouro
	$(BUILD)/ouro examples/tour.py
	@echo
	@echo "== The same core from C (examples/embed.c):"
	$(BUILD)/examples/embed

# The README's test command: the debug build (assertions on, heap checker
# after every collection) runs every test.
test:
	$(MAKE) --no-print-directory MODE=debug test-run

test-run: $(TEST_BIN) $(BUILD)/ouro
	@sh tests/run.sh $(BUILD) $(MODE)
	@sh tests/lang/run.sh $(BUILD) $(MODE)
	@sh tests/lang/run.sh $(BUILD) $(MODE) tests/modules
	@sh tests/lang/run.sh $(BUILD) $(MODE) tests/hostile
	@sh tests/untrusted/run.sh $(BUILD) $(MODE)
	@sh tests/conformance.sh $(BUILD) $(MODE) $(CORPUS)
	@sh tests/stress.sh $(BUILD) $(MODE) $(CORPUS)
	@sh tests/heap/run.sh $(BUILD) $(MODE)
	@sh tests/leakcheck.sh $(BUILD) $(MODE) $(CORPUS)

# The conformance corpus (CPython's stdout beside each script) under the
# optimized build; tests/conformance-xfail.txt lists the expected failures.
conformance: $(BUILD)/ouro
	@sh tests/conformance.sh $(BUILD) $(MODE) $(CORPUS)

# What CI runs: the tests, then the same suite under ASan + UBSan, a
# sampled allocation-failure sweep (440 runs), the suite under valgrind
# (plain-malloc build: nothing may be lost), in the optimized build, and
# the fuzz targets for FUZZ_TIME seconds each.
ci:
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory ci-strict

# The stricter checks alone (.ci/run runs `make test` first, then these).
ci-strict:
	$(MAKE) --no-print-directory SANITIZE=1 test-run
	$(MAKE) --no-print-directory test-alloc ALLOC_SWEEP=100 ALLOC_RANDOM=10
	$(MAKE) --no-print-directory MODE=valgrind test-run
	$(MAKE) --no-print-directory MODE=release test-run
	$(MAKE) --no-print-directory fuzz

# The allocation-failure sweep (tests/alloc/sweep.sh) under ASan + UBSan:
# every allocation of each script fails in turn (ALLOC_SWEEP=0), or
# ALLOC_SWEEP points per script spread over its allocations, plus
# ALLOC_RANDOM runs per script with random failures; ALLOC_JOBS in parallel.
ALLOC_SWEEP ?= 0
ALLOC_RANDOM ?= 20
ALLOC_JOBS ?= 2
test-alloc:
	$(MAKE) --no-print-directory SANITIZE=1 build/asan/ouro
	@JOBS=$(ALLOC_JOBS) sh tests/alloc/sweep.sh build/asan $(ALLOC_SWEEP) $(ALLOC_RANDOM)

bench-c:
	$(MAKE) --no-print-directory MODE=release lib
	$(MAKE) --no-print-directory -C bench/c run OURO_BUILD=$(abspath build)

# The interpreter's benchmarks (bench/py): each script under build/ouro and
# under Debian's python3.11, the reference for timings; python3 if that is
# missing (the table names the interpreter it ran). BENCH_RUNS per script.
BENCH_RUNS ?= 3
bench:
	$(MAKE) --no-print-directory MODE=release build/ouro
	@py=/usr/bin/python3.11; \
	if [ ! -x $$py ]; then \
	    echo "make bench: /usr/bin/python3.11 not found; comparing with python3 instead"; \
	    py=python3; \
	fi; \
	$(MAKE) --no-print-directory -C bench/py run OURO_BUILD=$(abspath build) \
	    PYTHON=$$py RUNS=$(BENCH_RUNS)

# libFuzzer (clang): three targets, FUZZ_TIME seconds each. The committed
# seeds (tests/fuzz/corpus/NAME) are read; new inputs go to
# build/fuzz/corpus-NAME; a crash is saved under build/fuzz/ and fails the
# run. Every input that once crashed is kept in tests/fuzz/regress/NAME/
# and replayed first.
FUZZ_TIME ?= 60
FUZZ_TARGETS := parse core exec
fuzz:
	$(MAKE) --no-print-directory MODE=fuzz fuzz-run FUZZ_TIME=$(FUZZ_TIME)

fuzz-run: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/corpus-$$t tests/fuzz/corpus/$$t; \
	    if ls tests/fuzz/regress/$$t/* >/dev/null 2>&1; then \
	        $(BUILD)/fuzz_$$t -rss_limit_mb=1024 tests/fuzz/regress/$$t/* >$(BUILD)/regress-$$t.log 2>&1 || \
	            { echo "fuzz_$$t: a regression input fails again:"; tail -30 $(BUILD)/regress-$$t.log; exit 1; }; \
	    fi; \
	    $(BUILD)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -max_len=4096 -timeout=20 -rss_limit_mb=1024 \
	        -artifact_prefix=$(BUILD)/$$t- -print_final_stats=1 \
	        $(BUILD)/corpus-$$t tests/fuzz/corpus/$$t >$(BUILD)/fuzz-$$t.log 2>&1 || \
	        { echo "fuzz_$$t: FAILED (input saved under $(BUILD)/$$t-*):"; tail -40 $(BUILD)/fuzz-$$t.log; exit 1; }; \
	    echo "fuzz_$$t: $$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(BUILD)/fuzz-$$t.log | grep -o '[0-9]*$$') executions in $(FUZZ_TIME) s, no failure"; \
	done

$(BUILD)/fuzz_core: tests/fuzz/fuzz_core.c tests/core/test_model.c tests/core/check.h $(BUILD)/libouro.a
	$(CC) $(CFLAGS_ALL) -Itests/core -fsanitize=fuzzer $< -o $@ $(LDFLAGS_ALL) $(BUILD)/libouro.a $(LIBS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libouro-lang.a $(BUILD)/libouro.a
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer $< -o $@ $(LDFLAGS_ALL) $(BUILD)/libouro-lang.a $(BUILD)/libouro.a $(LIBS)

install: lib
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/ouro.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 build/libouro.a build/libouro.so $(DESTDIR)$(PREFIX)/lib/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|0.1.0|g' -e 's|@LIBS@|$(LIBS)|g' ouro.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/ouro.pc

clean:
	rm -rf build
