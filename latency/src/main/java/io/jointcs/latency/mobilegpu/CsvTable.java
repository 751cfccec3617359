package io.jointcs.latency.mobilegpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file (RFC 4180 quoting) read whole and checked: a header, then rows of exactly as many fields. A row with
 * another field count or an unterminated quote (a truncated file) is an error naming the file and line.
 */
record CsvTable(String source, List<String> header, List<Row> rows) {

  /** One data row and the line it starts on. */
  record Row(int line, List<String> fields) {}

  static CsvTable read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return parse(text, file.getFileName().toString());
  }

  static CsvTable parse(String text, String source) {
    List<Row> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int recordLine = 1;
    int quoteLine = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
        quoteLine = line;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        records.add(new Row(recordLine, List.copyOf(fields)));
        fields.clear();
        line++;
        recordLine = line;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(source + " line " + quoteLine + ": quoted field never closed (the file "
          + "is truncated or corrupt)");
    }
    if (!field.isEmpty() || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(new Row(recordLine, List.copyOf(fields)));
    }
    records.removeIf(r -> r.fields().size() == 1 && r.fields().get(0).isEmpty());
    if (records.isEmpty()) {
      throw new IllegalArgumentException(source + ": empty file, expected a header line");
    }
    List<String> header = records.get(0).fields();
    List<Row> rows = records.subList(1, records.size());
    for (Row r : rows) {
      if (r.fields().size() != header.size()) {
        throw new IllegalArgumentException(source + " line " + r.line() + ": expected " + header.size()
            + " fields as in the header, got " + r.fields().size() + " (the file is truncated or corrupt)");
      }
    }
    return new CsvTable(source, List.copyOf(header), List.copyOf(rows));
  }

  /** Index of {@code name} in the header; an error naming the file when absent. */
  int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(source + ": no column '" + name + "' in the header");
    }
    return i;
  }

  Map<String, Integer> columns() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      m.put(header.get(i), i);
    }
    return m;
  }
}
