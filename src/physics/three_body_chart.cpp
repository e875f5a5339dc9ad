#include "topae/physics/three_body_chart.hpp"

#include <fmt/format.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>

#include "topae/core/error.hpp"

namespace topae::physics {

namespace {
Eigen::Vector3d momentum(const FourVector& p) { return {p.px(), p.py(), p.pz()}; }
}  // namespace

ThreeBodyChart::ThreeBodyChart(std::span<const FourVector> event) {
  if (event.size() != 3) throw InputError(fmt::format("three-body chart: {} particles, not 3", event.size()));
  energy_ = event[0].e() + event[1].e() + event[2].e();
  const double x1 = 2 * event[0].e() / energy_, x2 = 2 * event[1].e() / energy_;
  // Barycentric weights of (x1, x2) on the corners (1,1), (1,0), (0,1).
  const double l1 = x1 + x2 - 1, l2 = 1 - x2, l3 = 1 - x1;
  if (!(l1 > 0 && l2 > 0 && l3 > 0)) {
    throw InputError(fmt::format("three-body chart: the event (x1 = {}, x2 = {}) is on the Dalitz boundary", x1, x2));
  }
  a_ = std::log(l1 / l3);
  b_ = std::log(l2 / l3);
  const Eigen::Vector3d p1 = momentum(event[0]), p2 = momentum(event[1]);
  const Eigen::Vector3d n = p1.cross(p2);
  if (!(n.norm() > 0)) throw InputError("three-body chart: the event is collinear");
  frame_.col(0) = p1.normalized();
  frame_.col(2) = n.normalized();
  frame_.col(1) = frame_.col(2).cross(frame_.col(0));
}

Eigen::VectorXd ThreeBodyChart::start() const {
  Eigen::VectorXd u = Eigen::VectorXd::Zero(5);
  u[0] = a_;
  u[1] = b_;
  return u;
}

std::array<FourVector, 3> ThreeBodyChart::event(const Eigen::VectorXd& u) const {
  // softmax(a, b, 0), shifted by the largest for stability.
  const double top = std::max({u[0], u[1], 0.0});
  const double e1 = std::exp(u[0] - top), e2 = std::exp(u[1] - top), e3 = std::exp(-top);
  const double sum = e1 + e2 + e3;
  const double x1 = (e1 + e2) / sum, x2 = (e1 + e3) / sum;
  const double E1 = x1 * energy_ / 2, E2 = x2 * energy_ / 2, E3 = energy_ - E1 - E2;
  // |p_3| = E_3 fixes the angle between p_1 and p_2.
  const double c = std::clamp((E3 * E3 - E1 * E1 - E2 * E2) / (2 * E1 * E2), -1.0, 1.0);
  const Eigen::Vector3d q1(E1, 0, 0), q2(E2 * c, E2 * std::sqrt(1 - c * c), 0);
  const Eigen::Vector3d w = u.tail<3>();
  const double angle = w.norm();
  const Eigen::Matrix3d rotation =
      angle > 0 ? Eigen::AngleAxisd(angle, w / angle).toRotationMatrix() : Eigen::Matrix3d::Identity();
  const Eigen::Matrix3d r = frame_ * rotation;
  const Eigen::Vector3d p1 = r * q1, p2 = r * q2, p3 = -(p1 + p2);
  return {FourVector(E1, p1.x(), p1.y(), p1.z()), FourVector(E2, p2.x(), p2.y(), p2.z()),
          FourVector(p3.norm(), p3.x(), p3.y(), p3.z())};
}

}  // namespace topae::physics
