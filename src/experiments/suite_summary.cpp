#include "topae/experiments/suite_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <stdexcept>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/json_file.hpp"
#include "topae/experiments/reproduce.hpp"

namespace topae::experiments {

namespace {

using nlohmann::json;

// One experiment's part of the summary.
struct Section {
  json experiment;
  json claims = json::array();
  const std::filesystem::path* dir;
  std::string seed_dir;  // "seed<S>" of the experiment's first seed

  // holds: true, false, or null when the run cannot judge it (one seed for a seed-to-seed claim).
  void claim(const std::string& property, const std::string& measured, const json& holds) {
    claims.push_back({{"experiment", experiment["name"]}, {"property", property}, {"measured", measured}, {"holds", holds}});
  }
  void number(const std::string& name, const std::string& value) {
    experiment["numbers"].push_back({{"name", name}, {"value", value}});
  }
  // Figures and snapshots are listed only if the run wrote them (an --only subset, a
  // failed gnuplot): the report never points at a missing file.
  void figure(const std::string& path, const std::string& caption) {
    if (std::filesystem::exists(*dir / path)) experiment["figures"].push_back({{"path", path}, {"caption", caption}});
  }
  void snapshots(const std::string& path, const std::string& caption, const std::string& color) {
    if (std::filesystem::exists(*dir / path)) {
      experiment["snapshots"].push_back({{"path", path}, {"caption", caption}, {"color", color}});
    }
  }
};

std::string fixed(double v, int digits = 3) { return fmt::format("{:.{}f}", v, digits); }

// Thrown when a claim's values are missing altogether (an empty list of runs): reported, as
// a missing key is, as a results.json that lacks what the summary needs.
struct NoValues : std::runtime_error {
  NoValues() : std::runtime_error("no runs to summarise") {}
};

const std::vector<double>& not_empty(const std::vector<double>& v) {
  if (v.empty()) throw NoValues();
  return v;
}

// "a-b" over the values (or "a" when they agree to the digits shown).
std::string span(const std::vector<double>& v, int digits = 3) {
  const auto [lo, hi] = std::minmax_element(not_empty(v).begin(), v.end());
  const std::string a = fixed(*lo, digits), b = fixed(*hi, digits);
  return a == b ? a : a + "-" + b;
}

template <typename F>
std::vector<double> collect(const json& runs, F&& value) {
  std::vector<double> out;
  for (const auto& r : runs) out.push_back(value(r));
  return out;
}

std::vector<double> of_latent(const json& runs, int k, const std::string& key) {
  std::vector<double> out;
  for (const auto& r : runs)
    if (r.at("latent").get<int>() == k) out.push_back(r.at(key).get<double>());
  return out;
}

double min_of(const std::vector<double>& v) { return *std::min_element(not_empty(v).begin(), v.end()); }
double max_of(const std::vector<double>& v) { return *std::max_element(not_empty(v).begin(), v.end()); }

void circle(const json& r, Section& s) {
  s.experiment["title"] = "Circle";
  s.experiment["text"] =
      "The unit circle cannot be mapped into a line without tearing it. With k = 1 every seed tears it somewhere, "
      "and the Borsuk-Ulam certificate proves that some point is reconstructed at least 1 away; with k = 2 the "
      "circle is reconstructed everywhere and the latent loop winds once.";
  const auto& k1 = r.at("by_latent").at("1");
  const auto& k2 = r.at("by_latent").at("2");
  const auto bounds = k1.at("borsuk_ulam_bound_per_seed").get<std::vector<double>>();
  const auto dist1 = k1.at("max_distance_per_seed").get<std::vector<double>>();
  const auto dist2 = k2.at("max_distance_per_seed").get<std::vector<double>>();
  const auto winding = k2.at("winding_numbers").get<std::vector<int>>();
  const int n = static_cast<int>(bounds.size());
  const double arc = k1.at("seam_spread").at("containing_arc").get<double>() * 180 / std::numbers::pi;
  s.claim("k = 1 must tear the circle: some point reconstructed >= 1 away (Borsuk-Ulam)",
          fmt::format("certificate {} on {} seed{}; largest distance {}", span(bounds), n, n == 1 ? "" : "s",
                      span(dist1, 2)),
          min_of(bounds) >= 0.9 && min_of(dist1) >= 0.95);
  s.claim("the tear's place depends on the seed", fmt::format("the seams of {} seeds span an arc of {:.0f} degrees", n, arc),
          n >= 2 ? json(arc > 30) : json(nullptr));
  const bool winds = std::all_of(winding.begin(), winding.end(), [](int w) { return std::abs(w) == 1; });
  s.claim("k = 2 reconstructs the whole circle; the latent loop winds once",
          fmt::format("largest distance {}; winding numbers all +-1: {}", span(dist2), winds ? "yes" : "no"),
          max_of(dist2) < 0.1 && winds);
  s.number("Borsuk-Ulam certificate, k = 1", span(bounds));
  s.number("largest reconstruction distance, k = 1", span(dist1));
  s.number("largest reconstruction distance, k = 2", span(dist2));
  s.number("arc containing the seams of all seeds (degrees)", fmt::format("{:.0f}", arc));
  s.figure("circle/reconstructions_k1.png", "Reconstructions at k = 1: the circle is mapped onto an arc, torn at the seam");
  s.figure("circle/error_vs_angle_k1.png", "Reconstruction error against the angle, k = 1, every seed");
  s.figure("circle/seam_angles_k1.png", "Where each seed tears the circle");
  s.figure("circle/latent_during_training_k1.png", "The latent code against the angle during training, k = 1");
  s.figure("circle/reconstructions_k2.png", "Reconstructions at k = 2");
  s.snapshots(fmt::format("circle/k1/{}/latent_snapshots.csv", s.seed_dir), "k = 1: z_1 against the angle", "theta");
  s.snapshots(fmt::format("circle/k2/{}/latent_snapshots.csv", s.seed_dir), "k = 2: the latent loop", "theta");
}

void offmanifold(const json& r, Section& s) {
  s.experiment["title"] = "Off-manifold loss map";
  s.experiment["text"] =
      "A k = 2 autoencoder of the unit circle scored over the square [-1, 1]^2. The loss is not a monotone "
      "function of the distance to the circle: points far from the data can look normal.";
  const auto& runs = r.at("runs");
  const auto decreases = collect(runs, [](const json& x) { return x.at("profile_decreases").get<double>(); });
  const auto rho = collect(runs, [](const json& x) { return x.at("rank_correlation_error_distance").get<double>(); });
  s.claim("the loss is not a monotone function of the distance to the circle",
          fmt::format("binned loss profile falls {} times; rank correlation {}", span(decreases, 0), span(rho, 2)),
          min_of(decreases) >= 1);
  s.number("rank correlation of loss and distance", span(rho, 2));
  s.figure(fmt::format("offmanifold/k2/{}/loss_map.png", s.seed_dir), "Loss over the square; the circle is the data");
}

void sphere(const json& r, Section& s) {
  s.experiment["title"] = "Sphere";
  s.experiment["text"] =
      "The unit 2-sphere at k = 2 must have an antipodal pair with one code (Borsuk-Ulam): a point is reconstructed "
      "at least 1 away. At k = 3 the sphere embeds and is reconstructed everywhere.";
  std::vector<double> bound, dist2;
  for (const auto& x : r.at("runs")) {
    if (x.at("latent") == 2) {
      bound.push_back(x.at("borsuk_ulam_refined").at("bound").get<double>());
      dist2.push_back(x.at("max_distance").get<double>());
    }
  }
  const auto dist3 = of_latent(r.at("runs"), 3, "max_distance");
  s.claim("k = 2 must tear the sphere: some point >= 1 away (Borsuk-Ulam)",
          fmt::format("certificate {}; largest distance {}", span(bound), span(dist2, 2)),
          min_of(bound) >= 0.9 && min_of(dist2) >= 0.95);
  s.claim("k = 3 reconstructs the whole sphere", fmt::format("largest distance {}", span(dist3)), max_of(dist3) < 0.15);
  s.number("Borsuk-Ulam certificate, k = 2", span(bound));
  s.figure(fmt::format("sphere/k2/{}/error_map.png", s.seed_dir), "Reconstruction distance over the sphere, k = 2");
  s.figure(fmt::format("sphere/k3/{}/error_map.png", s.seed_dir), "The same at k = 3");
  s.snapshots(fmt::format("sphere/k2/{}/latent_snapshots.csv", s.seed_dir), "k = 2", "theta");
}

void torus(const json& r, Section& s) {
  s.experiment["title"] = "Torus";
  s.experiment["text"] =
      "The torus does not embed in R^2 but does in R^3: at k = 2 the autoencoder tears it along seam curves, at "
      "k = 3 it reconstructs it.";
  const auto e2 = of_latent(r.at("runs"), 2, "max_error"), e3 = of_latent(r.at("runs"), 3, "max_error");
  const double ratio = min_of(e2) / max_of(e3);
  s.claim("k = 2 tears the torus; k = 3 does not",
          fmt::format("largest error {} at k = 2, {} at k = 3", span(e2, 2), span(e3, 5)), ratio >= 5);
  s.number("largest error k = 2 over k = 3 (worst case over seeds)", fmt::format("{:.3g}", ratio));
  s.figure(fmt::format("torus/k2/{}/error_map.png", s.seed_dir), "Error over the torus's angles, k = 2: the seams");
  s.figure(fmt::format("torus/k3/{}/error_map.png", s.seed_dir), "The same at k = 3");
}

void double_cone(const json& r, Section& s) {
  s.experiment["title"] = "Double cone";
  s.experiment["text"] =
      "Two cone sheets joined at the apex: contractible, yet not embeddable in R^2 (invariance of domain at the "
      "apex). At k = 2 the error concentrates at the apex; sampling the apex more densely moves it out to the sheets.";
  std::vector<double> area_ratio, height_ratio;
  for (const auto& [sampling, out] : {std::pair{"area", &area_ratio}, std::pair{"height", &height_ratio}}) {
    for (const auto& x : r.at("by_sampling").at(sampling).at("runs")) {
      if (x.at("latent") == 2) out->push_back(x.at("mean_error_apex").get<double>() / x.at("mean_error_sheets").get<double>());
    }
  }
  s.claim("k = 2 (uniform in area): the error concentrates at the apex",
          fmt::format("mean error near the apex / on the sheets: {}", span(area_ratio, 1)), min_of(area_ratio) >= 3);
  s.number("apex / sheet error, denser apex sampling", span(height_ratio, 2));
  s.figure(fmt::format("double-cone/area/k2/{}/error_vs_height.png", s.seed_dir), "Error against height, uniform in area");
  s.figure(fmt::format("double-cone/height/k2/{}/error_vs_height.png", s.seed_dir), "The same, uniform in height");
}

void gap(const json& r, Section& s) {
  s.experiment["title"] = "Gaps are filled in";
  s.experiment["text"] =
      "Networks interpolate: points in a hole of the training data are reconstructed almost as well as the data, "
      "so an anomaly there is missed, while points off the surface are caught.";
  const auto& p = r.at("paraboloid").at("runs");
  const auto centre = collect(p, [](const json& x) { return x.at("flagged_centre").get<double>(); });
  const auto off = collect(p, [](const json& x) { return x.at("flagged_off").get<double>(); });
  s.claim("paraboloid, k = 2: the excised centre is reconstructed like the data, off-surface points are not",
          fmt::format("flagged at the 1 % threshold: centre {}, off the surface {}", span(centre, 2), span(off, 2)),
          max_of(centre) < 0.5 && min_of(off) > 0.95);
  const auto& a = r.at("arc").at("runs");
  const auto arc_gap = collect(a, [](const json& x) { return x.at("flagged_gap").get<double>(); });
  s.claim("circle with an arc removed, k = 1: the missing arc is reconstructed like the data",
          fmt::format("flagged in the missing arc: {} (the arc's ends sit at the ends of the latent interval: the "
                      "gap is extrapolated, not interpolated)",
                      span(arc_gap, 2)),
          max_of(arc_gap) < 0.5);
  s.figure(fmt::format("gap/paraboloid/k2/{}/error_map.png", s.seed_dir), "Error over the disk; the centre was excised");
}

void extrinsic(const json& r, Section& s) {
  s.experiment["title"] = "Embeddings";
  s.experiment["text"] =
      "One circle embedded three ways. The embedding, not only the intrinsic topology, decides the latent dimension "
      "needed: the trefoil knot still tears at k = 2 and is reconstructed at k = 3.";
  const auto& t = r.at("by_embedding").at("trefoil").at("runs");
  const auto t2 = of_latent(t, 2, "max_distance"), t3 = of_latent(t, 3, "max_distance");
  s.claim("trefoil knot: k = 2 still tears, k = 3 does not",
          fmt::format("largest distance {} at k = 2, {} at k = 3", span(t2, 2), span(t3)),
          min_of(t2) >= 0.5 && max_of(t3) < 0.15);
  const auto p2 = of_latent(r.at("by_embedding").at("planar").at("runs"), 2, "max_distance");
  s.number("planar circle, largest distance at k = 2", span(p2));
  s.figure("extrinsic/trefoil/error_k2.png", "Trefoil, k = 2: error along the curve");
  s.figure("extrinsic/trefoil/error_k3.png", "Trefoil, k = 3");
  s.figure("extrinsic/arc/error_k1.png", "Nearly closed arc, k = 1");
}

void phase_space(const json& r, Section& s) {
  s.experiment["title"] = "Three-body phase space";
  s.experiment["text"] =
      "Massless three-body phase space is a 5-sphere in the four-momenta. At k = 5 Borsuk-Ulam forces an event and "
      "its parity image onto one code, so one of them is reconstructed at least |x - Ax| / 2 away; the search over "
      "phase space finds such a pair. From the invariants s_ij (a triangle), the loss is highest at the corners, "
      "the soft limits, and reconstructions leave the triangle.";
  std::vector<double> ratio5, ratio6, corner_enrichment, outside;
  for (const auto& x : r.at("runs")) {
    if (x.at("features") == "momenta") {
      const double q = x.at("borsuk_ulam").at("bound_over_floor").get<double>();
      (x.at("latent") == 5 ? ratio5 : ratio6).push_back(q);
      outside.push_back(x.at("reconstructions_outside_triangle").get<double>());
    } else {
      const auto& c = x.at("worst").at("corner");
      corner_enrichment.push_back(c.at("share_of_worst").get<double>() / c.at("share_of_all").get<double>());
    }
  }
  if (!ratio5.empty()) {
    s.claim("momenta, k = 5: the parity certificate reaches the floor min |x - Ax| / 2",
            fmt::format("certificate / floor {}", span(ratio5)), min_of(ratio5) >= 0.9);
  }
  if (!corner_enrichment.empty()) {
    s.claim("invariants, k = 2: the worst-reconstructed events sit in the corners (soft limits)",
            fmt::format("corners hold the worst 1 % {} times as often as events", span(corner_enrichment, 0)),
            min_of(corner_enrichment) >= 10);
  }
  if (!ratio6.empty()) s.number("momenta, k = 6: certificate / floor (nothing forces it)", span(ratio6));
  if (!outside.empty()) s.number("momenta: reconstructions outside the kinematic triangle", span(outside));
  s.figure(fmt::format("phase-space/invariants/k2/{}/dalitz_loss.png", s.seed_dir), "Loss over the Dalitz plane, invariants, k = 2");
  s.figure(fmt::format("phase-space/momenta/k5/{}/dalitz_loss.png", s.seed_dir), "Loss over the Dalitz plane, momenta, k = 5");
  s.figure(fmt::format("phase-space/momenta/k5/{}/dalitz_reconstruction.png", s.seed_dir),
           "Reconstructions in the Dalitz plane, momenta, k = 5");
  s.figure(fmt::format("phase-space/momenta/k6/{}/dalitz_loss.png", s.seed_dir), "Loss over the Dalitz plane, momenta, k = 6");
  s.snapshots(fmt::format("phase-space/momenta/k5/{}/latent_snapshots.csv", s.seed_dir), "momenta, k = 5", "m_12");
}

void bump_hunt(const json& r, Section& s) {
  s.experiment["title"] = "Bump hunt";
  s.experiment["text"] =
      "A resonance in m_12 is an over-density on phase space, not a point off it: the error does not see it (AUC "
      "near 0.5), and cutting on the error throws the bump away and sculpts the background. An off-manifold "
      "contrast (particle 3 with a mass) is caught.";
  const auto& runs = r.at("runs");
  const auto auc = collect(runs, [](const json& x) { return x.at("auc_resonance").get<double>(); });
  const auto contrast = collect(runs, [](const json& x) { return x.at("auc_contrast").get<double>(); });
  double worst_gain = -std::numeric_limits<double>::infinity();
  for (const auto& x : runs) {
    const auto& cuts = x.at("cuts");
    const double before = cuts.at(0).at("local_z").get<double>();
    for (std::size_t c = 1; c < cuts.size(); ++c) {
      if (cuts[c].contains("local_z")) worst_gain = std::max(worst_gain, cuts[c]["local_z"].get<double>() - before);
    }
  }
  s.claim("the resonance is invisible to the error: AUC near 0.5", fmt::format("AUC {}", span(auc)),
          min_of(auc) > 0.35 && max_of(auc) < 0.65);
  s.claim("no cut on the error raises the bump's significance much",
          fmt::format("largest gain in local significance over the uncut spectrum: {:+.1f} sigma", worst_gain),
          worst_gain < 1.0);
  s.claim("the off-manifold contrast is caught", fmt::format("AUC {}", span(contrast)), min_of(contrast) >= 0.9);
  // Sculpting: the JSD of the background's m_12 shape after keeping 10 %, against what a
  // random 10 % gives from fluctuations alone, (bins - 1) / (8 ln 2) (1 / n_kept - 1 / n).
  const auto& config = r.at("config");
  const double n_background =
      config.at("events").get<double>() * (1 - config.at("signal_fraction").get<double>());
  std::vector<double> excess;
  for (const auto& x : runs) {
    for (const auto& c : x.at("cuts")) {
      if (c.at("cut") != "q0.9") continue;
      const double kept = c.at("background_efficiency").get<double>() * n_background;
      const double noise = (config.at("bins").get<double>() - 1) / (8 * std::log(2.0)) * (1 / kept - 1 / n_background);
      excess.push_back(c.at("background_sculpting_jsd").get<double>() / noise);
    }
  }
  if (!excess.empty()) {
    s.claim("cutting on the error sculpts the background's m_12 spectrum",
            fmt::format("JSD after keeping the top 10 %: {} times a random 10 %'s", span(excess, 0)),
            min_of(excess) > 3);
  }
  const auto& first = runs.at(0).at("cuts");
  s.number("local significance before any cut", fixed(first.at(0).at("local_z").get<double>(), 2));
  for (const auto& c : first) {
    if (c.at("cut") != "none") {
      s.number(fmt::format("background sculpting (JSD), cut {}", c.at("cut").get<std::string>()),
               fmt::format("{:.3g}", c.at("background_sculpting_jsd").get<double>()));
    }
  }
  const std::string m = fmt::format("bump-hunt/data/k5/{}/", s.seed_dir);
  s.figure(m + "error_histograms.png", "Error of background, resonance and contrast events (trained on data)");
  s.figure(m + "roc_resonance.png", "Background rejection against signal efficiency, resonance");
  s.figure(m + "roc_contrast.png", "The same for the off-manifold contrast");
  s.figure(m + "bumphunt_resonance/mass_none.png", "m_12 of the data with BumpHunter's window, no cut");
  s.figure(m + "bumphunt_resonance/mass_q0.9.png", "m_12 of the 10 % highest-error events");
  s.figure(m + "bumphunt_contrast/mass_q0.99.png", "The contrast data, 1 % highest-error events");
}

// Every builder, by experiment name.
const std::map<std::string, void (*)(const json&, Section&)>& builders() {
  static const std::map<std::string, void (*)(const json&, Section&)> b = {
      {"circle", circle}, {"offmanifold", offmanifold}, {"sphere", sphere},       {"double-cone", double_cone},
      {"gap", gap},       {"extrinsic", extrinsic},     {"torus", torus},         {"phase-space", phase_space},
      {"bump-hunt", bump_hunt}};
  return b;
}

// The command that reruns one experiment alone with the suite's settings.
std::string command(const std::string& name, const json& config, const std::string& output) {
  const auto& t = config.at("training");
  const auto seeds = t.at("seeds").get<std::vector<std::uint64_t>>();
  std::string c = fmt::format("topae experiment {}", name);
  if (name != "bump-hunt") c += fmt::format(" --n {}", t.at("n").get<long long>());
  return c + fmt::format(" --epochs {} --seeds {} --seed {} -o {}/{}", t.at("epochs").get<int>(), seeds.size(),
                         seeds.front(), output, name);
}

}  // namespace

json suite_summary(const json& results, const std::filesystem::path& dir) {
  json experiments = json::array(), claims = json::array();
  const std::string output = results.at("config").at("output").get<std::string>();
  // In the suite's order, not the JSON object's (alphabetical) one.
  for (const auto& name : suite_experiments()) {
    if (!results.at("experiments").contains(name)) continue;
    const json& r = results["experiments"][name];
    const auto seeds = r.at("config").at("training").at("seeds").get<std::vector<std::uint64_t>>();
    if (seeds.empty()) {
      throw InputError(fmt::format("{}: experiment '{}': key 'config.training.seeds' is empty",
                                   (dir / "results.json").string(), name));
    }
    Section s{{{"name", name},
               {"command", command(name, r.at("config"), output)},
               {"seconds", results.at("seconds").at(name)},
               {"numbers", json::array()},
               {"figures", json::array()},
               {"snapshots", json::array()}},
              json::array(),
              &dir,
              fmt::format("seed{}", seeds.front())};
    try {
      builders().at(name)(r, s);
    } catch (const json::exception& e) {
      throw InputError(fmt::format("{}: experiment '{}' lacks a result the summary needs ({})",
                                   (dir / "results.json").string(), name, e.what()));
    } catch (const NoValues& e) {
      throw InputError(fmt::format("{}: experiment '{}' lacks a result the summary needs ({})",
                                   (dir / "results.json").string(), name, e.what()));
    }
    experiments.push_back(std::move(s.experiment));
    for (auto& c : s.claims) claims.push_back(std::move(c));
  }
  const bool full = results.at("config").value("full", false);
  // The run's settings, then every experiment's resolved configuration (seeds included).
  json config = results.at("config");
  for (const auto& [name, r] : results.at("experiments").items()) config["experiments"][name] = r.at("config");
  return {{"title", fmt::format("topae reproduce: {} suite", full ? "full" : "quick")},
          {"topae_version", results.at("topae_version")},
          {"total_seconds", results.at("total_seconds")},
          {"config", config},
          {"claims", claims},
          {"experiments", experiments}};
}

json write_suite_summary(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw InputError(dir, "no such folder");
  const auto path = dir / "results.json";
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError(path, fmt::format("no such file (run topae reproduce -o {} first)", dir.string()));
  }
  const auto results = read_json_file(path);
  json summary;
  try {
    summary = suite_summary(results, dir);
  } catch (const json::exception& e) {
    throw InputError(path, std::string("not the results of topae reproduce: ") + e.what());
  }
  write_text_atomically(dir / "summary.json", summary.dump(2) + "\n");
  return summary;
}

}  // namespace topae::experiments
