package io.jointcs.latency.mobilegpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the Python dict literals of the dataset's {@code feature} column, e.g.
 * {@code {'Input_shape': '224', 'Input_channel': 3}}: string keys, values that are quoted strings or numbers.
 * Values come back as the text they were written as; anything else is an error with its position.
 */
final class PythonDictLiteral {
  private final String text;
  private int pos;

  private PythonDictLiteral(String text) {
    this.text = text;
  }

  static Map<String, String> parse(String text) {
    return new PythonDictLiteral(text).dict();
  }

  private Map<String, String> dict() {
    Map<String, String> out = new LinkedHashMap<>();
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
      return end(out);
    }
    while (true) {
      skipSpace();
      String key = quoted();
      skipSpace();
      expect(':');
      skipSpace();
      String value = peek() == '\'' || peek() == '"' ? quoted() : bare();
      if (out.put(key, value) != null) {
        throw error("duplicate key '" + key + "'");
      }
      skipSpace();
      char c = next();
      if (c == '}') {
        return end(out);
      }
      if (c != ',') {
        throw error("expected ',' or '}' but found '" + c + "'");
      }
    }
  }

  private Map<String, String> end(Map<String, String> out) {
    skipSpace();
    if (pos != text.length()) {
      throw error("unexpected text after the closing '}'");
    }
    return out;
  }

  private String quoted() {
    char q = next();
    if (q != '\'' && q != '"') {
      throw error("expected a quoted string");
    }
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == q) {
        return b.toString();
      }
      if (c == '\\') {
        c = next();
      }
      b.append(c);
    }
  }

  /** A number, or None/True/False, up to the next ',' or '}'. */
  private String bare() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '}') {
      pos++;
    }
    String v = text.substring(start, pos).trim();
    if (v.isEmpty()) {
      throw error("missing value");
    }
    return v;
  }

  private void expect(char c) {
    char got = next();
    if (got != c) {
      throw error("expected '" + c + "' but found '" + got + "'");
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("malformed feature dict at character " + pos + ": " + what + " in: " + text);
  }
}
