// The layer mapper (docs/mapper.md): ArrayConfig, map_layer -> Mapping, build_schedule -> Schedule,
// and the functional executor that proves a schedule computes the layer bit for bit.
#pragma once

#include "mapper/array_config.hpp"
#include "mapper/blocks.hpp"
#include "mapper/executor.hpp"
#include "mapper/mapping.hpp"
#include "mapper/schedule.hpp"
