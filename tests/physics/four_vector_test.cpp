#include "topae/physics/four_vector.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace topae::physics {
namespace {

TEST(PhysicsFourVector, KinematicQuantities) {
  const FourVector p(10, 3, 4, 5);
  EXPECT_DOUBLE_EQ(p.p2(), 50);
  EXPECT_DOUBLE_EQ(p.m2(), 50);
  EXPECT_DOUBLE_EQ(p.m(), std::sqrt(50.0));
  EXPECT_DOUBLE_EQ(p.pt(), 5);
  EXPECT_DOUBLE_EQ(p.phi(), std::atan2(4.0, 3.0));
  EXPECT_DOUBLE_EQ(p.rapidity(), 0.5 * std::log(15.0 / 5.0));
  EXPECT_DOUBLE_EQ(p.pseudorapidity(), std::asinh(1.0));
  EXPECT_EQ(p.parity(), FourVector(10, -3, -4, -5));
  EXPECT_DOUBLE_EQ(FourVector(1, 0, 0, 2).m(), -std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(p.dot(p), p.m2());
}

TEST(PhysicsFourVector, BoostToAFrameAndBackReturnsTheVectorAndKeepsTheMass) {
  const FourVector frames[] = {{5, 1, -2, 3}, {1e3, 0, 0, 999.9}, {2, 0, 0, 0}, {7, -3, 0.5, -1}};
  const FourVector vectors[] = {{10, 3, 4, 5}, {1, 0, 0, 1}, {3, -1, 2, 0.5}};
  for (const auto& f : frames) {
    // The frame itself comes to rest.
    const FourVector r = f.to_rest_frame(f);
    EXPECT_NEAR(r.e(), f.m(), 1e-12 * f.e());
    EXPECT_NEAR(std::sqrt(r.p2()), 0, 1e-9 * f.e());
    for (const auto& v : vectors) {
      const FourVector w = v.to_rest_frame(f);
      const FourVector back = w.from_rest_frame(f);
      const double scale = v.e() * f.e() / f.m();
      EXPECT_NEAR(back.e(), v.e(), 1e-12 * scale);
      EXPECT_NEAR(back.px(), v.px(), 1e-12 * scale);
      EXPECT_NEAR(back.py(), v.py(), 1e-12 * scale);
      EXPECT_NEAR(back.pz(), v.pz(), 1e-12 * scale);
      EXPECT_NEAR(w.m2(), v.m2(), 1e-10 * scale * scale);
      // Lorentz invariance of the product with the frame: v.f = m_f * (v's energy at rest in f).
      EXPECT_NEAR(w.e() * f.m(), v.dot(f), 1e-10 * scale * f.m());
    }
  }
}

}  // namespace
}  // namespace topae::physics
