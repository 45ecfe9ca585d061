// Synchronous valid/ready FIFO. The storage is a plain array without reset so that it can map to a
// register file or SRAM macro. FallThrough=1 lets a word pass from input to output in the same
// cycle when the FIFO is empty (zero latency, but a combinational valid/data path).
`include "ev2_assert.svh"

module ev2_fifo #(
  parameter int unsigned Width       = 8,
  parameter int unsigned Depth       = 4,
  parameter bit          FallThrough = 1'b0,
  localparam int unsigned PtrW       = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned LevelW     = $clog2(Depth + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              flush_i,   // drop every stored word
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [Width-1:0]  data_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [Width-1:0]  data_o,
  output logic [LevelW-1:0] level_o
);

  logic [Width-1:0]  mem_q [Depth];
  logic [PtrW-1:0]   wptr_q, wptr_d, rptr_q, rptr_d;
  logic [LevelW-1:0] level_q, level_d;
  logic              empty, push, pop, bypass;

  assign empty   = (level_q == '0);
  assign ready_o = (level_q != LevelW'(Depth));
  // A fall-through word that is consumed at once never touches the storage.
  assign bypass  = FallThrough && empty && valid_i && ready_i;
  assign valid_o = !empty || (FallThrough && valid_i);
  assign data_o  = (FallThrough && empty) ? data_i : mem_q[rptr_q];
  assign push    = valid_i && ready_o && !bypass;
  assign pop     = valid_o && ready_i && !bypass;
  assign level_o = level_q;

  function automatic logic [PtrW-1:0] next_ptr(logic [PtrW-1:0] ptr);
    logic [PtrW-1:0] nxt;
    nxt = (ptr == PtrW'(Depth - 1)) ? '0 : ptr + PtrW'(1);
    next_ptr = nxt;
  endfunction

  always_comb begin
    wptr_d  = push ? next_ptr(wptr_q) : wptr_q;
    rptr_d  = pop  ? next_ptr(rptr_q) : rptr_q;
    level_d = level_q + LevelW'(push) - LevelW'(pop);
    if (flush_i) begin
      wptr_d  = '0;
      rptr_d  = '0;
      level_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q  <= '0;
      rptr_q  <= '0;
      level_q <= '0;
    end else begin
      wptr_q  <= wptr_d;
      rptr_q  <= rptr_d;
      level_q <= level_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push) mem_q[wptr_q] <= data_i;
  end

  `EV2_ASSERT_INIT(depth_positive, Depth >= 1)
  // Only a depth below the counter's range leaves values the level must never reach.
  if (Depth < (1 << LevelW) - 1) begin : g_level_check
    `EV2_ASSERT(level_in_range, level_q <= LevelW'(Depth))
  end
  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, data_i)

endmodule
