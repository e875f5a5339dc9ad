#include "topae/nn/autoencoder.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/core/memory.hpp"
#include "chunks.hpp"

namespace topae::nn {

namespace {

std::vector<Index> decoder_widths(const AutoencoderSpec& spec) {
  if (!spec.decoder_hidden.empty()) return spec.decoder_hidden;
  return {spec.hidden.rbegin(), spec.hidden.rend()};
}

}  // namespace

void AutoencoderSpec::validate() const {
  const auto check_width = [](Index w, const char* what) {
    if (w < 1 || w > kMaxWidth)
      throw InputError(fmt::format("{} must lie in [1, {}], got {}", what, kMaxWidth, w));
  };
  check_width(input_dim, "the input dimension (the number of --columns)");
  check_width(latent_dim, "--latent: the latent dimension");
  for (const auto w : hidden) check_width(w, "--hidden: hidden widths");
  for (const auto w : decoder_hidden) check_width(w, "--decoder-hidden: decoder hidden widths");
  // Counted in double: products of widths from a file cannot overflow here.
  double n_params = 0;
  const auto count = [&](const std::vector<Index>& dims) {
    for (std::size_t i = 1; i < dims.size(); ++i)
      n_params += (static_cast<double>(dims[i - 1]) + 1) * static_cast<double>(dims[i]);
  };
  const auto geometry = make_latent_geometry(latent_geometry, latent_dim);
  count(Mlp::widths(input_dim, hidden, geometry->encoder_dim()));
  count(Mlp::widths(geometry->code_dim(), decoder_widths(*this), input_dim));
  if (n_params > static_cast<double>(kMaxParams))
    throw InputError(fmt::format("the network would have {:.3g} parameters, more than the {:.0f} topae trains", n_params,
                                 kMaxParams));
}

std::string AutoencoderSpec::description() const {
  const auto enc = Mlp::widths(input_dim, hidden, latent_dim);
  const auto dec = decoder_widths(*this);
  std::string s = fmt::format("{}", fmt::join(enc.begin(), enc.end() - 1, "-"));
  s += fmt::format("-[{} {}]", latent_dim, latent_geometry);
  for (const auto w : dec) s += fmt::format("-{}", w);
  s += fmt::format("-{} {}", input_dim, activation_name(activation));
  return s;
}

nlohmann::json AutoencoderSpec::to_json() const {
  return {{"input_dim", input_dim},   {"latent_dim", latent_dim},
          {"hidden", hidden},         {"decoder_hidden", decoder_widths(*this)},
          {"activation", activation_name(activation)}, {"latent_geometry", latent_geometry}};
}

AutoencoderSpec AutoencoderSpec::from_json(const nlohmann::json& j) {
  AutoencoderSpec s;
  s.input_dim = j.at("input_dim").get<Index>();
  s.latent_dim = j.at("latent_dim").get<Index>();
  s.hidden = j.at("hidden").get<std::vector<Index>>();
  s.decoder_hidden = j.value("decoder_hidden", std::vector<Index>{});
  s.activation = activation_from_name(j.at("activation").get<std::string>());
  s.latent_geometry = j.value("latent_geometry", std::string("euclidean"));
  return s;
}

Autoencoder::Autoencoder(const AutoencoderSpec& spec, std::uint64_t seed) {
  spec.validate();
  geometry_ = make_latent_geometry(spec.latent_geometry, spec.latent_dim);
  encoder_ = Mlp::build(Mlp::widths(spec.input_dim, spec.hidden, geometry_->encoder_dim()), spec.activation);
  decoder_ = Mlp::build(Mlp::widths(geometry_->code_dim(), decoder_widths(spec), spec.input_dim), spec.activation);
  // Parameters, gradients (one set per thread), two optimizer moments, the best weights kept.
  check_memory(6.0 * 4.0 * static_cast<double>(encoder_.n_params() + decoder_.n_params()), "the network's parameters");
  params_.resize(encoder_.n_params() + decoder_.n_params());
  encoder_.initialize(params_.data(), seed, 0);
  decoder_.initialize(params_.data() + encoder_.n_params(), seed, encoder_.size());
}

Autoencoder::Autoencoder(Mlp encoder, std::unique_ptr<LatentGeometry> geometry, Mlp decoder, VectorXf params)
    : encoder_(std::move(encoder)),
      geometry_(std::move(geometry)),
      decoder_(std::move(decoder)),
      params_(std::move(params)) {}

Autoencoder Autoencoder::from_json(const nlohmann::json& j, const std::string& source) {
  const auto size = [&](const char* key) {
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<long long>() < 1)
      throw InputError(source + ": '" + key + "' must be a positive integer");
    return j[key].get<Index>();
  };
  const Index input_dim = size("input_dim");
  const Index latent_dim = size("latent_dim");
  const auto geometry_name = j.value("latent_geometry", std::string("euclidean"));
  std::unique_ptr<LatentGeometry> geometry;
  try {
    geometry = make_latent_geometry(geometry_name, latent_dim);
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.what());
  }
  for (const char* key : {"encoder", "decoder"})
    if (!j.contains(key)) throw InputError(source + ": missing '" + key + "'");

  std::vector<float> params;
  Mlp encoder = Mlp::from_json(j["encoder"], input_dim, params, source + ": encoder");
  if (encoder.out_dim() != geometry->encoder_dim())
    throw InputError(fmt::format("{}: encoder outputs {} numbers but the {} latent geometry needs {}", source,
                                 encoder.out_dim(), geometry_name, geometry->encoder_dim()));
  Mlp decoder = Mlp::from_json(j["decoder"], geometry->code_dim(), params, source + ": decoder");
  if (decoder.out_dim() != input_dim)
    throw InputError(fmt::format("{}: decoder outputs {} numbers but input_dim is {}", source, decoder.out_dim(),
                                 input_dim));
  VectorXf flat = Eigen::Map<VectorXf>(params.data(), static_cast<Index>(params.size()));
  return Autoencoder(std::move(encoder), std::move(geometry), std::move(decoder), std::move(flat));
}

void Autoencoder::to_json(nlohmann::ordered_json& j) const {
  j["input_dim"] = input_dim();
  j["latent_dim"] = latent_dim();
  j["latent_geometry"] = geometry_->name();
  j["encoder"] = encoder_.to_json(params_.data());
  j["decoder"] = decoder_.to_json(params_.data() + encoder_.n_params());
}

void Autoencoder::forward(const MatrixXf& x, Workspace& ws) const {
  encoder_.forward(params_.data(), x, ws.encoder_acts);
  geometry_->forward(ws.encoder_acts.back(), ws.latent);
  decoder_.forward(params_.data() + encoder_.n_params(), ws.latent, ws.decoder_acts);
}

double Autoencoder::loss_and_gradient(const MatrixXf& x, Index batch_size, Workspace& ws) const {
  forward(x, ws);
  const MatrixXf& r = ws.decoder_acts.back();
  ws.d_reconstruction.resize(r.rows(), r.cols());
  ws.d_reconstruction = r - x;  // dims x chunk
  const double sum_error = ws.d_reconstruction.squaredNorm();
  // L = (1/B) sum_events sum_j (r - x)^2  =>  dL/dr = 2 (r - x) / B
  ws.d_reconstruction *= 2.0f / static_cast<float>(batch_size);

  ws.grads.resize(n_params());
  float* enc_grads = ws.grads.data();
  float* dec_grads = ws.grads.data() + encoder_.n_params();
  decoder_.backward(params_.data() + encoder_.n_params(), ws.latent, ws.decoder_acts, ws.d_reconstruction, dec_grads,
                    &ws.d_latent, ws.scratch);
  geometry_->backward(ws.encoder_acts.back(), ws.latent, ws.d_latent, ws.d_encoder_out);
  encoder_.backward(params_.data(), x, ws.encoder_acts, ws.d_encoder_out, enc_grads, nullptr, ws.scratch);
  return sum_error;
}

double Autoencoder::mean_loss(const MatrixXf& x) const {
  MatrixXf latent, reconstruction;
  reconstruct(x, latent, reconstruction);
  return static_cast<double>((reconstruction - x).colwise().squaredNorm().cast<double>().sum()) /
         static_cast<double>(x.cols());
}

void Autoencoder::encode(const MatrixXf& x, MatrixXf& latent) const {
  std::vector<MatrixXf> acts;
  encoder_.forward(params_.data(), x, acts);
  geometry_->forward(acts.back(), latent);
}

void Autoencoder::reconstruct(const MatrixXf& x, MatrixXf& latent, MatrixXf& reconstruction) const {
  const Index n = x.cols();
  latent.resize(code_dim(), n);
  reconstruction.resize(input_dim(), n);
  for_each_chunk<Workspace>(x, [&](const MatrixXf& chunk, Index begin, Workspace& ws) {
    forward(chunk, ws);
    latent.middleCols(begin, chunk.cols()) = ws.latent;
    reconstruction.middleCols(begin, chunk.cols()) = ws.decoder_acts.back();
  });
}

}  // namespace topae::nn
