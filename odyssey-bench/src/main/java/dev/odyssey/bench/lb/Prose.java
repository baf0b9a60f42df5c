package dev.odyssey.bench.lb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's prose, kept in a markdown resource ({@code report.md}) rather than in string
 * literals, so that the wording can be read and edited as the text it is. The resource is cut into
 * sections by lines {@code <!-- section: NAME -->}; a section is every line after its marker up to
 * the next marker, copied as it is except for {@code ${name}} placeholders. Immutable.
 */
final class Prose {
  private static final Pattern MARKER = Pattern.compile("(?m)^<!-- section: ([a-z0-9-]+) -->\n");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9_]+)}");

  private final String resource;
  private final Map<String, String> sections;

  private Prose(String resource, Map<String, String> sections) {
    this.resource = resource;
    this.sections = sections;
  }

  /** Loads a resource next to this class. */
  static Prose load(String resource) throws IOException {
    try (InputStream in = Prose.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource " + resource + " is missing from the class path");
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static Prose parse(String resource, String text) {
    Map<String, String> sections = new LinkedHashMap<>();
    Matcher m = MARKER.matcher(text);
    String name = null;
    int start = 0;
    while (m.find()) {
      if (name != null) {
        sections.put(name, text.substring(start, m.start()));
      }
      name = m.group(1);
      if (sections.containsKey(name)) {
        throw new IllegalArgumentException(resource + ": section '" + name + "' appears twice");
      }
      start = m.end();
    }
    if (name != null) {
      sections.put(name, text.substring(start));
    }
    return new Prose(resource, sections);
  }

  /**
   * Section {@code name} with each {@code ${key}} replaced by {@code values.apply(key)}.
   *
   * @throws IllegalArgumentException naming the section and key if either is unknown
   */
  String section(String name, Function<String, String> values) {
    String text = sections.get(name);
    if (text == null) {
      throw new IllegalArgumentException(
          resource + ": no section '" + name + "', expected one of " + sections.keySet());
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 64);
    while (m.find()) {
      String value = values.apply(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            resource + ", section '" + name + "': no value for ${" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** A section without placeholders. */
  String section(String name) {
    return section(name, key -> null);
  }

  /** A section whose placeholders take the given values, {@code key, value, key, value...}. */
  String section(String name, String... keyValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return section(name, values::get);
  }
}
