// Models and ensembles: training on an array, scoring, and the model files the CLI reads and
// writes. topae/autoencoder.py wraps them in scikit-learn's estimator conventions.
#include <fmt/core.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "background.hpp"
#include "bindings.hpp"
#include "topae/core/error.hpp"
#include "topae/core/threads.hpp"
#include "topae/nn/ensemble.hpp"
#include "topae/nn/model.hpp"

// An ensemble holds its members in a std::vector, which says it copies whatever it holds;
// models do not copy (their networks are unique), so neither does an ensemble.
template <>
struct pybind11::detail::is_copy_constructible<topae::nn::Ensemble> : std::false_type {};

namespace topae::python {

namespace {

constexpr const char* kSource = "X";  // what messages call the caller's array

py::dict metrics_dict(const nn::EpochMetrics& m) {
  py::dict d;
  d["epoch"] = m.epoch;
  d["train_loss"] = m.train_loss;
  d["validation_loss"] = m.validation_loss;
  d["lr"] = m.lr;
  d["seconds"] = m.seconds;
  return d;
}

// TrainOptions whose on_epoch hands each epoch's metrics to `on_epoch` (None: not called) on
// the Python thread. The job's threads hold only references: no Python object is copied
// without the GIL.
nn::TrainOptions train_options(const py::object& on_epoch, PythonCalls& calls) {
  nn::TrainOptions options;
  options.source = kSource;
  options.progress = false;
  if (!on_epoch.is_none()) {
    options.on_epoch = [&on_epoch, &calls](const nn::EpochMetrics& m) {
      calls.post([&on_epoch, m] { on_epoch(metrics_dict(m)); });
    };
  }
  return options;
}

nn::AutoencoderSpec autoencoder_spec(const std::string& json) {
  return nn::AutoencoderSpec::from_json(nlohmann::json::parse(json));
}

nn::TrainerSpec trainer_spec(const std::string& json) {
  auto spec = nn::TrainerSpec::from_json(nlohmann::json::parse(json));
  spec.validate();
  return spec;
}

// The per-epoch rows of a history (docs/model-format.md, "loss_history"), as JSON text.
std::string history_json(const nn::TrainingHistory& h) { return dump(h.epochs_json()); }

py::dict scores_dict(nn::Scores s) {
  py::dict d;
  d["error"] = std::move(s.error);
  d["distance"] = std::move(s.distance);
  d["latent"] = std::move(s.latent);
  d["reconstruction"] = std::move(s.reconstruction);
  return d;
}

py::dict ensemble_scores_dict(nn::EnsembleScores s) {
  py::dict d;
  d["error"] = std::move(s.median);
  d["error_min"] = std::move(s.min);
  d["error_mean"] = std::move(s.mean);
  d["error_spread"] = std::move(s.spread);
  d["disagreement"] = std::move(s.disagreement);
  d["member_error"] = std::move(s.member_error);
  return d;
}

void check_width(const TableView& x, std::size_t columns) {
  if (x.cols() != static_cast<Index>(columns))
    throw InputError(fmt::format("{}: {} columns, but the model takes {}", kSource, x.cols(), columns));
}

}  // namespace

void bind_models(py::module_& m) {
  py::class_<nn::Model>(m, "Model")
      .def_static(
          "train",
          [](TableView x, std::vector<std::string> columns, const std::string& autoencoder, const std::string& trainer,
             const py::object& on_epoch) {
            const auto spec = autoencoder_spec(autoencoder);
            const auto t = trainer_spec(trainer);
            PythonCalls calls;
            const auto options = train_options(on_epoch, calls);
            auto result = run_without_gil(
                [&] {
                  set_threads(t.threads);
                  return nn::train_model(x, columns, spec, t, options);
                },
                &calls);
            auto history = history_json(result.history);
            return std::make_pair(std::move(result.model), std::move(history));
          },
          py::arg("x").noconvert(), py::arg("columns"), py::arg("autoencoder"), py::arg("trainer"), py::arg("on_epoch"))
      .def_static("load", [](const std::string& path) { return nn::load_model(path); })
      .def_static("from_json",
                  [](const std::string& text, const std::string& source) {
                    return nn::Model::from_json(nlohmann::json::parse(text), source);
                  })
      .def("save", [](const nn::Model& model, const std::string& path) { nn::save_model(model, path); })
      .def("to_json", [](const nn::Model& model) { return dump(model.to_json()); })
      .def(
          "score",
          [](const nn::Model& model, TableView x, int threads) {
            check_width(x, model.columns.size());
            return scores_dict(run_without_gil([&] {
              set_threads(threads);
              return model.score(x);
            }));
          },
          py::arg("x").noconvert(), py::arg("threads"))
      .def_readonly("columns", &nn::Model::columns)
      .def_property_readonly("training", [](const nn::Model& model) { return dump(model.training); })
      .def_property_readonly("latent_dim", [](const nn::Model& model) { return model.autoencoder.latent_dim(); })
      .def_property_readonly("code_dim", [](const nn::Model& model) { return model.autoencoder.code_dim(); });

  py::class_<nn::Ensemble>(m, "Ensemble")
      .def_static(
          "train",
          [](TableView x, std::vector<std::string> columns, const std::string& autoencoder, const std::string& trainer,
             std::vector<std::uint64_t> seeds, bool bootstrap, int threads, const py::object& on_epoch) {
            const auto spec = autoencoder_spec(autoencoder);
            const auto t = trainer_spec(trainer);
            if (seeds.empty()) throw InputError("seeds: an ensemble needs at least one seed");
            check_width(x, columns.size());
            PythonCalls calls;
            const auto options = train_options(on_epoch, calls);
            auto results = run_without_gil(
                [&] {
                  // Members train on a Dataset (bootstrap resamples draw from it): one copy of X.
                  const data::Dataset data{columns, Table(x), {}, {}, {}};
                  return nn::train_seeds(data, columns, spec, t, seeds, options, threads, bootstrap);
                },
                &calls);
            nn::Ensemble ensemble;
            ensemble.seeds = seeds;
            std::vector<std::string> histories;
            for (auto& r : results) {
              ensemble.members.push_back(std::move(r.model));
              histories.push_back(history_json(r.history));
            }
            return std::make_pair(std::move(ensemble), std::move(histories));
          },
          py::arg("x").noconvert(), py::arg("columns"), py::arg("autoencoder"), py::arg("trainer"), py::arg("seeds"),
          py::arg("bootstrap"), py::arg("threads"), py::arg("on_epoch"))
      .def_static("load", [](const std::string& path) { return nn::load_ensemble(path); })
      .def("save", [](const nn::Ensemble& e, const std::string& path) { nn::save_ensemble(e, path); })
      .def("to_json", [](const nn::Ensemble& e) { return dump(e.to_json()); })
      .def_static("from_json",
                  [](const std::string& text, const std::string& source) {
                    return nn::Ensemble::from_json(nlohmann::json::parse(text), source);
                  })
      .def(
          "score",
          [](const nn::Ensemble& e, TableView x, int threads) {
            check_width(x, e.columns().size());
            return ensemble_scores_dict(run_without_gil([&] {
              set_threads(threads);
              return e.score(x);
            }));
          },
          py::arg("x").noconvert(), py::arg("threads"))
      .def_readonly("seeds", &nn::Ensemble::seeds)
      .def(
          "member",
          [](const nn::Ensemble& e, std::size_t i) -> const nn::Model& {
            if (i >= e.members.size()) throw py::index_error("member " + std::to_string(i));
            return e.members[i];
          },
          py::return_value_policy::reference_internal)
      .def_property_readonly("columns", &nn::Ensemble::columns)
      .def_property_readonly("has_folds", [](const nn::Ensemble& e) { return e.folds.has_value(); });
}

}  // namespace topae::python
