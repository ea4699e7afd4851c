# SPDX-License-Identifier: GPL-2.0-only
#
# Convenience targets around CMake.  `make run` and `make test` are the two
# set-up commands of the README: each installs what is missing first.

BUILD      ?= build
TEST_BUILD ?= build-test
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS  ?= 1
SOAK_RUNS  ?= 20
JOBS       ?= $(shell nproc)
CMAKE      ?= cmake

.PHONY: all deps build run test test-unit test-build test-threads test-fuzz soak bench fuzz fuzz-build sweep sweep-quick check-boards clean conformance conformance-quick conformance-verify conformance-record conformance-record-pending cross

all: build

deps:
	scripts/install-deps.sh

build: deps
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	$(CMAKE) --build $(BUILD) -j $(JOBS)

# The main job on the built-in example board: its layout, then the kernel's lines.
run: build
	./$(BUILD)/rmem plan
	@echo
	./$(BUILD)/rmem plan --format log

# The README's test command: unit, model, command-line, bad-input catalogue
# and conformance tests under AddressSanitizer and UndefinedBehaviorSanitizer;
# the multi-threaded stress test under ThreadSanitizer; each fuzzer for
# FUZZ_SECONDS (60), two at a time, from seed 1.
test: test-unit test-threads test-fuzz

test-unit: test-build
	cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)

test-build: deps
	$(CMAKE) -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DRMEM_SANITIZE=ON
	$(CMAKE) --build $(TEST_BUILD) -j $(JOBS)

test-threads: deps
	$(CMAKE) -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DRMEM_SANITIZE=thread
	$(CMAKE) --build $(TSAN_BUILD) -j $(JOBS) --target threads_test_stress
	cd $(TSAN_BUILD) && ctest -L threads --output-on-failure

# The randomized tests (CTest label "soak": the models, the stress test and
# the other tests that draw from rmem_test_seed()) SOAK_RUNS (20) times
# each, every run with a seed from the clock (RMEM_SEED=random); each run
# prints its seed, and RMEM_SEED=N replays it.  `make test` never does this:
# without RMEM_SEED the seed is fixed.
soak: test-build
	cd $(TEST_BUILD) && RMEM_SEED=random ctest -L soak --output-on-failure \
		--repeat until-fail:$(SOAK_RUNS) -j $(JOBS)

# A fixed seed: CI tries the inputs a local `make test-fuzz FUZZ_SECONDS=600`
# has already tried (a prefix of them), not new random ones.
test-fuzz: fuzz-build
	FUZZ_NO_BUILD=1 FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(JOBS) FUZZ_SEED=1 FUZZ_BUILD=$(FUZZ_BUILD) fuzz/run.sh

# Speed, in a Release build: plans of the example board with every profile,
# a replay of 1 million events on a 1 GiB CMA area (target: under 1 s), and
# the limits: worst-case inputs of 1 MiB, each within 1 s and 256 MiB
# (docs/limits.md; exits 1 when one is over).
bench: build
	$(CMAKE) --build $(BUILD) --target bench_plan bench_sim bench_limits
	./$(BUILD)/bench_plan
	./$(BUILD)/bench_sim
	./$(BUILD)/bench_limits

# The whole conformance corpus against the outputs recorded from the real
# kernels (needs neither QEMU nor the kernels), and a quick subset of it.
conformance: build
	python3 tests/conformance/run.py check --rmem $(BUILD)/rmem --jobs $(JOBS)

conformance-quick: build
	python3 tests/conformance/run.py check --quick --rmem $(BUILD)/rmem --jobs $(JOBS)

# Every board DTB Debian's kernels ship, planned with every profile of the
# DTBs' arch (arm64, riscv64, armhf; tests/conformance/sweep.py says which
# package's): no crash, no sanitizer report, none over 50 ms; writes
# docs/board-sweep.md.  Fetches the kernel packages into /var/cache/rmem.
sweep: build test-build
	tests/conformance/fetch-kernels.sh > /dev/null
	python3 tests/conformance/sweep.py --rmem $(BUILD)/rmem --rmem-check $(TEST_BUILD)/rmem --jobs $(JOBS)

sweep-quick: build test-build
	tests/conformance/fetch-kernels.sh > /dev/null
	python3 tests/conformance/sweep.py --quick --no-report --rmem $(BUILD)/rmem --rmem-check $(TEST_BUILD)/rmem --jobs $(JOBS)

# rmem check on every board DTB of Debian's arm64 6.12 package, with every
# arm64 profile, under the sanitizers: no crash; the findings per check
# (docs/check.md).
check-boards: test-build
	tests/conformance/fetch-kernels.sh > /dev/null
	python3 scripts/check-boards.py --rmem $(TEST_BUILD)/rmem --jobs $(JOBS) \
		--dtbs "$$(ls -d /var/cache/rmem/kernels/linux-image-6.12.*-arm64-unsigned/usr/lib/linux-image-* | sort -V | tail -1)" \
		$$($(TEST_BUILD)/rmem profiles --names | sed -n 's/^arm64/--profile &/p')

# Boot Debian's kernels under QEMU (fetched into /var/cache/rmem) on every
# case and compare with the recorded outputs: catches a new Debian build
# (about 10 minutes on 2 cores).  conformance-record writes them anew.
conformance-verify:
	scripts/install-deps.sh --conformance
	python3 tests/conformance/run.py verify --jobs $(JOBS)

conformance-record:
	scripts/install-deps.sh --conformance
	python3 tests/conformance/run.py record --jobs $(JOBS)

# The kernels rmem does not model yet (tests/conformance/pending/): boot
# them on every case they run and record into pending/ (docs/conformance.md).
conformance-record-pending:
	scripts/install-deps.sh --conformance
	python3 tests/conformance/run.py record --pending all --jobs $(JOBS)

# libFuzzer targets (clang), each run for FUZZ_SECONDS, FUZZ_JOBS at a time
# (make fuzz FUZZ_SECONDS=1800 is the documented 30-minute run); a crash fails
# the run and its input lands in $(FUZZ_BUILD)/fuzz-out/.  See fuzz/README.md.
fuzz-build:
	scripts/install-deps.sh --fuzz
	CC=clang $(CMAKE) -S . -B $(FUZZ_BUILD) -DRMEM_FUZZ=ON -DRMEM_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	$(CMAKE) --build $(FUZZ_BUILD) -j $(JOBS)

fuzz: fuzz-build
	FUZZ_NO_BUILD=1 FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) FUZZ_BUILD=$(FUZZ_BUILD) fuzz/run.sh

# rmem for a board: Debian's cross gcc for ARCH (arm64, armhf, riscv64) and a
# sysroot of ARCH's libfdt, jansson and libarchive -dev packages unpacked
# under /var/cache/rmem/cross/ARCH (scripts/cross-sysroot.sh; the machine's
# dpkg is left alone).  build-ARCH/rmem and build-ARCH/librmem.so*; `cmake
# --install build-ARCH --prefix DIR` makes DIR/bin/rmem and DIR/lib/ to copy
# to the board (docs/inspect.md).
ARCH ?= arm64
cross:
	@case "$(ARCH)" in arm64|armhf|riscv64) ;; \
	*) echo "make cross: ARCH=arm64, armhf or riscv64, not '$(ARCH)'" >&2; exit 2 ;; esac
	scripts/install-deps.sh --cross
	sysroot=$$(scripts/cross-sysroot.sh $(ARCH)) && \
	$(CMAKE) -S . -B build-$(ARCH) -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_TOOLCHAIN_FILE=cmake/cross.cmake -DRMEM_CROSS_ARCH=$(ARCH) \
		-DRMEM_SYSROOT="$$sysroot" -DRMEM_TESTS=OFF -DRMEM_MAN=OFF
	$(CMAKE) --build build-$(ARCH) -j $(JOBS) --target rmem

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD) build-arm64 build-armhf build-riscv64
