# Eyeriss v2 in SystemVerilog: top-level entry points. CMake + Ninja do the building underneath.
#   make setup   install every dependency (Debian 12 packages)
#   make test    build and run every test through ctest
# See README.md for the rest.

BUILD  ?= build
CONFIG ?= small
JOBS   ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all setup configure build test lint format format-check synth shapes bench-pe bench-noc bench-energy bench-sim bench-bandwidth regress energy v2-ev2run clean help

all: build

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST) | head -20
	@echo "targets: setup test lint format format-check synth shapes regress energy bench-pe bench-noc bench-energy bench-sim bench-bandwidth build clean (BUILD=$(BUILD) CONFIG=$(CONFIG) JOBS=$(JOBS))"

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

# C++ formatting (.clang-format, clang-format 14): format rewrites the files, format-check (CI) fails
# on any file that format would change. Generated files are left as their generator writes them.
CXX_GENERATED = sim/interface/ev2_interface.hpp
CXX_SOURCES = $(filter-out $(CXX_GENERATED),$(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null))
format:
	clang-format-14 -i $(CXX_SOURCES)

format-check:
	clang-format-14 --dry-run -Werror $(CXX_SOURCES)
	@echo "format-check: $(words $(CXX_SOURCES)) C++ files formatted"

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

# The full v2 array (8 x 2 cluster groups, 192 PEs) in its own build tree: about 2 minutes on 2
# cores, each cluster group compiled once (docs/build.md, "The v2 model"); ccache keeps it across
# trees and clones.
V2_BUILD ?= build-v2
SPARSE   ?= --weight-density 0.4 --iact-density 0.5
v2-ev2run:
	cmake -S . -B $(V2_BUILD) -G Ninja -DEV2_CONFIG=v2 -DEV2_TEST_DIRS=none -DEV2_BENCHES=OFF > $(V2_BUILD).configure.log 2>&1 \
	  || { tail -40 $(V2_BUILD).configure.log; exit 1; }
	cmake --build $(V2_BUILD) -j $(JOBS) --target ev2run

# Not CI: AlexNet's CONV and FC layers and every MobileNet-0.5-128 layer on v2, sparse, bit-exact;
# MobileNet dense (every weight and iact nonzero: the per-layer utilization of dense layers); the
# per-layer tables and, last, the sparse MobileNet totals (cycles, inferences/s at 200 MHz).
DENSE    ?= --weight-density 1 --iact-density 1
regress: v2-ev2run
	$(V2_BUILD)/sim/ev2run sim/workloads/alexnet.layers --kind conv --kind fc $(SPARSE) --jobs $(JOBS) --label alexnet
	$(V2_BUILD)/sim/ev2run sim/workloads/mobilenet_v1_0.5_128.layers $(DENSE) --jobs $(JOBS) --label mobilenet-0.5-128-dense
	$(V2_BUILD)/sim/ev2run sim/workloads/mobilenet_v1_0.5_128.layers $(SPARSE) --jobs $(JOBS) --label mobilenet-0.5-128

# Energy breakdown of MobileNet-0.5-128 conv1 and AlexNet CONV3 (sparse) on v2, then the whole
# sparse MobileNet; last line 'energy sparse-mobilenet inferences/J: X'.
energy: v2-ev2run
	$(V2_BUILD)/sim/ev2run sim/workloads/mobilenet_v1_0.5_128.layers --layer conv1 $(SPARSE) --energy --label mobilenet-conv1
	$(V2_BUILD)/sim/ev2run sim/workloads/alexnet.layers --layer conv3 $(SPARSE) --energy --label alexnet-conv3
	$(V2_BUILD)/sim/ev2run sim/workloads/mobilenet_v1_0.5_128.layers $(SPARSE) --jobs $(JOBS) --energy --energy-json $(V2_BUILD)/energy_mobilenet.json \
	  --energy-svg $(V2_BUILD)/energy_mobilenet.svg --label sparse-mobilenet

# Build time of the v2 ev2run (clean, no ccache) and its simulation speed on two real layers, for
# the hierarchical model and the flat one it replaced (BENCH_FLAT=0: hierarchical only).
bench-sim:
	scripts/bench_sim.sh

# Sparse MobileNet-0.5-128 on v2 at 8..128 bytes per cycle of off-chip bandwidth: inferences/s per
# point against the bound of bandwidth alone, and an SVG plot (build-v2/bandwidth_mobilenet.svg).
bench-bandwidth: v2-ev2run
	scripts/bench_bandwidth.py --ev2run $(V2_BUILD)/sim/ev2run --jobs $(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD).configure.log
