package dev.berth.api;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.model.PortMapping;
import dev.berth.model.Tag;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDefinitionRequestTest {

  private static TaskDefinitionRequest parse(String json) throws Exception {
    return TaskDefinitionRequest.parse(new Json((ObjectNode) JsonTrees.read(json.replace('\'', '"')), ""));
  }

  /** A request with the given top-level members and containers; single quotes stand for double quotes. */
  private static String request(String members, String... containers) {
    return "{'family':'web'" + (members.isEmpty() ? "" : "," + members) + ",'containerDefinitions':["
        + String.join(",", containers) + "]}";
  }

  private static final String APP = "{'name':'app','image':'nginx','memory':128}";

  private static EcsException clientError(String json) {
    EcsException e = assertThrows(EcsException.class, () -> parse(json));
    assertEquals("ClientException", e.code(), e.getMessage());
    return e;
  }

  private static JsonNode firstContainer(TaskDefinitionRequest r) {
    return r.document().path("containerDefinitions").get(0);
  }

  @Test
  void minimalDefinitionIsAccepted() throws Exception {
    TaskDefinitionRequest r = parse(request("", APP));
    assertEquals("web", r.family());
    assertEquals(1, r.containers().size());
    assertEquals(128, r.containers().get(0).memory());
    assertNull(r.cpu());
    assertNull(r.memory());
  }

  @Test
  void missingFamilyIsRejected() {
    clientError("{'containerDefinitions':[" + APP + "]}");
  }

  @Test
  void badFamilyIsRejected() {
    clientError(request("", APP).replace("'web'", "'web app'"));
    clientError(request("", APP).replace("'web'", "'" + "w".repeat(256) + "'"));
  }

  @Test
  void missingOrEmptyContainerListIsRejected() {
    clientError("{'family':'web'}");
    clientError(request(""));
  }

  @Test
  void containerDefinitionsOfTheWrongTypeAreASerializationError() {
    EcsException e = assertThrows(EcsException.class, () -> parse("{'family':'web','containerDefinitions':{}}"));
    assertEquals("SerializationException", e.code());
  }

  @Test
  void duplicateContainerNamesAreRejected() {
    clientError(request("", APP, APP));
  }

  @Test
  void missingImageIsRejected() {
    clientError(request("", "{'name':'app','memory':128}"));
  }

  @Test
  void atLeastOneContainerMustBeEssential() {
    clientError(request("", "{'name':'app','image':'nginx','memory':128,'essential':false}"));
  }

  @Test
  void oneEssentialContainerIsEnough() throws Exception {
    TaskDefinitionRequest r = parse(request("", "{'name':'a','image':'nginx','memory':128,'essential':false}",
        "{'name':'b','image':'nginx','memory':128}"));
    assertFalse(r.containers().get(0).essential());
    assertTrue(r.containers().get(1).essential());
  }

  @Test
  void containerWithoutMemoryNeedsTaskMemory() throws Exception {
    clientError(request("", "{'name':'app','image':'nginx'}"));
    clientError(request("", "{'name':'app','image':'nginx','memory':0}"));
    assertEquals("512", parse(request("'memory':'512'", "{'name':'app','image':'nginx'}")).memory());
  }

  @Test
  void memoryReservationAloneIsEnough() throws Exception {
    TaskDefinitionRequest r = parse(request("", "{'name':'app','image':'nginx','memoryReservation':64}"));
    assertEquals(64, r.containers().get(0).memoryReservation());
  }

  @Test
  void memoryMustExceedMemoryReservation() throws Exception {
    clientError(request("", "{'name':'app','image':'nginx','memory':256,'memoryReservation':256}"));
    clientError(request("", "{'name':'app','image':'nginx','memory':128,'memoryReservation':256}"));
    parse(request("", "{'name':'app','image':'nginx','memory':257,'memoryReservation':256}"));
  }

  @Test
  void tinyContainerMemoryIsRejected() {
    clientError(request("", "{'name':'app','image':'nginx','memory':4}"));
  }

  @Test
  void taskCpuMustBeWithin128And10240() throws Exception {
    clientError(request("'cpu':'127'", APP));
    clientError(request("'cpu':'10241'", APP));
    assertEquals("128", parse(request("'cpu':'128'", APP)).cpu());
    assertEquals("10240", parse(request("'cpu':'10 vCPU'", APP)).cpu());
  }

  @Test
  void unitStringsAreNormalizedInTheDocument() throws Exception {
    TaskDefinitionRequest r = parse(request("'cpu':'1 vCPU','memory':'2GB'", APP));
    assertEquals("1024", r.cpu());
    assertEquals("2048", r.memory());
    assertEquals("1024", r.document().path("cpu").textValue());
    assertEquals("2048", r.document().path("memory").textValue());
  }

  @Test
  void containerSumsMustFitTheTaskValues() {
    clientError(request("'memory':'256'", "{'name':'a','image':'nginx','memory':200}",
        "{'name':'b','image':'nginx','memory':100}"));
    clientError(request("'cpu':'256'", "{'name':'a','image':'nginx','memory':200,'cpu':512}"));
  }

  @Test
  void unknownNetworkModeIsRejected() {
    clientError(request("'networkMode':'overlay'", APP));
  }

  @Test
  void noneNetworkModeRejectsPortMappings() {
    clientError(request("'networkMode':'none'",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80}]}"));
  }

  @Test
  void hostModeRejectsADifferentHostPort() {
    clientError(request("'networkMode':'host'",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80,'hostPort':8080}]}"));
  }

  @Test
  void hostModeFillsHostPortWithContainerPort() throws Exception {
    TaskDefinitionRequest r = parse(request("'networkMode':'host'",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80}]}"));
    assertEquals(80, firstContainer(r).path("portMappings").get(0).path("hostPort").asInt());
  }

  @Test
  void bridgeModeAllowsAnyHostPort() throws Exception {
    TaskDefinitionRequest r = parse(request("",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80,'hostPort':8080}]}"));
    assertEquals(new PortMapping(80, 8080, "tcp"), r.containers().get(0).portMappings().get(0));
  }

  @Test
  void badPortMappingsAreRejected() {
    clientError(request("", "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':0}]}"));
    clientError(request("", "{'name':'app','image':'nginx','memory':128,'portMappings':[{'hostPort':80}]}"));
    clientError(request("",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80,'hostPort':70000}]}"));
    clientError(request("",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80,'protocol':'sctp'}]}"));
  }

  @Test
  void distinctInstanceInATaskDefinitionIsRejected() {
    EcsException e = clientError(request("'placementConstraints':[{'type':'distinctInstance'}]", APP));
    assertTrue(e.getMessage().contains("'distinctInstance' is not supported"), e.getMessage());
  }

  @Test
  void memberOfConstraintIsKept() throws Exception {
    TaskDefinitionRequest r = parse(request(
        "'placementConstraints':[{'type':'memberOf','expression':'attribute:ecs.instance-type =~ t3.*'}]", APP));
    assertEquals("memberOf", r.placementConstraints().get(0).type());
    assertEquals("attribute:ecs.instance-type =~ t3.*", r.placementConstraints().get(0).expression());
  }

  @Test
  void memberOfWithoutExpressionIsRejected() {
    clientError(request("'placementConstraints':[{'type':'memberOf'}]", APP));
  }

  @Test
  void documentFillsInEcsDefaults() throws Exception {
    TaskDefinitionRequest r = parse(request("",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80}]}"));
    ObjectNode doc = r.document();
    assertEquals("bridge", r.networkMode());
    assertEquals("bridge", doc.path("networkMode").asText());
    JsonNode c = firstContainer(r);
    assertTrue(c.path("essential").asBoolean());
    assertEquals(0, c.path("cpu").asInt());
    assertTrue(c.path("cpu").isInt());
    assertEquals(0, c.path("portMappings").get(0).path("hostPort").asInt());
    assertEquals("tcp", c.path("portMappings").get(0).path("protocol").asText());
    assertTrue(c.path("environment").isArray());
    assertEquals("EC2", doc.path("compatibilities").get(0).asText());
    assertEquals(1, doc.path("compatibilities").size());
    assertTrue(doc.path("volumes").isArray());
    assertTrue(doc.path("placementConstraints").isArray());
  }

  @Test
  void documentKeepsFieldsBerthDoesNotScheduleOn() throws Exception {
    TaskDefinitionRequest r = parse(request("'taskRoleArn':'arn:aws:iam::123456789012:role/app'",
        "{'name':'app','image':'nginx','memory':128,'logConfiguration':{'logDriver':'awslogs'}}"));
    assertEquals("arn:aws:iam::123456789012:role/app", r.document().path("taskRoleArn").asText());
    assertEquals("awslogs", firstContainer(r).path("logConfiguration").path("logDriver").asText());
  }

  @Test
  void theStoredDocumentHoldsOnlyWhatEcsDefinesAndBerthSets() throws Exception {
    TaskDefinitionRequest r = parse(request("'inventedTop':{'a':1},'status':'INACTIVE','revision':99,"
            + "'taskDefinitionArn':'arn:made:up','registeredBy':'someone','compatibilities':['FARGATE'],"
            + "'requiresAttributes':[{'name':'made.up'}],'pidMode':'task','ipcMode':7",
        "{'name':'app','image':'nginx','memory':128,'inventedInContainer':'x','dockerLabels':{'k':'v','n':3},"
            + "'healthCheck':{'command':['CMD','true'],'interval':'30','extra':true}}"));
    ObjectNode doc = r.document();
    for (String absent : List.of("inventedTop", "status", "revision", "taskDefinitionArn", "registeredBy", "ipcMode")) {
      assertFalse(doc.has(absent), absent + " must not be kept: " + doc);
    }
    assertEquals("task", doc.path("pidMode").asText(), "a member ECS defines is kept");
    assertEquals("[\"EC2\"]", doc.path("compatibilities").toString(), "set by Berth, not by the client");
    assertEquals("[{\"name\":\"com.amazonaws.ecs.capability.container-health-check\"}]",
        doc.path("requiresAttributes").toString(), "derived, never taken from the request");
    JsonNode c = firstContainer(r);
    assertFalse(c.has("inventedInContainer"));
    assertEquals("{\"k\":\"v\"}", c.path("dockerLabels").toString(), "a map keeps only values of its type");
    assertEquals("{\"command\":[\"CMD\",\"true\"]}", c.path("healthCheck").toString(),
        "a nested structure keeps only its members, each of its type (interval was a string)");
  }

  @Test
  void aDefinitionOver64KiBIsRefused() throws Exception {
    String under = "{'name':'app','image':'nginx','memory':128,'environment':[{'name':'BIG','value':'"
        + "x".repeat(60_000) + "'}]}";
    assertTrue(TaskDefinitionRequest.MAX_SIZE - ShapeSize.of(parse(request("", under))) < 6_000);
    String over = under.replace("x".repeat(60_000), "x".repeat(66_000));
    EcsException e = clientError(request("", over));
    assertTrue(e.getMessage().contains("64 KiB"), e.getMessage());
    // the limit counts Berth's record, not the request: invented bulk does not count and is not kept
    TaskDefinitionRequest padded = parse(request("'junk':'" + "y".repeat(200_000) + "'", APP));
    assertTrue(ShapeSize.of(padded) < 1_000);
  }

  /** The size of the document Berth stores. */
  private static final class ShapeSize {
    static int of(TaskDefinitionRequest r) {
      return dev.berth.protocol.ShapeRecord.size(r.document());
    }
  }

  @Test
  void explicitNullMembersAreTreatedAsAbsent() throws Exception {
    TaskDefinitionRequest r = parse(request("'networkMode':null,'volumes':null",
        "{'name':'app','image':'nginx','memory':128,'cpu':null,'essential':null,'portMappings':null,"
            + "'environment':null}"));
    JsonNode c = firstContainer(r);
    assertEquals("bridge", r.document().path("networkMode").asText());
    assertTrue(r.document().path("volumes").isArray());
    assertTrue(c.path("essential").asBoolean());
    assertTrue(c.path("cpu").isInt());
    assertTrue(c.path("portMappings").isArray());
    assertTrue(c.path("environment").isArray());
  }

  @Test
  void explicitNullInAPortMappingIsTreatedAsAbsent() throws Exception {
    TaskDefinitionRequest r = parse(request("",
        "{'name':'app','image':'nginx','memory':128,'portMappings':[{'containerPort':80,'hostPort':null,"
            + "'protocol':null}]}"));
    JsonNode mapping = firstContainer(r).path("portMappings").get(0);
    assertEquals(0, mapping.path("hostPort").asInt(-1));
    assertEquals("tcp", mapping.path("protocol").asText());
  }

  @Test
  void tagsAreParsedAndLeftOutOfTheDocument() throws Exception {
    TaskDefinitionRequest r = parse(request("'tags':[{'key':'team','value':'blue'}]", APP));
    assertEquals(List.of(new Tag("team", "blue")), r.tags());
    assertFalse(r.document().has("tags"));
  }

  @Test
  void tagWithoutKeyIsInvalidParameter() {
    EcsException e = assertThrows(EcsException.class, () -> parse(request("'tags':[{'value':'blue'}]", APP)));
    assertEquals("InvalidParameterException", e.code());
  }
}
