// Assertion macros used by every block. Every check is evaluated on the rising edge of clk_i
// outside reset, with the values the flops see at that edge; everything here compiles away for
// synthesis because Yosys 0.23 defines SYNTHESIS and rejects SVA.
//
// Why not `assert property`: Verilator 5.006 keeps a sampled copy of every signal a concurrent
// assertion reads and updates it on every evaluation, in every instance. With ~10k checks in the
// v2 array that made the simulation 2.3x slower than without assertions. A check in an
// always_ff block reads the same pre-edge values for a fraction of the cost; the few temporal
// checks (`|=>`, $stable) keep what they need in explicit flops.
`ifndef EV2_ASSERT_SVH
`define EV2_ASSERT_SVH

// EV2_NO_ASSERT leaves the checks out of a simulation or lint run, as `--assert` did for SVA:
// scripts/lint.sh sets it for the 8 x 2 elaboration, whose checks are the small one's code.
`ifdef SYNTHESIS
`define EV2_NO_ASSERT
`endif

`ifndef EV2_NO_ASSERT

// Every failing check also hands its hierarchical name (%m: the instance path ending in the
// check's name) to the simulation harness, so a negative test can tell which check fired rather
// than only that one did (sim/rtlsim/assertion_log.cpp records it). Declared once, in $unit: the
// include guard holds across files because Verilator reads them as one compilation unit.
import "DPI-C" function void ev2_assertion_failed(input string name);

// Reports the check of the enclosing named block: its name to the harness, the message to stderr.
`define EV2_FAIL(fmt_args) \
  begin \
    ev2_assertion_failed($sformatf("%m")); \
    $error fmt_args; \
  end

// A condition that must hold on every clock edge outside reset.
`define EV2_ASSERT(name, cond) \
  always_ff @(posedge clk_i) begin : name \
    if (rst_ni && !(cond)) `EV2_FAIL(("%m: assertion failed: %s", `"cond`")) \
  end

// When `pre` holds on an edge, `cond` must hold on the same edge (SVA `pre |-> cond`).
`define EV2_ASSERT_IF(name, pre, cond) \
  always_ff @(posedge clk_i) begin : name \
    if (rst_ni && (pre) && !(cond)) `EV2_FAIL(("%m: assertion failed: %s |-> %s", `"pre`", `"cond`")) \
  end

// After an edge where `pre` held, `value` keeps its value on the next edge
// (SVA `pre |=> $stable(value)`).
`define EV2_ASSERT_STABLE(name, pre, value) \
  logic                      name``_pre_q; \
  logic [$bits(value)-1:0]   name``_value_q; \
  always_ff @(posedge clk_i or negedge rst_ni) begin : name``_past \
    if (!rst_ni) name``_pre_q <= 1'b0; \
    else         name``_pre_q <= (pre); \
  end \
  always_ff @(posedge clk_i) name``_value_q <= (value); \
  always_ff @(posedge clk_i) begin : name \
    if (rst_ni && name``_pre_q && (value) != name``_value_q) \
      `EV2_FAIL(("%m: assertion failed: %s |=> $stable(%s)", `"pre`", `"value`")) \
  end

// Valid/ready source-side rules: once valid is raised it stays up, with the same data, until
// ready takes it.
`define EV2_ASSERT_STREAM(name, valid, ready, data) \
  `EV2_ASSERT_STABLE(name``_data_stable, (valid) && !(ready), data) \
  always_ff @(posedge clk_i) begin : name``_valid_held \
    if (rst_ni && name``_data_stable_pre_q && !(valid)) \
      `EV2_FAIL(("%m: assertion failed: %s dropped before %s", `"valid`", `"ready`")) \
  end

// Elaboration-time parameter check.
`define EV2_ASSERT_INIT(name, cond) \
  initial begin : name \
    if (!(cond)) $fatal(1, "%m: parameter check failed: %s", `"cond`"); \
  end

`else

`define EV2_ASSERT(name, cond)
`define EV2_ASSERT_IF(name, pre, cond)
`define EV2_ASSERT_STABLE(name, pre, value)
`define EV2_ASSERT_STREAM(name, valid, ready, data)
`define EV2_ASSERT_INIT(name, cond)

`endif

`endif  // EV2_ASSERT_SVH
