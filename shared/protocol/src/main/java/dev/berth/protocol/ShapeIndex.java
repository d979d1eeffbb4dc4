package dev.berth.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service model's shapes, one per line, so that each can be parsed on its own when first used.
 * The format: a first line with the JSON object of operation names to input shape names, then one
 * line per shape in the byte order of the names, each its name, a tab, and its JSON (compact JSON has
 * no raw line breaks). Opening an index parses the first line only; a shape is found by a binary
 * search over the lines. {@link #write} makes one from a model in botocore's form, and a test holds
 * the committed index to the model it was made from.
 */
final class ShapeIndex {
  static final ShapeIndex EMPTY = new ShapeIndex(new byte[] {'\n'}, 0, Map.of());

  private final byte[] text;
  /** Where the shape lines start: just after the first line. */
  private final int shapes;
  private final Map<String, String> inputs;

  private ShapeIndex(byte[] text, int firstLineEnd, Map<String, String> inputs) {
    this.text = text;
    this.shapes = firstLineEnd + 1;
    this.inputs = inputs;
  }

  static ShapeIndex read(byte[] text) {
    int end = 0;
    while (end < text.length && text[end] != '\n') {
      end++;
    }
    if (end == text.length) {
      throw new IllegalStateException("a shape index needs its line of operations");
    }
    JsonNode operations;
    try {
      operations = JsonTrees.read(text, 0, end);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable shape index", e);
    }
    Map<String, String> inputs = new HashMap<>();
    operations.fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().asText()));
    return new ShapeIndex(text, end, Map.copyOf(inputs));
  }

  Map<String, String> inputs() {
    return inputs;
  }

  boolean has(String shape) {
    return line(shape) >= 0;
  }

  /** The shape's JSON, parsed now; null when the index has no such shape. */
  JsonNode shape(String name) {
    int start = line(name);
    if (start < 0) {
      return null;
    }
    int json = start + name.length() + 1;
    int end = json;
    while (end < text.length && text[end] != '\n') {
      end++;
    }
    try {
      return JsonTrees.read(text, json, end - json);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable shape " + name + " in the shape index", e);
    }
  }

  /** Where the line of shape {@code name} starts, or -1: a binary search over the sorted lines. */
  private int line(String name) {
    byte[] key = name.getBytes(StandardCharsets.UTF_8);
    int lo = shapes;
    int hi = text.length; // the lines that start in [lo, hi) are still candidates
    while (lo < hi) {
      int start = lineStart(lo + (hi - lo) / 2); // never before lo: lo starts a line
      int c = compare(key, start);
      if (c == 0) {
        return start;
      }
      if (c < 0) {
        hi = start;
      } else {
        lo = nextLine(start);
      }
    }
    return -1;
  }

  private int lineStart(int at) {
    int i = at;
    while (i > shapes && text[i - 1] != '\n') {
      i--;
    }
    return i;
  }

  private int nextLine(int start) {
    int i = start;
    while (i < text.length && text[i] != '\n') {
      i++;
    }
    return i + 1;
  }

  /** {@code key} against the name of the line at {@code start}, byte by byte (the name ends at the tab). */
  private int compare(byte[] key, int start) {
    for (int i = 0; ; i++) {
      int b = start + i < text.length ? text[start + i] & 0xff : '\t';
      int k = i < key.length ? key[i] & 0xff : '\t';
      if (b == '\t' && k == '\t') {
        return 0;
      }
      if (k == '\t') {
        return -1; // the key is a prefix of the name: it sorts first
      }
      if (b == '\t') {
        return 1;
      }
      if (k != b) {
        return k - b;
      }
    }
  }

  /** The index of a model in botocore's form: its operations' inputs, and its shapes sorted by name. */
  static byte[] write(JsonNode model) {
    Map<String, String> inputs = new LinkedHashMap<>();
    model.path("operations").fields().forEachRemaining(e -> {
      JsonNode input = e.getValue().path("input").path("shape");
      if (!input.isMissingNode()) {
        inputs.put(e.getKey(), input.asText());
      }
    });
    Map<String, JsonNode> sorted = new TreeMap<>(ShapeIndex::byteOrder);
    model.path("shapes").fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(JsonTrees.bytes(JsonTrees.value(inputs)));
    sorted.forEach((name, shape) -> {
      if (name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a shape name with a tab or line break: " + name);
      }
      out.write('\n');
      out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
      out.write('\t');
      out.writeBytes(JsonTrees.bytes(shape));
    });
    out.write('\n');
    return out.toByteArray();
  }

  private static int byteOrder(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
