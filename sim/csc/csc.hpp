// The whole CSC codec in one include: word layout, plain matrices, SIMD-2 weights, iact segments,
// statistics and PE SPad fit checks. Format reference: docs/csc.md.
#pragma once

#include "csc/fit.hpp"
#include "csc/matrix.hpp"
#include "csc/segments.hpp"
#include "csc/stats.hpp"
#include "csc/weights.hpp"
#include "csc/word.hpp"
