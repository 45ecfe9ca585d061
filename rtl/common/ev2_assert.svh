// Assertion macros used by every block. Concurrent assertions are clocked on clk_i and disabled
// during reset; everything here compiles away for synthesis because Yosys 0.23 defines SYNTHESIS
// and rejects SVA.
`ifndef EV2_ASSERT_SVH
`define EV2_ASSERT_SVH

`ifndef SYNTHESIS

// A property that must hold on every clock edge outside reset.
`define EV2_ASSERT(name, prop) \
  name: assert property (@(posedge clk_i) disable iff (!rst_ni) (prop)) \
    else $error("%m: assertion failed: %s", `"prop`");

// Valid/ready source-side rules: once valid is raised it stays up, with the same data, until
// ready takes it.
`define EV2_ASSERT_STREAM(name, valid, ready, data) \
  `EV2_ASSERT(name``_valid_held, ((valid) && !(ready)) |=> (valid)) \
  `EV2_ASSERT(name``_data_stable, ((valid) && !(ready)) |=> $stable(data))

// Elaboration-time parameter check.
`define EV2_ASSERT_INIT(name, cond) \
  initial begin : name \
    if (!(cond)) $fatal(1, "%m: parameter check failed: %s", `"cond`"); \
  end

`else

`define EV2_ASSERT(name, prop)
`define EV2_ASSERT_STREAM(name, valid, ready, data)
`define EV2_ASSERT_INIT(name, cond)

`endif

`endif  // EV2_ASSERT_SVH
