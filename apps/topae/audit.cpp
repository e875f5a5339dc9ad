// topae audit DATA -o DIR
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/report/audit_report.hpp"

namespace topae::cli {

void add_audit(CLI::App& app) {
  auto spec = std::make_shared<report::AuditReportSpec>();
  auto common = std::make_shared<CommonOptions>();
  auto* sub = app.add_subcommand("audit",
                                 "Before training: the intrinsic dimension and topology of a table, and the smallest "
                                 "latent space that holds it without a tear (audit.json, figures, index.html)");
  sub->add_option("DATA", spec->data, "Events to audit (.csv or .h5)")->required();
  sub->add_option("-o,--output", spec->output, "Folder to write")->required();
  sub->add_option("--columns", spec->columns, "Columns to audit (default: every column that is not truth, label or weight)")
      ->delimiter(',');
  sub->add_option("--antipodal", spec->antipodal,
                  "Columns an antipodal map negates (parity on momenta: px_1,py_1,pz_1,...); tests whether it is a "
                  "free symmetry of the data")
      ->delimiter(',');
  auto& s = spec->settings;
  sub->add_option("--max-points", s.max_points, "Events analysed (a seeded random subsample above this)")
      ->capture_default_str();
  sub->add_option("--neighbours", s.neighbours, "Neighbours K: Levina-Bickel k = 3..K, local PCA, singular points")
      ->capture_default_str();
  sub->add_option("--landmarks", s.landmarks, "Landmarks for persistent homology (0: the default)")
      ->capture_default_str();
  sub->add_option("--max-homology-dimension", s.max_homology_dimension,
                  "Homology in dimensions 0 .. min(d, this) for d <= 2 (0 .. 1 above)")
      ->capture_default_str()
      ->check(CLI::Range(0, 2));
  sub->add_option("--seed", s.seed, "Random seed (subsample, scales, landmarks)")->capture_default_str();
  add_read_options(*sub, spec->read);
  add_common_options(*sub, *common);
  add_figure_options(*sub);

  sub->callback([spec, common] {
    apply_threads(*common);
    const InputGuard guard({spec->data});
    const auto audit = report::write_audit_report(*spec);
    if (common->quiet) return;
    for (const auto& sentence : audit.verdict.summary) fmt::print("{}\n", sentence);
    fmt::print("audit of {} events -> {}\n", audit.n_points, (spec->output / "").string());
  });
}

}  // namespace topae::cli
