// Finite-difference checks of every backward pass: each layer, each activation, the latent
// geometry and the loss, through the whole autoencoder.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "topae/core/rng.hpp"
#include "topae/nn/autoencoder.hpp"
#include "topae/nn/layers/activation_layer.hpp"
#include "topae/nn/layers/dense.hpp"

namespace topae::nn {
namespace {

MatrixXf random_matrix(Index rows, Index cols, std::uint64_t stream, double scale = 1.0) {
  RandomStream rng(99, stream);
  MatrixXf m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(scale * rng.normal());
  return m;
}

// Central differences in double of the float loss are limited by float rounding; the
// tolerance is relative to the gradient's scale and step, as in PyTorch's gradcheck for
// float32 (atol ~1e-3 relative).
constexpr double kStep = 1e-2;

// (L(v + step) - L(v - step)) / (2 step), with v restored afterwards.
template <typename Loss>
double central_difference(float& v, double step, const Loss& loss) {
  const float saved = v;
  v = saved + static_cast<float>(step);
  const double up = loss();
  v = saved - static_cast<float>(step);
  const double down = loss();
  v = saved;
  return (up - down) / (2 * step);
}

// L(y) = sum(y .* probe): dL/dy = probe, so a layer's backward with dy = probe must match
// the finite differences of L.
double probe_loss(const Layer& layer, const float* params, const MatrixXf& x, const MatrixXf& probe) {
  MatrixXf y;
  layer.forward(params, x, y);
  return (y.cast<double>().array() * probe.cast<double>().array()).sum();
}

void check_layer(const Layer& layer, VectorXf params, MatrixXf x) {
  const MatrixXf probe = random_matrix(layer.out_dim(), x.cols(), 7);
  MatrixXf y, dx;
  layer.forward(params.data(), x, y);
  VectorXf grads(layer.n_params());
  layer.backward(params.data(), x, y, probe, grads.data(), &dx);

  const auto loss = [&] { return probe_loss(layer, params.data(), x, probe); };
  for (Index i = 0; i < x.size(); ++i) {
    const double numeric = central_difference(x.data()[i], kStep, loss);
    EXPECT_NEAR(dx.data()[i], numeric, 2e-3 * (1 + std::abs(numeric))) << layer.type() << " dx[" << i << "]";
  }
  for (Index i = 0; i < params.size(); ++i) {
    const double numeric = central_difference(params[i], kStep, loss);
    EXPECT_NEAR(grads[i], numeric, 2e-3 * (1 + std::abs(numeric))) << layer.type() << " dparam[" << i << "]";
  }
}

TEST(Gradient, DenseMatchesFiniteDifferences) {
  const Dense dense(3, 4);
  VectorXf params = random_matrix(dense.n_params(), 1, 1).col(0);
  check_layer(dense, params, random_matrix(3, 5, 2));
}

TEST(Gradient, EveryActivationMatchesFiniteDifferences) {
  for (const auto& name : activation_names()) {
    SCOPED_TRACE(name);
    const ActivationLayer layer(activation_from_name(name), 4);
    // Keep inputs away from the kinks of relu-like functions, where differences are undefined.
    MatrixXf x = random_matrix(4, 6, 3, 2.0);
    for (Index i = 0; i < x.size(); ++i)
      if (std::abs(x.data()[i]) < 0.05f) x.data()[i] = 0.3f;
    check_layer(layer, VectorXf(), x);
  }
}

// L(z) = sum(g(h) .* probe) for each latent geometry g: backward with dz = probe must match
// the finite differences of L in h.
TEST(Gradient, EveryLatentGeometryMatchesFiniteDifferences) {
  for (const auto& [name, k] : {std::pair<const char*, Index>{"euclidean", 2}, {"sphere", 2}, {"sphere", 1},
                                {"circle", 1}, {"torus", 2}}) {
    SCOPED_TRACE(std::string(name) + " k=" + std::to_string(k));
    const auto g = make_latent_geometry(name, k);
    MatrixXf h = random_matrix(g->encoder_dim(), 6, 5);
    const MatrixXf probe = random_matrix(g->code_dim(), 6, 6);
    MatrixXf z, dh;
    g->forward(h, z);
    g->backward(h, z, probe, dh);
    const auto loss = [&] {
      MatrixXf y;
      g->forward(h, y);
      return (y.cast<double>().array() * probe.cast<double>().array()).sum();
    };
    for (Index i = 0; i < h.size(); ++i) {
      const double numeric = central_difference(h.data()[i], kStep, loss);
      EXPECT_NEAR(dh.data()[i], numeric, 2e-3 * (1 + std::abs(numeric))) << "dh[" << i << "]";
    }
  }
}

// The whole network and the loss: loss_and_gradient's gradient against finite differences
// of the batch-mean loss, for every activation at latent dimensions 1 and 2, and for every
// latent geometry.
TEST(Gradient, AutoencoderLossMatchesFiniteDifferences) {
  struct Case {
    const char* activation;
    const char* geometry;
    Index k;
  };
  std::vector<Case> cases;
  // Smooth activations only: relu-like kinks inside the difference step would break the
  // comparison (relu, leaky_relu and selu are checked layer by layer above, away from its kinks).
  for (const Index k : {1, 2})
    for (const auto* name : {"tanh", "gelu", "elu", "silu", "softplus", "sigmoid"}) cases.push_back({name, "euclidean", k});
  for (const auto& [geometry, k] : {std::pair<const char*, Index>{"sphere", 2}, {"circle", 1}, {"torus", 2}})
    cases.push_back({"tanh", geometry, k});
  for (const auto& c : cases) {
    {
      SCOPED_TRACE(fmt::format("{} {} k={}", c.activation, c.geometry, c.k));
      AutoencoderSpec spec;
      spec.input_dim = 3;
      spec.latent_dim = c.k;
      spec.latent_geometry = c.geometry;
      spec.hidden = {5, 4};
      spec.activation = activation_from_name(c.activation);
      Autoencoder ae(spec, 3);
      const MatrixXf x = random_matrix(3, 7, 4);
      Workspace ws;
      const double sum = ae.loss_and_gradient(x, x.cols(), ws);
      const VectorXf grads = ws.grads;
      const auto loss = [&] {
        Workspace w;
        ae.forward(x, w);
        return (w.decoder_acts.back() - x).cast<double>().colwise().squaredNorm().sum() / static_cast<double>(x.cols());
      };
      EXPECT_NEAR(sum / static_cast<double>(x.cols()), loss(), 1e-5 * (1 + loss()));
      // Central differences at kStep and kStep / 2, extrapolated (Richardson): the sphere and
      // torus normalisations curve too fast for kStep alone when a block of h is short.
      for (Index i = 0; i < ae.n_params(); ++i) {
        float& p = ae.params()[i];
        const double numeric = (4 * central_difference(p, kStep / 2, loss) - central_difference(p, kStep, loss)) / 3;
        EXPECT_NEAR(grads[i], numeric, 5e-3 * (1 + std::abs(numeric))) << "param " << i;
      }
    }
  }
}

}  // namespace
}  // namespace topae::nn
