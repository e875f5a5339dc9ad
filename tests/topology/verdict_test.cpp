#include "topae/topology/verdict.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace topae::topology {
namespace {

VerdictInput input(int d, std::vector<std::optional<int>> betti) {
  VerdictInput in;
  in.dimension = d;
  in.betti = std::move(betti);
  return in;
}

TEST(AuditVerdict, ClosedManifoldsNeedOneMoreDimensionAndTheirOwnLatent) {
  struct Case {
    int d;
    std::vector<std::optional<int>> betti;
    int min_latent;
    const char* geometry;
    const char* shape;
  };
  for (const Case& c : {Case{1, {1, 1}, 2, "circle", "a circle"},
                        Case{2, {1, 0, 1}, 3, "sphere", "a 2-sphere"},
                        Case{2, {1, 2, 1}, 3, "torus", "a torus"},
                        Case{2, {1, 4, 1}, 3, "euclidean", "a closed surface with 2 handles"}}) {
    const Verdict v = audit_verdict(input(c.d, c.betti));
    EXPECT_EQ(v.min_latent_dim, c.min_latent) << c.shape;
    EXPECT_EQ(v.latent_geometry, c.geometry) << c.shape;
    EXPECT_EQ(v.shape, c.shape);
    EXPECT_TRUE(v.confident) << c.shape;
    ASSERT_EQ(v.summary.size(), 1u) << c.shape;
    EXPECT_NE(v.summary[0].find(fmt::format("use --latent {}", c.min_latent)), std::string::npos) << v.summary[0];
  }
}

TEST(AuditVerdict, ManifoldsWithBoundaryFitTheirOwnDimension) {
  EXPECT_EQ(audit_verdict(input(1, {1, 0})).min_latent_dim, 1);
  EXPECT_EQ(audit_verdict(input(2, {1, 0, 0})).min_latent_dim, 2);
  const Verdict annulus = audit_verdict(input(2, {1, 1, 0}));
  EXPECT_EQ(annulus.min_latent_dim, 2);
  EXPECT_EQ(annulus.latent_geometry, "euclidean");
  EXPECT_NE(annulus.summary[0].find("Moebius"), std::string::npos) << "the orientation caveat is stated";
}

TEST(AuditVerdict, ASingularPointForcesOneMoreDimensionWhateverTheHomology) {
  VerdictInput cone = input(2, {1, 0, 0});
  cone.singular_point = true;
  const Verdict v = audit_verdict(cone);
  EXPECT_EQ(v.min_latent_dim, 3);
  EXPECT_NE(v.summary[0].find("singular point"), std::string::npos);
}

TEST(AuditVerdict, HighDimensionalDataIsNeverConfident) {
  VerdictInput sphere5 = input(5, {1, 0, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  sphere5.antipodal = true;
  const Verdict v = audit_verdict(sphere5);
  EXPECT_EQ(v.min_latent_dim, 6);
  EXPECT_EQ(v.latent_geometry, "sphere");
  EXPECT_FALSE(v.confident);
  EXPECT_NE(v.summary.back().find("up to dimension 1 only"), std::string::npos) << v.summary.back();

  sphere5.antipodal = false;  // no symmetry: only the dimension is known
  const Verdict plain = audit_verdict(sphere5);
  EXPECT_EQ(plain.min_latent_dim, 5);
  EXPECT_EQ(plain.latent_geometry, "euclidean");
  EXPECT_FALSE(plain.confident);
}

TEST(AuditVerdict, DoubtsMakeItUncertainAndAreNamed) {
  VerdictInput circle = input(1, {1, 1});
  circle.dimension_clear = false;
  Verdict v = audit_verdict(circle);
  EXPECT_FALSE(v.confident);
  EXPECT_EQ(v.min_latent_dim, 2) << "the best guess is still given";
  EXPECT_NE(v.summary.back().find("dimension estimates disagree"), std::string::npos);

  circle.dimension_clear = true;
  circle.homology_clear = false;
  v = audit_verdict(circle);
  EXPECT_FALSE(v.confident);
  EXPECT_NE(v.summary.back().find("between noise and feature"), std::string::npos);

  v = audit_verdict(input(1, {}));  // no homology at all
  EXPECT_FALSE(v.confident);
  EXPECT_NE(v.summary.back().find("not computed"), std::string::npos);
}

TEST(AuditVerdict, ASingularPointThatCouldBeMissedMakesItUncertain) {
  VerdictInput plane = input(2, {1, 0, 0});
  EXPECT_TRUE(audit_verdict(plane).confident);
  plane.singular_near_misses = 2;
  Verdict v = audit_verdict(plane);
  EXPECT_FALSE(v.confident);
  EXPECT_EQ(v.min_latent_dim, 2) << "two events are not a singular point";
  EXPECT_NE(v.summary.back().find("2 events looked like a singular point"), std::string::npos);

  plane.singular_near_misses = 0;
  plane.noise_hides_singular_points = true;
  v = audit_verdict(plane);
  EXPECT_FALSE(v.confident);
  EXPECT_NE(v.summary.back().find("noise is too wide"), std::string::npos);

  plane.singular_point = true;  // found all the same: nothing was missed
  v = audit_verdict(plane);
  EXPECT_TRUE(v.confident);
  EXPECT_EQ(v.min_latent_dim, 3);
}

TEST(AuditVerdict, SeveralPiecesAreSaid) {
  const Verdict v = audit_verdict(input(1, {2, 2}));
  EXPECT_EQ(v.min_latent_dim, 2);
  EXPECT_NE(v.summary[1].find("2 separate pieces"), std::string::npos);
}

}  // namespace
}  // namespace topae::topology
