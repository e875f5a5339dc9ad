#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"

namespace topae {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public test::TempDirTest {};

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

}  // namespace
}  // namespace topae
