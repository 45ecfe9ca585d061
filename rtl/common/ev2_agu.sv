// Address generator for nested loops: emits base + sum_k idx_k * stride_k as a valid/ready
// stream, innermost loop (k = 0) fastest, idx_k running 0 .. count_k - 1. Strides are signed, so
// a loop can walk back (e.g. re-read a window). The mapper programs one per GLB access stream.
// Each loop level keeps the address at which its current iteration began, so stepping needs one
// adder per level and no multiplier.
`include "ev2_assert.svh"

module ev2_agu #(
  parameter int unsigned Loops  = 4,
  parameter int unsigned AddrW  = 10,
  parameter int unsigned CountW = 10
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // Configuration, sampled on start_i.
  input  logic                    start_i,
  input  logic [AddrW-1:0]        base_i,
  input  logic [Loops*CountW-1:0] count_i,   // loop k at [k*CountW +: CountW]; 0 means 1
  input  logic [Loops*AddrW-1:0]  stride_i,  // loop k at [k*AddrW +: AddrW], two's complement
  // Address stream.
  output logic                    valid_o,
  input  logic                    ready_i,
  output logic [AddrW-1:0]        addr_o,
  output logic                    last_o,    // the final address of the sequence
  output logic                    busy_o
);

  logic [CountW-1:0] count_q [Loops];
  logic [AddrW-1:0]  stride_q [Loops];
  logic [CountW-1:0] idx_q [Loops];
  logic [AddrW-1:0]  begin_q [Loops];   // address where loop k's current iteration began
  logic              busy_q;

  // at_end[k]: loop k is on its final iteration.
  logic [Loops-1:0] at_end;
  always_comb begin
    for (int unsigned k = 0; k < Loops; k++) begin
      at_end[k] = (idx_q[k] + CountW'(1) >= count_q[k]);
    end
  end

  assign valid_o = busy_q;
  assign addr_o  = begin_q[0];
  assign last_o  = busy_q && (&at_end);
  assign busy_o  = busy_q;

  // The level that advances: the innermost one not at its end; all inner levels restart.
  logic [Loops-1:0] carry;   // carry[k]: every level below k is at its end
  always_comb begin
    logic all_below;
    all_below = 1'b1;
    for (int unsigned k = 0; k < Loops; k++) begin
      carry[k]  = all_below;
      all_below = all_below && at_end[k];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      for (int unsigned k = 0; k < Loops; k++) begin
        count_q[k]  <= '0;
        stride_q[k] <= '0;
        idx_q[k]    <= '0;
        begin_q[k]  <= '0;
      end
    end else if (start_i) begin
      busy_q <= 1'b1;
      for (int unsigned k = 0; k < Loops; k++) begin
        count_q[k]  <= count_i[k*CountW +: CountW];
        stride_q[k] <= stride_i[k*AddrW +: AddrW];
        idx_q[k]    <= '0;
        begin_q[k]  <= base_i;
      end
    end else if (valid_o && ready_i) begin
      if (last_o) begin
        busy_q <= 1'b0;
      end else begin
        // Find the advancing level j (carry[j] && !at_end[j]); levels below restart at its new
        // beginning, levels above keep theirs.
        for (int unsigned k = 0; k < Loops; k++) begin
          if (carry[k] && !at_end[k]) begin
            idx_q[k]   <= idx_q[k] + CountW'(1);
            begin_q[k] <= begin_q[k] + stride_q[k];
            for (int unsigned j = 0; j < k; j++) begin
              idx_q[j]   <= '0;
              begin_q[j] <= begin_q[k] + stride_q[k];
            end
          end
        end
      end
    end
  end

  `EV2_ASSERT_IF(no_restart_while_busy, start_i, !busy_q)
  `EV2_ASSERT_STREAM(addr_protocol, valid_o, ready_i, addr_o)

endmodule
