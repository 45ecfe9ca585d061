// Generic multi-port register file: the one storage primitive every scratch pad (SPad) is built
// from, so that a later flow can swap it for a register-file or SRAM macro in one place.
//
// - NumRead combinational (asynchronous) read ports, NumWrite synchronous write ports.
// - The storage has no reset (like a macro); read data of a never-written entry is undefined.
// - re_i does not gate rdata_o (the read is combinational); it marks the cycles in which the
//   reader really uses the data, which is what energy accounting counts and what an SRAM
//   wrapper would turn into its chip enable.
// - Two write ports must not write the same entry in one cycle (asserted).
//
// Observability (docs/pe.md, "Energy"): every port is Verilator public (re_i, raddr_i, rdata_o,
// we_i, waddr_i, wdata_i), so a testbench can count accesses and bus toggles per instance by name;
// with Counters=1 the module also keeps 32-bit read and write counters (simulation only, compiled
// out for synthesis). rdata_o follows raddr_i even without re_i: weigh read-bus toggles by re_i.
`include "ev2_assert.svh"

module ev2_regfile #(
  parameter int unsigned Width    = 8,
  parameter int unsigned Depth    = 16,
  parameter int unsigned NumRead  = 1,
  parameter int unsigned NumWrite = 1,
  parameter bit          Counters = 1'b0,
  localparam int unsigned AddrW   = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,   // counters and assertions only; storage has no reset
  input  logic [NumRead-1:0]        re_i     /*verilator public_flat_rd*/,
  input  logic [NumRead*AddrW-1:0]  raddr_i  /*verilator public_flat_rd*/,  // port p at [p*AddrW +: AddrW]
  output logic [NumRead*Width-1:0]  rdata_o  /*verilator public_flat_rd*/,
  input  logic [NumWrite-1:0]       we_i     /*verilator public_flat_rd*/,
  input  logic [NumWrite*AddrW-1:0] waddr_i  /*verilator public_flat_rd*/,
  input  logic [NumWrite*Width-1:0] wdata_i  /*verilator public_flat_rd*/
);

  logic [Width-1:0] mem_q [Depth];

  for (genvar p = 0; p < NumRead; p++) begin : g_read
    logic [AddrW-1:0] addr;
    assign addr = raddr_i[p*AddrW +: AddrW];
    // Out-of-range addresses read zero (and fire the bound assertion when used).
    assign rdata_o[p*Width +: Width] = (32'(addr) < Depth) ? mem_q[addr] : '0;
  end

  always_ff @(posedge clk_i) begin
    for (int p = 0; p < NumWrite; p++) begin
      if (we_i[p] && (32'(waddr_i[p*AddrW +: AddrW]) < Depth)) begin
        mem_q[waddr_i[p*AddrW +: AddrW]] <= wdata_i[p*Width +: Width];
      end
    end
  end

`ifndef SYNTHESIS
  if (Counters) begin : g_counters
    logic [31:0] rd_count_q /*verilator public_flat_rd*/;
    logic [31:0] wr_count_q /*verilator public_flat_rd*/;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        rd_count_q <= '0;
        wr_count_q <= '0;
      end else begin
        rd_count_q <= rd_count_q + 32'($countones(re_i));
        wr_count_q <= wr_count_q + 32'($countones(we_i));
      end
    end
  end
`endif

  `EV2_ASSERT_INIT(params_valid, Depth >= 1 && NumRead >= 1 && NumWrite >= 1 && Width >= 1)

  for (genvar p = 0; p < NumRead; p++) begin : g_read_check
    `EV2_ASSERT_IF(read_addr_in_range, re_i[p], (32'(raddr_i[p*AddrW +: AddrW]) < Depth))
  end
  for (genvar p = 0; p < NumWrite; p++) begin : g_write_check
    `EV2_ASSERT_IF(write_addr_in_range, we_i[p], (32'(waddr_i[p*AddrW +: AddrW]) < Depth))
    for (genvar q = p + 1; q < NumWrite; q++) begin : g_pair
      `EV2_ASSERT_IF(write_ports_distinct, we_i[p] && we_i[q],
                     (waddr_i[p*AddrW +: AddrW] != waddr_i[q*AddrW +: AddrW]))
    end
  end

endmodule
