// ROC analysis and BumpHunter: the numbers `topae roc` and `topae bumphunt` write, for arrays.
#include <optional>
#include <string>

#include "background.hpp"
#include "bindings.hpp"
#include "topae/analysis/bump_hunter.hpp"
#include "topae/analysis/histogram.hpp"
#include "topae/analysis/roc.hpp"
#include "topae/core/threads.hpp"

namespace topae::python {

namespace {

using Vector = Eigen::Ref<const Eigen::VectorXd>;

analysis::Histogram histogram(const Vector& values, const std::optional<Eigen::VectorXd>& weights, int bins,
                              double lo, double hi) {
  analysis::Histogram h(bins, lo, hi);
  if (weights) {
    h.fill(values, *weights);
  } else {
    h.fill(values);
  }
  return h;
}

}  // namespace

void bind_analysis(py::module_& m) {
  // The summary `topae roc` writes (roc.json, as JSON text) and the full curve.
  m.def(
      "roc",
      [](Vector scores, Eigen::Ref<const Eigen::VectorXi> labels, std::optional<Eigen::VectorXd> weights,
         std::optional<double> sic_min_eff_b, Index max_points) {
        const auto roc = weights ? analysis::Roc(scores, labels, *weights) : analysis::Roc(scores, labels);
        analysis::RocSummaryOptions options;
        options.sic_min_eff_b = sic_min_eff_b;
        options.max_points = max_points;
        const auto& curve = roc.curve();
        return py::make_tuple(dump(roc.summary(options).to_json()), Eigen::VectorXd(curve.eff_s),
                              Eigen::VectorXd(curve.eff_b), Eigen::VectorXd(curve.threshold));
      },
      py::arg("scores").noconvert(), py::arg("labels").noconvert(), py::arg("weights"), py::arg("sic_min_eff_b"),
      py::arg("max_points"));

  // BumpHunter on histograms of `data` and `reference` (None: the side-band fit), filled as
  // `topae bumphunt` fills them. spec: BumpHunterSpec's JSON.
  m.def(
      "bumphunter",
      [](Vector data, std::optional<Eigen::VectorXd> data_weights, std::optional<Eigen::VectorXd> reference,
         std::optional<Eigen::VectorXd> reference_weights, int bins, double lo, double hi, const std::string& spec,
         int threads) {
        const auto hunter_spec = analysis::BumpHunterSpec::from_json(nlohmann::json::parse(spec));
        const auto observed = histogram(data, data_weights, bins, lo, hi);
        const auto result = run_without_gil([&] {
          set_threads(threads);
          if (!reference) return analysis::BumpHunter(hunter_spec, observed).hunt();
          return analysis::BumpHunter(hunter_spec, observed, histogram(*reference, reference_weights, bins, lo, hi))
              .hunt();
        });
        return py::make_tuple(dump(result.to_json()), observed.contents(), result.expected, result.expected_error,
                              result.null_expected, result.pseudo_t);
      },
      py::arg("data").noconvert(), py::arg("data_weights"), py::arg("reference"), py::arg("reference_weights"),
      py::arg("bins"), py::arg("lo"), py::arg("hi"), py::arg("spec"), py::arg("threads"));
}

}  // namespace topae::python
