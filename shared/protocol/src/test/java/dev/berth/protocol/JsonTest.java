package dev.berth.protocol;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JsonTest {

  private static Json json(String text) throws JsonProcessingException {
    return new Json((ObjectNode) JsonTrees.read(text), "");
  }

  private static EcsException serializationError(Executable call) {
    EcsException e = assertThrows(EcsException.class, call);
    assertEquals("SerializationException", e.code());
    assertEquals(400, e.status());
    return e;
  }

  @Test
  void absentAndNullMembersReadAsNull() throws Exception {
    Json j = json("{\"cluster\":null}");
    assertNull(j.string("cluster"));
    assertNull(j.integer("count"));
    assertNull(j.bool("force"));
    assertNull(j.object("overrides"));
    assertNull(j.strings("command"));
    assertNull(j.objects("tags"));
    assertFalse(j.has("cluster"));
  }

  @Test
  void membersOfTheRightTypeAreRead() throws Exception {
    Json j = json("{\"cluster\":\"prod\",\"count\":3,\"force\":true,\"command\":[\"a\",\"b\"]}");
    assertEquals("prod", j.string("cluster"));
    assertEquals(3, j.integer("count"));
    assertEquals(true, j.bool("force"));
    assertEquals(List.of("a", "b"), j.strings("command"));
    assertTrue(j.has("count"));
  }

  @Test
  void numberWhereStringExpectedIsSerializationException() throws Exception {
    Json j = json("{\"cluster\":5}");
    EcsException e = serializationError(() -> j.string("cluster"));
    assertTrue(e.getMessage().contains("cluster"), e.getMessage());
  }

  @Test
  void stringWhereIntegerExpectedIsSerializationException() throws Exception {
    Json j = json("{\"count\":\"3\"}");
    serializationError(() -> j.integer("count"));
  }

  @Test
  void fractionOrOutOfRangeIntegerIsSerializationException() throws Exception {
    Json j = json("{\"a\":1.5,\"b\":9999999999}");
    serializationError(() -> j.integer("a"));
    serializationError(() -> j.integer("b"));
  }

  @Test
  void stringWhereBooleanExpectedIsSerializationException() throws Exception {
    Json j = json("{\"force\":\"true\"}");
    serializationError(() -> j.bool("force"));
  }

  @Test
  void wrongContainerTypesAreSerializationExceptions() throws Exception {
    Json j = json("{\"overrides\":[],\"tags\":{},\"command\":\"ls\"}");
    serializationError(() -> j.object("overrides"));
    serializationError(() -> j.objects("tags"));
    serializationError(() -> j.strings("command"));
  }

  @Test
  void nestedObjectErrorsNameTheFullPath() throws Exception {
    Json overrides = json("{\"overrides\":{\"cpu\":1024}}").object("overrides");
    EcsException e = serializationError(() -> overrides.string("cpu"));
    assertTrue(e.getMessage().contains("overrides.cpu"), e.getMessage());
  }

  @Test
  void listElementErrorsNameTheIndex() throws Exception {
    Json j = json("{\"command\":[\"a\",7]}");
    EcsException e = serializationError(() -> j.strings("command"));
    assertTrue(e.getMessage().contains("command[1]"), e.getMessage());
  }

  @Test
  void objectsInListsCarryTheirPath() throws Exception {
    Json j = json("{\"containerDefinitions\":[{\"name\":\"a\"},{\"name\":false}]}");
    List<Json> containers = j.objects("containerDefinitions");
    assertEquals("a", containers.get(0).string("name"));
    EcsException e = serializationError(() -> containers.get(1).string("name"));
    assertTrue(e.getMessage().contains("containerDefinitions[1].name"), e.getMessage());
  }

  @Test
  void nonObjectInObjectListIsSerializationException() throws Exception {
    Json j = json("{\"tags\":[{\"key\":\"a\"},\"b\"]}");
    EcsException e = serializationError(() -> j.objects("tags"));
    assertTrue(e.getMessage().contains("tags[1]"), e.getMessage());
  }

  @Test
  void objectsWithMapperConvertsEachElement() throws Exception {
    Json j = json("{\"tags\":[{\"key\":\"a\"},{\"key\":\"b\"}]}");
    assertEquals(List.of("a", "b"), j.objects("tags", t -> t.string("key")));
  }

  @Test
  void stringLongerThanLimitIsInvalidParameter() throws Exception {
    Json j = json("{\"startedBy\":\"" + "x".repeat(37) + "\"}");
    EcsException e = assertThrows(EcsException.class, () -> j.string("startedBy", 36));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void stringAtLimitIsAccepted() throws Exception {
    Json j = json("{\"startedBy\":\"" + "x".repeat(36) + "\"}");
    assertEquals(36, j.string("startedBy", 36).length());
  }

  @Test
  void missingRequiredStringIsInvalidParameter() throws Exception {
    EcsException e = assertThrows(EcsException.class, () -> json("{}").requiredString("taskDefinition"));
    assertEquals("InvalidParameterException", e.code());
    assertTrue(e.getMessage().contains("taskDefinition"));
  }
}
