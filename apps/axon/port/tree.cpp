#include "port/tree.h"

#include <axon/error.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <regex>

namespace axon::port {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReportNames[] = {"report.md", "report.json"};

// The whole file, or its first `limit` bytes.
std::string read_file(const fs::path& path, std::streamsize limit = -1) {
  std::ifstream in(path, std::ios::binary);
  AXON_CHECK(in, "port: cannot read '{}': {}", path.string(), std::strerror(errno));
  if (limit < 0) return {std::istreambuf_iterator<char>(in), {}};
  std::string head(static_cast<size_t>(limit), '\0');
  in.read(head.data(), limit);
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  AXON_CHECK(out, "port: cannot write '{}': {}", path.string(), std::strerror(errno));
}

bool is_previous_port(const fs::path& folder) {
  const fs::path report = folder / "report.json";
  if (!fs::is_regular_file(report)) return false;
  const auto j = nlohmann::json::parse(read_file(report), nullptr, false);
  return j.is_object() && j.contains("tool") && j["tool"] == "axon port";
}

// True when `inner` is `outer` or lies below it.
bool is_within(const fs::path& inner, const fs::path& outer) {
  const fs::path rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

// "apps/app/" -> "apps/app_mlu"; "." -> "/abs/path/cwd_mlu"
fs::path default_output(const fs::path& source, const std::string& to) {
  fs::path s = source.lexically_normal();
  if (!s.has_filename()) s = s.parent_path();
  if (s.empty() || s.filename() == "." || s.filename() == "..") s = fs::weakly_canonical(s);
  return s.string() + "_" + to;
}

void check_options(const PortOptions& o) {
  AXON_CHECK(o.from == "cuda", "port: --from: only cuda is supported, got '{}'", o.from);
  static const std::regex device_type("[a-z][a-z0-9_]*");
  AXON_CHECK(std::regex_match(o.to, device_type) && o.to != o.from,
             "port: --to: expected a device type other than {} (mlu, cpu), got '{}'", o.from, o.to);
}

void check_folders(const fs::path& source, const fs::path& output) {
  AXON_CHECK(fs::is_directory(source), "port: expected a source folder, got '{}' ({})",
             source.string(), fs::exists(source) ? "not a folder" : "no such file or folder");
  const fs::path src = fs::weakly_canonical(source), out = fs::weakly_canonical(output);
  AXON_CHECK(!is_within(out, src),
             "port: the output '{}' is inside the source folder '{}' (a port never writes into "
             "its source)",
             output.string(), source.string());
  AXON_CHECK(!is_within(src, out), "port: the source folder '{}' is inside the output '{}'",
             source.string(), output.string());
  if (!fs::exists(output)) return;
  AXON_CHECK(fs::is_directory(output), "port: the output '{}' exists and is not a folder",
             output.string());
  AXON_CHECK(fs::is_empty(output) || is_previous_port(output),
             "port: the output folder '{}' is not empty and is not a previous port (it has no "
             "report.json written by axon port): remove it or choose another with -o",
             output.string());
}

// Whether to leave out the report files at the source's root: yes for a
// previous port's; the user's own would be replaced by the port's report, so
// they are refused.
bool skip_source_reports(const fs::path& source) {
  if (is_previous_port(source)) return true;
  for (const char* name : kReportNames)
    AXON_CHECK(!fs::exists(source / name),
               "port: '{}' has a {} of its own at its root, which the port's report would "
               "replace: rename it first",
               source.string(), name);
  return false;
}

// A temporary folder next to the output, removed unless committed.
class Staging {
 public:
  Staging(const fs::path& output, const fs::path& source) {
    const fs::path target = fs::absolute(output);
    fs::create_directories(target.parent_path());
    std::string pattern =
        (target.parent_path() / fmt::format(".{}.partial-XXXXXX", target.filename().string()))
            .string();
    AXON_CHECK(mkdtemp(pattern.data()) != nullptr, "port: cannot create a folder next to '{}': {}",
               output.string(), std::strerror(errno));
    path_ = pattern;
    fs::permissions(path_, fs::status(source).permissions());
  }
  ~Staging() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  const fs::path& path() const { return path_; }

  // Puts the staged tree in the place of `output` (missing, empty or a previous port).
  void commit(const fs::path& output) {
    fs::remove_all(output);
    fs::rename(path_, output);
    path_.clear();
  }

 private:
  fs::path path_;
};

struct Walk {
  const PortOptions& options;
  fs::path staging;  // empty in a dry run
  bool skip_reports = false;
  Report report;
};

void port_file(Walk& w, const fs::path& path, const fs::path& rel) {
  ++w.report.files;
  const Language language =
      language_of(path, path.extension().empty() ? read_file(path, 256) : std::string());
  FilePort ported;
  if (language != Language::none) {
    ported = port_text(read_file(path), language, w.options.to);
    w.report.files_scanned += ported.scanned ? 1 : 0;
    for (const LineChange& c : ported.changes)
      w.report.changes.push_back({rel.generic_string(), c});
    for (const Finding& f : ported.review) w.report.review.push_back({rel.generic_string(), f});
  }
  const bool changed = !ported.changes.empty();
  w.report.files_changed += changed ? 1 : 0;
  if (w.staging.empty()) return;
  const fs::path target = w.staging / rel;
  if (!changed) {
    fs::copy_file(path, target);
    return;
  }
  write_file(target, ported.text);
  fs::permissions(target, fs::status(path).permissions());
}

void visit(Walk& w, const fs::directory_entry& entry) {
  const fs::path rel = entry.path().lexically_relative(w.options.source);
  const fs::file_status status = entry.symlink_status();
  if (fs::is_directory(status)) {
    if (!w.staging.empty()) fs::create_directory(w.staging / rel, entry.path());
  } else if (fs::is_symlink(status)) {
    ++w.report.files;
    if (!w.staging.empty()) fs::copy_symlink(entry.path(), w.staging / rel);
  } else if (!fs::is_regular_file(status)) {
    w.report.review.push_back({rel.generic_string(), {0, "special-file", "not copied"}});
  } else if (!(w.skip_reports && rel.parent_path().empty() &&
               std::find(std::begin(kReportNames), std::end(kReportNames), rel.string()) !=
                   std::end(kReportNames))) {
    port_file(w, entry.path(), rel);
  }
}

}  // namespace

Report port_tree(const PortOptions& options) {
  check_options(options);
  const fs::path output =
      options.output.empty() ? default_output(options.source, options.to) : options.output;
  check_folders(options.source, output);
  std::optional<Staging> staging;
  if (!options.dry_run) staging.emplace(output, options.source);
  Walk w{options, staging ? staging->path() : fs::path(), skip_source_reports(options.source), {}};
  w.report.from = options.from;
  w.report.to = options.to;
  w.report.source = options.source.string();
  w.report.output = output.string();
  w.report.dry_run = options.dry_run;

  std::vector<fs::directory_entry> entries{fs::recursive_directory_iterator(options.source), {}};
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& entry : entries) visit(w, entry);

  if (staging) {
    write_file(staging->path() / "report.md", report_markdown(w.report));
    write_file(staging->path() / "report.json", report_json(w.report).dump(2) + "\n");
    staging->commit(output);
  }
  return w.report;
}

}  // namespace axon::port
