#pragma once
// The circle of radius R in R^2, uniform in angle, optionally with an arc removed: columns
// x, y and the truth column theta (the angle in [0, 2 pi) at which the point was drawn).
//
// The gap is the open arc of `gap_width` radians centred at angle `gap_centre`; the points
// are uniform in angle over the remaining closed arc. gap_width = 0 is the full circle (a
// closed 1-manifold: no embedding in R^1); any gap leaves an interval, which embeds in R^1.
// "topae generate arc" is this circle with gap_width = kArcGap (arc_spec()).
//
// The common options of SampleSpec (noise, embed_dim, cluster) apply (manifold.hpp).
#include <nlohmann/json_fwd.hpp>
#include <numbers>

#include "topae/data/dataset.hpp"
#include "topae/data/generators/manifold.hpp"

namespace topae::data {

struct CircleSpec : SampleSpec {
  double radius = 1.0;                     // --radius
  double gap_width = 0.0;                  // --gap-width: radians removed, in [0, 2 pi)
  double gap_centre = std::numbers::pi;    // --gap-centre: angle of the gap's middle

  void validate() const;
  nlohmann::json to_json() const;
};

// The default gap of the nearly closed arc, in radians.
inline constexpr double kArcGap = 0.3;
// A CircleSpec with gap_width = kArcGap.
CircleSpec arc_spec();

// The circle's geometry (one uniform per point), for sample() and cluster_centre().
Manifold circle_manifold(const CircleSpec& spec);

// Event i is drawn from RandomStream(seed, i): the same events for any thread count.
Dataset generate_circle(const CircleSpec& spec);

}  // namespace topae::data
