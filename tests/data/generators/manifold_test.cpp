// The options every generator shares (manifold.hpp, transforms.hpp): cluster, embedding,
// noise, and the spec's JSON.
#include "topae/data/generators/manifold.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "data/generators/generator_support.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/double_cone.hpp"
#include "topae/data/generators/paraboloid.hpp"
#include "topae/data/generators/sphere.hpp"
#include "topae/data/generators/torus.hpp"
#include "topae/data/generators/transforms.hpp"
#include "topae/data/generators/trefoil.hpp"

namespace topae::data {
namespace {

using test::column;
using test::input_error;

TEST(GeneratorCluster, ClusterEventsLieNearTheCentreAndAreLabelled) {
  TorusSpec clean;
  clean.n = 2000;
  TorusSpec spec = clean;
  spec.cluster_fraction = 0.05;
  spec.cluster_width = 0.4;
  const auto d = generate_torus(spec);
  const auto base = generate_torus(clean);
  const Index m = 100;  // 0.05 * 2000
  ASSERT_EQ(spec.cluster_events(), m);
  ASSERT_EQ(d.n_events(), clean.n + m);
  ASSERT_TRUE(d.label.has_value());
  EXPECT_EQ(d.label->head(clean.n).sum(), 0);
  EXPECT_EQ(d.label->tail(m).sum(), m);
  // The manifold's events are untouched by the cluster.
  EXPECT_TRUE(d.values.topRows(clean.n) == base.values);

  const auto manifold = torus_manifold(spec);
  const Eigen::VectorXd centre = cluster_centre(manifold, spec);
  const double R = spec.major_radius, r = spec.minor_radius;
  const double tube = std::hypot(centre(0), centre(1)) - R;
  EXPECT_NEAR(tube * tube + centre(2) * centre(2), r * r, 1e-12) << "the centre is on the torus";
  for (Index i = clean.n; i < d.n_events(); ++i) {
    const Eigen::VectorXd p = d.values.row(i).head(3).transpose();
    EXPECT_LE((p - centre.head(3)).norm(), spec.cluster_width);
    const double t = std::hypot(p(0), p(1)) - R;
    EXPECT_NEAR(t * t + p(2) * p(2), r * r, 1e-12) << "cluster events are on the torus";
  }
  // Not all in one spot: the cluster fills its ball on the surface.
  EXPECT_GT((d.values.bottomRows(m).leftCols(3).rowwise() - centre.head(3).transpose()).rowwise().norm().maxCoeff(),
            0.5 * spec.cluster_width);
}

TEST(GeneratorCluster, CentreAtAGivenEvent) {
  CircleSpec spec;
  spec.n = 500;
  spec.cluster_fraction = 0.1;
  spec.cluster_width = 0.2;
  spec.cluster_centre = 17;
  const auto d = generate_circle(spec);
  const Eigen::VectorXd centre = cluster_centre(circle_manifold(spec), spec);
  EXPECT_TRUE(centre.transpose() == d.values.row(17));
  for (Index i = spec.n; i < d.n_events(); ++i) {
    EXPECT_LE((d.values.row(i).head(2) - d.values.row(17).head(2)).norm(), 0.2);
  }
  spec.cluster_centre = 500;
  EXPECT_NE(input_error([&] { generate_circle(spec); }).find("--cluster-centre"), std::string::npos);
}

TEST(GeneratorCluster, ZeroFractionMeansNoLabel) {
  SphereSpec spec;
  spec.n = 10;
  EXPECT_FALSE(generate_sphere(spec).label.has_value());
  spec.cluster_fraction = 0.01;  // llround(0.1) = 0 events, but a label of zeros
  const auto d = generate_sphere(spec);
  EXPECT_EQ(d.n_events(), 10);
  ASSERT_TRUE(d.label.has_value());
  EXPECT_EQ(d.label->sum(), 0);
}

TEST(GeneratorCluster, TooNarrowAWidthIsAnInputError) {
  TrefoilSpec spec;
  spec.n = 10;
  spec.cluster_fraction = 0.1;
  spec.cluster_width = 1e-9;
  EXPECT_NE(input_error([&] { generate_trefoil(spec); }).find("--cluster-width"), std::string::npos);
  spec.cluster_width = 0;
  EXPECT_NE(input_error([&] { generate_trefoil(spec); }).find("--cluster-width"), std::string::npos);
}

TEST(GeneratorEmbed, PreservesPairwiseDistancesAndTruth) {
  for (const Index D : {3, 7}) {
    TorusSpec clean;
    clean.n = 300;
    TorusSpec spec = clean;
    spec.embed_dim = D;
    const auto a = generate_torus(clean);
    const auto b = generate_torus(spec);
    ASSERT_EQ(b.values.cols(), D + 2);
    std::vector<std::string> expected;
    for (Index k = 1; k <= D; ++k) expected.push_back(fmt::format("x{}", k));
    expected.push_back("u");
    expected.push_back("v");
    EXPECT_EQ(b.columns, expected);
    EXPECT_EQ(b.truth, a.truth);
    EXPECT_EQ(b.feature_columns().size(), static_cast<std::size_t>(D));
    EXPECT_TRUE(b.values.rightCols(2) == a.values.rightCols(2));
    const Table pa = a.values.leftCols(3), pb = b.values.leftCols(D);
    double worst = 0;
    for (Index i = 0; i < clean.n; ++i) {
      for (Index j = 0; j < i; ++j) {
        worst = std::max(worst, std::abs((pa.row(i) - pa.row(j)).norm() - (pb.row(i) - pb.row(j)).norm()));
      }
    }
    EXPECT_LT(worst, 1e-12) << "D = " << D;
    // A rotation, not the identity: the data leave the first three coordinates.
    if (D > 3) {
      EXPECT_GT(pb.rightCols(D - 3).cwiseAbs().maxCoeff(), 0.1);
    }
  }
}

TEST(GeneratorEmbed, RandomOrthogonalIsOrthogonalSeededAndThreadIndependent) {
  const Index D = 64;  // big enough for Eigen's blocked, threaded products
  set_threads(1);
  const Eigen::MatrixXd q1 = random_orthogonal(D, 9);
  set_threads(2);
  const Eigen::MatrixXd q2 = random_orthogonal(D, 9);
  set_threads(1);
  EXPECT_TRUE(q1 == q2);
  EXPECT_LT((q1.transpose() * q1 - Eigen::MatrixXd::Identity(D, D)).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_FALSE(q1 == random_orthogonal(D, 10));
}

TEST(GeneratorNoise, IsotropicInTheFeatureSpaceAndSparesTheTruth) {
  for (const Index D : {0, 6}) {
    DoubleConeSpec clean;
    clean.n = 20000;
    clean.embed_dim = D;
    DoubleConeSpec spec = clean;
    spec.noise = 0.3;
    const auto a = generate_double_cone(clean);
    const auto b = generate_double_cone(spec);
    const auto features = a.feature_columns();
    EXPECT_EQ(features.size(), D == 0 ? 3u : 6u);
    for (const auto& c : features) {
      const Eigen::VectorXd e = column(b, c) - column(a, c);
      const double n = static_cast<double>(e.size());
      const double sd = std::sqrt(e.squaredNorm() / n);
      EXPECT_NEAR(e.mean(), 0, 5 * 0.3 / std::sqrt(n)) << c;
      EXPECT_NEAR(sd, 0.3, 5 * 0.3 / std::sqrt(2 * n)) << c;
    }
    for (const auto& c : a.truth) EXPECT_TRUE(column(a, c) == column(b, c)) << c;
  }
}

TEST(GeneratorNoise, NegativeIsAnInputError) {
  Dataset d;
  EXPECT_NE(input_error([&] { add_noise(d, -1, 1); }).find("--noise"), std::string::npos);
  EXPECT_NE(input_error([&] { embed(d, 0, 1); }).find("--embed-dim"), std::string::npos);
}

// Chunks are the rows of the whole sample, bit for bit, with every step (cluster, embedding,
// noise) applied, and a chunk may straddle the last event and the first cluster event.
TEST(GeneratorSampler, ChunksAreTheRowsOfTheWholeSample) {
  SphereSpec spec;
  spec.n = 1000;
  spec.cluster_fraction = 0.05;
  spec.cluster_width = 0.5;
  spec.embed_dim = 6;
  spec.noise = 0.01;
  const auto whole = generate_sphere(spec);
  const ManifoldSampler sampler(sphere_manifold(spec), spec);
  ASSERT_EQ(sampler.n_rows(), 1050);
  EXPECT_EQ(sampler.n_columns(), static_cast<Index>(whole.columns.size()));
  for (Index first = 0; first < 1050; first += 41) {
    const Index count = std::min<Index>(41, 1050 - first);
    const auto chunk = sampler.rows(first, count);
    EXPECT_EQ(chunk.columns, whole.columns);
    EXPECT_EQ(chunk.truth, whole.truth);
    EXPECT_TRUE(chunk.values == whole.values.middleRows(first, count)) << "rows from " << first;
    EXPECT_TRUE(*chunk.label == whole.label->segment(first, count));
  }
}

TEST(GeneratorSpec, JsonHoldsTheResolvedSettings) {
  ParaboloidSpec spec;
  spec.n = 123;
  spec.seed = 4;
  spec.noise = 0.5;
  spec.embed_dim = 5;
  spec.cluster_fraction = 0.1;
  const auto j = spec.to_json();
  EXPECT_EQ(j["generator"], "paraboloid");
  EXPECT_EQ(j["n"], 123);
  EXPECT_EQ(j["seed"], 4);
  EXPECT_EQ(j["noise"], 0.5);
  EXPECT_EQ(j["embed_dim"], 5);
  EXPECT_EQ(j["cluster_fraction"], 0.1);
  EXPECT_EQ(j["cluster_events"], 12);
  EXPECT_EQ(j["r_max"], 2.0);
  EXPECT_EQ(j["r_hole"], 0.2);
  EXPECT_EQ(SphereSpec{}.to_json()["dim"], 2);
  EXPECT_EQ(TorusSpec{}.to_json()["minor_radius"], 1.0);
  EXPECT_EQ(DoubleConeSpec{}.to_json()["sampling"], "area");
  EXPECT_EQ(TrefoilSpec{}.to_json()["generator"], "trefoil");
  EXPECT_EQ(CircleSpec{}.to_json()["gap_width"], 0.0);
}

TEST(GeneratorSpec, StreamsOfEachStepAreDistinct) {
  EXPECT_EQ(sample_stream(StreamTag::event, 5), 5u);
  EXPECT_NE(sample_stream(StreamTag::cluster, 5), sample_stream(StreamTag::noise, 5));
  EXPECT_EQ(sample_stream(StreamTag::rotation, 0) >> 56, 4u);
}

}  // namespace
}  // namespace topae::data
