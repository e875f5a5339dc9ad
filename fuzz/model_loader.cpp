// Fuzz target: the model-file loader (nn::load_model, which is read_json_file and then
// Model::from_json), on the raw bytes of a model file.
//
// Bad input must throw InputError; that includes sizes the file declares but does not hold
// (a layer with 'in' = 1e9 and one short row must fail before anything is allocated). A
// model it accepts must score events (the shapes of its layers agree) to finite or
// infinite-but-not-crashing numbers, and survive to_json -> from_json unchanged.
#include <cstdint>

#include "fuzz_support.hpp"
#include "topae/nn/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace topae;
  const auto path = fuzz::write_scratch_file("model.json", {data, size});
  std::optional<nn::Model> model;
  if (!fuzz::expect_input_error([&] { model.emplace(nn::load_model(path)); })) return 0;

  const Index dim = model->autoencoder.input_dim();
  fuzz::require(static_cast<Index>(model->columns.size()) == dim && model->standardizer.dim() == dim,
                "load_model accepted a model whose columns, standardizer and network disagree");
  Table events(3, dim);
  for (Index i = 0; i < events.size(); ++i) events.data()[i] = static_cast<double>(i % 5) - 2.0;
  const nn::Scores scores = model->score(events);
  fuzz::require(scores.error.size() == 3 && scores.latent.rows() == 3 &&
                    scores.latent.cols() == model->autoencoder.latent_dim() && scores.reconstruction.rows() == 3 &&
                    scores.reconstruction.cols() == dim,
                "a loaded model scores to the wrong shapes");

  const nlohmann::json written = model->to_json();
  std::optional<nn::Model> again;
  fuzz::require(fuzz::expect_input_error([&] { again.emplace(nn::Model::from_json(written, "round trip")); }),
                "Model::from_json rejects what Model::to_json wrote");
  fuzz::require(nlohmann::json(again->to_json()) == written, "model round trip changed the model");
  return 0;
}
