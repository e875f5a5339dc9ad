#include "read_ahead.hpp"

namespace topae::physics::io {

namespace {

// Four batches: one being read, one being used, two to spare for uneven events. A batch is
// full at 1024 events (a few ms of HepMC3's parsing, so the queues are rarely touched) or at
// 2^16 particles (2.6 MB of Particles), so that large events do not make large batches.
constexpr std::size_t kBatches = 4;
constexpr std::size_t kBatchEvents = 1024;
constexpr std::size_t kBatchParticles = std::size_t{1} << 16;

}  // namespace

void ReadAhead::Queue::push(Batch* batch) {
  {
    const std::lock_guard lock(mutex_);
    items_.push_back(batch);
  }
  ready_.notify_one();
}

ReadAhead::Batch* ReadAhead::Queue::pop() {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [this] { return closed_ || !items_.empty(); });
  if (closed_) return nullptr;
  Batch* batch = items_.front();
  items_.erase(items_.begin());
  return batch;
}

void ReadAhead::Queue::close() {
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

ReadAhead::ReadAhead(EventReader& reader, std::int64_t max_events)
    : reader_(reader), max_events_(max_events), batches_(kBatches), full_(kBatches), spent_(kBatches) {
  for (auto& batch : batches_) {
    batch.events.resize(kBatchEvents);
    spent_.push(&batch);
  }
  thread_ = std::thread([this] { read(); });
}

ReadAhead::~ReadAhead() {
  stop_.store(true, std::memory_order_relaxed);
  spent_.close();
  thread_.join();
}

void ReadAhead::read() {
  std::int64_t read = 0;
  while (Batch* batch = spent_.pop()) {
    batch->count = 0;
    std::size_t particles = 0;
    // Standard output muted once for the batch, not around each event (event_reader.hpp).
    reader_.keep_stdout_muted(true);
    struct Unmute {
      EventReader& reader;
      ~Unmute() { reader.keep_stdout_muted(false); }
    } unmute{reader_};
    // Everything the reader throws goes to the user, with the events read before it.
    try {
      while (batch->count < kBatchEvents && particles < kBatchParticles) {
        if (stop_.load(std::memory_order_relaxed)) return;
        // The same test, in the same order, as the loop on one thread: no event is read past
        // --max-events (nor an error in it reported).
        if ((max_events_ > 0 && read >= max_events_) || !reader_.next(batch->events[batch->count])) {
          batch->last = true;
          break;
        }
        if (read++ == 0) weight_names_ = reader_.weight_names();
        particles += batch->events[batch->count++].particles.size();
      }
    } catch (...) {
      batch->error = std::current_exception();
      batch->last = true;
    }
    batch->bytes_read = reader_.bytes_read();
    const bool last = batch->last;
    full_.push(batch);  // after this, the batch is the user's
    if (last) return;
  }
}

const EventRecord* ReadAhead::next() {
  while (current_ == nullptr || index_ == current_->count) {
    if (current_ != nullptr) {
      if (current_->error) std::rethrow_exception(current_->error);
      if (current_->last) return nullptr;
      spent_.push(current_);
    }
    current_ = full_.pop();
    index_ = 0;
  }
  return &current_->events[index_++];
}

std::uintmax_t ReadAhead::bytes_read() const { return current_ != nullptr ? current_->bytes_read : 0; }

}  // namespace topae::physics::io
