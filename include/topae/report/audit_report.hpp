#pragma once
// `topae audit`: the topology audit of a table (topology/audit.hpp) written as a folder:
//
//   audit.json             the audit (docs/formats.md), with the command's configuration
//   dimension_scale.*      TwoNN's estimate against the number of points (the scale)
//   levina_bickel.*        the Levina-Bickel estimate against the neighbourhood size k
//   local_pca.*            explained variance per component in kNN neighbourhoods
//   persistence.*          the persistence diagram, with the noise and feature lines
//   barcode.*              the longest bars of each dimension, from birth to death
//   index.html             one self-contained page with the verdict, the numbers and the figures
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "topae/report/figure.hpp"
#include "topae/topology/audit.hpp"
#include "topae/data/table_reader.hpp"

namespace topae::report {

struct AuditReportSpec {
  std::filesystem::path data;
  data::ReadOptions read;              // which of its events and columns
  std::vector<std::string> columns;    // empty: the table's feature columns
  std::vector<std::string> antipodal;  // columns the antipodal map negates (empty: no symmetry test)
  topology::AuditSettings settings;    // its antipodal_columns are set from `antipodal`
  std::filesystem::path output;        // the folder

  nlohmann::json to_json() const;
};

// The figures of an audit, each with the stem it is written under.
std::vector<std::pair<std::string, FigureSpec>> audit_figures(const topology::Audit& audit);

// Reads the table, audits it and writes the folder. Throws InputError naming the file or
// the flag on bad input, before anything is written.
topology::Audit write_audit_report(const AuditReportSpec& spec);

}  // namespace topae::report
