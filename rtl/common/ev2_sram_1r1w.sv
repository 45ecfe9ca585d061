// One-read one-write synchronous memory: the GLB bank storage. Reads are registered (data one
// cycle after the read enable), as an SRAM macro delivers it, and a read and a write may go to any
// two addresses in the same cycle, so a psum bank can be read and written in one accumulation
// pass without a port conflict. A read of the address written in the same cycle returns the old
// word (read-first), which is what the dual-port macros of a 65 nm library do.
`include "ev2_assert.svh"

module ev2_sram_1r1w #(
  parameter int unsigned Width = 24,
  parameter int unsigned Depth = 512,
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // Public (read-only) so the energy counters can count accesses and bus toggles per bank.
  input  logic             we_i     /*verilator public_flat_rd*/,
  input  logic [AddrW-1:0] waddr_i  /*verilator public_flat_rd*/,
  input  logic [Width-1:0] wdata_i  /*verilator public_flat_rd*/,
  input  logic             re_i     /*verilator public_flat_rd*/,
  input  logic [AddrW-1:0] raddr_i  /*verilator public_flat_rd*/,
  output logic [Width-1:0] rdata_o  /*verilator public_flat_rd*/
);

  logic [Width-1:0] mem_q [Depth];

  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
    if (re_i) rdata_o <= mem_q[raddr_i];
  end

  `EV2_ASSERT_IF(write_in_range, we_i, ({1'b0, waddr_i} < (AddrW + 1)'(Depth)))
  `EV2_ASSERT_IF(read_in_range, re_i, ({1'b0, raddr_i} < (AddrW + 1)'(Depth)))

endmodule
