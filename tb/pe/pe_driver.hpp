// Drives a Verilated ev2_pe through the shared harness: one StreamSource per input port (cfg, iact,
// weight, psum_i), a StreamSink on psum_o checked by an in-order scoreboard against the reference
// model, random stalls on every port. Passes are queued with add_pass() and run back to back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "harness/scoreboard.hpp"
#include "harness/stream.hpp"
#include "pe/pe_host.hpp"
#include "rtlsim/sim.hpp"

namespace ev2::pe {

// One psum port word, printed as its two signed psums.
struct PsumWord {
  uint64_t bits = 0;
  bool operator==(const PsumWord& o) const { return bits == o.bits; }
};

}  // namespace ev2::pe

template <>
struct fmt::formatter<ev2::pe::PsumWord> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const ev2::pe::PsumWord& w, Ctx& ctx) const {
    return fmt::format_to(ctx.out(), "{{psum[2i]={}, psum[2i+1]={}}} (0x{:010x})", ev2::pe::psum_lo(w.bits),
                          ev2::pe::psum_hi(w.bits), w.bits);
  }
};

namespace ev2::pe {

struct PeStalls {
  double cfg = 0, iact = 0, weight = 0, psum_in = 0, psum_out = 0;
  static PeStalls all(double p) { return {p, p, p, p, p}; }
};

template <class Model>
class PeDriver {
 public:
  PeDriver(tb::Sim<Model>& sim, tb::Rng& rng, PeStalls st = {})
      : sim_(sim),
        cfg_(
            "cfg",
            [this](bool v, const uint64_t& d) {
              dut().cfg_valid_i = v;
              dut().cfg_data_i = d;
            },
            [this] { return dut().cfg_ready_o != 0; }, rng.fork(), st.cfg),
        iact_(
            "iact",
            [this](bool v, const uint32_t& d) {
              dut().iact_valid_i = v;
              dut().iact_data_i = d;
            },
            [this] { return dut().iact_ready_o != 0; }, rng.fork(), st.iact),
        wght_(
            "weight",
            [this](bool v, const uint32_t& d) {
              dut().wght_valid_i = v;
              dut().wght_data_i = d;
            },
            [this] { return dut().wght_ready_o != 0; }, rng.fork(), st.weight),
        psin_(
            "psum_in",
            [this](bool v, const uint64_t& d) {
              dut().psum_valid_i = v;
              dut().psum_data_i = d;
            },
            [this] { return dut().psum_ready_o != 0; }, rng.fork(), st.psum_in),
        psout_(
            "psum_out", [this](bool r) { dut().psum_ready_i = r; }, [this] { return dut().psum_valid_o != 0; },
            [this] { return PsumWord{static_cast<uint64_t>(dut().psum_data_o)}; }, rng.fork(), st.psum_out),
        sb_("psum_out") {
    psout_.keep_words(false);
    psout_.on_word([this](const PsumWord& w) { sb_.observe(w); });
    // Every input defined before reset (uninitialised inputs are random in the harness).
    dut().cfg_valid_i = 0;
    dut().cfg_data_i = 0;
    dut().iact_valid_i = 0;
    dut().iact_data_i = 0;
    dut().wght_valid_i = 0;
    dut().wght_data_i = 0;
    dut().psum_valid_i = 0;
    dut().psum_data_i = 0;
    dut().psum_ready_i = 0;
    sim_.add(cfg_);
    sim_.add(iact_);
    sim_.add(wght_);
    sim_.add(psin_);
    sim_.add(psout_);
  }

  // Queues one pass; returns its golden result. Throws PeFitError if it does not fit the PE.
  PeGolden add_pass(const PeWork& w) {
    const PeStreams s = encode(w);
    PeGolden g = reference(w);
    cfg_.push(s.cfg);
    iact_.push(s.iact.begin(), s.iact.end());
    wght_.push(s.weight.begin(), s.weight.end());
    psin_.push(s.psum_in.begin(), s.psum_in.end());
    for (uint64_t word : pack_psums(g.psum, w.cfg.F, w.cfg.M0)) sb_.expect(PsumWord{word});
    passes_.push_back(w.cfg.describe());
    return g;
  }

  // Runs until every queued pass has produced all its psums and the PE is idle again.
  uint64_t run(uint64_t max_cycles) {
    const uint64_t n = sim_.run_until([this] { return sb_.drained() && cfg_.idle() && dut().busy_o == 0; }, max_cycles,
                                      fmt::format("all psums of {} pass(es) out, PE idle", passes_.size()));
    check_done();
    return n;
  }

  // Every input stream fully consumed: the PE took exactly the words the protocol defines.
  void check_done() const {
    sb_.check_drained();
    if (!iact_.idle()) throw tb::SimError(fmt::format("iact port: {} word(s) never taken", iact_.pending()));
    if (!wght_.idle()) throw tb::SimError(fmt::format("weight port: {} word(s) never taken", wght_.pending()));
    if (!psin_.idle()) throw tb::SimError(fmt::format("psum_i port: {} word(s) never taken", psin_.pending()));
  }

  Model& dut() { return sim_.dut(); }
  tb::StreamSource<uint32_t>& iact_port() { return iact_; }
  tb::StreamSource<uint32_t>& weight_port() { return wght_; }
  tb::StreamSink<PsumWord>& psum_out() { return psout_; }
  const tb::Scoreboard<PsumWord>& scoreboard() const { return sb_; }

 private:
  tb::Sim<Model>& sim_;
  tb::StreamSource<uint64_t> cfg_;
  tb::StreamSource<uint32_t> iact_;
  tb::StreamSource<uint32_t> wght_;
  tb::StreamSource<uint64_t> psin_;
  tb::StreamSink<PsumWord> psout_;
  tb::Scoreboard<PsumWord> sb_;
  std::vector<std::string> passes_;
};

}  // namespace ev2::pe
