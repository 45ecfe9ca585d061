// Reads the PE's access counters (ev2_pe built with Counters=1) by hierarchical name through
// Verilator's symbol table, the same way energy work can read any public signal of any PE
// instance. Names and meaning: docs/pe.md, "Energy".
#pragma once

#include <verilated.h>
#include <verilated_syms.h>

#include <cstdint>
#include <cstring>
#include <string>

#include <fmt/core.h>

#include "pe/pe_host.hpp"
#include "rtlsim/sim_error.hpp"
#include "util/math.hpp"

namespace ev2::pe {

// Value of public variable `var` in scope `scope` (e.g. "TOP.ev2_pe.u_accum.g_counters").
inline uint64_t read_public(VerilatedContext& ctx, const std::string& scope, const char* var) {
  const VerilatedScopeNameMap* scopes = ctx.scopeNameMap();
  if (scopes == nullptr) throw tb::SimError("no Verilator scopes: is the model built with public signals?");
  const auto it = scopes->find(scope.c_str());
  if (it == scopes->end()) throw tb::SimError(fmt::format("no scope '{}' (is the PE built with Counters=1?)", scope));
  const VerilatedVarNameMap* vars = it->second->varsp();
  if (vars == nullptr) throw tb::SimError(fmt::format("scope '{}' has no public variables", scope));
  const auto v = vars->find(var);
  if (v == vars->end()) throw tb::SimError(fmt::format("no variable '{}' in scope '{}'", var, scope));
  const VerilatedVar& vv = v->second;
  uint64_t out = 0;
  const int bytes = cdiv(vv.packed().elements(), 8);
  std::memcpy(&out, vv.datap(), static_cast<size_t>(bytes > 8 ? 8 : bytes));
  return out;
}

// The counters of the PE at scope `pe` ("TOP.ev2_pe" when the PE is the top module), in the
// form expected_accesses() predicts them.
inline PeAccesses read_counters(VerilatedContext& ctx, const std::string& pe = "TOP.ev2_pe") {
  auto cnt = [&](const char* inst, const char* var) {
    return read_public(ctx, fmt::format("{}.{}.g_counters", pe, inst), var);
  };
  PeAccesses c;
  c.iact_addr_rd = cnt("u_iact.u_addr_spad", "rd_count_q");
  c.iact_addr_wr = cnt("u_iact.u_addr_spad", "wr_count_q");
  c.iact_data_rd = cnt("u_iact.u_data_spad", "rd_count_q");
  c.iact_data_wr = cnt("u_iact.u_data_spad", "wr_count_q");
  c.weight_addr_rd = cnt("u_wght.u_addr_spad", "rd_count_q");
  c.weight_addr_wr = cnt("u_wght.u_addr_spad", "wr_count_q");
  c.weight_data_rd = cnt("u_wght.u_data_spad", "rd_count_q");
  c.weight_data_wr = cnt("u_wght.u_data_spad", "wr_count_q");
  c.psum_rd = cnt("u_accum.u_psum_spad", "rd_count_q");
  c.psum_wr = cnt("u_accum.u_psum_spad", "wr_count_q");
  c.macs = cnt("u_accum", "mac_count_q");
  c.gated_macs = cnt("u_accum", "gated_count_q");
  c.psum_in_words = cnt("u_accum", "psum_in_count_q");
  c.windows = read_public(ctx, pe + ".g_counters", "windows_q");
  return c;
}

// Cycles the PE was busy (a pass running), from the same counters.
inline uint64_t read_busy_cycles(VerilatedContext& ctx, const std::string& pe = "TOP.ev2_pe") {
  return read_public(ctx, pe + ".g_counters", "cycles_busy_q");
}

}  // namespace ev2::pe
