// Collects the 64-bit payload words of one configuration message (LSB word first, `last_i` on the
// final word) into an OutW-bit configuration value, offered on the output once complete. Each
// configurable unit has one, so the command processor never needs to know a unit's layout.
`include "ev2_assert.svh"

module ev2_cfg_deser #(
  parameter int unsigned OutW  = 100,
  localparam int unsigned Words = (OutW + 63) / 64,
  localparam int unsigned IdxW  = (Words > 1) ? $clog2(Words) : 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [63:0]     data_i,
  input  logic            last_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [OutW-1:0] data_o
);

  logic [Words*64-1:0] value_q;
  logic [IdxW-1:0]     idx_q;
  logic                full_q;

  assign ready_o = !full_q;
  assign valid_o = full_q;
  assign data_o  = value_q[OutW-1:0];

  // Bits of the last word above OutW are padding of the message format.
  if (Words * 64 > OutW) begin : g_pad
    logic unused_pad;
    assign unused_pad = ^value_q[Words*64-1:OutW];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      value_q <= '0;
      idx_q   <= '0;
      full_q  <= 1'b0;
    end else begin
      if (valid_o && ready_i) full_q <= 1'b0;
      if (valid_i && ready_o) begin
        value_q[idx_q*64 +: 64] <= data_i;
        if (last_i) begin
          idx_q  <= '0;
          full_q <= 1'b1;
        end else begin
          idx_q <= idx_q + IdxW'(1);
        end
      end
    end
  end

  // A message longer than the value is a mapper/command-list bug: the extra words would wrap.
  `EV2_ASSERT_IF(message_fits, (valid_i && ready_o && !last_i), (32'(idx_q) + 1 < Words))
  `EV2_ASSERT_STREAM(in_protocol, valid_i, ready_o, {data_i, last_i})

endmodule
