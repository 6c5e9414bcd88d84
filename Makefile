# The two commands of the README. Everything else is CMake.
BUILD ?= build
TEST_BUILD ?= build-test
JOBS ?= 2

.PHONY: all run test build build-test clean bench screenshots fuzz

all: build

build:
	@scripts/install-deps --build-only
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Starts kafscope on the lab, a local Apache Kafka cluster (pass ARGS="-b host:port" for
# another cluster, ARGS=--mock for the embedded mock). The first run installs a JDK and Maven
# and fetches the Kafka jars into ~/.cache/kafscope (a few minutes); later runs skip both.
run: build
	@scripts/install-deps --lab
	@scripts/fetch-kafka >/dev/null
	@$(BUILD)/kafscope $(ARGS)

# Tests run on an ASan/UBSan build, against a real Kafka broker the suite starts itself.
build-test:
	@scripts/install-deps
	@scripts/fetch-kafka >/dev/null
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKAFSCOPE_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)

test: build-test
	@cd $(TEST_BUILD) && ctest --output-on-failure --timeout 600

# Every fuzz target for FUZZ_TIME seconds (default 600) each; ctest runs them briefly.
fuzz: build-test
	@scripts/fuzz $(TEST_BUILD)

bench: build
	@bench/run.sh

screenshots: build
	@scripts/screenshots

clean:
	rm -rf $(BUILD) $(TEST_BUILD)
