// CsvDataset: numeric CSV without quoting (a table of numbers needs none).
#include <axon/datasets.h>
#include <axon/error.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

namespace axon::data {

namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(" \t\r") - first + 1));
}

std::vector<std::string> split_fields(const std::string& line, char delimiter) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t end; (end = line.find(delimiter, start)) != std::string::npos; start = end + 1)
    fields.push_back(trim(std::string_view(line).substr(start, end - start)));
  fields.push_back(trim(std::string_view(line).substr(start)));
  return fields;
}

// Where a field came from, for the messages.
struct Place {
  const std::string& path;
  int64_t line;
};

double parse_number(const std::string& field, const Place& at, size_t column) {
  double value = 0.0;
  const char* end = field.data() + field.size();
  const auto [stop, error] = std::from_chars(field.data(), end, value);
  AXON_CHECK(error == std::errc() && stop == end && !field.empty(),
             "CsvDataset: '{}' line {}, column {}: expected a number, got '{}'", at.path, at.line,
             column + 1, field);
  return value;
}

// The label's column index in [0, columns).
size_t label_index(const CsvOptions& options, const std::vector<std::string>& header,
                   size_t columns, const std::string& path) {
  if (!options.label_name.empty()) {
    AXON_CHECK(options.header, "CsvDataset: '{}': label_name '{}' needs a header line", path,
               options.label_name);
    const auto found = std::find(header.begin(), header.end(), options.label_name);
    AXON_CHECK(found != header.end(), "CsvDataset: '{}': no column named '{}' (columns: {})", path,
               options.label_name, header);
    return static_cast<size_t>(found - header.begin());
  }
  const auto n = static_cast<int64_t>(columns);
  const int64_t index = options.label_column < 0 ? options.label_column + n : options.label_column;
  AXON_CHECK(index >= 0 && index < n,
             "CsvDataset: '{}': label_column {} is out of range for {} columns", path,
             options.label_column, n);
  return static_cast<size_t>(index);
}

// The table, row-major, as read.
struct Table {
  std::vector<std::string> header;
  std::vector<double> values;
  size_t columns = 0;
  std::vector<int64_t> lines;  // the file line of each row
};

Table read_table(const std::string& path, const CsvOptions& options) {
  std::ifstream in(path);
  AXON_CHECK(in.good(), "CsvDataset: cannot open '{}'", path);
  Table table;
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    if (trim(line).empty()) continue;
    std::vector<std::string> fields = split_fields(line, options.delimiter);
    if (table.columns == 0) table.columns = fields.size();
    AXON_CHECK(fields.size() == table.columns,
               "CsvDataset: '{}' line {}: expected {} columns, got {}", path, number, table.columns,
               fields.size());
    if (options.header && table.header.empty()) {
      table.header = std::move(fields);
      continue;
    }
    for (size_t c = 0; c < fields.size(); ++c)
      table.values.push_back(parse_number(fields[c], {path, number}, c));
    table.lines.push_back(number);
  }
  AXON_CHECK(!table.lines.empty(),
             "CsvDataset: '{}': expected at least one row of numbers, got none", path);
  AXON_CHECK(table.columns >= 2,
             "CsvDataset: '{}': expected a label and at least one feature column, got {} column",
             path, table.columns);
  return table;
}

// {x (N, columns - 1) f32, y (N) label_dtype}
TensorList load(const std::string& path, const CsvOptions& options) {
  AXON_CHECK(options.label_dtype == DType::i64 || options.label_dtype == DType::f32,
             "CsvDataset: label_dtype must be i64 (classes) or f32 (regression), got {}",
             dtype_name(options.label_dtype));
  const Table table = read_table(path, options);
  const size_t label = label_index(options, table.header, table.columns, path);
  const auto rows = static_cast<int64_t>(table.lines.size());
  std::vector<float> x;
  std::vector<double> y;
  for (size_t r = 0; r < table.lines.size(); ++r) {
    for (size_t c = 0; c < table.columns; ++c) {
      const double value = table.values[r * table.columns + c];
      if (c != label) x.push_back(static_cast<float>(value));
    }
    y.push_back(table.values[r * table.columns + label]);
    AXON_CHECK(options.label_dtype != DType::i64 || y.back() == std::floor(y.back()),
               "CsvDataset: '{}' line {}: label {} is not a class index (a whole number); use "
               "label_dtype f32 for regression targets",
               path, table.lines[r], y.back());
  }
  const auto features = static_cast<int64_t>(table.columns) - 1;
  return {from_vector(x, {rows, features}), from_vector(y, {rows}).to(options.label_dtype)};
}

}  // namespace

CsvDataset::CsvDataset(const std::string& path, const CsvOptions& options)
    : TensorDataset(load(path, options)) {}

}  // namespace axon::data
