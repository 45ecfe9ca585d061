// PE cluster (docs/architecture.md sections 1 and 4; docs/cluster.md): PeRows x PeCols ev2_pe
// instances.
// PE p = row * PeCols + col, row 0 at the bottom.
//
// Ports match the PE side of ev2_router_cluster one to one:
//   iact / weight: one 24-bit stream per PE (lane p), from the all-to-all networks;
//   psum: per column j, pe_psum_*_i from psum router j into the bottom PE of column j, and the top
//         PE's psum_o out on pe_psum_*_o to psum router j.
// Vertical psum chains: in column j, PE(r, j).psum_o -> PE(r + 1, j).psum_i. The chain needs no
// extra register: psum_o leaves every PE from an ev2_spill_reg (valid and data from flops) and
// psum_ready_o is a function of the receiving PE's flops only, so neither a valid/ready path nor a
// data path crosses more than one PE (per link: the spill register's output mux and the receiving
// PE's 20-bit adders, then its spill register).
// Configuration: one cfg stream per PE (lane p, ev2_pe_pkg::CfgW bits) and a busy bit per PE.
`include "ev2_assert.svh"

module ev2_pe_cluster #(
  parameter bit Counters = 1'b0,   // passed to every PE (simulation-only access counters)
  localparam int unsigned PeRows = ev2_config_pkg::PeRows,
  localparam int unsigned PeCols = ev2_config_pkg::PeCols,
  localparam int unsigned NumPe  = PeRows * PeCols,
  localparam int unsigned CfgW   = ev2_pe_pkg::CfgW,
  localparam int unsigned DW     = ev2_pkg::NocDataW,
  localparam int unsigned PW     = ev2_pkg::NocPsumW
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // configuration: one word per PE pass
  input  logic [NumPe-1:0]      cfg_valid_i,
  output logic [NumPe-1:0]      cfg_ready_o,
  input  logic [NumPe*CfgW-1:0] cfg_data_i,
  output logic [NumPe-1:0]      busy_o,
  output logic [2*NumPe-1:0]    macs_o,        // PE p's MACs this cycle at [2p +: 2]
  // iact and weight streams, one per PE (router cluster pe_iact_* / pe_weight_*)
  input  logic [NumPe-1:0]      pe_iact_valid_i,
  output logic [NumPe-1:0]      pe_iact_ready_o,
  input  logic [NumPe*DW-1:0]   pe_iact_data_i,
  input  logic [NumPe-1:0]      pe_weight_valid_i,
  output logic [NumPe-1:0]      pe_weight_ready_o,
  input  logic [NumPe*DW-1:0]   pe_weight_data_i,
  // psums: psum router j -> bottom PE of column j (router pe_psum_*_o)
  input  logic [PeCols-1:0]     pe_psum_valid_i,
  output logic [PeCols-1:0]     pe_psum_ready_o,
  input  logic [PeCols*PW-1:0]  pe_psum_data_i,
  // top PE of column j -> psum router j (router pe_psum_*_i)
  output logic [PeCols-1:0]     pe_psum_valid_o,
  input  logic [PeCols-1:0]     pe_psum_ready_i,
  output logic [PeCols*PW-1:0]  pe_psum_data_o
);

  // Psum chain links: link (r, j) enters PE(r, j); link (PeRows, j) leaves the top of column j.
  logic [(PeRows+1)*PeCols-1:0]    chain_valid, chain_ready;
  logic [(PeRows+1)*PeCols*PW-1:0] chain_data;

  for (genvar j = 0; j < PeCols; j++) begin : g_col_ports
    localparam int unsigned Bot = j;
    localparam int unsigned Top = PeRows * PeCols + j;
    assign chain_valid[Bot]           = pe_psum_valid_i[j];
    assign chain_data[Bot*PW +: PW]   = pe_psum_data_i[j*PW +: PW];
    assign pe_psum_ready_o[j]         = chain_ready[Bot];
    assign pe_psum_valid_o[j]         = chain_valid[Top];
    assign pe_psum_data_o[j*PW +: PW] = chain_data[Top*PW +: PW];
    assign chain_ready[Top]           = pe_psum_ready_i[j];
  end

  for (genvar p = 0; p < NumPe; p++) begin : g_pe
    localparam int unsigned In  = p;           // link below PE p
    localparam int unsigned Out = p + PeCols;  // link above PE p

    ev2_pe #(
      .Counters(Counters)
    ) u_pe (
      .clk_i,
      .rst_ni,
      .cfg_valid_i (cfg_valid_i[p]),
      .cfg_ready_o (cfg_ready_o[p]),
      .cfg_data_i  (cfg_data_i[p*CfgW +: CfgW]),
      .iact_valid_i(pe_iact_valid_i[p]),
      .iact_ready_o(pe_iact_ready_o[p]),
      .iact_data_i (pe_iact_data_i[p*DW +: DW]),
      .wght_valid_i(pe_weight_valid_i[p]),
      .wght_ready_o(pe_weight_ready_o[p]),
      .wght_data_i (pe_weight_data_i[p*DW +: DW]),
      .psum_valid_i(chain_valid[In]),
      .psum_ready_o(chain_ready[In]),
      .psum_data_i (chain_data[In*PW +: PW]),
      .psum_valid_o(chain_valid[Out]),
      .psum_ready_i(chain_ready[Out]),
      .psum_data_o (chain_data[Out*PW +: PW]),
      .busy_o      (busy_o[p]),
      .macs_o      (macs_o[2*p +: 2])
    );
  end

  // Each PE checks its own input streams; the cluster's outputs come from the top PEs' spill
  // registers, which check theirs.

endmodule
