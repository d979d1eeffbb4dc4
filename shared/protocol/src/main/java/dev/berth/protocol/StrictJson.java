package dev.berth.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.JsonTrees;
import dev.berth.model.EcsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a request body the one way ECS clients write it: exactly one JSON object in valid UTF-8,
 * nothing after it, no member named twice, no lone UTF-16 surrogate hidden in a backslash-u escape,
 * and no more than {@link #MAX_BODY_BYTES}. Anything else is a SerializationException before any
 * part of the body is used.
 */
public final class StrictJson {
  /** The largest body served: a maximal task definition (64 KiB) with room for the JSON around it. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_BODY_BYTES).maxNumberLength(64).build())
      .build();

  private StrictJson() {}

  /** Parses a body's raw bytes; an empty body is an empty object, as ECS treats it. */
  public static ObjectNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return JsonTrees.object();
    }
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    return parseText(utf8(body));
  }

  /** Parses a body that arrived as text (an HTTP API event's unencoded body). */
  public static ObjectNode parse(String body) {
    if (body == null || body.isEmpty()) {
      return JsonTrees.object();
    }
    if (body.length() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    Unicode.requireWellFormed(body, "The request body");
    return parseText(body);
  }

  private static ObjectNode parseText(String text) {
    if (text.isBlank()) {
      return JsonTrees.object();
    }
    JsonNode node;
    try {
      node = JsonTrees.readStrictly(FACTORY, text);
    } catch (IOException | RuntimeException e) {
      throw EcsException.serialization("The request body is not one valid JSON value.");
    }
    if (node == null || !node.isObject()) {
      throw EcsException.serialization("The request body must be a JSON object.");
    }
    requireWellFormedStrings(node, "");
    return (ObjectNode) node;
  }

  /** Every member name and string value is valid Unicode: no lone surrogate from a backslash-u escape. */
  static void requireWellFormedStrings(JsonNode node, String path) {
    if (node.isTextual()) {
      Unicode.requireWellFormed(node.textValue(), path.isEmpty() ? "A string" : path);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireWellFormedStrings(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        Unicode.requireWellFormed(field.getKey(), "A member name");
        String where = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        requireWellFormedStrings(field.getValue(), Unicode.isWellFormed(where) ? where : "A member");
      }
    }
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw EcsException.serialization("The request body is not valid UTF-8.");
    }
  }

  private static EcsException tooLarge() {
    return new EcsException("SerializationException",
        "The request body is larger than " + MAX_BODY_BYTES + " bytes.", 413, List.of());
  }
}
