package dev.berth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The committed shape index of ECS's model is exactly what {@link ShapeIndex#write} makes of the
 * botocore model it came from (kept with the tests), and every shape reads back unchanged.
 */
class ShapeIndexTest {
  private static final String BOTOCORE_MODEL = "ecs-2014-11-13.json.gz";

  private static JsonNode botocoreModel() throws Exception {
    try (InputStream in = new GZIPInputStream(ShapeIndexTest.class.getResourceAsStream(BOTOCORE_MODEL))) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void theCommittedIndexIsMadeFromTheBotocoreModel() throws Exception {
    byte[] expected = ShapeIndex.write(botocoreModel());
    byte[] committed = ServiceModel.resource(ServiceModel.ECS);
    if (!Arrays.equals(expected, committed)) {
      Path made = Path.of("target", ServiceModel.ECS);
      Files.write(made, expected);
      fail("src/main/resources/dev/berth/protocol/" + ServiceModel.ECS + " is not the index of " + BOTOCORE_MODEL
          + "; the index made from it is in " + made.toAbsolutePath() + ": copy it over the committed one");
    }
  }

  @Test
  void everyShapeAndOperationReadsBackUnchanged() throws Exception {
    JsonNode model = botocoreModel();
    ShapeIndex index = ShapeIndex.read(ShapeIndex.write(model));
    model.path("shapes").fields().forEachRemaining(e -> assertEquals(e.getValue(), index.shape(e.getKey()), e.getKey()));
    model.path("operations").fields().forEachRemaining(e ->
        assertEquals(e.getValue().path("input").path("shape").asText(null), index.inputs().get(e.getKey()), e.getKey()));
    for (String absent : new String[] {"NoSuchShape", "", "AAAA", "zzzz", "Cluster1", "Clust", "~"}) {
      assertNull(index.shape(absent), absent);
      assertFalse(index.has(absent), absent);
    }
  }

  @Test
  void theServiceModelServesEcsShapesAndBerthsOwn() {
    ServiceModel model = ServiceModel.get();
    ServiceModel.Shape describe = model.input("DescribeClusters");
    assertEquals("DescribeClustersRequest", describe.name());
    assertEquals("structure", describe.type());
    assertTrue(describe.members().containsKey("clusters"));
    assertTrue(model.operations().contains("RunTask"));
    assertTrue(model.operations().contains("Heartbeat"), "Berth's own operation");
    assertNotNull(model.input("Heartbeat"));
    // a shape is built once
    assertTrue(model.shape("DescribeClustersRequest") == model.shape("DescribeClustersRequest"));
    assertThrows(IllegalStateException.class, () -> model.shape("NoSuchShape"));
  }
}
