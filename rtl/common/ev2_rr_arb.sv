// Round-robin arbiter for valid/ready streams: N inputs share one output. The winner is held
// until the output handshake completes, so the output obeys the stream rules (valid and data
// stable while stalled) even if a higher-priority input raises valid meanwhile.
`include "ev2_assert.svh"

module ev2_rr_arb #(
  parameter int unsigned N     = 4,
  parameter int unsigned Width = 8,
  localparam int unsigned IdxW = (N > 1) ? $clog2(N) : 1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic [N-1:0]       valid_i,
  output logic [N-1:0]       ready_o,
  input  logic [N*Width-1:0] data_i,   // input i at [i*Width +: Width]
  output logic               valid_o,
  input  logic               ready_i,
  output logic [Width-1:0]   data_o,
  output logic [IdxW-1:0]    idx_o     // which input the output word came from
);

  logic [IdxW-1:0] prio_q, prio_d;   // first input to consider next time
  logic [IdxW-1:0] held_q, held_d;   // winner kept across a stall
  logic            lock_q, lock_d;
  logic [IdxW-1:0] pick;
  logic            found;

  always_comb begin
    logic [IdxW:0] cand;
    pick  = prio_q;
    found = 1'b0;
    for (int unsigned k = 0; k < N; k++) begin
      cand = {1'b0, prio_q} + (IdxW + 1)'(k);
      if (cand >= (IdxW + 1)'(N)) cand = cand - (IdxW + 1)'(N);
      if (!found && valid_i[cand[IdxW-1:0]]) begin
        found = 1'b1;
        pick  = cand[IdxW-1:0];
      end
    end
  end

  assign idx_o   = lock_q ? held_q : pick;
  assign valid_o = lock_q || found;
  // A mux over the inputs, not data_i[idx_o*Width +: Width]: Yosys turns a part-select at a
  // variable multiple of Width into a shifter across all N*Width bits (the memory arbiter of the
  // v2 configuration, 33 inputs of 1185 bits, did not finish synthesis in 25 minutes).
  always_comb begin
    data_o = data_i[0 +: Width];
    for (int unsigned i = 1; i < N; i++)
      if (32'(idx_o) == i) data_o = data_i[i*Width +: Width];
  end

  always_comb begin
    ready_o        = '0;
    ready_o[idx_o] = valid_o && ready_i;
  end

  always_comb begin
    prio_d = prio_q;
    held_d = held_q;
    lock_d = lock_q;
    if (valid_o && ready_i) begin
      lock_d = 1'b0;
      prio_d = (idx_o == IdxW'(N - 1)) ? '0 : idx_o + IdxW'(1);
    end else if (valid_o) begin
      lock_d = 1'b1;
      held_d = idx_o;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prio_q <= '0;
      held_q <= '0;
      lock_q <= 1'b0;
    end else begin
      prio_q <= prio_d;
      held_q <= held_d;
      lock_q <= lock_d;
    end
  end

  `EV2_ASSERT_INIT(n_positive, N >= 1)
  `EV2_ASSERT_IF(locked_input_valid, lock_q, valid_i[held_q])
  `EV2_ASSERT(grant_onehot, $onehot0(ready_o))
  `EV2_ASSERT_STREAM(out_protocol, valid_o, ready_i, data_o)

endmodule
