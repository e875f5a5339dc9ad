#include "topae/nn/latent_geometry.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/nn/autoencoder.hpp"

namespace topae::nn {
namespace {

MatrixXf random_matrix(Index rows, Index cols, std::uint64_t stream) {
  RandomStream rng(7, stream);
  MatrixXf m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

TEST(LatentGeometry, SizesFollowTheManifold) {
  struct Sizes {
    const char* name;
    Index k, encoder, code;
  };
  for (const auto& s : {Sizes{"euclidean", 3, 3, 3}, Sizes{"sphere", 2, 3, 3}, Sizes{"sphere", 5, 6, 6},
                        Sizes{"circle", 1, 2, 2}, Sizes{"torus", 2, 4, 4}, Sizes{"torus", 3, 6, 6}}) {
    const auto g = make_latent_geometry(s.name, s.k);
    EXPECT_EQ(g->name(), s.name);
    EXPECT_EQ(g->dimension(), s.k) << s.name;
    EXPECT_EQ(g->encoder_dim(), s.encoder) << s.name;
    EXPECT_EQ(g->code_dim(), s.code) << s.name;
  }
}

TEST(LatentGeometry, SpheresAndToriGiveUnitBlocks) {
  const MatrixXf h = random_matrix(6, 50, 1);
  MatrixXf z;
  make_latent_geometry("sphere", 5)->forward(h, z);
  for (Index e = 0; e < z.cols(); ++e) {
    EXPECT_NEAR(z.col(e).norm(), 1.0f, 1e-6f);
    EXPECT_NEAR((z.col(e) * h.col(e).norm() - h.col(e)).norm(), 0.0f, 1e-5f) << "z points along h";
  }
  make_latent_geometry("torus", 3)->forward(h, z);
  for (Index e = 0; e < z.cols(); ++e)
    for (Index b = 0; b < 3; ++b) EXPECT_NEAR(z.col(e).segment(2 * b, 2).norm(), 1.0f, 1e-6f);
  // torch.nn.functional.normalize's guard: a zero block stays zero, with a finite gradient.
  MatrixXf zero = MatrixXf::Zero(2, 1), dz = MatrixXf::Ones(2, 1), dh;
  const auto circle = make_latent_geometry("circle", 1);
  circle->forward(zero, z);
  EXPECT_EQ(z, zero);
  circle->backward(zero, z, dz, dh);
  EXPECT_TRUE(dh.allFinite());
}

TEST(LatentGeometry, TheDecoderSeesTheCode) {
  AutoencoderSpec spec;
  spec.input_dim = 3;
  spec.latent_dim = 2;
  spec.hidden = {8};
  spec.latent_geometry = "torus";
  const Autoencoder ae(spec, 1);
  EXPECT_EQ(ae.latent_dim(), 2);
  EXPECT_EQ(ae.code_dim(), 4);
  EXPECT_EQ(ae.encoder().out_dim(), 4);
  EXPECT_EQ(ae.decoder().in_dim(), 4);
  MatrixXf latent, reconstruction;
  ae.reconstruct(random_matrix(3, 10, 2), latent, reconstruction);
  EXPECT_EQ(latent.rows(), 4);
  EXPECT_EQ(reconstruction.rows(), 3);
}

TEST(LatentGeometry, BadNamesAndDimensionsAreRefusedNamingTheFlag) {
  const auto message = [](const std::string& name, Index k) {
    try {
      make_latent_geometry(name, k);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("torus", 0), "--latent: the latent dimension must be at least 1, got 0");
  EXPECT_EQ(message("hyperbolic", 2),
            "--latent-geometry: unknown latent geometry 'hyperbolic' (valid: euclidean, sphere, circle, torus)");
  EXPECT_NE(message("circle", 2).find("--latent must be 1, got 2"), std::string::npos);
  AutoencoderSpec spec;
  spec.input_dim = 3;
  spec.latent_dim = 2;
  spec.latent_geometry = "circle";
  EXPECT_THROW(spec.validate(), InputError);
}

}  // namespace
}  // namespace topae::nn
