# Eyeriss v2 in SystemVerilog: top-level entry points. CMake + Ninja do the building underneath.
#   make setup   install every dependency (Debian 12 packages)
#   make test    build and run every test through ctest
# See README.md for the rest.

BUILD  ?= build
CONFIG ?= small
JOBS   ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all setup configure build test lint synth shapes bench-pe bench-noc bench-energy clean help

all: build

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST) | head -20
	@echo "targets: setup test lint synth shapes bench-pe bench-noc bench-energy build clean (BUILD=$(BUILD) CONFIG=$(CONFIG) JOBS=$(JOBS))"

setup:
	scripts/setup.sh

configure:
	cmake -S . -B $(BUILD) -G Ninja -DEV2_CONFIG=$(CONFIG) $(CMAKE_FLAGS) > $(BUILD).configure.log 2>&1 \
	  || { tail -40 $(BUILD).configure.log; exit 1; }

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

lint:
	scripts/lint.sh

# CONFIG=small: every module on its own; any other configuration (v2): the chip report of ev2_top.
synth:
	scripts/synth.py --config $(CONFIG) $(if $(filter small,$(CONFIG)),,--chip)

shapes: configure
	cmake --build $(BUILD) -j $(JOBS) --target ev2sim
	$(BUILD)/sim/ev2sim shapes

# Benchmarks print figures; they are not tests and never fail on speed.
bench-pe: configure
	cmake --build $(BUILD) -j $(JOBS) --target pe_bench
	$(BUILD)/tb/bench/pe/pe_bench

bench-noc: configure
	cmake --build $(BUILD) -j $(JOBS) --target noc_bench
	$(BUILD)/tb/bench/noc/noc_bench

bench-energy: configure
	cmake --build $(BUILD) -j $(JOBS) --target energy_bench
	$(BUILD)/tb/bench/energy/energy_bench

clean:
	rm -rf $(BUILD) $(BUILD).configure.log
