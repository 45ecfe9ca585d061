// Reader for workload shape files (*.layers; format in docs/workloads.md).
//
// Every problem in a file is reported as a ShapeFileError whose what() is one line of the form
// "<file>:<line>: <what is wrong>", naming the field where there is one, e.g.
//   alexnet.layers:7: field 'R': expected a positive integer, got 'x'
//   alexnet.layers:9: layer 'conv3': R=7 is larger than the padded input height 5
// The parser never accepts a layer that LayerShape::check() rejects, and never crashes on bad input.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "workload/network.hpp"

namespace ev2::workload {

class ShapeFileError : public std::runtime_error {
 public:
  // line 0 means the problem is with the file as a whole (cannot open, empty).
  ShapeFileError(std::string file, int line, std::string message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }  // without the "file:line: " prefix

 private:
  std::string file_;
  int line_;
  std::string message_;
};

// Fields are bounded so that no product of them can overflow the 64-bit totals.
inline constexpr int kMaxFieldValue = 1'000'000;

// Reads and parses one file; messages name the path as given.
Network parse_shape_file(const std::filesystem::path& path);

// Parses text as if it were read from a file called `file_name` (for tests and generated input).
Network parse_shape_string(std::string_view text, std::string_view file_name);

// The *.layers files directly inside `dir`, sorted by name (so reports have a stable order).
std::vector<std::filesystem::path> list_shape_files(const std::filesystem::path& dir);

}  // namespace ev2::workload
