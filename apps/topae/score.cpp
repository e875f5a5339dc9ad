// topae score MODEL DATA -o SCORES
#include <fmt/core.h>

#include <array>
#include <future>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "topae/analysis/score_table.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/data/table_io.hpp"
#include "topae/nn/ensemble.hpp"

namespace topae::cli {

void add_score(CLI::App& app) {
  struct Options {
    std::string model;
    std::string data;
    std::string output;
    std::vector<std::string> keep;
    bool out_of_fold = false;
    data::ReadOptions read;
    data::WriteOptions write;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "score", fmt::format("Score events with a model: per event {}, {}, the latent code ({}, ...) and the "
                           "reconstruction ({})",
                           analysis::error_column, analysis::distance_column, analysis::latent_column(1),
                           analysis::reconstruction_column("<column>")));
  sub->add_option("MODEL", opt->model, "Model file written by topae train (one model or an ensemble: --seeds)")
      ->required();
  sub->add_option("DATA", opt->data, "Events to score (.csv or .h5)")->required();
  sub->add_option("-o,--output", opt->output, "Scores file to write (.csv or .h5)")->required();
  sub->add_option("--keep", opt->keep, "Input columns to copy into the output (truth, label and weight always are)")
      ->delimiter(',');
  sub->add_flag("--out-of-fold", opt->out_of_fold,
                "With a k-fold model (topae train --folds) and the table it was trained on: score every event with "
                "the member that did not see it (a 'fold' column says which); refuses any other table");
  add_read_options(*sub, opt->read);
  add_write_options(*sub, opt->write);
  add_common_options(*sub, opt->common);

  sub->callback([opt] {
    const int threads = apply_threads(opt->common);
    const InputGuard guard({opt->model, opt->data});
    check_output_path(opt->output);
    const auto ensemble = nn::load_ensemble(opt->model);
    analysis::ScoreSummary s;
    if (opt->out_of_fold) {
      // The very table the folds split, whole: it was trained on, so it fits in memory.
      const auto scores = analysis::out_of_fold_score_table(ensemble, data::read_table(opt->data, opt->read), opt->keep,
                                                            opt->data, opt->model);
      data::write_table(scores, opt->output, opt->write);
      s = analysis::summarize_scores(scores, opt->output);
    } else {
      // Chunk by chunk: memory does not grow with the number of events. With two threads or
      // more, writing the last chunk's scores and reading the next chunk (HDF5 is called from
      // one thread at a time) overlap scoring this one, which stays on one thread; two of
      // everything, so the other thread's chunk is never the one being scored.
      data::TableReader reader(opt->data, opt->read);
      std::optional<data::TableWriter> writer;
      std::array<std::optional<analysis::ModelScorer>, 2> scorers;
      if (ensemble.members.size() == 1)
        for (auto& scorer : scorers) scorer.emplace(ensemble.members.front(), opt->keep, opt->data, opt->model);
      std::array<data::Dataset, 2> chunks, ensemble_scores;
      const auto score = [&](std::size_t b) -> const data::Dataset& {
        if (scorers[b]) return scorers[b]->score(chunks[b]);
        return ensemble_scores[b] = analysis::ensemble_score_table(ensemble, chunks[b], opt->keep, opt->data, opt->model);
      };
      const auto write = [&](const data::Dataset* scores) {
        if (scores == nullptr) return;
        if (!writer) writer.emplace(opt->output, data::TableSchema::of(*scores), opt->write);
        writer->append(*scores);
      };
      analysis::ScoreAccumulator summary;
      const data::Dataset* unwritten = nullptr;
      bool more = reader.next(chunks[0]);
      for (std::size_t b = 0; more; b = 1 - b) {
        const auto io = [&, previous = unwritten, next = 1 - b] {
          write(previous);
          return reader.next(chunks[next]);
        };
        auto io_done = std::async(threads > 1 ? std::launch::async : std::launch::deferred, io);
        unwritten = &score(b);
        // The summary is only printed: --quiet spares its copy of the errors and their sort.
        if (!opt->common.quiet) summary.add(*unwritten, opt->output);
        more = io_done.get();
      }
      write(unwritten);
      if (!writer) throw InputError(opt->data, "no events left: " + reader.summary());
      writer->commit();
      if (!opt->common.quiet) s = summary.summary();
    }
    if (opt->common.quiet) return;

    const std::string what =
        opt->out_of_fold ? fmt::format("each by the member of {} that did not see it", ensemble.members.size())
        : ensemble.members.size() == 1 ? fmt::format("largest distance {:.4g}", *s.max_distance)
                                       : fmt::format("the median of {} members", ensemble.members.size());
    fmt::print("scored {} events: error median {:.4g}, 99% {:.4g}, max {:.4g}; {} -> {}\n", s.error.n, s.error.p50,
               s.error.p99, s.error.max, what, opt->output);
  });
}

}  // namespace topae::cli
