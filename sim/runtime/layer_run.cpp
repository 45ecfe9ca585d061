#include "runtime/layer_run.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>

#include "model/conv.hpp"
#include "util/rng.hpp"
#include "workload/generate.hpp"

namespace ev2::runtime {

LayerData make_layer_data(const LayerShape& layer, const DataOptions& opt, uint64_t seed) {
  tb::Rng rng(seed);
  LayerData d;
  d.weights = workload::random_weights(layer, opt.weight_density, rng);
  d.iacts = workload::random_iacts(layer, opt.iact_density, opt.iact_signed, rng);
  // Scale so that the largest psum magnitude lands near the top of the 8-bit range: outputs then
  // spread over the range (a test of the output stage too) and only a bias can push a few over.
  const ConvResult ref = conv2d(layer, d.iacts, d.weights);
  int64_t peak = 1;
  for (int32_t p : ref.psum.data()) peak = std::max<int64_t>(peak, std::llabs(p));
  const FixedPointScale fp = to_fixed_point(std::min(60000.0, 200.0 / static_cast<double>(peak)));
  d.params = OutputStageParams::uniform(layer.M, 0, fp.mult, fp.shift, opt.relu, opt.out_signed);
  const int bias_span = static_cast<int>(std::min<int64_t>(peak / 8, (1 << 19) - 1));
  for (auto& b : d.params.bias) b = bias_span ? static_cast<int32_t>(rng.uniform(-bias_span, bias_span)) : 0;
  return d;
}

Reference reference_outputs(const LayerShape& layer, const LayerData& data) {
  const ConvResult c = conv2d(layer, data.iacts, data.weights);
  const OutputStageResult o = output_stage(c.psum, data.params);
  return Reference{o.oacts, o.saturated_low, o.saturated_high, c.overflow_count};
}

CompiledLayer compile(const LayerShape& layer, const mapper::ArrayConfig& array, const LayerData& data,
                      const DataOptions& opt, const ProgramOptions& popt) {
  mapper::MapOptions mo;
  mo.weights = &data.weights;
  mo.weight_density = opt.weight_density;
  mo.iact_density = opt.iact_density;
  mo.iact_signed = opt.iact_signed;
  mo.share = opt.share;
  mo.share_groups = opt.share_groups;
  CompiledLayer c{mapper::build_schedule(mapper::map_layer(layer, array, mo)), {}};
  c.program = compile_layer(c.schedule, data.iacts, data.weights, data.params, popt);
  return c;
}

LayerReport compare(const LayerShape& layer, const mapper::ArrayConfig& array, const CompiledLayer& c,
                    const Reference& ref, const ActTensor& oacts, const RunCounters& counted) {
  const uint64_t cycles = counted.cycles;
  LayerReport r;
  r.name = layer.name;
  r.cycles = cycles;
  r.macs = layer.macs();
  r.nonzero_macs = counted.macs;
  r.expected_macs = c.program.stats.nonzero_macs;
  r.utilization = array.utilization(static_cast<double>(r.nonzero_macs), cycles);
  r.bytes_read = counted.bytes_read;
  r.bytes_written = counted.bytes_written;
  r.sat_low = counted.sat_low;
  r.sat_high = counted.sat_high;
  r.psum_overflow = ref.psum_overflow;
  r.sat_match = r.sat_low == ref.sat_low && r.sat_high == ref.sat_high;
  r.estimate_cycles = c.schedule.stats.cycles;
  if (oacts.dims() != ref.oacts.dims()) {
    r.mismatches = ref.oacts.size();
    r.first_mismatch =
        fmt::format("output tensor is {}, the reference {}", oacts.shape_string(), ref.oacts.shape_string());
    return r;
  }
  const auto& d = ref.oacts.dims();
  for (int n = 0; n < d[0]; ++n)
    for (int m = 0; m < d[1]; ++m)
      for (int e = 0; e < d[2]; ++e)
        for (int f = 0; f < d[3]; ++f)
          if (oacts.at(n, m, e, f) != ref.oacts.at(n, m, e, f)) {
            if (r.mismatches++ == 0)
              r.first_mismatch = fmt::format("layer '{}': output n{} m{} e{} f{} is {}, the reference gives {}",
                                             layer.name, n, m, e, f, oacts.at(n, m, e, f), ref.oacts.at(n, m, e, f));
          }
  if (!r.sat_match && r.first_mismatch.empty())
    r.first_mismatch = fmt::format("layer '{}': SAT_LOW/SAT_HIGH {}/{}, the reference clips {}/{}", layer.name,
                                   r.sat_low, r.sat_high, ref.sat_low, ref.sat_high);
  if (r.nonzero_macs != r.expected_macs && r.first_mismatch.empty())
    r.first_mismatch = fmt::format("layer '{}': the PEs accumulated {} products (MACS), the program has {}", layer.name,
                                   r.nonzero_macs, r.expected_macs);
  return r;
}

std::string table_header() {
  return fmt::format("{:<22} {:>11} {:>11} {:>12} {:>12} {:>7} {:>10} {:>9}  {}", "layer", "cycles", "estimate", "MACs",
                     "nonzero", "util%", "DRAM rd", "DRAM wr", "check");
}

std::string table_row(const LayerReport& r) {
  std::string check = r.ok() ? "bit-exact" : fmt::format("MISMATCH ({})", r.first_mismatch);
  if (r.psum_overflow) check += fmt::format(", {} psum overflows (wrapped)", r.psum_overflow);
  return fmt::format("{:<22} {:>11} {:>11} {:>12} {:>12} {:>7.2f} {:>10} {:>9}  {}", r.name, r.cycles,
                     r.estimate_cycles, r.macs, r.nonzero_macs, 100.0 * r.utilization, r.bytes_read, r.bytes_written,
                     check);
}

}  // namespace ev2::runtime
