#include "topae/topology/verdict.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace topae::topology {

namespace {

std::string betti_text(const std::vector<std::optional<int>>& betti) {
  std::vector<std::string> parts;
  for (const auto& b : betti) parts.push_back(b ? std::to_string(*b) : "?");
  return fmt::format("b = {}", fmt::join(parts, ", "));
}

// The data needs `k` dimensions: "use --latent k" and, if it exists, the matched latent.
std::string remedy(int k, const std::string& geometry, int geometry_dim) {
  if (geometry == "euclidean") return fmt::format("use --latent {}.", k);
  return fmt::format("use --latent {}, or a {} latent (k = {}).", k, geometry, geometry_dim);
}

}  // namespace

nlohmann::json Verdict::to_json() const {
  return {{"min_latent_dim", min_latent_dim}, {"latent_geometry", latent_geometry}, {"shape", shape},
          {"argument", argument},             {"confident", confident},             {"summary", summary}};
}

Verdict audit_verdict(const VerdictInput& in) {
  const int d = std::max(1, in.dimension);
  const auto b = [&](int i) -> std::optional<int> {
    return i < static_cast<int>(in.betti.size()) ? in.betti[static_cast<std::size_t>(i)] : std::nullopt;
  };
  int computed = -1;  // homology known in dimensions 0..computed
  while (b(computed + 1)) ++computed;
  const std::string betti = betti_text(in.betti);

  Verdict v;
  std::vector<std::string> doubts;
  std::string sentence;
  if (in.singular_point) {
    v.min_latent_dim = d + 1;
    v.shape = fmt::format("{}-dimensional with a singular point", d);
    v.argument = "invariance of domain at a point without a d-dimensional neighbourhood";
    sentence = fmt::format(
        "Your data is {}-dimensional with a singular point, a place whose neighbourhood is not a {}-ball (like the "
        "apex of a double cone). A {}-dimensional latent space must tear it there; {}",
        d, d, d, remedy(d + 1, "euclidean", 0));
  } else if (d == 1 && b(1)) {
    if (*b(1) == 0) {
      v.min_latent_dim = 1;
      v.shape = "an arc";
      v.argument = "an arc embeds in R^1";
      sentence = fmt::format("Your data looks like an arc (dimension 1, no loop: {}). It fits in a 1-dimensional "
                             "latent space without a tear: --latent 1 is enough.", betti);
    } else if (*b(1) == 1) {
      v.min_latent_dim = 2;
      v.latent_geometry = "circle";
      v.shape = "a circle";
      v.argument = "a circle does not embed in R^1 (invariance of domain); Borsuk-Ulam for S^1";
      sentence = fmt::format("Your data looks like a circle (dimension 1, one loop: {}). A 1-dimensional latent space "
                             "must tear it; {}", betti, remedy(2, "circle", 1));
    } else {
      v.min_latent_dim = 2;
      v.shape = fmt::format("a graph with {} loops", *b(1));
      v.argument = "a loop does not embed in R^1; every graph embeds in R^3";
      sentence = fmt::format("Your data looks like a graph with {} loops (dimension 1, {}). A 1-dimensional latent "
                             "space must tear it; use --latent 2 if the graph is planar, --latent 3 always suffices.",
                             *b(1), betti);
      doubts.push_back("a graph with several loops fits in 2 dimensions only if it is planar, which homology "
                       "does not tell");
    }
  } else if (d == 2 && b(1) && b(2)) {
    if (*b(2) >= 1) {
      v.min_latent_dim = 3;
      v.argument = "a closed surface does not embed in R^2 (invariance of domain); closed orientable surfaces embed "
                   "in R^3";
      if (*b(1) == 0) {
        v.latent_geometry = "sphere";
        v.shape = "a 2-sphere";
        v.argument = "Borsuk-Ulam: every continuous map S^2 -> R^2 identifies two antipodal points";
      } else if (*b(1) == 2) {
        v.latent_geometry = "torus";
        v.shape = "a torus";
      } else {
        v.shape = fmt::format("a closed surface with {} handles", *b(1) / 2);
      }
      sentence = fmt::format("Your data looks like {} (dimension 2, {}). A 2-dimensional latent space must tear it; {}",
                             v.shape, betti, remedy(3, v.latent_geometry, 2));
    } else {
      v.min_latent_dim = 2;
      v.shape = *b(1) == 0   ? "a disc"
                : *b(1) == 1 ? "a surface with boundary and 1 hole"
                             : fmt::format("a surface with boundary and {} holes", *b(1));
      v.argument = "a planar surface with boundary embeds in R^2";
      sentence = fmt::format("Your data looks like {} (dimension 2, {}). It fits in a 2-dimensional latent space "
                             "without a tear: --latent 2 is enough.", v.shape, betti);
      if (*b(1) >= 1) {
        sentence += " (Homology over Z/2 does not tell an annulus from a Moebius band, which needs 3 dimensions; a "
                    "surface with handles and a boundary needs 3 too.)";
      }
    }
  } else if (in.antipodal.value_or(false)) {
    v.min_latent_dim = d + 1;
    v.latent_geometry = "sphere";
    v.shape = fmt::format("{}-dimensional with a free antipodal symmetry", d);
    v.argument = "Borsuk-Ulam, if the data is a d-sphere with that map as its antipodal map";
    sentence = fmt::format(
        "Your data is {}-dimensional and the map given as antipodal is a symmetry of it without fixed points. If "
        "it is a {}-sphere (as n-body phase space is), a latent space of dimension {} or less must tear it "
        "(Borsuk-Ulam); {}",
        d, d, d, remedy(d + 1, "sphere", d));
  } else {
    v.min_latent_dim = d;
    v.shape = fmt::format("{}-dimensional", d);
    v.argument = "a d-dimensional latent space is needed; every compact d-manifold embeds in R^(2d) (Whitney)";
    sentence = fmt::format("Your data is {}-dimensional: a latent space needs at least {} dimensions, and {} always "
                           "suffice for a compact manifold (Whitney); whether {} is enough depends on topology that "
                           "was not determined.",
                           d, d, 2 * d, d);
  }
  v.summary.push_back(sentence);

  if (b(0) && *b(0) > 1) {
    v.summary.push_back(fmt::format("The data falls into {} separate pieces; the verdict is for all of them together.",
                                    *b(0)));
  }
  if (in.antipodal && !*in.antipodal) {
    v.summary.push_back("The map given as antipodal is not a free symmetry of the data, so Borsuk-Ulam says nothing "
                        "here.");
  }
  if (!in.dimension_clear) doubts.push_back("the dimension estimates disagree (see the estimate against the scale)");
  if (!in.homology_clear) doubts.push_back("some persistence bars lie between noise and feature");
  if (!in.singular_point && in.singular_near_misses > 0) {
    doubts.push_back(fmt::format("{} event{} looked like a singular point, too few to be sure",
                                 in.singular_near_misses, in.singular_near_misses == 1 ? "" : "s"));
  } else if (!in.singular_point && in.noise_hides_singular_points) {
    doubts.push_back("the noise is too wide for the singular-point test to see one (it reaches an eighth of the "
                     "scale the test looks at)");
  }
  if (computed < d) {
    doubts.push_back(computed < 0 ? "homology was not computed"
                                  : fmt::format("homology was computed up to dimension {} only, not up to {}",
                                                computed, d));
  }
  v.confident = doubts.empty();
  if (!doubts.empty()) v.summary.push_back(fmt::format("Uncertain: {}.", fmt::join(doubts, "; ")));
  return v;
}

}  // namespace topae::topology
