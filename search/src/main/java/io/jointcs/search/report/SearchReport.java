package io.jointcs.search.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jointcs.json.Json;
import io.jointcs.search.SearchResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The results of several methods on one problem, as written to disk (JSON through the project's mapper).
 *
 * @param title what was compared, e.g. {@code resnet20 on pi4@wifi (analytic latency)}
 * @param results one per method
 */
public record SearchReport(String title, List<SearchResult> results) {

  public SearchReport {
    results = List.copyOf(results);
  }

  public SearchResult result(String method) {
    return results.stream().filter(r -> r.method().equals(method)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("report '" + title + "' has no method '" + method
            + "'; it has " + results.stream().map(SearchResult::method).toList()));
  }

  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("search report '" + title + "' could not be written as JSON", e);
    }
  }

  public static SearchReport fromJson(String json) {
    try {
      return Json.mapper().readValue(json, SearchReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a search report: " + e.getOriginalMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      Files.writeString(file, toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write search report to " + file, e);
    }
  }

  public static SearchReport read(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read search report " + file, e);
    }
  }
}
