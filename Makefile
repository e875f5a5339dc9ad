# The README's two commands. Both install the Debian packages they need first.
#   make test        install, build, run every test (CTest)
#   make reproduce   install, build, run `topae reproduce` into results/
#   make fuzz        install clang, build the libFuzzer targets, run each for FUZZ_SECONDS
JOBS ?= $(shell nproc)

.PHONY: all deps build test reproduce bench asan fuzz clean

all: build

deps:
	scripts/install-deps

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

test: build
	ctest --preset release -j $(JOBS)

reproduce: build
	./build/topae reproduce -o results

bench: build
	/usr/bin/python3 bench/train_vs_pytorch.py --topae build/topae
	/usr/bin/python3 bench/phase_space_vs_rambo.py --rate build/bench/phase-space-rate
	/usr/bin/python3 bench/features_vs_hepmc3.py --topae build/topae --reader build/bench/hepmc3-read-rate --perf
	/usr/bin/python3 bench/table_io.py --topae build/topae
	PYTHONPATH=build/python /usr/bin/python3 bench/score_python_vs_cli.py --topae build/topae

# Debug build with AddressSanitizer and UndefinedBehaviorSanitizer, and its tests. -O1, not
# -O0: at -O0 the CLI tests' bumphunt runs pass their 120 s limit. -Wno-init-self: at -O1
# GCC 12 flags `__m512 __Y = __Y;` in its own AVX-512 headers (GCC bug 105593).
asan: deps
	cmake --preset debug-asan
	cmake --build --preset debug-asan -j $(JOBS)
	ctest --preset debug-asan -j $(JOBS)

# The libFuzzer targets of fuzz/ (clang, ASan, UBSan), each run for FUZZ_SECONDS, one after
# another, going on past findings; new inputs and findings go to FUZZ_WORK, outside git.
# FUZZ_TARGETS picks some. See fuzz/README.md.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= csv_reader hdf5_reader model_loader phase_space_flags report_results
FUZZ_WORK ?= build-fuzz/work
fuzz:
	scripts/install-deps --fuzz
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)
	fuzz/run --keep-going --seconds $(FUZZ_SECONDS) --work $(FUZZ_WORK) $(FUZZ_TARGETS)

clean:
	rm -rf build build-asan build-fuzz
