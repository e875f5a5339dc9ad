#pragma once
// `topae seams`: where a model tears its data (analysis/model_seams.hpp), written as a folder:
//
//   seams.json             the seams and the numbers of the rule (docs/formats.md)
//   events.h5 (or .csv)    the analysed events with error, seam_score and on_seam
//   seams_<col>_<col>.*    the events in pairs of the data's columns, seam events coloured
//   index.html             one self-contained page with the numbers, the seams and the figures
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "topae/analysis/model_seams.hpp"
#include "topae/topology/seam_finder.hpp"
#include "topae/data/table_reader.hpp"

namespace topae::report {

struct SeamsReportSpec {
  std::filesystem::path model;
  std::filesystem::path data;
  data::ReadOptions read;            // which of its events and columns
  std::vector<std::string> columns;  // the seams' centres and the figures (empty: the model's)
  topology::SeamSettings settings;
  Index max_points = 0;              // analyse a seeded random subset of at most this many events (0: all)
  std::uint64_t seed = 1;            // of that subset
  std::string format = "h5";         // of the events table: h5 or csv
  int threads = 1;                   // recorded: the result does not depend on it
  std::filesystem::path output;      // the folder
};

// Reads the model and the table, finds the seams and writes the folder. Throws InputError
// naming the file or the flag on bad input, before anything is written.
analysis::ModelSeams write_seams_report(const SeamsReportSpec& spec);

}  // namespace topae::report
