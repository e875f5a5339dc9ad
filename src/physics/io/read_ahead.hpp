#pragma once
// ReadAhead: the events of an EventReader, read on a thread of their own ahead of the thread
// that uses them, so that reading (HepMC3's parsing: most of `topae features`' time) overlaps
// turning events into rows and writing them. The events travel in a fixed number of batches,
// full ones to the user and spent ones back to the reader, so memory stays constant.
//
// next() hands out the events in the file's order, as reader.next() would, and rethrows what
// the reader threw exactly where it threw it: after every event read before it.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "topae/physics/io/event_reader.hpp"

namespace topae::physics::io {

class ReadAhead {
 public:
  // Starts reading at once, at most `max_events` events (0: all). Until the ReadAhead is
  // destroyed, `reader` belongs to its thread: the user calls none of its members.
  ReadAhead(EventReader& reader, std::int64_t max_events);
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;
  // Stops the reader (within a batch) and waits for its thread.
  ~ReadAhead();

  // The next event (valid until the next call), or nullptr after the last one.
  const EventRecord* next();
  // reader.weight_names() as it was after the first event (call after next() gave one).
  const std::vector<std::string>& weight_names() const { return weight_names_; }
  // reader.bytes_read() after the batch of the last event handed out (for a progress bar).
  std::uintmax_t bytes_read() const;

 private:
  struct Batch {
    std::vector<EventRecord> events;  // the records, their vectors reused batch after batch
    std::size_t count = 0;            // how many hold events
    std::uintmax_t bytes_read = 0;    // reader.bytes_read() after the last of them
    bool last = false;                // no batch follows this one
    std::exception_ptr error;         // what the reader threw after those events
  };
  // Batches waiting for the other thread. close() makes pop() return nullptr at once.
  class Queue {
   public:
    explicit Queue(std::size_t capacity) { items_.reserve(capacity); }  // push never allocates
    void push(Batch* batch);
    Batch* pop();  // waits for a batch
    void close();

   private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<Batch*> items_;
    bool closed_ = false;
  };

  void read();  // the reader's thread

  EventReader& reader_;
  const std::int64_t max_events_;
  std::vector<Batch> batches_;
  Queue full_;   // reader -> user
  Queue spent_;  // user -> reader; closed when the user is done
  std::vector<std::string> weight_names_;  // written by the reader before the first batch goes out
  std::atomic<bool> stop_{false};          // the user is done: the reader stops between two events
  Batch* current_ = nullptr;               // the user's
  std::size_t index_ = 0;                  // of the next event in current_
  std::thread thread_;                     // last: starts once everything above is made
};

}  // namespace topae::physics::io
