package dev.berth.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** JsonTrees must read and write exactly what an ObjectMapper reads and writes for the same trees. */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {
      "{}", "[]", "null", "true", "false", "0", "-1", "2147483647", "2147483648", "-2147483649",
      "9223372036854775807", "9223372036854775808", "123456789012345678901234567890", "1.5", "-0.0", "1e3",
      "1E-7", "3.141592653589793238462643383279", "\"\"", "\"a\\u00e9\\n\\\"b\\\\\"", "\"\\ud83d\\ude00 ok\"",
      "{\"a\":1,\"b\":[1,2.5,\"x\",null,true,{\"c\":{}}],\"d\":{\"e\":[[]]}}",
      "  {\"spaced\" : [ 1 , 2 ] }  ", "{\"a\":1,\"a\":2}", "{\"z\":1,\"a\":2,\"m\":3}",
      "{\"taskDefinition\":{\"cpu\":\"256\",\"memory\":512,\"ratio\":0.25,\"big\":12345678901}}"})
  void readsAndWritesWhatAnObjectMapperDoes(String json) throws Exception {
    JsonNode expected = MAPPER.readTree(json);
    JsonNode read = JsonTrees.read(json);
    assertEquals(expected, read, json);
    assertEquals(expected.getNodeType(), read.getNodeType(), json);
    assertEquals(MAPPER.writeValueAsString(expected), JsonTrees.text(read), json);
    assertArrayEquals(MAPPER.writeValueAsBytes(expected), JsonTrees.bytes(read), json);
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    assertEquals(expected, JsonTrees.read(utf8), json);
    assertEquals(expected, JsonTrees.read(new ByteArrayInputStream(utf8)), json);
  }

  @Test
  void numbersKeepTheirNodeTypes() throws Exception {
    JsonNode read = JsonTrees.read("[1, 4294967296, 18446744073709551616, 0.5]");
    JsonNode expected = MAPPER.readTree("[1, 4294967296, 18446744073709551616, 0.5]");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).getClass(), read.get(i).getClass(), "element " + i);
    }
  }

  @Test
  void noValueIsAMissingNodeAndOnlyTheFirstValueIsRead() throws Exception {
    assertTrue(JsonTrees.read("").isMissingNode());
    assertTrue(JsonTrees.read("   ").isMissingNode());
    assertEquals(MAPPER.readTree(""), JsonTrees.read(""));
    assertEquals(MAPPER.readTree("{\"a\":1} {\"b\":2}"), JsonTrees.read("{\"a\":1} {\"b\":2}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\":}", "[1,]", "{'a':1}", "nul", "{\"a\":1]", "\"open"})
  void malformedInputIsRefused(String json) {
    assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(json), "the mapper refuses " + json);
    assertThrows(JsonProcessingException.class, () -> JsonTrees.read(json), json);
  }

  @Test
  void strictReadingRefusesDuplicatesAndTrailingContent() throws Exception {
    assertThrows(JsonProcessingException.class, () -> JsonTrees.readStrictly("{\"a\":1,\"a\":2}"));
    assertThrows(JsonProcessingException.class, () -> JsonTrees.readStrictly("{\"o\":{\"a\":1,\"a\":1}}"));
    assertThrows(JsonProcessingException.class, () -> JsonTrees.readStrictly("{\"a\":1} {}"));
    assertThrows(JsonProcessingException.class, () -> JsonTrees.readStrictly("{\"a\":1} x"));
    assertEquals(MAPPER.readTree("{\"a\":[1,{\"b\":2}]}"), JsonTrees.readStrictly(" {\"a\":[1,{\"b\":2}]} \n"));
    assertTrue(JsonTrees.readStrictly("").isMissingNode());
  }

  @Test
  void writesToAStreamLeftOpen() throws Exception {
    var out = new ByteArrayOutputStream() {
      boolean closed;

      @Override
      public void close() {
        closed = true;
      }
    };
    JsonTrees.write(JsonTrees.object().put("a", "b"), out);
    assertEquals("{\"a\":\"b\"}", out.toString(StandardCharsets.UTF_8));
    assertEquals(false, out.closed);
  }

  @Test
  void decimalsAndPlainValuesAreWrittenAsByTheMapper() throws Exception {
    var node = JsonTrees.object().put("at", BigDecimal.valueOf(1700000000123L, 3)).put("f", 1.25f);
    assertEquals(MAPPER.writeValueAsString(node), JsonTrees.text(node));

    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("s", "x");
    plain.put("i", 3);
    plain.put("l", 5_000_000_000L);
    plain.put("d", 0.5);
    plain.put("b", true);
    plain.put("n", null);
    plain.put("list", List.of(1, "two", Map.of("k", "v")));
    plain.put("array", new String[] {"p", "q"});
    plain.put("nested", Map.of("deep", List.of()));
    assertEquals(MAPPER.valueToTree(plain), JsonTrees.value(plain));
  }
}
