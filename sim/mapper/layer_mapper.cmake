# ev2_layer_mapper: RS+ layer tiling (map_layer), the pass schedule (build_schedule) and the
# functional executor that checks a schedule against the reference model (docs/mapper.md).
add_library(ev2_layer_mapper STATIC
  ${CMAKE_CURRENT_LIST_DIR}/array_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/blocks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/map_layer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schedule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/executor.cpp)
target_include_directories(ev2_layer_mapper PUBLIC ${PROJECT_SOURCE_DIR}/sim ${PROJECT_SOURCE_DIR}/tb)
target_link_libraries(ev2_layer_mapper PUBLIC ev2_pe_host ev2_csc ev2_model ev2_workload fmt::fmt)
