// The topology audit of a table and the seams of a trained model: what `topae audit` writes
// in audit.json and `topae seams` in seams.json and its events table.
#include <string>
#include <vector>

#include "background.hpp"
#include "bindings.hpp"
#include "topae/analysis/model_seams.hpp"
#include "topae/core/rng.hpp"
#include "topae/core/threads.hpp"
#include "topae/topology/audit.hpp"

namespace topae::python {

void bind_topology(py::module_& m) {
  m.def(
      "audit",
      [](TableView x, const std::vector<std::string>& columns, const topology::AuditSettings& settings, int threads) {
        return dump(run_without_gil([&] {
                      set_threads(threads);
                      return topology::audit(x, columns, settings);
                    }).to_json());
      },
      py::arg("x").noconvert(), py::arg("columns"), py::arg("settings"), py::arg("threads"));

  py::class_<topology::AuditSettings>(m, "AuditSettings")
      .def(py::init<>())
      .def_readwrite("max_points", &topology::AuditSettings::max_points)
      .def_readwrite("neighbours", &topology::AuditSettings::neighbours)
      .def_readwrite("landmarks", &topology::AuditSettings::landmarks)
      .def_readwrite("max_homology_dimension", &topology::AuditSettings::max_homology_dimension)
      .def_readwrite("seed", &topology::AuditSettings::seed)
      .def_readwrite("antipodal_columns", &topology::AuditSettings::antipodal_columns);

  py::class_<topology::SeamSettings>(m, "SeamSettings")
      .def(py::init<>())
      .def_readwrite("neighbours", &topology::SeamSettings::neighbours)
      .def_readwrite("outlier_sigmas", &topology::SeamSettings::outlier_sigmas)
      .def_readwrite("min_stretch", &topology::SeamSettings::min_stretch)
      .def_readwrite("min_cluster_size", &topology::SeamSettings::min_cluster_size)
      .def_readwrite("top_error_quantile", &topology::SeamSettings::top_error_quantile)
      .def_readwrite("exact_up_to", &topology::SeamSettings::exact_up_to)
      .def_readwrite("approximate_eps", &topology::SeamSettings::approximate_eps);

  // The seams of `model` on the events x (columns: their names, the model's among them),
  // on a random subset of max_points of them (0: all) drawn as `topae seams --max-points` does.
  m.def(
      "seams",
      [](const nn::Model& model, TableView x, const std::vector<std::string>& columns,
         const topology::SeamSettings& settings, Index max_points, std::uint64_t seed, int threads) {
        auto found = run_without_gil([&] {
          set_threads(threads);
          settings.validate();
          const data::Dataset input{columns, Table(x), {}, {}, {}};
          input.check("X");
          std::vector<Index> rows;  // empty: all
          if (max_points > 0 && max_points < input.n_events()) rows = random_subset(input.n_events(), max_points, seed);
          return analysis::model_seams(model, input, rows, {}, settings, "X", "the model");
        });
        auto& s = found.seams;
        std::vector<std::vector<Index>> events;
        for (const auto& seam : s.seams) events.push_back(seam.events);
        py::dict out;
        out["summary"] = dump(s.to_json());
        out["rows"] = found.rows;
        out["error"] = std::move(found.scores.error);
        out["seam_score"] = std::move(s.seam_score);
        out["on_seam"] = s.on_seam;
        out["seam_events"] = events;
        return out;
      },
      py::arg("model"), py::arg("x").noconvert(), py::arg("columns"), py::arg("settings"), py::arg("max_points"),
      py::arg("seed"), py::arg("threads"));
}

}  // namespace topae::python
