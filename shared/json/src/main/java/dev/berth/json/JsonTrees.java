package dev.berth.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Jackson's JSON trees ({@link JsonNode}) read and written with the streaming parser and generator
 * alone, without an {@code ObjectMapper}.
 *
 * <p>Why: an {@code ObjectMapper} costs a function's cold start about 700 classes (its serializer
 * and deserializer factories register every JDK type they know on construction), roughly a fifth of
 * what a function loads, and Berth only ever reads and writes trees. The trees read here are the
 * ones {@code ObjectMapper.readTree} builds (the same node classes, {@code int}, {@code long} and
 * big-integer nodes by size, doubles for fractions, the first value of the input, missing node for
 * no input), and what is written is what {@code writeValueAsString} writes for them.
 *
 * <p>Do not call {@code JsonNode.toString()} on a function's path: Jackson implements it with an
 * {@code ObjectMapper} of its own. Use {@link #text(JsonNode)}.
 */
public final class JsonTrees {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static JsonNodeFactory nodes() {
    return NODES;
  }

  /** The first JSON value of {@code json}; a missing node when there is none. */
  public static JsonNode read(String json) throws JsonProcessingException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return read(parser);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a string cannot fail to be read
    }
  }

  public static JsonNode read(byte[] json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return read(parser);
    }
  }

  /** The first JSON value of {@code length} bytes of {@code json} from {@code offset}. */
  public static JsonNode read(byte[] json, int offset, int length) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
      return read(parser);
    }
  }

  public static JsonNode read(InputStream json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return read(parser);
    }
  }

  /**
   * Exactly one JSON value, strictly: no member named twice, nothing but white space after it.
   * A missing node when there is no value at all.
   */
  public static JsonNode readStrictly(String json) throws JsonProcessingException {
    return readStrictly(FACTORY, json);
  }

  /** {@link #readStrictly(String)} with the limits of {@code factory}. */
  public static JsonNode readStrictly(JsonFactory factory, String json) throws JsonProcessingException {
    try (JsonParser parser = factory.createParser(json)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // the parser refuses a member named twice
      JsonNode node = read(parser);
      if (!node.isMissingNode() && parser.nextToken() != null) {
        throw new JsonParseException(parser, "Trailing content after the JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a string cannot fail to be read
    }
  }

  /** The first value of {@code parser}; a missing node when there is none. */
  private static JsonNode read(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    return token == null ? MissingNode.getInstance() : value(parser, token);
  }

  private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String name = p.currentName();
          object.set(name, value(p, p.nextToken())); // a repeated name: the last one, as readTree does
        }
        return object;
      }
      case START_ARRAY: {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          array.add(value(p, t));
        }
        return array;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(p, "Unexpected token " + token);
    }
  }

  /** {@code node} as compact JSON text. */
  public static String text(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(node, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory cannot fail
    }
    return out.toString();
  }

  /** {@code node} as compact JSON in UTF-8. */
  public static byte[] bytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(node, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory cannot fail
    }
    return out.toByteArray();
  }

  /** Writes {@code node} to {@code out} (left open) as compact JSON in UTF-8. */
  public static void write(JsonNode node, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(node, g);
    }
  }

  /** Writes {@code node} with {@code g}, as {@code ObjectMapper} writes a tree. */
  public static void write(JsonNode node, JsonGenerator g) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> member = it.next();
          g.writeFieldName(member.getKey());
          write(member.getValue(), g);
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode element : node) {
          write(element, g);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> g.writeNumber(node.intValue());
          case LONG -> g.writeNumber(node.longValue());
          case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
          case FLOAT -> g.writeNumber(node.floatValue());
          case DOUBLE -> g.writeNumber(node.doubleValue());
          default -> g.writeNumber(node.decimalValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL -> g.writeNull();
      case BINARY -> g.writeBinary(node.binaryValue());
      case MISSING -> {
        // as ObjectMapper writes a missing node at the top level: nothing
      }
      default -> throw new IllegalArgumentException("Berth writes no " + node.getNodeType() + " node");
    }
  }

  /**
   * A plain Java value as a tree: strings, numbers, booleans and null, maps (by their keys' text),
   * collections and arrays of those, and trees themselves; anything else as its text.
   */
  public static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return NODES.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Float f) {
      return NODES.numberNode(f);
    }
    if (value instanceof java.math.BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (value instanceof java.math.BigInteger i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), value(v)));
      return object;
    }
    if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(value(item)));
      return array;
    }
    if (value instanceof Object[] items) {
      ArrayNode array = NODES.arrayNode();
      for (Object item : items) {
        array.add(value(item));
      }
      return array;
    }
    return NODES.textNode(String.valueOf(value));
  }
}
