#pragma once
// Autoencoder: encoder Mlp -> latent geometry -> decoder Mlp, with every parameter in one
// flat buffer [encoder | decoder] so an optimizer sees one vector.
//
// AutoencoderSpec says what to build (a cheap value, JSON round-trip); Autoencoder holds the
// network and its parameters; Trainer does the training.
//
// Loss (docs/model-format.md): the per-event error is the squared L2 distance between the
// input and its reconstruction, summed over features, in the standardized units the network
// sees: e(x) = sum_j (x_j - r_j)^2. The training loss is the mean of e over the batch.
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "topae/nn/activation.hpp"
#include "topae/nn/latent_geometry.hpp"
#include "topae/nn/mlp.hpp"
#include "topae/nn/network.hpp"

namespace topae::nn {

struct AutoencoderSpec {
  // Ceilings, so that a typo such as --hidden 100000000 is refused instead of running away.
  static constexpr Index kMaxWidth = 1'000'000;        // any layer, the latent space included
  static constexpr double kMaxParams = 1 << 28;         // weights and biases together, as a model file may hold

  Index input_dim = 0;
  Index latent_dim = 2;                 // k: the latent space's dimension (latent_geometry.hpp)
  std::vector<Index> hidden = {64, 64};  // encoder hidden widths; the decoder mirrors them
  std::vector<Index> decoder_hidden;     // empty: mirror `hidden`
  Activation activation = Activation::tanh;
  std::string latent_geometry = "euclidean";

  // Throws InputError if a width is not in [1, kMaxWidth], the geometry is unknown or does not
  // take k (make_latent_geometry), or the network exceeds kMaxParams.
  void validate() const;
  // "2-64-64-[1 euclidean]-64-64-2 tanh"
  std::string description() const;
  nlohmann::json to_json() const;
  static AutoencoderSpec from_json(const nlohmann::json& j);
};

class Autoencoder final : public Network {
 public:
  // Builds the network of `spec` and initialises it from `seed` (each layer its own stream).
  Autoencoder(const AutoencoderSpec& spec, std::uint64_t seed);
  // Reads the network part of a model file (input_dim, latent_dim, latent_geometry, encoder,
  // decoder); throws InputError starting with `source` on malformed input.
  static Autoencoder from_json(const nlohmann::json& j, const std::string& source);
  // Writes input_dim, latent_dim, latent_geometry, encoder and decoder into `j`.
  void to_json(nlohmann::ordered_json& j) const;

  Index input_dim() const { return encoder_.in_dim(); }
  Index latent_dim() const { return geometry_->dimension(); }  // k, as --latent
  Index code_dim() const { return geometry_->code_dim(); }     // what the decoder sees
  const LatentGeometry& geometry() const { return *geometry_; }
  Index data_rows() const override { return input_dim(); }
  VectorXf& params() override { return params_; }
  const VectorXf& params() const override { return params_; }
  const Mlp& encoder() const { return encoder_; }
  const Mlp& decoder() const { return decoder_; }

  // Forward pass of x (input_dim x batch, standardized); the reconstruction is
  // ws.decoder_acts.back().
  void forward(const MatrixXf& x, Workspace& ws) const;
  // The loss is the per-event error (network.hpp).
  double loss_and_gradient(const MatrixXf& x, Index batch_size, Workspace& ws) const override;
  double mean_loss(const MatrixXf& x) const override;

  // Latent codes of every column of x (one pass, for probe sets).
  void encode(const MatrixXf& x, MatrixXf& latent) const;
  // Latent codes and reconstructions of every column of x, in chunks, on all threads.
  void reconstruct(const MatrixXf& x, MatrixXf& latent, MatrixXf& reconstruction) const;

 private:
  Autoencoder(Mlp encoder, std::unique_ptr<LatentGeometry> geometry, Mlp decoder, VectorXf params);

  Mlp encoder_;
  std::unique_ptr<LatentGeometry> geometry_;
  Mlp decoder_;
  VectorXf params_;  // [encoder | decoder]
};

}  // namespace topae::nn
