// Seeded synthetic weights and input activations for a layer, at a chosen density (fraction of
// nonzeros), for sparsity sweeps and random-layer tests. The same Rng state gives the same tensor
// on every machine: only integer draws and our own Rng are used, no <random> distributions or libm.
#pragma once

#include <cstddef>  // harness/rng.hpp uses size_t without including it
#include <cstdint>

#include "model/layer.hpp"
#include "model/tensor.hpp"
#include "util/rng.hpp"

namespace ev2::workload {

// Where the nonzeros go.
//   Exact:     exactly nonzero_target(size, density) nonzeros at uniformly random positions, so a
//              sweep over densities measures exactly the densities it names.
//   Bernoulli: each element independently nonzero with probability `density` (count varies).
enum class Placement { Exact, Bernoulli };

// Values of nonzero input activations.
//   Skewed:  like quantized ReLU outputs: small magnitudes common, P(|v| = k) ~ (15/16)^(k-1)
//            (median magnitude about 11, mean about 16), truncated to the 8-bit range.
//   Uniform: uniform over the nonzero 8-bit range (exercises large products and psum overflow).
enum class ValueDist { Skewed, Uniform };

// The nonzero count that Exact placement produces: density * size rounded to nearest.
uint64_t nonzero_target(uint64_t size, double density);

// M x C/G x R x S weights; nonzeros uniform in [-128, 127] \ {0}.
// Throws std::invalid_argument for a pool layer, an inconsistent shape or density outside [0, 1].
WeightTensor random_weights(const LayerShape& layer, double density, tb::Rng& rng,
                            Placement placement = Placement::Exact);

// N x C x H x W input activations. Unsigned: nonzeros in 1..255. Signed: nonzeros in
// [-128, 127] \ {0} with a random sign (the skewed magnitude applies to both signs).
// Throws std::invalid_argument for an inconsistent shape or density outside [0, 1].
ActTensor random_iacts(const LayerShape& layer, double density, bool is_signed, tb::Rng& rng,
                       Placement placement = Placement::Exact, ValueDist values = ValueDist::Skewed);

}  // namespace ev2::workload
