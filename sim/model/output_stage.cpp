#include "model/output_stage.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/arith.hpp"
#include "model/validate.hpp"

namespace ev2 {

namespace {

std::string check_scalar(int32_t psum, int32_t bias, uint8_t shift) {
  if (!fits_psum(psum))
    return fmt::format("psum={} is outside the {}-bit range {}..{}", psum, PSUM_W, PSUM_MIN, PSUM_MAX);
  if (!fits_psum(bias))
    return fmt::format("bias={} is outside the {}-bit range {}..{}", bias, BIAS_W, PSUM_MIN, PSUM_MAX);
  if (shift > SHIFT_MAX) return fmt::format("shift={} is above {}", shift, SHIFT_MAX);
  return "";
}

// The formula itself, inputs already validated. int64 holds every intermediate: |prod| < 2^36,
// and the rounding add reaches at most 2^36 + 2^30 (a 38-bit signed value; see docs).
OutputStageSteps compute(int32_t psum, int32_t bias, uint16_t mult, uint8_t shift, bool relu, bool out_signed) {
  OutputStageSteps st;
  st.sum = int64_t{psum} + bias;
  st.prod = st.sum * mult;
  // C++20 defines >> on negative values as arithmetic (floor), the same as SystemVerilog >>>.
  st.rounded = shift == 0 ? st.prod : (st.prod + (int64_t{1} << (shift - 1))) >> shift;
  st.relu = relu ? std::max<int64_t>(st.rounded, 0) : st.rounded;
  const int64_t lo = act_min(out_signed), hi = act_max(out_signed);
  st.saturated = st.relu < lo ? -1 : st.relu > hi ? 1 : 0;
  st.out = static_cast<int16_t>(std::clamp(st.relu, lo, hi));
  return st;
}

}  // namespace

std::string OutputStageParams::check(int M) const {
  if (M <= 0) return fmt::format("M={} must be positive", M);
  for (auto [field, n] : {std::pair{"bias", bias.size()}, {"mult", mult.size()}, {"shift", shift.size()}}) {
    if (n != static_cast<size_t>(M))
      return fmt::format("{} has {} entries but the layer has M={} output channels", field, n, M);
  }
  for (size_t m = 0; m < bias.size(); ++m) {
    if (!fits_psum(bias[m]))
      return fmt::format("bias[{}]={} is outside the {}-bit range {}..{}", m, bias[m], BIAS_W, PSUM_MIN, PSUM_MAX);
  }
  for (size_t m = 0; m < shift.size(); ++m) {
    if (shift[m] > SHIFT_MAX) return fmt::format("shift[{}]={} is above {}", m, shift[m], SHIFT_MAX);
  }
  return "";
}

OutputStageParams OutputStageParams::uniform(int M, int32_t bias, uint16_t mult, uint8_t shift, bool relu,
                                             bool out_signed) {
  const auto n = static_cast<size_t>(std::max(M, 0));
  return OutputStageParams{std::vector<int32_t>(n, bias), std::vector<uint16_t>(n, mult),
                           std::vector<uint8_t>(n, shift), relu, out_signed};
}

OutputStageSteps output_stage_steps(int32_t psum, int32_t bias, uint16_t mult, uint8_t shift, bool relu,
                                    bool out_signed) {
  if (auto err = check_scalar(psum, bias, shift); !err.empty()) throw std::invalid_argument("output stage: " + err);
  return compute(psum, bias, mult, shift, relu, out_signed);
}

int16_t output_stage_one(int32_t psum, int32_t bias, uint16_t mult, uint8_t shift, bool relu, bool out_signed) {
  return output_stage_steps(psum, bias, mult, shift, relu, out_signed).out;
}

OutputStageResult output_stage(const PsumTensor& psum, const OutputStageParams& params) {
  const int M = psum.dim(1);
  if (auto err = params.check(M); !err.empty()) throw std::invalid_argument("output stage: " + err);
  OutputStageResult res{ActTensor(psum.dim(0), M, psum.dim(2), psum.dim(3)), 0, 0};
  const size_t plane = static_cast<size_t>(psum.dim(2)) * psum.dim(3);
  for (size_t i = 0; i < psum.size(); ++i) {
    const int32_t p = psum.data()[i];
    if (!fits_psum(p))
      throw std::invalid_argument(fmt::format("output stage: psum value {} at {} is outside the {}-bit range {}..{}", p,
                                              index_string(psum.dims(), i), PSUM_W, PSUM_MIN, PSUM_MAX));
    const size_t m = (i / plane) % static_cast<size_t>(M);
    const auto st = compute(p, params.bias[m], params.mult[m], params.shift[m], params.relu, params.out_signed);
    res.oacts.data()[i] = st.out;
    if (st.saturated < 0) ++res.saturated_low;
    if (st.saturated > 0) ++res.saturated_high;
  }
  return res;
}

FixedPointScale to_fixed_point(double scale) {
  if (!std::isfinite(scale) || scale < 0)
    throw std::invalid_argument(fmt::format("to_fixed_point: scale={} must be finite and not negative", scale));
  if (std::llround(scale) > 65535)
    throw std::invalid_argument(fmt::format("to_fixed_point: scale={} does not fit a 16-bit multiplier", scale));
  if (scale == 0) return {};
  for (int k = SHIFT_MAX; k >= 0; --k) {
    const long long m = std::llround(std::ldexp(scale, k));
    if (m <= 65535) return {static_cast<uint16_t>(m), static_cast<uint8_t>(k)};
  }
  return {static_cast<uint16_t>(std::llround(scale)), 0};  // unreachable: k == 0 passed the check above
}

}  // namespace ev2
