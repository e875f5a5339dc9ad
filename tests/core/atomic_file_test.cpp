#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"

namespace topae {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public test::TempDirTest {
 protected:
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir()), fs::directory_iterator()));
  }
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Expects f() to throw InputError whose message holds every one of `parts`.
template <typename F>
void expect_input_error(F f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    for (const auto& part : parts) EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST_F(AtomicFileTest, CommitRenamesAndCreatesMissingFolders) {
  write_text_atomically(dir() / "a" / "b.txt", "hello\n");
  std::ifstream in(dir() / "a" / "b.txt");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "hello");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir() / "a"), fs::directory_iterator()), 1);
}

TEST_F(AtomicFileTest, NoCommitLeavesNothingAndKeepsTheOldFile) {
  write_text_atomically(dir() / "x.txt", "old");
  {
    AtomicFile file(dir() / "x.txt");
    std::ofstream(file.temp_path()) << "half-written";
  }  // an exception would leave here without commit()
  EXPECT_EQ(std::distance(fs::directory_iterator(dir()), fs::directory_iterator()), 1);
  std::ifstream in(dir() / "x.txt");
  std::string s;
  in >> s;
  EXPECT_EQ(s, "old");
}

TEST_F(AtomicFileTest, UnwritableTargetIsAnInputErrorNamingIt) {
  write_text_atomically(dir() / "file", "x");
  try {
    write_text_atomically(dir() / "file" / "inside.txt", "y");  // a folder that is a file
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("inside.txt"), std::string::npos) << e.what();
  }
}

TEST_F(AtomicFileTest, AFifoAtTheTargetIsRefusedAndStaysAFifo) {
  const auto fifo = dir() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  expect_input_error([&] { write_text_atomically(fifo, "x"); }, {fifo.string(), "FIFO"});
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFileTest, AFolderAtTheTargetIsRefused) {
  fs::create_directory(dir() / "sub");
  expect_input_error([&] { write_text_atomically(dir() / "sub", "x"); }, {"sub", "folder"});
  EXPECT_TRUE(fs::is_directory(dir() / "sub"));
}

TEST_F(AtomicFileTest, ACharacterDeviceIsWrittenDirectlyAndStaysADevice) {
  write_text_atomically("/dev/null", "into the void\n");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_TRUE(is_character_device("/dev/null"));
  EXPECT_FALSE(is_character_device(dir()));
}

TEST_F(AtomicFileTest, AFullDeviceIsAnErrorNamingIt) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  expect_input_error([&] { write_text_atomically("/dev/full", "x"); }, {"/dev/full", "space"});
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

TEST_F(AtomicFileTest, ASymlinkAtTheTargetIsFollowedAndKept) {
  write_text_atomically(dir() / "real.txt", "old");
  fs::create_symlink("real.txt", dir() / "link.txt");
  write_text_atomically(dir() / "link.txt", "new");
  EXPECT_TRUE(fs::is_symlink(dir() / "link.txt"));
  EXPECT_EQ(read_all(dir() / "real.txt"), "new");
  EXPECT_EQ(entries(), 2u);
}

TEST_F(AtomicFileTest, AReplacedFileKeepsItsPermissions) {
  write_text_atomically(dir() / "x.txt", "old");
  fs::permissions(dir() / "x.txt", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  write_text_atomically(dir() / "x.txt", "new");
  EXPECT_EQ(fs::status(dir() / "x.txt").permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST_F(AtomicFileTest, TheTemporaryFileIsNotAtAPredictableNameAndNeverFollowsALink) {
  // The old writer used TARGET.tmp.<pid>; a link planted there must not be written through.
  const auto victim = dir() / "victim.txt";
  write_text_atomically(victim, "precious");
  fs::create_symlink(victim, dir() / ("out.txt.tmp." + std::to_string(::getpid())));
  {
    AtomicFile file(dir() / "out.txt");
    EXPECT_EQ(file.temp_path().string().find("out.txt.tmp."), std::string::npos) << file.temp_path();
    std::ofstream(file.temp_path()) << "output";
    file.commit();
  }
  EXPECT_EQ(read_all(victim), "precious");
  EXPECT_FALSE(fs::is_symlink(dir() / "out.txt"));
  EXPECT_EQ(read_all(dir() / "out.txt"), "output");
}

TEST_F(AtomicFileTest, NamedTemporariesLieBesideTheTargetUntilCommitted) {
  AtomicFile file(dir() / "fig.png", AtomicFile::Temporary::named);
  EXPECT_EQ(file.temp_path().parent_path(), dir());
  EXPECT_TRUE(fs::is_regular_file(file.temp_path()));
  std::ofstream(file.temp_path()) << "png";
  file.commit();
  EXPECT_EQ(read_all(dir() / "fig.png"), "png");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFileTest, AGuardedInputIsRefusedUnderEverySpelling) {
  const auto input = dir() / "in.csv";
  write_text_atomically(input, "x,y\n1,2\n");
  fs::create_hard_link(input, dir() / "hard.csv");
  fs::create_symlink(input, dir() / "soft.csv");
  {
    const InputGuard guard({input});
    for (const auto& spelling : {input, dir() / "." / "in.csv", dir() / "hard.csv", dir() / "soft.csv"}) {
      expect_input_error([&] { write_text_atomically(spelling, "destroyed"); }, {spelling.string(), "input"});
      expect_input_error([&] { check_output_path(spelling); }, {"input"});
    }
    write_text_atomically(dir() / "other.csv", "fine");  // anything else is written
  }
  EXPECT_EQ(read_all(input), "x,y\n1,2\n");
  write_text_atomically(input, "allowed once the guard is gone");
  EXPECT_EQ(read_all(input), "allowed once the guard is gone");
}

TEST_F(AtomicFileTest, TemporariesOfDeadProcessesAreRemovedThoseOfLiveOnesKept) {
  char host[65] = {};
  ASSERT_EQ(::gethostname(host, sizeof(host) - 1), 0);
  const pid_t dead = ::fork();  // a pid that surely no longer runs once reaped
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(dead, &status, 0), dead);
  const auto temp = [&](pid_t pid, const std::string& host_name) {
    const auto p = dir() / (".out.json.topae-abcdefghijkl." + std::to_string(pid) + "@" + host_name);
    std::ofstream(p) << "left by " << pid;
    return p;
  };
  const auto stale = temp(dead, host);
  const auto live = temp(::getppid(), host);
  const auto elsewhere = temp(dead, "another-machine");
  write_text_atomically(dir() / "out.json", "new");
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(elsewhere));
  EXPECT_EQ(read_all(dir() / "out.json"), "new");
}

TEST_F(AtomicFileTest, AnEmptyOrFolderPathIsRefused) {
  expect_input_error([&] { check_output_path(""); }, {"empty"});
  expect_input_error([&] { check_output_path(dir() / "sub" / ""); }, {"folder"});
}

}  // namespace
}  // namespace topae
